/* household_file.h - the household file (drafts, export, `onedoor match`).
 *
 * One [household] section and one [member.N] section per member, N from 1,
 * member 1 the applicant; every key is documented in forms/README.md.
 * Keys this version does not know are kept (in file order) and not refused,
 * so that a file written by a newer client survives a round trip. */
#ifndef ONEDOOR_HOUSEHOLD_FILE_H
#define ONEDOOR_HOUSEHOLD_FILE_H

#include "onedoor/hh_facts.h"
#include "onedoor/status.h"

struct household_extra {
	char *section, *key, *value;
	int line;
};

struct household_file {
	char *path;
	struct hh_input in;
	struct household_extra *extra; /* unknown keys, kept */
	int n_extra;
};

/* Reads `path`.  On error *out is NULL and d is "FILE:LINE: message"
 * (OD_ERR_IO, OD_ERR_SYNTAX or OD_ERR_VALUE).  Free with
 * household_file_free. */
enum od_status household_file_load(const char *path, struct household_file **out,
				   struct diag *d);
void household_file_free(struct household_file **f);

#endif
