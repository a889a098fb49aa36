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
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include <string.h>

PG_MODULE_MAGIC;

void _PG_init(void);
PG_FUNCTION_INFO_V1(onedoor_engine_match);
PG_FUNCTION_INFO_V1(onedoor_engine_item);

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
