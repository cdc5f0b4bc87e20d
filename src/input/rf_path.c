/* rf_path: parses and formats JSON paths ("sites[2].costs.land"). */
#include "rf_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rf_path_free(rf_path *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->segs[i].key);
        free(p->segs[i].id);
    }
    free(p->segs);
    p->segs = NULL;
    p->n = 0;
}

/* Appends a step; key is taken over (freed on failure). */
static bool push(rf_path *p, char *key, size_t index, size_t offset)
{
    rf_path_seg *v = realloc(p->segs, (p->n + 1) * sizeof *v);
    if (!v) {
        free(key);
        return false;
    }
    p->segs = v;
    p->segs[p->n].key = key;
    p->segs[p->n].id = NULL;
    p->segs[p->n].index = index;
    p->segs[p->n].offset = offset;
    p->n++;
    return true;
}

static bool plain_char(char c)
{
    return c != '.' && c != '[' && c != ']' && c != '"' && c != '\0';
}

/* Parses "[N]", "[ID]" or "[\"name\"]" at text[*i] (which is '['). */
static bool parse_bracket(const char *text, size_t len, size_t *i, rf_path *out, rf_error *err)
{
    size_t start = *i;
    size_t k = start + 1;
    if (k < len && text[k] == '"') {
        char *key = malloc(len - k + 1);
        size_t n = 0;
        if (!key) {
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
            return false;
        }
        k++;
        for (;;) {
            if (k >= len) {
                free(key);
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unterminated quoted name starting at character %zu",
                        start + 1);
                return false;
            }
            char c = text[k];
            if (c == '"')
                break;
            if (c == '\\') {
                if (k + 1 < len && (text[k + 1] == '"' || text[k + 1] == '\\')) {
                    key[n++] = text[k + 1];
                    k += 2;
                    continue;
                }
                free(key);
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                        "bad escape at character %zu; only \\\" and \\\\ may be escaped", k + 1);
                return false;
            }
            if (c == '\0') {
                free(key);
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "NUL character in the path");
                return false;
            }
            key[n++] = c;
            k++;
        }
        key[n] = '\0';
        k++; /* closing quote */
        if (k >= len || text[k] != ']') {
            free(key);
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "expected ']' after the quoted name at character %zu", k + 1);
            return false;
        }
        if (!push(out, key, 0, start)) {
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
            return false;
        }
        *i = k + 1;
        return true;
    }
    size_t first = k;
    while (k < len && text[k] != ']' && text[k] != '[' && text[k] != '"' && text[k] != '\0')
        k++;
    /* a sign or a space first is a mistyped index, not an id */
    if (k == first || k >= len || text[k] != ']' || text[first] == '-' || text[first] == '+' ||
        text[first] == ' ') {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                "bad step at character %zu: expected [N] with N a whole number >= 0, [ID] "
                "or [\"name\"]",
                start + 1);
        return false;
    }
    size_t n = k - first, digits = 0;
    while (digits < n && text[first + digits] >= '0' && text[first + digits] <= '9')
        digits++;
    if (digits < n) { /* an id */
        char *id = malloc(n + 1);
        if (!id || !push(out, NULL, 0, start)) {
            free(id);
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
            return false;
        }
        memcpy(id, text + first, n);
        id[n] = '\0';
        out->segs[out->n - 1].id = id;
        *i = k + 1;
        return true;
    }
    if (n > 1 && text[first] == '0') {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "bad index at character %zu: no leading zeros", start + 1);
        return false;
    }
    size_t v = 0;
    for (size_t d = first; d < k; d++) {
        v = v * 10 + (size_t)(text[d] - '0');
        if (v > RF_PATH_MAX_INDEX) {
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "index at character %zu is too large (at most %u)", start + 1,
                    RF_PATH_MAX_INDEX);
            return false;
        }
    }
    if (!push(out, NULL, v, start)) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
        return false;
    }
    *i = k + 1;
    return true;
}

bool rf_path_parse(const char *text, size_t len, rf_path *out, rf_error *err)
{
    out->segs = NULL;
    out->n = 0;
    if (len == 0) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "the path is empty");
        return false;
    }
    size_t i = 0;
    bool first = true;
    while (i < len) {
        char c = text[i];
        if (c == '[') {
            if (!parse_bracket(text, len, &i, out, err))
                goto fail;
        } else {
            if (!first) {
                if (c != '.') {
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unexpected '%c' at character %zu; expected '.' or '['",
                            c, i + 1);
                    goto fail;
                }
                i++;
            }
            size_t start = i;
            while (i < len && plain_char(text[i]))
                i++;
            if (i == start) {
                if (i < len && text[i] == '\0')
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "NUL character in the path");
                else if (i < len && (text[i] == ']' || text[i] == '"'))
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "unexpected '%c' at character %zu", text[i], i + 1);
                else
                    rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "empty name at character %zu", start + 1);
                goto fail;
            }
            char *key = malloc(i - start + 1);
            if (!key) {
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
                goto fail;
            }
            memcpy(key, text + start, i - start);
            key[i - start] = '\0';
            if (!push(out, key, 0, start)) {
                rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
                goto fail;
            }
        }
        first = false;
    }
    return true;
fail:
    rf_path_free(out);
    return false;
}

static bool plain_word(const char *key)
{
    if (!*key)
        return false;
    for (const char *p = key; *p; p++)
        if (!plain_char(*p))
            return false;
    return true;
}

char *rf_path_format(const rf_path *p, size_t n, char *buf, size_t size)
{
    size_t o = 0;
    if (!size)
        return buf;
    buf[0] = '\0';
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (o + 1 < size)                                                                          \
            buf[o++] = (c);                                                                        \
    } while (0)
    for (size_t i = 0; i < n && i < p->n; i++) {
        const rf_path_seg *s = &p->segs[i];
        if (s->id) {
            PUT('[');
            for (const char *t = s->id; *t; t++)
                PUT(*t);
            PUT(']');
        } else if (!s->key) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "[%zu]", s->index);
            for (const char *t = tmp; *t; t++)
                PUT(*t);
        } else if (plain_word(s->key)) {
            if (i > 0)
                PUT('.');
            for (const char *t = s->key; *t; t++)
                PUT(*t);
        } else {
            PUT('[');
            PUT('"');
            for (const char *t = s->key; *t; t++) {
                if (*t == '"' || *t == '\\')
                    PUT('\\');
                PUT(*t);
            }
            PUT('"');
            PUT(']');
        }
    }
#undef PUT
    buf[o] = '\0';
    return buf;
}
