/* rf_province: a province file (relocfund-province/1, docs/batch.md): the
 * counties it lists and its province-level pools, and how a pool is split
 * among the counties before they are solved.  What is read goes into the
 * batch (rf_batch.h), which owns it. */
#ifndef RF_PROVINCE_H
#define RF_PROVINCE_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_batch.h"
#include "rf_error.h"
#include "rf_json.h"

/* Whether the file at path is a province file (its "format" is
 * "relocfund-province/1"); false when it cannot be read or parsed. */
bool rf_province_is(const char *path);

/* The same, parsing the file into ctx: *root gets the tree (NULL when it
 * did not parse; free it with rf_json_delete). */
bool rf_province_parse(rf_json_ctx *ctx, const char *path, cJSON **root);

/* Reads the province file at path (its tree root, parsed into ctx) into b:
 * its id, name and pools; appends the county paths it lists (resolved
 * against its folder, malloc'd) to *counties, *n of them.  Problems go to
 * diags.  Returns false when out of memory. */
bool rf_province_read(rf_batch *b, const char *path, rf_json_ctx *ctx, const cJSON *root,
                      char ***counties, size_t *n, rf_diags *diags);

/* Splits each pool of b over the loaded counties in proportion to their
 * registered people (to the fen, largest remainder, ties to the earlier
 * county) and adds each share to the county's source (or its integrated
 * agri budget); a pool source a county's policy does not have is an input
 * error of that county, located in the province file.  RF_ERR_SOLVER when
 * out of memory. */
rf_status rf_province_split_pools(rf_batch *b, rf_error *err);

#endif
