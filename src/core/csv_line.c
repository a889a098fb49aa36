/* csv_line.c - splitting one CSV line in place. */
#include "onedoor/csv_line.h"

#include <stdbool.h>

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
