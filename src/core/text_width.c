/* text_width.c - UTF-8 and East Asian Width (Unicode 15, wide and fullwidth). */
#include "onedoor/text_width.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2, v = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3, v = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool utf8_valid_text(const char *s)
{
	size_t len = strlen(s);
	while (len) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp < 0xA0))
			return false;
		s += n;
		len -= n;
	}
	return true;
}

struct range {
	uint32_t first, last;
};

static const struct range wide[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
	{0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
	{0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
	{0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
	{0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
	{0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x2E99},
	{0x2E9B, 0x2EF3},   {0x2F00, 0x2FD5},   {0x2FF0, 0x2FFB},   {0x3000, 0x303E},
	{0x3041, 0x3096},   {0x3099, 0x30FF},   {0x3105, 0x312F},   {0x3131, 0x318E},
	{0x3190, 0x31E3},   {0x31F0, 0x321E},   {0x3220, 0x3247},   {0x3250, 0x4DBF},
	{0x4E00, 0xA48C},   {0xA490, 0xA4C6},   {0xA960, 0xA97C},   {0xAC00, 0xD7A3},
	{0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE52},   {0xFE54, 0xFE66},
	{0xFE68, 0xFE6B},   {0xFF01, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	{0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x1B000, 0x1B122}, {0x1B150, 0x1B152},
	{0x1B164, 0x1B167}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
	{0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248},
	{0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335},
	{0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
	{0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
	{0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
	{0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
	{0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7},
	{0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F93A},
	{0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
	{0x30000, 0x3FFFD},
};

static const struct range zero[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
	{0x20D0, 0x20F0}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	{0xE0100, 0xE01EF},
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp > t[mid].last)
			lo = mid + 1;
		else if (cp < t[mid].first)
			hi = mid;
		else
			return true;
	}
	return false;
}

int cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return cp >= 0x20 && (cp < 0x7F || cp >= 0xA0) ? 1 : 0;
	if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	return in_table(cp, wide, sizeof wide / sizeof wide[0]) ? 2 : 1;
}

int str_width(const char *s)
{
	size_t len = strlen(s);
	int cols = 0;
	while (len) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);
		if (n == 0) {
			cols++;
			n = 1;
		} else {
			cols += cp_width(cp);
		}
		s += n;
		len -= n;
	}
	return cols;
}

/* Bytes of the longest prefix of s that fits in cols columns and in
 * `room` bytes; *used gets its width. */
static size_t fit_prefix(const char *s, size_t len, int cols, size_t room, int *used)
{
	size_t pos = 0;
	int w = 0;
	while (pos < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + pos, len - pos, &cp);
		int cw = n ? cp_width(cp) : 1;
		if (n == 0)
			n = 1;
		if (w + cw > cols || pos + n > room)
			break;
		w += cw;
		pos += n;
	}
	*used = w;
	return pos;
}

int str_fit(const char *s, int cols, bool ellipsis, char *out, size_t outsz)
{
	static const char dots[] = "..";
	size_t len = strlen(s);
	int used;
	if (outsz == 0)
		return 0;
	if (cols < 0)
		cols = 0;
	/* The buffer bounds the prefix as the columns do, in whole characters.
	 * (Cutting at outsz afterwards split characters, returned a width that
	 * was not the text's, and wrote the dots past a buffer under 3 bytes:
	 * tests/fuzz/crashes/text_width.) */
	size_t n = fit_prefix(s, len, cols, outsz - 1, &used);
	bool cut = n < len;
	if (cut && ellipsis && cols >= 3 && outsz >= 3) {
		n = fit_prefix(s, len, cols - 2, outsz - 3, &used);
		memcpy(out, s, n);
		memcpy(out + n, dots, 3);
		return used + 2;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return used;
}

void utf8_ascii_fold(const char *s, bool drop_commas, char *out, size_t outsz)
{
	size_t n = 0, len = strlen(s);
	while (len && n + 1 < outsz) {
		uint32_t cp;
		size_t k = utf8_decode(s, len, &cp);
		if (k == 0)
			k = 1, cp = '?';
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		else if (cp == 0x3000)
			cp = ' ';
		if (cp < 0x80 && !(cp == ' ' || cp == '\t' || (cp == ',' && drop_commas)))
			out[n++] = (char)cp;
		else if (cp >= 0x80)
			out[n++] = '?'; /* will fail the check, as it should */
		s += k;
		len -= k;
	}
	out[n] = '\0';
}

size_t str_wrap_line(const char *s, int cols, size_t *next)
{
	size_t len = strcspn(s, "\n"), pos = 0, space = 0;
	int used = 0, at_space = 0;
	while (pos < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + pos, len - pos, &cp);
		int w = n ? cp_width(cp) : 1;
		if (used + w > cols && pos > 0)
			break;
		if (cp == ' ') {
			space = pos + 1;
			at_space = used + 1;
		}
		used += w;
		pos += n ? n : 1;
	}
	if (pos < len && space && at_space * 2 > cols)
		pos = space;
	size_t end = pos;
	if (end == len) {
		*next = s[len] == '\n' ? len + 1 : len;
	} else {
		*next = end;
		while (s[*next] == ' ')
			(*next)++;
	}
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}
