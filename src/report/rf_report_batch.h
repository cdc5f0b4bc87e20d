/* rf_report_batch: a batch's roll-up as a document (for people) and as JSON (for programs).
 * Both borrow the batch and write nothing but their output. */
#ifndef RF_REPORT_BATCH_H
#define RF_REPORT_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_batch.h"
#include "rf_doc.h"
#include "rf_error.h"

/* The roll-up as a document: a summary, totals by source, and one row per
 * county with counties that have errors, gaps or violations first (input
 * order within each kind).  Returns a new document or NULL when out of
 * memory. */
rf_doc *rf_report_batch(const rf_batch *b, bool chinese);

/* The roll-up as JSON (relocfund-batch/1, documented in docs/batch.md):
 * amounts in yuan, keys in a fixed order, nothing that depends on timing or
 * threads.  Returns RF_OK or RF_ERR_OUTPUT when the stream reports an
 * error. */
rf_status rf_report_batch_json(const rf_batch *b, FILE *out);

#endif
