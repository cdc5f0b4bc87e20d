/* Tests of rf_result: the table of result kinds, writing a result in any
 * format through it, and a result's status. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_emit.h"
#include "rf_plan.h"
#include "rf_report.h"
#include "rf_result.h"
#include "rf_scenario.h"

#define SCENARIO "scenarios/example-county/2016.json"

/* Solves the example with the given change (NULL: none). */
static rf_plan *solve(rf_scenario **s, const char *set)
{
    rf_diags d = {0};
    rf_load_options lo = {.set = &set, .n_set = set != NULL};
    *s = rf_scenario_load(SCENARIO, &lo, &d);
    rf_diags_free(&d);
    cr_assert_not_null(*s);
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(*s, NULL, &p, &err), RF_OK, "%s", err.message);
    return p;
}

/* What rf_result_write writes for r in format f. */
static char *written(const rf_result *r, rf_format f, rf_status want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_not_null(out);
    rf_result_options o = {.format = f, .chinese = true};
    rf_error err = {0};
    cr_expect_eq(rf_result_write(r, &o, out, NULL, &err), want, "%s", err.message);
    fclose(out);
    return buf;
}

Test(rf_format, names_parse_back_and_unknown_ones_do_not)
{
    for (int f = 0; f < RF_FORMAT_COUNT; f++) {
        rf_format back;
        cr_expect(rf_format_parse(rf_format_name((rf_format)f), &back));
        cr_expect_eq(back, (rf_format)f);
    }
    rf_format x = RF_FORMAT_TEXT;
    cr_expect_not(rf_format_parse("pdf", &x));
    cr_expect_not(rf_format_parse("JSON", &x));
    cr_expect_eq(x, RF_FORMAT_TEXT, "a failed parse leaves the format");
}

Test(rf_result, only_a_sweep_offers_svg_and_only_the_audit_is_yuan_only)
{
    for (int k = 0; k < RF_RESULT_KIND_COUNT; k++) {
        for (int f = 0; f < RF_FORMAT_COUNT; f++)
            if (f != RF_FORMAT_SVG)
                cr_expect(rf_result_offers((rf_result_kind)k, (rf_format)f));
        cr_expect_eq(rf_result_offers((rf_result_kind)k, RF_FORMAT_SVG), k == RF_RESULT_SWEEP);
        cr_expect_eq(rf_result_yuan_only((rf_result_kind)k), k == RF_RESULT_AUDIT);
    }
}

Test(rf_result, a_plan_is_written_as_its_json_writer_and_its_document_say)
{
    rf_scenario *s;
    rf_plan *p = solve(&s, NULL);
    rf_result r = {RF_RESULT_PLAN, p};

    char *json = written(&r, RF_FORMAT_JSON, RF_OK);
    char *direct = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&direct, &len);
    rf_report_plan_json(p, out);
    fclose(out);
    cr_expect_str_eq(json, direct);

    char *text = written(&r, RF_FORMAT_TEXT, RF_OK);
    free(direct);
    direct = NULL;
    out = open_memstream(&direct, &len);
    rf_doc *doc = rf_report_plan(p, true);
    rf_emit_options eo = {0};
    rf_emit_text(doc, &eo, out);
    fclose(out);
    cr_expect_str_eq(text, direct);

    cr_expect_eq(rf_result_status(&r), RF_OK, "the example balances");
    rf_doc_free(doc);
    free(direct);
    free(json);
    free(text);
    rf_plan_free(p);
    rf_scenario_free(s);
}

Test(rf_result, a_plan_with_a_gap_says_so_in_its_status)
{
    rf_scenario *s;
    rf_plan *p = solve(&s, "sources.policy_loans.arrived=0");
    rf_result r = {RF_RESULT_PLAN, p};
    cr_expect_eq(rf_result_status(&r), RF_ERR_PLAN);
    rf_plan_free(p);
    rf_scenario_free(s);
}

Test(rf_result, a_stream_that_fails_is_an_output_error_with_its_reason)
{
    rf_scenario *s;
    rf_plan *p = solve(&s, NULL);
    rf_result r = {RF_RESULT_PLAN, p};
    FILE *ro = fopen("/dev/null", "r");
    cr_assert_not_null(ro);
    for (int f = RF_FORMAT_TEXT; f <= RF_FORMAT_HTML; f++) {
        rf_result_options o = {.format = (rf_format)f};
        rf_error err = {0};
        cr_expect_eq(rf_result_write(&r, &o, ro, NULL, &err), RF_ERR_OUTPUT, "%s",
                     rf_format_name((rf_format)f));
        cr_expect_neq(err.message[0], '\0');
        clearerr(ro);
    }
    fclose(ro);
    rf_plan_free(p);
    rf_scenario_free(s);
}
