/* bank_io.h - the bank's files on disk, for `onedoor-admin payments` and
 * the roll screen alike: the payment file written whole or not at all, and
 * the bank's result file read, decoded (UTF-8 or GBK) and parsed. */
#ifndef ONEDOOR_BANK_IO_H
#define ONEDOOR_BANK_IO_H

#include "onedoor/bank_file.h"
#include "onedoor/status.h"

#include <stdbool.h>
#include <stddef.h>

/* OD_OK when nothing is at `path` yet; otherwise OD_ERR_DUPLICATE with the
 * message in d (a bank file is never overwritten). */
enum od_status bank_file_free(const char *path, struct diag *d);

/* Writes data to path through PATH.partial, synced and renamed into place,
 * so that a bank file is either whole or absent; never over a file. */
enum od_status bank_file_write(const char *path, const char *data, size_t len,
			       struct diag *d);

/* Reads the bank's result file at path (GBK when gbk, else UTF-8) into
 * *rows (free() it) and *count.  On any problem, nothing in *rows and d
 * says "FILE:LINE: what" (OD_ERR_SYNTAX or OD_ERR_VALUE), or why the file
 * cannot be read (OD_ERR_IO). */
enum od_status bank_results_load(const char *path, bool gbk, struct bank_result **rows,
				 int *count, struct diag *d);

#endif
