/* rf_patch: RFC 7386 merge patches and --set assignments on located trees. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_patch.h"

static rf_json_ctx *ctx;

static void setup(void)
{
    ctx = rf_json_ctx_new();
}

static void teardown(void)
{
    rf_json_ctx_free(ctx);
}

static cJSON *parse(const char *file, const char *text)
{
    rf_diags d = {0};
    cJSON *root = rf_json_parse(ctx, file, text, strlen(text), &d);
    cr_assert_not_null(root, "%s", text);
    rf_diags_free(&d);
    return root;
}

/* The tree at node with every node's location, as text, so that a change
 * to any of them shows. */
static void dump(const rf_json_ctx *c, const cJSON *node, FILE *out)
{
    const rf_json_loc *l = rf_json_loc_of(c, node);
    char *v = cJSON_IsObject(node) || cJSON_IsArray(node) ? NULL : cJSON_PrintUnformatted(node);
    fprintf(out, "%s@%s:%d:%d:%d:%d:%.*s=%s{", node->string ? node->string : "", l ? l->file : "-",
            l ? l->line : 0, l ? l->column : 0, l ? l->key_line : 0, l ? l->key_column : 0,
            l ? (int)l->len : 0, l && l->text ? l->text : "", v ? v : "");
    free(v);
    for (const cJSON *ch = node->child; ch; ch = ch->next)
        dump(c, ch, out);
    fputc('}', out);
}

static char *dump_text(const rf_json_ctx *c, const cJSON *node)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    dump(c, node, f);
    fclose(f);
    return buf;
}

/* A document parsed into a context of its own, and its dump then. */
typedef struct {
    rf_json_ctx *ctx;
    cJSON *root;
    char *before;
} shared_doc;

/* doc parsed into ctx, or (sd not NULL) a view in ctx of the document
 * parsed into sd. */
static cJSON *parse_as(shared_doc *sd, const char *file, const char *text)
{
    if (!sd)
        return parse(file, text);
    rf_diags d = {0};
    sd->ctx = rf_json_ctx_new();
    sd->root = rf_json_parse(sd->ctx, file, text, strlen(text), &d);
    cr_assert_not_null(sd->root, "%s", text);
    rf_diags_free(&d);
    sd->before = dump_text(sd->ctx, sd->root);
    cJSON *view = rf_json_share(ctx, sd->ctx, sd->root);
    cr_assert_not_null(view);
    char *seen = dump_text(ctx, view);
    cr_expect_str_eq(seen, sd->before, "a view reads, located, as the tree it shows");
    free(seen);
    return view;
}

/* Checks that the document of sd (if any) is as it was parsed whatever
 * was done to its view, then frees it. */
static void expect_unchanged(shared_doc *sd, const char *what)
{
    if (!sd)
        return;
    char *after = dump_text(sd->ctx, sd->root);
    cr_expect_str_eq(after, sd->before, "%s changed the tree its view shares", what);
    free(after);
    free(sd->before);
    rf_json_delete(sd->ctx, sd->root);
    rf_json_ctx_free(sd->ctx);
}

/* Merges patch into target and compares the result's compact print; with
 * shared, on views of trees that must stay as they are. */
static void expect_merge(const char *target, const char *patch, const char *result, bool shared)
{
    shared_doc st, sp;
    rf_json_ctx *own_ctx = ctx; /* a view's context must go before the shared tree's */
    if (shared)
        ctx = rf_json_ctx_new();
    cJSON *t = parse_as(shared ? &st : NULL, "t.json", target);
    cJSON *p = parse_as(shared ? &sp : NULL, "p.json", patch);
    cJSON *m = rf_patch_merge(ctx, t, p);
    char *s = cJSON_PrintUnformatted(m);
    cr_expect_str_eq(s, result, "%s + %s", target, patch);
    free(s);
    rf_json_delete(ctx, m);
    if (shared) {
        rf_json_ctx_free(ctx);
        ctx = own_ctx;
    }
    expect_unchanged(shared ? &st : NULL, "merging");
    expect_unchanged(shared ? &sp : NULL, "merging");
}

TestSuite(rf_patch, .init = setup, .fini = teardown);

/* The examples of RFC 7386, appendix A: target, patch, result. */
static const struct {
    const char *target, *patch, *result;
} MERGES[] = {
    {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
    {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
    {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
    {"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
    {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
    {"{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"},
    {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
    {"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
    {"[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"},
    {"{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"},
    {"{\"a\":\"foo\"}", "null", "null"},
    {"{\"a\":\"foo\"}", "\"bar\"", "\"bar\""},
    {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
    {"[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"},
    {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"},
};

Test(rf_patch, merge_follows_the_rfc_7386_examples)
{
    for (size_t i = 0; i < sizeof MERGES / sizeof MERGES[0]; i++)
        expect_merge(MERGES[i].target, MERGES[i].patch, MERGES[i].result, false);
}

Test(rf_patch, merge_on_views_gives_the_same_and_leaves_the_shared_trees_alone)
{
    for (size_t i = 0; i < sizeof MERGES / sizeof MERGES[0]; i++)
        expect_merge(MERGES[i].target, MERGES[i].patch, MERGES[i].result, true);
    /* deeper: objects merged into objects, nulls stripped from a new one */
    expect_merge("{\"a\":{\"b\":{\"c\":1,\"d\":[1,{\"e\":2}]},\"f\":\"g\"},\"h\":3}",
                 "{\"a\":{\"b\":{\"c\":null,\"x\":{\"y\":null,\"z\":1}}},\"i\":{\"j\":null}}",
                 "{\"a\":{\"b\":{\"d\":[1,{\"e\":2}],\"x\":{\"z\":1}},\"f\":\"g\"},\"h\":3,"
                 "\"i\":{}}",
                 true);
}

Test(rf_patch, merged_values_keep_the_file_they_came_from)
{
    cJSON *base = parse("base.json", "{\"a\": 1,\n \"b\": {\"x\": 2, \"y\": 3}}");
    cJSON *patch = parse("child.json", "{\"b\": {\"y\": 4}}");
    cJSON *m = rf_patch_merge(ctx, base, patch);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(m, "b");
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(b, "x");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, "y");
    cr_expect_str_eq(rf_json_loc_of(ctx, x)->file, "base.json");
    cr_expect_eq(rf_json_loc_of(ctx, x)->line, 2);
    cr_expect_str_eq(rf_json_loc_of(ctx, y)->file, "child.json");
    cr_expect_eq(rf_json_loc_of(ctx, y)->column, 13);
    cr_expect_eq(y->valuedouble, 4);
    /* order of members is kept when a value is replaced */
    cr_expect_str_eq(b->child->string, "x");
    rf_json_delete(ctx, m);
}

/* Applies PATH=VALUE (VALUE as JSON) to doc (with shared, to a view of
 * it, which must leave doc's tree as it was); returns the compact result
 * or the error "bad_path: message". */
static char *set(const char *doc, const char *path, const char *value, bool shared)
{
    shared_doc sd;
    rf_json_ctx *own_ctx = ctx; /* a view's context must go before the shared tree's */
    if (shared)
        ctx = rf_json_ctx_new();
    cJSON *root = parse_as(shared ? &sd : NULL, "d.json", doc);
    rf_path p;
    char bad[256];
    rf_error pe = {0};
    cr_assert(rf_path_parse(path, strlen(path), &p, &pe));
    cJSON *v = parse("--set", value);
    char *out;
    rf_error e = {0};
    if (rf_patch_set(ctx, root, &p, v, &e, bad, sizeof bad)) {
        out = cJSON_PrintUnformatted(root);
    } else {
        out = malloc(1100);
        snprintf(out, 1100, "%s: %s", bad, e.message);
    }
    rf_path_free(&p);
    rf_json_delete(ctx, root);
    if (shared) {
        rf_json_ctx_free(ctx);
        ctx = own_ctx;
    }
    expect_unchanged(shared ? &sd : NULL, path);
    return out;
}

/* Setting path to value in doc: the document after, or the message naming
 * the step that cannot be taken. */
static const struct {
    const char *doc, *path, *value, *want;
} SETS[] = {
    {"{\"a\":{\"b\":1}}", "a.b", "2", "{\"a\":{\"b\":2}}"},
    {"{\"a\":{\"b\":1}}", "a.c.d", "true", "{\"a\":{\"b\":1,\"c\":{\"d\":true}}}"},
    {"{\"s\":[{\"id\":\"A\"},{\"id\":\"B\"}]}", "s[1].id", "\"C\"",
     "{\"s\":[{\"id\":\"A\"},{\"id\":\"C\"}]}"},
    {"{\"s\":[1,2,3]}", "s[0]", "{\"x\":1}", "{\"s\":[{\"x\":1},2,3]}"},
    {"{\"s\":[1,2,3]}", "s[2]", "null", "{\"s\":[1,2,null]}"},
    {"{\"a\":1,\"b\":2}", "a", "[1]", "{\"b\":2,\"a\":[1]}"},
    {"{\"s\":[1]}", "s[1]", "2", "s[1]: index [1] is out of range: s has 1 element"},
    {"{\"s\":[]}", "s[0].a", "2", "s[0]: index [0] is out of range: s has 0 elements"},
    {"{\"a\":1}", "a.b", "2", "a.b: cannot set member \"b\": a is a number, not an object"},
    {"{\"a\":{}}", "a[0]", "2", "a[0]: cannot index [0]: a is an object, not an array"},
    {"{}", "x[0]", "2", "x[0]: member \"x\" does not exist, so index [0] is out of range"},
    {"[1]", "a", "2", "a: cannot set member \"a\": the document is an array, not an object"},
    /* by id: the first element whose "id" is that string, or the member */
    {"{\"s\":[{\"id\":\"A\",\"v\":1},{\"id\":\"B\",\"v\":2},{\"id\":\"B\"}]}", "s[B].v", "3",
     "{\"s\":[{\"id\":\"A\",\"v\":1},{\"id\":\"B\",\"v\":3},{\"id\":\"B\"}]}"},
    {"{\"s\":[{\"id\":\"A\"},{\"id\":\"B\"}]}", "s[A]", "{\"id\":\"Z\"}",
     "{\"s\":[{\"id\":\"Z\"},{\"id\":\"B\"}]}"},
    {"{\"f\":{\"loans\":{\"a\":1}}}", "f[loans].a", "2", "{\"f\":{\"loans\":{\"a\":2}}}"},
    {"{\"s\":[{\"id\":\"S01\"},{\"id\":\"S02\"}]}", "s[S03].v", "1",
     "s[S03]: unknown id \"S03\" in s; did you mean \"S01\"?"},
    {"{\"s\":[{\"id\":\"north\"},{\"id\":\"south\"}]}", "s[east].v", "1",
     "s[east]: unknown id \"east\" in s; expected one of: north, south"},
    {"{\"s\":[1,{\"v\":2}]}", "s[A]", "1",
     "s[A]: unknown id \"A\": s has no element with an \"id\""},
    {"{\"f\":{\"loans\":{}}}", "f[lons].a", "2",
     "f[lons]: unknown id \"lons\" in f; did you mean \"loans\"?"},
    {"{\"f\":{}}", "f[x]", "2", "f[x]: unknown id \"x\": f has no members"},
    {"{\"f\":3}", "f[x].a", "2", "f[x]: cannot take [x]: f is a number, not an array or an object"},
    {"{}", "x[A].b", "2", "x[A]: member \"x\" does not exist, so no element has id \"A\""},
};

Test(rf_patch, set_replaces_creates_indexes_and_names_the_bad_step)
{
    for (size_t i = 0; i < sizeof SETS / sizeof SETS[0]; i++) {
        char *got = set(SETS[i].doc, SETS[i].path, SETS[i].value, false);
        cr_expect_str_eq(got, SETS[i].want, "%s %s=%s", SETS[i].doc, SETS[i].path, SETS[i].value);
        free(got);
    }
}

Test(rf_patch, set_on_a_view_gives_the_same_and_leaves_the_shared_tree_alone)
{
    for (size_t i = 0; i < sizeof SETS / sizeof SETS[0]; i++) {
        char *got = set(SETS[i].doc, SETS[i].path, SETS[i].value, true);
        cr_expect_str_eq(got, SETS[i].want, "%s %s=%s", SETS[i].doc, SETS[i].path, SETS[i].value);
        free(got);
    }
}

Test(rf_patch, a_view_is_located_as_the_tree_it_shows)
{
    shared_doc sd;
    rf_json_ctx *own_ctx = ctx;
    ctx = rf_json_ctx_new();
    cJSON *v = parse_as(&sd, "s.json", "{\"a\": {\"b\": 12.50},\n \"c\": [true]}");
    rf_path p;
    rf_error e = {0};
    char bad[64];
    cr_assert(rf_path_parse("c[0]", 4, &p, &e));
    cr_assert(rf_patch_set(ctx, v, &p, parse("--set", "7"), &e, bad, sizeof bad));
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(v, "a"), "b");
    const rf_json_loc *l = rf_json_loc_of(ctx, b);
    cr_assert_not_null(l);
    cr_expect_str_eq(l->file, "s.json");
    cr_expect_eq(l->line, 1);
    cr_expect_eq(l->column, 13);
    cr_expect_eq(l->len, 5);
    cr_expect_eq(memcmp(l->text, "12.50", 5), 0);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "c");
    cr_expect_eq(rf_json_loc_of(ctx, c)->line, 2);
    cr_expect_eq(rf_json_loc_of(ctx, c)->key_column, 2);
    cr_expect_str_eq(rf_json_loc_of(ctx, c->child)->file, "--set");
    rf_path_free(&p);
    rf_json_delete(ctx, v);
    rf_json_ctx_free(ctx);
    ctx = own_ctx;
    expect_unchanged(&sd, "setting c[0]");
}
