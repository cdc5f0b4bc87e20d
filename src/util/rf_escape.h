/* rf_escape: the escaping rules of the output formats (CSV, HTML, Markdown, JSON), in one place.
 *
 * Each writer copies text to a stream with the characters its format
 * treats specially made harmless, and reports nothing but the stream's
 * state: callers check ferror() once at the end.  Input is UTF-8 and is
 * passed through byte for byte apart from the escaped characters, so
 * Chinese labels survive every format. */
#ifndef RF_ESCAPE_H
#define RF_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when s must be quoted in a CSV field (RFC 4180): it contains a
 * comma, a double quote, CR or LF. */
bool rf_csv_needs_quotes(const char *s);

/* True when a spreadsheet could read s as a formula: it starts with '=',
 * '+', '-', '@', TAB or CR, and is not a plain signed number such as
 * "-3.5", "+1,200" or "-12.5%" (nor a lone "-"). */
bool rf_csv_formula_like(const char *s);

/* Writes s as one CSV field: quoted (quotes doubled) when
 * rf_csv_needs_quotes says so.  With defuse_formula, text that
 * rf_csv_formula_like flags is prefixed with an apostrophe so that Excel
 * shows it as text instead of evaluating it. */
void rf_csv_field(FILE *out, const char *s, bool defuse_formula);

/* Writes s as HTML text or attribute value: & < > " ' become entities.
 * Control characters other than TAB, LF and CR are dropped (HTML does not
 * allow them). */
void rf_html_text(FILE *out, const char *s);

/* Writes into dst, which has room for cap bytes, what rf_html_text writes
 * for s, as far as it fits without splitting an entity; sets *rest to the
 * first byte of s not yet written (s's NUL when all of it was) and returns
 * the bytes written (not NUL-terminated).  With cap >= 6 it always makes
 * progress while s is not done. */
size_t rf_html_escape(char *dst, size_t cap, const char *s, const char **rest);

/* Writes s as the content of a Markdown (CommonMark / GFM) table cell: the
 * characters that could start emphasis, links, code, raw HTML or end the
 * cell (\ ` * _ [ ] < > | & ~) are backslash-escaped, and line breaks
 * become spaces, so the cell shows s literally and stays one cell. */
void rf_md_cell(FILE *out, const char *s);

/* Writes s as a Markdown paragraph line: like rf_md_cell, and in addition
 * a leading '#', '+', '-', '=' or "1." that would start a heading or a
 * list is escaped. */
void rf_md_line(FILE *out, const char *s);

/* Writes the n bytes at s (which may hold any byte, NUL included) as one
 * JSON string, quotes included: '"' and '\' are backslash-escaped, LF
 * becomes \n, other control characters (U+0000 to U+001F and DEL) become
 * \u00XX; every other byte passes through, so UTF-8 stays as it is.
 * This is the form the audit's JSON (docs/roster-format.md) is pinned to. */
void rf_json_string(FILE *out, const char *s, size_t n);

/* The first character of s that a terminal would act on, or 0: a C0
 * control (U+0001-U+001F; TAB and LF excepted when layout_ok), DEL, or a
 * C1 control (U+0080-U+009F, which some terminals read as ESC [). */
unsigned rf_text_control(const char *s, bool layout_ok);

/* Writes s for a terminal or a plain-text file: the characters
 * rf_text_control(s, layout_ok) finds become visible escapes,
 * \xNN (C0, DEL) or \u00NN (C1), so text cannot clear the screen, move the
 * cursor or fake a line; everything else passes through byte for byte. */
void rf_text_safe(FILE *out, const char *s, bool layout_ok);

#endif
