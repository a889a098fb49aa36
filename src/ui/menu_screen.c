/* menu_screen.c - the benefit menu: every item the household may receive,
 * why, and the package the applicant takes.
 *
 * Eligible items come first, grouped by kind, then items that need a fact
 * still blank on the form (F9 goes to the field), then the rest.  Eligible
 * items start ticked, except one that cannot go with an item ticked before
 * it; the clerk unticks what the applicant declines.  The lower pane
 * explains the selected item in the words of the catalogue. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/store_menu.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_prompt.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <string.h>

#define MAX_ROWS 128
#define EXPLAIN_ROWS 7

/* A row of the list: a group heading (item -1) or an item. */
struct menu_row {
	int item;
	const char *heading;
};

struct menu_state {
	struct session *s;
	const struct form_values *v;
	struct hh_input in;
	struct menu_row rows[MAX_ROWS];
	int row_count;
	bool ticked[MAX_ROWS * 2];
	int selected, top;
	int warnings_shown;
};

static const struct {
	const char *code, *label;
} kinds[] = {
	{"basic_living", N_("Basic living assistance")}, {"special", N_("Special assistance")},
	{"temporary", N_("Temporary assistance")},       {"subsidy", N_("Subsidies")},
	{"service", N_("Services")},
};

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

static void build(struct menu_state *ms)
{
	const struct catalogue *cat = ms->s->catalogue;
	char date[CDATE_TEXT_SIZE];
	int32_t today = cdate_today();
	cdate_format(today, date);
	const char *region = ms->s->staff.county[0] ? ms->s->staff.county : "000000";
	form_values_to_input(ms->v, region, date, &ms->in);
	matcher_run(ms->s->matcher, &ms->in, today);
	/* The server decides at acceptance: when its engine says otherwise
	 * (an older program, a catalogue changed since login), show its menu. */
	struct strbuf doc = STRBUF_INIT;
	char note[256];
	struct diag d;
	form_values_to_json(ms->v, &doc);
	if (ms->s->db && store_menu_check(ms->s->db, strbuf_text(&doc), region, today,
					  ms->s->lang == 0, ms->s->matcher, note, sizeof note,
					  &d) > 0)
		session_say(ms->s, ROLE_ERROR, "%s", note);
	strbuf_free(&doc);
	ms->row_count = 0;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		bool any = false;
		for (int i = 0; i < cat->n_items; i++) {
			if (result(ms, i)->verdict != VERDICT_ELIGIBLE ||
			    strcmp(item(ms, i)->kind, kinds[k].code) != 0)
				continue;
			if (!any)
				add_row(ms, -1, _(kinds[k].label));
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
			if (result(ms, i)->verdict != rest[g].verdict)
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
	int cols = ui_cols();
	int w_name = cols - 4 - 14 - 16 - 9 - 1;
	ui_text(row, 0, 4, role, false, mark);
	ui_text(row, 4, w_name, role, true, lang ? it->name_en : it->name_zh);
	ui_text(row, 4 + w_name, 14, role, true,
		department_name(&ms->s->departments, it->department, lang));
	ui_text(row, 4 + w_name + 14, 16, role, true, amount);
	ui_text(row, 4 + w_name + 30, cols - (4 + w_name + 30), role, true, limit);
}

/* Draws the explanation of item i, at most `rows` lines, from `row`. */
static void draw_explanation(struct menu_state *ms, int row, int rows, int i)
{
	struct strbuf text = STRBUF_INIT;
	const struct match_item *r = result(ms, i);
	bool zh = ms->s->lang == 0;
	if (r->verdict == VERDICT_MISSING) {
		strbuf_append(&text, _("To decide, fill in: "));
		match_describe_missing(ms->s->matcher, &ms->in, r->why, zh, &text);
		strbuf_append(&text, _(" (F9 goes there)\n"));
	}
	if (r->excluded_by >= 0) {
		const struct cat_item *other = item(ms, r->excluded_by);
		strbuf_printf(&text, _("Cannot be held together with %s.\n"),
			      zh ? other->name_zh : other->name_en);
	}
	/* What the applicant must bring, before the reasons. */
	const struct cat_item *it = item(ms, i);
	if (it->n_materials) {
		strbuf_append(&text, _("Materials: "));
		for (int m = 0; m < it->n_materials; m++)
			strbuf_printf(&text, "%s%s", m ? _(", ") : "", it->materials[m]);
		strbuf_append(&text, "\n");
	}
	match_explain_item(ms->s->matcher, &ms->in, i, zh, &text);
	const char *p = strbuf_text(&text);
	for (int n = 0; n < rows && *p; n++) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		ui_text(row + n, 1, ui_cols() - 1, ROLE_NORMAL, true, line);
		p += len + (end ? 1 : 0);
	}
	strbuf_free(&text);
}

static void draw(struct menu_state *ms)
{
	ui_clear();
	session_draw_frame(ms->s, _("Benefit menu"));
	int row = 1;
	/* Proactive warnings on top: departments step in before anyone asks. */
	const struct catalogue *cat = ms->s->catalogue;
	for (int w = 0; w < cat->n_warnings && row < 4; w++) {
		if (!ms->s->matcher->warnings[w].raised)
			continue;
		struct strbuf text = STRBUF_INIT;
		match_explain_warning(ms->s->matcher, w, ms->s->lang == 0, &text);
		char line[512];
		snprintf(line, sizeof line, "%s %.*s", _("Warning:"),
			 (int)strcspn(strbuf_text(&text), "\n"), strbuf_text(&text));
		ui_text(row++, 0, ui_cols(), ROLE_ERROR, true, line);
		strbuf_free(&text);
	}
	int list_top = row, explain_top = ui_rows() - 3 - EXPLAIN_ROWS;
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
		draw_explanation(ms, explain_top, EXPLAIN_ROWS, ms->rows[ms->selected].item);
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
	if (r >= 0 && r < ms->row_count)
		ms->selected = r;
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

static enum menu_outcome fill(struct menu_state *ms, struct menu_result *out)
{
	int i = ms->rows[ms->selected].item;
	if (i < 0 || result(ms, i)->verdict != VERDICT_MISSING ||
	    result(ms, i)->why.kind != WHY_FACT) {
		session_say(ms->s, ROLE_ERROR, _("Nothing to fill for this item."));
		return MENU_BACK;
	}
	struct rule_why why = result(ms, i)->why;
	const struct hh_fact_info *info = why.member ? hm_key_info((enum hm_key)why.index)
						     : hh_key_info((enum hh_key)why.index);
	out->fill_member = why.member ? why.member - 1 : -1;
	snprintf(out->fill_key, sizeof out->fill_key, "%s", info->name);
	return MENU_FILL;
}

static enum menu_outcome on_tick(struct menu_state *ms, struct menu_result *out)
{
	(void)out;
	tick(ms);
	return MENU_BACK;
}

static enum menu_outcome on_accept(struct menu_state *ms, struct menu_result *out)
{
	for (int i = 0; i < ms->s->catalogue->n_items && out->package_count < MENU_MAX_PACKAGE; i++)
		if (ms->ticked[i])
			out->package[out->package_count++] = i;
	if (out->package_count > 0)
		return MENU_ACCEPT;
	session_say(ms->s, ROLE_ERROR, _("Tick at least one item, or refuse with F4 and a reason."));
	return MENU_BACK;
}

static enum menu_outcome on_refuse(struct menu_state *ms, struct menu_result *out)
{
	(void)ms;
	return ui_prompt(_("Reason for not accepting:"), out->reason, sizeof out->reason)
		       ? MENU_REFUSE
		       : MENU_BACK;
}

static enum menu_outcome on_help(struct menu_state *ms, struct menu_result *out)
{
	(void)ms;
	(void)out;
	const char *extra[] = {_("Up, Down: choose an item     Space: tick"), NULL};
	ui_help_overlay(CTX_MENU, extra);
	return MENU_BACK;
}

/* The menu's commands; MENU_BACK from a handler means "stay". */
static const struct {
	enum ui_command cmd;
	enum menu_outcome (*run)(struct menu_state *ms, struct menu_result *out);
} menu_handlers[] = {
	{CMD_TICK, on_tick},     {CMD_FILL, fill},    {CMD_ACCEPT, on_accept},
	{CMD_REFUSE, on_refuse}, {CMD_HELP, on_help},
};

enum menu_outcome menu_screen_run(struct session *s, const struct form_values *v,
				  struct menu_result *out)
{
	static struct menu_state ms; /* large: one menu at a time */
	memset(&ms, 0, sizeof ms);
	memset(out, 0, sizeof *out);
	ms.s = s;
	ms.v = v;
	if (!s->catalogue) {
		session_say(s, ROLE_ERROR,
			    _("No benefit catalogue in the database; ask the administrator to import it."));
		return MENU_BACK;
	}
	/* Cleared first: build() may say the server's menu differs. */
	s->status[0] = '\0';
	build(&ms);
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(&ms);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			return MENU_BACK;
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_ESCAPE || key.code == CTRL('c')))
			return MENU_BACK;
		if (key.kind == KEY_KIND_FUNC && key.code == KEY_DOWN)
			move_selection(&ms, +1);
		else if (key.kind == KEY_KIND_FUNC && key.code == KEY_UP)
			move_selection(&ms, -1);
		else if (key.kind == KEY_KIND_CHAR && key.ch == ' ')
			tick(&ms);
		else if (key.kind == KEY_KIND_CHAR && key.ch == '?')
			on_help(&ms, out);
		enum ui_command cmd = ui_command_of(CTX_MENU, &key);
		for (size_t i = 0; i < sizeof menu_handlers / sizeof menu_handlers[0]; i++)
			if (menu_handlers[i].cmd == cmd) {
				enum menu_outcome outcome = menu_handlers[i].run(&ms, out);
				if (outcome != MENU_BACK)
					return outcome;
			}
	}
}
