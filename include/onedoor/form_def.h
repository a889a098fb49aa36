/* form_def.h - screen forms defined as data (forms/NAME.ini).
 *
 * A form is a list of fields, each for the household or for every member,
 * with a type, labels and help in Chinese and English, and its checks.  A
 * field added to a form file appears on the screen and is stored with the
 * household without recompiling.  The loader is form_def_load (cfg layer);
 * checking a typed value is form_field_check (pure). */
#ifndef ONEDOOR_FORM_DEF_H
#define ONEDOOR_FORM_DEF_H

#include "onedoor/decimal.h"
#include "onedoor/status.h"

#include <stdbool.h>
#include <stddef.h>

#define FIELD_TYPE_LIST(X)            \
	X(FT_TEXT, "text")            \
	X(FT_RESIDENT_ID, "resident_id") \
	X(FT_DATE, "date")            \
	X(FT_MONEY, "money")          \
	X(FT_INTEGER, "integer")      \
	X(FT_CHOICE, "choice")        \
	X(FT_YESNO, "yesno")          \
	X(FT_BANK_ACCOUNT, "bank_account") \
	X(FT_MOBILE, "mobile")        \
	X(FT_ITEMS, "items") /* catalogue item codes, comma-separated; the server's, never typed */

enum field_type {
#define FT_ENUM(name, text) name,
	FIELD_TYPE_LIST(FT_ENUM)
#undef FT_ENUM
};

enum field_scope { FS_HOUSEHOLD, FS_MEMBER };

/* When a field is not asked (ask_unless = NAME ...): the facts already
 * typed rule it out, and the engine settles it (hh_facts.h) or does not
 * need it.  X(enum, name in the form file). */
#define FORM_CONDITION_LIST(X)                              \
	X(FC_UNDER_WORKING_AGE, "under_working_age") /* the member is under 16 */ \
	X(FC_NO_WORK, "no_work")                  /* employment unemployed or none */ \
	X(FC_NO_DISABILITY, "no_disability")      /* disability none */ \
	X(FC_LOCAL_HUKOU, "local_hukou")          /* hukou_region blank */

enum form_condition {
#define FC_ENUM(name, text) name,
	FORM_CONDITION_LIST(FC_ENUM)
#undef FC_ENUM
	FC_COUNT
};

/* What a blank money field means (blank = zero | missing): zero, the
 * person or household has none of it; missing, not known, so that an
 * item needing it says which field to fill.  Every money field says. */
enum field_blank { FB_NONE, FB_ZERO, FB_MISSING };

struct form_choice {
	char *code;  /* stored value */
	char *label[2]; /* [0] Chinese, [1] English */
};

struct form_field {
	char *key;       /* household-file key, e.g. "income_wage" */
	enum field_scope scope;
	enum field_type type;
	char *label[2];  /* [0] Chinese, [1] English */
	char *help[2];   /* may be "" */
	bool required;
	dec_t min, max;  /* money and integer bounds (integers scaled too) */
	int max_chars;   /* text: 0 = 200 */
	bool no_digits;  /* text: digits refused (refuse = digits; a name) */
	struct form_choice *choices; /* choice: in file order */
	int choice_count;
	char *default_value; /* "" = none */
	unsigned ask_unless; /* 1u << enum form_condition: not asked when any holds */
	enum field_blank blank; /* money fields: what a blank means */
	int line;        /* where the field is defined */
};

struct form_def {
	char *path;
	char *title[2];
	struct form_field *fields;
	int count;
};

/* Index of the field with this key, -1 when none. */
int form_find(const struct form_def *def, const char *key);

/* Checks `input` as typed for field f and writes its stored form to out
 * (messages name the field in language lang: 0 Chinese, 1 English):
 * resident IDs and full-width digits normalised, money as "1234.50",
 * bank accounts as their digits (a card's Luhn digit checked), mobile
 * numbers as 11 digits,
 * choices as their code (a label is accepted too), yes/no as "yes"/"no",
 * items as comma-separated codes (a household file's or the server's).
 * An empty input is OD_OK when the field is not required (out = "").
 * On error returns OD_ERR_VALUE with a message for the clerk in d. */
enum od_status form_field_check(const struct form_field *f, int lang, const char *input,
				char *out, size_t outsz, struct diag *d);

/* The label of a choice code in language lang (0 zh, 1 en); the code itself
 * when unknown. */
const char *form_choice_label(const struct form_field *f, const char *code, int lang);

void form_def_free(struct form_def **def);

#endif
