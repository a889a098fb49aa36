/* decimal.c - exact fixed-point arithmetic (see decimal.h). */
#include "onedoor/decimal.h"

#include <stdio.h>
#include <string.h>

static const int64_t pow10_tab[] = {1, 10, 100, 1000, 10000};

bool dec_from_int(int64_t n, dec_t *out)
{
	dec_t v;
	if (__builtin_mul_overflow(n, DEC_SCALE, &v))
		return false;
	*out = v;
	return true;
}

bool dec_parse_n(const char *text, int len, dec_t *out)
{
	int i = 0;
	bool negative = false;
	if (i < len && text[i] == '-') {
		negative = true;
		i++;
	}
	int64_t whole = 0;
	int digits = 0;
	while (i < len && text[i] >= '0' && text[i] <= '9') {
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, text[i] - '0', &whole))
			return false;
		i++;
		digits++;
	}
	if (digits == 0)
		return false;
	int64_t frac = 0;
	int places = 0;
	if (i < len && text[i] == '.') {
		i++;
		while (i < len && text[i] >= '0' && text[i] <= '9') {
			if (++places > DEC_PLACES)
				return false;
			frac = frac * 10 + (text[i] - '0');
			i++;
		}
		if (places == 0)
			return false;
	}
	if (i != len)
		return false;
	dec_t v;
	if (!dec_from_int(whole, &v) ||
	    __builtin_add_overflow(v, frac * pow10_tab[DEC_PLACES - places], &v))
		return false;
	*out = negative ? -v : v;
	return true;
}

bool dec_parse(const char *text, dec_t *out)
{
	size_t n = strlen(text);
	return n < 64 && dec_parse_n(text, (int)n, out);
}

dec_t dec_round(dec_t v, int places)
{
	if (places < 0)
		places = 0;
	if (places >= DEC_PLACES)
		return v;
	int64_t unit = pow10_tab[DEC_PLACES - places];
	int64_t rem = v % unit;
	v -= rem;
	/* Half away from zero; |rem| < unit so the doubling cannot overflow.
	 * Within one unit of the int64 range (no amount comes near) the step
	 * away from zero would overflow: the value is truncated instead
	 * (tests/fuzz/crashes/decimal). */
	dec_t away;
	if (rem * 2 >= unit && !__builtin_add_overflow(v, unit, &away))
		v = away;
	else if (rem * 2 <= -unit && !__builtin_sub_overflow(v, unit, &away))
		v = away;
	return v;
}

void dec_format(dec_t v, int places, char out[DEC_TEXT_SIZE])
{
	if (places < 0)
		places = 0;
	if (places > DEC_PLACES)
		places = DEC_PLACES;
	v = dec_round(v, places);
	/* Work on the magnitude as unsigned so INT64_MIN cannot trap. */
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = mag / (uint64_t)DEC_SCALE;
	uint64_t frac = (mag % (uint64_t)DEC_SCALE) / (uint64_t)pow10_tab[DEC_PLACES - places];
	if (places == 0)
		snprintf(out, DEC_TEXT_SIZE, "%s%llu", v < 0 ? "-" : "", (unsigned long long)whole);
	else
		snprintf(out, DEC_TEXT_SIZE, "%s%llu.%0*llu", v < 0 ? "-" : "",
			 (unsigned long long)whole, places, (unsigned long long)frac);
}

bool dec_add(dec_t a, dec_t b, dec_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

bool dec_sub(dec_t a, dec_t b, dec_t *out)
{
	return !__builtin_sub_overflow(a, b, out);
}

/* Rounds num/den half away from zero; den > 0. */
static bool div_round(__int128 num, __int128 den, dec_t *out)
{
	__int128 q = num / den, r = num % den;
	if (r * 2 >= den)
		q++;
	else if (r * 2 <= -den)
		q--;
	if (q > INT64_MAX || q < INT64_MIN)
		return false;
	*out = (dec_t)q;
	return true;
}

bool dec_mul(dec_t a, dec_t b, dec_t *out)
{
	return div_round((__int128)a * b, DEC_SCALE, out);
}

bool dec_div(dec_t a, dec_t b, dec_t *out)
{
	if (b == 0)
		return false;
	__int128 num = (__int128)a * DEC_SCALE;
	if (b < 0) {
		num = -num;
		b = -b;
	}
	return div_round(num, b, out);
}
