/* rf_emit: one emitter per output format, each writing an rf_doc. */
#ifndef RF_EMIT_H
#define RF_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"

typedef struct {
    bool yuan;      /* amounts in 元 with two decimals instead of 万元 */
    bool excel_bom; /* CSV: start with a UTF-8 byte order mark for Excel */
} rf_emit_options;

/* Plain text for a terminal: aligned tables (CJK characters count two
 * columns), amounts in 万元 (or 元).  Returns RF_OK or RF_ERR_OUTPUT. */
rf_status rf_emit_text(const rf_doc *d, const rf_emit_options *o, FILE *out);

/* Display width of UTF-8 text in terminal columns (wide CJK counts 2). */
size_t rf_text_width(const char *s);

#endif
