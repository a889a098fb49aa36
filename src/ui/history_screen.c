/* history_screen.c - a household's whole history, pushed over the case
 * screen or the status lookup: what it receives now, every application with
 * its cases, decisions and the state of each benefit, and every version of
 * its facts with who changed what, when and why.
 *
 * The household is found from a case or a person's resident ID (the
 * reader's scope), the history's read trace committed by that same
 * statement; the versions and the cases follow in order.  Read-only: nothing here changes the household. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/resident_id.h"
#include "onedoor/store_lifecycle.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_HOUSEHOLD = 1, Q_VERSIONS, Q_CASES };

struct history_line {
	char text[640];
	enum ui_role role;
	int indent;
};

struct history_state {
	struct session *s;
	struct ui_screen *sc;
	long long case_id;              /* 0: by the person or the number */
	char open_no[40];               /* by the household's number when set */
	char resident_id[RID_LENGTH + 1];
	char household_no[40];
	struct history_change *versions;
	int n_versions;
	struct history_case *cases;
	int n_cases;
	bool have_versions, have_cases;
	struct history_line *lines;
	int n_lines, top;
};

static void add(struct history_state *st, enum ui_role role, int indent, const char *text)
{
	st->lines = xreallocarray(st->lines, (size_t)st->n_lines + 1, sizeof *st->lines);
	struct history_line *l = &st->lines[st->n_lines++];
	snprintf(l->text, sizeof l->text, "%s", text);
	l->role = role;
	l->indent = indent;
}

/* The lines shown, from what has come. */
static void build(struct history_state *st)
{
	struct session *s = st->s;
	char line[640];
	st->n_lines = 0;
	add(st, ROLE_HEADER, 0, _(" Receiving now "));
	int held = 0;
	for (int i = 0; i < st->n_cases; i++)
		if (history_view_benefit(&st->cases[i], session_item_name(s, st->cases[i].item_code), line,
					 sizeof line)) {
			add(st, strcmp(st->cases[i].benefit_state, "in_force") == 0 ? ROLE_NORMAL
										 : ROLE_ERROR,
			    2, line);
			held++;
		}
	if (!held)
		add(st, ROLE_INFO, 2, st->have_cases ? _("Nothing in force.") : _("Reading..."));
	add(st, ROLE_HEADER, 0, _(" Applications and decisions "));
	for (int i = 0; i < st->n_cases; i++) {
		const struct history_case *c = &st->cases[i];
		if (i == 0 || strcmp(c->application_no, st->cases[i - 1].application_no) != 0) {
			snprintf(line, sizeof line, "%s  %s  %s", c->registered, c->application_no,
				 _(label_of(LABEL_APP_STATUS, c->app_status)));
			add(st, ROLE_LABEL, 1, line);
		}
		if (*c->case_no) {
			history_view_case(c, session_item_name(s, c->item_code), line, sizeof line);
			add(st, ROLE_NORMAL, 4, line);
			if (*c->state_reason) {
				snprintf(line, sizeof line, _("reason: %s"), c->state_reason);
				add(st, ROLE_INFO, 6, line);
			}
		}
	}
	add(st, ROLE_HEADER, 0, _(" Versions of the household's facts "));
	for (int i = 0; i < st->n_versions; i++) {
		const struct history_change *c = &st->versions[i];
		if (i == 0 || c->version != st->versions[i - 1].version) {
			history_view_version(c, line, sizeof line);
			add(st, ROLE_LABEL, 1, line);
		}
		history_view_change(s->household_form, s->lang, c, line, sizeof line);
		if (*line)
			add(st, ROLE_NORMAL, 4, line);
	}
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct history_state *st = sc->state;
	ui_clear();
	char title[96];
	snprintf(title, sizeof title, _("Household history %s"), st->household_no);
	session_draw_frame(s, title);
	int rows = ui_rows() - 4;
	if (st->top > st->n_lines - rows)
		st->top = st->n_lines - rows > 0 ? st->n_lines - rows : 0;
	if (!st->have_versions && !st->household_no[0])
		ui_text(2, 0, ui_cols(), ROLE_INFO, true, _("Reading the household's history..."));
	for (int i = 0; i < rows && st->top + i < st->n_lines; i++) {
		const struct history_line *l = &st->lines[st->top + i];
		if (l->role == ROLE_HEADER) {
			ui_hline(2 + i, 0, ui_cols());
			ui_text(2 + i, 2, str_width(l->text), ROLE_HEADER, false, l->text);
		} else {
			ui_text(2 + i, l->indent, ui_cols() - l->indent, l->role, true, l->text);
		}
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_REFRESH, CMD_NONE};
	ui_command_bar(CTX_HISTORY, keys);
	ui_cursor(-1, 0);
}

static void load(struct history_state *st)
{
	struct db_query q;
	char id[24];
	snprintf(id, sizeof id, "%lld", st->case_id);
	if (st->open_no[0])
		lifecycle_history_trace_no_query(&q, st->open_no);
	else
		lifecycle_history_trace_query(&q, st->case_id ? id : NULL,
					      st->case_id ? NULL : st->resident_id);
	ui_send(st->s, st->sc, Q_HOUSEHOLD, &q);
	db_query_free(&q);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct history_state *st = sc->state;
	if (reply->cancelled)
		return st->household_no[0] ? UI_REDRAW : UI_POP;
	if (reply->status == OD_ERR_NOT_FOUND && !st->household_no[0]) {
		session_say(s, ROLE_ERROR, _("No household of this person is yours to see."));
		return UI_POP;
	}
	if (reply->status != OD_OK) {
		session_fail(s, _("Cannot read the household's history"), reply->d.text);
		return st->have_versions ? UI_REDRAW : UI_POP;
	}
	struct db_query reads[2];
	const int tags[2] = {Q_VERSIONS, Q_CASES};
	switch (reply->tag) {
	case Q_HOUSEHOLD:
		if (!lifecycle_history_trace_read(reply->result, st->household_no)) {
			session_say(s, ROLE_ERROR, _("No household of this person is yours to see."));
			return UI_POP;
		}
		/* Its versions and its applications, in one round trip. */
		lifecycle_history_versions_query(&reads[0], st->household_no);
		lifecycle_history_cases_query(&reads[1], st->household_no);
		ui_send_together(s, sc, tags, reads, 2);
		db_query_free(&reads[0]);
		db_query_free(&reads[1]);
		return UI_REDRAW;
	case Q_VERSIONS:
		free(st->versions);
		lifecycle_history_versions_read(reply->result, &st->versions, &st->n_versions);
		st->have_versions = true;
		break;
	case Q_CASES:
		free(st->cases);
		lifecycle_history_cases_read(reply->result, &st->cases, &st->n_cases);
		st->have_cases = true;
		break;
	default:
		return UI_STAY;
	}
	build(st);
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	(void)s;
	if (cmd == CMD_REFRESH) {
		load(sc->state);
		return UI_REDRAW;
	}
	return UI_STAY;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	(void)s;
	struct history_state *st = sc->state;
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 5;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		st->top++;
		break;
	case KEY_UP:
		st->top -= st->top > 0;
		break;
	case KEY_NPAGE:
		st->top += page;
		break;
	case KEY_PPAGE:
		st->top = st->top > page ? st->top - page : 0;
		break;
	case KEY_HOME:
		st->top = 0;
		break;
	case KEY_END:
		st->top = st->n_lines;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct history_state *st = sc->state;
	free(st->versions);
	free(st->cases);
	free(st->lines);
	free(st);
}

static const char *const history_help[] = {
	N_("Up, Down, PgUp, PgDn, Home, End: scroll the history"), N_("Esc: back"), NULL};

static const struct ui_screen_ops history_ops = {
	.name = "history",
	.ctx = CTX_HISTORY,
	.help = history_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.destroy = destroy,
};

static struct ui_screen *history_open(struct session *s, long long case_id,
				      const char *resident_id, const char *household_no)
{
	struct history_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&history_ops, st);
	st->s = s;
	st->sc = sc;
	st->case_id = case_id;
	snprintf(st->resident_id, sizeof st->resident_id, "%s", resident_id ? resident_id : "");
	snprintf(st->open_no, sizeof st->open_no, "%s", household_no ? household_no : "");
	s->status[0] = '\0';
	load(st);
	return sc;
}

struct ui_screen *history_screen_new(struct session *s, long long case_id,
				     const char *resident_id)
{
	return history_open(s, case_id, resident_id, NULL);
}

struct ui_screen *history_screen_of_household(struct session *s, const char *household_no)
{
	return history_open(s, 0, NULL, household_no);
}
