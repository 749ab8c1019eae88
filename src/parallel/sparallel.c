/* sparallel.c - the openmp backend's float routines (fastla_sdot_par,
 * fastla_sgemm_par, ...): the float instance of parallel_body.h. */
#define PAR_T float
#define PAR_P s
#include "parallel/parallel_body.h"
