/* test_config.c - configuration lookup, defaults and error reporting. */
#include "onedoor/config.h"
#include "onedoor/ini_doc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/onedoor-cfg-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	unsetenv("ONEDOOR_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes `text` to dir/name and returns the path (static buffer per call). */
static const char *write_file(const char *name, const char *text)
{
	static char paths[8][192];
	static int next;
	char *path = paths[next++ % 8];
	snprintf(path, 192, "%s/%s", dir, name);
	/* Create the folders on the way (mkdir -p). */
	for (char *slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void loads_every_section(void **state)
{
	(void)state;
	const char *path = write_file("full.ini", "[database]\nservice = onedoor\n"
						 "[window]\ncentre = 511703001\nnumber = 3\n"
						 "[ui]\nlanguage = en\ncolour = off\n"
						 "[receipt]\nprinter = lpr -P window\ndirectory = /tmp\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "service=onedoor");
	assert_string_equal(cfg.centre, "511703001");
	assert_int_equal(cfg.window, 3);
	assert_int_equal(cfg.language, UI_LANG_EN);
	assert_int_equal(cfg.colour, COLOUR_OFF);
	assert_string_equal(cfg.printer, "lpr -P window");
	config_clear(&cfg);
}

static void defaults_when_keys_are_absent(void **state)
{
	(void)state;
	const char *path = write_file("min.ini", "[database]\nconninfo = dbname=x\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "dbname=x");
	assert_int_equal(cfg.language, UI_LANG_ZH_CN);
	assert_int_equal(cfg.colour, COLOUR_AUTO);
	assert_string_equal(cfg.printer, "lp");
	assert_int_equal(cfg.window, 0);
	config_clear(&cfg);
}

static void precedence_explicit_env_xdg(void **state)
{
	(void)state;
	const char *explicit_path = write_file("explicit.ini", "[ui]\nlanguage = en\n");
	const char *env_path = write_file("env.ini", "[ui]\nlanguage = en\n");
	write_file("xdg/onedoor/onedoor.ini", "[ui]\nlanguage = en\n");
	char xdg[128], xdg_file[192];
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	snprintf(xdg_file, sizeof xdg_file, "%s/onedoor/onedoor.ini", xdg);
	char *found = NULL;
	struct diag d;

	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(config_find(NULL, &found, &d), OD_OK);
	assert_string_equal(found, xdg_file);
	free(found);

	setenv("ONEDOOR_CONFIG", env_path, 1);
	assert_int_equal(config_find(NULL, &found, &d), OD_OK);
	assert_string_equal(found, env_path);
	free(found);

	assert_int_equal(config_find(explicit_path, &found, &d), OD_OK);
	assert_string_equal(found, explicit_path);
	free(found);
	unsetenv("ONEDOOR_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
}

static void missing_file_is_an_error_not_a_fallthrough(void **state)
{
	(void)state;
	char *found = NULL;
	struct diag d;
	char missing[128];
	snprintf(missing, sizeof missing, "%s/nope.ini", dir);
	assert_int_equal(config_find(missing, &found, &d), OD_ERR_IO);
	assert_null(found);
	assert_non_null(strstr(d.text, "nope.ini"));
	setenv("ONEDOOR_CONFIG", missing, 1);
	assert_int_equal(config_find(NULL, &found, &d), OD_ERR_IO);
	assert_non_null(strstr(d.text, "ONEDOOR_CONFIG"));
	unsetenv("ONEDOOR_CONFIG");
	struct od_config cfg;
	assert_int_equal(config_load(missing, &cfg, &d), OD_ERR_IO);
}

static void malformed_line_names_file_and_line(void **state)
{
	(void)state;
	const char *path = write_file("bad.ini", "[database]\nservice = x\n\nthis is not ini\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_SYNTAX);
	char expected[256];
	snprintf(expected, sizeof expected, "%s:4: ", path);
	assert_memory_equal(d.text, expected, strlen(expected));
}

static void bad_value_names_its_line(void **state)
{
	(void)state;
	const char *path = write_file("value.ini", "[ui]\n; comment\nlanguage = fr\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	char expected[256];
	snprintf(expected, sizeof expected, "%s:3: ", path);
	assert_memory_equal(d.text, expected, strlen(expected));
	assert_non_null(strstr(d.text, "fr"));

	path = write_file("window.ini", "[window]\nnumber = 0\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, ":2: "));
}

static void unknown_key_and_section_are_refused(void **state)
{
	(void)state;
	struct od_config cfg;
	struct diag d;
	const char *path = write_file("typo.ini", "[ui]\nlangauge = en\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_SYNTAX);
	assert_non_null(strstr(d.text, ":2: "));
	assert_non_null(strstr(d.text, "langauge"));
	path = write_file("section.ini", "[ui]\n[printer]\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_SYNTAX);
	assert_non_null(strstr(d.text, ":2: "));
}

static void empty_section_does_not_crash(void **state)
{
	(void)state;
	/* CVE-2023-33461: iniparser 4.1's getboolean on an empty section. */
	const char *path = write_file("empty.ini", "[ui]\n[window]\n[database]\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_int_equal(cfg.language, UI_LANG_ZH_CN);
	config_clear(&cfg);
	struct ini_doc *doc;
	assert_int_equal(ini_doc_load(path, &doc, &d), OD_OK);
	assert_null(ini_doc_get(doc, "ui", "colour"));
	assert_null(ini_doc_get(doc, "nosuch", "key"));
	assert_int_equal(ini_doc_key_count(doc, "ui"), 0);
	ini_doc_free(&doc);
	assert_null(doc);
}

static void password_is_refused(void **state)
{
	(void)state;
	struct od_config cfg;
	struct diag d;
	const char *path = write_file("pw.ini", "[database]\nconninfo = host=db password=secret\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, ":2: "));
	path = write_file("uri.ini", "[database]\nconninfo = postgresql://clerk:secret@db/onedoor\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	path = write_file("nopw.ini", "[database]\nconninfo = host=db passwordless=1\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	config_clear(&cfg);
}

static void bom_crlf_and_duplicates(void **state)
{
	(void)state;
	struct od_config cfg;
	struct diag d;
	const char *path = write_file("bom.ini", "\xEF\xBB\xBF[ui]\r\nlanguage = en\r\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_int_equal(cfg.language, UI_LANG_EN);
	config_clear(&cfg);
	path = write_file("dup.ini", "[ui]\nlanguage = en\ncolour = on\nlanguage = zh_CN\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_SYNTAX);
	assert_non_null(strstr(d.text, ":4: "));
}

/* /etc/onedoor/onedoor.ini and the user's file are merged key by key: a
 * user's file with only [ui] keeps the system's database and centre. */
static void system_and_user_files_are_merged(void **state)
{
	(void)state;
	char etc[128], xdg[128];
	snprintf(etc, sizeof etc, "%s/etc", dir);
	snprintf(xdg, sizeof xdg, "%s/merge-xdg", dir);
	write_file("etc/onedoor.ini", "[database]\nservice = onedoor\n"
				      "[window]\ncentre = 511703001\nnumber = 2\n"
				      "[ui]\nlanguage = zh_CN\ncolour = on\n");
	write_file("merge-xdg/onedoor/onedoor.ini", "[ui]\nlanguage = en\n");
	setenv("ONEDOOR_SYSCONFDIR", etc, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	char *paths[CONFIG_MAX_FILES];
	int n = 0;
	struct diag d;
	assert_int_equal(config_find_all(NULL, paths, &n, &d), OD_OK);
	assert_int_equal(n, 2);
	assert_non_null(strstr(paths[0], "/etc/onedoor.ini"));
	assert_non_null(strstr(paths[1], "/merge-xdg/onedoor/onedoor.ini"));
	struct od_config cfg;
	assert_int_equal(config_load_all((const char *const *)paths, n, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "service=onedoor");
	assert_string_equal(cfg.centre, "511703001");
	assert_int_equal(cfg.window, 2);
	assert_int_equal(cfg.language, UI_LANG_EN); /* the user's */
	assert_true(cfg.language_set);
	assert_int_equal(cfg.colour, COLOUR_ON); /* the system's */
	config_clear(&cfg);

	/* A user's conninfo replaces the system's service instead of
	 * clashing with it. */
	write_file("merge-xdg/onedoor/onedoor.ini", "[database]\nconninfo = host=db2 dbname=x\n");
	assert_int_equal(config_load_all((const char *const *)paths, n, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "host=db2 dbname=x");
	assert_true(cfg.language_set); /* zh_CN, still named by the system file */
	config_clear(&cfg);

	/* A mistake in either file is reported with that file's name and line. */
	write_file("etc/onedoor.ini", "[window]\nnumber = 100\n");
	assert_int_equal(config_load_all((const char *const *)paths, n, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "/etc/onedoor.ini:2: "));
	write_file("etc/onedoor.ini", "[window]\ncentre = 511703001\n");
	write_file("merge-xdg/onedoor/onedoor.ini", "[ui]\nlanguge = en\n");
	assert_int_equal(config_load_all((const char *const *)paths, n, &cfg, &d), OD_ERR_SYNTAX);
	assert_non_null(strstr(d.text, "/merge-xdg/onedoor/onedoor.ini:2: "));

	/* --config is the whole configuration: nothing is merged into it. */
	for (int i = 0; i < n; i++)
		free(paths[i]);
	const char *explicit_path = write_file("alone.ini", "[ui]\nlanguage = en\n");
	assert_int_equal(config_find_all(explicit_path, paths, &n, &d), OD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(config_load_all((const char *const *)paths, n, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "");
	assert_string_equal(cfg.centre, "");
	config_clear(&cfg);
	free(paths[0]);

	/* No file at all is an error that says where to put one. */
	setenv("ONEDOOR_SYSCONFDIR", xdg, 1);
	setenv("XDG_CONFIG_HOME", etc, 1);
	assert_int_equal(config_find_all(NULL, paths, &n, &d), OD_ERR_IO);
	assert_int_equal(n, 0);
	assert_non_null(strstr(d.text, "onedoor.ini"));
	unsetenv("ONEDOOR_SYSCONFDIR");
	unsetenv("XDG_CONFIG_HOME");
}

/* [database] read_service / read_conninfo: where the read-only screens'
 * reads may go; unset, everything stays on the one connection. */
static void reads_connection(void **state)
{
	(void)state;
	struct od_config cfg;
	struct diag d;
	const char *path = write_file("reads-none.ini", "[database]\nservice = onedoor\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_null(cfg.read_conninfo);
	config_clear(&cfg);

	path = write_file("reads-service.ini",
			  "[database]\nservice = onedoor\nread_service = onedoor-report\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_string_equal(cfg.conninfo, "service=onedoor");
	assert_string_equal(cfg.read_conninfo, "service=onedoor-report");
	config_clear(&cfg);

	path = write_file("reads-conninfo.ini",
			  "[database]\nservice = onedoor\n"
			  "read_conninfo = host=db1,db2 target_session_attrs=prefer-standby\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_string_equal(cfg.read_conninfo, "host=db1,db2 target_session_attrs=prefer-standby");
	config_clear(&cfg);

	/* Both ways at once, a bad name, a password: FILE:LINE and nothing kept. */
	path = write_file("reads-both.ini", "[database]\nread_service = r\nread_conninfo = host=x\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "reads-both.ini:3: "));
	assert_non_null(strstr(d.text, "read_service"));
	assert_null(cfg.read_conninfo);
	path = write_file("reads-bad.ini", "[database]\nread_service = a b\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "reads-bad.ini:2: "));
	path = write_file("reads-pw.ini", "[database]\nread_conninfo = host=db password=x\n");
	assert_int_equal(config_load(path, &cfg, &d), OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "reads-pw.ini:2: "));
}

static void language_unset_is_not_set(void **state)
{
	(void)state;
	const char *path = write_file("nolang.ini", "[ui]\ncolour = off\n");
	struct od_config cfg;
	struct diag d;
	assert_int_equal(config_load(path, &cfg, &d), OD_OK);
	assert_false(cfg.language_set);
	config_clear(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_every_section),
		cmocka_unit_test(defaults_when_keys_are_absent),
		cmocka_unit_test(precedence_explicit_env_xdg),
		cmocka_unit_test(missing_file_is_an_error_not_a_fallthrough),
		cmocka_unit_test(malformed_line_names_file_and_line),
		cmocka_unit_test(bad_value_names_its_line),
		cmocka_unit_test(unknown_key_and_section_are_refused),
		cmocka_unit_test(empty_section_does_not_crash),
		cmocka_unit_test(password_is_refused),
		cmocka_unit_test(bom_crlf_and_duplicates),
		cmocka_unit_test(system_and_user_files_are_merged),
		cmocka_unit_test(reads_connection),
		cmocka_unit_test(language_unset_is_not_set),
	};
	return cmocka_run_group_tests_name("config", tests, make_dir, remove_dir);
}
