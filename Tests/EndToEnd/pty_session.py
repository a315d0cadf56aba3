#!/usr/bin/env python3
"""Drives the real `amulet` binary in a pseudo-terminal, as a user would, and prints a JSON
report of what the screen showed. Used by the Swift end-to-end test and by the benchmark.

usage: pty_session.py BINARY session|history|attack|first-prompt
"""
import json, os, pty, select, sys, tempfile, time

def spawn(binary, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    return pid, fd

def read_until(fd, needle, timeout, screen):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if needle in screen[0]:
            return True
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536).decode("utf-8", "replace")
            except OSError:
                return needle in screen[0]
            screen[0] += chunk
    return needle in screen[0]

def main():
    binary, mode = sys.argv[1], sys.argv[2]
    home = tempfile.mkdtemp()
    env = dict(os.environ, HOME=home, TERM="xterm", AMULET_CACHE=os.path.join(home, "cache"))
    screen = [""]
    start = time.time()
    pid, fd = spawn(binary, env)
    report = {}
    report["first_prompt"] = read_until(fd, "[1]>", 20, screen)
    report["first_prompt_ms"] = (time.time() - start) * 1000
    if mode == "session":
        # Only "synth" is typed; tab completes it (libedit redraws, so check the result below).
        os.write(fd, b"load synth\t")
        time.sleep(0.3)
        os.write(fd, b"rows=20000 features=20\r")
        report["loaded"] = read_until(fd, "[2]>", 30, screen)
        # Many short epochs: progress appears at once, and the cell would run for minutes.
        os.write(fd, b"train mlp hidden=[64] epochs=10000\r")
        report["progress_seen"] = read_until(fd, "training mlp-64", 60, screen)
        # Ctrl-C until the cell reports its cancellation (a ^C typed while the line editor
        # still owns the terminal is only a character, so one may not be enough).
        cancelled = False
        for _ in range(30):
            os.write(fd, b"\x03")
            if read_until(fd, "cancelled", 2, screen):
                cancelled = True
                break
        report["cancelled"] = cancelled
        report["prompt_after_cancel"] = read_until(fd, "[3]>", 10, screen)
        mark = len(screen[0])
        os.write(fd, b"show scenario\r")
        read_until(fd, "[4]>", 10, screen)
        report["scenario_after_cancel"] = screen[0][mark:]
        os.write(fd, b"\x04")
    elif mode == "history":
        # Value completion: "mar" + tab completes the format to "markdown ".
        os.write(fd, b"set format=mar\t")
        time.sleep(0.3)
        os.write(fd, b"\r")
        report["value_completed"] = read_until(fd, "set format=markdown", 10, screen)
        read_until(fd, "[2]>", 10, screen)
        # A cell over two lines is one history entry.
        os.write(fd, b"let n = [1,\r")
        report["continued"] = read_until(fd, "\u2026>", 10, screen)
        os.write(fd, b"2]\r")
        report["block_ran"] = read_until(fd, "[3]>", 10, screen)
        os.write(fd, b"reset\r")
        read_until(fd, "[4]>", 10, screen)
        # Ctrl-P twice: past "reset" to the two-line cell, recalled whole; Return reruns it.
        os.write(fd, b"\x10")
        time.sleep(0.2)
        os.write(fd, b"\x10")
        time.sleep(0.2)
        os.write(fd, b"\r")
        report["recalled_ran"] = read_until(fd, "[5]>", 10, screen)
        os.write(fd, b"set timer=on\r")
        read_until(fd, "[6]>", 10, screen)
        mark = len(screen[0])
        os.write(fd, b"show $n\r")
        read_until(fd, "[7]>", 10, screen)
        report["value_after_recall"] = screen[0][mark:]
        os.write(fd, b"\x04")
    elif mode == "attack":
        # A long attack cell after a trained model: one Ctrl-C must stop it within about a
        # second, give the prompt back with the session intact, and Ctrl-D must then exit.
        os.write(fd, b"load synthetic rows=400\r")
        report["loaded"] = read_until(fd, "[2]>", 30, screen)
        os.write(fd, b"train mlp epochs=2\r")
        report["trained"] = read_until(fd, "[3]>", 60, screen)
        os.write(fd, b"attack evasion restarts=100 steps=1000\r")
        # Long enough for libedit to hand the terminal back (isig on) and the attack to start.
        read_until(fd, "[4]>", 1.5, screen)
        report["running_before_ctrl_c"] = "[4]>" not in screen[0]
        sent = time.time()
        os.write(fd, b"\x03")
        report["cancelled"] = read_until(fd, "cancelled", 10, screen)
        report["prompt_after_cancel"] = read_until(fd, "[4]>", 10, screen)
        report["seconds_to_prompt"] = time.time() - sent
        mark = len(screen[0])
        os.write(fd, b"show scenario\r")
        read_until(fd, "[5]>", 10, screen)
        report["scenario_after_cancel"] = screen[0][mark:]
        os.write(fd, b"\x04")
    else:
        os.write(fd, b"\x04")
    deadline = time.time() + 20
    status = None
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        read_until(fd, "\0", 0.1, screen)
    else:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        report["killed"] = True
    report["exit_status"] = os.waitstatus_to_exitcode(status)
    report["screen"] = screen[0]
    print(json.dumps(report))

main()
