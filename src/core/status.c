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

enum od_status diag_set(struct diag *d, enum od_status status, const char *fmt, ...)
{
	if (d) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(d->text, sizeof d->text, fmt, ap);
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
		if (n < 0 || (size_t)n >= sizeof d->text)
			return status;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(d->text + n, sizeof d->text - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return status;
}
