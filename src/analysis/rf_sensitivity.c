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

static char *dup(const char *s)
{
    return strdup(s);
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

bool rf_sensitivity_money_level(rf_level l)
{
    return l != RF_LEVEL_EVEN_SELF_FUNDING && l != RF_LEVEL_SITE_ENTITLEMENT;
}

/* The index (policy order) of the last money level, or -1. */
static int last_money_level(const rf_policy *p)
{
    int last = -1;
    for (size_t l = 0; l < p->n_levels; l++)
        if (rf_sensitivity_money_level(p->levels[l]))
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
        if (!rf_sensitivity_money_level(m->objectives[l].level))
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
                if (!rf_sensitivity_money_level(m->objectives[l].level))
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
            if (!rf_sensitivity_money_level(m->objectives[l].level) || fabs(dr) < 1e-9)
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

bool rf_sensitivity_any_rate(const rf_sens_item *it)
{
    for (int l = 0; l < RF_LEVEL_COUNT; l++)
        if (rf_sensitivity_money_level((rf_level)l) && fabs(it->rate[l]) > RF_SENSITIVITY_RATE_EPS)
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
            if (!rf_sensitivity_any_rate(&it))
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
