/* bank_account.c - account numbers and mobile numbers typed at the window. */
#include "onedoor/bank_account.h"

#include "onedoor/text_width.h"

#include <stdint.h>
#include <string.h>

bool luhn_valid(const char *digits)
{
	size_t n = strlen(digits);
	if (n == 0)
		return false;
	int sum = 0;
	/* From the right: every second digit doubled, 9 taken off above 9. */
	for (size_t i = 0; i < n; i++) {
		char c = digits[n - 1 - i];
		if (c < '0' || c > '9')
			return false;
		int v = c - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

bool bank_account_is_card(const char *digits)
{
	size_t n = strlen(digits);
	return n >= 16 && n <= 19 && digits[0] >= '3' && digits[0] <= '6';
}

/* Copies the digits of input into out (at most max digits, then one more to
 * tell "too long"), skipping separators; full-width digits become ASCII.
 * Returns the count, or -1 for a character that is neither. */
static int collect_digits(const char *input, char *out, int max)
{
	int n = 0;
	size_t len = strlen(input);
	while (len) {
		uint32_t cp;
		size_t k = utf8_decode(input, len, &cp);
		if (k == 0)
			return -1;
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp -= 0xFEE0;
		if (cp >= '0' && cp <= '9') {
			if (n <= max)
				out[n] = (char)cp;
			n++;
		} else if (!(cp == ' ' || cp == '-' || cp == 0x3000 || cp == 0xFF0D)) {
			return -1;
		}
		input += k;
		len -= k;
	}
	if (n <= max)
		out[n] = '\0';
	else
		out[max] = '\0';
	return n;
}

enum bank_account_error bank_account_parse(const char *input, char out[BANK_ACCOUNT_SIZE])
{
	char digits[BANK_ACCOUNT_MAX + 2];
	out[0] = '\0';
	int n = collect_digits(input ? input : "", digits, BANK_ACCOUNT_MAX + 1);
	if (n < 0)
		return BANK_ACCOUNT_BAD_CHARACTER;
	if (n < BANK_ACCOUNT_MIN || n > BANK_ACCOUNT_MAX)
		return BANK_ACCOUNT_BAD_LENGTH;
	if (bank_account_is_card(digits) && !luhn_valid(digits))
		return BANK_ACCOUNT_BAD_CHECK;
	memcpy(out, digits, (size_t)n + 1);
	return BANK_ACCOUNT_OK;
}

const char *bank_account_error_message(enum bank_account_error error)
{
	switch (error) {
#define BANK_ACCOUNT_CASE(name, msg) \
	case name:                   \
		return msg;
		BANK_ACCOUNT_ERROR_LIST(BANK_ACCOUNT_CASE)
#undef BANK_ACCOUNT_CASE
	}
	return "invalid account number";
}

void bank_account_mask(const char *account, char out[BANK_ACCOUNT_SIZE])
{
	size_t n = strlen(account);
	if (n > BANK_ACCOUNT_MAX)
		n = BANK_ACCOUNT_MAX;
	size_t head = n > 8 ? 4 : 0, tail = n >= 4 ? 4 : n;
	for (size_t i = 0; i < n; i++)
		out[i] = i < head || i >= n - tail ? account[i] : '*';
	out[n] = '\0';
}

bool mobile_parse(const char *input, char out[MOBILE_SIZE])
{
	char digits[16];
	out[0] = '\0';
	const char *p = input ? input : "";
	while (*p == ' ')
		p++;
	if (*p == '+')
		p++;
	int n = collect_digits(p, digits, 14);
	const char *d = digits;
	if (n == 13 && strncmp(digits, "86", 2) == 0)
		d += 2, n -= 2;
	if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
		return false;
	memcpy(out, d, 12);
	return true;
}
