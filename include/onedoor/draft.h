/* draft.h - forms saved on the local disk at every change.
 *
 * A draft is a household file (forms/README.md) named REQUEST_ID.ini in
 * $XDG_STATE_HOME/onedoor/drafts (default ~/.local/state/onedoor/drafts),
 * folder 0700, files 0600.  It is written to a temporary file, synced,
 * renamed over the old one and the folder synced, so a crash or power cut
 * leaves the old draft or the new one, never half of one.  A draft is
 * removed only once its registration is confirmed committed. */
#ifndef ONEDOOR_DRAFT_H
#define ONEDOOR_DRAFT_H

#include "onedoor/form_values.h"
#include "onedoor/status.h"

#define DRAFT_ID_SIZE 37

/* Writes the draft of request `request_id`. */
enum od_status draft_save(const char *request_id, const struct form_values *v,
			  struct diag *d);

/* Deletes it; a missing draft is not an error. */
void draft_remove(const char *request_id);

/* Request ids of the drafts present, newest first, at most max; returns
 * how many. */
int draft_list(char ids[][DRAFT_ID_SIZE], int max);

/* Reads draft `request_id` into v (initialised with v->def's defaults
 * first).  Keys the form does not have are ignored. */
enum od_status draft_load(const char *request_id, const struct form_def *def,
			  struct form_values *v, struct diag *d);

#endif
