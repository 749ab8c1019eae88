/* daxpy_sse2.c - daxpy for SSE2: y += alpha * x.
 *
 * SSE2, 2 doubles per xmm register. The unit-stride loop handles 4 vectors
 * (8 doubles) per iteration: four independent load-mul-add-store chains
 * keep the load/store ports busy and use 8 registers plus alpha. SSE2 has
 * no FMA, so each element is a mul then an add, rounded exactly like the
 * reference's y + alpha * x. Loads and stores are unaligned (user pointers
 * may be offset by one element); the remainder runs one vector at a time
 * and then at most 1 scalar, so nothing outside x[0..n-1], y[0..n-1] is
 * touched.
 *
 * incx == incy == -1 pairs the same elements as the unit-stride call on the
 * lowest addresses, so it takes the fast path. Every other stride uses the
 * reference kernel; incy == 0 in particular must, because its updates
 * accumulate into one element in order. */
#include "kernel_table.h"
#include "sse2_util.h"

void fastla_daxpy_sse2(fastla_int n, double alpha, const double *x,
                       fastla_int incx, double *y, fastla_int incy) {
  if (incx == -1 && incy == -1) {
    x -= n - 1;
    y -= n - 1;
  } else if (incx != 1 || incy != 1) {
    fastla_daxpy_ref(n, alpha, x, incx, y, incy);
    return;
  }
  const __m128d va = _mm_set1_pd(alpha);
  fastla_int i = 0;
  for (; i + 8 <= n; i += 8) {
    __m128d y0 = _mm_loadu_pd(y + i), y1 = _mm_loadu_pd(y + i + 2);
    __m128d y2 = _mm_loadu_pd(y + i + 4), y3 = _mm_loadu_pd(y + i + 6);
    y0 = _mm_add_pd(y0, _mm_mul_pd(va, _mm_loadu_pd(x + i)));
    y1 = _mm_add_pd(y1, _mm_mul_pd(va, _mm_loadu_pd(x + i + 2)));
    y2 = _mm_add_pd(y2, _mm_mul_pd(va, _mm_loadu_pd(x + i + 4)));
    y3 = _mm_add_pd(y3, _mm_mul_pd(va, _mm_loadu_pd(x + i + 6)));
    _mm_storeu_pd(y + i, y0);
    _mm_storeu_pd(y + i + 2, y1);
    _mm_storeu_pd(y + i + 4, y2);
    _mm_storeu_pd(y + i + 6, y3);
  }
  for (; i + 2 <= n; i += 2) {
    __m128d y0 = _mm_loadu_pd(y + i);
    y0 = _mm_add_pd(y0, _mm_mul_pd(va, _mm_loadu_pd(x + i)));
    _mm_storeu_pd(y + i, y0);
  }
  for (; i < n; i++)
    y[i] += alpha * x[i];
}
