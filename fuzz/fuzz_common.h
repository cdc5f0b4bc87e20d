/* fuzz_common: the folder the file-based fuzz targets write their inputs to. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Makes a fresh folder /tmp/rf-fuzz-NAME-XXXXXX, writes its path into dir
 * (size bytes), and links DIR/<link> to the source tree's <link> for each
 * name of links (NULL-terminated), so that relative paths in the bundled
 * files resolve.  Aborts when it cannot. */
static void fuzz_make_dir(char *dir, size_t size, const char *name, const char *const *links)
{
    snprintf(dir, size, "/tmp/rf-fuzz-%s-XXXXXX", name);
    if (!mkdtemp(dir))
        abort();
    for (size_t i = 0; links[i]; i++) {
        char from[512], to[512];
        snprintf(from, sizeof from, "%s/%s", RF_SOURCE_DIR, links[i]);
        snprintf(to, sizeof to, "%s/%s", dir, links[i]);
        if (symlink(from, to) != 0)
            abort();
    }
}

#endif
