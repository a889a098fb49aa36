/* test_db_refusals.c - what a person at the screen reads when the server
 * refuses, against the test cluster: our functions' refusals in the
 * reader's language from their own formats, and PostgreSQL's own messages
 * (English, naming tables and constraints) as a sentence of the catalogue
 * chosen by their SQLSTATE, in Chinese and in English, never as the
 * server said them. */
#include "onedoor/db.h"

#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/test_language.h"

static struct db *db;

static int setup(void **state)
{
	(void)state;
	const char *host = getenv("PGHOST");
	if (!host)
		return -1;
	char conninfo[512];
	snprintf(conninfo, sizeof conninfo, "host=%s dbname=postgres", host);
	struct diag d;
	if (db_connect(conninfo, "postgres", NULL, "onedoor-test", &db, &d) != OD_OK)
		return -1;
	return db_exec_script(db, "CREATE TEMP TABLE once (k int PRIMARY KEY)", &d) == OD_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(&db);
	test_language("en");
	return 0;
}

/* The refusal of sql as the screen would say it; its status in *st. */
static const char *refusal(const char *sql, enum od_status *st)
{
	static struct diag d;
	struct db_result *r = NULL;
	memset(&d, 0, sizeof d);
	*st = db_exec(db, sql, 0, NULL, &r, &d);
	db_result_free(&r);
	return d.text;
}

static void postgres_own_messages_by_their_sqlstate(void **state)
{
	(void)state;
	enum od_status st;
	test_language("zh_CN");
	assert_string_equal(refusal("SELECT 1 / 0", &st), "有一项内容在此无效");
	assert_int_equal(st, OD_ERR_VALUE);
	assert_int_equal(db_exec_script(db, "INSERT INTO once VALUES (1)", &(struct diag){0}), OD_OK);
	assert_string_equal(refusal("INSERT INTO once VALUES (1)", &st), "此项已有记录，不能重复记录");
	assert_string_equal(refusal("SELECT no_such_function()", &st), "服务器未能完成此操作，详情见日志");
	assert_int_equal(st, OD_ERR_DB);
	test_language("en");
	assert_string_equal(refusal("SELECT 1 / 0", &st), "a value is not valid here");
	assert_string_equal(refusal("INSERT INTO once VALUES (1)", &st),
			    "this is already recorded; it cannot be recorded twice");
	/* The server's own words (a constraint's name) are not shown. */
	assert_null(strstr(refusal("INSERT INTO once VALUES (1)", &st), "once_pkey"));
}

static void the_administrator_also_reads_the_servers_words(void **state)
{
	(void)state;
	enum od_status st;
	test_language("zh_CN");
	db_show_server_words(true);
	assert_string_equal(refusal("SELECT 1 / 0", &st), "有一项内容在此无效（服务器原文：division by zero）");
	test_language("en");
	assert_string_equal(refusal("SELECT 1 / 0", &st),
			    "a value is not valid here (the server said: division by zero)");
	/* Our own refusals are whole sentences already. */
	assert_string_equal(refusal("DO $$ BEGIN RAISE EXCEPTION 'a refusal needs a reason' "
				    "USING ERRCODE = '22023'; END $$",
				    &st),
			    "a refusal needs a reason");
	db_show_server_words(false);
	assert_string_equal(refusal("SELECT 1 / 0", &st), "a value is not valid here");
}

static void our_refusals_by_their_own_format(void **state)
{
	(void)state;
	enum od_status st;
	test_language("zh_CN");
	assert_string_equal(refusal("DO $$ BEGIN RAISE EXCEPTION 'a refusal needs a reason' "
				    "USING ERRCODE = '22023'; END $$",
				    &st),
			    "不予受理须填写理由");
	assert_int_equal(st, OD_ERR_VALUE);
	test_language("en");
	assert_string_equal(refusal("DO $$ BEGIN RAISE EXCEPTION 'a refusal needs a reason' "
				    "USING ERRCODE = '22023'; END $$",
				    &st),
			    "a refusal needs a reason");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postgres_own_messages_by_their_sqlstate),
		cmocka_unit_test(our_refusals_by_their_own_format),
		cmocka_unit_test(the_administrator_also_reads_the_servers_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
