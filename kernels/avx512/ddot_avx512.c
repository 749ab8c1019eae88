/* ddot_avx512.c - AVX-512 ddot: sum of x[i] * y[i].
 *
 * 8 doubles per zmm vector. The main loop takes 4 vectors (32 doubles) per
 * iteration into 4 independent accumulators: an FMA has a latency of 4
 * cycles and the loop is bound by its 2 loads per FMA, so 4 chains keep the
 * loads busy. Leftover whole vectors go into the first accumulator and the
 * last 1..7 elements into the second through a masked load (masked-off
 * lanes are not read, so nothing past x[n-1] or y[n-1] is touched). The
 * accumulators are combined as (a0 + a1) + (a2 + a3) and reduced in a fixed
 * order, so the result is deterministic for given inputs.
 *
 * Unit strides take the fast path; incx == incy == -1 pairs the same
 * elements as the unit-stride call starting at the lowest addresses, so it
 * does too. Every other stride goes to the reference kernel. */
#include "avx512_util.h"

double fastla_ddot_avx512(fastla_int n, const double *x, fastla_int incx,
                          const double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_ddot_ref(n, x, incx, y, incy);
  }
  __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
  __m512d a2 = _mm512_setzero_pd(), a3 = _mm512_setzero_pd();
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i), _mm512_loadu_pd(y + i), a0);
    a1 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 8), _mm512_loadu_pd(y + i + 8),
                         a1);
    a2 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 16),
                         _mm512_loadu_pd(y + i + 16), a2);
    a3 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i + 24),
                         _mm512_loadu_pd(y + i + 24), a3);
  }
  for (; i + 8 <= n; i += 8)
    a0 = _mm512_fmadd_pd(_mm512_loadu_pd(x + i), _mm512_loadu_pd(y + i), a0);
  if (i < n) {
    __mmask8 m = fastla_avx512_mask_pd(n - i);
    a1 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, x + i),
                         _mm512_maskz_loadu_pd(m, y + i), a1);
  }
  return fastla_avx512_hsum_pd(
      _mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
}
