/* rf_export: the LP relocfund solves, as files for other solvers.
 *
 * Every budget group of every county of a batch is one block: its model,
 * and relocfund's own optima of its levels.  An export is the list of files
 * the options ask for, in the order they are written, each written by
 * rf_export_write to the path the caller gives (a temporary file it then
 * renames, so that no file is left half-written).
 *
 * An export borrows the batch (its scenarios and plans) and owns its models
 * and file names. */
#ifndef RF_EXPORT_H
#define RF_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_batch.h"
#include "rf_error.h"
#include "rf_solve.h"

typedef struct {
    const char *mps_path;  /* free MPS of the blocks (NULL: none) */
    const char *lp_path;   /* CPLEX LP of the blocks (NULL: none) */
    size_t level;          /* the objective level, 0-based */
    bool all_levels;       /* one file a level: FILE with ".l<K>" before its extension */
    bool per_group;        /* with several blocks, also each alone: ".<county>.g<group>" */
    const char *gmpl_path; /* the data section of models/relocation.mod (NULL: none) */
    size_t gmpl_group;     /* its budget group, 0-based */
} rf_export_options;

/* Whether the batch must be solved first: a level after the first (or
 * every level) is written with relocfund's optima of the levels before. */
bool rf_export_needs_optima(const rf_export_options *o);

typedef enum {
    RF_EXPORT_LP = 0, /* an LP file (MPS or CPLEX LP) */
    RF_EXPORT_NAMES,  /* its name map, "FILE.names.csv": one line a name */
    RF_EXPORT_GMPL    /* the GMPL data section */
} rf_export_kind;

/* One file of an export. */
typedef struct {
    char *path;
    rf_export_kind kind;
    rf_lp_format format; /* LP and NAMES */
    size_t level;        /* LP and NAMES: 0-based */
    size_t first, n;     /* LP and NAMES: the blocks */
} rf_export_file;

typedef struct rf_export rf_export;

/* Builds the blocks of b (every county loaded, and solved when
 * rf_export_needs_optima) and the list of files o asks for.  Returns RF_OK
 * with *out (rf_export_free); RF_ERR_INPUT when a county's policy has no
 * level o->level; or the failure of a model (err says which county). */
rf_status rf_export_new(const rf_batch *b, const rf_export_options *o, rf_export **out,
                        rf_error *err);
void rf_export_free(rf_export *x);

size_t rf_export_count(const rf_export *x);
const rf_export_file *rf_export_file_at(const rf_export *x, size_t i);

/* Writes file i to path.  Returns RF_OK, or RF_ERR_OUTPUT when it could not
 * be written (err says why); before writing the GMPL file, RF_ERR_INPUT
 * when the batch or the options do not fit it (not one scenario, no such
 * group or level) and RF_ERR_SOLVER when its group was not solved. */
rf_status rf_export_write(const rf_export *x, size_t i, const char *path, rf_error *err);

#endif
