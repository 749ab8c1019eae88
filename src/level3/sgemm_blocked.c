/* sgemm_blocked.c - fastla_sgemm_blocked: the blocked sgemm driver,
 * the float instance of gemm_blocked_body.h (the algorithm is described
 * there). */
#define GEMM_T float
#define GEMM_P s
#include "level3/gemm_blocked_body.h"
