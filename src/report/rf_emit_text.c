/* rf_emit_text: the plain-text emitter, aligned for a terminal. */
#include "rf_emit.h"

#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"

/* Decodes one UTF-8 code point at s (advancing *s); invalid bytes count as
 * one narrow character. */
static unsigned decode(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) {
        (*s)++;
        return 0xFFFD;
    }
    unsigned cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *s = p + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    *s = p + n + 1;
    return cp;
}

static int cp_width(unsigned cp)
{
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t rf_text_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p)
        w += (size_t)cp_width(decode(&p));
    return w;
}

static void pad(FILE *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(' ', out);
}

static void emit_table(const rf_table *t, const rf_cell_style *base, FILE *out)
{
    size_t nc = t->n_cols;
    size_t *width = calloc(nc ? nc : 1, sizeof *width);
    rf_cell_style *st = rf_emit_column_styles(t, base);
    char buf[256];
    if (!width || !st) {
        free(width);
        free(st);
        return;
    }
    for (size_t c = 0; c < nc; c++)
        width[c] = rf_text_width(t->headers[c]);
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < nc; c++) {
            const rf_cell *cell = &t->cells[r * nc + c];
            size_t w = rf_text_width(rf_cell_format(cell, &st[c], buf, sizeof buf)) +
                       (cell->flag ? 1 : 0);
            if (w > width[c])
                width[c] = w;
        }
    rf_text_safe(out, t->title, true);
    fputc('\n', out);
    for (size_t c = 0; c < nc; c++) {
        size_t w = rf_text_width(t->headers[c]);
        if (c)
            fputs("  ", out);
        rf_text_safe(out, t->headers[c], true);
        if (c + 1 < nc)
            pad(out, width[c] - w);
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->n_rows; r++) {
        if (t->has_total && r + 1 == t->n_rows) {
            size_t total = 0;
            for (size_t c = 0; c < nc; c++)
                total += width[c] + (c ? 2 : 0);
            for (size_t i = 0; i < total; i++)
                fputc('-', out);
            fputc('\n', out);
        }
        for (size_t c = 0; c < nc; c++) {
            const rf_cell *cell = &t->cells[r * nc + c];
            rf_cell_format(cell, &st[c], buf, sizeof buf);
            size_t w = rf_text_width(buf) + (cell->flag ? 1 : 0);
            if (c)
                fputs("  ", out);
            if (rf_cell_is_number(cell->kind)) {
                pad(out, width[c] - w);
                fputs(buf, out);
                if (cell->flag)
                    fputc('!', out);
            } else {
                rf_text_safe(out, buf, true);
                if (cell->flag)
                    fputc('!', out);
                if (c + 1 < nc)
                    pad(out, width[c] - w);
            }
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    free(width);
    free(st);
}

const rf_emit_options RF_EMIT_DEFAULTS = {0};

const char *rf_emit_unit(const rf_doc *d, const rf_emit_options *o)
{
    if (d->chinese)
        return o->yuan ? "金额单位：元" : "金额单位：万元";
    return o->yuan ? "Amounts in yuan (元)." : "Amounts in 万元 (10,000 yuan).";
}

rf_cell_style rf_emit_style(const rf_doc *d, const rf_emit_options *o, bool grouping)
{
    return (rf_cell_style){.yuan = o->yuan,
                           .exact = o->exact,
                           .grouping = grouping,
                           .chinese = d->chinese,
                           .money_decimals = -1,
                           .area_decimals = -1};
}

rf_cell_style *rf_emit_column_styles(const rf_table *t, const rf_cell_style *base)
{
    rf_cell_style *st = malloc((t->n_cols ? t->n_cols : 1) * sizeof *st);
    if (st)
        for (size_t c = 0; c < t->n_cols; c++)
            st[c] = rf_table_style(t, c, base);
    return st;
}

rf_status rf_emit_text(const rf_doc *d, const rf_emit_options *o, FILE *out)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    rf_cell_style base = rf_emit_style(d, o, true);
    rf_text_safe(out, d->title, true);
    fputc('\n', out);
    if (d->subtitle) {
        rf_text_safe(out, d->subtitle, true);
        fputc('\n', out);
    }
    fprintf(out, "%s\n\n", rf_emit_unit(d, o));
    for (size_t i = 0; i < d->n_sections; i++) {
        const rf_section *s = &d->sections[i];
        if (s->n_paragraphs == 0 && s->n_tables == 0)
            continue; /* charts only: nothing to show in text */
        fputs("== ", out);
        rf_text_safe(out, s->heading, true);
        fputs(" ==\n", out);
        for (size_t k = 0; k < s->n_paragraphs; k++) {
            /* Amount marks are written out first; what is left is the
             * document's text, made safe for a terminal. */
            char *p = rf_doc_expand(s->paragraphs[k], &base);
            if (!p)
                return RF_ERR_SOLVER;
            rf_text_safe(out, p, true);
            fputc('\n', out);
            free(p);
        }
        if (s->n_paragraphs)
            fputc('\n', out);
        for (size_t k = 0; k < s->n_tables; k++)
            emit_table(s->tables[k], &base, out);
    }
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
