/* csv_line.h - CSV (RFC 4180 quoting) read and written one record at a time.
 *
 * Reading: department extracts have one record per line, so a quoted field
 * may not span lines.  Splitting is done in place: the fields point into the
 * line, which is modified (quotes removed, separators turned into NULs).
 *
 * Writing for people: every table the screens export (supervisor view,
 * statistics, audit, complaints) goes through csv_sheet_record, so that one
 * rule keeps spreadsheet formulas out of every file.  (The bank's payment
 * file is read by a machine and written as it is: bank_file.h.) */
#ifndef ONEDOOR_CSV_LINE_H
#define ONEDOOR_CSV_LINE_H

#include "onedoor/strbuf.h"

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

/* Appends one field: quoted when it holds a comma, a quote, a line break or
 * edge spaces (quotes doubled); a field a spreadsheet would run as a
 * formula (=, +, @, tab, CR, or - not starting a number: names are typed at
 * the window) gets a leading apostrophe, as OWASP advises against CSV
 * injection.  NULL is an empty field. */
void csv_sheet_field(struct strbuf *b, const char *v);
/* Appends n fields separated by commas and ends the record with CRLF. */
void csv_sheet_record(struct strbuf *b, const char *const *fields, int n);

#endif
