/* store_live.c - the change feed a client polls for live refresh
 * (store.h; the server side is onedoor.changes_since, migration
 * 0059_change_feed.sql). */
#include "onedoor/store.h"

#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

void store_changes_query(struct db_query *q, const char *snapshot)
{
	const char *params[] = {snapshot};
	db_query_set(q, "SELECT changed, snapshot FROM onedoor.changes_since($1)", 1, params);
}

bool store_changes_read(const struct db_result *r, bool *changed, char **snapshot)
{
	if (!r || db_rows(r) != 1)
		return false;
	*changed = strcmp(db_value(r, 0, "changed"), "t") == 0;
	free(*snapshot);
	*snapshot = xstrdup(db_value(r, 0, "snapshot"));
	return true;
}
