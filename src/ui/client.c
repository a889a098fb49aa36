/* client.c - the client's run: terminal up, login, worklist, terminal down. */
#include "onedoor/i18n.h"
#include "onedoor/store_catalogue.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

/* While a statement waits, or the connection is being re-opened: quick
 * statements just wait on the socket; a lost connection is shown on the
 * title bar and the status line, and Esc gives up the pending action (it is
 * not lost: the draft and the request id remain, and F8 tries again). */
static bool wait_for_server(void *arg, int fd, short events, int ms, enum db_state state,
			    int attempt)
{
	struct session *s = arg;
	if (state == DB_WORKING) {
		struct pollfd p = {fd, events, 0};
		poll(&p, fd >= 0 ? 1 : 0, ms);
		return true;
	}
	session_say(s, ROLE_ERROR,
		    _("Connection to the server lost; reconnecting (attempt %d). Nothing typed is "
		      "lost. Esc gives up for now."),
		    attempt);
	session_draw_frame(s, _("offline"));
	struct ui_key key = ui_wait_key(ms, events == POLLIN ? fd : -1);
	if (ui_quit_requested() || (key.kind == KEY_KIND_FUNC && key.code == KEY_ESCAPE)) {
		session_say(s, ROLE_ERROR, _("Still offline; the action was not done. Try again later."));
		return false;
	}
	return true;
}

int ui_client_run(const struct od_config *cfg, const struct form_def *household_form)
{
	struct diag d;
	if (!ui_start(cfg->colour, &d)) {
		fprintf(stderr, "onedoor: %s\n", d.text);
		return 1;
	}
	struct session s;
	memset(&s, 0, sizeof s);
	s.cfg = cfg;
	s.household_form = household_form;
	s.lang = cfg->language == UI_LANG_EN ? 1 : 0;
	if (login_screen_run(&s)) {
		/* From here a lost connection is survived: re-opened with back-off,
		 * the pending request sent again (request ids make that safe), and
		 * the live-refresh subscription renewed. */
		db_set_resilient(s.db, 20000, wait_for_server, &s);
		static const char listen_sql[] = "SELECT count(*) FROM onedoor.listen_worklist()";
		if (db_exec(s.db, listen_sql, 0, NULL, NULL, &d) == OD_OK)
			db_on_connect(s.db, listen_sql);
		else
			session_say(&s, ROLE_ERROR, _("No live refresh: %s"), d.text);
		/* The catalogue is read once per session: the menu matches in
		 * memory, with no round trip per keystroke. */
		if (store_catalogue_load(s.db, &s.catalogue, &d) == OD_OK)
			s.matcher = matcher_new(s.catalogue);
		else
			session_say(&s, ROLE_ERROR, _("No benefit catalogue: %s"), d.text);
		if (store_departments(s.db, &s.departments, &d) != OD_OK)
			session_say(&s, ROLE_ERROR, "%s", d.text);
		/* The clerk's day starts from the centre's applications; every
		 * other role's from the cases waiting for them. */
		if (strcmp(s.staff.role_group, "clerk") == 0)
			worklist_screen_run(&s);
		else
			cases_screen_run(&s);
	}
	ui_shutdown();
	matcher_free(&s.matcher);
	catalogue_free(&s.catalogue);
	free(s.departments.code);
	free(s.departments.name);
	db_close(&s.db);
	return 0;
}
