/* chart.h - bar charts and sparklines drawn with block characters, for the
 * leaders' statistics in a terminal.  Pure: each function writes UTF-8 into
 * a caller's buffer and says how many display columns it drew.  Block
 * elements (U+2581..U+2588, U+258F..U+2589) are one column wide in every
 * East Asian Width table and read the same on a monochrome terminal. */
#ifndef ONEDOOR_CHART_H
#define ONEDOOR_CHART_H

#include <stddef.h>

/* A horizontal bar for `value` of `max` in at most `width` columns, with
 * eighth-column precision; a positive value never draws as nothing (at
 * least one eighth).  Negative values and max <= 0 draw nothing.  Writes at
 * most 3 * width + 1 bytes (NUL included) into out, cut at out_size;
 * returns the columns drawn. */
int chart_bar(long long value, long long max, int width, char *out, size_t out_size);

/* A sparkline: one column per value, heights in eight steps from zero (or
 * the smallest value when it is negative) to the largest, so that a month
 * half the best one looks half as high; a zero month is the lowest step, so
 * it still shows.  Writes at most
 * 3 * n + 1 bytes into out, cut at out_size; returns the columns drawn. */
int chart_sparkline(const long long *values, int n, char *out, size_t out_size);

#endif
