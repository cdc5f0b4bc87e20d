/* rf_audit_run: a whole roster audited against a scenario, read and checked on
 * two threads, with every violation and malformed row kept for the report.
 *
 * The result owns temporary files holding the list of violations and the
 * malformed rows (so memory stays flat however long the roster) and
 * borrows the scenario, which must outlive it.  Entries and malformed rows
 * are read back in order, as often as a report needs (rewind first); the
 * strings they hold stay valid until the next read. */
#ifndef RF_AUDIT_RUN_H
#define RF_AUDIT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_audit.h"
#include "rf_date.h"
#include "rf_error.h"
#include "rf_roster.h"
#include "rf_types.h"

typedef struct {
    rf_day as_of;
    bool strict;                      /* stop at the first malformed row */
    rf_roster_encoding encoding;      /* of a CSV roster */
    const rf_roster_columns *columns; /* more header names; NULL: none */
    /* Called for each malformed row as it is found with its problems
     * problems[0..n) (count: the malformed rows so far, this one
     * included), from the calling thread; NULL for none. */
    void (*bad_row)(const rf_error *problems, size_t n, int64_t count, void *ctx);
    /* Called once, before any row, with what the reader chose for the user
     * to know (rf_roster_note); NULL for none. */
    void (*note)(const char *roster, const char *message, void *ctx);
    void *ctx;
} rf_audit_options;

/* One entry of the audit's list: a violation of a household, or (with
 * household_id NULL) a HOUSEHOLD_MIX warning of a scenario site.  The
 * strings are NUL-terminated and hold *_len bytes before the NUL. */
typedef struct {
    rf_violation v;
    const char *household_id; /* NULL for a warning */
    size_t household_id_len;
    const char *site_id; /* as written in the roster; a warning: the site's id */
    size_t site_id_len;
    rf_category category;
    int size; /* people; 0 for a warning about synchronous households */
} rf_audit_entry;

/* A problem of a malformed row the reader skipped: where (line, column),
 * which column (path, "column moved_in_date") and why.  A row with
 * several problems gives several, in column order. */
typedef struct {
    int line, column;
    const char *path;
    const char *message;
} rf_audit_bad;

typedef struct rf_audit_result rf_audit_result;

/* Audits the roster at roster_path against s: every household checked by
 * rf_audit_check, the HOUSEHOLD_MIX warnings of rf_audit_finish after the
 * last.  Returns RF_OK with *out (rf_audit_result_free), whatever was
 * found.  Else *out is NULL and err says why: RF_ERR_INPUT when the roster
 * cannot be opened or read, or (options->strict) at its first malformed
 * row (err is that row's error); RF_ERR_SOLVER when memory, a thread or a
 * temporary file failed. */
rf_status rf_audit_run(const rf_scenario *s, const char *roster_path,
                       const rf_audit_options *options, rf_audit_result **out, rf_error *err);

void rf_audit_result_free(rf_audit_result *r);

const rf_audit_summary *rf_audit_result_summary(const rf_audit_result *r);
const rf_scenario *rf_audit_result_scenario(const rf_audit_result *r);
/* The roster's path as given, and the audit date. */
const char *rf_audit_result_roster(const rf_audit_result *r);
rf_day rf_audit_result_as_of(const rf_audit_result *r);

/* Starts reading the list, or the malformed rows, from the first one.
 * Returns false (err filled) when the temporary file cannot be read. */
bool rf_audit_result_rewind(rf_audit_result *r, rf_error *err);

/* The next entry of the list: the HOUSEHOLD_MIX warnings first, then the
 * violations in row order.  Returns 1 when *e was filled, 0 at the end, -1
 * (err filled) when the temporary file cannot be read. */
int rf_audit_result_next(rf_audit_result *r, rf_audit_entry *e, rf_error *err);

/* The next problem of a malformed row, in row order; as
 * rf_audit_result_next. */
int rf_audit_result_next_bad(rf_audit_result *r, rf_audit_bad *b, rf_error *err);

#endif
