/* rf_request: the body of a request to relocfund serve's API (docs/serve.md),
 * read with the same checks as a scenario file.
 *
 * A request owns copies of every string it holds. */
#ifndef RF_REQUEST_H
#define RF_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "rf_error.h"

/* The most changes one request may carry. */
#define RF_REQUEST_MAX_SETS 512

typedef struct {
    char **sets; /* "PATH=VALUE", as --set takes them */
    size_t n_sets;
    char *format; /* "format": "xlsx", "html", ... or NULL */
    char *lang;   /* "lang": "zh" or "en", or NULL */
    char *name;   /* "name" of a variant, or NULL */
    bool replace; /* "replace": true */
} rf_request;

/* Parses text[0..len) (named "request" in messages): an object with the
 * members above ("set": an array of at most RF_REQUEST_MAX_SETS strings,
 * none of which changes a member that names a file: the scenario's policy,
 * includes or extends; an unknown member is an error); an empty body is an
 * empty request.
 * Returns true with *out filled (rf_request_free it either way); false
 * with the problems in diags. */
bool rf_request_parse(const char *text, size_t len, rf_request *out, rf_diags *diags);
void rf_request_free(rf_request *r);

#endif
