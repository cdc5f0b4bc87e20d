/* rf_rates: the figures a report states, computed from a scenario, and their check. */
#include "rf_rates.h"

#include <stdio.h>
#include <string.h>

#include "rf_names.h"

__extension__ typedef __int128 rates_wide;

/* ---- where ---- */

static const struct {
    const char *id;
    const char *en;       /* after a noun: "people at township sites" */
    const char *zh;       /* before a noun: "乡镇圩镇安置人数" */
    const char *sites_en; /* "township sites" */
    const char *sites_zh; /* "乡镇圩镇安置点" */
} WHERE[RF_WHERE_COUNT] = {
    {"", "", "", "sites", "安置点"},
    {"centralized", " at centralized sites", "集中安置", "centralized sites", "集中安置点"},
    {"dispersed", " resettled dispersed", "分散安置", "dispersed entries", "分散安置"},
    {"urban_park", " at urban_park sites", "进城进园安置", "urban_park sites", "进城进园安置点"},
    {"township", " at township sites", "乡镇圩镇安置", "township sites", "乡镇圩镇安置点"},
    {"central_village", " at central_village sites", "中心村安置", "central_village sites",
     "中心村安置点"},
    {"urban_township", " at urban_park and township sites", "进城入镇安置",
     "urban_park and township sites", "进城入镇安置点"},
};

bool rf_where_has(rf_where w, rf_site_type t)
{
    switch (w) {
    case RF_WHERE_ALL:
        return true;
    case RF_WHERE_CENTRALIZED:
        return t != RF_SITE_DISPERSED;
    case RF_WHERE_DISPERSED:
        return t == RF_SITE_DISPERSED;
    case RF_WHERE_URBAN_PARK:
        return t == RF_SITE_URBAN_PARK;
    case RF_WHERE_TOWNSHIP:
        return t == RF_SITE_TOWNSHIP;
    case RF_WHERE_CENTRAL_VILLAGE:
        return t == RF_SITE_CENTRAL_VILLAGE;
    case RF_WHERE_URBAN_TOWNSHIP:
        return t == RF_SITE_URBAN_PARK || t == RF_SITE_TOWNSHIP;
    default:
        return false;
    }
}

const char *rf_where_id(rf_where w)
{
    return (int)w >= 0 && w < RF_WHERE_COUNT ? WHERE[w].id : "?";
}

rf_where rf_where_of_type(rf_site_type t)
{
    switch (t) {
    case RF_SITE_URBAN_PARK:
        return RF_WHERE_URBAN_PARK;
    case RF_SITE_TOWNSHIP:
        return RF_WHERE_TOWNSHIP;
    case RF_SITE_CENTRAL_VILLAGE:
        return RF_WHERE_CENTRAL_VILLAGE;
    default:
        return RF_WHERE_DISPERSED;
    }
}

/* ---- sums ---- */

static int64_t add_sat(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? INT64_MAX : r;
}

static int64_t mul_sat(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

void rf_sums_compute(const rf_scenario *s, rf_sums *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        int64_t hh[RF_CAT_COUNT] = {site->registered_households, site->synchronous_households};
        int64_t people[RF_CAT_COUNT] = {site->registered_people, site->synchronous_people};
        rf_centi_m2 area[RF_CAT_COUNT] = {
            mul_sat(site->registered_people, site->costs.area_per_person),
            mul_sat(site->synchronous_people, site->costs.synchronous_area_per_person)};
        for (int w = 0; w < RF_WHERE_COUNT; w++) {
            if (!rf_where_has((rf_where)w, site->type))
                continue;
            out->sites[w]++;
            for (int c = 0; c < RF_CAT_COUNT; c++) {
                out->households[c][w] += hh[c];
                out->people[c][w] += people[c];
                out->area[c][w] = add_sat(out->area[c][w], area[c]);
                out->households[RF_CAT_BOTH][w] += hh[c];
                out->people[RF_CAT_BOTH][w] += people[c];
                out->area[RF_CAT_BOTH][w] = add_sat(out->area[RF_CAT_BOTH][w], area[c]);
            }
        }
    }
    for (size_t k = 0; s->policy && k < s->n_sources && k < s->policy->n_sources; k++) {
        out->arrived[s->policy->sources[k].category] += s->sources[k].arrived;
        out->arrived[RF_CAT_BOTH] += s->sources[k].arrived;
    }
    out->planned_people =
        s->planned_people[RF_CAT_REGISTERED] + s->planned_people[RF_CAT_SYNCHRONOUS];
}

/* ---- stated totals and averages ---- */

static const char *cut(const char *name, const char *prefix, char sep)
{
    size_t n = strlen(prefix);
    return n && strncmp(name, prefix, n) == 0 && name[n] == sep ? name + n + 1 : NULL;
}

/* Reads the optional WHERE_ and CATEGORY_ prefixes of a name into t;
 * returns the rest. */
static const char *parse_prefix(const char *name, rf_total *t)
{
    t->category = RF_CAT_BOTH;
    t->where = RF_WHERE_ALL;
    for (int w = 1; w < RF_WHERE_COUNT; w++) {
        const char *rest = cut(name, WHERE[w].id, '_');
        if (rest) {
            t->where = (rf_where)w;
            name = rest;
            break;
        }
    }
    for (int c = 0; c < RF_CAT_COUNT; c++) {
        const char *rest = cut(name, rf_category_id((rf_category)c), '_');
        if (rest) {
            t->category = c;
            return rest;
        }
    }
    return name;
}

bool rf_total_parse(const char *name, rf_total *out)
{
    if (!name)
        return false;
    rf_total t = {RF_TOTAL_PLANNED_PEOPLE, RF_CAT_BOTH, RF_WHERE_ALL};
    if (strcmp(name, "planned_people") == 0) {
        *out = t;
        return true;
    }
    const char *rest = parse_prefix(name, &t);
    bool both = t.category == RF_CAT_BOTH, all = t.where == RF_WHERE_ALL;
    if (strcmp(rest, "households") == 0)
        t.kind = RF_TOTAL_HOUSEHOLDS;
    else if (strcmp(rest, "people") == 0)
        t.kind = RF_TOTAL_PEOPLE;
    else if (strcmp(rest, "housing_area_m2") == 0)
        t.kind = RF_TOTAL_HOUSING_AREA;
    else if (strcmp(rest, "sites") == 0 && both && !all && t.where != RF_WHERE_DISPERSED)
        t.kind = RF_TOTAL_SITES;
    else if (strcmp(rest, "arrived") == 0 && all)
        t.kind = RF_TOTAL_ARRIVED;
    else
        return false;
    *out = t;
    return true;
}

int64_t rf_total_value(const rf_sums *sums, rf_total t)
{
    switch (t.kind) {
    case RF_TOTAL_HOUSEHOLDS:
        return sums->households[t.category][t.where];
    case RF_TOTAL_PEOPLE:
        return sums->people[t.category][t.where];
    case RF_TOTAL_HOUSING_AREA:
        return sums->area[t.category][t.where];
    case RF_TOTAL_SITES:
        return sums->sites[t.where];
    case RF_TOTAL_ARRIVED:
        return sums->arrived[t.category];
    default:
        return sums->planned_people;
    }
}

static const char *cat_en(int c)
{
    return c == RF_CAT_REGISTERED ? "registered " : c == RF_CAT_SYNCHRONOUS ? "synchronous " : "";
}

static const char *cat_zh(int c, const char *both)
{
    return c == RF_CAT_REGISTERED ? "建档立卡" : c == RF_CAT_SYNCHRONOUS ? "同步搬迁" : both;
}

char *rf_total_describe(char *buf, size_t size, rf_total t, bool chinese)
{
    const char *w_en = WHERE[t.where].en, *w_zh = WHERE[t.where].zh;
    switch (t.kind) {
    case RF_TOTAL_HOUSEHOLDS:
    case RF_TOTAL_PEOPLE: {
        bool hh = t.kind == RF_TOTAL_HOUSEHOLDS;
        if (chinese)
            snprintf(buf, size, "%s%s%s", w_zh, cat_zh(t.category, "搬迁"), hh ? "户数" : "人数");
        else
            snprintf(buf, size, "%s%s%s", cat_en(t.category), hh ? "households" : "people", w_en);
        break;
    }
    case RF_TOTAL_HOUSING_AREA:
        if (chinese)
            snprintf(buf, size, "%s%s住房面积(㎡)", w_zh, cat_zh(t.category, ""));
        else
            snprintf(buf, size, "m² of %shousing%s", cat_en(t.category), w_en);
        break;
    case RF_TOTAL_SITES:
        snprintf(buf, size, "%s%s", chinese ? WHERE[t.where].sites_zh : WHERE[t.where].sites_en,
                 chinese ? "数" : "");
        break;
    case RF_TOTAL_ARRIVED:
        if (chinese)
            snprintf(buf, size, "%s资金到位", cat_zh(t.category, ""));
        else if (t.category == RF_CAT_BOTH)
            snprintf(buf, size, "arrived from all sources");
        else
            snprintf(buf, size, "arrived from the %ssources", cat_en(t.category));
        break;
    default:
        snprintf(buf, size, "%s",
                 chinese ? "计划搬迁人数" : "planned people (registered and synchronous)");
        break;
    }
    return buf;
}

bool rf_average_parse(const char *name, rf_total *area, rf_total *people)
{
    if (!name)
        return false;
    rf_total t;
    if (strcmp(parse_prefix(name, &t), "area_per_person_m2") != 0)
        return false;
    t.kind = RF_TOTAL_HOUSING_AREA;
    *area = t;
    t.kind = RF_TOTAL_PEOPLE;
    *people = t;
    return true;
}

char *rf_average_describe(char *buf, size_t size, rf_total area, bool chinese)
{
    if (chinese)
        snprintf(buf, size, "%s%s人均住房面积(㎡)", WHERE[area.where].zh,
                 cat_zh(area.category, ""));
    else
        snprintf(buf, size, "m² of housing per %sperson%s", cat_en(area.category),
                 WHERE[area.where].en);
    return buf;
}

size_t rf_stated_figures(const rf_scenario *s, const rf_sums *sums, rf_stated_figure *out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_stated_totals; i++) {
        rf_stated_figure *f = &out[n];
        memset(f, 0, sizeof *f);
        if (!rf_total_parse(s->stated_totals[i].name, &f->total))
            continue;
        f->name = s->stated_totals[i].name;
        f->stated = s->stated_totals[i].value;
        f->computed = rf_total_value(sums, f->total);
        f->matches = f->stated == f->computed;
        n++;
    }
    for (size_t i = 0; i < s->n_stated_averages; i++) {
        rf_stated_figure *f = &out[n];
        memset(f, 0, sizeof *f);
        rf_total people;
        if (!rf_average_parse(s->stated_averages[i].name, &f->total, &people))
            continue;
        bool valid;
        f->name = s->stated_averages[i].name;
        f->average = true;
        f->text = s->stated_averages[i].text;
        f->area = rf_total_value(sums, f->total);
        f->people = rf_total_value(sums, people);
        f->matches = rf_decimal_text_matches(f->text, false, f->area, f->people, -2, &valid);
        n++;
    }
    return n;
}

int rf_decimal_text_decimals(const char *text)
{
    const char *dot = text ? strchr(text, '.') : NULL;
    if (!dot)
        return 0;
    int n = 0;
    while (dot[1 + n] >= '0' && dot[1 + n] <= '9')
        n++;
    return n;
}

bool rf_decimal_text_matches(const char *text, bool percent, int64_t num, int64_t den, int shift,
                             bool *valid)
{
    *valid = false;
    if (!text)
        return false;
    size_t len = strlen(text);
    if (percent) {
        if (len < 2 || text[len - 1] != '%')
            return false;
        len--;
    }
    /* digits, at most one point with digits after it, at most 6 decimals */
    int64_t stated = 0;
    int digits = 0, decimals = -1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (text[i] < '0' || text[i] > '9' || digits >= 18)
            return false;
        stated = stated * 10 + (text[i] - '0');
        digits++;
        if (decimals >= 0)
            decimals++;
    }
    if (digits == 0 || decimals == 0 || decimals > 6)
        return false;
    if (decimals < 0)
        decimals = 0;
    *valid = true;
    if (den <= 0 || num < 0)
        return false;
    /* num/den x 10^(shift + decimals), rounded half up, exactly */
    rates_wide n = num, d = den;
    for (int k = 0; k < shift + decimals; k++)
        n *= 10;
    for (int k = 0; k < -(shift + decimals); k++)
        d *= 10;
    return (2 * n + d) / (2 * d) == stated;
}

/* ---- rates ---- */

typedef struct {
    const char *id, *zh, *en, *formula_zh, *formula_en;
    int category;   /* of a share: whose people */
    rf_where where; /* of a share: where they are; RF_WHERE_ALL for other rates */
    bool detail;
} rate_row;

#define SHARE_OF_IMPLEMENTED(zh_what, en_what)                                                     \
    zh_what "人数/已落实人数", "people " en_what " / implemented people"

static const rate_row RATES[RF_RATE_COUNT] = {
    {"registered_implementation", "建档立卡落实率", "registered implementation rate",
     "已落实人数/计划人数", "implemented people / planned people", 0, RF_WHERE_ALL, false},
    {"synchronous_implementation", "同步搬迁落实率", "synchronous implementation rate",
     "已落实人数/计划人数", "implemented people / planned people", 0, RF_WHERE_ALL, false},
    {"registered_centralized_share", "建档立卡集中安置率", "registered centralized share",
     "集中安置人数/已落实人数", "centralized people / implemented people", RF_CAT_REGISTERED,
     RF_WHERE_CENTRALIZED, false},
    {"registered_dispersed_share", "建档立卡分散安置率", "registered dispersed share",
     "分散安置人数/已落实人数", "dispersed people / implemented people", RF_CAT_REGISTERED,
     RF_WHERE_DISPERSED, false},
    {"synchronous_centralized_share", "同步搬迁集中安置率", "synchronous centralized share",
     "集中安置人数/已落实人数", "centralized people / implemented people", RF_CAT_SYNCHRONOUS,
     RF_WHERE_CENTRALIZED, false},
    {"registered_disbursement", "建档立卡资金拨付率", "registered disbursement rate",
     "已拨付/已到位", "disbursed / arrived", 0, RF_WHERE_ALL, false},
    {"synchronous_disbursement", "同步搬迁资金拨付率", "synchronous disbursement rate",
     "已拨付/已到位", "disbursed / arrived", 0, RF_WHERE_ALL, false},
    {"registered_completion", "建档立卡住房完工率", "registered housing completion rate",
     "已完工套数/计划套数", "completed houses / planned houses", 0, RF_WHERE_ALL, false},
    {"synchronous_completion", "同步搬迁住房完工率", "synchronous housing completion rate",
     "已完工套数/计划套数", "completed houses / planned houses", 0, RF_WHERE_ALL, false},
    {"registered_move_in", "建档立卡入住率", "registered move-in rate", "已入住户数/已完工套数",
     "households moved in / completed houses", 0, RF_WHERE_ALL, false},
    {"synchronous_move_in", "同步搬迁入住率", "synchronous move-in rate", "已入住户数/已完工套数",
     "households moved in / completed houses", 0, RF_WHERE_ALL, false},
    {"registered_demolition", "旧房拆除率", "old-house demolition rate",
     "已拆除户数/签订拆除协议户数", "demolished / demolition agreements", 0, RF_WHERE_ALL, false},
    {"site_completion", "安置点完工率", "site completion rate", "已完工安置点/集中安置点",
     "completed sites / centralized sites", 0, RF_WHERE_ALL, false},
    {"synchronous_dispersed_share", "同步搬迁分散安置率", "synchronous dispersed share",
     "分散安置人数/已落实人数", "dispersed people / implemented people", RF_CAT_SYNCHRONOUS,
     RF_WHERE_DISPERSED, true},
    {"centralized_share", "集中安置率(全部搬迁人口)", "centralized share of all people",
     "集中安置人数/已落实人数", "centralized people / implemented people", RF_CAT_BOTH,
     RF_WHERE_CENTRALIZED, true},
    {"dispersed_share", "分散安置率(全部搬迁人口)", "dispersed share of all people",
     "分散安置人数/已落实人数", "dispersed people / implemented people", RF_CAT_BOTH,
     RF_WHERE_DISPERSED, true},
    {"urban_park_share", "进城进园安置占比", "share at urban_park sites",
     SHARE_OF_IMPLEMENTED("进城进园安置", "at urban_park sites"), RF_CAT_BOTH, RF_WHERE_URBAN_PARK,
     true},
    {"township_share", "乡镇圩镇安置占比", "share at township sites",
     SHARE_OF_IMPLEMENTED("乡镇圩镇安置", "at township sites"), RF_CAT_BOTH, RF_WHERE_TOWNSHIP,
     true},
    {"central_village_share", "中心村安置占比", "share at central_village sites",
     SHARE_OF_IMPLEMENTED("中心村安置", "at central_village sites"), RF_CAT_BOTH,
     RF_WHERE_CENTRAL_VILLAGE, true},
    {"urban_township_share", "进城入镇安置占比", "share at urban_park and township sites",
     SHARE_OF_IMPLEMENTED("进城入镇安置", "at urban_park and township sites"), RF_CAT_BOTH,
     RF_WHERE_URBAN_TOWNSHIP, true},
    {"registered_urban_park_share", "建档立卡进城进园安置占比",
     "registered share at urban_park sites",
     SHARE_OF_IMPLEMENTED("进城进园安置", "at urban_park sites"), RF_CAT_REGISTERED,
     RF_WHERE_URBAN_PARK, true},
    {"registered_township_share", "建档立卡乡镇圩镇安置占比", "registered share at township sites",
     SHARE_OF_IMPLEMENTED("乡镇圩镇安置", "at township sites"), RF_CAT_REGISTERED,
     RF_WHERE_TOWNSHIP, true},
    {"registered_central_village_share", "建档立卡中心村安置占比",
     "registered share at central_village sites",
     SHARE_OF_IMPLEMENTED("中心村安置", "at central_village sites"), RF_CAT_REGISTERED,
     RF_WHERE_CENTRAL_VILLAGE, true},
    {"registered_urban_township_share", "建档立卡进城入镇安置占比",
     "registered share at urban_park and township sites",
     SHARE_OF_IMPLEMENTED("进城入镇安置", "at urban_park and township sites"), RF_CAT_REGISTERED,
     RF_WHERE_URBAN_TOWNSHIP, true},
    {"synchronous_urban_park_share", "同步搬迁进城进园安置占比",
     "synchronous share at urban_park sites",
     SHARE_OF_IMPLEMENTED("进城进园安置", "at urban_park sites"), RF_CAT_SYNCHRONOUS,
     RF_WHERE_URBAN_PARK, true},
    {"synchronous_township_share", "同步搬迁乡镇圩镇安置占比",
     "synchronous share at township sites",
     SHARE_OF_IMPLEMENTED("乡镇圩镇安置", "at township sites"), RF_CAT_SYNCHRONOUS,
     RF_WHERE_TOWNSHIP, true},
    {"synchronous_central_village_share", "同步搬迁中心村安置占比",
     "synchronous share at central_village sites",
     SHARE_OF_IMPLEMENTED("中心村安置", "at central_village sites"), RF_CAT_SYNCHRONOUS,
     RF_WHERE_CENTRAL_VILLAGE, true},
    {"synchronous_urban_township_share", "同步搬迁进城入镇安置占比",
     "synchronous share at urban_park and township sites",
     SHARE_OF_IMPLEMENTED("进城入镇安置", "at urban_park and township sites"), RF_CAT_SYNCHRONOUS,
     RF_WHERE_URBAN_TOWNSHIP, true},
};

const char *rf_rate_id(rf_rate_kind k)
{
    return (int)k >= 0 && k < RF_RATE_COUNT ? RATES[k].id : "?";
}

const char *rf_rate_label(rf_rate_kind k, bool chinese)
{
    if ((int)k < 0 || k >= RF_RATE_COUNT)
        return "?";
    return chinese ? RATES[k].zh : RATES[k].en;
}

const char *rf_rate_formula(rf_rate_kind k, bool chinese)
{
    if ((int)k < 0 || k >= RF_RATE_COUNT)
        return "?";
    return chinese ? RATES[k].formula_zh : RATES[k].formula_en;
}

bool rf_rate_is_money(rf_rate_kind k)
{
    return k == RF_RATE_REGISTERED_DISBURSEMENT || k == RF_RATE_SYNCHRONOUS_DISBURSEMENT;
}

bool rf_rate_is_detail(rf_rate_kind k)
{
    return (int)k >= 0 && k < RF_RATE_COUNT && RATES[k].detail;
}

bool rf_rate_parse(const char *id, rf_rate_kind *out)
{
    for (int i = 0; i < RF_RATE_COUNT; i++)
        if (id && strcmp(RATES[i].id, id) == 0) {
            *out = (rf_rate_kind)i;
            return true;
        }
    return false;
}

bool rf_rate_text_matches(const char *stated, int64_t num, int64_t den, bool *valid)
{
    return rf_decimal_text_matches(stated, true, num, den, 2, valid);
}

static void set(rf_rate *r, int64_t num, int64_t den, bool known)
{
    r->num = num;
    r->den = den;
    r->known = known && den > 0 && num >= 0;
}

void rf_rates_compute(const rf_scenario *s, rf_rate out[RF_RATE_COUNT])
{
    rf_sums sums;
    rf_sums_compute(s, &sums);
    for (int k = 0; k < RF_RATE_COUNT; k++) {
        out[k].kind = (rf_rate_kind)k;
        out[k].stated = NULL;
        out[k].stated_matches = false;
        if (RATES[k].where != RF_WHERE_ALL)
            set(&out[k], sums.people[RATES[k].category][RATES[k].where],
                sums.people[RATES[k].category][RF_WHERE_ALL], true);
    }
    const rf_progress *rp = &s->progress[RF_CAT_REGISTERED];
    const rf_progress *sp = &s->progress[RF_CAT_SYNCHRONOUS];
    bool hr = s->has_progress[RF_CAT_REGISTERED], hs = s->has_progress[RF_CAT_SYNCHRONOUS];
    set(&out[RF_RATE_REGISTERED_IMPLEMENTATION], sums.people[RF_CAT_REGISTERED][RF_WHERE_ALL],
        s->planned_people[RF_CAT_REGISTERED], true);
    set(&out[RF_RATE_SYNCHRONOUS_IMPLEMENTATION], sums.people[RF_CAT_SYNCHRONOUS][RF_WHERE_ALL],
        s->planned_people[RF_CAT_SYNCHRONOUS], true);
    set(&out[RF_RATE_REGISTERED_DISBURSEMENT], s->disbursed_total[RF_CAT_REGISTERED],
        sums.arrived[RF_CAT_REGISTERED], s->has_disbursed_total[RF_CAT_REGISTERED]);
    set(&out[RF_RATE_SYNCHRONOUS_DISBURSEMENT], s->disbursed_total[RF_CAT_SYNCHRONOUS],
        sums.arrived[RF_CAT_SYNCHRONOUS], s->has_disbursed_total[RF_CAT_SYNCHRONOUS]);
    set(&out[RF_RATE_REGISTERED_COMPLETION], rp->completed_households, rp->planned_households,
        hr && rp->completed_households >= 0 && rp->planned_households >= 0);
    set(&out[RF_RATE_SYNCHRONOUS_COMPLETION], sp->completed_households, sp->planned_households,
        hs && sp->completed_households >= 0 && sp->planned_households >= 0);
    set(&out[RF_RATE_REGISTERED_MOVE_IN], rp->moved_in_households, rp->completed_households,
        hr && rp->moved_in_households >= 0 && rp->completed_households >= 0);
    set(&out[RF_RATE_SYNCHRONOUS_MOVE_IN], sp->moved_in_households, sp->completed_households,
        hs && sp->moved_in_households >= 0 && sp->completed_households >= 0);
    set(&out[RF_RATE_REGISTERED_DEMOLITION], rp->demolished, rp->demolition_agreements,
        hr && rp->demolished >= 0 && rp->demolition_agreements >= 0);
    set(&out[RF_RATE_SITE_COMPLETION], s->sites_completed, sums.sites[RF_WHERE_CENTRALIZED],
        s->sites_completed >= 0);

    for (size_t i = 0; i < s->n_stated_rates; i++) {
        rf_rate_kind k;
        if (!rf_rate_parse(s->stated_rate_names[i], &k))
            continue;
        bool valid;
        out[k].stated = s->stated_rate_values[i];
        out[k].stated_matches =
            rf_rate_text_matches(s->stated_rate_values[i], out[k].num, out[k].den, &valid);
    }
}

/* ---- site construction ---- */

static const char *const SP_CHECKS[RF_SP_CHECK_COUNT] = {
    "planned_less_cancelled_is_built",
    "types_add_up_to_built",
    "completed_and_under_construction_are_built",
    "built_matches_scenario",
    "urban_park_matches_scenario",
    "township_matches_scenario",
    "central_village_matches_scenario",
    "completion_rate_matches",
};

const char *rf_sp_check_id(rf_sp_check c)
{
    return (int)c >= 0 && c < RF_SP_CHECK_COUNT ? SP_CHECKS[c] : "?";
}

void rf_site_progress_check(const rf_site_progress *sp, const rf_sums *sums, rf_sp_checks *out)
{
    memset(out, 0, sizeof *out);
    if (!sp->present)
        return;
#define CHECK(c, is_known, holds_when_known)                                                       \
    do {                                                                                           \
        out->known[c] = (is_known);                                                                \
        out->holds[c] = out->known[c] && (holds_when_known);                                       \
    } while (0)
    const int64_t *t = sp->by_type, b = sp->built;
    CHECK(RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT, sp->planned >= 0 && sp->cancelled >= 0 && b >= 0,
          sp->planned - sp->cancelled == b);
    CHECK(RF_SP_TYPES_ADD_UP_TO_BUILT, t[0] >= 0 && t[1] >= 0 && t[2] >= 0 && b >= 0,
          t[0] + t[1] + t[2] == b);
    CHECK(RF_SP_COMPLETED_AND_UNDER_CONSTRUCTION_ARE_BUILT,
          sp->completed >= 0 && sp->under_construction >= 0 && b >= 0,
          sp->completed + sp->under_construction == b);
    CHECK(RF_SP_BUILT_MATCHES_SCENARIO, b >= 0, b == sums->sites[RF_WHERE_CENTRALIZED]);
    static const rf_where types[3] = {RF_WHERE_URBAN_PARK, RF_WHERE_TOWNSHIP,
                                      RF_WHERE_CENTRAL_VILLAGE};
    for (int i = 0; i < 3; i++)
        CHECK(RF_SP_URBAN_PARK_MATCHES_SCENARIO + i, t[i] >= 0, t[i] == sums->sites[types[i]]);
    bool valid = false;
    bool matches = sp->stated_completion_rate && sp->completed >= 0 && b > 0 &&
                   rf_rate_text_matches(sp->stated_completion_rate, sp->completed, b, &valid);
    CHECK(RF_SP_COMPLETION_RATE_MATCHES, sp->stated_completion_rate && sp->completed >= 0 && b > 0,
          matches);
#undef CHECK
}
