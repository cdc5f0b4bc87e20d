/* rf_resolver: one live LP per budget group, re-solved in place as the scenario changes. */
#include "rf_resolver.h"

#include <stdlib.h>
#include <string.h>

#include "rf_model.h"
#include "rf_solve.h"

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

/* The live solver of group g, made (and the list grown) on first use; NULL
 * when out of memory. */
static rf_solver *group_solver(rf_resolver *r, size_t g)
{
    if (g >= r->n_solvers) {
        rf_solver **grown = realloc(r->solvers, (g + 1) * sizeof *grown);
        if (!grown)
            return NULL;
        r->solvers = grown;
        for (size_t k = r->n_solvers; k <= g; k++)
            grown[k] = NULL;
        r->n_solvers = g + 1;
    }
    if (!r->solvers[g])
        r->solvers[g] = rf_solver_new();
    return r->solvers[g];
}

rf_status rf_resolver_levels(rf_resolver *r, size_t g, const rf_model *m,
                             const rf_solve_settings *st, rf_solution *sol, bool *warm,
                             rf_error *err)
{
    rf_solver *sv = group_solver(r, g);
    if (!sv) {
        memset(sol, 0, sizeof *sol);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    return rf_solver_solve(sv, m, st, sol, warm, err);
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
    memset(out, 0, sizeof *out);
    bool all_warm = gm.n > 0;
    int its = 0;
    for (size_t g = 0; g < gm.n && status == RF_OK; g++) {
        const rf_model *m = gm.models[g];
        rf_solution sol;
        bool warm = false;
        status = rf_resolver_levels(r, g, m, &st, &sol, &warm, err);
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
