/* avx2_table.c - the AVX2 kernel table. Each kernel is listed once;
 * slots not listed fall back to the reference kernels. */
#include "avx2_util.h"
#include "kernel_table.h"

/* The pack kernels are declared here rather than in avx2_util.h. */
fastla_sgemm_pack_fn fastla_sgemm_pack_t_avx2;
fastla_dgemm_pack_fn fastla_dgemm_pack_t_avx2;
/* So are the direct (small-matrix) gemm kernels. */
fastla_sgemm_direct_fn fastla_sgemm_direct_avx2;
fastla_dgemm_direct_fn fastla_dgemm_direct_avx2;
fastla_sgemm_ukr_edge_fn fastla_sgemm_ukr_edge_avx2;
fastla_dgemm_ukr_edge_fn fastla_dgemm_ukr_edge_avx2;

/* clang-format off */
#define AVX2_KERNELS(X)               \
  X(saxpy,   fastla_saxpy_avx2)       \
  X(daxpy,   fastla_daxpy_avx2)       \
  X(sdot,    fastla_sdot_avx2)        \
  X(ddot,    fastla_ddot_avx2)        \
  X(snrm2,   fastla_snrm2_avx2)       \
  X(dnrm2,   fastla_dnrm2_avx2)       \
  X(sgemv_n, fastla_sgemv_n_avx2)     \
  X(sgemv_t, fastla_sgemv_t_avx2)     \
  X(dgemv_n, fastla_dgemv_n_avx2)     \
  X(dgemv_t, fastla_dgemv_t_avx2)     \
  X(sgemm_ukr, fastla_sgemm_ukr_avx2) \
  X(dgemm_ukr, fastla_dgemm_ukr_avx2) \
  X(sgemm_ukr_edge, fastla_sgemm_ukr_edge_avx2) \
  X(dgemm_ukr_edge, fastla_dgemm_ukr_edge_avx2) \
  X(sgemm_pack_t, fastla_sgemm_pack_t_avx2) \
  X(dgemm_pack_t, fastla_dgemm_pack_t_avx2) \
  X(sgemm_direct, fastla_sgemm_direct_avx2) \
  X(dgemm_direct, fastla_dgemm_direct_avx2)
/* clang-format on */

/* gemm blocking: mr x nr is fixed by each microkernel's register plan
 * (sgemm_ukr_avx2.c, dgemm_ukr_avx2.c); kc, mc, nc = 0 lets the driver
 * derive the cache blocks from the detected caches. */
const fastla_kernel_table fastla_avx2_table = {
    AVX2_KERNELS(FASTLA_TABLE_ENTRY).sgemm_blocking = {16, 6, 0, 0, 0},
    .dgemm_blocking = {8, 6, 0, 0, 0}};
const fastla_kernel_names fastla_avx2_names = {AVX2_KERNELS(FASTLA_NAME_ENTRY)};
