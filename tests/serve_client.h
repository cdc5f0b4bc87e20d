/* Test support for relocfund serve: start the server as a child process on
 * --port 0, read the one line it prints, and talk HTTP/1.1 to it over raw
 * loopback sockets (a request a connection).  Static functions: include it
 * in one test file each. */
#ifndef RF_SERVE_CLIENT_H
#define RF_SERVE_CLIENT_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    pid_t pid;
    int port;
    char token[64];
    char url[512];
    char err_path[64]; /* the server's stderr */
    char log[8192];    /* its start, read by serve_stop */
} served;

/* Starts `relocfund serve scenario --port 0` (extra: one more option or
 * NULL) and waits for its line.  Fails the test when it prints none. */
static inline void serve_start(served *sv, const char *scenario, const char *extra)
{
    memset(sv, 0, sizeof *sv);
    int out[2];
    cr_assert_eq(pipe(out), 0);
    snprintf(sv->err_path, sizeof sv->err_path, "/tmp/rf-serve-err-XXXXXX");
    int errfd = mkstemp(sv->err_path);
    cr_assert_geq(errfd, 0);
    sv->pid = fork();
    cr_assert_geq(sv->pid, 0);
    if (sv->pid == 0) {
        dup2(out[1], 1);
        dup2(errfd, 2);
        close(out[0]);
        if (chdir(RF_SOURCE_DIR) != 0)
            _exit(127);
        if (extra)
            execl(RF_CLI_PATH, "relocfund", "serve", scenario, "--port", "0", extra, (char *)NULL);
        else
            execl(RF_CLI_PATH, "relocfund", "serve", scenario, "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    close(errfd);
    FILE *f = fdopen(out[0], "r");
    char line[512] = "";
    struct pollfd pfd = {out[0], POLLIN, 0};
    cr_assert_gt(poll(&pfd, 1, 60000), 0, "relocfund serve printed nothing in 60 s");
    cr_assert_not_null(fgets(line, sizeof line, f), "relocfund serve printed no line");
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    snprintf(sv->url, sizeof sv->url, "%s", line);
    const char *slash = strstr(line, "/?token=");
    const char *colon = slash ? slash : line;
    while (colon > line && *colon != ':')
        colon--;
    cr_assert(strncmp(line, "http://", 7) == 0 && slash && *colon == ':' &&
                  sscanf(colon, ":%d/?token=%63s", &sv->port, sv->token) == 2,
              "unexpected line: %s", line);
    cr_assert_eq(strlen(sv->token), 32, "token %s", sv->token);
}

/* Stops the server with sig and returns its exit code (-1: died of a
 * signal); its stderr is then in sv->log. */
static inline int serve_stop(served *sv, int sig)
{
    kill(sv->pid, sig);
    int status = 0;
    /* Up to 60 s: under ASan on a loaded machine, the leak check at exit
     * alone can take several seconds.  A server that does not exit by then
     * is killed and reported as not exiting 0. */
    for (int i = 0; i < 3000; i++) {
        pid_t r = waitpid(sv->pid, &status, WNOHANG);
        if (r == sv->pid)
            break;
        if (i == 2999) {
            kill(sv->pid, SIGKILL);
            waitpid(sv->pid, &status, 0);
        }
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    }
    FILE *e = fopen(sv->err_path, "r");
    size_t got = e ? fread(sv->log, 1, sizeof sv->log - 1, e) : 0;
    sv->log[got] = '\0';
    if (e)
        fclose(e);
    unlink(sv->err_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline int serve_connect(const served *sv)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)sv->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "connect: %s", strerror(errno));
    struct timeval tv = {60, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static inline bool send_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = send(fd, data, len, MSG_NOSIGNAL);
        if (w <= 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* An HTTP response: status, headers and body (NUL-terminated). */
typedef struct {
    int status;
    char *head;
    char *body;
    size_t body_len;
} http_reply;

static inline void http_reply_free(http_reply *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* Reads a whole response (the server closes after it: Connection: close). */
static inline http_reply read_reply(int fd)
{
    http_reply r = {0};
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (len == cap)
            buf = realloc(buf, (cap *= 2) + 1);
        ssize_t got = recv(fd, buf + len, cap - len, 0);
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    buf[len] = '\0';
    char *end = strstr(buf, "\r\n\r\n");
    if (!end || sscanf(buf, "HTTP/1.%*d %d", &r.status) != 1) {
        r.status = 0;
        r.head = buf;
        r.body = strdup("");
        return r;
    }
    *end = '\0';
    r.head = strdup(buf);
    r.body_len = len - (size_t)(end + 4 - buf);
    r.body = malloc(r.body_len + 1);
    memcpy(r.body, end + 4, r.body_len);
    r.body[r.body_len] = '\0';
    free(buf);
    return r;
}

/* Sends a raw request text and reads the reply. */
static inline http_reply http_raw(const served *sv, const char *text, size_t len)
{
    int fd = serve_connect(sv);
    cr_assert(send_all(fd, text, len), "send failed");
    http_reply r = read_reply(fd);
    close(fd);
    return r;
}

/* method url with the right Host and token (token NULL: the server's;
 * "" : none) and body (may be NULL). */
static inline http_reply http_call(const served *sv, const char *method, const char *url,
                            const char *token, const char *body)
{
    if (!token)
        token = sv->token;
    size_t blen = body ? strlen(body) : 0;
    char *req = NULL;
    int n = asprintf(&req,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s%s%sConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     method, url, sv->port, *token ? "X-Relocfund-Token: " : "", token,
                     *token ? "\r\n" : "", blen, body ? body : "");
    cr_assert_gt(n, 0);
    http_reply r = http_raw(sv, req, (size_t)n);
    free(req);
    return r;
}

/* The request body {"set": [sets...]} (JSON-escaped). */
static inline char *set_body(const char *const *sets, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fputs("{\"set\": [", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", \"" : "\"", f);
        for (const char *p = sets[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                fputc('\\', f);
            fputc(*p, f);
        }
        fputc('"', f);
    }
    fputs("]}", f);
    fclose(f);
    return buf;
}

#endif
