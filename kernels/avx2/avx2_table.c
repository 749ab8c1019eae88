/* avx2_table.c - the AVX2 kernel table. Each kernel is listed once;
 * slots not listed fall back to the reference kernels. */
#include "kernel_table.h"

#define AVX2_KERNELS(X)

const fastla_kernel_table fastla_avx2_table = {
    AVX2_KERNELS(FASTLA_TABLE_ENTRY)};
const fastla_kernel_names fastla_avx2_names = {AVX2_KERNELS(FASTLA_NAME_ENTRY)};
