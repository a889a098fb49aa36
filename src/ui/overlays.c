/* overlays.c - the small screens drawn over another: F1 help, F12 go-to,
 * a question on the status line, a yes/no confirmation, and a long
 * message in a scrolling box.  Each is an ordinary screen on the stack
 * (ops.overlay), so the screen beneath keeps drawing and the loop keeps
 * its one wait. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_views.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_key(const struct ui_key *k, int code)
{
	return k->kind == KEY_KIND_FUNC && k->code == code;
}

static bool is_enter(const struct ui_key *k)
{
	return is_key(k, KEY_RETURN) || is_key(k, KEY_ENTER) || is_key(k, '\n');
}

/* A scrolling box of lines ------------------------------------------------ */

struct text_box {
	char title[128];
	char **lines;
	int count, top;
	int width; /* columns of the text inside */
};

static void box_add(struct text_box *b, const char *line)
{
	b->lines = xreallocarray(b->lines, (size_t)b->count + 1, sizeof *b->lines);
	b->lines[b->count++] = xstrdup(line);
}

/* Adds `text` wrapped to the box's width. */
static void box_add_wrapped(struct text_box *b, const char *text)
{
	for (const char *p = text; *p;) {
		size_t next, len = str_wrap_line(p, b->width, &next);
		char *line = xstrndup(p, len);
		box_add(b, line);
		free(line);
		p += next;
	}
}

static void box_free(struct text_box *b)
{
	for (int i = 0; i < b->count; i++)
		free(b->lines[i]);
	free(b->lines);
	free(b);
}

static int box_rows(const struct text_box *b)
{
	int rows = b->count + 4;
	return rows > ui_rows() - 2 ? ui_rows() - 2 : rows;
}

static void box_draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct text_box *b = sc->state;
	int width = b->width + 4, height = box_rows(b);
	int top = (ui_rows() - height) / 2, left = (ui_cols() - width) / 2;
	ui_box(top, left, height, width, b->title);
	int visible = height - 4;
	if (b->top > b->count - visible)
		b->top = b->count - visible > 0 ? b->count - visible : 0;
	for (int i = 0; i < visible && b->top + i < b->count; i++)
		ui_text(top + 2 + i, left + 2, b->width, ROLE_NORMAL, true, b->lines[b->top + i]);
	char more[64];
	if (b->count > visible) {
		snprintf(more, sizeof more, _(" %d-%d of %d; Up, Down, PgUp, PgDn "), b->top + 1,
			 b->top + visible < b->count ? b->top + visible : b->count, b->count);
		ui_text(top + height - 1, left + 2, -1, ROLE_INFO, false, more);
	}
	ui_cursor(-1, 0);
}

/* Scrolling keys; true when the key was one. */
static bool box_scroll(struct text_box *b, const struct ui_key *key)
{
	int page = box_rows(b) - 4;
	if (is_key(key, KEY_DOWN))
		b->top++;
	else if (is_key(key, KEY_UP))
		b->top -= b->top > 0;
	else if (is_key(key, KEY_NPAGE))
		b->top += page;
	else if (is_key(key, KEY_PPAGE))
		b->top = b->top > page ? b->top - page : 0;
	else if (is_key(key, KEY_HOME))
		b->top = 0;
	else if (is_key(key, KEY_END))
		b->top = b->count;
	else
		return false;
	return true;
}

static enum ui_op box_key(struct ui_screen *sc, struct session *s, const struct ui_key *key)
{
	(void)s;
	if (box_scroll(sc->state, key))
		return UI_REDRAW;
	/* Only Enter and Esc close it: text typed meanwhile was meant for the
	 * screen beneath, and is not taken as an answer. */
	if (is_key(key, KEY_ESCAPE) || is_enter(key))
		return UI_POP;
	return UI_STAY;
}

static enum ui_op box_command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	(void)sc;
	(void)s;
	return cmd == CMD_HELP ? UI_POP : UI_STAY;
}

static void box_destroy(struct ui_screen *sc)
{
	box_free(sc->state);
}

static const struct ui_screen_ops box_ops = {
	.name = "box",
	.ctx = CTX_DIALOG,
	.overlay = true,
	.draw = box_draw,
	.key = box_key,
	.command = box_command,
	.destroy = box_destroy,
};

static struct text_box *box_new(const char *title)
{
	struct text_box *b = xcalloc(1, sizeof *b);
	snprintf(b->title, sizeof b->title, " %s ", title);
	b->width = ui_cols() - 8;
	if (b->width > 100)
		b->width = 100;
	return b;
}

enum ui_op ui_message(struct session *s, const char *title, const char *text)
{
	struct text_box *b = box_new(title);
	box_add_wrapped(b, text);
	box_add(b, "");
	box_add(b, _("Enter or Esc: close"));
	return ui_push(s, ui_screen_new(&box_ops, b));
}

struct ui_screen *help_screen_new(struct session *s, const struct ui_screen *under)
{
	(void)s;
	struct text_box *b = box_new(_("Keys on this screen"));
	char keys[48][96];
	int n = ui_key_lines(under->ops->ctx, keys, 48);
	for (int i = 0; i < n; i++)
		box_add(b, keys[i]);
	box_add(b, "");
	for (int i = 0; under->ops->help && under->ops->help[i]; i++)
		box_add_wrapped(b, _(under->ops->help[i]));
	box_add_wrapped(b, _("Esc: back     F10 (Ctrl-Q): quit     F12 (Alt-G): other screens, "
			     "log out"));
	box_add_wrapped(b, _("Up, Down, PgUp, PgDn: scroll this list; Enter or Esc: close"));
	int widest = 0;
	for (int i = 0; i < b->count; i++)
		if (str_width(b->lines[i]) > widest)
			widest = str_width(b->lines[i]);
	if (widest < b->width)
		b->width = widest < 30 ? 30 : widest;
	return ui_screen_new(&box_ops, b);
}

/* F12: the other screens --------------------------------------------------- */

struct destination {
	enum ui_context ctx;
	const char *label;
	struct ui_screen *(*make)(struct session *s);
	const char *roles; /* role groups allowed, " "-separated; NULL: everyone */
};

/* A screen for another group: a row here, with the groups allowed. */
static const struct destination destinations[] = {
	{CTX_WORKLIST, N_("Applications"), worklist_screen_new, " clerk "},
	{CTX_CASES, N_("Cases"), cases_screen_new,
	 " clerk verifier supervisor approver auditor admin "},
	{CTX_STATUS, N_("Status lookup"), status_screen_new, NULL},
	{CTX_POLICY, N_("Policy list"), policy_screen_new, NULL},
	{CTX_SUPERVISOR, N_("Supervisor view"), supervisor_screen_new,
	 " supervisor auditor admin "},
	{CTX_ROLLS, N_("Payment rolls"), rolls_screen_new, " supervisor approver auditor admin "},
	{CTX_FINANCE, N_("Finance check"), finance_screen_new, " finance "},
	{CTX_STATS, N_("Statistics"), stats_screen_new, " supervisor auditor admin "},
	{CTX_AUDIT, N_("Audit trail"), audit_screen_new, " auditor admin supervisor "},
	{CTX_URGES, N_("Urges and reports"), urges_list_screen_new,
	 " clerk verifier supervisor approver auditor admin "},
	{CTX_COMPLAINTS, N_("Complaints"), complaints_screen_new, " clerk supervisor auditor admin "},
	{CTX_REVIEWS, N_("Reviews"), reviews_screen_new,
	 " verifier supervisor approver auditor admin "},
	{CTX_WARNINGS, N_("Warning queue"), warnings_screen_new,
	 " approver clerk verifier supervisor auditor admin "},
	{CTX_REGISTER, N_("Monitoring register"), register_screen_new,
	 " clerk supervisor coordinator verifier auditor admin "},
	{CTX_CARE, N_("Three-colour care"), care_screen_new, " clerk supervisor auditor admin "},
	{CTX_REPORTS, N_("Households reported"), reports_screen_new,
	 " coordinator clerk supervisor auditor admin "},
	{CTX_WATCH_FIGURES, N_("Warnings and monitoring figures"), watch_figures_screen_new,
	 " supervisor auditor admin "},
};

/* Where each group's day starts (a screen of the table above); a group
 * not named here starts on the status lookup, which everyone may open. */
static const struct {
	const char *group;
	enum ui_context ctx;
} homes[] = {
	{"clerk", CTX_WORKLIST},     {"verifier", CTX_CASES}, {"supervisor", CTX_CASES},
	{"approver", CTX_CASES},     {"auditor", CTX_CASES},  {"admin", CTX_CASES},
	{"coordinator", CTX_REPORTS}, {"finance", CTX_FINANCE},
};
#define DESTINATION_COUNT (int)(sizeof destinations / sizeof destinations[0])

/* 1-9 and a-z pick a screen: the table may grow to GOTO_VIEW_MAX rows. */
_Static_assert(DESTINATION_COUNT <= GOTO_VIEW_MAX, "F12 has a key for each screen");

struct goto_state {
	const struct destination *offered[DESTINATION_COUNT];
	int n;
};

static bool in_groups(const struct session *s, const char *groups)
{
	char group[24];
	snprintf(group, sizeof group, " %s ", s->staff.role_group);
	return strstr(groups, group) != NULL;
}

static bool allowed(const struct session *s, const struct destination *d)
{
	return !d->roles || in_groups(s, d->roles);
}

struct ui_screen *home_screen_new(struct session *s)
{
	for (size_t h = 0; h < sizeof homes / sizeof homes[0]; h++)
		if (strcmp(homes[h].group, s->staff.role_group) == 0)
			for (int i = 0; i < DESTINATION_COUNT; i++)
				if (destinations[i].ctx == homes[h].ctx && allowed(s, &destinations[i]))
					return destinations[i].make(s);
	return status_screen_new(s);
}

static void goto_draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct goto_state *g = sc->state;
	struct goto_layout l = goto_view_layout(g->n, ui_rows(), ui_cols());
	int top = (ui_rows() - l.height) / 2, left = (ui_cols() - l.width) / 2;
	ui_box(top, left, l.height, l.width, _(" Go to "));
	char line[160];
	/* Down the first column, then the next: the keys stay in order. */
	for (int i = 0; i < g->n; i++) {
		snprintf(line, sizeof line, "%c  %s", goto_view_key(i), _(g->offered[i]->label));
		ui_text(top + 2 + i % l.per_column, left + 3 + (i / l.per_column) * l.column_width,
			l.column_width - 2, ROLE_NORMAL, true, line);
	}
	snprintf(line, sizeof line, "0  %s", _("Log out"));
	ui_text(top + 3 + l.per_column, left + 3, l.column_width - 2, ROLE_NORMAL, true, line);
	ui_cursor(-1, 0);
}

/* Goes to screen d: back down the stack to it when it is already open
 * (so that F12 never piles screens up), else pushes it. */
static enum ui_op go(struct session *s, const struct destination *d)
{
	for (int n = 1; n < ui_depth(s); n++) {
		struct ui_screen *sc = ui_screen_at(s, n);
		if (sc->ops->unsaved && sc->ops->unsaved(sc, s))
			break; /* never close a form with changes on the way */
		if (sc->ops->ctx == d->ctx)
			return ui_pop_answer(s, 0, UI_ANSWER_BACK_TO(n - 1), "y");
	}
	s->status[0] = '\0';
	return ui_replace(s, d->make(s)); /* the box goes, the screen comes */
}

static enum ui_op goto_key(struct ui_screen *sc, struct session *s, const struct ui_key *key)
{
	struct goto_state *g = sc->state;
	int i = key->kind == KEY_KIND_CHAR && !key->alt && !key->paste
			? goto_view_index(key->ch, g->n)
			: -1;
	if (i >= 0)
		return go(s, g->offered[i]);
	if (key->kind == KEY_KIND_CHAR && key->ch == '0')
		return ui_pop_answer(s, 0, UI_ANSWER_LOGOUT, "y");
	return UI_POP;
}

static void goto_destroy(struct ui_screen *sc)
{
	free(sc->state);
}

static const struct ui_screen_ops goto_ops = {
	.name = "goto",
	.ctx = CTX_DIALOG,
	.overlay = true,
	.draw = goto_draw,
	.key = goto_key,
	.destroy = goto_destroy,
};

struct ui_screen *goto_screen_new(struct session *s, enum ui_context from)
{
	struct goto_state *g = xcalloc(1, sizeof *g);
	for (int i = 0; i < DESTINATION_COUNT; i++)
		if (destinations[i].ctx != from && allowed(s, &destinations[i]))
			g->offered[g->n++] = &destinations[i];
	return ui_screen_new(&goto_ops, g);
}

/* A question on the status line, and a yes/no ------------------------------ */

struct ask_state {
	unsigned to;
	int tag;
	char question[256];
	struct ui_field field;
	bool yes_no;       /* a choice by letter, not a line of text */
	char choices[8];   /* the letters that answer; Enter is the first */
	bool optional;     /* Enter on an empty field answers "" */
};

static void ask_draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct ask_state *a = sc->state;
	int row = ui_rows() - 2;
	if (a->yes_no && str_width(a->question) > ui_cols()) {
		/* Too long for the status line: the whole question in a box, so
		 * that its end - what the letters mean - is never cut. */
		int width = ui_cols() - 8 < 100 ? ui_cols() - 8 : 100, lines = 0;
		for (const char *p = a->question; *p; lines++) {
			size_t next;
			str_wrap_line(p, width, &next);
			p += next;
		}
		int height = lines + 4, top = (ui_rows() - height) / 2, left = (ui_cols() - width - 4) / 2;
		ui_box(top, left, height, width + 4, "");
		int r = top + 2;
		for (const char *p = a->question; *p; r++) {
			size_t next, len = str_wrap_line(p, width, &next);
			char line[512];
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			ui_text(r, left + 2, width, ROLE_ERROR, false, line);
			p += next;
		}
		ui_cursor(-1, 0);
		return;
	}
	int qw = str_width(a->question) + 1;
	if (qw > ui_cols() - (a->yes_no ? 0 : 20))
		qw = ui_cols() - (a->yes_no ? 0 : 20);
	ui_text(row, 0, a->yes_no ? ui_cols() : qw, ROLE_ERROR, true, a->question);
	if (a->yes_no)
		ui_cursor(-1, 0);
	else
		field_draw(&a->field, row, qw, ui_cols() - qw, true);
}

static enum ui_op ask_key(struct ui_screen *sc, struct session *s, const struct ui_key *key)
{
	struct ask_state *a = sc->state;
	if (is_key(key, KEY_ESCAPE))
		return ui_pop_answer(s, a->to, a->tag, NULL);
	if (a->yes_no) {
		if (is_enter(key))
			return ui_pop_answer(s, a->to, a->tag, (char[2]){a->choices[0], 0});
		if (key->kind != KEY_KIND_CHAR || key->ch > 0x7F)
			return UI_STAY;
		char c = (char)(key->ch | 0x20);
		if (c == 'n')
			return ui_pop_answer(s, a->to, a->tag, NULL);
		if (strchr(a->choices, c))
			return ui_pop_answer(s, a->to, a->tag, (char[2]){c, 0});
		return UI_STAY;
	}
	if (is_enter(key) && !key->paste)
		return a->field.len || a->optional ? ui_pop_answer(s, a->to, a->tag, a->field.text)
						   : UI_STAY;
	return field_edit(&a->field, key) ? UI_REDRAW : UI_STAY;
}

static void ask_destroy(struct ui_screen *sc)
{
	free(sc->state);
}

static const struct ui_screen_ops ask_ops = {
	.name = "ask",
	.ctx = CTX_DIALOG,
	.overlay = true,
	.draw = ask_draw,
	.key = ask_key,
	.destroy = ask_destroy,
};

static const struct ui_screen_ops confirm_ops = {
	.name = "confirm",
	.ctx = CTX_CONFIRM,
	.overlay = true,
	.draw = ask_draw,
	.key = ask_key,
	.destroy = ask_destroy,
};

static enum ui_op ask_full(struct session *s, struct ui_screen *sc, int tag,
			   const char *question, const char *choices, const char *text,
			   bool optional)
{
	struct ask_state *a = xcalloc(1, sizeof *a);
	a->optional = optional;
	a->to = ui_screen_id(sc);
	a->tag = tag;
	a->yes_no = choices != NULL;
	snprintf(a->choices, sizeof a->choices, "%s", choices ? choices : "");
	a->field.max_chars = 200;
	snprintf(a->question, sizeof a->question, "%s", question);
	if (text)
		field_set(&a->field, text);
	return ui_push(s, ui_screen_new(choices ? &confirm_ops : &ask_ops, a));
}

static enum ui_op ask(struct session *s, struct ui_screen *sc, int tag, const char *question,
		      const char *choices, const char *text)
{
	return ask_full(s, sc, tag, question, choices, text, false);
}

enum ui_op ui_ask_optional(struct session *s, struct ui_screen *sc, int tag,
			   const char *question, const char *text)
{
	return ask_full(s, sc, tag, question, NULL, text, true);
}

enum ui_op ui_ask(struct session *s, struct ui_screen *sc, int tag, const char *question)
{
	return ask(s, sc, tag, question, NULL, NULL);
}

enum ui_op ui_ask_with(struct session *s, struct ui_screen *sc, int tag, const char *question,
		       const char *text)
{
	return ask(s, sc, tag, question, NULL, text);
}

enum ui_op ui_confirm(struct session *s, struct ui_screen *sc, int tag, const char *question)
{
	return ask(s, sc, tag, question, "y", NULL);
}

enum ui_op ui_choose(struct session *s, struct ui_screen *sc, int tag, const char *question,
		     const char *letters)
{
	return ask(s, sc, tag, question, letters, NULL);
}
