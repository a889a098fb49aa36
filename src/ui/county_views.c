/* county_views.c - the county screens' view logic without curses
 * (ui_county_views.h). */
#include "onedoor/ui_county_views.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool period_parse(const char *text, char from[11], char to[11])
{
	char a[16], b[16];
	int n = 0;
	/* The separators people type between two days: spaces, "至", "..", "~". */
	char clean[128];
	size_t j = 0;
	for (const char *p = text; *p && j + 1 < sizeof clean;) {
		if (strncmp(p, "至", strlen("至")) == 0) {
			clean[j++] = ' ';
			p += strlen("至");
		} else if (*p == '~' || *p == ',' || (p[0] == '.' && p[1] == '.')) {
			clean[j++] = ' ';
			p += p[0] == '.' ? 2 : 1;
		} else {
			clean[j++] = *p++;
		}
	}
	clean[j] = '\0';
	char extra[2];
	n = sscanf(clean, "%15s %15s %1s", a, b, extra);
	int32_t da, db;
	if (n != 2 || !cdate_parse(a, &da) || !cdate_parse(b, &db) || da > db)
		return false;
	cdate_format(da, from);
	cdate_format(db, to);
	return true;
}

long long stats_bar_value(enum stats_table t, const struct stats_row *r)
{
	if (!r->key[0] && t != STATS_STAGES)
		return 0;
	switch (t) {
	case STATS_ASSISTED:
		return atoll(r->fig[2]);           /* persons */
	case STATS_FUNDS:
		return atoll(r->fig[1]);           /* fen paid */
	case STATS_MONTHLY:
		return atoll(r->fig[1]);           /* households */
	case STATS_STAGES:
		return (long long)(strtod(r->fig[1], NULL) * 10 + 0.5); /* median, tenths */
	case STATS_WINDOWS:
		return atoll(r->fig[1]);           /* red now */
	case STATS_DEPARTMENTS:
		return atoll(r->fig[0]) + atoll(r->fig[1]); /* decided */
	}
	return 0;
}

long long stats_bar_max(enum stats_table t, const struct stats_row *rows, int n)
{
	long long max = 0;
	for (int i = 0; i < n; i++) {
		long long v = stats_bar_value(t, &rows[i]);
		if (t == STATS_STAGES && atoll(rows[i].fig[3]) * 10 > v)
			v = atoll(rows[i].fig[3]) * 10;
		if (v > max)
			max = v;
	}
	return max;
}

bool stats_stage_late(const struct stats_row *r)
{
	long long limit = atoll(r->fig[3]);
	return limit > 0 && strtod(r->fig[1], NULL) > (double)limit;
}

static const struct {
	const char *code, *msgid;
} objects[] = {
	{"case", N_("case")},
	{"cases", N_("case")},
	{"application", N_("application")},
	{"applications", N_("application")},
	{"household", N_("household")},
	{"households", N_("household")},
	{"household_members", N_("household")},
	{"person", N_("person")},
	{"persons", N_("person")},
	{"decision", N_("decision")},
	{"decisions", N_("decision")},
	{"case_urges", N_("urge or report")},
	{"complaints", N_("complaint")},
	{"verification_report", N_("verification report")},
	{"payment_roll", N_("payment roll")},
	{"benefit", N_("benefit")},
	{"bank_account", N_("bank account")},
	{"staff", N_("staff member")},
	{"audit_log", N_("audit entry")},
	{"warning", N_("warning")},
	{"monitoring", N_("monitoring entry")},
	{"care_rating", N_("care rating")},
	{"care_problem", N_("care problem")},
	{"report", N_("village report")},
	{"data_batch", N_("department data")},
	{"calendar_days", N_("working-day calendar")},
	{"catalogue_items", N_("policy catalogue")},
	{"centres", N_("centre")},
	{"regions", N_("region")},
	{"villages", N_("village")},
};

static const struct {
	const char *code, *msgid;
} actions[] = {
	{"insert", N_("created")},
	{"update", N_("changed")},
	{"delete", N_("deleted")},
	{"read_full_record", N_("viewed the full record")},
	{"read_form", N_("viewed the form")},
	{"read_history", N_("viewed the history")},
	{"read_unmasked", N_("viewed unmasked IDs")},
	{"status_lookup", N_("status lookup")},
	{"register_clash", N_("registration clash shown")},
	{"accept", N_("accepted")},
	{"refuse", N_("refused")},
	{"withdraw", N_("withdrawn")},
	{"record_materials", N_("materials recorded")},
	{"verify_pass", N_("verification passed")},
	{"verify_fail", N_("verification failed")},
	{"supervise_pass", N_("supervision passed")},
	{"supervise_fail", N_("supervision failed")},
	{"approve", N_("approved")},
	{"file", N_("filed")},
	{"return", N_("returned")},
	{"urge", N_("urged")},
	{"report", N_("reported")},
	{"decide", N_("decided")},
	{"generate", N_("generated")},
	{"import", N_("imported")},
	{"export", N_("exported")},
	{"results", N_("bank results")},
	{"submit", N_("submitted")},
	{"close", N_("closed")},
	{"acknowledge", N_("acknowledged")},
	{"set_state", N_("state set")},
	{"household_change", N_("household changed")},
	{"user_passwd", N_("password set")},
	{"visit", N_("visited")},
	{"enter", N_("entered")},
	{"raise", N_("raised")},
	{"rate", N_("rated")},
	{"add", N_("added")},
	{"set", N_("set")},
	{"calendar_recompute", N_("due dates recomputed")},
};

void audit_view_action(const char *object_type, const char *action, char *out, size_t n)
{
	const char *object = N_("other record"), *verb = N_("other action");
	for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
		if (strcmp(objects[i].code, object_type) == 0)
			object = objects[i].msgid;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].code, action) == 0)
			verb = actions[i].msgid;
	snprintf(out, n, "%s %s", _(object), _(verb));
}

void complaint_json(const struct complaint_input *c, struct strbuf *out)
{
	strbuf_append(out, "{\"channel\":");
	strbuf_append_json(out, c->channel);
	strbuf_append(out, ",\"complainant\":");
	strbuf_append_json(out, c->complainant);
	if (c->phone[0]) {
		strbuf_append(out, ",\"phone\":");
		strbuf_append_json(out, c->phone);
	}
	static const struct {
		const char *about, *key;
	} abouts[] = {{"case", "case_no"},
		      {"staff", "about_staff"},
		      {"centre", "about_centre"},
		      {"department", "about_department"}};
	for (size_t i = 0; i < sizeof abouts / sizeof abouts[0]; i++)
		if (strcmp(c->about, abouts[i].about) == 0 && c->about_value[0]) {
			strbuf_printf(out, ",\"%s\":", abouts[i].key);
			strbuf_append_json(out, c->about_value);
		}
	strbuf_append(out, ",\"body\":");
	strbuf_append_json(out, c->body);
	if (c->limit_days > 0)
		strbuf_printf(out, ",\"limit_days\":%d", c->limit_days);
	strbuf_append(out, "}");
}

void audit_view_object(const char *object_id, char *out, size_t n)
{
	if (object_id[0] != '{') {
		snprintf(out, n, "%s", object_id);
		return;
	}
	/* The numbers among the values (ids, positions): a value in words
	 * there is a code (a relation), never shown. */
	size_t k = 0;
	for (const char *p = strchr(object_id, ':'); p && k + 1 < n; p = strchr(p, ':')) {
		p++;
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			continue;
		if (k && k + 1 < n)
			out[k++] = '/';
		while (*p >= '0' && *p <= '9' && k + 1 < n)
			out[k++] = *p++;
	}
	out[k] = '\0';
}

void complaint_limit_text(const struct complaint_limit *l, char *out, size_t n)
{
	snprintf(out, n, l->set_here ? _("Answer within %d working days (set by the county)")
				     : _("Answer within %d working days (the default)"),
		 l->days);
}

bool complaint_limit_parse(const char *text, int *days)
{
	char *end;
	while (*text == ' ')
		text++;
	if (*text < '0' || *text > '9')
		return false;
	long v = strtol(text, &end, 10);
	while (*end == ' ')
		end++;
	if (*end || v < 1 || v > 60)
		return false;
	*days = (int)v;
	return true;
}
