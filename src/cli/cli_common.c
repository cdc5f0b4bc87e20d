/* cli_common: the one place that writes messages, and atomic output files. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "rf_escape.h"
#include "rf_file.h"

/* Prints "relocfund: KIND: TEXT" on stderr, with any control character
 * of TEXT (a file name, an id quoted from a file) made visible
 * (rf_text_safe) so that a message cannot act on the terminal. */
/* "relocfund: KIND: TEXT", the text made safe for a terminal, to out. */
static void write_message(FILE *out, const char *kind, const char *text)
{
    fprintf(out, "relocfund: %s: ", kind);
    rf_text_safe(out, text, false);
}

static void put_message(const char *kind, const char *text)
{
    write_message(stderr, kind, text);
    fputc('\n', stderr);
}

/* write_message into buf (truncated to size); returns buf. */
static char *message_line(char *buf, size_t size, const char *kind, const char *text)
{
    FILE *f = fmemopen(buf, size, "w");
    buf[0] = '\0';
    if (f) {
        write_message(f, kind, text);
        fclose(f);
    }
    buf[size - 1] = '\0';
    return buf;
}

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
    char buf[4096];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    char *big = n >= (int)sizeof buf ? malloc((size_t)n + 1) : NULL;
    if (big)
        vsnprintf(big, (size_t)n + 1, fmt, again);
    va_end(again);
    put_message(kind, big ? big : buf);
    free(big);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("error", fmt, ap);
    va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("warning", fmt, ap);
    va_end(ap);
}

void cli_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("note", fmt, ap);
    va_end(ap);
}

void cli_note_warnings(const char *file, size_t n, bool more)
{
    if (file)
        cli_note(cli_msg(CLI_MSG_MORE_WARNINGS), file, n, more ? "more " : "", n == 1 ? "" : "s",
                 file);
    else
        cli_note(cli_msg(CLI_MSG_COUNTY_WARNINGS), n,
                 n == 1 ? "y" : "ies");
}

static const char *severity_word(rf_severity s)
{
    switch (s) {
    case RF_SEV_ERROR:
        return "error";
    case RF_SEV_WARNING:
        return "warning";
    default:
        return "note";
    }
}

char *cli_diag_line(char *buf, size_t size, const rf_diag *d, bool chinese)
{
    char where[2048];
    rf_format_location(where, sizeof where, d->file, d->line, d->column, d->path,
                       chinese ? d->message_zh : d->message);
    return message_line(buf, size, severity_word(d->severity), where);
}

void cli_print_diag(const rf_diag *d)
{
    char buf[2048];
    rf_format_location(buf, sizeof buf, d->file, d->line, d->column, d->path,
                       cli_messages_chinese() ? d->message_zh : d->message);
    put_message(severity_word(d->severity), buf);
}

void cli_print_diags(const rf_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        cli_print_diag(&d->items[i]);
}

const char *cli_error_text(const rf_error *e)
{
    return cli_messages_chinese() && e->message_zh[0] ? e->message_zh : e->message;
}

char *cli_error_line(char *buf, size_t size, const rf_error *e, bool chinese)
{
    char where[2048];
    rf_format_location(where, sizeof where, e->file, e->line, e->column, e->path,
                       chinese && e->message_zh[0] ? e->message_zh : e->message);
    return message_line(buf, size, "error", where);
}

void cli_print_error(const rf_error *e)
{
    char buf[2048];
    rf_format_location(buf, sizeof buf, e->file, e->line, e->column, e->path, cli_error_text(e));
    put_message("error", buf);
}

/* The temporary file of the output being written, removed if a signal ends
 * the process before the rename (so no half-written file is left). */
static char *volatile pending_tmp;

static void remove_pending(int sig)
{
    if (pending_tmp)
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* What a file that is not a regular file is, for messages. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISCHR(m))
        return "a character device";
    return "not a regular file";
}

/* The special files an output may be written to as they are (the
 * stdout-like case): whatever standard output or standard error is
 * (-o /dev/stdout, /dev/fd/2), the discarding devices /dev/null, /dev/zero
 * and /dev/full (memory devices 1:3, 1:5, 1:7) and terminals (major 4, 5
 * and the pseudo-terminals 136-143).  Sets *std_fd to 1 or 2 when it is
 * standard output or error, else -1. */
static bool stdout_like(const struct stat *st, int *std_fd)
{
    *std_fd = -1;
    for (int fd = 1; fd <= 2; fd++) {
        struct stat s;
        if (fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino) {
            *std_fd = fd;
            return true;
        }
    }
    if (!S_ISCHR(st->st_mode))
        return false;
    unsigned maj = major(st->st_rdev), min = minor(st->st_rdev);
    return (maj == 1 && (min == 3 || min == 5 || min == 7)) || maj == 4 || maj == 5 ||
           (maj >= 136 && maj <= 143);
}

/* The file a dangling symbolic link path leads to (following links in
 * links, up to 40), or a copy of path when it is not a link.  NULL with
 * errno set when a link cannot be read or the chain is too long. */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (hops == 40) {
            free(cur);
            errno = ELOOP;
            return NULL;
        }
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        const char *slash = strrchr(cur, '/');
        size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, cur, dir);
            memcpy(next + dir, link, (size_t)n + 1);
        }
        free(cur);
        cur = next;
    }
    return NULL;
}

/* A fresh temporary file beside target, named ".NAME.XXXXXX" with NAME cut
 * so that the name fits wherever target's fits (NAME_MAX of the folder,
 * PATH_MAX), created with mode (the umask applies).  Sets o->tmp_path and
 * returns the descriptor, or -1 with errno set. */
static int make_temp(cli_output *o, const char *target, mode_t mode)
{
    const char *slash = strrchr(target, '/');
    size_t dir_len = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dir_len;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", dir_len ? (int)dir_len : 1, dir_len ? target : ".");
    long name_max = pathconf(dir, _PC_NAME_MAX);
    if (name_max <= 0 || name_max > 255)
        name_max = 255;
    size_t room = (size_t)name_max;
    if (dir_len + room + 1 > PATH_MAX)
        room = PATH_MAX - 1 - dir_len;
    size_t keep = strlen(base);
    if (keep + 8 > room)
        keep = room > 9 ? room - 8 : 1;
    size_t n = dir_len + keep + 9;
    o->tmp_path = malloc(n);
    if (!o->tmp_path) {
        errno = ENOMEM;
        return -1;
    }
    static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    unsigned long long r = (unsigned long long)now.tv_nsec * 6364136223846793005ULL ^
                           (unsigned long long)getpid() << 32 ^ (unsigned long long)now.tv_sec;
    for (int attempt = 0; attempt < 100; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            suffix[i] = ALNUM[(r >> 33) % (sizeof ALNUM - 1)];
        }
        suffix[6] = '\0';
        snprintf(o->tmp_path, n, "%.*s.%.*s.%s", (int)dir_len, target, (int)keep, base, suffix);
        int fd = open(o->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Opens a special file as it is, for stdout_like targets. */
static bool open_special(cli_output *o, const char *path, int std_fd)
{
    int fd = std_fd >= 0 ? dup(std_fd) : open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    return true;
}

bool cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    o->path = path;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        return false;
    }
    int std_fd = -1;
    if (exists && stdout_like(&st, &std_fd))
        return open_special(o, path, std_fd);
    if (exists && !S_ISREG(st.st_mode)) {
        cli_error("%s: cannot write: it is %s; relocfund writes to regular files, standard "
                  "output (-o - or /dev/stdout), /dev/null and terminals only",
                  path, file_kind(st.st_mode));
        return false;
    }
    if (exists && rf_file_is_input(st.st_dev, st.st_ino)) {
        cli_error("%s: cannot write: it is an input of this run and would be replaced; choose "
                  "another output file",
                  path);
        return false;
    }
    if (exists && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0) {
        cli_error("%s: cannot write: %s; relocfund does not replace a file you may not write",
                  path, errno == EACCES ? "the file is read-only" : strerror(errno));
        return false;
    }
    /* The file itself, not a symbolic link to it, is replaced. */
    char *target = exists ? realpath(path, NULL) : follow_links(path);
    if (!target) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        return false;
    }
    int fd = make_temp(o, target, exists ? 0600 : 0666);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        free(target);
        free(o->tmp_path);
        o->tmp_path = NULL;
        return false;
    }
    o->target = target;
    if (exists) {
        /* The replacement keeps the owner (where allowed) and the mode. */
        if (fchown(fd, st.st_uid, st.st_gid) != 0 && geteuid() == 0)
            cli_warning("%s: cannot keep the owner: %s", path, strerror(errno));
        fchmod(fd, st.st_mode & 0777);
    }
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp_path);
        cli_output_abort(o);
        return false;
    }
    pending_tmp = o->tmp_path;
    signal(SIGINT, remove_pending);
    signal(SIGTERM, remove_pending);
    signal(SIGHUP, remove_pending);
    signal(SIGPIPE, remove_pending);
    return true;
}

const char *cli_output_name(const cli_output *o)
{
    return o->tmp_path ? o->tmp_path : o->path;
}

void cli_output_abort(cli_output *o)
{
    if (!o->tmp_path && o->fp && o->fp != stdout)
        fclose(o->fp);
    if (o->tmp_path) {
        if (o->fp)
            fclose(o->fp);
        unlink(o->tmp_path);
        pending_tmp = NULL;
        free(o->tmp_path);
    }
    free(o->target);
    memset(o, 0, sizeof *o);
}

bool cli_output_commit(cli_output *o)
{
    if (!o->tmp_path) {
        FILE *fp = o->fp ? o->fp : stdout;
        bool failed = fflush(fp) != 0 || ferror(fp);
        int failed_errno = errno ? errno : EIO;
        if (fp != stdout && fclose(fp) != 0 && !failed) {
            failed = true;
            failed_errno = errno;
        }
        o->fp = NULL;
        if (failed)
            cli_error("%s: cannot write: %s", o->path ? o->path : "standard output",
                      strerror(failed_errno));
        return !failed;
    }
    int failed_errno = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        failed_errno = errno ? errno : EIO;
    else if (fsync(fileno(o->fp)) != 0 && errno != EINVAL)
        failed_errno = errno;
    if (fclose(o->fp) != 0 && !failed_errno)
        failed_errno = errno;
    o->fp = NULL;
    if (!failed_errno && rename(o->tmp_path, o->target) != 0)
        failed_errno = errno;
    if (failed_errno) {
        cli_error("%s: cannot write: %s", o->path, strerror(failed_errno));
        unlink(o->tmp_path);
    }
    pending_tmp = NULL;
    free(o->tmp_path);
    o->tmp_path = NULL;
    free(o->target);
    o->target = NULL;
    return failed_errno == 0;
}
