/* rf_solve: lexicographic simplex and fen rounding with GLPK, guarded. */
#include "rf_solve.h"

#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_crash.h"
#include "rf_names.h"
#include "rf_round.h"

/* How far a reduced cost (or a row's dual) must be from 0 for its variable
 * to be held at its bound after a level: GLPK's dual feasibility tolerance
 * is 1e-7; the objectives' coefficients are 1 or -1 and the matrix's 1 and
 * household counts, so a real reduced cost is far above 1e-9 and round-off
 * far below it. */
#define RF_REDUCED_COST_EPS 1e-9

/* One guard per thread: GLPK's environment is thread-local. */
static _Thread_local jmp_buf *active_guard;
static _Thread_local int inject_fault;
/* Counts GLPK environments freed after a fatal error in this thread: a live
 * problem (rf_solver) created before the count changed no longer exists. */
static _Thread_local unsigned env_generation;

static void on_glpk_error(void *info)
{
    (void)info;
    /* GLPK's state is unusable after a fatal error: free all of it, then
     * return to the guarded call instead of letting GLPK abort. */
    glp_free_env();
    env_generation++;
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

static _Thread_local int inject_singular;

void rf_solve_inject_singular_basis(int enabled)
{
    inject_singular = enabled;
}

/* For tests: spoils a starting basis so that GLPK finds it singular (both
 * deviation columns of the first entitlement row, which are parallel, made
 * basic, and as many row logicals made non-basic to keep the count). */
static void spoil_basis(const rf_model *m, bool *row_basic, bool *col_basic)
{
    int added = 0, row = -1;
    for (size_t i = 0; i < m->n_rows && row < 0; i++)
        if (m->rows[i].kind == RF_ROW_ENTITLEMENT)
            row = (int)i;
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        rf_col_kind kind = m->cols[c->col].kind;
        if (c->row == row && (kind == RF_COL_DEV_OVER || kind == RF_COL_DEV_UNDER)) {
            added += !col_basic[c->col];
            col_basic[c->col] = true;
        }
    }
    for (size_t i = 0; i < m->n_rows && added > 0; i++)
        if (row_basic[i] && m->rows[i].kind != RF_ROW_ENTITLEMENT) {
            row_basic[i] = false;
            added--;
        }
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
 * at least 1e-9 万元 (a thousandth of a fen: room for GLPK's round-off) and
 * at most 1e-7 万元 (a tenth of a fen), so that later levels cannot buy
 * anything with it however large the optimum. */
static double level_slack(double z, double tol)
{
    return fmin(1e-7, fmax(1e-9, tol * fabs(z)));
}

/* Adds a row holding an objective's expression, its column indexes offset
 * by col0, with the given bound type; ind and val are scratch arrays of at
 * least o->n + 1.  Returns the row. */
static int add_expression_row(glp_prob *lp, const rf_objective *o, int col0, int *ind, double *val,
                              int type, double bound)
{
    int row = glp_add_rows(lp, 1);
    for (size_t k = 0; k < o->n; k++) {
        ind[k + 1] = col0 + o->cols[k] + 1;
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

/* Sets err for a failed simplex run at what (what_zh in Chinese). */
static void describe_failure(rf_error *err, int ret, int status, const rf_solve_settings *st,
                             const char *what, const char *what_zh)
{
    char en[768], zh[1024];
    double limit = st ? st->time_limit_seconds : 0.0;
    if (ret == GLP_ETMLIM)
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh,
                    "the solver reached its time limit of %g s at %s; raise "
                    "solver.time_limit_seconds or use --time-limit",
                    (limit, what), (limit, what_zh));
    else if (ret != 0)
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh, "the simplex method failed at %s (GLPK code %d)",
                    (what, ret), (what_zh, ret));
    else
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh,
                    "no optimal solution at %s (GLPK status %d); the model should always be "
                    "feasible, so this is an internal error",
                    (what, status), (what_zh, status));
    rf_error_set_text(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, en, zh);
}

rf_status rf_solve_levels(const rf_model *m, const rf_solve_settings *st, rf_solution *sol,
                          rf_error *err)
{
    /* A one-shot live solver: the same levels, fixings and guard. */
    rf_solver *sv = rf_solver_new();
    if (!sv) {
        memset(sol, 0, sizeof *sol);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    rf_status status = rf_solver_solve(sv, m, st, sol, NULL, err);
    rf_solver_free(sv);
    return status;
}

/* Whether every money row of m holds exactly for the fen values v. */
static bool money_rows_hold(const rf_model *m, const rf_fen *v)
{
    rf_fen *sum = calloc(m->n_rows + 1, sizeof *sum);
    if (!sum)
        return false;
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        if (m->rows[c->row].money && m->cols[c->col].kind <= RF_COL_GAP)
            sum[c->row] += (rf_fen)llround(c->value) * v[c->col];
    }
    bool ok = true;
    for (size_t i = 0; i < m->n_rows && ok; i++) {
        const rf_row *r = &m->rows[i];
        if (!r->money)
            continue;
        ok = r->sense == RF_EQ   ? sum[i] == r->rhs
             : r->sense == RF_LE ? sum[i] <= r->rhs
                                 : sum[i] >= r->rhs;
    }
    free(sum);
    return ok;
}

/* Reads the rounding LP's solution into out_fen; true when every value is
 * a whole fen and every money row holds exactly. */
static bool integral_and_balanced(glp_prob *lp, const rf_model *m, const int *col_map,
                                  rf_fen *out_fen)
{
    bool integral = true;
    for (size_t j = 0; j < m->n_cols; j++)
        if (col_map[j]) {
            double x = glp_get_col_prim(lp, col_map[j]);
            out_fen[j] = (rf_fen)llround(x);
            integral = integral && fabs(x - (double)out_fen[j]) < 1e-6;
        }
    return integral && money_rows_hold(m, out_fen);
}

/* Rounds every money column of x_wan to the nearest fen into out_fen; true
 * when that already balances every money row exactly.  The rounding LP
 * would find the same point: it is the LP's unique optimum when every value
 * lies nearer one whole fen than the other (and a tie, at half a fen, goes
 * to the LP).  A gap or an excess over the cap only rounds down here. */
static bool nearest_fen_balances(const rf_model *m, const double *x_wan, rf_fen *out_fen)
{
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        if (c->kind > RF_COL_GAP)
            continue;
        double v = x_wan[j] * RF_FEN_PER_WAN, f = floor(v), frac = v - f;
        bool elastic = c->kind == RF_COL_GAP || c->kind == RF_COL_CAP_EXCESS;
        if (frac == 0.5 || (elastic && frac > 0.5) || !(fabs(v) < 9e15))
            return false;
        rf_fen r = (rf_fen)(frac < 0.5 ? f : f + 1.0);
        if (r < 0)
            r = 0;
        if (c->has_upper && r > c->upper)
            return false;
        out_fen[j] = r;
    }
    return money_rows_hold(m, out_fen);
}

/* The box of column j in the rounding pass: [*lo, *hi] in fen, and the
 * objective coefficient that pulls it toward the nearer end.  Pass 0 takes
 * a value within a millionth of a fen of a whole fen as that fen (a fixed
 * column); pass 1 boxes every value in [floor, ceil]; pass 2 widens the box
 * by two fen; pass 3 also lets a gap or an excess over the cap round up. */
static double rounding_box(const rf_model *m, size_t j, double x_wan, int pass, double *lo,
                           double *hi)
{
    double v = x_wan * RF_FEN_PER_WAN;
    double f = floor(v), c = ceil(v);
    if (pass == 0 && fabs(v - nearbyint(v)) < 1e-6)
        f = c = nearbyint(v);
    double widen = pass >= 2 ? 2.0 : 0.0;
    bool elastic = m->cols[j].kind == RF_COL_GAP || m->cols[j].kind == RF_COL_CAP_EXCESS;
    *lo = fmax(0.0, f - widen);
    *hi = c + widen;
    if (elastic && pass < 3 && v < 0.5)
        *lo = *hi = 0.0;
    if (m->cols[j].has_upper)
        *hi = fmin(*hi, (double)m->cols[j].upper);
    if (*hi < *lo)
        *hi = *lo;
    /* Toward the nearer integer; a gap or an excess over the cap only
     * rounds up when nothing else can take the fen. */
    double frac = v - f;
    return elastic ? 1000.0 : c > f ? (frac < 0.5 ? 1.0 : -1.0) : 0.0;
}

/* Whether the rounded plan v keeps every level within a fen of its optimum
 * level_values (万元), and exactly at 0 a level whose optimum is 0. */
static bool levels_hold(const rf_model *m, const double *level_values, const rf_fen *v)
{
    for (size_t l = 0; l < m->n_objectives && level_values; l++) {
        double opt = level_values[l] * RF_FEN_PER_WAN, got = rf_model_level_value(m, l, v);
        if (opt < 0.5 ? got > 0.0 : got > opt + 1.0 + 1e-6)
            return false;
    }
    return true;
}

/* Holds every non-basic column and row of lp whose reduced cost is not 0
 * at the bound it is at (the optimal face of lp's objective; see
 * hold_optimal_face). */
static void hold_face(glp_prob *lp)
{
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    for (int k = 1; k <= nr + nc; k++) {
        bool row = k <= nr;
        int i = row ? k : k - nr;
        int stat = row ? glp_get_row_stat(lp, i) : glp_get_col_stat(lp, i);
        double d = row ? glp_get_row_dual(lp, i) : glp_get_col_dual(lp, i);
        double b;
        if (stat == GLP_NL && d > RF_REDUCED_COST_EPS)
            b = row ? glp_get_row_lb(lp, i) : glp_get_col_lb(lp, i);
        else if (stat == GLP_NU && d < -RF_REDUCED_COST_EPS)
            b = row ? glp_get_row_ub(lp, i) : glp_get_col_ub(lp, i);
        else
            continue;
        if (row)
            glp_set_row_bnds(lp, i, GLP_FX, b, b);
        else
            glp_set_col_bnds(lp, i, GLP_FX, b, b);
    }
}

/* Rounds x_wan to fen level by level (rf_solve_round, when rounding to the
 * nearer fen moved a level off its optimum).  The rounding LP of pass `pass`
 * (rounding_box: each money column within [floor, ceil] of its value, two
 * fen wider from pass 2) is solved for each objective level in the policy's
 * order, each over the optimal face of the last (held as in the solve),
 * then toward the nearer fen.  The LP keeps total unimodularity with what
 * the levels need: the money rows; each entitlement row with its over and
 * under columns (unit columns; its flows make a set nested in the
 * source's); and for each registered class, its self-funding held within a
 * fen of its value (a set nested in the class's cap row), which keeps the
 * highest self-funding per household within a fen.  Its vertices are whole
 * fen, and the LP's point proves each level's optimum reachable, so every
 * level ends at its optimum to the fen.  Returns true with out_fen filled
 * when the result is whole fen and balances every money row. */
static bool round_by_levels(const rf_model *m, const double *x_wan, int pass,
                            const rf_solve_settings *st, rf_fen *out_fen)
{
    size_t nr = m->n_rows, nc = m->n_cols;
    int *row_map = calloc(nr + 1, sizeof *row_map);
    int *col_map = calloc(nc + 1, sizeof *col_map);
    int *class_row = calloc(nr + 1, sizeof *class_row); /* cap row -> its class-sum row in lp */
    double *lo = calloc(nc + 1, sizeof *lo), *hi = calloc(nc + 1, sizeof *hi);
    double *fixed = calloc(nr + 1, sizeof *fixed);      /* money of the held columns, per row */
    double *class_fixed = calloc(nr + 1, sizeof *class_fixed);
    double *class_value = calloc(nr + 1, sizeof *class_value);
    int *cap_of = calloc(nc + 1, sizeof *cap_of); /* self-funding column -> its cap row + 1 */
    glp_prob *lp = NULL;
    bool ok = false;
    if (!row_map || !col_map || !class_row || !lo || !hi || !fixed || !class_fixed ||
        !class_value || !cap_of)
        goto out;
    /* Money columns: boxed (held when already whole); over and under: free. */
    int n_lp_cols = 0;
    for (size_t j = 0; j < nc; j++) {
        rf_col_kind k = m->cols[j].kind;
        if (k == RF_COL_DEV_OVER || k == RF_COL_DEV_UNDER) {
            col_map[j] = ++n_lp_cols;
        } else if (k <= RF_COL_GAP) {
            rounding_box(m, j, x_wan[j], pass == 0 ? 0 : pass, &lo[j], &hi[j]);
            if (m->cols[j].kind == RF_COL_GAP || m->cols[j].kind == RF_COL_CAP_EXCESS) {
                /* No special hold of the elastic columns here: the levels
                 * decide them. */
                double v = x_wan[j] * RF_FEN_PER_WAN, w = pass >= 2 ? 2.0 : 0.0;
                lo[j] = fmax(0.0, floor(v) - w);
                hi[j] = ceil(v) + w;
                if (pass == 0 && fabs(v - nearbyint(v)) < 1e-6)
                    lo[j] = hi[j] = fmax(0.0, nearbyint(v));
            }
            if (hi[j] > lo[j])
                col_map[j] = ++n_lp_cols;
            else
                out_fen[j] = (rf_fen)lo[j];
        }
    }
    /* Which cap row each self-funding column belongs to. */
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        if (m->rows[c->row].kind == RF_ROW_CAP && m->cols[c->col].kind == RF_COL_SELF)
            cap_of[c->col] = c->row + 1;
    }
    for (size_t j = 0; j < nc; j++)
        if (cap_of[j]) {
            class_value[cap_of[j] - 1] += x_wan[j] * RF_FEN_PER_WAN;
            if (!col_map[j])
                class_fixed[cap_of[j] - 1] += (double)out_fen[j];
        }
    /* Rows: money rows and entitlement rows with a column in the LP, and a
     * class-sum row per class with self-funding in the LP. */
    bool *has_free = calloc(nr + 1, sizeof *has_free);
    if (!has_free)
        goto out;
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        const rf_row *r = &m->rows[c->row];
        if (!r->money && r->kind != RF_ROW_ENTITLEMENT)
            continue;
        if (col_map[c->col])
            has_free[c->row] = true;
        else if (m->cols[c->col].kind <= RF_COL_GAP)
            fixed[c->row] += c->value * lo[c->col];
    }
    int n_lp_rows = 0;
    for (size_t i = 0; i < nr; i++)
        if (has_free[i])
            row_map[i] = ++n_lp_rows;
    for (size_t j = 0; j < nc; j++)
        if (cap_of[j] && col_map[j] && !class_row[cap_of[j] - 1])
            class_row[cap_of[j] - 1] = ++n_lp_rows;
    free(has_free);
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (n_lp_rows)
        glp_add_rows(lp, n_lp_rows);
    if (n_lp_cols)
        glp_add_cols(lp, n_lp_cols);
    for (size_t i = 0; i < nr; i++) {
        if (row_map[i]) {
            const rf_row *r = &m->rows[i];
            double rhs = (r->money ? (double)r->rhs : nearbyint(r->rhs_wan * RF_FEN_PER_WAN)) -
                         fixed[i];
            glp_set_row_bnds(lp, row_map[i], glpk_bound_type(r->sense), rhs, rhs);
        }
        if (class_row[i]) {
            double f = floor(class_value[i] + 1e-6), c = ceil(class_value[i] - 1e-6);
            double w = pass >= 2 ? 2.0 : 0.0;
            glp_set_row_bnds(lp, class_row[i], c > f || w > 0 ? GLP_DB : GLP_FX,
                             fmax(0.0, f - w) - class_fixed[i], c + w - class_fixed[i]);
        }
    }
    for (size_t j = 0; j < nc; j++) {
        if (!col_map[j])
            continue;
        rf_col_kind k = m->cols[j].kind;
        if (k == RF_COL_DEV_OVER || k == RF_COL_DEV_UNDER)
            glp_set_col_bnds(lp, col_map[j], GLP_LO, 0.0, 0.0);
        else
            glp_set_col_bnds(lp, col_map[j], GLP_DB, lo[j], hi[j]);
    }
    /* The matrix: the model's coefficients of the mapped rows and columns
     * (the money rows in fen, like the columns), and the class sums. */
    {
        size_t ne = 0;
        int *ia = malloc((m->n_coefs + nc + 1) * sizeof *ia);
        int *ja = malloc((m->n_coefs + nc + 1) * sizeof *ja);
        double *ar = malloc((m->n_coefs + nc + 1) * sizeof *ar);
        if (!ia || !ja || !ar) {
            free(ia);
            free(ja);
            free(ar);
            goto out;
        }
        for (size_t k = 0; k < m->n_coefs; k++) {
            const rf_coef *c = &m->coefs[k];
            if (!row_map[c->row] || !col_map[c->col])
                continue;
            ne++;
            ia[ne] = row_map[c->row];
            ja[ne] = col_map[c->col];
            ar[ne] = c->value;
        }
        for (size_t j = 0; j < nc; j++)
            if (cap_of[j] && col_map[j]) {
                ne++;
                ia[ne] = class_row[cap_of[j] - 1];
                ja[ne] = col_map[j];
                ar[ne] = 1.0;
            }
        glp_load_matrix(lp, (int)ne, ia, ja, ar);
        free(ia);
        free(ja);
        free(ar);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = st && st->log ? GLP_MSG_ON : GLP_MSG_OFF;
    if (st && st->time_limit_seconds > 0)
        parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
    glp_adv_basis(lp, 0);
    /* The levels in order (the highest self-funding per household is kept
     * within a fen by the class-sum rows), then toward the anchor, then the
     * nearer fen. */
    const rf_fen *anchor = st ? st->anchor : NULL;
    for (size_t l = 0; l <= m->n_objectives + 1 && n_lp_rows; l++) {
        for (int j = 1; j <= n_lp_cols; j++)
            glp_set_obj_coef(lp, j, 0.0);
        if (l < m->n_objectives) {
            const rf_objective *o = &m->objectives[l];
            if (o->level == RF_LEVEL_EVEN_SELF_FUNDING)
                continue;
            for (size_t k = 0; k < o->n; k++)
                if (col_map[o->cols[k]])
                    glp_set_obj_coef(lp, col_map[o->cols[k]], o->values[k]);
        } else if (l == m->n_objectives) {
            /* The distance to a whole anchor is linear in a box [floor, ceil]
             * (not in the wider boxes of pass 2). */
            if (!anchor || pass >= 2)
                continue;
            for (size_t j = 0; j < nc; j++)
                if (col_map[j] && m->cols[j].kind <= RF_COL_GAP && anchor[j] != RF_NO_ANCHOR)
                    glp_set_obj_coef(lp, col_map[j], x_wan[j] * RF_FEN_PER_WAN > (double)anchor[j]
                                                         ? 1.0
                                                         : -1.0);
        } else {
            for (size_t j = 0; j < nc; j++)
                if (col_map[j] && m->cols[j].kind <= RF_COL_GAP) {
                    double v = x_wan[j] * RF_FEN_PER_WAN;
                    glp_set_obj_coef(lp, col_map[j], v - floor(v) < 0.5 ? 1.0 : -1.0);
                }
        }
        if (glp_simplex(lp, &parm) != 0 || glp_get_status(lp) != GLP_OPT)
            goto out;
        if (l <= m->n_objectives)
            hold_face(lp);
    }
    ok = true;
    for (size_t j = 0; j < nc; j++)
        if (col_map[j] && m->cols[j].kind <= RF_COL_GAP) {
            double v = x_wan[j] * RF_FEN_PER_WAN;
            double x = n_lp_rows ? glp_get_col_prim(lp, col_map[j])
                                 : fmin(hi[j], fmax(lo[j], nearbyint(v)));
            out_fen[j] = (rf_fen)llround(x);
            ok = ok && fabs(x - (double)out_fen[j]) < 1e-6;
        }
    ok = ok && money_rows_hold(m, out_fen);
out:
    if (lp)
        glp_delete_prob(lp);
    free(row_map);
    free(col_map);
    free(class_row);
    free(lo);
    free(hi);
    free(fixed);
    free(class_fixed);
    free(class_value);
    free(cap_of);
    return ok;
}

/* After rounding with an anchor: moves every money column whose LP value
 * lies within a fen of its anchor onto the anchor, when that keeps every
 * money row, each level up to the even one no higher than out_fen has it,
 * and every level within a fen of its optimum (levels_hold, the rounding's
 * own contract).  The rounding decides the fen of a fractional value by the
 * levels after the even one first; where the base plan's fen is as good a
 * rounding, the plan keeps it. */
static void keep_anchor(const rf_model *m, const double *x_wan, const double *level_values,
                        const rf_fen *anchor, rf_fen *out_fen)
{
    rf_fen *c = malloc((m->n_cols + 1) * sizeof *c);
    if (!c)
        return;
    memcpy(c, out_fen, m->n_cols * sizeof *c);
    bool moved = false;
    for (size_t j = 0; j < m->n_cols; j++)
        if (m->cols[j].kind <= RF_COL_GAP && anchor[j] != RF_NO_ANCHOR && c[j] != anchor[j] &&
            fabs(x_wan[j] * RF_FEN_PER_WAN - (double)anchor[j]) < 1.0) {
            c[j] = anchor[j];
            moved = true;
        }
    bool ok = moved && money_rows_hold(m, c) && levels_hold(m, level_values, c);
    for (size_t l = 0; l < m->n_objectives && ok; l++) {
        ok = rf_model_level_value(m, l, c) <= rf_model_level_value(m, l, out_fen) + 1e-6;
        if (m->objectives[l].level == RF_LEVEL_EVEN_SELF_FUNDING)
            break;
    }
    if (ok)
        memcpy(out_fen, c, m->n_cols * sizeof *c);
    free(c);
}

static rf_status round_to_fen(const rf_model *m, const double *x_wan, const double *level_values,
                              const rf_solve_settings *st, rf_fen *out_fen, rf_error *err);

rf_status rf_solve_round(const rf_model *m, const double *x_wan, const double *level_values,
                         const rf_solve_settings *st, rf_fen *out_fen, rf_error *err)
{
    rf_status status = round_to_fen(m, x_wan, level_values, st, out_fen, err);
    if (status == RF_OK && st && st->anchor)
        keep_anchor(m, x_wan, level_values, st->anchor, out_fen);
    return status;
}

/* rf_solve_round without keep_anchor. */
static rf_status round_to_fen(const rf_model *m, const double *x_wan, const double *level_values,
                              const rf_solve_settings *st, rf_fen *out_fen, rf_error *err)
{
    memset(out_fen, 0, m->n_cols * sizeof *out_fen);
    if (nearest_fen_balances(m, x_wan, out_fen) && levels_hold(m, level_values, out_fen))
        return RF_OK;
    /* Along cycles of the network the rows make (rf_round.h): about linear
     * in the county; the rounding LP below only when that cannot finish. */
    const rf_fen *anchor = st ? st->anchor : NULL;
    if (rf_round_cycles(m, x_wan, anchor, out_fen) && money_rows_hold(m, out_fen) &&
        levels_hold(m, level_values, out_fen))
        return RF_OK;
    memset(out_fen, 0, m->n_cols * sizeof *out_fen);
    int *row_map = calloc(m->n_rows + 1, sizeof *row_map);
    int *col_map = calloc(m->n_cols + 1, sizeof *col_map);
    double *lo = calloc(m->n_cols + 1, sizeof *lo);
    double *hi = calloc(m->n_cols + 1, sizeof *hi);
    double *coef = calloc(m->n_cols + 1, sizeof *coef);
    double *fixed = calloc(m->n_rows + 1, sizeof *fixed);
    if (!row_map || !col_map || !lo || !hi || !coef || !fixed) {
        free(row_map);
        free(col_map);
        free(lo);
        free(hi);
        free(coef);
        free(fixed);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    /* Every pass writes every money column of out_fen (the others stay 0). */
    volatile rf_status status = RF_OK;
    glp_prob *volatile lp = NULL;
    jmp_buf guard;
    if (setjmp(guard)) {
        lp = NULL;
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "GLPK stopped with an internal error while rounding to fen");
        goto out;
    }
    install_hooks(st, &guard);
    /* Each column within [floor, ceil] of its value in fen, and the result
     * checked: integral, and every money row exact in integer arithmetic.  A gap or an
     * excess over the cap that the LP left below half a fen (the slack of a
     * fixed level) is held at 0: rounding must not invent one.  The first
     * pass leaves out the columns already whole (to a millionth of a fen)
     * and the rows they alone make up: the LP's point is mostly whole fen,
     * so that LP is small.  If GLPK's tolerances left the box empty, two
     * fen more are allowed, and last the gap and excess may round up too
     * (the LP point then proves, by total unimodularity, that an integral
     * one exists). */
    for (int pass = 0; pass < 4; pass++) {
        int nr = 0, nc = 0;
        for (size_t i = 0; i < m->n_rows; i++) {
            row_map[i] = 0;
            fixed[i] = 0.0;
        }
        for (size_t j = 0; j < m->n_cols; j++) {
            col_map[j] = 0;
            if (m->cols[j].kind > RF_COL_GAP)
                continue;
            coef[j] = rounding_box(m, j, x_wan[j], pass, &lo[j], &hi[j]);
            /* Toward the anchor instead of the nearer fen (a gap or an
             * excess keeps its pull down). */
            if (anchor && anchor[j] != RF_NO_ANCHOR && pass < 2 && hi[j] > lo[j] &&
                m->cols[j].kind != RF_COL_GAP && m->cols[j].kind != RF_COL_CAP_EXCESS)
                coef[j] = x_wan[j] * RF_FEN_PER_WAN > (double)anchor[j] ? 1.0 : -1.0;
            if (pass > 0 || hi[j] > lo[j])
                col_map[j] = ++nc;
            else
                out_fen[j] = (rf_fen)lo[j];
        }
        for (size_t k = 0; k < m->n_coefs; k++) {
            const rf_coef *c = &m->coefs[k];
            if (!m->rows[c->row].money || m->cols[c->col].kind > RF_COL_GAP)
                continue;
            if (col_map[c->col])
                row_map[c->row] = 1;
            else
                fixed[c->row] += c->value * lo[c->col];
        }
        for (size_t i = 0; i < m->n_rows; i++)
            if (m->rows[i].money && (pass > 0 || row_map[i]))
                row_map[i] = ++nr;
            else
                row_map[i] = 0;
        lp = glp_create_prob();
        glp_set_obj_dir(lp, GLP_MIN);
        if (nr)
            glp_add_rows(lp, nr);
        if (nc)
            glp_add_cols(lp, nc);
        for (size_t i = 0; i < m->n_rows; i++) {
            if (!row_map[i])
                continue;
            double rhs = (double)m->rows[i].rhs - fixed[i];
            glp_set_row_bnds(lp, row_map[i], glpk_bound_type(m->rows[i].sense), rhs, rhs);
        }
        for (size_t j = 0; j < m->n_cols; j++) {
            if (!col_map[j])
                continue;
            glp_set_col_bnds(lp, col_map[j], hi[j] > lo[j] ? GLP_DB : GLP_FX, lo[j], hi[j]);
            glp_set_obj_coef(lp, col_map[j], coef[j]);
        }
        load_matrix(lp, m, row_map, col_map);
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = st && st->log ? GLP_MSG_ON : GLP_MSG_OFF;
        parm.presolve = pass <= 1 ? GLP_ON : GLP_OFF;
        if (st && st->time_limit_seconds > 0)
            parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
        int ret = nr ? glp_simplex(lp, &parm) : 0;
        bool optimal = ret == 0 && (nr == 0 || glp_get_status(lp) == GLP_OPT);
        if (optimal && integral_and_balanced(lp, m, col_map, out_fen))
            break;
        if (optimal && parm.presolve == GLP_ON) {
            /* The presolver's answer need not be a vertex; its basis, restored
             * on the problem, gives one after a few pivots (warm start). */
            parm.presolve = GLP_OFF;
            ret = glp_simplex(lp, &parm);
            if (ret == 0 && glp_get_status(lp) == GLP_OPT &&
                integral_and_balanced(lp, m, col_map, out_fen))
                break;
        }
        glp_delete_prob(lp);
        lp = NULL;
        if (pass == 3)
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                                  ret ? "could not round the plan to whole fen (GLPK code %d)"
                                      : "could not round the plan to whole fen: no integral "
                                        "solution balanced every row (GLPK code %d)",
                                  ret);
    }
    if (lp) {
        glp_delete_prob(lp);
        lp = NULL;
    }
    /* Toward the nearer fen, a level may have moved off its optimum (a fen
     * of an excess over the cap that became a fen of unfunded gap, a site
     * further from its entitlement): then level by level. */
    if (!levels_hold(m, level_values, out_fen)) {
        rf_fen *nearer = malloc((m->n_cols + 1) * sizeof *nearer);
        if (!nearer) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
        memcpy(nearer, out_fen, m->n_cols * sizeof *out_fen);
        bool by_levels = false;
        for (int pass = 0; pass < 3 && !by_levels; pass++)
            by_levels = round_by_levels(m, x_wan, pass, st, out_fen);
        if (by_levels)
            status = RF_OK;
        else
            memcpy(out_fen, nearer, m->n_cols * sizeof *out_fen);
        free(nearer);
    }
out:
    if (lp)
        glp_delete_prob(lp);
    remove_hooks();
    free(row_map);
    free(col_map);
    free(lo);
    free(hi);
    free(coef);
    free(fixed);
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
    /* One model is a monolith of one block. */
    return rf_solve_write_many(&m, 1, level, &fixed_values, level_tolerance, format, path, err);
}

/* ---- A live LP for what-if re-solves and ranging ---- */

struct rf_solver {
    glp_prob *lp;
    unsigned generation; /* env_generation when lp was created */
    bool solved;         /* the levels were solved */
    bool bases_saved;    /* ... and each level's optimal basis saved (for ranging) */
    int objective;       /* the level whose objective the LP has, or -1 */
    /* The shape the LP was loaded with (copied from the model). */
    size_t n_rows, n_cols, n_coefs, n_objectives;
    rf_sense *senses;
    bool *has_upper;
    rf_coef *coefs;
    size_t *obj_start; /* [n_objectives + 1] into obj_cols/obj_values */
    int *obj_cols;
    double *obj_values;
    double *obj_constant;
    /* The bounds of the last model solved: row right-hand sides and column
     * upper bounds (万元). */
    double *rhs;
    double *upper;
    /* The optimal face of the levels solved so far, as variables held at a
     * bound: fix_var[k] is GLPK's ordinal (row i is i, column j is n_rows +
     * j), fix_value[k] the bound; level l made fixings [fix_end[l - 1],
     * fix_end[l]).  Each variable is held at most once, so n_rows + n_cols
     * entries suffice. */
    int *fix_var;
    double *fix_value;
    size_t n_fixed;
    size_t *fix_end;
    double *level_value;
    /* Per level, the basis it ended with (statuses of rows 1..n_rows and
     * columns 1..n_cols), saved for ranging. */
    int *row_stat; /* [n_objectives][n_rows + 1] */
    int *col_stat; /* [n_objectives][n_cols + 1] */
    /* The matrix by columns: the rows and values of column j are
     * csc_row/csc_val[csc_start[j]..csc_start[j + 1]) (0-based). */
    size_t *csc_start;
    int *csc_row;
    double *csc_val;
    /* The current basis (read_basis): the status of each variable by GLPK
     * ordinal, as for fix_var ([n_rows + n_cols + 1]), and the variable basic
     * in each position of the basis matrix (head[1..n_rows]); with scratch
     * for reduced costs (reduced_costs): pi [n_rows + 1], the objective by
     * column cost [n_cols + 1] and the reduced costs d by ordinal. */
    bool basis_known;
    int *stat;
    int *head;
    double *pi;
    double *cost;
    double *d;
};

static void solver_clear(rf_solver *sv)
{
    free(sv->senses);
    free(sv->has_upper);
    free(sv->coefs);
    free(sv->obj_start);
    free(sv->obj_cols);
    free(sv->obj_values);
    free(sv->obj_constant);
    free(sv->rhs);
    free(sv->upper);
    free(sv->fix_var);
    free(sv->fix_value);
    free(sv->fix_end);
    free(sv->level_value);
    free(sv->row_stat);
    free(sv->col_stat);
    free(sv->csc_start);
    free(sv->csc_row);
    free(sv->csc_val);
    free(sv->stat);
    free(sv->head);
    free(sv->pi);
    free(sv->cost);
    free(sv->d);
    memset(sv, 0, sizeof *sv);
    sv->objective = -1;
}

rf_solver *rf_solver_new(void)
{
    rf_solver *sv = calloc(1, sizeof(rf_solver));
    if (sv)
        sv->objective = -1;
    return sv;
}

void rf_solver_free(rf_solver *sv)
{
    if (!sv)
        return;
    if (sv->lp && sv->generation == env_generation) {
        /* Deleting needs no guard: it cannot fail on a valid problem. */
        glp_delete_prob(sv->lp);
        sv->lp = NULL;
    }
    solver_clear(sv);
    free(sv);
}

static bool same_shape(const rf_solver *sv, const rf_model *m)
{
    if (sv->n_rows != m->n_rows || sv->n_cols != m->n_cols || sv->n_coefs != m->n_coefs ||
        sv->n_objectives != m->n_objectives)
        return false;
    for (size_t i = 0; i < m->n_rows; i++)
        if (sv->senses[i] != m->rows[i].sense)
            return false;
    for (size_t j = 0; j < m->n_cols; j++)
        if (sv->has_upper[j] != m->cols[j].has_upper)
            return false;
    for (size_t k = 0; k < m->n_coefs; k++)
        if (sv->coefs[k].row != m->coefs[k].row || sv->coefs[k].col != m->coefs[k].col ||
            sv->coefs[k].value != m->coefs[k].value)
            return false;
    for (size_t l = 0; l < m->n_objectives; l++) {
        const rf_objective *o = &m->objectives[l];
        if (sv->obj_start[l + 1] - sv->obj_start[l] != o->n)
            return false;
        for (size_t k = 0; k < o->n; k++)
            if (sv->obj_cols[sv->obj_start[l] + k] != o->cols[k] ||
                sv->obj_values[sv->obj_start[l] + k] != o->values[k])
                return false;
    }
    return true;
}

/* Copies m's shape into sv (whose arrays are empty).  False: out of memory. */
static bool copy_shape(rf_solver *sv, const rf_model *m)
{
    size_t nl = m->n_objectives, total = 0;
    for (size_t l = 0; l < nl; l++)
        total += m->objectives[l].n;
    sv->n_rows = m->n_rows;
    sv->n_cols = m->n_cols;
    sv->n_coefs = m->n_coefs;
    sv->n_objectives = nl;
    sv->senses = malloc((m->n_rows + 1) * sizeof *sv->senses);
    sv->has_upper = malloc((m->n_cols + 1) * sizeof *sv->has_upper);
    sv->coefs = malloc((m->n_coefs + 1) * sizeof *sv->coefs);
    sv->obj_start = calloc(nl + 1, sizeof *sv->obj_start);
    sv->obj_cols = malloc((total + 1) * sizeof *sv->obj_cols);
    sv->obj_values = malloc((total + 1) * sizeof *sv->obj_values);
    sv->obj_constant = calloc(nl + 1, sizeof *sv->obj_constant);
    sv->rhs = calloc(m->n_rows + 1, sizeof *sv->rhs);
    sv->upper = calloc(m->n_cols + 1, sizeof *sv->upper);
    sv->fix_var = calloc(m->n_rows + m->n_cols + 1, sizeof *sv->fix_var);
    sv->fix_value = calloc(m->n_rows + m->n_cols + 1, sizeof *sv->fix_value);
    sv->fix_end = calloc(nl + 1, sizeof *sv->fix_end);
    sv->level_value = calloc(nl + 1, sizeof *sv->level_value);
    sv->row_stat = calloc((nl + 1) * (m->n_rows + 1), sizeof *sv->row_stat);
    sv->col_stat = calloc((nl + 1) * (m->n_cols + 1), sizeof *sv->col_stat);
    sv->csc_start = calloc(m->n_cols + 2, sizeof *sv->csc_start);
    sv->csc_row = malloc((m->n_coefs + 1) * sizeof *sv->csc_row);
    sv->csc_val = malloc((m->n_coefs + 1) * sizeof *sv->csc_val);
    sv->stat = calloc(m->n_rows + m->n_cols + 1, sizeof *sv->stat);
    sv->head = calloc(m->n_rows + 1, sizeof *sv->head);
    sv->pi = calloc(m->n_rows + 1, sizeof *sv->pi);
    sv->cost = calloc(m->n_cols + 1, sizeof *sv->cost);
    sv->d = calloc(m->n_rows + m->n_cols + 1, sizeof *sv->d);
    if (!sv->senses || !sv->has_upper || !sv->coefs || !sv->obj_start || !sv->obj_cols ||
        !sv->obj_values || !sv->obj_constant || !sv->rhs || !sv->upper || !sv->fix_var ||
        !sv->fix_value || !sv->fix_end || !sv->level_value || !sv->row_stat || !sv->col_stat ||
        !sv->csc_start || !sv->csc_row || !sv->csc_val || !sv->stat || !sv->head || !sv->pi ||
        !sv->cost || !sv->d)
        return false;
    for (size_t k = 0; k < m->n_coefs; k++)
        sv->csc_start[m->coefs[k].col + 1]++;
    for (size_t j = 0; j < m->n_cols; j++)
        sv->csc_start[j + 1] += sv->csc_start[j];
    for (size_t k = 0; k < m->n_coefs; k++) {
        size_t at = sv->csc_start[m->coefs[k].col]++;
        sv->csc_row[at] = m->coefs[k].row;
        sv->csc_val[at] = m->coefs[k].value;
    }
    for (size_t j = m->n_cols; j > 0; j--)
        sv->csc_start[j] = sv->csc_start[j - 1];
    sv->csc_start[0] = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        sv->senses[i] = m->rows[i].sense;
    for (size_t j = 0; j < m->n_cols; j++)
        sv->has_upper[j] = m->cols[j].has_upper;
    if (m->n_coefs)
        memcpy(sv->coefs, m->coefs, m->n_coefs * sizeof *m->coefs);
    size_t at = 0;
    for (size_t l = 0; l < nl; l++) {
        const rf_objective *o = &m->objectives[l];
        sv->obj_start[l] = at;
        for (size_t k = 0; k < o->n; k++, at++) {
            sv->obj_cols[at] = o->cols[k];
            sv->obj_values[at] = o->values[k];
        }
    }
    sv->obj_start[nl] = at;
    return true;
}

/* Keeps m's bounds in sv (same shape as loaded). */
static void copy_bounds(rf_solver *sv, const rf_model *m)
{
    for (size_t i = 0; i < m->n_rows; i++)
        sv->rhs[i] = m->rows[i].rhs_wan;
    for (size_t j = 0; j < m->n_cols; j++)
        sv->upper[j] = m->cols[j].has_upper ? (double)m->cols[j].upper / RF_FEN_PER_WAN : 0.0;
}

/* Gives every row and column of the LP the model's bounds again (kept by
 * copy_bounds), releasing every fixing. */
static void reset_bounds(rf_solver *sv)
{
    for (size_t i = 0; i < sv->n_rows; i++)
        glp_set_row_bnds(sv->lp, (int)i + 1, glpk_bound_type(sv->senses[i]), sv->rhs[i],
                         sv->rhs[i]);
    for (size_t j = 0; j < sv->n_cols; j++) {
        if (sv->has_upper[j])
            glp_set_col_bnds(sv->lp, (int)j + 1, GLP_DB, 0.0, sv->upper[j]);
        else
            glp_set_col_bnds(sv->lp, (int)j + 1, GLP_LO, 0.0, 0.0);
    }
}

/* Holds variable k (GLPK ordinal: row k, or column k - n_rows) at value. */
static void hold(rf_solver *sv, int k, double value)
{
    if (k <= (int)sv->n_rows)
        glp_set_row_bnds(sv->lp, k, GLP_FX, value, value);
    else
        glp_set_col_bnds(sv->lp, k - (int)sv->n_rows, GLP_FX, value, value);
}

static void record_hold(rf_solver *sv, int k, double value)
{
    hold(sv, k, value);
    if (sv->stat[k] != GLP_BS)
        sv->stat[k] = GLP_NS;
    sv->fix_var[sv->n_fixed] = k;
    sv->fix_value[sv->n_fixed] = value;
    sv->n_fixed++;
}

/* Reads lp's basis into sv (sv->stat, sv->head), factorizing it first
 * when GLPK holds no factorization of it.  False when it cannot be
 * factorized (sv->basis_known false). */
static bool read_basis(rf_solver *sv)
{
    glp_prob *lp = sv->lp;
    int nr = (int)sv->n_rows, nc = (int)sv->n_cols;
    sv->basis_known = false;
    if (!glp_bf_exists(lp) && glp_factorize(lp) != 0)
        return false;
    for (int i = 1; i <= nr; i++)
        sv->stat[i] = glp_get_row_stat(lp, i);
    for (int j = 1; j <= nc; j++)
        sv->stat[nr + j] = glp_get_col_stat(lp, j);
    for (int k = 1; k <= nr; k++)
        sv->head[k] = glp_get_bhead(lp, k);
    sv->basis_known = true;
    return true;
}

/* The reduced costs of level l's objective at sv's basis (read_basis),
 * into sv->d by GLPK ordinal (0 for a basic variable): d = c_N - N' pi
 * with B' pi = c_B, where B and N are columns of (I | -A) as in GLPK, so
 * that a row's reduced cost is its dual value (glp_get_row_dual).  One
 * backward transformation with GLPK's factorization and one pass over the
 * matrix: what glp_warm_up computes of the duals, without its primal
 * values (which holding a non-basic variable at its value leaves as they
 * are) or GLPK's per-variable calls to read them. */
static void reduced_costs(rf_solver *sv, size_t l)
{
    int nr = (int)sv->n_rows, nc = (int)sv->n_cols;
    for (size_t k = sv->obj_start[l]; k < sv->obj_start[l + 1]; k++)
        sv->cost[sv->obj_cols[k] + 1] = sv->obj_values[k];
    for (int k = 1; k <= nr; k++)
        sv->pi[k] = sv->head[k] > nr ? sv->cost[sv->head[k] - nr] : 0.0;
    glp_btran(sv->lp, sv->pi);
    for (int i = 1; i <= nr; i++)
        sv->d[i] = sv->stat[i] == GLP_BS ? 0.0 : -sv->pi[i];
    for (int j = 1; j <= nc; j++) {
        double d = 0.0;
        if (sv->stat[nr + j] != GLP_BS) {
            d = sv->cost[j];
            for (size_t k = sv->csc_start[j - 1]; k < sv->csc_start[j]; k++)
                d += sv->csc_val[k] * sv->pi[sv->csc_row[k] + 1];
        }
        sv->d[nr + j] = d;
    }
    for (size_t k = sv->obj_start[l]; k < sv->obj_start[l + 1]; k++)
        sv->cost[sv->obj_cols[k] + 1] = 0.0;
}

/* Whether every non-basic variable of sv's basis has a reduced cost (sv->d)
 * of the sign its bound allows (to RF_REDUCED_COST_EPS): the basis is then
 * optimal for the objective wherever it is primal feasible. */
static bool dual_feasible(const rf_solver *sv)
{
    for (size_t k = 1; k <= sv->n_rows + sv->n_cols; k++) {
        int stat = sv->stat[k];
        double d = sv->d[k];
        if ((stat == GLP_NL && d < -RF_REDUCED_COST_EPS) ||
            (stat == GLP_NU && d > RF_REDUCED_COST_EPS) ||
            (stat == GLP_NF && fabs(d) > RF_REDUCED_COST_EPS))
            return false;
    }
    return true;
}

/* After a level ended optimal at sv's basis, with its reduced costs in
 * sv->d: holds every non-basic row and column whose reduced cost is not 0
 * at the bound it is at.  By complementary slackness with the optimal
 * duals, the points that keep those bounds are exactly the optimal points
 * of the level, so the later levels are solved over the level's optimal
 * face, exactly, without a row of the objective fixed at its optimum plus
 * a tolerance (which, at the scale of GLPK's relative tolerances, left
 * later levels without a feasible point or cycling).  The current basis
 * and point stay as they are. */
static void hold_optimal_face(rf_solver *sv)
{
    int nr = (int)sv->n_rows;
    for (int k = 1; k <= nr + (int)sv->n_cols; k++) {
        int stat = sv->stat[k];
        double d = sv->d[k];
        bool row = k <= nr;
        size_t i = (size_t)(row ? k : k - nr) - 1;
        if (stat == GLP_NL && d > RF_REDUCED_COST_EPS)
            record_hold(sv, k, row ? sv->rhs[i] : 0.0);
        else if (stat == GLP_NU && d < -RF_REDUCED_COST_EPS)
            record_hold(sv, k, row ? sv->rhs[i] : sv->upper[i]);
    }
}

/* When level l is already at its floor (level_floor) at the current point,
 * holds what every optimal point of the level must keep, without a simplex
 * call, and returns true; returns false where that face has no such simple
 * form (the level must then be solved).  At floor 0, an objective that is a
 * sum of columns >= 0 holds each of them at 0, and the employment-base
 * level (needs less what the bases got) holds each base's row at its need;
 * the loans, at the floor of the loans drawn in full, hold every other
 * loan at 0. */
static bool hold_floor_face(rf_solver *sv, const rf_model *m, size_t l, double floor)
{
    const rf_objective *o = &m->objectives[l];
    int nr = (int)m->n_rows;
    if (o->level == RF_LEVEL_EMPLOYMENT_BASE) {
        for (size_t i = 0; i < m->n_rows; i++)
            if (m->rows[i].kind == RF_ROW_EMPLOYMENT)
                record_hold(sv, (int)i + 1, m->rows[i].rhs_wan);
        return true;
    }
    if (o->level == RF_LEVEL_LOANS && floor > 0) {
        const rf_policy *p = m->scenario->policy;
        bool *full = calloc(p->n_sources + 1, sizeof *full);
        if (!full)
            return false;
        for (size_t i = 0; i < m->n_rows; i++)
            if (m->rows[i].kind == RF_ROW_SOURCE && m->rows[i].sense == RF_EQ)
                full[m->rows[i].source] = true;
        for (size_t k = 0; k < o->n; k++)
            if (!full[m->cols[o->cols[k]].source])
                record_hold(sv, nr + o->cols[k] + 1, 0.0);
        free(full);
        return true;
    }
    if (floor > 0 || o->constant != 0.0)
        return false;
    for (size_t k = 0; k < o->n; k++)
        if (!(o->values[k] > 0))
            return false;
    for (size_t k = 0; k < o->n; k++)
        record_hold(sv, nr + o->cols[k] + 1, 0.0);
    return true;
}

/* Fixes at 0 the columns of every source that has nothing to give (its
 * row's bound is 0, so every feasible point has them at 0).  Left free,
 * each would price as if its source could give more wherever money is
 * worth something, and the first such level would pivot them out in a
 * degenerate simplex call.  Not for ranging, which moves those bounds. */
static void fix_empty_sources(glp_prob *lp, const rf_model *m)
{
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_row *r = &m->rows[m->coefs[k].row];
        if (r->kind == RF_ROW_SOURCE && r->rhs == 0 && r->sense != RF_GE)
            glp_set_col_bnds(lp, m->coefs[k].col + 1, GLP_FX, 0.0, 0.0);
    }
}

/* Gives lp (m loaded) rf_crash's greedy starting basis for m's data (see
 * rf_crash.h).  False when out of memory (lp unchanged). */
static bool crash_basis(glp_prob *lp, const rf_model *m)
{
    bool *row_basic = malloc((m->n_rows + 1) * sizeof *row_basic);
    bool *col_basic = malloc((m->n_cols + 1) * sizeof *col_basic);
    bool ok = row_basic && col_basic && rf_crash_basis(m, row_basic, col_basic);
    if (ok && inject_singular)
        spoil_basis(m, row_basic, col_basic);
    if (ok) {
        for (size_t i = 0; i < m->n_rows; i++) {
            rf_sense s = m->rows[i].sense;
            int tight = s == RF_EQ ? GLP_NS : s == RF_LE ? GLP_NU : GLP_NL;
            glp_set_row_stat(lp, (int)i + 1, row_basic[i] ? GLP_BS : tight);
        }
        for (size_t j = 0; j < m->n_cols; j++)
            glp_set_col_stat(lp, (int)j + 1, col_basic[j] ? GLP_BS : GLP_NL);
    }
    free(row_basic);
    free(col_basic);
    return ok;
}

/* Makes level l's objective the LP's objective. */
static void set_objective(glp_prob *lp, rf_solver *sv, size_t l)
{
    if (sv->objective < 0) {
        for (size_t j = 1; j <= sv->n_cols; j++)
            glp_set_obj_coef(lp, (int)j, 0.0);
    } else {
        size_t was = (size_t)sv->objective;
        for (size_t k = sv->obj_start[was]; k < sv->obj_start[was + 1]; k++)
            glp_set_obj_coef(lp, sv->obj_cols[k] + 1, 0.0);
    }
    sv->objective = (int)l;
    glp_set_obj_coef(lp, 0, sv->obj_constant[l]);
    for (size_t k = sv->obj_start[l]; k < sv->obj_start[l + 1]; k++)
        glp_set_obj_coef(lp, sv->obj_cols[k] + 1, sv->obj_values[k]);
}

static void save_basis(rf_solver *sv, size_t l)
{
    glp_prob *lp = sv->lp;
    int *rs = sv->row_stat + l * (sv->n_rows + 1);
    int *cs = sv->col_stat + l * (sv->n_cols + 1);
    for (size_t i = 1; i <= sv->n_rows; i++)
        rs[i] = glp_get_row_stat(lp, (int)i);
    for (size_t j = 1; j <= sv->n_cols; j++)
        cs[j] = glp_get_col_stat(lp, (int)j);
}

/* The value of objective o at the point x (万元). */
static double objective_at(const rf_objective *o, const double *x)
{
    double z = o->constant;
    for (size_t k = 0; k < o->n; k++)
        z += o->values[k] * x[o->cols[k]];
    return z;
}

/* A value level l cannot go below on m's feasible set (万元), with the
 * levels before it at their optima (no_gap: the unfunded gap is one of
 * them, at 0).  Every level is >= 0: a sum of columns >= 0, or the
 * employment bases' needs less what they got, which is at most their need.
 * Two are bounded higher, which the optimum usually attains: loans, by what
 * the loans drawn in full must lend; synchronous self-funding, when there
 * is no gap, by what each site's synchronous dwellings cost beyond what
 * per-person-limited sources may give there (when nothing else but the
 * households may pay them). */
static double level_floor(const rf_model *m, rf_level level, bool no_gap)
{
    double floor = 0.0;
    if (level == RF_LEVEL_LOANS) {
        for (size_t i = 0; i < m->n_rows; i++) {
            const rf_row *r = &m->rows[i];
            if (r->kind == RF_ROW_SOURCE && r->sense == RF_EQ &&
                m->scenario->policy->sources[r->source].is_loan)
                floor += r->rhs_wan;
        }
    } else if (level == RF_LEVEL_SYNCHRONOUS_SELF_FUNDING && no_gap) {
        /* Per site: self-fundable synchronous dwelling costs, and the most
         * their other payers may give (-1: no bound known). */
        size_t n = m->scenario->n_sites;
        double *cost = calloc(n + 1, sizeof *cost);
        double *limit = calloc(n + 1, sizeof *limit);
        bool *self = calloc(m->n_rows + 1, sizeof *self);
        bool *limited = calloc(m->scenario->policy->n_sources + 1, sizeof *limited);
        if (cost && limit && self && limited) {
            for (size_t k = 0; k < m->n_coefs; k++)
                if (m->cols[m->coefs[k].col].kind == RF_COL_SELF_SYNC)
                    self[m->coefs[k].row] = true;
            for (size_t f = 0; f < m->scenario->policy->n_sources; f++)
                limited[f] = m->scenario->policy->sources[f].site_limit_per_person;
            for (size_t i = 0; i < m->n_rows; i++) {
                const rf_row *r = &m->rows[i];
                if (r->kind == RF_ROW_COST && self[i])
                    cost[r->site] += r->rhs_wan;
                else if (r->kind == RF_ROW_SITE_LIMIT && limit[r->site] >= 0)
                    limit[r->site] += r->rhs_wan;
            }
            for (size_t k = 0; k < m->n_coefs; k++) {
                const rf_col *c = &m->cols[m->coefs[k].col];
                if (!self[m->coefs[k].row])
                    continue;
                if (c->kind == RF_COL_AGRI || (c->kind == RF_COL_FLOW && !limited[c->source]))
                    limit[c->site] = -1.0;
            }
            for (size_t s = 0; s < n; s++)
                if (limit[s] >= 0)
                    floor += fmax(0.0, cost[s] - limit[s]);
        }
        free(cost);
        free(limit);
        free(self);
        free(limited);
    }
    return floor;
}

/* Whether lp's basic solution (after glp_warm_up) keeps every row and
 * column within its bounds to a thousandth of a fen (10^-9 万元): stricter
 * than GLPK's own check after a warm-up, which lets a point through that
 * the simplex method would then find infeasible. */
static bool strictly_feasible(glp_prob *lp)
{
    const double eps = 1e-9;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    for (int k = 1; k <= nr + nc; k++) {
        bool row = k <= nr;
        int i = row ? k : k - nr;
        /* A non-basic variable is at its bound (0 when free) exactly. */
        if ((row ? glp_get_row_stat(lp, i) : glp_get_col_stat(lp, i)) != GLP_BS)
            continue;
        int type = row ? glp_get_row_type(lp, i) : glp_get_col_type(lp, i);
        double x = row ? glp_get_row_prim(lp, i) : glp_get_col_prim(lp, i);
        double lb = row ? glp_get_row_lb(lp, i) : glp_get_col_lb(lp, i);
        double ub = row ? glp_get_row_ub(lp, i) : glp_get_col_ub(lp, i);
        if ((type == GLP_LO || type == GLP_DB || type == GLP_FX) && x < lb - eps)
            return false;
        if ((type == GLP_UP || type == GLP_DB || type == GLP_FX) && x > ub + eps)
            return false;
    }
    return true;
}


/* Solves lp's current objective from its current basis (crashed: the
 * greedy one).  The model always has a feasible point (the elastic gap and
 * cap-excess columns) and every level keeps the last optimum feasible, so
 * a simplex call that ends without an optimum has met GLPK's floating-point
 * limits (a basic solution within its relative tolerances that its phase 1
 * then cannot repair, seen at break-even points); the level is then solved
 * again from GLPK's own starting basis, and last in exact rational
 * arithmetic (glp_exact) from the basis left.  *retries counts those second
 * and third calls.  Returns GLPK's code of the last call. */
static int solve_level(glp_prob *lp, const rf_solve_settings *st, bool crashed, int *retries)
{
    int ret = simplex(lp, st, false);
    if (crashed && (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND)) {
        /* The greedy basis should always factorize; if it does not,
         * GLPK's own basis still solves the model. */
        glp_adv_basis(lp, 0);
        ret = simplex(lp, st, false);
    }
    if (ret == GLP_ETMLIM || (ret == 0 && glp_get_status(lp) == GLP_OPT))
        return ret;
    (*retries)++;
    glp_adv_basis(lp, 0);
    ret = simplex(lp, st, false);
    if (ret == GLP_ETMLIM || (ret == 0 && glp_get_status(lp) == GLP_OPT))
        return ret;
    (*retries)++;
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = st && st->log ? GLP_MSG_ON : GLP_MSG_OFF;
    if (st && st->time_limit_seconds > 0)
        parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
    return glp_exact(lp, &parm);
}

/* The most simplex iterations the anchored level takes.  The primal
 * simplex method keeps its point feasible (every level at its optimum) and
 * brings it nearer the anchor at each step, so a level stopped here keeps
 * the part of the base's choices it reached.  Measured: the bundled county
 * takes tens, a generated county of 25 sites (the national average) a few
 * hundred, of 200 sites 1,400 to 2,300 (1.3 to 4 s), of 400 sites 3,300 (9 s). */
#define ANCHOR_ITERATIONS 5000

/* The last level of a solve with an anchor (rf_solve_settings.anchor),
 * after every level's optimal face is held: minimises (within
 * ANCHOR_ITERATIONS) the distance
 * sum_j |x_j - a_j| over the anchored money columns the face leaves free.
 * Each such column is split at its anchor a_j for the call: x_j keeps its
 * place, bounded by a_j, at cost -1, and a copy v_j of its column (same
 * coefficients) takes what lies above a_j at cost +1, so the distance is
 * sum_j (a_j - x_j) + v_j with no row added: the basis keeps the model's
 * size.  The start is the last level's point, with v_j taking the part of
 * x_j above a_j (in x_j's place in the basis when x_j is basic: the same
 * column, so the same basis matrix).  The copies are deleted and the
 * bounds and basis restored after the call, so the live LP keeps its
 * shape.  A column left within a thousandth of a fen of its anchor is set
 * to it exactly, so rounding keeps it there.  When GLPK ends without an
 * optimum or a feasible point (the time limit, a numerical failure), sol->x
 * stays the last level's point (as optimal for every level; only the
 * tie-break is lost) and false is returned. */
static bool solve_anchor(rf_solver *sv, const rf_model *m, const rf_solve_settings *st,
                         rf_solution *sol)
{
    glp_prob *lp = sv->lp;
    const rf_fen *anchor = st->anchor;
    int nr = (int)m->n_rows, nc = (int)m->n_cols, na = 0;
    /* copy[j]: the ordinal of v_j, or 0 for a column left as it is. */
    int *copy = calloc((size_t)nc + 1, sizeof *copy);
    int *stat = malloc(((size_t)nr + (size_t)nc + 1) * sizeof *stat);
    int *list = malloc(((size_t)nc + 1) * sizeof *list);
    double *x = malloc(((size_t)nc + 1) * sizeof *x);
    int *ind = malloc(((size_t)nr + 1) * sizeof *ind);
    double *val = malloc(((size_t)nr + 1) * sizeof *val);
    bool ok = copy && stat && list && x && ind && val;
    for (int j = 0; ok && j < nc; j++)
        if (anchor[j] != RF_NO_ANCHOR && m->cols[j].kind <= RF_COL_GAP &&
            glp_get_col_type(lp, j + 1) != GLP_FX)
            copy[j] = ++na;
    if (ok && na) {
        for (int i = 1; i <= nr; i++)
            stat[i] = glp_get_row_stat(lp, i);
        for (int j = 1; j <= nc; j++)
            stat[nr + j] = glp_get_col_stat(lp, j);
        memcpy(x, sol->x, (size_t)nc * sizeof *x);
        for (int j = 1; j <= nc; j++)
            glp_set_obj_coef(lp, j, 0.0);
        glp_set_obj_coef(lp, 0, 0.0);
        sv->objective = -1;
        int c0 = glp_add_cols(lp, na) - 1;
        for (int j = 0; j < nc; j++) {
            if (!copy[j])
                continue;
            int v = c0 + copy[j];
            copy[j] = v;
            double a = (double)anchor[j] / RF_FEN_PER_WAN;
            double top = m->cols[j].has_upper ? sv->upper[j] : INFINITY;
            int n = 0;
            for (size_t k = sv->csc_start[j]; k < sv->csc_start[j + 1]; k++) {
                ind[++n] = sv->csc_row[k] + 1;
                val[n] = sv->csc_val[k];
            }
            glp_set_mat_col(lp, v, n, ind, val);
            glp_set_obj_coef(lp, v, 1.0);
            glp_set_obj_coef(lp, j + 1, -1.0);
            if (a < top) {
                glp_set_col_bnds(lp, v, isinf(top) ? GLP_LO : GLP_DB, 0.0,
                                 isinf(top) ? 0.0 : top - a);
                glp_set_col_bnds(lp, j + 1, a > 0 ? GLP_DB : GLP_FX, 0.0, a);
            } else {
                glp_set_col_bnds(lp, v, GLP_FX, 0.0, 0.0); /* x_j cannot pass a_j */
            }
            /* Where x_j lies above a_j, v_j takes the part above. */
            int s = stat[nr + j + 1];
            if (x[j] > a && a < top) {
                glp_set_col_stat(lp, v, s == GLP_BS ? GLP_BS : GLP_NU);
                glp_set_col_stat(lp, j + 1, GLP_NU);
            } else {
                glp_set_col_stat(lp, v, GLP_NL);
            }
        }
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = st->log ? GLP_MSG_ON : GLP_MSG_OFF;
        parm.it_lim = ANCHOR_ITERATIONS;
        if (st->time_limit_seconds > 0)
            parm.tm_lim = (int)fmin(st->time_limit_seconds * 1000.0, 2e9);
        int ret = glp_simplex(lp, &parm);
        ok = (ret == 0 && glp_get_status(lp) == GLP_OPT) ||
             (ret == GLP_EITLIM && glp_get_prim_stat(lp) == GLP_FEAS);
        for (int j = 0; j < nc; j++) {
            if (!ok) {
                sol->x[j] = x[j];
                continue;
            }
            sol->x[j] = glp_get_col_prim(lp, j + 1);
            if (!copy[j])
                continue;
            sol->x[j] += glp_get_col_prim(lp, copy[j]);
            double a = (double)anchor[j] / RF_FEN_PER_WAN;
            if (fabs(sol->x[j] - a) < 1e-9)
                sol->x[j] = a;
        }
        for (int i = 1; i <= na; i++)
            list[i] = c0 + i;
        glp_del_cols(lp, na, list);
        for (int j = 0; j < nc; j++)
            if (copy[j]) {
                glp_set_obj_coef(lp, j + 1, 0.0);
                if (m->cols[j].has_upper)
                    glp_set_col_bnds(lp, j + 1, GLP_DB, 0.0, sv->upper[j]);
                else
                    glp_set_col_bnds(lp, j + 1, GLP_LO, 0.0, 0.0);
            }
        for (int i = 1; i <= nr; i++)
            glp_set_row_stat(lp, i, stat[i]);
        for (int j = 1; j <= nc; j++)
            glp_set_col_stat(lp, j, stat[nr + j]);
    }
    free(copy);
    free(stat);
    free(list);
    free(x);
    free(ind);
    free(val);
    return ok;
}

rf_status rf_solver_solve(rf_solver *sv, const rf_model *m, const rf_solve_settings *st,
                          rf_solution *sol, bool *warm, rf_error *err)
{
    memset(sol, 0, sizeof *sol);
    if (warm)
        *warm = false;
    sol->x = calloc(m->n_cols ? m->n_cols : 1, sizeof *sol->x);
    sol->level_values = calloc(m->n_objectives ? m->n_objectives : 1, sizeof *sol->level_values);
    if (st && st->want_duals)
        sol->duals = calloc(m->n_objectives * m->n_rows + 1, sizeof *sol->duals);
    int *row_map = malloc((m->n_rows + 1) * sizeof *row_map);
    int *col_map = malloc((m->n_cols + 1) * sizeof *col_map);
    volatile rf_status status = RF_OK;
    jmp_buf guard;
    if (!sol->x || !sol->level_values || !row_map || !col_map ||
        (st && st->want_duals && !sol->duals)) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if (setjmp(guard)) {
        /* GLPK failed fatally; its environment (and the LP) is already freed. */
        sv->lp = NULL;
        solver_clear(sv);
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "GLPK stopped with an internal error; the plan was not solved");
        goto out;
    }
    install_hooks(st, &guard);
    if (sv->lp && sv->generation != env_generation) {
        sv->lp = NULL; /* freed with GLPK's environment after a fatal error */
        solver_clear(sv);
    }
    volatile bool is_warm = sv->lp && same_shape(sv, m);
    volatile bool crashed = false;
    bool every_level = sol->duals || (st && st->solve_every_level);
    if (is_warm) {
        copy_bounds(sv, m);
        reset_bounds(sv);
        if (!every_level)
            fix_empty_sources(sv->lp, m);
        /* The greedy basis of the new data is usually closer to the new
         * optimum than the basis the last solve ended with. */
        if (!(st && st->glpk_basis) && crash_basis(sv->lp, m))
            crashed = true;
    } else {
        if (sv->lp)
            glp_delete_prob(sv->lp);
        sv->lp = NULL;
        solver_clear(sv);
        if (!copy_shape(sv, m)) {
            solver_clear(sv);
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
        copy_bounds(sv, m);
        sv->lp = glp_create_prob();
        sv->generation = env_generation;
        load_model(sv->lp, m, row_map, col_map);
        if (inject_fault) {
            inject_fault = 0;
            glp_set_col_bnds(sv->lp, (int)m->n_cols + 7, GLP_LO, 0.0, 0.0); /* fatal */
        }
        if (!every_level)
            fix_empty_sources(sv->lp, m);
        /* No scaling: coefficients are 1 (and household counts), amounts
         * are in 万元; GLPK's scaling only costs iterations here. */
        if (!(st && st->glpk_basis) && crash_basis(sv->lp, m))
            crashed = true;
        else
            glp_adv_basis(sv->lp, 0);
    }
    for (size_t l = 0; l < m->n_objectives; l++)
        sv->obj_constant[l] = m->objectives[l].constant;
    sv->solved = false;
    sv->n_fixed = 0;
    sv->bases_saved = st && st->solve_every_level;
    glp_prob *lp = sv->lp;
    int it0 = glp_get_it_cnt(lp);
    /* solved_once: sol->x is the point of the current basis, feasible;
     * strict: to a thousandth of a fen (strictly_feasible), so that a level
     * whose reduced costs there have the signs of an optimum is optimal. */
    volatile bool solved_once = false, strict = false, no_gap = false;
    sv->basis_known = false;
    if (crashed && !every_level && glp_warm_up(lp) == 0 && strictly_feasible(lp)) {
        /* The crash's point is feasible: levels already at their floor
         * there need no simplex call, the first one included. */
        for (size_t j = 0; j < m->n_cols; j++)
            sol->x[j] = glp_get_col_prim(lp, (int)j + 1);
        solved_once = strict = read_basis(sv);
    }
    size_t n_levels = st && st->last_level > 0 && st->last_level < m->n_objectives
                          ? st->last_level + 1
                          : m->n_objectives;
    /* With an anchor, the last level is solve_anchor's, after these. */
    bool anchored = st && st->anchor && !sol->duals;
    for (size_t l = 0; l < n_levels; l++) {
        const rf_objective *o = &m->objectives[l];
        bool last = l + 1 == n_levels && !anchored;
        set_objective(lp, sv, l);
        /* A level already optimal where the last solve left the point needs
         * no simplex call: at a value no feasible point goes below (its
         * floor), when its optimal face is simple to hold, or when the
         * current basis is dual feasible for its objective. */
        double z = objective_at(o, sol->x);
        double floor = level_floor(m, o->level, no_gap);
        bool done = false;
        if (solved_once && !every_level) {
            if (z <= floor + 1e-9 && (last || hold_floor_face(sv, m, l, floor))) {
                done = true;
            } else if (strict) {
                reduced_costs(sv, l);
                if (dual_feasible(sv)) {
                    if (!last)
                        hold_optimal_face(sv);
                    done = true;
                }
            }
        }
        if (!done) {
            int ret = solve_level(lp, st, crashed, &sol->retries);
            crashed = false;
            int gst = glp_get_status(lp);
            if (ret != 0 || gst != GLP_OPT) {
                char what[128], what_zh[192];
                rf_msg_format(what, sizeof what, what_zh, sizeof what_zh, "level %zu (%s)", l + 1,
                              rf_level_id(o->level));
                describe_failure(err, ret, gst, st, what, what_zh);
                status = RF_ERR_SOLVER;
                goto out;
            }
            z = glp_get_obj_val(lp);
            for (size_t j = 0; j < m->n_cols; j++)
                sol->x[j] = glp_get_col_prim(lp, (int)j + 1);
            if (sv->bases_saved)
                save_basis(sv, l);
            if (!read_basis(sv)) {
                describe_failure(err, GLP_ESING, gst, st, "reading the optimal basis",
                                 "reading the optimal basis");
                status = RF_ERR_SOLVER;
                goto out;
            }
            solved_once = true;
            strict = strictly_feasible(lp);
            if (!last) {
                reduced_costs(sv, l);
                hold_optimal_face(sv);
            }
        }
        sol->level_values[l] = z;
        sv->level_value[l] = z;
        sv->fix_end[l] = sv->n_fixed;
        if (o->level == RF_LEVEL_UNFUNDED_GAP && z <= 1e-9)
            no_gap = true;
        if (sol->duals)
            for (size_t i = 0; i < m->n_rows; i++)
                sol->duals[l * m->n_rows + i] = glp_get_row_dual(lp, (int)i + 1);
    }
    for (size_t l = n_levels; l < m->n_objectives; l++)
        sv->fix_end[l] = sv->n_fixed;
    if (anchored)
        solve_anchor(sv, m, st, sol);
    sol->iterations = glp_get_it_cnt(lp) - it0;
    sv->solved = true;
    if (warm)
        *warm = is_warm;
out:
    remove_hooks();
done:
    free(row_map);
    free(col_map);
    if (status != RF_OK) {
        if (sv->lp) {
            glp_delete_prob(sv->lp);
            sv->lp = NULL;
        }
        solver_clear(sv);
        rf_solution_free(sol);
    }
    return status;
}

/* Puts the LP back into the state it had at the optimum of level l: the
 * model's bounds with the fixings of the levels before l, level l's
 * objective, and the basis level l ended with, factorized. */
static int restore_level(rf_solver *sv, size_t l)
{
    glp_prob *lp = sv->lp;
    reset_bounds(sv);
    for (size_t k = 0; k < (l > 0 ? sv->fix_end[l - 1] : 0); k++)
        hold(sv, sv->fix_var[k], sv->fix_value[k]);
    set_objective(lp, sv, l);
    const int *rs = sv->row_stat + l * (sv->n_rows + 1);
    const int *cs = sv->col_stat + l * (sv->n_cols + 1);
    for (size_t i = 1; i <= sv->n_rows; i++)
        glp_set_row_stat(lp, (int)i, rs[i]);
    for (size_t j = 1; j <= sv->n_cols; j++)
        glp_set_col_stat(lp, (int)j, cs[j]);
    return glp_warm_up(lp);
}

/* Narrows [*lo, *hi] so that a basic variable at x with bounds of the given
 * GLPK type stays within them when it moves by r per unit of t (r already
 * net of the movement of its own bounds). */
static void ratio_test(int type, double lb, double ub, double x, double r, double *lo, double *hi)
{
    if (fabs(r) < 1e-12 || type == GLP_FR)
        return;
    bool has_lb = type == GLP_LO || type == GLP_DB || type == GLP_FX;
    bool has_ub = type == GLP_UP || type == GLP_DB || type == GLP_FX;
    double up_room = has_ub ? fmax(0.0, ub - x) : INFINITY;   /* how far x may rise */
    double down_room = has_lb ? fmax(0.0, x - lb) : INFINITY; /* ... and fall */
    if (r > 0) {
        *hi = fmin(*hi, up_room / r);
        *lo = fmax(*lo, -down_room / r);
    } else {
        *hi = fmin(*hi, down_room / -r);
        *lo = fmax(*lo, -up_room / -r);
    }
}

rf_status rf_solver_ranging(rf_solver *sv, const double *delta, double *deriv, double *lo,
                            double *hi, rf_error *err)
{
    if (sv && sv->lp && sv->generation != env_generation) {
        sv->lp = NULL;
        solver_clear(sv);
    }
    if (!sv || !sv->lp || !sv->solved || !sv->bases_saved)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "ranging needs a solved model");
    glp_prob *lp = sv->lp;
    int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
    double *shift = calloc((size_t)nr + 1, sizeof *shift);
    double *g = calloc((size_t)(nr + nc) + 1, sizeof *g);
    int *ind = malloc(((size_t)nr + 1) * sizeof *ind);
    double *val = malloc(((size_t)nr + 1) * sizeof *val);
    volatile rf_status status = RF_OK;
    jmp_buf guard;
    if (!shift || !g || !ind || !val) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if (setjmp(guard)) {
        sv->lp = NULL;
        solver_clear(sv);
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "GLPK stopped with an internal error during ranging");
        goto out;
    }
    install_hooks(NULL, &guard);
    for (size_t l = 0; l < sv->n_objectives; l++) {
        if (restore_level(sv, l) != 0) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                                  "the optimal basis of level %zu could not be restored", l + 1);
            goto out;
        }
        /* How far each row's bound moves per unit of t. */
        for (int i = 1; i <= nr; i++)
            shift[i] = 0.0;
        for (size_t i = 0; i < sv->n_rows; i++)
            shift[i + 1] = delta[i];
        double d = 0.0;
        for (int i = 1; i <= nr; i++)
            if (shift[i] != 0.0)
                d += shift[i] * glp_get_row_dual(lp, i);
        deriv[l] = d;
        /* Basic variables move along the tableau columns of the non-basic
         * rows whose bounds move. */
        for (int k = 1; k <= nr + nc; k++)
            g[k] = 0.0;
        for (int i = 1; i <= nr; i++) {
            int stat = glp_get_row_stat(lp, i);
            if (shift[i] == 0.0 || stat == GLP_BS || stat == GLP_NF)
                continue;
            int len = glp_eval_tab_col(lp, i, ind, val);
            for (int t = 1; t <= len; t++)
                g[ind[t]] += shift[i] * val[t];
        }
        double lo_l = -INFINITY, hi_l = INFINITY;
        for (int i = 1; i <= nr; i++)
            if (glp_get_row_stat(lp, i) == GLP_BS)
                ratio_test(glp_get_row_type(lp, i), glp_get_row_lb(lp, i), glp_get_row_ub(lp, i),
                           glp_get_row_prim(lp, i), g[i] - shift[i], &lo_l, &hi_l);
        for (int j = 1; j <= nc; j++)
            if (glp_get_col_stat(lp, j) == GLP_BS)
                ratio_test(glp_get_col_type(lp, j), glp_get_col_lb(lp, j), glp_get_col_ub(lp, j),
                           glp_get_col_prim(lp, j), g[nr + j], &lo_l, &hi_l);
        lo[l] = l > 0 ? fmax(lo[l - 1], lo_l) : lo_l;
        hi[l] = l > 0 ? fmin(hi[l - 1], hi_l) : hi_l;
    }
out:
    remove_hooks();
done:
    free(shift);
    free(g);
    free(ind);
    free(val);
    if (status == RF_ERR_SOLVER && sv->lp) {
        glp_delete_prob(sv->lp);
        sv->lp = NULL;
        solver_clear(sv);
    }
    return status;
}

void rf_solve_thread_end(void)
{
    glp_free_env();
}

/* ---- Export for other solvers (rf_solve_write_many, rf_solve_names) ---- */

/* The short name of level l (0-based) of block i in a file of n_models
 * blocks: "l<l+1>", or "l<l+1>b<i+1>" when there are several. */
static void level_name(char *buf, size_t size, size_t l, size_t i, size_t n_models)
{
    if (n_models == 1)
        snprintf(buf, size, "l%zu", l + 1);
    else
        snprintf(buf, size, "l%zub%zu", l + 1, i + 1);
}

/* The identifier of the exported level ("level3_registered_self_funding"). */
static void level_meaning(char *buf, size_t size, const rf_model *const *models, size_t n_models,
                          size_t block, size_t l)
{
    const rf_model *m = n_models ? models[block] : NULL;
    snprintf(buf, size, "level%zu_%s", l + 1,
             m && l < m->n_objectives ? rf_level_id(m->objectives[l].level) : "none");
}

/* The sum of every block's constant term of level `level`: the objective
 * coefficient of the column "one" (which the file has only when it is not 0). */
static double objective_constant(const rf_model *const *models, size_t n_models, size_t level)
{
    double constant = 0;
    for (size_t i = 0; i < n_models; i++)
        if (level < models[i]->n_objectives)
            constant += models[i]->objectives[level].constant;
    return constant;
}

/* Fills lp with the blocks of rf_solve_write_many (its contract, the names
 * of rf_solve.h); ia, ja, ar hold room for every matrix entry, ind and val
 * for the widest block. */
static void load_many(glp_prob *lp, const rf_model *const *models, size_t n_models, size_t level,
                      const double *const *fixed_values, double level_tolerance,
                      rf_lp_format format, int *ia, int *ja, double *ar, int *ind, double *val)
{
    size_t n_rows = 0, n_cols = 0;
    for (size_t i = 0; i < n_models; i++) {
        n_rows += models[i]->n_rows;
        n_cols += models[i]->n_cols;
    }
    glp_set_prob_name(lp, "relocfund");
    glp_set_obj_name(lp, "obj");
    glp_set_obj_dir(lp, GLP_MIN);
    if (n_rows)
        glp_add_rows(lp, (int)n_rows);
    if (n_cols)
        glp_add_cols(lp, (int)n_cols);
    double tol = level_tolerance > 0 ? level_tolerance : 1e-9;
    char name[64];
    int row0 = 0, col0 = 0, ne = 0;
    /* Block by block: rows, columns, matrix entries and this level's
     * objective, numbered on from the block before. */
    for (size_t i = 0; i < n_models; i++) {
        const rf_model *m = models[i];
        for (size_t r = 0; r < m->n_rows; r++) {
            const rf_row *row = &m->rows[r];
            int k = row0 + (int)r + 1;
            glp_set_row_bnds(lp, k, glpk_bound_type(row->sense), row->rhs_wan, row->rhs_wan);
            snprintf(name, sizeof name, "r%d", k);
            glp_set_row_name(lp, k, name);
        }
        for (size_t j = 0; j < m->n_cols; j++) {
            const rf_col *c = &m->cols[j];
            int k = col0 + (int)j + 1;
            if (c->has_upper)
                glp_set_col_bnds(lp, k, GLP_DB, 0.0, (double)c->upper / RF_FEN_PER_WAN);
            else
                glp_set_col_bnds(lp, k, GLP_LO, 0.0, 0.0);
            snprintf(name, sizeof name, "c%d", k);
            glp_set_col_name(lp, k, name);
        }
        for (size_t e = 0; e < m->n_coefs; e++) {
            ne++;
            ia[ne] = row0 + m->coefs[e].row + 1;
            ja[ne] = col0 + m->coefs[e].col + 1;
            ar[ne] = m->coefs[e].value;
        }
        if (level < m->n_objectives) {
            const rf_objective *o = &m->objectives[level];
            for (size_t k = 0; k < o->n; k++)
                glp_set_obj_coef(lp, col0 + o->cols[k] + 1, o->values[k]);
        }
        row0 += (int)m->n_rows;
        col0 += (int)m->n_cols;
    }
    glp_load_matrix(lp, ne, ia, ja, ar);
    /* The constant term as a column fixed at 1: MPS readers disagree on the
     * sign of a constant given as the objective row's right-hand side, and
     * GLPK's CPLEX LP writer keeps it only as a comment. */
    double constant = objective_constant(models, n_models, level);
    if (constant != 0) {
        int k = glp_add_cols(lp, 1);
        glp_set_col_name(lp, k, "one");
        glp_set_col_bnds(lp, k, GLP_FX, 1.0, 1.0);
        glp_set_obj_coef(lp, k, constant);
    }
    /* The other levels of every block: fixed at the block's optimum before
     * `level`, rows that document them after it: free rows in MPS, rows
     * ">= -1e30" in CPLEX LP, where GLPK's writer leaves free rows out (and
     * readers take -1e30 for minus infinity, or as a bound never reached). */
    col0 = 0;
    for (size_t i = 0; i < n_models; i++) {
        const rf_model *m = models[i];
        for (size_t l = 0; l < m->n_objectives; l++) {
            const rf_objective *o = &m->objectives[l];
            if (l == level || o->n == 0)
                continue;
            int row = format == RF_LP_FORMAT_MPS
                          ? add_expression_row(lp, o, col0, ind, val, GLP_FR, 0.0)
                          : add_expression_row(lp, o, col0, ind, val, GLP_LO, -1e30);
            if (l < level && fixed_values && fixed_values[i]) {
                double z = fixed_values[i][l];
                double bound = z - o->constant + level_slack(z, tol);
                glp_set_row_bnds(lp, row, GLP_UP, bound, bound);
            }
            level_name(name, sizeof name, l, i, n_models);
            glp_set_row_name(lp, row, name);
        }
        col0 += (int)m->n_cols;
    }
}

/* A number as MPS text: the shortest of %.15g and %.17g that reads back as
 * the same double. */
static const char *mps_number(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
    return buf;
}

/* One MPS data line with every field where fixed MPS has it (type in
 * columns 2-3, names from columns 5 and 15, the number from column 25):
 * a reader that guesses fixed or free format per line, as CLP's does,
 * reads it the same either way, since names never hold a blank and a name
 * of up to 8 characters is followed by blanks up to the next field. */
static void mps_line(FILE *f, const char *type, const char *name1, const char *name2,
                     const char *number)
{
    if (!name2)
        fprintf(f, " %-2s %s\n", type, name1);
    else if (!number)
        fprintf(f, " %-2s %-8s  %s\n", type, name1, name2);
    else
        fprintf(f, " %-2s %-8s  %-8s  %s\n", type, name1, name2, number);
}

/* Writes lp (as load_many fills it: minimised, names set) to f as free
 * MPS: the objective the first row, levels after the exported one as
 * further N (free) rows, double-bounded rows as G rows with RANGES, column
 * bounds as UP, LO, MI, FR or FX (an upper bound of 0 as FX, which no
 * reader takes for "no lower bound").  comment heads the file.  Returns
 * false when out of memory (f's errors are the caller's to check). */
static bool write_mps(glp_prob *lp, FILE *f, const char *comment)
{
    int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
    int *ind = malloc(((size_t)m + 1) * sizeof *ind);
    double *val = malloc(((size_t)m + 1) * sizeof *val);
    if (!ind || !val) {
        free(ind);
        free(val);
        return false;
    }
    char num[40];
    fprintf(f, "%s", comment);
    fprintf(f, "NAME          %s\nROWS\n", glp_get_prob_name(lp));
    mps_line(f, "N", glp_get_obj_name(lp), NULL, NULL);
    static const char *const row_types[] = {"", "N", "G", "L", "G", "E"};
    for (int i = 1; i <= m; i++)
        mps_line(f, row_types[glp_get_row_type(lp, i)], glp_get_row_name(lp, i), NULL, NULL);
    fprintf(f, "COLUMNS\n");
    for (int j = 1; j <= n; j++) {
        const char *col = glp_get_col_name(lp, j);
        double c = glp_get_obj_coef(lp, j);
        int len = glp_get_mat_col(lp, j, ind, val);
        /* A column needs an entry to exist: its objective coefficient, 0 if need be. */
        if (c != 0 || len == 0)
            mps_line(f, "", col, glp_get_obj_name(lp), mps_number(c, num, sizeof num));
        for (int k = 1; k <= len; k++)
            mps_line(f, "", col, glp_get_row_name(lp, ind[k]), mps_number(val[k], num, sizeof num));
    }
    fprintf(f, "RHS\n");
    for (int i = 1; i <= m; i++) {
        int type = glp_get_row_type(lp, i);
        double rhs = type == GLP_UP ? glp_get_row_ub(lp, i) : glp_get_row_lb(lp, i);
        if (type != GLP_FR && rhs != 0)
            mps_line(f, "", "RHS", glp_get_row_name(lp, i), mps_number(rhs, num, sizeof num));
    }
    bool ranges = false;
    for (int i = 1; i <= m; i++)
        if (glp_get_row_type(lp, i) == GLP_DB) {
            if (!ranges)
                fprintf(f, "RANGES\n");
            ranges = true;
            mps_line(f, "", "RNG", glp_get_row_name(lp, i),
                     mps_number(glp_get_row_ub(lp, i) - glp_get_row_lb(lp, i), num, sizeof num));
        }
    fprintf(f, "BOUNDS\n");
    for (int j = 1; j <= n; j++) {
        const char *col = glp_get_col_name(lp, j);
        int type = glp_get_col_type(lp, j);
        double lb = glp_get_col_lb(lp, j), ub = glp_get_col_ub(lp, j);
        if (type == GLP_FR)
            mps_line(f, "FR", "BND", col, NULL);
        else if (type == GLP_FX || (type == GLP_DB && lb == 0 && ub == 0))
            mps_line(f, "FX", "BND", col, mps_number(lb, num, sizeof num));
        else {
            if ((type == GLP_LO || type == GLP_DB) && lb != 0)
                mps_line(f, "LO", "BND", col, mps_number(lb, num, sizeof num));
            if (type == GLP_UP)
                mps_line(f, "MI", "BND", col, NULL);
            if (type == GLP_UP || type == GLP_DB)
                mps_line(f, "UP", "BND", col, mps_number(ub, num, sizeof num));
        }
    }
    fprintf(f, "ENDATA\n");
    free(ind);
    free(val);
    return true;
}

rf_status rf_solve_write_many(const rf_model *const *models, size_t n_models, size_t level,
                              const double *const *fixed_values, double level_tolerance,
                              rf_lp_format format, const char *path, rf_error *err)
{
    size_t n_rows = 0, n_cols = 0, n_coefs = 0, max_cols = 0;
    for (size_t i = 0; i < n_models; i++) {
        n_rows += models[i]->n_rows;
        n_cols += models[i]->n_cols;
        n_coefs += models[i]->n_coefs;
        if (models[i]->n_cols > max_cols)
            max_cols = models[i]->n_cols;
    }
    if (n_rows > INT32_MAX / 2 || n_cols > INT32_MAX / 2 || n_coefs > INT32_MAX / 2)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL,
                            "the models are too large for one GLPK problem");
    int *ia = malloc((n_coefs + 1) * sizeof *ia);
    int *ja = malloc((n_coefs + 1) * sizeof *ja);
    double *ar = malloc((n_coefs + 1) * sizeof *ar);
    int *ind = malloc((max_cols + 1) * sizeof *ind);
    double *val = malloc((max_cols + 1) * sizeof *val);
    if (!ia || !ja || !ar || !ind || !val) {
        free(ia);
        free(ja);
        free(ar);
        free(ind);
        free(val);
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    }
    rf_status status = RF_OK;
    glp_prob *volatile lp = NULL;
    FILE *volatile f = NULL;
    jmp_buf guard;
    if (setjmp(guard)) {
        lp = NULL;
        status = rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL,
                              "GLPK stopped with an internal error while writing the model");
        goto out;
    }
    install_hooks(NULL, &guard);
    lp = glp_create_prob();
    load_many(lp, models, n_models, level, fixed_values, level_tolerance, format, ia, ja, ar, ind,
              val);
    if (format == RF_LP_FORMAT_CPLEX_LP) {
        if (glp_write_lp(lp, NULL, path) != 0)
            status = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write the model");
        goto out;
    }
    f = fopen(path, "w");
    if (!f) {
        status =
            rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        goto out;
    }
    char level_id[64], comment[640];
    level_meaning(level_id, sizeof level_id, models, n_models, 0, level);
    snprintf(comment, sizeof comment,
             "* relocfund export: free MPS, every field where fixed MPS has it\n"
             "* obj: the objective, %s%s, minimised\n"
             "* c<n>: column n; r<n>: row n; l<k>: level k%s, fixed at its optimum\n"
             "*   before the objective's level, a free row after it\n"
             "* one: a column fixed at 1 that carries the objective's constant term\n"
             "* the name map (relocfund export writes it beside this file, as\n"
             "* FILE.names.csv) says what each name stands for\n",
             level_id, n_models > 1 ? " summed over the blocks" : "",
             n_models > 1 ? " (l<k>b<i>: of block i)" : "");
    bool written = write_mps(lp, f, comment);
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0)
        failed = true;
    f = NULL;
    if (!written)
        status = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    else if (failed)
        status = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write the model");
out:
    if (f)
        fclose(f);
    if (lp)
        glp_delete_prob(lp);
    remove_hooks();
    free(ia);
    free(ja);
    free(ar);
    free(ind);
    free(val);
    return status;
}

bool rf_solve_names(const rf_model *const *models, size_t n_models, size_t level,
                    bool (*each)(const rf_lp_name *name, void *ctx), void *ctx)
{
    char name[64], level_id[64];
    rf_lp_name n = {.name = name, .block = RF_LP_ALL_BLOCKS, .meaning = level_id};
    n.parts = (rf_name_parts){.kind = "objective", .site = "", .source = "", .use = ""};
    level_meaning(level_id, sizeof level_id, models, n_models, 0, level);
    snprintf(name, sizeof name, "obj");
    if (!each(&n, ctx))
        return false;
    size_t cap = 0, k = 0;
    char *meaning = NULL;
    bool ok = true;
    /* Model rows, then model columns, block by block, as load_many numbers them. */
    for (int pass = 0; pass < 2 && ok; pass++) {
        k = 0;
        for (size_t i = 0; i < n_models && ok; i++) {
            const rf_model *m = models[i];
            size_t count = pass == 0 ? m->n_rows : m->n_cols;
            for (size_t r = 0; r < count && ok; r++) {
                if (pass == 0)
                    rf_model_row_parts(m, r, &n.parts);
                else
                    rf_model_col_parts(m, r, &n.parts);
                size_t need = rf_name_parts_length(&n.parts);
                if (need > cap) {
                    char *grown = realloc(meaning, need * 2);
                    if (!grown) {
                        ok = false;
                        break;
                    }
                    meaning = grown;
                    cap = need * 2;
                }
                snprintf(name, sizeof name, "%c%zu", pass == 0 ? 'r' : 'c', ++k);
                n.block = i;
                n.meaning = rf_name_parts_format(&n.parts, meaning, cap);
                ok = each(&n, ctx);
            }
        }
        if (pass == 0) {
            /* The level rows follow the model rows. */
            n.parts = (rf_name_parts){.kind = "level", .site = "", .source = "", .use = ""};
            n.meaning = level_id;
            for (size_t i = 0; i < n_models && ok; i++)
                for (size_t l = 0; l < models[i]->n_objectives && ok; l++) {
                    if (l == level || models[i]->objectives[l].n == 0)
                        continue;
                    level_name(name, sizeof name, l, i, n_models);
                    level_meaning(level_id, sizeof level_id, models, n_models, i, l);
                    n.block = i;
                    ok = each(&n, ctx);
                }
        }
    }
    free(meaning);
    if (ok && objective_constant(models, n_models, level) != 0) {
        snprintf(name, sizeof name, "one");
        snprintf(level_id, sizeof level_id, "constant_term");
        n.meaning = level_id;
        n.block = RF_LP_ALL_BLOCKS;
        n.parts = (rf_name_parts){.kind = "constant", .site = "", .source = "", .use = ""};
        ok = each(&n, ctx);
    }
    return ok;
}
