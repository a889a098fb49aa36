/* pg_audit.c - what an audit entry keeps of a changed row, in C
 * (onedoor_engine.so).
 *
 *   onedoor.audit_changes(p_from jsonb, p_to jsonb, p_keep text[]) RETURNS jsonb
 *
 * The members of the object p_from whose value p_to does not have (another
 * value, or no such key), and the members named in p_keep whatever their
 * value: a stage transition stores audit_changes(old, new, keep) as its
 * entry's before and audit_changes(new, old, keep) as its after
 * (0088_transition_audit_changes.sql).  The same answer as that
 * migration's PL/pgSQL body, which tests/db/audit_changes.sh compares it
 * with; written here because the PL/pgSQL one expanded both rows into sets
 * and looked every key up again, about 40 microseconds of each
 * transition's server time, where this walks the stored object once.
 *
 * Values compare as jsonb's = does: numbers by value (1.0 = 1), nested
 * objects and arrays whole.  NULL p_from gives '{}'; NULL p_to keeps every
 * member of p_from; p_from not an object is an error, as jsonb_each's. */
#include "pgext.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include <string.h>

PG_FUNCTION_INFO_V1(onedoor_audit_changes);

/* Whether two values of jsonb's top level are equal as jsonb's = says. */
static bool audit_values_equal(const JsonbValue *a, const JsonbValue *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case jbvNull:
		return true;
	case jbvBool:
		return a->val.boolean == b->val.boolean;
	case jbvString:
		return a->val.string.len == b->val.string.len &&
		       memcmp(a->val.string.val, b->val.string.val, a->val.string.len) == 0;
	case jbvNumeric:
		return DatumGetBool(DirectFunctionCall2(numeric_eq,
							PointerGetDatum(a->val.numeric),
							PointerGetDatum(b->val.numeric)));
	case jbvBinary:
		return compareJsonbContainers(a->val.binary.data, b->val.binary.data) == 0;
	default:
		/* Arrays and objects come from the iterator as jbvBinary. */
		return false;
	}
}

/* Whether key is one of the n names in keep. */
static bool audit_kept(const JsonbValue *key, Datum *keep, bool *keep_null, int n)
{
	for (int i = 0; i < n; i++) {
		if (keep_null[i])
			continue;
		text *name = DatumGetTextPP(keep[i]);
		if ((int)VARSIZE_ANY_EXHDR(name) == key->val.string.len &&
		    memcmp(VARDATA_ANY(name), key->val.string.val, key->val.string.len) == 0)
			return true;
	}
	return false;
}

Datum onedoor_audit_changes(PG_FUNCTION_ARGS)
{
	Jsonb *from = PG_ARGISNULL(0) ? NULL : PG_GETARG_JSONB_P(0);
	Jsonb *to = PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1);
	Datum *keep = NULL;
	bool *keep_null = NULL;
	int nkeep = 0;
	if (!PG_ARGISNULL(2))
		deconstruct_array(PG_GETARG_ARRAYTYPE_P(2), TEXTOID, -1, false, TYPALIGN_INT,
				  &keep, &keep_null, &nkeep);

	JsonbParseState *state = NULL;
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	if (from != NULL) {
		if (!JB_ROOT_IS_OBJECT(from))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("cannot call %s on a non-object", "audit_changes")));
		bool to_object = to != NULL && JB_ROOT_IS_OBJECT(to);
		JsonbIterator *it = JsonbIteratorInit(&from->root);
		JsonbValue key, value;
		JsonbIteratorToken token;
		while ((token = JsonbIteratorNext(&it, &key, true)) != WJB_DONE) {
			if (token != WJB_KEY)
				continue;
			token = JsonbIteratorNext(&it, &value, true);
			Assert(token == WJB_VALUE);
			bool wanted = audit_kept(&key, keep, keep_null, nkeep);
			if (!wanted) {
				JsonbValue other;
				/* p_to -> key is NULL when p_to is not an object. */
				wanted = !to_object ||
					 getKeyJsonValueFromContainer(&to->root, key.val.string.val,
								      key.val.string.len, &other) == NULL ||
					 !audit_values_equal(&value, &other);
			}
			if (wanted) {
				pushJsonbValue(&state, WJB_KEY, &key);
				pushJsonbValue(&state, WJB_VALUE, &value);
			}
		}
	}
	JsonbValue *result = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}
