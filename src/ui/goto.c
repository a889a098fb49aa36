/* goto.c - F12 / Alt-G: the other screens this role may open, by number.
 * Digits choose here: no text field has focus in this box. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"

#include <string.h>

struct destination {
	enum ui_context ctx;
	const char *label;
	void (*run)(struct session *s);
	const char *roles; /* role groups allowed, " "-separated; NULL: everyone */
};

static const struct destination destinations[] = {
	{CTX_CASES, N_("Cases"), cases_screen_run, NULL},
	{CTX_STATUS, N_("Status lookup"), status_screen_run, NULL},
	{CTX_POLICY, N_("Policy list"), policy_screen_run, NULL},
	{CTX_SUPERVISOR, N_("Supervisor view"), supervisor_screen_run,
	 " supervisor auditor admin "},
};

static bool allowed(const struct session *s, const struct destination *d)
{
	if (!d->roles)
		return true;
	char group[24];
	snprintf(group, sizeof group, " %s ", s->staff.role_group);
	return strstr(d->roles, group) != NULL;
}

void ui_goto(struct session *s, enum ui_context from)
{
	const struct destination *offered[8];
	int n = 0;
	for (size_t i = 0; i < sizeof destinations / sizeof destinations[0]; i++)
		if (destinations[i].ctx != from && allowed(s, &destinations[i]))
			offered[n++] = &destinations[i];
	int width = 36, height = n + 4;
	WINDOW *w = newwin(height, width, (ui_rows() - height) / 2, (ui_cols() - width) / 2);
	if (!w)
		return;
	werase(w);
	box(w, 0, 0);
	mvwaddstr(w, 0, 2, _(" Go to "));
	for (int i = 0; i < n; i++) {
		char line[96];
		snprintf(line, sizeof line, "%d  %s", i + 1, _(offered[i]->label));
		mvwaddstr(w, 2 + i, 3, line);
	}
	wnoutrefresh(stdscr);
	wnoutrefresh(w);
	ui_cursor(-1, 0);
	struct ui_key key = ui_wait_key(-1, -1);
	delwin(w);
	touchwin(stdscr);
	if (key.kind == KEY_KIND_CHAR && !key.alt && key.ch >= '1' && key.ch < (uint32_t)('1' + n)) {
		s->status[0] = '\0';
		offered[key.ch - '1']->run(s);
	}
}
