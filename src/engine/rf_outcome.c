/* rf_outcome: key figures and side-by-side figures of a plan, from memory or a saved JSON result. */
#include "rf_outcome.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_file.h"
#include "rf_json.h"
#include "rf_money.h"
#include "rf_names.h"

void rf_key_figures_of_plan(const rf_plan *p, rf_key_figures *out)
{
    memset(out, 0, sizeof *out);
    out->status = p->status;
    out->unfunded = p->unfunded_total;
    out->cap_excess = p->cap_excess_total;
    out->households_over_cap = p->households_over_cap;
    out->households_over_area_cap = p->households_over_area_cap;
    out->registered_self_funding = p->self_funding[RF_CAT_REGISTERED];
    out->synchronous_self_funding = p->self_funding[RF_CAT_SYNCHRONOUS];
    out->integrated_agri = p->integrated_agri_total;
    out->surplus_employment_base = p->surplus_employment_base;
    out->surplus_industry = p->surplus_industry;
    for (size_t f = 0; f < p->n_sources; f++)
        if (p->sources[f].policy->is_loan)
            out->loans_drawn += p->sources[f].allocated;
    for (size_t i = 0; i < p->n_sites; i++)
        out->registered_households += p->sites[i].site->registered_households;
}

/* ---- key figures from a rounded solution ---- */

void rf_key_figures_add(const rf_model *m, const rf_fen *v, rf_key_figures *k)
{
    const rf_scenario *s = m->scenario;
    const rf_policy *p = s->policy;
    /* Self-funding of each registered class of the group's sites. */
    size_t n_classes = 0;
    for (size_t g = 0; g < m->n_sites; g++)
        n_classes += s->sites[m->sites[g]].n_registered;
    size_t *first = calloc(s->n_sites + 1, sizeof *first);
    rf_fen *class_sf = calloc(n_classes + 1, sizeof *class_sf);
    for (size_t g = 0, at = 0; first && g < m->n_sites; g++) {
        first[m->sites[g]] = at;
        at += s->sites[m->sites[g]].n_registered;
    }
    for (size_t j = 0; j < m->n_cols; j++) {
        const rf_col *c = &m->cols[j];
        rf_fen x = v[j];
        if (x == 0)
            continue;
        switch (c->kind) {
        case RF_COL_GAP:
            k->unfunded += x;
            break;
        case RF_COL_SELF:
            k->registered_self_funding += x;
            if (first && class_sf)
                class_sf[first[c->site] + (size_t)c->cls] += x;
            break;
        case RF_COL_SELF_SYNC:
            k->synchronous_self_funding += x;
            break;
        case RF_COL_AGRI:
            k->integrated_agri += x;
            break;
        case RF_COL_FLOW:
            if (p->sources[c->source].is_loan)
                k->loans_drawn += x;
            if (p->sources[c->source].category == RF_CAT_REGISTERED) {
                if (c->use == RF_USE_EMPLOYMENT_BASE)
                    k->surplus_employment_base += x;
                else if (c->use == RF_USE_INDUSTRY)
                    k->surplus_industry += x;
            }
            break;
        default:
            break;
        }
    }
    if (first && class_sf)
        for (size_t g = 0; g < m->n_sites; g++) {
            const rf_site *site = &s->sites[m->sites[g]];
            for (size_t c = 0; c < site->n_registered; c++) {
                rf_fen cap = p->self_funding_cap * site->registered[c].households;
                rf_fen sf = class_sf[first[m->sites[g]] + c];
                if (sf > cap) {
                    k->cap_excess += sf - cap;
                    k->households_over_cap += site->registered[c].households;
                }
            }
        }
    free(first);
    free(class_sf);
}

void rf_key_figures_finish(const rf_scenario *s, rf_key_figures *k)
{
    k->households_over_area_cap = 0;
    k->registered_households = 0;
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        k->registered_households += site->registered_households;
        for (size_t c = 0; c < site->n_registered; c++) {
            const rf_size_class *sc = &site->registered[c];
            if (sc->households > 0 &&
                site->costs.area_per_person * sc->size > rf_policy_area_cap(s->policy, sc->size))
                k->households_over_area_cap += sc->households;
        }
    }
    if (k->unfunded > 0)
        k->status = RF_PLAN_UNFUNDED_GAP;
    else if (k->cap_excess > 0 || k->households_over_area_cap > 0)
        k->status = RF_PLAN_CAP_VIOLATION;
    else
        k->status = RF_PLAN_BALANCED;
}

rf_fen rf_key_figures_per_household(const rf_key_figures *k)
{
    return k->registered_households > 0
               ? rf_div_round(k->registered_self_funding, k->registered_households)
               : 0;
}

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

void rf_outcome_free(rf_outcome *o)
{
    if (!o)
        return;
    for (size_t f = 0; f < o->n_sources; f++) {
        free(o->sources[f].id);
        free(o->sources[f].name);
    }
    for (size_t i = 0; i < o->n_sites; i++) {
        free(o->sites[i].id);
        free(o->sites[i].name);
        free(o->sites[i].classes);
    }
    free(o->sources);
    free(o->sites);
    free(o->label);
    free(o->scenario);
    free(o->policy);
    free(o);
}

/* A new outcome with room for the given sources and sites; NULL when out of memory. */
static rf_outcome *outcome_new(const char *label, size_t n_sources, size_t n_sites)
{
    rf_outcome *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->label = dup(label);
    o->sources = calloc(n_sources ? n_sources : 1, sizeof *o->sources);
    o->sites = calloc(n_sites ? n_sites : 1, sizeof *o->sites);
    if (!o->label || !o->sources || !o->sites) {
        rf_outcome_free(o);
        return NULL;
    }
    return o;
}

rf_outcome *rf_outcome_from_plan(const rf_plan *p, const char *label, bool chinese)
{
    rf_outcome *o = outcome_new(label, p->n_sources, p->n_sites);
    if (!o)
        return NULL;
    bool ok = true;
    o->scenario = dup(p->scenario->id);
    o->policy = dup(p->scenario->policy->id);
    ok = o->scenario && o->policy;
    o->cost_total = p->cost_total;
    rf_key_figures_of_plan(p, &o->key);
    for (size_t f = 0; f < p->n_sources && ok; f++) {
        const rf_plan_source *ps = &p->sources[f];
        rf_outcome_source *os = &o->sources[o->n_sources++];
        os->id = dup(ps->policy->id);
        os->name = dup(rf_label_pick(&ps->policy->name, ps->policy->id, chinese));
        os->arrived = ps->arrived;
        os->allocated = ps->allocated;
        os->undrawn = ps->undrawn;
        memcpy(os->by_use, ps->by_use, sizeof os->by_use);
        ok = os->id && os->name;
    }
    for (size_t i = 0; i < p->n_sites && ok; i++) {
        const rf_plan_site *ps = &p->sites[i];
        rf_outcome_site *os = &o->sites[o->n_sites++];
        os->id = dup(ps->site->id);
        os->name = dup(rf_label_pick(&ps->site->name, ps->site->id, chinese));
        os->type = ps->site->type;
        os->households[RF_CAT_REGISTERED] = ps->site->registered_households;
        os->households[RF_CAT_SYNCHRONOUS] = ps->site->synchronous_households;
        os->people[RF_CAT_REGISTERED] = ps->site->registered_people;
        os->people[RF_CAT_SYNCHRONOUS] = ps->site->synchronous_people;
        for (int c = 0; c < RF_CAT_COUNT; c++) {
            o->households[c] += os->households[c];
            o->people[c] += os->people[c];
        }
        os->cost = ps->cost_total;
        os->self_funding[RF_CAT_REGISTERED] = ps->self_funding[RF_CAT_REGISTERED];
        os->self_funding[RF_CAT_SYNCHRONOUS] = ps->self_funding[RF_CAT_SYNCHRONOUS];
        os->integrated_agri = ps->integrated_agri_total;
        os->unfunded = ps->unfunded_total;
        os->surplus_employment_base = ps->surplus_employment_base;
        os->surplus_industry = ps->surplus_industry;
        os->classes = calloc(ps->n_classes ? ps->n_classes : 1, sizeof *os->classes);
        ok = os->id && os->name && os->classes;
        for (size_t c = 0; ok && c < ps->n_classes; c++) {
            os->classes[c].size = ps->classes[c].size;
            os->classes[c].households = ps->classes[c].households;
            os->classes[c].self_funding_per_household = ps->classes[c].self_funding_per_household;
            os->classes[c].excess = ps->classes[c].excess;
        }
        if (ok)
            os->n_classes = ps->n_classes;
    }
    if (!ok) {
        rf_outcome_free(o);
        return NULL;
    }
    return o;
}

/* ---- reading a saved result ---- */

typedef struct {
    const char *path;
    rf_error *err;
    bool failed;
} json_reader;

/* The member key of obj; records an error naming where when it is missing
 * or (want >= 0) not of cJSON type want. */
static const cJSON *member(json_reader *r, const cJSON *obj, const char *key, const char *where,
                           int want)
{
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!v || (want >= 0 && (v->type & 0xFF) != want)) {
        if (!r->failed)
            rf_error_set(r->err, RF_ERR_INPUT, r->path, 0, 0, where,
                         "%s \"%s\" in a relocfund-plan/1 result", v ? "unexpected type of"
                                                                     : "missing member",
                         key);
        r->failed = true;
        return NULL;
    }
    return v;
}

/* An amount in yuan (at most two decimals) as fen. */
static rf_fen yuan(json_reader *r, const cJSON *obj, const char *key, const char *where)
{
    const cJSON *v = member(r, obj, key, where, cJSON_Number);
    if (!v)
        return 0;
    double fen = v->valuedouble * 100.0;
    if (!isfinite(fen) || fabs(fen) > 9e15) {
        if (!r->failed)
            rf_error_set(r->err, RF_ERR_INPUT, r->path, 0, 0, where, "%s: amount out of range",
                         key);
        r->failed = true;
        return 0;
    }
    return (rf_fen)llround(fen);
}

static int64_t count(json_reader *r, const cJSON *obj, const char *key, const char *where)
{
    const cJSON *v = member(r, obj, key, where, cJSON_Number);
    return v ? (int64_t)llround(v->valuedouble) : 0;
}

static const char *text(json_reader *r, const cJSON *obj, const char *key, const char *where)
{
    const cJSON *v = member(r, obj, key, where, cJSON_String);
    return v ? v->valuestring : "";
}

/* What a result file is, in messages of the one input path (rf_file_read:
 * regular files only, never waiting on a FIFO, at most RF_JSON_MAX_FILE). */
#define RESULT_FILE "a result file (JSON)"

/* Reads and parses a result file with the scenario reader's checks (strict
 * JSON, the value budget that bounds its memory: rf_json.h) into a fresh
 * *ctx (free the tree with rf_json_delete, then the context).  NULL with
 * err set when it cannot be read or is not JSON. */
static cJSON *parse_file(const char *path, rf_json_ctx **ctx, rf_error *err)
{
    size_t len = 0;
    char *buf = rf_file_read(path, RESULT_FILE, RF_JSON_MAX_FILE, &len, NULL, err);
    *ctx = buf ? rf_json_ctx_new() : NULL;
    if (!*ctx) {
        if (buf)
            rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL, "out of memory");
        free(buf);
        return NULL;
    }
    rf_diags d = {0};
    cJSON *root = rf_json_parse(*ctx, path, buf, len, &d);
    free(buf);
    if (!root) {
        const rf_diag *first = d.count ? &d.items[0] : NULL;
        char en[768], zh[1024];
        RF_MSG_BOTH(en, sizeof en, zh, sizeof zh,
                    "not JSON (%s); expected a result saved with 'relocfund solve --format json'",
                    (first ? first->message : "empty"), (first ? first->message_zh : "empty"));
        rf_error_set_text(err, RF_ERR_INPUT, path, first ? first->line : 0,
                          first ? first->column : 0, NULL, en, zh);
    }
    rf_diags_free(&d);
    return root;
}

/* Frees what parse_file made. */
static void parsed_free(rf_json_ctx *ctx, cJSON *root)
{
    rf_json_delete(ctx, root);
    rf_json_ctx_free(ctx);
}

bool rf_outcome_is_result_file(const char *path)
{
    rf_json_ctx *ctx = NULL;
    rf_error ignored = {0};
    cJSON *root = parse_file(path, &ctx, &ignored);
    const cJSON *f = root ? cJSON_GetObjectItemCaseSensitive(root, "format") : NULL;
    bool yes = cJSON_IsString(f) && strcmp(f->valuestring, "relocfund-plan/1") == 0;
    parsed_free(ctx, root);
    return yes;
}

static bool status_parse(const char *id, rf_plan_status *out)
{
    for (int s = RF_PLAN_BALANCED; s <= RF_PLAN_CAP_VIOLATION; s++)
        if (strcmp(id, rf_plan_status_id((rf_plan_status)s)) == 0) {
            *out = (rf_plan_status)s;
            return true;
        }
    return false;
}

rf_outcome *rf_outcome_from_json(const char *path, const char *label, rf_error *err)
{
    rf_json_ctx *ctx = NULL;
    cJSON *root = parse_file(path, &ctx, err);
    if (!root) {
        rf_json_ctx_free(ctx);
        return NULL;
    }
    json_reader r = {path, err, false};
    rf_outcome *o = NULL;
    const char *format = text(&r, root, "format", "format");
    if (!r.failed && strcmp(format, "relocfund-plan/1") != 0) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, "format",
                     "format \"%s\" is not a plan result (relocfund-plan/1)", format);
        goto fail;
    }
    const cJSON *sources = member(&r, root, "sources", "sources", cJSON_Array);
    const cJSON *sites = member(&r, root, "sites", "sites", cJSON_Array);
    const cJSON *totals = member(&r, root, "totals", "totals", cJSON_Object);
    if (r.failed)
        goto fail;
    o = outcome_new(label, (size_t)cJSON_GetArraySize(sources), (size_t)cJSON_GetArraySize(sites));
    if (!o)
        goto oom;
    o->scenario = dup(text(&r, root, "scenario", "scenario"));
    o->policy = dup(text(&r, root, "policy", "policy"));
    if (!r.failed && !status_parse(text(&r, root, "status", "status"), &o->key.status)) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, "status", "unknown plan status");
        goto fail;
    }
    rf_key_figures *k = &o->key;
    o->cost_total = yuan(&r, totals, "cost_yuan", "totals");
    k->unfunded = yuan(&r, totals, "unfunded_yuan", "totals");
    k->cap_excess = yuan(&r, totals, "cap_excess_yuan", "totals");
    k->households_over_cap = count(&r, totals, "households_over_cap", "totals");
    k->households_over_area_cap = count(&r, totals, "households_over_area_cap", "totals");
    k->registered_self_funding = yuan(&r, totals, "registered_self_funding_yuan", "totals");
    k->synchronous_self_funding = yuan(&r, totals, "synchronous_self_funding_yuan", "totals");
    k->integrated_agri = yuan(&r, totals, "integrated_agri_yuan", "totals");
    k->surplus_employment_base = yuan(&r, totals, "surplus_employment_base_yuan", "totals");
    k->surplus_industry = yuan(&r, totals, "surplus_industry_yuan", "totals");
    const cJSON *item;
    size_t idx = 0;
    cJSON_ArrayForEach(item, sources)
    {
        char where[64];
        snprintf(where, sizeof where, "sources[%zu]", idx++);
        rf_outcome_source *os = &o->sources[o->n_sources++];
        os->id = dup(text(&r, item, "id", where));
        os->name = dup(os->id);
        os->arrived = yuan(&r, item, "arrived_yuan", where);
        os->allocated = yuan(&r, item, "allocated_yuan", where);
        os->undrawn = yuan(&r, item, "undrawn_yuan", where);
        const cJSON *by_use = member(&r, item, "by_use_yuan", where, cJSON_Object);
        for (int u = 0; u < RF_USE_COUNT && by_use; u++)
            os->by_use[u] = yuan(&r, by_use, rf_use_id((rf_use)u), where);
        if (!os->id || !os->name)
            goto oom;
    }
    idx = 0;
    cJSON_ArrayForEach(item, sites)
    {
        char where[64];
        snprintf(where, sizeof where, "sites[%zu]", idx++);
        rf_outcome_site *os = &o->sites[o->n_sites++];
        os->id = dup(text(&r, item, "id", where));
        os->name = dup(text(&r, item, "name", where));
        const char *type = text(&r, item, "type", where);
        if (!r.failed && !rf_site_type_parse(type, &os->type)) {
            rf_error_set(err, RF_ERR_INPUT, path, 0, 0, where, "unknown site type \"%s\"", type);
            goto fail;
        }
        static const char *const hh_keys[RF_CAT_COUNT] = {"registered_households",
                                                          "synchronous_households"};
        static const char *const people_keys[RF_CAT_COUNT] = {"registered_people",
                                                              "synchronous_people"};
        for (int c = 0; c < RF_CAT_COUNT; c++) {
            os->households[c] = count(&r, item, hh_keys[c], where);
            os->people[c] = count(&r, item, people_keys[c], where);
            o->households[c] += os->households[c];
            o->people[c] += os->people[c];
        }
        os->cost = yuan(&r, item, "cost_yuan", where);
        os->self_funding[RF_CAT_REGISTERED] =
            yuan(&r, item, "registered_self_funding_yuan", where);
        os->self_funding[RF_CAT_SYNCHRONOUS] =
            yuan(&r, item, "synchronous_self_funding_yuan", where);
        os->integrated_agri = yuan(&r, item, "integrated_agri_yuan", where);
        os->unfunded = yuan(&r, item, "unfunded_yuan", where);
        os->surplus_employment_base = yuan(&r, item, "surplus_employment_base_yuan", where);
        os->surplus_industry = yuan(&r, item, "surplus_industry_yuan", where);
        k->registered_households += os->households[RF_CAT_REGISTERED];
        const cJSON *classes = member(&r, item, "classes", where, cJSON_Array);
        if (!os->id || !os->name)
            goto oom;
        if (!classes)
            continue;
        os->classes = calloc((size_t)cJSON_GetArraySize(classes) + 1, sizeof *os->classes);
        if (!os->classes)
            goto oom;
        const cJSON *cl;
        cJSON_ArrayForEach(cl, classes)
        {
            rf_outcome_class *oc = &os->classes[os->n_classes++];
            oc->size = (int)count(&r, cl, "size", where);
            oc->households = count(&r, cl, "households", where);
            oc->self_funding_per_household =
                yuan(&r, cl, "self_funding_per_household_yuan", where);
            oc->excess = yuan(&r, cl, "excess_yuan", where);
        }
    }
    /* A result does not say which sources are loans. */
    k->loans_drawn = -1;
    if (r.failed)
        goto fail;
    parsed_free(ctx, root);
    return o;
oom:
    rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
fail:
    parsed_free(ctx, root);
    rf_outcome_free(o);
    return NULL;
}
