/* rf_emit_md: the Markdown emitter: headings, paragraphs and GFM tables to paste into a report. */
#include "rf_emit.h"

#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"

/* A column is right-aligned when every non-empty cell in it is a number. */
static bool numeric_column(const rf_table *t, size_t c)
{
    bool any = false;
    for (size_t r = 0; r < t->n_rows; r++) {
        rf_cell_kind k = t->cells[r * t->n_cols + c].kind;
        if (k == RF_CELL_EMPTY)
            continue;
        if (!rf_cell_is_number(k))
            return false;
        any = true;
    }
    return any;
}

/* Writes one GFM table: a bold title line, the header, the alignment row
 * and the rows.  Flagged cells and the total row are bold. */
static void emit_table(const rf_table *t, const rf_cell_style *base, FILE *out)
{
    char buf[256];
    size_t nc = t->n_cols;
    rf_cell_style *st = nc ? rf_emit_column_styles(t, base) : NULL;
    if (!st)
        return;
    fputs("**", out);
    rf_md_cell(out, t->title);
    fputs("**\n\n|", out);
    for (size_t c = 0; c < nc; c++) {
        fputc(' ', out);
        rf_md_cell(out, t->headers[c]);
        fputs(" |", out);
    }
    fputs("\n|", out);
    for (size_t c = 0; c < nc; c++)
        fputs(numeric_column(t, c) ? " ---: |" : " --- |", out);
    fputc('\n', out);
    for (size_t r = 0; r < t->n_rows; r++) {
        bool total = t->has_total && r + 1 == t->n_rows;
        fputc('|', out);
        for (size_t c = 0; c < nc; c++) {
            const rf_cell *cell = &t->cells[r * nc + c];
            rf_cell_format(cell, &st[c], buf, sizeof buf);
            bool bold = (total || cell->flag) && buf[0];
            fputc(' ', out);
            if (bold)
                fputs("**", out);
            rf_md_cell(out, buf);
            if (bold)
                fputs("**", out);
            if (cell->flag && buf[0])
                fputs(" !", out);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    free(st);
}

rf_status rf_emit_md(const rf_doc *d, const rf_emit_options *o, FILE *out)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    fputs("# ", out);
    rf_md_cell(out, d->title);
    fputs("\n\n", out);
    if (d->subtitle) {
        rf_md_line(out, d->subtitle);
        fputs("\n\n", out);
    }
    rf_cell_style base = rf_emit_style(d, o, true);
    fprintf(out, "%s\n\n", rf_emit_unit(d, o));
    for (size_t i = 0; i < d->n_sections; i++) {
        const rf_section *s = &d->sections[i];
        if (s->n_paragraphs == 0 && s->n_tables == 0)
            continue; /* charts only: drawn in HTML */
        fputs("## ", out);
        rf_md_cell(out, s->heading);
        fputs("\n\n", out);
        /* Indented paragraphs are details of the one before: a list. */
        for (size_t k = 0; k < s->n_paragraphs; k++) {
            char *p = rf_doc_expand(s->paragraphs[k], &base);
            if (!p)
                return RF_ERR_SOLVER;
            size_t lead = strspn(p, " \t");
            if (lead) {
                fputs("- ", out);
                rf_md_cell(out, p + lead);
            } else {
                rf_md_line(out, p);
            }
            fputs("\n", out);
            bool next_item = k + 1 < s->n_paragraphs && strspn(s->paragraphs[k + 1], " \t");
            if (!(lead && next_item))
                fputc('\n', out);
            free(p);
        }
        for (size_t k = 0; k < s->n_tables; k++)
            emit_table(s->tables[k], &base, out);
    }
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
