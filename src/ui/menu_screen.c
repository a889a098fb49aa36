/* menu_screen.c - the benefit menu: every item the household may receive,
 * why, and the package the applicant takes.
 *
 * Eligible items come first, grouped by kind, then items that need a fact
 * still blank on the form (F9 goes to the field), then the rest.  Eligible
 * items start ticked, except one that cannot go with an item ticked before
 * it; the clerk unticks what the applicant declines.  The lower pane
 * explains the selected item in the words of the catalogue, wrapped to the
 * terminal's width and scrolled with PgUp/PgDn; on a taller terminal it
 * gets the extra rows.
 *
 * The menu decides nothing itself: F8, F4 and F9 write the decision into
 * the form's menu_result and pop; the form, beneath, does the rest. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/store_menu.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 128
/* The explanation pane: at least this many rows, more on tall terminals. */
#define EXPLAIN_MIN_ROWS 7

enum { ASK_REASON = 1 };

/* A row of the list: a group heading (item -1) or an item. */
struct menu_row {
	int item;
	const char *heading;
};

struct menu_state {
	struct session *s;
	const struct form_values *v;
	struct menu_result *out;
	struct hh_input in;
	struct menu_row rows[MAX_ROWS];
	int row_count;
	bool ticked[MAX_ROWS * 2];
	int selected, top;
	int explain_top; /* first line of the explanation shown */
	struct ui_screen *sc;
};

enum { Q_CHECK = 1 };

static const char *region_of(const struct session *s)
{
	return s->staff.county[0] ? s->staff.county : "000000";
}

static const struct cat_item *item(const struct menu_state *ms, int i)
{
	return &ms->s->catalogue->items[i];
}

static const struct match_item *result(const struct menu_state *ms, int i)
{
	return &ms->s->matcher->items[i];
}

static bool tickable(const struct menu_state *ms, int i)
{
	return result(ms, i)->verdict == VERDICT_ELIGIBLE && !result(ms, i)->held;
}

static void add_row(struct menu_state *ms, int item_index, const char *heading)
{
	if (ms->row_count < MAX_ROWS)
		ms->rows[ms->row_count++] = (struct menu_row){item_index, heading};
}

/* True when item a and b exclude each other (either way round). */
static bool excludes(const struct menu_state *ms, int a, int b)
{
	const struct cat_item *ia = item(ms, a), *ib = item(ms, b);
	for (int k = 0; k < ia->n_excludes; k++)
		if (ia->exclude_index[k] == b)
			return true;
	for (int k = 0; k < ib->n_excludes; k++)
		if (ib->exclude_index[k] == a)
			return true;
	return false;
}

/* The ticked item that `i` cannot go with, or -1. */
static int ticked_conflict(const struct menu_state *ms, int i)
{
	for (int j = 0; j < ms->s->catalogue->n_items; j++)
		if (j != i && ms->ticked[j] && excludes(ms, i, j))
			return j;
	return -1;
}

/* The window's own match of the form, in memory. */
static void match(struct menu_state *ms)
{
	char date[CDATE_TEXT_SIZE];
	int32_t today = session_today(ms->s);
	cdate_format(today, date);
	form_values_to_input(ms->v, region_of(ms->s), date, &ms->in);
	matcher_run(ms->s->matcher, &ms->in, today);
}

/* The server decides at acceptance: its engine is asked about the same
 * household (an older program or a catalogue changed since log-in may
 * disagree), and its answer, when it comes, redraws the menu. */
static void ask_server(struct menu_state *ms)
{
	struct strbuf doc = STRBUF_INIT;
	struct db_query q;
	form_values_to_json(ms->v, &doc);
	store_menu_check_query(&q, strbuf_text(&doc), region_of(ms->s), session_today(ms->s),
			       ms->s->lang == 0);
	ui_send(ms->s, ms->sc, Q_CHECK, &q);
	db_query_free(&q);
	strbuf_free(&doc);
}

/* The rows and the ticks, from the results of the match. */
static void build(struct menu_state *ms)
{
	const struct catalogue *cat = ms->s->catalogue;
	memset(ms->ticked, 0, sizeof ms->ticked);
	ms->row_count = 0;
	/* What the household receives already (its benefits in force, which
	 * the server fills in as the items held), first and apart. */
	bool any_held = false;
	for (int i = 0; i < cat->n_items; i++) {
		if (!result(ms, i)->held)
			continue;
		if (!any_held)
			add_row(ms, -1, _("Already receiving"));
		any_held = true;
		add_row(ms, i, NULL);
	}
	const char *kind;
	for (int k = 0; (kind = label_code(LABEL_ITEM_KIND, k)) != NULL; k++) {
		bool any = false;
		for (int i = 0; i < cat->n_items; i++) {
			if (result(ms, i)->verdict != VERDICT_ELIGIBLE || result(ms, i)->held ||
			    strcmp(item(ms, i)->kind, kind) != 0)
				continue;
			if (!any)
				add_row(ms, -1, _(label_of(LABEL_ITEM_KIND, kind)));
			any = true;
			add_row(ms, i, NULL);
		}
	}
	static const struct {
		uint8_t verdict;
		const char *heading;
	} rest[] = {{VERDICT_MISSING, N_("Needs more information")},
		    {VERDICT_NOT_ELIGIBLE, N_("Not eligible now")}};
	for (size_t g = 0; g < sizeof rest / sizeof rest[0]; g++) {
		bool any = false;
		for (int i = 0; i < cat->n_items; i++) {
			if (result(ms, i)->verdict != rest[g].verdict || result(ms, i)->held)
				continue;
			if (!any)
				add_row(ms, -1, _(rest[g].heading));
			any = true;
			add_row(ms, i, NULL);
		}
	}
	/* Start with the package the household most likely takes. */
	for (int r = 0; r < ms->row_count; r++) {
		int i = ms->rows[r].item;
		if (i >= 0 && tickable(ms, i) && ticked_conflict(ms, i) < 0)
			ms->ticked[i] = true;
	}
	ms->selected = ms->row_count > 1 ? 1 : 0;
}

static void totals(const struct menu_state *ms, dec_t *monthly, dec_t *once, int *count)
{
	*monthly = *once = 0;
	*count = 0;
	for (int i = 0; i < ms->s->catalogue->n_items; i++) {
		if (!ms->ticked[i])
			continue;
		(*count)++;
		const struct match_item *r = result(ms, i);
		if (!r->has_amount)
			continue;
		bool is_monthly = strcmp(item(ms, i)->amount_period, "monthly") == 0;
		dec_add(is_monthly ? *monthly : *once, r->amount, is_monthly ? monthly : once);
	}
}

static void draw_item(const struct menu_state *ms, int row, int i, bool selected)
{
	const struct cat_item *it = item(ms, i);
	const struct match_item *r = result(ms, i);
	int lang = ms->s->lang;
	enum ui_role role = selected ? ROLE_SELECTED : ROLE_NORMAL;
	const char *mark = r->held                       ? _("[held]")
			   : !tickable(ms, i)            ? "    "
			   : ms->ticked[i]               ? "[x]"
							 : "[ ]";
	char amount[64] = "";
	if (r->has_amount) {
		char a[DEC_TEXT_SIZE];
		dec_format(r->amount, 2, a);
		snprintf(amount, sizeof amount,
			 strcmp(it->amount_period, "monthly") == 0 ? _("%s/month") : _("%s once"), a);
	}
	char limit[32];
	snprintf(limit, sizeof limit, _("%d days"), it->limits[LIM_TOTAL]);
	/* Wider terminals: the department gets a quarter of the extra columns,
	 * the name the rest. */
	int cols = ui_cols(), extra = cols > 80 ? cols - 80 : 0;
	int w_dept = 14 + (extra / 4 < 10 ? extra / 4 : 10);
	int w_name = cols - 4 - w_dept - 16 - 9 - 1;
	ui_text(row, 0, 4, role, false, mark);
	ui_text(row, 4, w_name, role, true, lang ? it->name_en : it->name_zh);
	ui_text(row, 4 + w_name, w_dept, role, true,
		department_name(&ms->s->departments, it->department, lang));
	ui_text(row, 4 + w_name + w_dept, 16, role, true, amount);
	ui_text(row, 4 + w_name + w_dept + 16, cols - (4 + w_name + w_dept + 16), role, true,
		limit);
}

/* The whole explanation of item i: what to fill, exclusions, materials,
 * then the reasons in the catalogue's words. */
static void explanation(const struct menu_state *ms, int i, struct strbuf *text)
{
	const struct match_item *r = result(ms, i);
	bool zh = ms->s->lang == 0;
	if (r->verdict == VERDICT_MISSING) {
		strbuf_append(text, _("To decide, fill in: "));
		match_describe_missing(ms->s->matcher, &ms->in, r->why, zh, text);
		strbuf_append(text, _(" (F9 goes there)\n"));
	}
	if (r->excluded_by >= 0) {
		const struct cat_item *other = item(ms, r->excluded_by);
		strbuf_printf(text, _("Cannot be held together with %s.\n"),
			      zh ? other->name_zh : other->name_en);
	}
	/* What the applicant must bring, before the reasons. */
	const struct cat_item *it = item(ms, i);
	if (it->n_materials) {
		strbuf_append(text, _("Materials: "));
		for (int m = 0; m < it->n_materials; m++)
			strbuf_printf(text, "%s%s", m ? _(", ") : "", it->materials[m]);
		strbuf_append(text, "\n");
	}
	match_explain_item(ms->s->matcher, &ms->in, i, zh, text);
}

/* Draws the explanation of item i wrapped to the width, `rows` lines from
 * line explain_top on; a last line says when more follows. */
static void draw_explanation(struct menu_state *ms, int row, int rows, int i)
{
	struct strbuf text = STRBUF_INIT;
	explanation(ms, i, &text);
	int width = ui_cols() - 2, total = 0;
	for (const char *p = strbuf_text(&text); *p; total++) {
		size_t next;
		str_wrap_line(p, width, &next);
		p += next;
	}
	if (ms->explain_top > total - rows)
		ms->explain_top = total - rows > 0 ? total - rows : 0;
	int n = 0;
	for (const char *p = strbuf_text(&text); *p && n < ms->explain_top + rows; n++) {
		size_t next, len = str_wrap_line(p, width, &next);
		if (n >= ms->explain_top) {
			char line[1024];
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			ui_text(row + n - ms->explain_top, 1, width, ROLE_NORMAL, false, line);
		}
		p += next;
	}
	if (total > ms->explain_top + rows) {
		char more[96];
		snprintf(more, sizeof more, _(" PgDn: %d more lines "), total - ms->explain_top - rows);
		ui_text(row + rows - 1, ui_cols() - str_width(more) - 1, -1, ROLE_INFO, false, more);
	}
	strbuf_free(&text);
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct menu_state *ms = sc->state;
	ui_clear();
	session_draw_frame(s, _("Benefit menu"));
	int row = 1;
	/* Proactive warnings on top: departments step in before anyone asks. */
	const struct catalogue *cat = s->catalogue;
	for (int w = 0; w < cat->n_warnings && row < 4; w++) {
		if (!s->matcher->warnings[w].raised)
			continue;
		struct strbuf text = STRBUF_INIT;
		match_explain_warning(s->matcher, w, s->lang == 0, &text);
		char line[512];
		snprintf(line, sizeof line, "%s %.*s", _("Warning:"),
			 (int)strcspn(strbuf_text(&text), "\n"), strbuf_text(&text));
		ui_text(row++, 0, ui_cols(), ROLE_ERROR, true, line);
		strbuf_free(&text);
	}
	int explain_rows = EXPLAIN_MIN_ROWS + (ui_rows() > 24 ? (ui_rows() - 24) / 2 : 0);
	int list_top = row, explain_top = ui_rows() - 3 - explain_rows;
	int visible = explain_top - 1 - list_top;
	if (ms->selected < ms->top)
		ms->top = ms->selected > 0 && ms->rows[ms->selected - 1].item < 0 ? ms->selected - 1
										  : ms->selected;
	if (ms->selected >= ms->top + visible)
		ms->top = ms->selected - visible + 1;
	for (int k = 0; k < visible && ms->top + k < ms->row_count; k++) {
		const struct menu_row *r = &ms->rows[ms->top + k];
		if (r->item < 0)
			ui_text(list_top + k, 0, ui_cols(), ROLE_HEADER, true, r->heading);
		else
			draw_item(ms, list_top + k, r->item, ms->top + k == ms->selected);
	}
	dec_t monthly, once;
	int count;
	totals(ms, &monthly, &once, &count);
	char m[DEC_TEXT_SIZE], o[DEC_TEXT_SIZE], line[256];
	dec_format(monthly, 2, m);
	dec_format(once, 2, o);
	snprintf(line, sizeof line, _("Package: %d items, %s yuan a month, %s yuan once"), count, m,
		 o);
	ui_hline(explain_top - 1, 0, ui_cols());
	ui_text(explain_top - 1, 2, str_width(line) + 2, ROLE_HEADER, true, line);
	if (ms->row_count && ms->rows[ms->selected].item >= 0)
		draw_explanation(ms, explain_top, explain_rows, ms->rows[ms->selected].item);
	static const enum ui_command keys[] = {CMD_HELP, CMD_TICK, CMD_FILL, CMD_ACCEPT,
					       CMD_REFUSE, CMD_NONE};
	ui_command_bar(CTX_MENU, keys);
	ui_cursor(-1, 0);
}

static void move_selection(struct menu_state *ms, int delta)
{
	int r = ms->selected;
	do
		r += delta;
	while (r >= 0 && r < ms->row_count && ms->rows[r].item < 0);
	if (r >= 0 && r < ms->row_count) {
		ms->selected = r;
		ms->explain_top = 0;
	}
}

static void tick(struct menu_state *ms)
{
	int i = ms->rows[ms->selected].item;
	if (i < 0)
		return;
	if (!tickable(ms, i)) {
		session_say(ms->s, ROLE_ERROR,
			    result(ms, i)->held ? _("The household already receives this item.")
						: _("Only eligible items can go into the package."));
		return;
	}
	if (!ms->ticked[i]) {
		int other = ticked_conflict(ms, i);
		if (other >= 0) {
			session_say(ms->s, ROLE_ERROR, _("Cannot be held together with %s; untick it first."),
				    ms->s->lang ? item(ms, other)->name_en : item(ms, other)->name_zh);
			return;
		}
	}
	ms->ticked[i] = !ms->ticked[i];
	ms->s->status[0] = '\0';
}

/* F9: the field the selected item's verdict waits for. */
static enum ui_op fill(struct menu_state *ms)
{
	int i = ms->rows[ms->selected].item;
	if (i < 0 || result(ms, i)->verdict != VERDICT_MISSING ||
	    result(ms, i)->why.kind != WHY_FACT) {
		session_say(ms->s, ROLE_ERROR, _("Nothing to fill for this item."));
		return UI_REDRAW;
	}
	struct rule_why why = result(ms, i)->why;
	const struct hh_fact_info *info = why.member ? hm_key_info((enum hm_key)why.index)
						     : hh_key_info((enum hh_key)why.index);
	ms->out->fill_member = why.member ? why.member - 1 : -1;
	snprintf(ms->out->fill_key, sizeof ms->out->fill_key, "%s", info->name);
	ms->out->outcome = MENU_FILL;
	return UI_POP;
}

static enum ui_op accept(struct menu_state *ms)
{
	struct menu_result *out = ms->out;
	out->package_count = 0;
	for (int i = 0; i < ms->s->catalogue->n_items && out->package_count < MENU_MAX_PACKAGE; i++)
		if (ms->ticked[i])
			out->package[out->package_count++] = i;
	if (out->package_count == 0) {
		session_say(ms->s, ROLE_ERROR,
			    _("Tick at least one item, or refuse with F4 and a reason."));
		return UI_REDRAW;
	}
	out->outcome = MENU_ACCEPT;
	return UI_POP;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct menu_state *ms = sc->state;
	switch (cmd) {
	case CMD_TICK:
		tick(ms);
		return UI_REDRAW;
	case CMD_FILL:
		return fill(ms);
	case CMD_ACCEPT:
		return accept(ms);
	case CMD_REFUSE:
		return ui_ask(s, sc, ASK_REASON, _("Reason for not accepting:"));
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	(void)s;
	struct menu_state *ms = sc->state;
	if (tag != ASK_REASON || !text)
		return UI_REDRAW;
	snprintf(ms->out->reason, sizeof ms->out->reason, "%s", text);
	ms->out->outcome = MENU_REFUSE;
	return UI_POP;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct menu_state *ms = sc->state;
	if (k->kind == KEY_KIND_CHAR && k->ch == ' ') {
		tick(ms);
		return UI_REDRAW;
	}
	if (k->kind == KEY_KIND_CHAR && k->ch == '?')
		return ui_push(s, help_screen_new(s, sc));
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	switch (k->code) {
	case KEY_ESCAPE:
		return UI_POP;
	case KEY_DOWN:
		move_selection(ms, +1);
		break;
	case KEY_UP:
		move_selection(ms, -1);
		break;
	case KEY_NPAGE:
		ms->explain_top += EXPLAIN_MIN_ROWS - 1;
		break;
	case KEY_PPAGE:
		ms->explain_top = ms->explain_top > EXPLAIN_MIN_ROWS - 1
					  ? ms->explain_top - (EXPLAIN_MIN_ROWS - 1)
					  : 0;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static enum ui_op on_result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct menu_state *ms = sc->state;
	if (reply->tag != Q_CHECK || reply->status != OD_OK)
		return UI_STAY; /* the window's menu stands; the server decides at acceptance */
	char note[256];
	if (store_menu_check_read(reply->result, s->lang == 0, s->matcher, note, sizeof note) > 0) {
		int selected = ms->selected;
		build(ms);
		ms->selected = selected < ms->row_count ? selected : ms->selected;
		session_say(s, ROLE_ERROR, "%s", note);
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	free(sc->state);
}

static const char *const menu_help[] = {
	N_("Up, Down: choose an item     Space: tick"),
	N_("PgDn, PgUp: scroll the explanation of the item"),
	N_("Esc: back to the form"), NULL};

static const struct ui_screen_ops menu_ops = {
	.name = "menu",
	.ctx = CTX_MENU,
	.help = menu_help,
	.draw = draw,
	.key = key,
	.command = command,
	.answer = answer,
	.result = on_result,
	.destroy = destroy,
};

struct ui_screen *menu_screen_new(struct session *s, const struct form_values *v,
				  struct menu_result *out)
{
	if (!s->catalogue) {
		session_say(s, ROLE_ERROR,
			    _("No benefit catalogue in the database; ask the administrator to import it."));
		return NULL;
	}
	struct menu_state *ms = xcalloc(1, sizeof *ms);
	memset(out, 0, sizeof *out);
	ms->s = s;
	ms->v = v;
	ms->out = out;
	s->status[0] = '\0';
	ms->sc = ui_screen_new(&menu_ops, ms);
	match(ms);
	build(ms);
	ask_server(ms);
	return ms->sc;
}
