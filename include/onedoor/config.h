/* config.h - the client's configuration (onedoor.ini).
 *
 * Sections and keys (see onedoor.ini(5) and conf/onedoor.ini):
 *   [database] service = NAME   or   conninfo = libpq connection string
 *              (never a password: libpq's ~/.pgpass and PGSERVICE do that);
 *              read_service = NAME  or  read_conninfo = ...: where the
 *              read-only screens' reads may go (a hot standby)
 *   [window]   centre = centre code, number = window number (1..99)
 *   [ui]       language = zh_CN | en, colour = auto | on | off
 *   [receipt]  printer = command receiving the receipt on stdin ("" = none),
 *              directory = where receipt files are written ("" = none)
 * Unknown sections and keys are errors, so that a typo is not silently
 * ignored at a service window. */
#ifndef ONEDOOR_CONFIG_H
#define ONEDOOR_CONFIG_H

#include "onedoor/status.h"

#include <stdbool.h>

enum ui_language { UI_LANG_ZH_CN, UI_LANG_EN };
enum colour_mode { COLOUR_AUTO, COLOUR_ON, COLOUR_OFF };

enum { CONFIG_MAX_FILES = 2 };

struct od_config {
	char *path;       /* the file(s) it came from, "A + B" when merged */
	char *conninfo;   /* always a libpq conninfo ("service=NAME" for a service) */
	char *read_conninfo; /* the reads' connection (a standby, e.g. with
				target_session_attrs=prefer-standby); NULL:
				everything on the one connection */
	char *centre;     /* centre code; may be "" */
	int window;       /* window number; 0 when not set */
	enum ui_language language; /* zh_CN when [ui] language is not set */
	bool language_set;         /* [ui] language was given: it outranks the
				      locale (LC_MESSAGES, LANG) */
	enum colour_mode colour;
	char *printer;    /* "" = do not print */
	char *receipt_dir; /* "" = do not write receipt files */
};

/* Finds the configuration file: `explicit_path` (from --config) if given,
 * else $ONEDOOR_CONFIG, else $XDG_CONFIG_HOME/onedoor/onedoor.ini (XDG's
 * default ~/.config when unset), else /etc/onedoor/onedoor.ini.  An explicit
 * path or $ONEDOOR_CONFIG that does not exist is an error, not a fall-through.
 * Returns a path the caller frees in *path. */
enum od_status config_find(const char *explicit_path, char **path, struct diag *d);

/* The system folder of configuration: $ONEDOOR_SYSCONFDIR when set (tests),
 * else /etc/onedoor.  There onedoor.ini, keys.ini and forms/ override the
 * shipped ones.  The string is static. */
const char *config_system_dir(void);

/* The files that make the configuration, into paths[] (CONFIG_MAX_FILES
 * entries; the caller frees each of *n): an explicit path (--config) or
 * $ONEDOOR_CONFIG alone, as config_find says; otherwise the system file
 * (config_system_dir()/onedoor.ini) and the user's
 * ($XDG_CONFIG_HOME/onedoor/onedoor.ini), each when it exists, in that
 * order.  OD_ERR_IO when there is none. */
enum od_status config_find_all(const char *explicit_path, char **paths, int *n, struct diag *d);

/* Loads and checks the files in order, merged key by key: a key of a later
 * file wins (a user's file with only [ui] keeps the system's database and
 * centre); [database] service and conninfo come together from the last file
 * that names either.  Each file is checked on its own, with FILE:LINE
 * errors.  Release with config_clear. */
enum od_status config_load_all(const char *const *paths, int n, struct od_config *cfg,
			       struct diag *d);

/* Loads and checks `path` into *cfg (zeroed first).  Errors are
 * "FILE:LINE: message" with OD_ERR_SYNTAX or OD_ERR_VALUE; *cfg is then
 * empty.  Release with config_clear. */
enum od_status config_load(const char *path, struct od_config *cfg, struct diag *d);

void config_clear(struct od_config *cfg);

#endif
