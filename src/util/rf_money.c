/* rf_money: exact decimal parsing into integer fen, and money formatting. */
#include "rf_money.h"

#include <stdio.h>
#include <string.h>

bool rf_decimal_parse(const char *text, size_t len, int decimals, int64_t max_abs, int64_t *out)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        i++;
    }
    /* Collect significant digits and the power of ten they are scaled by. */
    char digits[64];
    size_t nd = 0;
    long scale = 0; /* value = digits * 10^scale */
    bool any = false, seen_point = false;
    for (; i < len; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (seen_point)
                scale--;
            if (nd == 0 && c == '0')
                continue; /* leading zero */
            if (nd == sizeof digits)
                return false;
            digits[nd++] = c;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (text[i] == '-' || text[i] == '+')) {
            eneg = text[i] == '-';
            i++;
        }
        long e = 0;
        bool edigit = false;
        for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
            edigit = true;
            if (e < 100000)
                e = e * 10 + (text[i] - '0');
        }
        if (!edigit)
            return false;
        scale += eneg ? -e : e;
    }
    if (i != len)
        return false;
    scale += decimals;
    /* Drop trailing zeros of the digits while the scale is negative. */
    while (scale < 0 && nd > 0 && digits[nd - 1] == '0') {
        nd--;
        scale++;
    }
    if (nd == 0) {
        *out = 0;
        return true;
    }
    if (scale < 0)
        return false; /* finer than the unit */
    int64_t v = 0;
    for (size_t k = 0; k < nd; k++) {
        if (v > (max_abs - (digits[k] - '0')) / 10)
            return false;
        v = v * 10 + (digits[k] - '0');
    }
    for (long k = 0; k < scale; k++) {
        if (v > max_abs / 10)
            return false;
        v *= 10;
    }
    if (v > max_abs)
        return false;
    *out = negative ? -v : v;
    return true;
}

bool rf_fen_parse(const char *text, size_t len, rf_fen *out)
{
    return rf_decimal_parse(text, len, 2, RF_FEN_MAX, out);
}

/* "00" to "99": two digits at a time. */
static const char DIGIT_PAIRS[] = "0001020304050607080910111213141516171819"
                                  "2021222324252627282930313233343536373839"
                                  "4041424344454647484950515253545556575859"
                                  "6061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

/* Writes the integer part of |v| / unit with optional grouping, then the
 * fraction digits with trailing zeros trimmed, NUL-terminated; returns the
 * length. */
static size_t format_scaled(char buf[40], int64_t v, int64_t unit, int frac_digits, bool grouping)
{
    /* From the last character back, digits by hand, not snprintf: reports
     * write thousands of amounts. */
    char t[40];
    size_t at = sizeof t;
    bool neg = v < 0;
    uint64_t a = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t ip = a / (uint64_t)unit, fp = a % (uint64_t)unit;
    if (fp) {
        int fl = frac_digits;
        for (; fp % 10 == 0; fp /= 10)
            fl--;
        for (; fl > 0; fl--, fp /= 10)
            t[--at] = (char)('0' + fp % 10);
        t[--at] = '.';
    }
    if (grouping) {
        for (int k = 0; k == 0 || ip; k++, ip /= 10) {
            if (k > 0 && k % 3 == 0)
                t[--at] = ',';
            t[--at] = (char)('0' + ip % 10);
        }
    } else {
        for (; ip >= 100; ip /= 100) {
            at -= 2;
            memcpy(t + at, DIGIT_PAIRS + 2 * (ip % 100), 2);
        }
        if (ip >= 10) {
            at -= 2;
            memcpy(t + at, DIGIT_PAIRS + 2 * ip, 2);
        } else {
            t[--at] = (char)('0' + ip);
        }
    }
    if (neg)
        t[--at] = '-';
    size_t n = sizeof t - at;
    memcpy(buf, t + at, n);
    buf[n] = '\0';
    return n;
}

char *rf_fen_yuan(char buf[40], rf_fen v, bool grouping)
{
    format_scaled(buf, v, 100, 2, grouping);
    return buf;
}

size_t rf_fen_yuan_n(char buf[40], rf_fen v, bool grouping)
{
    return format_scaled(buf, v, 100, 2, grouping);
}

char *rf_fen_wan(char buf[40], rf_fen v, bool grouping)
{
    format_scaled(buf, v, 1000000, 6, grouping);
    return buf;
}

/* v at scale rounded half away from zero to `decimals` decimals, as an
 * integer at that scale. */
static int64_t round_to(int64_t v, int scale, int decimals)
{
    int64_t unit = 1;
    for (int k = decimals; k < scale; k++)
        unit *= 10;
    return unit == 1 ? v : rf_div_round(v, unit);
}

static int clamp_decimals(int decimals, int scale)
{
    return decimals < 0 ? 0 : decimals > scale ? scale : decimals;
}

char *rf_fixed_text(char buf[40], int64_t v, int scale, int decimals, bool grouping)
{
    decimals = clamp_decimals(decimals, scale);
    int64_t unit = 1;
    for (int k = 0; k < decimals; k++)
        unit *= 10;
    int64_t r = round_to(v, scale, decimals);
    size_t n = format_scaled(buf, r - r % unit, unit, decimals, grouping);
    if (decimals > 0) {
        int64_t fp = r % unit;
        fp = fp < 0 ? -fp : fp;
        buf[n++] = '.';
        for (int k = decimals - 1; k >= 0; k--, fp /= 10)
            buf[n + (size_t)k] = (char)('0' + fp % 10);
        buf[n + (size_t)decimals] = '\0';
    }
    if (r < 0 && r > -unit) {
        /* The integer part lost the sign of a value between -1 and 0. */
        memmove(buf + 1, buf, strlen(buf) + 1);
        buf[0] = '-';
    }
    return buf;
}

int rf_fixed_decimals(int64_t v, int scale, int max_decimals)
{
    max_decimals = clamp_decimals(max_decimals, scale);
    int64_t r = round_to(v, scale, max_decimals);
    int d = max_decimals;
    while (d > 0 && r % 10 == 0) {
        r /= 10;
        d--;
    }
    return d;
}

char *rf_count_text(char buf[40], int64_t n, bool grouping)
{
    format_scaled(buf, n, 1, 0, grouping);
    return buf;
}

size_t rf_count_text_n(char buf[40], int64_t n, bool grouping)
{
    return format_scaled(buf, n, 1, 0, grouping);
}

int64_t rf_div_round(int64_t num, int64_t den)
{
    if (num >= 0)
        return (num + den / 2) / den;
    return -((-num + den / 2) / den);
}

__extension__ typedef __int128 money_wide;
__extension__ typedef unsigned __int128 money_uwide;

char *rf_ratio(char buf[40], int64_t num, int64_t den, int shift, int decimals)
{
    if (den == 0) {
        snprintf(buf, 40, "-");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    /* q = num/den x 10^(shift + decimals), rounded half away from zero,
     * exactly: the powers of ten go to the numerator or the denominator. */
    money_wide n = num, d = den;
    for (int k = 0; k < shift + decimals; k++)
        n *= 10;
    for (int k = 0; k < -(shift + decimals); k++)
        d *= 10;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    money_wide q = n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d);
    bool neg = q < 0;
    money_uwide a = neg ? (money_uwide)(-q) : (money_uwide)q;
    uint64_t unit = 1;
    for (int k = 0; k < decimals; k++)
        unit *= 10;
    unsigned long long ip = (unsigned long long)(a / unit), fp = (unsigned long long)(a % unit);
    if (decimals > 0)
        snprintf(buf, 40, "%s%llu.%0*llu", neg ? "-" : "", ip, decimals, fp);
    else
        snprintf(buf, 40, "%s%llu", neg ? "-" : "", ip);
    return buf;
}

char *rf_percent(char buf[40], int64_t num, int64_t den, int decimals)
{
    rf_ratio(buf, num, den, 2, decimals);
    if (den != 0)
        strcat(buf, "%");
    return buf;
}
