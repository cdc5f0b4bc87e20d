/* rf_patch: merge patches and path assignments on located JSON trees. */
#include "rf_patch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_read.h"

/* Whether an object tree has a null member anywhere. */
static bool has_null(const cJSON *obj)
{
    for (const cJSON *c = obj->child; c; c = c->next)
        if (cJSON_IsNull(c) || (cJSON_IsObject(c) && has_null(c)))
            return true;
    return false;
}

/* Removes every null member of an object tree (a merge patch applied to a
 * non-object is the patch without its deletions).  False when out of
 * memory. */
static bool strip_nulls(rf_json_ctx *ctx, cJSON *obj)
{
    if (!has_null(obj))
        return true;
    if (!rf_json_own(ctx, obj))
        return false;
    cJSON *c = obj->child;
    while (c) {
        cJSON *next = c->next;
        if (cJSON_IsNull(c))
            rf_json_delete(ctx, cJSON_DetachItemViaPointer(obj, c));
        else if (cJSON_IsObject(c) && !strip_nulls(ctx, c))
            return false;
        c = next;
    }
    return true;
}

/* Merges the members of the object patch into the object target (both
 * kept; patch emptied).  False when out of memory, the merge then partly
 * done. */
static bool merge_objects(rf_json_ctx *ctx, cJSON *target, cJSON *patch)
{
    if (!rf_json_own(ctx, target) || !rf_json_own(ctx, patch))
        return false;
    cJSON *item;
    while ((item = patch->child) != NULL) {
        cJSON_DetachItemViaPointer(patch, item);
        cJSON *existing = cJSON_GetObjectItemCaseSensitive(target, item->string);
        if (cJSON_IsNull(item)) {
            if (existing)
                rf_json_delete(ctx, cJSON_DetachItemViaPointer(target, existing));
            rf_json_delete(ctx, item);
        } else if (existing && cJSON_IsObject(existing) && cJSON_IsObject(item)) {
            bool ok = merge_objects(ctx, existing, item);
            rf_json_delete(ctx, item);
            if (!ok)
                return false;
        } else {
            if (cJSON_IsObject(item) && !strip_nulls(ctx, item)) {
                rf_json_delete(ctx, item);
                return false;
            }
            if (existing) {
                /* Replace in place, keeping the member order of target. */
                item->next = existing->next;
                item->prev = existing->prev;
                if (existing->next)
                    existing->next->prev = item;
                if (existing == target->child)
                    target->child = item;
                else
                    existing->prev->next = item;
                if (existing->next == NULL)
                    target->child->prev = item;
                existing->next = existing->prev = NULL;
                rf_json_delete(ctx, existing);
            } else {
                cJSON_AddItemToArray(target, item); /* keeps item->string */
            }
        }
    }
    return true;
}

cJSON *rf_patch_merge(rf_json_ctx *ctx, cJSON *target, cJSON *patch)
{
    if (!patch)
        return target;
    if (!cJSON_IsObject(patch)) {
        rf_json_delete(ctx, target);
        return patch;
    }
    if (!target || !cJSON_IsObject(target)) {
        rf_json_delete(ctx, target);
        if (strip_nulls(ctx, patch))
            return patch;
        rf_json_delete(ctx, patch);
        return NULL;
    }
    bool ok = merge_objects(ctx, target, patch);
    rf_json_delete(ctx, patch);
    if (ok)
        return target;
    rf_json_delete(ctx, target);
    return NULL;
}

/* What n is, for messages: rf_read_kind's words, but "a boolean". */
static const char *kind(const cJSON *n)
{
    return cJSON_IsBool(n) ? "a boolean" : rf_read_kind(n);
}

/* The ids node offers: the string "id" members of an array's elements, or
 * an object's member names; a NULL-terminated list borrowing the strings,
 * NULL when out of memory. */
static const char **ids_of(const cJSON *node, size_t *n)
{
    const char **ids = malloc(((size_t)cJSON_GetArraySize(node) + 1) * sizeof *ids);
    *n = 0;
    if (!ids)
        return NULL;
    for (const cJSON *e = node->child; e; e = e->next) {
        const cJSON *id = cJSON_IsArray(node) ? cJSON_GetObjectItemCaseSensitive(e, "id") : NULL;
        if (cJSON_IsString(id))
            ids[(*n)++] = id->valuestring;
        else if (cJSON_IsObject(node))
            ids[(*n)++] = e->string;
    }
    ids[*n] = NULL;
    return ids;
}

/* Resolves the id step seg on node in place, as rf_patch_set says.
 * Returns false with err filled when node has no such element or member,
 * or is neither an array nor an object. */
static bool resolve_id(const cJSON *node, rf_path_seg *seg, const char *parent, rf_error *err)
{
    if (!cJSON_IsArray(node) && !cJSON_IsObject(node)) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "cannot take [%s]: %s is %s, not an array or an object", seg->id,
                 parent, kind(node));
        return false;
    }
    size_t index = 0;
    for (const cJSON *e = node->child; e; e = e->next, index++) {
        const char *id = e->string;
        if (cJSON_IsArray(node)) {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "id");
            id = cJSON_IsString(m) ? m->valuestring : NULL;
        }
        if (id && strcmp(id, seg->id) == 0) {
            if (cJSON_IsArray(node)) {
                free(seg->id);
                seg->index = index;
            } else {
                seg->key = seg->id;
            }
            seg->id = NULL;
            return true;
        }
    }
    size_t n;
    const char **ids = ids_of(node, &n);
    const char *best = ids ? rf_read_closest(seg->id, ids) : NULL;
    if (!ids) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
    } else if (best) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unknown id \"%s\" in %s; did you mean \"%s\"?", seg->id, parent,
                 best);
    } else if (n == 0 && cJSON_IsArray(node)) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unknown id \"%s\": %s has no element with an \"id\"", seg->id,
                 parent);
    } else if (n == 0) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unknown id \"%s\": %s has no members", seg->id, parent);
    } else {
        char list[512];
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unknown id \"%s\" in %s; expected one of: %s", seg->id, parent,
                 rf_read_join(list, sizeof list, ids));
    }
    free(ids);
    return false;
}

bool rf_patch_set(rf_json_ctx *ctx, cJSON *root, rf_path *path, cJSON *value, rf_error *err,
                  char *bad_path, size_t bad_path_size)
{
    cJSON *node = root;
    for (size_t i = 0; i < path->n; i++) {
        rf_path_seg *seg = &path->segs[i];
        bool last = i + 1 == path->n;
        char here[512], parent[512];
        rf_path_format(path, i + 1, here, sizeof here);
        rf_path_format(path, i, parent, sizeof parent);
        if (!parent[0])
            snprintf(parent, sizeof parent, "the document");
        if (seg->id && !resolve_id(node, seg, parent, err))
            goto fail;
        /* node changes, or its child does: its members must be its own */
        if (!rf_json_own(ctx, node)) {
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        if (seg->key) {
            if (!cJSON_IsObject(node)) {
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "cannot set member \"%s\": %s is %s, not an object",
                         seg->key, parent, kind(node));
                goto fail;
            }
            cJSON *child = cJSON_GetObjectItemCaseSensitive(node, seg->key);
            if (last) {
                if (child)
                    rf_json_delete(ctx, cJSON_DetachItemViaPointer(node, child));
                if (!cJSON_AddItemToObject(node, seg->key, value)) {
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
                    goto fail;
                }
                return true;
            }
            if (!child && !path->segs[i + 1].key) {
                if (path->segs[i + 1].id)
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                             "member \"%s\" does not exist, so no element has id \"%s\"", seg->key,
                             path->segs[i + 1].id);
                else
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                             "member \"%s\" does not exist, so index [%zu] is out of range",
                             seg->key, path->segs[i + 1].index);
                rf_path_format(path, i + 2, here, sizeof here);
                snprintf(bad_path, bad_path_size, "%s", here);
                rf_json_delete(ctx, value);
                return false;
            }
            if (!child) {
                child = cJSON_CreateObject();
                if (!child || !rf_json_set_loc(ctx, child, "--set", 0, 0, NULL, 0) ||
                    !cJSON_AddItemToObject(node, seg->key, child)) {
                    rf_json_delete(ctx, child);
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
                    goto fail;
                }
            }
            node = child;
        } else {
            if (!cJSON_IsArray(node)) {
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "cannot index [%zu]: %s is %s, not an array", seg->index,
                         parent, kind(node));
                goto fail;
            }
            int size = cJSON_GetArraySize(node);
            if (seg->index >= (size_t)size) {
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "index [%zu] is out of range: %s has %d element%s",
                         seg->index, parent, size, size == 1 ? "" : "s");
                goto fail;
            }
            cJSON *child = cJSON_GetArrayItem(node, (int)seg->index);
            if (last) {
                /* Swap the element in place, keeping its neighbours. */
                value->next = child->next;
                value->prev = child->prev;
                if (child->next)
                    child->next->prev = value;
                if (child == node->child)
                    node->child = value;
                else
                    child->prev->next = value;
                if (!child->next)
                    node->child->prev = value;
                child->next = child->prev = NULL;
                rf_json_delete(ctx, child);
                return true;
            }
            node = child;
        }
        continue;
    fail:
        snprintf(bad_path, bad_path_size, "%s", here);
        rf_json_delete(ctx, value);
        return false;
    }
    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "the path is empty");
    snprintf(bad_path, bad_path_size, "%s", "");
    rf_json_delete(ctx, value);
    return false;
}
