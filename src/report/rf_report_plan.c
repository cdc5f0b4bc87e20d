/* rf_report_plan: the plan report as a document: words, tables and charts. */
#include "rf_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"

#define L(zh, en) (chinese ? (zh) : (en))

static const char *site_name(const rf_site *site, bool chinese)
{
    return rf_label_pick(&site->name, site->id, chinese);
}

static const char *source_name(const rf_policy_source *src, bool chinese)
{
    return rf_label_pick(&src->name, src->id, chinese);
}

static char *amt(char buf[48], rf_fen v)
{
    return rf_amount_mark(buf, v);
}

/* Households over the self-funding cap at a site. */
static int64_t site_over_cap(const rf_plan_site *ps)
{
    int64_t n = 0;
    for (size_t k = 0; k < ps->n_classes; k++)
        if (ps->classes[k].excess > 0)
            n += ps->classes[k].households;
    return n;
}

static int64_t site_over_area(const rf_plan_site *ps)
{
    int64_t n = 0;
    for (size_t k = 0; k < ps->n_classes; k++)
        if (ps->classes[k].over_area_cap)
            n += ps->classes[k].households;
    return n;
}

/* A site's status in the words of the plan's status: balanced only when
 * nothing is unfunded and no household is over a cap.  Writes the note
 * (amount marks) into buf; returns whether it is a problem. */
static bool site_note(const rf_plan_site *ps, bool chinese, char *buf, size_t size)
{
    char a[48], b[48];
    int64_t over = site_over_cap(ps), area = site_over_area(ps);
    rf_fen excess = 0;
    for (size_t k = 0; k < ps->n_classes; k++)
        excess += ps->classes[k].excess;
    if (ps->unfunded_total > 0)
        snprintf(buf, size, L("缺口 %s", "gap %s"), amt(a, ps->unfunded_total));
    else if (over > 0)
        snprintf(buf, size, L("%lld 户超出自筹上限，共 %s", "%lld households over the cap, %s"),
                 (long long)over, amt(b, excess));
    else if (area > 0)
        snprintf(buf, size, L("%lld 户住房面积超标", "%lld households over the area cap"),
                 (long long)area);
    else if (ps->surplus_employment_base + ps->surplus_industry > 0)
        snprintf(buf, size, L("资金平衡，结余 %s", "balanced, surplus %s"),
                 amt(a, ps->surplus_employment_base + ps->surplus_industry));
    else
        snprintf(buf, size, "%s", L("资金平衡", "balanced"));
    return ps->unfunded_total > 0 || over > 0 || area > 0;
}

/* Sentences that say what the plan is, and why when it is not balanced. */
static void summary(rf_doc *d, const rf_plan *p, bool chinese)
{
    const rf_scenario *s = p->scenario;
    char a[48], b[48], c[48], e[48];
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    rf_fen arrived[RF_CAT_COUNT] = {0}, allocated[RF_CAT_COUNT] = {0};
    for (size_t f = 0; f < p->n_sources; f++) {
        arrived[p->sources[f].policy->category] += p->sources[f].arrived;
        allocated[p->sources[f].policy->category] += p->sources[f].allocated;
    }
    rf_doc_paragraph(d, sec, L("方案状态：%s。", "Status: %s."),
                     rf_plan_status_label(p->status, chinese));
    rf_doc_paragraph(d, sec,
                     L("总成本 %s；建档立卡资金到位 %s，同步搬迁资金到位 %s。",
                       "Total cost %s; registered funds arrived %s, synchronous funds "
                       "arrived %s."),
                     amt(a, p->cost_total), amt(b, arrived[RF_CAT_REGISTERED]),
                     amt(c, arrived[RF_CAT_SYNCHRONOUS]));
    rf_doc_paragraph(d, sec,
                     L("建档立卡资金池 %s：用于成本 %s，结余转入就业基地 %s、产业发展 %s。",
                       "Registered pool %s: %s spent on costs, surplus %s to "
                       "employment bases and %s to industry."),
                     amt(a, p->pool), amt(b, p->pool_spent), amt(c, p->surplus_employment_base),
                     amt(e, p->surplus_industry));
    rf_doc_paragraph(d, sec,
                     L("群众自筹：建档立卡户 %s，同步搬迁户 %s；整合涉农资金列支 %s（预算 %s）。",
                       "Household self-funding: registered %s, synchronous %s; "
                       "integrated agricultural funds %s (budget %s)."),
                     amt(a, p->self_funding[RF_CAT_REGISTERED]),
                     amt(b, p->self_funding[RF_CAT_SYNCHRONOUS]), amt(c, p->integrated_agri_total),
                     amt(e, p->integrated_agri_budget));
    /* Who bears what the sources do not cover: each term a row of the
     * site funding table. */
    rf_fen from_sources = p->cost_total - p->integrated_agri_total - p->unfunded_total -
                          p->self_funding[RF_CAT_REGISTERED] - p->self_funding[RF_CAT_SYNCHRONOUS];
    rf_fen rest = p->cost_total - from_sources;
    if (rest > 0) {
        char uses[256] = "";
        size_t n = 0;
        for (int u = 0; u < RF_USE_COUNT; u++)
            if (s->policy->agri_permitted[u]) {
                int w = snprintf(uses + n, sizeof uses - n, "%s%s", n ? L("、", ", ") : "",
                                 rf_use_label((rf_use)u, chinese));
                if (w > 0 && (size_t)w < sizeof uses - n)
                    n += (size_t)w;
            }
        char f[48], g[48], h[48];
        rf_fen within = p->self_funding[RF_CAT_REGISTERED] - p->cap_excess_total;
        rf_doc_paragraph(d, sec,
                         L("资金来源承担成本 %s；其余 %s由：整合涉农资金 %s（政策只允许用于%s），"
                           "同步搬迁户自筹 %s，建档立卡户自筹上限以内 %s、超出上限 %s，"
                           "资金缺口 %s。",
                           "The sources bear %s of the cost; the other %s falls on integrated "
                           "agricultural funds %s (the policy allows them only for %s), "
                           "synchronous households %s, registered households %s within the cap "
                           "and %s above it, and an unfunded gap of %s."),
                         amt(a, from_sources), amt(b, rest), amt(c, p->integrated_agri_total),
                         n ? uses : L("无", "nothing"), amt(e, p->self_funding[RF_CAT_SYNCHRONOUS]),
                         amt(f, within), amt(g, p->cap_excess_total), amt(h, p->unfunded_total));
    }
    if (p->unfunded_total > 0) {
        rf_doc_paragraph(d, sec,
                         L("资金缺口 %s：允许的资金来源均已用尽，整合涉农资金已用 %s / %s。",
                           "Unfunded gap %s: every permitted source is used up, and "
                           "integrated agricultural funds are at %s of %s."),
                         amt(a, p->unfunded_total), amt(b, p->integrated_agri_total),
                         amt(c, p->integrated_agri_budget));
        for (size_t i = 0; i < p->n_sites; i++) {
            const rf_plan_site *ps = &p->sites[i];
            for (int u = 0; u < RF_USE_COUNT; u++)
                if (ps->unfunded[u] > 0)
                    rf_doc_paragraph(d, sec,
                                     L("  %s（%s）%s：缺口 %s。", "  %s (%s) %s: %s unfunded."),
                                     ps->site->id, site_name(ps->site, chinese),
                                     rf_use_label((rf_use)u, chinese), amt(a, ps->unfunded[u]));
        }
    }
    char cap[48];
    rf_yuan_mark(cap, s->policy->self_funding_cap);
    if (p->cap_excess_total > 0) {
        /* One sentence; the household classes table holds the rows. */
        rf_fen lo = 0, hi = 0;
        bool first = true;
        for (size_t i = 0; i < p->n_sites; i++)
            for (size_t k = 0; k < p->sites[i].n_classes; k++) {
                const rf_plan_class *pc = &p->sites[i].classes[k];
                if (pc->excess <= 0)
                    continue;
                rf_fen v = pc->self_funding_per_household;
                if (first || v < lo)
                    lo = v;
                if (first || v > hi)
                    hi = v;
                first = false;
            }
        char range[112];
        if (lo == hi)
            snprintf(range, sizeof range, "%s", rf_yuan_mark(c, lo));
        else
            snprintf(range, sizeof range, L("%s 至 %s", "%s to %s"), rf_yuan_mark(c, lo),
                     rf_yuan_mark(e, hi));
        rf_doc_paragraph(d, sec,
                         L("自筹上限（每户 %s）被突破：%lld 户超出，共 %s；户均自筹 %s"
                           "（见户型表）。",
                           "The self-funding cap (%s a household) is exceeded for %lld "
                           "households, by %s in all; they pay %s each (see the household "
                           "classes)."),
                         cap, (long long)p->households_over_cap, amt(a, p->cap_excess_total),
                         range);
    } else {
        rf_doc_paragraph(d, sec,
                         L("每户自筹均在上限（%s）以内。",
                           "Every registered household stays within the %s self-funding "
                           "cap."),
                         cap);
    }
    if (p->households_over_area_cap > 0)
        rf_doc_paragraph(d, sec,
                         L("住房面积超出人均 25 平方米上限：%lld 户（见户型表）。",
                           "Housing area over the per-person cap: %lld households (see the "
                           "household classes)."),
                         (long long)p->households_over_area_cap);
}

static void sources_section(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("资金来源", "Funding sources"));
    bool any_disbursed = false;
    for (size_t f = 0; f < p->n_sources; f++)
        any_disbursed = any_disbursed || p->sources[f].has_disbursed;
    const char *h[] = {L("来源", "source"),         L("类别", "category"),
                       L("人均标准", "per person"), L("应到位", "entitlement"),
                       L("到位", "arrived"),        L("安排", "allocated"),
                       L("未动用", "undrawn"),      L("已拨付", "disbursed"),
                       L("拨付率", "disbursement")};
    rf_table *t = rf_doc_table(d, sec, "sources", L("资金来源", "Sources"), any_disbursed ? 9 : 7,
                               h);
    rf_fen tot[5] = {0};
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_plan_source *src = &p->sources[f];
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0], source_name(src->policy, chinese));
        rf_cell_text(d, &r[1], rf_category_label(src->policy->category, chinese));
        rf_cell_money(&r[2], src->policy->per_person);
        rf_cell_money(&r[3], src->entitlement);
        rf_cell_money(&r[4], src->arrived);
        rf_cell_money(&r[5], src->allocated);
        rf_cell_money(&r[6], src->undrawn);
        if (any_disbursed && src->has_disbursed) {
            rf_cell_money(&r[7], src->disbursed);
            rf_cell_percent(&r[8], src->disbursed, src->arrived, 1);
        }
        tot[0] += src->entitlement;
        tot[1] += src->arrived;
        tot[2] += src->allocated;
        tot[3] += src->undrawn;
    }
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    rf_cell_text(d, &r[0], L("合计", "total"));
    rf_cell_money(&r[3], tot[0]);
    rf_cell_money(&r[4], tot[1]);
    rf_cell_money(&r[5], tot[2]);
    rf_cell_money(&r[6], tot[3]);
    t->has_total = true;

    /* Disbursement as the scenario states it, by category. */
    const rf_scenario *s = p->scenario;
    if (s->has_disbursed_total[RF_CAT_REGISTERED] || s->has_disbursed_total[RF_CAT_SYNCHRONOUS]) {
        const char *hd[] = {L("类别", "category"), L("到位", "arrived"), L("已拨付", "disbursed"),
                            L("拨付率", "disbursement")};
        rf_table *td = rf_doc_table(d, sec, "disbursement", L("资金拨付", "Disbursement"), 4, hd);
        for (int k = 0; k < RF_CAT_COUNT; k++) {
            if (!s->has_disbursed_total[k])
                continue;
            rf_fen arrived = 0;
            for (size_t f = 0; f < p->n_sources; f++)
                if (p->sources[f].policy->category == (rf_category)k)
                    arrived += p->sources[f].arrived;
            rf_cell *row = rf_doc_row(d, td);
            if (!row)
                return;
            rf_cell_text(d, &row[0], rf_category_label((rf_category)k, chinese));
            rf_cell_money(&row[1], arrived);
            rf_cell_money(&row[2], s->disbursed_total[k]);
            rf_cell_percent(&row[3], s->disbursed_total[k], arrived, 1);
        }
    }

    /* Allocation by use. */
    const char *hu[RF_USE_COUNT + 2];
    hu[0] = L("来源", "source");
    for (int u = 0; u < RF_USE_COUNT; u++)
        hu[u + 1] = rf_use_label((rf_use)u, chinese);
    hu[RF_USE_COUNT + 1] = L("合计", "total");
    rf_table *tu = rf_doc_table(d, sec, "sources_by_use",
                                L("资金用途", "Allocation by use"),
                                RF_USE_COUNT + 2, hu);
    rf_fen col[RF_USE_COUNT + 1] = {0};
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_plan_source *src = &p->sources[f];
        rf_cell *row = rf_doc_row(d, tu);
        if (!row)
            return;
        rf_cell_text(d, &row[0], source_name(src->policy, chinese));
        for (int u = 0; u < RF_USE_COUNT; u++) {
            rf_cell_money(&row[u + 1], src->by_use[u]);
            col[u] += src->by_use[u];
        }
        rf_cell_money(&row[RF_USE_COUNT + 1], src->allocated);
        col[RF_USE_COUNT] += src->allocated;
    }
    rf_cell *tr = rf_doc_row(d, tu);
    if (!tr)
        return;
    rf_cell_text(d, &tr[0], L("合计", "total"));
    for (int u = 0; u <= RF_USE_COUNT; u++)
        rf_cell_money(&tr[u + 1], col[u]);
    tu->has_total = true;
}

static void sites_section(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("安置点", "Sites"));
    const char *h[] = {L("安置点", "site"),           L("名称", "name"),
                       L("类型", "type"),             L("建档立卡户", "reg. households"),
                       L("建档立卡人", "reg. people"), L("同步户", "sync households"),
                       L("同步人", "sync people"),    L("成本", "cost"),
                       L("资金来源", "sources"),      L("自筹", "self-funding"),
                       L("涉农资金", "integrated agri"), L("缺口", "unfunded"),
                       L("结余→就业基地", "surplus→employment base"),
                       L("结余→产业", "surplus→industry")};
    rf_table *t = rf_doc_table(d, sec, "sites", L("安置点资金收支", "Site funding"),
                               14, h);
    int64_t n[4] = {0};
    rf_fen m[7] = {0};
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        rf_fen from_sources = 0;
        for (size_t f = 0; f < p->n_sources; f++)
            for (int u = 0; u < RF_USE_COUNT; u++)
                if (rf_use_is_cost((rf_use)u))
                    from_sources += rf_plan_flow(ps, f, (rf_use)u);
        rf_fen self = ps->self_funding[0] + ps->self_funding[1];
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0], ps->site->id);
        rf_cell_text(d, &r[1], site_name(ps->site, chinese));
        rf_cell_text(d, &r[2], rf_site_type_label(ps->site->type, chinese));
        rf_cell_count(&r[3], ps->site->registered_households);
        rf_cell_count(&r[4], ps->site->registered_people);
        rf_cell_count(&r[5], ps->site->synchronous_households);
        rf_cell_count(&r[6], ps->site->synchronous_people);
        rf_cell_money(&r[7], ps->cost_total);
        rf_cell_money(&r[8], from_sources);
        rf_cell_money(&r[9], self);
        rf_cell_money(&r[10], ps->integrated_agri_total);
        rf_cell_money(&r[11], ps->unfunded_total);
        r[11].flag = ps->unfunded_total > 0;
        rf_cell_money(&r[12], ps->surplus_employment_base);
        rf_cell_money(&r[13], ps->surplus_industry);
        n[0] += ps->site->registered_households;
        n[1] += ps->site->registered_people;
        n[2] += ps->site->synchronous_households;
        n[3] += ps->site->synchronous_people;
        rf_fen v[7] = {ps->cost_total,          from_sources,           self,
                       ps->integrated_agri_total, ps->unfunded_total,    ps->surplus_employment_base,
                       ps->surplus_industry};
        for (int k = 0; k < 7; k++)
            m[k] += v[k];
    }
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    rf_cell_text(d, &r[0], L("合计", "total"));
    for (int k = 0; k < 4; k++)
        rf_cell_count(&r[3 + k], n[k]);
    for (int k = 0; k < 7; k++)
        rf_cell_money(&r[7 + k], m[k]);
    t->has_total = true;

    /* Costs by use. */
    const char *hc[RF_USE_DEMOLITION + 3];
    hc[0] = L("安置点", "site");
    for (int u = 0; u <= RF_USE_DEMOLITION; u++)
        hc[u + 1] = rf_use_label((rf_use)u, chinese);
    hc[RF_USE_DEMOLITION + 2] = L("合计", "total");
    rf_table *tc = rf_doc_table(d, sec, "site_costs", L("成本构成", "Costs by use"),
                                RF_USE_DEMOLITION + 3, hc);
    rf_fen col[RF_USE_COUNT + 1] = {0};
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        rf_cell *row = rf_doc_row(d, tc);
        if (!row)
            return;
        rf_cell_text(d, &row[0], ps->site->id);
        for (int u = 0; u <= RF_USE_DEMOLITION; u++) {
            rf_cell_money(&row[u + 1], ps->cost[u]);
            col[u] += ps->cost[u];
        }
        rf_cell_money(&row[RF_USE_DEMOLITION + 2], ps->cost_total);
        col[RF_USE_COUNT] += ps->cost_total;
    }
    rf_cell *tr = rf_doc_row(d, tc);
    if (!tr)
        return;
    rf_cell_text(d, &tr[0], L("合计", "total"));
    for (int u = 0; u <= RF_USE_DEMOLITION; u++)
        rf_cell_money(&tr[u + 1], col[u]);
    rf_cell_money(&tr[RF_USE_DEMOLITION + 2], col[RF_USE_COUNT]);
    tc->has_total = true;

    /* Funding by source (all uses, surplus included). */
    size_t nf = p->n_sources;
    const char *hf[32];
    size_t ncols = nf + 6 < 32 ? nf + 6 : 32;
    hf[0] = L("安置点", "site");
    for (size_t f = 0; f + 6 < ncols; f++)
        hf[f + 1] = source_name(p->sources[f].policy, chinese);
    hf[ncols - 5] = L("建档立卡自筹", "registered self-funding");
    hf[ncols - 4] = L("同步自筹", "synchronous self-funding");
    hf[ncols - 3] = L("涉农资金", "integrated agri");
    hf[ncols - 2] = L("缺口", "unfunded");
    hf[ncols - 1] = L("合计", "total");
    rf_table *tf = rf_doc_table(d, sec, "site_funding",
                                L("资金构成（含结余）", "Funding by source, surplus included"),
                                ncols, hf);
    rf_fen fcol[32] = {0};
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        rf_cell *row = rf_doc_row(d, tf);
        if (!row)
            return;
        rf_cell_text(d, &row[0], ps->site->id);
        rf_fen total = 0;
        for (size_t f = 0; f + 6 < ncols; f++) {
            rf_fen x = 0;
            for (int u = 0; u < RF_USE_COUNT; u++)
                x += rf_plan_flow(ps, f, (rf_use)u);
            rf_cell_money(&row[f + 1], x);
            fcol[f + 1] += x;
            total += x;
        }
        rf_fen tail[4] = {ps->self_funding[0], ps->self_funding[1], ps->integrated_agri_total,
                          ps->unfunded_total};
        for (int k = 0; k < 4; k++) {
            rf_cell_money(&row[ncols - 5 + (size_t)k], tail[k]);
            fcol[ncols - 5 + (size_t)k] += tail[k];
            total += tail[k];
        }
        rf_cell_money(&row[ncols - 1], total);
        fcol[ncols - 1] += total;
    }
    rf_cell *fr = rf_doc_row(d, tf);
    if (!fr)
        return;
    rf_cell_text(d, &fr[0], L("合计", "total"));
    for (size_t k = 1; k < ncols; k++)
        rf_cell_money(&fr[k], fcol[k]);
    tf->has_total = true;
}

/* People, households and housing area by site type, with the shares a work
 * report states (进城入镇, 中心村, dispersed) and the area per person. */
static void site_types_section(rf_doc *d, const rf_sums *sums, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("安置方式与住房", "Resettlement and housing"));
    const char *h[] = {L("类型", "type"),
                       L("安置点", "sites"),
                       L("建档立卡户", "reg. households"),
                       L("建档立卡人", "reg. people"),
                       L("同步户", "sync households"),
                       L("同步人", "sync people"),
                       L("户数", "households"),
                       L("人数", "people"),
                       L("人数占比", "share of people"),
                       L("住房面积（㎡）", "housing area (m²)"),
                       L("人均面积（㎡）", "m² per person")};
    rf_table *t = rf_doc_table(d, sec, "site_types", L("按安置点类型", "By site type"), 11, h);
    const int64_t all_people = sums->people[RF_CAT_BOTH][RF_WHERE_ALL];
    for (int k = 0; k <= RF_SITE_TYPE_COUNT; k++) {
        bool total = k == RF_SITE_TYPE_COUNT;
        rf_where w = total ? RF_WHERE_ALL : rf_where_of_type((rf_site_type)k);
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0],
                     total ? L("合计", "total") : rf_site_type_label((rf_site_type)k, chinese));
        /* A dispersed entry is not a site; the total counts centralized sites. */
        if (w != RF_WHERE_DISPERSED)
            rf_cell_count(&r[1], sums->sites[total ? RF_WHERE_CENTRALIZED : w]);
        rf_cell_count(&r[2], sums->households[RF_CAT_REGISTERED][w]);
        rf_cell_count(&r[3], sums->people[RF_CAT_REGISTERED][w]);
        rf_cell_count(&r[4], sums->households[RF_CAT_SYNCHRONOUS][w]);
        rf_cell_count(&r[5], sums->people[RF_CAT_SYNCHRONOUS][w]);
        rf_cell_count(&r[6], sums->households[RF_CAT_BOTH][w]);
        rf_cell_count(&r[7], sums->people[RF_CAT_BOTH][w]);
        rf_cell_percent(&r[8], sums->people[RF_CAT_BOTH][w], all_people, 2);
        rf_cell_area(&r[9], sums->area[RF_CAT_BOTH][w]);
        /* An average has no total row: the sentence below gives it. */
        if (!total && sums->people[RF_CAT_BOTH][w] > 0)
            rf_cell_area(&r[10],
                         rf_div_round(sums->area[RF_CAT_BOTH][w], sums->people[RF_CAT_BOTH][w]));
    }
    t->has_total = true;

    char a[40], b[40], c[40], e[40], f[40], g[40], x[40], y[40], z[40];
    const int B = RF_CAT_BOTH;
    rf_doc_paragraph(
        d, sec,
        L("进城入镇（进城进园与乡镇圩镇安置点）%s 户 %s 人，占搬迁人口 %s；中心村安置点 %s 户 "
          "%s 人，占 %s；分散安置 %s 户 %s 人，占 %s。",
          "At urban_park and township sites (进城入镇): %s households, %s people, %s of the "
          "people; at central_village sites: %s households, %s people, %s; dispersed: %s "
          "households, %s people, %s."),
        rf_count_text(a, sums->households[B][RF_WHERE_URBAN_TOWNSHIP], true),
        rf_count_text(b, sums->people[B][RF_WHERE_URBAN_TOWNSHIP], true),
        rf_percent(c, sums->people[B][RF_WHERE_URBAN_TOWNSHIP], all_people, 2),
        rf_count_text(e, sums->households[B][RF_WHERE_CENTRAL_VILLAGE], true),
        rf_count_text(f, sums->people[B][RF_WHERE_CENTRAL_VILLAGE], true),
        rf_percent(g, sums->people[B][RF_WHERE_CENTRAL_VILLAGE], all_people, 2),
        rf_count_text(x, sums->households[B][RF_WHERE_DISPERSED], true),
        rf_count_text(y, sums->people[B][RF_WHERE_DISPERSED], true),
        rf_percent(z, sums->people[B][RF_WHERE_DISPERSED], all_people, 2));
    rf_doc_paragraph(
        d, sec,
        L("住房面积 %s ㎡，人均 %s ㎡（建档立卡 %s ㎡/人，同步搬迁 %s ㎡/人）；"
          "面积按各安置点的人均面积"
          "假设计算。",
          "Housing area %s m², %s m² per person (registered %s m², synchronous %s m² per "
          "person), from each site's assumed area per person."),
        rf_fen_yuan(a, sums->area[B][RF_WHERE_ALL], true),
        rf_ratio(b, sums->area[B][RF_WHERE_ALL], sums->people[B][RF_WHERE_ALL], -2, 2),
        rf_ratio(c, sums->area[RF_CAT_REGISTERED][RF_WHERE_ALL],
                 sums->people[RF_CAT_REGISTERED][RF_WHERE_ALL], -2, 2),
        rf_ratio(e, sums->area[RF_CAT_SYNCHRONOUS][RF_WHERE_ALL],
                 sums->people[RF_CAT_SYNCHRONOUS][RF_WHERE_ALL], -2, 2));
}

static void classes_section(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("户型与政策上限", "Household classes against the caps"));
    const char *h[] = {L("安置点", "site"),          L("每户人数", "people per household"),
                       L("户数", "households"),      L("住房与装修成本", "dwelling cost"),
                       L("自筹合计", "self-funding"), L("户均自筹（元）", "per household (yuan)"),
                       L("上限合计", "cap total"),   L("超出上限", "over the cap"),
                       L("户均面积（㎡）", "area per household (m²)"),
                       L("面积上限（㎡）", "area cap (m²)"), L("合规", "compliant")};
    rf_table *t = rf_doc_table(d, sec, "classes",
                               L("建档立卡户型", "Registered household classes"), 11, h);
    int64_t hh = 0;
    rf_fen tot[4] = {0};
    for (size_t i = 0; i < p->n_sites; i++)
        for (size_t k = 0; k < p->sites[i].n_classes; k++) {
            const rf_plan_class *pc = &p->sites[i].classes[k];
            if (pc->households <= 0)
                continue;
            rf_cell *r = rf_doc_row(d, t);
            if (!r)
                return;
            rf_cell_text(d, &r[0], p->sites[i].site->id);
            rf_cell_count(&r[1], pc->size);
            rf_cell_count(&r[2], pc->households);
            rf_cell_money(&r[3], pc->dwelling_cost);
            rf_cell_money(&r[4], pc->self_funding);
            rf_cell_yuan(&r[5], pc->self_funding_per_household);
            rf_cell_money(&r[6], pc->cap_total);
            rf_cell_money(&r[7], pc->excess);
            r[7].flag = pc->excess > 0;
            rf_cell_area(&r[8], pc->area_per_household);
            r[8].flag = pc->over_area_cap;
            rf_cell_area(&r[9], pc->area_cap_per_household);
            bool ok = pc->excess == 0 && !pc->over_area_cap;
            rf_cell_text(d, &r[10], ok ? L("是", "yes") : L("否", "no"));
            r[10].flag = !ok;
            hh += pc->households;
            tot[0] += pc->dwelling_cost;
            tot[1] += pc->self_funding;
            tot[2] += pc->cap_total;
            tot[3] += pc->excess;
        }
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    rf_cell_text(d, &r[0], L("合计", "total"));
    rf_cell_count(&r[2], hh);
    /* The per-household column has no total. */
    rf_cell_money(&r[3], tot[0]);
    rf_cell_money(&r[4], tot[1]);
    rf_cell_money(&r[6], tot[2]);
    rf_cell_money(&r[7], tot[3]);
    t->has_total = true;
}

static void rates_section(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("进度指标", "Progress rates"));
    const char *h[] = {L("指标", "rate"),     L("口径", "formula"), L("分子", "numerator"),
                       L("分母", "denominator"), L("计算值", "computed"), L("文件所述", "stated"),
                       L("一致", "agrees")};
    rf_table *t = rf_doc_table(d, sec, "rates", L("进度指标", "Progress rates"), 7, h);
    for (int k = 0; k < RF_RATE_COUNT; k++) {
        const rf_rate *rt = &p->rates[k];
        if (!rt->stated && (!rt->known || rf_rate_is_detail(rt->kind)))
            continue;
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0], rf_rate_label(rt->kind, chinese));
        rf_cell_text(d, &r[1], rf_rate_formula(rt->kind, chinese));
        if (rt->known) {
            if (rf_rate_is_money(rt->kind)) {
                rf_cell_money(&r[2], rt->num);
                rf_cell_money(&r[3], rt->den);
            } else {
                rf_cell_count(&r[2], rt->num);
                rf_cell_count(&r[3], rt->den);
            }
            /* One decimal, or as many as the stated rate shows. */
            int dec = rt->stated ? rf_decimal_text_decimals(rt->stated) : 0;
            rf_cell_percent(&r[4], rt->num, rt->den, dec > 1 ? dec : 1);
        }
        if (rt->stated) {
            rf_cell_stated(d, &r[5], rt->stated);
            rf_cell_text(d, &r[6], rt->stated_matches ? L("是", "yes") : L("否", "no"));
            r[6].flag = !rt->stated_matches;
        }
    }
}

/* Sets the agreement cell of a stated figure: yes, or a flagged no. */
static void agrees_cell(rf_doc *d, rf_cell *c, bool agrees, bool chinese)
{
    rf_cell_text(d, c, agrees ? L("是", "yes") : L("否", "no"));
    c->flag = !agrees;
}

/* The site construction figures a file states (site_progress), each beside
 * what the scenario's sites or the other stated figures give. */
static void site_construction_section(rf_doc *d, const rf_scenario *s, const rf_sums *sums,
                                      bool chinese)
{
    const rf_site_progress *sp = &s->site_progress;
    if (!sp->present)
        return;
    rf_sp_checks ck;
    rf_site_progress_check(sp, sums, &ck);
    rf_section *sec = rf_doc_section(d, L("安置点建设", "Site construction"));
    if (sp->scope)
        rf_doc_paragraph(d, sec, L("范围：%s（文件所述）。", "Scope: %s (as the file states it)."),
                         sp->scope);
    const char *h[] = {L("项目", "figure"), L("文件所述", "stated"), L("计算值", "computed"),
                       L("计算口径", "computed as"), L("一致", "agrees")};
    rf_table *t =
        rf_doc_table(d, sec, "site_construction", L("安置点建设", "Site construction"), 5, h);
    const struct {
        const char *zh, *en;
        int64_t stated;
        int check; /* rf_sp_check comparing it with the scenario, or -1 */
        int64_t computed;
        const char *from_zh, *from_en;
    } rows[] = {
        {"规划安置点", "sites planned", sp->planned, -1, 0, "", ""},
        {"取消安置点", "sites cancelled", sp->cancelled, -1, 0, "", ""},
        {"建设安置点", "sites built", sp->built, RF_SP_BUILT_MATCHES_SCENARIO,
         sums->sites[RF_WHERE_CENTRALIZED], "情景中的集中安置点",
         "centralized sites in the scenario"},
        {"进城进园安置点", "urban_park sites", sp->by_type[0], RF_SP_URBAN_PARK_MATCHES_SCENARIO,
         sums->sites[RF_WHERE_URBAN_PARK], "情景中的进城进园安置点",
         "urban_park sites in the scenario"},
        {"乡镇圩镇安置点", "township sites", sp->by_type[1], RF_SP_TOWNSHIP_MATCHES_SCENARIO,
         sums->sites[RF_WHERE_TOWNSHIP], "情景中的乡镇圩镇安置点",
         "township sites in the scenario"},
        {"中心村安置点", "central_village sites", sp->by_type[2],
         RF_SP_CENTRAL_VILLAGE_MATCHES_SCENARIO, sums->sites[RF_WHERE_CENTRAL_VILLAGE],
         "情景中的中心村安置点", "central_village sites in the scenario"},
        {"已完工", "completed", sp->completed, -1, 0, "", ""},
        {"在建", "under construction", sp->under_construction, -1, 0, "", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].stated < 0)
            continue;
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0], L(rows[i].zh, rows[i].en));
        rf_cell_count(&r[1], rows[i].stated);
        if (rows[i].check >= 0) {
            rf_cell_count(&r[2], rows[i].computed);
            rf_cell_text(d, &r[3], L(rows[i].from_zh, rows[i].from_en));
            agrees_cell(d, &r[4], ck.holds[rows[i].check], chinese);
        }
    }
    if (sp->stated_completion_rate) {
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            return;
        rf_cell_text(d, &r[0], L("完工率", "completion rate"));
        rf_cell_stated(d, &r[1], sp->stated_completion_rate);
        if (ck.known[RF_SP_COMPLETION_RATE_MATCHES]) {
            rf_cell_percent(&r[2], sp->completed, sp->built,
                            rf_decimal_text_decimals(sp->stated_completion_rate) + 1);
            rf_cell_text(d, &r[3], L("已完工/建设安置点", "completed / built"));
            agrees_cell(d, &r[4], ck.holds[RF_SP_COMPLETION_RATE_MATCHES], chinese);
        }
    }
    /* The sums the figures must make, in words. */
    const char *no = L("，不一致", ", which does not add up");
    if (ck.known[RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT])
        rf_doc_paragraph(d, sec,
                         L("规划 %lld − 取消 %lld = %lld；建设 %lld%s。",
                           "Planned %lld − cancelled %lld = %lld; built %lld%s."),
                         (long long)sp->planned, (long long)sp->cancelled,
                         (long long)(sp->planned - sp->cancelled), (long long)sp->built,
                         ck.holds[RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT] ? "" : no);
    if (ck.known[RF_SP_TYPES_ADD_UP_TO_BUILT])
        rf_doc_paragraph(
            d, sec,
            L("按类型：进城进园 %lld + 乡镇圩镇 %lld + 中心村 %lld = %lld；建设 %lld%s。",
              "Sites by type: urban_park %lld + township %lld + central_village %lld "
              "= %lld; built %lld%s."),
            (long long)sp->by_type[0], (long long)sp->by_type[1], (long long)sp->by_type[2],
            (long long)(sp->by_type[0] + sp->by_type[1] + sp->by_type[2]), (long long)sp->built,
            ck.holds[RF_SP_TYPES_ADD_UP_TO_BUILT] ? "" : no);
    if (ck.known[RF_SP_COMPLETED_AND_UNDER_CONSTRUCTION_ARE_BUILT])
        rf_doc_paragraph(d, sec,
                         L("已完工 %lld + 在建 %lld = %lld；建设 %lld%s。",
                           "Completed %lld + under construction %lld = %lld; built %lld%s."),
                         (long long)sp->completed, (long long)sp->under_construction,
                         (long long)(sp->completed + sp->under_construction), (long long)sp->built,
                         ck.holds[RF_SP_COMPLETED_AND_UNDER_CONSTRUCTION_ARE_BUILT] ? "" : no);
}

/* The totals and averages a file states (assert.totals, assert.averages),
 * each beside what the scenario gives. */
static void stated_section(rf_doc *d, const rf_scenario *s, const rf_sums *sums, bool chinese)
{
    if (!s->n_stated_totals && !s->n_stated_averages)
        return;
    rf_section *sec = rf_doc_section(d, L("文件所述合计", "Stated totals"));
    const char *h[] = {L("项目", "figure"), L("含义", "meaning"), L("文件所述", "stated"),
                       L("计算值", "computed"), L("一致", "agrees")};
    rf_table *t = rf_doc_table(d, sec, "stated",
                               L("文件所述合计与平均数", "Stated totals and averages"), 5, h);
    size_t n = s->n_stated_totals + s->n_stated_averages;
    rf_stated_figure *figs = calloc(n, sizeof *figs);
    if (!figs)
        return;
    n = rf_stated_figures(s, sums, figs);
    char what[160], buf[40];
    for (size_t i = 0; i < n; i++) {
        const rf_stated_figure *f = &figs[i];
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            break;
        rf_cell_text(d, &r[0], f->name);
        if (f->average) {
            rf_cell_text(d, &r[1], rf_average_describe(what, sizeof what, f->total, chinese));
            rf_cell_stated(d, &r[2], f->text);
            rf_cell_stated(
                d, &r[3],
                rf_ratio(buf, f->area, f->people, -2, rf_decimal_text_decimals(f->text) + 1));
        } else {
            rf_cell_text(d, &r[1], rf_total_describe(what, sizeof what, f->total, chinese));
            for (int j = 2; j <= 3; j++) {
                int64_t v = j == 2 ? f->stated : f->computed;
                if (f->total.kind == RF_TOTAL_ARRIVED)
                    rf_cell_money(&r[j], v);
                else if (f->total.kind == RF_TOTAL_HOUSING_AREA)
                    rf_cell_area(&r[j], v);
                else
                    rf_cell_count(&r[j], v);
            }
        }
        agrees_cell(d, &r[4], f->matches, chinese);
    }
    free(figs);
}

static void solver_section(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("求解过程", "Solver levels"));
    rf_doc_paragraph(d, sec,
                     L("%zu 个预算组分别求解；各目标层依次求最优并固定（单位：万元）。",
                       "%zu budget group(s) solved apart; each objective level is optimised in "
                       "turn and fixed (values in 万元)."),
                     p->n_groups);
    const char *h[] = {L("预算组", "group"), L("层次", "level"), L("目标", "objective"),
                       L("最优值", "optimum")};
    rf_table *t = rf_doc_table(d, sec, "levels", L("目标层", "Objective levels"), 4, h);
    for (size_t g = 0; g < p->n_groups; g++)
        for (size_t l = 0; l < p->groups[g].n_levels; l++) {
            rf_cell *r = rf_doc_row(d, t);
            if (!r)
                return;
            /* An optimum in 万元, shown to the fen (never as float noise). */
            double x = p->groups[g].levels[l].value * 1e6;
            rf_cell_count(&r[0], (int64_t)g + 1);
            rf_cell_count(&r[1], (int64_t)l + 1);
            rf_cell_text(d, &r[2], rf_level_label(p->groups[g].levels[l].level, chinese));
            rf_cell_money(&r[3], (rf_fen)(x < 0 ? -(int64_t)(-x + 0.5) : (int64_t)(x + 0.5)));
        }
}

static void charts(rf_doc *d, const rf_plan *p, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("图表", "Charts"));
    rf_chart *flow = rf_doc_chart(d, sec, RF_CHART_FLOW, "flow",
                                  L("资金流向：来源→用途", "Money flow: sources to uses"));
    int src_node[64], use_node[RF_USE_COUNT], self_node, agri_node, gap_node;
    size_t nf = p->n_sources < 64 ? p->n_sources : 64;
    for (size_t f = 0; f < nf; f++)
        src_node[f] = rf_chart_label(d, flow, source_name(p->sources[f].policy, chinese),
                                     p->sources[f].allocated, 0);
    self_node = rf_chart_label(d, flow, L("群众自筹", "self-funding"),
                               p->self_funding[0] + p->self_funding[1], 0);
    agri_node = rf_chart_label(d, flow, L("整合涉农资金", "integrated agri"),
                               p->integrated_agri_total, 0);
    gap_node = rf_chart_label(d, flow, L("资金缺口", "unfunded gap"), p->unfunded_total, 0);
    for (int u = 0; u < RF_USE_COUNT; u++) {
        rf_fen in = 0;
        for (size_t f = 0; f < p->n_sources; f++)
            in += p->sources[f].by_use[u];
        use_node[u] = rf_chart_label(d, flow, rf_use_label((rf_use)u, chinese), in, 0);
    }
    for (size_t f = 0; f < nf; f++)
        for (int u = 0; u < RF_USE_COUNT; u++)
            rf_chart_link_add(d, flow, src_node[f], use_node[u], p->sources[f].by_use[u]);
    for (int u = 0; u < RF_USE_COUNT; u++) {
        rf_fen self = 0, agri = 0, gap = 0;
        for (size_t i = 0; i < p->n_sites; i++) {
            self += p->sites[i].self_funding_by_use[u];
            agri += p->sites[i].integrated_agri[u];
            gap += p->sites[i].unfunded[u];
        }
        rf_chart_link_add(d, flow, self_node, use_node[u], self);
        rf_chart_link_add(d, flow, agri_node, use_node[u], agri);
        rf_chart_link_add(d, flow, gap_node, use_node[u], gap);
    }

    rf_chart *bars = rf_doc_chart(d, sec, RF_CHART_BARS, "site_balance",
                                  L("各安置点：成本与已落实资金", "Per site: cost against funding"));
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        /* Funding beside cost: what covers the costs plus the surplus the
         * site's pool routes on; a shortfall is exactly the unfunded gap. */
        int at = rf_chart_label(d, bars, ps->site->id, ps->cost_total,
                                ps->cost_total - ps->unfunded_total + ps->pool - ps->pool_spent);
        char note[160];
        bool alert = site_note(ps, chinese, note, sizeof note);
        rf_chart_note(d, bars, at, note, alert);
    }
    rf_chart *cap = rf_doc_chart(d, sec, RF_CHART_CAP, "self_funding_cap",
                                 L("户均自筹与1万元上限", "Self-funding per household and the cap"));
    for (size_t i = 0; i < p->n_sites; i++)
        for (size_t k = 0; k < p->sites[i].n_classes; k++) {
            const rf_plan_class *pc = &p->sites[i].classes[k];
            if (pc->households <= 0)
                continue;
            char name[96];
            snprintf(name, sizeof name, L("%s %d人户", "%s %d-person"), p->sites[i].site->id,
                     pc->size);
            rf_chart_label(d, cap, name, pc->self_funding_per_household,
                           p->scenario->policy->self_funding_cap);
        }
    /* Rows that all say the same thing are one sentence. */
    bool same = cap->n_labels > 0;
    for (size_t i = 1; i < cap->n_labels && same; i++)
        same = cap->a[i] == cap->a[0];
    char a[48], b[48], c[48];
    if (same && cap->a[0] == 0)
        rf_chart_instead(d, cap,
                         L("没有建档立卡户需要自筹，远未触及每户 %s 的上限。",
                           "No registered household pays anything; the cap of %s a household "
                           "is not approached."),
                         rf_yuan_mark(a, p->scenario->policy->self_funding_cap));
    else if (same && cap->a[0] > cap->b[0])
        rf_chart_instead(d, cap,
                         L("全部 %zu 类户型的户均自筹都是 %s，超出上限 %s（上限每户 %s）。",
                           "All %zu household classes pay %s a household, %s over the cap "
                           "of %s."),
                         cap->n_labels, rf_yuan_mark(a, cap->a[0]),
                         rf_yuan_mark(b, cap->a[0] - cap->b[0]), rf_yuan_mark(c, cap->b[0]));
    else if (same)
        rf_chart_instead(d, cap,
                         L("全部 %zu 类户型的户均自筹都是 %s，在每户 %s 的上限以内。",
                           "All %zu household classes pay %s a household, within the cap of "
                           "%s."),
                         cap->n_labels, rf_yuan_mark(a, cap->a[0]), rf_yuan_mark(b, cap->b[0]));
}

rf_doc *rf_report_plan(const rf_plan *p, bool chinese)
{
    const rf_scenario *s = p->scenario;
    rf_doc *d = rf_doc_newf(chinese, L("%s 资金安排方案", "%s: funding plan"),
                            rf_label_pick(&s->name, s->id, chinese));
    if (!d)
        return NULL;
    rf_doc_subtitle(d, L("情景 %s；政策模型 %s", "Scenario %s; policy model %s"),
                    s->id, s->policy->id);
    rf_sums sums;
    rf_sums_compute(s, &sums);
    summary(d, p, chinese);
    sources_section(d, p, chinese);
    sites_section(d, p, chinese);
    site_types_section(d, &sums, chinese);
    classes_section(d, p, chinese);
    rates_section(d, p, chinese);
    site_construction_section(d, s, &sums, chinese);
    stated_section(d, s, &sums, chinese);
    solver_section(d, p, chinese);
    charts(d, p, chinese);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}
