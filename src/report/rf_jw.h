/* rf_jw: the one JSON writer: every JSON document relocfund writes goes through it.
 *
 * A streaming writer over a FILE: it places the commas, the keys and the
 * white space of a layout the caller chooses for each object or array, and
 * writes every string in rf_json_string's form (rf_escape.h), the one
 * escape form.  It allocates nothing and borrows the stream: it gathers
 * what it writes in a buffer of its own (RF_JW_BUF bytes, in the writer)
 * and hands it to the stream when that is full, so the stream holds the
 * whole document only after rf_jw_finish.  Like the escaping helpers it
 * reports only the stream's state, once, at rf_jw_finish.
 *
 * Keys are strings like any other (some are ids from the files); a member
 * of an array takes key NULL. */
#ifndef RF_JW_H
#define RF_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rf_error.h"
#include "rf_money.h"

/* Where a container puts its white space: `first` after the opening
 * bracket, `sep` after each comma, `last` before the closing bracket (none
 * of the three when it is empty: then `empty` stands between the
 * brackets), `colon` after each key. */
typedef struct {
    const char *first, *sep, *last, *empty, *colon;
} rf_jw_layout;

/* Members on one line, ", " between them: {"a": 1, "b": 2}. */
extern const rf_jw_layout RF_JW_INLINE;
/* No white space at all: {"a":1,"b":2}. */
extern const rf_jw_layout RF_JW_TIGHT;
/* A document's top level: a member a line, two spaces in. */
extern const rf_jw_layout RF_JW_TOP;
/* A member of the top level with an element a line, four spaces in, and
 * the closing bracket right after the last ("[\n    1,\n    2]"). */
extern const rf_jw_layout RF_JW_LINES;
/* The same with the closing bracket on a line of its own ("[\n    1\n  ]";
 * empty: "[\n  ]"). */
extern const rf_jw_layout RF_JW_BLOCK;

enum { RF_JW_MAX_DEPTH = 16, RF_JW_BUF = 8192 };

typedef struct {
    FILE *out;
    int depth;
    const rf_jw_layout *layout[RF_JW_MAX_DEPTH];
    char close[RF_JW_MAX_DEPTH]; /* '}' or ']' */
    bool any[RF_JW_MAX_DEPTH];   /* the container has a member already */
    const char *next_sep;        /* white space after the next comma, instead of the layout's */
    size_t n;                    /* bytes in buf not yet written to out */
    char buf[RF_JW_BUF];
} rf_jw;

/* Starts a document on out; its top-level value is opened with
 * rf_jw_object or rf_jw_array (key NULL). */
void rf_jw_begin(rf_jw *w, FILE *out);

/* Starts a document on out as every relocfund JSON document starts: the
 * top-level object (RF_JW_TOP) with "format" first. */
void rf_jw_document(rf_jw *w, FILE *out, const char *format);

/* Opens an object or array as the member key of the enclosing object (key
 * NULL: an element of an array, or the top-level value), laid out by
 * layout (borrowed until it is closed).  At most RF_JW_MAX_DEPTH deep. */
void rf_jw_object(rf_jw *w, const char *key, const rf_jw_layout *layout);
void rf_jw_array(rf_jw *w, const char *key, const rf_jw_layout *layout);
/* Closes the innermost open object or array. */
void rf_jw_end(rf_jw *w);

/* Members.  rf_jw_string writes NULL as null; rf_jw_string_n writes n
 * bytes (any byte, NUL included); rf_jw_yuan writes fen as yuan with at
 * most two decimals (rf_fen_yuan); rf_jw_raw writes text as it is (a
 * number formatted by the caller, or a literal). */
void rf_jw_string(rf_jw *w, const char *key, const char *s);
void rf_jw_string_n(rf_jw *w, const char *key, const char *s, size_t n);
void rf_jw_int(rf_jw *w, const char *key, int64_t v);
void rf_jw_yuan(rf_jw *w, const char *key, rf_fen fen);
void rf_jw_bool(rf_jw *w, const char *key, bool v);
void rf_jw_null(rf_jw *w, const char *key);
void rf_jw_raw(rf_jw *w, const char *key, const char *text);
void rf_jw_rawf(rf_jw *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The white space after the next comma of the innermost container is ws
 * instead of its layout's `sep` (a line break inside a one-line object). */
void rf_jw_sep(rf_jw *w, const char *ws);

/* Ends the document: closes what is still open and writes a line feed.
 * Returns RF_OK, or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_jw_finish(rf_jw *w);

#endif
