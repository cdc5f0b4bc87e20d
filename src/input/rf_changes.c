/* rf_changes: the --set changes of a load: parsed, applied to the located trees, and named. */
#include "rf_changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_patch.h"
#include "rf_read.h"

/* Parses one PATH=VALUE given by option into cs->items[cs->n]; problems
 * are errors named "OPTION PATH".  Returns false when out of memory. */
static bool parse_one(rf_changes *cs, rf_json_ctx *ctx, const char *text, const char *option,
                      rf_diags *diags, bool *ok)
{
    const char *eq = strchr(text, '=');
    if (!eq) {
        rf_diags_add(diags, RF_SEV_ERROR, option, 0, 0, text,
                     "expected PATH=VALUE, e.g. sources.policy_loans.arrived=50000000");
        *ok = false;
        return true;
    }
    char shown[512];
    snprintf(shown, sizeof shown, "%.*s", (int)(eq - text), text);
    const char *p = text;
    size_t plen = (size_t)(eq - text);
    bool for_policy = false;
    if (plen > 7 && strncmp(p, "policy.", 7) == 0) {
        for_policy = true;
        p += 7;
        plen -= 7;
    }
    rf_error err = {0};
    rf_change *c = &cs->items[cs->n];
    if (!rf_path_parse(p, plen, &c->path, &err)) {
        char en[1024], zh[1536];
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh, "bad path: %s", (err.message), (err.message_zh));
        rf_diags_add_text(diags, RF_SEV_ERROR, option, 0, 0, shown, en, zh);
        *ok = false;
        return true;
    }
    /* VALUE is JSON when it parses as JSON, else a bare string; but a
     * number JSON refuses (1e400) is an error, not a string. */
    const char *v = eq + 1;
    rf_diags scratch = {0};
    cJSON *value = rf_json_parse(ctx, "--set", v, strlen(v), &scratch);
    char *end = NULL;
    if (!value && *v && (strtod(v, &end), end && *end == '\0')) {
        if (scratch.count)
            rf_diags_add_text(diags, RF_SEV_ERROR, option, 0, 0, shown, scratch.items[0].message,
                              scratch.items[0].message_zh);
        else
            rf_diags_add(diags, RF_SEV_ERROR, option, 0, 0, shown, "not a usable number");
        rf_diags_free(&scratch);
        rf_path_free(&c->path);
        *ok = false;
        return true;
    }
    rf_diags_free(&scratch);
    if (!value && !(value = cJSON_CreateString(v))) {
        rf_path_free(&c->path);
        return false;
    }
    if (!rf_json_relocate(ctx, value, "--set", 0, 0)) {
        rf_json_delete(ctx, value);
        rf_path_free(&c->path);
        return false;
    }
    c->value = value;
    c->for_policy = for_policy;
    c->text = text;
    c->path_len = (size_t)(eq - text);
    c->option = option;
    cs->n++;
    return true;
}

bool rf_changes_parse(rf_changes *cs, rf_json_ctx *ctx, const rf_load_options *o, rf_diags *diags)
{
    memset(cs, 0, sizeof *cs);
    size_t n = o ? o->n_set + (o->point != NULL) : 0;
    if (!n)
        return true;
    cs->items = calloc(n, sizeof *cs->items);
    if (!cs->items)
        return false;
    bool ok = true;
    for (size_t i = 0; i < o->n_set; i++)
        if (!parse_one(cs, ctx, o->set[i], "--set", diags, &ok))
            return false;
    if (o->point &&
        !parse_one(cs, ctx, o->point, o->point_option ? o->point_option : "--set", diags, &ok))
        return false;
    return ok;
}

/* Whether path b is a or lies inside it ("a.b" is inside "a"). */
static bool path_within(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '.' || b[n] == '[');
}

/* Names every problem found in a value a change set (a diagnostic at file
 * "--set", from index first of the list) by that change as the user wrote
 * it: file its option, path its PATH (followed by the rest of the deeper
 * path when the problem is inside an object the change set).  The change's
 * path is compared as rf_patch_set resolved it, with indexes for ids.  The
 * last change on the path wins, as it is the one applied. */
void rf_changes_name(const rf_changes *cs, rf_diags *d, size_t first)
{
    for (size_t i = first; i < d->count; i++) {
        rf_diag *x = &d->items[i];
        if (strcmp(x->file, "--set") != 0)
            continue;
        const rf_change *c = NULL;
        char canon[600];
        for (size_t k = cs->n; k-- > 0 && !c;) {
            char path[512];
            rf_path_format(&cs->items[k].path, cs->items[k].path.n, path, sizeof path);
            snprintf(canon, sizeof canon, "%s%s", cs->items[k].for_policy ? "policy." : "", path);
            if (path_within(canon, x->path) || path_within(x->path, canon))
                c = &cs->items[k];
        }
        if (!c)
            continue;
        /* deeper: the change's PATH as written, then the rest of x's */
        const char *rest = path_within(canon, x->path) ? x->path + strlen(canon) : "";
        size_t size = c->path_len + strlen(rest) + 1;
        char *file = rf_read_strdup(c->option);
        char *path = malloc(size);
        if (!file || !path) {
            free(file);
            free(path);
            continue;
        }
        snprintf(path, size, "%.*s%s", (int)c->path_len, c->text, rest);
        free(x->file);
        free(x->path);
        x->file = file;
        x->path = path;
    }
}

bool rf_changes_apply(rf_changes *cs, rf_json_ctx *ctx, cJSON *root, bool for_policy,
                      rf_diags *diags)
{
    bool ok = true;
    for (size_t i = 0; i < cs->n; i++) {
        rf_change *c = &cs->items[i];
        if (c->for_policy != for_policy || !c->value)
            continue;
        rf_error err = {0};
        char bad[512];
        cJSON *value = c->value;
        c->value = NULL;
        if (!rf_patch_set(ctx, root, &c->path, value, &err, bad, sizeof bad)) {
            char shown[600];
            snprintf(shown, sizeof shown, "%s%s", for_policy ? "policy." : "", bad);
            rf_diags_add_text(diags, RF_SEV_ERROR, "--set", 0, 0, shown, err.message,
                              err.message_zh);
            ok = false;
        }
    }
    return ok;
}

void rf_changes_free(rf_changes *cs, rf_json_ctx *ctx)
{
    for (size_t i = 0; i < cs->n; i++) {
        rf_path_free(&cs->items[i].path);
        rf_json_delete(ctx, cs->items[i].value);
    }
    free(cs->items);
    memset(cs, 0, sizeof *cs);
}
