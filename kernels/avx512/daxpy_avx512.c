/* daxpy_avx512.c - daxpy for the AVX-512 table: y += alpha * x.
 *
 * 256-bit vectors (ymm, 4 doubles) with AVX-512VL masked tails - measured
 * choice, see saxpy_avx512.c: on Zen 4 (AVX-512 on 256-bit datapaths) a
 * zmm gives no extra throughput and axpy is bound by loads and stores; the
 * zmm version measured 0.55-0.9x of the AVX2 kernel at n = 4096 in most
 * runs (up to 1.15x in one) and 0.87-0.95x at n = 2^24; the ymm loop
 * matches it in both.
 *
 * The main loop handles 4 vectors (16 doubles) per iteration: 8 unaligned
 * loads, 4 FMAs with alpha broadcast in one register, 4 unaligned stores;
 * the four updates are independent, so the unrolling only cuts loop
 * overhead and lets loads run ahead of stores. Leftover whole vectors go
 * one at a time and the last 1..3 elements through a masked load/FMA/masked
 * store, which neither reads past x[n-1] nor writes past y[n-1].
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
  const __m256d va = _mm256_set1_pd(alpha);
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256d y0 =
        _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i));
    __m256d y1 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 4),
                                 _mm256_loadu_pd(y + i + 4));
    __m256d y2 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 8),
                                 _mm256_loadu_pd(y + i + 8));
    __m256d y3 = _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i + 12),
                                 _mm256_loadu_pd(y + i + 12));
    _mm256_storeu_pd(y + i, y0);
    _mm256_storeu_pd(y + i + 4, y1);
    _mm256_storeu_pd(y + i + 8, y2);
    _mm256_storeu_pd(y + i + 12, y3);
  }
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(y + i, _mm256_fmadd_pd(va, _mm256_loadu_pd(x + i),
                                            _mm256_loadu_pd(y + i)));
  if (i < n) {
    __mmask8 m = fastla_avx512_mask_pd(n - i);
    __m256d v = _mm256_fmadd_pd(va, _mm256_maskz_loadu_pd(m, x + i),
                                _mm256_maskz_loadu_pd(m, y + i));
    _mm256_mask_storeu_pd(y + i, m, v);
  }
}
