/* sgemm_small.c - the direct (unpacked) path of sgemm: small products and
 * skinny m (rules in level3.h); the code is in gemm_small_body.h. */
#define GEMM_T float
#define GEMM_P s
#include "level3/gemm_small_body.h"
