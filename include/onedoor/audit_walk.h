/* audit_walk.h - checking the audit trail's hash chain one entry at a time
 * (migration 0037_audit_chainer.sql), for `onedoor-admin audit verify` and
 * the audit browser screen alike.  Pure: the caller reads the chain in
 * chunks (onedoor.audit_verify_chunk) and hands each row over in order. */
#ifndef ONEDOOR_AUDIT_WALK_H
#define ONEDOOR_AUDIT_WALK_H

#define AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_walk {
	long long pos;   /* last good position; 0 before the first */
	char hash[65];   /* its hash, hex (the genesis hash before the first) */
	long long count; /* entries checked */
};

enum audit_break {
	AUDIT_LINK_OK,
	AUDIT_GAP,       /* entries are missing before it */
	AUDIT_PREV,      /* it does not name the hash of the entry before it */
	AUDIT_CHANGED,   /* its content does not match its hash */
};

/* Before the first entry. */
void audit_walk_start(struct audit_walk *w);
/* One entry: its position, stored hash, stored previous hash and the hash
 * the server recomputed from its content.  AUDIT_LINK_OK moves w on;
 * anything else leaves w at the last good entry. */
enum audit_break audit_walk_step(struct audit_walk *w, long long pos, const char *hash,
				 const char *prev_hash, const char *computed);
/* What a break means, as a msgid ("" for AUDIT_LINK_OK). */
const char *audit_break_text(enum audit_break b);

#endif
