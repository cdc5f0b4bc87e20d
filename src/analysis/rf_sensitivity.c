/* rf_sensitivity: right-hand-side ranging of every objective level, told as a finance officer reads it. */
#include "rf_sensitivity.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_model.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_solve.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* Rates smaller than this (fen per step) are round-off. */
#define RATE_EPS 1e-3

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void rf_sensitivity_free(rf_sensitivity *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_params; i++) {
        free(r->params[i].path);
        free(r->params[i].label);
    }
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].path);
        free(r->rows[i].label);
    }
    for (size_t i = 0; i < r->n_cap_sites; i++)
        free(r->cap_sites[i]);
    free(r->params);
    free(r->rows);
    free(r->cap_sites);
    free(r);
}

/* Whether a level is a money level (the auxiliary ones only make the plan unique). */
static bool money_level(rf_level l)
{
    return l != RF_LEVEL_EVEN_SELF_FUNDING && l != RF_LEVEL_SITE_ENTITLEMENT;
}

/* The index (policy order) of the last money level, or -1. */
static int last_money_level(const rf_policy *p)
{
    int last = -1;
    for (size_t l = 0; l < p->n_levels; l++)
        if (money_level(p->levels[l]))
            last = (int)l;
    return last;
}

typedef struct {
    rf_scenario *s;
    rf_group_models gm;  /* each group's base model */
    rf_solver **solvers; /* each holding its group's solved levels */
    rf_solver **probes;  /* each group's solver for the parameter moved (range_extent) */
    double **base_rhs;   /* each group's right-hand sides as solved */
    double **base_value; /* each group's level optima as solved (万元, policy order) */
    rf_solve_settings st;
    double *delta, *deriv, *lo, *hi;
    double *value, *rate; /* scratch: level optima and rates at a probe, and at 0 */
    size_t max_rows;
    int key_level;
} ranger;

static void ranger_free(ranger *g)
{
    for (size_t k = 0; k < g->gm.n; k++) {
        if (g->solvers)
            rf_solver_free(g->solvers[k]);
        if (g->probes)
            rf_solver_free(g->probes[k]);
        if (g->base_rhs)
            free(g->base_rhs[k]);
        if (g->base_value)
            free(g->base_value[k]);
    }
    free(g->solvers);
    free(g->probes);
    free(g->base_rhs);
    free(g->base_value);
    free(g->value);
    free(g->rate);
    rf_group_models_free(&g->gm);
    free(g->delta);
    free(g->deriv);
    free(g->lo);
    free(g->hi);
}

/* Adds one group's rates (万元 per step -> fen) into item. */
static void absorb_rates(const ranger *g, const rf_model *m, rf_sens_item *it)
{
    for (size_t l = 0; l < m->n_objectives; l++)
        it->rate[m->objectives[l].level] += g->deriv[l] * RF_FEN_PER_WAN;
}

/* Solves group k with every right-hand side moved by t x g->delta (the
 * base model's, moved in place and put back), into g->value (level optima,
 * 万元, policy order): the money levels only, or with_rates every level, and
 * the rates of its optimal bases along g->delta into g->deriv/lo/hi. */
static rf_status solve_moved(ranger *g, size_t k, double t, bool with_rates, rf_error *err)
{
    rf_model *m = g->gm.models[k];
    for (size_t i = 0; i < m->n_rows; i++)
        m->rows[i].rhs_wan = g->base_rhs[k][i] + t * g->delta[i];
    rf_solution sol;
    rf_solve_settings st = g->st;
    st.solve_every_level = with_rates;
    st.last_level = with_rates || g->key_level <= 0 ? 0 : (size_t)g->key_level;
    rf_status status = rf_solver_solve(g->probes[k], m, &st, &sol, NULL, err);
    for (size_t i = 0; i < m->n_rows; i++)
        m->rows[i].rhs_wan = g->base_rhs[k][i];
    if (status != RF_OK)
        return status;
    for (size_t l = 0; l < m->n_objectives; l++)
        g->value[l] = sol.level_values[l];
    rf_solution_free(&sol);
    return with_rates ? rf_solver_ranging(g->probes[k], g->delta, g->deriv, g->lo, g->hi, err)
                      : RF_OK;
}

/* How far (万元) a level optimum may lie off the line of its rates and
 * still be on it: 10 fen, as GLPK's optima of levels of thousands of 万元
 * are exact only to about a fen (a break is located where the lines from
 * both sides meet, so this costs no precision there). */
#define LINE_TOL 1e-4

/* Whether group k's money levels at t (g->value) lie on the lines of the
 * rates g->rate from the optima as solved (to LINE_TOL plus 10^-9 of the
 * value). */
static bool on_lines(const ranger *g, size_t k, double t)
{
    const rf_model *m = g->gm.models[k];
    for (size_t l = 0; l < m->n_objectives && (int)l <= g->key_level; l++) {
        if (!money_level(m->objectives[l].level))
            continue;
        double want = g->base_value[k][l] + g->rate[l] * t;
        if (fabs(g->value[l] - want) > LINE_TOL + 1e-9 * fabs(want))
            return false;
    }
    return true;
}

/* How far (in steps, >= 0) group k's money levels stay on the lines of the
 * rates g->rate (found at 0, with the basis range `reach` in that
 * direction) when the right-hand sides move by t x g->delta with t in the
 * direction `sign`, up to `limit` steps (INFINITY: no limit found up to
 * 100 times `scale`, the parameter's value in steps, or 1,000 steps).
 *
 * The optimal basis at 0 holds the rates only over its range, which a
 * degenerate basis makes 0 wide, while the plan's levels are piecewise
 * linear along the direction; this follows the linear piece itself, by
 * re-solving at probes: from the end of the basis range, 4 times further
 * each time (from the scale: a money value first down to 0), until a probe
 * leaves the lines; then, between the last probe on them and the first
 * off, where the line from 0 meets the line through the two nearest probes
 * off it (the next piece, when one break lies between), checked by a
 * probe, or halfway; to `precision` steps. */
static rf_status range_extent(ranger *g, size_t k, int sign, double reach, double limit,
                              double scale, double precision, double *extent, rf_error *err)
{
    const rf_model *m = g->gm.models[k];
    size_t nl = m->n_objectives;
    double good = isfinite(reach) ? fmin(fmax(reach, 0.0), limit) : limit;
    double bad = INFINITY, step = fmax(good, fmax(1.0, scale));
    const double far = fmax(1e3, 100.0 * scale);
    /* The two nearest probes off the lines: at bad and at bad2 > bad. */
    double bad2 = INFINITY, bad_value[RF_LEVEL_COUNT], bad2_value[RF_LEVEL_COUNT];
    for (int iter = 0; iter < 80 && bad - good > precision; iter++) {
        double probe, x = INFINITY, dr_min = INFINITY;
        if (isfinite(bad) && isfinite(bad2)) {
            /* Where the line from 0 meets the line through the two nearest
             * probes off it, level by level: the first such meeting. */
            for (size_t l = 0; l < nl && (int)l <= g->key_level; l++) {
                if (!money_level(m->objectives[l].level))
                    continue;
                /* Only the levels off their line at the nearer probe. */
                double want = g->base_value[k][l] + g->rate[l] * sign * bad;
                if (fabs(bad_value[l] - want) <= LINE_TOL + 1e-9 * fabs(want))
                    continue;
                double next = (bad2_value[l] - bad_value[l]) / (bad2 - bad) * sign;
                double dr = sign * (g->rate[l] - next);
                if (fabs(dr) < 1e-12)
                    continue;
                double xl = (bad_value[l] - sign * next * bad - g->base_value[k][l]) / dr;
                if (xl < x) {
                    x = xl;
                    dr_min = fabs(dr);
                }
            }
        }
        if (x > good && x < bad && 2.0 * LINE_TOL / dr_min < (bad - good) / 4) {
            /* Checked either side, as far out as a break's departure from
             * the lines shows (twice on_lines' tolerance). */
            double d = fmax(precision, 2.0 * LINE_TOL / dr_min);
            double below = fmax(good, x - d), above = fmin(bad, x + d);
            rf_status status = below > good ? solve_moved(g, k, sign * below, false, err) : RF_OK;
            if (status != RF_OK)
                return status;
            if (below > good && !on_lines(g, k, sign * below)) {
                bad2 = INFINITY; /* more than one break lies between */
                bad = below;
                for (size_t l = 0; l < nl; l++)
                    bad_value[l] = g->value[l];
                continue;
            }
            good = below;
            if (above < bad) {
                if ((status = solve_moved(g, k, sign * above, false, err)) != RF_OK)
                    return status;
                if (on_lines(g, k, sign * above)) {
                    good = above;
                    bad2 = INFINITY;
                    continue;
                }
            }
            good = x; /* the lines meet inside [below, above]: there */
            break;
        }
        if (isfinite(bad)) {
            probe = good + (bad - good) / 2;
        } else {
            if (good >= limit || good >= far) {
                *extent = good >= far ? INFINITY : limit;
                return RF_OK;
            }
            probe = fmin(good + step, limit);
        }
        rf_status status = solve_moved(g, k, sign * probe, false, err);
        if (status != RF_OK)
            return status;
        if (on_lines(g, k, sign * probe)) {
            good = probe;
            step *= 4;
        } else {
            bad2 = bad;
            memcpy(bad2_value, bad_value, sizeof bad_value);
            bad = probe;
            for (size_t l = 0; l < nl; l++)
                bad_value[l] = g->value[l];
        }
    }
    if (isfinite(bad) && good < limit) {
        /* The break lies in [good, bad], located only as finely as the
         * levels' optima are exact (LINE_TOL); where the line from 0 meets
         * the next piece's line, with that piece's rates from an optimal
         * basis at `bad`, it is exactly. */
        rf_status status = solve_moved(g, k, sign * bad, true, err);
        if (status != RF_OK)
            return status;
        double x = INFINITY, dr_min = INFINITY;
        for (size_t l = 0; l < nl && (int)l <= g->key_level; l++) {
            double dr = sign * (g->rate[l] - g->deriv[l]);
            if (!money_level(m->objectives[l].level) || fabs(dr) < 1e-9)
                continue;
            double xl = (g->value[l] - g->deriv[l] * sign * bad - g->base_value[k][l]) / dr;
            if (xl < x) {
                x = xl;
                dr_min = fabs(dr);
            }
        }
        double slack = 2.0 * LINE_TOL / dr_min + precision;
        if (x >= good - slack && x <= bad + precision)
            good = fmin(fmax(x, 0.0), bad);
    }
    *extent = good;
    return RF_OK;
}

/* Ranges a direction held in g->delta for every group: the rates (summed
 * into it) and the extent of the linear piece each way, intersected over
 * the groups, in steps (*t_lo <= 0 <= *t_hi).  `floor` steps below 0 is as
 * far down as the parameter can go (a money value reaches 0 there). */
static rf_status range_direction(ranger *g, size_t k, rf_sens_item *it, double floor,
                                 double *t_lo, double *t_hi, rf_error *err)
{
    rf_status status = rf_solver_ranging(g->solvers[k], g->delta, g->deriv, g->lo, g->hi, err);
    if (status != RF_OK || g->key_level < 0)
        return status;
    const rf_model *m = g->gm.models[k];
    absorb_rates(g, m, it);
    for (size_t l = 0; l < m->n_objectives; l++)
        g->rate[l] = g->deriv[l];
    double reach_up = g->hi[g->key_level], reach_down = -g->lo[g->key_level];
    /* A hundredth of a fen of the parameter, in steps: set_range rounds the
     * ends to whole fen. */
    double precision = 0.01 / (double)it->step;
    double scale = fabs((double)it->value) / (double)it->step, up, down;
    if ((status = range_extent(g, k, +1, reach_up, INFINITY, scale, precision, &up, err)) !=
            RF_OK ||
        (status = range_extent(g, k, -1, reach_down, floor, scale, precision, &down, err)) != RF_OK)
        return status;
    *t_lo = fmax(*t_lo, -down);
    *t_hi = fmin(*t_hi, up);
    return RF_OK;
}

static void set_range(rf_sens_item *it, double t_lo, double t_hi, bool money_floor)
{
    it->low_unbounded = !isfinite(t_lo);
    it->high_unbounded = !isfinite(t_hi);
    /* Inward to whole fen, but an end found to a hundredth of a fen
     * (range_extent) short of a whole fen is that fen. */
    it->low = it->low_unbounded ? 0 : it->value + (rf_fen)ceil(t_lo * (double)it->step - 0.02);
    it->high = it->high_unbounded ? 0 : it->value + (rf_fen)floor(t_hi * (double)it->step + 0.02);
    if (money_floor && (it->low_unbounded || it->low < 0)) {
        it->low_unbounded = false;
        it->low = 0;
    }
    if (it->low > it->value)
        it->low = it->value;
    if (!it->high_unbounded && it->high < it->value)
        it->high = it->value;
}

/* Ranges a parameter held in *field: the direction is the change of every
 * right-hand side when the field grows by it->step; the range is the
 * linear piece around the value (range_direction).  Returns RF_OK, or
 * RF_ERR_INPUT when the change alters the model's shape (then the item has
 * no rates), or the solver's error. */
static rf_status range_param(ranger *g, rf_fen *field, rf_sens_item *it, rf_error *err)
{
    rf_fen saved = *field;
    it->value = saved;
    double t_lo = -INFINITY, t_hi = INFINITY;
    double floor = (double)saved / (double)it->step;
    rf_status status = RF_OK;
    for (size_t k = 0; k < g->gm.n && status == RF_OK; k++) {
        *field = saved + it->step;
        rf_model *m1 = rf_model_build(g->s, g->gm.sites[k], g->gm.n_sites[k], err);
        *field = saved;
        if (!m1)
            return err ? err->status : RF_ERR_SOLVER;
        const rf_model *m0 = g->gm.models[k];
        if (m1->n_rows != m0->n_rows || m1->n_cols != m0->n_cols) {
            rf_model_free(m1);
            status = RF_ERR_INPUT;
            break;
        }
        bool moves = false;
        for (size_t i = 0; i < m0->n_rows; i++) {
            g->delta[i] = m1->rows[i].rhs_wan - m0->rows[i].rhs_wan;
            moves = moves || g->delta[i] != 0.0;
        }
        rf_model_free(m1);
        if (moves)
            status = range_direction(g, k, it, floor, &t_lo, &t_hi, err);
    }
    *field = saved;
    if (status == RF_OK)
        set_range(it, t_lo, t_hi, true);
    return status;
}

static bool push(rf_sens_item **items, size_t *n, const rf_sens_item *it)
{
    rf_sens_item *grown = realloc(*items, (*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    grown[*n] = *it;
    *items = grown;
    (*n)++;
    return true;
}

static bool any_rate(const rf_sens_item *it)
{
    for (int l = 0; l < RF_LEVEL_COUNT; l++)
        if (money_level((rf_level)l) && fabs(it->rate[l]) > RATE_EPS)
            return true;
    return false;
}

/* The readable name of a constraint row. */
static void row_label(const rf_model *m, size_t r, bool chinese, char *buf, size_t size)
{
    const rf_row *row = &m->rows[r];
    const rf_scenario *s = m->scenario;
    const char *src = row->source >= 0 ? rf_label_pick(&s->policy->sources[row->source].name,
                                              s->policy->sources[row->source].id, chinese)
                                       : "";
    const char *site = row->site >= 0 ? s->sites[row->site].id : "";
    switch (row->kind) {
    case RF_ROW_SOURCE:
        snprintf(buf, size, L("%s 到位资金", "%s arrived"), src);
        break;
    case RF_ROW_SITE_LIMIT:
        snprintf(buf, size, L("%s 在 %s 的人均限额", "%s per-person limit at %s"), src, site);
        break;
    case RF_ROW_CAP:
        snprintf(buf, size, L("%s %d人户自筹上限", "%s %d-person households' self-funding cap"),
                 site, s->sites[row->site].registered[row->cls].size);
        break;
    case RF_ROW_AGRI:
        snprintf(buf, size, "%s", L("整合涉农资金预算", "integrated agri budget"));
        break;
    case RF_ROW_EMPLOYMENT:
        snprintf(buf, size, L("%s 就业基地需求", "%s employment-base need"), site);
        break;
    default:
        rf_model_row_name(m, r, buf, size);
    }
}

rf_status rf_sensitivity_run(rf_scenario *s, const rf_solve_options *options, bool chinese,
                             rf_sensitivity **out, rf_error *err)
{
    *out = NULL;
    rf_plan *plan = NULL;
    rf_status status = rf_plan_solve(s, options, &plan, err);
    if (status != RF_OK)
        return status;
    rf_sensitivity *r = calloc(1, sizeof *r);
    ranger g = {0};
    g.s = s;
    if (!r)
        goto oom;
    r->scenario = s;
    r->chinese = chinese;
    r->self_funding_cap = s->policy->self_funding_cap;
    rf_key_figures_of_plan(plan, &r->key);
    /* Sites where a class pays the cap or more. */
    for (size_t i = 0; i < plan->n_sites; i++) {
        const rf_plan_site *ps = &plan->sites[i];
        bool binds = false;
        for (size_t c = 0; c < ps->n_classes; c++)
            binds = binds || (ps->classes[c].households > 0 &&
                              ps->classes[c].self_funding >= ps->classes[c].cap_total);
        if (!binds)
            continue;
        char **grown = realloc(r->cap_sites, (r->n_cap_sites + 1) * sizeof *grown);
        if (!grown)
            goto oom;
        r->cap_sites = grown;
        if (!(r->cap_sites[r->n_cap_sites] = dup(ps->site->id)))
            goto oom;
        r->n_cap_sites++;
    }

    /* Solve every group once with a live solver, keeping each level's basis. */
    status = rf_group_models_build(s, &g.gm, err);
    if (status != RF_OK)
        goto fail;
    g.solvers = calloc(g.gm.n + 1, sizeof *g.solvers);
    g.probes = calloc(g.gm.n + 1, sizeof *g.probes);
    g.base_rhs = calloc(g.gm.n + 1, sizeof *g.base_rhs);
    g.base_value = calloc(g.gm.n + 1, sizeof *g.base_value);
    g.value = calloc(RF_LEVEL_COUNT + 1, sizeof *g.value);
    g.rate = calloc(RF_LEVEL_COUNT + 1, sizeof *g.rate);
    g.deriv = calloc(RF_LEVEL_COUNT + 1, sizeof *g.deriv);
    g.lo = calloc(RF_LEVEL_COUNT + 1, sizeof *g.lo);
    g.hi = calloc(RF_LEVEL_COUNT + 1, sizeof *g.hi);
    if (!g.solvers || !g.probes || !g.base_rhs || !g.base_value || !g.value ||
        !g.rate || !g.deriv || !g.lo || !g.hi)
        goto oom;
    g.key_level = last_money_level(s->policy);
    rf_solve_settings st = {.solve_every_level = true,
                            .time_limit_seconds = options && options->time_limit_seconds > 0
                                                      ? options->time_limit_seconds
                                                      : s->policy->time_limit_seconds,
                            .level_tolerance = s->policy->level_tolerance};
    g.st = st;
    for (size_t k = 0; k < g.gm.n; k++) {
        if (g.gm.models[k]->n_rows > g.max_rows)
            g.max_rows = g.gm.models[k]->n_rows;
        if (!(g.solvers[k] = rf_solver_new()) || !(g.probes[k] = rf_solver_new()))
            goto oom;
        rf_solution sol;
        status = rf_solver_solve(g.solvers[k], g.gm.models[k], &st, &sol, NULL, err);
        if (status != RF_OK)
            goto fail;
        const rf_model *m = g.gm.models[k];
        g.base_rhs[k] = malloc((m->n_rows + 1) * sizeof **g.base_rhs);
        g.base_value[k] = malloc((m->n_objectives + 1) * sizeof **g.base_value);
        if (!g.base_rhs[k] || !g.base_value[k]) {
            rf_solution_free(&sol);
            goto oom;
        }
        for (size_t i = 0; i < m->n_rows; i++)
            g.base_rhs[k][i] = m->rows[i].rhs_wan;
        for (size_t l = 0; l < m->n_objectives; l++)
            g.base_value[k][l] = sol.level_values[l];
        rf_solution_free(&sol);
    }
    g.delta = calloc(g.max_rows + 1, sizeof *g.delta);
    if (!g.delta)
        goto oom;

    /* Parameters. */
    const rf_policy *pol = s->policy;
    for (size_t f = 0; f < s->n_sources; f++) {
        char path[256];
        snprintf(path, sizeof path, "sources.%s.arrived", s->sources[f].id);
        rf_sens_item it = {.kind = RF_SENS_SOURCE, .source = (int)f, .site = -1,
                           .step = 1000000};
        status = range_param(&g, &s->sources[f].arrived, &it, err);
        if (status == RF_ERR_INPUT)
            continue;
        if (status != RF_OK)
            goto fail;
        it.path = dup(path);
        it.label = dup(rf_label_pick(&pol->sources[f].name, pol->sources[f].id, chinese));
        if (!it.path || !it.label || !push(&r->params, &r->n_params, &it))
            goto oom;
    }
    {
        rf_sens_item it = {.kind = RF_SENS_AGRI_BUDGET, .source = -1, .site = -1, .step = 1000000};
        status = range_param(&g, &s->integrated_agri_budget, &it, err);
        if (status == RF_OK) {
            it.path = dup("integrated_agri.budget");
            it.label = dup(L("整合涉农资金预算", "integrated agri budget"));
            if (!it.path || !it.label || !push(&r->params, &r->n_params, &it))
                goto oom;
        } else if (status != RF_ERR_INPUT) {
            goto fail;
        }
    }
    {
        rf_sens_item it = {.kind = RF_SENS_CAP, .source = -1, .site = -1, .step = 100000};
        status = range_param(&g, &s->policy->self_funding_cap, &it, err);
        if (status == RF_OK) {
            it.path = dup("policy.self_funding.cap_per_household");
            it.label = dup(L("每户自筹上限", "self-funding cap per household"));
            if (!it.path || !it.label || !push(&r->params, &r->n_params, &it))
                goto oom;
        } else if (status != RF_ERR_INPUT) {
            goto fail;
        }
    }
    for (size_t i = 0; i < s->n_sites; i++) {
        char path[256], label[512];
        snprintf(path, sizeof path, "sites[%zu].costs.housing_per_m2", i);
        snprintf(label, sizeof label, L("%s 住房单价", "%s housing cost per m²"), s->sites[i].id);
        rf_sens_item it = {.kind = RF_SENS_HOUSING, .source = -1, .site = (int)i, .step = 10000};
        status = range_param(&g, &s->sites[i].costs.housing_per_m2, &it, err);
        if (status == RF_ERR_INPUT)
            continue;
        if (status != RF_OK)
            goto fail;
        it.path = dup(path);
        it.label = dup(label);
        if (!it.path || !it.label || !push(&r->params, &r->n_params, &it))
            goto oom;
    }

    /* Binding constraints: a unit right-hand-side change moves a money level. */
    for (size_t k = 0; k < g.gm.n; k++) {
        const rf_model *m = g.gm.models[k];
        for (size_t i = 0; i < m->n_rows; i++) {
            rf_row_kind kind = m->rows[i].kind;
            if (kind != RF_ROW_SOURCE && kind != RF_ROW_SITE_LIMIT && kind != RF_ROW_CAP &&
                kind != RF_ROW_AGRI && kind != RF_ROW_EMPLOYMENT)
                continue;
            memset(g.delta, 0, m->n_rows * sizeof *g.delta);
            g.delta[i] = 1.0;
            status = rf_solver_ranging(g.solvers[k], g.delta, g.deriv, g.lo, g.hi, err);
            if (status != RF_OK)
                goto fail;
            rf_sens_item it = {.kind = RF_SENS_ROW, .source = m->rows[i].source,
                               .site = m->rows[i].site, .value = m->rows[i].rhs,
                               .step = 1000000};
            absorb_rates(&g, m, &it);
            if (!any_rate(&it))
                continue;
            memset(it.rate, 0, sizeof it.rate);
            double t_lo = -INFINITY, t_hi = INFINITY;
            status = range_direction(&g, k, &it, (double)it.value / (double)it.step, &t_lo,
                                     &t_hi, err);
            if (status != RF_OK)
                goto fail;
            set_range(&it, t_lo, t_hi, true);
            char name[256], label[512];
            rf_model_row_name(m, i, name, sizeof name);
            row_label(m, i, chinese, label, sizeof label);
            it.path = dup(name);
            it.label = dup(label);
            if (!it.path || !it.label || !push(&r->rows, &r->n_rows, &it))
                goto oom;
        }
    }
    ranger_free(&g);
    rf_plan_free(plan);
    *out = r;
    return RF_OK;
oom:
    status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
fail:
    ranger_free(&g);
    rf_plan_free(plan);
    rf_sensitivity_free(r);
    return status;
}

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
        if (!money_level((rf_level)l) || fabs(v) <= RATE_EPS)
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

rf_doc *rf_sensitivity_doc(const rf_sensitivity *r)
{
    bool chinese = r->chinese;
    const rf_scenario *s = r->scenario;
    char title[512];
    snprintf(title, sizeof title, L("%s: 敏感性分析", "%s: sensitivity"),
             rf_label_pick(&s->name, s->id, chinese));
    rf_doc *d = rf_doc_new(title, chinese);
    if (!d)
        return NULL;
    rf_doc_subtitle(d, L("情景 %s; 影子价格与范围来自各目标层级的最优基",
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
        rf_doc_paragraph(d, sec, L("%s 元自筹上限在以下安置点起约束作用: %s.",
                                   "The %s yuan self-funding cap binds at sites %s."),
                         cap, list);
    } else {
        rf_doc_paragraph(d, sec, L("%s 元自筹上限在任何安置点都不起约束作用.",
                                   "The %s yuan self-funding cap binds at no site."),
                         cap);
    }
    char quiet[4096] = "";
    for (size_t i = 0; i < r->n_params; i++) {
        const rf_sens_item *it = &r->params[i];
        char head[512], eff[2048] = "", range[512];
        if (!any_rate(it)) {
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
        rf_doc_paragraph(d, sec,
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
        rf_section *ts = rf_doc_section(d, pass == 0 ? L("参数", "Parameters")
                                                     : L("起约束作用的约束", "Binding constraints"));
        if (pass == 0)
            rf_doc_paragraph(d, ts, L("变化率: 参数每增加一个单位时各项 (元) 的变化; 在下限与上限之间保持不变.",
                                      "Rates: the change (yuan) of each figure per unit of the "
                                      "parameter; they hold between low and high."));
        else
            rf_doc_paragraph(d, ts, L("影子价格: 约束右端每放宽1万元时各项 (元) 的变化.",
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
            rf_cell_text(d, &c[3], it->kind == RF_SENS_HOUSING ? L("100元/平方米", "100 yuan/m²")
                                   : it->kind == RF_SENS_CAP   ? L("1000元", "1,000 yuan")
                                                               : L("1万元", "1 万元"));
            static const rf_level cols[] = {RF_LEVEL_UNFUNDED_GAP, RF_LEVEL_CAP_EXCESS,
                                            RF_LEVEL_REGISTERED_SELF_FUNDING};
            for (int k = 0; k < 3; k++) {
                rf_cell_text(d, &c[4 + k], yuan_rate(a, it->rate[cols[k]]));
                c[4 + k].flag = fabs(it->rate[cols[k]]) > RATE_EPS;
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
                c[8 + k].flag = fabs(it->rate[more[k]]) > RATE_EPS;
            }
            rf_cell_text(d, &c[12], value_text(it, it->low, a));
            rf_cell_text(d, &c[13], it->high_unbounded ? L("无上限", "no limit")
                                                       : value_text(it, it->high, a));
        }
    }
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

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

static void json_items(FILE *out, const rf_sens_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const rf_sens_item *it = &items[i];
        char v[40], lo[40], hi[40], st[40];
        fprintf(out, "%s\n    {\"path\": ", i ? "," : "");
        json_string(out, it->path);
        fputs(", \"label\": ", out);
        json_string(out, it->label);
        fprintf(out, ", \"value_yuan\": %s, \"step_yuan\": %s, \"low_yuan\": %s, \"high_yuan\": ",
                rf_fen_yuan(v, it->value, false), rf_fen_yuan(st, it->step, false),
                rf_fen_yuan(lo, it->low, false));
        if (it->high_unbounded)
            fputs("null", out);
        else
            fputs(rf_fen_yuan(hi, it->high, false), out);
        fputs(", \"rates_yuan_per_step\": {", out);
        bool first = true;
        for (int l = 0; l < RF_LEVEL_COUNT; l++) {
            if (!money_level((rf_level)l))
                continue;
            fprintf(out, "%s\"%s\": %.2f", first ? "" : ", ", rf_level_id((rf_level)l),
                    fabs(it->rate[l]) <= RATE_EPS ? 0.0 : it->rate[l] / 100.0);
            first = false;
        }
        fputs("}}", out);
    }
}

rf_status rf_sensitivity_json(const rf_sensitivity *r, FILE *out)
{
    fputs("{\n  \"format\": \"relocfund-sensitivity/1\",\n  \"scenario\": ", out);
    json_string(out, r->scenario->id);
    fprintf(out, ",\n  \"status\": \"%s\",\n  \"registered_households\": %" PRId64
                 ",\n  \"cap_binds_at\": [",
            rf_plan_status_id(r->key.status), r->key.registered_households);
    for (size_t i = 0; i < r->n_cap_sites; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, r->cap_sites[i]);
    }
    fputs("],\n  \"parameters\": [", out);
    json_items(out, r->params, r->n_params);
    fputs("],\n  \"binding_constraints\": [", out);
    json_items(out, r->rows, r->n_rows);
    fputs("]\n}\n", out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
