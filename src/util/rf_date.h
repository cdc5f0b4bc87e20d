/* rf_date: calendar dates as day numbers, and their ISO 8601 text form. */
#ifndef RF_DATE_H
#define RF_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A date as the number of days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t rf_day;

/* The day number of year-month-day; the date must be valid. */
rf_day rf_date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1-12) and day (1-31). */
void rf_date_to_ymd(rf_day d, int *year, int *month, int *day);

/* Parses exactly "YYYY-MM-DD" (a real calendar date, year 1900 to 9999)
 * from text[0..len).  Returns false for anything else. */
bool rf_date_parse(const char *text, size_t len, rf_day *out);

/* Parses a real calendar date (year 1900 to 9999) written as a county's
 * export writes it: "YYYY-M-D", "YYYY/M/D" or "YYYY.M.D" (month and day of
 * one or two digits, the same separator twice; "YYYY-MM-DD" is one of
 * them) or "YYYY年M月D日".  Returns false for anything else. */
bool rf_date_parse_any(const char *text, size_t len, rf_day *out);

/* Writes d as "YYYY-MM-DD" into buf; returns buf. */
char *rf_date_format(char buf[16], rf_day d);

/* The same month and day `years` later; when that day does not exist
 * (29 February in a common year) the last day of the month, 28 February, as
 * a period of years is counted in Chinese law. */
rf_day rf_date_add_years(rf_day d, int years);

#endif
