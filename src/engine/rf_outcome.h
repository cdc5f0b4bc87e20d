/* rf_outcome: the figures of a solved plan that what-if, sweep and compare
 * put side by side, taken from a plan in memory or from a saved JSON result.
 *
 * An outcome owns copies of every string it holds; it borrows nothing, so it
 * outlives the plan or file it was made from. */
#ifndef RF_OUTCOME_H
#define RF_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_error.h"
#include "rf_model.h"
#include "rf_plan.h"

/* The key figures of a plan, in fen (counts as counts).  Every field is the
 * figure rf_plan_solve's plan reports, exactly. */
typedef struct {
    rf_plan_status status;
    rf_fen unfunded;
    rf_fen cap_excess;
    int64_t households_over_cap;
    int64_t households_over_area_cap;
    rf_fen registered_self_funding;
    rf_fen synchronous_self_funding;
    rf_fen integrated_agri;
    rf_fen surplus_employment_base;
    rf_fen surplus_industry;
    rf_fen loans_drawn;        /* allocated from sources marked `loan`; -1: not known (a JSON result) */
    int64_t registered_households;
} rf_key_figures;

/* The key figures of a plan. */
void rf_key_figures_of_plan(const rf_plan *p, rf_key_figures *out);

/* The key figures of one budget group's rounded solution (fen per model
 * column, as rf_solve_round gives it), added into *k; the status and the
 * household counts are left for rf_key_figures_finish.  For rf_sweep_run
 * and the tests that hold it to rf_plan_solve. */
void rf_key_figures_add(const rf_model *m, const rf_fen *v, rf_key_figures *k);
/* Sets the status and household counts of figures summed over every group. */
void rf_key_figures_finish(const rf_scenario *s, rf_key_figures *k);

/* Self-funding per registered household over the whole plan, in fen
 * (rounded half up; 0 without households). */
rf_fen rf_key_figures_per_household(const rf_key_figures *k);

typedef struct {
    char *id;
    char *name;                /* in the outcome's language; the id when none */
    rf_fen arrived, allocated, undrawn;
    rf_fen by_use[RF_USE_COUNT];
} rf_outcome_source;

typedef struct {
    int size;
    int64_t households;
    rf_fen self_funding_per_household;
    rf_fen excess;
} rf_outcome_class;

typedef struct {
    char *id;
    char *name;
    rf_site_type type;
    int64_t households[RF_CAT_COUNT]; /* registered and synchronous */
    int64_t people[RF_CAT_COUNT];
    rf_fen cost;
    rf_fen self_funding[RF_CAT_COUNT];
    rf_fen integrated_agri;
    rf_fen unfunded;
    rf_fen surplus_employment_base;
    rf_fen surplus_industry;
    rf_outcome_class *classes;
    size_t n_classes;
} rf_outcome_site;

typedef struct {
    char *label;               /* what the reader calls it: "base", a file name */
    char *scenario;            /* scenario id */
    char *policy;              /* policy id */
    rf_fen cost_total;
    rf_key_figures key;
    rf_outcome_source *sources;
    size_t n_sources;
    rf_outcome_site *sites;
    size_t n_sites;
    int64_t households[RF_CAT_COUNT]; /* over every site */
    int64_t people[RF_CAT_COUNT];
} rf_outcome;

/* The outcome of a plan (names in Chinese when chinese).  Returns a new
 * outcome (rf_outcome_free) or NULL when out of memory. */
rf_outcome *rf_outcome_from_plan(const rf_plan *p, const char *label, bool chinese);

/* Reads a plan saved with `relocfund solve --format json` (format
 * "relocfund-plan/1", docs/report-json.md).  Returns a new outcome, or NULL
 * with err saying what is wrong (RF_ERR_INPUT) or out of memory. */
rf_outcome *rf_outcome_from_json(const char *path, const char *label, rf_error *err);

/* Whether the file at path looks like a saved plan result (a JSON object
 * whose "format" is "relocfund-plan/1") rather than a scenario. */
bool rf_outcome_is_result_file(const char *path);

void rf_outcome_free(rf_outcome *o);

#endif
