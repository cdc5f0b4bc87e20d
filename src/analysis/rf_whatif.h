/* rf_whatif: what-if planning: two outcomes side by side with what changed,
 * and sweeps of one scenario value re-solved in one live problem.
 *
 * Documents and JSON borrow the outcomes and sweeps they are made from only
 * while they are built; the results own their strings. */
#ifndef RF_WHATIF_H
#define RF_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"
#include "rf_model.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_scenario.h"

/* ---- side by side ---- */

/* A comparison of outcome b against outcome a as a document: a summary in
 * words, the key figures, sources, allocations by source and use, sites,
 * and household classes against the cap, each with both values and the
 * change; every changed cell is flagged.  changes (n_changes strings, may
 * be 0) are the --set assignments that make b from a, shown at the top.
 * title names the report.  Returns a new document or NULL (out of memory). */
rf_doc *rf_whatif_doc(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                      size_t n_changes, const char *title, bool chinese);

/* The same comparison as JSON ("relocfund-compare/1", docs/whatif.md).
 * Returns RF_OK or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_whatif_json(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                         size_t n_changes, FILE *out);

/* ---- sweeps ---- */

/* PATH=FROM:TO:STEP: the values FROM, FROM+STEP, ... up to TO (inclusive),
 * kept as integers scaled by 10^decimals so that they print exactly. */
typedef struct {
    char *path;
    int64_t from, to, step; /* scaled; step > 0 when to >= from, else < 0 */
    int decimals;           /* 0..6: the most any of the three numbers has */
    size_t n_points;
} rf_sweep_spec;

/* Parses text ("sites[0].costs.housing_per_m2=1000:2000:10").  Returns
 * false with a message in msg when it is malformed, the step is zero or
 * points away from TO, or it gives more than max_points points.  Free with
 * rf_sweep_spec_free. */
bool rf_sweep_spec_parse(const char *text, size_t max_points, rf_sweep_spec *out, char *msg,
                         size_t msg_size);
void rf_sweep_spec_free(rf_sweep_spec *spec);

/* Writes value (scaled by 10^decimals) as exact decimal text; returns buf. */
char *rf_sweep_value_text(char buf[48], int64_t value, int decimals);

typedef struct {
    int64_t value;          /* scaled like the spec */
    rf_key_figures key;
    bool status_changed;    /* the status differs from the point before */
    bool warm;              /* every group was re-solved in its live problem */
    int iterations;         /* simplex iterations at this point */
} rf_sweep_point;

typedef struct {
    char *path;
    int decimals;
    char *scenario;         /* scenario id */
    char **sets;            /* the fixed changes (the base's assignments), copied */
    size_t n_sets;
    rf_sweep_point *points;
    size_t n_points;
    double seconds;         /* wall time of loading and solving every point */
    int iterations;         /* simplex iterations over all points */
    size_t warm_points;     /* points re-solved in the live problems */
} rf_sweep;

typedef struct {
    bool cold;              /* solve every point from scratch (rf_plan_solve), for comparison */
    double time_limit_seconds; /* per simplex call; 0: the policy's */
} rf_sweep_options;

/* Runs a sweep: for each value, loads the scenario at path with the
 * assignments of base (may be NULL) followed by PATH=value, and solves it,
 * keeping one live LP per budget group so that each point starts from the
 * previous point's optimal basis (unless options->cold).  The key figures
 * at each point are those rf_plan_solve reports for the same scenario,
 * exactly.  Problems with the files go to diags (RF_ERR_INPUT); solver
 * failures to err (RF_ERR_SOLVER).  On RF_OK *out is a new sweep
 * (rf_sweep_free). */
rf_status rf_sweep_run(const char *path, const rf_load_options *base, const rf_sweep_spec *spec,
                       const rf_sweep_options *options, rf_sweep **out, rf_diags *diags,
                       rf_error *err);
void rf_sweep_free(rf_sweep *sw);

/* The sweep as a document: its fixed changes, the table of key figures at
 * every point, with the points where the status changes flagged and listed
 * in words.  Returns a new document or NULL (out of memory). */
rf_doc *rf_sweep_doc(const rf_sweep *sw, bool chinese);

/* The sweep as JSON ("relocfund-sweep/1", docs/whatif.md). */
rf_status rf_sweep_json(const rf_sweep *sw, FILE *out);

/* The sweep as a standalone SVG line chart (amounts in 万元 against the
 * swept value, status changes as dashed vertical lines). */
rf_status rf_sweep_svg(const rf_sweep *sw, bool chinese, FILE *out);

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

/* The key figures of one budget group's rounded solution (fen per model
 * column, as rf_solve_round gives it), added into *k; the status and the
 * household counts are left for rf_key_figures_finish.  For rf_sweep_run
 * and the tests that hold it to rf_plan_solve. */
void rf_key_figures_add(const rf_model *m, const rf_fen *v, rf_key_figures *k);
/* Sets the status and household counts of figures summed over every group. */
void rf_key_figures_finish(const rf_scenario *s, rf_key_figures *k);

#endif
