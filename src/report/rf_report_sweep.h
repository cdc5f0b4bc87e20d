/* rf_report_sweep: a sweep as a document, as JSON and as a chart.  Each
 * borrows the sweep and writes nothing but its output. */
#ifndef RF_REPORT_SWEEP_H
#define RF_REPORT_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"
#include "rf_sweep.h"

/* The sweep as a document: its fixed changes, the table of key figures at
 * every point, with the points where the status changes flagged and listed
 * in words.  Returns a new document or NULL (out of memory). */
rf_doc *rf_report_sweep(const rf_sweep *sw, bool chinese);

/* The sweep as JSON ("relocfund-sweep/1", docs/whatif.md). */
rf_status rf_report_sweep_json(const rf_sweep *sw, FILE *out);

/* The sweep as a standalone SVG line chart (amounts in 万元 against the
 * swept value, status changes as dashed vertical lines). */
rf_status rf_report_sweep_svg(const rf_sweep *sw, bool chinese, FILE *out);

/* Writes a value of the scenario field at path (scaled by 10^decimals) for
 * a sentence or a cell: a lump sum in yuan (an arrived amount, a budget,
 * a lump-sum cost) as an amount mark in the report's unit, anything else
 * (a count, a cost per m²) as exact decimal text with thousands
 * separated.  Returns buf. */
char *rf_report_path_value(char buf[48], const char *path, int64_t value, int decimals);

/* Whether the field at path is a lump sum in yuan, and then its value in
 * fen in *fen. */
bool rf_report_path_amount(const char *path, int64_t value, int decimals, rf_fen *fen);

#endif
