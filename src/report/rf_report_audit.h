/* rf_report_audit: a roster audit as a document (summary, by rule, by site, the
 * list), and in the formats it writes in its own layout or streamed.
 *
 * The builder borrows everything it is given (the scenario, the summary,
 * the entries the iterator yields) and copies what it keeps into the
 * document, which the caller frees with rf_doc_free.  The writers read a
 * result's list (rewinding it first) and write nothing but their output.
 * Amounts are per household, in yuan (the totals follow the options). */
#ifndef RF_REPORT_AUDIT_H
#define RF_REPORT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_audit.h"
#include "rf_audit_run.h"
#include "rf_doc.h"
#include "rf_emit.h"
#include "rf_error.h"

/* Fills *e with the next entry of the list (its strings stay valid until
 * the next call).  Returns 1 when it did, 0 at the end, -1 when it could
 * not (then it fills err). */
typedef int (*rf_audit_entry_next)(void *ctx, rf_audit_entry *e, rf_error *err);

/* What the report says about the run besides the summary. */
typedef struct {
    const rf_scenario *s;    /* the audit's scenario (its sites, ids and names) */
    const char *roster_path; /* as the user gave it */
    rf_day as_of;
    bool chinese; /* labels in Chinese, else English */
} rf_audit_report_info;

/* Builds the audit report: a summary section (the roster, scenario and
 * date, and a table "totals" of the figures: households read, registered,
 * synchronous, malformed rows, violations, households with violations,
 * warnings, households over the cap, amount over the cap as money), a
 * table "by_rule" (count per rule), a table "by_site" (households, count
 * per rule and amount over the cap per scenario site, unknown sites as one
 * last row), a chart section (RF_CHART_CAP: per site, the mean
 * self-funding of its households over the cap against the cap) and, when
 * next is not NULL, the section "list": one row per entry (row, household
 * id, site, rule, value, limit, unit; money as RF_CELL_YUAN, areas as
 * RF_CELL_AREA, counts and rows as RF_CELL_COUNT, dates as text).  Without
 * next the list is left to the caller (who streams it).  Returns the
 * document, or NULL with err filled: RF_ERR_SOLVER when out of memory, or
 * what next reported. */
rf_doc *rf_report_audit(const rf_audit_report_info *info, const rf_audit_summary *sum,
                        rf_audit_entry_next next, void *ctx, rf_error *err);

/* The list's headers (row, household, site, rule, value, limit) in the
 * language asked for; static strings. */
const char *rf_audit_list_header(int column, bool chinese);

/* The rule of an entry in words: the rule's label and, for a warning,
 * "（提示）" / " (warning)" and what it counts ("建档立卡 4 人户",
 * "registered 4-person households").  Writes at most size bytes (NUL
 * included) into out and returns out. */
char *rf_audit_entry_rule(const rf_audit_entry *e, bool chinese, char *out, size_t size);

/* The value and the limit of an entry in words with their units, as text
 * and Markdown show them ("12,000 元", "应拆于 2017-12-20", "-").  Each
 * buffer receives at most 96 bytes. */
void rf_audit_entry_describe(const rf_audit_entry *e, bool chinese, char value[96], char limit[96]);

/* ---- a whole run (rf_audit_run) in each format ---- */

/* The whole report as a document, the list included (held in memory; the
 * HTML and XLSX forms).  Returns NULL with err filled on failure. */
rf_doc *rf_report_audit_doc(rf_audit_result *r, bool chinese, rf_error *err);

/* The JSON document (relocfund-audit/1, docs/roster-format.md; an interface
 * pinned byte for byte): summary, list, malformed rows. */
rf_status rf_report_audit_json(rf_audit_result *r, FILE *out, rf_error *err);

/* CSV (docs/roster-format.md): the summary, the table by site and the list,
 * one after the other; a UTF-8 byte order mark first with o->excel_bom. */
rf_status rf_report_audit_csv(rf_audit_result *r, const rf_emit_options *o, FILE *out,
                              rf_error *err);

/* Text and Markdown: the document without the list (rf_emit_text /
 * rf_emit_md), then the list as one more table in the same style, streamed
 * from the result (read twice for text, to size its columns). */
rf_status rf_report_audit_text(rf_audit_result *r, bool chinese, const rf_emit_options *o,
                               FILE *out, rf_error *err);
rf_status rf_report_audit_md(rf_audit_result *r, bool chinese, const rf_emit_options *o, FILE *out,
                             rf_error *err);

#endif
