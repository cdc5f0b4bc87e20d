/* rf_money: exact parsing of decimal text into fen, and money formatting. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rf_money.h"

static bool fen(const char *text, rf_fen *out)
{
    return rf_fen_parse(text, strlen(text), out);
}

Test(rf_fen_parse, reads_yuan_exactly)
{
    rf_fen v;
    cr_expect(fen("85181250", &v) && v == 8518125000LL);
    cr_expect(fen("6735.96", &v) && v == 673596);
    cr_expect(fen("0.1", &v) && v == 10);
    cr_expect(fen("-3", &v) && v == -300);
    cr_expect(fen("-0", &v) && v == 0);
    cr_expect(fen("8518.125e4", &v) && v == 8518125000LL);
    cr_expect(fen("1.2E7", &v) && v == 1200000000LL);
    cr_expect(fen("12345.670000", &v) && v == 1234567);
    cr_expect(fen("1e-2", &v) && v == 1);
    cr_expect(fen("0.000", &v) && v == 0);
}

Test(rf_fen_parse, rejects_fractions_of_a_fen)
{
    rf_fen v = 42;
    cr_expect_not(fen("0.001", &v));
    cr_expect_not(fen("70000.005", &v));
    cr_expect_not(fen("1e-3", &v));
    cr_expect_eq(v, 42, "the output is untouched on failure");
}

Test(rf_fen_parse, rejects_out_of_range_and_non_numbers)
{
    rf_fen v;
    cr_expect(fen("10000000000000", &v) && v == RF_FEN_MAX);
    cr_expect_not(fen("10000000000000.01", &v));
    cr_expect_not(fen("1e400", &v));
    cr_expect_not(fen("99999999999999999999999999", &v));
    cr_expect_not(fen("", &v));
    cr_expect_not(fen("-", &v));
    cr_expect_not(fen("abc", &v));
    cr_expect_not(fen("1.2.3", &v));
    cr_expect_not(fen("1e", &v));
    cr_expect_not(fen("12 ", &v));
}

Test(rf_decimal_parse, scales_to_any_unit)
{
    int64_t v;
    cr_expect(rf_decimal_parse("25.5", 4, 2, 100000, &v) && v == 2550);
    cr_expect(rf_decimal_parse("1476", 4, 0, 100000, &v) && v == 1476);
    cr_expect_not(rf_decimal_parse("1.5", 3, 0, 100000, &v));
    cr_expect_not(rf_decimal_parse("100001", 6, 0, 100000, &v));
}

Test(rf_fen_yuan, writes_only_the_decimals_needed)
{
    char buf[40];
    cr_expect_str_eq(rf_fen_yuan(buf, 12345, false), "123.45");
    cr_expect_str_eq(rf_fen_yuan(buf, 10000, false), "100");
    cr_expect_str_eq(rf_fen_yuan(buf, 150, false), "1.5");
    cr_expect_str_eq(rf_fen_yuan(buf, -150, false), "-1.5");
    cr_expect_str_eq(rf_fen_yuan(buf, 8518125000LL, true), "85,181,250");
}

Test(rf_fen_wan, writes_wan_exactly)
{
    char buf[40];
    cr_expect_str_eq(rf_fen_wan(buf, 8518125000LL, false), "8518.125");
    cr_expect_str_eq(rf_fen_wan(buf, 8518125000LL, true), "8,518.125");
    cr_expect_str_eq(rf_fen_wan(buf, 5775000, false), "5.775");
    cr_expect_str_eq(rf_fen_wan(buf, 1, false), "0.000001");
}

Test(rf_fen_yuan, writes_zero_and_the_extremes_of_int64)
{
    char buf[40];
    cr_expect_str_eq(rf_fen_yuan(buf, 0, true), "0");
    cr_expect_str_eq(rf_fen_yuan(buf, -5, false), "-0.05");
    cr_expect_str_eq(rf_fen_yuan(buf, 100005, true), "1,000.05");
    cr_expect_str_eq(rf_fen_yuan(buf, INT64_MAX, false), "92233720368547758.07");
    cr_expect_str_eq(rf_fen_yuan(buf, INT64_MIN, true), "-92,233,720,368,547,758.08");
    cr_expect_str_eq(rf_fen_wan(buf, -1000001, false), "-1.000001");
}

/* Every digit count, sign and fraction: the _n forms write what printf
 * would and return its length. */
Test(rf_fen_yuan_n, writes_what_printf_would_and_returns_the_length)
{
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t v = (int64_t)(x >> (x % 64));
        if (i % 3 == 0)
            v = -v;
        if (i < 64) /* the extremes, and the powers of two */
            v = i < 2 ? (i ? INT64_MIN : INT64_MAX) : (int64_t)1 << (i - 2);
        char buf[40], want[64];
        uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        unsigned long long ip = a / 100, fp = a % 100;
        const char *sign = v < 0 ? "-" : "";
        if (fp == 0)
            snprintf(want, sizeof want, "%s%llu", sign, ip);
        else if (fp % 10 == 0)
            snprintf(want, sizeof want, "%s%llu.%llu", sign, ip, fp / 10);
        else
            snprintf(want, sizeof want, "%s%llu.%02llu", sign, ip, fp);
        size_t n = rf_fen_yuan_n(buf, v, false);
        cr_assert_str_eq(buf, want, "fen %lld", (long long)v);
        cr_assert_eq(n, strlen(want));
        snprintf(want, sizeof want, "%lld", (long long)v);
        n = rf_count_text_n(buf, v, false);
        cr_assert_str_eq(buf, want);
        cr_assert_eq(n, strlen(want));
    }
    /* Both sides of each power of ten. */
    for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
        for (int64_t d = -1; d <= 1; d++) {
            char buf[40], want[32];
            snprintf(want, sizeof want, "%lld", (long long)(p + d));
            cr_assert_eq(rf_count_text_n(buf, p + d, false), strlen(want));
            cr_assert_str_eq(buf, want);
        }
    }
}

Test(rf_percent, rounds_half_away_from_zero)
{
    char buf[40];
    cr_expect_str_eq(rf_percent(buf, 227, 962, 1), "23.6%");
    cr_expect_str_eq(rf_percent(buf, 16, 44, 1), "36.4%");
    cr_expect_str_eq(rf_percent(buf, 1, 8, 1), "12.5%");
    cr_expect_str_eq(rf_percent(buf, 1, 200, 0), "1%");
    cr_expect_str_eq(rf_percent(buf, 1, 0, 1), "-");
}

Test(rf_div_round, rounds_half_away_from_zero)
{
    cr_expect_eq(rf_div_round(5, 2), 3);
    cr_expect_eq(rf_div_round(-5, 2), -3);
    cr_expect_eq(rf_div_round(4, 3), 1);
}

Test(rf_ratio, writes_a_scaled_ratio_exactly)
{
    char buf[40];
    /* 1/100 m² over people, in m² */
    cr_expect_str_eq(rf_ratio(buf, 98000, 40, -2, 1), "24.5");
    cr_expect_str_eq(rf_ratio(buf, 98000, 40, -2, 0), "25");
    cr_expect_str_eq(rf_ratio(buf, 290000, 118, -2, 2), "24.58");
    cr_expect_str_eq(rf_ratio(buf, 3650, 146, -2, 2), "0.25");
    cr_expect_str_eq(rf_ratio(buf, 1, 3, 2, 0), "33");
    cr_expect_str_eq(rf_ratio(buf, -1, 8, 2, 0), "-13");
    cr_expect_str_eq(rf_ratio(buf, 1, 0, 2, 1), "-");
    /* no overflow where num x 10^k leaves int64 */
    cr_expect_str_eq(rf_ratio(buf, INT64_MAX, INT64_MAX, 2, 6), "100.000000");
}

Test(rf_count_text, groups_thousands)
{
    char buf[40];
    cr_expect_str_eq(rf_count_text(buf, 16302, true), "16,302");
    cr_expect_str_eq(rf_count_text(buf, -1234567, true), "-1,234,567");
    cr_expect_str_eq(rf_count_text(buf, 1234567, false), "1234567");
    cr_expect_str_eq(rf_count_text(buf, 0, true), "0");
}

Test(rf_fixed_text, writes_exactly_the_decimals_asked)
{
    char b[40];
    cr_expect_str_eq(rf_fixed_text(b, 851812500000LL, 6, 4, true), "851,812.5000");
    cr_expect_str_eq(rf_fixed_text(b, 4479135590LL, 6, 4, true), "4,479.1356",
                     "万元 to the yuan, rounded");
    cr_expect_str_eq(rf_fixed_text(b, 11999999999LL, 6, 4, true), "12,000.0000",
                     "1,199.999999 万元 is 12,000,000 yuan to the yuan");
    cr_expect_str_eq(rf_fixed_text(b, 119999999949LL, 6, 4, false), "119999.9999");
    cr_expect_str_eq(rf_fixed_text(b, 151, 2, 2, true), "1.51");
    cr_expect_str_eq(rf_fixed_text(b, 3000000000LL, 2, 2, true), "30,000,000.00");
    cr_expect_str_eq(rf_fixed_text(b, -150, 6, 4, true), "-0.0002", "half away from zero");
    cr_expect_str_eq(rf_fixed_text(b, -49, 6, 4, true), "0.0000");
    cr_expect_str_eq(rf_fixed_text(b, -1234567, 6, 6, true), "-1.234567");
    cr_expect_str_eq(rf_fixed_text(b, 1234567, 6, 0, true), "1");
    cr_expect_str_eq(rf_fixed_text(b, 1234567, 6, 9, true), "1.234567", "clamped to the scale");
}

Test(rf_fixed_decimals, counts_what_the_rounded_value_needs)
{
    cr_expect_eq(rf_fixed_decimals(8518125000LL, 6, 4), 3, "8,518.125 万元");
    cr_expect_eq(rf_fixed_decimals(4479135590LL, 6, 4), 4);
    cr_expect_eq(rf_fixed_decimals(4479135590LL, 6, 6), 5);
    cr_expect_eq(rf_fixed_decimals(1000000, 6, 4), 0);
    cr_expect_eq(rf_fixed_decimals(49, 6, 4), 0, "less than half a yuan is none");
    cr_expect_eq(rf_fixed_decimals(50, 6, 4), 4, "half a yuan rounds to a whole one");
    cr_expect_eq(rf_fixed_decimals(12550, 2, 2), 1);
}
