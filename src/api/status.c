/* status.c - status sentences and the run-time version. */
#include <stddef.h>

#include "fastla.h"

/* One entry per status: the argument it names (NULL if none) and the
 * sentence fastla_strerror returns. Indexed by the status value. */
static const struct {
  const char *argument;
  const char *sentence;
} statuses[] = {
    [FASTLA_OK] = {NULL, "success"},
    [FASTLA_ERR_ARG_LAYOUT] = {"layout",
                               "invalid argument 'layout': must be "
                               "FASTLA_ROW_MAJOR or FASTLA_COL_MAJOR"},
    [FASTLA_ERR_ARG_TRANS] = {"trans", "invalid argument 'trans': must be "
                                       "FASTLA_NO_TRANS, FASTLA_TRANS or "
                                       "FASTLA_CONJ_TRANS"},
    [FASTLA_ERR_ARG_TRANSA] = {"transa", "invalid argument 'transa': must be "
                                         "FASTLA_NO_TRANS, FASTLA_TRANS or "
                                         "FASTLA_CONJ_TRANS"},
    [FASTLA_ERR_ARG_TRANSB] = {"transb", "invalid argument 'transb': must be "
                                         "FASTLA_NO_TRANS, FASTLA_TRANS or "
                                         "FASTLA_CONJ_TRANS"},
    [FASTLA_ERR_ARG_M] = {"m", "invalid argument 'm': must not be negative"},
    [FASTLA_ERR_ARG_N] = {"n", "invalid argument 'n': must not be negative"},
    [FASTLA_ERR_ARG_K] = {"k", "invalid argument 'k': must not be negative"},
    [FASTLA_ERR_ARG_LDA] = {"lda", "invalid argument 'lda': smaller than the "
                                   "rows (columns if row-major) A spans"},
    [FASTLA_ERR_ARG_LDB] = {"ldb", "invalid argument 'ldb': smaller than the "
                                   "rows (columns if row-major) B spans"},
    [FASTLA_ERR_ARG_LDC] = {"ldc", "invalid argument 'ldc': smaller than the "
                                   "rows (columns if row-major) C spans"},
    [FASTLA_ERR_ARG_INCX] = {"incx", "invalid argument 'incx': must not be 0"},
    [FASTLA_ERR_ARG_INCY] = {"incy", "invalid argument 'incy': must not be 0"},
    [FASTLA_ERR_ARG_A] = {"a", "invalid argument 'a': NULL but must be read"},
    [FASTLA_ERR_ARG_B] = {"b", "invalid argument 'b': NULL but must be read"},
    [FASTLA_ERR_ARG_C] = {"c",
                          "invalid argument 'c': NULL but must be written"},
    [FASTLA_ERR_ARG_X] = {"x", "invalid argument 'x': NULL but must be read"},
    [FASTLA_ERR_ARG_Y] = {"y",
                          "invalid argument 'y': NULL but must be written"},
    [FASTLA_ERR_INVALID_VALUE] = {NULL, "configuration value out of range"},
    [FASTLA_ERR_UNAVAILABLE] = {NULL, "the requested backend or ISA is not "
                                      "available in this build or on this "
                                      "CPU; nothing was changed"},
    [FASTLA_ERR_NO_MEMORY] = {NULL, "an internal allocation failed"},
};

static int known(fastla_status status) {
  return status >= FASTLA_OK && status <= FASTLA_ERR_NO_MEMORY;
}

const char *fastla_strerror(fastla_status status) {
  return known(status) ? statuses[status].sentence : "unknown status";
}

const char *fastla_status_argument(fastla_status status) {
  return known(status) ? statuses[status].argument : NULL;
}

const char *fastla_version(void) {
  return FASTLA_VERSION_STRING;
}

int fastla_version_number(void) {
  return FASTLA_VERSION;
}
