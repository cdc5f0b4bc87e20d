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

/* The Chinese header name of a column, e.g. "自筹资金" (static). */
const char *rf_roster_column_name_zh(rf_roster_column c);

/* A row has at most this many problems: one a column. */
#define RF_ROSTER_MAX_PROBLEMS RF_COL_COUNT

/* The text encoding of a CSV roster. */
typedef enum {
    RF_ROSTER_ENC_AUTO = 0, /* UTF-8, or GB18030 when the file's start is not UTF-8 */
    RF_ROSTER_ENC_UTF8,
    RF_ROSTER_ENC_GB18030 /* GBK and GB2312 too, which it contains */
} rf_roster_encoding;

/* Reads an encoding's name as a user gives it ("utf-8", "gbk", "gb18030",
 * "auto"; any case).  Returns false for any other. */
bool rf_roster_encoding_parse(const char *name, rf_roster_encoding *out);

/* More header names for the columns, read from a file (audit --columns):
 * one "COLUMN = HEADER" a line, COLUMN one of the column names above,
 * HEADER the export's name for it (the rest of the line, spaces around it
 * trimmed); blank lines and lines starting with '#' are skipped.  A column
 * may have several names. */
typedef struct rf_roster_columns rf_roster_columns;

/* Reads a --columns file.  Returns NULL and fills err (RF_ERR_INPUT, with
 * file and line) when it cannot be read or a line is malformed. */
rf_roster_columns *rf_roster_columns_load(const char *path, rf_error *err);

/* Frees it; accepts NULL. */
void rf_roster_columns_free(rf_roster_columns *c);

/* How rf_roster_open reads a file; zero-initialised means the defaults. */
typedef struct {
    const char *name;                 /* the file's name in messages (copied); NULL: path */
    rf_roster_encoding encoding;      /* of a CSV file */
    const rf_roster_columns *columns; /* more header names, borrowed for the open; NULL: none */
} rf_roster_options;

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
 * duplicate check re-reads earlier rows.  A column is found by its English
 * name (ASCII case ignored), its Chinese name or a name o->columns gives.
 * A GB18030 file (o->encoding, or AUTO and the first 64 KiB have more
 * bytes that cannot be UTF-8 than UTF-8 characters of several bytes, and
 * are GB18030, see rf_roster_note) is converted to UTF-8 into an
 * unlinked temporary file first, streamed, and read from there.  Returns
 * NULL and fills err (status RF_ERR_INPUT, with file, row and column where
 * known) when the file cannot be opened, converted, or its header lacks a
 * column.  o may be NULL. */
rf_roster *rf_roster_open(const char *path, const rf_roster_options *o, rf_error *err);

/* What the reader chose for the user to know: "not UTF-8; read as
 * GBK/GB18030 ..." when AUTO converted the file; NULL otherwise. */
const char *rf_roster_note(const rf_roster *r);

/* Reads the next row.  Blank rows (no field has text) are skipped silently.
 * Memory does not grow with the number of rows, except for one file offset
 * per 64 rows (for rf_roster_id_at).  A row whose values are malformed is
 * RF_ROSTER_BAD_ROW with err its first problem; rf_roster_more_problems
 * gives the others. */
rf_roster_result rf_roster_next(rf_roster *r, rf_household *h, rf_error *err);

/* After RF_ROSTER_BAD_ROW (from rf_roster_next or rf_roster_next_batch):
 * the problems of that row after the first, in column order, copied into
 * more[0..max); returns how many there were (at most
 * RF_ROSTER_MAX_PROBLEMS - 1). */
size_t rf_roster_more_problems(const rf_roster *r, rf_error *more, size_t max);

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
