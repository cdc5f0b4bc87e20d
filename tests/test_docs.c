/* Doc tests: every example in README.md and docs/<page>.md is run, and what it
 * prints is compared with the page (docs/testing.md, "Doc examples").
 *
 * The conventions, as a page is read top to bottom:
 *   - a fenced block with the info string `console` is a tested example:
 *     each line starting with "$ " is a command (continued on the next line
 *     after a trailing backslash), and the lines up to the next "$ " line are
 *     its expected standard output; a line "..." stands for any number of
 *     lines; a last line "[exit N]" states the exit code (else 0);
 *   - in any other code block (indented or fenced), a line whose first word
 *     is relocfund, build/relocfund or one of the relocfund-* tools is run
 *     and must exit 0 or 1 (output not compared);
 *   - <!-- doctest: skip REASON --> before a block: not run;
 *     <!-- doctest: known-failure REASON --> before a console block: a
 *     mismatch is reported but does not fail, a match fails (the marker is
 *     stale); <!-- doctest: file PATH --> before a block: its text is
 *     written to PATH for the examples after it.
 * Each page runs in its own scratch folder holding copies of scenarios/ and
 * models/, with build/ linking to the folder of the built relocfund (also
 * first on PATH), so files an example writes land there and nowhere else.
 * RF_UPDATE_DOCS=1 rewrites stale console blocks from what the tool prints. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#define ELLIPSIS "..."
#define COMMAND_TIMEOUT_S 300
#define DIFF_CONTEXT 2

/* ---- lines ---- */

typedef struct {
    char **v;
    size_t n, cap;
} strvec;

static void sv_push(strvec *s, const char *text, size_t len)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = strndup(text, len);
}

static void sv_push_str(strvec *s, const char *text)
{
    sv_push(s, text, strlen(text));
}

static void sv_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* Splits text into lines; a final newline ends the last line rather than
 * starting an empty one (*final_newline says whether there was one). */
static strvec split_lines(const char *text, bool *final_newline)
{
    strvec s = {0};
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            sv_push_str(&s, p);
            break;
        }
        sv_push(&s, p, (size_t)(nl - p));
        p = nl + 1;
    }
    if (final_newline)
        *final_newline = text[0] && text[strlen(text) - 1] == '\n';
    return s;
}

static bool is_ellipsis(const char *line)
{
    return strcmp(line, ELLIPSIS) == 0;
}

static bool run_equal(char *const *a, char *const *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

/* The next run of exp's lines between "..." lines, from *i on: moves *i to
 * its first line and returns the index after its last (*i then: no run is
 * left); *after_ellipsis says whether a "..." came before it. */
static size_t next_run(char *const *exp, size_t ne, size_t *i, bool *after_ellipsis)
{
    *after_ellipsis = false;
    for (; *i < ne && is_ellipsis(exp[*i]); (*i)++)
        *after_ellipsis = true;
    size_t k = *i;
    while (k < ne && !is_ellipsis(exp[k]))
        k++;
    return k;
}

static bool ends_in_ellipsis(char *const *exp, size_t ne)
{
    return ne > 0 && is_ellipsis(exp[ne - 1]);
}

/* Whether act matches exp, where each "..." line of exp stands for any
 * number of lines (none included) and every other line must be equal. */
static bool lines_match(char *const *exp, size_t ne, char *const *act, size_t na)
{
    size_t i = 0, j = 0;
    for (;;) {
        bool floating;
        size_t k = next_run(exp, ne, &i, &floating), len = k - i;
        if (k == i)
            break;
        if (k == ne && floating) /* the last run ends the output */
            return na >= j + len && run_equal(exp + i, act + na - len, len);
        if (floating) /* leftmost place: right for a run between two "..." */
            while (j + len <= na && !run_equal(exp + i, act + j, len))
                j++;
        if (na < j + len || !run_equal(exp + i, act + j, len))
            return false;
        j += len;
        i = k;
    }
    return ends_in_ellipsis(exp, ne) || j == na;
}

/* Longest common subsequence of a and b: match[i] is the index in b that
 * a[i] is paired with, or SIZE_MAX.  Ties go to the earliest pairing. */
static void lcs(char *const *a, size_t na, char *const *b, size_t nb, size_t *match)
{
    size_t w = nb + 1;
    uint32_t *L = calloc((na + 1) * w, sizeof *L);
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            L[i * w + j] = strcmp(a[i], b[j]) == 0                  ? L[(i + 1) * w + j + 1] + 1
                           : L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j]
                                                                    : L[i * w + j + 1];
    for (size_t i = 0; i < na; i++)
        match[i] = SIZE_MAX;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (strcmp(a[i], b[j]) == 0 && L[i * w + j] == L[(i + 1) * w + j + 1] + 1)
            match[i++] = j++;
        else if (L[(i + 1) * w + j] >= L[i * w + j + 1])
            i++;
        else
            j++;
    }
    free(L);
}

/* Where the run exp[0..len) sits in act[lo..hi): the stretch it aligns with
 * (its LCS pairs, widened by its unpaired first and last lines).  False when
 * no line pairs. */
static bool align_run(char *const *exp, size_t len, char *const *act, size_t lo, size_t hi,
                      size_t *start, size_t *end)
{
    size_t *m = malloc((len ? len : 1) * sizeof *m);
    lcs(exp, len, act + lo, hi - lo, m);
    size_t first = SIZE_MAX, last = SIZE_MAX;
    for (size_t i = 0; i < len; i++)
        if (m[i] != SIZE_MAX) {
            if (first == SIZE_MAX)
                first = i;
            last = i;
        }
    bool found = first != SIZE_MAX;
    if (found) {
        size_t s = lo + m[first], e = lo + m[last] + 1 + (len - 1 - last);
        *start = s >= lo + first ? s - first : lo;
        *end = e < hi ? e : hi;
    }
    free(m);
    return found;
}

/* The best same-length window for run exp[0..len) in act[lo..na): the most
 * equal lines, the earliest on ties; returns how many are equal. */
static size_t best_window(char *const *exp, size_t len, char *const *act, size_t lo, size_t na,
                          size_t *at)
{
    size_t best = 0;
    *at = lo;
    for (size_t p = lo; p < na; p++) {
        size_t score = 0;
        for (size_t i = 0; i < len && p + i < na; i++)
            score += strcmp(exp[i], act[p + i]) == 0;
        if (score > best) {
            best = score;
            *at = p;
        }
    }
    return best;
}

/* What a console block should say about output act: act itself when exp
 * has no "...", else exp with every run of lines between "..." replaced by
 * the stretch of act it aligns with.  False (and *why) when a run cannot be
 * placed because none of its lines is in the output any more. */
static bool refresh_lines(char *const *exp, size_t ne, char *const *act, size_t na, strvec *out,
                          const char **why)
{
    bool any = false;
    for (size_t i = 0; i < ne; i++)
        any |= is_ellipsis(exp[i]);
    if (!any) {
        for (size_t j = 0; j < na; j++)
            sv_push_str(out, act[j]);
        return true;
    }
    size_t lo = 0, i = 0;
    for (;;) {
        bool float_start;
        size_t k = next_run(exp, ne, &i, &float_start), len = k - i;
        if (k == i)
            break;
        bool float_end = k < ne;
        size_t start, end, rlo, rhi;
        if (!float_start) { /* the output's first lines */
            rlo = lo;
            rhi = na < lo + 2 * len ? na : lo + 2 * len;
        } else if (!float_end) { /* the output's last lines */
            rlo = na > 2 * len && na - 2 * len > lo ? na - 2 * len : lo;
            rhi = na;
        } else {
            size_t at;
            if (best_window(exp + i, len, act, lo, na, &at) == 0) {
                *why = "none of the lines of an excerpt is in the output any more";
                return false;
            }
            rlo = at > lo + len ? at - len : lo;
            rhi = na < at + 2 * len ? na : at + 2 * len;
        }
        if (!align_run(exp + i, len, act, rlo, rhi, &start, &end)) {
            if (float_start && float_end) {
                *why = "none of the lines of an excerpt is in the output any more";
                return false;
            }
            start = float_start ? (na > len && na - len > lo ? na - len : lo) : lo;
            end = float_start ? na : (lo + len < na ? lo + len : na);
        }
        if (!float_start)
            start = lo;
        if (!float_end)
            end = na;
        if (start < lo)
            start = lo;
        if (end < start)
            end = start;
        if (float_start)
            sv_push_str(out, ELLIPSIS);
        for (size_t j = start; j < end; j++)
            sv_push_str(out, act[j]);
        lo = end;
        i = k;
    }
    if (ends_in_ellipsis(exp, ne))
        sv_push_str(out, ELLIPSIS);
    if (!lines_match(out->v, out->n, act, na)) {
        *why = "the excerpt's lines are no longer in the same order in the output";
        return false;
    }
    return true;
}

/* Writes a diff of old against new (the doc's lines, the first at doc line
 * first_line, against what the tool printed): " " same, "-" only in the doc,
 * "+" only in the output, with DIFF_CONTEXT lines around each change. */
static void write_diff(FILE *log, char *const *old, size_t no, char *const *new_, size_t nn,
                       size_t first_line)
{
    size_t *m = malloc((no ? no : 1) * sizeof *m);
    lcs(old, no, new_, nn, m);
    /* The edit script: kind, and the old and new index of each step. */
    size_t cap = no + nn + 1, n = 0;
    char *kind = malloc(cap);
    size_t *oi = malloc(cap * sizeof *oi), *ni = malloc(cap * sizeof *ni);
    size_t i = 0, j = 0;
    while (i < no || j < nn) {
        kind[n] = i < no && m[i] == SIZE_MAX ? '-' : j < nn && (i == no || j < m[i]) ? '+' : ' ';
        oi[n] = i;
        ni[n++] = j;
        i += kind[n - 1] != '+';
        j += kind[n - 1] != '-';
    }
    bool *show = calloc(n + 1, sizeof *show);
    for (size_t e = 0; e < n; e++)
        if (kind[e] != ' ')
            for (size_t x = e > DIFF_CONTEXT ? e - DIFF_CONTEXT : 0; x < n && x <= e + DIFF_CONTEXT;
                 x++)
                show[x] = true;
    for (size_t e = 0; e < n; e++) {
        if (!show[e])
            continue;
        if (e == 0 || !show[e - 1])
            fprintf(log, "  @@ doc line %zu @@\n", first_line + oi[e]);
        fprintf(log, "  %c%s\n", kind[e], kind[e] == '+' ? new_[ni[e]] : old[oi[e]]);
    }
    free(show);
    free(kind);
    free(oi);
    free(ni);
    free(m);
}

/* ---- the runner ---- */

typedef struct {
    FILE *log;     /* messages: failures with file:line and a diff */
    bool update;   /* rewrite stale console blocks */
    int examples;  /* commands whose output is compared */
    int commands;  /* commands that only have to run */
    int skipped;   /* blocks under a skip marker */
    int failures;  /* disagreements that fail the test */
    int known;     /* disagreements under a known-failure marker */
    int refreshed; /* console commands rewritten in update mode */
} runner;

typedef enum { MARK_NONE, MARK_SKIP, MARK_KNOWN, MARK_FILE } mark_kind;

typedef struct {
    mark_kind kind;
    char *arg;   /* the reason or the path */
    size_t line; /* 1-based */
} mark;

/* One rewrite of a page: lines [first, end) become lines. */
typedef struct {
    size_t first, end;
    strvec lines;
} edit;

typedef struct {
    runner *r;
    const char *name; /* the page as messages name it */
    const char *dir;  /* its scratch folder */
    const char *bin;  /* the folder of the built relocfund */
    FILE *out;        /* where this block's messages go (log, or a buffer) */
    int fails;        /* this block's disagreements */
    edit *edits;
    size_t n_edits;
} page;

static void page_fail(page *pg, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void page_fail(page *pg, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(pg->out, "%s:%zu: ", pg->name, line);
    vfprintf(pg->out, fmt, ap);
    fputc('\n', pg->out);
    va_end(ap);
    pg->fails++;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static bool blank(const char *s)
{
    return *skip_spaces(s) == '\0';
}

/* Whether the line (leading spaces skipped) starts with a relocfund tool. */
static bool is_tool_command(const char *line)
{
    const char *s = skip_spaces(line);
    if (strncmp(s, "build/", 6) == 0)
        s += 6;
    if (strncmp(s, "relocfund", 9) != 0)
        return false;
    return s[9] == ' ' || s[9] == '\0' || s[9] == '-';
}

static bool ends_in_backslash(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '\\';
}

/* A command on one line (continuations joined), shortened for messages. */
static char *command_title(const char *cmd)
{
    size_t n = 0, cap = 124;
    char *t = malloc(cap + 4);
    for (const char *s = cmd; *s && n < cap; s++) {
        if (s[0] == '\\' && s[1] == '\n') {
            s = skip_spaces(s + 2) - 1;
            if (n > 0 && t[n - 1] != ' ')
                t[n++] = ' ';
            continue;
        }
        t[n++] = *s;
    }
    strcpy(t + n, n == cap ? "..." : "");
    return t;
}

static void show_stderr(FILE *out, const rf_run_result *res)
{
    bool nl;
    strvec err = split_lines(res->err, &nl);
    for (size_t i = 0; i < err.n && i < 12; i++)
        fprintf(out, "  stderr: %s\n", err.v[i]);
    if (err.n > 12)
        fprintf(out, "  stderr: (%zu more lines)\n", err.n - 12);
    sv_free(&err);
}

static rf_run_result run_in_page(page *pg, const char *cmd)
{
    return rf_run_shell(pg->dir, cmd, pg->bin, COMMAND_TIMEOUT_S);
}

/* Runs a command shown without output: it must exit 0 or 1. */
static void run_plain(page *pg, size_t line, const char *cmd)
{
    pg->r->commands++;
    rf_run_result res = run_in_page(pg, cmd);
    if (res.exit_code != 0 && res.exit_code != 1) {
        char *t = command_title(cmd);
        if (res.timed_out)
            page_fail(pg, line, "`%s` ran longer than %d s", t, COMMAND_TIMEOUT_S);
        else
            page_fail(pg, line, "`%s` exited %d; a command shown without output must exit 0 or 1",
                      t, res.exit_code);
        show_stderr(pg->out, &res);
        free(t);
    }
    rf_run_free(&res);
}

/* Parses "[exit N]". */
static bool exit_line(const char *s, int *code)
{
    int n = 0, end = 0;
    if (sscanf(s, "[exit %d]%n", &n, &end) == 1 && s[end] == '\0' && n >= 0) {
        *code = n;
        return true;
    }
    return false;
}

/* Runs one console command and compares its output (expected lines exp,
 * the first of them at 1-based doc line out_line) and exit code.  In update
 * mode a disagreement becomes an edit of doc lines [first, end) (0-based). */
static void run_console(page *pg, size_t line, const char *cmd, char *const *exp, size_t ne,
                        size_t out_line, size_t first, size_t end, const char *indent)
{
    pg->r->examples++;
    int want = 0;
    if (ne > 0 && exit_line(exp[ne - 1], &want))
        ne--;
    rf_run_result res = run_in_page(pg, cmd);
    bool nl;
    strvec act = split_lines(res.out, &nl);
    char *t = command_title(cmd);
    bool exit_ok = res.exit_code == want;
    bool out_ok = lines_match(exp, ne, act.v, act.n);
    if (!out_ok || !exit_ok) {
        strvec fresh = {0};
        const char *why = "the command did not finish";
        bool placed = !res.timed_out && refresh_lines(exp, ne, act.v, act.n, &fresh, &why);
        /* A solver or internal failure is never what a doc should show. */
        bool recordable = placed && res.exit_code >= 0 && res.exit_code != 3;
        if (pg->r->update && recordable) {
            fprintf(pg->out, "%s:%zu: `%s`: refreshed from the tool's output\n", pg->name, line, t);
            if (res.exit_code != 0) {
                char b[32];
                snprintf(b, sizeof b, "[exit %d]", res.exit_code);
                sv_push_str(&fresh, b);
            }
            for (size_t j = 0; j < fresh.n; j++) {
                if (*indent && fresh.v[j][0]) {
                    size_t n = strlen(indent) + strlen(fresh.v[j]) + 1;
                    char *p = malloc(n);
                    snprintf(p, n, "%s%s", indent, fresh.v[j]);
                    free(fresh.v[j]);
                    fresh.v[j] = p;
                }
            }
            pg->edits = realloc(pg->edits, (pg->n_edits + 1) * sizeof *pg->edits);
            pg->edits[pg->n_edits++] = (edit){first, end, fresh};
        } else {
            if (!exit_ok) {
                if (res.timed_out)
                    page_fail(pg, line, "`%s` ran longer than %d s", t, COMMAND_TIMEOUT_S);
                else
                    page_fail(pg, line, "`%s` exited %d, the doc says %d", t, res.exit_code, want);
                show_stderr(pg->out, &res);
            }
            if (!out_ok) {
                page_fail(pg, line, "`%s`: the output differs from the doc (- doc, + tool)%s", t,
                          placed ? "" : "; it cannot be refreshed automatically");
                if (placed) {
                    write_diff(pg->out, exp, ne, fresh.v, fresh.n, out_line);
                } else {
                    fprintf(pg->out, "  (%s; the tool printed %zu lines:)\n", why, act.n);
                    for (size_t j = 0; j < act.n && j < 40; j++)
                        fprintf(pg->out, "  +%s\n", act.v[j]);
                }
            }
            if (pg->r->update && placed)
                fprintf(pg->out, "  (not refreshed: the tool failed)\n");
            sv_free(&fresh);
        }
    }
    free(t);
    sv_free(&act);
    rf_run_free(&res);
}

/* Strips up to indent columns of leading spaces (a tab counts as four). */
static const char *dedent(const char *s, size_t indent)
{
    size_t col = 0;
    while (col < indent && (*s == ' ' || *s == '\t')) {
        col += *s == '\t' ? 4 : 1;
        s++;
    }
    return s;
}

/* Runs the commands of a code block that is not a console block. */
static void run_code_block(page *pg, char *const *lines, size_t first, size_t end, size_t indent)
{
    for (size_t i = first; i < end; i++) {
        const char *l = dedent(lines[i], indent);
        if (!is_tool_command(l))
            continue;
        size_t at = i;
        size_t cap = strlen(l) + 1;
        char *cmd = malloc(cap);
        strcpy(cmd, skip_spaces(l));
        while (ends_in_backslash(lines[i]) && i + 1 < end) {
            const char *next = dedent(lines[++i], indent);
            cap += strlen(next) + 1;
            cmd = realloc(cmd, cap);
            strcat(cmd, "\n");
            strcat(cmd, next);
        }
        run_plain(pg, at + 1, cmd);
        free(cmd);
    }
}

/* Runs the commands of a console block (lines [first, end) of the page). */
static void run_console_block(page *pg, char *const *lines, size_t first, size_t end, size_t indent)
{
    strvec body = {0};
    for (size_t i = first; i < end; i++)
        sv_push_str(&body, dedent(lines[i], indent));
    char ind[16] = "";
    snprintf(ind, sizeof ind, "%*s", (int)(indent < 12 ? indent : 12), "");
    size_t i = 0;
    if (body.n == 0 || strncmp(body.v[0], "$ ", 2) != 0)
        page_fail(pg, first + 1, "a console block starts with a command line \"$ ...\"");
    while (i < body.n && strncmp(body.v[i], "$ ", 2) == 0) {
        size_t at = i;
        size_t cap = strlen(body.v[i]) + 1;
        char *cmd = malloc(cap);
        strcpy(cmd, body.v[i] + 2);
        while (ends_in_backslash(body.v[i]) && i + 1 < body.n) {
            i++;
            cap += strlen(body.v[i]) + 1;
            cmd = realloc(cmd, cap);
            strcat(cmd, "\n");
            strcat(cmd, body.v[i]);
        }
        i++;
        size_t out_first = i;
        while (i < body.n && strncmp(body.v[i], "$ ", 2) != 0)
            i++;
        run_console(pg, first + at + 1, cmd, body.v + out_first, i - out_first,
                    first + out_first + 1, first + out_first, first + i, ind);
        free(cmd);
    }
    sv_free(&body);
}

/* Writes a file block's text to PATH in the page's folder. */
static void write_file_block(page *pg, const mark *mk, char *const *lines, size_t first, size_t end,
                             size_t indent)
{
    const char *p = mk->arg;
    if (p[0] == '/' || strstr(p, "..") || strncmp(p, "build/", 6) == 0 || !*p) {
        page_fail(pg, mk->line,
                  "doctest file \"%s\": a path inside the page's folder, without \"..\", is "
                  "expected",
                  p);
        return;
    }
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", pg->dir, p);
    for (char *s = strchr(full + strlen(pg->dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(full, 0777);
        *s = '/';
    }
    FILE *f = fopen(full, "w");
    if (!f) {
        page_fail(pg, mk->line, "doctest file \"%s\": cannot write: %s", p, strerror(errno));
        return;
    }
    for (size_t i = first; i < end; i++)
        fprintf(f, "%s\n", dedent(lines[i], indent));
    fclose(f);
}

/* Parses <!-- doctest: KIND ARG -->; false if the line is not a marker.  A
 * marker that does not parse is a failure. */
static bool parse_mark(page *pg, const char *line, size_t line_no, mark *mk)
{
    const char *s = skip_spaces(line);
    if (strncmp(s, "<!--", 4) != 0)
        return false;
    s = skip_spaces(s + 4);
    if (strncmp(s, "doctest:", 8) != 0)
        return false;
    s = skip_spaces(s + 8);
    const char *close = strstr(s, "-->");
    static const struct {
        const char *word;
        mark_kind kind;
    } kinds[] = {{"skip", MARK_SKIP}, {"known-failure", MARK_KNOWN}, {"file", MARK_FILE}};
    for (size_t k = 0; close && k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t n = strlen(kinds[k].word);
        if (strncmp(s, kinds[k].word, n) != 0 || (s[n] != ' ' && s[n] != ':'))
            continue;
        const char *a = skip_spaces(s + n + (s[n] == ':'));
        size_t len = (size_t)(close - a);
        while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t'))
            len--;
        if (len == 0)
            break;
        free(mk->arg);
        *mk = (mark){kinds[k].kind, strndup(a, len), line_no};
        return true;
    }
    page_fail(pg, line_no,
              "a doctest marker is <!-- doctest: skip REASON -->, <!-- doctest: known-failure "
              "REASON --> or <!-- doctest: file PATH -->");
    return true;
}

/* Runs one block of lines [first, end) under marker mk. */
static void run_block(page *pg, const mark *mk, char *const *lines, size_t first, size_t end,
                      size_t indent, bool console, size_t open_line)
{
    if (mk->kind == MARK_SKIP) {
        pg->r->skipped++;
        return;
    }
    if (mk->kind == MARK_FILE) {
        write_file_block(pg, mk, lines, first, end, indent);
        return;
    }
    if (mk->kind == MARK_KNOWN && !console) {
        page_fail(pg, mk->line, "known-failure applies to console blocks only");
        return;
    }
    if (mk->kind != MARK_KNOWN) {
        if (console)
            run_console_block(pg, lines, first, end, indent);
        else
            run_code_block(pg, lines, first, end, indent);
        return;
    }
    /* A known failure: its messages are kept apart; it fails only when it
     * agrees with the tool (the marker is then stale).  Never rewritten. */
    char *buf = NULL;
    size_t len = 0;
    FILE *saved = pg->out;
    int fails = pg->fails;
    bool update = pg->r->update;
    size_t n_edits = pg->n_edits;
    pg->out = open_memstream(&buf, &len);
    pg->r->update = false;
    run_console_block(pg, lines, first, end, indent);
    fclose(pg->out);
    pg->out = saved;
    pg->r->update = update;
    int new_fails = pg->fails - fails;
    pg->fails = fails;
    pg->n_edits = n_edits;
    if (new_fails == 0) {
        page_fail(pg, mk->line,
                  "the example under this known-failure marker (block at line %zu) agrees with "
                  "the tool now: remove the marker",
                  open_line);
    } else {
        pg->r->known++;
        fprintf(pg->out, "%s:%zu: known failure (%s), not counted:\n%s", pg->name, mk->line,
                mk->arg, buf);
    }
    free(buf);
}

static size_t fence_length(const char *s, char *fence_char)
{
    if (*s != '`' && *s != '~')
        return 0;
    size_t n = 0;
    while (s[n] == *s)
        n++;
    *fence_char = *s;
    return n >= 3 ? n : 0;
}

/* Leading columns of spaces, or SIZE_MAX for a blank line. */
static size_t indent_of(const char *s)
{
    size_t col = 0;
    for (; *s == ' ' || *s == '\t'; s++)
        col += *s == '\t' ? 4 : 1;
    return *s ? col : SIZE_MAX;
}

/* Applies the page's edits to lines and writes the page file atomically. */
static bool write_page(const char *path, char *const *lines, size_t n, bool final_newline,
                       const edit *edits, size_t n_edits)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.doctest-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    FILE *f = fdopen(fd, "w");
    size_t e = 0;
    bool first_line = true;
    for (size_t i = 0; i < n;) {
        if (e < n_edits && edits[e].first == i) {
            for (size_t j = 0; j < edits[e].lines.n; j++) {
                fprintf(f, "%s%s", first_line ? "" : "\n", edits[e].lines.v[j]);
                first_line = false;
            }
            i = edits[e++].end;
            continue;
        }
        fprintf(f, "%s%s", first_line ? "" : "\n", lines[i++]);
        first_line = false;
    }
    if (final_newline)
        fputc('\n', f);
    struct stat st;
    if (stat(path, &st) == 0)
        fchmod(fd, st.st_mode & 07777);
    bool ok = fflush(f) == 0 && !ferror(f);
    ok &= fclose(f) == 0;
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    return ok;
}

/* Runs every example of the page file path (named name in messages), top to
 * bottom, in a fresh scratch folder; in update mode rewrites its stale
 * console blocks.  Adds to r's counts and writes messages to r->log. */
static void check_page(runner *r, const char *page_path, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", page_path[0] == '/' ? "" : RF_SOURCE_DIR,
             page_path[0] == '/' ? "" : "/", page_path);
    char bin[4096];
    snprintf(bin, sizeof bin, "%s", RF_CLI_PATH);
    *strrchr(bin, '/') = '\0';
    char dir[256];
    page pg = {r, name, dir, bin, r->log, 0, NULL, 0};
    char *text = rf_read_file(path, NULL);
    if (!text) {
        page_fail(&pg, 0, "cannot read the page");
        r->failures += pg.fails;
        return;
    }
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-doc"));
    char setup[8192];
    snprintf(setup, sizeof setup, "cp -R '%s/scenarios' '%s/models' . && ln -s '%s' build",
             RF_SOURCE_DIR, RF_SOURCE_DIR, bin);
    rf_run_result s = rf_run_shell(dir, setup, NULL, COMMAND_TIMEOUT_S);
    cr_assert_eq(s.exit_code, 0, "cannot prepare %s: %s", dir, s.err);
    rf_run_free(&s);

    bool final_newline;
    strvec L = split_lines(text, &final_newline);
    free(text);
    mark mk = {MARK_NONE, NULL, 0};
    for (size_t i = 0; i < L.n;) {
        const char *l = L.v[i];
        size_t ind = indent_of(l);
        char fc = 0;
        size_t fl = ind <= 3 ? fence_length(skip_spaces(l), &fc) : 0;
        if (fl) {
            const char *info = skip_spaces(l) + fl;
            bool console = strncmp(info, "console", 7) == 0 && (info[7] == '\0' || info[7] == ' ');
            size_t j = i + 1;
            for (; j < L.n; j++) {
                char c2 = 0;
                const char *t = skip_spaces(L.v[j]);
                size_t n2 = indent_of(L.v[j]) <= 3 ? fence_length(t, &c2) : 0;
                if (n2 >= fl && c2 == fc && blank(t + n2))
                    break;
            }
            run_block(&pg, &mk, L.v, i + 1, j, ind, console, i + 1);
            free(mk.arg);
            mk = (mark){MARK_NONE, NULL, 0};
            i = j + 1;
            continue;
        }
        if (ind != SIZE_MAX && ind >= 4 && (i == 0 || blank(L.v[i - 1]) || mk.kind != MARK_NONE)) {
            size_t j = i;
            while (j < L.n &&
                   (indent_of(L.v[j]) == SIZE_MAX ? j + 1 < L.n && indent_of(L.v[j + 1]) >= 4 &&
                                                        indent_of(L.v[j + 1]) != SIZE_MAX
                                                  : indent_of(L.v[j]) >= 4))
                j++;
            run_block(&pg, &mk, L.v, i, j, 4, false, i + 1);
            free(mk.arg);
            mk = (mark){MARK_NONE, NULL, 0};
            i = j;
            continue;
        }
        if (parse_mark(&pg, l, i + 1, &mk)) {
            i++;
            continue;
        }
        if (!blank(l) && mk.kind != MARK_NONE) {
            page_fail(&pg, mk.line, "a doctest marker applies to the code block right after it");
            free(mk.arg);
            mk = (mark){MARK_NONE, NULL, 0};
        }
        i++;
    }
    if (mk.kind != MARK_NONE)
        page_fail(&pg, mk.line, "a doctest marker applies to the code block right after it");
    free(mk.arg);

    if (r->update && pg.n_edits > 0) {
        if (write_page(path, L.v, L.n, final_newline, pg.edits, pg.n_edits)) {
            fprintf(r->log, "%s: refreshed %zu example(s) from the tool's output\n", name,
                    pg.n_edits);
            r->refreshed += (int)pg.n_edits;
        } else {
            page_fail(&pg, 0, "cannot rewrite the page: %s", strerror(errno));
        }
    }
    r->failures += pg.fails;
    for (size_t e = 0; e < pg.n_edits; e++)
        sv_free(&pg.edits[e].lines);
    free(pg.edits);
    sv_free(&L);
    rf_remove_tree(dir);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* README.md, then every docs/<page>.md in name order (paths relative to the
 * source folder). */
static strvec doc_pages(void)
{
    strvec pages = {0};
    sv_push_str(&pages, "README.md");
    char docs[4096];
    snprintf(docs, sizeof docs, "%s/docs", RF_SOURCE_DIR);
    DIR *d = opendir(docs);
    cr_assert(d, "cannot list %s", docs);
    size_t first = pages.n;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 3 && strcmp(e->d_name + n - 3, ".md") == 0 && e->d_name[0] != '.') {
            char p[512];
            snprintf(p, sizeof p, "docs/%s", e->d_name);
            sv_push_str(&pages, p);
        }
    }
    closedir(d);
    qsort(pages.v + first, pages.n - first, sizeof *pages.v, cmp_str);
    return pages;
}

static bool update_requested(void)
{
    const char *u = getenv("RF_UPDATE_DOCS");
    return u && *u && strcmp(u, "0") != 0;
}

Test(docs, every_example_on_every_page_prints_what_the_page_shows)
{
    runner r = {stderr, update_requested(), 0, 0, 0, 0, 0, 0};
    strvec pages = doc_pages();
    for (size_t i = 0; i < pages.n; i++)
        check_page(&r, pages.v[i], pages.v[i]);
    fprintf(stderr,
            "doc tests: %zu pages, %d examples compared, %d commands run, %d blocks skipped, "
            "%d known failures, %d refreshed, %d failures\n",
            pages.n, r.examples, r.commands, r.skipped, r.known, r.refreshed, r.failures);
    cr_expect_gt(pages.n, 1, "no docs/<page>.md found");
    cr_expect_gt(r.examples, 0);
    cr_assert_eq(r.failures, 0,
                 "%d doc example(s) disagree with the tool (above, each at FILE:LINE); if the "
                 "tool is right, RF_UPDATE_DOCS=1 rewrites the console blocks (docs/testing.md)",
                 r.failures);
    sv_free(&pages);
}

/* ---- the runner's own tests, on pages written for them ---- */

typedef struct {
    runner r;
    char *log;
    size_t log_len;
    char *path;
} trial;

/* Checks a page with the given text (named "trial.md"). */
static trial check_text(const char *text, bool update)
{
    trial t = {{NULL, update, 0, 0, 0, 0, 0, 0}, NULL, 0, NULL};
    t.path = rf_write_temp(".md", text);
    cr_assert(t.path);
    t.r.log = open_memstream(&t.log, &t.log_len);
    check_page(&t.r, t.path, "trial.md");
    fclose(t.r.log);
    return t;
}

static void trial_free(trial *t)
{
    unlink(t->path);
    free(t->path);
    free(t->log);
}

static strvec vec(const char *const *v)
{
    strvec s = {0};
    for (; *v; v++)
        sv_push_str(&s, *v);
    return s;
}

Test(docs, an_ellipsis_line_matches_any_number_of_lines)
{
    strvec act = vec((const char *[]){"a", "b", "c", "d", NULL});
    static const char *const cases[][6] = {
        {"a", "b", "c", "d", NULL},
        {"a", "...", NULL},
        {"...", "d", NULL},
        {"a", "...", "d", NULL},
        {"...", "b", "c", "...", NULL},
        {"a", "b", "...", "c", "d", NULL},
        {"...", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        strvec e = vec(cases[k]);
        cr_expect(lines_match(e.v, e.n, act.v, act.n), "case %zu should match", k);
        sv_free(&e);
    }
    static const char *const bad[][6] = {
        {"a", "b", "c", NULL},        {"b", "...", NULL},        {"...", "c", NULL},
        {"a", "...", "b", "a", NULL}, {"...", "x", "...", NULL}, {"a", "b", "c", "d", "e", NULL},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        strvec e = vec(bad[k]);
        cr_expect(!lines_match(e.v, e.n, act.v, act.n), "bad case %zu should not match", k);
        sv_free(&e);
    }
    sv_free(&act);
}

/* Changed lines are replaced, a line inserted inside the excerpt joins it,
 * and what "..." hides stays hidden. */
Test(docs, refreshing_an_excerpt_keeps_its_shape_and_takes_the_new_lines)
{
    strvec act = vec((const char *[]){"title", "", "== Summary ==", "Status: gap.", "Cost 12 万元.",
                                      "New sentence.", "Gap 3 万元.", "", "table", "row 1", "row 2",
                                      "end", NULL});
    strvec exp = vec((const char *[]){"title", "", "== Summary ==", "Status: balanced.",
                                      "Cost 10 万元.", "Gap 3 万元.", "...", "row 2", "...", NULL});
    strvec fresh = {0};
    const char *why = NULL;
    cr_assert(refresh_lines(exp.v, exp.n, act.v, act.n, &fresh, &why), "%s", why);
    strvec want =
        vec((const char *[]){"title", "", "== Summary ==", "Status: gap.", "Cost 12 万元.",
                             "New sentence.", "Gap 3 万元.", "...", "row 2", "...", NULL});
    cr_assert_eq(fresh.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        cr_expect_str_eq(fresh.v[i], want.v[i]);

    /* A run none of whose lines is left cannot be placed. */
    strvec gone = vec((const char *[]){"...", "nothing like it", "...", NULL});
    strvec f2 = {0};
    cr_expect(!refresh_lines(gone.v, gone.n, act.v, act.n, &f2, &why));
    sv_free(&f2);
    sv_free(&gone);
    sv_free(&want);
    sv_free(&fresh);
    sv_free(&exp);
    sv_free(&act);
}

static const char STALE_PAGE[] = "# Trial\n"
                                 "\n"
                                 "Some prose.\n"
                                 "\n"
                                 "```console\n"
                                 "$ relocfund solve --lang en scenarios/example-county/2016.json\n"
                                 "...\n"
                                 "== Summary ==\n"
                                 "Status: balanced and compliant.\n"
                                 "Total cost 99 万元.\n"
                                 "...\n"
                                 "```\n";

Test(docs, a_stale_example_fails_at_its_file_and_line_with_a_diff)
{
    trial t = check_text(STALE_PAGE, false);
    cr_expect_eq(t.r.failures, 1, "%s", t.log);
    cr_expect_eq(t.r.examples, 1);
    cr_expect(strstr(t.log, "trial.md:6: `relocfund solve --lang en"), "%s", t.log);
    cr_expect(strstr(t.log, "@@ doc line 8 @@"), "%s", t.log);
    cr_expect(strstr(t.log, "  -Total cost 99 万元.\n  +Total cost 12,304.25 万元; registered"),
              "%s", t.log);
    /* The page is left alone without update mode. */
    char *after = rf_read_file(t.path, NULL);
    cr_expect_str_eq(after, STALE_PAGE);
    free(after);
    trial_free(&t);
}

Test(docs, update_mode_rewrites_a_stale_example_which_then_passes)
{
    trial t = check_text(STALE_PAGE, true);
    cr_expect_eq(t.r.failures, 0, "%s", t.log);
    cr_expect_eq(t.r.refreshed, 1, "%s", t.log);
    char *after = rf_read_file(t.path, NULL);
    cr_expect(strstr(after, "...\n== Summary ==\nStatus: balanced and compliant.\nTotal cost "
                            "12,304.25 万元; registered funds arrived 8,518.125 万元, synchronous "
                            "funds arrived 3,851.2 万元.\n...\n```\n"),
              "%s", after);
    cr_expect(strncmp(after, "# Trial\n\nSome prose.\n\n```console\n", 33) == 0);
    trial again = {{NULL, false, 0, 0, 0, 0, 0, 0}, NULL, 0, NULL};
    again.r.log = open_memstream(&again.log, &again.log_len);
    check_page(&again.r, t.path, "trial.md");
    fclose(again.r.log);
    cr_expect_eq(again.r.failures, 0, "%s", again.log);
    free(again.log);
    free(after);
    trial_free(&t);
}

Test(docs, the_exit_code_is_checked_and_refreshed)
{
    static const char text[] = "```console\n"
                               "$ relocfund solve --lang en --set sources.policy_loans.arrived=0 "
                               "scenarios/example-county/2016.json\n"
                               "...\n"
                               "Status: over a policy cap.\n"
                               "...\n"
                               "```\n";
    trial t = check_text(text, false);
    cr_expect_eq(t.r.failures, 1, "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:2: `relocfund solve --lang en --set "
                            "sources.policy_loans.arrived=0 scenarios/example-county/2016.json` "
                            "exited 1, the doc says 0"),
              "%s", t.log);
    trial_free(&t);
    t = check_text(text, true);
    char *after = rf_read_file(t.path, NULL);
    cr_expect(strstr(after, "Status: over a policy cap.\n...\n[exit 1]\n```\n"), "%s", after);
    free(after);
    trial_free(&t);
}

Test(docs, a_command_shown_without_output_must_exit_0_or_1)
{
    trial t = check_text("Run it:\n"
                         "\n"
                         "    build/relocfund validate scenarios/example-county/2016.json\n"
                         "    relocfund solve scenarios/example-county/missing.json\n"
                         "    make check\n"
                         "\n"
                         "<!-- doctest: skip a synopsis -->\n"
                         "\n"
                         "    relocfund audit ROSTER.csv --scenario SCENARIO\n",
                         false);
    cr_expect_eq(t.r.commands, 2, "%s", t.log);
    cr_expect_eq(t.r.skipped, 1);
    cr_expect_eq(t.r.failures, 1, "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:4: `relocfund solve scenarios/example-county/missing.json` "
                            "exited 2; a command shown without output must exit 0 or 1\n"
                            "  stderr: relocfund: error: "),
              "%s", t.log);
    trial_free(&t);
}

Test(docs, examples_write_files_in_their_page_folder_only)
{
    trial t = check_text(
        "<!-- doctest: file scenarios/example-county/cut.json -->\n"
        "```json\n"
        "{\"format\": \"relocfund-scenario/1\", \"extends\": \"2016.json\",\n"
        " \"id\": \"cut\", \"assert\": null,\n"
        " \"sources\": {\"policy_loans\": {\"arrived\": 0}}}\n"
        "```\n"
        "\n"
        "    relocfund solve scenarios/example-county/cut.json --format json -o plan.json\n"
        "\n"
        "```console\n"
        "$ relocfund compare plan.json scenarios/example-county/2016.json\n"
        "...\n"
        "[exit 1]\n"
        "```\n",
        false);
    cr_expect_eq(t.r.failures, 0, "%s", t.log);
    cr_expect_eq(t.r.commands, 1);
    cr_expect_eq(t.r.examples, 1);
    struct stat st;
    char p[4096];
    snprintf(p, sizeof p, "%s/plan.json", RF_SOURCE_DIR);
    cr_expect(stat(p, &st) != 0, "an example wrote into the source folder");
    snprintf(p, sizeof p, "%s/scenarios/example-county/cut.json", RF_SOURCE_DIR);
    cr_expect(stat(p, &st) != 0, "an example wrote into the source folder");
    trial_free(&t);
}

Test(docs, a_known_failure_is_reported_and_fails_once_it_passes)
{
    static const char failing[] = "<!-- doctest: known-failure waiting for a fix -->\n"
                                  "```console\n"
                                  "$ relocfund validate scenarios/example-county/2017.json\n"
                                  "scenarios/example-county/2017.json: not ok\n"
                                  "```\n";
    trial t = check_text(failing, true);
    cr_expect_eq(t.r.failures, 0, "%s", t.log);
    cr_expect_eq(t.r.known, 1, "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:1: known failure (waiting for a fix), not counted:\n"
                            "trial.md:3: `relocfund validate"),
              "%s", t.log);
    char *after = rf_read_file(t.path, NULL);
    cr_expect_str_eq(after, failing, "update mode leaves a known failure alone");
    free(after);
    trial_free(&t);

    t = check_text("<!-- doctest: known-failure waiting for a fix -->\n"
                   "```console\n"
                   "$ relocfund validate scenarios/example-county/2017.json\n"
                   "scenarios/example-county/2017.json: ok (0 warnings)\n"
                   "```\n",
                   false);
    cr_expect_eq(t.r.failures, 1, "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:1: the example under this known-failure marker (block at "
                            "line 2) agrees with the tool now: remove the marker"),
              "%s", t.log);
    trial_free(&t);
}

Test(docs, a_marker_must_name_its_kind_and_precede_a_block)
{
    trial t = check_text("<!-- doctest: skipp typo -->\n"
                         "\n"
                         "    relocfund validate scenarios/example-county/2016.json\n"
                         "\n"
                         "<!-- doctest: skip nothing follows -->\n"
                         "Prose.\n",
                         false);
    cr_expect_eq(t.r.failures, 2, "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:1: a doctest marker is"), "%s", t.log);
    cr_expect(strstr(t.log, "trial.md:5: a doctest marker applies to the code block right after"),
              "%s", t.log);
    trial_free(&t);
}

/* A command that never ends (serve, say) is killed with what it started. */
Test(docs, a_command_is_killed_when_its_time_runs_out)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rf_run_result r = rf_run_shell("/tmp", "sleep 30 & sleep 30; echo never", NULL, 1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    cr_expect(r.timed_out);
    cr_expect_eq(r.exit_code, -1);
    cr_expect_str_eq(r.out, "");
    cr_expect_lt(t1.tv_sec - t0.tv_sec, 5);
    rf_run_free(&r);
}
