/* app.h - what both programs do at start: locale, translations, data paths,
 * configuration. */
#ifndef ONEDOOR_APP_H
#define ONEDOOR_APP_H

#include "onedoor/config.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes, as GNU programs use them. */
enum { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_USAGE = 2 };

/* Sets the locale from the environment; false when its character set is
 * not UTF-8 (the screens and the database speak UTF-8 only). */
bool app_locale_init(void);

/* The language the locale asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
 * zh_CN for a Chinese locale, else English. */
enum ui_language app_locale_language(void);

/* Chooses the message language, outranking the locale; call after
 * app_locale_init, only when the configuration names a language. */
void app_set_language(enum ui_language language);

/* The folder of installed data (forms/, conf/): $ONEDOOR_DATADIR when set,
 * else BIN/../share/onedoor beside the running program when it exists (the
 * build tree mirrors an installation), else the compiled-in DATADIR.  The
 * string is static. */
const char *app_data_dir(void);

/* The file a county may override: config_system_dir()/etc_name
 * (/etc/onedoor/keys.ini, /etc/onedoor/forms/household.ini) when it exists,
 * else app_data_dir()/shipped.  The caller frees the string. */
char *app_overridable_file(const char *etc_name, const char *shipped);

/* The options both programs share: -c/--config FILE, -h/--help (usage to
 * stdout), -V/--version ("PROGRAM VERSION").  Stops at the first
 * non-option (optind points at it).  Returns -1 to go on, else the exit
 * status (0 for help and version, EXIT_USAGE with usage on stderr). */
int app_parse_options(int argc, char **argv, const char *program, void (*usage)(FILE *out),
		      const char **config_path);

/* Finds and loads the configuration (config_find_all + config_load_all:
 * --config or $ONEDOOR_CONFIG alone, else /etc/onedoor/onedoor.ini and the
 * user's file merged); on error prints the message to stderr and returns
 * false. */
bool app_load_config(const char *explicit_path, struct od_config *cfg);

#endif
