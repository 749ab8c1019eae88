/* consumer_cblas.c - a CBLAS program built against an installed
 * libfastla_cblas (find_package's fastla::cblas or pkg-config
 * fastla-cblas). */
#include <stdio.h>

#include <fastla/cblas.h>

int main(void) {
  double a[] = {1, 2, 3, 4, 5, 6}; /* 2 x 3, row-major */
  double b[] = {7, 8, 9, 10, 11, 12};
  double c[4] = {0};
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1.0, a, 3, b,
              2, 0.0, c, 2);
  double d = cblas_ddot(3, a, 1, b, 2); /* 1*7 + 2*9 + 3*11 */
  if (c[0] != 58 || c[1] != 64 || c[2] != 139 || c[3] != 154 || d != 58) {
    fprintf(stderr, "consumer_cblas: wrong results\n");
    return 1;
  }
  printf("consumer_cblas: ok\n");
  return 0;
}
