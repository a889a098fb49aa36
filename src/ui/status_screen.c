/* status_screen.c - "how far is my application?": a resident ID typed at
 * the window, every case of that person with its stage, light and expected
 * completion, in the words the applicant is told.
 *
 * The ID is checked here (rid_parse: full-width digits from a Chinese input
 * method are digits) before it goes to the server, which applies the
 * person's scope and logs the lookup. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/receipt.h"
#include "onedoor/resident_id.h"
#include "onedoor/store_screens.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of the printed text, as the receipt's. */
#define PRINT_COLS 72

struct status_state {
	struct session *s;
	struct ui_field id;
	char looked_up[RID_LENGTH + 1]; /* the ID of the rows shown, "" before */
	struct status_row *rows;
	int count;
	int selected, top;
};

/* What the applicant is told about one case: where it is, what happens
 * next and by when. */
static void told(const struct status_state *st, const struct status_row *r, char *out,
		 size_t size)
{
	const char *dept = department_name(&st->s->departments, r->department, st->s->lang);
	if (strcmp(r->stage, "accept") == 0)
		snprintf(out, size, _("Being accepted at %s; expected to be completed by %s."),
			 r->centre_name, r->case_due);
	else if (strcmp(r->stage, "verify") == 0)
		snprintf(out, size,
			 _("The county verification office is checking the household's finances "
			   "(stage due %s); expected to be completed by %s."),
			 r->stage_due, r->case_due);
	else if (strcmp(r->stage, "supervise") == 0)
		snprintf(out, size,
			 _("The county assistance centre is reviewing the file (stage due %s); "
			   "expected to be completed by %s."),
			 r->stage_due, r->case_due);
	else if (strcmp(r->stage, "approve") == 0)
		snprintf(out, size,
			 _("Waiting for the decision of %s (stage due %s); expected to be "
			   "completed by %s."),
			 dept, r->stage_due, r->case_due);
	else if (strcmp(r->stage, "file") == 0)
		snprintf(out, size,
			 _("Approved; being filed at the assistance centre, payment follows "
			   "(due %s)."),
			 r->stage_due);
	else if (strcmp(r->stage, "filed") == 0)
		snprintf(out, size, _("Completed on %s: %s. Payment is made to the bank card."),
			 r->closed_on, r->last_phrase);
	else if (strcmp(r->stage, "refused") == 0)
		snprintf(out, size, _("Ended on %s: %s. Reason: %s"), r->closed_on, r->last_phrase,
			 r->last_reason);
	else if (strcmp(r->stage, "withdrawn") == 0)
		snprintf(out, size, _("Withdrawn on %s. Reason: %s"), r->closed_on, r->last_reason);
	else
		snprintf(out, size, "%s", r->stage);
}

/* The stage in a word; an ended case by its last standard phrase
 * (不同意救助, 撤回申请, ...). */
static const char *stage_word(const struct status_row *r)
{
	if (strcmp(r->stage, "filed") == 0)
		return _("completed");
	if (*r->closed_on && *r->last_phrase)
		return r->last_phrase;
	return stage_label(r->stage);
}

struct columns {
	int light, no, item, stage, due;
};

static struct columns layout(void)
{
	struct columns c = {2, 17, 22, 10, 11};
	int used = c.light + c.no + c.item + c.stage + c.due + 5 + 10;
	if (ui_cols() > used)
		c.item += ui_cols() - used;
	return c;
}

/* One cell of `width` columns and the blank column after it. */
static void cell(int row, int *x, int width, enum ui_role role, enum ui_role gap,
		 const char *text)
{
	ui_text(row, *x, width, role, true, text);
	ui_text(row, *x + width, 1, gap, false, "");
	*x += width + 1;
}

static void draw_row(int row, const struct columns *c, enum ui_role role, enum case_light light,
		     const char *no, const char *item, const char *stage, const char *due,
		     const char *left)
{
	int x = 0;
	/* The light reads without colour too: its letter. */
	cell(row, &x, c->light, light != CASE_LIGHT_NONE ? light_role(light) : role, role,
	     light != CASE_LIGHT_NONE ? light_letter(light) : "");
	cell(row, &x, c->no, role, role, no);
	cell(row, &x, c->item, role, role, item);
	cell(row, &x, c->stage, role, role, stage);
	cell(row, &x, c->due, role, role, due);
	ui_text(row, x, ui_cols() - x, role, true, left);
}

static void draw(struct status_state *st)
{
	struct session *s = st->s;
	ui_clear();
	session_draw_frame(s, _("Status lookup"));
	const char *label = _("Resident ID:");
	int lw = str_width(label) + 1;
	ui_text(1, 0, lw, ROLE_LABEL, false, label);
	int bottom = ui_rows() - 6; /* first row of the explanation */
	struct columns c = layout();
	char line[1024];
	if (!*st->looked_up)
		ui_text(2, 0, ui_cols(), ROLE_INFO, true,
			_("Type the applicant's resident ID and press Enter."));
	else if (st->count == 0)
		ui_text(2, 0, ui_cols(), ROLE_INFO, true,
			_("No case of this person is on record here."));
	else {
		snprintf(line, sizeof line, _("%s: %d case(s)"), st->rows[0].person_name, st->count);
		ui_text(2, 0, ui_cols(), ROLE_NORMAL, true, line);
		draw_row(3, &c, ROLE_HEADER, CASE_LIGHT_NONE, _("Case"), _("Item"), _("Stage"),
			 _("Expected"), _("Days left"));
		ui_hline(4, 0, ui_cols());
		int visible = bottom - 5;
		if (st->selected < st->top)
			st->top = st->selected;
		if (st->selected >= st->top + visible)
			st->top = st->selected - visible + 1;
		for (int i = 0; i < visible && st->top + i < st->count; i++) {
			const struct status_row *r = &st->rows[st->top + i];
			char left[16] = "";
			if (r->light != CASE_LIGHT_NONE)
				snprintf(left, sizeof left, "%d", r->days_left);
			draw_row(5 + i, &c,
				 st->top + i == st->selected ? ROLE_SELECTED : ROLE_NORMAL,
				 r->light, r->case_no, r->item_name[s->lang ? 1 : 0],
				 stage_word(r), *r->closed_on ? r->closed_on : r->case_due,
				 left);
		}
		const struct status_row *r = &st->rows[st->selected];
		ui_hline(bottom, 0, ui_cols());
		snprintf(line, sizeof line, "%s  %s", r->case_no, r->item_name[s->lang ? 1 : 0]);
		ui_text(bottom + 1, 0, ui_cols(), ROLE_HEADER, true, line);
		told(st, r, line, sizeof line);
		/* Two lines for the sentence: it is what the clerk reads out. */
		char first[512];
		str_fit(line, ui_cols(), false, first, sizeof first);
		ui_text(bottom + 2, 0, ui_cols(), ROLE_NORMAL, false, first);
		ui_text(bottom + 3, 0, ui_cols(), ROLE_NORMAL, true, line + strlen(first));
		if (r->light == CASE_LIGHT_RED) {
			snprintf(line, sizeof line,
				 _("Overdue by %d working day(s): the county centre is urging it."),
				 -r->days_left);
			ui_text(bottom + 4, 0, ui_cols(), ROLE_LIGHT_RED, true, line);
		}
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_FIND, CMD_OPEN, CMD_PRINT,
					       CMD_NONE};
	ui_command_bar(CTX_STATUS, keys);
	field_draw(&st->id, 1, lw, 20, true);
}

static void on_find(struct status_state *st)
{
	struct session *s = st->s;
	struct resident_id rid;
	enum rid_error e = rid_parse(st->id.text, &rid);
	if (e != RID_OK) {
		session_say(s, ROLE_ERROR, "%s", _(rid_error_message(e)));
		return;
	}
	field_set(&st->id, rid.text);
	struct diag d;
	free(st->rows);
	st->rows = NULL;
	st->count = st->selected = st->top = 0;
	if (screens_status_lookup(s->db, rid.text, &st->rows, &st->count, &d) != OD_OK) {
		session_say(s, ROLE_ERROR, _("Cannot look up the status: %s"), d.text);
		st->looked_up[0] = '\0';
		return;
	}
	snprintf(st->looked_up, sizeof st->looked_up, "%s", rid.text);
	s->status[0] = '\0';
}

static void on_open(struct status_state *st)
{
	if (st->count == 0) {
		session_say(st->s, ROLE_INFO, _("Look up a resident ID first."));
		return;
	}
	case_screen_run(st->s, st->rows[st->selected].id);
	/* The case may have moved while it was open. */
	char again[RID_LENGTH + 1];
	snprintf(again, sizeof again, "%s", st->looked_up);
	int keep = st->selected;
	field_set(&st->id, again);
	on_find(st);
	if (keep < st->count)
		st->selected = keep;
}

void session_print(struct session *s, const char *name, const char *text)
{
	char path[512];
	struct diag d;
	if (receipt_output(text, name, s->cfg->receipt_dir, s->cfg->printer, path, sizeof path,
			   &d) != OD_OK)
		session_say(s, ROLE_ERROR, _("Printing: %s"), d.text);
	else if (*s->cfg->printer)
		session_say(s, ROLE_INFO, _("Sent to the printer."));
	else if (*path)
		session_say(s, ROLE_INFO, _("Written to %s."), path);
}

/* The status as a text for the applicant, printed and filed like a receipt. */
static void on_print(struct status_state *st)
{
	struct session *s = st->s;
	if (st->count == 0) {
		session_say(s, ROLE_INFO, _("Look up a resident ID first."));
		return;
	}
	struct strbuf text = STRBUF_INIT;
	char line[1024], masked[RID_LENGTH + 1];
	rid_mask(st->looked_up, masked);
	strbuf_printf(&text, "%s\n\n", _("Progress of your social assistance application"));
	strbuf_printf(&text, _("Applicant: %s   Resident ID: %s"), st->rows[0].person_name,
		      masked);
	strbuf_append(&text, "\n");
	strbuf_printf(&text, _("Centre: %s"), s->staff.centre_name);
	strbuf_append(&text, "\n\n");
	for (int i = 0; i < st->count; i++) {
		const struct status_row *r = &st->rows[i];
		strbuf_printf(&text, "%d. %s  %s\n", i + 1, r->case_no,
			      r->item_name[s->lang ? 1 : 0]);
		told(st, r, line, sizeof line);
		/* Lines of the receipt's width, cut on character boundaries. */
		for (const char *p = line; *p;) {
			char part[256];
			str_fit(p, PRINT_COLS - 3, false, part, sizeof part);
			if (!*part)
				break;
			strbuf_printf(&text, "   %s\n", part);
			p += strlen(part);
		}
	}
	char name[96];
	snprintf(name, sizeof name, "status-%s", st->rows[0].application_no);
	session_print(s, name, strbuf_text(&text));
	strbuf_free(&text);
}

static void on_help(struct status_state *st)
{
	(void)st;
	const char *extra[] = {_("Enter: look up the resident ID typed"),
			       _("Up, Down: choose a case"), _("Esc: back"), NULL};
	ui_help_overlay(CTX_STATUS, extra);
}

static const struct {
	enum ui_command cmd;
	void (*run)(struct status_state *st);
} status_handlers[] = {
	{CMD_HELP, on_help},
	{CMD_FIND, on_find},
	{CMD_OPEN, on_open},
	{CMD_PRINT, on_print},
};

void status_screen_run(struct session *s)
{
	struct status_state st;
	memset(&st, 0, sizeof st);
	st.s = s;
	st.id.max_chars = 24;
	s->status[0] = '\0';
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(&st);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			break;
		enum ui_command cmd = ui_command_of(CTX_STATUS, &key);
		if (cmd == CMD_QUIT || (key.kind == KEY_KIND_FUNC &&
					(key.code == KEY_ESCAPE || key.code == CTRL('c'))))
			break;
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_RETURN || key.code == KEY_ENTER))
			cmd = CMD_FIND;
		for (size_t i = 0; i < sizeof status_handlers / sizeof status_handlers[0]; i++)
			if (status_handlers[i].cmd == cmd)
				status_handlers[i].run(&st);
		if (cmd != CMD_NONE)
			continue;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN && st.selected + 1 < st.count)
			st.selected++;
		else if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP && st.selected > 0)
			st.selected--;
		else
			field_edit(&st.id, &key);
	}
	free(st.rows);
	s->status[0] = '\0';
}
