/* ui_commands.h - what a key asks for, screen by screen.
 *
 * Commands are declared once with their label; bindings say which
 * function key and which Ctrl key mean a command on which screen.  Every
 * command has both (some thin-client terminals have no F-keys) and no
 * bare letter is a command, so typing into a field never triggers one. */
#ifndef ONEDOOR_UI_COMMANDS_H
#define ONEDOOR_UI_COMMANDS_H

#include "onedoor/i18n.h"
#include "onedoor/ui_term.h"

/* X(command, label msgid) */
#define UI_COMMAND_LIST(X)                              \
	X(CMD_HELP, N_("Help"))                         \
	X(CMD_NEW_HOUSEHOLD, N_("New household"))       \
	X(CMD_RESUME_DRAFT, N_("Resume draft"))         \
	X(CMD_ADD_MEMBER, N_("Add member"))             \
	X(CMD_REMOVE_MEMBER, N_("Remove member"))       \
	X(CMD_MEMBER_UP, N_("Member up"))               \
	X(CMD_MEMBER_DOWN, N_("Member down"))           \
	X(CMD_REFRESH, N_("Refresh"))                   \
	X(CMD_SAVE, N_("Save"))                         \
	X(CMD_MENU, N_("Menu"))                         \
	X(CMD_TICK, N_("Tick"))                         \
	X(CMD_FILL, N_("Fill in"))                      \
	X(CMD_ACCEPT, N_("Accept"))                     \
	X(CMD_REFUSE, N_("Refuse"))                     \
	X(CMD_PRINT, N_("Print"))                       \
	X(CMD_CASES, N_("Cases"))                       \
	X(CMD_OPEN, N_("Open"))                         \
	X(CMD_FILTER_STAGE, N_("Stage"))                \
	X(CMD_FILTER_LIGHT, N_("Light"))                \
	X(CMD_FILTER_ITEM, N_("Item"))                  \
	X(CMD_FILTER_CENTRE, N_("Centre"))              \
	X(CMD_FIND, N_("Find"))                         \
	X(CMD_TOGGLE_MINE, N_("Mine/all"))              \
	X(CMD_ACT_PASS, N_("Pass"))                     \
	X(CMD_ACT_FAIL, N_("Fail"))                     \
	X(CMD_ACT_RETURN, N_("Return"))                 \
	X(CMD_ACT_WITHDRAW, N_("Withdraw"))             \
	X(CMD_CHECK_PASS, N_("Check passed"))           \
	X(CMD_CHECK_FAIL, N_("Check failed"))           \
	X(CMD_GOTO, N_("Go to"))                        \
	X(CMD_STATUS_LOOKUP, N_("Status lookup"))       \
	X(CMD_POLICY_LIST, N_("Policy list"))           \
	X(CMD_SUPERVISOR, N_("Supervisor view"))        \
	X(CMD_NEXT_TABLE, N_("Next table"))             \
	X(CMD_PREV_TABLE, N_("Previous table"))         \
	X(CMD_EXPORT, N_("Export CSV"))                 \
	X(CMD_QUIT, N_("Quit"))

enum ui_command {
	CMD_NONE,
#define UI_CMD_ENUM(cmd, label) cmd,
	UI_COMMAND_LIST(UI_CMD_ENUM)
#undef UI_CMD_ENUM
};

enum ui_context {
	CTX_ANY,
	CTX_LOGIN,
	CTX_WORKLIST,
	CTX_FORM,
	CTX_MENU,
	CTX_RECEIPT,
	CTX_CASES,
	CTX_CASE,
	CTX_STATUS,
	CTX_POLICY,
	CTX_SUPERVISOR
};

/* X(context, function key number, ctrl letter, command); CTX_ANY binds on
 * every screen unless a screen binds the same key itself.  An upper-case
 * letter means Alt with that letter instead of Ctrl (the Ctrl letters that
 * terminals leave alone are all taken). */
#define UI_BINDING_LIST(X)                            \
	X(CTX_ANY, 1, 'g', CMD_HELP)                  \
	X(CTX_ANY, 10, 'q', CMD_QUIT)                 \
	X(CTX_ANY, 12, 'G', CMD_GOTO)                 \
	X(CTX_WORKLIST, 2, 'n', CMD_NEW_HOUSEHOLD)    \
	X(CTX_WORKLIST, 7, 'o', CMD_RESUME_DRAFT)     \
	X(CTX_WORKLIST, 5, 'r', CMD_REFRESH)          \
	X(CTX_WORKLIST, 3, 'k', CMD_CASES)            \
	X(CTX_CASES, 5, 'r', CMD_REFRESH)             \
	X(CTX_CASES, 2, 't', CMD_FILTER_STAGE)        \
	X(CTX_CASES, 3, 'l', CMD_FILTER_LIGHT)        \
	X(CTX_CASES, 4, 'e', CMD_FILTER_ITEM)         \
	X(CTX_CASES, 6, 'y', CMD_FILTER_CENTRE)       \
	X(CTX_CASES, 7, 'f', CMD_FIND)                \
	X(CTX_CASES, 8, 'a', CMD_TOGGLE_MINE)         \
	X(CTX_CASES, 9, 'o', CMD_OPEN)                \
	X(CTX_CASE, 8, 's', CMD_ACT_PASS)             \
	X(CTX_CASE, 4, 'd', CMD_ACT_FAIL)             \
	X(CTX_CASE, 6, 'b', CMD_ACT_RETURN)           \
	X(CTX_CASE, 7, 'w', CMD_ACT_WITHDRAW)         \
	X(CTX_CASE, 2, 'k', CMD_CHECK_PASS)           \
	X(CTX_CASE, 3, 'x', CMD_CHECK_FAIL)           \
	X(CTX_CASE, 5, 'r', CMD_REFRESH)              \
	X(CTX_CASE, 9, 'p', CMD_PRINT)                \
	X(CTX_WORKLIST, 4, 'l', CMD_STATUS_LOOKUP)    \
	X(CTX_WORKLIST, 6, 'p', CMD_POLICY_LIST)      \
	X(CTX_STATUS, 2, 'f', CMD_FIND)               \
	X(CTX_STATUS, 9, 'o', CMD_OPEN)               \
	X(CTX_STATUS, 8, 'p', CMD_PRINT)              \
	X(CTX_POLICY, 8, 'p', CMD_PRINT)              \
	X(CTX_SUPERVISOR, 3, 't', CMD_NEXT_TABLE)     \
	X(CTX_SUPERVISOR, 2, 'b', CMD_PREV_TABLE)     \
	X(CTX_SUPERVISOR, 9, 'o', CMD_OPEN)           \
	X(CTX_SUPERVISOR, 7, 'x', CMD_EXPORT)         \
	X(CTX_SUPERVISOR, 5, 'r', CMD_REFRESH)        \
	X(CTX_FORM, 3, 'a', CMD_ADD_MEMBER)           \
	X(CTX_FORM, 4, 'd', CMD_REMOVE_MEMBER)        \
	X(CTX_FORM, 6, 'p', CMD_MEMBER_UP)            \
	X(CTX_FORM, 7, 'o', CMD_MEMBER_DOWN)          \
	X(CTX_FORM, 8, 's', CMD_SAVE)                 \
	X(CTX_FORM, 9, 'e', CMD_MENU)                 \
	X(CTX_MENU, 2, 't', CMD_TICK)                 \
	X(CTX_MENU, 9, 'e', CMD_FILL)                 \
	X(CTX_MENU, 8, 's', CMD_ACCEPT)               \
	X(CTX_MENU, 4, 'd', CMD_REFUSE)               \
	X(CTX_RECEIPT, 8, 'p', CMD_PRINT)

/* The command a key means on screen ctx, CMD_NONE for anything else. */
enum ui_command ui_command_of(enum ui_context ctx, const struct ui_key *key);

/* The label msgid of a command. */
const char *ui_command_label(enum ui_command cmd);

/* Draws the key bar for these commands (CMD_NONE-terminated) as bound on
 * screen ctx, each shown as "F2 New household". */
void ui_command_bar(enum ui_context ctx, const enum ui_command *cmds);

/* F12 / Alt-G: a numbered list of the other screens this role may open,
 * run as chosen; returns when that screen is left (or nothing was chosen). */
struct session;
void ui_goto(struct session *s, enum ui_context from);

/* A box listing every key of screen ctx (F-key, Ctrl key, label) and the
 * given extra lines (NULL-terminated, may be NULL); waits for a key. */
void ui_help_overlay(enum ui_context ctx, const char *const *extra);

#endif
