/* rf_sensitivity: shadow prices and their ranges from the optimal bases of
 * the objective levels, for the parameters a finance officer changes
 * (money arrived by source, the integrated-agri budget, the self-funding
 * cap, unit housing costs) and for every binding constraint, in numbers and
 * in words.
 *
 * A result owns its strings; it borrows the scenario it was computed from
 * (free the result first). */
#ifndef RF_SENSITIVITY_H
#define RF_SENSITIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_error.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_types.h"

typedef enum {
    RF_SENS_SOURCE = 0,  /* sources.<id>.arrived, per 1 万元 */
    RF_SENS_AGRI_BUDGET, /* integrated_agri.budget, per 1 万元 */
    RF_SENS_CAP,         /* policy.self_funding.cap_per_household, per 1,000 元 */
    RF_SENS_HOUSING,     /* sites[i].costs.housing_per_m2, per 100 元 a m² */
    RF_SENS_ROW          /* one binding constraint's right-hand side, per 1 万元 */
} rf_sens_kind;

/* One parameter or constraint.  Rates are fen of the level's objective per
 * `step` of the parameter; the range is where every rate holds (the optimal
 * basis of each money level stays optimal), as parameter values. */
typedef struct {
    rf_sens_kind kind;
    char *path;          /* --set path ("sources.central_budget.arrived"), or the row's name */
    char *label;         /* in the result's language */
    int source, site;    /* indexes, or -1 */
    rf_fen value;        /* current value, fen (yuan/m² x 100 for housing) */
    rf_fen step;         /* the unit the rates are per, fen */
    double rate[RF_LEVEL_COUNT]; /* fen per step, by rf_level (0 for levels not in the policy) */
    bool low_unbounded, high_unbounded;
    rf_fen low, high;    /* the range of the value, fen (rounded inward) */
} rf_sens_item;

typedef struct {
    const rf_scenario *scenario; /* borrowed */
    bool chinese;
    rf_key_figures key;
    rf_fen self_funding_cap;
    rf_sens_item *params;
    size_t n_params;
    rf_sens_item *rows;  /* binding constraints: a nonzero rate at some money level */
    size_t n_rows;
    char **cap_sites;    /* sites where a registered class pays the cap or more */
    size_t n_cap_sites;
} rf_sensitivity;

/* Solves s and ranges every parameter and constraint.  s is changed while
 * this runs (each parameter in turn) and restored before it returns.
 * Returns RF_OK with *out (rf_sensitivity_free), or the error of the solve
 * (err says why). */
rf_status rf_sensitivity_run(rf_scenario *s, const rf_solve_options *options, bool chinese,
                             rf_sensitivity **out, rf_error *err);
void rf_sensitivity_free(rf_sensitivity *r);

/* Whether a level is a money level (the auxiliary ones only make the plan
 * unique); only money levels have rates a report shows. */
bool rf_sensitivity_money_level(rf_level l);

/* Whether it has a rate on some money level (a row without one is not
 * binding). */
bool rf_sensitivity_any_rate(const rf_sens_item *it);

/* Rates smaller than this (fen per step) are round-off. */
#define RF_SENSITIVITY_RATE_EPS 1e-3

#endif
