/* rf_batch: many counties at once: load, validate and solve each in parallel, then a roll-up.
 *
 * Counties share no pool (a province pool is split among them before they
 * are solved, see docs/batch.md), so each county is solved on its own, by
 * whichever worker thread takes it; results are kept in input order, so
 * every output is the same, byte for byte, whatever the number of threads.
 *
 * Ownership: a batch owns everything it holds: the file names, each
 * county's scenario, plan and diagnostics.  A county's plan borrows its
 * scenario (both freed by rf_batch_free). */
#ifndef RF_BATCH_H
#define RF_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"
#include "rf_plan.h"
#include "rf_scenario.h"
#include "rf_types.h"

/* What became of one county. */
typedef enum {
    RF_BATCH_BALANCED = 0,
    RF_BATCH_UNFUNDED_GAP,
    RF_BATCH_CAP_VIOLATION,
    RF_BATCH_INPUT_ERROR,  /* the file did not load (diags say why) */
    RF_BATCH_SOLVER_ERROR, /* the solver failed (error says why) */
    RF_BATCH_PENDING       /* not run yet */
} rf_batch_status;

/* A share of a province-level pool given to every county before solving:
 * `amount` split over the counties in proportion to their registered
 * people (to the fen, largest remainder, ties to the earlier county), added
 * to the arrived amount of source `source` (a policy source id) or, when
 * source is "integrated_agri", to the integrated agricultural budget. */
typedef struct {
    char *source;
    rf_fen amount;
    int line, column; /* where source is written in the province file */
} rf_batch_pool;

typedef struct {
    char *file; /* the scenario path, as listed (relative to the cwd) */
    rf_batch_status status;
    rf_scenario *scenario; /* NULL after an input error */
    rf_plan *plan;         /* NULL unless solved */
    rf_diags diags;        /* every problem loading found (warnings too), and a province
                            * pool that does not fit the county (located in the province
                            * file; the same text for every county of one policy) */
    rf_error error;        /* the failure, for RF_BATCH_SOLVER_ERROR */
    rf_fen *pool_shares;   /* [n_pools of the batch]: what each province pool gave it */
} rf_batch_county;

typedef struct {
    char *province_file; /* the province file, or NULL */
    char *id;            /* the province's id, or "batch" */
    rf_label name;
    rf_batch_pool *pools;
    size_t n_pools;
    rf_batch_county *counties;
    size_t n_counties;
} rf_batch;

/* Builds the list of counties from command-line arguments: each is a
 * scenario file, a folder (its *.json files, sorted by name; a folder holds
 * county scenarios only) or a province file (relocfund-province/1, see
 * docs/batch.md; recognised by its "format"), whose counties are relative to
 * its folder.  A province file must be the only argument.  Problems go to
 * diags.  Returns RF_OK and a new batch in *out (rf_batch_free), or
 * RF_ERR_INPUT (nothing to run; *out NULL) or RF_ERR_SOLVER (out of
 * memory). */
rf_status rf_batch_open(const char *const *args, size_t n_args, rf_batch **out, rf_diags *diags);

/* Checks a province file as validate checks a scenario: the file itself,
 * every county it lists (loaded and validated on threads workers, nothing
 * solved) and its pools against the counties' policies.  Every problem goes
 * to diags: the province file's first, then each county's in input order.
 * Returns RF_OK, RF_ERR_INPUT when any error was found, or RF_ERR_SOLVER
 * (out of memory, no thread). */
rf_status rf_batch_check(const char *path, int threads, rf_diags *diags);

/* Validates any file `relocfund validate` takes: a province file as
 * rf_batch_check does (changes in options are an error: a province takes
 * none), else a scenario or policy model (rf_validate_file).  Every
 * problem goes to diags, each once.  Returns RF_OK or RF_ERR_INPUT (or
 * RF_ERR_SOLVER: out of memory, no thread). */
rf_status rf_batch_validate(const char *path, const rf_load_options *options, int threads,
                            rf_diags *diags);

void rf_batch_free(rf_batch *b);

typedef struct {
    int threads;               /* worker threads, >= 1 */
    double time_limit_seconds; /* per simplex call; 0: each policy's */
    /* Called after each county is done (from a worker thread, one call at a
     * time), with how many are done of how many; NULL for none. */
    void (*progress)(size_t done, size_t total, void *ctx);
    void *progress_ctx;
    bool load_only; /* load, validate and apply pools, but solve nothing */
} rf_batch_options;

/* Loads, validates and solves every county with options->threads workers
 * (each with its own GLPK problem), applying the province pools between
 * loading and solving (options may be NULL: one thread; with load_only the
 * counties that loaded stay RF_BATCH_PENDING, with their scenarios).  Fills each county's status.
 * Returns RF_OK when the run itself worked (whatever each county's status), RF_ERR_SOLVER when a
 * thread could not be started or memory ran out. */
rf_status rf_batch_run(rf_batch *b, const rf_batch_options *options, rf_error *err);

/* The exit status of a run: RF_ERR_SOLVER if any county's solve failed,
 * else RF_ERR_INPUT if any county did not load, else RF_ERR_PLAN if any has
 * a gap or a violation, else RF_OK. */
rf_status rf_batch_status_code(const rf_batch *b);

const char *rf_batch_status_id(rf_batch_status s); /* "balanced", "unfunded_gap", ... */

/* ---- the roll-up (rf_report_batch writes it) ---- */

/* One county's figures (its scenario's counts; the money is zero when it
 * was not solved). */
typedef struct {
    int64_t registered_people, registered_households, synchronous_people, sites;
    rf_fen cost, arrived, allocated, undrawn, self_reg, self_sync, agri, unfunded, excess;
    rf_fen surplus_emp, surplus_ind;
    int64_t households_over_cap;
} rf_batch_figures;

void rf_batch_county_figures(const rf_batch_county *c, rf_batch_figures *f);
/* Adds f into t. */
void rf_batch_figures_add(rf_batch_figures *t, const rf_batch_figures *f);

/* The totals of one source id over every solved county; id and name are
 * borrowed from a county's policy. */
typedef struct {
    const char *id;
    const rf_label *name;
    rf_fen arrived, allocated, undrawn, by_use[RF_USE_COUNT];
} rf_batch_source_total;

/* Sums sources by id, in the order ids are first seen.  Returns a new
 * array (count in *n) or NULL when out of memory. */
rf_batch_source_total *rf_batch_source_totals(const rf_batch *b, size_t *n);

/* The report's order: problem counties first (solver errors, input errors,
 * not run, gaps, violations), then the balanced ones; input order within
 * each.  Returns a new array of county indexes, or NULL. */
size_t *rf_batch_county_order(const rf_batch *b);

/* How many counties have status s. */
size_t rf_batch_count_status(const rf_batch *b, rf_batch_status s);

/* The first error of a county (its solver error or its first input
 * error), located and formatted into buf; "" when it has none.  Returns
 * buf. */
char *rf_batch_county_problem(const rf_batch_county *c, char *buf, size_t size);

#endif
