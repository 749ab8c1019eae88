/*
 * fastla.h - the native API of libfastla, a BLAS-style kernel library.
 *
 * Sizes and increments are 64-bit signed (fastla_int). Argument order and
 * the layout/transpose enum values follow CBLAS, so CBLAS enums convert
 * freely. gemv and gemm return a fastla_status that names a bad argument;
 * fastla_strerror turns any status into a sentence.
 *
 * Vectors follow the reference BLAS convention: the pointer is the lowest
 * address of the vector's storage. With a negative increment the elements
 * are visited from the highest address downwards; with a zero increment the
 * same element is used n times.
 *
 * Every routine may be called from any number of threads at once.
 */
#ifndef FASTLA_H
#define FASTLA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FASTLA_BUILDING_LIBRARY) && defined(__GNUC__)
#define FASTLA_API __attribute__((visibility("default")))
#else
#define FASTLA_API
#endif

/** Compile-time version of the header: 0.1.0. */
#define FASTLA_VERSION_MAJOR  0
#define FASTLA_VERSION_MINOR  1
#define FASTLA_VERSION_PATCH  0
#define FASTLA_VERSION_STRING "0.1.0"
/** The version as one number, major * 10000 + minor * 100 + patch. */
#define FASTLA_VERSION                                                         \
  (FASTLA_VERSION_MAJOR * 10000 + FASTLA_VERSION_MINOR * 100 +                 \
   FASTLA_VERSION_PATCH)

/** Sizes, leading dimensions and increments: 64-bit signed, no 2^31 limit. */
typedef int64_t fastla_int;

/** Storage order of a matrix; the values are CBLAS's CblasRowMajor/ColMajor. */
typedef enum fastla_layout {
  FASTLA_ROW_MAJOR = 101,
  FASTLA_COL_MAJOR = 102
} fastla_layout;

/** Operation applied to a matrix operand; the values are CBLAS's. For real
 * data FASTLA_CONJ_TRANS means the same as FASTLA_TRANS. */
typedef enum fastla_transpose {
  FASTLA_NO_TRANS = 111,
  FASTLA_TRANS = 112,
  FASTLA_CONJ_TRANS = 113
} fastla_transpose;

/** Result of a call. FASTLA_OK is zero. Each FASTLA_ERR_ARG_* value names
 * the argument that was rejected (the output is then left untouched); the
 * others describe configuration requests that could not be honoured. */
typedef enum fastla_status {
  FASTLA_OK = 0,
  FASTLA_ERR_ARG_LAYOUT = 1, /**< layout is not ROW_MAJOR or COL_MAJOR */
  FASTLA_ERR_ARG_TRANS,      /**< gemv: trans is not a fastla_transpose */
  FASTLA_ERR_ARG_TRANSA,     /**< gemm: transa is not a fastla_transpose */
  FASTLA_ERR_ARG_TRANSB,     /**< gemm: transb is not a fastla_transpose */
  FASTLA_ERR_ARG_M,          /**< m < 0 */
  FASTLA_ERR_ARG_N,          /**< n < 0 */
  FASTLA_ERR_ARG_K,          /**< k < 0 */
  FASTLA_ERR_ARG_LDA,        /**< lda smaller than the rows it must span */
  FASTLA_ERR_ARG_LDB,        /**< ldb smaller than the rows it must span */
  FASTLA_ERR_ARG_LDC,        /**< ldc smaller than the rows it must span */
  FASTLA_ERR_ARG_INCX,       /**< incx == 0 where it is not allowed */
  FASTLA_ERR_ARG_INCY,       /**< incy == 0 where it is not allowed */
  FASTLA_ERR_ARG_A,          /**< a is NULL but must be read */
  FASTLA_ERR_ARG_B,          /**< b is NULL but must be read */
  FASTLA_ERR_ARG_C,          /**< c is NULL but must be written */
  FASTLA_ERR_ARG_X,          /**< x is NULL but must be read */
  FASTLA_ERR_ARG_Y,          /**< y is NULL but must be written */
  FASTLA_ERR_INVALID_VALUE,  /**< a configuration value out of range */
  FASTLA_ERR_UNAVAILABLE,    /**< backend or ISA not built or not runnable */
  FASTLA_ERR_NO_MEMORY       /**< an internal allocation failed */
} fastla_status;

/** Computation backend. FASTLA_BACKEND_AUTO asks the library to choose. */
typedef enum fastla_backend {
  FASTLA_BACKEND_AUTO = 0,
  FASTLA_BACKEND_REFERENCE = 1, /**< portable C loops, the specification */
  FASTLA_BACKEND_SIMD = 2,      /**< intrinsic kernels for the chosen ISA */
  FASTLA_BACKEND_OPENMP = 3     /**< SIMD kernels driven by OpenMP threads */
} fastla_backend;

/** Instruction-set level of the SIMD kernels, in increasing order.
 * FASTLA_ISA_AUTO asks for the best one the CPU and OS can run. */
typedef enum fastla_isa {
  FASTLA_ISA_AUTO = 0,
  FASTLA_ISA_SCALAR = 1,
  FASTLA_ISA_SSE2 = 2,
  FASTLA_ISA_AVX2 = 3,  /**< AVX2 + FMA */
  FASTLA_ISA_AVX512 = 4 /**< AVX-512 F, VL, DQ, BW */
} fastla_isa;

/* ------------------------------------------------------------------------ */
/* Level 1                                                                   */
/* ------------------------------------------------------------------------ */

/** y := alpha * x + y over n elements with increments incx and incy (either
 * may be negative or zero). Returns at once when n <= 0 or alpha == 0 (then
 * x is not read). If x or y is NULL while n > 0 and alpha != 0 the call does
 * nothing: y, if any, is left untouched. */
FASTLA_API void fastla_saxpy(fastla_int n, float alpha, const float *x,
                             fastla_int incx, float *y, fastla_int incy);
/** Double-precision fastla_saxpy. */
FASTLA_API void fastla_daxpy(fastla_int n, double alpha, const double *x,
                             fastla_int incx, double *y, fastla_int incy);

/** Returns the sum of x[i] * y[i] over n elements with increments incx and
 * incy (negative or zero allowed). Returns 0 when n <= 0. Returns NaN when
 * x or y is NULL while n > 0, so a missing operand cannot pass for a result. */
FASTLA_API float fastla_sdot(fastla_int n, const float *x, fastla_int incx,
                             const float *y, fastla_int incy);
/** Double-precision fastla_sdot. */
FASTLA_API double fastla_ddot(fastla_int n, const double *x, fastla_int incx,
                              const double *y, fastla_int incy);

/** Returns the Euclidean norm of x over n elements with increment incx
 * (negative or zero allowed; zero uses x[0] n times). The sum of squares is
 * scaled so that no intermediate overflows or underflows where the norm
 * itself is representable. Returns NaN if any element is NaN, else +Inf if
 * any element is infinite; 0 when n <= 0; NaN when x is NULL while n > 0. */
FASTLA_API float fastla_snrm2(fastla_int n, const float *x, fastla_int incx);
/** Double-precision fastla_snrm2. */
FASTLA_API double fastla_dnrm2(fastla_int n, const double *x, fastla_int incx);

/* ------------------------------------------------------------------------ */
/* Level 2 and 3                                                             */
/* ------------------------------------------------------------------------ */

/** y := alpha * op(A) * x + beta * y, where A is m x n in the given layout
 * with leading dimension lda, and op(A) is A or its transpose. x has n
 * elements (m if transposed), y has m (n if transposed); incx and incy must
 * not be zero but may be negative. beta == 0 writes y without reading it;
 * alpha == 0 reads neither A nor x. Returns FASTLA_OK, or the status naming
 * the first bad argument in CBLAS order, with y untouched. */
FASTLA_API fastla_status fastla_sgemv(fastla_layout layout,
                                      fastla_transpose trans, fastla_int m,
                                      fastla_int n, float alpha, const float *a,
                                      fastla_int lda, const float *x,
                                      fastla_int incx, float beta, float *y,
                                      fastla_int incy);
/** Double-precision fastla_sgemv. */
FASTLA_API fastla_status fastla_dgemv(fastla_layout layout,
                                      fastla_transpose trans, fastla_int m,
                                      fastla_int n, double alpha,
                                      const double *a, fastla_int lda,
                                      const double *x, fastla_int incx,
                                      double beta, double *y, fastla_int incy);

/** C := alpha * op(A) * op(B) + beta * C, where op(A) is m x k, op(B) is
 * k x n and C is m x n, all in the given layout with leading dimensions
 * lda, ldb, ldc. beta == 0 writes C without reading it; alpha == 0 or
 * k == 0 reads neither A nor B. Only the m x n elements of C are written,
 * never the padding between columns (rows). Returns FASTLA_OK, or the status
 * naming the first bad argument in CBLAS order, with C untouched. */
FASTLA_API fastla_status fastla_sgemm(fastla_layout layout,
                                      fastla_transpose transa,
                                      fastla_transpose transb, fastla_int m,
                                      fastla_int n, fastla_int k, float alpha,
                                      const float *a, fastla_int lda,
                                      const float *b, fastla_int ldb,
                                      float beta, float *c, fastla_int ldc);
/** Double-precision fastla_sgemm. */
FASTLA_API fastla_status fastla_dgemm(fastla_layout layout,
                                      fastla_transpose transa,
                                      fastla_transpose transb, fastla_int m,
                                      fastla_int n, fastla_int k, double alpha,
                                      const double *a, fastla_int lda,
                                      const double *b, fastla_int ldb,
                                      double beta, double *c, fastla_int ldc);

/* ------------------------------------------------------------------------ */
/* Status, version, configuration                                            */
/* ------------------------------------------------------------------------ */

/** Returns a sentence describing status (never NULL; unknown values get a
 * generic sentence). */
FASTLA_API const char *fastla_strerror(fastla_status status);

/** Returns the name of the argument a FASTLA_ERR_ARG_* status rejects, as
 * spelled in this header ("lda", "transa", ...), or NULL for other statuses. */
FASTLA_API const char *fastla_status_argument(fastla_status status);

/** Returns the library's run-time version string, e.g. "0.1.0"; compare
 * with FASTLA_VERSION_STRING to detect a header/library mismatch. */
FASTLA_API const char *fastla_version(void);

/** Returns the library's run-time version as one number, like
 * FASTLA_VERSION. */
FASTLA_API int fastla_version_number(void);

/** Chooses the backend for all later calls from every thread. AUTO picks
 * the best available: openmp when it is built and more than one core is
 * available to the process, else simd where the CPU runs it, else
 * reference. Returns FASTLA_ERR_UNAVAILABLE (changing nothing) for
 * a backend this build or CPU cannot run, FASTLA_ERR_INVALID_VALUE for a
 * value outside fastla_backend. The FASTLA_BACKEND environment variable
 * (auto, reference, simd, openmp) sets the initial choice. */
FASTLA_API fastla_status fastla_set_backend(fastla_backend backend);

/** Returns the backend in use (never FASTLA_BACKEND_AUTO). */
FASTLA_API fastla_backend fastla_get_backend(void);

/** Caps the ISA of the SIMD kernels: the library uses the best ISA that is
 * at most isa and that the CPU and OS can run. AUTO removes the cap.
 * Returns FASTLA_ERR_UNAVAILABLE (changing nothing) when isa itself cannot
 * run here, so a caller that asks for AVX-512 learns that it will not get
 * it. The FASTLA_ISA environment variable (auto, scalar, sse2, avx2,
 * avx512) sets the initial cap. */
FASTLA_API fastla_status fastla_set_isa(fastla_isa isa);

/** Returns the ISA whose kernels are in use; FASTLA_ISA_SCALAR for the
 * reference backend. */
FASTLA_API fastla_isa fastla_get_isa(void);

/** Returns the best ISA the CPU and OS can run and this build contains. */
FASTLA_API fastla_isa fastla_get_max_isa(void);

/** Sets the number of threads the openmp backend uses (n >= 1), or 0 to
 * return to the default: FASTLA_NUM_THREADS, else OMP_NUM_THREADS, else the
 * cores available to the process. Returns FASTLA_ERR_INVALID_VALUE for
 * n < 0, changing nothing. */
FASTLA_API fastla_status fastla_set_num_threads(int n);

/** Returns the number of threads the openmp backend will use for calls
 * large enough to be split (smaller calls, calls from inside an OpenMP
 * parallel region and calls in the child of a fork() run on one thread;
 * concurrent calls from several application threads share one budget of
 * this number minus one helper threads). For a given ISA its results do not
 * depend on this number. */
FASTLA_API int fastla_get_num_threads(void);

/** Returns the name of kernel slot number index (0, 1, ...: "saxpy",
 * "sdot", ..., "sgemv_n", ...), or NULL past the last slot. Together with
 * fastla_kernel_name it lists which kernel serves each slot. */
FASTLA_API const char *fastla_kernel_slot(int index);

/** Returns the name of the function that serves the given kernel slot with
 * the current backend and ISA, e.g. "fastla_sdot_avx512", or
 * "fastla_sdot_ref" where the ISA has no kernel of its own and the
 * reference kernel stands in; "none" for a slot the configuration does not
 * use (the reference backend has no gemm microkernel: its gemm is the
 * whole fastla_sgemm_ref); NULL for an unknown slot. */
FASTLA_API const char *fastla_kernel_name(const char *slot);

/** Returns "reference", "simd", "openmp" or "auto"; "unknown" otherwise. */
FASTLA_API const char *fastla_backend_name(fastla_backend backend);

/** Returns "scalar", "sse2", "avx2", "avx512" or "auto"; "unknown"
 * otherwise. */
FASTLA_API const char *fastla_isa_name(fastla_isa isa);

/** Returns a one-line human summary of the configuration: version, CPU
 * features, backend, ISA and threads. The string is owned by the library
 * and stays valid until the next call from the same thread. */
FASTLA_API const char *fastla_config_string(void);

/* ------------------------------------------------------------------------ */
/* Introspection: what the CPU, OS and build offer, and how calls are run    */
/* ------------------------------------------------------------------------ */

/** Returns 1 if the backend can run in this build on this CPU (so that
 * fastla_set_backend would accept it), else 0. FASTLA_BACKEND_AUTO is
 * always available; values outside fastla_backend are not. */
FASTLA_API int fastla_backend_available(fastla_backend backend);

/** Bits of fastla_isa_support's result. An ISA runs here when all three
 * are set. */
typedef enum fastla_isa_support_bits {
  FASTLA_SUPPORT_CPU = 1,  /**< the CPU reports the instructions (CPUID) */
  FASTLA_SUPPORT_OS = 2,   /**< the OS saves the registers they use (XCR0) */
  FASTLA_SUPPORT_BUILD = 4 /**< this build contains kernels for the ISA */
} fastla_isa_support_bits;

/** Returns the FASTLA_SUPPORT_* bits that hold for isa: whether the CPU
 * has it, whether the OS enables its register state, and whether this build
 * has kernels for it. FASTLA_ISA_SCALAR has all three; FASTLA_ISA_AUTO and
 * unknown values have none. An ISA the CPU has but the OS does not enable
 * (AVX-512 under some hypervisors) lacks FASTLA_SUPPORT_OS and is not used. */
FASTLA_API unsigned fastla_isa_support(fastla_isa isa);

/** Returns the CPU's brand string as CPUID reports it, e.g. "AMD EPYC 9R14
 * 96-Core Processor", with surrounding blanks removed; "unknown" where the
 * CPU reports none (and off x86). The string is owned by the library. */
FASTLA_API const char *fastla_cpu_model(void);

/** Returns the instruction-set features the CPU reports through CPUID that
 * matter to libfastla, as a comma-separated list in a fixed order (sse2,
 * avx, fma, avx2, avx512f, avx512vl, avx512dq, avx512bw), whether or not
 * the OS enables them (see fastla_isa_support); "none" if there are none.
 * The string is owned by the library. */
FASTLA_API const char *fastla_cpu_feature_string(void);

/** Returns how this library was built, as space-separated key=value pairs:
 * version, compiler, build type, the ISAs with kernels, OpenMP (its
 * version date, or "no"), sanitizers and the size of fastla_int, e.g.
 * "version=0.1.0 compiler=GNU-12.2.0 build=Release kernels=ref,sse2,avx2,
 * avx512 openmp=201511 sanitize=no int=64". The string is owned by the
 * library. */
FASTLA_API const char *fastla_build_options(void);

/** Register and cache blocking of the gemm driver: the microkernel computes
 * mr x nr tiles of C; the driver packs kc x nc panels of B and mc x kc
 * blocks of A. */
typedef struct fastla_gemm_blocks {
  int mr, nr;     /**< microkernel tile; 0 when there is no blocked driver */
  int kc, mc, nc; /**< cache blocks (mc % mr == 0, nc % nr == 0) */
} fastla_gemm_blocks;

/** Stores in *blocks the blocking the current backend and ISA use for
 * gemm of the given precision ('s' or 'd', either case): derived from the
 * CPU's caches, or from the FASTLA_GEMM_BLOCKS environment variable. All
 * five are 0 for the reference backend, whose gemm is not blocked. Returns
 * FASTLA_ERR_INVALID_VALUE (storing nothing) for another precision or a
 * NULL blocks. */
FASTLA_API fastla_status fastla_get_gemm_blocking(char precision,
                                                  fastla_gemm_blocks *blocks);

/** Returns a size threshold of the dispatcher, in the routine's unit of
 * work, or -1 for an unknown name. The openmp backend splits a call over
 * threads only at and above its threshold: "axpy", "dot" and "nrm2" count
 * elements (n), "gemv" counts m * n, "gemm" counts m * n * k. Below
 * "gemm_direct" (m * n * k, inclusive) a SIMD gemm runs the small-matrix
 * direct kernel, unpacked and on one thread. It also runs it, for any size
 * and split over threads like the blocked path, when the column-major
 * product's m times the element size is at most "gemm_skinny_bytes" (256:
 * m <= 64 float, 32 double), where packing B costs more than it saves. */
FASTLA_API double fastla_get_threshold(const char *name);

/* ------------------------------------------------------------------------ */
/* Call tracing                                                              */
/* ------------------------------------------------------------------------ */

/** What fastla_set_verbose asks for. */
typedef enum fastla_verbose {
  FASTLA_VERBOSE_OFF = 0,  /**< no output (the default) */
  FASTLA_VERBOSE_TEXT = 1, /**< one line per call on stderr */
  FASTLA_VERBOSE_JSON = 2  /**< one JSON object per line on stderr */
} fastla_verbose;

/** Turns call tracing on or off for all later calls from every thread.
 * With tracing on, every call of a routine above (axpy, dot, nrm2, gemv,
 * gemm; also when made through the CBLAS shim) writes one line to stderr,
 * after it returns: the routine, its size, scalar and stride arguments (not
 * the pointers), the backend, ISA and kernel that served it, the threads it
 * ran on, the wall time and GFLOP/s, and the status, e.g.
 *   libfastla: dgemm(layout=col transa=N transb=T m=300 n=300 k=300
 *   alpha=1 lda=300 ldb=300 beta=0 ldc=300) backend=openmp isa=avx512
 *   kernel=fastla_dgemm_ukr_avx512 threads=2 time_us=812.345
 *   gflops=66.478 status=ok
 * (one line). JSON mode writes the same fields as one object per line:
 * {"routine":"dgemm","layout":"col",...,"time_us":812.345,...}. kernel is
 * "none" when no kernel ran (a quick return, an error, or only a scaling by
 * beta). The FASTLA_VERBOSE environment variable sets the initial mode: 1
 * (or any value but 0 and json) for text, json for JSON; it also prints the
 * configuration once, at the first call. When off, tracing costs one
 * relaxed atomic load per call. Returns FASTLA_ERR_INVALID_VALUE for a
 * value outside fastla_verbose, changing nothing. */
FASTLA_API fastla_status fastla_set_verbose(fastla_verbose mode);

/** Returns the current tracing mode. */
FASTLA_API fastla_verbose fastla_get_verbose(void);

#ifdef __cplusplus
}
#endif

#endif /* FASTLA_H */
