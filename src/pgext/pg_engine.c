/* pg_engine.c - the matching engine as SQL functions (onedoor_engine.so).
 *
 *   onedoor.engine_match(p_facts jsonb, p_as_of date) RETURNS jsonb
 *   onedoor.engine_item(p_facts jsonb, p_item text, p_as_of date) RETURNS jsonb
 *   onedoor.engine_findings(p_facts jsonb, p_as_of date, p_applied text[])
 *       RETURNS onedoor.engine_finding   (what discover records)
 *
 * p_facts is a household document (include/onedoor/hh_json.h); the result
 * is the JSON `onedoor match --format json` prints (include/onedoor/
 * match_json.h), written by the same code.  The functions are created by
 * `onedoor-admin init` / `migrate` from src/sql/engine.sql. */
#include "pgext.h"

#include "onedoor/catalogue.h"
#include "onedoor/civil_date.h"
#include "onedoor/hh_json.h"
#include "onedoor/match.h"
#include "onedoor/match_json.h"
#include "onedoor/strbuf.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include <string.h>

PG_MODULE_MAGIC;

void _PG_init(void);
PG_FUNCTION_INFO_V1(onedoor_engine_match);
PG_FUNCTION_INFO_V1(onedoor_engine_item);
PG_FUNCTION_INFO_V1(onedoor_engine_findings);

void _PG_init(void)
{
	pg_text_init();
}

/* A PostgreSQL date as the engine's day number (days since 1970). */
static int32_t engine_date(DateADT date)
{
	if (DATE_NOT_FINITE(date))
		ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("onedoor engine: the date must be a real day, not infinity")));
	int64 days = (int64)date + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE);
	if (days < cdate_from_ymd(1, 1, 1) || days > cdate_from_ymd(9999, 12, 31))
		ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("onedoor engine: the date must be between 0001-01-01 and "
				       "9999-12-31")));
	return (int32_t)days;
}

/* Reads the household document; an unreadable document or a fact the
 * engine refuses is an error naming it (22023), never a partial match. */
static void read_household(Jsonb *facts, struct hh_input *in)
{
	char *text = JsonbToCString(NULL, &facts->root, VARSIZE(facts));
	struct diag d, bad_d;
	int bad = 0;
	if (hh_json_read(text, strlen(text), in, &bad, &bad_d, &d) != OD_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("onedoor engine: %s", d.text)));
	if (bad > 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("onedoor engine: household facts: %s", bad_d.text),
				bad > 1 ? errdetail("%d facts could not be read.", bad) : 0));
	pfree(text);
}

static Datum jsonb_result(struct strbuf *out)
{
	Datum json = DirectFunctionCall1(jsonb_in, CStringGetDatum(strbuf_text(out)));
	strbuf_free(out);
	return json;
}

Datum onedoor_engine_match(PG_FUNCTION_ARGS)
{
	Jsonb *facts = PG_GETARG_JSONB_P(0);
	int32_t date = engine_date(PG_GETARG_DATEADT(1));
	struct matcher *m = pg_catalogue_current(NULL);
	struct hh_input in;
	read_household(facts, &in);
	matcher_run(m, &in, date);
	struct strbuf out = STRBUF_INIT;
	match_json_menu(m, &in, pg_text_chinese(), date, &out);
	PG_RETURN_DATUM(jsonb_result(&out));
}

Datum onedoor_engine_item(PG_FUNCTION_ARGS)
{
	Jsonb *facts = PG_GETARG_JSONB_P(0);
	text *item = PG_GETARG_TEXT_PP(1);
	int32_t date = engine_date(PG_GETARG_DATEADT(2));
	struct matcher *m = pg_catalogue_current(NULL);
	int i = catalogue_find_item(m->cat, VARDATA_ANY(item), VARSIZE_ANY_EXHDR(item));
	if (i < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("onedoor engine: unknown item \"%s\"", text_to_cstring(item))));
	struct hh_input in;
	read_household(facts, &in);
	matcher_run(m, &in, date);
	struct strbuf out = STRBUF_INIT;
	match_json_item(m, &in, i, pg_text_chinese(), &out);
	PG_RETURN_DATUM(jsonb_result(&out));
}

/* The elements of a text[] (NULL: none) as C strings; *n gets how many. */
static char **text_elements(ArrayType *list, int *n)
{
	*n = 0;
	if (!list)
		return NULL;
	Datum *elems;
	bool *nulls;
	int count;
	deconstruct_array(list, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
	char **out = palloc(sizeof(char *) * (count + 1));
	for (int k = 0; k < count; k++)
		if (!nulls[k])
			out[(*n)++] = TextDatumGetCString(elems[k]);
	return out;
}

static bool in_list(char **list, int n, const char *code)
{
	for (int k = 0; k < n; k++)
		if (strcmp(list[k], code) == 0)
			return true;
	return false;
}

/* A one-dimensional array of n elements ({} when none). */
static Datum array_of(Datum *elems, bool *nulls, int n, Oid type, int16 len, bool byval,
		      char align)
{
	if (n == 0)
		return PointerGetDatum(construct_empty_array(type));
	int dims[1] = {n}, lbs[1] = {1};
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, type, len, byval,
						  align));
}

/* What `onedoor-admin discover` records for one household: the items it
 * qualifies for and neither holds, has applied for (p_applied), nor is kept
 * from by an item it holds, with their amounts, and the warnings raised.
 * Facts the engine cannot read are not an error here, as they are for
 * engine_match: the household is matched on what did read and `unreadable`
 * says so, so that one bad record does not stop a county-wide run. */
Datum onedoor_engine_findings(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	Jsonb *facts = PG_GETARG_JSONB_P(0);
	int32_t date = engine_date(PG_GETARG_DATEADT(1));
	int n_applied;
	char **applied = text_elements(PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2),
				       &n_applied);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("onedoor engine: engine_findings must return a composite")));
	desc = BlessTupleDesc(desc);

	struct matcher *m = pg_catalogue_current(NULL);
	const struct catalogue *cat = m->cat;
	char *json = JsonbToCString(NULL, &facts->root, VARSIZE(facts));
	struct hh_input in;
	struct diag d, bad_d;
	int bad = 0;
	bool unreadable = hh_json_read(json, strlen(json), &in, &bad, &bad_d, &d) != OD_OK;
	unreadable = unreadable || bad > 0;
	pfree(json);
	matcher_run(m, &in, date);

	Datum *items = palloc(sizeof(Datum) * (cat->n_items + 1));
	Datum *amounts = palloc(sizeof(Datum) * (cat->n_items + 1));
	bool *amount_nulls = palloc(sizeof(bool) * (cat->n_items + 1));
	Datum *warnings = palloc(sizeof(Datum) * (cat->n_warnings + 1));
	int n = 0, w = 0;
	for (int i = 0; i < cat->n_items; i++) {
		const struct match_item *r = &m->items[i];
		if (r->verdict != VERDICT_ELIGIBLE || r->held ||
		    (r->excluded_by >= 0 && m->items[r->excluded_by].held) ||
		    in_list(applied, n_applied, cat->items[i].code))
			continue;
		items[n] = CStringGetTextDatum(cat->items[i].code);
		amount_nulls[n] = !r->has_amount;
		amounts[n] = (Datum)0;
		if (r->has_amount) {
			char amount[DEC_TEXT_SIZE];
			dec_format(r->amount, 2, amount);
			amounts[n] = DirectFunctionCall3(numeric_in, CStringGetDatum(amount),
							 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
		}
		n++;
	}
	for (int k = 0; k < cat->n_warnings; k++)
		if (m->warnings[k].raised)
			warnings[w++] = CStringGetTextDatum(cat->warnings[k].code);

	Datum values[4];
	bool nulls[4] = {false, false, false, false};
	values[0] = array_of(items, NULL, n, TEXTOID, -1, false, TYPALIGN_INT);
	values[1] = array_of(amounts, amount_nulls, n, NUMERICOID, -1, false, TYPALIGN_INT);
	values[2] = array_of(warnings, NULL, w, TEXTOID, -1, false, TYPALIGN_INT);
	values[3] = BoolGetDatum(unreadable);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
