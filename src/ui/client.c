/* client.c - the client's run: terminal up, login, worklist, terminal down. */
#include "onedoor/i18n.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <string.h>

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
	if (login_screen_run(&s))
		worklist_screen_run(&s);
	ui_shutdown();
	db_close(&s.db);
	return 0;
}
