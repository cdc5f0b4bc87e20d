/* Tests of rf_gen (deterministic, valid) and rf_batch (the solo plans, the same for any -j). */
#include <criterion/criterion.h>
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
        char *text = rf_gen_county_json(&p, seed, "../policy.json", &info, NULL);
        cr_assert_not_null(text);
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
        rf_diags_free(&d);
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
