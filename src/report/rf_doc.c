/* rf_doc: building report documents; see rf_doc.h. */
#include "rf_doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"

/* The failure flag lives beside the document: a NULL title marks failure
 * before anything else exists, and `failed` afterwards. */
typedef struct {
    rf_doc doc;
    bool failed;
} doc_impl;

static doc_impl *impl(rf_doc *d)
{
    return (doc_impl *)d;
}

static void *grow_array(rf_doc *d, void *items, size_t count, size_t size)
{
    /* Capacity is 4, then doubles each time the count reaches a power of
     * two, so the count alone decides it. */
    if (count != 0 && (count < 4 || (count & (count - 1))))
        return items;
    size_t cap = count ? count * 2 : 4;
    void *p = realloc(items, cap * size);
    if (!p)
        impl(d)->failed = true;
    return p;
}

static char *dup(rf_doc *d, const char *s)
{
    char *c = strdup(s ? s : "");
    if (!c)
        impl(d)->failed = true;
    return c;
}

static char *vformat(rf_doc *d, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        impl(d)->failed = true;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        impl(d)->failed = true;
        return NULL;
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

rf_doc *rf_doc_new(const char *title, bool chinese)
{
    doc_impl *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->doc.chinese = chinese;
    x->doc.title = dup(&x->doc, title);
    return &x->doc;
}

rf_doc *rf_doc_newf(bool chinese, const char *fmt, ...)
{
    char title[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(title, sizeof title, fmt, ap);
    va_end(ap);
    return rf_doc_new(title, chinese);
}

bool rf_doc_ok(const rf_doc *d)
{
    return d && !((const doc_impl *)d)->failed;
}

static void table_free(rf_table *t)
{
    if (!t)
        return;
    free(t->id);
    free(t->title);
    for (size_t i = 0; i < t->n_cols; i++)
        free(t->headers[i]);
    free(t->headers);
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t);
}

static void chart_free(rf_chart *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->title);
    for (size_t i = 0; i < c->n_labels; i++)
        free(c->labels[i]);
    free(c->labels);
    free(c->a);
    free(c->b);
    free(c->links);
    if (c->notes)
        for (size_t i = 0; i < c->n_labels; i++)
            free(c->notes[i]);
    free(c->notes);
    free(c->alerts);
    free(c->instead);
    for (size_t i = 0; i < c->n_series; i++)
        free(c->series[i]);
    free(c->series);
    free(c->values);
    free(c->label_title);
    free(c->value_title);
    free(c->data_cols);
    free(c);
}

void rf_doc_free(rf_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_sections; i++) {
        rf_section *s = &d->sections[i];
        free(s->heading);
        for (size_t k = 0; k < s->n_paragraphs; k++)
            free(s->paragraphs[k]);
        free(s->paragraphs);
        for (size_t k = 0; k < s->n_tables; k++)
            table_free(s->tables[k]);
        free(s->tables);
        for (size_t k = 0; k < s->n_charts; k++)
            chart_free(s->charts[k]);
        free(s->charts);
    }
    free(d->sections);
    free(d->title);
    free(d->subtitle);
    free(impl(d));
}

void rf_doc_subtitle(rf_doc *d, const char *fmt, ...)
{
    if (!rf_doc_ok(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    free(d->subtitle);
    d->subtitle = vformat(d, fmt, ap);
    va_end(ap);
}

/* Sections are stored by value and may move when the array grows; callers
 * hold the pointer only until the next rf_doc_section call. */
rf_section *rf_doc_section(rf_doc *d, const char *heading)
{
    if (!rf_doc_ok(d))
        return NULL;
    rf_section *p = grow_array(d, d->sections, d->n_sections, sizeof *p);
    if (!p)
        return NULL;
    d->sections = p;
    rf_section *s = &d->sections[d->n_sections++];
    memset(s, 0, sizeof *s);
    s->heading = dup(d, heading);
    return s;
}

void rf_doc_paragraph(rf_doc *d, rf_section *s, const char *fmt, ...)
{
    if (!rf_doc_ok(d) || !s)
        return;
    char **p = grow_array(d, s->paragraphs, s->n_paragraphs, sizeof *p);
    if (!p)
        return;
    s->paragraphs = p;
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(d, fmt, ap);
    va_end(ap);
    if (text)
        s->paragraphs[s->n_paragraphs++] = text;
}

rf_table *rf_doc_table(rf_doc *d, rf_section *s, const char *id, const char *title,
                       size_t n_cols, const char *const *headers)
{
    if (!rf_doc_ok(d) || !s)
        return NULL;
    rf_table **p = grow_array(d, s->tables, s->n_tables, sizeof *p);
    if (!p)
        return NULL;
    s->tables = p;
    rf_table *t = calloc(1, sizeof *t);
    if (!t) {
        impl(d)->failed = true;
        return NULL;
    }
    t->id = dup(d, id);
    t->title = dup(d, title);
    t->n_cols = n_cols;
    t->headers = calloc(n_cols ? n_cols : 1, sizeof *t->headers);
    if (!t->headers)
        impl(d)->failed = true;
    else
        for (size_t i = 0; i < n_cols; i++)
            t->headers[i] = dup(d, headers[i]);
    s->tables[s->n_tables++] = t;
    return t;
}

rf_cell *rf_doc_row(rf_doc *d, rf_table *t)
{
    if (!rf_doc_ok(d) || !t)
        return NULL;
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows ? t->cap_rows * 2 : 8;
        rf_cell *c = realloc(t->cells, cap * t->n_cols * sizeof *c);
        if (!c) {
            impl(d)->failed = true;
            return NULL;
        }
        t->cells = c;
        t->cap_rows = cap;
    }
    rf_cell *row = &t->cells[t->n_rows++ * t->n_cols];
    memset(row, 0, t->n_cols * sizeof *row);
    return row;
}

void rf_cell_text(rf_doc *d, rf_cell *c, const char *text)
{
    if (!c)
        return;
    c->kind = RF_CELL_TEXT;
    c->text = dup(d, text);
}

void rf_cell_money(rf_cell *c, rf_fen fen)
{
    if (c) {
        c->kind = RF_CELL_MONEY;
        c->value = fen;
    }
}

void rf_cell_count(rf_cell *c, int64_t n)
{
    if (c) {
        c->kind = RF_CELL_COUNT;
        c->value = n;
    }
}

void rf_cell_percent(rf_cell *c, int64_t num, int64_t den, int decimals)
{
    if (c) {
        c->kind = RF_CELL_PERCENT;
        c->value = num;
        c->den = den;
        c->decimals = decimals;
    }
}

bool rf_cell_is_number(rf_cell_kind k)
{
    return k == RF_CELL_MONEY || k == RF_CELL_COUNT || k == RF_CELL_PERCENT ||
           k == RF_CELL_AREA || k == RF_CELL_YUAN || k == RF_CELL_DECIMAL;
}

void rf_cell_decimal(rf_cell *c, int64_t scaled, int decimals)
{
    if (c) {
        c->kind = RF_CELL_DECIMAL;
        c->value = scaled;
        c->decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    }
}

void rf_cell_stated(rf_doc *d, rf_cell *c, const char *text)
{
    size_t n = strlen(text);
    bool pct = n > 0 && text[n - 1] == '%';
    const char *dot = memchr(text, '.', n);
    int dec = dot ? (int)(text + n - (pct ? 1 : 0) - dot - 1) : 0;
    int64_t v;
    if (dec < 0 || dec > 6 || !rf_decimal_parse(text, pct ? n - 1 : n, dec, RF_FEN_MAX, &v)) {
        rf_cell_text(d, c, text);
        return;
    }
    if (!pct) {
        rf_cell_decimal(c, v, dec);
        return;
    }
    int64_t den = 100;
    for (int k = 0; k < dec; k++)
        den *= 10;
    rf_cell_percent(c, v, den, dec);
}

void rf_cell_yuan(rf_cell *c, rf_fen fen)
{
    if (c) {
        c->kind = RF_CELL_YUAN;
        c->value = fen;
    }
}

void rf_cell_area(rf_cell *c, int64_t centi_m2)
{
    if (c) {
        c->kind = RF_CELL_AREA;
        c->value = centi_m2;
    }
}

rf_chart *rf_doc_chart(rf_doc *d, rf_section *s, rf_chart_kind kind, const char *id,
                       const char *title)
{
    if (!rf_doc_ok(d) || !s)
        return NULL;
    rf_chart **p = grow_array(d, s->charts, s->n_charts, sizeof *p);
    if (!p)
        return NULL;
    s->charts = p;
    rf_chart *c = calloc(1, sizeof *c);
    if (!c) {
        impl(d)->failed = true;
        return NULL;
    }
    c->kind = kind;
    c->id = dup(d, id);
    c->title = dup(d, title);
    s->charts[s->n_charts++] = c;
    return c;
}

int rf_chart_label(rf_doc *d, rf_chart *c, const char *label, rf_fen a, rf_fen b)
{
    if (!rf_doc_ok(d) || !c)
        return -1;
    char **l = grow_array(d, c->labels, c->n_labels, sizeof *l);
    if (!l)
        return -1;
    c->labels = l;
    rf_fen *pa = grow_array(d, c->a, c->n_labels, sizeof *pa);
    if (!pa)
        return -1;
    c->a = pa;
    rf_fen *pb = grow_array(d, c->b, c->n_labels, sizeof *pb);
    if (!pb)
        return -1;
    c->b = pb;
    char **pn = grow_array(d, c->notes, c->n_labels, sizeof *pn);
    if (!pn)
        return -1;
    c->notes = pn;
    bool *pl = grow_array(d, c->alerts, c->n_labels, sizeof *pl);
    if (!pl)
        return -1;
    c->alerts = pl;
    c->notes[c->n_labels] = NULL;
    c->alerts[c->n_labels] = false;
    c->labels[c->n_labels] = dup(d, label);
    c->a[c->n_labels] = a;
    c->b[c->n_labels] = b;
    return (int)c->n_labels++;
}

void rf_chart_link_add(rf_doc *d, rf_chart *c, int from, int to, rf_fen amount)
{
    if (!rf_doc_ok(d) || !c || from < 0 || to < 0 || amount <= 0)
        return;
    rf_chart_link *l = grow_array(d, c->links, c->n_links, sizeof *l);
    if (!l)
        return;
    c->links = l;
    c->links[c->n_links++] = (rf_chart_link){from, to, amount};
}

void rf_chart_note(rf_doc *d, rf_chart *c, int index, const char *note, bool alert)
{
    if (!rf_doc_ok(d) || !c || index < 0 || (size_t)index >= c->n_labels)
        return;
    free(c->notes[index]);
    c->notes[index] = dup(d, note);
    c->alerts[index] = alert;
}

int rf_chart_series(rf_doc *d, rf_chart *c, const char *name, const rf_fen *values)
{
    if (!rf_doc_ok(d) || !c)
        return -1;
    char **names = realloc(c->series, (c->n_series + 1) * sizeof *names);
    if (!names) {
        impl(d)->failed = true;
        return -1;
    }
    c->series = names;
    size_t n = c->n_labels ? c->n_labels : 1;
    rf_fen *v = realloc(c->values, (c->n_series + 1) * n * sizeof *v);
    if (!v) {
        impl(d)->failed = true;
        return -1;
    }
    c->values = v;
    if (c->n_labels && values)
        memcpy(&c->values[c->n_series * n], values, c->n_labels * sizeof *values);
    else if (c->n_labels)
        memset(&c->values[c->n_series * n], 0, c->n_labels * sizeof *values);
    c->series[c->n_series] = dup(d, name);
    return (int)c->n_series++;
}

void rf_chart_axes(rf_doc *d, rf_chart *c, const char *label_title, bool labels_money,
                   const char *value_title)
{
    if (!rf_doc_ok(d) || !c)
        return;
    free(c->label_title);
    free(c->value_title);
    c->label_title = label_title ? dup(d, label_title) : NULL;
    c->value_title = value_title ? dup(d, value_title) : NULL;
    c->labels_money = labels_money;
}

void rf_chart_data(rf_doc *d, rf_chart *c, const rf_table *t, size_t label_col,
                   const size_t *cols)
{
    if (!rf_doc_ok(d) || !c || !t)
        return;
    size_t body = t->has_total && t->n_rows ? t->n_rows - 1 : t->n_rows;
    bool fits = body == c->n_labels && label_col < t->n_cols;
    for (size_t k = 0; k < c->n_series && fits; k++)
        fits = cols[k] < t->n_cols;
    if (!fits)
        return; /* a builder's mistake: the chart keeps its arrays only */
    size_t *p = malloc((c->n_series ? c->n_series : 1) * sizeof *p);
    if (!p) {
        impl(d)->failed = true;
        return;
    }
    if (c->n_series)
        memcpy(p, cols, c->n_series * sizeof *p);
    free(c->data_cols);
    c->data = t;
    c->data_label_col = label_col;
    c->data_cols = p;
}

void rf_chart_instead(rf_doc *d, rf_chart *c, const char *fmt, ...)
{
    if (!rf_doc_ok(d) || !c)
        return;
    va_list ap;
    va_start(ap, fmt);
    free(c->instead);
    c->instead = vformat(d, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- numbers */

enum { MARK_OPEN = '\x01', MARK_CLOSE = '\x02' };

static char *mark(char buf[48], char kind, rf_fen v)
{
    snprintf(buf, 48, "%c%c%lld%c", MARK_OPEN, kind, (long long)v, MARK_CLOSE);
    return buf;
}

char *rf_amount_mark(char buf[48], rf_fen v)
{
    return mark(buf, 'a', v);
}

char *rf_yuan_mark(char buf[48], rf_fen v)
{
    return mark(buf, 'y', v);
}

/* Copies the NUL-terminated text t into buf (size bytes) as snprintf's
 * "%s" would, cut to fit.  Returns buf. */
static char *copy_text(char *buf, size_t size, const char *t)
{
    if (size == 0)
        return buf;
    size_t n = strlen(t);
    if (n >= size)
        n = size - 1;
    memmove(buf, t, n);
    buf[n] = '\0';
    return buf;
}

/* Money in style st with `decimals` in 万元 (-1: as few as needed). */
static char *money_text(char *buf, size_t size, rf_fen v, bool yuan, const rf_cell_style *st,
                        int decimals)
{
    /* Straight into buf when it has room for any amount: a report formats
     * thousands. */
    char tmp[40];
    char *to = size >= sizeof tmp ? buf : tmp;
    if (yuan)
        rf_fixed_text(to, v, 2, 2, st->grouping);
    else
        rf_fixed_text(to, v, 6,
                      decimals >= 0 ? decimals : rf_fixed_decimals(v, 6, st->exact ? 6 : 4),
                      st->grouping);
    return to == buf ? buf : copy_text(buf, size, tmp);
}

static int wan_max(const rf_cell_style *st)
{
    return st->exact ? 6 : 4;
}

rf_cell_style rf_table_style(const rf_table *t, size_t col, const rf_cell_style *base)
{
    rf_cell_style st = *base;
    st.money_decimals = 0;
    st.area_decimals = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const rf_cell *c = &t->cells[r * t->n_cols + col];
        int dm;
        if (c->kind == RF_CELL_MONEY && !st.yuan &&
            (dm = rf_fixed_decimals(c->value, 6, wan_max(&st))) > st.money_decimals)
            st.money_decimals = dm;
        if (c->kind == RF_CELL_AREA && (dm = rf_fixed_decimals(c->value, 2, 2)) > st.area_decimals)
            st.area_decimals = dm;
    }
    return st;
}

/* Appends the expansion of the mark at *p (past MARK_OPEN) to out; returns
 * false when it is not a mark (then nothing is appended). */
static bool expand_mark(const char **p, const rf_cell_style *st, char *out, size_t size)
{
    const char *s = *p;
    char kind = *s++;
    if (kind != 'a' && kind != 'y')
        return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != MARK_CLOSE)
        return false;
    bool yuan = kind == 'y' || st->yuan;
    char num[48];
    money_text(num, sizeof num, v, yuan, st, -1);
    const char *unit = yuan ? (st->chinese ? "元" : "yuan") : "万元";
    size_t ln = strlen(num), lu = strlen(unit);
    if (ln + 1 + lu < size) { /* always, for the callers' pieces of 96 */
        memcpy(out, num, ln);
        out[ln] = ' ';
        memcpy(out + ln + 1, unit, lu + 1);
    } else {
        snprintf(out, size, "%s %s", num, unit);
    }
    *p = end + 1;
    return true;
}

char *rf_doc_expand(const char *text, const rf_cell_style *st)
{
    size_t cap = strlen(text) * 2 + 64, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = text; *p;) {
        char piece[96];
        size_t len;
        if (*p == MARK_OPEN) {
            const char *q = p + 1;
            if (expand_mark(&q, st, piece, sizeof piece)) {
                len = strlen(piece);
                p = q;
            } else {
                piece[0] = *p++;
                len = 1;
            }
        } else {
            piece[0] = *p++;
            len = 1;
        }
        if (n + len + 1 > cap) {
            cap = (n + len + 1) * 2;
            char *g = realloc(out, cap);
            if (!g) {
                free(out);
                return NULL;
            }
            out = g;
        }
        memcpy(out + n, piece, len);
        n += len;
    }
    out[n] = '\0';
    return out;
}

char *rf_cell_format(const rf_cell *c, const rf_cell_style *st, char *buf, size_t size)
{
    /* The number writers write into buf itself when it has room for any
     * number (40 bytes), else into tmp and are copied, cut to fit. */
    char tmp[48];
    char *to = size >= 40 ? buf : tmp;
    switch (c->kind) {
    case RF_CELL_TEXT: {
        const char *t = c->text ? c->text : "";
        char *x = strchr(t, MARK_OPEN) ? rf_doc_expand(t, st) : NULL;
        copy_text(buf, size, x ? x : t);
        free(x);
        return buf;
    }
    case RF_CELL_MONEY:
    case RF_CELL_YUAN:
        return money_text(buf, size, c->value, st->yuan || c->kind == RF_CELL_YUAN, st,
                          st->money_decimals);
    case RF_CELL_COUNT:
        rf_count_text(to, c->value, st->grouping);
        break;
    case RF_CELL_PERCENT:
        rf_percent(to, c->value, c->den, c->decimals);
        break;
    case RF_CELL_DECIMAL:
        rf_fixed_text(to, c->value, c->decimals, c->decimals, st->grouping);
        break;
    case RF_CELL_AREA:
        rf_fixed_text(to, c->value, 2,
                      st->area_decimals >= 0 ? st->area_decimals
                                             : rf_fixed_decimals(c->value, 2, 2),
                      st->grouping);
        break;
    default:
        if (size)
            buf[0] = '\0';
        return buf;
    }
    return to == buf ? buf : copy_text(buf, size, tmp);
}
