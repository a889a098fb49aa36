/* pg_text.c - src/core's gettext() inside a backend.
 *
 * The explanations name facts through gettext.  A backend's own message
 * catalogue is PostgreSQL's, and its locale is the cluster's, so instead
 * the zh_CN translations are compiled into the module (pg_text_mo.c,
 * generated from src/po/zh_CN.po) and looked up here, in the language the
 * setting onedoor.engine_language names.  The module is linked with
 * --wrap=gettext and --wrap=dcgettext (what <libintl.h> turns gettext()
 * into when optimising) so that core's gettext() comes here. */
#include "pgext.h"

#include "utils/guc.h"

#include <string.h>

char *__wrap_gettext(const char *msgid);
char *__wrap_dcgettext(const char *domain, const char *msgid, int category);

enum { LANG_ZH_CN, LANG_EN };
static int engine_language = LANG_ZH_CN;

static const struct config_enum_entry language_options[] = {
	{"zh_CN", LANG_ZH_CN, false},
	{"zh", LANG_ZH_CN, true},
	{"en", LANG_EN, false},
	{NULL, 0, false},
};

void pg_text_init(void)
{
	DefineCustomEnumVariable("onedoor.engine_language",
				 "Language of the explanations onedoor.engine_match returns.",
				 "zh_CN (the default) or en, as onedoor match --lang.",
				 &engine_language, LANG_ZH_CN, language_options, PGC_USERSET, 0,
				 NULL, NULL, NULL);
	MarkGUCPrefixReserved("onedoor");
}

bool pg_text_chinese(void)
{
	return engine_language == LANG_ZH_CN;
}

/* A .mo file: a header, then tables of (length, offset) for the original
 * strings, sorted, and for their translations (GNU gettext's format). */
static uint32 word(uint32 offset)
{
	uint32 w;
	memcpy(&w, pg_text_zh_mo + offset, sizeof w);
	return w;
}

const char *pg_text_translate(const char *msgid)
{
	if (engine_language != LANG_ZH_CN || pg_text_zh_mo_size < 28 ||
	    word(0) != 0x950412de)
		return msgid;
	uint32 n = word(8), originals = word(12), translations = word(16);
	uint32 lo = 0, hi = n;
	while (lo < hi) {
		uint32 mid = lo + (hi - lo) / 2;
		const char *candidate = (const char *)pg_text_zh_mo + word(originals + 8 * mid + 4);
		int cmp = strcmp(msgid, candidate);
		if (cmp == 0) {
			const char *t = (const char *)pg_text_zh_mo + word(translations + 8 * mid + 4);
			return *t ? t : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

char *__wrap_gettext(const char *msgid)
{
	return unconstify(char *, pg_text_translate(msgid));
}

char *__wrap_dcgettext(const char *domain, const char *msgid, int category)
{
	return unconstify(char *, pg_text_translate(msgid));
}
