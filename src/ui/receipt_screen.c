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

static void show(struct session *s, const char *application_no, const char *text)
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

void receipt_issue(struct session *s, const char *application_no, const char *applicant_name,
		   const char *applicant_id_masked, const char *accepted_by, const char *date,
		   const struct receipt_item *items, int n_items)
{
	struct receipt_case rc[64];
	int n = n_items < 64 ? n_items : 64;
	for (int i = 0; i < n; i++) {
		const struct receipt_item *it = &items[i];
		int k = s->catalogue ? catalogue_find_item(s->catalogue, it->item_code,
							    strlen(it->item_code))
				     : -1;
		const struct cat_item *ci = k >= 0 ? &s->catalogue->items[k] : NULL;
		rc[i] = (struct receipt_case){
			.case_no = it->case_no,
			.item_name = ci ? (s->lang ? ci->name_en : ci->name_zh) : it->item_code,
			.department = ci ? department_name(&s->departments, ci->department, s->lang) : "",
			.due_date = it->due_date,
			.materials = ci ? (const char *const *)ci->materials : NULL,
			.n_materials = ci ? ci->n_materials : 0,
			.has_amount = it->has_amount,
			.monthly = ci && strcmp(ci->amount_period, "monthly") == 0,
			.amount = it->amount,
		};
	}
	struct receipt r = {
		.lang = s->lang,
		.centre_name = s->staff.centre_name,
		.window = s->cfg->window,
		.clerk_name = accepted_by,
		.date = date,
		.application_no = application_no,
		.applicant_name = applicant_name,
		.applicant_id = applicant_id_masked,
		.cases = rc,
		.n_cases = n,
	};
	struct strbuf text = STRBUF_INIT;
	receipt_format(&r, &text);
	show(s, application_no, strbuf_text(&text));
	strbuf_free(&text);
}
