/* rf_request: the body of a request to relocfund serve's API. */
#include "rf_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_json.h"
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

/* Reads "set": an array of strings, at most RF_REQUEST_MAX_SETS. */
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
        if (!cJSON_IsString(e))
            rf_read_diag(rd, RF_SEV_ERROR, e, false, path,
                         "must be a \"PATH=VALUE\" string, not %s", rf_read_kind(e));
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
