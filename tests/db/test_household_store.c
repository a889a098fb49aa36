/* test_household_store.c - migrations and household registration against
 * the test cluster (tests/lib/cluster.sh provides PGHOST, PGUSER,
 * PGPASSFILE and the template database onedoor_tpl). */
#include "onedoor/db.h"
#include "onedoor/migrate.h"
#include "onedoor/sql_embedded.h"
#include "onedoor/resident_id.h"
#include "onedoor/store.h"
#include "onedoor/store_catalogue.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char host[256];

/* A connection as the superuser to database `name`. */
static struct db *connect_super(const char *name)
{
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=%s", host, name);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) != OD_OK)
		fail_msg("connect: %s", d.text);
	return db;
}

static struct db *connect_as(const char *name, const char *role)
{
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=%s", host, name);
	struct db *db = NULL;
	struct diag d;
	if (db_connect(conninfo, role, "onedoor", "onedoor-test", &db, &d) != OD_OK)
		fail_msg("connect as %s: %s", role, d.text);
	return db;
}

/* Creates database `name`, empty or as a copy of the template. */
static void create_database(const char *name, bool from_template)
{
	struct db *db = connect_super("postgres");
	char sql[256];
	struct diag d;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	assert_int_equal(db_exec(db, sql, 0, NULL, NULL, &d), OD_OK);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s%s", name,
		 from_template ? " TEMPLATE onedoor_tpl" : "");
	assert_int_equal(db_exec(db, sql, 0, NULL, NULL, &d), OD_OK);
	db_close(&db);
}

static int setup(void **state)
{
	(void)state;
	const char *h = getenv("PGHOST");
	if (!h)
		return -1;
	snprintf(host, sizeof host, "%s", h);
	return 0;
}

static void migrations_apply_then_are_a_no_op(void **state)
{
	(void)state;
	create_database("t_migrate", false);
	struct db *db = connect_super("t_migrate");
	struct diag d;
	int applied = -1;
	assert_int_equal(migrate_apply(db, NULL, NULL, &applied, &d), OD_OK);
	assert_int_equal(applied, sql_migration_count);
	assert_int_equal(migrate_apply(db, NULL, NULL, &applied, &d), OD_OK);
	assert_int_equal(applied, 0);
	struct db_result *r = NULL;
	assert_int_equal(db_exec(db, "SELECT count(*) AS n FROM onedoor.schema_migrations", 0,
				 NULL, &r, &d),
			 OD_OK);
	assert_int_equal(atoi(db_value(r, 0, "n")), sql_migration_count);
	db_result_free(&r);
	bool loaded;
	assert_int_equal(migrate_load_demo(db, false, &loaded, &d), OD_OK);
	assert_true(loaded);
	assert_int_equal(migrate_load_demo(db, false, &loaded, &d), OD_OK);
	assert_false(loaded);
	db_close(&db);
}

static void household_with_chinese_names_round_trips(void **state)
{
	(void)state;
	create_database("t_register", true);
	struct db *db = connect_as("t_register", "demo_clerk1");
	struct staff_info me;
	struct diag d;
	/* The log-in's one statement: the caller, the schema, the catalogue
	 * and the departments together. */
	struct db_query start;
	struct db_result *sr = NULL;
	store_client_start_query(&start);
	assert_int_equal(db_run(db, &start, &sr, &d), OD_OK);
	db_query_free(&start);
	struct department_names departments;
	assert_int_equal(store_client_start_read(sr, &me, &departments, &d), OD_OK);
	assert_string_equal(me.role_group, "clerk");
	assert_string_equal(me.centre_code, "511703001");
	assert_true(departments.count > 0);
	free(departments.code);
	free(departments.name);
	struct diag warn;
	assert_int_equal(migrate_login_verdict(sr, &warn, &d), OD_OK);
	struct catalogue *cat = NULL;
	assert_int_equal(store_catalogue_read(sr, &cat, &d), OD_OK);
	assert_true(cat->n_items > 0);
	catalogue_free(&cat);
	db_result_free(&sr);

	const char *h = "{\"hukou\":\"urban\",\"facts\":{\"deposits\":\"1200.50\"},\"members\":["
			"{\"resident_id\":\"511703198502140025\",\"name\":\"欧阳娜娜\","
			"\"relation\":\"self\",\"facts\":{\"income_wage\":\"18000.00\"}},"
			"{\"resident_id\":\"511703201403010035\",\"name\":\"欧阳小明\","
			"\"relation\":\"child\",\"facts\":{}}]}";
	char request[37], app_no[64], again[64];
	db_new_request_id(request);
	assert_int_equal(store_register_household(db, request, h, app_no, &d), OD_OK);
	assert_int_equal(app_no[0], 'A');
	/* The same request again (a double press, a retry) registers nothing new. */
	assert_int_equal(store_register_household(db, request, h, again, &d), OD_OK);
	assert_string_equal(again, app_no);

	struct application_row *rows = NULL;
	int count = 0;
	assert_int_equal(store_list_applications(db, "", 50, &rows, &count, &d), OD_OK);
	assert_true(count >= 1);
	assert_string_equal(rows[0].application_no, app_no); /* newest first */
	assert_string_equal(rows[0].applicant_name, "欧阳娜娜");
	assert_string_equal(rows[0].applicant_id, "511703********0025");
	assert_int_equal(rows[0].member_count, 2);
	int mine = 0;
	for (int i = 0; i < count; i++)
		mine += strcmp(rows[i].application_no, app_no) == 0;
	assert_int_equal(mine, 1);
	free(rows);

	/* What was stored, read as the superuser: clerks see persons only
	 * through columns without the full resident ID. */
	db_close(&db);
	db = connect_super("t_register");
	struct db_result *r = NULL;
	const char *params[] = {"511703201403010035"};
	assert_int_equal(db_exec(db,
				 "SELECT name, birth_date::text AS born, sex FROM onedoor.persons "
				 "WHERE resident_id = $1",
				 1, params, &r, &d),
			 OD_OK);
	assert_int_equal(db_rows(r), 1);
	assert_string_equal(db_value(r, 0, "name"), "欧阳小明");
	assert_string_equal(db_value(r, 0, "born"), "2014-03-01");
	assert_string_equal(db_value(r, 0, "sex"), "M");
	db_result_free(&r);
	/* Facts from the form file are stored with the household and person. */
	const char *params2[] = {app_no};
	assert_int_equal(db_exec(db,
				 "SELECT h.facts->>'deposits' AS deposits, p.facts->>'income_wage' AS wage "
				 "FROM onedoor.applications a JOIN onedoor.households h ON h.id = a.household_id "
				 "JOIN onedoor.household_members m ON m.household_id = h.id AND m.position = 1 "
				 "JOIN onedoor.persons p ON p.id = m.person_id WHERE a.application_no = $1",
				 1, params2, &r, &d),
			 OD_OK);
	assert_string_equal(db_value(r, 0, "deposits"), "1200.50");
	assert_string_equal(db_value(r, 0, "wage"), "18000.00");
	db_result_free(&r);
	db_close(&db);
}

static void duplicate_resident_id_is_refused_with_where(void **state)
{
	(void)state;
	create_database("t_duplicate", true);
	struct db *db = connect_as("t_duplicate", "demo_clerk1");
	/* Demo household HDEMO-001's applicant, 杨建国. */
	const char *h = "{\"hukou\":\"rural\",\"members\":[{\"resident_id\":\"511703197403120112\","
			"\"name\":\"杨建国\",\"relation\":\"self\"}]}";
	char request[37], app_no[64];
	db_new_request_id(request);
	struct diag d;
	assert_int_equal(store_register_household(db, request, h, app_no, &d), OD_ERR_DUPLICATE);
	assert_non_null(strstr(d.text, "HDEMO-001"));
	assert_non_null(strstr(d.text, "三里坪街道便民服务中心"));
	/* Nothing half-written: no application for that request. */
	struct db_result *r = NULL;
	const char *params[] = {request};
	assert_int_equal(db_exec(db,
				 "SELECT count(*) AS n FROM onedoor.applications "
				 "WHERE request_id = $1::uuid",
				 1, params, &r, &d),
			 OD_OK);
	assert_string_equal(db_value(r, 0, "n"), "0");
	db_result_free(&r);
	db_close(&db);
}

static void another_centres_resident_id_is_refused_without_naming_it(void **state)
{
	(void)state;
	create_database("t_duplicate_far", true);
	/* HDEMO-001 belongs to demo_clerk1's centre, not demo_clerk2's. */
	struct db *db = connect_as("t_duplicate_far", "demo_clerk2");
	const char *h = "{\"hukou\":\"rural\",\"members\":[{\"resident_id\":\"511703197403120112\","
			"\"name\":\"杨建国\",\"relation\":\"self\"}]}";
	char request[37], app_no[64];
	db_new_request_id(request);
	struct diag d;
	assert_int_equal(store_register_household(db, request, h, app_no, &d), OD_ERR_DUPLICATE);
	assert_null(strstr(d.text, "HDEMO-001"));
	assert_null(strstr(d.text, "三里坪"));
	assert_non_null(strstr(d.text, "another centre"));
	db_close(&db);
}

static void invalid_household_is_refused_by_the_server(void **state)
{
	(void)state;
	create_database("t_invalid", true);
	struct db *db = connect_as("t_invalid", "demo_clerk1");
	char request[37];
	db_new_request_id(request);
	struct diag d;
	/* The server checks too: a clerk with psql cannot bypass the client. */
	const char *params[] = {request, "{\"hukou\":\"rural\",\"members\":[{\"resident_id\":"
					 "\"511703198502140024\",\"name\":\"x\",\"relation\":\"self\"}]}"};
	assert_int_equal(db_exec(db, "SELECT * FROM onedoor.register_household($1::uuid, $2::jsonb)",
				 2, params, NULL, &d),
			 OD_ERR_VALUE);
	assert_string_equal(db_last_sqlstate(db), "22023");
	db_close(&db);
	/* And a verifier may not register at all. */
	db = connect_as("t_invalid", "demo_verifier");
	const char *ok[] = {request, "{\"hukou\":\"rural\",\"members\":[{\"resident_id\":"
				     "\"511703198502140025\",\"name\":\"x\",\"relation\":\"self\"}]}"};
	assert_int_equal(db_exec(db, "SELECT * FROM onedoor.register_household($1::uuid, $2::jsonb)",
				 2, ok, NULL, &d),
			 OD_ERR_DENIED);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_apply_then_are_a_no_op),
		cmocka_unit_test(household_with_chinese_names_round_trips),
		cmocka_unit_test(duplicate_resident_id_is_refused_with_where),
		cmocka_unit_test(another_centres_resident_id_is_refused_without_naming_it),
		cmocka_unit_test(invalid_household_is_refused_by_the_server),
	};
	return cmocka_run_group_tests_name("household_store", tests, setup, NULL);
}
