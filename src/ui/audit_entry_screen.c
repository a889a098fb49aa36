/* audit_entry_screen.c - one audit entry whole: who, when, from which
 * terminal, what it concerns, and its content before and after, resident
 * IDs masked.  F9 opens the case it concerns, F3 the history of the
 * household it concerns (its case's, its member's, or itself); the
 * discipline commission may unmask the resident IDs of the people it
 * concerns (F8), which the server records in the trail before it answers. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_accountability.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_county_views.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_ENTRY = 1, Q_TRACE, Q_REVEAL };

struct entry_state {
	struct session *s;
	struct ui_screen *sc;
	long long seq;
	struct audit_detail d;
	bool loaded, found;
	char *revealed;     /* "name  ID" lines once unmasked */
	char **lines;       /* the body, one display line each */
	int n_lines, top;
};

static void add_line(struct entry_state *st, const char *text)
{
	st->lines = xreallocarray(st->lines, (size_t)st->n_lines + 1, sizeof *st->lines);
	st->lines[st->n_lines++] = xstrdup(text);
}

/* Each line of a multi-line text, indented. */
static void add_text(struct entry_state *st, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xmalloc(n + 3);
		snprintf(line, n + 3, "  %.*s", (int)n, p);
		add_line(st, line);
		free(line);
		p += n + (nl != NULL);
	}
}

static void lay_out(struct entry_state *st)
{
	for (int i = 0; i < st->n_lines; i++)
		free(st->lines[i]);
	st->n_lines = 0;
	const struct audit_detail *d = &st->d;
	char line[512], what[160];
	audit_view_action(d->object_type, d->action, what, sizeof what);
	snprintf(line, sizeof line, "%s %lld   %s %s", _("Entry"), d->seq, _("When:"), d->when);
	add_line(st, line);
	snprintf(line, sizeof line, "%s %s (%s)   %s %s", _("Who:"), d->actor,
		 *d->actor_group ? _(label_of(LABEL_ROLE, d->actor_group)) : "-", _("Terminal:"),
		 *d->terminal ? d->terminal : "-");
	add_line(st, line);
	char object[128];
	audit_view_object(d->object_id, object, sizeof object);
	snprintf(line, sizeof line, "%s %s   %s %s", _("What:"), what, _("Record:"), object);
	add_line(st, line);
	if (*d->case_no || *d->household_no) {
		snprintf(line, sizeof line, "%s %s%s%s", _("Concerns:"), d->case_no,
			 *d->case_no && *d->household_no ? "  " : "", d->household_no);
		add_line(st, line);
	}
	if (d->pos > 0)
		snprintf(line, sizeof line, _("Chained at position %lld."), d->pos);
	else
		snprintf(line, sizeof line, "%s", _("Not chained yet (the chainer links it shortly)."));
	add_line(st, line);
	if (st->revealed) {
		add_line(st, _("Resident IDs (this view is recorded in the trail):"));
		add_text(st, *st->revealed ? st->revealed : _("(nobody)"));
	}
	if (*d->before) {
		add_line(st, _("Before:"));
		add_text(st, d->before);
	}
	if (*d->after) {
		add_line(st, _("After:"));
		add_text(st, d->after);
	}
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct entry_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->status != OD_OK) {
		st->loaded = true;
		return session_fail(s,
				    reply->tag == Q_ENTRY ? _("Cannot read the entry")
							  : _("Cannot unmask the IDs"),
				    reply->d.text);
	}
	switch (reply->tag) {
	case Q_ENTRY:
		audit_detail_free(&st->d);
		st->found = audit_entry_read(reply->result, &st->d);
		st->loaded = true;
		if (st->found)
			lay_out(st);
		break;
	case Q_TRACE:
		break; /* the trace is committed: the read comes next */
	case Q_REVEAL:
		free(st->revealed);
		audit_reveal_read(reply->result, &st->revealed);
		lay_out(st);
		session_say(s, ROLE_INFO, _("Unmasked; your view is recorded in the trail."));
		break;
	}
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct entry_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Audit entry"));
	int height = ui_rows() - 3;
	if (!st->loaded)
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("Reading the entry..."));
	else if (!st->found)
		ui_text(1, 0, ui_cols(), ROLE_INFO, true, _("No such entry, or not open to you."));
	if (st->top > st->n_lines - height)
		st->top = st->n_lines - height > 0 ? st->n_lines - height : 0;
	for (int i = 0; i < height && st->top + i < st->n_lines; i++)
		ui_text(1 + i, 0, ui_cols(), i + st->top < 5 ? ROLE_LABEL : ROLE_NORMAL, true,
			st->lines[st->top + i]);
	static const enum ui_command keys[] = {CMD_HELP, CMD_HISTORY, CMD_UNMASK, CMD_OPEN, CMD_NONE};
	ui_command_bar(CTX_AUDIT_ENTRY, keys);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct entry_state *st = sc->state;
	struct db_query q;
	switch (cmd) {
	case CMD_OPEN:
		if (!st->found || st->d.case_id == 0) {
			session_say(s, ROLE_INFO, _("This entry concerns no case."));
			return UI_REDRAW;
		}
		return ui_push(s, case_screen_new(s, st->d.case_id));
	case CMD_HISTORY:
		if (!st->found || !st->d.household_no[0]) {
			session_say(s, ROLE_INFO, _("This entry concerns no household."));
			return UI_REDRAW;
		}
		return ui_push(s, history_screen_of_household(s, st->d.household_no));
	case CMD_UNMASK:
		if (!st->found)
			return UI_STAY;
		audit_reveal_trace_query(&q, st->seq);
		ui_send(s, sc, Q_TRACE, &q);
		db_query_free(&q);
		audit_reveal_query(&q, st->seq);
		ui_send(s, sc, Q_REVEAL, &q);
		db_query_free(&q);
		return UI_REDRAW;
	default:
		return UI_STAY;
	}
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct entry_state *st = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?' && !k->paste)
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	int page = ui_rows() - 4;
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
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct entry_state *st = sc->state;
	audit_detail_free(&st->d);
	for (int i = 0; i < st->n_lines; i++)
		free(st->lines[i]);
	free(st->lines);
	free(st->revealed);
	free(st);
}

static const char *const entry_help[] = {N_("Up, Down, Page Up, Page Down: scroll"),
					 N_("Esc: back"), NULL};

static const struct ui_screen_ops entry_ops = {
	.name = "audit entry",
	.ctx = CTX_AUDIT_ENTRY,
	.help = entry_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.destroy = destroy,
};

struct ui_screen *audit_entry_screen_new(struct session *s, long long seq)
{
	struct entry_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&entry_ops, st);
	st->s = s;
	st->sc = sc;
	st->seq = seq;
	s->status[0] = '\0';
	struct db_query q;
	audit_entry_query(&q, seq);
	ui_send(s, sc, Q_ENTRY, &q);
	db_query_free(&q);
	return sc;
}
