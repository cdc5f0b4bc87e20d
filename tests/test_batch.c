/* Tests of rf_gen (deterministic, valid) and rf_batch (the solo plans, the same for any -j). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_batch.h"
#include "rf_gen.h"
#include "rf_plan.h"
#include "rf_report.h"
#include "rf_report_batch.h"
#include "support.h"

/* Writes text to path; fails the test when it cannot. */
static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* A fresh folder /tmp/rf-batch-XXXXXX with policy.json (the given pooling)
 * and counties/c<k>.json for k = 1..n, small counties drawn from seeds
 * base+k.  Returns the folder (caller frees). */
static char *make_counties(uint64_t base, size_t n, rf_pooling pooling, double short_share,
                           double over_cap_share)
{
    char tmpl[] = "/tmp/rf-batch-XXXXXX";
    char *dir = strdup(mkdtemp(tmpl));
    char path[512];
    snprintf(path, sizeof path, "%s/policy.json", dir);
    char *policy = rf_gen_policy_json("test-policy", pooling);
    cr_assert_not_null(policy);
    put_file(path, policy);
    free(policy);
    snprintf(path, sizeof path, "%s/counties", dir);
    cr_assert_eq(mkdir(path, 0755), 0);
    for (size_t k = 1; k <= n; k++) {
        rf_gen_params p;
        rf_gen_params_small(&p, base + k);
        char id[32];
        snprintf(id, sizeof id, "c%02zu", k);
        p.id = id;
        p.short_share = short_share;
        p.over_cap_share = over_cap_share;
        rf_error err = {0};
        char *text = rf_gen_county_json(&p, base + k, "../policy.json", NULL, &err);
        cr_assert_not_null(text, "%s", err.message);
        snprintf(path, sizeof path, "%s/counties/%s.json", dir, id);
        put_file(path, text);
        free(text);
    }
    return dir;
}

/* Removes a folder made by make_counties and frees its name. */
static void remove_tree(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}

/* Writes what a writer prints into a new string. */
static char *capture_json(rf_status (*w)(const void *, FILE *), const void *x)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(w(x, f), RF_OK);
    fclose(f);
    return buf;
}

static rf_status plan_json(const void *p, FILE *f)
{
    return rf_report_plan_json(p, f);
}

static rf_status batch_json(const void *b, FILE *f)
{
    return rf_report_batch_json(b, f);
}

static rf_batch *run_batch(const char *arg, int threads)
{
    rf_diags d = {0};
    rf_batch *b = NULL;
    const char *args[] = {arg};
    cr_assert_eq(rf_batch_open(args, 1, &b, &d), RF_OK);
    rf_diags_free(&d);
    rf_batch_options o = {.threads = threads};
    rf_error err = {0};
    cr_assert_eq(rf_batch_run(b, &o, &err), RF_OK, "%s", err.message);
    return b;
}

Test(rf_gen_county_json, same_seed_gives_the_same_bytes_and_another_seed_other_bytes)
{
    rf_gen_params p;
    rf_gen_params_county(&p);
    char *a = rf_gen_county_json(&p, 42, "policy.json", NULL, NULL);
    char *b = rf_gen_county_json(&p, 42, "policy.json", NULL, NULL);
    char *c = rf_gen_county_json(&p, 43, "policy.json", NULL, NULL);
    cr_assert(a && b && c);
    cr_assert_str_eq(a, b);
    cr_assert_str_neq(a, c);
    free(a);
    free(b);
    free(c);
    rf_gen_params s1, s2;
    rf_gen_params_small(&s1, 7);
    rf_gen_params_small(&s2, 7);
    cr_assert_eq(memcmp(&s1, &s2, sizeof s1), 0);
}

/* Writes text (freed) as dir/counties/g.json and loads it; the county of
 * seed must load without a warning. */
static rf_scenario *load_generated(const char *dir, char *text, uint64_t seed)
{
    cr_assert_not_null(text, "seed %llu", (unsigned long long)seed);
    char path[600];
    snprintf(path, sizeof path, "%s/counties/g.json", dir);
    put_file(path, text);
    free(text);
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(path, NULL, &d);
    cr_assert_not_null(s, "seed %llu: %s", (unsigned long long)seed,
                       d.count ? d.items[0].message : "");
    cr_assert_eq(d.warnings, 0, "seed %llu: %s", (unsigned long long)seed,
                 d.count ? d.items[0].message : "");
    rf_diags_free(&d);
    return s;
}

Test(rf_gen_county_json, counties_load_without_warnings_and_match_the_info)
{
    char *dir = make_counties(1000, 1, RF_POOLING_COUNTY, 0.5, 0.5);
    char policy[512];
    snprintf(policy, sizeof policy, "%s/policy.json", dir);
    for (uint64_t seed = 1; seed <= 30; seed++) {
        rf_gen_params p;
        rf_gen_params_small(&p, seed);
        if (seed % 3 == 0)
            rf_gen_params_county(&p);
        rf_gen_info info;
        rf_scenario *s =
            load_generated(dir, rf_gen_county_json(&p, seed, "../policy.json", &info, NULL), seed);
        int64_t people = 0, hh = 0, sync = 0;
        for (size_t i = 0; i < s->n_sites; i++) {
            people += s->sites[i].registered_people;
            hh += s->sites[i].registered_households;
            sync += s->sites[i].synchronous_people;
        }
        cr_assert_eq(people, p.registered_people);
        cr_assert_eq(people, info.registered_people);
        cr_assert_eq(hh, info.registered_households);
        cr_assert_eq(sync, info.synchronous_people);
        cr_assert_eq((int)s->n_sites, info.sites);
        rf_scenario_free(s);
    }
    remove_tree(dir);
}

Test(rf_gen_county_json, rejects_parameters_out_of_range)
{
    rf_gen_params p;
    rf_gen_params_county(&p);
    p.registered_people = 3 * p.sites; /* fewer than 4 a site */
    rf_error err = {0};
    cr_assert_null(rf_gen_county_json(&p, 1, "policy.json", NULL, &err));
    cr_assert_eq(err.status, RF_ERR_INPUT);
    cr_assert(strstr(err.message, "registered_people"));
    rf_gen_params_county(&p);
    cr_assert_null(rf_gen_county_json(&p, 1, "bad\"path.json", NULL, &err));
}

/* The path of a tool built beside the CLI (malloc'd). */
static char *tool_path(const char *name)
{
    char *path = malloc(strlen(RF_CLI_PATH) + strlen(name) + 1);
    strcpy(path, RF_CLI_PATH);
    strcpy(strrchr(path, '/') + 1, name);
    return path;
}

Test(relocfund_gen, typical_scales_give_the_bytes_they_gave_before_the_heavy_sizes)
{
    /* md5 of every file of each folder, in name order, as written by
     * relocfund-gen before --sizes and --missing existed (commit 2fbb596):
     * the benchmarks of docs/benchmarks.md stay reproducible. */
    static const struct {
        const char *args, *md5;
    } cases[] = {
        {"--scale county", "37205923e2e5487d70f380435ce6dedf"},
        {"--scale province", "0bd0414fa93cf93ba6e9a0c60e7808a3"},
        {"--scale national", "b0da5dd1b4226c19e65e62b1e3af921b"},
        {"--counties 1 --sites 400 --short-share 1", "4952d2fd0d3f590d5446a466768160f1"},
        {"--scale province --seed 7 --pooling site --over-cap-share 0.5",
         "90313bf20b15df1ea07f1e944c42f7e6"},
    };
    char *gen = tool_path("relocfund-gen");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[256];
        cr_assert(rf_temp_dir(dir, sizeof dir, "rf-gen-typical"));
        char cmd[2048];
        snprintf(cmd, sizeof cmd,
                 "'%s' -q %s -o out && cd out && find . -type f | LC_ALL=C sort | xargs cat | "
                 "md5sum | cut -c1-32",
                 gen, cases[i].args);
        rf_run_result r = rf_run_shell(dir, cmd, NULL, 100);
        cr_assert_eq(r.exit_code, 0, "%s: %s", cases[i].args, r.err);
        cr_expect_eq(strncmp(r.out, cases[i].md5, 32), 0, "%s: md5 %.32s, want %s", cases[i].args,
                     r.out, cases[i].md5);
        rf_run_free(&r);
        cr_assert(rf_remove_tree(dir));
    }
    free(gen);
}

Test(relocfund_gen, heavy_sizes_give_one_county_exactly_the_sites_asked_and_check_options)
{
    char *gen = tool_path("relocfund-gen");
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-gen-heavy"));
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "'%s' --counties 1 --sites 37 --sizes heavy --short-share 1 -o out && "
             "grep -c '\"id\": \"S0' out/counties/c0001.json && "
             "grep -c 'of what it needs missing' out/counties/c0001.json",
             gen);
    rf_run_result r = rf_run_shell(dir, cmd, NULL, 60);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.out, "1 counties, 38 sites (dispersed included)"), "%s", r.out);
    cr_expect(strstr(r.out, "1 counties short of money"), "%s", r.out);
    cr_expect(strstr(r.out, "median 37, 90th percentile 37, largest 37"), "%s", r.out);
    cr_expect(strstr(r.out, "\n37\n1\n"), "37 centralized sites, a quarter missing: %s", r.out);
    rf_run_free(&r);
    static const char *const bad[] = {"--sizes huge", "--missing 1", "--missing -0.1"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s -o bad", gen, bad[i]);
        r = rf_run_shell(dir, cmd, NULL, 60);
        cr_expect_eq(r.exit_code, 2, "%s", bad[i]);
        cr_expect(strstr(r.err, "not a valid value here"), "%s: %s", bad[i], r.err);
        rf_run_free(&r);
    }
    cr_assert(rf_remove_tree(dir));
    free(gen);
}

Test(rf_gen_heavy_sites, draws_most_counties_small_and_a_tail_up_to_1000)
{
    rf_gen_rng r;
    rf_gen_rng_seed(&r, 12);
    enum { N = 14000 };
    int small = 0, big = 0, full = 0, lo = 1 << 30, hi = 0;
    double sum = 0;
    for (int i = 0; i < N; i++) {
        int k = rf_gen_heavy_sites(&r, 1000);
        small += k <= 30;
        big += k >= 300;
        full += k == 1000;
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
        sum += k;
    }
    cr_expect_eq(lo, 5);
    cr_expect_eq(hi, 1000);
    cr_expect(small > 0.83 * N && small < 0.89 * N, "%d of %d with 5-30 sites", small, N);
    cr_expect(big > 0.006 * N && big < 0.016 * N, "%d of %d with 300 or more", big, N);
    cr_expect(full > 0.0015 * N && full < 0.0045 * N, "%d of %d at 1000", full, N);
    cr_expect(sum / N > 22 && sum / N < 28, "mean %.1f sites", sum / N);
    rf_gen_rng_seed(&r, 12);
    cr_expect_eq(rf_gen_heavy_sites(&r, 7) <= 7, true);
}

Test(rf_gen_county_json, wide_spread_has_households_of_1_to_12_and_costs_cheap_to_dear)
{
    char *dir = make_counties(1100, 1, RF_POOLING_COUNTY, 0, 0);
    int max_size = 0;
    rf_fen cheapest = INT64_MAX, dearest = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        rf_gen_params p;
        rf_gen_params_county(&p);
        p.spread = RF_GEN_SPREAD_WIDE;
        p.sites = 120;
        rf_gen_rng r;
        rf_gen_rng_seed(&r, seed);
        p.registered_people = rf_gen_people_for_sites(&r, p.sites);
        cr_assert(p.registered_people >= 180 * 120 && p.registered_people <= 370 * 120);
        p.over_cap_share = 0.5;
        rf_gen_info info;
        rf_scenario *s =
            load_generated(dir, rf_gen_county_json(&p, seed, "../policy.json", &info, NULL), seed);
        int64_t people = 0;
        for (size_t i = 0; i < s->n_sites; i++) {
            const rf_site *site = &s->sites[i];
            people += site->registered_people;
            for (size_t k = 0; k < site->n_registered; k++)
                max_size =
                    site->registered[k].size > max_size ? site->registered[k].size : max_size;
            rf_fen h = site->costs.housing_per_m2;
            cr_expect(h >= 70000 && h <= 500000, "housing %lld fen/m2", (long long)h);
            cheapest = h < cheapest ? h : cheapest;
            dearest = h > dearest ? h : dearest;
        }
        cr_expect_eq(people, p.registered_people);
        cr_expect_eq(people, info.registered_people);
        rf_scenario_free(s);
    }
    cr_expect(max_size >= 10 && max_size <= 12, "largest household %d people", max_size);
    cr_expect(cheapest < 100000, "cheapest site %lld fen/m2", (long long)cheapest);
    cr_expect(dearest > 250000, "dearest site %lld fen/m2", (long long)dearest);
    remove_tree(dir);
}

Test(rf_gen_county_json, a_quarter_missing_leaves_three_quarters_of_what_is_needed)
{
    char *dir = make_counties(1200, 1, RF_POOLING_COUNTY, 0, 0);
    for (uint64_t seed = 1; seed <= 4; seed++) {
        rf_gen_params p;
        rf_gen_params_county(&p);
        p.spread = RF_GEN_SPREAD_WIDE;
        p.sites = 15;
        p.registered_people = 15 * 250;
        p.over_cap_share = 0; /* cheap counties: short only by the missing quarter */
        p.missing = 0.25;
        rf_scenario *s[2];
        for (int k = 0; k < 2; k++) {
            p.short_share = k; /* ample, then short */
            rf_gen_info info;
            s[k] = load_generated(dir, rf_gen_county_json(&p, seed, "../policy.json", &info, NULL),
                                  seed);
            cr_assert_eq(info.short_of_money, k == 1);
        }
        /* The same county but its money: every registered source at one
         * share (at most 3/4) of its standard, the synchronous fund at 3/4. */
        const rf_policy *pol = s[0]->policy;
        double share = -1;
        for (size_t f = 0; f < s[0]->n_sources; f++) {
            double full = (double)s[0]->sources[f].arrived, part = (double)s[1]->sources[f].arrived;
            cr_assert(full > 0);
            if (pol->sources[f].category == RF_CAT_SYNCHRONOUS) {
                cr_expect(fabs(part - 0.75 * full) <= 100, "%s", s[0]->sources[f].id);
                continue;
            }
            if (share < 0)
                share = part / full;
            cr_expect(fabs(part - share * full) <= 100 + 1e-7 * full, "%s: %.0f of %.0f",
                      s[0]->sources[f].id, part, full);
        }
        cr_expect(share > 0.2 && share <= 0.75 + 1e-9, "registered sources at %.3f", share);
        rf_plan *plan[2];
        rf_error err = {0};
        for (int k = 0; k < 2; k++)
            cr_assert_eq(rf_plan_solve(s[k], NULL, &plan[k], &err), RF_OK, "%s", err.message);
        cr_expect_eq(plan[0]->status, RF_PLAN_BALANCED, "seed %llu ample",
                     (unsigned long long)seed);
        cr_expect_neq(plan[1]->status, RF_PLAN_BALANCED, "seed %llu short",
                      (unsigned long long)seed);
        for (int k = 0; k < 2; k++) {
            rf_plan_free(plan[k]);
            rf_scenario_free(s[k]);
        }
    }
    remove_tree(dir);
}

Test(rf_batch_run, gives_each_county_the_plan_it_gets_alone)
{
    char *dir = make_counties(200, 8, RF_POOLING_COUNTY, 0.4, 0.4);
    char counties[512];
    snprintf(counties, sizeof counties, "%s/counties", dir);
    rf_batch *b = run_batch(counties, 3);
    cr_assert_eq(b->n_counties, 8);
    size_t problems = 0;
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        cr_assert_not_null(c->plan, "%s: %s", c->file, c->error.message);
        problems += c->status != RF_BATCH_BALANCED;
        rf_diags d = {0};
        rf_scenario *s = rf_scenario_load(c->file, NULL, &d);
        cr_assert_not_null(s);
        rf_plan *alone = NULL;
        rf_error err = {0};
        cr_assert_eq(rf_plan_solve(s, NULL, &alone, &err), RF_OK);
        char *x = capture_json(plan_json, c->plan);
        char *y = capture_json(plan_json, alone);
        cr_assert_str_eq(x, y, "%s: the batch plan differs from the plan solved alone", c->file);
        free(x);
        free(y);
        rf_plan_free(alone);
        rf_scenario_free(s);
        rf_diags_free(&d);
    }
    /* Files in a folder come sorted by name. */
    for (size_t i = 1; i < b->n_counties; i++)
        cr_assert(strcmp(b->counties[i - 1].file, b->counties[i].file) < 0);
    cr_assert_eq(rf_batch_status_code(b), problems ? RF_ERR_PLAN : RF_OK);
    rf_batch_free(b);
    remove_tree(dir);
}

Test(rf_report_batch_json, is_byte_identical_for_1_2_and_4_threads)
{
    char *dir = make_counties(300, 9, RF_POOLING_SITE, 0.5, 0.3);
    char counties[512];
    snprintf(counties, sizeof counties, "%s/counties", dir);
    char *ref = NULL;
    int threads[] = {1, 2, 4};
    for (size_t k = 0; k < 3; k++) {
        rf_batch *b = run_batch(counties, threads[k]);
        char *j = capture_json(batch_json, b);
        rf_doc *doc = rf_report_batch(b, false);
        cr_assert_not_null(doc);
        rf_doc_free(doc);
        if (!ref)
            ref = j;
        else {
            cr_assert_str_eq(j, ref, "-j %d differs from -j 1", threads[k]);
            free(j);
        }
        rf_batch_free(b);
    }
    cr_assert(strstr(ref, "\"format\": \"relocfund-batch/1\""));
    cr_assert(strstr(ref, "\"counties\": 9"));
    free(ref);
    remove_tree(dir);
}

Test(rf_batch_open, reads_a_province_file_and_splits_its_pools_to_the_fen)
{
    char *dir = make_counties(400, 4, RF_POOLING_COUNTY, 0, 0);
    char path[512];
    snprintf(path, sizeof path, "%s/province.json", dir);
    put_file(path, "{\"format\": \"relocfund-province/1\", \"id\": \"p1\",\n"
                   " \"name\": {\"zh\": \"测试省\", \"en\": \"Test province\"},\n"
                   " \"counties\": [\"counties/c03.json\", \"counties/c01.json\", "
                   "\"counties/c02.json\", \"counties/c04.json\"],\n"
                   " \"pools\": [{\"source\": \"integrated_agri\", \"amount\": 1000000.01},\n"
                   "           {\"source\": \"provincial_special\", \"amount\": 7}]}\n");
    rf_batch *b = run_batch(path, 2);
    cr_assert_str_eq(b->id, "p1");
    cr_assert_eq(b->n_counties, 4);
    cr_assert(strstr(b->counties[0].file, "counties/c03.json"), "the province's order is kept");
    cr_assert_eq(b->n_pools, 2);
    rf_fen sum[2] = {0};
    for (size_t i = 0; i < 4; i++) {
        const rf_batch_county *c = &b->counties[i];
        cr_assert_not_null(c->plan, "%s", c->error.message);
        for (int k = 0; k < 2; k++)
            sum[k] += c->pool_shares[k];
        /* The share reached the county's budget: reload it alone and compare. */
        rf_diags d = {0};
        rf_scenario *s = rf_scenario_load(c->file, NULL, &d);
        cr_assert_eq(c->scenario->integrated_agri_budget,
                     s->integrated_agri_budget + c->pool_shares[0]);
        cr_assert_eq(c->scenario->sources[1].arrived, s->sources[1].arrived + c->pool_shares[1]);
        rf_scenario_free(s);
        rf_diags_free(&d);
    }
    cr_assert_eq(sum[0], 100000001);
    cr_assert_eq(sum[1], 700);
    char *j = capture_json(batch_json, b);
    cr_assert(strstr(j, "\"pools\": [{\"source\": \"integrated_agri\", \"amount\": 1000000.01}"));
    free(j);
    rf_batch_free(b);
    remove_tree(dir);
}

Test(rf_batch_open, reports_a_province_file_without_counties_at_its_line)
{
    char *path = rf_write_temp(".json", "{\"format\": \"relocfund-province/1\",\n \"id\": \"p\",\n"
                                        " \"counties\": []}\n");
    rf_diags d = {0};
    rf_batch *b = NULL;
    const char *args[] = {path};
    cr_assert_eq(rf_batch_open(args, 1, &b, &d), RF_ERR_INPUT);
    cr_assert_null(b);
    cr_assert_geq(d.errors, 1);
    cr_assert_eq(d.items[0].line, 3);
    cr_assert_str_eq(d.items[0].path, "counties");
    rf_diags_free(&d);
    unlink(path);
    free(path);
}

Test(cmd_batch, plans_written_with_plans_equal_relocfund_solve_byte_for_byte)
{
    char *dir = make_counties(700, 3, RF_POOLING_SITE, 0.3, 0.3);
    char counties[512], plans[600];
    snprintf(counties, sizeof counties, "%s/counties", dir);
    snprintf(plans, sizeof plans, "%s/plans", dir);
    const char *batch[] = {"batch",   "-j",  "2",      "--format", "json",
                           "--plans", plans, counties, NULL};
    rf_run_result r = rf_run_cli(batch);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s", r.err);
    rf_run_free(&r);
    for (int k = 1; k <= 3; k++) {
        char scen[700], plan[700];
        snprintf(scen, sizeof scen, "%s/c%02d.json", counties, k);
        snprintf(plan, sizeof plan, "%s/c%02d.json", plans, k);
        const char *solve[] = {"solve", "--format", "json", scen, NULL};
        rf_run_result s = rf_run_cli(solve);
        cr_assert(s.exit_code == 0 || s.exit_code == 1, "%s", s.err);
        size_t len = 0;
        char *text = rf_read_file(plan, &len);
        cr_assert_not_null(text, "no plan written to %s", plan);
        cr_assert_str_eq(text, s.out, "c%02d: the plan batch wrote differs from solve's", k);
        free(text);
        rf_run_free(&s);
    }
    remove_tree(dir);
}

Test(cmd_batch, exit_codes_say_balanced_violation_or_input_error)
{
    char *dir = make_counties(500, 3, RF_POOLING_COUNTY, 0, 0);
    char counties[512], out[600];
    snprintf(counties, sizeof counties, "%s/counties", dir);
    snprintf(out, sizeof out, "%s/rollup.json", dir);
    const char *ok[] = {"batch", "-j", "2", "--format", "json", "-o", out, counties, NULL};
    rf_run_result r = rf_run_cli(ok);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    size_t len = 0;
    char *text = rf_read_file(out, &len);
    cr_assert_not_null(text);
    cr_assert(strstr(text, "\"status\": {\"balanced\": 3, "));
    free(text);

    /* A county that does not load: exit 2, the others still reported. */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/c00-broken.json", counties);
    put_file(bad, "{\"format\": \"relocfund-scenario/1\", \"id\": }\n");
    const char *withbad[] = {"batch", "--lang", "en", counties, NULL};
    r = rf_run_cli(withbad);
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "c00-broken.json:1:"), "%s", r.err);
    cr_assert(strstr(r.out, "input error"), "%s", r.out);
    cr_assert(strstr(r.out, "c01"));
    rf_run_free(&r);
    unlink(bad);

    /* High housing costs push households over the cap: exit 1. */
    remove_tree(dir);
    dir = make_counties(600, 2, RF_POOLING_COUNTY, 0, 1);
    snprintf(counties, sizeof counties, "%s/counties", dir);
    const char *dear[] = {"batch", "--format", "json", counties, NULL};
    r = rf_run_cli(dear);
    cr_assert_eq(r.exit_code, 1, "%s", r.err);
    cr_assert(strstr(r.out, "\"status\": \"cap_violation\""));
    rf_run_free(&r);
    remove_tree(dir);
}

/* A province pool whose source no county's policy has: one error, at the
 * source's line and column, with a "did you mean"; the counties are input
 * errors (exit 2). */
Test(cmd_batch, a_mistyped_pool_source_is_reported_once_where_it_is_written)
{
    char *dir = make_counties(800, 3, RF_POOLING_COUNTY, 0, 0);
    char path[512];
    snprintf(path, sizeof path, "%s/province.json", dir);
    put_file(path, "{\"format\": \"relocfund-province/1\", \"id\": \"p\",\n"
                   " \"counties\": [\"counties/c01.json\", \"counties/c02.json\", "
                   "\"counties/c03.json\"],\n"
                   " \"pools\": [{\"source\": \"provincial_specal\", \"amount\": 7}]}\n");
    char want[1024];
    snprintf(want, sizeof want,
             "relocfund: error: %s:3:23: pools[0].source: \"provincial_specal\" is neither "
             "\"integrated_agri\" nor a source of the policy %s/policy.json; did you "
             "mean \"provincial_special\"?\n",
             path, dir);
    const char *batch[] = {"batch", "-j", "2", "--format", "json", path, NULL};
    rf_run_result r = rf_run_cli(batch);
    cr_expect_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err, want);
    cr_expect(strstr(r.out, "\"input_error\": 3"), "%s", r.out);
    rf_run_free(&r);
    /* validate reads the province file batch reads, with the same error. */
    const char *validate[] = {"validate", path, NULL};
    r = rf_run_cli(validate);
    cr_expect_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err, want);
    char summary[600];
    snprintf(summary, sizeof summary, "%s: 1 error, 0 warnings\n", path);
    cr_expect_str_eq(r.out, summary);
    rf_run_free(&r);
    remove_tree(dir);
}

/* validate takes a province file: the file, every county, its pools. */
Test(cmd_validate, checks_a_province_file_and_every_county_it_lists)
{
    char *dir = make_counties(900, 2, RF_POOLING_COUNTY, 0, 0);
    char path[512], county[600], want[1024];
    snprintf(path, sizeof path, "%s/province.json", dir);
    put_file(path, "{\"format\": \"relocfund-province/1\", \"id\": \"p\",\n"
                   " \"counties\": [\"counties/c01.json\", \"counties/c02.json\"],\n"
                   " \"pools\": [{\"source\": \"integrated_agri\", \"amount\": 7}]}\n");
    const char *ok[] = {"validate", path, NULL};
    rf_run_result r = rf_run_cli(ok);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "");
    snprintf(want, sizeof want, "%s: ok (0 warnings)\n", path);
    cr_expect_str_eq(r.out, want);
    rf_run_free(&r);

    /* A county's own problems are reported, located in the county file;
     * the province file's unknown member is a warning. */
    snprintf(county, sizeof county, "%s/counties/c02.json", dir);
    put_file(county, "{\"format\": \"relocfund-scenario/1\", \"id\": }\n");
    put_file(path, "{\"format\": \"relocfund-province/1\", \"id\": \"p\", \"pool\": [],\n"
                   " \"counties\": [\"counties/c01.json\", \"counties/c02.json\"]}\n");
    r = rf_run_cli(ok);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "pool: unknown key (ignored); did you mean \"pools\"?\n"), "%s", r.err);
    cr_expect(strstr(r.err, "counties/c02.json:1:"), "%s", r.err);
    snprintf(want, sizeof want, "%s: 1 error, 1 warning\n", path);
    cr_expect_str_eq(r.out, want);
    rf_run_free(&r);

    /* --set would be ignored on a province file: an error. */
    const char *set[] = {"validate", "--set", "x=1", path, NULL};
    r = rf_run_cli(set);
    cr_expect_eq(r.exit_code, 2);
    snprintf(want, sizeof want,
             "relocfund: error: --set x: %s is a province file, which --set does not change; "
             "check a change on one of its counties\n",
             path);
    cr_expect_str_eq(r.err, want);
    rf_run_free(&r);
    remove_tree(dir);
}
