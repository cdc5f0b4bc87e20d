/* rf_file: the one way relocfund opens a file it reads, and the record of
 * every file a run has read (so that no output replaces one of them). */
#ifndef RF_FILE_H
#define RF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "rf_error.h"

/* Opens path for reading without blocking (a FIFO without a writer, a
 * terminal), then requires a regular file: a directory, a device, a FIFO or
 * a socket is an RF_ERR_INPUT error naming what it is and `expected` ("a
 * JSON file"), before a byte is read.  On success returns the descriptor
 * (blocking again, close-on-exec), fills *st (may be NULL) and records the
 * file as an input of the run (rf_file_is_input).  On failure returns -1
 * with err set (file: path; message without the file name). */
int rf_file_open(const char *path, const char *expected, struct stat *st, rf_error *err);

/* rf_file_open, then reads the whole file into a NUL-terminated buffer the
 * caller frees (*len bytes, not counting the NUL).  A file over max_bytes is
 * an error before it is read.  Returns NULL with err set on failure. */
char *rf_file_read(const char *path, const char *expected, size_t max_bytes, size_t *len,
                   struct stat *st, rf_error *err);

/* True when the file (device, inode) was opened by rf_file_open in this
 * process.  Thread-safe. */
bool rf_file_is_input(dev_t dev, ino_t ino);

/* How many times rf_file_open was called in this process: the work of
 * reading, which the tests hold to one open a file per load. */
size_t rf_file_opened(void);

/* Records a file as an input of the run (for inputs read some other way). */
void rf_file_note_input(dev_t dev, ino_t ino);

#endif
