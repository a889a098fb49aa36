/* household_screen.c - the household application form, drawn from its
 * definition (forms/household.ini).
 *
 * One scrolling list: the household's fields, then each member under a
 * heading.  A text field is edited in place; a choice or yes/no changes with
 * Left/Right/Space.  Each field is checked when the cursor leaves it (the
 * message goes to the status line, the value stays as typed).  The draft is
 * written to disk within a second of any change and on leaving a field;
 * saving registers the household under the request id the form was opened
 * with, so a second press or a retry registers once.
 *
 * A household registered before comes back the same way (household_screen_
 * change): its stored facts fill the form, the clerk changes what is new,
 * and saving asks why and stores the household as its next version with a
 * new application on it (the server keeps every version and re-examines the
 * benefits it holds); the menu and acceptance then go on as for any
 * application.
 *
 * The menu (F9) is a screen of its own pushed over the form; what the
 * clerk decides there comes back in the form's menu_result when the form
 * resumes: go to a field, accept a package (register if needed, then
 * 同意受理, then the receipt takes the form's place) or refuse. */
#include "curses_provider.h"
#include "onedoor/civil_date.h"
#include "onedoor/resident_id.h"
#include "onedoor/case_store.h"
#include "onedoor/draft.h"
#include "onedoor/bank_account.h"
#include "onedoor/form_values.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"
#include "onedoor/store.h"
#include "onedoor/store_watch.h"

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
	bool dirty, draft_pending;
	bool discarded;         /* the clerk chose to throw the form and its draft away */
	bool loading;           /* reading a registered application back */
	char request_id[DRAFT_ID_SIZE];
	char app_no[64];        /* once registered */
	char household_no[40];  /* a registered household read back */
	char clash[40];         /* the household the members are registered in */
	bool changing;          /* a registered household reopened, saved as a new version */
	int version;            /* the household's version that was read */
	struct strbuf as_read;  /* the form right after it was read: what differs is the change */
	char decision_id[DRAFT_ID_SIZE]; /* request id of accept/refuse, kept for retries */
	char materials_id[DRAFT_ID_SIZE]; /* request id of the materials recorded with it */
	struct menu_result menu; /* the menu's decision, read on resume */
	int after_register;     /* what the answer to registering leads to */
	struct ui_screen *sc;   /* this form's screen, for the draft timer */
	long long report_id;    /* a coordinator's report this form completes, until registered */
	int report_version;
};

static const struct form_field *field_at(const struct form_screen *fs, int line)
{
	return fs->lines[line].field < 0 ? NULL : &fs->def->fields[fs->lines[line].field];
}

static bool is_choice(const struct form_field *f)
{
	return f->type == FT_CHOICE || f->type == FT_YESNO;
}

/* A field the window does not type: the server fills it (what the
 * household already receives, from its benefits in force). */
static bool is_server_filled(const struct form_field *f)
{
	return f->type == FT_ITEMS;
}

/* A field whose value is edited as text where the cursor is. */
static bool is_typed(const struct form_field *f)
{
	return !is_choice(f) && !is_server_filled(f);
}

/* Members first (the applicant at the top, where the clerk starts), then
 * the household's finances and circumstances under their own heading.
 * Only the fields asked: what is typed may rule a field out (a child's
 * wage, the grade of no disability), and the lines follow as it changes. */
static void build_lines(struct form_screen *fs)
{
	int n = 0;
	for (int m = 0; m <= fs->v.member_count; m++) {
		int member = m < fs->v.member_count ? m : -1;
		fs->lines[n++] = (struct line){member, -1};
		for (int f = 0; f < fs->def->count; f++)
			if ((fs->def->fields[f].scope == FS_MEMBER) == (member >= 0) &&
			    form_values_asked(&fs->v, member, f))
				fs->lines[n++] = (struct line){member, f};
	}
	fs->line_count = n;
}

/* The applicant's relation is always "self": shown, never stopped at. */
static bool fixed(const struct form_screen *fs, int line)
{
	const struct line *l = &fs->lines[line];
	return l->field >= 0 && l->member == 0 && strcmp(fs->def->fields[l->field].key, "relation") == 0;
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

/* The lines again after a value changed, the focus kept on its field. */
static void relayout(struct form_screen *fs)
{
	struct line at = fs->lines[fs->focus];
	build_lines(fs);
	for (int i = 0; i < fs->line_count; i++)
		if (fs->lines[i].member == at.member && fs->lines[i].field == at.field)
			fs->focus = i;
	if (fs->focus >= fs->line_count)
		fs->focus = fs->line_count - 1;
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
	if (is_typed(f) && strcmp(fs->edit.text, form_values_get(&fs->v, l->member, l->field))) {
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
		relayout(fs);
		return;
	}
	/* Full-width digits become digits, amounts get their two decimals. */
	if (*stored)
		form_values_set(&fs->v, l->member, l->field, stored);
	if (l->member >= 0 && strcmp(f->key, "id") == 0)
		form_values_id_entered(&fs->v, l->member);
	fs->s->status[0] = '\0';
	relayout(fs);
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
	while (fs->lines[line].field < 0 || fixed(fs, line));
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
	else if (is_server_filled(f))
		session_item_names(fs->s, v, out, n);
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
		snprintf(text, sizeof text, " %s ", _("The household as a whole"));
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
			 cdate_age_on(rid.birth, session_today(fs->s)), _(" years"),
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

static void draw(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct form_screen *fs = sc->state;
	ui_clear();
	char title[128];
	if (fs->changing)
		snprintf(title, sizeof title, _("Change of household %s"), fs->household_no);
	else
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
		if (focused && is_typed(f)) {
			cursor_row = row;
			continue;
		}
		char value[1024];
		value_text(fs, line, value, sizeof value);
		ui_text(row, COL_VALUE, value_width, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD, true,
			value);
	}
	if (!fs->s->status[0] && !fs->s->offline) {
		/* The field's help, and how long a text may be (the news of a
		 * lost connection goes first). */
		const struct form_field *f = field_at(fs, fs->focus);
		char help[512] = "";
		if (f->type == FT_TEXT)
			snprintf(help, sizeof help, _("%s (at most %d characters)"), f->help[fs->lang],
				 f->max_chars ? f->max_chars : 200);
		else if (f->blank != FB_NONE)
			/* What a blank means, as the form file says. */
			snprintf(help, sizeof help, "%s%s%s", f->help[fs->lang],
				 *f->help[fs->lang] ? _("; ") : "",
				 f->blank == FB_ZERO ? _("blank means none (0)")
						     : _("blank means not known: type 0 for none"));
		else
			snprintf(help, sizeof help, "%s", f->help[fs->lang]);
		if (*help)
			ui_status(ROLE_INFO, help);
	}
	if (fs->loading)
		ui_text(2, 0, ui_cols(), ROLE_INFO, true, _("Reading the application..."));
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
	relayout(fs);
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

/* Statements and answers of the form. */
enum { Q_REGISTER = 1, Q_ACCEPT, Q_REFUSE, Q_TRACE, Q_LOAD, Q_EXISTING, Q_REAPPLY,
       Q_REGISTER_ACCEPT };
/* What follows a registration's answer. */
enum { AFTER_SAVE, AFTER_ACCEPT, AFTER_REFUSE };
/* Questions asked on the status line. */
enum { ASK_LEAVE = 1, ASK_OPEN_EXISTING, ASK_CHANGE_REASON };


static bool is_key(const struct ui_key *k, int code)
{
	return k->kind == KEY_KIND_FUNC && k->code == code;
}

/* A registered application: its household read back from the server. */
static void household_load_query(struct form_screen *fs)
{
	struct db_query q;
	if (fs->report_id) { /* a report: what the coordinator gave */
		watch_report_form_query(&q, fs->report_id);
		ui_send(fs->s, fs->sc, Q_LOAD, &q);
		db_query_free(&q);
		fs->loading = true;
		return;
	}
	/* The read's trace first, committed on its own (the server answers
	 * the form only then). */
	store_household_form_trace_query(&q, fs->household_no);
	ui_send(fs->s, fs->sc, Q_TRACE, &q);
	db_query_free(&q);
	store_household_form_query(&q, fs->household_no);
	ui_send(fs->s, fs->sc, Q_LOAD, &q);
	db_query_free(&q);
	fs->loading = true;
}

static enum ui_op on_loaded(struct form_screen *fs, struct ui_reply *reply)
{
	struct session *s = fs->s;
	struct diag d = reply->d;
	fs->loading = false;
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot open the application"), d.text), UI_POP;
	form_values_clear(&fs->v);
	form_values_init(&fs->v, fs->def);
	fs->v.date = session_today(s);
	if (store_household_form_read(reply->result, &fs->v, &d) != OD_OK) {
		session_fail(s, _("Cannot open the application"), d.text);
		return UI_POP;
	}
	build_lines(fs);
	focus_line(fs, line_of(fs, 0, -1));
	if (fs->changing) {
		fs->version = store_household_form_version(reply->result);
		strbuf_free(&fs->as_read);
		form_values_to_json(&fs->v, &fs->as_read);
		session_say(s, ROLE_INFO,
			    _("Household %s as registered (version %d): change what is new, F8 saves "
			      "it with the reason."),
			    fs->household_no, fs->version);
		return UI_REDRAW;
	}
	if (fs->report_id) {
		fs->dirty = true;
		session_say(s, ROLE_INFO, "%s",
			    _("From a coordinator's report: complete the household; F8 registers "
			      "the application."));
		return UI_REDRAW;
	}
	session_say(s, ROLE_INFO, _("Application %s (registered): F9 opens its menu and acceptance."),
		    fs->app_no);
	return UI_REDRAW;
}

static void arm_draft_timer(struct form_screen *fs)
{
	/* Written once the keys stop for a moment (the loop's timer). */
	fs->sc->tick_ms = DRAFT_IDLE_MS;
	fs->sc->next_tick = 0;
}

/* The form as it will be sent: false, with the cursor on the field and
 * the reason said, when a field is wrong; else the draft is written. */
static bool ready_to_send(struct form_screen *fs)
{
	leave_field(fs);
	int member, field;
	struct diag d;
	if (form_values_check(&fs->v, fs->lang, &member, &field, &d) != OD_OK) {
		session_fail(fs->s, _("Not saved"), d.text);
		focus_line(fs, line_of(fs, member, field));
		return false;
	}
	save_draft(fs);
	return true;
}

/* Sends the registration, unless the household is registered already;
 * `after` says what its answer leads to.  False when a field is wrong (the
 * cursor is put there). */
static bool send_register(struct form_screen *fs, int after)
{
	if (!ready_to_send(fs))
		return false;
	if (fs->changing) {
		/* Stored as the household's next version: the reason is asked
		 * first (answer), then household_reapply is sent. */
		fs->after_register = after;
		return true;
	}
	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&fs->v, &json);
	struct db_query q;
	if (fs->report_id) /* registered from the report, which then names it */
		watch_report_to_application_query(&q, fs->request_id, fs->report_id,
						  fs->report_version, strbuf_text(&json));
	else
		store_register_household_query(&q, fs->request_id, strbuf_text(&json));
	ui_send(fs->s, fs->sc, Q_REGISTER, &q);
	db_query_free(&q);
	strbuf_free(&json);
	fs->after_register = after;
	return true;
}

/* The package the menu decided on, as the server takes it; returns how
 * many items.  The request ids are made once, kept for retries. */
static int package(struct form_screen *fs, struct case_package_item *items)
{
	for (int i = 0; i < fs->menu.package_count; i++)
		items[i] = (struct case_package_item){
			.item_code = fs->s->catalogue->items[fs->menu.package[i]].code};
	if (!fs->decision_id[0])
		db_new_request_id(fs->decision_id);
	if (!fs->materials_id[0])
		db_new_request_id(fs->materials_id);
	return fs->menu.package_count;
}

static void send_accept(struct form_screen *fs)
{
	struct case_package_item items[MENU_MAX_PACKAGE];
	int n = package(fs, items);
	struct db_query q;
	case_accept_with_materials_query(&q, fs->decision_id, fs->materials_id, fs->app_no, 1,
					 items, n);
	ui_send(fs->s, fs->sc, Q_ACCEPT, &q);
	db_query_free(&q);
}

/* A form never saved: registered and accepted in one statement, one round
 * trip for the key. */
static void send_register_accept(struct form_screen *fs)
{
	if (!ready_to_send(fs))
		return;
	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&fs->v, &json);
	struct case_package_item items[MENU_MAX_PACKAGE];
	int n = package(fs, items);
	struct db_query q;
	case_register_and_accept_query(&q, fs->request_id, strbuf_text(&json), fs->decision_id,
				       fs->materials_id, items, n);
	ui_send(fs->s, fs->sc, Q_REGISTER_ACCEPT, &q);
	db_query_free(&q);
	strbuf_free(&json);
}

static void send_refuse(struct form_screen *fs)
{
	if (!fs->decision_id[0])
		db_new_request_id(fs->decision_id);
	struct db_query q;
	case_refuse_application_query(&q, fs->decision_id, fs->app_no, 1, fs->menu.reason);
	ui_send(fs->s, fs->sc, Q_REFUSE, &q);
	db_query_free(&q);
}

/* The receipt of the cases just opened takes the form's place. */
static enum ui_op receipt_of(struct form_screen *fs, const struct case_ref *cases, int count)
{
	struct session *s = fs->s;
	struct receipt_item items[MENU_MAX_PACKAGE];
	int n = count < MENU_MAX_PACKAGE ? count : MENU_MAX_PACKAGE;
	for (int i = 0; i < n; i++) {
		int it = catalogue_find_item(s->catalogue, cases[i].item_code,
					     strlen(cases[i].item_code));
		items[i] = (struct receipt_item){
			.case_no = cases[i].case_no,
			.item_code = cases[i].item_code,
			.due_date = cases[i].case_due,
			.has_amount = it >= 0 && s->matcher->items[it].has_amount,
			.amount = it >= 0 ? s->matcher->items[it].amount : 0,
		};
	}
	char date[CDATE_TEXT_SIZE], masked[RID_LENGTH + 1] = "";
	cdate_format(session_today(s), date);
	struct resident_id rid;
	if (rid_parse(form_values_get_key(&fs->v, 0, "id"), &rid) == RID_OK)
		rid_mask(rid.text, masked);
	return ui_replace(s, receipt_screen_new(s, fs->app_no,
						form_values_get_key(&fs->v, 0, "name"), masked,
						s->staff.full_name, date, items, n));
}

/* The server refuses an item of the package by its code (DETAIL
 * "item|verdict|reason", 0045_accept_rederive.sql): the clerk reads its
 * name instead. */
static void name_refused_item(struct session *s, char *text, size_t n)
{
	const char *detail = db_last_detail(s->db);
	size_t len = strcspn(detail, "|");
	int it = len && s->catalogue ? catalogue_find_item(s->catalogue, detail, len) : -1;
	char *at = it >= 0 ? strstr(text, s->catalogue->items[it].code) : NULL;
	if (!at)
		return;
	const struct cat_item *item = &s->catalogue->items[it];
	const char *name = s->lang && *item->name_en ? item->name_en : item->name_zh;
	char rest[1024];
	snprintf(rest, sizeof rest, "%s", at + len);
	snprintf(at, n - (size_t)(at - text), "%s%s", name, rest);
}

/* The people are registered already: their household is offered rather
 * than a dead end. */
static enum ui_op offer_household(struct form_screen *fs, const struct diag *d)
{
	fs->app_no[0] = '\0';
	char question[768];
	snprintf(question, sizeof question,
		 _("%s. Open household %s instead (this form is discarded)? (y/n)"), d->text,
		 fs->clash);
	return ui_confirm(fs->s, fs->sc, ASK_OPEN_EXISTING, question);
}

/* Registered: only now may the draft go. */
static void committed(struct form_screen *fs)
{
	draft_remove(fs->request_id);
	fs->report_id = 0;
	fs->dirty = fs->draft_pending = false;
	fs->sc->tick_ms = 0;
}

/* Registered and accepted in one statement (send_register_accept). */
static enum ui_op on_register_accepted(struct form_screen *fs, struct ui_reply *reply)
{
	struct session *s = fs->s;
	struct diag d = reply->d;
	struct case_ref *cases = NULL;
	int count = 0;
	enum od_status st = case_register_and_accept_read(s->db, reply->status, reply->result,
							  fs->app_no, &cases, &count, &d);
	if (st == OD_ERR_DUPLICATE && store_register_clash(s->db, fs->clash))
		return offer_household(fs, &d);
	if (st != OD_OK) {
		/* Nothing was registered: the form and its draft stay as typed. */
		fs->app_no[0] = '\0';
		name_refused_item(s, d.text, sizeof d.text);
		return session_fail(s, _("Not accepted"), d.text);
	}
	committed(fs);
	session_say(s, ROLE_INFO, _("Accepted: application %s, %d cases opened."), fs->app_no,
		    count);
	enum ui_op op = receipt_of(fs, cases, count);
	free(cases);
	return op;
}

static enum ui_op after_saved(struct form_screen *fs);

static enum ui_op on_registered(struct form_screen *fs, struct ui_reply *reply)
{
	struct session *s = fs->s;
	struct diag d = reply->d;
	enum od_status st = store_register_household_read(s->db, reply->status, reply->result,
							  fs->app_no, &d);
	if (st == OD_ERR_DUPLICATE && store_register_clash(s->db, fs->clash))
		return offer_household(fs, &d);
	if (st != OD_OK) {
		fs->app_no[0] = '\0';
		return session_fail(s, _("Not saved"), d.text);
	}
	return after_saved(fs);
}

/* The registration or the new version is committed: what it was for. */
static enum ui_op after_saved(struct form_screen *fs)
{
	struct session *s = fs->s;
	committed(fs);
	switch (fs->after_register) {
	case AFTER_ACCEPT:
		send_accept(fs);
		return UI_REDRAW;
	case AFTER_REFUSE:
		send_refuse(fs);
		return UI_REDRAW;
	default:
		if (fs->changing) {
			/* The form stays, now the new application's: F9, F8 go on. */
			fs->changing = false;
			session_say(s, ROLE_INFO,
				    _("Saved as version %d of household %s; application %s opened: F9 "
				      "opens its menu."),
				    fs->version + 1, fs->household_no, fs->app_no);
			return UI_REDRAW;
		}
		session_say(s, ROLE_INFO, _("Registered: application %s."), fs->app_no);
		return UI_POP;
	}
}

/* Why the household changed, asked before its new version is sent. */
static enum ui_op ask_change_reason(struct form_screen *fs)
{
	return ui_ask(fs->s, fs->sc, ASK_CHANGE_REASON,
		      _("What changed in the household (kept with the new version):"));
}

static void send_reapply(struct form_screen *fs, const char *reason)
{
	struct strbuf json = STRBUF_INIT;
	form_values_to_json(&fs->v, &json);
	char version[16];
	snprintf(version, sizeof version, "%d", fs->version);
	struct db_query q;
	store_household_reapply_query(&q, fs->request_id, fs->household_no, version,
				      strbuf_text(&json), strbuf_text(&fs->as_read), reason);
	ui_send(fs->s, fs->sc, Q_REAPPLY, &q);
	db_query_free(&q);
	strbuf_free(&json);
}

static enum ui_op on_reapplied(struct form_screen *fs, struct ui_reply *reply)
{
	struct diag d = reply->d;
	enum od_status st = store_household_reapply_read(fs->s->db, reply->status, reply->result,
							 fs->app_no, &d);
	if (st != OD_OK) {
		fs->app_no[0] = '\0';
		return session_fail(fs->s, _("Not saved"), d.text);
	}
	return after_saved(fs);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct form_screen *fs = sc->state;
	struct diag d = reply->d;
	if (reply->cancelled) { /* the loop has said so; nothing was done */
		fs->loading = false;
		return reply->tag == Q_LOAD ? UI_POP : UI_REDRAW;
	}
	switch (reply->tag) {
	case Q_TRACE:
		/* The form's read follows; it fails too when this did. */
		return UI_STAY;
	case Q_REGISTER:
		return on_registered(fs, reply);
	case Q_REAPPLY:
		return on_reapplied(fs, reply);
	case Q_REGISTER_ACCEPT:
		return on_register_accepted(fs, reply);
	case Q_LOAD:
		return on_loaded(fs, reply);
	case Q_EXISTING: {
		struct application_row *rows = NULL;
		int n = 0;
		if (reply->status != OD_OK)
			return session_fail(s, _("Cannot open the application"), d.text);
		store_applications_read(reply->result, &rows, &n);
		enum ui_op op = UI_REDRAW;
		if (n == 0) {
			session_say(s, ROLE_ERROR, _("Household %s has no application here."), fs->clash);
		} else if (strcmp(rows[0].status, "registered") != 0) {
			/* The household comes back: its stored facts, to change. */
			fs->discarded = true;
			draft_remove(fs->request_id);
			op = ui_replace(s, household_screen_change(s, rows[0].household_no));
		} else {
			fs->discarded = true;
			draft_remove(fs->request_id);
			op = ui_replace(s, household_screen_new(s, NULL, rows[0].application_no,
								rows[0].household_no));
		}
		free(rows);
		return op;
	}
	case Q_ACCEPT: {
		struct case_ref *cases = NULL;
		int count = 0;
		if (case_accept_application_read(s->db, reply->status, reply->result, &cases, &count,
						 &d) != OD_OK) {
			name_refused_item(s, d.text, sizeof d.text);
			return session_fail(s, _("Not accepted"), d.text);
		}
		session_say(s, ROLE_INFO, _("Accepted: application %s, %d cases opened."), fs->app_no,
			    count);
		enum ui_op op = receipt_of(fs, cases, count);
		free(cases);
		return op;
	}
	case Q_REFUSE:
		if (case_write_status(s->db, reply->status, &d) != OD_OK)
			return session_fail(s, _("Not recorded"), d.text);
		session_say(s, ROLE_INFO,
			    _("Not accepted (不同意受理): application %s, reason recorded."),
			    fs->app_no);
		return UI_POP;
	default:
		return UI_STAY;
	}
}

/* F9: the menu for the form as it stands, pushed over the form. */
static enum ui_op open_menu(struct form_screen *fs)
{
	leave_field(fs);
	memset(&fs->menu, 0, sizeof fs->menu);
	return ui_push(fs->s, menu_screen_new(fs->s, &fs->v, &fs->menu));
}

/* Back from the menu: what the clerk decided there. */
static enum ui_op resume(struct ui_screen *sc, struct session *s)
{
	struct form_screen *fs = sc->state;
	enum menu_outcome outcome = fs->menu.outcome;
	fs->menu.outcome = MENU_NONE;
	switch (outcome) {
	case MENU_NONE:
		break;
	case MENU_FILL: {
		int field = form_find(fs->def, fs->menu.fill_key);
		if (field >= 0 && fs->menu.fill_member < fs->v.member_count)
			focus_line(fs, line_of(fs, fs->menu.fill_member, field));
		session_say(s, ROLE_INFO, _("Fill in this field, then F9 for the menu again."));
		break;
	}
	case MENU_ACCEPT:
		if (fs->app_no[0])
			send_accept(fs);
		else if (!fs->changing && !fs->report_id)
			send_register_accept(fs); /* one statement for the key */
		else if (send_register(fs, AFTER_ACCEPT) && fs->changing)
			return ask_change_reason(fs);
		break;
	case MENU_REFUSE:
		if (fs->app_no[0])
			send_refuse(fs);
		else if (send_register(fs, AFTER_REFUSE) && fs->changing)
			return ask_change_reason(fs);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct form_screen *fs = sc->state;
	(void)s;
	if (fs->loading)
		return UI_STAY;
	switch (cmd) {
	case CMD_SAVE:
		if (fs->app_no[0]) {
			session_say(s, ROLE_INFO, _("Application %s is registered; F9 opens its menu."),
				    fs->app_no);
			return UI_REDRAW;
		}
		if (send_register(fs, AFTER_SAVE) && fs->changing)
			return ask_change_reason(fs);
		return UI_REDRAW;
	case CMD_ADD_MEMBER:
		add_member(fs);
		break;
	case CMD_REMOVE_MEMBER:
	case CMD_MEMBER_UP:
	case CMD_MEMBER_DOWN:
		change_members(fs, cmd);
		break;
	case CMD_MENU:
		return open_menu(fs);
	default:
		return UI_STAY;
	}
	arm_draft_timer(fs);
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *key)
{
	struct form_screen *fs = sc->state;
	if (fs->loading)
		return is_key(key, KEY_ESCAPE) ? UI_POP : UI_STAY;
	if (is_key(key, KEY_ESCAPE)) {
		leave_field(fs);
		if (!fs->dirty)
			return UI_POP;
		return ui_choose(s, sc, ASK_LEAVE,
				 _("Leave this form? y: leave, the draft is kept; d: discard the form "
				   "and its draft; n: stay"),
				 "ynd");
	}
	if ((is_key(key, KEY_RETURN) || is_key(key, KEY_ENTER)) && !key->paste) {
		move_focus(fs, +1);
	} else if (is_key(key, KEY_TAB) || is_key(key, KEY_DOWN)) {
		move_focus(fs, +1);
	} else if (is_key(key, KEY_BTAB) || is_key(key, KEY_UP)) {
		move_focus(fs, -1);
	} else if (is_key(key, KEY_NPAGE)) {
		jump_member(fs, +1);
	} else if (is_key(key, KEY_PPAGE)) {
		jump_member(fs, -1);
	} else if (is_server_filled(field_at(fs, fs->focus))) {
		if (key->kind == KEY_KIND_CHAR || is_key(key, KEY_BACKSPACE) || is_key(key, KEY_DC))
			session_say(s, ROLE_INFO,
				    _("Filled in from the benefits the household receives; not typed here."));
		return UI_REDRAW;
	} else if (is_choice(field_at(fs, fs->focus))) {
		if (is_key(key, KEY_LEFT))
			cycle_choice(fs, -1);
		else if (is_key(key, KEY_RIGHT) || (key->kind == KEY_KIND_CHAR && key->ch == ' '))
			cycle_choice(fs, +1);
		else
			return UI_STAY;
	} else {
		size_t before = fs->edit.len;
		bool used = field_edit(&fs->edit, key);
		if (!used)
			return UI_STAY;
		if (key->kind == KEY_KIND_CHAR && fs->edit.len == before)
			/* Nothing was inserted: the field is full. */
			session_say(s, ROLE_ERROR, _("At most %d characters in this field."),
				    fs->edit.max_chars);
		if (key->kind != KEY_KIND_FUNC || is_key(key, KEY_BACKSPACE) || is_key(key, KEY_DC) ||
		    is_key(key, CTRL('u')))
			fs->dirty = fs->draft_pending = true;
	}
	if (fs->draft_pending)
		arm_draft_timer(fs);
	return UI_REDRAW;
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct form_screen *fs = sc->state;
	if (tag == ASK_CHANGE_REASON) {
		if (!text) {
			session_say(s, ROLE_INFO,
				    _("Not saved: a change is kept only with its reason. F8 saves."));
			return UI_REDRAW;
		}
		send_reapply(fs, text);
		return UI_REDRAW;
	}
	if (tag == ASK_OPEN_EXISTING) {
		if (!text)
			return UI_REDRAW;
		struct db_query q;
		store_household_application_query(&q, fs->clash);
		ui_send(s, sc, Q_EXISTING, &q);
		db_query_free(&q);
		return UI_REDRAW;
	}
	if (tag != ASK_LEAVE || !text || *text == 'n')
		return UI_REDRAW;
	if (*text == 'd') {
		fs->discarded = true;
		draft_remove(fs->request_id);
		session_say(s, ROLE_INFO, _("The form and its draft were discarded."));
	} else {
		save_draft(fs);
		session_say(s, ROLE_INFO, _("The form's draft is kept: F7 on the applications resumes it."));
	}
	return UI_POP;
}

/* The typed text of the focused field, into the values (for the draft). */
static void take_edit(struct form_screen *fs)
{
	const struct line *l = &fs->lines[fs->focus];
	if (is_typed(field_at(fs, fs->focus)) &&
	    strcmp(fs->edit.text, form_values_get(&fs->v, l->member, l->field)) != 0) {
		form_values_set(&fs->v, l->member, l->field, fs->edit.text);
		fs->dirty = true;
	}
}

static enum ui_op tick(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct form_screen *fs = sc->state;
	sc->tick_ms = 0;
	if (fs->draft_pending && !fs->app_no[0]) {
		take_edit(fs);
		save_draft(fs);
	}
	return UI_STAY;
}

static bool unsaved(struct ui_screen *sc, struct session *s)
{
	(void)s;
	struct form_screen *fs = sc->state;
	return fs->dirty && !fs->app_no[0];
}

static void destroy(struct ui_screen *sc)
{
	struct form_screen *fs = sc->state;
	/* Leaving by any way (F10, a closed terminal, SIGTERM) keeps what was
	 * typed, unless the clerk discarded it or it is registered. */
	if (!fs->discarded && !fs->app_no[0] && !fs->loading) {
		take_edit(fs);
		if (fs->dirty)
			save_draft(fs);
	}
	form_values_clear(&fs->v);
	strbuf_free(&fs->as_read);
	free(fs);
}

static const char *const form_help[] = {
	N_("Tab, Enter, Down: next field     Shift-Tab, Up: previous field"),
	N_("PgDn, PgUp: next, previous member; after the last, the household"),
	N_("Left, Right, Space: change a choice"),
	N_("Esc: leave the form (asks: keep the draft, discard it, or stay)"), NULL};

static const struct ui_screen_ops form_ops = {
	.name = "form",
	.ctx = CTX_FORM,
	.help = form_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.resume = resume,
	.answer = answer,
	.tick = tick,
	.unsaved = unsaved,
	.destroy = destroy,
};

struct ui_screen *household_screen_change(struct session *s, const char *household_no)
{
	struct ui_screen *sc = household_screen_new(s, NULL, NULL, NULL);
	struct form_screen *fs = sc->state;
	fs->changing = true;
	snprintf(fs->household_no, sizeof fs->household_no, "%s", household_no);
	household_load_query(fs);
	return sc;
}

struct ui_screen *household_screen_from_report(struct session *s, long long report_id,
					       int version)
{
	struct ui_screen *sc = household_screen_new(s, NULL, NULL, NULL);
	struct form_screen *fs = sc->state;
	fs->report_id = report_id;
	fs->report_version = version;
	household_load_query(fs);
	return sc;
}

struct ui_screen *household_screen_new(struct session *s, const char *resume_id,
				       const char *application_no, const char *household_no)
{
	struct form_screen *fs = xcalloc(1, sizeof *fs);
	struct ui_screen *sc = ui_screen_new(&form_ops, fs);
	fs->sc = sc;
	fs->s = s;
	fs->def = s->household_form;
	fs->lang = s->lang;
	struct diag d;
	if (resume_id && draft_load(resume_id, fs->def, &fs->v, &d) == OD_OK) {
		snprintf(fs->request_id, sizeof fs->request_id, "%s", resume_id);
		fs->dirty = true;
		session_say(s, ROLE_INFO, _("Draft resumed; F8 saves it, Esc asks before leaving."));
	} else {
		if (resume_id)
			session_say(s, ROLE_ERROR, _("Cannot resume the draft: %s"), d.text);
		form_values_init(&fs->v, fs->def);
		db_new_request_id(fs->request_id);
		if (!resume_id && !application_no)
			session_say(s, ROLE_INFO,
				    _("Enter the applicant first; F3 adds a member, F8 saves."));
	}
	/* Ages are taken on the server's date: what the form asks follows them. */
	fs->v.date = session_today(s);
	if (application_no && household_no) {
		snprintf(fs->app_no, sizeof fs->app_no, "%s", application_no);
		snprintf(fs->household_no, sizeof fs->household_no, "%s", household_no);
		household_load_query(fs);
	}
	build_lines(fs);
	focus_line(fs, line_of(fs, 0, -1));
	return sc;
}
