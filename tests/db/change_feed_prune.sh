#!/bin/sh
# change_feed_prune: the live-refresh feed keeps the last hour.  Rows
# written over an hour ago are dropped (found by transaction, through the
# feed's one index), rows of the hour are kept, the horizon moves to the
# newest dropped transaction, and a client whose snapshot is older than
# what was dropped is told "changed" while a newer one is not.
. "$ONEDOOR_TOP/tests/lib/assert.sh"
. "$ONEDOOR_TOP/tests/lib/db.sh"
. "$ONEDOOR_TOP/tests/lib/workflow.sh"
wf_database wf_feed

feed_row() { # AGE-INTERVAL -> a row in a transaction of its own; prints its xid
	su_sql "INSERT INTO onedoor.change_feed (centre_code, department, county, at)
		VALUES ('511703001', 'civil_affairs', '511703', now() - interval '$1')
		RETURNING xid"
}
su_sql "DELETE FROM onedoor.change_feed" >/dev/null
old_snap=$(as_role demo_clerk1 "SELECT snapshot FROM onedoor.changes_since(NULL)")
o1=$(feed_row '3 hours')
o2=$(feed_row '2 hours')
o3=$(feed_row '61 minutes')
r1=$(feed_row '59 minutes')
r2=$(feed_row '0')
# A snapshot that saw every transaction up to the last row's (made by hand:
# one taken now could still hold back an older transaction of another
# database of the cluster, and be told "changed" for it, rightly).
mid_snap="$((r2 + 1)):$((r2 + 1)):"
ok_eq "the rows of the last hour are indexed by transaction only" "change_feed_xid" \
	"$(su_sql "SELECT string_agg(indexrelid::regclass::text, ',') FROM pg_index
		WHERE indrelid = 'onedoor.change_feed'::regclass" | sed 's/^onedoor\.//')"
ok_eq "a prune drops the three rows written over an hour ago" 3 \
	"$(su_sql "SELECT onedoor.change_feed_prune()")"
ok_eq "and keeps those of the hour" "$r1,$r2" \
	"$(su_sql "SELECT string_agg(xid::text, ',' ORDER BY xid) FROM onedoor.change_feed")"
ok_eq "the horizon is the newest dropped transaction" "$o3" \
	"$(su_sql "SELECT xid FROM onedoor.change_feed_horizon")"
ok_eq "a second prune finds nothing to drop" 0 "$(su_sql "SELECT onedoor.change_feed_prune()")"
ok_eq "a client whose snapshot is older than what was dropped is told changed" t \
	"$(as_role demo_clerk1 "SELECT changed FROM onedoor.changes_since('$old_snap')")"
ok_eq "a client that saw everything up to now is not" f \
	"$(as_role demo_clerk1 "SELECT changed FROM onedoor.changes_since('$mid_snap')")"
su_sql "UPDATE onedoor.change_feed SET at = at - interval '2 hours'" >/dev/null
ok_eq "once every row is over an hour old, all go" "2|0|$r2" \
	"$(su_sql "SELECT onedoor.change_feed_prune()")|$(su_sql "SELECT count(*) FROM onedoor.change_feed")|$(su_sql "SELECT xid FROM onedoor.change_feed_horizon")"
ok_eq "an empty feed prunes nothing" 0 "$(su_sql "SELECT onedoor.change_feed_prune()")"
done_testing
