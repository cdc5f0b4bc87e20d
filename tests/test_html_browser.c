/* The HTML report in a real headless browser (Debian's chromium): it renders,
 * a screenshot is taken, and the console stays silent.  Skipped when
 * chromium is absent (scripts/setup-browser.sh installs it). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

/* The browser to use: $RF_CHROMIUM, or chromium on the PATH; NULL if none. */
static const char *chromium(void)
{
    const char *env = getenv("RF_CHROMIUM");
    if (env && *env)
        return env;
    if (system("command -v chromium >/dev/null 2>&1") == 0)
        return "chromium";
    return NULL;
}

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/rf-test-browser-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    return strdup(tmpl);
}

static void remove_tree(char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
    free(dir);
}

/* Runs chromium headless on file://page with extra flags, stdout to out
 * and stderr to log; returns the shell's status. */
static int run_browser(const char *browser, const char *page, const char *extra, const char *out,
                       const char *log, const char *profile)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "timeout 120 %s --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync "
             "--hide-scrollbars --user-data-dir='%s' %s 'file://%s' >'%s' 2>'%s'",
             browser, profile, extra, page, out, log);
    return system(cmd);
}

/* Lines of the browser log that report page console messages or errors. */
static size_t console_lines(const char *log, char *first, size_t size)
{
    size_t n = 0;
    first[0] = '\0';
    for (const char *p = log; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)(len < 2047 ? len : 2047), p);
        if (strstr(line, ":CONSOLE") || strstr(line, "Uncaught") ||
            strstr(line, "Content Security Policy")) {
            if (!n)
                snprintf(first, size, "%s", line);
            n++;
        }
        p = end ? end + 1 : NULL;
    }
    return n;
}

static void read_png_size(const char *path, unsigned *w, unsigned *h, long *bytes)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "no screenshot at %s", path);
    unsigned char head[24];
    cr_assert_eq(fread(head, 1, 24, f), 24);
    cr_assert_eq(memcmp(head, "\x89PNG\r\n\x1a\n", 8), 0, "a PNG file");
    cr_assert_eq(memcmp(head + 12, "IHDR", 4), 0);
    *w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 | (unsigned)head[18] << 8 | head[19];
    *h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 | (unsigned)head[22] << 8 | head[23];
    fseek(f, 0, SEEK_END);
    *bytes = ftell(f);
    fclose(f);
}

Test(html_browser, report_renders_without_console_errors)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed: run scripts/setup-browser.sh (make check does) "
                     "to check the HTML report in a headless browser");
    char *dir = make_tmpdir();
    char page[1024], shot[1024], dom[1024], log[1024], out[1024], profile[1024];
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(shot, sizeof shot, "%s/report.png", dir);
    snprintf(dom, sizeof dom, "%s/dom.html", dir);
    snprintf(log, sizeof log, "%s/browser.log", dir);
    snprintf(out, sizeof out, "%s/browser.out", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    rf_run_result r = rf_run_cli((const char *[]){"solve", "scenarios/example-county/2016.json",
                                                  "--format", "html", "-o", page, NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);

    char flags[1200];
    snprintf(flags, sizeof flags, "--window-size=1280,2000 --screenshot='%s'", shot);
    int st = run_browser(browser, page, flags, out, log, profile);
    cr_assert_eq(st, 0, "chromium --screenshot failed (status %d)", st);
    unsigned w, h;
    long bytes;
    read_png_size(shot, &w, &h, &bytes);
    cr_expect_eq(w, 1280);
    cr_expect_eq(h, 2000);
    /* A blank or broken page compresses to a few kilobytes; the report with
     * its tables and charts does not. */
    cr_expect_gt(bytes, 60000, "screenshot of %ld bytes looks empty", bytes);

    st = run_browser(browser, page, "--enable-logging=stderr --v=0 --dump-dom", dom, log,
                     profile);
    cr_assert_eq(st, 0, "chromium --dump-dom failed (status %d)", st);
    char *html = rf_read_file(dom, NULL);
    char *blog = rf_read_file(log, NULL);
    cr_assert_not_null(html);
    cr_expect_eq(rf_count(html, "<svg "), 2, "two charts in the rendered DOM");
    /* Nobody pays anything: the cap chart is one sentence, not 44 empty rows. */
    cr_expect(strstr(html, "没有建档立卡户需要自筹"), "the empty cap chart is a sentence");
    cr_expect(strstr(html, "id=\"chart-flow\""));
    cr_expect(strstr(html, "id=\"table-sites\""));
    char first[2048];
    size_t n = console_lines(blog ? blog : "", first, sizeof first);
    cr_expect_eq(n, 0, "%zu console messages, the first: %s", n, first);
    free(html);
    free(blog);
    remove_tree(dir);
}

/* The text of the rendered figure with id chart-<id> (a copy), or NULL. */
static char *figure(const char *html, const char *id)
{
    char open[128];
    snprintf(open, sizeof open, "id=\"chart-%s\"", id);
    const char *p = strstr(html, open);
    const char *end = p ? strstr(p, "</figure>") : NULL;
    return p && end ? strndup(p, (size_t)(end - p)) : NULL;
}

/* Renders the HTML report of argv (without -o) in Chromium and returns the
 * DOM it builds (free); the console must stay silent. */
static char *rendered(const char *browser, const char *const *argv)
{
    char *dir = make_tmpdir();
    char page[1024], dom[1024], log[1024], profile[1024];
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(dom, sizeof dom, "%s/dom.html", dir);
    snprintf(log, sizeof log, "%s/browser.log", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    const char *args[24];
    size_t n = 0;
    for (; argv[n] && n < 18; n++)
        args[n] = argv[n];
    args[n++] = "--format";
    args[n++] = "html";
    args[n++] = "-o";
    args[n++] = page;
    args[n] = NULL;
    rf_run_result r = rf_run_cli(args);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s: %s", argv[0], r.err);
    rf_run_free(&r);
    int st = run_browser(browser, page, "--enable-logging=stderr --v=0 --dump-dom", dom, log,
                         profile);
    cr_assert_eq(st, 0, "chromium --dump-dom failed (status %d)", st);
    char *html = rf_read_file(dom, NULL);
    char *blog = rf_read_file(log, NULL);
    cr_assert_not_null(html);
    char first[2048];
    size_t lines = console_lines(blog ? blog : "", first, sizeof first);
    cr_expect_eq(lines, 0, "%s: %zu console messages, the first: %s", argv[0], lines, first);
    free(blog);
    remove_tree(dir);
    return html;
}

/* Loans cut to 2,000 万元: every household is over the cap.  The page,
 * as Chromium renders it, must say so everywhere and call nothing
 * balanced (issue 16). */
Test(html_browser, labels_follow_the_summary_status)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed: run scripts/setup-browser.sh");
    char *html = rendered(browser, (const char *[]){"solve", "scenarios/example-county/2016.json",
                                                    "--set", "sources.policy_loans.arrived=20000000",
                                                    NULL});
    cr_expect(strstr(html, "方案状态：超出政策上限。"));
    cr_expect_null(strstr(html, "资金平衡"), "nothing on the page says balanced");
    cr_expect_null(strstr(html, "收支平衡"));
    char *bars = figure(html, "site_balance");
    cr_assert_not_null(bars);
    /* Nine sites (eight centralized, one dispersed), each labelled over the cap. */
    cr_expect_eq(rf_count(bars, "户超出自筹上限"), 9, "%s", bars);
    cr_expect_eq(rf_count(bars, "class=\"gap\""), 9, "every site label is an alert");
    char *cap = figure(html, "self_funding_cap");
    cr_assert_not_null(cap);
    cr_expect(strstr(cap, "全部 44 类户型的户均自筹都是 38,312.50 元，超出上限 28,312.50 元"
                          "（上限每户 10,000.00 元）。"),
              "%s", cap);
    cr_expect_null(strstr(cap, "<svg"), "one sentence instead of 44 equal rows");
    /* The summary is sentences, not a line per household class. */
    cr_expect_null(strstr(html, "<ul class=\"detail\">"));
    free(bars);
    free(cap);
    free(html);
}

/* whatif, sweep and batch pages have charts too (issue 16). */
Test(html_browser, whatif_sweep_and_batch_pages_have_charts, .timeout = 240)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed: run scripts/setup-browser.sh");
    char *html = rendered(browser, (const char *[]){"whatif", "scenarios/example-county/2016.json",
                                                    "--set", "sites[0].costs.housing_per_m2=4400",
                                                    NULL});
    char *cost = figure(html, "site_cost"), *paid = figure(html, "site_households");
    cr_assert(cost && paid, "base against changed, per site");
    cr_expect(strstr(cost, "<svg"));
    cr_expect(strstr(cost, "变化 +4,748.75 万元"), "%s", cost);
    cr_expect_eq(rf_count(paid, "class=\"gap\""), 9, "every site's households pay more");
    free(cost);
    free(paid);
    free(html);
    html = rendered(browser, (const char *[]){"whatif", "scenarios/example-county/2016.json",
                                              "--sweep", "sites[0].costs.housing_per_m2=4000:4800:100",
                                              NULL});
    char *line = figure(html, "sweep");
    cr_assert_not_null(line, "the sweep's line chart is inline");
    cr_expect_eq(rf_count(line, "<polyline"), 6, "one line per amount");
    cr_expect(strstr(line, ">超出政策上限<"), "the break point is marked with its status");
    cr_expect(strstr(line, ">4,400<"), "x ticks are the swept values");
    cr_expect(strstr(line, ">600<"), "round ticks on the money axis");
    free(line);
    free(html);
    html = rendered(browser, (const char *[]){"batch", "scenarios/example-county/2016.json",
                                              "scenarios/example-county/2017.json", NULL});
    char *counties = figure(html, "counties");
    cr_assert_not_null(counties, "counties by status and gap");
    cr_expect_eq(rf_count(counties, ">资金平衡，符合政策<"), 2, "%s", counties);
    free(counties);
    free(html);
}

/* The sensitivity page charts the binding rules, named as its table names
 * them (issue 16); in English too, at most 20 bars. */
Test(html_browser, sensitivity_page_charts_the_binding_rules, .timeout = 240)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed: run scripts/setup-browser.sh");
    char *html = rendered(browser, (const char *[]){"sensitivity",
                                                    "scenarios/example-county/2016.json", NULL});
    char *chart = figure(html, "binding_rules");
    cr_assert_not_null(chart, "the binding rules are a chart");
    cr_expect(strstr(chart, "<svg"), "drawn, not a sentence");
    const char *table = strstr(html, "id=\"table-binding_constraints\"");
    cr_assert_not_null(table);
    /* Every bar's label is the first cell of a row of the table. */
    size_t bars = 0;
    for (const char *p = chart; (p = strstr(p, "text-anchor=\"end\">")); bars++) {
        p += strlen("text-anchor=\"end\">");
        const char *end = strchr(p, '<');
        cr_assert_not_null(end);
        char cell[512];
        snprintf(cell, sizeof cell, "<tr><td>%.*s</td>", (int)(end - p), p);
        cr_expect(strstr(table, cell), "the bar %.*s names a row of the table", (int)(end - p),
                  p);
    }
    cr_expect_eq(bars, 17, "one bar per binding rule: %s", chart);
    cr_expect(strstr(chart, ">同步搬迁资金 在 S01 的人均限额<"));
    cr_expect(strstr(chart, ">同步搬迁户自筹减少 1 万元（降到 0、升到 1,320 万元 之间都如此）<"),
              "the effect and where it holds beside the bar");
    cr_expect(strstr(chart, ">10,000<"), "round ticks in yuan");
    cr_expect_null(strstr(chart, "source["), "no internal row names");
    free(chart);
    free(html);
    html = rendered(browser, (const char *[]){"sensitivity", "scenarios/example-county/2016.json",
                                              "--set", "sources.policy_loans.arrived=20000000",
                                              "--lang", "en", NULL});
    chart = figure(html, "binding_rules");
    cr_assert_not_null(chart);
    cr_expect(strstr(chart, "(20 of 57; the table lists all)"), "%s", chart);
    cr_expect_eq(rf_count(chart, "text-anchor=\"end\""), 20);
    cr_expect(strstr(chart, ">Central budget investment arrived<"));
    cr_expect(strstr(chart, ">self-funding over the cap falls by 1 万元 (down to 0 and up to "
                            "1,791.275 万元)<"),
              "%s", chart);
    free(chart);
    free(html);
}

/* The console check above must be able to fail: a page that logs an
 * error and breaks the CSP is caught. */
Test(html_browser, console_check_catches_errors)
{
    const char *browser = chromium();
    if (!browser)
        cr_skip_test("chromium is not installed: run scripts/setup-browser.sh");
    char *dir = make_tmpdir();
    char page[1024], dom[1024], log[1024], profile[1024];
    snprintf(page, sizeof page, "%s/bad.html", dir);
    snprintf(dom, sizeof dom, "%s/dom.html", dir);
    snprintf(log, sizeof log, "%s/browser.log", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    FILE *f = fopen(page, "w");
    cr_assert_not_null(f);
    fputs("<!DOCTYPE html><html><body><p>x</p><script>console.error('boom')</script>"
          "</body></html>",
          f);
    fclose(f);
    int st = run_browser(browser, page, "--enable-logging=stderr --v=0 --dump-dom", dom, log,
                         profile);
    cr_assert_eq(st, 0);
    char *blog = rf_read_file(log, NULL);
    char first[2048];
    cr_expect_gt(console_lines(blog ? blog : "", first, sizeof first), 0,
                 "the console error was not seen in the log");
    free(blog);
    remove_tree(dir);
}
