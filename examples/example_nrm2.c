/* example_nrm2.c - Euclidean norms with libfastla, safe from overflow. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include <fastla.h>

int main(void) {
  double x[] = {3, 4};
  double n = fastla_dnrm2(2, x, 1); /* 5 */
  printf("|(3, 4)| = %g\n", n);

  /* Squaring these would overflow; the norm itself is representable. */
  double big[] = {DBL_MAX / 2, DBL_MAX / 2};
  double nb = fastla_dnrm2(2, big, 1);
  printf("|(DBL_MAX/2, DBL_MAX/2)| = %g\n", nb);

  return n == 5 && isfinite(nb) && fabs(nb / (DBL_MAX / sqrt(2.0)) - 1) < 1e-15
             ? 0
             : 1;
}
