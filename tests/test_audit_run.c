/* Tests of rf_audit_run: a whole roster through the library, its list and
 * malformed rows read back, --strict, and the failures it reports. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rf_audit_run.h"
#include "rf_scenario.h"
#include "support.h"

#define SCENARIO "scenarios/example-county/2016.json"
#define ROSTER "scenarios/example-county/roster-2016.csv"

static rf_scenario *scenario;

static void load(void)
{
    rf_diags d = {0};
    scenario = rf_scenario_load(SCENARIO, NULL, &d);
    rf_diags_free(&d);
    cr_assert_not_null(scenario);
}

static void unload(void)
{
    rf_scenario_free(scenario);
}

/* Counts the malformed rows the callback is given, and checks their order. */
typedef struct {
    int64_t calls, last_count;
    int last_line;
} seen;

static void count_bad(const rf_error *row, size_t n, int64_t count, void *ctx)
{
    seen *s = ctx;
    cr_expect_eq(count, s->last_count + 1, "counts run one by one");
    cr_expect_gt(row->line, s->last_line, "rows come in order");
    for (size_t i = 1; i < n; i++) {
        cr_expect_eq(row[i].line, row->line, "the problems of one row");
        cr_expect_gt(row[i].column, row[i - 1].column, "in column order");
    }
    s->calls++;
    s->last_count = count;
    s->last_line = row->line;
}

/* Audits roster as of 2018-06-30, counting malformed rows into s. */
static rf_status run(const char *roster, seen *s, bool strict, rf_audit_result **r, rf_error *err)
{
    rf_audit_options o = {
        .as_of = rf_date_from_ymd(2018, 6, 30), .strict = strict, .bad_row = count_bad, .ctx = s};
    return rf_audit_run(scenario, roster, &o, r, err);
}

/* Reads the list once; returns how many entries and the rows' sum. */
static int64_t read_list(rf_audit_result *r, int64_t *row_sum)
{
    rf_error err = {0};
    cr_assert(rf_audit_result_rewind(r, &err));
    rf_audit_entry e;
    int64_t n = 0;
    int got;
    *row_sum = 0;
    while ((got = rf_audit_result_next(r, &e, &err)) > 0) {
        n++;
        *row_sum += e.v.row;
        cr_expect_eq(e.site_id_len, strlen(e.site_id));
        if (e.household_id)
            cr_expect_eq(e.household_id_len, strlen(e.household_id));
    }
    cr_assert_eq(got, 0, "%s", err.message);
    return n;
}

TestSuite(rf_audit_run, .init = load, .fini = unload);

Test(rf_audit_run, the_example_roster_gives_its_summary_and_list_as_often_as_read)
{
    seen s = {0};
    rf_audit_result *r = NULL;
    rf_error err = {0};
    cr_assert_eq(run(ROSTER, &s, false, &r, &err), RF_OK, "%s", err.message);
    const rf_audit_summary *sum = rf_audit_result_summary(r);
    cr_expect_eq(sum->households, 32);
    cr_expect_eq(sum->violations, 8);
    cr_expect_eq(sum->warnings, 1);
    cr_expect_eq(sum->bad_rows, 0);
    cr_expect_eq(s.calls, 0);
    cr_expect_str_eq(rf_audit_result_roster(r), ROSTER);
    cr_expect_eq(rf_audit_result_scenario(r), scenario);
    int64_t sum1, sum2;
    cr_expect_eq(read_list(r, &sum1), 9, "8 violations and 1 warning");
    cr_expect_eq(read_list(r, &sum2), 9);
    cr_expect_eq(sum1, sum2, "a second reading gives the same list");
    rf_audit_bad b;
    cr_expect_eq(rf_audit_result_next_bad(r, &b, &err), 0, "no malformed row");
    rf_audit_result_free(r);
}

Test(rf_audit_run, malformed_rows_are_counted_reported_and_kept_in_order)
{
    seen s = {0};
    rf_audit_result *r = NULL;
    rf_error err = {0};
    cr_assert_eq(run("tests/roster/mutated.csv", &s, false, &r, &err), RF_OK, "%s", err.message);
    const rf_audit_summary *sum = rf_audit_result_summary(r);
    cr_expect_gt(sum->bad_rows, 0);
    cr_expect_eq(s.calls, sum->bad_rows, "the callback saw every malformed row");
    cr_assert(rf_audit_result_rewind(r, &err));
    rf_audit_bad b;
    int64_t n = 0;
    int last = 0, got;
    for (; (got = rf_audit_result_next_bad(r, &b, &err)) > 0; n++, last = b.line)
        cr_expect(b.line > last && b.message[0], "row %d: %s", b.line, b.message);
    cr_expect_eq(got, 0);
    cr_expect_eq(n, sum->bad_rows, "every malformed row is kept for the report");
    cr_expect_eq(last, s.last_line);
    rf_audit_result_free(r);
}

Test(rf_audit_run, strict_stops_at_the_first_malformed_row_with_its_error)
{
    seen s = {0};
    rf_audit_result *r = NULL;
    rf_error err = {0};
    cr_expect_eq(run("tests/roster/mutated.csv", &s, true, &r, &err), RF_ERR_INPUT);
    cr_expect_null(r);
    cr_expect_eq(s.calls, 1, "only the first malformed row");
    cr_expect_eq(err.line, s.last_line, "err is that row's error");
}

Test(rf_audit_run, a_roster_that_cannot_be_read_is_an_input_error)
{
    rf_audit_result *r = NULL;
    rf_error err = {0};
    cr_expect_eq(rf_audit_run(scenario, "tests/roster/missing-column.csv", NULL, &r, &err),
                 RF_ERR_INPUT);
    cr_expect_null(r);
    cr_expect_neq(err.message[0], '\0');
    cr_expect_eq(rf_audit_run(scenario, "tests/roster/no-such.csv", NULL, &r, &err), RF_ERR_INPUT);
    cr_expect(strstr(err.message, "No such file") || strstr(err.message, "cannot"), "%s",
              err.message);
}
