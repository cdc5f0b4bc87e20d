/* Property tests of rf_plan_solve on random scenarios: identities, status, order, repeatability. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_small.h"
#include "rf_gen.h"
#include "rf_names.h"
#include "rf_plan.h"
#include "rf_model.h"
#include "rf_names.h"
#include "rf_report.h"
#include "rf_solve.h"
#include "rf_scenario.h"
#include "support.h"

/* Scenarios per property: RF_PROP_COUNT in the environment, else 100. */
static int scenario_count(void)
{
    const char *v = getenv("RF_PROP_COUNT");
    return v && atoi(v) > 0 ? atoi(v) : 100;
}

static char workdir[64];

static void make_workdir(void)
{
    cr_assert(rf_temp_dir(workdir, sizeof workdir, "rf-prop"));
}

static void remove_workdir(void)
{
    cr_assert(rf_remove_tree(workdir));
}

/* Writes the scenario of seed (sites and sources in the given orders, NULL
 * for as drawn) into sub-folder `sub` of the work folder; returns its path. */
static char *write_scenario(const gen_desc *d, const char *sub, const int *site_order,
                            const int *src_order)
{
    static char path[3][256];
    static int turn;
    char dir[200];
    snprintf(dir, sizeof dir, "%s/%s", workdir, sub);
    mkdir(dir, 0700);
    char *pol = gen_policy_json(d, src_order);
    char *scen = gen_scenario_json(d, site_order, src_order);
    cr_assert(gen_write(dir, "policy.json", pol) && gen_write(dir, "scenario.json", scen));
    free(pol);
    free(scen);
    turn = (turn + 1) % 3;
    snprintf(path[turn], sizeof path[turn], "%s/scenario.json", dir);
    return path[turn];
}

static rf_scenario *load(const char *path, uint64_t seed)
{
    rf_diags diags = {0};
    rf_scenario *s = rf_scenario_load(path, NULL, &diags);
    cr_assert(s, "seed %llu: generated scenario does not load: %s: %s", (unsigned long long)seed,
              diags.count ? diags.items[0].path : "", diags.count ? diags.items[0].message : "");
    rf_diags_free(&diags);
    return s;
}

/* Solves; NULL (after a failed expectation) when the engine refuses. */
static rf_plan *solve(const rf_scenario *s, uint64_t seed)
{
    rf_plan *p = NULL;
    rf_error err = {0};
    rf_status st = rf_plan_solve(s, NULL, &p, &err);
    cr_expect_eq(st, RF_OK, "seed %llu: %s", (unsigned long long)seed, err.message);
    return st == RF_OK ? p : NULL;
}

#define SEED_EQ(a, b, what)                                                                        \
    cr_expect_eq((a), (b), "seed %llu: %s: %lld != %lld", (unsigned long long)seed, what,          \
                 (long long)(a), (long long)(b))

/* n·k·a·p / 100 fen, rounded half up: a dwelling cost as docs/model.md
 * defines it, computed here from the scenario and not by the engine. */
static rf_fen dwelling(int64_t people, int64_t area, int64_t price)
{
    return (rf_fen)(((__int128)people * area * price + 50) / 100);
}

/* Every identity of src/engine/rf_plan.h, recomputed from the plan's rows. */
static void check_identities(const rf_plan *p, uint64_t seed)
{
    const rf_scenario *s = p->scenario;
    const rf_policy *pol = s->policy;
    rf_fen tot_cost[RF_USE_COUNT] = {0}, tot_cost_total = 0, tot_self[RF_CAT_COUNT] = {0};
    rf_fen tot_agri = 0, tot_unfunded = 0, tot_pool = 0, tot_spent = 0, tot_eb = 0, tot_ind = 0;
    rf_fen tot_excess = 0, by_use[GEN_MAX_SOURCES][RF_USE_COUNT] = {{0}};
    int64_t over_cap = 0, over_area = 0;
    bool any_excess = false, any_area = false;

    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        const rf_site *site = ps->site;
        /* Costs, from the scenario's own figures. */
        rf_fen want[RF_USE_COUNT] = {0};
        for (size_t c = 0; c < site->n_registered; c++) {
            int64_t people = site->registered[c].households * site->registered[c].size;
            want[RF_USE_HOUSING] +=
                dwelling(people, site->costs.area_per_person, site->costs.housing_per_m2);
            want[RF_USE_DECORATION] +=
                dwelling(people, site->costs.area_per_person, site->costs.decoration_per_m2);
        }
        want[RF_USE_HOUSING] +=
            dwelling(site->synchronous_people, site->costs.synchronous_area_per_person,
                     site->costs.housing_per_m2);
        want[RF_USE_DECORATION] +=
            dwelling(site->synchronous_people, site->costs.synchronous_area_per_person,
                     site->costs.decoration_per_m2);
        want[RF_USE_INFRASTRUCTURE] = site->costs.infrastructure;
        want[RF_USE_PUBLIC_SERVICES] = site->costs.public_services;
        want[RF_USE_LAND] = site->costs.land;
        want[RF_USE_DEMOLITION] = site->costs.demolition_per_household *
                                  (site->registered_households + site->synchronous_households);

        rf_fen cost_total = 0, agri = 0, unfunded = 0, pool = 0, spent = 0, eb = 0, ind = 0;
        rf_fen self_by_use = 0;
        for (int u = 0; u < RF_USE_COUNT; u++) {
            rf_use use = (rf_use)u;
            rf_fen paid = 0;
            for (size_t f = 0; f < p->n_sources; f++) {
                rf_fen x = rf_plan_flow(ps, f, use);
                cr_expect_geq(x, 0, "seed %llu: negative flow", (unsigned long long)seed);
                cr_expect(x == 0 || pol->sources[f].permitted[u],
                          "seed %llu: %s pays %s, which it may not", (unsigned long long)seed,
                          pol->sources[f].id, rf_use_is_cost(use) ? "a cost" : "a surplus");
                paid += x;
                by_use[f][u] += x;
                if (pol->sources[f].category == RF_CAT_REGISTERED) {
                    pool += x;
                    if (rf_use_is_cost(use))
                        spent += x;
                    else if (use == RF_USE_EMPLOYMENT_BASE)
                        eb += x;
                    else
                        ind += x;
                }
            }
            cr_expect_geq(ps->self_funding_by_use[u], 0);
            cr_expect_geq(ps->integrated_agri[u], 0);
            cr_expect_geq(ps->unfunded[u], 0);
            cr_expect(ps->integrated_agri[u] == 0 || pol->agri_permitted[u],
                      "seed %llu: integrated agri pays a use it may not", (unsigned long long)seed);
            if (rf_use_is_cost(use)) {
                SEED_EQ(ps->cost[u], want[u], "site cost by use");
                SEED_EQ(ps->cost[u],
                        paid + ps->self_funding_by_use[u] + ps->integrated_agri[u] +
                            ps->unfunded[u],
                        "cost = sources + self-funding + integrated agri + unfunded");
            } else {
                SEED_EQ(ps->cost[u], 0, "surplus uses have no cost");
                SEED_EQ(ps->self_funding_by_use[u] + ps->integrated_agri[u] + ps->unfunded[u], 0,
                        "only sources pay surplus uses");
            }
            cost_total += ps->cost[u];
            agri += ps->integrated_agri[u];
            unfunded += ps->unfunded[u];
            self_by_use += ps->self_funding_by_use[u];
            tot_cost[u] += ps->cost[u];
        }
        SEED_EQ(ps->cost_total, cost_total, "site cost total");
        SEED_EQ(ps->integrated_agri_total, agri, "site integrated agri total");
        SEED_EQ(ps->unfunded_total, unfunded, "site unfunded total");
        SEED_EQ(ps->pool, pool, "site pool = registered sources' money at the site");
        SEED_EQ(ps->pool_spent, spent, "pool spent on costs");
        SEED_EQ(ps->surplus_employment_base, eb, "surplus to employment base");
        SEED_EQ(ps->surplus_industry, ind, "surplus to industry");
        SEED_EQ(ps->pool, ps->pool_spent + ps->surplus_employment_base + ps->surplus_industry,
                "pool = spent + surplus");
        SEED_EQ(self_by_use,
                ps->self_funding[RF_CAT_REGISTERED] + ps->self_funding[RF_CAT_SYNCHRONOUS],
                "self-funding by use = by category");
        cr_expect_leq(ps->surplus_employment_base, site->costs.employment_base_need,
                      "seed %llu: employment base over its need", (unsigned long long)seed);
        rf_fen all_eb = 0;
        for (size_t f = 0; f < p->n_sources; f++)
            all_eb += rf_plan_flow(ps, f, RF_USE_EMPLOYMENT_BASE);
        cr_expect_leq(all_eb, site->costs.employment_base_need,
                      "seed %llu: employment base over its need", (unsigned long long)seed);
        /* Per-person site limits. */
        for (size_t f = 0; f < p->n_sources; f++) {
            if (!pol->sources[f].site_limit_per_person)
                continue;
            rf_fen at_site = 0;
            for (int u = 0; u < RF_USE_COUNT; u++)
                at_site += rf_plan_flow(ps, f, (rf_use)u);
            int64_t people = pol->sources[f].category == RF_CAT_REGISTERED
                                 ? site->registered_people
                                 : site->synchronous_people;
            cr_expect_leq(at_site, pol->sources[f].per_person * people,
                          "seed %llu: %s over its per-person site limit", (unsigned long long)seed,
                          pol->sources[f].id);
        }
        /* Classes against the caps. */
        rf_fen class_self = 0;
        cr_expect_eq(ps->n_classes, site->n_registered);
        for (size_t c = 0; c < ps->n_classes; c++) {
            const rf_plan_class *pc = &ps->classes[c];
            cr_expect_geq(pc->self_funding, 0);
            class_self += pc->self_funding;
            SEED_EQ(pc->cap_total, pol->self_funding_cap * pc->households, "cap x households");
            SEED_EQ(pc->excess,
                    pc->self_funding > pc->cap_total ? pc->self_funding - pc->cap_total : 0,
                    "class excess");
            if (pc->households > 0)
                SEED_EQ(pc->self_funding_per_household,
                        (pc->self_funding * 2 + pc->households) / (2 * pc->households),
                        "self-funding per household, rounded half up");
            tot_excess += pc->excess;
            if (pc->excess > 0) {
                over_cap += pc->households;
                any_excess = true;
            }
            if (pc->over_area_cap) {
                over_area += pc->households;
                any_area = true;
            }
        }
        SEED_EQ(class_self, ps->self_funding[RF_CAT_REGISTERED],
                "site self-funding = sum of classes");
        tot_cost_total += ps->cost_total;
        for (int k = 0; k < RF_CAT_COUNT; k++)
            tot_self[k] += ps->self_funding[k];
        tot_agri += ps->integrated_agri_total;
        tot_unfunded += ps->unfunded_total;
        tot_pool += ps->pool;
        tot_spent += ps->pool_spent;
        tot_eb += ps->surplus_employment_base;
        tot_ind += ps->surplus_industry;
    }
    /* Sources. */
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_plan_source *src = &p->sources[f];
        rf_fen alloc = 0;
        for (int u = 0; u < RF_USE_COUNT; u++) {
            SEED_EQ(src->by_use[u], by_use[f][u], "source by use = sum over sites");
            alloc += src->by_use[u];
        }
        SEED_EQ(src->arrived, s->sources[f].arrived, "source arrived");
        SEED_EQ(src->allocated, alloc, "allocated = sum by use");
        SEED_EQ(src->arrived, src->allocated + src->undrawn, "arrived = allocated + undrawn");
        cr_expect_geq(src->undrawn, 0, "seed %llu: %s spends more than arrived",
                      (unsigned long long)seed, src->policy->id);
        if (src->policy->drawdown == RF_DRAW_FULL && pol->pooling == RF_POOLING_COUNTY)
            SEED_EQ(src->undrawn, 0, "a full source is drawn in full");
    }
    /* Totals are the sums of their rows. */
    for (int u = 0; u < RF_USE_COUNT; u++)
        SEED_EQ(p->cost[u], tot_cost[u], "total cost by use");
    SEED_EQ(p->cost_total, tot_cost_total, "total cost");
    for (int k = 0; k < RF_CAT_COUNT; k++)
        SEED_EQ(p->self_funding[k], tot_self[k], "total self-funding");
    SEED_EQ(p->integrated_agri_total, tot_agri, "total integrated agri");
    cr_expect_leq(p->integrated_agri_total, s->integrated_agri_budget);
    SEED_EQ(p->unfunded_total, tot_unfunded, "total unfunded");
    SEED_EQ(p->pool, tot_pool, "total pool");
    SEED_EQ(p->pool_spent, tot_spent, "total pool spent");
    SEED_EQ(p->surplus_employment_base, tot_eb, "total surplus to employment base");
    SEED_EQ(p->surplus_industry, tot_ind, "total surplus to industry");
    SEED_EQ(p->cap_excess_total, tot_excess, "total cap excess");
    SEED_EQ(p->households_over_cap, over_cap, "households over the cap");
    SEED_EQ(p->households_over_area_cap, over_area, "households over the area cap");

    /* Status. */
    if (p->status == RF_PLAN_BALANCED) {
        cr_expect(!any_excess && !any_area && tot_unfunded == 0,
                  "seed %llu: balanced, but a class is over a cap or money is unfunded",
                  (unsigned long long)seed);
    } else if (p->status == RF_PLAN_UNFUNDED_GAP) {
        cr_expect_gt(tot_unfunded, 0, "seed %llu", (unsigned long long)seed);
    } else {
        cr_expect(tot_unfunded == 0 && (any_excess || any_area),
                  "seed %llu: cap_violation without one", (unsigned long long)seed);
    }
}

static gen_desc draw(int i)
{
    gen_desc d;
    gen_draw(5000 + (uint64_t)i, i % 5 == 4, &d);
    return d;
}

Test(properties, every_identity_holds_to_the_fen_and_the_status_follows, .timeout = 1200)
{
    make_workdir();
    int n = scenario_count(), counts[3] = {0, 0, 0}, solved = 0;
    for (int i = 0; i < n; i++) {
        gen_desc d = draw(i);
        rf_scenario *s = load(write_scenario(&d, "a", NULL, NULL), d.seed);
        rf_plan *p = solve(s, d.seed);
        if (p) {
            check_identities(p, d.seed);
            counts[p->status]++;
            solved++;
        }
        rf_plan_free(p);
        rf_scenario_free(s);
    }
    cr_expect(counts[0] && counts[1] && counts[2], "poor coverage: %d balanced, %d gap, %d cap",
              counts[0], counts[1], counts[2]);
    cr_log_info("%d scenarios solved (%d balanced, %d unfunded gap, %d cap violation)", solved,
                counts[0], counts[1], counts[2]);
    remove_workdir();
}

/* Writes an rf_gen county (src/input/rf_gen.c, the batch generator: realistic
 * sizes, the bundled policy's sources) with its policy, county or site
 * pooling, into sub-folder sub; returns the scenario's path. */
static char *write_gen_county(uint64_t seed, bool site_pooling, const char *sub)
{
    static char path[256];
    char dir[200];
    snprintf(dir, sizeof dir, "%s/%s", workdir, sub);
    mkdir(dir, 0700);
    rf_gen_params gp;
    rf_gen_params_small(&gp, seed);
    rf_error err = {0};
    char *scen = rf_gen_county_json(&gp, seed, "policy.json", NULL, &err);
    cr_assert(scen, "rf_gen seed %llu: %s", (unsigned long long)seed, err.message);
    char *pol = rf_gen_policy_json("gen", site_pooling ? RF_POOLING_SITE : RF_POOLING_COUNTY);
    cr_assert(pol);
    cr_assert(gen_write(dir, "policy.json", pol) && gen_write(dir, "scenario.json", scen));
    free(pol);
    free(scen);
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    return path;
}

Test(properties, rf_gen_counties_keep_every_identity_to_the_fen, .timeout = 1200)
{
    make_workdir();
    int n = scenario_count() / 2, counts[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        uint64_t seed = 9000 + (uint64_t)i;
        rf_scenario *s = load(write_gen_county(seed, i % 3 == 2, "g"), seed);
        rf_plan *p = solve(s, seed);
        if (p) {
            check_identities(p, seed);
            counts[p->status]++;
        }
        rf_plan_free(p);
        rf_scenario_free(s);
    }
    cr_log_info("%d rf_gen counties (%d balanced, %d unfunded gap, %d cap violation)", n, counts[0],
                counts[1], counts[2]);
    remove_workdir();
}

/* Report JSON of a plan, in memory. */
static char *plan_json(const rf_plan *p, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    cr_assert(f);
    cr_assert_eq(rf_report_plan_json(p, f), RF_OK);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

Test(properties, the_same_input_gives_byte_identical_json, .timeout = 1200)
{
    make_workdir();
    int n = scenario_count();
    for (int i = 0; i < n; i++) {
        gen_desc d = draw(i);
        const char *path = write_scenario(&d, "a", NULL, NULL);
        rf_scenario *s1 = load(path, d.seed), *s2 = load(path, d.seed);
        rf_plan *p1 = solve(s1, d.seed), *p2 = solve(s2, d.seed);
        if (p1 && p2) {
            size_t l1, l2;
            char *j1 = plan_json(p1, &l1), *j2 = plan_json(p2, &l2);
            cr_expect(l1 == l2 && memcmp(j1, j2, l1) == 0, "seed %llu: two runs differ",
                      (unsigned long long)d.seed);
            free(j1);
            free(j2);
        }
        rf_plan_free(p1);
        rf_plan_free(p2);
        rf_scenario_free(s1);
        rf_scenario_free(s2);
        /* The whole tool, for every tenth scenario: two processes, same bytes. */
        if (i % 10 == 0) {
            const char *argv[] = {"solve", path, "--format", "json", NULL};
            rf_run_result a = rf_run_cli(argv), b = rf_run_cli(argv);
            cr_expect(a.exit_code >= 0 && a.exit_code <= 1, "seed %llu: exit %d: %s",
                      (unsigned long long)d.seed, a.exit_code, a.err);
            cr_expect(a.out_len > 0 && a.out_len == b.out_len &&
                          memcmp(a.out, b.out, a.out_len) == 0,
                      "seed %llu: two runs of relocfund solve differ", (unsigned long long)d.seed);
            rf_run_free(&a);
            rf_run_free(&b);
        }
    }
    remove_workdir();
}

static const rf_plan_site *site_by_id(const rf_plan *p, const char *id)
{
    for (size_t i = 0; i < p->n_sites; i++)
        if (strcmp(p->sites[i].site->id, id) == 0)
            return &p->sites[i];
    return NULL;
}

static size_t source_index(const rf_plan *p, const char *id)
{
    for (size_t f = 0; f < p->n_sources; f++)
        if (strcmp(p->sources[f].policy->id, id) == 0)
            return f;
    return (size_t)-1;
}

/* Agreement of two level optima (万元) to a relative 1e-7 of the scale. */
static bool same_optimum(double a, double b, double scale)
{
    return fabs(a - b) <= 1e-7 * fmax(fmax(1.0, scale), fmax(fabs(a), fabs(b)));
}

/* The totals one group of sites reaches at each level, in fen (the
 * quantities the levels pin down), summed over the given sites. */
typedef struct {
    rf_fen v[RF_LEVEL_COUNT];
} level_totals;

static level_totals totals_of(const rf_plan *p, const rf_plan_site *const *sites, size_t n)
{
    level_totals t = {{0}};
    const rf_policy *pol = p->scenario->policy;
    for (size_t i = 0; i < n; i++) {
        const rf_plan_site *ps = sites[i];
        t.v[RF_LEVEL_UNFUNDED_GAP] += ps->unfunded_total;
        for (size_t c = 0; c < ps->n_classes; c++)
            t.v[RF_LEVEL_CAP_EXCESS] += ps->classes[c].excess;
        t.v[RF_LEVEL_REGISTERED_SELF_FUNDING] += ps->self_funding[RF_CAT_REGISTERED];
        t.v[RF_LEVEL_SYNCHRONOUS_SELF_FUNDING] += ps->self_funding[RF_CAT_SYNCHRONOUS];
        t.v[RF_LEVEL_INTEGRATED_AGRI] += ps->integrated_agri_total;
        for (size_t f = 0; f < p->n_sources; f++)
            for (int u = 0; u < RF_USE_COUNT; u++) {
                if (pol->sources[f].is_loan)
                    t.v[RF_LEVEL_LOANS] += rf_plan_flow(ps, f, (rf_use)u);
                if (u == RF_USE_EMPLOYMENT_BASE)
                    t.v[RF_LEVEL_EMPLOYMENT_BASE] += rf_plan_flow(ps, f, (rf_use)u);
            }
    }
    return t;
}

/* Compares two plans of the same scenario written in different orders:
 * what the model pins down must agree.  Those are the optimum of every
 * level (per budget group), and so the totals the levels count (to the few
 * fen the rounding may move: one per variable at most, and these totals
 * have at most 16 variables a site), the status, each site's costs and, with
 * site pooling, every site's own level totals.  Which source pays which use
 * at which site is not pinned down when several sources may pay it
 * (alternative optima), so it is not compared. */
static void compare_plans(const rf_plan *a, const rf_plan *b, uint64_t seed)
{
    const rf_policy *pol = a->scenario->policy;
    SEED_EQ(a->status, b->status, "status");
    cr_assert_eq(a->n_groups, b->n_groups);
    for (size_t g = 0; g < a->n_groups; g++) {
        /* The same group in b: the one holding the same first site. */
        const char *first = a->sites[a->groups[g].sites[0]].site->id;
        const rf_plan_group *gb = NULL;
        for (size_t h = 0; h < b->n_groups && !gb; h++)
            for (size_t k = 0; k < b->groups[h].n_sites; k++)
                if (strcmp(b->sites[b->groups[h].sites[k]].site->id, first) == 0)
                    gb = &b->groups[h];
        cr_assert(gb);
        const rf_plan_group *ga = &a->groups[g];
        cr_assert_eq(ga->n_levels, gb->n_levels);
        double scale = 0;
        for (size_t k = 0; k < ga->n_levels; k++) {
            cr_expect(same_optimum(ga->levels[k].value, gb->levels[k].value, scale),
                      "seed %llu: group of %s, level %s: %.9f != %.9f", (unsigned long long)seed,
                      first, rf_level_id(ga->levels[k].level), ga->levels[k].value,
                      gb->levels[k].value);
            scale = fmax(scale, fabs(ga->levels[k].value));
        }
        /* The totals each level counts, over the group's sites. */
        const rf_plan_site *sa[GEN_MAX_SITES], *sb[GEN_MAX_SITES];
        for (size_t k = 0; k < ga->n_sites; k++) {
            sa[k] = &a->sites[ga->sites[k]];
            sb[k] = site_by_id(b, sa[k]->site->id);
            cr_assert(sb[k]);
            for (int u = 0; u < RF_USE_COUNT; u++)
                SEED_EQ(sa[k]->cost[u], sb[k]->cost[u], "site cost");
        }
        level_totals ta = totals_of(a, sa, ga->n_sites), tb = totals_of(b, sb, ga->n_sites);
        rf_fen tol = 16 * (rf_fen)ga->n_sites;
        for (size_t k = 0; k < pol->n_levels; k++) {
            rf_level l = pol->levels[k];
            if (l >= RF_LEVEL_EVEN_SELF_FUNDING)
                continue; /* auxiliary levels count no money total */
            rf_fen diff = ta.v[l] - tb.v[l];
            cr_expect(diff <= tol && diff >= -tol,
                      "seed %llu: group of %s, total of level %s: %lld != %lld",
                      (unsigned long long)seed, first, rf_level_id(l), (long long)ta.v[l],
                      (long long)tb.v[l]);
        }
    }
    /* The engine builds the LP with sources and sites in id order, so the
     * plan is the same to the fen, tied optima included (finding F9): every
     * source's money by use, and at every site every flow, self-funding,
     * integrated agri and gap by use. */
    for (size_t f = 0; f < a->n_sources; f++) {
        size_t g = source_index(b, a->sources[f].policy->id);
        cr_assert_neq(g, (size_t)-1);
        SEED_EQ(a->sources[f].allocated, b->sources[g].allocated, a->sources[f].policy->id);
        for (int u = 0; u < RF_USE_COUNT; u++)
            SEED_EQ(a->sources[f].by_use[u], b->sources[g].by_use[u], a->sources[f].policy->id);
    }
    for (size_t i = 0; i < a->n_sites; i++) {
        const rf_plan_site *sa = &a->sites[i], *sb = site_by_id(b, sa->site->id);
        cr_assert(sb);
        for (int u = 0; u < RF_USE_COUNT; u++) {
            SEED_EQ(sa->self_funding_by_use[u], sb->self_funding_by_use[u], sa->site->id);
            SEED_EQ(sa->integrated_agri[u], sb->integrated_agri[u], sa->site->id);
            SEED_EQ(sa->unfunded[u], sb->unfunded[u], sa->site->id);
            for (size_t f = 0; f < a->n_sources; f++)
                SEED_EQ(rf_plan_flow(sa, f, (rf_use)u),
                        rf_plan_flow(sb, source_index(b, a->sources[f].policy->id), (rf_use)u),
                        sa->site->id);
        }
    }
}

Test(properties, the_result_does_not_depend_on_the_order_of_sites_or_sources, .timeout = 1200)
{
    make_workdir();
    int n = scenario_count();
    for (int i = 0; i < n; i++) {
        gen_desc d = draw(i);
        int site_order[GEN_MAX_SITES], src_order[GEN_MAX_SOURCES];
        gen_permutation(d.seed, d.n_sites, site_order);
        gen_permutation(d.seed + 1, d.n_sources, src_order);
        rf_scenario *s1 = load(write_scenario(&d, "a", NULL, NULL), d.seed);
        rf_scenario *s2 = load(write_scenario(&d, "b", site_order, src_order), d.seed);
        rf_plan *p1 = solve(s1, d.seed), *p2 = solve(s2, d.seed);
        if (p1 && p2)
            compare_plans(p1, p2, d.seed);
        rf_plan_free(p1);
        rf_plan_free(p2);
        rf_scenario_free(s1);
        rf_scenario_free(s2);
    }
    remove_workdir();
}

/* Finding F9 (docs/testing.md): which source pays which use is an
 * alternative optimum, and it used to follow the order of the sources in
 * the policy: two identical grants, one household, and the one listed first
 * paid the housing while the other went to industry.  The LP is now built
 * in id order, so the split is the same whichever is listed first. */
Test(properties, finding_F9_which_of_two_equal_sources_pays_follows_their_order)
{
    make_workdir();
    static const char *const grants[2] = {
        "{\"id\": \"grant_a\", \"name\": {\"zh\": \"甲\", \"en\": \"A\"}, \"category\": "
        "\"registered\", \"per_person\": 30000, \"basis\": \"implemented_people\", \"drawdown\": "
        "\"full\", \"loan\": false, \"uses\": [\"housing\", \"industry\"]}",
        "{\"id\": \"grant_b\", \"name\": {\"zh\": \"乙\", \"en\": \"B\"}, \"category\": "
        "\"registered\", \"per_person\": 30000, \"basis\": \"implemented_people\", \"drawdown\": "
        "\"full\", \"loan\": false, \"uses\": [\"housing\", \"industry\"]}"};
    rf_plan *plans[2];
    rf_scenario *scen[2];
    for (int k = 0; k < 2; k++) {
        char sub[200], pol[2048];
        snprintf(sub, sizeof sub, "%s/%c", workdir, 'a' + k);
        mkdir(sub, 0700);
        snprintf(
            pol, sizeof pol,
            "{\"format\": \"relocfund-policy/1\", \"id\": \"order\", \"name\": {\"zh\": \"序\", "
            "\"en\": \"order\"}, \"sources\": [%s, %s], \"self_funding\": "
            "{\"cap_per_household\": 10000, \"uses\": [\"housing\"]}, \"housing\": "
            "{\"area_cap_per_person_m2\": 25, \"one_person_household_area_m2\": null}, "
            "\"surplus_routing\": [\"employment_base\", \"industry\"], \"shortfall\": "
            "{\"integrated_agri_uses\": [\"land\"]}, \"pooling\": \"county\", \"objective\": "
            "[\"unfunded_gap\", \"cap_excess\", \"registered_self_funding\", "
            "\"synchronous_self_funding\", \"integrated_agri\", \"loans\", "
            "\"employment_base\", \"even_self_funding\", \"site_entitlement\"]}",
            grants[k], grants[1 - k]);
        cr_assert(gen_write(sub, "policy.json", pol));
        cr_assert(gen_write(
            sub, "scenario.json",
            "{\"format\": \"relocfund-scenario/1\", \"id\": \"order\", \"name\": {\"zh\": \"序\", "
            "\"en\": \"order\"}, \"year\": 2016, \"policy\": \"policy.json\", \"plan\": "
            "{\"registered_people\": 4, \"synchronous_people\": 0}, \"sources\": {\"grant_a\": "
            "{\"arrived\": 120000}, \"grant_b\": {\"arrived\": 120000}}, \"integrated_agri\": "
            "{\"budget\": 0}, \"cost_defaults\": {\"housing_per_m2\": 1000, \"decoration_per_m2\": "
            "0, \"area_per_person_m2\": 25, \"synchronous_area_per_person_m2\": 25, "
            "\"infrastructure\": 0, \"public_services\": 0, \"land\": 0, "
            "\"demolition_per_household\": 0, \"employment_base_need\": 0}, \"sites\": [{\"id\": "
            "\"S1\", \"name\": {\"zh\": \"一\", \"en\": \"one\"}, \"type\": \"township\", "
            "\"registered\": {\"households_by_size\": {\"4\": 1}}, \"synchronous\": "
            "{\"households\": 0, \"people\": 0}}]}"));
        char path[256];
        snprintf(path, sizeof path, "%s/scenario.json", sub);
        scen[k] = load(path, 0);
        plans[k] = solve(scen[k], 0);
        cr_assert(plans[k]);
    }
    for (size_t f = 0; f < 2; f++) {
        size_t g = source_index(plans[1], plans[0]->sources[f].policy->id);
        cr_expect_eq(plans[0]->sources[f].by_use[RF_USE_HOUSING],
                     plans[1]->sources[g].by_use[RF_USE_HOUSING],
                     "%s pays housing %lld in one order and %lld in the other",
                     plans[0]->sources[f].policy->id,
                     (long long)plans[0]->sources[f].by_use[RF_USE_HOUSING],
                     (long long)plans[1]->sources[g].by_use[RF_USE_HOUSING]);
    }
    for (int k = 0; k < 2; k++) {
        rf_plan_free(plans[k]);
        rf_scenario_free(scen[k]);
    }
    remove_workdir();
}

/* Rounding to the fen keeps every objective level at most a fen above its
 * optimum, and a level at 0 exactly at 0 (issue 12): random policies
 * (reordered levels, restricted uses, site pooling) and rf_gen counties.
 * Each budget group is solved and rounded as rf_plan_solve does, and every
 * level is recomputed from the rounded columns (rf_model_level_value). */
static void check_levels_of_groups(const rf_scenario *s, uint64_t seed, int *rounded)
{
    rf_group_models gm;
    rf_error err = {0};
    cr_assert_eq(rf_group_models_build(s, &gm, &err), RF_OK, "seed %llu: %s",
                 (unsigned long long)seed, err.message);
    rf_solve_settings st = {.time_limit_seconds = s->policy->time_limit_seconds};
    for (size_t g = 0; g < gm.n; g++) {
        rf_model *m = gm.models[g];
        rf_solution sol;
        cr_assert_eq(rf_solve_levels(m, &st, &sol, &err), RF_OK, "seed %llu: %s",
                     (unsigned long long)seed, err.message);
        rf_fen *v = calloc(m->n_cols + 1, sizeof *v);
        cr_assert_eq(rf_solve_round(m, sol.x, sol.level_values, &st, v, &err), RF_OK,
                     "seed %llu: %s", (unsigned long long)seed, err.message);
        for (size_t l = 0; l < m->n_objectives; l++) {
            double opt = sol.level_values[l] * RF_FEN_PER_WAN;
            double got = rf_model_level_value(m, l, v);
            const char *id = rf_level_id(m->objectives[l].level);
            if (opt < 0.5)
                cr_expect_eq(got, 0.0, "seed %llu group %zu: level %s is 0 at its optimum but %g "
                             "fen in the plan", (unsigned long long)seed, g, id, got);
            else
                cr_expect(got <= opt + 1.0 + 1e-6, "seed %llu group %zu: level %s is %.3f fen "
                          "at its optimum but %.3f fen in the plan", (unsigned long long)seed, g,
                          id, opt, got);
            /* A sum of money columns cannot go below its optimum either
             * (the rounding keeps every money row); the entitlement level
             * can, by the fen of freedom rounding gives each class's
             * self-funding within the even level before it. */
            rf_level lv = m->objectives[l].level;
            if (lv != RF_LEVEL_EVEN_SELF_FUNDING && lv != RF_LEVEL_SITE_ENTITLEMENT)
                cr_expect(got >= opt - 1.0 - 1e-6, "seed %llu group %zu: level %s is %.3f fen at "
                          "its optimum but %.3f fen in the plan", (unsigned long long)seed, g, id,
                          opt, got);
            if (fabs(got - opt) > 1e-6)
                (*rounded)++;
        }
        free(v);
        rf_solution_free(&sol);
    }
    rf_group_models_free(&gm);
}

Test(properties, rounding_keeps_every_level_within_a_fen_of_its_optimum_and_zero_levels_at_zero, .timeout = 1200)
{
    make_workdir();
    int n = scenario_count(), moved = 0;
    for (int i = 0; i < n; i++) {
        gen_desc d = draw(i);
        rf_scenario *s = load(write_scenario(&d, "r", NULL, NULL), d.seed);
        check_levels_of_groups(s, d.seed, &moved);
        rf_scenario_free(s);
    }
    for (int i = 0; i < n / 2; i++) {
        uint64_t seed = 9500 + (uint64_t)i;
        rf_scenario *s = load(write_gen_county(seed, i % 3 == 2, "rg"), seed);
        check_levels_of_groups(s, seed, &moved);
        rf_scenario_free(s);
    }
    cr_log_info("%d scenarios and %d rf_gen counties: %d level values moved by rounding (each "
                "within a fen)", n, n / 2, moved);
    remove_workdir();
}
