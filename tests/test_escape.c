/* Tests of the escaping helpers: CSV quoting, HTML entities, Markdown escapes, JSON strings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"

#define HOSTILE "A,\"B\"<script>|"

typedef enum { CSV, CSV_DEFUSE, HTML, MD_CELL, MD_LINE, TEXT, MESSAGE, JSON } writer;

/* Runs one helper on s into a string (freed by the caller). */
static char *esc(writer w, const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    switch (w) {
    case CSV:
        rf_csv_field(f, s, false);
        break;
    case CSV_DEFUSE:
        rf_csv_field(f, s, true);
        break;
    case HTML:
        rf_html_text(f, s);
        break;
    case MD_CELL:
        rf_md_cell(f, s);
        break;
    case MD_LINE:
        rf_md_line(f, s);
        break;
    case TEXT:
        rf_text_safe(f, s, true);
        break;
    case MESSAGE:
        rf_text_safe(f, s, false);
        break;
    case JSON:
        rf_json_string(f, s, strlen(s));
        break;
    }
    fclose(f);
    return buf;
}

static void expect(writer w, const char *in, const char *want)
{
    char *got = esc(w, in);
    cr_expect_str_eq(got, want, "escaping [%s]", in);
    free(got);
}

/* Reads one CSV field back per RFC 4180 (the test's own decoder). */
static char *csv_decode(const char *field)
{
    size_t n = strlen(field);
    char *out = calloc(n + 1, 1);
    if (field[0] != '"') {
        memcpy(out, field, n);
        return out;
    }
    size_t o = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (field[i] == '"') {
            cr_assert_eq(field[i + 1], '"', "lone quote inside a quoted field: %s", field);
            i++;
        }
        out[o++] = field[i];
    }
    cr_assert_eq(field[n - 1], '"', "quoted field not closed: %s", field);
    return out;
}

Test(rf_csv_needs_quotes, quotes_only_comma_quote_and_line_breaks)
{
    cr_expect(rf_csv_needs_quotes("a,b"));
    cr_expect(rf_csv_needs_quotes("say \"hi\""));
    cr_expect(rf_csv_needs_quotes("two\nlines"));
    cr_expect(rf_csv_needs_quotes("cr\r"));
    cr_expect_not(rf_csv_needs_quotes("安置点 S01"));
    cr_expect_not(rf_csv_needs_quotes("1032.5"));
    cr_expect_not(rf_csv_needs_quotes(""));
}

Test(rf_csv_field, doubles_quotes_inside_a_quoted_field)
{
    expect(CSV, HOSTILE, "\"A,\"\"B\"\"<script>|\"");
    expect(CSV, "plain", "plain");
    expect(CSV, "line\r\nbreak", "\"line\r\nbreak\"");
    expect(CSV, "中央预算内投资", "中央预算内投资");
}

Test(rf_csv_field, hostile_name_reads_back_intact)
{
    const char *names[] = {HOSTILE, "\"", "\"\"", ",", "a\nb", "城东,工业园\"安置点\""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *field = esc(CSV, names[i]);
        char *back = csv_decode(field);
        cr_expect_str_eq(back, names[i]);
        free(field);
        free(back);
    }
}

Test(rf_csv_formula_like, flags_formulas_but_not_numbers)
{
    cr_expect(rf_csv_formula_like("=1+1"));
    cr_expect(rf_csv_formula_like("@SUM(A1)"));
    cr_expect(rf_csv_formula_like("+cmd|' /C calc'!A0"));
    cr_expect(rf_csv_formula_like("-2+3"));
    cr_expect(rf_csv_formula_like("\tx"));
    cr_expect_not(rf_csv_formula_like("-3.5"));
    cr_expect_not(rf_csv_formula_like("+1,200"));
    cr_expect_not(rf_csv_formula_like("-12.5%"));
    cr_expect_not(rf_csv_formula_like("-"));
    cr_expect_not(rf_csv_formula_like(HOSTILE));
    cr_expect_not(rf_csv_formula_like("S01"));
}

Test(rf_csv_field, defuses_formulas_when_asked)
{
    expect(CSV_DEFUSE, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
    expect(CSV_DEFUSE, "@A1", "'@A1");
    expect(CSV_DEFUSE, "-3.5", "-3.5");
    expect(CSV, "=1+1", "=1+1");
}

Test(rf_html_text, escapes_every_special_character)
{
    expect(HTML, HOSTILE, "A,&quot;B&quot;&lt;script&gt;|");
    expect(HTML, "a & b's", "a &amp; b&#39;s");
    expect(HTML, "&amp;", "&amp;amp;");
    expect(HTML, "资金<缺口>", "资金&lt;缺口&gt;");
}

Test(rf_html_text, drops_control_characters_keeps_utf8)
{
    expect(HTML, "a\x01" "b\x7f" "c\td\n", "abc\td\n");
    expect(HTML, "㎡ 万元 →", "㎡ 万元 →");
}

Test(rf_html_text, long_text_crosses_its_buffer_whole)
{
    /* Longer than the writer's buffer, entities and UTF-8 at every offset. */
    char in[3000], want[9000];
    size_t n = 0, w = 0;
    while (n + 4 < sizeof in) {
        const char *piece = n % 7 == 0 ? "&" : n % 5 == 0 ? "万" : n % 3 == 0 ? "'" : "x";
        const char *out = *piece == '&' ? "&amp;" : *piece == '\'' ? "&#39;" : piece;
        memcpy(in + n, piece, strlen(piece));
        n += strlen(piece);
        memcpy(want + w, out, strlen(out));
        w += strlen(out);
    }
    in[n] = want[w] = '\0';
    expect(HTML, in, want);
}

Test(rf_html_escape, stops_before_an_entity_that_does_not_fit)
{
    char buf[8];
    const char *rest;
    cr_assert_eq(rf_html_escape(buf, 6, "ab<cd", &rest), 6);
    cr_assert_eq(memcmp(buf, "ab&lt;", 6), 0);
    cr_assert_str_eq(rest, "cd");
    cr_assert_eq(rf_html_escape(buf, 4, "ab\"c", &rest), 2);
    cr_assert_str_eq(rest, "\"c");
    cr_assert_eq(rf_html_escape(buf, 8, "\x01\x02", &rest), 0);
    cr_assert_str_eq(rest, "");
    cr_assert_eq(rf_html_escape(buf, 0, "a", &rest), 0);
    cr_assert_str_eq(rest, "a");
}

Test(rf_md_cell, escapes_pipes_and_markup)
{
    expect(MD_CELL, HOSTILE, "A,\"B\"\\<script\\>\\|");
    expect(MD_CELL, "*bold* _it_ `code` [l](u) ~s~ &amp; \\", "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\~s\\~ \\&amp; \\\\");
    expect(MD_CELL, "two\r\nlines\nhere", "two lines here");
    expect(MD_CELL, "安置点 S01", "安置点 S01");
}

Test(rf_md_cell, escaped_cell_has_no_bare_pipe)
{
    char *got = esc(MD_CELL, "a|b||c\\|d");
    for (size_t i = 0; got[i]; i++)
        if (got[i] == '|') {
            size_t bs = 0;
            for (size_t k = i; k > 0 && got[k - 1] == '\\'; k--)
                bs++;
            cr_expect(bs % 2 == 1, "pipe at %zu is not escaped in %s", i, got);
        }
    free(got);
}

Test(rf_md_line, escapes_block_starts)
{
    expect(MD_LINE, "# not a heading", "\\# not a heading");
    expect(MD_LINE, "- not a list", "\\- not a list");
    expect(MD_LINE, "2016. a year", "2016\\. a year");
    expect(MD_LINE, "2016 is fine", "2016 is fine");
    expect(MD_LINE, "=== x", "\\=== x");
    expect(MD_LINE, HOSTILE, "A,\"B\"\\<script\\>\\|");
}

/* What a terminal would obey (ESC sequences, CR, C1 CSI, DEL) reaches no
 * writer raw; UTF-8 text, and TAB and LF where layout allows, pass. */
Test(rf_text_safe, control_characters_become_visible_in_every_text_writer)
{
    static const char *const hostile = "S01\x1b[2J\rFAKE\xc2\x9b" "2J\x7f 城东\tx\ny";
    static const struct {
        writer w;
        const char *expected;
    } cases[] = {
        {TEXT, "S01\\x1B[2J\\x0DFAKE\\u009B2J\\x7F 城东\tx\ny"},
        {MESSAGE, "S01\\x1B[2J\\x0DFAKE\\u009B2J\\x7F 城东\\x09x\\x0Ay"},
        {MD_CELL, "S01\\x1B\\[2J FAKE\\u009B2J\\x7F 城东\\x09x y"},
        {CSV, "\"S01\\x1B[2J\rFAKE\\u009B2J\\x7F 城东\tx\ny\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = esc(cases[i].w, hostile);
        cr_expect_str_eq(got, cases[i].expected, "writer %d", (int)cases[i].w);
        free(got);
    }
    cr_expect_eq(rf_text_control("S01 城东", false), 0);
    cr_expect_eq(rf_text_control("S01\tx", true), 0);
    cr_expect_eq(rf_text_control("S01\tx", false), 0x09);
    cr_expect_eq(rf_text_control("a\xc2\x85", true), 0x85);
}

/* A JSON string keeps UTF-8 as it is and escapes what RFC 8259 asks:
 * quote, backslash and every control character (a newline as \n, the rest
 * as \u00XX, DEL too, so no terminal obeys it), as an HTML report sent in
 * /api/view's JSON has many of each. */
Test(rf_json_string, escapes_quotes_backslashes_and_controls_only)
{
    expect(JSON, "", "\"\"");
    expect(JSON, "城东 S01", "\"城东 S01\"");
    expect(JSON, "<a href=\"x\">\\</a>\n", "\"<a href=\\\"x\\\">\\\\</a>\\n\"");
    expect(JSON, "\x1b[2J\t\r\x7f\x01", "\"\\u001b[2J\\u0009\\u000d\\u007f\\u0001\"");
    expect(JSON, "\"\"", "\"\\\"\\\"\"");
}

/* A string longer than rf_json_string's own buffer, escapes across its
 * edges, comes out whole. */
Test(rf_json_string, a_long_string_with_escapes_comes_out_whole)
{
    enum { N = 10007 };
    char *in = malloc(N + 1), *want = malloc(6 * N + 3);
    cr_assert(in && want);
    size_t w = 0;
    want[w++] = '"';
    for (size_t i = 0; i < N; i++) {
        static const char cycle[] = "a\"b\\\n\x01";
        in[i] = cycle[i % 6];
        const char *e = in[i] == '"'    ? "\\\""
                        : in[i] == '\\' ? "\\\\"
                        : in[i] == '\n'  ? "\\n"
                        : in[i] == 1     ? "\\u0001"
                                         : NULL;
        if (e) {
            memcpy(want + w, e, strlen(e));
            w += strlen(e);
        } else {
            want[w++] = in[i];
        }
    }
    in[N] = '\0';
    want[w++] = '"';
    want[w] = '\0';
    expect(JSON, in, want);
    free(in);
    free(want);
}
