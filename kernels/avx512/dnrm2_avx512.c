/* dnrm2_avx512.c - AVX-512 dnrm2: the Euclidean norm of double data.
 *
 * One pass computes both the plain sum of squares and max |x_i|, then
 * decides whether that sum can be trusted:
 *   - sum is NaN: some x_i is NaN (squares are >= 0, so NaN cannot come
 *     from Inf - Inf); return NaN;
 *   - max == 0: every element is zero; return 0;
 *   - 2^-511 <= max <= 2^486 (TSML and TBIG of dnrm2_ref.c): no square
 *     overflows and n * max^2 <= n * 2^972 cannot overflow for any n that
 *     fits in memory; squares that underflow are below 2^-1022 while the
 *     sum is at least max^2 >= 2^-1022, and each loses at most 2^-1075, so
 *     together they perturb the sum by at most n * 2^-1075, i.e. about
 *     n * eps relative to it - the same order as the rounding of the
 *     additions. Return sqrt(sum).
 *   - otherwise (Inf, or values big or tiny enough to overflow or
 *     underflow) call fastla_dnrm2_ref, the exact scaled algorithm. Only
 *     these rare inputs pay for a second pass.
 * So the common case costs one read of x with two cheap operations per
 * vector (FMA, and |x| folded into a max), and every guarantee of the
 * reference - no harmful overflow or underflow, NaN, Inf - is kept.
 *
 * 8 doubles per zmm vector. The main loop takes 4 vectors (32 doubles) per
 * iteration into 4 FMA accumulators and 4 max accumulators, independent
 * chains that hide the FMA and max latencies; leftover whole vectors go to
 * the first pair, the last 1..7 elements through a masked load (masked-off
 * lanes are zero: no effect on either). Accumulators are combined in a
 * fixed order.
 *
 * incx == 1 takes the fast path, and so does incx == -1 on the same
 * elements from the lowest address (the order of the terms changes the
 * result only by rounding); every other stride goes to the reference. */
#include <math.h>

#include "avx512_util.h"

double fastla_dnrm2_avx512(fastla_int n, const double *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_dnrm2_ref(n, x, incx);
  __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
  __m512d s2 = _mm512_setzero_pd(), s3 = _mm512_setzero_pd();
  __m512d m0 = _mm512_setzero_pd(), m1 = _mm512_setzero_pd();
  __m512d m2 = _mm512_setzero_pd(), m3 = _mm512_setzero_pd();
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m512d v0 = _mm512_loadu_pd(x + i), v1 = _mm512_loadu_pd(x + i + 8);
    __m512d v2 = _mm512_loadu_pd(x + i + 16), v3 = _mm512_loadu_pd(x + i + 24);
    s0 = _mm512_fmadd_pd(v0, v0, s0);
    s1 = _mm512_fmadd_pd(v1, v1, s1);
    s2 = _mm512_fmadd_pd(v2, v2, s2);
    s3 = _mm512_fmadd_pd(v3, v3, s3);
    m0 = _mm512_max_pd(m0, _mm512_abs_pd(v0));
    m1 = _mm512_max_pd(m1, _mm512_abs_pd(v1));
    m2 = _mm512_max_pd(m2, _mm512_abs_pd(v2));
    m3 = _mm512_max_pd(m3, _mm512_abs_pd(v3));
  }
  for (; i + 8 <= n; i += 8) {
    __m512d v = _mm512_loadu_pd(x + i);
    s0 = _mm512_fmadd_pd(v, v, s0);
    m0 = _mm512_max_pd(m0, _mm512_abs_pd(v));
  }
  if (i < n) {
    __m512d v = _mm512_maskz_loadu_pd(fastla_avx512_mask_pd(n - i), x + i);
    s1 = _mm512_fmadd_pd(v, v, s1);
    m1 = _mm512_max_pd(m1, _mm512_abs_pd(v));
  }
  double sum = fastla_avx512_hsum_pd(
      _mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
  if (isnan(sum))
    return sum;
  double max = fastla_avx512_hmax_pd(
      _mm512_max_pd(_mm512_max_pd(m0, m1), _mm512_max_pd(m2, m3)));
  if (max == 0)
    return 0;
  if (max >= 0x1p-511 && max <= 0x1p+486)
    return sqrt(sum);
  return fastla_dnrm2_ref(n, x, 1);
}
