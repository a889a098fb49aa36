/* test_sha256.c - SHA-256 against the FIPS 180-4 examples, fed whole and
 * byte by byte (the extract reader feeds it line by line). */
#include "onedoor/sha256.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void digest(const char *s, size_t step, char out[65])
{
	struct sha256 h;
	sha256_init(&h);
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i += step)
		sha256_update(&h, s + i, len - i < step ? len - i : step);
	sha256_final_hex(&h, out);
}

static void known_digests(void **state)
{
	(void)state;
	char out[65];
	digest("", 1, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest("abc", 1, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	digest(two, 56, out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	digest(two, 1, out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void a_million_a(void **state)
{
	(void)state;
	static char a[1000001];
	memset(a, 'a', 1000000);
	char out[65];
	digest(a, 4096, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_digests),
		cmocka_unit_test(a_million_a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
