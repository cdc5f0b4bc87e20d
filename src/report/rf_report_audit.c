/* rf_report_audit: the roster audit as an rf_doc; see rf_report_audit.h. */
#include "rf_report_audit.h"

#include <stdio.h>
#include <string.h>

#include "rf_date.h"
#include "rf_escape.h"
#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"

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

/* ---- a whole run in each format ------------------------------------------- */

static int result_next(void *ctx, rf_audit_entry *e, rf_error *err)
{
    return rf_audit_result_next(ctx, e, err);
}

static rf_audit_report_info info_of(const rf_audit_result *r, bool chinese)
{
    rf_audit_report_info info = {.s = rf_audit_result_scenario(r),
                                 .roster_path = rf_audit_result_roster(r),
                                 .as_of = rf_audit_result_as_of(r),
                                 .chinese = chinese};
    return info;
}

rf_doc *rf_report_audit_doc(rf_audit_result *r, bool chinese, rf_error *err)
{
    rf_audit_report_info info = info_of(r, chinese);
    if (!rf_audit_result_rewind(r, err))
        return NULL;
    return rf_report_audit(&info, rf_audit_result_summary(r), result_next, r, err);
}

/* The value, limit and unit of a violation as JSON and CSV write them:
 * amounts and areas in yuan and m² (at most two decimals), dates
 * YYYY-MM-DD, counts and rows as integers; "" where there is none. */
typedef struct {
    char value[40], limit[40];
    const char *unit;
    bool dates; /* value and limit are dates (JSON quotes them) */
} plain_value;

static void plain_of(const rf_violation *v, plain_value *p)
{
    p->value[0] = p->limit[0] = '\0';
    p->unit = "";
    p->dates = false;
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
    case RF_RULE_AREA_CAP:
        rf_fen_yuan(p->value, v->value, false);
        rf_fen_yuan(p->limit, v->limit, false);
        p->unit = v->rule == RF_RULE_AREA_CAP ? "m2" : "yuan";
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        rf_date_format(p->value, (rf_day)v->value);
        p->unit = "date";
        p->dates = true;
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            rf_date_format(p->value, (rf_day)v->value);
        rf_date_format(p->limit, (rf_day)v->limit);
        p->unit = "date";
        p->dates = true;
        break;
    case RF_RULE_DUPLICATE_ID:
        snprintf(p->value, sizeof p->value, "%lld", (long long)v->value);
        p->unit = "row";
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        snprintf(p->value, sizeof p->value, "%lld", (long long)v->value);
        snprintf(p->limit, sizeof p->limit, "%lld", (long long)v->limit);
        p->unit = v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? "people" : "households";
        break;
    default:
        break;
    }
}

/* ---- JSON (docs/roster-format.md; an interface: keep it byte for byte) ---- */

static const rf_jw_layout BY_SITE = {"\n      ", "\n      ", "\n    ", "\n    ", ": "};

static const char *mix_kind_id(rf_mix_kind k)
{
    return k == RF_MIX_REGISTERED_SIZE          ? "registered_size"
           : k == RF_MIX_SYNCHRONOUS_HOUSEHOLDS ? "synchronous_households"
                                                : "synchronous_people";
}

/* A JSON member of a plain value: a number, a quoted date, or null. */
static void json_plain(rf_jw *w, const char *key, const char *text, bool date)
{
    if (!text[0])
        rf_jw_null(w, key);
    else if (date)
        rf_jw_string(w, key, text);
    else
        rf_jw_raw(w, key, text);
}

/* One element of the list. */
static void json_entry(rf_jw *w, const rf_audit_entry *e)
{
    const rf_violation *v = &e->v;
    bool warning = !e->household_id;
    rf_jw_object(w, NULL, &RF_JW_TIGHT);
    rf_jw_int(w, "row", v->row);
    if (warning)
        rf_jw_null(w, "household_id");
    else
        rf_jw_string_n(w, "household_id", e->household_id, e->household_id_len);
    rf_jw_string_n(w, "site_id", e->site_id, e->site_id_len);
    rf_jw_string(w, "category", rf_category_id(e->category));
    rf_jw_int(w, "size", e->size);
    rf_jw_string(w, "rule", rf_rule_id(v->rule));
    rf_jw_string(w, "severity", warning ? "warning" : "error");
    if (warning)
        rf_jw_string(w, "counts", mix_kind_id(v->mix));
    plain_value p;
    plain_of(v, &p);
    json_plain(w, "value", p.value, p.dates);
    json_plain(w, "limit", p.limit, p.dates);
    json_plain(w, "unit", p.unit, true);
    rf_jw_end(w);
}

/* The summary object. */
static void json_summary(rf_jw *w, const rf_audit_result *r)
{
    const rf_audit_summary *sum = rf_audit_result_summary(r);
    const rf_scenario *s = rf_audit_result_scenario(r);
    char a[40];
    rf_jw_object(w, "summary", &RF_JW_BLOCK);
    rf_jw_int(w, "households", sum->households);
    rf_jw_int(w, "registered", sum->by_category[RF_CAT_REGISTERED]);
    rf_jw_int(w, "synchronous", sum->by_category[RF_CAT_SYNCHRONOUS]);
    rf_jw_int(w, "bad_rows", sum->bad_rows);
    rf_jw_int(w, "violations", sum->violations);
    rf_jw_int(w, "households_in_violation", sum->households_in_violation);
    rf_jw_int(w, "warnings", sum->warnings);
    rf_jw_object(w, "over_cap", &RF_JW_INLINE);
    rf_jw_int(w, "households", sum->households_over_cap);
    rf_jw_int(w, "total_fen", sum->over_cap_total);
    rf_jw_yuan(w, "total_yuan", sum->over_cap_total);
    rf_jw_raw(w, "total_wan", rf_fen_wan(a, sum->over_cap_total, false));
    rf_jw_end(w);
    rf_jw_object(w, "by_rule", &RF_JW_INLINE);
    for (int k = 0; k < RF_RULE_COUNT; k++)
        rf_jw_int(w, rf_rule_id((rf_rule)k), sum->by_rule[k]);
    rf_jw_end(w);
    rf_jw_array(w, "by_site", &BY_SITE);
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_string(w, "site_id", k < sum->n_sites ? s->sites[k].id : NULL);
        rf_jw_bool(w, "known", k < sum->n_sites);
        rf_jw_int(w, "households", sum->site_households[k]);
        rf_jw_yuan(w, "over_cap_yuan", sum->site_over_cap[k]);
        rf_jw_object(w, "by_rule", &RF_JW_INLINE);
        for (int q = 0; q < RF_RULE_COUNT; q++)
            rf_jw_int(w, rf_rule_id((rf_rule)q), sum->site_rules[k][q]);
        rf_jw_end(w);
        rf_jw_end(w);
    }
    rf_jw_end(w);
    rf_jw_end(w);
}

rf_status rf_report_audit_json(rf_audit_result *r, FILE *out, rf_error *err)
{
    char d[16];
    if (!rf_audit_result_rewind(r, err))
        return err->status;
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-audit/1");
    rf_jw_string(&w, "roster", rf_audit_result_roster(r));
    rf_jw_string(&w, "scenario", rf_audit_result_scenario(r)->id);
    rf_jw_string(&w, "as_of", rf_date_format(d, rf_audit_result_as_of(r)));
    json_summary(&w, r);
    rf_jw_array(&w, "list", &RF_JW_BLOCK);
    rf_audit_entry e;
    int got;
    while ((got = rf_audit_result_next(r, &e, err)) > 0)
        json_entry(&w, &e);
    if (got < 0)
        return err->status;
    rf_jw_end(&w);
    rf_jw_array(&w, "bad_rows", &RF_JW_BLOCK);
    rf_audit_bad b;
    while ((got = rf_audit_result_next_bad(r, &b, err)) > 0) {
        rf_jw_object(&w, NULL, &RF_JW_TIGHT);
        rf_jw_int(&w, "row", b.line);
        rf_jw_int(&w, "column", b.column);
        rf_jw_string(&w, "column_name", strncmp(b.path, "column ", 7) == 0 ? b.path + 7 : b.path);
        rf_jw_string(&w, "message", b.message);
        rf_jw_end(&w);
    }
    if (got < 0)
        return err->status;
    return rf_jw_finish(&w);
}

/* ---- CSV (three tables; docs/roster-format.md) ---------------------------- */

static void csv_entry(FILE *out, const rf_audit_entry *e)
{
    plain_value p;
    plain_of(&e->v, &p);
    fprintf(out, "%lld,", (long long)e->v.row);
    rf_csv_field(out, e->household_id ? e->household_id : "", true);
    fputc(',', out);
    rf_csv_field(out, e->site_id, true);
    fprintf(out, ",%s,%d,%s,%s,%s,%s,%s\n", rf_category_id(e->category), e->size,
            rf_rule_id(e->v.rule), e->household_id ? "error" : "warning", p.value, p.limit, p.unit);
}

rf_status rf_report_audit_csv(rf_audit_result *r, const rf_emit_options *o, FILE *out,
                              rf_error *err)
{
    const rf_audit_summary *sum = rf_audit_result_summary(r);
    const rf_scenario *s = rf_audit_result_scenario(r);
    char a[40], d[16];
    if (!rf_audit_result_rewind(r, err))
        return err->status;
    if (o->excel_bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("item,value\nroster,", out);
    rf_csv_field(out, rf_audit_result_roster(r), true);
    fputs("\nscenario,", out);
    rf_csv_field(out, s->id ? s->id : "", true);
    fprintf(out,
            "\nas_of,%s\nhouseholds,%lld\nregistered,%lld\nsynchronous,%lld\nbad_rows,%lld\n"
            "violations,%lld\nhouseholds_in_violation,%lld\nwarnings,%lld\n"
            "households_over_cap,%lld\nover_cap_total_yuan,%s\n\nsite_id,households",
            rf_date_format(d, rf_audit_result_as_of(r)), (long long)sum->households,
            (long long)sum->by_category[RF_CAT_REGISTERED],
            (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows,
            (long long)sum->violations, (long long)sum->households_in_violation,
            (long long)sum->warnings, (long long)sum->households_over_cap,
            rf_fen_yuan(a, sum->over_cap_total, false));
    for (int k = 0; k < RF_RULE_COUNT; k++)
        fprintf(out, ",%s", rf_rule_id((rf_rule)k));
    fputs(",over_cap_yuan\n", out);
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        if (k < sum->n_sites)
            rf_csv_field(out, s->sites[k].id, true);
        else
            fputs("(unknown)", out);
        fprintf(out, ",%lld", (long long)sum->site_households[k]);
        for (int q = 0; q < RF_RULE_COUNT; q++)
            fprintf(out, ",%lld", (long long)sum->site_rules[k][q]);
        fprintf(out, ",%s\n", rf_fen_yuan(a, sum->site_over_cap[k], false));
    }
    fputs("\nrow,household_id,site_id,category,size,rule,severity,value,limit,unit\n", out);
    rf_audit_entry e;
    int got;
    while ((got = rf_audit_result_next(r, &e, err)) > 0)
        csv_entry(out, &e);
    return got == 0 ? RF_OK : err->status;
}

/* ---- text and Markdown: the summary as a document, the list streamed ------ */

enum { LIST_COLS = 6 }; /* row, household, site, rule, value, limit */

/* The cells of one list line as text (row, household, site, rule, value,
 * limit); buffers belong to the caller. */
typedef struct {
    char row[24], rule[300], value[96], limit[96];
    const char *cell[LIST_COLS];
} list_line;

static void list_line_fill(list_line *l, const rf_audit_entry *e, bool chinese)
{
    snprintf(l->row, sizeof l->row, "%lld", (long long)e->v.row);
    rf_audit_entry_rule(e, chinese, l->rule, sizeof l->rule);
    rf_audit_entry_describe(e, chinese, l->value, l->limit);
    l->cell[0] = l->row;
    l->cell[1] = e->household_id ? e->household_id : "-";
    l->cell[2] = e->site_id;
    l->cell[3] = l->rule;
    l->cell[4] = l->value;
    l->cell[5] = l->limit;
}

static void spaces(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* One aligned text line: the row right-aligned, the rest left-aligned in
 * columns `width` wide, two spaces apart, the last one unpadded. */
static void text_line(FILE *out, const char *const cell[LIST_COLS], const size_t width[LIST_COLS])
{
    for (int c = 0; c < LIST_COLS; c++) {
        size_t w = rf_text_width(cell[c]);
        if (c)
            fputs("  ", out);
        if (c == 0)
            spaces(out, width[c] - w);
        fputs(cell[c], out);
        if (c > 0 && c + 1 < LIST_COLS)
            spaces(out, width[c] - w);
    }
    fputc('\n', out);
}

/* The list as the text emitter writes a table: a section heading, the
 * title, the header and the lines, the columns as wide as their widest
 * cell (so the list is read twice). */
static bool write_text_list(FILE *out, rf_audit_result *r, bool chinese, rf_error *err)
{
    const char *title = L("违规与提示清单", "Violations and warnings");
    const char *header[LIST_COLS];
    size_t width[LIST_COLS];
    for (int c = 0; c < LIST_COLS; c++) {
        header[c] = rf_audit_list_header(c, chinese);
        width[c] = rf_text_width(header[c]);
    }
    rf_audit_entry e;
    list_line l;
    int got;
    int64_t n = 0;
    while ((got = rf_audit_result_next(r, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        for (int c = 0; c < LIST_COLS; c++) {
            size_t w = rf_text_width(l.cell[c]);
            if (w > width[c])
                width[c] = w;
        }
        n++;
    }
    if (got < 0 || !rf_audit_result_rewind(r, err))
        return false;
    fprintf(out, "== %s ==\n%s\n", title, title);
    if (n == 0) {
        fputs(L("（无）\n\n", "(none)\n\n"), out);
        return true;
    }
    text_line(out, header, width);
    while ((got = rf_audit_result_next(r, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        text_line(out, l.cell, width);
    }
    fputc('\n', out);
    return got == 0;
}

/* The list as the Markdown emitter writes a table. */
static bool write_md_list(FILE *out, rf_audit_result *r, bool chinese, rf_error *err)
{
    const char *title = L("违规与提示清单", "Violations and warnings");
    fprintf(out, "## %s\n\n**%s**\n\n|", title, title);
    for (int c = 0; c < LIST_COLS; c++) {
        fputc(' ', out);
        rf_md_cell(out, rf_audit_list_header(c, chinese));
        fputs(" |", out);
    }
    fputs("\n| ---: | --- | --- | --- | --- | --- |\n", out);
    rf_audit_entry e;
    list_line l;
    int got;
    while ((got = rf_audit_result_next(r, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        fputc('|', out);
        for (int c = 0; c < LIST_COLS; c++) {
            fputc(' ', out);
            rf_md_cell(out, l.cell[c]);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    return got == 0;
}

/* The summary document through emit, then the list through list.  A stream
 * error shows in ferror, which the caller checks. */
static rf_status
summary_then_list(rf_audit_result *r, bool chinese, const rf_emit_options *o, FILE *out,
                  rf_error *err, rf_status (*emit)(const rf_doc *, const rf_emit_options *, FILE *),
                  bool (*list)(FILE *, rf_audit_result *, bool, rf_error *))
{
    rf_audit_report_info info = info_of(r, chinese);
    if (!rf_audit_result_rewind(r, err))
        return err->status;
    rf_doc *doc = rf_report_audit(&info, rf_audit_result_summary(r), NULL, NULL, err);
    if (!doc)
        return err->status;
    emit(doc, o, out);
    rf_doc_free(doc);
    return list(out, r, chinese, err) ? RF_OK : err->status;
}

rf_status rf_report_audit_text(rf_audit_result *r, bool chinese, const rf_emit_options *o,
                               FILE *out, rf_error *err)
{
    return summary_then_list(r, chinese, o, out, err, rf_emit_text, write_text_list);
}

rf_status rf_report_audit_md(rf_audit_result *r, bool chinese, const rf_emit_options *o, FILE *out,
                             rf_error *err)
{
    return summary_then_list(r, chinese, o, out, err, rf_emit_md, write_md_list);
}
