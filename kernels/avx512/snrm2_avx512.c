/* snrm2_avx512.c - snrm2 for the AVX-512 table: the Euclidean norm of float
 * data.
 *
 * Vector width (measured): 256-bit vectors (ymm) with AVX-512VL masked
 * tails. On Zen 4 AVX-512 runs on 256-bit datapaths, so a zmm buys no
 * throughput; the earlier zmm version of this same algorithm read DRAM
 * (n = 2^24) at only 0.54-0.74x of the AVX2 kernel's speed (7-9 vs 10-14
 * GFLOP/s), while the ymm version reads about as fast as AVX2 (0.94-1.0x).
 * In L1 (n = 4096) the ymm version is 6-15% behind the zmm one but still
 * about 2x the AVX2 kernel and above 0.8x our sdot, so ymm is used for all
 * lengths rather than switching on n.
 *
 * Exact path (exact_sum): each float is widened to double (vcvtps2pd,
 * xmm -> ymm, 4 per vector) and its square accumulated in double with 4 FMA
 * accumulators. That needs no scaling: the largest float squared is about
 * 1.2e77 and the smallest subnormal squared about 2e-90, far inside the
 * double range, and the product of two floats is exact in double, so only
 * the additions round, at double precision. NaN and Inf follow from IEEE
 * arithmetic: a NaN square makes the sum NaN, an Inf square makes it Inf
 * unless a NaN is present (nothing is subtracted, so no Inf - Inf).
 *
 * Fast path (measured deviation from the plain design): the widening
 * conversion costs as much as the FMA, which held the exact path to
 * 0.55-0.68x of our own sdot at n = 4096 (target 0.8x). So blocks of 256
 * floats are squared in float instead - 8 float accumulators of 4 vectors
 * each (one multiply then 3 FMAs), added in pairs, so each lane holds 8
 * squares - and only those four partial vectors are widened (8 conversions
 * per 256 floats) and added to 4 double accumulators. That runs at about
 * 2x the AVX2 kernel in L1. The float partials carry a relative error of at
 * most about 8 float roundings whatever n is (they are summed in double),
 * well inside the reference's n * eps bound. The result of the fast path is
 * used when it is NaN (some x_i is NaN: return NaN) or lies in
 * [2^-80, 2^126]: then no float square or partial overflowed (that gives
 * Inf, or FLT_MAX when the caller rounds toward zero or downward, which is
 * why the bound is below FLT_MAX) and any square or partial in the float
 * subnormal range lost at most
 * 2^-150, at most 2^-70 relative to the sum each. Otherwise (Inf present,
 * |x_i| near or above 2^64, or a norm below 2^-40, zeros included) the
 * exact path recomputes the sum: a second pass only for those rare inputs.
 * The elements after the last full block (< 256) always take the exact
 * path, so lengths below 256 are computed exactly in double.
 *
 * The result is (float)sqrt(sum), which overflows to Inf only when the
 * true norm is beyond FLT_MAX. Accumulators are combined in a fixed order;
 * tails of 1..3 floats use a masked load (masked-off lanes are zero, not
 * read). incx == 1 takes the fast path, and so does incx == -1 on the same
 * elements from the lowest address (order changes the result only by
 * rounding); every other stride goes to the reference. */
#include <float.h>
#include <math.h>

#include "avx512_util.h"

/* Sum of x[i]^2, i < n, every square exact in double (n >= 0). */
static double exact_sum(fastla_int n, const float *x) {
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
  __m256d s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d v0 = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    __m256d v1 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4));
    __m256d v2 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 8));
    __m256d v3 = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 12));
    s0 = _mm256_fmadd_pd(v0, v0, s0);
    s1 = _mm256_fmadd_pd(v1, v1, s1);
    s2 = _mm256_fmadd_pd(v2, v2, s2);
    s3 = _mm256_fmadd_pd(v3, v3, s3);
  }
  for (; i + 4 <= n; i += 4) {
    __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    s0 = _mm256_fmadd_pd(v, v, s0);
  }
  if (i < n) {
    __m256d v = _mm256_cvtps_pd(
        _mm_maskz_loadu_ps(fastla_avx512_mask_pd(n - i), x + i));
    s1 = _mm256_fmadd_pd(v, v, s1);
  }
  return fastla_avx512_hsum256_pd(
      _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
}

/* acc + the float lanes of f widened to double, low half then high half. */
static inline __m256d add_widened(__m256d acc, __m256 f) {
  acc = _mm256_add_pd(acc, _mm256_cvtps_pd(_mm256_castps256_ps128(f)));
  return _mm256_add_pd(acc, _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1)));
}

/* Sum of x[i]^2 with squares of full 256-float blocks formed in float. */
static double fast_sum(fastla_int n, const float *x) {
  __m256d d0 = _mm256_setzero_pd(), d1 = _mm256_setzero_pd();
  __m256d d2 = _mm256_setzero_pd(), d3 = _mm256_setzero_pd();
  fastla_int i = 0;
  for (; i + 256 <= n; i += 256) {
    const float *p = x + i;
    __m256 f[8];
    for (int k = 0; k < 8; k++) {
      __m256 v = _mm256_loadu_ps(p + 8 * k);
      f[k] = _mm256_mul_ps(v, v);
    }
    for (int b = 64; b < 256; b += 64)
      for (int k = 0; k < 8; k++) {
        __m256 v = _mm256_loadu_ps(p + b + 8 * k);
        f[k] = _mm256_fmadd_ps(v, v, f[k]);
      }
    d0 = add_widened(d0, _mm256_add_ps(f[0], f[1]));
    d1 = add_widened(d1, _mm256_add_ps(f[2], f[3]));
    d2 = add_widened(d2, _mm256_add_ps(f[4], f[5]));
    d3 = add_widened(d3, _mm256_add_ps(f[6], f[7]));
  }
  double sum = fastla_avx512_hsum256_pd(
      _mm256_add_pd(_mm256_add_pd(d0, d1), _mm256_add_pd(d2, d3)));
  return i < n ? sum + exact_sum(n - i, x + i) : sum;
}

float fastla_snrm2_avx512(fastla_int n, const float *x, fastla_int incx) {
  if (incx == -1)
    x -= n - 1;
  else if (incx != 1)
    return fastla_snrm2_ref(n, x, incx);
  double sum = fast_sum(n, x);
  if (!isnan(sum) && !(sum >= 0x1p-80 && sum <= 0x1p126))
    sum = exact_sum(n, x);
  return (float)sqrt(sum);
}
