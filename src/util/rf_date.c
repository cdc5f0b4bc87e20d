/* rf_date: civil-date arithmetic (days since 1970-01-01) and ISO dates. */
#include "rf_date.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : DAYS[m - 1];
}

/* Howard Hinnant's days_from_civil. */
rf_day rf_date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (rf_day)(era * 146097 + doe - 719468);
}

/* Howard Hinnant's civil_from_days. */
void rf_date_to_ymd(rf_day d, int *year, int *month, int *day)
{
    int z = d + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (m <= 2);
    *month = m;
    *day = dd;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool rf_date_parse(const char *text, size_t len, rf_day *out)
{
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return false;
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = rf_date_from_ymd(y, m, d);
    return true;
}

/* Reads 1..max digits at text[*i]; -1 when there is none. */
static int some_digits(const char *text, size_t len, size_t *i, size_t max)
{
    size_t start = *i;
    int v = 0;
    while (*i < len && *i - start < max && text[*i] >= '0' && text[*i] <= '9')
        v = v * 10 + (text[(*i)++] - '0');
    return *i > start ? v : -1;
}

/* Whether text[*i..len) starts with word; steps over it when it does. */
static bool take(const char *text, size_t len, size_t *i, const char *word)
{
    size_t n = strlen(word);
    if (len - *i < n || memcmp(text + *i, word, n) != 0)
        return false;
    *i += n;
    return true;
}

bool rf_date_parse_any(const char *text, size_t len, rf_day *out)
{
    size_t i = 0;
    int y = some_digits(text, len, &i, 4);
    if (i != 4 || y < 1900)
        return false;
    char sep = i < len ? text[i] : '\0';
    bool zh = false;
    if (sep == '-' || sep == '/' || sep == '.')
        i++;
    else if (!(zh = take(text, len, &i, "年")))
        return false;
    int m = some_digits(text, len, &i, 2);
    if (m < 0 || !(zh ? take(text, len, &i, "月") : i < len && text[i++] == sep))
        return false;
    int d = some_digits(text, len, &i, 2);
    if (d < 0 || (zh && !take(text, len, &i, "日")) || i != len)
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = rf_date_from_ymd(y, m, d);
    return true;
}

char *rf_date_format(char buf[16], rf_day d)
{
    int y, m, dd;
    rf_date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999; /* day numbers beyond four-digit years are not dates we read */
    snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
    return buf;
}

rf_day rf_date_add_years(rf_day d, int years)
{
    int y, m, dd;
    rf_date_to_ymd(d, &y, &m, &dd);
    y += years;
    if (dd > days_in_month(y, m))
        dd = days_in_month(y, m);
    return rf_date_from_ymd(y, m, dd);
}
