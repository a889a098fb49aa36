/* session.c - the frame every screen shares: title bar and status line. */
#include "onedoor/ui_screens.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void session_say(struct session *s, enum ui_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->status, sizeof s->status, fmt, ap);
	va_end(ap);
	s->status_role = role;
}

static const char *role_label(const char *group)
{
	static const struct {
		const char *code, *label;
	} roles[] = {
		{"clerk", N_("window clerk")},   {"verifier", N_("verifier")},
		{"supervisor", N_("supervisor")}, {"approver", N_("approver")},
		{"auditor", N_("auditor")},       {"admin", N_("administrator")},
		{"finance", N_("finance office")},
	};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].code, group) == 0)
			return _(roles[i].label);
	return group;
}

void session_draw_frame(const struct session *s, const char *screen_title)
{
	char left[512], right[128], date[CDATE_TEXT_SIZE];
	cdate_format(cdate_today(), date);
	if (s->db)
		/* Screen first: on 80 columns the centre name is what gets cut. */
		snprintf(left, sizeof left, " %s | %s | %s %s", screen_title,
			 s->staff.centre_name[0] ? s->staff.centre_name : _("county"),
			 s->staff.full_name, role_label(s->staff.role_group));
	else
		snprintf(left, sizeof left, " onedoor | %s", screen_title);
	snprintf(right, sizeof right, "%s %s ", date,
		 s->db && db_online(s->db) ? _("[online]") : _("[offline]"));
	ui_title_bar(left, right);
	ui_status(s->status_role, s->status);
}

enum session_turn session_turn(struct session *s, void (*draw)(void *state), void *state,
			       struct ui_key *key)
{
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(state);
		*key = ui_wait_key(-1, db_socket(s->db));
		if (ui_quit_requested())
			return TURN_QUIT;
		if (key->kind != KEY_KIND_NONE)
			return TURN_KEY;
		if (db_take_notifications(s->db) > 0)
			return TURN_SERVER_CHANGED;
	}
}
