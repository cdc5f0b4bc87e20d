/* Tests of `relocfund audit`: the example roster's violations pinned one
 * rule at a time, malformed rows, --strict, the formats, and a synthetic
 * roster with known counts audited exactly. */
#include <cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#define SCENARIO "scenarios/example-county/2016.json"
#define ROSTER "scenarios/example-county/roster-2016.csv"

/* Runs the example audit as JSON and returns the parsed document. */
static cJSON *example_json(rf_run_result *r)
{
    const char *argv[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", "json", NULL};
    *r = rf_run_cli(argv);
    cr_assert_eq(r->exit_code, 1, "violations give exit 1: %s", r->err);
    cJSON *doc = cJSON_Parse(r->out);
    cr_assert_not_null(doc, "the JSON output parses: %.200s", r->out);
    return doc;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert_not_null(v, "member %s", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    cr_assert(cJSON_IsNumber(v), "member %s is a number", key);
    return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The list entries of one rule; expects exactly `count` of them and returns
 * the first. */
static const cJSON *only(const cJSON *doc, const char *rule, int count)
{
    const cJSON *list = get(doc, "list"), *e, *first = NULL;
    int n = 0;
    cJSON_ArrayForEach(e, list)
    {
        if (strcmp(str(e, "rule"), rule) == 0) {
            if (!first)
                first = e;
            n++;
        }
    }
    cr_assert_eq(n, count, "%s: %d entries, expected %d", rule, n, count);
    cr_assert_eq(num(get(get(doc, "summary"), "by_rule"), rule), count);
    return first;
}

/* One field of one listed entry of the example audit: the entry `nth`
 * (0-based) of `rule` (which has `count` entries), and the field's value as
 * compact JSON text. */
static const struct {
    const char *rule;
    int count, nth;
    const char *key, *json;
} EXAMPLE[] = {
    {"self_funding_over_cap", 2, 0, "row", "25"},
    {"self_funding_over_cap", 2, 0, "household_id", "\"360731-2016-0024\""},
    {"self_funding_over_cap", 2, 0, "site_id", "\"S01\""},
    {"self_funding_over_cap", 2, 0, "value", "12000"},
    {"self_funding_over_cap", 2, 0, "limit", "10000"},
    {"area_over_cap", 1, 0, "row", "27"},
    {"area_over_cap", 1, 0, "size", "5"},
    {"area_over_cap", 1, 0, "value", "130"},
    {"area_over_cap", 1, 0, "limit", "125"},
    {"area_over_cap", 1, 0, "unit", "\"m2\""},
    {"no_demolition_agreement", 1, 0, "row", "28"},
    {"no_demolition_agreement", 1, 0, "value", "\"2017-12-01\""},
    {"not_demolished_in_time", 2, 0, "row", "29"},
    {"not_demolished_in_time", 2, 0, "value", "null"}, /* never demolished */
    {"not_demolished_in_time", 2, 0, "limit", "\"2017-12-20\""},
    {"not_demolished_in_time", 2, 1, "row", "30"},
    {"not_demolished_in_time", 2, 1, "category", "\"synchronous\""},
    {"not_demolished_in_time", 2, 1, "value", "\"2017-11-15\""},
    {"not_demolished_in_time", 2, 1, "limit", "\"2017-11-01\""},
    {"duplicate_household_id", 1, 0, "row", "31"},
    {"duplicate_household_id", 1, 0, "household_id", "\"360731-2016-0005\""},
    {"duplicate_household_id", 1, 0, "value", "6"}, /* first seen at row 6 */
    {"unknown_site", 1, 0, "row", "32"},
    {"unknown_site", 1, 0, "site_id", "\"S09\""},
    {"household_mix", 1, 0, "row", "33"},
    {"household_mix", 1, 0, "severity", "\"warning\""},
    {"household_mix", 1, 0, "counts", "\"registered_size\""},
    {"household_mix", 1, 0, "size", "4"},
    {"household_mix", 1, 0, "value", "1"},
    {"household_mix", 1, 0, "limit", "0"},
};

Test(audit_example, every_rule_lists_its_entries_with_their_values)
{
    rf_run_result r;
    cJSON *doc = example_json(&r);
    for (size_t i = 0; i < sizeof EXAMPLE / sizeof EXAMPLE[0]; i++) {
        const cJSON *e = only(doc, EXAMPLE[i].rule, EXAMPLE[i].count);
        for (int k = 0; k < EXAMPLE[i].nth; k++)
            e = e->next;
        char *got = cJSON_PrintUnformatted(get(e, EXAMPLE[i].key));
        cr_expect_str_eq(got, EXAMPLE[i].json, "%s[%d].%s", EXAMPLE[i].rule, EXAMPLE[i].nth,
                         EXAMPLE[i].key);
        free(got);
    }
    cJSON_Delete(doc);
    rf_run_free(&r);
}

Test(audit_example, the_summary_counts_and_sums_to_the_fen)
{
    rf_run_result r;
    cJSON *doc = example_json(&r);
    const cJSON *over = get(get(doc, "summary"), "over_cap");
    cr_expect_eq(num(over, "households"), 2);
    cr_expect_eq(num(over, "total_fen"), 200001, "12,000 - 10,000 + 0.01 yuan");
    cr_expect(strstr(r.out, "\"total_yuan\": 2000.01,"), "exact yuan");
    cr_expect(strstr(r.out, "\"total_wan\": 0.200001}"), "exact 万元");
    cr_expect(strstr(r.out, "\"value\":10000.01,\"limit\":10000"), "over by one fen: %s", r.out);
    const cJSON *last = cJSON_GetArrayItem(get(get(doc, "summary"), "by_site"), 9);
    cr_assert_not_null(last, "the unknown site is the last row of by_site");
    cr_expect(cJSON_IsNull(get(last, "site_id")));
    cr_expect_eq(num(last, "households"), 1);
    const cJSON *sum = get(doc, "summary");
    cr_expect_eq(num(sum, "households"), 32);
    cr_expect_eq(num(sum, "violations"), 8);
    cr_expect_eq(num(sum, "warnings"), 1);
    cr_expect_eq(num(sum, "bad_rows"), 0);
    cr_expect_eq(cJSON_GetArraySize(get(doc, "list")), 9);
    cJSON_Delete(doc);
    rf_run_free(&r);
}

Test(audit_cli, text_is_chinese_by_default_and_lists_every_violation)
{
    const char *argv[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30", NULL};
    rf_run_result r = rf_run_expect(argv, 1);
    cr_expect(strstr(r.out, "\n读入户数                  32\n其中建档立卡户            27\n"
                            "其中同步搬迁户             5\n格式错误行                 0\n"),
              "%s", r.out);
    cr_expect(strstr(r.out, "\n自筹超出上限合计    2,000.01\n"), "%s", r.out);
    cr_expect(strstr(r.out, "\n25  360731-2016-0024  S01     自筹超过上限  "), "%s", r.out);
    cr_expect(strstr(r.out, "首见于第 6 行"));
    rf_run_free(&r);
    const char *en[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                        "--lang", "en", "--format", "md", NULL};
    r = rf_run_cli(en);
    cr_expect_eq(r.exit_code, 1);
    cr_expect(strstr(r.out, "# Household roster audit"));
    cr_expect(strstr(r.out, "| 31 | 360731-2016-0005 | S08 | household id appears twice | first "
                            "at row 6 | one household one house |"),
              "%s", r.out);
    rf_run_free(&r);
}

Test(audit_cli, a_clean_roster_exits_0)
{
    char *path = rf_write_temp(
        ".csv", "household_id,site_id,category,size,area_m2,self_funded_yuan,moved_in_date,"
                "demolition_agreement,demolished_date\n"
                "A1,S01,registered,6,150,10000,2016-10-08,yes,2017-10-08\n"
                "A2,S02,synchronous,5,180,50000,,no,\n");
    const char *argv[] = {"audit", path, "--scenario", SCENARIO, "--as-of", "2018-06-30", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    cr_expect(strstr(r.out, "\n违规条数               0\n"), "%s", r.out);
    cr_expect(strstr(r.out, "== 违规与提示清单 ==\n违规与提示清单\n（无）\n"), "%s", r.out);
    rf_run_free(&r);
    unlink(path);
    free(path);
}

Test(audit_cli, malformed_rows_are_reported_in_one_shape_and_the_audit_goes_on)
{
    const char *argv[] = {"audit", "tests/roster/bad-values.csv", "--scenario", SCENARIO,
                          "--as-of", "2018-06-30", "--format", "json", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, 1, "skipped rows make the audit not clean; exit 2 is for --strict");
    cr_expect(strstr(r.err, "relocfund: error: tests/roster/bad-values.csv:5:4: column size: "
                            "\"four\" is not a household size; expected a whole number of people "
                            "from 1 to 99\n"),
              "%s", r.err);
    cr_expect(strstr(r.err, "relocfund: error: tests/roster/bad-values.csv:3:7: column "
                            "moved_in_date: row has 6 fields but the header has 9; expected 9\n"),
              "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "the report is still written");
    cr_expect_eq(num(get(doc, "summary"), "bad_rows"), 10);
    cr_expect_eq(num(get(doc, "summary"), "households"), 2);
    /* one entry a problem: row 10 has two, the last row four */
    const cJSON *bad = get(doc, "bad_rows");
    cr_assert_eq(cJSON_GetArraySize(bad), 14);
    const cJSON *b = cJSON_GetArrayItem(bad, 2);
    cr_expect_eq(num(b, "row"), 5);
    cr_expect_eq(num(b, "column"), 4);
    cr_expect_str_eq(str(b, "column_name"), "size");
    static const int columns[] = {3, 4, 7, 8};
    for (int i = 0; i < 4; i++) {
        b = cJSON_GetArrayItem(bad, 10 + i);
        cr_expect_eq(num(b, "row"), 13);
        cr_expect_eq(num(b, "column"), columns[i]);
    }
    cr_expect(strstr(r.err, "relocfund: error: tests/roster/bad-values.csv:13:3: column category: "
                            "\"poor\" is not a category; expected registered (建档立卡) or "
                            "synchronous (同步搬迁)\n"
                            "relocfund: error: tests/roster/bad-values.csv:13:4: column size: "
                            "\"four\" is not a household size; expected a whole number of people "
                            "from 1 to 99\n"
                            "relocfund: error: tests/roster/bad-values.csv:13:7: column "
                            "moved_in_date: \"2016-13-01\" is not a date; expected YYYY-MM-DD "
                            "(e.g. 2016-09-01), 2016/9/1, 2016.9.1, 2016年9月1日 or empty\n"
                            "relocfund: error: tests/roster/bad-values.csv:13:8: column "
                            "demolition_agreement: \"maybe\" is not yes or no; expected yes / 是 (a "
                            "demolition agreement is signed) or no / 否\n"),
              "%s", r.err);
    cJSON_Delete(doc);
    rf_run_free(&r);
}

Test(audit_cli, strict_stops_at_the_first_malformed_row_and_writes_nothing)
{
    char out[] = "/tmp/rf-audit-strict-XXXXXX";
    int fd = mkstemp(out);
    close(fd);
    unlink(out);
    const char *argv[] = {"audit", "tests/roster/unbalanced-quote.csv", "--scenario", SCENARIO,
                          "--strict", "-o", out, NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect(strstr(r.err, "relocfund: error: tests/roster/unbalanced-quote.csv:3:2: column "
                            "site_id: quoted field is never closed"),
              "%s", r.err);
    cr_expect(access(out, F_OK) != 0, "no output file after --strict stopped");
    rf_run_free(&r);
}

Test(audit_cli, csv_output_with_a_bom_for_excel_written_atomically)
{
    char out[] = "/tmp/rf-audit-csv-XXXXXX";
    int fd = mkstemp(out);
    close(fd);
    const char *argv[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", "csv", "--excel", "-o", out, NULL};
    rf_run_result r = rf_run_expect(argv, 1);
    cr_expect_eq(r.out_len, 0);
    size_t len;
    char *text = rf_read_file(out, &len);
    cr_assert_not_null(text);
    cr_expect(strncmp(text, "\xEF\xBB\xBFitem,value\n", 14) == 0);
    cr_expect(strstr(text, "over_cap_total_yuan,2000.01\n"));
    cr_expect(strstr(text, "\nrow,household_id,site_id,category,size,rule,severity,value,limit,unit\n"
                           "33,,S01,registered,4,household_mix,warning,1,0,households\n"
                           "25,360731-2016-0024,S01,registered,6,self_funding_over_cap,error,12000,"
                           "10000,yuan\n"),
              "%s", text);
    free(text);
    unlink(out);
    rf_run_free(&r);
}

Test(audit_cli, usage_errors_exit_2)
{
    const char *no_scenario[] = {"audit", ROSTER, NULL};
    rf_run_result r = rf_run_cli(no_scenario);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "relocfund: error: audit needs --scenario SCENARIO"), "%s", r.err);
    rf_run_free(&r);
    const char *bad_date[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-6-30",
                              NULL};
    r = rf_run_cli(bad_date);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "--as-of 2018-6-30: expected a date YYYY-MM-DD"), "%s", r.err);
    rf_run_free(&r);
    const char *missing[] = {"audit", "tests/roster/missing-column.csv", "--scenario", SCENARIO,
                             NULL};
    r = rf_run_cli(missing);
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "relocfund: error: tests/roster/missing-column.csv:1: header: missing "
                            "column demolition_agreement (拆旧协议);"),
              "%s", r.err);
    rf_run_free(&r);
}

/* Reads "key value" lines of the generator's expected counts. */
static long long expected(const char *text, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "%s ", key);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, pat, strlen(pat)) == 0)
            return atoll(p + strlen(pat));
    cr_assert_fail("no %s in the expected counts", key);
    return -1;
}

Test(audit_synthetic, a_generated_roster_is_audited_exactly, .timeout = 60)
{
    char gen[4096];
    snprintf(gen, sizeof gen, "%s", RF_CLI_PATH);
    char *slash = strrchr(gen, '/');
    cr_assert_not_null(slash);
    strcpy(slash + 1, "relocfund-gen-roster");
    char dir[] = "/tmp/rf-audit-synthetic-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char csv[128], exp[128], cmd[8192];
    snprintf(csv, sizeof csv, "%s/roster.csv", dir);
    snprintf(exp, sizeof exp, "%s/expected.txt", dir);
    snprintf(cmd, sizeof cmd, "'%s' -n 20000 --seed 7 --violations 150 --bad 12 -o %s --expected %s",
             gen, csv, exp);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char *want = rf_read_file(exp, NULL);
    cr_assert_not_null(want);
    const char *argv[] = {"audit", csv, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", "json", "--max-errors", "0", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, 1, "the generator planted violations and malformed rows");
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    const cJSON *sum = get(doc, "summary"), *by_rule = get(sum, "by_rule");
    cr_expect_eq((long long)num(sum, "households"), expected(want, "households"));
    cr_expect_eq((long long)num(sum, "bad_rows"), expected(want, "bad_rows"));
    static const char *rules[] = {"self_funding_over_cap",  "area_over_cap",
                                  "no_demolition_agreement", "not_demolished_in_time",
                                  "duplicate_household_id", "unknown_site"};
    for (size_t i = 0; i < 6; i++) {
        cr_expect_eq((long long)num(by_rule, rules[i]), expected(want, rules[i]), "%s", rules[i]);
        cr_expect_eq(expected(want, rules[i]), 150, "%s: all planted", rules[i]);
    }
    cr_expect_eq((long long)num(get(sum, "over_cap"), "total_fen"),
                 expected(want, "over_cap_total_fen"));
    cr_expect_eq((long long)num(sum, "violations"), 6 * 150);
    cJSON_Delete(doc);
    free(want);
    rf_run_free(&r);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* The JSON report and the malformed-row messages of a damaged roster (odd
 * bytes, stray and doubled quotes, quoted line breaks, CR, blank rows,
 * exponents, padded values, repeated rows) are byte for byte what the
 * audit wrote before its reader and duplicate set were made faster
 * (tests/roster/mutated*.expected.*, written by commit d8bd9c5; the
 * messages re-worded for the Chinese values and dates of #15). */
static void expect_same_as_before(const char *name)
{
    char csv[256], json[256], errs[256];
    snprintf(csv, sizeof csv, "tests/roster/%s.csv", name);
    snprintf(json, sizeof json, "tests/roster/%s.expected.json", name);
    snprintf(errs, sizeof errs, "tests/roster/%s.expected.err", name);
    const char *argv[] = {"audit", csv, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", "json", "--max-errors", "0", NULL};
    rf_run_result r = rf_run_expect(argv, 1);
    size_t want_len, errs_len;
    char *want = rf_read_file(json, &want_len);
    char *want_err = rf_read_file(errs, &errs_len);
    cr_assert_not_null(want);
    cr_assert_not_null(want_err);
    cr_expect(r.out_len == want_len && memcmp(r.out, want, want_len) == 0,
              "%s: the JSON report differs from %s", name, json);
    /* the messages, without the note about the scenario's own warnings */
    char *got_err = malloc(r.err_len + 1);
    cr_assert_not_null(got_err);
    size_t n = 0;
    for (const char *p = r.err; p < r.err + r.err_len;) {
        const char *nl = memchr(p, '\n', (size_t)(r.err + r.err_len - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(r.err + r.err_len - p);
        if (strncmp(p, "relocfund: error:", 17) == 0) {
            memcpy(got_err + n, p, len);
            n += len;
        }
        p += len;
    }
    cr_expect(n == errs_len && memcmp(got_err, want_err, n) == 0,
              "%s: the malformed-row messages differ from %s", name, errs);
    free(got_err);
    free(want);
    free(want_err);
    rf_run_free(&r);
}

Test(audit_regression, a_damaged_roster_is_reported_as_before)
{
    expect_same_as_before("mutated");      /* BOM, LF */
    expect_same_as_before("mutated-crlf"); /* CRLF */
}

/* --encoding and --columns: a bad value or file is a usage error before
 * anything is read; a GBK roster read without --encoding gets a note. */
Test(audit_cli, encoding_and_columns_options)
{
    const char *bad_enc[] = {"audit", ROSTER, "--scenario", SCENARIO, "--encoding", "latin1", NULL};
    rf_run_result r = rf_run_expect(bad_enc, 2);
    cr_expect(strstr(r.err, "relocfund: error: --encoding latin1: expected utf-8, gbk (or gb18030) "
                            "or auto\n"),
              "%s", r.err);
    rf_run_free(&r);
    char *columns = rf_write_temp(".txt", "household_id = 户号\nsite: 安置点\n");
    const char *bad_cols[] = {"audit", ROSTER, "--scenario", SCENARIO, "--columns", columns, NULL};
    r = rf_run_expect(bad_cols, 2);
    char want[1024];
    snprintf(want, sizeof want,
             "relocfund: error: %s:2: expected COLUMN = HEADER, e.g. household_id = 户号\n",
             columns);
    cr_expect(strstr(r.err, want), "%s", r.err);
    cr_expect_str_eq(r.out, "");
    rf_run_free(&r);
    unlink(columns);
    free(columns);
    /* the example roster in GBK: the same report as its UTF-8 self */
    char *gbk = rf_write_temp(".csv", "");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t GBK '%s/" ROSTER "' > '%s'", RF_SOURCE_DIR, gbk);
    cr_assert_eq(system(cmd), 0);
    const char *plain[] = {"audit", ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                           "--format", "csv", NULL};
    rf_run_result want_r = rf_run_expect(plain, 1);
    for (int told = 0; told < 2; told++) {
        const char *argv[] = {"audit",  gbk,   "--scenario", SCENARIO, "--as-of", "2018-06-30",
                              "--format", "csv", told ? "--encoding" : NULL, "gbk", NULL};
        r = rf_run_expect(argv, 1);
        const char *at = strstr(want_r.out, "\nas_of,"); /* after the roster's name */
        cr_assert_not_null(at);
        cr_expect(strstr(r.out, at) != NULL, "%s", r.out);
        snprintf(want, sizeof want,
                 "relocfund: note: %s: not UTF-8 text; read as GBK/GB18030 (give --encoding gbk "
                 "to say so, or save the file as \"CSV UTF-8\")\n",
                 gbk);
        cr_expect_eq(strstr(r.err, want) != NULL, !told, "%s", r.err);
        rf_run_free(&r);
    }
    rf_run_free(&want_r);
    unlink(gbk);
    free(gbk);
}
