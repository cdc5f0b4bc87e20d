#define _XOPEN_SOURCE 700 /* realpath, strndup */
/* rf_read: typed member readers that report problems with locations. */
#include "rf_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"
#include "rf_money.h"

char *rf_read_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void rf_read_vdiag(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key, const char *path,
                   const char *fmt, va_list ap)
{
    char msg[1024], msg_zh[1536];
    rf_msg_vformat(msg, sizeof msg, msg_zh, sizeof msg_zh, fmt, ap);
    rf_read_diag_text(r, sev, node, at_key, path, msg, msg_zh);
}

void rf_read_diag_text(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key,
                       const char *path, const char *message, const char *message_zh)
{
    const rf_json_loc *loc = node ? rf_json_loc_of(r->ctx, node) : NULL;
    int line = 0, col = 0;
    const char *file = NULL;
    if (loc) {
        file = loc->file;
        line = loc->line;
        col = loc->column;
        if (at_key && loc->key_line) {
            line = loc->key_line;
            col = loc->key_column;
        }
        if (loc->label && !at_key)
            path = loc->label; /* a workbook cell: named by its column */
    }
    rf_diags_add_text(r->diags, sev, file, line, col, path, message, message_zh);
}

void rf_read_diag(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key, const char *path,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rf_read_vdiag(r, sev, node, at_key, path, fmt, ap);
    va_end(ap);
}

const char *rf_read_kind(const cJSON *n)
{
    if (!n)
        return "nothing";
    if (cJSON_IsObject(n))
        return "an object";
    if (cJSON_IsArray(n))
        return "an array";
    if (cJSON_IsString(n))
        return "a string";
    if (cJSON_IsNumber(n))
        return "a number";
    if (cJSON_IsTrue(n))
        return "true";
    if (cJSON_IsFalse(n))
        return "false";
    return "null";
}

/* Edit distance of two short names (capped), for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

static bool free_text_key(const char *k)
{
    return strcmp(k, "note") == 0 || strcmp(k, "assumption") == 0 || strcmp(k, "assumptions") == 0;
}

const char *rf_read_closest(const char *name, const char *const *known)
{
    const char *best = NULL;
    size_t best_d = 3; /* "did you mean" only within two edits */
    for (size_t i = 0; known[i]; i++) {
        size_t d = distance(known[i], name);
        if (d < best_d) {
            best_d = d;
            best = known[i];
        }
    }
    return best;
}

char *rf_read_join(char *buf, size_t size, const char *const *known)
{
    size_t n = 0, o = 0;
    while (known[n])
        n++;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        char tail[48];
        int t = i + 1 < n ? snprintf(tail, sizeof tail, ", ... (%zu in all)", n) : 0;
        size_t room = size - o;
        int w = snprintf(buf + o, room, "%s%s", i ? ", " : "", known[i]);
        if (w < 0 || (size_t)w + (size_t)t >= room) {
            /* this one and the tail do not fit: the tail replaces it */
            snprintf(buf + o, room, "%s", i ? tail : tail + 2);
            break;
        }
        o += (size_t)w;
    }
    return buf;
}

void rf_read_check_keys(rf_reader *r, const cJSON *obj, const char *path, const char *const *known)
{
    if (!cJSON_IsObject(obj))
        return;
    size_t n_known = 0;
    while (known[n_known])
        n_known++;
    /* Members mostly come in the order of known: each search starts after
     * the name found last. */
    size_t next = 0;
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool found = false;
        for (size_t k = 0; k < n_known && !found; k++) {
            size_t i = (next + k) % n_known;
            if (strcmp(known[i], c->string) == 0) {
                found = true;
                next = i + 1;
            }
        }
        if (found || free_text_key(c->string))
            continue;
        /* Only an unknown key pays for the edit distances of "did you mean". */
        const char *best = rf_read_closest(c->string, known);
        char p[512];
        rf_json_path_join(p, sizeof p, path, c->string, 0);
        /* A member a --set change made would be a change silently ignored. */
        const rf_json_loc *loc = rf_json_loc_of(r->ctx, c);
        bool changed = loc && loc->file && strcmp(loc->file, "--set") == 0;
        char list[512];
        if (changed && best)
            rf_read_diag(r, RF_SEV_ERROR, c, true, p,
                         "unknown member \"%s\"; did you mean \"%s\"?", c->string, best);
        else if (changed)
            rf_read_diag(r, RF_SEV_ERROR, c, true, p, "unknown member \"%s\"; expected one of: %s",
                         c->string, rf_read_join(list, sizeof list, known));
        else if (best)
            rf_read_diag(r, RF_SEV_WARNING, c, true, p,
                         "unknown key (ignored); did you mean \"%s\"?", best);
        else
            rf_read_diag(r, RF_SEV_WARNING, c, true, p, "unknown key (ignored); expected one of: %s",
                         rf_read_join(list, sizeof list, known));
    }
}

bool rf_read_expect_object(rf_reader *r, const cJSON *node, const char *path)
{
    if (!node)
        return false;
    if (cJSON_IsObject(node))
        return true;
    rf_read_diag(r, RF_SEV_ERROR, node, false, path, "must be an object; found %s",
                 rf_read_kind(node));
    return false;
}

/* The number's text as written, for messages. */
char *rf_read_number_text(rf_reader *r, const cJSON *node, char *buf, size_t size)
{
    const rf_json_loc *loc = rf_json_loc_of(r->ctx, node);
    if (loc && loc->text)
        snprintf(buf, size, "%.*s", (int)(loc->len > 40 ? 40 : loc->len), loc->text);
    else
        snprintf(buf, size, "%.17g", node->valuedouble);
    return buf;
}

/* The path of member key of the object at path, or path itself when key
 * is NULL: joined into buf (size 512) only when a message names it. */
static const char *member_path(char *buf, const char *path, const char *key)
{
    return key ? rf_json_path_join(buf, 512, path, key, 0) : path;
}

/* Finds member key; handles absent, null and the required flag.  Returns
 * RF_READ_OK with *node set when a non-null value is there. */
static rf_read_result find(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                           bool required, bool nullable, const char *expected, const cJSON **node)
{
    const cJSON *n = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    *node = n;
    char p[512];
    if (!n) {
        if (required && cJSON_IsObject(obj)) {
            rf_read_diag(r, RF_SEV_ERROR, obj, false, member_path(p, path, key),
                         "missing; expected %s", expected);
            return RF_READ_BAD;
        }
        return RF_READ_ABSENT;
    }
    if (cJSON_IsNull(n)) {
        if (nullable)
            return RF_READ_NULL;
        rf_read_diag(r, RF_SEV_ERROR, n, false, member_path(p, path, key),
                     "must be %s; found null", expected);
        return RF_READ_BAD;
    }
    return RF_READ_OK;
}

#define COUNT_EXPECTED "a whole number >= 0"
#define MONEY_EXPECTED "an amount in yuan >= 0 (a number with at most 2 decimals)"
#define AREA_EXPECTED "an area in m2 >= 0 (a number with at most 2 decimals)"
#define AREA_MAX ((int64_t)100000000000LL) /* 1/100 m2 */

/* The text a number node is read from: as written when kept, else its
 * value printed into buf (64 bytes). */
static const char *number_source(rf_reader *r, const cJSON *node, char *buf, size_t *len)
{
    const rf_json_loc *loc = rf_json_loc_of(r->ctx, node);
    if (loc && loc->text) {
        *len = loc->len;
        return loc->text;
    }
    rf_read_number_text(r, node, buf, 64);
    *len = strlen(buf);
    return buf;
}

/* The value readers on node, member key of the object at path (key NULL:
 * node is at path itself). */
static bool count_value(rf_reader *r, const cJSON *node, const char *path, const char *key,
                        int64_t *out)
{
    char p[512], text[64];
    if (!cJSON_IsNumber(node)) {
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be %s; found %s", COUNT_EXPECTED, rf_read_kind(node));
        return false;
    }
    size_t len;
    const char *t = number_source(r, node, text, &len);
    int64_t v;
    bool ok = rf_decimal_parse(t, len, 0, INT64_MAX / 4, &v);
    if (ok && v >= 0 && v <= RF_READ_MAX_COUNT) {
        *out = v;
        return true;
    }
    rf_read_number_text(r, node, text, sizeof text);
    if (!ok && isfinite(node->valuedouble) && fabs(node->valuedouble) >= 1e15 &&
        floor(node->valuedouble) == node->valuedouble)
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be a whole number from 0 to %lld; found %s", RF_READ_MAX_COUNT, text);
    else if (!ok || v < 0)
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be %s; found %s", COUNT_EXPECTED, text);
    else
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be a whole number from 0 to %lld; found %s", RF_READ_MAX_COUNT, text);
    return false;
}

/* Reads a non-negative decimal with at most 2 decimals into hundredths. */
static bool read_hundredths(rf_reader *r, const cJSON *node, const char *path, const char *key,
                            const char *expected, const char *unit_words, int64_t max,
                            int64_t *out)
{
    char p[512], text[64];
    if (!cJSON_IsNumber(node)) {
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be %s; found %s", expected, rf_read_kind(node));
        return false;
    }
    size_t len;
    const char *t = number_source(r, node, text, &len);
    int64_t v;
    if (!rf_decimal_parse(t, len, 2, max, &v)) {
        /* Tell "too precise" from "too large". */
        int64_t coarse;
        bool precise = rf_decimal_parse(t, len, 8, INT64_MAX, &coarse) ||
                       fabs(node->valuedouble) < 1e6;
        rf_read_number_text(r, node, text, sizeof text);
        if (precise)
            rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                         "%s has at most 2 decimals; found %s", unit_words, text);
        else
            rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                         "out of range: at most %lld; found %s", (long long)(max / 100), text);
        return false;
    }
    if (v < 0) {
        rf_read_number_text(r, node, text, sizeof text);
        rf_read_diag(r, RF_SEV_ERROR, node, false, member_path(p, path, key),
                     "must be %s; found %s", expected, text);
        return false;
    }
    *out = v;
    return true;
}

static bool money_value(rf_reader *r, const cJSON *node, const char *path, const char *key,
                        int64_t *out)
{
    return read_hundredths(r, node, path, key, MONEY_EXPECTED, "money is in yuan and", RF_FEN_MAX,
                           out);
}

static bool area_value(rf_reader *r, const cJSON *node, const char *path, const char *key,
                       int64_t *out)
{
    return read_hundredths(r, node, path, key, AREA_EXPECTED, "an area in m2", AREA_MAX, out);
}

bool rf_read_count_value(rf_reader *r, const cJSON *node, const char *path, int64_t *out)
{
    return count_value(r, node, path, NULL, out);
}

bool rf_read_money_value(rf_reader *r, const cJSON *node, const char *path, rf_fen *out)
{
    return money_value(r, node, path, NULL, out);
}

bool rf_read_area_value(rf_reader *r, const cJSON *node, const char *path, rf_centi_m2 *out)
{
    return area_value(r, node, path, NULL, out);
}

/* Finds member key of obj and reads it with read (one of the value readers
 * above, which all fill an int64_t). */
static rf_read_result read_member(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                                  bool required, bool nullable, const char *expected,
                                  bool (*read)(rf_reader *, const cJSON *, const char *,
                                               const char *, int64_t *),
                                  int64_t *out)
{
    const cJSON *n;
    rf_read_result res = find(r, obj, key, path, required, nullable, expected, &n);
    if (res != RF_READ_OK)
        return res;
    return read(r, n, path, key, out) ? RF_READ_OK : RF_READ_BAD;
}

rf_read_result rf_read_count(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                             bool required, bool nullable, int64_t *out)
{
    return read_member(r, obj, key, path, required, nullable, COUNT_EXPECTED, count_value, out);
}

rf_read_result rf_read_money(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                             bool required, bool nullable, rf_fen *out)
{
    return read_member(r, obj, key, path, required, nullable, MONEY_EXPECTED, money_value, out);
}

rf_read_result rf_read_area(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                            bool required, bool nullable, rf_centi_m2 *out)
{
    return read_member(r, obj, key, path, required, nullable, AREA_EXPECTED, area_value, out);
}

/* find, then the kind of the value: is(value), else "must be EXPECTED;
 * found KIND". */
static rf_read_result find_typed(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                                 bool required, bool nullable, const char *expected,
                                 bool (*is)(const cJSON *), const cJSON **node)
{
    rf_read_result res = find(r, obj, key, path, required, nullable, expected, node);
    if (res == RF_READ_OK && !is(*node)) {
        char p[512];
        rf_read_diag(r, RF_SEV_ERROR, *node, false, member_path(p, path, key),
                     "must be %s; found %s", expected, rf_read_kind(*node));
        return RF_READ_BAD;
    }
    return res;
}

static bool is_string(const cJSON *n)
{
    return cJSON_IsString(n);
}

static bool is_bool(const cJSON *n)
{
    return cJSON_IsBool(n);
}

static bool is_finite_number(const cJSON *n)
{
    return cJSON_IsNumber(n) && isfinite(n->valuedouble);
}

rf_read_result rf_read_string(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                              bool required, bool nullable, char **out)
{
    const cJSON *n;
    char p[512];
    rf_read_result res =
        find_typed(r, obj, key, path, required, nullable, "a string", is_string, &n);
    if (res != RF_READ_OK)
        return res;
    unsigned cc = rf_text_control(n->valuestring, false);
    if (cc) {
        rf_read_diag(r, RF_SEV_ERROR, n, false, member_path(p, path, key),
                     "control character U+%04X in text; ids, names and labels are plain text "
                     "(no control characters: they would reach reports and terminals)",
                     cc);
        return RF_READ_BAD;
    }
    char *s = rf_read_strdup(n->valuestring);
    if (!s) {
        rf_read_diag(r, RF_SEV_ERROR, n, false, member_path(p, path, key), "out of memory");
        return RF_READ_BAD;
    }
    *out = s;
    return RF_READ_OK;
}

rf_read_result rf_read_bool(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                            bool required, bool *out)
{
    const cJSON *n;
    rf_read_result res =
        find_typed(r, obj, key, path, required, false, "true or false", is_bool, &n);
    if (res == RF_READ_OK)
        *out = cJSON_IsTrue(n);
    return res;
}

rf_read_result rf_read_number(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                              bool required, double *out)
{
    const cJSON *n;
    rf_read_result res =
        find_typed(r, obj, key, path, required, false, "a number", is_finite_number, &n);
    if (res == RF_READ_OK)
        *out = n->valuedouble;
    return res;
}

bool rf_read_label(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                   const char *fallback, rf_label *out)
{
    out->zh = out->en = NULL;
    char p[512];
    rf_json_path_join(p, sizeof p, path, key, 0);
    const cJSON *n = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    bool ok = true;
    if (n && !cJSON_IsNull(n)) {
        if (!rf_read_expect_object(r, n, p)) {
            ok = false;
        } else {
            static const char *const known[] = {"zh", "en", NULL};
            rf_read_check_keys(r, n, p, known);
            ok = rf_read_string(r, n, "zh", p, false, true, &out->zh) != RF_READ_BAD;
            ok = rf_read_string(r, n, "en", p, false, true, &out->en) != RF_READ_BAD && ok;
        }
    }
    if (!out->zh)
        out->zh = rf_read_strdup(out->en ? out->en : fallback ? fallback : "");
    if (!out->en)
        out->en = rf_read_strdup(out->zh ? out->zh : fallback ? fallback : "");
    return ok;
}

void rf_read_label_free(rf_label *l)
{
    free(l->zh);
    free(l->en);
    l->zh = l->en = NULL;
}

/* The canonical folder of file (which need not exist), or NULL. */
static char *folder_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    char *dir = slash ? strndup(file, (size_t)(slash - file) + (slash == file)) : strdup(".");
    char *canon = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    return canon;
}

char *rf_read_rebase(const char *from, const char *rel, const char *to)
{
    char *joined = rf_read_resolve(from, rel);
    if (!joined || rel[0] == '/')
        return joined;
    char *target_dir = folder_of(joined), *to_dir = folder_of(to);
    const char *base = strrchr(joined, '/');
    base = base ? base + 1 : joined;
    char *out = NULL;
    if (target_dir && to_dir) {
        /* the folders as components; ".." for each of to_dir's past the
         * common ones, then target_dir's */
        size_t i = 0, common = 0;
        for (;; i++) {
            char a = target_dir[i], b = to_dir[i];
            if ((a == '/' || !a) && (b == '/' || !b))
                common = i;
            if (a != b || !a)
                break;
        }
        size_t ups = 0;
        for (const char *p = to_dir + common; *p; p++)
            ups += *p == '/';
        const char *down = target_dir + common;
        if (*down == '/')
            down++;
        size_t n = ups * 3 + strlen(down) + strlen(base) + 3;
        out = malloc(n);
        if (out) {
            size_t w = 0;
            for (size_t k = 0; k < ups; k++)
                w += (size_t)snprintf(out + w, n - w, "../");
            snprintf(out + w, n - w, "%s%s%s", down, *down ? "/" : "", base);
        }
    }
    free(target_dir);
    free(to_dir);
    if (!out)
        return joined;
    free(joined);
    return out;
}

char *rf_read_resolve(const char *from, const char *rel)
{
    if (!rel)
        return NULL;
    size_t fl = 0;
    if (rel[0] != '/' && from) {
        const char *slash = strrchr(from, '/');
        if (slash)
            fl = (size_t)(slash - from) + 1;
    }
    size_t n = fl + strlen(rel);
    char *joined = malloc(n + 1);
    if (!joined)
        return NULL;
    memcpy(joined, from, fl);
    strcpy(joined + fl, rel);
    /* Fold "." and "x/.." steps lexically. */
    bool absolute = joined[0] == '/';
    char **parts = malloc((n + 1) * sizeof *parts);
    if (!parts)
        return joined;
    size_t np = 0;
    for (char *tok = joined; tok;) {
        char *next = strchr(tok, '/');
        if (next)
            *next++ = '\0';
        if (*tok == '\0' || strcmp(tok, ".") == 0) {
            /* skip */
        } else if (strcmp(tok, "..") == 0 && np > 0 && strcmp(parts[np - 1], "..") != 0) {
            np--;
        } else if (!(strcmp(tok, "..") == 0 && absolute)) {
            parts[np++] = tok;
        }
        tok = next;
    }
    char *out = malloc(n + 2);
    if (out) {
        size_t o = 0;
        if (absolute)
            out[o++] = '/';
        for (size_t i = 0; i < np; i++) {
            size_t l = strlen(parts[i]);
            if (i)
                out[o++] = '/';
            memcpy(out + o, parts[i], l);
            o += l;
        }
        if (o == 0)
            out[o++] = '.';
        out[o] = '\0';
    }
    free(parts);
    free(joined);
    return out;
}

const cJSON *rf_read_member(const cJSON *obj, const char *key)
{
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}
