/* rf_report_reverse: a reverse calculation (倒算) as a document (for people)
 * and as JSON (for programs).  Both borrow the result and write nothing but
 * their output; the words are in the result's language. */
#ifndef RF_REPORT_REVERSE_H
#define RF_REPORT_REVERSE_H

#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"
#include "rf_reverse.h"

/* The report: what each site needs and why, the sources that may pay it
 * and the least arrived amount of each that balances the plan alone, and
 * the break-even value when one was asked for.  Returns a new document or
 * NULL (out of memory). */
rf_doc *rf_report_reverse(const rf_reverse *r);

/* The same as JSON ("relocfund-reverse/1", docs/whatif.md).  Returns RF_OK,
 * or RF_ERR_OUTPUT when the stream reports an error. */
rf_status rf_report_reverse_json(const rf_reverse *r, FILE *out);

#endif
