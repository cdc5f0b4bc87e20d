/* rf_json: locations of parsed nodes, raw number texts, and every way a
 * file can fail to be JSON. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rf_json.h"
#include "support.h"

typedef struct {
    rf_json_ctx *ctx;
    rf_diags diags;
    cJSON *root;
} parsed;

static parsed parse(const char *text)
{
    parsed p = {rf_json_ctx_new(), {0}, NULL};
    p.root = rf_json_parse(p.ctx, "t.json", text, strlen(text), &p.diags);
    return p;
}

static void done(parsed *p)
{
    rf_json_delete(p->ctx, p->root);
    rf_json_ctx_free(p->ctx);
    rf_diags_free(&p->diags);
}

/* Asserts that parsing text fails with one error at line:col whose message
 * starts with prefix. */
static void expect_error(const char *text, int line, int col, const char *prefix)
{
    parsed p = parse(text);
    cr_expect_null(p.root, "%s", text);
    cr_assert_eq(p.diags.count, 1, "%s: %zu diagnostics", text, p.diags.count);
    cr_expect_eq(p.diags.items[0].line, line, "%s: line %d", text, p.diags.items[0].line);
    cr_expect_eq(p.diags.items[0].column, col, "%s: column %d", text, p.diags.items[0].column);
    cr_expect(strncmp(p.diags.items[0].message, prefix, strlen(prefix)) == 0, "%s: %s", text,
              p.diags.items[0].message);
    done(&p);
}

Test(rf_json_parse, records_line_and_column_of_every_node)
{
    parsed p = parse("{\n  \"a\": [1, {\"b\": true}],\n\t\"c\": \"x\"\n}");
    cr_assert_not_null(p.root);
    const rf_json_loc *l = rf_json_loc_of(p.ctx, p.root);
    cr_expect_eq(l->line, 1);
    cr_expect_eq(l->column, 1);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(p.root, "a");
    l = rf_json_loc_of(p.ctx, a);
    cr_expect_eq(l->line, 2);
    cr_expect_eq(l->column, 8);
    cr_expect_eq(l->key_line, 2);
    cr_expect_eq(l->key_column, 3);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(a, 1), "b");
    cr_expect_eq(rf_json_loc_of(p.ctx, b)->column, 18);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(p.root, "c");
    cr_expect_eq(rf_json_loc_of(p.ctx, c)->line, 3);
    cr_expect_eq(rf_json_loc_of(p.ctx, c)->column, 7);
    done(&p);
}

Test(rf_json_parse, keeps_the_raw_text_of_numbers)
{
    parsed p = parse("[8518.125e4, -0, 0.1]");
    cr_assert_not_null(p.root);
    const rf_json_loc *l = rf_json_loc_of(p.ctx, cJSON_GetArrayItem(p.root, 0));
    cr_expect_eq(l->len, 10);
    cr_expect(strncmp(l->text, "8518.125e4", l->len) == 0);
    l = rf_json_loc_of(p.ctx, cJSON_GetArrayItem(p.root, 1));
    cr_expect(l->len == 2 && strncmp(l->text, "-0", 2) == 0);
    done(&p);
}

Test(rf_json_parse, counts_columns_in_characters_and_accepts_crlf)
{
    parsed p = parse("{\"名称\": 1,\r\n\"x\": 2}");
    cr_assert_not_null(p.root);
    cr_expect_eq(rf_json_loc_of(p.ctx, p.root->child)->column, 8);
    const rf_json_loc *l = rf_json_loc_of(p.ctx, p.root->child->next);
    cr_expect_eq(l->line, 2);
    cr_expect_eq(l->column, 6);
    done(&p);
}

Test(rf_json_parse, reports_duplicate_keys_at_the_second_naming_the_first)
{
    parsed p = parse("{\"a\": 1,\n \"a\": 2}");
    cr_expect_null(p.root);
    cr_assert_eq(p.diags.count, 1);
    cr_expect_eq(p.diags.items[0].line, 2);
    cr_expect_eq(p.diags.items[0].column, 2);
    cr_expect_str_eq(p.diags.items[0].path, "a");
    cr_expect_str_eq(p.diags.items[0].message,
                     "duplicate key \"a\"; it is already given at line 1, column 2");
    done(&p);
}

Test(rf_json_parse, finds_duplicates_in_large_objects_too)
{
    char text[4096] = "{";
    for (int i = 0; i < 100; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "\"k%d\": %d, ", i % 60, i);
    strcat(text, "\"end\": 0}");
    parsed p = parse(text);
    cr_expect_null(p.root);
    cr_expect_eq(p.diags.count, 40);
    done(&p);
}

Test(rf_json_parse, explains_syntax_errors_where_they_are)
{
    expect_error("{\"a\": 1", 1, 8, "unexpected end of file: the JSON is truncated");
    expect_error("{\"a\": 1,}", 1, 9, "a trailing comma before '}'");
    expect_error("[1,]", 1, 4, "a trailing comma before ']'");
    expect_error("{\"a\": NaN}", 1, 7, "NaN and Infinity are not JSON");
    expect_error("{\"a\": Infinity}", 1, 7, "NaN and Infinity are not JSON");
    expect_error("{\"a\": -Infinity}", 1, 7, "-Infinity is not JSON");
    expect_error("{\"a\": 01}", 1, 7, "invalid number: leading zeros");
    expect_error("{\"a\": 1.}", 1, 7, "invalid number: a decimal point");
    expect_error("{\"a\": 1e}", 1, 7, "invalid number: an exponent");
    expect_error("{\"a\": +1}", 1, 7, "invalid number: JSON numbers have no '+'");
    expect_error("{}\n{}", 2, 1, "trailing data after the JSON value");
    expect_error("{'a': 1}", 1, 2, "invalid JSON: unexpected '''");
    expect_error("{\"a\" 1}", 1, 6, "invalid JSON: unexpected '1'; expected ':'");
    expect_error("[1 2]", 1, 4, "invalid JSON: unexpected '2'; expected ',' or ']'");
    expect_error("[tru]", 1, 2, "invalid JSON: unexpected 't'");
    expect_error("\"a\\x\"", 1, 3, "invalid escape");
    expect_error("\"\\ud800\"", 1, 2, "invalid \\u escape");
    expect_error("\"\\udc00\"", 1, 2, "invalid \\u escape: a lone low surrogate");
    expect_error("\"a\nb\"", 1, 3, "control character U+000A");
    expect_error("  ", 1, 3, "the file holds no JSON value");
    expect_error("[1e400]", 1, 2, "number out of range: 1e400");
}

Test(rf_json_parse, rejects_nesting_deeper_than_the_limit)
{
    char text[2 * RF_JSON_MAX_DEPTH + 8];
    memset(text, '[', RF_JSON_MAX_DEPTH);
    memset(text + RF_JSON_MAX_DEPTH, ']', RF_JSON_MAX_DEPTH);
    text[2 * RF_JSON_MAX_DEPTH] = '\0';
    parsed ok = parse(text);
    cr_expect_not_null(ok.root);
    done(&ok);
    char deeper[2 * RF_JSON_MAX_DEPTH + 8];
    memset(deeper, '[', RF_JSON_MAX_DEPTH + 1);
    memset(deeper + RF_JSON_MAX_DEPTH + 1, ']', RF_JSON_MAX_DEPTH + 1);
    deeper[2 * RF_JSON_MAX_DEPTH + 2] = '\0';
    expect_error(deeper, 1, RF_JSON_MAX_DEPTH + 1, "nesting too deep");
}

Test(rf_json_parse, rejects_bom_nul_and_invalid_utf8_with_their_position)
{
    expect_error("\xEF\xBB\xBF{}", 1, 1, "the file starts with a byte order mark");
    expect_error("{\"a\":\n \"\xD6\xD0\"}", 2, 3, "invalid UTF-8: byte 0xD6");
    expect_error("\"\xC0\xAF\"", 1, 2, "invalid UTF-8: byte 0xC0");     /* overlong */
    expect_error("\"\xED\xA0\x80\"", 1, 2, "invalid UTF-8: byte 0xED"); /* surrogate */
    parsed p = {rf_json_ctx_new(), {0}, NULL};
    p.root = rf_json_parse(p.ctx, "t.json", "[1,\0 2]", 7, &p.diags);
    cr_expect_null(p.root);
    cr_assert_eq(p.diags.count, 1);
    cr_expect_eq(p.diags.items[0].column, 4);
    cr_expect(strstr(p.diags.items[0].message, "NUL byte") != NULL);
    done(&p);
}

Test(rf_json_read_file, names_what_is_wrong_with_the_file_itself)
{
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    cr_expect_null(rf_json_read_file(ctx, "/nonexistent/x.json", &d));
    cr_expect_str_eq(d.items[0].message, "cannot read: No such file or directory");
    cr_expect_null(rf_json_read_file(ctx, RF_SOURCE_DIR "/tests", &d));
    cr_expect_str_eq(d.items[1].message, "is a directory; expected a JSON file");
    cr_expect_null(rf_json_read_file(ctx, RF_SOURCE_DIR "/tests/bad/empty-file.json", &d));
    cr_expect_str_eq(d.items[2].message, "the file is empty; expected a JSON object");
    cr_expect_eq(d.errors, 3);
    rf_diags_free(&d);
    rf_json_ctx_free(ctx);
}

Test(rf_json_relocate, marks_a_whole_tree_as_coming_from_elsewhere)
{
    parsed p = parse("{\"a\": {\"b\": 2.50}}");
    cr_assert(rf_json_relocate(p.ctx, p.root, "--set", 0, 0));
    const cJSON *b = p.root->child->child;
    const rf_json_loc *l = rf_json_loc_of(p.ctx, b);
    cr_expect_str_eq(l->file, "--set");
    cr_expect_eq(l->line, 0);
    cr_expect(l->len == 4 && strncmp(l->text, "2.50", 4) == 0);
    done(&p);
}

Test(rf_json_path_join, quotes_names_that_are_not_plain_words)
{
    char buf[64];
    cr_expect_str_eq(rf_json_path_join(buf, sizeof buf, "", "sites", 0), "sites");
    cr_expect_str_eq(rf_json_path_join(buf, sizeof buf, "sites", NULL, 3), "sites[3]");
    cr_expect_str_eq(rf_json_path_join(buf, sizeof buf, "sites[3]", "id", 0), "sites[3].id");
    cr_expect_str_eq(rf_json_path_join(buf, sizeof buf, "a", "x.y", 0), "a[\"x.y\"]");
}

Test(rf_json_read_file, gives_the_system_reason_for_an_unreadable_file)
{
    if (geteuid() == 0)
        cr_skip_test("root can read a file of mode 000");
    char *path = rf_write_temp(".json", "{}");
    cr_assert_not_null(path);
    chmod(path, 0);
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    cr_expect_null(rf_json_read_file(ctx, path, &d));
    cr_expect_str_eq(d.items[0].message, "cannot read: Permission denied");
    rf_diags_free(&d);
    rf_json_ctx_free(ctx);
    unlink(path);
    free(path);
}
