/* rf_roster_sheet: a roster in a spreadsheet (.xlsx through rf_xlsx, .xls
 * through FreeXL) written out as the UTF-8 CSV that rf_roster reads, so that
 * one reader checks every kind of file the same way.
 *
 * The first worksheet is the roster; its first row that has a cell is the
 * header.  Each later row becomes one CSV record, as wide as the header
 * (blank cells are empty fields; a cell right of the header's last is kept,
 * so the row is malformed as in CSV), and a row the sheet leaves out (a
 * blank row) an empty line, so that CSV row numbers are the sheet's when
 * the header is its row 1.  Cells become text: strings as they are; numbers
 * as the file writes them, or rounded to two decimals when they are within
 * floating-point noise of that (8000.1000000000004 is 8000.10); date cells
 * as YYYY-MM-DD (the time of day left out); booleans as yes / no; error
 * values as their text (#N/A); a formula saved without its value as "=" and
 * the formula, which no column accepts. */
#ifndef RF_ROSTER_SHEET_H
#define RF_ROSTER_SHEET_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_error.h"

typedef enum {
    RF_ROSTER_SHEET_NONE = 0, /* not a spreadsheet: CSV */
    RF_ROSTER_SHEET_XLSX,     /* a zip archive (Office Open XML) */
    RF_ROSTER_SHEET_XLS       /* a compound file (Excel 97-2003) */
} rf_roster_sheet_kind;

/* What kind of file fd is, from its first bytes (read with pread). */
rf_roster_sheet_kind rf_roster_sheet_kind_of(int fd);

/* Writes the roster of the workbook at path (of kind kind, not NONE) as CSV
 * to out.  Memory does not grow with the rows of an .xlsx; FreeXL reads an
 * .xls (at most 65,536 rows) whole.  Returns false and fills err
 * (RF_ERR_INPUT with name and where the workbook is broken, or
 * RF_ERR_SOLVER when out cannot be written) on failure. */
bool rf_roster_sheet_to_csv(const char *path, const char *name, rf_roster_sheet_kind kind,
                            FILE *out, rf_error *err);

#endif
