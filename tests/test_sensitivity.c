/* Tests of rf_sensitivity and rf_solver_ranging: rates against hand-worked values and finite differences. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_emit.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_report_sensitivity.h"
#include "rf_sensitivity.h"
#include "tiny_scenario.h"

static rf_key_figures solve_key(const rf_scenario *s)
{
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(s, NULL, &p, &err), RF_OK, "%s", err.message);
    rf_key_figures k;
    rf_key_figures_of_plan(p, &k);
    rf_plan_free(p);
    return k;
}

/* The figure a money level measures, from the plan's key figures. */
static rf_fen level_figure(const rf_key_figures *k, rf_level l)
{
    switch (l) {
    case RF_LEVEL_UNFUNDED_GAP:
        return k->unfunded;
    case RF_LEVEL_CAP_EXCESS:
        return k->cap_excess;
    case RF_LEVEL_REGISTERED_SELF_FUNDING:
        return k->registered_self_funding;
    case RF_LEVEL_SYNCHRONOUS_SELF_FUNDING:
        return k->synchronous_self_funding;
    case RF_LEVEL_INTEGRATED_AGRI:
        return k->integrated_agri;
    case RF_LEVEL_LOANS:
        return k->loans_drawn;
    case RF_LEVEL_EMPLOYMENT_BASE:
        return -k->surplus_employment_base; /* the needs less what the bases got, less a constant */
    default:
        return 0;
    }
}

static const rf_level CHECKED[] = {RF_LEVEL_UNFUNDED_GAP,
                                   RF_LEVEL_CAP_EXCESS,
                                   RF_LEVEL_REGISTERED_SELF_FUNDING,
                                   RF_LEVEL_SYNCHRONOUS_SELF_FUNDING,
                                   RF_LEVEL_INTEGRATED_AGRI,
                                   RF_LEVEL_LOANS,
                                   RF_LEVEL_EMPLOYMENT_BASE};

static rf_fen *field_of(rf_scenario *s, const rf_sens_item *it)
{
    switch (it->kind) {
    case RF_SENS_SOURCE:
        return &s->sources[it->source].arrived;
    case RF_SENS_AGRI_BUDGET:
        return &s->integrated_agri_budget;
    case RF_SENS_CAP:
        return &s->policy->self_funding_cap;
    case RF_SENS_HOUSING:
        return &s->sites[it->site].costs.housing_per_m2;
    default:
        return NULL;
    }
}

/* Moves each parameter by h inside its range, re-solves from scratch and
 * compares the change of every money figure with rate x h / step.  Returns
 * how many parameters were checked with a nonzero rate. */
static size_t finite_differences(rf_scenario *s, const rf_sensitivity *r)
{
    rf_key_figures base = solve_key(s);
    size_t nonzero = 0;
    for (size_t i = 0; i < r->n_params; i++) {
        const rf_sens_item *it = &r->params[i];
        rf_fen *field = field_of(s, it);
        cr_assert(field);
        rf_fen up = it->high_unbounded ? it->step : it->high - it->value;
        rf_fen down = it->value - it->low;
        rf_fen h = up >= down ? (up < it->step ? up / 2 : it->step) : -(down < it->step ? down / 2 : it->step);
        if (h == 0)
            continue;
        rf_fen saved = *field;
        *field = saved + h;
        rf_key_figures k = solve_key(s);
        *field = saved;
        bool any = false;
        for (size_t l = 0; l < sizeof CHECKED / sizeof CHECKED[0]; l++) {
            double expect = it->rate[CHECKED[l]] * (double)h / (double)it->step;
            double got = (double)(level_figure(&k, CHECKED[l]) - level_figure(&base, CHECKED[l]));
            cr_assert(fabs(got - expect) <= 3.0 + 1e-6 * fabs(expect),
                      "%s, level %d: moved by %lld fen: change %.0f fen, rate predicts %.2f",
                      it->path, (int)CHECKED[l], (long long)h, got, expect);
            any = any || fabs(expect) > 1;
        }
        nonzero += any;
    }
    return nonzero;
}

/* Hand-worked: at 1,000 yuan/m² the tiny plan is 45,000 over the cap with
 * the loan used up, so each extra 1 万元 of grant or loan lowers registered
 * self-funding and the excess by 1 万元; the cap, per 1,000 yuan, lowers the
 * excess by 3 households x 1,000; 100 yuan/m² more at S1 adds 200 m² x 100. */
Test(rf_sensitivity_run, tiny_rates_are_the_hand_worked_ones)
{
    rf_scenario *s = tiny_scenario(YUAN(150000), YUAN(100000), 1000);
    rf_sensitivity *r = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_sensitivity_run(s, NULL, false, &r, &err), RF_OK, "%s", err.message);
    cr_assert_eq(r->n_params, 2 + 1 + 1 + 2);
    const rf_sens_item *grant = &r->params[0], *cap = &r->params[3], *s1 = &r->params[4];
    cr_assert_eq(grant->kind, RF_SENS_SOURCE);
    cr_assert_float_eq(grant->rate[RF_LEVEL_CAP_EXCESS], -1e6, 1.0);
    cr_assert_float_eq(grant->rate[RF_LEVEL_REGISTERED_SELF_FUNDING], -1e6, 1.0);
    cr_assert_float_eq(r->params[1].rate[RF_LEVEL_CAP_EXCESS], -1e6, 1.0);
    cr_assert_eq(cap->kind, RF_SENS_CAP);
    cr_assert_float_eq(cap->rate[RF_LEVEL_CAP_EXCESS], -3.0 * 100000, 1.0);
    cr_assert_float_eq(cap->rate[RF_LEVEL_REGISTERED_SELF_FUNDING], 0.0, 1.0);
    cr_assert_eq(s1->kind, RF_SENS_HOUSING);
    cr_assert_float_eq(s1->rate[RF_LEVEL_REGISTERED_SELF_FUNDING], 200.0 * 10000, 1.0);
    /* The grant's rates hold while money is short: up to 45,000 more (no excess left). */
    cr_assert(grant->high_unbounded || grant->high <= YUAN(150000 + 45000),
              "high %lld", (long long)grant->high);
    cr_assert(finite_differences(s, r) >= 4);
    cr_assert_eq(r->n_cap_sites, 2);
    rf_sensitivity_free(r);
    tiny_free(s);
}

/* The example county with its stated figures dropped and every housing
 * cost at `housing` (a --set value), and its sensitivity (chinese or not). */
static rf_scenario *stressed_county(const char *housing, bool chinese, rf_sensitivity **r)
{
    const char *sets[] = {"assert=null", housing};
    rf_load_options lo = {.set = sets, .n_set = 2};
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(RF_SOURCE_DIR "/scenarios/example-county/2016.json", &lo, &d);
    cr_assert(s, "the scenario loads");
    rf_diags_free(&d);
    rf_error err = {0};
    cr_assert_eq(rf_sensitivity_run(s, NULL, chinese, r, &err), RF_OK, "%s", err.message);
    return s;
}

/* The example county under stress (housing at 2,200 yuan/m²): every
 * parameter's rates agree with finite differences. */
Test(rf_sensitivity_run, example_county_rates_match_finite_differences, .timeout = 120)
{
    rf_sensitivity *r = NULL;
    rf_scenario *s = stressed_county("cost_defaults.housing_per_m2=2200", true, &r);
    cr_assert(r->n_params >= 10);
    cr_assert(r->n_rows > 0, "some constraint binds");
    cr_assert(finite_differences(s, r) >= 10);
    rf_doc *doc = rf_report_sensitivity(r);
    cr_assert(doc);
    rf_doc_free(doc);
    rf_sensitivity_free(r);
    rf_scenario_free(s);
}

/* How far (fen) the money figures at the parameter's value v lie, at most,
 * from the lines of its rates through the base plan. */
static double off_the_lines(rf_scenario *s, const rf_sens_item *it, const rf_key_figures *base,
                            rf_fen v)
{
    rf_fen *field = field_of(s, it), saved = *field;
    *field = v;
    rf_key_figures k = solve_key(s);
    *field = saved;
    double worst = 0.0;
    for (size_t l = 0; l < sizeof CHECKED / sizeof CHECKED[0]; l++) {
        double expect = it->rate[CHECKED[l]] * (double)(v - it->value) / (double)it->step;
        double got = (double)(level_figure(&k, CHECKED[l]) - level_figure(base, CHECKED[l]));
        worst = fmax(worst, fabs(got - expect) - 1e-6 * fabs(expect));
    }
    return worst;
}

/* The range printed for a parameter is the linear piece of the plan
 * around its value (issue 12): at both ends the figures still lie on the
 * lines of the stated rates (to a few fen of rounding), and past each end
 * (where the parameter can go) they leave them; never a zero-width range
 * where the plan goes on in a line. */
static void check_ends(rf_scenario *s, const rf_sensitivity *r, int *ends)
{
    rf_key_figures base = solve_key(s);
    for (size_t i = 0; i < r->n_params; i++) {
        const rf_sens_item *it = &r->params[i];
        for (int side = -1; side <= 1; side += 2) {
            bool unbounded = side > 0 ? it->high_unbounded : it->low_unbounded;
            rf_fen end = side > 0 ? it->high : it->low;
            if (unbounded)
                continue;
            cr_expect(off_the_lines(s, it, &base, end) <= 3.0,
                      "%s: at its %s end %lld the figures are off the lines of its rates",
                      it->path, side > 0 ? "high" : "low", (long long)end);
            /* Past the end: a tenth of the range further, at least a step. */
            rf_fen width = it->high_unbounded ? it->step : it->high - it->low;
            rf_fen past = end + side * (width / 10 > it->step ? width / 10 : it->step);
            if (past < 0)
                continue; /* a money value ends at 0 */
            cr_expect(off_the_lines(s, it, &base, past) > 3.0,
                      "%s: past its %s end %lld (at %lld) the figures still follow its rates: "
                      "the range ends too early", it->path, side > 0 ? "high" : "low",
                      (long long)end, (long long)past);
            (*ends)++;
        }
    }
}

Test(rf_sensitivity_run, each_range_is_the_linear_piece_around_the_value)
{
    rf_sensitivity *r = NULL;
    rf_scenario *s = stressed_county("cost_defaults.housing_per_m2=2600", false, &r);
    for (size_t i = 0; i < r->n_params; i++)
        cr_expect(r->params[i].low_unbounded || r->params[i].high_unbounded ||
                      r->params[i].high > r->params[i].low,
                  "%s: a zero-width range", r->params[i].path);
    int ends = 0;
    check_ends(s, r, &ends);
    cr_assert_geq(ends, 10, "only %d ends checked", ends);
    cr_assert(finite_differences(s, r) >= 10);
    rf_sensitivity_free(r);
    rf_scenario_free(s);
}

/* The chart named id of d, or NULL. */
static const rf_chart *doc_chart(const rf_doc *d, const char *id)
{
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_charts; k++)
            if (strcmp(d->sections[i].charts[k]->id, id) == 0)
                return d->sections[i].charts[k];
    return NULL;
}

/* The binding rules as a chart: one bar per binding row (at most 20),
 * named as the table names it, the figures in the policy's order and the
 * largest change first within a figure, each bar's note saying where its
 * rate holds; with nothing binding, one sentence instead. */
Test(rf_report_sensitivity, binding_rules_chart_ranks_the_rows_the_table_lists, .timeout = 120)
{
    rf_sensitivity *r = NULL;
    rf_scenario *s = stressed_county("cost_defaults.housing_per_m2=2200", true, &r);
    rf_doc *doc = rf_report_sensitivity(r);
    cr_assert(doc);
    const rf_chart *c = doc_chart(doc, "binding_rules");
    cr_assert(c, "the chart is in the document");
    cr_assert_eq(c->kind, RF_CHART_RANKED);
    cr_assert_null(c->instead);
    size_t binding = 0;
    for (size_t i = 0; i < r->n_rows; i++)
        binding += rf_sensitivity_any_rate(&r->rows[i]);
    cr_assert_gt(binding, 0);
    cr_expect_eq(c->n_labels, binding < 20 ? binding : 20);
    cr_expect(c->value_title && strstr(c->value_title, "（元）"), "the axis says its unit");
    int last_group = -1;
    rf_fen last = 0;
    for (size_t i = 0; i < c->n_labels; i++) {
        bool named = false;
        for (size_t k = 0; k < r->n_rows && !named; k++)
            named = strcmp(r->rows[k].label, c->labels[i]) == 0;
        cr_expect(named, "bar %zu (%s) is a row of the table", i, c->labels[i]);
        cr_expect(!strstr(c->labels[i], "source["), "no internal row name: %s", c->labels[i]);
        cr_assert(c->b[i] >= 0 && (size_t)c->b[i] < c->n_series, "its group is in the legend");
        rf_fen size = c->a[i] < 0 ? -c->a[i] : c->a[i];
        cr_expect_gt(size, 0);
        cr_expect(c->b[i] >= last_group, "groups in order of first appearance");
        if (c->b[i] == last_group)
            cr_expect_leq(size, last, "within a figure the largest change first");
        last_group = (int)c->b[i];
        last = size;
        cr_expect(c->notes[i] && (strstr(c->notes[i], "都如此")), "%s: its range", c->labels[i]);
    }
    rf_doc_free(doc);

    /* Nothing binds: a sentence, no bars. */
    size_t n_rows = r->n_rows;
    r->n_rows = 0;
    doc = rf_report_sensitivity(r);
    r->n_rows = n_rows;
    cr_assert(doc);
    c = doc_chart(doc, "binding_rules");
    cr_assert(c);
    cr_expect_eq(c->n_labels, 0);
    cr_expect(c->instead && strstr(c->instead, "没有起约束作用的规则"), "%s", c->instead);
    char *html = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&html, &len);
    cr_assert_eq(rf_emit_html(doc, NULL, f), RF_OK);
    fclose(f);
    const char *fig = strstr(html, "id=\"chart-binding_rules\"");
    cr_assert(fig);
    const char *end = strstr(fig, "</figure>");
    cr_expect(strstr(fig, "没有起约束作用的规则") < end);
    const char *svg = strstr(fig, "<svg");
    cr_expect(!svg || svg > end, "no empty chart");
    free(html);
    rf_doc_free(doc);
    rf_sensitivity_free(r);
    rf_scenario_free(s);
}
