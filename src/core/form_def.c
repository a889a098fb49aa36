/* form_def.c - checking values against form field definitions. */
#include "onedoor/form_def.h"

#include "onedoor/bank_account.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/text_width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int form_find(const struct form_def *def, const char *key)
{
	for (int i = 0; i < def->count; i++)
		if (strcmp(def->fields[i].key, key) == 0)
			return i;
	return -1;
}

static enum od_status check_number(const struct form_field *f, int lang, const char *typed,
				   char *out, size_t outsz, struct diag *d)
{
	char ascii[64];
	utf8_ascii_fold(typed, true, ascii, sizeof ascii);
	dec_t v;
	const char *dot = strchr(ascii, '.');
	bool integer = f->type == FT_INTEGER;
	if (!dec_parse(ascii, &v) || (integer && dot) || (dot && strlen(dot + 1) > 2))
		return diag_set(d, OD_ERR_VALUE,
				integer ? _("%s: enter a whole number")
					: _("%s: enter an amount in yuan, at most two decimals"),
				f->label[lang]);
	if (v < f->min || v > f->max) {
		char lo[DEC_TEXT_SIZE], hi[DEC_TEXT_SIZE];
		dec_format(f->min, integer ? 0 : 2, lo);
		dec_format(f->max, integer ? 0 : 2, hi);
		return diag_set(d, OD_ERR_VALUE, _("%s: must be from %s to %s"), f->label[lang], lo, hi);
	}
	char text[DEC_TEXT_SIZE];
	dec_format(v, integer ? 0 : 2, text);
	snprintf(out, outsz, "%s", text);
	return OD_OK;
}

enum od_status form_field_check(const struct form_field *f, int lang, const char *input,
				char *out, size_t outsz, struct diag *d)
{
	lang = lang ? 1 : 0;
	const char *typed = input ? input : "";
	while (*typed == ' ')
		typed++;
	if (!*typed) {
		out[0] = '\0';
		return f->required ? diag_set(d, OD_ERR_VALUE, _("%s: required"), f->label[lang]) : OD_OK;
	}
	switch (f->type) {
	case FT_TEXT: {
		int max = f->max_chars ? f->max_chars : 200;
		if (!utf8_valid_text(typed))
			return diag_set(d, OD_ERR_VALUE, _("%s: contains control characters or invalid text"),
					f->label[lang]);
		/* A household file cannot hold these inside a value (iniparser
		 * has no escapes); no name or address needs them. */
		if (strpbrk(typed, "\"\\"))
			return diag_set(d, OD_ERR_VALUE, _("%s: \" and \\ are not accepted"),
					f->label[lang]);
		if (f->no_digits && strpbrk(typed, "0123456789"))
			return diag_set(d, OD_ERR_VALUE, _("%s: digits are not accepted here"),
					f->label[lang]);
		/* Full-width digits (０-９, U+FF10-FF19: EF BC 90-99) too. */
		for (const char *p = typed; f->no_digits && (p = strstr(p, "\xEF\xBC")) != NULL; p += 2)
			if ((unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99)
				return diag_set(d, OD_ERR_VALUE, _("%s: digits are not accepted here"),
						f->label[lang]);
		int chars = 0;
		for (const char *p = typed; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > max)
			return diag_set(d, OD_ERR_VALUE, _("%s: at most %d characters"), f->label[lang], max);
		snprintf(out, outsz, "%s", typed);
		size_t n = strlen(out);
		while (n && out[n - 1] == ' ')
			out[--n] = '\0';
		return OD_OK;
	}
	case FT_RESIDENT_ID: {
		struct resident_id rid;
		enum rid_error e = rid_parse(typed, &rid);
		if (e != RID_OK)
			return diag_set(d, OD_ERR_VALUE, "%s: %s", f->label[lang], _(rid_error_message(e)));
		snprintf(out, outsz, "%s", rid.text);
		return OD_OK;
	}
	case FT_DATE: {
		char ascii[32];
		int32_t day;
		utf8_ascii_fold(typed, true, ascii, sizeof ascii);
		if (!cdate_parse(ascii, &day))
			return diag_set(d, OD_ERR_VALUE, _("%s: enter a real date as YYYY-MM-DD"),
					f->label[lang]);
		cdate_format(day, out);
		return OD_OK;
	}
	case FT_MONEY:
	case FT_INTEGER:
		return check_number(f, lang, typed, out, outsz, d);
	case FT_CHOICE:
		for (int i = 0; i < f->choice_count; i++) {
			const struct form_choice *c = &f->choices[i];
			if (strcmp(typed, c->code) == 0 || strcmp(typed, c->label[0]) == 0 ||
			    strcmp(typed, c->label[1]) == 0) {
				snprintf(out, outsz, "%s", c->code);
				return OD_OK;
			}
		}
		return diag_set(d, OD_ERR_VALUE, _("%s: choose one of the listed values"), f->label[lang]);
	case FT_YESNO:
		if (strcmp(typed, "yes") == 0 || strcmp(typed, "是") == 0) {
			snprintf(out, outsz, "yes");
			return OD_OK;
		}
		if (strcmp(typed, "no") == 0 || strcmp(typed, "否") == 0) {
			snprintf(out, outsz, "no");
			return OD_OK;
		}
		return diag_set(d, OD_ERR_VALUE, _("%s: yes or no"), f->label[lang]);
	case FT_BANK_ACCOUNT: {
		char account[BANK_ACCOUNT_SIZE];
		enum bank_account_error e = bank_account_parse(typed, account);
		if (e != BANK_ACCOUNT_OK)
			return diag_set(d, OD_ERR_VALUE, "%s: %s", f->label[lang],
					_(bank_account_error_message(e)));
		snprintf(out, outsz, "%s", account);
		return OD_OK;
	}
	case FT_ITEMS:
		/* Codes the server gave (household_form) or a household file
		 * holds; the screen shows their names and takes no typing. */
		if (strspn(typed, "abcdefghijklmnopqrstuvwxyz0123456789_,") != strlen(typed) ||
		    strlen(typed) >= outsz)
			return diag_set(d, OD_ERR_VALUE, _("%s: item codes separated by commas"),
					f->label[lang]);
		snprintf(out, outsz, "%s", typed);
		return OD_OK;
	case FT_MOBILE: {
		char mobile[MOBILE_SIZE];
		if (!mobile_parse(typed, mobile))
			return diag_set(d, OD_ERR_VALUE,
					_("%s: enter an 11-digit mobile number (13x to 19x)"),
					f->label[lang]);
		snprintf(out, outsz, "%s", mobile);
		return OD_OK;
	}
	}
	return OD_ERR_VALUE;
}

const char *form_choice_label(const struct form_field *f, const char *code, int lang)
{
	if (f->type == FT_YESNO)
		return strcmp(code, "yes") == 0 ? _("yes") : strcmp(code, "no") == 0 ? _("no") : code;
	for (int i = 0; i < f->choice_count; i++)
		if (strcmp(f->choices[i].code, code) == 0)
			return f->choices[i].label[lang ? 1 : 0];
	return code;
}

void form_def_free(struct form_def **defp)
{
	struct form_def *def = *defp;
	if (!def)
		return;
	for (int i = 0; i < def->count; i++) {
		struct form_field *f = &def->fields[i];
		free(f->key);
		for (int l = 0; l < 2; l++) {
			free(f->label[l]);
			free(f->help[l]);
		}
		for (int c = 0; c < f->choice_count; c++) {
			free(f->choices[c].code);
			free(f->choices[c].label[0]);
			free(f->choices[c].label[1]);
		}
		free(f->choices);
		free(f->default_value);
	}
	free(def->fields);
	free(def->title[0]);
	free(def->title[1]);
	free(def->path);
	free(def);
	*defp = NULL;
}
