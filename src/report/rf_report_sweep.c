/* rf_report_sweep: a sweep as a table, as JSON (relocfund-sweep/1) and as an SVG line chart. */
#include "rf_report_sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_emit.h"
#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_report_compare.h"

#define L(zh, en) (chinese ? (zh) : (en))

bool rf_report_path_amount(const char *path, int64_t value, int decimals, rf_fen *fen)
{
    static const char *const LUMP[] = {"arrived", "budget", "infrastructure", "public_services",
                                       "land", "employment_base_need"};
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    bool lump = strncmp(path, "disbursed.", 10) == 0;
    for (size_t i = 0; i < sizeof LUMP / sizeof LUMP[0] && !lump; i++)
        lump = strcmp(last, LUMP[i]) == 0;
    if (!lump || decimals > 2)
        return false;
    *fen = value;
    for (int k = decimals; k < 2; k++)
        *fen *= 10;
    return true;
}

char *rf_report_path_value(char buf[48], const char *path, int64_t value, int decimals)
{
    rf_fen fen;
    if (rf_report_path_amount(path, value, decimals, &fen))
        return rf_amount_mark(buf, fen);
    return rf_fixed_text(buf, value, decimals, decimals, true);
}

/* The swept value as a cell: money when it is a lump sum. */
static void value_cell(rf_cell *c, const rf_sweep *sw, int64_t value)
{
    rf_fen fen;
    if (rf_report_path_amount(sw->path, value, sw->decimals, &fen))
        rf_cell_money(c, fen);
    else
        rf_cell_decimal(c, value, sw->decimals);
}

rf_doc *rf_report_sweep(const rf_sweep *sw, bool chinese)
{
    rf_doc *d = rf_doc_newf(chinese, L("参数扫描：%s", "Sweep: %s"), sw->path);
    if (!d)
        return NULL;
    char a[48], b[48];
    rf_doc_subtitle(d, L("情景 %s；%zu 个取值", "scenario %s; %zu points"), sw->scenario,
                    sw->n_points);
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    for (size_t i = 0; i < sw->n_sets; i++)
        rf_doc_paragraph(d, sec, L("固定变更：%s", "Fixed change: %s"), sw->sets[i]);
    if (sw->n_points)
        rf_doc_paragraph(d, sec, L("%s 从 %s 到 %s。", "%s from %s to %s."), sw->path,
                         rf_report_path_value(a, sw->path, sw->points[0].value, sw->decimals),
                         rf_report_path_value(b, sw->path, sw->points[sw->n_points - 1].value,
                                              sw->decimals));
    size_t breaks = 0;
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        breaks++;
        rf_doc_paragraph(d, sec,
                         L("转折点：在 %s 与 %s 之间，方案状态由“%s”变为“%s”。",
                           "Break point: between %s and %s the status changes from \"%s\" to "
                           "\"%s\"."),
                         rf_report_path_value(a, sw->path, sw->points[i - 1].value, sw->decimals),
                         rf_report_path_value(b, sw->path, sw->points[i].value, sw->decimals),
                         rf_plan_status_label(sw->points[i - 1].key.status, chinese),
                         rf_plan_status_label(sw->points[i].key.status, chinese));
    }
    if (!breaks && sw->n_points)
        rf_doc_paragraph(
            d, sec,
            L("整个范围内方案状态不变：%s。", "The status is the same over the whole range: %s."),
            rf_plan_status_label(sw->points[0].key.status, chinese));
    const char *h[] = {sw->path,
                       L("方案状态", "status"),
                       L("资金缺口", "unfunded gap"),
                       L("超出上限的自筹", "self-funding over cap"),
                       L("超上限户数", "households over cap"),
                       L("建档立卡自筹", "registered self-funding"),
                       L("户均自筹（元）", "per household (yuan)"),
                       L("整合涉农资金", "integrated agri"),
                       L("结余→就业基地", "surplus → employment"),
                       L("结余→产业", "surplus → industry"),
                       L("贷款动用", "loans drawn")};
    rf_table *t =
        rf_doc_table(d, sec, "sweep", L("各取值的主要指标", "Key figures at each point"), 11, h);
    for (size_t i = 0; i < sw->n_points; i++) {
        const rf_sweep_point *pt = &sw->points[i];
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            break;
        value_cell(&r[0], sw, pt->value);
        rf_cell_text(d, &r[1], rf_plan_status_label(pt->key.status, chinese));
        r[0].flag = r[1].flag = pt->status_changed;
        rf_cell_money(&r[2], pt->key.unfunded);
        r[2].flag = pt->key.unfunded > 0;
        rf_cell_money(&r[3], pt->key.cap_excess);
        r[3].flag = pt->key.cap_excess > 0;
        rf_cell_count(&r[4], pt->key.households_over_cap);
        rf_cell_money(&r[5], pt->key.registered_self_funding);
        rf_cell_yuan(&r[6], rf_key_figures_per_household(&pt->key));
        rf_cell_money(&r[7], pt->key.integrated_agri);
        rf_cell_money(&r[8], pt->key.surplus_employment_base);
        rf_cell_money(&r[9], pt->key.surplus_industry);
        rf_cell_money(&r[10], pt->key.loans_drawn);
    }
    /* The line chart: each amount against the swept value, the break
     * points marked with the status after them. */
    rf_section *cs = rf_doc_section(d, L("图表", "Charts"));
    rf_chart *line = rf_doc_chart(d, cs, RF_CHART_LINE, "sweep",
                                  L("各取值的主要金额", "Key amounts at each point"));
    rf_fen *v = calloc(sw->n_points ? sw->n_points : 1, sizeof *v);
    if (line && v) {
        for (size_t i = 0; i < sw->n_points; i++) {
            char label[48], x[48];
            rf_fen fen;
            if (rf_report_path_amount(sw->path, sw->points[i].value, sw->decimals, &fen))
                rf_fixed_text(label, fen, 6, rf_fixed_decimals(fen, 6, 4), true);
            else
                rf_fixed_text(label, sw->points[i].value, sw->decimals, sw->decimals, true);
            int at = rf_chart_label(d, line, label, 0, 0);
            if (sw->points[i].status_changed) {
                snprintf(x, sizeof x, "%s", rf_plan_status_label(sw->points[i].key.status, chinese));
                rf_chart_note(d, line, at, x, sw->points[i].key.status != RF_PLAN_BALANCED);
            }
        }
        /* Each line, and its column of the table above (the same numbers). */
        const struct {
            const char *zh, *en;
            size_t offset, col;
        } series[] = {
            {"资金缺口", "unfunded gap", offsetof(rf_key_figures, unfunded), 2},
            {"超出上限的自筹", "self-funding over cap", offsetof(rf_key_figures, cap_excess), 3},
            {"建档立卡自筹", "registered self-funding",
             offsetof(rf_key_figures, registered_self_funding), 5},
            {"整合涉农资金", "integrated agri", offsetof(rf_key_figures, integrated_agri), 7},
            {"结余→就业基地", "surplus → employment",
             offsetof(rf_key_figures, surplus_employment_base), 8},
            {"结余→产业", "surplus → industry", offsetof(rf_key_figures, surplus_industry), 9},
        };
        size_t cols[sizeof series / sizeof series[0]];
        for (size_t k = 0; k < sizeof series / sizeof series[0]; k++) {
            for (size_t i = 0; i < sw->n_points; i++)
                v[i] = *(const rf_fen *)((const char *)&sw->points[i].key + series[k].offset);
            rf_chart_series(d, line, L(series[k].zh, series[k].en), v);
            cols[k] = series[k].col;
        }
        rf_fen fen;
        rf_chart_axes(d, line, sw->path,
                      sw->n_points &&
                          rf_report_path_amount(sw->path, sw->points[0].value, sw->decimals, &fen),
                      NULL);
        rf_chart_data(d, line, t, 0, cols);
    }
    free(v);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

rf_status rf_report_sweep_json(const rf_sweep *sw, FILE *out)
{
    char v[48];
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-sweep/1");
    rf_jw_string(&w, "scenario", sw->scenario);
    rf_jw_string(&w, "path", sw->path);
    rf_jw_array(&w, "points", &RF_JW_LINES);
    for (size_t i = 0; i < sw->n_points; i++) {
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_raw(&w, "value", rf_sweep_value_text(v, sw->points[i].value, sw->decimals));
        rf_report_key_figures_json(&w, "key", &sw->points[i].key);
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    rf_jw_array(&w, "break_points", &RF_JW_LINES);
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_raw(&w, "after", rf_sweep_value_text(v, sw->points[i - 1].value, sw->decimals));
        rf_jw_raw(&w, "at", rf_sweep_value_text(v, sw->points[i].value, sw->decimals));
        rf_jw_string(&w, "from", rf_plan_status_id(sw->points[i - 1].key.status));
        rf_jw_string(&w, "to", rf_plan_status_id(sw->points[i].key.status));
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    return rf_jw_finish(&w);
}

/* ---- SVG ---- */

static void svg_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", out);
        else if (*s == '>')
            fputs("&gt;", out);
        else if (*s == '&')
            fputs("&amp;", out);
        else if (*s == '"')
            fputs("&quot;", out);
        else
            fputc(*s, out);
    }
}

rf_status rf_report_sweep_svg(const rf_sweep *sw, bool chinese, FILE *out)
{
    enum { W = 860, H = 460, LEFT = 80, RIGHT = 200, TOP = 40, BOTTOM = 60 };
    struct {
        const char *label;
        const char *colour;
        size_t offset;
    } series[] = {
        {L("资金缺口", "unfunded gap"), "#d62728", offsetof(rf_key_figures, unfunded)},
        {L("超出上限的自筹", "self-funding over cap"), "#ff7f0e",
         offsetof(rf_key_figures, cap_excess)},
        {L("建档立卡自筹", "registered self-funding"), "#1f77b4",
         offsetof(rf_key_figures, registered_self_funding)},
        {L("整合涉农资金", "integrated agri"), "#2ca02c",
         offsetof(rf_key_figures, integrated_agri)},
        {L("结余→就业基地", "surplus → employment"), "#9467bd",
         offsetof(rf_key_figures, surplus_employment_base)},
        {L("结余→产业", "surplus → industry"), "#8c564b",
         offsetof(rf_key_figures, surplus_industry)},
    };
    size_t ns = sizeof series / sizeof series[0];
    double xmin = 0, xmax = 1, ymax = 0;
    double scale = 1;
    for (int k = 0; k < sw->decimals; k++)
        scale *= 10;
    if (sw->n_points) {
        xmin = (double)sw->points[0].value / scale;
        xmax = (double)sw->points[sw->n_points - 1].value / scale;
    }
    if (xmax == xmin)
        xmax = xmin + 1;
    rf_fen vmax = 0;
    for (size_t i = 0; i < sw->n_points; i++)
        for (size_t k = 0; k < ns; k++) {
            rf_fen v = *(const rf_fen *)((const char *)&sw->points[i].key + series[k].offset);
            if (v > vmax)
                vmax = v;
        }
    /* Round ticks: a nice maximum in whole 万元. */
    int64_t ystep;
    ymax = (double)rf_nice_axis(vmax, RF_FEN_PER_WAN, &ystep) / RF_FEN_PER_WAN;
    double ytick = (double)ystep / RF_FEN_PER_WAN;
    double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
#define SX(x) (LEFT + ((x)-xmin) / (xmax - xmin) * pw)
#define SY(y) (TOP + ph - (y) / ymax * ph)
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"", out);
    fprintf(out, "%d\" y=\"22\" font-size=\"15\">", LEFT);
    svg_text(out, chinese ? "参数扫描：" : "Sweep: ");
    svg_text(out, sw->path);
    fputs(chinese ? " (万元)</text>\n" : " (万元)</text>\n", out);
    /* Axes and ticks. */
    fprintf(out, "<line x1=\"%d\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n", LEFT,
            TOP + ph, LEFT + pw, TOP + ph);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%g\" stroke=\"black\"/>\n", LEFT, TOP,
            LEFT, TOP + ph);
    char tick[48];
    for (double y = 0; y <= ymax + ytick / 2; y += ytick) {
        fprintf(out, "<text x=\"%d\" y=\"%g\" text-anchor=\"end\">%s</text>\n", LEFT - 6,
                SY(y) + 4, rf_count_text(tick, (int64_t)llround(y), true));
        fprintf(out, "<line x1=\"%d\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#ddd\"/>\n", LEFT,
                SY(y), LEFT + pw, SY(y));
    }
    /* The x ticks are the swept values themselves (at most about six). */
    size_t every = sw->n_points > 6 ? (sw->n_points + 5) / 6 : 1;
    for (size_t i = 0; i < sw->n_points; i += every) {
        rf_fen fen;
        if (rf_report_path_amount(sw->path, sw->points[i].value, sw->decimals, &fen))
            rf_fixed_text(tick, fen, 6, rf_fixed_decimals(fen, 6, 4), true); /* 万元 */
        else
            rf_fixed_text(tick, sw->points[i].value, sw->decimals, sw->decimals, true);
        fprintf(out, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">%s</text>\n",
                SX((double)sw->points[i].value / scale), TOP + ph + 18, tick);
    }
    fprintf(out, "<text x=\"%g\" y=\"%d\" text-anchor=\"middle\">", LEFT + pw / 2, H - 14);
    svg_text(out, sw->path);
    fputs("</text>\n", out);
    /* Status changes. */
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        double x = ((double)sw->points[i - 1].value + (double)sw->points[i].value) / 2 / scale;
        fprintf(out,
                "<line x1=\"%g\" y1=\"%d\" x2=\"%g\" y2=\"%g\" stroke=\"#555\" "
                "stroke-dasharray=\"5,4\"/>\n<text x=\"%g\" y=\"%d\" font-size=\"11\">",
                SX(x), TOP, SX(x), TOP + ph, SX(x) + 3, TOP + 12);
        svg_text(out, rf_plan_status_label(sw->points[i].key.status, chinese));
        fputs("</text>\n", out);
    }
    /* Lines and the legend. */
    for (size_t k = 0; k < ns; k++) {
        fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
                series[k].colour);
        for (size_t i = 0; i < sw->n_points; i++) {
            rf_fen v = *(const rf_fen *)((const char *)&sw->points[i].key + series[k].offset);
            fprintf(out, "%s%.2f,%.2f", i ? " " : "", SX((double)sw->points[i].value / scale),
                    SY((double)v / RF_FEN_PER_WAN));
        }
        fputs("\"/>\n", out);
        double ly = TOP + 10 + 20.0 * (double)k;
        fprintf(out,
                "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"%s\" "
                "stroke-width=\"3\"/>\n<text x=\"%g\" y=\"%g\">",
                LEFT + pw + 12, ly, LEFT + pw + 32, ly, series[k].colour, LEFT + pw + 38, ly + 4);
        svg_text(out, series[k].label);
        fputs("</text>\n", out);
    }
#undef SX
#undef SY
    fputs("</svg>\n", out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
