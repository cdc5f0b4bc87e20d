/* rf_audit_run: a roster read on one thread and checked on another, its findings spooled. */
#include "rf_audit_run.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_roster.h"

/* ---- the spools ------------------------------------------------------------

 * The report lists the violations after the summary, so those found while
 * reading wait in a temporary file: one record a violation, this head and
 * then the household id and site id bytes.  Memory stays flat however long
 * the roster, and every format reads the same records back.  Malformed
 * rows wait in a second file the same way: a head, then path and message. */
typedef struct {
    int64_t row, value, limit;
    int32_t rule, category, size;
    uint8_t has_value, has_limit;
    uint16_t id_len, site_len;
} spool_head;

typedef struct {
    int32_t line, column;
    uint32_t path_len, message_len;
} bad_head;

struct rf_audit_result {
    const rf_scenario *s;
    char *roster;
    rf_day as_of;
    rf_audit *audit;
    const rf_violation *warnings; /* owned by audit */
    size_t n_warnings, next_warning;
    FILE *list; /* the violations */
    FILE *bad;  /* the malformed rows */
    char id[RF_ROSTER_MAX_ID + 1], site[RF_ROSTER_MAX_ID + 1];
    char bad_path[sizeof((rf_error *)0)->path];
    char bad_message[sizeof((rf_error *)0)->message];
};

/* Appends the violation v of household h to the list. */
static void spool_entry(FILE *list, const rf_violation *v, const rf_household *h)
{
    spool_head head;
    memset(&head, 0, sizeof head); /* no stray padding bytes in the file */
    head.row = v->row;
    head.value = v->value;
    head.limit = v->limit;
    head.rule = (int32_t)v->rule;
    head.category = (int32_t)h->category;
    head.size = h->size;
    head.has_value = v->has_value;
    head.has_limit = v->has_limit;
    head.id_len = (uint16_t)h->household_id_len; /* both at most RF_ROSTER_MAX_ID */
    head.site_len = (uint16_t)h->site_id_len;
    fwrite(&head, sizeof head, 1, list);
    fwrite(h->household_id, 1, h->household_id_len, list);
    fwrite(h->site_id, 1, h->site_id_len, list);
}

/* Appends a malformed row to the bad rows. */
static void spool_bad(FILE *bad, const rf_error *e)
{
    bad_head head;
    memset(&head, 0, sizeof head);
    head.line = e->line;
    head.column = e->column;
    head.path_len = (uint32_t)strnlen(e->path, sizeof e->path - 1);
    head.message_len = (uint32_t)strnlen(e->message, sizeof e->message - 1);
    fwrite(&head, sizeof head, 1, bad);
    fwrite(e->path, 1, head.path_len, bad);
    fwrite(e->message, 1, head.message_len, bad);
}

static rf_status read_back_error(FILE *f, rf_error *err)
{
    return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                        "cannot read back a temporary file: %s",
                        ferror(f) ? strerror(errno) : "it ends early");
}

bool rf_audit_result_rewind(rf_audit_result *r, rf_error *err)
{
    r->next_warning = 0;
    if (fflush(r->list) != 0 || fseek(r->list, 0, SEEK_SET) != 0 || fflush(r->bad) != 0 ||
        fseek(r->bad, 0, SEEK_SET) != 0)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                            "cannot read back a temporary file: %s", strerror(errno)),
               false;
    return true;
}

int rf_audit_result_next(rf_audit_result *r, rf_audit_entry *e, rf_error *err)
{
    memset(e, 0, sizeof *e);
    if (r->next_warning < r->n_warnings) {
        const rf_violation *v = &r->warnings[r->next_warning++];
        e->v = *v;
        e->site_id = r->s->sites[v->site].id;
        e->site_id_len = strlen(e->site_id);
        e->category = v->mix == RF_MIX_REGISTERED_SIZE ? RF_CAT_REGISTERED : RF_CAT_SYNCHRONOUS;
        e->size = v->size;
        return 1;
    }
    spool_head head;
    size_t got = fread(&head, 1, sizeof head, r->list);
    if (got == 0 && feof(r->list))
        return 0;
    if (got != sizeof head || head.id_len > RF_ROSTER_MAX_ID || head.site_len > RF_ROSTER_MAX_ID ||
        fread(r->id, 1, head.id_len, r->list) != head.id_len ||
        fread(r->site, 1, head.site_len, r->list) != head.site_len)
        return read_back_error(r->list, err), -1;
    r->id[head.id_len] = r->site[head.site_len] = '\0';
    e->v = (rf_violation){.rule = (rf_rule)head.rule,
                          .row = head.row,
                          .has_value = head.has_value,
                          .value = head.value,
                          .has_limit = head.has_limit,
                          .limit = head.limit};
    e->household_id = r->id;
    e->household_id_len = head.id_len;
    e->site_id = r->site;
    e->site_id_len = head.site_len;
    e->category = (rf_category)head.category;
    e->size = head.size;
    return 1;
}

int rf_audit_result_next_bad(rf_audit_result *r, rf_audit_bad *b, rf_error *err)
{
    bad_head head;
    size_t got = fread(&head, 1, sizeof head, r->bad);
    if (got == 0 && feof(r->bad))
        return 0;
    if (got != sizeof head || head.path_len >= sizeof r->bad_path ||
        head.message_len >= sizeof r->bad_message ||
        fread(r->bad_path, 1, head.path_len, r->bad) != head.path_len ||
        fread(r->bad_message, 1, head.message_len, r->bad) != head.message_len)
        return read_back_error(r->bad, err), -1;
    r->bad_path[head.path_len] = r->bad_message[head.message_len] = '\0';
    b->line = head.line;
    b->column = head.column;
    b->path = r->bad_path;
    b->message = r->bad_message;
    return 1;
}

const rf_audit_summary *rf_audit_result_summary(const rf_audit_result *r)
{
    return rf_audit_summary_get(r->audit);
}

const rf_scenario *rf_audit_result_scenario(const rf_audit_result *r)
{
    return r->s;
}

const char *rf_audit_result_roster(const rf_audit_result *r)
{
    return r->roster;
}

rf_day rf_audit_result_as_of(const rf_audit_result *r)
{
    return r->as_of;
}

void rf_audit_result_free(rf_audit_result *r)
{
    if (!r)
        return;
    if (r->list)
        fclose(r->list);
    if (r->bad)
        fclose(r->bad);
    rf_audit_free(r->audit);
    free(r->roster);
    free(r);
}

/* ---- reading and checking on two cores ---------------------------------- */

/* One thread reads and parses the roster into slots while the other checks
 * the households of the slots before: a ring of SLOTS batches, so memory
 * stays constant (about 6 MB).  The ring holds some 30,000 rows, several
 * milliseconds of work, so that on a busy machine one thread can go on
 * while the other waits for a core.  A slot owns copies of its ids and site
 * ids, since the reader's buffer moves on. */
enum { SLOTS = 16, SLOT_ROWS = 2048, SLOT_ARENA = SLOT_ROWS * 48 };
/* Rows prefetched at a time (at most RF_AUDIT_PREFETCH_AHEAD). */
enum { PREFETCH_GROUP = 128 };

typedef struct {
    rf_household h[SLOT_ROWS];
    size_t n;
    char *arena;           /* SLOT_ARENA bytes; a slot ends early when a row might not fit */
    rf_roster_result stop; /* why the batch ended: ROW (full), BAD_ROW, END, FAIL */
    rf_error err[RF_ROSTER_MAX_PROBLEMS]; /* err[0] for FAIL; BAD_ROW: its problems */
    size_t n_err;
} batch_slot;

typedef struct {
    rf_roster *r;
    batch_slot slots[SLOTS];
    size_t produced, consumed;
    bool quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
} batch_pipe;

/* Fills one slot from the roster; returns how it ended. */
static rf_roster_result fill_slot(rf_roster *r, batch_slot *s)
{
    size_t used = 0;
    s->n = 0;
    for (;;) {
        rf_roster_result stop;
        /* rows whose ids surely fit in what is left of the arena */
        size_t room = (SLOT_ARENA - used) / (2 * RF_ROSTER_MAX_ID);
        if (room > SLOT_ROWS - s->n)
            room = SLOT_ROWS - s->n;
        if (room == 0)
            return s->stop = RF_ROSTER_ROW;
        size_t k = rf_roster_next_batch(r, &s->h[s->n], room, &stop, &s->err[0]);
        s->n_err = stop == RF_ROSTER_BAD_ROW
                       ? 1 + rf_roster_more_problems(r, &s->err[1], RF_ROSTER_MAX_PROBLEMS - 1)
                       : 1;
        for (size_t i = s->n; i < s->n + k; i++) {
            rf_household *h = &s->h[i];
            memcpy(s->arena + used, h->household_id, h->household_id_len);
            h->household_id = s->arena + used;
            used += h->household_id_len;
            memcpy(s->arena + used, h->site_id, h->site_id_len);
            h->site_id = s->arena + used;
            used += h->site_id_len;
        }
        s->n += k;
        if (stop != RF_ROSTER_ROW || s->n == SLOT_ROWS)
            return s->stop = stop;
    }
}

static void *producer(void *arg)
{
    batch_pipe *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->produced - p->consumed == SLOTS && !p->quit)
            pthread_cond_wait(&p->cv, &p->mu);
        bool quit = p->quit;
        batch_slot *s = &p->slots[p->produced % SLOTS];
        pthread_mutex_unlock(&p->mu);
        if (quit)
            break;
        rf_roster_result stop = fill_slot(p->r, s);
        pthread_mutex_lock(&p->mu);
        p->produced++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (stop == RF_ROSTER_END || stop == RF_ROSTER_FAIL)
            break;
    }
    return NULL;
}

/* The next filled slot (waits for it). */
static batch_slot *take_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->produced == p->consumed)
        pthread_cond_wait(&p->cv, &p->mu);
    batch_slot *s = &p->slots[p->consumed % SLOTS];
    pthread_mutex_unlock(&p->mu);
    return s;
}

static void release_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->consumed++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Starts the reading thread: a new pipe, or NULL (with nothing to undo). */
static batch_pipe *pipe_start(rf_roster *r)
{
    batch_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->r = r;
    for (int i = 0; i < SLOTS; i++) {
        p->slots[i].arena = malloc(SLOT_ARENA);
        if (!p->slots[i].arena) {
            for (int j = 0; j < i; j++)
                free(p->slots[j].arena);
            free(p);
            return NULL;
        }
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->thread, NULL, producer, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        for (int i = 0; i < SLOTS; i++)
            free(p->slots[i].arena);
        free(p);
        return NULL;
    }
    return p;
}

/* Stops the reading thread (wherever it is) and frees the pipe. */
static void pipe_stop(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    for (int i = 0; i < SLOTS; i++)
        free(p->slots[i].arena);
    free(p);
}

static bool lookup_id(void *ctx, int64_t row, const char **id, size_t *len, rf_error *err)
{
    return rf_roster_id_at(ctx, row, id, len, err);
}

/* Checks every household the pipe delivers, spooling what it finds.
 * Returns RF_OK at the end of the roster, else the failure (err filled). */
static rf_status check_all(rf_audit_result *res, batch_pipe *pipe, const char *roster_path,
                           const rf_audit_options *o, rf_error *err)
{
    rf_violation v[RF_RULE_COUNT];
    for (;;) {
        batch_slot *slot = take_slot(pipe);
        rf_household *h = slot->h;
        for (size_t i = 0; i < slot->n; i++) {
            /* start the id-table lookups of the next PREFETCH_GROUP rows
             * together, so that their cache misses overlap */
            if (i % PREFETCH_GROUP == 0)
                for (size_t j = i; j < i + PREFETCH_GROUP && j < slot->n; j++)
                    rf_audit_prefetch(res->audit, &h[j]);
            int k = rf_audit_check(res->audit, &h[i], v, err);
            if (k < 0) {
                if (!err->file[0])
                    snprintf(err->file, sizeof err->file, "%s", roster_path);
                return err->status == RF_ERR_INPUT ? RF_ERR_INPUT : RF_ERR_SOLVER;
            }
            for (int j = 0; j < k; j++)
                spool_entry(res->list, &v[j], &h[i]);
        }
        if (slot->stop == RF_ROSTER_END)
            return RF_OK;
        if (slot->stop == RF_ROSTER_FAIL) {
            *err = slot->err[0];
            return RF_ERR_INPUT;
        }
        if (slot->stop == RF_ROSTER_BAD_ROW) {
            rf_audit_bad_row(res->audit);
            if (o->bad_row)
                o->bad_row(slot->err, slot->n_err, rf_audit_summary_get(res->audit)->bad_rows,
                           o->ctx);
            for (size_t i = 0; i < slot->n_err; i++)
                spool_bad(res->bad, &slot->err[i]);
            if (o->strict) {
                *err = slot->err[0];
                return RF_ERR_INPUT;
            }
        }
        release_slot(pipe);
    }
}

rf_status rf_audit_run(const rf_scenario *s, const char *roster_path,
                       const rf_audit_options *options, rf_audit_result **out, rf_error *err)
{
    *out = NULL;
    rf_audit_options none = {0};
    const rf_audit_options *o = options ? options : &none;
    rf_roster_options ro = {.encoding = o->encoding, .columns = o->columns};
    rf_roster *r = rf_roster_open(roster_path, &ro, err);
    if (!r)
        return err->status == RF_ERR_SOLVER ? RF_ERR_SOLVER : RF_ERR_INPUT;
    if (o->note && rf_roster_note(r))
        o->note(roster_path, rf_roster_note(r), o->ctx);
    rf_status st = RF_ERR_SOLVER;
    rf_audit_result *res = calloc(1, sizeof *res);
    if (!res || !(res->roster = strdup(roster_path))) {
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    res->s = s;
    res->as_of = o->as_of;
    res->audit = rf_audit_new(s, o->as_of, lookup_id, r, err);
    /* Size the duplicate set once for the whole file (a hint: a wrong
     * guess costs time, never a result); more than 256 Mi ids is left to
     * growth. */
    size_t expect = rf_roster_rows_estimate(r);
    if (res->audit && expect <= ((size_t)1 << 28) &&
        !rf_audit_reserve(res->audit, expect + expect / 32, err)) {
        rf_audit_free(res->audit);
        res->audit = NULL;
    }
    if (!res->audit)
        goto fail;
    res->list = tmpfile();
    res->bad = res->list ? tmpfile() : NULL;
    if (!res->bad) {
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot create a temporary file: %s",
                     strerror(errno));
        goto fail;
    }
    batch_pipe *pipe = pipe_start(r);
    if (!pipe) {
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "cannot start the reading thread: out of memory");
        goto fail;
    }
    st = check_all(res, pipe, roster_path, o, err);
    pipe_stop(pipe);
    if (st != RF_OK)
        goto fail;
    st = RF_ERR_SOLVER;
    res->n_warnings = rf_audit_finish(res->audit, &res->warnings);
    if (ferror(res->list) || ferror(res->bad)) {
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot write a temporary file: %s",
                     strerror(errno));
        goto fail;
    }
    if (!rf_audit_result_rewind(res, err))
        goto fail;
    rf_roster_free(r);
    *out = res;
    return RF_OK;
fail:
    rf_audit_result_free(res);
    rf_roster_free(r);
    return st;
}
