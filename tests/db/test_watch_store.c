/* test_watch_store.c - the watch screens' API (store_watch.h) against the
 * test cluster with make run's demo data (src/sql/demo_watch.sql), through
 * the demo logins: the department's queue in urgency order and its
 * acknowledgement, the register with its lights and a visit's proposal, a
 * problem list closed item by item, a coordinator's report and its fate,
 * the supervisor's figures. */
#include "onedoor/db.h"
#include "onedoor/store_watch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DBNAME "t_watch_store"

static char host[256];

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

static int setup(void **state)
{
	(void)state;
	const char *h = getenv("PGHOST"), *top = getenv("ONEDOOR_TOP");
	if (!h || !top)
		return -1;
	snprintf(host, sizeof host, "%s", h);
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
	snprintf(path, sizeof path, "%s/src/sql/demo_watch.sql", top);
	if (db_exec_script(db, slurp(path), &d) != OD_OK)
		fail_msg("demo_watch.sql: %s", d.text);
	db_close(&db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=postgres", host);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) == OD_OK) {
		exec_ok(db, "DROP DATABASE IF EXISTS " DBNAME);
		db_close(&db);
	}
	return 0;
}

static void department_queue(void **state)
{
	(void)state;
	struct db *db = connect_as("demo_approver");
	struct watch_warning *w = NULL;
	int n = 0;
	struct diag d;
	assert_int_equal(watch_warnings(db, "civil_affairs", NULL, 50, &w, &n, &d), OD_OK);
	assert_int_equal(n, 3);
	/* Most urgent first: red (raised 6 working days ago), yellow, green. */
	assert_int_equal(w[0].light, CASE_LIGHT_RED);
	assert_int_equal(w[1].light, CASE_LIGHT_YELLOW);
	assert_int_equal(w[2].light, CASE_LIGHT_GREEN);
	assert_string_equal(w[0].subject_name, "杨建国");
	assert_non_null(strstr(w[0].message[0], "主动介入"));
	assert_int_equal(w[0].age_days, 6);
	char req[37];
	db_new_request_id(req);
	int version = 0;
	assert_int_equal(watch_warning_act(db, req, w[0].id, w[0].version, "acknowledge", NULL,
					   NULL, NULL, &version, &d),
			 OD_OK);
	assert_int_equal(version, w[0].version + 1);
	/* A resend of the same request gives the same outcome. */
	assert_int_equal(watch_warning_act(db, req, w[0].id, w[0].version, "acknowledge", NULL,
					   NULL, NULL, &version, &d),
			 OD_OK);
	db_new_request_id(req);
	assert_int_equal(watch_warning_act(db, req, w[0].id, w[0].version, "close", "contacted",
					   "已电话联系", NULL, &version, &d),
			 OD_ERR_CONFLICT);
	long long id = w[0].id;
	free(w);
	assert_int_equal(watch_warnings(db, "civil_affairs", NULL, 50, &w, &n, &d), OD_OK);
	assert_int_equal(w[n - 1].id, id); /* acknowledged: after the open ones */
	assert_int_equal(w[n - 1].light, CASE_LIGHT_NONE);
	db_new_request_id(req);
	assert_int_equal(watch_warning_act(db, req, id, w[n - 1].version, "close", "not_needed",
					   "", NULL, &version, &d),
			 OD_ERR_VALUE);
	free(w);
	db_close(&db);
}

static void register_and_visit(void **state)
{
	(void)state;
	struct db *db = connect_as("demo_clerk1");
	struct watch_entry *e = NULL;
	int n = 0;
	struct diag d;
	assert_int_equal(watch_register(db, "511703001", NULL, 50, &e, &n, &d), OD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].light, CASE_LIGHT_RED);
	assert_string_equal(e[0].subject_name, "杨建国");
	assert_string_equal(e[0].proposal, "application");
	assert_string_equal(e[0].proposal_items,
			    "elderly_allowance,elderly_health_check,family_doctor");
	assert_int_equal(e[1].light, CASE_LIGHT_YELLOW);
	assert_int_equal(e[2].light, CASE_LIGHT_GREEN);
	char req[37];
	db_new_request_id(req);
	struct watch_visit_result v;
	assert_int_equal(watch_visit(db, req, e[0].id, e[0].version, "季度走访，父亲已领高龄津贴、已体检",
				     "{\"facts\": {\"holds\": \"elderly_allowance,"
				     "elderly_health_check,family_doctor\"}}",
				     NULL, &v, &d),
			 OD_OK);
	assert_int_equal(v.version, e[0].version + 1);
	/* The medical costs (60,000 yuan) open another item; the held ones are
	 * not proposed again. */
	assert_string_equal(v.proposal, "application");
	assert_true(v.items[0] != '\0');
	assert_null(strstr(v.items, "elderly_allowance"));
	db_new_request_id(req);
	assert_int_equal(watch_entry_act(db, req, e[0].id, v.version, "move", 1, "收入不明，待核对",
					 NULL, &d),
			 OD_OK);
	free(e);
	assert_int_equal(watch_register(db, "511703001", NULL, 50, &e, &n, &d), OD_OK);
	assert_int_equal(e[n - 1].category, 1);
	assert_int_equal(e[n - 1].light, CASE_LIGHT_GREEN); /* next visit a quarter away */
	free(e);
	db_close(&db);
}

static void care_list(void **state)
{
	(void)state;
	struct db *db = connect_as("demo_clerk1");
	struct watch_care *c = NULL;
	int n = 0;
	struct diag d;
	assert_int_equal(watch_care_list(db, &c, &n, &d), OD_OK);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].colour, "red");
	assert_int_equal(c[0].open_items, 3);
	assert_int_equal(c[0].overdue_items, 1);
	struct watch_problem *p = NULL;
	int np = 0;
	assert_int_equal(watch_problems(db, c[0].person_id, &p, &np, &d), OD_OK);
	assert_int_equal(np, 4);
	assert_int_equal(p[0].light, CASE_LIGHT_RED);
	assert_string_equal(p[3].closed_on[0] ? "closed" : "open", "closed");
	int left = -1;
	char req[37];
	for (int i = 0; i < 3; i++) {
		db_new_request_id(req);
		assert_int_equal(watch_problem_close(db, req, p[i].id, p[i].version, "已整改", &left,
						     &d),
				 OD_OK);
		assert_int_equal(left, 2 - i);
	}
	char colour[8];
	db_new_request_id(req);
	assert_int_equal(watch_care_rate(db, req, c[0].person_id, "good", "good", "good", "已整改",
					 NULL, colour, &d),
			 OD_OK);
	assert_string_equal(colour, "green");
	free(p);
	free(c);
	db_close(&db);
}

static void reports_and_figures(void **state)
{
	(void)state;
	struct db *db = connect_as("demo_coordinator");
	char req[37], no[24];
	struct diag d;
	db_new_request_id(req);
	assert_int_equal(watch_report_household(db, req, "{\"members\": [{\"name\": \"冯大妈\"}]}",
						"独居，冬季取暖困难", no, &d),
			 OD_OK);
	assert_int_equal(no[0], 'R');
	struct watch_report *r = NULL;
	int n = 0;
	assert_int_equal(watch_reports(db, &r, &n, &d), OD_OK);
	assert_int_equal(n, 4);
	assert_string_equal(r[0].state, "new");
	free(r);
	db_close(&db);

	db = connect_as("demo_clerk1");
	assert_int_equal(watch_reports(db, &r, &n, &d), OD_OK);
	int k = 0;
	while (k < n && strcmp(r[k].report_no, no) != 0)
		k++;
	assert_true(k < n);
	db_new_request_id(req);
	assert_int_equal(watch_report_to_monitoring(db, req, r[k].id, r[k].version, 1,
						    "独居，冬季取暖困难", "胜利社区 周红梅", &d),
			 OD_OK);
	free(r);
	db_close(&db);

	db = connect_as("demo_coordinator");
	assert_int_equal(watch_reports(db, &r, &n, &d), OD_OK);
	for (k = 0; k < n && strcmp(r[k].report_no, no) != 0; k++)
		;
	assert_true(k < n);
	assert_string_equal(r[k].state, "monitoring");
	assert_int_equal(r[k].monitoring_category, 1);
	free(r);
	db_close(&db);

	db = connect_as("demo_supervisor");
	struct watch_figures *f = NULL;
	assert_int_equal(watch_figures(db, &f, &n, &d), OD_OK);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].centre_code, "511703001");
	/* 三里坪: medical insurance's red copy (civil affairs' was acknowledged),
	 * every entry now in category 1, no missed visit, the list closed. */
	assert_int_equal(f[0].warnings_open, 2);
	assert_int_equal(f[0].warnings_red, 1);
	assert_int_equal(f[0].category_1, 4);
	assert_int_equal(f[0].visits_missed, 0);
	assert_int_equal(f[0].care_overdue, 0);
	free(f);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(department_queue),
		cmocka_unit_test(register_and_visit),
		cmocka_unit_test(care_list),
		cmocka_unit_test(reports_and_figures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
