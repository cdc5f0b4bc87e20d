/* rf_jw: the one JSON writer; see rf_jw.h. */
#include "rf_jw.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "rf_escape.h"

const rf_jw_layout RF_JW_INLINE = {"", " ", "", "", ": "};
const rf_jw_layout RF_JW_TIGHT = {"", "", "", "", ":"};
const rf_jw_layout RF_JW_TOP = {"\n  ", "\n  ", "\n", "", ": "};
const rf_jw_layout RF_JW_LINES = {"\n    ", "\n    ", "", "", ": "};
const rf_jw_layout RF_JW_BLOCK = {"\n    ", "\n    ", "\n  ", "\n  ", ": "};

void rf_jw_begin(rf_jw *w, FILE *out)
{
    /* Not the buffer: only what was written to it is read. */
    w->out = out;
    w->depth = 0;
    w->next_sep = NULL;
    w->n = 0;
}

void rf_jw_document(rf_jw *w, FILE *out, const char *format)
{
    rf_jw_begin(w, out);
    rf_jw_object(w, NULL, &RF_JW_TOP);
    rf_jw_string(w, "format", format);
}

/* Hands what the buffer holds to the stream. */
static void flush(rf_jw *w)
{
    fwrite(w->buf, 1, w->n, w->out);
    w->n = 0;
}

/* Where the next len (at most RF_JW_BUF) bytes go: the buffer is handed to
 * the stream first when they would not fit. */
static char *room(rf_jw *w, size_t len)
{
    if (len > RF_JW_BUF - w->n)
        flush(w);
    return w->buf + w->n;
}

/* Appends len bytes of s. */
static void put(rf_jw *w, const char *s, size_t len)
{
    if (len > RF_JW_BUF - w->n) {
        flush(w);
        if (len > RF_JW_BUF) {
            fwrite(s, 1, len, w->out);
            return;
        }
    }
    memcpy(w->buf + w->n, s, len);
    w->n += len;
}

static void put_char(rf_jw *w, char c)
{
    if (w->n == RF_JW_BUF)
        flush(w);
    w->buf[w->n++] = c;
}

/* Appends a short text: a layout's white space or colon. */
static void put_text(rf_jw *w, const char *s)
{
    size_t n = w->n; /* kept out of the buffer's stores, which may alias it */
    for (; *s; s++) {
        if (n == RF_JW_BUF) {
            w->n = n;
            flush(w);
            n = 0;
        }
        w->buf[n++] = *s;
    }
    w->n = n;
}

/* Sixteen bytes, compared all at once (SSE2 on x86-64, NEON on ARM). */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* True when one of the sixteen bytes of x is one rf_json_string escapes:
 * a control character (below 0x20, or DEL), '"' or '\'. */
static bool needs_escape16(bytes16 x)
{
    __typeof__(x < 0x20) hit = (x < 0x20) | (x == '"') | (x == '\\') | (x == 0x7F);
    uint64_t half[2];
    memcpy(half, &hit, sizeof half);
    return (half[0] | half[1]) != 0;
}

/* True when none of the n bytes at s is one rf_json_string escapes. */
static bool plain(const char *s, size_t n)
{
    bytes16 x;
    if (n < 8) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F)
                return false;
        }
        return true;
    }
    if (n < 16) {
        /* The first eight and the last eight, overlapping. */
        memcpy(&x, s, 8);
        memcpy((char *)&x + 8, s + n - 8, 8);
        return !needs_escape16(x);
    }
    /* Sixteen at a time, the last sixteen read whole (overlapping). */
    for (size_t i = 0; i + 16 < n; i += 16) {
        memcpy(&x, s + i, 16);
        if (needs_escape16(x))
            return false;
    }
    memcpy(&x, s + n - 16, 16);
    return !needs_escape16(x);
}

/* Appends s as a JSON string in rf_json_string's form: through it when a
 * byte needs an escape, else as it is, quoted. */
static void put_string(rf_jw *w, const char *s, size_t len)
{
    if (!plain(s, len)) {
        flush(w);
        rf_json_string(w->out, s, len);
        return;
    }
    if (len + 2 <= RF_JW_BUF - w->n) {
        char *d = w->buf + w->n;
        d[0] = '"';
        memcpy(d + 1, s, len);
        d[len + 1] = '"';
        w->n += len + 2;
        return;
    }
    put_char(w, '"');
    put(w, s, len);
    put_char(w, '"');
}

/* Starts a member: the comma and white space before it, then its key. */
static void member(rf_jw *w, const char *key)
{
    if (w->depth == 0)
        return;
    int k = w->depth - 1;
    const rf_jw_layout *l = w->layout[k];
    const char *ws = l->first;
    if (w->any[k]) {
        put_char(w, ',');
        ws = w->next_sep ? w->next_sep : l->sep;
    }
    put_text(w, ws);
    w->any[k] = true;
    w->next_sep = NULL;
    if (key) {
        put_string(w, key, strlen(key));
        put_text(w, l->colon);
    }
}

static void open_container(rf_jw *w, const char *key, const rf_jw_layout *layout, char open,
                           char close)
{
    if (w->depth == RF_JW_MAX_DEPTH)
        return;
    member(w, key);
    put_char(w, open);
    w->layout[w->depth] = layout;
    w->close[w->depth] = close;
    w->any[w->depth] = false;
    w->depth++;
}

void rf_jw_object(rf_jw *w, const char *key, const rf_jw_layout *layout)
{
    open_container(w, key, layout, '{', '}');
}

void rf_jw_array(rf_jw *w, const char *key, const rf_jw_layout *layout)
{
    open_container(w, key, layout, '[', ']');
}

void rf_jw_end(rf_jw *w)
{
    if (w->depth == 0)
        return;
    int k = --w->depth;
    put_text(w, w->any[k] ? w->layout[k]->last : w->layout[k]->empty);
    put_char(w, w->close[k]);
    w->next_sep = NULL;
}

void rf_jw_string(rf_jw *w, const char *key, const char *s)
{
    if (!s) {
        rf_jw_null(w, key);
        return;
    }
    rf_jw_string_n(w, key, s, strlen(s));
}

void rf_jw_string_n(rf_jw *w, const char *key, const char *s, size_t n)
{
    member(w, key);
    put_string(w, s, n);
}

/* Numbers are formatted straight into the buffer (40 bytes at most). */

void rf_jw_int(rf_jw *w, const char *key, int64_t v)
{
    member(w, key);
    w->n += rf_count_text_n(room(w, 40), v, false);
}

void rf_jw_yuan(rf_jw *w, const char *key, rf_fen fen)
{
    member(w, key);
    w->n += rf_fen_yuan_n(room(w, 40), fen, false);
}

void rf_jw_bool(rf_jw *w, const char *key, bool v)
{
    rf_jw_raw(w, key, v ? "true" : "false");
}

void rf_jw_null(rf_jw *w, const char *key)
{
    rf_jw_raw(w, key, "null");
}

void rf_jw_raw(rf_jw *w, const char *key, const char *text)
{
    member(w, key);
    put(w, text, strlen(text));
}

void rf_jw_rawf(rf_jw *w, const char *key, const char *fmt, ...)
{
    member(w, key);
    flush(w);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(w->out, fmt, ap);
    va_end(ap);
}

void rf_jw_sep(rf_jw *w, const char *ws)
{
    w->next_sep = ws;
}

rf_status rf_jw_finish(rf_jw *w)
{
    while (w->depth > 0)
        rf_jw_end(w);
    put_char(w, '\n');
    flush(w);
    return ferror(w->out) ? RF_ERR_OUTPUT : RF_OK;
}
