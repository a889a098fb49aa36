/* login_screen.c - role name and password, used only to open the connection. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/migrate.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <string.h>

struct login_state {
	struct ui_field user, password;
	int focus; /* 0 user, 1 password */
};

static void draw(const struct session *s, const struct login_state *st)
{
	ui_clear();
	session_draw_frame(s, _("Log in"));
	int top = ui_rows() / 2 - 4, left = ui_cols() / 2 - 24;
	ui_text(top, left, 48, ROLE_HEADER, true, _("One window accepts - social assistance"));
	ui_hline(top + 1, left, 48);
	ui_text(top + 3, left, 14, ROLE_LABEL, true, _("Login name"));
	ui_text(top + 5, left, 14, ROLE_LABEL, true, _("Password"));
	ui_text(top + 7, left, 48, ROLE_NORMAL, true,
		_("Enter: next / log in    Tab: next field"));
	field_draw(&st->user, top + 3, left + 15, 30, st->focus == 0);
	field_draw(&st->password, top + 5, left + 15, 30, st->focus == 1);
	static const enum ui_command keys[] = {CMD_QUIT, CMD_NONE};
	ui_command_bar(CTX_LOGIN, keys);
	field_draw(st->focus == 0 ? &st->user : &st->password, top + 3 + 2 * st->focus, left + 15,
		   30, true);
}

static bool try_login(struct session *s, struct login_state *st)
{
	struct diag d;
	char app_name[64];
	snprintf(app_name, sizeof app_name, "onedoor %s-%d", s->cfg->centre, s->cfg->window);
	enum od_status rc = db_connect(s->cfg->conninfo, st->user.text, st->password.text,
				       app_name, &s->db, &d);
	/* The password is not kept anywhere once libpq has used it. */
	memset(st->password.text, 0, sizeof st->password.text);
	field_clear(&st->password);
	if (rc != OD_OK) {
		session_say(s, ROLE_ERROR, _("Cannot log in: %s"), d.text);
		st->focus = 1;
		return false;
	}
	/* The schema must be the one this program was built for. */
	struct diag warn;
	if (store_whoami(s->db, &s->staff, &d) != OD_OK ||
	    migrate_login_check(s->db, &warn, &d) != OD_OK) {
		session_say(s, ROLE_ERROR, "%s", d.text);
		db_close(&s->db);
		return false;
	}
	if (warn.text[0])
		session_say(s, ROLE_ERROR, "%s", warn.text);
	else
		session_say(s, ROLE_INFO, _("Welcome, %s."), s->staff.full_name);
	return true;
}

bool login_screen_run(struct session *s)
{
	struct login_state st;
	memset(&st, 0, sizeof st);
	st.password.secret = true;
	st.user.max_chars = 63;
	for (;;) {
		if (ui_too_small())
			ui_draw_too_small();
		else
			draw(s, &st);
		struct ui_key key = ui_wait_key(-1, -1);
		if (ui_quit_requested())
			return false;
		if (ui_command_of(CTX_LOGIN, &key) == CMD_QUIT || (key.kind == KEY_KIND_FUNC && key.code == CTRL('c')))
			return false;
		if (key.kind == KEY_KIND_FUNC &&
		    (key.code == KEY_TAB || key.code == KEY_DOWN || key.code == KEY_UP ||
		     key.code == KEY_BTAB)) {
			st.focus = 1 - st.focus;
			continue;
		}
		if (key.kind == KEY_KIND_FUNC && (key.code == KEY_RETURN || key.code == '\n' ||
						  key.code == KEY_ENTER)) {
			if (st.focus == 0) {
				st.focus = 1;
			} else if (!st.user.len) {
				session_say(s, ROLE_ERROR, _("Enter your login name."));
				st.focus = 0;
			} else if (try_login(s, &st)) {
				return true;
			}
			continue;
		}
		field_edit(st.focus == 0 ? &st.user : &st.password, &key);
	}
}
