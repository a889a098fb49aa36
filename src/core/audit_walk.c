/* audit_walk.c - the audit chain check (audit_walk.h). */
#include "onedoor/audit_walk.h"

#include "onedoor/i18n.h"

#include <stdio.h>
#include <string.h>

void audit_walk_start(struct audit_walk *w)
{
	w->pos = 0;
	w->count = 0;
	snprintf(w->hash, sizeof w->hash, "%s", AUDIT_GENESIS_HASH);
}

enum audit_break audit_walk_step(struct audit_walk *w, long long pos, const char *hash,
				 const char *prev_hash, const char *computed)
{
	if (pos != w->pos + 1)
		return AUDIT_GAP;
	if (strcmp(prev_hash, w->hash) != 0)
		return AUDIT_PREV;
	if (strcmp(computed, hash) != 0)
		return AUDIT_CHANGED;
	w->pos = pos;
	snprintf(w->hash, sizeof w->hash, "%s", hash);
	w->count++;
	return AUDIT_LINK_OK;
}

const char *audit_break_text(enum audit_break b)
{
	switch (b) {
	case AUDIT_LINK_OK:
		return "";
	case AUDIT_GAP:
		return N_("entries are missing before it");
	case AUDIT_PREV:
		return N_("it does not name the hash of the entry before it");
	case AUDIT_CHANGED:
		return N_("its content does not match its hash (the entry was changed)");
	}
	return "";
}
