/* snrm2_ref.c - reference snrm2: the Euclidean norm without overflow or
 * underflow, by Blue's three-accumulator scaling as in LAPACK 3.10. The
 * algorithm is explained in dnrm2_ref.c; only the thresholds differ.
 *
 * Thresholds from the float format: minimum exponent -125, maximum 128,
 * 24 digits.
 *   TSML = 2^ceil((-125 - 1) / 2)      = 2^-63
 *   TBIG = 2^floor((128 - 24 + 1) / 2) = 2^52
 *   SSML = 2^-floor((-125 - 24) / 2)   = 2^75
 *   SBIG = 2^-ceil((128 + 24 - 1) / 2) = 2^-76 */
#include <math.h>

#include "kernel_table.h"

#define TSML 0x1p-63f
#define TBIG 0x1p+52f
#define SSML 0x1p+75f
#define SBIG 0x1p-76f

float fastla_snrm2_ref(fastla_int n, const float *x, fastla_int incx) {
  float asml = 0, amed = 0, abig = 0;
  int notbig = 1;
  for (fastla_int i = 0; i < n; i++) {
    float ax = fabsf(x[i * incx]);
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
    if (amed > 0 || isnan(amed))
      abig += (amed * SBIG) * SBIG;
    return sqrtf(abig) / SBIG;
  }
  if (asml > 0) {
    if (!(amed > 0 || isnan(amed)))
      return sqrtf(asml) / SSML;
    float ymed = sqrtf(amed), ysml = sqrtf(asml) / SSML;
    float ymax = ysml > ymed ? ysml : ymed;
    float ymin = ysml > ymed ? ymed : ysml;
    float r = ymin / ymax;
    return ymax * sqrtf(1 + r * r);
  }
  return sqrtf(amed);
}
