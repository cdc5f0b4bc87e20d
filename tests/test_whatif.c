/* Tests of what-if: sweep specs, warm re-solves against hand-worked values and against
 * rf_plan_solve, the comparison document, the CLI. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_emit.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_report_compare.h"
#include "rf_resolver.h"
#include "rf_sweep.h"
#include "support.h"
#include "tiny_scenario.h"

static void assert_same_key(const rf_key_figures *a, const rf_key_figures *b, const char *where)
{
    cr_assert_eq(a->status, b->status, "%s: status", where);
    cr_assert_eq(a->unfunded, b->unfunded, "%s: unfunded", where);
    cr_assert_eq(a->cap_excess, b->cap_excess, "%s: cap excess", where);
    cr_assert_eq(a->households_over_cap, b->households_over_cap, "%s: households over cap", where);
    cr_assert_eq(a->registered_self_funding, b->registered_self_funding, "%s: registered sf",
                 where);
    cr_assert_eq(a->synchronous_self_funding, b->synchronous_self_funding, "%s: sync sf", where);
    cr_assert_eq(a->integrated_agri, b->integrated_agri, "%s: agri", where);
    cr_assert_eq(a->surplus_employment_base, b->surplus_employment_base, "%s: surplus eb", where);
    cr_assert_eq(a->surplus_industry, b->surplus_industry, "%s: surplus industry", where);
    cr_assert_eq(a->loans_drawn, b->loans_drawn, "%s: loans", where);
}

Test(rf_sweep_spec_parse, counts_points_and_keeps_decimals_exact)
{
    rf_sweep_spec sp;
    rf_error msg = {0};
    char v[48];
    cr_assert(rf_sweep_spec_parse("sites[0].costs.housing_per_m2=1000:2000:10", 1000, &sp, &msg));
    cr_assert_str_eq(sp.path, "sites[0].costs.housing_per_m2");
    cr_assert_eq(sp.n_points, 101);
    cr_assert_str_eq(rf_sweep_value_text(v, sp.from + 100 * sp.step, sp.decimals), "2000");
    rf_sweep_spec_free(&sp);
    cr_assert(rf_sweep_spec_parse("x=1.5:0.5:0.25", 1000, &sp, &msg));
    cr_assert_eq(sp.n_points, 5);
    cr_assert_eq(sp.decimals, 2);
    cr_assert_str_eq(rf_sweep_value_text(v, sp.from + 3 * sp.step, sp.decimals), "0.75");
    rf_sweep_spec_free(&sp);
}

Test(rf_sweep_spec_parse, rejects_what_is_not_a_range)
{
    rf_sweep_spec sp;
    rf_error msg = {0};
    cr_assert_not(rf_sweep_spec_parse("x=1:2", 100, &sp, &msg));
    cr_assert_not(rf_sweep_spec_parse("x=1:2:0", 100, &sp, &msg));
    cr_assert_not(rf_sweep_spec_parse("=1:2:1", 100, &sp, &msg));
    cr_assert_not(rf_sweep_spec_parse("x=a:2:1", 100, &sp, &msg));
    cr_assert_not(rf_sweep_spec_parse("x=0:1000:1", 100, &sp, &msg));
    cr_assert(strstr(msg.message, "at most 100") != NULL, "%s", msg.message);
    cr_assert_str_eq(msg.message_zh, "1001 个取值点；最多 100 个（请用更大的 STEP）");
}

/* Hand-worked: grant 150,000 (spent in full), loan 100,000 (as needed), 13
 * people on 325 m² at p yuan/m².  Cost 325p; self-funding max(0, 325p -
 * 250,000); over the cap max(0, sf - 30,000); loans min(100,000, max(0,
 * 325p - 150,000)); industry max(0, 150,000 - 325p). */
Test(rf_resolver_solve, warm_resolves_match_hand_worked_values_and_a_fresh_solve)
{
    static const int64_t prices[] = {400, 600, 800, 860, 880, 1000, 700, 400};
    rf_scenario *s = tiny_scenario(YUAN(150000), YUAN(100000), prices[0]);
    rf_resolver *r = rf_resolver_new();
    for (size_t i = 0; i < sizeof prices / sizeof prices[0]; i++) {
        int64_t p = prices[i];
        tiny_set_price(s, p);
        rf_key_figures k;
        bool warm = false;
        rf_error err = {0};
        cr_assert_eq(rf_resolver_solve(r, s, 0, &k, &warm, NULL, &err), RF_OK, "%s",
                     err.message);
        cr_assert_eq(warm, i > 0, "point %zu is re-solved in the live problem", i);
        int64_t cost = 325 * p;
        int64_t sf = cost > 250000 ? cost - 250000 : 0;
        int64_t excess = sf > 30000 ? sf - 30000 : 0;
        int64_t need = cost > 150000 ? cost - 150000 : 0;
        int64_t loans = need < 100000 ? need : 100000;
        int64_t industry = cost < 150000 ? 150000 - cost : 0;
        cr_assert_eq(k.registered_self_funding, YUAN(sf), "p=%lld", (long long)p);
        cr_assert_eq(k.cap_excess, YUAN(excess), "p=%lld", (long long)p);
        cr_assert_eq(k.households_over_cap, excess > 0 ? 3 : 0, "p=%lld", (long long)p);
        cr_assert_eq(k.loans_drawn, YUAN(loans), "p=%lld", (long long)p);
        cr_assert_eq(k.surplus_industry, YUAN(industry), "p=%lld", (long long)p);
        cr_assert_eq(k.status, excess > 0 ? RF_PLAN_CAP_VIOLATION : RF_PLAN_BALANCED);
        rf_plan *plan = NULL;
        cr_assert_eq(rf_plan_solve(s, NULL, &plan, &err), RF_OK);
        rf_key_figures cold;
        rf_key_figures_of_plan(plan, &cold);
        char where[64];
        snprintf(where, sizeof where, "p=%lld", (long long)p);
        assert_same_key(&k, &cold, where);
        rf_plan_free(plan);
    }
    rf_resolver_free(r);
    tiny_free(s);
}

/* The benchmark sweep: every point re-solved in the live problem equals,
 * to the fen, the plan solved from scratch (rf_plan_solve, what `solve
 * --set` runs) at the same value. */
Test(rf_sweep_run, warm_sweep_equals_fresh_solves_at_every_point, .timeout = 120)
{
    rf_sweep_spec sp;
    rf_error msg = {0};
    cr_assert(rf_sweep_spec_parse("sites[0].costs.housing_per_m2=1000:2000:10", 1000, &sp, &msg));
    rf_sweep *warm = NULL, *cold = NULL;
    rf_diags d = {0};
    rf_error err = {0};
    rf_sweep_options wo = {0}, co = {.cold = true};
    const char *path = RF_SOURCE_DIR "/scenarios/example-county/2016.json";
    cr_assert_eq(rf_sweep_run(path, NULL, &sp, &wo, &warm, &d, &err), RF_OK, "%s", err.message);
    cr_assert_eq(rf_sweep_run(path, NULL, &sp, &co, &cold, &d, &err), RF_OK, "%s", err.message);
    cr_assert_eq(warm->n_points, 101);
    cr_assert_eq(warm->warm_points, 100, "every point after the first starts warm");
    cr_assert_eq(cold->warm_points, 0);
    for (size_t i = 0; i < warm->n_points; i++) {
        char where[64];
        snprintf(where, sizeof where, "point %zu", i);
        assert_same_key(&warm->points[i].key, &cold->points[i].key, where);
    }
    /* S01's 335 registered people live on 8,375 m²: 10 yuan more a m² is 83,750
     * yuan more of registered housing, which the pool pays out of the surplus
     * to industry while it lasts (independent of the solver). */
    cr_assert_eq(warm->points[0].key.surplus_industry - warm->points[1].key.surplus_industry,
                 YUAN(83750));
    /* Both start every point from rf_crash's basis of its own data; the
     * warm sweep keeps one live problem (and its level rows), which may
     * take a different path, but never much more work. */
    cr_assert(warm->iterations <= cold->iterations + cold->iterations / 5,
              "warm %d vs cold %d iterations", warm->iterations, cold->iterations);
    rf_sweep_free(warm);
    rf_sweep_free(cold);
    rf_sweep_spec_free(&sp);
    rf_diags_free(&d);
}

static char *json_value(const char *json, const char *key)
{
    const char *at = strstr(json, key);
    cr_assert(at, "no %s", key);
    at += strlen(key);
    size_t n = strcspn(at, ",}");
    char *v = malloc(n + 1);
    memcpy(v, at, n);
    v[n] = '\0';
    return v;
}

/* The CLI: what-if's changed side equals a separate `solve --set`. */
Test(cmd_whatif, changed_side_equals_a_separate_solve)
{
    const char *set = "sites[0].costs.housing_per_m2=2600";
    const char *argv1[] = {"whatif", "scenarios/example-county/2016.json", "--set", set,
                           "--format", "json", NULL};
    const char *argv2[] = {"solve", "scenarios/example-county/2016.json", "--set", set,
                           "--format", "json", NULL};
    rf_run_result w = rf_run_cli(argv1), s = rf_run_cli(argv2);
    cr_assert_eq(w.exit_code, 0, "%s", w.err);
    cr_assert_eq(s.exit_code, 0, "%s", s.err);
    const char *b = strstr(w.out, "\"b\":");
    cr_assert(b);
    static const char *keys[] = {"\"integrated_agri_yuan\": ", "\"surplus_industry_yuan\": ",
                                 "\"synchronous_self_funding_yuan\": ", "\"unfunded_yuan\": "};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char *x = json_value(b, keys[k]), *y = json_value(s.out, keys[k]);
        cr_assert_str_eq(x, y, "%s", keys[k]);
        free(x);
        free(y);
    }
    cr_assert(strstr(w.out, "\"differences\": [") != NULL);
    cr_assert(strstr(w.out, "\"integrated_agri_yuan\"]") != NULL ||
              strstr(w.out, "\"integrated_agri_yuan\",") != NULL);
    rf_run_free(&w);
    rf_run_free(&s);
}

Test(cmd_whatif, needs_a_change_or_a_sweep)
{
    const char *argv[] = {"whatif", "scenarios/example-county/2016.json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "relocfund: error: whatif needs at least one --set") != NULL, "%s",
              r.err);
    rf_run_free(&r);
}

Test(cmd_whatif, sweep_writes_an_svg_chart_atomically)
{
    char *path = rf_write_temp(".svg", "old");
    const char *argv[] = {"whatif", "scenarios/example-county/2016.json", "--sweep",
                          "sites[0].costs.housing_per_m2=1000:1100:50", "-o", path, NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    FILE *fp = fopen(path, "r");
    char head[8] = {0};
    cr_assert(fp && fread(head, 1, 4, fp) == 4);
    fclose(fp);
    cr_assert_str_eq(head, "<svg");
    remove(path);
    free(path);
    rf_run_free(&r);
}

/* compare: a scenario against its own saved result agrees (exit 0); against a
 * changed result it differs (exit 1) and flags the change in every format. */
Test(cmd_compare, scenario_and_saved_results)
{
    char *saved = rf_write_temp(".json", "");
    char *changed = rf_write_temp(".json", "");
    const char *s1[] = {"solve", "scenarios/example-county/2016.json", "--format", "json", "-o",
                        saved, NULL};
    const char *s2[] = {"solve", "scenarios/example-county/2016.json", "--set",
                        "sources.synchronous_fund.arrived=30000000", "--set", "assert=null",
                        "--format", "json", "-o", changed, NULL};
    rf_run_result a = rf_run_cli(s1), b = rf_run_cli(s2);
    cr_assert_eq(a.exit_code, 0, "%s", a.err);
    cr_assert_eq(b.exit_code, 0, "%s", b.err);
    const char *same[] = {"compare", "scenarios/example-county/2016.json", saved, NULL};
    rf_run_result r = rf_run_cli(same);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    static const char *formats[] = {"text", "md", "csv", "html", "json"};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        const char *diff[] = {"compare", saved, changed, "--format", formats[f], "--lang", "en",
                              NULL};
        r = rf_run_cli(diff);
        cr_assert_eq(r.exit_code, 1, "%s: %s", formats[f], r.err);
        cr_assert(strstr(r.out, "3,851.2") || strstr(r.out, "3851.2") ||
                      strstr(r.out, "38512000"),
                  "%s", formats[f]);
        cr_assert(strstr(r.out, "3,000") || strstr(r.out, "3000") || strstr(r.out, "30000000"),
                  "%s", formats[f]);
        rf_run_free(&r);
    }
    remove(saved);
    remove(changed);
    free(saved);
    free(changed);
    rf_run_free(&a);
    rf_run_free(&b);
}

/* compare: the households and people of two registration lists side by
 * side, so that a decrease is read off: 2 six-person households removed
 * from S02 of the 2016 list. */
Test(cmd_compare, households_and_people_are_read_off_side_by_side)
{
    char *changed = rf_write_temp(".json", "");
    const char *s2[] = {"solve",    "scenarios/example-county/2016.json",
                        "--set",    "sites[1].registered.households_by_size.6=20",
                        "--set",    "assert=null",
                        "--format", "json",
                        "-o",       changed,
                        NULL};
    rf_run_result b = rf_run_cli(s2);
    cr_assert_eq(b.exit_code, 0, "%s", b.err);
    const char *text[] = {"compare", "scenarios/example-county/2016.json", changed, "--lang", "en",
                          NULL};
    rf_run_result r = rf_run_cli(text);
    cr_expect_eq(r.exit_code, 1, "the lists differ");
    cr_expect(strstr(r.out, "\nRegistered: 268 → 266 households (-2), 1,475 → 1,463 people (-12); "
                            "synchronous: 227 → 227 households, 1,207 → 1,207 people.\n"),
              "%s", r.out);
    rf_run_free(&r);
    const char *csv[] = {
        "compare", "scenarios/example-county/2016.json", changed, "--lang", "en", "--format", "csv",
        NULL};
    r = rf_run_cli(csv);
    cr_expect(strstr(r.out, "\r\nstatus,balanced and compliant,balanced and compliant,\r\n"
                            "registered households,268,266,-2\r\n"
                            "registered people,1475,1463,-12\r\n"
                            "synchronous households,227,227,0\r\n"
                            "synchronous people,1207,1207,0\r\n"),
              "%s", r.out);
    cr_expect(strstr(r.out, "\r\nHouseholds and people by site\r\n"
                            "site,registered households A,registered households B,registered "
                            "people A,registered people B,synchronous households A,synchronous "
                            "households B,synchronous people A,synchronous people B\r\n"
                            "S01,60,60,335,335,60,60,320,320\r\n"
                            "S02,40,38,222,210,35,35,186,186\r\n"),
              "%s", r.out);
    rf_run_free(&r);
    const char *json[] = {
        "compare", "scenarios/example-county/2016.json", changed, "--format", "json", NULL};
    r = rf_run_cli(json);
    cr_expect(strstr(r.out, "\"differences\": [\"registered_households\", \"registered_people\", "
                            "\"cost_yuan\""),
              "%s", r.out);
    cr_expect(strstr(r.out, "\"people\": {\"registered_households\": 268, \"registered_people\": "
                            "1475, \"synchronous_households\": 227, \"synchronous_people\": 1207}"),
              "%s", r.out);
    cr_expect(strstr(r.out, "\"people\": {\"registered_households\": 266, \"registered_people\": "
                            "1463, \"synchronous_households\": 227, \"synchronous_people\": 1207}"),
              "%s", r.out);
    cr_expect(strstr(r.out, "{\"id\": \"S02\", \"type\": \"township\", \"registered_households\": "
                            "38, \"registered_people\": 210, \"synchronous_households\": 35, "
                            "\"synchronous_people\": 186, "),
              "the saved side's site type and counts are read: %s", r.out);
    rf_run_free(&r);
    remove(changed);
    free(changed);
    rf_run_free(&b);
}

/* compare's class table shows the households of both sides, and a household
 * size that only one side has (0 households on the other), in size order. */
Test(rf_report_compare, class_table_shows_households_of_a_and_b)
{
    rf_outcome_class ca[] = {{4, 2, 0, 0}, {6, 1, 0, 0}};
    rf_outcome_class cb[] = {{3, 1, 0, 0}, {4, 3, 150000, 0}, {6, 1, 0, 0}, {7, 2, 0, 0}};
    rf_outcome_site sa = {.id = "S1", .name = "S1", .classes = ca, .n_classes = 2};
    rf_outcome_site sb = {.id = "S1", .name = "S1", .classes = cb, .n_classes = 4};
    rf_outcome a = {.label = "A", .scenario = "a", .policy = "p", .sites = &sa, .n_sites = 1};
    rf_outcome b = {.label = "B", .scenario = "b", .policy = "p", .sites = &sb, .n_sites = 1};
    rf_doc *d = rf_report_compare(&a, &b, NULL, 0, "t", false);
    cr_assert(d);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    rf_emit_options o = {0};
    cr_assert_eq(rf_emit_csv(d, &o, out), RF_OK);
    fclose(out);
    const char *t = strstr(buf, "Registered households against the cap\r\n");
    cr_assert(t, "%s", buf);
    cr_expect(strstr(t, "site,people per household,households A,households B,"
                        "self-funding per household A (yuan),self-funding per household B "
                        "(yuan),change (yuan),over the cap A,over the cap B\r\n"
                        "S1,3,0,1,0.00,0.00,0.00,0,0\r\n"
                        "S1,4,2,3,0.00,1500.00,1500.00,0,0\r\n"
                        "S1,6,1,1,0.00,0.00,0.00,0,0\r\n"
                        "S1,7,0,2,0.00,0.00,0.00,0,0\r\n"),
              "%s", t);
    free(buf);
    rf_doc_free(d);
}
