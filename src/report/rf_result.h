/* rf_result: every result a command writes, in every format, through one table.
 *
 * A command's library call returns a result; its kind says, in one table
 * (rf_result.c), which document builder (rf_doc) and which JSON writer it
 * has, which formats it writes in a layout of its own (the audit's CSV, its
 * streamed text, a sweep's SVG chart), and what its exit status is.  Every
 * other format is an emitter (rf_emit.h) over the document.  The result is
 * borrowed while it is written. */
#ifndef RF_RESULT_H
#define RF_RESULT_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_error.h"

typedef enum {
    RF_FORMAT_TEXT = 0,
    RF_FORMAT_JSON,
    RF_FORMAT_CSV,
    RF_FORMAT_MD,
    RF_FORMAT_HTML,
    RF_FORMAT_XLSX,
    RF_FORMAT_SVG, /* a chart: a sweep's only */
    RF_FORMAT_COUNT
} rf_format;

/* "text", "json", ... as --format takes them; parse returns false for a
 * name that is none of them. */
const char *rf_format_name(rf_format f);
bool rf_format_parse(const char *name, rf_format *out);

typedef enum {
    RF_RESULT_PLAN = 0,    /* rf_plan (rf_plan.h) */
    RF_RESULT_COMPARISON,  /* rf_comparison (rf_compare.h): whatif --set, compare */
    RF_RESULT_SWEEP,       /* rf_sweep (rf_sweep.h) */
    RF_RESULT_SENSITIVITY, /* rf_sensitivity (rf_sensitivity.h) */
    RF_RESULT_REVERSE,     /* rf_reverse (rf_reverse.h) */
    RF_RESULT_BATCH,       /* rf_batch (rf_batch.h) */
    RF_RESULT_AUDIT,       /* rf_audit_result (rf_audit_run.h) */
    RF_RESULT_KIND_COUNT
} rf_result_kind;

/* A result of some kind; data points to the kind's type. */
typedef struct {
    rf_result_kind kind;
    void *data;
} rf_result;

typedef struct {
    rf_format format;
    bool chinese;   /* labels in Chinese, else English */
    bool yuan;      /* amounts in 元 instead of 万元 */
    bool exact;     /* 万元 to the fen instead of to the yuan */
    bool excel_bom; /* CSV: a UTF-8 byte order mark first */
} rf_result_options;

/* Whether kind can be written in format (every kind has text, JSON, CSV,
 * Markdown, HTML and XLSX; only a sweep has SVG). */
bool rf_result_offers(rf_result_kind kind, rf_format format);

/* Whether amounts of kind are always in yuan (the audit's are per
 * household), so that 万元 is not offered. */
bool rf_result_yuan_only(rf_result_kind kind);

/* Writes r in o->format: XLSX to the file at path (libxlsxwriter writes by
 * name; out is not used), every other format to out, flushed.  Returns
 * RF_OK; RF_ERR_OUTPUT when it could not be written (err->message says
 * why: the stream's error, or "out of memory" in an emitter); or the
 * failure of making what is written (a document out of memory, a
 * temporary file that cannot be read back: RF_ERR_SOLVER, err filled). */
rf_status rf_result_write(const rf_result *r, const rf_result_options *o, FILE *out,
                          const char *path, rf_error *err);

/* What a result says about the plan or the data: RF_OK when clean
 * (balanced and compliant, two plans that agree, an audit without
 * violations), RF_ERR_PLAN when not; a batch gives the worst of its
 * counties (rf_batch_status_code). */
rf_status rf_result_status(const rf_result *r);

#endif
