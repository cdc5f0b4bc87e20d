/* rf_session: a scenario held open for live what-if (relocfund serve): its
 * base plan, its parameters, its files parsed (rf_load_cache), and one live
 * LP per budget group that every changed plan is re-solved in.
 *
 * A session owns its copy of the scenario's path, its base scenario and
 * plan, its parsed files and its live LPs.  It is not thread-safe: one caller at a time, and
 * GLPK's environment is that caller's thread's (rf_solve_thread_end). */
#ifndef RF_SESSION_H
#define RF_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_compare.h"
#include "rf_error.h"
#include "rf_plan.h"
#include "rf_types.h"

typedef struct rf_session rf_session;

/* Opens the scenario at path: loads it as it is (its problems, warnings
 * included, go to diags) and solves its base plan.  Returns the session,
 * or NULL: on an input error (diags has it; *status RF_ERR_INPUT), or when
 * the base plan could not be solved (err says why; *status RF_ERR_SOLVER). */
rf_session *rf_session_open(const char *path, const rf_solve_options *options, rf_diags *diags,
                            rf_error *err, rf_status *status);
void rf_session_free(rf_session *ss);

/* The base scenario and its plan (borrowed from the session). */
const rf_scenario *rf_session_scenario(const rf_session *ss);
const rf_plan *rf_session_base_plan(const rf_session *ss);
const char *rf_session_path(const rf_session *ss);

/* The scenario with the changes sets[0..n) ("PATH=VALUE", as --set), loaded
 * exactly as `relocfund solve PATH --set ...` loads it (from the session's
 * parsed files while they are unchanged on disk), and
 * its plan, solved in the session's live LPs: the plan is the one that
 * command writes.  Returns RF_OK with *s and *p (free the plan, then the
 * scenario); RF_ERR_INPUT with the problems in diags; RF_ERR_SOLVER with
 * err filled. */
rf_status rf_session_solve(rf_session *ss, const char *const *sets, size_t n, rf_scenario **s,
                           rf_plan **p, rf_diags *diags, rf_error *err);

/* `relocfund whatif PATH --set ...`'s comparison of the base plan and the
 * changed one, against the base plan the session holds (rf_whatif_against).
 * Returns as rf_session_solve, with *out. */
rf_status rf_session_whatif(rf_session *ss, const char *const *sets, size_t n, bool chinese,
                            rf_comparison **out, rf_diags *diags, rf_error *err);

#endif
