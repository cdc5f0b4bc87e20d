/* Tests of the base-anchored tie-break (rf_solve_options.anchor) that what-if
 * and compare use: a changed plan keeps the base plan's choices where an
 * equally good plan allows, and every level stays the fresh solve's. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_compare.h"
#include "rf_gen.h"
#include "rf_names.h"
#include "rf_plan.h"
#include "support.h"

#define BUNDLED "scenarios/example-county/2016.json"

/* The scenario at path with the changes sets[0..n) ("PATH=VALUE"), or the
 * test fails with the first problem. */
static rf_scenario *load_set(const char *path, const char *const *sets, size_t n)
{
    rf_load_options lo = {.set = sets, .n_set = n};
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(path, &lo, &d);
    cr_assert(s, "%s with %s: %s", path, n ? sets[0] : "no change",
              d.count ? d.items[0].message : "?");
    rf_diags_free(&d);
    return s;
}

static rf_plan *solve(const rf_scenario *s, const rf_plan *anchor)
{
    rf_solve_options so = {.anchor = anchor};
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(s, &so, &p, &err), RF_OK, "%s: %s", s->id, err.message);
    return p;
}

/* The rows of the table of allocations by source and use that differ. */
static int moved_rows(const rf_plan *base, const rf_plan *p)
{
    int n = 0;
    for (size_t f = 0; f < p->n_sources && f < base->n_sources; f++)
        for (int u = 0; u < RF_USE_COUNT; u++)
            n += p->sources[f].by_use[u] != base->sources[f].by_use[u];
    return n;
}

/* The money of p's LP columns away from base's (sum of |difference| in fen
 * over the columns of either; a column only one has counts whole).  The two
 * scenarios list their sites and sources alike (a --set keeps the order), so
 * their cells' keys match. */
static int64_t distance(const rf_plan *base, const rf_plan *p)
{
    int64_t d = 0;
    size_t i = 0, k = 0;
    while (i < base->n_cells || k < p->n_cells) {
        const rf_plan_cell *a = i < base->n_cells ? &base->cells[i] : NULL;
        const rf_plan_cell *b = k < p->n_cells ? &p->cells[k] : NULL;
        if (a && (!b || a->key < b->key)) {
            d += a->fen;
            i++;
        } else if (b && (!a || b->key < a->key)) {
            d += b->fen;
            k++;
        } else {
            d += llabs(a->fen - b->fen);
            i++;
            k++;
        }
    }
    return d;
}

/* Every level of the anchored plan is the fresh plan's: each key figure to
 * the fen (the levels of money, the status, the surplus to industry: a
 * sweep, which shows only these, is the same anchored or not), each group's
 * level optima to the fen, and the highest self-funding per registered
 * household. */
static void assert_same_levels(const rf_plan *fresh, const rf_plan *anchored, const char *what)
{
    cr_assert_eq(fresh->status, anchored->status, "%s: status", what);
    cr_assert_eq(fresh->unfunded_total, anchored->unfunded_total, "%s: unfunded", what);
    cr_assert_eq(fresh->cap_excess_total, anchored->cap_excess_total, "%s: cap excess", what);
    for (int c = 0; c < RF_CAT_COUNT; c++)
        cr_assert_eq(fresh->self_funding[c], anchored->self_funding[c], "%s: self-funding %d",
                     what, c);
    cr_assert_eq(fresh->integrated_agri_total, anchored->integrated_agri_total, "%s: agri", what);
    cr_assert_eq(fresh->surplus_employment_base, anchored->surplus_employment_base,
                 "%s: employment base", what);
    cr_assert_eq(fresh->households_over_cap, anchored->households_over_cap, "%s: over cap", what);
    cr_assert_eq(fresh->surplus_industry, anchored->surplus_industry, "%s: industry", what);
    for (size_t f = 0; f < fresh->n_sources; f++)
        if (fresh->sources[f].policy->is_loan)
            cr_assert_eq(fresh->sources[f].allocated, anchored->sources[f].allocated,
                         "%s: loan %s", what, fresh->sources[f].policy->id);
    cr_assert_eq(fresh->n_groups, anchored->n_groups, "%s: groups", what);
    for (size_t g = 0; g < fresh->n_groups; g++)
        for (size_t l = 0; l < fresh->groups[g].n_levels; l++) {
            double a = fresh->groups[g].levels[l].value, b = anchored->groups[g].levels[l].value;
            cr_assert(llround(a * 1e6) == llround(b * 1e6) || fabs(a - b) < 1e-7,
                      "%s: group %zu level %s: %.9f against %.9f 万元", what, g,
                      rf_level_id(fresh->groups[g].levels[l].level), a, b);
        }
    rf_fen top_a = 0, top_b = 0;
    for (size_t i = 0; i < fresh->n_sites; i++)
        for (size_t c = 0; c < fresh->sites[i].n_classes; c++) {
            rf_fen a = fresh->sites[i].classes[c].self_funding_per_household;
            rf_fen b = anchored->sites[i].classes[c].self_funding_per_household;
            top_a = a > top_a ? a : top_a;
            top_b = b > top_b ? b : top_b;
        }
    cr_assert(llabs(top_a - top_b) <= 1, "%s: highest self-funding per household %" PRId64
              " against %" PRId64 " fen", what, top_a, top_b);
}

/* The example: only loans changed, and the rows that must move are
 * the only ones that do.  The loans fall by 1,162.5 万元: the surplus they
 * left (employment base and industry) goes, integrated agricultural funds
 * take the land costs (the only use the policy allows them), and the central
 * budget and special construction money that paid for land moves to the
 * dwellings the loans no longer pay. */
Test(rf_whatif_run, only_the_rows_a_change_of_loans_needs_move)
{
    static const char *set[] = {"sources.policy_loans.arrived=40000000"};
    rf_scenario *a = load_set(BUNDLED, NULL, 0), *b = load_set(BUNDLED, set, 1);
    rf_comparison *c = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_whatif_run(a, b, NULL, set, 1, false, &c, &err), RF_OK, "%s", err.message);
    static const struct {
        const char *source;
        rf_use use;
        rf_fen from, to; /* yuan */
    } moves[] = {
        {"central_budget", RF_USE_HOUSING, 4656000, 4906000},
        {"central_budget", RF_USE_LAND, 250000, 0},
        {"special_construction", RF_USE_HOUSING, 2881500, 6497750},
        {"special_construction", RF_USE_DECORATION, 247500, 705000},
        {"special_construction", RF_USE_LAND, 4150000, 76250},
        {"policy_loans", RF_USE_HOUSING, 39094000, 35227750},
        {"policy_loans", RF_USE_DECORATION, 5229750, 4772250},
        {"policy_loans", RF_USE_EMPLOYMENT_BASE, 5300000, 0},
        {"policy_loans", RF_USE_INDUSTRY, 2001250, 0},
    };
    size_t n_moves = sizeof moves / sizeof moves[0], found = 0;
    for (size_t f = 0; f < c->a->n_sources; f++)
        for (int u = 0; u < RF_USE_COUNT; u++) {
            rf_fen x = c->a->sources[f].by_use[u], y = c->b->sources[f].by_use[u];
            size_t k = 0;
            while (k < n_moves && !(strcmp(moves[k].source, c->a->sources[f].id) == 0 &&
                                    moves[k].use == (rf_use)u))
                k++;
            if (k == n_moves) {
                cr_expect_eq(x, y, "%s %s moved: %" PRId64 " -> %" PRId64 " fen",
                             c->a->sources[f].id, rf_use_id((rf_use)u), x, y);
                continue;
            }
            found++;
            cr_expect_eq(x, moves[k].from * 100, "%s %s before", moves[k].source,
                         rf_use_id(moves[k].use));
            cr_expect_eq(y, moves[k].to * 100, "%s %s after", moves[k].source,
                         rf_use_id(moves[k].use));
        }
    cr_assert_eq(found, n_moves);
    rf_comparison_free(c);
    rf_scenario_free(b);
    rf_scenario_free(a);
}

/* A change that changes nothing the levels see leaves the plan as it was,
 * fen for fen: a value set to what it is, a source nobody draws on in full
 * given more, a stated figure, the disbursed amounts. */
Test(rf_plan_solve, a_change_that_concerns_no_choice_keeps_the_base_fen_for_fen)
{
    static const char *changes[] = {
        "sources.policy_loans.arrived=51625000", "sources.synchronous_fund.arrived=60000000",
        "disbursed.registered=70000000",         "assert=null",
        "integrated_agri.budget=9000000",
    };
    rf_scenario *a = load_set(BUNDLED, NULL, 0);
    rf_plan *base = solve(a, NULL);
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        rf_scenario *b = load_set(BUNDLED, &changes[i], 1);
        rf_plan *p = solve(b, base);
        cr_assert_eq(p->n_cells, base->n_cells, "%s", changes[i]);
        for (size_t k = 0; k < p->n_cells; k++) {
            cr_assert_eq(p->cells[k].key, base->cells[k].key, "%s", changes[i]);
            cr_assert_eq(p->cells[k].fen, base->cells[k].fen, "%s: column %zu moved", changes[i],
                         k);
        }
        cr_assert_eq(moved_rows(base, p), 0, "%s", changes[i]);
        rf_plan_free(p);
        rf_scenario_free(b);
    }
    rf_plan_free(base);
    rf_scenario_free(a);
}

/* A random change of scenario s (nc sites): a source's money, a site's
 * unit costs, its land or employment-base need, a household class, the
 * integrated agricultural budget. */
static void random_change(uint64_t *rng, size_t nc, char *buf, size_t size)
{
    static const char *sources[] = {"central_budget", "provincial_special", "local_bonds",
                                    "special_construction", "policy_loans", "synchronous_fund"};
    *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t r = *rng >> 16;
    size_t site = (size_t)(r >> 8) % nc;
    switch (r % 7) {
    case 0:
    case 1:
        snprintf(buf, size, "sources.%s.arrived=%" PRIu64, sources[(r >> 20) % 6],
                 (r >> 24) % 60000000);
        break;
    case 2:
        snprintf(buf, size, "sites[%zu].costs.housing_per_m2=%" PRIu64, site, 700 + (r >> 20) % 3300);
        break;
    case 3:
        snprintf(buf, size, "sites[%zu].costs.land=%" PRIu64, site, (r >> 20) % 3000000);
        break;
    case 4:
        snprintf(buf, size, "sites[%zu].costs.employment_base_need=%" PRIu64, site,
                 (r >> 20) % 3000000);
        break;
    case 5:
        snprintf(buf, size, "integrated_agri.budget=%" PRIu64, (r >> 20) % 10000000);
        break;
    default:
        snprintf(buf, size, "sites[%zu].costs.decoration_per_m2=%" PRIu64, site,
                 50 + (r >> 20) % 600);
        break;
    }
}

/* Writes an rf_gen county (site pooling when site_pooling) into dir; returns
 * the scenario's path (static). */
static const char *write_gen_county(const char *dir, uint64_t seed, bool site_pooling)
{
    static char path[512];
    rf_gen_params gp;
    rf_gen_params_small(&gp, seed);
    rf_error err = {0};
    char *scen = rf_gen_county_json(&gp, seed, "policy.json", NULL, &err);
    cr_assert(scen, "rf_gen seed %" PRIu64 ": %s", seed, err.message);
    char *pol = rf_gen_policy_json("gen", site_pooling ? RF_POOLING_SITE : RF_POOLING_COUNTY);
    cr_assert(pol);
    snprintf(path, sizeof path, "%s/policy.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f && fputs(pol, f) >= 0 && fclose(f) == 0);
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    f = fopen(path, "w");
    cr_assert(f && fputs(scen, f) >= 0 && fclose(f) == 0);
    free(pol);
    free(scen);
    return path;
}

/* Over random changes of the bundled county and of generated ones (county
 * and site pooling): the plan anchored to the base has every level of the
 * fresh solve of the changed scenario to the fen, and lies no further from
 * the base than the fresh plan. */
Test(rf_plan_solve, anchored_plans_keep_every_level_and_lie_nearer_the_base, .timeout = 120)
{
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-anchor"));
    uint64_t rng = 16;
    int changes = 0, fresh_rows = 0, anchored_rows = 0;
    int64_t fresh_far = 0, anchored_far = 0;
    for (int county = 0; county < 13; county++) {
        char path[512];
        snprintf(path, sizeof path, "%s", county == 0 ? BUNDLED
                                          : write_gen_county(dir, 500 + (uint64_t)county,
                                                             county % 4 == 3));
        rf_scenario *a = load_set(path, NULL, 0);
        rf_plan *base = solve(a, NULL);
        for (int i = 0; i < (county == 0 ? 40 : 8); i++) {
            char change[128], set_assert[] = "assert=null";
            random_change(&rng, a->n_sites, change, sizeof change);
            const char *sets[] = {change, set_assert};
            rf_scenario *b = load_set(path, sets, county == 0 ? 2 : 1);
            rf_plan *fresh = solve(b, NULL), *anchored = solve(b, base);
            char what[800];
            snprintf(what, sizeof what, "%s --set %s", path, change);
            assert_same_levels(fresh, anchored, what);
            int64_t df = distance(base, fresh), da = distance(base, anchored);
            cr_assert(da <= df, "%s: anchored plan %" PRId64 " fen from the base, fresh %" PRId64,
                      what, da, df);
            changes++;
            fresh_rows += moved_rows(base, fresh);
            anchored_rows += moved_rows(base, anchored);
            fresh_far += df;
            anchored_far += da;
            rf_plan_free(fresh);
            rf_plan_free(anchored);
            rf_scenario_free(b);
        }
        rf_plan_free(base);
        rf_scenario_free(a);
    }
    cr_log_info("%d changes: rows of allocations by source and use moved, mean %.2f fresh, %.2f "
                "anchored; distance to the base %.0f yuan fresh, %.0f anchored",
                changes, (double)fresh_rows / changes, (double)anchored_rows / changes,
                (double)fresh_far / 100.0, (double)anchored_far / 100.0);
    cr_assert(rf_remove_tree(dir));
}

/* The rows of the text report's table of allocations by source and use
 * that are flagged as changed. */
static int flagged_allocations(const char *report)
{
    const char *at = strstr(report, "Allocations by source and use\n");
    cr_assert(at, "no table of allocations");
    const char *end = strstr(at, "\n\n");
    int n = 0;
    for (const char *line = strchr(at, '\n'); line && (!end || line < end);
         line = strchr(line + 1, '\n')) {
        const char *next = strchr(line + 1, '\n');
        const char *bang = strchr(line + 1, '!');
        n += bang && (!next || bang < next);
    }
    return n;
}

/* The CLI: whatif, and compare of the same county's scenarios, keep the
 * base's choices (9 rows move for the loans cut); compare with a saved
 * result knows no base plan and shows a fresh solve's reshuffles. */
Test(cmd_compare, the_same_county_keeps_the_base_choices_and_a_saved_result_does_not)
{
    char cwd[512], variant_text[1024];
    cr_assert(getcwd(cwd, sizeof cwd));
    snprintf(variant_text, sizeof variant_text,
             "{\"format\": \"relocfund-scenario/1\", \"extends\": \"%s/" BUNDLED "\", "
             "\"id\": \"fewer-loans\", \"sources\": {\"policy_loans\": {\"arrived\": 40000000}}, "
             "\"assert\": null}\n",
             cwd);
    char *variant = rf_write_temp(".json", variant_text);
    char *saved = rf_write_temp(".json", "");
    const char *whatif[] = {"whatif", BUNDLED, "--set", "sources.policy_loans.arrived=40000000",
                            "--lang", "en", NULL};
    const char *same[] = {"compare", BUNDLED, variant, "--lang", "en", NULL};
    const char *save[] = {"solve", variant, "--format", "json", "-o", saved, NULL};
    const char *fresh[] = {"compare", BUNDLED, saved, "--lang", "en", NULL};
    rf_run_result w = rf_run_cli(whatif), c = rf_run_cli(same), s = rf_run_cli(save);
    cr_assert_eq(w.exit_code, 0, "%s", w.err);
    cr_assert_eq(c.exit_code, 1, "%s", c.err);
    cr_assert_eq(s.exit_code, 0, "%s", s.err);
    rf_run_result f = rf_run_cli(fresh);
    cr_assert_eq(f.exit_code, 1, "%s", f.err);
    cr_expect_eq(flagged_allocations(w.out), 9);
    cr_expect_eq(flagged_allocations(c.out), 9);
    cr_expect_gt(flagged_allocations(f.out), 9, "a fresh solve reshuffles here (12 rows)");
    remove(variant);
    remove(saved);
    free(variant);
    free(saved);
    rf_run_free(&w);
    rf_run_free(&c);
    rf_run_free(&s);
    rf_run_free(&f);
}
