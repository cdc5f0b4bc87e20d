/* Hostile files (issue 14): every case is built at run time in a fresh
 * folder (device nodes where the user may make them, FIFOs, sockets,
 * symbolic links, deep and exponential reference graphs, crafted ids), and
 * each test checks the exit code, the message, that no target or input
 * changed and that no temporary file is left.  A command that could hang
 * (a FIFO) runs with a timeout, so a regression fails instead of hanging;
 * bounded work is checked by the work done, never by the wall clock.
 * docs/testing.md ("Hostile files") lists the cases. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "support.h"

/* The folder of a test: a copy of the example county (scenarios/... and
 * models/, so that its relative policy path holds) that anyone may read. */
static char dir[256];
#define COUNTY "scenarios/example-county/2016.json"
#define ROSTER "scenarios/example-county/roster-2016.csv"
#define POLICY "models/example-county.json"
#define NOBODY 65534L

static void make_dir(void)
{
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-hostile"));
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "mkdir -p scenarios && cp -r '%s/scenarios/example-county' scenarios/ && "
             "cp -r '%s/models' . && chmod -R a+rX . && chmod 777 .",
             RF_SOURCE_DIR, RF_SOURCE_DIR);
    rf_run_result r = rf_run_shell(dir, cmd, NULL, 30);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
}

static void remove_dir(void)
{
    rf_remove_tree(dir);
}

/* dir/name in buf. */
static const char *in_dir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* Runs the CLI in dir with a timeout (a hang fails the test). */
static rf_run_result run_in_dir(const char *const *argv)
{
    rf_run_opts o = {.dir = dir, .timeout_s = 60, .umask = -1};
    rf_run_result r = rf_run_cli_with(&o, argv);
    cr_expect(!r.timed_out, "relocfund %s did not finish (a FIFO waited?)", argv[0]);
    return r;
}

/* Expects exit code `code` and `message` in stderr. */
static void expect_failure(const rf_run_result *r, int code, const char *message)
{
    cr_expect_eq(r->exit_code, code, "exit %d, expected %d; stderr:\n%s", r->exit_code, code,
                 r->err);
    cr_expect(strstr(r->err, message), "expected \"%s\" in:\n%s", message, r->err);
}

/* Expects no temporary output file (".NAME.XXXXXX") anywhere in dir/sub. */
static void expect_no_temporary(const char *sub)
{
    char path[512];
    DIR *d = opendir(in_dir(path, sizeof path, sub));
    cr_assert_not_null(d, "%s", path);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        cr_expect(!(e->d_name[0] == '.' && n > 8 && e->d_name[n - 7] == '.'),
                  "temporary file left behind: %s/%s", path, e->d_name);
    }
    closedir(d);
}

/* The bytes of dir/name (NULL when it cannot be read). */
static char *contents(const char *name)
{
    char path[512];
    return rf_read_file(in_dir(path, sizeof path, name), NULL);
}

static mode_t mode_of(const char *name, bool follow)
{
    char path[512];
    struct stat st;
    in_dir(path, sizeof path, name);
    cr_assert_eq(follow ? stat(path, &st) : lstat(path, &st), 0, "%s", path);
    return st.st_mode;
}

static void write_text(const char *name, const char *text)
{
    char path[512];
    FILE *f = fopen(in_dir(path, sizeof path, name), "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* ---- outputs ---- */

Test(hostile, export_to_a_fifo_is_refused_and_the_fifo_stays, .init = make_dir, .fini = remove_dir)
{
    char fifo[512];
    cr_assert_eq(mkfifo(in_dir(fifo, sizeof fifo, "pipe"), 0666), 0);
    static const char *const flags[] = {"--lp", "--mps", "--gmpl-data"};
    for (size_t i = 0; i < 3; i++) {
        const char *argv[] = {"export", COUNTY, flags[i], "pipe", NULL};
        rf_run_result r = run_in_dir(argv);
        expect_failure(&r, 4, "pipe: cannot write: it is a FIFO (named pipe)");
        cr_expect(S_ISFIFO(mode_of("pipe", false)), "%s replaced the FIFO", flags[i]);
        rf_run_free(&r);
    }
    const char *argv[] = {"solve", COUNTY, "-o", "pipe", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 4, "it is a FIFO (named pipe)");
    rf_run_free(&r);
    expect_no_temporary(".");
}

Test(hostile, a_socket_a_block_device_and_an_unknown_device_are_refused, .init = make_dir,
     .fini = remove_dir)
{
    char path[512];
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    in_dir(path, sizeof path, "sock");
    cr_assert_lt(strlen(path), sizeof a.sun_path);
    memcpy(a.sun_path, path, strlen(path) + 1);
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0, "%s", strerror(errno));
    const char *argv[] = {"solve", COUNTY, "-o", "sock", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 4, "sock: cannot write: it is a socket");
    cr_expect(S_ISSOCK(mode_of("sock", false)));
    rf_run_free(&r);
    close(fd);
    /* Device numbers nothing answers to (a block device 7:255, a character
     * device of the experimental major 240): refused before any open. */
    if (mknod(in_dir(path, sizeof path, "blk"), S_IFBLK | 0666, makedev(7, 255)) != 0 ||
        mknod(in_dir(path, sizeof path, "chr"), S_IFCHR | 0666, makedev(240, 0)) != 0)
        cr_skip_test("making a device node needs root (CAP_MKNOD): %s", strerror(errno));
    const char *argv2[] = {"export", COUNTY, "--lp", "blk", NULL};
    r = run_in_dir(argv2);
    expect_failure(&r, 4, "blk: cannot write: it is a block device");
    cr_expect(S_ISBLK(mode_of("blk", false)));
    rf_run_free(&r);
    const char *argv3[] = {"solve", COUNTY, "-o", "chr", NULL};
    r = run_in_dir(argv3);
    expect_failure(&r, 4, "chr: cannot write: it is a character device");
    cr_expect(S_ISCHR(mode_of("chr", false)));
    rf_run_free(&r);
    expect_no_temporary(".");
}

Test(hostile, a_private_null_device_is_written_as_a_device_by_export, .init = make_dir,
     .fini = remove_dir)
{
    char path[512];
    if (mknod(in_dir(path, sizeof path, "mynull"), S_IFCHR | 0666, makedev(1, 3)) != 0)
        cr_skip_test("making a device node needs root (CAP_MKNOD): %s", strerror(errno));
    const char *argv[] = {"export", COUNTY, "--lp", "mynull", "--mps", "mynull", NULL};
    rf_run_result r = run_in_dir(argv);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(S_ISCHR(mode_of("mynull", false)), "export replaced the device");
    rf_run_free(&r);
    expect_no_temporary(".");
}

Test(hostile, an_output_that_is_an_input_of_the_run_is_refused, .init = make_dir,
     .fini = remove_dir)
{
    char *county = contents(COUNTY), *policy = contents(POLICY), *roster = contents(ROSTER);
    char a[512], b[512];
    cr_assert_eq(link(in_dir(a, sizeof a, COUNTY), in_dir(b, sizeof b, "hard.json")), 0);
    cr_assert_eq(symlink(COUNTY, in_dir(b, sizeof b, "soft.json")), 0);
    const char *cases[][10] = {
        {"solve", COUNTY, "-o", COUNTY, NULL},
        {"solve", COUNTY, "-o", "hard.json", NULL},
        {"solve", COUNTY, "-o", "soft.json", NULL},
        {"solve", COUNTY, "-o", POLICY, NULL},
        {"export", COUNTY, "--lp", POLICY, NULL},
        {"whatif", COUNTY, "--set", "sources.policy_loans.arrived=1", "-o", COUNTY, NULL},
        {"audit", ROSTER, "--scenario", COUNTY, "--as-of", "2017-06-30", "-o", ROSTER, NULL},
        {"audit", ROSTER, "--scenario", COUNTY, "--as-of", "2017-06-30", "-o", POLICY, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rf_run_result r = run_in_dir(cases[i]);
        expect_failure(&r, 4, "cannot write: it is an input of this run and would be replaced");
        rf_run_free(&r);
    }
    char *c2 = contents(COUNTY), *p2 = contents(POLICY), *r2 = contents(ROSTER);
    cr_expect_str_eq(c2, county, "the scenario changed");
    cr_expect_str_eq(p2, policy, "the policy changed");
    cr_expect_str_eq(r2, roster, "the roster changed");
    cr_expect(S_ISLNK(mode_of("soft.json", false)));
    free(county), free(policy), free(roster), free(c2), free(p2), free(r2);
    expect_no_temporary(".");
    expect_no_temporary("scenarios/example-county");
    expect_no_temporary("models");
}

Test(hostile, a_new_report_follows_the_umask_and_an_old_one_keeps_its_mode, .init = make_dir,
     .fini = remove_dir)
{
    rf_run_opts o = {.dir = dir, .timeout_s = 60, .umask = 077};
    const char *argv[] = {"solve", COUNTY, "-o", "new.txt", NULL};
    rf_run_result r = rf_run_cli_with(&o, argv);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    cr_expect_eq(mode_of("new.txt", false) & 0777, 0600, "umask 077: %o",
                 mode_of("new.txt", false) & 0777);
    rf_run_free(&r);
    o.umask = 022;
    const char *argv2[] = {"export", COUNTY, "--lp", "m.lp", NULL};
    r = rf_run_cli_with(&o, argv2);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    cr_expect_eq(mode_of("m.lp", false) & 0777, 0644, "%o", mode_of("m.lp", false) & 0777);
    cr_expect_eq(mode_of("m.lp.names.csv", false) & 0777, 0644);
    rf_run_free(&r);
    /* An existing 600 report stays 600 under umask 022; a 640 one, 640. */
    write_text("old.csv", "old\n");
    write_text("old.lp", "old\n");
    char path[512];
    cr_assert_eq(chmod(in_dir(path, sizeof path, "old.csv"), 0600), 0);
    cr_assert_eq(chmod(in_dir(path, sizeof path, "old.lp"), 0640), 0);
    const char *argv3[] = {"solve", COUNTY, "-o", "old.csv", NULL};
    r = rf_run_cli_with(&o, argv3);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    const char *argv4[] = {"export", COUNTY, "--lp", "old.lp", NULL};
    r = rf_run_cli_with(&o, argv4);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    cr_expect_eq(mode_of("old.csv", false) & 0777, 0600, "%o", mode_of("old.csv", false) & 0777);
    cr_expect_eq(mode_of("old.lp", false) & 0777, 0640, "%o", mode_of("old.lp", false) & 0777);
    char *text = contents("old.csv");
    cr_expect(text && strncmp(text, "old", 3) != 0, "the report was not written");
    free(text);
    expect_no_temporary(".");
}

Test(hostile, a_symbolic_link_is_followed_to_its_file, .init = make_dir, .fini = remove_dir)
{
    char path[512];
    write_text("real.txt", "old\n");
    cr_assert_eq(symlink("real.txt", in_dir(path, sizeof path, "link.txt")), 0);
    cr_assert_eq(symlink("made.txt", in_dir(path, sizeof path, "dangling.txt")), 0);
    const char *argv[] = {"solve", COUNTY, "-o", "link.txt", NULL};
    rf_run_result r = run_in_dir(argv);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    cr_expect(S_ISLNK(mode_of("link.txt", false)), "-o link replaced the link");
    char *text = contents("real.txt");
    cr_expect(text && strstr(text, "example-county-2016"), "the link's file was not written");
    free(text);
    const char *argv2[] = {"solve", COUNTY, "-o", "dangling.txt", NULL};
    r = run_in_dir(argv2);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    cr_expect(S_ISLNK(mode_of("dangling.txt", false)));
    cr_expect(S_ISREG(mode_of("made.txt", false)), "the file a dangling link names is made");
    expect_no_temporary(".");
}

Test(hostile, a_read_only_report_is_not_replaced_by_its_non_root_user, .init = make_dir,
     .fini = remove_dir)
{
    if (geteuid() != 0)
        cr_skip_test("dropping to another user needs root; as this user the 444 case is "
                     "hostile::a_read_only_report_is_not_replaced_as_user");
    char path[512];
    write_text("ro.txt", "keep me\n");
    cr_assert_eq(chmod(in_dir(path, sizeof path, "ro.txt"), 0444), 0);
    rf_run_opts o = {.dir = dir, .timeout_s = 60, .umask = -1, .uid = NOBODY};
    const char *argv[] = {"solve", COUNTY, "-o", "ro.txt", NULL};
    rf_run_result r = rf_run_cli_with(&o, argv);
    if (r.exit_code == 125)
        cr_skip_test("cannot drop privileges to uid %ld here", NOBODY);
    expect_failure(&r, 4, "ro.txt: cannot write: the file is read-only");
    rf_run_free(&r);
    char *text = contents("ro.txt");
    cr_expect_str_eq(text, "keep me\n");
    free(text);
    cr_expect_eq(mode_of("ro.txt", false) & 0777, 0444);
    expect_no_temporary(".");
}

Test(hostile, a_read_only_report_is_not_replaced_as_user, .init = make_dir, .fini = remove_dir)
{
    if (geteuid() == 0)
        cr_skip_test("root may write any file; hostile::a_read_only_report_is_not_replaced_by_"
                     "its_non_root_user drops to uid %ld instead",
                     NOBODY);
    char path[512];
    write_text("ro.txt", "keep me\n");
    cr_assert_eq(chmod(in_dir(path, sizeof path, "ro.txt"), 0444), 0);
    const char *argv[] = {"solve", COUNTY, "-o", "ro.txt", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 4, "ro.txt: cannot write: the file is read-only");
    rf_run_free(&r);
    char *text = contents("ro.txt");
    cr_expect_str_eq(text, "keep me\n");
    free(text);
}

Test(hostile, a_name_of_250_bytes_is_written, .init = make_dir, .fini = remove_dir)
{
    char name[256];
    memset(name, 'a', 246);
    memcpy(name + 246, ".txt", 5);
    const char *argv[] = {"solve", COUNTY, "-o", name, NULL};
    rf_run_result r = run_in_dir(argv);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    cr_expect(S_ISREG(mode_of(name, false)));
    expect_no_temporary(".");
}

Test(hostile, a_directory_is_refused_and_dev_stdout_is_standard_output, .init = make_dir,
     .fini = remove_dir)
{
    const char *argv[] = {"solve", COUNTY, "-o", "models", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 4, "models: cannot write: it is a directory");
    rf_run_free(&r);
    const char *argv2[] = {"solve", COUNTY, "-o", "/dev/stdout", NULL};
    r = run_in_dir(argv2);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    cr_expect(strstr(r.out, "example-county-2016"), "%s", r.out);
    rf_run_free(&r);
}

/* ---- inputs: a FIFO reached by reference is refused, never waited on ---- */

/* A scenario text: the example county with one member changed (the text
 * from `key` to the end of its line replaced by `value`). */
static void write_variant(const char *name, const char *key, const char *value)
{
    char *text = contents(COUNTY);
    cr_assert_not_null(text);
    char *at = strstr(text, key);
    cr_assert_not_null(at, "%s", key);
    char *eol = strchr(at, '\n');
    char path[512];
    FILE *f = fopen(in_dir(path, sizeof path, name), "w");
    fprintf(f, "%.*s%s%s", (int)(at - text), text, value, eol);
    fclose(f);
    free(text);
}

Test(hostile, a_fifo_reached_by_reference_is_refused, .init = make_dir, .fini = remove_dir)
{
    char path[512];
    cr_assert_eq(mkfifo(in_dir(path, sizeof path, "scenarios/example-county/fifo.json"), 0666), 0);
    cr_assert_eq(mkfifo(in_dir(path, sizeof path, "fifo.csv"), 0666), 0);
    write_variant("scenarios/example-county/policy-fifo.json", "\"policy\":",
                  "\"policy\": \"fifo.json\",");
    write_text("scenarios/example-county/extends-fifo.json", "{\"extends\": \"fifo.json\"}\n");
    write_text("scenarios/example-county/includes-fifo.json",
               "{\"format\": \"relocfund-scenario/1\", \"id\": \"x\", \"includes\": "
               "[\"fifo.json\"]}\n");
    const char *cases[][6] = {
        {"validate", "scenarios/example-county/policy-fifo.json", NULL},
        {"validate", "scenarios/example-county/extends-fifo.json", NULL},
        {"solve", "scenarios/example-county/includes-fifo.json", NULL},
        {"solve", COUNTY, "--set", "policy=\"scenarios/example-county/fifo.json\"", NULL},
        {"audit", "fifo.csv", "--scenario", COUNTY, NULL},
        {"compare", COUNTY, "scenarios/example-county/fifo.json", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rf_run_result r = run_in_dir(cases[i]);
        expect_failure(&r, 2, "is not a regular file (a device, pipe or socket)");
        rf_run_free(&r);
    }
    cr_expect(S_ISFIFO(mode_of("fifo.csv", false)));
}
