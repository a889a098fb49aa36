/* decimal.h - exact decimal numbers for money, shares and counts.
 *
 * A decimal is an int64_t holding the value times DEC_SCALE (10^4): four
 * places, enough for yuan and fen and for shares such as 0.0833; range
 * about +/-9.2e14.  There is no floating point anywhere on the money path:
 * every operation is integer arithmetic with its overflow checked, and
 * rounding is half away from zero, as a cashier rounds. */
#ifndef ONEDOOR_DECIMAL_H
#define ONEDOOR_DECIMAL_H

#include <stdbool.h>
#include <stdint.h>

#define DEC_SCALE INT64_C(10000)
#define DEC_PLACES 4
#define DEC_TEXT_SIZE 32

typedef int64_t dec_t;

/* An integer as a decimal; false on overflow. */
bool dec_from_int(int64_t n, dec_t *out);

/* Strict text: optional '-', digits, optional '.' and 1..4 digits
 * ("755", "755.00", "-0.5", "1.0833").  No exponent, no grouping, no
 * spaces.  false (and *out untouched) for anything else or on overflow. */
bool dec_parse(const char *text, dec_t *out);

/* As dec_parse, reading at most len bytes of text. */
bool dec_parse_n(const char *text, int len, dec_t *out);

/* The value rounded (half away from zero) to `places` (0..4) digits after
 * the point: "412.50", "-3", "0.0833".  out gets DEC_TEXT_SIZE bytes. */
void dec_format(dec_t v, int places, char out[DEC_TEXT_SIZE]);

/* Checked arithmetic: false on overflow (or division by zero); *out is
 * then untouched.  Products and quotients are rounded to four places. */
bool dec_add(dec_t a, dec_t b, dec_t *out);
bool dec_sub(dec_t a, dec_t b, dec_t *out);
bool dec_mul(dec_t a, dec_t b, dec_t *out);
bool dec_div(dec_t a, dec_t b, dec_t *out);

/* v rounded to `places` (0..4) digits, still scaled by DEC_SCALE; within
 * one unit of the int64 range it is truncated rather than overflow. */
dec_t dec_round(dec_t v, int places);

#endif
