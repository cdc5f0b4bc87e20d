/* rf_changes: the changes a load applies before it resolves a scenario
 * (each --set PATH=VALUE, and a sweep's or a break-even search's point):
 * parsed into located JSON values, applied to the scenario's tree or its
 * policy's (the prefix "policy."), and named in the problems they cause.
 *
 * A list of changes owns its parsed paths and the values not yet applied
 * (their nodes live in the JSON context); the PATH=VALUE texts are
 * borrowed from the load options. */
#ifndef RF_CHANGES_H
#define RF_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_json.h"
#include "rf_path.h"
#include "rf_scenario.h"

/* One change, parsed. */
typedef struct {
    rf_path path;
    cJSON *value;       /* parsed value, owned until applied */
    bool for_policy;    /* the path started with "policy." */
    const char *text;   /* the whole "PATH=VALUE", borrowed */
    size_t path_len;    /* of PATH in text */
    const char *option; /* "--set", or the option that gave the point */
} rf_change;

typedef struct {
    rf_change *items;
    size_t n;
} rf_changes;

/* Parses every change of o (its --set ones, then its point) into cs.  A
 * malformed one is an error named "OPTION PATH" in diags.  Returns false
 * when one was malformed or memory ran out (free cs either way). */
bool rf_changes_parse(rf_changes *cs, rf_json_ctx *ctx, const rf_load_options *o, rf_diags *diags);

/* Applies the changes meant for the scenario (for_policy false) or for its
 * policy to root; a path that cannot be set is an error.  Returns false
 * when one could not be applied. */
bool rf_changes_apply(rf_changes *cs, rf_json_ctx *ctx, cJSON *root, bool for_policy,
                      rf_diags *diags);

/* Names every problem found in a value a change set (a diagnostic of d at
 * file "--set", from index first on) by that change as the user wrote it:
 * file its option, path its PATH, followed by the rest of the deeper path
 * when the problem is inside an object the change set.  Call after
 * rf_changes_apply, which resolves ids to the indexes the reader names.
 * The last change on a path wins, as it is the one applied. */
void rf_changes_name(const rf_changes *cs, rf_diags *d, size_t first);

void rf_changes_free(rf_changes *cs, rf_json_ctx *ctx);

#endif
