/* login_screen.c - role name and password, used only to open the
 * connection; then the role's home screen takes its place (the clerk's
 * applications, everyone else's cases). */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_field.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct login_state {
	struct ui_field user, password;
	int focus; /* 0 user, 1 password */
	bool starting; /* connected; the session's start is on its way */
};

static void draw(struct ui_screen *sc, struct session *s)
{
	struct login_state *st = sc->state;
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
	static const enum ui_command keys[] = {CMD_HELP, CMD_QUIT, CMD_NONE};
	ui_command_bar(CTX_LOGIN, keys);
	field_draw(st->focus == 0 ? &st->user : &st->password, top + 3 + 2 * st->focus, left + 15,
		   30, true);
}

enum { Q_START = 1 };

static enum ui_op try_login(struct ui_screen *sc, struct session *s, struct login_state *st)
{
	struct diag d;
	char app_name[64];
	snprintf(app_name, sizeof app_name, "onedoor %s-%d", s->cfg->centre, s->cfg->window);
	enum od_status rc = db_connect(s->cfg->conninfo, st->user.text, st->password.text,
				       app_name, &s->db, &d);
	/* The read-only screens' connection (a standby), started now with the
	 * same login and opened by the loop without waiting; without it
	 * every read goes to the session's connection. */
	if (rc == OD_OK && s->cfg->read_conninfo) {
		struct diag rd;
		if (db_connect_start(s->cfg->read_conninfo, st->user.text, st->password.text,
				     app_name, &s->reads, &rd) != OD_OK)
			s->reads = NULL; /* logged by db.c; the primary answers */
	}
	/* The password is not kept anywhere once libpq has used it. */
	memset(st->password.text, 0, sizeof st->password.text);
	field_clear(&st->password);
	if (rc != OD_OK) {
		st->focus = 1;
		return session_fail(s, _("Cannot log in"), d.text);
	}
	/* A lost connection is the loop's business from here: it reconnects
	 * and sends the pending statement again. */
	db_set_resilient(s->db, 20000, NULL, NULL);
	ui_loop_connected(s);
	/* Everything the screens need, in one statement through the loop. */
	struct db_query q;
	store_client_start_query(&q);
	ui_send(s, sc, Q_START, &q);
	db_query_free(&q);
	st->starting = true;
	return UI_REDRAW;
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct login_state *st = sc->state;
	struct diag d = reply->d, warn = {0};
	st->starting = false;
	if (reply->tag != Q_START)
		return UI_STAY;
	if (reply->status != OD_OK ||
	    session_start(s, reply->result, &warn, &d) != OD_OK) {
		session_logout(s);
		if (reply->cancelled) {
			session_say(s, ROLE_INFO, _("Log-in cancelled."));
			return UI_REDRAW;
		}
		return session_fail(s, _("Cannot log in"), d.text);
	}
	/* The change feed starts from the log-in's snapshot. */
	ui_loop_connected(s);
	if (warn.text[0])
		session_say(s, ROLE_ERROR, "%s", warn.text);
	else
		session_say(s, ROLE_INFO, _("Welcome, %s."), s->staff.full_name);
	/* The clerk's day starts from the centre's applications, the county's
	 * from the cases waiting for them: F12's table says. */
	return ui_replace(s, home_screen_new(s));
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct login_state *st = sc->state;
	if (st->starting || (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE))
		return UI_STAY; /* Esc while logging in cancels: the loop's */
	if (k->kind == KEY_KIND_FUNC && (k->code == KEY_TAB || k->code == KEY_DOWN ||
					  k->code == KEY_UP || k->code == KEY_BTAB)) {
		st->focus = 1 - st->focus;
		return UI_REDRAW;
	}
	if (k->kind == KEY_KIND_FUNC &&
	    (k->code == KEY_RETURN || k->code == '\n' || k->code == KEY_ENTER)) {
		if (st->focus == 0) {
			st->focus = 1;
		} else if (!st->user.len) {
			session_say(s, ROLE_ERROR, _("Enter your login name."));
			st->focus = 0;
		} else {
			return try_login(sc, s, st);
		}
		return UI_REDRAW;
	}
	field_edit(st->focus == 0 ? &st->user : &st->password, k);
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct login_state *st = sc->state;
	memset(st->password.text, 0, sizeof st->password.text);
	free(st);
}

static const char *const login_help[] = {
	N_("Tab, Up, Down: the other field     Enter: next field, then log in"), NULL};

static const struct ui_screen_ops login_ops = {
	.name = "login",
	.ctx = CTX_LOGIN,
	.help = login_help,
	.draw = draw,
	.key = key,
	.result = result,
	.destroy = destroy,
};

struct ui_screen *login_screen_new(struct session *s)
{
	(void)s;
	struct login_state *st = xcalloc(1, sizeof *st);
	st->password.secret = true;
	st->user.max_chars = 63;
	return ui_screen_new(&login_ops, st);
}
