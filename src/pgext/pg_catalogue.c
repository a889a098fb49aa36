/* pg_catalogue.c - the catalogue inside a backend, read from the
 * database's catalogue tables and kept until a new version is imported.
 *
 * Every change to the catalogue tables records a catalogue version
 * (onedoor.catalogue_versions, one row per importing transaction, its
 * stamp bumped by every statement).  Each statement that uses the engine
 * reads the newest version once; when it differs from the cached one the
 * catalogue is rebuilt.  The cached catalogue and its matcher live in one
 * memory context under CacheMemoryContext; a rebuild happens in a fresh
 * context that only replaces the old one once it is complete, so an error
 * half-way (a bad row, a cancel) leaves the previous one intact and frees
 * the partial one with the transaction. */
#include "pgext.h"

#include "onedoor/catalogue.h"
#include "onedoor/civil_date.h"
#include "onedoor/decimal.h"
#include "onedoor/match.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <stdio.h>
#include <string.h>

#define SEP_PAIR '\x1f' /* between list elements, as the client reads them */

static struct {
	MemoryContext context;
	struct catalogue *cat;
	struct matcher *matcher;
	int64 version, stamp;
	char version_text[24];
	/* the statement that last checked the version */
	LocalTransactionId lxid;
	CommandId command;
	bool checked;
} cache;

static void fail_diag(const char *what, const struct diag *d) pg_attribute_noreturn();

static void fail_diag(const char *what, const struct diag *d)
{
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			errmsg("onedoor engine: the catalogue in the database does not check: %s",
			       d->text),
			errdetail("While reading %s.", what)));
	pg_unreachable();
}

/* Runs a query; the caller's memory context stays current (SPI_execute
 * itself returns in the SPI procedure context, which SPI_finish deletes:
 * a catalogue built there would vanish with it). */
static void run(const char *sql)
{
	MemoryContext here = CurrentMemoryContext;
	int rc = SPI_execute(sql, true, 0);
	MemoryContextSwitchTo(here);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
				errmsg("onedoor engine: reading the catalogue failed (%s)",
				       SPI_result_code_string(rc))));
}

/* Column `col` (1-based) of row `row` of the last result, "" for NULL. */
static char *value(uint64 row, int col)
{
	char *v = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
	return v ? v : pstrdup("");
}

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

static void load_params(struct catalogue *cat)
{
	struct diag d;
	run("SELECT code, label_zh, label_en, unit FROM onedoor.parameter_defs ORDER BY code");
	for (uint64 i = 0; i < SPI_processed; i++) {
		CHECK_FOR_INTERRUPTS();
		if (catalogue_add_param(cat, value(i, 1), value(i, 2), value(i, 3), value(i, 4),
					"database", 0, &d) != OD_OK)
			fail_diag("onedoor.parameter_defs", &d);
	}
	run("SELECT code, region, valid_from::text, coalesce(valid_to::text, ''), "
	    " round(value, 4)::text, reference FROM onedoor.parameters "
	    "ORDER BY code, region, valid_from");
	for (uint64 i = 0; i < SPI_processed; i++) {
		CHECK_FOR_INTERRUPTS();
		int32_t from, to = CAT_NO_END;
		dec_t v;
		char *code = value(i, 1), *until = value(i, 4);
		if (!cdate_parse(value(i, 3), &from) || (*until && !cdate_parse(until, &to)) ||
		    !dec_parse(value(i, 5), &v)) {
			snprintf(d.text, sizeof d.text, "parameter %s: unreadable value", code);
			fail_diag("onedoor.parameters", &d);
		}
		if (catalogue_find_param(cat, code, strlen(code)) < 0 &&
		    catalogue_add_param(cat, code, code, code, "", "database", 0, &d) != OD_OK)
			fail_diag("onedoor.parameters", &d);
		if (catalogue_add_value(cat, code, value(i, 2), from, to, v, value(i, 6), "database",
					0, &d) != OD_OK)
			fail_diag("onedoor.parameters", &d);
	}
}

static void load_items(struct catalogue *cat)
{
	struct diag d;
	/* The same columns, order and rules as the client's loader
	 * (src/db/store_catalogue.c), so both build the same catalogue. */
	run("SELECT code, name_zh, name_en, department, kind, scope, legal_basis, "
	    " target_group, array_to_string(materials, chr(31)), process, "
	    " standard_text, limit_accept, limit_verify, limit_supervise, limit_approve, "
	    " limit_file, limit_total, warn_days, green_channel, commitment, "
	    " array_to_string(excludes, chr(31)), eligibility, amount, "
	    " amount_period, source_file, review_months FROM onedoor.catalogue_items "
	    "WHERE active ORDER BY code");
	for (uint64 i = 0; i < SPI_processed; i++) {
		CHECK_FOR_INTERRUPTS();
		struct cat_item it;
		memset(&it, 0, sizeof it);
		it.code = value(i, 1);
		it.name_zh = value(i, 2);
		it.name_en = value(i, 3);
		it.department = value(i, 4);
		it.kind = value(i, 5);
		it.scope = value(i, 6);
		it.legal_basis = value(i, 7);
		it.target_group = value(i, 8);
		it.process = value(i, 10);
		it.standard_text = value(i, 11);
		for (int k = 0; k < LIM_COUNT; k++)
			it.limits[k] = pg_strtoint32(value(i, 12 + k));
		it.warn_days = pg_strtoint32(value(i, 18));
		it.green_channel = strcmp(value(i, 19), "t") == 0;
		it.commitment = strcmp(value(i, 20), "t") == 0;
		it.eligibility = value(i, 22);
		it.amount = value(i, 23);
		it.amount_period = value(i, 24);
		it.file = value(i, 25);
		it.review_months = value(i, 26);
		char *mparts[64], *eparts[64];
		it.n_materials = split_in_place(value(i, 9), SEP_PAIR, mparts, 64);
		it.materials = mparts;
		it.n_excludes = split_in_place(value(i, 21), SEP_PAIR, eparts, 64);
		it.excludes = eparts;
		if (catalogue_add_item(cat, &it, &d) != OD_OK)
			fail_diag("onedoor.catalogue_items", &d);
	}
	run("SELECT code, name_zh, name_en, rule, message_zh, message_en, source_file "
	    "FROM onedoor.catalogue_warnings ORDER BY code");
	for (uint64 i = 0; i < SPI_processed; i++) {
		CHECK_FOR_INTERRUPTS();
		struct cat_warning w;
		memset(&w, 0, sizeof w);
		w.code = value(i, 1);
		w.name_zh = value(i, 2);
		w.name_en = value(i, 3);
		w.rule = value(i, 4);
		w.message_zh = value(i, 5);
		w.message_en = value(i, 6);
		w.file = value(i, 7);
		if (catalogue_add_warning(cat, &w, &d) != OD_OK)
			fail_diag("onedoor.catalogue_warnings", &d);
	}
}

/* Builds the catalogue and matcher in a new context; returns it. */
static MemoryContext build(struct catalogue **cat, struct matcher **m)
{
	MemoryContext ctx = AllocSetContextCreate(CurTransactionContext, "onedoor catalogue",
						  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(ctx);
	struct diag d;
	*cat = catalogue_new();
	load_params(*cat);
	load_items(*cat);
	if ((*cat)->n_items == 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("onedoor engine: the database has no catalogue"),
				errhint("Run onedoor-admin catalogue import.")));
	if (catalogue_finish(*cat, &d) != OD_OK)
		fail_diag("the catalogue", &d);
	*m = matcher_new(*cat);
	MemoryContextSwitchTo(old);
	return ctx;
}

/* Reads the newest version (as the schema owner, who can read the
 * catalogue whoever calls the engine) and rebuilds when it changed. */
static void refresh(void)
{
	Oid save_user;
	int save_sec;
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
				errmsg("onedoor engine: SPI_connect failed")));
	run("SELECT relowner FROM pg_catalog.pg_class "
	    "WHERE oid = 'onedoor.catalogue_versions'::regclass");
	Oid owner = SPI_processed == 1 ? (Oid)strtoul(value(0, 1), NULL, 10) : InvalidOid;
	GetUserIdAndSecContext(&save_user, &save_sec);
	if (OidIsValid(owner))
		SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE |
						       SECURITY_RESTRICTED_OPERATION);
	run("SELECT version, stamp FROM onedoor.catalogue_versions "
	    "ORDER BY version DESC LIMIT 1");
	int64 version = 0, stamp = 0;
	if (SPI_processed == 1) {
		version = pg_strtoint64(value(0, 1));
		stamp = pg_strtoint64(value(0, 2));
	}
	if (!cache.context || version != cache.version || stamp != cache.stamp) {
		struct catalogue *cat;
		struct matcher *m;
		MemoryContext ctx = build(&cat, &m);
		MemoryContextSetParent(ctx, CacheMemoryContext);
		if (cache.context)
			MemoryContextDelete(cache.context);
		cache.context = ctx;
		cache.cat = cat;
		cache.matcher = m;
		cache.version = version;
		cache.stamp = stamp;
		snprintf(cache.version_text, sizeof cache.version_text, "%lld", (long long)version);
	}
	SetUserIdAndSecContext(save_user, save_sec);
	SPI_finish();
}

struct matcher *pg_catalogue_current(const char **version)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId command = GetCurrentCommandId(false);
	if (!cache.checked || cache.lxid != lxid || cache.command != command || !cache.context) {
		refresh();
		cache.lxid = lxid;
		cache.command = command;
		cache.checked = true;
	}
	if (version)
		*version = cache.version_text;
	return cache.matcher;
}
