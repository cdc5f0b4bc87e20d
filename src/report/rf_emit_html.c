/* rf_emit_html: the HTML emitter: one self-contained page with the tables and inline SVG charts.
 *
 * The page needs nothing outside itself: CSS is inline, there is no
 * script, no font or image is fetched, and a Content-Security-Policy
 * forbids both, so a hostile label can neither run nor call out.  Every
 * text from the document passes through rf_html_text. */
#include "rf_emit.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"
#include "rf_money.h"

#define L(zh, en) (d->chinese ? (zh) : (en))

static const char *const PALETTE[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
                                      "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#e15759"};
#define N_PALETTE (sizeof PALETTE / sizeof PALETTE[0])

const char *rf_chart_colour(size_t k)
{
    return PALETTE[k % N_PALETTE];
}

static const char *STYLE =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;color:#1d2733;background:#fff;"
    "margin:0 auto;max-width:1240px;padding:24px 32px;line-height:1.5;font-size:14px}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #2f6db5;"
    "padding-bottom:4px;margin:32px 0 12px}\n"
    ".sub,.unit{color:#5a6775;margin:2px 0}\n"
    "ul.detail{margin:4px 0 12px;padding-left:22px}\n"
    ".tw{overflow-x:auto;margin:12px 0 20px}\n"
    "table{border-collapse:collapse;font-size:13px}\n"
    "caption{text-align:left;font-weight:600;padding:4px 0}\n"
    "th,td{border:1px solid #d5dbe1;padding:3px 8px;white-space:nowrap}\n"
    "th{background:#eef2f6;font-weight:600;text-align:center}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tbody tr:nth-child(even){background:#f8fafc}\n"
    "tfoot td{font-weight:700;border-top:2px solid #8a96a3;background:#eef2f6}\n"
    "td.flag{background:#fde2e0;color:#a4161a;font-weight:700}\n"
    "figure{margin:16px 0 28px}figcaption{font-weight:600;margin-bottom:6px}\n"
    "svg{max-width:100%;height:auto;font-size:12px}\n"
    "svg text{fill:#1d2733}svg .axis{fill:#5a6775;font-size:11px}\n"
    "svg .grid{stroke:#e3e8ee;stroke-width:1}\n"
    "svg text.gap,svg text.cap{fill:#a4161a;font-weight:700}\n"
    "@media print{body{padding:0}.tw{overflow:visible}h2{break-after:avoid}"
    "figure,table{break-inside:avoid}}\n";

/* ---------------------------------------------------------------- helpers */

/* A piece of the page gathered in memory and written to out in one go:
 * a stream write per tag, number and text costs more than making them. */
typedef struct {
    FILE *out;
    size_t n;
    char b[2048];
} piece;

static void piece_flush(piece *w)
{
    fwrite(w->b, 1, w->n, w->out);
    w->n = 0;
}

static void piece_put(piece *w, const char *s, size_t len)
{
    if (len > sizeof w->b - w->n) {
        piece_flush(w);
        if (len > sizeof w->b) {
            fwrite(s, 1, len, w->out);
            return;
        }
    }
    memcpy(w->b + w->n, s, len);
    w->n += len;
}

static void piece_str(piece *w, const char *s)
{
    piece_put(w, s, strlen(s));
}

/* Appends s as rf_html_text writes it. */
static void piece_html(piece *w, const char *s)
{
    while (*s) {
        if (sizeof w->b - w->n < 8)
            piece_flush(w);
        w->n += rf_html_escape(w->b + w->n, sizeof w->b - w->n, s, &s);
    }
}

size_t rf_svg_number(char *buf, size_t size, double x)
{
    /* By hand unless 10|x| is within 1e-6 of a rounding tie (printf rounds
     * x's exact binary value, ties to even), not finite, or 1e7 or more. */
    double a = fabs(x);
    if (a < 1e7 && size >= 16) {
        /* a*10 < 2^27 is off the exact product by at most 2^-27, so it is
         * on the same side of every tie as the exact product. */
        double t = a * 10, f = floor(t), frac = t - f;
        if (fabs(frac - 0.5) > 1e-6) {
            uint64_t r = (uint64_t)f + (frac > 0.5);
            char d[16];
            size_t k = sizeof d;
            d[--k] = '\0';
            d[--k] = (char)('0' + r % 10);
            d[--k] = '.';
            r /= 10;
            do
                d[--k] = (char)('0' + r % 10);
            while ((r /= 10) > 0);
            if (signbit(x))
                d[--k] = '-';
            memcpy(buf, d + k, sizeof d - k);
            return sizeof d - k - 1;
        }
    }
    int n = snprintf(buf, size, "%.1f", x);
    return n < 0 || size == 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* Appends x as "%.1f". */
static void piece_1f(piece *w, double x)
{
    if (sizeof w->b - w->n < 400) /* "%.1f" of DBL_MAX is 310 bytes */
        piece_flush(w);
    w->n += rf_svg_number(w->b + w->n, sizeof w->b - w->n, x);
}

/* Whether every conversion in fmt is one svgf writes itself: "%s",
 * "%.1f" or "%%". */
static bool svgf_handles(const char *fmt)
{
    for (const char *f = strchr(fmt, '%'); f; f = strchr(f, '%')) {
        if (f[1] == 's' || f[1] == '%')
            f += 2;
        else if (strncmp(f, "%.1f", 4) == 0)
            f += 4;
        else
            return false;
    }
    return true;
}

/* fprintf(out, fmt, ...), gathered and written in one go for formats whose
 * conversions are "%s" and "%.1f" alone (SVG elements); any other format
 * goes to vfprintf as it is, so no argument is ever misread. */
static void svgf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void svgf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!svgf_handles(fmt)) {
        vfprintf(out, fmt, ap);
        va_end(ap);
        return;
    }
    piece p = {.out = out};
    for (const char *f = fmt; *f;) {
        size_t run = strcspn(f, "%");
        piece_put(&p, f, run);
        f += run;
        if (f[0] != '%')
            break;
        if (f[1] == 's') {
            piece_str(&p, va_arg(ap, const char *));
            f += 2;
        } else if (f[1] == '%') {
            piece_put(&p, f, 1);
            f += 2;
        } else {
            piece_1f(&p, va_arg(ap, double));
            f += 4;
        }
    }
    va_end(ap);
    piece_flush(&p);
}


static char *money_text(const rf_emit_options *o, rf_fen v, char *buf, size_t size)
{
    rf_cell c = {.kind = RF_CELL_MONEY, .value = v};
    rf_cell_style st = {.yuan = o->yuan, .exact = o->exact, .grouping = true,
                        .money_decimals = -1, .area_decimals = -1};
    return rf_cell_format(&c, &st, buf, size);
}

static void yuan_text(rf_fen v, char buf[40])
{
    rf_fixed_text(buf, v, 2, 2, true);
}

/* Writes text with its amount marks expanded; false when out of memory. */
static bool html_expanded(FILE *out, const rf_doc *d, const rf_emit_options *o, const char *text)
{
    rf_cell_style st = rf_emit_style(d, o, true);
    char *x = rf_doc_expand(text, &st);
    if (!x)
        return false;
    rf_html_text(out, x);
    free(x);
    return true;
}

/* A bar 12 px high with a tooltip: label, what, amount. */
static void bar(FILE *out, double x, double y, double w, const char *fill, const char *label,
                const char *what, const char *amount)
{
    piece p = {.out = out};
    piece_str(&p, "<rect x=\"");
    piece_1f(&p, x);
    piece_str(&p, "\" y=\"");
    piece_1f(&p, y);
    piece_str(&p, "\" width=\"");
    piece_1f(&p, w);
    piece_str(&p, "\" height=\"12\" fill=\"");
    piece_str(&p, fill);
    piece_str(&p, "\"><title>");
    piece_html(&p, label);
    piece_str(&p, what);
    piece_html(&p, amount);
    piece_str(&p, "</title></rect>\n");
    piece_flush(&p);
}

/* Approximate width in pixels of s at 12px (CJK counts double). */
static double text_px(const char *s)
{
    return (double)rf_text_width(s) * 6.6;
}

/* The left margin of a chart of bars (the widest label, within 80 to 280
 * px) in *left; returns the largest value a or b of c. */
static rf_fen bars_extent(const rf_chart *c, double *left)
{
    rf_fen vmax = 0;
    *left = 80;
    for (size_t i = 0; i < c->n_labels; i++) {
        double w = text_px(c->labels[i]) + 14;
        if (w > *left)
            *left = w;
        if (c->a[i] > vmax)
            vmax = c->a[i];
        if (c->b[i] > vmax)
            vmax = c->b[i];
    }
    if (*left > 280)
        *left = 280;
    return vmax;
}

static void svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                     const char *text)
{
    piece p = {.out = out};
    piece_str(&p, "<text x=\"");
    piece_1f(&p, x);
    piece_str(&p, "\" y=\"");
    piece_1f(&p, y);
    piece_str(&p, "\" dy=\"0.35em\" text-anchor=\"");
    piece_str(&p, anchor);
    if (cls) {
        piece_str(&p, "\" class=\"");
        piece_str(&p, cls);
    }
    piece_str(&p, "\">");
    piece_html(&p, text);
    piece_str(&p, "</text>\n");
    piece_flush(&p);
}

static void svg_open(FILE *out, const rf_chart *c, double w, double h)
{
    fputs("<figure class=\"chart\" id=\"chart-", out);
    rf_html_text(out, c->id);
    fputs("\"><figcaption>", out);
    rf_html_text(out, c->title);
    fprintf(out,
            "</figcaption>\n<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
            "role=\"img\" aria-label=\"",
            w, h, w, h);
    rf_html_text(out, c->title);
    fputs("\">\n<title>", out);
    rf_html_text(out, c->title);
    fputs("</title>\n", out);
}

static void svg_close(FILE *out)
{
    fputs("</svg>\n</figure>\n", out);
}

int64_t rf_nice_axis(int64_t v, int64_t unit, int64_t *step)
{
    if (v <= 0) {
        *step = unit;
        return unit;
    }
    static const int64_t mult[] = {10, 20, 25, 50};
    for (int64_t p = 1; p <= INT64_MAX / 100; p *= 10)
        for (size_t k = 0; k < 4; k++) {
            int64_t s = mult[k] * p / 10;
            if (s <= 0)
                continue;
            if ((v + s - 1) / s <= 6) {
                *step = s;
                return (v + s - 1) / s * s;
            }
        }
    *step = v;
    return v;
}

/* Vertical gridlines and tick labels for a horizontal-bar chart. */
static void x_axis(FILE *out, double x0, double pw, double y_top, double y_bottom, int64_t max,
                   int64_t step, bool money_wan, const rf_emit_options *o)
{
    char buf[64];
    for (int64_t t = 0; t <= max; t += step) {
        double x = x0 + pw * (double)t / (double)max;
        svgf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x,
             y_top, x, y_bottom);
        if (money_wan)
            money_text(o, t, buf, sizeof buf);
        else
            rf_fen_yuan(buf, t, true); /* round ticks need no decimals */
        svg_text(out, x, y_bottom + 12, "middle", "axis", buf);
    }
}

/* A chart without labels says so at height y and is closed; returns
 * whether it had none. */
static bool no_data(FILE *out, const rf_doc *d, const rf_chart *c, double width, double y)
{
    if (c->n_labels > 0)
        return false;
    svg_text(out, width / 2, y, "middle", "axis", L("无数据", "no data"));
    svg_close(out);
    return true;
}

static void legend_item(FILE *out, double *x, double y, const char *fill, const char *label)
{
    svgf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", *x, y - 6,
         fill);
    svg_text(out, *x + 16, y, "start", NULL, label);
    *x += 16 + text_px(label) + 18;
}

/* ------------------------------------------------------------------ flow */

typedef struct {
    int col;
    rf_fen in, out, value;
    double x, y, h;
    double out_used, in_used;
} flow_node;

/* How many nodes of column col carry money, and their sum in *sum. */
static size_t column_nodes(const flow_node *nodes, size_t n, int col, rf_fen *sum)
{
    size_t k = 0;
    *sum = 0;
    for (size_t i = 0; i < n; i++)
        if (nodes[i].value > 0 && nodes[i].col == col) {
            k++;
            *sum += nodes[i].value;
        }
    return k;
}

/* Sorts link indexes by the y of the node at their other end. */
static void sort_links(size_t *idx, size_t n, const rf_chart *c, const flow_node *nodes,
                       bool by_target)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        double key = by_target ? nodes[c->links[v].to].y : nodes[c->links[v].from].y;
        while (j > 0) {
            size_t u = idx[j - 1];
            double k2 = by_target ? nodes[c->links[u].to].y : nodes[c->links[u].from].y;
            if (k2 <= key)
                break;
            idx[j] = u;
            j--;
        }
        idx[j] = v;
    }
}

/* Draws a Sankey-style diagram: nodes in columns by their depth from the
 * sources, node heights and link widths proportional to the amounts.
 * Returns false when out of memory. */
static bool chart_flow(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    size_t n = c->n_labels;
    flow_node *nodes = calloc(n ? n : 1, sizeof *nodes);
    size_t *order = malloc((c->n_links ? c->n_links : 1) * sizeof *order);
    if (!nodes || !order) {
        free(nodes);
        free(order);
        return false;
    }
    bool any = false;
    for (size_t k = 0; k < c->n_links; k++) {
        const rf_chart_link *l = &c->links[k];
        if (l->from < 0 || l->to < 0 || (size_t)l->from >= n || (size_t)l->to >= n ||
            l->amount <= 0)
            continue;
        nodes[l->from].out += l->amount;
        nodes[l->to].in += l->amount;
        any = true;
    }
    /* Depth: a node sits one column right of its deepest source. */
    int max_col = 0;
    for (size_t pass = 0; pass < n; pass++) {
        bool changed = false;
        for (size_t k = 0; k < c->n_links; k++) {
            const rf_chart_link *l = &c->links[k];
            if (l->from < 0 || l->to < 0 || (size_t)l->from >= n || (size_t)l->to >= n ||
                l->amount <= 0)
                continue;
            int want = nodes[l->from].col + 1;
            if (want > nodes[l->to].col && want < (int)n) {
                nodes[l->to].col = want;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    size_t per_col_max = 0;
    rf_fen col_sum_max = 0;
    for (size_t i = 0; i < n; i++) {
        nodes[i].value = nodes[i].in > nodes[i].out ? nodes[i].in : nodes[i].out;
        if (nodes[i].value > 0 && nodes[i].col > max_col)
            max_col = nodes[i].col;
    }
    for (int col = 0; col <= max_col; col++) {
        rf_fen sum;
        size_t k = column_nodes(nodes, n, col, &sum);
        if (k > per_col_max)
            per_col_max = k;
        if (sum > col_sum_max)
            col_sum_max = sum;
    }

    const double gap = 18, node_w = 14, top = 10, width = 960;
    double plot_h = 420;
    if ((double)(per_col_max ? per_col_max - 1 : 0) * gap + 220 > plot_h)
        plot_h = (double)(per_col_max - 1) * gap + 220;
    char buf[64], label[600];
    /* Margins wide enough for the labels of the first and last columns. */
    double left = 80, right = 80;
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].value <= 0)
            continue;
        money_text(o, nodes[i].value, buf, sizeof buf);
        snprintf(label, sizeof label, "%s %s", c->labels[i], buf);
        double w = text_px(label) + 12;
        if (nodes[i].col == 0 && w > left)
            left = w;
        if (nodes[i].col == max_col && max_col > 0 && w > right)
            right = w;
    }
    if (left > 320)
        left = 320;
    if (right > 320)
        right = 320;
    double height = plot_h + 2 * top;
    svg_open(out, c, width, height);
    if (!any) {
        svg_text(out, width / 2, height / 2, "middle", "axis", L("无资金流", "no money flows"));
        svg_close(out);
        free(nodes);
        free(order);
        return true;
    }
    double span = width - left - right - node_w;
    double scale = 0;
    for (int col = 0; col <= max_col; col++) {
        rf_fen sum;
        size_t k = column_nodes(nodes, n, col, &sum);
        if (k == 0 || sum == 0)
            continue;
        double s = (plot_h - (double)(k - 1) * gap) / (double)sum;
        if (scale == 0 || s < scale)
            scale = s;
    }
    for (int col = 0; col <= max_col; col++) {
        double used = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (nodes[i].value > 0 && nodes[i].col == col) {
                nodes[i].h = (double)nodes[i].value * scale;
                if (nodes[i].h < 1)
                    nodes[i].h = 1;
                used += nodes[i].h + (k++ ? gap : 0);
            }
        double y = top + (plot_h - used) / 2;
        for (size_t i = 0; i < n; i++)
            if (nodes[i].value > 0 && nodes[i].col == col) {
                nodes[i].x = left + (max_col ? span * col / max_col : 0);
                nodes[i].y = y;
                y += nodes[i].h + gap;
            }
    }
    /* Links, each a band from its source's right edge to its target's left
     * edge, stacked at both ends in the order of the other end. */
    size_t nl = 0;
    for (size_t k = 0; k < c->n_links; k++) {
        const rf_chart_link *l = &c->links[k];
        if (l->from >= 0 && l->to >= 0 && (size_t)l->from < n && (size_t)l->to < n &&
            l->amount > 0)
            order[nl++] = k;
    }
    double *sy = calloc(nl ? nl : 1, sizeof *sy), *ty = calloc(nl ? nl : 1, sizeof *ty);
    size_t *pos = malloc((nl ? nl : 1) * sizeof *pos);
    if (!sy || !ty || !pos) {
        free(sy);
        free(ty);
        free(pos);
        free(nodes);
        free(order);
        return false;
    }
    /* pos[k] is where link order[k] sits; source ends by target y. */
    sort_links(order, nl, c, nodes, true);
    for (size_t k = 0; k < nl; k++) {
        const rf_chart_link *l = &c->links[order[k]];
        flow_node *f = &nodes[l->from];
        sy[k] = f->y + f->out_used;
        f->out_used += (double)l->amount * scale;
    }
    for (size_t k = 0; k < nl; k++)
        pos[k] = order[k];
    sort_links(pos, nl, c, nodes, false);
    for (size_t j = 0; j < nl; j++) {
        const rf_chart_link *l = &c->links[pos[j]];
        flow_node *t = &nodes[l->to];
        for (size_t k = 0; k < nl; k++)
            if (order[k] == pos[j]) {
                ty[k] = t->y + t->in_used;
                break;
            }
        t->in_used += (double)l->amount * scale;
    }
    fputs("<g fill-opacity=\"0.45\">\n", out);
    for (size_t k = 0; k < nl; k++) {
        const rf_chart_link *l = &c->links[order[k]];
        double w = (double)l->amount * scale;
        if (w < 0.5)
            w = 0.5;
        double x0 = nodes[l->from].x + node_w, x1 = nodes[l->to].x, xm = (x0 + x1) / 2;
        /* d="M x0 sy C xm sy xm ty x1 ty L x1 ty+w C xm ty+w xm sy+w x0 sy+w Z" */
        const double pts[16] = {x0, sy[k], xm, sy[k], xm, ty[k], x1, ty[k],
                                x1, ty[k] + w, xm, ty[k] + w, xm, sy[k] + w, x0, sy[k] + w};
        static const char *const sep[16] = {"<path d=\"M", " ", "C", " ", " ", " ", " ", " ",
                                            "L", " ", "C", " ", " ", " ", " ", " "};
        piece p = {.out = out};
        for (size_t j = 0; j < 16; j++) {
            piece_str(&p, sep[j]);
            piece_1f(&p, pts[j]);
        }
        piece_str(&p, "Z\" fill=\"");
        piece_str(&p, PALETTE[(size_t)l->from % N_PALETTE]);
        piece_str(&p, "\"><title>");
        money_text(o, l->amount, buf, sizeof buf);
        piece_html(&p, c->labels[l->from]);
        piece_str(&p, " → ");
        piece_html(&p, c->labels[l->to]);
        piece_str(&p, ": ");
        piece_html(&p, buf);
        piece_str(&p, "</title></path>\n");
        piece_flush(&p);
    }
    fputs("</g>\n", out);
    for (size_t i = 0; i < n; i++) {
        if (nodes[i].value <= 0)
            continue;
        const flow_node *f = &nodes[i];
        fprintf(out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"%s\"><title>",
                f->x, f->y, node_w, f->h,
                f->col == 0 ? PALETTE[i % N_PALETTE] : "#5a6775");
        money_text(o, f->value, buf, sizeof buf);
        snprintf(label, sizeof label, "%s %s", c->labels[i], buf);
        rf_html_text(out, label);
        fputs("</title></rect>\n", out);
        if (f->col == 0)
            svg_text(out, f->x - 6, f->y + f->h / 2, "end", NULL, label);
        else
            svg_text(out, f->x + node_w + 6, f->y + f->h / 2, "start", NULL, label);
    }
    svg_close(out);
    free(sy);
    free(ty);
    free(pos);
    free(nodes);
    free(order);
    return true;
}

/* ------------------------------------------------------------------ bars */

/* The note of label i, expanded in the report's unit, or NULL (free). */
static char *label_note(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, size_t i)
{
    if (!c->notes || !c->notes[i])
        return NULL;
    rf_cell_style st = rf_emit_style(d, o, true);
    return rf_doc_expand(c->notes[i], &st);
}

/* The geometry of a chart of two money bars a row (bars and pairs). */
typedef struct {
    double left, pw, top, row_h, width;
    int64_t axis, step;
} money_rows;

/* Opens a chart of one row of two money bars per label, 36 px a row, the
 * axis a nice maximum of the largest value in the report's unit. */
static money_rows money_rows_open(const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    money_rows g = {.top = 34, .row_h = 36, .width = 960};
    rf_fen vmax = bars_extent(c, &g.left);
    g.axis = rf_nice_axis(vmax, o->yuan ? 100 : 1000000, &g.step);
    g.pw = g.width - g.left - 190;
    svg_open(out, c, g.width, g.top + g.row_h * (double)(c->n_labels ? c->n_labels : 1) + 28);
    return g;
}

/* Per label: a grey cost bar over a blue funding bar; the shortfall of
 * funding below cost is a red hatched segment, funding above cost a green
 * segment, each with its amount written beside it. */
static void chart_bars(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, int index,
                       FILE *out)
{
    money_rows g = money_rows_open(c, o, out);
    const double width = g.width, row_h = g.row_h, top = g.top, left = g.left, pw = g.pw;
    const int64_t axis = g.axis, step = g.step;
    fprintf(out,
            "<defs><pattern id=\"hatch%d\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
            "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde2e0\"/>"
            "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c0392b\" stroke-width=\"3\"/>"
            "</pattern></defs>\n",
            index);
    double lx = left;
    char hatch[32];
    snprintf(hatch, sizeof hatch, "url(#hatch%d)", index);
    legend_item(out, &lx, 12, "#9aa5b1", L("成本", "cost"));
    legend_item(out, &lx, 12, "#2f6db5", L("已落实资金", "funding"));
    legend_item(out, &lx, 12, hatch, L("缺口", "gap"));
    legend_item(out, &lx, 12, "#3a9a5b", L("结余", "surplus"));
    if (no_data(out, d, c, width, top + row_h / 2))
        return;
    double bottom = top + row_h * (double)c->n_labels;
    x_axis(out, left, pw, top, bottom, axis, step, true, o);
    char buf[64], note[128];
    for (size_t i = 0; i < c->n_labels; i++) {
        double y = top + row_h * (double)i;
        rf_fen a = c->a[i] > 0 ? c->a[i] : 0, b = c->b[i] > 0 ? c->b[i] : 0;
        rf_fen lo = a < b ? a : b;
        double xa = left + pw * (double)a / (double)axis, xb = left + pw * (double)b / (double)axis;
        double xl = left + pw * (double)lo / (double)axis;
        svg_text(out, left - 8, y + row_h / 2, "end", NULL, c->labels[i]);
        bar(out, left, y + 5, xa - left, "#9aa5b1", c->labels[i], L(" 成本 ", " cost "),
            money_text(o, a, buf, sizeof buf));
        bar(out, left, y + 19, xl - left, "#2f6db5", c->labels[i], L(" 已落实资金 ", " funding "),
            money_text(o, b, buf, sizeof buf));
        if (b < a) {
            svgf(out,
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"%s\" "
                 "stroke=\"#c0392b\"/>\n",
                 xb, y + 19, xa - xb, hatch);
            money_text(o, a - b, buf, sizeof buf);
            snprintf(note, sizeof note, L("缺口 %s", "gap %s"), buf);
        } else if (b > a) {
            svgf(out,
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"#3a9a5b\"/>\n",
                 xa, y + 19, xb - xa);
            money_text(o, b - a, buf, sizeof buf);
            snprintf(note, sizeof note, L("结余 %s", "surplus %s"), buf);
        } else {
            snprintf(note, sizeof note, "%s", L("资金已落实", "funded"));
        }
        double nx = (xa > xb ? xa : xb) + 6;
        if (c->notes && c->notes[i]) {
            /* The builder's words: the label's status as the summary has it. */
            char *x = label_note(d, c, o, i);
            svg_text(out, nx, y + 25, "start", c->alerts[i] ? "gap" : NULL, x ? x : "");
            free(x);
        } else {
            svg_text(out, nx, y + 25, "start", b < a ? "gap" : NULL, note);
        }
    }
    svg_close(out);
}

/* ------------------------------------------------------------------- cap */

/* Per household class: a bar of self-funding per household (green within
 * the cap, red above it) and the cap as a dashed line. */
static void chart_cap(const rf_doc *d, const rf_chart *c, FILE *out)
{
    const double width = 960, row_h = 24, top = 34, right = 200;
    double left;
    rf_fen vmax = bars_extent(c, &left);
    bool same_cap = true;
    for (size_t i = 0; i < c->n_labels; i++)
        if (c->b[i] != c->b[0])
            same_cap = false;
    int64_t step;
    int64_t axis = rf_nice_axis(vmax + vmax / 10, 100, &step);
    double pw = width - left - right;
    double height = top + row_h * (double)(c->n_labels ? c->n_labels : 1) + 28;
    svg_open(out, c, width, height);
    double lx = left;
    legend_item(out, &lx, 12, "#3a9a5b", L("户均自筹（元，未超上限）", "per household (yuan), within the cap"));
    legend_item(out, &lx, 12, "#c0392b", L("超出上限", "over the cap"));
    if (no_data(out, d, c, width, top + row_h / 2))
        return;
    double bottom = top + row_h * (double)c->n_labels;
    x_axis(out, left, pw, top, bottom, axis, step, false, NULL);
    char buf[40], cap[40], note[160];
    for (size_t i = 0; i < c->n_labels; i++) {
        double y = top + row_h * (double)i;
        rf_fen a = c->a[i] > 0 ? c->a[i] : 0, b = c->b[i] > 0 ? c->b[i] : 0;
        double xa = left + pw * (double)a / (double)axis;
        bool over = a > b;
        svg_text(out, left - 8, y + row_h / 2, "end", NULL, c->labels[i]);
        yuan_text(a, buf);
        svgf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"><title>",
             left, y + 5, xa - left, over ? "#c0392b" : "#3a9a5b");
        rf_html_text(out, c->labels[i]);
        fputs(": ", out);
        rf_html_text(out, buf);
        fputs(L(" 元", " yuan"), out);
        fputs("</title></rect>\n", out);
        if (over) {
            yuan_text(a - b, cap);
            snprintf(note, sizeof note, L("%s 元（超出 %s）", "%s yuan (%s over)"), buf, cap);
        } else {
            snprintf(note, sizeof note, L("%s 元", "%s yuan"), buf);
        }
        double xb = left + pw * (double)b / (double)axis;
        svg_text(out, (xa > xb ? xa : xb) + 6, y + row_h / 2, "start", NULL, note);
        if (!same_cap)
            svgf(out,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#a4161a\" "
                 "stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n",
                 xb, y + 1, xb, y + row_h - 1);
    }
    if (same_cap) {
        double xb = left + pw * (double)(c->b[0] > 0 ? c->b[0] : 0) / (double)axis;
        yuan_text(c->b[0], cap);
        svgf(out,
             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#a4161a\" "
             "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
             xb, top - 4, xb, bottom);
        snprintf(note, sizeof note, L("上限 %s 元", "cap %s yuan"), cap);
        double tx = lx > xb - text_px(note) / 2 - 4 ? lx : xb;
        svg_text(out, tx, 12, lx > xb - text_px(note) / 2 - 4 ? "start" : "middle", "cap", note);
    }
    svg_close(out);
}

/* ----------------------------------------------------------------- pairs */

/* Per label: a grey bar for A over a blue bar for B, the builder's note
 * (the change) beside them, red when it is an alert. */
static void chart_pairs(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    money_rows g = money_rows_open(c, o, out);
    const double width = g.width, row_h = g.row_h, top = g.top, left = g.left, pw = g.pw;
    const int64_t axis = g.axis, step = g.step;
    double lx = left;
    legend_item(out, &lx, 12, "#9aa5b1", L("A（基准）", "A (base)"));
    legend_item(out, &lx, 12, "#2f6db5", L("B（变更后）", "B (changed)"));
    if (no_data(out, d, c, width, top + row_h / 2))
        return;
    double bottom = top + row_h * (double)c->n_labels;
    x_axis(out, left, pw, top, bottom, axis, step, true, o);
    char buf[64];
    for (size_t i = 0; i < c->n_labels; i++) {
        double y = top + row_h * (double)i;
        rf_fen a = c->a[i] > 0 ? c->a[i] : 0, b = c->b[i] > 0 ? c->b[i] : 0;
        double xa = left + pw * (double)a / (double)axis, xb = left + pw * (double)b / (double)axis;
        svg_text(out, left - 8, y + row_h / 2, "end", NULL, c->labels[i]);
        bar(out, left, y + 5, xa - left, "#9aa5b1", c->labels[i], " A ",
            money_text(o, a, buf, sizeof buf));
        bar(out, left, y + 19, xb - left, "#2f6db5", c->labels[i], " B ",
            money_text(o, b, buf, sizeof buf));
        char *note = label_note(d, c, o, i);
        if (note)
            svg_text(out, (xa > xb ? xa : xb) + 6, y + 25, "start",
                     c->alerts[i] ? "gap" : NULL, note);
        free(note);
    }
    svg_close(out);
}

/* ------------------------------------------------------------------ line */

/* One line per series over the labels (evenly spaced along x), round
 * ticks on the money axis, a dashed line at each label with a note. */
static void chart_line(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    const double width = 960, height = 420, left = 90, right = 210, top = 30, bottom = 60;
    size_t n = c->n_labels;
    rf_fen vmax = 0;
    for (size_t k = 0; k < c->n_series; k++)
        for (size_t i = 0; i < n; i++)
            if (c->values[k * n + i] > vmax)
                vmax = c->values[k * n + i];
    int64_t unit = o->yuan ? 100 : 1000000, step;
    int64_t axis = rf_nice_axis(vmax, unit, &step);
    double pw = width - left - right, ph = height - top - bottom;
    svg_open(out, c, width, height);
    if (n == 0 || c->n_series == 0) {
        svg_text(out, width / 2, height / 2, "middle", "axis", L("无数据", "no data"));
        svg_close(out);
        return;
    }
    char buf[64];
    for (int64_t t = 0; t <= axis; t += step) {
        double y = top + ph - ph * (double)t / (double)axis;
        svgf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
             y, left + pw, y);
        svg_text(out, left - 6, y, "end", "axis", money_text(o, t, buf, sizeof buf));
    }
#define LX(i) (left + (n > 1 ? pw * (double)(i) / (double)(n - 1) : pw / 2))
    /* At most about ten x labels, evenly picked. */
    size_t every = n > 10 ? (n + 9) / 10 : 1;
    for (size_t i = 0; i < n; i += every)
        svg_text(out, LX(i), top + ph + 14, "middle", "axis", c->labels[i]);
    for (size_t i = 0; i < n; i++) {
        char *note = label_note(d, c, o, i);
        if (!note)
            continue;
        double x = i > 0 ? (LX(i - 1) + LX(i)) / 2 : LX(i);
        svgf(out,
             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#5a6775\" "
             "stroke-dasharray=\"5 4\"/>\n",
             x, top, x, top + ph);
        svg_text(out, x + 4, top + 8, "start", c->alerts[i] ? "gap" : NULL, note);
        free(note);
    }
    for (size_t k = 0; k < c->n_series; k++) {
        const char *colour = PALETTE[k % N_PALETTE];
        piece p = {.out = out};
        piece_str(&p, "<polyline fill=\"none\" stroke=\"");
        piece_str(&p, colour);
        piece_str(&p, "\" stroke-width=\"2\" points=\"");
        for (size_t i = 0; i < n; i++) {
            rf_fen v = c->values[k * n + i] > 0 ? c->values[k * n + i] : 0;
            if (i)
                piece_str(&p, " ");
            piece_1f(&p, LX(i));
            piece_str(&p, ",");
            piece_1f(&p, top + ph - ph * (double)v / (double)axis);
        }
        piece_str(&p, "\"><title>");
        piece_html(&p, c->series[k]);
        piece_str(&p, "</title></polyline>\n");
        piece_flush(&p);
        double ly = top + 8 + 20.0 * (double)k, lx = left + pw + 14;
        svgf(out,
             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
             "stroke-width=\"3\"/>\n",
             lx, ly, lx + 20, ly, colour);
        svg_text(out, lx + 26, ly, "start", NULL, c->series[k]);
    }
#undef LX
    svg_close(out);
}

/* ---------------------------------------------------------------- ranked */

/* Per label, in the builder's order: a bar of |a| (yuan) in its group's
 * colour, the groups as the legend, round ticks in yuan with the value
 * axis's title under them, the label's note beside its bar. */
static void chart_ranked(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    /* Rules have long names and their notes say a range: the margins are
     * as wide as they need (the page scales the picture down). */
    const double row_h = 24, top = 34, pw = 360;
    double left = 80, right = 200;
    rf_fen vmax = 0;
    for (size_t i = 0; i < c->n_labels; i++) {
        rf_fen v = c->a[i] < 0 ? -c->a[i] : c->a[i];
        if (v > vmax)
            vmax = v;
        if (text_px(c->labels[i]) + 14 > left)
            left = text_px(c->labels[i]) + 14;
        char *note = label_note(d, c, o, i);
        if (note && text_px(note) + 16 > right)
            right = text_px(note) + 16;
        free(note);
    }
    if (left > 420)
        left = 420;
    if (right > 640)
        right = 640;
    const double width = left + pw + right;
    int64_t step;
    int64_t axis = rf_nice_axis(vmax, 100, &step);
    double bottom = top + row_h * (double)(c->n_labels ? c->n_labels : 1);
    svg_open(out, c, width, bottom + (c->value_title ? 48 : 28));
    double lx = left;
    for (size_t k = 0; k < c->n_series; k++)
        legend_item(out, &lx, 12, PALETTE[k % N_PALETTE], c->series[k]);
    if (no_data(out, d, c, width, top + row_h / 2))
        return;
    x_axis(out, left, pw, top, bottom, axis, step, false, NULL);
    if (c->value_title)
        svg_text(out, left + pw / 2, bottom + 32, "middle", "axis", c->value_title);
    for (size_t i = 0; i < c->n_labels; i++) {
        double y = top + row_h * (double)i;
        rf_fen v = c->a[i] < 0 ? -c->a[i] : c->a[i];
        double x = left + pw * (double)v / (double)axis;
        size_t g = c->b[i] >= 0 ? (size_t)c->b[i] : 0;
        char *note = label_note(d, c, o, i);
        svg_text(out, left - 8, y + row_h / 2, "end", NULL, c->labels[i]);
        svgf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"><title>",
             left, y + 5, x - left, PALETTE[g % N_PALETTE]);
        rf_html_text(out, c->labels[i]);
        if (note) {
            fputs(": ", out);
            rf_html_text(out, note);
        }
        fputs("</title></rect>\n", out);
        if (note)
            svg_text(out, x + 6, y + row_h / 2, "start", c->alerts[i] ? "gap" : NULL, note);
        free(note);
    }
    svg_close(out);
}

/* A chart with nothing to show: its caption and one sentence. */
static bool chart_instead(const rf_doc *d, const rf_chart *c, const rf_emit_options *o, FILE *out)
{
    fputs("<figure class=\"chart none\" id=\"chart-", out);
    rf_html_text(out, c->id);
    fputs("\"><figcaption>", out);
    rf_html_text(out, c->title);
    fputs("</figcaption>\n<p>", out);
    bool ok = html_expanded(out, d, o, c->instead);
    fputs("</p>\n</figure>\n", out);
    return ok;
}

/* ---------------------------------------------------------------- tables */

/* Writes row r of t, gathered in memory and written in one go. */
static void emit_row(FILE *out, const rf_table *t, size_t r, const rf_cell_style *st)
{
#define PUT(lit) piece_put(&p, lit, sizeof lit - 1)
    piece p = {.out = out};
    char buf[256];
    PUT("<tr>");
    for (size_t c = 0; c < t->n_cols; c++) {
        const rf_cell *cell = &t->cells[r * t->n_cols + c];
        rf_cell_format(cell, &st[c], buf, sizeof buf);
        bool number = rf_cell_is_number(cell->kind);
        if (number && cell->flag)
            PUT("<td class=\"n flag\">");
        else if (number)
            PUT("<td class=\"n\">");
        else if (cell->flag)
            PUT("<td class=\"flag\">");
        else
            PUT("<td>");
        if (number) /* digits and , . - % alone: nothing to escape */
            piece_str(&p, buf);
        else
            piece_html(&p, buf);
        PUT("</td>");
    }
    PUT("</tr>\n");
    piece_flush(&p);
#undef PUT
}

static bool emit_table(const rf_doc *d, const rf_table *t, const rf_emit_options *o, FILE *out)
{
    rf_cell_style base = rf_emit_style(d, o, true);
    rf_cell_style *st = rf_emit_column_styles(t, &base);
    if (!st)
        return false;
    fputs("<div class=\"tw\"><table id=\"table-", out);
    rf_html_text(out, t->id);
    fputs("\">\n<caption>", out);
    rf_html_text(out, t->title);
    fputs("</caption>\n<thead><tr>", out);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputs("<th scope=\"col\">", out);
        rf_html_text(out, t->headers[c]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    size_t body = t->has_total && t->n_rows ? t->n_rows - 1 : t->n_rows;
    for (size_t r = 0; r < body; r++)
        emit_row(out, t, r, st);
    fputs("</tbody>\n", out);
    if (body < t->n_rows) {
        fputs("<tfoot>\n", out);
        emit_row(out, t, body, st);
        fputs("</tfoot>\n", out);
    }
    fputs("</table></div>\n", out);
    free(st);
    return true;
}

/* ---------------------------------------------------------------- page */

/* The order the sections are written in: the first, then those holding
 * only charts, then the rest, so the pictures are seen before the detail
 * tables.  Returns a new array of d->n_sections indexes, or NULL when out
 * of memory. */
static size_t *section_order(const rf_doc *d)
{
    size_t *order = malloc((d->n_sections ? d->n_sections : 1) * sizeof *order);
    if (!order)
        return NULL;
    size_t n = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < d->n_sections; i++) {
            const rf_section *s = &d->sections[i];
            bool charts_only = s->n_charts && !s->n_paragraphs && !s->n_tables;
            if ((pass == 0 && i == 0) || (pass == 1 && i > 0 && charts_only) ||
                (pass == 2 && i > 0 && !charts_only))
                order[n++] = i;
        }
    return order;
}

/* Writes s's paragraphs (an indented one as a list item) and tables;
 * false when out of memory. */
static bool emit_section_text(const rf_doc *d, const rf_section *s, const rf_emit_options *o,
                              FILE *out)
{
    bool in_list = false, ok = true;
    for (size_t k = 0; k < s->n_paragraphs; k++) {
        const char *p = s->paragraphs[k];
        size_t lead = strspn(p, " \t");
        if (lead && !in_list)
            fputs("<ul class=\"detail\">\n", out);
        else if (!lead && in_list)
            fputs("</ul>\n", out);
        in_list = lead > 0;
        fputs(lead ? "<li>" : "<p>", out);
        ok = ok && html_expanded(out, d, o, p + lead);
        fputs(lead ? "</li>\n" : "</p>\n", out);
    }
    if (in_list)
        fputs("</ul>\n", out);
    for (size_t k = 0; k < s->n_tables && ok; k++)
        ok = emit_table(d, s->tables[k], o, out);
    return ok;
}

/* Writes s's charts, counting them on from *chart_index (the bars of each
 * chart take their colours by it); false when out of memory. */
static bool emit_section_charts(const rf_doc *d, const rf_section *s, const rf_emit_options *o,
                                int *chart_index, FILE *out)
{
    bool ok = true;
    for (size_t k = 0; k < s->n_charts && ok; k++) {
        const rf_chart *c = s->charts[k];
        if (c->instead) {
            ok = chart_instead(d, c, o, out);
            continue;
        }
        switch (c->kind) {
        case RF_CHART_FLOW:
            ok = chart_flow(d, c, o, out);
            break;
        case RF_CHART_BARS:
            chart_bars(d, c, o, *chart_index, out);
            break;
        case RF_CHART_CAP:
            chart_cap(d, c, out);
            break;
        case RF_CHART_PAIRS:
            chart_pairs(d, c, o, out);
            break;
        case RF_CHART_LINE:
            chart_line(d, c, o, out);
            break;
        case RF_CHART_RANKED:
            chart_ranked(d, c, o, out);
            break;
        }
        (*chart_index)++;
    }
    return ok;
}

rf_status rf_emit_html(const rf_doc *d, const rf_emit_options *o, FILE *out)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"relocfund\">\n<title>",
            d->chinese ? "zh-CN" : "en");
    rf_html_text(out, d->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", STYLE);
    rf_html_text(out, d->title);
    fputs("</h1>\n", out);
    if (d->subtitle) {
        fputs("<p class=\"sub\">", out);
        rf_html_text(out, d->subtitle);
        fputs("</p>\n", out);
    }
    fprintf(out, "<p class=\"unit\">%s</p>\n</header>\n", rf_emit_unit(d, o));
    size_t *order = section_order(d);
    if (!order)
        return RF_ERR_SOLVER;
    int chart_index = 0;
    bool ok = true;
    for (size_t j = 0; j < d->n_sections && ok; j++) {
        size_t i = order[j];
        const rf_section *s = &d->sections[i];
        fprintf(out, "<section id=\"s%zu\">\n<h2>", i + 1);
        rf_html_text(out, s->heading);
        fputs("</h2>\n", out);
        ok = emit_section_text(d, s, o, out) && emit_section_charts(d, s, o, &chart_index, out);
        fputs("</section>\n", out);
    }
    free(order);
    fputs("</body>\n</html>\n", out);
    if (!ok)
        return RF_ERR_SOLVER;
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}

rf_status rf_emit_html_parts(const rf_doc *d, const rf_emit_options *o, FILE *summary,
                             FILE *charts)
{
    if (!o)
        o = &RF_EMIT_DEFAULTS;
    size_t *order = section_order(d);
    if (!order)
        return RF_ERR_SOLVER;
    int chart_index = 0;
    bool ok = !d->n_sections || emit_section_text(d, &d->sections[0], o, summary);
    for (size_t j = 0; j < d->n_sections && ok; j++)
        ok = emit_section_charts(d, &d->sections[order[j]], o, &chart_index, charts);
    free(order);
    if (!ok)
        return RF_ERR_SOLVER;
    return ferror(summary) || ferror(charts) ? RF_ERR_OUTPUT : RF_OK;
}
