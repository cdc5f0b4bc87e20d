/* rf_solve: lexicographic simplex and fen rounding with GLPK, guarded. */
#include "rf_solve.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_names.h"

/* One guard per thread: GLPK's environment is thread-local. */
static _Thread_local jmp_buf *active_guard;
static _Thread_local int inject_fault;

static void on_glpk_error(void *info)
{
    (void)info;
    /* GLPK's state is unusable after a fatal error: free all of it, then
     * return to the guarded call instead of letting GLPK abort. */
    glp_free_env();
    longjmp(*active_guard, 1);
}

typedef struct {
    void (*log)(const char *text, void *ctx);
    void *ctx;
} term_sink;

static _Thread_local term_sink sink;

static int on_glpk_output(void *info, const char *text)
{
    (void)info;
    if (sink.log)
        sink.log(text, sink.ctx);
    return 1; /* never let GLPK write to stdout itself */
}

void rf_solve_inject_fault(int enabled)
{
    inject_fault = enabled;
}

static void install_hooks(const rf_solve_settings *st, jmp_buf *guard)
{
    active_guard = guard;
    sink.log = st ? st->log : NULL;
    sink.ctx = st ? st->log_ctx : NULL;
    glp_error_hook(on_glpk_error, NULL);
    glp_term_hook(on_glpk_output, NULL);
}

static void remove_hooks(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    active_guard = NULL;
}

static int glpk_bound_type(rf_sense s)
{
    return s == RF_EQ ? GLP_FX : s == RF_LE ? GLP_UP : GLP_LO;
}

/* Loads the coefficients whose row and column are mapped (map > 0) into lp. */
static void load_matrix(glp_prob *lp, const rf_model *m, const int *row_map, const int *col_map)
{
    int *ia = malloc((m->n_coefs + 1) * sizeof *ia);
    int *ja = malloc((m->n_coefs + 1) * sizeof *ja);
    double *ar = malloc((m->n_coefs + 1) * sizeof *ar);
    int n = 0;
    if (ia && ja && ar) {
        for (size_t k = 0; k < m->n_coefs; k++) {
            const rf_coef *c = &m->coefs[k];
            int r = row_map[c->row], j = col_map[c->col];
            if (r <= 0 || j <= 0)
                continue;
            n++;
            ia[n] = r;
            ja[n] = j;
            ar[n] = c->value;
        }
        glp_load_matrix(lp, n, ia, ja, ar);
    }
    free(ia);
    free(ja);
    free(ar);
}

/* Creates the rows and columns of the model in lp (1-based, in model
 * order), filling row_map and col_map, and loads the matrix. */
static void load_model(glp_prob *lp, const rf_model *m, int *row_map, int *col_map)
{
    glp_set_obj_dir(lp, GLP_MIN);
    if (m->n_rows)
        glp_add_rows(lp, (int)m->n_rows);
    if (m->n_cols)
        glp_add_cols(lp, (int)m->n_cols);
    for (size_t i = 0; i < m->n_rows; i++) {
        row_map[i] = (int)i + 1;
        const rf_row *r = &m->rows[i];
        glp_set_row_bnds(lp, (int)i + 1, glpk_bound_type(r->sense), r->rhs_wan, r->rhs_wan);
    }
    for (size_t j = 0; j < m->n_cols; j++) {
        col_map[j] = (int)j + 1;
        const rf_col *c = &m->cols[j];
        if (c->has_upper)
            glp_set_col_bnds(lp, (int)j + 1, GLP_DB, 0.0, (double)c->upper / RF_FEN_PER_WAN);
        else
            glp_set_col_bnds(lp, (int)j + 1, GLP_LO, 0.0, 0.0);
    }
    load_matrix(lp, m, row_map, col_map);
}

/* How far above its optimum z a fixed level may go: relative tolerance tol,
 * and at least 1e-9 万元 (a thousandth of a fen, so later levels cannot buy
 * anything with it while GLPK keeps room for round-off). */
static double level_slack(double z, double tol)
{
    return fmax(1e-9, tol * fabs(z));
}

/* Adds a row holding an objective's expression with the given bound type;
 * ind and val are scratch arrays of at least n_cols + 1.  Returns the row. */
static int add_objective_row(glp_prob *lp, const rf_objective *o, int *ind, double *val, int type,
                             double bound)
{
    int row = glp_add_rows(lp, 1);
    for (size_t k = 0; k < o->n; k++) {
        ind[k + 1] = o->cols[k] + 1;
        val[k + 1] = o->values[k];
    }
    glp_set_mat_row(lp, row, (int)o->n, ind, val);
    glp_set_row_bnds(lp, row, type, bound, bound);
    return row;
}

static int simplex(glp_prob *lp, const rf_solve_settings *st, bool presolve)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = st && st->log ? GLP_MSG_ON : GLP_MSG_OFF;
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    if (st && st->time_limit_seconds > 0)
        parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
    return glp_simplex(lp, &parm);
}

static void describe_failure(rf_error *err, int ret, int status, const rf_solve_settings *st,
                             const char *what)
{
    if (ret == GLP_ETMLIM)
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "the solver reached its time limit of %g s at %s; raise "
                     "solver.time_limit_seconds or use --time-limit",
                     st ? st->time_limit_seconds : 0.0, what);
    else if (ret != 0)
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "the simplex method failed at %s (GLPK code %d)", what, ret);
    else
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "no optimal solution at %s (GLPK status %d); the model should always be "
                     "feasible, so this is an internal error",
                     what, status);
}

rf_status rf_solve_levels(const rf_model *m, const rf_solve_settings *st, rf_solution *sol,
                          rf_error *err)
{
    memset(sol, 0, sizeof *sol);
    sol->x = calloc(m->n_cols ? m->n_cols : 1, sizeof *sol->x);
    sol->level_values = calloc(m->n_objectives ? m->n_objectives : 1, sizeof *sol->level_values);
    if (st && st->want_duals)
        sol->duals = calloc(m->n_objectives * m->n_rows + 1, sizeof *sol->duals);
    int *row_map = malloc((m->n_rows + 1) * sizeof *row_map);
    int *col_map = malloc((m->n_cols + 1) * sizeof *col_map);
    int *ind = malloc((m->n_cols + 1) * sizeof *ind);
    double *val = malloc((m->n_cols + 1) * sizeof *val);
    if (!sol->x || !sol->level_values || !row_map || !col_map || !ind || !val ||
        (st && st->want_duals && !sol->duals)) {
        free(row_map);
        free(col_map);
        free(ind);
        free(val);
        rf_solution_free(sol);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    rf_status status = RF_OK;
    glp_prob *volatile lp = NULL;
    jmp_buf guard;
    if (setjmp(guard)) {
        /* GLPK failed fatally; its environment (and lp) is already freed. */
        lp = NULL;
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "GLPK stopped with an internal error; the plan was not solved");
        status = RF_ERR_SOLVER;
        goto out;
    }
    install_hooks(st, &guard);
    lp = glp_create_prob();
    load_model(lp, m, row_map, col_map);
    if (inject_fault) {
        inject_fault = 0;
        glp_set_col_bnds(lp, (int)m->n_cols + 7, GLP_LO, 0.0, 0.0); /* out of range: fatal */
    }
    glp_scale_prob(lp, GLP_SF_AUTO);
    glp_adv_basis(lp, 0);

    double tol = st && st->level_tolerance > 0 ? st->level_tolerance : 1e-9;
    for (size_t l = 0; l < m->n_objectives; l++) {
        const rf_objective *o = &m->objectives[l];
        for (size_t j = 1; j <= m->n_cols; j++)
            glp_set_obj_coef(lp, (int)j, 0.0);
        glp_set_obj_coef(lp, 0, o->constant);
        for (size_t k = 0; k < o->n; k++)
            glp_set_obj_coef(lp, o->cols[k] + 1, o->values[k]);
        int ret = simplex(lp, st, false);
        int gst = glp_get_status(lp);
        if (ret != 0 || gst != GLP_OPT) {
            char what[128];
            snprintf(what, sizeof what, "level %zu (%s)", l + 1, rf_level_id(o->level));
            describe_failure(err, ret, gst, st, what);
            status = RF_ERR_SOLVER;
            goto out;
        }
        double z = glp_get_obj_val(lp);
        sol->level_values[l] = z;
        if (sol->duals)
            for (size_t i = 0; i < m->n_rows; i++)
                sol->duals[l * m->n_rows + i] = glp_get_row_dual(lp, (int)i + 1);
        if (l + 1 == m->n_objectives || o->n == 0)
            continue;
        /* Fix this level: objective <= optimum + tolerance. */
        add_objective_row(lp, o, ind, val, GLP_UP, z - o->constant + level_slack(z, tol));
    }
    for (size_t j = 0; j < m->n_cols; j++)
        sol->x[j] = glp_get_col_prim(lp, (int)j + 1);
    sol->iterations = glp_get_it_cnt(lp);
out:
    if (lp)
        glp_delete_prob(lp);
    remove_hooks();
    free(row_map);
    free(col_map);
    free(ind);
    free(val);
    if (status != RF_OK)
        rf_solution_free(sol);
    return status;
}

rf_status rf_solve_round(const rf_model *m, const double *x_wan, const rf_solve_settings *st,
                         rf_fen *out_fen, rf_error *err)
{
    int *row_map = calloc(m->n_rows + 1, sizeof *row_map);
    int *col_map = calloc(m->n_cols + 1, sizeof *col_map);
    double *lo = calloc(m->n_cols + 1, sizeof *lo);
    double *hi = calloc(m->n_cols + 1, sizeof *hi);
    if (!row_map || !col_map || !lo || !hi) {
        free(row_map);
        free(col_map);
        free(lo);
        free(hi);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    memset(out_fen, 0, m->n_cols * sizeof *out_fen);
    rf_status status = RF_OK;
    glp_prob *volatile lp = NULL;
    jmp_buf guard;
    if (setjmp(guard)) {
        lp = NULL;
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "GLPK stopped with an internal error while rounding to fen");
        goto out;
    }
    install_hooks(st, &guard);
    int nr = 0, nc = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        if (m->rows[i].money)
            row_map[i] = ++nr;
    for (size_t j = 0; j < m->n_cols; j++)
        if (m->cols[j].kind <= RF_COL_GAP)
            col_map[j] = ++nc;
    /* Two passes: each column within [floor, ceil] of its value in fen, then,
     * if GLPK's tolerances left that empty, within two fen more. */
    for (int pass = 0; pass < 2; pass++) {
        lp = glp_create_prob();
        glp_set_obj_dir(lp, GLP_MIN);
        if (nr)
            glp_add_rows(lp, nr);
        if (nc)
            glp_add_cols(lp, nc);
        for (size_t i = 0; i < m->n_rows; i++) {
            if (!row_map[i])
                continue;
            double rhs = (double)m->rows[i].rhs;
            glp_set_row_bnds(lp, row_map[i], glpk_bound_type(m->rows[i].sense), rhs, rhs);
        }
        for (size_t j = 0; j < m->n_cols; j++) {
            if (!col_map[j])
                continue;
            double v = x_wan[j] * RF_FEN_PER_WAN;
            double f = floor(v), c = ceil(v);
            double widen = pass == 0 ? 0.0 : 2.0;
            lo[j] = fmax(0.0, f - widen);
            hi[j] = c + widen;
            if (m->cols[j].has_upper)
                hi[j] = fmin(hi[j], (double)m->cols[j].upper);
            if (hi[j] < lo[j])
                hi[j] = lo[j];
            glp_set_col_bnds(lp, col_map[j], hi[j] > lo[j] ? GLP_DB : GLP_FX, lo[j], hi[j]);
            /* Toward the nearer integer. */
            double frac = v - f;
            glp_set_obj_coef(lp, col_map[j], c > f ? (frac < 0.5 ? 1.0 : -1.0) : 0.0);
        }
        load_matrix(lp, m, row_map, col_map);
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = st && st->log ? GLP_MSG_ON : GLP_MSG_OFF;
        parm.presolve = GLP_ON;
        if (st && st->time_limit_seconds > 0)
            parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
        int ret = glp_simplex(lp, &parm);
        if (ret == 0 && glp_get_status(lp) == GLP_OPT) {
            for (size_t j = 0; j < m->n_cols; j++)
                if (col_map[j])
                    out_fen[j] = (rf_fen)llround(glp_get_col_prim(lp, col_map[j]));
            break;
        }
        glp_delete_prob(lp);
        lp = NULL;
        if (pass == 1)
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                                  "could not round the plan to whole fen (GLPK code %d)", ret);
    }
out:
    if (lp)
        glp_delete_prob(lp);
    remove_hooks();
    free(row_map);
    free(col_map);
    free(lo);
    free(hi);
    return status;
}

void rf_solution_free(rf_solution *sol)
{
    if (!sol)
        return;
    free(sol->x);
    free(sol->level_values);
    free(sol->duals);
    sol->x = NULL;
    sol->level_values = NULL;
    sol->duals = NULL;
}

rf_status rf_solve_write(const rf_model *m, size_t level, const double *fixed_values,
                         double level_tolerance, rf_lp_format format, const char *path,
                         rf_error *err)
{
    int *row_map = malloc((m->n_rows + 1) * sizeof *row_map);
    int *col_map = malloc((m->n_cols + 1) * sizeof *col_map);
    int *ind = malloc((m->n_cols + 1) * sizeof *ind);
    double *val = malloc((m->n_cols + 1) * sizeof *val);
    if (!row_map || !col_map || !ind || !val) {
        free(row_map);
        free(col_map);
        free(ind);
        free(val);
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    }
    rf_status status = RF_OK;
    glp_prob *volatile lp = NULL;
    jmp_buf guard;
    if (setjmp(guard)) {
        lp = NULL;
        status = rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL,
                              "GLPK stopped with an internal error while writing the model");
        goto out;
    }
    install_hooks(NULL, &guard);
    lp = glp_create_prob();
    glp_set_prob_name(lp, m->scenario->id);
    load_model(lp, m, row_map, col_map);
    char name[256];
    for (size_t i = 0; i < m->n_rows; i++)
        glp_set_row_name(lp, (int)i + 1, rf_model_row_name(m, i, name, sizeof name));
    for (size_t j = 0; j < m->n_cols; j++)
        glp_set_col_name(lp, (int)j + 1, rf_model_col_name(m, j, name, sizeof name));
    double tol = level_tolerance > 0 ? level_tolerance : 1e-9;
    for (size_t l = 0; l < m->n_objectives; l++) {
        const rf_objective *o = &m->objectives[l];
        snprintf(name, sizeof name, "level%zu_%s", l + 1, rf_level_id(o->level));
        if (l == level) {
            glp_set_obj_name(lp, name);
            glp_set_obj_coef(lp, 0, o->constant);
            for (size_t k = 0; k < o->n; k++)
                glp_set_obj_coef(lp, o->cols[k] + 1, o->values[k]);
            continue;
        }
        if (o->n == 0)
            continue;
        int row;
        if (l < level && fixed_values)
            row = add_objective_row(lp, o, ind, val, GLP_UP,
                                    fixed_values[l] - o->constant +
                                        level_slack(fixed_values[l], tol));
        else
            row = add_objective_row(lp, o, ind, val, GLP_FR, 0.0);
        glp_set_row_name(lp, row, name);
    }
    int ret = format == RF_LP_FORMAT_MPS ? glp_write_mps(lp, GLP_MPS_FILE, NULL, path)
                                         : glp_write_lp(lp, NULL, path);
    if (ret != 0)
        status = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write the model");
out:
    if (lp)
        glp_delete_prob(lp);
    remove_hooks();
    free(row_map);
    free(col_map);
    free(ind);
    free(val);
    return status;
}
