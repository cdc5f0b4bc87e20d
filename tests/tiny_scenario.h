/* A tiny hand-built scenario for the engine and what-if suites (test_plan,
 * test_whatif, test_sensitivity, test_reverse).
 *
 * Policy: a grant drawn in full and a loan drawn as needed, both registered,
 * paying every use; self-funding pays housing; cap 10,000 yuan a household;
 * area 25 m² a person.  Sites S1 (2 households of 4) and S2 (1 household of
 * 5): 13 people, 325 m², so the housing cost is 325 x p yuan at p yuan/m². */
#ifndef RF_TINY_SCENARIO_H
#define RF_TINY_SCENARIO_H

#include <stdlib.h>
#include <string.h>

#include "rf_scenario.h"

#define YUAN(y) ((rf_fen)(y) * 100)

static inline rf_policy *tiny_policy(void)
{
    rf_policy *p = calloc(1, sizeof *p);
    p->id = strdup("tiny");
    p->n_sources = 2;
    p->sources = calloc(2, sizeof *p->sources);
    p->sources[0].id = strdup("grant");
    p->sources[0].per_person = YUAN(10000);
    p->sources[0].drawdown = RF_DRAW_FULL;
    p->sources[1].id = strdup("loan");
    p->sources[1].per_person = YUAN(10000);
    p->sources[1].drawdown = RF_DRAW_AS_NEEDED;
    p->sources[1].is_loan = true;
    for (int f = 0; f < 2; f++) {
        p->sources[f].category = RF_CAT_REGISTERED;
        for (int u = 0; u < RF_USE_COUNT; u++)
            p->sources[f].permitted[u] = true;
    }
    p->self_funding_cap = YUAN(10000);
    p->self_funding_uses[RF_USE_HOUSING] = true;
    p->area_cap_per_person = 2500;
    p->agri_permitted[RF_USE_LAND] = true;
    p->pooling = RF_POOLING_COUNTY;
    for (int l = 0; l < RF_LEVEL_COUNT; l++)
        p->levels[l] = (rf_level)l;
    p->n_levels = RF_LEVEL_COUNT;
    p->level_tolerance = 1e-9;
    p->time_limit_seconds = 10;
    return p;
}

/* Adds a site with one registered size class, a housing cost per m² and a
 * land cost (both fen). */
static inline void tiny_site(rf_scenario *s, const char *id, int size, int64_t households,
                             rf_fen housing_per_m2, rf_fen land)
{
    s->sites = realloc(s->sites, (s->n_sites + 1) * sizeof *s->sites);
    rf_site *site = &s->sites[s->n_sites++];
    memset(site, 0, sizeof *site);
    site->id = strdup(id);
    site->type = RF_SITE_TOWNSHIP;
    site->n_registered = 1;
    site->registered = calloc(1, sizeof *site->registered);
    site->registered[0].size = size;
    site->registered[0].households = households;
    site->registered_households = households;
    site->registered_people = households * size;
    site->costs.housing_per_m2 = housing_per_m2;
    site->costs.area_per_person = 2500;
    site->costs.land = land;
}

/* The tiny policy with the given grant and loan arrived, and no site yet. */
static inline rf_scenario *tiny_empty(rf_fen grant, rf_fen loan)
{
    rf_scenario *s = calloc(1, sizeof *s);
    s->id = strdup("tiny");
    s->policy = tiny_policy();
    s->n_sources = 2;
    s->sources = calloc(2, sizeof *s->sources);
    s->sources[0].id = strdup("grant");
    s->sources[0].arrived = grant;
    s->sources[1].id = strdup("loan");
    s->sources[1].arrived = loan;
    s->sites_completed = -1;
    return s;
}

/* The tiny scenario with the given grant and loan, housing at p yuan/m². */
static inline rf_scenario *tiny_scenario(rf_fen grant, rf_fen loan, int64_t p)
{
    rf_scenario *s = tiny_empty(grant, loan);
    tiny_site(s, "S1", 4, 2, YUAN(p), 0);
    tiny_site(s, "S2", 5, 1, YUAN(p), 0);
    return s;
}

static inline void tiny_set_price(rf_scenario *s, int64_t p)
{
    for (size_t i = 0; i < s->n_sites; i++)
        s->sites[i].costs.housing_per_m2 = YUAN(p);
}

static inline void tiny_free(rf_scenario *s)
{
    for (size_t i = 0; i < s->n_sites; i++) {
        free(s->sites[i].id);
        free(s->sites[i].registered);
    }
    free(s->sites);
    for (size_t f = 0; f < s->policy->n_sources; f++)
        free(s->policy->sources[f].id);
    free(s->policy->sources);
    free(s->policy->id);
    free(s->policy);
    for (size_t f = 0; f < s->n_sources; f++)
        free(s->sources[f].id);
    free(s->sources);
    free(s->id);
    free(s);
}

#endif
