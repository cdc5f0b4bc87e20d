/* relocfund serve: the API against the CLI, the hostile requests, saving a
 * variant, and rf_plan_solve_live against rf_plan_solve. */
#include "serve_client.h"

#include <cjson/cJSON.h>
#include <sys/stat.h>

#include "rf_plan.h"
#include "rf_resolver.h"
#include "rf_result.h"
#include "rf_session.h"
#include "support.h"

#define COUNTY "scenarios/example-county/2016.json"

/* argv of `relocfund CMD COUNTY --set S... --format json`. */
static rf_run_result cli_with_sets(const char *cmd, const char *const *sets, size_t n)
{
    const char *argv[64] = {cmd, COUNTY, "--format", "json"};
    size_t k = 4;
    for (size_t i = 0; i < n && k < 62; i++) {
        argv[k++] = "--set";
        argv[k++] = sets[i];
    }
    argv[k] = NULL;
    return rf_run_cli(argv);
}

/* The error lines of the CLI's stderr (without notes), joined by \n. */
static char *cli_error_lines(const char *err)
{
    char *out = calloc(1, strlen(err) + 1);
    for (const char *p = err; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (strncmp(p, "relocfund: note:", 16) != 0) {
            if (*out)
                strcat(out, "\n");
            strncat(out, p, n);
        }
        p = e ? e + 1 : p + n;
    }
    return out;
}

/* The member key ("messages", "messages_zh") of an error document,
 * unescaped enough for the CLI's lines (\" and \\), joined by \n. */
static char *api_error_lines(const char *body, const char *key)
{
    char opening[64];
    snprintf(opening, sizeof opening, "\"%s\": [", key);
    const char *m = strstr(body, opening);
    cr_assert_not_null(m, "no %s in %s", key, body);
    char *out = calloc(1, strlen(body) + 1);
    size_t k = 0;
    for (const char *p = strchr(m + strlen(opening) - 1, '"'); p && *p == '"';) {
        if (k)
            out[k++] = '\n';
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\')
                p++;
            out[k++] = *p;
        }
        p = strchr(p + 1, '"');
        const char *close = strchr(m, ']');
        if (p && close && p > close)
            break;
    }
    return out;
}

static served sv;

static void start(void)
{
    serve_start(&sv, COUNTY, NULL);
}

static void stop(void)
{
    cr_expect_eq(serve_stop(&sv, SIGTERM), 0, "serve did not exit 0 on SIGTERM");
}

/* Solves through the API and with the CLI; expects the same bytes. */
static void expect_solve_as_cli(const char *const *sets, size_t n)
{
    char *body = set_body(sets, n);
    http_reply r = http_call(&sv, "POST", "/api/solve", NULL, body);
    rf_run_result c = cli_with_sets("solve", sets, n);
    cr_assert(c.exit_code == 0 || c.exit_code == 1, "CLI failed: %s", c.err);
    cr_expect_eq(r.status, 200, "status %d for %s: %s", r.status, body, r.body);
    cr_expect_eq(r.body_len, c.out_len, "length differs for %s", body);
    cr_expect(r.body_len == c.out_len && memcmp(r.body, c.out, c.out_len) == 0,
              "the API's plan differs from the CLI's for %s", body);
    rf_run_free(&c);
    http_reply_free(&r);
    free(body);
}

/* Expects the API's error (status 400) to carry the CLI's error lines. */
static void expect_error_as_cli(const char *url, const char *const *sets, size_t n)
{
    char *body = set_body(sets, n);
    http_reply r = http_call(&sv, "POST", url, NULL, body);
    rf_run_result c = cli_with_sets(strcmp(url, "/api/whatif") == 0 ? "whatif" : "solve", sets, n);
    cr_assert_eq(c.exit_code, 2, "CLI: %s", c.err);
    cr_expect_eq(r.status, 400, "status %d: %s", r.status, r.body);
    char *want = cli_error_lines(c.err), *got = api_error_lines(r.body, "messages");
    cr_expect_str_eq(got, want);
    free(want);
    free(got);
    rf_run_free(&c);
    /* and in Chinese, as the CLI says them in Chinese */
    setenv("RELOCFUND_LANG", "zh", 1);
    c = cli_with_sets(strcmp(url, "/api/whatif") == 0 ? "whatif" : "solve", sets, n);
    unsetenv("RELOCFUND_LANG");
    want = cli_error_lines(c.err);
    got = api_error_lines(r.body, "messages_zh");
    cr_expect_str_eq(got, want);
    cr_expect(strstr(got, "；") || strstr(got, "："), "not in Chinese: %s", got);
    free(want);
    free(got);
    rf_run_free(&c);
    http_reply_free(&r);
    free(body);
}

/* The server still answers a plain solve. */
static void expect_serving(void)
{
    http_reply r = http_call(&sv, "POST", "/api/solve", NULL, "{\"set\": []}");
    cr_expect_eq(r.status, 200, "the server stopped serving: %d %s", r.status, r.body);
    http_reply_free(&r);
}

/* GET /api/scenario with the token and the given Host header. */
static http_reply scenario_with_host(const char *host)
{
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET /api/scenario HTTP/1.1\r\nHost: %s:%d\r\n"
                     "X-Relocfund-Token: %s\r\nConnection: close\r\n\r\n",
                     host, sv.port, sv.token);
    return http_raw(&sv, req, (size_t)n);
}

Test(serve, prints_one_line_and_exits_0_on_sigint)
{
    serve_start(&sv, COUNTY, NULL);
    cr_expect(strncmp(sv.url, "http://127.0.0.1:", 17) == 0);
    char url[128];
    snprintf(url, sizeof url, "/?token=%s", sv.token);
    http_reply r = http_call(&sv, "GET", url, "", NULL);
    cr_expect_eq(r.status, 200);
    cr_expect(strstr(r.head, "Content-Security-Policy") != NULL);
    cr_expect(strstr(r.body, "<html") != NULL);
    cr_expect(strstr(r.body, "src=\"http") == NULL && strstr(r.body, "href=\"http") == NULL,
              "the page fetches from the network");
    http_reply_free(&r);
    cr_expect_eq(serve_stop(&sv, SIGINT), 0, "serve did not exit 0 on SIGINT");
}

Test(serve, solve_is_the_cli_plan_to_the_byte, .init = start, .fini = stop)
{
    const char *none[] = {NULL};
    expect_solve_as_cli(none, 0);
    const char *a[] = {"sites[0].costs.housing_per_m2=2600"};
    expect_solve_as_cli(a, 1);
    const char *b[] = {"sources.policy_loans.arrived=20000000"};
    expect_solve_as_cli(b, 1); /* short of money: an unfunded gap */
    const char *c[] = {"policy.self_funding.cap_per_household=2000",
                       "sites[2].costs.area_per_person_m2=22.5"};
    expect_solve_as_cli(c, 2);
    const char *d[] = {"integrated_agri.budget=0", "sources.local_bonds.arrived=1000000",
                       "sites[1].costs.housing_per_m2=1750.5"};
    expect_solve_as_cli(d, 3);
    /* Back to the first change after others: the live LPs keep no trace. */
    expect_solve_as_cli(a, 1);
}

Test(serve, whatif_is_the_cli_comparison_to_the_byte, .init = start, .fini = stop)
{
    const char *sets[] = {"sources.policy_loans.arrived=30000000",
                          "sites[0].costs.housing_per_m2=2000"};
    char *body = set_body(sets, 2);
    http_reply r = http_call(&sv, "POST", "/api/whatif", NULL, body);
    rf_run_result c = cli_with_sets("whatif", sets, 2);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect(strstr(r.body, "relocfund-compare/1") != NULL);
    cr_expect_str_eq(r.body, c.out);
    rf_run_free(&c);
    http_reply_free(&r);
    free(body);
}

Test(serve, scenario_lists_every_slider_with_its_range, .init = start, .fini = stop)
{
    http_reply r = http_call(&sv, "GET", "/api/scenario", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_expect(strstr(r.body, "\"format\": \"relocfund-parameters/1\"") != NULL);
    cr_expect(strstr(r.body, "\"path\": \"sources.policy_loans.arrived\"") != NULL);
    cr_expect(strstr(r.body, "\"path\": \"integrated_agri.budget\", ") != NULL);
    cr_expect(strstr(r.body, "\"path\": \"policy.self_funding.cap_per_household\", ") != NULL);
    cr_expect(strstr(r.body, "\"path\": \"sites[7].costs.housing_per_m2\"") != NULL);
    cr_expect(strstr(r.body, "\"path\": \"sites[7].costs.area_per_person_m2\"") != NULL);
    cr_expect(strstr(r.body, "\"value\": 51625000, \"min\": 0, \"max\": 103500000, ") != NULL,
              "%s", r.body);
    cr_expect_eq(rf_count(r.body, "\"path\":"), 6 + 2 + 2 * 9, "%s", r.body);
    http_reply_free(&r);
}

Test(serve, errors_carry_the_cli_messages, .init = start, .fini = stop)
{
    const char *typo[] = {"sites[0].costs.housng_per_m2=2600"};
    expect_error_as_cli("/api/solve", typo, 1);
    expect_error_as_cli("/api/whatif", typo, 1);
    const char *huge[] = {"sources.policy_loans.arrived=1e400"};
    expect_error_as_cli("/api/solve", huge, 1);
    const char *big[] = {"sources.policy_loans.arrived=99999999999999999999999"};
    expect_error_as_cli("/api/solve", big, 1);
    const char *neg[] = {"sites[0].costs.area_per_person_m2=-3"};
    expect_error_as_cli("/api/solve", neg, 1);
    const char *index[] = {"sites[99].costs.housing_per_m2=1"};
    expect_error_as_cli("/api/solve", index, 1);
    expect_serving();
}

Test(serve, hostile_requests_get_their_status_and_the_server_keeps_serving, .init = start,
     .fini = stop)
{
    http_reply r = http_call(&sv, "POST", "/api/solve", "", "{}");
    cr_expect_eq(r.status, 403, "no token");
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/solve", "0123456789abcdef0123456789abcdef", "{}");
    cr_expect_eq(r.status, 403, "wrong token");
    http_reply_free(&r);
    r = http_call(&sv, "GET", "/?token=nope", "", NULL);
    cr_expect_eq(r.status, 403, "page with a wrong token");
    http_reply_free(&r);
    expect_serving();

    r = scenario_with_host("attacker.example");
    cr_expect_eq(r.status, 421, "foreign Host: %d", r.status);
    http_reply_free(&r);
    r = scenario_with_host("localhost");
    cr_expect_eq(r.status, 200, "localhost:PORT is the same server");
    cr_expect(strstr(r.head, "Access-Control") == NULL, "no CORS headers");
    http_reply_free(&r);

    /* Bodies over 1 MiB: with a length, and chunked without one. */
    size_t big = (1u << 20) + 10;
    char *body = malloc(big + 1);
    memset(body, ' ', big);
    body[big] = '\0';
    r = http_call(&sv, "POST", "/api/solve", NULL, body);
    cr_expect_eq(r.status, 413, "huge body: %d", r.status);
    http_reply_free(&r);
    char *chunked = NULL;
    int cn = asprintf(&chunked,
                      "POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Relocfund-Token: %s\r\n"
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n",
                      sv.port, sv.token, big, body);
    r = http_raw(&sv, chunked, (size_t)cn);
    cr_expect_eq(r.status, 413, "huge chunked body: %d", r.status);
    http_reply_free(&r);
    free(chunked);
    free(body);
    expect_serving();

    r = http_call(&sv, "POST", "/api/solve", NULL, "{\"set\": [\"a=1\",");
    cr_expect_eq(r.status, 400, "malformed JSON");
    cr_expect(strstr(r.body, "request:1:") != NULL, "%s", r.body);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/solve", NULL, "{\"set\": [1e999999]}");
    cr_expect_eq(r.status, 400, "a huge number in the body");
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/solve", NULL, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    cr_expect_eq(r.status, 400);
    http_reply_free(&r);

    /* A thousand changes. */
    const char *many[1000];
    for (size_t i = 0; i < 1000; i++)
        many[i] = "sites[0].costs.housing_per_m2=1500";
    body = set_body(many, 1000);
    r = http_call(&sv, "POST", "/api/solve", NULL, body);
    cr_expect_eq(r.status, 400, "a thousand changes: %d", r.status);
    cr_expect(strstr(r.body, "at most 512") != NULL, "%s", r.body);
    http_reply_free(&r);
    free(body);

    /* A change that names a file: the server reads no path a request
     * names, on any endpoint that takes changes. */
    static const char *const named[] = {
        "{\"set\": [\"policy=\\\"models/example-county.json\\\"\"]}",
        "{\"set\": [\"[\\\"policy\\\"]=/etc/hostname\"]}",
        "{\"set\": [\"includes=[\\\"2017.json\\\"]\"]}",
        "{\"set\": [\"includes[0]=2017.json\"]}",
        "{\"set\": [\"extends=2016.json\"], \"name\": \"x\"}"};
    static const char *const urls[] = {"/api/solve", "/api/view", "/api/whatif", "/api/export",
                                       "/api/save"};
    for (size_t i = 0; i < 5; i++) {
        r = http_call(&sv, "POST", urls[i], NULL, named[i]);
        cr_expect_eq(r.status, 400, "%s %s: %d", urls[i], named[i], r.status);
        cr_expect(strstr(r.body, "names a file") != NULL, "%s: %s", named[i], r.body);
        http_reply_free(&r);
    }
    r = http_call(&sv, "POST", "/api/solve", NULL,
                  "{\"set\": [\"policy.self_funding.cap_per_household=9000\"]}");
    cr_expect_eq(r.status, 200, "a change to the policy model is no file: %s", r.body);
    http_reply_free(&r);

    r = http_call(&sv, "GET", "/api/solve", NULL, NULL);
    cr_expect_eq(r.status, 405);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/etc/passwd", NULL, "{}");
    cr_expect_eq(r.status, 404);
    http_reply_free(&r);
    r = http_call(&sv, "OPTIONS", "/api/solve", NULL, NULL);
    cr_expect_eq(r.status, 405, "no CORS preflight");
    http_reply_free(&r);
    expect_serving();
}

Test(serve, a_slow_client_does_not_hold_up_the_others, .init = start, .fini = stop)
{
    /* Half a request, then silence: others are answered meanwhile. */
    int slow = serve_connect(&sv);
    char head[256];
    int n = snprintf(head, sizeof head,
                     "POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 100\r\n",
                     sv.port);
    cr_assert(send_all(slow, head, (size_t)n));
    int idle[20];
    for (size_t i = 0; i < 20; i++) /* connections that never speak */
        idle[i] = serve_connect(&sv);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    expect_serving();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_expect_lt(s, 5.0, "a solve took %.1f s beside a slow client", s);
    for (size_t i = 0; i < 20; i++)
        close(idle[i]);
    close(slow);
    expect_serving();
}

Test(serve, saves_a_variant_that_the_cli_solves_alike)
{
    char dir[256];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-serve-variant"));
    char cmd[2048], scen[400];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/scenarios/example-county' '%s/models' && cp " COUNTY
             " '%s/scenarios/example-county/' && cp models/example-county.json '%s/models/'",
             dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(scen, sizeof scen, "%s/scenarios/example-county/2016.json", dir);
    serve_start(&sv, scen, NULL);
    const char *body = "{\"set\": [\"sites[3].costs.housing_per_m2=2400\", "
                       "\"sources.policy_loans.arrived=40000000\", "
                       "\"policy.self_funding.cap_per_household=6000\"], \"name\": \"tight\"}";
    http_reply r = http_call(&sv, "POST", "/api/save", NULL, body);
    cr_expect_eq(r.status, 201, "%s", r.body);
    cr_expect(strstr(r.body, "2016-tight.json") != NULL, "%s", r.body);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/save", NULL, body);
    cr_expect_eq(r.status, 409, "saved over an existing file: %s", r.body);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/save", NULL,
                  "{\"set\": [\"integrated_agri.budget=1\"], \"name\": \"../../etc/x\"}");
    cr_expect_eq(r.status, 400, "a name with a path: %s", r.body);
    http_reply_free(&r);
    /* The saved variant solves as the changes did: compare finds no
     * difference between its plan and the API's (the stated figures of the
     * base file are not inherited, docs/scenario-format.md). */
    r = http_call(&sv, "POST", "/api/solve", NULL,
                  "{\"set\": [\"sites[3].costs.housing_per_m2=2400\", "
                  "\"sources.policy_loans.arrived=40000000\", "
                  "\"policy.self_funding.cap_per_household=6000\"]}");
    cr_assert_eq(r.status, 200);
    char variant[512], saved[512];
    snprintf(variant, sizeof variant, "%s/scenarios/example-county/2016-tight.json", dir);
    snprintf(saved, sizeof saved, "%s/api-plan.json", dir);
    FILE *f = fopen(saved, "w");
    cr_assert_not_null(f);
    fwrite(r.body, 1, r.body_len, f);
    fclose(f);
    const char *argv[] = {"compare", variant, saved, NULL};
    rf_run_result c = rf_run_cli(argv);
    cr_expect_eq(c.exit_code, 0, "the variant's plan differs from the API's:\n%s%s", c.out, c.err);
    rf_run_free(&c);
    http_reply_free(&r);
    char *text = rf_read_file(variant, NULL);
    cr_expect(strstr(text, "\n  \"extends\": \"2016.json\",\n") != NULL, "%s", text);
    cr_expect(strstr(text, "\"cost_defaults\"") == NULL, "states what did not change: %s", text);
    free(text);
    /* replace: true overwrites. */
    r = http_call(&sv, "POST", "/api/save", NULL,
                  "{\"set\": [\"integrated_agri.budget=1\"], \"name\": \"tight\", "
                  "\"replace\": true}");
    cr_expect_eq(r.status, 201, "%s", r.body);
    http_reply_free(&r);
    cr_expect_eq(serve_stop(&sv, SIGTERM), 0);
    cr_expect(rf_remove_tree(dir));
}

Test(serve, exports_the_plan_as_xlsx_and_html, .init = start, .fini = stop)
{
    http_reply r = http_call(&sv, "POST", "/api/export", NULL,
                             "{\"set\": [\"sites[0].costs.housing_per_m2=2600\"], "
                             "\"format\": \"xlsx\"}");
    cr_expect_eq(r.status, 200);
    cr_expect(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0, "not a workbook");
    cr_expect(strstr(r.head, "attachment; filename=\"example-county-2016.xlsx\"") != NULL);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/export", NULL,
                  "{\"set\": [\"sites[0].costs.housing_per_m2=2600\"], \"format\": \"html\", "
                  "\"lang\": \"en\"}");
    cr_expect_eq(r.status, 200);
    const char *sets[] = {"sites[0].costs.housing_per_m2=2600"};
    const char *argv[] = {"solve", COUNTY, "--format", "html", "--lang", "en",
                          "--set", sets[0], NULL};
    rf_run_result c = rf_run_cli(argv);
    cr_expect_str_eq(r.body, c.out);
    rf_run_free(&c);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/export", NULL, "{\"format\": \"exe\"}");
    cr_expect_eq(r.status, 400);
    http_reply_free(&r);
}

/* The plan of a live re-solve, as JSON. */
static char *plan_json(rf_plan *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rf_result r = {RF_RESULT_PLAN, p};
    rf_result_options o = {.format = RF_FORMAT_JSON, .chinese = true};
    rf_error e = {0};
    cr_assert_eq(rf_result_write(&r, &o, f, NULL, &e), RF_OK);
    fclose(f);
    return buf;
}

/* Expects got's plan JSON to be want's; what names the case. */
static void expect_same_plan(rf_plan *want, rf_plan *got, const char *what)
{
    char *a = plan_json(want), *b = plan_json(got);
    cr_expect_str_eq(b, a, "%s: the plans differ", what);
    free(a);
    free(b);
}

Test(rf_plan_solve_live, gives_rf_plan_solves_plan_over_varied_changes)
{
    rf_resolver *live = rf_resolver_new();
    unsigned seed = 17;
    for (int i = 0; i < 60; i++) {
        char set[128];
        const char *sets[] = {set};
        seed = seed * 1103515245u + 12345u;
        unsigned v = (seed >> 8) % 1000;
        switch (i % 4) {
        case 0:
            snprintf(set, sizeof set, "sites[%u].costs.housing_per_m2=%u", v % 8, 800 + 3 * v);
            break;
        case 1:
            snprintf(set, sizeof set, "sources.policy_loans.arrived=%u", 60000 * v);
            break;
        case 2:
            snprintf(set, sizeof set, "integrated_agri.budget=%u", 20000 * v);
            break;
        default:
            snprintf(set, sizeof set, "policy.self_funding.cap_per_household=%u", 20 * v);
        }
        rf_load_options lo = {.set = sets, .n_set = 1};
        rf_diags d = {0};
        rf_scenario *s = rf_scenario_load(COUNTY, &lo, &d);
        cr_assert_not_null(s, "%s", set);
        rf_plan *cold = NULL, *warm = NULL;
        rf_error e = {0};
        cr_assert_eq(rf_plan_solve(s, NULL, &cold, &e), RF_OK, "%s", e.message);
        cr_assert_eq(rf_plan_solve_live(s, NULL, live, &warm, &e), RF_OK, "%s", e.message);
        expect_same_plan(cold, warm, set);
        rf_plan_free(cold);
        rf_plan_free(warm);
        rf_scenario_free(s);
        rf_diags_free(&d);
    }
    rf_resolver_free(live);
}

Test(rf_session, answers_each_request_as_a_fresh_load_and_solve)
{
    /* Requests that change the scenario, the policy, nothing, or fail, in
     * turn: each answer is the plan of a fresh load with its changes (the
     * session's parsed files and live LPs keep nothing of a request). */
    static const char *const changes[][2] = {
        {"sites[0].costs.housing_per_m2=2600", NULL},
        {NULL, NULL},
        {"sources.policy_loans.arrived=40000000", "policy.self_funding.cap_per_household=9000"},
        {"sites[1].costs.housng_per_m2=2600", NULL},
        {"integrated_agri.budget=5000000", "sites[2].costs.area_per_person=30"},
        {"policy.self_funding.cap_per_household=-1", NULL},
        {"sites[0].costs.housing_per_m2=2600", NULL},
        {NULL, NULL},
    };
    rf_diags d0 = {0};
    rf_error e0 = {0};
    rf_status st0;
    rf_session *ss = rf_session_open(COUNTY, NULL, &d0, &e0, &st0);
    cr_assert_not_null(ss, "%s", e0.message);
    for (size_t k = 0; k < sizeof changes / sizeof changes[0]; k++) {
        const char *const *sets = changes[k];
        size_t n = sets[0] ? (sets[1] ? 2 : 1) : 0;
        rf_load_options lo = {.set = sets, .n_set = n};
        rf_diags fd = {0}, sd = {0};
        rf_error e = {0};
        rf_scenario *fresh = rf_scenario_load(COUNTY, &lo, &fd), *s = NULL;
        rf_plan *fp = NULL, *sp = NULL;
        rf_status st = rf_session_solve(ss, sets, n, &s, &sp, &sd, &e);
        cr_expect_eq(fd.count, sd.count, "request %zu: diagnostics differ", k);
        for (size_t i = 0; i < fd.count && i < sd.count; i++)
            cr_expect_str_eq(sd.items[i].message, fd.items[i].message, "request %zu", k);
        if (!fresh) {
            cr_expect_eq(st, RF_ERR_INPUT, "request %zu: the session solved a bad request", k);
        } else {
            cr_assert_eq(st, RF_OK, "request %zu: %s", k, e.message);
            cr_assert_eq(rf_plan_solve(fresh, NULL, &fp, &e), RF_OK, "%s", e.message);
            expect_same_plan(fp, sp, sets[0] ? sets[0] : "no change");
        }
        rf_plan_free(fp);
        rf_plan_free(sp);
        rf_scenario_free(fresh);
        rf_scenario_free(s);
        rf_diags_free(&fd);
        rf_diags_free(&sd);
    }
    rf_session_free(ss);
    rf_diags_free(&d0);
}

Test(serve, another_host_is_bound_with_a_warning_and_checked_in_host_headers)
{
    serve_start(&sv, COUNTY, "--host=0.0.0.0");
    cr_expect(strncmp(sv.url, "http://0.0.0.0:", 15) == 0, "%s", sv.url);
    http_reply r = http_call(&sv, "GET", "/api/scenario", NULL, NULL);
    cr_expect_eq(r.status, 421, "Host 127.0.0.1 is not the bound address: %d", r.status);
    http_reply_free(&r);
    r = scenario_with_host("localhost");
    cr_expect_eq(r.status, 200);
    http_reply_free(&r);
    cr_expect_eq(serve_stop(&sv, SIGINT), 0);
    cr_expect(strstr(sv.log, "relocfund: warning: --host 0.0.0.0: the page can be reached from "
                             "other computers") != NULL,
              "%s", sv.log);
}

Test(serve, refuses_a_bad_host_and_a_bad_scenario_before_printing)
{
    const char *host[] = {"serve", COUNTY, "--host", "localhost", NULL};
    rf_run_result r = rf_run_expect(host, 2);
    cr_expect_str_eq(r.out, "");
    cr_expect(strstr(r.err, "--host localhost: not an IPv4 or IPv6 address") != NULL, "%s", r.err);
    rf_run_free(&r);
    const char *missing[] = {"serve", "scenarios/example-county/nope.json", NULL};
    r = rf_run_expect(missing, 2);
    cr_expect_str_eq(r.out, "");
    rf_run_free(&r);
}

/* The text of `json`'s member key as the CLI writes it: from the key to
 * the end of its value's line (a one-line value), NUL-terminated copy. */
static char *member_line(const char *json, const char *key)
{
    const char *at = strstr(json, key);
    if (!at)
        return NULL;
    size_t n = strcspn(at, "\n");
    if (n && at[n - 1] == ',')
        n--;
    return strndup(at, n);
}

Test(serve, view_holds_the_cli_status_totals_summary_and_charts, .init = start, .fini = stop)
{
    const char *sets[] = {"sources.policy_loans.arrived=25000000"};
    char *body = set_body(sets, 1);
    http_reply r = http_call(&sv, "POST", "/api/view", NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *view = cJSON_Parse(r.body);
    cr_assert_not_null(view, "%s", r.body);
    cr_expect_str_eq(cJSON_GetObjectItem(view, "format")->valuestring, "relocfund-view/2");
    /* status and totals: the CLI's plan JSON's own lines. */
    rf_run_result c = cli_with_sets("solve", sets, 1);
    cr_assert_gt(c.out_len, 2);
    const char *keys[] = {"\"status\": ", "\"totals\": "};
    for (size_t k = 0; k < 2; k++) {
        char *cli = member_line(c.out, keys[k]), *got = member_line(r.body, keys[k]);
        cr_assert_not_null(cli);
        cr_expect(got && strcmp(got, cli) == 0, "%s\nis not the CLI's\n%s", got, cli);
        free(cli);
        free(got);
    }
    /* summary_html and charts_html: the same bytes as those parts of the
     * CLI's HTML report (Chinese: the request names no language). */
    const char *argv[] = {"solve", COUNTY, "--format", "html", "--lang", "zh", "--set", sets[0],
                          NULL};
    rf_run_result h = rf_run_cli(argv);
    cr_assert_gt(h.out_len, 1000);
    char *summary, *charts;
    cr_assert(rf_html_page_parts(h.out, &summary, &charts));
    const cJSON *vs = cJSON_GetObjectItem(view, "summary_html");
    const cJSON *vc = cJSON_GetObjectItem(view, "charts_html");
    cr_assert(cJSON_IsString(vs) && cJSON_IsString(vc));
    cr_expect(strstr(summary, "<p>") != NULL && strstr(charts, "id=\"chart-flow\"") != NULL,
              "the CLI's report has no summary or no Sankey");
    cr_expect_str_eq(vs->valuestring, summary);
    cr_expect_str_eq(vc->valuestring, charts);
    cr_expect(strstr(r.body, "<table id=\\\"table-sites") == NULL,
              "the view holds the report's detail tables");
    free(summary);
    free(charts);
    rf_run_free(&h);
    cJSON_Delete(view);
    rf_run_free(&c);
    /* The server renders each body into room for the largest so far
     * (body_open): a plan of another size after the view, and the view
     * again, come out whole. */
    expect_solve_as_cli(sets, 1);
    http_reply again = http_call(&sv, "POST", "/api/view", NULL, body);
    cr_expect_eq(again.status, 200);
    cr_expect(again.body_len == r.body_len && memcmp(again.body, r.body, r.body_len) == 0,
              "the second view differs from the first");
    http_reply_free(&again);
    http_reply_free(&r);
    free(body);
}

Test(serve, open_starts_the_desktop_browser_on_the_printed_address)
{
    char dir[256], script[400], got[400], path[4096];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-serve-open"));
    snprintf(script, sizeof script, "%s/xdg-open", dir);
    snprintf(got, sizeof got, "%s/opened", dir);
    FILE *f = fopen(script, "w");
    cr_assert_not_null(f);
    fprintf(f, "#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n", got, got, got);
    fclose(f);
    cr_assert_eq(chmod(script, 0755), 0);
    snprintf(path, sizeof path, "%s:%s", dir, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    setenv("PATH", path, 1);
    serve_start(&sv, COUNTY, "--open");
    char *opened = NULL;
    for (int i = 0; i < 250 && !(opened = rf_read_file(got, NULL)); i++)
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    cr_expect_not_null(opened, "xdg-open was not started");
    if (opened)
        cr_expect_str_eq(opened, sv.url);
    free(opened);
    cr_expect_eq(serve_stop(&sv, SIGTERM), 0);
    cr_expect(rf_remove_tree(dir));
}

/* A script may stop the server as soon as it has read the address: the
 * stop is then as clean as any other (exit 0), because the handlers are in
 * place before the address is printed. */
Test(serve, a_stop_right_after_the_address_is_clean)
{
    for (int i = 0; i < 10; i++) {
        serve_start(&sv, COUNTY, NULL);
        cr_expect_eq(serve_stop(&sv, i % 2 ? SIGINT : SIGTERM), 0, "stop %d: %s", i, sv.log);
    }
}

Test(serve, serves_a_workbook_scenario_as_the_cli_solves_it)
{
    char dir[256], cmd[2048], book[512];
    cr_assert(rf_temp_dir(dir, sizeof dir, "rf-serve-xlsx"));
    snprintf(book, sizeof book, "%s/scenarios/example-county/2016.xlsx", dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/scenarios/example-county' '%s/models' && "
             "cp models/example-county.json '%s/models/' && "
             "'" RF_CLI_PATH "' convert " COUNTY " -o '%s'",
             dir, dir, dir, book);
    cr_assert_eq(system(cmd), 0);
    serve_start(&sv, book, NULL);
    http_reply r = http_call(&sv, "POST", "/api/solve", NULL,
                             "{\"set\": [\"sources.policy_loans.arrived=30000000\"]}");
    const char *argv[] = {"solve", book, "--format", "json", "--set",
                          "sources.policy_loans.arrived=30000000", NULL};
    rf_run_result c = rf_run_cli(argv);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(r.body, c.out);
    rf_run_free(&c);
    http_reply_free(&r);
    r = http_call(&sv, "POST", "/api/save", NULL, "{\"set\": []}");
    cr_expect_eq(r.status, 400, "a variant of a workbook: %s", r.body);
    cr_expect(strstr(r.body, "next to a JSON scenario only") != NULL, "%s", r.body);
    http_reply_free(&r);
    cr_expect_eq(serve_stop(&sv, SIGTERM), 0);
    cr_expect(rf_remove_tree(dir));
}
