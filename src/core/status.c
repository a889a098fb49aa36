/* status.c - messages for od_status and the diag formatter. */
#include "onedoor/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *od_status_message(enum od_status status)
{
	switch (status) {
#define OD_STATUS_CASE(name, msg) \
	case name:                \
		return msg;
		OD_STATUS_LIST(OD_STATUS_CASE)
#undef OD_STATUS_CASE
	}
	return "unknown status";
}

/* A message cut to fit ends on a whole UTF-8 character, not on a piece of
 * one (a long Chinese name in a message; tests/fuzz/entries.c checks). */
static void end_whole(char *text, size_t size, int wanted)
{
	if (wanted < 0 || (size_t)wanted < size)
		return;
	size_t n = size - 1, j = n;
	while (j > 0 && ((unsigned char)text[j - 1] & 0xC0) == 0x80)
		j--;
	if (j == 0)
		return;
	unsigned char lead = (unsigned char)text[j - 1];
	size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (j - 1 + len > n)
		text[j - 1] = '\0';
}

enum od_status diag_set(struct diag *d, enum od_status status, const char *fmt, ...)
{
	if (d) {
		va_list ap;
		va_start(ap, fmt);
		end_whole(d->text, sizeof d->text, vsnprintf(d->text, sizeof d->text, fmt, ap));
		va_end(ap);
	}
	return status;
}

enum od_status diag_at(struct diag *d, enum od_status status, const char *file, int line,
		       const char *fmt, ...)
{
	if (d) {
		int n = line > 0 ? snprintf(d->text, sizeof d->text, "%s:%d: ", file, line)
				 : snprintf(d->text, sizeof d->text, "%s: ", file);
		if (n < 0 || (size_t)n >= sizeof d->text) {
			end_whole(d->text, sizeof d->text, n);
			return status;
		}
		va_list ap;
		va_start(ap, fmt);
		int m = vsnprintf(d->text + n, sizeof d->text - (size_t)n, fmt, ap);
		va_end(ap);
		end_whole(d->text, sizeof d->text, m < 0 ? m : n + m);
	}
	return status;
}
