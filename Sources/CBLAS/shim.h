// OpenBLAS's CBLAS interface, plus its thread-count controls.
#include <cblas.h>

// A hint to the core that the caller is spinning on a flag (x86 `pause`, Arm `yield`), so a
// waiting thread neither floods the memory system nor makes a system call.
static inline void amulet_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}
