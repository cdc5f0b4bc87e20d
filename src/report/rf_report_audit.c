/* rf_report_audit: the roster audit as an rf_doc; see rf_report_audit.h. */
#include "rf_report_audit.h"

#include <stdio.h>
#include <string.h>

#include "rf_date.h"
#include "rf_money.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* Short rule names for the columns of the by-site table. */
static const char *const SHORT_ZH[RF_RULE_COUNT] = {"自筹超限", "面积超标", "未签协议", "逾期未拆",
                                                    "户号重复", "点不存在", "户数提示"};
static const char *const SHORT_EN[RF_RULE_COUNT] = {
    "over cap", "area", "no agr.", "not demol.", "dup. id", "unk. site", "mix (warn)"};

const char *rf_audit_list_header(int column, bool chinese)
{
    static const char *const ZH[] = {"行", "户号", "安置点", "规则", "值", "限额", "单位"};
    static const char *const EN[] = {"row", "household", "site", "rule", "value", "limit", "unit"};
    if (column < 0 || column >= (int)(sizeof ZH / sizeof ZH[0]))
        return "";
    return chinese ? ZH[column] : EN[column];
}

char *rf_audit_entry_rule(const rf_audit_entry *e, bool chinese, char *out, size_t size)
{
    const rf_violation *v = &e->v;
    const char *label = rf_rule_label(v->rule, chinese);
    if (e->household_id || v->rule != RF_RULE_HOUSEHOLD_MIX) {
        snprintf(out, size, "%s", label);
        return out;
    }
    char what[96];
    if (v->mix == RF_MIX_REGISTERED_SIZE)
        snprintf(what, sizeof what, L("建档立卡 %d 人户", "registered %d-person households"),
                 v->size);
    else if (v->mix == RF_MIX_SYNCHRONOUS_HOUSEHOLDS)
        snprintf(what, sizeof what, "%s", L("同步搬迁户数", "synchronous households"));
    else
        snprintf(what, sizeof what, "%s", L("同步搬迁人数", "synchronous people"));
    snprintf(out, size, L("%s（提示）：%s", "%s (warning): %s"), label, what);
    return out;
}

void rf_audit_entry_describe(const rf_audit_entry *e, bool chinese, char value[96], char limit[96])
{
    const rf_violation *v = &e->v;
    char a[40], b[40];
    snprintf(value, 96, "-");
    snprintf(limit, 96, "-");
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
        snprintf(value, 96, "%s %s", rf_fen_yuan(a, v->value, true), L("元", "yuan"));
        snprintf(limit, 96, "%s %s", rf_fen_yuan(b, v->limit, true), L("元", "yuan"));
        break;
    case RF_RULE_AREA_CAP:
        snprintf(value, 96, "%s m²", rf_fen_yuan(a, v->value, true));
        snprintf(limit, 96, "%s m²", rf_fen_yuan(b, v->limit, true));
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        snprintf(value, 96, "%s %s", L("入住", "moved in"), rf_date_format(a, (rf_day)v->value));
        snprintf(limit, 96, "%s", L("须签拆旧协议", "agreement required"));
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            snprintf(value, 96, "%s %s", L("拆除于", "demolished"),
                     rf_date_format(a, (rf_day)v->value));
        else
            snprintf(value, 96, "%s", L("未拆除", "not demolished"));
        snprintf(limit, 96, "%s %s", L("应拆于", "due by"), rf_date_format(b, (rf_day)v->limit));
        break;
    case RF_RULE_DUPLICATE_ID:
        snprintf(value, 96, L("首见于第 %lld 行", "first at row %lld"), (long long)v->value);
        snprintf(limit, 96, "%s", L("一户一宅", "one household one house"));
        break;
    case RF_RULE_UNKNOWN_SITE:
        snprintf(value, 96, "%s", L("方案无此安置点", "no such site"));
        break;
    case RF_RULE_HOUSEHOLD_MIX: {
        const char *unit =
            v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? L("人", "people") : L("户", "households");
        snprintf(value, 96, "%lld %s", (long long)v->value, unit);
        snprintf(limit, 96, "%s %lld %s", L("方案", "scenario:"), (long long)v->limit, unit);
        break;
    }
    default:
        break;
    }
}

/* The summary section: where the figures come from, then the totals. */
static void summary_section(rf_doc *d, const rf_audit_report_info *info,
                            const rf_audit_summary *sum)
{
    bool chinese = info->chinese;
    const rf_scenario *s = info->s;
    char day[16];
    rf_section *sec = rf_doc_section(d, L("摘要", "Summary"));
    rf_doc_paragraph(d, sec, "%s%s", L("名册：", "Roster: "), info->roster_path);
    const char *name = chinese && s->name.zh ? s->name.zh : s->name.en ? s->name.en : "";
    if (*name)
        rf_doc_paragraph(d, sec, L("方案：%s（%s）", "Scenario: %s (%s)"), s->id ? s->id : "",
                         name);
    else
        rf_doc_paragraph(d, sec, "%s%s", L("方案：", "Scenario: "), s->id ? s->id : "");
    rf_doc_paragraph(d, sec, "%s%s", L("审计日期：", "As of: "), rf_date_format(day, info->as_of));
    const char *headers[] = {L("项目", "item"), L("数值", "value")};
    rf_table *t = rf_doc_table(d, sec, "totals", L("总体情况", "Totals"), 2, headers);
    const struct {
        const char *zh, *en;
        int64_t n;
    } rows[] = {
        {"读入户数", "households read", sum->households},
        {"其中建档立卡户", "registered", sum->by_category[RF_CAT_REGISTERED]},
        {"其中同步搬迁户", "synchronous", sum->by_category[RF_CAT_SYNCHRONOUS]},
        {"格式错误行", "malformed rows", sum->bad_rows},
        {"违规条数", "violations", sum->violations},
        {"涉及违规的户数", "households with violations", sum->households_in_violation},
        {"提示条数", "warnings", sum->warnings},
        {"自筹超过上限的户数", "households over the self-funding cap", sum->households_over_cap},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rf_cell *c = rf_doc_row(d, t);
        if (!c)
            return;
        rf_cell_text(d, &c[0], L(rows[i].zh, rows[i].en));
        rf_cell_count(&c[1], rows[i].n);
    }
    rf_cell *c = rf_doc_row(d, t);
    if (c) {
        rf_cell_text(d, &c[0], L("自筹超出上限合计", "self-funding over the cap in all"));
        rf_cell_money(&c[1], sum->over_cap_total);
    }
}

static void by_rule_section(rf_doc *d, bool chinese, const rf_audit_summary *sum)
{
    rf_section *sec = rf_doc_section(d, L("按规则", "By rule"));
    const char *headers[] = {L("规则", "rule"), L("规则代码", "rule id"), L("条数", "count")};
    rf_table *t = rf_doc_table(d, sec, "by_rule", L("按规则", "By rule"), 3, headers);
    for (int r = 0; r < RF_RULE_COUNT; r++) {
        rf_cell *c = rf_doc_row(d, t);
        if (!c)
            return;
        char label[160];
        snprintf(label, sizeof label, "%s%s", rf_rule_label((rf_rule)r, chinese),
                 rf_rule_severity((rf_rule)r) == RF_SEV_WARNING ? L("（提示）", " (warning)") : "");
        rf_cell_text(d, &c[0], label);
        rf_cell_text(d, &c[1], rf_rule_id((rf_rule)r));
        rf_cell_count(&c[2], sum->by_rule[r]);
    }
}

static void by_site_section(rf_doc *d, bool chinese, const rf_scenario *s,
                            const rf_audit_summary *sum)
{
    rf_section *sec = rf_doc_section(d, L("按安置点", "By site"));
    const char *headers[RF_RULE_COUNT + 3];
    headers[0] = L("安置点", "site");
    headers[1] = L("户数", "households");
    for (int r = 0; r < RF_RULE_COUNT; r++)
        headers[2 + r] = chinese ? SHORT_ZH[r] : SHORT_EN[r];
    headers[RF_RULE_COUNT + 2] = L("自筹超出上限", "over the cap");
    rf_table *t =
        rf_doc_table(d, sec, "by_site", L("按安置点", "By site"), RF_RULE_COUNT + 3, headers);
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        rf_cell *c = rf_doc_row(d, t);
        if (!c)
            return;
        rf_cell_text(d, &c[0], k < s->n_sites ? s->sites[k].id : L("（未知）", "(unknown)"));
        rf_cell_count(&c[1], sum->site_households[k]);
        for (int r = 0; r < RF_RULE_COUNT; r++)
            rf_cell_count(&c[2 + r], sum->site_rules[k][r]);
        rf_cell_money(&c[RF_RULE_COUNT + 2], sum->site_over_cap[k]);
    }
}

/* A chart of the self-funding above the cap: per site with such
 * households, their mean self-funding (rounded to the fen) against the
 * cap.  Left out when no household is over the cap. */
static void over_cap_chart(rf_doc *d, bool chinese, const rf_scenario *s,
                           const rf_audit_summary *sum)
{
    if (sum->households_over_cap == 0 || !s->policy)
        return;
    rf_fen cap = s->policy->self_funding_cap;
    rf_section *sec = rf_doc_section(d, L("超出自筹上限", "Self-funding over the cap"));
    rf_chart *ch =
        rf_doc_chart(d, sec, RF_CHART_CAP, "over-cap",
                     L("自筹超过上限的户：户均自筹与上限（按安置点）",
                       "Households over the cap: mean self-funding against the cap, by site"));
    for (size_t k = 0; k <= sum->n_sites; k++) {
        int64_t n = sum->site_rules[k][RF_RULE_SELF_FUNDING_CAP];
        if (n == 0)
            continue;
        char label[300];
        snprintf(label, sizeof label, L("%s（%lld 户）", "%s (%lld)"),
                 k < s->n_sites ? s->sites[k].id : L("（未知）", "(unknown)"), (long long)n);
        rf_chart_label(d, ch, label, cap + rf_div_round(sum->site_over_cap[k], n), cap);
    }
}

/* One row of the list: the value and limit as numbers where they are. */
static void list_row(rf_doc *d, rf_table *t, bool chinese, const rf_audit_entry *e)
{
    rf_cell *c = rf_doc_row(d, t);
    if (!c)
        return;
    const rf_violation *v = &e->v;
    char rule[300], a[16], b[16];
    rf_cell_count(&c[0], v->row);
    if (e->household_id)
        rf_cell_text(d, &c[1], e->household_id);
    rf_cell_text(d, &c[2], e->site_id);
    rf_cell_text(d, &c[3], rf_audit_entry_rule(e, chinese, rule, sizeof rule));
    const char *unit = NULL;
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
        rf_cell_yuan(&c[4], v->value);
        rf_cell_yuan(&c[5], v->limit);
        unit = L("元", "yuan");
        break;
    case RF_RULE_AREA_CAP:
        rf_cell_area(&c[4], v->value);
        rf_cell_area(&c[5], v->limit);
        unit = "m²";
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        rf_cell_text(d, &c[4], rf_date_format(a, (rf_day)v->value));
        unit = L("入住日期", "moved in");
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            rf_cell_text(d, &c[4], rf_date_format(a, (rf_day)v->value));
        rf_cell_text(d, &c[5], rf_date_format(b, (rf_day)v->limit));
        unit = L("日期", "date");
        break;
    case RF_RULE_DUPLICATE_ID:
        rf_cell_count(&c[4], v->value);
        unit = L("首见行", "first row");
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        rf_cell_count(&c[4], v->value);
        rf_cell_count(&c[5], v->limit);
        unit = v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? L("人", "people") : L("户", "households");
        break;
    default:
        break;
    }
    if (unit)
        rf_cell_text(d, &c[6], unit);
}

rf_doc *rf_report_audit(const rf_audit_report_info *info, const rf_audit_summary *sum,
                        rf_audit_entry_next next, void *ctx, rf_error *err)
{
    bool chinese = info->chinese;
    rf_doc *d = rf_doc_new(L("搬迁户名册审计", "Household roster audit"), chinese);
    if (!d)
        goto oom;
    summary_section(d, info, sum);
    by_rule_section(d, chinese, sum);
    by_site_section(d, chinese, info->s, sum);
    over_cap_chart(d, chinese, info->s, sum);
    if (next) {
        rf_section *sec = rf_doc_section(d, L("违规与提示清单", "Violations and warnings"));
        const char *headers[7];
        for (int i = 0; i < 7; i++)
            headers[i] = rf_audit_list_header(i, chinese);
        rf_table *t = rf_doc_table(d, sec, "list", L("违规与提示清单", "Violations and warnings"),
                                   7, headers);
        rf_audit_entry e;
        int got = 0;
        while (rf_doc_ok(d) && (got = next(ctx, &e, err)) > 0)
            list_row(d, t, chinese, &e);
        if (rf_doc_ok(d) && got < 0) {
            rf_doc_free(d);
            return NULL;
        }
    }
    if (rf_doc_ok(d))
        return d;
    rf_doc_free(d);
oom:
    rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    return NULL;
}
