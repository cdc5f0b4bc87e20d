/* The library's messages in Chinese (src/util/rf_msg_zh.c): every message
 * raised under src/ (outside src/cli) has a catalog entry whose Chinese
 * takes the same arguments; the CLI and serve give them in the chosen
 * language with the same locations, English unchanged. */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_error.h"
#include "support.h"

/* ---- the scan of the sources ---- */

/* The functions (and macros) that take a message format or a message, and
 * the position (from 0) of that argument. */
typedef struct {
    const char *name;
    int arg;
} raiser;

static const raiser RAISERS[] = {
    {"rf_diags_add", 6}, {"rf_error_set", 6}, {"rf_read_diag", 5},   {"rf_msg_format", 4},
    {"fail", 3},         {"row_fail", 3},     {"cell_error", 4},     {"fail_at", 2},
    {"add_error", 5},    {"PROBLEM", 0},      {"problem_format", 1}, {"csv_bad", 3},
    {"DIAG_BOTH", 4},    {"RF_MSG_BOTH", 4},
};

/* The CLI's: a literal format given to them is said through the catalog. */
static const raiser CLI_RAISERS[] = {{"cli_error", 0}, {"cli_warning", 0}, {"cli_note", 0}};

/* Appends the C string literal at *p (at its opening quote), unescaped, to
 * out; moves *p past it. */
static void take_literal(const char **p, char *out, size_t size)
{
    size_t n = strlen(out);
    const char *s = *p + 1;
    while (*s && *s != '"') {
        char c = *s++;
        if (c == '\\') {
            c = *s++;
            switch (c) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case '0':
                c = '\0';
                break;
            case 'x': {
                unsigned v = 0;
                while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
                       (*s >= 'A' && *s <= 'F')) {
                    v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' : (*s | 32) - 'a' + 10);
                    s++;
                }
                c = (char)v;
                break;
            }
            default:
                break; /* \" \\ \' stand for themselves */
            }
        }
        if (n + 1 < size)
            out[n++] = c;
    }
    out[n] = '\0';
    *p = *s ? s + 1 : s;
}

/* Skips a comment, string or character literal at *p; false when there is
 * none there. */
static bool skip_other(const char **p)
{
    const char *s = *p;
    if (s[0] == '/' && s[1] == '*') {
        const char *e = strstr(s + 2, "*/");
        *p = e ? e + 2 : s + strlen(s);
        return true;
    }
    if (s[0] == '/' && s[1] == '/') {
        const char *e = strchr(s, '\n');
        *p = e ? e : s + strlen(s);
        return true;
    }
    if (s[0] == '\'') {
        s++;
        while (*s && *s != '\'')
            s += *s == '\\' && s[1] ? 2 : 1;
        *p = *s ? s + 1 : s;
        return true;
    }
    return false;
}

typedef struct {
    const raiser *raisers; /* the calls to check */
    size_t n_raisers;
    size_t calls;    /* literal messages checked */
    size_t problems; /* failures reported */
} scan_count;

/* Checks the message literals of the call whose '(' is at open: each group
 * of adjacent literals in argument arg is one message. */
static void check_call(const char *file, int line, const char *name, int arg, const char *open,
                       scan_count *n)
{
    const char *s = open + 1;
    int depth = 0, at = 0;
    char msg[2048] = "";
    bool in_group = false;
    for (; *s; s++) {
        if (skip_other(&s)) {
            s--;
            continue;
        }
        if (*s == '"') {
            if (at == arg) {
                take_literal(&s, msg, sizeof msg);
                in_group = true;
            } else {
                char ignored[2048] = "";
                take_literal(&s, ignored, sizeof ignored);
            }
            s--;
            continue;
        }
        bool ends_group = in_group && !strchr(" \t\n", *s);
        if (ends_group) {
            /* a message is a group of literals: check it */
            n->calls++;
            bool composed = true; /* "%s: %s": only conversions and marks */
            for (const char *c = msg; *c; c++) {
                if (*c == '%') {
                    c++;
                    while (*c && !strchr("diuxXocspfFeEgGaA%", *c))
                        c++;
                    if (!*c)
                        break;
                    continue;
                }
                if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
                    composed = false;
            }
            const char *zh = rf_msg_zh(msg);
            if (!composed && !zh) {
                cr_expect_fail("%s:%d: %s: no Chinese in the catalog for \"%s\"", file, line, name,
                               msg);
                n->problems++;
            }
            msg[0] = '\0';
            in_group = false;
        }
        if (*s == '(' || *s == '[' || *s == '{')
            depth++;
        else if (*s == ')' || *s == ']' || *s == '}') {
            if (depth-- == 0)
                return;
        } else if (*s == ',' && depth == 0)
            at++;
    }
}

static bool ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void scan_file(size_t k, const char *shown, const char *text, void *ctx)
{
    (void)k;
    scan_count *n = ctx;
    int line = 1;
    for (const char *s = text; *s;) {
        const char *before = s;
        bool other = skip_other(&s);
        if (!other && *s == '"') {
            char ignored[4096] = "";
            take_literal(&s, ignored, sizeof ignored);
            other = true;
        }
        if (other) {
            for (const char *c = before; c < s; c++)
                line += *c == '\n';
            continue;
        }
        if (*s == '\n')
            line++;
        if (ident_char(*s) && (s == text || !ident_char(s[-1]))) {
            const char *e = s;
            while (ident_char(*e))
                e++;
            const char *open = e;
            while (*open == ' ')
                open++;
            for (size_t i = 0; *open == '(' && i < n->n_raisers; i++)
                if (strlen(n->raisers[i].name) == (size_t)(e - s) &&
                    memcmp(n->raisers[i].name, s, (size_t)(e - s)) == 0)
                    check_call(shown, line, n->raisers[i].name, n->raisers[i].arg, open, n);
            s = e;
            continue;
        }
        s++;
    }
}

Test(catalog, every_message_the_library_raises_has_its_chinese)
{
    static const char *const dirs[] = {"util", "input", "engine", "analysis", "report"};
    scan_count n = {RAISERS, sizeof RAISERS / sizeof RAISERS[0], 0, 0};
    rf_each_source(dirs, sizeof dirs / sizeof dirs[0], false, scan_file, &n);
    /* The scan finds the messages (a broken scan finding none would pass). */
    cr_expect_gt(n.calls, 350, "only %zu messages found", n.calls);
    cr_expect_eq(n.problems, 0);
}

Test(catalog, every_message_the_cli_writes_has_its_chinese)
{
    static const char *const dirs[] = {"cli"};
    scan_count n = {CLI_RAISERS, sizeof CLI_RAISERS / sizeof CLI_RAISERS[0], 0, 0};
    rf_each_source(dirs, sizeof dirs / sizeof dirs[0], false, scan_file, &n);
    cr_expect_gt(n.calls, 60, "only %zu messages found", n.calls);
    cr_expect_eq(n.problems, 0);
}

/* Whether the UTF-8 character ending just before p is a CJK ideograph. */
static bool after_ideograph(const char *start, const char *p)
{
    if (p - start < 3)
        return false;
    const unsigned char *u = (const unsigned char *)p - 3;
    unsigned cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    return (u[0] & 0xF0u) == 0xE0u && cp >= 0x4E00 && cp <= 0x9FFF;
}

Test(catalog, every_entry_takes_the_english_arguments_in_chinese_punctuation)
{
    const char *en, *zh;
    size_t i = 0;
    for (; rf_msg_entry(i, &en, &zh); i++) {
        cr_expect(rf_msg_same_arguments(en, zh), "the Chinese of \"%s\" takes other arguments: %s",
                  en, zh);
        cr_expect_str_eq(rf_msg_zh(en), zh, "\"%s\" is in the catalog twice", en);
        /* ASCII punctuation right after a Chinese word is a slip (JSON
         * between braces is written as JSON) */
        int braces = 0;
        for (const char *p = zh; *p; p++) {
            braces += *p == '{' ? 1 : *p == '}' ? -1 : 0;
            if (!braces && strchr(",;:?()!", *p) && after_ideograph(zh, p))
                cr_expect_fail("ASCII '%c' after a Chinese word in: %s", *p, zh);
        }
    }
    cr_expect_gt(i, 300);
    cr_expect_null(rf_msg_zh("no such message %s"));
}

/* ---- formatting ---- */

Test(rf_diags_add, formats_the_chinese_with_the_same_arguments)
{
    rf_diags d = {0};
    rf_diags_add(&d, RF_SEV_ERROR, "f.json", 3, 7, "sites[0].people", "must be %s; found %s",
                 "a whole number >= 0", "a string");
    rf_diags_add(&d, RF_SEV_ERROR, NULL, 0, 0, NULL,
                 "duplicate key \"%s\"; it is already given "
                 "at line %d, column %d",
                 "a string", 2, 5);
    rf_diags_add(&d, RF_SEV_WARNING, NULL, 0, 0, NULL, "--group %zu: %s has %zu budget group%s",
                 (size_t)3, "x.json", (size_t)2, "s");
    rf_diags_add(&d, RF_SEV_NOTE, NULL, 0, 0, NULL, "not in the catalog: %s %d%%", "an object", 42);
    cr_assert_eq(d.count, 4);
    cr_expect_str_eq(d.items[0].message, "must be a whole number >= 0; found a string");
    cr_expect_str_eq(d.items[0].message_zh, "必须是大于等于 0 的整数；实际：字符串");
    cr_expect_str_eq(d.items[0].file, "f.json");
    cr_expect_eq(d.items[0].line, 3);
    /* a quoted argument is the user's text: never translated */
    cr_expect_str_eq(d.items[1].message_zh, "重复的键“a string”；第 2 行第 5 列已给出");
    /* an English plural ending is taken, not said */
    cr_expect_str_eq(d.items[2].message_zh, "--group 3：x.json 有 2 个预算组");
    /* no entry: the English, its phrases in Chinese */
    cr_expect_str_eq(d.items[3].message, "not in the catalog: an object 42%");
    cr_expect_str_eq(d.items[3].message_zh, "not in the catalog: 对象 42%");
    rf_error e = {0};
    cr_expect_eq(rf_error_from_diags(&e, &d), RF_ERR_INPUT);
    cr_expect_str_eq(e.message_zh, d.items[0].message_zh);
    rf_diags_free(&d);
    rf_error_set(&e, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                 "the solver reached its time limit of %g s at %s; raise "
                 "solver.time_limit_seconds or use --time-limit",
                 2.5, "level 1");
    cr_expect_str_eq(e.message_zh, "求解器达到时间上限 2.5 秒（level 1）；请调高 "
                                   "solver.time_limit_seconds 或使用 --time-limit");
}

Test(rf_msg_same_arguments, compares_the_conversions_in_order)
{
    cr_expect(rf_msg_same_arguments("a %s b %zu", "甲 %s 乙 %zu"));
    cr_expect(rf_msg_same_arguments("%.*s of %d%%", "%.*s，%d%%"));
    cr_expect(rf_msg_same_arguments("group%s", "组%.0s"));
    cr_expect_not(rf_msg_same_arguments("%s %d", "%d %s"));
    cr_expect_not(rf_msg_same_arguments("%s", "%s %s"));
    cr_expect_not(rf_msg_same_arguments("%zu", "%u"));
    cr_expect_not(rf_msg_same_arguments("%.*s", "%s"));
    cr_expect_not(rf_msg_same_arguments("%s", "%n"));
}

/* ---- the CLI ---- */

/* Runs argv with LANG=lang (RELOCFUND_LANG unset); the caller frees. */
static rf_run_result run_lang(const char *lang, const char *const *argv)
{
    unsetenv("RELOCFUND_LANG");
    if (lang)
        setenv("LANG", lang, 1);
    else
        unsetenv("LANG");
    rf_run_result r = rf_run_cli(argv);
    unsetenv("LANG");
    return r;
}

static void expect_zh(const char *const *argv, int code, const char *expected_err)
{
    rf_run_result r = run_lang(NULL, argv);
    cr_expect_eq(r.exit_code, code, "%s", r.err);
    cr_expect_str_eq(r.err, expected_err);
    rf_run_free(&r);
}

Test(cli, bad_inputs_are_told_in_chinese_at_the_same_place)
{
    char *syntax = rf_write_temp(".json", "{\n  \"format\": \"relocfund-scenario/1\",\n}\n");
    char *type = rf_write_temp(".json", "[1, 2]\n");
    char want[2048];
    snprintf(want, sizeof want, "relocfund：错误：%s:3:1: JSON 不允许“}”前有多余的逗号；请删除\n",
             syntax);
    expect_zh((const char *[]){"--lang", "zh", "validate", syntax, NULL}, 2, want);
    snprintf(want, sizeof want, "relocfund：错误：%s:1:1: 情景必须是 JSON 对象；实际：数组\n",
             type);
    expect_zh((const char *[]){"--lang", "zh", "validate", type, NULL}, 2, want);
    expect_zh((const char *[]){"--lang", "zh", "validate", "tests/bad/count-string.json", NULL}, 2,
              "relocfund：错误：tests/bad/count-string.json:44:19: sites[0].synchronous.people: "
              "必须是大于等于 0 的整数；实际：字符串\n");
    expect_zh((const char *[]){"--lang", "zh", "solve", "scenarios/example-county/2016.json",
                               "--set", "sites[0].costs.housng_per_m2=1", NULL},
              2,
              "relocfund：错误：--set sites[0].costs.housng_per_m2: "
              "未知的成员“housng_per_m2”；是否想输入“housing_per_m2”？\n");
    /* English for --lang en and for a language that says nothing */
    rf_run_result r =
        run_lang("C", (const char *[]){"validate", "tests/bad/count-string.json", NULL});
    cr_expect(strstr(r.err, "must be a whole number >= 0; found a string"), "%s", r.err);
    rf_run_free(&r);
    r = run_lang("zh_CN.UTF-8",
                 (const char *[]){"--lang", "en", "solve", "scenarios/example-county/2016.json",
                                  "--set", "sites[0].costs.housng_per_m2=1", NULL});
    cr_expect_str_eq(r.err, "relocfund: error: --set sites[0].costs.housng_per_m2: unknown member "
                            "\"housng_per_m2\"; did you mean \"housing_per_m2\"?\n");
    rf_run_free(&r);
    /* LANG alone chooses Chinese */
    r = run_lang("zh_CN.UTF-8", (const char *[]){"validate", type, NULL});
    cr_expect(strstr(r.err, "情景必须是 JSON 对象；实际：数组"), "%s", r.err);
    rf_run_free(&r);
    free(syntax);
    free(type);
}

Test(cli, a_bad_roster_row_is_told_in_chinese)
{
    char *roster = rf_write_temp(
        ".csv", "household_id,site_id,category,size,area_m2,self_funded_yuan,moved_in_date,"
                "demolition_agreement,demolished_date\n"
                "H1,S01,registered,4,100,abc,,yes,\n");
    rf_run_result en =
        run_lang(NULL, (const char *[]){"audit", roster, "--scenario",
                                        "scenarios/example-county/2016.json", "--strict", NULL});
    rf_run_result zh =
        run_lang(NULL, (const char *[]){"--lang", "zh", "audit", roster, "--scenario",
                                        "scenarios/example-county/2016.json", "--strict", NULL});
    cr_expect_eq(en.exit_code, 2, "%s", en.err);
    cr_expect_eq(zh.exit_code, 2, "%s", zh.err);
    char want[1024];
    snprintf(want, sizeof want,
             "relocfund: error: %s:2:6: column self_funded_yuan: \"abc\" is not "
             "an amount",
             roster);
    cr_expect(strstr(en.err, want), "%s", en.err);
    snprintf(want, sizeof want, "relocfund：错误：%s:2:6: column self_funded_yuan: “abc”不是金额",
             roster);
    cr_expect(strstr(zh.err, want), "%s", zh.err);
    rf_run_free(&en);
    rf_run_free(&zh);
    free(roster);
}

/* Every case of the bad-input corpus (tests/bad, pinned in English by
 * test_bad_inputs) exits alike in Chinese, with as many lines, each at the
 * same location and in Chinese words. */
Test(cli, the_bad_input_corpus_in_chinese)
{
    DIR *dir = opendir(RF_SOURCE_DIR "/tests/bad");
    cr_assert_not_null(dir);
    struct dirent *e;
    size_t cases = 0;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[600], args_path[600];
        snprintf(path, sizeof path, "tests/bad/%s", e->d_name);
        snprintf(args_path, sizeof args_path, "tests/bad/%.*s.args", (int)(len - 5), e->d_name);
        const char *argv[64];
        size_t argc = 0;
        argv[argc++] = "--lang";
        argv[argc++] = "en";
        argv[argc++] = "validate";
        char *args = rf_read_file(args_path, NULL);
        for (char *l = args ? strtok(args, "\n") : NULL; l && argc < 60; l = strtok(NULL, "\n"))
            argv[argc++] = l;
        argv[argc++] = path;
        argv[argc] = NULL;
        rf_run_result en = run_lang(NULL, argv);
        argv[1] = "zh";
        rf_run_result zh = run_lang(NULL, argv);
        cr_expect_eq(zh.exit_code, en.exit_code, "%s", path);
        cr_expect_eq(rf_count(zh.err, "\n"), rf_count(en.err, "\n"), "%s:\n%s\n%s", path, en.err,
                     zh.err);
        char *se = NULL, *sz = NULL;
        for (char *a = strtok_r(en.err, "\n", &se), *b = strtok_r(zh.err, "\n", &sz); a && b;
             a = strtok_r(NULL, "\n", &se), b = strtok_r(NULL, "\n", &sz)) {
            /* the severity word in Chinese, then the same location up to
             * the message's first word */
            static const char *const words[][2] = {{"relocfund: error: ", "relocfund：错误："},
                                                   {"relocfund: warning: ", "relocfund：警告："},
                                                   {"relocfund: note: ", "relocfund：提示："}};
            size_t w = 0;
            while (w < 3 && strncmp(a, words[w][0], strlen(words[w][0])) != 0)
                w++;
            cr_assert_lt(w, 3, "%s: %s", path, a);
            cr_expect(strncmp(b, words[w][1], strlen(words[w][1])) == 0, "%s: %s", path, b);
            a += strlen(words[w][0]);
            b += strncmp(b, words[w][1], strlen(words[w][1])) == 0 ? strlen(words[w][1]) : 0;
            size_t same = 0;
            while (a[same] && a[same] == b[same])
                same++;
            bool chinese = false;
            for (const unsigned char *u = (const unsigned char *)b + same; *u; u++)
                chinese |= *u >= 0xE4 && *u <= 0xE9;
            cr_expect(chinese, "%s: not in Chinese: %s", path, b);
            cr_expect(same >= strlen("tests/bad/"), "%s: %s\n%s", path, a, b);
        }
        rf_run_free(&en);
        rf_run_free(&zh);
        free(args);
        cases++;
    }
    closedir(dir);
    cr_expect_gt(cases, 50);
}

/* The tool's own messages (output files, options) in Chinese, with the
 * Chinese severity word; the same runs in English stay as they were. */
Test(cli, the_tools_own_messages_are_told_in_chinese)
{
    const char *scenario = "scenarios/example-county/2016.json";
    const char *const unwritable[] = {
        "--lang", "zh", "solve", scenario, "-o", "/nonexistent-relocfund-dir/plan.txt", NULL};
    rf_run_result r = run_lang(NULL, unwritable);
    cr_expect_eq(r.exit_code, 4, "%s", r.err);
    cr_expect(strstr(r.err, "relocfund：错误：/nonexistent-relocfund-dir/plan.txt：无法写出："
                            "没有这个文件或文件夹\n"),
              "%s", r.err);
    cr_expect(strstr(r.err, "relocfund：提示：") == r.err, "%s", r.err);
    cr_expect_null(strstr(r.err, "relocfund: "), "%s", r.err);
    rf_run_free(&r);
    expect_zh((const char *[]){"--lang", "zh", "solve", "--otput", "x", NULL}, 2,
              "relocfund：错误：solve：未知选项“--otput”；是否想输入“--output”？"
              "（“relocfund solve --help”列出它的选项）\n");
    expect_zh(
        (const char *[]){"--lang", "zh", "solve", scenario, "-o", "x.json", "--format", "md", NULL},
        2,
        "relocfund：错误：-o x.json：扩展名表示 json，但 --format 是 md；"
        "请去掉 --format 或使两者一致\n");
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-msg"));
    char want[1024];
    snprintf(want, sizeof want,
             "relocfund：错误：%s：无法写出：它是文件夹；relocfund 只写入普通文件、标准输出"
             "（-o - 或 /dev/stdout）、/dev/null 和终端\n",
             dir);
    r = run_lang(NULL, (const char *[]){"--lang", "zh", "solve", scenario, "-o", dir, NULL});
    cr_expect_eq(r.exit_code, 4, "%s", r.err);
    cr_expect(strstr(r.err, want), "%s", r.err);
    rf_run_free(&r);
    r = run_lang(NULL, (const char *[]){"--lang", "zh", "solve", NULL});
    cr_expect_eq(r.exit_code, 2);
    cr_expect(strncmp(r.err, "relocfund：错误：solve 需要一个情景文件\n用法：relocfund solve",
                      strlen("relocfund：错误：solve 需要一个情景文件\n用法：relocfund solve")) ==
                  0,
              "%s", r.err);
    rf_run_free(&r);
    /* English for --lang en and for LANG=C, byte for byte */
    const char *english[] = {"solve", scenario, "-o", "/nonexistent-relocfund-dir/plan.txt", NULL};
    const char *const en_want =
        "relocfund: note: scenarios/example-county/2016.json: 2 warnings; 'relocfund validate "
        "scenarios/example-county/2016.json' lists them\n"
        "relocfund: error: /nonexistent-relocfund-dir/plan.txt: cannot write: No such file or "
        "directory\n";
    r = run_lang("C", english);
    cr_expect_eq(r.exit_code, 4);
    cr_expect_str_eq(r.err, en_want);
    rf_run_free(&r);
    r = run_lang("zh_CN.UTF-8", (const char *[]){"--lang", "en", "solve", scenario, "-o",
                                                 "/nonexistent-relocfund-dir/plan.txt", NULL});
    cr_expect_eq(r.exit_code, 4);
    cr_expect_str_eq(r.err, en_want);
    rf_run_free(&r);
    r = run_lang("C", (const char *[]){"solve", "--otput", "x", NULL});
    cr_expect_str_eq(r.err, "relocfund: error: solve: unknown option '--otput'; did you mean "
                            "'--output'? ('relocfund solve --help' lists its options)\n");
    rf_run_free(&r);
    rf_remove_tree(dir);
}

/* A command that stops for a missing option (audit without --scenario,
 * export without a format file, whatif without a change) prints its help
 * in the language of its message: the Chinese help under --lang zh, the
 * English usage under --lang en. */
Test(cli, a_missing_option_prints_the_help_in_the_messages_language)
{
    const char *scenario = "scenarios/example-county/2016.json";
    const struct {
        const char *command, *arg, *zh_error, *en_error;
    } cases[] = {
        {"audit", "roster.csv", "relocfund：错误：audit 需要 --scenario SCENARIO",
         "relocfund: error: audit needs --scenario SCENARIO"},
        {"export", scenario, "relocfund：错误：export 需要 --mps FILE",
         "relocfund: error: export needs --mps FILE"},
        {"whatif", scenario, "relocfund：错误：whatif 至少需要一个 --set",
         "relocfund: error: whatif needs at least one --set"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char zh_usage[64], en_usage[64];
        snprintf(zh_usage, sizeof zh_usage, "\n用法：relocfund %s ", cases[i].command);
        snprintf(en_usage, sizeof en_usage, "\nusage: relocfund %s ", cases[i].command);
        rf_run_result r = run_lang(
            NULL, (const char *[]){"--lang", "zh", cases[i].command, cases[i].arg, NULL});
        cr_expect_eq(r.exit_code, 2, "%s: %s", cases[i].command, r.err);
        cr_expect(strncmp(r.err, cases[i].zh_error, strlen(cases[i].zh_error)) == 0, "%s", r.err);
        cr_expect(strstr(r.err, zh_usage), "%s", r.err);
        cr_expect_null(strstr(r.err, "usage:"), "%s", r.err);
        rf_run_free(&r);
        r = run_lang(NULL, (const char *[]){"--lang", "en", cases[i].command, cases[i].arg, NULL});
        cr_expect_eq(r.exit_code, 2, "%s: %s", cases[i].command, r.err);
        cr_expect(strncmp(r.err, cases[i].en_error, strlen(cases[i].en_error)) == 0, "%s", r.err);
        cr_expect(strstr(r.err, en_usage), "%s", r.err);
        rf_run_free(&r);
    }
}
