/* test_case_store.c - the screens' case API (case_store.h) against the test
 * cluster, through the demo logins: package acceptance and its retry,
 * transitions and their statuses, the worklist's urgency order, a case's
 * clocks and timeline, the supervisor's matrix. */
#include "onedoor/calendar_file.h"
#include "onedoor/case_store.h"
#include "onedoor/db.h"
#include "onedoor/store_case_file.h"
#include "onedoor/store_verification.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DBNAME "t_case_store"

static char host[256];
static char top[512];

static struct db *connect_as(const char *role)
{
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=%s", host, DBNAME);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, role, strcmp(role, "postgres") ? "onedoor" : NULL, "onedoor-test",
		       &db, &d) != OD_OK)
		fail_msg("connect as %s: %s", role, d.text);
	return db;
}

static void exec_ok(struct db *db, const char *sql)
{
	struct diag d;
	if (db_exec(db, sql, 0, NULL, NULL, &d) != OD_OK)
		fail_msg("%s: %s", sql, d.text);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s", path);
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* A fresh database with the test items and the 2026 calendar. */
static int setup(void **state)
{
	(void)state;
	const char *h = getenv("PGHOST"), *t = getenv("ONEDOOR_TOP");
	if (!h || !t)
		return -1;
	snprintf(host, sizeof host, "%s", h);
	snprintf(top, sizeof top, "%s", t);
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=postgres", host);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) != OD_OK)
		return -1;
	exec_ok(db, "DROP DATABASE IF EXISTS " DBNAME);
	exec_ok(db, "CREATE DATABASE " DBNAME " TEMPLATE onedoor_tpl");
	db_close(&db);
	db = connect_as("postgres");
	char path[600];
	snprintf(path, sizeof path, "%s/tests/db/fixtures/workflow_items.sql", top);
	if (db_exec_script(db, slurp(path), &d) != OD_OK)
		fail_msg("fixture: %s", d.text);
	snprintf(path, sizeof path, "%s/conf/calendar/2026.ini", top);
	struct calendar_file *cal = NULL;
	if (calendar_file_load(path, &cal, &d) != OD_OK)
		fail_msg("calendar: %s", d.text);
	char *json = calendar_file_to_json(cal);
	const char *params[] = {"2026", cal->source, json};
	if (db_exec(db, "SELECT * FROM onedoor.calendar_import($1::int, $2, $3::jsonb)", 3, params,
		    NULL, &d) != OD_OK)
		fail_msg("calendar import: %s", d.text);
	free(json);
	calendar_file_free(&cal);
	exec_ok(db, "SELECT onedoor.test_set_today('2026-04-01')");
	db_close(&db);
	return 0;
}

static void set_today(const char *day)
{
	struct db *db = connect_as("postgres");
	const char *params[] = {day};
	struct diag d;
	assert_int_equal(db_exec(db, "SELECT onedoor.test_set_today($1::date)", 1, params, NULL, &d),
			 OD_OK);
	db_close(&db);
}

static void accept_package_and_retry(void **state)
{
	(void)state;
	struct db *db = connect_as("demo_clerk1");
	struct case_package_item items[] = {
		{"wf_dibao", NULL, NULL},
		{"wf_jiaoyu", "511703194406050136", "commitment"},
	};
	char rid[37];
	db_new_request_id(rid);
	struct case_ref *cases = NULL, *again = NULL;
	int n = 0, n2 = 0;
	struct diag d;
	assert_int_equal(case_accept_application(db, rid, "ADEMO-001", 1, items, 2, &cases, &n, &d),
			 OD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(cases[0].case_no, "ADEMO-001-01");
	assert_string_equal(cases[0].stage, "verify");
	assert_string_equal(cases[1].track, "commitment");
	assert_string_equal(cases[1].stage, "supervise");
	/* The reply was lost: the same request again gives the same cases. */
	assert_int_equal(case_accept_application(db, rid, "ADEMO-001", 1, items, 2, &again, &n2, &d),
			 OD_OK);
	assert_int_equal(n2, 2);
	assert_true(again[0].id == cases[0].id && again[1].id == cases[1].id);
	/* A new request on the now accepted application is refused. */
	db_new_request_id(rid);
	free(again);
	assert_int_equal(case_accept_application(db, rid, "ADEMO-001", 2, items, 1, &again, &n2, &d),
			 OD_ERR_DENIED);
	free(cases);
	free(again);
	db_close(&db);
}

static void transition_statuses(void **state)
{
	(void)state;
	struct db *clerk = connect_as("demo_clerk1"), *verifier = connect_as("demo_verifier");
	struct case_package_item item = {"wf_dibao", NULL, NULL};
	struct case_ref *cases = NULL, after;
	int n = 0;
	char rid[37];
	struct diag d;
	/* The applicant's authorisation to verify, ticked at the window. */
	const char *materials[] = {"家庭经济状况核对授权书", "身份证或户口簿"};
	int recorded = 0;
	db_new_request_id(rid);
	assert_int_equal(case_record_materials(clerk, rid, "ADEMO-002", materials, 2, &recorded, &d),
			 OD_OK);
	assert_int_equal(recorded, 2);
	db_new_request_id(rid);
	assert_int_equal(case_accept_application(clerk, rid, "ADEMO-002", 1, &item, 1, &cases, &n, &d),
			 OD_OK);
	long long id = cases[0].id;
	free(cases);
	db_new_request_id(rid);
	assert_int_equal(case_transition(clerk, rid, id, 1, "verify_pass", NULL, NULL, &d),
			 OD_ERR_DENIED);
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, id, 1, "file", NULL, NULL, &d),
			 OD_ERR_DENIED);
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, id, 1, "verify_fail", NULL, NULL, &d),
			 OD_ERR_VALUE);
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, 424242, 1, "verify_pass", NULL, NULL, &d),
			 OD_ERR_NOT_FOUND);
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, id, 1, "verify_pass", NULL, &after, &d),
			 OD_OK);
	assert_string_equal(after.stage, "supervise");
	assert_int_equal(after.version, 2);
	/* Someone holding version 1 is told the case changed. */
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, id, 1, "return", "x", NULL, &d),
			 OD_ERR_CONFLICT);
	/* The excluded item is explained with where it is held. */
	struct db *su = connect_as("postgres");
	exec_ok(su, "INSERT INTO onedoor.applications (application_no, household_id, centre_code, "
		    "request_id) SELECT 'ASTORE-2', household_id, centre_code, gen_random_uuid() "
		    "FROM onedoor.applications WHERE application_no = 'ADEMO-002'");
	db_close(&su);
	struct case_package_item tekun = {"wf_tekun", NULL, NULL};
	db_new_request_id(rid);
	assert_int_equal(case_accept_application(clerk, rid, "ASTORE-2", 1, &tekun, 1, &cases, &n, &d),
			 OD_ERR_VALUE);
	assert_non_null(strstr(d.text, "ADEMO-002-01"));
	assert_non_null(strstr(d.text, "三里坪街道便民服务中心"));
	db_close(&clerk);
	db_close(&verifier);
}

/* 同意受理 at the window records the three basic materials in the same
 * statement, so the case it opens can pass verification; a retry records
 * nothing twice and opens nothing twice. */
static void window_accept_records_materials(void **state)
{
	(void)state;
	struct db *clerk = connect_as("demo_clerk1"), *verifier = connect_as("demo_verifier");
	struct case_package_item item = {"wf_dibao", NULL, NULL};
	char rid[37], mid[37];
	struct diag d;
	struct db_query q;
	struct db_result *r = NULL;
	struct case_ref *cases = NULL;
	int n = 0;
	db_new_request_id(rid);
	db_new_request_id(mid);
	case_accept_with_materials_query(&q, rid, mid, "ADEMO-004", 1, &item, 1);
	enum od_status st = db_run(clerk, &q, &r, &d);
	assert_int_equal(case_accept_application_read(clerk, st, r, &cases, &n, &d), OD_OK);
	assert_int_equal(n, 1);
	db_result_free(&r);
	long long id = cases[0].id;
	free(cases);
	st = db_run(clerk, &q, &r, &d); /* the retry */
	assert_int_equal(case_accept_application_read(clerk, st, r, &cases, &n, &d), OD_OK);
	assert_int_equal(cases[0].id, id);
	free(cases);
	db_result_free(&r);
	db_query_free(&q);
	struct db *su = connect_as("postgres");
	struct db_result *m = NULL;
	assert_int_equal(db_exec(su,
				 "SELECT count(*) AS n FROM onedoor.application_materials x "
				 "JOIN onedoor.applications a ON a.id = x.application_id "
				 "WHERE a.application_no = 'ADEMO-004'",
				 0, NULL, &m, &d),
			 OD_OK);
	assert_string_equal(db_value(m, 0, "n"), "3");
	db_result_free(&m);
	db_close(&su);
	db_new_request_id(rid);
	struct case_ref after;
	assert_int_equal(case_transition(verifier, rid, id, 1, "verify_pass", NULL, &after, &d),
			 OD_OK);
	assert_string_equal(after.stage, "supervise");
	db_close(&clerk);
	db_close(&verifier);
}

static void worklist_by_urgency_and_detail(void **state)
{
	(void)state;
	struct db *clerk = connect_as("demo_clerk1");
	struct case_package_item green = {"wf_linshi", NULL, NULL};
	struct case_ref *cases = NULL;
	int n = 0;
	char rid[37];
	struct diag d;
	db_new_request_id(rid);
	set_today("2026-04-08");
	assert_int_equal(case_accept_application(clerk, rid, "ADEMO-003", 1, &green, 1, &cases, &n, &d),
			 OD_OK);
	long long green_id = cases[0].id;
	free(cases);
	/* On 04-08 the cases accepted on 04-01 are red, the new one is not. */
	struct case_row *rows = NULL;
	int count = 0;
	assert_int_equal(case_worklist(clerk, "511703001", 100, &rows, &count, &d), OD_OK);
	assert_true(count >= 3);
	for (int i = 1; i < count; i++)
		assert_true(rows[i - 1].light >= rows[i].light);
	assert_int_equal(rows[0].light, CASE_LIGHT_RED);
	assert_true(rows[0].days_left < 0);
	int last = count - 1;
	assert_int_equal(rows[last].id, green_id);
	assert_true(rows[last].provisional);
	assert_string_equal(rows[last].check_kind, "materials");
	assert_string_equal(rows[last].stage, "approve");
	free(rows);

	struct case_detail *cd = NULL;
	assert_int_equal(case_detail_load(clerk, green_id, &cd, &d), OD_OK);
	assert_true(cd->found_in_worklist);
	assert_int_equal(cd->n_clocks, 3); /* approve, case, materials */
	assert_int_equal(cd->n_events, 1);
	assert_string_equal(cd->events[0].phrase, "同意受理");
	assert_string_equal(cd->events[0].actor_name, "张敏");
	case_detail_free(&cd);
	assert_null(cd);

	struct db *other = connect_as("demo_clerk2");
	assert_int_equal(case_detail_load(other, green_id, &cd, &d), OD_ERR_NOT_FOUND);
	db_close(&other);
	db_close(&clerk);
}

static void supervisor_matrix(void **state)
{
	(void)state;
	struct db *sup = connect_as("demo_supervisor");
	struct case_matrix_cell *cells = NULL;
	int n = 0, total = 0;
	struct diag d;
	assert_int_equal(case_matrix(sup, &cells, &n, &d), OD_OK);
	assert_true(n >= 2);
	for (int i = 0; i < n; i++) {
		assert_string_equal(cells[i].centre_code, "511703001");
		assert_true(cells[i].light != CASE_LIGHT_NONE);
		total += cells[i].cases;
	}
	free(cells);
	struct case_row *rows = NULL;
	int count = 0;
	assert_int_equal(case_worklist(sup, NULL, 1000, &rows, &count, &d), OD_OK);
	assert_int_equal(total, count);
	free(rows);
	db_close(&sup);
}

/* The county's desks through their C API: the case seen whole, a report
 * asked for again, a difference that does not exist, the decision with an
 * amount typed in yuan, the notice printed from the store. */
static void county_desks(void **state)
{
	(void)state;
	struct db *clerk = connect_as("demo_clerk1"), *verifier = connect_as("demo_verifier");
	struct db *supervisor = connect_as("demo_supervisor"), *approver = connect_as("demo_approver");
	struct case_package_item item = {"wf_dibao", NULL, NULL};
	const char *materials[] = {"家庭经济状况核对授权书"};
	struct case_ref *cases = NULL, after;
	int n = 0, version = 0, open = -1;
	char rid[37];
	struct diag d;
	db_new_request_id(rid);
	assert_int_equal(case_record_materials(clerk, rid, "ADEMO-005", materials, 1, NULL, &d), OD_OK);
	db_new_request_id(rid);
	assert_int_equal(case_accept_application(clerk, rid, "ADEMO-005", 1, &item, 1, &cases, &n, &d),
			 OD_OK);
	long long id = cases[0].id;
	char case_no[72];
	snprintf(case_no, sizeof case_no, "%s", cases[0].case_no);
	free(cases);

	struct case_file cf = {0};
	assert_int_equal(store_case_file_load(verifier, case_no, false, &cf, &d), OD_OK);
	assert_string_equal(case_file_get(&cf, "member", 1, "name"), "孙伟");
	assert_string_equal(case_file_get(&cf, "report", -1, "authorised"), "yes");
	assert_string_equal(case_file_get(&cf, "report", -1, "version"), "1");
	assert_true(*case_file_get(&cf, "material", 0, "家庭经济状况核对授权书"));
	db_new_request_id(rid);
	assert_int_equal(verification_regenerate(verifier, rid, id, &version, &d), OD_OK);
	assert_int_equal(version, 2);
	/* The clerk may see the case, but not ask for a report. */
	db_new_request_id(rid);
	assert_int_equal(verification_regenerate(clerk, rid, id, NULL, &d), OD_ERR_DENIED);
	long long report_id = strtoll(case_file_get(&cf, "report", -1, "id"), NULL, 10);
	db_new_request_id(rid);
	assert_int_equal(verification_acknowledge(verifier, rid, report_id, "vehicles:household",
						  "已核实", &open, &d),
			 OD_ERR_CONFLICT); /* version 1 is no longer the latest */
	db_new_request_id(rid);
	assert_int_equal(case_transition(verifier, rid, id, 1, "verify_pass", NULL, &after, &d),
			 OD_OK);
	db_new_request_id(rid);
	assert_int_equal(case_transition(supervisor, rid, id, after.version, "supervise_pass", NULL,
					 &after, &d),
			 OD_OK);
	/* No amount rule for the test item: the approver types one. */
	db_new_request_id(rid);
	assert_int_equal(verification_decide(approver, rid, id, after.version, true, "", "", "", &d),
			 OD_ERR_VALUE);
	db_new_request_id(rid);
	assert_int_equal(verification_decide(approver, rid, id, after.version, true, "abc", "", "", &d),
			 OD_ERR_VALUE);
	db_new_request_id(rid);
	assert_int_equal(verification_decide(approver, rid, id, after.version, true, "612.50",
					     "2026-04", "", &d),
			 OD_OK);
	assert_int_equal(store_case_file_load(approver, case_no, false, &cf, &d), OD_OK);
	assert_string_equal(case_file_get(&cf, "decision", 0, "amount"), "612.50");
	assert_string_equal(case_file_get(&cf, "decision", 0, "start_month"), "2026-04");
	char *notice = NULL;
	assert_int_equal(store_case_document(approver, case_no, "notice", 0, &notice, &d), OD_OK);
	assert_non_null(strstr(notice, "救助金额：612.50 元/月"));
	free(notice);
	assert_int_equal(store_case_document(clerk, "A-NO-SUCH-CASE", "report", 0, &notice, &d),
			 OD_ERR_NOT_FOUND);
	case_file_clear(&cf);
	db_close(&clerk);
	db_close(&verifier);
	db_close(&supervisor);
	db_close(&approver);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accept_package_and_retry),
		cmocka_unit_test(transition_statuses),
		cmocka_unit_test(window_accept_records_materials),
		cmocka_unit_test(worklist_by_urgency_and_detail),
		cmocka_unit_test(supervisor_matrix),
		cmocka_unit_test(county_desks),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
