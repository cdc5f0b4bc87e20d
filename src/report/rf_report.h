/* rf_report: the plan as a document (for people) and as JSON (for programs).
 * Both borrow the plan and write nothing but their output. */
#ifndef RF_REPORT_H
#define RF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_jw.h"
#include "rf_plan.h"

/* Builds the plan report: summary and explanations in words, sources,
 * sites, household classes against the caps, progress rates, solver levels,
 * and the charts.  Chinese labels when chinese, else English.  Returns a new
 * document (rf_doc_free) or NULL when out of memory. */
rf_doc *rf_report_plan(const rf_plan *p, bool chinese);

/* Writes the plan as the JSON documented in docs/report-json.md: amounts in
 * yuan as numbers with at most two decimals, keys in a fixed order.
 * Returns RF_OK, or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_report_plan_json(const rf_plan *p, FILE *out);

/* Writes the plan's "totals" member into w's open object, as
 * rf_report_plan_json writes it. */
void rf_report_plan_totals(rf_jw *w, const rf_plan *p);

#endif
