/* rf_emit_xlsx: the Excel workbook emitter (libxlsxwriter): a summary sheet, then a sheet per table.
 *
 * Numbers are written as numbers with number formats, never as text: money
 * in 万元 with as many decimals as its column shows in text (at most four,
 * to the yuan, or six with exact; the exact value stays in the cell), or in
 * yuan as "#,##0.00"; counts as "#,##0", rates as fractions shown "0.0%",
 * areas in m² with their column's decimals.  A total row holds SUM
 * formulas with their values cached, so a planner who edits a cell sees
 * the total move.  Sheet names come from table titles in the report's
 * language (Excel's rules: at most 31 characters, none of []:*?/\,
 * unique ignoring case). */
#include "rf_emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef RF_HAVE_XLSXWRITER
#include <xlsxwriter.h>

#define L(zh, en) (d->chinese ? (zh) : (en))
#define MAX_SHEET_NAME 31
#define N_PERCENT 5 /* percent formats with 0..4 decimals */
#define N_MONEY 7   /* money formats with 0..6 decimals */
#define N_AREA 3    /* area formats with 0..2 decimals */

/* Format slots: text, count, yuan, then money, area and percent by decimals. */
enum {
    SLOT_TEXT,
    SLOT_COUNT,
    SLOT_YUAN,
    SLOT_MONEY,
    SLOT_AREA = SLOT_MONEY + N_MONEY,
    SLOT_PERCENT = SLOT_AREA + N_AREA,
    N_SLOTS = SLOT_PERCENT + N_PERCENT
};

typedef struct {
    lxw_format *cell[N_SLOTS][2][2]; /* [slot][bold][flag] */
    lxw_format *header, *title, *heading, *wrap, *link;
} formats;

/* "#,##0" followed by `decimals` zeros after a point. */
static const char *fixed_format(char buf[32], int decimals)
{
    snprintf(buf, 32, "#,##0%s%.*s", decimals > 0 ? "." : "", decimals, "000000");
    return buf;
}

static void make_formats(lxw_workbook *wb, formats *f)
{
    char num[32];
    for (int s = 0; s < N_SLOTS; s++)
        for (int bold = 0; bold < 2; bold++)
            for (int flag = 0; flag < 2; flag++) {
                lxw_format *x = workbook_add_format(wb);
                if (!x)
                    continue;
                if (s == SLOT_COUNT)
                    format_set_num_format(x, "#,##0");
                else if (s == SLOT_YUAN)
                    format_set_num_format(x, "#,##0.00");
                else if (s >= SLOT_MONEY && s < SLOT_AREA)
                    format_set_num_format(x, fixed_format(num, s - SLOT_MONEY));
                else if (s >= SLOT_AREA && s < SLOT_PERCENT)
                    format_set_num_format(x, fixed_format(num, s - SLOT_AREA));
                else if (s >= SLOT_PERCENT) {
                    static const char *const pct[N_PERCENT] = {"0%", "0.0%", "0.00%", "0.000%",
                                                               "0.0000%"};
                    format_set_num_format(x, pct[s - SLOT_PERCENT]);
                }
                if (bold) {
                    format_set_bold(x);
                    format_set_top(x, LXW_BORDER_THIN);
                }
                if (flag) {
                    format_set_font_color(x, 0xA4161A);
                    format_set_bg_color(x, 0xFDE2E0);
                    format_set_bold(x);
                }
                f->cell[s][bold][flag] = x;
            }
    f->header = workbook_add_format(wb);
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xEEF2F6);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_align(f->header, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->header);
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    f->heading = workbook_add_format(wb);
    format_set_bold(f->heading);
    format_set_font_size(f->heading, 12);
    f->wrap = workbook_add_format(wb);
    format_set_indent(f->wrap, 1);
    f->link = workbook_add_format(wb);
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f->link, 0x2F6DB5);
}

/* Bytes of the first `chars` UTF-8 characters of s (at most strlen(s)). */
static size_t utf8_prefix(const char *s, size_t chars)
{
    size_t i = 0;
    while (s[i] && chars > 0) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* Makes a valid sheet name from id into out (at least 4 * 31 + 1 bytes),
 * unique against the first n names of used (compared ignoring case). */
static void sheet_name(const char *id, char used[][4 * MAX_SHEET_NAME + 1], size_t n, char *out)
{
    char base[4 * MAX_SHEET_NAME + 1];
    size_t len = utf8_prefix(id, MAX_SHEET_NAME);
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        base[o++] = strchr("[]:*?/\\", id[i]) ? '_' : id[i];
    base[o] = '\0';
    while (o > 0 && base[o - 1] == '\'')
        base[--o] = '\0';
    char *start = base;
    while (*start == '\'')
        start++;
    if (!*start)
        start = "table";
    for (unsigned k = 1;; k++) {
        if (k == 1) {
            snprintf(out, 4 * MAX_SHEET_NAME + 1, "%s", start);
        } else {
            char suffix[16];
            int sl = snprintf(suffix, sizeof suffix, "~%u", k);
            size_t keep = utf8_prefix(start, MAX_SHEET_NAME - (size_t)sl);
            snprintf(out, 4 * MAX_SHEET_NAME + 1, "%.*s%s", (int)keep, start, suffix);
        }
        bool taken = same_name(out, "History");
        for (size_t i = 0; i < n && !taken; i++)
            taken = same_name(out, used[i]);
        if (!taken)
            return;
    }
}

static int clamp(int v, int hi)
{
    return v < 0 ? 0 : v > hi ? hi : v;
}

static int slot_of(const rf_cell *c, const rf_cell_style *st)
{
    switch (c->kind) {
    case RF_CELL_MONEY:
        return st->yuan ? SLOT_YUAN : SLOT_MONEY + clamp(st->money_decimals, N_MONEY - 1);
    case RF_CELL_COUNT:
        return SLOT_COUNT;
    case RF_CELL_AREA:
        return SLOT_AREA + clamp(st->area_decimals, N_AREA - 1);
    case RF_CELL_YUAN:
        return SLOT_YUAN;
    case RF_CELL_PERCENT:
        return SLOT_PERCENT + clamp(c->decimals, N_PERCENT - 1);
    case RF_CELL_DECIMAL:
        return SLOT_MONEY + clamp(c->decimals, N_MONEY - 1); /* the same fixed formats */
    default:
        return SLOT_TEXT;
    }
}

/* The number a numeric cell holds in the workbook's unit. */
static double cell_number(const rf_cell *c, const rf_cell_style *st)
{
    switch (c->kind) {
    case RF_CELL_MONEY:
        return (double)c->value / (st->yuan ? 100.0 : 1e6);
    case RF_CELL_AREA:
    case RF_CELL_YUAN:
        return (double)c->value / 100.0;
    case RF_CELL_PERCENT:
        return (double)c->value / (double)c->den;
    case RF_CELL_DECIMAL: {
        double x = (double)c->value;
        for (int k = 0; k < c->decimals; k++)
            x /= 10;
        return x;
    }
    default:
        return (double)c->value;
    }
}

/* Whether cell (r, col) of the total row is the sum of the cells above it:
 * every one of them empty or of its kind, and their values adding up to
 * it exactly.  Rates never are. */
static bool is_column_sum(const rf_table *t, size_t r, size_t col)
{
    const rf_cell *total = &t->cells[r * t->n_cols + col];
    if (total->kind != RF_CELL_MONEY && total->kind != RF_CELL_COUNT &&
        total->kind != RF_CELL_YUAN && total->kind != RF_CELL_AREA)
        return false;
    int64_t sum = 0;
    for (size_t k = 0; k < r; k++) {
        const rf_cell *c = &t->cells[k * t->n_cols + col];
        if (c->kind == RF_CELL_EMPTY)
            continue;
        if (c->kind != total->kind)
            return false;
        sum += c->value;
    }
    return r > 0 && sum == total->value;
}

/* Writes one cell; returns the first libxlsxwriter error.  A total that is
 * the sum of its column is a SUM formula over rows 2..r with its value. */
static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const rf_cell *c,
                            bool total_sum, bool bold, const rf_cell_style *st, const formats *f)
{
    lxw_format *fmt = f->cell[slot_of(c, st)][bold][c->flag];
    switch (c->kind) {
    case RF_CELL_TEXT: {
        if (!c->text || !*c->text)
            return bold ? worksheet_write_blank(ws, r, col, fmt) : LXW_NO_ERROR;
        char *x = rf_doc_expand(c->text, st);
        if (!x)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        lxw_error e = worksheet_write_string(ws, r, col, x, fmt);
        free(x);
        return e;
    }
    case RF_CELL_PERCENT:
        if (c->den == 0)
            return worksheet_write_string(ws, r, col, "-", f->cell[SLOT_TEXT][bold][c->flag]);
        return worksheet_write_number(ws, r, col, cell_number(c, st), fmt);
    case RF_CELL_MONEY:
    case RF_CELL_COUNT:
    case RF_CELL_AREA:
    case RF_CELL_YUAN:
    case RF_CELL_DECIMAL:
        if (total_sum) {
            char from[16], to[16], formula[48];
            lxw_rowcol_to_cell(from, 1, col);
            lxw_rowcol_to_cell(to, r - 1, col);
            snprintf(formula, sizeof formula, "=SUM(%s:%s)", from, to);
            return worksheet_write_formula_num(ws, r, col, formula, fmt, cell_number(c, st));
        }
        return worksheet_write_number(ws, r, col, cell_number(c, st), fmt);
    default:
        return bold ? worksheet_write_blank(ws, r, col, fmt) : LXW_NO_ERROR;
    }
}

/* Writes one table sheet: header row (frozen), rows, the total row bold
 * with SUM formulas; columns as wide as their longest text.  Returns the
 * first error. */
static lxw_error table_sheet(lxw_worksheet *ws, const rf_table *t, const rf_cell_style *base,
                             const formats *f)
{
    lxw_error first = LXW_NO_ERROR, e;
    char buf[256];
    rf_cell_style *st = rf_emit_column_styles(t, base);
    if (!st)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (size_t c = 0; c < t->n_cols && c < LXW_COL_MAX; c++) {
        size_t w = rf_text_width(t->headers[c]);
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t cw = rf_text_width(rf_cell_format(&t->cells[r * t->n_cols + c], &st[c],
                                                     buf, sizeof buf));
            if (cw > w)
                w = cw;
        }
        w += 2;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 8 ? 8 : w > 60 ? 60 : (double)w,
                             NULL);
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->headers[c], f->header);
        if (e && !first)
            first = e;
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < t->n_rows && r + 1 < LXW_ROW_MAX; r++) {
        bool total = t->has_total && r + 1 == t->n_rows;
        for (size_t c = 0; c < t->n_cols && c < LXW_COL_MAX; c++) {
            e = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r * t->n_cols + c],
                           total && is_column_sum(t, r, c), total, &st[c], f);
            if (e && !first)
                first = e;
        }
    }
    free(st);
    return first;
}

/* Draws line chart c as a native chart on ws (named name), right of its
 * table t: categories and values refer to t's cells (rows 2.. of the
 * sheet), each series named by its column's header cell, axis titles in
 * the report's language and unit.  Returns the first error. */
static lxw_error native_line_chart(lxw_workbook *wb, lxw_worksheet *ws, const char *name,
                                   const rf_doc *d, const rf_chart *c, const rf_emit_options *o)
{
    const rf_table *t = c->data;
    lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_LINE);
    if (!chart)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_row_t first = 1, last = (lxw_row_t)c->n_labels;
    for (size_t k = 0; k < c->n_series; k++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        lxw_col_t col = (lxw_col_t)c->data_cols[k];
        chart_series_set_categories(s, name, first, (lxw_col_t)c->data_label_col, last,
                                    (lxw_col_t)c->data_label_col);
        chart_series_set_values(s, name, first, col, last, col);
        chart_series_set_name_range(s, name, 0, col);
        lxw_chart_line line = {.color = (lxw_color_t)strtoul(rf_chart_colour(k) + 1, NULL, 16),
                               .width = 2.25f};
        chart_series_set_line(s, &line);
    }
    const char *unit = o->yuan ? L("元", "yuan") : "万元";
    char title[512];
    chart_title_set_name(chart, c->title);
    if (c->label_title) {
        if (c->labels_money)
            snprintf(title, sizeof title, L("%s（%s）", "%s (%s)"), c->label_title, unit);
        else
            snprintf(title, sizeof title, "%s", c->label_title);
        chart_axis_set_name(chart->x_axis, title);
    }
    if (c->value_title)
        snprintf(title, sizeof title, "%s", c->value_title);
    else
        snprintf(title, sizeof title, L("金额（%s）", "Amount (%s)"), unit);
    chart_axis_set_name(chart->y_axis, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_offset = 8, .y_offset = 0, .x_scale = 1.8, .y_scale = 1.6};
    return worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(t->n_cols + 1), chart, &opt);
}

rf_status rf_emit_xlsx(const rf_doc *d, const rf_emit_options *o, const char *path,
                       rf_error *err)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL,
                            "cannot create the workbook");
    formats f;
    memset(&f, 0, sizeof f);
    make_formats(wb, &f);
    lxw_error first = LXW_NO_ERROR, e;
    rf_cell_style base = rf_emit_style(d, o, true);
#define KEEP(x)                                                                                    \
    do {                                                                                           \
        e = (x);                                                                                   \
        if (e && !first)                                                                           \
            first = e;                                                                             \
    } while (0)

    size_t n_tables = 0;
    for (size_t i = 0; i < d->n_sections; i++)
        n_tables += d->sections[i].n_tables;
    char(*names)[4 * MAX_SHEET_NAME + 1] = calloc(n_tables + 1, sizeof *names);
    lxw_worksheet **sheets = calloc(n_tables + 1, sizeof *sheets);
    if (!names || !sheets) {
        free(names);
        free(sheets);
        workbook_close(wb);
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    }
    /* The summary sheet: title, subtitle, unit, the text, then an index of
     * the table sheets with links. */
    snprintf(names[0], sizeof names[0], "%s", L("摘要", "Summary"));
    lxw_worksheet *sum = workbook_add_worksheet(wb, names[0]);
    size_t n_names = 1;
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_tables; k++) {
            const rf_table *tb = d->sections[i].tables[k];
            sheet_name(tb->title && *tb->title ? tb->title : tb->id, names, n_names,
                       names[n_names]);
            n_names++;
        }
    lxw_row_t row = 0;
    if (sum) {
        worksheet_set_column(sum, 0, 0, 24, NULL);
        worksheet_set_column(sum, 1, 1, 60, NULL);
        KEEP(worksheet_write_string(sum, row++, 0, d->title, f.title));
        if (d->subtitle)
            KEEP(worksheet_write_string(sum, row++, 0, d->subtitle, NULL));
        KEEP(worksheet_write_string(sum, row++, 0, rf_emit_unit(d, o), NULL));
        for (size_t i = 0; i < d->n_sections; i++) {
            const rf_section *s = &d->sections[i];
            if (s->n_paragraphs == 0)
                continue;
            row++;
            KEEP(worksheet_write_string(sum, row++, 0, s->heading, f.heading));
            for (size_t k = 0; k < s->n_paragraphs; k++) {
                char *p = rf_doc_expand(s->paragraphs[k], &base);
                if (!p) {
                    KEEP(LXW_ERROR_MEMORY_MALLOC_FAILED);
                    continue;
                }
                size_t lead = strspn(p, " \t");
                KEEP(worksheet_write_string(sum, row++, 0, p + lead, lead ? f.wrap : NULL));
                free(p);
            }
        }
        row++;
        KEEP(worksheet_write_string(sum, row++, 0, L("表格", "Tables"), f.heading));
        size_t t = 1;
        for (size_t i = 0; i < d->n_sections; i++)
            for (size_t k = 0; k < d->sections[i].n_tables; k++, t++) {
                char url[4 * MAX_SHEET_NAME + 32];
                snprintf(url, sizeof url, "internal:'%s'!A1", names[t]);
                KEEP(worksheet_write_url_opt(sum, row, 0, url, f.link, names[t], NULL));
                KEEP(worksheet_write_string(sum, row++, 1, d->sections[i].tables[k]->title,
                                            NULL));
            }
    } else {
        first = LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    size_t t = 1;
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_tables; k++, t++) {
            lxw_worksheet *ws = workbook_add_worksheet(wb, names[t]);
            if (!ws) {
                if (!first)
                    first = LXW_ERROR_MEMORY_MALLOC_FAILED;
                continue;
            }
            KEEP(table_sheet(ws, d->sections[i].tables[k], &base, &f));
            sheets[t] = ws;
        }
    /* Line charts whose numbers stand in a table: native charts beside it. */
    for (size_t i = 0; i < d->n_sections; i++)
        for (size_t k = 0; k < d->sections[i].n_charts; k++) {
            const rf_chart *c = d->sections[i].charts[k];
            if (c->kind != RF_CHART_LINE || !c->data || c->instead || c->n_labels == 0)
                continue;
            size_t at = 1;
            for (size_t j = 0; j < d->n_sections; j++)
                for (size_t m = 0; m < d->sections[j].n_tables; m++, at++)
                    if (d->sections[j].tables[m] == c->data && sheets[at])
                        KEEP(native_line_chart(wb, sheets[at], names[at], d, c, o));
        }
#undef KEEP
    free(names);
    free(sheets);
    e = workbook_close(wb);
    if (e && !first)
        first = e;
    if (first)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "%s", lxw_strerror(first));
    return RF_OK;
}

bool rf_emit_xlsx_available(void)
{
    return true;
}

#else /* !RF_HAVE_XLSXWRITER */

rf_status rf_emit_xlsx(const rf_doc *d, const rf_emit_options *o, const char *path,
                       rf_error *err)
{
    (void)d;
    (void)o;
    return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL,
                        "this relocfund was built without libxlsxwriter, so it cannot write "
                        "XLSX; install libxlsxwriter-dev and rebuild");
}

bool rf_emit_xlsx_available(void)
{
    return false;
}

#endif
