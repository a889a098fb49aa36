/* admin_commands.h - the subcommands of onedoor-admin, one file each
 * (src/app/admin_*.c), listed in the table of src/app/onedoor_admin.c. */
#ifndef ONEDOOR_ADMIN_COMMANDS_H
#define ONEDOOR_ADMIN_COMMANDS_H

#include "onedoor/db.h"

struct admin_command {
	const char *name;     /* as typed: "migrate" */
	const char *synopsis; /* for --help: "calendar import FILE" */
	const char *summary;  /* one line, a gettext msgid */
	/* argv[0] is the command name; returns the exit status (0, 1, 2). */
	int (*run)(struct db *db, int argc, char **argv);
};

#endif
