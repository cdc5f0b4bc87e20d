/* rf_report_reverse: 倒算 in words and tables, and as JSON (relocfund-reverse/1). */
#include "rf_report_reverse.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_report_sweep.h"
#include "rf_sweep.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* ---- the report ---- */

static char *amt(char buf[48], rf_fen v)
{
    return rf_amount_mark(buf, v);
}

rf_doc *rf_report_reverse(const rf_reverse *r)
{
    bool chinese = r->chinese;
    const rf_scenario *s = r->scenario;
    char a[48], b[48], c[48], e[48];
    rf_doc *d = rf_doc_newf(chinese, L("%s: 倒算", "%s: reverse calculation"),
                            rf_label_pick(&s->name, s->id, chinese));
    if (!d)
        return NULL;
    rf_yuan_mark(c, s->policy->self_funding_cap);
    rf_doc_subtitle(d,
                    L("情景 %s；从每户 %s 的自筹上限倒推所需追加资金",
                      "scenario %s; from the %s self-funding cap back to the funding "
                      "needed"),
                    s->id, c);
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    rf_doc_paragraph(d, sec, L("方案状态：%s。", "Status: %s."),
                     rf_plan_status_label(r->key.status, chinese));
    if (r->key.households_over_area_cap > 0)
        rf_doc_paragraph(d, sec,
                         L("有 %lld 户住房面积超出上限：追加资金不能解决，须调整面积。",
                           "%lld households are over the area cap: no money fixes that; "
                           "the area must change."),
                         (long long)r->key.households_over_area_cap);
    if (r->total_need == 0) {
        rf_doc_paragraph(d, sec,
                         L("所有成本均有资金来源，每户自筹都在上限以内：无需追加资金。",
                           "Every cost is funded and every household is within the cap: "
                           "no additional funding is needed."));
    } else {
        rf_fen gap = 0, excess = 0;
        for (size_t i = 0; i < r->n_sites; i++) {
            gap += r->sites[i].unfunded;
            excess += r->sites[i].cap_excess;
        }
        rf_doc_paragraph(d, sec,
                         L("要使每户自筹不超过 %s 且方案平衡，共需追加 %s（资金缺口 %s "
                           "+ 超出上限的自筹 %s），分布在 %zu 个安置点。",
                           "For every household to stay within %s and the plan to balance, "
                           "%s more is needed (unfunded %s + self-funding over the cap "
                           "%s) at %zu sites."),
                         c, amt(a, r->total_need), amt(b, gap), amt(e, excess), r->n_sites);
        for (size_t f = 0; f < r->n_sources; f++) {
            const rf_reverse_source *rs = &r->sources[f];
            if (!rs->may_pay)
                continue;
            if (rs->closes)
                rf_doc_paragraph(d, sec,
                                 L("若只追加%s：到位资金由 %s 增至 %s（追加 %s）"
                                   "时方案平衡且合规；少1分钱则不能（%d 次重新求解）。",
                                   "With %s alone: arrived from %s to %s (%s more) "
                                   "balances and complies; one fen less does not (%d "
                                   "re-solves)."),
                                 rs->name, amt(a, rs->arrived), amt(b, rs->break_even),
                                 amt(c, rs->additional), rs->solves);
            else if (rs->solves > 0)
                rf_doc_paragraph(d, sec,
                                 L("只追加%s不能使方案平衡（政策限制了它可支付的用途或人均额度）。",
                                   "%s alone cannot balance the plan (the policy limits what it "
                                   "may pay for, or how much per person)."),
                                 rs->name);
        }
    }
    if (r->has_break_even) {
        const rf_break_even *be = &r->break_even;
        if (be->found)
            rf_doc_paragraph(d, sec,
                             L("临界值：%s 为 %s 时方案平衡且合规，为 %s 时“%s”（%d 次求解）。",
                               "Break-even: at %s = %s the plan balances and complies; at %s it "
                               "is \"%s\" (%d solves)."),
                             be->path, rf_report_path_value(a, be->path, be->good, be->decimals),
                             rf_report_path_value(b, be->path, be->bad, be->decimals),
                             rf_plan_status_label(be->at_bad.status, chinese), be->solves);
        else
            rf_doc_paragraph(
                d, sec,
                L("临界值：%s 在给定范围两端方案状态相同（“%s”），范围内未找到临界值。",
                  "Break-even: %s gives the same status at both ends of the range "
                  "(\"%s\"); no break-even inside it."),
                be->path, rf_plan_status_label(be->at_good.status, chinese));
    }
    if (r->n_sites) {
        rf_section *ss = rf_doc_section(d, L("各安置点所需追加资金", "Additional funding by site"));
        const char *h[] = {L("安置点", "site"),
                           L("名称", "name"),
                           L("资金缺口", "unfunded"),
                           L("超上限自筹", "over the cap"),
                           L("超上限户数", "households over the cap"),
                           L("需追加", "needed"),
                           L("政策允许的来源", "sources the policy allows")};
        rf_table *t = rf_doc_table(d, ss, "site_needs",
                                   L("各安置点所需追加资金", "Additional funding by site"), 7, h);
        for (size_t i = 0; i < r->n_sites; i++) {
            const rf_reverse_site *rs = &r->sites[i];
            rf_cell *row = rf_doc_row(d, t);
            if (!row)
                break;
            rf_cell_text(d, &row[0], rs->id);
            rf_cell_text(d, &row[1], rs->name);
            rf_cell_money(&row[2], rs->unfunded);
            rf_cell_money(&row[3], rs->cap_excess);
            rf_cell_count(&row[4], rs->households_over_cap);
            rf_cell_money(&row[5], rs->need);
            row[5].flag = true;
            rf_cell_text(d, &row[6], rs->allowed_sources);
        }
        const char *hs[] = {L("来源", "source"), L("到位", "arrived"),
                            L("临界到位额", "break-even"), L("需追加", "additional"),
                            L("求解次数", "solves")};
        rf_table *ts = rf_doc_table(d, ss, "source_break_even",
                                    L("单一来源追加到平衡", "One source raised until the plan "
                                                            "balances"),
                                    5, hs);
        for (size_t f = 0; f < r->n_sources; f++) {
            const rf_reverse_source *rs = &r->sources[f];
            if (!rs->may_pay || rs->solves == 0)
                continue;
            rf_cell *row = rf_doc_row(d, ts);
            if (!row)
                break;
            rf_cell_text(d, &row[0], rs->name);
            rf_cell_money(&row[1], rs->arrived);
            if (rs->closes) {
                rf_cell_money(&row[2], rs->break_even);
                rf_cell_money(&row[3], rs->additional);
            } else {
                rf_cell_text(d, &row[2], L("不能单独平衡", "cannot alone"));
            }
            rf_cell_count(&row[4], rs->solves);
        }
    }
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

rf_status rf_report_reverse_json(const rf_reverse *r, FILE *out)
{
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-reverse/1");
    rf_jw_string(&w, "scenario", r->scenario->id);
    rf_jw_string(&w, "status", rf_plan_status_id(r->key.status));
    rf_jw_yuan(&w, "total_need_yuan", r->total_need);
    rf_jw_array(&w, "sites", &RF_JW_LINES);
    for (size_t i = 0; i < r->n_sites; i++) {
        const rf_reverse_site *rs = &r->sites[i];
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_string(&w, "id", rs->id);
        rf_jw_yuan(&w, "unfunded_yuan", rs->unfunded);
        rf_jw_yuan(&w, "cap_excess_yuan", rs->cap_excess);
        rf_jw_int(&w, "households_over_cap", rs->households_over_cap);
        rf_jw_yuan(&w, "need_yuan", rs->need);
        rf_jw_string(&w, "allowed_sources", rs->allowed_sources);
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    rf_jw_array(&w, "sources", &RF_JW_LINES);
    for (size_t f = 0; f < r->n_sources; f++) {
        const rf_reverse_source *rs = &r->sources[f];
        if (!rs->may_pay || rs->solves == 0)
            continue;
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_string(&w, "id", rs->id);
        rf_jw_yuan(&w, "arrived_yuan", rs->arrived);
        rf_jw_bool(&w, "closes", rs->closes);
        if (rs->closes) {
            rf_jw_yuan(&w, "break_even_yuan", rs->break_even);
            rf_jw_yuan(&w, "additional_yuan", rs->additional);
        }
        rf_jw_int(&w, "solves", rs->solves);
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    if (r->has_break_even) {
        const rf_break_even *be = &r->break_even;
        char v[48];
        rf_jw_object(&w, "break_even", &RF_JW_INLINE);
        rf_jw_string(&w, "path", be->path);
        rf_jw_bool(&w, "found", be->found);
        if (be->found) {
            rf_jw_raw(&w, "balanced_at", rf_sweep_value_text(v, be->good, be->decimals));
            rf_jw_raw(&w, "not_balanced_at", rf_sweep_value_text(v, be->bad, be->decimals));
            rf_jw_string(&w, "status_beyond", rf_plan_status_id(be->at_bad.status));
        }
        rf_jw_int(&w, "solves", be->solves);
        rf_jw_end(&w);
    }
    return rf_jw_finish(&w);
}
