/* case_file.h - the case seen whole (household, members and facts, what was
 * declared, the menu at acceptance, materials, verification report,
 * decision, history), as the database returns it (onedoor.case_file(),
 * rows of section / position / key / value) and as text.
 *
 * The same lines serve `onedoor-admin case show` and the county roles'
 * case view, so both show the same thing.  Formatting is pure. */
#ifndef ONEDOOR_CASE_FILE_H
#define ONEDOOR_CASE_FILE_H

#include "onedoor/form_def.h"
#include "onedoor/strbuf.h"

struct case_file_row {
	char *section; /* "case", "member", "member_fact", "declared", "menu", ... */
	int pos;       /* member position, menu item, difference or event number */
	char *key;
	char *value;
};

struct case_file {
	struct case_file_row *rows;
	int n;
	/* Optional, kept by case_file_clear: the household form, whose
	 * choices word the facts' codes in language `lang` (0 zh, 1 en);
	 * without it the codes are printed as stored. */
	const struct form_def *form;
	int lang;
};

/* The value of `key` in the first row of `section` at `pos` (pos < 0: any);
 * "" when there is none.  Never NULL; owned by cf. */
const char *case_file_get(const struct case_file *cf, const char *section, int pos,
			  const char *key);

/* Appends the case as text lines in the message language, each at most
 * `width` columns (longer values wrap; 0: no limit).  The full stored
 * report text is not included (it is printed on its own); its differences
 * are. */
void case_file_format(const struct case_file *cf, int width, struct strbuf *out);

/* Frees the rows and zeroes cf; a zeroed cf is accepted. */
void case_file_clear(struct case_file *cf);

#endif
