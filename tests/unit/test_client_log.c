/* test_client_log.c - the support log: personal numbers masked, one line
 * per event, rotation past 1 MB. */
#include "onedoor/client_log.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/onedoor-log-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_STATE_HOME", dir, 1);
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void masks_resident_ids_and_mobiles(void **state)
{
	(void)state;
	char out[256];
	client_log_mask("Key (resident_id)=(511703197403120112) already exists", out, sizeof out);
	assert_string_equal(out, "Key (resident_id)=(511703********0112) already exists");
	client_log_mask("id 51170319440605013X and 51170319440605013x", out, sizeof out);
	assert_string_equal(out, "id 511703********013X and 511703********013x");
	client_log_mask("call 13812345678 now", out, sizeof out);
	assert_string_equal(out, "call 138****5678 now");
	/* Other numbers stay: case numbers, SQLSTATEs, ports, years. */
	client_log_mask("case 1234567 SQLSTATE 23505 port 5432 in 2026", out, sizeof out);
	assert_string_equal(out, "case 1234567 SQLSTATE 23505 port 5432 in 2026");
	/* A longer run of digits is not an ID. */
	client_log_mask("1234567890123456789012", out, sizeof out);
	assert_string_equal(out, "1234567890123456789012");
	/* A small buffer is filled and terminated, never overrun. */
	char small[8];
	client_log_mask("511703197403120112", small, sizeof small);
	assert_string_equal(small, "511703*");
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void writes_lines_and_rotates(void **state)
{
	(void)state;
	char path[128], old[136];
	snprintf(path, sizeof path, "%s/onedoor/onedoor.log", dir);
	snprintf(old, sizeof old, "%s.1", path);
	assert_true(client_log_open("onedoor"));
	client_log("error", "cannot connect: line one\nline two for 511703197403120112");
	client_log_close();
	const char *text = read_all(path);
	assert_non_null(text);
	assert_non_null(strstr(text, "onedoor info: onedoor " ONEDOOR_VERSION " started"));
	assert_non_null(strstr(text, "onedoor error: cannot connect: line one line two for "
				     "511703********0112\n"));
	assert_null(strstr(text, "197403120112"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* Past 1 MB the log is moved aside when the program next starts. */
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	for (int i = 0; i < 1100; i++)
		fprintf(f, "%01023d\n", i);
	fclose(f);
	assert_true(client_log_open("onedoor"));
	client_log_close();
	assert_int_equal(stat(old, &st), 0);
	assert_true(st.st_size > 1024 * 1024);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_resident_ids_and_mobiles),
		cmocka_unit_test(writes_lines_and_rotates),
	};
	return cmocka_run_group_tests_name("client_log", tests, make_dir, remove_dir);
}
