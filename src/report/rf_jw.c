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

/* Starts a member: the comma and white space before it, then its key. */
static void member(rf_jw *w, const char *key)
{
    if (w->depth == 0)
        return;
    int k = w->depth - 1;
    const rf_jw_layout *l = w->layout[k];
    if (w->any[k]) {
        fputc(',', w->out);
        fputs(w->next_sep ? w->next_sep : l->sep, w->out);
    } else {
        fputs(l->first, w->out);
    }
    w->any[k] = true;
    w->next_sep = NULL;
    if (key) {
        rf_json_string(w->out, key, strlen(key));
        fputs(l->colon, w->out);
    }
}

static void open_container(rf_jw *w, const char *key, const rf_jw_layout *layout, char open,
                           char close)
{
    if (w->depth == RF_JW_MAX_DEPTH)
        return;
    member(w, key);
    fputc(open, w->out);
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
    fputs(w->any[k] ? w->layout[k]->last : w->layout[k]->empty, w->out);
    fputc(w->close[k], w->out);
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
    rf_json_string(w->out, s, n);
}

void rf_jw_int(rf_jw *w, const char *key, int64_t v)
{
    member(w, key);
    fprintf(w->out, "%" PRId64, v);
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
    member(w, key);
    fputs(text, w->out);
}

void rf_jw_rawf(rf_jw *w, const char *key, const char *fmt, ...)
{
    member(w, key);
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
