/* bench_server_message.c - what translating the server's refusals costs a
 * client: every format of the table (made from the migrations) filled with
 * values, and messages no format knows (the worst case: the whole table is
 * tried), each put into Chinese through server_message_translate as db.c
 * does, beside the baseline of copying the message as it came (what the
 * client did before).  A message's time is the median over ROUNDS of the
 * mean of REPEAT calls; printed: the median, p95 and slowest message.
 * Figures, no assertions. */
#include "onedoor/i18n.h"
#include "onedoor/server_message.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT 200
#define ROUNDS 7

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double at(double *v, int n, double q)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	int i = (int)(q * (n - 1) + 0.5);
	return v[i];
}

/* The mean time (us) of one call on message m, over REPEAT calls. */
static double timed(const char *m, bool translate)
{
	char out[512];
	struct server_formats table = {.f = server_formats, .count = server_format_count};
	volatile size_t sink = 0;
	double t0 = now();
	for (int r = 0; r < REPEAT; r++) {
		if (translate)
			server_message_translate(table, m, "", out, sizeof out);
		else
			snprintf(out, sizeof out, "%.*s", (int)strcspn(m, "\n"), m);
		sink += (size_t)out[0];
	}
	(void)sink;
	return (now() - t0) / REPEAT * 1e6;
}

int main(void)
{
	char dir[1024];
	const char *build = getenv("ONEDOOR_BUILD");
	snprintf(dir, sizeof dir, "%s/share/locale", build ? build : "build");
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "zh_CN", 1);
	bindtextdomain("onedoor", dir);
	bind_textdomain_codeset("onedoor", "UTF-8");
	textdomain("onedoor");

	static const char *const unknown[] = {
		"duplicate key value violates unique constraint \"cases_pkey\"",
		"permission denied for function case_decide",
		"canceling statement due to user request",
		"new row violates row-level security policy for table \"cases\"",
	};
	int n_unknown = (int)(sizeof unknown / sizeof unknown[0]);
	int n = server_format_count + n_unknown;
	char (*messages)[512] = calloc((size_t)n, sizeof *messages);
	for (int i = 0; i < server_format_count; i++) {
		const struct server_format *f = &server_formats[i];
		size_t len = 0;
		static const char *const values[] = {"A261130000001", "approve", "verify", "3", "4"};
		for (int k = 0; k <= f->values; k++) {
			len += (size_t)snprintf(messages[i] + len, 512 - len, "%s", f->pieces[k]);
			if (k < f->values && len < 512)
				len += (size_t)snprintf(messages[i] + len, 512 - len, "%s", values[k % 5]);
		}
	}
	for (int i = 0; i < n_unknown; i++)
		snprintf(messages[server_format_count + i], 512, "%s", unknown[i]);

	/* Each message's figure is the median of its rounds: a round the
	 * machine's other work interrupted does not count for the message. */
	double *t = calloc((size_t)n, sizeof *t), *b = calloc((size_t)n, sizeof *b);
	double *u = calloc((size_t)n_unknown, sizeof *u), rt[ROUNDS], rb[ROUNDS];
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < ROUNDS; r++) {
			rb[r] = timed(messages[i], false);
			rt[r] = timed(messages[i], true);
		}
		b[i] = at(rb, ROUNDS, 0.5);
		t[i] = at(rt, ROUNDS, 0.5);
		if (i >= server_format_count)
			u[i - server_format_count] = t[i];
	}
	double base_med = at(b, n, 0.5);
	double med = at(t, n, 0.5), p95 = at(t, n, 0.95), worst = at(t, n, 1.0);
	printf("server refusals: %d formats from the migrations, %d unknown messages, "
	       "%d rounds of %d calls each, one core\n",
	       server_format_count, n_unknown, ROUNDS, REPEAT);
	printf("translate into Chinese: median %.2f us, p95 %.2f us, slowest %.2f us per message; "
	       "unknown (whole table tried) median %.2f us\n",
	       med, p95, worst, at(u, n_unknown, 0.5));
	printf("baseline (copied as it came): median %.3f us; translating costs x%.0f the copy, "
	       "%.4f ms per refusal on screen\n",
	       base_med, med / base_med, med / 1e3);
	free(messages);
	free(t);
	free(b);
	free(u);
	return 0;
}
