/* prompt.c - one line of text asked on the status line. */
#include "onedoor/ui_prompt.h"

#include "curses_provider.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_field.h"

#include <stdio.h>
#include <string.h>

bool ui_prompt(const char *question, char *out, size_t outsz)
{
	struct ui_field f;
	memset(&f, 0, sizeof f);
	f.max_chars = 200;
	int row = ui_rows() - 2;
	for (;;) {
		int qw = str_width(question) + 1;
		if (qw > ui_cols() / 2)
			qw = ui_cols() / 2;
		ui_text(row, 0, qw, ROLE_ERROR, true, question);
		field_draw(&f, row, qw, ui_cols() - qw, true);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			return false;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_ESCAPE)
			return false;
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_RETURN || key.code == KEY_ENTER)) {
			if (f.len == 0)
				continue;
			snprintf(out, outsz, "%s", f.text);
			return true;
		}
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_RESIZE)
			row = ui_rows() - 2;
		field_edit(&f, &key);
	}
}
