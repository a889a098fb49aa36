/* onedoor.c - the window client: `onedoor` opens the screens; `onedoor match`
 * prints a household's benefit menu. */
#include "onedoor/app.h"
#include "onedoor/client_log.h"
#include "onedoor/db.h"
#include "onedoor/form_file.h"
#include "onedoor/i18n.h"
#include "onedoor/match_cmd.h"
#include "onedoor/ui_commands.h"
#include "onedoor/xalloc.h"
#include "onedoor/ui_screens.h"

#include <getopt.h> /* optind */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, _("Usage: onedoor [--config FILE]\n"
		       "       onedoor match FILE [--date YYYY-MM-DD] [--catalogue DIR]...\n"
		       "                     [--format text|json] [--lang zh_CN|en] [--config FILE]\n"
		       "The service-window client for social assistance applications.\n"
		       "\n"
		       "  -c, --config FILE  configuration file (see onedoor.ini(5))\n"
		       "  -h, --help         show this help and exit\n"
		       "  -V, --version      show the version and exit\n"
		       "\n"
		       "The configuration is --config FILE or $ONEDOOR_CONFIG, else\n"
		       "/etc/onedoor/onedoor.ini and $XDG_CONFIG_HOME/onedoor/onedoor.ini\n"
		       "merged key by key (the user's wins).  Log: "
		       "$XDG_STATE_HOME/onedoor/onedoor.log.\n"));
}

int main(int argc, char **argv)
{
	bool utf8 = app_locale_init();
	/* A subcommand takes its own options. */
	if (argc > 1 && strcmp(argv[1], "match") == 0)
		return match_main(argc - 1, argv + 1);
	const char *config_path;
	int done = app_parse_options(argc, argv, "onedoor", usage, &config_path);
	if (done >= 0)
		return done;
	if (optind < argc) {
		fprintf(stderr, _("onedoor: unknown argument \"%s\"\n"), argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!utf8) {
		fprintf(stderr, _("onedoor: the locale's character set is not UTF-8; run it with "
				  "e.g. LANG=C.UTF-8 or zh_CN.UTF-8\n"));
		return EXIT_FAILURE_RUN;
	}
	/* The support log: what went wrong, in full, for whoever helps the
	 * window by telephone (never personal data or passwords). */
	client_log_open("onedoor");
	db_set_log(client_log);
	struct od_config cfg;
	if (!app_load_config(config_path, &cfg)) {
		client_log("error", "no usable configuration (see the message on the terminal)");
		client_log_close();
		return EXIT_USAGE;
	}
	client_log("info", "configuration: %s; centre %s window %d", cfg.path,
		   *cfg.centre ? cfg.centre : "-", cfg.window);
	/* [ui] language outranks the locale; without it the screens speak
	 * the language of LC_MESSAGES / LANG. */
	if (cfg.language_set)
		app_set_language(cfg.language);
	else
		cfg.language = app_locale_language();
	/* Forms and keys are read before the screen opens: a broken file is
	 * reported as FILE:LINE on a normal terminal, not half-drawn. */
	struct form_def *household_form = NULL;
	struct diag d;
	char *path = app_overridable_file("forms/household.ini", "forms/household.ini");
	client_log("info", "form: %s", path);
	enum od_status st = form_def_load(path, &household_form, &d);
	free(path);
	if (st == OD_OK) {
		/* The keys, as conf/keys.ini defines them (or /etc/onedoor/keys.ini). */
		path = app_overridable_file("keys.ini", "conf/keys.ini");
		client_log("info", "keys: %s", path);
		st = ui_bindings_load(path, &d);
		free(path);
	}
	if (st != OD_OK) {
		fprintf(stderr, "onedoor: %s\n", d.text);
		client_log("error", "%s", d.text);
		form_def_free(&household_form);
		config_clear(&cfg);
		client_log_close();
		return EXIT_USAGE;
	}
	int rc = ui_client_run(&cfg, household_form);
	form_def_free(&household_form);
	config_clear(&cfg);
	client_log_close();
	return rc;
}
