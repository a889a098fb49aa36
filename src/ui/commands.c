/* commands.c - the key table. */
#include "onedoor/ui_commands.h"

#include "curses_provider.h"
#include "onedoor/i18n.h"

#include <stdio.h>

static const struct {
	enum ui_command cmd;
	int fkey;
	char ctrl;
	const char *label;
	const char *fname, *cname;
} table[] = {
#define UI_CMD_ROW(cmd, fkey, ctrl, label) \
	{cmd, fkey, ctrl, label, "F" #fkey, "^" #ctrl},
	UI_COMMAND_LIST(UI_CMD_ROW)
#undef UI_CMD_ROW
};

enum ui_command ui_command_of(const struct ui_key *key)
{
	if (key->kind != KEY_KIND_FUNC)
		return CMD_NONE;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (key->code == KEY_F(table[i].fkey) || key->code == CTRL(table[i].ctrl))
			return table[i].cmd;
	return CMD_NONE;
}

static size_t index_of(enum ui_command cmd)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].cmd == cmd)
			return i;
	return 0;
}

const char *ui_command_fkey(enum ui_command cmd)
{
	return table[index_of(cmd)].fname;
}

const char *ui_command_ctrl(enum ui_command cmd)
{
	return table[index_of(cmd)].cname;
}

const char *ui_command_label(enum ui_command cmd)
{
	return table[index_of(cmd)].label;
}

void ui_command_bar(const enum ui_command *cmds)
{
	const char *pairs[32];
	int n = 0;
	for (int i = 0; cmds[i] != CMD_NONE && n < 30; i++) {
		pairs[n++] = ui_command_fkey(cmds[i]);
		pairs[n++] = _(ui_command_label(cmds[i]));
	}
	pairs[n] = NULL;
	pairs[n + 1 < 32 ? n + 1 : 31] = NULL;
	ui_key_bar(pairs);
}
