/* relocfund-xlsx: a bench tool for rf_xlsx, the streaming XLSX reader.
 *   relocfund-xlsx gen ROWS OUT.xlsx [inline]
 *                                       a roster-like workbook of ROWS
 *                                       households (libxlsxwriter; shared
 *                                       strings as Excel writes them, or
 *                                       inline strings in its constant-
 *                                       memory mode)
 *   relocfund-xlsx time FILE.xlsx       reads every row of the first sheet:
 *                                       rows, cells, seconds, rows a second
 *   relocfund-xlsx html FILE.xlsx SHEET one sheet as an HTML table (the
 *                                       header notes marked), for a
 *                                       screenshot of a workbook */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_clock.h"
#include "rf_escape.h"
#include "rf_xlsx.h"

#ifdef RF_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

static int gen(long rows, const char *path, bool inline_strings)
{
#ifdef RF_HAVE_XLSXWRITER
    lxw_workbook_options o = {.constant_memory = inline_strings};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "roster");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/m/d");
    static const char *const heads[] = {"户编号",   "安置点编号", "搬迁类型",
                                        "家庭人口", "住房面积",   "自筹资金",
                                        "入住日期", "拆旧协议",   "拆旧日期"};
    for (lxw_col_t c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, c, heads[c], NULL);
    for (long r = 1; r <= rows; r++) {
        char id[32], site[16];
        snprintf(id, sizeof id, "H%08ld", r);
        snprintf(site, sizeof site, "S%02ld", r % 40 + 1);
        lxw_row_t row = (lxw_row_t)r;
        worksheet_write_string(ws, row, 0, id, NULL);
        worksheet_write_string(ws, row, 1, site, NULL);
        worksheet_write_string(ws, row, 2, r % 3 ? "建档立卡" : "同步搬迁", NULL);
        worksheet_write_number(ws, row, 3, (double)(r % 7 + 1), NULL);
        worksheet_write_number(ws, row, 4, (double)(r % 7 + 1) * 25, NULL);
        worksheet_write_number(ws, row, 5, (double)(r % 10000) + 0.5, NULL);
        lxw_datetime moved = {2016 + (int)(r % 3), (int)(r % 12) + 1, (int)(r % 28) + 1, 0, 0, 0};
        worksheet_write_datetime(ws, row, 6, &moved, date);
        worksheet_write_string(ws, row, 7, r % 5 ? "是" : "否", NULL);
        if (r % 4 == 0)
            worksheet_write_datetime(ws, row, 8, &moved, date);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
#else
    (void)rows, (void)path, (void)inline_strings;
    fprintf(stderr, "relocfund-xlsx: built without libxlsxwriter\n");
    return 1;
#endif
}

static int time_read(const char *path)
{
    double t0 = rf_clock_now();
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(path, NULL, NULL, &err);
    if (!wb) {
        fprintf(stderr, "relocfund-xlsx: %s: %s: %s\n", err.file, err.path, err.message);
        return 2;
    }
    double t1 = rf_clock_now();
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, 0, &err);
    rf_xlsx_row row;
    rf_xlsx_result r;
    long rows = 0, cells = 0;
    double sum = 0;
    while (rs && (r = rf_xlsx_next_row(rs, &row, &err)) == RF_XLSX_ROW) {
        rows++;
        cells += (long)row.n_cells;
        for (size_t i = 0; i < row.n_cells; i++)
            sum += row.cells[i].len; /* touch every cell */
    }
    double t2 = rf_clock_now();
    int code = rs && r == RF_XLSX_END ? 0 : 2;
    if (code)
        fprintf(stderr, "relocfund-xlsx: %s: %s: %s\n", err.file, err.path, err.message);
    printf("%ld rows, %ld cells (%.0f bytes of text); open %.3f s (shared strings), rows %.3f "
           "s; %.0f rows/s\n",
           rows, cells, sum, t1 - t0, t2 - t1, rows / (t2 - t1));
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
    return code;
}

static int html(const char *path, const char *sheet)
{
    rf_error err = {0};
    rf_xlsx *wb = rf_xlsx_open(path, NULL, NULL, &err);
    long s = wb ? rf_xlsx_sheet_find(wb, sheet) : -1;
    if (s < 0) {
        fprintf(stderr, "relocfund-xlsx: %s: %s\n", path, wb ? "no such sheet" : err.message);
        rf_xlsx_free(wb);
        return 2;
    }
    printf("<!doctype html><meta charset=\"utf-8\"><style>body{font:13px sans-serif;margin:0}"
           "nav{background:#eee;padding:4px 8px}nav span{padding:3px 10px;margin-right:2px;"
           "border:1px solid #bbb;background:#f8f8f8}nav span.on{background:#fff;"
           "font-weight:bold;border-bottom-color:#fff}table{border-collapse:collapse}"
           "td,th{border:1px solid #d0d0d0;padding:2px 6px;white-space:nowrap}"
           "th.r,th.c{background:#f0f0f0;color:#666;font-weight:normal}"
           "tr.h td{background:#ddebf7;font-weight:bold;position:relative}"
           "tr.h td:after{content:'';position:absolute;top:0;right:0;border-left:6px solid "
           "transparent;border-top:6px solid #c00}tr.k td{color:#888;font-style:italic}"
           "td.n{text-align:right}</style><nav>");
    for (size_t i = 0; i < rf_xlsx_sheet_count(wb); i++) {
        printf("<span%s>", (long)i == s ? " class=\"on\"" : "");
        rf_html_text(stdout, rf_xlsx_sheet_name(wb, i));
        printf("</span>");
    }
    printf("</nav><table>");
    rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, (size_t)s, &err);
    rf_xlsx_row row;
    uint32_t width = 0;
    bool table = false;
    while (rs && rf_xlsx_next_row(rs, &row, &err) == RF_XLSX_ROW) {
        if (!width) {
            width = row.cells[row.n_cells - 1].col;
            printf("<tr><th class=\"c\"></th>");
            for (uint32_t c = 1; c <= width; c++) {
                char ref[12];
                rf_xlsx_ref(ref, 1, c);
                ref[strcspn(ref, "0123456789")] = '\0';
                printf("<th class=\"c\">%s</th>", ref);
            }
            printf("</tr>");
        }
        if (row.row == 2 && row.cells[0].col == 1 &&
            (strcmp(row.cells[0].text, "id") == 0 || strcmp(row.cells[0].text, "site") == 0))
            table = true; /* the key row of a table sheet */
        printf("<tr class=\"%s\"><th class=\"r\">%u</th>",
               row.row == 1              ? "h"
               : (table && row.row == 2) ? "k"
                                         : "",
               row.row);
        size_t i = 0;
        for (uint32_t c = 1; c <= width; c++) {
            const rf_xlsx_cell *cell =
                i < row.n_cells && row.cells[i].col == c ? &row.cells[i++] : NULL;
            bool num = cell && cell->type == RF_XLSX_NUMBER;
            printf("<td%s>", num ? " class=\"n\"" : "");
            if (cell)
                rf_html_text(stdout, cell->text);
            printf("</td>");
        }
        printf("</tr>");
    }
    printf("</table>\n");
    rf_xlsx_rows_free(rs);
    rf_xlsx_free(wb);
    return 0;
}

int main(int argc, char **argv)
{
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "gen") == 0)
        return gen(strtol(argv[2], NULL, 10), argv[3], argc == 5 && strcmp(argv[4], "inline") == 0);
    if (argc == 3 && strcmp(argv[1], "time") == 0)
        return time_read(argv[2]);
    if (argc == 4 && strcmp(argv[1], "html") == 0)
        return html(argv[2], argv[3]);
    fprintf(stderr,
            "usage: relocfund-xlsx gen ROWS OUT.xlsx [inline] | time FILE.xlsx | html FILE.xlsx "
            "SHEET\n");
    return 2;
}
