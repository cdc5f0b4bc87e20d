/* relocfund serve under load, on loopback only: 10,000 API solves (2,000
 * in a sanitizer build, where a solve is about 7 times slower; or
 * $RF_SERVE_LOAD_COUNT) from 8 concurrent clients with varied changes;
 * every answer must be the CLI's plan to the byte, and the server must
 * exit 0 afterwards (under ASan: without a leak). */
#include "serve_client.h"

#include <pthread.h>
#include "support.h"

#define COUNTY "scenarios/example-county/2016.json"
#define N_CHANGES 40
#define N_CLIENTS 8

typedef struct {
    char set[2][128];
    size_t n;
    char *body;     /* the request */
    char *expected; /* the CLI's plan */
    size_t expected_len;
} change;

static change changes[N_CHANGES];
static served sv;

typedef struct {
    size_t first, count;
    size_t wrong, failed;
    char first_problem[256];
} client;

static void *run_client(void *arg)
{
    client *cl = arg;
    for (size_t i = 0; i < cl->count; i++) {
        const change *ch = &changes[(cl->first + i * 7) % N_CHANGES];
        size_t blen = strlen(ch->body);
        char *req = NULL;
        int n = asprintf(&req,
                         "POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Relocfund-Token: "
                         "%s\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n%s",
                         sv.port, sv.token, blen, ch->body);
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)sv.port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        http_reply r = {0};
        if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
            send_all(fd, req, (size_t)n)) {
            struct timeval tv = {60, 0};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            r = read_reply(fd);
        }
        if (fd >= 0)
            close(fd);
        free(req);
        if (r.status != 200) {
            if (!cl->failed++ && !cl->wrong)
                snprintf(cl->first_problem, sizeof cl->first_problem, "status %d for %s",
                         r.status, ch->body);
        } else if (r.body_len != ch->expected_len ||
                   memcmp(r.body, ch->expected, r.body_len) != 0) {
            if (!cl->wrong++ && !cl->failed)
                snprintf(cl->first_problem, sizeof cl->first_problem,
                         "an answer differs from the CLI's for %s", ch->body);
        }
        http_reply_free(&r);
    }
    return NULL;
}

Test(serve_load, ten_thousand_solves_from_8_clients_equal_the_clis, .timeout = 1200)
{
    /* Varied changes: one or two of housing costs, arrived loans, the
     * integrated-agri budget and the cap, some short of money. */
    for (size_t i = 0; i < N_CHANGES; i++) {
        change *ch = &changes[i];
        switch (i % 4) {
        case 0:
            snprintf(ch->set[0], sizeof ch->set[0], "sites[%zu].costs.housing_per_m2=%zu", i % 8,
                     900 + 40 * i);
            break;
        case 1:
            snprintf(ch->set[0], sizeof ch->set[0], "sources.policy_loans.arrived=%zu",
                     1500000 * i);
            break;
        case 2:
            snprintf(ch->set[0], sizeof ch->set[0], "integrated_agri.budget=%zu", 250000 * i);
            break;
        default:
            snprintf(ch->set[0], sizeof ch->set[0], "policy.self_funding.cap_per_household=%zu",
                     500 * i);
        }
        ch->n = 1;
        if (i % 3 == 0) {
            snprintf(ch->set[1], sizeof ch->set[1], "sites[%zu].costs.area_per_person_m2=%zu.5",
                     (i + 3) % 8, 18 + i % 7);
            ch->n = 2;
        }
        const char *sets[] = {ch->set[0], ch->set[1]};
        ch->body = set_body(sets, ch->n);
        const char *argv[] = {"solve", COUNTY,     "--format", "json", "--set",
                              sets[0], ch->n > 1 ? "--set" : NULL, sets[1], NULL};
        rf_run_result c = rf_run_cli(argv);
        cr_assert(c.exit_code == 0 || c.exit_code == 1, "%s: %s", ch->body, c.err);
        ch->expected = c.out;
        ch->expected_len = c.out_len;
        c.out = NULL;
        rf_run_free(&c);
    }
    const char *env = getenv("RF_SERVE_LOAD_COUNT");
#ifdef __SANITIZE_ADDRESS__
    size_t total = env && *env ? strtoul(env, NULL, 10) : 2000;
#else
    size_t total = env && *env ? strtoul(env, NULL, 10) : 10000;
#endif
    serve_start(&sv, COUNTY, NULL);
    pthread_t th[N_CLIENTS];
    client cl[N_CLIENTS];
    for (size_t k = 0; k < N_CLIENTS; k++) {
        cl[k] = (client){.first = k * 5, .count = total / N_CLIENTS + (k < total % N_CLIENTS)};
        cr_assert_eq(pthread_create(&th[k], NULL, run_client, &cl[k]), 0);
    }
    size_t wrong = 0, failed = 0;
    const char *problem = NULL;
    for (size_t k = 0; k < N_CLIENTS; k++) {
        pthread_join(th[k], NULL);
        wrong += cl[k].wrong;
        failed += cl[k].failed;
        if (!problem && cl[k].first_problem[0])
            problem = cl[k].first_problem;
    }
    cr_expect_eq(failed, 0, "%zu of %zu requests failed; first: %s", failed, total,
                 problem ? problem : "");
    cr_expect_eq(wrong, 0, "%zu of %zu answers differ from the CLI's; first: %s", wrong, total,
                 problem ? problem : "");
    int code = serve_stop(&sv, SIGTERM);
    cr_expect_eq(code, 0, "serve did not exit 0 (a leak under ASan?): %s", sv.log);
    for (size_t i = 0; i < N_CHANGES; i++) {
        free(changes[i].body);
        free(changes[i].expected);
    }
}
