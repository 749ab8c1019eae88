/* saxpy_avx512.c - AVX-512 saxpy: y += alpha * x.
 *
 * 16 floats per zmm vector. The main loop handles 4 vectors (64 floats) per
 * iteration: 8 unaligned loads, 4 FMAs with alpha broadcast in one register,
 * 4 unaligned stores; the four updates are independent, so the unrolling
 * only cuts loop overhead and lets loads run ahead of stores. Leftover whole
 * vectors go one at a time and the last 1..15 elements through a masked
 * load/FMA/masked store, which neither reads past x[n-1] nor writes past
 * y[n-1]. Loads and stores are unaligned: user pointers may sit one element
 * off any alignment.
 *
 * Unit strides take the fast path; incx == incy == -1 updates the same
 * pairs as the unit-stride call on the lowest addresses (each y element
 * once, so order does not matter) and takes it too. Every other stride,
 * including incy == 0 where the updates accumulate in order, goes to the
 * reference kernel. */
#include "avx512_util.h"

void fastla_saxpy_avx512(fastla_int n, float alpha, const float *x,
                         fastla_int incx, float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_saxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }
  const __m512 va = _mm512_set1_ps(alpha);
  fastla_int i = 0;
  for (; i + 64 <= n; i += 64) {
    __m512 y0 =
        _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i));
    __m512 y1 = _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + 16),
                                _mm512_loadu_ps(y + i + 16));
    __m512 y2 = _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + 32),
                                _mm512_loadu_ps(y + i + 32));
    __m512 y3 = _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i + 48),
                                _mm512_loadu_ps(y + i + 48));
    _mm512_storeu_ps(y + i, y0);
    _mm512_storeu_ps(y + i + 16, y1);
    _mm512_storeu_ps(y + i + 32, y2);
    _mm512_storeu_ps(y + i + 48, y3);
  }
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i),
                                            _mm512_loadu_ps(y + i)));
  if (i < n) {
    __mmask16 m = fastla_avx512_mask_ps(n - i);
    __m512 v = _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(m, x + i),
                               _mm512_maskz_loadu_ps(m, y + i));
    _mm512_mask_storeu_ps(y + i, m, v);
  }
}
