/* rf_batch: many counties: the list of them, parallel load and solve, the roll-up's figures. */
#include "rf_batch.h"

#include <dirent.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rf_book.h"
#include "rf_json.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_province.h"
#include "rf_read.h"
#include "rf_scenario.h"
#include "rf_solve.h"

const char *rf_batch_status_id(rf_batch_status s)
{
    static const char *const ids[] = {"balanced",    "unfunded_gap", "cap_violation",
                                      "input_error", "solver_error", "pending"};
    return (unsigned)s <= RF_BATCH_PENDING ? ids[s] : "pending";
}

void rf_batch_free(rf_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_counties; i++) {
        rf_batch_county *c = &b->counties[i];
        rf_plan_free(c->plan);
        rf_scenario_free(c->scenario);
        rf_diags_free(&c->diags);
        free(c->pool_shares);
        free(c->file);
    }
    free(b->counties);
    for (size_t k = 0; k < b->n_pools; k++)
        free(b->pools[k].source);
    free(b->pools);
    rf_read_label_free(&b->name);
    free(b->id);
    free(b->province_file);
    free(b);
}

/* ---- the list of counties ---- */

typedef struct {
    char **items;
    size_t n, cap;
} str_list;

static bool list_add(str_list *l, char *s)
{
    if (!s)
        return false;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **p = realloc(l->items, cap * sizeof *p);
        if (!p) {
            free(s);
            return false;
        }
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n++] = s;
    return true;
}

static void list_free(str_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A scenario's file name in a folder: *.json or a workbook, not hidden. */
static bool scenario_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' &&
           ((n > 5 && strcmp(name + n - 5, ".json") == 0) || rf_book_is_workbook(name));
}

/* Adds the *.json and *.xlsx files of folder dir, sorted by name.  Returns false on
 * out of memory; an unreadable folder is an error in diags. */
static bool add_folder(str_list *l, const char *dir, rf_diags *diags)
{
    DIR *d = opendir(dir);
    if (!d) {
        rf_diags_add(diags, RF_SEV_ERROR, dir, 0, 0, NULL, "cannot read the folder");
        return true;
    }
    str_list names = {0};
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL)
        if (scenario_name(e->d_name))
            ok = list_add(&names, rf_read_strdup(e->d_name));
    closedir(d);
    if (ok && names.n == 0)
        rf_diags_add(diags, RF_SEV_ERROR, dir, 0, 0, NULL,
                     "the folder holds no .json or .xlsx scenario files");
    qsort(names.items, names.n, sizeof *names.items, cmp_str);
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; ok && i < names.n; i++) {
        size_t n = dl + strlen(names.items[i]) + 2;
        char *p = malloc(n);
        if (p)
            snprintf(p, n, "%s%s%s", dir, slash ? "" : "/", names.items[i]);
        ok = list_add(l, p);
    }
    list_free(&names);
    return ok;
}

rf_status rf_batch_open(const char *const *args, size_t n_args, rf_batch **out, rf_diags *diags)
{
    *out = NULL;
    rf_batch *b = calloc(1, sizeof *b);
    str_list l = {0};
    rf_json_ctx *ctx = NULL;
    bool ok = b != NULL;
    size_t errors_before = diags->errors;
    for (size_t i = 0; ok && i < n_args; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0) {
            rf_diags_add(diags, RF_SEV_ERROR, args[i], 0, 0, NULL,
                         "cannot read: no such file "
                         "or folder");
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            ok = add_folder(&l, args[i], diags);
            continue;
        }
        cJSON *root = NULL;
        if (n_args == 1) {
            ctx = rf_json_ctx_new();
            if (!ctx) {
                ok = false;
                break;
            }
            if (rf_province_parse(ctx, args[i], &root)) {
                b->province_file = rf_read_strdup(args[i]);
                char **counties = NULL;
                size_t n = 0;
                ok = b->province_file &&
                     rf_province_read(b, args[i], ctx, root, &counties, &n, diags);
                for (size_t k = 0; k < n; k++)
                    ok = list_add(&l, counties[k]) && ok;
                free(counties);
                rf_json_delete(ctx, root);
                continue;
            }
            rf_json_delete(ctx, root);
        }
        ok = list_add(&l, rf_read_strdup(args[i]));
    }
    if (ok && !b->id)
        b->id = rf_read_strdup("batch");
    if (ok && !b->name.zh) {
        b->name.zh = rf_read_strdup(b->province_file ? b->id : "批量汇总");
        b->name.en = rf_read_strdup(b->province_file ? b->id : "Batch");
    }
    ok = ok && b->id && b->name.zh && b->name.en;
    if (ok && l.n) {
        b->counties = calloc(l.n, sizeof *b->counties);
        ok = b->counties != NULL;
        for (size_t i = 0; ok && i < l.n; i++) {
            b->counties[i].file = l.items[i];
            b->counties[i].status = RF_BATCH_PENDING;
            b->counties[i].pool_shares = calloc(b->n_pools ? b->n_pools : 1, sizeof(rf_fen));
            l.items[i] = NULL;
            b->n_counties = i + 1;
            ok = b->counties[i].pool_shares != NULL;
        }
    }
    list_free(&l);
    rf_json_ctx_free(ctx);
    if (!ok) {
        rf_batch_free(b);
        rf_diags_add(diags, RF_SEV_ERROR, NULL, 0, 0, NULL, "out of memory");
        return RF_ERR_SOLVER;
    }
    if (diags->errors > errors_before || b->n_counties == 0) {
        if (diags->errors == errors_before)
            rf_diags_add(diags, RF_SEV_ERROR, NULL, 0, 0, NULL, "no county scenario to run");
        rf_batch_free(b);
        return RF_ERR_INPUT;
    }
    *out = b;
    return RF_OK;
}

/* ---- running ---- */

typedef enum { PHASE_LOAD, PHASE_SOLVE } phase;

typedef struct {
    rf_batch *b;
    const rf_batch_options *o;
    phase ph;
    pthread_mutex_t lock;
    size_t next; /* the next county to take */
    size_t done; /* counties done over both phases */
} work;

static void run_county(rf_batch_county *c, phase ph, const rf_batch_options *o)
{
    if (ph == PHASE_LOAD) {
        c->scenario = rf_scenario_load(c->file, NULL, &c->diags);
        c->status = c->scenario ? RF_BATCH_PENDING : RF_BATCH_INPUT_ERROR;
        return;
    }
    if (c->status != RF_BATCH_PENDING)
        return;
    rf_solve_options so = {.time_limit_seconds = o->time_limit_seconds};
    if (rf_plan_solve(c->scenario, &so, &c->plan, &c->error) != RF_OK) {
        c->status = RF_BATCH_SOLVER_ERROR;
        return;
    }
    c->status = c->plan->status == RF_PLAN_BALANCED       ? RF_BATCH_BALANCED
                : c->plan->status == RF_PLAN_UNFUNDED_GAP ? RF_BATCH_UNFUNDED_GAP
                                                          : RF_BATCH_CAP_VIOLATION;
}

static void *worker(void *arg)
{
    work *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->b->n_counties)
            break;
        run_county(&w->b->counties[i], w->ph, w->o);
        pthread_mutex_lock(&w->lock);
        w->done++;
        if (w->o->progress)
            w->o->progress(w->done, 2 * w->b->n_counties, w->o->progress_ctx);
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

/* A worker thread: takes counties until none is left, then frees its own
 * GLPK environment. */
static void *thread_main(void *arg)
{
    worker(arg);
    rf_solve_thread_end();
    return NULL;
}

/* Runs one phase over every county with n threads (inline when n is 1). */
static rf_status run_phase(work *w, int n, rf_error *err)
{
    w->next = 0;
    if (n <= 1 || w->b->n_counties <= 1) {
        worker(w);
        return RF_OK;
    }
    if ((size_t)n > w->b->n_counties)
        n = (int)w->b->n_counties;
    pthread_t *t = calloc((size_t)n, sizeof *t);
    if (!t)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    int started = 0;
    for (; started < n; started++)
        if (pthread_create(&t[started], NULL, thread_main, w) != 0)
            break;
    if (started == 0) /* no thread at all: do the work here */
        worker(w);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
    return RF_OK;
}

rf_status rf_batch_run(rf_batch *b, const rf_batch_options *options, rf_error *err)
{
    rf_batch_options defaults = {.threads = 1};
    const rf_batch_options *o = options ? options : &defaults;
    work w = {.b = b, .o = o};
    if (pthread_mutex_init(&w.lock, NULL) != 0)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot create a lock");
    w.ph = PHASE_LOAD;
    rf_status st = run_phase(&w, o->threads, err);
    if (st == RF_OK)
        st = rf_province_split_pools(b, err);
    if (st == RF_OK && !o->load_only) {
        w.ph = PHASE_SOLVE;
        st = run_phase(&w, o->threads, err);
    }
    pthread_mutex_destroy(&w.lock);
    return st;
}

rf_status rf_batch_check(const char *path, int threads, rf_diags *diags)
{
    rf_batch *b = NULL;
    rf_status st = rf_batch_open(&path, 1, &b, diags);
    if (st != RF_OK)
        return st;
    rf_batch_options o = {.threads = threads, .load_only = true};
    rf_error err = {0};
    st = rf_batch_run(b, &o, &err);
    if (st != RF_OK)
        rf_diags_add_text(diags, RF_SEV_ERROR, err.file, err.line, err.column, err.path,
                          err.message, err.message_zh);
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_diags *d = &b->counties[i].diags;
        for (size_t k = 0; k < d->count; k++)
            rf_diags_add_diag(diags, &d->items[k]);
        if (b->counties[i].status == RF_BATCH_INPUT_ERROR && st == RF_OK)
            st = RF_ERR_INPUT;
    }
    rf_batch_free(b);
    return st;
}

rf_status rf_batch_validate(const char *path, const rf_load_options *options, int threads,
                            rf_diags *diags)
{
    rf_status st;
    if (!rf_province_is(path))
        st = rf_validate_file(path, options, diags);
    else if (rf_load_options_refuse(options, path, "a province file",
                                    "check a change on one of its counties", diags))
        st = RF_ERR_INPUT;
    else
        st = rf_batch_check(path, threads, diags);
    rf_diags_dedupe(diags);
    return st;
}

rf_status rf_batch_status_code(const rf_batch *b)
{
    rf_status worst = RF_OK;
    for (size_t i = 0; i < b->n_counties; i++) {
        rf_status s;
        switch (b->counties[i].status) {
        case RF_BATCH_BALANCED:
            s = RF_OK;
            break;
        case RF_BATCH_UNFUNDED_GAP:
        case RF_BATCH_CAP_VIOLATION:
            s = RF_ERR_PLAN;
            break;
        case RF_BATCH_INPUT_ERROR:
            s = RF_ERR_INPUT;
            break;
        default:
            s = RF_ERR_SOLVER;
            break;
        }
        if (s > worst)
            worst = s;
    }
    return worst;
}

/* ---- the roll-up ---- */

void rf_batch_county_figures(const rf_batch_county *c, rf_batch_figures *f)
{
    memset(f, 0, sizeof *f);
    const rf_scenario *s = c->scenario;
    if (s) {
        f->sites = (int64_t)s->n_sites;
        for (size_t i = 0; i < s->n_sites; i++) {
            f->registered_people += s->sites[i].registered_people;
            f->registered_households += s->sites[i].registered_households;
            f->synchronous_people += s->sites[i].synchronous_people;
        }
    }
    const rf_plan *p = c->plan;
    if (!p)
        return;
    f->cost = p->cost_total;
    for (size_t k = 0; k < p->n_sources; k++) {
        f->arrived += p->sources[k].arrived;
        f->allocated += p->sources[k].allocated;
        f->undrawn += p->sources[k].undrawn;
    }
    f->self_reg = p->self_funding[RF_CAT_REGISTERED];
    f->self_sync = p->self_funding[RF_CAT_SYNCHRONOUS];
    f->agri = p->integrated_agri_total;
    f->unfunded = p->unfunded_total;
    f->excess = p->cap_excess_total;
    f->surplus_emp = p->surplus_employment_base;
    f->surplus_ind = p->surplus_industry;
    f->households_over_cap = p->households_over_cap;
}

void rf_batch_figures_add(rf_batch_figures *t, const rf_batch_figures *f)
{
    t->registered_people += f->registered_people;
    t->registered_households += f->registered_households;
    t->synchronous_people += f->synchronous_people;
    t->sites += f->sites;
    t->cost += f->cost;
    t->arrived += f->arrived;
    t->allocated += f->allocated;
    t->undrawn += f->undrawn;
    t->self_reg += f->self_reg;
    t->self_sync += f->self_sync;
    t->agri += f->agri;
    t->unfunded += f->unfunded;
    t->excess += f->excess;
    t->surplus_emp += f->surplus_emp;
    t->surplus_ind += f->surplus_ind;
    t->households_over_cap += f->households_over_cap;
}

rf_batch_source_total *rf_batch_source_totals(const rf_batch *b, size_t *n)
{
    size_t cap = 8, count = 0;
    rf_batch_source_total *t = calloc(cap, sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_plan *p = b->counties[i].plan;
        for (size_t k = 0; p && k < p->n_sources; k++) {
            const rf_plan_source *ps = &p->sources[k];
            size_t j = 0;
            while (j < count && strcmp(t[j].id, ps->policy->id) != 0)
                j++;
            if (j == count) {
                if (count == cap) {
                    rf_batch_source_total *q = realloc(t, 2 * cap * sizeof *t);
                    if (!q) {
                        free(t);
                        return NULL;
                    }
                    t = q;
                    cap *= 2;
                }
                memset(&t[count], 0, sizeof *t);
                t[count].id = ps->policy->id;
                t[count].name = &ps->policy->name;
                count++;
            }
            t[j].arrived += ps->arrived;
            t[j].allocated += ps->allocated;
            t[j].undrawn += ps->undrawn;
            for (int u = 0; u < RF_USE_COUNT; u++)
                t[j].by_use[u] += ps->by_use[u];
        }
    }
    *n = count;
    return t;
}

size_t *rf_batch_county_order(const rf_batch *b)
{
    static const int rank[] = {
        [RF_BATCH_SOLVER_ERROR] = 0, [RF_BATCH_INPUT_ERROR] = 1,   [RF_BATCH_PENDING] = 2,
        [RF_BATCH_UNFUNDED_GAP] = 3, [RF_BATCH_CAP_VIOLATION] = 4, [RF_BATCH_BALANCED] = 5};
    size_t *order = malloc((b->n_counties ? b->n_counties : 1) * sizeof *order);
    if (!order)
        return NULL;
    size_t n = 0;
    for (int r = 0; r <= 5; r++)
        for (size_t i = 0; i < b->n_counties; i++)
            if (rank[b->counties[i].status] == r)
                order[n++] = i;
    return order;
}

size_t rf_batch_count_status(const rf_batch *b, rf_batch_status s)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_counties; i++)
        n += b->counties[i].status == s;
    return n;
}

char *rf_batch_county_problem(const rf_batch_county *c, char *buf, size_t size)
{
    buf[0] = 0;
    if (c->status == RF_BATCH_SOLVER_ERROR)
        return rf_format_location(buf, size, c->error.file, c->error.line, c->error.column,
                                  c->error.path, c->error.message);
    for (size_t k = 0; k < c->diags.count; k++)
        if (c->diags.items[k].severity == RF_SEV_ERROR) {
            const rf_diag *d = &c->diags.items[k];
            return rf_format_location(buf, size, d->file, d->line, d->column, d->path, d->message);
        }
    return buf;
}
