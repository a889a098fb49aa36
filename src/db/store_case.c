/* store_case.c - the case workflow's calls for the screens (case_store.h). */
#include "onedoor/case_store.h"

#include "onedoor/i18n.h"
#include "onedoor/store.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		snprintf(detail, sizeof detail, "%s", db_last_detail(db));
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
		snprintf(detail, sizeof detail, "%s", db_last_detail(db));
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
	DB_COPY(r, i, "stage", ref->stage);
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

/* The package as accept_application takes it: a JSON array of objects. */
static void package_json(struct strbuf *json, const struct case_package_item *items, int n_items)
{
	strbuf_append(json, "[");
	for (int i = 0; i < n_items; i++) {
		strbuf_append(json, i ? ",{\"item\":" : "{\"item\":");
		strbuf_append_json(json, items[i].item_code);
		if (items[i].resident_id) {
			strbuf_append(json, ",\"resident_id\":");
			strbuf_append_json(json, items[i].resident_id);
		}
		if (items[i].track) {
			strbuf_append(json, ",\"track\":");
			strbuf_append_json(json, items[i].track);
		}
		strbuf_append(json, "}");
	}
	strbuf_append(json, "]");
}

void case_accept_application_query(struct db_query *q, const char *request_id,
				   const char *application_no, int version,
				   const struct case_package_item *items, int n_items)
{
	struct strbuf json = STRBUF_INIT;
	package_json(&json, items, n_items);
	char version_text[16];
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, application_no, version_text, strbuf_text(&json)};
	db_query_set(q,
		     "SELECT a.case_id, a.case_no, a.item_code, a.track, a.stage, a.version, "
		     "       coalesce(onedoor.case_due_on(a.case_id)::text, '') AS case_due "
		     "FROM onedoor.accept_application($1::uuid, $2, $3::int, $4::jsonb) a",
		     4, params);
	strbuf_free(&json);
}

/* The three basic materials every applicant brings (DOMAIN: "comes once,
 * with three basic materials"); the last is the authorisation without
 * which verification cannot pass (onedoor.authorisation_material()). */
static const char basic_materials_json[] =
	"[\"居民身份证或户口簿\",\"救助申请书\",\"家庭经济状况核对授权书\"]";

/* 同意受理 at the window: the materials recorded first (the LATERAL
 * reference to m orders the calls), then the acceptance; a refused
 * acceptance takes their record back with it.  g is the application: $6
 * an application number, or a registration ($6, $7).  Static text, as a
 * query's SQL must be. */
#define ACCEPT_AT_WINDOW(source)                                                              \
	"SELECT g.application_no, a.case_id, a.case_no, a.item_code, a.track, a.stage, "     \
	"       a.version, coalesce(onedoor.case_due_on(a.case_id)::text, '') AS case_due "   \
	"FROM " source " g "                                                                  \
	"CROSS JOIN LATERAL (SELECT onedoor.record_materials($4::uuid, g.application_no, "    \
	"        ARRAY(SELECT jsonb_array_elements_text($5::jsonb))) AS n) m "                 \
	"CROSS JOIN LATERAL onedoor.accept_application($1::uuid, g.application_no, $2::int, " \
	"        CASE WHEN m.n >= 0 THEN $3::jsonb END) a"

static void accept_at_window(struct db_query *q, const char *sql, const char *request_id,
			     const char *materials_request_id, int version,
			     const struct case_package_item *items, int n_items,
			     const char *six, const char *seven)
{
	struct strbuf json = STRBUF_INIT;
	package_json(&json, items, n_items);
	char version_text[16];
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id,	       version_text, strbuf_text(&json),
				materials_request_id, basic_materials_json, six, seven};
	db_query_set(q, sql, seven ? 7 : 6, params);
	strbuf_free(&json);
}

void case_accept_with_materials_query(struct db_query *q, const char *request_id,
				      const char *materials_request_id,
				      const char *application_no, int version,
				      const struct case_package_item *items, int n_items)
{
	accept_at_window(q, ACCEPT_AT_WINDOW("(SELECT $6::text AS application_no)"), request_id,
			 materials_request_id, version, items, n_items, application_no, NULL);
}

void case_register_and_accept_query(struct db_query *q, const char *register_request_id,
				    const char *household_json, const char *request_id,
				    const char *materials_request_id,
				    const struct case_package_item *items, int n_items)
{
	/* A new application is at version 1. */
	accept_at_window(q, ACCEPT_AT_WINDOW("onedoor.register_household($6::uuid, $7::jsonb)"),
			 request_id,
			 materials_request_id, 1, items, n_items, register_request_id,
			 household_json);
}

enum od_status case_register_and_accept_read(struct db *db, enum od_status st,
					     const struct db_result *r, char app_no[64],
					     struct case_ref **cases, int *count, struct diag *d)
{
	*cases = NULL;
	*count = 0;
	/* Refused at registration (a member registered already; none of the
	 * statement's rows when elsewhere), else as an acceptance. */
	if (st == OD_ERR_DUPLICATE || (st == OD_OK && db_rows(r) == 0))
		return store_register_household_read(db, st, r, app_no, d);
	st = case_accept_application_read(db, st, r, cases, count, d);
	if (st == OD_OK)
		snprintf(app_no, 64, "%s", db_value(r, 0, "application_no"));
	return st;
}

enum od_status case_accept_application_read(struct db *db, enum od_status st,
					    const struct db_result *r, struct case_ref **cases,
					    int *count, struct diag *d)
{
	*cases = NULL;
	*count = 0;
	if (st != OD_OK)
		return workflow_status(db, st, d);
	int n = db_rows_alloc(r, sizeof **cases, (void **)cases);
	for (int i = 0; i < n; i++) {
		read_ref(r, i, &(*cases)[i]);
		DB_COPY(r, i, "case_no", (*cases)[i].case_no);
		DB_COPY(r, i, "item_code", (*cases)[i].item_code);
		DB_COPY(r, i, "track", (*cases)[i].track);
		DB_COPY(r, i, "case_due", (*cases)[i].case_due);
	}
	*count = n;
	return OD_OK;
}

enum od_status case_accept_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const struct case_package_item *items, int n_items,
				       struct case_ref **cases, int *count, struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	case_accept_application_query(&q, request_id, application_no, version, items, n_items);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	st = case_accept_application_read(db, st, r, cases, count, d);
	db_result_free(&r);
	return st;
}

void case_refuse_application_query(struct db_query *q, const char *request_id,
				   const char *application_no, int version, const char *reason)
{
	char version_text[16];
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, application_no, version_text, reason};
	db_query_set(q, "SELECT status FROM onedoor.refuse_application($1::uuid, $2, $3::int, $4)",
		     4, params);
}

enum od_status case_write_status(struct db *db, enum od_status st, struct diag *d)
{
	return st == OD_OK ? OD_OK : workflow_status(db, st, d);
}

enum od_status case_refuse_application(struct db *db, const char *request_id,
				       const char *application_no, int version,
				       const char *reason, struct diag *d)
{
	struct db_query q;
	case_refuse_application_query(&q, request_id, application_no, version, reason);
	enum od_status st = db_run(db, &q, NULL, d);
	db_query_free(&q);
	return case_write_status(db, st, d);
}

void case_transition_query(struct db_query *q, const char *request_id, long long case_id,
			   int version, const char *action, const char *reason)
{
	char id_text[24], version_text[16];
	snprintf(id_text, sizeof id_text, "%lld", case_id);
	snprintf(version_text, sizeof version_text, "%d", version);
	const char *params[] = {request_id, id_text, version_text, action, reason};
	db_query_set(q,
		     "SELECT case_id, stage, version "
		     "FROM onedoor.case_act($1::uuid, $2::bigint, $3::int, $4, $5)",
		     5, params);
}

enum od_status case_transition_read(struct db *db, enum od_status st, const struct db_result *r,
				    struct case_ref *out, struct diag *d)
{
	if (st != OD_OK)
		return workflow_status(db, st, d);
	if (out)
		read_ref(r, 0, out);
	return OD_OK;
}

enum od_status case_transition(struct db *db, const char *request_id, long long case_id,
			       int version, const char *action, const char *reason,
			       struct case_ref *out, struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	case_transition_query(&q, request_id, case_id, version, action, reason);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	st = case_transition_read(db, st, r, out, d);
	db_result_free(&r);
	return st;
}

/* The worklist's columns, shared by the list and the detail. */
#define CASE_ROW_COLUMNS                                                                   \
	"id, case_no, centre_code, department, item_code, item_name_zh, subject_name, track, " \
	"stage, version, provisional, light, coalesce(stage_light, '') AS stage_light, "        \
	"coalesce(case_light, '') AS case_light, coalesce(check_light, '') AS check_light, "    \
	"coalesce(check_kind, '') AS check_kind, coalesce(stage_due::text, '') AS stage_due, "  \
	"coalesce(case_due::text, '') AS case_due, coalesce(check_due::text, '') AS check_due, " \
	"coalesce(next_due::text, '') AS next_due, coalesce(days_left, 0) AS days_left, "       \
	"coalesce(stage_elapsed, 0) AS stage_elapsed, coalesce(case_elapsed, 0) AS case_elapsed, " \
	"coalesce(onedoor.stage_group(stage) = (SELECT role_group FROM onedoor.current_staff()) " \
	"  OR (check_kind IS NOT NULL AND (SELECT role_group FROM onedoor.current_staff()) IN " \
	"      (SELECT k.need_group FROM onedoor.case_action_kinds k WHERE k.clock = 'check')), " \
	"  false) AS mine "

static void read_row(const struct db_result *r, int i, struct case_row *row)
{
	memset(row, 0, sizeof *row);
	row->id = strtoll(db_value(r, i, "id"), NULL, 10);
	DB_COPY(r, i, "case_no", row->case_no);
	DB_COPY(r, i, "centre_code", row->centre_code);
	DB_COPY(r, i, "department", row->department);
	DB_COPY(r, i, "item_code", row->item_code);
	DB_COPY(r, i, "item_name_zh", row->item_name);
	DB_COPY(r, i, "subject_name", row->subject_name);
	DB_COPY(r, i, "track", row->track);
	DB_COPY(r, i, "stage", row->stage);
	row->version = atoi(db_value(r, i, "version"));
	row->provisional = strcmp(db_value(r, i, "provisional"), "t") == 0;
	row->light = case_light_parse(db_value(r, i, "light"));
	row->stage_light = case_light_parse(db_value(r, i, "stage_light"));
	row->case_light = case_light_parse(db_value(r, i, "case_light"));
	row->check_light = case_light_parse(db_value(r, i, "check_light"));
	DB_COPY(r, i, "check_kind", row->check_kind);
	DB_COPY(r, i, "stage_due", row->stage_due);
	DB_COPY(r, i, "case_due", row->case_due);
	DB_COPY(r, i, "check_due", row->check_due);
	DB_COPY(r, i, "next_due", row->next_due);
	row->days_left = atoi(db_value(r, i, "days_left"));
	row->stage_elapsed = atoi(db_value(r, i, "stage_elapsed"));
	row->case_elapsed = atoi(db_value(r, i, "case_elapsed"));
	row->mine = strcmp(db_value(r, i, "mine"), "t") == 0;
}

void case_worklist_query(struct db_query *q, const char *centre_code, int limit)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {centre_code, limit_text};
	/* worklist_page (0078_read_plans.sql): the view's rows, its plan
	 * kept for the session on the server; one unnamed statement still. */
	db_query_set(q,
		     "SELECT " CASE_ROW_COLUMNS "FROM onedoor.worklist_page($1::text, $2::int) "
		     "ORDER BY light_rank DESC, next_due, id",
		     2, params);
}

void case_ended_query(struct db_query *q, const char *centre_code, int limit)
{
	char limit_text[16];
	snprintf(limit_text, sizeof limit_text, "%d", limit);
	const char *params[] = {centre_code, limit_text};
	/* The worklist's columns; the closing date stands where the next due
	 * date would, and no light: an ended case runs no clock. */
	db_query_set(q,
		     "SELECT c.id, c.case_no, c.centre_code, c.department, c.item_code, "
		     "       i.name_zh AS item_name_zh, c.subject_name, c.track, c.stage, c.version, "
		     "       false AS provisional, '' AS light, '' AS stage_light, '' AS case_light, "
		     "       '' AS check_light, coalesce(c.check_kind, '') AS check_kind, "
		     "       '' AS stage_due, c.case_due::text AS case_due, '' AS check_due, "
		     "       coalesce((c.closed_at AT TIME ZONE 'Asia/Shanghai')::date::text, '') "
		     "         AS next_due, "
		     "       0 AS days_left, 0 AS stage_elapsed, 0 AS case_elapsed, false AS mine "
		     "FROM onedoor.cases c JOIN onedoor.catalogue_items i ON i.code = c.item_code "
		     "WHERE NOT c.active AND ($1::text IS NULL OR c.centre_code = $1) "
		     "ORDER BY c.closed_at DESC NULLS LAST, c.id DESC LIMIT $2::int",
		     2, params);
}

void case_worklist_read(const struct db_result *r, struct case_row **rows, int *count)
{
	int n = *count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < n; i++)
		read_row(r, i, &(*rows)[i]);
}

enum od_status case_worklist(struct db *db, const char *centre_code, int limit,
			     struct case_row **rows, int *count, struct diag *d)
{
	struct db_query q;
	struct db_result *r = NULL;
	*rows = NULL;
	*count = 0;
	case_worklist_query(&q, centre_code, limit);
	enum od_status st = db_run(db, &q, &r, d);
	db_query_free(&q);
	if (st == OD_OK)
		case_worklist_read(r, rows, count);
	db_result_free(&r);
	return st;
}

static const char *const detail_sql[] = {
	/* Ended cases are not on the worklist; their stage fields come from
	 * the table (row security applies to both). */
	[CASE_PART_ROW] =
		"SELECT " CASE_ROW_COLUMNS ", true AS in_worklist FROM onedoor.case_worklist "
		"WHERE id = $1::bigint "
		"UNION ALL "
		"SELECT c.id, c.case_no, c.centre_code, c.department, c.item_code, i.name_zh, "
		"       c.subject_name, c.track, c.stage, c.version, false, '', '', '', '', "
		"       coalesce(c.check_kind, ''), '', '', coalesce(c.check_due::text, ''), '', "
		"       0, 0, 0, false, false "
		"FROM onedoor.cases c JOIN onedoor.catalogue_items i ON i.code = c.item_code "
		"WHERE c.id = $1::bigint AND NOT c.active",
	[CASE_PART_CLOCKS] =
		"SELECT clock, label, coalesce(started_on::text, '') AS started_on, "
		"       due_on::text AS due_on, light, days_left, coalesce(elapsed, 0) AS elapsed "
		"FROM onedoor.case_clocks WHERE case_id = $1::bigint ORDER BY due_on, clock",
	[CASE_PART_EVENTS] =
		"SELECT to_char(t.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at_text, "
		"       t.action, t.phrase, "
		"       coalesce(CASE WHEN t.phrase = k.green_phrase_zh THEN k.green_phrase_en "
		"                     ELSE k.phrase_en END, '') AS phrase_en, "
		"       t.from_stage, t.to_stage, coalesce(t.elapsed, 0) AS elapsed, "
		"       coalesce(t.late, false) AS late, t.actor, t.actor_name, t.actor_group, "
		"       coalesce(t.reason, '') AS reason "
		"FROM onedoor.case_timeline t "
		"LEFT JOIN onedoor.case_action_kinds k ON k.action = t.action "
		"WHERE t.case_id = $1::bigint ORDER BY t.id",
};

void case_detail_query(struct db_query *q, enum case_part part, long long case_id)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", case_id);
	const char *params[] = {id_text};
	db_query_set(q, detail_sql[part], 1, params);
}

enum od_status case_detail_read(struct case_detail *cd, enum case_part part,
				const struct db_result *r, struct diag *d)
{
	switch (part) {
	case CASE_PART_ROW:
		if (db_rows(r) != 1)
			return diag_set(d, OD_ERR_NOT_FOUND, _("the case was not found"));
		read_row(r, 0, &cd->row);
		cd->found_in_worklist = strcmp(db_value(r, 0, "in_worklist"), "t") == 0;
		break;
	case CASE_PART_CLOCKS:
		free(cd->clocks);
		cd->n_clocks = db_rows_alloc(r, sizeof *cd->clocks, (void **)&cd->clocks);
		for (int i = 0; i < cd->n_clocks; i++) {
			struct case_clock *c = &cd->clocks[i];
			DB_COPY(r, i, "clock", c->clock);
			DB_COPY(r, i, "label", c->label);
			DB_COPY(r, i, "started_on", c->started_on);
			DB_COPY(r, i, "due_on", c->due_on);
			c->light = case_light_parse(db_value(r, i, "light"));
			c->days_left = atoi(db_value(r, i, "days_left"));
			c->elapsed = atoi(db_value(r, i, "elapsed"));
		}
		break;
	case CASE_PART_EVENTS:
		free(cd->events);
		cd->n_events = db_rows_alloc(r, sizeof *cd->events, (void **)&cd->events);
		for (int i = 0; i < cd->n_events; i++) {
			struct case_event *e = &cd->events[i];
			DB_COPY(r, i, "at_text", e->at);
			DB_COPY(r, i, "action", e->action);
			DB_COPY(r, i, "phrase", e->phrase);
			DB_COPY(r, i, "phrase_en", e->phrase_en);
			DB_COPY(r, i, "from_stage", e->from_stage);
			DB_COPY(r, i, "to_stage", e->to_stage);
			e->elapsed = atoi(db_value(r, i, "elapsed"));
			e->late = strcmp(db_value(r, i, "late"), "t") == 0;
			DB_COPY(r, i, "actor", e->actor);
			DB_COPY(r, i, "actor_name", e->actor_name);
			DB_COPY(r, i, "actor_group", e->actor_group);
			DB_COPY(r, i, "reason", e->reason);
		}
		break;
	}
	return OD_OK;
}

enum od_status case_detail_load(struct db *db, long long case_id, struct case_detail **out,
				struct diag *d)
{
	struct case_detail *cd = xcalloc(1, sizeof *cd);
	enum od_status st = OD_OK;
	for (int part = CASE_PART_ROW; st == OD_OK && part <= CASE_PART_EVENTS; part++) {
		struct db_query q;
		struct db_result *r = NULL;
		case_detail_query(&q, (enum case_part)part, case_id);
		st = db_run(db, &q, &r, d);
		db_query_free(&q);
		if (st == OD_OK)
			st = case_detail_read(cd, (enum case_part)part, r, d);
		db_result_free(&r);
	}
	if (st != OD_OK)
		case_detail_free(&cd);
	*out = cd;
	return st;
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

void case_actions_query(struct db_query *q, long long case_id)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", case_id);
	const char *params[] = {id_text};
	db_query_set(q,
		     "SELECT action, command, phrase_zh, phrase_en, reason_required "
		     "FROM onedoor.case_actions($1::bigint)",
		     1, params);
}

void case_actions_read(const struct db_result *r, struct case_allowed **rows, int *count)
{
	*count = db_rows_alloc(r, sizeof **rows, (void **)rows);
	for (int i = 0; i < *count; i++) {
		struct case_allowed *a = &(*rows)[i];
		DB_COPY(r, i, "action", a->action);
		DB_COPY(r, i, "command", a->command);
		DB_COPY(r, i, "phrase_zh", a->phrase[0]);
		DB_COPY(r, i, "phrase_en", a->phrase[1]);
		a->reason_required = strcmp(db_value(r, i, "reason_required"), "t") == 0;
	}
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
	int n = db_rows_alloc(r, sizeof **cells, (void **)cells);
	for (int i = 0; i < n; i++) {
		DB_COPY(r, i, "centre_code", (*cells)[i].centre_code);
		DB_COPY(r, i, "stage", (*cells)[i].stage);
		(*cells)[i].light = case_light_parse(db_value(r, i, "light"));
		(*cells)[i].cases = atoi(db_value(r, i, "cases"));
	}
	*count = n;
	db_result_free(&r);
	return OD_OK;
}
