/* -o FILE takes its format from the extension when --format is absent, on
 * every command that writes a result; a --format the extension contradicts
 * is a usage error that writes nothing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#define S2016 "scenarios/example-county/2016.json"
#define S2017 "scenarios/example-county/2017.json"

/* The arguments of each command that writes a result, before -o. */
typedef struct {
    const char *name;
    const char *args[10];
} command;

static const command COMMANDS[] = {
    {"solve", {"solve", S2016, NULL}},
    {"whatif", {"whatif", S2016, "--set", "sources.policy_loans.arrived=40000000", NULL}},
    {"whatif --sweep",
     {"whatif", S2016, "--sweep", "sites[0].costs.housing_per_m2=1000:2000:500", NULL}},
    {"sensitivity", {"sensitivity", S2016, NULL}},
    {"reverse", {"reverse", S2016, NULL}},
    {"compare", {"compare", S2016, S2017, NULL}},
    {"audit",
     {"audit", "tests/roster/mutated.csv", "--scenario", S2016, "--as-of", "2018-06-30", NULL}},
    {"batch", {"batch", S2016, S2017, "-j", "1", NULL}},
};

/* A fresh folder in dir (64 bytes) and the path of file name in it in
 * path (128 bytes). */
static void temp_file(char *dir, char *path, const char *name)
{
    cr_assert(rf_temp_dir(dir, 64, "rf-output"));
    snprintf(path, 128, "%s/%s", dir, name);
}

/* Runs c's arguments followed by extra (NULL-terminated). */
static rf_run_result run(const command *c, const char *const *extra)
{
    const char *argv[24];
    size_t n = 0;
    for (size_t i = 0; c->args[i]; i++)
        argv[n++] = c->args[i];
    for (size_t i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    return rf_run_cli(argv);
}

/* Each stream format: -o FILE.ext writes exactly what --format FMT writes
 * to standard output. */
Test(output_extension, every_stream_format_follows_the_extension_on_every_command, .timeout = 120)
{
    static const char *const formats[][2] = {
        {"txt", "text"}, {"json", "json"}, {"csv", "csv"}, {"md", "md"}, {"html", "html"}};
    char dir[64];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-output"));
    for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++)
        for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            char path[128];
            snprintf(path, sizeof path, "%s/result.%s", dir, formats[f][0]);
            const char *to_file[] = {"-o", path, NULL};
            const char *to_stdout[] = {"--format", formats[f][1], NULL};
            rf_run_result a = run(&COMMANDS[c], to_file);
            rf_run_result b = run(&COMMANDS[c], to_stdout);
            cr_expect_eq(a.exit_code, b.exit_code, "%s -o .%s: exit %d, --format: %d",
                         COMMANDS[c].name, formats[f][0], a.exit_code, b.exit_code);
            cr_expect_lt(a.exit_code, 2, "%s: %s", COMMANDS[c].name, a.err);
            size_t len = 0;
            char *written = rf_read_file(path, &len);
            cr_expect_not_null(written, "%s -o .%s wrote nothing", COMMANDS[c].name, formats[f][0]);
            if (written)
                cr_expect(len == b.out_len && memcmp(written, b.out, len) == 0,
                          "%s -o .%s differs from --format %s", COMMANDS[c].name, formats[f][0],
                          formats[f][1]);
            free(written);
            unlink(path);
            rf_run_free(&a);
            rf_run_free(&b);
        }
    rf_remove_tree(dir);
}

/* .xlsx: a real workbook (a zip with the workbook part), every command. */
Test(output_extension, xlsx_writes_a_workbook_on_every_command)
{
    char dir[64], path[128];
    temp_file(dir, path, "Plan.XLSX");
    for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++) {
        const char *extra[] = {"-o", path, NULL};
        rf_run_result r = run(&COMMANDS[c], extra);
        cr_expect_lt(r.exit_code, 2, "%s: %s", COMMANDS[c].name, r.err);
        size_t len = 0;
        char *written = rf_read_file(path, &len);
        cr_expect(written && len > 4 && memcmp(written, "PK\003\004", 4) == 0,
                  "%s -o .xlsx: not a zip", COMMANDS[c].name);
        bool workbook = false;
        for (size_t i = 0; written && i + 15 <= len && !workbook; i++)
            workbook = memcmp(written + i, "xl/workbook.xml", 15) == 0;
        cr_expect(workbook, "%s -o .xlsx: no xl/workbook.xml", COMMANDS[c].name);
        free(written);
        unlink(path);
        rf_run_free(&r);
    }
    rf_remove_tree(dir);
}

/* .svg: the chart where a command draws one (whatif --sweep); elsewhere a
 * usage error. */
Test(output_extension, svg_is_the_chart_of_a_sweep_and_an_error_elsewhere)
{
    char dir[64], path[128];
    temp_file(dir, path, "chart.svg");
    const char *extra[] = {"-o", path, NULL};
    rf_run_result r = run(&COMMANDS[2], extra);
    cr_expect_eq(r.exit_code, 0, "%s", r.err);
    char *svg = rf_read_file(path, NULL);
    cr_expect(svg && strncmp(svg, "<svg xmlns=", 11) == 0);
    free(svg);
    unlink(path);
    rf_run_free(&r);
    const char *as_format[] = {"--format", "svg", NULL};
    r = run(&COMMANDS[2], as_format);
    cr_expect_eq(r.exit_code, 0);
    cr_expect(strncmp(r.out, "<svg xmlns=", 11) == 0);
    rf_run_free(&r);
    r = run(&COMMANDS[0], extra);
    cr_expect_eq(r.exit_code, 2);
    char want[256];
    snprintf(want, sizeof want,
             "relocfund: error: -o %s: solve writes no chart (whatif --sweep does); give the "
             "file the extension of its format, or --format\n",
             path);
    cr_expect_str_eq(r.err, want);
    cr_expect_neq(access(path, F_OK), 0);
    rf_run_free(&r);
    rf_remove_tree(dir);
}

/* --format and an extension that disagree: exit 2 before any work, a
 * message naming both, nothing written (on every command). */
Test(output_extension, a_contradicting_format_is_refused_and_nothing_is_written)
{
    char dir[64], path[128], want[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-output"));
    snprintf(path, sizeof path, "%s/plan.xlsx", dir);
    snprintf(want, sizeof want,
             "relocfund: error: -o %s: the extension says xlsx, but --format is html; drop "
             "--format or make them agree\n",
             path);
    for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++) {
        const char *extra[] = {"--format", "html", "-o", path, NULL};
        rf_run_result r = run(&COMMANDS[c], extra);
        cr_expect_eq(r.exit_code, 2, "%s", COMMANDS[c].name);
        cr_expect_str_eq(r.err, want, "%s", COMMANDS[c].name);
        cr_expect_str_eq(r.out, "");
        cr_expect_neq(access(path, F_OK), 0, "%s wrote %s", COMMANDS[c].name, path);
        rf_run_free(&r);
    }
    rf_remove_tree(dir);
}

/* An agreeing --format is fine; an extension not in the list keeps text
 * (or the --format given). */
Test(output_extension, an_unknown_extension_keeps_text_or_the_given_format)
{
    char dir[64], path[128];
    temp_file(dir, path, "plan.out");
    const char *plain[] = {"-o", path, NULL};
    rf_run_result a = run(&COMMANDS[0], plain);
    const char *text[] = {NULL};
    rf_run_result b = run(&COMMANDS[0], text);
    char *written = rf_read_file(path, NULL);
    cr_expect(written && strcmp(written, b.out) == 0);
    free(written);
    rf_run_free(&a);
    rf_run_free(&b);
    const char *json[] = {"--format", "json", "-o", path, NULL};
    a = run(&COMMANDS[0], json);
    cr_expect_eq(a.exit_code, 0);
    written = rf_read_file(path, NULL);
    cr_expect(written && written[0] == '{');
    free(written);
    rf_run_free(&a);
    snprintf(path, sizeof path, "%s/plan.json", dir);
    const char *agree[] = {"--format", "json", "-o", path, NULL};
    a = run(&COMMANDS[0], agree);
    cr_expect_eq(a.exit_code, 0, "%s", a.err);
    rf_run_free(&a);
    rf_remove_tree(dir);
}

/* The shared result options: every command takes --lang, --unit and
 * --excel (audit's amounts are per household: yuan only). */
Test(output_options, every_command_takes_lang_unit_and_excel, .timeout = 120)
{
    for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++) {
        const char *extra[] = {"--format", "csv",  "--lang",  "en",
                               "--unit",   "yuan", "--excel", NULL};
        rf_run_result r = run(&COMMANDS[c], extra);
        cr_expect_lt(r.exit_code, 2, "%s: %s", COMMANDS[c].name, r.err);
        cr_expect(r.out_len > 3 && memcmp(r.out, "\xEF\xBB\xBF", 3) == 0, "%s: no BOM",
                  COMMANDS[c].name);
        rf_run_free(&r);
    }
    const command *audit = &COMMANDS[6];
    const char *wan[] = {"--unit", "wan", NULL};
    rf_run_result r = run(audit, wan);
    cr_expect_eq(r.exit_code, 2);
    cr_expect_str_eq(r.err,
                     "relocfund: error: --unit wan: audit amounts are per household, always in "
                     "yuan\n");
    cr_expect_eq(r.out_len, 0);
    rf_run_free(&r);
}
