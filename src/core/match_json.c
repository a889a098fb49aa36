/* match_json.c - the menu as JSON (see match_json.h). */
#include "onedoor/match_json.h"

#include "onedoor/civil_date.h"

#include <string.h>

/* The order of a menu: eligible first, then undecided, then the rest. */
static int rank(uint8_t verdict)
{
	return verdict == VERDICT_ELIGIBLE ? 0 : verdict == VERDICT_MISSING ? 1 : 2;
}

/* Each line of text (the explanations, one reason a line) as a JSON
 * string, comma-separated. */
static void reasons_json(const char *text, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	int n = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		strbuf_reset(&line);
		strbuf_append_n(&line, text, len);
		strbuf_append(out, n++ ? ", " : "");
		strbuf_append_json(out, strbuf_text(&line));
		text += len + (nl != NULL);
	}
	strbuf_free(&line);
}

void match_json_item(const struct matcher *m, const struct hh_input *in, int i, bool zh,
		     struct strbuf *out)
{
	const struct catalogue *cat = m->cat;
	const struct match_item *r = &m->items[i];
	const struct cat_item *it = &cat->items[i];
	strbuf_append(out, "{\"code\": ");
	strbuf_append_json(out, it->code);
	strbuf_append(out, ", \"name\": ");
	strbuf_append_json(out, zh ? it->name_zh : it->name_en);
	strbuf_printf(out, ", \"department\": \"%s\", \"verdict\": \"%s\", \"amount\": ",
		      it->department, match_verdict_code(r->verdict));
	if (r->has_amount) {
		char amount[DEC_TEXT_SIZE];
		dec_format(r->amount, 2, amount);
		strbuf_printf(out, "\"%s\"", amount);
	} else {
		strbuf_append(out, "null");
	}
	strbuf_printf(out, ", \"period\": \"%s\", \"held\": %s, \"excluded_by\": ",
		      it->amount_period, r->held ? "true" : "false");
	if (r->excluded_by >= 0)
		strbuf_append_json(out, cat->items[r->excluded_by].code);
	else
		strbuf_append(out, "null");
	/* months to the periodic review of a granted item (catalogue review_months) */
	if (r->review_months > 0)
		strbuf_printf(out, ", \"review_months\": %d", r->review_months);
	else
		strbuf_append(out, ", \"review_months\": null");
	strbuf_append(out, ", \"reasons\": [");
	struct strbuf reasons = STRBUF_INIT;
	match_explain_item(m, in, i, zh, &reasons);
	reasons_json(strbuf_text(&reasons), out);
	strbuf_free(&reasons);
	strbuf_append(out, "]}");
}

void match_json_menu(const struct matcher *m, const struct hh_input *in, bool zh, int32_t date,
		     struct strbuf *out)
{
	const struct catalogue *cat = m->cat;
	char day[CDATE_TEXT_SIZE];
	cdate_format(date, day);
	strbuf_printf(out, "{\"date\": \"%s\", \"region\": \"%s\", \"items\": [", day, m->region);
	int n = 0;
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < cat->n_items; i++) {
			if (rank(m->items[i].verdict) != pass)
				continue;
			strbuf_append(out, n++ ? ",\n  " : "\n  ");
			match_json_item(m, in, i, zh, out);
		}
	strbuf_append(out, "],\n \"warnings\": [");
	n = 0;
	struct strbuf reasons = STRBUF_INIT;
	for (int w = 0; w < cat->n_warnings; w++) {
		if (!m->warnings[w].raised)
			continue;
		const struct cat_warning *cw = &cat->warnings[w];
		strbuf_append(out, n++ ? ",\n  {\"code\": " : "\n  {\"code\": ");
		strbuf_append_json(out, cw->code);
		strbuf_append(out, ", \"name\": ");
		strbuf_append_json(out, zh ? cw->name_zh : cw->name_en);
		strbuf_append(out, ", \"message\": ");
		strbuf_append_json(out, zh ? cw->message_zh : cw->message_en);
		strbuf_append(out, ", \"reasons\": [");
		strbuf_reset(&reasons);
		match_explain_warning(m, w, zh, &reasons);
		reasons_json(strbuf_text(&reasons), out);
		strbuf_append(out, "]}");
	}
	strbuf_free(&reasons);
	strbuf_append(out, "]}\n");
}
