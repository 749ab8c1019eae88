/* dgemm_small.c - the direct (unpacked) path of dgemm: small products and
 * skinny m (rules in level3.h); the code is in gemm_small_body.h. */
#define GEMM_T double
#define GEMM_P d
#include "level3/gemm_small_body.h"
