/* example_gemm.c - multiply two small matrices with libfastla and print the
 * configuration it ran with. */
#include <stdio.h>

#include <fastla.h>

int main(void) {
  /* Row-major 2 x 3 times 3 x 2. */
  double a[] = {1, 2, 3, 4, 5, 6};
  double b[] = {7, 8, 9, 10, 11, 12};
  double c[4] = {0};
  fastla_status st =
      fastla_dgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 2, 2, 3,
                   1.0, a, 3, b, 2, 0.0, c, 2);
  if (st != FASTLA_OK) {
    fprintf(stderr, "dgemm: %s\n", fastla_strerror(st));
    return 1;
  }
  printf("%s\n", fastla_config_string());
  printf("C = [%g %g; %g %g]\n", c[0], c[1], c[2], c[3]);
  return 0;
}
