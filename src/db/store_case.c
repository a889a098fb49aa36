/* store_case.c - the case workflow's calls for the screens (case_store.h). */
#include "onedoor/case_store.h"

#include "onedoor/i18n.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static const struct {
	const char *name;
	bool reason;
} actions[] = {
#define CASE_ACTION_ROW(e, name, reason) [e] = {name, reason},
	CASE_ACTION_LIST(CASE_ACTION_ROW)
#undef CASE_ACTION_ROW
};

const char *case_action_name(enum case_action action)
{
	return actions[action].name;
}

bool case_action_needs_reason(enum case_action action)
{
	return actions[action].reason;
}

enum case_light case_light_parse(const char *text)
{
	if (strcmp(text, "red") == 0)
		return CASE_LIGHT_RED;
	if (strcmp(text, "yellow") == 0)
		return CASE_LIGHT_YELLOW;
	if (strcmp(text, "green") == 0)
		return CASE_LIGHT_GREEN;
	return CASE_LIGHT_NONE;
}

/* db.c knows the generic SQLSTATE classes; these are the workflow's own
 * (see 0005_cases.sql): an action the stage does not allow is refused like
 * a right the person does not have, and an exclusion is explained with
 * where the excluding item is held (DETAIL "case|centre|item|person"). */
static enum od_status workflow_status(struct db *db, enum od_status st, struct diag *d)
{
	const char *state = db_last_sqlstate(db);
	if (strcmp(state, "55000") == 0)
		return OD_ERR_DENIED;
	if (strcmp(state, "23514") == 0) {
		/* The server's eligibility check (0045_accept_rederive.sql):
		 * DETAIL is "item_code|verdict|reason". */
		char detail[512];
		COPY(detail, db_last_detail(db));
		char *verdict = strchr(detail, '|');
		char *reason = verdict ? strchr(verdict + 1, '|') : NULL;
		if (reason) {
			*verdict++ = '\0';
			*reason++ = '\0';
			diag_set(d, OD_ERR_VALUE,
				 strcmp(verdict, "missing_data") == 0
					 ? _("item %s cannot be accepted, data is missing: %s")
					 : _("the household is not eligible for item %s: %s"),
				 detail, reason);
		}
		return OD_ERR_VALUE;
	}
	if (strcmp(state, "23P01") == 0) {
		char detail[512];
		COPY(detail, db_last_detail(db));
		char *f[4] = {detail, NULL, NULL, NULL};
		for (int i = 1; i < 4 && f[i - 1]; i++) {
			char *bar = strchr(f[i - 1], '|');
			if (bar) {
				*bar = '\0';
				f[i] = bar + 1;
			}
		}
		if (f[3])
			diag_set(d, OD_ERR_VALUE,
				 _("%s already holds %s (case %s, %s), which excludes this item"), f[3],
				 f[2], f[0], f[1]);
		return OD_ERR_VALUE;
	}
	return st;
}

static void read_ref(const struct db_result *r, int i, struct case_ref *ref)
{
	memset(ref, 0, sizeof *ref);
	ref->id = strtoll(db_value(r, i, "case_id"), NULL, 10);
	ref->version = atoi(db_value(r, i, "version"));
	COPY(ref->stage, db_value(r, i, "stage"));
}

enum od_status case_record_materials(struct db *db, const char *request_id,
				     const char *application_no, const char *const *materials,
				     int n_materials, int *recorded, struct diag *d)
{
	struct strbuf json = STRBUF_INIT;
	strbuf_append(&json, "[");
	for (int i = 0; i < n_materials; i++) {
		strbuf_append(&json, i ? "," : "");
		strbuf_append_json(&json, materials[i]);
	}
	strbuf_append(&json, "]");
	const char *params[] = {request_id, application_no, strbuf_text(&json)};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT onedoor.record_materials($1::uuid, $2, ARRAY(SELECT "
				    "jsonb_array_elements_text($3::jsonb))) AS n",
				    3, params, &r, d);
	strbuf_free(&json);
	if (st != OD_OK)
		return workflow_status(db, st, d);
	if (recorded)
		*recorded = atoi(db_value(r, 0, "n"));
	db_result_free(&r);
	return OD_OK;
}

enum od_status case_accept_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const struct case_package_item *items, int n_items,
				       struct case_ref **cases, int *count, struct diag *d)
{
	*cases = NULL;
	*count = 0;
	struct strbuf json = STRBUF_INIT;
	strbuf_append(&json, "[");
	for (int i = 0; i < n_items; i++) {
		strbuf_append(&json, i ? ",{\"item\":" : "{\"item\":");
		strbuf_append_json(&json, items[i].item_code);
		if (items[i].resident_id) {
			strbuf_append(&json, ",\"resident_id\":");
			strbuf_append_json(&json, items[i].resident_id);
		}
		if (items[i].track) {
			strbuf_append(&json, ",\"track\":");
			strbuf_append_json(&json, items[i].track);
		}
		strbuf_append(&json, "}");
	}
	strbuf_append(&json, "]");
	char version_text[16];
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, application_no, version_text, strbuf_text(&json)};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT case_id, case_no, item_code, track, stage, version "
				    "FROM onedoor.accept_application($1::uuid, $2, $3::int, $4::jsonb)",
				    4, params, &r, d);
	strbuf_free(&json);
	if (st != OD_OK)
		return workflow_status(db, st, d);
	int n = db_rows(r);
	*cases = xcalloc((size_t)(n ? n : 1), sizeof **cases);
	for (int i = 0; i < n; i++) {
		read_ref(r, i, &(*cases)[i]);
		COPY((*cases)[i].case_no, db_value(r, i, "case_no"));
		COPY((*cases)[i].item_code, db_value(r, i, "item_code"));
		COPY((*cases)[i].track, db_value(r, i, "track"));
	}
	*count = n;
	db_result_free(&r);
	return OD_OK;
}

enum od_status case_refuse_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const char *reason, struct diag *d)
{
	char version_text[16];
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, application_no, version_text, reason};
	enum od_status st = db_exec(db,
				    "SELECT status FROM onedoor.refuse_application($1::uuid, $2, "
				    "$3::int, $4)",
				    4, params, NULL, d);
	return st == OD_OK ? OD_OK : workflow_status(db, st, d);
}

enum od_status case_transition(struct db *db, const char *request_id, long long case_id,
			       int version, enum case_action action, const char *reason,
			       struct case_ref *out, struct diag *d)
{
	char id_text[24], version_text[16];
	snprintf(id_text, sizeof id_text, "%lld", case_id);
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, id_text, version_text, case_action_name(action),
				reason};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT case_id, stage, version "
				    "FROM onedoor.case_act($1::uuid, $2::bigint, $3::int, $4, $5)",
				    5, params, &r, d);
	if (st != OD_OK)
		return workflow_status(db, st, d);
	if (out)
		read_ref(r, 0, out);
	db_result_free(&r);
	return OD_OK;
}

/* The worklist's columns, shared by the list and the detail. */
#define CASE_ROW_COLUMNS                                                                   \
	"id, case_no, centre_code, department, item_code, item_name_zh, subject_name, track, " \
	"stage, version, provisional, light, coalesce(stage_light, '') AS stage_light, "        \
	"coalesce(case_light, '') AS case_light, coalesce(check_light, '') AS check_light, "    \
	"coalesce(check_kind, '') AS check_kind, coalesce(stage_due::text, '') AS stage_due, "  \
	"coalesce(case_due::text, '') AS case_due, coalesce(check_due::text, '') AS check_due, " \
	"coalesce(next_due::text, '') AS next_due, coalesce(days_left, 0) AS days_left, "       \
	"coalesce(stage_elapsed, 0) AS stage_elapsed, coalesce(case_elapsed, 0) AS case_elapsed "

static void read_row(const struct db_result *r, int i, struct case_row *row)
{
	memset(row, 0, sizeof *row);
	row->id = strtoll(db_value(r, i, "id"), NULL, 10);
	COPY(row->case_no, db_value(r, i, "case_no"));
	COPY(row->centre_code, db_value(r, i, "centre_code"));
	COPY(row->department, db_value(r, i, "department"));
	COPY(row->item_code, db_value(r, i, "item_code"));
	COPY(row->item_name, db_value(r, i, "item_name_zh"));
	COPY(row->subject_name, db_value(r, i, "subject_name"));
	COPY(row->track, db_value(r, i, "track"));
	COPY(row->stage, db_value(r, i, "stage"));
	row->version = atoi(db_value(r, i, "version"));
	row->provisional = strcmp(db_value(r, i, "provisional"), "t") == 0;
	row->light = case_light_parse(db_value(r, i, "light"));
	row->stage_light = case_light_parse(db_value(r, i, "stage_light"));
	row->case_light = case_light_parse(db_value(r, i, "case_light"));
	row->check_light = case_light_parse(db_value(r, i, "check_light"));
	COPY(row->check_kind, db_value(r, i, "check_kind"));
	COPY(row->stage_due, db_value(r, i, "stage_due"));
	COPY(row->case_due, db_value(r, i, "case_due"));
	COPY(row->check_due, db_value(r, i, "check_due"));
	COPY(row->next_due, db_value(r, i, "next_due"));
	row->days_left = atoi(db_value(r, i, "days_left"));
	row->stage_elapsed = atoi(db_value(r, i, "stage_elapsed"));
	row->case_elapsed = atoi(db_value(r, i, "case_elapsed"));
}

enum od_status case_worklist(struct db *db, const char *centre_code, int limit,
			     struct case_row **rows, int *count, struct diag *d)
{
	*rows = NULL;
	*count = 0;
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {centre_code, limit_text};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT " CASE_ROW_COLUMNS "FROM onedoor.case_worklist "
				    "WHERE $1::text IS NULL OR centre_code = $1 "
				    "ORDER BY light_rank DESC, next_due, id LIMIT $2::int",
				    2, params, &r, d);
	if (st != OD_OK)
		return st;
	int n = db_rows(r);
	*rows = xcalloc((size_t)(n ? n : 1), sizeof **rows);
	for (int i = 0; i < n; i++)
		read_row(r, i, &(*rows)[i]);
	*count = n;
	db_result_free(&r);
	return OD_OK;
}

static enum od_status load_clocks(struct db *db, const char *id_text, struct case_detail *cd,
				  struct diag *d)
{
	const char *params[] = {id_text};
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT clock, label, coalesce(started_on::text, '') AS started_on, "
				    "       due_on::text AS due_on, light, days_left, "
				    "       coalesce(elapsed, 0) AS elapsed "
				    "FROM onedoor.case_clocks WHERE case_id = $1::bigint "
				    "ORDER BY due_on, clock",
				    1, params, &r, d);
	if (st != OD_OK)
		return st;
	cd->n_clocks = db_rows(r);
	cd->clocks = xcalloc((size_t)(cd->n_clocks ? cd->n_clocks : 1), sizeof *cd->clocks);
	for (int i = 0; i < cd->n_clocks; i++) {
		struct case_clock *c = &cd->clocks[i];
		COPY(c->clock, db_value(r, i, "clock"));
		COPY(c->label, db_value(r, i, "label"));
		COPY(c->started_on, db_value(r, i, "started_on"));
		COPY(c->due_on, db_value(r, i, "due_on"));
		c->light = case_light_parse(db_value(r, i, "light"));
		c->days_left = atoi(db_value(r, i, "days_left"));
		c->elapsed = atoi(db_value(r, i, "elapsed"));
	}
	db_result_free(&r);
	return OD_OK;
}

static enum od_status load_events(struct db *db, const char *id_text, struct case_detail *cd,
				  struct diag *d)
{
	const char *params[] = {id_text};
	struct db_result *r = NULL;
	enum od_status st = db_exec(
		db,
		"SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at_text, "
		"       action, phrase, from_stage, to_stage, coalesce(elapsed, 0) AS elapsed, "
		"       coalesce(late, false) AS late, actor, actor_name, actor_group, "
		"       coalesce(reason, '') AS reason "
		"FROM onedoor.case_timeline WHERE case_id = $1::bigint ORDER BY id",
		1, params, &r, d);
	if (st != OD_OK)
		return st;
	cd->n_events = db_rows(r);
	cd->events = xcalloc((size_t)(cd->n_events ? cd->n_events : 1), sizeof *cd->events);
	for (int i = 0; i < cd->n_events; i++) {
		struct case_event *e = &cd->events[i];
		COPY(e->at, db_value(r, i, "at_text"));
		COPY(e->action, db_value(r, i, "action"));
		COPY(e->phrase, db_value(r, i, "phrase"));
		COPY(e->from_stage, db_value(r, i, "from_stage"));
		COPY(e->to_stage, db_value(r, i, "to_stage"));
		e->elapsed = atoi(db_value(r, i, "elapsed"));
		e->late = strcmp(db_value(r, i, "late"), "t") == 0;
		COPY(e->actor, db_value(r, i, "actor"));
		COPY(e->actor_name, db_value(r, i, "actor_name"));
		COPY(e->actor_group, db_value(r, i, "actor_group"));
		COPY(e->reason, db_value(r, i, "reason"));
	}
	db_result_free(&r);
	return OD_OK;
}

enum od_status case_detail_load(struct db *db, long long case_id, struct case_detail **out,
				struct diag *d)
{
	*out = NULL;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", case_id);
	const char *params[] = {id_text};
	struct db_result *r = NULL;
	/* Ended cases are not on the worklist; their stage fields come from
	 * the table (row security applies to both). */
	enum od_status st = db_exec(
		db,
		"SELECT " CASE_ROW_COLUMNS ", true AS in_worklist FROM onedoor.case_worklist "
		"WHERE id = $1::bigint "
		"UNION ALL "
		"SELECT c.id, c.case_no, c.centre_code, c.department, c.item_code, i.name_zh, "
		"       c.subject_name, c.track, c.stage, c.version, false, '', '', '', '', "
		"       coalesce(c.check_kind, ''), '', '', coalesce(c.check_due::text, ''), '', "
		"       0, 0, 0, false "
		"FROM onedoor.cases c JOIN onedoor.catalogue_items i ON i.code = c.item_code "
		"WHERE c.id = $1::bigint AND NOT c.active",
		1, params, &r, d);
	if (st != OD_OK)
		return st;
	if (db_rows(r) != 1) {
		db_result_free(&r);
		return diag_set(d, OD_ERR_NOT_FOUND, _("case %lld not found"), case_id);
	}
	struct case_detail *cd = xcalloc(1, sizeof *cd);
	read_row(r, 0, &cd->row);
	cd->found_in_worklist = strcmp(db_value(r, 0, "in_worklist"), "t") == 0;
	db_result_free(&r);
	if ((st = load_clocks(db, id_text, cd, d)) != OD_OK ||
	    (st = load_events(db, id_text, cd, d)) != OD_OK) {
		case_detail_free(&cd);
		return st;
	}
	*out = cd;
	return OD_OK;
}

void case_detail_free(struct case_detail **detail)
{
	struct case_detail *cd = *detail;
	if (!cd)
		return;
	free(cd->clocks);
	free(cd->events);
	free(cd);
	*detail = NULL;
}

enum od_status case_matrix(struct db *db, struct case_matrix_cell **cells, int *count,
			   struct diag *d)
{
	*cells = NULL;
	*count = 0;
	struct db_result *r = NULL;
	enum od_status st = db_exec(db,
				    "SELECT centre_code, stage, light, cases FROM onedoor.case_matrix "
				    "ORDER BY centre_code, stage, light",
				    0, NULL, &r, d);
	if (st != OD_OK)
		return st;
	int n = db_rows(r);
	*cells = xcalloc((size_t)(n ? n : 1), sizeof **cells);
	for (int i = 0; i < n; i++) {
		COPY((*cells)[i].centre_code, db_value(r, i, "centre_code"));
		COPY((*cells)[i].stage, db_value(r, i, "stage"));
		(*cells)[i].light = case_light_parse(db_value(r, i, "light"));
		(*cells)[i].cases = atoi(db_value(r, i, "cases"));
	}
	*count = n;
	db_result_free(&r);
	return OD_OK;
}
