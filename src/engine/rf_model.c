/* rf_model: builds the LP of one budget group; see docs/model.md. */
#include "rf_model.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"

static void groups_free(size_t **groups, size_t *group_sizes, size_t n_groups)
{
    if (groups)
        for (size_t k = 0; k < n_groups; k++)
            free(groups[k]);
    free(groups);
    free(group_sizes);
}

/* The budget groups of s: n_groups arrays of site indexes.  False when out
 * of memory. */
static bool groups_detect(const rf_scenario *s, size_t ***groups, size_t **group_sizes,
                          size_t *n_groups)
{
    size_t n = s->policy->pooling == RF_POOLING_SITE ? s->n_sites : (s->n_sites ? 1 : 0);
    size_t **g = calloc(n ? n : 1, sizeof *g);
    size_t *sizes = calloc(n ? n : 1, sizeof *sizes);
    if (!g || !sizes) {
        free(g);
        free(sizes);
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        size_t count = s->policy->pooling == RF_POOLING_SITE ? 1 : s->n_sites;
        g[k] = malloc(count * sizeof **g);
        if (!g[k]) {
            groups_free(g, sizes, k);
            return false;
        }
        sizes[k] = count;
        for (size_t i = 0; i < count; i++)
            g[k][i] = s->policy->pooling == RF_POOLING_SITE ? k : i;
    }
    *groups = g;
    *group_sizes = sizes;
    *n_groups = n;
    return true;
}

/* a * b * c / 100, rounded half up, or -1 when it exceeds RF_FEN_MAX. */
__extension__ typedef __int128 rf_wide;

static rf_fen mul3_div100(int64_t a, int64_t b, int64_t c)
{
    rf_wide p = (rf_wide)a * b * c;
    p = (p + 50) / 100;
    return p > RF_FEN_MAX ? -1 : (rf_fen)p;
}

static rf_fen per_m2(const rf_site *site, rf_use use)
{
    return use == RF_USE_HOUSING ? site->costs.housing_per_m2 : site->costs.decoration_per_m2;
}

rf_fen rf_model_class_cost(const rf_site *site, size_t cls, rf_use use)
{
    const rf_size_class *c = &site->registered[cls];
    return mul3_div100(c->households * c->size, site->costs.area_per_person, per_m2(site, use));
}

rf_fen rf_model_sync_cost(const rf_site *site, rf_use use)
{
    return mul3_div100(site->synchronous_people, site->costs.synchronous_area_per_person,
                       per_m2(site, use));
}

rf_fen rf_model_shared_cost(const rf_site *site, rf_use use)
{
    switch (use) {
    case RF_USE_INFRASTRUCTURE:
        return site->costs.infrastructure;
    case RF_USE_PUBLIC_SERVICES:
        return site->costs.public_services;
    case RF_USE_LAND:
        return site->costs.land;
    case RF_USE_DEMOLITION:
        return mul3_div100(site->registered_households + site->synchronous_households, 100,
                           site->costs.demolition_per_household);
    default:
        return 0;
    }
}

/* ---- growing arrays ---- */

static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < need)
        c *= 2;
    void *p = realloc(*items, c * size);
    if (!p)
        return false;
    *items = p;
    *cap = c;
    return true;
}

typedef struct {
    rf_model *m;
    bool failed;
    const size_t *source_order; /* policy source indexes by id */
} builder;

/* An id and the index it belongs to, for putting things in id order. */
typedef struct {
    const char *id;
    size_t index;
} by_id;

static int by_id_cmp(const void *a, const void *b)
{
    return strcmp(((const by_id *)a)->id, ((const by_id *)b)->id);
}

/* Puts idx[0..n) in the order of ids(idx[k]) (unique ids).  The builder
 * adds sources and sites in id order, so that the LP, and with it the plan
 * where several optima tie (which of two equal sources pays, which site's
 * surplus goes where), does not depend on the order the files list them
 * in (finding F9).  False when out of memory. */
static bool order_by_id(size_t *idx, size_t n, const char *(*id)(const rf_scenario *, size_t),
                        const rf_scenario *s)
{
    by_id *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return false;
    for (size_t k = 0; k < n; k++)
        tmp[k] = (by_id){id(s, idx[k]), idx[k]};
    qsort(tmp, n, sizeof *tmp, by_id_cmp);
    for (size_t k = 0; k < n; k++)
        idx[k] = tmp[k].index;
    free(tmp);
    return true;
}

static const char *source_id_of(const rf_scenario *s, size_t f)
{
    return s->policy->sources[f].id;
}

static const char *site_id_of(const rf_scenario *s, size_t k)
{
    return s->sites[k].id;
}

static int add_col(builder *b, rf_col_kind kind, int source, int site, rf_use use, int cls,
                   rf_category cat)
{
    rf_model *m = b->m;
    if (!grow((void **)&m->cols, &m->cap_cols, m->n_cols + 1, sizeof *m->cols)) {
        b->failed = true;
        return -1;
    }
    rf_col *c = &m->cols[m->n_cols];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->source = source;
    c->site = site;
    c->use = use;
    c->cls = cls;
    c->category = cat;
    return (int)m->n_cols++;
}

static int add_row(builder *b, rf_row_kind kind, int source, int site, rf_use use, int cls,
                   rf_category cat, rf_sense sense, rf_fen rhs)
{
    rf_model *m = b->m;
    if (!grow((void **)&m->rows, &m->cap_rows, m->n_rows + 1, sizeof *m->rows)) {
        b->failed = true;
        return -1;
    }
    rf_row *r = &m->rows[m->n_rows];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->source = source;
    r->site = site;
    r->use = use;
    r->cls = cls;
    r->category = cat;
    r->sense = sense;
    r->rhs = rhs;
    r->rhs_wan = (double)rhs / RF_FEN_PER_WAN;
    r->money = kind != RF_ROW_EVEN && kind != RF_ROW_ENTITLEMENT && kind != RF_ROW_LEVEL;
    return (int)m->n_rows++;
}

static void add_coef(builder *b, int row, int col, double value)
{
    rf_model *m = b->m;
    if (row < 0 || col < 0)
        return;
    if (!grow((void **)&m->coefs, &m->cap_coefs, m->n_coefs + 1, sizeof *m->coefs)) {
        b->failed = true;
        return;
    }
    m->coefs[m->n_coefs++] = (rf_coef){row, col, value};
}

/* The part of total that falls to site `target` when total is split over
 * the n sites of s in proportion to weights, to the fen, by the largest
 * remainder (ties to the smaller site id, so that the split does not depend
 * on the order the file lists the sites in): its floor, plus one fen when
 * its remainder ranks among those the fen left over reach.  All-zero
 * weights give 0.  One pass over the sites: each group needs its own part
 * only. */
static rf_fen split_fen_part(rf_fen total, const int64_t *weights, size_t n, size_t target,
                             const rf_scenario *s)
{
    typedef rf_wide wide;
    wide wsum = 0;
    for (size_t i = 0; i < n; i++)
        wsum += weights[i];
    if (wsum == 0)
        return 0;
    rf_fen given = 0;
    for (size_t i = 0; i < n; i++)
        given += (rf_fen)((wide)total * weights[i] / wsum);
    rf_fen part = (rf_fen)((wide)total * weights[target] / wsum);
    wide rem = (wide)total * weights[target] % wsum;
    if (given >= total || weights[target] == 0 || rem < 0)
        return part;
    /* The fen left over go one each to the largest remainders: count the
     * parts served before this one. */
    rf_fen before = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == target || weights[i] == 0)
            continue;
        wide r = (wide)total * weights[i] % wsum;
        if (r > rem || (r == rem && strcmp(s->sites[i].id, s->sites[target].id) < 0))
            before++;
    }
    return before < total - given ? part + 1 : part;
}

/* Share of each pool this group may spend: all of it under county pooling;
 * under site pooling, the site's share in proportion to its people of the
 * source's category (integrated agri in proportion to the site's cost of the
 * uses that fund may pay). */
static bool group_budgets(const rf_scenario *s, const size_t *sites, size_t n_sites,
                          rf_model *m)
{
    const rf_policy *p = s->policy;
    m->source_arrived = calloc(p->n_sources ? p->n_sources : 1, sizeof *m->source_arrived);
    if (!m->source_arrived)
        return false;
    if (p->pooling == RF_POOLING_COUNTY || s->n_sites <= 1) {
        for (size_t f = 0; f < p->n_sources; f++)
            m->source_arrived[f] = s->sources[f].arrived;
        m->agri_budget = s->integrated_agri_budget;
        return true;
    }
    (void)n_sites;
    size_t target = sites[0];
    int64_t *w = calloc(s->n_sites, sizeof *w);
    if (!w)
        return false;
    for (size_t f = 0; f < p->n_sources; f++) {
        for (size_t i = 0; i < s->n_sites; i++)
            w[i] = p->sources[f].category == RF_CAT_REGISTERED ? s->sites[i].registered_people
                                                               : s->sites[i].synchronous_people;
        m->source_arrived[f] = split_fen_part(s->sources[f].arrived, w, s->n_sites, target, s);
    }
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        w[i] = 0;
        for (int u = 0; u < RF_USE_COUNT; u++) {
            if (!p->agri_permitted[u])
                continue;
            w[i] += rf_model_shared_cost(site, (rf_use)u);
            if (u == RF_USE_HOUSING || u == RF_USE_DECORATION) {
                w[i] += rf_model_sync_cost(site, (rf_use)u);
                for (size_t c = 0; c < site->n_registered; c++)
                    w[i] += rf_model_class_cost(site, c, (rf_use)u);
            }
        }
    }
    m->agri_budget = split_fen_part(s->integrated_agri_budget, w, s->n_sites, target, s);
    free(w);
    return true;
}

static bool has_level(const rf_policy *p, rf_level l)
{
    for (size_t i = 0; i < p->n_levels; i++)
        if (p->levels[i] == l)
            return true;
    return false;
}

/* Adds the payers every cost row shares: integrated agri (when the policy
 * lets it pay the use) and the unfunded gap. */
static void add_fallback_payers(builder *b, int row, int agri_row, int site, rf_use use, int cls,
                                rf_category cat)
{
    const rf_policy *p = b->m->scenario->policy;
    if (p->agri_permitted[use] && agri_row >= 0) {
        int g = add_col(b, RF_COL_AGRI, -1, site, use, cls, cat);
        add_coef(b, row, g, 1.0);
        add_coef(b, agri_row, g, 1.0);
    }
    int d = add_col(b, RF_COL_GAP, -1, site, use, cls, cat);
    add_coef(b, row, d, 1.0);
}

/* Adds source flows paying a row: every source of the given category (or
 * any category when shared) that the policy permits for the use. */
static void add_source_payers(builder *b, int row, const int *source_rows, const int *limit_rows,
                              int site, rf_use use, int cls, rf_category cat, bool shared)
{
    const rf_policy *p = b->m->scenario->policy;
    for (size_t q = 0; q < p->n_sources; q++) {
        size_t f = b->source_order[q];
        const rf_policy_source *src = &p->sources[f];
        if (!src->permitted[use] || (!shared && src->category != cat))
            continue;
        int x = add_col(b, RF_COL_FLOW, (int)f, site, use, cls, src->category);
        if (row >= 0)
            add_coef(b, row, x, 1.0);
        add_coef(b, source_rows[f], x, 1.0);
        if (limit_rows[f] >= 0)
            add_coef(b, limit_rows[f], x, 1.0);
    }
}

static bool add_objective(rf_model *m, rf_level level, size_t slot)
{
    rf_objective *o = &m->objectives[slot];
    o->level = level;
    o->cols = malloc((m->n_cols ? m->n_cols : 1) * sizeof *o->cols);
    o->values = malloc((m->n_cols ? m->n_cols : 1) * sizeof *o->values);
    if (!o->cols || !o->values)
        return false;
    const rf_policy *p = m->scenario->policy;
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        double v = 0;
        switch (level) {
        case RF_LEVEL_UNFUNDED_GAP:
            v = c->kind == RF_COL_GAP;
            break;
        case RF_LEVEL_CAP_EXCESS:
            v = c->kind == RF_COL_CAP_EXCESS;
            break;
        case RF_LEVEL_REGISTERED_SELF_FUNDING:
            v = c->kind == RF_COL_SELF;
            break;
        case RF_LEVEL_SYNCHRONOUS_SELF_FUNDING:
            v = c->kind == RF_COL_SELF_SYNC;
            break;
        case RF_LEVEL_INTEGRATED_AGRI:
            v = c->kind == RF_COL_AGRI;
            break;
        case RF_LEVEL_LOANS:
            v = c->kind == RF_COL_FLOW && p->sources[c->source].is_loan;
            break;
        case RF_LEVEL_EMPLOYMENT_BASE:
            v = c->kind == RF_COL_FLOW && c->use == RF_USE_EMPLOYMENT_BASE ? -1.0 : 0.0;
            break;
        case RF_LEVEL_EVEN_SELF_FUNDING:
            v = c->kind == RF_COL_EVEN;
            break;
        case RF_LEVEL_SITE_ENTITLEMENT:
            v = c->kind == RF_COL_DEV_OVER || c->kind == RF_COL_DEV_UNDER;
            break;
        default:
            break;
        }
        if (v != 0) {
            o->cols[o->n] = (int)j;
            o->values[o->n] = v;
            o->n++;
        }
    }
    if (level == RF_LEVEL_EMPLOYMENT_BASE)
        for (size_t r = 0; r < m->n_rows; r++)
            if (m->rows[r].kind == RF_ROW_EMPLOYMENT)
                o->constant += m->rows[r].rhs_wan;
    return true;
}

rf_status rf_group_models_build(const rf_scenario *s, rf_group_models *out, rf_error *err)
{
    memset(out, 0, sizeof *out);
    if (!groups_detect(s, &out->sites, &out->n_sites, &out->n) ||
        !(out->models = calloc(out->n ? out->n : 1, sizeof *out->models))) {
        rf_group_models_free(out);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t g = 0; g < out->n; g++)
        if (!(out->models[g] = rf_model_build(s, out->sites[g], out->n_sites[g], err))) {
            rf_group_models_free(out);
            return err && err->status ? err->status : RF_ERR_SOLVER;
        }
    return RF_OK;
}

void rf_group_models_free(rf_group_models *g)
{
    for (size_t k = 0; g->models && k < g->n; k++)
        rf_model_free(g->models[k]);
    free(g->models);
    if (g->sites)
        groups_free(g->sites, g->n_sites, g->n);
    memset(g, 0, sizeof *g);
}

rf_model *rf_model_build(const rf_scenario *s, const size_t *sites, size_t n_sites,
                         rf_error *err)
{
    const rf_policy *p = s->policy;
    rf_model *m = calloc(1, sizeof *m);
    int *source_rows = calloc(p->n_sources + 1, sizeof *source_rows);
    int *limit_rows = calloc(p->n_sources + 1, sizeof *limit_rows);
    size_t *source_order = malloc((p->n_sources + 1) * sizeof *source_order);
    /* The columns of the k-th site of the group are [site_cols[k], site_cols[k + 1]). */
    size_t *site_cols = calloc(n_sites + 1, sizeof *site_cols);
    if (!m || !source_rows || !limit_rows || !source_order || !site_cols)
        goto oom;
    m->scenario = s;
    m->sites = malloc((n_sites ? n_sites : 1) * sizeof *m->sites);
    if (!m->sites)
        goto oom;
    memcpy(m->sites, sites, n_sites * sizeof *sites);
    m->n_sites = n_sites;
    if (!group_budgets(s, sites, n_sites, m))
        goto oom;
    /* From here on, sources and sites in id order (order_by_id). */
    for (size_t f = 0; f < p->n_sources; f++)
        source_order[f] = f;
    if (!order_by_id(source_order, p->n_sources, source_id_of, s) ||
        !order_by_id(m->sites, n_sites, site_id_of, s))
        goto oom;
    sites = m->sites;
    builder b = {m, false, source_order};

    for (size_t q = 0; q < p->n_sources; q++) {
        size_t f = source_order[q];
        source_rows[f] = add_row(&b, RF_ROW_SOURCE, (int)f, -1, RF_USE_COUNT, -1,
                                 p->sources[f].category,
                                 p->sources[f].drawdown == RF_DRAW_FULL ? RF_EQ : RF_LE,
                                 m->source_arrived[f]);
    }
    int agri_row = add_row(&b, RF_ROW_AGRI, -1, -1, RF_USE_COUNT, -1, RF_CAT_REGISTERED, RF_LE,
                           m->agri_budget);

    /* z: the highest per-household registered self-funding in the group. */
    int even_col = -1;
    if (has_level(p, RF_LEVEL_EVEN_SELF_FUNDING))
        even_col = add_col(&b, RF_COL_EVEN, -1, -1, RF_USE_COUNT, -1, RF_CAT_REGISTERED);

    for (size_t k = 0; k < n_sites; k++) {
        int si = (int)sites[k];
        const rf_site *site = &s->sites[si];
        site_cols[k] = m->n_cols;
        for (size_t q = 0; q < p->n_sources; q++) {
            size_t f = source_order[q];
            limit_rows[f] = -1;
            if (p->sources[f].site_limit_per_person) {
                int64_t people = p->sources[f].category == RF_CAT_REGISTERED
                                     ? site->registered_people
                                     : site->synchronous_people;
                rf_fen limit = mul3_div100(people, 100, p->sources[f].per_person);
                if (limit < 0)
                    goto overflow;
                limit_rows[f] = add_row(&b, RF_ROW_SITE_LIMIT, (int)f, si, RF_USE_COUNT, -1,
                                        p->sources[f].category, RF_LE, limit);
            }
        }
        /* Registered dwellings, one row per size class and use. */
        for (size_t c = 0; c < site->n_registered; c++) {
            const rf_size_class *cl = &site->registered[c];
            if (cl->households <= 0)
                continue;
            int cap_row = -1, even_row = -1;
            for (int u = RF_USE_HOUSING; u <= RF_USE_DECORATION; u++) {
                rf_fen cost = rf_model_class_cost(site, c, (rf_use)u);
                if (cost < 0)
                    goto overflow;
                if (cost == 0)
                    continue;
                int row = add_row(&b, RF_ROW_COST, -1, si, (rf_use)u, (int)c, RF_CAT_REGISTERED,
                                  RF_EQ, cost);
                add_source_payers(&b, row, source_rows, limit_rows, si, (rf_use)u, (int)c,
                                  RF_CAT_REGISTERED, false);
                if (p->self_funding_uses[u]) {
                    if (cap_row < 0) {
                        rf_fen cap = mul3_div100(cl->households, 100, p->self_funding_cap);
                        if (cap < 0)
                            goto overflow;
                        cap_row = add_row(&b, RF_ROW_CAP, -1, si, RF_USE_COUNT, (int)c,
                                          RF_CAT_REGISTERED, RF_LE, cap);
                        int e = add_col(&b, RF_COL_CAP_EXCESS, -1, si, RF_USE_COUNT, (int)c,
                                        RF_CAT_REGISTERED);
                        add_coef(&b, cap_row, e, -1.0);
                        if (even_col >= 0) {
                            even_row = add_row(&b, RF_ROW_EVEN, -1, si, RF_USE_COUNT, (int)c,
                                               RF_CAT_REGISTERED, RF_GE, 0);
                            add_coef(&b, even_row, even_col, (double)cl->households);
                        }
                    }
                    int y = add_col(&b, RF_COL_SELF, -1, si, (rf_use)u, (int)c,
                                    RF_CAT_REGISTERED);
                    add_coef(&b, row, y, 1.0);
                    add_coef(&b, cap_row, y, 1.0);
                    add_coef(&b, even_row, y, -1.0);
                }
                add_fallback_payers(&b, row, agri_row, si, (rf_use)u, (int)c, RF_CAT_REGISTERED);
            }
        }
        /* Synchronous dwellings, one row per use. */
        for (int u = RF_USE_HOUSING; u <= RF_USE_DECORATION; u++) {
            rf_fen cost = rf_model_sync_cost(site, (rf_use)u);
            if (cost < 0)
                goto overflow;
            if (cost == 0)
                continue;
            int row = add_row(&b, RF_ROW_COST, -1, si, (rf_use)u, -1, RF_CAT_SYNCHRONOUS, RF_EQ,
                              cost);
            add_source_payers(&b, row, source_rows, limit_rows, si, (rf_use)u, -1,
                              RF_CAT_SYNCHRONOUS, false);
            if (p->self_funding_uses[u]) {
                int y = add_col(&b, RF_COL_SELF_SYNC, -1, si, (rf_use)u, -1, RF_CAT_SYNCHRONOUS);
                add_coef(&b, row, y, 1.0);
            }
            add_fallback_payers(&b, row, agri_row, si, (rf_use)u, -1, RF_CAT_SYNCHRONOUS);
        }
        /* Shared site costs. */
        for (int u = RF_USE_INFRASTRUCTURE; u <= RF_USE_DEMOLITION; u++) {
            rf_fen cost = rf_model_shared_cost(site, (rf_use)u);
            if (cost < 0)
                goto overflow;
            if (cost == 0)
                continue;
            int row = add_row(&b, RF_ROW_COST, -1, si, (rf_use)u, -1, RF_CAT_REGISTERED, RF_EQ,
                              cost);
            add_source_payers(&b, row, source_rows, limit_rows, si, (rf_use)u, -1,
                              RF_CAT_REGISTERED, true);
            add_fallback_payers(&b, row, agri_row, si, (rf_use)u, -1, RF_CAT_REGISTERED);
        }
        /* Surplus: employment base up to its need, then industry. */
        if (site->costs.employment_base_need > 0) {
            int row = add_row(&b, RF_ROW_EMPLOYMENT, -1, si, RF_USE_EMPLOYMENT_BASE, -1,
                              RF_CAT_REGISTERED, RF_LE, site->costs.employment_base_need);
            add_source_payers(&b, row, source_rows, limit_rows, si, RF_USE_EMPLOYMENT_BASE, -1,
                              RF_CAT_REGISTERED, true);
        }
        add_source_payers(&b, -1, source_rows, limit_rows, si, RF_USE_INDUSTRY, -1,
                          RF_CAT_REGISTERED, true);
    }
    site_cols[n_sites] = m->n_cols;

    /* Each site keeps its share of the registered pool where it can. */
    if (has_level(p, RF_LEVEL_SITE_ENTITLEMENT)) {
        int64_t group_people = 0;
        for (size_t k = 0; k < n_sites; k++)
            group_people += s->sites[sites[k]].registered_people;
        for (size_t q = 0; q < p->n_sources && group_people > 0; q++) {
            size_t f = source_order[q];
            if (p->sources[f].category != RF_CAT_REGISTERED || m->source_arrived[f] == 0)
                continue;
            for (size_t k = 0; k < n_sites; k++) {
                int si = (int)sites[k];
                /* The site's share in whole fen (half up): the LP's point is
                 * then whole fen wherever a site keeps its share exactly,
                 * and rounding the plan to the fen has nothing to do. */
                rf_wide num = (rf_wide)m->source_arrived[f] * s->sites[si].registered_people;
                double share =
                    (double)(rf_fen)((num + group_people / 2) / group_people) / RF_FEN_PER_WAN;
                int row = add_row(&b, RF_ROW_ENTITLEMENT, (int)f, si, RF_USE_COUNT, -1,
                                  RF_CAT_REGISTERED, RF_EQ, 0);
                if (row >= 0)
                    m->rows[row].rhs_wan = share;
                /* A site's flows are among the columns added with it. */
                for (size_t j = site_cols[k]; j < site_cols[k + 1]; j++)
                    if (m->cols[j].kind == RF_COL_FLOW && m->cols[j].source == (int)f &&
                        m->cols[j].site == si)
                        add_coef(&b, row, (int)j, 1.0);
                int over = add_col(&b, RF_COL_DEV_OVER, (int)f, si, RF_USE_COUNT, -1,
                                   RF_CAT_REGISTERED);
                int under = add_col(&b, RF_COL_DEV_UNDER, (int)f, si, RF_USE_COUNT, -1,
                                    RF_CAT_REGISTERED);
                add_coef(&b, row, over, -1.0);
                add_coef(&b, row, under, 1.0);
            }
        }
    }
    if (b.failed)
        goto oom;

    m->objectives = calloc(p->n_levels ? p->n_levels : 1, sizeof *m->objectives);
    if (!m->objectives)
        goto oom;
    m->n_objectives = p->n_levels;
    for (size_t l = 0; l < p->n_levels; l++)
        if (!add_objective(m, p->levels[l], l))
            goto oom;
    free(source_rows);
    free(limit_rows);
    free(source_order);
    free(site_cols);
    return m;

overflow:
    rf_error_set(err, RF_ERR_INPUT, s->file, 0, 0, NULL,
                 "a cost is larger than relocfund can hold (over 10 trillion yuan); check the "
                 "counts and unit costs");
    goto fail;
oom:
    rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory while building the model");
fail:
    free(source_rows);
    free(limit_rows);
    free(source_order);
    free(site_cols);
    rf_model_free(m);
    return NULL;
}

void rf_model_free(rf_model *m)
{
    if (!m)
        return;
    for (size_t l = 0; l < m->n_objectives; l++) {
        free(m->objectives[l].cols);
        free(m->objectives[l].values);
    }
    free(m->objectives);
    free(m->cols);
    free(m->rows);
    free(m->coefs);
    free(m->sites);
    free(m->source_arrived);
    free(m);
}

static const char *site_id(const rf_model *m, int site)
{
    return site >= 0 ? m->scenario->sites[site].id : "";
}

static const char *source_id(const rf_model *m, int source)
{
    return source >= 0 ? m->scenario->policy->sources[source].id : "";
}

/* The household class of a column or row: "size<n>" for a registered class,
 * "sync" when sync says it is the synchronous households' dwelling. */
static void class_part(const rf_model *m, int site, int cls, bool sync, char *out, size_t size)
{
    if (site >= 0 && cls >= 0)
        snprintf(out, size, "size%d", m->scenario->sites[site].registered[cls].size);
    else
        snprintf(out, size, "%s", sync ? "sync" : "");
}

void rf_model_col_parts(const rf_model *m, size_t col, rf_name_parts *out)
{
    static const char *kinds[] = {"x", "y", "e", "ys", "g", "d", "z", "over", "under"};
    const rf_col *c = &m->cols[col];
    out->kind = kinds[c->kind];
    out->site = site_id(m, c->site);
    out->source = source_id(m, c->source);
    out->use = c->use != RF_USE_COUNT ? rf_use_id(c->use) : "";
    class_part(m, c->site, c->cls,
               c->kind != RF_COL_EVEN && c->use <= RF_USE_DECORATION &&
                   c->category == RF_CAT_SYNCHRONOUS,
               out->cls, sizeof out->cls);
}

void rf_model_row_parts(const rf_model *m, size_t row, rf_name_parts *out)
{
    static const char *kinds[] = {"cost",       "source", "site_limit",  "cap",  "agri",
                                  "employment", "even",   "entitlement", "level"};
    const rf_row *r = &m->rows[row];
    out->kind = kinds[r->kind];
    out->site = site_id(m, r->site);
    out->source = source_id(m, r->source);
    out->use = r->use != RF_USE_COUNT ? rf_use_id(r->use) : "";
    class_part(m, r->site, r->cls,
               r->kind == RF_ROW_COST && r->use <= RF_USE_DECORATION &&
                   r->category == RF_CAT_SYNCHRONOUS,
               out->cls, sizeof out->cls);
}

char *rf_name_parts_format(const rf_name_parts *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s[%s%s%s%s%s%s%s]", p->kind, p->site, p->source[0] ? "," : "", p->source,
             p->use[0] ? "," : "", p->use, p->cls[0] ? "," : "", p->cls);
    return buf;
}

size_t rf_name_parts_length(const rf_name_parts *p)
{
    return strlen(p->kind) + strlen(p->site) + strlen(p->source) + strlen(p->use) + strlen(p->cls) +
           5;
}

char *rf_model_col_name(const rf_model *m, size_t col, char *buf, size_t size)
{
    rf_name_parts p;
    rf_model_col_parts(m, col, &p);
    return rf_name_parts_format(&p, buf, size);
}

char *rf_model_row_name(const rf_model *m, size_t row, char *buf, size_t size)
{
    rf_name_parts p;
    rf_model_row_parts(m, row, &p);
    return rf_name_parts_format(&p, buf, size);
}

double rf_model_level_value(const rf_model *m, size_t l, const rf_fen *v)
{
    const rf_objective *o = &m->objectives[l];
    if (o->level == RF_LEVEL_EVEN_SELF_FUNDING || o->level == RF_LEVEL_SITE_ENTITLEMENT) {
        /* Per row: the money of its self-funding (even rows) or flows
         * (entitlement rows), in fen. */
        rf_row_kind kind =
            o->level == RF_LEVEL_EVEN_SELF_FUNDING ? RF_ROW_EVEN : RF_ROW_ENTITLEMENT;
        double *sum = calloc(m->n_rows + 1, sizeof *sum);
        double *weight = calloc(m->n_rows + 1, sizeof *weight);
        double value = 0.0;
        if (!sum || !weight) {
            free(sum);
            free(weight);
            return INFINITY;
        }
        for (size_t k = 0; k < m->n_coefs; k++) {
            const rf_coef *c = &m->coefs[k];
            if (m->rows[c->row].kind != kind)
                continue;
            rf_col_kind ck = m->cols[c->col].kind;
            if (ck == RF_COL_EVEN)
                weight[c->row] = c->value; /* the class's households */
            else if (ck <= RF_COL_GAP)
                sum[c->row] += c->value * (double)v[c->col];
        }
        for (size_t i = 0; i < m->n_rows; i++) {
            if (m->rows[i].kind != kind)
                continue;
            if (kind == RF_ROW_EVEN && weight[i] > 0)
                value = fmax(value, -sum[i] / weight[i]);
            else if (kind == RF_ROW_ENTITLEMENT)
                value += fabs(sum[i] - nearbyint(m->rows[i].rhs_wan * RF_FEN_PER_WAN));
        }
        free(sum);
        free(weight);
        return value;
    }
    double value = nearbyint(o->constant * RF_FEN_PER_WAN);
    for (size_t k = 0; k < o->n; k++)
        value += o->values[k] * (double)v[o->cols[k]];
    return value;
}
