/* rf_crash: a greedy, triangular starting basis; see rf_crash.h. */
#include "rf_crash.h"

#include <math.h>
#include <stdlib.h>

/* Amounts below this (万元, a millionth of a fen) are nothing to fill. */
#define CRASH_EPS 1e-12

typedef struct {
    const rf_model *m;
    size_t *col_start; /* CSC: the rows of column j are col_rows[col_start[j]..] */
    int *col_rows;
    double *col_vals;
    size_t *row_start; /* CSR: the columns of row i are row_cols[row_start[i]..] */
    int *row_cols;
    int *col_entitlement; /* the entitlement row of a flow column, or -1 */
    int *col_source;      /* the source row of a flow column, or -1 */
    unsigned char *col_pass; /* the source_pass + 1 that pays a flow column, or 0 */
    double *act;          /* row activity of the fill so far */
    bool *closed;         /* the row has its basic structural variable */
    bool *basic;          /* the column is basic */
    bool *tried;          /* scratch: offered to the row being filled (columns, then sources) */
    int z_cap;            /* the cap row of the class whose even row z closes, or -1 */
} crash;

/* Which sources a pass offers: the synchronous households' sources; the
 * registered pool (every registered source that is drawn in full, loans
 * included, since all of it is spent anyway); loans drawn only as needed. */
typedef enum { PAY_SYNC_SOURCES, PAY_POOL, PAY_LOANS } source_pass;

/* col_pass of column j of m: its source_pass + 1, or 0 if no pass pays it. */
static unsigned char pass_of(const rf_model *m, size_t j)
{
    const rf_col *col = &m->cols[j];
    if (col->kind != RF_COL_FLOW)
        return 0;
    const rf_policy_source *src = &m->scenario->policy->sources[col->source];
    if (src->is_loan && src->drawdown == RF_DRAW_AS_NEEDED)
        return PAY_LOANS + 1;
    if (src->category == RF_CAT_SYNCHRONOUS)
        return PAY_SYNC_SOURCES + 1;
    return src->category == RF_CAT_REGISTERED ? PAY_POOL + 1 : 0;
}

/* Rows that never stop a fill: their auxiliary columns (z, over, under)
 * are set to fit once the money has been placed. */
static bool deferred(const rf_row *r)
{
    return r->kind == RF_ROW_EVEN || r->kind == RF_ROW_ENTITLEMENT || r->kind == RF_ROW_LEVEL;
}

static bool crash_init(crash *c, const rf_model *m)
{
    size_t nr = m->n_rows, nc = m->n_cols, nz = m->n_coefs;
    c->m = m;
    c->z_cap = -1;
    c->col_start = calloc(nc + 1, sizeof *c->col_start);
    c->col_rows = malloc((nz + 1) * sizeof *c->col_rows);
    c->col_vals = malloc((nz + 1) * sizeof *c->col_vals);
    c->row_start = calloc(nr + 1, sizeof *c->row_start);
    c->row_cols = malloc((nz + 1) * sizeof *c->row_cols);
    c->col_entitlement = malloc((nc + 1) * sizeof *c->col_entitlement);
    c->col_source = malloc((nc + 1) * sizeof *c->col_source);
    c->col_pass = malloc(nc + 1);
    c->act = calloc(nr + 1, sizeof *c->act);
    c->closed = calloc(nr + 1, sizeof *c->closed);
    c->basic = calloc(nc + 1, sizeof *c->basic);
    /* Columns, then sources (pay_deficit_site). */
    c->tried = calloc(nc + m->scenario->policy->n_sources + 1, sizeof *c->tried);
    size_t *fill_c = calloc(nc + 1, sizeof *fill_c);
    size_t *fill_r = calloc(nr + 1, sizeof *fill_r);
    bool ok = c->col_start && c->col_rows && c->col_vals && c->row_start && c->row_cols &&
              c->col_entitlement && c->col_source && c->col_pass && c->act && c->closed && c->basic && c->tried &&
              fill_c && fill_r;
    if (ok) {
        for (size_t k = 0; k < nz; k++) {
            c->col_start[m->coefs[k].col + 1]++;
            c->row_start[m->coefs[k].row + 1]++;
        }
        for (size_t j = 0; j < nc; j++)
            c->col_start[j + 1] += c->col_start[j];
        for (size_t i = 0; i < nr; i++)
            c->row_start[i + 1] += c->row_start[i];
        for (size_t k = 0; k < nz; k++) {
            const rf_coef *e = &m->coefs[k];
            size_t at = c->col_start[e->col] + fill_c[e->col]++;
            c->col_rows[at] = e->row;
            c->col_vals[at] = e->value;
            c->row_cols[c->row_start[e->row] + fill_r[e->row]++] = e->col;
        }
        for (size_t j = 0; j < nc; j++) {
            c->col_pass[j] = pass_of(m, j);
            c->col_entitlement[j] = c->col_source[j] = -1;
            for (size_t k = c->col_start[j]; k < c->col_start[j + 1]; k++) {
                rf_row_kind kind = m->rows[c->col_rows[k]].kind;
                if (kind == RF_ROW_ENTITLEMENT)
                    c->col_entitlement[j] = c->col_rows[k];
                else if (kind == RF_ROW_SOURCE)
                    c->col_source[j] = c->col_rows[k];
            }
        }
    }
    free(fill_c);
    free(fill_r);
    return ok;
}

static void crash_free(crash *c)
{
    free(c->col_start);
    free(c->col_rows);
    free(c->col_vals);
    free(c->row_start);
    free(c->row_cols);
    free(c->col_entitlement);
    free(c->col_source);
    free(c->col_pass);
    free(c->act);
    free(c->closed);
    free(c->basic);
    free(c->tried);
}

/* Makes column j basic at value t, as the basic variable of row r. */
static void make_basic(crash *c, int j, int r, double t)
{
    c->basic[j] = true;
    c->closed[r] = true;
    for (size_t k = c->col_start[j]; k < c->col_start[j + 1]; k++)
        c->act[c->col_rows[k]] += c->col_vals[k] * t;
}

/* What may stop a column that is raised (raise_col). */
enum {
    RAISE_OVER_CAP = 1, /* cap rows are no limit: the excess is set after */
    RAISE_AT_HOME = 2,  /* entitlement rows are limits: money stays within the site share */
    RAISE_UNDER_Z = 4,  /* even rows are limits: self-funding up to z per household */
    RAISE_PAST_Z = 8    /* a closed even row does not stop it (the class that sets z) */
};

/* Raises column j from 0 until one of its rows is full; that row closes
 * with j as its basic variable.  Entitlement and even rows are limits only
 * as flags say (their auxiliary columns are set to fit afterwards), cap
 * rows unless RAISE_OVER_CAP.  False when j cannot move: it is basic, one
 * of its rows is closed, or a limiting row has no room left. */
static bool raise_col(crash *c, int j, unsigned flags)
{
    if (c->basic[j])
        return false;
    double t = INFINITY;
    int bind = -1;
    for (size_t k = c->col_start[j]; k < c->col_start[j + 1]; k++) {
        int r = c->col_rows[k];
        const rf_row *row = &c->m->rows[r];
        if (c->closed[r] && row->kind == RF_ROW_EVEN && (flags & RAISE_PAST_Z))
            continue;
        if (c->closed[r])
            return false;
        bool limit = row->kind == RF_ROW_ENTITLEMENT ? (flags & RAISE_AT_HOME) != 0
                     : row->kind == RF_ROW_EVEN      ? (flags & RAISE_UNDER_Z) != 0
                     : row->kind == RF_ROW_CAP       ? !(flags & RAISE_OVER_CAP)
                                                     : !deferred(row);
        double a = c->col_vals[k];
        double room = INFINITY;
        if (limit && a > 0 && row->sense != RF_GE)
            room = (row->rhs_wan - c->act[r]) / a;
        else if (limit && a < 0 && row->sense == RF_GE)
            room = (c->act[r] - row->rhs_wan) / -a;
        if (room < t) {
            t = room;
            bind = r;
        }
    }
    if (bind < 0 || t <= CRASH_EPS)
        return false;
    make_basic(c, j, bind, t);
    return true;
}

/* How far a flow column's source is below its site's entitlement (the
 * level that keeps each site's pool at home); 0 without one. */
static double entitlement_room(const crash *c, int j)
{
    int r = c->col_entitlement[j];
    return r < 0 ? 0.0 : c->m->rows[r].rhs_wan - c->act[r];
}

static bool in_pass(const crash *c, int j, source_pass pass)
{
    return c->col_pass[j] == (unsigned char)(pass + 1);
}

/* Money a flow column's source has not yet given anywhere. */
static double source_room(const crash *c, int j)
{
    int r = c->col_source[j];
    return r < 0 || c->closed[r] ? 0.0 : c->m->rows[r].rhs_wan - c->act[r];
}

/* How far a source may pay a row (pay_from_sources). */
typedef enum {
    ANYWHERE, /* as far as its money goes */
    AT_HOME   /* up to its share at the site, except one source kept in
               * reserve (the one with the most money left), which pays
               * the rest when nothing else can: at a site whose shares do
               * not cover its costs, the others then stay at their shares */
} reach;

/* Fills row r from the sources of a pass, the source furthest below its
 * entitlement at the site first, until the row is full or no source of
 * the pass can give more within its reach. */
static void pay_from_sources(crash *c, int r, source_pass pass, reach how)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++)
        c->tried[c->row_cols[k]] = false;
    while (!c->closed[r]) {
        int best = -1, reserve = -1;
        double best_room = -INFINITY, reserve_money = -INFINITY;
        for (size_t k = c->row_start[r]; how == AT_HOME && k < c->row_start[r + 1]; k++) {
            int j = c->row_cols[k];
            if (c->tried[j] || c->basic[j] || !in_pass(c, j, pass))
                continue;
            if (c->col_entitlement[j] >= 0 && source_room(c, j) > reserve_money) {
                reserve_money = source_room(c, j);
                reserve = j;
            }
        }
        for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++) {
            int j = c->row_cols[k];
            if (j == reserve || c->tried[j] || c->basic[j] || !in_pass(c, j, pass))
                continue;
            double room = entitlement_room(c, j);
            if (room > best_room) {
                best_room = room;
                best = j;
            }
        }
        if (best < 0 && reserve < 0)
            return;
        bool limited = how != ANYWHERE && best >= 0;
        if (best < 0)
            best = reserve;
        c->tried[best] = true;
        raise_col(c, best, limited ? RAISE_AT_HOME : 0);
    }
}

/* Raises the first column of row r of the given kind. */
static void pay_with(crash *c, int r, rf_col_kind kind, bool over_cap)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1] && !c->closed[r]; k++) {
        int j = c->row_cols[k];
        if (c->m->cols[j].kind == kind)
            raise_col(c, j, over_cap ? RAISE_OVER_CAP : 0);
    }
}

static bool is_shared(const rf_row *r)
{
    return r->kind == RF_ROW_COST && r->use >= RF_USE_INFRASTRUCTURE && r->use <= RF_USE_DEMOLITION;
}

static bool is_dwelling(const rf_row *r, rf_category cat)
{
    return r->kind == RF_ROW_COST && !is_shared(r) && r->category == cat;
}

/* Money the registered dwellings (and, with shared, the shared costs) can
 * still draw on before the households pay: what the pool and the loans
 * drawn as needed have left, and the integrated agricultural funds as far
 * as they may pay those costs. */
static double money_for_dwellings(const crash *c, bool shared)
{
    const rf_model *m = c->m;
    double money = 0.0, agri = 0.0, agri_costs = 0.0;
    for (size_t i = 0; i < m->n_rows; i++) {
        const rf_row *r = &m->rows[i];
        if (c->closed[i])
            continue;
        if (r->kind == RF_ROW_SOURCE && r->category == RF_CAT_REGISTERED)
            money += fmax(0.0, r->rhs_wan - c->act[i]);
        else if (r->kind == RF_ROW_AGRI)
            agri += fmax(0.0, r->rhs_wan - c->act[i]);
        else if (is_dwelling(r, RF_CAT_REGISTERED) || (shared && is_shared(r)))
            for (size_t k = c->row_start[i]; k < c->row_start[i + 1]; k++)
                if (m->cols[c->row_cols[k]].kind == RF_COL_AGRI)
                    agri_costs += fmax(0.0, r->rhs_wan - c->act[i]);
    }
    return money + fmin(agri, agri_costs);
}

/* What is left of the costs of the given rows (shared costs too when
 * shared). */
static double costs_left(const crash *c, bool shared)
{
    double left = 0.0;
    for (size_t i = 0; i < c->m->n_rows; i++) {
        const rf_row *r = &c->m->rows[i];
        if (!c->closed[i] && (is_dwelling(r, RF_CAT_REGISTERED) || (shared && is_shared(r))))
            left += r->rhs_wan - c->act[i];
    }
    return left;
}

/* Makes a class (cap row cap) pay `pays` of its dwellings: its self-
 * funding columns rise until their cost rows close (flags may also let the
 * even row stop them): within the cap where the cap covers `pays`,
 * otherwise past it, with the excess over the cap set explicitly. */
static void class_pays(crash *c, int cap, double pays, unsigned flags)
{
    const rf_model *m = c->m;
    const rf_row *cr = &m->rows[cap];
    bool over = pays > cr->rhs_wan - c->act[cap] + CRASH_EPS;
    for (size_t q = c->row_start[cap]; q < c->row_start[cap + 1]; q++) {
        int j = c->row_cols[q];
        if (m->cols[j].kind == RF_COL_SELF)
            raise_col(c, j, flags | (over ? RAISE_OVER_CAP : 0));
    }
    double excess = c->act[cap] - cr->rhs_wan;
    if (over && excess > CRASH_EPS && !c->closed[cap])
        for (size_t q = c->row_start[cap]; q < c->row_start[cap + 1]; q++) {
            int j = c->row_cols[q];
            if (m->cols[j].kind == RF_COL_CAP_EXCESS && !c->basic[j]) {
                make_basic(c, j, cap, excess);
                break;
            }
        }
}

/* Whether row i is a dwelling of the class whose even row z closes. */
static bool sets_z(const crash *c, int i)
{
    if (c->z_cap < 0)
        return false;
    const rf_row *r = &c->m->rows[i], *cap = &c->m->rows[c->z_cap];
    return is_dwelling(r, RF_CAT_REGISTERED) && r->site == cap->site && r->cls == cap->cls;
}

/* What is left of the self-fundable dwelling costs of a class (cap row). */
static double costs_of_class(const crash *c, int cap)
{
    double left = 0.0;
    for (size_t k = c->row_start[cap]; k < c->row_start[cap + 1]; k++) {
        int j = c->row_cols[k];
        if (c->m->cols[j].kind != RF_COL_SELF)
            continue;
        for (size_t q = c->col_start[j]; q < c->col_start[j + 1]; q++) {
            int r = c->col_rows[q];
            if (c->m->rows[r].kind == RF_ROW_COST && !c->closed[r])
                left += c->m->rows[r].rhs_wan - c->act[r];
        }
    }
    return left;
}

/* A class and the payment per household that clears its dwellings. */
typedef struct {
    double level;
    size_t index;
} class_level;

static int by_level(const void *a, const void *b)
{
    const class_level *x = a, *y = b;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* When the money cannot pay every registered dwelling, the households pay
 * `need` between them, and the levels want it spread evenly: the least
 * highest payment per household z (within the cap where the cap allows).
 * Each class pays min(its dwellings, z x its households), with z set so
 * that the classes pay `need` in all ("water-filling").  plan_even finds z;
 * apply_even makes z basic at that level as the basic variable of the even
 * row of one class at the level (c0, remembered in c->z_cap), and every
 * other class pays up to z (its even row the limit) or all its dwellings.
 * The money then pays the other classes' dwellings and c0's last, running
 * out there, and c0's households pay what is left (rf_crash_basis,
 * RAISE_PAST_Z): z x its households when the sums are exact.  That basis
 * has one cycle through z and the money's source rows, so it is not
 * triangular; it is still nonsingular (the cycle's determinant is a sum of
 * household counts, never 0). */
typedef struct {
    int z_col; /* z, or -1: nothing to spread */
    double z;
    size_t n; /* the classes: cap row, even row, households, dwellings left */
    int *cap, *even;
    double *h, *rem;
} even_plan;

static void even_plan_free(even_plan *p)
{
    free(p->cap);
    free(p->even);
    free(p->h);
    free(p->rem);
}

/* Whether class k of p pays z per household (less than its dwellings). */
static bool at_z(const even_plan *p, size_t k)
{
    return p->rem[k] > p->z * p->h[k] + CRASH_EPS;
}

/* What class k of p pays. */
static double class_share(const even_plan *p, size_t k)
{
    return at_z(p, k) ? p->z * p->h[k] : p->rem[k];
}

/* Fills p (z_col -1 when there is no z, nothing to spread, or the model
 * is not of the shape this fill knows).  False when out of memory. */
static bool plan_even(crash *c, double need, even_plan *p)
{
    const rf_model *m = c->m;
    *p = (even_plan){.z_col = -1};
    int z_col = -1;
    for (size_t j = 0; j < m->n_cols && z_col < 0; j++)
        if (m->cols[j].kind == RF_COL_EVEN)
            z_col = (int)j;
    if (z_col < 0 || need <= CRASH_EPS)
        return true;
    size_t n = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        n += m->rows[i].kind == RF_ROW_CAP;
    double *z_coef = calloc(m->n_rows + 1, sizeof *z_coef);
    class_level *order = malloc((n + 1) * sizeof *order);
    p->cap = malloc((n + 1) * sizeof *p->cap);
    p->even = malloc((n + 1) * sizeof *p->even);
    p->h = malloc((n + 1) * sizeof *p->h);
    p->rem = malloc((n + 1) * sizeof *p->rem);
    bool ok = z_coef && order && p->cap && p->even && p->h && p->rem;
    if (!ok)
        goto out;
    for (size_t k = c->col_start[z_col]; k < c->col_start[z_col + 1]; k++)
        z_coef[c->col_rows[k]] = c->col_vals[k];
    double total = 0.0;
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->rows[i].kind != RF_ROW_CAP)
            continue;
        size_t k = p->n;
        p->cap[k] = (int)i;
        p->rem[k] = costs_of_class(c, (int)i);
        /* The class's even row: the one its self-funding columns share. */
        p->even[k] = -1;
        for (size_t q = c->row_start[i]; q < c->row_start[i + 1] && p->even[k] < 0; q++) {
            int j = c->row_cols[q];
            for (size_t t = c->col_start[j]; t < c->col_start[j + 1]; t++)
                if (m->cols[j].kind == RF_COL_SELF && m->rows[c->col_rows[t]].kind == RF_ROW_EVEN)
                    p->even[k] = c->col_rows[t];
        }
        if (p->even[k] < 0 || z_coef[p->even[k]] <= 0 || c->closed[p->even[k]])
            goto out; /* not the shape this fill knows */
        p->h[k] = z_coef[p->even[k]];
        total += p->rem[k];
        p->n++;
    }
    if (p->n == 0 || need >= total - CRASH_EPS)
        goto out;
    /* Classes by the payment per household that clears them, lowest first. */
    for (size_t k = 0; k < p->n; k++)
        order[k] = (class_level){p->rem[k] / p->h[k], k};
    qsort(order, p->n, sizeof *order, by_level);
    double cleared = 0.0, households = 0.0;
    for (size_t k = 0; k < p->n; k++)
        households += p->h[k];
    for (size_t k = 0; k < p->n; k++) {
        size_t i = order[k].index;
        p->z = (need - cleared) / households;
        if (p->z <= p->rem[i] / p->h[i])
            break;
        cleared += p->rem[i];
        households -= p->h[i];
    }
    bool some = false;
    for (size_t k = 0; k < p->n; k++)
        some = some || at_z(p, k);
    if (some && p->z > CRASH_EPS)
        p->z_col = z_col;
out:
    free(z_coef);
    free(order);
    return ok;
}

/* Makes z basic in the even row of class c0 (at z) and lets every other
 * class pay its part (plan_even). */
static void apply_even(crash *c, const even_plan *p, size_t c0)
{
    make_basic(c, p->z_col, p->even[c0], p->z);
    c->z_cap = p->cap[c0];
    for (size_t k = 0; k < p->n; k++)
        if (k != c0)
            class_pays(c, p->cap[k], class_share(p, k), at_z(p, k) ? RAISE_UNDER_Z : 0);
}

/* A full source's money left over: employment bases up to need (at the
 * sites below their share first), then industry, first at the sites below
 * their share (up to it), then wherever the source is furthest below its
 * entitlement. */
static void place_surplus(crash *c, const bool *home)
{
    const rf_model *m = c->m;
    /* Employment bases at the sites below their share first: there the
     * money stays home; at a site over its share it would only move more
     * money away from the sites it belongs to. */
    for (size_t i = 0; i < m->n_rows; i++)
        if (m->rows[i].kind == RF_ROW_EMPLOYMENT)
            pay_from_sources(c, (int)i, PAY_SYNC_SOURCES, ANYWHERE);
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < m->n_rows; i++) {
            const rf_row *r = &m->rows[i];
            if (r->kind == RF_ROW_EMPLOYMENT && home[r->site] == (pass < 2))
                pay_from_sources(c, (int)i, PAY_POOL, pass == 0 ? AT_HOME : ANYWHERE);
        }
    for (size_t i = 0; i < m->n_rows; i++) {
        const rf_row *r = &m->rows[i];
        if (r->kind != RF_ROW_SOURCE || r->sense != RF_EQ)
            continue;
        for (size_t k = c->row_start[i]; k < c->row_start[i + 1] && !c->closed[i]; k++) {
            int j = c->row_cols[k];
            if (m->cols[j].use == RF_USE_INDUSTRY && home[m->cols[j].site])
                raise_col(c, j, RAISE_AT_HOME);
        }
        while (!c->closed[i] && r->rhs_wan - c->act[i] > CRASH_EPS) {
            int best = -1;
            double best_room = -INFINITY;
            for (size_t k = c->row_start[i]; k < c->row_start[i + 1]; k++) {
                int j = c->row_cols[k];
                if (m->cols[j].use != RF_USE_INDUSTRY || c->basic[j])
                    continue;
                double room = entitlement_room(c, j);
                if (room > best_room) {
                    best_room = room;
                    best = j;
                }
            }
            if (best < 0 || !raise_col(c, best, 0))
                break;
        }
    }
}

/* Whether a source of the registered pool may pay row r. */
static bool pool_pays(const crash *c, int r)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++)
        if (in_pass(c, c->row_cols[k], PAY_POOL))
            return true;
    return false;
}

/* Whether policy source f belongs to the registered pool (PAY_POOL). */
static bool pool_source(const crash *c, int f)
{
    const rf_policy_source *src = &c->m->scenario->policy->sources[f];
    return src->category == RF_CAT_REGISTERED &&
           !(src->is_loan && src->drawdown == RF_DRAW_AS_NEEDED);
}

/* The column of integrated agricultural funds in row r, or -1. */
static int agri_col(const crash *c, int r)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++)
        if (c->m->cols[c->row_cols[k]].kind == RF_COL_AGRI)
            return c->row_cols[k];
    return -1;
}

/* What is left of row r to fill. */
static double room(const crash *c, int r)
{
    return c->closed[r] ? 0.0 : fmax(0.0, c->m->rows[r].rhs_wan - c->act[r]);
}

/* Raises the pool's columns in row r, the source furthest below its share
 * at the site first, leaving out the sources f with skip[f] (skip may be
 * NULL); with at_home each only up to its share there (its entitlement row
 * the limit, which closes it), otherwise as far as its money goes. */
static void pool_pays_row(crash *c, int r, const bool *skip, bool at_home)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++)
        c->tried[c->row_cols[k]] = false;
    while (!c->closed[r]) {
        int best = -1;
        double best_room = -INFINITY;
        for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++) {
            int j = c->row_cols[k];
            if (c->tried[j] || c->basic[j] || !in_pass(c, j, PAY_POOL) ||
                (skip && skip[c->m->cols[j].source]))
                continue;
            double er = entitlement_room(c, j);
            if (er > best_room) {
                best_room = er;
                best = j;
            }
        }
        if (best < 0)
            return;
        c->tried[best] = true;
        raise_col(c, best, at_home ? RAISE_AT_HOME : 0);
    }
}

/* Raises source f's pool column in row r as far as its money goes. */
static void source_pays_row(crash *c, int r, int f)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1] && !c->closed[r]; k++) {
        int j = c->row_cols[k];
        if (c->m->cols[j].source == f && in_pass(c, j, PAY_POOL))
            raise_col(c, j, 0);
    }
}

/* How the registered pool is placed at a site (place_pool). */
typedef enum {
    SITE_SURPLUS = 0, /* the shares cover what the pool pays there: each source up to its share */
    SITE_EVEN,        /* the shares and part of a flexible fund cover it */
    SITE_DEFICIT      /* the pool's shares do not: money from the surplus sites comes in */
} site_kind;

/* The money whose place among the sites is the entitlement level's to
 * choose when money is short (plan_funds): integrated agricultural funds,
 * and the synchronous sources on shared costs when they cannot pay all
 * those they may. */
enum { FUND_AGRI = 0, FUND_SYNC, N_FUNDS };

typedef struct {
    double need;          /* what is left for the pool and the flexible funds to pay */
    double share;         /* the pool's entitlements at the site */
    double room[N_FUNDS]; /* what is left there of the costs each fund may pay */
    double fund[N_FUNDS]; /* what each is planned to pay there */
    int first[N_FUNDS];   /* 0: not before the pool; 1, 2: before it, in round 0 or 2 */
    int after;            /* at a SITE_EVEN site, the fund that pays what the pool leaves */
    site_kind kind;
    int payer;            /* at a deficit site, the source that pays beyond its share, or -1 */
} site_plan;

/* Whether the synchronous households' sources may pay row r. */
static bool sync_pays(const crash *c, int r)
{
    for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++)
        if (in_pass(c, c->row_cols[k], PAY_SYNC_SOURCES))
            return true;
    return false;
}

/* Pool rows of a site, in the order the pool pays them: the shared costs
 * and dwellings no flexible fund may pay, then those the synchronous
 * sources may, then those integrated agricultural funds may (so that where
 * the shares run out, what is left is theirs), c0's dwellings last; with
 * emp, the employment bases too.  cls[k]: the row's place in that order
 * (0-3). */
typedef struct {
    size_t *start; /* rows of site s: rows[start[s]..start[s + 1]) */
    int *rows;
    int *cls;
} site_rows;

static bool pool_row(const crash *c, int i, bool emp)
{
    const rf_row *r = &c->m->rows[i];
    bool kind = is_shared(r) || is_dwelling(r, RF_CAT_REGISTERED) ||
                (emp && r->kind == RF_ROW_EMPLOYMENT);
    return kind && !c->closed[i] && pool_pays(c, i);
}

/* The class of row i in site_rows. */
static int row_class(const crash *c, int i)
{
    return sets_z(c, i)                                      ? 3
           : agri_col(c, i) >= 0                             ? 2
           : is_shared(&c->m->rows[i]) && sync_pays(c, i)    ? 1
                                                             : 0;
}

static bool site_rows_build(const crash *c, bool emp, site_rows *sr)
{
    const rf_model *m = c->m;
    size_t n = m->scenario->n_sites;
    sr->start = calloc(n + 2, sizeof *sr->start);
    sr->rows = malloc((m->n_rows + 1) * sizeof *sr->rows);
    sr->cls = malloc((m->n_rows + 1) * sizeof *sr->cls);
    size_t *fill = calloc(n + 1, sizeof *fill);
    bool ok = sr->start && sr->rows && sr->cls && fill;
    if (ok) {
        for (size_t i = 0; i < m->n_rows; i++)
            if (pool_row(c, (int)i, emp))
                sr->start[m->rows[i].site + 1]++;
        for (size_t s = 0; s < n; s++)
            sr->start[s + 1] += sr->start[s];
        for (int round = 0; round < 4; round++)
            for (size_t i = 0; i < m->n_rows; i++) {
                if (!pool_row(c, (int)i, emp) || row_class(c, (int)i) != round)
                    continue;
                size_t s = (size_t)m->rows[i].site, at = sr->start[s] + fill[s]++;
                sr->rows[at] = (int)i;
                sr->cls[at] = round;
            }
    }
    free(fill);
    return ok;
}

static void site_rows_free(site_rows *sr)
{
    free(sr->start);
    free(sr->rows);
    free(sr->cls);
}

/* Flexible fund f on site s's rows, as far as it goes. */
static void fund_pays_site(crash *c, const site_rows *sr, size_t s, int f)
{
    for (size_t k = sr->start[s]; k < sr->start[s + 1]; k++) {
        int r = sr->rows[k], j = agri_col(c, r);
        if (f == FUND_AGRI && j >= 0)
            raise_col(c, j, 0);
        else if (f == FUND_SYNC && sr->cls[k] == 1)
            pay_from_sources(c, r, PAY_SYNC_SOURCES, ANYWHERE);
    }
}

/* The pool on site s's rows (pool_pays_row), those of class last (-1:
 * none) after the others. */
static void pool_pays_site(crash *c, const site_rows *sr, size_t s, const bool *skip, bool at_home,
                           int last)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = sr->start[s]; k < sr->start[s + 1]; k++)
            if ((sr->cls[k] == last) == (pass == 1))
                pool_pays_row(c, sr->rows[k], skip, at_home);
}

/* What fund f may take at a site whose shares fall e short: e, when its
 * room holds it (0 otherwise). */
static double fund_takes(const site_plan *q, int f, double e)
{
    return e > CRASH_EPS && e < q->room[f] ? e : 0.0;
}

/* Decides, site by site, where the flexible funds go (money[f] of each)
 * and which sites the pool's money leaves or comes to, so that the
 * starting point is near the optimum of the site entitlement level: it
 * moves as little of each site's pool as the levels before it allow, so
 * the funds go where the shares fall short, by no more than they do.  A
 * site short even with all the funds it may take gets all of them first.
 * A site whose shares cover all but part of what the funds may pay is
 * SITE_EVEN: the pool pays up to its shares, then one fund what is left
 * (the one with most money left for the sites still to come; the other
 * fund first, in full, when one is not enough); a fund with money left at
 * the end takes such sites over from the other.  Funds left go to sites
 * whose shares cover their costs, before the pool (pushing pool money out
 * to where it is short), and last in full where they would pay after the
 * pool.  The sites whose shares fall short even so are SITE_DEFICIT: they
 * take money from the others. */
static void plan_funds(site_plan *sp, const size_t *sites, size_t n, const double *money)
{
    double left[N_FUNDS], wanted[N_FUNDS] = {0.0, 0.0};
    for (int f = 0; f < N_FUNDS; f++)
        left[f] = money[f];
    for (size_t k = 0; k < n; k++) {
        site_plan *q = &sp[sites[k]];
        double e = q->need - q->share, rooms = q->room[FUND_AGRI] + q->room[FUND_SYNC];
        q->after = -1;
        if (rooms <= CRASH_EPS || e < rooms) {
            for (int f = 0; f < N_FUNDS; f++)
                wanted[f] += fund_takes(q, f, e);
            continue;
        }
        for (int f = 0; f < N_FUNDS; f++)
            if (q->room[f] > CRASH_EPS && left[f] > CRASH_EPS) {
                q->fund[f] = fmin(q->room[f], left[f]);
                q->first[f] = 1;
                left[f] -= q->fund[f];
            }
    }
    for (size_t k = 0; k < n; k++) {
        site_plan *q = &sp[sites[k]];
        double e = q->need - q->share, rooms = q->room[FUND_AGRI] + q->room[FUND_SYNC];
        if (q->first[FUND_AGRI] || q->first[FUND_SYNC] || e <= CRASH_EPS || e >= rooms)
            continue;
        double takes[N_FUNDS];
        for (int f = 0; f < N_FUNDS; f++) {
            takes[f] = fund_takes(q, f, e);
            wanted[f] -= takes[f];
        }
        /* One fund alone, the one with more money left for what the sites
         * to come may want of it; else the other in full first. */
        int best = -1;
        for (int f = 0; f < N_FUNDS; f++)
            if (takes[f] > 0 && left[f] >= e &&
                (best < 0 || left[f] * fmax(wanted[best], CRASH_EPS) >
                                 left[best] * fmax(wanted[f], CRASH_EPS)))
                best = f;
        for (int f = 0; f < N_FUNDS && best < 0; f++) {
            int g = 1 - f;
            double rest = e - q->room[g];
            if (rest > CRASH_EPS && rest < q->room[f] && left[f] >= rest && left[g] >= q->room[g]) {
                best = f;
                q->fund[g] = q->room[g];
                q->first[g] = 1;
                left[g] -= q->room[g];
            }
        }
        if (best >= 0) {
            q->after = best;
            q->fund[best] = e - q->fund[1 - best];
            left[best] -= q->fund[best];
            continue;
        }
        for (int f = 0; f < N_FUNDS; f++)
            if (q->room[f] > CRASH_EPS && left[f] > CRASH_EPS) {
                q->fund[f] = fmin(q->room[f], left[f]);
                q->first[f] = 2;
                left[f] -= q->fund[f];
            }
    }
    /* A fund with money left takes SITE_EVEN sites over from the other. */
    for (int f = 0; f < N_FUNDS; f++)
        for (size_t k = 0; k < n && left[f] > CRASH_EPS; k++) {
            site_plan *q = &sp[sites[k]];
            int g = 1 - f;
            double e = q->fund[g];
            if (q->after == g && !q->first[f] && fund_takes(q, f, e) > 0 && left[f] >= e) {
                q->after = f;
                q->fund[f] = e;
                q->fund[g] = 0.0;
                left[f] -= e;
                left[g] += e;
            }
        }
    for (size_t k = 0; k < n; k++) {
        site_plan *q = &sp[sites[k]];
        if (q->need - q->share > CRASH_EPS || q->after >= 0)
            continue;
        for (int f = 0; f < N_FUNDS; f++)
            if (!q->first[f] && left[f] > CRASH_EPS && q->room[f] > CRASH_EPS) {
                q->fund[f] = fmin(q->room[f], left[f]);
                q->first[f] = 2;
                left[f] -= q->fund[f];
            }
    }
    /* Still money left: it pays first, in full, where it pays after the
     * pool (the shares then more than cover those sites). */
    for (size_t k = 0; k < n; k++) {
        site_plan *q = &sp[sites[k]];
        int f = q->after;
        if (f >= 0 && left[f] > CRASH_EPS) {
            double more = fmin(q->room[f] - q->fund[f], left[f]);
            q->fund[f] += more;
            left[f] -= more;
            q->first[f] = 2;
            q->after = -1;
        }
    }
    for (size_t k = 0; k < n; k++) {
        site_plan *q = &sp[sites[k]];
        double short_by = q->need - q->fund[FUND_AGRI] - q->fund[FUND_SYNC] - q->share;
        q->kind = q->after >= 0 ? SITE_EVEN : short_by > CRASH_EPS ? SITE_DEFICIT : SITE_SURPLUS;
    }
}

/* z: the highest self-funding per household, tight at the class that
 * sets it. */
static void place_even(crash *c)
{
    const rf_model *m = c->m;
    for (size_t j = 0; j < m->n_cols; j++) {
        if (m->cols[j].kind != RF_COL_EVEN || c->basic[j])
            continue;
        double z = 0.0;
        int bind = -1;
        for (size_t k = c->col_start[j]; k < c->col_start[j + 1]; k++) {
            int r = c->col_rows[k];
            double need = -c->act[r] / c->col_vals[k];
            if (need > z + CRASH_EPS) {
                z = need;
                bind = r;
            }
        }
        if (bind >= 0)
            make_basic(c, (int)j, bind, z);
    }
}

/* over and under: how far each source's money at a site is from its
 * entitlement. */
static void place_entitlement(crash *c)
{
    const rf_model *m = c->m;
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->rows[i].kind != RF_ROW_ENTITLEMENT)
            continue;
        double diff = m->rows[i].rhs_wan - c->act[i];
        rf_col_kind want = diff > 0 ? RF_COL_DEV_UNDER : RF_COL_DEV_OVER;
        if (fabs(diff) <= CRASH_EPS)
            continue;
        for (size_t k = c->row_start[i]; k < c->row_start[i + 1]; k++) {
            int j = c->row_cols[k];
            if (m->cols[j].kind == want) {
                make_basic(c, j, (int)i, fabs(diff));
                break;
            }
        }
    }
}

/* A deficit site's pool (place_pool): every source up to its share there,
 * except `payer` (assign_payers), which pays the rest, so that every
 * source gives at least its share at a site short of money, as the
 * entitlement level wants.  At the last site (when money is short: the
 * site where it must run out) every source with money to spare beyond its
 * shares (its money left less committed[f], its shares at the deficit
 * sites not yet placed) pays as far as its money goes, the one with least
 * to spare first: its money there is its share and what it spares, so each
 * gives at least its share.  Then any source that still can.  src_order:
 * the sources in the model's order (ids); over: scratch of a flag per
 * source. */
static void pay_deficit_site(crash *c, const site_rows *sr, size_t s, const int *src_order,
                             const int *src_row, const int *ent_row, double *committed,
                             bool *over, int payer, bool last)
{
    const rf_model *m = c->m;
    size_t nf = m->scenario->policy->n_sources, n = m->scenario->n_sites;
    int order[64];
    size_t n_over = 0;
    for (size_t f = 0; f < nf; f++)
        over[f] = false;
    if (payer >= 0 && !last) {
        over[payer] = true;
        order[n_over++] = payer;
    }
    while (last && n_over < sizeof order / sizeof *order) {
        int pick = -1;
        double pick_spare = 0.0;
        for (size_t q = 0; q < nf; q++) {
            int f = src_order[q];
            if (f < 0 || over[f] || !pool_source(c, f) || src_row[f] < 0)
                continue;
            double spare = room(c, src_row[f]) - committed[f];
            if (spare > CRASH_EPS && (pick < 0 || spare < pick_spare)) {
                pick_spare = spare;
                pick = f;
            }
        }
        if (pick < 0)
            break;
        over[pick] = true;
        order[n_over++] = pick;
    }
    pool_pays_site(c, sr, s, over, true, -1);
    for (size_t k = 0; k < n_over; k++)
        for (size_t q = sr->start[s]; q < sr->start[s + 1]; q++)
            source_pays_row(c, sr->rows[q], order[k]);
    pool_pays_site(c, sr, s, NULL, false, -1);
    for (size_t f = 0; f < nf; f++)
        if (ent_row[f * n + s] >= 0)
            committed[f] -= m->rows[ent_row[f * n + s]].rhs_wan;
}

/* A deficit site and how far its shares fall short (assign_payers). */
typedef struct {
    double short_by;
    size_t order; /* in the model's site order */
    size_t site;
} deficit;

static int by_short(const void *a, const void *b)
{
    const deficit *x = a, *y = b;
    if (x->short_by != y->short_by)
        return x->short_by > y->short_by ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Chooses the source that pays beyond its share at each deficit site but
 * the last (sp[s].payer): the sites the most short first, each to the
 * source with the most money to spare beyond its shares at the deficit
 * sites (its money left less committed[f]) that the sites chosen before
 * leave it, so that no source pays more beyond its shares than it spares
 * where that can be helped.  False when out of memory. */
static bool assign_payers(const crash *c, site_plan *sp, long last, const int *src_order,
                          const int *src_row, const double *committed)
{
    const rf_model *m = c->m;
    size_t nf = m->scenario->policy->n_sources, nd = 0;
    deficit *d = malloc((m->n_sites + 1) * sizeof *d);
    double *spare = calloc(nf + 1, sizeof *spare);
    if (!d || !spare) {
        free(d);
        free(spare);
        return false;
    }
    for (size_t f = 0; f < nf; f++)
        if (src_row[f] >= 0)
            spare[f] = room(c, src_row[f]) - committed[f];
    for (size_t k = 0; k < m->n_sites; k++) {
        size_t s = m->sites[k];
        sp[s].payer = -1;
        if (sp[s].kind == SITE_DEFICIT && (long)s != last)
            d[nd++] = (deficit){sp[s].need - sp[s].fund[FUND_AGRI] - sp[s].fund[FUND_SYNC] -
                                    sp[s].share,
                                k, s};
    }
    qsort(d, nd, sizeof *d, by_short);
    for (size_t k = 0; k < nd; k++) {
        int best = -1;
        for (size_t q = 0; q < nf; q++) {
            int f = src_order[q];
            if (f >= 0 && pool_source(c, f) && src_row[f] >= 0 &&
                (best < 0 || spare[f] > spare[best]))
                best = f;
        }
        if (best < 0)
            break;
        sp[d[k].site].payer = best;
        spare[best] -= d[k].short_by;
    }
    free(d);
    free(spare);
    return true;
}

/* Places the registered pool and the flexible funds (integrated
 * agricultural funds; with sync_flexible, the synchronous sources on shared
 * costs) on the shared costs and registered dwellings (with the employment
 * bases, when the pool pays every one to its need), near the optimum of
 * the levels and of the site entitlement level last (plan_funds), and,
 * when money is short, the households' even part first (plan_even).  Fills
 * home (the sites whose shares cover what the pool pays there).  False
 * when out of memory. */
static bool place_pool(crash *c, bool short_of_money, bool sync_flexible, bool *home)
{
    const rf_model *m = c->m;
    size_t n = m->scenario->n_sites, nf = m->scenario->policy->n_sources, nr = m->n_rows;
    site_plan *sp = calloc(n + 1, sizeof *sp);
    int *src_row = malloc((nf + 1) * sizeof *src_row);
    int *src_order = malloc((nf + 1) * sizeof *src_order); /* sources as the model adds them */
    int *ent_row = malloc((nf * n + 1) * sizeof *ent_row);
    double *committed = calloc(nf + 1, sizeof *committed);
    double *limit = calloc(n + 1, sizeof *limit); /* the synchronous sources' site limits left */
    bool *over = calloc(nf + 1, sizeof *over);
    site_rows sr = {0};
    even_plan ep = {.z_col = -1};
    bool ok = sp && src_row && src_order && ent_row && committed && limit && over;
    if (!ok)
        goto out;
    for (size_t f = 0; f < nf; f++)
        src_row[f] = src_order[f] = -1;
    for (size_t k = 0; k < nf * n; k++)
        ent_row[k] = -1;
    double money = 0.0, loans = 0.0, sync = 0.0, agri_left = 0.0, emp = 0.0;
    size_t n_order = 0;
    for (size_t i = 0; i < nr; i++) {
        const rf_row *r = &m->rows[i];
        if (r->kind == RF_ROW_SOURCE) {
            src_row[r->source] = (int)i;
            src_order[n_order++] = r->source;
            if (r->category == RF_CAT_REGISTERED)
                *(pool_source(c, r->source) ? &money : &loans) += room(c, (int)i);
            else
                sync += room(c, (int)i);
        } else if (r->kind == RF_ROW_ENTITLEMENT && pool_source(c, r->source)) {
            ent_row[(size_t)r->source * n + (size_t)r->site] = (int)i;
            sp[r->site].share += r->rhs_wan;
        } else if (r->kind == RF_ROW_AGRI) {
            agri_left += room(c, (int)i);
        } else if (r->kind == RF_ROW_SITE_LIMIT && r->category == RF_CAT_SYNCHRONOUS) {
            limit[r->site] += room(c, (int)i);
        } else if (pool_row(c, (int)i, false)) {
            sp[r->site].need += room(c, (int)i);
            if (agri_col(c, (int)i) >= 0)
                sp[r->site].room[FUND_AGRI] += room(c, (int)i);
            else if (sync_flexible && is_shared(r) && sync_pays(c, (int)i))
                sp[r->site].room[FUND_SYNC] += room(c, (int)i);
        } else if (pool_row(c, (int)i, true)) {
            emp += room(c, (int)i);
        }
    }
    /* The synchronous sources pay shared costs only within their limits. */
    double sync_room = 0.0;
    for (size_t s = 0; s < n; s++) {
        sp[s].room[FUND_SYNC] = fmin(sp[s].room[FUND_SYNC], limit[s]);
        sync_room += sp[s].room[FUND_SYNC];
    }
    double sync_flex = sync_flexible ? fmin(sync, sync_room) : 0.0;
    if (short_of_money &&
        !plan_even(c, costs_left(c, true) - money_for_dwellings(c, true) - sync_flex, &ep)) {
        ok = false;
        goto out;
    }
    for (size_t k = 0; ep.z_col >= 0 && k < ep.n; k++)
        sp[m->rows[ep.cap[k]].site].need -= class_share(&ep, k);
    double need = 0.0, agri_room = 0.0;
    for (size_t s = 0; s < n; s++) {
        sp[s].need = fmax(0.0, sp[s].need);
        need += sp[s].need;
        agri_room += sp[s].room[FUND_AGRI];
    }
    /* The integrated agricultural funds the levels spend: all they can
     * when the households pay, what the money lacks when it is short,
     * none when the pool pays everything; then, when it pays every
     * employment base to its need as well, those are costs too. */
    double fund[N_FUNDS] = {0.0, sync_flex};
    if (ep.z_col >= 0)
        fund[FUND_AGRI] = fmin(agri_left, agri_room);
    else if (need > money + sync_flex + CRASH_EPS)
        fund[FUND_AGRI] =
            fmin(fmin(agri_left, agri_room), fmax(0.0, need - money - loans - sync_flex));
    bool emp_paid = fund[FUND_AGRI] == 0.0 && ep.z_col < 0 && emp > 0.0 &&
                    money - need + sync_flex >= emp - CRASH_EPS;
    if (emp_paid)
        for (size_t i = 0; i < nr; i++)
            if (m->rows[i].kind == RF_ROW_EMPLOYMENT && pool_row(c, (int)i, true))
                sp[m->rows[i].site].need += room(c, (int)i);
    plan_funds(sp, m->sites, m->n_sites, fund);
    /* The class that sets z: one at a site short of money (where every
     * source may pay as far as its money goes), if any; the most
     * households. */
    long c0_site = -1;
    size_t c0 = 0;
    if (ep.z_col >= 0) {
        int best_rank = -1;
        for (size_t k = 0; k < ep.n; k++) {
            int rank = sp[m->rows[ep.cap[k]].site].kind == SITE_DEFICIT;
            if (at_z(&ep, k) && (rank > best_rank || (rank == best_rank && ep.h[k] > ep.h[c0]))) {
                best_rank = rank;
                c0 = k;
            }
        }
        c0_site = m->rows[ep.cap[c0]].site;
        c->z_cap = ep.cap[c0];
        /* The money must run out at c0's rows, the last the pool pays
         * there: the fund a SITE_EVEN site would take after its pool pays
         * first instead. */
        site_plan *q = &sp[c0_site];
        if (q->kind == SITE_EVEN) {
            q->first[q->after] = 2;
            q->after = -1;
            q->kind = SITE_SURPLUS;
        }
    }
    if (!site_rows_build(c, emp_paid, &sr)) {
        ok = false;
        goto out;
    }
    if (ep.z_col >= 0)
        apply_even(c, &ep, c0);
    /* In the model's site order (ids), round by round: the funds first
     * where a site is short even with them; the pool at the sites its
     * shares just cover, then a fund on what is left there; the funds
     * that remain; the pool at the sites its shares cover; then the sites
     * short of money, the last one (c0's, or when money is short the last
     * in order: where the money must run out) paid by every source. */
    const size_t *sites = m->sites;
    size_t ns = m->n_sites;
    bool money_short = need > money + sync_flex + CRASH_EPS;
    long last = c0_site;
    for (int round = 0; round < 5; round++)
        for (size_t k = 0; k < ns; k++) {
            size_t s = sites[k];
            const site_plan *q = &sp[s];
            for (int f = 0; f < N_FUNDS; f++)
                if ((round == 0 && q->first[f] == 1) || (round == 2 && q->first[f] == 2))
                    fund_pays_site(c, &sr, s, f);
            if (round == 1 && q->kind == SITE_EVEN) {
                pool_pays_site(c, &sr, s, NULL, true, q->after == FUND_AGRI ? 2 : 1);
                fund_pays_site(c, &sr, s, q->after);
            } else if (round == 3 && q->kind == SITE_SURPLUS && (long)s != c0_site) {
                pool_pays_site(c, &sr, s, NULL, true, -1);
            } else if (round == 3 && q->kind == SITE_DEFICIT && c0_site < 0 && money_short) {
                last = (long)s;
            } else if (round == 4 && (q->kind == SITE_DEFICIT || (long)s == last)) {
                for (size_t f = 0; f < nf; f++)
                    if (ent_row[f * n + s] >= 0)
                        committed[f] += m->rows[ent_row[f * n + s]].rhs_wan;
            }
            home[s] = q->share > 0 && q->kind != SITE_DEFICIT;
        }
    if (!assign_payers(c, sp, last, src_order, src_row, committed)) {
        ok = false;
        goto out;
    }
    for (size_t k = 0; k < ns; k++) {
        size_t s = sites[k];
        if (sp[s].kind == SITE_DEFICIT && (long)s != last)
            pay_deficit_site(c, &sr, s, src_order, src_row, ent_row, committed, over, sp[s].payer,
                             false);
    }
    if (last >= 0)
        pay_deficit_site(c, &sr, (size_t)last, src_order, src_row, ent_row, committed, over, -1,
                         true);
out:
    free(sp);
    free(src_row);
    free(src_order);
    free(ent_row);
    free(committed);
    free(limit);
    free(over);
    site_rows_free(&sr);
    even_plan_free(&ep);
    return ok;
}

/* Money the synchronous households' sources have left, and (sync_room)
 * what of the shared costs they may pay, within their site limits. */
/* Marks the sites whose registered pool shares cover what is left of their
 * costs: there every source pays up to its share and no further. */
static void mark_home_sites(crash *c, bool *home)
{
    const rf_model *m = c->m;
    size_t n = m->scenario->n_sites;
    double *need = calloc(n + 1, sizeof *need);
    double *share = calloc(n + 1, sizeof *share);
    if (need && share) {
        for (size_t i = 0; i < m->n_rows; i++) {
            const rf_row *r = &m->rows[i];
            if (r->kind == RF_ROW_COST && !c->closed[i] && pool_pays(c, (int)i))
                need[r->site] += r->rhs_wan - c->act[i];
            else if (r->kind == RF_ROW_ENTITLEMENT)
                share[r->site] += r->rhs_wan;
        }
        for (size_t s = 0; s < n; s++)
            home[s] = share[s] > 0 && need[s] <= share[s];
    }
    free(need);
    free(share);
}

/* Money enough: the registered pool on shared costs, then dwellings; at
 * the sites its shares can pay for, each source up to its share there
 * (so that every site receives each source in proportion to its people,
 * the split a reader expects); then everywhere, as far as it goes. */
static void place_pool_at_shares(crash *c, bool *home)
{
    const rf_model *m = c->m;
    size_t nr = m->n_rows;
    mark_home_sites(c, home);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nr; i++)
            if (is_shared(&m->rows[i]))
                pay_from_sources(c, (int)i, PAY_POOL, pass ? ANYWHERE : AT_HOME);
        for (size_t i = 0; i < nr; i++)
            if (is_dwelling(&m->rows[i], RF_CAT_REGISTERED) && !sets_z(c, (int)i))
                pay_from_sources(c, (int)i, PAY_POOL, pass ? ANYWHERE : AT_HOME);
    }
}

static double sync_money(const crash *c, double *sync_room)
{
    const rf_model *m = c->m;
    size_t n = m->scenario->n_sites;
    double money = 0.0, *shared = calloc(n + 1, sizeof *shared), *limit = calloc(n + 1, sizeof *limit);
    *sync_room = 0.0;
    if (!shared || !limit) {
        free(shared);
        free(limit);
        return money;
    }
    for (size_t i = 0; i < m->n_rows; i++) {
        const rf_row *r = &m->rows[i];
        if (r->kind == RF_ROW_SOURCE && r->category == RF_CAT_SYNCHRONOUS)
            money += room(c, (int)i);
        else if (r->kind == RF_ROW_SITE_LIMIT && r->category == RF_CAT_SYNCHRONOUS)
            limit[r->site] += room(c, (int)i);
        else if (is_shared(r) && sync_pays(c, (int)i))
            shared[r->site] += room(c, (int)i);
    }
    for (size_t s = 0; s < n; s++)
        *sync_room += fmin(shared[s], limit[s]);
    free(shared);
    free(limit);
    return money;
}

bool rf_crash_basis(const rf_model *m, bool *row_basic, bool *col_basic)
{
    crash c = {0};
    if (!crash_init(&c, m)) {
        crash_free(&c);
        return false;
    }
    size_t nr = m->n_rows;
    bool *home = calloc(m->scenario->n_sites + 1, sizeof *home);
    if (!home) {
        crash_free(&c);
        return false;
    }
    /* Short of money: the registered pool (with the integrated agricultural
     * funds) cannot pay the shared costs and the registered dwellings. */
    bool short_of_money = costs_left(&c, true) > money_for_dwellings(&c, true) + CRASH_EPS;
    /* The synchronous households' sources on their dwellings, then on
     * shared costs (drawn only as needed, every fen of them there leaves
     * pool money for employment bases); when money is short, on shared
     * costs first: the levels put registered households' payments (cap
     * excess, self-funding) before synchronous ones. */
    /* When money is short and the synchronous sources cannot pay all the
     * shared costs they may, they pay shared costs only, and where is the
     * entitlement level's choice: place_pool plans it with the pool. */
    double sync_room = 0.0;
    bool sync_flexible =
        short_of_money && sync_money(&c, &sync_room) < sync_room - CRASH_EPS;
    for (int pass = 0; pass < 2 && !sync_flexible; pass++)
        for (size_t i = 0; i < nr; i++)
            if (pass == short_of_money ? is_dwelling(&m->rows[i], RF_CAT_SYNCHRONOUS)
                                       : is_shared(&m->rows[i]))
                pay_from_sources(&c, (int)i, PAY_SYNC_SOURCES, ANYWHERE);
    if (!short_of_money)
        place_pool_at_shares(&c, home);
    else if (!place_pool(&c, short_of_money, sync_flexible, home)) {
        free(home);
        crash_free(&c);
        return false;
    }
    /* What the plan left: the pool wherever it still can; synchronous
     * money, on shared costs, then on its households' dwellings. */
    for (size_t i = 0; i < nr; i++)
        if ((is_shared(&m->rows[i]) || is_dwelling(&m->rows[i], RF_CAT_REGISTERED)) &&
            !sets_z(&c, (int)i))
            pay_from_sources(&c, (int)i, PAY_POOL, ANYWHERE);
    for (int pass = 0; pass < 2 && sync_flexible; pass++)
        for (size_t i = 0; i < nr; i++)
            if (pass ? is_dwelling(&m->rows[i], RF_CAT_SYNCHRONOUS) : is_shared(&m->rows[i]))
                pay_from_sources(&c, (int)i, PAY_SYNC_SOURCES, ANYWHERE);
    if (c.z_cap >= 0) {
        /* The class that sets z: the money's last, then its households. */
        for (size_t i = 0; i < nr; i++)
            if (sets_z(&c, (int)i))
                pay_from_sources(&c, (int)i, PAY_POOL, ANYWHERE);
        class_pays(&c, c.z_cap, costs_of_class(&c, c.z_cap), RAISE_PAST_Z);
    }
    /* Loans drawn as needed, then integrated agricultural funds, then the
     * households. */
    for (size_t i = 0; i < nr; i++)
        if (m->rows[i].kind == RF_ROW_COST)
            pay_from_sources(&c, (int)i, PAY_LOANS, ANYWHERE);
    for (size_t i = 0; i < nr; i++)
        if (m->rows[i].kind == RF_ROW_COST)
            pay_with(&c, (int)i, RF_COL_AGRI, false);
    for (size_t i = 0; i < nr; i++)
        if (is_dwelling(&m->rows[i], RF_CAT_SYNCHRONOUS))
            pay_with(&c, (int)i, RF_COL_SELF_SYNC, false);
    for (size_t i = 0; i < nr; i++)
        if (m->rows[i].kind == RF_ROW_CAP)
            class_pays(&c, (int)i, costs_of_class(&c, (int)i), 0);
    /* What nobody can pay is the unfunded gap. */
    for (size_t i = 0; i < nr; i++)
        if (m->rows[i].kind == RF_ROW_COST)
            pay_with(&c, (int)i, RF_COL_GAP, false);
    place_surplus(&c, home);
    free(home);
    place_even(&c);
    place_entitlement(&c);

    for (size_t i = 0; i < nr; i++)
        row_basic[i] = !c.closed[i];
    for (size_t j = 0; j < m->n_cols; j++)
        col_basic[j] = c.basic[j];
    crash_free(&c);
    return true;
}
