/* session.c - what every screen shares: the title bar and status line, the
 * session's start (what a log-in reads once) and end, and printing. */
#include "onedoor/ui_screens.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/migrate.h"
#include "onedoor/receipt.h"
#include "onedoor/store_catalogue.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void session_say(struct session *s, enum ui_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->status, sizeof s->status, fmt, ap);
	va_end(ap);
	s->status_role = role;
}

enum ui_op session_fail(struct session *s, const char *what, const char *message)
{
	session_say(s, ROLE_ERROR, _("%s: %s"), what, message);
	if (str_width(s->status) <= ui_cols())
		return UI_REDRAW;
	/* Too long for the line: the line keeps its start, the box all of it. */
	return ui_message(s, what, s->status);
}

void session_draw_frame(const struct session *s, const char *screen_title)
{
	char left[512], right[128], date[CDATE_TEXT_SIZE];
	cdate_format(session_today(s), date);
	if (s->db && s->staff.role_name[0])
		/* Screen first: on 80 columns the centre name is what gets cut. */
		snprintf(left, sizeof left, " %s | %s | %s %s", screen_title,
			 s->staff.centre_name[0] ? s->staff.centre_name : _("county"),
			 s->staff.full_name, _(label_of(LABEL_ROLE, s->staff.role_group)));
	else
		snprintf(left, sizeof left, " onedoor | %s", screen_title);
	const char *state = !s->db       ? _("[offline]")
			    : s->offline ? _("[offline]")
			    : s->busy    ? _("[working, Esc cancels]")
			    : s->live_off ? _("[online, not live]")
			    : s->on_standby ? _("[online, standby]")
					 : _("[online]");
	snprintf(right, sizeof right, "%s %s ", date, state);
	ui_title_bar(left, right);
	if (s->offline) {
		/* The most important news on the line while it lasts. */
		char line[512];
		if (s->pending)
			snprintf(line, sizeof line,
				 _("Connection to the server lost; reconnecting (attempt %d). Nothing "
				   "typed is lost. Esc gives up for now."),
				 s->attempt);
		else
			snprintf(line, sizeof line, "%s",
				 _("Connection to the server lost; reconnecting. Nothing typed is "
				   "lost."));
		ui_status(ROLE_ERROR, line);
	} else {
		ui_status(s->status_role, s->status);
	}
}

int32_t session_today(const struct session *s)
{
	return cdate_today() + s->today_offset;
}

/* An item's or a department's code in a refusal of the server, by its
 * name in the session's language (db_set_namer). */
static const char *name_of(void *ctx, const char *code)
{
	const struct session *s = ctx;
	int it = s->catalogue ? catalogue_find_item(s->catalogue, code, strlen(code)) : -1;
	if (it >= 0) {
		const struct cat_item *item = &s->catalogue->items[it];
		return s->lang && *item->name_en ? item->name_en : item->name_zh;
	}
	const char *dep = department_name(&s->departments, code, s->lang);
	return dep != code ? dep : NULL;
}

enum od_status session_start(struct session *s, const struct db_result *r, struct diag *warn,
			     struct diag *d)
{
	enum od_status st = store_client_start_read(r, &s->staff, &s->departments, d);
	if (st == OD_OK)
		st = migrate_login_verdict(r, warn, d);
	if (st != OD_OK)
		return st;
	int32_t server_today;
	s->today_offset = cdate_parse(s->staff.today, &server_today)
				  ? server_today - cdate_today()
				  : 0;
	/* The session listens on its channel now (client_start subscribed it);
	 * after a reconnection the connection subscribes again by itself. */
	store_listen_on_connect(s->db);
	db_set_namer(s->db, name_of, s);
	/* The catalogue is read once per session: the menu matches in memory,
	 * with no round trip per keystroke. */
	struct diag why;
	if (store_catalogue_read(r, &s->catalogue, &why) == OD_OK) {
		s->matcher = matcher_new(s->catalogue);
		s->matcher->plain = true; /* reasons in words, without keys or codes */
	} else if (!warn->text[0]) {
		diag_set(warn, OD_OK, _("No benefit catalogue: %s"), why.text);
	}
	return OD_OK;
}

void session_logout(struct session *s)
{
	matcher_free(&s->matcher);
	catalogue_free(&s->catalogue);
	free(s->departments.code);
	free(s->departments.name);
	memset(&s->departments, 0, sizeof s->departments);
	db_close(&s->db);
	db_close(&s->reads);
	memset(&s->staff, 0, sizeof s->staff);
	s->busy = s->offline = s->on_standby = false;
	s->today_offset = 0;
	session_say(s, ROLE_INFO, _("Logged out."));
}

void session_print(struct session *s, const char *name, const char *text)
{
	char path[512];
	struct diag d;
	if (receipt_output(text, name, s->cfg->receipt_dir, s->cfg->printer, path, sizeof path,
			   &d) != OD_OK)
		session_say(s, ROLE_ERROR, _("Printing: %s"), d.text);
	else if (*s->cfg->printer)
		session_say(s, ROLE_INFO, _("Sent to the printer."));
	else if (*path)
		session_say(s, ROLE_INFO, _("Written to %s."), path);
}

const char *session_item_name(const struct session *s, const char *code)
{
	int it = s->catalogue ? catalogue_find_item(s->catalogue, code, strlen(code)) : -1;
	if (it < 0)
		return _("(unknown)");
	const struct cat_item *item = &s->catalogue->items[it];
	return s->lang && *item->name_en ? item->name_en : item->name_zh;
}

void session_item_names(const struct session *s, const char *codes, char *out, size_t n)
{
	struct strbuf b = {0};
	char code[64];
	for (const char *p = codes; *p;) {
		size_t len = strcspn(p, ",");
		if (len > 0 && len < sizeof code) {
			memcpy(code, p, len);
			code[len] = '\0';
			if (b.len)
				strbuf_append(&b, _(", "));
			strbuf_append(&b, session_item_name(s, code));
		}
		p += len + (p[len] == ',');
	}
	snprintf(out, n, "%s", b.len ? b.text : _("none"));
	strbuf_free(&b);
}
