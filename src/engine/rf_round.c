/* rf_round: rounding an LP point to whole fen along cycles of a network. */
#include "rf_round.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A value within this many fen of a whole fen is that fen. */
#define WHOLE_EPS 1e-6
/* How far a row of about v fen may be off its bound at the LP's point
 * (GLPK's round-off grows with the row: 2e-3 fen measured on a source row
 * of 3.78e11 fen) before the rounding leaves the point to the rounding LP. */
static double drift(double v)
{
    return 0.1 + 1e-12 * fabs(v);
}

/* An arc of the network: a column (its value is sign x flow) or a row (its
 * flow is the row's activity).  The flow is lo + f with lo and hi whole fen,
 * hi - lo 0 (the arc is fixed) or 1, and f in [0, hi - lo]: kept apart from
 * lo, the fraction keeps its precision on rows of billions of fen. */
typedef struct {
    int tail, head;
    int col; /* model column, or -1 for a row */
    double sign;
    double lo, hi, f;
} arc;

typedef struct {
    arc *arcs;
    size_t n_arcs, n_nodes;
    int *adj; /* the unfixed arcs at node v: adj[start[v] .. start[v] + deg[v]) */
    size_t *start;
    int *deg;
    size_t *pos; /* [2a] index of arc a in its tail's list, [2a + 1] in its head's */
    /* The objective levels (policy order, the even level left out, then
     * toward the anchor when there is one, then toward the nearer fen) per
     * column: lev[lev_start[j] .. lev_start[j + 1]). */
    size_t *lev_start;
    int *lev;
    double *lev_coef;
    size_t n_levels; /* levels + 2 (the anchor, the nearer fen) */
    double *delta;   /* [n_levels] scratch */
} network;

/* Where a row of the rounding stands: its family times 4 (1: source, site
 * limit, entitlement, cap, class sum, integrated agri budget; 2: cost,
 * employment base; 0: no part in it) plus its depth in the family, least
 * first: a site limit (or a class sum) lies inside an entitlement row (a
 * cap row), which lies inside a source row.  The depth orders rows that
 * are not nested as sets of columns: an entitlement row has its deviation
 * columns, which its source row has not. */
static int row_rank(const rf_row *r)
{
    switch (r->kind) {
    case RF_ROW_SITE_LIMIT:
        return 4;
    case RF_ROW_ENTITLEMENT:
    case RF_ROW_CAP:
        return 5;
    case RF_ROW_SOURCE:
    case RF_ROW_AGRI:
        return 6;
    case RF_ROW_COST:
    case RF_ROW_EMPLOYMENT:
        return 8;
    default:
        return 0;
    }
}

/* The columns the rounding moves: money and the entitlement deviations. */
static bool rounded(const rf_col *c)
{
    return c->kind <= RF_COL_GAP || c->kind == RF_COL_DEV_OVER || c->kind == RF_COL_DEV_UNDER;
}

/* Boxes arc a around v = whole + part (fen; whole a whole number) within
 * [min, max]: fixed at v when v is a whole fen, else [floor, ceil].  False
 * when the box misses v by more than drift(v). */
static bool box(arc *a, double whole, double part, double min, double max)
{
    double shift = floor(part);
    whole += shift;
    part -= shift;
    double lo = whole, hi = whole + 1.0;
    if (part < WHOLE_EPS)
        hi = lo;
    else if (part > 1.0 - WHOLE_EPS)
        lo = hi;
    lo = fmax(lo, min);
    hi = fmin(hi, max);
    double off = (whole - lo) + part; /* v - lo */
    if (hi < lo || off < -drift(whole) || off > hi - lo + drift(whole))
        return false;
    a->lo = lo;
    a->hi = hi;
    a->f = fmin(hi - lo, fmax(0.0, off));
    return true;
}

/* Takes arc a out of node v's list (end: 0 where v is its tail, 1 its
 * head), moving the list's last arc into its place. */
static void unlink_end(network *n, size_t a, int v, int end)
{
    size_t i = n->pos[2 * a + (size_t)end];
    size_t last = n->start[v] + (size_t)--n->deg[v];
    int b = n->adj[last];
    n->adj[i] = b;
    n->pos[2 * (size_t)b + (n->arcs[b].tail == v ? 0 : 1)] = i;
}

/* Fixes arc a at value (one of its bounds): it leaves the walk (a loop
 * never entered it). */
static void fix(network *n, size_t a, double value)
{
    arc *x = &n->arcs[a];
    x->lo = x->hi = value;
    x->f = 0.0;
    if (x->tail != x->head) {
        unlink_end(n, a, x->tail, 0);
        unlink_end(n, a, x->head, 1);
    }
}

/* Shifts the flow along the cycle cyc[0..len) (dir[k] = +1 where the cycle
 * runs along arc cyc[k], -1 against it) in the direction whose first
 * non-zero change of the levels is a fall (the shorter shift when none
 * changes), until an arc is whole; fixes every arc that reached a bound. */
static void shift(network *n, const int *cyc, const int *dir, size_t len)
{
    double up = INFINITY, down = INFINITY;
    size_t arg_up = 0, arg_down = 0;
    memset(n->delta, 0, n->n_levels * sizeof *n->delta);
    for (size_t k = 0; k < len; k++) {
        const arc *x = &n->arcs[cyc[k]];
        double room_up = dir[k] > 0 ? x->hi - x->lo - x->f : x->f;
        double room_down = dir[k] > 0 ? x->f : x->hi - x->lo - x->f;
        if (room_up < up) {
            up = room_up;
            arg_up = k;
        }
        if (room_down < down) {
            down = room_down;
            arg_down = k;
        }
        if (x->col >= 0)
            for (size_t i = n->lev_start[x->col]; i < n->lev_start[x->col + 1]; i++)
                n->delta[n->lev[i]] += dir[k] * x->sign * n->lev_coef[i];
    }
    int way = 0;
    for (size_t l = 0; l < n->n_levels && !way; l++)
        if (fabs(n->delta[l]) > 0.5)
            way = n->delta[l] < 0 ? 1 : -1;
    if (!way)
        way = up <= down ? 1 : -1;
    double amount = way > 0 ? up : down;
    size_t arg = way > 0 ? arg_up : arg_down;
    for (size_t k = 0; k < len; k++) {
        arc *x = &n->arcs[cyc[k]];
        double to = x->f + way * dir[k] * amount;
        bool rises = way * dir[k] > 0;
        if (k == arg || (rises ? to > x->hi - x->lo - WHOLE_EPS : to < WHOLE_EPS))
            fix(n, (size_t)cyc[k], rises ? x->hi : x->lo);
        else
            x->f = to;
    }
}

/* Walks the unfixed arcs from every node, shifting flow around each cycle
 * the walk closes; afterwards every arc is fixed.  A node left with one
 * unfixed arc (the point's round-off, or a row it is off by up to drift)
 * fixes that arc at its nearer bound.  False when out of memory. */
static bool walk(network *n)
{
    size_t nn = n->n_nodes;
    int *stack = malloc((nn + 1) * sizeof *stack);
    int *entered = malloc((nn + 1) * sizeof *entered); /* the arc into stack[i] */
    int *at = malloc(nn * sizeof *at);                 /* position on the stack, or -1 */
    int *cyc = malloc((nn + 1) * sizeof *cyc);
    int *dir = malloc((nn + 1) * sizeof *dir);
    bool ok = stack && entered && at && cyc && dir;
    for (size_t v = 0; ok && v < nn; v++)
        at[v] = -1;
    for (size_t s = 0; ok && s < nn; s++) {
        if (!n->deg[s])
            continue;
        size_t top = 0;
        stack[0] = (int)s;
        entered[0] = -1;
        at[s] = 0;
        while (ok) {
            int v = stack[top], in = entered[top];
            const int *adj = n->adj + n->start[v];
            int a = n->deg[v] > 0 && adj[0] != in ? adj[0] : n->deg[v] > 1 ? adj[1] : -1;
            if (a < 0) {
                if (in >= 0) {
                    /* Only the arc it came in by: the caller's check of
                     * every row decides whether the nearer bound holds. */
                    const arc *x = &n->arcs[in];
                    fix(n, (size_t)in, x->f < 0.5 * (x->hi - x->lo) ? x->lo : x->hi);
                }
                at[v] = -1;
                if (top == 0)
                    break;
                top--;
                continue;
            }
            const arc *x = &n->arcs[a];
            int w = x->tail == v ? x->head : x->tail;
            if (at[w] < 0) {
                top++;
                stack[top] = w;
                entered[top] = a;
                at[w] = (int)top;
                continue;
            }
            /* A cycle: the path from w to v, and back by a. */
            size_t from = (size_t)at[w], len = 0;
            for (size_t i = from + 1; i <= top; i++) {
                cyc[len] = entered[i];
                dir[len++] = n->arcs[entered[i]].head == stack[i] ? 1 : -1;
            }
            cyc[len] = a;
            dir[len++] = x->head == w ? 1 : -1;
            shift(n, cyc, dir, len);
            /* Keep the path up to the first arc that became fixed. */
            for (size_t i = from + 1; i <= top; i++)
                if (n->arcs[entered[i]].lo == n->arcs[entered[i]].hi) {
                    for (size_t k = i; k <= top; k++)
                        at[stack[k]] = -1;
                    top = i - 1;
                    break;
                }
        }
        for (size_t i = 0; ok && i <= top; i++)
            at[stack[i]] = -1;
    }
    free(stack);
    free(entered);
    free(at);
    free(cyc);
    free(dir);
    return ok;
}

/* Builds the network of m at x_wan (see rf_round.h) into n; false when the
 * rows are not two laminar families, a row is off its bound, or out of
 * memory. */
static bool build(const rf_model *m, const double *x_wan, network *n)
{
    size_t nr = m->n_rows, nc = m->n_cols, n_caps = 0;
    int *class_of = malloc((nr + 1) * sizeof *class_of); /* cap row -> its class-sum node */
    for (size_t i = 0; class_of && i < nr; i++)
        class_of[i] = m->rows[i].kind == RF_ROW_CAP ? (int)(nr + n_caps++) : -1;
    size_t nn = nr + n_caps + 1, root = nn - 1;
    n->n_nodes = nn;
    /* The rows of each column (with the class sums): rows[rs[j] .. rs[j + 1]). */
    size_t *rs = calloc(nc + 2, sizeof *rs);
    size_t *size = calloc(nn, sizeof *size);
    int *parent = malloc(nn * sizeof *parent);
    double *whole = malloc((nc + 1) * sizeof *whole), *part = malloc((nc + 1) * sizeof *part);
    double *act_whole = calloc(nn, sizeof *act_whole), *act_part = calloc(nn, sizeof *act_part);
    int *rows = NULL;
    double *coef = NULL;
    int *endp = malloc(2 * (nc + 1) * sizeof *endp); /* per column: its arc's head, tail */
    double *sign = malloc((nc + 1) * sizeof *sign);
    bool ok =
        class_of && rs && size && parent && whole && part && act_whole && act_part && endp && sign;
    if (!ok)
        goto out;
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        if (!row_rank(&m->rows[c->row]) || !rounded(&m->cols[c->col]))
            continue;
        rs[c->col + 2]++;
        if (class_of[c->row] >= 0 && m->cols[c->col].kind == RF_COL_SELF)
            rs[c->col + 2]++;
    }
    for (size_t j = 0; j < nc; j++)
        rs[j + 2] += rs[j + 1];
    rows = malloc((rs[nc + 1] + 1) * sizeof *rows);
    coef = malloc((rs[nc + 1] + 1) * sizeof *coef);
    if (!rows || !coef) {
        ok = false;
        goto out;
    }
    for (size_t k = 0; k < m->n_coefs; k++) {
        const rf_coef *c = &m->coefs[k];
        if (!row_rank(&m->rows[c->row]) || !rounded(&m->cols[c->col]))
            continue;
        size_t at = rs[c->col + 1]++;
        rows[at] = c->row;
        coef[at] = c->value;
        size[c->row]++;
        if (class_of[c->row] >= 0 && m->cols[c->col].kind == RF_COL_SELF) {
            at = rs[c->col + 1]++;
            rows[at] = class_of[c->row];
            coef[at] = 1.0;
            size[class_of[c->row]]++;
        }
    }
    /* Each column's rows, least first, must climb its family's forest:
     * each row's parent is the next row of every column through it, and a
     * column's coefficients are all +1 or all -1. */
    for (size_t v = 0; v < nn; v++)
        parent[v] = -1;
    for (size_t j = 0; j < nc && ok; j++) {
        size_t b = rs[j], e = rs[j + 1];
        for (size_t i = b + 1; i < e; i++) /* insertion sort by (rank, size, node) */
            for (size_t k = i; k > b; k--) {
                int r = rows[k], q = rows[k - 1];
                int fr = (size_t)r < nr ? row_rank(&m->rows[r]) : 4;
                int fq = (size_t)q < nr ? row_rank(&m->rows[q]) : 4;
                if (fq < fr || (fq == fr && (size[q] < size[r] || (size[q] == size[r] && q < r))))
                    break;
                rows[k] = q;
                rows[k - 1] = r;
                double t = coef[k];
                coef[k] = coef[k - 1];
                coef[k - 1] = t;
            }
        sign[j] = e > b ? coef[b] : 1.0;
        for (size_t i = b; i < e && ok; i++) {
            ok = coef[i] == sign[j] && (coef[i] == 1.0 || coef[i] == -1.0);
            if (ok && i + 1 < e) {
                int r = rows[i], q = rows[i + 1];
                int fr = (size_t)r < nr ? row_rank(&m->rows[r]) / 4 : 1;
                int fq = (size_t)q < nr ? row_rank(&m->rows[q]) / 4 : 1;
                if (fr == fq) {
                    ok = parent[r] < 0 || parent[r] == q;
                    parent[r] = q;
                }
            }
        }
    }
    if (!ok)
        goto out;
    /* Each column is the path from its least row of the first family up to
     * the root and down to its least row of the second (or, in one family
     * only, from its least row to its top row's parent): its arc runs from
     * the path's end back to its start.  The first family's rows are edges
     * up (child to parent), the second's down. */
    for (size_t j = 0; j < nc && ok; j++) {
        size_t b = rs[j], e = rs[j + 1];
        int first_a = -1, top_a = -1, first_b = -1, top_b = -1;
        for (size_t i = b; i < e; i++) {
            int r = rows[i];
            if ((size_t)r >= nr || row_rank(&m->rows[r]) / 4 == 1) {
                if (first_a < 0)
                    first_a = r;
                top_a = r;
            } else {
                if (first_b < 0)
                    first_b = r;
                top_b = r;
            }
        }
        int up_a = top_a >= 0 && parent[top_a] >= 0 ? parent[top_a] : (int)root;
        int up_b = top_b >= 0 && parent[top_b] >= 0 ? parent[top_b] : (int)root;
        if (first_a >= 0 && first_b >= 0)
            ok = up_a == (int)root && up_b == (int)root;
        endp[2 * j] = first_a >= 0 ? first_a : up_b;
        endp[2 * j + 1] = first_b >= 0 ? first_b : up_a;
    }
    if (!ok)
        goto out;
    /* The arcs: a column's value boxed in [floor, ceil] (its whole value
     * when it has one), and a row's activity at that point, within its
     * bound. */
    size_t n_arcs = 0;
    for (size_t j = 0; j < nc; j++)
        n_arcs += rounded(&m->cols[j]);
    for (size_t v = 0; v + 1 < nn; v++)
        n_arcs += size[v] > 0;
    n->arcs = calloc(n_arcs + 1, sizeof *n->arcs);
    if (!n->arcs) {
        ok = false;
        goto out;
    }
    for (size_t j = 0; j < nc && ok; j++) {
        const rf_col *c = &m->cols[j];
        if (!rounded(c))
            continue;
        arc *x = &n->arcs[n->n_arcs++];
        x->col = (int)j;
        x->sign = sign[j];
        x->head = endp[2 * j];
        x->tail = endp[2 * j + 1];
        double v = x_wan[j] * RF_FEN_PER_WAN, w = floor(v);
        ok = box(x, w, v - w, 0.0, c->has_upper ? (double)c->upper : INFINITY);
        whole[j] = x->lo;
        part[j] = x->f;
        if (sign[j] < 0) {
            double lo = x->lo;
            x->lo = -x->hi;
            x->hi = -lo;
            x->f = x->hi - x->lo - x->f;
        }
    }
    for (size_t j = 0; j < nc && ok; j++)
        for (size_t i = rs[j]; i < rs[j + 1] && rounded(&m->cols[j]); i++) {
            act_whole[rows[i]] += coef[i] * whole[j];
            act_part[rows[i]] += coef[i] * part[j];
        }
    for (size_t v = 0; v + 1 < nn && ok; v++) {
        if (!size[v])
            continue;
        arc *x = &n->arcs[n->n_arcs++];
        bool first = v >= nr || row_rank(&m->rows[v]) / 4 == 1;
        int up = parent[v] >= 0 ? parent[v] : (int)root;
        x->col = -1;
        x->sign = 1.0;
        x->tail = first ? (int)v : up;
        x->head = first ? up : (int)v;
        double min = -INFINITY, max = INFINITY;
        if (v < nr) {
            const rf_row *r = &m->rows[v];
            double rhs = r->money ? (double)r->rhs : nearbyint(r->rhs_wan * RF_FEN_PER_WAN);
            if (r->sense != RF_LE)
                min = rhs;
            if (r->sense != RF_GE)
                max = rhs;
        }
        ok = box(x, act_whole[v], act_part[v], min, max);
    }
    /* The unfixed arcs at each node; a loop (a column in no row) is
     * shifted at once. */
    n->deg = calloc(nn, sizeof *n->deg);
    n->start = calloc(nn + 1, sizeof *n->start);
    n->pos = malloc(2 * (n->n_arcs + 1) * sizeof *n->pos);
    n->adj = malloc(2 * (n->n_arcs + 1) * sizeof *n->adj);
    ok = ok && n->deg && n->start && n->pos && n->adj;
    for (size_t a = 0; a < n->n_arcs && ok; a++) {
        const arc *x = &n->arcs[a];
        if (x->lo < x->hi && x->tail != x->head) {
            n->start[x->tail + 1]++;
            n->start[x->head + 1]++;
        }
    }
    for (size_t v = 0; v < nn && ok; v++)
        n->start[v + 1] += n->start[v];
    for (size_t a = 0; a < n->n_arcs && ok; a++) {
        const arc *x = &n->arcs[a];
        if (x->lo < x->hi && x->tail != x->head) {
            n->pos[2 * a] = n->start[x->tail] + (size_t)n->deg[x->tail]++;
            n->adj[n->pos[2 * a]] = (int)a;
            n->pos[2 * a + 1] = n->start[x->head] + (size_t)n->deg[x->head]++;
            n->adj[n->pos[2 * a + 1]] = (int)a;
        }
    }
out:
    free(class_of);
    free(rs);
    free(size);
    free(parent);
    free(whole);
    free(part);
    free(act_whole);
    free(act_part);
    free(rows);
    free(coef);
    free(endp);
    free(sign);
    return ok;
}

/* The objective levels per column (the even level is kept by the class
 * sums instead), then toward the anchor (may be NULL), then toward the
 * nearer fen; false when out of memory. */
static bool add_levels(const rf_model *m, const double *x_wan, const rf_fen *anchor, network *n)
{
    size_t nc = m->n_cols, total = 0;
    n->n_levels = m->n_objectives + 2;
    n->delta = calloc(n->n_levels, sizeof *n->delta);
    n->lev_start = calloc(nc + 2, sizeof *n->lev_start);
    if (!n->delta || !n->lev_start)
        return false;
    for (size_t l = 0; l < m->n_objectives; l++)
        if (m->objectives[l].level != RF_LEVEL_EVEN_SELF_FUNDING)
            for (size_t k = 0; k < m->objectives[l].n; k++)
                n->lev_start[m->objectives[l].cols[k] + 2]++;
    for (size_t j = 0; j < nc; j++)
        n->lev_start[j + 2] += anchor && anchor[j] != RF_NO_ANCHOR ? 2 : 1; /* the nearer fen */
    for (size_t j = 0; j < nc; j++)
        n->lev_start[j + 2] += n->lev_start[j + 1];
    total = n->lev_start[nc + 1];
    n->lev = malloc((total + 1) * sizeof *n->lev);
    n->lev_coef = malloc((total + 1) * sizeof *n->lev_coef);
    if (!n->lev || !n->lev_coef)
        return false;
    for (size_t l = 0; l < m->n_objectives; l++) {
        const rf_objective *o = &m->objectives[l];
        if (o->level == RF_LEVEL_EVEN_SELF_FUNDING)
            continue;
        for (size_t k = 0; k < o->n; k++) {
            size_t at = n->lev_start[o->cols[k] + 1]++;
            n->lev[at] = (int)l;
            n->lev_coef[at] = o->values[k];
        }
    }
    for (size_t j = 0; j < nc; j++) {
        /* Toward the anchor: within the arc's box [floor, ceil] of v, the
         * distance to a whole anchor rises with v when v is above it. */
        double v = x_wan[j] * RF_FEN_PER_WAN;
        if (anchor && anchor[j] != RF_NO_ANCHOR) {
            size_t at = n->lev_start[j + 1]++;
            n->lev[at] = (int)m->n_objectives;
            n->lev_coef[at] = v > (double)anchor[j] ? 1.0 : -1.0;
        }
        /* Toward the nearer fen; a gap or an excess over the cap down. */
        bool elastic = m->cols[j].kind == RF_COL_GAP || m->cols[j].kind == RF_COL_CAP_EXCESS;
        size_t at = n->lev_start[j + 1]++;
        n->lev[at] = (int)m->n_objectives + 1;
        n->lev_coef[at] = elastic || v - floor(v) < 0.5 ? 1.0 : -1.0;
    }
    return true;
}

bool rf_round_cycles(const rf_model *m, const double *x_wan, const rf_fen *anchor,
                     rf_fen *out_fen)
{
    network n;
    memset(&n, 0, sizeof n);
    bool ok = build(m, x_wan, &n) && add_levels(m, x_wan, anchor, &n);
    /* Loops first: each is a cycle of its own. */
    for (size_t a = 0; a < n.n_arcs && ok; a++) {
        const arc *x = &n.arcs[a];
        int cyc = (int)a, dir = 1;
        if (x->lo < x->hi && x->tail == x->head)
            shift(&n, &cyc, &dir, 1);
    }
    ok = ok && walk(&n);
    memset(out_fen, 0, m->n_cols * sizeof *out_fen);
    for (size_t a = 0; a < n.n_arcs && ok; a++) {
        const arc *x = &n.arcs[a];
        if (x->col >= 0 && m->cols[x->col].kind <= RF_COL_GAP)
            out_fen[x->col] = (rf_fen)llround(x->sign * x->lo);
    }
    free(n.arcs);
    free(n.adj);
    free(n.start);
    free(n.deg);
    free(n.pos);
    free(n.lev_start);
    free(n.lev);
    free(n.lev_coef);
    free(n.delta);
    return ok;
}
