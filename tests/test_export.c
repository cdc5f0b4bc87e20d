/* Tests of relocfund export: glpsol on the exported LP reaches relocfund's optimum, every level. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_gen.h"
#include "rf_plan.h"
#include "support.h"

#define GLPSOL "/usr/bin/glpsol"

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* A folder with policy.json and county <id>.json drawn from seed. */
static char *make_county(uint64_t seed, rf_pooling pooling, const char *id)
{
    char tmpl[] = "/tmp/rf-export-XXXXXX";
    char *dir = strdup(mkdtemp(tmpl));
    char path[512];
    snprintf(path, sizeof path, "%s/policy.json", dir);
    char *policy = rf_gen_policy_json("export-test", pooling);
    put_file(path, policy);
    free(policy);
    rf_gen_params p;
    rf_gen_params_small(&p, seed);
    p.id = id;
    p.short_share = 0.5;
    p.over_cap_share = 0.5;
    char *text = rf_gen_county_json(&p, seed, "policy.json", NULL, NULL);
    cr_assert_not_null(text);
    snprintf(path, sizeof path, "%s/%s.json", dir, id);
    put_file(path, text);
    free(text);
    return dir;
}

/* Runs glpsol on an MPS (or, with lp, CPLEX LP) file; returns the optimum
 * its report states. */
static double glpsol_optimum(const char *model, bool lp)
{
    char out[600], cmd[1400];
    snprintf(out, sizeof out, "%s.sol", model);
    snprintf(cmd, sizeof cmd, GLPSOL " %s '%s' -o '%s' >/dev/null 2>&1", lp ? "--lp" : "--freemps",
             model, out);
    cr_assert_eq(system(cmd), 0, "glpsol failed on %s", model);
    FILE *f = fopen(out, "r");
    cr_assert_not_null(f);
    char line[512];
    double v = NAN;
    bool optimal = false;
    while (fgets(line, sizeof line, f)) {
        char *eq = strstr(line, " = ");
        if (strncmp(line, "Objective:", 10) == 0 && eq)
            v = strtod(eq + 3, NULL);
        if (strncmp(line, "Status:", 7) == 0 && strstr(line, "OPTIMAL"))
            optimal = true;
    }
    fclose(f);
    unlink(out);
    cr_assert(optimal, "glpsol found no optimum for %s", model);
    return v;
}

/* Agreement to a relative 1e-7, with an absolute floor of 1e-6 万元 (0.01 yuan). */
static void assert_close(double got, double want, const char *what)
{
    cr_assert_leq(fabs(got - want), fmax(1e-6, 1e-7 * fabs(want)),
                  "%s: glpsol %.12g, relocfund %.12g", what, got, want);
}

/* relocfund's own optimum of every level of every group. */
static rf_plan *solve_alone(const char *path, rf_scenario **s)
{
    rf_diags d = {0};
    *s = rf_scenario_load(path, NULL, &d);
    cr_assert_not_null(*s);
    rf_diags_free(&d);
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(*s, NULL, &p, &err), RF_OK, "%s", err.message);
    return p;
}

static bool have_glpsol(void)
{
    return access(GLPSOL, X_OK) == 0;
}

Test(cmd_export, glpsol_reaches_relocfunds_optimum_at_every_level)
{
    if (!have_glpsol())
        cr_skip_test("glpsol is not installed (Debian: glpk-utils)");
    for (uint64_t seed = 11; seed <= 14; seed++) {
        char *dir = make_county(seed, RF_POOLING_COUNTY, "x");
        char scen[600], mps[600], lp[600];
        snprintf(scen, sizeof scen, "%s/x.json", dir);
        snprintf(mps, sizeof mps, "%s/x.mps", dir);
        snprintf(lp, sizeof lp, "%s/x.lp", dir);
        rf_scenario *s;
        rf_plan *p = solve_alone(scen, &s);
        cr_assert_eq(p->n_groups, 1);
        for (size_t k = 1; k <= p->groups[0].n_levels; k++) {
            char level[16];
            snprintf(level, sizeof level, "%zu", k);
            const char *argv[] = {"export", scen, "--mps", mps, "--lp", lp, "--level", level, NULL};
            rf_run_result r = rf_run_cli(argv);
            cr_assert_eq(r.exit_code, 0, "%s", r.err);
            rf_run_free(&r);
            char what[64];
            snprintf(what, sizeof what, "seed %llu level %zu (MPS)", (unsigned long long)seed, k);
            double want = p->groups[0].levels[k - 1].value;
            assert_close(glpsol_optimum(mps, false), want, what);
            /* GLPK's CPLEX LP writer keeps the objective's constant only as
             * a comment, so glpsol's value there lacks it. */
            size_t len = 0;
            char *text = rf_read_file(lp, &len);
            double constant = 0;
            char *c = text ? strstr(text, "constant term = ") : NULL;
            if (c)
                constant = strtod(c + strlen("constant term = "), NULL);
            free(text);
            snprintf(what, sizeof what, "seed %llu level %zu (LP)", (unsigned long long)seed, k);
            assert_close(glpsol_optimum(lp, true) + constant, want, what);
        }
        rf_plan_free(p);
        rf_scenario_free(s);
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        cr_assert_eq(system(cmd), 0);
        free(dir);
    }
}

Test(cmd_export, the_monolith_of_several_counties_and_groups_has_the_sum_of_their_optima)
{
    if (!have_glpsol())
        cr_skip_test("glpsol is not installed (Debian: glpk-utils)");
    char *a = make_county(21, RF_POOLING_SITE, "a");
    char *b = make_county(22, RF_POOLING_COUNTY, "b");
    char sa[600], sb[600], mps[600];
    snprintf(sa, sizeof sa, "%s/a.json", a);
    snprintf(sb, sizeof sb, "%s/b.json", b);
    snprintf(mps, sizeof mps, "%s/all.mps", a);
    rf_scenario *s1, *s2;
    rf_plan *p1 = solve_alone(sa, &s1), *p2 = solve_alone(sb, &s2);
    cr_assert_gt(p1->n_groups, 1, "site pooling gives one group a site");
    for (size_t k = 1; k <= 9; k++) {
        char level[16];
        snprintf(level, sizeof level, "%zu", k);
        const char *argv[] = {"export",      sa,  sb, "--mps", mps, "--level", level,
                              "--per-group", NULL};
        rf_run_result r = rf_run_cli(argv);
        cr_assert_eq(r.exit_code, 0, "%s", r.err);
        rf_run_free(&r);
        double want = 0;
        for (size_t g = 0; g < p1->n_groups; g++)
            want += p1->groups[g].levels[k - 1].value;
        for (size_t g = 0; g < p2->n_groups; g++)
            want += p2->groups[g].levels[k - 1].value;
        char what[64];
        snprintf(what, sizeof what, "monolith level %zu", k);
        assert_close(glpsol_optimum(mps, false), want, what);
        /* One group alone, written beside it. */
        char one[700];
        snprintf(one, sizeof one, "%s/all.b.g1.mps", a);
        snprintf(what, sizeof what, "group b.g1 level %zu", k);
        assert_close(glpsol_optimum(one, false), p2->groups[0].levels[k - 1].value, what);
    }
    /* Prefixed names keep the blocks apart. */
    size_t len = 0;
    char *text = rf_read_file(mps, &len);
    cr_assert(text && strstr(text, " a.g1.") && strstr(text, " b.g1."));
    free(text);
    rf_plan_free(p1);
    rf_plan_free(p2);
    rf_scenario_free(s1);
    rf_scenario_free(s2);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", a, b);
    cr_assert_eq(system(cmd), 0);
    free(a);
    free(b);
}

Test(cmd_export, leaves_no_file_when_the_folder_cannot_be_written)
{
    char *dir = make_county(31, RF_POOLING_COUNTY, "x");
    char scen[600];
    snprintf(scen, sizeof scen, "%s/x.json", dir);
    const char *argv[] = {"export", scen, "--mps", "/nonexistent-dir/x.mps", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 4, "%s", r.err);
    cr_assert(strstr(r.err, "/nonexistent-dir/x.mps"));
    rf_run_free(&r);
    const char *none[] = {"export", scen, NULL};
    r = rf_run_cli(none);
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "--mps FILE or --lp FILE"));
    rf_run_free(&r);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}
