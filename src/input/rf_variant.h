/* rf_variant: a variant scenario file made from --set changes: `extends` the
 * scenario and states only what the changes make differ (relocfund serve's
 * "save").
 *
 * The files go next to the scenario, under names made here from the
 * scenario's and the variant's names; nothing is written anywhere else. */
#ifndef RF_VARIANT_H
#define RF_VARIANT_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"

/* The longest variant name: letters, digits, '-' and '_'. */
#define RF_VARIANT_MAX_NAME 40

/* The files a save wrote (owned; free with rf_variant_saved_free). */
typedef struct {
    char *scenario; /* DIR/STEM-NAME.json */
    char *policy;   /* DIR/STEM-NAME.policy.json when a change was to the policy, else NULL */
    bool exists;    /* RF_ERR_OUTPUT because a file exists (not replaced) */
} rf_variant_saved;

/* Saves the changes sets[0..n) ("PATH=VALUE", as --set) to the scenario at
 * path as a variant: DIR/STEM-NAME.json (DIR and STEM the scenario's
 * folder and file name without ".json"), a merge patch over the scenario
 * ("extends": its file name) with the variant's id, and each changed
 * member; a change inside an array states the whole array as the chain
 * of files makes it (arrays replace, docs/scenario-format.md).  Changes to
 * the policy ("policy." paths) go to a full copy of its policy model,
 * DIR/STEM-NAME.policy.json, which the variant names.  name NULL picks
 * "variant-N", the first N whose files do not exist.
 *
 * Each file is written atomically (a temporary file in DIR, then a link or
 * rename); an existing file is replaced only with replace.  The variant is
 * loaded back before the call returns, and removed when it does not load.
 * Returns RF_OK with *out filled; RF_ERR_INPUT for changes that do not
 * apply (the problems in diags, as `relocfund solve PATH --set ...` gives
 * them), a bad name or a scenario that is not a .json file (err); RF_ERR_OUTPUT when a file exists (without
 * replace) or cannot be written (err). */
rf_status rf_variant_save(const char *path, const char *const *sets, size_t n, const char *name,
                          bool replace, rf_variant_saved *out, rf_diags *diags, rf_error *err);
void rf_variant_saved_free(rf_variant_saved *v);

#endif
