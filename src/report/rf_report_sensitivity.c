/* rf_report_sensitivity: sensitivity in words and tables, and as JSON (relocfund-sensitivity/1). */
#include "rf_report_sensitivity.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_model.h"
#include "rf_money.h"
#include "rf_names.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* ---- words ---- */

static char *wan(char buf[40], rf_fen v)
{
    return rf_fen_wan(buf, v, true);
}

/* A rate (fen per step) as yuan text with two decimals. */
static char *yuan_rate(char buf[48], double fen)
{
    snprintf(buf, 48, "%.2f", fabs(fen) < 0.005 ? 0.0 : fen / 100.0);
    return buf;
}

static char *wan_rate(char buf[48], double fen)
{
    double w = fabs(fen) / RF_FEN_PER_WAN;
    snprintf(buf, 48, "%.6f", w);
    /* trim zeros */
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
    return buf;
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

/* The value of an item in its own unit, as text. */
static char *value_text(const rf_sens_item *it, rf_fen v, char buf[48])
{
    char t[40];
    if (it->kind == RF_SENS_HOUSING || it->kind == RF_SENS_CAP)
        snprintf(buf, 48, "%s", rf_fen_yuan(t, v, true));
    else
        snprintf(buf, 48, "%s", wan(t, v));
    return buf;
}

static const char *unit_text(const rf_sens_item *it, bool chinese)
{
    if (it->kind == RF_SENS_HOUSING)
        return L("元/平方米", "yuan per m²");
    if (it->kind == RF_SENS_CAP)
        return L("元", "yuan");
    return L("万元", "万元");
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

/* Appends "; effect" phrases for the item's nonzero money rates. */
static void effects(const rf_sensitivity *r, const rf_sens_item *it, char *buf, size_t size)
{
    bool chinese = r->chinese;
    size_t n = strlen(buf);
    char a[48], b[48];
    for (int l = 0; l < RF_LEVEL_COUNT && n < size; l++) {
        double v = it->rate[l];
        if (!rf_sensitivity_money_level((rf_level)l) || fabs(v) <= RF_SENSITIVITY_RATE_EPS)
            continue;
        bool down = v < 0;
        const char *dir = down ? L("减少", "falls by") : L("增加", "rises by");
        int w = 0;
        switch ((rf_level)l) {
        case RF_LEVEL_REGISTERED_SELF_FUNDING:
            if (r->key.registered_households > 0)
                w = snprintf(buf + n, size - n,
                             L("%s建档立卡户均自筹%s %s 元 (合计 %s 万元)",
                               "%sregistered self-funding per household %s %s yuan (%s 万元 in "
                               "all)"),
                             n ? L("; ", "; ") : "", dir,
                             yuan_rate(a, fabs(v) / (double)r->key.registered_households),
                             wan_rate(b, v));
            break;
        case RF_LEVEL_EMPLOYMENT_BASE:
            w = snprintf(buf + n, size - n,
                         L("%s就业基地资金%s %s 万元", "%semployment-base funding %s %s 万元"),
                         n ? "; " : "", down ? L("增加", "rises by") : L("减少", "falls by"),
                         wan_rate(a, v));
            break;
        default:
            w = snprintf(buf + n, size - n, L("%s%s%s %s 万元", "%s%s %s %s 万元"), n ? "; " : "",
                         level_noun((rf_level)l, chinese), dir, wan_rate(a, v));
        }
        if (w > 0)
            n += (size_t)w;
        if (n >= size)
            n = size - 1;
    }
}

static void range_words(const rf_sens_item *it, bool chinese, char *buf, size_t size)
{
    char lo[48], hi[48], now[48];
    const char *unit = unit_text(it, chinese);
    value_text(it, it->value, now);
    value_text(it, it->low, lo);
    if (it->high_unbounded)
        snprintf(buf, size,
                 L("现为 %s %s; 在 %s %s 以上这些变化率不变 (降至 %s %s 之前方案结构不变).",
                   "now %s %s; these rates hold from %s %s up (it can fall to %s %s before the "
                   "plan changes)."),
                 now, unit, lo, unit, lo, unit);
    else
        snprintf(buf, size,
                 L("现为 %s %s; 在 %s 至 %s %s 之间这些变化率不变 (降至 %s %s 之前方案结构不变).",
                   "now %s %s; these rates hold between %s and %s %s (it can fall to %s %s "
                   "before the plan changes)."),
                 now, unit, lo, value_text(it, it->high, hi), unit, lo, unit);
}

rf_doc *rf_report_sensitivity(const rf_sensitivity *r)
{
    bool chinese = r->chinese;
    const rf_scenario *s = r->scenario;
    rf_doc *d = rf_doc_newf(chinese, L("%s: 敏感性分析", "%s: sensitivity"),
                            rf_label_pick(&s->name, s->id, chinese));
    if (!d)
        return NULL;
    rf_doc_subtitle(d,
                    L("情景 %s; 影子价格与范围来自各目标层级的最优基",
                      "scenario %s; shadow prices and ranges from the optimal basis of each "
                      "objective level"),
                    s->id);
    rf_section *sec = rf_doc_section(d, L("结论", "In words"));
    rf_doc_paragraph(d, sec, L("方案状态: %s.", "Status: %s."),
                     rf_plan_status_label(r->key.status, chinese));
    char cap[40];
    rf_fen_yuan(cap, r->self_funding_cap, true);
    if (r->n_cap_sites) {
        char list[2048] = "";
        for (size_t i = 0; i < r->n_cap_sites; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", r->cap_sites[i]);
        }
        rf_doc_paragraph(d, sec,
                         L("%s 元自筹上限在以下安置点起约束作用: %s.",
                           "The %s yuan self-funding cap binds at sites %s."),
                         cap, list);
    } else {
        rf_doc_paragraph(d, sec,
                         L("%s 元自筹上限在任何安置点都不起约束作用.",
                           "The %s yuan self-funding cap binds at no site."),
                         cap);
    }
    char quiet[4096] = "";
    for (size_t i = 0; i < r->n_params; i++) {
        const rf_sens_item *it = &r->params[i];
        char head[512], eff[2048] = "", range[512];
        if (!rf_sensitivity_any_rate(it)) {
            size_t n = strlen(quiet);
            snprintf(quiet + n, sizeof quiet - n, "%s%s", n ? ", " : "", it->label);
            continue;
        }
        step_words(it, chinese, head, sizeof head);
        effects(r, it, eff, sizeof eff);
        range_words(it, chinese, range, sizeof range);
        rf_doc_paragraph(d, sec, L("%s, %s. %s", "%s: %s; %s"), head, eff, range);
    }
    if (*quiet)
        rf_doc_paragraph(
            d, sec,
            L("以下参数小幅变动不影响资金缺口、自筹、涉农资金和贷款 (结余随之增减): %s.",
              "Small changes of these move no gap, self-funding, integrated agri "
              "or loans (only the surplus moves): %s."),
            quiet);

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
        rf_section *ts = rf_doc_section(
            d, pass == 0 ? L("参数", "Parameters") : L("起约束作用的约束", "Binding constraints"));
        if (pass == 0)
            rf_doc_paragraph(
                d, ts,
                L("变化率: 参数每增加一个单位时各项 (元) 的变化; 在下限与上限之间保持不变.",
                  "Rates: the change (yuan) of each figure per unit of the "
                  "parameter; they hold between low and high."));
        else
            rf_doc_paragraph(d, ts,
                             L("影子价格: 约束右端每放宽1万元时各项 (元) 的变化.",
                               "Shadow prices: the change (yuan) of each figure per 1 万元 "
                               "more on the constraint's right-hand side."));
        rf_table *t = rf_doc_table(d, ts, pass == 0 ? "parameters" : "binding_constraints",
                                   pass == 0 ? L("参数", "Parameters")
                                             : L("起约束作用的约束", "Binding constraints"),
                                   14, h);
        for (size_t i = 0; i < n; i++) {
            const rf_sens_item *it = &items[i];
            rf_cell *c = rf_doc_row(d, t);
            if (!c)
                break;
            char a[48];
            rf_cell_text(d, &c[0], it->label);
            rf_cell_text(d, &c[1], it->path);
            rf_cell_text(d, &c[2], value_text(it, it->value, a));
            rf_cell_text(d, &c[3],
                         it->kind == RF_SENS_HOUSING ? L("100元/平方米", "100 yuan/m²")
                         : it->kind == RF_SENS_CAP   ? L("1000元", "1,000 yuan")
                                                     : L("1万元", "1 万元"));
            static const rf_level cols[] = {RF_LEVEL_UNFUNDED_GAP, RF_LEVEL_CAP_EXCESS,
                                            RF_LEVEL_REGISTERED_SELF_FUNDING};
            for (int k = 0; k < 3; k++) {
                rf_cell_text(d, &c[4 + k], yuan_rate(a, it->rate[cols[k]]));
                c[4 + k].flag = fabs(it->rate[cols[k]]) > RF_SENSITIVITY_RATE_EPS;
            }
            double ph = r->key.registered_households > 0
                            ? it->rate[RF_LEVEL_REGISTERED_SELF_FUNDING] /
                                  (double)r->key.registered_households
                            : 0;
            rf_cell_text(d, &c[7], yuan_rate(a, ph));
            static const rf_level more[] = {RF_LEVEL_SYNCHRONOUS_SELF_FUNDING,
                                            RF_LEVEL_INTEGRATED_AGRI, RF_LEVEL_LOANS,
                                            RF_LEVEL_EMPLOYMENT_BASE};
            for (int k = 0; k < 4; k++) {
                rf_cell_text(d, &c[8 + k], yuan_rate(a, it->rate[more[k]]));
                c[8 + k].flag = fabs(it->rate[more[k]]) > RF_SENSITIVITY_RATE_EPS;
            }
            rf_cell_text(d, &c[12], value_text(it, it->low, a));
            rf_cell_text(d, &c[13],
                         it->high_unbounded ? L("无上限", "no limit")
                                            : value_text(it, it->high, a));
        }
    }
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
