/* rf_xlsx: a streaming reader of XLSX workbooks (Office Open XML
 * spreadsheets as Excel, WPS and LibreOffice write them), over libzip and
 * expat.
 *
 * Ownership, once: an rf_xlsx owns everything it returns (sheet names, the
 * shared strings); a cursor (rf_xlsx_rows) borrows its workbook, which must
 * outlive it, and owns the cells it returns, which stay valid until the next
 * rf_xlsx_next_row or rf_xlsx_rows_free on that cursor.  Several cursors may
 * be open on one workbook at once; none of this is thread-safe.
 *
 * Memory does not grow with the rows of a sheet: a cursor holds one row.
 * The shared-string table is read whole when the workbook is opened (one
 * copy of each distinct string, so a roster whose household ids are shared
 * strings holds its ids once, not its rows).
 *
 * Hostile files are bounded: a part is read only up to its cap (the
 * options below), and a part that inflates more than RF_XLSX_MAX_RATIO times
 * its compressed size past its first RF_XLSX_RATIO_FREE bytes is refused as
 * a zip bomb; a part that declares a DTD is refused (no entity expansion).
 *
 * Failures are rf_error values with status RF_ERR_INPUT, file = the
 * workbook's name, and path = the sheet and cell ("安置点!D7") or the part
 * ("xl/worksheets/sheet1.xml:12:5") where the file is broken.  A cell whose
 * value the file states but the reader cannot use as a date (a 1900 serial
 * of 60, a negative one) is not a failure: it comes with date_ok false for
 * the caller to report in its own terms. */
#ifndef RF_XLSX_H
#define RF_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_date.h"
#include "rf_error.h"

/* Excel's limits: the last cell is XFD1048576. */
#define RF_XLSX_MAX_ROW 1048576u
#define RF_XLSX_MAX_COL 16384u
/* A row's cell texts together may be at most this long, and so may one
 * shared string; longer is a failure (Excel holds 32,767 characters a cell). */
#define RF_XLSX_MAX_ROW_TEXT ((size_t)1 << 22)
/* The default caps of rf_xlsx_options, in uncompressed bytes. */
#define RF_XLSX_MAX_SHEET ((uint64_t)4 << 30)
#define RF_XLSX_MAX_STRINGS ((uint64_t)1 << 30)
#define RF_XLSX_MAX_META ((uint64_t)64 << 20)
/* Zip-bomb guard: inflation ratio allowed past the first bytes of a part. */
#define RF_XLSX_MAX_RATIO 250u
#define RF_XLSX_RATIO_FREE ((uint64_t)8 << 20)

typedef struct rf_xlsx rf_xlsx;
typedef struct rf_xlsx_rows rf_xlsx_rows;

typedef struct {
    /* The most uncompressed bytes read from a worksheet part, from the
     * shared-string part and from any other part (relationships, workbook,
     * styles); 0 means RF_XLSX_MAX_SHEET, _STRINGS, _META. */
    uint64_t max_sheet;
    uint64_t max_strings;
    uint64_t max_meta;
} rf_xlsx_options;

/* What a cell holds.  Cells that hold neither a value nor a formula (a
 * styled blank) are not returned. */
typedef enum {
    RF_XLSX_STRING,  /* text: a shared string, an inline string, or a
                        formula's text result (t="str") */
    RF_XLSX_NUMBER,  /* a number in a format that is not a date */
    RF_XLSX_BOOL,    /* TRUE or FALSE */
    RF_XLSX_DATE,    /* a number in a date or time format, or an ISO 8601
                        date cell (t="d") */
    RF_XLSX_ERROR,   /* an error value such as #DIV/0! or #N/A */
    RF_XLSX_UNCACHED /* a formula saved without its value (a file written
                        by a program that does not calculate; opening and
                        saving it in Excel or WPS stores the value) */
} rf_xlsx_type;

/* One cell.  Every string is NUL-terminated, UTF-8, and owned by the
 * cursor (or, for a shared string, by the workbook). */
typedef struct {
    uint32_t row; /* 1-based */
    uint32_t col; /* 1-based: A is 1 */
    char ref[12]; /* "D7" */
    rf_xlsx_type type;
    bool shared;  /* STRING from the shared-string table */
    bool formula; /* the cell has a formula; text is its cached value */
    /* The value as text: STRING the string itself (the _xHHHH_ escapes of
     * OOXML decoded, phonetic runs left out); NUMBER and DATE the number
     * exactly as the file writes it ("8000.5", "1.2E-3"), or a t="d" cell's
     * ISO text; BOOL "TRUE" or "FALSE"; ERROR the error ("#DIV/0!");
     * UNCACHED "". */
    const char *text;
    size_t len;
    /* The formula without its "=" ("SUM(B2:B9)"); "" when the cell has
     * none, or follows a shared formula (whose text is in its first cell). */
    const char *formula_text;
    double number; /* NUMBER; DATE the serial; BOOL 1 or 0 */
    /* DATE: day and seconds (0..86399, rounded to the second) when the
     * serial is a real date in the workbook's date system. */
    bool date_ok;
    rf_day day;
    int32_t seconds;
} rf_xlsx_cell;

/* One row: its cells in column order (no two in one column). */
typedef struct {
    uint32_t row; /* 1-based */
    const rf_xlsx_cell *cells;
    size_t n_cells;
} rf_xlsx_row;

typedef enum {
    RF_XLSX_ROW = 0, /* *row holds the next row */
    RF_XLSX_END,     /* the sheet has no more rows */
    RF_XLSX_FAIL     /* the sheet could not be read; *err says where */
} rf_xlsx_result;

/* Opens a workbook: reads its relationships, its list of sheets, its date
 * system, which cell styles are dates, and its shared strings.  name is the
 * file name used in messages (copied; NULL means path); opts may be NULL.
 * Returns NULL and fills err when the file cannot be opened, is not a zip
 * archive (an Excel 97-2003 .xls file is named as such), lacks a part the
 * workbook names (a sheet, its shared strings), or has a part that is not
 * well-formed XML or declares a DTD. */
rf_xlsx *rf_xlsx_open(const char *path, const char *name, const rf_xlsx_options *opts,
                      rf_error *err);

/* Frees the workbook; accepts NULL.  Its cursors must be freed first. */
void rf_xlsx_free(rf_xlsx *wb);

/* The name used in messages. */
const char *rf_xlsx_name(const rf_xlsx *wb);

/* True when the workbook counts dates from 1904 (Excel for Mac's old
 * default) rather than 1900. */
bool rf_xlsx_date1904(const rf_xlsx *wb);

/* The worksheets in the workbook's order (chart sheets are left out), and
 * their names. */
size_t rf_xlsx_sheet_count(const rf_xlsx *wb);
const char *rf_xlsx_sheet_name(const rf_xlsx *wb, size_t sheet);

/* The index of the sheet with this name (Excel compares names ignoring the
 * case of ASCII letters), or -1. */
long rf_xlsx_sheet_find(const rf_xlsx *wb, const char *name);

/* Opens a cursor on sheet number `sheet` (< rf_xlsx_sheet_count).  Returns
 * NULL and fills err when the sheet's part cannot be read. */
rf_xlsx_rows *rf_xlsx_rows_open(rf_xlsx *wb, size_t sheet, rf_error *err);

/* Reads the next row that has a cell (rows whose cells are all blank are
 * skipped).  On RF_XLSX_FAIL the cursor is spent: later calls fail again. */
rf_xlsx_result rf_xlsx_next_row(rf_xlsx_rows *rows, rf_xlsx_row *row, rf_error *err);

/* The name of the cursor's sheet. */
const char *rf_xlsx_rows_sheet(const rf_xlsx_rows *rows);

/* Frees the cursor; accepts NULL. */
void rf_xlsx_rows_free(rf_xlsx_rows *rows);

/* Writes a cell's reference, "D7", into buf; returns buf.  row and col are
 * 1-based and within Excel's limits. */
char *rf_xlsx_ref(char buf[12], uint32_t row, uint32_t col);

/* Writes where a cell is in messages: "安置点!D7", the sheet name quoted as
 * Excel quotes it when it is not a plain word ("'Sheet 1'!D7").  Returns
 * buf (truncated to size). */
char *rf_xlsx_where(char *buf, size_t size, const char *sheet, uint32_t row, uint32_t col);

/* The day and time of a spreadsheet date serial: in the 1900 system day 1
 * is 1900-01-01 and 60 is Lotus's 29 February 1900, which does not exist
 * (false); in the 1904 system day 0 is 1904-01-01.  The fraction is the
 * time, rounded to the second.  False for a serial before day 1 (1900) or
 * day 0 (1904), for 60 in the 1900 system, or past 9999-12-31. */
bool rf_xlsx_serial_date(double serial, bool date1904, rf_day *day, int32_t *seconds);

/* True when an Excel number format code shows a date or a time: it has a
 * y, m, d, h or s outside quoted text, escapes and [..] brackets other than
 * elapsed time ([h], [mm], [ss]).  "General" and "0.00" are not dates;
 * "yyyy\"年\"m\"月\"d\"日\"" is. */
bool rf_xlsx_format_is_date(const char *code);

#endif
