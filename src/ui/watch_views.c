/* watch_views.c - the cells and words of the watch screens, computed from
 * the server's rows without curses (ui_watch.h).  Codes become words
 * through the label table; dates and numbers are shown as the server gave
 * them. */
#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/ui_screens.h"
#include "onedoor/ui_watch.h"

#include <stdio.h>
#include <string.h>

/* After snprintf cut out at n bytes: drops a character left incomplete at
 * the end, so that the text stays valid UTF-8. */
static void utf8_cut(char *out, size_t n)
{
	size_t len = strlen(out);
	if (len == 0 || len < n - 1)
		return;
	size_t lead = len - 1;
	while (lead > 0 && ((unsigned char)out[lead] & 0xC0) == 0x80)
		lead--;
	unsigned char c = (unsigned char)out[lead];
	size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (lead + need > len)
		out[lead] = '\0';
}

static void light_cell(struct wt_row *r, int col, enum case_light light)
{
	wt_cell(r, col, "%s", light_letter(light));
	r->role[col] = light_role(light);
}

static const char *category_word(int category)
{
	return category == 1 ? _("category 1") : category == 2 ? _("category 2") : "";
}

/* The warning queue ------------------------------------------------------- */

void watch_warning_columns(struct wt_table *t)
{
	const char *heads[] = {"", _("Left"), _("Age"), _("Warning"), _("Name"), _("Centre"),
			       _("State")};
	const int widths[] = {1, 4, 4, 14, 10, 14, 16};
	wt_columns(t, 3, heads, widths, 7);
}

void watch_warning_row(const struct watch_warning *w, int lang, struct wt_row *r)
{
	r->id = w->id;
	/* Once acknowledged the clock has stopped: no light, no days left. */
	if (w->light != CASE_LIGHT_NONE) {
		light_cell(r, 0, w->light);
		wt_cell(r, 1, "%d", w->days_left);
	}
	wt_cell(r, 2, "%d", w->age_days);
	wt_cell(r, 3, "%s", w->name[lang ? 1 : 0]);
	wt_cell(r, 4, "%s", w->subject_name);
	wt_cell(r, 5, "%s", w->centre_name);
	wt_cell(r, 6, "%s", _(label_of(LABEL_WARNING_STATE, w->state)));
}

void watch_warning_detail(const struct watch_warning *w, int lang, char *out, size_t n)
{
	int k = snprintf(out, n, "%s\n", w->message[lang ? 1 : 0]);
	if (k < 0 || (size_t)k >= n)
		return utf8_cut(out, n);
	if (strcmp(w->state, "open") == 0)
		snprintf(out + k, n - (size_t)k,
			 _("%s (household %s, %s): raised %s, %d working days ago; to be "
			   "acknowledged by %s."),
			 w->subject_name, w->household_no, w->centre_name, w->raised_on, w->age_days,
			 w->ack_due);
	else
		snprintf(out + k, n - (size_t)k,
			 _("%s (household %s, %s): raised %s; acknowledged, waiting for its "
			   "outcome."),
			 w->subject_name, w->household_no, w->centre_name, w->raised_on);
	utf8_cut(out, n);
}

/* The monitoring register -------------------------------------------------- */

void watch_entry_columns(struct wt_table *t)
{
	const char *heads[] = {"", _("Visit due"), _("Entry no."), _("Name"), _("Category"),
			       _("Responsible"), _("Reason")};
	const int widths[] = {1, 10, 11, 8, 10, 16, 10};
	wt_columns(t, 5, heads, widths, 7);
}

void watch_entry_row(const struct watch_entry *e, struct wt_row *r)
{
	r->id = e->id;
	light_cell(r, 0, e->light);
	wt_cell(r, 1, "%s", e->visit_due);
	wt_cell(r, 2, "%s", e->entry_no);
	wt_cell(r, 3, "%s", e->subject_name);
	wt_cell(r, 4, "%s", category_word(e->category));
	wt_cell(r, 5, "%s", e->responsible);
	wt_cell(r, 6, "%s", e->reason);
}

void watch_item_names(const struct catalogue *cat, const char *codes, int lang, char *out,
		      size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = codes; *p && used < n;) {
		size_t len = strcspn(p, ",");
		int it = cat ? catalogue_find_item(cat, p, len) : -1;
		const char *name = it >= 0 ? (lang ? cat->items[it].name_en : cat->items[it].name_zh)
					   : _("(unknown)");
		int k = snprintf(out + used, n - used, "%s%s", used ? (lang ? ", " : "、") : "", name);
		if (k < 0)
			break;
		used += (size_t)k;
		p += len + (p[len] == ',');
	}
	utf8_cut(out, n);
}

void watch_entry_detail(const struct watch_entry *e, const char *items, char *out, size_t n)
{
	char last[64];
	if (*e->last_visit_on)
		snprintf(last, sizeof last, _("last %s"), e->last_visit_on);
	else
		snprintf(last, sizeof last, "%s", _("none yet"));
	char due[128];
	if (e->days_left < 0)
		snprintf(due, sizeof due, _("was due %s, %d working days overdue"), e->visit_due,
			 -e->days_left);
	else
		snprintf(due, sizeof due, _("next due %s, %d working days left"), e->visit_due,
			 e->days_left);
	int k = snprintf(out, n, _("Reason: %s\nEntered %s (%s %s); responsible: %s.\nVisits: %d, %s; %s."),
			 e->reason, e->entered_on, _(label_of(LABEL_MONITOR_SOURCE, e->source)),
			 e->source_ref, e->responsible, e->visits, last, due);
	if (k >= 0 && (size_t)k < n && *e->proposal)
		snprintf(out + k, n - (size_t)k, _("\nThe last visit proposes: %s %s"),
			 _(label_of(LABEL_PROPOSAL, e->proposal)), items);
	utf8_cut(out, n);
}

/* Three-colour care --------------------------------------------------------- */

const char *watch_colour_letter(const char *colour)
{
	if (strcmp(colour, "red") == 0)
		return "R";
	if (strcmp(colour, "yellow") == 0)
		return "Y";
	if (strcmp(colour, "green") == 0)
		return "G";
	return "-";
}

enum ui_role watch_colour_role(const char *colour)
{
	if (strcmp(colour, "red") == 0)
		return ROLE_LIGHT_RED;
	if (strcmp(colour, "yellow") == 0)
		return ROLE_LIGHT_YELLOW;
	if (strcmp(colour, "green") == 0)
		return ROLE_LIGHT_GREEN;
	return ROLE_NORMAL;
}

void watch_care_columns(struct wt_table *t)
{
	const char *heads[] = {"", _("Name"), _("Living"), _("Health"), _("Care"), _("Rated"),
			       _("Open items"), _("Overdue items"), _("Next deadline")};
	const int widths[] = {1, 10, 8, 8, 8, 10, 6, 6, 10};
	wt_columns(t, 1, heads, widths, 9);
}

static const char *aspect_word(const char *level)
{
	return *level ? _(label_of(LABEL_CARE_LEVEL, level)) : "";
}

void watch_care_row(const struct watch_care *c, struct wt_row *r)
{
	r->id = c->person_id;
	wt_cell(r, 0, "%s", watch_colour_letter(c->colour));
	r->role[0] = watch_colour_role(c->colour);
	wt_cell(r, 1, "%s", c->person_name);
	wt_cell(r, 2, "%s", aspect_word(c->living));
	wt_cell(r, 3, "%s", aspect_word(c->health));
	wt_cell(r, 4, "%s", aspect_word(c->care));
	wt_cell(r, 5, "%s", *c->rated_on ? c->rated_on : _("not rated"));
	wt_cell(r, 6, "%d", c->open_items);
	wt_cell(r, 7, "%d", c->overdue_items);
	if (c->overdue_items > 0)
		r->role[7] = ROLE_LIGHT_RED;
	wt_cell(r, 8, "%s", c->next_deadline);
}

void watch_problem_columns(struct wt_table *t)
{
	const char *heads[] = {"", _("Deadline"), _("Problem"), _("Responsible"), _("Closed")};
	const int widths[] = {1, 10, 28, 16, 20};
	wt_columns(t, 2, heads, widths, 5);
}

void watch_problem_row(const struct watch_problem *p, struct wt_row *r)
{
	r->id = p->id;
	if (p->light != CASE_LIGHT_NONE)
		light_cell(r, 0, p->light);
	wt_cell(r, 1, "%s", p->deadline);
	wt_cell(r, 2, "%s", p->item);
	wt_cell(r, 3, "%s", p->responsible);
	if (*p->closed_on)
		wt_cell(r, 4, "%s %s", p->closed_on, p->close_note);
}

/* Coordinators' reports ------------------------------------------------------ */

void watch_report_columns(struct wt_table *t)
{
	const char *heads[] = {_("Report no."), _("Reported on"), _("Name"), _("Village"),
			       _("What became of it")};
	const int widths[] = {13, 10, 8, 10, 20};
	wt_columns(t, 4, heads, widths, 5);
}

void watch_report_fate(const struct watch_report *p, char *out, size_t n)
{
	if (strcmp(p->state, "application") == 0)
		snprintf(out, n, _("application %s: %d granted, %d in progress, %d refused"),
			 p->application_no, p->items_granted, p->items_open, p->items_refused);
	else if (strcmp(p->state, "monitoring") == 0)
		snprintf(out, n, _("in the monitoring register (%s, %s)"), p->monitoring_entry,
			 category_word(p->monitoring_category));
	else if (strcmp(p->state, "closed") == 0)
		snprintf(out, n, _("closed: %s"), p->outcome_note);
	else
		snprintf(out, n, "%s", _(label_of(LABEL_REPORT_STATE, p->state)));
	utf8_cut(out, n);
}

void watch_report_row(const struct watch_report *p, struct wt_row *r)
{
	r->id = p->id;
	wt_cell(r, 0, "%s", p->report_no);
	wt_cell(r, 1, "%s", p->reported_on);
	wt_cell(r, 2, "%s", p->subject_name);
	wt_cell(r, 3, "%s", p->village_name);
	watch_report_fate(p, r->cell[4], sizeof r->cell[4]);
	if (strcmp(p->state, "new") == 0)
		r->role[4] = ROLE_INFO;
}

void watch_report_detail(const struct watch_report *p, char *out, size_t n)
{
	char fate[WT_CELL];
	watch_report_fate(p, fate, sizeof fate);
	snprintf(out, n, _("Difficulty: %s\nReported %s by %s (%s); %s."), p->difficulty,
		 p->reported_on, p->reporter_name, p->village_name, fate);
	utf8_cut(out, n);
}

/* The supervisors' figures ----------------------------------------------------- */

void watch_figures_table(const struct watch_figures *f, int n, int which, struct wt_table *t)
{
	if (which == 0) {
		const char *heads[] = {_("Centre"),   _("Open warnings"), _("Not ack."), _("R red"),
				       _("Y yellow"), _("0-2 d"),	  _("3-5 d"),    _("6-10 d"),
				       _(">10 d")};
		const int widths[] = {14, 8, 8, 5, 8, 6, 6, 6, 6};
		wt_columns(t, 0, heads, widths, 9);
	} else {
		const char *heads[] = {_("Centre"),	   _("Category 1"),  _("Category 2"),
				       _("Visits due soon"), _("Visits missed"), _("Proposals"),
				       _("Care red"),	   _("Care overdue")};
		const int widths[] = {14, 8, 8, 8, 8, 8, 8, 8};
		wt_columns(t, 0, heads, widths, 8);
	}
	wt_clear_rows(t);
	int sum[8] = {0};
	for (int i = 0; i <= n; i++) {
		const struct watch_figures *x = i < n ? &f[i] : NULL;
		int v[8];
		if (x && which == 0) {
			int w[] = {x->warnings_open, x->warnings_unacknowledged, x->warnings_red,
				   x->warnings_yellow, x->age_0_2, x->age_3_5, x->age_6_10,
				   x->age_over_10};
			memcpy(v, w, sizeof v);
		} else if (x) {
			int w[] = {x->category_1, x->category_2, x->visits_due_soon,
				   x->visits_missed, x->proposals, x->care_red, x->care_overdue, 0};
			memcpy(v, w, sizeof v);
		} else {
			memcpy(v, sum, sizeof v);
		}
		struct wt_row *r = wt_add(t);
		wt_cell(r, 0, "%s", x ? x->centre_name : _("All"));
		int cols = which == 0 ? 8 : 7;
		for (int c = 0; c < cols; c++) {
			wt_cell(r, 1 + c, "%d", v[c]);
			if (x)
				sum[c] += v[c];
		}
		/* The figures that need someone to act are coloured. */
		if (which == 0) {
			if (v[2] > 0)
				r->role[3] = ROLE_LIGHT_RED;
			if (v[3] > 0)
				r->role[4] = ROLE_LIGHT_YELLOW;
		} else {
			if (v[3] > 0)
				r->role[4] = ROLE_LIGHT_RED;
			if (v[2] > 0)
				r->role[3] = ROLE_LIGHT_YELLOW;
			if (v[5] > 0)
				r->role[6] = ROLE_LIGHT_RED;
			if (v[6] > 0)
				r->role[7] = ROLE_LIGHT_RED;
		}
	}
}

/* Letters typed at a choice ----------------------------------------------------- */

const char *watch_outcome_code(char letter)
{
	switch (letter) {
	case 'c':
		return "contacted";
	case 'a':
		return "application";
	case 'x':
		return "not_needed";
	default:
		return NULL;
	}
}

const char *watch_aspect_code(char letter)
{
	switch (letter) {
	case 'g':
		return "good";
	case 'c':
		return "concern";
	case 'd':
		return "danger";
	default:
		return NULL;
	}
}
