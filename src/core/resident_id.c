/* resident_id.c - parsing and checking resident identity numbers. */
#include "onedoor/resident_id.h"

#include "onedoor/civil_date.h"

#include <string.h>

const char *rid_error_message(enum rid_error error)
{
	switch (error) {
#define RID_CASE(name, msg) \
	case name:          \
		return msg;
		RID_ERROR_LIST(RID_CASE)
#undef RID_CASE
	}
	return "invalid resident ID";
}

char rid_check_char(const char *digits17)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * weight[i];
	return check[sum % 11];
}

/* Copies `input` into out as ASCII, mapping the full-width forms an input
 * method produces (U+FF10..FF19 digits, U+FF38/FF58 X/x) and dropping
 * surrounding spaces (ASCII and U+3000).  Returns the length written, -1 for
 * a character no ID can contain, -2 when it is longer than `cap`. */
static int normalise(const char *input, char *out, int cap)
{
	const unsigned char *s = (const unsigned char *)input;
	int n = 0;
	while (*s) {
		unsigned char c = *s;
		if (c == ' ' || c == '\t') {
			s++;
			continue;
		}
		if (c == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* U+3000 ideographic space */
			s += 3;
			continue;
		}
		char ascii;
		if (c < 0x80) {
			ascii = (char)c;
			s++;
		} else if (c == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
			ascii = (char)('0' + (s[2] - 0x90)); /* U+FF10..FF19 */
			s += 3;
		} else if (c == 0xEF && s[1] == 0xBC && s[2] == 0xB8) {
			ascii = 'X'; /* U+FF38 */
			s += 3;
		} else if (c == 0xEF && s[1] == 0xBD && s[2] == 0x98) {
			ascii = 'x'; /* U+FF58 */
			s += 3;
		} else {
			return -1;
		}
		if (n >= cap)
			return -2;
		out[n++] = ascii == 'x' ? 'X' : ascii;
	}
	return n;
}

static bool region_plausible(const char *id)
{
	/* Province-level codes of GB/T 2260 (and 71/81/82 for Taiwan, Hong
	 * Kong, Macao, whose residents hold mainland residence permits). */
	static const char *const provinces[] = {
		"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
		"35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
		"53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"};
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (id[0] == provinces[i][0] && id[1] == provinces[i][1])
			return true;
	return false;
}

enum rid_error rid_parse(const char *input, struct resident_id *out)
{
	char id[RID_LENGTH + 1];
	int n = normalise(input ? input : "", id, RID_LENGTH + 1);
	if (n == -1)
		return RID_BAD_CHARACTER;
	if (n != RID_LENGTH)
		return RID_BAD_LENGTH;
	id[RID_LENGTH] = '\0';
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return RID_BAD_CHARACTER;
	if (!((id[17] >= '0' && id[17] <= '9') || id[17] == 'X'))
		return RID_BAD_CHARACTER;
	if (!region_plausible(id))
		return RID_BAD_REGION;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	if (y < 1880 || !cdate_valid(y, m, d))
		return RID_BAD_BIRTH_DATE;
	if (rid_check_char(id) != id[17])
		return RID_BAD_CHECK;
	memcpy(out->text, id, sizeof id);
	out->birth = cdate_from_ymd(y, m, d);
	out->sex = ((id[16] - '0') % 2) ? 'M' : 'F';
	return RID_OK;
}

void rid_mask(const char *id, char out[RID_LENGTH + 1])
{
	memcpy(out, id, RID_LENGTH);
	memset(out + 6, '*', 8);
	out[RID_LENGTH] = '\0';
}
