/* case_file.c - the case seen whole as text lines.
 *
 * The rows come in the database's order; each section gets a heading and
 * its keys a label from the message catalogue.  Enumerated values (stage,
 * relation, verdict...) are worded here; everything else is data. */
#include "onedoor/case_file.h"

#include "onedoor/hh_facts.h"
#include "onedoor/i18n.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *case_file_get(const struct case_file *cf, const char *section, int pos,
			  const char *key)
{
	for (int i = 0; i < cf->n; i++) {
		const struct case_file_row *r = &cf->rows[i];
		if ((pos < 0 || r->pos == pos) && !strcmp(r->section, section) &&
		    !strcmp(r->key, key))
			return r->value;
	}
	return "";
}

void case_file_clear(struct case_file *cf)
{
	for (int i = 0; i < cf->n; i++) {
		free(cf->rows[i].section);
		free(cf->rows[i].key);
		free(cf->rows[i].value);
	}
	free(cf->rows);
	cf->rows = NULL;
	cf->n = 0;
}

/* Words for the enumerated values the database stores as codes. */
static const char *word(const char *v)
{
	static const char *const words[][2] = {
		{"accept", N_("intake")}, {"verify", N_("verification")},
		{"supervise", N_("supervision")}, {"approve", N_("approval")},
		{"file", N_("filing")}, {"filed", N_("filed")}, {"refused", N_("refused")},
		{"withdrawn", N_("withdrawn")}, {"normal", N_("normal track")},
		{"green", N_("green channel")}, {"commitment", N_("commitment track")},
		{"urban", N_("urban")}, {"rural", N_("rural")}, {"self", N_("self")},
		{"spouse", N_("spouse")}, {"child", N_("child")}, {"parent", N_("parent")},
		{"grandparent", N_("grandparent")}, {"grandchild", N_("grandchild")},
		{"sibling", N_("sibling")}, {"other", N_("other")}, {"M", N_("male")},
		{"F", N_("female")}, {"granted", N_("granted")}, {"monthly", N_("per month")},
		{"once", N_("once")}, {"eligible", N_("eligible")},
		{"not_eligible", N_("not eligible")}, {"missing_data", N_("missing data")},
		{"materials", N_("materials check")}, {"postcheck", N_("post-check")},
		{"passed", N_("passed")}, {"failed", N_("failed")}, {"yes", N_("yes")},
		{"no", N_("no")},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i][0], v))
			return _(words[i][1]);
	return v;
}

/* The label of a household-file key (forms/household.ini), or the key. */
static const char *fact_label(const char *key, bool member)
{
	int n = member ? MK_COUNT : HK_COUNT;
	for (int k = 0; k < n; k++) {
		const struct hh_fact_info *info = member ? hm_key_info((enum hm_key)k)
							 : hh_key_info((enum hh_key)k);
		if (!strcmp(info->name, key))
			return _(info->label);
	}
	return key;
}

/* A fact's value in words: a choice of the household form by its label,
 * yes/no in words, anything else (numbers, names) as it is. */
static const char *fact_value(const struct case_file *cf, const char *key, const char *v)
{
	int i = cf->form ? form_find(cf->form, key) : -1;
	if (i >= 0 && cf->form->fields[i].type == FT_CHOICE)
		return form_choice_label(&cf->form->fields[i], v, cf->lang);
	if (!strcmp(v, "yes") || !strcmp(v, "no"))
		return word(v);
	return v;
}

/* Where a line may break: after a space or CJK punctuation. */
static bool break_after(uint32_t cp)
{
	return cp == ' ' || cp == 0x3001 /* 、 */ || cp == 0xFF0C /* ， */ ||
	       cp == 0xFF1B /* ； */ || cp == 0x3002 /* 。 */ || cp == 0xFF09 /* ） */;
}

/* Appends one line, wrapped at `width` columns with continuation lines
 * indented by `indent` spaces; never splits a character. */
static void put_line(struct strbuf *out, int width, int indent, const char *text)
{
	const char *p = text;
	bool first = true;
	do {
		int room = width > 0 ? width - (first ? 0 : indent) : 0;
		if (!first)
			for (int i = 0; i < indent; i++)
				strbuf_append(out, " ");
		if (room <= 0 || str_width(p) <= room) {
			strbuf_append(out, p);
			break;
		}
		size_t len = strlen(p), used = 0, brk = 0;
		int cols = 0;
		while (used < len) {
			uint32_t cp;
			size_t k = utf8_decode(p + used, len - used, &cp);
			int w = k ? cp_width(cp) : 1;
			if (cols + w > room)
				break;
			cols += w;
			used += k ? k : 1;
			/* Words stay whole where a break is near enough. */
			if (k && break_after(cp) && cols * 2 >= room)
				brk = used;
		}
		if (brk && used < len)
			used = brk;
		if (used == 0)
			used = 1;
		strbuf_append_n(out, p, used);
		strbuf_append(out, "\n");
		p += used;
		first = false;
	} while (*p);
	strbuf_append(out, "\n");
}

struct fmt {
	const struct case_file *cf;
	struct strbuf *out;
	int width;
	struct strbuf line;
};

static void emit(struct fmt *f, int indent)
{
	put_line(f->out, f->width, indent, strbuf_text(&f->line));
	strbuf_reset(&f->line);
}

static const char *get(struct fmt *f, const char *section, int pos, const char *key)
{
	return case_file_get(f->cf, section, pos, key);
}

/* "label: value" pairs of one row group on one line, for the keys given. */
static void pairs(struct fmt *f, const char *section, int pos, const char *const *keys,
		  const char *const *labels, int n, bool translate)
{
	strbuf_append(&f->line, "  ");
	bool any = false;
	for (int i = 0; i < n; i++) {
		const char *v = get(f, section, pos, keys[i]);
		if (!*v)
			continue;
		strbuf_printf(&f->line, "%s%s%s%s", any ? "  " : "", _(labels[i]), _(": "),
			      translate ? word(v) : v);
		any = true;
	}
	if (any)
		emit(f, 4);
	strbuf_reset(&f->line);
}

static int max_pos(const struct case_file *cf, const char *section)
{
	int m = 0;
	for (int i = 0; i < cf->n; i++)
		if (!strcmp(cf->rows[i].section, section) && cf->rows[i].pos > m)
			m = cf->rows[i].pos;
	return m;
}

static void format_case(struct fmt *f)
{
	strbuf_printf(&f->line, "%s %s  %s（%s）", _("Case"), get(f, "case", 0, "case_no"),
		      get(f, "case", 0, "item_name"), get(f, "case", 0, "department"));
	emit(f, 2);
	static const char *const k1[] = {"stage", "track", "check", "check_result"};
	static const char *const l1[] = {N_("stage"), N_("track"), N_("check"), N_("check result")};
	pairs(f, "case", 0, k1, l1, 4, true);
	static const char *const k2[] = {"opened_on", "stage_due", "case_due", "check_due"};
	static const char *const l2[] = {N_("opened"), N_("stage due"), N_("case due"),
					 N_("check due")};
	pairs(f, "case", 0, k2, l2, 4, false);
	static const char *const k3[] = {"accepted_by", "verified_by", "approved_by"};
	static const char *const l3[] = {N_("accepted by"), N_("verified by"), N_("approved by")};
	pairs(f, "case", 0, k3, l3, 3, false);
}

static void format_household(struct fmt *f)
{
	strbuf_printf(&f->line, "%s %s（%s）  %s %s  %s", _("Household"),
		      get(f, "case", 0, "household_no"), word(get(f, "case", 0, "hukou")),
		      _("application"), get(f, "case", 0, "application_no"),
		      get(f, "case", 0, "centre"));
	emit(f, 2);
	int members = max_pos(f->cf, "member");
	for (int m = 1; m <= members; m++) {
		strbuf_printf(&f->line, "  %d. %s  %s  %s  %s %s", m, get(f, "member", m, "name"),
			      word(get(f, "member", m, "relation")),
			      get(f, "member", m, "resident_id"), get(f, "member", m, "birth_date"),
			      word(get(f, "member", m, "sex")));
		emit(f, 5);
		bool any = false;
		for (int i = 0; i < f->cf->n; i++) {
			const struct case_file_row *r = &f->cf->rows[i];
			if (r->pos != m || strcmp(r->section, "member_fact"))
				continue;
			strbuf_printf(&f->line, "%s%s%s%s", any ? _(", ") : "     ",
				      fact_label(r->key, true), _(": "),
				      fact_value(f->cf, r->key, r->value));
			any = true;
		}
		if (any)
			emit(f, 5);
	}
	strbuf_printf(&f->line, "%s", _("Declared at the window"));
	emit(f, 2);
	bool any = false;
	for (int i = 0; i < f->cf->n; i++) {
		const struct case_file_row *r = &f->cf->rows[i];
		if (strcmp(r->section, "declared"))
			continue;
		strbuf_printf(&f->line, "  %s%s%s", fact_label(r->key, false), _(": "),
			      fact_value(f->cf, r->key, r->value));
		emit(f, 4);
		any = true;
	}
	if (!any) {
		strbuf_printf(&f->line, "  %s", _("nothing declared"));
		emit(f, 4);
	}
}

static void format_menu(struct fmt *f)
{
	const char *on = get(f, "menu", 0, "evaluated_on");
	if (!*on) {
		strbuf_printf(&f->line, "%s", _("Menu at acceptance: not stored"));
		emit(f, 2);
		return;
	}
	strbuf_printf(&f->line, "%s（%s %s，%s %s）", _("Menu at acceptance"), _("evaluated on"),
		      on, _("catalogue"), get(f, "menu", 0, "catalogue_version"));
	emit(f, 2);
	int items = max_pos(f->cf, "menu_item");
	for (int i = 1; i <= items; i++) {
		const char *amount = get(f, "menu_item", i, "amount");
		strbuf_printf(&f->line, "  %s [%s] %s", *get(f, "menu_item", i, "chosen") ? "*" : " ",
			      word(get(f, "menu_item", i, "verdict")), get(f, "menu_item", i, "name"));
		if (*amount)
			strbuf_printf(&f->line, "  %s %s %s", amount, _("yuan"),
				      word(get(f, "menu_item", i, "period")));
		emit(f, 6);
		for (int k = 0; k < f->cf->n; k++) {
			const struct case_file_row *r = &f->cf->rows[k];
			if (r->pos == i && !strcmp(r->section, "menu_reason")) {
				strbuf_printf(&f->line, "      %s", r->value);
				emit(f, 8);
			}
		}
	}
}

static void format_materials(struct fmt *f)
{
	strbuf_printf(&f->line, "%s", _("Materials received"));
	emit(f, 2);
	bool any = false;
	for (int i = 0; i < f->cf->n; i++) {
		const struct case_file_row *r = &f->cf->rows[i];
		if (strcmp(r->section, "material"))
			continue;
		strbuf_printf(&f->line, "  %s  %s", r->key, r->value);
		emit(f, 4);
		any = true;
	}
	if (!any) {
		strbuf_printf(&f->line, "  %s", _("none recorded"));
		emit(f, 4);
	}
}

/* "eligible 290.00 yuan per month" for a re-evaluated item, into text
 * (each call its own buffer: two verdicts go on one line). */
static const char *verdict(struct fmt *f, const char *vkey, const char *akey, int i,
			   char *text, size_t size)
{
	const char *amount = get(f, "report_item", i, akey);
	const char *v = get(f, "report_item", i, vkey);
	if (*amount && !strcmp(v, "eligible"))
		snprintf(text, size, "%s %s %s %s", word(v), amount, _("yuan"),
			 word(get(f, "report_item", i, "period")));
	else
		snprintf(text, size, "%s", *v ? word(v) : _("not evaluated"));
	return text;
}

static void format_report(struct fmt *f)
{
	const char *version = get(f, "report", -1, "version");
	if (!*version) {
		strbuf_printf(&f->line, "%s", _("Verification report: none yet"));
		emit(f, 2);
		return;
	}
	strbuf_printf(&f->line, _("Verification report, version %s"), version);
	strbuf_printf(&f->line, "（%s）  %s%s%s  %s%s%s", get(f, "report", -1, "generated_on"),
		      _("authorisation"), _(": "),
		      !strcmp(get(f, "report", -1, "authorised"), "yes") ? _("on file") : _("missing"),
		      _("differences"), _(": "), get(f, "report", -1, "flags"));
	emit(f, 2);
	int items = max_pos(f->cf, "report_item");
	for (int i = 1; i <= items; i++) {
		char declared[128], verified[128];
		strbuf_printf(&f->line, "  %s%s%s %s → %s %s", get(f, "report_item", i, "name"), _(": "),
			      _("as declared"),
			      verdict(f, "declared_verdict", "declared_amount", i, declared,
				      sizeof declared),
			      _("as verified"), verdict(f, "verdict", "amount", i, verified, sizeof verified));
		emit(f, 4);
		for (int k = 0; k < f->cf->n; k++) {
			const struct case_file_row *r = &f->cf->rows[k];
			if (r->pos == i && !strcmp(r->section, "report_reason")) {
				strbuf_printf(&f->line, "      %s", r->value);
				emit(f, 8);
			}
		}
	}
	int diffs = max_pos(f->cf, "difference");
	for (int i = 1; i <= diffs; i++) {
		const char *name = get(f, "difference", i, "name");
		strbuf_printf(&f->line, "  ! %d. %s%s%s %s；%s %s", i, *name ? name : _("household"),
			      _(": "), _("declared"), get(f, "difference", i, "declared"), _("found"),
			      get(f, "difference", i, "found"));
		emit(f, 7);
		strbuf_printf(&f->line, "       %s%s%s", _("effect"), _(": "),
			      get(f, "difference", i, "effect"));
		emit(f, 7);
		const char *note = get(f, "difference", i, "note");
		if (*note)
			strbuf_printf(&f->line, "       %s%s%s（%s）", _("acknowledged"), _(": "), note,
				      get(f, "difference", i, "acknowledged_by"));
		else
			strbuf_printf(&f->line, "       %s", _("not acknowledged yet"));
		emit(f, 7);
	}
	const char *blocker = get(f, "report", -1, "blocker");
	strbuf_printf(&f->line, "  %s", *blocker ? _("verification cannot pass yet")
					       : _("verification may pass on this report"));
	emit(f, 4);
}

static void format_decision(struct fmt *f)
{
	const char *outcome = get(f, "decision", 0, "outcome");
	if (!*outcome) {
		strbuf_printf(&f->line, "%s", _("Decision: none yet"));
		emit(f, 2);
		return;
	}
	strbuf_printf(&f->line, "%s%s%s", _("Decision"), _(": "), get(f, "decision", 0, "phrase"));
	if (!strcmp(outcome, "granted"))
		strbuf_printf(&f->line, "  %s %s %s，%s %s", get(f, "decision", 0, "amount"), _("yuan"),
			      word(get(f, "decision", 0, "period")), _("from"),
			      get(f, "decision", 0, "start_month"));
	emit(f, 2);
	static const char *const k[] = {"engine_amount", "reason", "decided_by", "decided_on",
					"notice_no"};
	static const char *const l[] = {N_("amount by the rules"), N_("reason"), N_("decided by"),
					N_("on"), N_("notice")};
	pairs(f, "decision", 0, k, l, 5, false);
}

static void format_history(struct fmt *f)
{
	strbuf_printf(&f->line, "%s", _("History"));
	emit(f, 2);
	int events = max_pos(f->cf, "event");
	for (int i = 1; i <= events; i++) {
		strbuf_printf(&f->line, "  %s  %s  %s  %s → %s", get(f, "event", i, "at"),
			      get(f, "event", i, "actor"), get(f, "event", i, "phrase"),
			      word(get(f, "event", i, "from")), word(get(f, "event", i, "to")));
		const char *reason = get(f, "event", i, "reason");
		if (*reason)
			strbuf_printf(&f->line, "  %s%s%s", _("reason"), _(": "), reason);
		emit(f, 4);
	}
}

void case_file_format(const struct case_file *cf, int width, struct strbuf *out)
{
	struct fmt f = {cf, out, width, STRBUF_INIT};
	format_case(&f);
	format_household(&f);
	format_menu(&f);
	format_materials(&f);
	format_report(&f);
	format_decision(&f);
	format_history(&f);
	strbuf_free(&f.line);
}
