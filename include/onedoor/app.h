/* app.h - what both programs do at start: locale, translations, data paths,
 * configuration. */
#ifndef ONEDOOR_APP_H
#define ONEDOOR_APP_H

#include "onedoor/config.h"

#include <stdbool.h>

/* Exit codes, as GNU programs use them. */
enum { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_USAGE = 2 };

/* Sets the locale from the environment; false when its character set is
 * not UTF-8 (the screens and the database speak UTF-8 only). */
bool app_locale_init(void);

/* Chooses the message language; call after app_locale_init. */
void app_set_language(enum ui_language language);

/* The folder of installed data (forms/, conf/): $ONEDOOR_DATADIR when set,
 * else BIN/../share/onedoor beside the running program when it exists (the
 * build tree mirrors an installation), else the compiled-in DATADIR.  The
 * string is static. */
const char *app_data_dir(void);

/* Finds and loads the configuration (config_find + config_load); on error
 * prints the message to stderr and returns false. */
bool app_load_config(const char *explicit_path, struct od_config *cfg);

#endif
