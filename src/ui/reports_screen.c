/* reports_screen.c - households in difficulty reported by village
 * coordinators (协理员、网格员上报), with what became of each: waiting for
 * the centre, an application and how far its items went, an entry in the
 * monitoring register, or closed with a note.
 *
 * The coordinator's home: F2 reports a household (the applicant's name, a
 * resident ID when known, the hukou and what the difficulty is - the few
 * fields a report needs; the centre completes the rest when it opens an
 * application).  The centre's clerks and the county's supervisors decide
 * on a new report: F9 opens an application (the household form starts from
 * the report, the clerk completes it), F6 enters the household in the
 * monitoring register, F4 closes the report with a note.  Who may do which is the server's to say. */
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/strbuf.h"
#include "onedoor/store_watch.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_watch.h"
#include "onedoor/xalloc.h"

#include "curses_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RP_REFRESH_MS 60000

enum { Q_LIST = 1, Q_REPORT, Q_ACT };
enum { ASK_NAME = 1, ASK_ID, ASK_HUKOU, ASK_DIFFICULTY, ASK_CATEGORY, ASK_REASON,
       ASK_RESPONSIBLE, ASK_CLOSE };

/* A report being typed, or a decision being asked for. */
struct rp_draft {
	char name[192], resident_id[RID_LENGTH + 1], hukou[8];
	long long report;
	int category;
	char reason[512];
};

struct rp_state {
	struct session *s;
	struct ui_screen *sc;
	struct watch_report *rows;
	int count;
	struct wt_table t;
	struct rp_draft d;
};

static void reload(struct rp_state *st)
{
	struct db_query q;
	watch_reports_query(&q);
	ui_send(st->s, st->sc, Q_LIST, &q);
	db_query_free(&q);
}

static const struct watch_report *selected(const struct rp_state *st)
{
	if (st->t.count == 0)
		return NULL;
	return &st->rows[st->t.rows[st->t.selected].index];
}

static const struct watch_report *by_id(const struct rp_state *st, long long id)
{
	for (int i = 0; i < st->count; i++)
		if (st->rows[i].id == id)
			return &st->rows[i];
	return NULL;
}

static void build(struct rp_state *st)
{
	long long keep = wt_selected_id(&st->t);
	wt_clear_rows(&st->t);
	for (int i = 0; i < st->count; i++)
		watch_report_row(&st->rows[i], wt_add(&st->t));
	wt_keep(&st->t, keep);
}

static void send_write(struct rp_state *st, int tag, struct db_query *q)
{
	ui_send(st->s, st->sc, tag, q);
	db_query_free(q);
	reload(st);
}

/* The report's document as register_household reads a household. */
static void report(struct rp_state *st, const char *difficulty)
{
	struct strbuf doc = {0};
	strbuf_append(&doc, "{\"hukou\": ");
	strbuf_append_json(&doc, st->d.hukou);
	strbuf_append(&doc, ", \"facts\": {}, \"members\": [{\"name\": ");
	strbuf_append_json(&doc, st->d.name);
	strbuf_append(&doc, ", \"relation\": \"self\"");
	if (*st->d.resident_id) {
		strbuf_append(&doc, ", \"resident_id\": ");
		strbuf_append_json(&doc, st->d.resident_id);
	}
	strbuf_append(&doc, ", \"facts\": {}}]}");
	char rid[37];
	db_new_request_id(rid);
	struct db_query q;
	watch_report_household_query(&q, rid, strbuf_text(&doc), difficulty);
	strbuf_free(&doc);
	send_write(st, Q_REPORT, &q);
}

static enum ui_op result(struct ui_screen *sc, struct session *s, struct ui_reply *reply)
{
	struct rp_state *st = sc->state;
	if (reply->cancelled)
		return UI_REDRAW;
	if (reply->tag == Q_REPORT || reply->tag == Q_ACT) {
		if (reply->status != OD_OK)
			return session_fail(s, _("Not done"), reply->d.text);
		if (reply->tag == Q_REPORT && db_rows(reply->result) > 0)
			session_say(s, ROLE_INFO, _("Reported as %s; the centre will decide on it."),
				    db_value(reply->result, 0, "report_no"));
		else
			session_say(s, ROLE_INFO, "%s", _("Done."));
		return UI_REDRAW;
	}
	if (reply->status != OD_OK)
		return session_fail(s, _("Cannot read the reports"), reply->d.text);
	free(st->rows);
	watch_reports_read(reply->result, &st->rows, &st->count);
	st->t.loaded = true;
	build(st);
	return UI_REDRAW;
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct rp_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, _("Households reported"));
	int waiting = 0;
	for (int i = 0; i < st->count; i++)
		waiting += strcmp(st->rows[i].state, "new") == 0;
	char line[256];
	snprintf(line, sizeof line, _("%d reports, %d waiting for the centre"), st->count, waiting);
	ui_text(1, 0, ui_cols(), ROLE_INFO, true, line);
	int detail = 4, height = ui_rows() - 4 - detail - 1;
	wt_draw(&st->t, 2, height);
	ui_hline(2 + height, 0, ui_cols());
	const struct watch_report *p = selected(st);
	if (p) {
		char text[1536];
		watch_report_detail(p, text, sizeof text);
		wt_draw_text(3 + height, detail, text);
	}
	/* The coordinator reports; the centre decides. */
	static const enum ui_command reporter[] = {CMD_HELP, CMD_REPORT_HOUSEHOLD, CMD_REFRESH, CMD_NONE};
	static const enum ui_command centre[] = {CMD_HELP,	  CMD_TO_APPLICATION,
						 CMD_TO_MONITORING, CMD_CLOSE_REPORT,
						 CMD_REFRESH,	  CMD_NONE};
	ui_command_bar(CTX_REPORTS,
		       strcmp(s->staff.role_group, "coordinator") == 0 ? reporter : centre);
	ui_cursor(-1, 0);
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct rp_state *st = sc->state;
	const struct watch_report *p = selected(st);
	switch (cmd) {
	case CMD_REFRESH:
		reload(st);
		session_say(s, ROLE_INFO, "%s", _("Refreshed."));
		return UI_REDRAW;
	case CMD_REPORT_HOUSEHOLD:
		memset(&st->d, 0, sizeof st->d);
		return ui_ask(s, sc, ASK_NAME, _("Name of the person in difficulty:"));
	case CMD_TO_APPLICATION:
		/* The household form, started from the report; it registers
		 * the completed household as the report's application. */
		if (!p)
			return UI_STAY;
		return ui_push(s, household_screen_from_report(s, p->id, p->version));
	case CMD_TO_MONITORING:
		if (!p)
			return UI_STAY;
		memset(&st->d, 0, sizeof st->d);
		st->d.report = p->id;
		return ui_choose(s, sc, ASK_CATEGORY,
				 _("Monitoring category: 1 hard-up, not yet eligible; 2 not "
				   "eligible, keep watching"),
				 "12");
	case CMD_CLOSE_REPORT:
		if (!p)
			return UI_STAY;
		st->d.report = p->id;
		return ui_ask(s, sc, ASK_CLOSE, _("Why is the report closed?"));
	default:
		return UI_STAY;
	}
}

static enum ui_op answer(struct ui_screen *sc, struct session *s, int tag, const char *text)
{
	struct rp_state *st = sc->state;
	if (!text)
		return UI_REDRAW;
	const struct watch_report *p = by_id(st, st->d.report);
	char rid[37];
	struct db_query q;
	struct resident_id id;
	enum rid_error bad;
	switch (tag) {
	case ASK_NAME:
		snprintf(st->d.name, sizeof st->d.name, "%s", text);
		return ui_ask_optional(s, sc, ASK_ID, _("Resident ID (empty: not known):"), NULL);
	case ASK_ID:
		if (*text && (bad = rid_parse(text, &id)) != RID_OK) {
			/* Asked again with what was typed, and why it is refused. */
			char question[256];
			snprintf(question, sizeof question, _("%s. Resident ID:"),
				 _(rid_error_message(bad)));
			return ui_ask_optional(s, sc, ASK_ID, question, text);
		}
		snprintf(st->d.resident_id, sizeof st->d.resident_id, "%s", *text ? id.text : "");
		return ui_choose(s, sc, ASK_HUKOU, _("Hukou: u urban, r rural"), "ur");
	case ASK_HUKOU:
		snprintf(st->d.hukou, sizeof st->d.hukou, "%s", text[0] == 'r' ? "rural" : "urban");
		return ui_ask(s, sc, ASK_DIFFICULTY, _("What is the difficulty:"));
	case ASK_DIFFICULTY:
		report(st, text);
		break;
	case ASK_CATEGORY:
		st->d.category = text[0] == '2' ? 2 : 1;
		return ui_ask(s, sc, ASK_REASON, _("Reason for monitoring:"));
	case ASK_REASON:
		snprintf(st->d.reason, sizeof st->d.reason, "%s", text);
		return ui_ask(s, sc, ASK_RESPONSIBLE, _("Person responsible:"));
	case ASK_RESPONSIBLE:
		if (!p)
			break;
		db_new_request_id(rid);
		watch_report_to_monitoring_query(&q, rid, p->id, p->version, st->d.category,
						 st->d.reason, text);
		send_write(st, Q_ACT, &q);
		break;
	case ASK_CLOSE:
		if (!p)
			break;
		db_new_request_id(rid);
		watch_report_close_query(&q, rid, p->id, p->version, text);
		send_write(st, Q_ACT, &q);
		break;
	}
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct rp_state *st = sc->state;
	if (k->kind == KEY_KIND_FUNC && k->code == KEY_ESCAPE)
		return UI_POP;
	if (k->kind == KEY_KIND_CHAR && k->ch == '?' && !k->paste)
		return ui_push(s, help_screen_new(s, sc));
	wt_move(&st->t, k, ui_rows() - 11);
	return UI_REDRAW;
}

static enum ui_op reread(struct ui_screen *sc, struct session *s)
{
	(void)s;
	reload(sc->state);
	return UI_STAY;
}

static void destroy(struct ui_screen *sc)
{
	struct rp_state *st = sc->state;
	free(st->rows);
	wt_free(&st->t);
	free(st);
}

static const char *const reports_help[] = {N_("Up, Down, Page Up, Page Down: move in the list"),
					   N_("Esc: back"), NULL};

static const struct ui_screen_ops reports_ops = {
	.name = "reports",
	.ctx = CTX_REPORTS,
	.help = reports_help,
	.draw = draw,
	.key = key,
	.command = command,
	.result = result,
	.answer = answer,
	.resume = reread,
	.tick = reread,
	.destroy = destroy,
};

struct ui_screen *reports_screen_new(struct session *s)
{
	struct rp_state *st = xcalloc(1, sizeof *st);
	struct ui_screen *sc = ui_screen_new(&reports_ops, st);
	st->s = s;
	st->sc = sc;
	sc->tick_ms = RP_REFRESH_MS;
	watch_report_columns(&st->t);
	reload(st);
	return sc;
}
