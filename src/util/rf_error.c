/* rf_error: diagnostics lists and single error values. */
#include "rf_error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_hash.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

void rf_diags_add(rf_diags *d, rf_severity sev, const char *file, int line, int column,
                  const char *path, const char *fmt, ...)
{
    if (sev == RF_SEV_ERROR)
        d->errors++;
    else if (sev == RF_SEV_WARNING)
        d->warnings++;
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? d->capacity * 2 : 16;
        rf_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->capacity = cap;
    }
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rf_diag *item = &d->items[d->count];
    item->severity = sev;
    item->file = dup_or_empty(file);
    item->line = line;
    item->column = column;
    item->path = dup_or_empty(path);
    item->message = dup_or_empty(message);
    if (!item->file || !item->path || !item->message) {
        free(item->file);
        free(item->path);
        free(item->message);
        return;
    }
    d->count++;
}

static int diag_cmp(const rf_diag *a, const rf_diag *b)
{
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return 0;
}

void rf_diags_sort(rf_diags *d)
{
    /* insertion sort: stable, and lists are short */
    for (size_t i = 1; i < d->count; i++) {
        rf_diag item = d->items[i];
        size_t j = i;
        while (j > 0 && diag_cmp(&d->items[j - 1], &item) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = item;
    }
}

void rf_diags_free(rf_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].path);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

rf_status rf_error_set(rf_error *err, rf_status status, const char *file, int line, int column,
                       const char *path, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

rf_status rf_error_from_diags(rf_error *err, const rf_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const rf_diag *x = &d->items[i];
        if (x->severity == RF_SEV_ERROR)
            return rf_error_set(err, RF_ERR_INPUT, x->file, x->line, x->column, x->path, "%s",
                                x->message);
    }
    if (d->errors)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
    return RF_OK;
}

char *rf_format_location(char *buf, size_t size, const char *file, int line, int column,
                         const char *path, const char *message)
{
    size_t n = 0;
    buf[0] = '\0';
#define APPEND(...)                                                                                \
    do {                                                                                           \
        if (n < size) {                                                                            \
            int w = snprintf(buf + n, size - n, __VA_ARGS__);                                      \
            if (w > 0)                                                                             \
                n += (size_t)w;                                                                    \
        }                                                                                          \
    } while (0)
    if (file && file[0] == '-' && file[1] == '-') {
        /* a command-line option, not a file: "--set PATH: MESSAGE" */
        APPEND("%s%s%s: %s", file, path && *path ? " " : "", path ? path : "",
               message ? message : "");
        return buf;
    }
    if (file && *file) {
        APPEND("%s:", file);
        if (line > 0) {
            APPEND("%d:", line);
            if (column > 0)
                APPEND("%d:", column);
        }
        APPEND(" ");
    }
    if (path && *path)
        APPEND("%s: ", path);
    APPEND("%s", message ? message : "");
#undef APPEND
    return buf;
}

/* The slot hash of a diagnostic, keyed by the set's key: messages quote
 * what files say (unknown keys, ids), so they could be crafted to collide
 * under an unkeyed hash and make the set quadratic. */
static uint64_t hash_diag(const rf_diag_set *set, const rf_diag *d)
{
    uint64_t h = rf_hash(set->key, d->message, strlen(d->message));
    h ^= rf_hash(set->key, d->path, strlen(d->path)) * 0x9E3779B97F4A7C15ULL;
    h ^= rf_hash(set->key, d->file, strlen(d->file)) * 0xC2B2AE3D27D4EB4FULL;
    uint64_t where = (uint64_t)(unsigned)d->line << 32 | (uint64_t)(unsigned)d->column;
    return h ^ rf_hash(set->key, &where, sizeof where) ^ (uint64_t)d->severity;
}

static bool same_diag(const rf_diag *x, const rf_diag *d)
{
    return x->severity == d->severity && x->line == d->line && x->column == d->column &&
           strcmp(x->file, d->file) == 0 && strcmp(x->path, d->path) == 0 &&
           strcmp(x->message, d->message) == 0;
}

bool rf_diag_set_add(rf_diag_set *set, const rf_diag *d)
{
    if (set->seen.count * 2 >= set->n_slots) {
        if (!set->n_slots)
            rf_hash_key(set->key);
        size_t n = set->n_slots ? set->n_slots * 2 : 64;
        size_t *slots = calloc(n, sizeof *slots);
        if (!slots)
            return true;
        for (size_t i = 0; i < set->seen.count; i++) {
            size_t k = hash_diag(set, &set->seen.items[i]) & (n - 1);
            while (slots[k])
                k = (k + 1) & (n - 1);
            slots[k] = i + 1;
        }
        free(set->slots);
        set->slots = slots;
        set->n_slots = n;
    }
    size_t k = hash_diag(set, d) & (set->n_slots - 1);
    for (; set->slots[k]; k = (k + 1) & (set->n_slots - 1)) {
        set->probes++;
        if (same_diag(&set->seen.items[set->slots[k] - 1], d))
            return false;
    }
    size_t before = set->seen.count;
    rf_diags_add(&set->seen, d->severity, d->file, d->line, d->column, d->path, "%s", d->message);
    if (set->seen.count > before)
        set->slots[k] = set->seen.count;
    return true;
}

void rf_diag_set_free(rf_diag_set *set)
{
    rf_diags_free(&set->seen);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

void rf_diags_dedupe(rf_diags *d)
{
    rf_diag_set set = {0};
    for (size_t i = 0; i < d->count; i++)
        rf_diag_set_add(&set, &d->items[i]);
    if (set.seen.count < d->count) {
        rf_diags_free(d);
        *d = set.seen;
        memset(&set.seen, 0, sizeof set.seen);
    }
    rf_diag_set_free(&set);
}
