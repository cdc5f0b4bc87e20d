/* The bad-input corpus: each tests/bad/NAME.json (with options from
 * NAME.args, one argument a line) is validated, and its exit code and exact
 * stderr must equal NAME.expected ("exit N" on the first line, then stderr). */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define CORPUS "tests/bad"

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case names (files NAME.json in the corpus folder), sorted. */
static size_t list_cases(char ***out)
{
    DIR *dir = opendir(RF_SOURCE_DIR "/" CORPUS);
    cr_assert_not_null(dir, "cannot open %s", CORPUS);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strndup(e->d_name, len - 5);
        }
    }
    closedir(dir);
    qsort(names, n, sizeof *names, name_cmp);
    *out = names;
    return n;
}

/* Runs one case and compares; returns true when it matched. */
static bool run_case(const char *name)
{
    char path[512], args_path[512], expected_path[512];
    snprintf(path, sizeof path, CORPUS "/%s.json", name);
    snprintf(args_path, sizeof args_path, CORPUS "/%s.args", name);
    snprintf(expected_path, sizeof expected_path, CORPUS "/%s.expected", name);
    char *expected = rf_read_file(expected_path, NULL);
    cr_expect_not_null(expected, "%s: no %s", name, expected_path);
    if (!expected)
        return false;
    const char *argv[64];
    size_t argc = 0;
    argv[argc++] = "validate";
    char *args = rf_read_file(args_path, NULL);
    for (char *line = args ? strtok(args, "\n") : NULL; line && argc < 60;
         line = strtok(NULL, "\n"))
        argv[argc++] = line;
    argv[argc++] = path;
    argv[argc] = NULL;
    rf_run_result r = rf_run_cli(argv);
    int want_exit = -1;
    sscanf(expected, "exit %d", &want_exit);
    const char *want_err = strchr(expected, '\n');
    want_err = want_err ? want_err + 1 : "";
    bool ok = r.exit_code == want_exit && strcmp(r.err, want_err) == 0;
    cr_expect_eq(r.exit_code, want_exit, "%s: exit %d, expected %d", name, r.exit_code, want_exit);
    cr_expect_str_eq(r.err, want_err, "%s: stderr differs:\n--- got\n%s--- expected\n%s", name,
                     r.err, want_err);
    rf_run_free(&r);
    free(args);
    free(expected);
    return ok;
}

Test(validate_corpus, every_case_gives_its_exact_message_and_exit_code)
{
    char **names;
    size_t n = list_cases(&names);
    cr_assert_geq(n, 40, "the corpus has only %zu cases", n);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!run_case(names[i]))
            failed++;
        free(names[i]);
    }
    free(names);
    cr_expect_eq(failed, 0, "%zu of %zu cases failed", failed, n);
}

Test(validate_corpus, every_expected_file_has_its_case)
{
    DIR *dir = opendir(RF_SOURCE_DIR "/" CORPUS);
    cr_assert_not_null(dir);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 9 && strcmp(e->d_name + len - 9, ".expected") == 0) {
            char json[512];
            snprintf(json, sizeof json, CORPUS "/%.*s.json", (int)(len - 9), e->d_name);
            char *text = rf_read_file(json, NULL);
            /* A directory case reads as NULL too; it must exist as a path. */
            char full[1024];
            snprintf(full, sizeof full, "%s/%s", RF_SOURCE_DIR, json);
            FILE *f = fopen(full, "r");
            cr_expect(text != NULL || f != NULL, "%s has no case file", e->d_name);
            if (f)
                fclose(f);
            free(text);
        }
    }
    closedir(dir);
}
