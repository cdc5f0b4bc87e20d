/* rf_variant and rf_request: variant files made from --set changes, and the
 * bodies of relocfund serve's requests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rf_compare.h"
#include "rf_outcome.h"
#include "rf_plan.h"
#include "rf_request.h"
#include "rf_scenario.h"
#include "rf_variant.h"
#include "support.h"

static char dir[256];
static char child[512];

/* A copy of the example county with a file that extends it and states no
 * sites of its own: DIR/scenarios/example-county/child.json. */
static void setup(void)
{
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-test-variant"));
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/scenarios/example-county' '%s/models' && "
             "cp scenarios/example-county/2016.json '%s/scenarios/example-county/' && "
             "cp models/example-county.json '%s/models/'",
             dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(child, sizeof child, "%s/scenarios/example-county/child.json", dir);
    FILE *f = fopen(child, "w");
    cr_assert_not_null(f);
    fputs("{\"format\": \"relocfund-scenario/1\", \"extends\": \"2016.json\", \"id\": \"child\",\n"
          " \"integrated_agri\": {\"budget\": 4000000}}\n",
          f);
    fclose(f);
}

static void teardown(void)
{
    cr_expect(rf_remove_tree(dir));
}

/* Solves path (with sets) and returns its outcome. */
static rf_outcome *outcome(const char *path, const char *const *sets, size_t n)
{
    rf_load_options lo = {.set = sets, .n_set = n};
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(path, &lo, &d);
    cr_assert_not_null(s, "%s: %s", path, d.count ? d.items[0].message : "");
    rf_plan *p = NULL;
    rf_error e = {0};
    cr_assert_eq(rf_plan_solve(s, NULL, &p, &e), RF_OK, "%s", e.message);
    rf_outcome *o = rf_outcome_from_plan(p, path, true);
    rf_plan_free(p);
    rf_scenario_free(s);
    rf_diags_free(&d);
    return o;
}

Test(rf_variant_save, takes_an_inherited_array_from_the_file_that_states_it, .init = setup,
     .fini = teardown)
{
    const char *sets[] = {"sites[2].costs.housing_per_m2=2222", "integrated_agri.budget=1000000",
                          "policy.self_funding.cap_per_household=5000"};
    rf_variant_saved v;
    rf_diags d = {0};
    rf_error e = {0};
    cr_assert_eq(rf_variant_save(child, sets, 3, NULL, false, &v, &d, &e), RF_OK, "%s",
                 d.count ? d.items[0].message : e.message);
    cr_expect(strstr(v.scenario, "/child-variant-1.json") != NULL, "%s", v.scenario);
    cr_expect(strstr(v.policy, "/child-variant-1.policy.json") != NULL, "%s", v.policy);
    char *text = rf_read_file(v.scenario, NULL);
    cr_expect(strstr(text, "\"extends\": \"child.json\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"id\": \"child-variant-1\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"housing_per_m2\": 2222") != NULL, "%s", text);
    cr_expect(strstr(text, "\"policy\": \"child-variant-1.policy.json\"") != NULL, "%s", text);
    cr_expect(strstr(text, "cost_defaults") == NULL, "states what did not change: %s", text);
    free(text);
    rf_outcome *a = outcome(v.scenario, NULL, 0), *b = outcome(child, sets, 3);
    cr_expect(!rf_outcome_differ(a, b), "the variant does not solve as the changes do");
    rf_outcome_free(a);
    rf_outcome_free(b);
    /* The next one without a name takes the next free number. */
    rf_variant_saved w;
    cr_assert_eq(rf_variant_save(child, sets, 1, NULL, false, &w, &d, &e), RF_OK);
    cr_expect(strstr(w.scenario, "/child-variant-2.json") != NULL, "%s", w.scenario);
    cr_expect_null(w.policy);
    rf_variant_saved_free(&w);
    rf_variant_saved_free(&v);
    rf_diags_free(&d);
}

Test(rf_variant_save, refuses_bad_names_existing_files_and_changes_that_do_not_apply,
     .init = setup, .fini = teardown)
{
    const char *sets[] = {"integrated_agri.budget=1"};
    rf_variant_saved v;
    rf_diags d = {0};
    rf_error e = {0};
    cr_expect_eq(rf_variant_save(child, sets, 1, "../up", false, &v, &d, &e), RF_ERR_INPUT);
    cr_expect(strstr(e.message, "letters, digits") != NULL, "%s", e.message);
    cr_expect_eq(rf_variant_save(child, sets, 1, "x", false, &v, &d, &e), RF_OK);
    rf_variant_saved_free(&v);
    cr_expect_eq(rf_variant_save(child, sets, 1, "x", false, &v, &d, &e), RF_ERR_OUTPUT);
    cr_expect(strstr(e.message, "exists") != NULL, "%s", e.message);
    cr_expect(v.exists);
    cr_expect_eq(rf_variant_save(child, sets, 1, "x", true, &v, &d, &e), RF_OK);
    rf_variant_saved_free(&v);
    const char *typo[] = {"integrated_agri.budgt=1"};
    cr_expect_eq(rf_variant_save(child, typo, 1, "y", false, &v, &d, &e), RF_ERR_INPUT);
    cr_expect_gt(d.errors, 0);
    cr_expect(strstr(d.items[0].message, "did you mean \"budget\"") != NULL, "%s",
              d.items[0].message);
    char y[600];
    snprintf(y, sizeof y, "%s/scenarios/example-county/child-y.json", dir);
    struct stat st;
    cr_expect_neq(stat(y, &st), 0, "a file was written for changes that do not apply");
    rf_diags_free(&d);
}

Test(rf_request_parse, reads_the_members_and_names_problems_where_they_are)
{
    const char *ok = "{\"set\": [\"a=1\", \"b=2\"], \"lang\": \"en\", \"name\": \"n\", "
                     "\"replace\": true, \"format\": \"xlsx\"}";
    rf_request r;
    rf_diags d = {0};
    cr_assert(rf_request_parse(ok, strlen(ok), &r, &d));
    cr_expect_eq(r.n_sets, 2);
    cr_expect_str_eq(r.sets[1], "b=2");
    cr_expect_str_eq(r.lang, "en");
    cr_expect_str_eq(r.format, "xlsx");
    cr_expect(r.replace);
    rf_request_free(&r);
    cr_assert(rf_request_parse("", 0, &r, &d), "an empty body is an empty request");
    cr_expect_eq(r.n_sets, 0);
    rf_request_free(&r);
    const char *bad = "{\"set\": [\"a=1\", 7]}";
    cr_expect_not(rf_request_parse(bad, strlen(bad), &r, &d));
    rf_request_free(&r);
    cr_assert_eq(d.errors, 1);
    char buf[512];
    rf_format_location(buf, sizeof buf, d.items[0].file, d.items[0].line, d.items[0].column,
                       d.items[0].path, d.items[0].message);
    cr_expect_str_eq(buf, "request:1:17: set[1]: must be a \"PATH=VALUE\" string, not a number");
    rf_diags_free(&d);
    const char *list = "[1]";
    cr_expect_not(rf_request_parse(list, strlen(list), &r, &d));
    rf_request_free(&r);
    rf_diags_free(&d);
}
