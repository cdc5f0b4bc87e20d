/* rf_error: diagnostics lists and single error values. */
#include "rf_error.h"

#include <stdarg.h>
#include <stddef.h>
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
    char message[1024], message_zh[1536];
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(message, sizeof message, message_zh, sizeof message_zh, fmt, ap);
    va_end(ap);
    rf_diags_add_text(d, sev, file, line, column, path, message, message_zh);
}

void rf_diags_add_text(rf_diags *d, rf_severity sev, const char *file, int line, int column,
                       const char *path, const char *message, const char *message_zh)
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
    rf_diag *item = &d->items[d->count];
    item->severity = sev;
    item->file = dup_or_empty(file);
    item->line = line;
    item->column = column;
    item->path = dup_or_empty(path);
    item->message = dup_or_empty(message);
    item->message_zh = dup_or_empty(message_zh ? message_zh : message);
    if (!item->file || !item->path || !item->message || !item->message_zh) {
        free(item->file);
        free(item->path);
        free(item->message);
        free(item->message_zh);
        return;
    }
    d->count++;
}

void rf_diags_add_diag(rf_diags *d, const rf_diag *x)
{
    rf_diags_add_text(d, x->severity, x->file, x->line, x->column, x->path, x->message,
                      x->message_zh);
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
        free(d->items[i].message_zh);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

rf_status rf_error_set(rf_error *err, rf_status status, const char *file, int line, int column,
                       const char *path, const char *fmt, ...)
{
    if (!err)
        return status;
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(err->message, sizeof err->message, err->message_zh, sizeof err->message_zh, fmt,
                   ap);
    va_end(ap);
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    return status;
}

rf_status rf_error_set_text(rf_error *err, rf_status status, const char *file, int line, int column,
                            const char *path, const char *message, const char *message_zh)
{
    if (!err)
        return status;
    /* message may be err's own */
    char en[sizeof err->message], zh[sizeof err->message_zh];
    snprintf(en, sizeof en, "%s", message ? message : "");
    snprintf(zh, sizeof zh, "%s", message_zh ? message_zh : en);
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    memcpy(err->message, en, sizeof en);
    memcpy(err->message_zh, zh, sizeof zh);
    return status;
}

rf_status rf_error_from_diags(rf_error *err, const rf_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const rf_diag *x = &d->items[i];
        if (x->severity == RF_SEV_ERROR)
            return rf_error_set_text(err, RF_ERR_INPUT, x->file, x->line, x->column, x->path,
                                     x->message, x->message_zh);
    }
    if (d->errors)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
    return RF_OK;
}

/* ---- formatting in Chinese ---- */

/* One conversion of a format, from its '%' through its letter. */
typedef struct {
    const char *start;
    size_t len;
    int stars;      /* '*' width and precision: int arguments before the value */
    char length[3]; /* "", "hh", "h", "l", "ll", "z", "j", "t", "L" */
    char conv;
} conversion;

/* Past a width or precision at q: digits, or '*' (counted in stars). */
static const char *skip_count(const char *q, int *stars)
{
    if (*q == '*') {
        (*stars)++;
        return q + 1;
    }
    while (*q >= '0' && *q <= '9')
        q++;
    return q;
}

/* The next conversion of fmt at or after p ("%%" is text), or NULL when
 * there is none or it is malformed. */
static const char *next_conversion(const char *p, conversion *c)
{
    for (; (p = strchr(p, '%')); p += 2) {
        if (p[1] == '%')
            continue;
        const char *q = p + 1;
        c->start = p;
        c->stars = 0;
        while (*q && strchr("-+ #0'", *q))
            q++;
        q = skip_count(q, &c->stars);
        if (*q == '.')
            q = skip_count(q + 1, &c->stars);
        size_t l = 0;
        while (l < 2 && *q && strchr("hlzjtL", *q) && (l == 0 || *q == c->length[0]))
            c->length[l++] = *q++;
        c->length[l] = '\0';
        if (!*q || !strchr("diuxXocspfFeEgGaA", *q))
            return NULL;
        c->conv = *q++;
        c->len = (size_t)(q - p);
        return q;
    }
    return NULL;
}

/* The conversions of fmt as a string such as "s,zu,*d" into buf; false
 * when fmt has a conversion this module does not format. */
static bool arguments_of(const char *fmt, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    conversion c;
    const char *p = fmt;
    while ((p = next_conversion(p, &c))) {
        int w = snprintf(buf + n, size - n, "%.*s%s%c,", c.stars, "**", c.length, c.conv);
        if (w < 0 || (size_t)w >= size - n)
            return false;
        n += (size_t)w;
    }
    /* a '%' not followed by a conversion: malformed */
    for (const char *q = fmt; (q = strchr(q, '%')); q++) {
        if (q[1] == '%') {
            q++;
            continue;
        }
        if (!next_conversion(q, &c) || c.start != q)
            return false;
    }
    return true;
}

bool rf_msg_same_arguments(const char *a, const char *b)
{
    char x[256], y[256];
    return arguments_of(a, x, sizeof x) && arguments_of(b, y, sizeof y) && strcmp(x, y) == 0;
}

/* Whether the conversion at c is quoted in fmt ("%s" or “%s”): it then
 * quotes a user's text, which is never translated. */
static bool quoted(const char *fmt, const conversion *c)
{
    const char *after = c->start + c->len;
    if (c->start > fmt && (c->start[-1] == '"' || c->start[-1] == '\''))
        return *after == c->start[-1];
    return c->start - fmt >= 3 && memcmp(c->start - 3, "\xe2\x80\x9c", 3) == 0;
}

/* vsnprintf of fmt, except that an unquoted %s whose text the catalog
 * holds as a whole phrase (a type such as "an object", an expectation) is
 * given in Chinese.  Returns false (buf unspecified) when fmt has a
 * conversion it does not format. */
static bool vformat_zh(char *buf, size_t size, const char *fmt, va_list ap)
{
    size_t n = 0;
    buf[0] = '\0';
    const char *p = fmt;
    conversion c;
    for (;;) {
        const char *text = p;
        const char *q = next_conversion(p, &c);
        const char *text_end = q ? c.start : text + strlen(text);
        /* literal text, "%%" made '%' */
        for (const char *t = text; t < text_end && n + 1 < size; t++) {
            buf[n++] = *t;
            if (t[0] == '%' && t[1] == '%')
                t++;
        }
        buf[n] = '\0';
        if (!q)
            return true;
        char one[32];
        if (c.len >= sizeof one)
            return false;
        memcpy(one, c.start, c.len);
        one[c.len] = '\0';
        int star[2] = {0, 0};
        for (int k = 0; k < c.stars; k++)
            star[k] = va_arg(ap, int);
        char *out = buf + n;
        size_t room = size - n;
        int w = 0;
#define PUT(T, v)                                                                                  \
    do {                                                                                           \
        T value_ = (v);                                                                            \
        if (c.stars == 0)                                                                          \
            w = snprintf(out, room, one, value_);                                                  \
        else if (c.stars == 1)                                                                     \
            w = snprintf(out, room, one, star[0], value_);                                         \
        else                                                                                       \
            w = snprintf(out, room, one, star[0], star[1], value_);                                \
    } while (0)
        const char *l = c.length;
        switch (c.conv) {
        case 'd':
        case 'i':
            if (!strcmp(l, "l"))
                PUT(long, va_arg(ap, long));
            else if (!strcmp(l, "ll"))
                PUT(long long, va_arg(ap, long long));
            else if (!strcmp(l, "z"))
                PUT(ptrdiff_t, va_arg(ap, ptrdiff_t));
            else if (!strcmp(l, "j"))
                PUT(intmax_t, va_arg(ap, intmax_t));
            else if (!strcmp(l, "t"))
                PUT(ptrdiff_t, va_arg(ap, ptrdiff_t));
            else
                PUT(int, va_arg(ap, int));
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (!strcmp(l, "l"))
                PUT(unsigned long, va_arg(ap, unsigned long));
            else if (!strcmp(l, "ll"))
                PUT(unsigned long long, va_arg(ap, unsigned long long));
            else if (!strcmp(l, "z") || !strcmp(l, "t"))
                PUT(size_t, va_arg(ap, size_t));
            else if (!strcmp(l, "j"))
                PUT(uintmax_t, va_arg(ap, uintmax_t));
            else
                PUT(unsigned, va_arg(ap, unsigned));
            break;
        case 'c':
            PUT(int, va_arg(ap, int));
            break;
        case 'p':
            PUT(void *, va_arg(ap, void *));
            break;
        case 's': {
            const char *v = va_arg(ap, const char *);
            PUT(const char *, v && !quoted(fmt, &c) ? rf_msg_text_zh(v) : v);
            break;
        }
        default: /* floating point */
            if (!strcmp(l, "L"))
                PUT(long double, va_arg(ap, long double));
            else
                PUT(double, va_arg(ap, double));
            break;
        }
#undef PUT
        if (w > 0)
            n += (size_t)w < room ? (size_t)w : room - 1;
        p = q;
    }
}

const char *rf_msg_text_zh(const char *text)
{
    const char *zh = strchr(text, '%') ? NULL : rf_msg_zh(text);
    return zh ? zh : text;
}

void rf_msg_vformat(char *en, size_t en_size, char *zh, size_t zh_size, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    vsnprintf(en, en_size, fmt, ap);
    const char *zfmt = rf_msg_zh(fmt);
    if (!zfmt || !rf_msg_same_arguments(fmt, zfmt))
        zfmt = fmt;
    if (!vformat_zh(zh, zh_size, zfmt, again))
        snprintf(zh, zh_size, "%s", en);
    va_end(again);
}

void rf_msg_format(char *en, size_t en_size, char *zh, size_t zh_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(en, en_size, zh, zh_size, fmt, ap);
    va_end(ap);
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
    rf_diags_add_diag(&set->seen, d);
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
