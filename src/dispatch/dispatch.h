/* dispatch.h - internal interface of the dispatcher: which kernel table the
 * API calls through. Selection happens once, on the first call into the
 * library, and may be changed later by the fastla_set_* calls. */
#ifndef FASTLA_DISPATCH_H
#define FASTLA_DISPATCH_H

#include "kernel_table.h"

/* Returns the kernel table of the active backend and ISA. Safe to call from
 * any thread at any time; the first call performs the selection. */
const fastla_kernel_table *fastla_kernels(void);

/* The thread count the openmp backend uses: fastla_set_num_threads, else
 * FASTLA_NUM_THREADS, else OMP_NUM_THREADS, else the cores this process
 * may run on. */
int fastla_thread_count(void);

/* The CPUID leaves and XCR0 read at initialisation (for the queries of
 * src/api/info.c). */
struct fastla_cpu_regs;
const struct fastla_cpu_regs *fastla_cpu_registers(void);

#endif
