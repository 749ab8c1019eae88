/* saxpy_sse2.c - saxpy for SSE2: y += alpha * x.
 *
 * SSE2, 4 floats per xmm register. The unit-stride loop handles 4 vectors
 * (16 floats) per iteration: four independent load-mul-add-store chains
 * keep the load/store ports busy and use 8 registers plus alpha. SSE2 has
 * no FMA, so each element is a mul then an add, rounded exactly like the
 * reference's y + alpha * x. Loads and stores are unaligned (user pointers
 * may be offset by one element); the remainder runs one vector at a time
 * and then at most 3 scalars, so nothing outside x[0..n-1], y[0..n-1] is
 * touched.
 *
 * incx == incy == -1 pairs the same elements as the unit-stride call on the
 * lowest addresses, so it takes the fast path. Every other stride uses the
 * reference kernel; incy == 0 in particular must, because its updates
 * accumulate into one element in order. */
#include "kernel_table.h"
#include "sse2_util.h"

void fastla_saxpy_sse2(fastla_int n, float alpha, const float *x,
                       fastla_int incx, float *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_saxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }
  const __m128 va = _mm_set1_ps(alpha);
  fastla_int i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128 y0 = _mm_loadu_ps(y + i), y1 = _mm_loadu_ps(y + i + 4);
    __m128 y2 = _mm_loadu_ps(y + i + 8), y3 = _mm_loadu_ps(y + i + 12);
    y0 = _mm_add_ps(y0, _mm_mul_ps(va, _mm_loadu_ps(x + i)));
    y1 = _mm_add_ps(y1, _mm_mul_ps(va, _mm_loadu_ps(x + i + 4)));
    y2 = _mm_add_ps(y2, _mm_mul_ps(va, _mm_loadu_ps(x + i + 8)));
    y3 = _mm_add_ps(y3, _mm_mul_ps(va, _mm_loadu_ps(x + i + 12)));
    _mm_storeu_ps(y + i, y0);
    _mm_storeu_ps(y + i + 4, y1);
    _mm_storeu_ps(y + i + 8, y2);
    _mm_storeu_ps(y + i + 12, y3);
  }
  for (; i + 4 <= n; i += 4) {
    __m128 y0 = _mm_loadu_ps(y + i);
    y0 = _mm_add_ps(y0, _mm_mul_ps(va, _mm_loadu_ps(x + i)));
    _mm_storeu_ps(y + i, y0);
  }
  for (; i < n; i++)
    y[i] += alpha * x[i];
}
