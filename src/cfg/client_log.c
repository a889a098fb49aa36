/* client_log.c - the workstation's support log. */
#include "onedoor/client_log.h"

#include "onedoor/state_dir.h"
#include "onedoor/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { LOG_LIMIT = 1024 * 1024 };

static FILE *log_file;
static char log_program[32];

static size_t digit_run(const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

void client_log_mask(const char *in, char *out, unsigned long size)
{
	size_t o = 0;
	if (size == 0)
		return;
	for (size_t i = 0; in[i] && o + 1 < size;) {
		size_t n = digit_run(in + i);
		bool after_digit = i > 0 && isalnum((unsigned char)in[i - 1]);
		size_t take = 0;
		if (!after_digit && n == 17 && (in[i + 17] == 'X' || in[i + 17] == 'x'))
			take = 18; /* a resident ID with check character X */
		else if (!after_digit && n == 18)
			take = 18;
		else if (!after_digit && n == 11 && in[i] == '1')
			take = 11; /* a mobile number */
		if (take == 0) {
			size_t copy = n > 0 ? n : 1;
			for (size_t k = 0; k < copy && o + 1 < size; k++)
				out[o++] = in[i + k];
			i += copy;
			continue;
		}
		size_t keep_head = take == 18 ? 6 : 3, keep_tail = 4;
		for (size_t k = 0; k < take && o + 1 < size; k++)
			out[o++] = k < keep_head || k >= take - keep_tail ? in[i + k] : '*';
		i += take;
	}
	out[o] = '\0';
}

/* Moves a full log aside so that it never grows without end. */
static void rotate(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || st.st_size < LOG_LIMIT)
		return;
	char *old = xasprintf("%s.1", path);
	rename(path, old);
	free(old);
}

bool client_log_open(const char *program)
{
	if (log_file)
		return true;
	char *dir = state_dir("", NULL);
	if (!dir)
		return false;
	char *path = xasprintf("%s/onedoor.log", dir);
	free(dir);
	rotate(path);
	log_file = fopen(path, "a");
	if (log_file)
		chmod(path, 0600);
	free(path);
	if (!log_file)
		return false;
	setvbuf(log_file, NULL, _IOLBF, 0);
	snprintf(log_program, sizeof log_program, "%s", program);
	client_log("info", "%s %s started (pid %ld)", program, ONEDOOR_VERSION, (long)getpid());
	return true;
}

void client_log(const char *level, const char *fmt, ...)
{
	if (!log_file)
		return;
	char text[2048], masked[2048], stamp[40];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* One event, one line: a multi-line libpq message is joined. */
	for (char *p = text; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	client_log_mask(text, masked, sizeof masked);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm);
	fprintf(log_file, "%s %s %s: %s\n", stamp, log_program, level, masked);
}

void client_log_close(void)
{
	if (!log_file)
		return;
	client_log("info", "%s ended", log_program);
	fclose(log_file);
	log_file = NULL;
}
