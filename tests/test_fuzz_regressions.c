/* Replays tests/fuzz-regressions/ and tests/fuzz-seeds/ through the fuzz targets' checks. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_path.h"
#include "rf_plan.h"
#include "rf_roster.h"
#include "rf_scenario.h"
#include "support.h"

/* The fuzz targets' bodies, as functions the tests call with a file's bytes.
 * They abort on a broken contract, which Criterion reports as a crash. */
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "../fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_roster_one
#define input_path roster_input_path
#include "../fuzz/fuzz_roster.c"
#undef input_path
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_path_one
#include "../fuzz/fuzz_path.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_request_one
#include "../fuzz/fuzz_request.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_province_one
#define input_path province_input_path
#define setup province_setup
#include "../fuzz/fuzz_province.c"
#undef setup
#undef input_path
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_refgraph_one
#define dir refgraph_dir
#define setup refgraph_setup
#include "../fuzz/fuzz_refgraph.c"
#undef setup
#undef dir
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_xlsx_one
#include "../fuzz/fuzz_xlsx.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_one)(const uint8_t *data, size_t size);

/* Feeds every regular file of folder (relative to the source tree) to one;
 * returns how many. */
static int replay_folder(const char *folder, fuzz_one one)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", RF_SOURCE_DIR, folder);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || strcmp(e->d_name, "README.md") == 0)
            continue;
        FILE *f = fopen(path, "rb");
        cr_assert(f, "%s", path);
        uint8_t *buf = malloc((size_t)st.st_size + 1);
        size_t len = fread(buf, 1, (size_t)st.st_size, f);
        fclose(f);
        cr_log_info("replaying %s", path);
        cr_expect_eq(one(buf, len), 0, "%s", path);
        free(buf);
        n++;
    }
    closedir(d);
    return n;
}

/* Removes the folder a target made (its path up to suffix). */
static void remove_target_dir(char *path, const char *suffix)
{
    char *end = suffix ? strstr(path, suffix) : path + strlen(path);
    cr_assert(end);
    *end = '\0';
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    cr_expect_eq(system(cmd), 0);
}

Test(fuzz_regressions, scenario_and_policy_inputs_replay_cleanly, .timeout = 300)
{
    int n = replay_folder("tests/fuzz-regressions/scenario", fuzz_scenario_one);
    n += replay_folder("scenarios/example-county", fuzz_scenario_one);
    n += replay_folder("models", fuzz_scenario_one);
    cr_assert_gt(n, 0);
    remove_target_dir(input_path, "/a/b/input.json");
}

Test(fuzz_regressions, roster_inputs_replay_cleanly, .timeout = 300)
{
    int n = replay_folder("tests/fuzz-regressions/roster", fuzz_roster_one);
    n += replay_folder("tests/fuzz-seeds/roster", fuzz_roster_one);
    n += replay_folder("tests/roster", fuzz_roster_one);
    cr_assert_gt(n, 0);
    unlink(roster_input_path);
}

Test(fuzz_regressions, path_inputs_replay_cleanly)
{
    int n = replay_folder("tests/fuzz-regressions/path", fuzz_path_one);
    n += replay_folder("tests/fuzz-seeds/path", fuzz_path_one);
    cr_assert_gt(n, 0);
}

Test(fuzz_regressions, request_inputs_replay_cleanly)
{
    int n = replay_folder("tests/fuzz-regressions/request", fuzz_request_one);
    n += replay_folder("tests/fuzz-seeds/request", fuzz_request_one);
    cr_assert_gt(n, 0);
}

Test(fuzz_regressions, province_inputs_replay_cleanly, .timeout = 300)
{
    int n = replay_folder("tests/fuzz-regressions/province", fuzz_province_one);
    n += replay_folder("tests/fuzz-seeds/province", fuzz_province_one);
    cr_assert_gt(n, 0);
    remove_target_dir(province_input_path, "/province.json");
}

Test(fuzz_regressions, reference_graph_inputs_replay_cleanly, .timeout = 300)
{
    int n = replay_folder("tests/fuzz-regressions/refgraph", fuzz_refgraph_one);
    n += replay_folder("tests/fuzz-seeds/refgraph", fuzz_refgraph_one);
    cr_assert_gt(n, 0);
    remove_target_dir(refgraph_dir, NULL);
}

Test(fuzz_regressions, xlsx_inputs_replay_cleanly, .timeout = 300)
{
    int n = replay_folder("tests/fuzz-regressions/xlsx", fuzz_xlsx_one);
    n += replay_folder("tests/fuzz-seeds/xlsx", fuzz_xlsx_one);
    cr_assert_gt(n, 0);
    unlink(xlsx_path);
}
