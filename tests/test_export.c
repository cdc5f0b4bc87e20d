/* Tests of relocfund export: clp and glpsol on every exported level reach relocfund's optimum. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen_small.h"
#include "rf_batch.h"
#include "rf_export.h"
#include "rf_gen.h"
#include "rf_model.h"
#include "rf_names.h"
#include "rf_plan.h"
#include "support.h"

#define GLPSOL "/usr/bin/glpsol"
#define CLP "/usr/bin/clp"

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* The text of an rf_gen county (site ids "S001", ...) drawn from seed. */
static char *county_text(uint64_t seed, const char *id)
{
    rf_gen_params p;
    rf_gen_params_small(&p, seed);
    p.id = id;
    p.short_share = 0.5;
    p.over_cap_share = 0.5;
    char *text = rf_gen_county_json(&p, seed, "policy.json", NULL, NULL);
    cr_assert_not_null(text);
    return text;
}

/* Writes policy.json (the bundled policy's sources, with pooling) and
 * <id>.json (text) into dir. */
static void write_county(const char *dir, rf_pooling pooling, const char *id, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/policy.json", dir);
    char *policy = rf_gen_policy_json("export-test", pooling);
    put_file(path, policy);
    free(policy);
    snprintf(path, sizeof path, "%s/%s.json", dir, id);
    put_file(path, text);
}

/* A fresh folder with policy.json and county <id>.json drawn from seed. */
/* A fresh folder with one rf_gen county named id; returns the folder
 * (freed by the caller) and writes the county's scenario path into scen. */
static char *make_county(uint64_t seed, rf_pooling pooling, const char *id, char scen[600])
{
    char dir[64];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-export"));
    char *text = county_text(seed, id);
    write_county(dir, pooling, id, text);
    free(text);
    snprintf(scen, 600, "%s/%s.json", dir, id);
    return strdup(dir);
}

/* Runs a command with its output (stdout and stderr) to the file out,
 * which it then removes; returns that output. */
static char *run_captured(const char *cmd, const char *out)
{
    char full[3000];
    snprintf(full, sizeof full, "%s >'%s' 2>&1", cmd, out);
    int rc = system(full);
    size_t len = 0;
    char *text = rf_read_file(out, &len);
    cr_assert_not_null(text, "%s: no output", cmd);
    cr_assert_eq(rc, 0, "%s failed:\n%s", cmd, text);
    unlink(out);
    return text;
}

/* Runs glpsol on an MPS or CPLEX LP file (by its extension); returns the
 * optimum its report states. */
static double glpsol_optimum(const char *model)
{
    bool lp = strcmp(model + strlen(model) - 3, ".lp") == 0;
    char sol[800], out[800], cmd[2000];
    snprintf(sol, sizeof sol, "%s.sol", model);
    snprintf(out, sizeof out, "%s.glpsol", model);
    snprintf(cmd, sizeof cmd, GLPSOL " %s '%s' -o '%s'", lp ? "--lp" : "--freemps", model, sol);
    free(run_captured(cmd, out));
    FILE *f = fopen(sol, "r");
    cr_assert_not_null(f);
    char line[512];
    double v = NAN;
    bool optimal = false;
    while (fgets(line, sizeof line, f)) {
        char *eq = strstr(line, " = ");
        if (strncmp(line, "Objective:", 10) == 0 && eq)
            v = strtod(eq + 3, NULL);
        if (strncmp(line, "Status:", 7) == 0 && strstr(line, "OPTIMAL"))
            optimal = true;
    }
    fclose(f);
    unlink(sol);
    cr_assert(optimal, "glpsol found no optimum for %s", model);
    return v;
}

/* Runs clp on an MPS or CPLEX LP file (it goes by the extension) and
 * returns the optimum it prints ("Optimal objective X - N iterations ...",
 * or "Optimal - objective value X").  Any complaint about the file (a bad
 * or unknown line image, errors other than "0 errors", a duplicate name)
 * fails the test: clp goes on solving what it could read. */
static double clp_optimum(const char *model)
{
    char out[800], cmd[2000];
    snprintf(out, sizeof out, "%s.clp", model);
    snprintf(cmd, sizeof cmd, CLP " '%s' -solve", model);
    char *log = run_captured(cmd, out);
    static const char *const complaints[] = {"Bad image", "Unknown image", "Error",    "Duplicate",
                                             "not found", "Unable",        "not valid"};
    for (size_t k = 0; k < sizeof complaints / sizeof *complaints; k++)
        cr_assert_null(strstr(log, complaints[k]), "clp on %s: %s\n%s", model, complaints[k], log);
    for (const char *e = strstr(log, " errors"); e; e = strstr(e + 1, " errors"))
        cr_assert(e - log >= 2 && strncmp(e - 2, " 0", 2) == 0, "clp on %s: errors\n%s", model,
                  log);
    double v = NAN;
    bool final = false;
    for (const char *line = log; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "Optimal objective ", 18) == 0) {
            v = strtod(line + 18, NULL);
            final = true;
        } else if (!final && strncmp(line, "Optimal - objective value ", 26) == 0) {
            v = strtod(line + 26, NULL);
        }
    }
    cr_assert(!isnan(v), "clp found no optimum for %s:\n%s", model, log);
    free(log);
    return v;
}

/* Agreement to a relative 1e-7, with an absolute floor of 1e-6 万元 (0.01
 * yuan); clp prints 8 or 9 significant digits, well inside it. */
static void assert_close(double got, double want, const char *solver, const char *what)
{
    cr_assert_leq(fabs(got - want), fmax(1e-6, 1e-7 * fabs(want)), "%s: %s %.12g, relocfund %.12g",
                  what, solver, got, want);
}

static bool have_solvers(void)
{
    return access(GLPSOL, X_OK) == 0 && access(CLP, X_OK) == 0;
}

#define REQUIRE_SOLVERS()                                                                          \
    do {                                                                                           \
        if (!have_solvers())                                                                       \
            cr_skip_test("glpsol or clp is not installed (scripts/setup-debian.sh installs "       \
                         "glpk-utils and coinor-clp)");                                            \
    } while (0)

/* relocfund's own optimum of every level of every group. */
static rf_plan *solve_alone(const char *path, rf_scenario **s)
{
    rf_diags d = {0};
    *s = rf_scenario_load(path, NULL, &d);
    cr_assert_not_null(*s, "%s: %s", path, d.count ? d.items[0].message : "");
    rf_diags_free(&d);
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(*s, NULL, &p, &err), RF_OK, "%s", err.message);
    return p;
}

/* The sum over every group of the plans of level k (0-based): the optimum
 * of a monolith of them. */
static double level_sum(rf_plan *const *plans, size_t n, size_t k)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t g = 0; g < plans[i]->n_groups; g++)
            sum += plans[i]->groups[g].levels[k].value;
    return sum;
}

/* Exports the scenarios with --all-levels as <stem>.l<K>.mps and .lp (and,
 * with per_group, each group alone) and checks that clp and glpsol reach
 * relocfund's optimum of every level: with every_pair, each solver on both
 * files; else, to save time, clp on the MPS and glpsol on the LP file of
 * odd levels and the other way round on even ones.  Returns the number of
 * levels. */
static size_t check_every_level(const char *const *scenarios, size_t n, const char *stem,
                                bool per_group, bool every_pair, const char *label)
{
    rf_scenario *s[8];
    rf_plan *p[8];
    cr_assert_leq(n, 8);
    for (size_t i = 0; i < n; i++)
        p[i] = solve_alone(scenarios[i], &s[i]);
    char mps[600], lp[600];
    snprintf(mps, sizeof mps, "%s.mps", stem);
    snprintf(lp, sizeof lp, "%s.lp", stem);
    const char *argv[16] = {"export"};
    size_t a = 1;
    for (size_t i = 0; i < n; i++)
        argv[a++] = scenarios[i];
    const char *opts[] = {"--all-levels", "--mps", mps, "--lp", lp};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        argv[a++] = opts[i];
    if (per_group)
        argv[a++] = "--per-group";
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 0, "%s: %s", label, r.err);
    rf_run_free(&r);
    size_t levels = p[0]->groups[0].n_levels;
    for (size_t k = 0; k < levels; k++) {
        double want = level_sum(p, n, k);
        for (int f = 0; f < 2; f++) {
            char file[700], what[800];
            snprintf(file, sizeof file, "%s.l%zu.%s", stem, k + 1, f ? "lp" : "mps");
            snprintf(what, sizeof what, "%s level %zu (%s, %s)", label, k + 1,
                     rf_level_id(s[0]->policy->levels[k]), f ? "CPLEX LP" : "MPS");
            if (every_pair || f == (int)(k % 2))
                assert_close(clp_optimum(file), want, "clp", what);
            if (every_pair || f != (int)(k % 2))
                assert_close(glpsol_optimum(file), want, "glpsol", what);
        }
        /* One group alone, written beside the monolith. */
        for (size_t g = 0; per_group && n == 1 && p[0]->n_groups > 1 && g < 2; g++) {
            char file[700], what[800];
            snprintf(file, sizeof file, "%s.l%zu.%s.g%zu.mps", stem, k + 1, s[0]->id, g + 1);
            snprintf(what, sizeof what, "%s group %zu level %zu", label, g + 1, k + 1);
            assert_close(clp_optimum(file), p[0]->groups[g].levels[k].value, "clp", what);
        }
    }
    for (size_t i = 0; i < n; i++) {
        rf_plan_free(p[i]);
        rf_scenario_free(s[i]);
    }
    return levels;
}

Test(cmd_export, clp_and_glpsol_reach_every_level_of_the_bundled_county)
{
    REQUIRE_SOLVERS();
    char dir[64];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-export"));
    char stem[200];
    snprintf(stem, sizeof stem, "%s/2016", dir);
    const char *scen[] = {RF_SOURCE_DIR "/scenarios/example-county/2016.json"};
    cr_assert_eq(check_every_level(scen, 1, stem, false, true, "2016"), 9);
    cr_assert(rf_remove_tree(dir));
}

/* rf_gen counties have 4-character site ids ("S001"): clp used to misread
 * their MPS files, at every level whose objective is integrated_agri
 * ("Bad image at line 675 < g[S001,land] agri[] 1 >"), and took the
 * employment-base level's constant with the other sign. */
Test(cmd_export, clp_and_glpsol_reach_every_level_of_counties_with_4_character_site_ids)
{
    REQUIRE_SOLVERS();
    for (uint64_t seed = 11; seed <= 13; seed++) {
        char scen[600], stem[600], label[64];
        char *dir = make_county(seed, RF_POOLING_COUNTY, "x", scen);
        snprintf(stem, sizeof stem, "%s/x", dir);
        snprintf(label, sizeof label, "rf_gen seed %llu", (unsigned long long)seed);
        size_t len = 0;
        char *text = rf_read_file(scen, &len);
        cr_assert(text && strstr(text, "\"id\": \"S001\""));
        free(text);
        const char *one[] = {scen};
        check_every_level(one, 1, stem, false, false, label);
        cr_assert(rf_remove_tree(dir));
        free(dir);
    }
}

/* A site id of 230 characters, with the characters MPS and LP readers
 * choke on (blanks, commas, brackets, a colon, quotes, CJK): GLPK's writer
 * cut such names at 255 characters into duplicates that glpsol refused. */
static char *long_id(const char *site)
{
    char *id = malloc(300);
    int n = snprintf(id, 300, "安置点 [a, b]: \\\"site\\\" ");
    while (n < 226)
        id[n++] = 'x';
    snprintf(id + n, 300 - (size_t)n, "%s", site);
    return id;
}

/* text with every site id "S<nnn>" replaced by long_id. */
static char *with_long_site_ids(const char *text)
{
    size_t cap = strlen(text) * 4 + 4096, n = 0;
    char *out = malloc(cap);
    for (const char *p = text; *p;) {
        if (strncmp(p, "\"S", 2) == 0 && isdigit((unsigned char)p[2]) &&
            isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && p[5] == '"') {
            char site[8];
            snprintf(site, sizeof site, "%.4s", p + 1);
            char *id = long_id(site);
            n += (size_t)snprintf(out + n, cap - n, "\"%s\"", id);
            free(id);
            p += 6;
        } else {
            out[n++] = *p++;
        }
        cr_assert_lt(n + 400, cap);
    }
    out[n] = 0;
    return out;
}

Test(cmd_export, site_ids_of_200_characters_and_more_give_short_unique_names)
{
    REQUIRE_SOLVERS();
    for (int pooling = 0; pooling < 2; pooling++) {
        char dir[64];
        cr_assert(rf_temp_dir(dir, sizeof dir, "rf-export"));
        char *plain = county_text(15 + (uint64_t)pooling, "long");
        char *text = with_long_site_ids(plain);
        free(plain);
        write_county(dir, pooling ? RF_POOLING_SITE : RF_POOLING_COUNTY, "long", text);
        free(text);
        char scen[600], stem[600];
        snprintf(scen, sizeof scen, "%s/long.json", dir);
        snprintf(stem, sizeof stem, "%s/long", dir);
        const char *one[] = {scen};
        check_every_level(one, 1, stem, pooling == 1, false,
                          pooling ? "long ids, site pooling" : "long ids, county pooling");
        /* The map keeps the whole id. */
        char map[700];
        snprintf(map, sizeof map, "%s.l1.mps.names.csv", stem);
        size_t len = 0;
        char *names = rf_read_file(map, &len);
        cr_assert(names && strstr(names, "安置点 [a, b]: \"\"site\"\" xxx") &&
                      strstr(names, "xxxxS001"),
                  "%s", map);
        free(names);
        cr_assert(rf_remove_tree(dir));
    }
}

/* gen_small's policies (tests/gen_small.h): levels in another order or only
 * some of them, restricted uses, site pooling (a monolith of one block a
 * site), money short, ordinary and rich. */
Test(cmd_export, clp_and_glpsol_reach_every_level_of_random_policies)
{
    REQUIRE_SOLVERS();
    int pooled = 0, reordered = 0;
    for (uint64_t seed = 1000; seed < 1006; seed++) {
        char dir[64];
        cr_assert(rf_temp_dir(dir, sizeof dir, "rf-export"));
        gen_desc d;
        gen_draw(seed, seed % 4 == 3, &d);
        pooled += d.site_pooling;
        reordered += d.n_levels < 9 || d.levels[0] != 0 || d.levels[4] != 4;
        char *pol = gen_policy_json(&d, NULL);
        char *scen = gen_scenario_json(&d, NULL, NULL);
        cr_assert(gen_write(dir, "policy.json", pol) && gen_write(dir, "scenario.json", scen));
        free(pol);
        free(scen);
        char path[600], stem[600], label[64];
        snprintf(path, sizeof path, "%s/scenario.json", dir);
        snprintf(stem, sizeof stem, "%s/s", dir);
        snprintf(label, sizeof label, "gen_small seed %llu", (unsigned long long)seed);
        const char *one[] = {path};
        check_every_level(one, 1, stem, false, false, label);
        cr_assert(rf_remove_tree(dir));
    }
    cr_assert(pooled > 0 && reordered > 0, "poor coverage: %d site-pooled, %d reordered", pooled,
              reordered);
}

Test(cmd_export, the_monolith_of_several_counties_and_groups_has_the_sum_of_their_optima)
{
    REQUIRE_SOLVERS();
    char sa[600], sb[600], stem[600];
    char *a = make_county(21, RF_POOLING_SITE, "a", sa);
    char *b = make_county(22, RF_POOLING_COUNTY, "b", sb);
    snprintf(stem, sizeof stem, "%s/all", a);
    rf_scenario *s1;
    rf_plan *p1 = solve_alone(sa, &s1);
    cr_assert_gt(p1->n_groups, 1, "site pooling gives one group a site");
    rf_plan_free(p1);
    rf_scenario_free(s1);
    const char *both[] = {sa, sb};
    cr_assert_eq(check_every_level(both, 2, stem, true, false, "monolith"), 9);
    /* One group alone, written beside it, has that group's optimum. */
    rf_scenario *s2;
    rf_plan *p2 = solve_alone(sb, &s2);
    for (size_t k = 1; k <= 9; k++) {
        char one[700], what[64];
        snprintf(one, sizeof one, "%s.l%zu.b.g1.mps", stem, k);
        snprintf(what, sizeof what, "group b.g1 level %zu", k);
        assert_close(clp_optimum(one), p2->groups[0].levels[k - 1].value, "clp", what);
    }
    rf_plan_free(p2);
    rf_scenario_free(s2);
    cr_assert(rf_remove_tree(a) && rf_remove_tree(b));
    free(a);
    free(b);
}

/* ---- The names and their map ---- */

/* The names of a small export (a county of a few sites), each of at most
 * 15 characters, in a fixed table. */
#define MAX_NAMES 8192
typedef struct {
    char names[MAX_NAMES][16];
    size_t n;
} name_set;

static void add_name(name_set *s, const char *name, size_t len)
{
    cr_assert_lt(s->n, MAX_NAMES);
    cr_assert_lt(len, sizeof s->names[0], "name %.*s", (int)len, name);
    memcpy(s->names[s->n], name, len);
    s->names[s->n++][len] = 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* True when the sorted set s holds name. */
static bool has_name(const name_set *s, const char *name)
{
    return bsearch(name, s->names, s->n, sizeof s->names[0], by_text) != NULL;
}

/* The row names (ROWS) and column names (COLUMNS, once each) of an MPS
 * text, every one checked to be letters and digits only and every field
 * to start where fixed MPS has it (columns 2, 5, 15 and 25), so that a
 * reader that guesses fixed or free format reads it alike; long_names
 * counts the names of more than 8 characters (which may shift the fields
 * after them). */
static void mps_names(char *text, name_set *out, size_t *long_names)
{
    enum { NONE, ROWS, COLUMNS, OTHER } section = NONE;
    char last[64] = "";
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '*')
            continue;
        if (line[0] != ' ') {
            section = strcmp(line, "ROWS") == 0       ? ROWS
                      : strcmp(line, "COLUMNS") == 0  ? COLUMNS
                      : strncmp(line, "NAME", 4) == 0 ? NONE
                                                      : OTHER;
            continue;
        }
        cr_assert_neq(section, NONE, "%s", line);
        char type[8] = "", name[64] = "";
        if (section == ROWS)
            cr_assert_eq(sscanf(line, "%7s %63s", type, name), 2, "%s", line);
        else if (section == COLUMNS)
            cr_assert_eq(sscanf(line, "%63s", name), 1, "%s", line);
        else
            cr_assert_geq(sscanf(line, "%7s %63s", type, name), 2, "%s", line);
        for (const char *c = name; *c; c++)
            cr_assert(isalnum((unsigned char)*c), "name %s", name);
        *long_names += strlen(name) > 8;
        /* Blanks up to each field, whatever the section (RHS, BOUNDS too). */
        static const size_t starts[] = {4, 14, 24};
        size_t at = 1 + strspn(line + 1, " ");
        cr_assert(at == 1 || at == 4, "first field of \"%s\"", line);
        if (at == 1)
            at += strcspn(line + 1, " ") + strspn(line + 1 + strcspn(line + 1, " "), " ");
        for (size_t k = 0; k < 3 && line[at]; k++) {
            cr_assert_eq(at, starts[k], "field %zu of \"%s\"", k + 1, line);
            at += strcspn(line + at, " ");
            at += strspn(line + at, " ");
        }
        if (section == ROWS || (section == COLUMNS && strcmp(name, last) != 0))
            add_name(out, name, strlen(name));
        snprintf(last, sizeof last, "%s", name);
    }
}

/* Reads a name map (header, then name,block,meaning,site,source,use,class
 * a line): the names into out, and the meaning of column c<col+1> of a
 * one-block file into meaning (malloc'd). */
static void map_names(char *text, name_set *out, size_t col, char **meaning)
{
    char *line = strtok(text, "\n");
    cr_assert_str_eq(line, "name,block,meaning,site,source,use,class");
    char want[32];
    snprintf(want, sizeof want, "c%zu,", col + 1);
    while ((line = strtok(NULL, "\n")) != NULL) {
        size_t len = strcspn(line, ",");
        add_name(out, line, len);
        if (strncmp(line, want, strlen(want)) == 0) {
            const char *m = strchr(line + len + 1, ',') + 1; /* after the block */
            /* Quoted when it holds a comma; these ids hold no quote. */
            *meaning =
                *m == '"' ? strndup(m + 1, strcspn(m + 1, "\"")) : strndup(m, strcspn(m, ","));
        }
    }
}

Test(cmd_export, the_name_map_beside_each_file_names_every_row_and_column_once)
{
    char scen[600], mps[600], lp[600];
    char *dir = make_county(31, RF_POOLING_COUNTY, "x", scen);
    snprintf(mps, sizeof mps, "%s/x.mps", dir);
    snprintf(lp, sizeof lp, "%s/x.lp", dir);
    const char *argv[] = {"export", scen, "--mps", mps, "--lp", lp, "--level", "7", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    rf_run_free(&r);

    size_t len = 0, long_names = 0;
    char *text = rf_read_file(mps, &len);
    cr_assert_not_null(text);
    cr_assert_null(strchr(strstr(text, "NAME"), '['), "no bracketed name is left");
    name_set *in_file = calloc(1, sizeof *in_file);
    mps_names(text, in_file, &long_names);
    free(text);
    cr_assert_eq(long_names, 0, "every name fits the 8 characters of fixed MPS");

    /* Every name of the file is in the map once, and nothing else is. */
    char map_path[700];
    snprintf(map_path, sizeof map_path, "%s.names.csv", mps);
    char *map = rf_read_file(map_path, &len);
    cr_assert_not_null(map, "%s", map_path);
    name_set *in_map = calloc(1, sizeof *in_map);
    char *meaning = NULL;
    rf_scenario *s;
    rf_plan *p = solve_alone(scen, &s);
    size_t col = 5;
    map_names(map, in_map, col, &meaning);
    free(map);
    cr_assert_eq(in_file->n, in_map->n);
    qsort(in_file->names, in_file->n, sizeof in_file->names[0], by_text);
    qsort(in_map->names, in_map->n, sizeof in_map->names[0], by_text);
    for (size_t i = 0; i < in_file->n; i++) {
        cr_assert_str_eq(in_file->names[i], in_map->names[i]);
        cr_assert(i == 0 || strcmp(in_file->names[i - 1], in_file->names[i]) != 0, "%s twice",
                  in_file->names[i]);
    }
    /* Level 7 (employment_base) has a constant term: the column "one"
     * carries it; the levels after 7 are documented in both files. */
    cr_assert(has_name(in_map, "one") && has_name(in_map, "l9"));
    cr_assert(!has_name(in_map, "l7"), "level 7 is the objective");
    char *lp_text = rf_read_file(lp, &len);
    cr_assert(lp_text && strstr(lp_text, " l6:") && strstr(lp_text, " l8:") &&
              strstr(lp_text, " l9:") && strstr(lp_text, " one"));
    free(lp_text);
    free(in_file);
    free(in_map);

    /* c<j+1> is column j of the model, named as rf_model_col_name names it. */
    rf_error err = {0};
    rf_model *m = rf_model_build(s, p->groups[0].sites, p->groups[0].n_sites, &err);
    cr_assert_not_null(m, "%s", err.message);
    char want[256];
    rf_model_col_name(m, col, want, sizeof want);
    cr_assert_not_null(meaning);
    cr_assert_str_eq(meaning, want);
    free(meaning);
    rf_model_free(m);
    rf_plan_free(p);
    rf_scenario_free(s);
    cr_assert(rf_remove_tree(dir));
    free(dir);
}

Test(cmd_export, leaves_no_file_when_the_folder_cannot_be_written)
{
    char scen[600];
    char *dir = make_county(31, RF_POOLING_COUNTY, "x", scen);
    const char *argv[] = {"export", scen, "--mps", "/nonexistent-dir/x.mps", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_assert_eq(r.exit_code, 4, "%s", r.err);
    cr_assert(strstr(r.err, "/nonexistent-dir/x.mps"));
    rf_run_free(&r);
    const char *none[] = {"export", scen, NULL};
    r = rf_run_cli(none);
    cr_assert_eq(r.exit_code, 2);
    cr_assert(strstr(r.err, "--mps FILE or --lp FILE"));
    rf_run_free(&r);
    cr_assert(rf_remove_tree(dir));
    free(dir);
}

Test(rf_export, lists_each_level_file_then_its_name_map_then_each_group_alone)
{
    char scen[600];
    char *dir = make_county(33, RF_POOLING_SITE, "c1", scen);
    const char *args[] = {scen};
    rf_batch *b = NULL;
    rf_diags d = {0};
    cr_assert_eq(rf_batch_open(args, 1, &b, &d), RF_OK);
    rf_batch_options bo = {.threads = 1};
    rf_error err = {0};
    cr_assert_eq(rf_batch_run(b, &bo, &err), RF_OK, "%s", err.message);
    cr_assert_gt(b->counties[0].plan->n_groups, 1, "site pooling: a group a site");
    rf_export_options eo = {.lp_path = "out/m.lp", .all_levels = true, .per_group = true};
    cr_expect(rf_export_needs_optima(&eo));
    rf_export *x = NULL;
    cr_assert_eq(rf_export_new(b, &eo, &x, &err), RF_OK, "%s", err.message);
    size_t groups = b->counties[0].plan->n_groups;
    size_t levels = b->counties[0].scenario->policy->n_levels;
    cr_assert_eq(rf_export_count(x), levels * (1 + groups) * 2);
    const rf_export_file *f = rf_export_file_at(x, 0);
    cr_expect_str_eq(f->path, "out/m.l1.lp");
    cr_expect_eq(f->kind, RF_EXPORT_LP);
    cr_expect_eq(f->n, groups);
    f = rf_export_file_at(x, 1);
    cr_expect_str_eq(f->path, "out/m.l1.lp.names.csv");
    cr_expect_eq(f->kind, RF_EXPORT_NAMES);
    f = rf_export_file_at(x, 2);
    cr_expect_str_eq(f->path, "out/m.l1.c1.g1.lp");
    cr_expect_eq(f->first, 0);
    cr_expect_eq(f->n, 1);
    f = rf_export_file_at(x, rf_export_count(x) - 1);
    cr_expect_eq(f->level, levels - 1);
    rf_export_free(x);

    rf_export_options bad = {.lp_path = "out/m.lp", .level = levels};
    cr_expect_eq(rf_export_new(b, &bad, &x, &err), RF_ERR_INPUT);
    cr_expect(strstr(err.message, "objective levels"), "%s", err.message);
    rf_batch_free(b);
    rf_diags_free(&d);
    cr_assert(rf_remove_tree(dir));
    free(dir);
}
