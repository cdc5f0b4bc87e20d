/* serve_page: relocfund serve's page (src/cli/serve/: HTML with its CSS and
 * JS inlined), compiled into the binary by cmake/embed-page.cmake. */
#ifndef RF_SERVE_PAGE_H
#define RF_SERVE_PAGE_H

#include <stddef.h>

extern const char serve_page[]; /* serve_page_len bytes, then a NUL */
extern const size_t serve_page_len;

#endif
