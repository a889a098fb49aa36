/* client_log.h - the workstation's log for remote support
 * (src/cfg/client_log.c): $XDG_STATE_HOME/onedoor/onedoor.log.
 *
 * One line per event, with the local time: start and end, the files the
 * configuration came from, logins, full error messages from the server and
 * from libpq (never cut to the screen's width).  It holds no personal data
 * and no passwords: resident ID numbers and mobile numbers in a message are
 * masked before it is written, and passwords never reach it.  When the file
 * passes 1 MB it becomes onedoor.log.1 (the one before is dropped).
 * Logging is best effort: when the file cannot be written the program
 * works on without it. */
#ifndef ONEDOOR_CLIENT_LOG_H
#define ONEDOOR_CLIENT_LOG_H

#include <stdbool.h>

/* Opens the log for `program` and writes the start line.  Returns false
 * (and logs nothing from then on) when the file cannot be opened. */
bool client_log_open(const char *program);

/* One line: level is "info", "warning" or "error". */
void client_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the end line and closes; safe to call when not open. */
void client_log_close(void);

/* Copies `in` to `out` (size bytes) with resident ID numbers shown as
 * 511703********0112 and 11-digit mobile numbers as 138****5678. */
void client_log_mask(const char *in, char *out, unsigned long size);

#endif
