/* rf_compare: two plans side by side: a scenario before and after changes
 * (whatif --set), or any two scenarios or saved results (compare).
 *
 * A comparison owns its outcomes, its copy of the changes and its title. */
#ifndef RF_COMPARE_H
#define RF_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_types.h"

typedef struct {
    rf_outcome *a, *b;
    char **changes; /* the --set assignments that make b from a; may be 0 */
    size_t n_changes;
    char *title;      /* names the report */
    rf_status status; /* RF_OK when what the command checks holds, else RF_ERR_PLAN */
} rf_comparison;

/* What if: solves base and changed (base with the assignments changes)
 * and puts them side by side, titled after the changed scenario.  The
 * changed plan keeps the base's choices where an equally good plan allows
 * (rf_solve_options.anchor): it differs from rf_plan_solve's of changed
 * only in choices between equivalent sources, never in a level.  status
 * is RF_OK when the changed plan balances and complies.  Returns RF_OK
 * with *out (rf_comparison_free), or the solver's failure (err says why). */
rf_status rf_whatif_run(const rf_scenario *base, const rf_scenario *changed,
                        const rf_solve_options *options, const char *const *changes,
                        size_t n_changes, bool chinese, rf_comparison **out, rf_error *err);

/* rf_whatif_run against base, a plan already solved (rf_plan_solve of the
 * base scenario with the same options): the same comparison without
 * solving the base again.  base must outlive the call only. */
rf_status rf_whatif_against(const rf_plan *base, const rf_scenario *changed,
                            const rf_solve_options *options, const char *const *changes,
                            size_t n_changes, bool chinese, rf_comparison **out, rf_error *err);

/* The outcome of a file: a result saved with `solve --format json` (read
 * as it is), or else nothing (NULL, *is_result false): the caller loads
 * and solves the scenario and makes its outcome with rf_outcome_from_plan.
 * A saved result that cannot be read is NULL with *is_result true and err
 * filled. */
rf_outcome *rf_compare_saved(const char *path, bool *is_result, rf_error *err);

/* Compare: a and b side by side (the comparison takes them over, also when
 * it returns NULL), status RF_OK when they agree in every compared figure
 * (rf_outcome_differ).  NULL when out of memory. */
rf_comparison *rf_compare_outcomes(rf_outcome *a, rf_outcome *b, bool chinese);

/* Whether a and b are the same county: the same sites (by id, in any
 * order) pooled the same way, so the same budget groups.  compare then
 * solves b keeping a's plan's choices (rf_solve_options.anchor). */
bool rf_compare_same_county(const rf_scenario *a, const rf_scenario *b);

void rf_comparison_free(rf_comparison *c);

/* Whether any compared figure of a and b differs: the key figures (loans
 * only where both know them), the total cost, each source's arrived and
 * allocated-by-use amounts, each site's type, counts and money, and each
 * household class's self-funding and excess. */
bool rf_outcome_differ(const rf_outcome *a, const rf_outcome *b);

#endif
