/* csv_line.c - splitting one CSV line in place, and writing records that
 * spreadsheets read safely. */
#include "onedoor/csv_line.h"

#include <stdbool.h>
#include <string.h>

enum csv_fault csv_split(char *line, char **fields, int max, int *n)
{
	*n = 0;
	char *in = line;
	for (;;) {
		if (*n == max)
			return CSV_TOO_MANY;
		char *out = in;
		fields[(*n)++] = out;
		if (*in == '"') {
			/* Quoted: "" is a quote; the field ends at a lone quote. */
			in++;
			for (;;) {
				if (*in == '\0')
					return CSV_UNTERMINATED;
				if (*in == '"' && in[1] == '"') {
					*out++ = '"';
					in += 2;
				} else if (*in == '"') {
					in++;
					break;
				} else {
					*out++ = *in++;
				}
			}
			if (*in != ',' && *in != '\0')
				return CSV_STRAY_QUOTE;
		} else {
			while (*in != ',' && *in != '\0') {
				if (*in == '"')
					return CSV_STRAY_QUOTE;
				*out++ = *in++;
			}
		}
		bool last = *in == '\0';
		*out = '\0';
		if (last)
			return CSV_OK;
		in++;
	}
}

void csv_sheet_field(struct strbuf *b, const char *v)
{
	if (!v)
		v = "";
	bool formula = (v[0] && strchr("=+@\t\r", v[0])) ||
		       (v[0] == '-' && !(v[1] >= '0' && v[1] <= '9'));
	size_t n = strlen(v);
	bool quote = strpbrk(v, ",\"\r\n") != NULL || (n > 0 && (v[0] == ' ' || v[n - 1] == ' '));
	if (quote)
		strbuf_append(b, "\"");
	if (formula)
		strbuf_append(b, "'");
	for (const char *q; (q = strchr(v, '"')) != NULL; v = q + 1) {
		strbuf_append_n(b, v, (size_t)(q - v) + 1); /* up to the quote, with it */
		strbuf_append(b, "\"");                      /* and again */
	}
	strbuf_append(b, v);
	if (quote)
		strbuf_append(b, "\"");
}

void csv_sheet_record(struct strbuf *b, const char *const *fields, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_append(b, ",");
		csv_sheet_field(b, fields[i]);
	}
	strbuf_append(b, "\r\n");
}
