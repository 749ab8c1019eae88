/* sse2_table.c - the SSE2 kernel table. Each kernel is listed once;
 * slots not listed (sgemm, dgemm) fall back to the reference kernels. The
 * gemm microkernels come with their register blocking MR x NR; the cache
 * blocks (kc, mc, nc) are 0, derived from the detected caches by the driver. */
#include "sse2_util.h"

/* The pack kernels are declared here rather than in sse2_util.h. */
fastla_sgemm_pack_fn fastla_sgemm_pack_t_sse2;
fastla_dgemm_pack_fn fastla_dgemm_pack_t_sse2;

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
  X(dgemv_t, fastla_dgemv_t_sse2)      \
  X(sgemm_ukr, fastla_sgemm_ukr_sse2)  \
  X(dgemm_ukr, fastla_dgemm_ukr_sse2)  \
  X(sgemm_pack_t, fastla_sgemm_pack_t_sse2) \
  X(dgemm_pack_t, fastla_dgemm_pack_t_sse2)
/* clang-format on */

const fastla_kernel_table fastla_sse2_table = {
    /* MR x NR as in the microkernels' register plans. */
    SSE2_KERNELS(FASTLA_TABLE_ENTRY).sgemm_blocking = {8, 4, 0, 0, 0},
    .dgemm_blocking = {4, 4, 0, 0, 0}};
const fastla_kernel_names fastla_sse2_names = {SSE2_KERNELS(FASTLA_NAME_ENTRY)};
