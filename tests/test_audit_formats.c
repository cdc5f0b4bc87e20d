/* Tests of `relocfund audit` in every format: HTML and XLSX through the shared
 * emitters, hostile roster text through csv/md/html, text columns aligned. */
#include <cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_emit.h"
#include "support.h"

#define SCENARIO "scenarios/example-county/2016.json"
#define ROSTER "scenarios/example-county/roster-2016.csv"
#define HOSTILE "A,\"B\"<script>|"

/* A roster where the hostile text is a household id (over the cap) and a
 * site id (unknown); the caller frees the path and unlinks the file. */
static char *hostile_roster(void)
{
    return rf_write_temp(".csv",
                         "household_id,site_id,category,size,area_m2,self_funded_yuan,"
                         "moved_in_date,demolition_agreement,demolished_date\n"
                         "\"A,\"\"B\"\"<script>|\",S01,registered,2,50,20000,2016-10-08,yes,"
                         "2017-10-08\n"
                         "H2,\"A,\"\"B\"\"<script>|\",registered,2,50,1000,2016-10-08,yes,"
                         "2017-10-08\n");
}

/* Runs the audit of roster in format fmt (and lang) to standard output. */
static rf_run_result audit(const char *roster, const char *fmt, const char *lang)
{
    const char *argv[] = {"audit",    roster, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", fmt,    "--lang",     lang,     NULL};
    return rf_run_cli(argv);
}

/* A fresh temporary path (the file does not exist); the caller frees it. */
static char *temp_path(const char *suffix)
{
    char tmpl[] = "/tmp/rf-audit-fmt-XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0);
    close(fd);
    unlink(tmpl);
    char *p = malloc(strlen(tmpl) + strlen(suffix) + 1);
    cr_assert_not_null(p);
    sprintf(p, "%s%s", tmpl, suffix);
    return p;
}

/* Standard output of a shell command (NUL-terminated; the caller frees). */
static char *shell(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "%s", cmd);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    buf[n] = '\0';
    cr_assert_eq(pclose(p), 0, "%s", cmd);
    return buf;
}

Test(audit_html, lists_every_household_and_is_self_contained)
{
    rf_run_result j = audit(ROSTER, "json", "zh");
    cJSON *doc = cJSON_Parse(j.out);
    cr_assert_not_null(doc);
    rf_run_result r = audit(ROSTER, "html", "zh");
    cr_expect_eq(r.exit_code, 1, "violations give exit 1: %s", r.err);
    cr_assert(strncmp(r.out, "<!DOCTYPE html>", 15) == 0, "%.100s", r.out);
    const cJSON *e;
    int n = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "list"))
    {
        const cJSON *id = cJSON_GetObjectItem(e, "household_id");
        if (cJSON_IsString(id)) {
            cr_expect(strstr(r.out, id->valuestring), "the page lists %s", id->valuestring);
            n++;
        }
    }
    cr_expect_eq(n, 8, "the example has 8 violations");
    cr_expect(strstr(r.out, "户数超出方案（提示）：建档立卡 4 人户"), "the warning is listed");
    cr_expect_null(strstr(r.out, "<script"), "no script");
    cr_expect_null(strstr(r.out, "http://"), "nothing fetched");
    cr_expect_null(strstr(r.out, "https://"), "nothing fetched");
    cr_expect(strstr(r.out, "<svg"), "the chart is inline SVG");
    cr_expect(strstr(r.out, "</html>"));
    cJSON_Delete(doc);
    rf_run_free(&j);
    rf_run_free(&r);
    r = audit(ROSTER, "html", "en");
    cr_expect(strstr(r.out, "Violations and warnings"));
    cr_expect(strstr(r.out, "household id appears twice"));
    rf_run_free(&r);
}

/* The <c> element of cell ref (e.g. "B2") in a sheet's XML, or NULL. */
static const char *xml_cell(const char *xml, const char *ref)
{
    char pat[32];
    snprintf(pat, sizeof pat, "<c r=\"%s\"", ref);
    return strstr(xml, pat);
}

/* True when cell ref is a number (no t="s" type) with value text v. */
static bool numeric_cell(const char *xml, const char *ref, const char *v)
{
    const char *c = xml_cell(xml, ref);
    if (!c)
        return false;
    const char *end = strstr(c, "</c>");
    const char *type = strstr(c, " t=\"");
    if (!end || (type && type < end))
        return false;
    char want[64];
    snprintf(want, sizeof want, "<v>%s</v>", v);
    const char *val = strstr(c, want);
    return val && val < end;
}

Test(audit_xlsx, summary_sheet_first_and_numbers_as_numbers)
{
    if (!rf_emit_xlsx_available())
        cr_skip_test("built without libxlsxwriter");
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        cr_skip_test("unzip is not installed");
    char *path = temp_path(".xlsx");
    const char *argv[] = {"audit",    ROSTER, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                          "--format", "xlsx", "-o",         path,     NULL};
    rf_run_result r = rf_run_expect(argv, 1);
    cr_expect_eq(r.out_len, 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/workbook.xml", path);
    char *wb = shell(cmd);
    const char *first = strstr(wb, "<sheet ");
    cr_assert_not_null(first);
    /* Sheets named in the report's language. */
    cr_expect(strncmp(first, "<sheet name=\"摘要\"", strlen("<sheet name=\"摘要\"")) == 0, "%s",
              wb);
    cr_expect(strstr(wb, "name=\"按安置点\""));
    cr_expect(strstr(wb, "name=\"违规与提示清单\""));
    /* sheet2: totals (households read 32, ..., amount over the cap 2000.01 yuan) */
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet2.xml", path);
    char *totals = shell(cmd);
    cr_expect(numeric_cell(totals, "B2", "32"), "households read is a number");
    cr_expect(numeric_cell(totals, "B10", "2000.01"), "the amount over the cap is a number");
    /* sheet4: by site; S01 has 6 households and 2000 yuan over the cap */
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet4.xml", path);
    char *sites = shell(cmd);
    cr_expect(numeric_cell(sites, "B2", "6"));
    cr_expect(numeric_cell(sites, "C2", "1"), "the count per rule is a number");
    cr_expect(numeric_cell(sites, "J2", "2000"), "the money over the cap is a number");
    /* sheet5: the list; row 25's self-funding 12000 against 10000 */
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet5.xml", path);
    char *list = shell(cmd);
    cr_expect(numeric_cell(list, "A3", "25"));
    cr_expect(numeric_cell(list, "E3", "12000"));
    cr_expect(numeric_cell(list, "F3", "10000"));
    free(wb);
    free(totals);
    free(sites);
    free(list);
    unlink(path);
    free(path);
    rf_run_free(&r);
}

Test(audit_xlsx, needs_a_file)
{
    const char *argv[] = {"audit", ROSTER, "--scenario", SCENARIO, "--format", "xlsx", NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect(strstr(r.err, "give a file with -o FILE.xlsx"), "%s", r.err);
    rf_run_free(&r);
}

Test(audit_hostile, a_hostile_name_survives_csv_md_html_intact_and_harmless)
{
    char *path = hostile_roster();
    rf_run_result r = audit(path, "csv", "en");
    cr_expect_eq(r.exit_code, 1, "%s", r.err);
    cr_expect(strstr(r.out, "\n2,\"A,\"\"B\"\"<script>|\",S01,registered,2,self_funding_over_cap,"),
              "%s", r.out);
    cr_expect(strstr(r.out, "\n3,H2,\"A,\"\"B\"\"<script>|\",registered,2,unknown_site,"), "%s",
              r.out);
    rf_run_free(&r);
    r = audit(path, "md", "en");
    cr_expect(strstr(r.out, "| 2 | A,\"B\"\\<script\\>\\| | S01 |"), "%s", r.out);
    cr_expect(strstr(r.out, "| 3 | H2 | A,\"B\"\\<script\\>\\| |"), "%s", r.out);
    cr_expect_null(strstr(r.out, "<script>"), "no raw tag in Markdown");
    rf_run_free(&r);
    r = audit(path, "html", "en");
    cr_expect(strstr(r.out, "<td>A,&quot;B&quot;&lt;script&gt;|</td>"), "%s", r.out);
    cr_expect_null(strstr(r.out, "<script"), "no script in HTML");
    rf_run_free(&r);
    r = audit(path, "json", "en");
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc);
    const cJSON *list = cJSON_GetObjectItem(doc, "list");
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "household_id")->valuestring,
                     HOSTILE);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "site_id")->valuestring,
                     HOSTILE);
    cJSON_Delete(doc);
    rf_run_free(&r);
    unlink(path);
    free(path);
}

/* Byte offset in line of display column col (CJK characters are two
 * columns wide), or -1 when col falls inside a character or past the end. */
static long column_offset(const char *line, size_t len, size_t col)
{
    size_t w = 0, i = 0;
    char buf[8];
    while (i < len && w < col) {
        unsigned char c = (unsigned char)line[i];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        memcpy(buf, line + i, n);
        buf[n] = '\0';
        w += rf_text_width(buf);
        i += n;
    }
    return w == col ? (long)i : -1;
}

/* Checks that in the list of text output out, every line has the limit
 * column (header `limit`) starting at the same display column, right
 * after two spaces, and holding one of the expected limits. */
static void expect_limit_column_aligned(const char *out, const char *heading, const char *limit,
                                        const char *const *limits, int rows)
{
    const char *p = strstr(out, heading);
    cr_assert_not_null(p, "%s", out);
    p = strchr(strchr(p, '\n') + 1, '\n') + 1; /* past the heading and the title */
    const char *nl = strchr(p, '\n');
    const char *at = strstr(p, limit);
    cr_assert(at && at < nl, "the header holds %s", limit);
    char prefix[512];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(at - p), p);
    size_t col = rf_text_width(prefix);
    int n = 0;
    for (p = nl + 1; *p && *p != '\n'; p = strchr(p, '\n') + 1, n++) {
        nl = strchr(p, '\n');
        long off = column_offset(p, (size_t)(nl - p), col);
        cr_assert(off >= 2, "line %d: the limit column is at display column %zu: %.*s", n, col,
                  (int)(nl - p), p);
        cr_expect(p[off - 1] == ' ' && p[off - 2] == ' ' && p[off] != ' ',
                  "line %d: the limit starts at display column %zu: %.*s", n, col, (int)(nl - p),
                  p);
        bool known = false;
        for (const char *const *l = limits; *l && !known; l++)
            known = strlen(*l) == (size_t)(nl - p - off) && memcmp(p + off, *l, strlen(*l)) == 0;
        cr_expect(known, "line %d: the limit column holds a limit: %.*s", n, (int)(nl - p), p);
    }
    cr_expect_eq(n, rows);
}

Test(audit_text, the_columns_of_the_list_line_up)
{
    static const char *const en[] = {"scenario: 0 households",
                                     "10,000 yuan",
                                     "125 m²",
                                     "agreement required",
                                     "due by 2017-12-20",
                                     "due by 2017-11-01",
                                     "one household one house",
                                     "-",
                                     NULL};
    rf_run_result r = audit(ROSTER, "text", "en");
    expect_limit_column_aligned(r.out, "== Violations and warnings ==", "limit", en, 9);
    rf_run_free(&r);
    static const char *const zh[] = {"方案 0 户",
                                     "10,000 元",
                                     "125 m²",
                                     "须签拆旧协议",
                                     "应拆于 2017-12-20",
                                     "应拆于 2017-11-01",
                                     "一户一宅",
                                     "-",
                                     NULL};
    r = audit(ROSTER, "text", "zh");
    expect_limit_column_aligned(r.out, "== 违规与提示清单 ==", "限额", zh, 9);
    rf_run_free(&r);
    char *path = hostile_roster();
    r = audit(path, "text", "en");
    cr_expect(strstr(r.out, HOSTILE), "text shows the name as it is");
    expect_limit_column_aligned(r.out, "== Violations and warnings ==", "limit", en, 2);
    rf_run_free(&r);
    unlink(path);
    free(path);
}
