/* example_dot.c - inner products with libfastla. */
#include <stdio.h>

#include <fastla.h>

int main(void) {
  double x[] = {1, 2, 3};
  double y[] = {4, 5, 6};
  double d = fastla_ddot(3, x, 1, y, 1); /* 1*4 + 2*5 + 3*6 = 32 */
  printf("x . y = %g\n", d);

  /* A column of a 3 x 3 row-major matrix is a vector with increment 3. */
  float m[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  float col = fastla_sdot(3, m + 1, 3, m + 1, 3); /* 2^2 + 5^2 + 8^2 = 93 */
  printf("|column 1|^2 = %g\n", col);

  return d == 32 && col == 93 ? 0 : 1;
}
