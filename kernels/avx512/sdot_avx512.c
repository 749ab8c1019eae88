/* sdot_avx512.c - AVX-512 sdot: sum of x[i] * y[i].
 *
 * 16 floats per zmm vector. The main loop takes 4 vectors (64 floats) per
 * iteration into 4 independent accumulators: an FMA has a latency of 4
 * cycles and the loop is bound by its 2 loads per FMA, so 4 chains keep the
 * loads busy. Leftover whole vectors go into the first accumulator and the
 * last 1..15 elements into the second through a masked load (masked-off
 * lanes are not read, so nothing past x[n-1] or y[n-1] is touched). The
 * accumulators are combined as (a0 + a1) + (a2 + a3) and reduced in a fixed
 * order, so the result is deterministic for given inputs.
 *
 * Unit strides take the fast path; incx == incy == -1 pairs the same
 * elements as the unit-stride call starting at the lowest addresses, so it
 * does too. Every other stride goes to the reference kernel. */
#include "avx512_util.h"

float fastla_sdot_avx512(fastla_int n, const float *x, fastla_int incx,
                         const float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    return fastla_sdot_ref(n, x, incx, y, incy);
  }
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
  fastla_int i = 0;
  for (; i + 64 <= n; i += 64) {
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 16),
                         _mm512_loadu_ps(y + i + 16), a1);
    a2 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 32),
                         _mm512_loadu_ps(y + i + 32), a2);
    a3 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 48),
                         _mm512_loadu_ps(y + i + 48), a3);
  }
  for (; i + 16 <= n; i += 16)
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
  if (i < n) {
    __mmask16 m = fastla_avx512_mask_ps(n - i);
    a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, x + i),
                         _mm512_maskz_loadu_ps(m, y + i), a1);
  }
  return fastla_avx512_hsum_ps(
      _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}
