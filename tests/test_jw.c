/* Tests of rf_jw, the one JSON writer: layouts, commas, escaping, stream errors. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rf_jw.h"

/* A writer into memory; expect() finishes it and checks what was written. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
    rf_jw w;
} sink;

static void sink_open(sink *s)
{
    s->buf = NULL;
    s->f = open_memstream(&s->buf, &s->len);
    cr_assert_not_null(s->f);
    rf_jw_begin(&s->w, s->f);
}

/* Finishes the document and expects it to be want. */
static void expect(sink *s, const char *want)
{
    cr_expect_eq(rf_jw_finish(&s->w), RF_OK);
    fclose(s->f);
    cr_expect_str_eq(s->buf, want);
    free(s->buf);
}

static const rf_jw_layout TOP = {"\n  ", "\n  ", "\n", "", ": "};
static const rf_jw_layout LIST = {"\n    ", "\n    ", "\n  ", "\n  ", ": "};

Test(rf_jw, writes_every_int64)
{
    sink s;
    sink_open(&s);
    rf_jw_array(&s.w, NULL, &RF_JW_INLINE);
    rf_jw_int(&s.w, NULL, 0);
    rf_jw_int(&s.w, NULL, 7);
    rf_jw_int(&s.w, NULL, -10);
    rf_jw_int(&s.w, NULL, INT64_MAX);
    rf_jw_int(&s.w, NULL, INT64_MIN);
    expect(&s, "[0, 7, -10, 9223372036854775807, -9223372036854775808]\n");
}

Test(rf_jw, lays_out_each_container_as_its_layout_says)
{
    sink s;
    sink_open(&s);
    rf_jw_object(&s.w, NULL, &TOP);
    rf_jw_string(&s.w, "format", "x/1");
    rf_jw_object(&s.w, "totals", &RF_JW_INLINE);
    rf_jw_yuan(&s.w, "cost_yuan", 1234567);
    rf_jw_int(&s.w, "households", -3);
    rf_jw_end(&s.w);
    rf_jw_array(&s.w, "list", &LIST);
    rf_jw_object(&s.w, NULL, &RF_JW_TIGHT);
    rf_jw_bool(&s.w, "ok", true);
    rf_jw_null(&s.w, "why");
    rf_jw_end(&s.w);
    rf_jw_rawf(&s.w, NULL, "%.2f", 1.5);
    rf_jw_end(&s.w);
    rf_jw_array(&s.w, "none", &LIST);
    rf_jw_end(&s.w);
    rf_jw_array(&s.w, "inline", &RF_JW_INLINE);
    rf_jw_end(&s.w);
    expect(&s, "{\n"
               "  \"format\": \"x/1\",\n"
               "  \"totals\": {\"cost_yuan\": 12345.67, \"households\": -3},\n"
               "  \"list\": [\n"
               "    {\"ok\":true,\"why\":null},\n"
               "    1.50\n"
               "  ],\n"
               "  \"none\": [\n"
               "  ],\n"
               "  \"inline\": []\n"
               "}\n");
}

Test(rf_jw, a_separator_override_holds_for_the_next_comma_only)
{
    sink s;
    sink_open(&s);
    rf_jw_object(&s.w, NULL, &RF_JW_INLINE);
    rf_jw_int(&s.w, "a", 1);
    rf_jw_sep(&s.w, "\n   ");
    rf_jw_int(&s.w, "b", 2);
    rf_jw_int(&s.w, "c", 3);
    rf_jw_end(&s.w);
    expect(&s, "{\"a\": 1,\n   \"b\": 2, \"c\": 3}\n");
}

Test(rf_jw, escapes_keys_and_strings_in_the_one_form_and_writes_null_for_none)
{
    sink s;
    sink_open(&s);
    rf_jw_object(&s.w, NULL, &RF_JW_INLINE);
    rf_jw_array(&s.w, "k\"1", &RF_JW_INLINE);
    rf_jw_string(&s.w, NULL, "a\"b\\c\nd\te\rf\x7F安置");
    rf_jw_string(&s.w, NULL, NULL);
    rf_jw_string_n(&s.w, NULL, "x\0y", 3);
    rf_jw_yuan(&s.w, NULL, -5);
    rf_jw_end(&s.w);
    expect(&s, "{\"k\\\"1\": [\"a\\\"b\\\\c\\nd\\u0009e\\u000df\\u007f安置\", null, "
               "\"x\\u0000y\", -0.05]}\n");
}

Test(rf_jw, finish_closes_what_is_open_and_reports_a_stream_error)
{
    sink s;
    sink_open(&s);
    rf_jw_object(&s.w, NULL, &RF_JW_INLINE);
    rf_jw_array(&s.w, "a", &RF_JW_INLINE);
    rf_jw_int(&s.w, NULL, 1);
    expect(&s, "{\"a\": [1]}\n");

    FILE *ro = fopen("/dev/null", "r");
    cr_assert_not_null(ro);
    rf_jw w;
    rf_jw_begin(&w, ro);
    rf_jw_object(&w, NULL, &RF_JW_INLINE);
    rf_jw_string(&w, "k", "v");
    cr_expect_eq(rf_jw_finish(&w), RF_ERR_OUTPUT);
    fclose(ro);
}
