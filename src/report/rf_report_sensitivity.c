/* rf_report_sensitivity: sensitivity in words and tables, and as JSON (relocfund-sensitivity/1). */
#include "rf_report_sensitivity.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_model.h"
#include "rf_money.h"
#include "rf_names.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* ---- words ---- */

/* A rate (fen per step, a double from the basis) to the fen. */
static rf_fen fen_of(double rate)
{
    return fabs(rate) <= RF_SENSITIVITY_RATE_EPS ? 0 : (rf_fen)llround(rate);
}

/* An amount of a rate as a mark in the report's unit (its size only). */
static char *rate_amt(char buf[48], double rate)
{
    return rf_amount_mark(buf, fen_of(fabs(rate)));
}

/* A rate per registered household, in yuan (its size only). */
static char *rate_yuan(char buf[48], double rate)
{
    return rf_yuan_mark(buf, fen_of(fabs(rate)));
}

/* "per 1 万元 of X" / "每增加1万元X" for an item. */
static void step_words(const rf_sens_item *it, bool chinese, char *buf, size_t size)
{
    switch (it->kind) {
    case RF_SENS_CAP:
        snprintf(buf, size, L("每户自筹上限每提高1000元", "Each 1,000 yuan more on the cap"));
        break;
    case RF_SENS_HOUSING:
        snprintf(buf, size, L("%s 每平方米造价每增加100元", "Each 100 yuan more per m² at %s"),
                 it->label);
        break;
    default:
        snprintf(buf, size, L("每增加1万元%s", "Each extra 1 万元 of %s"), it->label);
    }
}

/* The value of an item in its own unit, for a sentence: yuan per m² for a
 * housing cost, a yuan mark for the cap, an amount mark otherwise. */
static char *value_text(const rf_sens_item *it, rf_fen v, bool chinese, char buf[64])
{
    char t[48];
    if (it->kind == RF_SENS_HOUSING)
        snprintf(buf, 64, L("%s 元/平方米", "%s yuan per m²"),
                 rf_fixed_text(t, v, 2, rf_fixed_decimals(v, 2, 2), true));
    else if (it->kind == RF_SENS_CAP)
        snprintf(buf, 64, "%s", rf_yuan_mark(t, v));
    else
        snprintf(buf, 64, "%s", rf_amount_mark(t, v));
    return buf;
}

/* Sets a cell to a value of the item: yuan for a housing cost or the cap,
 * money otherwise. */
static void value_cell(const rf_sens_item *it, rf_cell *c, rf_fen v)
{
    if (it->kind == RF_SENS_HOUSING || it->kind == RF_SENS_CAP)
        rf_cell_yuan(c, v);
    else
        rf_cell_money(c, v);
}

/* What a money level measures, as a noun. */
static const char *level_noun(rf_level l, bool chinese)
{
    switch (l) {
    case RF_LEVEL_UNFUNDED_GAP:
        return L("资金缺口", "the unfunded gap");
    case RF_LEVEL_CAP_EXCESS:
        return L("超出上限的自筹", "self-funding over the cap");
    case RF_LEVEL_REGISTERED_SELF_FUNDING:
        return L("建档立卡户自筹", "registered self-funding");
    case RF_LEVEL_SYNCHRONOUS_SELF_FUNDING:
        return L("同步搬迁户自筹", "synchronous self-funding");
    case RF_LEVEL_INTEGRATED_AGRI:
        return L("整合涉农资金", "integrated agri funds");
    case RF_LEVEL_LOANS:
        return L("贷款动用", "loans drawn");
    default:
        return rf_level_label(l, chinese);
    }
}

/* Writes into buf the phrase of the item's rate at money level l ("贷款动用增加 1 万元");
 * returns its length (0 when the rate is nil or not shown). */
static int effect(const rf_sensitivity *r, const rf_sens_item *it, rf_level l, char *buf,
                  size_t size)
{
    bool chinese = r->chinese;
    double v = it->rate[l];
    if (!rf_sensitivity_money_level(l) || fabs(v) <= RF_SENSITIVITY_RATE_EPS)
        return 0;
    char a[48], b[48];
    bool down = v < 0;
    const char *dir = down ? L("减少", "falls by") : L("增加", "rises by");
    switch (l) {
    case RF_LEVEL_REGISTERED_SELF_FUNDING:
        if (r->key.registered_households <= 0)
            return 0;
        return snprintf(buf, size,
                        L("建档立卡户均自筹%s %s（合计 %s）",
                          "registered self-funding per household %s %s (%s in all)"),
                        dir, rate_yuan(a, v / (double)r->key.registered_households),
                        rate_amt(b, v));
    case RF_LEVEL_EMPLOYMENT_BASE:
        return snprintf(buf, size, L("就业基地资金%s %s", "employment-base funding %s %s"),
                        down ? L("增加", "rises by") : L("减少", "falls by"), rate_amt(a, v));
    default:
        return snprintf(buf, size, L("%s%s %s", "%s %s %s"), level_noun(l, chinese), dir,
                        rate_amt(a, v));
    }
}

/* Appends "; effect" phrases for the item's nonzero money rates. */
static void effects(const rf_sensitivity *r, const rf_sens_item *it, char *buf, size_t size)
{
    bool chinese = r->chinese;
    size_t n = strlen(buf);
    const char *sep = L("；", "; ");
    for (int l = 0; l < RF_LEVEL_COUNT && n + 1 < size; l++) {
        char one[512];
        if (effect(r, it, (rf_level)l, one, sizeof one) <= 0)
            continue;
        int w = snprintf(buf + n, size - n, "%s%s", n ? sep : "", one);
        if (w > 0)
            n += (size_t)w;
        if (n >= size)
            n = size - 1;
    }
}

/* Where the rates hold, in readable numbers: a low end under one yuan is
 * "down to 0". */
static void range_words(const rf_sens_item *it, bool chinese, char *buf, size_t size)
{
    char lo[64], hi[64], now[64];
    value_text(it, it->value, chinese, now);
    value_text(it, it->low, chinese, lo);
    bool to_zero = it->low < 100;
    if (to_zero && it->high_unbounded)
        snprintf(buf, size,
                 L("现为 %s；降到 0 或任意增加，这些变化率都不变。",
                   "now %s; down to 0 or up without limit, these rates hold."),
                 now);
    else if (to_zero)
        snprintf(buf, size,
                 L("现为 %s；降到 0、升到 %s 之间这些变化率不变。",
                   "now %s; these rates hold down to 0 and up to %s."),
                 now, value_text(it, it->high, chinese, hi));
    else if (it->high_unbounded)
        snprintf(buf, size,
                 L("现为 %s；在 %s 以上这些变化率不变（降到 %s 以下方案结构改变）。",
                   "now %s; these rates hold from %s up (below %s the plan changes)."),
                 now, lo, lo);
    else
        snprintf(buf, size,
                 L("现为 %s；在 %s 至 %s 之间这些变化率不变。",
                   "now %s; these rates hold between %s and %s."),
                 now, lo, value_text(it, it->high, chinese, hi));
}

/* The most bars the binding-rules chart draws; the table lists them all. */
#define MAX_RULE_BARS 20

/* The first money level, in the policy's order, that the item moves, and
 * its position in that order (RF_LEVEL_COUNT when none). */
static rf_level first_level(const rf_sensitivity *r, const rf_sens_item *it, size_t *pos)
{
    const rf_policy *p = r->scenario->policy;
    for (size_t k = 0; k < p->n_levels; k++) {
        rf_level l = p->levels[k];
        if (rf_sensitivity_money_level(l) && fabs(it->rate[l]) > RF_SENSITIVITY_RATE_EPS) {
            *pos = k;
            return l;
        }
    }
    *pos = RF_LEVEL_COUNT;
    return RF_LEVEL_COUNT;
}

/* Whether binding row i comes before row j in the chart: by the position
 * of the first figure it moves, then by the size of that change, then by
 * how far the rule can be relaxed at that rate (no limit first), then in
 * the table's order. */
static bool rule_before(const rf_sensitivity *r, size_t i, size_t j)
{
    size_t pi, pj;
    rf_level li = first_level(r, &r->rows[i], &pi), lj = first_level(r, &r->rows[j], &pj);
    if (pi != pj)
        return pi < pj;
    /* To the fen, as the bars show them: round-off does not reorder. */
    rf_fen si = fen_of(fabs(r->rows[i].rate[li])), sj = fen_of(fabs(r->rows[j].rate[lj]));
    if (si != sj)
        return si > sj;
    const rf_sens_item *a = &r->rows[i], *b = &r->rows[j];
    if (a->high_unbounded != b->high_unbounded)
        return a->high_unbounded;
    if (!a->high_unbounded && a->high - a->value != b->high - b->value)
        return a->high - a->value > b->high - b->value;
    return i < j;
}

/* The chart of the binding rules (sources arrived, per-person limits,
 * needs, caps), named as the table names them: per rule a bar of what 1
 * 万元 more on it changes in the first figure it moves (the figures in the
 * policy's order, so a rule that moves the gap comes before one that
 * moves loans; within a figure the largest change first), in that
 * figure's colour, the change and where it holds beside it.  At most
 * MAX_RULE_BARS bars; one sentence when nothing binds. */
static void binding_chart(rf_doc *d, rf_section *sec, const rf_sensitivity *r)
{
    bool chinese = r->chinese;
    size_t n = 0, skip;
    for (size_t i = 0; i < r->n_rows; i++)
        n += first_level(r, &r->rows[i], &skip) != RF_LEVEL_COUNT;
    char title[256];
    if (n > MAX_RULE_BARS)
        snprintf(title, sizeof title,
                 L("起约束作用的规则：每放宽1万元的作用（前 %d 条，共 %zu 条，全部见下表）",
                   "Binding rules: what 1 万元 more on each is worth (%d of %zu; the table "
                   "lists all)"),
                 MAX_RULE_BARS, n);
    else
        snprintf(title, sizeof title, "%s",
                 L("起约束作用的规则：每放宽1万元的作用",
                   "Binding rules: what 1 万元 more on each is worth"));
    rf_chart *c = rf_doc_chart(d, sec, RF_CHART_RANKED, "binding_rules", title);
    if (c && n == 0)
        rf_chart_instead(d, c, "%s",
                         L("没有起约束作用的规则：放宽任何一条都不改变资金缺口、自筹、涉农资金和贷款。",
                           "No rule binds: relaxing any of them moves no gap, self-funding, "
                           "integrated agri or loans."));
    rf_chart_axes(d, c, NULL, false,
                  L("每放宽1万元，首先变动的一项的变化（元）",
                    "change of the first figure it moves, per 1 万元 more (yuan)"));
    int group[RF_LEVEL_COUNT];
    for (int l = 0; l < RF_LEVEL_COUNT; l++)
        group[l] = -1;
    /* The rows in chart order: each the first after the one before. */
    size_t prev = SIZE_MAX;
    for (size_t k = 0; k < n && k < MAX_RULE_BARS && c; k++) {
        size_t next = SIZE_MAX;
        for (size_t i = 0; i < r->n_rows; i++)
            if (first_level(r, &r->rows[i], &skip) != RF_LEVEL_COUNT &&
                (prev == SIZE_MAX || rule_before(r, prev, i)) &&
                (next == SIZE_MAX || rule_before(r, i, next)))
                next = i;
        prev = next;
        const rf_sens_item *it = &r->rows[next];
        rf_level l = first_level(r, it, &skip);
        if (group[l] < 0)
            group[l] = rf_chart_series(d, c, level_noun(l, chinese), NULL);
        char note[1024], lo[48], hi[48];
        int w = effect(r, it, l, note, sizeof note);
        if (w < 0 || (size_t)w >= sizeof note)
            w = 0;
        rf_amount_mark(lo, it->low);
        rf_amount_mark(hi, it->high);
        bool to_zero = it->low < 100;
        if (to_zero && it->high_unbounded)
            snprintf(note + w, sizeof note - (size_t)w, "%s", L("（任意取值都如此）", " (at any value)"));
        else if (to_zero)
            snprintf(note + w, sizeof note - (size_t)w,
                     L("（降到 0、升到 %s 之间都如此）", " (down to 0 and up to %s)"), hi);
        else if (it->high_unbounded)
            snprintf(note + w, sizeof note - (size_t)w, L("（%s 以上都如此）", " (from %s up)"),
                     lo);
        else
            snprintf(note + w, sizeof note - (size_t)w,
                     L("（%s 至 %s 之间都如此）", " (between %s and %s)"), lo, hi);
        int at = rf_chart_label(d, c, it->label, fen_of(it->rate[l]), group[l]);
        rf_chart_note(d, c, at, note, l == RF_LEVEL_UNFUNDED_GAP || l == RF_LEVEL_CAP_EXCESS);
    }
}

rf_doc *rf_report_sensitivity(const rf_sensitivity *r)
{
    bool chinese = r->chinese;
    const rf_scenario *s = r->scenario;
    rf_doc *d = rf_doc_newf(chinese, L("%s：敏感性分析", "%s: sensitivity"),
                            rf_label_pick(&s->name, s->id, chinese));
    if (!d)
        return NULL;
    rf_doc_subtitle(d,
                    L("情景 %s；影子价格与范围来自各目标层级的最优基",
                      "scenario %s; shadow prices and ranges from the optimal basis of each "
                      "objective level"),
                    s->id);
    rf_section *sec = rf_doc_section(d, L("结论", "In words"));
    rf_doc_paragraph(d, sec, L("方案状态：%s。", "Status: %s."),
                     rf_plan_status_label(r->key.status, chinese));
    char cap[48];
    rf_yuan_mark(cap, r->self_funding_cap);
    if (r->n_cap_sites) {
        char list[2048] = "";
        for (size_t i = 0; i < r->n_cap_sites; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s%s", i ? L("、", ", ") : "", r->cap_sites[i]);
        }
        rf_doc_paragraph(d, sec,
                         L("每户 %s 的自筹上限在以下安置点起约束作用：%s。",
                           "The self-funding cap of %s binds at sites %s."),
                         cap, list);
    } else {
        rf_doc_paragraph(d, sec,
                         L("每户 %s 的自筹上限在任何安置点都不起约束作用。",
                           "The self-funding cap of %s binds at no site."),
                         cap);
    }
    char quiet[4096] = "";
    for (size_t i = 0; i < r->n_params; i++) {
        const rf_sens_item *it = &r->params[i];
        char head[512], eff[2048] = "", range[512];
        if (!rf_sensitivity_any_rate(it)) {
            size_t n = strlen(quiet);
            snprintf(quiet + n, sizeof quiet - n, "%s%s", n ? L("、", ", ") : "", it->label);
            continue;
        }
        step_words(it, chinese, head, sizeof head);
        effects(r, it, eff, sizeof eff);
        range_words(it, chinese, range, sizeof range);
        rf_doc_paragraph(d, sec, L("%s，%s。%s", "%s: %s; %s"), head, eff, range);
    }
    if (*quiet)
        rf_doc_paragraph(
            d, sec,
            L("以下参数小幅变动不影响资金缺口、自筹、涉农资金和贷款（结余随之增减）：%s。",
              "Small changes of these move no gap, self-funding, integrated agri "
              "or loans (only the surplus moves): %s."),
            quiet);

    /* A parameter is named by its --set path too; a constraint by its name
     * alone (the model's row names are internal). */
    const char *h[] = {L("参数", "parameter"),
                       L("路径", "path"),
                       L("现值", "value"),
                       L("单位", "per"),
                       L("资金缺口", "unfunded gap"),
                       L("超上限自筹", "over cap"),
                       L("建档立卡自筹", "registered self-funding"),
                       L("户均自筹", "per household"),
                       L("同步自筹", "synchronous self-funding"),
                       L("涉农资金", "integrated agri"),
                       L("贷款", "loans"),
                       L("就业基地未满足", "employment base unmet"),
                       L("下限", "low"),
                       L("上限", "high")};
    for (int pass = 0; pass < 2; pass++) {
        const rf_sens_item *items = pass == 0 ? r->params : r->rows;
        size_t n = pass == 0 ? r->n_params : r->n_rows;
        size_t skip = pass == 0 ? 0 : 1; /* the path column */
        rf_section *ts = rf_doc_section(
            d, pass == 0 ? L("参数", "Parameters") : L("起约束作用的约束", "Binding constraints"));
        if (pass == 0)
            rf_doc_paragraph(
                d, ts,
                L("变化率：参数每增加一个单位时各项（元）的变化；在下限与上限之间保持不变。",
                  "Rates: the change (yuan) of each figure per unit of the "
                  "parameter; they hold between low and high."));
        else
            rf_doc_paragraph(d, ts,
                             L("影子价格：约束右端每放宽1万元时各项（元）的变化。",
                               "Shadow prices: the change (yuan) of each figure per 1 万元 "
                               "more on the constraint's right-hand side."));
        const char *hh[14];
        for (size_t k = 0, j = 0; k < 14; k++)
            if (!(skip && k == 1))
                hh[j++] = h[k];
        rf_table *t = rf_doc_table(d, ts, pass == 0 ? "parameters" : "binding_constraints",
                                   pass == 0 ? L("参数", "Parameters")
                                             : L("起约束作用的约束", "Binding constraints"),
                                   14 - skip, hh);
        for (size_t i = 0; i < n; i++) {
            const rf_sens_item *it = &items[i];
            rf_cell *row = rf_doc_row(d, t);
            if (!row)
                break;
            rf_cell_text(d, &row[0], it->label);
            if (!skip)
                rf_cell_text(d, &row[1], it->path);
            rf_cell *c = row - skip; /* columns numbered as in h */
            value_cell(it, &c[2], it->value);
            rf_cell_text(d, &c[3],
                         it->kind == RF_SENS_HOUSING ? L("100元/平方米", "100 yuan/m²")
                         : it->kind == RF_SENS_CAP   ? L("1000元", "1,000 yuan")
                                                     : L("1万元", "1 万元"));
            static const rf_level cols[] = {RF_LEVEL_UNFUNDED_GAP, RF_LEVEL_CAP_EXCESS,
                                            RF_LEVEL_REGISTERED_SELF_FUNDING};
            for (int k = 0; k < 3; k++) {
                rf_cell_yuan(&c[4 + k], fen_of(it->rate[cols[k]]));
                c[4 + k].flag = fabs(it->rate[cols[k]]) > RF_SENSITIVITY_RATE_EPS;
            }
            double ph = r->key.registered_households > 0
                            ? it->rate[RF_LEVEL_REGISTERED_SELF_FUNDING] /
                                  (double)r->key.registered_households
                            : 0;
            rf_cell_yuan(&c[7], fen_of(ph));
            static const rf_level more[] = {RF_LEVEL_SYNCHRONOUS_SELF_FUNDING,
                                            RF_LEVEL_INTEGRATED_AGRI, RF_LEVEL_LOANS,
                                            RF_LEVEL_EMPLOYMENT_BASE};
            for (int k = 0; k < 4; k++) {
                rf_cell_yuan(&c[8 + k], fen_of(it->rate[more[k]]));
                c[8 + k].flag = fabs(it->rate[more[k]]) > RF_SENSITIVITY_RATE_EPS;
            }
            value_cell(it, &c[12], it->low);
            if (it->high_unbounded)
                rf_cell_text(d, &c[13], L("无上限", "no limit"));
            else
                value_cell(it, &c[13], it->high);
        }
    }
    binding_chart(d, rf_doc_section(d, L("图表", "Charts")), r);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

static void json_items(rf_jw *w, const char *key, const rf_sens_item *items, size_t n)
{
    rf_jw_array(w, key, &RF_JW_LINES);
    for (size_t i = 0; i < n; i++) {
        const rf_sens_item *it = &items[i];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_string(w, "path", it->path);
        rf_jw_string(w, "label", it->label);
        rf_jw_yuan(w, "value_yuan", it->value);
        rf_jw_yuan(w, "step_yuan", it->step);
        rf_jw_yuan(w, "low_yuan", it->low);
        if (it->high_unbounded)
            rf_jw_null(w, "high_yuan");
        else
            rf_jw_yuan(w, "high_yuan", it->high);
        rf_jw_object(w, "rates_yuan_per_step", &RF_JW_INLINE);
        for (int l = 0; l < RF_LEVEL_COUNT; l++)
            if (rf_sensitivity_money_level((rf_level)l))
                rf_jw_rawf(w, rf_level_id((rf_level)l), "%.2f",
                           fabs(it->rate[l]) <= RF_SENSITIVITY_RATE_EPS ? 0.0
                                                                        : it->rate[l] / 100.0);
        rf_jw_end(w);
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

rf_status rf_report_sensitivity_json(const rf_sensitivity *r, FILE *out)
{
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-sensitivity/1");
    rf_jw_string(&w, "scenario", r->scenario->id);
    rf_jw_string(&w, "status", rf_plan_status_id(r->key.status));
    rf_jw_int(&w, "registered_households", r->key.registered_households);
    rf_jw_array(&w, "cap_binds_at", &RF_JW_INLINE);
    for (size_t i = 0; i < r->n_cap_sites; i++)
        rf_jw_string(&w, NULL, r->cap_sites[i]);
    rf_jw_end(&w);
    json_items(&w, "parameters", r->params, r->n_params);
    json_items(&w, "binding_constraints", r->rows, r->n_rows);
    return rf_jw_finish(&w);
}
