/* test_language.h - for the C tests: the messages of src/po in one
 * language, from the build tree's catalogues (ONEDOOR_BUILD, else
 * "build"), as the programs find theirs after installation. */
#ifndef ONEDOOR_TEST_LANGUAGE_H
#define ONEDOOR_TEST_LANGUAGE_H

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

/* Messages in lang ("zh_CN", "en") from now on. */
static inline void test_language(const char *lang)
{
	char dir[1024];
	const char *build = getenv("ONEDOOR_BUILD");
	snprintf(dir, sizeof dir, "%s/share/locale", build ? build : "build");
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", lang, 1);
	bindtextdomain("onedoor", dir);
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor"); /* gettext caches per language: look again */
}

#endif
