/* rf_patch: changes to JSON trees that keep every node's location: RFC 7386
 * merge patches (extends) and PATH=VALUE assignments (--set). */
#ifndef RF_PATCH_H
#define RF_PATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_json.h"
#include "rf_path.h"

/* Applies patch to target as an RFC 7386 merge patch: when patch is an
 * object, each member is merged into target recursively (target becomes an
 * object if it was not), and a null member deletes the member of target;
 * any other patch replaces target.  Takes over both trees (either may be
 * NULL) and returns the result, whose nodes keep the locations they had
 * (so a value shows the file it came from).  Either may be a view
 * (rf_json_share): the nodes they share are not changed.  Returns NULL
 * when patch is NULL and target is NULL, or when out of memory (both are
 * then deleted). */
cJSON *rf_patch_merge(rf_json_ctx *ctx, cJSON *target, cJSON *patch);

/* Sets the member or element that path names in root to value (taken over;
 * deleted on failure).  Missing object members are created on the way (as
 * objects); an index out of range, an id no element has (with the closest
 * id when one is within two edits), or a step through something that is
 * not an object or an array, fails.  An id step names what exists: on an
 * array the first element whose "id" member is that string, on an object
 * the member of that name.  It is resolved in path as it is taken (to the
 * index, or to the member name), so that afterwards path names what was
 * set as the scenario's reader names it ("sites[0]").  root may be a view
 * (rf_json_share): the nodes it shares are not changed.  On failure sets err
 * (the message naming the bad step, in both languages; no location), writes
 * the path up to and including it into bad_path, and returns false. */
bool rf_patch_set(rf_json_ctx *ctx, cJSON *root, rf_path *path, cJSON *value, rf_error *err,
                  char *bad_path, size_t bad_path_size);

#endif
