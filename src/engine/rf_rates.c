/* rf_rates: progress rates of a scenario and their check against stated ones. */
#include "rf_rates.h"

#include <string.h>

#include "rf_money.h"

typedef struct {
    const char *id, *zh, *en, *formula_zh, *formula_en;
} rate_row;

static const rate_row RATES[RF_RATE_COUNT] = {
    {"registered_implementation", "建档立卡落实率", "registered implementation rate",
     "已落实人数/计划人数", "implemented people / planned people"},
    {"synchronous_implementation", "同步搬迁落实率", "synchronous implementation rate",
     "已落实人数/计划人数", "implemented people / planned people"},
    {"registered_centralized_share", "建档立卡集中安置率", "registered centralized share",
     "集中安置人数/已落实人数", "centralized people / implemented people"},
    {"registered_dispersed_share", "建档立卡分散安置率", "registered dispersed share",
     "分散安置人数/已落实人数", "dispersed people / implemented people"},
    {"synchronous_centralized_share", "同步搬迁集中安置率", "synchronous centralized share",
     "集中安置人数/已落实人数", "centralized people / implemented people"},
    {"registered_disbursement", "建档立卡资金拨付率", "registered disbursement rate",
     "已拨付/已到位", "disbursed / arrived"},
    {"synchronous_disbursement", "同步搬迁资金拨付率", "synchronous disbursement rate",
     "已拨付/已到位", "disbursed / arrived"},
    {"registered_completion", "建档立卡住房完工率", "registered housing completion rate",
     "已完工套数/计划套数", "completed houses / planned houses"},
    {"synchronous_completion", "同步搬迁住房完工率", "synchronous housing completion rate",
     "已完工套数/计划套数", "completed houses / planned houses"},
    {"registered_move_in", "建档立卡入住率", "registered move-in rate",
     "已入住户数/已完工套数", "households moved in / completed houses"},
    {"synchronous_move_in", "同步搬迁入住率", "synchronous move-in rate",
     "已入住户数/已完工套数", "households moved in / completed houses"},
    {"registered_demolition", "旧房拆除率", "old-house demolition rate",
     "已拆除户数/签订拆除协议户数", "demolished / demolition agreements"},
    {"site_completion", "安置点完工率", "site completion rate",
     "已完工安置点/集中安置点", "completed sites / centralized sites"},
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
    *valid = false;
    if (!stated)
        return false;
    size_t len = strlen(stated);
    if (len < 2 || stated[len - 1] != '%')
        return false;
    const char *dot = memchr(stated, '.', len - 1);
    int decimals = dot ? (int)(stated + len - 1 - dot - 1) : 0;
    if (decimals > 6)
        return false;
    int64_t stated_scaled;
    if (!rf_decimal_parse(stated, len - 1, decimals, (int64_t)1e12, &stated_scaled) ||
        stated_scaled < 0)
        return false;
    *valid = true;
    if (den <= 0)
        return false;
    int64_t scale = 100;
    for (int k = 0; k < decimals; k++)
        scale *= 10;
    long double exact = (long double)num * scale / den;
    int64_t rounded = (int64_t)(exact + 0.5L);
    return rounded == stated_scaled;
}

static void set(rf_rate *r, int64_t num, int64_t den, bool known)
{
    r->num = num;
    r->den = den;
    r->known = known && den > 0 && num >= 0;
}

void rf_rates_compute(const rf_scenario *s, rf_rate out[RF_RATE_COUNT])
{
    int64_t people[RF_CAT_COUNT] = {0}, central[RF_CAT_COUNT] = {0};
    int64_t centralized_sites = 0;
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        people[RF_CAT_REGISTERED] += site->registered_people;
        people[RF_CAT_SYNCHRONOUS] += site->synchronous_people;
        if (site->type != RF_SITE_DISPERSED) {
            central[RF_CAT_REGISTERED] += site->registered_people;
            central[RF_CAT_SYNCHRONOUS] += site->synchronous_people;
            centralized_sites++;
        }
    }
    rf_fen arrived[RF_CAT_COUNT] = {0};
    for (size_t i = 0; i < s->n_sources && i < s->policy->n_sources; i++)
        arrived[s->policy->sources[i].category] += s->sources[i].arrived;

    for (int k = 0; k < RF_RATE_COUNT; k++) {
        out[k].kind = (rf_rate_kind)k;
        out[k].stated = NULL;
        out[k].stated_matches = false;
    }
    const rf_progress *rp = &s->progress[RF_CAT_REGISTERED];
    const rf_progress *sp = &s->progress[RF_CAT_SYNCHRONOUS];
    bool hr = s->has_progress[RF_CAT_REGISTERED], hs = s->has_progress[RF_CAT_SYNCHRONOUS];
    set(&out[RF_RATE_REGISTERED_IMPLEMENTATION], people[0], s->planned_people[0], true);
    set(&out[RF_RATE_SYNCHRONOUS_IMPLEMENTATION], people[1], s->planned_people[1], true);
    set(&out[RF_RATE_REGISTERED_CENTRALIZED_SHARE], central[0], people[0], true);
    set(&out[RF_RATE_REGISTERED_DISPERSED_SHARE], people[0] - central[0], people[0], true);
    set(&out[RF_RATE_SYNCHRONOUS_CENTRALIZED_SHARE], central[1], people[1], true);
    set(&out[RF_RATE_REGISTERED_DISBURSEMENT], s->disbursed_total[0], arrived[0],
        s->has_disbursed_total[0]);
    set(&out[RF_RATE_SYNCHRONOUS_DISBURSEMENT], s->disbursed_total[1], arrived[1],
        s->has_disbursed_total[1]);
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
    set(&out[RF_RATE_SITE_COMPLETION], s->sites_completed, centralized_sites,
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
