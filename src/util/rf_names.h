/* rf_names: identifiers and bilingual labels of the domain enums. */
#ifndef RF_NAMES_H
#define RF_NAMES_H

#include <stdbool.h>

#include "rf_types.h"

/* Identifiers are the words used in files ("employment_base"); labels are
 * what reports show, in Chinese when chinese is true, else in English.  All
 * returned strings are static. */
const char *rf_use_id(rf_use u);
const char *rf_use_label(rf_use u, bool chinese);
const char *rf_category_id(rf_category c);
const char *rf_category_label(rf_category c, bool chinese);
const char *rf_site_type_id(rf_site_type t);
const char *rf_site_type_label(rf_site_type t, bool chinese);
const char *rf_level_id(rf_level l);
const char *rf_level_label(rf_level l, bool chinese);

/* The label of a file's {zh, en} name in the wanted language, falling back
 * to the other language and then to fallback (e.g. the id). */
const char *rf_label_pick(const rf_label *l, const char *fallback, bool chinese);

/* Parse an identifier; return false when it names nothing. */
bool rf_use_parse(const char *id, rf_use *out);
bool rf_category_parse(const char *id, rf_category *out);
bool rf_site_type_parse(const char *id, rf_site_type *out);
bool rf_level_parse(const char *id, rf_level *out);

#endif
