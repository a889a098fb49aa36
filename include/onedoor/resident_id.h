/* resident_id.h - China's 18-character resident identity number (GB 11643-1999).
 *
 * Layout: 6-digit region code (GB/T 2260), 8-digit birth date YYYYMMDD,
 * 3-digit sequence (odd = male), one check character (ISO 7064 MOD 11-2,
 * 'X' standing for 10). */
#ifndef ONEDOOR_RESIDENT_ID_H
#define ONEDOOR_RESIDENT_ID_H

#include "onedoor/i18n.h"

#include <stdbool.h>
#include <stdint.h>

#define RID_LENGTH 18

#define RID_ERROR_LIST(X)                                                         \
	X(RID_OK, N_("valid"))                                                        \
	X(RID_BAD_LENGTH, N_("a resident ID has 18 characters"))                      \
	X(RID_BAD_CHARACTER, N_("a resident ID has 17 digits and a digit or X last")) \
	X(RID_BAD_REGION, N_("the first six digits are not a region code"))          \
	X(RID_BAD_BIRTH_DATE, N_("the birth date in the resident ID is impossible"))  \
	X(RID_BAD_CHECK, N_("the check character does not match; please re-type the ID"))

enum rid_error {
#define RID_ENUM(name, msg) name,
	RID_ERROR_LIST(RID_ENUM)
#undef RID_ENUM
};

struct resident_id {
	char text[RID_LENGTH + 1]; /* normalised: ASCII digits, upper-case X */
	int32_t birth;             /* day number, see civil_date.h */
	char sex;                  /* 'M' or 'F' */
};

/* Normalises and checks `input`: full-width digits and letters (as typed
 * through a Chinese input method), a lower-case x and surrounding spaces are
 * accepted.  On RID_OK fills *out; otherwise *out is untouched. */
enum rid_error rid_parse(const char *input, struct resident_id *out);

/* The untranslated message for an error (a gettext msgid). */
const char *rid_error_message(enum rid_error error);

/* The check character for the first 17 digits of `digits17`. */
char rid_check_char(const char *digits17);

/* Writes the ID with the birth date hidden, as shown in lists and receipts:
 * "110105********123X".  `id` must be 18 characters. */
void rid_mask(const char *id, char out[RID_LENGTH + 1]);

#endif
