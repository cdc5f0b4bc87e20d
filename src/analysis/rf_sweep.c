/* rf_sweep: one scenario value swept over a range, every point re-solved in one live problem. */
#include "rf_sweep.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_clock.h"
#include "rf_resolver.h"

void rf_sweep_spec_free(rf_sweep_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    spec->path = NULL;
}

/* Parses a decimal number with at most 6 decimals into an integer scaled
 * by 10^6; sets *decimals to how many it has.  False when malformed. */
static bool parse_scaled(const char *s, size_t len, int64_t *out, int *decimals)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    int64_t v = 0;
    int digits = 0, dec = -1;
    for (; i < len; i++) {
        if (s[i] == '.' && dec < 0) {
            dec = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || dec >= 6 || v > INT64_MAX / 100)
            return false;
        v = v * 10 + (s[i] - '0');
        digits++;
        if (dec >= 0)
            dec++;
    }
    if (digits == 0)
        return false;
    int d = dec < 0 ? 0 : dec;
    for (int k = d; k < 6; k++) {
        if (v > INT64_MAX / 100)
            return false;
        v *= 10;
    }
    *out = neg ? -v : v;
    *decimals = d;
    return true;
}

bool rf_sweep_spec_parse(const char *text, size_t max_points, rf_sweep_spec *out, rf_error *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                 "expected PATH=FROM:TO:STEP, e.g. "
                 "sites[0].costs.housing_per_m2=1000:2000:10");
        return false;
    }
    const char *c1 = strchr(eq + 1, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1 || !c2 || strchr(c2 + 1, ':')) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "expected FROM:TO:STEP after '=' (three numbers)");
        return false;
    }
    int64_t v[3];
    int dec[3];
    const char *part[3] = {eq + 1, c1 + 1, c2 + 1};
    size_t plen[3] = {(size_t)(c1 - eq - 1), (size_t)(c2 - c1 - 1), strlen(c2 + 1)};
    static const char *names[] = {"FROM", "TO", "STEP"};
    for (int k = 0; k < 3; k++)
        if (!parse_scaled(part[k], plen[k], &v[k], &dec[k])) {
            rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "%s '%.*s' is not a number with at most 6 decimals", names[k],
                     (int)plen[k], part[k]);
            return false;
        }
    if (v[2] <= 0) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "STEP must be more than 0 (the sweep goes from FROM toward TO)");
        return false;
    }
    int d = dec[0] > dec[1] ? dec[0] : dec[1];
    if (dec[2] > d)
        d = dec[2];
    int64_t unit = 1;
    for (int k = d; k < 6; k++)
        unit *= 10;
    out->decimals = d;
    out->from = v[0] / unit;
    out->to = v[1] / unit;
    out->step = v[2] / unit;
    uint64_t span =
        out->to >= out->from ? (uint64_t)(out->to - out->from) : (uint64_t)(out->from - out->to);
    uint64_t n = span / (uint64_t)out->step + 1;
    if (out->to < out->from)
        out->step = -out->step;
    if (n > max_points) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "%llu points; at most %zu (use a larger STEP)",
                 (unsigned long long)n, max_points);
        return false;
    }
    out->n_points = (size_t)n;
    out->path = malloc((size_t)(eq - text) + 1);
    if (!out->path) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
        return false;
    }
    memcpy(out->path, text, (size_t)(eq - text));
    out->path[eq - text] = '\0';
    return true;
}

char *rf_sweep_value_text(char buf[48], int64_t value, int decimals)
{
    uint64_t a = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    uint64_t unit = 1;
    for (int k = 0; k < decimals; k++)
        unit *= 10;
    if (decimals == 0)
        snprintf(buf, 48, "%s%llu", value < 0 ? "-" : "", (unsigned long long)a);
    else
        snprintf(buf, 48, "%s%llu.%0*llu", value < 0 ? "-" : "", (unsigned long long)(a / unit),
                 decimals, (unsigned long long)(a % unit));
    return buf;
}

void rf_sweep_free(rf_sweep *sw)
{
    if (!sw)
        return;
    free(sw->path);
    free(sw->scenario);
    for (size_t i = 0; i < sw->n_sets; i++)
        free(sw->sets[i]);
    free(sw->sets);
    free(sw->points);
    free(sw);
}


/* Moves the errors and warnings of from into to. */
static void move_diags(rf_diags *to, rf_diags *from, bool errors_only)
{
    for (size_t i = 0; to && i < from->count; i++) {
        const rf_diag *g = &from->items[i];
        if (errors_only && g->severity != RF_SEV_ERROR)
            continue;
        rf_diags_add_diag(to, g);
    }
    rf_diags_free(from);
}

rf_status rf_sweep_run(const char *path, const rf_load_options *base, const rf_sweep_spec *spec,
                       const rf_sweep_options *options, rf_sweep **out, rf_diags *diags,
                       rf_error *err)
{
    *out = NULL;
    rf_sweep *sw = calloc(1, sizeof *sw);
    char *assign = malloc(strlen(spec->path) + 64);
    rf_resolver *res = rf_resolver_new();
    rf_status status = RF_OK;
    if (!sw || !assign || !res ||
        !(sw->points = calloc(spec->n_points ? spec->n_points : 1, sizeof *sw->points)) ||
        !(sw->path = malloc(strlen(spec->path) + 1))) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    strcpy(sw->path, spec->path);
    sw->decimals = spec->decimals;
    if (base && base->n_set && !(sw->sets = calloc(base->n_set, sizeof *sw->sets))) {
        status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0; base && i < base->n_set; i++, sw->n_sets++)
        if (!(sw->sets[i] = strdup(base->set[i]))) {
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
    rf_load_options lo = {.set = base ? base->set : NULL,
                          .n_set = base ? base->n_set : 0,
                          .point = assign,
                          .point_option = "--sweep"};
    double t0 = rf_clock_now();
    for (size_t i = 0; i < spec->n_points; i++) {
        rf_sweep_point *pt = &sw->points[i];
        pt->value = spec->from + (int64_t)i * spec->step;
        char value[48];
        sprintf(assign, "%s=%s", spec->path, rf_sweep_value_text(value, pt->value, spec->decimals));
        rf_diags local = {0};
        rf_scenario *s = rf_scenario_load(path, &lo, &local);
        if (!s) {
            move_diags(diags, &local, i > 0);
            status = RF_ERR_INPUT;
            goto out;
        }
        move_diags(diags, &local, i > 0);
        if (!sw->scenario && !(sw->scenario = malloc(strlen(s->id) + 1))) {
            rf_scenario_free(s);
            status = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
        if (i == 0)
            strcpy(sw->scenario, s->id);
        double limit = options && options->time_limit_seconds > 0 ? options->time_limit_seconds
                                                                  : s->policy->time_limit_seconds;
        if (options && options->cold) {
            rf_solve_options so = {.time_limit_seconds = limit};
            rf_plan *p = NULL;
            status = rf_plan_solve(s, &so, &p, err);
            if (status == RF_OK) {
                rf_key_figures_of_plan(p, &pt->key);
                for (size_t g = 0; g < p->n_groups; g++)
                    pt->iterations += p->groups[g].simplex_iterations;
            }
            rf_plan_free(p);
        } else {
            status = rf_resolver_solve(res, s, limit, &pt->key, &pt->warm, &pt->iterations, err);
        }
        rf_scenario_free(s);
        if (status != RF_OK)
            goto out;
        pt->status_changed = i > 0 && pt->key.status != sw->points[i - 1].key.status;
        sw->iterations += pt->iterations;
        if (pt->warm)
            sw->warm_points++;
        sw->n_points = i + 1;
    }
    sw->seconds = rf_clock_now() - t0;
out:
    rf_resolver_free(res);
    free(assign);
    if (status != RF_OK) {
        rf_sweep_free(sw);
        return status;
    }
    *out = sw;
    return RF_OK;
}
