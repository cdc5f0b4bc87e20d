/* rf_gen: seeded generator of realistic synthetic county scenarios (JSON text).
 *
 * Everything is drawn from an explicit PRNG (splitmix64 seeding a
 * xoshiro256**), so the same parameters and seed give the same bytes on
 * every machine and in every thread.  The text is a scenario in the bundled
 * format (relocfund-scenario/1) that rf_scenario_load reads without a
 * warning; its policy is a file the caller names (e.g. the bundled
 * models/example-county.json, or one written from rf_gen_policy_json).
 *
 * What is realistic: households in size classes 1-8 (about 3.6 people a
 * household on average, as the national 9.6 million people in 2.66 million
 * households), site types and sizes with a spread, construction 1,100-2,000
 * yuan per m², funds at the policy's per-person standards; a county is
 * "short" (some sources arrived only in part, or not yet) with probability
 * short_share, and "high cost" (dear housing that pushes registered
 * households over the self-funding cap) with probability over_cap_share.
 *
 * The wide spread (RF_GEN_SPREAD_WIDE) is what a national set of real
 * counties looks like past the averages: households of 1-12 people, and
 * construction costs from cheap to far over what the standards pay for,
 * site by site (700-5,000 yuan per m²), so that a large county has sites
 * in balance and sites whose households pay well over the cap.  The
 * typical spread (0, the default) gives the same bytes as before the
 * wide one existed. */
#ifndef RF_GEN_H
#define RF_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "rf_error.h"
#include "rf_scenario.h"

typedef enum {
    RF_GEN_SPREAD_TYPICAL = 0, /* households 1-8, construction 1,100-2,000 yuan/m² */
    RF_GEN_SPREAD_WIDE         /* households 1-12, construction 700-5,000 yuan/m² */
} rf_gen_spread;

typedef struct {
    const char *id;            /* the county's id; NULL: "county-<seed in hex>" */
    int sites;                 /* centralized sites, 1..100000 */
    int64_t registered_people; /* registered people, >= 4 x sites, <= 10^8 */
    double synchronous_ratio;  /* synchronous people per registered person, 0..5 */
    double dispersed_share;    /* share of registered people resettled dispersed, 0..0.5 */
    double short_share;        /* probability the county's funds arrive short, 0..1 */
    double over_cap_share;     /* probability the county has high housing costs, 0..1 */
    int year;                  /* 1949..2200 */
    rf_gen_spread spread;
    /* How a short county is short.  0: its three largest registered sources
     * arrived in part (30-90%) or not yet (each with probability 0.3).
     * 0 < missing < 1: every source (the synchronous fund too) arrived at
     * (1 - missing) x its standard, e.g. 0.25 for a quarter of the money
     * missing. */
    double missing;
} rf_gen_params;

/* What a generated county turned out to be (exact counts of its text). */
typedef struct {
    int sites; /* entries in "sites", the dispersed one included */
    int64_t registered_people;
    int64_t registered_households;
    int64_t synchronous_people;
    int64_t synchronous_households;
    bool short_of_money;
    bool high_cost;
} rf_gen_info;

/* Fills p with a typical county: 25 centralized sites, 6,857 registered
 * people (the national average: 9.6 million people / 1,400 counties), half
 * as many synchronous people, 2% dispersed, 20% short, 15% high cost, the
 * typical spread, a short county short as missing = 0 says. */
void rf_gen_params_county(rf_gen_params *p);

/* Fills p with a small random county (1-6 sites, 4-400 people per site,
 * shares drawn too) for property tests: each seed gives another shape. */
void rf_gen_params_small(rf_gen_params *p, uint64_t seed);

/* Generates one county scenario.  policy_path is written verbatim as the
 * scenario's "policy" (relative to the folder the scenario will be saved
 * in, or absolute); the policy must have the sources of the bundled model
 * (central_budget, provincial_special, local_bonds, special_construction,
 * policy_loans, synchronous_fund).  Fills info when not NULL.  Returns a
 * malloc'd NUL-terminated text (the caller frees it), or NULL with err set
 * (RF_ERR_INPUT for parameters out of range, RF_ERR_SOLVER when out of
 * memory). */
char *rf_gen_county_json(const rf_gen_params *p, uint64_t seed, const char *policy_path,
                         rf_gen_info *info, rf_error *err);

/* The bundled example-county policy (the same sources, standards, caps and
 * levels) with the pooling given, as JSON text (relocfund-policy/1) with
 * id `id`.  Returns malloc'd text or NULL when out of memory. */
char *rf_gen_policy_json(const char *id, rf_pooling pooling);

/* The generator's PRNG, for callers that draw their own parameters (e.g.
 * county sizes of a province) from the same seed discipline. */
typedef struct {
    uint64_t s[4];
} rf_gen_rng;

void rf_gen_rng_seed(rf_gen_rng *r, uint64_t seed);
uint64_t rf_gen_rng_next(rf_gen_rng *r);
/* Uniform in [0, 1). */
double rf_gen_rng_uniform(rf_gen_rng *r);
/* Standard normal (Box-Muller). */
double rf_gen_rng_normal(rf_gen_rng *r);

/* Registered people for a county of `sites` centralized sites in the wide
 * spread: 180-370 a site (274 on average, as 9.6 million people at 35,000
 * sites), drawn from r. */
int64_t rf_gen_people_for_sites(rf_gen_rng *r, int sites);

/* Centralized sites of one county of a heavy-tailed national set, drawn
 * from r: a Pareto tail (exponent 1.1) from 5 sites, at most max_sites.
 * Most counties have 5-30 sites (86%), about one in 90 has 300 or more and
 * one in 340 reaches 1,000 (drawn higher, held at max_sites); the mean is
 * about 25 (the national 35,000 sites over 1,400 counties). */
int rf_gen_heavy_sites(rf_gen_rng *r, int max_sites);

#endif
