/* relocfund serve's page in a real headless browser (Debian's chromium,
 * driven by puppeteer-core from npm: tests/browser/serve-page.js): a slider
 * dragged, a number typed, the status and totals shown checked against
 * `relocfund solve --set`, a variant saved and solved by the CLI, a
 * screenshot.  Skipped when chromium, node or puppeteer-core is missing
 * (scripts/setup-browser.sh installs them). */
#include "serve_client.h"

#include <sys/stat.h>

#include "support.h"

static const char *chromium(void)
{
    const char *env = getenv("RF_CHROMIUM");
    if (env && *env)
        return env;
    if (access("/usr/bin/chromium", X_OK) == 0)
        return "/usr/bin/chromium";
    return NULL;
}

Test(serve_browser, a_planner_drags_a_slider_types_a_number_saves_and_resets, .timeout = 300)
{
    const char *browser = chromium();
    struct stat st;
    if (!browser || system("command -v node >/dev/null 2>&1") != 0 ||
        stat(RF_SOURCE_DIR "/tests/browser/node_modules/puppeteer-core", &st) != 0)
        cr_skip_test("chromium, node or puppeteer-core is not installed: run "
                     "scripts/setup-browser.sh (make check does)");
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-serve-browser"));
    char cmd[4096], scen[512];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/scenarios/example-county' '%s/models' && "
             "cp scenarios/example-county/2016.json '%s/scenarios/example-county/' && "
             "cp models/example-county.json '%s/models/'",
             dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(scen, sizeof scen, "%s/scenarios/example-county/2016.json", dir);
    served sv;
    serve_start(&sv, scen, NULL);
    /* The screenshot goes next to the test's files, or where
     * RF_SERVE_SCREENSHOT says: docs/serve-page.png is made by
     * `RF_SERVE_SCREENSHOT=$PWD/docs/serve-page.png build/test_serve_browser`. */
    const char *shot = getenv("RF_SERVE_SCREENSHOT");
    snprintf(cmd, sizeof cmd,
             "cd '%s' && timeout 240 node '" RF_SOURCE_DIR "/tests/browser/serve-page.js' '%s' '%s' "
             "'%s' '" RF_CLI_PATH "' '%s'",
             dir, sv.url, scen, shot && *shot ? shot : "serve-page.png", browser);
    rf_run_result r = rf_run_shell(RF_SOURCE_DIR, cmd, NULL, 260);
    cr_expect_eq(r.exit_code, 0, "the browser test failed:\n%s%s", r.out, r.err);
    rf_run_free(&r);
    char variant[600];
    snprintf(variant, sizeof variant, "%s/scenarios/example-county/2016-browser.json", dir);
    cr_expect_eq(stat(variant, &st), 0, "no variant saved at %s", variant);
    cr_expect_eq(serve_stop(&sv, SIGTERM), 0, "%s", sv.log);
    cr_expect(rf_remove_tree(dir));
}
