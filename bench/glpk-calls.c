/* glpk-calls: an LD_PRELOAD shim that times every GLPK solver call of a process, by LP and level.
 *
 * Usage (bench/scale.sh and bench/profile.sh do this):
 *   RF_GLPK_CALLS=calls.txt LD_PRELOAD=build-bench/librelocfund-glpk-calls.so \
 *       build-bench/relocfund solve county.json
 *
 * It wraps glp_simplex, glp_exact, glp_warm_up, glp_adv_basis and
 * glp_factorize (the calls that factorize or pivot) and, to say which
 * objective level a call belongs to, glp_set_obj_coef: rf_solve sets the
 * objective constant (column 0) once each time it makes a level the
 * objective, so the n-th such call on a problem starts its level n (a
 * level solved without a simplex call still counts).  A problem whose
 * constant is never set is rf_solve_round's rounding LP ("rounding").  At
 * exit it writes to $RF_GLPK_CALLS (or standard error) one line a level
 * and kind of call:
 *   <problem> <level> <call> <calls> <seconds> <iterations> <rows> <cols>
 * with problem "levels" or "rounding" (numbered from 1 in the order the
 * problems were created: "levels1", "rounding1", "rounding2", ...), then a
 * line "total <seconds in these calls>"; nothing from a process that made
 * no GLPK call.  Only for single-threaded runs
 * (solve, export); GLPK itself is per thread, the shim's table is not. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <glpk.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_PROBS = 64, MAX_LEVELS = 32, N_KINDS = 5 };
static const char *const KIND[N_KINDS] = {"glp_simplex", "glp_exact", "glp_warm_up",
                                          "glp_adv_basis", "glp_factorize"};

typedef struct {
    glp_prob *lp;   /* while alive; NULL after glp_delete_prob */
    int number;     /* 1-based, in creation order */
    int level;      /* objective constants set so far (the current level) */
    int rows, cols; /* at the last call */
    long calls[MAX_LEVELS + 1][N_KINDS];
    double seconds[MAX_LEVELS + 1][N_KINDS];
    long iterations[MAX_LEVELS + 1][N_KINDS];
} prob_stats;

static prob_stats probs[MAX_PROBS];
static int n_probs;
/* GLPK calls its own API inside (the presolver builds a problem, a warm-up
 * factorizes): only calls from outside GLPK (depth 0) are counted. */
static int depth;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *real(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "glpk-calls: %s not found\n", name);
        abort();
    }
    return f;
}

/* The stats of lp, a new entry when lp was not seen alive. */
static prob_stats *stats_of(glp_prob *lp)
{
    for (int i = n_probs - 1; i >= 0; i--)
        if (probs[i].lp == lp)
            return &probs[i];
    if (n_probs == MAX_PROBS)
        return NULL;
    prob_stats *p = &probs[n_probs++];
    p->lp = lp;
    p->number = n_probs;
    return p;
}

glp_prob *glp_create_prob(void)
{
    static glp_prob *(*f)(void);
    if (!f)
        f = (glp_prob * (*)(void)) real("glp_create_prob");
    glp_prob *lp = f();
    if (depth > 0)
        return lp;
    for (int i = 0; i < n_probs; i++)
        if (probs[i].lp == lp)
            probs[i].lp = NULL; /* an address reused after a delete we missed */
    stats_of(lp);
    return lp;
}

void glp_delete_prob(glp_prob *lp)
{
    static void (*f)(glp_prob *);
    if (!f)
        f = (void (*)(glp_prob *))real("glp_delete_prob");
    for (int i = 0; i < n_probs; i++)
        if (probs[i].lp == lp)
            probs[i].lp = NULL;
    f(lp);
}

void glp_set_obj_coef(glp_prob *lp, int j, double coef)
{
    static void (*f)(glp_prob *, int, double);
    if (!f)
        f = (void (*)(glp_prob *, int, double))real("glp_set_obj_coef");
    if (j == 0 && depth == 0) {
        prob_stats *p = stats_of(lp);
        if (p && p->level < MAX_LEVELS)
            p->level++;
    }
    f(lp, j, coef);
}

/* Records one call of kind k on lp that started at t0 with it0 iterations
 * (when it came from outside GLPK). */
static void record(glp_prob *lp, int k, double t0, int it0)
{
    double dt = now() - t0;
    if (depth > 0)
        return;
    prob_stats *p = stats_of(lp);
    if (!p)
        return;
    p->calls[p->level][k]++;
    p->seconds[p->level][k] += dt;
    p->iterations[p->level][k] += glp_get_it_cnt(lp) - it0;
    p->rows = glp_get_num_rows(lp);
    p->cols = glp_get_num_cols(lp);
}

int glp_simplex(glp_prob *lp, const glp_smcp *parm)
{
    static int (*f)(glp_prob *, const glp_smcp *);
    if (!f)
        f = (int (*)(glp_prob *, const glp_smcp *))real("glp_simplex");
    int it0 = glp_get_it_cnt(lp);
    double t0 = now();
    depth++;
    int ret = f(lp, parm);
    depth--;
    record(lp, 0, t0, it0);
    return ret;
}

int glp_exact(glp_prob *lp, const glp_smcp *parm)
{
    static int (*f)(glp_prob *, const glp_smcp *);
    if (!f)
        f = (int (*)(glp_prob *, const glp_smcp *))real("glp_exact");
    int it0 = glp_get_it_cnt(lp);
    double t0 = now();
    depth++;
    int ret = f(lp, parm);
    depth--;
    record(lp, 1, t0, it0);
    return ret;
}

int glp_warm_up(glp_prob *lp)
{
    static int (*f)(glp_prob *);
    if (!f)
        f = (int (*)(glp_prob *))real("glp_warm_up");
    int it0 = glp_get_it_cnt(lp);
    double t0 = now();
    depth++;
    int ret = f(lp);
    depth--;
    record(lp, 2, t0, it0);
    return ret;
}

void glp_adv_basis(glp_prob *lp, int flags)
{
    static void (*f)(glp_prob *, int);
    if (!f)
        f = (void (*)(glp_prob *, int))real("glp_adv_basis");
    int it0 = glp_get_it_cnt(lp);
    double t0 = now();
    depth++;
    f(lp, flags);
    depth--;
    record(lp, 3, t0, it0);
}

int glp_factorize(glp_prob *lp)
{
    static int (*f)(glp_prob *);
    if (!f)
        f = (int (*)(glp_prob *))real("glp_factorize");
    int it0 = glp_get_it_cnt(lp);
    double t0 = now();
    depth++;
    int ret = f(lp);
    depth--;
    record(lp, 4, t0, it0);
    return ret;
}

__attribute__((destructor)) static void report(void)
{
    if (n_probs == 0)
        return; /* a process that never used GLPK (e.g. timeout(1) before it) */
    const char *path = getenv("RF_GLPK_CALLS");
    FILE *out = path && *path ? fopen(path, "w") : stderr;
    if (!out)
        return;
    double total = 0;
    int n_levels_probs = 0, n_rounding = 0;
    for (int i = 0; i < n_probs; i++) {
        const prob_stats *p = &probs[i];
        bool any = false;
        for (int l = 0; l <= MAX_LEVELS; l++)
            for (int k = 0; k < N_KINDS; k++)
                any = any || p->calls[l][k];
        if (!any)
            continue;
        char name[32];
        if (p->level > 0)
            snprintf(name, sizeof name, "levels%d", ++n_levels_probs);
        else
            snprintf(name, sizeof name, "rounding%d", ++n_rounding);
        for (int l = 0; l <= MAX_LEVELS; l++)
            for (int k = 0; k < N_KINDS; k++)
                if (p->calls[l][k]) {
                    fprintf(out, "%s %d %s %ld %.6f %ld %d %d\n", name, l, KIND[k], p->calls[l][k],
                            p->seconds[l][k], p->iterations[l][k], p->rows, p->cols);
                    total += p->seconds[l][k];
                }
    }
    fprintf(out, "total %.6f\n", total);
    if (out != stderr)
        fclose(out);
}
