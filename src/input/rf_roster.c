/* rf_roster: streaming RFC 4180 reader of the household roster, with row and
 * column positions for every problem and recovery after a malformed row. */
#include "rf_roster.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define RF_ROSTER_SSE2 1
#endif

#include "rf_file.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_roster_sheet.h"

/* ---- the CSV layer: records and fields ---------------------------------- */

/* Bytes read from the file at a time; the buffer holds one maximal row plus
 * one read. */
#define READ_CHUNK ((size_t)1 << 20)
#define BUFFER_SIZE (RF_ROSTER_MAX_ROW + 1 + READ_CHUNK)
/* Bytes after the buffer that a 16-byte load at its last byte may touch;
 * they are zeroed once and never part of a record. */
#define BUFFER_PAD 64
#define REREAD_CHUNK ((size_t)8 << 10)
/* One file offset is kept per CHECKPOINT_ROWS rows, for rf_roster_id_at. */
#define CHECKPOINT_ROWS 64

typedef struct {
    uint32_t start; /* offset from the record's first byte */
    uint32_t len;
    uint8_t quoted;
    uint8_t escaped; /* contains "" pairs still to be undone */
} csv_field;

typedef enum { CSV_OK, CSV_EOF, CSV_BAD, CSV_IO, CSV_WOULD_FILL } csv_status;

typedef struct {
    int fd;
    bool positional;  /* pread() from pos: a second reader of the same file */
    uint64_t pos;     /* file offset of buf[tail] */
    char *buf;
    size_t head;      /* first byte not yet consumed */
    size_t tail;      /* end of the bytes read */
    bool eof;
    bool no_fill;     /* return CSV_WOULD_FILL rather than move the buffer */
    int io_errno;
    int64_t row;      /* row number of the next record */
    int64_t line;     /* line number of the next record */
    /* the last record */
    size_t rec;       /* its first byte in buf */
    int64_t rec_row;
    int64_t rec_line;
    csv_field *fields;
    size_t nfields;
    size_t fields_cap;
    /* the last bad record */
    size_t bad_column; /* 1-based field number */
    char bad_message[256];
    /* checkpoints: file offset of row k * CHECKPOINT_ROWS + 1, guarded by
     * cp_lock (rf_roster_id_at may run in another thread) */
    bool keep_checkpoints;
    pthread_mutex_t *cp_lock;
    uint64_t *cp;
    size_t ncp;
    size_t cp_cap;
} csv_reader;

/* Bytes that end an unquoted field or need a closer look. */
static const unsigned char SPECIAL[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1};

static size_t count_newlines(const char *s, size_t n)
{
    size_t count = 0;
    const char *end = s + n;
    while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        count++;
        s++;
    }
    return count;
}

/* Moves the unconsumed bytes to the front and reads more.  Returns false on
 * a read error (io_errno set); sets eof at the end of the file. */
static bool csv_fill(csv_reader *in)
{
    if (in->head > 0) {
        memmove(in->buf, in->buf + in->head, in->tail - in->head);
        in->tail -= in->head;
        in->head = 0;
    }
    size_t room = BUFFER_SIZE - in->tail;
    if (room == 0)
        return true;
    if (in->positional && room > REREAD_CHUNK)
        room = REREAD_CHUNK; /* a re-read wants a few rows, not megabytes */
    for (;;) {
        ssize_t got = in->positional ? pread(in->fd, in->buf + in->tail, room, (off_t)in->pos)
                                     : read(in->fd, in->buf + in->tail, room);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            in->io_errno = errno;
            return false;
        }
        if (got == 0)
            in->eof = true;
        in->tail += (size_t)got;
        in->pos += (uint64_t)got;
        return true;
    }
}

/* Consumes the current record up to the end of the physical line that
 * contains buf[from] (or the end of the file), counting its lines.  Used to
 * resume after a malformed record.  Returns false on a read error. */
static bool csv_skip_line(csv_reader *in, size_t from)
{
    size_t lines = 0;
    for (;;) {
        const char *nl = memchr(in->buf + from, '\n', in->tail - from);
        if (nl) {
            size_t end = (size_t)(nl - in->buf) + 1;
            lines += count_newlines(in->buf + in->head, end - in->head);
            in->head = end;
            break;
        }
        lines += count_newlines(in->buf + in->head, in->tail - in->head);
        in->head = in->tail;
        if (in->eof)
            break;
        if (!csv_fill(in))
            return false;
        from = in->head;
    }
    in->line += (int64_t)(lines ? lines : 1);
    in->row++;
    return true;
}

/* Records a malformed record at field `column` (0-based) and resumes after
 * the line containing buf[resume]. */
static csv_status csv_bad(csv_reader *in, size_t column, size_t resume, const char *message)
{
    in->bad_column = column + 1;
    snprintf(in->bad_message, sizeof in->bad_message, "%s", message);
    in->rec_row = in->row;
    in->rec_line = in->line;
    return csv_skip_line(in, resume) ? CSV_BAD : CSV_IO;
}

static bool csv_add_field(csv_reader *in, size_t rec, size_t start, size_t len, bool quoted,
                          bool escaped)
{
    if (in->nfields == in->fields_cap) {
        size_t cap = in->fields_cap ? in->fields_cap * 2 : 32;
        csv_field *f = realloc(in->fields, cap * sizeof *f);
        if (!f)
            return false;
        in->fields = f;
        in->fields_cap = cap;
    }
    in->fields[in->nfields++] = (csv_field){(uint32_t)(start - rec), (uint32_t)len,
                                            (uint8_t)quoted, (uint8_t)escaped};
    return true;
}

/* The fast path of csv_next: when buf[head..lim) starts with a plain line
 * (unquoted fields, no carriage return, a line feed before lim, at most
 * RF_ROSTER_MAX_FIELDS fields) puts its fields in in->fields and returns the
 * offset after its line feed.  Otherwise returns 0 and the general path
 * reads the record; on a plain line both give the same fields.  Looks at 16
 * bytes at a time for the four bytes that matter. */
static size_t csv_plain_line(csv_reader *in, size_t head, size_t lim)
{
    const char *b = in->buf;
    size_t start = head; /* the current field's first byte */
    in->nfields = 0;
#if defined(RF_ROSTER_SSE2)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                  cr = _mm_set1_epi8('\r');
    for (size_t p = head; p < lim; p += 16) {
        /* may read up to 15 bytes past lim: the buffer's padding at most */
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + p));
        unsigned mc = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma));
        unsigned ml = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf));
        unsigned mq = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, cr)));
        if (lim - p < 16) {
            unsigned valid = (1u << (lim - p)) - 1;
            mc &= valid;
            ml &= valid;
            mq &= valid;
        }
        unsigned before = ml ? (ml & (0u - ml)) - 1 : 0xFFFFu; /* bits before the line feed */
        if (mq & before)
            return 0;
        mc &= before;
        while (mc) {
            size_t i = p + (size_t)__builtin_ctz(mc);
            mc &= mc - 1;
            if (in->nfields + 1 >= RF_ROSTER_MAX_FIELDS ||
                !csv_add_field(in, head, start, i - start, false, false))
                return 0;
            start = i + 1;
        }
        if (ml) {
            size_t i = p + (size_t)__builtin_ctz(ml);
            if (!csv_add_field(in, head, start, i - start, false, false))
                return 0;
            return i + 1;
        }
    }
    return 0;
#else
    for (size_t p = head; p < lim; p++) {
        char c = b[p];
        if (!SPECIAL[(unsigned char)c])
            continue;
        if (c == '"' || c == '\r')
            return 0;
        if (c == ',' && in->nfields + 1 >= RF_ROSTER_MAX_FIELDS)
            return 0;
        if (!csv_add_field(in, head, start, p - start, false, false))
            return 0;
        if (c == '\n')
            return p + 1;
        start = p + 1;
    }
    return 0;
#endif
}

/* Reads the next record into in->fields.  The outcome depends only on the
 * bytes of the file from the record's start, never on how reads split it, so
 * that a second reader started at a checkpoint numbers rows identically.
 * Returns CSV_OK (record at buf[rec], valid until the next call), CSV_EOF,
 * CSV_BAD (bad_column and bad_message set; the record was skipped), CSV_IO
 * (io_errno set), or with no_fill set CSV_WOULD_FILL (nothing consumed) when
 * the record is not wholly in the buffer. */
static csv_status csv_next(csv_reader *in)
{
    for (;;) {
        size_t head = in->head;
        if (in->keep_checkpoints && (in->row - 1) % CHECKPOINT_ROWS == 0 &&
            in->ncp == (size_t)((in->row - 1) / CHECKPOINT_ROWS)) {
            pthread_mutex_lock(in->cp_lock);
            if (in->ncp == in->cp_cap) {
                size_t cap = in->cp_cap ? in->cp_cap * 2 : 1024;
                uint64_t *cp = realloc(in->cp, cap * sizeof *cp);
                if (!cp) {
                    pthread_mutex_unlock(in->cp_lock);
                    in->io_errno = ENOMEM;
                    return CSV_IO;
                }
                in->cp = cp;
                in->cp_cap = cap;
            }
            in->cp[in->ncp++] = in->pos - in->tail + head;
            pthread_mutex_unlock(in->cp_lock);
        }
        if (head == in->tail) {
            if (in->eof)
                return CSV_EOF;
            if (in->no_fill)
                return CSV_WOULD_FILL;
            if (!csv_fill(in))
                return CSV_IO;
            continue;
        }
        const char *b = in->buf;
        size_t limit = head + RF_ROSTER_MAX_ROW + 1;
        size_t lim = in->tail < limit ? in->tail : limit;
        bool more = lim == in->tail && lim < limit && !in->eof; /* more bytes may follow lim */
        size_t p = head, end = 0;
        size_t quoted_lines = 0;
        size_t plain = csv_plain_line(in, head, lim);
        if (plain) {
            in->rec = head;
            in->rec_row = in->row;
            in->rec_line = in->line;
            in->head = plain;
            in->row++;
            in->line++;
            return CSV_OK;
        }
        in->nfields = 0;
        for (;;) {
            size_t col = in->nfields;
            if (col >= RF_ROSTER_MAX_FIELDS)
                return csv_bad(in, col, p, "row has more than 4096 fields; expected one household a row");
            if (p < lim && b[p] == '"') {
                size_t open = p, q = p + 1, close;
                bool escaped = false;
                for (;;) {
                    const char *x = memchr(b + q, '"', lim - q);
                    if (!x) {
                        if (more)
                            goto need_more;
                        return csv_bad(in, col, open,
                                       lim == limit
                                           ? "quoted field is not closed within 1 MiB (an unbalanced "
                                             "quote?); expected a closing \""
                                           : "quoted field is never closed (an unbalanced quote); "
                                             "expected a closing \" before the end of the file");
                    }
                    size_t xi = (size_t)(x - b);
                    if (xi + 1 == lim && more)
                        goto need_more; /* "" split by the read */
                    if (xi + 1 < lim && b[xi + 1] == '"') {
                        escaped = true;
                        q = xi + 2;
                        continue;
                    }
                    close = xi;
                    break;
                }
                quoted_lines += count_newlines(b + open + 1, close - open - 1);
                if (!csv_add_field(in, head, open + 1, close - open - 1, true, escaped))
                    goto oom;
                p = close + 1;
            } else {
                size_t start = p;
                while (p < lim && !SPECIAL[(unsigned char)b[p]])
                    p++;
                if (p < lim && b[p] == '"')
                    return csv_bad(in, col, p,
                                   "a quote inside an unquoted field; expected the whole field "
                                   "in quotes with the quote doubled (\"\")");
                if (!csv_add_field(in, head, start, p - start, false, false))
                    goto oom;
            }
            /* After a field: a comma, a line end, or the end of the file. */
            if (p == lim) {
                if (more)
                    goto need_more;
                if (lim == limit)
                    return csv_bad(in, col, p,
                                   "row is longer than 1 MiB; expected one household a row");
                end = p; /* last record, without a line break */
                break;
            }
            char c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            if (c == '\n') {
                end = p + 1;
                break;
            }
            if (c == '\r') {
                if (p + 1 == lim && more)
                    goto need_more;
                if (p + 1 < lim && b[p + 1] == '\n') {
                    end = p + 2;
                    break;
                }
                return csv_bad(in, col, p,
                               "a carriage return that does not end the line; expected CRLF or "
                               "LF line ends");
            }
            return csv_bad(in, col, p,
                           "text after a closing quote; expected a comma or the end of the line");
        }
        in->rec = head;
        in->rec_row = in->row;
        in->rec_line = in->line;
        in->head = end;
        in->row++;
        in->line += (int64_t)quoted_lines + 1;
        return CSV_OK;
    need_more:
        if (in->no_fill)
            return CSV_WOULD_FILL;
        if (!csv_fill(in))
            return CSV_IO;
        continue;
    oom:
        in->io_errno = ENOMEM;
        return CSV_IO;
    }
}

/* The text of field i of the last record, with "" undone (in place) and
 * spaces and tabs trimmed at both ends. */
static const char *csv_text(csv_reader *in, size_t i, size_t *len)
{
    csv_field *f = &in->fields[i];
    char *s = in->buf + in->rec + f->start;
    if (f->escaped) {
        size_t o = 0;
        for (size_t k = 0; k < f->len; k++) {
            s[o++] = s[k];
            if (s[k] == '"')
                k++; /* the second quote of a pair */
        }
        f->len = (uint32_t)o;
        f->escaped = 0;
    }
    size_t n = f->len;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

static bool csv_init(csv_reader *in, int fd, bool positional)
{
    memset(in, 0, sizeof *in);
    in->fd = fd;
    in->positional = positional;
    in->row = 1;
    in->line = 1;
    in->buf = malloc(BUFFER_SIZE + 1 + BUFFER_PAD);
    if (in->buf)
        memset(in->buf, 0, BUFFER_SIZE + 1 + BUFFER_PAD);
    return in->buf != NULL;
}

static void csv_release(csv_reader *in)
{
    free(in->buf);
    free(in->fields);
    free(in->cp);
}

/* ---- the roster layer: columns and values ------------------------------- */

static const char *const COLUMN_NAMES[RF_COL_COUNT] = {
    "household_id", "site_id",         "category",         "size",           "area_m2",
    "self_funded_yuan", "moved_in_date", "demolition_agreement", "demolished_date",
};

static const char *const COLUMN_NAMES_ZH[RF_COL_COUNT] = {
    "户编号", "安置点编号", "搬迁类型", "家庭人口", "住房面积",
    "自筹资金", "入住日期", "拆旧协议", "拆旧日期",
};

const char *rf_roster_column_name(rf_roster_column c)
{
    return (int)c >= 0 && c < RF_COL_COUNT ? COLUMN_NAMES[c] : "?";
}

const char *rf_roster_column_name_zh(rf_roster_column c)
{
    return (int)c >= 0 && c < RF_COL_COUNT ? COLUMN_NAMES_ZH[c] : "?";
}

/* One problem of a bad row: its column (1-based) and what is wrong. */
typedef struct {
    size_t column;
    char message[512];
    char message_zh[768]; /* message in Chinese */
} row_problem;

static void problem_format(row_problem *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void problem_format(row_problem *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(p->message, sizeof p->message, p->message_zh, sizeof p->message_zh, fmt, ap);
    va_end(ap);
}

struct rf_roster {
    char *name;
    csv_reader in;
    csv_reader again; /* re-reads rows for rf_roster_id_at; buf NULL until needed */
    size_t col[RF_COL_COUNT];
    size_t n_header;
    char **header; /* the header's names, for messages */
    pthread_mutex_t cp_lock;
    int64_t rows_done; /* rows rf_roster_next has finished with; under cp_lock */
    size_t rows_estimate; /* see rf_roster_rows_estimate */
    const char *note;     /* see rf_roster_note */
    /* the problems of the last bad row of values */
    row_problem problems[RF_ROSTER_MAX_PROBLEMS];
    size_t n_problems;
    int64_t problem_row, problem_line;
};

const char *rf_roster_note(const rf_roster *r)
{
    return r->note;
}

const char *rf_roster_name(const rf_roster *r)
{
    return r->name;
}

size_t rf_roster_rows_estimate(const rf_roster *r)
{
    return r->rows_estimate;
}

/* Writes s[0..len) for a message: at most 40 bytes, invalid UTF-8 and
 * control characters as \xNN, "..." when cut. */
static char *excerpt(char out[200], const char *s, size_t len)
{
    size_t o = 0, shown = 0, i = 0;
    while (i < len && shown < 40) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = n > 0 && i + n <= len && !(c < 0x20 || c == 0x7F);
        for (size_t k = 1; ok && k < n; k++)
            ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
        if (ok && n >= 2 && c < 0xC2)
            ok = false;
        if (ok) {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
            shown += n;
        } else {
            o += (size_t)snprintf(out + o, 8, "\\x%02X", c);
            i++;
            shown += 4;
        }
    }
    if (i < len) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* The first ASCII control character (C0, DEL; NUL too) of s[0..len), or -1
 * when there is none: what a field that clean_text refuses holds, when it
 * is not a stray byte of another encoding. */
static int control_char(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return (unsigned char)s[i];
    return -1;
}

/* True when s[0..len) is valid UTF-8 (no overlong forms, no surrogates) and
 * has no control characters. */
static bool clean_text(const char *s, size_t len)
{
    size_t i = 0;
    /* 8 bytes at a time while all are printable ASCII (0x20..0x7E) */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
        /* a byte < 0x20, >= 0x80 or == 0x7F sets its high bit in one of these */
        uint64_t bad = (w - 0x20 * ones) | w | ((w ^ (0x7F * ones)) - ones);
        if (bad & high)
            break;
        i += 8;
    }
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F)
                return false;
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n > len)
            return false;
        for (size_t k = 1; k < n; k++) {
            unsigned char d = (unsigned char)s[i + k];
            if ((d & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += n;
    }
    return true;
}

/* Whether a[0..alen) is the string b (no ASCII capitals in it), ASCII
 * case ignored. */
static bool ascii_iequal(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* Fills err for a bad row: FILE:ROW:COLUMN: column NAME: message (in
 * Chinese message_zh; NULL: the catalog's of message). */
static void row_error(const rf_roster *r, rf_error *err, int64_t row, int64_t line, size_t column,
                      const char *message, const char *message_zh)
{
    char path[320];
    if (column >= 1 && column <= r->n_header)
        snprintf(path, sizeof path, "column %s", r->header[column - 1]);
    else
        snprintf(path, sizeof path, "column %zu (after the header's last)", column);
    char where[48] = "", where_zh[48] = "";
    if (line != row)
        rf_msg_format(where, sizeof where, where_zh, sizeof where_zh, " (line %lld)",
                      (long long)line);
    char en[sizeof err->message], zh[sizeof err->message_zh];
    snprintf(en, sizeof en, "%s%s", message, where);
    snprintf(zh, sizeof zh, "%s%s", message_zh ? message_zh : rf_msg_text_zh(message), where_zh);
    rf_error_set_text(err, RF_ERR_INPUT, r->name, (int)(row > 2147483647 ? 0 : row), (int)column,
                      path, en, zh);
}

static bool parse_size(const char *s, size_t n, int *out)
{
    if (n == 0 || n > 2)
        return false;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1)
        return false;
    *out = v;
    return true;
}

/* rf_decimal_parse(s, n, 2, max, out) for the plain forms "123", "123.",
 * "123.4", "123.45" (at most 15 digits before the point); any other text
 * goes to rf_decimal_parse, so the result is the same for every text. */
static bool parse_centi(const char *s, size_t n, int64_t max, int64_t *out)
{
    size_t i = 0;
    int64_t v = 0;
    while (i < n && i < 15 && (unsigned)(s[i] - '0') < 10)
        v = v * 10 + (s[i++] - '0');
    if (i > 0 && i == n) {
        v *= 100;
    } else if (i > 0 && s[i] == '.' && n - i <= 3) {
        size_t k = i + 1;
        int64_t f = 0;
        for (; k < n && (unsigned)(s[k] - '0') < 10; k++)
            f = f * 10 + (s[k] - '0');
        if (k != n)
            return rf_decimal_parse(s, n, 2, max, out);
        v = v * 100 + (n - i == 2 ? f * 10 : f);
    } else {
        return rf_decimal_parse(s, n, 2, max, out);
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* An amount with thousands separators, "8,000.50": parse_centi of the
 * digits when the part before the point is 1 to 3 digits and then groups
 * of a comma and 3 digits; false for any other grouping. */
static bool parse_grouped_centi(const char *s, size_t n, int64_t max, int64_t *out)
{
    const char *point = memchr(s, '.', n);
    size_t whole = point ? (size_t)(point - s) : n;
    char plain[64];
    size_t o = 0, run = 0, commas = 0;
    if (n >= sizeof plain)
        return false;
    for (size_t i = 0; i < whole; i++) {
        if (s[i] == ',') {
            if (run == 0 || run > 3 || (commas > 0 && run != 3))
                return false;
            commas++;
            run = 0;
            continue;
        }
        plain[o++] = s[i];
        run++;
    }
    if (commas == 0 || run != 3)
        return false;
    memcpy(plain + o, s + whole, n - whole);
    return parse_centi(plain, o + n - whole, max, out);
}

/* rf_date_parse_any, with "YYYY-MM-DD" inline. */
static bool parse_date(const char *s, size_t n, rf_day *out)
{
    static const unsigned char DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return rf_date_parse_any(s, n, out);
    unsigned d[8];
    static const unsigned char AT[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int k = 0; k < 8; k++) {
        d[k] = (unsigned)(unsigned char)s[AT[k]] - '0';
        if (d[k] > 9)
            return false;
    }
    int y = (int)(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
    int m = (int)(d[4] * 10 + d[5]), day = (int)(d[6] * 10 + d[7]);
    if (y < 1900 || m < 1 || m > 12 || day < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (day > DAYS[m - 1] + (m == 2 && leap))
        return false;
    *out = rf_date_from_ymd(y, m, day);
    return true;
}

/* Whether s[0..n) is the English word en (lower case; ASCII case ignored)
 * or the Chinese zh.  Inline, so that the lengths of constant words are
 * constants on the path every row takes. */
static inline bool is_word(const char *s, size_t n, const char *en, const char *zh)
{
    return ascii_iequal(s, n, en) || (n == strlen(zh) && memcmp(s, zh, n) == 0);
}

/* Reads and checks the columns of the last record into h.  Returns false
 * when a value is malformed, with every problem of the row (one a column,
 * in column order) in r->problems. */
static bool parse_household(rf_roster *r, rf_household *h)
{
    csv_reader *in = &r->in;
    char ex[200];
    const char *s;
    size_t n, column = 0;
    int cc;
    r->n_problems = 0;
#define FIELD(c) (column = r->col[c] + 1, s = csv_text(in, r->col[c], &n))
#define PROBLEM(...)                                                                               \
    (r->problems[r->n_problems].column = column,                                                   \
     problem_format(&r->problems[r->n_problems++], __VA_ARGS__))

    FIELD(RF_COL_HOUSEHOLD_ID);
    if (n == 0)
        PROBLEM("empty; expected the household's id");
    else if (n > RF_ROSTER_MAX_ID)
        PROBLEM("is %zu bytes long; expected an id of at most %d bytes", n, RF_ROSTER_MAX_ID);
    else if (!clean_text(s, n) && (cc = control_char(s, n)) >= 0)
        PROBLEM("\"%s\" holds the control character U+%04X%s; expected an id without control "
                "characters",
                excerpt(ex, s, n), (unsigned)cc, cc == 0 ? " (NUL)" : "");
    else if (!clean_text(s, n))
        PROBLEM("\"%s\" is not valid UTF-8 text (a GBK file? see --encoding); expected a UTF-8 "
                "id without control characters",
                excerpt(ex, s, n));
    h->household_id = s;
    h->household_id_len = n;

    FIELD(RF_COL_SITE_ID);
    if (n == 0)
        PROBLEM("empty; expected the id of the household's site, as in the scenario");
    else if (n > RF_ROSTER_MAX_ID)
        PROBLEM("is %zu bytes long; expected a site id of at most %d bytes", n, RF_ROSTER_MAX_ID);
    else if (!clean_text(s, n) && (cc = control_char(s, n)) >= 0)
        PROBLEM("\"%s\" holds the control character U+%04X%s; expected a site id without "
                "control characters",
                excerpt(ex, s, n), (unsigned)cc, cc == 0 ? " (NUL)" : "");
    else if (!clean_text(s, n))
        PROBLEM("\"%s\" is not valid UTF-8 text (a GBK file? see --encoding); expected a UTF-8 "
                "site id",
                excerpt(ex, s, n));
    h->site_id = s;
    h->site_id_len = n;

    FIELD(RF_COL_CATEGORY);
    if (is_word(s, n, "registered", "建档立卡"))
        h->category = RF_CAT_REGISTERED;
    else if (is_word(s, n, "synchronous", "同步搬迁"))
        h->category = RF_CAT_SYNCHRONOUS;
    else
        PROBLEM("\"%s\" is not a category; expected registered (建档立卡) or synchronous "
                "(同步搬迁)",
                excerpt(ex, s, n));

    FIELD(RF_COL_SIZE);
    if (!parse_size(s, n, &h->size))
        PROBLEM("\"%s\" is not a household size; expected a whole number of people from 1 to 99",
                excerpt(ex, s, n));

    FIELD(RF_COL_AREA);
    if (!parse_centi(s, n, 100000000, &h->area) || h->area < 0)
        PROBLEM("\"%s\" is not an area; expected square metres from 0 to 1000000 with at most 2 "
                "decimals, e.g. 75 or 62.5",
                excerpt(ex, s, n));

    FIELD(RF_COL_SELF_FUNDED);
    if (!(parse_centi(s, n, RF_FEN_MAX, &h->self_funded) ||
          (memchr(s, ',', n) && parse_grouped_centi(s, n, RF_FEN_MAX, &h->self_funded))) ||
        h->self_funded < 0)
        PROBLEM("\"%s\" is not an amount; expected yuan >= 0 with at most 2 decimals, e.g. 8000, "
                "8000.50 or 8,000.50 (commas between groups of three digits)",
                excerpt(ex, s, n));

    FIELD(RF_COL_MOVED_IN);
    h->moved_in = n > 0;
    if (n > 0 && !parse_date(s, n, &h->moved_in_date))
        PROBLEM("\"%s\" is not a date; expected YYYY-MM-DD (e.g. 2016-09-01), 2016/9/1, "
                "2016.9.1, 2016年9月1日 or empty",
                excerpt(ex, s, n));

    FIELD(RF_COL_AGREEMENT);
    if (is_word(s, n, "yes", "是"))
        h->demolition_agreement = true;
    else if (is_word(s, n, "no", "否"))
        h->demolition_agreement = false;
    else
        PROBLEM("\"%s\" is not yes or no; expected yes / 是 (a demolition agreement is signed) or "
                "no / 否",
                excerpt(ex, s, n));

    FIELD(RF_COL_DEMOLISHED);
    h->demolished = n > 0;
    if (n > 0 && !parse_date(s, n, &h->demolished_date))
        PROBLEM("\"%s\" is not a date; expected YYYY-MM-DD (e.g. 2017-03-31), 2017/3/31, "
                "2017.3.31, 2017年3月31日 or empty",
                excerpt(ex, s, n));
#undef FIELD
#undef PROBLEM
    if (r->n_problems > 1) { /* in column order, as the header has them */
        for (size_t a = 1; a < r->n_problems; a++)
            for (size_t b = a; b > 0 && r->problems[b - 1].column > r->problems[b].column; b--) {
                row_problem t = r->problems[b];
                r->problems[b] = r->problems[b - 1];
                r->problems[b - 1] = t;
            }
    }
    return r->n_problems == 0;
}

static bool blank_record(const csv_reader *in)
{
    for (size_t i = 0; i < in->nfields; i++)
        if (in->fields[i].len > 0)
            return false;
    return true;
}

/* Publishes how far reading got, for rf_roster_id_at in another thread. */
static void publish_rows(rf_roster *r)
{
    pthread_mutex_lock(&r->cp_lock);
    r->rows_done = r->in.row;
    pthread_mutex_unlock(&r->cp_lock);
}

/* rf_roster_next, or -1 when no_fill is set and the buffer must move. */
static int roster_next(rf_roster *r, rf_household *h, rf_error *err)
{
    csv_reader *in = &r->in;
    r->n_problems = 0;
    for (;;) {
        csv_status st = csv_next(in);
        if (st == CSV_WOULD_FILL)
            return -1;
        if (st == CSV_EOF)
            return RF_ROSTER_END;
        if (st == CSV_IO) {
            rf_error_set(err, RF_ERR_INPUT, r->name, 0, 0, NULL, "cannot read: %s",
                         strerror(in->io_errno));
            return RF_ROSTER_FAIL;
        }
        if (st == CSV_BAD) {
            row_error(r, err, in->rec_row, in->rec_line, in->bad_column, in->bad_message, NULL);
            return RF_ROSTER_BAD_ROW;
        }
        if (blank_record(in))
            continue;
        if (in->nfields != r->n_header) {
            row_problem m;
            problem_format(&m, "row has %zu fields but the header has %zu; expected %zu",
                           in->nfields, r->n_header, r->n_header);
            size_t column = in->nfields < r->n_header ? in->nfields + 1 : r->n_header + 1;
            row_error(r, err, in->rec_row, in->rec_line, column, m.message, m.message_zh);
            return RF_ROSTER_BAD_ROW;
        }
        if (!parse_household(r, h)) {
            r->problem_row = in->rec_row;
            r->problem_line = in->rec_line;
            row_error(r, err, in->rec_row, in->rec_line, r->problems[0].column,
                      r->problems[0].message, r->problems[0].message_zh);
            return RF_ROSTER_BAD_ROW;
        }
        h->row = in->rec_row;
        h->line = in->rec_line;
        return RF_ROSTER_ROW;
    }
}

size_t rf_roster_more_problems(const rf_roster *r, rf_error *more, size_t max)
{
    size_t n = 0;
    for (size_t i = 1; i < r->n_problems && n < max; i++)
        row_error(r, &more[n++], r->problem_row, r->problem_line, r->problems[i].column,
                  r->problems[i].message, r->problems[i].message_zh);
    return n;
}

rf_roster_result rf_roster_next(rf_roster *r, rf_household *h, rf_error *err)
{
    r->in.no_fill = false;
    int res = roster_next(r, h, err);
    publish_rows(r);
    return (rf_roster_result)res;
}

size_t rf_roster_next_batch(rf_roster *r, rf_household *h, size_t max, rf_roster_result *stop,
                            rf_error *err)
{
    size_t n = 0;
    *stop = RF_ROSTER_ROW;
    while (n < max) {
        r->in.no_fill = n > 0; /* keep the rows already in h where they are */
        int res = roster_next(r, &h[n], err);
        if (res == -1)
            break;
        if (res != RF_ROSTER_ROW) {
            *stop = (rf_roster_result)res;
            break;
        }
        n++;
    }
    r->in.no_fill = false;
    publish_rows(r);
    return n;
}

bool rf_roster_id_at(rf_roster *r, int64_t row, const char **id, size_t *len, rf_error *err)
{
    size_t k = row >= 2 ? (size_t)((row - 1) / CHECKPOINT_ROWS) : 0;
    pthread_mutex_lock(&r->cp_lock);
    bool known = row >= 2 && row < r->rows_done && k < r->in.ncp;
    uint64_t offset = known ? r->in.cp[k] : 0;
    pthread_mutex_unlock(&r->cp_lock);
    if (!known)
        return rf_error_set(err, RF_ERR_SOLVER, r->name, (int)row, 0, NULL,
                            "row %lld has not been read yet", (long long)row),
               false;
    csv_reader *a = &r->again;
    if (!a->buf) {
        if (!csv_init(a, r->in.fd, true))
            return rf_error_set(err, RF_ERR_SOLVER, r->name, 0, 0, NULL, "out of memory"), false;
    }
    a->head = a->tail = 0;
    a->eof = false;
    a->pos = offset;
    a->row = (int64_t)k * CHECKPOINT_ROWS + 1;
    a->line = 0;
    for (;;) {
        csv_status st = csv_next(a);
        if (st == CSV_OK && a->rec_row == row && a->nfields == r->n_header) {
            *id = csv_text(a, r->col[RF_COL_HOUSEHOLD_ID], len);
            return true;
        }
        if (st == CSV_EOF || st == CSV_IO || a->rec_row >= row)
            break;
    }
    return rf_error_set(err, RF_ERR_INPUT, r->name, (int)row, 0, NULL,
                        "cannot re-read row %lld to check a duplicate household id (did the "
                        "file change while it was read?)",
                        (long long)row),
           false;
}

/* Reads the header row: finds the required columns.  Returns false with err
 * filled when it is unusable. */
struct rf_roster_columns {
    size_t n;
    rf_roster_column *col;
    char **name;
};

/* Whether the header name s[0..n) names column c: its English name (ASCII
 * case ignored), its Chinese name, or a name more gives it. */
static bool names_column(const char *s, size_t n, int c, const rf_roster_columns *more)
{
    if (is_word(s, n, COLUMN_NAMES[c], COLUMN_NAMES_ZH[c]))
        return true;
    for (size_t i = 0; more && i < more->n; i++)
        if ((int)more->col[i] == c && ascii_iequal(s, n, more->name[i]))
            return true;
    return false;
}

static bool read_header(rf_roster *r, const rf_roster_columns *more, rf_error *err)
{
    csv_reader *in = &r->in;
    /* A byte order mark: UTF-8 is skipped, UTF-16 is refused. */
    while (in->tail < 3 && !in->eof)
        if (!csv_fill(in))
            return rf_error_set(err, RF_ERR_INPUT, r->name, 0, 0, NULL, "cannot read: %s",
                                strerror(in->io_errno)),
                   false;
    const unsigned char *u = (const unsigned char *)in->buf;
    if (in->tail >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        in->head = 3;
    else if (in->tail >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return rf_error_set(err, RF_ERR_INPUT, r->name, 1, 1, NULL,
                            "the file is UTF-16; expected UTF-8 (save it as \"CSV UTF-8\")"),
               false;
    csv_status st = csv_next(in);
    if (st == CSV_EOF)
        return rf_error_set(err, RF_ERR_INPUT, r->name, 1, 0, NULL,
                            "the file is empty; expected a header row naming the columns"),
               false;
    if (st == CSV_IO)
        return rf_error_set(err, RF_ERR_INPUT, r->name, 0, 0, NULL, "cannot read: %s",
                            strerror(in->io_errno)),
               false;
    if (st == CSV_BAD)
        return rf_error_set(err, RF_ERR_INPUT, r->name, 1, (int)in->bad_column, "header", "%s",
                            in->bad_message),
               false;
    r->n_header = in->nfields;
    r->header = calloc(r->n_header, sizeof *r->header);
    if (!r->header)
        return rf_error_set(err, RF_ERR_SOLVER, r->name, 0, 0, NULL, "out of memory"), false;
    bool found[RF_COL_COUNT] = {false};
    for (size_t i = 0; i < r->n_header; i++) {
        size_t n;
        const char *s = csv_text(in, i, &n);
        char ex[200];
        excerpt(ex, s, n);
        r->header[i] = strdup(ex);
        if (!r->header[i])
            return rf_error_set(err, RF_ERR_SOLVER, r->name, 0, 0, NULL, "out of memory"), false;
        for (int c = 0; c < RF_COL_COUNT; c++) {
            if (!names_column(s, n, c, more))
                continue;
            if (found[c])
                return rf_error_set(err, RF_ERR_INPUT, r->name, 1, (int)i + 1, NULL,
                                    "column %s (%s) appears twice in the header; expected it "
                                    "once",
                                    COLUMN_NAMES[c], COLUMN_NAMES_ZH[c]),
                       false;
            found[c] = true;
            r->col[c] = i;
        }
    }
    char missing[512] = "";
    size_t nmissing = 0, o = 0;
    for (int c = 0; c < RF_COL_COUNT; c++)
        if (!found[c]) {
            o += (size_t)snprintf(missing + o, sizeof missing - o, "%s%s (%s)",
                                  nmissing ? ", " : "", COLUMN_NAMES[c], COLUMN_NAMES_ZH[c]);
            nmissing++;
        }
    if (nmissing)
        return rf_error_set(err, RF_ERR_INPUT, r->name, 1, 0, "header",
                            "missing column%s %s; expected the columns household_id, site_id, "
                            "category, size, area_m2, self_funded_yuan, moved_in_date, "
                            "demolition_agreement, demolished_date (any order), by these names, "
                            "their Chinese names or names a --columns file gives them",
                            nmissing > 1 ? "s" : "", missing),
               false;
    return true;
}

/* ---- encodings and the --columns file --------------------------------- */

bool rf_roster_encoding_parse(const char *name, rf_roster_encoding *out)
{
    static const struct {
        const char *name;
        rf_roster_encoding enc;
    } NAMES[] = {{"auto", RF_ROSTER_ENC_AUTO},       {"utf-8", RF_ROSTER_ENC_UTF8},
                 {"utf8", RF_ROSTER_ENC_UTF8},       {"gbk", RF_ROSTER_ENC_GB18030},
                 {"gb18030", RF_ROSTER_ENC_GB18030}, {"gb2312", RF_ROSTER_ENC_GB18030},
                 {"cp936", RF_ROSTER_ENC_GB18030}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (ascii_iequal(name, strlen(name), NAMES[i].name)) {
            *out = NAMES[i].enc;
            return true;
        }
    return false;
}

/* Whether s[0..n) (the start of a file) reads better as something other
 * than UTF-8: it has more bytes that cannot be UTF-8 than characters of
 * two or more bytes that are (a sequence cut short at the end counts for
 * neither).  A UTF-8 file with a stray byte stays UTF-8. */
static bool mostly_not_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0, bad = 0, good = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                                         : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        size_t j = 1;
        while (k && j < k && i + j < n && (s[i + j] & 0xC0) == 0x80)
            j++;
        if (k == 0 || (j < k && i + j < n)) {
            bad++;
            i++;
            continue;
        }
        good += k > 1 && j == k;
        i += j;
    }
    return bad > good;
}

/* GB18030 to UTF-8 through iconv: converts in[0..*len) into out (room for
 * twice as many bytes), leaving in *len the bytes of a character cut
 * short at the end.  Returns the bytes written, or -1 at bytes that are not
 * GB18030 (*len then says where: in + (orig - *len)). */
static ssize_t gb_convert(iconv_t cd, char *in, size_t *len, char *out, size_t room)
{
    char *ip = in, *op = out;
    size_t il = *len, ol = room;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    *len = il;
    if (rc == (size_t)-1 && errno != EINVAL)
        return -1;
    return op - out;
}

/* Whether the first 64 KiB of fd read better as GB18030 than as UTF-8:
 * mostly_not_utf8, and GB18030 text throughout. */
static bool looks_gb18030(int fd)
{
    enum { HEAD = 64 << 10 };
    char *head = malloc(3 * HEAD);
    ssize_t got = head ? pread(fd, head, HEAD, 0) : -1;
    bool ok = got > 0 && mostly_not_utf8((const unsigned char *)head, (size_t)got);
    iconv_t cd = ok ? iconv_open("UTF-8", "GB18030") : (iconv_t)-1;
    if (cd != (iconv_t)-1) {
        size_t len = (size_t)got;
        ok = gb_convert(cd, head, &len, head + HEAD, 2 * HEAD) >= 0 && len < 4;
        iconv_close(cd);
    } else {
        ok = false;
    }
    free(head);
    return ok;
}

/* Converts the GB18030 text of fd (from its start) into UTF-8 on out,
 * streamed.  Returns false with err filled (at the line of bytes that are
 * not GB18030) on failure. */
static bool gb18030_to_utf8(int fd, const char *name, FILE *out, rf_error *err)
{
    enum { CHUNK = 1 << 20 };
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL,
                            "cannot convert from GB18030: %s", strerror(errno)),
               false;
    char *in = malloc(CHUNK + 8), *buf = malloc(2 * (CHUNK + 8));
    size_t have = 0;
    int64_t line = 1;
    bool ok = in && buf;
    if (!ok)
        rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL, "out of memory");
    while (ok) {
        ssize_t got = read(fd, in + have, CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            ok = false;
            rf_error_set(err, RF_ERR_INPUT, name, 0, 0, NULL, "cannot read: %s", strerror(errno));
            break;
        }
        size_t len = have + (size_t)got, left = len;
        ssize_t w = gb_convert(cd, in, &left, buf, 2 * (CHUNK + 8));
        size_t done = len - left;
        line += (int64_t)count_newlines(in, done);
        if (w < 0 || (got == 0 && left > 0)) {
            char ex[40] = "";
            for (size_t k = 0; k < 4 && done + k < len; k++)
                snprintf(ex + 4 * k, 5, "\\x%02X", (unsigned char)in[done + k]);
            rf_error_set(err, RF_ERR_INPUT, name, (int)(line > 2147483647 ? 0 : line), 0, NULL,
                         "bytes %s%s are not GBK/GB18030 text; expected a GBK file (or give "
                         "--encoding utf-8)",
                         ex, got == 0 ? " at the end of the file" : "");
            ok = false;
            break;
        }
        fwrite(buf, 1, (size_t)w, out);
        memmove(in, in + done, left);
        have = left;
        if (got == 0)
            break;
    }
    iconv_close(cd);
    free(in);
    free(buf);
    return ok;
}

/* The UTF-8 CSV rf_roster reads, made from the file open as fd: the
 * roster of a workbook (kind not NONE) or GB18030 text converted, written
 * into an unlinked temporary file.  Returns that file's descriptor at
 * offset 0 with st filled, or -1 with err filled. */
static int converted(int fd, const char *path, const char *name, rf_roster_sheet_kind kind,
                     struct stat *st, rf_error *err)
{
    FILE *t = tmpfile();
    if (!t)
        return rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL,
                            "cannot make a temporary file for the roster's CSV: %s",
                            strerror(errno)),
               -1;
    bool ok = kind != RF_ROSTER_SHEET_NONE ? rf_roster_sheet_to_csv(path, name, kind, t, err)
                                           : gb18030_to_utf8(fd, name, t, err);
    int out = -1;
    if (ok && (fflush(t) != 0 || ferror(t) || (out = dup(fileno(t))) < 0 ||
               lseek(out, 0, SEEK_SET) != 0 || fstat(out, st) != 0)) {
        rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL,
                     "cannot write or read back the roster's CSV in a temporary file: %s",
                     strerror(errno));
        if (out >= 0)
            close(out);
        out = -1;
    }
    fclose(t);
    return out;
}

/* Trims spaces and tabs at both ends of s in place; returns s. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

rf_roster_columns *rf_roster_columns_load(const char *path, rf_error *err)
{
    int fd = rf_file_open(path, "a column map (COLUMN = HEADER lines)", NULL, err);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0) {
            rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
            close(fd);
        }
        return NULL;
    }
    rf_roster_columns *c = calloc(1, sizeof *c);
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    bool ok = c != NULL;
    if (!ok)
        rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL, "out of memory");
    while (ok && getline(&line, &cap, f) >= 0) {
        n++;
        char *text = line;
        if (n == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
            text += 3;
        text = trim(text);
        if (!*text || *text == '#')
            continue;
        char *eq = strchr(text, '=');
        if (!eq) {
            ok = !rf_error_set(err, RF_ERR_INPUT, path, n, 0, NULL,
                               "expected COLUMN = HEADER, e.g. household_id = 户号");
            break;
        }
        *eq = '\0';
        char *column = trim(text), *header = trim(eq + 1);
        int col = 0;
        while (col < RF_COL_COUNT && !is_word(column, strlen(column), COLUMN_NAMES[col],
                                              COLUMN_NAMES_ZH[col]))
            col++;
        if (col == RF_COL_COUNT) {
            ok = !rf_error_set(err, RF_ERR_INPUT, path, n, 1, NULL,
                               "unknown column \"%.100s\"; expected one of: household_id, site_id, "
                               "category, size, area_m2, self_funded_yuan, moved_in_date, "
                               "demolition_agreement, demolished_date",
                               column);
            break;
        }
        if (!*header) {
            ok = !rf_error_set(err, RF_ERR_INPUT, path, n, 0, NULL,
                               "no header name after '='; expected the export's name for %s",
                               COLUMN_NAMES[col]);
            break;
        }
        rf_roster_column *cols = realloc(c->col, (c->n + 1) * sizeof *cols);
        if (cols)
            c->col = cols;
        char **names = cols ? realloc(c->name, (c->n + 1) * sizeof *names) : NULL;
        if (names)
            c->name = names;
        char *copy = names ? strdup(header) : NULL;
        if (!copy) {
            ok = !rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL, "out of memory");
            break;
        }
        for (char *p = copy; *p; p++) /* as ascii_iequal compares */
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        c->col[c->n] = (rf_roster_column)col;
        c->name[c->n++] = copy;
    }
    if (ok && ferror(f))
        ok = !rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "cannot read: %s",
                           strerror(errno));
    free(line);
    fclose(f);
    if (!ok) {
        rf_roster_columns_free(c);
        return NULL;
    }
    return c;
}

void rf_roster_columns_free(rf_roster_columns *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->name[i]);
    free(c->name);
    free(c->col);
    free(c);
}

/* ---- opening ------------------------------------------------------------ */

rf_roster *rf_roster_open(const char *path, const rf_roster_options *o, rf_error *err)
{
    rf_roster_options defaults = {0};
    if (!o)
        o = &defaults;
    const char *name = o->name ? o->name : path;
    struct stat st;
    /* A regular file: the duplicate check re-reads it, so a pipe will not do. */
    int fd = rf_file_open(path, "a roster file (CSV, .xlsx or .xls)", &st, err);
    if (fd < 0) {
        snprintf(err->file, sizeof err->file, "%s", name);
        return NULL;
    }
    const char *note = NULL;
    rf_roster_sheet_kind sheet = rf_roster_sheet_kind_of(fd);
    bool gb = sheet == RF_ROSTER_SHEET_NONE && o->encoding == RF_ROSTER_ENC_GB18030;
    if (sheet == RF_ROSTER_SHEET_NONE && o->encoding == RF_ROSTER_ENC_AUTO && looks_gb18030(fd)) {
        gb = true;
        note = "not UTF-8 text; read as GBK/GB18030 (give --encoding gbk to say so, or save the "
               "file as \"CSV UTF-8\")";
    }
    if (gb || sheet != RF_ROSTER_SHEET_NONE) {
        int csv = converted(fd, path, name, sheet, &st, err);
        close(fd);
        if ((fd = csv) < 0)
            return NULL;
    }
    rf_roster *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name)) || !csv_init(&r->in, fd, false)) {
        rf_error_set(err, RF_ERR_SOLVER, name, 0, 0, NULL, "out of memory");
        if (r)
            free(r->name);
        free(r);
        close(fd);
        return NULL;
    }
    pthread_mutex_init(&r->cp_lock, NULL);
    r->in.cp_lock = &r->cp_lock;
    r->in.keep_checkpoints = true;
    r->note = note;
    if (!read_header(r, o->columns, err)) {
        rf_roster_free(r);
        return NULL;
    }
    /* Lines in what the first read brought after the header, scaled to the
     * file's size. */
    csv_reader *in = &r->in;
    const char *from = in->buf + in->head, *last = NULL;
    size_t lines = 0;
    for (const char *p = from; (p = memchr(p, '\n', (size_t)(in->buf + in->tail - p))) != NULL; p++) {
        lines++;
        last = p;
    }
    uint64_t rest = (uint64_t)st.st_size > in->pos - in->tail + in->head
                        ? (uint64_t)st.st_size - (in->pos - in->tail + in->head)
                        : 0;
    if (lines > 0) {
        uint64_t per_line = (uint64_t)(last + 1 - from) / lines;
        r->rows_estimate = (size_t)(rest / (per_line ? per_line : 1) + 1);
    }
    return r;
}

void rf_roster_free(rf_roster *r)
{
    if (!r)
        return;
    if (r->in.fd >= 0)
        close(r->in.fd);
    csv_release(&r->in);
    csv_release(&r->again);
    if (r->header)
        for (size_t i = 0; i < r->n_header; i++)
            free(r->header[i]);
    free(r->header);
    free(r->name);
    if (r->in.cp_lock)
        pthread_mutex_destroy(&r->cp_lock);
    free(r);
}
