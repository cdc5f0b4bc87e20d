/* rf_report_compare: two outcomes side by side (whatif --set, compare) as a
 * document (for people) and as JSON (for programs).  Both borrow the
 * outcomes and write nothing but their output. */
#ifndef RF_REPORT_COMPARE_H
#define RF_REPORT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"
#include "rf_jw.h"
#include "rf_outcome.h"

/* A comparison of outcome b against outcome a as a document: a summary in
 * words, the key figures, sources, allocations by source and use, sites,
 * and household classes against the cap, each with both values and the
 * change; every changed cell is flagged.  changes (n_changes strings, may
 * be 0) are the --set assignments that make b from a, shown at the top.
 * title names the report.  Returns a new document or NULL (out of memory). */
rf_doc *rf_report_compare(const rf_outcome *a, const rf_outcome *b, const char *const *changes,
                          size_t n_changes, const char *title, bool chinese);

/* The same comparison as JSON ("relocfund-compare/1", docs/whatif.md).
 * Returns RF_OK or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_report_compare_json(const rf_outcome *a, const rf_outcome *b,
                                 const char *const *changes, size_t n_changes, FILE *out);

/* Writes the key figures as the JSON object member key (NULL in an array),
 * "status" first and amounts in yuan (the compare and sweep documents
 * share it). */
void rf_report_key_figures_json(rf_jw *w, const char *key, const rf_key_figures *k);

#endif
