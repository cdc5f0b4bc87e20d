/* Test support shared by every Criterion suite: run the CLI, read files,
 * load scenarios. */
#ifndef RF_TEST_SUPPORT_H
#define RF_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_scenario.h"

/* What a run of the relocfund CLI produced. */
typedef struct {
    int exit_code; /* -1 when it died of a signal */
    char *out;     /* stdout, NUL-terminated */
    size_t out_len;
    char *err; /* stderr, NUL-terminated */
    size_t err_len;
    bool timed_out; /* rf_run_shell only: killed when its time ran out */
} rf_run_result;

/* Runs the built relocfund with argv (NULL-terminated, without the program
 * name) from the source directory.  Free the result with rf_run_free(). */
rf_run_result rf_run_cli(const char *const *argv);
/* rf_run_cli, expecting exit code `code` (the test fails showing stderr
 * when it differs). */
rf_run_result rf_run_expect(const char *const *argv, int code);
void rf_run_free(rf_run_result *r);

/* How rf_run_cli_with runs the CLI. */
typedef struct {
    const char *dir;    /* working folder (NULL: the source directory) */
    unsigned timeout_s; /* > 0: killed after that many seconds (timed_out) */
    int umask;          /* >= 0: the child's umask (give -1 for the caller's) */
    long uid;           /* > 0: the child drops to this user and group id (needs root) */
} rf_run_opts;

/* rf_run_cli with the options of o.  A child that could not drop its
 * privileges exits 125. */
rf_run_result rf_run_cli_with(const rf_run_opts *o, const char *const *argv);

/* Runs `/bin/sh -c command` in folder dir with path_prefix (or NULL) in
 * front of PATH and stdin from /dev/null.  With timeout_s > 0 the command's
 * process group is killed after that many seconds (exit_code -1, timed_out).
 * Free the result with rf_run_free(). */
rf_run_result rf_run_shell(const char *dir, const char *command, const char *path_prefix,
                           unsigned timeout_s);

/* How many times needle occurs in hay (overlapping ones too). */
size_t rf_count(const char *hay, const char *needle);

/* The parts of an HTML report page (rf_emit_html) that relocfund serve's
 * page draws (rf_emit_html_parts): *summary, the first section's body after
 * its heading; *charts, every chart figure in page order.  Both new
 * strings (free them); false when the page has no first section. */
bool rf_html_page_parts(const char *html, char **summary, char **charts);

/* Reads a whole file (relative to the source directory); NULL if it cannot.
 * The caller frees it. */
char *rf_read_file(const char *path, size_t *len);

/* Calls each(k, rel, text, ctx) for every file of src/DIRS[k] (k < n)
 * whose name ends in ".c" (or ".h", when headers), rel its path from the
 * source folder ("src/util/rf_error.c"), text its contents.  Fails the
 * running test when a folder or a file cannot be read. */
void rf_each_source(const char *const *dirs, size_t n, bool headers,
                    void (*each)(size_t k, const char *rel, const char *text, void *ctx),
                    void *ctx);

/* Writes text to a fresh temporary file and returns its path (static buffer
 * owned by the caller's copy: the returned string must be freed). */
char *rf_write_temp(const char *name_suffix, const char *text);

/* Makes a fresh folder /tmp/<prefix>-XXXXXX and writes its path into dir
 * (size bytes); false if it cannot. */
bool rf_temp_dir(char *dir, size_t size, const char *prefix);

/* Removes a folder and everything in it; false if it cannot. */
bool rf_remove_tree(const char *dir);

/* Loads a scenario file (and its policy) without changes, or fails the
 * running test with the first problem found.  Free with rf_scenario_free. */
rf_scenario *rf_test_load(const char *path);

#endif
