/* ui_commands.h - what a key asks for, screen by screen.
 *
 * Commands are declared once with their label; bindings say which
 * function key and which Ctrl key mean a command on which screen.  Every
 * command has both (some thin-client terminals have no F-keys) and no
 * bare letter is a command, so typing into a field never triggers one. */
#ifndef ONEDOOR_UI_COMMANDS_H
#define ONEDOOR_UI_COMMANDS_H

#include "onedoor/i18n.h"
#include "onedoor/status.h"
#include "onedoor/ui_term.h"

/* X(command, name in conf/keys.ini, label msgid) */
#define UI_COMMAND_LIST(X)                              \
	X(CMD_HELP, "help", N_("Help"))                         \
	X(CMD_NEW_HOUSEHOLD, "new_household", N_("New household"))       \
	X(CMD_RESUME_DRAFT, "resume_draft", N_("Resume draft"))         \
	X(CMD_ADD_MEMBER, "add_member", N_("Add member"))             \
	X(CMD_REMOVE_MEMBER, "remove_member", N_("Remove member"))       \
	X(CMD_MEMBER_UP, "member_up", N_("Member up"))               \
	X(CMD_MEMBER_DOWN, "member_down", N_("Member down"))           \
	X(CMD_REFRESH, "refresh", N_("Refresh"))                   \
	X(CMD_SAVE, "save", N_("Save"))                         \
	X(CMD_MENU, "menu", N_("Menu"))                         \
	X(CMD_TICK, "tick", N_("Tick"))                         \
	X(CMD_FILL, "fill", N_("Fill in"))                      \
	X(CMD_ACCEPT, "accept", N_("Accept"))                     \
	X(CMD_REFUSE, "refuse", N_("Refuse"))                     \
	X(CMD_PRINT, "print", N_("Print"))                       \
	X(CMD_CASES, "cases", N_("Cases"))                       \
	X(CMD_OPEN, "open", N_("Open"))                         \
	X(CMD_FILTER_STAGE, "filter_stage", N_("Stage"))                \
	X(CMD_FILTER_LIGHT, "filter_light", N_("Light"))                \
	X(CMD_FILTER_ITEM, "filter_item", N_("Item"))                  \
	X(CMD_FILTER_CENTRE, "filter_centre", N_("Centre"))              \
	X(CMD_FIND, "find", N_("Find"))                         \
	X(CMD_TOGGLE_MINE, "toggle_mine", N_("Mine/all"))              \
	X(CMD_TOGGLE_ENDED, "toggle_ended", N_("Open/ended"))          \
	X(CMD_ACT_PASS, "act_pass", N_("Pass"))                     \
	X(CMD_ACT_FAIL, "act_fail", N_("Fail"))                     \
	X(CMD_ACT_RETURN, "act_return", N_("Return"))                 \
	X(CMD_ACT_WITHDRAW, "act_withdraw", N_("Withdraw"))             \
	X(CMD_CHECK_PASS, "check_pass", N_("Check passed"))           \
	X(CMD_CHECK_FAIL, "check_fail", N_("Check failed"))           \
	X(CMD_GOTO, "goto", N_("Go to"))                        \
	X(CMD_STATUS_LOOKUP, "status_lookup", N_("Status lookup"))       \
	X(CMD_POLICY_LIST, "policy_list", N_("Policy list"))           \
	X(CMD_SUPERVISOR, "supervisor", N_("Supervisor view"))        \
	X(CMD_NEXT_TABLE, "next_table", N_("Next table"))             \
	X(CMD_PREV_TABLE, "prev_table", N_("Previous table"))         \
	X(CMD_EXPORT, "export", N_("Export CSV"))                 \
	X(CMD_CASE_FILE, "case_file", N_("Whole case"))            \
	X(CMD_NEW_REPORT, "new_report", N_("New report"))           \
	X(CMD_ACKNOWLEDGE, "acknowledge", N_("Acknowledge"))        \
	X(CMD_ROLL_GENERATE, "roll_generate", N_("Make the rolls"))   \
	X(CMD_PREV_MONTH, "prev_month", N_("Previous month"))       \
	X(CMD_NEXT_MONTH, "next_month", N_("Next month"))           \
	X(CMD_TOGGLE_WAITING, "toggle_waiting", N_("Waiting/all"))  \
	X(CMD_ROLL_FORWARD, "roll_forward", N_("Submit or approve"))  \
	X(CMD_ROLL_RETURN, "roll_return", N_("Return the roll"))   \
	X(CMD_ROLL_HOLD, "roll_hold", N_("Hold/release line"))     \
	X(CMD_ROLL_HISTORY, "roll_history", N_("Lines/history"))    \
	X(CMD_ROLL_BANK_FILE, "roll_bank_file", N_("Write the bank file")) \
	X(CMD_ROLL_BANK_RESULTS, "roll_bank_results", N_("Import the bank's results")) \
	X(CMD_PAYMENTS, "payments", N_("Payments"))                 \
	X(CMD_PERIOD, "period", N_("Period"))                     \
	X(CMD_FILTER_PERSON, "filter_person", N_("Person"))        \
	X(CMD_FILTER_CASE, "filter_case", N_("Case"))              \
	X(CMD_FILTER_HOUSEHOLD, "filter_household", N_("Household")) \
	X(CMD_FILTER_KIND, "filter_kind", N_("Kind"))              \
	X(CMD_CLEAR_FILTERS, "clear_filters", N_("Clear filters"))  \
	X(CMD_VERIFY_CHAIN, "verify_chain", N_("Verify chain"))     \
	X(CMD_UNMASK, "unmask", N_("Unmask IDs"))                 \
	X(CMD_URGE, "urge", N_("Urge"))                           \
	X(CMD_REPORT, "report", N_("Report"))                     \
	X(CMD_URGES, "urges", N_("Urges and reports"))            \
	X(CMD_NEW_COMPLAINT, "new_complaint", N_("New complaint"))  \
	X(CMD_CLOSE_COMPLAINT, "close_complaint", N_("Close"))      \
	X(CMD_COMPLAINT_LIMIT, "complaint_limit", N_("Limit"))      \
	X(CMD_HISTORY, "history", N_("Household history"))       \
	X(CMD_REVIEW_CONTINUE, "review_continue", N_("Continue"))   \
	X(CMD_REVIEW_ADJUST, "review_adjust", N_("Adjust"))         \
	X(CMD_REVIEW_STOP, "review_stop", N_("Stop"))               \
	X(CMD_SUSPEND_RESUME, "suspend_resume", N_("Suspend/resume")) \
	X(CMD_REVIEWS_GENERATE, "reviews_generate", N_("Open reviews due")) \
	X(CMD_REVIEWS_CHANGES, "reviews_changes", N_("Changes in data")) \
	X(CMD_RECHECK_RECORD, "recheck_record", N_("Record result")) \
	X(CMD_ACK_WARNING, "acknowledge_warning", N_("Acknowledge receipt")) \
	X(CMD_OUTCOME, "record_outcome", N_("Record outcome"))           \
	X(CMD_VISIT, "record_visit", N_("Record visit"))          \
	X(CMD_MOVE_CATEGORY, "move_category", N_("Move category")) \
	X(CMD_LEAVE_REGISTER, "leave_register", N_("Leave register")) \
	X(CMD_RATE, "rate_care", N_("Rate"))                      \
	X(CMD_ADD_PROBLEM, "add_problem", N_("Add problem"))      \
	X(CMD_CLOSE_PROBLEM, "close_problem", N_("Close problem")) \
	X(CMD_REPORT_HOUSEHOLD, "report_household", N_("Report household")) \
	X(CMD_TO_APPLICATION, "to_application", N_("To application")) \
	X(CMD_TO_MONITORING, "to_monitoring", N_("To monitoring")) \
	X(CMD_CLOSE_REPORT, "close_report", N_("Close report"))   \
	X(CMD_LOGOUT, "logout", N_("Log out"))                   \
	X(CMD_QUIT, "quit", N_("Quit"))

enum ui_command {
	CMD_NONE,
#define UI_CMD_ENUM(cmd, name, label) cmd,
	UI_COMMAND_LIST(UI_CMD_ENUM)
#undef UI_CMD_ENUM
};

/* X(context, section in conf/keys.ini) */
#define UI_CONTEXT_LIST(X)               \
	X(CTX_ANY, "any")                \
	X(CTX_LOGIN, "login")            \
	X(CTX_WORKLIST, "applications")  \
	X(CTX_FORM, "form")              \
	X(CTX_MENU, "menu")              \
	X(CTX_RECEIPT, "receipt")        \
	X(CTX_CASES, "cases")            \
	X(CTX_CASE, "case")              \
	X(CTX_STATUS, "status")          \
	X(CTX_POLICY, "policy")          \
	X(CTX_SUPERVISOR, "supervisor")  \
	X(CTX_CASE_FILE, "case_file")    \
	X(CTX_DECIDE, "decide")          \
	X(CTX_ROLLS, "rolls")            \
	X(CTX_FINANCE, "finance")        \
	X(CTX_ROLL, "roll")              \
	X(CTX_PAYMENTS, "payments")      \
	X(CTX_STATS, "statistics")       \
	X(CTX_AUDIT, "audit")            \
	X(CTX_AUDIT_ENTRY, "audit_entry") \
	X(CTX_URGES, "urges")            \
	X(CTX_COMPLAINTS, "complaints")  \
	X(CTX_HISTORY, "history")        \
	X(CTX_REVIEWS, "reviews")        \
	X(CTX_RECHECKS, "rechecks")      \
	X(CTX_WARNINGS, "warnings")      \
	X(CTX_REGISTER, "monitoring")    \
	X(CTX_CARE, "care")              \
	X(CTX_PROBLEMS, "problems")      \
	X(CTX_REPORTS, "reports")        \
	X(CTX_WATCH_FIGURES, "watch_figures") \
	X(CTX_DIALOG, "dialog")          \
	X(CTX_CONFIRM, "confirm")

enum ui_context {
#define UI_CTX_ENUM(ctx, name) ctx,
	UI_CONTEXT_LIST(UI_CTX_ENUM)
#undef UI_CTX_ENUM
};

/* Which keys mean which command on which screen is data: conf/keys.ini,
 * read at start by ui_bindings_load.  A [section] per screen ([any] binds
 * on every screen unless the screen binds the key itself); a line per
 * command: `name = F<n> Ctrl-<letter>` or `name = F<n> Alt-<letter>`. Both
 * are required: some thin clients have no F-keys. */
enum od_status ui_bindings_load(const char *path, struct diag *d);

/* The command a key means on screen ctx, CMD_NONE for anything else. */
enum ui_command ui_command_of(enum ui_context ctx, const struct ui_key *key);

/* The label msgid of a command. */
const char *ui_command_label(enum ui_command cmd);

/* Draws the key bar for these commands (CMD_NONE-terminated) as bound on
 * screen ctx, each shown as "F2 New household". */
void ui_command_bar(enum ui_context ctx, const enum ui_command *cmds);

/* The command named `name` in conf/keys.ini ("act_pass"), CMD_NONE when
 * there is none. */
enum ui_command ui_command_named(const char *name);
/* The F-key that means cmd on screen ctx ("F8" into out); false when none. */
bool ui_command_key(enum ui_context ctx, enum ui_command cmd, char out[8]);

/* The keys of screen ctx for F1, one line each ("F8   Ctrl-S   Save"),
 * at most max; returns how many. */
int ui_key_lines(enum ui_context ctx, char (*lines)[96], int max);

#endif
