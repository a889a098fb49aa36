/* store_menu.c - the window's menu held against the server's. */
#include "onedoor/store_menu.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t verdict_of(const char *code)
{
	return strcmp(code, "eligible") == 0	   ? VERDICT_ELIGIBLE
	       : strcmp(code, "missing_data") == 0 ? VERDICT_MISSING
						   : VERDICT_NOT_ELIGIBLE;
}

static const char *verdict_words(uint8_t verdict)
{
	return verdict == VERDICT_ELIGIBLE ? _("eligible")
	       : verdict == VERDICT_MISSING ? _("missing data")
					    : _("not eligible");
}

void store_menu_check_query(struct db_query *q, const char *household_json, const char *region,
			    int32_t date, bool zh)
{
	char day[CDATE_TEXT_SIZE];
	cdate_format(date, day);
	const char *params[] = {household_json, region, day, zh ? "zh_CN" : "en"};
	/* The language is set for this statement's transaction first (the
	 * lateral reference orders it before the engine runs); the reason is
	 * the first failing condition or missing fact, as acceptance words it. */
	db_query_set(
		q,
		"SELECT i ->> 'code' AS code, i ->> 'verdict' AS verdict, "
		" coalesce(i ->> 'amount', '') AS amount, "
		" coalesce((SELECT x FROM jsonb_array_elements_text(i -> 'reasons') x "
		"  WHERE x LIKE CASE i ->> 'verdict' WHEN 'missing_data' THEN '? %' ELSE '✗ %' END "
		"  LIMIT 1), '') AS reason "
		"FROM (SELECT set_config('onedoor.engine_language', $4, true)) AS l(lang), "
		" LATERAL jsonb_array_elements(onedoor.engine_match("
		"  CASE WHEN l.lang IS NOT NULL THEN $1::jsonb END "
		"  || jsonb_build_object('region', $2::text), $3::date) -> 'items') AS i",
		4, params);
}

int store_menu_check_read(const struct db_result *r, bool zh, struct matcher *m, char *note,
			  size_t note_size)
{
	note[0] = '\0';
	const struct catalogue *cat = m->cat;
	struct strbuf list = STRBUF_INIT;
	bool *seen = xcalloc((size_t)cat->n_items + 1, sizeof *seen);
	int differ = 0, unseen = cat->n_items;
	for (int row = 0; row < db_rows(r); row++) {
		const char *code = db_value(r, row, "code");
		int i = catalogue_find_item(cat, code, strlen(code));
		uint8_t verdict = verdict_of(db_value(r, row, "verdict"));
		const char *amount_text = db_value(r, row, "amount");
		dec_t amount = 0;
		bool has_amount = *amount_text && dec_parse(amount_text, &amount);
		if (i >= 0) {
			struct match_item *mine = &m->items[i];
			unseen -= !seen[i];
			seen[i] = true;
			if (mine->verdict == verdict && mine->has_amount == has_amount &&
			    (!has_amount || mine->amount == amount))
				continue;
			mine->verdict = verdict;
			mine->has_amount = has_amount;
			mine->amount = amount;
		}
		differ++;
		const char *reason = db_value(r, row, "reason");
		strbuf_printf(&list, "%s%s: %s%s%s", list.len ? "; " : "",
			      i >= 0 ? (zh ? cat->items[i].name_zh : cat->items[i].name_en) : code,
			      verdict_words(verdict), *reason ? " " : "", reason);
	}
	/* Items the window has and the server does not: the server refuses them. */
	for (int i = 0; i < cat->n_items; i++)
		if (!seen[i]) {
			m->items[i].verdict = VERDICT_NOT_ELIGIBLE;
			m->items[i].has_amount = false;
		}
	free(seen);
	differ += unseen;
	if (differ > 0) {
		if (unseen > 0)
			strbuf_printf(&list, "%s%s", list.len ? "; " : "",
				      _("items the server does not have"));
		/* Short: the status line is one line of the terminal. */
		snprintf(note, note_size, _("The server decides otherwise; its menu: %s"),
			 strbuf_text(&list));
	}
	strbuf_free(&list);
	return differ;
}
