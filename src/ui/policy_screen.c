/* policy_screen.c - the policy list (政策发布清单): every catalogue item with
 * its legal basis, target group, materials, process, standard and time
 * limit, found by typing part of a name, code or department, and printed
 * for the applicant.
 *
 * The search field always has the focus, so every printable key is text;
 * the list narrows as one types (all words must match). */
#include "curses_provider.h"
#include "onedoor/catalogue.h"
#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns of the printed text, as the receipt's. */
#define PRINT_COLS 72

struct detail_line {
	char *text;
	enum ui_role role;
};

struct detail {
	struct detail_line *lines;
	int count, cap;
};

struct policy_state {
	struct session *s;
	struct ui_field search;
	char searched[FIELD_MAX_BYTES]; /* the text the list was filtered with */
	int *shown;                     /* item indices that match */
	int n_shown;
	int selected, top;
	int detail_top;                 /* first detail line shown */
};

static const char *kind_label(const char *kind)
{
	return _(label_of(LABEL_ITEM_KIND, kind));
}

static const char *item_name(const struct session *s, const struct cat_item *it)
{
	return s->lang && it->name_en && *it->name_en ? it->name_en : it->name_zh;
}

static void add_line(struct detail *d, enum ui_role role, const char *text, size_t len)
{
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xreallocarray(d->lines, (size_t)d->cap, sizeof *d->lines);
	}
	d->lines[d->count].text = xstrndup(text, len);
	d->lines[d->count].role = role;
	d->count++;
}

/* Adds `text` wrapped to `width` columns (str_wrap_line: Chinese breaks
 * between characters, English at spaces); continuation lines are indented
 * by two columns. */
static void add_wrapped(struct detail *d, enum ui_role role, const char *text, int width)
{
	bool first = true;
	for (const char *p = text; *p; first = false) {
		size_t next, len = str_wrap_line(p, first ? width : width - 2, &next);
		char *line = xasprintf("%s%.*s", first ? "" : "  ", (int)len, p);
		add_line(d, role, line, strlen(line));
		free(line);
		p += next;
	}
}

static void add_field(struct detail *d, const char *label, const char *value, int width)
{
	if (!value || !*value)
		return;
	char *text = xasprintf("%s%s", label, value);
	add_wrapped(d, ROLE_NORMAL, text, width);
	free(text);
}

/* Everything the applicant may ask about one item, cut to `width`. */
static void build_detail(const struct session *s, const struct cat_item *it, int width,
			 struct detail *d)
{
	char *head = xasprintf("%s  %s  %s", item_name(s, it),
			       department_name(&s->departments, it->department, s->lang),
			       kind_label(it->kind));
	add_wrapped(d, ROLE_HEADER, head, width);
	free(head);
	add_field(d, _("Legal basis: "), it->legal_basis, width);
	add_field(d, _("Who it is for: "), it->target_group, width);
	if (it->n_materials > 0) {
		add_wrapped(d, ROLE_NORMAL, _("Materials to submit:"), width);
		for (int i = 0; i < it->n_materials; i++) {
			char *m = xasprintf("  %d. %s", i + 1, it->materials[i]);
			add_wrapped(d, ROLE_NORMAL, m, width);
			free(m);
		}
	}
	add_field(d, _("Process: "), it->process, width);
	add_field(d, _("Standard: "), it->standard_text, width);
	char *limit = xasprintf(_("%d working days in all (accept %d, verify %d, supervise %d, "
				  "approve %d, file %d)"),
				it->limits[LIM_TOTAL], it->limits[LIM_ACCEPT],
				it->limits[LIM_VERIFY], it->limits[LIM_SUPERVISE],
				it->limits[LIM_APPROVE], it->limits[LIM_FILE]);
	add_field(d, _("Time limit: "), limit, width);
	free(limit);
	if (it->green_channel)
		add_wrapped(d, ROLE_INFO,
			    _("Green channel: in an emergency assistance comes first, the "
			      "paperwork is completed afterwards."),
			    width);
	if (it->commitment)
		add_wrapped(d, ROLE_INFO,
			    _("Commitment: with a signed commitment, verification follows the "
			      "approval."),
			    width);
}

static void free_detail(struct detail *d)
{
	for (int i = 0; i < d->count; i++)
		free(d->lines[i].text);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

static void ascii_lower(const char *in, char *out, size_t size)
{
	size_t i = 0;
	for (; in[i] && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

static bool contains(const char *haystack, const char *needle_lower)
{
	char low[1024];
	ascii_lower(haystack ? haystack : "", low, sizeof low);
	return strstr(low, needle_lower) != NULL;
}

/* Chinese names are abbreviated by keeping some of their characters in
 * order (低保 for 最低生活保障, 临救 for 临时救助): a term of two or more
 * characters matches a name holding them in that order. */
static bool abbreviates(const char *name, const char *term)
{
	size_t tl = strlen(term);
	int chars = 0;
	const char *n = name;
	for (size_t i = 0; i < tl;) {
		uint32_t cp;
		size_t len = utf8_decode(term + i, tl - i, &cp);
		if (len == 0)
			return false;
		char want[5] = {0};
		memcpy(want, term + i, len);
		const char *at = strstr(n, want);
		if (!at)
			return false;
		n = at + len;
		i += len;
		chars++;
	}
	return chars >= 2;
}

/* How well one search word matches an item: 2 as a part of its name, code,
 * department or kind, 1 as an abbreviation of its Chinese name, else 0. */
static int term_score(const struct session *s, const struct cat_item *it, const char *term)
{
	const struct department_names *dn = &s->departments;
	if (contains(it->name_zh, term) || contains(it->name_en, term) ||
	    contains(it->code, term) || contains(it->department, term) ||
	    contains(department_name(dn, it->department, 0), term) ||
	    contains(department_name(dn, it->department, 1), term) ||
	    contains(kind_label(it->kind), term))
		return 2;
	return abbreviates(it->name_zh, term) ? 1 : 0;
}

/* Words are separated by ASCII or ideographic (full-width) spaces; an item
 * is shown when every word matches, items matched without abbreviations
 * first, each group in catalogue order. */
static void apply_filter(struct policy_state *ps)
{
	const struct catalogue *cat = ps->s->catalogue;
	char query[FIELD_MAX_BYTES];
	ascii_lower(ps->search.text, query, sizeof query);
	for (char *sp; (sp = strstr(query, "\xE3\x80\x80")) != NULL;)
		memcpy(sp, "   ", 3);
	ps->n_shown = 0;
	for (int want = 2; want >= 1; want--)
		for (int i = 0; cat && i < cat->n_items; i++) {
			char words[FIELD_MAX_BYTES];
			snprintf(words, sizeof words, "%s", query);
			int score = 2;
			char *save = NULL;
			for (char *w = strtok_r(words, " ", &save); w && score > 0;
			     w = strtok_r(NULL, " ", &save)) {
				int t = term_score(ps->s, &cat->items[i], w);
				score = t < score ? t : score;
			}
			if (score == want)
				ps->shown[ps->n_shown++] = i;
		}
	snprintf(ps->searched, sizeof ps->searched, "%s", ps->search.text);
	if (ps->selected >= ps->n_shown)
		ps->selected = ps->n_shown ? ps->n_shown - 1 : 0;
	ps->detail_top = 0;
}

struct columns {
	int name, dept, kind, limit;
};

static struct columns layout(void)
{
	struct columns c = {36, 14, 12, 12};
	int used = c.name + c.dept + c.kind + c.limit + 3;
	if (ui_cols() > used)
		c.name += ui_cols() - used;
	return c;
}

static void draw_row(int row, const struct columns *c, enum ui_role role, const char *name,
		     const char *dept, const char *kind, const char *limit)
{
	const char *text[] = {name, dept, kind};
	const int width[] = {c->name, c->dept, c->kind};
	int x = 0;
	for (int i = 0; i < 3; i++) {
		/* A cut name ends with ".." and a blank, never touching the next. */
		ui_text(row, x, width[i], role, true, text[i]);
		ui_text(row, x + width[i], 1, role, false, "");
		x += width[i] + 1;
	}
	ui_text(row, x, ui_cols() - x, role, true, limit);
}

static int list_rows(void)
{
	return (ui_rows() - 10) / 2;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct policy_state *ps = sc->state;
	const struct catalogue *cat = s->catalogue;
	ui_clear();
	session_draw_frame(s, _("Policy list"));
	const char *label = _("Search:");
	int lw = str_width(label) + 1;
	ui_text(1, 0, lw, ROLE_LABEL, false, label);
	char count[64];
	snprintf(count, sizeof count, _("%d of %d items"), ps->n_shown, cat ? cat->n_items : 0);
	int cw = str_width(count) + 1;
	ui_text(1, ui_cols() - cw, cw, ROLE_INFO, false, count);
	struct columns c = layout();
	draw_row(2, &c, ROLE_HEADER, _("Item"), _("Department"), _("Kind"), _("Time limit"));
	int visible = list_rows();
	if (ps->selected < ps->top)
		ps->top = ps->selected;
	if (ps->selected >= ps->top + visible)
		ps->top = ps->selected - visible + 1;
	for (int i = 0; i < visible && ps->top + i < ps->n_shown; i++) {
		const struct cat_item *it = &cat->items[ps->shown[ps->top + i]];
		char limit[48];
		snprintf(limit, sizeof limit, _("%d working days"), it->limits[LIM_TOTAL]);
		draw_row(3 + i, &c, ps->top + i == ps->selected ? ROLE_SELECTED : ROLE_NORMAL,
			 item_name(s, it), department_name(&s->departments, it->department, s->lang),
			 kind_label(it->kind), limit);
	}
	if (!cat)
		ui_text(3, 0, ui_cols(), ROLE_ERROR, true,
			_("The catalogue could not be read at login; ask the administrator."));
	else if (ps->n_shown == 0)
		ui_text(3, 0, ui_cols(), ROLE_INFO, true,
			_("No item matches; shorten the search or search by department."));
	int top = 3 + visible;
	ui_hline(top, 0, ui_cols());
	if (ps->n_shown > 0) {
		struct detail d = {0};
		build_detail(s, &cat->items[ps->shown[ps->selected]], ui_cols() - 1, &d);
		int rows = ui_rows() - 3 - top;
		if (ps->detail_top > d.count - rows)
			ps->detail_top = d.count - rows > 0 ? d.count - rows : 0;
		for (int i = 0; i < rows && ps->detail_top + i < d.count; i++) {
			const struct detail_line *l = &d.lines[ps->detail_top + i];
			ui_text(top + 1 + i, 0, ui_cols(), l->role, true, l->text);
		}
		free_detail(&d);
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_PRINT, CMD_NONE};
	ui_command_bar(CTX_POLICY, keys);
	field_draw(&ps->search, 1, lw, ui_cols() - lw - cw - 1, true);
}

static void on_print(struct policy_state *ps)
{
	struct session *s = ps->s;
	if (ps->n_shown == 0) {
		session_say(s, ROLE_INFO, _("No item to print."));
		return;
	}
	const struct cat_item *it = &s->catalogue->items[ps->shown[ps->selected]];
	struct detail d = {0};
	build_detail(s, it, PRINT_COLS, &d);
	struct strbuf text = STRBUF_INIT;
	char date[CDATE_TEXT_SIZE];
	cdate_format(session_today(s), date);
	strbuf_printf(&text, "%s\n%s  %s\n\n", _("Social assistance policy"),
		      s->staff.centre_name, date);
	for (int i = 0; i < d.count; i++)
		strbuf_printf(&text, "%s\n", d.lines[i].text);
	free_detail(&d);
	char name[96];
	snprintf(name, sizeof name, "policy-%s", it->code);
	session_print(s, name, strbuf_text(&text));
	strbuf_free(&text);
}

/* Keys that move in the list or the text; true when the key was one. */
static bool move_key(struct policy_state *ps, const struct ui_key *key)
{
	if (key->kind != KEY_KIND_FUNC)
		return false;
	switch (key->code) {
	case KEY_DOWN:
		if (ps->selected + 1 < ps->n_shown)
			ps->selected++, ps->detail_top = 0;
		return true;
	case KEY_UP:
		if (ps->selected > 0)
			ps->selected--, ps->detail_top = 0;
		return true;
	case KEY_NPAGE:
		ps->detail_top += 5;
		return true;
	case KEY_PPAGE:
		ps->detail_top = ps->detail_top > 5 ? ps->detail_top - 5 : 0;
		return true;
	default:
		return false;
	}
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	(void)s;
	if (cmd != CMD_PRINT)
		return UI_STAY;
	on_print(sc->state);
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	(void)s;
	struct policy_state *ps = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	if (move_key(ps, k))
		return UI_REDRAW;
	if (!field_edit(&ps->search, k))
		return UI_STAY;
	if (strcmp(ps->search.text, ps->searched) != 0) {
		ps->selected = 0;
		apply_filter(ps);
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct policy_state *ps = sc->state;
	free(ps->shown);
	free(ps);
}

static const char *const policy_help[] = {
	N_("Type: search by name, code, department or kind"), N_("Up, Down: choose an item"),
	N_("Page Up, Page Down: scroll the item's text"), N_("Esc: back"), NULL};

static const struct ui_screen_ops policy_ops = {
	.name = "policy",
	.ctx = CTX_POLICY,
	.help = policy_help,
	.draw = draw,
	.key = key,
	.command = command,
	.destroy = destroy,
};

struct ui_screen *policy_screen_new(struct session *s)
{
	struct policy_state *ps = xcalloc(1, sizeof *ps);
	ps->s = s;
	ps->search.max_chars = 60;
	ps->shown = xcalloc((size_t)(s->catalogue ? s->catalogue->n_items + 1 : 1), sizeof *ps->shown);
	s->status[0] = '\0';
	apply_filter(ps);
	return ui_screen_new(&policy_ops, ps);
}
