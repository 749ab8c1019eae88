/* dnrm2_ref.c - reference dnrm2: the Euclidean norm without overflow or
 * underflow, by Blue's three-accumulator scaling as in LAPACK 3.10.
 *
 * Each |x_i| falls in one of three ranges. Squares of mid-range values
 * neither overflow nor underflow and are summed as they are; big values are
 * scaled down by SBIG and tiny values up by SSML before squaring, so each
 * sum stays representable. At the end the sums are combined at the scale of
 * the largest range that holds anything.
 *
 * The thresholds are powers of two (exact scaling) derived from the double
 * format: minimum exponent -1021, maximum 1024, 53 digits.
 *   TSML = 2^ceil((-1021 - 1) / 2)      below this, x^2 may underflow
 *   TBIG = 2^floor((1024 - 53 + 1) / 2) above this, a sum of x^2 may overflow
 *   SSML = 2^-floor((-1021 - 53) / 2)   scales tiny values up
 *   SBIG = 2^-ceil((1024 + 53 - 1) / 2) scales big values down
 *
 * NaN compares false against both thresholds and so lands in the mid-range
 * sum, which poisons the result; Inf lands in the big sum and gives +Inf
 * unless a NaN is also present. */
#include <math.h>

#include "kernel_table.h"

#define TSML 0x1p-511
#define TBIG 0x1p+486
#define SSML 0x1p+537
#define SBIG 0x1p-538

double fastla_dnrm2_ref(fastla_int n, const double *x, fastla_int incx) {
  double asml = 0, amed = 0, abig = 0;
  int notbig = 1;
  for (fastla_int i = 0; i < n; i++) {
    double ax = fabs(x[i * incx]);
    if (ax > TBIG) {
      abig += (ax * SBIG) * (ax * SBIG);
      notbig = 0;
    } else if (ax < TSML) {
      if (notbig) /* negligible next to any big value */
        asml += (ax * SSML) * (ax * SSML);
    } else {
      amed += ax * ax;
    }
  }
  if (abig > 0) {
    /* Mid-range values may still matter at the big scale; NaN must pass. */
    if (amed > 0 || isnan(amed))
      abig += (amed * SBIG) * SBIG;
    return sqrt(abig) / SBIG;
  }
  if (asml > 0) {
    if (!(amed > 0 || isnan(amed)))
      return sqrt(asml) / SSML;
    /* Both ranges hold values: combine as max * sqrt(1 + (min/max)^2). */
    double ymed = sqrt(amed), ysml = sqrt(asml) / SSML;
    double ymax = ysml > ymed ? ysml : ymed;
    double ymin = ysml > ymed ? ymed : ysml;
    double r = ymin / ymax;
    return ymax * sqrt(1 + r * r);
  }
  return sqrt(amed);
}
