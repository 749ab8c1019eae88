/* example_gemv.c - matrix-vector products with libfastla, and what a bad
 * argument looks like. */
#include <stdio.h>

#include <fastla.h>

int main(void) {
  /* A is 2 x 3, row-major. */
  double a[] = {1, 2, 3, 4, 5, 6};
  double x[] = {1, 1, 1};
  double y[2]; /* beta == 0: y is only written, never read */
  fastla_status st = fastla_dgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, 2, 3, 1.0,
                                  a, 3, x, 1, 0.0, y, 1);
  printf("A x = [%g %g]\n", y[0], y[1]); /* row sums: 6, 15 */

  /* A^T z: 3 results. */
  double z[] = {1, -1}, w[3] = {0};
  fastla_status st_t = fastla_dgemv(FASTLA_ROW_MAJOR, FASTLA_TRANS, 2, 3, 1.0,
                                    a, 3, z, 1, 0.0, w, 1);
  printf("A^T z = [%g %g %g]\n", w[0], w[1], w[2]); /* -3 -3 -3 */

  /* lda 2 is too small for rows of 3: rejected, y untouched. */
  fastla_status bad = fastla_dgemv(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, 2, 3, 1.0,
                                   a, 2, x, 1, 0.0, y, 1);
  printf("lda = 2: %s (argument '%s')\n", fastla_strerror(bad),
         fastla_status_argument(bad));

  return st == FASTLA_OK && st_t == FASTLA_OK && y[0] == 6 && y[1] == 15 &&
                 w[1] == -3 && bad == FASTLA_ERR_ARG_LDA
             ? 0
             : 1;
}
