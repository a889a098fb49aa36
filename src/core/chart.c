/* chart.c - block-character bars and sparklines (see chart.h). */
#include "onedoor/chart.h"

#include <string.h>

/* Left-aligned eighths of a column, 1/8 .. 8/8. */
static const char *const eighths[8] = {"\u258F", "\u258E", "\u258D", "\u258C",
				       "\u258B", "\u258A", "\u2589", "\u2588"};
/* Lower blocks, 1/8 .. 8/8 high. */
static const char *const heights[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
				       "\u2585", "\u2586", "\u2587", "\u2588"};

/* Appends s (one column) when it fits with the terminating NUL. */
static int put(char *out, size_t out_size, size_t *len, const char *s)
{
	size_t n = strlen(s);
	if (*len + n + 1 > out_size)
		return 0;
	memcpy(out + *len, s, n + 1);
	*len += n;
	return 1;
}

int chart_bar(long long value, long long max, int width, char *out, size_t out_size)
{
	size_t len = 0;
	int cols = 0;
	if (out_size > 0)
		out[0] = '\0';
	if (value <= 0 || max <= 0 || width <= 0 || out_size == 0)
		return 0;
	if (value > max)
		value = max;
	/* In eighths, rounded, but never zero for a positive value.  The
	 * product stays exact: width is a terminal's, value <= max. */
	long double e = (long double)value * width * 8 / max;
	long long total = (long long)(e + 0.5L);
	if (total < 1)
		total = 1;
	for (long long full = total / 8; full > 0 && cols < width; full--)
		cols += put(out, out_size, &len, eighths[7]);
	if (total % 8 && cols < width)
		cols += put(out, out_size, &len, eighths[total % 8 - 1]);
	return cols;
}

int chart_sparkline(const long long *values, int n, char *out, size_t out_size)
{
	size_t len = 0;
	int cols = 0;
	if (out_size > 0)
		out[0] = '\0';
	if (n <= 0 || out_size == 0)
		return 0;
	long long lo = values[0], hi = values[0];
	for (int i = 1; i < n; i++) {
		if (values[i] < lo)
			lo = values[i];
		if (values[i] > hi)
			hi = values[i];
	}
	if (lo > 0)
		lo = 0; /* heights from zero: a small month looks small */
	for (int i = 0; i < n; i++) {
		int step = hi == lo ? 0 : (int)((long double)(values[i] - lo) * 7 / (hi - lo) + 0.5L);
		cols += put(out, out_size, &len, heights[step]);
	}
	return cols;
}
