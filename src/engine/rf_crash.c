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
    double *act;          /* row activity of the fill so far */
    bool *closed;         /* the row has its basic structural variable */
    bool *basic;          /* the column is basic */
    bool *tried;          /* scratch: offered to the row being filled */
    int z_cap;            /* the cap row of the class whose even row z closes, or -1 */
} crash;

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
    c->act = calloc(nr + 1, sizeof *c->act);
    c->closed = calloc(nr + 1, sizeof *c->closed);
    c->basic = calloc(nc + 1, sizeof *c->basic);
    c->tried = calloc(nc + 1, sizeof *c->tried);
    size_t *fill_c = calloc(nc + 1, sizeof *fill_c);
    size_t *fill_r = calloc(nr + 1, sizeof *fill_r);
    bool ok = c->col_start && c->col_rows && c->col_vals && c->row_start && c->row_cols &&
              c->col_entitlement && c->col_source && c->act && c->closed && c->basic && c->tried &&
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

/* Which sources a pass offers: the synchronous households' sources; the
 * registered pool (every registered source that is drawn in full, loans
 * included, since all of it is spent anyway); loans drawn only as needed. */
typedef enum { PAY_SYNC_SOURCES, PAY_POOL, PAY_LOANS } source_pass;

static bool in_pass(const crash *c, int j, source_pass pass)
{
    const rf_col *col = &c->m->cols[j];
    if (col->kind != RF_COL_FLOW)
        return false;
    const rf_policy_source *src = &c->m->scenario->policy->sources[col->source];
    bool optional_loan = src->is_loan && src->drawdown == RF_DRAW_AS_NEEDED;
    switch (pass) {
    case PAY_SYNC_SOURCES:
        return !optional_loan && src->category == RF_CAT_SYNCHRONOUS;
    case PAY_POOL:
        return !optional_loan && src->category == RF_CAT_REGISTERED;
    case PAY_LOANS:
        return optional_loan;
    }
    return false;
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
        for (size_t k = c->row_start[r]; k < c->row_start[r + 1]; k++) {
            int j = c->row_cols[k];
            if (c->tried[j] || c->basic[j] || !in_pass(c, j, pass))
                continue;
            if (how == AT_HOME && c->col_entitlement[j] >= 0 && source_room(c, j) > reserve_money) {
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
 * drawn as needed have left, and the integrated agricultural funds when
 * they may pay one of those costs. */
static double money_for_dwellings(const crash *c, bool shared)
{
    const rf_model *m = c->m;
    double money = 0.0;
    bool agri_pays = false;
    for (size_t j = 0; j < m->n_cols && !agri_pays; j++)
        agri_pays = m->cols[j].kind == RF_COL_AGRI && m->cols[j].category == RF_CAT_REGISTERED &&
                    (m->cols[j].use <= RF_USE_DECORATION || shared);
    for (size_t i = 0; i < m->n_rows; i++) {
        const rf_row *r = &m->rows[i];
        bool counts = r->kind == RF_ROW_SOURCE ? r->category == RF_CAT_REGISTERED
                                               : r->kind == RF_ROW_AGRI && agri_pays;
        if (counts && !c->closed[i])
            money += fmax(0.0, r->rhs_wan - c->act[i]);
    }
    return money;
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
 * that the classes pay `need` in all ("water-filling").  z becomes basic
 * at that level as the basic variable of the even row of one class at the
 * level (c0, remembered in c->z_cap); every other class pays up to z (its
 * even row the limit) or all its dwellings.  The money then pays the other
 * classes' dwellings and c0's last, running out there, and c0's households
 * pay what is left (rf_crash_basis, RAISE_PAST_Z): z x its households when
 * the sums are exact.  That basis has one cycle through z and the money's
 * source row, so it is not triangular; it is still nonsingular (the
 * cycle's determinant is a sum of household counts, never 0).  False when
 * there is no z or nothing to spread. */
static bool fill_self_funding_evenly(crash *c, double need)
{
    const rf_model *m = c->m;
    int z_col = -1;
    for (size_t j = 0; j < m->n_cols && z_col < 0; j++)
        if (m->cols[j].kind == RF_COL_EVEN)
            z_col = (int)j;
    if (z_col < 0 || need <= CRASH_EPS)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        n += m->rows[i].kind == RF_ROW_CAP;
    double *z_coef = calloc(m->n_rows + 1, sizeof *z_coef);
    int *cap = malloc((n + 1) * sizeof *cap);
    int *even = malloc((n + 1) * sizeof *even);
    double *h = malloc((n + 1) * sizeof *h);
    double *rem = malloc((n + 1) * sizeof *rem);
    class_level *order = malloc((n + 1) * sizeof *order);
    bool done = false;
    if (!z_coef || !cap || !even || !h || !rem || !order)
        goto out;
    for (size_t k = c->col_start[z_col]; k < c->col_start[z_col + 1]; k++)
        z_coef[c->col_rows[k]] = c->col_vals[k];
    size_t nc = 0;
    double total = 0.0;
    for (size_t i = 0; i < m->n_rows; i++) {
        if (m->rows[i].kind != RF_ROW_CAP)
            continue;
        cap[nc] = (int)i;
        rem[nc] = costs_of_class(c, (int)i);
        /* The class's even row: the one its self-funding columns share. */
        even[nc] = -1;
        for (size_t k = c->row_start[i]; k < c->row_start[i + 1] && even[nc] < 0; k++) {
            int j = c->row_cols[k];
            for (size_t q = c->col_start[j]; q < c->col_start[j + 1]; q++)
                if (m->cols[j].kind == RF_COL_SELF && m->rows[c->col_rows[q]].kind == RF_ROW_EVEN)
                    even[nc] = c->col_rows[q];
        }
        if (even[nc] < 0 || z_coef[even[nc]] <= 0 || c->closed[even[nc]])
            goto out; /* not the shape this fill knows */
        h[nc] = z_coef[even[nc]];
        total += rem[nc];
        nc++;
    }
    if (nc == 0 || need >= total - CRASH_EPS)
        goto out;
    /* Classes by the payment per household that clears them, lowest first. */
    for (size_t k = 0; k < nc; k++)
        order[k] = (class_level){rem[k] / h[k], k};
    qsort(order, nc, sizeof *order, by_level);
    double cleared = 0.0, households = 0.0, z = 0.0;
    for (size_t k = 0; k < nc; k++)
        households += h[k];
    for (size_t k = 0; k < nc; k++) {
        size_t i = order[k].index;
        z = (need - cleared) / households;
        if (z <= rem[i] / h[i])
            break;
        cleared += rem[i];
        households -= h[i];
    }
    int c0 = -1;
    for (size_t k = 0; k < nc; k++)
        if (rem[k] > z * h[k] + CRASH_EPS && (c0 < 0 || h[k] > h[c0]))
            c0 = (int)k;
    if (c0 < 0 || z <= CRASH_EPS)
        goto out;
    make_basic(c, z_col, even[c0], z);
    c->z_cap = cap[c0];
    for (size_t k = 0; k < nc; k++) {
        bool level = rem[k] > z * h[k] + CRASH_EPS;
        if ((int)k != c0)
            class_pays(c, cap[k], level ? z * h[k] : rem[k], level ? RAISE_UNDER_Z : 0);
    }
    done = true;
out:
    free(z_coef);
    free(cap);
    free(even);
    free(h);
    free(rem);
    free(order);
    return done;
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
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < nr; i++)
            if (pass == short_of_money ? is_dwelling(&m->rows[i], RF_CAT_SYNCHRONOUS)
                                       : is_shared(&m->rows[i]))
                pay_from_sources(&c, (int)i, PAY_SYNC_SOURCES, ANYWHERE);
    /* The registered pool: shared costs, then dwellings; at the sites its
     * shares can pay for, each source up to its share there; then
     * everywhere, as far as the money goes. */
    mark_home_sites(&c, home);
    if (short_of_money) {
        /* Not enough: the households' even share of the dwellings first;
         * at the sites whose shares fall short, the pool on the rest of
         * their dwellings, and integrated agricultural funds on their
         * shared costs (there they save pool money that would have to come
         * from other sites); the rest of those funds on the other sites'
         * shared costs; then the pool as below. */
        fill_self_funding_evenly(&c, costs_left(&c, true) - money_for_dwellings(&c, true));
        for (size_t i = 0; i < nr; i++) {
            const rf_row *r = &m->rows[i];
            if (is_dwelling(r, RF_CAT_REGISTERED) && !home[r->site] && !sets_z(&c, (int)i))
                pay_from_sources(&c, (int)i, PAY_POOL, AT_HOME);
        }
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < nr; i++)
                if (is_shared(&m->rows[i]) && home[m->rows[i].site] == pass)
                    pay_with(&c, (int)i, RF_COL_AGRI, false);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nr; i++)
            if (is_shared(&m->rows[i]))
                pay_from_sources(&c, (int)i, PAY_POOL, pass ? ANYWHERE : AT_HOME);
        for (size_t i = 0; i < nr; i++)
            if (is_dwelling(&m->rows[i], RF_CAT_REGISTERED) && !sets_z(&c, (int)i))
                pay_from_sources(&c, (int)i, PAY_POOL, pass ? ANYWHERE : AT_HOME);
    }
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
