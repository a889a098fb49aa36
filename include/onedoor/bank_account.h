/* bank_account.h - the number of the account a benefit is paid into, as
 * typed at the window, and mobile phone numbers for the applicant's SMS.
 *
 * Chinese bank cards (UnionPay 62..., and cards with the other card-scheme
 * prefixes 3, 4, 5) have 16 to 19 digits and a Luhn check digit (ISO/IEC
 * 7812); passbook and settlement account numbers have other lengths and no
 * common check digit, so only their form is checked.  A number is shown
 * masked everywhere but in the bank file. */
#ifndef ONEDOOR_BANK_ACCOUNT_H
#define ONEDOOR_BANK_ACCOUNT_H

#include "onedoor/i18n.h"

#include <stdbool.h>
#include <stddef.h>

#define BANK_ACCOUNT_MIN 10
#define BANK_ACCOUNT_MAX 30
#define BANK_ACCOUNT_SIZE (BANK_ACCOUNT_MAX + 1)
#define MOBILE_SIZE 12

#define BANK_ACCOUNT_ERROR_LIST(X)                                                      \
	X(BANK_ACCOUNT_OK, N_("valid"))                                                  \
	X(BANK_ACCOUNT_BAD_CHARACTER, N_("an account number has digits only"))          \
	X(BANK_ACCOUNT_BAD_LENGTH, N_("an account number has 10 to 30 digits"))         \
	X(BANK_ACCOUNT_BAD_CHECK,                                                        \
	  N_("the card number's check digit does not match; please re-type the number"))

enum bank_account_error {
#define BANK_ACCOUNT_ENUM(name, msg) name,
	BANK_ACCOUNT_ERROR_LIST(BANK_ACCOUNT_ENUM)
#undef BANK_ACCOUNT_ENUM
};

/* Whether the digit string passes the Luhn (mod 10) check.  False for an
 * empty string or any character that is not an ASCII digit. */
bool luhn_valid(const char *digits);

/* Whether a number of this form is a card that carries a Luhn digit:
 * 16..19 digits beginning with 3, 4, 5 or 6. */
bool bank_account_is_card(const char *digits);

/* Normalises `input` (spaces, hyphens and full-width digits as an input
 * method types them are accepted) into out and checks it.  On an error out
 * is left as an empty string. */
enum bank_account_error bank_account_parse(const char *input, char out[BANK_ACCOUNT_SIZE]);

/* The untranslated message for an error (a gettext msgid). */
const char *bank_account_error_message(enum bank_account_error error);

/* The number as shown on screens and in lists: the first four and last four
 * digits, the rest as '*' ("6222********0128"); only the last four of a
 * number of eight digits or fewer.  out holds BANK_ACCOUNT_SIZE bytes;
 * `account` is a normalised number. */
void bank_account_mask(const char *account, char out[BANK_ACCOUNT_SIZE]);

/* A mainland mobile number: 11 digits beginning 1[3-9], with an optional
 * +86 / 86 prefix, spaces, hyphens and full-width digits accepted.  Writes
 * the 11 digits to out and returns true; false (out = "") otherwise. */
bool mobile_parse(const char *input, char out[MOBILE_SIZE]);

#endif
