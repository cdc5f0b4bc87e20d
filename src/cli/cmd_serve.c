/* cmd_serve: `relocfund serve SCENARIO`: a local planning page and its API (docs/serve.md).
 *
 * libmicrohttpd in its external-polling mode: every request is answered in
 * this thread, one at a time, so the session's live LPs (rf_session) need
 * no lock; MHD reads slow clients' requests in the background of the same
 * loop and times them out.  A request is answered only when it names the
 * bound address in its Host header (421 otherwise: no DNS rebinding),
 * carries the token (403), and has a body of at most 1 MiB (413).  No path
 * is ever taken from a request: a saved variant goes next to the scenario
 * under a name made here (rf_variant). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "rf_jw.h"
#include "rf_emit.h"
#include "rf_parameters.h"
#include "rf_report.h"
#include "rf_request.h"
#include "rf_session.h"
#include "rf_solve.h"
#include "rf_variant.h"
#include "serve_page.h"

#define MAX_BODY (1u << 20)
#define MAX_CONNECTIONS 64
#define CONNECTION_TIMEOUT_S 10

extern char **environ;

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund serve [OPTIONS] SCENARIO\n\n"
            "Serves a planning page for the scenario on this computer: sliders for the\n"
            "arrived funds, the integrated-agri budget, the self-funding cap and each\n"
            "site's housing cost and area, re-solved as they move.  Prints one line, the\n"
            "page's address with its token, then serves until interrupted (Ctrl-C).\n"
            "The API the page uses is for scripts too: see docs/serve.md.\n\n"
            "Options:\n"
            "  --port N           TCP port (default 0: a free port)\n"
            "  --host ADDR        address to bind (default 127.0.0.1; another address\n"
            "                     lets other computers reach the page: a warning)\n"
            "  --open             open the page in the desktop's browser\n" CLI_HELP_TIME_LIMIT
                CLI_HELP_HELP
            "Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage or input error, 3 the\n"
            "base plan could not be solved or the server could not start.\n");
}

enum { OPT_PORT = 256, OPT_HOST, OPT_OPEN };

typedef struct {
    long port;
    const char *host;
    bool open;
} serve_options;

static bool own_option(int opt, const char *arg, void *ctx)
{
    serve_options *so = ctx;
    if (opt == OPT_PORT) {
        char *end;
        errno = 0;
        so->port = strtol(arg, &end, 10);
        if (errno || end == arg || *end || so->port < 0 || so->port > 65535) {
            cli_error("--port %s: must be a whole number from 0 to 65535", arg);
            return false;
        }
    } else if (opt == OPT_HOST) {
        so->host = arg;
    } else {
        so->open = true;
    }
    return true;
}

/* ---- the server ---- */

typedef struct {
    rf_session *ss;
    char token[33];
    char hosts[3][96]; /* the Host header values accepted */
    size_t n_hosts;
    size_t body_hint; /* the largest body rendered so far: the next one's first capacity */
} server;

/* One request being received: its body so far. */
typedef struct {
    char *body;
    size_t len, cap;
    bool answered;  /* a response was queued before the body ended */
    bool too_large; /* the body grew over MAX_BODY: dropped */
} request;

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* Compares in time independent of where a and b first differ. */
static bool same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* Queues the response of len bytes at data, not copied: with owned, data
 * was malloc'd and is the response's from here on (libmicrohttpd frees it
 * once sent; freed here when no response can be made); else data is
 * static. */
static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned code, const char *type,
                                  void *data, size_t len, bool owned, const char *attachment)
{
    struct MHD_Response *r =
        owned ? MHD_create_response_from_buffer_with_free_callback(len, data, free)
              : MHD_create_response_from_buffer(len, data, MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (strncmp(type, "text/html", 9) == 0 && !attachment)
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; script-src 'unsafe-inline'; style-src "
                                "'unsafe-inline'; img-src data: blob:; connect-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    if (attachment) {
        char disp[300];
        snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", attachment);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
    }
    enum MHD_Result ok = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ok;
}

/* The error document (docs/serve.md): the HTTP status, the exit code the
 * CLI would give, and the lines it would print, in English and in Chinese
 * (lines_zh NULL: the serve's own messages, English in both). */
static enum MHD_Result send_error_lines(struct MHD_Connection *c, unsigned code, int exit_code,
                                        const char *const *lines, const char *const *lines_zh,
                                        size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    rf_jw w;
    rf_jw_document(&w, f, "relocfund-error/1");
    rf_jw_int(&w, "status", code);
    rf_jw_int(&w, "exit_code", exit_code);
    rf_jw_array(&w, "messages", &RF_JW_LINES);
    for (size_t i = 0; i < n; i++)
        rf_jw_string(&w, NULL, lines[i]);
    rf_jw_end(&w);
    rf_jw_array(&w, "messages_zh", &RF_JW_LINES);
    for (size_t i = 0; i < n; i++)
        rf_jw_string(&w, NULL, (lines_zh ? lines_zh : lines)[i]);
    rf_jw_end(&w);
    rf_jw_finish(&w);
    fclose(f);
    return send_bytes(c, code, "application/json; charset=utf-8", buf, len, true, NULL);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned code, int exit_code,
                                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned code, int exit_code,
                                  const char *fmt, ...)
{
    char msg[1024], line[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "relocfund: error: %s", msg);
    const char *lines[] = {line};
    return send_error_lines(c, code, exit_code, lines, NULL, 1);
}

/* Every diagnostic of d as the CLI prints it, as a 400 (input) error. */
static enum MHD_Result send_diags(struct MHD_Connection *c, const rf_diags *d)
{
    char **lines = calloc(2 * d->count + 1, sizeof *lines);
    if (!lines)
        return MHD_NO;
    char **lines_zh = lines + d->count;
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++) {
        char buf[2200], buf_zh[2200];
        lines[n] = strdup(cli_diag_line(buf, sizeof buf, &d->items[i], false));
        lines_zh[n] = strdup(cli_diag_line(buf_zh, sizeof buf_zh, &d->items[i], true));
        if (lines[n] && lines_zh[n]) {
            n++;
        } else {
            free(lines[n]);
            free(lines_zh[n]);
        }
    }
    enum MHD_Result ok = send_error_lines(c, MHD_HTTP_BAD_REQUEST, RF_ERR_INPUT,
                                          (const char *const *)lines,
                                          (const char *const *)lines_zh, n);
    for (size_t i = 0; i < n; i++) {
        free(lines[i]);
        free(lines_zh[i]);
    }
    free(lines);
    return ok;
}

/* The error e with the given HTTP status and exit code. */
static enum MHD_Result send_error_value(struct MHD_Connection *c, unsigned code, int exit_code,
                                        const rf_error *e)
{
    char line[2200], line_zh[2200];
    const char *lines[] = {cli_error_line(line, sizeof line, e, false)};
    const char *lines_zh[] = {cli_error_line(line_zh, sizeof line_zh, e, true)};
    return send_error_lines(c, code, exit_code, lines, lines_zh, 1);
}

/* The error e, as 400 when it is the input's, else 500. */
static enum MHD_Result send_rf_error(struct MHD_Connection *c, const rf_error *e)
{
    unsigned code =
        e->status == RF_ERR_INPUT ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR;
    return send_error_value(c, code, e->status ? (int)e->status : RF_ERR_SOLVER, e);
}

/* A body being rendered: a malloc'd buffer that doubles as it fills,
 * NUL-terminated (len bytes, then a NUL). */
typedef struct {
    char *buf;
    size_t len, cap;
} body;

/* The write of body_open's stream: appends n bytes, or fails (-1, the
 * stream's error) when the buffer cannot grow. */
static ssize_t body_write(void *cookie, const char *data, size_t n)
{
    body *b = cookie;
    if (n >= b->cap - b->len) {
        size_t cap = b->cap;
        while (n >= cap - b->len) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        char *grown = realloc(b->buf, cap);
        if (!grown)
            return -1;
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, data, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return (ssize_t)n;
}

/* A stream writing into b, which starts with room for the largest body so
 * far (sv->body_hint: a body of that size is then never copied to grow);
 * NULL when out of memory.  body_close ends it. */
static FILE *body_open(body *b, const server *sv)
{
    b->len = 0;
    b->cap = sv->body_hint >= 4096 ? sv->body_hint + 1 : 4096;
    if (!(b->buf = malloc(b->cap)))
        return NULL;
    b->buf[0] = '\0';
    FILE *f = fopencookie(b, "w", (cookie_io_functions_t){.write = body_write});
    if (!f) {
        free(b->buf);
        b->buf = NULL;
    }
    return f;
}

/* Closes body_open's stream f and raises sv->body_hint to b's length.
 * False when the stream reported an error.  b->buf stays the caller's. */
static bool body_close(FILE *f, const body *b, server *sv)
{
    if (b->len > sv->body_hint)
        sv->body_hint = b->len;
    return fclose(f) == 0;
}

/* Writes result data of kind in format f (XLSX through a temporary file
 * this process makes) into *buf (NUL-terminated, the caller's to free) and
 * *len.  Returns RF_OK or the failure. */
static rf_status render(server *sv, rf_result_kind kind, void *data, rf_format f, bool chinese,
                        char **buf, size_t *len, rf_error *err)
{
    rf_result r = {kind, data};
    rf_result_options ro = {.format = f, .chinese = chinese};
    *buf = NULL;
    *len = 0;
    if (f != RF_FORMAT_XLSX) {
        body b;
        FILE *m = body_open(&b, sv);
        if (!m)
            return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        rf_status st = rf_result_write(&r, &ro, m, NULL, err);
        if (!body_close(m, &b, sv) && st == RF_OK)
            st = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        *buf = b.buf;
        *len = b.len;
        return st;
    }
    char tmp[] = "/tmp/relocfund-serve-XXXXXX.xlsx";
    int fd = mkstemps(tmp, 5);
    if (fd < 0)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                            "cannot make a temporary file: %s", strerror(errno));
    close(fd);
    rf_status st = rf_result_write(&r, &ro, NULL, tmp, err);
    FILE *in = st == RF_OK ? fopen(tmp, "rb") : NULL;
    if (st == RF_OK && !in)
        st = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot read back %s", tmp);
    if (in) {
        FILE *m = open_memstream(buf, len);
        char chunk[65536];
        size_t got;
        while (m && (got = fread(chunk, 1, sizeof chunk, in)) > 0)
            fwrite(chunk, 1, got, m);
        if (!m || fclose(m) != 0 || ferror(in))
            st = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "cannot read back %s", tmp);
        fclose(in);
    }
    unlink(tmp);
    return st;
}

static enum MHD_Result send_result(server *sv, struct MHD_Connection *c, rf_result_kind kind,
                                   void *data, rf_format f, bool chinese, const char *attachment)
{
    char *buf;
    size_t len;
    rf_error err = {0};
    if (render(sv, kind, data, f, chinese, &buf, &len, &err) != RF_OK) {
        free(buf);
        return send_rf_error(c, &err);
    }
    const char *type = f == RF_FORMAT_JSON   ? "application/json; charset=utf-8"
                       : f == RF_FORMAT_HTML ? "text/html; charset=utf-8"
                       : f == RF_FORMAT_XLSX
                           ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "text/plain; charset=utf-8";
    return send_bytes(c, MHD_HTTP_OK, type, buf, len, true, attachment);
}

/* The language a request asks for: "en" is English, anything else Chinese. */
static bool wants_chinese(const rf_request *rq)
{
    return !rq->lang || strcmp(rq->lang, "en") != 0;
}

/* The page's view of a plan, from one solve (docs/serve.md): the document
 * "relocfund-view/2" with the plan's "status" and "totals" as the plan
 * JSON has them, and the HTML report's summary (its first section's
 * paragraphs and tables) and charts as the strings "summary_html" and
 * "charts_html" (rf_emit_html_parts): only what the page draws, so that
 * neither side writes or reads the report's detail tables for each change. */
static enum MHD_Result send_view(server *sv, struct MHD_Connection *c, rf_plan *p, bool chinese)
{
    char *summary = NULL, *charts = NULL;
    size_t summary_len = 0, charts_len = 0;
    body b = {0};
    enum MHD_Result ok;
    FILE *fs = open_memstream(&summary, &summary_len);
    FILE *fc = open_memstream(&charts, &charts_len);
    rf_doc *doc = rf_report_plan(p, chinese);
    bool parts = fs && fc && doc && rf_emit_html_parts(doc, NULL, fs, fc) == RF_OK;
    rf_doc_free(doc);
    if (fs && fclose(fs) != 0)
        parts = false;
    if (fc && fclose(fc) != 0)
        parts = false;
    FILE *f = parts ? body_open(&b, sv) : NULL;
    if (!f) {
        parts = false;
    } else {
        rf_jw w;
        rf_jw_document(&w, f, "relocfund-view/2");
        rf_jw_string(&w, "status", rf_plan_status_id(p->status));
        rf_report_plan_totals(&w, p);
        rf_jw_string_n(&w, "summary_html", summary, summary_len);
        rf_jw_string_n(&w, "charts_html", charts, charts_len);
        rf_status st = rf_jw_finish(&w);
        parts = body_close(f, &b, sv) && st == RF_OK;
    }
    if (parts) {
        ok = send_bytes(c, MHD_HTTP_OK, "application/json; charset=utf-8", b.buf, b.len, true,
                        NULL);
        b.buf = NULL;
    } else {
        ok = send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, RF_ERR_SOLVER, "out of memory");
    }
    free(summary);
    free(charts);
    free(b.buf);
    return ok;
}

/* Solves the request's changes and answers with the plan in format f, or
 * (view) with send_view's document. */
static enum MHD_Result api_solve(server *sv, struct MHD_Connection *c, const rf_request *rq,
                                 rf_format f, bool view)
{
    rf_diags diags = {0};
    rf_error err = {0};
    rf_scenario *s = NULL;
    rf_plan *p = NULL;
    enum MHD_Result ok;
    rf_status st =
        rf_session_solve(sv->ss, (const char *const *)rq->sets, rq->n_sets, &s, &p, &diags, &err);
    if (st == RF_ERR_INPUT) {
        ok = send_diags(c, &diags);
    } else if (st != RF_OK) {
        ok = send_rf_error(c, &err);
    } else {
        char name[160];
        snprintf(name, sizeof name, "%s.%s", s->id, rf_format_name(f));
        for (char *q = name; *q; q++)
            if (*q == '"' || *q == '\\' || (unsigned char)*q < 0x20)
                *q = '_';
        ok = view ? send_view(sv, c, p, wants_chinese(rq))
                  : send_result(sv, c, RF_RESULT_PLAN, p, f, wants_chinese(rq),
                                f == RF_FORMAT_JSON ? NULL : name);
    }
    rf_plan_free(p);
    rf_scenario_free(s);
    rf_diags_free(&diags);
    return ok;
}

static enum MHD_Result api_whatif(server *sv, struct MHD_Connection *c, const rf_request *rq)
{
    rf_diags diags = {0};
    rf_error err = {0};
    rf_comparison *cmp = NULL;
    enum MHD_Result ok;
    bool chinese = wants_chinese(rq);
    rf_status st = rf_session_whatif(sv->ss, (const char *const *)rq->sets, rq->n_sets, chinese,
                                     &cmp, &diags, &err);
    if (st == RF_ERR_INPUT)
        ok = send_diags(c, &diags);
    else if (st != RF_OK)
        ok = send_rf_error(c, &err);
    else
        ok = send_result(sv, c, RF_RESULT_COMPARISON, cmp, RF_FORMAT_JSON, chinese, NULL);
    rf_comparison_free(cmp);
    rf_diags_free(&diags);
    return ok;
}

static enum MHD_Result api_export(server *sv, struct MHD_Connection *c, const rf_request *rq)
{
    rf_format f;
    if (!rq->format || !rf_format_parse(rq->format, &f) || f == RF_FORMAT_SVG)
        return send_error(c, MHD_HTTP_BAD_REQUEST, RF_ERR_INPUT,
                          "request: format: must be one of text, json, csv, md, html, xlsx");
#ifndef RF_HAVE_XLSXWRITER
    if (f == RF_FORMAT_XLSX)
        return send_error(c, MHD_HTTP_BAD_REQUEST, RF_ERR_INPUT,
                          "this relocfund was built without libxlsxwriter: no xlsx");
#endif
    return api_solve(sv, c, rq, f, false);
}

static enum MHD_Result api_save(server *sv, struct MHD_Connection *c, const rf_request *rq)
{
    rf_diags diags = {0};
    rf_error err = {0};
    rf_variant_saved saved = {0};
    enum MHD_Result ok;
    rf_status st = rf_variant_save(rf_session_path(sv->ss), (const char *const *)rq->sets,
                                   rq->n_sets, rq->name, rq->replace, &saved, &diags, &err);
    if (st == RF_ERR_INPUT && diags.errors) {
        ok = send_diags(c, &diags);
    } else if (st != RF_OK && saved.exists) {
        ok = send_error_value(c, MHD_HTTP_CONFLICT, RF_ERR_OUTPUT, &err);
    } else if (st != RF_OK) {
        ok = send_rf_error(c, &err);
    } else {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) {
            ok = MHD_NO;
        } else {
            rf_jw w;
            rf_jw_document(&w, f, "relocfund-saved/1");
            rf_jw_string(&w, "file", saved.scenario);
            rf_jw_string(&w, "policy_file", saved.policy);
            rf_jw_finish(&w);
            fclose(f);
            ok = send_bytes(c, MHD_HTTP_CREATED, "application/json; charset=utf-8", buf, len, true,
                            NULL);
        }
    }
    rf_variant_saved_free(&saved);
    rf_diags_free(&diags);
    return ok;
}

static enum MHD_Result api_scenario(server *sv, struct MHD_Connection *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    rf_status st = rf_parameters_write(rf_session_scenario(sv->ss), rf_session_path(sv->ss), f);
    fclose(f);
    if (st == RF_OK)
        return send_bytes(c, MHD_HTTP_OK, "application/json; charset=utf-8", buf, len, true, NULL);
    free(buf);
    return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, RF_ERR_SOLVER, "out of memory");
}

/* The checks every request passes before its body is read: 0 when it may
 * go on, else the status it was answered with. */
static unsigned refuse(server *sv, struct MHD_Connection *c, const char *url, const char *method,
                       enum MHD_Result *ok)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    bool host_ok = false;
    for (size_t i = 0; host && i < sv->n_hosts; i++)
        host_ok = host_ok || strcasecmp(host, sv->hosts[i]) == 0;
    if (!host_ok) {
        *ok = send_error(c, MHD_HTTP_MISDIRECTED_REQUEST, RF_ERR_INPUT,
                         "Host header must be the address relocfund serve printed");
        return MHD_HTTP_MISDIRECTED_REQUEST;
    }
    bool page = strcmp(url, "/") == 0;
    const char *token =
        page ? MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token")
             : MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Relocfund-Token");
    if (!token || !same_secret(token, sv->token)) {
        *ok = send_error(c, MHD_HTTP_FORBIDDEN, RF_ERR_INPUT,
                         page ? "open the address relocfund serve printed (with its token)"
                              : "X-Relocfund-Token header missing or wrong");
        return MHD_HTTP_FORBIDDEN;
    }
    bool is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool is_post = strcmp(method, "POST") == 0;
    bool get_url = page || strcmp(url, "/api/scenario") == 0;
    bool post_url = strcmp(url, "/api/solve") == 0 || strcmp(url, "/api/view") == 0 ||
                    strcmp(url, "/api/whatif") == 0 ||
                    strcmp(url, "/api/export") == 0 || strcmp(url, "/api/save") == 0;
    if (!get_url && !post_url) {
        *ok = send_error(c, MHD_HTTP_NOT_FOUND, RF_ERR_INPUT, "%s: no such page or API", url);
        return MHD_HTTP_NOT_FOUND;
    }
    if ((get_url && !is_get) || (post_url && !is_post)) {
        *ok = send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, RF_ERR_INPUT, "%s: %s only", url,
                         get_url ? "GET" : "POST");
        return MHD_HTTP_METHOD_NOT_ALLOWED;
    }
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > MAX_BODY) {
        *ok = send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, RF_ERR_INPUT,
                         "request body over %u bytes", MAX_BODY);
        return MHD_HTTP_CONTENT_TOO_LARGE;
    }
    return 0;
}

static enum MHD_Result dispatch(server *sv, struct MHD_Connection *c, const char *url,
                                const request *rqb)
{
    if (strcmp(url, "/") == 0)
        return send_bytes(c, MHD_HTTP_OK, "text/html; charset=utf-8", (void *)serve_page,
                          serve_page_len, false, NULL);
    if (strcmp(url, "/api/scenario") == 0)
        return api_scenario(sv, c);
    rf_request rq;
    rf_diags diags = {0};
    enum MHD_Result ok;
    if (!rf_request_parse(rqb->body ? rqb->body : "", rqb->len, &rq, &diags))
        ok = send_diags(c, &diags);
    else if (strcmp(url, "/api/solve") == 0)
        ok = api_solve(sv, c, &rq, RF_FORMAT_JSON, false);
    else if (strcmp(url, "/api/view") == 0)
        ok = api_solve(sv, c, &rq, RF_FORMAT_JSON, true);
    else if (strcmp(url, "/api/whatif") == 0)
        ok = api_whatif(sv, c, &rq);
    else if (strcmp(url, "/api/export") == 0)
        ok = api_export(sv, c, &rq);
    else
        ok = api_save(sv, c, &rq);
    rf_request_free(&rq);
    rf_diags_free(&diags);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        enum MHD_Result ok = MHD_YES;
        if (refuse(sv, c, url, method, &ok)) {
            rq->answered = true;
            return ok;
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (rq->answered)
            return MHD_YES;
        if (rq->too_large || rq->len + n > MAX_BODY) {
            /* A body without a length that grows too large: the rest is
             * read and dropped (MHD answers only after the upload). */
            rq->too_large = true;
            free(rq->body);
            rq->body = NULL;
            rq->len = rq->cap = 0;
            return MHD_YES;
        }
        if (rq->len + n > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 4096;
            while (cap < rq->len + n)
                cap *= 2;
            char *grown = realloc(rq->body, cap + 1);
            if (!grown)
                return MHD_NO;
            rq->body = grown;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    rq->answered = true;
    if (rq->too_large)
        return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, RF_ERR_INPUT,
                          "request body over %u bytes", MAX_BODY);
    return dispatch(sv, c, url, rq);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

/* The token: 128 random bits in hex.  False when no randomness is to be had. */
static bool make_token(char out[33])
{
    unsigned char raw[16];
    FILE *f = fopen("/dev/urandom", "rb");
    bool ok = f && fread(raw, 1, sizeof raw, f) == sizeof raw;
    if (f)
        fclose(f);
    for (size_t i = 0; ok && i < sizeof raw; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return ok;
}

/* Starts the desktop's browser on url (xdg-open), without waiting for it. */
static void open_browser(const char *url)
{
    pid_t pid;
    char *argv[] = {"xdg-open", (char *)url, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    /* The server ignores SIGPIPE; the browser gets the default back. */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    posix_spawnattr_setsigdefault(&at, &pipe_only);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    if (posix_spawnp(&pid, "xdg-open", &fa, &at, argv, environ) != 0)
        cli_warning("--open: could not start xdg-open; open the address by hand");
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
}

/* Binds, prints the address, serves until a signal.  Returns the exit code. */
static int run(server *sv, const serve_options *so)
{
    struct sockaddr_in6 a6;
    struct sockaddr_in a4;
    memset(&a6, 0, sizeof a6);
    memset(&a4, 0, sizeof a4);
    bool v6 = strchr(so->host, ':') != NULL;
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)so->port);
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)so->port);
    if ((v6 ? inet_pton(AF_INET6, so->host, &a6.sin6_addr)
            : inet_pton(AF_INET, so->host, &a4.sin_addr)) != 1) {
        cli_error("--host %s: not an IPv4 or IPv6 address", so->host);
        return RF_ERR_INPUT;
    }
    struct sockaddr *addr = v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4;
    struct MHD_Daemon *d = MHD_start_daemon(
        (v6 ? MHD_USE_IPv6 : 0), (uint16_t)so->port, NULL, NULL, handle, sv, MHD_OPTION_SOCK_ADDR,
        addr, MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        completed, sv, MHD_OPTION_END);
    if (!d) {
        cli_error("cannot listen on %s port %ld: %s", so->host, so->port, strerror(errno));
        return RF_ERR_SOLVER;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : (unsigned)so->port;
    char shown[80];
    snprintf(shown, sizeof shown, v6 ? "[%s]" : "%s", so->host);
    snprintf(sv->hosts[0], sizeof sv->hosts[0], "%s:%u", shown, port);
    snprintf(sv->hosts[1], sizeof sv->hosts[1], "localhost:%u", port);
    sv->n_hosts = 2;
    bool loopback = v6 ? IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr)
                       : (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
    if (!loopback)
        cli_warning("--host %s: the page can be reached from other computers on that network "
                    "by anyone who has its address and token",
                    so->host);
    /* The handlers are in place before the address is printed: whoever
     * reads it may stop the server at once, and that stop is clean. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    char url[256];
    snprintf(url, sizeof url, "http://%s/?token=%s", sv->hosts[0], sv->token);
    printf("%s\n", url);
    fflush(stdout);
    if (so->open)
        open_browser(url);
    while (!stop_signal)
        MHD_run_wait(d, 200);
    MHD_stop_daemon(d);
    return RF_OK;
}

int cmd_serve(int argc, char **argv)
{
    static serve_options so;
    static const struct option own[] = {{"port", required_argument, NULL, OPT_PORT},
                                        {"host", required_argument, NULL, OPT_HOST},
                                        {"open", no_argument, NULL, OPT_OPEN},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "serve",
                                    .usage = usage,
                                    .shared = CLI_TIME_LIMIT,
                                    .own = own,
                                    .option = own_option,
                                    .ctx = &so,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "serve needs a SCENARIO file",
                                    .too_many = "serve takes one SCENARIO file"};
    so = (serve_options){.host = "127.0.0.1"};
    cli_options o;
    int code = cli_parse(&cmd, argc, argv, &o);
    server sv = {0};
    if (code < 0 && !make_token(sv.token)) {
        cli_error("cannot read /dev/urandom for the page's token");
        code = RF_ERR_SOLVER;
    }
    if (code < 0) {
#ifdef __GLIBC__
        /* A server solves the same county again and again: its large blocks
         * (the model, the plan, the answer's bytes) are kept in the heap for
         * the next request, where glibc would give each back to the kernel
         * and take fresh pages for the next one (some 600 page faults a
         * request on a 100-site county). */
        mallopt(M_MMAP_THRESHOLD, 64 << 20);
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
        rf_solve_options sopt = cli_solve_options(o.time_limit, false);
        rf_diags diags = {0};
        rf_error err = {0};
        rf_status st;
        sv.ss = rf_session_open(o.args[0], &sopt, &diags, &err, &st);
        if (!sv.ss && st == RF_ERR_INPUT)
            cli_print_diags(&diags);
        else
            cli_report_warnings(o.args[0], &diags, false);
        if (!sv.ss && st != RF_ERR_INPUT)
            cli_print_error(&err);
        rf_diags_free(&diags);
        code = sv.ss ? run(&sv, &so) : (int)st;
    }
    rf_session_free(sv.ss);
    rf_solve_thread_end();
    cli_options_free(&o);
    return code;
}
