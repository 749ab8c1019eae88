/* ref_table.c - the reference kernel table: every slot but the gemm
 * microkernels (the reference backend runs the whole reference gemm). */
#include "kernel_table.h"

#define REF_KERNELS(X)                                                         \
  X(saxpy, fastla_saxpy_ref)                                                   \
  X(daxpy, fastla_daxpy_ref)                                                   \
  X(sdot, fastla_sdot_ref)                                                     \
  X(ddot, fastla_ddot_ref)                                                     \
  X(snrm2, fastla_snrm2_ref)                                                   \
  X(dnrm2, fastla_dnrm2_ref)                                                   \
  X(sgemv_n, fastla_sgemv_n_ref)                                               \
  X(sgemv_t, fastla_sgemv_t_ref)                                               \
  X(dgemv_n, fastla_dgemv_n_ref)                                               \
  X(dgemv_t, fastla_dgemv_t_ref)                                               \
  X(sgemm, fastla_sgemm_ref)                                                   \
  X(dgemm, fastla_dgemm_ref)

const fastla_kernel_table fastla_ref_table = {REF_KERNELS(FASTLA_TABLE_ENTRY)};
const fastla_kernel_names fastla_ref_names = {REF_KERNELS(FASTLA_NAME_ENTRY)};
