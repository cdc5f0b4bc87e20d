/* rf_path: the --set path syntax, what it accepts and how it names errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "rf_path.h"

static rf_path parse_ok(const char *text)
{
    rf_path p;
    rf_error err = {0};
    cr_assert(rf_path_parse(text, strlen(text), &p, &err), "%s: %s", text, err.message);
    return p;
}

static void expect_bad(const char *text, const char *message)
{
    rf_path p;
    rf_error err = {0};
    cr_expect_not(rf_path_parse(text, strlen(text), &p, &err), "%s parsed", text);
    cr_expect_str_eq(err.message, message, "%s", text);
    cr_expect_eq(p.n, 0);
}

Test(rf_path_parse, reads_names_and_indexes)
{
    rf_path p = parse_ok("sites[2].costs.housing_per_m2");
    cr_assert_eq(p.n, 4);
    cr_expect_str_eq(p.segs[0].key, "sites");
    cr_expect_null(p.segs[1].key);
    cr_expect_eq(p.segs[1].index, 2);
    cr_expect_eq(p.segs[1].offset, 5);
    cr_expect_str_eq(p.segs[2].key, "costs");
    cr_expect_str_eq(p.segs[3].key, "housing_per_m2");
    rf_path_free(&p);
}

Test(rf_path_parse, reads_digit_names_and_leading_indexes)
{
    rf_path p = parse_ok("households_by_size.3");
    cr_expect_str_eq(p.segs[1].key, "3");
    rf_path_free(&p);
    p = parse_ok("[0][10]");
    cr_assert_eq(p.n, 2);
    cr_expect_eq(p.segs[1].index, 10);
    rf_path_free(&p);
}

Test(rf_path_parse, reads_ids_in_brackets)
{
    rf_path p = parse_ok("sites[S01].costs");
    cr_assert_eq(p.n, 3);
    cr_expect_null(p.segs[1].key);
    cr_expect_str_eq(p.segs[1].id, "S01");
    cr_expect_eq(p.segs[1].offset, 5);
    rf_path_free(&p);
    /* digits and anything else but brackets and quotes: an id */
    p = parse_ok("sources[policy_loans][2a][安置点.1]");
    cr_assert_eq(p.n, 4);
    cr_expect_str_eq(p.segs[1].id, "policy_loans");
    cr_expect_str_eq(p.segs[2].id, "2a");
    cr_expect_str_eq(p.segs[3].id, "安置点.1");
    rf_path_free(&p);
    /* all digits: an index */
    p = parse_ok("sites[12]");
    cr_expect_null(p.segs[1].id);
    cr_expect_eq(p.segs[1].index, 12);
    rf_path_free(&p);
}

Test(rf_path_parse, reads_quoted_names_with_escapes)
{
    rf_path p = parse_ok("a[\"x.y\"][\"q\\\"\\\\\"].b");
    cr_assert_eq(p.n, 4);
    cr_expect_str_eq(p.segs[1].key, "x.y");
    cr_expect_str_eq(p.segs[2].key, "q\"\\");
    rf_path_free(&p);
}

Test(rf_path_parse, names_the_bad_step)
{
    expect_bad("", "the path is empty");
    expect_bad("a..b", "empty name at character 3");
    expect_bad(".a", "empty name at character 1");
    expect_bad("a.", "empty name at character 3");
    expect_bad("a[", "bad step at character 2: expected [N] with N a whole number >= 0, "
                     "[ID] or [\"name\"]");
    expect_bad("a[]", "bad step at character 2: expected [N] with N a whole number >= 0, "
                      "[ID] or [\"name\"]");
    expect_bad("a[-1]", "bad step at character 2: expected [N] with N a whole number >= 0, "
                        "[ID] or [\"name\"]");
    expect_bad("a[+1]", "bad step at character 2: expected [N] with N a whole number >= 0, "
                        "[ID] or [\"name\"]");
    expect_bad("a[ S01]", "bad step at character 2: expected [N] with N a whole number >= 0, "
                          "[ID] or [\"name\"]");
    expect_bad("a[S0[1]]", "bad step at character 2: expected [N] with N a whole number >= 0, "
                           "[ID] or [\"name\"]");
    expect_bad("a[S01", "bad step at character 2: expected [N] with N a whole number >= 0, "
                        "[ID] or [\"name\"]");
    expect_bad("a[01]", "bad index at character 2: no leading zeros");
    expect_bad("a[1]b", "unexpected 'b' at character 5; expected '.' or '['");
    expect_bad("a]", "unexpected ']' at character 2; expected '.' or '['");
    expect_bad("a[999999999999]", "index at character 2 is too large (at most 100000000)");
    expect_bad("a[\"x", "unterminated quoted name starting at character 2");
    expect_bad("a[\"x\"", "expected ']' after the quoted name at character 6");
    expect_bad("a[\"\\n\"]", "bad escape at character 4; only \\\" and \\\\ may be escaped");
}

Test(rf_path_parse, stops_at_len_not_at_nul)
{
    rf_path p;
    rf_error err = {0};
    cr_expect(rf_path_parse("ab=cd", 2, &p, &err));
    cr_expect_str_eq(p.segs[0].key, "ab");
    rf_path_free(&p);
    cr_expect_not(rf_path_parse("a\0b", 3, &p, &err));
    /* the reason in Chinese too */
    cr_expect_not(rf_path_parse("a..b", 4, &p, &err));
    cr_expect_str_eq(err.message, "empty name at character 3");
    cr_expect_str_eq(err.message_zh, "第 3 个字符处的名称为空");
}

Test(rf_path_format, writes_the_form_it_reads)
{
    const char *texts[] = {"sites[2].costs.land", "a[\"x.y\"].b", "[3].a", "sites[S01].costs"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        rf_path p = parse_ok(texts[i]);
        char buf[128];
        cr_expect_str_eq(rf_path_format(&p, p.n, buf, sizeof buf), texts[i]);
        rf_path_free(&p);
    }
    rf_path p = parse_ok("sites[2].costs");
    char buf[8];
    cr_expect_str_eq(rf_path_format(&p, 2, buf, sizeof buf), "sites[2");
    rf_path_free(&p);
}
