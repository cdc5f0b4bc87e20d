/* rf_model: the linear programme of one budget group, built from a scenario.
 *
 * This module and rf_solve are the only ones that know the LP.  The model
 * is solver-neutral: columns, rows, a sparse matrix and one objective per
 * level, every amount in 万元 (fen / 10^6) for conditioning.  Each column
 * and row carries what it means (kind, site, source, use, class), so that
 * solutions map back to the plan and rows can be explained in words.
 * A model borrows the scenario it was built from. */
#ifndef RF_MODEL_H
#define RF_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"
#include "rf_types.h"

#define RF_FEN_PER_WAN 1000000.0
/* A column with no counterpart in the plan a solve keeps (rf_solve_settings.anchor). */
#define RF_NO_ANCHOR ((rf_fen)-1)

typedef enum {
    RF_COL_FLOW = 0,     /* x: money from source to (site, use[, class]) */
    RF_COL_SELF,         /* y: self-funding of a registered class for a use */
    RF_COL_CAP_EXCESS,   /* e: registered class self-funding over cap x households */
    RF_COL_SELF_SYNC,    /* ys: self-funding of the synchronous households of a site */
    RF_COL_AGRI,         /* g: integrated agricultural funds */
    RF_COL_GAP,          /* d: unfunded gap */
    RF_COL_EVEN,         /* z: highest per-household registered self-funding in the group (aux) */
    RF_COL_DEV_OVER,     /* source money at a site above its entitlement (aux) */
    RF_COL_DEV_UNDER     /* ... below it (aux) */
} rf_col_kind;

typedef enum {
    RF_ROW_COST = 0,     /* cost of (site, use[, class]) covered exactly */
    RF_ROW_SOURCE,       /* a source spends (exactly | at most) what arrived */
    RF_ROW_SITE_LIMIT,   /* a source gives a site at most per_person x its people */
    RF_ROW_CAP,          /* class self-funding - excess <= cap x households */
    RF_ROW_AGRI,         /* integrated agricultural funds within budget */
    RF_ROW_EMPLOYMENT,   /* employment base funded at most to its need */
    RF_ROW_EVEN,         /* households x z >= class self-funding */
    RF_ROW_ENTITLEMENT,  /* source money at site - over + under = entitlement */
    RF_ROW_LEVEL         /* an objective level fixed at its optimum (added by rf_solve) */
} rf_row_kind;

typedef enum { RF_EQ = 0, RF_LE, RF_GE } rf_sense;

typedef struct {
    rf_col_kind kind;
    int source;          /* policy source index, or -1 */
    int site;            /* scenario site index, or -1 */
    rf_use use;          /* or RF_USE_COUNT when none */
    int cls;             /* registered size-class index at the site, or -1 */
    rf_category category;
    bool has_upper;
    rf_fen upper;        /* in fen, when has_upper */
} rf_col;

typedef struct {
    rf_row_kind kind;
    int source;
    int site;
    rf_use use;
    int cls;
    rf_category category;
    rf_sense sense;
    rf_fen rhs;          /* in fen (money rows); aux rows use rhs_wan */
    double rhs_wan;
    bool money;          /* part of the fen rounding (an identity of the plan) */
} rf_row;

typedef struct {
    int row, col;
    double value;
} rf_coef;

typedef struct {
    rf_level level;
    double constant;     /* 万元 */
    size_t n;
    int *cols;
    double *values;
} rf_objective;

typedef struct {
    const rf_scenario *scenario;
    size_t *sites;       /* the group's sites (scenario indexes), in id order */
    size_t n_sites;
    rf_col *cols;
    size_t n_cols, cap_cols;
    rf_row *rows;
    size_t n_rows, cap_rows;
    rf_coef *coefs;
    size_t n_coefs, cap_coefs;
    rf_objective *objectives; /* one per policy level, in policy order */
    size_t n_objectives;
    /* What the group may spend, in fen: per source, and integrated agri. */
    rf_fen *source_arrived;
    rf_fen agri_budget;
} rf_model;

/* Builds the LP of one group (sites: scenario indexes, borrowed).  Returns
 * NULL on out of memory or arithmetic overflow (err says which). */
rf_model *rf_model_build(const rf_scenario *s, const size_t *sites, size_t n_sites,
                         rf_error *err);
void rf_model_free(rf_model *m);

/* Every budget group of a scenario (sites that share pools: all sites for
 * county pooling, one a site for site pooling) and its model: the one way
 * each command builds them (plan, re-solves, sensitivity, export). */
typedef struct {
    size_t n;          /* groups */
    size_t **sites;    /* [n]: each group's sites (scenario indexes, input order) */
    size_t *n_sites;   /* [n] */
    rf_model **models; /* [n]: each built by rf_model_build from its group's sites */
} rf_group_models;

/* Detects the groups of s and builds each one's model.  Returns RF_OK, or
 * the failure (err says why; nothing to free). */
rf_status rf_group_models_build(const rf_scenario *s, rf_group_models *out, rf_error *err);
/* Frees what rf_group_models_build made; a model already freed and set to
 * NULL is skipped. */
void rf_group_models_free(rf_group_models *g);

/* Cost of a registered class dwelling use (housing or decoration). */
rf_fen rf_model_class_cost(const rf_site *site, size_t cls, rf_use use);
/* Cost of the synchronous households' dwelling use at a site. */
rf_fen rf_model_sync_cost(const rf_site *site, rf_use use);
/* A site's shared cost (infrastructure, public services, land, demolition). */
rf_fen rf_model_shared_cost(const rf_site *site, rf_use use);

/* What a column or row stands for: the short word of its kind ("x",
 * "cost", ...; the rf_col_kind and rf_row_kind comments say which), the ids
 * of its site, source and use, and its household class ("size3" for the
 * registered class of 3-person households, "sync" for the synchronous
 * households' dwelling), each "" when it has none.  kind and use are
 * static, site and source borrowed from the model's scenario. */
typedef struct {
    const char *kind;
    const char *site;
    const char *source;
    const char *use;
    char cls[24];
} rf_name_parts;

void rf_model_col_parts(const rf_model *m, size_t col, rf_name_parts *out);
void rf_model_row_parts(const rf_model *m, size_t row, rf_name_parts *out);

/* The readable name of parts, "kind[site,source,use,class]" without the
 * empty ones after the site ("x[S03,policy_loans,housing,size5]",
 * "source[,central_budget]"), written into buf (truncated to size);
 * returns buf.  rf_name_parts_length is the size that holds it whole. */
char *rf_name_parts_format(const rf_name_parts *p, char *buf, size_t size);
size_t rf_name_parts_length(const rf_name_parts *p);

/* The readable name of a column or row (rf_name_parts_format of its
 * parts), used in messages and in the name map of an LP export. */
char *rf_model_col_name(const rf_model *m, size_t col, char *buf, size_t size);
char *rf_model_row_name(const rf_model *m, size_t row, char *buf, size_t size);

/* The value of objective level l (index into m->objectives) at a plan v
 * given in fen per column (as rf_solve_round gives it), in fen: a sum of
 * money columns (the employment-base level: the bases' needs less what
 * they got), the highest self-funding per registered household (fen per
 * household), or how far each source's money at each site lies from its
 * entitlement, in all.  INFINITY when out of memory. */
double rf_model_level_value(const rf_model *m, size_t l, const rf_fen *v);

#endif
