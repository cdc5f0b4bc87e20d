/* rf_path: JSON paths such as "sites[2].costs.housing_per_m2", as --set uses them. */
#ifndef RF_PATH_H
#define RF_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"

/* Largest array index a path may name. */
#define RF_PATH_MAX_INDEX 100000000u

/* One step of a path: a member name (key), an element of an array by its
 * "id" member (id, key NULL: "sites[S01]"), or an array index (both NULL).
 * offset is where the step starts in the text (0-based byte offset). */
typedef struct {
    char *key;
    char *id;
    size_t index;
    size_t offset;
} rf_path_seg;

/* A parsed path.  Zero-initialise; rf_path_free() releases the keys. */
typedef struct {
    rf_path_seg *segs;
    size_t n;
} rf_path;

/* Parses text[0..len): steps are member names separated by '.', array
 * indexes "[N]" (N a whole number without leading zeros), elements by id
 * "[ID]" (ID one or more characters other than '[', ']' and '"', not all
 * digits, not starting with '-', '+' or a space), or quoted member names
 * ["any.text"] with \" and \\ as the only escapes.  A member name is one or
 * more characters other than '.', '[', ']' and '"'.  The first step has no
 * leading '.'.  On success fills out (which the caller frees) and returns
 * true; otherwise sets err (a message naming the bad step and its
 * position, no location) and returns false (out is then empty). */
bool rf_path_parse(const char *text, size_t len, rf_path *out, rf_error *err);

void rf_path_free(rf_path *p);

/* Writes the first n steps of p in the canonical form rf_path_parse reads
 * ("a.b[2]", ["x.y"] for names that are not plain words); returns buf. */
char *rf_path_format(const rf_path *p, size_t n, char *buf, size_t size);

#endif
