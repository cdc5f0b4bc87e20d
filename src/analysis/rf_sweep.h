/* rf_sweep: sweeps of one scenario value, every point re-solved in one live
 * problem (rf_resolver).  A sweep owns its strings. */
#ifndef RF_SWEEP_H
#define RF_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_error.h"
#include "rf_outcome.h"
#include "rf_scenario.h"

/* PATH=FROM:TO:STEP: the values FROM, FROM+STEP, ... up to TO (inclusive),
 * kept as integers scaled by 10^decimals so that they print exactly. */
typedef struct {
    char *path;
    int64_t from, to, step; /* scaled; step > 0 when to >= from, else < 0 */
    int decimals;           /* 0..6: the most any of the three numbers has */
    size_t n_points;
} rf_sweep_spec;

/* Parses text ("sites[0].costs.housing_per_m2=1000:2000:10").  Returns
 * false with err set (no location) when it is malformed, the step is zero
 * or points away from TO, or it gives more than max_points points.  Free
 * with rf_sweep_spec_free. */
bool rf_sweep_spec_parse(const char *text, size_t max_points, rf_sweep_spec *out, rf_error *err);
void rf_sweep_spec_free(rf_sweep_spec *spec);

/* Writes value (scaled by 10^decimals) as exact decimal text; returns buf. */
char *rf_sweep_value_text(char buf[48], int64_t value, int decimals);

typedef struct {
    int64_t value; /* scaled like the spec */
    rf_key_figures key;
    bool status_changed; /* the status differs from the point before */
    bool warm;           /* every group was re-solved in its live problem */
    int iterations;      /* simplex iterations at this point */
} rf_sweep_point;

typedef struct {
    char *path;
    int decimals;
    char *scenario; /* scenario id */
    char **sets;    /* the fixed changes (the base's assignments), copied */
    size_t n_sets;
    rf_sweep_point *points;
    size_t n_points;
    double seconds;     /* wall time of loading and solving every point */
    int iterations;     /* simplex iterations over all points */
    size_t warm_points; /* points re-solved in the live problems */
} rf_sweep;

typedef struct {
    bool cold;                 /* solve every point from scratch (rf_plan_solve), for comparison */
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

#endif
