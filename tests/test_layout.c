/* Tests of the source tree's shape (docs/internals.md): every include runs
 * down the pipeline's stages, and only src/cli talks to the terminal. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* The stages in pipeline order: a file may include headers of its own
 * stage and of the stages before it. */
static const char *const STAGES[] = {"util", "input", "engine", "analysis", "report", "cli"};
enum { N_STAGES = sizeof STAGES / sizeof STAGES[0] };

/* The stage whose folder holds header name, or -1 (a system header). */
static int stage_of_header(const char *name)
{
    for (int k = 0; k < N_STAGES; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/src/%s/%s", RF_SOURCE_DIR, STAGES[k], name);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            return k;
        }
    }
    return -1;
}

static int arrows_up;

static void check_includes(size_t stage, const char *name, const char *text, void *ctx)
{
    (void)ctx;
    for (const char *p = strstr(text, "#include \""); p; p = strstr(p + 1, "#include \"")) {
        char header[128];
        if (sscanf(p, "#include \"%127[^\"]\"", header) != 1)
            continue;
        int to = stage_of_header(header);
        if (to > (int)stage) {
            cr_expect_leq(to, (int)stage, "%s includes %s of src/%s, a later stage", name, header,
                          STAGES[to]);
            arrows_up++;
        }
    }
}

Test(layout, every_include_runs_down_the_stages)
{
    arrows_up = 0;
    rf_each_source(STAGES, N_STAGES, true, check_includes, NULL);
    cr_expect_eq(arrows_up, 0);
}

static int talks;

/* Blanks out the comments of C text in place (a comment may name stdout). */
static void blank_comments(char *text)
{
    for (char *p = strstr(text, "/*"); p; p = strstr(p, "/*")) {
        char *end = strstr(p + 2, "*/");
        char *stop = end ? end + 2 : p + strlen(p);
        memset(p, ' ', (size_t)(stop - p));
        p = stop;
    }
}

static void check_silent(size_t stage, const char *name, const char *source, void *ctx)
{
    (void)ctx;
    static const char *const WORDS[] = {"stderr", "stdout", "printf(", "puts(", "exit(", "abort("};
    if (strcmp(STAGES[stage], "cli") == 0)
        return;
    char *text = strdup(source);
    cr_assert_not_null(text);
    blank_comments(text);
    for (size_t w = 0; w < sizeof WORDS / sizeof WORDS[0]; w++)
        for (const char *p = strstr(text, WORDS[w]); p; p = strstr(p + 1, WORDS[w])) {
            /* fprintf, fputs, snprintf, sprintf, vfprintf: writes to what a
             * caller gave, not talk. */
            if (WORDS[w][0] == 'p' && p > text && strchr("fnsv", p[-1]))
                continue;
            cr_expect(false, "%s: '%s' (only src/cli talks to the user)", name, WORDS[w]);
            talks++;
        }
    free(text);
}

Test(layout, the_library_never_prints_or_exits)
{
    talks = 0;
    rf_each_source(STAGES, N_STAGES, true, check_silent, NULL);
    cr_expect_eq(talks, 0);
}
