/* daxpy_avx512.c - AVX-512 daxpy: y += alpha * x.
 *
 * 8 doubles per zmm vector. The main loop handles 4 vectors (32 doubles)
 * per iteration: 8 unaligned loads, 4 FMAs with alpha broadcast in one
 * register, 4 unaligned stores; the four updates are independent, so the
 * unrolling only cuts loop overhead and lets loads run ahead of stores.
 * Leftover whole vectors go one at a time and the last 1..7 elements
 * through a masked load/FMA/masked store, which neither reads past x[n-1]
 * nor writes past y[n-1]. Loads and stores are unaligned: user pointers may
 * sit one element off any alignment.
 *
 * Unit strides take the fast path; incx == incy == -1 updates the same
 * pairs as the unit-stride call on the lowest addresses (each y element
 * once, so order does not matter) and takes it too. Every other stride,
 * including incy == 0 where the updates accumulate in order, goes to the
 * reference kernel. */
#include "avx512_util.h"

void fastla_daxpy_avx512(fastla_int n, double alpha, const double *x,
                         fastla_int incx, double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_daxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }
  const __m512d va = _mm512_set1_pd(alpha);
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m512d y0 =
        _mm512_fmadd_pd(va, _mm512_loadu_pd(x + i), _mm512_loadu_pd(y + i));
    __m512d y1 = _mm512_fmadd_pd(va, _mm512_loadu_pd(x + i + 8),
                                 _mm512_loadu_pd(y + i + 8));
    __m512d y2 = _mm512_fmadd_pd(va, _mm512_loadu_pd(x + i + 16),
                                 _mm512_loadu_pd(y + i + 16));
    __m512d y3 = _mm512_fmadd_pd(va, _mm512_loadu_pd(x + i + 24),
                                 _mm512_loadu_pd(y + i + 24));
    _mm512_storeu_pd(y + i, y0);
    _mm512_storeu_pd(y + i + 8, y1);
    _mm512_storeu_pd(y + i + 16, y2);
    _mm512_storeu_pd(y + i + 24, y3);
  }
  for (; i + 8 <= n; i += 8)
    _mm512_storeu_pd(y + i, _mm512_fmadd_pd(va, _mm512_loadu_pd(x + i),
                                            _mm512_loadu_pd(y + i)));
  if (i < n) {
    __mmask8 m = fastla_avx512_mask_pd(n - i);
    __m512d v = _mm512_fmadd_pd(va, _mm512_maskz_loadu_pd(m, x + i),
                                _mm512_maskz_loadu_pd(m, y + i));
    _mm512_mask_storeu_pd(y + i, m, v);
  }
}
