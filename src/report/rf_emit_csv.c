/* rf_emit_csv: the CSV emitter: every table of a document in one RFC 4180 file.
 *
 * Layout (docs/report-formats.md): the report title, the subtitle and the
 * unit, each on a line of its own; then, for each table, an empty line, a
 * line holding the table's title, the header row and the data rows.  Lines
 * end in CRLF; text is UTF-8, optionally after a byte order mark so that
 * Excel recognises it.  Numbers are written without grouping (万元 exactly,
 * or yuan with two decimals; percentages as "79.1%"), so spreadsheets read
 * them as numbers. */
#include "rf_emit.h"

#include <stdlib.h>

#include "rf_escape.h"

static void emit_line(FILE *out, const char *text)
{
    rf_csv_field(out, text, true);
    fputs("\r\n", out);
}

static void emit_table(const rf_table *t, const rf_cell_style *base, FILE *out)
{
    char buf[256];
    rf_cell_style *st = rf_emit_column_styles(t, base);
    if (!st)
        return;
    fputs("\r\n", out);
    emit_line(out, t->title);
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c)
            fputc(',', out);
        rf_csv_field(out, t->headers[c], true);
    }
    fputs("\r\n", out);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const rf_cell *cell = &t->cells[r * t->n_cols + c];
            if (c)
                fputc(',', out);
            rf_cell_format(cell, &st[c], buf, sizeof buf);
            /* Only text can look like a formula; numbers are ours. */
            rf_csv_field(out, buf, cell->kind == RF_CELL_TEXT);
        }
        fputs("\r\n", out);
    }
    free(st);
}

rf_status rf_emit_csv(const rf_doc *d, const rf_emit_options *o, FILE *out)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    if (o->excel_bom)
        fputs("\xEF\xBB\xBF", out);
    emit_line(out, d->title);
    if (d->subtitle)
        emit_line(out, d->subtitle);
    /* Exact amounts, without grouping: a spreadsheet reads them as numbers
     * and its sums agree with ours to the fen. */
    rf_emit_options exact = *o;
    exact.exact = true;
    rf_cell_style base = rf_emit_style(d, &exact, false);
    emit_line(out, rf_emit_unit(d, o));
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_tables; k++)
            emit_table(d->sections[i].tables[k], &base, out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
