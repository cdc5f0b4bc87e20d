/* rf_variant: a variant scenario file made from --set changes. */
#define _GNU_SOURCE
#include "rf_variant.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_changes.h"
#include "rf_json.h"
#include "rf_patch.h"
#include "rf_read.h"
#include "rf_scenario.h"

/* Deepest extends chain followed to find an array. */
#define MAX_CHAIN 32

void rf_variant_saved_free(rf_variant_saved *v)
{
    free(v->scenario);
    free(v->policy);
    v->scenario = v->policy = NULL;
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > RF_VARIANT_MAX_NAME)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* DIR/STEM-NAME + suffix, where path is DIR/STEM.json. */
static char *sibling(const char *path, const char *name, const char *suffix)
{
    size_t len = strlen(path);
    if (len > 5 && strcmp(path + len - 5, ".json") == 0)
        len -= 5;
    char *out = NULL;
    if (asprintf(&out, "%.*s-%s%s", (int)len, path, name, suffix) < 0)
        return NULL;
    return out;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The node at the first n steps of p in root, or NULL. */
static cJSON *walk(cJSON *root, const rf_path *p, size_t n)
{
    cJSON *node = root;
    for (size_t i = 0; i < n && node; i++)
        node = p->segs[i].key ? (cJSON_IsObject(node)
                                     ? cJSON_GetObjectItemCaseSensitive(node, p->segs[i].key)
                                     : NULL)
                              : (cJSON_IsArray(node) && p->segs[i].index < (size_t)INT32_MAX
                                     ? cJSON_GetArrayItem(node, (int)p->segs[i].index)
                                     : NULL);
    return node;
}

/* Puts into patch, at the first n steps of p (n-1 of them members), the
 * array the scenario's chain of files gives there: the nearest file that
 * states it, as arrays replace.  False when no file of the chain has it. */
static bool copy_array(rf_json_ctx *ctx, const char *path, cJSON *patch, const rf_path *p,
                       size_t n)
{
    if (walk(patch, p, n))
        return true;
    char *file = strdup(path);
    bool found = false;
    for (int depth = 0; file && depth < MAX_CHAIN && !found; depth++) {
        rf_diags quiet = {0};
        cJSON *root = rf_json_read_file(ctx, file, &quiet);
        rf_diags_free(&quiet);
        if (!root)
            break;
        cJSON *node = walk(root, p, n);
        const cJSON *ext = cJSON_GetObjectItemCaseSensitive(root, "extends");
        char *next = NULL;
        if (node && cJSON_IsArray(node)) {
            rf_path prefix = {.segs = p->segs, .n = n};
            rf_error err = {0};
            char bad[256];
            cJSON *copy = cJSON_Duplicate(node, true);
            found = copy && rf_patch_set(ctx, patch, &prefix, copy, &err, bad, sizeof bad);
        } else if (!node && cJSON_IsString(ext)) {
            next = rf_read_resolve(file, ext->valuestring);
        }
        rf_json_delete(ctx, root);
        free(file);
        file = next;
        if (!next)
            break;
    }
    free(file);
    return found;
}

/* Writes text to target atomically: a temporary file in its folder, then
 * linked (no replace: fails if target exists) or renamed over it. */
static rf_status write_file(const char *target, const char *text, bool replace, bool *exists,
                            rf_error *err)
{
    char *tmp = NULL;
    const char *slash = strrchr(target, '/');
    if ((slash ? asprintf(&tmp, "%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1)
               : asprintf(&tmp, ".%s.XXXXXX", target)) < 0)
        return rf_error_set(err, RF_ERR_OUTPUT, target, 0, 0, NULL, "out of memory");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rf_error_set(err, RF_ERR_OUTPUT, target, 0, 0, NULL, "cannot write: %s", strerror(errno));
        free(tmp);
        return RF_ERR_OUTPUT;
    }
    fchmod(fd, 0644);
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int saved_errno = done < len ? (errno ? errno : EIO) : 0;
    if (!saved_errno && fsync(fd) != 0)
        saved_errno = errno;
    if (close(fd) != 0 && !saved_errno)
        saved_errno = errno;
    if (!saved_errno && (replace ? rename(tmp, target) : link(tmp, target)) != 0)
        saved_errno = errno;
    if (saved_errno || !replace)
        unlink(tmp);
    free(tmp);
    *exists = saved_errno == EEXIST;
    if (saved_errno == EEXIST)
        return rf_error_set(err, RF_ERR_OUTPUT, target, 0, 0, NULL,
                            "exists; save again with \"replace\": true to overwrite it");
    if (saved_errno)
        return rf_error_set(err, RF_ERR_OUTPUT, target, 0, 0, NULL, "cannot write: %s",
                            strerror(saved_errno));
    return RF_OK;
}

/* Writes node as JSON to f, two spaces an indent level; a number keeps
 * the text it was written with when it came from a file. */
static void print_node(rf_json_ctx *ctx, FILE *f, const cJSON *node, int depth)
{
    bool obj = cJSON_IsObject(node);
    if ((obj || cJSON_IsArray(node)) && node->child) {
        fputc(obj ? '{' : '[', f);
        for (const cJSON *c = node->child; c; c = c->next) {
            fprintf(f, "\n%*s", 2 * (depth + 1), "");
            if (obj) {
                cJSON *key = cJSON_CreateString(c->string);
                char *text = key ? cJSON_PrintUnformatted(key) : NULL;
                fprintf(f, "%s: ", text ? text : "\"\"");
                free(text);
                cJSON_Delete(key);
            }
            print_node(ctx, f, c, depth + 1);
            if (c->next)
                fputc(',', f);
        }
        fprintf(f, "\n%*s%c", 2 * depth, "", obj ? '}' : ']');
        return;
    }
    const rf_json_loc *loc = cJSON_IsNumber(node) ? rf_json_loc_of(ctx, node) : NULL;
    if (loc && loc->text) {
        fwrite(loc->text, 1, loc->len, f);
        return;
    }
    char *text = cJSON_PrintUnformatted(node);
    fputs(text ? text : "null", f);
    free(text);
}

/* The text of a file holding tree (a final line feed), or NULL. */
static char *print_tree(rf_json_ctx *ctx, const cJSON *tree)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    print_node(ctx, f, tree, 0);
    fputc('\n', f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The names of the variant's files: name, or the first free variant-N. */
static rf_status pick_names(const char *path, const char *name, bool replace, bool with_policy,
                            char chosen[RF_VARIANT_MAX_NAME + 1], rf_variant_saved *out,
                            rf_error *err)
{
    char auto_name[32];
    for (int k = 1; !name && k < 10000; k++) {
        snprintf(auto_name, sizeof auto_name, "variant-%d", k);
        char *a = sibling(path, auto_name, ".json"), *b = sibling(path, auto_name, ".policy.json");
        bool taken = !a || !b || exists(a) || exists(b);
        free(a);
        free(b);
        if (!taken)
            name = auto_name;
    }
    if (!name)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL,
                            "no free variant name next to the scenario");
    if (!valid_name(name))
        return rf_error_set(err, RF_ERR_INPUT, "request", 0, 0, "name",
                            "must be 1 to %d letters, digits, '-' or '_'", RF_VARIANT_MAX_NAME);
    snprintf(chosen, RF_VARIANT_MAX_NAME + 1, "%s", name);
    out->scenario = sibling(path, name, ".json");
    out->policy = with_policy ? sibling(path, name, ".policy.json") : NULL;
    if (!out->scenario || (with_policy && !out->policy))
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    out->exists = !replace && (exists(out->scenario) || (out->policy && exists(out->policy)));
    if (out->exists)
        return rf_error_set(err, RF_ERR_OUTPUT,
                            exists(out->scenario) ? out->scenario : out->policy, 0, 0, NULL,
                            "exists; save again with \"replace\": true to overwrite it");
    return RF_OK;
}

rf_status rf_variant_save(const char *path, const char *const *sets, size_t n, const char *name,
                          bool replace, rf_variant_saved *out, rf_diags *diags, rf_error *err)
{
    memset(out, 0, sizeof *out);
    size_t plen = strlen(path);
    if (plen < 5 || strcmp(path + plen - 5, ".json") != 0)
        return rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL,
                            "a variant is saved next to a JSON scenario only; convert this one "
                            "with 'relocfund convert' and serve the JSON file");
    /* The changes must apply as they do for `solve --set`: the same load
     * names the same problems. */
    rf_load_options lo = {.set = sets, .n_set = n};
    rf_scenario *s = rf_scenario_load(path, &lo, diags);
    if (!s)
        return RF_ERR_INPUT;
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_changes cs = {0};
    cJSON *patch = cJSON_CreateObject(), *policy = NULL;
    char *scenario_text = NULL, *policy_text = NULL, *id = NULL;
    rf_status st = RF_OK;
    if (!ctx || !patch || !rf_changes_parse(&cs, ctx, &lo, diags)) {
        st = rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "the changes cannot be read");
        goto out;
    }
    bool with_policy = false;
    for (size_t i = 0; i < cs.n; i++)
        with_policy = with_policy || cs.items[i].for_policy;
    char chosen[RF_VARIANT_MAX_NAME + 1];
    if ((st = pick_names(path, name, replace, with_policy, chosen, out, err)) != RF_OK)
        goto out;
    if (asprintf(&id, "%s-%s", s->id, chosen) < 0) {
        id = NULL;
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    cJSON_AddStringToObject(patch, "format", "relocfund-scenario/1");
    cJSON_AddStringToObject(patch, "extends", base_name(path));
    cJSON_AddStringToObject(patch, "id", id);
    for (size_t i = 0; i < cs.n; i++) {
        const rf_path *p = &cs.items[i].path;
        if (cs.items[i].for_policy)
            continue;
        for (size_t k = 0; k < p->n; k++)
            if (!p->segs[k].key && !copy_array(ctx, path, patch, p, k)) {
                st = rf_error_set(err, RF_ERR_INPUT, "--set", 0, 0, cs.items[i].text,
                                  "no file of the scenario's chain states this array");
                goto out;
            }
    }
    if (!rf_changes_apply(&cs, ctx, patch, false, diags)) {
        st = RF_ERR_INPUT;
        goto out;
    }
    if (with_policy) {
        if (!(policy = rf_json_read_file(ctx, s->policy->file, diags)) ||
            !rf_changes_apply(&cs, ctx, policy, true, diags)) {
            st = RF_ERR_INPUT;
            goto out;
        }
        cJSON_AddStringToObject(patch, "policy", base_name(out->policy));
        if (!(policy_text = print_tree(ctx, policy))) {
            st = rf_error_set(err, RF_ERR_OUTPUT, out->policy, 0, 0, NULL, "out of memory");
            goto out;
        }
    }
    if (!(scenario_text = print_tree(ctx, patch))) {
        st = rf_error_set(err, RF_ERR_OUTPUT, out->scenario, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (policy_text && (st = write_file(out->policy, policy_text, replace, &out->exists, err)) != RF_OK)
        goto out;
    if ((st = write_file(out->scenario, scenario_text, replace, &out->exists, err)) != RF_OK) {
        if (out->policy && !replace)
            unlink(out->policy);
        goto out;
    }
    rf_diags check = {0};
    rf_scenario *back = rf_scenario_load(out->scenario, NULL, &check);
    if (!back) {
        rf_error_from_diags(err, &check);
        st = err->status = RF_ERR_SOLVER;
        unlink(out->scenario);
        if (out->policy)
            unlink(out->policy);
    }
    rf_scenario_free(back);
    rf_diags_free(&check);
out:
    if (st != RF_OK)
        rf_variant_saved_free(out);
    free(id);
    free(scenario_text);
    free(policy_text);
    if (ctx) {
        rf_changes_free(&cs, ctx);
        if (policy)
            rf_json_delete(ctx, policy);
        if (patch)
            rf_json_delete(ctx, patch);
        rf_json_ctx_free(ctx);
    } else {
        cJSON_Delete(patch);
    }
    rf_scenario_free(s);
    return st;
}
