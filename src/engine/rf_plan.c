/* rf_plan: scenario -> budget groups -> LP levels -> fen -> a plan that balances. */
#include "rf_plan.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_clock.h"
#include "rf_model.h"
#include "rf_names.h"
#include "rf_resolver.h"
#include "rf_money.h"
#include "rf_solve.h"

bool rf_use_is_cost(rf_use u)
{
    return u < RF_USE_EMPLOYMENT_BASE;
}

const char *rf_plan_status_id(rf_plan_status s)
{
    switch (s) {
    case RF_PLAN_BALANCED:
        return "balanced";
    case RF_PLAN_UNFUNDED_GAP:
        return "unfunded_gap";
    default:
        return "cap_violation";
    }
}

const char *rf_plan_status_label(rf_plan_status s, bool chinese)
{
    switch (s) {
    case RF_PLAN_BALANCED:
        return chinese ? "资金平衡，符合政策" : "balanced and compliant";
    case RF_PLAN_UNFUNDED_GAP:
        return chinese ? "存在资金缺口" : "unfunded gap";
    default:
        return chinese ? "超出政策上限" : "over a policy cap";
    }
}

void rf_plan_free(rf_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sites; i++) {
        free(p->sites[i].flow);
        free(p->sites[i].classes);
    }
    for (size_t g = 0; g < p->n_groups; g++) {
        free(p->groups[g].sites);
        free(p->groups[g].levels);
    }
    free(p->groups);
    free(p->cells);
    free(p->sites);
    free(p->sources);
    free(p);
}

static rf_plan *plan_new(const rf_scenario *s)
{
    const rf_policy *pol = s->policy;
    rf_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->scenario = s;
    p->n_sources = pol->n_sources;
    p->n_sites = s->n_sites;
    p->sources = calloc(pol->n_sources ? pol->n_sources : 1, sizeof *p->sources);
    p->sites = calloc(s->n_sites ? s->n_sites : 1, sizeof *p->sites);
    if (!p->sources || !p->sites) {
        rf_plan_free(p);
        return NULL;
    }
    for (size_t i = 0; i < s->n_sites; i++) {
        rf_plan_site *ps = &p->sites[i];
        ps->site = &s->sites[i];
        ps->flow = calloc((pol->n_sources ? pol->n_sources : 1) * RF_USE_COUNT, sizeof *ps->flow);
        ps->n_classes = s->sites[i].n_registered;
        ps->classes = calloc(ps->n_classes ? ps->n_classes : 1, sizeof *ps->classes);
        if (!ps->flow || !ps->classes) {
            p->n_sites = i + 1;
            rf_plan_free(p);
            return NULL;
        }
    }
    return p;
}

/* Adds one group's rounded solution into the plan. */
static void accumulate(rf_plan *p, const rf_model *m, const rf_fen *v)
{
    size_t nsrc = p->n_sources;
    for (size_t r = 0; r < m->n_rows; r++) {
        const rf_row *row = &m->rows[r];
        if (row->kind == RF_ROW_COST)
            p->sites[row->site].cost[row->use] += row->rhs;
        else if (row->kind == RF_ROW_EMPLOYMENT)
            p->sites[row->site].employment_base_need = row->rhs;
    }
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        rf_fen x = v[j];
        if (c->kind > RF_COL_GAP || x == 0)
            continue;
        rf_plan_site *ps = &p->sites[c->site];
        switch (c->kind) {
        case RF_COL_FLOW:
            ps->flow[(size_t)c->source * RF_USE_COUNT + c->use] += x;
            p->sources[c->source].by_use[c->use] += x;
            (void)nsrc;
            break;
        case RF_COL_SELF:
            ps->self_funding[RF_CAT_REGISTERED] += x;
            ps->self_funding_by_use[c->use] += x;
            ps->classes[c->cls].self_funding += x;
            break;
        case RF_COL_SELF_SYNC:
            ps->self_funding[RF_CAT_SYNCHRONOUS] += x;
            ps->self_funding_by_use[c->use] += x;
            break;
        case RF_COL_AGRI:
            ps->integrated_agri[c->use] += x;
            break;
        case RF_COL_GAP:
            ps->unfunded[c->use] += x;
            break;
        default:
            break; /* the excess is recomputed exactly from the class total */
        }
    }
}

/* The key of a column for matching across scenarios: the site and source
 * (indexes into the scenario and policy the caller maps them to), kind, use
 * and household size (0 for none).  site and source are >= -1. */
static uint64_t cell_key(int64_t site, int64_t source, rf_col_kind kind, rf_use use, int size)
{
    return ((((uint64_t)(site + 1) << 12 | (uint64_t)(source + 1)) << 4 | (uint64_t)kind) << 4 |
            (uint64_t)use)
               << 16 |
           (uint64_t)(size & 0xffff);
}

/* The household size of column c's class at its site in s, or 0. */
static int col_size(const rf_scenario *s, const rf_col *c)
{
    return c->cls >= 0 && c->site >= 0 ? s->sites[c->site].registered[c->cls].size : 0;
}

static int cell_order(const void *a, const void *b)
{
    uint64_t x = ((const rf_plan_cell *)a)->key, y = ((const rf_plan_cell *)b)->key;
    return x < y ? -1 : x > y;
}

/* Sorts cells by key, stably, as qsort with cell_order would: a radix sort
 * by bytes, least significant first, skipping the bytes all keys share (a
 * county's keys differ in few of them).  Falls back to qsort when out of
 * memory. */
static void sort_cells(rf_plan_cell *cells, size_t n)
{
    enum { BYTES = sizeof(uint64_t) };
    size_t(*count)[256] = calloc(BYTES, sizeof *count);
    rf_plan_cell *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!count || !tmp) {
        free(count);
        free(tmp);
        qsort(cells, n, sizeof *cells, cell_order);
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t d = 0; d < BYTES; d++)
            count[d][(cells[i].key >> (8 * d)) & 0xff]++;
    rf_plan_cell *from = cells, *to = tmp;
    for (size_t d = 0; d < BYTES; d++) {
        if (n == 0 || count[d][(cells[0].key >> (8 * d)) & 0xff] == n)
            continue; /* every key has this byte */
        size_t at = 0;
        for (size_t b = 0; b < 256; b++) {
            size_t c = count[d][b];
            count[d][b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[d][(from[i].key >> (8 * d)) & 0xff]++] = from[i];
        rf_plan_cell *t = from;
        from = to;
        to = t;
    }
    if (from != cells)
        memcpy(cells, from, n * sizeof *cells);
    free(count);
    free(tmp);
}

/* Adds one group's money columns at their fen v to p->cells (sorted once
 * every group is in).  False when out of memory. */
static bool keep_cells(rf_plan *p, const rf_model *m, const rf_fen *v)
{
    size_t n = 0;
    for (size_t j = 0; j < m->n_cols; j++)
        n += m->cols[j].kind <= RF_COL_GAP;
    rf_plan_cell *grown = realloc(p->cells, (p->n_cells + n + 1) * sizeof *grown);
    if (!grown)
        return false;
    p->cells = grown;
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        if (c->kind > RF_COL_GAP)
            continue;
        rf_plan_cell *cell = &p->cells[p->n_cells++];
        cell->key = cell_key(c->site, c->source, c->kind, c->use, col_size(p->scenario, c));
        cell->fen = v[j];
    }
    return true;
}

/* The index in a (na items) of each of b's items (nb) by id, or -1: a and
 * b are arrays of one struct type of size stride whose id (char *) lies at
 * offset.  Same positions are tried first.  NULL when out of memory. */
static int *map_ids(const void *b, size_t nb, const void *a, size_t na, size_t stride,
                    size_t offset)
{
    int *map = malloc((nb + 1) * sizeof *map);
    for (size_t i = 0; map && i < nb; i++) {
        const char *id = *(char *const *)((const char *)b + i * stride + offset);
        map[i] = -1;
        for (size_t k = 0; k < na && map[i] < 0; k++) {
            size_t at = (i + k) % na;
            if (strcmp(id, *(char *const *)((const char *)a + at * stride + offset)) == 0)
                map[i] = (int)at;
        }
    }
    return map;
}

/* The fen of each of m's columns in the plan `base` (RF_NO_ANCHOR where it
 * has no column of the same site and source ids, kind, use and size): an
 * anchor for rf_solve_settings.  site_map and source_map give m's scenario's
 * sites and sources in base's.  NULL when out of memory. */
static rf_fen *anchor_of(const rf_plan *base, const rf_model *m, const int *site_map,
                         const int *source_map)
{
    rf_fen *a = malloc((m->n_cols + 1) * sizeof *a);
    for (size_t j = 0; a && j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        a[j] = RF_NO_ANCHOR;
        int site = c->site >= 0 ? site_map[c->site] : -1;
        int source = c->source >= 0 ? source_map[c->source] : -1;
        if (c->kind > RF_COL_GAP || (c->site >= 0 && site < 0) || (c->source >= 0 && source < 0))
            continue;
        rf_plan_cell key = {.key = cell_key(site, source, c->kind, c->use,
                                            col_size(m->scenario, c))};
        const rf_plan_cell *hit =
            bsearch(&key, base->cells, base->n_cells, sizeof *base->cells, cell_order);
        if (hit)
            a[j] = hit->fen;
    }
    return a;
}

/* Derives every total and checks every identity of the header exactly.
 * Returns false (an internal error) if one does not hold, saying which in
 * why. */
static bool finish(rf_plan *p, char *why, size_t why_size)
{
    const rf_scenario *s = p->scenario;
    const rf_policy *pol = s->policy;
    int64_t people[RF_CAT_COUNT] = {0};
    for (size_t i = 0; i < s->n_sites; i++) {
        people[RF_CAT_REGISTERED] += s->sites[i].registered_people;
        people[RF_CAT_SYNCHRONOUS] += s->sites[i].synchronous_people;
    }
    for (size_t f = 0; f < p->n_sources; f++) {
        rf_plan_source *src = &p->sources[f];
        src->policy = &pol->sources[f];
        src->arrived = s->sources[f].arrived;
        src->has_disbursed = s->sources[f].has_disbursed;
        src->disbursed = s->sources[f].disbursed;
        int64_t basis = src->policy->basis == RF_BASIS_PLANNED_PEOPLE
                            ? s->planned_people[src->policy->category]
                            : people[src->policy->category];
        src->entitlement = src->policy->per_person * basis;
        src->allocated = 0;
        for (int u = 0; u < RF_USE_COUNT; u++)
            src->allocated += src->by_use[u];
        src->undrawn = src->arrived - src->allocated;
        if (src->undrawn < 0) {
            snprintf(why, why_size, "source %s allocates %lld fen more than arrived",
                     src->policy->id, (long long)-src->undrawn);
            return false;
        }
    }
    for (size_t i = 0; i < p->n_sites; i++) {
        rf_plan_site *ps = &p->sites[i];
        const rf_site *site = ps->site;
        ps->cost_total = 0;
        for (int u = 0; u < RF_USE_COUNT; u++) {
            rf_use use = (rf_use)u;
            rf_fen paid = ps->self_funding_by_use[u] + ps->integrated_agri[u] + ps->unfunded[u];
            for (size_t f = 0; f < p->n_sources; f++)
                paid += ps->flow[f * RF_USE_COUNT + u];
            if (rf_use_is_cost(use) && paid != ps->cost[u]) {
                snprintf(why, why_size, "site %s, %s: cost %lld fen, paid %lld fen", site->id,
                         rf_use_id(use), (long long)ps->cost[u], (long long)paid);
                return false;
            }
            ps->cost_total += ps->cost[u];
            ps->integrated_agri_total += ps->integrated_agri[u];
            ps->unfunded_total += ps->unfunded[u];
            for (size_t f = 0; f < p->n_sources; f++) {
                if (pol->sources[f].category != RF_CAT_REGISTERED)
                    continue;
                rf_fen x = ps->flow[f * RF_USE_COUNT + u];
                ps->pool += x;
                if (rf_use_is_cost(use))
                    ps->pool_spent += x;
                else if (use == RF_USE_EMPLOYMENT_BASE)
                    ps->surplus_employment_base += x;
                else
                    ps->surplus_industry += x;
            }
        }
        if (ps->pool != ps->pool_spent + ps->surplus_employment_base + ps->surplus_industry) {
            snprintf(why, why_size, "site %s: the pool does not split into spent and surplus",
                     site->id);
            return false;
        }
        for (size_t f = 0; f < p->n_sources; f++)
            if (pol->sources[f].category == RF_CAT_REGISTERED &&
                pol->sources[f].basis == RF_BASIS_IMPLEMENTED_PEOPLE)
                ps->pool_entitlement += pol->sources[f].per_person * site->registered_people;
        for (size_t c = 0; c < ps->n_classes; c++) {
            rf_plan_class *pc = &ps->classes[c];
            const rf_size_class *sc = &site->registered[c];
            pc->size = sc->size;
            pc->households = sc->households;
            rf_fen h = rf_model_class_cost(site, c, RF_USE_HOUSING);
            rf_fen d = rf_model_class_cost(site, c, RF_USE_DECORATION);
            pc->dwelling_cost = (h > 0 ? h : 0) + (d > 0 ? d : 0);
            pc->cap_total = pol->self_funding_cap * sc->households;
            pc->excess = pc->self_funding > pc->cap_total ? pc->self_funding - pc->cap_total : 0;
            pc->self_funding_per_household =
                sc->households > 0 ? rf_div_round(pc->self_funding, sc->households) : 0;
            pc->area_per_household = site->costs.area_per_person * sc->size;
            pc->area_cap_per_household = rf_policy_area_cap(pol, sc->size);
            pc->over_area_cap = sc->households > 0 &&
                                pc->area_per_household > pc->area_cap_per_household;
            p->cap_excess_total += pc->excess;
            if (pc->excess > 0)
                p->households_over_cap += sc->households;
            if (pc->over_area_cap)
                p->households_over_area_cap += sc->households;
        }
        ps->synchronous_self_funding_per_household =
            site->synchronous_households > 0
                ? rf_div_round(ps->self_funding[RF_CAT_SYNCHRONOUS], site->synchronous_households)
                : 0;
        for (int u = 0; u < RF_USE_COUNT; u++)
            p->cost[u] += ps->cost[u];
        p->cost_total += ps->cost_total;
        for (int k = 0; k < RF_CAT_COUNT; k++)
            p->self_funding[k] += ps->self_funding[k];
        p->integrated_agri_total += ps->integrated_agri_total;
        p->unfunded_total += ps->unfunded_total;
        p->pool += ps->pool;
        p->pool_spent += ps->pool_spent;
        p->surplus_employment_base += ps->surplus_employment_base;
        p->surplus_industry += ps->surplus_industry;
    }
    p->integrated_agri_budget = s->integrated_agri_budget;
    if (p->integrated_agri_total > p->integrated_agri_budget) {
        snprintf(why, why_size, "integrated agricultural funds %lld fen over their budget of %lld",
                 (long long)(p->integrated_agri_total - p->integrated_agri_budget),
                 (long long)p->integrated_agri_budget);
        return false;
    }
    if (p->unfunded_total > 0)
        p->status = RF_PLAN_UNFUNDED_GAP;
    else if (p->cap_excess_total > 0 || p->households_over_area_cap > 0)
        p->status = RF_PLAN_CAP_VIOLATION;
    else
        p->status = RF_PLAN_BALANCED;
    rf_rates_compute(s, p->rates);
    return true;
}

rf_status rf_plan_solve(const rf_scenario *s, const rf_solve_options *options, rf_plan **out,
                        rf_error *err)
{
    return rf_plan_solve_live(s, options, NULL, out, err);
}

rf_status rf_plan_solve_live(const rf_scenario *s, const rf_solve_options *options,
                             rf_resolver *live, rf_plan **out, rf_error *err)
{
    *out = NULL;
    rf_plan *p = plan_new(s);
    if (!p)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    rf_group_models gm;
    double built = rf_clock_now();
    rf_status status = rf_group_models_build(s, &gm, err);
    built = rf_clock_now() - built;
    if (status != RF_OK) {
        rf_plan_free(p);
        return status;
    }
    rf_solve_settings st = {0};
    st.time_limit_seconds = options && options->time_limit_seconds > 0
                                ? options->time_limit_seconds
                                : s->policy->time_limit_seconds;
    st.level_tolerance = s->policy->level_tolerance;
    if (options) {
        st.log = options->log;
        st.log_ctx = options->log_ctx;
    }
    size_t total_cols = 0;
    for (size_t g = 0; g < gm.n; g++)
        total_cols += gm.models[g]->n_cols;
    p->groups = calloc(gm.n ? gm.n : 1, sizeof *p->groups);
    /* The base's index of each site and source, by id. */
    const rf_plan *base = options ? options->anchor : NULL;
    int *site_map = NULL, *source_map = NULL;
    if (base) {
        const rf_scenario *bs = base->scenario;
        site_map = map_ids(s->sites, s->n_sites, bs->sites, bs->n_sites, sizeof(rf_site),
                           offsetof(rf_site, id));
        source_map = map_ids(s->policy->sources, s->policy->n_sources, bs->policy->sources,
                             bs->policy->n_sources, sizeof(rf_policy_source),
                             offsetof(rf_policy_source, id));
    }
    if (!p->groups || (base && (!site_map || !source_map)))
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    for (size_t g = 0; g < gm.n && status == RF_OK; g++) {
        const rf_model *m = gm.models[g];
        rf_fen *anchor = base ? anchor_of(base, m, site_map, source_map) : NULL;
        if (base && !anchor) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        st.anchor = anchor;
        double t1 = rf_clock_now();
        rf_solution sol;
        status = live ? rf_resolver_levels(live, g, m, &st, &sol, NULL, err)
                      : rf_solve_levels(m, &st, &sol, err);
        double t2 = rf_clock_now();
        rf_fen *v = NULL;
        if (status == RF_OK) {
            v = calloc(m->n_cols ? m->n_cols : 1, sizeof *v);
            status = v ? rf_solve_round(m, sol.x, sol.level_values, &st, v, err)
                       : rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        }
        double t3 = rf_clock_now();
        free(anchor);
        st.anchor = NULL;
        if (status == RF_OK && !keep_cells(p, m, v))
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        if (status == RF_OK) {
            accumulate(p, m, v);
            rf_plan_group *pg = &p->groups[p->n_groups++];
            pg->n_sites = gm.n_sites[g];
            pg->sites = malloc(gm.n_sites[g] * sizeof *pg->sites);
            pg->levels = calloc(m->n_objectives ? m->n_objectives : 1, sizeof *pg->levels);
            if (pg->sites && pg->levels) {
                memcpy(pg->sites, gm.sites[g], gm.n_sites[g] * sizeof *pg->sites);
                for (size_t l = 0; l < m->n_objectives; l++) {
                    pg->levels[l].level = m->objectives[l].level;
                    pg->levels[l].value = sol.level_values[l];
                }
                pg->n_levels = m->n_objectives;
                pg->simplex_iterations = sol.iterations;
                pg->n_rows = m->n_rows;
                pg->n_cols = m->n_cols;
                /* The models are built together: each group is charged its
                 * share of that by its columns. */
                pg->build_seconds = built * (double)m->n_cols / (double)(total_cols ? total_cols : 1);
                pg->levels_seconds = t2 - t1;
                pg->round_seconds = t3 - t2;
                for (size_t k = 0; k < gm.n_sites[g]; k++)
                    p->sites[gm.sites[g][k]].group = g;
            } else {
                status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            }
            rf_solution_free(&sol);
        }
        free(v);
    }
    rf_group_models_free(&gm);
    free(site_map);
    free(source_map);
    if (status == RF_OK)
        sort_cells(p->cells, p->n_cells);
    char why[256] = "";
    if (status == RF_OK && !finish(p, why, sizeof why))
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "internal error: the rounded plan does not balance to the fen (%s)",
                              why);
    if (status != RF_OK) {
        rf_plan_free(p);
        return status;
    }
    *out = p;
    return RF_OK;
}
