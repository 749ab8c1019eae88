/* sdot_avx512.c - sdot for the AVX-512 table: sum of x[i] * y[i].
 *
 * 256-bit vectors (ymm, 8 floats) with an AVX-512VL masked tail: on Zen 4
 * AVX-512 runs on 256-bit datapaths, so a zmm FMA or load is two ymm
 * operations and buys no throughput, and dot is bound by its 2 loads per
 * FMA. Measured: the zmm version ran at 0.74-0.88x of the AVX2 kernel with
 * x and y from DRAM (n = 2^24) and within the noise of it in L1; the ymm
 * loop below matches the AVX2 one in DRAM.
 *
 * The main loop takes 8 vectors (64 floats) per iteration into 4
 * independent accumulators, two FMAs each. dot issues 2 loads per FMA, so
 * the loads, not the FMA chains, are the limit; at n = 4096 (in L1) this
 * measured 1-3% faster than 8 accumulators (49.2-49.6 GFLOP/s, level with
 * OpenBLAS, against 47.5-49.3). Leftover whole vectors go
 * into the first accumulator and the last 1..7 elements into the second
 * through a masked load (masked-off lanes are not read, so nothing past
 * x[n-1] or y[n-1] is touched). The accumulators are combined pairwise in
 * a fixed order and reduced in a fixed order, so the result is
 * deterministic for given inputs.
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
  __m256 a[4];
  for (int k = 0; k < 4; k++)
    a[k] = _mm256_setzero_ps();
  fastla_int i = 0;
  for (; i + 64 <= n; i += 64)
    for (int k = 0; k < 8; k++)
      a[k & 3] = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8 * k),
                                 _mm256_loadu_ps(y + i + 8 * k), a[k & 3]);
  for (; i + 8 <= n; i += 8)
    a[0] =
        _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), a[0]);
  if (i < n) {
    __mmask8 m = fastla_avx512_mask_pd(n - i);
    a[1] = _mm256_fmadd_ps(_mm256_maskz_loadu_ps(m, x + i),
                           _mm256_maskz_loadu_ps(m, y + i), a[1]);
  }
  return fastla_avx512_hsum256_ps(
      _mm256_add_ps(_mm256_add_ps(a[0], a[1]), _mm256_add_ps(a[2], a[3])));
}
