/* status_screen.c - "how far is my application?": a resident ID typed at
 * the window, every case of that person with its stage, light and expected
 * completion, in the words the applicant is told.
 *
 * The ID is checked here (rid_parse: full-width digits from a Chinese input
 * method are digits) before it goes to the server, which applies the
 * person's scope and logs the lookup. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/receipt.h"
#include "onedoor/resident_id.h"
#include "onedoor/store_screens.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of the printed text, as the receipt's. */
#define PRINT_COLS 72

enum { Q_TRACE = 1, Q_LOOKUP };

struct status_state {
	struct session *s;
	struct ui_screen *sc;
	struct ui_field id;
	char looked_up[RID_LENGTH + 1]; /* the ID of the rows shown, "" before */
	char asked[RID_LENGTH + 1];     /* the ID of the lookup sent */
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
	return _(label_of(LABEL_STAGE, r->stage));
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

static void draw(struct ui_screen *sc, struct session *s)
{
	struct status_state *st = sc->state;
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
			/* Days to the expected completion the applicant is
			 * told, not to the end of the current stage. */
			char left[16] = "";
			if (r->light != CASE_LIGHT_NONE)
				snprintf(left, sizeof left, "%d", r->case_days_left);
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
				 r->days_left < 0 ? -r->days_left : 0);
			ui_text(bottom + 4, 0, ui_cols(), ROLE_LIGHT_RED, true, line);
		}
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_FIND,  CMD_OPEN,     CMD_HISTORY,
					       CMD_PRINT, CMD_PAYMENTS, CMD_NONE};
	ui_command_bar(CTX_STATUS, keys);
	field_draw(&st->id, 1, lw, 20, true);
}

static enum ui_op on_find(struct status_state *st)
{
	struct session *s = st->s;
	struct resident_id rid;
	enum rid_error e = rid_parse(st->id.text, &rid);
	if (e != RID_OK) {
		session_say(s, ROLE_ERROR, "%s", _(rid_error_message(e)));
		return UI_REDRAW;
	}
	field_set(&st->id, rid.text);
	/* The trace of the read first, committed on its own (the server
	 * answers the lookup only then), and the lookup right behind it. */
	struct db_query q;
	screens_status_trace_query(&q, rid.text);
	ui_send(s, st->sc, Q_TRACE, &q);
	db_query_free(&q);
	screens_status_lookup_query(&q, rid.text);
	ui_send(s, st->sc, Q_LOOKUP, &q);
	db_query_free(&q);
	snprintf(st->asked, sizeof st->asked, "%s", rid.text);
	return UI_REDRAW;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct status_state *st = sc->state;
	if (reply->cancelled) /* the loop has said so */
		return UI_REDRAW;
	if (reply->tag == Q_TRACE && reply->status == OD_OK)
		return UI_STAY; /* the lookup follows */
	if (reply->status != OD_OK) {
		st->looked_up[0] = '\0';
		return session_fail(s, _("Cannot look up the status"), reply->d.text);
	}
	int keep = strcmp(st->looked_up, st->asked) == 0 ? st->selected : 0;
	free(st->rows);
	screens_status_lookup_read(reply->result, &st->rows, &st->count);
	snprintf(st->looked_up, sizeof st->looked_up, "%s", st->asked);
	st->selected = keep < st->count ? keep : 0;
	st->top = 0;
	s->status[0] = '\0';
	return UI_REDRAW;
}

static enum ui_op on_open(struct status_state *st)
{
	if (st->count == 0) {
		session_say(st->s, ROLE_INFO, _("Look up a resident ID first."));
		return UI_REDRAW;
	}
	return ui_push(st->s, case_screen_new(st->s, st->rows[st->selected].id));
}

/* Back from a case: it may have moved while it was open. */
static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct status_state *st = sc->state;
	if (*st->looked_up) {
		field_set(&st->id, st->looked_up);
		return on_find(st);
	}
	return UI_STAY;
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

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct status_state *st = sc->state;
	switch (cmd) {
	case CMD_FIND:
		return on_find(st);
	case CMD_OPEN:
		return on_open(st);
	case CMD_HISTORY:
		/* The household of the person looked up, its whole history
		 * (also when it has no case: refused at the window). */
		if (!*st->looked_up)
			return on_open(st);
		return ui_push(s, history_screen_new(s, 0, st->looked_up));
	case CMD_PRINT:
		on_print(st);
		return UI_REDRAW;
	case CMD_PAYMENTS: {
		if (st->count == 0)
			return on_open(st); /* says to look up first */
		const struct status_row *r = &st->rows[st->selected];
		char title[512];
		snprintf(title, sizeof title, "%s  %s  %s", r->case_no, r->item_name[s->lang ? 1 : 0],
			 r->subject_name);
		return ui_push(s, payments_screen_new(s, r->id, title));
	}
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	(void)s;
	struct status_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC) {
		switch (k->code) {
		case KEY_ESCAPE:
			return UI_POP;
		case KEY_RETURN:
		case KEY_ENTER:
			if (!k->paste)
				return on_find(st);
			break;
		case KEY_DOWN:
			st->selected += st->selected + 1 < st->count;
			return UI_REDRAW;
		case KEY_UP:
			st->selected -= st->selected > 0;
			return UI_REDRAW;
		default:
			break;
		}
	}
	return field_edit(&st->id, k) ? UI_REDRAW : UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct status_state *st = sc->state;
	free(st->rows);
	free(st);
}

static const char *const status_help[] = {N_("Enter: look up the resident ID typed"),
					  N_("Up, Down: choose a case"), N_("Esc: back"), NULL};

static const struct ui_screen_ops status_ops = {
	.name = "status",
	.ctx = CTX_STATUS,
	.help = status_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.resume = resume,
	.destroy = destroy,
};

struct ui_screen *status_screen_new(struct session *s)
{
	struct status_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&status_ops, st);
	st->s = s;
	st->sc = sc;
	st->id.max_chars = 24;
	s->status[0] = '\0';
	return sc;
}
