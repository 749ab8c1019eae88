/*
 * shim.h - internals shared by the files of libfastla_cblas (hidden).
 *
 * Every entry point validates its arguments exactly as the reference BLAS
 * 3.11 / CBLAS does, reports a bad one through the (interposable) handler,
 * and only then calls the native fastla_* routine, which then cannot fail
 * except for a NULL pointer the reference would simply have dereferenced.
 */
#ifndef FASTLA_CBLAS_SHIM_H
#define FASTLA_CBLAS_SHIM_H

#include "fastla.h"
#include "fastla/cblas.h"
#include "f77_blas.h"

/* --- checks.c: the reference argument checks, in Fortran terms --------- */

/* Fortran's LSAME on a TRANS argument: 'N', 'T' or 'C' (any case) becomes
 * that upper-case letter; anything else (or NULL) 0. */
char fastla_shim_trans_letter(const char *trans);

/* CBLAS enum -> 'N', 'T', 'C', or 0 for an invalid value. */
char fastla_shim_cblas_trans(CBLAS_TRANSPOSE trans);

/* 'N' -> FASTLA_NO_TRANS, 'T' -> FASTLA_TRANS, 'C' -> FASTLA_CONJ_TRANS. */
fastla_transpose fastla_shim_native_trans(char letter);

/* The INFO the reference xGEMV computes (0 when all is well). */
int fastla_shim_gemv_info(char trans, int m, int n, int lda, int incx,
                          int incy);

/* The INFO the reference xGEMM computes (0 when all is well). */
int fastla_shim_gemm_info(char transa, char transb, int m, int n, int k,
                          int lda, int ldb, int ldc);

/* --- report.c: reporting through the handlers -------------------------- */

/* Reports bad parameter p of CBLAS routine rout through cblas_xerbla.
 * row_major tells the library's own default handler that p follows the
 * reference's row-major numbering (see xerbla.c); detail may be NULL. */
void fastla_shim_cblas_error(int p, const char *rout, int row_major,
                             const char *detail);

/* Reports bad parameter info of Fortran routine srname ("DGEMM ", blank
 * padded to 6) through xerbla_. */
void fastla_shim_f77_error(const char *srname, int info);

/* A native gemv/gemm failed after our checks passed. null_pos is the
 * parameter number of the pointer that status names (0 if it names none):
 * such a failure goes to the handler like a bad argument; anything else is
 * a library fault and gets one line on stderr. f77 selects the handler. */
void fastla_shim_native_failure(const char *rout, fastla_status status,
                                int null_pos, int row_major, int f77);

/* True while the shim reports a row-major CBLAS error (per thread). */
int fastla_shim_reporting_row_major(void);

#endif /* FASTLA_CBLAS_SHIM_H */
