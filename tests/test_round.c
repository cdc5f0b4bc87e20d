/* Tests of rf_round: rounding to the fen along cycles keeps every money
 * row exact, each column at the floor or ceiling of its value, each class's
 * self-funding at the floor or ceiling of its sum and every level; what it
 * cannot take (rows that are not two laminar families, a point off a row)
 * is left to rf_solve_round's rounding LP. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_small.h"
#include "rf_gen.h"
#include "rf_model.h"
#include "rf_names.h"
#include "rf_round.h"
#include "rf_solve.h"
#include "support.h"

static char workdir[64];

static void make_workdir(void)
{
    cr_assert(rf_temp_dir(workdir, sizeof workdir, "rf-round"));
}

static void remove_workdir(void)
{
    cr_assert(rf_remove_tree(workdir));
}

/* Checks the rounding v of the LP point x (万元) of m with level optima
 * level_values: each money column at the floor or ceiling of its value (at
 * it when whole), every money row exact in integers, each class's
 * self-funding at the floor or ceiling of its sum, and every level at 0
 * when its optimum is 0, else not above it (the even level: by less than a
 * fen).  Returns how many columns were fractional. */
static size_t check_rounding(const rf_model *m, const double *x, const double *level_values,
                             const rf_fen *v, const char *what)
{
    size_t fractional = 0;
    for (size_t j = 0; j < m->n_cols; j++) {
        if (m->cols[j].kind > RF_COL_GAP)
            continue;
        double fen = x[j] * RF_FEN_PER_WAN;
        if (fabs(fen - nearbyint(fen)) < 1e-6) {
            cr_assert_eq(v[j], (rf_fen)nearbyint(fen), "%s: column %zu moved off its whole %.0f",
                         what, j, nearbyint(fen));
        } else {
            fractional++;
            cr_assert(v[j] == (rf_fen)floor(fen) || v[j] == (rf_fen)ceil(fen),
                      "%s: column %zu at %lld, its value %.6f", what, j, (long long)v[j], fen);
        }
    }
    rf_fen *sum = calloc(m->n_rows + 1, sizeof *sum);
    double *class_lp = calloc(m->n_rows + 1, sizeof *class_lp);
    rf_fen *class_fen = calloc(m->n_rows + 1, sizeof *class_fen);
    cr_assert(sum && class_lp && class_fen);
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        if (m->cols[c->col].kind > RF_COL_GAP)
            continue;
        sum[c->row] += (rf_fen)llround(c->value) * v[c->col];
        if (m->rows[c->row].kind == RF_ROW_CAP && m->cols[c->col].kind == RF_COL_SELF) {
            class_lp[c->row] += x[c->col] * RF_FEN_PER_WAN;
            class_fen[c->row] += v[c->col];
        }
    }
    for (size_t i = 0; i < m->n_rows; i++) {
        const rf_row *r = &m->rows[i];
        if (!r->money)
            continue;
        bool holds = r->sense == RF_EQ   ? sum[i] == r->rhs
                     : r->sense == RF_LE ? sum[i] <= r->rhs
                                         : sum[i] >= r->rhs;
        char name[160];
        cr_assert(holds, "%s: row %s is %lld against %lld", what,
                  rf_model_row_name(m, i, name, sizeof name), (long long)sum[i], (long long)r->rhs);
        if (r->kind == RF_ROW_CAP)
            cr_assert(class_fen[i] >= floor(class_lp[i] + 1e-6) &&
                          class_fen[i] <= ceil(class_lp[i] - 1e-6),
                      "%s: class self-funding %lld, its sum %.6f", what, (long long)class_fen[i],
                      class_lp[i]);
    }
    /* No level ends above its optimum (1e-3 fen: the optimum's round-off
     * in 万元), the even level (fen per household) by at most a fen. */
    for (size_t l = 0; l < m->n_objectives; l++) {
        double opt = level_values[l] * RF_FEN_PER_WAN, got = rf_model_level_value(m, l, v);
        bool even = m->objectives[l].level == RF_LEVEL_EVEN_SELF_FUNDING;
        const char *id = rf_level_id(m->objectives[l].level);
        if (opt < 0.5)
            cr_assert_eq(got, 0.0, "%s: level %s is 0 at its optimum but %g fen", what, id, got);
        else
            cr_assert(got <= opt + (even ? 1.0 : 1e-3),
                      "%s: level %s is %.3f fen at its "
                      "optimum but %.3f",
                      what, id, opt, got);
    }
    free(sum);
    free(class_lp);
    free(class_fen);
    return fractional;
}

/* Solves and rounds along cycles every budget group of s, checks each
 * rounding, and adds the fractional columns to *fractional. */
static void round_groups(const rf_scenario *s, const char *what, size_t *fractional)
{
    rf_group_models gm;
    rf_error err = {0};
    cr_assert_eq(rf_group_models_build(s, &gm, &err), RF_OK, "%s: %s", what, err.message);
    rf_solve_settings st = {.time_limit_seconds = s->policy->time_limit_seconds};
    for (size_t g = 0; g < gm.n; g++) {
        rf_model *m = gm.models[g];
        rf_solution sol;
        cr_assert_eq(rf_solve_levels(m, &st, &sol, &err), RF_OK, "%s: %s", what, err.message);
        rf_fen *v = calloc(m->n_cols + 1, sizeof *v);
        cr_assert(rf_round_cycles(m, sol.x, NULL, v), "%s group %zu: not rounded along cycles", what, g);
        *fractional += check_rounding(m, sol.x, sol.level_values, v, what);
        free(v);
        rf_solution_free(&sol);
    }
    rf_group_models_free(&gm);
}

/* Random policies of every shape (short, ordinary and rich money; site
 * pooling; per-person site limits; levels reordered or left out). */
Test(rf_round_cycles, random_policies_keep_every_row_box_and_level, .init = make_workdir,
     .fini = remove_workdir)
{
    size_t fractional = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        char path[512], what[32];
        cr_assert(gen_write_drawn(workdir, seed, seed % 4 == 0, path, sizeof path));
        snprintf(what, sizeof what, "seed %llu", (unsigned long long)seed);
        rf_scenario *s = rf_test_load(path);
        round_groups(s, what, &fractional);
        rf_scenario_free(s);
    }
    cr_assert_gt(fractional, 100, "only %zu fractional columns to round", fractional);
}

/* Counties whose households pay over the cap: the even level spreads
 * their payments over every household, so thousands of columns are
 * fractional (the case that took the rounding LP seconds). */
Test(rf_round_cycles, counties_over_the_cap_round_thousands_of_fractional_columns,
     .init = make_workdir, .fini = remove_workdir)
{
    char *policy = rf_gen_policy_json("round-policy", RF_POOLING_COUNTY);
    cr_assert(gen_write(workdir, "policy.json", policy));
    free(policy);
    for (int k = 0; k < 2; k++) {
        rf_gen_params p;
        rf_gen_params_county(&p);
        p.sites = 60;
        p.registered_people = 60 * 270;
        p.short_share = k;
        p.over_cap_share = 1.0;
        rf_error err = {0};
        char *text = rf_gen_county_json(&p, 7, "policy.json", NULL, &err);
        cr_assert_not_null(text, "%s", err.message);
        char name[32], path[160];
        snprintf(name, sizeof name, "c%d.json", k);
        cr_assert(gen_write(workdir, name, text));
        free(text);
        snprintf(path, sizeof path, "%s/%s", workdir, name);
        rf_scenario *s = rf_test_load(path);
        size_t fractional = 0;
        round_groups(s, name, &fractional);
        cr_assert_gt(fractional, 1000, "%s: only %zu fractional columns", name, fractional);
        rf_scenario_free(s);
    }
}

/* A model of four columns whose first family is not laminar: the rows
 * x1 + x2, x2 + x3 and x1 + x3 (each at most 2 fen) cross.  The cost row
 * x1 + x2 + x3 + x4 = 2 fen with x4 at half a fen leaves the nearer fen no
 * answer either, so the rounding LP rounds it. */
Test(rf_round_cycles, rows_that_are_not_two_laminar_families_are_left_to_the_rounding_lp)
{
    rf_model *m = calloc(1, sizeof *m);
    cr_assert(m);
    m->n_cols = 4;
    m->n_rows = 4;
    m->cols = calloc(m->n_cols, sizeof *m->cols);
    m->rows = calloc(m->n_rows, sizeof *m->rows);
    m->coefs = calloc(10, sizeof *m->coefs);
    cr_assert(m->cols && m->rows && m->coefs);
    for (size_t j = 0; j < m->n_cols; j++)
        m->cols[j] = (rf_col){
            .kind = RF_COL_FLOW, .source = 0, .site = -1, .use = RF_USE_HOUSING, .cls = -1};
    for (size_t i = 0; i < 3; i++)
        m->rows[i] = (rf_row){.kind = RF_ROW_SOURCE,
                              .source = (int)i,
                              .site = -1,
                              .use = RF_USE_COUNT,
                              .cls = -1,
                              .sense = RF_LE,
                              .rhs = 2,
                              .money = true};
    m->rows[3] = (rf_row){.kind = RF_ROW_COST,
                          .source = -1,
                          .site = -1,
                          .use = RF_USE_HOUSING,
                          .cls = -1,
                          .sense = RF_EQ,
                          .rhs = 2,
                          .money = true};
    const int pairs[3][2] = {{0, 1}, {1, 2}, {0, 2}};
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++)
            m->coefs[m->n_coefs++] = (rf_coef){.row = i, .col = pairs[i][k], .value = 1.0};
    for (int j = 0; j < 4; j++)
        m->coefs[m->n_coefs++] = (rf_coef){.row = 3, .col = j, .value = 1.0};
    const double x[4] = {0.8e-6, 0.4e-6, 0.3e-6, 0.5e-6}; /* 万元 */
    rf_fen v[4];
    cr_assert_not(rf_round_cycles(m, x, NULL, v));
    rf_error err = {0};
    rf_solve_settings st = {0};
    cr_assert_eq(rf_solve_round(m, x, NULL, &st, v, &err), RF_OK, "%s", err.message);
    cr_assert_eq(v[0] + v[1] + v[2] + v[3], 2);
    cr_assert_eq(v[0], 1, "x1 (0.8 fen) rounds up, got %lld", (long long)v[0]);
    cr_assert_eq(v[1] + v[2], 0, "x2 (0.4 fen) and x3 (0.3 fen) round down");
    rf_model_free(m);
}

/* A point more than a tenth of a fen off a row (GLPK's tolerances at a
 * break-even point) is no circulation: rf_round_cycles leaves it, and the
 * rounding LP still rounds it. */
Test(rf_round_cycles, a_point_off_a_row_is_left_to_the_rounding_lp, .init = make_workdir,
     .fini = remove_workdir)
{
    char path[512];
    cr_assert(gen_write_drawn(workdir, 4, true, path, sizeof path));
    rf_scenario *s = rf_test_load(path);
    rf_group_models gm;
    rf_error err = {0};
    cr_assert_eq(rf_group_models_build(s, &gm, &err), RF_OK, "%s", err.message);
    rf_model *m = gm.models[0];
    rf_solve_settings st = {0};
    rf_solution sol;
    cr_assert_eq(rf_solve_levels(m, &st, &sol, &err), RF_OK, "%s", err.message);
    /* Half a fen more on the first flow paying a cost that other flows pay. */
    size_t j = 0;
    while (j < m->n_cols &&
           !(m->cols[j].kind == RF_COL_FLOW && m->cols[j].use <= RF_USE_LAND && sol.x[j] > 1e-4))
        j++;
    cr_assert_lt(j, m->n_cols);
    sol.x[j] += 0.5 / RF_FEN_PER_WAN;
    rf_fen *v = calloc(m->n_cols + 1, sizeof *v);
    cr_assert_not(rf_round_cycles(m, sol.x, NULL, v));
    cr_assert_eq(rf_solve_round(m, sol.x, NULL, &st, v, &err), RF_OK, "%s", err.message);
    free(v);
    rf_solution_free(&sol);
    rf_group_models_free(&gm);
    rf_scenario_free(s);
}
