/* ui_commands.h - what a key asks for.
 *
 * Every command is reachable by a function key and by a Ctrl combination
 * (some thin-client terminals have no F-keys).  No bare letter is a
 * command, so typing into a field never triggers one. */
#ifndef ONEDOOR_UI_COMMANDS_H
#define ONEDOOR_UI_COMMANDS_H

#include "onedoor/ui_term.h"

/* X(command, function key number, ctrl letter, label msgid) */
#define UI_COMMAND_LIST(X)                                        \
	X(CMD_HELP, 1, 'g', N_("Help"))                           \
	X(CMD_NEW_HOUSEHOLD, 2, 'n', N_("New household"))         \
	X(CMD_ADD_MEMBER, 3, 'a', N_("Add member"))               \
	X(CMD_REMOVE_MEMBER, 4, 'd', N_("Remove member"))         \
	X(CMD_REFRESH, 5, 'r', N_("Refresh"))                     \
	X(CMD_SAVE, 8, 's', N_("Save"))                           \
	X(CMD_QUIT, 10, 'q', N_("Quit"))

enum ui_command {
	CMD_NONE,
#define UI_CMD_ENUM(cmd, fkey, ctrl, label) cmd,
	UI_COMMAND_LIST(UI_CMD_ENUM)
#undef UI_CMD_ENUM
};

/* The command a key means, CMD_NONE for anything else. */
enum ui_command ui_command_of(const struct ui_key *key);

/* "F2" and "^N" style names of a command's keys, and its label msgid. */
const char *ui_command_fkey(enum ui_command cmd);
const char *ui_command_ctrl(enum ui_command cmd);
const char *ui_command_label(enum ui_command cmd);

/* Draws the key bar for these commands (CMD_NONE-terminated), each shown
 * as "F2 New household". */
void ui_command_bar(const enum ui_command *cmds);

#endif
