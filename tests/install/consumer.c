/* consumer.c - a program built against an installed libfastla (through
 * find_package or pkg-config, shared or static): checks a small product
 * and that the header and library versions agree. */
#include <stdio.h>
#include <string.h>

#include <fastla.h>

int main(void) {
  double a[] = {1, 2, 3, 4, 5, 6}; /* 2 x 3, row-major */
  double b[] = {7, 8, 9, 10, 11, 12};
  double c[4] = {0};
  if (fastla_dgemm(FASTLA_ROW_MAJOR, FASTLA_NO_TRANS, FASTLA_NO_TRANS, 2, 2, 3,
                   1.0, a, 3, b, 2, 0.0, c, 2) != FASTLA_OK ||
      c[0] != 58 || c[1] != 64 || c[2] != 139 || c[3] != 154) {
    fprintf(stderr, "consumer: wrong product\n");
    return 1;
  }
  if (strcmp(fastla_version(), FASTLA_VERSION_STRING) != 0) {
    fprintf(stderr, "consumer: header %s, library %s\n", FASTLA_VERSION_STRING,
            fastla_version());
    return 1;
  }
  printf("consumer: ok (%s)\n", fastla_config_string());
  return 0;
}
