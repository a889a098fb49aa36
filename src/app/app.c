/* app.c - locale, translations and data paths shared by both programs. */
#include "onedoor/app.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* BIN/../share of the running program, or NULL. */
static const char *share_beside_binary(void)
{
	static char share[PATH_MAX];
	static bool looked;
	if (looked)
		return share[0] ? share : NULL;
	looked = true;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	snprintf(share, sizeof share, "%.*s/../share", (int)(sizeof share - 16), exe);
	struct stat st;
	if (stat(share, &st) != 0 || !S_ISDIR(st.st_mode))
		share[0] = '\0';
	return share[0] ? share : NULL;
}

bool app_locale_init(void)
{
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	const char *share = share_beside_binary();
	static char localedir[PATH_MAX];
	struct stat st;
	if (share && snprintf(localedir, sizeof localedir, "%s/locale", share) > 0 &&
	    stat(localedir, &st) == 0)
		bindtextdomain("onedoor", localedir);
	else
		bindtextdomain("onedoor", ONEDOOR_DATADIR "/locale");
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor");
	return codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0);
}

void app_set_language(enum ui_language language)
{
	/* LANGUAGE outranks LC_MESSAGES for gettext, whatever the locale's
	 * own language, so the configuration decides. */
	switch (language) {
	case UI_LANG_ZH_CN:
		setenv("LANGUAGE", "zh_CN", 1);
		break;
	case UI_LANG_EN:
		setenv("LANGUAGE", "en", 1);
		break;
	}
	/* gettext caches translations per language; make it look again. */
	textdomain("onedoor");
}

enum ui_language app_locale_language(void)
{
	/* As gettext decides: LANGUAGE first (when the locale is not C), then
	 * the locale of LC_MESSAGES (LC_ALL, LC_MESSAGES, LANG). */
	const char *messages = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	if (language && *language && messages && strcmp(messages, "C") != 0 &&
	    strcmp(messages, "POSIX") != 0)
		return strncmp(language, "zh", 2) == 0 ? UI_LANG_ZH_CN : UI_LANG_EN;
	return messages && strncmp(messages, "zh", 2) == 0 ? UI_LANG_ZH_CN : UI_LANG_EN;
}

const char *app_data_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("ONEDOOR_DATADIR");
	if (env && *env)
		return env;
	const char *share = share_beside_binary();
	struct stat st;
	if (share && snprintf(dir, sizeof dir, "%s/onedoor", share) > 0 && stat(dir, &st) == 0)
		return dir;
	return ONEDOOR_DATADIR "/onedoor";
}

char *app_overridable_file(const char *etc_name, const char *shipped)
{
	char *local = xasprintf("%s/%s", config_system_dir(), etc_name);
	if (access(local, R_OK) == 0)
		return local;
	free(local);
	return xasprintf("%s/%s", app_data_dir(), shipped);
}

bool app_load_config(const char *explicit_path, struct od_config *cfg)
{
	struct diag d;
	char *paths[CONFIG_MAX_FILES];
	int n = 0;
	enum od_status st = config_find_all(explicit_path, paths, &n, &d);
	if (st == OD_OK)
		st = config_load_all((const char *const *)paths, n, cfg, &d);
	for (int i = 0; i < n; i++)
		free(paths[i]);
	if (st != OD_OK) {
		fprintf(stderr, "onedoor: %s\n", d.text);
		return false;
	}
	return true;
}

int app_parse_options(int argc, char **argv, const char *program, void (*usage)(FILE *out),
		      const char **config_path)
{
	static const struct option options[] = {
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	*config_path = NULL;
	while ((opt = getopt_long(argc, argv, "+c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			*config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", program, ONEDOOR_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}
