/* rf_emit: one emitter per output format, each writing an rf_doc. */
#ifndef RF_EMIT_H
#define RF_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rf_doc.h"
#include "rf_error.h"

typedef struct {
    bool yuan;      /* amounts in 元 with two decimals instead of 万元 */
    bool exact;     /* 万元 to the fen (six decimals) instead of to the yuan */
    bool excel_bom; /* CSV: start with a UTF-8 byte order mark for Excel */
} rf_emit_options;

/* What an emitter given no options (NULL) uses: 万元, no byte order mark. */
extern const rf_emit_options RF_EMIT_DEFAULTS;

/* Plain text for a terminal: aligned tables (CJK characters count two
 * columns), amounts in 万元 (or 元).  Returns RF_OK or RF_ERR_OUTPUT. */
rf_status rf_emit_text(const rf_doc *d, const rf_emit_options *o, FILE *out);

/* Markdown (GitHub-flavoured): "#" title, "##" sections, paragraphs (an
 * indented paragraph becomes a list item), a bold title line above each
 * table, numeric columns right-aligned, total rows and flagged cells bold
 * (flagged cells also end in "!").  Text is escaped by rf_md_cell, so it
 * shows literally.  Charts are left out.  Returns RF_OK or RF_ERR_OUTPUT. */
rf_status rf_emit_md(const rf_doc *d, const rf_emit_options *o, FILE *out);

/* CSV (RFC 4180, CRLF, UTF-8; a BOM first with o->excel_bom): the title,
 * subtitle and unit lines, then each table as an empty line, a title line,
 * the header row and the rows.  Numbers without grouping (万元 exactly or
 * yuan with two decimals; rates as "79.1%").  Text that a spreadsheet
 * would take for a formula gets a leading apostrophe (rf_csv_field).
 * Paragraphs and charts are left out.  Returns RF_OK or RF_ERR_OUTPUT. */
rf_status rf_emit_csv(const rf_doc *d, const rf_emit_options *o, FILE *out);

/* HTML: one self-contained page (inline CSS, no script, nothing fetched;
 * a Content-Security-Policy forbids both) with the paragraphs, the tables
 * and each chart as inline SVG: RF_CHART_FLOW as a Sankey-style diagram,
 * RF_CHART_BARS as per-label cost and funding bars with the gap or surplus
 * marked, RF_CHART_CAP as bars of self-funding per household against the
 * cap line, RF_CHART_PAIRS as an A bar over a B bar per label,
 * RF_CHART_LINE as one line per series with round ticks, RF_CHART_RANKED
 * as one bar per label in its group's colour with round ticks in yuan and
 * the value axis's title; a label's note
 * (rf_chart_note) is written beside its bars, and a chart with a sentence
 * instead (rf_chart_instead) is that sentence.  Sections that hold only charts are placed right after the
 * first section, so the pictures come before the detail tables.  Labels
 * follow d->chinese.  Returns RF_OK, RF_ERR_OUTPUT when
 * the stream failed, or RF_ERR_SOLVER when out of memory. */
rf_status rf_emit_html(const rf_doc *d, const rf_emit_options *o, FILE *out);

/* The parts of rf_emit_html's page that relocfund serve's page draws
 * (docs/serve.md, /api/view): to summary, the first section's paragraphs
 * and tables; to charts, every chart's figure, in the page's order.  Each
 * is the same bytes as in the page.  Returns as rf_emit_html does
 * (RF_ERR_OUTPUT when either stream failed). */
rf_status rf_emit_html_parts(const rf_doc *d, const rf_emit_options *o, FILE *summary,
                             FILE *charts);

/* XLSX workbook written to path (libxlsxwriter needs a file name; the
 * caller makes it atomic by passing a temporary path and renaming it).
 * Sheet "summary" first (title, subtitle, unit, paragraphs, an index of the
 * tables), then one sheet per table named after the table id (made valid
 * and unique), header row frozen, numbers stored as numbers with number
 * formats (docs/report-formats.md).  A RF_CHART_LINE chart whose numbers
 * stand in a table (rf_chart_data) is a native line chart beside that
 * table, its series referring to the table's cells; other charts are left
 * out.  Returns RF_OK, or RF_ERR_OUTPUT with
 * the reason in err (which may be NULL), also when built without
 * libxlsxwriter. */
rf_status rf_emit_xlsx(const rf_doc *d, const rf_emit_options *o, const char *path,
                       rf_error *err);

/* True when this build can write XLSX (it was linked with libxlsxwriter). */
bool rf_emit_xlsx_available(void);

/* The line that names the report's unit, once per report ("金额单位：万元"). */
const char *rf_emit_unit(const rf_doc *d, const rf_emit_options *o);

/* The number style of d under o (thousands separated when grouping);
 * amounts in sentences use as few decimals as they need. */
rf_cell_style rf_emit_style(const rf_doc *d, const rf_emit_options *o, bool grouping);

/* The styles of t's columns under base (rf_table_style for each): a new
 * array of t->n_cols (free), or NULL when out of memory. */
rf_cell_style *rf_emit_column_styles(const rf_table *t, const rf_cell_style *base);

/* The smallest "nice" axis maximum (1, 2, 2.5 or 5 times a power of ten,
 * times a whole number of steps, at most 6 steps) at or above v, in the
 * same integer unit as v (at least unit); *step receives the step.  v <= 0
 * gives unit.  For chart axes with round ticks. */
int64_t rf_nice_axis(int64_t v, int64_t unit, int64_t *step);

/* Writes x into buf (room for size bytes) exactly as snprintf(buf, size,
 * "%.1f", x) does, ties and signs included, without printf for the
 * numbers of a chart; returns the length written (the NUL not counted). */
size_t rf_svg_number(char *buf, size_t size, double x);

/* The colour ("#rrggbb") of series or group k of a chart, the same in
 * every format. */
const char *rf_chart_colour(size_t k);

/* Display width of UTF-8 text in terminal columns (wide CJK counts 2). */
size_t rf_text_width(const char *s);

#endif
