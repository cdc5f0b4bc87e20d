/* rf_report_compare: two outcomes side by side, in words and tables and as JSON
 * (relocfund-compare/1). */
#include "rf_report_compare.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"

#define L(zh, en) (chinese ? (zh) : (en))

static char *amt(char buf[48], rf_fen v)
{
    return rf_amount_mark(buf, v);
}

/* A change in money with its sign, as a mark ("+440 万元", "-530 万元"). */
static char *signed_amt(char buf[56], rf_fen v)
{
    char m[48];
    snprintf(buf, 56, "%s%s", v > 0 ? "+" : "", rf_amount_mark(m, v));
    return buf;
}

/* One money row of a comparison table: label, a, b, change; flagged when
 * the values differ.  Negative "unknown" values (-1) show as "-". */
static void money_row(rf_doc *d, rf_table *t, const char *label, rf_fen a, rf_fen b, bool yuan)
{
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    rf_cell_text(d, &r[0], label);
    bool known = a >= 0 && b >= 0;
    void (*set)(rf_cell *, rf_fen) = yuan ? rf_cell_yuan : rf_cell_money;
    if (a >= 0)
        set(&r[1], a);
    else
        rf_cell_text(d, &r[1], "-");
    if (b >= 0)
        set(&r[2], b);
    else
        rf_cell_text(d, &r[2], "-");
    if (known)
        set(&r[3], b - a);
    r[2].flag = r[3].flag = known && a != b;
}

static void count_row(rf_doc *d, rf_table *t, const char *label, int64_t a, int64_t b)
{
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    rf_cell_text(d, &r[0], label);
    rf_cell_count(&r[1], a);
    rf_cell_count(&r[2], b);
    rf_cell_count(&r[3], b - a);
    r[2].flag = r[3].flag = a != b;
}

/* A new row of t with label in its first cell; NULL when out of memory. */
static rf_cell *labelled_row(rf_doc *d, rf_table *t, const char *label)
{
    rf_cell *r = rf_doc_row(d, t);
    if (r)
        rf_cell_text(d, &r[0], label);
    return r;
}

static const rf_outcome_source *find_source(const rf_outcome *o, const char *id)
{
    for (size_t f = 0; f < o->n_sources; f++)
        if (strcmp(o->sources[f].id, id) == 0)
            return &o->sources[f];
    return NULL;
}

static const rf_outcome_site *find_site(const rf_outcome *o, const char *id)
{
    for (size_t i = 0; i < o->n_sites; i++)
        if (strcmp(o->sites[i].id, id) == 0)
            return &o->sites[i];
    return NULL;
}

static const rf_outcome_class *find_class(const rf_outcome_site *s, int size)
{
    for (size_t c = 0; s && c < s->n_classes; c++)
        if (s->classes[c].size == size)
            return &s->classes[c];
    return NULL;
}

/* A change in a count with its sign ("+3", "-4", "0"), grouped. */
static char *signed_count(char buf[40], int64_t v)
{
    if (v <= 0)
        return rf_count_text(buf, v, true);
    char tmp[40];
    snprintf(buf, 40, "+%.38s", rf_count_text(tmp, v, true));
    return buf;
}

/* Sums over the sites of o whose id is not in `changed` (n of them). */
static bool site_in(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/* Why the money moved: the sites whose cost changed, who bears the change
 * (sources, surplus, integrated agricultural funds, households, the gap),
 * and, when the budget is pooled, the households of unchanged sites that
 * share it.  Each sentence matches a row of the tables below. */
static void why_paragraphs(rf_doc *d, rf_section *sec, const rf_outcome *a, const rf_outcome *b,
                           bool chinese)
{
    const rf_key_figures *ka = &a->key, *kb = &b->key;
    char x[56], y[56], m[48];
    /* Sites whose cost changed, up to three named. */
    const char *moved[3];
    size_t n_moved = 0, n_more = 0;
    for (size_t i = 0; i < b->n_sites; i++) {
        const rf_outcome_site *sa = find_site(a, b->sites[i].id);
        if (!sa || sa->cost == b->sites[i].cost)
            continue;
        if (n_moved < 3)
            moved[n_moved++] = b->sites[i].id;
        else
            n_more++;
    }
    rf_fen dcost = b->cost_total - a->cost_total;
    if (dcost != 0) {
        char list[256] = "";
        size_t used = 0;
        for (size_t i = 0; i < n_moved; i++) {
            const rf_outcome_site *sa = find_site(a, moved[i]), *sb = find_site(b, moved[i]);
            int w = snprintf(list + used, sizeof list - used, "%s%s %s",
                             i ? L("、", ", ") : "", moved[i], signed_amt(x, sb->cost - sa->cost));
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
        if (n_more)
            snprintf(list + used, sizeof list - used, L(" 等 %zu 个安置点", " and %zu more sites"),
                     n_more + n_moved);
        rf_doc_paragraph(d, sec, L("总成本变化 %s（%s）。", "Total cost changes by %s (%s)."),
                         signed_amt(y, dcost), list);
    }
    /* Sources whose arrived amount changed: usually the change itself. */
    for (size_t f = 0; f < b->n_sources; f++) {
        const rf_outcome_source *sa = find_source(a, b->sources[f].id), *sb = &b->sources[f];
        if (!sa || sa->arrived == sb->arrived)
            continue;
        char p[48], q[48];
        rf_doc_paragraph(d, sec,
                         L("%s到位 %s → %s，安排 %s → %s。",
                           "%s arrived %s → %s, allocated %s → %s."),
                         sb->name, amt(x, sa->arrived), amt(y, sb->arrived),
                         amt(p, sa->allocated), amt(q, sb->allocated));
    }
    /* Who bears the change in what must be paid: each term a key figure. */
    rf_fen alloc_a = 0, alloc_b = 0;
    for (size_t f = 0; f < a->n_sources; f++)
        alloc_a += a->sources[f].allocated;
    for (size_t f = 0; f < b->n_sources; f++)
        alloc_b += b->sources[f].allocated;
    rf_fen surplus_a = ka->surplus_employment_base + ka->surplus_industry;
    rf_fen surplus_b = kb->surplus_employment_base + kb->surplus_industry;
    struct {
        const char *zh, *en;
        rf_fen delta;
    } terms[] = {
        {"资金来源用于成本", "sources spent on costs", (alloc_b - surplus_b) - (alloc_a - surplus_a)},
        {"整合涉农资金", "integrated agricultural funds", kb->integrated_agri - ka->integrated_agri},
        {"建档立卡户自筹", "registered households", kb->registered_self_funding -
                                                         ka->registered_self_funding},
        {"同步搬迁户自筹", "synchronous households", kb->synchronous_self_funding -
                                                         ka->synchronous_self_funding},
        {"资金缺口", "unfunded gap", kb->unfunded - ka->unfunded},
    };
    char list[512] = "";
    size_t used = 0, n_terms = 0;
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        if (terms[i].delta == 0)
            continue;
        int w = snprintf(list + used, sizeof list - used, "%s%s %s",
                         n_terms++ ? L("，", ", ") : "", L(terms[i].zh, terms[i].en),
                         signed_amt(x, terms[i].delta));
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    if (n_terms)
        rf_doc_paragraph(d, sec, L("由谁承担：%s。", "Who bears it: %s."), list);
    if (surplus_a != surplus_b)
        rf_doc_paragraph(d, sec,
                         L("结余（转入就业基地与产业）%s → %s。",
                           "Surplus (to employment bases and industry): %s → %s."),
                         amt(x, surplus_a), amt(y, surplus_b));
    if (ka->integrated_agri != kb->integrated_agri && kb->integrated_agri > 0)
        rf_doc_paragraph(d, sec,
                         L("整合涉农资金 %s → %s：政策只允许用于征地等安置点成本。",
                           "Integrated agricultural funds %s → %s: the policy allows them "
                           "only for land and similar site costs."),
                         amt(x, ka->integrated_agri), amt(y, kb->integrated_agri));
    /* Pooling: registered households at sites whose cost did not change pay
     * more because the budget group shares the cost. */
    if (n_moved > 0 && kb->registered_self_funding > ka->registered_self_funding) {
        int64_t hh = 0;
        size_t sites = 0;
        rf_fen most = 0;
        for (size_t i = 0; i < b->n_sites; i++) {
            const rf_outcome_site *sb = &b->sites[i], *sa = find_site(a, sb->id);
            if (!sa || site_in(sb->id, moved, n_moved) || n_more)
                continue;
            rf_fen more = sb->self_funding[RF_CAT_REGISTERED] - sa->self_funding[RF_CAT_REGISTERED];
            if (more <= 0)
                continue;
            sites++;
            hh += sb->households[RF_CAT_REGISTERED];
            for (size_t c = 0; c < sb->n_classes; c++) {
                const rf_outcome_class *ca = find_class(sa, sb->classes[c].size);
                rf_fen dp = sb->classes[c].self_funding_per_household -
                            (ca ? ca->self_funding_per_household : 0);
                if (dp > most)
                    most = dp;
            }
        }
        if (sites)
            rf_doc_paragraph(d, sec,
                             L("资金在预算组内统筹：成本未变的 %zu 个安置点的 %lld 户建档立卡户也要多自筹，"
                               "户均最多增加 %s。",
                               "The budget is pooled: at %zu sites whose cost did not change, "
                               "%lld registered households also pay more, up to %s a household."),
                             sites, (long long)hh, rf_yuan_mark(m, most));
    }
}

static void summary_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b,
                            const char *const *changes, size_t n_changes, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    rf_doc_paragraph(
        d, sec, L("A：%s（情景 %s）；B：%s（情景 %s）。", "A: %s (scenario %s); B: %s (scenario %s)."),
        a->label, a->scenario, b->label, b->scenario);
    for (size_t i = 0; i < n_changes; i++)
        rf_doc_paragraph(d, sec, L("变更：%s", "Change: %s"), changes[i]);
    if (a->key.status == b->key.status)
        rf_doc_paragraph(d, sec, L("方案状态不变：%s。", "Status unchanged: %s."),
                         rf_plan_status_label(b->key.status, chinese));
    else
        rf_doc_paragraph(
            d, sec, L("方案状态由“%s”变为“%s”。", "Status changes from \"%s\" to \"%s\"."),
            rf_plan_status_label(a->key.status, chinese),
            rf_plan_status_label(b->key.status, chinese));
    char x[56], y[56], z[56];
    if (memcmp(a->households, b->households, sizeof a->households) != 0 ||
        memcmp(a->people, b->people, sizeof a->people) != 0) {
        char t[8][40];
        const int R = RF_CAT_REGISTERED, S = RF_CAT_SYNCHRONOUS;
        rf_doc_paragraph(
            d, sec,
            L("建档立卡 %s → %s 户（%s），%s → %s 人（%s）；同步搬迁 %s → %s 户，%s → %s 人。",
              "Registered: %s → %s households (%s), %s → %s people (%s); synchronous: %s → %s "
              "households, %s → %s people."),
            rf_count_text(t[0], a->households[R], true),
            rf_count_text(t[1], b->households[R], true),
            signed_count(x, b->households[R] - a->households[R]),
            rf_count_text(t[2], a->people[R], true), rf_count_text(t[3], b->people[R], true),
            signed_count(y, b->people[R] - a->people[R]),
            rf_count_text(t[4], a->households[S], true),
            rf_count_text(t[5], b->households[S], true), rf_count_text(t[6], a->people[S], true),
            rf_count_text(t[7], b->people[S], true));
    }
    const rf_key_figures *ka = &a->key, *kb = &b->key;
    if (ka->unfunded != kb->unfunded)
        rf_doc_paragraph(d, sec,
                         L("资金缺口：%s → %s（变化 %s）。",
                           "Unfunded gap: %s → %s (change %s)."),
                         amt(x, ka->unfunded), amt(y, kb->unfunded),
                         signed_amt(z, kb->unfunded - ka->unfunded));
    if (ka->registered_self_funding != kb->registered_self_funding) {
        char p[48], q[48];
        rf_doc_paragraph(d, sec,
                         L("建档立卡户自筹：%s → %s；户均 %s → %s。",
                           "Registered self-funding: %s → %s; per household %s → %s."),
                         amt(x, ka->registered_self_funding), amt(y, kb->registered_self_funding),
                         rf_yuan_mark(p, rf_key_figures_per_household(ka)),
                         rf_yuan_mark(q, rf_key_figures_per_household(kb)));
    }
    if (ka->cap_excess != kb->cap_excess)
        rf_doc_paragraph(d, sec,
                         L("超出自筹上限的部分：%s → %s（%lld → %lld 户）。",
                           "Self-funding over the cap: %s → %s (%lld → %lld "
                           "households)."),
                         amt(x, ka->cap_excess), amt(y, kb->cap_excess),
                         (long long)ka->households_over_cap, (long long)kb->households_over_cap);
    why_paragraphs(d, sec, a, b, chinese);
}

static void key_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("主要指标", "Key figures"));
    const char *h[] = {L("指标", "figure"), "A", "B", L("变化", "change")};
    rf_table *t = rf_doc_table(d, sec, "key_figures", L("主要指标", "Key figures"), 4, h);
    const rf_key_figures *ka = &a->key, *kb = &b->key;
    rf_cell *r = rf_doc_row(d, t);
    if (r) {
        rf_cell_text(d, &r[0], L("方案状态", "status"));
        rf_cell_text(d, &r[1], rf_plan_status_label(ka->status, chinese));
        rf_cell_text(d, &r[2], rf_plan_status_label(kb->status, chinese));
        r[2].flag = ka->status != kb->status;
    }
    count_row(d, t, L("建档立卡户数", "registered households"), a->households[RF_CAT_REGISTERED],
              b->households[RF_CAT_REGISTERED]);
    count_row(d, t, L("建档立卡人数", "registered people"), a->people[RF_CAT_REGISTERED],
              b->people[RF_CAT_REGISTERED]);
    count_row(d, t, L("同步搬迁户数", "synchronous households"), a->households[RF_CAT_SYNCHRONOUS],
              b->households[RF_CAT_SYNCHRONOUS]);
    count_row(d, t, L("同步搬迁人数", "synchronous people"), a->people[RF_CAT_SYNCHRONOUS],
              b->people[RF_CAT_SYNCHRONOUS]);
    money_row(d, t, L("总成本", "total cost"), a->cost_total, b->cost_total, false);
    money_row(d, t, L("资金缺口", "unfunded gap"), ka->unfunded, kb->unfunded, false);
    money_row(d, t, L("超出上限的自筹", "self-funding over the cap"), ka->cap_excess,
              kb->cap_excess, false);
    count_row(d, t, L("超出自筹上限户数", "households over the cap"), ka->households_over_cap,
              kb->households_over_cap);
    count_row(d, t, L("超出面积上限户数", "households over the area cap"),
              ka->households_over_area_cap, kb->households_over_area_cap);
    money_row(d, t, L("建档立卡户自筹", "registered self-funding"), ka->registered_self_funding,
              kb->registered_self_funding, false);
    money_row(d, t, L("建档立卡户均自筹（元）", "registered self-funding per household (yuan)"),
              rf_key_figures_per_household(ka), rf_key_figures_per_household(kb), true);
    money_row(d, t, L("同步搬迁户自筹", "synchronous self-funding"), ka->synchronous_self_funding,
              kb->synchronous_self_funding, false);
    money_row(d, t, L("整合涉农资金", "integrated agricultural funds"), ka->integrated_agri,
              kb->integrated_agri, false);
    money_row(d, t, L("结余→就业基地", "surplus → employment bases"), ka->surplus_employment_base,
              kb->surplus_employment_base, false);
    money_row(d, t, L("结余→产业发展", "surplus → industry"), ka->surplus_industry,
              kb->surplus_industry, false);
    money_row(d, t, L("贷款动用", "loans drawn"), ka->loans_drawn, kb->loans_drawn, false);
}

static void sources_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("资金来源与用途", "Sources and uses"));
    const char *h[] = {L("来源", "source"),        L("到位 A", "arrived A"),
                       L("到位 B", "arrived B"),   L("安排 A", "allocated A"),
                       L("安排 B", "allocated B"), L("安排变化", "change"),
                       L("未动用 A", "undrawn A"), L("未动用 B", "undrawn B")};
    rf_table *t = rf_doc_table(d, sec, "sources", L("资金来源", "Sources"), 8, h);
    const char *hu[] = {L("来源", "source"), L("用途", "use"), "A", "B", L("变化", "change")};
    rf_table *tu = rf_doc_table(d, sec, "allocations",
                                L("按来源和用途的安排", "Allocations by source and use"), 5, hu);
    static const rf_outcome_source none = {0};
    for (int pass = 0; pass < 2; pass++) {
        const rf_outcome *o = pass == 0 ? a : b;
        for (size_t f = 0; f < o->n_sources; f++) {
            const rf_outcome_source *sa =
                pass == 0 ? &a->sources[f] : find_source(a, o->sources[f].id);
            const rf_outcome_source *sb =
                pass == 0 ? find_source(b, o->sources[f].id) : &b->sources[f];
            if (pass == 1 && sa)
                continue; /* already shown */
            const char *name = o->sources[f].name;
            sa = sa ? sa : &none;
            sb = sb ? sb : &none;
            rf_cell *r = labelled_row(d, t, name);
            if (!r)
                return;
            rf_cell_money(&r[1], sa->arrived);
            rf_cell_money(&r[2], sb->arrived);
            rf_cell_money(&r[3], sa->allocated);
            rf_cell_money(&r[4], sb->allocated);
            rf_cell_money(&r[5], sb->allocated - sa->allocated);
            rf_cell_money(&r[6], sa->undrawn);
            rf_cell_money(&r[7], sb->undrawn);
            r[2].flag = sa->arrived != sb->arrived;
            r[4].flag = r[5].flag = sa->allocated != sb->allocated;
            r[7].flag = sa->undrawn != sb->undrawn;
            for (int u = 0; u < RF_USE_COUNT; u++) {
                if (sa->by_use[u] == 0 && sb->by_use[u] == 0)
                    continue;
                rf_cell *ru = labelled_row(d, tu, name);
                if (!ru)
                    return;
                rf_cell_text(d, &ru[1], rf_use_label((rf_use)u, chinese));
                rf_cell_money(&ru[2], sa->by_use[u]);
                rf_cell_money(&ru[3], sb->by_use[u]);
                rf_cell_money(&ru[4], sb->by_use[u] - sa->by_use[u]);
                ru[3].flag = ru[4].flag = sa->by_use[u] != sb->by_use[u];
            }
        }
    }
}

/* Sets a pair of money cells and flags the second when they differ. */
static void pair(rf_cell *c, rf_fen a, rf_fen b)
{
    rf_cell_money(&c[0], a);
    rf_cell_money(&c[1], b);
    c[1].flag = a != b;
}

/* Sets a pair of count cells and flags the second when they differ. */
static void count_pair(rf_cell *c, int64_t a, int64_t b)
{
    rf_cell_count(&c[0], a);
    rf_cell_count(&c[1], b);
    c[1].flag = a != b;
}

/* Adds the row of one household size of a site to the class table; a side
 * without the class shows 0 households.  False when out of memory. */
static bool class_row(rf_doc *d, rf_table *t, const char *site, const rf_outcome_class *ca,
                      const rf_outcome_class *cb, int size)
{
    rf_fen pa = ca ? ca->self_funding_per_household : 0;
    rf_fen pb = cb ? cb->self_funding_per_household : 0;
    int64_t ha = ca ? ca->households : 0, hb = cb ? cb->households : 0;
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return false;
    rf_cell_text(d, &r[0], site);
    rf_cell_count(&r[1], size);
    rf_cell_count(&r[2], ha);
    rf_cell_count(&r[3], hb);
    rf_cell_yuan(&r[4], pa);
    rf_cell_yuan(&r[5], pb);
    rf_cell_yuan(&r[6], pb - pa);
    pair(&r[7], ca ? ca->excess : 0, cb ? cb->excess : 0);
    r[3].flag = ha != hb;
    r[5].flag = r[6].flag = pa != pb;
    r[7].flag = ca && ca->excess > 0;
    return true;
}

static void sites_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("安置点", "Sites"));
    const char *h[] = {L("安置点", "site"),
                       L("成本 A", "cost A"),
                       L("成本 B", "cost B"),
                       L("缺口 A", "gap A"),
                       L("缺口 B", "gap B"),
                       L("建档立卡自筹 A", "registered self-funding A"),
                       L("建档立卡自筹 B", "registered self-funding B"),
                       L("涉农资金 A", "integrated agri A"),
                       L("涉农资金 B", "integrated agri B"),
                       L("结余→就业 A", "surplus → employment A"),
                       L("结余→就业 B", "surplus → employment B"),
                       L("结余→产业 A", "surplus → industry A"),
                       L("结余→产业 B", "surplus → industry B")};
    rf_table *t = rf_doc_table(d, sec, "sites", L("安置点资金收支", "Site funding"), 13, h);
    const char *hc[] = {L("安置点", "site"),
                        L("每户人数", "people per household"),
                        L("户数 A", "households A"),
                        L("户数 B", "households B"),
                        L("户均自筹 A（元）", "self-funding per household A (yuan)"),
                        L("户均自筹 B（元）", "self-funding per household B (yuan)"),
                        L("变化（元）", "change (yuan)"),
                        L("超出上限 A", "over the cap A"),
                        L("超出上限 B", "over the cap B")};
    const char *hp[] = {L("安置点", "site"),
                        L("建档立卡户 A", "registered households A"),
                        L("建档立卡户 B", "registered households B"),
                        L("建档立卡人 A", "registered people A"),
                        L("建档立卡人 B", "registered people B"),
                        L("同步户 A", "synchronous households A"),
                        L("同步户 B", "synchronous households B"),
                        L("同步人 A", "synchronous people A"),
                        L("同步人 B", "synchronous people B")};
    rf_table *tp = rf_doc_table(d, sec, "site_people",
                                L("安置点户数与人数", "Households and people by site"), 9, hp);
    rf_table *tc =
        rf_doc_table(d, sec, "classes",
                     L("建档立卡户型与自筹上限", "Registered households against the cap"), 9, hc);
    static const rf_outcome_site none = {0};
    for (int pass = 0; pass < 2; pass++) {
        const rf_outcome *o = pass == 0 ? a : b;
        for (size_t i = 0; i < o->n_sites; i++) {
            const rf_outcome_site *sa = pass == 0 ? &a->sites[i] : find_site(a, o->sites[i].id);
            const rf_outcome_site *sb = pass == 0 ? find_site(b, o->sites[i].id) : &b->sites[i];
            if (pass == 1 && sa)
                continue; /* already shown */
            const char *id = o->sites[i].id;
            sa = sa ? sa : &none;
            sb = sb ? sb : &none;
            rf_cell *r = labelled_row(d, t, id);
            if (!r)
                return;
            pair(&r[1], sa->cost, sb->cost);
            pair(&r[3], sa->unfunded, sb->unfunded);
            pair(&r[5], sa->self_funding[RF_CAT_REGISTERED], sb->self_funding[RF_CAT_REGISTERED]);
            pair(&r[7], sa->integrated_agri, sb->integrated_agri);
            pair(&r[9], sa->surplus_employment_base, sb->surplus_employment_base);
            pair(&r[11], sa->surplus_industry, sb->surplus_industry);
            rf_cell *rp = labelled_row(d, tp, id);
            if (!rp)
                return;
            for (int c = 0; c < RF_CAT_COUNT; c++) {
                count_pair(&rp[1 + 4 * c], sa->households[c], sb->households[c]);
                count_pair(&rp[3 + 4 * c], sa->people[c], sb->people[c]);
            }
            /* Every household size of the site in A or in B, merged in
             * size order (classes are listed by size): B's sizes that A
             * lacks go in before the first larger size of A. */
            size_t jb = 0;
            for (size_t c = 0; c <= sa->n_classes; c++) {
                int size = c < sa->n_classes ? sa->classes[c].size : INT_MAX;
                for (; jb < sb->n_classes && sb->classes[jb].size < size; jb++)
                    if (!find_class(sa, sb->classes[jb].size) &&
                        !class_row(d, tc, id, NULL, &sb->classes[jb], sb->classes[jb].size))
                        return;
                if (c < sa->n_classes &&
                    !class_row(d, tc, id, &sa->classes[c], find_class(sb, size), size))
                    return;
            }
        }
    }
}

/* Base against changed, per site: the cost, and what households pay and
 * the gap (the money the sources leave to people), each with its change. */
static void charts_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("图表", "Charts"));
    rf_chart *cost = rf_doc_chart(d, sec, RF_CHART_PAIRS, "site_cost",
                                  L("各安置点成本：A 与 B", "Cost by site: A and B"));
    rf_chart *paid =
        rf_doc_chart(d, sec, RF_CHART_PAIRS, "site_households",
                     L("各安置点群众自筹与资金缺口：A 与 B",
                       "Self-funding and gap by site: A and B"));
    static const rf_outcome_site none = {0};
    bool any_cost = false, any_paid = false;
    for (size_t i = 0; i < b->n_sites; i++) {
        const rf_outcome_site *sb = &b->sites[i], *sa = find_site(a, sb->id);
        sa = sa ? sa : &none;
        rf_fen pa = sa->self_funding[0] + sa->self_funding[1] + sa->unfunded;
        rf_fen pb = sb->self_funding[0] + sb->self_funding[1] + sb->unfunded;
        char note[64], m[56];
        int at = rf_chart_label(d, cost, sb->id, sa->cost, sb->cost);
        if (sa->cost != sb->cost) {
            snprintf(note, sizeof note, L("变化 %s", "change %s"), signed_amt(m, sb->cost - sa->cost));
            rf_chart_note(d, cost, at, note, false);
            any_cost = true;
        }
        at = rf_chart_label(d, paid, sb->id, pa, pb);
        if (pa != pb) {
            snprintf(note, sizeof note, L("变化 %s", "change %s"), signed_amt(m, pb - pa));
            rf_chart_note(d, paid, at, note, pb > pa);
            any_paid = true;
        }
    }
    if (!any_cost)
        rf_chart_instead(d, cost, "%s",
                         L("各安置点成本不变。", "No site's cost changes."));
    if (!any_paid)
        rf_chart_instead(d, paid, "%s",
                         L("各安置点群众自筹与资金缺口不变。",
                           "No site's self-funding or gap changes."));
}

rf_doc *rf_report_compare(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                          size_t n_changes, const char *title, bool chinese)
{
    rf_doc *d = rf_doc_new(title, chinese);
    if (!d)
        return NULL;
    rf_doc_subtitle(d,
                    L("A：%s；B：%s；有变化的数值已标出",
                      "A: %s; B: %s; changed values are flagged"),
                    a->label, b->label);
    summary_section(d, a, b, changes, n_changes, chinese);
    key_section(d, a, b, chinese);
    sources_section(d, a, b, chinese);
    sites_section(d, a, b, chinese);
    charts_section(d, a, b, chinese);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

/* ---- JSON ---- */

/* The lists of an outcome: an element a line, the bracket after the last. */
static const rf_jw_layout LIST = {"\n      ", "\n      ", "", "", ": "};

/* A money member in yuan; a loan amount a saved result does not know (-1)
 * is null. */
static void json_money(rf_jw *w, const char *key, rf_fen v)
{
    if (v < 0 && strstr(key, "loans"))
        rf_jw_null(w, key);
    else
        rf_jw_yuan(w, key, v);
}

void rf_report_key_figures_json(rf_jw *w, const char *key, const rf_key_figures *k)
{
    rf_jw_object(w, key, &RF_JW_INLINE);
    rf_jw_string(w, "status", rf_plan_status_id(k->status));
    json_money(w, "unfunded_yuan", k->unfunded);
    json_money(w, "cap_excess_yuan", k->cap_excess);
    rf_jw_int(w, "households_over_cap", k->households_over_cap);
    rf_jw_int(w, "households_over_area_cap", k->households_over_area_cap);
    json_money(w, "registered_self_funding_yuan", k->registered_self_funding);
    json_money(w, "registered_self_funding_per_household_yuan", rf_key_figures_per_household(k));
    json_money(w, "synchronous_self_funding_yuan", k->synchronous_self_funding);
    json_money(w, "integrated_agri_yuan", k->integrated_agri);
    json_money(w, "surplus_employment_base_yuan", k->surplus_employment_base);
    json_money(w, "surplus_industry_yuan", k->surplus_industry);
    json_money(w, "loans_drawn_yuan", k->loans_drawn);
    rf_jw_end(w);
}

/* The households and people of each category. */
static void json_counts(rf_jw *w, const int64_t households[RF_CAT_COUNT],
                        const int64_t people[RF_CAT_COUNT])
{
    rf_jw_int(w, "registered_households", households[RF_CAT_REGISTERED]);
    rf_jw_int(w, "registered_people", people[RF_CAT_REGISTERED]);
    rf_jw_int(w, "synchronous_households", households[RF_CAT_SYNCHRONOUS]);
    rf_jw_int(w, "synchronous_people", people[RF_CAT_SYNCHRONOUS]);
}

static void json_site(rf_jw *w, const rf_outcome_site *s)
{
    rf_jw_object(w, NULL, &RF_JW_INLINE);
    rf_jw_string(w, "id", s->id);
    rf_jw_string(w, "type", rf_site_type_id(s->type));
    json_counts(w, s->households, s->people);
    json_money(w, "cost_yuan", s->cost);
    json_money(w, "unfunded_yuan", s->unfunded);
    json_money(w, "registered_self_funding_yuan", s->self_funding[RF_CAT_REGISTERED]);
    json_money(w, "synchronous_self_funding_yuan", s->self_funding[RF_CAT_SYNCHRONOUS]);
    json_money(w, "integrated_agri_yuan", s->integrated_agri);
    json_money(w, "surplus_employment_base_yuan", s->surplus_employment_base);
    json_money(w, "surplus_industry_yuan", s->surplus_industry);
    rf_jw_array(w, "classes", &RF_JW_INLINE);
    for (size_t c = 0; c < s->n_classes; c++) {
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_int(w, "size", s->classes[c].size);
        rf_jw_int(w, "households", s->classes[c].households);
        json_money(w, "self_funding_per_household_yuan", s->classes[c].self_funding_per_household);
        json_money(w, "excess_yuan", s->classes[c].excess);
        rf_jw_end(w);
    }
    rf_jw_end(w);
    rf_jw_end(w);
}

static void json_outcome(rf_jw *w, const char *key, const rf_outcome *o)
{
    rf_jw_object(w, key, &RF_JW_INLINE);
    rf_jw_string(w, "label", o->label);
    rf_jw_string(w, "scenario", o->scenario);
    rf_jw_string(w, "policy", o->policy);
    json_money(w, "cost_yuan", o->cost_total);
    rf_report_key_figures_json(w, "key", &o->key);
    rf_jw_sep(w, "\n    ");
    rf_jw_object(w, "people", &RF_JW_INLINE);
    json_counts(w, o->households, o->people);
    rf_jw_end(w);
    rf_jw_sep(w, "\n    ");
    rf_jw_array(w, "sources", &LIST);
    for (size_t f = 0; f < o->n_sources; f++) {
        const rf_outcome_source *s = &o->sources[f];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_string(w, "id", s->id);
        json_money(w, "arrived_yuan", s->arrived);
        json_money(w, "allocated_yuan", s->allocated);
        json_money(w, "undrawn_yuan", s->undrawn);
        rf_jw_object(w, "by_use_yuan", &RF_JW_INLINE);
        for (int u = 0; u < RF_USE_COUNT; u++)
            json_money(w, rf_use_id((rf_use)u), s->by_use[u]);
        rf_jw_end(w);
        rf_jw_end(w);
    }
    rf_jw_end(w);
    rf_jw_sep(w, "\n    ");
    rf_jw_array(w, "sites", &LIST);
    for (size_t i = 0; i < o->n_sites; i++)
        json_site(w, &o->sites[i]);
    rf_jw_end(w);
    rf_jw_end(w);
}

/* Names of the key figures that differ, as a JSON array. */
static void json_differences(rf_jw *w, const rf_outcome *a, const rf_outcome *b)
{
    const rf_key_figures *x = &a->key, *y = &b->key;
    struct {
        const char *name;
        bool differs;
    } items[] = {
        {"status", x->status != y->status},
        {"registered_households",
         a->households[RF_CAT_REGISTERED] != b->households[RF_CAT_REGISTERED]},
        {"registered_people", a->people[RF_CAT_REGISTERED] != b->people[RF_CAT_REGISTERED]},
        {"synchronous_households",
         a->households[RF_CAT_SYNCHRONOUS] != b->households[RF_CAT_SYNCHRONOUS]},
        {"synchronous_people", a->people[RF_CAT_SYNCHRONOUS] != b->people[RF_CAT_SYNCHRONOUS]},
        {"cost_yuan", a->cost_total != b->cost_total},
        {"unfunded_yuan", x->unfunded != y->unfunded},
        {"cap_excess_yuan", x->cap_excess != y->cap_excess},
        {"households_over_cap", x->households_over_cap != y->households_over_cap},
        {"households_over_area_cap", x->households_over_area_cap != y->households_over_area_cap},
        {"registered_self_funding_yuan", x->registered_self_funding != y->registered_self_funding},
        {"synchronous_self_funding_yuan",
         x->synchronous_self_funding != y->synchronous_self_funding},
        {"integrated_agri_yuan", x->integrated_agri != y->integrated_agri},
        {"surplus_employment_base_yuan", x->surplus_employment_base != y->surplus_employment_base},
        {"surplus_industry_yuan", x->surplus_industry != y->surplus_industry},
        {"loans_drawn_yuan", x->loans_drawn != y->loans_drawn},
    };
    rf_jw_array(w, "differences", &RF_JW_INLINE);
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (items[i].differs)
            rf_jw_string(w, NULL, items[i].name);
    rf_jw_end(w);
}

rf_status rf_report_compare_json(const rf_outcome *a, const rf_outcome *b,
                                 const char *const *changes, size_t n_changes, FILE *out)
{
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-compare/1");
    rf_jw_array(&w, "changes", &RF_JW_INLINE);
    for (size_t i = 0; i < n_changes; i++)
        rf_jw_string(&w, NULL, changes[i]);
    rf_jw_end(&w);
    json_differences(&w, a, b);
    json_outcome(&w, "a", a);
    json_outcome(&w, "b", b);
    return rf_jw_finish(&w);
}
