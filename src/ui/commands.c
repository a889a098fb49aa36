/* commands.c - the binding table, the key bar and the help overlay. */
#include "onedoor/ui_commands.h"

#include "curses_provider.h"
#include "onedoor/text_width.h"

#include <stdio.h>

static const char *const labels[] = {
	"",
#define UI_CMD_LABEL(cmd, label) label,
	UI_COMMAND_LIST(UI_CMD_LABEL)
#undef UI_CMD_LABEL
};

static const struct binding {
	enum ui_context ctx;
	int fkey;
	char ctrl;
	enum ui_command cmd;
} bindings[] = {
#define UI_BIND_ROW(ctx, fkey, ctrl, cmd) {ctx, fkey, ctrl, cmd},
	UI_BINDING_LIST(UI_BIND_ROW)
#undef UI_BIND_ROW
};
#define BINDING_COUNT (sizeof bindings / sizeof bindings[0])

static const struct binding *find_key(enum ui_context ctx, const struct ui_key *key)
{
	const struct binding *any = NULL;
	for (size_t i = 0; i < BINDING_COUNT; i++) {
		const struct binding *b = &bindings[i];
		bool alt = b->ctrl >= 'A' && b->ctrl <= 'Z';
		bool hit = key->kind == KEY_KIND_FUNC
				   ? key->code == KEY_F(b->fkey) || (!alt && key->code == CTRL(b->ctrl))
				   : alt && key->alt && key->ch == (uint32_t)(b->ctrl - 'A' + 'a');
		if (!hit)
			continue;
		if (b->ctx == ctx)
			return b;
		if (b->ctx == CTX_ANY)
			any = b;
	}
	return any;
}

enum ui_command ui_command_of(enum ui_context ctx, const struct ui_key *key)
{
	if (key->kind != KEY_KIND_FUNC && !key->alt)
		return CMD_NONE;
	const struct binding *b = find_key(ctx, key);
	return b ? b->cmd : CMD_NONE;
}

const char *ui_command_label(enum ui_command cmd)
{
	return labels[cmd];
}

static const struct binding *binding_of(enum ui_context ctx, enum ui_command cmd)
{
	const struct binding *any = NULL;
	for (size_t i = 0; i < BINDING_COUNT; i++) {
		if (bindings[i].cmd != cmd)
			continue;
		if (bindings[i].ctx == ctx)
			return &bindings[i];
		if (bindings[i].ctx == CTX_ANY)
			any = &bindings[i];
	}
	return any;
}

void ui_command_bar(enum ui_context ctx, const enum ui_command *cmds)
{
	static char names[16][8];
	const char *pairs[34];
	int n = 0;
	for (int i = 0; cmds[i] != CMD_NONE && i < 16; i++) {
		const struct binding *b = binding_of(ctx, cmds[i]);
		if (!b)
			continue;
		snprintf(names[i], sizeof names[i], "F%d", b->fkey);
		pairs[n++] = names[i];
		pairs[n++] = _(labels[cmds[i]]);
	}
	pairs[n] = NULL;
	pairs[n + 1] = NULL;
	ui_key_bar(pairs);
}

void ui_help_overlay(enum ui_context ctx, const char *const *extra)
{
	const char *lines[40];
	char keys[32][64];
	int n = 0;
	for (size_t i = 0; i < BINDING_COUNT && n < 32; i++) {
		const struct binding *b = &bindings[i];
		if (b->ctx != ctx && !(b->ctx == CTX_ANY && binding_of(ctx, b->cmd) == b))
			continue;
		bool alt = b->ctrl >= 'A' && b->ctrl <= 'Z';
		snprintf(keys[n], sizeof keys[n], "F%-2d  %s-%c   %s", b->fkey, alt ? "Alt" : "Ctrl",
			 alt ? b->ctrl : b->ctrl - 'a' + 'A', _(labels[b->cmd]));
		lines[n] = keys[n];
		n++;
	}
	int keys_end = n;
	for (int i = 0; extra && extra[i] && n < 40; i++)
		lines[n++] = extra[i];
	int width = 0;
	for (int i = 0; i < n; i++)
		if (str_width(lines[i]) > width)
			width = str_width(lines[i]);
	width += 4;
	if (width > ui_cols() - 2)
		width = ui_cols() - 2;
	int height = n + 4 + (n > keys_end);
	int top = (ui_rows() - height) / 2, left = (ui_cols() - width) / 2;
	if (top < 1)
		top = 1;
	WINDOW *box_win = newwin(height, width, top, left);
	if (!box_win)
		return;
	werase(box_win);
	box(box_win, 0, 0);
	mvwaddstr(box_win, 0, 2, _(" Keys on this screen "));
	wnoutrefresh(stdscr);
	for (int i = 0, row = 2; i < n; i++, row++) {
		if (i == keys_end)
			row++;
		char cut[256];
		str_fit(lines[i], width - 4, true, cut, sizeof cut);
		mvwaddstr(box_win, row, 2, cut);
	}
	wnoutrefresh(box_win);
	ui_cursor(-1, 0);
	ui_wait_key(-1, -1);
	delwin(box_win);
	touchwin(stdscr);
}
