/* store_catalogue.c - catalogue import/load and the discover stream. */
#include "onedoor/store_catalogue.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/store_discover.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISCOVER_BATCH 2000
#define SEP_FIELD '\x1d'  /* between a member's fields */
#define SEP_RECORD '\x1e' /* between members */
#define SEP_PAIR '\x1f'   /* between list elements */

/* A PostgreSQL array literal of text: {"a","b"} with " and \ escaped. */
static void array_literal(struct strbuf *b, char *const *list, int n)
{
	strbuf_append(b, "{");
	for (int i = 0; i < n; i++) {
		strbuf_append(b, i ? ",\"" : "\"");
		for (const char *c = list[i]; *c; c++) {
			if (*c == '"' || *c == '\\')
				strbuf_append_n(b, "\\", 1);
			strbuf_append_n(b, c, 1);
		}
		strbuf_append(b, "\"");
	}
	strbuf_append(b, "}");
}

static enum od_status exec0(struct db *db, const char *sql, struct diag *d)
{
	return db_exec(db, sql, 0, NULL, NULL, d);
}

static enum od_status import_item(struct db *db, const struct cat_item *it, struct diag *d)
{
	struct strbuf materials = STRBUF_INIT, excludes = STRBUF_INIT;
	array_literal(&materials, it->materials, it->n_materials);
	array_literal(&excludes, it->excludes, it->n_excludes);
	char lim[LIM_COUNT][8], warn[8];
	for (int k = 0; k < LIM_COUNT; k++)
		snprintf(lim[k], sizeof lim[k], "%d", it->limits[k]);
	snprintf(warn, sizeof warn, "%d", it->warn_days);
	const char *params[] = {
		it->code, it->name_zh, it->name_en, it->department, it->kind, it->scope,
		it->legal_basis, it->target_group, strbuf_text(&materials), it->process,
		it->standard_text, lim[0], lim[1], lim[2], lim[3], lim[4], lim[5], warn,
		it->green_channel ? "true" : "false", it->commitment ? "true" : "false",
		strbuf_text(&excludes), it->eligibility, it->amount, it->amount_period, it->file,
		it->review_months};
	enum od_status st = db_exec(
		db,
		"INSERT INTO onedoor.catalogue_items (code, name_zh, name_en, department, kind, "
		" scope, legal_basis, target_group, materials, process, standard_text, "
		" limit_accept, limit_verify, limit_supervise, limit_approve, limit_file, "
		" limit_total, warn_days, green_channel, commitment, excludes, eligibility, "
		" amount, amount_period, source_file, review_months) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11, $12, $13, $14, "
		" $15, $16, $17, $18, $19, $20, $21::text[], $22, $23, $24, $25, $26) "
		"ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, "
		" name_en = EXCLUDED.name_en, department = EXCLUDED.department, "
		" kind = EXCLUDED.kind, scope = EXCLUDED.scope, "
		" legal_basis = EXCLUDED.legal_basis, target_group = EXCLUDED.target_group, "
		" materials = EXCLUDED.materials, process = EXCLUDED.process, "
		" standard_text = EXCLUDED.standard_text, limit_accept = EXCLUDED.limit_accept, "
		" limit_verify = EXCLUDED.limit_verify, limit_supervise = EXCLUDED.limit_supervise, "
		" limit_approve = EXCLUDED.limit_approve, limit_file = EXCLUDED.limit_file, "
		" limit_total = EXCLUDED.limit_total, warn_days = EXCLUDED.warn_days, "
		" green_channel = EXCLUDED.green_channel, commitment = EXCLUDED.commitment, "
		" excludes = EXCLUDED.excludes, eligibility = EXCLUDED.eligibility, "
		" amount = EXCLUDED.amount, amount_period = EXCLUDED.amount_period, "
		" source_file = EXCLUDED.source_file, review_months = EXCLUDED.review_months, "
		" imported_at = now(), active = true",
		(int)(sizeof params / sizeof params[0]), params, NULL, d);
	strbuf_free(&materials);
	strbuf_free(&excludes);
	if (st != OD_OK) {
		char why[sizeof d->text];
		snprintf(why, sizeof why, "%s", d ? d->text : "");
		return diag_at(d, st, it->file, it->line, _("item %s: %s"), it->code, why);
	}
	return OD_OK;
}

static enum od_status import_param(struct db *db, const struct cat_param *p,
				   struct catalogue_import_counts *n, struct diag *d)
{
	const char *def[] = {p->code, p->label_zh, p->label_en, p->unit};
	enum od_status st = db_exec(
		db,
		"INSERT INTO onedoor.parameter_defs (code, label_zh, label_en, unit) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET "
		" label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, unit = EXCLUDED.unit",
		4, def, NULL, d);
	if (st != OD_OK)
		return st;
	for (int v = 0; v < p->n_values; v++) {
		const struct cat_param_value *pv = &p->values[v];
		char from[CDATE_TEXT_SIZE], to[CDATE_TEXT_SIZE], value[DEC_TEXT_SIZE];
		cdate_format(pv->from, from);
		if (pv->to != CAT_NO_END)
			cdate_format(pv->to, to);
		/* Four places, less the trailing zeros past the fen: 755.00, 1.50, 0.0833. */
		dec_format(pv->value, 4, value);
		char *dot = strchr(value, '.');
		for (size_t len = strlen(value); dot && len > (size_t)(dot - value) + 3 &&
						 value[len - 1] == '0';
		     len--)
			value[len - 1] = '\0';
		const char *params[] = {p->code, pv->region, from, pv->to == CAT_NO_END ? NULL : to,
					value, pv->reference};
		struct db_result *r = NULL;
		/* Inserted, or the same value already there; anything else
		 * would rewrite history and is refused. */
		st = db_exec(db,
			     "WITH ins AS (INSERT INTO onedoor.parameters (code, region, valid_from, "
			     " valid_to, value, reference) VALUES ($1, $2, $3, $4, $5, $6) "
			     " ON CONFLICT (code, region, valid_from) DO NOTHING RETURNING 1) "
			     "SELECT (SELECT count(*) FROM ins) AS added, "
			     " (SELECT value::text || coalesce(' .. ' || valid_to::text, '') "
			     "  FROM onedoor.parameters WHERE code = $1 AND region = $2 "
			     "  AND valid_from = $3::date AND (value <> $5::numeric "
			     "  OR valid_to IS DISTINCT FROM $4::date)) AS conflict",
			     6, params, &r, d);
		if (st != OD_OK) {
			char why[sizeof d->text];
			snprintf(why, sizeof why, "%s", d ? d->text : "");
			return diag_at(d, st, pv->file, pv->line, "%s", why);
		}
		bool added = strcmp(db_value(r, 0, "added"), "1") == 0;
		char conflict[128];
		snprintf(conflict, sizeof conflict, "%s", db_value(r, 0, "conflict"));
		db_result_free(&r);
		if (!added && *conflict)
			return diag_at(d, OD_ERR_CONFLICT, pv->file, pv->line,
				       _("parameter %s for %s from %s is already %s in the database; "
					 "values are never changed: add a new dated value"),
				       p->code, pv->region, from, conflict);
		if (added)
			n->values_added++;
		else
			n->values_kept++;
	}
	n->params++;
	return OD_OK;
}

static enum od_status import_warning(struct db *db, const struct cat_warning *w, struct diag *d)
{
	char ack[16], warn[16];
	snprintf(ack, sizeof ack, "%d", w->ack_days);
	snprintf(warn, sizeof warn, "%d", w->warn_days);
	const char *params[] = {w->code,	 w->name_zh, w->name_en, w->rule, w->message_zh,
				w->message_en, w->file,	     w->departments, ack,     warn};
	/* Departments as written ("a, b"); 0 days: the table's defaults. */
	return db_exec(db,
		       "INSERT INTO onedoor.catalogue_warnings (code, name_zh, name_en, rule, "
		       " message_zh, message_en, source_file, departments, ack_days, warn_days) "
		       "SELECT $1, $2, $3, $4, $5, $6, $7, "
		       " coalesce(string_to_array(nullif(regexp_replace($8, '\\s', '', 'g'), ''), ','), "
		       "  '{}'), coalesce(nullif($9::smallint, 0), 3), "
		       " coalesce(nullif($10::smallint, 0), 1) "
		       "ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, "
		       " name_en = EXCLUDED.name_en, rule = EXCLUDED.rule, "
		       " message_zh = EXCLUDED.message_zh, message_en = EXCLUDED.message_en, "
		       " source_file = EXCLUDED.source_file, departments = EXCLUDED.departments, "
		       " ack_days = EXCLUDED.ack_days, warn_days = EXCLUDED.warn_days, "
		       " imported_at = now()",
		       10, params, NULL, d);
}

enum od_status store_catalogue_import(struct db *db, const struct catalogue *cat,
				      struct catalogue_import_counts *n, struct diag *d)
{
	memset(n, 0, sizeof *n);
	enum od_status st = exec0(db, "BEGIN", d);
	if (st != OD_OK)
		return st;
	for (int i = 0; i < cat->n_params && st == OD_OK; i++)
		st = import_param(db, &cat->params[i], n, d);
	for (int i = 0; i < cat->n_items && st == OD_OK; i++, n->items++)
		st = import_item(db, &cat->items[i], d);
	for (int i = 0; i < cat->n_warnings && st == OD_OK; i++, n->warnings++)
		st = import_warning(db, &cat->warnings[i], d);
	if (st == OD_OK)
		return exec0(db, "COMMIT", d);
	exec0(db, "ROLLBACK", NULL);
	return st;
}

/* Splits text on sep into at most max parts (modifies text). */
static int split_in_place(char *text, char sep, char **parts, int max)
{
	int n = 0;
	if (!*text)
		return 0;
	for (char *s = text; s && n < max;) {
		parts[n++] = s;
		s = strchr(s, sep);
		if (s)
			*s++ = '\0';
	}
	return n;
}

/* The readers below take the rows of one part of r ("param_def", "param",
 * "item", "warning" of client_start's answer), or every row (part NULL)
 * of the reads of store_catalogue_load. */
static enum od_status read_param_defs(const struct db_result *r, const char *part,
				      struct catalogue *cat, struct diag *d)
{
	enum od_status st = OD_OK;
	for (int i = 0; st == OD_OK && i < db_rows(r); i++)
		if (db_row_in(r, i, part))
			st = catalogue_add_param(cat, db_value(r, i, "code"),
						 db_value(r, i, "label_zh"), db_value(r, i, "label_en"),
						 db_value(r, i, "unit"), "database", 0, d);
	return st;
}

static enum od_status read_params(const struct db_result *r, const char *part,
				  struct catalogue *cat, struct diag *d)
{
	enum od_status st = OD_OK;
	for (int i = 0; st == OD_OK && i < db_rows(r); i++) {
		if (!db_row_in(r, i, part))
			continue;
		int32_t from, to = CAT_NO_END;
		dec_t value;
		const char *code = db_value(r, i, "code");
		if (!cdate_parse(db_value(r, i, "valid_from"), &from) ||
		    (*db_value(r, i, "valid_to") && !cdate_parse(db_value(r, i, "valid_to"), &to)) ||
		    !dec_parse(db_value(r, i, "value"), &value))
			return diag_set(d, OD_ERR_VALUE, _("parameter %s: unreadable value"), code);
		if (catalogue_find_param(cat, code, strlen(code)) < 0)
			st = catalogue_add_param(cat, code, code, code, "", "database", 0, d);
		if (st == OD_OK)
			st = catalogue_add_value(cat, code, db_value(r, i, "region"), from, to, value,
						 db_value(r, i, "reference"), "database", 0, d);
	}
	return st;
}

static enum od_status read_items(const struct db_result *r, const char *part,
				 struct catalogue *cat, struct diag *d)
{
	static const char *const limit_cols[LIM_COUNT] = {"limit_accept", "limit_verify",
							  "limit_supervise", "limit_approve",
							  "limit_file", "limit_total"};
	enum od_status st = OD_OK;
	for (int i = 0; st == OD_OK && i < db_rows(r); i++) {
		if (!db_row_in(r, i, part))
			continue;
		struct cat_item it;
		memset(&it, 0, sizeof it);
#define COL(name) ((char *)db_value(r, i, name))
		it.code = COL("code");
		it.name_zh = COL("name_zh");
		it.name_en = COL("name_en");
		it.department = COL("department");
		it.kind = COL("kind");
		it.scope = COL("scope");
		it.legal_basis = COL("legal_basis");
		it.target_group = COL("target_group");
		it.process = COL("process");
		it.standard_text = COL("standard_text");
		it.eligibility = COL("eligibility");
		it.amount = COL("amount");
		it.amount_period = COL("amount_period");
		it.review_months = COL("review_months");
		it.file = COL("source_file");
		for (int k = 0; k < LIM_COUNT; k++)
			it.limits[k] = atoi(db_value(r, i, limit_cols[k]));
		it.warn_days = atoi(COL("warn_days"));
		it.green_channel = strcmp(COL("green_channel"), "t") == 0;
		it.commitment = strcmp(COL("commitment"), "t") == 0;
		char *mat = xstrdup(COL("materials")), *exc = xstrdup(COL("excludes"));
#undef COL
		char *mparts[64], *eparts[64];
		it.n_materials = split_in_place(mat, SEP_PAIR, mparts, 64);
		it.materials = mparts;
		it.n_excludes = split_in_place(exc, SEP_PAIR, eparts, 64);
		it.excludes = eparts;
		st = catalogue_add_item(cat, &it, d);
		free(mat);
		free(exc);
	}
	return st;
}

static enum od_status read_warnings(const struct db_result *r, const char *part,
				    struct catalogue *cat, struct diag *d)
{
	enum od_status st = OD_OK;
	for (int i = 0; st == OD_OK && i < db_rows(r); i++) {
		if (!db_row_in(r, i, part))
			continue;
		struct cat_warning w;
		memset(&w, 0, sizeof w);
		w.code = (char *)db_value(r, i, "code");
		w.name_zh = (char *)db_value(r, i, "name_zh");
		w.name_en = (char *)db_value(r, i, "name_en");
		w.rule = (char *)db_value(r, i, "rule");
		w.message_zh = (char *)db_value(r, i, "message_zh");
		w.message_en = (char *)db_value(r, i, "message_en");
		w.file = (char *)db_value(r, i, "source_file");
		st = catalogue_add_warning(cat, &w, d);
	}
	return st;
}

/* One read of store_catalogue_load, given to its reader. */
static enum od_status read_with(struct db *db, const char *sql,
				enum od_status (*reader)(const struct db_result *, const char *,
							 struct catalogue *, struct diag *),
				struct catalogue *cat, struct diag *d)
{
	struct db_result *r = NULL;
	enum od_status st = db_exec(db, sql, 0, NULL, &r, d);
	if (st == OD_OK)
		st = reader(r, NULL, cat, d);
	db_result_free(&r);
	return st;
}

/* The catalogue is complete: it has items, and its rules read. */
static enum od_status finish(struct catalogue *cat, enum od_status st, struct catalogue **out,
			     struct diag *d)
{
	if (st == OD_OK && cat->n_items == 0)
		st = diag_set(d, OD_ERR_NOT_FOUND,
			      _("the database has no catalogue; run onedoor-admin catalogue import"));
	if (st == OD_OK)
		st = catalogue_finish(cat, d);
	if (st != OD_OK) {
		catalogue_free(&cat);
		return st;
	}
	*out = cat;
	return OD_OK;
}

enum od_status store_catalogue_read(const struct db_result *r, struct catalogue **out,
				    struct diag *d)
{
	*out = NULL;
	struct catalogue *cat = catalogue_new();
	enum od_status st = read_param_defs(r, "param_def", cat, d);
	if (st == OD_OK)
		st = read_params(r, "param", cat, d);
	if (st == OD_OK)
		st = read_items(r, "item", cat, d);
	if (st == OD_OK)
		st = read_warnings(r, "warning", cat, d);
	return finish(cat, st, out, d);
}

enum od_status store_catalogue_load(struct db *db, struct catalogue **out, struct diag *d)
{
	*out = NULL;
	struct catalogue *cat = catalogue_new();
	enum od_status st = read_with(db,
				      "SELECT code, label_zh, label_en, unit FROM onedoor.parameter_defs "
				      "ORDER BY code",
				      read_param_defs, cat, d);
	if (st == OD_OK)
		st = read_with(db,
			       "SELECT code, region, valid_from::text AS valid_from, "
			       " coalesce(valid_to::text, '') AS valid_to, round(value, 4)::text AS value, "
			       " reference FROM onedoor.parameters ORDER BY code, region, valid_from",
			       read_params, cat, d);
	if (st == OD_OK)
		st = read_with(
			db,
			"SELECT code, name_zh, name_en, department, kind, scope, legal_basis, "
			" target_group, array_to_string(materials, chr(31)) AS materials, process, "
			" standard_text, limit_accept, limit_verify, limit_supervise, limit_approve, "
			" limit_file, limit_total, warn_days, green_channel, commitment, "
			" array_to_string(excludes, chr(31)) AS excludes, eligibility, amount, "
			" amount_period, review_months, source_file FROM onedoor.catalogue_items "
			"WHERE active ORDER BY code",
			read_items, cat, d);
	if (st == OD_OK)
		st = read_with(db,
			       "SELECT code, name_zh, name_en, rule, message_zh, message_en, source_file "
			       "FROM onedoor.catalogue_warnings ORDER BY code",
			       read_warnings, cat, d);
	return finish(cat, st, out, d);
}

/* Discover ------------------------------------------------------------------ */

struct discover_stream {
	struct db *db;
	char run_id[24];
	struct db_result *batch;
	int row, rows;
	bool done;
	char household_no[64];
	char applied[1024];
	/* findings of the current household, then of the batch as array
	 * literals: one element per household, its codes joined by commas */
	int64_t current;
	struct strbuf items, amounts, warnings;
	struct strbuf ids, b_items, b_amounts, b_warnings;
	int buffered;
};
enum od_status store_discover_begin(struct db *db, int32_t date, struct discover_stream **out,
				    int64_t *total, struct diag *d)
{
	*out = NULL;
	char day[CDATE_TEXT_SIZE];
	cdate_format(date, day);
	enum od_status st = exec0(db, "BEGIN", d);
	if (st != OD_OK)
		return st;
	struct db_result *r = NULL;
	const char *p[] = {day};
	st = db_exec(db,
		     "INSERT INTO onedoor.discover_runs (as_of) VALUES ($1) RETURNING id, "
		     " (SELECT count(*) FROM onedoor.households WHERE active) AS total",
		     1, p, &r, d);
	if (st != OD_OK) {
		exec0(db, "ROLLBACK", NULL);
		return st;
	}
	struct discover_stream *s = xcalloc(1, sizeof *s);
	s->db = db;
	snprintf(s->run_id, sizeof s->run_id, "%s", db_value(r, 0, "id"));
	*total = atoll(db_value(r, 0, "total"));
	db_result_free(&r);
	/* One row per household, in no particular order (a sort of a million
	 * rows buys nothing here); its members folded into one text column
	 * (fields and facts separated by control characters that no typed
	 * text contains), so the client never holds more than a batch. */
	/* JIT compilation costs more than it saves on this plan. */
	st = exec0(db, "SET LOCAL jit = off", d);
	if (st == OD_OK)
		st = exec0(db,
			   "DECLARE od_discover NO SCROLL CURSOR FOR "
			   "SELECT h.id, h.household_no, c.county, h.hukou, h.facts::text AS facts, "
			   " coalesce((SELECT string_agg(m.relation || chr(29) || p.resident_id || "
			   "  chr(29) || p.name || chr(29) || p.facts::text, chr(30) "
			   "  ORDER BY m.position) FROM onedoor.household_members m "
			   "  JOIN onedoor.persons p ON p.id = m.person_id "
			   "  WHERE m.household_id = h.id), '') AS members, "
			   " coalesce((SELECT string_agg(DISTINCT k.item_code, ',') "
			   "  FROM onedoor.cases k WHERE k.household_id = h.id "
			   "  AND k.stage NOT IN ('refused', 'withdrawn')), '') AS applied "
			   "FROM onedoor.households h JOIN onedoor.centres c ON c.code = h.centre_code "
			   "WHERE h.active",
			   d);
	if (st != OD_OK) {
		exec0(db, "ROLLBACK", NULL);
		free(s);
		return st;
	}
	*out = s;
	return OD_OK;
}

/* Reads one JSON string at *p (after its opening quote) into out (at most
 * size-1 bytes, cut at a character boundary); false when malformed. */
static bool json_string(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t n = 0;
	for (; *s && *s != '"'; s++) {
		char c = *s;
		char buf[4];
		size_t len = 1;
		buf[0] = c;
		if (c == '\\') {
			s++;
			switch (*s) {
			case 'n': buf[0] = '\n'; break;
			case 't': buf[0] = '\t'; break;
			case 'r': buf[0] = '\r'; break;
			case 'b': buf[0] = '\b'; break;
			case 'f': buf[0] = '\f'; break;
			case 'u': {
				unsigned cp = 0;
				for (int i = 1; i <= 4; i++) {
					char h = s[i];
					if (!h)
						return false;
					cp = cp * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
				}
				s += 4;
				if (cp < 0x80) {
					buf[0] = (char)cp;
				} else if (cp < 0x800) {
					buf[0] = (char)(0xC0 | cp >> 6);
					buf[1] = (char)(0x80 | (cp & 0x3F));
					len = 2;
				} else {
					buf[0] = (char)(0xE0 | cp >> 12);
					buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
					buf[2] = (char)(0x80 | (cp & 0x3F));
					len = 3;
				}
				break;
			}
			case '\0':
				return false;
			default:
				buf[0] = *s; /* \" \\ \/ */
				break;
			}
		}
		if (n + len < size) {
			memcpy(out + n, buf, len);
			n += len;
		}
	}
	if (*s != '"')
		return false;
	out[n] = '\0';
	*p = s + 1;
	return true;
}

/* Applies a flat JSON object of facts (jsonb's text form, as the forms
 * store them: {"key": "value", "n": 12}) to the household (member < 0) or
 * a member; returns how many facts did not read. */
static int apply_facts(struct hh_input *in, int member, const char *json)
{
	const char *p = json;
	int bad = 0;
	while (*p == ' ')
		p++;
	if (*p++ != '{')
		return *json != '\0';
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '}' || !*p)
			break;
		char key[64], value[512];
		if (*p++ != '"' || !json_string(&p, key, sizeof key))
			return bad + 1;
		while (*p == ' ' || *p == ':')
			p++;
		if (*p == '"') {
			p++;
			if (!json_string(&p, value, sizeof value))
				return bad + 1;
		} else {
			/* numbers, true/false, null: as written; nested values
			 * are not facts of ours and end the reading */
			size_t n = strcspn(p, ",}");
			if (*p == '{' || *p == '[' || n >= sizeof value)
				return bad + 1;
			memcpy(value, p, n);
			value[n] = '\0';
			p += n;
			if (strcmp(value, "null") == 0)
				continue;
			if (strcmp(value, "true") == 0)
				strcpy(value, "yes");
			else if (strcmp(value, "false") == 0)
				strcpy(value, "no");
		}
		if (!*value)
			continue; /* blank: the fact is missing, as in a file */
		enum od_status st = member < 0 ? hh_input_set(in, key, value, NULL)
					       : hh_input_set_member(in, member, key, value, NULL);
		bad += st != OD_OK && st != OD_ERR_NOT_FOUND;
	}
	return bad;
}

int store_discover_next(struct discover_stream *s, struct hh_input *in, int64_t *household_id,
			const char **household_no, const char **applied, int *bad_facts,
			struct diag *d)
{
	if (s->row >= s->rows) {
		if (s->done)
			return 0;
		db_result_free(&s->batch);
		char fetch[64];
		snprintf(fetch, sizeof fetch, "FETCH %d FROM od_discover", DISCOVER_BATCH);
		if (db_exec(s->db, fetch, 0, NULL, &s->batch, d) != OD_OK)
			return -1;
		s->rows = db_rows(s->batch);
		s->row = 0;
		s->done = s->rows < DISCOVER_BATCH;
		if (s->rows == 0)
			return 0;
	}
	const struct db_result *r = s->batch;
	int i = s->row++;
	hh_input_init(in);
	*household_id = atoll(db_value(r, i, "id"));
	snprintf(s->household_no, sizeof s->household_no, "%s", db_value(r, i, "household_no"));
	*household_no = s->household_no;
	snprintf(s->applied, sizeof s->applied, "%s", db_value(r, i, "applied"));
	*applied = s->applied;
	hh_input_set(in, "region", db_value(r, i, "county"), NULL);
	hh_input_set(in, "hukou", db_value(r, i, "hukou"), NULL);
	/* A copy: the splitting writes into the text. */
	char members[16384];
	snprintf(members, sizeof members, "%s", db_value(r, i, "members"));
	int bad = apply_facts(in, -1, db_value(r, i, "facts"));
	char *records[HH_MAX_MEMBERS];
	int n = split_in_place(members, SEP_RECORD, records, HH_MAX_MEMBERS);
	for (int m = 0; m < n; m++) {
		static char empty[] = "";
		char *fields[4] = {empty, empty, empty, empty};
		split_in_place(records[m], SEP_FIELD, fields, 4);
		bad += hh_input_set_member(in, m, "relation", fields[0], NULL) != OD_OK;
		bad += hh_input_set_member(in, m, "id", fields[1], NULL) != OD_OK;
		hh_input_set_member(in, m, "name", fields[2], NULL);
		bad += apply_facts(in, m, fields[3]);
	}
	*bad_facts = bad;
	return 1;
}

/* Moves the current household's findings into the batch. */
static void close_household(struct discover_stream *s)
{
	if (s->current == 0)
		return;
	const char *sep = s->buffered++ ? "," : "{";
	strbuf_printf(&s->ids, "%s%lld", sep, (long long)s->current);
	strbuf_printf(&s->b_items, "%s\"%s\"", sep, strbuf_text(&s->items));
	strbuf_printf(&s->b_amounts, "%s\"%s\"", sep, strbuf_text(&s->amounts));
	strbuf_printf(&s->b_warnings, "%s\"%s\"", sep, strbuf_text(&s->warnings));
	strbuf_reset(&s->items);
	strbuf_reset(&s->amounts);
	strbuf_reset(&s->warnings);
	s->current = 0;
}

static enum od_status flush(struct discover_stream *s, struct diag *d)
{
	close_household(s);
	if (s->buffered == 0)
		return OD_OK;
	strbuf_append(&s->ids, "}");
	strbuf_append(&s->b_items, "}");
	strbuf_append(&s->b_amounts, "}");
	strbuf_append(&s->b_warnings, "}");
	const char *p[] = {s->run_id, strbuf_text(&s->ids), strbuf_text(&s->b_items),
			   strbuf_text(&s->b_amounts), strbuf_text(&s->b_warnings)};
	enum od_status st = db_exec(
		s->db,
		"INSERT INTO onedoor.discoveries (run_id, household_id, items, amounts, warnings) "
		"SELECT $1, h, string_to_array(i, ','), string_to_array(a, ',', 'NULL')::numeric[], "
		" string_to_array(w, ',') "
		"FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(h, i, a, w)",
		5, p, NULL, d);
	strbuf_reset(&s->ids);
	strbuf_reset(&s->b_items);
	strbuf_reset(&s->b_amounts);
	strbuf_reset(&s->b_warnings);
	s->buffered = 0;
	return st;
}

enum od_status store_discover_add(struct discover_stream *s, int64_t household_id,
				  const char *kind, const char *code, const char *amount,
				  struct diag *d)
{
	if (household_id != s->current) {
		close_household(s);
		if (s->buffered >= DISCOVER_BATCH) {
			enum od_status st = flush(s, d);
			if (st != OD_OK)
				return st;
		}
		s->current = household_id;
	}
	/* Codes are [a-z0-9_] (checked at import) and amounts digits: nothing
	 * in them needs quoting inside an array literal. */
	if (strcmp(kind, "warning") == 0) {
		strbuf_printf(&s->warnings, "%s%s", s->warnings.len ? "," : "", code);
	} else {
		strbuf_printf(&s->items, "%s%s", s->items.len ? "," : "", code);
		strbuf_printf(&s->amounts, "%s%s", s->amounts.len ? "," : "",
			      amount ? amount : "NULL");
	}
	return OD_OK;
}

enum od_status store_discover_end(struct discover_stream **sp, bool commit, int64_t households,
				  int64_t findings, struct diag *d)
{
	struct discover_stream *s = *sp;
	if (!s)
		return OD_OK;
	enum od_status st = commit ? flush(s, d) : OD_OK;
	if (commit && st == OD_OK)
		st = store_discover_close_run(s->db, s->run_id, households, findings, d);
	if (commit && st == OD_OK)
		st = exec0(s->db, "CLOSE od_discover", d);
	if (commit && st == OD_OK)
		st = exec0(s->db, "COMMIT", d);
	else
		exec0(s->db, "ROLLBACK", NULL);
	db_result_free(&s->batch);
	struct strbuf *bufs[] = {&s->items, &s->amounts, &s->warnings, &s->ids,
				 &s->b_items, &s->b_amounts, &s->b_warnings};
	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		strbuf_free(bufs[i]);
	free(s);
	*sp = NULL;
	return st;
}
