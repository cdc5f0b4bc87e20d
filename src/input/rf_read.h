/* rf_read: typed, located reading of JSON members for the scenario and
 * policy readers (types, units and ranges, each problem as a diagnostic). */
#ifndef RF_READ_H
#define RF_READ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "rf_error.h"
#include "rf_json.h"
#include "rf_types.h"

/* Largest count (households, people, houses, sites) a file may state. */
#define RF_READ_MAX_COUNT 1000000000LL

/* What a reader needs: the located trees and where problems go. */
typedef struct {
    rf_json_ctx *ctx;
    rf_diags *diags;
} rf_reader;

/* How a member was found. */
typedef enum {
    RF_READ_ABSENT = 0, /* not in the object */
    RF_READ_NULL,       /* given as null */
    RF_READ_OK,         /* read into *out */
    RF_READ_BAD         /* wrong type or range: an error was added */
} rf_read_result;

/* Adds a diagnostic located at node's value (or at its member name when
 * at_key and the node is a member).  node may be NULL (no location). */
void rf_read_diag(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key, const char *path,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void rf_read_vdiag(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key, const char *path,
                   const char *fmt, va_list ap);

/* rf_read_diag of a message already formatted in both languages. */
void rf_read_diag_text(rf_reader *r, rf_severity sev, const cJSON *node, bool at_key,
                       const char *path, const char *message, const char *message_zh);

/* Member key of obj, or NULL when obj is not an object or has none. */
const cJSON *rf_read_member(const cJSON *obj, const char *key);

/* "a string", "a number", ... for messages. */
const char *rf_read_kind(const cJSON *node);

/* Warns about every member of obj not in known (NULL-terminated), except
 * the free-text members "note", "assumption" and "assumptions", with a
 * "did you mean" when a known name is close.  A member a --set change made
 * (located in the file "--set") is an error instead: 'unknown member
 * "arived"; did you mean "arrived"?'. */
void rf_read_check_keys(rf_reader *r, const cJSON *obj, const char *path, const char *const *known);

/* The name of known (NULL-terminated) within two edits of name, the
 * closest first in known's order; NULL when none is that close. */
const char *rf_read_closest(const char *name, const char *const *known);

/* Writes the names of known (NULL-terminated) into buf joined by ", ",
 * ending in ", ... (N in all)" when they do not all fit; returns buf. */
char *rf_read_join(char *buf, size_t size, const char *const *known);

/* Checks that node is an object; adds an error naming what it is instead.
 * Returns false for anything else (NULL included, without error). */
bool rf_read_expect_object(rf_reader *r, const cJSON *node, const char *path);

/* Reads member key of obj (obj may be NULL: absent).  path is obj's path;
 * errors name path.key.  required adds an error when the member is absent
 * (at obj); nullable allows null.  The typed readers:
 *   count: a whole number 0..RF_READ_MAX_COUNT ("-0" is 0);
 *   money: yuan with at most 2 decimals, >= 0, read exactly into fen;
 *   area:  square metres with at most 2 decimals, >= 0, into 1/100 m²;
 *   string: copied (the caller frees);
 *   boolean; number: any finite number (as a double).
 * *out is left unchanged unless the result is RF_READ_OK. */
rf_read_result rf_read_count(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                             bool required, bool nullable, int64_t *out);
rf_read_result rf_read_money(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                             bool required, bool nullable, rf_fen *out);
rf_read_result rf_read_area(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                            bool required, bool nullable, rf_centi_m2 *out);
rf_read_result rf_read_string(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                              bool required, bool nullable, char **out);
rf_read_result rf_read_bool(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                            bool required, bool *out);
rf_read_result rf_read_number(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                              bool required, double *out);

/* The same checks on a value node itself (node not NULL). */
bool rf_read_count_value(rf_reader *r, const cJSON *node, const char *path, int64_t *out);
bool rf_read_money_value(rf_reader *r, const cJSON *node, const char *path, rf_fen *out);
bool rf_read_area_value(rf_reader *r, const cJSON *node, const char *path, rf_centi_m2 *out);

/* The text of a number node as written ("24.50", at most 40 characters),
 * or its value when no text was kept, into buf.  Returns buf. */
char *rf_read_number_text(rf_reader *r, const cJSON *node, char *buf, size_t size);

/* Reads a {"zh": ..., "en": ...} label; a missing one (or part) falls back
 * to fallback.  Returns false after an error (the label is still filled). */
bool rf_read_label(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                   const char *fallback, rf_label *out);
void rf_read_label_free(rf_label *l);

/* Joins a path relative to the folder of the file `from` ("a/b.json" +
 * "../c.json" -> "c.json"); absolute paths are kept.  "." and ".." steps
 * are folded lexically.  Returns a malloc'd string or NULL. */
char *rf_read_resolve(const char *from, const char *rel);

/* The path rel (relative to the folder of the file `from`) made relative
 * to the folder of the file `to` (which need not exist; its folder must),
 * so that a reference keeps naming the same file when it moves from `from`
 * to `to`: "a/x.json" + "../m/p.json" -> "out/y.xlsx" gives "../m/p.json"
 * from out/.  An absolute rel stays absolute; when either folder cannot be
 * resolved the path relative to the working folder is returned.  Returns a
 * malloc'd string or NULL. */
char *rf_read_rebase(const char *from, const char *rel, const char *to);

/* Duplicates s (NULL -> NULL). */
char *rf_read_strdup(const char *s);

#endif
