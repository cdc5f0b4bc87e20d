/* Tests of rf_report_audit (the audit as a document) and rf_json_string. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"
#include "rf_report_audit.h"
#include "rf_scenario.h"

/* A summary over the scenario's sites, all zero; the caller frees it. */
typedef struct {
    rf_audit_summary sum;
    int64_t households[64];
    int64_t rules[64][RF_RULE_COUNT];
    rf_fen over[64];
} summary_box;

static rf_scenario *load(void)
{
    rf_diags diags = {0};
    rf_scenario *s = rf_scenario_load("scenarios/example-county/2016.json", NULL, &diags);
    rf_diags_free(&diags);
    cr_assert_not_null(s);
    cr_assert(s->n_sites < 63);
    return s;
}

static void summary_init(summary_box *b, const rf_scenario *s)
{
    memset(b, 0, sizeof *b);
    b->sum.n_sites = s->n_sites;
    b->sum.site_households = b->households;
    b->sum.site_rules = b->rules;
    b->sum.site_over_cap = b->over;
}

/* An iterator over a fixed array of entries, or one that fails. */
typedef struct {
    const rf_audit_entry *e;
    size_t n, i;
    bool fail;
} entries;

static int next_entry(void *ctx, rf_audit_entry *e, rf_error *err)
{
    entries *it = ctx;
    if (it->fail)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot read the list"), -1;
    if (it->i == it->n)
        return 0;
    *e = it->e[it->i++];
    return 1;
}

static const rf_table *find_table(const rf_doc *d, const char *id)
{
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_tables; k++)
            if (strcmp(d->sections[i].tables[k]->id, id) == 0)
                return d->sections[i].tables[k];
    return NULL;
}

Test(rf_report_audit, builds_totals_by_rule_by_site_and_the_list_with_typed_cells)
{
    rf_scenario *s = load();
    summary_box b;
    summary_init(&b, s);
    b.sum.households = 3;
    b.sum.violations = 2;
    b.sum.by_rule[RF_RULE_SELF_FUNDING_CAP] = 1;
    b.sum.households_over_cap = 1;
    b.sum.over_cap_total = 200000;
    b.households[0] = 3;
    b.rules[0][RF_RULE_SELF_FUNDING_CAP] = 1;
    b.over[0] = 200000;
    rf_audit_entry list[2] = {
        {.v = {.rule = RF_RULE_SELF_FUNDING_CAP,
               .row = 2,
               .has_value = true,
               .value = 1200000,
               .has_limit = true,
               .limit = 1000000},
         .household_id = "H1",
         .household_id_len = 2,
         .site_id = "S01",
         .site_id_len = 3},
        {.v = {.rule = RF_RULE_NOT_DEMOLISHED, .row = 3, .has_limit = true, .limit = 17000},
         .household_id = "H2",
         .household_id_len = 2,
         .site_id = "S01",
         .site_id_len = 3},
    };
    entries it = {list, 2, 0, false};
    rf_audit_report_info info = {.s = s, .roster_path = "r.csv", .as_of = 17500, .chinese = false};
    rf_error err = {0};
    rf_doc *d = rf_report_audit(&info, &b.sum, next_entry, &it, &err);
    cr_assert_not_null(d, "%s", err.message);
    const rf_table *t = find_table(d, "totals");
    cr_assert_not_null(t);
    cr_expect_eq(t->cells[0 * 2 + 1].kind, RF_CELL_COUNT);
    cr_expect_eq(t->cells[0 * 2 + 1].value, 3);
    cr_expect_eq(t->cells[(t->n_rows - 1) * 2 + 1].kind, RF_CELL_MONEY);
    cr_expect_eq(t->cells[(t->n_rows - 1) * 2 + 1].value, 200000);
    t = find_table(d, "by_rule");
    cr_assert_not_null(t);
    cr_expect_eq(t->n_rows, RF_RULE_COUNT);
    t = find_table(d, "by_site");
    cr_assert_not_null(t);
    cr_expect_eq(t->n_rows, s->n_sites, "no unknown-site row when there is none");
    cr_expect_eq(t->cells[t->n_cols - 1].kind, RF_CELL_MONEY);
    cr_expect_eq(t->cells[t->n_cols - 1].value, 200000);
    t = find_table(d, "list");
    cr_assert_not_null(t);
    cr_expect_eq(t->n_rows, 2);
    cr_expect_eq(t->cells[4].kind, RF_CELL_YUAN);
    cr_expect_eq(t->cells[4].value, 1200000);
    cr_expect_str_eq(t->cells[1].text, "H1");
    cr_expect_eq(t->cells[7 + 4].kind, RF_CELL_EMPTY, "not demolished: no date");
    cr_expect_eq(t->cells[7 + 5].kind, RF_CELL_TEXT, "the deadline is a date");
    bool chart = false;
    for (size_t i = 0; i < d->n_sections; i++)
        chart = chart || d->sections[i].n_charts > 0;
    cr_expect(chart, "a household over the cap gives the chart");
    rf_doc_free(d);
    rf_scenario_free(s);
}

Test(rf_report_audit, without_an_iterator_leaves_the_list_out_and_a_failing_one_fails)
{
    rf_scenario *s = load();
    summary_box b;
    summary_init(&b, s);
    rf_audit_report_info info = {.s = s, .roster_path = "r.csv", .as_of = 17500, .chinese = true};
    rf_error err = {0};
    rf_doc *d = rf_report_audit(&info, &b.sum, NULL, NULL, &err);
    cr_assert_not_null(d);
    cr_expect_null(find_table(d, "list"));
    cr_expect_str_eq(d->title, "搬迁户名册审计");
    for (size_t i = 0; i < d->n_sections; i++)
        cr_expect_eq(d->sections[i].n_charts, 0, "nobody over the cap: no chart");
    rf_doc_free(d);
    entries it = {NULL, 0, 0, true};
    d = rf_report_audit(&info, &b.sum, next_entry, &it, &err);
    cr_expect_null(d);
    cr_expect_str_eq(err.message, "cannot read the list");
    rf_scenario_free(s);
}

Test(rf_audit_entry_describe, words_and_units_by_rule)
{
    char value[96], limit[96], rule[200];
    rf_audit_entry e = {.v = {.rule = RF_RULE_AREA_CAP, .value = 13000, .limit = 12500},
                        .household_id = "H",
                        .site_id = "S"};
    rf_audit_entry_describe(&e, true, value, limit);
    cr_expect_str_eq(value, "130 m²");
    cr_expect_str_eq(limit, "125 m²");
    e.v = (rf_violation){.rule = RF_RULE_UNKNOWN_SITE};
    rf_audit_entry_describe(&e, false, value, limit);
    cr_expect_str_eq(value, "no such site");
    cr_expect_str_eq(limit, "-");
    e = (rf_audit_entry){.v = {.rule = RF_RULE_HOUSEHOLD_MIX,
                               .mix = RF_MIX_REGISTERED_SIZE,
                               .size = 4,
                               .value = 1,
                               .limit = 0},
                         .site_id = "S01"};
    cr_expect_str_eq(rf_audit_entry_rule(&e, false, rule, sizeof rule),
                     "more households than the scenario (warning): registered 4-person households");
    rf_audit_entry_describe(&e, true, value, limit);
    cr_expect_str_eq(value, "1 户");
    cr_expect_str_eq(limit, "方案 0 户");
}

Test(rf_json_string, escapes_quotes_backslashes_and_control_bytes_and_keeps_utf8)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    static const char s[] = "a\"b\\c\nd\te\0f\x7F安置";
    rf_json_string(f, s, sizeof s - 1);
    fclose(f);
    cr_expect_str_eq(buf, "\"a\\\"b\\\\c\\nd\\u0009e\\u0000f\\u007f安置\"");
    free(buf);
}
