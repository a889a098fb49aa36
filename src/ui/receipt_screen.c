/* receipt_screen.c - the receipt as the applicant gets it: written to the
 * receipt folder and sent to the printer when the screen opens, then
 * shown.  A receipt once issued never changes: F8 prints a copy of the
 * same text marked 补打 (reprint) with the time and the person, written to
 * a file of its own.  The county's documents (decision notice,
 * verification report) are printed and reprinted the same way. */
#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/receipt.h"
#include "onedoor/ui_commands.h"
#include "onedoor/ui_screens.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct receipt_state {
	enum doc_kind kind;
	char application_no[64]; /* the document's number: its file name */
	char *original; /* the receipt as issued */
	char *text;     /* as shown: the original, or a reprint of it */
	int top, lines;
};

static const char *title_of(enum doc_kind kind)
{
	return kind == DOC_NOTICE ? _("Decision notice")
	       : kind == DOC_REPORT ? _("Verification report")
				    : _("Receipt");
}

static void output(struct session *s, enum doc_kind kind, const char *name, const char *text)
{
	char path[512];
	struct diag d;
	if (kind != DOC_RECEIPT) {
		session_print(s, name, text);
		return;
	}
	if (receipt_output(text, name, s->cfg->receipt_dir, s->cfg->printer, path, sizeof path,
			   &d) != OD_OK)
		session_fail(s, _("Receipt"), d.text);
	else if (*s->cfg->printer)
		session_say(s, ROLE_INFO, _("Receipt sent to the printer."));
	else if (*path)
		session_say(s, ROLE_INFO, _("Receipt written to %s."), path);
}

static void draw(struct ui_screen *sc, struct session *s)
{
	struct receipt_state *st = sc->state;
	ui_clear();
	session_draw_frame(s, title_of(st->kind));
	int rows = ui_rows() - 4;
	if (st->top > st->lines - rows)
		st->top = st->lines - rows > 0 ? st->lines - rows : 0;
	const char *p = st->text;
	for (int n = 0; n < st->top + rows && *p; n++) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (n >= st->top) {
			char line[512];
			snprintf(line, sizeof line, "%.*s", (int)len, p);
			ui_text(1 + n - st->top, 2, ui_cols() - 2, ROLE_NORMAL, true, line);
		}
		p += len + (end ? 1 : 0);
	}
	static const enum ui_command keys[] = {CMD_HELP, CMD_PRINT, CMD_NONE};
	ui_command_bar(CTX_RECEIPT, keys);
	ui_cursor(-1, 0);
}

/* The receipt `text` again, marked as a reprint with when and by whom,
 * written to a file of its own (the original is never touched) and
 * printed; returns the marked text (caller frees). */
static char *reprint(struct session *s, enum doc_kind kind, const char *application_no,
		     const char *text)
{
	char when[32], name[128];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	char *marked = xasprintf(kind == DOC_NOTICE
					 ? _("%s\nREPRINT of the decision notice above, %s, by %s\n")
					 : _("%s\nREPRINT of the receipt above, %s, by %s\n"),
				 text, when, s->staff.full_name);
	strftime(when, sizeof when, "%Y%m%d-%H%M%S", &tm);
	snprintf(name, sizeof name, "%s-reprint-%s", application_no, when);
	output(s, kind, name, marked);
	return marked;
}

static enum ui_op command(struct ui_screen *sc, struct session *s, enum ui_command cmd)
{
	struct receipt_state *st = sc->state;
	if (cmd != CMD_PRINT)
		return UI_STAY;
	if (st->kind == DOC_REPORT) /* the stored report again, as it is */
		output(s, st->kind, st->application_no, st->original);
	else
		free(reprint(s, st->kind, st->application_no, st->original));
	return UI_REDRAW;
}

static enum ui_op key(struct ui_screen *sc, struct session *s, const struct ui_key *k)
{
	struct receipt_state *st = sc->state;
	(void)s;
	if (k->kind != KEY_KIND_FUNC)
		return UI_STAY;
	switch (k->code) {
	case KEY_ESCAPE:
	case KEY_RETURN:
	case KEY_ENTER:
		return UI_POP;
	case KEY_DOWN:
		st->top++;
		break;
	case KEY_UP:
		st->top -= st->top > 0;
		break;
	case KEY_NPAGE:
		st->top += ui_rows() - 5;
		break;
	case KEY_PPAGE:
		st->top = st->top > ui_rows() - 5 ? st->top - (ui_rows() - 5) : 0;
		break;
	default:
		return UI_STAY;
	}
	return UI_REDRAW;
}

static void destroy(struct ui_screen *sc)
{
	struct receipt_state *st = sc->state;
	free(st->text);
	free(st->original);
	free(st);
}

static const char *const receipt_help[] = {
	N_("Up, Down, PgUp, PgDn: scroll the receipt"),
	N_("F8: print a copy marked as a reprint (the receipt itself never changes)"),
	N_("Enter, Esc: done"), NULL};

static const struct ui_screen_ops receipt_ops = {
	.name = "receipt",
	.ctx = CTX_RECEIPT,
	.help = receipt_help,
	.draw = draw,
	.key = key,
	.command = command,
	.destroy = destroy,
};

void receipt_compose(struct session *s, const char *application_no, const char *applicant_name,
		     const char *applicant_id_masked, const char *accepted_by, const char *date,
		     const struct receipt_item *items, int n_items, struct strbuf *out)
{
	struct receipt_case rc[64];
	int n = n_items < 64 ? n_items : 64;
	for (int i = 0; i < n; i++) {
		const struct receipt_item *it = &items[i];
		int k = s->catalogue ? catalogue_find_item(s->catalogue, it->item_code,
							    strlen(it->item_code))
				     : -1;
		const struct cat_item *ci = k >= 0 ? &s->catalogue->items[k] : NULL;
		rc[i] = (struct receipt_case){
			.case_no = it->case_no,
			.item_name = ci ? (s->lang ? ci->name_en : ci->name_zh) : it->item_code,
			.department = ci ? department_name(&s->departments, ci->department, s->lang) : "",
			.due_date = it->due_date,
			.materials = ci ? (const char *const *)ci->materials : NULL,
			.n_materials = ci ? ci->n_materials : 0,
			.has_amount = it->has_amount,
			.monthly = ci && strcmp(ci->amount_period, "monthly") == 0,
			.amount = it->amount,
		};
	}
	struct receipt r = {
		.lang = s->lang,
		.centre_name = s->staff.centre_name,
		.window = s->cfg->window,
		.clerk_name = accepted_by,
		/* The number is the session's: a receipt is issued by the clerk
		 * who accepted; one rebuilt at another desk names the clerk only. */
		.clerk_no = strcmp(accepted_by, s->staff.full_name) == 0 ? s->staff.staff_no : NULL,
		.date = date,
		.application_no = application_no,
		.applicant_name = applicant_name,
		.applicant_id = applicant_id_masked,
		.cases = rc,
		.n_cases = n,
	};
	receipt_format(&r, out);
}

struct ui_screen *receipt_screen_new(struct session *s, const char *application_no,
				     const char *applicant_name,
				     const char *applicant_id_masked, const char *accepted_by,
				     const char *date, const struct receipt_item *items,
				     int n_items)
{
	struct strbuf text = STRBUF_INIT;
	receipt_compose(s, application_no, applicant_name, applicant_id_masked, accepted_by, date,
			items, n_items, &text);
	struct ui_screen *sc = receipt_screen_text(s, application_no, strbuf_text(&text), false);
	strbuf_free(&text);
	return sc;
}

struct ui_screen *document_screen_new(struct session *s, enum doc_kind kind, const char *name,
				     const char *text, bool as_reprint)
{
	struct receipt_state *st = xcalloc(1, sizeof *st);
	st->kind = kind;
	snprintf(st->application_no, sizeof st->application_no, "%s", name);
	st->original = xstrdup(text);
	if (as_reprint) {
		st->text = reprint(s, kind, name, text);
	} else {
		st->text = xstrdup(text);
		output(s, kind, name, st->text);
	}
	st->lines = 1;
	for (const char *p = st->text; *p; p++)
		st->lines += *p == '\n';
	return ui_screen_new(&receipt_ops, st);
}

struct ui_screen *receipt_screen_text(struct session *s, const char *application_no,
				      const char *text, bool as_reprint)
{
	return document_screen_new(s, DOC_RECEIPT, application_no, text, as_reprint);
}
