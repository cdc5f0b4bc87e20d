/* Tests of `relocfund solve` output formats: golden reports for the 2016
 * scenario, the XLSX read back, and atomic -o files under write failures
 * and kills. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rf_emit.h"
#include "support.h"

#define SCENARIO "scenarios/example-county/2016.json"

/* ------------------------------------------------------------ helpers */

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/rf-test-report-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    return strdup(tmpl);
}

static char *join(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Names in dir other than . and .., joined by spaces (freed by caller). */
static char *listing(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    char *all = calloc(1, 4096);
    size_t len = 0;
    *n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        len += (size_t)snprintf(all + len, 4096 - len, "%s ", e->d_name);
        if (len >= 4096)
            len = 4095;
        (*n)++;
    }
    closedir(d);
    return all;
}

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = join(dir, e->d_name);
            unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

typedef struct {
    int stdout_fd;         /* -1: /dev/null */
    rlim_t fsize;          /* 0: unlimited */
    bool ignore_sigxfsz;
    const char *preload;   /* LD_PRELOAD, or NULL */
    const char *err_path;  /* stderr to this file, or NULL for /dev/null */
} spawn_opts;

/* Starts the CLI with argv (without the program name) from the source dir. */
static pid_t spawn(const char *const *argv, const spawn_opts *o)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        const char **args = calloc(argc + 2, sizeof *args);
        args[0] = RF_CLI_PATH;
        for (size_t i = 0; i < argc; i++)
            args[i + 1] = argv[i];
        if (chdir(RF_SOURCE_DIR) != 0)
            _exit(126);
        int null_fd = open("/dev/null", O_RDWR);
        dup2(null_fd, 0);
        dup2(o->stdout_fd >= 0 ? o->stdout_fd : null_fd, 1);
        int err_fd = o->err_path ? open(o->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null_fd;
        dup2(err_fd, 2);
        if (o->fsize) {
            struct rlimit rl = {o->fsize, o->fsize};
            setrlimit(RLIMIT_FSIZE, &rl);
            struct rlimit core = {0, 0};
            setrlimit(RLIMIT_CORE, &core);
        }
        signal(SIGXFSZ, o->ignore_sigxfsz ? SIG_IGN : SIG_DFL);
        if (o->preload) {
            setenv("LD_PRELOAD", o->preload, 1);
            /* A sanitizer build must accept a preloaded library first. */
            setenv("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0", 1);
        }
        execv(RF_CLI_PATH, (char *const *)args);
        _exit(127);
    }
    return pid;
}

static int wait_exit(pid_t pid, int *signo)
{
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    *signo = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* --------------------------------------------------------------- goldens */

/* Compares the CLI's standard output with a golden file; with
 * RF_UPDATE_GOLDEN=1 in the environment, rewrites the golden instead. */
static void golden(const char *const *argv, const char *golden_path, int want_exit)
{
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, want_exit, "exit %d, stderr: %s", r.exit_code, r.err);
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", RF_SOURCE_DIR, golden_path);
    const char *update = getenv("RF_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(full, "wb");
        cr_assert_not_null(f, "%s", full);
        fwrite(r.out, 1, r.out_len, f);
        cr_assert_eq(fclose(f), 0);
    }
    size_t len = 0;
    char *want = rf_read_file(golden_path, &len);
    cr_assert_not_null(want, "%s is missing; run with RF_UPDATE_GOLDEN=1 to create it",
                       golden_path);
    if (len != r.out_len || memcmp(want, r.out, len) != 0) {
        size_t line = 1, i = 0;
        while (i < len && i < r.out_len && want[i] == r.out[i])
            if (want[i++] == '\n')
                line++;
        cr_assert_fail("%s differs from the output at line %zu (after byte %zu); run with "
                       "RF_UPDATE_GOLDEN=1 and review the diff",
                       golden_path, line, i);
    }
    free(want);
    rf_run_free(&r);
}

Test(solve_golden, text)
{
    golden((const char *[]){"solve", SCENARIO, NULL}, "tests/golden/solve-2016.txt", 0);
}

Test(solve_golden, json)
{
    golden((const char *[]){"solve", SCENARIO, "--format", "json", NULL},
           "tests/golden/solve-2016.json", 0);
}

Test(solve_golden, markdown)
{
    golden((const char *[]){"solve", SCENARIO, "--format", "md", NULL},
           "tests/golden/solve-2016.md", 0);
}

Test(solve_golden, csv)
{
    golden((const char *[]){"solve", SCENARIO, "--format", "csv", NULL},
           "tests/golden/solve-2016.csv", 0);
}

Test(solve_golden, csv_excel_yuan_english)
{
    golden((const char *[]){"solve", SCENARIO, "--format", "csv", "--excel", "--unit", "yuan",
                            "--lang", "en", NULL},
           "tests/golden/solve-2016-en-yuan.csv", 0);
}

Test(solve_golden, html)
{
    golden((const char *[]){"solve", SCENARIO, "--format", "html", NULL},
           "tests/golden/solve-2016.html", 0);
}

/* The sensitivity page: its tables and the chart of the binding rules. */
Test(sensitivity_golden, html)
{
    golden((const char *[]){"sensitivity", SCENARIO, "--format", "html", NULL},
           "tests/golden/sensitivity-2016.html", 0);
}

/* ------------------------------------------ sections of stated figures */

#define PLAN "scenarios/example-county/plan-2016-2020.json"
/* Four sites, one of each type, stating totals, shares and averages that
 * agree and some that do not (the validate corpus case). */
#define BY_TYPE "tests/bad/stated-by-site-type.json"

/* The text of section "== heading ==" of a text report, up to the next
 * section (a new string). */
static char *section(const char *report, const char *heading)
{
    char key[128];
    snprintf(key, sizeof key, "== %s ==\n", heading);
    const char *at = strstr(report, key);
    cr_assert_not_null(at, "no section %s in:\n%s", heading, report);
    const char *end = strstr(at + strlen(key), "\n== ");
    return strndup(at, end ? (size_t)(end - at) + 1 : strlen(at));
}

static rf_run_result solve_en(const char *scenario, const char *format)
{
    rf_run_result r =
        rf_run_cli((const char *[]){"solve", scenario, "--lang", "en", "--format", format, NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    return r;
}

Test(solve_report, site_construction_stands_beside_the_scenario_and_flags_38_percent)
{
    rf_run_result r = solve_en(PLAN, "text");
    char *sec = section(r.out, "Site construction");
    cr_expect_str_eq(
        sec,
        "== Site construction ==\n"
        "Scope: 2016-2017 (as the file states it).\n"
        "Planned 49 − cancelled 5 = 44; built 44.\n"
        "Sites by type: urban_park 1 + township 28 + central_village 15 = 44; built 44.\n"
        "Completed 16 + under construction 28 = 44; built 44.\n"
        "\n"
        "Site construction\n"
        "figure                 stated  computed  computed as                            agrees\n"
        "sites planned              49                                                   \n"
        "sites cancelled             5                                                   \n"
        "sites built                44        44  centralized sites in the scenario      yes\n"
        "urban_park sites            1         1  urban_park sites in the scenario       yes\n"
        "township sites             28        28  township sites in the scenario         yes\n"
        "central_village sites      15        15  central_village sites in the scenario  yes\n"
        "completed                  16                                                   \n"
        "under construction         28                                                   \n"
        "completion rate           38%     36.4%  completed / built                      no!\n"
        "\n");
    free(sec);
    rf_run_free(&r);
    r = solve_en(PLAN, "json");
    cr_expect(
        strstr(r.out,
               "\n  \"site_construction\": {\"scope\": \"2016-2017\", \"planned\": 49, "
               "\"cancelled\": 5, \"built\": 44, \"urban_park\": 1, \"township\": 28, "
               "\"central_village\": 15, \"completed\": 16, \"under_construction\": 28, "
               "\"stated_completion_rate\": \"38%\",\n"
               "    \"scenario_sites\": {\"centralized\": 44, \"urban_park\": 1, \"township\": "
               "28, \"central_village\": 15},\n"
               "    \"checks\": {\"planned_less_cancelled_is_built\": true, "
               "\"types_add_up_to_built\": true, \"completed_and_under_construction_are_built\": "
               "true, \"built_matches_scenario\": true, \"urban_park_matches_scenario\": true, "
               "\"township_matches_scenario\": true, \"central_village_matches_scenario\": true, "
               "\"completion_rate_matches\": false}},\n"),
        "%s", r.out);
    rf_run_free(&r);
}

Test(solve_report, a_scenario_without_site_progress_has_no_site_construction)
{
    rf_run_result r = solve_en(SCENARIO, "text");
    cr_expect_null(strstr(r.out, "== Site construction =="));
    rf_run_free(&r);
    r = solve_en(SCENARIO, "json");
    cr_expect(strstr(r.out, "\n  \"site_construction\": null,\n"), "%s", r.out);
    rf_run_free(&r);
}

Test(solve_report, people_households_and_housing_by_site_type)
{
    rf_run_result r = solve_en(BY_TYPE, "text");
    char *sec = section(r.out, "Resettlement and housing");
    cr_expect_str_eq(
        sec,
        "== Resettlement and housing ==\n"
        "At urban_park and township sites (进城入镇): 25 households, 106 people, 89.83% of the "
        "people; at central_village sites: 3 households, 10 people, 8.47%; dispersed: 1 "
        "households, 2 people, 1.69%.\n"
        "Housing area 2,900 m², 24.58 m² per person (registered 24.62 m², synchronous 24.50 m² "
        "per person), from each site's assumed area per person.\n"
        "\n"
        "By site type\n"
        "type                          sites  reg. households  reg. people  sync households  "
        "sync people  households  people  share of people  housing area (m²)  m² per person\n"
        "town or industrial park site      1               10           40                5  "
        "         20          15      60           50.85%              1,500             25\n"
        "township site                     1                6           30                4  "
        "         16          10      46           38.98%              1,150             25\n"
        "central village site              1                2            6                1  "
        "          4           3      10            8.47%                200             20\n"
        "dispersed resettlement                             1            2                0  "
        "          0           1       2            1.69%                 50             25\n"
        "--------------------------------------------------------------------------------------"
        "--------------------------------------------------------------------------------\n"
        "total                             3               19           78               10  "
        "         40          29     118          100.00%              2,900  \n"
        "\n");
    free(sec);
    rf_run_free(&r);
    r = solve_en(BY_TYPE, "json");
    cr_expect(strstr(r.out,
                     "\n  \"site_types\": [\n"
                     "    {\"type\": \"urban_park\", \"sites\": 1, \"registered_households\": 10, "
                     "\"registered_people\": 40, \"synchronous_households\": 5, "
                     "\"synchronous_people\": 20, \"households\": 15, \"people\": 60, "
                     "\"percent_of_people\": \"50.85%\", \"housing_area_m2\": 1500},\n"
                     "    {\"type\": \"township\", \"sites\": 1, \"registered_households\": 6, "
                     "\"registered_people\": 30, \"synchronous_households\": 4, "
                     "\"synchronous_people\": 16, \"households\": 10, \"people\": 46, "
                     "\"percent_of_people\": \"38.98%\", \"housing_area_m2\": 1150},\n"
                     "    {\"type\": \"central_village\", \"sites\": 1, \"registered_households\": "
                     "2, \"registered_people\": 6, \"synchronous_households\": 1, "
                     "\"synchronous_people\": 4, \"households\": 3, \"people\": 10, "
                     "\"percent_of_people\": \"8.47%\", \"housing_area_m2\": 200},\n"
                     "    {\"type\": \"dispersed\", \"sites\": null, \"registered_households\": 1, "
                     "\"registered_people\": 2, \"synchronous_households\": 0, "
                     "\"synchronous_people\": 0, \"households\": 1, \"people\": 2, "
                     "\"percent_of_people\": \"1.69%\", \"housing_area_m2\": 50}\n"
                     "  ],\n"),
              "%s", r.out);
    rf_run_free(&r);
}

Test(solve_report, stated_totals_averages_and_shares_with_their_agreement)
{
    rf_run_result r = solve_en(BY_TYPE, "text");
    char *sec = section(r.out, "Stated totals");
    cr_expect_str_eq(
        sec,
        "== Stated totals ==\n"
        "Stated totals and averages\n"
        "figure                                     meaning                                      "
        "             stated  computed  agrees\n"
        "people                                     people                                       "
        "                118       118  yes\n"
        "households                                 households                                   "
        "                 29        29  yes\n"
        "urban_township_people                      people at urban_park and township sites      "
        "                106       106  yes\n"
        "urban_township_households                  households at urban_park and township sites  "
        "                 25        25  yes\n"
        "central_village_registered_people          registered people at central_village sites   "
        "                  6         6  yes\n"
        "dispersed_people                           people resettled dispersed                   "
        "                  2         2  yes\n"
        "urban_township_sites                       urban_park and township sites                "
        "                  2         2  yes\n"
        "housing_area_m2                            m² of housing                                "
        "              2,900     2,900  yes\n"
        "registered_housing_area_m2                 m² of registered housing                     "
        "              1,920     1,920  yes\n"
        "planned_people                             planned people (registered and synchronous)  "
        "                128       128  yes\n"
        "area_per_person_m2                         m² of housing per person                     "
        "              24.58    24.576  yes\n"
        "registered_area_per_person_m2              m² of housing per registered person          "
        "               24.6     24.62  yes\n"
        "synchronous_area_per_person_m2             m² of housing per synchronous person         "
        "                 25      24.5  yes\n"
        "central_village_area_per_person_m2         m² of housing per person at central_village s"
        "ites             25      20.0  no!\n"
        "urban_park_synchronous_area_per_person_m2  m² of housing per synchronous person at urban"
        "_park sites      24      25.0  no!\n"
        "\n");
    free(sec);
    /* Shares by site type are among the rates when stated, and only then. */
    char *rates = section(r.out, "Progress rates");
    cr_expect(strstr(rates, "\nshare at urban_park and township sites             people at "
                            "urban_park and township sites / implemented people        106    "
                            "      118    89.83%  89.83%  yes\n"),
              "%s", rates);
    cr_expect(strstr(rates, "\nshare at township sites                            people at "
                            "township sites / implemented people                        46    "
                            "      118     39.0%     30%  no!\n"),
              "%s", rates);
    cr_expect(strstr(rates, "\nregistered share at central_village sites          people at "
                            "central_village sites / implemented people                  6    "
                            "       78      7.7%    7.6%  no!\n"),
              "%s", rates);
    cr_expect_null(strstr(rates, "share at urban_park sites"), "not stated: %s", rates);
    free(rates);
    rf_run_free(&r);
    r = solve_en(BY_TYPE, "json");
    cr_expect(strstr(r.out, "\n    \"housing_area_m2\": {\"stated\": 2900, \"computed\": 2900, "
                            "\"matches\": true},\n"),
              "%s", r.out);
    cr_expect(strstr(r.out,
                     "\n  \"stated_averages\": {\n"
                     "    \"area_per_person_m2\": {\"stated\": \"24.58\", \"housing_area_m2\": "
                     "2900, \"people\": 118, \"matches\": true},\n"
                     "    \"registered_area_per_person_m2\": {\"stated\": \"24.6\", "
                     "\"housing_area_m2\": 1920, \"people\": 78, \"matches\": true},\n"
                     "    \"synchronous_area_per_person_m2\": {\"stated\": \"25\", "
                     "\"housing_area_m2\": 980, \"people\": 40, \"matches\": true},\n"
                     "    \"central_village_area_per_person_m2\": {\"stated\": \"25\", "
                     "\"housing_area_m2\": 200, \"people\": 10, \"matches\": false},\n"
                     "    \"urban_park_synchronous_area_per_person_m2\": {\"stated\": \"24\", "
                     "\"housing_area_m2\": 500, \"people\": 20, \"matches\": false}\n"
                     "  },\n"),
              "%s", r.out);
    cr_expect(strstr(r.out, "\n    \"township_share\": {\"numerator\": 46, \"denominator\": 118, "
                            "\"percent\": \"39.0%\", \"stated\": \"30%\", \"stated_matches\": "
                            "false}"),
              "%s", r.out);
    cr_expect_null(strstr(r.out, "\"urban_park_share\""), "not stated, not listed");
    rf_run_free(&r);
}

/* ------------------------------------------------ totals in the CSV report */

/* Parses a plain decimal ("-12.345") into an integer scaled by 10^6;
 * false when s is not one. */
static bool micro(const char *s, long long *out)
{
    long long ip = 0, fp = 0;
    int fd = 0;
    bool neg = *s == '-', digit = false;
    if (neg)
        s++;
    for (; *s >= '0' && *s <= '9'; s++, digit = true)
        ip = ip * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, fd++)
            fp = fp * 10 + (*s - '0');
    if (*s || !digit || fd > 6)
        return false;
    while (fd++ < 6)
        fp *= 10;
    *out = (neg ? -1 : 1) * (ip * 1000000 + fp);
    return true;
}

Test(solve_csv, every_total_row_is_the_sum_of_its_rows)
{
    rf_run_result r = rf_run_cli((const char *[]){"solve", SCENARIO, "--format", "csv", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    /* The layout is simple enough to split by lines here: the 2016 report
     * has no quoted field with a line break. */
    char *rows[512][24];
    size_t n_rows = 0, n_cols[512] = {0};
    char *save = NULL;
    for (char *line = strtok_r(r.out, "\n", &save); line && n_rows < 512;
         line = strtok_r(NULL, "\n", &save)) {
        size_t l = strlen(line);
        cr_assert(l > 0 && line[l - 1] == '\r', "every line ends in CRLF");
        line[l - 1] = '\0';
        char *fsave = NULL;
        size_t c = 0;
        /* strtok_r skips empty fields; split by hand. */
        (void)fsave;
        for (char *p = line;; c++) {
            char *comma = strchr(p, ',');
            if (c < 24)
                rows[n_rows][c] = p;
            if (!comma)
                break;
            *comma = '\0';
            p = comma + 1;
        }
        n_cols[n_rows++] = c + 1;
    }
    size_t checked = 0;
    for (size_t t = 0; t < n_rows; t++) {
        if (strcmp(rows[t][0], "合计") != 0)
            continue;
        /* Find the header: the nearest row above with the same width whose
         * row above it has one field (the table title). */
        size_t h = t;
        while (h > 0 && !(n_cols[h - 1] == 1 && n_cols[h] == n_cols[t]))
            h--;
        cr_assert(h > 0 && h < t);
        for (size_t c = 1; c < n_cols[t] && c < 24; c++) {
            long long total, sum = 0, v;
            if (!micro(rows[t][c], &total))
                continue;
            bool numeric = true;
            for (size_t k = h + 1; k < t; k++) {
                if (rows[k][c][0] == '\0')
                    continue;
                if (!micro(rows[k][c], &v)) {
                    numeric = false;
                    break;
                }
                sum += v;
            }
            if (!numeric)
                continue;
            cr_expect_eq(sum, total, "table above row %zu, column %zu: rows sum to %lld, total %lld",
                         t + 1, c + 1, sum, total);
            checked++;
        }
    }
    cr_expect(checked >= 30, "checked %zu total cells", checked);
    rf_run_free(&r);
}

/* ------------------------------------------------------------------ xlsx */

static char *unzip_member(const char *xlsx, const char *member)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, member);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (size_t r; (r = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += r;
        if (n + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    cr_assert_eq(pclose(p), 0, "unzip %s %s", xlsx, member);
    return buf;
}

/* The text of cell ref (e.g. "D2") in a sheet's XML, from <c to </c>. */
static char *cell_xml(const char *sheet, const char *ref)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *c = strstr(sheet, key);
    cr_assert_not_null(c, "cell %s", ref);
    const char *end = strstr(c, "</c>");
    const char *selfclose = strstr(c, "/>");
    if (!end || (selfclose && selfclose < end))
        end = selfclose;
    return strndup(c, (size_t)(end - c));
}

Test(solve_xlsx, numbers_are_numeric_cells_and_summary_comes_first)
{
    if (system("unzip -v >/dev/null 2>&1") != 0)
        cr_skip_test("unzip is not installed (scripts/setup-debian.sh installs it)");
    char *dir = make_tmpdir();
    char *out = join(dir, "plan.xlsx");
    rf_run_result r = rf_run_cli((const char *[]){"solve", SCENARIO, "--format", "xlsx", "-o",
                                                  out, NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    cr_expect_eq(r.out_len, 0, "nothing on standard output");
    char *wb = unzip_member(out, "xl/workbook.xml");
    /* Named in the report's language (Chinese by default). */
    const char *names[] = {"摘要",         "资金来源",     "资金拨付",           "资金用途",
                           "安置点资金收支", "成本构成",     "资金构成（含结余）", "按安置点类型",
                           "建档立卡户型", "进度指标",     "文件所述合计与平均数", "目标层"};
    const char *prev = wb;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char key[160];
        snprintf(key, sizeof key, "<sheet name=\"%s\" sheetId=\"%zu\"", names[i], i + 1);
        const char *at = strstr(wb, key);
        cr_expect(at && at >= prev, "sheet %zu is %s: %s", i + 1, names[i], wb);
        if (at)
            prev = at;
    }
    /* sources (sheet2): the central budget row, arrived 1,032.5 万元. */
    char *src = unzip_member(out, "xl/worksheets/sheet2.xml");
    cr_expect(strstr(src, "state=\"frozen\""), "header row frozen");
    const char *refs[] = {"C2", "D2", "E2", "F2", "G2", "D8", "E8", "F8", "G8"};
    const char *want[] = {"<v>0.7</v>", "<v>1032.5</v>", "<v>1032.5</v>", "<v>1032.5</v>",
                          "<v>0</v>", "<v>12369.325</v>", "<v>12369.325</v>",
                          "<v>9483.725</v>", "<v>2885.6</v>"};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        char *c = cell_xml(src, refs[i]);
        cr_expect_null(strstr(c, "t=\""), "%s is a number, not a string: %s", refs[i], c);
        cr_expect(strstr(c, want[i]), "%s holds %s: %s", refs[i], want[i], c);
        free(c);
    }
    /* sites (sheet5): counts are numbers too; the total row has 1,475 people. */
    char *sites = unzip_member(out, "xl/worksheets/sheet5.xml");
    char *e11 = cell_xml(sites, "E11");
    cr_expect(strstr(e11, "<v>1475</v>") && !strstr(e11, "t=\""), "%s", e11);
    free(e11);
    /* site_types (sheet8): the share of people is a fraction, the area m². */
    char *types = unzip_member(out, "xl/worksheets/sheet8.xml");
    char *i2 = cell_xml(types, "I2"), *j2 = cell_xml(types, "J2");
    cr_expect(strstr(i2, "<v>0.24") && !strstr(i2, "t=\""), "urban_park 24.42%%: %s", i2);
    cr_expect(strstr(j2, "<v>16375</v>") && !strstr(j2, "t=\""), "urban_park 16,375 m²: %s", j2);
    free(i2);
    free(j2);
    free(types);
    /* classes (sheet9): self-funding per household is a number in yuan. */
    char *classes = unzip_member(out, "xl/worksheets/sheet9.xml");
    char *f2 = cell_xml(classes, "F2");
    cr_expect(strstr(f2, "<v>0</v>") && !strstr(f2, "t=\""), "per household: %s", f2);
    free(f2);
    free(classes);
    /* rates (sheet10): percentages are fractions. */
    char *rates = unzip_member(out, "xl/worksheets/sheet10.xml");
    char *e2 = cell_xml(rates, "E2");
    cr_expect(strstr(e2, "<v>1</v>") && !strstr(e2, "t=\""), "registered implementation 100%%: %s", e2);
    free(e2);
    char *styles = unzip_member(out, "xl/styles.xml");
    cr_expect(strstr(styles, "formatCode=\"#,##0.000\""), "万元 as the column shows it");
    cr_expect(strstr(styles, "formatCode=\"#,##0\""));
    cr_expect(strstr(styles, "formatCode=\"0.0%\""));
    char *strings = unzip_member(out, "xl/sharedStrings.xml");
    cr_expect(strstr(strings, "中央预算内投资"));
    cr_expect_null(strstr(strings, ">1032.5<"), "no number stored as a string");
    cr_expect_null(strstr(strings, ">1,032.5<"));
    size_t n;
    char *names_left = listing(dir, &n);
    cr_expect_eq(n, 1, "only the workbook is left: %s", names_left);
    free(names_left);
    free(wb);
    free(src);
    free(sites);
    free(rates);
    free(styles);
    free(strings);
    rf_run_free(&r);
    free(out);
    remove_dir(dir);
}

Test(solve_xlsx, standard_output_is_refused)
{
    rf_run_result r = rf_run_cli((const char *[]){"solve", SCENARIO, "--format", "xlsx", NULL});
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strstr(r.err, "-o FILE.xlsx"), "%s", r.err);
    cr_expect_eq(r.out_len, 0);
    rf_run_free(&r);
}

/* ------------------------------------------------------- output failures */

static void expect_write_error(const char *target, const char *reason)
{
    rf_run_result r = rf_run_cli((const char *[]){"solve", SCENARIO, "--format", "html", "-o",
                                                  target, NULL});
    cr_expect_eq(r.exit_code, 4, "exit %d: %s", r.exit_code, r.err);
    cr_expect(strstr(r.err, target), "the path is named: %s", r.err);
    cr_expect(strstr(r.err, reason), "the reason (%s) is given: %s", reason, r.err);
    cr_expect_not(exists(target));
    rf_run_free(&r);
}

Test(solve_output, missing_folder_exits_4)
{
    char *dir = make_tmpdir();
    char *target = join(dir, "no-such-folder/plan.html");
    expect_write_error(target, "No such file or directory");
    size_t n;
    char *left = listing(dir, &n);
    cr_expect_eq(n, 0, "nothing created: %s", left);
    free(left);
    free(target);
    remove_dir(dir);
}

Test(solve_output, folder_that_is_a_file_exits_4)
{
    char *dir = make_tmpdir();
    char *file = join(dir, "a-file");
    write_text(file, "x");
    char *target = join(file, "plan.html");
    expect_write_error(target, "Not a directory");
    free(target);
    free(file);
    remove_dir(dir);
}

Test(solve_output, unwritable_folder_exits_4)
{
    if (geteuid() == 0)
        cr_skip_test("running as root, which may write into a read-only folder; the "
                     "missing-folder and not-a-folder tests cover the error path");
    char *dir = make_tmpdir();
    char *ro = join(dir, "ro");
    cr_assert_eq(mkdir(ro, 0555), 0);
    char *target = join(ro, "plan.html");
    expect_write_error(target, "Permission denied");
    chmod(ro, 0755);
    rmdir(ro);
    free(target);
    free(ro);
    remove_dir(dir);
}

Test(solve_output, full_standard_output_exits_4)
{
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0)
        cr_skip_test("/dev/full is not available");
    char *dir = make_tmpdir();
    char *err = join(dir, "stderr");
    spawn_opts o = {.stdout_fd = fd, .err_path = err};
    int sig;
    int code = wait_exit(spawn((const char *[]){"solve", SCENARIO, "--format", "md", NULL}, &o),
                         &sig);
    close(fd);
    cr_expect_eq(code, 4);
    char *msg = rf_read_file(err, NULL);
    cr_expect(strstr(msg, "standard output: cannot write: No space left on device"), "%s", msg);
    free(msg);
    free(err);
    remove_dir(dir);
}

/* A file size limit makes the write fail part-way, as a full disk would. */
Test(solve_output, write_failure_part_way_leaves_nothing)
{
    const char *formats[] = {"html", "csv", "md", "text", "json", "xlsx"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *dir = make_tmpdir();
        char *target = join(dir, "plan.out");
        char *err = join(dir, "stderr");
        write_text(target, "old report\n");
        spawn_opts o = {.stdout_fd = -1, .fsize = 2048, .ignore_sigxfsz = true, .err_path = err};
        int sig;
        int code = wait_exit(spawn((const char *[]){"solve", SCENARIO, "--format", formats[i],
                                                    "-o", target, NULL},
                                   &o),
                             &sig);
        cr_expect_eq(code, 4, "%s: exit %d", formats[i], code);
        char *msg = rf_read_file(err, NULL);
        cr_expect(strstr(msg, target), "%s: path named: %s", formats[i], msg);
        cr_expect(strstr(msg, "cannot write"), "%s: %s", formats[i], msg);
        char *old = rf_read_file(target, NULL);
        cr_expect_str_eq(old, "old report\n", "%s: the old file is untouched", formats[i]);
        size_t n;
        char *left = listing(dir, &n);
        cr_expect_eq(n, 2, "%s: no temporary file left: %s", formats[i], left);
        free(left);
        free(old);
        free(msg);
        free(err);
        free(target);
        remove_dir(dir);
    }
}

/* SIGXFSZ's default action ends the process in the middle of a write
 * without any handler running: the target is never the partial file. */
Test(solve_output, death_mid_write_never_leaves_a_partial_target)
{
    char *dir = make_tmpdir();
    char *target = join(dir, "plan.html");
    char *fresh = join(dir, "fresh.html");
    write_text(target, "old report\n");
    spawn_opts o = {.stdout_fd = -1, .fsize = 8192};
    int sig;
    wait_exit(spawn((const char *[]){"solve", SCENARIO, "--format", "html", "-o", target, NULL}, &o),
              &sig);
    cr_expect_eq(sig, SIGXFSZ, "killed mid-write");
    char *old = rf_read_file(target, NULL);
    cr_expect_str_eq(old, "old report\n");
    wait_exit(spawn((const char *[]){"solve", SCENARIO, "--format", "html", "-o", fresh, NULL}, &o),
              &sig);
    cr_expect_eq(sig, SIGXFSZ);
    cr_expect_not(exists(fresh), "no partial new file");
    free(old);
    free(fresh);
    free(target);
    remove_dir(dir);
}

/* Builds the stop-mid-write shim; NULL (test skipped) without a C compiler. */
static char *build_shim(const char *dir)
{
    char *so = join(dir, "shim.so");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cc -shared -fPIC -o '%s' '%s/tests/shim_stop_write.c' -ldl >/dev/null 2>&1", so,
             RF_SOURCE_DIR);
    if (system(cmd) != 0) {
        free(so);
        return NULL;
    }
    return so;
}

/* Stops the CLI part-way through writing the HTML report, then kills it
 * with signo; returns the directory listing after its death. */
static void kill_mid_write(int signo, bool old_file)
{
    char *dir = make_tmpdir();
    char *shim_dir = make_tmpdir();
    char *so = build_shim(shim_dir);
    if (!so) {
        remove_dir(shim_dir);
        remove_dir(dir);
        cr_skip_test("no C compiler (cc) to build the test shim");
    }
    char *target = join(dir, "plan.html");
    if (old_file)
        write_text(target, "old report\n");
    spawn_opts o = {.stdout_fd = -1, .preload = so};
    pid_t pid = spawn((const char *[]){"solve", SCENARIO, "--format", "html", "-o", target, NULL},
                      &o);
    int status;
    cr_assert_eq(waitpid(pid, &status, WUNTRACED), pid);
    cr_assert(WIFSTOPPED(status), "the shim stopped the writer (status %#x)", status);
    /* Mid-write: a partial temporary file beside the target. */
    size_t n;
    char *left = listing(dir, &n);
    cr_expect_eq(n, old_file ? 2 : 1, "the temporary file exists: %s", left);
    free(left);
    kill(pid, signo);
    kill(pid, SIGCONT);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == signo, "died of signal %d", signo);
    if (old_file) {
        char *old = rf_read_file(target, NULL);
        cr_expect_str_eq(old, "old report\n", "the old report is untouched");
        free(old);
    } else {
        cr_expect_not(exists(target), "no partial report");
    }
    left = listing(dir, &n);
    if (signo == SIGKILL)
        /* Nothing can run on SIGKILL: the hidden temporary file may stay,
         * but the target is never partial. */
        cr_expect_leq(n, old_file ? 2u : 1u, "%s", left);
    else
        cr_expect_eq(n, old_file ? 1u : 0u, "the temporary file was removed: %s", left);
    free(left);
    free(target);
    free(so);
    remove_dir(shim_dir);
    remove_dir(dir);
}

Test(solve_output, sigterm_mid_write_leaves_no_file)
{
    kill_mid_write(SIGTERM, false);
}

Test(solve_output, sigterm_mid_write_keeps_the_old_file)
{
    kill_mid_write(SIGTERM, true);
}

Test(solve_output, sigint_mid_write_leaves_no_file)
{
    kill_mid_write(SIGINT, false);
}

Test(solve_output, sigkill_mid_write_keeps_the_old_file)
{
    kill_mid_write(SIGKILL, true);
}

Test(solve_output, existing_file_replaced_only_when_complete)
{
    char *dir = make_tmpdir();
    char *target = join(dir, "plan.md");
    write_text(target, "old report\n");
    rf_run_result r = rf_run_cli((const char *[]){"solve", SCENARIO, "--format", "md", "-o",
                                                  target, NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    size_t len;
    char *now = rf_read_file(target, &len);
    char *want = rf_read_file("tests/golden/solve-2016.md", NULL);
    cr_assert_not_null(want);
    cr_expect_str_eq(now, want, "-o writes what standard output would");
    struct stat st;
    cr_assert_eq(stat(target, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0644, "ordinary permissions");
    free(now);
    free(want);
    rf_run_free(&r);
    free(target);
    remove_dir(dir);
}

/* ---- numbers for people (issue 16) ---- */

#define COUNTY "scenarios/example-county/2016.json"

/* Runs the CLI and returns its standard output; the exit code must be one
 * of 0 and 1 (a report, whatever the plan's status). */
static rf_run_result report(const char *const *argv)
{
    rf_run_result r = rf_run_cli(argv);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "exit %d: %s", r.exit_code, r.err);
    return r;
}

/* The most decimals any number of text shows (digits after a point that
 * follows a digit). */
static int most_decimals(const char *text)
{
    int most = 0;
    for (const char *p = strchr(text, '.'); p; p = strchr(p + 1, '.')) {
        if (p == text || p[-1] < '0' || p[-1] > '9')
            continue;
        int n = (int)strspn(p + 1, "0123456789");
        if (n > most)
            most = n;
    }
    return most;
}

Test(report_numbers, the_unit_is_named_once_and_sentences_follow_it)
{
    rf_run_result r = report((const char *[]){"whatif", COUNTY, "--set",
                                              "sources.policy_loans.arrived=45000000", NULL});
    cr_expect_eq(rf_count(r.out, "金额单位"), 1, "the unit once per report: %s", r.out);
    rf_run_free(&r);
    r = report((const char *[]){"whatif", COUNTY, "--unit", "yuan", "--set",
                                "sources.policy_loans.arrived=45000000", NULL});
    cr_expect(strstr(r.out, "金额单位：元"));
    cr_expect(strstr(r.out, "结余（转入就业基地与产业）7,301,250.00 元 → 676,250.00 元。"), "%s",
              r.out);
    cr_expect_null(strstr(r.out, "万元"), "no sentence left in 万元 under --unit yuan");
    rf_run_free(&r);
    const char *short_loans[] = {"solve", COUNTY, "--set", "sources.policy_loans.arrived=20000000",
                                 "--exact", NULL};
    r = report(short_loans);
    cr_expect(strstr(r.out, "总成本 12,304.25 万元"), "a sentence needs no padding");
    cr_expect_gt(most_decimals(r.out), 4, "--exact: to the fen");
    rf_run_free(&r);
    short_loans[4] = NULL;
    r = report(short_loans);
    cr_expect_eq(most_decimals(r.out), 4, "by default to the yuan");
    rf_run_free(&r);
}

Test(report_numbers, wan_to_the_yuan_with_one_number_of_decimals_a_column)
{
    /* A short county: shares of the gap are not whole yuan of 万元. */
    rf_run_result r = report(
        (const char *[]){"solve", COUNTY, "--set", "sources.policy_loans.arrived=20000000", NULL});
    const char *sources = strstr(r.out, "资金来源\n来源");
    cr_assert(sources, "%s", r.out);
    cr_expect(strstr(sources, "中央预算内投资    建档立卡贫困人口     0.700   1,032.500"),
              "every amount of a column has its decimals: %.400s", sources);
    cr_expect_leq(most_decimals(r.out), 4, "no amount has more than four decimals in 万元");
    rf_run_free(&r);
}

Test(report_numbers, sweeps_and_break_even_in_the_report_unit)
{
    rf_run_result r = report((const char *[]){
        "whatif", COUNTY, "--lang", "en", "--sweep",
        "sources.policy_loans.arrived=20000000:50000000:10000000", NULL});
    cr_expect(strstr(r.out, "sources.policy_loans.arrived from 2,000 万元 to 5,000 万元."), "%s",
              r.out);
    cr_expect(strstr(r.out, "between 2,000 万元 and 3,000 万元"));
    cr_expect_null(strstr(r.out, "30000000"), "no raw yuan");
    rf_run_free(&r);
    r = report((const char *[]){"reverse", COUNTY, "--lang", "en", "--set",
                                "sites[0].costs.housing_per_m2=4400", "--break-even",
                                "sources.policy_loans.arrived=45000000:60000000:100", NULL});
    cr_expect(strstr(r.out, "Break-even: at sources.policy_loans.arrived = 5,187.53 万元 the plan "
                            "balances and complies; at 5,187.52 万元"),
              "%s", r.out);
    rf_run_free(&r);
}

Test(report_numbers, sensitivity_by_names_with_readable_ranges)
{
    rf_run_result r = report((const char *[]){"sensitivity", COUNTY, "--lang", "en", "--set",
                                              "sources.policy_loans.arrived=20000000", NULL});
    cr_expect_null(strstr(r.out, "source[,"), "no internal row names");
    cr_expect_null(strstr(r.out, "cap[S01"));
    cr_expect(strstr(r.out, "Policy low-interest loans arrived"), "%s", r.out);
    cr_expect(strstr(r.out, "now 2,000 万元; these rates hold down to 0 and up to 2,758.775 万元."),
              "%s", r.out);
    cr_expect_null(strstr(r.out, "0.000001"));
    rf_run_free(&r);
}

Test(report_numbers, batch_names_counties_and_says_which_cap)
{
    rf_run_result r = report((const char *[]){"batch", COUNTY, "--lang", "en", NULL});
    cr_expect(strstr(r.out, "\n1 county\n"), "%s", r.out);
    cr_expect(strstr(r.out, "1 county: 1 balanced"));
    cr_expect(strstr(r.out, "\nExample county: 2016 relocation  balanced and compliant"),
              "counties by name: %s", r.out);
    cr_expect(strstr(r.out, "households over the area cap"));
    rf_run_free(&r);
}

/* ---- workbooks with live numbers (issue 16) ---- */

/* The output of a shell command (freed by the caller). */
static char *command_output(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (n + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    pclose(p);
    return buf;
}

/* Whether a shared string reads as a number a spreadsheet should hold as
 * one ("1,032.5", "-37.31", "79%"). */
static bool looks_numeric(const char *s, size_t n)
{
    size_t digits = 0, i = 0;
    if (i < n && s[i] == '-')
        i++;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] != ',' && s[i] != '.' && !(s[i] == '%' && i + 1 == n))
            return false;
    }
    return digits > 0;
}

/* Writes argv's report with -o dir/name (exit 0 or 1) and returns that
 * path (free); skips the test where unzip is missing. */
static char *write_workbook(const char *const *argv, const char *dir, const char *name)
{
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        cr_skip_test("unzip is not installed");
    char *path = join(dir, name);
    const char *args[24];
    size_t n = 0;
    for (; argv[n] && n < 20; n++)
        args[n] = argv[n];
    args[n++] = "-o";
    args[n++] = path;
    args[n] = NULL;
    rf_run_result r = rf_run_cli(args);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s: exit %d: %s", argv[0], r.exit_code,
              r.err);
    rf_run_free(&r);
    return path;
}

/* Writes argv's report as a workbook and checks it: no number stored as
 * text, and (when want_sum) totals as SUM formulas with cached values.
 * Returns the sheet names (workbook.xml) for further checks. */
static char *check_workbook(const char *const *argv, bool want_sum)
{
    char *dir = make_tmpdir();
    char *path = write_workbook(argv, dir, "out.xlsx");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml", path);
    char *strings = command_output(cmd);
    for (const char *p = strings; (p = strstr(p, "<t")); p++) {
        const char *open = strchr(p, '>');
        const char *close = open ? strstr(open, "</t>") : NULL;
        if (!close)
            break;
        cr_expect(!looks_numeric(open + 1, (size_t)(close - open - 1)),
                  "%s: a number stored as text: %.*s", argv[0], (int)(close - open - 1), open + 1);
    }
    snprintf(cmd, sizeof cmd, "unzip -p '%s' 'xl/worksheets/sheet*.xml'", path);
    char *sheets = command_output(cmd);
    if (want_sum) {
        const char *f = strstr(sheets, "<f>SUM(");
        cr_expect(f, "%s: totals are SUM formulas", argv[0]);
        const char *end = f ? strstr(f, "</f>") : NULL;
        cr_expect(end && strncmp(end, "</f><v>", 7) == 0, "%s: with its value cached", argv[0]);
    }
    cr_expect(strstr(sheets, "<v>"), "%s: numbers", argv[0]);
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/workbook.xml", path);
    char *wb = command_output(cmd);
    free(strings);
    free(sheets);
    unlink(path);
    free(path);
    remove_dir(dir);
    return wb;
}

Test(report_workbooks, every_number_a_number_and_totals_formulas, .timeout = 120)
{
    if (!rf_emit_xlsx_available())
        cr_skip_test("built without libxlsxwriter");
    char *wb = check_workbook((const char *[]){"solve", COUNTY, NULL}, true);
    cr_expect(strstr(wb, "<sheet name=\"摘要\""), "sheet names in the report's language: %s", wb);
    cr_expect(strstr(wb, "<sheet name=\"资金来源\""));
    cr_expect_null(strstr(wb, "name=\"summary\""));
    free(wb);
    wb = check_workbook((const char *[]){"solve", COUNTY, "--lang", "en", NULL}, true);
    cr_expect(strstr(wb, "<sheet name=\"Summary\""), "%s", wb);
    free(wb);
    free(check_workbook(
        (const char *[]){"whatif", COUNTY, "--set", "sources.policy_loans.arrived=20000000", NULL},
        false));
    free(check_workbook((const char *[]){"whatif", COUNTY, "--sweep",
                                         "sites[0].costs.housing_per_m2=4000:4400:100", NULL},
                        false));
    free(check_workbook((const char *[]){"compare", COUNTY, "scenarios/example-county/2017.json",
                                         NULL},
                        false));
    free(check_workbook((const char *[]){"sensitivity", COUNTY, "--set",
                                         "sources.policy_loans.arrived=20000000", NULL},
                        false));
    free(check_workbook((const char *[]){"reverse", COUNTY, "--set",
                                         "sites[0].costs.housing_per_m2=4400", NULL},
                        false));
    free(check_workbook((const char *[]){"batch", COUNTY, "scenarios/example-county/2017.json",
                                         NULL},
                        true));
}

/* The part name of a workbook at path, unzipped (free). */
static char *workbook_part(const char *path, const char *part)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, part);
    return command_output(cmd);
}

/* Writes argv's sweep as a workbook and checks its native line chart: the
 * six amounts of the HTML chart, each series' categories the swept values
 * and its values its column of the sweep sheet over exactly the n swept
 * rows, named by the column's header, the drawing linked from that sheet;
 * axis titles x_title and y_title.  Returns nothing; fails the test. */
static void check_sweep_chart(const char *const *argv, size_t n, const char *x_title,
                              const char *y_title)
{
    char *dir = make_tmpdir();
    char *path = write_workbook(argv, dir, "sweep.xlsx");
    char *chart = workbook_part(path, "xl/charts/chart1.xml");
    cr_assert(strstr(chart, "<c:lineChart>"), "xl/charts/chart1.xml is a line chart: %s", chart);
    cr_expect_eq(rf_count(chart, "<c:ser>"), 6, "one series per amount");
    /* The sheet of the sweep's table is the second (the summary first). */
    char *wb = workbook_part(path, "xl/workbook.xml");
    const char *second = strstr(wb, "sheetId=\"2\"");
    cr_assert(second);
    const char *name = second;
    while (name > wb && strncmp(name, "name=\"", 6) != 0)
        name--;
    char sheet[256];
    snprintf(sheet, sizeof sheet, "%.*s", (int)(strchr(name + 6, '"') - name - 6), name + 6);
    static const char cols[] = {'C', 'D', 'F', 'H', 'I', 'J'};
    const char *p = chart;
    for (size_t s = 0; s < 6; s++) {
        char want[512];
        p = strstr(p, "<c:ser>");
        cr_assert(p, "series %zu", s);
        snprintf(want, sizeof want, "<c:tx><c:strRef><c:f>'%s'!$%c$1</c:f>", sheet, cols[s]);
        cr_expect(strstr(p, want) == strstr(p, "<c:tx>"), "series %zu is named by %s", s, want);
        snprintf(want, sizeof want, "<c:cat><c:numRef><c:f>'%s'!$A$2:$A$%zu</c:f>", sheet, n + 1);
        cr_expect(strstr(p, want) == strstr(p, "<c:cat>"), "series %zu's categories %s", s, want);
        snprintf(want, sizeof want, "<c:val><c:numRef><c:f>'%s'!$%c$2:$%c$%zu</c:f>", sheet,
                 cols[s], cols[s], n + 1);
        cr_expect(strstr(p, want) == strstr(p, "<c:val>"), "series %zu's values %s", s, want);
        snprintf(want, sizeof want, "<c:ptCount val=\"%zu\"/>", n);
        cr_expect(strstr(strstr(p, "<c:val>"), want), "the cached values: %zu points", n);
        p++;
    }
    snprintf(sheet, sizeof sheet, "<a:t>%s</a:t>", x_title);
    cr_expect(strstr(chart, sheet), "the x axis title %s", x_title);
    snprintf(sheet, sizeof sheet, "<a:t>%s</a:t>", y_title);
    cr_expect(strstr(chart, sheet), "the y axis title %s", y_title);
    /* Linked: sheet2 has a drawing, whose relationship is the chart. */
    char *xml = workbook_part(path, "xl/worksheets/sheet2.xml");
    cr_expect(strstr(xml, "<drawing r:id=\"rId1\"/>"), "the sweep sheet holds the drawing");
    char *rels = workbook_part(path, "xl/worksheets/_rels/sheet2.xml.rels");
    cr_expect(strstr(rels, "Target=\"../drawings/drawing1.xml\""), "%s", rels);
    char *drels = workbook_part(path, "xl/drawings/_rels/drawing1.xml.rels");
    cr_expect(strstr(drels, "Target=\"../charts/chart1.xml\""), "%s", drels);
    char *first = workbook_part(path, "xl/worksheets/sheet1.xml");
    cr_expect_null(strstr(first, "<drawing"), "the summary sheet has no chart");
    free(first);
    free(drels);
    free(rels);
    free(xml);
    free(wb);
    free(chart);
    unlink(path);
    free(path);
    remove_dir(dir);
}

Test(report_workbooks, sweep_has_a_native_line_chart_of_its_cells, .timeout = 120)
{
    if (!rf_emit_xlsx_available())
        cr_skip_test("built without libxlsxwriter");
    check_sweep_chart((const char *[]){"whatif", COUNTY, "--sweep",
                                       "sites[0].costs.housing_per_m2=4000:4400:100", NULL},
                      5, "sites[0].costs.housing_per_m2", "金额（万元）");
    /* A money sweep in English and yuan: the unit on both axes. */
    check_sweep_chart((const char *[]){"whatif", COUNTY, "--lang", "en", "--unit", "yuan",
                                       "--sweep",
                                       "sources.policy_loans.arrived=20000000:50000000:5000000",
                                       NULL},
                      7, "sources.policy_loans.arrived (yuan)", "Amount (yuan)");
}

/* ---- words that explain the money (issue 16) ---- */

Test(report_words, a_short_plan_says_who_bears_what_the_sources_do_not_cover)
{
    rf_run_result r = report(
        (const char *[]){"solve", COUNTY, "--set", "sources.policy_loans.arrived=20000000", NULL});
    cr_expect(strstr(r.out, "资金来源承担成本 6,321.225 万元；其余 5,983.025 万元由：整合涉农资金 "
                            "440 万元（政策只允许用于征地），同步搬迁户自筹 4,516.25 万元，"
                            "建档立卡户自筹上限以内 268 万元、超出上限 758.775 万元，资金缺口 0 "
                            "万元。"),
              "%s", r.out);
    rf_run_free(&r);
}

Test(report_words, whatif_says_what_changed_and_who_bears_it)
{
    rf_run_result r = report((const char *[]){"whatif", COUNTY, "--lang", "en", "--set",
                                              "sources.policy_loans.arrived=38000000", NULL});
    cr_expect(strstr(r.out, "Policy low-interest loans arrived 5,162.5 万元 → 3,800 万元"), "%s",
              r.out);
    cr_expect(strstr(r.out, "Who bears it: sources spent on costs -632.375 万元, integrated "
                            "agricultural funds +440 万元, synchronous households +192.375 万元."));
    rf_run_free(&r);
    /* One site's cost, pooled over the county. */
    r = report((const char *[]){"whatif", COUNTY, "--lang", "en", "--set",
                                "sites[0].costs.housing_per_m2=4400", NULL});
    cr_expect(strstr(r.out, "Total cost changes by +4,748.75 万元 (S01 +4,748.75 万元)."), "%s",
              r.out);
    cr_expect(strstr(r.out, "The budget is pooled: at 8 sites whose cost did not change, 208 "
                            "registered households also pay more, up to 10,933.77 yuan a "
                            "household."));
    rf_run_free(&r);
}
