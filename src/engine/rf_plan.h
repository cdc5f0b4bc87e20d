/* rf_plan: solve a scenario into a plan, exact to the fen, and the plan itself.
 *
 * A plan borrows its scenario (and the scenario's policy): free the plan
 * before the scenario.  Every amount is integer fen, and every identity
 * below holds exactly:
 *   source:  arrived = allocated + undrawn;  allocated = sum of by_use
 *   site:    cost[u] = sum over sources of flow[f][u] + self_funding_by_use[u]
 *                      + integrated_agri[u] + unfunded[u]      (u a cost use)
 *            pool = pool_spent + surplus_employment_base + surplus_industry
 *   totals:  every total equals the sum of its rows. */
#ifndef RF_PLAN_H
#define RF_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"
#include "rf_rates.h"
#include "rf_types.h"

typedef enum {
    RF_PLAN_BALANCED = 0,     /* every cost covered, every household within the caps */
    RF_PLAN_UNFUNDED_GAP = 1, /* some cost is covered by no source */
    RF_PLAN_CAP_VIOLATION = 2 /* funded, but a household class is over a cap */
} rf_plan_status;

/* Uses that are costs of a site (the others, employment_base and industry,
 * are where a surplus goes). */
bool rf_use_is_cost(rf_use u);

typedef struct {
    const rf_policy_source *policy; /* borrowed */
    rf_fen arrived;
    rf_fen allocated;
    rf_fen undrawn;
    rf_fen by_use[RF_USE_COUNT];
    rf_fen entitlement;             /* per_person x people of its basis */
    bool has_disbursed;
    rf_fen disbursed;
} rf_plan_source;

/* One registered household-size class at a site, against the caps. */
typedef struct {
    int size;                      /* people per household */
    int64_t households;
    rf_fen dwelling_cost;          /* housing + decoration of the class */
    rf_fen self_funding;           /* all households of the class together */
    rf_fen self_funding_per_household; /* self_funding / households, rounded half up */
    rf_fen cap_total;              /* cap x households */
    rf_fen excess;                 /* self_funding over cap_total (0 when within) */
    rf_centi_m2 area_per_household;
    rf_centi_m2 area_cap_per_household;
    bool over_area_cap;
} rf_plan_class;

typedef struct {
    const rf_site *site;           /* borrowed */
    size_t group;                  /* budget group index */
    rf_fen cost[RF_USE_COUNT];     /* cost uses only; 0 for surplus uses */
    rf_fen cost_total;
    rf_fen *flow;                  /* [n_sources * RF_USE_COUNT]: source f to use u */
    rf_fen self_funding[RF_CAT_COUNT];
    rf_fen self_funding_by_use[RF_USE_COUNT];
    rf_fen integrated_agri[RF_USE_COUNT];
    rf_fen integrated_agri_total;
    rf_fen unfunded[RF_USE_COUNT];
    rf_fen unfunded_total;
    rf_fen pool;                   /* registered-source money allocated to the site */
    rf_fen pool_spent;             /* of which on costs */
    rf_fen surplus_employment_base;
    rf_fen surplus_industry;
    rf_fen employment_base_need;
    rf_fen pool_entitlement;       /* the site's per-person share of the registered pool */
    rf_plan_class *classes;        /* registered size classes, by size */
    size_t n_classes;
    rf_fen synchronous_self_funding_per_household;
} rf_plan_site;

/* The objective value reached at each level, per budget group, in 万元. */
typedef struct {
    rf_level level;
    double value;
} rf_plan_level;

typedef struct {
    size_t n_sites;
    size_t *sites;                 /* indexes into plan sites */
    rf_plan_level *levels;         /* in policy order */
    size_t n_levels;
    int simplex_iterations;
    size_t n_rows, n_cols;         /* of the group's LP */
    /* Wall time of each stage, seconds: building the LP, solving its levels
     * (rf_solve_levels), rounding to the fen (rf_solve_round).  For
     * --verbose and benchmarks; no report shows them. */
    double build_seconds, levels_seconds, round_seconds;
} rf_plan_group;

/* One money column of a group's LP at its fen value (rf_plan.cells). */
typedef struct {
    uint64_t key; /* site, source, kind, use and class size of the column */
    rf_fen fen;
} rf_plan_cell;

typedef struct {
    const rf_scenario *scenario;   /* borrowed */
    rf_plan_status status;
    rf_plan_source *sources;       /* policy order */
    size_t n_sources;
    rf_plan_site *sites;           /* scenario order */
    size_t n_sites;
    rf_plan_group *groups;
    size_t n_groups;
    /* Totals over sites (each the exact sum of its rows). */
    rf_fen cost[RF_USE_COUNT];
    rf_fen cost_total;
    rf_fen self_funding[RF_CAT_COUNT];
    rf_fen integrated_agri_total;
    rf_fen integrated_agri_budget;
    rf_fen unfunded_total;
    rf_fen pool;
    rf_fen pool_spent;
    rf_fen surplus_employment_base;
    rf_fen surplus_industry;
    rf_fen cap_excess_total;       /* sum of class excesses */
    int64_t households_over_cap;
    int64_t households_over_area_cap;
    rf_rate rates[RF_RATE_COUNT];
    /* Every money column of every group, by key: the choices a plan
     * anchored to this one keeps where it can (rf_solve_options.anchor). */
    rf_plan_cell *cells;
    size_t n_cells;
} rf_plan;

typedef struct {
    double time_limit_seconds;     /* per simplex call; 0: the policy's */
    /* GLPK's progress text (for --verbose), or NULL for silence. */
    void (*log)(const char *text, void *ctx);
    void *log_ctx;
    /* The base of a comparison (borrowed, with its scenario), or NULL.  The
     * plan then keeps the base's choices where an equally good plan allows
     * it: after the policy's levels, a last one minimises the distance from
     * the money columns (matched by site and source id, use and household
     * size) to the base's, and rounding keeps a column the LP left at the
     * base's fen there.  Every level's optimum is the one without it. */
    const rf_plan *anchor;
} rf_solve_options;

/* Solves the scenario: builds one LP per budget group, solves its objective
 * levels in order, rounds to fen and checks every identity.  On success
 * returns RF_OK and a new plan in *out (free with rf_plan_free); the plan's
 * status says whether it balances.  Returns RF_ERR_SOLVER with err filled
 * when GLPK fails, hits the time limit, or the rounding cannot balance. */
rf_status rf_plan_solve(const rf_scenario *s, const rf_solve_options *options, rf_plan **out,
                        rf_error *err);

/* rf_plan_solve, with each budget group re-solved in its live LP of
 * `live` (rf_resolver.h; NULL: solved afresh, as rf_plan_solve does).  A
 * scenario that differs from the one live last solved only in numbers
 * reuses the loaded problems; the plan is rf_plan_solve's (tests/
 * test_serve.c holds the two to the byte on varied changes). */
typedef struct rf_resolver rf_resolver;
rf_status rf_plan_solve_live(const rf_scenario *s, const rf_solve_options *options,
                             rf_resolver *live, rf_plan **out, rf_error *err);

void rf_plan_free(rf_plan *p);

/* The flow from source f to use u at a site. */
static inline rf_fen rf_plan_flow(const rf_plan_site *site, size_t f, rf_use u)
{
    return site->flow[f * RF_USE_COUNT + (size_t)u];
}

const char *rf_plan_status_id(rf_plan_status s); /* "balanced", "unfunded_gap", "cap_violation" */
const char *rf_plan_status_label(rf_plan_status s, bool chinese);

#endif
