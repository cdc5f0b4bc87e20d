/* rf_report_sensitivity: a sensitivity result as a document (for people) and
 * as JSON (for programs).  Both borrow the result and write nothing but
 * their output; the words are in the result's language. */
#ifndef RF_REPORT_SENSITIVITY_H
#define RF_REPORT_SENSITIVITY_H

#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"
#include "rf_sensitivity.h"

/* The report: sentences first, then the tables of parameters and of
 * binding constraints.  Returns a new document or NULL (out of memory). */
rf_doc *rf_report_sensitivity(const rf_sensitivity *r);

/* The same as JSON ("relocfund-sensitivity/1", docs/whatif.md).  Returns
 * RF_OK, or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_report_sensitivity_json(const rf_sensitivity *r, FILE *out);

#endif
