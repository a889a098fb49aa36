/* client.c - the client's run: terminal up, the loop from the login
 * screen, terminal down. */
#include "onedoor/i18n.h"
#include "onedoor/ui_screens.h"

#include <stdio.h>
#include <stdlib.h>
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
	ui_loop_run(&s, login_screen_new(&s), login_screen_new);
	ui_shutdown();
	matcher_free(&s.matcher);
	catalogue_free(&s.catalogue);
	free(s.departments.code);
	free(s.departments.name);
	db_close(&s.db);
	db_close(&s.reads);
	return 0;
}
