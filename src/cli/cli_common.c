/* cli_common: the one place that writes messages, and atomic output files. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "relocfund: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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
        cli_note("%s: %zu %swarning%s; 'relocfund validate %s' lists them", file, n,
                 more ? "more " : "", n == 1 ? "" : "s", file);
    else
        cli_note("%zu count%s had warnings; 'relocfund validate FILE' lists them", n,
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

void cli_print_diag(const rf_diag *d)
{
    char buf[2048];
    rf_format_location(buf, sizeof buf, d->file, d->line, d->column, d->path, d->message);
    fprintf(stderr, "relocfund: %s: %s\n", severity_word(d->severity), buf);
}

void cli_print_diags(const rf_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        cli_print_diag(&d->items[i]);
}

void cli_print_error(const rf_error *e)
{
    char buf[2048];
    rf_format_location(buf, sizeof buf, e->file, e->line, e->column, e->path, e->message);
    fprintf(stderr, "relocfund: error: %s\n", buf);
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

bool cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    o->path = path;
    /* A device or a pipe (/dev/null, a FIFO) is written as it is: renaming a
     * temporary file over it would replace it, and there is no half-written
     * file to fear. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        o->fp = fopen(path, "w");
        if (!o->fp) {
            cli_error("%s: cannot write: %s", path, strerror(errno));
            return false;
        }
        return true;
    }
    size_t n = strlen(path) + 32;
    o->tmp_path = malloc(n);
    if (!o->tmp_path) {
        cli_error("%s: cannot write: out of memory", path);
        return false;
    }
    /* Same folder as the target, so that rename() is atomic. */
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(o->tmp_path, n, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
    else
        snprintf(o->tmp_path, n, ".%s.XXXXXX", path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        return false;
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
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
    if (!failed_errno && rename(o->tmp_path, o->path) != 0)
        failed_errno = errno;
    if (failed_errno) {
        cli_error("%s: cannot write: %s", o->path, strerror(failed_errno));
        unlink(o->tmp_path);
    }
    pending_tmp = NULL;
    free(o->tmp_path);
    o->tmp_path = NULL;
    return failed_errno == 0;
}
