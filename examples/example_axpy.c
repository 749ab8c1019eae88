/* example_axpy.c - y := alpha * x + y with libfastla, including a strided
 * and a reversed (negative increment) vector. */
#include <stdio.h>

#include <fastla.h>

int main(void) {
  double x[] = {1, 2, 3, 4};
  double y[] = {10, 20, 30, 40};
  fastla_daxpy(4, 2.0, x, 1, y, 1); /* y = {12, 24, 36, 48} */
  printf("y = [%g %g %g %g]\n", y[0], y[1], y[2], y[3]);

  /* Every other element of x, added to y in reverse: with a negative
   * increment the pointer still names the lowest address. */
  float xs[] = {1, -1, 2, -1, 3, -1};
  float ys[] = {0, 0, 0};
  fastla_saxpy(3, 1.0f, xs, 2, ys, -1); /* ys = {3, 2, 1} */
  printf("ys = [%g %g %g]\n", ys[0], ys[1], ys[2]);

  return y[3] == 48 && ys[0] == 3 && ys[2] == 1 ? 0 : 1;
}
