/* relocfund-csv-to-xlsx: writes a CSV roster as an .xlsx workbook (one
 * sheet, libxlsxwriter's constant-memory mode), as a county's system would
 * export it: whole numbers and decimals as number cells, YYYY-MM-DD dates as
 * date cells, other text as strings.  A sheet holds at most 1,048,576 rows
 * (the header and 1,048,575 households); a longer CSV is refused.
 * bench/audit.sh times the audit of the same roster as CSV and as .xlsx
 * with it.
 *
 *   relocfund-csv-to-xlsx IN.csv OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "rf_date.h"

/* Splits line (RFC 4180, one physical line) into fields in place. */
static size_t split(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        if (*p == '"') {
            char *o = ++p;
            field[n++] = o;
            while (*p && !(*p == '"' && p[1] != '"'))
                *o++ = *p == '"' ? (p += 2, '"') : *p++;
            *o = '\0';
            if (*p == '"')
                p++;
        } else {
            field[n++] = p;
            p += strcspn(p, ",\r\n");
        }
        if (*p != ',') {
            *p = '\0';
            break;
        }
        *p++ = '\0';
    }
    return n;
}

/* Whether s is a plain decimal (digits, at most one point). */
static int plain_number(const char *s)
{
    int digits = 0, points = 0;
    for (; *s; s++) {
        if (*s == '.')
            points++;
        else if (*s >= '0' && *s <= '9')
            digits++;
        else
            return 0;
    }
    return digits > 0 && points <= 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: relocfund-csv-to-xlsx IN.csv OUT.xlsx\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    lxw_workbook_options options = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &options);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "roster") : NULL;
    if (!ws) {
        fprintf(stderr, "relocfund-csv-to-xlsx: cannot create %s\n", argv[2]);
        return 2;
    }
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    char *line = NULL;
    size_t cap = 0;
    lxw_row_t row = 0;
    lxw_error e = LXW_NO_ERROR;
    while (e == LXW_NO_ERROR && getline(&line, &cap, in) > 0) {
        if (row == LXW_ROW_MAX) {
            fprintf(stderr, "relocfund-csv-to-xlsx: %s has more than %u rows, a sheet's most\n",
                    argv[1], (unsigned)LXW_ROW_MAX);
            return 2;
        }
        char *field[64];
        size_t n = split(line, field, 64);
        for (size_t c = 0; c < n && e == LXW_NO_ERROR; c++) {
            const char *s = field[c];
            rf_day d;
            if (!*s)
                continue;
            if (row > 0 && plain_number(s) && strlen(s) < 16) {
                e = worksheet_write_number(ws, row, (lxw_col_t)c, strtod(s, NULL), NULL);
            } else if (row > 0 && rf_date_parse(s, strlen(s), &d)) {
                lxw_datetime dt = {0};
                rf_date_to_ymd(d, &dt.year, &dt.month, &dt.day);
                e = worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, date);
            } else {
                e = worksheet_write_string(ws, row, (lxw_col_t)c, s, NULL);
            }
        }
        row++;
    }
    free(line);
    fclose(in);
    if (workbook_close(wb) != LXW_NO_ERROR || e != LXW_NO_ERROR) {
        fprintf(stderr, "relocfund-csv-to-xlsx: cannot write %s\n", argv[2]);
        return 2;
    }
    return 0;
}
