/* ml_data.h - what the machine-learning examples share: a seeded synthetic
 * least-squares problem, its loss, its closed-form optimum, the learning-rate
 * schedule, the pass/fail check, and small command-line and timing helpers.
 *
 * The problem: X is n x d with entries uniform on [-sqrt(3), sqrt(3)]
 * (mean 0, variance 1), W_true is d x k with entries N(0, 1/d), and
 * Y = X W_true + noise * N(0, 1), n x k. Model j is trained on column j of
 * Y; the loss of a d x k weight matrix W is the mean over its k columns of
 * 1/(2n) ||X w_j - y_j||^2, so the optimum is about noise^2 / 2. All
 * matrices are row-major floats. */
#ifndef ML_DATA_H
#define ML_DATA_H

#include <stddef.h>
#include <stdint.h>

#include <fastla.h>

/** A final loss passes when it is at most ML_CHECK_FACTOR times the
 * least-squares optimum (plus ML_CHECK_SLACK times the initial loss, so a
 * noise-free problem with optimum 0 can pass) and below the initial loss.
 * With noise 0.1 SGD ends within a few per cent of the optimum; 1.5 leaves
 * room for the noise of sampling and of HOGWILD!'s races, not for a bug. */
#define ML_CHECK_FACTOR 1.5
#define ML_CHECK_SLACK  1e-5

typedef struct ml_problem {
  fastla_int n, d, k; /* rows, features, targets (models) */
  float *x;           /* n x d */
  float *y;           /* n x k */
  float *y0;          /* column 0 of y, contiguous: the single-model target */
} ml_problem;

/** Generates the problem from seed. Returns 0, or -1 (freeing everything)
 * when memory runs out or a libfastla call fails. */
int ml_problem_make(ml_problem *p, fastla_int n, fastla_int d, fastla_int k,
                    double noise, uint64_t seed);
void ml_problem_free(ml_problem *p);

/** Mean over k models of 1/(2n) ||X w_j - y_j||^2, summed in double. w is
 * d x k, y is n x k (p->y0 with k == 1), work holds n * k floats. Returns
 * NaN if a libfastla call fails; +Inf or NaN if the weights diverged. */
double ml_loss(const ml_problem *p, const float *w, fastla_int k,
               const float *y, float *work);

/** Solves the normal equations (X^T X) w_j = X^T y_j in double by Cholesky
 * and stores the optimal loss of each of the k models in opt[0..k-1].
 * Returns 0, or -1 when X^T X is not positive definite (n < d) or memory
 * runs out. */
int ml_optimum(const ml_problem *p, double *opt);

/** What every program does first: generates the problem (ml_problem_make),
 * computes the k optima into opt (ml_optimum) and prints libfastla's
 * configuration. Returns 0, or -1 after saying what failed (p is then
 * freed). */
int ml_prepare(ml_problem *p, fastla_int n, fastla_int d, fastla_int k,
               double noise, uint64_t seed, double *opt);

/** The learning-rate schedule every example uses: lr0 / (1 + seen / horizon)
 * with seen the examples processed so far. lr is per example: a minibatch
 * moves the weights by lr times the sum of its examples' gradients, so all
 * formulations take the same step per example seen. */
double ml_lr(double lr0, double seen, double horizon);

/** Prints what is checked; returns 0 if final passes (see ML_CHECK_FACTOR),
 * else 1. */
int ml_check_loss(const char *what, double final, double initial,
                  double optimum);

/** Exits with a message when a libfastla call failed: in these programs
 * every argument is computed, so a bad one is a bug. */
void ml_require(fastla_status st, const char *routine);

/** Seconds on the monotonic clock. */
double ml_now(void);

/** Online cores, at least 2 (a HOGWILD! run needs two threads to race). */
int ml_default_threads(void);

/** One command-line option "--name value" (or just "--name" for a flag). */
typedef enum ml_opt_kind { ML_INT, ML_REAL, ML_FLAG, ML_TEXT } ml_opt_kind;
typedef struct ml_opt {
  const char *name; /* without the leading "--" */
  ml_opt_kind kind; /* value points to fastla_int, double, int or char* */
  void *value;
  const char *help;
} ml_opt;

/** Returns 1 if argv holds "--name"; used to choose defaults (such as those
 * of --tiny) before the other options override them. */
int ml_has_flag(int argc, char **argv, const char *name);

/** Parses argv into the options. Returns 0; 1 after printing the usage for
 * --help; 2 after reporting an unknown option or a malformed value. */
int ml_parse_args(int argc, char **argv, const ml_opt *opts, size_t count,
                  const char *about);

/** Selects the backend by name (auto, reference, simd, openmp). Returns 0,
 * or 1 after saying why it could not. */
int ml_select_backend(const char *name);

#endif /* ML_DATA_H */
