/* receipt_screen.c - the receipt as the applicant gets it, written to the
 * receipt folder and sent to the printer; F8 prints it again. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/receipt.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <string.h>

static void output(struct session *s, const char *application_no, const char *text, bool file)
{
	char path[512];
	struct diag d;
	if (receipt_output(text, application_no, file ? s->cfg->receipt_dir : "", s->cfg->printer,
			   path, sizeof path, &d) != OD_OK)
		session_say(s, ROLE_ERROR, _("Receipt: %s"), d.text);
	else if (*s->cfg->printer)
		session_say(s, ROLE_INFO, _("Receipt sent to the printer."));
	else if (*path)
		session_say(s, ROLE_INFO, _("Receipt written to %s."), path);
}

void receipt_screen_run(struct session *s, const char *application_no, const char *text)
{
	output(s, application_no, text, true);
	int top = 0;
	int lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	for (;;) {
		ui_clear();
		session_draw_frame(s, _("Receipt"));
		int rows = ui_rows() - 4;
		const char *p = text;
		for (int n = 0; n < top + rows && *p; n++) {
			const char *end = strchr(p, '\n');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (n >= top) {
				char line[512];
				snprintf(line, sizeof line, "%.*s", (int)len, p);
				ui_text(1 + n - top, 2, ui_cols() - 2, ROLE_NORMAL, true, line);
			}
			p += len + (end ? 1 : 0);
		}
		static const enum ui_command keys[] = {CMD_HELP, CMD_PRINT, CMD_NONE};
		ui_command_bar(CTX_RECEIPT, keys);
		ui_cursor(-1, 0);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			return;
		if (key.kind == KEY_KIND_FUNC &&
		    (key.code == KEY_ESCAPE || key.code == KEY_RETURN || key.code == CTRL('c')))
			return;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN && top + rows < lines)
			top++;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP && top > 0)
			top--;
		enum ui_command cmd = ui_command_of(CTX_RECEIPT, &key);
		if (cmd == CMD_PRINT)
			output(s, application_no, text, false);
		else if (cmd == CMD_HELP) {
			const char *extra[] = {_("Enter, Esc: done"), NULL};
			ui_help_overlay(CTX_RECEIPT, extra);
		}
	}
}
