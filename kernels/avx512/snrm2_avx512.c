/* snrm2_avx512.c - AVX-512 snrm2: the Euclidean norm of float data.
 *
 * Exact path (exact_sum): each float is widened to double (vcvtps2pd,
 * ymm -> zmm, 8 per vector) and its square accumulated in double with 4 FMA
 * accumulators. That needs no scaling: the largest float squared is about
 * 1.2e77 and the smallest subnormal squared about 2e-90, far inside the
 * double range, and the product of two floats is exact in double, so only
 * the additions round, at double precision. NaN and Inf follow from IEEE
 * arithmetic: a NaN square makes the sum NaN, an Inf square makes it Inf
 * unless a NaN is present (nothing is subtracted, so no Inf - Inf).
 *
 * Fast path (measured deviation from the plain design): on Zen 4 the
 * widening conversion issues one zmm per 2 cycles, which held the exact path
 * to 0.55-0.68x of our own sdot at n = 4096 (target 0.8x). So blocks of 256
 * floats are squared in float instead - 4 float accumulators of 4 vectors
 * each (one multiply then 3 FMAs), added in pairs, so each lane holds 8
 * squares - and only those two partial vectors are widened (4 conversions
 * per 256 floats) and added to 4 double accumulators. That runs at about
 * 1.3x sdot in L1. The float partials carry a relative error of at most
 * about 8 float roundings whatever n is (they are summed in double), well
 * inside the reference's n * eps bound. The result of the fast path is
 * used when it is NaN (some x_i is NaN: return NaN) or lies in
 * [2^-80, DBL_MAX]: then no float square or partial overflowed (that gives
 * Inf) and any square or partial in the float subnormal range lost at most
 * 2^-150, at most 2^-70 relative to the sum each. Otherwise (Inf present,
 * |x_i| near or above 2^64, or a norm below 2^-40, zeros included) the
 * exact path recomputes the sum: a second pass only for those rare inputs.
 * The elements after the last full block (< 256) always take the exact
 * path, so lengths below 256 are computed exactly in double.
 *
 * The result is (float)sqrt(sum), which overflows to Inf only when the
 * true norm is beyond FLT_MAX. Accumulators are combined in a fixed order;
 * tails of 1..7 floats use a masked load (masked-off lanes are zero, not
 * read). incx == 1 takes the fast path, and so does incx == -1 on the same
 * elements from the lowest address (order changes the result only by
 * rounding); every other stride goes to the reference. */
#include <float.h>
#include <math.h>

#include "avx512_util.h"

static inline __m512d widen8(const float *p) {
  return _mm512_cvtps_pd(_mm256_loadu_ps(p));
}

/* Sum of x[i]^2, i < n, every square exact in double (n >= 0). */
static double exact_sum(fastla_int n, const float *x) {
  __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
  __m512d s2 = _mm512_setzero_pd(), s3 = _mm512_setzero_pd();
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m512d v0 = widen8(x + i), v1 = widen8(x + i + 8);
    __m512d v2 = widen8(x + i + 16), v3 = widen8(x + i + 24);
    s0 = _mm512_fmadd_pd(v0, v0, s0);
    s1 = _mm512_fmadd_pd(v1, v1, s1);
    s2 = _mm512_fmadd_pd(v2, v2, s2);
    s3 = _mm512_fmadd_pd(v3, v3, s3);
  }
  for (; i + 8 <= n; i += 8) {
    __m512d v = widen8(x + i);
    s0 = _mm512_fmadd_pd(v, v, s0);
  }
  if (i < n) {
    __m512d v = _mm512_cvtps_pd(
        _mm256_maskz_loadu_ps(fastla_avx512_mask_pd(n - i), x + i));
    s1 = _mm512_fmadd_pd(v, v, s1);
  }
  return fastla_avx512_hsum_pd(
      _mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)));
}

/* Sum of x[i]^2 with squares of full 256-float blocks formed in float. */
static double fast_sum(fastla_int n, const float *x) {
  __m512d d0 = _mm512_setzero_pd(), d1 = _mm512_setzero_pd();
  __m512d d2 = _mm512_setzero_pd(), d3 = _mm512_setzero_pd();
  fastla_int i = 0;
  for (; i + 256 <= n; i += 256) {
    const float *p = x + i;
    __m512 v0 = _mm512_loadu_ps(p), v1 = _mm512_loadu_ps(p + 16);
    __m512 v2 = _mm512_loadu_ps(p + 32), v3 = _mm512_loadu_ps(p + 48);
    __m512 f0 = _mm512_mul_ps(v0, v0), f1 = _mm512_mul_ps(v1, v1);
    __m512 f2 = _mm512_mul_ps(v2, v2), f3 = _mm512_mul_ps(v3, v3);
    for (int k = 64; k < 256; k += 64) {
      v0 = _mm512_loadu_ps(p + k);
      v1 = _mm512_loadu_ps(p + k + 16);
      v2 = _mm512_loadu_ps(p + k + 32);
      v3 = _mm512_loadu_ps(p + k + 48);
      f0 = _mm512_fmadd_ps(v0, v0, f0);
      f1 = _mm512_fmadd_ps(v1, v1, f1);
      f2 = _mm512_fmadd_ps(v2, v2, f2);
      f3 = _mm512_fmadd_ps(v3, v3, f3);
    }
    __m512 g0 = _mm512_add_ps(f0, f1), g1 = _mm512_add_ps(f2, f3);
    d0 = _mm512_add_pd(d0, _mm512_cvtps_pd(_mm512_castps512_ps256(g0)));
    d1 = _mm512_add_pd(d1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(g0, 1)));
    d2 = _mm512_add_pd(d2, _mm512_cvtps_pd(_mm512_castps512_ps256(g1)));
    d3 = _mm512_add_pd(d3, _mm512_cvtps_pd(_mm512_extractf32x8_ps(g1, 1)));
  }
  double sum = fastla_avx512_hsum_pd(
      _mm512_add_pd(_mm512_add_pd(d0, d1), _mm512_add_pd(d2, d3)));
  return i < n ? sum + exact_sum(n - i, x + i) : sum;
}

float fastla_snrm2_avx512(fastla_int n, const float *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_snrm2_ref(n, x, incx);
  double sum = fast_sum(n, x);
  if (!isnan(sum) && !(sum >= 0x1p-80 && sum <= DBL_MAX))
    sum = exact_sum(n, x);
  return (float)sqrt(sum);
}
