/* cmd_audit: `relocfund audit ROSTER.csv --scenario SCENARIO`: every household
 * of a roster against the policy's rules, streamed, with a summary. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rf_audit.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_roster.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund audit [OPTIONS] ROSTER.csv --scenario SCENARIO\n\n"
            "Checks every household of a roster (CSV, see docs/roster-format.md) against the\n"
            "scenario's policy and sites and lists every violation.\n\n"
            "Options:\n"
            "  --scenario FILE    the scenario (its policy and sites); required\n"
            "  --as-of DATE       audit date YYYY-MM-DD for the demolition deadline\n"
            "                     (default: today)\n"
            "  --strict           stop at the first malformed row (exit 2)\n"
            "  --max-errors N     print at most N malformed rows on standard error\n"
            "                     (default 100; 0: all); all are counted\n"
            "  --format FMT       text (default), json, csv or md\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --excel            start CSV output with a UTF-8 byte order mark for Excel\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 no violation, 1 violations found or malformed rows skipped,\n"
            "2 usage or input error (with --strict: the first malformed row),\n"
            "3 internal failure, 4 output not written.\n");
}

/* ---- escaping of roster text, which arrives as (pointer, length) -------- */

static void json_string(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
    if (s)
        json_string(out, s, strlen(s));
    else
        fputs("null", out);
}

/* A CSV field (RFC 4180); text a spreadsheet would take for a formula gets
 * a leading apostrophe. */
static void csv_string(FILE *out, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    bool formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                             s[0] == '\t' || s[0] == '\r');
    if (formula && n > 1 && (s[0] == '-' || s[0] == '+')) {
        bool number = true;
        for (size_t i = 1; i < n && number; i++)
            number = (s[i] >= '0' && s[i] <= '9') || s[i] == '.';
        formula = !number;
    }
    if (quote)
        fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', out);
        fputc(s[i], out);
    }
    if (quote)
        fputc('"', out);
}

static void csv_cstr(FILE *out, const char *s)
{
    csv_string(out, s, strlen(s));
}

/* A Markdown table cell showing s literally. */
static void md_string(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (strchr("\\`*_[]<>|&~#", c))
            fputc('\\', out);
        fputc(c == '\n' || c == '\r' ? ' ' : c, out);
    }
}

/* Display width of UTF-8 text in a terminal: East Asian wide characters
 * count 2. */
static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0xF0 && i + 3 < n + 0) {
            cp = ((c & 0x07u) << 18) | (((unsigned char)s[i + 1] & 0x3Fu) << 12) |
                 (((unsigned char)s[i + 2] & 0x3Fu) << 6) | ((unsigned char)s[i + 3] & 0x3Fu);
            len = 4;
        } else if (c >= 0xE0 && i + 2 < n) {
            cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                 ((unsigned char)s[i + 2] & 0x3Fu);
            len = 3;
        } else if (c >= 0xC0 && i + 1 < n) {
            len = 2;
            cp = 0x80;
        }
        bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
        i += len;
    }
    return w;
}

/* Writes s then spaces up to `width` columns (at least one space). */
static void text_cell(FILE *out, const char *s, size_t n, size_t width)
{
    fwrite(s, 1, n, out);
    size_t w = display_width(s, n);
    do
        fputc(' ', out);
    while (++w < width);
}

static void text_cstr(FILE *out, const char *s, size_t width)
{
    text_cell(out, s, strlen(s), width);
}

/* ---- the audit run --------------------------------------------------------- */

typedef struct {
    cli_common common;
    const char *roster_path;
    const char *scenario_path;
    rf_day as_of;
    bool strict;
    long long max_errors;
} audit_options;

typedef struct {
    const audit_options *opt;
    const rf_scenario *s;
    FILE *list;     /* the violations, formatted, spooled until the summary is written */
    FILE *bad;      /* JSON only: the malformed rows */
    int64_t n_list; /* entries written to list */
    int64_t n_bad_listed;
} audit_run;

static bool lookup_id(void *ctx, int64_t row, const char **id, size_t *len, rf_error *err)
{
    return rf_roster_id_at(ctx, row, id, len, err);
}

static bool zh(const audit_run *run)
{
    return run->opt->common.chinese;
}

/* The value and limit of a violation in words (text and md). */
static void describe(const audit_run *run, const rf_violation *v, char value[96], char limit[96])
{
    bool c = zh(run);
    char a[40], b[40];
    value[0] = limit[0] = '\0';
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
        snprintf(value, 96, "%s %s", rf_fen_yuan(a, v->value, true), c ? "元" : "yuan");
        snprintf(limit, 96, "%s %s", rf_fen_yuan(b, v->limit, true), c ? "元" : "yuan");
        break;
    case RF_RULE_AREA_CAP:
        snprintf(value, 96, "%s m²", rf_fen_yuan(a, v->value, true));
        snprintf(limit, 96, "%s m²", rf_fen_yuan(b, v->limit, true));
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        snprintf(value, 96, "%s %s", c ? "入住" : "moved in", rf_date_format(a, (rf_day)v->value));
        snprintf(limit, 96, "%s", c ? "须签拆旧协议" : "agreement required");
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            snprintf(value, 96, "%s %s", c ? "拆除于" : "demolished", rf_date_format(a, (rf_day)v->value));
        else
            snprintf(value, 96, "%s", c ? "未拆除" : "not demolished");
        snprintf(limit, 96, "%s %s", c ? "应拆于" : "due by", rf_date_format(b, (rf_day)v->limit));
        break;
    case RF_RULE_DUPLICATE_ID:
        snprintf(value, 96, c ? "首见于第 %lld 行" : "first at row %lld", (long long)v->value);
        snprintf(limit, 96, "%s", c ? "一户一宅" : "one household one house");
        break;
    case RF_RULE_UNKNOWN_SITE:
        snprintf(value, 96, "%s", c ? "方案无此安置点" : "no such site");
        snprintf(limit, 96, "-");
        break;
    case RF_RULE_HOUSEHOLD_MIX: {
        const char *unit = v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? (c ? "人" : "people")
                                                               : (c ? "户" : "households");
        snprintf(value, 96, "%lld %s", (long long)v->value, unit);
        snprintf(limit, 96, "%s %lld %s", c ? "方案" : "scenario:", (long long)v->limit, unit);
        break;
    }
    default:
        break;
    }
}

/* What a HOUSEHOLD_MIX warning counts, in words. */
static void mix_what(const audit_run *run, const rf_violation *v, char out[96])
{
    bool c = zh(run);
    if (v->mix == RF_MIX_REGISTERED_SIZE)
        snprintf(out, 96, c ? "建档立卡 %d 人户" : "registered %d-person households", v->size);
    else if (v->mix == RF_MIX_SYNCHRONOUS_HOUSEHOLDS)
        snprintf(out, 96, "%s", c ? "同步搬迁户数" : "synchronous households");
    else
        snprintf(out, 96, "%s", c ? "同步搬迁人数" : "synchronous people");
}

static const char *mix_kind_id(rf_mix_kind k)
{
    return k == RF_MIX_REGISTERED_SIZE ? "registered_size"
           : k == RF_MIX_SYNCHRONOUS_HOUSEHOLDS ? "synchronous_households"
                                                : "synchronous_people";
}

/* Writes the JSON value / limit / unit members of a violation. */
static void json_value(FILE *out, const rf_violation *v)
{
    char a[40], b[40];
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
        fprintf(out, "\"value\":%s,\"limit\":%s,\"unit\":\"yuan\"", rf_fen_yuan(a, v->value, false),
                rf_fen_yuan(b, v->limit, false));
        break;
    case RF_RULE_AREA_CAP:
        fprintf(out, "\"value\":%s,\"limit\":%s,\"unit\":\"m2\"", rf_fen_yuan(a, v->value, false),
                rf_fen_yuan(b, v->limit, false));
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        fprintf(out, "\"value\":\"%s\",\"limit\":null,\"unit\":\"date\"",
                rf_date_format(a, (rf_day)v->value));
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            fprintf(out, "\"value\":\"%s\",", rf_date_format(a, (rf_day)v->value));
        else
            fputs("\"value\":null,", out);
        fprintf(out, "\"limit\":\"%s\",\"unit\":\"date\"", rf_date_format(b, (rf_day)v->limit));
        break;
    case RF_RULE_DUPLICATE_ID:
        fprintf(out, "\"value\":%lld,\"limit\":null,\"unit\":\"row\"", (long long)v->value);
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        fprintf(out, "\"value\":%lld,\"limit\":%lld,\"unit\":\"%s\"", (long long)v->value,
                (long long)v->limit, v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? "people" : "households");
        break;
    default:
        fputs("\"value\":null,\"limit\":null,\"unit\":null", out);
    }
}

/* The plain value and limit (CSV): as in JSON, without quotes. */
static void plain_value(const rf_violation *v, char value[40], char limit[40], const char **unit)
{
    value[0] = limit[0] = '\0';
    *unit = "";
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
    case RF_RULE_AREA_CAP:
        rf_fen_yuan(value, v->value, false);
        rf_fen_yuan(limit, v->limit, false);
        *unit = v->rule == RF_RULE_AREA_CAP ? "m2" : "yuan";
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        rf_date_format(value, (rf_day)v->value);
        *unit = "date";
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            rf_date_format(value, (rf_day)v->value);
        rf_date_format(limit, (rf_day)v->limit);
        *unit = "date";
        break;
    case RF_RULE_DUPLICATE_ID:
        snprintf(value, 40, "%lld", (long long)v->value);
        *unit = "row";
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        snprintf(value, 40, "%lld", (long long)v->value);
        snprintf(limit, 40, "%lld", (long long)v->limit);
        *unit = v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? "people" : "households";
        break;
    default:
        break;
    }
}

/* Appends one entry of the list (a violation of household h, or with h NULL
 * a HOUSEHOLD_MIX warning) to the spool in the chosen format. */
static void list_entry(audit_run *run, const rf_violation *v, const rf_household *h)
{
    FILE *out = run->list;
    const char *id = h ? h->household_id : "", *site = h ? h->site_id : run->s->sites[v->site].id;
    size_t id_len = h ? h->household_id_len : 0, site_len = h ? h->site_id_len : strlen(site);
    bool c = zh(run);
    char value[96], limit[96], what[96] = "";
    if (!h)
        mix_what(run, v, what);
    switch (run->opt->common.format) {
    case CLI_FORMAT_JSON:
        fprintf(out, "%s\n    {\"row\":%lld,\"household_id\":", run->n_list ? "," : "",
                (long long)v->row);
        if (h)
            json_string(out, id, id_len);
        else
            fputs("null", out);
        fputs(",\"site_id\":", out);
        json_string(out, site, site_len);
        fprintf(out, ",\"category\":");
        if (h)
            fprintf(out, "\"%s\"", rf_category_id(h->category));
        else
            fprintf(out, "\"%s\"", v->mix == RF_MIX_REGISTERED_SIZE ? "registered" : "synchronous");
        fprintf(out, ",\"size\":%d,\"rule\":\"%s\",\"severity\":\"%s\",", h ? h->size : v->size,
                rf_rule_id(v->rule), h ? "error" : "warning");
        if (!h)
            fprintf(out, "\"counts\":\"%s\",", mix_kind_id(v->mix));
        json_value(out, v);
        fputc('}', out);
        break;
    case CLI_FORMAT_CSV: {
        char a[40], b[40];
        const char *unit;
        plain_value(v, a, b, &unit);
        fprintf(out, "%lld,", (long long)v->row);
        csv_string(out, id, id_len);
        fputc(',', out);
        csv_string(out, site, site_len);
        fprintf(out, ",%s,%d,%s,%s,%s,%s,%s\n",
                h ? rf_category_id(h->category)
                  : v->mix == RF_MIX_REGISTERED_SIZE ? "registered" : "synchronous",
                h ? h->size : v->size, rf_rule_id(v->rule), h ? "error" : "warning", a, b, unit);
        break;
    }
    case CLI_FORMAT_MD:
        describe(run, v, value, limit);
        fprintf(out, "| %lld | ", (long long)v->row);
        md_string(out, id, id_len);
        fputs(" | ", out);
        md_string(out, site, site_len);
        fprintf(out, " | %s | %s%s%s | %s |\n", rf_rule_label(v->rule, c), what, h ? "" : " ", value,
                limit);
        break;
    default: {
        char row[24];
        describe(run, v, value, limit);
        snprintf(row, sizeof row, "%lld", (long long)v->row);
        fputs("  ", out);
        text_cstr(out, row, 9);
        text_cell(out, h ? id : "-", h ? id_len : 1, 21);
        text_cell(out, site, site_len, 8);
        text_cstr(out, rf_rule_label(v->rule, c), 30);
        if (!h) {
            char both[200];
            snprintf(both, sizeof both, "%s %s", what, value);
            text_cstr(out, both, 24);
        } else {
            text_cstr(out, value, 24);
        }
        fprintf(out, "%s\n", limit);
    }
    }
    run->n_list++;
}

/* Reports a malformed row on stderr (up to --max-errors) and, for JSON,
 * in the spool of bad rows. */
static void bad_row(audit_run *run, const rf_error *err, int64_t count)
{
    if (run->opt->max_errors == 0 || count <= run->opt->max_errors)
        cli_print_error(err);
    if (run->bad) {
        const char *col = strncmp(err->path, "column ", 7) == 0 ? err->path + 7 : err->path;
        fprintf(run->bad, "%s\n    {\"row\":%d,\"column\":%d,\"column_name\":",
                run->n_bad_listed ? "," : "", err->line, err->column);
        json_cstr(run->bad, col);
        fputs(",\"message\":", run->bad);
        json_cstr(run->bad, err->message);
        fputc('}', run->bad);
        run->n_bad_listed++;
    }
}

static bool copy_spool(FILE *from, FILE *to)
{
    char buf[1 << 16];
    size_t n;
    if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
        return false;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return false;
    return !ferror(from);
}

/* The site id of tally index k ("(unknown)" / null for index n_sites). */
static const char *site_name(const audit_run *run, size_t k)
{
    return k < run->s->n_sites ? run->s->sites[k].id : NULL;
}

static void write_json(audit_run *run, const rf_audit_summary *sum, FILE *out)
{
    char a[40], b[40], d[16];
    const rf_scenario *s = run->s;
    fputs("{\n  \"format\": \"relocfund-audit/1\",\n  \"roster\": ", out);
    json_cstr(out, run->opt->roster_path);
    fputs(",\n  \"scenario\": ", out);
    json_cstr(out, s->id);
    fprintf(out, ",\n  \"as_of\": \"%s\",\n  \"summary\": {\n", rf_date_format(d, run->opt->as_of));
    fprintf(out,
            "    \"households\": %lld,\n    \"registered\": %lld,\n    \"synchronous\": %lld,\n"
            "    \"bad_rows\": %lld,\n    \"violations\": %lld,\n"
            "    \"households_in_violation\": %lld,\n    \"warnings\": %lld,\n",
            (long long)sum->households, (long long)sum->by_category[RF_CAT_REGISTERED],
            (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows,
            (long long)sum->violations, (long long)sum->households_in_violation,
            (long long)sum->warnings);
    fprintf(out,
            "    \"over_cap\": {\"households\": %lld, \"total_fen\": %lld, \"total_yuan\": %s, "
            "\"total_wan\": %s},\n    \"by_rule\": {",
            (long long)sum->households_over_cap, (long long)sum->over_cap_total,
            rf_fen_yuan(a, sum->over_cap_total, false), rf_fen_wan(b, sum->over_cap_total, false));
    for (int r = 0; r < RF_RULE_COUNT; r++)
        fprintf(out, "%s\"%s\": %lld", r ? ", " : "", rf_rule_id((rf_rule)r),
                (long long)sum->by_rule[r]);
    fputs("},\n    \"by_site\": [", out);
    bool first = true;
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        fprintf(out, "%s\n      {\"site_id\": ", first ? "" : ",");
        first = false;
        json_cstr(out, site_name(run, k));
        fprintf(out, ", \"known\": %s, \"households\": %lld, \"over_cap_yuan\": %s, \"by_rule\": {",
                k < sum->n_sites ? "true" : "false", (long long)sum->site_households[k],
                rf_fen_yuan(a, sum->site_over_cap[k], false));
        for (int r = 0; r < RF_RULE_COUNT; r++)
            fprintf(out, "%s\"%s\": %lld", r ? ", " : "", rf_rule_id((rf_rule)r),
                    (long long)sum->site_rules[k][r]);
        fputs("}}", out);
    }
    fputs("\n    ]\n  },\n  \"list\": [", out);
}

static void write_csv_summary(audit_run *run, const rf_audit_summary *sum, FILE *out)
{
    char a[40], d[16];
    if (run->opt->common.excel_bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("item,value\nroster,", out);
    csv_cstr(out, run->opt->roster_path);
    fputs("\nscenario,", out);
    csv_cstr(out, run->s->id ? run->s->id : "");
    fprintf(out,
            "\nas_of,%s\nhouseholds,%lld\nregistered,%lld\nsynchronous,%lld\nbad_rows,%lld\n"
            "violations,%lld\nhouseholds_in_violation,%lld\nwarnings,%lld\n"
            "households_over_cap,%lld\nover_cap_total_yuan,%s\n\nsite_id,households",
            rf_date_format(d, run->opt->as_of), (long long)sum->households,
            (long long)sum->by_category[RF_CAT_REGISTERED],
            (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows,
            (long long)sum->violations, (long long)sum->households_in_violation,
            (long long)sum->warnings, (long long)sum->households_over_cap,
            rf_fen_yuan(a, sum->over_cap_total, false));
    for (int r = 0; r < RF_RULE_COUNT; r++)
        fprintf(out, ",%s", rf_rule_id((rf_rule)r));
    fputs(",over_cap_yuan\n", out);
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        if (k < sum->n_sites)
            csv_cstr(out, site_name(run, k));
        else
            fputs("(unknown)", out);
        fprintf(out, ",%lld", (long long)sum->site_households[k]);
        for (int r = 0; r < RF_RULE_COUNT; r++)
            fprintf(out, ",%lld", (long long)sum->site_rules[k][r]);
        fprintf(out, ",%s\n", rf_fen_yuan(a, sum->site_over_cap[k], false));
    }
    fputs("\nrow,household_id,site_id,category,size,rule,severity,value,limit,unit\n", out);
}

/* The summary for text and md: the same facts, laid out per format. */
static void write_human_summary(audit_run *run, const rf_audit_summary *sum, FILE *out)
{
    bool c = zh(run), md = run->opt->common.format == CLI_FORMAT_MD;
    char a[40], b[40], d[16];
    const rf_scenario *s = run->s;
    const char *sname = s->name.zh && c ? s->name.zh : s->name.en ? s->name.en : "";
    if (md)
        fputs(c ? "# 搬迁户名册审计\n\n" : "# Household roster audit\n\n", out);
    else
        fputs(c ? "搬迁户名册审计\n\n" : "Household roster audit\n\n", out);
    const char *pre = md ? "- " : "  ";
    fprintf(out, "%s%s", pre, c ? "名册：" : "Roster: ");
    if (md)
        md_string(out, run->opt->roster_path, strlen(run->opt->roster_path));
    else
        fputs(run->opt->roster_path, out);
    fprintf(out, "\n%s%s%s", pre, c ? "方案：" : "Scenario: ", s->id ? s->id : "");
    if (*sname)
        fprintf(out, c ? "（%s）" : " (%s)", sname);
    fprintf(out, "\n%s%s%s\n", pre, c ? "审计日期：" : "As of: ", rf_date_format(d, run->opt->as_of));
    if (c) {
        fprintf(out, "%s读入 %lld 户（建档立卡 %lld 户，同步搬迁 %lld 户），格式错误行 %lld 行\n", pre,
                (long long)sum->households, (long long)sum->by_category[RF_CAT_REGISTERED],
                (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows);
        fprintf(out, "%s违规 %lld 条，涉及 %lld 户；提示 %lld 条\n", pre, (long long)sum->violations,
                (long long)sum->households_in_violation, (long long)sum->warnings);
        fprintf(out, "%s自筹超过上限 %lld 户，超出合计 %s 元（%s 万元）\n\n", pre,
                (long long)sum->households_over_cap, rf_fen_yuan(a, sum->over_cap_total, true),
                rf_fen_wan(b, sum->over_cap_total, true));
    } else {
        fprintf(out, "%sHouseholds read: %lld (registered %lld, synchronous %lld); malformed rows: %lld\n",
                pre, (long long)sum->households, (long long)sum->by_category[RF_CAT_REGISTERED],
                (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows);
        fprintf(out, "%sViolations: %lld in %lld households; warnings: %lld\n", pre,
                (long long)sum->violations, (long long)sum->households_in_violation,
                (long long)sum->warnings);
        fprintf(out, "%sSelf-funding over the cap: %lld households, %s yuan (%s 万元) in all\n\n", pre,
                (long long)sum->households_over_cap, rf_fen_yuan(a, sum->over_cap_total, true),
                rf_fen_wan(b, sum->over_cap_total, true));
    }
    /* by rule */
    if (md)
        fprintf(out, "## %s\n\n| %s | %s |\n|---|---:|\n", c ? "按规则" : "By rule",
                c ? "规则" : "rule", c ? "条数" : "count");
    else
        fprintf(out, "%s\n", c ? "按规则" : "By rule");
    for (int r = 0; r < RF_RULE_COUNT; r++) {
        char label[160];
        snprintf(label, sizeof label, "%s%s", rf_rule_label((rf_rule)r, c),
                 rf_rule_severity((rf_rule)r) == RF_SEV_WARNING ? (c ? "（提示）" : " (warning)")
                                                                : "");
        if (md) {
            fprintf(out, "| %s | %lld |\n", label, (long long)sum->by_rule[r]);
        } else {
            fputs("  ", out);
            text_cstr(out, label, 42);
            fprintf(out, "%8lld\n", (long long)sum->by_rule[r]);
        }
    }
    /* by site */
    static const char *SHORT_ZH[RF_RULE_COUNT] = {"自筹超限", "面积超标", "未签协议", "逾期未拆",
                                                  "户号重复", "点不存在", "户数提示"};
    static const char *SHORT_EN[RF_RULE_COUNT] = {"over cap", "area", "no agr.", "not demol.",
                                                  "dup. id", "unk. site", "mix (warn)"};
    const char *const *shorts = c ? SHORT_ZH : SHORT_EN;
    if (md) {
        fprintf(out, "\n## %s\n\n| %s | %s |", c ? "按安置点" : "By site", c ? "安置点" : "site",
                c ? "户数" : "households");
        for (int r = 0; r < RF_RULE_COUNT; r++)
            fprintf(out, " %s |", shorts[r]);
        fprintf(out, " %s |\n|---|---:|", c ? "超出上限（元）" : "over cap (yuan)");
        for (int r = 0; r <= RF_RULE_COUNT; r++)
            fputs("---:|", out);
        fputc('\n', out);
    } else {
        fprintf(out, "\n%s\n  ", c ? "按安置点" : "By site");
        text_cstr(out, c ? "安置点" : "site", 10);
        text_cstr(out, c ? "户数" : "households", 11);
        for (int r = 0; r < RF_RULE_COUNT; r++)
            text_cstr(out, shorts[r], 11);
        fprintf(out, "%s\n", c ? "超出上限（元）" : "over cap (yuan)");
    }
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        const char *name = k < sum->n_sites ? site_name(run, k) : (c ? "（未知）" : "(unknown)");
        char num[24];
        if (md) {
            fputs("| ", out);
            md_string(out, name, strlen(name));
            fprintf(out, " | %lld |", (long long)sum->site_households[k]);
            for (int r = 0; r < RF_RULE_COUNT; r++)
                fprintf(out, " %lld |", (long long)sum->site_rules[k][r]);
            fprintf(out, " %s |\n", rf_fen_yuan(a, sum->site_over_cap[k], true));
        } else {
            fputs("  ", out);
            text_cstr(out, name, 10);
            snprintf(num, sizeof num, "%lld", (long long)sum->site_households[k]);
            text_cstr(out, num, 11);
            for (int r = 0; r < RF_RULE_COUNT; r++) {
                snprintf(num, sizeof num, "%lld", (long long)sum->site_rules[k][r]);
                text_cstr(out, num, 11);
            }
            fprintf(out, "%s\n", rf_fen_yuan(a, sum->site_over_cap[k], true));
        }
    }
    /* the list's heading */
    if (md) {
        fprintf(out, "\n## %s\n\n| %s | %s | %s | %s | %s | %s |\n|---:|---|---|---|---|---|\n",
                c ? "违规与提示清单" : "Violations and warnings", c ? "行" : "row",
                c ? "户号" : "household", c ? "安置点" : "site", c ? "规则" : "rule",
                c ? "值" : "value", c ? "限额" : "limit");
    } else {
        fprintf(out, "\n%s\n  ", c ? "违规与提示清单" : "Violations and warnings");
        text_cstr(out, c ? "行" : "row", 9);
        text_cstr(out, c ? "户号" : "household", 21);
        text_cstr(out, c ? "安置点" : "site", 8);
        text_cstr(out, c ? "规则" : "rule", 30);
        text_cstr(out, c ? "值" : "value", 24);
        fprintf(out, "%s\n", c ? "限额" : "limit");
    }
}

/* ---- reading and checking on two cores ---------------------------------- */

/* One thread reads and parses the roster into slots while the other checks
 * the households of the slots before: a ring of SLOTS batches, so memory
 * stays constant (about 6 MB).  The ring holds some 30,000 rows, several
 * milliseconds of work, so that on a busy machine one thread can go on
 * while the other waits for a core.  A slot owns copies of its ids and site
 * ids, since the reader's buffer moves on. */
enum { SLOTS = 16, SLOT_ROWS = 2048, SLOT_ARENA = SLOT_ROWS * 48 };
/* Rows prefetched at a time (at most RF_AUDIT_PREFETCH_AHEAD). */
enum { PREFETCH_GROUP = 128 };

typedef struct {
    rf_household h[SLOT_ROWS];
    size_t n;
    char *arena; /* SLOT_ARENA bytes; a slot ends early when a row might not fit */
    rf_roster_result stop; /* why the batch ended: ROW (full), BAD_ROW, END, FAIL */
    rf_error err;          /* for BAD_ROW and FAIL */
} batch_slot;

typedef struct {
    rf_roster *r;
    batch_slot slots[SLOTS];
    size_t produced, consumed;
    bool quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} batch_pipe;

/* Fills one slot from the roster; returns how it ended. */
static rf_roster_result fill_slot(rf_roster *r, batch_slot *s)
{
    size_t used = 0;
    s->n = 0;
    for (;;) {
        rf_roster_result stop;
        /* rows whose ids surely fit in what is left of the arena */
        size_t room = (SLOT_ARENA - used) / (2 * RF_ROSTER_MAX_ID);
        if (room > SLOT_ROWS - s->n)
            room = SLOT_ROWS - s->n;
        if (room == 0)
            return s->stop = RF_ROSTER_ROW;
        size_t k = rf_roster_next_batch(r, &s->h[s->n], room, &stop, &s->err);
        for (size_t i = s->n; i < s->n + k; i++) {
            rf_household *h = &s->h[i];
            memcpy(s->arena + used, h->household_id, h->household_id_len);
            h->household_id = s->arena + used;
            used += h->household_id_len;
            memcpy(s->arena + used, h->site_id, h->site_id_len);
            h->site_id = s->arena + used;
            used += h->site_id_len;
        }
        s->n += k;
        if (stop != RF_ROSTER_ROW || s->n == SLOT_ROWS)
            return s->stop = stop;
    }
}

static void *producer(void *arg)
{
    batch_pipe *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->produced - p->consumed == SLOTS && !p->quit)
            pthread_cond_wait(&p->cv, &p->mu);
        bool quit = p->quit;
        batch_slot *s = &p->slots[p->produced % SLOTS];
        pthread_mutex_unlock(&p->mu);
        if (quit)
            break;
        rf_roster_result stop = fill_slot(p->r, s);
        pthread_mutex_lock(&p->mu);
        p->produced++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (stop == RF_ROSTER_END || stop == RF_ROSTER_FAIL)
            break;
    }
    return NULL;
}

/* The next filled slot (waits for it). */
static batch_slot *take_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->produced == p->consumed)
        pthread_cond_wait(&p->cv, &p->mu);
    batch_slot *s = &p->slots[p->consumed % SLOTS];
    pthread_mutex_unlock(&p->mu);
    return s;
}

static void release_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->consumed++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Starts the reading thread; false (with nothing to undo) on failure. */
static bool pipe_start(batch_pipe *p, rf_roster *r, pthread_t *thread)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    for (int i = 0; i < SLOTS; i++) {
        p->slots[i].arena = malloc(SLOT_ARENA);
        if (!p->slots[i].arena) {
            for (int j = 0; j < i; j++)
                free(p->slots[j].arena);
            return false;
        }
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(thread, NULL, producer, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        for (int i = 0; i < SLOTS; i++)
            free(p->slots[i].arena);
        return false;
    }
    return true;
}

/* Stops the reading thread (wherever it is) and frees the slots. */
static void pipe_stop(batch_pipe *p, pthread_t thread)
{
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    for (int i = 0; i < SLOTS; i++)
        free(p->slots[i].arena);
}

/* Parses the options into o; returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, audit_options *o)
{
    static const struct option longopts[] = {
        {"scenario", required_argument, NULL, 's'}, {"as-of", required_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 'S'},         {"max-errors", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},     {"excel", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    bool have_as_of = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            o->scenario_path = optarg;
            break;
        case 'a':
            if (!rf_date_parse(optarg, strlen(optarg), &o->as_of)) {
                cli_error("--as-of %s: expected a date YYYY-MM-DD, e.g. 2018-06-30", optarg);
                return RF_ERR_INPUT;
            }
            have_as_of = true;
            break;
        case 'S':
            o->strict = true;
            break;
        case 'm': {
            char *end;
            errno = 0;
            o->max_errors = strtoll(optarg, &end, 10);
            if (errno || *end || end == optarg || o->max_errors < 0) {
                cli_error("--max-errors %s: expected a whole number >= 0 (0: all)", optarg);
                return RF_ERR_INPUT;
            }
            break;
        }
        case 'f':
            if (!cli_parse_format(optarg, &o->common.format))
                return RF_ERR_INPUT;
            if (o->common.format == CLI_FORMAT_HTML || o->common.format == CLI_FORMAT_XLSX) {
                cli_error("--format %s: audit writes text, json, csv or md", optarg);
                return RF_ERR_INPUT;
            }
            break;
        case 'o':
            o->common.output_path = optarg;
            break;
        case 'l':
            if (!cli_parse_lang(optarg, &o->common.chinese))
                return RF_ERR_INPUT;
            break;
        case 'x':
            o->common.excel_bom = true;
            break;
        case 'h':
            usage(stdout);
            return RF_OK;
        default:
            usage(stderr);
            return RF_ERR_INPUT;
        }
    }
    if (optind + 1 != argc || !o->scenario_path) {
        cli_error(optind >= argc       ? "audit needs a ROSTER.csv file"
                  : optind + 1 < argc ? "audit takes one ROSTER.csv file"
                                      : "audit needs --scenario SCENARIO (its policy and sites)");
        usage(stderr);
        return RF_ERR_INPUT;
    }
    o->roster_path = argv[optind];
    if (!have_as_of) {
        time_t now = time(NULL);
        struct tm tm;
        if (!localtime_r(&now, &tm)) {
            cli_error("cannot read today's date; give --as-of YYYY-MM-DD");
            return RF_ERR_INPUT;
        }
        o->as_of = rf_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    return -1;
}

int cmd_audit(int argc, char **argv)
{
    audit_options o = {.common = {.format = CLI_FORMAT_TEXT, .chinese = true}, .max_errors = 100};
    int code = parse_options(argc, argv, &o);
    if (code >= 0)
        return code;
    code = RF_ERR_INPUT;

    rf_diags diags = {0};
    rf_scenario *s = rf_scenario_load(o.scenario_path, NULL, &diags);
    if (!s) {
        cli_print_diags(&diags);
        rf_diags_free(&diags);
        return RF_ERR_INPUT;
    }
    if (diags.warnings)
        fprintf(stderr, "relocfund: note: %s: %zu warning%s; 'relocfund validate %s' lists them\n",
                o.scenario_path, diags.warnings, diags.warnings == 1 ? "" : "s", o.scenario_path);
    rf_diags_free(&diags);

    rf_error err = {0};
    rf_audit *a = NULL;
    cli_output out = {0};
    bool out_open = false;
    audit_run run = {.opt = &o, .s = s};
    rf_roster *r = rf_roster_open(o.roster_path, NULL, &err);
    if (!r) {
        cli_print_error(&err);
        code = err.status == RF_ERR_SOLVER ? RF_ERR_SOLVER : RF_ERR_INPUT;
        goto done;
    }
    a = rf_audit_new(s, o.as_of, lookup_id, r, &err);
    /* Size the duplicate set once for the whole file (a hint: a wrong
     * guess costs time, never a result); more than 256 Mi ids is left to
     * growth. */
    size_t expect = rf_roster_rows_estimate(r);
    if (a && expect <= ((size_t)1 << 28) && !rf_audit_reserve(a, expect + expect / 32, &err)) {
        rf_audit_free(a);
        a = NULL;
    }
    run.list = tmpfile();
    if (o.common.format == CLI_FORMAT_JSON)
        run.bad = tmpfile();
    if (!a || !run.list || (o.common.format == CLI_FORMAT_JSON && !run.bad)) {
        cli_error(a ? "cannot create a temporary file: %s" : "%s",
                  a ? strerror(errno) : err.message);
        code = RF_ERR_SOLVER;
        goto done;
    }

    static batch_pipe pipe;
    pthread_t reader;
    if (!pipe_start(&pipe, r, &reader)) {
        cli_error("cannot start the reading thread: out of memory");
        code = RF_ERR_SOLVER;
        goto done;
    }
    rf_violation v[RF_RULE_COUNT];
    bool finished = false;
    while (!finished) {
        batch_slot *slot = take_slot(&pipe);
        rf_household *h = slot->h;
        for (size_t i = 0; i < slot->n; i++) {
            /* start the id-table lookups of the next PREFETCH_GROUP rows
             * together, so that their cache misses overlap */
            if (i % PREFETCH_GROUP == 0)
                for (size_t j = i; j < i + PREFETCH_GROUP && j < slot->n; j++)
                    rf_audit_prefetch(a, &h[j]);
            int k = rf_audit_check(a, &h[i], v, &err);
            if (k < 0) {
                if (!err.file[0])
                    snprintf(err.file, sizeof err.file, "%s", o.roster_path);
                cli_print_error(&err);
                code = err.status == RF_ERR_INPUT ? RF_ERR_INPUT : RF_ERR_SOLVER;
                pipe_stop(&pipe, reader);
                goto done;
            }
            for (int j = 0; j < k; j++)
                list_entry(&run, &v[j], &h[i]);
        }
        if (slot->stop == RF_ROSTER_END) {
            finished = true;
        } else if (slot->stop == RF_ROSTER_FAIL) {
            cli_print_error(&slot->err);
            pipe_stop(&pipe, reader);
            goto done;
        } else if (slot->stop == RF_ROSTER_BAD_ROW) {
            rf_audit_bad_row(a);
            bad_row(&run, &slot->err, rf_audit_summary_get(a)->bad_rows);
            if (o.strict) {
                fprintf(stderr, "relocfund: note: --strict: stopped at the first malformed row\n");
                pipe_stop(&pipe, reader);
                goto done;
            }
        }
        release_slot(&pipe);
    }
    pipe_stop(&pipe, reader);
    const rf_violation *warnings;
    size_t n_warnings = rf_audit_finish(a, &warnings);
    const rf_audit_summary *sum = rf_audit_summary_get(a);
    if (o.max_errors > 0 && sum->bad_rows > o.max_errors)
        fprintf(stderr, "relocfund: note: %s: %lld more malformed rows not shown (--max-errors 0 "
                        "shows all)\n",
                o.roster_path, (long long)(sum->bad_rows - o.max_errors));
    if (ferror(run.list) || (run.bad && ferror(run.bad))) {
        cli_error("cannot write a temporary file: %s", strerror(errno));
        code = RF_ERR_SOLVER;
        goto done;
    }

    if (!cli_output_open(&out, o.common.output_path)) {
        code = RF_ERR_OUTPUT;
        goto done;
    }
    out_open = true;
    switch (o.common.format) {
    case CLI_FORMAT_JSON:
        write_json(&run, sum, out.fp);
        break;
    case CLI_FORMAT_CSV:
        write_csv_summary(&run, sum, out.fp);
        break;
    default:
        write_human_summary(&run, sum, out.fp);
    }
    /* the warnings first, then the violations in row order */
    FILE *spool = run.list;
    run.list = out.fp;
    int64_t listed = run.n_list;
    run.n_list = 0;
    for (size_t i = 0; i < n_warnings; i++)
        list_entry(&run, &warnings[i], NULL);
    if (o.common.format == CLI_FORMAT_JSON && n_warnings && listed)
        fputc(',', out.fp);
    run.list = spool;
    bool ok = copy_spool(spool, out.fp);
    if (o.common.format == CLI_FORMAT_JSON) {
        fputs("\n  ],\n  \"bad_rows\": [", out.fp);
        ok = ok && copy_spool(run.bad, out.fp);
        fputs("\n  ]\n}\n", out.fp);
    } else if (o.common.format != CLI_FORMAT_CSV && n_warnings + (size_t)listed == 0) {
        fputs(o.common.format == CLI_FORMAT_MD ? "" : (o.common.chinese ? "  （无）\n" : "  (none)\n"),
              out.fp);
    }
    if (!ok) {
        cli_error("cannot read back a temporary file: %s", strerror(errno));
        code = RF_ERR_SOLVER;
        goto done;
    }
    out_open = false;
    if (!cli_output_commit(&out)) {
        code = RF_ERR_OUTPUT;
        goto done;
    }
    /* Exit 2 is for input that stops the audit (--strict, a bad header);
     * an audit that ran to the end but found violations or had to skip
     * malformed rows is not clean: exit 1. */
    code = sum->bad_rows || sum->violations ? RF_ERR_PLAN : RF_OK;
done:
    if (out_open)
        cli_output_abort(&out);
    if (run.list)
        fclose(run.list);
    if (run.bad)
        fclose(run.bad);
    rf_audit_free(a);
    rf_roster_free(r);
    rf_scenario_free(s);
    return code;
}
