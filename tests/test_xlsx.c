/* Tests of rf_xlsx: workbooks written at run time (libxlsxwriter, and by
 * hand with libzip for what libxlsxwriter never writes) read back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "rf_xlsx.h"
#include "support.h"

#ifdef RF_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

static char dir[512];

static void setup(void)
{
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-xlsx"));
}

static void teardown(void)
{
    rf_remove_tree(dir);
}

TestSuite(rf_xlsx, .init = setup, .fini = teardown);

static char *in_dir(const char *name)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* ---- hand-made workbooks ---- */

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char ROOT_RELS[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
static const char BOOK_RELS[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
static const char STYLES[] =
    "<?xml version=\"1.0\"?><styleSheet "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" "
    "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"4\"/>"
    "</cellXfs></styleSheet>";

static const char *book_xml(bool date1904)
{
    return date1904 ? "<?xml version=\"1.0\"?><workbook "
                      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                      "relationships\"><workbookPr date1904=\"1\"/><sheets>"
                      "<sheet name=\"安置点\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                    : "<?xml version=\"1.0\"?><x:workbook "
                      "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                      "relationships\"><x:sheets>"
                      "<x:sheet name=\"安置点\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets>"
                      "</x:workbook>";
}

static char *sheet_xml(const char *rows)
{
    size_t n = strlen(rows) + 300;
    char *s = malloc(n);
    snprintf(s, n,
             "<?xml version=\"1.0\"?><worksheet "
             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData>%s</sheetData></worksheet>",
             rows);
    return s;
}

/* Writes a zip of the given parts (name, text pairs, NULL-terminated);
 * a part's text may be given with a length via big/big_len for the part
 * named big_name. */
static void write_zip(const char *path, const char *const *parts, const char *big_name,
                      const char *big, size_t big_len)
{
    int e = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    cr_assert_not_null(z);
    for (size_t i = 0; parts[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        cr_assert_geq(zip_file_add(z, parts[i], src, ZIP_FL_OVERWRITE), 0);
    }
    if (big_name) {
        zip_source_t *src = zip_source_buffer(z, big, big_len, 0);
        cr_assert_geq(zip_file_add(z, big_name, src, ZIP_FL_OVERWRITE), 0);
    }
    cr_assert_eq(zip_close(z), 0);
}

/* A one-sheet workbook with the given rows and shared strings. */
static const char *hand_book(const char *name, const char *rows, const char *strings, bool date1904)
{
    char *sheet = sheet_xml(rows);
    char sst[4096];
    snprintf(sst, sizeof sst,
             "<?xml version=\"1.0\"?><sst "
             "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">%s</sst>",
             strings ? strings : "");
    const char *parts[] = {"[Content_Types].xml",
                           CONTENT_TYPES,
                           "_rels/.rels",
                           ROOT_RELS,
                           "xl/_rels/workbook.xml.rels",
                           BOOK_RELS,
                           "xl/workbook.xml",
                           book_xml(date1904),
                           "xl/styles.xml",
                           STYLES,
                           "xl/sharedStrings.xml",
                           sst,
                           "xl/worksheets/sheet1.xml",
                           sheet,
                           NULL};
    const char *path = in_dir(name);
    write_zip(path, parts, NULL, NULL, 0);
    free(sheet);
    return path;
}

static rf_xlsx *open_ok(const char *path)
{
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(path, "book.xlsx", NULL, &err);
    cr_assert_not_null(wb, "%s: %s", err.path, err.message);
    return wb;
}

/* Opens path's first sheet and expects its reading to fail with a message
 * containing what, located at where (a prefix of the error's path). */
static void expect_sheet_fails(const char *path, const char *where, const char *what)
{
    rf_xlsx *wb = open_ok(path);
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    cr_assert_not_null(rs, "%s", err.message);
    rf_xlsx_row row;
    rf_xlsx_result r;
    while ((r = rf_xlsx_next_row(rs, &row, &err)) == RF_XLSX_ROW)
        ;
    cr_assert_eq(r, RF_XLSX_FAIL);
    cr_assert_eq(err.status, RF_ERR_INPUT);
    cr_assert_str_eq(err.file, "book.xlsx");
    cr_assert(strncmp(err.path, where, strlen(where)) == 0, "path %s, expected %s", err.path,
              where);
    cr_assert(strstr(err.message, what), "message: %s", err.message);
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_FAIL, "a failed cursor stays spent");
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
}

static void expect_open_fails(const char *path, const char *where, const char *what)
{
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(path, "book.xlsx", NULL, &err);
    cr_assert_null(wb);
    cr_assert_eq(err.status, RF_ERR_INPUT);
    cr_assert(strncmp(err.path, where, strlen(where)) == 0, "path %s, expected %s", err.path,
              where);
    cr_assert(strstr(err.message, what), "message: %s", err.message);
}

Test(rf_xlsx, reads_every_kind_of_cell_of_a_hand_made_sheet)
{
    const char *path = hand_book(
        "kinds.xlsx",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><r><t>同步</t></r><r><t>搬迁</t></r>"
        "<rPh><t>とう</t></rPh></is></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>8000.5</v></c><c r=\"B3\" t=\"b\"><v>1</v></c>"
        "<c r=\"C3\" s=\"1\"><v>42651</v></c><c r=\"D3\" t=\"e\"><v>#DIV/0!</v></c>"
        "<c r=\"E3\"><f>SUM(A3:A3)</f><v>8000.5</v></c><c r=\"F3\"><f>A1</f></c>"
        "<c r=\"G3\" t=\"str\"><f>A1&amp;\"x\"</f><v>a_x000D_b</v></c>"
        "<c r=\"H3\" t=\"d\"><v>2016-10-08T12:00:00</v></c><c r=\"I3\" s=\"2\"/></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"1\"/></row>",
        "<si><t>建档立卡</t></si><si><r><t xml:space=\"preserve\">a </t></r><r><t>b</t></r></si>",
        false);
    rf_xlsx *wb = open_ok(path);
    cr_assert_eq(rf_xlsx_sheet_count(wb), 1);
    cr_assert_str_eq(rf_xlsx_sheet_name(wb, 0), "安置点");
    cr_assert_not(rf_xlsx_date1904(wb));
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    cr_assert_not_null(rs);
    rf_xlsx_row row;
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_eq(row.row, 1);
    cr_assert_eq(row.n_cells, 3);
    cr_assert_str_eq(row.cells[0].text, "建档立卡");
    cr_assert(row.cells[0].shared);
    cr_assert_str_eq(row.cells[1].text, "a b");
    cr_assert_eq(row.cells[1].col, 3);
    cr_assert_str_eq(row.cells[2].text, "同步搬迁", "phonetic runs are left out");
    cr_assert_eq(row.cells[2].type, RF_XLSX_STRING);

    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_eq(row.row, 3, "row 2 has no cells");
    cr_assert_eq(row.n_cells, 8, "the styled blank I3 is not returned");
    const rf_xlsx_cell *c = row.cells;
    cr_assert_eq(c[0].type, RF_XLSX_NUMBER);
    cr_assert_str_eq(c[0].text, "8000.5");
    cr_assert_float_eq(c[0].number, 8000.5, 1e-12);
    cr_assert_eq(c[1].type, RF_XLSX_BOOL);
    cr_assert_str_eq(c[1].text, "1");
    cr_assert_eq(c[2].type, RF_XLSX_DATE);
    cr_assert(c[2].date_ok);
    char d[16];
    cr_assert_str_eq(rf_date_format(d, c[2].day), "2016-10-08");
    cr_assert_eq(c[3].type, RF_XLSX_ERROR);
    cr_assert_str_eq(c[3].text, "#DIV/0!");
    cr_assert(c[4].formula);
    cr_assert_str_eq(c[4].formula_text, "SUM(A3:A3)");
    cr_assert_eq(c[4].type, RF_XLSX_NUMBER);
    cr_assert_str_eq(c[4].text, "8000.5");
    cr_assert_eq(c[5].type, RF_XLSX_UNCACHED);
    cr_assert_str_eq(c[5].text, "");
    cr_assert_str_eq(c[5].ref, "F3");
    cr_assert_eq(c[6].type, RF_XLSX_STRING);
    cr_assert_str_eq(c[6].text, "a\rb", "the _xHHHH_ escape is decoded");
    cr_assert_eq(c[7].type, RF_XLSX_DATE);
    cr_assert_str_eq(rf_date_format(d, c[7].day), "2016-10-08");
    cr_assert_eq(c[7].seconds, 12 * 3600);
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_END, "row 4 holds a styled blank");
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_END);
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
}

Test(rf_xlsx, counts_dates_from_1904_when_the_workbook_says_so)
{
    const char *path =
        hand_book("d1904.xlsx", "<row><c s=\"1\"><v>41189</v></c></row>", NULL, true);
    rf_xlsx *wb = open_ok(path);
    cr_assert(rf_xlsx_date1904(wb));
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    rf_xlsx_row row;
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_eq(row.cells[0].type, RF_XLSX_DATE);
    cr_assert_str_eq(row.cells[0].ref, "A1", "a cell without r is placed by its order");
    char d[16];
    cr_assert_str_eq(rf_date_format(d, row.cells[0].day), "2016-10-08");
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
}

Test(rf_xlsx_serial_date, follows_excel_in_both_systems)
{
    rf_day d;
    int32_t s;
    char b[16];
    cr_assert(rf_xlsx_serial_date(1, false, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "1900-01-01");
    cr_assert(rf_xlsx_serial_date(59, false, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "1900-02-28");
    cr_assert_not(rf_xlsx_serial_date(60, false, &d, &s), "Lotus's 29 February 1900");
    cr_assert(rf_xlsx_serial_date(61, false, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "1900-03-01");
    cr_assert(rf_xlsx_serial_date(42651.75, false, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "2016-10-08");
    cr_assert_eq(s, 18 * 3600);
    cr_assert(rf_xlsx_serial_date(42651.9999999, false, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "2016-10-09", "rounded to the second, carried");
    cr_assert_eq(s, 0);
    cr_assert(rf_xlsx_serial_date(0, true, &d, &s));
    cr_assert_str_eq(rf_date_format(b, d), "1904-01-01");
    cr_assert_not(rf_xlsx_serial_date(0, false, &d, &s));
    cr_assert_not(rf_xlsx_serial_date(-3, true, &d, &s));
    cr_assert_not(rf_xlsx_serial_date(2958466, false, &d, &s), "past 9999-12-31");
}

Test(rf_xlsx_format_is_date, tells_dates_from_numbers)
{
    cr_assert(rf_xlsx_format_is_date("yyyy\"年\"m\"月\"d\"日\""));
    cr_assert(rf_xlsx_format_is_date("[$-804]yyyy/m/d"));
    cr_assert(rf_xlsx_format_is_date("[h]:mm"));
    cr_assert(rf_xlsx_format_is_date("hh:mm:ss"));
    cr_assert_not(rf_xlsx_format_is_date("General"));
    cr_assert_not(rf_xlsx_format_is_date("#,##0.00"));
    cr_assert_not(rf_xlsx_format_is_date("0.00\"m\""), "quoted text is not a date code");
    cr_assert_not(rf_xlsx_format_is_date("[Red]0.00"));
    cr_assert_not(rf_xlsx_format_is_date("0\\d"));
    cr_assert_not(rf_xlsx_format_is_date("#,##0.00_);[Red](#,##0.00)"));
}

Test(rf_xlsx_where, names_cells_as_excel_does)
{
    char b[64], r[12];
    cr_assert_str_eq(rf_xlsx_where(b, sizeof b, "安置点", 7, 4), "安置点!D7");
    cr_assert_str_eq(rf_xlsx_where(b, sizeof b, "Sheet 1", 1, 1), "'Sheet 1'!A1");
    cr_assert_str_eq(rf_xlsx_where(b, sizeof b, "it's", 2, 28), "'it''s'!AB2");
    cr_assert_str_eq(rf_xlsx_ref(r, 1048576, 16384), "XFD1048576");
    cr_assert_str_eq(rf_xlsx_ref(r, 5, 26), "Z5");
    cr_assert_str_eq(rf_xlsx_ref(r, 5, 27), "AA5");
}

Test(rf_xlsx, refuses_what_is_not_a_workbook)
{
    char *txt = rf_write_temp(".xlsx", "id,size\n1,2\n");
    expect_open_fails(txt, "", "not an XLSX workbook");
    unlink(txt);
    free(txt);
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old workbook";
    char *xls = rf_write_temp(".xls", ole);
    expect_open_fails(xls, "", "Excel 97-2003");
    unlink(xls);
    free(xls);
    expect_open_fails(dir, "", "is a directory; expected an XLSX workbook");
    const char *no_book[] = {"_rels/.rels", "<Relationships/>", NULL};
    write_zip(in_dir("nobook.xlsx"), no_book, NULL, NULL, 0);
    expect_open_fails(in_dir("nobook.xlsx"), "_rels/.rels", "names no workbook part");
}

Test(rf_xlsx, locates_broken_parts)
{
    const char *parts[] = {"_rels/.rels",
                           ROOT_RELS,
                           "xl/_rels/workbook.xml.rels",
                           BOOK_RELS,
                           "xl/workbook.xml",
                           book_xml(false),
                           "xl/styles.xml",
                           STYLES,
                           NULL};
    write_zip(in_dir("nosheet.xlsx"), parts, NULL, NULL, 0);
    expect_open_fails(in_dir("nosheet.xlsx"), "xl/sharedStrings.xml", "has none");

    char *sheet = sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c>\n<c r=\"B1\"><v>2</v></row>");
    const char *bad_xml[] = {"_rels/.rels",
                             ROOT_RELS,
                             "xl/_rels/workbook.xml.rels",
                             BOOK_RELS,
                             "xl/workbook.xml",
                             book_xml(false),
                             "xl/styles.xml",
                             STYLES,
                             "xl/sharedStrings.xml",
                             "<sst/>",
                             "xl/worksheets/sheet1.xml",
                             sheet,
                             NULL};
    write_zip(in_dir("badxml.xlsx"), bad_xml, NULL, NULL, 0);
    expect_sheet_fails(in_dir("badxml.xlsx"), "xl/worksheets/sheet1.xml:2:", "not well-formed");
    free(sheet);

    const char *dtd[] = {"_rels/.rels",
                         "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]>"
                         "<Relationships/>",
                         NULL};
    write_zip(in_dir("dtd.xlsx"), dtd, NULL, NULL, 0);
    expect_open_fails(in_dir("dtd.xlsx"), "_rels/.rels:1:", "declares a DTD");
}

Test(rf_xlsx, locates_bad_cells_by_sheet_and_reference)
{
    expect_sheet_fails(hand_book("sst.xlsx", "<row r=\"7\"><c r=\"D7\" t=\"s\"><v>5</v></c></row>",
                                 "<si><t>x</t></si>", false),
                       "安置点!D7", "shared string \"5\", but the workbook has 1");
    expect_sheet_fails(
        hand_book("num.xlsx", "<row r=\"2\"><c r=\"B2\"><v>1,5OO</v></c></row>", NULL, false),
        "安置点!B2", "not a number");
    expect_sheet_fails(hand_book("order.xlsx",
                                 "<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"B2\"><v>2</v></c>"
                                 "</row>",
                                 NULL, false),
                       "安置点!B2", "comes after column 3");
    expect_sheet_fails(hand_book("rows.xlsx",
                                 "<row r=\"5\"><c><v>1</v></c></row><row r=\"3\"><c><v>1</v></c>"
                                 "</row>",
                                 NULL, false),
                       "xl/worksheets/sheet1.xml:1:", "row 3 comes after row 5");
    expect_sheet_fails(
        hand_book("ref.xlsx", "<row r=\"2\"><c r=\"A3\"><v>1</v></c></row>", NULL, false),
        "xl/worksheets/sheet1.xml", "not a cell of row 2");
}

Test(rf_xlsx, refuses_a_zip_bomb_and_a_part_over_its_cap)
{
    size_t n = (size_t)24 << 20;
    char *big = malloc(n);
    cr_assert_not_null(big);
    const char *head = "<?xml version=\"1.0\"?><worksheet><sheetData>";
    memset(big, ' ', n);
    memcpy(big, head, strlen(head));
    const char *parts[] = {"_rels/.rels",
                           ROOT_RELS,
                           "xl/_rels/workbook.xml.rels",
                           BOOK_RELS,
                           "xl/workbook.xml",
                           book_xml(false),
                           "xl/styles.xml",
                           STYLES,
                           "xl/sharedStrings.xml",
                           "<sst/>",
                           NULL};
    write_zip(in_dir("bomb.xlsx"), parts, "xl/worksheets/sheet1.xml", big, n);
    free(big);
    expect_sheet_fails(in_dir("bomb.xlsx"), "xl/worksheets/sheet1.xml", "zip bomb");

    rf_error err = {0};
    rf_xlsx_options small = {.max_sheet = 1 << 20};
    rf_xlsx *wb = rf_xlsx_open(in_dir("bomb.xlsx"), "book.xlsx", &small, &err);
    cr_assert_not_null(wb);
    cr_assert_null(rf_xlsx_rows_open(wb, 0, &err), "the declared size is over the cap");
    cr_assert(strstr(err.message, "over the 1048576 bytes"), "%s", err.message);
    rf_xlsx_free(wb);
}

Test(rf_xlsx, holds_the_shared_string_table_to_its_cap)
{
    /* 200,000 empty strings: 1.2 MB of XML, but 1.6 MB of offsets */
    size_t n = 200000;
    char *sst = malloc(n * 6 + 200);
    size_t w = (size_t)sprintf(sst, "<sst>");
    for (size_t i = 0; i < n; i++)
        w += (size_t)sprintf(sst + w, "<si/>");
    sprintf(sst + w, "</sst>");
    const char *parts[] = {"_rels/.rels",
                           ROOT_RELS,
                           "xl/_rels/workbook.xml.rels",
                           BOOK_RELS,
                           "xl/workbook.xml",
                           book_xml(false),
                           "xl/styles.xml",
                           STYLES,
                           "xl/worksheets/sheet1.xml",
                           "<worksheet/>",
                           NULL};
    write_zip(in_dir("many.xlsx"), parts, "xl/sharedStrings.xml", sst, strlen(sst));
    free(sst);
    rf_error err = {0};
    rf_xlsx_options small = {.max_strings = 1 << 20};
    cr_assert_null(rf_xlsx_open(in_dir("many.xlsx"), "book.xlsx", &small, &err));
    cr_assert(strstr(err.message, "shared strings take more than the 1048576 bytes"), "%s",
              err.message);
    rf_xlsx *wb = open_ok(in_dir("many.xlsx"));
    rf_xlsx_free(wb);
}

#ifdef RF_HAVE_XLSXWRITER
/* A workbook of rows rows written by libxlsxwriter (constant_memory writes
 * inline strings, otherwise shared ones). */
static void write_lxw(const char *path, int rows, bool constant_memory)
{
    lxw_workbook_options o = {.constant_memory = constant_memory, .tmpdir = dir};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "户型");
    lxw_worksheet *other = workbook_add_worksheet(wb, "Sheet 2");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/m/d");
    worksheet_write_string(ws, 0, 0, "户编号", NULL);
    worksheet_write_string(ws, 0, 1, "家庭人口", NULL);
    worksheet_write_string(ws, 0, 2, "入住日期", NULL);
    worksheet_write_string(ws, 0, 3, "拆旧协议", NULL);
    worksheet_write_string(ws, 0, 4, "合计", NULL);
    for (int r = 1; r <= rows; r++) {
        char id[32];
        snprintf(id, sizeof id, "H%06d", r);
        worksheet_write_string(ws, (lxw_row_t)r, 0, id, NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 1, r % 9 + 1, NULL);
        lxw_datetime dt = {2016, 10, 8, 0, 0, 0};
        worksheet_write_datetime(ws, (lxw_row_t)r, 2, &dt, date);
        worksheet_write_boolean(ws, (lxw_row_t)r, 3, r % 2, NULL);
        char f[64];
        snprintf(f, sizeof f, "=B%d*2", r + 1);
        worksheet_write_formula_num(ws, (lxw_row_t)r, 4, f, NULL, (r % 9 + 1) * 2);
    }
    worksheet_write_string(other, 0, 0, "x", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
}

static void read_lxw(bool constant_memory)
{
    const char *path = in_dir(constant_memory ? "lxw-cm.xlsx" : "lxw.xlsx");
    int rows = 3000;
    write_lxw(path, rows, constant_memory);
    rf_xlsx *wb = open_ok(path);
    cr_assert_eq(rf_xlsx_sheet_count(wb), 2);
    cr_assert_eq(rf_xlsx_sheet_find(wb, "sheet 2"), 1, "sheet names ignore ASCII case");
    cr_assert_eq(rf_xlsx_sheet_find(wb, "户型"), 0);
    cr_assert_eq(rf_xlsx_sheet_find(wb, "无"), -1);
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    cr_assert_not_null(rs);
    cr_assert_str_eq(rf_xlsx_rows_sheet(rs), "户型");
    rf_xlsx_row row;
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW);
    cr_assert_str_eq(row.cells[1].text, "家庭人口");
    for (int r = 1; r <= rows; r++) {
        cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_ROW, "%s", err.message);
        cr_assert_eq(row.row, (uint32_t)r + 1);
        cr_assert_eq(row.n_cells, 5);
        char id[32], d[16];
        snprintf(id, sizeof id, "H%06d", r);
        cr_assert_str_eq(row.cells[0].text, id);
        cr_assert_eq(row.cells[0].shared, !constant_memory);
        cr_assert_eq(row.cells[1].number, r % 9 + 1);
        cr_assert_eq(row.cells[2].type, RF_XLSX_DATE);
        cr_assert_str_eq(rf_date_format(d, row.cells[2].day), "2016-10-08");
        cr_assert_eq(row.cells[3].type, RF_XLSX_BOOL);
        cr_assert_eq(row.cells[3].number, r % 2);
        cr_assert(row.cells[4].formula);
        cr_assert_eq(row.cells[4].number, (r % 9 + 1) * 2);
    }
    cr_assert_eq(rf_xlsx_next_row(rs, &row, &err), RF_XLSX_END);
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
}

Test(rf_xlsx, reads_back_what_libxlsxwriter_writes_with_shared_strings)
{
    read_lxw(false);
}

Test(rf_xlsx, reads_back_what_libxlsxwriter_writes_with_inline_strings)
{
    read_lxw(true);
}

Test(rf_xlsx, keeps_two_cursors_on_one_workbook_apart)
{
    const char *path = in_dir("two.xlsx");
    write_lxw(path, 10, false);
    rf_xlsx *wb = open_ok(path);
    rf_error err = {0};
    rf_xlsx_rows *a = rf_xlsx_rows_open(wb, 0, &err), *b = rf_xlsx_rows_open(wb, 1, &err);
    rf_xlsx_row ra, rb;
    cr_assert_eq(rf_xlsx_next_row(a, &ra, &err), RF_XLSX_ROW);
    cr_assert_eq(rf_xlsx_next_row(b, &rb, &err), RF_XLSX_ROW);
    cr_assert_str_eq(ra.cells[0].text, "户编号");
    cr_assert_str_eq(rb.cells[0].text, "x");
    cr_assert_eq(rf_xlsx_next_row(b, &rb, &err), RF_XLSX_END);
    cr_assert_eq(rf_xlsx_next_row(a, &ra, &err), RF_XLSX_ROW);
    cr_assert_str_eq(ra.cells[0].text, "H000001");
    rf_xlsx_rows_free(a);
    rf_xlsx_rows_free(b);
    rf_xlsx_free(wb);
}
#endif
