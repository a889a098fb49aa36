/* form_values.h - what the clerk has typed into a form, field by field.
 *
 * Values are kept as text exactly as typed (so nothing is lost while a
 * field is wrong); form_values_check says what is still wrong, and the
 * writers produce the household file (the draft and export format, read by
 * `onedoor match`) and the JSON that registers the household. */
#ifndef ONEDOOR_FORM_VALUES_H
#define ONEDOOR_FORM_VALUES_H

#include "onedoor/form_def.h"
#include "onedoor/hh_facts.h"
#include "onedoor/strbuf.h"

#define FORM_MAX_MEMBERS 16

struct form_values {
	const struct form_def *def; /* not owned; must outlive the values */
	char **household;           /* def->count texts (member fields unused) */
	char **members[FORM_MAX_MEMBERS];
	int member_count;
	int32_t date; /* the application date ages are taken on; 0: not known */
};

/* Starts a form with each field's default and one member, the applicant
 * (relation "self"). */
void form_values_init(struct form_values *v, const struct form_def *def);
void form_values_clear(struct form_values *v);

/* member -1 is the household.  get never returns NULL. */
const char *form_values_get(const struct form_values *v, int member, int field);
void form_values_set(struct form_values *v, int member, int field, const char *text);
/* By key; -1 when the form has no such field. */
const char *form_values_get_key(const struct form_values *v, int member, const char *key);

/* Adds a member with defaults; returns its index, -1 when full. */
int form_values_add_member(struct form_values *v);
/* The applicant (0) cannot be removed or moved. */
bool form_values_remove_member(struct form_values *v, int member);
bool form_values_move_member(struct form_values *v, int member, int delta);

/* Whether the form asks field f of member (-1 household): false when a
 * condition of its ask_unless holds on what is typed (a member's age is
 * taken on v->date, and not known without it).  A field not asked is
 * neither checked nor written out: the engine settles it. */
bool form_values_asked(const struct form_values *v, int member, int field);

/* After member's resident ID was entered: the facts its age settles, set
 * where the clerk left them at the form's default (schooling by age, as
 * the engine infers it: hh_school_by_age).  Needs v->date. */
void form_values_id_entered(struct form_values *v, int member);

/* The first value that fails its field's check: *member (-1 household),
 * *field and a message in d; OD_OK when all are good.  Also refuses two
 * members with one resident ID. */
enum od_status form_values_check(const struct form_values *v, int lang, int *member,
				 int *field, struct diag *d);

/* The household file: [household] then [member.N], checked values only
 * (blank fields are left out so the engine reads them as missing).
 * `extra` lines ("key = value\n") go into [household] first. */
void form_values_to_ini(const struct form_values *v, const char *extra, struct strbuf *out);

/* The same layout with every value exactly as typed, checked or not, so
 * that a draft keeps a half-typed resident ID too ('"' is written as its
 * full-width form, which a quoted INI value can hold). */
void form_values_to_draft(const struct form_values *v, const char *extra, struct strbuf *out);

/* The JSON onedoor.register_household takes: hukou, facts, members with
 * resident_id, name, relation and facts.  Values must have passed
 * form_values_check. */
void form_values_to_json(const struct form_values *v, struct strbuf *out);

/* The engine's view of the form: every checked, non-blank value whose key
 * the engine knows (other form fields are only stored).  `region` and
 * `date` ("YYYY-MM-DD") are the application's; blank values stay missing so
 * that a verdict can say which field to fill. */
void form_values_to_input(const struct form_values *v, const char *region, const char *date,
			  struct hh_input *in);

#endif
