/* rf_reverse: 倒算 — the funding each site needs for the cap to hold, and break-even values by bisection. */
#include "rf_reverse.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"
#include "rf_plan.h"
#include "rf_resolver.h"
#include "rf_sweep.h"

#define L(zh, en) (chinese ? (zh) : (en))

/* How many doublings of the need a source may be raised by before it is
 * declared unable to close the plan alone. */
#define MAX_DOUBLINGS 6

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

void rf_break_even_clear(rf_break_even *be)
{
    free(be->path);
    memset(be, 0, sizeof *be);
}

void rf_reverse_free(rf_reverse *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_sites; i++) {
        free(r->sites[i].id);
        free(r->sites[i].name);
        free(r->sites[i].allowed_sources);
    }
    for (size_t f = 0; f < r->n_sources; f++) {
        free(r->sources[f].id);
        free(r->sources[f].name);
    }
    free(r->sites);
    free(r->sources);
    rf_break_even_clear(&r->break_even);
    free(r);
}

/* Whether source f may pay use u of a site that needs it. */
static bool permits(const rf_policy_source *src, rf_use u, bool registered_dwelling)
{
    if (!src->permitted[u])
        return false;
    return !registered_dwelling || src->category == RF_CAT_REGISTERED;
}

/* What the plan still needs with source f's arrived at v: its unfunded
 * costs plus the self-funding over the cap (0: balanced and compliant, the
 * housing area aside, which money does not change). */
static rf_status need_at(rf_resolver *res, rf_scenario *s, size_t f, rf_fen v, double limit,
                         rf_fen *need, rf_reverse_source *rs, rf_error *err)
{
    rf_key_figures k;
    rf_fen saved = s->sources[f].arrived;
    s->sources[f].arrived = v;
    rf_status st = rf_resolver_solve(res, s, limit, &k, NULL, NULL, err);
    s->sources[f].arrived = saved;
    rs->solves++;
    *need = k.unfunded + k.cap_excess;
    return st;
}

/* The least arrived amount of source f at which the plan needs nothing
 * more, to the fen (see rf_reverse_run).  The need falls piecewise
 * linearly as the source rises (by a fen a fen while the source pays what
 * is missing), so a secant step from the last two amounts still short
 * usually lands on the break-even at once; the two amounts either side of
 * it (one fen apart) are then checked, and bisection takes over wherever
 * the steps do not close in. */
static rf_status source_break_even(rf_resolver *res, rf_scenario *s, size_t f, rf_fen need,
                                   double limit, rf_reverse_source *rs, rf_error *err)
{
    rf_fen lo = s->sources[f].arrived, lo_need = need, hi = -1;
    double slope = 1.0; /* fen of need removed per fen of the source */
    rf_status st = RF_OK;
    /* Up: secant steps (at most MAX_DOUBLINGS more than the first, each
     * at least doubling the reach once the need stops falling). */
    rf_fen reach = need > 0 ? need : 1;
    for (int step = 0; step <= MAX_DOUBLINGS + 2 && hi < 0; step++) {
        double guess = ceil((double)lo_need / slope);
        rf_fen ahead = guess > (double)RF_FEN_MAX ? RF_FEN_MAX : (rf_fen)guess;
        if (step > 2 && ahead < reach)
            ahead = reach;
        if (ahead < 1)
            ahead = 1;
        if (lo > RF_FEN_MAX - ahead)
            break;
        rf_fen v = lo + ahead, v_need;
        if ((st = need_at(res, s, f, v, limit, &v_need, rs, err)) != RF_OK)
            return st;
        if (v_need == 0) {
            hi = v;
        } else {
            slope = v_need < lo_need ? (double)(lo_need - v_need) / (double)ahead : 0.0;
            if (slope <= 0)
                slope = (double)lo_need / (2.0 * (double)ahead); /* doubles the next step */
            lo = v;
            lo_need = v_need;
            reach = 2 * ahead;
        }
    }
    if (hi < 0)
        return RF_OK; /* raising this source alone does not close the plan */
    /* Down: the need at lo over a line of the last slope, checked either
     * side; bisection where that does not hold. */
    for (int tries = 0; hi - lo > 1; tries++) {
        rf_fen mid = lo + (hi - lo) / 2;
        double guess = (double)lo + ceil((double)lo_need / (slope > 0 ? slope : 1.0));
        if (tries < 4 && guess > (double)lo)
            mid = guess >= (double)hi ? hi - 1 : (rf_fen)guess;
        rf_fen mid_need;
        if ((st = need_at(res, s, f, mid, limit, &mid_need, rs, err)) != RF_OK)
            return st;
        if (mid_need == 0) {
            hi = mid;
        } else {
            if (mid_need < lo_need)
                slope = (double)(lo_need - mid_need) / (double)(mid - lo);
            lo = mid;
            lo_need = mid_need;
        }
    }
    rs->closes = true;
    rs->break_even = hi;
    rs->additional = hi - rs->arrived;
    return RF_OK;
}

rf_status rf_reverse_run(rf_scenario *s, double time_limit, bool chinese, rf_reverse **out,
                         rf_error *err)
{
    *out = NULL;
    rf_solve_options so = {.time_limit_seconds = time_limit};
    rf_plan *p = NULL;
    rf_status status = rf_plan_solve(s, &so, &p, err);
    if (status != RF_OK)
        return status;
    const rf_policy *pol = s->policy;
    rf_reverse *r = calloc(1, sizeof *r);
    rf_resolver *res = rf_resolver_new();
    if (!r || !res)
        goto oom;
    r->scenario = s;
    r->chinese = chinese;
    rf_key_figures_of_plan(p, &r->key);
    r->sites = calloc(p->n_sites + 1, sizeof *r->sites);
    r->sources = calloc(p->n_sources + 1, sizeof *r->sources);
    if (!r->sites || !r->sources)
        goto oom;
    bool use_needed[RF_USE_COUNT] = {false};
    bool excess_anywhere = false;
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        rf_fen excess = 0;
        int64_t over = 0;
        for (size_t c = 0; c < ps->n_classes; c++)
            if (ps->classes[c].excess > 0) {
                excess += ps->classes[c].excess;
                over += ps->classes[c].households;
            }
        if (ps->unfunded_total == 0 && excess == 0)
            continue;
        rf_reverse_site *rs = &r->sites[r->n_sites++];
        rs->id = dup(ps->site->id);
        rs->name = dup(rf_label_pick(&ps->site->name, ps->site->id, chinese));
        rs->unfunded = ps->unfunded_total;
        memcpy(rs->unfunded_by_use, ps->unfunded, sizeof rs->unfunded_by_use);
        rs->cap_excess = excess;
        rs->households_over_cap = over;
        rs->need = ps->unfunded_total + excess;
        r->total_need += rs->need;
        excess_anywhere = excess_anywhere || excess > 0;
        char list[1024] = "";
        for (size_t f = 0; f < pol->n_sources; f++) {
            bool ok = true;
            for (int u = 0; u < RF_USE_COUNT; u++)
                if (ps->unfunded[u] > 0 && !permits(&pol->sources[f], (rf_use)u, false))
                    ok = false;
            if (excess > 0) {
                bool dwelling = false;
                for (int u = 0; u < RF_USE_COUNT; u++)
                    if (pol->self_funding_uses[u] && permits(&pol->sources[f], (rf_use)u, true))
                        dwelling = true;
                ok = ok && dwelling;
            }
            if (ok) {
                size_t n = strlen(list);
                snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", pol->sources[f].id);
            }
        }
        rs->allowed_sources = dup(list);
        if (!rs->id || !rs->name || !rs->allowed_sources)
            goto oom;
        for (int u = 0; u < RF_USE_COUNT; u++)
            use_needed[u] = use_needed[u] || ps->unfunded[u] > 0;
    }
    /* Each source raised alone. */
    for (size_t f = 0; f < p->n_sources; f++) {
        rf_reverse_source *rs = &r->sources[r->n_sources++];
        rs->id = dup(pol->sources[f].id);
        rs->name = dup(rf_label_pick(&pol->sources[f].name, pol->sources[f].id, chinese));
        if (!rs->id || !rs->name)
            goto oom;
        rs->arrived = s->sources[f].arrived;
        for (int u = 0; u < RF_USE_COUNT; u++)
            if (use_needed[u] && permits(&pol->sources[f], (rf_use)u, false))
                rs->may_pay = true;
        for (int u = 0; u < RF_USE_COUNT && excess_anywhere; u++)
            if (pol->self_funding_uses[u] && permits(&pol->sources[f], (rf_use)u, true))
                rs->may_pay = true;
        if (!rs->may_pay || r->total_need == 0 || r->key.households_over_area_cap > 0)
            continue;
        status = source_break_even(res, s, f, r->total_need, time_limit, rs, err);
        if (status != RF_OK)
            goto fail;
    }
    rf_resolver_free(res);
    rf_plan_free(p);
    *out = r;
    return RF_OK;
oom:
    status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
fail:
    rf_resolver_free(res);
    rf_plan_free(p);
    rf_reverse_free(r);
    return status;
}

/* Loads path with base's assignments and PATH=value and solves it. */
static rf_status eval_at(rf_resolver *res, const char *path, const rf_load_options *base,
                         const char *field, int64_t value, int decimals, double limit,
                         rf_key_figures *k, rf_diags *diags, rf_error *err)
{
    char *assign = malloc(strlen(field) + 64);
    if (!assign)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    char text[48];
    sprintf(assign, "%s=%s", field, rf_sweep_value_text(text, value, decimals));
    rf_load_options lo = {.set = base ? base->set : NULL,
                          .n_set = base ? base->n_set : 0,
                          .point = assign,
                          .point_option = "--break-even"};
    rf_diags local = {0};
    rf_scenario *s = rf_scenario_load(path, &lo, &local);
    rf_status st = RF_OK;
    if (!s) {
        for (size_t i = 0; diags && i < local.count; i++)
            if (local.items[i].severity == RF_SEV_ERROR)
                rf_diags_add_diag(diags, &local.items[i]);
        st = RF_ERR_INPUT;
    } else {
        st = rf_resolver_solve(res, s, limit, k, NULL, NULL, err);
    }
    rf_diags_free(&local);
    rf_scenario_free(s);
    free(assign);
    return st;
}

rf_status rf_break_even_run(const char *path, const rf_load_options *base, const char *spec,
                            double time_limit, rf_break_even *be, rf_diags *diags, rf_error *err)
{
    memset(be, 0, sizeof *be);
    /* PATH=LO:HI becomes the sweep PATH=LO:HI:0.01. */
    const char *eq = strchr(spec, '=');
    size_t colons = 0;
    for (const char *c = eq ? eq : spec; *c; c++)
        colons += *c == ':';
    char *text = malloc(strlen(spec) + 8);
    if (!text)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    sprintf(text, "%s%s", spec, colons == 1 ? ":0.01" : "");
    rf_sweep_spec sw;
    rf_error why = {0};
    bool shaped = eq && colons >= 1 && colons <= 2;
    bool ok = shaped && rf_sweep_spec_parse(text, SIZE_MAX, &sw, &why);
    free(text);
    if (!ok) {
        char en[768], zh[1024];
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh,
                    "--break-even %s: expected PATH=LO:HI or PATH=LO:HI:UNIT%s%s",
                    (spec, shaped ? ": " : "", shaped ? why.message : ""),
                    (spec, shaped ? "：" : "", shaped ? why.message_zh : ""));
        return rf_error_set_text(err, RF_ERR_INPUT, NULL, 0, 0, NULL, en, zh);
    }
    be->path = sw.path;
    sw.path = NULL;
    be->decimals = sw.decimals;
    rf_resolver *res = rf_resolver_new();
    if (!res)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    size_t lo = 0, hi = sw.n_points - 1;
    rf_key_figures klo, khi;
    rf_status st = eval_at(res, path, base, be->path, sw.from, sw.decimals, time_limit, &klo,
                           diags, err);
    if (st == RF_OK)
        st = eval_at(res, path, base, be->path, sw.from + (int64_t)hi * sw.step, sw.decimals,
                     time_limit, &khi, diags, err);
    be->solves = 2;
    bool good_lo = klo.status == RF_PLAN_BALANCED, good_hi = khi.status == RF_PLAN_BALANCED;
    if (st != RF_OK || good_lo == good_hi) {
        if (st == RF_OK) {
            be->good = be->bad = sw.from;
            be->at_good = be->at_bad = klo;
        }
        rf_resolver_free(res);
        return st;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        rf_key_figures km;
        st = eval_at(res, path, base, be->path, sw.from + (int64_t)mid * sw.step, sw.decimals,
                     time_limit, &km, diags, err);
        be->solves++;
        if (st != RF_OK)
            break;
        if ((km.status == RF_PLAN_BALANCED) == good_lo) {
            lo = mid;
            klo = km;
        } else {
            hi = mid;
            khi = km;
        }
    }
    rf_resolver_free(res);
    if (st != RF_OK)
        return st;
    be->found = true;
    int64_t vlo = sw.from + (int64_t)lo * sw.step, vhi = sw.from + (int64_t)hi * sw.step;
    be->good = good_lo ? vlo : vhi;
    be->bad = good_lo ? vhi : vlo;
    be->at_good = good_lo ? klo : khi;
    be->at_bad = good_lo ? khi : klo;
    return RF_OK;
}
