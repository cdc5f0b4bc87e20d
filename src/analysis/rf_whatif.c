/* rf_whatif: side-by-side comparisons, warm-started sweeps, their documents, JSON and SVG. */
#include "rf_whatif.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rf_money.h"
#include "rf_names.h"
#include "rf_solve.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* ---- key figures from a rounded solution ---- */

void rf_key_figures_add(const rf_model *m, const rf_fen *v, rf_key_figures *k)
{
    const rf_scenario *s = m->scenario;
    const rf_policy *p = s->policy;
    /* Self-funding of each registered class of the group's sites. */
    size_t n_classes = 0;
    for (size_t g = 0; g < m->n_sites; g++)
        n_classes += s->sites[m->sites[g]].n_registered;
    size_t *first = calloc(s->n_sites + 1, sizeof *first);
    rf_fen *class_sf = calloc(n_classes + 1, sizeof *class_sf);
    for (size_t g = 0, at = 0; first && g < m->n_sites; g++) {
        first[m->sites[g]] = at;
        at += s->sites[m->sites[g]].n_registered;
    }
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        rf_fen x = v[j];
        if (x == 0)
            continue;
        switch (c->kind) {
        case RF_COL_GAP:
            k->unfunded += x;
            break;
        case RF_COL_SELF:
            k->registered_self_funding += x;
            if (first && class_sf)
                class_sf[first[c->site] + (size_t)c->cls] += x;
            break;
        case RF_COL_SELF_SYNC:
            k->synchronous_self_funding += x;
            break;
        case RF_COL_AGRI:
            k->integrated_agri += x;
            break;
        case RF_COL_FLOW:
            if (p->sources[c->source].is_loan)
                k->loans_drawn += x;
            if (p->sources[c->source].category == RF_CAT_REGISTERED) {
                if (c->use == RF_USE_EMPLOYMENT_BASE)
                    k->surplus_employment_base += x;
                else if (c->use == RF_USE_INDUSTRY)
                    k->surplus_industry += x;
            }
            break;
        default:
            break;
        }
    }
    if (first && class_sf)
        for (size_t g = 0; g < m->n_sites; g++) {
            const rf_site *site = &s->sites[m->sites[g]];
            for (size_t c = 0; c < site->n_registered; c++) {
                rf_fen cap = p->self_funding_cap * site->registered[c].households;
                rf_fen sf = class_sf[first[m->sites[g]] + c];
                if (sf > cap) {
                    k->cap_excess += sf - cap;
                    k->households_over_cap += site->registered[c].households;
                }
            }
        }
    free(first);
    free(class_sf);
}

void rf_key_figures_finish(const rf_scenario *s, rf_key_figures *k)
{
    k->households_over_area_cap = 0;
    k->registered_households = 0;
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        k->registered_households += site->registered_households;
        for (size_t c = 0; c < site->n_registered; c++) {
            const rf_size_class *sc = &site->registered[c];
            if (sc->households > 0 && site->costs.area_per_person * sc->size >
                                          rf_model_area_cap(s->policy, sc->size))
                k->households_over_area_cap += sc->households;
        }
    }
    if (k->unfunded > 0)
        k->status = RF_PLAN_UNFUNDED_GAP;
    else if (k->cap_excess > 0 || k->households_over_area_cap > 0)
        k->status = RF_PLAN_CAP_VIOLATION;
    else
        k->status = RF_PLAN_BALANCED;
}

/* ---- side by side ---- */

static char *wan(char buf[40], rf_fen v)
{
    return rf_fen_wan(buf, v, true);
}

/* Self-funding per registered household over the whole plan, in fen. */
static rf_fen per_household(const rf_key_figures *k)
{
    return k->registered_households > 0
               ? rf_div_round(k->registered_self_funding, k->registered_households)
               : 0;
}

/* One money row of a comparison table: label, a, b, change; flagged when
 * the values differ.  Negative "unknown" values (-1) show as empty. */
static void money_row(rf_doc *d, rf_table *t, const char *label, rf_fen a, rf_fen b, bool yuan)
{
    rf_cell *r = rf_doc_row(d, t);
    if (!r)
        return;
    char buf[40];
    rf_cell_text(d, &r[0], label);
    bool known = a >= 0 && b >= 0;
    if (yuan) {
        rf_cell_text(d, &r[1], a >= 0 ? rf_fen_yuan(buf, a, true) : "-");
        rf_cell_text(d, &r[2], b >= 0 ? rf_fen_yuan(buf, b, true) : "-");
        if (known)
            rf_cell_text(d, &r[3], rf_fen_yuan(buf, b - a, true));
    } else {
        if (a >= 0)
            rf_cell_money(&r[1], a);
        if (b >= 0)
            rf_cell_money(&r[2], b);
        if (known)
            rf_cell_money(&r[3], b - a);
    }
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

static void summary_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b,
                            const char *const *changes, size_t n_changes, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    rf_doc_paragraph(d, sec, L("A: %s (情景 %s); B: %s (情景 %s).",
                               "A: %s (scenario %s); B: %s (scenario %s)."),
                     a->label, a->scenario, b->label, b->scenario);
    for (size_t i = 0; i < n_changes; i++)
        rf_doc_paragraph(d, sec, L("变更: %s", "Change: %s"), changes[i]);
    if (a->key.status == b->key.status)
        rf_doc_paragraph(d, sec, L("方案状态不变: %s.", "Status unchanged: %s."),
                         rf_plan_status_label(b->key.status, chinese));
    else
        rf_doc_paragraph(d, sec, L("方案状态由 \"%s\" 变为 \"%s\".",
                                   "Status changes from \"%s\" to \"%s\"."),
                         rf_plan_status_label(a->key.status, chinese),
                         rf_plan_status_label(b->key.status, chinese));
    char x[40], y[40], z[40];
    if (memcmp(a->households, b->households, sizeof a->households) != 0 ||
        memcmp(a->people, b->people, sizeof a->people) != 0) {
        char t[8][40];
        const int R = RF_CAT_REGISTERED, S = RF_CAT_SYNCHRONOUS;
        rf_doc_paragraph(
            d, sec,
            L("建档立卡 %s → %s 户 (%s), %s → %s 人 (%s); 同步搬迁 %s → %s 户, %s → %s 人.",
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
        rf_doc_paragraph(d, sec, L("资金缺口: %s → %s 万元 (变化 %s 万元).",
                                   "Unfunded gap: %s → %s 万元 (change %s 万元)."),
                         wan(x, ka->unfunded), wan(y, kb->unfunded),
                         wan(z, kb->unfunded - ka->unfunded));
    if (ka->registered_self_funding != kb->registered_self_funding) {
        char p[40], q[40];
        rf_doc_paragraph(d, sec,
                         L("建档立卡户自筹: %s → %s 万元; 户均 %s → %s 元.",
                           "Registered self-funding: %s → %s 万元; per household %s → %s yuan."),
                         wan(x, ka->registered_self_funding), wan(y, kb->registered_self_funding),
                         rf_fen_yuan(p, per_household(ka), true),
                         rf_fen_yuan(q, per_household(kb), true));
    }
    if (ka->cap_excess != kb->cap_excess)
        rf_doc_paragraph(d, sec, L("超出1万元上限的自筹: %s → %s 万元 (%lld → %lld 户).",
                                   "Self-funding over the cap: %s → %s 万元 (%lld → %lld "
                                   "households)."),
                         wan(x, ka->cap_excess), wan(y, kb->cap_excess),
                         (long long)ka->households_over_cap, (long long)kb->households_over_cap);
    if (ka->integrated_agri != kb->integrated_agri)
        rf_doc_paragraph(d, sec, L("整合涉农资金: %s → %s 万元.",
                                   "Integrated agricultural funds: %s → %s 万元."),
                         wan(x, ka->integrated_agri), wan(y, kb->integrated_agri));
    rf_fen sa = ka->surplus_employment_base + ka->surplus_industry;
    rf_fen sb = kb->surplus_employment_base + kb->surplus_industry;
    if (sa != sb)
        rf_doc_paragraph(d, sec, L("结余 (就业基地与产业): %s → %s 万元.",
                                   "Surplus (employment bases and industry): %s → %s 万元."),
                         wan(x, sa), wan(y, sb));
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
    money_row(d, t, L("建档立卡户均自筹 (元)", "registered self-funding per household (yuan)"),
              per_household(ka), per_household(kb), true);
    money_row(d, t, L("同步搬迁户自筹", "synchronous self-funding"), ka->synchronous_self_funding,
              kb->synchronous_self_funding, false);
    money_row(d, t, L("整合涉农资金", "integrated agricultural funds"), ka->integrated_agri,
              kb->integrated_agri, false);
    money_row(d, t, L("结余→就业基地", "surplus → employment bases"),
              ka->surplus_employment_base, kb->surplus_employment_base, false);
    money_row(d, t, L("结余→产业发展", "surplus → industry"), ka->surplus_industry,
              kb->surplus_industry, false);
    money_row(d, t, L("贷款动用", "loans drawn"), ka->loans_drawn, kb->loans_drawn, false);
}

static void sources_section(rf_doc *d, const rf_outcome *a, const rf_outcome *b, bool chinese)
{
    rf_section *sec = rf_doc_section(d, L("资金来源与用途", "Sources and uses"));
    const char *h[] = {L("来源", "source"),        L("到位 A", "arrived A"),
                       L("到位 B", "arrived B"),    L("安排 A", "allocated A"),
                       L("安排 B", "allocated B"),  L("安排变化", "change"),
                       L("未动用 A", "undrawn A"),  L("未动用 B", "undrawn B")};
    rf_table *t = rf_doc_table(d, sec, "sources", L("资金来源", "Sources"), 8, h);
    const char *hu[] = {L("来源", "source"), L("用途", "use"), "A", "B", L("变化", "change")};
    rf_table *tu = rf_doc_table(d, sec, "allocations",
                                L("按来源和用途的安排", "Allocations by source and use"), 5, hu);
    static const rf_outcome_source none = {0};
    for (int pass = 0; pass < 2; pass++) {
        const rf_outcome *o = pass == 0 ? a : b;
        for (size_t f = 0; f < o->n_sources; f++) {
            const rf_outcome_source *sa = pass == 0 ? &a->sources[f] : find_source(a, o->sources[f].id);
            const rf_outcome_source *sb = pass == 0 ? find_source(b, o->sources[f].id) : &b->sources[f];
            if (pass == 1 && sa)
                continue; /* already shown */
            const char *name = o->sources[f].name;
            if (!sa)
                sa = &none;
            if (!sb)
                sb = &none;
            rf_cell *r = rf_doc_row(d, t);
            if (!r)
                return;
            rf_cell_text(d, &r[0], name);
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
                rf_cell *ru = rf_doc_row(d, tu);
                if (!ru)
                    return;
                rf_cell_text(d, &ru[0], name);
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
    char buf[40];
    rf_cell_text(d, &r[0], site);
    rf_cell_count(&r[1], size);
    rf_cell_count(&r[2], ha);
    rf_cell_count(&r[3], hb);
    rf_cell_text(d, &r[4], rf_fen_yuan(buf, pa, true));
    rf_cell_text(d, &r[5], rf_fen_yuan(buf, pb, true));
    rf_cell_text(d, &r[6], rf_fen_yuan(buf, pb - pa, true));
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
    rf_table *t = rf_doc_table(d, sec, "sites", L("安置点资金平衡", "Site balance"), 13, h);
    const char *hc[] = {L("安置点", "site"),
                        L("每户人数", "people per household"),
                        L("户数 A", "households A"),
                        L("户数 B", "households B"),
                        L("户均自筹 A (元)", "self-funding per household A (yuan)"),
                        L("户均自筹 B (元)", "self-funding per household B (yuan)"),
                        L("变化 (元)", "change (yuan)"),
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
    rf_table *tc = rf_doc_table(d, sec, "classes",
                                L("建档立卡户型与自筹上限", "Registered households against the cap"),
                                9, hc);
    static const rf_outcome_site none = {0};
    for (int pass = 0; pass < 2; pass++) {
        const rf_outcome *o = pass == 0 ? a : b;
        for (size_t i = 0; i < o->n_sites; i++) {
            const rf_outcome_site *sa = pass == 0 ? &a->sites[i] : find_site(a, o->sites[i].id);
            const rf_outcome_site *sb = pass == 0 ? find_site(b, o->sites[i].id) : &b->sites[i];
            if (pass == 1 && sa)
                continue;
            const char *id = o->sites[i].id;
            if (!sa)
                sa = &none;
            if (!sb)
                sb = &none;
            rf_cell *r = rf_doc_row(d, t);
            if (!r)
                return;
            rf_cell_text(d, &r[0], id);
            pair(&r[1], sa->cost, sb->cost);
            pair(&r[3], sa->unfunded, sb->unfunded);
            pair(&r[5], sa->self_funding[RF_CAT_REGISTERED], sb->self_funding[RF_CAT_REGISTERED]);
            pair(&r[7], sa->integrated_agri, sb->integrated_agri);
            pair(&r[9], sa->surplus_employment_base, sb->surplus_employment_base);
            pair(&r[11], sa->surplus_industry, sb->surplus_industry);
            rf_cell *rp = rf_doc_row(d, tp);
            if (!rp)
                return;
            rf_cell_text(d, &rp[0], id);
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

rf_doc *rf_whatif_doc(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                      size_t n_changes, const char *title, bool chinese)
{
    rf_doc *d = rf_doc_new(title, chinese);
    if (!d)
        return NULL;
    rf_doc_subtitle(d, L("A: %s; B: %s; 金额单位: 万元; 有变化的数值已标出",
                         "A: %s; B: %s; amounts in 万元; changed values are flagged"),
                    a->label, b->label);
    summary_section(d, a, b, changes, n_changes, chinese);
    key_section(d, a, b, chinese);
    sources_section(d, a, b, chinese);
    sites_section(d, a, b, chinese);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

/* ---- JSON ---- */

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_money(FILE *out, const char *key, rf_fen v, const char *sep)
{
    char buf[40];
    if (v < 0 && strstr(key, "loans"))
        fprintf(out, "\"%s\": null%s", key, sep);
    else
        fprintf(out, "\"%s\": %s%s", key, rf_fen_yuan(buf, v, false), sep);
}

static void json_key_figures(FILE *out, const rf_key_figures *k)
{
    fputs("{\"status\": ", out);
    json_string(out, rf_plan_status_id(k->status));
    fputs(", ", out);
    json_money(out, "unfunded_yuan", k->unfunded, ", ");
    json_money(out, "cap_excess_yuan", k->cap_excess, ", ");
    fprintf(out, "\"households_over_cap\": %" PRId64 ", \"households_over_area_cap\": %" PRId64
                 ", ",
            k->households_over_cap, k->households_over_area_cap);
    json_money(out, "registered_self_funding_yuan", k->registered_self_funding, ", ");
    json_money(out, "registered_self_funding_per_household_yuan", per_household(k), ", ");
    json_money(out, "synchronous_self_funding_yuan", k->synchronous_self_funding, ", ");
    json_money(out, "integrated_agri_yuan", k->integrated_agri, ", ");
    json_money(out, "surplus_employment_base_yuan", k->surplus_employment_base, ", ");
    json_money(out, "surplus_industry_yuan", k->surplus_industry, ", ");
    json_money(out, "loans_drawn_yuan", k->loans_drawn, "}");
}

static void json_outcome(FILE *out, const rf_outcome *o)
{
    fputs("{\"label\": ", out);
    json_string(out, o->label);
    fputs(", \"scenario\": ", out);
    json_string(out, o->scenario);
    fputs(", \"policy\": ", out);
    json_string(out, o->policy);
    fputs(", ", out);
    json_money(out, "cost_yuan", o->cost_total, ", ");
    fputs("\"key\": ", out);
    json_key_figures(out, &o->key);
    fprintf(out,
            ",\n    \"people\": {\"registered_households\": %" PRId64
            ", \"registered_people\": %" PRId64 ", \"synchronous_households\": %" PRId64
            ", \"synchronous_people\": %" PRId64 "}",
            o->households[RF_CAT_REGISTERED], o->people[RF_CAT_REGISTERED],
            o->households[RF_CAT_SYNCHRONOUS], o->people[RF_CAT_SYNCHRONOUS]);
    fputs(",\n    \"sources\": [", out);
    for (size_t f = 0; f < o->n_sources; f++) {
        const rf_outcome_source *s = &o->sources[f];
        fprintf(out, "%s\n      {\"id\": ", f ? "," : "");
        json_string(out, s->id);
        fputs(", ", out);
        json_money(out, "arrived_yuan", s->arrived, ", ");
        json_money(out, "allocated_yuan", s->allocated, ", ");
        json_money(out, "undrawn_yuan", s->undrawn, ", ");
        fputs("\"by_use_yuan\": {", out);
        for (int u = 0; u < RF_USE_COUNT; u++) {
            char key[64];
            snprintf(key, sizeof key, "%s", rf_use_id((rf_use)u));
            json_money(out, key, s->by_use[u], u + 1 < RF_USE_COUNT ? ", " : "}}");
        }
    }
    fputs("],\n    \"sites\": [", out);
    for (size_t i = 0; i < o->n_sites; i++) {
        const rf_outcome_site *s = &o->sites[i];
        fprintf(out, "%s\n      {\"id\": ", i ? "," : "");
        json_string(out, s->id);
        fprintf(out,
                ", \"type\": \"%s\", \"registered_households\": %" PRId64
                ", \"registered_people\": %" PRId64 ", \"synchronous_households\": %" PRId64
                ", \"synchronous_people\": %" PRId64 ", ",
                rf_site_type_id(s->type), s->households[RF_CAT_REGISTERED],
                s->people[RF_CAT_REGISTERED], s->households[RF_CAT_SYNCHRONOUS],
                s->people[RF_CAT_SYNCHRONOUS]);
        json_money(out, "cost_yuan", s->cost, ", ");
        json_money(out, "unfunded_yuan", s->unfunded, ", ");
        json_money(out, "registered_self_funding_yuan", s->self_funding[RF_CAT_REGISTERED], ", ");
        json_money(out, "synchronous_self_funding_yuan", s->self_funding[RF_CAT_SYNCHRONOUS],
                   ", ");
        json_money(out, "integrated_agri_yuan", s->integrated_agri, ", ");
        json_money(out, "surplus_employment_base_yuan", s->surplus_employment_base, ", ");
        json_money(out, "surplus_industry_yuan", s->surplus_industry, ", ");
        fputs("\"classes\": [", out);
        for (size_t c = 0; c < s->n_classes; c++) {
            fprintf(out, "%s{\"size\": %d, \"households\": %" PRId64 ", ", c ? ", " : "",
                    s->classes[c].size, s->classes[c].households);
            json_money(out, "self_funding_per_household_yuan",
                       s->classes[c].self_funding_per_household, ", ");
            json_money(out, "excess_yuan", s->classes[c].excess, "}");
        }
        fputs("]}", out);
    }
    fputs("]}", out);
}

/* Names of the key figures that differ, as a JSON array. */
static void json_differences(FILE *out, const rf_outcome *a, const rf_outcome *b)
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
    fputs("[", out);
    bool first = true;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (!items[i].differs)
            continue;
        fputs(first ? "" : ", ", out);
        json_string(out, items[i].name);
        first = false;
    }
    fputs("]", out);
}

rf_status rf_whatif_json(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                         size_t n_changes, FILE *out)
{
    fputs("{\n  \"format\": \"relocfund-compare/1\",\n  \"changes\": [", out);
    for (size_t i = 0; i < n_changes; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, changes[i]);
    }
    fputs("],\n  \"differences\": ", out);
    json_differences(out, a, b);
    fputs(",\n  \"a\": ", out);
    json_outcome(out, a);
    fputs(",\n  \"b\": ", out);
    json_outcome(out, b);
    fputs("\n}\n", out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}

/* ---- sweeps ---- */

void rf_sweep_spec_free(rf_sweep_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    spec->path = NULL;
}

/* Parses a decimal number with at most 6 decimals into an integer scaled
 * by 10^6; sets *decimals to how many it has.  False when malformed. */
static bool parse_scaled(const char *s, size_t len, int64_t *out, int *decimals)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    int64_t v = 0;
    int digits = 0, dec = -1;
    for (; i < len; i++) {
        if (s[i] == '.' && dec < 0) {
            dec = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || dec >= 6 || v > INT64_MAX / 100)
            return false;
        v = v * 10 + (s[i] - '0');
        digits++;
        if (dec >= 0)
            dec++;
    }
    if (digits == 0)
        return false;
    int d = dec < 0 ? 0 : dec;
    for (int k = d; k < 6; k++) {
        if (v > INT64_MAX / 100)
            return false;
        v *= 10;
    }
    *out = neg ? -v : v;
    *decimals = d;
    return true;
}

bool rf_sweep_spec_parse(const char *text, size_t max_points, rf_sweep_spec *out, char *msg,
                         size_t msg_size)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        snprintf(msg, msg_size, "expected PATH=FROM:TO:STEP, e.g. "
                                "sites[0].costs.housing_per_m2=1000:2000:10");
        return false;
    }
    const char *c1 = strchr(eq + 1, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1 || !c2 || strchr(c2 + 1, ':')) {
        snprintf(msg, msg_size, "expected FROM:TO:STEP after '=' (three numbers)");
        return false;
    }
    int64_t v[3];
    int dec[3];
    const char *part[3] = {eq + 1, c1 + 1, c2 + 1};
    size_t plen[3] = {(size_t)(c1 - eq - 1), (size_t)(c2 - c1 - 1), strlen(c2 + 1)};
    static const char *names[] = {"FROM", "TO", "STEP"};
    for (int k = 0; k < 3; k++)
        if (!parse_scaled(part[k], plen[k], &v[k], &dec[k])) {
            snprintf(msg, msg_size, "%s '%.*s' is not a number with at most 6 decimals",
                     names[k], (int)plen[k], part[k]);
            return false;
        }
    if (v[2] <= 0) {
        snprintf(msg, msg_size, "STEP must be more than 0 (the sweep goes from FROM toward TO)");
        return false;
    }
    int d = dec[0] > dec[1] ? dec[0] : dec[1];
    if (dec[2] > d)
        d = dec[2];
    int64_t unit = 1;
    for (int k = d; k < 6; k++)
        unit *= 10;
    out->decimals = d;
    out->from = v[0] / unit;
    out->to = v[1] / unit;
    out->step = v[2] / unit;
    uint64_t span = out->to >= out->from ? (uint64_t)(out->to - out->from)
                                         : (uint64_t)(out->from - out->to);
    uint64_t n = span / (uint64_t)out->step + 1;
    if (out->to < out->from)
        out->step = -out->step;
    if (n > max_points) {
        snprintf(msg, msg_size, "%llu points; at most %zu (use a larger STEP)",
                 (unsigned long long)n, max_points);
        return false;
    }
    out->n_points = (size_t)n;
    out->path = malloc((size_t)(eq - text) + 1);
    if (!out->path) {
        snprintf(msg, msg_size, "out of memory");
        return false;
    }
    memcpy(out->path, text, (size_t)(eq - text));
    out->path[eq - text] = '\0';
    return true;
}

char *rf_sweep_value_text(char buf[48], int64_t value, int decimals)
{
    uint64_t a = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    uint64_t unit = 1;
    for (int k = 0; k < decimals; k++)
        unit *= 10;
    if (decimals == 0)
        snprintf(buf, 48, "%s%llu", value < 0 ? "-" : "", (unsigned long long)a);
    else
        snprintf(buf, 48, "%s%llu.%0*llu", value < 0 ? "-" : "", (unsigned long long)(a / unit),
                 decimals, (unsigned long long)(a % unit));
    return buf;
}

void rf_sweep_free(rf_sweep *sw)
{
    if (!sw)
        return;
    free(sw->path);
    free(sw->scenario);
    for (size_t i = 0; i < sw->n_sets; i++)
        free(sw->sets[i]);
    free(sw->sets);
    free(sw->points);
    free(sw);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Moves the errors and warnings of from into to. */
static void move_diags(rf_diags *to, rf_diags *from, bool errors_only)
{
    for (size_t i = 0; to && i < from->count; i++) {
        const rf_diag *g = &from->items[i];
        if (errors_only && g->severity != RF_SEV_ERROR)
            continue;
        rf_diags_add(to, g->severity, g->file, g->line, g->column, g->path, "%s", g->message);
    }
    rf_diags_free(from);
}

struct rf_resolver {
    rf_solver **solvers;
    size_t n_solvers;
};

rf_resolver *rf_resolver_new(void)
{
    return calloc(1, sizeof(rf_resolver));
}

void rf_resolver_free(rf_resolver *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->n_solvers; g++)
        rf_solver_free(r->solvers[g]);
    free(r->solvers);
    free(r);
}

rf_status rf_resolver_solve(rf_resolver *r, const rf_scenario *s, double time_limit_seconds,
                            rf_key_figures *out, bool *warm_out, int *iterations, rf_error *err)
{
    rf_solve_settings st = {.time_limit_seconds = time_limit_seconds > 0
                                                      ? time_limit_seconds
                                                      : s->policy->time_limit_seconds,
                            .level_tolerance = s->policy->level_tolerance};
    rf_group_models gm;
    rf_status status = rf_group_models_build(s, &gm, err);
    if (status != RF_OK)
        return status;
    if (gm.n > r->n_solvers) {
        rf_solver **grown = realloc(r->solvers, gm.n * sizeof *grown);
        if (!grown) {
            rf_group_models_free(&gm);
            return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        }
        r->solvers = grown;
        for (size_t g = r->n_solvers; g < gm.n; g++)
            grown[g] = NULL;
        r->n_solvers = gm.n;
    }
    memset(out, 0, sizeof *out);
    bool all_warm = gm.n > 0;
    int its = 0;
    for (size_t g = 0; g < gm.n && status == RF_OK; g++) {
        if (!r->solvers[g] && !(r->solvers[g] = rf_solver_new())) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        const rf_model *m = gm.models[g];
        rf_solution sol;
        bool warm = false;
        status = rf_solver_solve(r->solvers[g], m, &st, &sol, &warm, err);
        if (status == RF_OK) {
            /* A level fixed at its optimum may be exceeded by its slack
             * (far below a fen): that is round-off, not an unfunded gap or
             * an excess, so it is not rounded up to a fen. */
            for (size_t j = 0; j < m->n_cols; j++)
                if ((m->cols[j].kind == RF_COL_GAP || m->cols[j].kind == RF_COL_CAP_EXCESS) &&
                    sol.x[j] < 1e-8)
                    sol.x[j] = 0.0;
            rf_fen *v = calloc(m->n_cols ? m->n_cols : 1, sizeof *v);
            status = v ? rf_solve_round(m, sol.x, sol.level_values, &st, v, err)
                       : rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            if (status == RF_OK)
                rf_key_figures_add(m, v, out);
            all_warm = all_warm && warm;
            its += sol.iterations;
            free(v);
            rf_solution_free(&sol);
        }
    }
    rf_group_models_free(&gm);
    if (status == RF_OK)
        rf_key_figures_finish(s, out);
    if (warm_out)
        *warm_out = all_warm;
    if (iterations)
        *iterations = its;
    return status;
}

rf_status rf_sweep_run(const char *path, const rf_load_options *base, const rf_sweep_spec *spec,
                       const rf_sweep_options *options, rf_sweep **out, rf_diags *diags,
                       rf_error *err)
{
    *out = NULL;
    rf_sweep *sw = calloc(1, sizeof *sw);
    char *assign = malloc(strlen(spec->path) + 64);
    rf_resolver *res = rf_resolver_new();
    rf_status status = RF_OK;
    if (!sw || !assign || !res ||
        !(sw->points = calloc(spec->n_points ? spec->n_points : 1, sizeof *sw->points)) ||
        !(sw->path = malloc(strlen(spec->path) + 1))) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    strcpy(sw->path, spec->path);
    sw->decimals = spec->decimals;
    if (base && base->n_set && !(sw->sets = calloc(base->n_set, sizeof *sw->sets))) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; base && i < base->n_set; i++, sw->n_sets++)
        if (!(sw->sets[i] = strdup(base->set[i]))) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
    rf_load_options lo = {.set = base ? base->set : NULL,
                          .n_set = base ? base->n_set : 0,
                          .point = assign,
                          .point_option = "--sweep"};
    double t0 = now_seconds();
    for (size_t i = 0; i < spec->n_points; i++) {
        rf_sweep_point *pt = &sw->points[i];
        pt->value = spec->from + (int64_t)i * spec->step;
        char value[48];
        sprintf(assign, "%s=%s", spec->path, rf_sweep_value_text(value, pt->value, spec->decimals));
        rf_diags local = {0};
        rf_scenario *s = rf_scenario_load(path, &lo, &local);
        if (!s) {
            move_diags(diags, &local, i > 0);
            status = RF_ERR_INPUT;
            goto out;
        }
        move_diags(diags, &local, i > 0);
        if (!sw->scenario && !(sw->scenario = malloc(strlen(s->id) + 1))) {
            rf_scenario_free(s);
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
        if (i == 0)
            strcpy(sw->scenario, s->id);
        double limit = options && options->time_limit_seconds > 0 ? options->time_limit_seconds
                                                                  : s->policy->time_limit_seconds;
        if (options && options->cold) {
            rf_solve_options so = {.time_limit_seconds = limit};
            rf_plan *p = NULL;
            status = rf_plan_solve(s, &so, &p, err);
            if (status == RF_OK) {
                rf_key_figures_of_plan(p, &pt->key);
                for (size_t g = 0; g < p->n_groups; g++)
                    pt->iterations += p->groups[g].simplex_iterations;
            }
            rf_plan_free(p);
        } else {
            status = rf_resolver_solve(res, s, limit, &pt->key, &pt->warm, &pt->iterations, err);
        }
        rf_scenario_free(s);
        if (status != RF_OK)
            goto out;
        pt->status_changed = i > 0 && pt->key.status != sw->points[i - 1].key.status;
        sw->iterations += pt->iterations;
        if (pt->warm)
            sw->warm_points++;
        sw->n_points = i + 1;
    }
    sw->seconds = now_seconds() - t0;
out:
    rf_resolver_free(res);
    free(assign);
    if (status != RF_OK) {
        rf_sweep_free(sw);
        return status;
    }
    *out = sw;
    return RF_OK;
}

rf_doc *rf_sweep_doc(const rf_sweep *sw, bool chinese)
{
    char title[512];
    snprintf(title, sizeof title, L("参数扫描: %s", "Sweep: %s"), sw->path);
    rf_doc *d = rf_doc_new(title, chinese);
    if (!d)
        return NULL;
    char a[48], b[48];
    rf_doc_subtitle(d, L("情景 %s; %zu 个取值; 金额单位: 万元", "scenario %s; %zu points; amounts in 万元"),
                    sw->scenario, sw->n_points);
    rf_section *sec = rf_doc_section(d, L("结论", "Summary"));
    for (size_t i = 0; i < sw->n_sets; i++)
        rf_doc_paragraph(d, sec, L("固定变更: %s", "Fixed change: %s"), sw->sets[i]);
    if (sw->n_points)
        rf_doc_paragraph(d, sec, L("%s 从 %s 到 %s.", "%s from %s to %s."), sw->path,
                         rf_sweep_value_text(a, sw->points[0].value, sw->decimals),
                         rf_sweep_value_text(b, sw->points[sw->n_points - 1].value, sw->decimals));
    size_t breaks = 0;
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        breaks++;
        rf_doc_paragraph(d, sec,
                         L("转折点: 在 %s 与 %s 之间, 方案状态由 \"%s\" 变为 \"%s\".",
                           "Break point: between %s and %s the status changes from \"%s\" to "
                           "\"%s\"."),
                         rf_sweep_value_text(a, sw->points[i - 1].value, sw->decimals),
                         rf_sweep_value_text(b, sw->points[i].value, sw->decimals),
                         rf_plan_status_label(sw->points[i - 1].key.status, chinese),
                         rf_plan_status_label(sw->points[i].key.status, chinese));
    }
    if (!breaks && sw->n_points)
        rf_doc_paragraph(d, sec, L("整个范围内方案状态不变: %s.",
                                   "The status is the same over the whole range: %s."),
                         rf_plan_status_label(sw->points[0].key.status, chinese));
    const char *h[] = {sw->path,
                       L("方案状态", "status"),
                       L("资金缺口", "unfunded gap"),
                       L("超出上限的自筹", "self-funding over cap"),
                       L("超上限户数", "households over cap"),
                       L("建档立卡自筹", "registered self-funding"),
                       L("户均自筹 (元)", "per household (yuan)"),
                       L("整合涉农资金", "integrated agri"),
                       L("结余→就业基地", "surplus → employment"),
                       L("结余→产业", "surplus → industry"),
                       L("贷款动用", "loans drawn")};
    rf_table *t = rf_doc_table(d, sec, "sweep", L("各取值的主要指标", "Key figures at each point"),
                               11, h);
    for (size_t i = 0; i < sw->n_points; i++) {
        const rf_sweep_point *pt = &sw->points[i];
        rf_cell *r = rf_doc_row(d, t);
        if (!r)
            break;
        rf_cell_text(d, &r[0], rf_sweep_value_text(a, pt->value, sw->decimals));
        rf_cell_text(d, &r[1], rf_plan_status_label(pt->key.status, chinese));
        r[0].flag = r[1].flag = pt->status_changed;
        rf_cell_money(&r[2], pt->key.unfunded);
        r[2].flag = pt->key.unfunded > 0;
        rf_cell_money(&r[3], pt->key.cap_excess);
        r[3].flag = pt->key.cap_excess > 0;
        rf_cell_count(&r[4], pt->key.households_over_cap);
        rf_cell_money(&r[5], pt->key.registered_self_funding);
        rf_cell_text(d, &r[6], rf_fen_yuan(b, per_household(&pt->key), true));
        rf_cell_money(&r[7], pt->key.integrated_agri);
        rf_cell_money(&r[8], pt->key.surplus_employment_base);
        rf_cell_money(&r[9], pt->key.surplus_industry);
        rf_cell_money(&r[10], pt->key.loans_drawn);
    }
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

rf_status rf_sweep_json(const rf_sweep *sw, FILE *out)
{
    char v[48], w[48];
    fputs("{\n  \"format\": \"relocfund-sweep/1\",\n  \"scenario\": ", out);
    json_string(out, sw->scenario);
    fputs(",\n  \"path\": ", out);
    json_string(out, sw->path);
    fprintf(out, ",\n  \"points\": [");
    for (size_t i = 0; i < sw->n_points; i++) {
        fprintf(out, "%s\n    {\"value\": %s, \"key\": ", i ? "," : "",
                rf_sweep_value_text(v, sw->points[i].value, sw->decimals));
        json_key_figures(out, &sw->points[i].key);
        fputs("}", out);
    }
    fputs("],\n  \"break_points\": [", out);
    bool first = true;
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        fprintf(out, "%s\n    {\"after\": %s, \"at\": %s, \"from\": \"%s\", \"to\": \"%s\"}",
                first ? "" : ",", rf_sweep_value_text(v, sw->points[i - 1].value, sw->decimals),
                rf_sweep_value_text(w, sw->points[i].value, sw->decimals),
                rf_plan_status_id(sw->points[i - 1].key.status),
                rf_plan_status_id(sw->points[i].key.status));
        first = false;
    }
    fputs("]\n}\n", out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
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

rf_status rf_sweep_svg(const rf_sweep *sw, bool chinese, FILE *out)
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
        {L("整合涉农资金", "integrated agri"), "#2ca02c", offsetof(rf_key_figures, integrated_agri)},
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
    for (size_t i = 0; i < sw->n_points; i++)
        for (size_t k = 0; k < ns; k++) {
            rf_fen v = *(const rf_fen *)((const char *)&sw->points[i].key + series[k].offset);
            ymax = fmax(ymax, (double)v / RF_FEN_PER_WAN);
        }
    if (ymax <= 0)
        ymax = 1;
    double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
#define SX(x) (LEFT + ((x) - xmin) / (xmax - xmin) * pw)
#define SY(y) (TOP + ph - (y) / ymax * ph)
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"", out);
    fprintf(out, "%d\" y=\"22\" font-size=\"15\">", LEFT);
    svg_text(out, chinese ? "参数扫描: " : "Sweep: ");
    svg_text(out, sw->path);
    fputs(chinese ? " (万元)</text>\n" : " (万元)</text>\n", out);
    /* Axes and ticks. */
    fprintf(out, "<line x1=\"%d\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n", LEFT,
            TOP + ph, LEFT + pw, TOP + ph);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%g\" stroke=\"black\"/>\n", LEFT, TOP,
            LEFT, TOP + ph);
    for (int k = 0; k <= 5; k++) {
        double y = ymax * k / 5, x = xmin + (xmax - xmin) * k / 5;
        fprintf(out, "<text x=\"%d\" y=\"%g\" text-anchor=\"end\">%.6g</text>\n", LEFT - 6,
                SY(y) + 4, y);
        fprintf(out, "<line x1=\"%d\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#ddd\"/>\n", LEFT,
                SY(y), LEFT + pw, SY(y));
        fprintf(out, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">%.10g</text>\n", SX(x),
                TOP + ph + 18, x);
    }
    fprintf(out, "<text x=\"%g\" y=\"%d\" text-anchor=\"middle\">", LEFT + pw / 2, H - 14);
    svg_text(out, sw->path);
    fputs("</text>\n", out);
    /* Status changes. */
    for (size_t i = 1; i < sw->n_points; i++) {
        if (!sw->points[i].status_changed)
            continue;
        double x = ((double)sw->points[i - 1].value + (double)sw->points[i].value) / 2 / scale;
        fprintf(out, "<line x1=\"%g\" y1=\"%d\" x2=\"%g\" y2=\"%g\" stroke=\"#555\" "
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
        fprintf(out, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"%s\" "
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
