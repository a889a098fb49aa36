/* csv_line.h - one line of a CSV file (RFC 4180 quoting) split into fields.
 *
 * Department extracts have one record per line, so a quoted field may not
 * span lines.  Splitting is done in place: the fields point into the line,
 * which is modified (quotes removed, separators turned into NULs). */
#ifndef ONEDOOR_CSV_LINE_H
#define ONEDOOR_CSV_LINE_H

#include <stddef.h>

enum csv_fault {
	CSV_OK,
	CSV_TOO_MANY,     /* more fields than `max` */
	CSV_UNTERMINATED, /* a quoted field without its closing quote */
	CSV_STRAY_QUOTE,  /* a quote inside an unquoted field, or text after a closing quote */
};

/* Splits the NUL-terminated `line` (without its line end) into at most
 * `max` fields; *n receives their count.  An empty line is one empty field. */
enum csv_fault csv_split(char *line, char **fields, int max, int *n);

#endif
