/* rf_book: scenario workbooks: a scenario read from an XLSX workbook into
 * the tree the JSON reader gives, and a scenario tree (or an empty
 * template) written as one.
 *
 * The workbook has one sheet per part of the scenario, named in Chinese
 * (English names are read too):
 *   概况 General    key-value rows: the scenario's own members, plan,
 *                   disbursed, integrated_agri, cost_defaults
 *   资金来源 Sources one row per source (id, arrived, disbursed)
 *   安置点 Sites     one row per site (id, name, type, synchronous, costs)
 *   户型 Households  one row per site and household size (registered)
 *   进度 Progress    key-value rows under progress, site_progress, follow_up
 *   核对 Checks      key-value rows under assert
 * A key-value sheet has the columns label, key (a JSON path from the
 * scenario's root, as --set writes it), value, unit; a key that starts
 * with '#' is a statement (what the workbook was made from), not read.  A
 * table sheet has labels in row 1, keys (JSON paths within the row's
 * object) in row 2 and one record a row from row 3.  Labels are for
 * people; the keys are what is read, so a workbook in either language
 * reads the same.
 *
 * Locations: every node read from a cell is located in the file
 * "BOOK.xlsx:SHEET!CELL" (no line), labelled "住房单价 (housing_per_m2)"
 * (the header above it, or the row's label, and the key), and number nodes
 * keep an exact text; so rf_read's messages read
 * "BOOK.xlsx:安置点!D7: 住房单价 (housing_per_m2): ...". */
#ifndef RF_BOOK_H
#define RF_BOOK_H

#include <cJSON.h>
#include <stdbool.h>

#include "rf_error.h"
#include "rf_json.h"

/* True when path names a workbook (ends in .xlsx, any case). */
bool rf_book_is_workbook(const char *path);

/* Reads the workbook at path (named in messages as given) into a scenario
 * tree located in ctx.  Every cell that cannot be a value of its column is
 * an error at its cell: an amount that is not a whole number of fen (the
 * cell's value shown), text that is not a number where one is expected, an
 * error value, a formula saved without its value.  Returns the tree, or
 * NULL after adding errors to diags. */
cJSON *rf_book_read(rf_json_ctx *ctx, const char *path, rf_diags *diags);

/* What rf_book_write writes besides the tree. */
typedef struct {
    bool english;                  /* labels, sheet names and notes in English */
    const char *from;              /* a statement of what the workbook was made from
                                      (files, extends and includes resolved), or NULL */
    const char *const *source_ids; /* drop-down list of source ids (and the
                                      template's rows), or NULL */
    size_t n_source_ids;
    const char *policy; /* the template's policy path, or NULL */
} rf_book_options;

/* Writes tree (a resolved scenario: no extends or includes) as a workbook
 * at path, or, when tree is NULL, an empty template: every sheet with its
 * headers, a note on each header cell saying what goes there and in which
 * unit, drop-down lists for site types and source ids and number formats
 * for amounts, areas and counts.  Nulls, empty objects and empty arrays are
 * left out (a workbook has no cell for them).  Fails with RF_ERR_OUTPUT
 * when the file cannot be written. */
rf_status rf_book_write(const cJSON *tree, rf_json_ctx *ctx, const char *path,
                        const rf_book_options *o, rf_error *err);

#endif
