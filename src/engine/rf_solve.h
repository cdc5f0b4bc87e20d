/* rf_solve: GLPK behind a guard.  The only module that includes glpk.h.
 *
 * GLPK never aborts the process (an error hook turns its fatal errors into
 * RF_ERR_SOLVER) and never prints unless a log callback is given. */
#ifndef RF_SOLVE_H
#define RF_SOLVE_H

#include <stdbool.h>

#include "rf_error.h"
#include "rf_model.h"

typedef struct {
    double time_limit_seconds;                /* per simplex call; <= 0: no limit */
    double level_tolerance;                   /* relative; absolute floor is one fen */
    void (*log)(const char *text, void *ctx); /* GLPK's terminal output, or NULL */
    void *log_ctx;
    bool want_duals; /* record row duals at every level (for sensitivity) */
    bool glpk_basis; /* start from GLPK's own advanced basis, not rf_crash's */
    /* Run the simplex method at every level.  Without it, a level whose
     * objective is already 0 at the point the levels before it left (every
     * level is >= 0 by construction, so that point is optimal) is not
     * solved again; with it, every level ends with a basis proven optimal
     * for its own objective, as rf_solver_ranging needs. */
    bool solve_every_level;
    /* Solve only the first levels, up to level index last_level (policy
     * order); 0 means every level (the levels after are left at 0). */
    size_t last_level;
    /* A plan to keep (the base of a comparison), or NULL: anchor[j] is model
     * column j's fen in that plan, or RF_NO_ANCHOR where it has none.  With
     * it, a last level after the policy's, over the optimal face of every
     * one of them, minimises the distance (sum of |x_j - anchor[j]|) to that
     * plan, and rf_solve_round rounds toward it: every level's optimum is
     * the same as without it, and the plan moves off the anchor only where
     * the levels make it.  Not with want_duals or ranging. */
    const rf_fen *anchor;
} rf_solve_settings;

typedef struct {
    double *x;            /* [n_cols] primal values, 万元 */
    double *level_values; /* [n_objectives] optimum of each level, 万元 */
    int iterations;       /* simplex iterations over all levels */
    int retries;          /* levels solved again after a call without an optimum (rf_solve.c) */
    /* With want_duals: [n_objectives * n_rows], the dual value (shadow
     * price, objective units per 万元 of right-hand side) of each model row
     * at the optimum of each level, with the levels before it fixed. */
    double *duals;
} rf_solution;

/* Solves the model's objective levels in order, each fixed at its optimum
 * (plus the tolerance) before the next, warm-starting from the previous
 * basis.  Fills sol (free with rf_solution_free).  Returns RF_OK, or
 * RF_ERR_SOLVER with err saying what failed (time limit, GLPK error, a
 * level without optimum). */
rf_status rf_solve_levels(const rf_model *m, const rf_solve_settings *st, rf_solution *sol,
                          rf_error *err);

/* Rounds a solution to integer fen so that every money row of the model
 * holds exactly: each money column moves to its floor or ceiling (in fen;
 * a column at a whole fen stays there),
 * chosen along cycles of the network the rows make (rf_round.h), or, where
 * that cannot finish, by a small LP whose matrix is totally unimodular, so
 * its vertices are integral.  With level_values (the optimum of each level, 万元, as
 * rf_solution gives them; may be NULL), every level stays within a fen of
 * its optimum and a level at 0 stays at 0: where rounding toward the nearer
 * fen does not keep them, the rounding LP is solved level by level
 * (docs/model.md); with st->anchor, among ways that keep the levels, it
 * rounds toward the anchor before the nearer fen.  out_fen has n_cols
 * entries (aux columns are 0).
 * Returns RF_OK or RF_ERR_SOLVER. */
rf_status rf_solve_round(const rf_model *m, const double *x_wan, const double *level_values,
                         const rf_solve_settings *st, rf_fen *out_fen, rf_error *err);

void rf_solution_free(rf_solution *sol);

/* ---- Export for other solvers ----
 *
 * An exported LP names its rows and columns so that every common reader
 * (the MPS and CPLEX LP readers of CLP, CBC, GLPK, HiGHS) takes them as
 * they are: ASCII letters and digits only, short, unique whatever the
 * scenario's ids are:
 *   obj        the objective: level K (0-based `level` + 1), summed over the
 *              blocks of a monolith, minimised
 *   c<n>       column n: the models' columns block after block, in model
 *              order (column j of a single model is c<j+1>)
 *   r<n>       row n: the models' rows, numbered likewise
 *   l<k>       level k's expression (l<k>b<i>: block i's, in a file of
 *              several blocks): for k < K a row fixed at the level's optimum,
 *              for k > K a free row that documents it; level K itself is obj
 *   one        a column fixed at 1 whose objective coefficient is the
 *              objective's constant term (only when that is not 0)
 * rf_solve_names lists them with what each stands for.
 *
 * Free MPS as written here has the objective as its first row, the levels
 * after K as further N rows, no constant on the objective row, and every
 * field where fixed MPS has it (names of up to 8 characters padded to the
 * next field), so that a reader that guesses fixed or free format per
 * line reads it alike either way. */
typedef enum { RF_LP_FORMAT_MPS = 0, RF_LP_FORMAT_CPLEX_LP } rf_lp_format;

/* Writes the model for other solvers to path, in free MPS or CPLEX LP
 * format (a monolith of one block, see rf_solve_write_many).  The objective
 * is level `level` (0-based); the levels before it are rows fixed at
 * fixed_values[0..level-1] (their optima, 万元, with the same tolerance as
 * rf_solve_levels; fixed_values may be NULL when level is 0).  Returns RF_OK
 * or RF_ERR_OUTPUT. */
rf_status rf_solve_write(const rf_model *m, size_t level, const double *fixed_values,
                         double level_tolerance, rf_lp_format format, const char *path,
                         rf_error *err);

/* Writes several models as one block-diagonal LP (a monolith, for other
 * solvers and benchmarks) to path in free MPS or CPLEX LP format, named as
 * above.  Block i is models[i].  The objective is the sum of every block's
 * level `level` (0-based); a block's levels before it are rows fixed at
 * fixed_values[i][0..level-1] (its optima, as rf_solve_write; fixed_values
 * or fixed_values[i] may be NULL when level is 0), its levels after it free
 * rows.  Blocks share nothing, so the optimum is the sum of the blocks'
 * optima.  Returns RF_OK, RF_ERR_OUTPUT (cannot write, out of memory, too
 * large for GLPK) or RF_ERR_SOLVER. */
rf_status rf_solve_write_many(const rf_model *const *models, size_t n_models, size_t level,
                              const double *const *fixed_values, double level_tolerance,
                              rf_lp_format format, const char *path, rf_error *err);

#define RF_LP_ALL_BLOCKS ((size_t)-1)

/* One name of an exported LP and what it stands for. */
typedef struct {
    const char *name;    /* as in the file: "obj", "c12", "r7", "l3", "l3b2", "one" */
    size_t block;        /* the model it belongs to, or RF_LP_ALL_BLOCKS (obj, one) */
    const char *meaning; /* rf_model_col_name / rf_model_row_name of a column or
                          * row ("x[S01,central_budget,housing,size3]"), the level
                          * ("level3_registered_self_funding") of a level row and of
                          * obj, "constant_term" for one */
    rf_name_parts parts; /* kind ("objective", "level" and "constant" for the
                          * others), site, source, use and class */
} rf_lp_name;

/* Calls each(name, ctx) for every name of the file that rf_solve_write_many
 * writes for the same models and level, in the file's order (obj, rows,
 * level rows, columns, one).  The strings live until each returns.  Stops
 * and returns false when each returns false or memory runs out; returns
 * true when every name was given. */
bool rf_solve_names(const rf_model *const *models, size_t n_models, size_t level,
                    bool (*each)(const rf_lp_name *name, void *ctx), void *ctx);

/* For tests: makes the next GLPK call in this thread fail inside GLPK (an
 * invalid call that GLPK treats as fatal), to prove the guard works. */
void rf_solve_inject_fault(int enabled);

/* For tests: makes the starting basis of the next solves in this thread
 * singular, to prove that the solve falls back to GLPK's own basis. */
void rf_solve_inject_singular_basis(int enabled);

/* Frees the calling thread's GLPK environment (GLPK keeps one per thread
 * that used it).  Call it last in a worker thread that solved, after every
 * model of the thread is done; harmless when the thread never used GLPK. */
void rf_solve_thread_end(void);

/* ---- A live LP for what-if re-solves and ranging (rf_resolver, rf_sensitivity) ----
 *
 * A solver keeps one model's GLPK problem and the optimal basis of each
 * objective level between calls, so that a model of the same shape (a
 * changed scenario value that moves right-hand sides or column bounds only)
 * is re-solved in place, its bounds changed, instead of loaded afresh (the
 * levels start from rf_crash's basis of the new data, which is closer to
 * the new optimum than the last optimal basis; settings->glpk_basis keeps
 * the last basis).  The saved bases serve rf_solver_ranging.  It copies
 * what it needs of a model: it borrows nothing between calls. */
typedef struct rf_solver rf_solver;

/* A new, empty solver, or NULL when out of memory.  Free with rf_solver_free. */
rf_solver *rf_solver_new(void);
void rf_solver_free(rf_solver *sv);

/* Solves m's levels like rf_solve_levels (same result, same contract for
 * sol and err).  When sv last solved a model of the same shape (the same
 * columns, rows, senses, matrix and objective expressions; only row
 * right-hand sides and column upper bounds may differ), only those bounds
 * are changed and every level is re-solved in the live problem (from
 * rf_crash's basis, or with st->glpk_basis from the basis the previous call
 * ended with); otherwise m is loaded afresh exactly as rf_solve_levels does.
 * *warm (may be NULL) says which happened.  On RF_ERR_SOLVER the solver is
 * emptied (the next call loads afresh). */
rf_status rf_solver_solve(rf_solver *sv, const rf_model *m, const rf_solve_settings *st,
                          rf_solution *sol, bool *warm, rf_error *err);

/* Right-hand-side ranging of the last rf_solver_solve, along a direction:
 * the model's right-hand sides move by t * delta[i] (万元 per unit of t;
 * delta has the model's n_rows entries).  For each level l (policy order)
 * fills deriv[l], the rate of change of that level's optimum (万元 per unit
 * of t), and [lo[l], hi[l]] (lo <= 0 <= hi, possibly infinite), the
 * interval of t over which the optimal basis of level l and of every level
 * before it stays optimal, so that every rate deriv[0..l] holds exactly.
 * The rates follow the levels through their fixing rows (a level fixed at
 * its optimum moves with it): deriv[l] = sum_i delta[i] y_l[i] +
 * sum_{k<l} deriv[k] y_l[level k].  Returns RF_OK, RF_ERR_INPUT when the
 * solver holds no solved model, or RF_ERR_SOLVER. */
rf_status rf_solver_ranging(rf_solver *sv, const double *delta, double *deriv, double *lo,
                            double *hi, rf_error *err);

#endif
