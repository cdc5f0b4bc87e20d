/* rf_session: a scenario held open for live what-if, re-solved in live LPs. */
#include "rf_session.h"

#include <stdlib.h>
#include <string.h>

#include "rf_resolver.h"
#include "rf_scenario.h"

struct rf_session {
    char *path;
    rf_solve_options options;
    rf_scenario *base;
    rf_plan *base_plan;
    rf_resolver *live;
    rf_load_cache *files; /* the scenario's files, parsed once */
};

rf_session *rf_session_open(const char *path, const rf_solve_options *options, rf_diags *diags,
                            rf_error *err, rf_status *status)
{
    *status = RF_ERR_SOLVER;
    rf_session *ss = calloc(1, sizeof *ss);
    if (!ss || !(ss->path = strdup(path)) || !(ss->live = rf_resolver_new()) ||
        !(ss->files = rf_load_cache_new())) {
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        rf_session_free(ss);
        return NULL;
    }
    if (options)
        ss->options = *options;
    rf_load_options lo = {.cache = ss->files};
    if (!(ss->base = rf_scenario_load(path, &lo, diags))) {
        *status = RF_ERR_INPUT;
        rf_session_free(ss);
        return NULL;
    }
    if ((*status = rf_plan_solve_live(ss->base, &ss->options, ss->live, &ss->base_plan, err)) !=
        RF_OK) {
        rf_session_free(ss);
        return NULL;
    }
    return ss;
}

void rf_session_free(rf_session *ss)
{
    if (!ss)
        return;
    rf_plan_free(ss->base_plan);
    rf_scenario_free(ss->base);
    rf_resolver_free(ss->live);
    rf_load_cache_free(ss->files);
    free(ss->path);
    free(ss);
}

const rf_scenario *rf_session_scenario(const rf_session *ss)
{
    return ss->base;
}

const rf_plan *rf_session_base_plan(const rf_session *ss)
{
    return ss->base_plan;
}

const char *rf_session_path(const rf_session *ss)
{
    return ss->path;
}

/* The scenario with the changes, or NULL (RF_ERR_INPUT, diags filled). */
static rf_scenario *load_changed(const rf_session *ss, const char *const *sets, size_t n,
                                 rf_diags *diags)
{
    rf_load_options lo = {.set = sets, .n_set = n, .cache = ss->files};
    return rf_scenario_load(ss->path, &lo, diags);
}

rf_status rf_session_solve(rf_session *ss, const char *const *sets, size_t n, rf_scenario **s,
                           rf_plan **p, rf_diags *diags, rf_error *err)
{
    *p = NULL;
    if (!(*s = load_changed(ss, sets, n, diags)))
        return RF_ERR_INPUT;
    rf_status st = rf_plan_solve_live(*s, &ss->options, ss->live, p, err);
    if (st != RF_OK) {
        rf_scenario_free(*s);
        *s = NULL;
    }
    return st;
}

rf_status rf_session_whatif(rf_session *ss, const char *const *sets, size_t n, bool chinese,
                            rf_comparison **out, rf_diags *diags, rf_error *err)
{
    *out = NULL;
    rf_scenario *changed = load_changed(ss, sets, n, diags);
    if (!changed)
        return RF_ERR_INPUT;
    rf_status st =
        rf_whatif_against(ss->base_plan, changed, &ss->options, sets, n, chinese, out, err);
    rf_scenario_free(changed);
    return st;
}
