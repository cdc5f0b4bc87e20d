/* Test shim (LD_PRELOAD), built by tests/test_report_formats.c: stops the
 * process with SIGSTOP in the middle of writing a report, at the first
 * fputs/fputc to a temporary output file (".NAME.XXXXXX") that already
 * holds at least 4096 bytes, so a test can kill it mid-write. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fputs(const char *s, FILE *f);
int fputc(int c, FILE *f);

static int stopped;

static void maybe_stop(FILE *f)
{
    if (stopped || !f)
        return;
    int fd = fileno(f);
    struct stat st;
    if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 4096)
        return;
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return;
    target[n] = '\0';
    const char *base = strrchr(target, '/');
    if (base && base[1] == '.') {
        stopped = 1;
        raise(SIGSTOP);
    }
}

int fputs(const char *s, FILE *f)
{
    static int (*real)(const char *, FILE *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fputs");
    maybe_stop(f);
    return real(s, f);
}

int fputc(int c, FILE *f)
{
    static int (*real)(int, FILE *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fputc");
    maybe_stop(f);
    return real(c, f);
}
