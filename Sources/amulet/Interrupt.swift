import AmuletLearn
import Glibc

/// The one process-wide value: the token Ctrl-C cancels (sqlite's `seenInterrupt`).
///
/// A signal handler cannot capture context, so this is a global `let` of a thread-safe token.
/// Code below the REPL never reads it: the host passes it down.
let interruptToken = CancellationToken()

/// Installs a SIGINT handler that cancels `interruptToken` instead of killing the process.
///
/// No `SA_RESTART`: a blocking read at the prompt returns, and the REPL clears the line.
func installInterruptHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in interruptToken.cancel() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A blocked signal mask survives exec: a parent that blocks SIGINT (a test harness, some
    // job runners) would otherwise leave Ctrl-C with no effect on a running cell.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}
