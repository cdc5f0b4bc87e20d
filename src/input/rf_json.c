/* rf_json: reads JSON files with cJSON and records where every node was written. */
#include "rf_json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_file.h"

#include "rf_escape.h"

/* ---- the context: texts, file names, and a node -> location table ---- */

typedef struct {
    const cJSON *key; /* NULL: empty slot; TOMBSTONE: deleted */
    rf_json_loc loc;
} loc_slot;

#define TOMBSTONE ((const cJSON *)&tombstone_marker)
static const char tombstone_marker = 0;

struct rf_json_ctx {
    char **strings; /* file names and texts, freed with the context */
    size_t n_strings, cap_strings;
    const char **names; /* the interned file names: a hash set (a power of two) */
    size_t n_names, cap_names;
    loc_slot *slots;
    size_t cap_slots; /* a power of two */
    size_t used;      /* live + tombstones */
    /* The contexts of the trees this one's views share nodes with
     * (rf_json_share), asked for the locations it has not. */
    const rf_json_ctx **bases;
    size_t n_bases, cap_bases;
};

rf_json_ctx *rf_json_ctx_new(void)
{
    return calloc(1, sizeof(rf_json_ctx));
}

void rf_json_ctx_free(rf_json_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->n_strings; i++)
        free(ctx->strings[i]);
    free(ctx->strings);
    free(ctx->names);
    free(ctx->slots);
    free(ctx->bases);
    free(ctx);
}

/* Keeps s (malloc'd) until the context is freed; frees it and returns NULL
 * when out of memory. */
static char *keep(rf_json_ctx *ctx, char *s)
{
    if (!s)
        return NULL;
    if (ctx->n_strings == ctx->cap_strings) {
        size_t cap = ctx->cap_strings ? ctx->cap_strings * 2 : 16;
        char **v = realloc(ctx->strings, cap * sizeof *v);
        if (!v) {
            free(s);
            return NULL;
        }
        ctx->strings = v;
        ctx->cap_strings = cap;
    }
    ctx->strings[ctx->n_strings++] = s;
    return s;
}

static char *copy_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Returns the context's copy of a file name, adding it when new (a
 * workbook gives every cell a name of its own: a hash set, not a list). */
static const char *intern(rf_json_ctx *ctx, const char *file)
{
    if (!file)
        file = "";
    if ((ctx->n_names + 1) * 10 >= ctx->cap_names * 7) {
        size_t cap = ctx->cap_names ? ctx->cap_names * 2 : 64;
        const char **v = calloc(cap, sizeof *v);
        if (!v)
            return NULL;
        for (size_t i = 0; i < ctx->cap_names; i++)
            if (ctx->names[i]) {
                size_t j = hash_str(ctx->names[i]) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = ctx->names[i];
            }
        free(ctx->names);
        ctx->names = v;
        ctx->cap_names = cap;
    }
    size_t j = hash_str(file) & (ctx->cap_names - 1);
    for (; ctx->names[j]; j = (j + 1) & (ctx->cap_names - 1))
        if (strcmp(ctx->names[j], file) == 0)
            return ctx->names[j];
    const char *copy = keep(ctx, copy_bytes(file, strlen(file)));
    if (copy) {
        ctx->names[j] = copy;
        ctx->n_names++;
    }
    return copy;
}

static size_t hash_ptr(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33;
    x *= (uintptr_t)0xff51afd7ed558ccdULL;
    x ^= x >> 29;
    return (size_t)x;
}

/* Rehashes into a table at least twice as large, with room for `room` more
 * entries than it holds (live and deleted) at most 70 % full. */
static bool grow_slots(rf_json_ctx *ctx, size_t room)
{
    size_t cap = ctx->cap_slots ? ctx->cap_slots * 2 : 256;
    while ((ctx->used + room) * 10 >= cap * 7)
        cap *= 2;
    loc_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    size_t used = 0;
    for (size_t i = 0; i < ctx->cap_slots; i++) {
        const loc_slot *s = &ctx->slots[i];
        if (!s->key || s->key == TOMBSTONE)
            continue;
        size_t j = hash_ptr(s->key) & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
        used++;
    }
    free(ctx->slots);
    ctx->slots = slots;
    ctx->cap_slots = cap;
    ctx->used = used;
    return true;
}

static loc_slot *find_slot(const rf_json_ctx *ctx, const cJSON *node)
{
    if (!ctx->cap_slots || !node)
        return NULL;
    size_t j = hash_ptr(node) & (ctx->cap_slots - 1);
    while (ctx->slots[j].key) {
        if (ctx->slots[j].key == node)
            return &ctx->slots[j];
        j = (j + 1) & (ctx->cap_slots - 1);
    }
    return NULL;
}

/* Stores loc for node, replacing an older entry. */
static bool put_loc(rf_json_ctx *ctx, const cJSON *node, const rf_json_loc *loc)
{
    loc_slot *s = find_slot(ctx, node);
    if (s) {
        s->loc = *loc;
        return true;
    }
    if ((ctx->used + 1) * 10 >= ctx->cap_slots * 7 && !grow_slots(ctx, 1))
        return false;
    size_t j = hash_ptr(node) & (ctx->cap_slots - 1);
    while (ctx->slots[j].key && ctx->slots[j].key != TOMBSTONE)
        j = (j + 1) & (ctx->cap_slots - 1);
    if (!ctx->slots[j].key)
        ctx->used++;
    ctx->slots[j].key = node;
    ctx->slots[j].loc = *loc;
    return true;
}

const rf_json_loc *rf_json_loc_of(const rf_json_ctx *ctx, const cJSON *node)
{
    if (!ctx)
        return NULL;
    const loc_slot *s = find_slot(ctx, node);
    if (s)
        return &s->loc;
    for (size_t i = 0; node && i < ctx->n_bases; i++) {
        const rf_json_loc *loc = rf_json_loc_of(ctx->bases[i], node);
        if (loc)
            return loc;
    }
    return NULL;
}

bool rf_json_set_loc(rf_json_ctx *ctx, const cJSON *node, const char *file, int line, int column,
                     const char *text, size_t len)
{
    rf_json_loc loc = {0};
    loc.file = intern(ctx, file);
    loc.line = line;
    loc.column = column;
    if (text) {
        loc.text = keep(ctx, copy_bytes(text, len));
        if (!loc.text)
            return false;
        loc.len = len;
    }
    return loc.file && put_loc(ctx, node, &loc);
}

bool rf_json_set_label(rf_json_ctx *ctx, const cJSON *node, const char *label)
{
    loc_slot *s = find_slot(ctx, node);
    if (!s)
        return false;
    s->loc.label = label ? keep(ctx, copy_bytes(label, strlen(label))) : NULL;
    return !label || s->loc.label;
}

static void print_node(const rf_json_ctx *ctx, const cJSON *node, FILE *out, int depth)
{
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        bool obj = cJSON_IsObject(node);
        if (!node->child) {
            fputs(obj ? "{}" : "[]", out);
            return;
        }
        fputc(obj ? '{' : '[', out);
        for (const cJSON *c = node->child; c; c = c->next) {
            fprintf(out, "\n%*s", 2 * (depth + 1), "");
            if (obj) {
                rf_json_string(out, c->string, strlen(c->string));
                fputs(": ", out);
            }
            print_node(ctx, c, out, depth + 1);
            if (c->next)
                fputc(',', out);
        }
        fprintf(out, "\n%*s%c", 2 * depth, "", obj ? '}' : ']');
    } else if (cJSON_IsNumber(node)) {
        const rf_json_loc *loc = rf_json_loc_of(ctx, node);
        if (loc && loc->text)
            fwrite(loc->text, 1, loc->len, out);
        else if (node->valuedouble == floor(node->valuedouble) && fabs(node->valuedouble) < 1e15)
            fprintf(out, "%.0f", node->valuedouble);
        else
            fprintf(out, "%.17g", node->valuedouble);
    } else if (cJSON_IsString(node)) {
        rf_json_string(out, node->valuestring, strlen(node->valuestring));
    } else {
        fputs(cJSON_IsTrue(node) ? "true" : cJSON_IsFalse(node) ? "false" : "null", out);
    }
}

void rf_json_print(const rf_json_ctx *ctx, const cJSON *node, FILE *out)
{
    print_node(ctx, node, out, 0);
    fputc('\n', out);
}

bool rf_json_relocate(rf_json_ctx *ctx, const cJSON *node, const char *file, int line, int column)
{
    const char *f = intern(ctx, file);
    if (!f)
        return false;
    for (const cJSON *n = node; n; n = NULL) {
        loc_slot *s = find_slot(ctx, n);
        rf_json_loc loc = s ? s->loc : (rf_json_loc){0};
        loc.file = f;
        loc.line = line;
        loc.column = column;
        loc.key_line = loc.key_column = 0;
        if (!put_loc(ctx, n, &loc))
            return false;
        for (const cJSON *c = n->child; c; c = c->next)
            if (!rf_json_relocate(ctx, c, file, line, column))
                return false;
    }
    return true;
}

/* Makes to ask from for the locations it has not. */
static bool add_base(rf_json_ctx *to, const rf_json_ctx *from)
{
    for (size_t i = 0; i < to->n_bases; i++)
        if (to->bases[i] == from)
            return true;
    if (to->n_bases == to->cap_bases) {
        size_t cap = to->cap_bases ? to->cap_bases * 2 : 4;
        const rf_json_ctx **v = realloc(to->bases, cap * sizeof *v);
        if (!v)
            return false;
        to->bases = v;
        to->cap_bases = cap;
    }
    to->bases[to->n_bases++] = from;
    return true;
}

/* A view of node: a node of its own with node's type, value and name,
 * whose child list (and value string) is node's, shared.  cJSON_IsReference
 * keeps cJSON_Delete from freeing what is shared, cJSON_StringIsConst the
 * member name.  NULL when out of memory. */
static cJSON *view_of(const cJSON *node)
{
    cJSON *v = cJSON_CreateNull();
    if (!v)
        return NULL;
    v->type = node->type | cJSON_StringIsConst;
    if (cJSON_IsObject(node) || cJSON_IsArray(node) || node->valuestring)
        v->type |= cJSON_IsReference;
    v->child = node->child;
    v->valuestring = node->valuestring;
    v->valueint = node->valueint;
    v->valuedouble = node->valuedouble;
    v->string = node->string;
    return v;
}

cJSON *rf_json_share(rf_json_ctx *to, const rf_json_ctx *from, const cJSON *node)
{
    cJSON *v = node && add_base(to, from) ? view_of(node) : NULL;
    const rf_json_loc *loc = v ? rf_json_loc_of(from, node) : NULL;
    if (v && loc && !put_loc(to, v, loc)) {
        cJSON_Delete(v);
        return NULL;
    }
    return v;
}

bool rf_json_own(rf_json_ctx *ctx, cJSON *node)
{
    if (!node || !(node->type & cJSON_IsReference) ||
        !(cJSON_IsObject(node) || cJSON_IsArray(node)))
        return true;
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    if ((ctx->used + n) * 10 >= ctx->cap_slots * 7 && !grow_slots(ctx, n))
        return false;
    cJSON *first = NULL, *last = NULL;
    for (const cJSON *c = node->child; c; c = c->next) {
        cJSON *v = view_of(c);
        /* The shared nodes are located in to's bases (or nowhere). */
        const rf_json_loc *loc = v ? rf_json_loc_of(ctx, c) : NULL;
        if (!v || (loc && !put_loc(ctx, v, loc))) {
            cJSON_Delete(v);
            rf_json_delete(ctx, first);
            return false;
        }
        if (last) {
            last->next = v;
            v->prev = last;
        } else {
            first = v;
        }
        last = v;
    }
    if (first)
        first->prev = last; /* cJSON keeps the last element in the first's prev */
    node->child = first;
    node->type &= ~cJSON_IsReference;
    return true;
}

static void forget(rf_json_ctx *ctx, const cJSON *node)
{
    /* A view's children are shared: another tree's, located there. */
    for (const cJSON *c = node->type & cJSON_IsReference ? NULL : node->child; c; c = c->next)
        forget(ctx, c);
    loc_slot *s = find_slot(ctx, node);
    if (s)
        s->key = TOMBSTONE;
}

void rf_json_delete(rf_json_ctx *ctx, cJSON *node)
{
    if (!node)
        return;
    if (ctx)
        forget(ctx, node);
    cJSON_Delete(node);
}

/* ---- paths ---- */

static bool is_word(const char *key)
{
    if (!*key)
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return false;
    return true;
}

/* The common cases of rf_json_path_join (a plain-word key or an index)
 * when the whole path fits in buf: written straight into buf, without the
 * formatted printing that dominated reading a scenario.  Returns false,
 * writing nothing, when the general path must be taken. */
static bool path_join_fast(char *buf, size_t size, const char *pre, const char *key, size_t index)
{
    char digits[24];
    const char *tail = key;
    size_t tail_len, n_digits = 0;
    if (!key) {
        do
            digits[sizeof digits - 1 - n_digits++] = (char)('0' + index % 10);
        while ((index /= 10) != 0);
        tail = digits + sizeof digits - n_digits;
        tail_len = n_digits;
    } else if (is_word(key)) {
        tail_len = strlen(key);
    } else {
        return false;
    }
    size_t pre_len = strlen(pre);
    bool dot = key && pre_len > 0;
    size_t total = pre_len + dot + tail_len + (key ? 0 : 2);
    /* The general path cuts at 1023 characters, then at size - 1. */
    if (total >= size || total >= 1024)
        return false;
    memmove(buf, pre, pre_len);
    size_t n = pre_len;
    if (dot)
        buf[n++] = '.';
    if (!key)
        buf[n++] = '[';
    memcpy(buf + n, tail, tail_len);
    n += tail_len;
    if (!key)
        buf[n++] = ']';
    buf[n] = '\0';
    return true;
}

char *rf_json_path_join(char *buf, size_t size, const char *prefix, const char *key, size_t index)
{
    if (size > 0 && path_join_fast(buf, size, prefix ? prefix : "", key, index))
        return buf;
    char tmp[1024];
    size_t n = 0;
    const char *pre = prefix ? prefix : "";
    if (!key) {
        n = (size_t)snprintf(tmp, sizeof tmp, "%s[%zu]", pre, index);
    } else if (is_word(key)) {
        n = (size_t)snprintf(tmp, sizeof tmp, "%s%s%s", pre, *pre ? "." : "", key);
    } else {
        n = (size_t)snprintf(tmp, sizeof tmp, "%s[\"", pre);
        for (const char *p = key; *p && n + 4 < sizeof tmp; p++) {
            if (*p == '"' || *p == '\\')
                tmp[n++] = '\\';
            tmp[n++] = *p;
        }
        if (n + 3 < sizeof tmp) {
            tmp[n++] = '"';
            tmp[n++] = ']';
        }
        tmp[n < sizeof tmp ? n : sizeof tmp - 1] = '\0';
    }
    (void)n;
    snprintf(buf, size, "%s", tmp);
    return buf;
}

/* ---- positions in a text ---- */

/* A cursor that knows its line and column.  Columns count characters:
 * UTF-8 continuation bytes do not advance them; "\r\n", "\n" and a lone
 * "\r" end a line. */
typedef struct {
    const char *s;
    size_t len;
    size_t pos;
    int line;
    int col;
} cursor;

static void cursor_init(cursor *c, const char *s, size_t len)
{
    c->s = s;
    c->len = len;
    c->pos = 0;
    c->line = 1;
    c->col = 1;
}

static void advance(cursor *c)
{
    if (c->pos >= c->len)
        return;
    unsigned char ch = (unsigned char)c->s[c->pos++];
    if (ch == '\n' || (ch == '\r' && (c->pos >= c->len || c->s[c->pos] != '\n'))) {
        c->line++;
        c->col = 1;
    } else if (ch != '\r' && (ch & 0xC0) != 0x80) {
        c->col++;
    }
}

static void advance_to(cursor *c, size_t pos)
{
    while (c->pos < pos && c->pos < c->len)
        advance(c);
}

/* ---- checks before parsing: readable, not empty, UTF-8 without BOM ---- */

static void add_error(rf_diags *d, const char *file, int line, int col, const char *path,
                      const char *msg)
{
    rf_diags_add(d, RF_SEV_ERROR, file, line, col, path, "%s", msg);
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

/* Checks that text is UTF-8 without BOM or NUL; adds an error and returns
 * false otherwise. */
static bool check_encoding(const char *file, const char *text, size_t len, rf_diags *d)
{
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        add_error(d, file, 1, 1, NULL,
                  "the file starts with a byte order mark (BOM); save it as UTF-8 without BOM");
        return false;
    }
    cursor c;
    cursor_init(&c, text, len);
    size_t i = 0;
    while (i < len) {
        if (u[i] == 0) {
            advance_to(&c, i);
            add_error(d, file, c.line, c.col, NULL,
                      "NUL byte (0x00) in the file; a JSON file is text and cannot contain it");
            return false;
        }
        size_t n = utf8_len(u + i, len - i);
        if (n == 0) {
            advance_to(&c, i);
            rf_diags_add(d, RF_SEV_ERROR, file, c.line, c.col, NULL,
                         "invalid UTF-8: byte 0x%02X cannot appear here; the file may be "
                         "GBK-encoded: convert it with 'iconv -f GBK -t UTF-8'",
                         u[i]);
            return false;
        }
        i += n;
    }
    return true;
}

/* ---- the scanner: a strict JSON syntax check that records positions ---- */

/* One value of the document, in document order (the pre-order of the
 * cJSON tree). */
typedef struct {
    size_t off;
    int line, col;
    int key_line, key_col;
    size_t len; /* of a number's text */
} value_pos;

typedef struct {
    cursor c;
    value_pos *vals;
    size_t n_vals, cap_vals;
    size_t max_vals; /* the budget: RF_JSON_BYTES_PER_VALUE, RF_JSON_VALUES_EXTRA */
    int depth;
    bool failed;
    bool oom;
    int eline, ecol;
    char emsg[300];
    char emsg_zh[450]; /* emsg in Chinese */
} scanner;

/* Records the first syntax error, at cursor at. */
static void fail_at(scanner *s, const cursor *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(scanner *s, const cursor *at, const char *fmt, ...)
{
    if (s->failed)
        return;
    s->failed = true;
    s->eline = at->line;
    s->ecol = at->col;
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(s->emsg, sizeof s->emsg, s->emsg_zh, sizeof s->emsg_zh, fmt, ap);
    va_end(ap);
}

static int peek(const scanner *s)
{
    return s->c.pos < s->c.len ? (unsigned char)s->c.s[s->c.pos] : -1;
}

static void skip_ws(scanner *s)
{
    for (int ch = peek(s); ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; ch = peek(s))
        advance(&s->c);
}

/* Describes the character at the cursor for a message: "'x'", "end of file". */
static const char *describe_here(const scanner *s, char buf[16])
{
    int ch = peek(s);
    if (ch < 0)
        return "end of file";
    if (ch < 0x20) {
        snprintf(buf, 16, "byte 0x%02X", (unsigned)ch);
        return buf;
    }
    size_t n = utf8_len((const unsigned char *)s->c.s + s->c.pos, s->c.len - s->c.pos);
    if (n == 0)
        n = 1;
    buf[0] = '\'';
    memcpy(buf + 1, s->c.s + s->c.pos, n);
    buf[n + 1] = '\'';
    buf[n + 2] = '\0';
    return buf;
}

static bool starts(const scanner *s, const char *word)
{
    size_t n = strlen(word);
    return s->c.len - s->c.pos >= n && memcmp(s->c.s + s->c.pos, word, n) == 0;
}

static value_pos *new_value(scanner *s)
{
    if (s->n_vals == s->max_vals) {
        fail_at(s, &s->c,
                "more than %zu values in a file of %zu bytes; a JSON file may hold at most one "
                "value per %d bytes (and %d more), which bounds the memory it takes",
                s->max_vals, s->c.len, RF_JSON_BYTES_PER_VALUE, RF_JSON_VALUES_EXTRA);
        return NULL;
    }
    if (s->n_vals == s->cap_vals) {
        size_t cap = s->cap_vals ? s->cap_vals * 2 : 256;
        value_pos *v = realloc(s->vals, cap * sizeof *v);
        if (!v) {
            s->oom = true;
            s->failed = true;
            return NULL;
        }
        s->vals = v;
        s->cap_vals = cap;
    }
    value_pos *v = &s->vals[s->n_vals++];
    memset(v, 0, sizeof *v);
    v->off = s->c.pos;
    v->line = s->c.line;
    v->col = s->c.col;
    return v;
}

static bool is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

static int hex_value(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Reads \uXXXX at the cursor (after the backslash and 'u'); -1 if bad. */
static long read_hex4(scanner *s)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hex_value(peek(s));
        if (h < 0)
            return -1;
        v = v * 16 + h;
        advance(&s->c);
    }
    return v;
}

static void scan_string(scanner *s)
{
    cursor start = s->c;
    advance(&s->c); /* the opening quote */
    for (;;) {
        int ch = peek(s);
        if (ch < 0) {
            fail_at(s, &s->c,
                    "unexpected end of file inside a string that starts at line %d, column %d; "
                    "the string needs a closing '\"'",
                    start.line, start.col);
            return;
        }
        if (ch == '"') {
            advance(&s->c);
            return;
        }
        if (ch < 0x20) {
            fail_at(s, &s->c,
                    "control character U+%04X in a string; write it as an escape such as "
                    "\\n, \\t or \\u%04X (or close the string on its line)",
                    (unsigned)ch, (unsigned)ch);
            return;
        }
        if (ch != '\\') {
            advance(&s->c);
            continue;
        }
        cursor esc = s->c;
        advance(&s->c);
        ch = peek(s);
        if (ch == 'u') {
            advance(&s->c);
            long v = read_hex4(s);
            if (v < 0) {
                fail_at(s, &esc, "invalid \\u escape: expected four hexadecimal digits");
                return;
            }
            if (v == 0) {
                /* C strings end at a NUL: "S01\u0000x" would be read as "S01". */
                fail_at(s, &esc, "\\u0000 (NUL) in a string; text may not hold a NUL");
                return;
            }
            if (v >= 0xDC00 && v <= 0xDFFF) {
                fail_at(s, &esc, "invalid \\u escape: a lone low surrogate");
                return;
            }
            if (v >= 0xD800 && v <= 0xDBFF) {
                long lo = -1;
                if (peek(s) == '\\') {
                    advance(&s->c);
                    if (peek(s) == 'u') {
                        advance(&s->c);
                        lo = read_hex4(s);
                    }
                }
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    fail_at(s, &esc,
                            "invalid \\u escape: a high surrogate must be followed by a low "
                            "surrogate \\uDC00-\\uDFFF");
                    return;
                }
            }
            continue;
        }
        if (ch >= 0 && strchr("\"\\/bfnrt", ch) && ch != 0) {
            advance(&s->c);
            continue;
        }
        fail_at(s, &esc,
                "invalid escape in a string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and "
                "\\uXXXX");
        return;
    }
}

static void scan_number(scanner *s, value_pos *v)
{
    cursor start = s->c;
    if (peek(s) == '-')
        advance(&s->c);
    if (peek(s) == '0') {
        advance(&s->c);
        if (is_digit(peek(s))) {
            fail_at(s, &start, "invalid number: leading zeros are not allowed in JSON");
            return;
        }
    } else if (is_digit(peek(s))) {
        while (is_digit(peek(s)))
            advance(&s->c);
    } else {
        if (starts(s, "Infinity"))
            fail_at(s, &start, "-Infinity is not JSON; write a number or null");
        else
            fail_at(s, &start, "invalid number: a JSON number is -?DIGITS[.DIGITS][e[+-]DIGITS]");
        return;
    }
    if (peek(s) == '.') {
        advance(&s->c);
        if (!is_digit(peek(s))) {
            fail_at(s, &start, "invalid number: a decimal point must be followed by digits");
            return;
        }
        while (is_digit(peek(s)))
            advance(&s->c);
    }
    if (peek(s) == 'e' || peek(s) == 'E') {
        advance(&s->c);
        if (peek(s) == '+' || peek(s) == '-')
            advance(&s->c);
        if (!is_digit(peek(s))) {
            fail_at(s, &start, "invalid number: an exponent needs digits");
            return;
        }
        while (is_digit(peek(s)))
            advance(&s->c);
    }
    v->len = s->c.pos - v->off;
}

static void scan_value(scanner *s, int key_line, int key_col);

/* Scans the members of an object or the elements of an array; the cursor
 * is on the opening bracket. */
static void scan_container(scanner *s, bool object)
{
    char close = object ? '}' : ']';
    char buf[16];
    if (++s->depth > RF_JSON_MAX_DEPTH) {
        fail_at(s, &s->c, "nesting too deep: more than %d levels of arrays and objects",
                RF_JSON_MAX_DEPTH);
        return;
    }
    advance(&s->c);
    skip_ws(s);
    if (peek(s) == close) {
        advance(&s->c);
        s->depth--;
        return;
    }
    for (;;) {
        int key_line = 0, key_col = 0;
        if (object) {
            if (peek(s) != '"') {
                const char *what = describe_here(s, buf);
                if (peek(s) < 0)
                    fail_at(s, &s->c,
                            "unexpected end of file: the JSON is truncated; expected a member "
                            "name in double quotes");
                else if (peek(s) == '}')
                    fail_at(s, &s->c,
                            "a trailing comma before '}' is not allowed in JSON; remove it");
                else
                    fail_at(s, &s->c,
                            "invalid JSON: unexpected %s; expected a member name in double quotes",
                            what);
                return;
            }
            key_line = s->c.line;
            key_col = s->c.col;
            scan_string(s);
            if (s->failed)
                return;
            skip_ws(s);
            if (peek(s) != ':') {
                if (peek(s) < 0)
                    fail_at(s, &s->c,
                            "unexpected end of file: the JSON is truncated; expected ':'");
                else
                    fail_at(s, &s->c,
                            "invalid JSON: unexpected %s; expected ':' after the member name",
                            describe_here(s, buf));
                return;
            }
            advance(&s->c);
            skip_ws(s);
        } else if (peek(s) == ']') {
            fail_at(s, &s->c, "a trailing comma before ']' is not allowed in JSON; remove it");
            return;
        }
        scan_value(s, key_line, key_col);
        if (s->failed)
            return;
        skip_ws(s);
        int ch = peek(s);
        if (ch == ',') {
            advance(&s->c);
            skip_ws(s);
            continue;
        }
        if (ch == close) {
            advance(&s->c);
            s->depth--;
            return;
        }
        if (ch < 0)
            fail_at(s, &s->c, "unexpected end of file: the JSON is truncated; expected ',' or '%c'",
                    close);
        else
            fail_at(s, &s->c, "invalid JSON: unexpected %s; expected ',' or '%c'",
                    describe_here(s, buf), close);
        return;
    }
}

static void scan_value(scanner *s, int key_line, int key_col)
{
    char buf[16];
    value_pos *v = new_value(s);
    if (!v)
        return;
    v->key_line = key_line;
    v->key_col = key_col;
    int ch = peek(s);
    if (ch == '{' || ch == '[') {
        scan_container(s, ch == '{');
    } else if (ch == '"') {
        scan_string(s);
    } else if (ch == '-' || is_digit(ch)) {
        scan_number(s, v);
    } else if (starts(s, "true") || starts(s, "false") || starts(s, "null")) {
        size_t n = ch == 'f' ? 5 : 4;
        for (size_t k = 0; k < n; k++)
            advance(&s->c);
    } else if (starts(s, "NaN") || starts(s, "Infinity") || starts(s, "+Infinity")) {
        fail_at(s, &s->c, "NaN and Infinity are not JSON; write a number or null");
    } else if (ch == '+') {
        fail_at(s, &s->c, "invalid number: JSON numbers have no '+' sign");
    } else if (ch == '\'') {
        fail_at(s, &s->c, "invalid JSON: strings are written in double quotes, not '");
    } else if (ch < 0) {
        fail_at(s, &s->c, "unexpected end of file: the JSON is truncated; expected a value");
    } else {
        fail_at(s, &s->c,
                "invalid JSON: unexpected %s; expected a value (object, array, string, number, "
                "true, false or null)",
                describe_here(s, buf));
    }
}

/* Scans a whole document: one value and nothing after it. */
static void scan_document(scanner *s)
{
    skip_ws(s);
    if (peek(s) < 0) {
        fail_at(s, &s->c, "the file holds no JSON value; expected an object");
        return;
    }
    scan_value(s, 0, 0);
    if (s->failed)
        return;
    skip_ws(s);
    if (peek(s) >= 0)
        fail_at(s, &s->c, "trailing data after the JSON value; a file holds exactly one value");
}

/* ---- joining the scanner's positions to the cJSON tree ---- */

typedef struct {
    rf_json_ctx *ctx;
    const char *file; /* interned */
    const char *text; /* the context's copy */
    const value_pos *vals;
    size_t n_vals, next;
    rf_diags *diags;
    bool ok;
} joiner;

static int key_cmp(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    int c = strcmp(x->string, y->string);
    if (c)
        return c;
    return 0; /* the caller finds the earliest of equal names itself */
}

/* The JSON path of a node being joined, written out only when a message
 * needs it (most files have none): its parent's link and its member name,
 * or its index in an array when key is NULL.  The root has no link. */
typedef struct path_link {
    const struct path_link *parent;
    const char *key;
    size_t index;
} path_link;

/* Writes the path of at into buf[512], joined one step at a time. */
static char *path_text(const path_link *at, char *buf)
{
    if (!at) {
        buf[0] = '\0';
        return buf;
    }
    char parent[512];
    return rf_json_path_join(buf, 512, path_text(at->parent, parent), at->key, at->index);
}

/* Reports every member name of obj given more than once, at the later one;
 * at is obj's path. */
static void check_duplicates(joiner *j, const cJSON *obj, const path_link *at)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n++;
    if (n < 2)
        return;
    const cJSON **v = malloc(n * sizeof *v);
    if (!v) {
        j->ok = false;
        return;
    }
    size_t k = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        v[k++] = c;
    /* Sort by name (insertion sort for small objects, else qsort); the
     * earliest of a run of equal names is found by position below. */
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            const cJSON *x = v[i];
            size_t m = i;
            while (m > 0 && strcmp(v[m - 1]->string, x->string) > 0) {
                v[m] = v[m - 1];
                m--;
            }
            v[m] = x;
        }
    } else {
        qsort(v, n, sizeof *v, key_cmp);
    }
    for (size_t i = 0; i < n;) {
        size_t e = i + 1;
        while (e < n && strcmp(v[e]->string, v[i]->string) == 0)
            e++;
        if (e - i > 1) {
            /* The first in document order is the earliest key position. */
            const rf_json_loc *first = rf_json_loc_of(j->ctx, v[i]);
            for (size_t m = i + 1; m < e; m++) {
                const rf_json_loc *l = rf_json_loc_of(j->ctx, v[m]);
                if (l && first &&
                    (l->key_line < first->key_line ||
                     (l->key_line == first->key_line && l->key_column < first->key_column)))
                    first = l;
            }
            for (size_t m = i; m < e; m++) {
                const rf_json_loc *l = rf_json_loc_of(j->ctx, v[m]);
                if (!l || !first || l == first)
                    continue;
                char path[512], p[512];
                rf_json_path_join(p, sizeof p, path_text(at, path), v[m]->string, 0);
                rf_diags_add(j->diags, RF_SEV_ERROR, j->file, l->key_line, l->key_column, p,
                             "duplicate key \"%s\"; it is already given at line %d, column %d",
                             v[m]->string, first->key_line, first->key_column);
            }
        }
        i = e;
    }
    free(v);
}

/* Gives node (and its subtree) the next recorded positions; at is the
 * JSON path of node. */
static void join(joiner *j, const cJSON *node, const path_link *at)
{
    if (j->next >= j->n_vals) {
        j->ok = false;
        return;
    }
    const value_pos *vp = &j->vals[j->next++];
    rf_json_loc loc = {j->file, vp->line, vp->col, vp->key_line, vp->key_col, NULL, 0};
    if (cJSON_IsNumber(node)) {
        loc.text = j->text + vp->off;
        loc.len = vp->len;
        if (!isfinite(node->valuedouble)) {
            char path[512];
            rf_diags_add(j->diags, RF_SEV_ERROR, j->file, vp->line, vp->col, path_text(at, path),
                         "number out of range: %.*s is too large for any amount or count",
                         (int)(vp->len > 40 ? 40 : vp->len), loc.text);
        }
    }
    if (!put_loc(j->ctx, node, &loc)) {
        j->ok = false;
        return;
    }
    path_link child = {at, NULL, 0};
    for (const cJSON *c = node->child; c && j->ok; c = c->next, child.index++) {
        child.key = cJSON_IsObject(node) ? c->string : NULL;
        join(j, c, &child);
    }
    if (cJSON_IsObject(node) && j->ok)
        check_duplicates(j, node, at);
}

/* Line and column of byte offset pos in text. */
static void position_of(const char *text, size_t len, size_t pos, int *line, int *col)
{
    cursor c;
    cursor_init(&c, text, len);
    advance_to(&c, pos);
    *line = c.line;
    *col = c.col;
}

cJSON *rf_json_parse(rf_json_ctx *ctx, const char *file, const char *text, size_t len,
                     rf_diags *diags)
{
    const char *f = intern(ctx, file);
    char *copy = keep(ctx, copy_bytes(text, len));
    if (!f || !copy) {
        add_error(diags, file, 0, 0, NULL, "out of memory");
        return NULL;
    }
    if (!check_encoding(file, copy, len, diags))
        return NULL;
    scanner s;
    memset(&s, 0, sizeof s);
    cursor_init(&s.c, copy, len);
    s.max_vals = len / RF_JSON_BYTES_PER_VALUE + RF_JSON_VALUES_EXTRA;
    /* The scanner first: it checks the strict grammar (cJSON accepts a few
     * things JSON does not, such as "01"), explains a failure, finds every
     * node's position and holds the number of values to the budget before
     * cJSON builds the tree. */
    const char *end = NULL;
    cJSON *root = NULL;
    scan_document(&s);
    if (!s.failed)
        root = cJSON_ParseWithOpts(copy, &end, 1);
    if (s.oom) {
        add_error(diags, file, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if (s.failed) {
        rf_diags_add_text(diags, RF_SEV_ERROR, f, s.eline, s.ecol, NULL, s.emsg, s.emsg_zh);
        goto fail;
    }
    if (!root) {
        int line = 0, col = 0;
        const char *err = end ? end : cJSON_GetErrorPtr();
        if (err && err >= copy && err <= copy + len)
            position_of(copy, len, (size_t)(err - copy), &line, &col);
        add_error(diags, f, line, col, NULL, "invalid JSON: the parser stopped here");
        goto fail;
    }
    /* One table of the final size rather than a rehash at every doubling
     * (when this fails, put_loc tries again and reports it). */
    if ((ctx->used + s.n_vals) * 10 >= ctx->cap_slots * 7)
        grow_slots(ctx, s.n_vals);
    joiner j = {ctx, f, copy, s.vals, s.n_vals, 0, diags, true};
    size_t before = diags->errors;
    join(&j, root, NULL);
    if (!j.ok || j.next != j.n_vals) {
        add_error(diags, f, 0, 0, NULL,
                  j.ok ? "internal error: positions do not match the parsed tree"
                       : "out of memory");
        goto fail;
    }
    free(s.vals);
    if (diags->errors != before) {
        rf_json_delete(ctx, root);
        return NULL;
    }
    return root;
fail:
    free(s.vals);
    rf_json_delete(ctx, root);
    return NULL;
}

cJSON *rf_json_read_file(rf_json_ctx *ctx, const char *path, rf_diags *diags)
{
    rf_error err = {0};
    size_t n = 0;
    char *buf = rf_file_read(path, "a JSON file", RF_JSON_MAX_FILE, &n, NULL, &err);
    if (!buf) {
        rf_diags_add_text(diags, RF_SEV_ERROR, path, 0, 0, NULL, err.message, err.message_zh);
        return NULL;
    }
    if (n == 0) {
        add_error(diags, path, 0, 0, NULL, "the file is empty; expected a JSON object");
        free(buf);
        return NULL;
    }
    cJSON *root = rf_json_parse(ctx, path, buf, n, diags);
    free(buf);
    return root;
}
