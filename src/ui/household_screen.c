/* household_screen.c - the household application form: hukou and members.
 *
 * Each field is checked when the cursor leaves it; the message goes to the
 * status line and the value stays as typed.  Saving registers the
 * household and its application in one transaction, under a request id
 * made when the form opened, so pressing save twice registers once. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/household.h"
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <string.h>

#define MAX_MEMBERS 12
#define FIELDS_PER_MEMBER 3

enum member_field { MF_ID, MF_NAME, MF_RELATION };

struct member_row {
	struct ui_field id, name;
	enum relation relation;
};

struct form_state {
	enum hukou hukou;
	struct member_row members[MAX_MEMBERS];
	int count;
	int focus; /* 0: hukou; then 1 + member * 3 + member_field */
	bool dirty, confirm_discard;
	char request_id[37];
};

/* Screen columns of the member table. */
enum { COL_NO = 0, COL_ID = 3, COL_NAME = 24, COL_REL = 40, COL_BIRTH = 56, COL_SEX = 68 };
enum { W_ID = 20, W_NAME = 15, W_REL = 15 };

static int focus_member(const struct form_state *f)
{
	return f->focus == 0 ? -1 : (f->focus - 1) / FIELDS_PER_MEMBER;
}

static enum member_field focus_field(const struct form_state *f)
{
	return (enum member_field)((f->focus - 1) % FIELDS_PER_MEMBER);
}

static int field_count(const struct form_state *f)
{
	return 1 + f->count * FIELDS_PER_MEMBER;
}

static void init_member(struct member_row *m, enum relation r)
{
	memset(m, 0, sizeof *m);
	m->id.max_chars = 24; /* room for spaces an ID is sometimes typed with */
	m->name.max_chars = 30;
	m->relation = r;
}

static void draw_choice(int row, int col, int width, bool focused, const char *label)
{
	char text[96];
	snprintf(text, sizeof text, "< %s >", label);
	ui_text(row, col, width, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD, true, text);
}

static void draw_member(const struct form_state *f, int i, int row)
{
	const struct member_row *m = &f->members[i];
	int fm = focus_member(f);
	enum member_field ff = fm == i ? focus_field(f) : MF_ID;
	char no[12];
	snprintf(no, sizeof no, "%d", i + 1);
	ui_text(row, COL_NO, 3, ROLE_LABEL, false, no);
	field_draw(&m->id, row, COL_ID, W_ID, false);
	field_draw(&m->name, row, COL_NAME, W_NAME, false);
	draw_choice(row, COL_REL, W_REL, fm == i && ff == MF_RELATION,
		    _(relation_label(m->relation)));
	struct resident_id rid;
	if (rid_parse(m->id.text, &rid) == RID_OK) {
		char birth[CDATE_TEXT_SIZE];
		cdate_format(rid.birth, birth);
		ui_text(row, COL_BIRTH, 11, ROLE_NORMAL, false, birth);
		ui_text(row, COL_SEX, 4, ROLE_NORMAL, false, rid.sex == 'M' ? _("male") : _("female"));
	}
}

static void draw(struct session *s, struct form_state *f)
{
	ui_clear();
	session_draw_frame(s, _("Register a household"));
	ui_text(2, 0, 12, ROLE_LABEL, true, _("Hukou"));
	draw_choice(2, 12, 14, f->focus == 0, f->hukou == HUKOU_URBAN ? _("urban") : _("rural"));
	ui_text(4, COL_NO, 3, ROLE_HEADER, false, "#");
	ui_text(4, COL_ID, W_ID + 1, ROLE_HEADER, true, _("Resident ID"));
	ui_text(4, COL_NAME, W_NAME + 1, ROLE_HEADER, true, _("Name"));
	ui_text(4, COL_REL, W_REL + 1, ROLE_HEADER, true, _("Relation"));
	ui_text(4, COL_BIRTH, 12, ROLE_HEADER, true, _("Born"));
	ui_text(4, COL_SEX, ui_cols() - COL_SEX, ROLE_HEADER, true, _("Sex"));
	ui_hline(5, 0, ui_cols());
	for (int i = 0; i < f->count; i++)
		draw_member(f, i, 6 + i);
	static const enum ui_command keys[] = {CMD_HELP, CMD_ADD_MEMBER, CMD_REMOVE_MEMBER,
					       CMD_SAVE, CMD_QUIT, CMD_NONE};
	ui_command_bar(keys);
	/* The focused text field last, so the cursor ends up in it. */
	int fm = focus_member(f);
	if (fm < 0) {
		ui_cursor(-1, 0);
	} else {
		const struct member_row *m = &f->members[fm];
		switch (focus_field(f)) {
		case MF_ID:
			field_draw(&m->id, 6 + fm, COL_ID, W_ID, true);
			break;
		case MF_NAME:
			field_draw(&m->name, 6 + fm, COL_NAME, W_NAME, true);
			break;
		case MF_RELATION:
			ui_cursor(-1, 0);
			break;
		}
	}
}

/* The check made when the cursor leaves a field. */
static void check_leaving(struct session *s, struct form_state *f)
{
	int fm = focus_member(f);
	if (fm < 0)
		return;
	struct member_row *m = &f->members[fm];
	switch (focus_field(f)) {
	case MF_ID: {
		if (!m->id.len)
			return;
		struct resident_id rid;
		enum rid_error e = rid_parse(m->id.text, &rid);
		if (e != RID_OK) {
			session_say(s, ROLE_ERROR, _("Member %d: %s"), fm + 1, _(rid_error_message(e)));
			return;
		}
		field_set(&m->id, rid.text); /* full-width digits become digits */
		for (int j = 0; j < f->count; j++) {
			struct resident_id other;
			if (j != fm && rid_parse(f->members[j].id.text, &other) == RID_OK &&
			    strcmp(other.text, rid.text) == 0) {
				session_say(s, ROLE_ERROR,
					    _("Member %d has the same resident ID as member %d"),
					    fm + 1, j + 1);
				return;
			}
		}
		s->status[0] = '\0';
		break;
	}
	case MF_NAME:
		if (m->name.len == 0)
			session_say(s, ROLE_ERROR, _("Member %d: enter the name"), fm + 1);
		break;
	case MF_RELATION:
		break;
	}
}

static void move_focus(struct session *s, struct form_state *f, int delta)
{
	check_leaving(s, f);
	int n = field_count(f);
	f->focus = (f->focus + delta + n) % n;
}

static void cycle_choice(struct form_state *f, int delta)
{
	if (f->focus == 0) {
		f->hukou = f->hukou == HUKOU_URBAN ? HUKOU_RURAL : HUKOU_URBAN;
		f->dirty = true;
		return;
	}
	int fm = focus_member(f);
	if (fm == 0)
		return; /* the applicant is always "self" */
	struct member_row *m = &f->members[fm];
	/* Members other than the applicant take every relation but "self". */
	int r = (int)m->relation - 1 + delta;
	int choices = REL_COUNT - 1;
	r = (r % choices + choices) % choices;
	m->relation = (enum relation)(r + 1);
	f->dirty = true;
}

static void add_member(struct session *s, struct form_state *f)
{
	if (f->count >= MAX_MEMBERS) {
		session_say(s, ROLE_ERROR, _("A household form holds at most %d members."),
			    MAX_MEMBERS);
		return;
	}
	check_leaving(s, f);
	init_member(&f->members[f->count], f->count == 1 ? REL_SPOUSE : REL_CHILD);
	f->count++;
	f->focus = 1 + (f->count - 1) * FIELDS_PER_MEMBER + MF_ID;
	f->dirty = true;
}

static void remove_member(struct session *s, struct form_state *f)
{
	int fm = focus_member(f);
	if (fm <= 0) {
		session_say(s, ROLE_ERROR, _("Move to a member other than the applicant to remove it."));
		return;
	}
	memmove(&f->members[fm], &f->members[fm + 1],
		(size_t)(f->count - fm - 1) * sizeof f->members[0]);
	f->count--;
	if (f->focus >= field_count(f))
		f->focus = field_count(f) - FIELDS_PER_MEMBER;
	f->dirty = true;
	session_say(s, ROLE_INFO, _("Member %d removed."), fm + 1);
}

static bool save(struct session *s, struct form_state *f, char app_no[64])
{
	check_leaving(s, f);
	struct household h = {.hukou = f->hukou};
	for (int i = 0; i < f->count; i++)
		household_add_member(&h, f->members[i].id.text, f->members[i].name.text,
				     f->members[i].relation);
	struct diag d;
	enum od_status st = store_register_household(s->db, f->request_id, &h, app_no, &d);
	household_clear(&h);
	if (st != OD_OK) {
		session_say(s, ROLE_ERROR, _("Not saved: %s"), d.text);
		return false;
	}
	session_say(s, ROLE_INFO, _("Registered: application %s."), app_no);
	return true;
}

static bool is_key(const struct ui_key *k, int code)
{
	return k->kind == KEY_KIND_FUNC && k->code == code;
}

bool household_screen_run(struct session *s, char app_no[64])
{
	static struct form_state f; /* large; one form open at a time */
	memset(&f, 0, sizeof f);
	f.hukou = HUKOU_RURAL;
	init_member(&f.members[0], REL_SELF);
	f.count = 1;
	f.focus = 1;
	db_new_request_id(f.request_id);
	session_say(s, ROLE_INFO, _("Enter the applicant first; F3 adds a member, F8 saves."));
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(s, &f);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			return false;
		/* Ctrl-C leaves the form like Esc: never silently, if anything was typed. */
		if (is_key(&key, KEY_ESCAPE) || is_key(&key, CTRL('c'))) {
			if (!f.dirty || f.confirm_discard) {
				s->status[0] = '\0';
				return false;
			}
			f.confirm_discard = true;
			session_say(s, ROLE_ERROR, _("Press Esc again to discard this form."));
			continue;
		}
		f.confirm_discard = false;
		if (is_key(&key, KEY_RESIZE))
			continue;
		enum ui_command cmd = ui_command_of(&key);
		switch (cmd) {
		case CMD_SAVE:
			if (save(s, &f, app_no))
				return true;
			continue;
		case CMD_ADD_MEMBER:
			add_member(s, &f);
			continue;
		case CMD_REMOVE_MEMBER:
			remove_member(s, &f);
			continue;
		case CMD_HELP:
			session_say(s, ROLE_INFO,
				    _("Tab/Enter next field, Shift-Tab previous, Left/Right/Space "
				      "change a choice, F3/Ctrl-A add, F4/Ctrl-D remove, F8/Ctrl-S "
				      "save, Esc back"));
			continue;
		case CMD_QUIT:
			session_say(s, ROLE_INFO, _("Save (F8) or leave the form (Esc) first."));
			continue;
		case CMD_NONE:
		case CMD_NEW_HOUSEHOLD:
		case CMD_REFRESH:
			break;
		}
		if (is_key(&key, KEY_TAB) || is_key(&key, KEY_RETURN) || is_key(&key, KEY_ENTER) ||
		    is_key(&key, KEY_DOWN)) {
			move_focus(s, &f, +1);
			continue;
		}
		if (is_key(&key, KEY_BTAB) || is_key(&key, KEY_UP)) {
			move_focus(s, &f, -1);
			continue;
		}
		bool on_choice = f.focus == 0 || focus_field(&f) == MF_RELATION;
		if (on_choice) {
			if (is_key(&key, KEY_LEFT))
				cycle_choice(&f, -1);
			else if (is_key(&key, KEY_RIGHT) ||
				 (key.kind == KEY_KIND_CHAR && key.ch == ' '))
				cycle_choice(&f, +1);
			continue;
		}
		struct member_row *m = &f.members[focus_member(&f)];
		if (field_edit(focus_field(&f) == MF_ID ? &m->id : &m->name, &key))
			f.dirty = true;
	}
}
