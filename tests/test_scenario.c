/* rf_scenario_load: the bundled files resolve into the figures of the
 * county report; extends, includes and --set change what they should. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_plan.h"
#include "rf_result.h"
#include "rf_scenario.h"
#include "support.h"

#define DIR "scenarios/example-county/"

static rf_scenario *load(const char *path, const char *const *set, size_t n_set, rf_diags *d)
{
    rf_load_options o = {set, n_set};
    return rf_scenario_load(path, &o, d);
}

/* Loads path without changes; it must load. */
static rf_scenario *load_ok(const char *path, rf_diags *d)
{
    rf_scenario *s = load(path, NULL, 0, d);
    cr_assert_not_null(s, "%s: %s", path, d->count ? d->items[0].message : "");
    return s;
}

static const rf_site *site(const rf_scenario *s, const char *id)
{
    for (size_t i = 0; i < s->n_sites; i++)
        if (strcmp(s->sites[i].id, id) == 0)
            return &s->sites[i];
    return NULL;
}

static int64_t people(const rf_scenario *s, rf_category c)
{
    int64_t n = 0;
    for (size_t i = 0; i < s->n_sites; i++)
        n +=
            c == RF_CAT_REGISTERED ? s->sites[i].registered_people : s->sites[i].synchronous_people;
    return n;
}

Test(rf_scenario_load, reads_the_2016_figures_exactly)
{
    rf_diags d = {0};
    rf_scenario *s = load_ok(DIR "2016.json", &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(d.warnings, 2);
    cr_expect_str_eq(s->id, "example-county-2016");
    cr_expect_eq(s->year, 2016);
    cr_expect_eq(s->planned_people[RF_CAT_REGISTERED], 1475);
    cr_expect_eq(s->planned_people[RF_CAT_SYNCHRONOUS], 4814);
    cr_expect_eq(s->n_sites, 9);
    cr_expect_eq(people(s, RF_CAT_REGISTERED), 1475);
    cr_expect_eq(people(s, RF_CAT_SYNCHRONOUS), 1207);
    rf_fen registered = 0;
    for (size_t k = 0; k < s->n_sources; k++)
        if (s->policy->sources[k].category == RF_CAT_REGISTERED)
            registered += s->sources[k].arrived;
    cr_expect_eq(registered, 8518125000LL);
    cr_expect_str_eq(s->sources[4].id, "policy_loans");
    cr_expect_eq(s->sources[4].arrived, 5162500000LL);
    cr_expect(s->has_disbursed_total[RF_CAT_REGISTERED]);
    cr_expect_eq(s->disbursed_total[RF_CAT_REGISTERED], 6735960000LL);
    cr_expect_eq(s->integrated_agri_budget, 500000000);
    const rf_site *s1 = site(s, "S01");
    cr_assert_not_null(s1);
    cr_expect_eq(s1->type, RF_SITE_URBAN_PARK);
    cr_expect_eq(s1->costs.housing_per_m2, 150000, "the site overrides the default");
    cr_expect_eq(s1->costs.decoration_per_m2, 15000, "the default applies");
    cr_expect_eq(s1->costs.area_per_person, 2500);
    cr_expect_eq(s1->n_registered, 6);
    cr_expect_eq(s1->registered[0].size, 2);
    cr_expect_str_eq(s1->path, "sites[0]");
    cr_expect_eq(site(s, "D2016")->type, RF_SITE_DISPERSED);
    cr_expect_eq(s->progress[RF_CAT_SYNCHRONOUS].moved_in_people, 1027);
    cr_expect_eq(s->sites_completed, 8);
    cr_expect_eq(s->n_stated_rates, 11);
    rf_scenario_free(s);
    rf_diags_free(&d);
}

Test(rf_scenario_load, reads_the_policy_per_person_standards)
{
    rf_diags d = {0};
    rf_scenario *s = load_ok(DIR "2016.json", &d);
    const rf_policy *p = s->policy;
    cr_expect_str_eq(p->file, "models/example-county.json");
    cr_assert_eq(p->n_sources, 6);
    rf_fen per_person = 0;
    for (size_t k = 0; k < p->n_sources; k++)
        if (p->sources[k].category == RF_CAT_REGISTERED)
            per_person += p->sources[k].per_person;
    cr_expect_eq(per_person, 5775000, "5.775 wan a person");
    cr_expect(p->sources[4].is_loan);
    cr_expect(p->sources[5].site_limit_per_person);
    cr_expect_eq(p->sources[5].drawdown, RF_DRAW_AS_NEEDED);
    cr_expect_not(p->sources[5].permitted[RF_USE_LAND]);
    cr_expect_eq(p->self_funding_cap, 1000000);
    cr_expect_eq(p->area_cap_per_person, 2500);
    cr_expect(p->agri_permitted[RF_USE_LAND]);
    cr_expect_eq(p->surplus_routing[0], RF_USE_EMPLOYMENT_BASE);
    cr_expect_eq(p->n_levels, RF_LEVEL_COUNT);
    cr_expect_eq(p->levels[0], RF_LEVEL_UNFUNDED_GAP);
    rf_scenario_free(s);
    rf_diags_free(&d);
}

Test(rf_scenario_load, extends_merges_over_the_base)
{
    rf_diags d = {0};
    rf_scenario *s = load_ok(DIR "2017.json", &d);
    cr_expect_eq(d.count, 0);
    cr_expect_eq(s->year, 2017);
    cr_expect_eq(s->n_sites, 37, "the sites array replaces the base's");
    cr_expect_eq(people(s, RF_CAT_REGISTERED), 5047);
    cr_expect_eq(people(s, RF_CAT_SYNCHRONOUS), 2943);
    cr_expect_eq(site(s, "S09")->costs.housing_per_m2, 155000, "the new default applies");
    cr_expect_eq(site(s, "S09")->costs.decoration_per_m2, 15000, "inherited default");
    cr_expect_not(s->has_disbursed_total[RF_CAT_REGISTERED], "null deletes disbursed");
    cr_expect_eq(s->integrated_agri_budget, 1200000000);
    cr_expect_eq(s->progress[RF_CAT_REGISTERED].completed_households, -1);
    cr_expect_eq(s->progress[RF_CAT_REGISTERED].demolition_agreements, 184);
    cr_expect_str_eq(s->policy->file, "models/example-county.json",
                     "the policy path is relative to the file that names it");
    rf_scenario_free(s);
    rf_diags_free(&d);
}

Test(rf_scenario_load, includes_concatenate_sites_and_sum_funds)
{
    rf_diags d = {0};
    rf_scenario *s = load_ok(DIR "plan-2016-2020.json", &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(s->n_sites, 46);
    cr_expect_eq(s->year, 0);
    cr_expect_str_eq(s->period, "2016-2020");
    cr_expect_eq(s->planned_people[RF_CAT_REGISTERED], 6522);
    cr_expect_eq(s->planned_people[RF_CAT_SYNCHRONOUS], 9780);
    cr_expect_eq(people(s, RF_CAT_REGISTERED), 6522);
    cr_expect_eq(s->sources[0].arrived, (10325000LL + 35329000LL) * 100);
    cr_expect_eq(s->sources[5].arrived, 7824000000LL);
    cr_expect_eq(s->integrated_agri_budget, 1700000000);
    cr_expect_not(s->has_progress[RF_CAT_REGISTERED]);
    cr_expect_str_eq(site(s, "S01")->file, DIR "2016.json");
    cr_expect_str_eq(site(s, "S44")->file, DIR "2017.json");
    rf_scenario_free(s);
    rf_diags_free(&d);
}

Test(rf_scenario_load, set_changes_the_scenario_and_the_policy)
{
    const char *set[] = {"sources.policy_loans.arrived=50000000",
                         "sites[1].costs.land=1000.5",
                         "name.en=\"what if\"",
                         "policy.self_funding.cap_per_household=12000",
                         "assert.totals.registered_arrived=null",
                         "id=bare words"};
    rf_diags d = {0};
    rf_scenario *s = load(DIR "2016.json", set, 6, &d);
    cr_assert_not_null(s, "%s", d.count ? d.items[0].message : "");
    cr_expect_eq(s->sources[4].arrived, 5000000000LL);
    cr_expect_eq(s->sites[1].costs.land, 100050);
    cr_expect_str_eq(s->name.en, "what if");
    cr_expect_str_eq(s->id, "bare words");
    cr_expect_eq(s->policy->self_funding_cap, 1200000);
    rf_scenario_free(s);
    rf_diags_free(&d);
}

Test(rf_scenario_load, returns_null_and_every_error_sorted)
{
    const char *set[] = {"sites[0].type=hamlet", "plan.registered_people=-1"};
    rf_diags d = {0};
    rf_scenario *s = load(DIR "2016.json", set, 2, &d);
    cr_expect_null(s);
    cr_assert_eq(d.errors, 2);
    cr_expect_str_eq(d.items[0].file, "--set");
    cr_expect_str_eq(d.items[0].path, "plan.registered_people");
    cr_expect_str_eq(d.items[1].path, "sites[0].type");
    rf_diags_free(&d);
}

Test(rf_policy_load, reads_a_policy_file_alone)
{
    rf_diags d = {0};
    rf_policy *p = rf_policy_load("models/example-county.json", &d);
    cr_assert_not_null(p);
    cr_expect_eq(d.count, 0);
    cr_expect_str_eq(p->id, "example-county");
    cr_expect_eq(p->time_limit_seconds, 10);
    rf_policy_free(p);
    rf_policy_free(NULL);
    rf_scenario_free(NULL);
    rf_diags_free(&d);
}

/* ---- rf_load_cache: parsed files kept between loads ---- */

/* What a load gave, as text: every diagnostic, then the plan's JSON (or
 * "no scenario"). */
static char *load_outcome(const char *path, const char *const *set, size_t n_set,
                          rf_load_cache *cache)
{
    rf_load_options o = {.set = set, .n_set = n_set, .cache = cache};
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(path, &o, &d);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    for (size_t i = 0; i < d.count; i++)
        fprintf(f, "%d %s:%d:%d %s: %s\n", (int)d.items[i].severity, d.items[i].file,
                d.items[i].line, d.items[i].column, d.items[i].path, d.items[i].message);
    rf_plan *p = NULL;
    rf_error e = {0};
    if (!s) {
        fputs("no scenario\n", f);
    } else if (rf_plan_solve(s, NULL, &p, &e) != RF_OK) {
        fprintf(f, "no plan: %s\n", e.message);
    } else {
        rf_result r = {RF_RESULT_PLAN, p};
        rf_result_options ro = {.format = RF_FORMAT_JSON, .chinese = true};
        cr_assert_eq(rf_result_write(&r, &ro, f, NULL, &e), RF_OK);
    }
    fclose(f);
    rf_plan_free(p);
    rf_scenario_free(s);
    rf_diags_free(&d);
    return buf;
}

Test(rf_load_cache, a_cached_load_is_a_fresh_load_whatever_came_before)
{
    /* One cache for files that extend and include each other, loads with
     * and without changes (to the scenario, to the policy, and changes that
     * fail) in turn: a change must never stay in the cache for the next. */
    static const char *const files[] = {DIR "2016.json", DIR "2017.json",
                                        DIR "plan-2016-2020.json"};
    static const char *const changes[][2] = {
        {"sites[0].costs.housing_per_m2=2600", NULL},
        {NULL, NULL},
        {"sources.policy_loans.arrived=40000000", "policy.self_funding.cap_per_household=9000"},
        {"sites[1].costs.housng_per_m2=2600", NULL},
        {"policy.self_funding.cap_per_household=-1", NULL},
        {"sites[0]={\"id\": \"X\"}", NULL},
        {NULL, NULL},
        {"integrated_agri.budget=5000000", "sites[2].costs.area_per_person=30"},
        {NULL, NULL},
    };
    rf_load_cache *cache = rf_load_cache_new();
    cr_assert_not_null(cache);
    size_t plans = 0;
    for (size_t k = 0; k < 3 * (sizeof changes / sizeof changes[0]); k++) {
        const char *file = files[k % 3];
        const char *const *set = changes[k / 3];
        size_t n = set[0] ? (set[1] ? 2 : 1) : 0;
        char *fresh = load_outcome(file, set, n, NULL);
        char *cached = load_outcome(file, set, n, cache);
        cr_expect_str_eq(cached, fresh, "%s with %zu changes (%s): the cached load differs",
                         file, n, n ? set[0] : "");
        plans += strstr(cached, "\"status\"") != NULL;
        free(fresh);
        free(cached);
    }
    cr_expect_geq(plans, 12, "only %zu loads gave a plan", plans);
    rf_load_cache_free(cache);
    rf_load_cache_free(NULL);
}

Test(rf_load_cache, keeps_the_files_of_the_scenario_not_those_a_change_names)
{
    rf_load_cache *cache = rf_load_cache_new();
    char *a = load_outcome(DIR "2016.json", NULL, 0, cache);
    cr_expect_eq(rf_load_cache_count(cache), 2, "the scenario and its policy");
    char *policy = rf_read_file("models/example-county.json", NULL);
    cr_assert_not_null(policy);
    char *other = rf_write_temp(".json", policy), change[600];
    cr_assert_not_null(other);
    snprintf(change, sizeof change, "policy=\"%s\"", other);
    const char *set[] = {change};
    char *b = load_outcome(DIR "2016.json", set, 1, cache);
    char *fresh = load_outcome(DIR "2016.json", set, 1, NULL);
    cr_expect_str_eq(b, fresh);
    cr_expect(strstr(b, "\"status\""), "the named policy was not read: %s", b);
    cr_expect_eq(rf_load_cache_count(cache), 2, "a file a change names was kept");
    remove(other);
    free(other);
    free(policy);
    free(a);
    free(b);
    free(fresh);
    rf_load_cache_free(cache);
}

Test(rf_load_cache, reads_a_file_again_once_it_changed)
{
    char dir[256], scen[300], pol[300];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-load-cache"));
    snprintf(scen, sizeof scen, "%s/s.json", dir);
    snprintf(pol, sizeof pol, "%s/p.json", dir);
    char *text = rf_read_file(DIR "2016.json", NULL);
    char *policy = rf_read_file("models/example-county.json", NULL);
    cr_assert(text && policy);
    char *ref = strstr(text, "../../models/example-county.json");
    cr_assert_not_null(ref);
    FILE *f = fopen(pol, "w");
    fputs(policy, f);
    fclose(f);
    f = fopen(scen, "w");
    fprintf(f, "%.*s%s%s", (int)(ref - text), text, "p.json",
            ref + strlen("../../models/example-county.json"));
    fclose(f);
    rf_load_cache *cache = rf_load_cache_new();
    char *before = load_outcome(scen, NULL, 0, cache);
    cr_assert(strstr(before, "\"status\""), "%s", before);
    /* The policy changes on disk (its cap, so the plan changes): the next
     * load reads it again. */
    const char *was = "\"cap_per_household\": 10000";
    char *cap = strstr(policy, was);
    cr_assert_not_null(cap);
    f = fopen(pol, "w");
    fprintf(f, "%.*s\"cap_per_household\": 5000%s", (int)(cap - policy), policy,
            cap + strlen(was));
    fclose(f);
    char *after = load_outcome(scen, NULL, 0, cache);
    char *fresh = load_outcome(scen, NULL, 0, NULL);
    cr_expect_str_eq(after, fresh);
    cr_expect_str_neq(after, before, "the changed policy was not read again");
    free(before);
    free(after);
    free(fresh);
    rf_load_cache_free(cache);
    free(text);
    free(policy);
    rf_remove_tree(dir);
}
