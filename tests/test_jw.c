/* Tests of rf_jw, the one JSON writer: layouts, commas, escaping, stream errors. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"
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

/* The bytes rf_json_string escapes, and their neighbours that it does not. */
static const unsigned char EDGE_BYTES[] = {0x00, 0x01, 0x0A, 0x1F, 0x20, 0x21, '"',  0x23, 0x5B,
                                           '\\', 0x5D, 0x7E, 0x7F, 0x80, 0x9F, 0xE5, 0xFF};

/* Every edge byte at every place of strings of every length up to 40 (so
 * the word-at-a-time scan is tried at each offset and in its tail), as a
 * key and as a value: the writer's form is rf_json_string's. */
Test(rf_jw, writes_every_string_in_rf_json_strings_form)
{
    for (size_t len = 1; len <= 40; len++) {
        for (size_t at = 0; at < len; at++) {
            for (size_t b = 0; b < sizeof EDGE_BYTES; b++) {
                char s[41];
                memset(s, 'a', len);
                s[at] = (char)EDGE_BYTES[b];
                s[len] = '\0';
                /* A key is a C string: a NUL ends it, so NUL is tried as a
                 * value only. */
                bool as_key = EDGE_BYTES[b] != 0;
                char *want = NULL;
                size_t want_len = 0;
                FILE *f = open_memstream(&want, &want_len);
                cr_assert_not_null(f);
                fputc('[', f);
                rf_json_string(f, s, len);
                if (as_key) {
                    fputs(", {", f);
                    rf_json_string(f, s, len);
                    fputs(": 1}", f);
                }
                fputs("]\n", f);
                fclose(f);
                sink k;
                sink_open(&k);
                rf_jw_array(&k.w, NULL, &RF_JW_INLINE);
                rf_jw_string_n(&k.w, NULL, s, len);
                if (as_key) {
                    rf_jw_object(&k.w, NULL, &RF_JW_INLINE);
                    rf_jw_int(&k.w, s, 1);
                    rf_jw_end(&k.w);
                }
                expect(&k, want);
                free(want);
            }
        }
    }
}

/* A document many times the writer's buffer, with strings and raw text
 * longer than the buffer, plain and escaped, arrives whole and in order. */
Test(rf_jw, writes_documents_larger_than_its_buffer_whole)
{
    size_t big = 3 * RF_JW_BUF + 17;
    char *plain = malloc(big + 1), *escaped = malloc(big + 1);
    cr_assert(plain && escaped);
    for (size_t i = 0; i < big; i++) {
        plain[i] = (char)('a' + i % 26);
        escaped[i] = i % 1000 == 999 ? '"' : (char)('a' + i % 26);
    }
    plain[big] = escaped[big] = '\0';
    char *want = NULL;
    size_t want_len = 0;
    FILE *f = open_memstream(&want, &want_len);
    cr_assert_not_null(f);
    sink s;
    sink_open(&s);
    fputs("[", f);
    rf_jw_array(&s.w, NULL, &RF_JW_TIGHT);
    for (int i = 0; i < 5000; i++) {
        fprintf(f, "%s%d,%d.25,\"k%d\"", i ? "," : "", i, i, i);
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        rf_jw_int(&s.w, NULL, i);
        rf_jw_yuan(&s.w, NULL, (rf_fen)i * 100 + 25);
        rf_jw_string(&s.w, NULL, k);
        if (i % 1000 == 500) {
            fputc(',', f);
            rf_json_string(f, i % 2000 == 500 ? plain : escaped, big);
            fprintf(f, ",%s", plain);
            rf_jw_string(&s.w, NULL, i % 2000 == 500 ? plain : escaped);
            rf_jw_raw(&s.w, NULL, plain);
        }
    }
    fputs("]\n", f);
    fclose(f);
    expect(&s, want);
    free(want);
    free(plain);
    free(escaped);
}
