/* rf_roster: a streaming reader of the household roster (RFC 4180 CSV). */
#ifndef RF_ROSTER_H
#define RF_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_date.h"
#include "rf_error.h"
#include "rf_types.h"

/* A record (row) may be at most this long; a longer one is a bad row. */
#define RF_ROSTER_MAX_ROW ((size_t)1 << 20)
/* A row may have at most this many fields. */
#define RF_ROSTER_MAX_FIELDS 4096
/* household_id and site_id may be at most this many bytes. */
#define RF_ROSTER_MAX_ID 255

/* The columns the roster must have (any order; other columns are ignored). */
typedef enum {
    RF_COL_HOUSEHOLD_ID = 0,
    RF_COL_SITE_ID,
    RF_COL_CATEGORY,
    RF_COL_SIZE,
    RF_COL_AREA,
    RF_COL_SELF_FUNDED,
    RF_COL_MOVED_IN,
    RF_COL_AGREEMENT,
    RF_COL_DEMOLISHED,
    RF_COL_COUNT
} rf_roster_column;

/* The header name of a column, e.g. "self_funded_yuan" (static). */
const char *rf_roster_column_name(rf_roster_column c);

/* One household, as read from one row.  The strings are not NUL-terminated
 * and point into the reader's buffer: they stay valid until the next
 * rf_roster_next() or rf_roster_free() on the same roster. */
typedef struct {
    int64_t row;  /* record number; the header is row 1 */
    int64_t line; /* physical line where the row starts (differs from row
                     only after a quoted field with a line break) */
    const char *household_id;
    size_t household_id_len;
    const char *site_id;
    size_t site_id_len;
    rf_category category;
    int size;              /* people, 1..99 */
    rf_centi_m2 area;      /* housing area */
    rf_fen self_funded;    /* the household's own money */
    bool moved_in;         /* moved_in_date given */
    rf_day moved_in_date;
    bool demolition_agreement;
    bool demolished;       /* demolished_date given */
    rf_day demolished_date;
} rf_household;

typedef enum {
    RF_ROSTER_ROW = 0, /* *h holds the next household */
    RF_ROSTER_BAD_ROW, /* a malformed row was skipped; *err says where and why */
    RF_ROSTER_END,     /* no more rows */
    RF_ROSTER_FAIL     /* the file could not be read; *err says why */
} rf_roster_result;

typedef struct rf_roster rf_roster;

/* Opens a roster file and reads its header row.  A UTF-8 byte order mark at
 * the start is skipped.  The file must be seekable (a regular file): the
 * duplicate check re-reads earlier rows.  Returns NULL and fills err (status
 * RF_ERR_INPUT, with file, row and column where known) when the file cannot
 * be opened or its header lacks a column.  name is the file name used in
 * messages (copied); NULL means path. */
rf_roster *rf_roster_open(const char *path, const char *name, rf_error *err);

/* Reads the next row.  Blank rows (no field has text) are skipped silently.
 * Memory does not grow with the number of rows, except for one file offset
 * per 64 rows (for rf_roster_id_at). */
rf_roster_result rf_roster_next(rf_roster *r, rf_household *h, rf_error *err);

/* Reads up to max rows into h[0..n) and returns n; all n stay valid until
 * the next call on the roster.  It stops early, setting *stop, at a bad row
 * (RF_ROSTER_BAD_ROW, err filled: that row comes after h[n-1]), at the end
 * (RF_ROSTER_END) or on a failure (RF_ROSTER_FAIL); *stop is RF_ROSTER_ROW
 * when it stopped only because h is full or the buffer had to move.  A
 * batch lets the caller overlap work on many rows (see rf_audit_prefetch). */
size_t rf_roster_next_batch(rf_roster *r, rf_household *h, size_t max, rf_roster_result *stop,
                            rf_error *err);

/* The household_id of an earlier good row (one rf_roster_next returned as
 * RF_ROSTER_ROW), re-read from the file.  One other thread may call this
 * while one thread reads rows with rf_roster_next / rf_roster_next_batch
 * (the audit's pipeline does); calls of rf_roster_id_at itself must not
 * overlap.  *id points into a buffer of the
 * roster, valid until the next call of rf_roster_id_at.  Returns false and
 * fills err when the row cannot be re-read. */
bool rf_roster_id_at(rf_roster *r, int64_t row, const char **id, size_t *len, rf_error *err);

/* About how many rows follow the header: the file's size over the mean
 * length of the lines in its first megabyte (0 when it has no line after
 * the header there).  For sizing tables only; it may be off either way. */
size_t rf_roster_rows_estimate(const rf_roster *r);

/* The name used in messages. */
const char *rf_roster_name(const rf_roster *r);

/* Frees the roster; accepts NULL. */
void rf_roster_free(rf_roster *r);

#endif
