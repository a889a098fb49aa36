/* store_menu.h - the window's menu held against the server's.
 *
 * The server decides eligibility (onedoor.engine_match, the same engine as
 * the window's, reading the catalogue in the database).  An older program
 * or a catalogue changed since the window loaded it can make the two
 * disagree; the window must then show what the server will decide. */
#ifndef ONEDOOR_STORE_MENU_H
#define ONEDOOR_STORE_MENU_H

#include "onedoor/db.h"
#include "onedoor/match.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Matches the household (household_json: form_values_to_json's document;
 * region: the county the window matches in; date: as of; zh: the reasons'
 * language) on the server: the statement, sent through the screens' loop.
 * The read compares its answer r with the window's last matcher_run on
 * the same household.  Returns how many items differ in verdict or amount
 * (0 when they agree).  When they differ, the differing results in m are
 * replaced by the server's, so that the menu shows what the server will
 * decide, and note (for the status line, in the language of zh) names
 * them with the server's reason.  When the statement fails the window's
 * menu stands: the server still decides at acceptance. */
void store_menu_check_query(struct db_query *q, const char *household_json, const char *region,
			    int32_t date, bool zh);
int store_menu_check_read(const struct db_result *r, bool zh, struct matcher *m, char *note,
			  size_t note_size);

#endif
