/* rf_escape: CSV quoting, HTML entities, Markdown and JSON escapes; see rf_escape.h. */
#include "rf_escape.h"

#include <string.h>

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
    /* Runs without a quote in one write: a name map has millions of fields. */
    for (const char *p = s; *p;) {
        size_t run = strcspn(p, "\"");
        fwrite(p, 1, run, out);
        p += run;
        if (*p == '"') {
            fputs("\"\"", out);
            p++;
        }
    }
    if (quote)
        fputc('"', out);
}

void rf_html_text(FILE *out, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
                break;
            fputc(*p, out);
            break;
        }
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
    fputc('"', out);
    /* Runs that need no escape in one write: reports have many strings. */
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        fwrite(s + run, 1, i - run, out);
        run = i + 1;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else
            fprintf(out, "\\u%04x", c);
    }
    fwrite(s + run, 1, n - run, out);
    fputc('"', out);
}
