/* ui_screens.h - the client's screens and the session they share.
 *
 * Each screen is built by its constructor (X_screen_new) and pushed on the
 * stack of ui_loop.h; none runs a loop of its own.  A constructor returns
 * NULL (with a message on the status line) when the screen cannot open. */
#ifndef ONEDOOR_UI_SCREENS_H
#define ONEDOOR_UI_SCREENS_H

#include "onedoor/case_store.h"
#include "onedoor/config.h"
#include "onedoor/form_def.h"
#include "onedoor/form_values.h"
#include "onedoor/match.h"
#include "onedoor/store.h"
#include "onedoor/ui_loop.h"
#include "onedoor/ui_term.h"

struct ui_loop;

struct session {
	const struct od_config *cfg;
	struct db *db;          /* NULL until logged in */
	struct db *reads;       /* the reads' connection ([database] read_service), opened
				   by the loop beside db; NULL when not configured */
	struct staff_info staff;
	const struct form_def *household_form; /* forms/household.ini */
	struct catalogue *catalogue;   /* read from the database at login; NULL if none */
	struct matcher *matcher;
	struct department_names departments;
	int lang;               /* 0 Chinese, 1 English: index of labels */
	char status[1024];      /* message for the status line, "" for none */
	enum ui_role status_role;
	/* The loop's, read by the frame: */
	struct ui_loop *loop;
	bool busy;              /* a statement has been running a while */
	bool offline;           /* the connection is lost; reconnecting */
	int attempt;            /* reconnection attempts so far */
	int today_offset;       /* the server's date minus this machine's, in days */
	bool pending;           /* a statement waits (for the link, or its answer) */
	bool live_off;          /* the change feed does not answer: no live refresh */
	bool on_standby;        /* the screen shown reads from a hot standby */
};

/* Sets the status line message (printf-style); a message longer than the
 * line is cut there, so failures go through session_fail. */
void session_say(struct session *s, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Says a failure whole: on the status line when it fits, else in a
 * scrolling box (returns UI_PUSH then, UI_REDRAW otherwise).  `what` is a
 * msgid-translated lead such as _("Not saved"). */
enum ui_op session_fail(struct session *s, const char *what, const char *message);

/* Today as the server counts it (its onedoor.today() at log-in, moved on
 * with this machine's clock): the date of applications, ages and the
 * title bar, so that a thin client with a wrong clock dates nothing wrong. */
int32_t session_today(const struct session *s);

/* A catalogue item's name in the session's language, by its code;
 * "(unknown)" for a code the catalogue read at log-in does not have. */
const char *session_item_name(const struct session *s, const char *code);
/* The names of comma-separated item codes, joined as the language joins a
 * list ("、" or ", "); "none" for an empty list. */
void session_item_names(const struct session *s, const char *codes, char *out, size_t n);

/* Draws the title bar and status line common to every screen. */
void session_draw_frame(const struct session *s, const char *screen_title);

/* After log-in, on the answer r of the one statement a log-in sends
 * (store_client_start_query): who the caller is, the schema checked
 * (OD_ERR_DB with the reason in d when it is older than the program), the
 * catalogue, the departments, the live-refresh subscription kept across
 * reconnections.  *warn: a sentence for the status line, or empty. */
enum od_status session_start(struct session *s, const struct db_result *r, struct diag *warn,
			     struct diag *d);
/* Closes the connection and forgets everything the login brought. */
void session_logout(struct session *s);

/* Writes `text` for the applicant to the receipt folder as NAME.txt and
 * sends it to the printer command, as the configuration says; the status
 * line tells where it went or what failed. */
void session_print(struct session *s, const char *name, const char *text);

/* The screens ------------------------------------------------------------ */

/* Login: role name and password until a connection opens; then the home
 * screen of the role takes its place. */
struct ui_screen *login_screen_new(struct session *s);

/* The applications of the centre, newest first (the clerk's home). */
struct ui_screen *worklist_screen_new(struct session *s);

/* The household form: new (all NULL), resuming the draft with request id
 * resume_id, or the registered application `application_no` of household
 * `household_no`, read back from the server. */
struct ui_screen *household_screen_new(struct session *s, const char *resume_id,
				       const char *application_no, const char *household_no);

/* A registered household reopened (its application decided): its stored
 * facts in the form, to be saved with a reason as its next version, which
 * opens a new application on it. */
struct ui_screen *household_screen_change(struct session *s, const char *household_no);

/* The household form started from a coordinator's new report (its id and
 * version): F8 registers the completed household as the report's
 * application; the form goes on as for any registered application. */
struct ui_screen *household_screen_from_report(struct session *s, long long report_id,
					       int version);

/* What the clerk decided on the menu, handed back to the form. */
enum menu_outcome { MENU_NONE, MENU_FILL, MENU_ACCEPT, MENU_REFUSE };
#define MENU_MAX_PACKAGE 32
struct menu_result {
	enum menu_outcome outcome;
	int fill_member;            /* MENU_FILL: -1 household, else the member */
	char fill_key[48];          /* MENU_FILL: the form field to fill */
	int package[MENU_MAX_PACKAGE]; /* MENU_ACCEPT: catalogue item indices */
	int package_count;
	char reason[256];           /* MENU_REFUSE */
};

/* The matched menu for the form's values (read, not kept: v must outlive
 * the menu, as the form beneath it does); the clerk ticks the package and
 * the decision is written to *out, which the form reads on resume. */
struct ui_screen *menu_screen_new(struct session *s, const struct form_values *v,
				  struct menu_result *out);

/* One case on a receipt as the screens know it; amount when estimated. */
struct receipt_item {
	const char *case_no, *item_code, *due_date;
	bool has_amount;
	dec_t amount;
};

/* The receipt of an accepted application (item names, departments and
 * materials from the catalogue), written and printed as configured, then
 * shown. */
struct ui_screen *receipt_screen_new(struct session *s, const char *application_no,
				     const char *applicant_name,
				     const char *applicant_id_masked, const char *accepted_by,
				     const char *date, const struct receipt_item *items,
				     int n_items);

/* The text of that receipt, appended to out. */
void receipt_compose(struct session *s, const char *application_no, const char *applicant_name,
		     const char *applicant_id_masked, const char *accepted_by, const char *date,
		     const struct receipt_item *items, int n_items, struct strbuf *out);
/* A receipt from its text: issued now (written and printed, then shown),
 * or, as_reprint, printed again marked as a reprint into a file of its own
 * (the original file is never touched). */
struct ui_screen *receipt_screen_text(struct session *s, const char *application_no,
				      const char *text, bool as_reprint);

/* The same for the county's documents: a decision notice (reprints marked
 * like the receipt's) or a verification report (printed as stored); `name`
 * is the document's number, its file name. */
enum doc_kind { DOC_RECEIPT, DOC_NOTICE, DOC_REPORT };
struct ui_screen *document_screen_new(struct session *s, enum doc_kind kind, const char *name,
				      const char *text, bool as_reprint);

/* The cases this person must act on, most urgent first, refreshed live. */
struct ui_screen *cases_screen_new(struct session *s);

/* Shared by the case screens: a light's letter (G/Y/R, " " for none) and
 * its colour role. */
const char *light_letter(enum case_light light);
enum ui_role light_role(enum case_light light);

/* One case: clocks, history, and the actions the server allows this
 * person now. */
struct ui_screen *case_screen_new(struct session *s, long long case_id);

/* The case seen whole (household, members, declared facts, the menu at
 * acceptance, materials, verification report, decision, history) for the
 * county's desks, with the verifier's and approver's actions. */
struct ui_screen *case_file_screen_new(struct session *s, long long case_id, const char *case_no);

/* The approver's decision on case_id: amount (the engine's on the verified
 * facts by default) and start month, or a refusal with its reason; grant
 * and refuse are the server's offers (NULL: not offered), `refusing` puts
 * the cursor on the reason.  The notice is printed once decided. */
struct ui_screen *decide_screen_new(struct session *s, long long case_id,
				    const struct case_allowed *grant,
				    const struct case_allowed *refuse, bool refusing);

/* Status lookup by resident ID. */
struct ui_screen *status_screen_new(struct session *s);

/* The history of the household of case `case_id` (or, when it is 0, the
 * household of the person with resident ID `resident_id`): what it
 * receives now, its applications and decisions, the versions of its facts. */
struct ui_screen *history_screen_new(struct session *s, long long case_id,
				     const char *resident_id);
/* The same history by the household's number (from an audit entry). */
struct ui_screen *history_screen_of_household(struct session *s, const char *household_no);

/* Reviews of benefits in force (periodic and change of circumstances) and
 * re-checks, for the departments and the county centre. */
struct ui_screen *reviews_screen_new(struct session *s);

/* The policy list: every catalogue item, searched as one types. */
struct ui_screen *policy_screen_new(struct session *s);

/* The supervisor's tables. */
struct ui_screen *supervisor_screen_new(struct session *s);

/* The payment rolls of a month (the county centre, a department), and
 * finance's view of them (the rolls waiting for its check first); one
 * roll, to hold lines, submit, approve or return, and print. */
struct ui_screen *rolls_screen_new(struct session *s);
struct ui_screen *finance_screen_new(struct session *s);
struct ui_screen *roll_screen_new(struct session *s, const char *roll_no);

/* What case `case_id` was paid and the messages sent about it; `title`
 * heads the screen (case number, item, recipient). */
struct ui_screen *payments_screen_new(struct session *s, long long case_id, const char *title);
/* The leaders' statistics: tables with bars and a sparkline, CSV. */
struct ui_screen *stats_screen_new(struct session *s);

/* The audit trail for the discipline commission (supervisors: their
 * county's staff): filters, pages newest first, entries, chain check. */
struct ui_screen *audit_screen_new(struct session *s);
/* One entry of the trail whole (its number seq); opens its case. */
struct ui_screen *audit_entry_screen_new(struct session *s, long long seq);

/* Urges and 通报: of one case (case_id > 0), where the supervision window
 * records them, or every one the person may see (case_id 0). */
struct ui_screen *urges_screen_new(struct session *s, long long case_id);
struct ui_screen *urges_list_screen_new(struct session *s);

/* The complaints register (投诉举报). */
struct ui_screen *complaints_screen_new(struct session *s);

/* Policy finds the person (ui_watch.h): a department's warning queue; the
 * monitoring register and its visits; three-colour care and one person's
 * problem list; village coordinators' reports; the supervisors' figures of
 * these by township. */
struct ui_screen *warnings_screen_new(struct session *s);
struct ui_screen *register_screen_new(struct session *s);
struct ui_screen *care_screen_new(struct session *s);
struct ui_screen *problems_screen_new(struct session *s, long long person_id, const char *name);
struct ui_screen *reports_screen_new(struct session *s);
struct ui_screen *watch_figures_screen_new(struct session *s);

/* Overlays the loop pushes itself: F1 (the keys of screen `under`) and
 * F12 (the other screens this role may open, and log-out). */
struct ui_screen *help_screen_new(struct session *s, const struct ui_screen *under);
struct ui_screen *goto_screen_new(struct session *s, enum ui_context from);
/* The first screen after logging in: the one F12's table names as the
 * home of the caller's group (the clerk's applications, the county's
 * cases ...). */
struct ui_screen *home_screen_new(struct session *s);

/* Tags of answers meant for the loop itself (ui_confirm with sc NULL). */
enum { UI_ANSWER_QUIT = -1, UI_ANSWER_LOGOUT = -2 };
/* ... and "close the n screens on top" (F12 to a screen already open). */
#define UI_ANSWER_BACK_TO(n) (-100 - (n))
void ui_loop_answer(struct session *s, int tag, const char *text);

/* The whole client: terminal, login, screens, with the household form
 * definition already loaded.  Returns the exit status. */
int ui_client_run(const struct od_config *cfg, const struct form_def *household_form);

#endif
