/* complaints_screen.c - the complaints register (投诉举报): complaints
 * taken at the window, on the 12388 line or from another channel, about a
 * case, a staff member, a centre or a department; each with its limit in
 * working days and its light, closed with an outcome and a note.
 *
 * The server numbers them, sets the limit (the county's, which its
 * administrator sets here, 0079_complaint_limits.sql) and decides who sees
 * and closes which (0016_accountability.sql); the staff member a complaint
 * names never sees it.  A new complaint is asked question by question; when the
 * server refuses it, the answers are asked again with what was typed
 * already filled in, so nothing typed is lost. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_accountability.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_county_views.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_table.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_LIST = 1, Q_RECORD, Q_CLOSE, Q_LIMIT };
enum {
	ASK_CHANNEL = 1,
	ASK_COMPLAINANT,
	ASK_PHONE,
	ASK_ABOUT,
	ASK_ABOUT_VALUE,
	ASK_BODY,
	ASK_OUTCOME,
	ASK_OUTCOME_NOTE,
	ASK_EXPORT,
	ASK_LIMIT,
};

struct complaints_state {
	struct session *s;
	struct ui_screen *sc;
	bool all;                  /* closed ones too */
	struct complaint_row *rows;
	int count;
	struct complaint_limit limit; /* the reader's county's, read with the list */
	struct ui_table table;
	bool loaded;
	struct complaint_input input; /* the complaint being typed (kept after a refusal) */
	bool retry;                /* ask again with the answers typed */
	char outcome[16];          /* the outcome being recorded */
	char closing[32];          /* of this complaint */
	int closing_version;
	char request_id[37];
	int limit_asked;           /* the limit being set */
};

/* The letters the questions offer, and the codes the server takes. */
struct letter_code {
	char letter;
	const char *code;
};
static const struct letter_code channels[] = {
	{'w', "window"}, {'h', "hotline"}, {'o', "online"}, {'l', "letter"}, {'v', "visit"}, {0, ""}};
static const struct letter_code abouts[] = {
	{'c', "case"}, {'s', "staff"}, {'t', "centre"}, {'d', "department"}, {0, ""}};
static const struct letter_code outcomes[] = {{'u', "upheld"},	   {'p', "partly_upheld"},
					      {'n', "not_upheld"}, {'w', "withdrawn"},
					      {0, ""}};

static void reload(struct complaints_state *st)
{
	struct db_query q;
	complaint_list_query(&q, !st->all);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static enum case_light light_of(const char *light)
{
	return strcmp(light, "red") == 0	  ? CASE_LIGHT_RED
	       : strcmp(light, "yellow") == 0 ? CASE_LIGHT_YELLOW
	       : strcmp(light, "green") == 0  ? CASE_LIGHT_GREEN
					      : CASE_LIGHT_NONE;
}

/* What a complaint is about, in words. */
static void about_text(const struct complaints_state *st, const struct complaint_row *c,
		       char *out, size_t n)
{
	if (*c->case_no)
		snprintf(out, n, "%s %s", _("case"), c->case_no);
	else if (*c->about_staff_name)
		snprintf(out, n, "%s %s", _("staff"), c->about_staff_name);
	else if (*c->about_department)
		snprintf(out, n, "%s", department_name(&st->s->departments, c->about_department,
						       st->s->lang));
	else
		snprintf(out, n, "%s %s", _("centre"), c->about_centre);
}

static void build(struct complaints_state *st)
{
	struct ui_table *t = &st->table;
	int selected = t->selected;
	/* The number carries the day received (TS + date + sequence). */
	const char *heads[] = {"",	 _("Number"), _("Channel"), _("About"),
			       _("From"), _("Due"),    _("Outcome")};
	const int widths[] = {1, 15, 9, 17, 8, 10, 10};
	ui_table_columns(t, 7, heads, widths, 3, -1);
	for (int i = 0; i < st->count; i++) {
		const struct complaint_row *c = &st->rows[i];
		struct ui_table_row *r = ui_table_add(t);
		enum case_light light = light_of(c->light);
		snprintf(r->key, sizeof r->key, "%s", c->complaint_no);
		ui_table_cell(r, 0, "%s", light_letter(light));
		r->role[0] = light_role(light);
		ui_table_cell(r, 1, "%s", c->complaint_no);
		ui_table_cell(r, 2, "%s", _(label_of(LABEL_CHANNEL, c->channel)));
		about_text(st, c, r->cell[3], sizeof r->cell[3]);
		ui_table_cell(r, 4, "%s", c->complainant);
		ui_table_cell(r, 5, "%s", c->due_on);
		ui_table_cell(r, 6, "%s", *c->outcome ? _(label_of(LABEL_OUTCOME, c->outcome)) : "");
		if (c->closed_late)
			r->role[6] = ROLE_LIGHT_RED;
	}
	t->selected = selected;
}

static const struct complaint_row *selected_row(const struct complaints_state *st)
{
	const struct ui_table_row *r = ui_table_selected(&st->table);
	for (int i = 0; r && i < st->count; i++)
		if (strcmp(st->rows[i].complaint_no, r->key) == 0)
			return &st->rows[i];
	return NULL;
}

/* A county's administrator, bound to a county, sets its limit. */
static bool may_set_limit(const struct complaints_state *st)
{
	return strcmp(st->s->staff.role_group, "admin") == 0 && st->limit.county[0];
}

/* Asks the limit, with the one in force; after a refusal, again with what
 * was typed and why it was refused. */
static enum ui_op ask_limit(struct complaints_state *st, const char *refused)
{
	char now[16];
	snprintf(now, sizeof now, "%d", st->limit.days);
	return ui_ask_with(st->s, st->sc, ASK_LIMIT,
			   refused ? _("A whole number of working days, 1 to 60, please:")
				   : _("Working days to answer a complaint in this county (1-60):"),
			   refused ? refused : now);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct complaints_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	switch (reply->tag) {
	case Q_LIST:
		st->loaded = true;
		if (reply->status != OD_OK)
			return session_fail(s, _("Cannot read the complaints"), reply->d.text);
		free(st->rows);
		complaint_list_read(reply->result, &st->rows, &st->count, &st->limit);
		build(st);
		return UI_REDRAW;
	case Q_RECORD:
		if (reply->status != OD_OK) {
			st->retry = true; /* F2 asks again with the answers typed */
			session_fail(s, _("Not recorded (F2 to correct it)"), reply->d.text);
			return UI_REDRAW;
		}
		st->retry = false;
		memset(&st->input, 0, sizeof st->input);
		session_say(s, ROLE_INFO, _("Complaint %s recorded; the answer is due by %s."),
			    db_value(reply->result, 0, "complaint_no"),
			    db_value(reply->result, 0, "due_on"));
		reload(st);
		return UI_REDRAW;
	case Q_LIMIT:
		if (reply->status != OD_OK)
			return session_fail(s, _("The limit was not changed"), reply->d.text);
		session_say(s, ROLE_INFO,
			    _("Complaints received from now on are to be answered within %d working days."),
			    st->limit_asked);
		reload(st);
		return UI_REDRAW;
	case Q_CLOSE:
		if (reply->status != OD_OK)
			return session_fail(s, _("Not closed"), reply->d.text);
		session_say(s, ROLE_INFO, _("Complaint %s closed."), st->closing);
		reload(st);
		return UI_REDRAW;
	}
	return UI_STAY;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct complaints_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Complaints"));
	char line[256];
	if (!st->loaded)
		snprintf(line, sizeof line, "%s", _("Reading..."));
	else
		snprintf(line, sizeof line, "%s (%d)",
			 st->all ? _("All complaints, newest first")
				 : _("Open complaints, the answer due soonest first"),
			 st->count);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	if (st->loaded) {
		complaint_limit_text(&st->limit, line, sizeof line);
		ui_text(2, 0, ui_cols(), ROLE_INFO, false, line);
	}
	ui_table_draw(&st->table, 3, ui_rows() - 5);
	if (st->loaded && st->count == 0)
		ui_text(5, 0, ui_cols(), ROLE_INFO, true, _("Nothing to show."));
	/* The limit's key only for the county's administrator: the server
	 * refuses everyone else. */
	enum ui_command keys[] = {CMD_HELP,	    CMD_NEW_COMPLAINT, CMD_CLOSE_COMPLAINT,
				  CMD_OPEN,	    CMD_TOGGLE_ENDED,  CMD_EXPORT,
				  CMD_NONE,	    CMD_NONE};
	if (may_set_limit(st))
		keys[6] = CMD_COMPLAINT_LIMIT;
	ui_command_bar(CTX_COMPLAINTS, keys);
	ui_cursor(-1, 0);
}

/* The whole complaint in a box. */
static enum ui_op show(struct complaints_state *st)
{
	const struct complaint_row *c = selected_row(st);
	if (!c)
		return UI_STAY;
	char about[192], text[6000];
	about_text(st, c, about, sizeof about);
	snprintf(text, sizeof text, "%s %s\n%s %s %s\n%s %s\n%s %s\n\n%s\n\n%s %s%s%s",
		 _("Received:"), c->received_on, _("From:"), c->complainant, c->phone,
		 _("About:"), about, _("Due:"), c->due_on, c->body, _("Outcome:"),
		 *c->outcome ? _(label_of(LABEL_OUTCOME, c->outcome)) : _("open"),
		 *c->outcome_note ? "\n" : "", c->outcome_note);
	return ui_message(st->s, c->complaint_no, text);
}

static void export_to(struct complaints_state *st, const char *path)
{
	struct strbuf csv = STRBUF_INIT;
	ui_table_csv(&st->table, &csv);
	ui_export_write(st->s, path, &csv, st->table.count);
	strbuf_free(&csv);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct complaints_state *st = sc->state;
	const struct complaint_row *c;
	char path[1024];
	switch (cmd) {
	case CMD_NEW_COMPLAINT:
		if (!st->retry)
			memset(&st->input, 0, sizeof st->input);
		return ui_choose(s, sc, ASK_CHANNEL,
				 _("Channel: w window, h 12388 hotline, o online, l letter, v visit"),
				 "wholv");
	case CMD_CLOSE_COMPLAINT:
		c = selected_row(st);
		if (!c)
			return UI_STAY;
		snprintf(st->closing, sizeof st->closing, "%s", c->complaint_no);
		st->closing_version = c->version;
		return ui_choose(s, sc, ASK_OUTCOME,
				 _("Outcome: u upheld, p partly upheld, n not upheld, w withdrawn"),
				 "upnw");
	case CMD_OPEN:
		return show(st);
	case CMD_COMPLAINT_LIMIT:
		if (!may_set_limit(st))
			return UI_STAY;
		return ask_limit(st, NULL);
	case CMD_TOGGLE_ENDED:
		st->all = !st->all;
		reload(st);
		return UI_REDRAW;
	case CMD_REFRESH:
		reload(st);
		return UI_REDRAW;
	case CMD_EXPORT:
		if (!ui_export_path(s, "complaints", st->all ? "all" : "open", path, sizeof path))
			return ui_ask(s, sc, ASK_EXPORT, _("Export to file:"));
		export_to(st, path);
		return UI_REDRAW;
	default:
		return UI_STAY;
	}
}

static const char *code_of_letter(const struct letter_code *list, char letter)
{
	while (list->letter && list->letter != letter)
		list++;
	return list->code;
}

static void send_record(struct complaints_state *st)
{
	struct strbuf json = STRBUF_INIT;
	complaint_json(&st->input, &json);
	struct db_query q;
	db_new_request_id(st->request_id);
	complaint_record_query(&q, st->request_id, strbuf_text(&json));
	ui_send(st->s, st->sc, Q_RECORD, &q);
	db_query_free(&q);
	strbuf_free(&json);
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct complaints_state *st = sc->state;
	struct complaint_input *in = &st->input;
	struct db_query q;
	if (!text)
		return UI_REDRAW;
	switch (tag) {
	case ASK_CHANNEL:
		snprintf(in->channel, sizeof in->channel, "%s", code_of_letter(channels, text[0]));
		return ui_ask_with(s, sc, ASK_COMPLAINANT, _("Complainant's name:"), in->complainant);
	case ASK_COMPLAINANT:
		snprintf(in->complainant, sizeof in->complainant, "%s", text);
		return ui_ask_optional(s, sc, ASK_PHONE, _("Phone (may be empty):"), in->phone);
	case ASK_PHONE:
		snprintf(in->phone, sizeof in->phone, "%s", text);
		return ui_choose(s, sc, ASK_ABOUT,
				 _("About: c a case, s a staff member, t a centre, d a department"),
				 "cstd");
	case ASK_ABOUT:
		snprintf(in->about, sizeof in->about, "%s", code_of_letter(abouts, text[0]));
		return ui_ask_with(s, sc, ASK_ABOUT_VALUE,
				   strcmp(in->about, "case") == 0    ? _("Case number:")
				   : strcmp(in->about, "staff") == 0 ? _("Staff member's login:")
				   : strcmp(in->about, "centre") == 0
					   ? _("Centre code:")
					   : _("Department code:"),
				   in->about_value);
	case ASK_ABOUT_VALUE:
		snprintf(in->about_value, sizeof in->about_value, "%s", text);
		return ui_ask_with(s, sc, ASK_BODY, _("What is the complaint:"), in->body);
	case ASK_BODY:
		snprintf(in->body, sizeof in->body, "%s", text);
		send_record(st);
		return UI_REDRAW;
	case ASK_OUTCOME:
		snprintf(st->outcome, sizeof st->outcome, "%s", code_of_letter(outcomes, text[0]));
		return ui_ask(s, sc, ASK_OUTCOME_NOTE, _("What was found and done:"));
	case ASK_OUTCOME_NOTE:
		db_new_request_id(st->request_id);
		complaint_close_query(&q, st->request_id, st->closing, st->closing_version,
				      st->outcome, text);
		ui_send(s, sc, Q_CLOSE, &q);
		db_query_free(&q);
		return UI_REDRAW;
	case ASK_EXPORT:
		export_to(st, text);
		return UI_REDRAW;
	case ASK_LIMIT:
		if (!complaint_limit_parse(text, &st->limit_asked))
			return ask_limit(st, text);
		db_new_request_id(st->request_id);
		complaint_limit_set_query(&q, st->request_id, st->limit_asked, st->limit.version);
		ui_send(s, sc, Q_LIMIT, &q);
		db_query_free(&q);
		return UI_REDRAW;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct complaints_state *st = sc->state;
	enum ui_op op;
	if (k->kind == KEY_KIND_FUNC && (k->code == KEY_RETURN || k->code == KEY_ENTER))
		return show(st);
	return ui_table_key(s, sc, &st->table, k, 7, &op) ? op : UI_STAY;
}

static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct complaints_state *st = sc->state;
	ui_table_free(&st->table);
	free(st->rows);
	free(st);
}

static const char *const complaints_help[] = {
	N_("Up, Down, Page Up, Page Down: move in the list"), N_("Enter: the complaint whole"),
	N_("Esc: back"), NULL};

static const struct ui_screen_ops complaints_ops = {
	.name = "complaints",
	.ctx = CTX_COMPLAINTS,
	.help = complaints_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = resume,
	.destroy = destroy,
};

struct ui_screen *complaints_screen_new(struct session *s)
{
	struct complaints_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&complaints_ops, st);
	st->s = s;
	st->sc = sc;
	st->table.bar_col = -1;
	s->status[0] = '\0';
	reload(st);
	return sc;
}
