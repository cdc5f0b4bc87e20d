/* rf_scenario: the loader: a scenario file (extends, includes, its policy
 * model, --set changes) read, resolved and validated into the types of
 * rf_types.h. */
#ifndef RF_SCENARIO_H
#define RF_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "rf_error.h"
#include "rf_json.h"
#include "rf_types.h"

/* How deep files may reference each other through extends and includes
 * (the file given counts as the first); deeper is an error at the
 * reference.  Each file is read once per load (by device and inode), and
 * a file included twice is an error, so the work of a load is linear in
 * its files. */
#define RF_MAX_REFERENCE_DEPTH 64

/* JSON files kept parsed between loads (relocfund serve loads its scenario
 * again, with a request's changes, for every request): each file's tree is
 * parsed once and shared, read-only, with every later load while the file
 * stays the same (its path as named, device, inode, size and modification
 * time): a load reads a view of it (rf_json_share) and copies only the
 * nodes its changes and extends touch, so that a load with a cache reads,
 * reports and returns exactly what a load without it does and leaves the
 * kept trees as parsed.  Workbooks are read afresh.  Not thread-safe: one
 * load at a time. */
typedef struct rf_load_cache rf_load_cache;

/* A new, empty cache, or NULL when out of memory. */
rf_load_cache *rf_load_cache_new(void);
void rf_load_cache_free(rf_load_cache *c);

/* How many files c keeps parsed: the files scenarios and policies name
 * (extends, includes, policy), never a file a change names (--set
 * policy=...), which is read for its load alone. */
size_t rf_load_cache_count(const rf_load_cache *c);

/* Changes applied before the scenario is resolved: PATH=VALUE, where PATH
 * is a JSON path into the scenario ("sources.policy_loans.arrived") or, with
 * the prefix "policy.", into its policy model. */
typedef struct {
    const char *const *set; /* "PATH=VALUE" strings, borrowed */
    size_t n_set;
    /* One more PATH=VALUE applied after them (a sweep's or a break-even
     * search's point), named in messages by point_option ("--sweep");
     * NULL for none. */
    const char *point;
    const char *point_option;
    /* Parsed files kept from earlier loads, and for later ones; NULL: none. */
    rf_load_cache *cache;
} rf_load_options;

/* Reads a scenario file, follows its extends chain and its policy reference,
 * applies options (may be NULL) and validates everything.  Every problem
 * goes to diags (errors and warnings).  Returns a new scenario, or NULL when
 * any error was found.  The caller frees it with rf_scenario_free().
 *
 * A change is never ignored: a PATH that names no member the scenario or
 * policy format knows (or an index out of range) is an error, and every
 * problem a change causes in the values it sets is named by the change,
 * without a line: file "--set" (or the point's option), path the PATH as
 * written, or the deeper path inside an object value; rf_format_location
 * prints it "--set PATH: message". */
rf_scenario *rf_scenario_load(const char *path, const rf_load_options *options, rf_diags *diags);

void rf_scenario_free(rf_scenario *s);

/* The scenario file at path as one self-contained tree, as a workbook
 * holds it: its extends chain merged, and its includes flattened into it
 * (the included files' sites appended before its own, each site's costs
 * completed from its file's cost_defaults; their sources, disbursed totals
 * and integrated agricultural budgets added up to the fen as the loader
 * adds them; their stated figures, which the included files check, left
 * out); its policy path made relative to the folder of the file `to`.
 * Nodes are located in ctx.  *from receives a malloc'd statement of the
 * files resolved ("plan.json; includes a.json, b.json (extends a.json)").
 * Load the file first (rf_scenario_load): this checks no more than it
 * needs to.  Returns the tree, or NULL after errors to diags. */
cJSON *rf_scenario_resolve(rf_json_ctx *ctx, const char *path, const char *to, rf_diags *diags,
                           char **from);

/* Reads a policy model file on its own and validates it.  Every problem
 * goes to diags.  Returns a new policy (free with rf_policy_free), or NULL
 * when any error was found. */
rf_policy *rf_policy_load(const char *path, rf_diags *diags);

void rf_policy_free(rf_policy *p);

/* For a file that changes do not apply to (kind: "a policy model"): adds an
 * error naming the first --set of options, the file, and hint (what to do
 * instead), and returns true; false (nothing added) when options has no
 * change. */
bool rf_load_options_refuse(const rf_load_options *options, const char *path, const char *kind,
                            const char *hint, rf_diags *diags);

/* The warnings of diags (what loading path with changes gave) that loading
 * the file as it is does not give: those the changes brought, appended to
 * out in diags' order, each once. */
void rf_load_new_warnings(const char *path, const rf_diags *diags, rf_diags *out);

/* Validates one file: a policy model when its "format" is
 * "relocfund-policy/1" (changes in options are then an error: they would be
 * ignored), else a scenario (loaded in full, with options).
 * Every problem goes to diags, sorted by location.  Returns RF_OK, or
 * RF_ERR_INPUT when any error was found. */
rf_status rf_validate_file(const char *path, const rf_load_options *options, rf_diags *diags);

#endif
