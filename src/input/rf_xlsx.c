/* rf_xlsx: XLSX workbooks read as a stream of rows (libzip for the archive,
 * expat for the XML parts). */
#include "rf_xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "rf_file.h"
#include "rf_read.h"

#define CHUNK 65536

typedef struct {
    char *name;
    char *part; /* the part's name in the archive */
} sheet_info;

struct rf_xlsx {
    zip_t *zip;
    char *name;
    rf_xlsx_options opts;
    bool date1904;
    sheet_info *sheets;
    size_t n_sheets;
    /* Shared strings: text of string i at strings + offs[i], length
     * offs[i+1] - offs[i] - 1 (each NUL-terminated). */
    char *strings;
    size_t strings_len, strings_cap;
    size_t *offs;
    size_t n_strings, cap_offs;
    /* Cell styles (cellXfs index) whose number format is a date. */
    bool *style_date;
    size_t n_styles;
};

/* ---- small helpers ---- */

static rf_status fail(rf_error *err, const char *file, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static rf_status fail(rf_error *err, const char *file, const char *path, const char *fmt, ...)
{
    char msg[768], msg_zh[1024];
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(msg, sizeof msg, msg_zh, sizeof msg_zh, fmt, ap);
    va_end(ap);
    return rf_error_set_text(err, RF_ERR_INPUT, file, 0, 0, path, msg, msg_zh);
}

/* The local part of an element or attribute name ("x:row" -> "row"):
 * parts are read without namespace processing, which costs expat a string
 * a tag, and a prefix is taken to be the one its part declares. */
static const char *local(const char *name)
{
    const char *l = name;
    for (const char *p = name; *p; p++)
        if (*p == ':')
            l = p + 1;
    return l;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---- reading a part through expat ---- */

typedef struct {
    rf_xlsx *wb;
    zip_file_t *zf;
    XML_Parser parser;
    const char *part;
    uint64_t cap, compressed, read;
    bool done;   /* the last chunk was parsed */
    bool failed; /* a handler found a problem: message in err */
    bool dtd;    /* the part declares a DTD */
    rf_error *err;
} part_reader;

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    part_reader *pr = ud;
    pr->dtd = true;
    XML_StopParser(pr->parser, XML_FALSE);
}

/* Opens part for reading with cap bytes at most; user data of the parser
 * is ud (whose first member must be the part_reader). */
static bool part_open(part_reader *pr, rf_xlsx *wb, const char *part, uint64_t cap, void *ud,
                      rf_error *err)
{
    memset(pr, 0, sizeof *pr);
    pr->wb = wb;
    pr->part = part;
    pr->cap = cap;
    pr->err = err;
    zip_stat_t st;
    if (zip_stat(wb->zip, part, 0, &st) != 0) {
        fail(err, wb->name, part, "the workbook names the part %s, but the file has none", part);
        return false;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
        fail(err, wb->name, part,
             "the part inflates to %llu bytes, over the %llu bytes this reader accepts",
             (unsigned long long)st.size, (unsigned long long)cap);
        return false;
    }
    pr->compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    pr->zf = zip_fopen(wb->zip, part, 0);
    pr->parser = XML_ParserCreate(NULL);
    if (!pr->zf || !pr->parser) {
        fail(err, wb->name, part, "cannot read the part: %s",
             pr->zf ? "out of memory" : zip_strerror(wb->zip));
        return false;
    }
    XML_SetUserData(pr->parser, ud);
    XML_SetStartDoctypeDeclHandler(pr->parser, on_doctype);
    return true;
}

static void part_close(part_reader *pr)
{
    if (pr->parser)
        XML_ParserFree(pr->parser);
    if (pr->zf)
        zip_fclose(pr->zf);
    pr->parser = NULL;
    pr->zf = NULL;
}

/* Reports the parser's error (or the DTD) at its position. */
static bool part_xml_error(part_reader *pr)
{
    if (pr->failed)
        return false;
    char where[600];
    snprintf(where, sizeof where, "%s:%lu:%lu", pr->part,
             (unsigned long)XML_GetCurrentLineNumber(pr->parser),
             (unsigned long)XML_GetCurrentColumnNumber(pr->parser) + 1);
    if (pr->dtd)
        fail(pr->err, pr->wb->name, where, "the part declares a DTD, which a workbook never does");
    else
        fail(pr->err, pr->wb->name, where, "the part is not well-formed XML: %s",
             XML_ErrorString(XML_GetErrorCode(pr->parser)));
    pr->failed = true;
    return false;
}

/* Reads the next chunk and parses it.  Returns the parser's status, or
 * XML_STATUS_ERROR after filling err. */
static enum XML_Status part_feed(part_reader *pr)
{
    void *buf = XML_GetBuffer(pr->parser, CHUNK);
    if (!buf) {
        fail(pr->err, pr->wb->name, pr->part, "out of memory");
        pr->failed = true;
        return XML_STATUS_ERROR;
    }
    zip_int64_t n = zip_fread(pr->zf, buf, CHUNK);
    if (n < 0) {
        fail(pr->err, pr->wb->name, pr->part, "the part cannot be inflated: %s",
             zip_file_strerror(pr->zf));
        pr->failed = true;
        return XML_STATUS_ERROR;
    }
    pr->read += (uint64_t)n;
    if (pr->read > pr->cap) {
        fail(pr->err, pr->wb->name, pr->part,
             "the part inflates to more than the %llu bytes this reader accepts",
             (unsigned long long)pr->cap);
        pr->failed = true;
        return XML_STATUS_ERROR;
    }
    if (pr->read > RF_XLSX_RATIO_FREE && pr->read / RF_XLSX_MAX_RATIO > pr->compressed) {
        fail(pr->err, pr->wb->name, pr->part,
             "the part inflates more than %u times its compressed size of %llu bytes "
             "(a zip bomb?); refused",
             RF_XLSX_MAX_RATIO, (unsigned long long)pr->compressed);
        pr->failed = true;
        return XML_STATUS_ERROR;
    }
    pr->done = n == 0;
    enum XML_Status st = XML_ParseBuffer(pr->parser, (int)n, n == 0);
    if (st == XML_STATUS_ERROR)
        part_xml_error(pr);
    return st;
}

/* Parses a whole part with the handlers already set. */
static bool part_parse_all(part_reader *pr)
{
    while (!pr->done)
        if (part_feed(pr) != XML_STATUS_OK)
            return false;
    return !pr->failed;
}

/* ---- a growable text buffer ---- */

typedef struct {
    char *s;
    size_t len, cap;
    size_t max;
    bool over;
} textbuf;

static bool tb_add(textbuf *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->max) {
        t->over = true;
        return false;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *v = realloc(t->s, cap);
        if (!v)
            return false;
        t->s = v;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
    return true;
}

/* Decodes OOXML's _xHHHH_ escapes in s[0..len) in place; returns the new
 * length. */
static size_t decode_x_escapes(char *s, size_t len)
{
    const char *first = memchr(s, '_', len);
    if (!first)
        return len;
    size_t r = (size_t)(first - s), w = r;
    while (r < len) {
        unsigned v = 0;
        if (s[r] == '_' && r + 7 <= len && s[r + 1] == 'x' && s[r + 6] == '_' &&
            sscanf(s + r + 2, "%4x", &v) == 1 && strspn(s + r + 2, "0123456789abcdefABCDEF") >= 4 &&
            (v < 0xD800 || v > 0xDFFF)) {
            if (v < 0x80) {
                s[w++] = (char)v;
            } else if (v < 0x800) {
                s[w++] = (char)(0xC0 | (v >> 6));
                s[w++] = (char)(0x80 | (v & 0x3F));
            } else {
                s[w++] = (char)(0xE0 | (v >> 12));
                s[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
                s[w++] = (char)(0x80 | (v & 0x3F));
            }
            r += 7;
        } else {
            s[w++] = s[r++];
        }
    }
    s[w] = '\0';
    return w;
}

/* ---- dates ---- */

bool rf_xlsx_serial_date(double serial, bool date1904, rf_day *day, int32_t *seconds)
{
    if (!isfinite(serial) || serial < (date1904 ? 0.0 : 1.0) || serial > 3e6)
        return false;
    double whole = floor(serial);
    long secs = lround((serial - whole) * 86400.0);
    long d = (long)whole;
    if (secs >= 86400) {
        secs -= 86400;
        d++;
    }
    rf_day base;
    if (date1904) {
        base = rf_date_from_ymd(1904, 1, 1);
    } else if (d == 60) {
        return false; /* Lotus's 29 February 1900 */
    } else if (d < 60) {
        base = rf_date_from_ymd(1899, 12, 31);
    } else {
        base = rf_date_from_ymd(1899, 12, 30);
    }
    rf_day r = base + (rf_day)d;
    if (r > rf_date_from_ymd(9999, 12, 31))
        return false;
    *day = r;
    *seconds = (int32_t)secs;
    return true;
}

bool rf_xlsx_format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return false;
            break;
        case '\\':
        case '_':
        case '*':
            if (!p[1])
                return false;
            p++;
            break;
        case '[': {
            const char *e = strchr(p, ']');
            if (!e)
                return false;
            size_t n = (size_t)(e - p - 1);
            bool elapsed = n > 0;
            for (const char *q = p + 1; q < e; q++)
                elapsed &=
                    *q == 'h' || *q == 'H' || *q == 'm' || *q == 'M' || *q == 's' || *q == 'S';
            if (elapsed)
                return true;
            p = e;
            break;
        }
        default:
            if (strchr("yYmMdDhHsS", *p))
                return true;
        }
    }
    return false;
}

/* Built-in number formats that show dates or times (ECMA-376 18.8.30 and
 * the East Asian ones Excel uses in Chinese locales). */
static bool builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58) || (id >= 71 && id <= 81);
}

/* ---- references ---- */

char *rf_xlsx_ref(char buf[12], uint32_t row, uint32_t col)
{
    char letters[4];
    int n = 0;
    for (uint32_t c = col; c > 0 && n < 3; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    int w = 0;
    while (n > 0)
        buf[w++] = letters[--n];
    char digits[8];
    int d = 0;
    do {
        digits[d++] = (char)('0' + row % 10);
        row /= 10;
    } while (row && d < 8);
    while (d > 0)
        buf[w++] = digits[--d];
    buf[w] = '\0';
    return buf;
}

/* Parses "D7" into row and column; false when it is not a reference
 * within Excel's limits. */
static bool parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, r = 0;
    int letters = 0;
    for (; *s >= 'A' && *s <= 'Z' && letters < 4; s++, letters++)
        c = c * 26 + (uint32_t)(*s - 'A' + 1);
    if (letters == 0 || letters > 3 || c > RF_XLSX_MAX_COL)
        return false;
    int digits = 0;
    for (; *s >= '0' && *s <= '9' && digits < 8; s++, digits++)
        r = r * 10 + (uint32_t)(*s - '0');
    if (*s || digits == 0 || r == 0 || r > RF_XLSX_MAX_ROW)
        return false;
    *row = r;
    *col = c;
    return true;
}

static bool plain_sheet_name(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return false;
    return true;
}

char *rf_xlsx_where(char *buf, size_t size, const char *sheet, uint32_t row, uint32_t col)
{
    char ref[12];
    rf_xlsx_ref(ref, row, col);
    if (plain_sheet_name(sheet)) {
        snprintf(buf, size, "%s!%s", sheet, ref);
        return buf;
    }
    if (size < 24) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    size_t n = 0, room = size - 6 - strlen(ref); /* '...'! and the reference */
    buf[n++] = '\'';
    for (const char *p = sheet; *p && n + 2 < room; p++) {
        if (*p == '\'')
            buf[n++] = '\'';
        buf[n++] = *p;
    }
    snprintf(buf + n, size - n, "'!%s", ref);
    return buf;
}

/* ---- opening: relationships, workbook, styles, shared strings ---- */

typedef struct {
    char *id;
    char *target;
    char *type;
} relationship;

typedef struct {
    part_reader pr;
    relationship *v;
    size_t n, cap;
    bool oom;
} rels_reader;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rels_reader *rr = ud;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !target || !type || (mode && strcmp(mode, "External") == 0))
        return;
    if (rr->n == rr->cap) {
        size_t cap = rr->cap ? rr->cap * 2 : 8;
        relationship *v = realloc(rr->v, cap * sizeof *v);
        if (!v) {
            rr->oom = true;
            return;
        }
        rr->v = v;
        rr->cap = cap;
    }
    relationship *r = &rr->v[rr->n++];
    r->id = rf_read_strdup(id);
    r->target = rf_read_strdup(target);
    r->type = rf_read_strdup(type);
    rr->oom |= !r->id || !r->target || !r->type;
}

static void rels_free(rels_reader *rr)
{
    for (size_t i = 0; i < rr->n; i++) {
        free(rr->v[i].id);
        free(rr->v[i].target);
        free(rr->v[i].type);
    }
    free(rr->v);
}

/* Reads the relationships part rels_part.  A missing part is an error
 * only when required. */
static bool read_rels(rf_xlsx *wb, const char *rels_part, rels_reader *rr, bool required,
                      rf_error *err)
{
    memset(rr, 0, sizeof *rr);
    if (!required && zip_name_locate(wb->zip, rels_part, 0) < 0)
        return true;
    bool ok = part_open(&rr->pr, wb, rels_part, wb->opts.max_meta, rr, err);
    if (ok) {
        XML_SetStartElementHandler(rr->pr.parser, rels_start);
        ok = part_parse_all(&rr->pr);
    }
    part_close(&rr->pr);
    if (ok && rr->oom)
        ok = fail(err, wb->name, rels_part, "out of memory") == RF_OK;
    return ok;
}

/* The part a relationship of the part `from` targets. */
static char *rel_target(const char *from, const char *target)
{
    if (target[0] == '/')
        return rf_read_strdup(target + 1);
    return rf_read_resolve(from, target);
}

static bool type_is(const char *type, const char *suffix)
{
    size_t n = strlen(type), m = strlen(suffix);
    return n >= m && strcmp(type + n - m, suffix) == 0;
}

/* workbook.xml: sheets and the date system. */
typedef struct {
    part_reader pr;
    rf_xlsx *wb;
    const rels_reader *rels;
    const char *wb_part;
    bool oom, bad;
    char bad_what[400];
    char bad_what_zh[600]; /* bad_what in Chinese */
} book_reader;

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    book_reader *br = ud;
    const char *l = local(name);
    if (strcmp(l, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        br->wb->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        return;
    }
    if (strcmp(l, "sheet") != 0)
        return;
    const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
    if (!sname || !rid) {
        br->bad = true;
        rf_msg_format(br->bad_what, sizeof br->bad_what, br->bad_what_zh, sizeof br->bad_what_zh,
                      "a sheet without a name or relationship id");
        return;
    }
    const relationship *rel = NULL;
    for (size_t i = 0; i < br->rels->n && !rel; i++)
        if (strcmp(br->rels->v[i].id, rid) == 0)
            rel = &br->rels->v[i];
    if (!rel) {
        br->bad = true;
        rf_msg_format(br->bad_what, sizeof br->bad_what, br->bad_what_zh, sizeof br->bad_what_zh,
                      "sheet \"%.200s\" names relationship %.40s, which the workbook does not have",
                      sname, rid);
        return;
    }
    if (!type_is(rel->type, "/worksheet"))
        return; /* a chart sheet or a dialog sheet */
    sheet_info *v = realloc(br->wb->sheets, (br->wb->n_sheets + 1) * sizeof *v);
    if (!v) {
        br->oom = true;
        return;
    }
    br->wb->sheets = v;
    sheet_info *si = &v[br->wb->n_sheets++];
    si->name = rf_read_strdup(sname);
    si->part = rel_target(br->wb_part, rel->target);
    br->oom |= !si->name || !si->part;
}

/* styles.xml: which cell styles show dates. */
typedef struct {
    part_reader pr;
    long *fmt_ids; /* custom formats that are dates */
    size_t n_fmt, cap_fmt;
    bool in_xfs;
    bool *xf_date;
    size_t n_xf, cap_xf;
    bool oom;
} styles_reader;

static bool push_bool(bool **v, size_t *n, size_t *cap, bool b)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        bool *nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return false;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = b;
    return true;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    styles_reader *sr = ud;
    const char *l = local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && rf_xlsx_format_is_date(code)) {
            if (sr->n_fmt == sr->cap_fmt) {
                size_t c = sr->cap_fmt ? sr->cap_fmt * 2 : 16;
                long *v = realloc(sr->fmt_ids, c * sizeof *v);
                if (!v) {
                    sr->oom = true;
                    return;
                }
                sr->fmt_ids = v;
                sr->cap_fmt = c;
            }
            sr->fmt_ids[sr->n_fmt++] = strtol(id, NULL, 10);
        }
    } else if (strcmp(l, "cellXfs") == 0) {
        sr->in_xfs = true;
    } else if (sr->in_xfs && strcmp(l, "xf") == 0) {
        const char *id = attr(atts, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        bool date = builtin_date(fid);
        for (size_t i = 0; i < sr->n_fmt && !date; i++)
            date = sr->fmt_ids[i] == fid;
        sr->oom |= !push_bool(&sr->xf_date, &sr->n_xf, &sr->cap_xf, date);
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    styles_reader *sr = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        sr->in_xfs = false;
}

/* sharedStrings.xml */
typedef struct {
    part_reader pr;
    rf_xlsx *wb;
    int in_si, in_t, in_rph;
    textbuf cur;
    bool oom, too_long, too_many;
} strings_reader;

static bool strings_push(rf_xlsx *wb, const char *s, size_t n)
{
    if (wb->n_strings + 2 > wb->cap_offs) {
        size_t c = wb->cap_offs ? wb->cap_offs * 2 : 256;
        size_t *v = realloc(wb->offs, c * sizeof *v);
        if (!v)
            return false;
        wb->offs = v;
        wb->cap_offs = c;
    }
    if (wb->strings_len + n + 1 > wb->strings_cap) {
        size_t c = wb->strings_cap ? wb->strings_cap : 4096;
        while (c < wb->strings_len + n + 1)
            c *= 2;
        char *v = realloc(wb->strings, c);
        if (!v)
            return false;
        wb->strings = v;
        wb->strings_cap = c;
    }
    wb->offs[wb->n_strings++] = wb->strings_len;
    memcpy(wb->strings + wb->strings_len, s, n);
    wb->strings_len += n;
    wb->strings[wb->strings_len++] = '\0';
    wb->offs[wb->n_strings] = wb->strings_len;
    return true;
}

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    strings_reader *sr = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        sr->in_si = 1;
        sr->cur.len = 0;
    } else if (strcmp(l, "rPh") == 0) {
        sr->in_rph++;
    } else if (strcmp(l, "t") == 0 && sr->in_si) {
        sr->in_t++;
    }
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
    strings_reader *sr = ud;
    const char *l = local(name);
    if (strcmp(l, "si") == 0) {
        sr->in_si = 0;
        size_t n = sr->cur.len ? decode_x_escapes(sr->cur.s, sr->cur.len) : 0;
        rf_xlsx *wb = sr->wb;
        /* The table's memory (texts and offsets) is held to the part's cap:
         * a part of many empty strings would cost more than its bytes. */
        if ((uint64_t)wb->strings_len + n + 1 + (wb->n_strings + 2) * sizeof(size_t) >
            wb->opts.max_strings) {
            sr->too_many = true;
            XML_StopParser(sr->pr.parser, XML_FALSE);
        } else if (!strings_push(wb, n ? sr->cur.s : "", n)) {
            sr->oom = true;
            XML_StopParser(sr->pr.parser, XML_FALSE);
        }
    } else if (strcmp(l, "rPh") == 0) {
        sr->in_rph--;
    } else if (strcmp(l, "t") == 0 && sr->in_t) {
        sr->in_t--;
    }
}

static void XMLCALL strings_text(void *ud, const XML_Char *s, int len)
{
    strings_reader *sr = ud;
    if (!sr->in_si || !sr->in_t || sr->in_rph)
        return;
    if (!tb_add(&sr->cur, s, (size_t)len)) {
        sr->too_long = sr->cur.over;
        sr->oom = !sr->cur.over;
        XML_StopParser(sr->pr.parser, XML_FALSE);
    }
}

static bool read_strings(rf_xlsx *wb, const char *part, rf_error *err)
{
    strings_reader sr;
    memset(&sr, 0, sizeof sr);
    sr.wb = wb;
    sr.cur.max = RF_XLSX_MAX_ROW_TEXT;
    bool ok = part_open(&sr.pr, wb, part, wb->opts.max_strings, &sr, err);
    if (ok) {
        XML_SetElementHandler(sr.pr.parser, strings_start, strings_end);
        XML_SetCharacterDataHandler(sr.pr.parser, strings_text);
        ok = part_parse_all(&sr.pr);
        if (sr.oom) {
            fail(err, wb->name, part, "out of memory");
            ok = false;
        } else if (sr.too_long) {
            fail(err, wb->name, part, "shared string %zu is longer than %zu bytes", wb->n_strings,
                 (size_t)RF_XLSX_MAX_ROW_TEXT);
            ok = false;
        } else if (sr.too_many) {
            fail(err, wb->name, part,
                 "%zu shared strings take more than the %llu bytes this reader accepts",
                 wb->n_strings, (unsigned long long)wb->opts.max_strings);
            ok = false;
        }
    }
    part_close(&sr.pr);
    free(sr.cur.s);
    return ok;
}

/* Opens the file through the one input path (regular files only, never
 * waiting on a FIFO: rf_file_open) and checks its first bytes: a zip
 * archive, or a named mistake.  Returns the descriptor, or -1 after err. */
static int open_checked(const char *path, const char *name, rf_error *err)
{
    rf_error e = {0};
    int fd = rf_file_open(path, "an XLSX workbook", NULL, &e);
    if (fd < 0) {
        rf_error_set_text(err, RF_ERR_INPUT, name, 0, 0, NULL, e.message, e.message_zh);
        return -1;
    }
    unsigned char m[8] = {0};
    ssize_t got = pread(fd, m, sizeof m, 0);
    size_t n = got > 0 ? (size_t)got : 0;
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n == 8 && memcmp(m, ole, 8) == 0)
        fail(err, name, NULL,
             "an Excel 97-2003 workbook (.xls), not .xlsx; save it as .xlsx (Excel or WPS: "
             "File, Save As, Excel Workbook)");
    else if (n < 4 || m[0] != 'P' || m[1] != 'K')
        fail(err, name, NULL, "not an XLSX workbook (an XLSX file is a zip archive)");
    else
        return fd;
    close(fd);
    return -1;
}

rf_xlsx *rf_xlsx_open(const char *path, const char *name, const rf_xlsx_options *opts,
                      rf_error *err)
{
    if (!name)
        name = path;
    int fd = open_checked(path, name, err);
    if (fd < 0)
        return NULL;
    rf_xlsx *wb = calloc(1, sizeof *wb);
    if (!wb || !(wb->name = rf_read_strdup(name))) {
        free(wb);
        close(fd);
        fail(err, name, NULL, "out of memory");
        return NULL;
    }
    if (opts)
        wb->opts = *opts;
    if (!wb->opts.max_sheet)
        wb->opts.max_sheet = RF_XLSX_MAX_SHEET;
    if (!wb->opts.max_strings)
        wb->opts.max_strings = RF_XLSX_MAX_STRINGS;
    if (!wb->opts.max_meta)
        wb->opts.max_meta = RF_XLSX_MAX_META;
    int zerr = 0;
    wb->zip = zip_fdopen(fd, 0, &zerr); /* owns fd when it succeeds */
    if (!wb->zip)
        close(fd);
    rels_reader top = {0}, wrels = {0};
    char *wb_part = NULL, *wrels_part = NULL;
    bool ok = wb->zip != NULL;
    if (!ok) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        fail(err, name, NULL, "not a readable XLSX workbook: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
    }
    ok = ok && read_rels(wb, "_rels/.rels", &top, true, err);
    for (size_t i = 0; ok && i < top.n && !wb_part; i++)
        if (type_is(top.v[i].type, "/officeDocument"))
            wb_part = rel_target("", top.v[i].target);
    if (ok && !wb_part) {
        fail(err, name, "_rels/.rels", "names no workbook part: not a spreadsheet");
        ok = false;
    }
    if (ok) {
        const char *slash = strrchr(wb_part, '/');
        size_t dir = slash ? (size_t)(slash - wb_part + 1) : 0;
        size_t n = strlen(wb_part) + 16;
        wrels_part = malloc(n);
        ok = wrels_part != NULL;
        if (ok)
            snprintf(wrels_part, n, "%.*s_rels/%s.rels", (int)dir, wb_part, wb_part + dir);
    }
    ok = ok && read_rels(wb, wrels_part, &wrels, true, err);
    if (ok) {
        book_reader br;
        memset(&br, 0, sizeof br);
        br.wb = wb;
        br.rels = &wrels;
        br.wb_part = wb_part;
        ok = part_open(&br.pr, wb, wb_part, wb->opts.max_meta, &br, err);
        if (ok) {
            XML_SetStartElementHandler(br.pr.parser, book_start);
            ok = part_parse_all(&br.pr);
        }
        part_close(&br.pr);
        if (ok && (br.oom || br.bad)) {
            rf_error_set_text(err, RF_ERR_INPUT, name, 0, 0, wb_part,
                              br.oom ? "out of memory" : br.bad_what,
                              br.oom ? rf_msg_text_zh("out of memory") : br.bad_what_zh);
            ok = false;
        }
    }
    for (size_t i = 0; ok && i < wrels.n; i++) {
        const relationship *r = &wrels.v[i];
        char *part = NULL;
        if (type_is(r->type, "/styles")) {
            styles_reader sr;
            memset(&sr, 0, sizeof sr);
            part = rel_target(wb_part, r->target);
            ok = part && part_open(&sr.pr, wb, part, wb->opts.max_meta, &sr, err);
            if (ok) {
                XML_SetElementHandler(sr.pr.parser, styles_start, styles_end);
                ok = part_parse_all(&sr.pr);
            }
            part_close(&sr.pr);
            if (ok && sr.oom)
                ok = fail(err, name, part, "out of memory") == RF_OK;
            free(wb->style_date);
            wb->style_date = sr.xf_date;
            wb->n_styles = sr.n_xf;
            free(sr.fmt_ids);
        } else if (type_is(r->type, "/sharedStrings")) {
            part = rel_target(wb_part, r->target);
            ok = part && read_strings(wb, part, err);
        }
        free(part);
    }
    rels_free(&top);
    rels_free(&wrels);
    free(wb_part);
    free(wrels_part);
    if (!ok) {
        if (err && err->status == RF_OK)
            fail(err, name, NULL, "out of memory");
        rf_xlsx_free(wb);
        return NULL;
    }
    return wb;
}

void rf_xlsx_free(rf_xlsx *wb)
{
    if (!wb)
        return;
    if (wb->zip)
        zip_discard(wb->zip);
    for (size_t i = 0; i < wb->n_sheets; i++) {
        free(wb->sheets[i].name);
        free(wb->sheets[i].part);
    }
    free(wb->sheets);
    free(wb->strings);
    free(wb->offs);
    free(wb->style_date);
    free(wb->name);
    free(wb);
}

const char *rf_xlsx_name(const rf_xlsx *wb)
{
    return wb->name;
}

bool rf_xlsx_date1904(const rf_xlsx *wb)
{
    return wb->date1904;
}

size_t rf_xlsx_sheet_count(const rf_xlsx *wb)
{
    return wb->n_sheets;
}

const char *rf_xlsx_sheet_name(const rf_xlsx *wb, size_t sheet)
{
    return sheet < wb->n_sheets ? wb->sheets[sheet].name : NULL;
}

long rf_xlsx_sheet_find(const rf_xlsx *wb, const char *name)
{
    for (size_t i = 0; i < wb->n_sheets; i++) {
        const char *a = wb->sheets[i].name, *b = name;
        while (*a && *b) {
            char x = *a, y = *b;
            if (x >= 'A' && x <= 'Z')
                x = (char)(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z')
                y = (char)(y - 'A' + 'a');
            if (x != y)
                break;
            a++, b++;
        }
        if (!*a && !*b)
            return (long)i;
    }
    return -1;
}

/* ---- the row cursor ---- */

/* Where a cell's text is while its row is being read (offsets into the
 * row's text buffer, made pointers when the row is complete). */
typedef struct {
    rf_xlsx_cell cell;
    size_t text_off, formula_off;
} pending_cell;

typedef enum { V_NONE, V_V, V_F, V_IS_T } in_elem;

struct rf_xlsx_rows {
    part_reader pr;
    rf_xlsx *wb;
    const char *sheet;
    textbuf text;
    pending_cell *cells;
    size_t n_cells, cap_cells;
    rf_xlsx_cell *out;
    size_t cap_out;
    uint32_t row, last_row, last_col;
    bool in_row, in_cell, row_ready, spent, ended, in_sheet_data;
    /* the cell being read */
    char t[16];
    long style;
    bool has_v, has_f, has_is;
    in_elem in;
    int in_rph;
    size_t v_off, f_off, is_off;
    char problem[600];
    char problem_zh[900]; /* problem in Chinese */
    char problem_where[300];
};

static void row_fail(rf_xlsx_rows *rs, uint32_t row, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void row_fail(rf_xlsx_rows *rs, uint32_t row, uint32_t col, const char *fmt, ...)
{
    if (rs->problem[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(rs->problem, sizeof rs->problem, rs->problem_zh, sizeof rs->problem_zh, fmt, ap);
    va_end(ap);
    if (row && col)
        rf_xlsx_where(rs->problem_where, sizeof rs->problem_where, rs->sheet, row, col);
    else
        snprintf(rs->problem_where, sizeof rs->problem_where, "%s:%lu:%lu", rs->pr.part,
                 (unsigned long)XML_GetCurrentLineNumber(rs->pr.parser),
                 (unsigned long)XML_GetCurrentColumnNumber(rs->pr.parser) + 1);
    rs->pr.failed = true;
    XML_StopParser(rs->pr.parser, XML_FALSE);
}

/* Appends s to the row's text; a failure stops the parser. */
static bool row_text(rf_xlsx_rows *rs, const char *s, size_t n)
{
    if (tb_add(&rs->text, s, n))
        return true;
    if (rs->text.over)
        row_fail(rs, rs->row, rs->last_col + 1, "the row's text is longer than %zu bytes",
                 (size_t)RF_XLSX_MAX_ROW_TEXT);
    else
        row_fail(rs, 0, 0, "out of memory");
    return false;
}

/* Starts a NUL-terminated string in the row's text (after the NUL of the
 * one before); returns its offset, never 0 (0 is the empty string). */
static size_t row_text_start(rf_xlsx_rows *rs)
{
    return row_text(rs, "", 1) ? rs->text.len : 0;
}

/* The elements of a worksheet the cursor reads. */
enum { E_OTHER, E_SHEETDATA, E_ROW, E_C, E_V, E_F, E_IS, E_T, E_RPH };

static int sheet_elem(const char *l)
{
    switch (l[0]) {
    case 'c':
        return l[1] ? E_OTHER : E_C;
    case 'v':
        return l[1] ? E_OTHER : E_V;
    case 'f':
        return l[1] ? E_OTHER : E_F;
    case 't':
        return l[1] ? E_OTHER : E_T;
    case 'i':
        return l[1] == 's' && !l[2] ? E_IS : E_OTHER;
    case 'r':
        if (l[1] == 'o' && l[2] == 'w' && !l[3])
            return E_ROW;
        return l[1] == 'P' && l[2] == 'h' && !l[3] ? E_RPH : E_OTHER;
    case 's':
        return strcmp(l, "sheetData") == 0 ? E_SHEETDATA : E_OTHER;
    default:
        return E_OTHER;
    }
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rf_xlsx_rows *rs = ud;
    int e = sheet_elem(local(name));
    if (e == E_SHEETDATA) {
        rs->in_sheet_data = true;
    } else if (!rs->in_sheet_data || e == E_OTHER) {
        return;
    } else if (e == E_ROW) {
        const char *r = attr(atts, "r");
        uint32_t row = rs->last_row + 1;
        if (r) {
            char *end;
            unsigned long v = strtoul(r, &end, 10);
            if (*end || v == 0 || v > RF_XLSX_MAX_ROW) {
                row_fail(rs, 0, 0, "row number \"%.40s\" is not between 1 and %u", r,
                         RF_XLSX_MAX_ROW);
                return;
            }
            row = (uint32_t)v;
        }
        if (row <= rs->last_row && rs->last_row) {
            row_fail(rs, 0, 0, "row %u comes after row %u", row, rs->last_row);
            return;
        }
        if (row > RF_XLSX_MAX_ROW) {
            row_fail(rs, 0, 0, "more than %u rows", RF_XLSX_MAX_ROW);
            return;
        }
        rs->in_row = true;
        rs->row = row;
        rs->last_col = 0;
        rs->n_cells = 0;
        rs->text.len = 0;
    } else if (e == E_C && rs->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        uint32_t row = rs->row, col = rs->last_col + 1;
        if (r && (!parse_ref(r, &row, &col) || row != rs->row)) {
            row_fail(rs, 0, 0, "cell reference \"%.20s\" is not a cell of row %u", r, rs->row);
            return;
        }
        if (col <= rs->last_col || col > RF_XLSX_MAX_COL) {
            row_fail(rs, rs->row, col, "the cell comes after column %u in its row", rs->last_col);
            return;
        }
        rs->last_col = col;
        rs->in_cell = true;
        size_t tl = t ? strlen(t) : 1;
        if (tl >= sizeof rs->t)
            tl = sizeof rs->t - 1;
        memcpy(rs->t, t ? t : "n", tl);
        rs->t[tl] = '\0';
        rs->style = s ? strtol(s, NULL, 10) : 0;
        rs->has_v = rs->has_f = rs->has_is = false;
        rs->in = V_NONE;
        rs->in_rph = 0;
        rs->v_off = rs->f_off = rs->is_off = 0;
    } else if (!rs->in_cell) {
        return;
    } else if (e == E_V) {
        rs->has_v = true;
        rs->in = V_V;
        rs->v_off = row_text_start(rs);
    } else if (e == E_F) {
        rs->has_f = true;
        rs->in = V_F;
        rs->f_off = row_text_start(rs);
    } else if (e == E_IS) {
        rs->has_is = true;
        rs->is_off = row_text_start(rs);
    } else if (e == E_RPH) {
        rs->in_rph++;
    } else if (e == E_T && rs->has_is && !rs->in_rph) {
        rs->in = V_IS_T;
    }
}

/* Turns the cell just read into a pending cell (or nothing, for a blank). */
static void finish_cell(rf_xlsx_rows *rs)
{
    rf_xlsx *wb = rs->wb;
    uint32_t col = rs->last_col;
    if (!rs->has_v && !rs->has_f && !rs->has_is)
        return;
    if (rs->n_cells == rs->cap_cells) {
        size_t c = rs->cap_cells ? rs->cap_cells * 2 : 32;
        pending_cell *v = realloc(rs->cells, c * sizeof *v);
        if (!v) {
            row_fail(rs, 0, 0, "out of memory");
            return;
        }
        rs->cells = v;
        rs->cap_cells = c;
    }
    pending_cell *pc = &rs->cells[rs->n_cells];
    memset(pc, 0, sizeof *pc);
    rf_xlsx_cell *c = &pc->cell;
    c->row = rs->row;
    c->col = col;
    rf_xlsx_ref(c->ref, rs->row, col);
    c->formula = rs->has_f;
    pc->formula_off = rs->has_f ? rs->f_off : 0;
    pc->text_off = rs->has_v ? rs->v_off : 0;
    const char *v = rs->has_v ? rs->text.s + rs->v_off : "";
    const char *t = rs->t;
    if (strcmp(t, "inlineStr") == 0 || (rs->has_is && !rs->has_v)) {
        c->type = RF_XLSX_STRING;
        pc->text_off = rs->is_off;
        if (rs->has_is) {
            size_t len = strlen(rs->text.s + rs->is_off);
            decode_x_escapes(rs->text.s + rs->is_off, len);
        }
    } else if (!rs->has_v) {
        c->type = RF_XLSX_UNCACHED;
    } else if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long long i = strtoull(v, &end, 10);
        if (*end || end == v || errno || i >= wb->n_strings) {
            row_fail(rs, rs->row, col,
                     "the cell names shared string \"%.40s\", but the "
                     "workbook has %zu",
                     v, wb->n_strings);
            return;
        }
        c->type = RF_XLSX_STRING;
        c->shared = true;
        c->text = wb->strings + wb->offs[i];
        c->len = wb->offs[i + 1] - wb->offs[i] - 1;
    } else if (strcmp(t, "str") == 0) {
        c->type = RF_XLSX_STRING;
        decode_x_escapes(rs->text.s + rs->v_off, strlen(v));
    } else if (strcmp(t, "b") == 0) {
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
            row_fail(rs, rs->row, col, "a boolean cell holds \"%.40s\", not 0 or 1", v);
            return;
        }
        c->type = RF_XLSX_BOOL;
        c->number = v[0] == '1';
    } else if (strcmp(t, "e") == 0) {
        c->type = RF_XLSX_ERROR;
    } else if (strcmp(t, "d") == 0) {
        c->type = RF_XLSX_DATE;
        int y, m, d;
        if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 && rf_date_parse(v, 10, &c->day)) {
            c->date_ok = true;
            int hh = 0, mm = 0, ss = 0;
            if (v[10] == 'T')
                sscanf(v + 11, "%2d:%2d:%2d", &hh, &mm, &ss);
            c->seconds = hh * 3600 + mm * 60 + ss;
        }
    } else if (strcmp(t, "n") == 0) {
        char *end;
        double x = strtod(v, &end);
        if (end == v || *end || !isfinite(x)) {
            row_fail(rs, rs->row, col, "a number cell holds \"%.40s\", which is not a number", v);
            return;
        }
        c->number = x;
        bool date = rs->style >= 0 && (size_t)rs->style < wb->n_styles && wb->style_date[rs->style];
        c->type = date ? RF_XLSX_DATE : RF_XLSX_NUMBER;
        if (date)
            c->date_ok = rf_xlsx_serial_date(x, wb->date1904, &c->day, &c->seconds);
    } else {
        row_fail(rs, rs->row, col, "unknown cell type \"%.15s\"", t);
        return;
    }
    rs->n_cells++;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    rf_xlsx_rows *rs = ud;
    if (!rs->in_sheet_data)
        return;
    int e = sheet_elem(local(name));
    if (e == E_SHEETDATA) {
        rs->in_sheet_data = false;
    } else if (e == E_ROW && rs->in_row) {
        rs->in_row = false;
        rs->last_row = rs->row;
        if (rs->n_cells > 0) {
            rs->row_ready = true;
            XML_StopParser(rs->pr.parser, XML_TRUE);
        }
    } else if (e == E_C && rs->in_cell) {
        rs->in_cell = false;
        finish_cell(rs);
    } else if (e == E_V || e == E_F || e == E_T) {
        rs->in = V_NONE;
    } else if (e == E_RPH && rs->in_rph) {
        rs->in_rph--;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    rf_xlsx_rows *rs = ud;
    if (rs->in_cell && rs->in != V_NONE && !(rs->in == V_IS_T && rs->in_rph))
        row_text(rs, s, (size_t)len);
}

rf_xlsx_rows *rf_xlsx_rows_open(rf_xlsx *wb, size_t sheet, rf_error *err)
{
    if (sheet >= wb->n_sheets) {
        fail(err, wb->name, NULL, "the workbook has no sheet %zu", sheet + 1);
        return NULL;
    }
    rf_xlsx_rows *rs = calloc(1, sizeof *rs);
    if (!rs) {
        fail(err, wb->name, NULL, "out of memory");
        return NULL;
    }
    rs->wb = wb;
    rs->sheet = wb->sheets[sheet].name;
    rs->text.max = RF_XLSX_MAX_ROW_TEXT;
    if (!part_open(&rs->pr, wb, wb->sheets[sheet].part, wb->opts.max_sheet, rs, err)) {
        rf_xlsx_rows_free(rs);
        return NULL;
    }
    XML_SetElementHandler(rs->pr.parser, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(rs->pr.parser, sheet_text);
    return rs;
}

/* Makes the pending cells of the complete row into the caller's cells. */
static bool publish_row(rf_xlsx_rows *rs, rf_xlsx_row *row)
{
    if (rs->n_cells > rs->cap_out) {
        rf_xlsx_cell *v = realloc(rs->out, rs->n_cells * sizeof *v);
        if (!v)
            return false;
        rs->out = v;
        rs->cap_out = rs->n_cells;
    }
    static const char empty[] = "";
    for (size_t i = 0; i < rs->n_cells; i++) {
        pending_cell *pc = &rs->cells[i];
        rf_xlsx_cell *c = &rs->out[i];
        *c = pc->cell;
        if (!c->shared) {
            c->text = rs->text.s && pc->text_off ? rs->text.s + pc->text_off : empty;
            c->len = strlen(c->text);
            if (c->type == RF_XLSX_UNCACHED) {
                c->text = empty;
                c->len = 0;
            }
        }
        c->formula_text = rs->text.s && pc->formula_off ? rs->text.s + pc->formula_off : empty;
    }
    row->row = rs->row;
    row->cells = rs->out;
    row->n_cells = rs->n_cells;
    return true;
}

rf_xlsx_result rf_xlsx_next_row(rf_xlsx_rows *rs, rf_xlsx_row *row, rf_error *err)
{
    if (rs->spent) {
        fail(err, rs->wb->name, rs->sheet, "the sheet could not be read");
        return RF_XLSX_FAIL;
    }
    if (rs->ended)
        return RF_XLSX_END;
    rs->row_ready = false;
    XML_ParsingStatus ps;
    XML_GetParsingStatus(rs->pr.parser, &ps);
    enum XML_Status st = XML_STATUS_OK;
    if (ps.parsing == XML_SUSPENDED) {
        st = XML_ResumeParser(rs->pr.parser);
        if (st == XML_STATUS_ERROR && !rs->pr.failed)
            part_xml_error(&rs->pr);
    }
    while (st == XML_STATUS_OK && !rs->row_ready && !rs->pr.done)
        st = part_feed(&rs->pr);
    if (rs->pr.failed || st == XML_STATUS_ERROR) {
        rs->spent = true;
        if (rs->problem[0])
            rf_error_set_text(err, RF_ERR_INPUT, rs->wb->name, 0, 0, rs->problem_where, rs->problem,
                              rs->problem_zh);
        return RF_XLSX_FAIL;
    }
    if (rs->row_ready) {
        if (!publish_row(rs, row)) {
            rs->spent = true;
            fail(err, rs->wb->name, rs->sheet, "out of memory");
            return RF_XLSX_FAIL;
        }
        return RF_XLSX_ROW;
    }
    rs->ended = true;
    return RF_XLSX_END;
}

const char *rf_xlsx_rows_sheet(const rf_xlsx_rows *rs)
{
    return rs->sheet;
}

void rf_xlsx_rows_free(rf_xlsx_rows *rs)
{
    if (!rs)
        return;
    part_close(&rs->pr);
    free(rs->text.s);
    free(rs->cells);
    free(rs->out);
    free(rs);
}
