/* rf_roster_sheet: a roster's first worksheet (.xlsx or .xls) as the CSV rf_roster reads. */
#include "rf_roster_sheet.h"

#include <freexl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_date.h"
#include "rf_escape.h"
#include "rf_money.h"
#include "rf_xlsx.h"

rf_roster_sheet_kind rf_roster_sheet_kind_of(int fd)
{
    unsigned char head[8];
    if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head)
        return RF_ROSTER_SHEET_NONE;
    if (memcmp(head, "PK\x03\x04", 4) == 0)
        return RF_ROSTER_SHEET_XLSX;
    if (memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return RF_ROSTER_SHEET_XLS;
    return RF_ROSTER_SHEET_NONE;
}

/* A number cell's text: text itself when it has at most two decimals, else
 * value rounded to two when it is within floating-point noise of that,
 * else text (which the column then refuses).  Writes into buf; returns the
 * text to use. */
static const char *number_text(char buf[64], const char *text, double value)
{
    int64_t exact;
    if (!text || rf_decimal_parse(text, strlen(text), 2, INT64_MAX / 4, &exact) || !isfinite(value))
        return text;
    double centi = value * 100, whole = nearbyint(centi);
    if (fabs(centi - whole) > 1e-6 * fmax(1, fabs(centi)) || fabs(whole) > 9e15)
        return text;
    int64_t c = (int64_t)whole;
    uint64_t a = c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c;
    snprintf(buf, 64, "%s%llu.%02llu", c < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
    return buf;
}

/* Writes `count` empty fields' commas. */
static void commas(FILE *out, size_t count)
{
    for (size_t i = 0; i < count; i++)
        fputc(',', out);
}

/* ---- .xlsx ---------------------------------------------------------------- */

/* One cell as text (see the header); buf for numbers and dates. */
static const char *xlsx_text(char buf[64], const rf_xlsx_cell *c)
{
    switch (c->type) {
    case RF_XLSX_NUMBER:
        return number_text(buf, c->text, c->number);
    case RF_XLSX_DATE:
        return c->date_ok ? rf_date_format(buf, c->day) : c->text;
    case RF_XLSX_BOOL:
        return c->number != 0 ? "yes" : "no";
    case RF_XLSX_UNCACHED:
        snprintf(buf, 64, "=%.60s", c->formula_text);
        return buf;
    default:
        return c->text;
    }
}

static bool xlsx_to_csv(const char *path, const char *name, FILE *out, rf_error *err)
{
    rf_xlsx *wb = rf_xlsx_open(path, name, NULL, err);
    if (!wb)
        return false;
    if (rf_xlsx_sheet_count(wb) == 0) {
        rf_error_set(err, RF_ERR_INPUT, name, 0, 0, NULL,
                     "the workbook has no worksheet; expected the roster on its first sheet");
        rf_xlsx_free(wb);
        return false;
    }
    rf_xlsx_rows *rows = rf_xlsx_rows_open(wb, 0, err);
    bool ok = rows != NULL;
    uint32_t width = 0, last = 0;
    for (;;) {
        rf_xlsx_row row;
        rf_xlsx_result res = ok ? rf_xlsx_next_row(rows, &row, err) : RF_XLSX_FAIL;
        if (res != RF_XLSX_ROW) {
            ok = res == RF_XLSX_END;
            break;
        }
        if (last == 0) /* the header */
            width = row.cells[row.n_cells - 1].col;
        for (uint32_t r = last + 1; last > 0 && r < row.row; r++)
            fputc('\n', out); /* a blank row */
        uint32_t col = 1;
        for (size_t i = 0; i < row.n_cells; i++) {
            const rf_xlsx_cell *c = &row.cells[i];
            char buf[64];
            const char *text = xlsx_text(buf, c);
            if (c->col > width && !*text)
                continue;
            commas(out, c->col - col);
            col = c->col;
            rf_csv_field(out, text, false);
        }
        if (col < width)
            commas(out, width - col);
        fputc('\n', out);
        last = row.row;
    }
    rf_xlsx_rows_free(rows);
    rf_xlsx_free(wb);
    return ok;
}

/* ---- .xls ----------------------------------------------------------------- */

static bool xls_to_csv(const char *path, const char *name, FILE *out, rf_error *err)
{
    const void *h = NULL;
    int rc = freexl_open(path, &h);
    unsigned int sheets = 0, rows = 0;
    unsigned short cols = 0;
    if (rc == FREEXL_OK)
        rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &sheets);
    if (rc == FREEXL_OK && sheets == 0) {
        freexl_close(h);
        return rf_error_set(err, RF_ERR_INPUT, name, 0, 0, NULL,
                            "the workbook has no worksheet; expected the roster on its first "
                            "sheet"),
               false;
    }
    if (rc == FREEXL_OK)
        rc = freexl_select_active_worksheet(h, 0);
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(h, &rows, &cols);
    bool header = false;
    unsigned width = 0;
    for (unsigned int r = 0; rc == FREEXL_OK && r < rows; r++) {
        unsigned col = 1, written = 0; /* as in xlsx_to_csv: 1-based */
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            if ((rc = freexl_get_cell_value(h, r, c, &v)) != FREEXL_OK)
                break;
            char buf[64], exact[64];
            const char *text = "";
            if (v.type == FREEXL_CELL_INT) {
                snprintf(buf, sizeof buf, "%d", v.value.int_value);
                text = buf;
            } else if (v.type == FREEXL_CELL_DOUBLE) {
                snprintf(exact, sizeof exact, "%.17g", v.value.double_value);
                text = number_text(buf, exact, v.value.double_value);
            } else if (v.type == FREEXL_CELL_DATETIME) { /* "YYYY-MM-DD HH:MM:SS": the day */
                snprintf(buf, sizeof buf, "%.10s", v.value.text_value);
                text = buf;
            } else if (v.type != FREEXL_CELL_NULL && v.value.text_value) {
                text = v.value.text_value; /* text, a date as YYYY-MM-DD, a time */
            }
            if (!*text)
                continue;
            commas(out, c + 1u - col);
            col = c + 1u;
            rf_csv_field(out, text, false);
            written++;
        }
        if (!header && written == 0)
            continue; /* rows above the header */
        if (!header)
            width = col;
        else if (col < width)
            commas(out, width - col);
        fputc('\n', out);
        header = true;
    }
    if (h)
        freexl_close(h);
    if (rc != FREEXL_OK)
        return rf_error_set(err, RF_ERR_INPUT, name, 0, 0, NULL,
                            "cannot read the Excel 97-2003 workbook (FreeXL error %d%s); save it "
                            "as .xlsx or CSV UTF-8",
                            rc, rc == FREEXL_CRAFTED_FILE ? ": a damaged file" : ""),
               false;
    return true;
}

bool rf_roster_sheet_to_csv(const char *path, const char *name, rf_roster_sheet_kind kind,
                            FILE *out, rf_error *err)
{
    bool ok = kind == RF_ROSTER_SHEET_XLSX ? xlsx_to_csv(path, name, out, err)
                                           : xls_to_csv(path, name, out, err);
    if (ok && (fflush(out) != 0 || ferror(out)))
        return rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL,
                            "cannot write the roster's CSV to a temporary file"),
               false;
    return ok;
}
