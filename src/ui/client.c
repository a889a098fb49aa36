/* client.c - the client's run: terminal up, login, worklist, terminal down. */
#include "onedoor/i18n.h"
#include "onedoor/store_catalogue.h"
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
	if (login_screen_run(&s)) {
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
