// OpenBLAS's CBLAS interface, plus its thread-count controls.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <cblas.h>

// The CPUs this process may run on (the scheduler's affinity mask, which taskset, Slurm's
// task binding and cgroup cpusets set), or 0 when the mask cannot be read.
static inline int amulet_affinity_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

// A hint to the core that the caller is spinning on a flag (x86 `pause`, Arm `yield`), so a
// waiting thread neither floods the memory system nor makes a system call.
static inline void amulet_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}
