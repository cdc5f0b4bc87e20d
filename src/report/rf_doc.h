/* rf_doc: a report as a document (sections of sentences, tables and charts),
 * built once from a result and written by one emitter per format.
 *
 * A document owns every string and cell it holds (rf_doc_free frees all).
 * Cells keep values, not text: money stays integer fen, rates stay
 * num/den, so each emitter formats them for its readers (万元 or 元 in text,
 * numbers with number formats in a workbook) and totals agree everywhere. */
#ifndef RF_DOC_H
#define RF_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_types.h"

typedef enum {
    RF_CELL_EMPTY = 0,
    RF_CELL_TEXT,    /* text */
    RF_CELL_MONEY,   /* value in fen */
    RF_CELL_COUNT,   /* whole number (people, households, sites) */
    RF_CELL_PERCENT, /* value / den, shown with `decimals` decimals */
    RF_CELL_AREA,    /* value in hundredths of a square metre */
    RF_CELL_YUAN,    /* value in fen, always shown in yuan (per-household amounts) */
    RF_CELL_DECIMAL  /* value / 10^decimals, shown with `decimals` decimals */
} rf_cell_kind;

/* Whether cells of this kind are numbers (right-aligned, numeric in a
 * workbook) rather than text. */
bool rf_cell_is_number(rf_cell_kind k);

typedef struct {
    rf_cell_kind kind;
    char *text;      /* RF_CELL_TEXT */
    int64_t value;
    int64_t den;     /* RF_CELL_PERCENT */
    int decimals;    /* RF_CELL_PERCENT, RF_CELL_DECIMAL */
    bool flag;       /* highlight: a violation, a gap, a changed value */
} rf_cell;

typedef struct {
    char *id;        /* stable machine name: "sources", "sites", "classes" */
    char *title;
    size_t n_cols;
    char **headers;
    rf_cell *cells;  /* n_rows x n_cols, row-major */
    size_t n_rows, cap_rows;
    bool has_total;  /* the last row is the total of the rows above */
} rf_table;

/* A chart's data; the HTML emitter draws it as inline SVG, the XLSX
 * emitter as a native chart when its numbers stand in a table (data). */
typedef enum {
    RF_CHART_FLOW = 0, /* money from sources (left) to uses (middle) to destinations (right) */
    RF_CHART_BARS,     /* per category: a cost bar against a funding bar, gap or surplus marked */
    RF_CHART_CAP,      /* per household class: self-funding per household against the cap line */
    RF_CHART_PAIRS,    /* per label: value a (base, A) beside value b (changed, B) */
    RF_CHART_LINE,     /* labels along x, one line per series (rf_chart_series) */
    RF_CHART_RANKED    /* per label, in the builder's order, one bar of |a| (in yuan) in the
                          colour of its group b (an index of series, which name the groups) */
} rf_chart_kind;

typedef struct {
    int from, to;    /* node indexes */
    rf_fen amount;
} rf_chart_link;

typedef struct {
    rf_chart_kind kind;
    char *id;
    char *title;
    /* FLOW: nodes and links.  BARS/CAP: one bar per label, values a and b
     * (BARS: cost and funding; CAP: self-funding per household and the cap). */
    size_t n_labels;
    char **labels;
    rf_fen *a;
    rf_fen *b;
    size_t n_links;
    rf_chart_link *links;
    /* Per label, what the chart writes beside its bars (NULL: the emitter's
     * own words), and whether it is a problem (drawn as an alert).  The
     * builder says a site's status here, so every chart agrees with the
     * summary. */
    char **notes;
    bool *alerts;
    /* When set, the chart has nothing to show and this sentence stands in
     * its place. */
    char *instead;
    /* LINE: n_series lines, values[k * n_labels + i] the value of series k
     * at label i; a label with a note is marked by a dashed line. */
    size_t n_series;
    char **series;
    rf_fen *values;
    /* Axis titles (NULL: none): of the labels and of the values.  With
     * labels_money the labels are amounts, and an emitter adds the unit it
     * writes them in to label_title.  The XLSX emitter titles a native
     * chart's axes with them; the HTML emitter writes value_title under a
     * RANKED chart's axis. */
    char *label_title;
    char *value_title;
    bool labels_money;
    /* Where the chart's numbers stand as cells (NULL: only in the arrays
     * above): table data, one row per label in order, its column
     * data_label_col the labels and column data_cols[k] series k.  An
     * emitter that draws charts from cells (XLSX) refers to them, so an
     * edited cell moves the chart. */
    const rf_table *data;
    size_t data_label_col;
    size_t *data_cols;
} rf_chart;

typedef struct {
    char *heading;
    char **paragraphs;
    size_t n_paragraphs;
    rf_table **tables;
    size_t n_tables;
    rf_chart **charts;
    size_t n_charts;
} rf_section;

typedef struct {
    char *title;
    char *subtitle;
    bool chinese;
    rf_section *sections;
    size_t n_sections;
} rf_doc;

rf_doc *rf_doc_new(const char *title, bool chinese);
/* The same with a printf-formatted title (at most 511 bytes). */
rf_doc *rf_doc_newf(bool chinese, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rf_doc_free(rf_doc *d);

/* Building: every function copies its strings.  On out of memory the
 * document records the failure (rf_doc_ok returns false) and later calls do
 * nothing, so builders check once at the end. */
bool rf_doc_ok(const rf_doc *d);
void rf_doc_subtitle(rf_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
rf_section *rf_doc_section(rf_doc *d, const char *heading);
void rf_doc_paragraph(rf_doc *d, rf_section *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
rf_table *rf_doc_table(rf_doc *d, rf_section *s, const char *id, const char *title,
                       size_t n_cols, const char *const *headers);
/* Appends a row; returns its cells (n_cols of them, RF_CELL_EMPTY) or NULL. */
rf_cell *rf_doc_row(rf_doc *d, rf_table *t);
void rf_cell_text(rf_doc *d, rf_cell *c, const char *text);
void rf_cell_money(rf_cell *c, rf_fen fen);
void rf_cell_count(rf_cell *c, int64_t n);
void rf_cell_percent(rf_cell *c, int64_t num, int64_t den, int decimals);
void rf_cell_area(rf_cell *c, int64_t centi_m2);
void rf_cell_yuan(rf_cell *c, rf_fen fen);
void rf_cell_decimal(rf_cell *c, int64_t scaled, int decimals);
/* Sets a cell from a decimal text a file states ("24.58", "79%"): a
 * decimal or, with a trailing %, a percentage cell; text when it is
 * neither. */
void rf_cell_stated(rf_doc *d, rf_cell *c, const char *text);
rf_chart *rf_doc_chart(rf_doc *d, rf_section *s, rf_chart_kind kind, const char *id,
                       const char *title);
/* Adds a label (node or bar) with values a and b; returns its index or -1. */
int rf_chart_label(rf_doc *d, rf_chart *c, const char *label, rf_fen a, rf_fen b);
void rf_chart_link_add(rf_doc *d, rf_chart *c, int from, int to, rf_fen amount);
/* Adds a LINE series: one value per label (values[0..n_labels)), after
 * every label is added; with values NULL, a named group without values
 * (RF_CHART_RANKED's legend).  Returns its index or -1. */
int rf_chart_series(rf_doc *d, rf_chart *c, const char *name, const rf_fen *values);
/* Sets the note of label index (a copy; it may hold amount marks). */
void rf_chart_note(rf_doc *d, rf_chart *c, int index, const char *note, bool alert);
/* Sets the axis titles (copies; NULL: none); see rf_chart. */
void rf_chart_axes(rf_doc *d, rf_chart *c, const char *label_title, bool labels_money,
                   const char *value_title);
/* Says that the chart's labels and series stand in table t of the same
 * document: its column label_col holds the labels and cols[k] (one per
 * series, after every series is added) series k, one body row (a total
 * row left out) per label.  A table that does not fit so is ignored. */
void rf_chart_data(rf_doc *d, rf_chart *c, const rf_table *t, size_t label_col,
                   const size_t *cols);
/* Replaces the chart by one sentence (printf-formatted, amount marks allowed). */
void rf_chart_instead(rf_doc *d, rf_chart *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How numbers are written for people.  Money is in 万元 to the yuan (at
 * most four decimals), to the fen with exact (six), or in 元 with two
 * decimals with yuan; grouping adds thousands separators.  Within a table
 * column every amount shows the same number of decimals (money_decimals,
 * area_decimals from rf_table_style; -1 in a sentence: as few as the value
 * needs). */
typedef struct {
    bool yuan;
    bool exact;
    bool grouping;
    bool chinese;      /* the unit's name in sentences: 万元/元 or 万元/yuan */
    int money_decimals;
    int area_decimals;
} rf_cell_style;

/* The style of column col of t: the decimals its money (in 万元) and area
 * cells need, the most any of them needs.  base gives the rest. */
rf_cell_style rf_table_style(const rf_table *t, size_t col, const rf_cell_style *base);

/* Formats a cell as plain text the way the text, Markdown, CSV and HTML
 * emitters do (money marks in text cells expanded, see rf_amount_mark).
 * Returns buf. */
char *rf_cell_format(const rf_cell *c, const rf_cell_style *st, char *buf, size_t size);

/* Writes into buf (48 bytes) a mark that stands for an amount in a sentence
 * or a text cell; emitters write it in the report's unit, with the unit's
 * name ("1,032.5 万元", "10,325,000.00 元").  rf_yuan_mark stands for an
 * amount always in yuan with two decimals (per household: "38,312.50 元").
 * Returns buf. */
char *rf_amount_mark(char buf[48], rf_fen v);
char *rf_yuan_mark(char buf[48], rf_fen v);

/* Text with its marks written out in style st; a new string (free), or
 * NULL when out of memory. */
char *rf_doc_expand(const char *text, const rf_cell_style *st);

#endif
