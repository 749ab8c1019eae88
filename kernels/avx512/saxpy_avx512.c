/* saxpy_avx512.c - saxpy for the AVX-512 table: y += alpha * x.
 *
 * 256-bit vectors (ymm, 8 floats) with AVX-512VL masked tails - measured
 * choice, not an oversight. On the development machine (Zen 4 under KVM:
 * AVX-512 is executed on 256-bit datapaths) a zmm buys no arithmetic or
 * load/store throughput, and axpy is bound by its 2 loads + 1 store per
 * vector, not by FMAs. The earlier zmm version of this same loop ran at
 * 0.55-0.8x of our AVX2 kernel at n = 4096 (L1) in most runs (one noisy
 * bench run showed the reverse) and 0.86-0.98x at n = 2^24. Checked causes: the
 * bench's buffers are 64-byte aligned, so every zmm access is one whole line
 * (no line splits); and it is not 4K aliasing - with y placed 0, 32, 64, ...,
 * 2048 bytes past x + n the zmm loop was slower than the ymm one at every
 * offset, the exact 4 KB alias (offset 0) being no worse than the others. What
 * remains is the zmm store itself (split into two 256-bit halves; the store
 * path, not the loads, saturates first). The ymm loop below matches the AVX2
 * kernel in L1 and DRAM and keeps the masked tail instead of a scalar loop.
 *
 * The main loop handles 4 vectors (32 floats) per iteration: 8 unaligned
 * loads, 4 FMAs with alpha broadcast in one register, 4 unaligned stores;
 * the four updates are independent, so the unrolling only cuts loop
 * overhead and lets loads run ahead of stores. Leftover whole vectors go
 * one at a time and the last 1..7 elements through a masked load/FMA/masked
 * store, which neither reads past x[n-1] nor writes past y[n-1]. Loads and
 * stores are unaligned: user pointers may sit one element off alignment.
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
  const __m256 va = _mm256_set1_ps(alpha);
  fastla_int i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256 y0 =
        _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i));
    __m256 y1 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 8),
                                _mm256_loadu_ps(y + i + 8));
    __m256 y2 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 16),
                                _mm256_loadu_ps(y + i + 16));
    __m256 y3 = _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i + 24),
                                _mm256_loadu_ps(y + i + 24));
    _mm256_storeu_ps(y + i, y0);
    _mm256_storeu_ps(y + i + 8, y1);
    _mm256_storeu_ps(y + i + 16, y2);
    _mm256_storeu_ps(y + i + 24, y3);
  }
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i),
                                            _mm256_loadu_ps(y + i)));
  if (i < n) {
    __mmask8 m = fastla_avx512_mask_pd(n - i);
    __m256 v = _mm256_fmadd_ps(va, _mm256_maskz_loadu_ps(m, x + i),
                               _mm256_maskz_loadu_ps(m, y + i));
    _mm256_mask_storeu_ps(y + i, m, v);
  }
}
