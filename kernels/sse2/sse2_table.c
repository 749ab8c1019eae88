/* sse2_table.c - the SSE2 kernel table. Each kernel is listed once;
 * slots not listed (sgemm, dgemm) fall back to the reference kernels. */
#include "sse2_util.h"

/* clang-format off */
#define SSE2_KERNELS(X)                \
  X(saxpy,   fastla_saxpy_sse2)        \
  X(daxpy,   fastla_daxpy_sse2)        \
  X(sdot,    fastla_sdot_sse2)         \
  X(ddot,    fastla_ddot_sse2)         \
  X(snrm2,   fastla_snrm2_sse2)        \
  X(dnrm2,   fastla_dnrm2_sse2)        \
  X(sgemv_n, fastla_sgemv_n_sse2)      \
  X(sgemv_t, fastla_sgemv_t_sse2)      \
  X(dgemv_n, fastla_dgemv_n_sse2)      \
  X(dgemv_t, fastla_dgemv_t_sse2)
/* clang-format on */

const fastla_kernel_table fastla_sse2_table = {
    SSE2_KERNELS(FASTLA_TABLE_ENTRY)};
const fastla_kernel_names fastla_sse2_names = {SSE2_KERNELS(FASTLA_NAME_ENTRY)};
