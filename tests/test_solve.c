/* End-to-end tests of `relocfund solve` on the bundled example county. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

/* Money in the JSON report is yuan with at most two decimals: read it back
 * into fen exactly (the value is a double, but a two-decimal one). */
static long long fen_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", key);
    return llround(v->valuedouble * 100.0);
}

static cJSON *solve_json(const char *scenario, int expect_exit)
{
    const char *argv[] = {"solve", "--format", "json", scenario, NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, expect_exit, "exit %d, stderr: %s", r.exit_code, r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "not JSON: %.200s", r.out);
    rf_run_free(&r);
    return doc;
}

static const cJSON *find_id(const cJSON *array, const char *id)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, "id");
        if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
            return item;
    }
    cr_assert_fail("no item %s", id);
    return NULL;
}

Test(solve, county_2016_reproduces_the_report_funds_by_source)
{
    cJSON *doc = solve_json("scenarios/example-county/2016.json", 0);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "status")->valuestring, "balanced");
    const cJSON *sources = cJSON_GetObjectItem(doc, "sources");
    struct {
        const char *id;
        long long fen;
    } expected[] = {{"central_budget", 1032500000LL},   {"provincial_special", 147500000LL},
                    {"local_bonds", 1438125000LL},     {"special_construction", 737500000LL},
                    {"policy_loans", 5162500000LL},    {"synchronous_fund", 3851200000LL}};
    long long registered = 0;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const cJSON *s = find_id(sources, expected[i].id);
        cr_assert_eq(fen_of(s, "arrived_yuan"), expected[i].fen, "%s", expected[i].id);
        if (i < 5)
            registered += fen_of(s, "arrived_yuan");
    }
    /* 8,518.125 万元 for the registered poor. */
    cr_assert_eq(registered, 8518125000LL);
    cJSON_Delete(doc);
}

Test(solve, county_2016_rates_match_the_report)
{
    cJSON *doc = solve_json("scenarios/example-county/2016.json", 0);
    const cJSON *rates = cJSON_GetObjectItem(doc, "rates");
    struct {
        const char *id, *percent;
        bool stated_matches;
    } expected[] = {
        {"registered_disbursement", "79.1%", true},   {"synchronous_disbursement", "23.8%", true},
        {"registered_centralized_share", "98.9%", true}, {"registered_dispersed_share", "1.1%", true},
        {"synchronous_implementation", "25.1%", true}, {"registered_completion", "100.0%", true},
        {"registered_move_in", "79.1%", true},        {"registered_demolition", "25.0%", true},
        {"synchronous_completion", "23.6%", false},   {"site_completion", "100.0%", true},
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const cJSON *r = cJSON_GetObjectItem(rates, expected[i].id);
        cr_assert_not_null(r, "%s", expected[i].id);
        cr_assert_str_eq(cJSON_GetObjectItem(r, "percent")->valuestring, expected[i].percent, "%s",
                         expected[i].id);
        cr_assert_eq(cJSON_IsTrue(cJSON_GetObjectItem(r, "stated_matches")),
                     expected[i].stated_matches, "%s", expected[i].id);
    }
    cJSON_Delete(doc);
}

/* Every identity of the plan, checked on the JSON a program would read. */
static void check_identities(const cJSON *doc)
{
    static const char *cost_uses[] = {"housing", "decoration",     "infrastructure",
                                      "public_services", "land", "demolition"};
    const cJSON *sources = cJSON_GetObjectItem(doc, "sources");
    const cJSON *src;
    cJSON_ArrayForEach(src, sources)
    {
        long long arrived = fen_of(src, "arrived_yuan"), allocated = fen_of(src, "allocated_yuan");
        cr_assert_eq(arrived, allocated + fen_of(src, "undrawn_yuan"));
        cr_assert_geq(fen_of(src, "undrawn_yuan"), 0);
        long long by_use = 0;
        const cJSON *u;
        cJSON_ArrayForEach(u, cJSON_GetObjectItem(src, "by_use_yuan")) by_use += llround(u->valuedouble * 100);
        cr_assert_eq(by_use, allocated);
    }
    const cJSON *totals = cJSON_GetObjectItem(doc, "totals");
    long long cost = 0, unfunded = 0, agri = 0, eb = 0, ind = 0, pool = 0;
    const cJSON *site;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(doc, "sites"))
    {
        long long site_cost = 0;
        for (size_t k = 0; k < 6; k++) {
            long long c = fen_of(cJSON_GetObjectItem(site, "cost_by_use_yuan"), cost_uses[k]);
            long long paid = fen_of(cJSON_GetObjectItem(site, "integrated_agri_by_use_yuan"), cost_uses[k]) +
                             fen_of(cJSON_GetObjectItem(site, "unfunded_by_use_yuan"), cost_uses[k]);
            const cJSON *f;
            cJSON_ArrayForEach(f, cJSON_GetObjectItem(site, "funding_yuan"))
            {
                const cJSON *x = cJSON_GetObjectItem(f, cost_uses[k]);
                if (x)
                    paid += llround(x->valuedouble * 100);
            }
            /* What households paid for this use is the remainder; it must be
             * within what they paid in all. */
            long long self = c - paid;
            cr_assert_geq(self, 0, "site %s use %s", cJSON_GetObjectItem(site, "id")->valuestring,
                          cost_uses[k]);
            site_cost += c;
        }
        cr_assert_eq(site_cost, fen_of(site, "cost_yuan"));
        cr_assert_eq(fen_of(site, "pool_yuan"), fen_of(site, "pool_spent_yuan") +
                                                    fen_of(site, "surplus_employment_base_yuan") +
                                                    fen_of(site, "surplus_industry_yuan"));
        cost += site_cost;
        unfunded += fen_of(site, "unfunded_yuan");
        agri += fen_of(site, "integrated_agri_yuan");
        eb += fen_of(site, "surplus_employment_base_yuan");
        ind += fen_of(site, "surplus_industry_yuan");
        pool += fen_of(site, "pool_yuan");
    }
    cr_assert_eq(cost, fen_of(totals, "cost_yuan"));
    cr_assert_eq(unfunded, fen_of(totals, "unfunded_yuan"));
    cr_assert_eq(agri, fen_of(totals, "integrated_agri_yuan"));
    cr_assert_eq(eb, fen_of(totals, "surplus_employment_base_yuan"));
    cr_assert_eq(ind, fen_of(totals, "surplus_industry_yuan"));
    cr_assert_eq(pool, fen_of(totals, "pool_yuan"));
}

Test(solve, bundled_plans_add_up_to_the_fen)
{
    const char *files[] = {"scenarios/example-county/2016.json",
                           "scenarios/example-county/2017.json",
                           "scenarios/example-county/plan-2016-2020.json"};
    for (size_t i = 0; i < 3; i++) {
        cJSON *doc = solve_json(files[i], 0);
        check_identities(doc);
        cJSON_Delete(doc);
    }
}

Test(solve, county_2016_surplus_goes_to_employment_bases_then_industry)
{
    cJSON *doc = solve_json("scenarios/example-county/2016.json", 0);
    const cJSON *site;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(doc, "sites"))
    {
        /* Industry only receives money once the employment base has its need. */
        if (fen_of(site, "surplus_industry_yuan") > 0)
            cr_assert_eq(fen_of(site, "surplus_employment_base_yuan"),
                         fen_of(site, "employment_base_need_yuan"), "site %s",
                         cJSON_GetObjectItem(site, "id")->valuestring);
    }
    const cJSON *totals = cJSON_GetObjectItem(doc, "totals");
    cr_assert_gt(fen_of(totals, "surplus_employment_base_yuan"), 0);
    cr_assert_eq(fen_of(totals, "registered_self_funding_yuan"), 0);
    cJSON_Delete(doc);
}

Test(solve, county_2017_charges_the_shortfall_to_integrated_agri_funds)
{
    cJSON *doc = solve_json("scenarios/example-county/2017.json", 0);
    const cJSON *totals = cJSON_GetObjectItem(doc, "totals");
    /* The 2017 pool is short: land goes to integrated agricultural funds,
     * and only land (the policy's permitted use). */
    cr_assert_gt(fen_of(totals, "integrated_agri_yuan"), 0);
    cr_assert_leq(fen_of(totals, "integrated_agri_yuan"), fen_of(totals, "integrated_agri_budget_yuan"));
    const cJSON *site;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(doc, "sites"))
    {
        const cJSON *u;
        cJSON_ArrayForEach(u, cJSON_GetObjectItem(site, "integrated_agri_by_use_yuan"))
        {
            if (strcmp(u->string, "land") != 0)
                cr_assert_eq(llround(u->valuedouble * 100), 0);
        }
    }
    cJSON_Delete(doc);
}

Test(solve, same_input_gives_byte_identical_output)
{
    const char *formats[] = {"text", "json"};
    for (size_t i = 0; i < 2; i++) {
        const char *argv[] = {"solve", "--format", formats[i], "scenarios/example-county/2016.json",
                              NULL};
        rf_run_result a = rf_run_cli(argv), b = rf_run_cli(argv);
        cr_assert_eq(a.out_len, b.out_len);
        cr_assert(memcmp(a.out, b.out, a.out_len) == 0, "format %s differs", formats[i]);
        rf_run_free(&a);
        rf_run_free(&b);
    }
}

Test(solve, verbose_ends_with_the_timing_of_each_stage_and_leaves_the_report_alone)
{
    const char *plain[] = {"solve", "--format", "json", "scenarios/example-county/2017.json", NULL};
    const char *verbose[] = {"solve",     "--format", "json", "scenarios/example-county/2017.json",
                             "--verbose", NULL};
    rf_run_result a = rf_run_cli(plain), b = rf_run_cli(verbose);
    cr_assert_eq(a.exit_code, b.exit_code);
    cr_assert_eq(a.out_len, b.out_len);
    cr_assert(memcmp(a.out, b.out, a.out_len) == 0, "--verbose changed the report");
    const char *t = strstr(b.err, "relocfund: timing: ");
    cr_assert_not_null(t, "%s", b.err);
    double read, build, levels, rounding, plan, report;
    size_t groups, rows, cols;
    int iterations;
    int n = sscanf(t,
                   "relocfund: timing: read %lf s, build %lf s, levels %lf s, rounding %lf s, "
                   "plan %lf s, report %lf s; %zu group, %zu rows, %zu columns, %d simplex "
                   "iterations",
                   &read, &build, &levels, &rounding, &plan, &report, &groups, &rows, &cols,
                   &iterations);
    cr_assert_eq(n, 10, "%s", t);
    cr_expect(read > 0 && build > 0 && levels > 0 && rounding >= 0 && plan >= 0 && report > 0);
    cr_expect_eq(groups, 1);
    cr_expect(rows > 100 && cols > rows && iterations >= 0, "%s", t);
    cr_expect_eq(strchr(t, '\n')[1], '\0', "the timing line comes last");
    rf_run_free(&a);
    rf_run_free(&b);
}

Test(solve, the_glpk_calls_shim_counts_the_iterations_the_solve_reports)
{
    /* bench/glpk-calls.c, built beside the CLI except under sanitizers. */
    char shim[4096];
    snprintf(shim, sizeof shim, "%s", RF_CLI_PATH);
    strcpy(strrchr(shim, '/') + 1, "librelocfund-glpk-calls.so");
    if (access(shim, R_OK) != 0)
        cr_skip_test("no %s (a sanitizer build)", shim);
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-glpk-calls"));
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "RF_GLPK_CALLS=calls.txt LD_PRELOAD='%s' '%s' solve --verbose --format json -o p.json "
             "'%s/scenarios/example-county/2017.json'",
             shim, RF_CLI_PATH, RF_SOURCE_DIR);
    rf_run_result r = rf_run_shell(dir, cmd, NULL, 60);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s", r.err);
    const char *t = strstr(r.err, " simplex iterations");
    cr_assert_not_null(t, "%s", r.err);
    while (t > r.err && t[-1] >= '0' && t[-1] <= '9')
        t--;
    long reported = atol(t);
    char path[512];
    snprintf(path, sizeof path, "%s/calls.txt", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char prob[32], call[32];
    int level, rows, cols;
    long calls, iterations, counted = 0;
    double seconds;
    int lines = 0, levels_lines = 0;
    bool total = false;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "total %lf", &seconds) == 1) {
            total = seconds > 0;
            continue;
        }
        cr_assert_eq(sscanf(line, "%31s %d %31s %ld %lf %ld %d %d", prob, &level, call, &calls,
                            &seconds, &iterations, &rows, &cols),
                     8, "%s", line);
        cr_expect(!total, "the total line comes last");
        lines++;
        cr_expect(calls > 0 && seconds >= 0 && rows > 0 && cols > 0);
        if (strcmp(prob, "levels1") == 0) {
            levels_lines++;
            cr_expect(level >= 0 && level <= 9, "level %d", level);
            counted += iterations;
        } else {
            cr_expect_eq(strncmp(prob, "rounding", 8), 0, "%s", prob);
        }
    }
    cr_expect(total, "a total line ends the file");
    fclose(f);
    cr_expect(levels_lines > 0 && lines >= levels_lines);
    cr_expect_eq(counted, reported, "the shim counted %ld iterations, the solve %ld", counted,
                 reported);
    rf_run_free(&r);
    cr_assert(rf_remove_tree(dir));
}

Test(solve, unfunded_scenario_exits_1_and_says_where)
{
    /* Cut the policy loans to nothing and forbid self-funding: the 2016
     * county is short, and the report names the unfunded amounts. */
    const char *argv[] = {"solve",
                          "--lang",
                          "en",
                          "--set",
                          "sources.policy_loans.arrived=0",
                          "--set",
                          "policy.self_funding.uses=[]",
                          "scenarios/example-county/2016.json",
                          NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 1, "stderr: %s", r.err);
    cr_assert(strstr(r.out, "Status: unfunded gap.") != NULL, "%.400s", r.out);
    cr_assert(strstr(r.out, "unfunded.") != NULL);
    rf_run_free(&r);
}

Test(solve, cap_violation_names_the_household_class_and_amount)
{
    /* Without loans but with self-funding allowed, households must pay far
     * more than 1 万元: the plan is funded but over the cap. */
    const char *argv[] = {"solve", "--lang", "en", "--set", "sources.policy_loans.arrived=0",
                          "scenarios/example-county/2016.json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 1, "stderr: %s", r.err);
    cr_assert(strstr(r.out, "Status: over a policy cap.") != NULL, "%.400s", r.out);
    cr_assert(strstr(r.out, "is exceeded for 268 households, by 2,758.775 万元 in all") != NULL,
              "%.2000s", r.out);
    /* One sentence in the summary; the classes table holds the rows. */
    const char *summary = strstr(r.out, "== Summary ==");
    const char *next = summary ? strstr(summary + 1, "==") : NULL;
    cr_assert(summary && next);
    cr_expect_eq(rf_count(summary, "-person") - rf_count(next, "-person"), 0,
                 "no line per household class in the summary");
    rf_run_free(&r);
}

Test(solve, bad_input_exits_2_with_location)
{
    const char *argv[] = {"solve", "--set", "sites[99].costs.land=1",
                          "scenarios/example-county/2016.json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "relocfund: error: --set") != NULL, "%s", r.err);
    rf_run_free(&r);
}

/* Rounding never invents a gap: with every household over the cap and
 * thirds of a fen per household, the plan is over the cap, not unfunded. */
Test(solve, rounding_does_not_invent_a_one_fen_gap)
{
    const char *argv[] = {"solve", "--format", "json",
                          "--set", "sites[0].costs.housing_per_m2=5000",
                          "--set", "sites[1].costs.housing_per_m2=5000",
                          "--set", "sites[2].costs.housing_per_m2=4000",
                          "scenarios/example-county/2016.json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 1);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "status")->valuestring, "cap_violation");
    cr_assert_eq(fen_of(cJSON_GetObjectItem(doc, "totals"), "unfunded_yuan"), 0);
    check_identities(doc);
    cJSON_Delete(doc);
    rf_run_free(&r);
}

/* Option errors come in the tool's one message shape, with exit 2. */
Test(solve, unknown_option_is_reported_in_the_message_shape)
{
    const char *argv[] = {"solve", "--bogus", "scenarios/example-county/2016.json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.err, "relocfund: error: solve: unknown option '--bogus' ('relocfund solve "
                            "--help' lists its options)\n");
    rf_run_free(&r);
}

/* A mistyped option: one line with the nearest option and the hint, no
 * usage dump (issue 16). */
Test(solve, mistyped_option_gets_did_you_mean_in_one_line)
{
    rf_run_result r = rf_run_cli(
        (const char *[]){"solve", "--fromat", "json", "scenarios/example-county/2016.json", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err, "relocfund: error: solve: unknown option '--fromat'; did you mean "
                            "'--format'? ('relocfund solve --help' lists its options)\n");
    rf_run_free(&r);
    r = rf_run_cli((const char *[]){"solve", "--format", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err, "relocfund: error: solve: option '--format' needs a value ('relocfund "
                            "solve --help' lists its options)\n");
    rf_run_free(&r);
}

Test(main, mistyped_command_gets_did_you_mean)
{
    rf_run_result r = rf_run_cli((const char *[]){"slove", "x.json", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err, "relocfund: error: unknown command 'slove'; did you mean 'solve'? "
                            "('relocfund --help' lists the commands)\n");
    rf_run_free(&r);
}

/* Help and messages in Chinese: --lang first, then RELOCFUND_LANG, then LANG. */
Test(main, help_and_messages_follow_the_language)
{
    rf_run_result r = rf_run_cli((const char *[]){"--lang", "zh", "--help", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strncmp(r.out, "用法：relocfund 命令", strlen("用法：relocfund 命令")) == 0, "%s",
              r.out);
    rf_run_free(&r);
    r = rf_run_cli((const char *[]){"--lang", "zh", "whatif", "--help", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.out, "用法：relocfund whatif"), "%s", r.out);
    cr_expect(strstr(r.out, "--sweep SPEC"));
    rf_run_free(&r);
    /* Every command has its help in Chinese. */
    const char *commands[] = {"solve", "validate", "whatif", "sensitivity", "reverse",
                              "compare", "audit", "batch", "export", "template", "convert",
                              "serve"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        r = rf_run_cli((const char *[]){"--lang", "zh", commands[i], "--help", NULL});
        cr_expect_eq(r.exit_code, 0);
        cr_expect(strstr(r.out, "用法：relocfund ") == r.out, "%s: %s", commands[i], r.out);
        cr_expect(strstr(r.out, "退出码："), "%s", commands[i]);
        rf_run_free(&r);
    }
    setenv("RELOCFUND_LANG", "zh", 1);
    r = rf_run_cli((const char *[]){"solve", "--bogus", NULL});
    cr_expect_str_eq(r.err, "relocfund：错误：solve：未知选项“--bogus”（“relocfund solve --help”"
                            "列出它的选项）\n");
    rf_run_free(&r);
    /* --lang wins over the environment. */
    r = rf_run_cli((const char *[]){"--lang", "en", "slove", NULL});
    cr_expect(strstr(r.err, "did you mean 'solve'?"), "%s", r.err);
    rf_run_free(&r);
    unsetenv("RELOCFUND_LANG");
    setenv("LANG", "zh_CN.UTF-8", 1);
    r = rf_run_cli((const char *[]){"slove", NULL});
    cr_expect(strstr(r.err, "未知命令“slove”；是否想输入“solve”？"), "%s", r.err);
    rf_run_free(&r);
    unsetenv("LANG");
}
