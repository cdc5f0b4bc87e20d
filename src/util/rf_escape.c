/* rf_escape: CSV quoting, HTML entities, Markdown and JSON escapes; see rf_escape.h. */
#include "rf_escape.h"

#include <string.h>

/* The length of the control character at u (1, or 2 for C1), 0 if none. */
static size_t control_at(const unsigned char *u, bool layout_ok)
{
    if ((*u < 0x20 && !(layout_ok && (*u == '\t' || *u == '\n'))) || *u == 0x7F)
        return 1;
    return *u == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F ? 2 : 0;
}

/* Writes the control character at p visibly; returns its length less one. */
static size_t csv_control(FILE *out, const char *p)
{
    size_t n = control_at((const unsigned char *)p, true);
    fprintf(out, n == 1 ? "\\x%02X" : "\\u%04X", (unsigned)(unsigned char)p[n - 1]);
    return n - 1;
}

bool rf_csv_needs_quotes(const char *s)
{
    return s && strpbrk(s, ",\"\r\n") != NULL;
}

bool rf_csv_formula_like(const char *s)
{
    if (!s || !*s || !strchr("=+-@\t\r", s[0]))
        return false;
    if (s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
        return true;
    /* '+' or '-': harmless when what follows is a number (or nothing). */
    bool digit = false;
    for (const char *p = s + 1; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digit = true;
        else if (*p != '.' && *p != ',' && !(*p == '%' && p[1] == '\0'))
            return true;
    }
    return !digit && s[1] != '\0';
}

void rf_csv_field(FILE *out, const char *s, bool defuse_formula)
{
    if (!s)
        s = "";
    bool quote = rf_csv_needs_quotes(s);
    if (quote)
        fputc('"', out);
    if (defuse_formula && rf_csv_formula_like(s))
        fputc('\'', out);
    /* Runs without a quote in one write: a name map has millions of fields.
     * A control character a terminal would act on (not CR, LF, TAB: the
     * quotes hold those) is written visibly, as the text writer does. */
    if (rf_text_control(s, true)) {
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            if (*p == '\r')
                fputc('\r', out);
            else if (*p == '"' || !control_at((const unsigned char *)p, true))
                fputc(*p, out);
            else
                p += csv_control(out, p);
        }
    } else {
        for (const char *p = s; *p;) {
            size_t run = strcspn(p, "\"");
            fwrite(p, 1, run, out);
            p += run;
            if (*p == '"') {
                fputs("\"\"", out);
                p++;
            }
        }
    }
    if (quote)
        fputc('"', out);
}

/* What rf_html_escape writes for byte c, which HTML_SPECIAL_LOW or 0x7F
 * names: "" when it is dropped, else its entity. */
static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return "";
    }
}

/* The bytes below 64 that rf_html_escape does not copy as they are: the
 * C0 controls but TAB, LF and CR, and " & ' < >. */
#define HTML_SPECIAL_LOW                                                                    \
    ((0xFFFFFFFFULL & ~(1ULL << '\t') & ~(1ULL << '\n') & ~(1ULL << '\r')) | 1ULL << '"' | \
     1ULL << '&' | 1ULL << '\'' | 1ULL << '<' | 1ULL << '>')

size_t rf_html_escape(char *dst, size_t cap, const char *s, const char **rest)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (; *p; p++) {
        unsigned char c = *p;
        if (c < 64 ? !(HTML_SPECIAL_LOW >> c & 1) : c != 0x7F) {
            if (n == cap)
                break;
            dst[n++] = (char)c;
            continue;
        }
        const char *e = html_entity(c);
        size_t len = strlen(e);
        if (len > cap - n)
            break;
        memcpy(dst + n, e, len);
        n += len;
    }
    *rest = (const char *)p;
    return n;
}

void rf_html_text(FILE *out, const char *s)
{
    /* A buffer at a time, not a stream write per byte: a report has
     * thousands of labels and cells. */
    char buf[512];
    while (s && *s) {
        size_t n = rf_html_escape(buf, sizeof buf, s, &s);
        fwrite(buf, 1, n, out);
    }
}

void rf_md_cell(FILE *out, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            if (*p == '\r' && p[1] == '\n')
                p++;
            fputc(' ', out);
            continue;
        }
        size_t n = control_at((const unsigned char *)p, false);
        if (n) {
            fprintf(out, n == 1 ? "\\x%02X" : "\\u%04X", (unsigned)(unsigned char)p[n - 1]);
            p += n - 1;
            continue;
        }
        if (strchr("\\`*_[]<>|&~", *p))
            fputc('\\', out);
        fputc(*p, out);
    }
}

void rf_md_line(FILE *out, const char *s)
{
    if (!s)
        return;
    /* A line that Markdown would read as a heading, rule or list item. */
    if (s[0] == '#' || s[0] == '+' || s[0] == '-' || s[0] == '=') {
        fputc('\\', out);
        fputc(s[0], out);
        s++;
    } else if (s[0] >= '0' && s[0] <= '9') {
        size_t n = strspn(s, "0123456789");
        if (s[n] == '.' || s[n] == ')') {
            fwrite(s, 1, n, out);
            fputc('\\', out);
            fputc(s[n], out);
            s += n + 1;
        }
    }
    rf_md_cell(out, s);
}

void rf_json_string(FILE *out, const char *s, size_t n)
{
    /* Gathered in a buffer of its own and written a buffer at a time: an
     * HTML report sent as a JSON string (/api/view) has tens of thousands
     * of quotes and newlines, and a stream write for each costs more than
     * the escape. */
    static const char hex[] = "0123456789abcdef";
    char buf[4096];
    size_t used = 0;
    buf[used++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (used > sizeof buf - 8) {
            fwrite(buf, 1, used, out);
            used = 0;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
            buf[used++] = (char)c;
        } else if (c == '"' || c == '\\' || c == '\n') {
            buf[used++] = '\\';
            buf[used++] = c == '\n' ? 'n' : (char)c;
        } else {
            memcpy(buf + used, "\\u00", 4);
            buf[used + 4] = hex[c >> 4];
            buf[used + 5] = hex[c & 0xf];
            used += 6;
        }
    }
    buf[used++] = '"';
    fwrite(buf, 1, used, out);
}

unsigned rf_text_control(const char *s, bool layout_ok)
{
    for (const unsigned char *u = (const unsigned char *)s; u && *u; u++) {
        size_t n = control_at(u, layout_ok);
        if (n)
            return u[n - 1];
    }
    return 0;
}

void rf_text_safe(FILE *out, const char *s, bool layout_ok)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s, *run = u;
    for (; *u; u++) {
        size_t n = control_at(u, layout_ok);
        if (!n)
            continue;
        fwrite(run, 1, (size_t)(u - run), out);
        fprintf(out, n == 1 ? "\\x%02X" : "\\u%04X", (unsigned)u[n - 1]);
        u += n - 1;
        run = u + 1;
    }
    fwrite(run, 1, (size_t)(u - run), out);
}
