/* avx512_table.c - the AVX512 kernel table. Each kernel is listed once;
 * slots not listed fall back to the reference kernels. */
#include "kernel_table.h"

#define AVX512_KERNELS(X)

const fastla_kernel_table fastla_avx512_table = {
    AVX512_KERNELS(FASTLA_TABLE_ENTRY)};
const fastla_kernel_names fastla_avx512_names = {
    AVX512_KERNELS(FASTLA_NAME_ENTRY)};
