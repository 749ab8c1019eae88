/*
 * checks.c - the argument checks of the reference BLAS 3.11, in the order
 * and with the INFO numbers of its DGEMV/DGEMM. The CBLAS entry points
 * reuse them on the Fortran call that reference CBLAS would make (swapped
 * operands in row-major mode), which yields exactly the reference numbers.
 */
#include "shim.h"

char fastla_shim_trans_letter(const char *trans) {
  if (trans == NULL) {
    return 0;
  }
  switch (trans[0]) {
  case 'N':
  case 'n':
    return 'N';
  case 'T':
  case 't':
    return 'T';
  case 'C':
  case 'c':
    return 'C';
  default:
    return 0;
  }
}

char fastla_shim_cblas_trans(CBLAS_TRANSPOSE trans) {
  switch (trans) {
  case CblasNoTrans:
    return 'N';
  case CblasTrans:
    return 'T';
  case CblasConjTrans:
    return 'C';
  default:
    return 0;
  }
}

fastla_transpose fastla_shim_native_trans(char letter) {
  if (letter == 'N') {
    return FASTLA_NO_TRANS;
  }
  return letter == 'T' ? FASTLA_TRANS : FASTLA_CONJ_TRANS;
}

static int max1(int v) {
  return v > 1 ? v : 1;
}

int fastla_shim_gemv_info(char trans, int m, int n, int lda, int incx,
                          int incy) {
  if (trans == 0) {
    return 1;
  }
  if (m < 0) {
    return 2;
  }
  if (n < 0) {
    return 3;
  }
  if (lda < max1(m)) { /* A is m x n whatever trans says */
    return 6;
  }
  if (incx == 0) {
    return 8;
  }
  if (incy == 0) {
    return 11;
  }
  return 0;
}

int fastla_shim_gemm_info(char transa, char transb, int m, int n, int k,
                          int lda, int ldb, int ldc) {
  int nrowa = transa == 'N' ? m : k;
  int nrowb = transb == 'N' ? k : n;

  if (transa == 0) {
    return 1;
  }
  if (transb == 0) {
    return 2;
  }
  if (m < 0) {
    return 3;
  }
  if (n < 0) {
    return 4;
  }
  if (k < 0) {
    return 5;
  }
  if (lda < max1(nrowa)) {
    return 8;
  }
  if (ldb < max1(nrowb)) {
    return 10;
  }
  if (ldc < max1(m)) {
    return 13;
  }
  return 0;
}
