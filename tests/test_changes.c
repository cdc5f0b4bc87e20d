/* No change is ever silently ignored: a --set, --sweep or --break-even path
 * that names no known member (or an index out of range) is an error, exit
 * 2, printed before anything is solved and nothing written, on every
 * command that takes changes; warnings a change brings are printed in full. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_scenario.h"
#include "support.h"

#define S2016 "scenarios/example-county/2016.json"
#define ARIVED                                                                                     \
    "relocfund: error: --set sources.policy_loans.arived: unknown member \"arived\"; did you "     \
    "mean \"arrived\"?\n"

/* Runs argv (which may name OUT, the -o target in dir) and checks the exit
 * code 2, the exact stderr, an empty stdout and that nothing was written. */
static void expect_refused(const char *const *argv, const char *out_path, const char *want_err)
{
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, 2, "%s: exit %d\n%s", argv[0], r.exit_code, r.err);
    cr_expect_str_eq(r.err, want_err, "%s", argv[0]);
    cr_expect_str_eq(r.out, "", "%s", argv[0]);
    if (out_path)
        cr_expect_neq(access(out_path, F_OK), 0, "%s: %s was written", argv[0], out_path);
    rf_run_free(&r);
}

Test(changes, a_mistyped_member_is_refused_by_every_command_that_takes_set)
{
    char dir[64], out[128];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-changes"));
    snprintf(out, sizeof out, "%s/out.json", dir);
    const char *set = "sources.policy_loans.arived=40000000";
    const char *commands[] = {"solve", "whatif", "sensitivity", "reverse"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *argv[] = {commands[i], S2016, "--set", set, "-o", out, NULL};
        expect_refused(argv, out, ARIVED);
    }
    const char *validate[] = {"validate", "--set", set, S2016, NULL};
    rf_run_result r = rf_run_cli(validate);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strncmp(r.err, ARIVED, strlen(ARIVED)) == 0, "%s", r.err);
    cr_expect_str_eq(r.out, S2016 ": 1 error, 0 warnings\n");
    rf_run_free(&r);
    rf_remove_tree(dir);
}

Test(changes, the_message_names_the_sweep_and_the_break_even_and_nothing_is_solved)
{
    const char *sweep[] = {"whatif", S2016, "--sweep", "sites[0].costs.housing_per_m=1000:2000:100",
                           NULL};
    expect_refused(sweep, NULL,
                   "relocfund: error: --sweep sites[0].costs.housing_per_m: unknown member "
                   "\"housing_per_m\"; did you mean \"housing_per_m2\"?\n");
    /* A time limit of a microsecond: any solve would fail with exit 3. */
    const char *be[] = {"reverse",  S2016,          "--time-limit",
                        "0.000001", "--break-even", "sites[0].costs.housing_per_m=1000:3000",
                        NULL};
    rf_run_result r = rf_run_cli(be);
    cr_expect_eq(r.exit_code, 2, "%s", r.err);
    cr_expect(strstr(r.err, "relocfund: error: --break-even sites[0].costs.housing_per_m: "
                            "unknown member \"housing_per_m\"; did you mean "
                            "\"housing_per_m2\"?\n") != NULL,
              "%s", r.err);
    cr_expect_str_eq(r.out, "");
    rf_run_free(&r);
    const char *whatif[] = {"whatif",   S2016,   "--time-limit",
                            "0.000001", "--set", "sources.policy_loans.arived=1",
                            NULL};
    expect_refused(whatif, NULL,
                   "relocfund: error: --set sources.policy_loans.arived: unknown member "
                   "\"arived\"; did you mean \"arrived\"?\n");
}

Test(changes, without_a_close_name_the_known_members_are_listed)
{
    const char *argv[] = {"solve", S2016, "--set", "costs.housing_per_m2=1000", NULL};
    expect_refused(argv, NULL,
                   "relocfund: error: --set costs.housing_per_m2: unknown member \"costs\"; "
                   "expected one of: format, id, name, year, period, policy, includes, plan, "
                   "sources, disbursed, integrated_agri, cost_defaults, sites, progress, assert, "
                   "site_progress, follow_up\n");
}

Test(changes, paths_into_the_policy_sites_out_of_range_and_unknown_sources)
{
    const char *policy[] = {"solve", S2016, "--set", "policy.self_funding.cap_per_houshold=5000",
                            NULL};
    expect_refused(policy, NULL,
                   "relocfund: error: --set policy.self_funding.cap_per_houshold: unknown member "
                   "\"cap_per_houshold\"; did you mean \"cap_per_household\"?\n");
    const char *site[] = {"whatif", S2016, "--set", "sites[9].costs.land=1", NULL};
    expect_refused(site, NULL,
                   "relocfund: error: --set sites[9].costs.land: index [9] is out of range: "
                   "sites has 9 elements\n");
    const char *sweep[] = {"whatif", S2016, "--sweep", "sites[12].costs.land=0:10:5", NULL};
    expect_refused(sweep, NULL,
                   "relocfund: error: --sweep sites[12].costs.land: index [12] is out of range: "
                   "sites has 9 elements\n");
    const char *source[] = {"sensitivity", S2016, "--set", "sources.policy_loan.arrived=1", NULL};
    expect_refused(source, NULL,
                   "relocfund: error: --set sources.policy_loan.arrived: unknown source "
                   "\"policy_loan\"; did you mean \"policy_loans\"?\n");
}

Test(changes, a_mistyped_member_inside_an_object_value_is_refused_at_its_own_path)
{
    const char *argv[] = {"solve", S2016, "--set", "sites[0].costs={\"housing_per_m\": 1000}",
                          NULL};
    expect_refused(argv, NULL,
                   "relocfund: error: --set sites[0].costs.housing_per_m: unknown member "
                   "\"housing_per_m\"; did you mean \"housing_per_m2\"?\n");
}

Test(changes, a_mistyped_key_in_a_file_stays_a_warning)
{
    char *path = rf_write_temp(".json", "{\"format\": \"relocfund-scenario/1\", \"extends\": "
                                        "\"" RF_SOURCE_DIR "/" S2016
                                        "\", \"plan\": {\"registerd_people\": 1}}");
    const char *argv[] = {"validate", path, NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect(strstr(r.err, "plan.registerd_people: unknown key (ignored); did you mean "
                            "\"registered_people\"?\n") != NULL,
              "%s", r.err);
    rf_run_free(&r);
    unlink(path);
    free(path);
}

Test(changes, a_policy_file_refuses_set_rather_than_ignore_it)
{
    const char *argv[] = {"validate", "--set", "housing.area_cap_per_person_m2=30",
                          "models/example-county.json", NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect_str_eq(r.err, "relocfund: error: --set housing.area_cap_per_person_m2: "
                            "models/example-county.json is a policy model, which --set does not "
                            "change; check a change to it with 'policy.PATH=VALUE' on a scenario "
                            "that uses it\n");
    rf_run_free(&r);
}

/* The warnings a change brings are printed in full; the file's own stay
 * one note, which validate without the change lists. */
Test(changes, warnings_a_change_brings_are_printed_not_folded)
{
    const char *argv[] = {"solve", S2016, "--set", "sources.policy_loans.arrived=40000000", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect_str_eq(
        r.err,
        "relocfund: warning: " S2016 ":330:29: assert.totals.registered_arrived: stated 85181250 "
        "yuan, but the file gives 73556250 yuan arrived from the registered sources (after "
        "--set)\n"
        "relocfund: warning: " S2016 ":342:34: assert.rates.registered_disbursement: stated 79%, "
        "but disbursed / arrived = 6,735.96 万元 / 7,355.625 万元 = 91.6%\n"
        "relocfund: note: " S2016 ": 2 more warnings; 'relocfund validate " S2016 "' lists them\n");
    rf_run_free(&r);
    const char *area[] = {"whatif", S2016, "--set", "cost_defaults.area_per_person_m2=30", NULL};
    r = rf_run_cli(area);
    cr_expect_eq(r.exit_code, 1, "%s", r.err);
    cr_expect(strncmp(r.err,
                      "relocfund: warning: --set cost_defaults.area_per_person_m2: 30 m2 per "
                      "person puts 268 registered households at 9 sites that take it over the "
                      "policy's housing-area cap of 25 m2 per person\n"
                      "relocfund: note: " S2016 ": 2 more warnings",
                      strlen("relocfund: warning: --set cost_defaults.area_per_person_m2: 30 m2 "
                             "per person puts 268 registered households at 9 sites that take it "
                             "over the policy's housing-area cap of 25 m2 per person\n"
                             "relocfund: note: " S2016 ": 2 more warnings")) == 0,
              "%s", r.err);
    rf_run_free(&r);
    /* Without a change the note is as before. */
    const char *plain[] = {"solve", S2016, NULL};
    r = rf_run_cli(plain);
    cr_expect_str_eq(r.err, "relocfund: note: " S2016 ": 2 warnings; 'relocfund validate " S2016
                            "' lists them\n");
    rf_run_free(&r);
}

/* The area cap: validate warns where solve reports the violation, and the
 * household counts agree. */
Test(changes, validate_warns_of_an_area_over_the_cap_that_solve_reports)
{
    const char *solve[] = {"solve",    S2016,  "--set", "sites[0].costs.area_per_person_m2=26",
                           "--format", "json", NULL};
    rf_run_result r = rf_run_cli(solve);
    cr_expect_eq(r.exit_code, 1);
    cr_expect(strstr(r.out, "\"households_over_area_cap\": 60") != NULL);
    cr_expect(strstr(r.err, "relocfund: warning: --set sites[0].costs.area_per_person_m2: 26 m2 "
                            "per person puts 60 registered households of this site over the "
                            "policy's housing-area cap of 25 m2 per person\n") != NULL,
              "%s", r.err);
    rf_run_free(&r);
    /* A one-person allowance keeps households of one within the cap. */
    const char *one[] = {"validate",
                         "--set",
                         "sites[0].costs.area_per_person_m2=26",
                         "--set",
                         "policy.housing.one_person_household_area_m2=30",
                         S2016,
                         NULL};
    r = rf_run_cli(one);
    cr_expect_eq(r.exit_code, 0);
    cr_expect(strstr(r.err, "over the policy's housing-area cap of 25 m2 per person (30 m2 for a "
                            "household of one)\n") != NULL,
              "%s", r.err);
    rf_run_free(&r);
}

/* The library: the point's option names its problems, and the --set ones
 * come first, located without a line. */
Test(rf_scenario_load, a_point_is_named_by_its_option)
{
    const char *sets[] = {"sources.policy_loans.arrived=1"};
    rf_load_options lo = {.set = sets,
                          .n_set = 1,
                          .point = "sites[0].costs.housng_per_m2=1",
                          .point_option = "--sweep"};
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(RF_SOURCE_DIR "/" S2016, &lo, &d);
    cr_expect_null(s);
    cr_assert_geq(d.count, 1);
    cr_expect_str_eq(d.items[0].file, "--sweep");
    cr_expect_str_eq(d.items[0].path, "sites[0].costs.housng_per_m2");
    cr_expect_eq(d.items[0].line, 0);
    cr_expect_str_eq(d.items[0].message,
                     "unknown member \"housng_per_m2\"; did you mean \"housing_per_m2\"?");
    rf_scenario_free(s);
    rf_diags_free(&d);
}

/* Runs argv and returns its stdout with every from (if not empty) replaced
 * by to. */
static char *out_with(const char *const *argv, const char *from, const char *to)
{
    rf_run_result r = rf_run_cli(argv);
    cr_expect_lt(r.exit_code, 2, "%s: exit %d\n%s", argv[0], r.exit_code, r.err);
    size_t n = strlen(r.out), fl = strlen(from), tl = strlen(to);
    char *out = malloc(n + 1 + (fl && tl > fl ? rf_count(r.out, from) * (tl - fl) : 0));
    cr_assert_not_null(out);
    char *o = out;
    for (const char *p = r.out; *p;) {
        if (fl && strncmp(p, from, fl) == 0) {
            memcpy(o, to, tl);
            o += tl;
            p += fl;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    rf_run_free(&r);
    return out;
}

/* A site or a source named by its id in brackets is the same change as the
 * index form (or the member name): the outputs differ only in the change's
 * text, for --set, --sweep and --break-even. */
Test(changes, a_site_or_a_source_by_id_is_the_same_change_as_by_index)
{
    static const char *const pairs[][2] = {
        {"sites[S03].costs.housing_per_m2", "sites[2].costs.housing_per_m2"},
        {"sources[policy_loans].arrived", "sources.policy_loans.arrived"},
    };
    static const char *const values[][3] = {{"=2600", "=1000:3000:1000", "=1000:4000"},
                                            {"=45000000", "=0:60000000:30000000", "=0:60000000"}};
    for (size_t i = 0; i < 2; i++) {
        char set[2][96], sweep[2][96], be[2][96];
        for (int k = 0; k < 2; k++) {
            snprintf(set[k], sizeof set[k], "%s%s", pairs[i][k], values[i][0]);
            snprintf(sweep[k], sizeof sweep[k], "%s%s", pairs[i][k], values[i][1]);
            snprintf(be[k], sizeof be[k], "%s%s", pairs[i][k], values[i][2]);
        }
        const char *w[2][9], *s[2][9], *b[2][9];
        for (int k = 0; k < 2; k++) {
            const char *wa[] = {"whatif",      S2016,      "--set", set[k], "--set",
                                "assert=null", "--format", "json",  NULL};
            const char *sa[] = {"whatif",      S2016,      "--sweep", sweep[k], "--set",
                                "assert=null", "--format", "csv",     NULL};
            const char *ba[] = {"reverse",     S2016,      "--break-even", be[k], "--set",
                                "assert=null", "--format", "json",         NULL};
            memcpy(w[k], wa, sizeof wa);
            memcpy(s[k], sa, sizeof sa);
            memcpy(b[k], ba, sizeof ba);
        }
        const char *const *runs[3][2] = {{w[0], w[1]}, {s[0], s[1]}, {b[0], b[1]}};
        for (int j = 0; j < 3; j++) {
            char *by_id = out_with(runs[j][0], pairs[i][0], pairs[i][1]);
            char *by_index = out_with(runs[j][1], "", "");
            cr_expect_str_eq(by_id, by_index, "%s", runs[j][0][3]);
            cr_expect_gt(strlen(by_id), 100, "%s", by_id);
            free(by_id);
            free(by_index);
        }
    }
}

/* An id no site (or source) has is refused by every option that takes a
 * path, with the closest id, else the list of ids. */
Test(changes, an_unknown_id_is_refused_with_the_closest_id)
{
    const char *set[] = {"solve", S2016, "--set", "sites[S1].costs.land=1", NULL};
    expect_refused(set, NULL,
                   "relocfund: error: --set sites[S1].costs.land: unknown id \"S1\" in sites; "
                   "did you mean \"S01\"?\n");
    const char *sweep[] = {"whatif", S2016, "--sweep", "sites[east].costs.land=0:10:5", NULL};
    expect_refused(sweep, NULL,
                   "relocfund: error: --sweep sites[east].costs.land: unknown id \"east\" in "
                   "sites; expected one of: S01, S02, S03, S04, S05, S06, S07, S08, D2016\n");
    const char *be[] = {"reverse",  S2016,          "--time-limit",
                        "0.000001", "--break-even", "sources[policy_loan].arrived=0:1000",
                        NULL};
    rf_run_result r = rf_run_cli(be);
    cr_expect_eq(r.exit_code, 2, "%s", r.err);
    cr_expect(strstr(r.err,
                     "relocfund: error: --break-even sources[policy_loan].arrived: unknown "
                     "id \"policy_loan\" in sources; did you mean \"policy_loans\"?\n") != NULL,
              "%s", r.err);
    cr_expect_str_eq(r.out, "");
    rf_run_free(&r);
    /* a mistyped member after an id is named as written */
    const char *member[] = {"whatif", S2016, "--set", "sites[S01].costs={\"housing_per_m\": 1}",
                            NULL};
    expect_refused(member, NULL,
                   "relocfund: error: --set sites[S01].costs.housing_per_m: unknown member "
                   "\"housing_per_m\"; did you mean \"housing_per_m2\"?\n");
    const char *index[] = {"solve", S2016, "--set", "sites[-1].costs.land=1", NULL};
    expect_refused(index, NULL,
                   "relocfund: error: --set sites[-1].costs.land: bad path: bad step at character "
                   "6: expected [N] with N a whole number >= 0, [ID] or [\"name\"]\n");
}
