/* Tests of the Markdown, CSV, HTML and XLSX emitters on a small hand-built document. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rf_emit.h"
#include "support.h"

#define HOSTILE "A,\"B\"<script>|"

/* A document with every cell kind, a hostile site name, a total row,
 * flagged cells and one chart of each kind. */
static rf_doc *sample(bool chinese)
{
    rf_doc *d = rf_doc_new(chinese ? "测试县 方案" : "Test county plan", chinese);
    rf_doc_subtitle(d, "scenario %s", "t-1");
    rf_section *s = rf_doc_section(d, chinese ? "结论" : "Summary");
    rf_doc_paragraph(d, s, "Status: %s.", "balanced");
    rf_doc_paragraph(d, s, "  %s: detail", HOSTILE);
    const char *h[] = {"site", "cost", "people", "rate", "area (m²)", "note"};
    rf_table *t = rf_doc_table(d, s, "sites", "Site | balance", 6, h);
    rf_cell *r = rf_doc_row(d, t);
    rf_cell_text(d, &r[0], HOSTILE);
    rf_cell_money(&r[1], 851812500);   /* 851.8125 万元 = 8,518,125 yuan */
    rf_cell_count(&r[2], 1475);
    rf_cell_percent(&r[3], 1176, 1475, 1); /* 79.7% */
    rf_cell_area(&r[4], 12550);             /* 125.5 m² */
    rf_cell_text(d, &r[5], "=1+1");
    r = rf_doc_row(d, t);
    rf_cell_text(d, &r[0], "S02");
    rf_cell_money(&r[1], -150);
    r[1].flag = true;
    rf_cell_count(&r[2], 5);
    rf_cell_percent(&r[3], 1, 0, 1);
    r = rf_doc_row(d, t);
    rf_cell_text(d, &r[0], "total");
    rf_cell_money(&r[1], 851812350);
    rf_cell_count(&r[2], 1480);
    t->has_total = true;

    rf_section *c = rf_doc_section(d, "Charts");
    rf_chart *flow = rf_doc_chart(d, c, RF_CHART_FLOW, "flow", "Flow <of> money");
    int a = rf_chart_label(d, flow, HOSTILE, 0, 0);
    int b = rf_chart_label(d, flow, "loans", 0, 0);
    int u = rf_chart_label(d, flow, "housing", 0, 0);
    int v = rf_chart_label(d, flow, "land", 0, 0);
    int z = rf_chart_label(d, flow, "unused", 0, 0);
    (void)z;
    rf_chart_link_add(d, flow, a, u, 300000000);
    rf_chart_link_add(d, flow, a, v, 100000000);
    rf_chart_link_add(d, flow, b, u, 500000000);
    rf_chart *bars = rf_doc_chart(d, c, RF_CHART_BARS, "bars", "Per site");
    rf_chart_label(d, bars, "S-gap", 400000000, 300000000);
    rf_chart_label(d, bars, "S-surplus", 200000000, 250000000);
    rf_chart_label(d, bars, "S-even", 100000000, 100000000);
    rf_chart *cap = rf_doc_chart(d, c, RF_CHART_CAP, "cap", "Cap");
    rf_chart_label(d, cap, "S01 3-person", 900000, 1000000);
    rf_chart_label(d, cap, "S02 5-person", 1250000, 1000000);
    cr_assert(rf_doc_ok(d));
    return d;
}

typedef rf_status (*stream_emitter)(const rf_doc *, const rf_emit_options *, FILE *);

static char *emit(stream_emitter fn, const rf_doc *d, const rf_emit_options *o, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    cr_assert_not_null(f);
    cr_assert_eq(fn(d, o, f), RF_OK);
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

/* ---------------------------------------------------------------- md */

Test(rf_emit_md, tables_have_one_cell_per_column)
{
    rf_doc *d = sample(false);
    char *md = emit(rf_emit_md, d, NULL, NULL);
    size_t rows = 0;
    for (char *line = strtok(md, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '|')
            continue;
        size_t pipes = 0;
        for (size_t i = 0; line[i]; i++)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
                pipes++;
        cr_expect_eq(pipes, 7, "line has %zu unescaped pipes: %s", pipes, line);
        rows++;
    }
    cr_expect_eq(rows, 2 + 3, "header, alignment row and three rows");
    free(md);
    rf_doc_free(d);
}

Test(rf_emit_md, escapes_and_formats_cells)
{
    rf_doc *d = sample(false);
    char *md = emit(rf_emit_md, d, NULL, NULL);
    cr_expect(strstr(md, "| A,\"B\"\\<script\\>\\| | 851.8125 | 1,475 | 79.7% | 125.5 | =1+1 |"),
              "%s", md);
    cr_expect(strstr(md, "| --- | ---: | ---: | ---: | ---: | --- |"));
    cr_expect(strstr(md, "**-0.0002** !"), "flagged cell bold with a mark");
    cr_expect(strstr(md, "| **total** | **851.8124** | **1,480** |"), "total row bold");
    cr_expect(strstr(md, "**Site \\| balance**"), "table title escaped");
    cr_expect(strstr(md, "- A,\"B\"\\<script\\>\\|: detail"), "indented paragraph is a list item");
    cr_expect_null(strstr(md, "<script>"));
    cr_expect_null(strstr(md, "Flow"), "charts are not in Markdown");
    free(md);
    rf_doc_free(d);
}

Test(rf_emit_md, yuan_unit)
{
    rf_doc *d = sample(true);
    rf_emit_options o = {.yuan = true};
    char *md = emit(rf_emit_md, d, &o, NULL);
    cr_expect(strstr(md, "金额单位：元"));
    cr_expect(strstr(md, "| 8,518,125.00 |"), "%s", md);
    free(md);
    rf_doc_free(d);
}

/* --------------------------------------------------------------- csv */

/* Splits CSV text into records of fields (RFC 4180), checking that every
 * line ends in CRLF.  Returns the number of records; fields[r][c]. */
static size_t csv_parse(const char *s, char *fields[64][8], size_t n_fields[64])
{
    size_t r = 0, c = 0;
    char field[512];
    size_t o = 0;
    bool quoted = false, any = false;
    memset(n_fields, 0, 64 * sizeof *n_fields);
    for (const char *p = s;; p++) {
        if (quoted) {
            cr_assert(*p, "unterminated quoted field");
            if (*p == '"' && p[1] == '"') {
                field[o++] = '"';
                p++;
            } else if (*p == '"') {
                quoted = false;
            } else {
                field[o++] = *p;
            }
            continue;
        }
        if (*p == '"' && o == 0) {
            quoted = any = true;
            continue;
        }
        if (*p == ',' || *p == '\r' || *p == '\0') {
            if (*p == '\0' && !any && o == 0 && c == 0)
                break;
            field[o] = '\0';
            cr_assert(r < 64 && c < 8);
            fields[r][c++] = strdup(field);
            o = 0;
            any = true;
            if (*p == '\r') {
                cr_assert_eq(p[1], '\n', "CR without LF");
                p++;
                n_fields[r++] = c;
                c = 0;
                any = false;
            } else if (*p == '\0') {
                n_fields[r++] = c;
                break;
            }
            continue;
        }
        cr_assert_neq(*p, '\n', "bare LF in CSV");
        field[o++] = *p;
        any = true;
    }
    return r;
}

static void csv_free(char *fields[64][8], size_t n_fields[64], size_t n)
{
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < n_fields[r]; c++)
            free(fields[r][c]);
}

Test(rf_emit_csv, documented_layout_and_round_trip)
{
    rf_doc *d = sample(false);
    char *csv = emit(rf_emit_csv, d, NULL, NULL);
    char *f[64][8];
    size_t nf[64];
    size_t n = csv_parse(csv, f, nf);
    cr_assert_eq(n, 9, "title, subtitle, unit, blank, table title, header, 3 rows: %s", csv);
    cr_expect_str_eq(f[0][0], "Test county plan");
    cr_expect_str_eq(f[1][0], "scenario t-1");
    cr_expect_eq(nf[3], 1);
    cr_expect_str_eq(f[3][0], "", "an empty line before each table");
    cr_expect_str_eq(f[4][0], "Site | balance");
    cr_expect_eq(nf[5], 6);
    cr_expect_str_eq(f[5][4], "area (m²)");
    cr_expect_str_eq(f[6][0], HOSTILE, "the hostile name reads back intact");
    cr_expect_str_eq(f[6][1], "851.81250", "万元 exactly, no grouping, the column's decimals");
    cr_expect_str_eq(f[6][2], "1475", "counts without grouping");
    cr_expect_str_eq(f[6][3], "79.7%");
    cr_expect_str_eq(f[6][4], "125.5");
    cr_expect_str_eq(f[6][5], "'=1+1", "a formula-like text is defused");
    cr_expect_str_eq(f[7][1], "-0.00015");
    cr_expect_str_eq(f[7][3], "-");
    cr_expect_str_eq(f[8][1], "851.81235");
    cr_expect_neq((unsigned char)csv[0], 0xEF, "no BOM unless asked");
    csv_free(f, nf, n);
    free(csv);
    rf_doc_free(d);
}

Test(rf_emit_csv, excel_bom_and_yuan)
{
    rf_doc *d = sample(true);
    rf_emit_options o = {.yuan = true, .excel_bom = true};
    char *csv = emit(rf_emit_csv, d, &o, NULL);
    cr_assert_eq(memcmp(csv, "\xEF\xBB\xBF", 3), 0, "UTF-8 BOM first");
    char *f[64][8];
    size_t nf[64];
    size_t n = csv_parse(csv + 3, f, nf);
    cr_expect_str_eq(f[0][0], "测试县 方案");
    cr_expect_str_eq(f[2][0], "金额单位：元");
    cr_expect_str_eq(f[6][1], "8518125.00", "yuan with two decimals, no grouping");
    cr_expect_str_eq(f[7][1], "-1.50");
    csv_free(f, nf, n);
    free(csv);
    rf_doc_free(d);
}

/* -------------------------------------------------------------- html */

Test(rf_emit_html, self_contained_and_harmless)
{
    rf_doc *d = sample(false);
    char *html = emit(rf_emit_html, d, NULL, NULL);
    cr_expect_null(strcasestr(html, "<script"), "no script element, even from a label");
    cr_expect_null(strstr(html, "http://"), "nothing fetched");
    cr_expect_null(strstr(html, "https://"));
    cr_expect_null(strcasestr(html, " src="));
    cr_expect_null(strcasestr(html, "@import"));
    cr_expect_null(strcasestr(html, "url(http"));
    cr_expect(strstr(html, "default-src 'none'"), "a CSP forbids scripts and fetches");
    cr_expect(strstr(html, "<td>A,&quot;B&quot;&lt;script&gt;|</td>"), "hostile name escaped");
    cr_expect(strstr(html, "<li>A,&quot;B&quot;&lt;script&gt;|: detail</li>"));
    cr_expect(strstr(html, "<caption>Site | balance</caption>"));
    cr_expect(strstr(html, "<td class=\"n\">851.8125</td>"));
    cr_expect(strstr(html, "<td class=\"n flag\">-0.0002</td>"), "万元 to the yuan");
    cr_expect(strstr(html, "<tfoot>\n<tr><td>total</td>"), "total row in tfoot");
    cr_expect(strstr(html, "<html lang=\"en\">"));
    free(html);
    rf_doc_free(d);
}

Test(rf_emit_html, parts_are_the_pages_own_bytes)
{
    /* sample's summary holds a table; a last section mixes text and a
     * chart, so the page puts it after the charts-only section and its
     * chart comes last. */
    for (int zh = 0; zh < 2; zh++) {
        rf_doc *d = sample(zh);
        rf_section *m = rf_doc_section(d, "Mixed");
        rf_doc_paragraph(d, m, "Text before a chart.");
        rf_chart *late = rf_doc_chart(d, m, RF_CHART_BARS, "late", "Late bars");
        rf_chart_label(d, late, "S-late", 100000000, 90000000);
        cr_assert(rf_doc_ok(d));
        char *page = emit(rf_emit_html, d, NULL, NULL), *want_summary, *want_charts;
        cr_assert(rf_html_page_parts(page, &want_summary, &want_charts));
        char *summary = NULL, *charts = NULL;
        size_t ns = 0, nc = 0;
        FILE *fs = open_memstream(&summary, &ns), *fc = open_memstream(&charts, &nc);
        cr_assert_eq(rf_emit_html_parts(d, NULL, fs, fc), RF_OK);
        fclose(fs);
        fclose(fc);
        cr_expect(strstr(summary, "<caption>Site | balance</caption>") != NULL);
        cr_expect_eq(rf_count(charts, "<figure "), 4);
        cr_expect(strstr(charts, "id=\"chart-late\"") > strstr(charts, "id=\"chart-cap\""));
        cr_expect_str_eq(summary, want_summary);
        cr_expect_str_eq(charts, want_charts);
        free(summary);
        free(charts);
        free(want_summary);
        free(want_charts);
        free(page);
        rf_doc_free(d);
    }
}

Test(rf_emit_html, tags_balance)
{
    rf_doc *d = sample(true);
    char *html = emit(rf_emit_html, d, NULL, NULL);
    const char *tags[] = {"section", "table", "svg", "figure", "tbody", "thead", "tfoot",
                          "ul", "g", "title", "text", "pattern", "defs"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char open[32], open_attr[32], close[32];
        snprintf(open, sizeof open, "<%s>", tags[i]);
        snprintf(open_attr, sizeof open_attr, "<%s ", tags[i]);
        snprintf(close, sizeof close, "</%s>", tags[i]);
        cr_expect_eq(rf_count(html, open) + rf_count(html, open_attr), rf_count(html, close),
                     "<%s> opened and closed alike", tags[i]);
    }
    cr_expect(strstr(html, "<html lang=\"zh-CN\">"));
    free(html);
    rf_doc_free(d);
}

Test(rf_emit_html, charts_are_inline_svg)
{
    rf_doc *d = sample(true);
    char *html = emit(rf_emit_html, d, NULL, NULL);
    cr_expect_eq(rf_count(html, "<svg "), 3, "one SVG per chart");
    /* Flow: one band per link, unused node left out, titles escaped. */
    const char *flow = strstr(html, "id=\"chart-flow\"");
    const char *bars = strstr(html, "id=\"chart-bars\"");
    const char *cap = strstr(html, "id=\"chart-cap\"");
    cr_assert(flow && bars && cap && flow < bars && bars < cap);
    size_t bands = 0;
    for (const char *p = strstr(flow, "<path d="); p && p < bars; p = strstr(p + 1, "<path d="))
        bands++;
    cr_expect_eq(bands, 3);
    cr_expect(strstr(flow, "Flow &lt;of&gt; money"));
    cr_expect(strstr(flow, "A,&quot;B&quot;&lt;script&gt;| → housing: 300"), "link tooltip");
    char *unused = strstr(html, ">unused");
    cr_expect_null(unused, "a node without money is not drawn");
    /* Bars: the gap (100 万元) and the surplus (50 万元) are marked. */
    cr_expect(strstr(bars, "缺口 100<"), "gap marked");
    cr_expect(strstr(bars, "结余 50<"), "surplus marked");
    cr_expect(strstr(bars, "资金已落实<"), "no claim of balance from the bars alone");
    cr_expect(strstr(bars, "url(#hatch"));
    /* Cap: one class over the cap (red), one cap line at 10,000 yuan. */
    cr_expect(strstr(cap, "12,500.00 元（超出 2,500.00）"), "over-cap class labelled");
    cr_expect(strstr(cap, "fill=\"#c0392b\"><title>"), "over-cap bar red");
    cr_expect(strstr(cap, "上限 10,000.00 元"), "cap line labelled");
    cr_expect(strstr(cap, "stroke-dasharray=\"6 4\""), "one dashed cap line");
    free(html);
    rf_doc_free(d);
}

/* A builder's note says a label's status, in the report's unit, and a
 * chart with nothing to show is one sentence. */
Test(rf_emit_html, notes_and_sentences_in_place_of_charts)
{
    rf_doc *d = rf_doc_new("t", true);
    rf_section *s = rf_doc_section(d, "图表");
    rf_chart *bars = rf_doc_chart(d, s, RF_CHART_BARS, "bars", "各安置点");
    int i = rf_chart_label(d, bars, "S01", 100000000, 100000000);
    char m[48], note[96];
    snprintf(note, sizeof note, "3 户超出自筹上限，共 %s", rf_amount_mark(m, 1234567));
    rf_chart_note(d, bars, i, note, true);
    rf_chart *cap = rf_doc_chart(d, s, RF_CHART_CAP, "cap", "户均自筹");
    rf_chart_instead(d, cap, "没有建档立卡户需要自筹，上限 %s。", rf_yuan_mark(m, 1000000));
    cr_assert(rf_doc_ok(d));
    char *html = emit(rf_emit_html, d, NULL, NULL);
    cr_expect(strstr(html, "class=\"gap\">3 户超出自筹上限，共 1.2346 万元<"), "%s", html);
    cr_expect_null(strstr(html, "资金已落实"), "the note replaces the emitter's words");
    cr_expect(strstr(html, "<p>没有建档立卡户需要自筹，上限 10,000.00 元。</p>"));
    cr_expect_eq(rf_count(html, "<svg "), 1, "the empty chart is not drawn");
    free(html);
    rf_emit_options yuan = {.yuan = true};
    html = emit(rf_emit_html, d, &yuan, NULL);
    cr_expect(strstr(html, "共 12,345.67 元<"), "the note follows --unit yuan");
    free(html);
    rf_emit_options exact = {.exact = true};
    html = emit(rf_emit_html, d, &exact, NULL);
    cr_expect(strstr(html, "共 1.234567 万元<"), "and --exact");
    free(html);
    rf_doc_free(d);
}

/* Pairs (A against B per label) and lines (series over labels) are drawn
 * as SVG with their notes, in the report's unit, with round ticks. */
Test(rf_emit_html, pairs_and_lines)
{
    rf_doc *d = rf_doc_new("t", false);
    rf_section *s = rf_doc_section(d, "Charts");
    rf_chart *p = rf_doc_chart(d, s, RF_CHART_PAIRS, "pairs", "A and B");
    rf_chart_label(d, p, "S01", 300000000, 300000000);
    int i = rf_chart_label(d, p, "S02", 100000000, 250000000);
    rf_chart_note(d, p, i, "change +150", true);
    rf_chart *l = rf_doc_chart(d, s, RF_CHART_LINE, "line", "Line");
    rf_chart_label(d, l, "1", 0, 0);
    rf_chart_label(d, l, "2", 0, 0);
    i = rf_chart_label(d, l, "3", 0, 0);
    rf_chart_note(d, l, i, "over a cap", true);
    rf_fen v1[] = {0, 123456789, 412345678}, v2[] = {5000000, 5000000, 5000000};
    cr_expect_eq(rf_chart_series(d, l, "gap", v1), 0);
    cr_expect_eq(rf_chart_series(d, l, "agri", v2), 1);
    cr_assert(rf_doc_ok(d));
    char *html = emit(rf_emit_html, d, NULL, NULL);
    cr_expect_eq(rf_count(html, "<svg "), 2);
    cr_expect(strstr(html, "class=\"gap\">change +150<"), "%s", html);
    cr_expect(strstr(html, ">A (base)<") && strstr(html, ">B (changed)<"));
    cr_expect_eq(rf_count(html, "<polyline"), 2, "one line per series");
    cr_expect(strstr(html, "<title>gap</title></polyline>"));
    cr_expect(strstr(html, "class=\"gap\">over a cap<"), "the marked label");
    cr_expect(strstr(html, ">500<"), "round ticks in 万元: %s", html);
    cr_expect_null(strstr(html, ">412.3"), "no tick at the raw maximum");
    free(html);
    rf_doc_free(d);
}

Test(rf_emit_html, english_chart_labels)
{
    rf_doc *d = sample(false);
    char *html = emit(rf_emit_html, d, NULL, NULL);
    cr_expect(strstr(html, ">gap 100<"));
    cr_expect(strstr(html, ">surplus 50<"));
    cr_expect(strstr(html, "cap 10,000.00 yuan"));
    cr_expect_null(strstr(html, "缺口"));
    free(html);
    rf_doc_free(d);
}

Test(rf_emit_html, chart_scale_is_proportional)
{
    /* Two sources of 1 and 3 into one use: band widths in ratio 1:3. */
    rf_doc *d = rf_doc_new("t", false);
    rf_section *s = rf_doc_section(d, "c");
    rf_chart *f = rf_doc_chart(d, s, RF_CHART_FLOW, "f", "f");
    int a = rf_chart_label(d, f, "a", 0, 0), b = rf_chart_label(d, f, "b", 0, 0),
        u = rf_chart_label(d, f, "u", 0, 0);
    rf_chart_link_add(d, f, a, u, 100);
    rf_chart_link_add(d, f, b, u, 300);
    char *html = emit(rf_emit_html, d, NULL, NULL);
    double h[3] = {0};
    int k = 0;
    for (const char *p = strstr(html, "<rect x="); p && k < 3; p = strstr(p + 1, "<rect x=")) {
        const char *q = strstr(p, "height=\"");
        cr_assert_not_null(q);
        h[k++] = strtod(q + 8, NULL);
    }
    cr_assert_eq(k, 3);
    cr_expect(h[1] > 2.9 * h[0] && h[1] < 3.1 * h[0], "b is three times a: %f %f", h[0], h[1]);
    cr_expect(h[2] > 3.9 * h[0] && h[2] < 4.1 * h[0], "u is the sum: %f", h[2]);
    free(html);
    rf_doc_free(d);
}

/* -------------------------------------------------------------- xlsx */

/* Unzips one member of an xlsx into a string (freed by the caller). */
static char *unzip_member(const char *xlsx, const char *member)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, member);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, 4096, p);
        if (r == 0)
            break;
        n += r;
    }
    buf[n] = '\0';
    cr_assert_eq(pclose(p), 0, "unzip %s %s failed", xlsx, member);
    return buf;
}

static bool have_unzip(void)
{
    return system("unzip -v >/dev/null 2>&1") == 0;
}

static char *xlsx_of(rf_doc *d, const rf_emit_options *o)
{
    char tmpl[] = "/tmp/rf-test-xlsx-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    char *path = malloc(strlen(tmpl) + 16);
    sprintf(path, "%s/out.xlsx", tmpl);
    rf_error err = {0};
    cr_assert_eq(rf_emit_xlsx(d, o, path, &err), RF_OK, "%s", err.message);
    return path;
}

static void xlsx_cleanup(char *path)
{
    unlink(path);
    *strrchr(path, '/') = '\0';
    rmdir(path);
    free(path);
}

Test(rf_emit_xlsx, summary_first_then_a_sheet_per_table)
{
    if (!rf_emit_xlsx_available() || !have_unzip())
        cr_skip_test("built without libxlsxwriter or unzip missing");
    rf_doc *d = sample(false);
    char *path = xlsx_of(d, NULL);
    char *wb = unzip_member(path, "xl/workbook.xml");
    const char *s1 = strstr(wb, "<sheet name=\"Summary\" sheetId=\"1\"");
    const char *s2 = strstr(wb, "<sheet name=\"Site | balance\" sheetId=\"2\"");
    cr_expect(s1 && s2 && s1 < s2, "%s", wb);
    char *sum = unzip_member(path, "xl/worksheets/sheet1.xml");
    char *strings = unzip_member(path, "xl/sharedStrings.xml");
    cr_expect(strstr(strings, "Test county plan"));
    cr_expect(strstr(strings, "A,&quot;B&quot;&lt;script&gt;|") ||
                  strstr(strings, "A,\"B\"&lt;script&gt;|"),
              "hostile name stored as text: %s", strings);
    cr_expect(strstr(sum, "location=\"'Site | balance'!A1\""), "summary links to the table sheets");
    free(wb);
    free(sum);
    free(strings);
    xlsx_cleanup(path);
    rf_doc_free(d);
}

Test(rf_emit_xlsx, numbers_are_numbers_with_formats)
{
    if (!rf_emit_xlsx_available() || !have_unzip())
        cr_skip_test("built without libxlsxwriter or unzip missing");
    rf_doc *d = sample(false);
    char *path = xlsx_of(d, NULL);
    char *sheet = unzip_member(path, "xl/worksheets/sheet2.xml");
    char *styles = unzip_member(path, "xl/styles.xml");
    cr_expect(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                            "state=\"frozen\"/>"),
              "header row frozen");
    /* B2 money, C2 count, D2 percent, E2 area: numeric cells, not strings. */
    /* B4, C4: the total row's SUM formulas with their values cached. */
    const char *cells[] = {"r=\"B2\"", "r=\"C2\"", "r=\"D2\"", "r=\"E2\"", "r=\"B4\"", "r=\"C4\""};
    const char *values[] = {"<v>851.8125</v>", "<v>1475</v>", "<v>0.797", "<v>125.5</v>",
                            "<f>SUM(B2:B3)</f><v>851.81235</v>", "<f>SUM(C2:C3)</f><v>1480</v>"};
    for (size_t i = 0; i < 6; i++) {
        const char *c = strstr(sheet, cells[i]);
        cr_assert_not_null(c, "cell %s", cells[i]);
        const char *end = strstr(c, "</c>");
        cr_assert_not_null(end);
        char cell[256];
        snprintf(cell, sizeof cell, "%.*s", (int)(end - c), c);
        cr_expect_null(strstr(cell, "t=\"s\""), "%s is not a string: %s", cells[i], cell);
        cr_expect(strstr(cell, values[i]), "%s holds %s: %s", cells[i], values[i], cell);
    }
    cr_expect(strstr(styles, "formatCode=\"#,##0.0000\""), "money in 万元 to the yuan");
    cr_expect_null(strstr(styles, "#,##0.0000##"));
    cr_expect(strstr(styles, "formatCode=\"#,##0\""), "counts");
    cr_expect(strstr(styles, "formatCode=\"0.0%\""), "percent");
    free(sheet);
    free(styles);
    xlsx_cleanup(path);
    rf_doc_free(d);
}

Test(rf_emit_xlsx, yuan_format)
{
    if (!rf_emit_xlsx_available() || !have_unzip())
        cr_skip_test("built without libxlsxwriter or unzip missing");
    rf_doc *d = sample(false);
    rf_emit_options o = {.yuan = true};
    char *path = xlsx_of(d, &o);
    char *sheet = unzip_member(path, "xl/worksheets/sheet2.xml");
    char *styles = unzip_member(path, "xl/styles.xml");
    cr_expect(strstr(sheet, "<v>8518125</v>"), "money in yuan");
    cr_expect(strstr(styles, "formatCode=\"#,##0.00\""));
    cr_expect_null(strstr(styles, "#,##0.0000##"));
    free(sheet);
    free(styles);
    xlsx_cleanup(path);
    rf_doc_free(d);
}

Test(rf_emit_xlsx, sheet_names_valid_and_unique)
{
    if (!rf_emit_xlsx_available() || !have_unzip())
        cr_skip_test("built without libxlsxwriter or unzip missing");
    rf_doc *d = rf_doc_new("t", false);
    rf_section *s = rf_doc_section(d, "s");
    const char *h[] = {"x"};
    const char *ids[] = {"a_very_long_table_identifier_beyond_31", "a_very_long_table_identifier_beyond_32",
                         "Summary", "bad[]:*?/\\name", "'quoted'", "表格一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        rf_table *t = rf_doc_table(d, s, "id", ids[i], 1, h);
        rf_cell_count(rf_doc_row(d, t), (int64_t)i);
    }
    char *path = xlsx_of(d, NULL);
    char *wb = unzip_member(path, "xl/workbook.xml");
    cr_expect(strstr(wb, "name=\"a_very_long_table_identifier_be\""), "%s", wb);
    cr_expect(strstr(wb, "name=\"a_very_long_table_identifier_~2\""));
    cr_expect(strstr(wb, "name=\"Summary~2\""), "case-insensitive clash with summary");
    cr_expect(strstr(wb, "name=\"bad_______name\""));
    cr_expect(strstr(wb, "name=\"quoted\""));
    cr_expect(strstr(wb, "name=\"表格一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\"") == NULL);
    cr_expect(strstr(wb, "name=\"表格一二三四五六七八九十一二三四五六七八九十一二三四五六七八九\""),
              "31 characters, not bytes");
    free(wb);
    xlsx_cleanup(path);
    rf_doc_free(d);
}

Test(rf_emit_xlsx, unwritable_path_is_an_error_value)
{
    if (!rf_emit_xlsx_available())
        cr_skip_test("built without libxlsxwriter");
    rf_doc *d = sample(false);
    rf_error err = {0};
    cr_expect_eq(rf_emit_xlsx(d, NULL, "/nonexistent-dir/x/out.xlsx", &err), RF_ERR_OUTPUT);
    cr_expect(strlen(err.message) > 0);
    cr_expect_str_eq(err.file, "/nonexistent-dir/x/out.xlsx");
    rf_doc_free(d);
}

/* A line chart whose numbers stand in a table is a native chart beside it,
 * referring to the table's body rows (the total row left out); a line
 * chart without cells, and one whose table does not fit, are left out. */
Test(rf_emit_xlsx, a_line_chart_of_a_table_is_a_native_chart_of_its_cells)
{
    if (!rf_emit_xlsx_available() || !have_unzip())
        cr_skip_test("built without libxlsxwriter or unzip missing");
    rf_doc *d = sample(false);
    const rf_table *t = d->sections[0].tables[0];
    rf_section *s = rf_doc_section(d, "More charts");
    rf_chart *line = rf_doc_chart(d, s, RF_CHART_LINE, "line", "Cost and people");
    rf_chart *loose = rf_doc_chart(d, s, RF_CHART_LINE, "loose", "No cells");
    rf_chart *misfit = rf_doc_chart(d, s, RF_CHART_LINE, "misfit", "Three labels");
    rf_fen v[3] = {1, 2, 3};
    for (int k = 0; k < 2; k++) {
        rf_chart_label(d, line, k ? "S02" : "S01", 0, 0);
        rf_chart_label(d, loose, k ? "S02" : "S01", 0, 0);
    }
    for (int k = 0; k < 3; k++)
        rf_chart_label(d, misfit, "S", 0, 0);
    rf_chart_series(d, line, "cost", v);
    rf_chart_series(d, line, "people", v);
    rf_chart_series(d, loose, "cost", v);
    rf_chart_series(d, misfit, "cost", v);
    rf_chart_axes(d, line, "site", false, NULL);
    rf_chart_data(d, line, t, 0, (const size_t[]){1, 2});
    rf_chart_data(d, misfit, t, 0, (const size_t[]){1});
    cr_assert(rf_doc_ok(d));
    cr_expect_null(misfit->data, "a table that does not fit is ignored");
    char *path = xlsx_of(d, NULL);
    char *chart = unzip_member(path, "xl/charts/chart1.xml");
    cr_expect_eq(rf_count(chart, "<c:ser>"), 2);
    const char *want[] = {"<c:f>'Site | balance'!$B$1</c:f>",
                          "<c:f>'Site | balance'!$A$2:$A$3</c:f>",
                          "<c:f>'Site | balance'!$B$2:$B$3</c:f>",
                          "<c:f>'Site | balance'!$C$1</c:f>",
                          "<c:f>'Site | balance'!$C$2:$C$3</c:f>",
                          "<a:t>Cost and people</a:t>",
                          "<a:t>site</a:t>",
                          "<a:t>Amount (万元)</a:t>"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(strstr(chart, want[i]), "%s in %s", want[i], chart);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -l '%s' | grep -q 'xl/charts/chart2.xml'", path);
    cr_expect_neq(system(cmd), 0, "only the chart with cells is drawn");
    char *rels = unzip_member(path, "xl/worksheets/_rels/sheet2.xml.rels");
    cr_expect(strstr(rels, "../drawings/drawing1.xml"), "beside its table: %s", rels);
    free(rels);
    free(chart);
    xlsx_cleanup(path);
    rf_doc_free(d);
}

/* The ranked bar chart: a bar per label in the given order, coloured by
 * its group, the legend naming the groups, the value axis titled, notes
 * escaped beside the bars. */
Test(rf_emit_html, ranked_bars_in_order_with_groups_and_notes)
{
    rf_doc *d = rf_doc_new("Ranked", false);
    rf_section *s = rf_doc_section(d, "Charts");
    rf_chart *c = rf_doc_chart(d, s, RF_CHART_RANKED, "ranked", "Rules");
    int g0 = rf_chart_series(d, c, "gap", NULL), g1 = rf_chart_series(d, c, "loans", NULL);
    rf_chart_note(d, c, rf_chart_label(d, c, HOSTILE, -1000000, g0), "gap falls", true);
    rf_chart_note(d, c, rf_chart_label(d, c, "second", 500000, g1), "loans rise", false);
    rf_chart_axes(d, c, NULL, false, "change (yuan)");
    cr_assert(rf_doc_ok(d));
    char *html = emit(rf_emit_html, d, NULL, NULL);
    const char *fig = strstr(html, "id=\"chart-ranked\"");
    cr_assert(fig);
    const char *first = strstr(fig, "A,&quot;B&quot;&lt;script&gt;|");
    const char *second = strstr(fig, ">second<");
    cr_expect(first && second && first < second, "bars in the builder's order");
    cr_expect(strstr(fig, "fill=\"#4e79a7\"><title>A,&quot;B&quot;&lt;script&gt;|: gap falls"),
              "the first group's colour, the note in the tooltip: %s", fig);
    cr_expect(strstr(fig, "fill=\"#f28e2b\"><title>second: loans rise"));
    cr_expect(strstr(fig, "class=\"gap\">gap falls<"), "an alert note is red");
    cr_expect(strstr(fig, ">10,000<"), "round ticks in yuan: |a| of 10,000 yuan");
    cr_expect(strstr(fig, ">change (yuan)<"));
    cr_expect(strstr(fig, ">loans<"), "the legend");
    free(html);
    rf_doc_free(d);
}

/* rf_svg_number(x) must equal snprintf's "%.1f" of x. */
static void expect_svg_number(double x)
{
    char want[400], got[400];
    int n = snprintf(want, sizeof want, "%.1f", x);
    size_t len = rf_svg_number(got, sizeof got, x);
    cr_assert_str_eq(got, want, "x = %.17g", x);
    cr_assert_eq(len, (size_t)n, "x = %.17g", x);
}

Test(rf_svg_number, equals_printf_ties_signs_and_large_values)
{
    static const double cases[] = {0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, -0.25, -0.35, -0.04,
                                   0.95, 9.95, 99.95, 1e6 + 0.05, 9999999.95, 1e7, 1e7 + 0.05,
                                   -1e7, 1e15 + 0.25, 1e300, -1e300, 4.5e-320, 123.4567,
                                   -987.65, 1.0 / 3, 2.0 / 3};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_svg_number(cases[i]);
    expect_svg_number(1.0 / 0.0);
    expect_svg_number(-1.0 / 0.0);
    expect_svg_number(0.0 / 0.0);
    /* Every multiple of 0.005 (ties at each 0.05) and values next to them,
     * and a spread of values computed as a chart computes them. */
    for (int k = -200000; k <= 200000; k++) {
        double x = k * 0.005;
        expect_svg_number(x);
        expect_svg_number(nextafter(x, 1e9));
        expect_svg_number(nextafter(x, -1e9));
        expect_svg_number(34 + 770.0 * (double)k / 1234567.0);
    }
    unsigned long long r = 17;
    for (int k = 0; k < 200000; k++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        double x = (double)(r >> 11) / (double)(1ULL << 53) * 2e7 - 1e7;
        expect_svg_number(x);
        expect_svg_number(x / 1000);
    }
}

Test(rf_svg_number, cuts_like_snprintf_in_a_small_buffer)
{
    char buf[8];
    cr_assert_eq(rf_svg_number(buf, sizeof buf, 123456.25), 7);
    cr_assert_str_eq(buf, "123456.");
    cr_assert_eq(rf_svg_number(buf, sizeof buf, 2.5), 3);
    cr_assert_str_eq(buf, "2.5");
}
