/* household.h - a household as the window registers it.
 *
 * The applicant is member 0 with relation "self".  Facts beyond the core
 * fields (from the form files) travel as key/value text pairs, stored with
 * the household in the database. */
#ifndef ONEDOOR_HOUSEHOLD_H
#define ONEDOOR_HOUSEHOLD_H

#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/status.h"

#include <stdbool.h>

#define RELATION_LIST(X)                                   \
	X(REL_SELF, "self", N_("applicant"))                   \
	X(REL_SPOUSE, "spouse", N_("spouse"))                  \
	X(REL_CHILD, "child", N_("child"))                     \
	X(REL_PARENT, "parent", N_("parent"))                  \
	X(REL_GRANDPARENT, "grandparent", N_("grandparent"))   \
	X(REL_GRANDCHILD, "grandchild", N_("grandchild"))      \
	X(REL_SIBLING, "sibling", N_("brother or sister"))     \
	X(REL_OTHER, "other", N_("other relative"))

enum relation {
#define REL_ENUM(name, code, label) name,
	RELATION_LIST(REL_ENUM)
#undef REL_ENUM
	REL_COUNT
};

/* The stored code ("spouse") and the label msgid ("spouse"). */
const char *relation_code(enum relation r);
const char *relation_label(enum relation r);
/* false when code names no relation. */
bool relation_from_code(const char *code, enum relation *out);

enum hukou { HUKOU_URBAN, HUKOU_RURAL };
const char *hukou_code(enum hukou h);

struct hh_member {
	char *resident_id; /* normalised, 18 characters */
	char *name;
	enum relation relation;
};

struct household {
	enum hukou hukou;
	struct hh_member *members;
	int count, cap;
};

/* Adds a member (strings copied). */
void household_add_member(struct household *h, const char *resident_id, const char *name,
			  enum relation relation);
/* Checks what the server will check too, so the clerk hears it at once:
 * at least one member, the first is "self" and the only "self", IDs valid
 * and not repeated, names non-empty text.  d names the member (1-based). */
enum od_status household_check(const struct household *h, struct diag *d);
/* The JSON register_household takes; caller frees. */
char *household_to_json(const struct household *h);
void household_clear(struct household *h);

#endif
