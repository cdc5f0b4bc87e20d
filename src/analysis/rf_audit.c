/* rf_audit: the roster rules (cap, area, demolition, duplicates, sites) and
 * the per-site tallies, with a compact hash set for household ids. */
/* MAP_ANONYMOUS and MADV_HUGEPAGE are not POSIX: ask for the system's names. */
#define _DEFAULT_SOURCE 1

#include "rf_audit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rf_hash.h"

typedef struct {
    const char *id;
    const char *zh;
    const char *en;
} rule_name;

static const rule_name RULES[RF_RULE_COUNT] = {
    {"self_funding_over_cap", "自筹超过上限", "self-funding over the cap"},
    {"area_over_cap", "住房面积超标", "housing area over the cap"},
    {"no_demolition_agreement", "入住未签拆旧协议", "moved in without a demolition agreement"},
    {"not_demolished_in_time", "入住一年内未拆旧", "old house not demolished within a year"},
    {"duplicate_household_id", "户号重复", "household id appears twice"},
    {"unknown_site", "安置点不在方案中", "site not in the scenario"},
    {"household_mix", "户数超出方案", "more households than the scenario"},
};

const char *rf_rule_id(rf_rule r)
{
    return (int)r >= 0 && r < RF_RULE_COUNT ? RULES[r].id : "?";
}

const char *rf_rule_label(rf_rule r, bool chinese)
{
    if ((int)r < 0 || r >= RF_RULE_COUNT)
        return "?";
    return chinese ? RULES[r].zh : RULES[r].en;
}

rf_severity rf_rule_severity(rf_rule r)
{
    return r == RF_RULE_HOUSEHOLD_MIX ? RF_SEV_WARNING : RF_SEV_ERROR;
}

/* a[0..n) == b[0..n), inline: site ids are a few bytes, shorter than a
 * call of memcmp. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Sizes up to this are tallied per site (rf_household.size is 1..99). */
#define MAX_SIZE 99

#define DEADLINE_CACHE 1024

typedef struct {
    int64_t *class_count;  /* per registered size class of the site */
    int64_t *class_over;   /* first row beyond the class's count, 0 none */
    int64_t *other_count;  /* [MAX_SIZE + 1], sizes the site lacks; lazily */
    int64_t *other_first;
    int64_t sync_households, sync_households_over;
    int64_t sync_people, sync_people_over;
} site_tally;

struct rf_audit {
    const rf_scenario *s;
    rf_day as_of;
    rf_audit_id_lookup lookup;
    void *lookup_ctx;
    uint64_t key[2]; /* of rf_hash, random for each audit */
    /* sites by id: open addressing over site indexes + 1 (0 = empty) */
    uint32_t *site_slots;
    size_t site_mask;
    size_t last_site; /* rosters tend to come sorted by site */
    site_tally *tally;
    size_t *site_len; /* strlen of each site id */
    /* household ids: (hash >> 32) << 32 | row, 0 = empty; id_bytes long */
    uint64_t *ids;
    size_t id_bytes;
    size_t id_bits;
    size_t id_count;
    /* rf_date_add_years(day, 1) of recent moved-in days, by day modulo
     * DEADLINE_CACHE (rosters hold a few hundred distinct days) */
    rf_day deadline_key[DEADLINE_CACHE];
    rf_day deadline_val[DEADLINE_CACHE];
    bool deadline_set[DEADLINE_CACHE];
    rf_audit_summary sum;
    rf_violation *warnings;
    size_t n_warnings;
    bool finished;
    /* hashes computed by rf_audit_prefetch, by row modulo PREFETCH_RING */
    int64_t pre_row[RF_AUDIT_PREFETCH_AHEAD];
    uint64_t pre_hash[RF_AUDIT_PREFETCH_AHEAD];
};

#define PREFETCH_RING RF_AUDIT_PREFETCH_AHEAD

/* A zeroed table of n bytes for the household ids.  Large tables are mapped
 * on 2 MiB boundaries and marked for transparent huge pages where the system
 * has them: the table is probed at random, once a row, and with 4 KiB pages
 * nearly every probe is also a TLB miss.  Returns NULL when out of memory. */
static uint64_t *ids_alloc(size_t n)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (n >= huge) {
        size_t span = n + huge;
        char *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        size_t lead = (huge - (size_t)((uintptr_t)m & (huge - 1))) & (huge - 1);
        if (lead)
            munmap(m, lead);
        if (huge - lead)
            munmap(m + lead + n, huge - lead);
        (void)madvise(m + lead, n, MADV_HUGEPAGE); /* a hint: without it, 4 KiB pages */
        return (uint64_t *)(void *)(m + lead);
    }
#endif
    return calloc(1, n);
}

/* Frees a table of ids_alloc(n). */
static void ids_free(uint64_t *t, size_t n)
{
    if (!t)
        return;
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    if (n >= ((size_t)2 << 20)) {
        munmap(t, n);
        return;
    }
#endif
    (void)n;
    free(t);
}

static size_t find_site(const rf_audit *a, const char *id, size_t len)
{
    const rf_scenario *s = a->s;
    if (a->last_site < s->n_sites) {
        const char *last = s->sites[a->last_site].id;
        if (a->site_len[a->last_site] == len && same_bytes(last, id, len))
            return a->last_site;
    }
    size_t i = (size_t)rf_hash(a->key, id, len) & a->site_mask;
    for (; a->site_slots[i]; i = (i + 1) & a->site_mask) {
        size_t k = a->site_slots[i] - 1;
        const char *sid = s->sites[k].id;
        if (a->site_len[k] == len && same_bytes(sid, id, len))
            return k;
    }
    return s->n_sites;
}

rf_audit *rf_audit_new(const rf_scenario *s, rf_day as_of, rf_audit_id_lookup lookup,
                       void *lookup_ctx, rf_error *err)
{
    rf_audit *a = calloc(1, sizeof *a);
    if (!a)
        goto oom;
    a->s = s;
    a->as_of = as_of;
    a->lookup = lookup;
    a->lookup_ctx = lookup_ctx;
    rf_hash_key(a->key);
    size_t n = s->n_sites;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    a->site_mask = cap - 1;
    a->last_site = n;
    a->site_slots = calloc(cap, sizeof *a->site_slots);
    a->site_len = calloc(n + 1, sizeof *a->site_len);
    a->tally = calloc(n + 1, sizeof *a->tally);
    a->sum.n_sites = n;
    a->sum.site_households = calloc(n + 1, sizeof *a->sum.site_households);
    a->sum.site_rules = calloc(n + 1, sizeof *a->sum.site_rules);
    a->sum.site_over_cap = calloc(n + 1, sizeof *a->sum.site_over_cap);
    a->id_bits = 16;
    a->id_bytes = ((size_t)1 << a->id_bits) * sizeof *a->ids;
    a->ids = ids_alloc(a->id_bytes);
    if (!a->site_slots || !a->site_len || !a->tally || !a->sum.site_households || !a->sum.site_rules ||
        !a->sum.site_over_cap || !a->ids)
        goto oom;
    for (size_t k = 0; k < n; k++) {
        const rf_site *site = &s->sites[k];
        a->site_len[k] = strlen(site->id);
        size_t i = (size_t)rf_hash(a->key, site->id, a->site_len[k]) & a->site_mask;
        while (a->site_slots[i])
            i = (i + 1) & a->site_mask;
        a->site_slots[i] = (uint32_t)(k + 1);
        size_t nc = site->n_registered ? site->n_registered : 1;
        a->tally[k].class_count = calloc(nc, sizeof(int64_t));
        a->tally[k].class_over = calloc(nc, sizeof(int64_t));
        if (!a->tally[k].class_count || !a->tally[k].class_over)
            goto oom;
    }
    return a;
oom:
    rf_audit_free(a);
    rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory");
    return NULL;
}

/* Replaces the id table by one of 2^bits slots (bits > id_bits), moving
 * every id over. */
static bool resize_ids(rf_audit *a, size_t bits)
{
    if (bits > 32)
        return false;
    size_t bytes = ((size_t)1 << bits) * sizeof(uint64_t);
    uint64_t *t = ids_alloc(bytes);
    if (!t)
        return false;
    size_t mask = ((size_t)1 << bits) - 1;
    for (size_t i = 0; i < ((size_t)1 << a->id_bits); i++) {
        uint64_t e = a->ids[i];
        if (!e)
            continue;
        size_t j = (size_t)((e >> 32) >> (32 - bits));
        while (t[j])
            j = (j + 1) & mask;
        t[j] = e;
    }
    ids_free(a->ids, a->id_bytes);
    a->ids = t;
    a->id_bytes = bytes;
    a->id_bits = bits;
    return true;
}

/* Slots for n ids at the table's highest load (7/10). */
static size_t bits_for(size_t n)
{
    size_t bits = 16;
    while (bits < 32 && (n + 1) * 10 > ((size_t)7 << bits))
        bits++;
    return bits;
}

bool rf_audit_reserve(rf_audit *a, size_t households, rf_error *err)
{
    size_t bits = bits_for(households);
    if (bits <= a->id_bits)
        return true;
    if (!resize_ids(a, bits))
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory"), false;
    return true;
}

/* Looks the household id up; remembers it when new.  Sets *first to the
 * row of its first use (0 when new).  Returns false (err filled) on failure. */
static bool check_id(rf_audit *a, const rf_household *h, int64_t *first, rf_error *err)
{
    *first = 0;
    if (h->row <= 0 || h->row > (int64_t)UINT32_MAX)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                            "row %lld: the duplicate check handles at most 4294967295 rows",
                            (long long)h->row),
               false;
    if ((a->id_count + 1) * 10 > ((size_t)7 << a->id_bits) && !resize_ids(a, a->id_bits + 1))
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory"), false;
    size_t slot = (size_t)h->row % PREFETCH_RING;
    uint64_t hash = a->pre_row[slot] == h->row ? a->pre_hash[slot]
                                                : rf_hash(a->key, h->household_id, h->household_id_len);
    uint64_t tag = hash >> 32;
    size_t mask = ((size_t)1 << a->id_bits) - 1;
    size_t i = (size_t)(tag >> (32 - a->id_bits));
    for (; a->ids[i]; i = (i + 1) & mask) {
        uint64_t e = a->ids[i];
        if ((e >> 32) != tag)
            continue;
        int64_t row = (int64_t)(e & 0xFFFFFFFFu);
        const char *id;
        size_t len;
        if (!a->lookup || !a->lookup(a->lookup_ctx, row, &id, &len, err))
            return false;
        if (len == h->household_id_len && memcmp(id, h->household_id, len) == 0) {
            *first = row;
            return true;
        }
    }
    a->ids[i] = (tag << 32) | (uint64_t)h->row;
    a->id_count++;
    return true;
}

void rf_audit_prefetch(rf_audit *a, const rf_household *h)
{
    size_t slot = (size_t)h->row % PREFETCH_RING;
    uint64_t hash = rf_hash(a->key, h->household_id, h->household_id_len);
    a->pre_row[slot] = h->row;
    a->pre_hash[slot] = hash;
#if defined(__GNUC__)
    __builtin_prefetch(&a->ids[(size_t)((hash >> 32) >> (32 - a->id_bits))]);
#endif
}

/* Counts the household against its site's figures (for HOUSEHOLD_MIX). */
static bool tally_mix(rf_audit *a, size_t k, const rf_household *h)
{
    const rf_site *site = &a->s->sites[k];
    site_tally *t = &a->tally[k];
    if (h->category == RF_CAT_SYNCHRONOUS) {
        if (++t->sync_households > site->synchronous_households && !t->sync_households_over)
            t->sync_households_over = h->row;
        t->sync_people += h->size;
        if (t->sync_people > site->synchronous_people && !t->sync_people_over)
            t->sync_people_over = h->row;
        return true;
    }
    for (size_t c = 0; c < site->n_registered; c++)
        if (site->registered[c].size == h->size) {
            if (++t->class_count[c] > site->registered[c].households && !t->class_over[c])
                t->class_over[c] = h->row;
            return true;
        }
    if (!t->other_count) {
        t->other_count = calloc(2 * (MAX_SIZE + 1), sizeof(int64_t));
        if (!t->other_count)
            return false;
        t->other_first = t->other_count + MAX_SIZE + 1;
    }
    int size = h->size > MAX_SIZE ? MAX_SIZE : h->size;
    if (t->other_count[size]++ == 0)
        t->other_first[size] = h->row;
    return true;
}

int rf_audit_check(rf_audit *a, const rf_household *h, rf_violation out[RF_RULE_COUNT],
                   rf_error *err)
{
    const rf_policy *p = a->s->policy;
    int n = 0;
#define ADD(r, hv, v, hl, l)                                                                       \
    (out[n++] = (rf_violation){.rule = (r), .row = h->row, .has_value = (hv), .value = (v),        \
                               .has_limit = (hl), .limit = (l)})
    size_t k = find_site(a, h->site_id, h->site_id_len);
    if (k < a->s->n_sites)
        a->last_site = k;
    bool registered = h->category == RF_CAT_REGISTERED;
    if (registered && p && h->self_funded > p->self_funding_cap) {
        ADD(RF_RULE_SELF_FUNDING_CAP, true, h->self_funded, true, p->self_funding_cap);
        a->sum.over_cap_total += h->self_funded - p->self_funding_cap;
        a->sum.site_over_cap[k] += h->self_funded - p->self_funding_cap;
        a->sum.households_over_cap++;
    }
    if (registered && p && p->area_cap_per_person > 0) {
        rf_centi_m2 cap = rf_policy_area_cap(p, h->size);
        if (h->area > cap)
            ADD(RF_RULE_AREA_CAP, true, h->area, true, cap);
    }
    if (h->moved_in && h->moved_in_date <= a->as_of) {
        if (!h->demolition_agreement)
            ADD(RF_RULE_NO_DEMOLITION_AGREEMENT, true, h->moved_in_date, false, 0);
        size_t c = (size_t)(uint32_t)h->moved_in_date % DEADLINE_CACHE;
        if (!a->deadline_set[c] || a->deadline_key[c] != h->moved_in_date) {
            a->deadline_set[c] = true;
            a->deadline_key[c] = h->moved_in_date;
            a->deadline_val[c] = rf_date_add_years(h->moved_in_date, 1);
        }
        rf_day deadline = a->deadline_val[c];
        if (h->demolished && h->demolished_date <= a->as_of) {
            if (h->demolished_date > deadline)
                ADD(RF_RULE_NOT_DEMOLISHED, true, h->demolished_date, true, deadline);
        } else if (a->as_of > deadline) {
            ADD(RF_RULE_NOT_DEMOLISHED, false, 0, true, deadline);
        }
    }
    int64_t first;
    if (!check_id(a, h, &first, err))
        return -1;
    if (first)
        ADD(RF_RULE_DUPLICATE_ID, true, first, false, 0);
    if (k == a->s->n_sites)
        ADD(RF_RULE_UNKNOWN_SITE, false, 0, false, 0);
    else if (!tally_mix(a, k, h))
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "out of memory"), -1;
#undef ADD
    a->sum.households++;
    a->sum.by_category[h->category]++;
    a->sum.site_households[k]++;
    for (int i = 0; i < n; i++) {
        a->sum.by_rule[out[i].rule]++;
        a->sum.site_rules[k][out[i].rule]++;
    }
    a->sum.violations += n;
    if (n)
        a->sum.households_in_violation++;
    return n;
}

void rf_audit_bad_row(rf_audit *a)
{
    a->sum.bad_rows++;
}

static bool push_warning(rf_audit *a, size_t *cap, rf_violation v)
{
    if (a->n_warnings == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        rf_violation *w = realloc(a->warnings, c * sizeof *w);
        if (!w)
            return false;
        a->warnings = w;
        *cap = c;
    }
    a->warnings[a->n_warnings++] = v;
    a->sum.by_rule[RF_RULE_HOUSEHOLD_MIX]++;
    a->sum.site_rules[v.site][RF_RULE_HOUSEHOLD_MIX]++;
    a->sum.warnings++;
    return true;
}

/* Pushes v as the synchronous warning mix when over (the first row beyond
 * the scenario's count) is set: seen in the roster against limit. */
static bool push_synchronous(rf_audit *a, size_t *cap, rf_violation v, rf_mix_kind mix,
                             int64_t over, int64_t seen, int64_t limit)
{
    if (!over)
        return true;
    v.mix = mix;
    v.size = 0;
    v.row = over;
    v.value = seen;
    v.limit = limit;
    return push_warning(a, cap, v);
}

size_t rf_audit_finish(rf_audit *a, const rf_violation **warnings)
{
    size_t cap = 0;
    if (a->finished) {
        *warnings = a->warnings;
        return a->n_warnings;
    }
    a->finished = true;
    for (size_t k = 0; k < a->s->n_sites; k++) {
        const rf_site *site = &a->s->sites[k];
        const site_tally *t = &a->tally[k];
        rf_violation v = {.rule = RF_RULE_HOUSEHOLD_MIX, .has_value = true, .has_limit = true,
                          .site = k};
        for (int size = 1; size <= MAX_SIZE; size++) {
            v.mix = RF_MIX_REGISTERED_SIZE;
            v.size = size;
            v.row = 0;
            for (size_t c = 0; c < site->n_registered; c++)
                if (site->registered[c].size == size && t->class_over[c]) {
                    v.row = t->class_over[c];
                    v.value = t->class_count[c];
                    v.limit = site->registered[c].households;
                }
            if (t->other_count && t->other_count[size]) {
                v.row = t->other_first[size];
                v.value = t->other_count[size];
                v.limit = 0;
            }
            if (v.row && !push_warning(a, &cap, v))
                goto out;
        }
        if (!push_synchronous(a, &cap, v, RF_MIX_SYNCHRONOUS_HOUSEHOLDS, t->sync_households_over,
                              t->sync_households, site->synchronous_households) ||
            !push_synchronous(a, &cap, v, RF_MIX_SYNCHRONOUS_PEOPLE, t->sync_people_over,
                              t->sync_people, site->synchronous_people))
            goto out;
    }
out:
    *warnings = a->warnings;
    return a->n_warnings;
}

const rf_audit_summary *rf_audit_summary_get(const rf_audit *a)
{
    return &a->sum;
}

void rf_audit_free(rf_audit *a)
{
    if (!a)
        return;
    if (a->tally)
        for (size_t k = 0; k < a->s->n_sites; k++) {
            free(a->tally[k].class_count);
            free(a->tally[k].class_over);
            free(a->tally[k].other_count);
        }
    free(a->tally);
    free(a->site_slots);
    free(a->site_len);
    ids_free(a->ids, a->id_bytes);
    free(a->sum.site_households);
    free(a->sum.site_rules);
    free(a->sum.site_over_cap);
    free(a->warnings);
    free(a);
}
