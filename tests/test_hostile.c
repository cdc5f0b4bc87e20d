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
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "rf_audit.h"
#include "rf_file.h"
#include "rf_scenario.h"
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
    cr_assert_eq(mkfifo(in_dir(path, sizeof path, "fifo.xlsx"), 0666), 0);
    write_variant("scenarios/example-county/policy-fifo.json",
                  "\"policy\":", "\"policy\": \"fifo.json\",");
    write_text("scenarios/example-county/extends-fifo.json", "{\"extends\": \"fifo.json\"}\n");
    write_text("scenarios/example-county/includes-fifo.json",
               "{\"format\": \"relocfund-scenario/1\", \"id\": \"x\", \"includes\": "
               "[\"fifo.json\"]}\n");
    const char *cases[][8] = {
        {"validate", "scenarios/example-county/policy-fifo.json", NULL},
        {"validate", "scenarios/example-county/extends-fifo.json", NULL},
        {"solve", "scenarios/example-county/includes-fifo.json", NULL},
        {"solve", COUNTY, "--set", "policy=\"scenarios/example-county/fifo.json\"", NULL},
        {"audit", "fifo.csv", "--scenario", COUNTY, NULL},
        {"compare", COUNTY, "scenarios/example-county/fifo.json", NULL},
        {"audit", "fifo.xlsx", "--scenario", COUNTY, NULL},
        {"audit", ROSTER, "--scenario", COUNTY, "--columns", "fifo.csv", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rf_run_result r = run_in_dir(cases[i]);
        expect_failure(&r, 2, "is not a regular file (a device, pipe or socket)");
        rf_run_free(&r);
    }
    cr_expect(S_ISFIFO(mode_of("fifo.csv", false)));
}

/* ---- bounded work ---- */

/* Writes dir/scenarios/example-county/NAME (printf-formatted text). */
static void write_county_file(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void write_county_file(const char *name, const char *fmt, ...)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/example-county/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    cr_assert_eq(fclose(f), 0);
}

#define HEAD "{\"format\": \"relocfund-scenario/1\", \"id\": \"c%d\", "
#define PLAN "\"plan\": {\"registered_people\": 1475, \"synchronous_people\": 4814}"

Test(hostile, a_chain_of_5000_includes_or_extends_is_a_located_error, .init = make_dir,
     .fini = remove_dir)
{
    /* c0 is the county; c<i> includes (or extends) c<i-1>. */
    for (int i = 1; i <= 5000; i++) {
        char name[32], prev[32];
        snprintf(name, sizeof name, "c%d.json", i);
        snprintf(prev, sizeof prev, i == 1 ? "2016.json" : "c%d.json", i - 1);
        write_county_file(name, HEAD "\"includes\": [\"%s\"], " PLAN "}\n", i, prev);
        snprintf(name, sizeof name, "x%d.json", i);
        snprintf(prev, sizeof prev, i == 1 ? "2016.json" : "x%d.json", i - 1);
        write_county_file(name, "{\"extends\": \"%s\", \"id\": \"x%d\"}\n", prev, i);
    }
    const char *argv[] = {"validate", "scenarios/example-county/c5000.json", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 2,
                   "scenarios/example-county/c4937.json:1:64: includes[0]: "
                   "scenarios/example-county/c4936.json: files reference each other (extends, "
                   "includes) more than 64 deep, from scenarios/example-county/c5000.json");
    rf_run_free(&r);
    const char *argv2[] = {"solve", "scenarios/example-county/x5000.json", NULL};
    r = run_in_dir(argv2);
    expect_failure(&r, 2,
                   "x4937.json:1:13: extends: scenarios/example-county/x4936.json: files "
                   "reference each other (extends, includes) more than 64 deep");
    rf_run_free(&r);
    /* 64 deep is allowed */
    const char *argv3[] = {"validate", "scenarios/example-county/x63.json", NULL};
    r = run_in_dir(argv3);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
}

/* Loads dir/scenarios/example-county/NAME in this process; returns how
 * many files it opened (rf_file_opened) and the diagnostics in *d. */
static size_t opens_of_load(const char *name, rf_diags *d)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/example-county/%s", dir, name);
    size_t before = rf_file_opened();
    rf_scenario_free(rf_scenario_load(path, NULL, d));
    return rf_file_opened() - before;
}

Test(hostile, exponential_includes_take_work_linear_in_the_files, .init = make_dir,
     .fini = remove_dir)
{
    /* e<k> includes e<k-1> twice; a<k> and b<k> both include a<k-1> and
     * b<k-1> (2^30 paths, no file twice on one path).  Each file is read
     * once, and the second inclusion is the error. */
    write_county_file("e0.json", "{\"extends\": \"2016.json\", \"id\": \"e0\"}\n");
    write_county_file("a0.json", "{\"extends\": \"2016.json\", \"id\": \"a0\"}\n");
    write_county_file("b0.json", "{\"extends\": \"2017.json\", \"id\": \"b0\"}\n");
    for (int k = 1; k <= 30; k++) {
        char name[32];
        snprintf(name, sizeof name, "e%d.json", k);
        write_county_file(name, HEAD "\"includes\": [\"e%d.json\", \"e%d.json\"], " PLAN "}\n", k,
                          k - 1, k - 1);
        for (int ab = 0; ab < 2; ab++) {
            snprintf(name, sizeof name, "%c%d.json", "ab"[ab], k);
            write_county_file(name, HEAD "\"includes\": [\"a%d.json\", \"b%d.json\"], " PLAN "}\n",
                              k, k - 1, k - 1);
        }
    }
    rf_diags d = {0};
    size_t opens = opens_of_load("e30.json", &d);
    cr_expect_leq(opens, 31 + 2, "e30: %zu opens for 31 files, 2016.json and the policy", opens);
    cr_expect_gt(d.errors, 0);
    bool found = false;
    for (size_t i = 0; i < d.count; i++)
        found |= strstr(d.items[i].message, "e0.json is included already") != NULL;
    cr_expect(found, "the second inclusion is named");
    rf_diags_free(&d);
    opens = opens_of_load("a30.json", &d);
    cr_expect_leq(opens, 62 + 3, "a30: %zu opens for 62 files, 2016, 2017 and the policy", opens);
    cr_expect_gt(d.errors, 0);
    rf_diags_free(&d);
    /* The CLI says so, exit 2, at once. */
    const char *argv[] = {"validate", "scenarios/example-county/a30.json", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 2, "is included already (at scenarios/example-county/");
    rf_run_free(&r);
}

Test(hostile, a_policy_and_a_base_shared_by_many_files_are_read_once, .init = make_dir,
     .fini = remove_dir)
{
    /* 2016.json and 2017.json share one policy; y<i> extends one of them
     * under a new id, and the top file includes y1..y2: each file once. */
    write_county_file("y1.json", "{\"extends\": \"2016.json\", \"id\": \"y1\"}\n");
    write_county_file("y2.json", "{\"extends\": \"2017.json\", \"id\": \"y2\"}\n");
    write_county_file("top.json", HEAD "\"includes\": [\"y1.json\", \"y2.json\"], " PLAN "}\n", 0);
    rf_diags d = {0};
    size_t opens = opens_of_load("top.json", &d);
    cr_expect_eq(opens, 6, "top, y1, y2, 2016, 2017 and the policy once each: %zu opens", opens);
    rf_diags_free(&d);
}

Test(hostile, a_json_file_of_5_million_zeros_is_refused_in_bounded_memory, .init = make_dir,
     .fini = remove_dir)
{
    char path[512];
    FILE *f = fopen(in_dir(path, sizeof path, "zeros.json"), "w");
    cr_assert_not_null(f);
    fputs("{\"format\": \"relocfund-scenario/1\", \"note\": [0", f);
    for (int i = 1; i < 5000000; i++)
        fputs(",0", f);
    fputs("]}\n", f);
    cr_assert_eq(fclose(f), 0);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    const char *argv[] = {"validate", "zeros.json", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 2,
                   "relocfund: error: zeros.json:1:2508241: more than 1254101 values in a file "
                   "of 10000046 bytes; a JSON file may hold at most one value per 8 bytes");
    rf_run_free(&r);
    /* Peak memory of the children so far (the copy of the county and this
     * run): at most 16 bytes a byte of the file and 128 MiB (71 MB
     * measured); it was 97 bytes a byte (972 MB) before the budget. */
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    long long peak = (long long)ru.ru_maxrss * 1024;
    long long bound = 16LL * st.st_size + (128LL << 20);
#ifdef __SANITIZE_ADDRESS__
    bound *= 4; /* AddressSanitizer's shadow memory and quarantine (332 MB measured) */
#endif
    cr_expect_leq(peak, bound, "peak RSS %lld bytes for %lld bytes", peak, (long long)st.st_size);
}

/* ---- hash flooding in the audit's duplicate check ---- */

/* The duplicate check's hash before issue 14 (unkeyed multiply-rotate with
 * the MurmurHash3 finaliser), to craft ids that all collide under it. */
static uint64_t old_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ (w * 0x87C37B91114253D5ULL));
        h = ((h << 31) | (h >> 33)) * 0x4CF5AD432745937FULL;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h ^= w * 0x87C37B91114253D5ULL;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

/* The inverse of an odd number modulo 2^64 (Newton's iteration). */
static uint64_t inverse(uint64_t a)
{
    uint64_t x = a;
    for (int i = 0; i < 6; i++)
        x *= 2 - a * x;
    return x;
}

/* A byte an id may hold: printable ASCII but the CSV quote and comma. */
static bool id_byte(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != ',' && c != '"';
}

/* Writes n distinct 24-byte printable ids into ids[i] (25 bytes each) that
 * all have one old_hash: for a chosen first word and a pseudo-random second
 * one, the third word that leads to the common state is solved for, and
 * kept when it is printable (one try in about 3,500). */
static void craft_colliding_ids(char (*ids)[25], size_t n)
{
    const uint64_t A = 0x87C37B91114253D5ULL, B = 0x4CF5AD432745937FULL;
    const uint64_t a_inv = inverse(A), b_inv = inverse(B);
    const uint64_t h0 = 0x9E3779B97F4A7C15ULL ^ (24 * 0xC2B2AE3D27D4EB4FULL);
    /* the common state after the three words: that of "H0000000" +
     * "00000000" + "AAAAAAAA" */
    uint64_t w, h = h0, target, seed = 2016;
    for (int k = 0; k < 3; k++) {
        memcpy(&w, k == 0 ? "H0000000" : k == 1 ? "00000000" : "AAAAAAAA", 8);
        h ^= w * A;
        h = ((h << 31) | (h >> 33)) * B;
    }
    target = h * b_inv;
    target = (target >> 31) | (target << 33); /* the state before the last rotate */
    for (size_t i = 0; i < n; i++) {
        char id[25];
        snprintf(id, sizeof id, "H%07zu", i);
        memcpy(&w, id, 8);
        uint64_t h1 = h0 ^ (w * A);
        h1 = ((h1 << 31) | (h1 >> 33)) * B;
        for (;;) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t w2 = 0;
            for (int k = 0; k < 8; k++) /* '0'..'Y', from the seed's bits */
                w2 |= (uint64_t)(0x30 + ((seed >> (5 * k + 20)) & 31) + ((seed >> k) & 1) * 10)
                      << (8 * k);
            uint64_t h2 = h1 ^ (w2 * A);
            h2 = ((h2 << 31) | (h2 >> 33)) * B;
            uint64_t w3 = (target ^ h2) * a_inv;
            bool ok = true;
            for (int k = 0; k < 8 && ok; k++)
                ok = id_byte((unsigned char)(w3 >> (8 * k)));
            if (!ok)
                continue;
            memcpy(id + 8, &w2, 8);
            memcpy(id + 16, &w3, 8);
            id[24] = '\0';
            memcpy(ids[i], id, 25);
            break;
        }
    }
}

typedef struct {
    char (*ids)[25];
    int64_t lookups;
} id_list;

static bool list_lookup(void *ctx, int64_t row, const char **id, size_t *len, rf_error *err)
{
    (void)err;
    id_list *l = ctx;
    l->lookups++;
    *id = l->ids[row - 2];
    *len = 24;
    return true;
}

Test(hostile, ids_crafted_to_collide_cost_no_more_lookups_than_ordinary_ids)
{
    enum { N = 4000 };
    static char ids[N][25];
    craft_colliding_ids(ids, N);
    uint64_t h0 = old_hash(ids[0], 24);
    for (size_t i = 1; i < N; i++)
        cr_assert_eq(old_hash(ids[i], 24), h0, "id %zu does not collide: the crafting is wrong", i);
    cr_assert_str_neq(ids[0], ids[1]);
    rf_scenario *s = rf_test_load(RF_SOURCE_DIR "/" COUNTY);
    id_list list = {ids, 0};
    rf_error err = {0};
    rf_audit *a = rf_audit_new(s, rf_date_from_ymd(2017, 6, 30), list_lookup, &list, &err);
    cr_assert_not_null(a, "%s", err.message);
    for (int64_t i = 0; i < N; i++) {
        rf_household h = {.row = i + 2,
                          .line = i + 2,
                          .household_id = ids[i],
                          .household_id_len = 24,
                          .site_id = "S01",
                          .site_id_len = 3,
                          .category = RF_CAT_REGISTERED,
                          .size = 4,
                          .area = 10000,
                          .demolition_agreement = true};
        rf_violation v[RF_RULE_COUNT];
        cr_assert_geq(rf_audit_check(a, &h, v, &err), 0, "%s", err.message);
    }
    /* Under the old hash every id after the first matched every earlier
     * one: N(N-1)/2 = 7,998,000 lookups, each a read of the roster.  With a
     * keyed 32-bit tag, 4,000 ids match by chance ~0.002 times. */
    cr_expect_leq(list.lookups, 20, "%lld lookups for %d distinct ids", (long long)list.lookups, N);
    cr_expect_eq(rf_audit_summary_get(a)->by_rule[RF_RULE_DUPLICATE_ID], 0);
    rf_audit_free(a);
    rf_scenario_free(s);
}

/* ---- ids are text, not control sequences ---- */

/* True when the n bytes at s hold a control character other than LF. */
static bool has_raw_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7F)
            return true;
    return false;
}

Test(hostile, control_characters_in_ids_and_names_are_located_errors, .init = make_dir,
     .fini = remove_dir)
{
    static const struct {
        const char *key, *value, *message;
    } cases[] = {
        {"\"id\": \"S01\"", "\"id\": \"S01\\u001b[2J\\u001b[32mFAKE: all balanced\",",
         "sites[0].id: control character U+001B in text; ids, names and labels are plain text"},
        {"\"id\": \"S01\"", "\"id\": \"S01\\nS99  1,000,000\",",
         "sites[0].id: control character U+000A in text"},
        {"\"id\": \"S01\"", "\"id\": \"S01\\t\",", "sites[0].id: control character U+0009"},
        {"\"id\": \"S01\"", "\"id\": \"S01\\u009b2J\",", "sites[0].id: control character U+009B"},
        {"\"id\": \"S01\"", "\"id\": \"S01\\u0000x\",",
         "\\u0000 (NUL) in a string; text may not hold a NUL"},
        {"\"id\": \"example-county-2016\"", "\"id\": \"x\\u001b]0;title\\u0007\",",
         "id: control character U+001B"},
        {"\"zh\": \"城东", "\"zh\": \"\\u001b[2J\",", "sites[0].name.zh: control character U+001B"},
        {"\"policy_loans\": {", "\"policy_loans\\u001b[2J\": {",
         "unknown source \"policy_loans\\x1B[2J\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_variant("scenarios/example-county/ctl.json", cases[i].key, cases[i].value);
        const char *argv[] = {"validate", "scenarios/example-county/ctl.json", NULL};
        rf_run_result r = run_in_dir(argv);
        expect_failure(&r, 2, cases[i].message);
        cr_expect(!has_raw_control(r.err, r.err_len),
                  "case %zu: a raw control byte reached the "
                  "terminal:\n%s",
                  i, r.err);
        rf_run_free(&r);
    }
    /* a policy source id */
    char *policy = contents(POLICY);
    char *at = strstr(policy, "\"id\": \"policy_loans\"");
    cr_assert_not_null(at);
    write_text("models/ctl.json", "");
    char path[512];
    FILE *f = fopen(in_dir(path, sizeof path, "models/ctl.json"), "w");
    fprintf(f, "%.*s\"id\": \"policy_loans\\u001b[2J\"%s", (int)(at - policy), policy,
            at + strlen("\"id\": \"policy_loans\""));
    fclose(f);
    free(policy);
    const char *argv[] = {"validate", "models/ctl.json", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 2, "control character U+001B in text");
    rf_run_free(&r);
    /* a file name is shown, not obeyed */
    const char *argv2[] = {"solve", "no\x1b[2Jsuch.json", NULL};
    r = run_in_dir(argv2);
    expect_failure(&r, 2, "no\\x1B[2Jsuch.json: cannot read: No such file or directory");
    cr_expect(!has_raw_control(r.err, r.err_len), "%s", r.err);
    rf_run_free(&r);
}

Test(hostile, batch_plans_stay_in_their_folder_and_spare_the_inputs, .init = make_dir,
     .fini = remove_dir)
{
    /* a county whose id climbs out of the plans folder */
    write_variant("scenarios/example-county/evil.json", "\"id\": \"example-county-2016\"",
                  "\"id\": \"../../escaped\",");
    char path[512];
    cr_assert_eq(mkdir(in_dir(path, sizeof path, "plans"), 0777), 0);
    const char *argv[] = {"batch",
                          "scenarios/example-county/evil.json",
                          "--plans",
                          "plans",
                          "-o",
                          "report.txt",
                          "--no-progress",
                          NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 4, "the scenario id \"../../escaped\" is not a plain file name");
    rf_run_free(&r);
    struct stat st;
    cr_expect_neq(stat(in_dir(path, sizeof path, "../escaped.json"), &st), 0, "written outside");
    cr_expect_neq(stat(in_dir(path, sizeof path, "report.txt"), &st), 0, "nothing is written");
    /* plans into the folder of the counties: a plan named like its own
     * county file would replace it */
    write_variant("scenarios/example-county/same.json", "\"id\": \"example-county-2016\"",
                  "\"id\": \"same\",");
    char *before = contents("scenarios/example-county/same.json");
    const char *argv2[] = {"batch",
                           "scenarios/example-county/same.json",
                           "--plans",
                           "scenarios/example-county",
                           "-o",
                           "/dev/null",
                           "--no-progress",
                           NULL};
    r = run_in_dir(argv2);
    expect_failure(&r, 4, "same.json: cannot write: it is an input of this run");
    rf_run_free(&r);
    char *after = contents("scenarios/example-county/same.json");
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    expect_no_temporary("scenarios/example-county");
    /* a new plans folder and its plans follow the umask */
    rf_run_opts o = {.dir = dir, .timeout_s = 60, .umask = 077};
    const char *argv3[] = {"batch", COUNTY,      "--plans",       "private",
                           "-o",    "/dev/null", "--no-progress", NULL};
    r = rf_run_cli_with(&o, argv3);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);
    cr_expect_eq(mode_of("private", false) & 0777, 0700, "%o", mode_of("private", false) & 0777);
    cr_expect_eq(mode_of("private/example-county-2016.json", false) & 0777, 0600);
}

Test(hostile, a_result_file_for_compare_is_held_to_the_same_value_budget, .init = make_dir,
     .fini = remove_dir)
{
    char path[512];
    FILE *f = fopen(in_dir(path, sizeof path, "result.json"), "w");
    cr_assert_not_null(f);
    fputs("{\"format\": \"relocfund-plan/1\", \"note\": [0", f);
    for (int i = 1; i < 200000; i++)
        fputs(",0", f);
    fputs("]}\n", f);
    cr_assert_eq(fclose(f), 0);
    const char *argv[] = {"compare", COUNTY, "result.json", NULL};
    rf_run_result r = run_in_dir(argv);
    expect_failure(&r, 2,
                   "result.json:1:108237: more than 54101 values in a file of 400042 bytes; a JSON "
                   "file may hold at most one "
                   "value per 8 bytes");
    rf_run_free(&r);
}

/* The slot hash of rf_diag_set before issue 14 (FNV-1a over the fields). */
static uint64_t old_text_hash(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0xff) * 1099511628211ULL;
}

static uint64_t old_diag_hash(const char *message)
{
    uint64_t h = 14695981039346656037ULL;
    h = (h ^ (uint64_t)RF_SEV_ERROR) * 1099511628211ULL;
    h = (h ^ 0) * 1099511628211ULL;
    h = (h ^ 0) * 1099511628211ULL;
    return old_text_hash(old_text_hash(old_text_hash(h, "f.json"), ""), message);
}

Test(hostile, messages_crafted_to_collide_keep_the_diagnostic_set_linear)
{
    /* 1,000 distinct messages (as an unknown key a file chose would give)
     * whose old hashes share their low 11 bits: the slot in every table
     * the set grows to (2,048 slots for 1,000 messages). */
    enum { N = 1000 };
    rf_diag_set set = {0};
    char message[64];
    uint64_t seed = 14, want = 0;
    for (int i = 0; i < N;) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        snprintf(message, sizeof message, "unknown member \"k%d_%llx\"", i,
                 (unsigned long long)(seed >> 20));
        uint64_t h = old_diag_hash(message) & 2047;
        if (i == 0)
            want = h;
        if (h != want)
            continue;
        rf_diag d = {RF_SEV_ERROR, "f.json", 0, 0, "", message};
        cr_assert(rf_diag_set_add(&set, &d), "%s is new", message);
        i++;
    }
    /* Under the old hash every message probed every earlier one:
     * N(N-1)/2 = 499,500 probes.  Keyed: about one per message. */
    cr_expect_leq(set.probes, 4 * N, "%zu probes for %d messages", set.probes, N);
    rf_diag d = {RF_SEV_ERROR, "f.json", 0, 0, "", message};
    cr_expect(!rf_diag_set_add(&set, &d), "a repeat is found");
    rf_diag_set_free(&set);
}
