/* rf_scenario: reads a scenario file (extends, includes, policy, --set),
 * converts it into rf_scenario and checks every figure it states. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "rf_scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_book.h"
#include "rf_changes.h"
#include "rf_file.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_patch.h"
#include "rf_policy.h"
#include "rf_read.h"
#include "rf_stated.h"

#define SCENARIO_FORMAT "relocfund-scenario/1"
#define MAX_HOUSEHOLD_SIZE 30

/* A file being read: its name as shown and its canonical name. */
typedef struct {
    char *shown;
    char *canonical;
} chain_link;

/* A file this load has read: its (device, inode), its text, and (for a
 * scenario file reached by includes) where it was first included. */
typedef struct {
    dev_t dev;
    ino_t ino;
    off_t size; /* and modification time, when it was opened */
    struct timespec mtime;
    char *text;
    size_t len;
    char *included_by; /* "FILE:LINE:COLUMN" of the first includes entry, or NULL */
} read_file;

typedef struct {
    rf_reader r;
    chain_link *chain; /* files being read, outermost first */
    size_t n_chain, cap_chain;
    read_file *files; /* every file read, each once (by device and inode) */
    size_t n_files, cap_files;
    rf_changes changes; /* --set, and a sweep's point */
    bool compare;       /* figures read without error: compare stated with computed */
    bool change_failed; /* a change did not apply: stated figures are not compared */
    char *resolved;     /* rf_scenario_resolve: the statement of files resolved */
    size_t resolved_len;
    rf_load_cache *cache; /* parsed files kept between loads, or NULL */
} loader;

/* ---- parsed files kept between loads ---- */

/* One file parsed: the tree and its locations in a context of its own. */
typedef struct {
    char *path; /* as named */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    rf_json_ctx *ctx;
    cJSON *root;
} cached_file;

struct rf_load_cache {
    cached_file *files;
    size_t n, cap;
    /* Files parsed again while a load may still share their former trees:
     * freed when that load ends (release_retired). */
    cached_file *retired;
    size_t n_retired, cap_retired;
};

rf_load_cache *rf_load_cache_new(void)
{
    return calloc(1, sizeof(rf_load_cache));
}

static void cached_file_clear(cached_file *f)
{
    rf_json_delete(f->ctx, f->root);
    rf_json_ctx_free(f->ctx);
    free(f->path);
    memset(f, 0, sizeof *f);
}

/* Frees the trees retired during a load, once it has ended. */
static void release_retired(rf_load_cache *c)
{
    for (size_t i = 0; c && i < c->n_retired; i++)
        cached_file_clear(&c->retired[i]);
    if (c)
        c->n_retired = 0;
}

void rf_load_cache_free(rf_load_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        cached_file_clear(&c->files[i]);
    release_retired(c);
    free(c->retired);
    free(c->files);
    free(c);
}

size_t rf_load_cache_count(const rf_load_cache *c)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->n; i++)
        n += c->files[i].root != NULL;
    return n;
}

static bool same_file(const cached_file *f, const struct stat *st)
{
    return f->dev == st->st_dev && f->ino == st->st_ino && f->size == st->st_size &&
           f->mtime.tv_sec == st->st_mtim.tv_sec && f->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The cache's entry for path (NULL: none, or out of memory). */
static cached_file *cache_entry(rf_load_cache *c, const char *path, bool add)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->files[i].path, path) == 0)
            return &c->files[i];
    if (!add)
        return NULL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        cached_file *v = realloc(c->files, cap * sizeof *v);
        if (!v)
            return NULL;
        c->files = v;
        c->cap = cap;
    }
    cached_file *f = &c->files[c->n];
    memset(f, 0, sizeof *f);
    if (!(f->path = rf_read_strdup(path)))
        return NULL;
    c->n++;
    return f;
}

/* A view (rf_json_share) of the tree the cache keeps for f in this load's
 * context: the load changes its own nodes, never the cache's.  NULL after
 * an error to diags. */
static cJSON *share_cached(loader *L, const cached_file *f)
{
    cJSON *view = rf_json_share(L->r.ctx, f->ctx, f->root);
    if (!view)
        rf_diags_add(L->r.diags, RF_SEV_ERROR, f->path, 0, 0, NULL, "out of memory");
    return view;
}

/* A view of the tree the cache keeps for path, when the file is still the
 * one parsed; NULL otherwise (then it is read). */
static cJSON *cached_tree(loader *L, const char *path)
{
    struct stat st;
    cached_file *f = cache_entry(L->cache, path, false);
    if (!f || !f->root || stat(path, &st) != 0 || !same_file(f, &st))
        return NULL;
    return share_cached(L, f);
}

/* Parses the text of path (file, as this load read it) into the cache, and
 * returns a view of it; NULL after errors to diags.  When the cache cannot
 * keep it, the text is parsed into the load's context as without a cache. */
static cJSON *parse_cached(loader *L, const char *path, const read_file *file)
{
    rf_load_cache *c = L->cache;
    if (c->n_retired == c->cap_retired) {
        size_t cap = c->cap_retired ? c->cap_retired * 2 : 4;
        cached_file *v = realloc(c->retired, cap * sizeof *v);
        if (v) {
            c->retired = v;
            c->cap_retired = cap;
        }
    }
    cached_file *f = c->n_retired < c->cap_retired ? cache_entry(c, path, true) : NULL;
    rf_json_ctx *ctx = f ? rf_json_ctx_new() : NULL;
    if (!ctx)
        return rf_json_parse(L->r.ctx, path, file->text, file->len, L->r.diags);
    cJSON *root = rf_json_parse(ctx, path, file->text, file->len, L->r.diags);
    if (!root) {
        rf_json_ctx_free(ctx);
        return NULL;
    }
    /* The tree parsed before may be shared by this load still: it is let
     * go when the load ends. */
    c->retired[c->n_retired++] = (cached_file){.ctx = f->ctx, .root = f->root};
    *f = (cached_file){f->path, file->dev, file->ino, file->size, file->mtime, ctx, root};
    return share_cached(L, f);
}

/* Appends to the statement of files resolved (when one is kept). */
static void state(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void state(loader *L, const char *fmt, ...)
{
    if (!L->resolved)
        return;
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    int w = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *v = w > 0 ? realloc(L->resolved, L->resolved_len + (size_t)w + 1) : NULL;
    if (!v)
        return;
    memcpy(v + L->resolved_len, buf, (size_t)w + 1);
    L->resolved = v;
    L->resolved_len += (size_t)w;
}

/* ---- the chain of files being read (cycles in extends and includes) ---- */

/* Enters file path, referenced by ref (a node, or NULL for the top file).
 * Adds an error at ref and returns false when path is already being read. */
static bool enter(loader *L, const char *path, const cJSON *ref, const char *ref_path,
                  const char *how)
{
    if (L->n_chain >= RF_MAX_REFERENCE_DEPTH) {
        rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path,
                     "%s: files reference each other (extends, includes) more than %d deep, "
                     "from %s; flatten the chain",
                     path, RF_MAX_REFERENCE_DEPTH, L->chain[0].shown);
        return false;
    }
    char *canon = realpath(path, NULL);
    if (!canon)
        canon = rf_read_strdup(path);
    for (size_t i = 0; canon && i < L->n_chain; i++) {
        if (strcmp(L->chain[i].canonical, canon) != 0)
            continue;
        char cycle[1024];
        size_t n = 0;
        cycle[0] = '\0';
        for (size_t k = i; k < L->n_chain && n < sizeof cycle; k++)
            n += (size_t)snprintf(cycle + n, sizeof cycle - n, "%s -> ", L->chain[k].shown);
        if (n < sizeof cycle)
            snprintf(cycle + n, sizeof cycle - n, "%s", path);
        rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path, "%s cycle: %s", how, cycle);
        free(canon);
        return false;
    }
    if (L->n_chain == L->cap_chain) {
        size_t cap = L->cap_chain ? L->cap_chain * 2 : 8;
        chain_link *v = realloc(L->chain, cap * sizeof *v);
        if (!v) {
            free(canon);
            return false;
        }
        L->chain = v;
        L->cap_chain = cap;
    }
    L->chain[L->n_chain].shown = rf_read_strdup(path);
    L->chain[L->n_chain].canonical = canon;
    L->n_chain++;
    return true;
}

static void leave(loader *L)
{
    L->n_chain--;
    free(L->chain[L->n_chain].shown);
    free(L->chain[L->n_chain].canonical);
}

/* Frees the texts of the files the load read. */
static void free_files(loader *L)
{
    for (size_t i = 0; i < L->n_files; i++) {
        free(L->files[i].text);
        free(L->files[i].included_by);
    }
    free(L->files);
}

/* The file of this load with st's device and inode, or NULL. */
static read_file *known_file(loader *L, const struct stat *st)
{
    for (size_t i = 0; i < L->n_files; i++)
        if (L->files[i].dev == st->st_dev && L->files[i].ino == st->st_ino)
            return &L->files[i];
    return NULL;
}

/* The text of path, read once per load however often it is referenced
 * (the same device and inode), or NULL with err set. */
static read_file *file_text(loader *L, const char *path, rf_error *err)
{
    struct stat st;
    read_file *f = stat(path, &st) == 0 ? known_file(L, &st) : NULL;
    if (f)
        return f;
    size_t n = 0;
    char *text = rf_file_read(path, "a JSON file", RF_JSON_MAX_FILE, &n, &st, err);
    if (!text)
        return NULL;
    if ((f = known_file(L, &st)) != NULL) { /* reached by another name */
        free(text);
        return f;
    }
    if (L->n_files == L->cap_files) {
        size_t cap = L->cap_files ? L->cap_files * 2 : 8;
        read_file *v = realloc(L->files, cap * sizeof *v);
        if (!v) {
            free(text);
            rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL, "cannot read: out of memory");
            return NULL;
        }
        L->files = v;
        L->cap_files = cap;
    }
    f = &L->files[L->n_files++];
    *f = (read_file){st.st_dev, st.st_ino, st.st_size, st.st_mtim, text, n, NULL};
    return f;
}

/* Reads a JSON file that ref (a string node at ref_path) names; a file
 * that cannot be read is an error at ref (the top file, ref NULL, is named
 * by itself). */
static cJSON *read_referenced(loader *L, const char *path, const cJSON *ref, const char *ref_path)
{
    if (rf_book_is_workbook(path) && access(path, R_OK) == 0)
        return rf_book_read(L->r.ctx, path, L->r.diags);
    /* A file a change names (--set policy=...) is read, not kept: the
     * cache holds the files of the scenario, not whatever changes name. */
    const rf_json_loc *ref_loc = ref ? rf_json_loc_of(L->r.ctx, ref) : NULL;
    bool keep = L->cache && !(ref_loc && strcmp(ref_loc->file, "--set") == 0);
    cJSON *kept = keep ? cached_tree(L, path) : NULL;
    if (kept)
        return kept;
    rf_error err = {0};
    read_file *f = file_text(L, path, &err);
    if (!f) {
        if (!ref)
            rf_diags_add_text(L->r.diags, RF_SEV_ERROR, path, 0, 0, NULL, err.message,
                              err.message_zh);
        else if (strncmp(err.message, "cannot read: ", 13) == 0)
            rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path, "cannot read %s: %s", path,
                         err.message + 13);
        else {
            char en[1024], zh[1536];
            RF_MSG_BOTH(en, sizeof en, zh, sizeof zh, "%s %s", (path, err.message),
                        (path, err.message_zh));
            rf_read_diag_text(&L->r, RF_SEV_ERROR, ref, false, ref_path, en, zh);
        }
        return NULL;
    }
    if (f->len > 0 && keep)
        return parse_cached(L, path, f);
    if (f->len > 0)
        return rf_json_parse(L->r.ctx, path, f->text, f->len, L->r.diags);
    if (!ref)
        rf_diags_add(L->r.diags, RF_SEV_ERROR, path, 0, 0, NULL,
                     "the file is empty; expected a JSON object");
    else
        rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path,
                     "%s is empty; expected a JSON object", path);
    return NULL;
}

/* Records that ref (an includes entry) includes path; a file included
 * twice in one load (a diamond, or the same file listed twice) is an error
 * at ref: its sites and money would count twice, and re-reading it at every
 * path through the includes would take time exponential in their depth. */
static bool include_once(loader *L, const char *path, const cJSON *ref, const char *ref_path)
{
    struct stat st;
    if (!ref || stat(path, &st) != 0)
        return true; /* the top file; or reading it will say why not */
    read_file *f = known_file(L, &st);
    if (f && f->included_by) {
        rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path,
                     "%s is included already (at %s); a file's sites and money count once, so "
                     "each file may be included once",
                     path, f->included_by);
        return false;
    }
    rf_error err = {0};
    if (!f && !(f = file_text(L, path, &err)))
        return true; /* read_referenced reports it */
    const rf_json_loc *loc = rf_json_loc_of(L->r.ctx, ref);
    char at[600];
    if (loc)
        snprintf(at, sizeof at, "%s:%d:%d", loc->file, loc->line, loc->column);
    else
        snprintf(at, sizeof at, "%s", ref_path);
    f->included_by = rf_read_strdup(at);
    return true;
}

/* The path a string node names, relative to the folder of the file the
 * node was written in.  NULL (after an error) when node is not a string. */
static char *referenced_path(loader *L, const cJSON *node, const char *path, const char *what)
{
    if (!cJSON_IsString(node) || !node->valuestring[0]) {
        rf_read_diag(&L->r, RF_SEV_ERROR, node, false, path,
                     "must be the path of a %s file (relative to this file); found %s", what,
                     cJSON_IsString(node) ? "an empty string" : rf_read_kind(node));
        return NULL;
    }
    const rf_json_loc *loc = rf_json_loc_of(L->r.ctx, node);
    const char *from = loc && strcmp(loc->file, "--set") != 0 ? loc->file : "";
    return rf_read_resolve(from, node->valuestring);
}

/* Reads path and resolves its extends chain: each extending document is a
 * merge patch over its base (whose "assert" block is not inherited: stated
 * figures belong to the file that states them).  Returns the merged tree,
 * or NULL after errors. */
static cJSON *load_doc(loader *L, const char *path, const cJSON *ref, const char *ref_path)
{
    cJSON *root = read_referenced(L, path, ref, ref_path);
    if (!root || !cJSON_IsObject(root) || !rf_read_member(root, "extends"))
        return root;
    if (!rf_json_own(L->r.ctx, root)) { /* a view of a cached tree */
        rf_diags_add(L->r.diags, RF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        rf_json_delete(L->r.ctx, root);
        return NULL;
    }
    cJSON *ext = cJSON_DetachItemFromObjectCaseSensitive(root, "extends");
    char *base_path = referenced_path(L, ext, "extends", "scenario");
    if (base_path)
        state(L, "; %s extends %s", path, base_path);
    cJSON *base = NULL;
    bool ok = false;
    if (base_path && enter(L, base_path, ext, "extends", "extends")) {
        base = load_doc(L, base_path, ext, "extends");
        leave(L);
        ok = base != NULL;
    }
    free(base_path);
    if (ok && !cJSON_IsObject(base)) {
        rf_read_diag(&L->r, RF_SEV_ERROR, ext, false, "extends",
                     "the base must be a JSON object; it is %s", rf_read_kind(base));
        ok = false;
    }
    rf_json_delete(L->r.ctx, ext);
    if (!ok) {
        rf_json_delete(L->r.ctx, base);
        rf_json_delete(L->r.ctx, root);
        return NULL;
    }
    cJSON *merged = NULL;
    if (rf_json_own(L->r.ctx, base)) {
        rf_json_delete(L->r.ctx, cJSON_DetachItemFromObjectCaseSensitive(base, "assert"));
        merged = rf_patch_merge(L->r.ctx, base, root);
    } else {
        rf_json_delete(L->r.ctx, base);
        rf_json_delete(L->r.ctx, root);
    }
    if (!merged)
        rf_diags_add(L->r.diags, RF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
    return merged;
}

/* ---- freeing ---- */

static void free_site(rf_site *site)
{
    free(site->id);
    rf_read_label_free(&site->name);
    free(site->path);
    free(site->registered);
    free(site->file);
}

void rf_scenario_free(rf_scenario *s)
{
    if (!s)
        return;
    free(s->id);
    rf_read_label_free(&s->name);
    free(s->file);
    rf_policy_free(s->policy);
    for (size_t i = 0; i < s->n_sources; i++)
        free(s->sources[i].id);
    free(s->sources);
    for (size_t i = 0; i < s->n_sites; i++)
        free_site(&s->sites[i]);
    free(s->sites);
    for (size_t i = 0; i < s->n_stated_rates; i++) {
        free(s->stated_rate_names[i]);
        free(s->stated_rate_values[i]);
    }
    free(s->stated_rate_names);
    free(s->stated_rate_values);
    for (size_t i = 0; i < s->n_stated_totals; i++)
        free(s->stated_totals[i].name);
    free(s->stated_totals);
    for (size_t i = 0; i < s->n_stated_averages; i++) {
        free(s->stated_averages[i].name);
        free(s->stated_averages[i].text);
    }
    free(s->stated_averages);
    free(s->site_progress.scope);
    free(s->site_progress.stated_completion_rate);
    free(s->period);
    free(s);
}

/* ---- costs ---- */

typedef struct {
    const char *key;
    bool area;     /* m2 (else yuan) */
    size_t offset; /* in rf_site_costs */
    bool required; /* no default: must come from the site or cost_defaults */
} cost_field;

static const cost_field COST_FIELDS[] = {
    {"housing_per_m2", false, offsetof(rf_site_costs, housing_per_m2), true},
    {"decoration_per_m2", false, offsetof(rf_site_costs, decoration_per_m2), false},
    {"area_per_person_m2", true, offsetof(rf_site_costs, area_per_person), true},
    {"synchronous_area_per_person_m2", true, offsetof(rf_site_costs, synchronous_area_per_person),
     false},
    {"infrastructure", false, offsetof(rf_site_costs, infrastructure), false},
    {"public_services", false, offsetof(rf_site_costs, public_services), false},
    {"land", false, offsetof(rf_site_costs, land), false},
    {"demolition_per_household", false, offsetof(rf_site_costs, demolition_per_household), false},
    {"employment_base_need", false, offsetof(rf_site_costs, employment_base_need), false},
};
#define N_COST_FIELDS (sizeof COST_FIELDS / sizeof COST_FIELDS[0])

typedef struct {
    bool given[N_COST_FIELDS];
    int64_t v[N_COST_FIELDS];
} partial_costs;

/* Reads a costs object (cost_defaults or a site's costs) into pc. */
static bool read_costs(loader *L, const cJSON *obj, const char *path, partial_costs *pc)
{
    /* Local, not static: counties load on several threads at once. */
    const char *known[N_COST_FIELDS + 1];
    for (size_t i = 0; i < N_COST_FIELDS; i++)
        known[i] = COST_FIELDS[i].key;
    known[N_COST_FIELDS] = NULL;
    if (!rf_read_expect_object(&L->r, obj, path))
        return obj == NULL;
    rf_read_check_keys(&L->r, obj, path, known);
    bool ok = true;
    for (size_t i = 0; i < N_COST_FIELDS; i++) {
        int64_t v;
        rf_read_result res =
            COST_FIELDS[i].area
                ? rf_read_area(&L->r, obj, COST_FIELDS[i].key, path, false, false, &v)
                : rf_read_money(&L->r, obj, COST_FIELDS[i].key, path, false, false, &v);
        if (res == RF_READ_OK) {
            pc->given[i] = true;
            pc->v[i] = v;
        } else if (res == RF_READ_BAD) {
            ok = false;
        }
    }
    return ok;
}

/* ---- sites ---- */

static bool parse_site_type(const char *s, int *out)
{
    rf_site_type t;
    if (!rf_site_type_parse(s, &t))
        return false;
    *out = (int)t;
    return true;
}

/* Reads registered.households_by_size of a site. */
static bool read_registered(loader *L, const cJSON *obj, const char *path, rf_site *site)
{
    static const char *const known[] = {"households_by_size", NULL};
    if (!rf_read_expect_object(&L->r, obj, path))
        return obj == NULL;
    rf_read_check_keys(&L->r, obj, path, known);
    char p[512];
    rf_json_path_join(p, sizeof p, path, "households_by_size", 0);
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(obj, "households_by_size");
    if (!by) {
        rf_read_diag(&L->r, RF_SEV_ERROR, obj, false, p,
                     "missing; expected {\"<people per household>\": households, ...}");
        return false;
    }
    if (!cJSON_IsObject(by)) {
        rf_read_diag(&L->r, RF_SEV_ERROR, by, false, p,
                     "must be an object {\"<people per household>\": households, ...}; found %s",
                     rf_read_kind(by));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(by);
    site->registered = calloc(n ? n : 1, sizeof *site->registered);
    if (!site->registered)
        return false;
    bool ok = true;
    for (const cJSON *c = by->child; c; c = c->next) {
        char cp[600];
        rf_json_path_join(cp, sizeof cp, p, c->string, 0);
        const char *k = c->string;
        int size = 0;
        bool valid = k[0] >= '1' && k[0] <= '9' && strlen(k) <= 2;
        for (const char *q = k; valid && *q; q++)
            valid = *q >= '0' && *q <= '9';
        if (valid)
            size = atoi(k);
        if (!valid || size > MAX_HOUSEHOLD_SIZE) {
            rf_read_diag(&L->r, RF_SEV_ERROR, c, true, cp,
                         "household size \"%s\" must be a whole number from 1 to %d "
                         "(people per household)",
                         k, MAX_HOUSEHOLD_SIZE);
            ok = false;
            continue;
        }
        int64_t hh;
        if (!rf_read_count_value(&L->r, c, cp, &hh)) {
            ok = false;
            continue;
        }
        rf_size_class *sc = &site->registered[site->n_registered++];
        sc->size = size;
        sc->households = hh;
        site->registered_households += hh;
        site->registered_people += hh * size;
    }
    /* by size; at most MAX_HOUSEHOLD_SIZE classes, each size once */
    for (size_t i = 1; i < site->n_registered; i++) {
        rf_size_class x = site->registered[i];
        size_t m = i;
        for (; m > 0 && site->registered[m - 1].size > x.size; m--)
            site->registered[m] = site->registered[m - 1];
        site->registered[m] = x;
    }
    return ok;
}

static bool read_synchronous(loader *L, const cJSON *obj, const char *path, rf_site *site)
{
    static const char *const known[] = {"households", "people", NULL};
    if (!rf_read_expect_object(&L->r, obj, path))
        return obj == NULL;
    rf_read_check_keys(&L->r, obj, path, known);
    bool ok = rf_read_count(&L->r, obj, "households", path, true, false,
                            &site->synchronous_households) == RF_READ_OK;
    ok &= rf_read_count(&L->r, obj, "people", path, true, false, &site->synchronous_people) ==
          RF_READ_OK;
    if (ok && site->synchronous_people < site->synchronous_households) {
        char p[512];
        rf_json_path_join(p, sizeof p, path, "people", 0);
        rf_read_diag(&L->r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, "people"), false, p,
                     "%lld people is fewer than %lld households; a household has at least one "
                     "person",
                     (long long)site->synchronous_people, (long long)site->synchronous_households);
        ok = false;
    } else if (ok && site->synchronous_households == 0 && site->synchronous_people > 0) {
        char p[512];
        rf_json_path_join(p, sizeof p, path, "households", 0);
        rf_read_diag(&L->r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, "households"),
                     false, p, "0 households cannot hold %lld people",
                     (long long)site->synchronous_people);
        ok = false;
    }
    return ok;
}

static bool read_site(loader *L, const cJSON *obj, const char *path, const char *file,
                      const partial_costs *defaults, bool defaults_ok, rf_site *site)
{
    static const char *const known[] = {"id",          "name",  "type", "registered",
                                        "synchronous", "costs", NULL};
    site->path = rf_read_strdup(path);
    site->file = rf_read_strdup(file);
    const rf_json_loc *loc = rf_json_loc_of(L->r.ctx, obj);
    if (loc) {
        site->line = loc->line;
        site->column = loc->column;
        free(site->file);
        site->file = rf_read_strdup(loc->file);
    }
    if (!rf_read_expect_object(&L->r, obj, path))
        return false;
    rf_read_check_keys(&L->r, obj, path, known);
    bool ok = rf_read_string(&L->r, obj, "id", path, true, false, &site->id) == RF_READ_OK;
    if (ok && !site->id[0]) {
        char p[512];
        rf_json_path_join(p, sizeof p, path, "id", 0);
        rf_read_diag(&L->r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, "id"), false, p,
                     "a site id must not be empty");
        ok = false;
    }
    ok &= rf_read_label(&L->r, obj, "name", path, site->id, &site->name);
    char *type = NULL;
    int t = RF_SITE_TOWNSHIP;
    if (rf_read_string(&L->r, obj, "type", path, true, false, &type) == RF_READ_OK) {
        if (!parse_site_type(type, &t)) {
            char p[512];
            rf_json_path_join(p, sizeof p, path, "type", 0);
            rf_read_diag(&L->r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, "type"), false,
                         p,
                         "unknown site type \"%s\"; expected one of: urban_park, township, "
                         "central_village, dispersed",
                         type);
            ok = false;
        }
    } else {
        ok = false;
    }
    free(type);
    site->type = (rf_site_type)t;
    char p[512];
    rf_json_path_join(p, sizeof p, path, "registered", 0);
    ok &= read_registered(L, cJSON_GetObjectItemCaseSensitive(obj, "registered"), p, site);
    rf_json_path_join(p, sizeof p, path, "synchronous", 0);
    ok &= read_synchronous(L, cJSON_GetObjectItemCaseSensitive(obj, "synchronous"), p, site);

    partial_costs pc = *defaults;
    partial_costs own = {{false}, {0}};
    rf_json_path_join(p, sizeof p, path, "costs", 0);
    const cJSON *costs = cJSON_GetObjectItemCaseSensitive(obj, "costs");
    ok &= read_costs(L, costs, p, &own);
    for (size_t i = 0; i < N_COST_FIELDS; i++)
        if (own.given[i]) {
            pc.given[i] = true;
            pc.v[i] = own.v[i];
        }
    /* The synchronous area defaults to the registered one. */
    if (!pc.given[3] && pc.given[2]) {
        pc.given[3] = true;
        pc.v[3] = pc.v[2];
    }
    for (size_t i = 0; i < N_COST_FIELDS; i++) {
        if (!pc.given[i] && COST_FIELDS[i].required && defaults_ok) {
            char fp[600];
            rf_json_path_join(fp, sizeof fp, p, COST_FIELDS[i].key, 0);
            rf_read_diag(&L->r, RF_SEV_ERROR, costs ? costs : obj, false, fp,
                         "not given for this site nor in cost_defaults; expected %s",
                         COST_FIELDS[i].area ? "an area in m2 per person" : "yuan per m2");
            ok = false;
        }
        *(int64_t *)((char *)&site->costs + COST_FIELDS[i].offset) = pc.given[i] ? pc.v[i] : 0;
    }
    return ok;
}

typedef struct {
    const char *id;
    size_t index;
} id_ref;

static int id_ref_cmp(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

/* Reports every site id used more than once, at the later site. */
static bool check_site_ids(loader *L, const rf_scenario *s)
{
    id_ref *v = malloc((s->n_sites ? s->n_sites : 1) * sizeof *v);
    if (!v)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < s->n_sites; i++)
        if (s->sites[i].id)
            v[n++] = (id_ref){s->sites[i].id, i};
    qsort(v, n, sizeof *v, id_ref_cmp);
    bool ok = true;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i].id, v[i - 1].id) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(v[first - 1].id, v[i].id) == 0)
            first--;
        const rf_site *a = &s->sites[v[first].index], *b = &s->sites[v[i].index];
        char p[512];
        rf_json_path_join(p, sizeof p, b->path, "id", 0);
        if (strcmp(a->file, b->file) == 0 && strcmp(a->path, b->path) == 0)
            rf_diags_add(L->r.diags, RF_SEV_ERROR, b->file, b->line, b->column, p,
                         "duplicate site id \"%s\": this file is included more than once", b->id);
        else if (strcmp(a->file, b->file) == 0)
            rf_diags_add(L->r.diags, RF_SEV_ERROR, b->file, b->line, b->column, p,
                         "duplicate site id \"%s\"; %s has it already", b->id, a->path);
        else
            rf_diags_add(L->r.diags, RF_SEV_ERROR, b->file, b->line, b->column, p,
                         "duplicate site id \"%s\"; %s of %s has it already", b->id, a->path,
                         a->file);
        ok = false;
    }
    free(v);
    return ok;
}

/* ---- funds ---- */

/* Reads "sources": one member per policy source (all required unless the
 * scenario includes others). */
static bool read_sources(loader *L, const cJSON *root, rf_scenario *s, bool including)
{
    const rf_policy *pol = s->policy;
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "sources");
    if (!obj) {
        if (including)
            return true;
        rf_read_diag(&L->r, RF_SEV_ERROR, root, false, "sources",
                     "missing; expected {\"<source id>\": {\"arrived\": yuan}, ...} for every "
                     "source of the policy");
        return false;
    }
    if (!rf_read_expect_object(&L->r, obj, "sources"))
        return false;
    bool ok = true;
    bool *seen = calloc(pol->n_sources ? pol->n_sources : 1, sizeof *seen);
    if (!seen)
        return false;
    for (const cJSON *c = obj->child; c; c = c->next) {
        char p[512];
        rf_json_path_join(p, sizeof p, "sources", c->string, 0);
        size_t k = 0;
        while (k < pol->n_sources && strcmp(pol->sources[k].id, c->string) != 0)
            k++;
        if (k == pol->n_sources) {
            char list[512] = "";
            const char **ids = calloc(pol->n_sources + 1, sizeof *ids);
            for (size_t i = 0; ids && i < pol->n_sources; i++)
                ids[i] = pol->sources[i].id;
            const char *best = ids ? rf_read_closest(c->string, ids) : NULL;
            if (ids)
                rf_read_join(list, sizeof list, ids);
            free(ids);
            if (best)
                rf_read_diag(&L->r, RF_SEV_ERROR, c, true, p,
                             "unknown source \"%s\"; did you mean \"%s\"?", c->string, best);
            else
                rf_read_diag(&L->r, RF_SEV_ERROR, c, true, p,
                             "unknown source \"%s\"; the policy %s has: %s", c->string, pol->file,
                             list);
            ok = false;
            continue;
        }
        if (seen[k])
            continue; /* a duplicate key, already an error */
        seen[k] = true;
        if (!rf_read_expect_object(&L->r, c, p)) {
            ok = false;
            continue;
        }
        static const char *const known[] = {"arrived", "disbursed", NULL};
        rf_read_check_keys(&L->r, c, p, known);
        rf_fen arrived = 0, disbursed = 0;
        ok &= rf_read_money(&L->r, c, "arrived", p, true, false, &arrived) == RF_READ_OK;
        rf_read_result d = rf_read_money(&L->r, c, "disbursed", p, false, true, &disbursed);
        ok &= d != RF_READ_BAD;
        s->sources[k].arrived += arrived;
        if (d == RF_READ_OK) {
            s->sources[k].has_disbursed = true;
            s->sources[k].disbursed += disbursed;
            if (disbursed > arrived) {
                char dp[600], a[40], b[40];
                rf_json_path_join(dp, sizeof dp, p, "disbursed", 0);
                rf_read_diag(&L->r, RF_SEV_WARNING,
                             cJSON_GetObjectItemCaseSensitive(c, "disbursed"), false, dp,
                             "disbursed %s yuan is more than the %s yuan arrived",
                             rf_fen_yuan(a, disbursed, true), rf_fen_yuan(b, arrived, true));
            }
        }
    }
    for (size_t k = 0; k < pol->n_sources && !including; k++)
        if (!seen[k]) {
            char p[512];
            rf_json_path_join(p, sizeof p, "sources", pol->sources[k].id, 0);
            rf_read_diag(&L->r, RF_SEV_ERROR, obj, false, p,
                         "missing; every source of the policy must be given (write "
                         "{\"arrived\": 0} when nothing arrived)");
            ok = false;
        }
    free(seen);
    return ok;
}

/* Reads "disbursed" (totals by category) and checks it against the
 * sources' own disbursed amounts. */
static bool read_disbursed(loader *L, const cJSON *root, rf_scenario *s)
{
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "disbursed");
    bool ok = true;
    if (obj && !cJSON_IsNull(obj) && rf_read_expect_object(&L->r, obj, "disbursed")) {
        static const char *const known[] = {"registered", "synchronous", NULL};
        rf_read_check_keys(&L->r, obj, "disbursed", known);
        for (int c = 0; c < RF_CAT_COUNT; c++) {
            rf_fen v;
            rf_read_result res = rf_read_money(&L->r, obj, rf_category_id((rf_category)c),
                                               "disbursed", false, true, &v);
            if (res == RF_READ_OK) {
                s->has_disbursed_total[c] = true;
                s->disbursed_total[c] = v;
            }
            ok &= res != RF_READ_BAD;
        }
    } else if (obj && !cJSON_IsNull(obj)) {
        ok = false;
    }
    /* The sources' own disbursed amounts, when every source of a category
     * states one, must add up to the total. */
    for (int c = 0; c < RF_CAT_COUNT && s->policy; c++) {
        bool all = true, any = false;
        rf_fen sum = 0, arrived = 0;
        for (size_t k = 0; k < s->n_sources; k++) {
            if (s->policy->sources[k].category != (rf_category)c)
                continue;
            any = true;
            all &= s->sources[k].has_disbursed;
            sum += s->sources[k].disbursed;
            arrived += s->sources[k].arrived;
        }
        if (!any || !all) {
            if (s->has_disbursed_total[c] && s->disbursed_total[c] > arrived && any) {
                char a[40], b[40], p[64];
                snprintf(p, sizeof p, "disbursed.%s", rf_category_id((rf_category)c));
                rf_read_diag(&L->r, RF_SEV_WARNING,
                             cJSON_GetObjectItemCaseSensitive(obj, rf_category_id((rf_category)c)),
                             false, p, "disbursed %s yuan is more than the %s yuan arrived",
                             rf_fen_yuan(a, s->disbursed_total[c], true),
                             rf_fen_yuan(b, arrived, true));
            }
            continue;
        }
        if (!s->has_disbursed_total[c]) {
            s->has_disbursed_total[c] = true;
            s->disbursed_total[c] = sum;
        } else if (s->disbursed_total[c] != sum) {
            char a[40], b[40], p[64];
            snprintf(p, sizeof p, "disbursed.%s", rf_category_id((rf_category)c));
            rf_read_diag(&L->r, RF_SEV_ERROR,
                         cJSON_GetObjectItemCaseSensitive(obj, rf_category_id((rf_category)c)),
                         false, p,
                         "stated %s yuan, but the %s sources' disbursed amounts add "
                         "up to %s yuan",
                         rf_fen_yuan(a, s->disbursed_total[c], true),
                         rf_category_id((rf_category)c), rf_fen_yuan(b, sum, false));
            ok = false;
        }
    }
    return ok;
}

/* ---- the scenario ---- */

static rf_scenario *load_scenario(loader *L, const char *path, const cJSON *ref,
                                  const char *ref_path, bool top);

/* Loads the policy the scenario names (its "policy" member). */
static rf_policy *load_policy(loader *L, const cJSON *node, bool top)
{
    char *path = referenced_path(L, node, "policy", "policy model");
    if (!path)
        return NULL;
    cJSON *root = read_referenced(L, path, node, "policy");
    rf_policy *p = NULL;
    if (root) {
        /* A failed change is an error already; check the rest anyway. */
        if (top && !rf_changes_apply(&L->changes, L->r.ctx, root, true, L->r.diags))
            L->change_failed = true;
        size_t first = L->r.diags->count;
        p = rf_policy_from_json(&L->r, root, path);
        /* A value that --set put into the policy is named as --set names it. */
        for (size_t i = first; i < L->r.diags->count; i++) {
            rf_diag *d = &L->r.diags->items[i];
            if (strcmp(d->file, "--set") != 0)
                continue;
            size_t n = strlen(d->path) + 8;
            char *prefixed = malloc(n);
            if (!prefixed)
                continue;
            snprintf(prefixed, n, "policy.%s", d->path);
            free(d->path);
            d->path = prefixed;
        }
    }
    rf_json_delete(L->r.ctx, root);
    free(path);
    return p;
}

/* Adds the included scenario's sites and funds to s. */
static bool absorb(loader *L, rf_scenario *s, rf_scenario *sub, const cJSON *ref,
                   const char *ref_path, bool *has_disbursed)
{
    if (!s->policy) {
        s->policy = sub->policy;
        sub->policy = NULL;
    } else if (strcmp(s->policy->file, sub->policy->file) != 0) {
        rf_read_diag(&L->r, RF_SEV_ERROR, ref, false, ref_path,
                     "%s uses the policy %s, but this scenario uses %s; included scenarios "
                     "must share one policy",
                     sub->file, sub->policy->file, s->policy->file);
        return false;
    }
    if (!s->sources) {
        s->sources = calloc(s->policy->n_sources, sizeof *s->sources);
        if (!s->sources)
            return false;
        s->n_sources = s->policy->n_sources;
        for (size_t k = 0; k < s->n_sources; k++)
            s->sources[k].id = rf_read_strdup(s->policy->sources[k].id);
    }
    for (size_t k = 0; k < s->n_sources && k < sub->n_sources; k++) {
        s->sources[k].arrived += sub->sources[k].arrived;
        if (sub->sources[k].has_disbursed) {
            s->sources[k].has_disbursed = true;
            s->sources[k].disbursed += sub->sources[k].disbursed;
        }
    }
    for (int c = 0; c < RF_CAT_COUNT; c++) {
        has_disbursed[c] &= sub->has_disbursed_total[c];
        s->disbursed_total[c] += sub->disbursed_total[c];
    }
    s->integrated_agri_budget += sub->integrated_agri_budget;
    rf_site *v = realloc(s->sites, (s->n_sites + sub->n_sites + 1) * sizeof *v);
    if (!v)
        return false;
    s->sites = v;
    memcpy(s->sites + s->n_sites, sub->sites, sub->n_sites * sizeof *v);
    s->n_sites += sub->n_sites;
    sub->n_sites = 0;
    return true;
}

/* Converts a merged scenario document (sets applied) into s. */
/* Under site pooling each source's money is split among the sites in
 * proportion to their people of the source's category (docs/model.md,
 * "Budget groups").  Money of a category no site has reaches no site: it
 * stays undrawn, and a bureau should hear so rather than find it in the
 * report (finding F5).  A single site takes the whole pool. */
static void check_site_pooling(loader *L, const cJSON *root, const rf_scenario *s)
{
    const rf_policy *p = s->policy;
    if (!p || p->pooling != RF_POOLING_SITE || s->n_sites <= 1)
        return;
    int64_t people[RF_CAT_COUNT] = {0};
    for (size_t i = 0; i < s->n_sites; i++) {
        people[RF_CAT_REGISTERED] += s->sites[i].registered_people;
        people[RF_CAT_SYNCHRONOUS] += s->sites[i].synchronous_people;
    }
    const cJSON *sources = rf_read_member(root, "sources");
    for (size_t f = 0; f < s->n_sources && f < p->n_sources; f++) {
        rf_category c = p->sources[f].category;
        if (s->sources[f].arrived <= 0 || people[c] > 0)
            continue;
        char base[512], path[600], a[40];
        rf_json_path_join(base, sizeof base, "sources", p->sources[f].id, 0);
        rf_json_path_join(path, sizeof path, base, "arrived", 0);
        const cJSON *src =
            sources ? cJSON_GetObjectItemCaseSensitive(sources, p->sources[f].id) : NULL;
        rf_read_diag(&L->r, RF_SEV_WARNING, src ? rf_read_member(src, "arrived") : NULL, false,
                     path,
                     "%s yuan arrived, but with site pooling a source is split among the sites "
                     "by their %s people and no site has any: the money reaches no site and "
                     "stays undrawn",
                     rf_fen_yuan(a, s->sources[f].arrived, false), rf_category_id(c));
    }
}

/* Registered households of a site whose housing area is over the policy's
 * cap: the households solve reports as over the area cap (rf_plan). */
static int64_t over_area_cap(const rf_policy *p, const rf_site *site)
{
    int64_t n = 0;
    for (size_t c = 0; c < site->n_registered; c++)
        if (site->registered[c].households > 0 &&
            site->costs.area_per_person * site->registered[c].size >
                rf_policy_area_cap(p, site->registered[c].size))
            n += site->registered[c].households;
    return n;
}

/* Warns where an area per person puts registered households over the
 * policy's housing-area cap (a violation solve reports): at the site's own
 * costs.area_per_person_m2, or once at cost_defaults.area_per_person_m2 for
 * every site that takes it from there (default_area).  Checks sites[first..]
 * of s, read from the "sites" array of root. */
static void check_area_caps(loader *L, const cJSON *root, const rf_scenario *s, size_t first,
                            rf_centi_m2 default_area)
{
    const rf_policy *p = s->policy;
    const cJSON *sites = rf_read_member(root, "sites");
    char cap[40], one[40], area[40], allowance[80] = "";
    rf_fen_yuan(cap, p->area_cap_per_person, false);
    if (p->area_cap_one_person_household > 0)
        snprintf(allowance, sizeof allowance, " (%s m2 for a household of one)",
                 rf_fen_yuan(one, p->area_cap_one_person_household, false));
    int64_t by_default = 0;
    size_t default_sites = 0;
    const cJSON *e = cJSON_IsArray(sites) ? sites->child : NULL;
    for (size_t i = first; i < s->n_sites && e; i++, e = e->next) {
        int64_t n = over_area_cap(p, &s->sites[i]);
        const cJSON *own = rf_read_member(rf_read_member(e, "costs"), "area_per_person_m2");
        if (n == 0)
            continue;
        if (!own) {
            by_default += n;
            default_sites++;
            continue;
        }
        char costs[560], path[600];
        rf_json_path_join(costs, sizeof costs, s->sites[i].path, "costs", 0);
        rf_json_path_join(path, sizeof path, costs, "area_per_person_m2", 0);
        rf_read_diag(&L->r, RF_SEV_WARNING, own, false, path,
                     "%s m2 per person puts %lld registered households of this site over the "
                     "policy's housing-area cap of %s m2 per person%s",
                     rf_fen_yuan(area, s->sites[i].costs.area_per_person, false), (long long)n, cap,
                     allowance);
    }
    const cJSON *def = rf_read_member(rf_read_member(root, "cost_defaults"), "area_per_person_m2");
    if (by_default > 0)
        rf_read_diag(&L->r, RF_SEV_WARNING, def, false, "cost_defaults.area_per_person_m2",
                     "%s m2 per person puts %lld registered households at %zu site%s that take "
                     "it over the policy's housing-area cap of %s m2 per person%s",
                     rf_fen_yuan(area, default_area, false), (long long)by_default, default_sites,
                     default_sites == 1 ? "" : "s", cap, allowance);
}

/* The scenario's own members: format, id, name, year, period. */
static bool read_identity(loader *L, const cJSON *root, rf_scenario *s)
{
    rf_reader *r = &L->r;
    bool ok = true;
    char *format = NULL;
    if (rf_read_string(r, root, "format", "", true, false, &format) == RF_READ_OK &&
        strcmp(format, SCENARIO_FORMAT) != 0) {
        rf_read_diag(r, RF_SEV_ERROR, rf_read_member(root, "format"), false, "format",
                     "unsupported format \"%s\"; expected \"%s\"", format, SCENARIO_FORMAT);
        ok = false;
    }
    free(format);
    ok &= rf_read_string(r, root, "id", "", true, false, &s->id) == RF_READ_OK;
    ok &= rf_read_label(r, root, "name", "", s->id, &s->name);
    int64_t year = 0;
    rf_read_result yr = rf_read_count(r, root, "year", "", false, true, &year);
    if (yr == RF_READ_OK && (year < 1949 || year > 2200)) {
        rf_read_diag(r, RF_SEV_ERROR, rf_read_member(root, "year"), false, "year",
                     "must be a year such as 2016; found %lld", (long long)year);
        yr = RF_READ_BAD;
    }
    ok &= yr != RF_READ_BAD;
    s->year = yr == RF_READ_OK ? (int)year : 0;
    ok &= rf_read_string(r, root, "period", "", false, true, &s->period) != RF_READ_BAD;
    return ok;
}

/* The policy, then the included scenarios absorbed into s (has_disbursed
 * records whether each category's disbursement is known in all of them).
 * *including says whether root includes scenarios (an array of them). */
static bool read_policy_and_includes(loader *L, const cJSON *root, rf_scenario *s, bool top,
                                     bool has_disbursed[RF_CAT_COUNT], bool *including)
{
    rf_reader *r = &L->r;
    bool ok = true;
    const cJSON *pol = rf_read_member(root, "policy");
    const cJSON *inc = rf_read_member(root, "includes");
    *including = inc && !cJSON_IsNull(inc);
    if (pol && !cJSON_IsNull(pol)) {
        s->policy = load_policy(L, pol, top);
        ok &= s->policy != NULL;
    } else if (!*including) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "policy",
                     "missing; expected the path of a policy model, e.g. "
                     "\"../../models/example-county.json\"");
        ok = false;
    }
    if (*including && !cJSON_IsArray(inc)) {
        rf_read_diag(r, RF_SEV_ERROR, inc, false, "includes",
                     "must be an array of scenario files; found %s", rf_read_kind(inc));
        *including = false;
        return false;
    }
    if (!*including)
        return ok;
    size_t i = 0;
    for (const cJSON *e = inc->child; e; e = e->next, i++) {
        char p[64];
        rf_json_path_join(p, sizeof p, "includes", NULL, i);
        char *sub_path = referenced_path(L, e, p, "scenario");
        if (!sub_path) {
            ok = false;
            continue;
        }
        rf_scenario *sub = load_scenario(L, sub_path, e, p, false);
        free(sub_path);
        if (!sub || !absorb(L, s, sub, e, p, has_disbursed))
            ok = false;
        rf_scenario_free(sub);
    }
    if (!inc->child) {
        rf_read_diag(r, RF_SEV_ERROR, inc, false, "includes",
                     "must list at least one scenario file");
        ok = false;
    }
    return ok;
}

/* plan: the planned people of each category. */
static bool read_plan(loader *L, const cJSON *root, rf_scenario *s)
{
    rf_reader *r = &L->r;
    const cJSON *plan = rf_read_member(root, "plan");
    if (!plan) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "plan",
                     "missing; expected {\"registered_people\": N, \"synchronous_people\": N}");
        return false;
    }
    if (!rf_read_expect_object(r, plan, "plan"))
        return false;
    static const char *const keys[] = {"registered_people", "synchronous_people", NULL};
    rf_read_check_keys(r, plan, "plan", keys);
    bool ok = true;
    for (int c = 0; c < RF_CAT_COUNT; c++)
        ok &= rf_read_count(r, plan, keys[c], "plan", true, false, &s->planned_people[c]) ==
              RF_READ_OK;
    return ok;
}

/* The money: sources (arrived), disbursed, the integrated-agri budget. */
static bool read_funds(loader *L, const cJSON *root, rf_scenario *s, bool including,
                       const bool has_disbursed[RF_CAT_COUNT])
{
    rf_reader *r = &L->r;
    bool ok = read_sources(L, root, s, including);
    const cJSON *inc = rf_read_member(root, "includes");
    if (including)
        for (int c = 0; c < RF_CAT_COUNT; c++)
            s->has_disbursed_total[c] = has_disbursed[c] && inc->child;
    if (rf_read_member(root, "disbursed") && including)
        for (int c = 0; c < RF_CAT_COUNT; c++) {
            s->has_disbursed_total[c] = false;
            s->disbursed_total[c] = 0;
        }
    ok &= read_disbursed(L, root, s);
    const cJSON *agri = rf_read_member(root, "integrated_agri");
    if (agri && !cJSON_IsNull(agri) && rf_read_expect_object(r, agri, "integrated_agri")) {
        static const char *const keys[] = {"budget", NULL};
        rf_read_check_keys(r, agri, "integrated_agri", keys);
        rf_fen budget = 0;
        ok &=
            rf_read_money(r, agri, "budget", "integrated_agri", true, false, &budget) == RF_READ_OK;
        s->integrated_agri_budget += budget;
    } else if (agri && !cJSON_IsNull(agri)) {
        ok = false;
    }
    return ok;
}

/* The file's sites, appended to s with defaults applied.  *oom is set when
 * memory ran out. */
static bool read_sites(loader *L, const cJSON *root, const char *file, rf_scenario *s,
                       bool including, const partial_costs *defaults, bool defaults_ok, bool *oom)
{
    rf_reader *r = &L->r;
    const cJSON *sites = rf_read_member(root, "sites");
    if (!sites && !including) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "sites",
                     "missing; expected an array of resettlement sites");
        return false;
    }
    if (sites && (!cJSON_IsArray(sites) || (!sites->child && !including))) {
        rf_read_diag(r, RF_SEV_ERROR, sites, false, "sites",
                     "must be a non-empty array of resettlement sites; found %s",
                     cJSON_IsArray(sites) ? "an empty array" : rf_read_kind(sites));
        return false;
    }
    if (!sites)
        return true;
    size_t n = (size_t)cJSON_GetArraySize(sites);
    rf_site *v = realloc(s->sites, (s->n_sites + n + 1) * sizeof *v);
    if (!v)
        return !(*oom = true);
    s->sites = v;
    bool ok = true;
    size_t i = 0;
    for (const cJSON *e = sites->child; e; e = e->next, i++) {
        char p[64];
        rf_json_path_join(p, sizeof p, "sites", NULL, i);
        rf_site *site = &s->sites[s->n_sites++];
        memset(site, 0, sizeof *site);
        ok &= read_site(L, e, p, file, defaults, defaults_ok, site);
    }
    return ok;
}

static bool convert(loader *L, const cJSON *root, const char *file, rf_scenario *s, bool top)
{
    static const char *const known[] = {
        "format",   "id",       "name",    "year",          "period",          "policy",
        "includes", "plan",     "sources", "disbursed",     "integrated_agri", "cost_defaults",
        "sites",    "progress", "assert",  "site_progress", "follow_up",       NULL};
    if (!cJSON_IsObject(root)) {
        rf_read_diag(&L->r, RF_SEV_ERROR, root, false, NULL,
                     "a scenario must be a JSON object; found %s", rf_read_kind(root));
        return false;
    }
    size_t errors_at_start = L->r.diags->errors;
    rf_read_check_keys(&L->r, root, "", known);
    bool ok = read_identity(L, root, s);
    bool has_disbursed[RF_CAT_COUNT] = {true, true}, including;
    ok &= read_policy_and_includes(L, root, s, top, has_disbursed, &including);
    if (!s->policy)
        return false; /* nothing else can be checked against the policy */
    ok &= read_plan(L, root, s);
    if (!s->sources) {
        s->sources = calloc(s->policy->n_sources ? s->policy->n_sources : 1, sizeof *s->sources);
        if (!s->sources)
            return false;
        s->n_sources = s->policy->n_sources;
        for (size_t k = 0; k < s->n_sources; k++)
            s->sources[k].id = rf_read_strdup(s->policy->sources[k].id);
    }
    ok &= read_funds(L, root, s, including, has_disbursed);
    size_t first_site = s->n_sites;
    partial_costs defaults = {{false}, {0}};
    bool defaults_ok =
        read_costs(L, rf_read_member(root, "cost_defaults"), "cost_defaults", &defaults);
    bool oom = false;
    ok &= defaults_ok;
    ok &= read_sites(L, root, file, s, including, &defaults, defaults_ok, &oom);
    if (oom)
        return false;
    ok &= check_site_ids(L, s);

    /* stated figures: compared with the computed ones only when everything
     * they are computed from was read without error (no cascades) */
    L->compare = L->r.diags->errors == errors_at_start && !L->change_failed;
    rf_stated_ctx sc = {.r = &L->r, .compare = L->compare, .changed = L->changes.n > 0};
    ok &= rf_stated_read(&sc, root, s);
    if (L->compare)
        check_area_caps(L, root, s, first_site, defaults.v[2]);
    if (top && L->compare)
        check_site_pooling(L, root, s);
    return ok;
}

/* Loads one scenario file (extends resolved; with the --set changes when
 * top) and converts it.  ref names the node that referenced it. */
static rf_scenario *load_scenario(loader *L, const char *path, const cJSON *ref,
                                  const char *ref_path, bool top)
{
    if (!enter(L, path, ref, ref_path, "includes"))
        return NULL;
    if (!include_once(L, path, ref, ref_path)) {
        leave(L);
        return NULL;
    }
    size_t errors = L->r.diags->errors;
    rf_scenario *s = calloc(1, sizeof *s);
    cJSON *root = load_doc(L, path, ref, ref_path);
    if (root && top)
        L->change_failed |= /* an error; check the rest anyway */
            !rf_changes_apply(&L->changes, L->r.ctx, root, false, L->r.diags);
    if (!s || !root || !convert(L, root, path, s, top) || L->r.diags->errors != errors) {
        rf_scenario_free(s);
        s = NULL;
    } else {
        s->file = rf_read_strdup(path);
    }
    rf_json_delete(L->r.ctx, root);
    leave(L);
    return s;
}

rf_scenario *rf_scenario_load(const char *path, const rf_load_options *options, rf_diags *diags)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.r.diags = diags;
    L.r.ctx = rf_json_ctx_new();
    if (!L.r.ctx) {
        rf_diags_add(diags, RF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        return NULL;
    }
    L.cache = options ? options->cache : NULL;
    size_t errors = diags->errors;
    bool sets_ok = rf_changes_parse(&L.changes, L.r.ctx, options, diags);
    L.change_failed = !sets_ok;
    size_t first = diags->count;
    rf_scenario *s = load_scenario(&L, path, NULL, NULL, true);
    rf_changes_name(&L.changes, diags, first);
    if (!sets_ok || diags->errors != errors) {
        rf_scenario_free(s);
        s = NULL;
    }
    rf_changes_free(&L.changes, L.r.ctx);
    free(L.chain);
    free_files(&L);
    rf_json_ctx_free(L.r.ctx);
    release_retired(L.cache);
    rf_diags_sort(diags);
    return s;
}

rf_policy *rf_policy_load(const char *path, rf_diags *diags)
{
    rf_reader r = {rf_json_ctx_new(), diags};
    if (!r.ctx) {
        rf_diags_add(diags, RF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        return NULL;
    }
    cJSON *root = rf_json_read_file(r.ctx, path, diags);
    rf_policy *p = root ? rf_policy_from_json(&r, root, path) : NULL;
    rf_json_delete(r.ctx, root);
    rf_json_ctx_free(r.ctx);
    rf_diags_sort(diags);
    return p;
}

bool rf_load_options_refuse(const rf_load_options *options, const char *path, const char *kind,
                            const char *hint, rf_diags *diags)
{
    if (!options || !options->n_set)
        return false;
    char shown[512];
    snprintf(shown, sizeof shown, "%.*s", (int)strcspn(options->set[0], "="), options->set[0]);
    rf_diags_add(diags, RF_SEV_ERROR, "--set", 0, 0, shown,
                 "%s is %s, which --set does not change; %s", path, kind, hint);
    return true;
}

rf_status rf_validate_file(const char *path, const rf_load_options *options, rf_diags *diags)
{
    size_t errors = diags->errors;
    bool is_policy = false;
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags scratch = {0};
    cJSON *root = ctx && !rf_book_is_workbook(path) ? rf_json_read_file(ctx, path, &scratch) : NULL;
    const cJSON *format = rf_read_member(root, "format");
    is_policy = cJSON_IsString(format) && strcmp(format->valuestring, RF_POLICY_FORMAT) == 0;
    rf_json_delete(ctx, root);
    rf_json_ctx_free(ctx);
    rf_diags_free(&scratch);
    if (is_policy) {
        rf_load_options_refuse(options, path, "a policy model",
                               "check a change to it with 'policy.PATH=VALUE' on a scenario that "
                               "uses it",
                               diags);
        rf_policy_free(rf_policy_load(path, diags));
    } else {
        rf_scenario_free(rf_scenario_load(path, options, diags));
    }
    return diags->errors != errors ? RF_ERR_INPUT : RF_OK;
}

void rf_load_new_warnings(const char *path, const rf_diags *diags, rf_diags *out)
{
    rf_diags plain = {0};
    rf_scenario_free(rf_scenario_load(path, NULL, &plain));
    rf_diag_set known = {0};
    for (size_t i = 0; i < plain.count; i++)
        if (plain.items[i].severity == RF_SEV_WARNING)
            rf_diag_set_add(&known, &plain.items[i]);
    for (size_t i = 0; i < diags->count; i++) {
        const rf_diag *d = &diags->items[i];
        if (d->severity == RF_SEV_WARNING && rf_diag_set_add(&known, d))
            rf_diags_add_diag(out, d);
    }
    rf_diag_set_free(&known);
    rf_diags_free(&plain);
}

/* ---- one self-contained tree (rf_scenario_resolve) ---- */

/* A number node of fen in yuan, located in file. */
static cJSON *fen_node(loader *L, rf_fen v, const char *file)
{
    char t[40];
    rf_fen_yuan(t, v, false);
    cJSON *n = cJSON_CreateNumber((double)v / 100.0);
    if (n && !rf_json_set_loc(L->r.ctx, n, file, 0, 0, t, strlen(t))) {
        cJSON_Delete(n);
        n = NULL;
    }
    return n;
}

/* Adds the amount at obj.key (if any) to *sum; false when it is not one. */
static bool add_money(loader *L, const cJSON *obj, const char *key, rf_fen *sum, bool *present)
{
    rf_fen v = 0;
    rf_read_result r = rf_read_money(&L->r, obj, key, "", false, true, &v);
    if (r == RF_READ_OK) {
        *sum += v;
        *present = true;
    }
    return r != RF_READ_BAD;
}

/* Sets obj.key to a new node (replacing any). */
static void put(loader *L, cJSON *obj, const char *key, cJSON *value)
{
    if (!value)
        return;
    rf_json_delete(L->r.ctx, cJSON_DetachItemFromObjectCaseSensitive(obj, key));
    cJSON_AddItemToObject(obj, key, value);
}

static cJSON *object_member(loader *L, cJSON *obj, const char *key, const char *file)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsObject(m))
        return m;
    m = cJSON_CreateObject();
    if (m && !rf_json_set_loc(L->r.ctx, m, file, 0, 0, NULL, 0)) {
        cJSON_Delete(m);
        return NULL;
    }
    put(L, obj, key, m);
    return m;
}

/* Completes the costs of every site of tree from its cost_defaults. */
static void complete_costs(loader *L, cJSON *tree, const char *file)
{
    const cJSON *defaults = cJSON_GetObjectItemCaseSensitive(tree, "cost_defaults");
    cJSON *sites = cJSON_GetObjectItemCaseSensitive(tree, "sites");
    for (cJSON *site = cJSON_IsArray(sites) ? sites->child : NULL; site; site = site->next) {
        cJSON *costs = object_member(L, site, "costs", file);
        for (size_t i = 0; costs && i < N_COST_FIELDS; i++) {
            const char *key = COST_FIELDS[i].key;
            if (cJSON_GetObjectItemCaseSensitive(costs, key))
                continue;
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(defaults, key);
            cJSON *v = d ? cJSON_Duplicate(d, true) : NULL;
            const rf_json_loc *loc = d ? rf_json_loc_of(L->r.ctx, d) : NULL;
            if (v && loc)
                rf_json_set_loc(L->r.ctx, v, loc->file, loc->line, loc->column, loc->text,
                                loc->len);
            cJSON_AddItemToObject(costs, key, v ? v : fen_node(L, 0, file));
        }
    }
}

/* A source's money added up over the files that give it. */
typedef struct {
    char *id;
    rf_fen arrived, disbursed;
    bool has_disbursed;
} source_sum;

/* Adds the sources of a "sources" object (may be NULL) to *sums; false
 * when an amount is not one or out of memory. */
static bool add_sources(loader *L, const cJSON *src, source_sum **sums, size_t *n_sums)
{
    bool ok = true;
    for (const cJSON *c = cJSON_IsObject(src) ? src->child : NULL; c; c = c->next) {
        size_t k = 0;
        while (k < *n_sums && strcmp((*sums)[k].id, c->string) != 0)
            k++;
        if (k == *n_sums) {
            source_sum *v = realloc(*sums, (*n_sums + 1) * sizeof *v);
            if (!v)
                return false;
            *sums = v;
            memset(&v[k], 0, sizeof *v);
            v[k].id = rf_read_strdup(c->string);
            (*n_sums)++;
            if (!v[k].id)
                return false;
        }
        bool present = false;
        ok &= add_money(L, c, "arrived", &(*sums)[k].arrived, &present);
        ok &= add_money(L, c, "disbursed", &(*sums)[k].disbursed, &(*sums)[k].has_disbursed);
    }
    return ok;
}

/* path's tree, extends merged and includes flattened, its policy made
 * relative to the folder of `to`. */
static cJSON *resolve_doc(loader *L, const char *path, const cJSON *ref, const char *ref_path,
                          const char *to)
{
    cJSON *root = load_doc(L, path, ref, ref_path);
    if (!cJSON_IsObject(root))
        return root;
    cJSON *pol = cJSON_GetObjectItemCaseSensitive(root, "policy");
    if (cJSON_IsString(pol)) {
        const rf_json_loc *loc = rf_json_loc_of(L->r.ctx, pol);
        char *rebased = rf_read_rebase(loc ? loc->file : path, pol->valuestring, to);
        if (rebased)
            cJSON_SetValuestring(pol, rebased);
        free(rebased);
    }
    cJSON *inc = cJSON_DetachItemFromObjectCaseSensitive(root, "includes");
    if (!inc)
        return root;
    bool ok = cJSON_IsArray(inc);
    size_t i = 0;
    rf_fen agri = 0, disbursed[RF_CAT_COUNT] = {0};
    bool has_agri = false, all_disbursed[RF_CAT_COUNT] = {true, true};
    cJSON *sites = cJSON_CreateArray();
    cJSON *sources = cJSON_CreateObject();
    ok &= sites && sources;
    source_sum *sums = NULL;
    size_t n_sums = 0;
    state(L, "; %s includes", path);
    for (const cJSON *e = ok ? inc->child : NULL; e && ok; e = e->next, i++) {
        char p[64];
        rf_json_path_join(p, sizeof p, "includes", NULL, i);
        char *sub_path = referenced_path(L, e, p, "scenario");
        if (!sub_path || !enter(L, sub_path, e, p, "includes")) {
            free(sub_path);
            ok = false;
            break;
        }
        state(L, "%s %s", i ? "," : "", sub_path);
        cJSON *sub = resolve_doc(L, sub_path, e, p, to);
        leave(L);
        free(sub_path);
        if (!cJSON_IsObject(sub)) {
            rf_json_delete(L->r.ctx, sub);
            ok = false;
            break;
        }
        if (!cJSON_GetObjectItemCaseSensitive(root, "policy") &&
            cJSON_GetObjectItemCaseSensitive(sub, "policy"))
            cJSON_AddItemToObject(root, "policy",
                                  cJSON_DetachItemFromObjectCaseSensitive(sub, "policy"));
        complete_costs(L, sub, path);
        cJSON *ss = cJSON_GetObjectItemCaseSensitive(sub, "sites");
        while (cJSON_IsArray(ss) && ss->child)
            cJSON_AddItemToArray(sites, cJSON_DetachItemViaPointer(ss, ss->child));
        ok &= add_sources(L, cJSON_GetObjectItemCaseSensitive(sub, "sources"), &sums, &n_sums);
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(sub, "disbursed");
        for (int c = 0; c < RF_CAT_COUNT; c++) {
            bool present = false;
            ok &= add_money(L, cJSON_IsObject(d) ? d : NULL, rf_category_id((rf_category)c),
                            &disbursed[c], &present);
            all_disbursed[c] &= present;
        }
        ok &= add_money(L, cJSON_GetObjectItemCaseSensitive(sub, "integrated_agri"), "budget",
                        &agri, &has_agri);
        rf_json_delete(L->r.ctx, sub);
    }
    /* the file's own sources, budget and sites come after the included */
    ok = ok && add_sources(L, cJSON_GetObjectItemCaseSensitive(root, "sources"), &sums, &n_sums);
    cJSON *agri_obj = cJSON_GetObjectItemCaseSensitive(root, "integrated_agri");
    ok &= add_money(L, cJSON_IsObject(agri_obj) ? agri_obj : NULL, "budget", &agri, &has_agri);
    for (size_t k = 0; ok && k < n_sums; k++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !rf_json_set_loc(L->r.ctx, o, path, 0, 0, NULL, 0)) {
            cJSON_Delete(o);
            ok = false;
            break;
        }
        cJSON_AddItemToObject(sources, sums[k].id, o);
        put(L, o, "arrived", fen_node(L, sums[k].arrived, path));
        if (sums[k].has_disbursed)
            put(L, o, "disbursed", fen_node(L, sums[k].disbursed, path));
    }
    for (size_t k = 0; k < n_sums; k++)
        free(sums[k].id);
    free(sums);
    if (ok) {
        complete_costs(L, root, path);
        cJSON *own_sites = cJSON_DetachItemFromObjectCaseSensitive(root, "sites");
        while (cJSON_IsArray(own_sites) && own_sites->child)
            cJSON_AddItemToArray(sites, cJSON_DetachItemViaPointer(own_sites, own_sites->child));
        rf_json_delete(L->r.ctx, own_sites);
        rf_json_set_loc(L->r.ctx, sites, path, 0, 0, NULL, 0);
        rf_json_set_loc(L->r.ctx, sources, path, 0, 0, NULL, 0);
        put(L, root, "sites", sites);
        put(L, root, "sources", sources);
        sites = sources = NULL;
        if (!cJSON_GetObjectItemCaseSensitive(root, "disbursed") && inc->child) {
            cJSON *d = NULL;
            for (int c = 0; c < RF_CAT_COUNT; c++)
                if (all_disbursed[c] && (d || (d = object_member(L, root, "disbursed", path))))
                    put(L, d, rf_category_id((rf_category)c), fen_node(L, disbursed[c], path));
        }
        if (has_agri) {
            cJSON *a = object_member(L, root, "integrated_agri", path);
            if (a)
                put(L, a, "budget", fen_node(L, agri, path));
        }
        rf_json_delete(L->r.ctx, cJSON_DetachItemFromObjectCaseSensitive(root, "cost_defaults"));
    }
    rf_json_delete(L->r.ctx, sites);
    rf_json_delete(L->r.ctx, sources);
    rf_json_delete(L->r.ctx, inc);
    if (!ok) {
        rf_json_delete(L->r.ctx, root);
        return NULL;
    }
    return root;
}

cJSON *rf_scenario_resolve(rf_json_ctx *ctx, const char *path, const char *to, rf_diags *diags,
                           char **from)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.r.diags = diags;
    L.r.ctx = ctx;
    L.resolved = rf_read_strdup(path);
    L.resolved_len = L.resolved ? strlen(L.resolved) : 0;
    size_t errors = diags->errors;
    cJSON *root = NULL;
    if (enter(&L, path, NULL, NULL, "includes")) {
        root = resolve_doc(&L, path, NULL, NULL, to);
        leave(&L);
    }
    free(L.chain);
    free_files(&L);
    if (root && diags->errors != errors) {
        rf_json_delete(ctx, root);
        root = NULL;
    }
    if (root && from) {
        *from = L.resolved;
        L.resolved = NULL;
    }
    free(L.resolved);
    return root;
}
