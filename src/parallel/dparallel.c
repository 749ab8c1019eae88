/* dparallel.c - the openmp backend's double routines (fastla_ddot_par,
 * fastla_dgemm_par, ...): the double instance of parallel_body.h. */
#define PAR_T double
#define PAR_P d
#include "parallel/parallel_body.h"
