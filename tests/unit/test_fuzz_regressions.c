/* test_fuzz_regressions.c - every fuzz seed (tests/fuzz/corpus/NAME) and
 * every crash the fuzzers found (tests/fuzz/crashes/NAME, kept after the
 * fix) replayed through the fuzz targets' own entry code (tests/fuzz/
 * entries.c), one test per target.  This is the bounded share of fuzzing in
 * `make check`: deterministic, a second or two; the time-based runs are
 * `make fuzz SECONDS=N`.  Under SANITIZE=1 the sanitizers judge each input
 * as the fuzzer did. */
#include "../fuzz/entries.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[512];

/* Runs `run` on every regular file of dir; returns how many (-1: no dir). */
static int replay_dir(const char *dir, int (*run)(const uint8_t *, size_t))
{
	DIR *dp = opendir(dir);
	if (!dp)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		uint8_t *data = malloc((size_t)sb.st_size + 1);
		assert_non_null(data);
		size_t size = fread(data, 1, (size_t)sb.st_size, f);
		fclose(f);
		assert_int_equal(size, (size_t)sb.st_size);
		/* Named first, so a crash in the entry shows which input did it. */
		fprintf(stderr, "replay %s\n", path);
		alarm(60); /* a hang (one was found) fails the test, never the run */
		assert_int_equal(run(data, size), 0);
		alarm(0);
		free(data);
		n++;
	}
	closedir(dp);
	return n;
}

static void replay(void **state)
{
	const struct fuzz_entry *entry = *state;
	char dir[700];
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top, entry->name);
	int seeds = replay_dir(dir, entry->run);
	if (seeds < 1)
		fail_msg("%s: no seed corpus", dir);
	snprintf(dir, sizeof dir, "%s/tests/fuzz/crashes/%s", top, entry->name);
	int crashes = replay_dir(dir, entry->run);
	printf("fuzz replay %s: %d seeds, %d reproducers\n", entry->name, seeds,
	       crashes < 0 ? 0 : crashes);
}

int main(void)
{
	const char *env = getenv("ONEDOOR_TOP");
	snprintf(top, sizeof top, "%s", env && *env ? env : ".");
	fuzz_set_top(top);
	struct CMUnitTest tests[16];
	size_t n = 0;
	for (const struct fuzz_entry *e = fuzz_entries; e->name && n < 16; e++, n++) {
		tests[n] = (struct CMUnitTest){e->name, replay, NULL, NULL, (void *)e};
	}
	return _cmocka_run_group_tests("fuzz_regressions", tests, n, NULL, NULL);
}
