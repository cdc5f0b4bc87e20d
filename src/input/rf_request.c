/* rf_request: the body of a request to relocfund serve's API. */
#include "rf_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_json.h"
#include "rf_path.h"
#include "rf_read.h"

#define FILE_NAME "request"

void rf_request_free(rf_request *r)
{
    for (size_t i = 0; i < r->n_sets; i++)
        free(r->sets[i]);
    free(r->sets);
    free(r->format);
    free(r->lang);
    free(r->name);
    memset(r, 0, sizeof *r);
}

/* The member a change "PATH=VALUE" sets when it names a file (the
 * scenario's "policy", "includes" or "extends"), or NULL. */
static const char *names_file(const char *set)
{
    static const char *const members[] = {"policy", "includes", "extends"};
    const char *eq = strchr(set, '=');
    rf_path p = {0};
    rf_error err = {0};
    if (!eq || ((size_t)(eq - set) > 7 && strncmp(set, "policy.", 7) == 0))
        return NULL; /* not a change, or one to the policy model (as rf_changes reads it) */
    if (!rf_path_parse(set, (size_t)(eq - set), &p, &err))
        return NULL; /* the loader says why */
    const char *named = NULL;
    for (size_t k = 0; p.n > 0 && p.segs[0].key && k < 3; k++)
        if (strcmp(p.segs[0].key, members[k]) == 0)
            named = members[k];
    rf_path_free(&p);
    return named;
}

/* Reads "set": an array of strings, at most RF_REQUEST_MAX_SETS, none of
 * which names a file (the server reads the scenario's own files only). */
static void read_sets(rf_reader *rd, const cJSON *root, rf_request *out)
{
    const cJSON *set = rf_read_member(root, "set");
    if (!set)
        return;
    if (!cJSON_IsArray(set)) {
        rf_read_diag(rd, RF_SEV_ERROR, set, false, "set",
                     "must be an array of \"PATH=VALUE\" strings, not %s", rf_read_kind(set));
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(set);
    if (n > RF_REQUEST_MAX_SETS) {
        rf_read_diag(rd, RF_SEV_ERROR, set, false, "set",
                     "%zu changes; a request may carry at most %d", n, RF_REQUEST_MAX_SETS);
        return;
    }
    if (n && !(out->sets = calloc(n, sizeof *out->sets))) {
        rf_diags_add(rd->diags, RF_SEV_ERROR, FILE_NAME, 0, 0, "set", "out of memory");
        return;
    }
    size_t i = 0;
    for (const cJSON *e = set->child; e; e = e->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "set[%zu]", i);
        const char *file = cJSON_IsString(e) ? names_file(e->valuestring) : NULL;
        if (!cJSON_IsString(e))
            rf_read_diag(rd, RF_SEV_ERROR, e, false, path,
                         "must be a \"PATH=VALUE\" string, not %s", rf_read_kind(e));
        else if (file)
            rf_read_diag(rd, RF_SEV_ERROR, e, false, path,
                         "changes \"%s\", which names a file; relocfund serve reads only the "
                         "scenario's own files (use relocfund solve --set, or change the file)",
                         file);
        else if (!(out->sets[out->n_sets++] = strdup(e->valuestring)))
            rf_diags_add(rd->diags, RF_SEV_ERROR, FILE_NAME, 0, 0, path, "out of memory");
    }
}

bool rf_request_parse(const char *text, size_t len, rf_request *out, rf_diags *diags)
{
    memset(out, 0, sizeof *out);
    if (len == 0)
        return true;
    rf_reader rd = {rf_json_ctx_new(), diags};
    if (!rd.ctx) {
        rf_diags_add(diags, RF_SEV_ERROR, FILE_NAME, 0, 0, NULL, "out of memory");
        return false;
    }
    size_t before = diags->errors;
    cJSON *root = rf_json_parse(rd.ctx, FILE_NAME, text, len, diags);
    if (root && rf_read_expect_object(&rd, root, "")) {
        static const char *const known[] = {"set", "format", "lang", "name", "replace", NULL};
        rf_read_check_keys(&rd, root, "", known);
        read_sets(&rd, root, out);
        rf_read_string(&rd, root, "format", "", false, true, &out->format);
        rf_read_string(&rd, root, "lang", "", false, true, &out->lang);
        rf_read_string(&rd, root, "name", "", false, true, &out->name);
        rf_read_bool(&rd, root, "replace", "", false, &out->replace);
    }
    if (root)
        rf_json_delete(rd.ctx, root);
    rf_json_ctx_free(rd.ctx);
    return diags->errors == before;
}
