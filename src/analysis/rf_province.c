/* rf_province: province files (relocfund-province/1) and the split of their pools. */
#include "rf_province.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_read.h"

#define PROVINCE_FORMAT "relocfund-province/1"

bool rf_province_read(rf_batch *b, const char *path, rf_json_ctx *ctx, const cJSON *root,
                      char ***counties_out, size_t *n_out, rf_diags *diags)
{
    rf_reader r = {ctx, diags};
    static const char *const known[] = {"format", "id", "name", "counties", "pools", NULL};
    rf_read_check_keys(&r, root, "", known);
    rf_read_string(&r, root, "id", "", true, false, &b->id);
    rf_read_label(&r, root, "name", "", b->id ? b->id : "", &b->name);
    const cJSON *counties = cJSON_GetObjectItemCaseSensitive(root, "counties");
    if (!cJSON_IsArray(counties) || cJSON_GetArraySize(counties) == 0) {
        rf_read_diag(&r, RF_SEV_ERROR, counties ? counties : root, false, "counties",
                     counties ? "must be a non-empty array of scenario paths; found %s"
                              : "missing; expected an array of county scenario paths, e.g. "
                                "[\"counties/a.json\"]%s",
                     counties ? rf_read_kind(counties) : "");
    } else {
        size_t i = 0;
        for (const cJSON *c = counties->child; c; c = c->next, i++) {
            char p[64];
            snprintf(p, sizeof p, "counties[%zu]", i);
            if (!cJSON_IsString(c) || !c->valuestring[0]) {
                rf_read_diag(&r, RF_SEV_ERROR, c, false, p,
                             "must be the path of a scenario file; found %s", rf_read_kind(c));
                continue;
            }
            char *county = rf_read_resolve(path, c->valuestring);
            char **grown = county ? realloc(*counties_out, (*n_out + 1) * sizeof *grown) : NULL;
            if (!grown) {
                free(county);
                return false;
            }
            *counties_out = grown;
            grown[(*n_out)++] = county;
        }
    }
    const cJSON *pools = cJSON_GetObjectItemCaseSensitive(root, "pools");
    if (pools && !cJSON_IsNull(pools)) {
        if (!cJSON_IsArray(pools)) {
            rf_read_diag(&r, RF_SEV_ERROR, pools, false, "pools",
                         "must be an array of {\"source\": id, \"amount\": yuan}; found %s",
                         rf_read_kind(pools));
            return true;
        }
        size_t n = (size_t)cJSON_GetArraySize(pools);
        b->pools = calloc(n ? n : 1, sizeof *b->pools);
        if (!b->pools)
            return false;
        size_t i = 0;
        for (const cJSON *p = pools->child; p; p = p->next, i++) {
            char pp[64];
            snprintf(pp, sizeof pp, "pools[%zu]", i);
            if (!rf_read_expect_object(&r, p, pp))
                continue;
            static const char *const pk[] = {"source", "amount", "split", NULL};
            rf_read_check_keys(&r, p, pp, pk);
            rf_batch_pool *pool = &b->pools[b->n_pools];
            char *split = NULL;
            bool ok = rf_read_string(&r, p, "source", pp, true, false, &pool->source) == RF_READ_OK;
            const rf_json_loc *loc =
                rf_json_loc_of(ctx, cJSON_GetObjectItemCaseSensitive(p, "source"));
            pool->line = loc ? loc->line : 0;
            pool->column = loc ? loc->column : 0;
            ok &= rf_read_money(&r, p, "amount", pp, true, false, &pool->amount) == RF_READ_OK;
            if (rf_read_string(&r, p, "split", pp, false, false, &split) == RF_READ_OK &&
                strcmp(split, "registered_people") != 0) {
                char sp[80];
                rf_json_path_join(sp, sizeof sp, pp, "split", 0);
                rf_read_diag(&r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(p, "split"), false,
                             sp, "unknown split \"%s\"; expected \"registered_people\"", split);
                ok = false;
            }
            free(split);
            if (ok) {
                b->n_pools++;
            } else {
                /* the slot is reused by the next pool, which may have no source */
                free(pool->source);
                pool->source = NULL;
            }
        }
    }
    return true;
}

bool rf_province_parse(rf_json_ctx *ctx, const char *path, cJSON **root)
{
    rf_diags quiet = {0};
    *root = rf_json_read_file(ctx, path, &quiet);
    rf_diags_free(&quiet);
    const cJSON *f = *root ? cJSON_GetObjectItemCaseSensitive(*root, "format") : NULL;
    return cJSON_IsString(f) && strcmp(f->valuestring, PROVINCE_FORMAT) == 0;
}

bool rf_province_is(const char *path)
{
    rf_json_ctx *ctx = rf_json_ctx_new();
    cJSON *root = NULL;
    bool province = ctx && rf_province_parse(ctx, path, &root);
    rf_json_delete(ctx, root);
    rf_json_ctx_free(ctx);
    return province;
}

static int64_t registered_people(const rf_scenario *s)
{
    int64_t n = 0;
    for (size_t i = 0; i < s->n_sites; i++)
        n += s->sites[i].registered_people;
    return n;
}

/* A county's remainder in a pool's split, for handing out the fen left over. */
typedef struct {
    __int128 rem;
    size_t county;
} remainder;

/* Larger remainders first; ties to the earlier county. */
static int remainder_cmp(const void *a, const void *b)
{
    const remainder *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem > y->rem ? -1 : 1;
    return (x->county > y->county) - (x->county < y->county);
}

rf_status rf_province_split_pools(rf_batch *b, rf_error *err)
{
    if (!b->n_pools)
        return RF_OK;
    int64_t *w = calloc(b->n_counties, sizeof *w);
    remainder *rems = calloc(b->n_counties, sizeof *rems);
    if (!w || !rems) {
        free(w);
        free(rems);
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    }
    __int128 wsum = 0;
    for (size_t i = 0; i < b->n_counties; i++) {
        w[i] = b->counties[i].scenario ? registered_people(b->counties[i].scenario) : 0;
        wsum += w[i];
    }
    for (size_t k = 0; k < b->n_pools && wsum > 0; k++) {
        const rf_batch_pool *pool = &b->pools[k];
        rf_fen given = 0;
        for (size_t i = 0; i < b->n_counties; i++) {
            b->counties[i].pool_shares[k] = (rf_fen)((__int128)pool->amount * w[i] / wsum);
            given += b->counties[i].pool_shares[k];
        }
        /* The fen left over go one each to the largest remainders (sorted
         * once rather than searched for every fen: quadratic nationally). */
        size_t n_rems = 0;
        for (size_t i = 0; i < b->n_counties; i++)
            if (w[i] != 0)
                rems[n_rems++] = (remainder){(__int128)pool->amount * w[i] % wsum, i};
        qsort(rems, n_rems, sizeof *rems, remainder_cmp);
        for (size_t r = 0; r < n_rems && given < pool->amount; r++, given++)
            b->counties[rems[r].county].pool_shares[k]++;
        for (size_t i = 0; i < b->n_counties; i++) {
            rf_batch_county *c = &b->counties[i];
            rf_scenario *s = c->scenario;
            if (!s || c->status != RF_BATCH_PENDING)
                continue;
            rf_fen *to = NULL;
            if (strcmp(pool->source, "integrated_agri") == 0)
                to = &s->integrated_agri_budget;
            for (size_t f = 0; !to && f < s->n_sources; f++)
                if (strcmp(s->sources[f].id, pool->source) == 0)
                    to = &s->sources[f].arrived;
            char path[64];
            snprintf(path, sizeof path, "pools[%zu].source", k);
            if (!to) {
                /* The same words for every county of the policy, so that it
                 * is reported once. */
                const char **ids = calloc(s->n_sources + 2, sizeof *ids);
                for (size_t f = 0; ids && f < s->n_sources; f++)
                    ids[f] = s->sources[f].id;
                if (ids)
                    ids[s->n_sources] = "integrated_agri";
                const char *best = ids ? rf_read_closest(pool->source, ids) : NULL;
                free(ids);
                rf_diags_add(&c->diags, RF_SEV_ERROR, b->province_file, pool->line, pool->column,
                             path,
                             "\"%s\" is neither \"integrated_agri\" nor a source of the policy "
                             "%s%s%s%s",
                             pool->source, s->policy->file, best ? "; did you mean \"" : "",
                             best ? best : "", best ? "\"?" : "");
                c->status = RF_BATCH_INPUT_ERROR;
            } else if (*to > RF_FEN_MAX - c->pool_shares[k]) {
                rf_diags_add(&c->diags, RF_SEV_ERROR, b->province_file, pool->line, pool->column,
                             path, "the pool \"%s\" makes %s's amount too large", pool->source,
                             s->id);
                c->status = RF_BATCH_INPUT_ERROR;
            } else {
                *to += c->pool_shares[k];
            }
        }
    }
    free(w);
    free(rems);
    return RF_OK;
}
