/* Test support: runs the CLI as a child process and captures its output;
 * loads scenarios for the engine suites. */
#define _DEFAULT_SOURCE
#include "support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *slurp_fd(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Runs file with argv (argv[0] is the program name) in folder dir, stdin
 * from /dev/null, stdout and stderr captured.  path_prefix (or NULL) goes in
 * front of PATH.  With timeout_s > 0 the child's process group is killed
 * after that many seconds (exit_code -1, timed_out true). */
static rf_run_result run_capture(const char *dir, const char *file, char *const *argv,
                                 const char *path_prefix, unsigned timeout_s, int mask,
                                 long uid)
{
    rf_run_result res = {-1, NULL, 0, NULL, 0, false};
    char out_path[] = "/tmp/rf-test-out-XXXXXX";
    char err_path[] = "/tmp/rf-test-err-XXXXXX";
    int out_fd = mkstemp(out_path);
    int err_fd = mkstemp(err_path);
    pid_t pid = fork();
    if (pid == 0) {
        if (timeout_s > 0) /* its own group, so that a timeout kills what it started */
            setpgid(0, 0);
        if (mask >= 0)
            umask((mode_t)mask);
        if (uid > 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)uid) != 0 ||
                        setuid((uid_t)uid) != 0))
            _exit(125);
        if (chdir(dir) != 0)
            _exit(126);
        if (path_prefix) {
            const char *old = getenv("PATH");
            size_t n = strlen(path_prefix) + (old ? strlen(old) : 0) + 2;
            char *path = malloc(n);
            snprintf(path, n, "%s%s%s", path_prefix, old ? ":" : "", old ? old : "");
            setenv("PATH", path, 1);
        }
        int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execv(file, argv);
        _exit(127);
    }
    int status = 0;
    if (timeout_s == 0) {
        waitpid(pid, &status, 0);
    } else {
        /* Poll, backing off from 1 ms to 20 ms: commands take milliseconds. */
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        long nap_ms = 1;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - start.tv_sec >= (time_t)timeout_s) {
                kill(-pid, SIGKILL);
                waitpid(pid, &status, 0);
                res.timed_out = true;
                break;
            }
            struct timespec nap = {0, nap_ms * 1000000L};
            nanosleep(&nap, NULL);
            if (nap_ms < 20)
                nap_ms *= 2;
        }
    }
    res.exit_code = WIFEXITED(status) && !res.timed_out ? WEXITSTATUS(status) : -1;
    lseek(out_fd, 0, SEEK_SET);
    lseek(err_fd, 0, SEEK_SET);
    res.out = slurp_fd(out_fd, &res.out_len);
    res.err = slurp_fd(err_fd, &res.err_len);
    close(out_fd);
    close(err_fd);
    unlink(out_path);
    unlink(err_path);
    return res;
}

rf_run_result rf_run_cli(const char *const *argv)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    const char **args = calloc(argc + 2, sizeof *args);
    args[0] = RF_CLI_PATH;
    for (size_t i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    rf_run_result res = run_capture(RF_SOURCE_DIR, RF_CLI_PATH, (char *const *)args, NULL, 0, -1, 0);
    free(args);
    return res;
}

rf_run_result rf_run_cli_with(const rf_run_opts *o, const char *const *argv)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    const char **args = calloc(argc + 2, sizeof *args);
    args[0] = RF_CLI_PATH;
    for (size_t i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    rf_run_result res = run_capture(o->dir ? o->dir : RF_SOURCE_DIR, RF_CLI_PATH,
                                    (char *const *)args, NULL, o->timeout_s, o->umask, o->uid);
    free(args);
    return res;
}

rf_run_result rf_run_shell(const char *dir, const char *command, const char *path_prefix,
                           unsigned timeout_s)
{
    char *const argv[] = {"sh", "-c", (char *)command, NULL};
    return run_capture(dir, "/bin/sh", argv, path_prefix, timeout_s, -1, 0);
}

void rf_run_free(rf_run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

rf_run_result rf_run_expect(const char *const *argv, int code)
{
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, code, "relocfund %s: exit %d, expected %d; stderr:\n%s", argv[0],
                 r.exit_code, code, r.err);
    return r;
}

char *rf_read_file(const char *path, size_t *len)
{
    char full[4096];
    if (path[0] == '/')
        snprintf(full, sizeof full, "%s", path);
    else
        snprintf(full, sizeof full, "%s/%s", RF_SOURCE_DIR, path);
    int fd = open(full, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *text = slurp_fd(fd, len);
    close(fd);
    return text;
}

void rf_each_source(const char *const *dirs, size_t n, bool headers,
                    void (*each)(size_t k, const char *rel, const char *text, void *ctx),
                    void *ctx)
{
    for (size_t k = 0; k < n; k++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/src/%s", RF_SOURCE_DIR, dirs[k]);
        DIR *d = opendir(dir);
        cr_assert_not_null(d, "cannot list %s", dir);
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (len < 3 || (strcmp(e->d_name + len - 2, ".c") != 0 &&
                            (!headers || strcmp(e->d_name + len - 2, ".h") != 0)))
                continue;
            char rel[600];
            snprintf(rel, sizeof rel, "src/%s/%s", dirs[k], e->d_name);
            char *text = rf_read_file(rel, NULL);
            cr_assert_not_null(text, "cannot read %s", rel);
            each(k, rel, text, ctx);
            free(text);
        }
        closedir(d);
    }
}

char *rf_write_temp(const char *name_suffix, const char *text)
{
    char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "/tmp/rf-test-XXXXXX%s", name_suffix ? name_suffix : "");
    int fd = mkstemps(tmpl, name_suffix ? (int)strlen(name_suffix) : 0);
    if (fd < 0)
        return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) {
        close(fd);
        return NULL;
    }
    close(fd);
    return strdup(tmpl);
}

bool rf_temp_dir(char *dir, size_t size, const char *prefix)
{
    int n = snprintf(dir, size, "/tmp/%s-XXXXXX", prefix);
    return n > 0 && (size_t)n < size && mkdtemp(dir) != NULL;
}

bool rf_remove_tree(const char *dir)
{
    char cmd[600];
    int n = snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return n > 0 && (size_t)n < sizeof cmd && system(cmd) == 0;
}

rf_scenario *rf_test_load(const char *path)
{
    rf_diags diags = {0};
    rf_scenario *s = rf_scenario_load(path, NULL, &diags);
    cr_assert(s, "%s does not load: %s", path, diags.count ? diags.items[0].message : "");
    rf_diags_free(&diags);
    return s;
}

size_t rf_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

bool rf_html_page_parts(const char *html, char **summary, char **charts)
{
    const char *s1 = strstr(html, "<section id=\"s1\">\n<h2>");
    const char *body = s1 ? strstr(s1, "</h2>\n") : NULL;
    const char *end = body ? strstr(body, "</section>") : NULL;
    if (!end)
        return false;
    body += 6;
    *summary = strndup(body, (size_t)(end - body));
    size_t len = 0;
    FILE *f = open_memstream(charts, &len);
    if (!f || !*summary)
        abort();
    for (const char *p = strstr(html, "<figure class=\"chart"); p;
         p = strstr(p, "<figure class=\"chart")) {
        const char *e = strstr(p, "</figure>\n");
        if (!e)
            break;
        e += 10;
        fwrite(p, 1, (size_t)(e - p), f);
        p = e;
    }
    fclose(f);
    return true;
}
