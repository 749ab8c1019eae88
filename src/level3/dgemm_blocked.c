/* dgemm_blocked.c - fastla_dgemm_blocked: the blocked dgemm driver,
 * the double instance of gemm_blocked_body.h (the algorithm is described
 * there). */
#define GEMM_T double
#define GEMM_P d
#include "level3/gemm_blocked_body.h"
