/* ui_screens.h - the client's screens and the session they share. */
#ifndef ONEDOOR_UI_SCREENS_H
#define ONEDOOR_UI_SCREENS_H

#include "onedoor/case_store.h"
#include "onedoor/config.h"
#include "onedoor/form_def.h"
#include "onedoor/form_values.h"
#include "onedoor/match.h"
#include "onedoor/store.h"
#include "onedoor/ui_term.h"

struct session {
	const struct od_config *cfg;
	struct db *db;          /* NULL until logged in */
	struct staff_info staff;
	const struct form_def *household_form; /* forms/household.ini */
	struct catalogue *catalogue;   /* read from the database at login; NULL if none */
	struct matcher *matcher;
	struct department_names departments;
	int lang;               /* 0 Chinese, 1 English: index of labels */
	char status[256];       /* message for the status line, "" for none */
	enum ui_role status_role;
};

/* Sets the status line message (printf-style). */
void session_say(struct session *s, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What one turn of a screen that follows the server brought. */
enum session_turn { TURN_KEY, TURN_SERVER_CHANGED, TURN_QUIT };

/* One turn: draws the screen with draw(state) (or the too-small screen),
 * then the single wait on the keyboard and the server's socket.  TURN_KEY
 * with *key, TURN_SERVER_CHANGED when notifications arrived (reload), or
 * TURN_QUIT when a signal asks the program to end. */
enum session_turn session_turn(struct session *s, void (*draw)(void *state), void *state,
			       struct ui_key *key);

/* Draws the title bar and status line common to every screen. */
void session_draw_frame(const struct session *s, const char *screen_title);

/* Login: asks role name and password until a connection opens (true) or
 * the clerk quits (false).  The password lives only in the field and is
 * wiped after use. */
bool login_screen_run(struct session *s);

/* The worklist of applications; returns when the clerk quits. */
void worklist_screen_run(struct session *s);

/* The household application form, new (resume_id NULL) or resuming the
 * draft with that request id.  Returns true and the application number
 * when the household was registered; false when the clerk left (the draft
 * stays unless they discarded it). */
bool household_screen_run(struct session *s, const char *resume_id, char app_no[64]);

/* What the clerk decided on the menu. */
enum menu_outcome { MENU_BACK, MENU_FILL, MENU_ACCEPT, MENU_REFUSE };
#define MENU_MAX_PACKAGE 32
struct menu_result {
	int fill_member;            /* MENU_FILL: -1 household, else the member */
	char fill_key[48];          /* MENU_FILL: the form field to fill */
	int package[MENU_MAX_PACKAGE]; /* MENU_ACCEPT: catalogue item indices */
	int package_count;
	char reason[256];           /* MENU_REFUSE */
};

/* The matched menu for the form's values as they stand, grouped by kind,
 * with the reasons for the selected item; the clerk ticks the package. */
enum menu_outcome menu_screen_run(struct session *s, const struct form_values *v,
				  struct menu_result *out);

/* The cases this person must act on, most urgent first, refreshed live
 * when someone else changes one; Enter opens a case. */
void cases_screen_run(struct session *s);

/* Shared by the case screens: a stage's label in the screen's language,
 * a light's letter (G/Y/R, " " for none) and its colour role. */
const char *stage_label(const char *stage);
const char *light_letter(enum case_light light);
enum ui_role light_role(enum case_light light);

/* One case: its clocks, its history, and the actions this role may take
 * now.  Returns when the person goes back. */
void case_screen_run(struct session *s, long long case_id);

/* Status lookup: a resident ID typed (full-width digits accepted), every
 * case of that person with stage, light and expected completion as the
 * applicant is told it; the lookup is logged by the server. */
void status_screen_run(struct session *s);

/* The policy list: every catalogue item with its basis, target group,
 * materials, process, standard and time limit, searched as one types;
 * F8 prints the selected item for the applicant. */
void policy_screen_run(struct session *s);

/* The supervisor's tables: stage x light per centre and per department,
 * the overdue list, performance per window and per department, the
 * discovery list; a case opens from the lists, F7 exports the table shown
 * as CSV. */
void supervisor_screen_run(struct session *s);

/* Writes `text` for the applicant to the receipt folder as NAME.txt and
 * sends it to the printer command, as the configuration says; the status
 * line tells where it went or what failed. */
void session_print(struct session *s, const char *name, const char *text);

/* One case on a receipt as the screens know it; amount when estimated. */
struct receipt_item {
	const char *case_no, *item_code, *due_date;
	bool has_amount;
	dec_t amount;
};

/* Builds the receipt of an accepted application (item names, departments
 * and materials from the catalogue), writes and prints it as configured,
 * and shows it; F8 prints it again. */
void receipt_issue(struct session *s, const char *application_no, const char *applicant_name,
		   const char *applicant_id_masked, const char *accepted_by, const char *date,
		   const struct receipt_item *items, int n_items);

/* The whole client: terminal, login, worklist, with the household form
 * definition already loaded.  Returns the exit status. */
int ui_client_run(const struct od_config *cfg, const struct form_def *household_form);

#endif
