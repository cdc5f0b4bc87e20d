/* relocfund validate on the bundled files: exit 0, and exactly the report's
 * own inconsistencies as warnings, each with its location. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

#define DIR "scenarios/example-county/"

static const char BUNDLED_STDERR[] =
    "relocfund: warning: " DIR "2016.json:313:26: progress.synchronous.moved_in_people: "
    "stated 1027 people moved in, but all 227 implemented households moved in and the sites "
    "give them 1207 people\n"
    "relocfund: warning: " DIR "2016.json:347:33: assert.rates.synchronous_completion: "
    "stated 23%, but completed houses / planned houses = 227/962 = 23.6%\n"
    "relocfund: warning: " DIR "plan-2016-2020.json:28:31: "
    "site_progress.stated_completion_rate: stated 38%, but completed / built = 16/44 = 36.4%\n"
    "relocfund: warning: " DIR "plan-2016-2020.json:63:28: "
    "assert.stated_implemented.registered_people: stated 6488 implemented, but the sites give "
    "6522 registered people\n"
    "relocfund: warning: " DIR "plan-2016-2020.json:64:29: "
    "assert.stated_implemented.synchronous_people: stated 1201 implemented, but the sites give "
    "4150 synchronous people\n";

static const char BUNDLED_STDOUT[] =
    DIR "2016.json: ok (2 warnings)\n" DIR "2017.json: ok (0 warnings)\n" DIR
        "plan-2016-2020.json: ok (5 warnings)\n";

Test(validate, bundled_scenarios_pass_with_the_reports_inconsistencies_as_warnings)
{
    const char *argv[] = {"validate", DIR "2016.json", DIR "2017.json", DIR "plan-2016-2020.json",
                          NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect_str_eq(r.err, BUNDLED_STDERR);
    cr_expect_str_eq(r.out, BUNDLED_STDOUT);
    rf_run_free(&r);
}

Test(validate, an_included_file_alone_repeats_its_warnings_in_the_including_file)
{
    const char *argv[] = {"validate", DIR "plan-2016-2020.json", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect_str_eq(r.out, DIR "plan-2016-2020.json: ok (5 warnings)\n");
    cr_expect(strstr(r.err, DIR "2016.json:347:33: assert.rates.synchronous_completion") != NULL);
    rf_run_free(&r);
}

Test(validate, the_bundled_policy_model_is_valid)
{
    const char *argv[] = {"validate", "models/example-county.json", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect_str_eq(r.err, "");
    cr_expect_str_eq(r.out, "models/example-county.json: ok (0 warnings)\n");
    rf_run_free(&r);
}

Test(validate, one_bad_file_fails_the_run_but_every_file_is_reported)
{
    const char *argv[] = {"validate", "tests/bad/bom.json", DIR "2017.json", NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect_str_eq(r.out, "tests/bad/bom.json: 1 error, 0 warnings\n" DIR
                            "2017.json: ok (0 warnings)\n");
    rf_run_free(&r);
}

Test(validate, a_set_change_is_checked_like_the_file)
{
    const char *argv[] = {"validate", "--set", "assert.totals.registered_people=1476",
                          DIR "2016.json", NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect(strstr(r.err, "relocfund: error: --set assert.totals.registered_people: stated "
                            "1476, but the file gives 1475 registered people\n") != NULL,
              "%s", r.err);
    rf_run_free(&r);
}

Test(validate, usage_errors_exit_2_and_help_exits_0)
{
    const char *none[] = {"validate", NULL};
    rf_run_result r = rf_run_cli(none);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "relocfund: error: validate: no file given\n") == r.err);
    rf_run_free(&r);
    const char *help[] = {"validate", "--help", NULL};
    r = rf_run_cli(help);
    cr_expect_eq(r.exit_code, 0);
    cr_expect(strstr(r.out, "usage: relocfund validate") == r.out);
    rf_run_free(&r);
}

/* Finding F5 (docs/testing.md): with site pooling, a source is split among
 * the sites by their people of its category; money of a category no site
 * has reaches no site.  The scenario loads with a warning that says so
 * where the money is, and the plan shows it undrawn. */
Test(validate, site_pooling_warns_of_money_no_site_can_take)
{
    char dir[64];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-f5"));
    char path[128];
    snprintf(path, sizeof path, "%s/policy.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"format\": \"relocfund-policy/1\", \"id\": \"f5\", \"name\": {\"zh\": \"五\", \"en\": "
          "\"five\"}, \"sources\": [{\"id\": \"grant\", \"name\": {\"zh\": \"补\", \"en\": "
          "\"grant\"}, \"category\": \"registered\", \"per_person\": 30000, \"basis\": "
          "\"implemented_people\", \"drawdown\": \"full\", \"loan\": false, \"uses\": "
          "[\"housing\", \"industry\"]}, {\"id\": \"sync\", \"name\": {\"zh\": \"同\", \"en\": "
          "\"sync\"}, \"category\": \"synchronous\", \"per_person\": 8000, \"basis\": "
          "\"planned_people\", \"drawdown\": \"as_needed\", \"loan\": false, \"uses\": "
          "[\"housing\"]}], \"self_funding\": {\"cap_per_household\": 10000, \"uses\": "
          "[\"housing\"]}, \"housing\": {\"area_cap_per_person_m2\": 25, "
          "\"one_person_household_area_m2\": null}, \"surplus_routing\": [\"employment_base\", "
          "\"industry\"], \"shortfall\": {\"integrated_agri_uses\": [\"land\"]}, \"pooling\": "
          "\"site\", \"objective\": [\"unfunded_gap\", \"cap_excess\", "
          "\"registered_self_funding\", \"synchronous_self_funding\", \"integrated_agri\", "
          "\"loans\", \"employment_base\", \"even_self_funding\", \"site_entitlement\"]}\n",
          f);
    cr_assert_eq(fclose(f), 0);
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"format\": \"relocfund-scenario/1\", \"id\": \"f5\", \"name\": {\"zh\": \"五\", "
          "\"en\": \"five\"}, \"year\": 2016, \"policy\": \"policy.json\",\n"
          "\"plan\": {\"registered_people\": 8, \"synchronous_people\": 0},\n"
          "\"sources\": {\"grant\": {\"arrived\": 240000},\n"
          "  \"sync\": {\"arrived\": 1000}}, \"integrated_agri\": {\"budget\": 0},\n"
          "\"cost_defaults\": {\"housing_per_m2\": 1000, \"decoration_per_m2\": 0, "
          "\"area_per_person_m2\": 25, \"synchronous_area_per_person_m2\": 25, "
          "\"infrastructure\": 0, \"public_services\": 0, \"land\": 0, "
          "\"demolition_per_household\": 0, \"employment_base_need\": 0},\n"
          "\"sites\": [{\"id\": \"S1\", \"name\": {\"zh\": \"一\", \"en\": \"one\"}, \"type\": "
          "\"township\", \"registered\": {\"households_by_size\": {\"4\": 1}}, \"synchronous\": "
          "{\"households\": 0, \"people\": 0}},\n"
          "  {\"id\": \"S2\", \"name\": {\"zh\": \"二\", \"en\": \"two\"}, \"type\": "
          "\"township\", \"registered\": {\"households_by_size\": {\"4\": 1}}, \"synchronous\": "
          "{\"households\": 0, \"people\": 0}}]}\n",
          f);
    cr_assert_eq(fclose(f), 0);
    const char *argv[] = {"validate", path, NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    char want[512];
    snprintf(want, sizeof want,
             "relocfund: warning: %s:4:23: sources.sync.arrived: 1000 yuan arrived, but with "
             "site pooling a source is split among the sites by their synchronous people and no "
             "site has any: the money reaches no site and stays undrawn\n",
             path);
    cr_expect(strstr(r.err, want) != NULL, "%s", r.err);
    rf_run_free(&r);
    const char *solve[] = {"solve", "--format", "json", path, NULL};
    r = rf_run_cli(solve);
    cr_expect(
        strstr(r.out, "\"arrived_yuan\": 1000, \"allocated_yuan\": 0, \"undrawn_yuan\": 1000,") !=
            NULL,
        "%s", r.out);
    rf_run_free(&r);
    cr_assert(rf_remove_tree(dir));
}

/* A stated rate of money (disbursed / arrived) that does not agree shows the
 * amounts in 万元 with thousands separators and the unit, not raw fen. */
Test(validate, a_money_rate_warning_shows_wan_with_the_unit)
{
    const char *argv[] = {"validate", DIR "2016.json", "--set",
                          "assert.rates.registered_disbursement=\"55%\"", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect(strstr(r.err, "relocfund: warning: --set assert.rates.registered_disbursement: "
                            "stated 55%, but disbursed / arrived = 6,735.96 万元 / 8,518.125 万元 "
                            "= 79.1%\n"),
              "%s", r.err);
    rf_run_free(&r);
}

/* Stated totals, averages and shares by site type given with --set are
 * checked like the file's own: a total is a ledger assertion (an error), an
 * average or a share a warning at the precision written. */
Test(validate, stated_figures_by_site_type_from_set)
{
    const char *argv[] = {"validate", DIR "2016.json",
                          "--set",    "assert.totals.urban_township_people=2000",
                          "--set",    "assert.averages.registered_area_per_person_m2=24.50",
                          "--set",    "assert.rates.urban_township_share=\"84.5%\"",
                          NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect(strstr(r.err, "relocfund: error: --set assert.totals.urban_township_people: stated "
                            "2000, but the file gives 2266 people at urban_park and township "
                            "sites\n"),
              "%s", r.err);
    cr_expect(strstr(r.err, "relocfund: warning: --set "
                            "assert.averages.registered_area_per_person_m2: stated 24.50, but the "
                            "file gives 36,875 m² / 1,475 people = 25.000 m² of housing per "
                            "registered person\n"),
              "%s", r.err);
    cr_expect_null(strstr(r.err, "urban_township_share"), "2266/2682 is 84.5%%: %s", r.err);
    cr_expect(strstr(r.out, "1 error, 3 warnings"), "%s", r.out);
    rf_run_free(&r);
}
