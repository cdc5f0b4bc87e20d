/* gen_small: seeded random small and medium scenarios (policy + scenario JSON text) for tests.
 *
 * Test support, included by the differential and property suites (one
 * translation unit each; every function is static).  A scenario is first
 * drawn as a description (gen_desc) and then written as JSON with the sites
 * and sources in any order, so that order-independence can be tested.
 * Regimes: money short (gaps, self-funding over the cap), ordinary, rich
 * (surplus to employment bases and industry); some policies pool per site,
 * some list the objective levels in another order or only some of them. */
#ifndef RF_TEST_GEN_SMALL_H
#define RF_TEST_GEN_SMALL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Every function is static and may go unused in a suite. */
#define GEN_FN static __attribute__((unused))

#define GEN_MAX_SITES 12
#define GEN_MAX_SOURCES 6
#define GEN_MAX_CLASSES 4
#define GEN_USES 8

static const char *const gen_use_ids[GEN_USES] = {"housing",         "decoration", "infrastructure",
                                                  "public_services", "land",       "demolition",
                                                  "employment_base", "industry"};
static const char *const gen_level_ids[9] = {
    "unfunded_gap",    "cap_excess", "registered_self_funding", "synchronous_self_funding",
    "integrated_agri", "loans",      "employment_base",         "even_self_funding",
    "site_entitlement"};
static const char *const gen_site_types[4] = {"urban_park", "township", "central_village",
                                              "dispersed"};

typedef struct {
    char id[16];
    bool registered;      /* category */
    long long per_person; /* fen */
    bool planned_basis;
    bool full;
    bool loan;
    bool site_limit;
    bool uses[GEN_USES];
    long long arrived; /* fen */
} gen_source;

typedef struct {
    char id[16];
    int type;
    int n_classes;
    int size[GEN_MAX_CLASSES];
    int households[GEN_MAX_CLASSES];
    int sync_households, sync_people;
    long long housing_per_m2, decoration_per_m2; /* fen */
    long long area, sync_area;                   /* hundredths of m² */
    long long infrastructure, public_services, land, demolition_per_household,
        employment_base_need; /* fen */
} gen_site;

typedef struct {
    uint64_t seed;
    int regime; /* 0 short, 1 ordinary, 2 rich */
    int n_sources, n_sites;
    gen_source sources[GEN_MAX_SOURCES];
    gen_site sites[GEN_MAX_SITES];
    long long cap; /* fen per household */
    bool self_uses[2];
    bool agri_uses[6];
    long long area_cap;        /* hundredths of m² per person */
    long long one_person_area; /* 0: none */
    bool site_pooling;
    int n_levels;
    int levels[9];
    long long agri_budget; /* fen */
    long long plan_people[2];
} gen_desc;

/* splitmix64: a small, well-mixed generator; the same seed, the same draws. */
GEN_FN uint64_t gen_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A whole number in [lo, hi]. */
GEN_FN long long gen_range(uint64_t *st, long long lo, long long hi)
{
    return lo + (long long)(gen_next(st) % (uint64_t)(hi - lo + 1));
}

GEN_FN bool gen_chance(uint64_t *st, int percent)
{
    return gen_range(st, 0, 99) < percent;
}

/* A source drawn in full never has a per-person site limit: the policy
 * reader refuses that combination (docs/testing.md, finding F1).  F2 and F3
 * (site entitlement in one-site groups, the integrated agri split under site
 * pooling) are fixed in the engine, so nothing else is left out. */
GEN_FN void gen_avoid_known_issues(gen_desc *d)
{
    for (int f = 0; f < d->n_sources; f++)
        if (d->sources[f].full)
            d->sources[f].site_limit = false; /* F1: an input error now */
}

/* Draws a scenario description from seed.  medium: more sites and classes. */
GEN_FN void gen_draw(uint64_t seed, bool medium, gen_desc *d)
{
    uint64_t st = seed * 0x2545f4914f6cdd1dULL + 1;
    memset(d, 0, sizeof *d);
    d->seed = seed;
    d->regime = (int)gen_range(&st, 0, 2);

    /* Policy. */
    int n_reg = (int)gen_range(&st, 1, 4);
    int n_sync = gen_chance(&st, 75) ? 1 : 0;
    d->n_sources = n_reg + n_sync;
    for (int f = 0; f < d->n_sources; f++) {
        gen_source *s = &d->sources[f];
        s->registered = f < n_reg;
        snprintf(s->id, sizeof s->id, "%s%d", s->registered ? "reg" : "sync", f);
        s->per_person = gen_range(&st, 10, 400) * 10000; /* 1,000 to 40,000 yuan */
        s->planned_basis = !s->registered && gen_chance(&st, 50);
        s->full = s->registered ? gen_chance(&st, 70) : gen_chance(&st, 20);
        s->loan = gen_chance(&st, 30);
        s->site_limit = !s->registered ? gen_chance(&st, 60) : gen_chance(&st, 10);
        for (int u = 0; u < GEN_USES; u++)
            s->uses[u] = gen_chance(&st, 85);
        if (s->full)
            s->uses[7] = true; /* a full source needs somewhere for its leftover */
    }
    d->cap = gen_range(&st, 50, 150) * 10000;
    d->self_uses[0] = gen_chance(&st, 85);
    d->self_uses[1] = gen_chance(&st, 70);
    for (int u = 0; u < 6; u++)
        d->agri_uses[u] = u == 4 ? gen_chance(&st, 90) : gen_chance(&st, 15);
    d->area_cap = gen_chance(&st, 80) ? 2500 : 2000;
    d->one_person_area = gen_chance(&st, 20) ? 3000 : 0;
    d->site_pooling = gen_chance(&st, 30);
    int order = (int)gen_range(&st, 0, 99);
    d->n_levels = 9;
    for (int k = 0; k < 9; k++)
        d->levels[k] = k;
    if (order >= 60) { /* another order */
        for (int k = 8; k > 0; k--) {
            int j = (int)gen_range(&st, 0, k);
            int t = d->levels[k];
            d->levels[k] = d->levels[j];
            d->levels[j] = t;
        }
        if (order >= 85) /* and only some levels */
            d->n_levels = (int)gen_range(&st, 1, 8);
    }

    /* Scenario. */
    d->n_sites = (int)(medium ? gen_range(&st, 3, GEN_MAX_SITES) : gen_range(&st, 1, 4));
    long long people[2] = {0, 0};
    for (int i = 0; i < d->n_sites; i++) {
        gen_site *s = &d->sites[i];
        snprintf(s->id, sizeof s->id, "S%02d", i + 1);
        s->type = (int)gen_range(&st, 0, 3);
        s->n_classes = (int)gen_range(&st, 1, medium ? GEN_MAX_CLASSES : 3);
        int size = (int)gen_range(&st, 1, 3);
        for (int c = 0; c < s->n_classes; c++) {
            s->size[c] = size;
            size += (int)gen_range(&st, 1, 3);
            s->households[c] = (int)gen_range(&st, 0, medium ? 40 : 12);
            people[0] += (long long)s->size[c] * s->households[c];
        }
        s->sync_households = (int)gen_range(&st, 0, 10);
        s->sync_people = s->sync_households * (int)gen_range(&st, 1, 6);
        people[1] += s->sync_people;
        s->housing_per_m2 = gen_range(&st, 800, 2000) * 100;
        s->decoration_per_m2 = gen_chance(&st, 80) ? gen_range(&st, 0, 300) * 100 : 0;
        s->area = gen_chance(&st, 85) ? gen_range(&st, 1500, 2500) : gen_range(&st, 1500, 3000);
        s->sync_area = gen_range(&st, 1500, 3500);
        s->infrastructure =
            gen_chance(&st, 70) ? gen_range(&st, 0, 200000) * 1000 + gen_range(&st, 0, 99) : 0;
        s->public_services = gen_chance(&st, 50) ? gen_range(&st, 0, 50000) * 1000 : 0;
        s->land =
            gen_chance(&st, 70) ? gen_range(&st, 0, 100000) * 1000 + gen_range(&st, 0, 99) : 0;
        s->demolition_per_household = gen_range(&st, 0, 5000) * 100;
        s->employment_base_need = gen_chance(&st, 60) ? gen_range(&st, 0, 100000) * 1000 : 0;
    }
    /* Arrived: the entitlement (per person x people of the category), scaled
     * by the regime, with odd fen. */
    for (int f = 0; f < d->n_sources; f++) {
        gen_source *s = &d->sources[f];
        long long base = s->per_person * people[s->registered ? 0 : 1];
        int pct = d->regime == 0   ? (int)gen_range(&st, 10, 70)
                  : d->regime == 1 ? (int)gen_range(&st, 80, 130)
                                   : (int)gen_range(&st, 150, 300);
        s->arrived = base / 100 * pct + gen_range(&st, 0, 99);
        if (gen_chance(&st, 5))
            s->arrived = 0;
    }
    gen_avoid_known_issues(d);
    d->agri_budget =
        gen_chance(&st, 70) ? gen_range(&st, 0, 300000) * 1000 + gen_range(&st, 0, 99) : 0;
    d->plan_people[0] = people[0] + gen_range(&st, 0, 20);
    d->plan_people[1] = people[1] + gen_range(&st, 0, 20);
}

/* A growing string. */
typedef struct {
    char *p;
    size_t n, cap;
} gen_buf;

__attribute__((format(printf, 2, 3))) GEN_FN void gen_put(gen_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)need + 1 > b->cap) {
        b->cap = (b->n + (size_t)need + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)need + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

/* fen as yuan: "123.45", or "123" when whole. */
GEN_FN void gen_put_yuan(gen_buf *b, long long fen)
{
    if (fen % 100)
        gen_put(b, "%lld.%02lld", fen / 100, fen % 100);
    else
        gen_put(b, "%lld", fen / 100);
}

GEN_FN void gen_put_m2(gen_buf *b, long long centi)
{
    gen_put_yuan(b, centi);
}

GEN_FN void gen_put_uses(gen_buf *b, const bool *uses, int n)
{
    gen_put(b, "[");
    bool first = true;
    for (int u = 0; u < n; u++)
        if (uses[u]) {
            gen_put(b, "%s\"%s\"", first ? "" : ", ", gen_use_ids[u]);
            first = false;
        }
    gen_put(b, "]");
}

/* The policy JSON, sources in the order src_order (NULL: as drawn). */
GEN_FN char *gen_policy_json(const gen_desc *d, const int *src_order)
{
    gen_buf b = {0};
    gen_put(&b,
            "{\n  \"format\": \"relocfund-policy/1\",\n  \"id\": \"gen-%llu\",\n"
            "  \"name\": {\"zh\": \"随机政策\", \"en\": \"random policy\"},\n  \"sources\": [\n",
            (unsigned long long)d->seed);
    for (int k = 0; k < d->n_sources; k++) {
        const gen_source *s = &d->sources[src_order ? src_order[k] : k];
        gen_put(&b,
                "    {\"id\": \"%s\", \"name\": {\"zh\": \"%s\", \"en\": \"%s\"}, \"category\": "
                "\"%s\", "
                "\"per_person\": ",
                s->id, s->id, s->id, s->registered ? "registered" : "synchronous");
        gen_put_yuan(&b, s->per_person);
        gen_put(&b,
                ", \"basis\": \"%s\", \"drawdown\": \"%s\", \"loan\": %s, \"site_limit\": \"%s\", "
                "\"uses\": ",
                s->planned_basis ? "planned_people" : "implemented_people",
                s->full ? "full" : "as_needed", s->loan ? "true" : "false",
                s->site_limit ? "per_person" : "none");
        gen_put_uses(&b, s->uses, GEN_USES);
        gen_put(&b, "}%s\n", k + 1 < d->n_sources ? "," : "");
    }
    gen_put(&b, "  ],\n  \"self_funding\": {\"cap_per_household\": ");
    gen_put_yuan(&b, d->cap);
    gen_put(&b, ", \"uses\": ");
    gen_put_uses(&b, d->self_uses, 2);
    gen_put(&b, "},\n  \"housing\": {\"area_cap_per_person_m2\": ");
    gen_put_m2(&b, d->area_cap);
    gen_put(&b, ", \"one_person_household_area_m2\": ");
    if (d->one_person_area)
        gen_put_m2(&b, d->one_person_area);
    else
        gen_put(&b, "null");
    gen_put(&b, "},\n  \"surplus_routing\": [\"employment_base\", \"industry\"],\n"
                "  \"shortfall\": {\"integrated_agri_uses\": ");
    gen_put_uses(&b, d->agri_uses, 6);
    gen_put(&b, "},\n  \"pooling\": \"%s\",\n  \"objective\": [",
            d->site_pooling ? "site" : "county");
    for (int k = 0; k < d->n_levels; k++)
        gen_put(&b, "%s\"%s\"", k ? ", " : "", gen_level_ids[d->levels[k]]);
    gen_put(&b, "],\n  \"solver\": {\"time_limit_seconds\": 10, \"level_tolerance\": 1e-9}\n}\n");
    return b.p;
}

/* The scenario JSON (policy file "policy.json" beside it), sites in the
 * order site_order and sources in the order src_order (NULL: as drawn). */
GEN_FN char *gen_scenario_json(const gen_desc *d, const int *site_order, const int *src_order)
{
    gen_buf b = {0};
    gen_put(&b,
            "{\n  \"format\": \"relocfund-scenario/1\",\n  \"id\": \"gen-%llu\",\n"
            "  \"name\": {\"zh\": \"随机情景\", \"en\": \"random scenario\"},\n  \"year\": 2016,\n"
            "  \"policy\": \"policy.json\",\n"
            "  \"plan\": {\"registered_people\": %lld, \"synchronous_people\": %lld},\n"
            "  \"sources\": {",
            (unsigned long long)d->seed, d->plan_people[0], d->plan_people[1]);
    for (int k = 0; k < d->n_sources; k++) {
        const gen_source *s = &d->sources[src_order ? src_order[k] : k];
        gen_put(&b, "%s\n    \"%s\": {\"arrived\": ", k ? "," : "", s->id);
        gen_put_yuan(&b, s->arrived);
        gen_put(&b, "}");
    }
    gen_put(&b, "\n  },\n  \"integrated_agri\": {\"budget\": ");
    gen_put_yuan(&b, d->agri_budget);
    gen_put(&b,
            "},\n  \"cost_defaults\": {\"housing_per_m2\": 1300, \"decoration_per_m2\": 150, "
            "\"area_per_person_m2\": 25, \"synchronous_area_per_person_m2\": 25, "
            "\"infrastructure\": 0, \"public_services\": 0, \"land\": 0, "
            "\"demolition_per_household\": 3000, \"employment_base_need\": 0},\n  \"sites\": [");
    for (int k = 0; k < d->n_sites; k++) {
        const gen_site *s = &d->sites[site_order ? site_order[k] : k];
        gen_put(&b,
                "%s\n    {\"id\": \"%s\", \"name\": {\"zh\": \"%s\", \"en\": \"%s\"}, \"type\": "
                "\"%s\",\n"
                "     \"registered\": {\"households_by_size\": {",
                k ? "," : "", s->id, s->id, s->id, gen_site_types[s->type]);
        for (int c = 0; c < s->n_classes; c++)
            gen_put(&b, "%s\"%d\": %d", c ? ", " : "", s->size[c], s->households[c]);
        gen_put(
            &b,
            "}},\n     \"synchronous\": {\"households\": %d, \"people\": %d},\n     \"costs\": {",
            s->sync_households, s->sync_people);
        gen_put(&b, "\"housing_per_m2\": ");
        gen_put_yuan(&b, s->housing_per_m2);
        gen_put(&b, ", \"decoration_per_m2\": ");
        gen_put_yuan(&b, s->decoration_per_m2);
        gen_put(&b, ", \"area_per_person_m2\": ");
        gen_put_m2(&b, s->area);
        gen_put(&b, ", \"synchronous_area_per_person_m2\": ");
        gen_put_m2(&b, s->sync_area);
        gen_put(&b, ", \"infrastructure\": ");
        gen_put_yuan(&b, s->infrastructure);
        gen_put(&b, ", \"public_services\": ");
        gen_put_yuan(&b, s->public_services);
        gen_put(&b, ", \"land\": ");
        gen_put_yuan(&b, s->land);
        gen_put(&b, ", \"demolition_per_household\": ");
        gen_put_yuan(&b, s->demolition_per_household);
        gen_put(&b, ", \"employment_base_need\": ");
        gen_put_yuan(&b, s->employment_base_need);
        gen_put(&b, "}}");
    }
    gen_put(&b, "\n  ]\n}\n");
    return b.p;
}

/* Writes text to dir/name; returns false when it cannot. */
GEN_FN bool gen_write(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Writes the scenario drawn from seed (gen_draw) with its policy into a new
 * folder dir/s<seed> and the scenario's path into path (size bytes); false
 * when it cannot. */
GEN_FN bool gen_write_drawn(const char *dir, uint64_t seed, bool medium, char *path, size_t size)
{
    gen_desc d;
    gen_draw(seed, medium, &d);
    char sub[400];
    snprintf(sub, sizeof sub, "%s/s%llu", dir, (unsigned long long)seed);
    char *pol = gen_policy_json(&d, NULL);
    char *scen = gen_scenario_json(&d, NULL, NULL);
    bool ok = pol && scen && mkdir(sub, 0700) == 0 && gen_write(sub, "policy.json", pol) &&
              gen_write(sub, "scenario.json", scen);
    free(pol);
    free(scen);
    snprintf(path, size, "%s/scenario.json", sub);
    return ok;
}

/* A random permutation of 0..n-1 from seed. */
GEN_FN void gen_permutation(uint64_t seed, int n, int *out)
{
    uint64_t st = seed ^ 0x5deece66dULL;
    for (int i = 0; i < n; i++)
        out[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)gen_range(&st, 0, i);
        int t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}

#endif
