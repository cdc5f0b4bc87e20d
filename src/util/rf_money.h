/* rf_money: exact money (integer fen) and its text forms. */
#ifndef RF_MONEY_H
#define RF_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_types.h"

/* Largest amount relocfund accepts: 10^15 fen (10 trillion yuan), so that
 * sums of a national batch stay far from int64 overflow. */
#define RF_FEN_MAX ((rf_fen)1000000000000000LL)

/* Parses a decimal number written in yuan ("12345", "12345.6", "1.2e7",
 * "-3") exactly into fen.  Fails (returns false) when it has more than two
 * decimal places of yuan that are not zero, when it is out of
 * [-RF_FEN_MAX, RF_FEN_MAX], or when it is not a number. */
bool rf_fen_parse(const char *text, size_t len, rf_fen *out);

/* Parses a decimal number exactly into an integer scaled by 10^decimals
 * (e.g. square metres with decimals = 2).  Same rules as rf_fen_parse. */
bool rf_decimal_parse(const char *text, size_t len, int decimals, int64_t max_abs, int64_t *out);

/* Writes v in yuan with exactly as many decimals as needed (0, 1 or 2):
 * 12345 fen -> "123.45", 10000 fen -> "100", 150 -> "1.5".  With grouping,
 * thousands are separated by commas.  Returns buf. */
char *rf_fen_yuan(char buf[40], rf_fen v, bool grouping);

/* rf_fen_yuan that returns the length written (the NUL not counted), for
 * writers that append the text. */
size_t rf_fen_yuan_n(char buf[40], rf_fen v, bool grouping);

/* Writes v in 万元 (10,000 yuan) exactly, trailing zeros trimmed:
 * 8518125000 fen -> "8518.125".  Returns buf. */
char *rf_fen_wan(char buf[40], rf_fen v, bool grouping);

/* Writes v, an integer in units of 10^-scale (fen in 万元: scale 6; fen
 * in yuan or centi-m2 in m2: scale 2), with exactly `decimals` decimals
 * (clamped to 0..scale), rounded half away from zero, thousands separated
 * when grouping: rf_fixed_text(buf, 85181250000, 6, 4, true) is
 * "8,518.1250".  Returns buf. */
char *rf_fixed_text(char buf[40], int64_t v, int scale, int decimals, bool grouping);

/* The fewest decimals that show v (as rf_fixed_text reads it) exactly
 * once rounded to max_decimals: 85181250000 at scale 6, max 4, is 3. */
int rf_fixed_decimals(int64_t v, int scale, int max_decimals);

/* Writes a whole number, with thousands separated by commas when
 * grouping ("16,302").  Returns buf. */
char *rf_count_text(char buf[40], int64_t n, bool grouping);

/* rf_count_text that returns the length written (the NUL not counted). */
size_t rf_count_text_n(char buf[40], int64_t n, bool grouping);

/* Writes num/den x 10^shift with `decimals` decimals (clamped to 0..6),
 * rounded half away from zero, exactly: rf_ratio(buf, 3650, 146, -2, 2)
 * is "0.25" (centi-m2 over people in m2 per person); "-" when den is 0.
 * Returns buf. */
char *rf_ratio(char buf[40], int64_t num, int64_t den, int shift, int decimals);

/* Writes a ratio num/den as a percentage with `decimals` decimals, rounded
 * half away from zero, e.g. "79.1%"; "-" when den is 0.  decimals is
 * clamped to 0..6.  Returns buf. */
char *rf_percent(char buf[40], int64_t num, int64_t den, int decimals);

/* Rounds num/den half away from zero (den > 0). */
int64_t rf_div_round(int64_t num, int64_t den);

#endif
