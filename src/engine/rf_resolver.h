/* rf_resolver: re-solves scenarios that differ only in numbers (a sweep's
 * points, a break-even search) in one live LP per budget group. */
#ifndef RF_RESOLVER_H
#define RF_RESOLVER_H

#include <stdbool.h>

#include "rf_error.h"
#include "rf_outcome.h"
#include "rf_solve.h"
#include "rf_types.h"

/* A re-solver: one live LP per budget group, kept between calls so that a
 * scenario that differs from the last one only in right-hand sides or
 * bounds is re-solved in place (its bounds changed, not loaded afresh). */
typedef struct rf_resolver rf_resolver;

rf_resolver *rf_resolver_new(void);
void rf_resolver_free(rf_resolver *r);

/* Solves s and fills *out with its key figures (those rf_plan_solve
 * reports; see docs/whatif.md on alternative optima).  *warm (may be NULL)
 * is true when every group was re-solved in its live problem; *iterations (may be
 * NULL) counts simplex iterations.  s is only read, and only during the
 * call.  Returns RF_OK or the solver's error. */
rf_status rf_resolver_solve(rf_resolver *r, const rf_scenario *s, double time_limit_seconds,
                            rf_key_figures *out, bool *warm, int *iterations, rf_error *err);

/* Solves the levels of budget group g's model m (rf_solve_levels' contract
 * for st, sol and err) in the group's live problem, which is made on first
 * use; *warm (may be NULL) as rf_solver_solve.  For rf_plan_solve_live. */
rf_status rf_resolver_levels(rf_resolver *r, size_t g, const rf_model *m,
                             const rf_solve_settings *st, rf_solution *sol, bool *warm,
                             rf_error *err);

#endif
