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
    memset(w, 0, sizeof *w);
    w->out = out;
}

void rf_jw_document(rf_jw *w, FILE *out, const char *format)
{
    rf_jw_begin(w, out);
    rf_jw_object(w, NULL, &RF_JW_TOP);
    rf_jw_string(w, "format", format);
}

/* Output assembled before one write: a member's separator, key and value
 * usually fit, so a member costs one write to the stream. */
typedef struct {
    char buf[256];
    size_t n;
} piece;

/* Writes what p holds and empties it. */
static void flush(FILE *out, piece *p)
{
    fwrite(p->buf, 1, p->n, out);
    p->n = 0;
}

/* Appends len bytes of s to p, or writes both when they do not fit. */
static void append(FILE *out, piece *p, const char *s, size_t len)
{
    if (len > sizeof p->buf - p->n) {
        flush(out, p);
        fwrite(s, 1, len, out);
        return;
    }
    memcpy(p->buf + p->n, s, len);
    p->n += len;
}

/* Appends s as a JSON string through the one escaper. */
static void append_string(FILE *out, piece *p, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) {
            flush(out, p);
            rf_json_string(out, s, len);
            return;
        }
    }
    /* No byte needs an escape: as it is, quoted (rf_json_string's form). */
    append(out, p, "\"", 1);
    append(out, p, s, len);
    append(out, p, "\"", 1);
}

/* Starts a member in p: the comma and white space before it, then its key. */
static void member(rf_jw *w, const char *key, piece *p)
{
    p->n = 0;
    if (w->depth == 0)
        return;
    int k = w->depth - 1;
    const rf_jw_layout *l = w->layout[k];
    const char *ws = l->first;
    if (w->any[k]) {
        append(w->out, p, ",", 1);
        ws = w->next_sep ? w->next_sep : l->sep;
    }
    append(w->out, p, ws, strlen(ws));
    w->any[k] = true;
    w->next_sep = NULL;
    if (key) {
        append_string(w->out, p, key, strlen(key));
        append(w->out, p, l->colon, strlen(l->colon));
    }
}

static void open_container(rf_jw *w, const char *key, const rf_jw_layout *layout, char open,
                           char close)
{
    if (w->depth == RF_JW_MAX_DEPTH)
        return;
    piece p;
    member(w, key, &p);
    append(w->out, &p, &open, 1);
    flush(w->out, &p);
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
    piece p = {.n = 0};
    const char *ws = w->any[k] ? w->layout[k]->last : w->layout[k]->empty;
    append(w->out, &p, ws, strlen(ws));
    append(w->out, &p, &w->close[k], 1);
    flush(w->out, &p);
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
    piece p;
    member(w, key, &p);
    append_string(w->out, &p, s, n);
    flush(w->out, &p);
}

void rf_jw_int(rf_jw *w, const char *key, int64_t v)
{
    /* Digits by hand, not snprintf: a plan writes thousands of counts. */
    char buf[24];
    size_t at = sizeof buf - 1;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    buf[at] = '\0';
    do {
        buf[--at] = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    if (v < 0)
        buf[--at] = '-';
    rf_jw_raw(w, key, buf + at);
}

void rf_jw_yuan(rf_jw *w, const char *key, rf_fen fen)
{
    char buf[40];
    rf_jw_raw(w, key, rf_fen_yuan(buf, fen, false));
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
    piece p;
    member(w, key, &p);
    append(w->out, &p, text, strlen(text));
    flush(w->out, &p);
}

void rf_jw_rawf(rf_jw *w, const char *key, const char *fmt, ...)
{
    piece p;
    member(w, key, &p);
    flush(w->out, &p);
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
    fputc('\n', w->out);
    return ferror(w->out) ? RF_ERR_OUTPUT : RF_OK;
}
