/* Tests of rf_roster: the streaming CSV reader of the household roster. */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_money.h"
#include "rf_roster.h"
#include "support.h"

static rf_roster *open_text(const char *text, char **path, rf_error *err)
{
    *path = rf_write_temp(".csv", text);
    cr_assert_not_null(*path);
    return rf_roster_open(*path,
                          &(rf_roster_options){.name = "roster.csv", .encoding = RF_ROSTER_ENC_UTF8},
                          err);
}

static rf_roster *open_file(const char *rel, rf_error *err)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", RF_SOURCE_DIR, rel);
    return rf_roster_open(full, &(rf_roster_options){.name = rel, .encoding = RF_ROSTER_ENC_UTF8},
                          err);
}

/* Frees the roster, removes its file and frees path and text (may be NULL). */
static void close_text(rf_roster *r, char *path, char *text)
{
    rf_roster_free(r);
    unlink(path);
    free(path);
    free(text);
}

static bool id_is(const rf_household *h, const char *id)
{
    return h->household_id_len == strlen(id) && memcmp(h->household_id, id, h->household_id_len) == 0;
}

/* Expects the next result to be a bad row at row:column whose path and
 * message contain the given words. */
static void expect_bad(rf_roster *r, int row, int column, const char *path_has,
                       const char *message_has)
{
    rf_household h;
    rf_error err = {0};
    rf_roster_result res = rf_roster_next(r, &h, &err);
    cr_assert_eq(res, RF_ROSTER_BAD_ROW, "row %d: expected a bad row, got %d (row %lld)", row, res,
                 (long long)h.row);
    cr_expect_eq(err.status, RF_ERR_INPUT);
    cr_expect_eq(err.line, row, "row: got %d, expected %d (%s)", err.line, row, err.message);
    cr_expect_eq(err.column, column, "row %d column: got %d, expected %d (%s)", row, err.column,
                 column, err.message);
    cr_expect(strstr(err.path, path_has), "row %d path '%s' lacks '%s'", row, err.path, path_has);
    cr_expect(strstr(err.message, message_has), "row %d message '%s' lacks '%s'", row,
              err.message, message_has);
}

static void expect_row(rf_roster *r, int row, const char *id)
{
    rf_household h;
    rf_error err = {0};
    rf_roster_result res = rf_roster_next(r, &h, &err);
    cr_assert_eq(res, RF_ROSTER_ROW, "row %d: expected a household, got %d: %s", row, res,
                 err.message);
    cr_expect_eq(h.row, row, "got row %lld, expected %d", (long long)h.row, row);
    cr_expect(id_is(&h, id), "row %d: id '%.*s', expected '%s'", row, (int)h.household_id_len,
              h.household_id, id);
}

static void expect_end(rf_roster *r)
{
    rf_household h;
    rf_error err = {0};
    cr_expect_eq(rf_roster_next(r, &h, &err), RF_ROSTER_END);
}

Test(rf_roster_next, reads_any_column_order_bom_crlf_and_quoted_fields)
{
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(
        "\xEF\xBB\xBF"
        "note,demolished_date,self_funded_yuan,SITE_ID,household_id,category,size,area_m2,"
        "moved_in_date,demolition_agreement\r\n"
        "\"a, \"\"quoted\"\"\r\nnote\",2017-05-01,10000.5,S01,\"H,1\",registered,5,125.25,"
        "2016-09-01,yes\r\n"
        "plain,,0,S02, H2 ,synchronous,1,30,,No\r\n"
        "\r\n"
        ",,,,,,,,,\r\n"
        "last,,12,S03,H3,registered,2,50,2017-01-31,YES,",
        &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect_eq(h.row, 2);
    cr_expect_eq(h.line, 2);
    cr_expect(id_is(&h, "H,1"));
    cr_expect_eq(h.site_id_len, 3);
    cr_expect_eq(h.category, RF_CAT_REGISTERED);
    cr_expect_eq(h.size, 5);
    cr_expect_eq(h.area, 12525);
    cr_expect_eq(h.self_funded, 1000050);
    cr_expect(h.moved_in);
    cr_expect_eq(h.moved_in_date, rf_date_from_ymd(2016, 9, 1));
    cr_expect(h.demolition_agreement);
    cr_expect(h.demolished);
    cr_expect_eq(h.demolished_date, rf_date_from_ymd(2017, 5, 1));

    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect_eq(h.row, 3);
    cr_expect_eq(h.line, 4, "the quoted line break moves the line on: %lld", (long long)h.line);
    cr_expect(id_is(&h, "H2"), "ids are trimmed");
    cr_expect_eq(h.category, RF_CAT_SYNCHRONOUS);
    cr_expect(!h.moved_in);
    cr_expect(!h.demolition_agreement);
    cr_expect(!h.demolished);

    /* rows 4 and 5 are blank; the last row has a trailing field and no line end */
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_BAD_ROW);
    cr_expect_eq(err.line, 6);
    cr_expect_eq(err.column, 11);
    cr_expect(strstr(err.message, "row has 11 fields but the header has 10"), "%s", err.message);
    expect_end(r);

    const char *id;
    size_t len;
    cr_assert(rf_roster_id_at(r, 2, &id, &len, &err), "%s", err.message);
    cr_expect(len == 3 && memcmp(id, "H,1", 3) == 0);
    cr_assert(rf_roster_id_at(r, 3, &id, &len, &err), "%s", err.message);
    cr_expect(len == 2 && memcmp(id, "H2", 2) == 0);
    close_text(r, path, NULL);
}

Test(rf_roster_next, unbalanced_quote_is_reported_where_it_opens_and_reading_goes_on)
{
    rf_error err = {0};
    rf_roster *r = open_file("tests/roster/unbalanced-quote.csv", &err);
    cr_assert_not_null(r, "%s", err.message);
    expect_row(r, 2, "H001");
    expect_bad(r, 3, 2, "column site_id", "never closed");
    expect_row(r, 4, "H003");
    expect_end(r);
    rf_roster_free(r);
}

/* What reading each file gives, one result at a time: a household (column
 * 0, `has` its id) or a malformed row at row:column whose path contains
 * `has` and whose message contains `message`; the end follows a file's
 * last step. */
static const struct {
    const char *file;
    int row, column;
    const char *has, *message;
} STEPS[] = {
    {"tests/roster/bad-values.csv", 2, 0, "H001", NULL},
    {"tests/roster/bad-values.csv", 3, 7, "column moved_in_date",
     "row has 6 fields but the header has 9"},
    {"tests/roster/bad-values.csv", 4, 10, "column 10", "row has 10 fields but the header has 9"},
    {"tests/roster/bad-values.csv", 5, 4, "column size", "\"four\" is not a household size"},
    {"tests/roster/bad-values.csv", 6, 7, "column moved_in_date",
     "\"2016/10/32\" is not a date; expected YYYY-MM-DD"},
    {"tests/roster/bad-values.csv", 7, 3, "column category", "\"poor\" is not a category"},
    {"tests/roster/bad-values.csv", 8, 6, "column self_funded_yuan",
     "\"80,00\" is not an amount; expected yuan >= 0 with at most 2 decimals, e.g. 8000, 8000.50 "
     "or 8,000.50 (commas between groups of three digits)"},
    {"tests/roster/bad-values.csv", 9, 7, "column moved_in_date", "\"2016-02-30\" is not a date"},
    {"tests/roster/bad-values.csv", 10, 5, "column area_m2", "\"100.005\" is not an area"},
    {"tests/roster/bad-values.csv", 11, 8, "column demolition_agreement",
     "\"maybe\" is not yes or no"},
    {"tests/roster/bad-values.csv", 12, 0, "H011", NULL},
    {"tests/roster/bad-values.csv", 13, 3, "column category", "\"poor\" is not a category"},
    {"tests/roster/bad-bytes.csv", 2, 1, "column household_id",
     "\"H\\xB7\\xBF001\" is not valid UTF-8"},
    {"tests/roster/bad-bytes.csv", 3, 2, "column site_id", "a quote inside an unquoted field"},
    {"tests/roster/bad-bytes.csv", 4, 2, "column site_id", "text after a closing quote"},
    {"tests/roster/bad-bytes.csv", 5, 0, "H004", NULL},
};

Test(rf_roster_next, malformed_values_odd_bytes_and_stray_quotes_are_bad_rows_located)
{
    rf_roster *r = NULL;
    size_t n = sizeof STEPS / sizeof STEPS[0];
    for (size_t i = 0; i < n; i++) {
        if (!r) {
            rf_error err = {0};
            r = open_file(STEPS[i].file, &err);
            cr_assert_not_null(r, "%s", err.message);
        }
        if (STEPS[i].column == 0)
            expect_row(r, STEPS[i].row, STEPS[i].has);
        else
            expect_bad(r, STEPS[i].row, STEPS[i].column, STEPS[i].has, STEPS[i].message);
        if (i + 1 == n || strcmp(STEPS[i + 1].file, STEPS[i].file) != 0) {
            expect_end(r);
            rf_roster_free(r);
            r = NULL;
        }
    }
}

Test(rf_roster_open, a_missing_column_is_an_input_error)
{
    rf_error err = {0};
    rf_roster *r = open_file("tests/roster/missing-column.csv", &err);
    cr_assert_null(r);
    cr_expect_eq(err.status, RF_ERR_INPUT);
    cr_expect_eq(err.line, 1);
    cr_expect(strstr(err.message, "missing column demolition_agreement (拆旧协议);"), "%s", err.message);
}

Test(rf_roster_open, refuses_empty_utf16_and_twice_named_columns)
{
    char *path;
    rf_error err = {0};
    cr_expect_null(open_text("", &path, &err));
    cr_expect(strstr(err.message, "empty"), "%s", err.message);
    unlink(path);
    free(path);
    cr_expect_null(open_text("\xFF\xFEh\0", &path, &err));
    cr_expect(strstr(err.message, "UTF-16"), "%s", err.message);
    unlink(path);
    free(path);
    cr_expect_null(open_text("household_id,site_id,category,size,area_m2,self_funded_yuan,"
                             "moved_in_date,demolition_agreement,demolished_date,size\n",
                             &path, &err));
    cr_expect_eq(err.column, 10);
    cr_expect(strstr(err.message, "column size (家庭人口) appears twice"), "%s", err.message);
    unlink(path);
    free(path);
    cr_expect_null(rf_roster_open("/nonexistent/roster.csv", NULL, &err));
    cr_expect(strstr(err.message, "cannot read: No such file"), "%s", err.message);
}

static const char HEADER[] = "household_id,site_id,category,size,area_m2,self_funded_yuan,"
                             "moved_in_date,demolition_agreement,demolished_date\n";

/* A buffer of cap bytes holding prefix and the header; *n its length. */
static char *text_start(size_t cap, const char *prefix, size_t *n)
{
    char *text = malloc(cap);
    cr_assert_not_null(text);
    *n = (size_t)sprintf(text, "%s%s", prefix, HEADER);
    return text;
}

Test(rf_roster_next, a_row_over_one_mebibyte_is_skipped_and_the_next_is_read)
{
    size_t big = RF_ROSTER_MAX_ROW + 100;
    char *text = malloc(sizeof HEADER + big + 200);
    strcpy(text, HEADER);
    size_t n = strlen(text);
    memcpy(text + n, "H1,S01,registered,4,100,8000,,no,", 33);
    n += 33;
    memset(text + n, 'x', big);
    n += big;
    strcpy(text + n, "\nH2,S01,registered,4,100,8000,,no,\n");
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    expect_bad(r, 2, 9, "column demolished_date", "longer than 1 MiB");
    expect_row(r, 3, "H2");
    expect_end(r);
    close_text(r, path, text);
}

Test(rf_roster_next, an_unclosed_quote_over_one_mebibyte_resumes_after_its_line)
{
    size_t big = RF_ROSTER_MAX_ROW + 5000;
    char *text = malloc(sizeof HEADER + 2 * big + 200);
    strcpy(text, HEADER);
    size_t n = strlen(text);
    n += (size_t)sprintf(text + n, "H1,\"S01,registered,4,100,8000,,no,\n");
    /* many good-looking rows swallowed by nothing: they must come back */
    for (int i = 0; n < sizeof HEADER + big; i++)
        n += (size_t)sprintf(text + n, "G%d,S01,registered,4,100,8000,,no,\n", i);
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    expect_bad(r, 2, 2, "column site_id", "not closed within 1 MiB");
    expect_row(r, 3, "G0");
    expect_row(r, 4, "G1");
    close_text(r, path, text);
}

Test(rf_roster_next, random_bytes_never_crash_and_every_row_is_accounted_for)
{
    size_t size = 3u << 20;
    char *text = malloc(sizeof HEADER + size + 1);
    strcpy(text, HEADER);
    size_t n = strlen(text);
    uint64_t x = 88172645463325252ULL;
    static const char alphabet[] = "\"\",,,\n\r\n\r0123456789abc -./\x80\xff\xe4\xb8\x80\x00";
    for (size_t i = 0; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char c = alphabet[x % (sizeof alphabet - 1)];
        text[n++] = c ? c : 'z';
    }
    text[n] = '\0';
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    int64_t last = 1;
    rf_roster_result res;
    while ((res = rf_roster_next(r, &h, &err)) != RF_ROSTER_END) {
        cr_assert_neq(res, RF_ROSTER_FAIL, "%s", err.message);
        int64_t row = res == RF_ROSTER_ROW ? h.row : err.line;
        cr_assert_gt(row, last, "rows go forward");
        last = row;
    }
    close_text(r, path, text);
}

Test(rf_roster_id_at, re_reads_any_earlier_row_across_checkpoints)
{
    size_t n;
    char *text = text_start(1 << 20, "note,", &n);
    for (int i = 0; i < 1000; i++) {
        if (i % 7 == 0)
            n += (size_t)sprintf(text + n, ",\"Q\"\"%d\",S01,registered,4,100,8000,,no,\n", i);
        else if (i % 11 == 0)
            n += (size_t)sprintf(text + n, ",bad%d,S01,registered,x,100,8000,,no,\n", i);
        else if (i % 13 == 0)
            n += (size_t)sprintf(text + n, "\n");
        else
            n += (size_t)sprintf(text + n, "\"a\nb\",H%d,\"S,01\",registered,4,100,8000,,no,\n", i);
    }
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    int64_t rows[1000];
    char ids[1000][16];
    int good = 0;
    rf_roster_result res;
    while ((res = rf_roster_next(r, &h, &err)) != RF_ROSTER_END) {
        if (res != RF_ROSTER_ROW)
            continue;
        rows[good] = h.row;
        snprintf(ids[good], sizeof ids[good], "%.*s", (int)h.household_id_len, h.household_id);
        good++;
    }
    cr_assert_gt(good, 700);
    for (int i = good - 1; i >= 0; i -= 3) {
        const char *id;
        size_t len;
        cr_assert(rf_roster_id_at(r, rows[i], &id, &len, &err), "%s", err.message);
        cr_expect(len == strlen(ids[i]) && memcmp(id, ids[i], len) == 0, "row %lld: %.*s vs %s",
                  (long long)rows[i], (int)len, id, ids[i]);
    }
    const char *id;
    size_t len;
    cr_expect(!rf_roster_id_at(r, 100000, &id, &len, &err));
    close_text(r, path, text);
}

/* Reads HEADER then one row and returns the result of its row. */
static rf_roster_result read_one(const char *row, rf_household *h, rf_error *err, char **path,
                                 rf_roster **r)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", HEADER, row);
    *r = open_text(text, path, err);
    cr_assert_not_null(*r, "%s", err->message);
    return rf_roster_next(*r, h, err);
}

Test(rf_roster_next, amounts_and_areas_read_as_rf_decimal_parse_reads_them)
{
    /* the reader has a fast path for plain decimals; every text must give
     * what rf_decimal_parse gives (or be a bad row where it fails) */
    static const char *values[] = {
        "0", "7", "8000", "8000.5", "8000.50", "8000.", "00012", "0.01", "0.10", "123.40",
        "999999999999999", "9999999999999.99", "99999999999999.9", "1000000000000000",
        "1e3", "1.2e3", "1.e2", ".5", "-0", "+7", "-3", "1.230", "1.234", "12.3x", "1..2",
        "", "1,5", "1 000", "\xd9\xa1", "0.001", "1000000", "1000000.01", "100000000",
        "00000000000000000000012.5", "1000000.00", "1000000.1"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (int column = 0; column < 2; column++) {
            char row[512];
            if (column == 0)
                snprintf(row, sizeof row, "H1,S01,registered,4,%s,8000,,no,\n", values[i]);
            else
                snprintf(row, sizeof row, "H1,S01,registered,4,100,%s,,no,\n", values[i]);
            rf_household h;
            rf_error err = {0};
            char *path;
            rf_roster *r;
            rf_roster_result res = read_one(row, &h, &err, &path, &r);
            int64_t want;
            bool ok = rf_decimal_parse(values[i], strlen(values[i]), 2,
                                       column == 0 ? 100000000 : RF_FEN_MAX, &want) &&
                      want >= 0;
            cr_expect_eq(res, ok ? RF_ROSTER_ROW : RF_ROSTER_BAD_ROW, "'%s' (column %d): %d %s",
                         values[i], column, res, err.message);
            if (ok && res == RF_ROSTER_ROW)
                cr_expect_eq(column == 0 ? h.area : h.self_funded, want, "'%s' (column %d)",
                             values[i], column);
            close_text(r, path, NULL);
        }
    }
}

Test(rf_roster_next, dates_read_as_rf_date_parse_any_reads_them)
{
    static char text[1 << 17];
    size_t n = (size_t)snprintf(text, sizeof text, "%s", HEADER);
    /* edge cases, then every day of 2015..2017, one row each */
    static const char *odd[] = {"2016-02-29", "2017-02-29", "2016-02-30", "2000-02-29",
                                "1900-02-29", "1899-12-31", "1900-01-01", "9999-12-31",
                                "2016-13-01", "2016-00-10", "2016-01-00", "2016-1-01",
                                "2016/01/01", "20160101",   "2016-01-01x", "2016-0a-01",
                                "0000-01-01", "2016-04-31", "2016-06-31", "2016-12-32",
                                "2016/10/8",  "2016.10.8",  "2016年10月8日", "2016/1/32",
                                "2016/10-8",  "2016年10月8", "2016年2月30日", "2016.2.29",
                                "16/10/8",    "2016/010/8", "2016-10-8",   "2016/10/08"};
    const size_t n_odd = sizeof odd / sizeof odd[0];
    static char dates[1200][16];
    size_t nd = 0;
    for (size_t i = 0; i < n_odd; i++)
        snprintf(dates[nd++], sizeof dates[0], "%s", odd[i]);
    for (rf_day d = rf_date_from_ymd(2015, 1, 1); d <= rf_date_from_ymd(2017, 12, 31); d++)
        rf_date_format(dates[nd++], d);
    for (size_t i = 0; i < nd; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "H%zu,S01,registered,4,100,8000,%s,no,\n",
                              i, dates[i]);
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    for (size_t i = 0; i < nd; i++) {
        rf_household h;
        rf_day want;
        bool ok = rf_date_parse_any(dates[i], strlen(dates[i]), &want);
        rf_roster_result res = rf_roster_next(r, &h, &err);
        cr_assert_eq(res, ok ? RF_ROSTER_ROW : RF_ROSTER_BAD_ROW, "'%s': %d %s", dates[i], res,
                     err.message);
        if (ok)
            cr_expect_eq(h.moved_in_date, want, "'%s'", dates[i]);
    }
    expect_end(r);
    close_text(r, path, NULL);
}

Test(rf_roster_next, ids_are_checked_for_utf8_and_control_bytes_at_every_position)
{
    /* the check reads 8 bytes at a time, then byte by byte: put each byte
     * at every position of a 20-odd byte id */
    static const struct {
        const char *bytes;
        bool valid;
    } cases[] = {{"\x01", false},         {"\x1f", false},         {"\x7f", false},
                 {"\x80", false},         {"\xff", false},         {"\xc3\xa9", true},
                 {"\xe4\xb8\xad", true},  {"\xed\xa0\x80", false}, {"\xf0\x9f\x98\x80", true},
                 {"\xc0\xaf", false},     {"~", true},             {"!", true}};
    for (size_t b = 0; b < sizeof cases / sizeof cases[0]; b++)
        for (int at = 0; at < 20; at++) {
            char id[64];
            snprintf(id, sizeof id, "%.*s%sxyz", at, "ABCDEFGHIJKLMNOPQRSTU", cases[b].bytes);
            char row[256];
            snprintf(row, sizeof row, "%s,S01,registered,4,100,8000,,no,\n", id);
            rf_household h;
            rf_error err = {0};
            char *path;
            rf_roster *r;
            rf_roster_result res = read_one(row, &h, &err, &path, &r);
            cr_expect_eq(res, cases[b].valid ? RF_ROSTER_ROW : RF_ROSTER_BAD_ROW,
                         "case %zu at %d: %d %s", b, at, res, err.message);
            if (cases[b].valid && res == RF_ROSTER_ROW)
                cr_expect(id_is(&h, id), "case %zu at %d", b, at);
            close_text(r, path, NULL);
        }
}

Test(rf_roster_next, plain_lines_and_quoted_lines_split_alike)
{
    /* The same fields written plainly, quoted, with CRLF, padded, with 4096
     * and 4097 fields, and without a final line end: the fast path for
     * plain lines and the general path agree. */
    size_t n;
    char *text = text_start(1 << 20, "", &n);
    n += (size_t)sprintf(text + n, "A1,S01,registered,4,100,8000,,no,\n");
    n += (size_t)sprintf(text + n,
                         "\"A2\",\"S01\",\"registered\",\"4\",\"100\",\"8000\",\"\",\"no\",\"\"\n");
    n += (size_t)sprintf(text + n, "A3,S01,registered,4,100,8000,,no,\r\n");
    n += (size_t)sprintf(text + n, "A4 , S01 ,registered,4,100,8000,,no,\n");
    n += (size_t)sprintf(text + n, "A5,S01,registered,4,100,8000,,no,");
    for (int i = 9; i < 4096; i++)
        text[n++] = ',';
    text[n++] = '\n';
    n += (size_t)sprintf(text + n, "A6,S01,registered,4,100,8000,,no,");
    for (int i = 9; i < 4097; i++)
        text[n++] = ',';
    text[n++] = '\n';
    n += (size_t)sprintf(text + n, "A7,S01,registered,4,100,8000,,no,");
    text[n] = '\0';
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    expect_row(r, 2, "A1");
    expect_row(r, 3, "A2");
    expect_row(r, 4, "A3");
    expect_row(r, 5, "A4");
    expect_bad(r, 6, 10, "column", "row has 4096 fields but the header has 9");
    expect_bad(r, 7, 4097, "column", "more than 4096 fields");
    expect_row(r, 8, "A7");
    expect_end(r);
    close_text(r, path, text);
}

Test(rf_roster_rows_estimate, scales_the_first_lines_to_the_file_size)
{
    size_t n;
    char *text = text_start(4 << 20, "", &n);
    for (int i = 0; i < 60000; i++)
        n += (size_t)sprintf(text + n, "H%07d,S01,registered,4,100,8000,,no,\n", i);
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text(text, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    size_t e = rf_roster_rows_estimate(r);
    cr_expect(e >= 59000 && e <= 61000, "estimate %zu for 60000 rows", e);
    close_text(r, path, NULL);
    r = open_text(HEADER, &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_expect_eq(rf_roster_rows_estimate(r), 0);
    close_text(r, path, text);
}

/* The header and values as a county's export writes them: Chinese names
 * in another order, 建档立卡 / 同步搬迁, 是 / 否, dates with / . and 年月日,
 * money with thousands separators, CRLF. */
Test(rf_roster_next, reads_chinese_headers_values_dates_and_grouped_money)
{
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text("户编号,拆旧日期,安置点编号,搬迁类型,家庭人口,住房面积,自筹资金,"
                             "入住日期,拆旧协议,备注\r\n"
                             "H1,2017年3月1日,S01,建档立卡,4,100,\"8,000.50\",2016/10/8,是,x\r\n"
                             "H2,,S02,同步搬迁,3,75.5,\"1,234,567\",2016.10.8,否,\r\n"
                             "H3,2017-03-01,S01,Registered,2,50,0,,YES,\r\n",
                             &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect(id_is(&h, "H1"));
    cr_expect_eq(h.category, RF_CAT_REGISTERED);
    cr_expect_eq(h.self_funded, 800050);
    cr_expect(h.moved_in);
    cr_expect_eq(h.moved_in_date, rf_date_from_ymd(2016, 10, 8));
    cr_expect(h.demolition_agreement);
    cr_expect(h.demolished);
    cr_expect_eq(h.demolished_date, rf_date_from_ymd(2017, 3, 1));
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect_eq(h.category, RF_CAT_SYNCHRONOUS);
    cr_expect_eq(h.area, 7550);
    cr_expect_eq(h.self_funded, 123456700);
    cr_expect_eq(h.moved_in_date, rf_date_from_ymd(2016, 10, 8));
    cr_expect_not(h.demolition_agreement);
    cr_expect_not(h.demolished);
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect_eq(h.category, RF_CAT_REGISTERED);
    cr_expect_not(h.moved_in);
    expect_end(r);
    close_text(r, path, NULL);
}

Test(rf_roster_next, money_groups_must_be_valid)
{
    static const struct {
        const char *text;
        int64_t fen; /* -1: not an amount */
    } cases[] = {{"\"8,000.50\"", 800050}, {"\"8,000\"", 800000},      {"\"12,345,678.9\"", 1234567890},
                 {"\"999\"", 99900},       {"\"80,00\"", -1},         {"\"8,0000\"", -1},
                 {"\",800\"", -1},         {"\"8,000,\"", -1},        {"\"1234,567\"", -1},
                 {"\"8,,000\"", -1},       {"\"8,000.5,0\"", -1},     {"\"8,000.505\"", -1},
                 {"\"-8,000\"", -1},       {"\"8.000,50\"", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[256];
        snprintf(row, sizeof row, "H1,S01,registered,4,100,%s,,no,\n", cases[i].text);
        rf_household h;
        rf_error err = {0};
        char *path;
        rf_roster *r;
        rf_roster_result res = read_one(row, &h, &err, &path, &r);
        cr_expect_eq(res, cases[i].fen >= 0 ? RF_ROSTER_ROW : RF_ROSTER_BAD_ROW, "%s: %s",
                     cases[i].text, err.message);
        if (res == RF_ROSTER_ROW)
            cr_expect_eq(h.self_funded, cases[i].fen, "%s", cases[i].text);
        close_text(r, path, NULL);
    }
}

/* Every problem of a row, in the header's column order, each at its
 * column; the next row is read as usual. */
Test(rf_roster_more_problems, a_row_gives_every_problem_in_column_order)
{
    char *path;
    rf_error err = {0};
    rf_roster *r = open_text("demolished_date,moved_in_date,size,household_id,site_id,category,"
                             "area_m2,self_funded_yuan,demolition_agreement\n"
                             "2017-02-30,2016/10/8,0,,S01,poor,100,8000,maybe\n"
                             "2017-02-28,2016/10/8,1,H2,S01,registered,100,8000,no\n",
                             &path, &err);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_BAD_ROW);
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 1);
    cr_expect_str_eq(err.path, "column demolished_date");
    rf_error more[RF_ROSTER_MAX_PROBLEMS];
    size_t n = rf_roster_more_problems(r, more, RF_ROSTER_MAX_PROBLEMS);
    cr_assert_eq(n, 4);
    static const int columns[] = {3, 4, 6, 9};
    static const char *const says[] = {"\"0\" is not a household size", "empty; expected the "
                                       "household's id", "\"poor\" is not a category",
                                       "\"maybe\" is not yes or no"};
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(more[i].line, 2);
        cr_expect_eq(more[i].column, columns[i]);
        cr_expect(strstr(more[i].message, says[i]), "%s", more[i].message);
    }
    cr_expect_eq(rf_roster_more_problems(r, more, 2), 2, "at most max");
    expect_row(r, 3, "H2");
    cr_expect_eq(rf_roster_more_problems(r, more, RF_ROSTER_MAX_PROBLEMS), 0);
    expect_end(r);
    close_text(r, path, NULL);
}

/* Writes text to a temporary file and loads it as a --columns file. */
static rf_roster_columns *columns_from(const char *text, rf_error *err)
{
    char *path = rf_write_temp(".txt", text);
    cr_assert_not_null(path);
    rf_roster_columns *c = rf_roster_columns_load(path, err);
    unlink(path);
    free(path);
    return c;
}

Test(rf_roster_columns_load, maps_any_export_s_headers)
{
    rf_error err = {0};
    rf_roster_columns *c = columns_from("\xEF\xBB\xBF# 某县系统导出\n"
                                        "household_id = 户号\n"
                                        "site_id=安置点\r\n"
                                        "\n"
                                        "搬迁类型 = 人员类别\n"
                                        "size = 人口数\n"
                                        "size = Persons\n"
                                        "area_m2 = 面积（平方米）\n"
                                        "self_funded_yuan = 自筹(元)\n",
                                        &err);
    cr_assert_not_null(c, "%s", err.message);
    char *path = rf_write_temp(".csv", "户号,安置点,人员类别,PERSONS,面积（平方米）,自筹(元),"
                                       "入住日期,拆旧协议,demolished_date\n"
                                       "H1,S01,建档立卡,4,100,\"8,000\",2016年10月8日,是,\n");
    rf_roster *r = rf_roster_open(path, &(rf_roster_options){.columns = c}, &err);
    rf_roster_columns_free(c);
    cr_assert_not_null(r, "%s", err.message);
    rf_household h;
    cr_assert_eq(rf_roster_next(r, &h, &err), RF_ROSTER_ROW, "%s", err.message);
    cr_expect_eq(h.size, 4);
    cr_expect_eq(h.self_funded, 800000);
    close_text(r, path, NULL);
    /* the mapped name may not stand twice, nor beside the column's own */
    c = columns_from("size = 人口数\n", &err);
    path = rf_write_temp(".csv", "household_id,site_id,category,size,area_m2,self_funded_yuan,"
                                 "moved_in_date,demolition_agreement,demolished_date,人口数\n");
    cr_expect_null(rf_roster_open(path, &(rf_roster_options){.columns = c}, &err));
    cr_expect_str_eq(err.message, "column size (家庭人口) appears twice in the header; expected it "
                                  "once");
    rf_roster_columns_free(c);
    unlink(path);
    free(path);
}

Test(rf_roster_columns_load, names_the_line_of_a_bad_mapping)
{
    rf_error err = {0};
    cr_expect_null(columns_from("household_id = 户号\nsite = 安置点\n", &err));
    cr_expect_eq(err.line, 2);
    cr_expect(strstr(err.message, "unknown column \"site\"; expected one of: household_id, "
                                  "site_id,"),
              "%s", err.message);
    cr_expect_null(columns_from("# x\nhousehold_id 户号\n", &err));
    cr_expect_eq(err.line, 2);
    cr_expect_str_eq(err.message, "expected COLUMN = HEADER, e.g. household_id = 户号");
    cr_expect_null(columns_from("size =  \n", &err));
    cr_expect_eq(err.line, 1);
    cr_expect_str_eq(err.message, "no header name after '='; expected the export's name for size");
    cr_expect_null(rf_roster_columns_load("/nonexistent/columns.txt", &err));
    cr_expect(strstr(err.message, "cannot read: No such file"), "%s", err.message);
}

/* text, UTF-8, in GB18030 (a new string). */
static char *to_gb18030(const char *text, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    cr_assert_neq(cd, (iconv_t)-1);
    size_t il = strlen(text), ol = 2 * il + 16;
    char *out = malloc(ol), *op = out, *ip = (char *)text;
    cr_assert_neq(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(op - out);
    return out;
}

static const char GB_ROSTER[] = "户编号,安置点编号,搬迁类型,家庭人口,住房面积,自筹资金,入住日期,"
                                "拆旧协议,拆旧日期\r\n"
                                "户-甲,S01,建档立卡,4,100,8000,2016年10月8日,是,\r\n"
                                "户-乙,S02,同步搬迁,3,75,0,,否,\r\n";

/* Writes bytes to a temporary .csv; returns its path. */
static char *write_bytes(const char *bytes, size_t n)
{
    char *path = rf_write_temp(".csv", "");
    FILE *f = fopen(path, "wb");
    cr_assert(f && fwrite(bytes, 1, n, f) == n && fclose(f) == 0);
    return path;
}

Test(rf_roster_open, reads_gbk_when_told_or_when_the_file_is_not_utf8)
{
    size_t n;
    char *gb = to_gb18030(GB_ROSTER, &n);
    char *path = write_bytes(gb, n);
    static const rf_roster_encoding encodings[] = {RF_ROSTER_ENC_AUTO, RF_ROSTER_ENC_GB18030};
    for (int k = 0; k < 2; k++) {
        rf_error err = {0};
        rf_roster *r = rf_roster_open(path, &(rf_roster_options){.encoding = encodings[k]}, &err);
        cr_assert_not_null(r, "%s", err.message);
        if (k == 0)
            cr_expect_str_eq(rf_roster_note(r), "not UTF-8 text; read as GBK/GB18030 (give "
                                                "--encoding gbk to say so, or save the file as "
                                                "\"CSV UTF-8\")");
        else
            cr_expect_null(rf_roster_note(r));
        expect_row(r, 2, "户-甲");
        expect_row(r, 3, "户-乙");
        expect_end(r);
        /* the duplicate check re-reads the converted text */
        const char *id;
        size_t len;
        cr_assert(rf_roster_id_at(r, 3, &id, &len, &err), "%s", err.message);
        cr_expect(len == strlen("户-乙") && memcmp(id, "户-乙", len) == 0);
        rf_roster_free(r);
    }
    /* told UTF-8, the GBK header names no column */
    rf_error err = {0};
    cr_expect_null(rf_roster_open(path, &(rf_roster_options){.encoding = RF_ROSTER_ENC_UTF8}, &err));
    cr_expect(strstr(err.message, "missing columns household_id (户编号), site_id"), "%s",
              err.message);
    unlink(path);
    free(path);
    free(gb);
    /* UTF-8 stays UTF-8, without a note */
    char *utf8;
    rf_roster *r = open_text(GB_ROSTER, &utf8, &err);
    cr_assert_not_null(r, "%s", err.message);
    cr_expect_null(rf_roster_note(r));
    close_text(r, utf8, NULL);
}

Test(rf_roster_open, bytes_that_are_not_gbk_are_refused_at_their_line)
{
    size_t n;
    char *gb = to_gb18030(GB_ROSTER, &n);
    char *bytes = malloc(n + 32);
    memcpy(bytes, gb, n);
    static const char bad_row[] = "H3,S01,\xFF\xFF,4,100,0,,no,\r\n";
    memcpy(bytes + n, bad_row, sizeof bad_row - 1);
    char *path = write_bytes(bytes, n + sizeof bad_row - 1);
    rf_error err = {0};
    cr_expect_null(rf_roster_open(path, &(rf_roster_options){.encoding = RF_ROSTER_ENC_GB18030},
                                  &err));
    cr_expect_eq(err.status, RF_ERR_INPUT);
    cr_expect_eq(err.line, 4);
    cr_expect_str_eq(err.message, "bytes \\xFF\\xFF\\x2C\\x34 are not GBK/GB18030 text; expected a "
                                  "GBK file (or give --encoding utf-8)");
    unlink(path);
    free(path);
    free(bytes);
    free(gb);
    cr_expect(rf_roster_encoding_parse("GBK", &(rf_roster_encoding){0}));
    rf_roster_encoding e;
    cr_expect(rf_roster_encoding_parse("utf-8", &e) && e == RF_ROSTER_ENC_UTF8);
    cr_expect(rf_roster_encoding_parse("gb18030", &e) && e == RF_ROSTER_ENC_GB18030);
    cr_expect_not(rf_roster_encoding_parse("latin1", &e));
}
