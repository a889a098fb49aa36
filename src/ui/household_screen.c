/* household_screen.c - the household application form, drawn from its
 * definition (forms/household.ini).
 *
 * One scrolling list: the household's fields, then each member under a
 * heading.  A text field is edited in place; a choice or yes/no changes with
 * Left/Right/Space.  Each field is checked when the cursor leaves it (the
 * message goes to the status line, the value stays as typed).  The draft is
 * written to disk within a second of any change and on leaving a field;
 * saving registers the household under the request id the form was opened
 * with, so a second press or a retry registers once. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/resident_id.h"
#include "onedoor/case_store.h"
#include "onedoor/draft.h"
#include "onedoor/bank_account.h"
#include "onedoor/form_values.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns: label, then value. */
enum { COL_LABEL = 1, W_LABEL = 30, COL_VALUE = 32, W_VALUE = 34 };
/* Draft written after this long without a key. */
#define DRAFT_IDLE_MS 800

/* A line of the list: a field of the household (member -1) or of a
 * member, or a member's heading (field -1). */
struct line {
	int member, field;
};

struct form_screen {
	struct session *s;
	const struct form_def *def;
	int lang;
	struct form_values v;
	struct line lines[FORM_MAX_MEMBERS * 40 + 64];
	int line_count;
	int focus; /* index into lines, always a field line */
	int top;
	struct ui_field edit; /* the focused text field being edited */
	bool dirty, draft_pending, confirm_discard;
	char request_id[DRAFT_ID_SIZE];
	char app_no[64];        /* once registered */
	char decision_id[DRAFT_ID_SIZE]; /* request id of accept/refuse, kept for retries */
};

static const struct form_field *field_at(const struct form_screen *fs, int line)
{
	return fs->lines[line].field < 0 ? NULL : &fs->def->fields[fs->lines[line].field];
}

static bool is_choice(const struct form_field *f)
{
	return f->type == FT_CHOICE || f->type == FT_YESNO;
}

/* Members first (the applicant at the top, where the clerk starts), then
 * the household's finances and circumstances under their own heading. */
static void build_lines(struct form_screen *fs)
{
	int n = 0;
	for (int m = 0; m <= fs->v.member_count; m++) {
		int member = m < fs->v.member_count ? m : -1;
		fs->lines[n++] = (struct line){member, -1};
		for (int f = 0; f < fs->def->count; f++)
			if ((fs->def->fields[f].scope == FS_MEMBER) == (member >= 0))
				fs->lines[n++] = (struct line){member, f};
	}
	fs->line_count = n;
}

/* Sections in screen order: members 0..count-1, then the household (-1). */
static int section_index(const struct form_screen *fs, int member)
{
	return member < 0 ? fs->v.member_count : member;
}

static int section_member(const struct form_screen *fs, int index)
{
	return index >= fs->v.member_count ? -1 : index;
}

/* Index of the line for (member, field); the first field of the member
 * when field < 0. */
static int line_of(const struct form_screen *fs, int member, int field)
{
	for (int i = 0; i < fs->line_count; i++)
		if (fs->lines[i].member == member && fs->lines[i].field >= 0 &&
		    (field < 0 || fs->lines[i].field == field))
			return i;
	return 0;
}

static void load_edit(struct form_screen *fs)
{
	const struct line *l = &fs->lines[fs->focus];
	field_set(&fs->edit, form_values_get(&fs->v, l->member, l->field));
	const struct form_field *f = field_at(fs, fs->focus);
	fs->edit.max_chars = f->type == FT_TEXT ? (f->max_chars ? f->max_chars : 200) : 40;
}

/* Puts the edited text back and checks it, as the cursor leaves. */
static void leave_field(struct form_screen *fs)
{
	const struct line *l = &fs->lines[fs->focus];
	const struct form_field *f = field_at(fs, fs->focus);
	if (!is_choice(f) && strcmp(fs->edit.text, form_values_get(&fs->v, l->member, l->field))) {
		form_values_set(&fs->v, l->member, l->field, fs->edit.text);
		fs->dirty = fs->draft_pending = true;
	}
	char stored[1024];
	struct diag d;
	if (form_field_check(f, fs->lang, form_values_get(&fs->v, l->member, l->field), stored,
			     sizeof stored, &d) != OD_OK) {
		if (l->member >= 0)
			session_say(fs->s, ROLE_ERROR, _("Member %d: %s"), l->member + 1, d.text);
		else
			session_say(fs->s, ROLE_ERROR, "%s", d.text);
		return;
	}
	/* Full-width digits become digits, amounts get their two decimals. */
	if (*stored)
		form_values_set(&fs->v, l->member, l->field, stored);
	fs->s->status[0] = '\0';
}

static void focus_line(struct form_screen *fs, int line)
{
	if (line < 0 || line >= fs->line_count || fs->lines[line].field < 0)
		return;
	fs->focus = line;
	load_edit(fs);
}

static void move_focus(struct form_screen *fs, int delta)
{
	leave_field(fs);
	int line = fs->focus;
	do
		line = (line + delta + fs->line_count) % fs->line_count;
	while (fs->lines[line].field < 0);
	focus_line(fs, line);
}

static void jump_member(struct form_screen *fs, int delta)
{
	leave_field(fs);
	int at = section_index(fs, fs->lines[fs->focus].member) + delta;
	if (at < 0)
		at = 0;
	if (at > fs->v.member_count)
		at = fs->v.member_count;
	focus_line(fs, line_of(fs, section_member(fs, at), -1));
}

static void value_text(const struct form_screen *fs, int line, char *out, size_t n)
{
	const struct line *l = &fs->lines[line];
	const struct form_field *f = field_at(fs, line);
	const char *v = form_values_get(&fs->v, l->member, l->field);
	char account[BANK_ACCOUNT_SIZE], masked[BANK_ACCOUNT_SIZE];
	if (is_choice(f))
		snprintf(out, n, "< %s >", *v ? form_choice_label(f, v, fs->lang) : "--");
	else if (f->type == FT_BANK_ACCOUNT && bank_account_parse(v, account) == BANK_ACCOUNT_OK) {
		/* Shown whole only while it is being typed (the field in focus). */
		bank_account_mask(account, masked);
		snprintf(out, n, "%s", masked);
	} else
		snprintf(out, n, "%s", v);
}

static void draw_heading(const struct form_screen *fs, int row, int member)
{
	if (member < 0) {
		char text[64];
		snprintf(text, sizeof text, " %s ", _("Household"));
		ui_hline(row, 0, ui_cols());
		ui_text(row, 2, str_width(text), ROLE_HEADER, false, text);
		return;
	}
	char text[256], born[64] = "";
	const char *name = form_values_get_key(&fs->v, member, "name");
	const char *relation = form_values_get_key(&fs->v, member, "relation");
	int rel = form_find(fs->def, "relation");
	/* What the resident ID tells: birth date, age today, sex. */
	struct resident_id rid;
	if (rid_parse(form_values_get_key(&fs->v, member, "id"), &rid) == RID_OK) {
		char date[CDATE_TEXT_SIZE];
		cdate_format(rid.birth, date);
		snprintf(born, sizeof born, "%s %s %d%s %s", _("born"), date,
			 cdate_age_on(rid.birth, cdate_today()), _(" years"),
			 rid.sex == 'M' ? _("male") : _("female"));
	}
	snprintf(text, sizeof text, " %s %d  %s  %s  %s ", _("Member"), member + 1, name,
		 rel >= 0 && *relation ? form_choice_label(&fs->def->fields[rel], relation, fs->lang)
				       : "",
		 born);
	ui_hline(row, 0, ui_cols());
	ui_text(row, 2, str_width(text) < ui_cols() - 4 ? str_width(text) : ui_cols() - 4,
		ROLE_HEADER, true, text);
}

static void draw(struct form_screen *fs)
{
	ui_clear();
	char title[128];
	snprintf(title, sizeof title, "%s", fs->def->title[fs->lang]);
	session_draw_frame(fs->s, title);
	int first = 2, rows = ui_rows() - 4;
	if (fs->focus < fs->top + 1)
		fs->top = fs->focus > 0 && fs->lines[fs->focus - 1].field < 0 ? fs->focus - 1
									 : fs->focus;
	if (fs->focus >= fs->top + rows)
		fs->top = fs->focus - rows + 1;
	if (fs->top < 0)
		fs->top = 0;
	int value_width = ui_cols() - COL_VALUE - 1;
	if (value_width > W_VALUE + 20)
		value_width = W_VALUE + 20;
	int cursor_row = -1;
	for (int i = 0; i < rows && fs->top + i < fs->line_count; i++) {
		int line = fs->top + i, row = first + i;
		if (fs->lines[line].field < 0) {
			draw_heading(fs, row, fs->lines[line].member);
			continue;
		}
		const struct form_field *f = field_at(fs, line);
		char label[128];
		snprintf(label, sizeof label, "%s%s", f->required ? "*" : " ", f->label[fs->lang]);
		ui_text(row, COL_LABEL, W_LABEL, ROLE_LABEL, true, label);
		bool focused = line == fs->focus;
		if (focused && !is_choice(f)) {
			cursor_row = row;
			continue;
		}
		char value[1024];
		value_text(fs, line, value, sizeof value);
		ui_text(row, COL_VALUE, value_width, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD, true,
			value);
	}
	if (!fs->s->status[0] || fs->s->status_role == ROLE_INFO) {
		const struct form_field *f = field_at(fs, fs->focus);
		if (*f->help[fs->lang])
			ui_status(ROLE_INFO, f->help[fs->lang]);
	}
	static const enum ui_command keys[] = {CMD_HELP,      CMD_ADD_MEMBER, CMD_REMOVE_MEMBER,
					       CMD_MEMBER_UP, CMD_SAVE,       CMD_MENU,
					       CMD_NONE};
	ui_command_bar(CTX_FORM, keys);
	if (cursor_row >= 0)
		field_draw(&fs->edit, cursor_row, COL_VALUE, value_width, true);
	else
		ui_cursor(-1, 0);
}

static void save_draft(struct form_screen *fs)
{
	struct diag d;
	fs->draft_pending = false;
	if (draft_save(fs->request_id, &fs->v, &d) != OD_OK)
		session_say(fs->s, ROLE_ERROR, _("Draft not saved: %s"), d.text);
}

static void cycle_choice(struct form_screen *fs, int delta)
{
	const struct line *l = &fs->lines[fs->focus];
	const struct form_field *f = field_at(fs, fs->focus);
	if (l->member == 0 && strcmp(f->key, "relation") == 0)
		return; /* the applicant is always "self" */
	const char *now = form_values_get(&fs->v, l->member, l->field);
	const char *yesno[] = {"no", "yes"};
	int count = f->type == FT_YESNO ? 2 : f->choice_count;
	int at = -1;
	for (int i = 0; i < count; i++)
		if (strcmp(now, f->type == FT_YESNO ? yesno[i] : f->choices[i].code) == 0)
			at = i;
	int next = at < 0 ? 0 : (at + delta + count) % count;
	/* Members other than the applicant are never "self". */
	if (f->type == FT_CHOICE && strcmp(f->choices[next].code, "self") == 0)
		next = (next + (delta < 0 ? -1 : 1) + count) % count;
	form_values_set(&fs->v, l->member, l->field,
			f->type == FT_YESNO ? yesno[next] : f->choices[next].code);
	fs->dirty = fs->draft_pending = true;
}

static void add_member(struct form_screen *fs)
{
	leave_field(fs);
	int m = form_values_add_member(&fs->v);
	if (m < 0) {
		session_say(fs->s, ROLE_ERROR, _("A household form holds at most %d members."),
			    FORM_MAX_MEMBERS);
		return;
	}
	if (m == 1) {
		int rel = form_find(fs->def, "relation");
		if (rel >= 0)
			form_values_set(&fs->v, m, rel, "spouse");
	}
	build_lines(fs);
	focus_line(fs, line_of(fs, m, -1));
	fs->dirty = fs->draft_pending = true;
}

static void change_members(struct form_screen *fs, enum ui_command cmd)
{
	int m = fs->lines[fs->focus].member;
	int field = fs->lines[fs->focus].field;
	leave_field(fs);
	bool done = cmd == CMD_REMOVE_MEMBER ? form_values_remove_member(&fs->v, m)
					     : form_values_move_member(&fs->v, m,
								       cmd == CMD_MEMBER_UP ? -1 : 1);
	if (!done) {
		session_say(fs->s, ROLE_ERROR,
			    _("The applicant stays first; move to another member to do that."));
		return;
	}
	build_lines(fs);
	if (cmd == CMD_REMOVE_MEMBER) {
		focus_line(fs, line_of(fs, m < fs->v.member_count ? m : m - 1, -1));
		session_say(fs->s, ROLE_INFO, _("Member %d removed."), m + 1);
	} else {
		focus_line(fs, line_of(fs, m + (cmd == CMD_MEMBER_UP ? -1 : 1), field));
	}
	fs->dirty = fs->draft_pending = true;
}

/* Registers the household once; later calls return the same number. */
static bool register_once(struct form_screen *fs)
{
	if (fs->app_no[0])
		return true;
	leave_field(fs);
	int member, field;
	struct diag d;
	if (form_values_check(&fs->v, fs->lang, &member, &field, &d) != OD_OK) {
		session_say(fs->s, ROLE_ERROR, _("Not saved: %s"), d.text);
		focus_line(fs, line_of(fs, member, field));
		return false;
	}
	save_draft(fs);
	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&fs->v, &json);
	enum od_status st = store_register_household(fs->s->db, fs->request_id, strbuf_text(&json),
						     fs->app_no, &d);
	strbuf_free(&json);
	if (st != OD_OK) {
		fs->app_no[0] = '\0';
		session_say(fs->s, ROLE_ERROR, _("Not saved: %s"), d.text);
		return false;
	}
	/* Committed: only now may the draft go. */
	draft_remove(fs->request_id);
	return true;
}

static bool save(struct form_screen *fs, char app_no[64])
{
	if (!register_once(fs))
		return false;
	snprintf(app_no, 64, "%s", fs->app_no);
	session_say(fs->s, ROLE_INFO, _("Registered: application %s."), app_no);
	return true;
}

/* The receipt of the cases just opened; shown, written and printed. */
static void issue_receipt(struct form_screen *fs, const struct case_ref *cases, int count)
{
	struct session *s = fs->s;
	struct receipt_item items[MENU_MAX_PACKAGE];
	struct case_detail *details[MENU_MAX_PACKAGE] = {NULL};
	int n = count < MENU_MAX_PACKAGE ? count : MENU_MAX_PACKAGE;
	for (int i = 0; i < n; i++) {
		struct diag d;
		int it = catalogue_find_item(s->catalogue, cases[i].item_code, strlen(cases[i].item_code));
		case_detail_load(s->db, cases[i].id, &details[i], &d);
		items[i] = (struct receipt_item){
			.case_no = cases[i].case_no,
			.item_code = cases[i].item_code,
			.due_date = details[i] ? details[i]->row.case_due : "",
			.has_amount = it >= 0 && s->matcher->items[it].has_amount,
			.amount = it >= 0 ? s->matcher->items[it].amount : 0,
		};
	}
	char date[CDATE_TEXT_SIZE], masked[RID_LENGTH + 1] = "";
	cdate_format(cdate_today(), date);
	struct resident_id rid;
	if (rid_parse(form_values_get_key(&fs->v, 0, "id"), &rid) == RID_OK)
		rid_mask(rid.text, masked);
	receipt_issue(s, fs->app_no, form_values_get_key(&fs->v, 0, "name"), masked,
		      s->staff.full_name, date, items, n);
	for (int i = 0; i < n; i++)
		case_detail_free(&details[i]);
}

static int accept(struct form_screen *fs, const struct menu_result *res, char app_no[64])
{
	if (!register_once(fs))
		return 0;
	struct case_package_item items[MENU_MAX_PACKAGE];
	for (int i = 0; i < res->package_count; i++)
		items[i] = (struct case_package_item){
			.item_code = fs->s->catalogue->items[res->package[i]].code};
	if (!fs->decision_id[0])
		db_new_request_id(fs->decision_id);
	struct case_ref *cases = NULL;
	int count = 0;
	struct diag d;
	if (case_accept_application(fs->s->db, fs->decision_id, fs->app_no, 1, items,
				    res->package_count, &cases, &count, &d) != OD_OK) {
		session_say(fs->s, ROLE_ERROR, _("Not accepted: %s"), d.text);
		return 0;
	}
	snprintf(app_no, 64, "%s", fs->app_no);
	session_say(fs->s, ROLE_INFO, _("Accepted: application %s, %d cases opened."), app_no, count);
	issue_receipt(fs, cases, count);
	free(cases);
	return 1;
}

static int refuse(struct form_screen *fs, const struct menu_result *res, char app_no[64])
{
	if (!register_once(fs))
		return 0;
	if (!fs->decision_id[0])
		db_new_request_id(fs->decision_id);
	struct diag d;
	if (case_refuse_application(fs->s->db, fs->decision_id, fs->app_no, 1, res->reason, &d) !=
	    OD_OK) {
		session_say(fs->s, ROLE_ERROR, _("Not recorded: %s"), d.text);
		return 0;
	}
	snprintf(app_no, 64, "%s", fs->app_no);
	session_say(fs->s, ROLE_INFO, _("Not accepted (不同意受理): application %s, reason recorded."),
		    app_no);
	return 1;
}

/* F9: the menu for the form as it stands. */
static int open_menu(struct form_screen *fs, char app_no[64])
{
	leave_field(fs);
	struct menu_result res;
	switch (menu_screen_run(fs->s, &fs->v, &res)) {
	case MENU_BACK:
		return 0;
	case MENU_FILL: {
		int field = form_find(fs->def, res.fill_key);
		if (field >= 0 && res.fill_member < fs->v.member_count)
			focus_line(fs, line_of(fs, res.fill_member, field));
		session_say(fs->s, ROLE_INFO, _("Fill in this field, then F9 for the menu again."));
		return 0;
	}
	case MENU_ACCEPT:
		return accept(fs, &res, app_no);
	case MENU_REFUSE:
		return refuse(fs, &res, app_no);
	}
	return 0;
}

static bool is_key(const struct ui_key *k, int code)
{
	return k->kind == KEY_KIND_FUNC && k->code == code;
}

static void show_help(struct form_screen *fs)
{
	const char *extra[] = {
		_("Tab, Enter, Down: next field     Shift-Tab, Up: previous field"),
		_("PgDn, PgUp: next, previous member; after the last, the household"),
		_("Left, Right, Space: change a choice"),
		_("Esc: back (twice to discard the form and its draft)"), NULL};
	ui_help_overlay(CTX_FORM, extra);
	(void)fs;
}

static int on_save(struct form_screen *fs, char app_no[64])
{
	return save(fs, app_no) ? 1 : 0;
}

static int on_add_member(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	add_member(fs);
	return 0;
}

static int on_remove_member(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	change_members(fs, CMD_REMOVE_MEMBER);
	return 0;
}

static int on_member_up(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	change_members(fs, CMD_MEMBER_UP);
	return 0;
}

static int on_member_down(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	change_members(fs, CMD_MEMBER_DOWN);
	return 0;
}

static int on_help(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	show_help(fs);
	return 0;
}

static int on_quit(struct form_screen *fs, char app_no[64])
{
	(void)app_no;
	session_say(fs->s, ROLE_INFO, _("Save (F8) or leave the form (Esc) first."));
	return 0;
}

/* The form's commands: 1 registered (or decided), -1 left, 0 stay. */
static const struct {
	enum ui_command cmd;
	int (*run)(struct form_screen *fs, char app_no[64]);
} form_handlers[] = {
	{CMD_SAVE, on_save},
	{CMD_ADD_MEMBER, on_add_member},
	{CMD_REMOVE_MEMBER, on_remove_member},
	{CMD_MEMBER_UP, on_member_up},
	{CMD_MEMBER_DOWN, on_member_down},
	{CMD_MENU, open_menu},
	{CMD_HELP, on_help},
	{CMD_QUIT, on_quit},
};

/* One key; returns 1 when registered, -1 when the clerk left, 0 to go on. */
static int handle_key(struct form_screen *fs, const struct ui_key *key, char app_no[64])
{
	if (is_key(key, KEY_ESCAPE) || is_key(key, CTRL('c'))) {
		if (!fs->dirty || fs->confirm_discard) {
			draft_remove(fs->request_id);
			fs->s->status[0] = '\0';
			return -1;
		}
		fs->confirm_discard = true;
		session_say(fs->s, ROLE_ERROR,
			    _("Press Esc again to discard this form; F8 saves it."));
		return 0;
	}
	fs->confirm_discard = false;
	enum ui_command cmd = ui_command_of(CTX_FORM, key);
	for (size_t i = 0; i < sizeof form_handlers / sizeof form_handlers[0]; i++)
		if (form_handlers[i].cmd == cmd)
			return form_handlers[i].run(fs, app_no);
	if (is_key(key, KEY_TAB) || is_key(key, KEY_RETURN) || is_key(key, KEY_ENTER) ||
	    is_key(key, KEY_DOWN))
		move_focus(fs, +1);
	else if (is_key(key, KEY_BTAB) || is_key(key, KEY_UP))
		move_focus(fs, -1);
	else if (is_key(key, KEY_NPAGE))
		jump_member(fs, +1);
	else if (is_key(key, KEY_PPAGE))
		jump_member(fs, -1);
	else if (is_choice(field_at(fs, fs->focus))) {
		if (is_key(key, KEY_LEFT))
			cycle_choice(fs, -1);
		else if (is_key(key, KEY_RIGHT) || (key->kind == KEY_KIND_CHAR && key->ch == ' '))
			cycle_choice(fs, +1);
	} else if (field_edit(&fs->edit, key) && key->kind != KEY_KIND_FUNC) {
		fs->dirty = fs->draft_pending = true;
	} else if (key->kind == KEY_KIND_FUNC) {
		fs->draft_pending = fs->draft_pending || is_key(key, KEY_BACKSPACE) ||
				    is_key(key, KEY_DC);
	}
	return 0;
}

static bool run(struct form_screen *fs, char app_no[64])
{
	build_lines(fs);
	focus_line(fs, line_of(fs, 0, -1));
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(fs);
		struct ui_key key = ui_wait_key(fs->draft_pending ? DRAFT_IDLE_MS : -1, -1);
		if (ui_quit_requested()) {
			/* Closed terminal or SIGTERM: keep everything typed. */
			const struct line *l = &fs->lines[fs->focus];
			if (!is_choice(field_at(fs, fs->focus)))
				form_values_set(&fs->v, l->member, l->field, fs->edit.text);
			save_draft(fs);
			return false;
		}
		if (key.kind == KEY_KIND_NONE) {
			/* Idle: the typed text goes to the draft as it stands. */
			const struct line *l = &fs->lines[fs->focus];
			if (!is_choice(field_at(fs, fs->focus)))
				form_values_set(&fs->v, l->member, l->field, fs->edit.text);
			save_draft(fs);
			continue;
		}
		if (is_key(&key, KEY_RESIZE))
			continue;
		int r = handle_key(fs, &key, app_no);
		if (r)
			return r > 0;
	}
}

bool household_screen_run(struct session *s, const char *resume_id, char app_no[64])
{
	static struct form_screen fs; /* large; one form open at a time */
	memset(&fs, 0, sizeof fs);
	fs.s = s;
	fs.def = s->household_form;
	fs.lang = s->lang;
	struct diag d;
	if (resume_id && draft_load(resume_id, fs.def, &fs.v, &d) == OD_OK) {
		snprintf(fs.request_id, sizeof fs.request_id, "%s", resume_id);
		fs.dirty = true;
		session_say(s, ROLE_INFO, _("Draft resumed; F8 saves it, Esc twice discards it."));
	} else {
		if (resume_id)
			session_say(s, ROLE_ERROR, _("Cannot resume the draft: %s"), d.text);
		form_values_init(&fs.v, fs.def);
		db_new_request_id(fs.request_id);
		if (!resume_id)
			session_say(s, ROLE_INFO,
				    _("Enter the applicant first; F3 adds a member, F8 saves."));
	}
	bool registered = run(&fs, app_no);
	form_values_clear(&fs.v);
	return registered;
}
