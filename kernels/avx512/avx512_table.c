/* avx512_table.c - the AVX512 kernel table. Each kernel is listed once;
 * slots not listed fall back to the reference kernels (sgemm and dgemm for
 * now). The gemm microkernels come with their blocking: mr x nr is their
 * register tile (dgemm 24 x 8: why in dgemm_ukr_avx512.c); kc, mc, nc are
 * 0 so that the driver derives them from the detected caches. */
#include "avx512_util.h"
#include "kernel_table.h"

fastla_saxpy_fn fastla_saxpy_avx512;
fastla_daxpy_fn fastla_daxpy_avx512;
fastla_sdot_fn fastla_sdot_avx512;
fastla_ddot_fn fastla_ddot_avx512;
fastla_snrm2_fn fastla_snrm2_avx512;
fastla_dnrm2_fn fastla_dnrm2_avx512;
fastla_sgemv_fn fastla_sgemv_n_avx512;
fastla_sgemv_fn fastla_sgemv_t_avx512;
fastla_dgemv_fn fastla_dgemv_n_avx512;
fastla_dgemv_fn fastla_dgemv_t_avx512;
fastla_sgemm_pack_fn fastla_sgemm_pack_t_avx512;
fastla_dgemm_pack_fn fastla_dgemm_pack_t_avx512;
fastla_sgemm_direct_fn fastla_sgemm_direct_avx512;
fastla_dgemm_direct_fn fastla_dgemm_direct_avx512;
fastla_sgemm_ukr_edge_fn fastla_sgemm_ukr_edge_avx512;
fastla_dgemm_ukr_edge_fn fastla_dgemm_ukr_edge_avx512;

/* clang-format off */
#define AVX512_KERNELS(X)                \
  X(saxpy,   fastla_saxpy_avx512)        \
  X(daxpy,   fastla_daxpy_avx512)        \
  X(sdot,    fastla_sdot_avx512)         \
  X(ddot,    fastla_ddot_avx512)         \
  X(snrm2,   fastla_snrm2_avx512)        \
  X(dnrm2,   fastla_dnrm2_avx512)        \
  X(sgemv_n, fastla_sgemv_n_avx512)      \
  X(sgemv_t, fastla_sgemv_t_avx512)      \
  X(dgemv_n, fastla_dgemv_n_avx512)      \
  X(dgemv_t, fastla_dgemv_t_avx512)      \
  X(sgemm_ukr, fastla_sgemm_ukr_avx512)  \
  X(dgemm_ukr, fastla_dgemm_ukr_avx512)  \
  X(sgemm_ukr_edge, fastla_sgemm_ukr_edge_avx512) \
  X(dgemm_ukr_edge, fastla_dgemm_ukr_edge_avx512) \
  X(sgemm_pack_t, fastla_sgemm_pack_t_avx512) \
  X(dgemm_pack_t, fastla_dgemm_pack_t_avx512) \
  X(sgemm_direct, fastla_sgemm_direct_avx512) \
  X(dgemm_direct, fastla_dgemm_direct_avx512)
/* clang-format on */

const fastla_kernel_table fastla_avx512_table = {
    AVX512_KERNELS(FASTLA_TABLE_ENTRY).sgemm_blocking = {32, 12, 0, 0, 0},
    .dgemm_blocking = {24, 8, 0, 0, 0}};
const fastla_kernel_names fastla_avx512_names = {
    AVX512_KERNELS(FASTLA_NAME_ENTRY)};
