/* Tests of rf_book (scenario workbooks) and of the commands convert and
 * template: JSON -> XLSX -> JSON solves to the same plan, and a bad cell is
 * named by its sheet and cell. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "rf_book.h"
#include "rf_read.h"
#include "rf_scenario.h"
#include "rf_xlsx.h"
#include "support.h"

static char dir[512];

static void setup(void)
{
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-book"));
}

static void teardown(void)
{
    rf_remove_tree(dir);
}

TestSuite(rf_book, .init = setup, .fini = teardown);
TestSuite(convert, .init = setup, .fini = teardown);
TestSuite(template, .init = setup, .fini = teardown);
TestSuite(rf_read_rebase, .init = setup, .fini = teardown);

static char *in_dir(const char *name)
{
    char *p = malloc(1024);
    snprintf(p, 1024, "%s/%s", dir, name);
    return p;
}

/* solve --format json of path (exit code 0 or 1 expected equal to code). */
static char *solve_json(const char *path, int code)
{
    const char *argv[] = {"solve", path, "--format", "json", NULL};
    rf_run_result r = rf_run_expect(argv, code);
    char *out = r.out;
    r.out = NULL;
    rf_run_free(&r);
    return out;
}

static void round_trip(const char *json, const char *name, int code)
{
    char *xlsx = in_dir(name);
    const char *conv[] = {"convert", json, "-o", xlsx, NULL};
    rf_run_result r = rf_run_expect(conv, 0);
    rf_run_free(&r);
    char *want = solve_json(json, code);
    char *got = solve_json(xlsx, code);
    cr_assert_str_eq(got, want, "%s solves as %s does", xlsx, json);
    /* and back to JSON, in another folder (the policy path follows) */
    char back[1200];
    snprintf(back, sizeof back, "%s/back/%s.json", dir, name);
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/back", dir);
    mkdir(sub, 0700);
    const char *conv2[] = {"convert", xlsx, "-o", back, NULL};
    r = rf_run_expect(conv2, 0);
    rf_run_free(&r);
    char *again = solve_json(back, code);
    cr_assert_str_eq(again, want, "%s solves as %s does", back, json);
    free(want);
    free(got);
    free(again);
    free(xlsx);
}

Test(convert, the_2016_scenario_solves_the_same_from_a_workbook)
{
    round_trip("scenarios/example-county/2016.json", "2016.xlsx", 0);
}

Test(convert, the_2017_scenario_with_extends_solves_the_same_from_a_workbook)
{
    round_trip("scenarios/example-county/2017.json", "2017.xlsx", 0);
}

Test(convert, the_plan_file_with_includes_solves_the_same_from_a_workbook)
{
    round_trip("scenarios/example-county/plan-2016-2020.json", "plan.xlsx", 0);
}

Test(convert, an_english_workbook_reads_the_same)
{
    char *xlsx = in_dir("en.xlsx");
    const char *conv[] = {
        "convert", "scenarios/example-county/2016.json", "-o", xlsx, "--lang", "en", NULL};
    rf_run_result r = rf_run_expect(conv, 0);
    rf_run_free(&r);
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(xlsx, NULL, NULL, &err);
    cr_assert_not_null(wb);
    cr_assert_str_eq(rf_xlsx_sheet_name(wb, 0), "General");
    cr_assert_str_eq(rf_xlsx_sheet_name(wb, 2), "Sites");
    rf_xlsx_free(wb);
    char *want = solve_json("scenarios/example-county/2016.json", 0);
    char *got = solve_json(xlsx, 0);
    cr_assert_str_eq(got, want);
    free(want);
    free(got);
    free(xlsx);
}

Test(convert, states_what_the_workbook_was_made_from)
{
    char *xlsx = in_dir("plan.xlsx");
    const char *conv[] = {"convert", "scenarios/example-county/plan-2016-2020.json", "-o", xlsx,
                          NULL};
    rf_run_result r = rf_run_expect(conv, 0);
    rf_run_free(&r);
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(xlsx, NULL, NULL, &err);
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    rf_xlsx_row row;
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_str_eq(row.cells[1].text, "#from");
    cr_assert(strstr(row.cells[2].text, "plan-2016-2020.json includes "
                                        "scenarios/example-county/2016.json, "
                                        "scenarios/example-county/2017.json; "
                                        "scenarios/example-county/2017.json extends "
                                        "scenarios/example-county/2016.json"),
              "%s", row.cells[2].text);
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
    free(xlsx);
}

Test(convert, refuses_an_output_that_is_neither_json_nor_xlsx)
{
    const char *argv[] = {"convert", "scenarios/example-county/2016.json", "-o", "x.csv", NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    cr_assert(strstr(r.err, "convert writes .json or .xlsx"), "%s", r.err);
    rf_run_free(&r);
    const char *none[] = {"convert", "scenarios/example-county/2016.json", NULL};
    r = rf_run_expect(none, 2);
    cr_assert(strstr(r.err, "convert needs -o FILE"), "%s", r.err);
    rf_run_free(&r);
}

/* ---- bad cells ---- */

/* Writes the 2016 scenario as a workbook with the amount at site 0's
 * costs.<key> replaced by value (a string, or a number when number). */
static char *bad_book(const char *name, const char *key, const char *value, double number)
{
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    char *path = in_dir(name);
    cJSON *tree = rf_scenario_resolve(ctx, RF_SOURCE_DIR "/scenarios/example-county/2016.json",
                                      path, &d, NULL);
    cr_assert_not_null(tree);
    cJSON *costs =
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(tree, "sites"), 0), "costs");
    rf_json_delete(ctx, cJSON_DetachItemFromObject(costs, key));
    cJSON_AddItemToObject(costs, key,
                          value ? cJSON_CreateString(value) : cJSON_CreateNumber(number));
    rf_error err = {0};
    cr_assert_eq(rf_book_write(tree, ctx, path, NULL, &err), RF_OK, "%s", err.message);
    rf_json_delete(ctx, tree);
    rf_json_ctx_free(ctx);
    rf_diags_free(&d);
    return path;
}

static void expect_solve_error(const char *path, const char *where, const char *message)
{
    const char *argv[] = {"solve", path, NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    char want[2048];
    snprintf(want, sizeof want, "relocfund: error: %s:%s: %s\n", path, where, message);
    cr_assert(strstr(r.err, want), "expected\n%s\ngot\n%s", want, r.err);
    rf_run_free(&r);
}

Test(rf_book, a_typo_in_an_amount_is_named_by_sheet_and_cell)
{
    char *p = bad_book("typo.xlsx", "housing_per_m2", "1,5OO", 0);
    expect_solve_error(p, "安置点!G3",
                       "住房单价 (housing_per_m2): \"1,5OO\" is not an amount in yuan");
    free(p);
}

Test(rf_book, an_amount_with_thousands_separators_is_read)
{
    char *a = bad_book("grouped.xlsx", "housing_per_m2", "1,500", 0);
    char *b = bad_book("plain.xlsx", "housing_per_m2", NULL, 1500);
    char *ja = solve_json(a, 0), *jb = solve_json(b, 0);
    cr_assert_str_eq(ja, jb);
    free(ja);
    free(jb);
    free(a);
    free(b);
    char *bad = bad_book("badgroup.xlsx", "housing_per_m2", "15,00", 0);
    expect_solve_error(bad, "安置点!G3",
                       "住房单价 (housing_per_m2): \"15,00\" is not an amount in yuan");
    free(bad);
}

Test(rf_book, an_amount_off_the_fen_shows_the_cell_value)
{
    char *p = bad_book("fen.xlsx", "land", NULL, 1200000.125);
    expect_solve_error(p, "安置点!M3",
                       "土地费用 (land): 1200000.125 is not a whole number of fen: an amount in "
                       "yuan has at most 2 decimals");
    free(p);
    char *noise = bad_book("noise.xlsx", "land", NULL, 0.1 + 0.2);
    char *j = solve_json(noise, 0);
    cr_assert_not_null(strstr(j, "\"land\""), "0.30000000000000004 is 0.30 yuan: rounding noise");
    free(j);
    free(noise);
}

Test(rf_book, a_value_the_loader_rejects_is_named_by_its_cell_and_column)
{
    char *p = bad_book("area.xlsx", "area_per_person_m2", NULL, -3);
    const char *argv[] = {"solve", p, NULL};
    rf_run_result r = rf_run_expect(argv, 2);
    char want[1200];
    snprintf(want, sizeof want, "%s:安置点!I3: 人均住房面积 (area_per_person_m2): ", p);
    cr_assert(strstr(r.err, want), "%s", r.err);
    rf_run_free(&r);
    free(p);
}

/* A workbook of one sheet 概况 holding rows (hand-made with libzip). */
static char *kv_book(const char *name, const char *rows)
{
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    static const char brels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/></Relationships>";
    static const char book[] =
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"概况\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"安置点\" sheetId=\"2\" "
        "r:id=\"rId2\"/></sheets></workbook>";
    char sheet[4096];
    snprintf(sheet, sizeof sheet,
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>项目</t></is></c></row>%s"
             "</sheetData></worksheet>",
             rows);
    static const char empty[] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData/></worksheet>";
    char *path = in_dir(name);
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    const char *parts[][2] = {{"_rels/.rels", rels},
                              {"xl/_rels/workbook.xml.rels", brels},
                              {"xl/workbook.xml", book},
                              {"xl/worksheets/sheet1.xml", sheet},
                              {"xl/worksheets/sheet2.xml", empty}};
    for (size_t i = 0; i < 5; i++)
        zip_file_add(z, parts[i][0], zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0), 0);
    cr_assert_eq(zip_close(z), 0);
    return path;
}

static void expect_read_error(const char *path, const char *file_suffix, const char *label,
                              const char *message)
{
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    cJSON *t = rf_book_read(ctx, path, &d);
    cr_assert_null(t);
    cr_assert_geq(d.count, 1);
    char file[1200];
    snprintf(file, sizeof file, "%s%s", path, file_suffix);
    cr_assert_str_eq(d.items[0].file, file);
    cr_assert_str_eq(d.items[0].path, label);
    cr_assert(strstr(d.items[0].message, message), "%s", d.items[0].message);
    rf_diags_free(&d);
    rf_json_ctx_free(ctx);
}

Test(rf_book, a_formula_without_its_value_says_to_save_it_in_excel)
{
    char *p = kv_book("formula.xlsx", "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>计划"
                                      "</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>plan."
                                      "registered_people</t></is></c><c r=\"C2\"><f>SUM(D2:D9)"
                                      "</f></c></row>");
    expect_read_error(p, ":概况!C2", "计划 (plan.registered_people)",
                      "the formula =SUM(D2:D9) was saved without its value; open the file in "
                      "Excel or WPS and save it");
    free(p);
}

Test(rf_book, a_count_that_is_not_whole_and_a_value_without_key_are_located)
{
    char *p = kv_book("count.xlsx", "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>plan."
                                    "registered_people</t></is></c><c r=\"C2\"><v>12.5</v></c>"
                                    "</row>");
    expect_read_error(p, ":概况!C2", "plan.registered_people", "\"12.5\" is not a whole number");
    free(p);
    p = kv_book("nokey.xlsx", "<row r=\"4\"><c r=\"C4\"><v>7</v></c></row>");
    expect_read_error(p, ":概况!C4", "", "the value has no key in column B");
    free(p);
    p = kv_book("elsewhere.xlsx", "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>sites[0].id"
                                  "</t></is></c><c r=\"C2\"><v>7</v></c></row>");
    expect_read_error(p, ":概况!B2", "", "belongs on the sheet 安置点");
    free(p);
}

Test(rf_book, a_workbook_that_is_not_a_scenario_says_how_to_get_one)
{
    char *p = in_dir("other.xlsx");
    const char *argv[] = {"template", "-o", p, NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    rf_run_free(&r);
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    cJSON *t = rf_book_read(ctx, RF_SOURCE_DIR "/docs/report-2016.png", &d);
    cr_assert_null(t);
    cr_assert(strstr(d.items[0].message, "not an XLSX workbook"), "%s", d.items[0].message);
    rf_diags_free(&d);
    rf_json_ctx_free(ctx);
    /* the empty template loads with errors that name what is missing */
    const char *solve[] = {"solve", p, NULL};
    r = rf_run_expect(solve, 2);
    cr_assert(strstr(r.err, "id: missing"), "%s", r.err);
    rf_run_free(&r);
    free(p);
}

Test(rf_read_rebase, keeps_a_reference_naming_the_same_file_from_another_folder)
{
    char *sub = in_dir("a/b");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' '%s/m' '%s/out'", sub, dir, dir);
    cr_assert_eq(system(cmd), 0);
    char from[1200], to[1200];
    snprintf(from, sizeof from, "%s/x.json", sub);
    snprintf(to, sizeof to, "%s/out/y.xlsx", dir);
    char *r = rf_read_rebase(from, "../../m/p.json", to);
    cr_assert_str_eq(r, "../m/p.json");
    free(r);
    r = rf_read_rebase(from, "p.json", from);
    cr_assert_str_eq(r, "p.json", "the same folder");
    free(r);
    r = rf_read_rebase(to, "../a/b/q.json", from);
    cr_assert_str_eq(r, "q.json");
    free(r);
    r = rf_read_rebase(from, "/etc/p.json", to);
    cr_assert_str_eq(r, "/etc/p.json", "an absolute path stays");
    free(r);
    free(sub);
}

/* ---- the template ---- */

static char *part_text(const char *path, const char *part)
{
    int e = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &e);
    cr_assert_not_null(z);
    zip_stat_t st;
    cr_assert_eq(zip_stat(z, part, 0, &st), 0, "%s has %s", path, part);
    char *buf = calloc(st.size + 1, 1);
    zip_file_t *f = zip_fopen(z, part, 0);
    cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return buf;
}

Test(template, has_a_sheet_per_part_with_notes_lists_and_formats)
{
    char *p = in_dir("county-2018.xlsx");
    const char *argv[] = {"template", "-o", p, "--policy", "models/example-county.json", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    rf_run_free(&r);
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(p, NULL, NULL, &err);
    cr_assert_not_null(wb, "%s", err.message);
    static const char *const names[] = {"概况", "资金来源", "安置点", "户型", "进度", "核对"};
    cr_assert_eq(rf_xlsx_sheet_count(wb), 6);
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(rf_xlsx_sheet_name(wb, i), names[i]);
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 1, &err);
    rf_xlsx_row row;
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_str_eq(row.cells[0].text, "资金来源");
    cr_assert_str_eq(row.cells[1].text, "到位资金");
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_str_eq(row.cells[1].text, "arrived");
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_str_eq(row.cells[0].text, "central_budget", "the policy's sources are listed");
    rf_xlsx_rows_free(rs);
    rs = rf_xlsx_rows_open(wb, 0, &err);
    bool policy = false;
    while (rf_xlsx_next_row(rs, &row, &err) == RF_XLSX_ROW)
        if (row.n_cells >= 3 && strcmp(row.cells[1].text, "policy") == 0)
            policy = strstr(row.cells[2].text, "models/example-county.json") != NULL;
    cr_assert(policy, "the policy's path, relative to the workbook");
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
    /* every header cell of the sites sheet has a note; type and source id
     * have drop-down lists; amounts a number format */
    char *general = part_text(p, "xl/comments1.xml");
    cr_assert(strstr(general, "元/平方米"), "the general sheet's rows have notes too");
    free(general);
    char *comments = part_text(p, "xl/comments3.xml");
    cr_assert(strstr(comments, "元/平方米"), "a note says the unit");
    cr_assert_eq(rf_count(comments, "<comment "), 15, "one note per header of 安置点");
    char *sites = part_text(p, "xl/worksheets/sheet3.xml");
    cr_assert(strstr(sites, "<dataValidation type=\"list\""));
    cr_assert(strstr(sites, "urban_park,township,central_village,dispersed"));
    char *sources = part_text(p, "xl/worksheets/sheet2.xml");
    cr_assert(strstr(sources, "central_budget,provincial_special"), "%s", sources);
    char *styles = part_text(p, "xl/styles.xml");
    cr_assert(strstr(styles, "#,##0.00"));
    free(comments);
    free(sites);
    free(sources);
    free(styles);
    free(p);
}

Test(template, in_english_has_english_sheets_and_refuses_other_extensions)
{
    char *p = in_dir("county.xlsx");
    const char *argv[] = {"template", "-o", p, "--lang", "en", NULL};
    rf_run_result r = rf_run_expect(argv, 0);
    rf_run_free(&r);
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(p, NULL, NULL, &err);
    cr_assert_str_eq(rf_xlsx_sheet_name(wb, 0), "General");
    cr_assert_str_eq(rf_xlsx_sheet_name(wb, 5), "Checks");
    rf_xlsx_free(wb);
    free(p);
    const char *json[] = {"template", "-o", "x.json", NULL};
    r = rf_run_expect(json, 2);
    cr_assert(strstr(r.err, "template writes .xlsx"), "%s", r.err);
    rf_run_free(&r);
}

/* s without the values of its "file" members (which name the inputs). */
static void strip_files(char *s)
{
    char *p;
    while ((p = strstr(s, "\"file\": \"")) != NULL) {
        char *end = strchr(p + 9, '"');
        cr_assert_not_null(end);
        memmove(p, end + 1, strlen(end + 1) + 1);
    }
}

Test(rf_book, a_batch_folder_of_workbooks_solves_as_its_json_twins)
{
    char *a = in_dir("a.xlsx"), *b = in_dir("b.xlsx");
    const char *c1[] = {"convert", "scenarios/example-county/2016.json", "-o", a, NULL};
    const char *c2[] = {"convert", "scenarios/example-county/2017.json", "-o", b, NULL};
    rf_run_result r = rf_run_expect(c1, 0);
    rf_run_free(&r);
    r = rf_run_expect(c2, 0);
    rf_run_free(&r);
    const char *bx[] = {"batch", dir, "--format", "json", "-j", "1", NULL};
    rf_run_result x = rf_run_expect(bx, 0);
    const char *bj[] = {"batch",
                        "scenarios/example-county/2016.json",
                        "scenarios/example-county/2017.json",
                        "--format",
                        "json",
                        "-j",
                        "1",
                        NULL};
    rf_run_result j = rf_run_expect(bj, 0);
    strip_files(x.out);
    strip_files(j.out);
    cr_assert_str_eq(x.out, j.out);
    rf_run_free(&x);
    rf_run_free(&j);
    free(a);
    free(b);
}
