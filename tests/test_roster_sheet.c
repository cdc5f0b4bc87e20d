/* Rosters as they come (rf_roster_sheet, and rf_roster's encodings and
 * Chinese columns): one generated list of households written as its English
 * CSV twin, a Chinese-header CRLF CSV with mixed date forms and grouped
 * money, the same in GBK, and an .xlsx (libxlsxwriter), all audited to
 * exactly the same findings; the example roster as an Excel 97-2003 .xls
 * (tests/roster/make-xls.py) audited to the findings of its CSV. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "rf_date.h"
#include "rf_roster.h"
#include "rf_roster_sheet.h"
#include "support.h"

#ifdef RF_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#include <zip.h>
#endif

#define SCENARIO "scenarios/example-county/2016.json"

/* One household of the generated list. */
typedef struct {
    char id[48];
    const char *site;
    int registered;
    int size;
    int area_centi;  /* m2 x 100 */
    long money_fen;  /* self-funding */
    int moved;       /* 0: not moved in */
    int moved_y, moved_m, moved_d;
    int agreement;
    int demolished;
    int dem_y, dem_m, dem_d;
} household;

enum { N = 400 };

/* A seeded list: ordinary households and, every few rows, one of each
 * violation (over the cap, area over the cap, no agreement, late or no
 * demolition, a repeated id, an unknown site). */
static void generate(household *h, size_t n)
{
    static const char *const sites[] = {"S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08"};
    unsigned long x = 2016;
    for (size_t i = 0; i < n; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        unsigned r = (unsigned)(x >> 33);
        household *e = &h[i];
        memset(e, 0, sizeof *e);
        snprintf(e->id, sizeof e->id, "360731-2016-%04zu", i + 1);
        e->site = sites[r % 8];
        e->registered = r % 5 != 0;
        e->size = 1 + (int)(r / 8 % 6);
        e->area_centi = e->size * 2500 - (int)(r / 64 % 4) * 50;
        e->money_fen = (long)(r / 256 % 1000000);
        e->moved = r / 4096 % 10 != 0;
        e->moved_y = 2016 + (int)(r / 8192 % 2);
        e->moved_m = 1 + (int)(r / 16384 % 12);
        e->moved_d = 1 + (int)(r / 65536 % 28);
        e->agreement = 1;
        e->demolished = e->moved && r / 131072 % 4 != 0;
        e->dem_y = e->moved_y + (int)(r / 524288 % 2);
        e->dem_m = e->moved_m;
        e->dem_d = e->moved_d > 1 ? e->moved_d - 1 : 1;
        switch (i % 23) {
        case 3:
            e->registered = 1;
            e->money_fen = 1000001 + (long)(r % 500000) * 7;
            break;
        case 7:
            e->registered = 1;
            e->area_centi = e->size * 2500 + 1;
            break;
        case 11:
            e->moved = 1;
            e->agreement = 0;
            break;
        case 13:
            e->moved = 1;
            e->demolished = 0;
            break;
        case 17:
            if (i > 5)
                memcpy(e->id, h[i - 5].id, sizeof e->id);
            break;
        case 19:
            e->site = "S09";
            break;
        }
    }
}

/* The English CSV twin: LF, ISO dates, plain amounts. */
static void write_english(const household *h, size_t n, FILE *f)
{
    fputs("household_id,site_id,category,size,area_m2,self_funded_yuan,moved_in_date,"
          "demolition_agreement,demolished_date\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const household *e = &h[i];
        fprintf(f, "%s,%s,%s,%d,%d.%02d,%ld.%02ld,", e->id, e->site,
                e->registered ? "registered" : "synchronous", e->size, e->area_centi / 100,
                e->area_centi % 100, e->money_fen / 100, e->money_fen % 100);
        if (e->moved)
            fprintf(f, "%04d-%02d-%02d", e->moved_y, e->moved_m, e->moved_d);
        fprintf(f, ",%s,", e->agreement ? "yes" : "no");
        if (e->demolished)
            fprintf(f, "%04d-%02d-%02d", e->dem_y, e->dem_m, e->dem_d);
        fputc('\n', f);
    }
}

/* A date in the k-th of the forms a county's export writes. */
static void write_date(FILE *f, int k, int y, int m, int d)
{
    switch (k % 4) {
    case 0:
        fprintf(f, "%04d-%02d-%02d", y, m, d);
        break;
    case 1:
        fprintf(f, "%d/%d/%d", y, m, d);
        break;
    case 2:
        fprintf(f, "%d.%d.%d", y, m, d);
        break;
    default:
        fprintf(f, "%d年%d月%d日", y, m, d);
    }
}

/* An amount in fen with thousands separators ("8,000.50", quoted). */
static void write_grouped(FILE *f, long fen)
{
    long yuan = fen / 100;
    char digits[32], grouped[48];
    int n = snprintf(digits, sizeof digits, "%ld", yuan), o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    fprintf(f, "\"%s.%02ld\"", grouped, fen % 100);
}

/* The Chinese export: other column order, a name column, CRLF, Chinese
 * values, mixed date forms, grouped money. */
static void write_chinese(const household *h, size_t n, FILE *f)
{
    fputs("安置点编号,户编号,户主姓名,搬迁类型,家庭人口,住房面积,自筹资金,入住日期,拆旧协议,"
          "拆旧日期\r\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const household *e = &h[i];
        fprintf(f, "%s,%s,张%zu,%s,%d,%d.%02d,", e->site, e->id, i,
                e->registered ? "建档立卡" : "同步搬迁", e->size, e->area_centi / 100,
                e->area_centi % 100);
        write_grouped(f, e->money_fen);
        fputc(',', f);
        if (e->moved)
            write_date(f, (int)i, e->moved_y, e->moved_m, e->moved_d);
        fprintf(f, ",%s,", e->agreement ? "是" : "否");
        if (e->demolished)
            write_date(f, (int)i + 1, e->dem_y, e->dem_m, e->dem_d);
        fputs("\r\n", f);
    }
}

#ifdef RF_HAVE_XLSXWRITER
/* The .xlsx export: Chinese headers, numbers and date cells, some dates
 * as text, amounts as numbers. */
static void write_xlsx(const household *h, size_t n, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    cr_assert_not_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "花名册");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
    static const char *const head[] = {"户编号", "安置点编号", "搬迁类型", "家庭人口", "住房面积",
                                       "自筹资金", "入住日期", "拆旧协议", "拆旧日期"};
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    for (size_t i = 0; i < n; i++) {
        const household *e = &h[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, r, 0, e->id, NULL);
        worksheet_write_string(ws, r, 1, e->site, NULL);
        worksheet_write_string(ws, r, 2, e->registered ? "建档立卡" : "同步搬迁", NULL);
        worksheet_write_number(ws, r, 3, e->size, NULL);
        worksheet_write_number(ws, r, 4, e->area_centi / 100.0, NULL);
        worksheet_write_number(ws, r, 5, (double)e->money_fen / 100.0, NULL);
        if (e->moved) {
            lxw_datetime dt = {e->moved_y, e->moved_m, e->moved_d, 0, 0, 0};
            worksheet_write_datetime(ws, r, 6, &dt, date);
        }
        worksheet_write_string(ws, r, 7, e->agreement ? "是" : "否", NULL);
        if (e->demolished && i % 3 == 0) {
            char text[32];
            snprintf(text, sizeof text, "%d/%d/%d", e->dem_y, e->dem_m, e->dem_d);
            worksheet_write_string(ws, r, 8, text, NULL);
        } else if (e->demolished) {
            lxw_datetime dt = {e->dem_y, e->dem_m, e->dem_d, 0, 0, 0};
            worksheet_write_datetime(ws, r, 8, &dt, date);
        }
    }
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
}
#endif

/* The JSON report of auditing path, without its "roster" line; stderr's
 * notes (other than about the scenario) into *notes when not NULL. */
static char *audit_json(const char *path, const char *const *extra, char **notes)
{
    const char *argv[16] = {"audit", path, "--scenario", SCENARIO, "--as-of", "2018-06-30",
                            "--format", "json"};
    size_t argc = 8;
    for (size_t i = 0; extra && extra[i]; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, 1, "%s: %s", path, r.err);
    char *out = strdup(r.out), *line = strstr(out, "\n  \"roster\": ");
    cr_assert_not_null(line, "%s", out);
    char *end = strchr(line + 1, '\n');
    memmove(line, end, strlen(end) + 1);
    if (notes) {
        const char *n = strstr(r.err, "relocfund: note: /");
        *notes = strdup(n ? n : "");
    }
    rf_run_free(&r);
    return out;
}

Test(rosters_as_they_come, every_form_of_one_list_gets_the_same_findings)
{
    static household h[N];
    generate(h, N);
    char dir[64], en[128], zh[128], gbk[128], xlsx[128], cmd[512];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-rosters"));
    snprintf(en, sizeof en, "%s/en.csv", dir);
    snprintf(zh, sizeof zh, "%s/zh.csv", dir);
    snprintf(gbk, sizeof gbk, "%s/gbk.csv", dir);
    snprintf(xlsx, sizeof xlsx, "%s/roster.xlsx", dir);
    FILE *f = fopen(en, "w");
    cr_assert_not_null(f);
    write_english(h, N, f);
    cr_assert_eq(fclose(f), 0);
    f = fopen(zh, "w");
    cr_assert_not_null(f);
    write_chinese(h, N, f);
    cr_assert_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t GBK '%s' > '%s'", zh, gbk);
    cr_assert_eq(system(cmd), 0);

    char *want = audit_json(en, NULL, NULL);
    /* every rule is in the list, and no row is malformed */
    static const char *const rules[] = {"self_funding_over_cap", "area_over_cap",
                                        "no_demolition_agreement", "not_demolished_in_time",
                                        "duplicate_household_id", "unknown_site"};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "\"rule\":\"%s\"", rules[i]);
        cr_expect_gt(rf_count(want, key), 0, "%s", rules[i]);
    }
    cr_expect(strstr(want, "\"bad_rows\": 0,"), "%s", want);

    char *got = audit_json(zh, NULL, NULL);
    cr_expect_str_eq(got, want, "the Chinese CRLF export");
    free(got);
    char *notes;
    got = audit_json(gbk, NULL, &notes);
    cr_expect_str_eq(got, want, "the GBK export");
    cr_expect(strstr(notes, "gbk.csv: not UTF-8 text; read as GBK/GB18030"), "%s", notes);
    free(got);
    free(notes);
    const char *told[] = {"--encoding", "gbk", NULL};
    got = audit_json(gbk, told, &notes);
    cr_expect_str_eq(got, want, "the GBK export, --encoding gbk");
    cr_expect_str_eq(notes, "");
    free(got);
    free(notes);
#ifdef RF_HAVE_XLSXWRITER
    write_xlsx(h, N, xlsx);
    got = audit_json(xlsx, NULL, NULL);
    cr_expect_str_eq(got, want, "the .xlsx export");
    free(got);
#endif
    free(want);
    rf_remove_tree(dir);
}

Test(rosters_as_they_come, an_xls_workbook_reads_as_its_csv)
{
    char *want = audit_json("scenarios/example-county/roster-2016.csv", NULL, NULL);
    char *got = audit_json("tests/roster/roster-2016.xls", NULL, NULL);
    /* the .xls has a blank row after its ninth household: the rows below
     * it are one further down the sheet */
    char *shifted = malloc(strlen(want) + 64);
    size_t o = 0;
    for (const char *p = want; *p;) {
        int row, used = 0, used2 = 0;
        if (sscanf(p, "{\"row\":%d,%n", &row, &used) == 1 && used > 0) {
            o += (size_t)sprintf(shifted + o, "{\"row\":%d,", row > 10 ? row + 1 : row);
            p += used;
        } else if (sscanf(p, "\"value\":%d,\"limit\":null,\"unit\":\"row\"%n", &row, &used2) == 1 &&
                   used2 > 0) {
            o += (size_t)sprintf(shifted + o, "\"value\":%d,\"limit\":null,\"unit\":\"row\"",
                                 row > 10 ? row + 1 : row);
            p += used2;
        } else {
            shifted[o++] = *p++;
        }
    }
    shifted[o] = '\0';
    cr_expect_str_eq(got, shifted);
    free(shifted);
    free(got);
    free(want);
}

#ifdef RF_HAVE_XLSXWRITER
/* Takes the cached values (<v>0</v>, what libxlsxwriter stores) out of
 * the formulas of the workbook's first sheet, as a program that does not
 * calculate saves them. */
static void drop_cached_values(const char *path)
{
    static const char part[] = "xl/worksheets/sheet1.xml";
    int e = 0;
    zip_t *z = zip_open(path, 0, &e);
    cr_assert_not_null(z);
    zip_stat_t st;
    cr_assert_eq(zip_stat(z, part, 0, &st), 0);
    char *xml = calloc(1, st.size + 1);
    zip_file_t *f = zip_fopen(z, part, 0);
    cr_assert(f && zip_fread(f, xml, st.size) == (zip_int64_t)st.size);
    zip_fclose(f);
    char *v;
    cr_assert_not_null(strstr(xml, "</f><v>0</v>"), "%s", xml);
    while ((v = strstr(xml, "</f><v>0</v>")) != NULL)
        memmove(v + 4, v + 12, strlen(v + 12) + 1);
    zip_source_t *src = zip_source_buffer(z, xml, strlen(xml), 0);
    cr_assert_geq(zip_file_add(z, part, src, ZIP_FL_OVERWRITE), 0);
    cr_assert_eq(zip_close(z), 0);
    free(xml);
}

/* Cells become the text the CSV reader checks: noise rounded away, booleans
 * yes / no, a cell right of the header kept (the row is then malformed),
 * blank rows keep the sheet's row numbers, a formula saved without its
 * value is "=" and the formula, which no column takes. */
Test(rf_roster_sheet_to_csv, writes_cells_as_the_csv_reader_takes_them)
{
    char dir[64], path[128];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-sheet"));
    snprintf(path, sizeof path, "%s/cells.xlsx", dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "roster");
    static const char *const head[] = {"household_id", "site_id", "category", "size",
                                       "area_m2", "self_funded_yuan", "moved_in_date",
                                       "demolition_agreement", "demolished_date"};
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_write_string(ws, 1, 0, "H,1", NULL);
    worksheet_write_string(ws, 1, 1, "S01", NULL);
    worksheet_write_string(ws, 1, 2, "registered", NULL);
    worksheet_write_number(ws, 1, 3, 4, NULL);
    worksheet_write_number(ws, 1, 4, 100.1 + 1e-12, NULL);
    worksheet_write_number(ws, 1, 5, 0.1 + 0.2, NULL);
    worksheet_write_boolean(ws, 1, 7, 1, NULL);
    /* row 3 blank; row 4 has a cell right of the header's last */
    worksheet_write_string(ws, 3, 0, "H2", NULL);
    worksheet_write_number(ws, 3, 4, 1.005, NULL);
    worksheet_write_boolean(ws, 3, 7, 0, NULL);
    worksheet_write_string(ws, 3, 10, "x", NULL);
    worksheet_write_formula(ws, 3, 6, "=TODAY()", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    drop_cached_values(path);

    FILE *out = tmpfile();
    rf_error err = {0};
    cr_assert(rf_roster_sheet_to_csv(path, "cells.xlsx", RF_ROSTER_SHEET_XLSX, out, &err), "%s",
              err.message);
    rewind(out);
    char text[1024];
    size_t n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    cr_expect_str_eq(text, "household_id,site_id,category,size,area_m2,self_funded_yuan,"
                           "moved_in_date,demolition_agreement,demolished_date\n"
                           "\"H,1\",S01,registered,4,100.10,0.3,,yes,\n"
                           "\n"
                           "H2,,,,1.005,,=TODAY(),no,,,x\n");
    int fd = open(path, 0);
    cr_expect_eq(rf_roster_sheet_kind_of(fd), RF_ROSTER_SHEET_XLSX);
    close(fd);
    fd = open(RF_SOURCE_DIR "/tests/roster/roster-2016.xls", 0);
    cr_expect_eq(rf_roster_sheet_kind_of(fd), RF_ROSTER_SHEET_XLS);
    close(fd);
    fd = open(RF_SOURCE_DIR "/scenarios/example-county/roster-2016.csv", 0);
    cr_expect_eq(rf_roster_sheet_kind_of(fd), RF_ROSTER_SHEET_NONE);
    close(fd);
    rf_remove_tree(dir);
}
#endif

Test(rf_roster_sheet_to_csv, a_broken_workbook_is_an_input_error)
{
    char *path = rf_write_temp(".xls", "");
    FILE *f = fopen(path, "wb");
    static const char bytes[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not a compound file";
    fwrite(bytes, 1, sizeof bytes - 1, f);
    fclose(f);
    const char *argv[] = {"audit", path, "--scenario", SCENARIO, NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_expect(strstr(r.err, "cannot read the Excel 97-2003 workbook (FreeXL error"), "%s", r.err);
    cr_expect_str_eq(r.out, "");
    rf_run_free(&r);
    unlink(path);
    free(path);
}
