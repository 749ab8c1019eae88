/* sse2_table.c - the SSE2 kernel table. Each kernel is listed once;
 * slots not listed fall back to the reference kernels. */
#include "kernel_table.h"

#define SSE2_KERNELS(X)

const fastla_kernel_table fastla_sse2_table = {
    SSE2_KERNELS(FASTLA_TABLE_ENTRY)};
const fastla_kernel_names fastla_sse2_names = {SSE2_KERNELS(FASTLA_NAME_ENTRY)};
