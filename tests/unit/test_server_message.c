/* test_server_message.c - the server's refusals in the reader's language:
 * every format made from the migrations recognises its own messages, values
 * come out whole (also when they hold a format's own words), codes are
 * shown by their labels (an item's code by the client's name for it), a
 * translation may reorder the values, a prose hint follows the message,
 * and what no format knows passes unchanged.
 * The last test holds every format to a Chinese translation, so that a
 * refusal added to a migration cannot reach a Chinese screen in English. */
#include "onedoor/i18n.h"
#include "onedoor/server_message.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/test_language.h"

static const struct server_formats table = {.f = server_formats, .count = 0};

static struct server_formats all(void)
{
	struct server_formats t = {.f = server_formats, .count = server_format_count};
	return t;
}

static void say(const char *message, const char *hint, char *out, size_t size)
{
	server_message_translate(all(), message, hint, out, size);
}

/* Each format, filled with values of its own, is recognised as itself. */
static void every_format_recognises_its_messages(void **state)
{
	(void)state;
	assert_true(server_format_count > 250); /* the migrations' ~435 RAISEs, deduplicated */
	for (int i = 0; i < server_format_count; i++) {
		const struct server_format *f = &server_formats[i];
		char message[512] = "";
		size_t at = 0;
		for (int k = 0; k <= f->values; k++) {
			at += (size_t)snprintf(message + at, sizeof message - at, "%s", f->pieces[k]);
			if (k < f->values)
				at += (size_t)snprintf(message + at, sizeof message - at, "V%d-x", k + 1);
		}
		struct server_value v[SERVER_MESSAGE_VALUES];
		const struct server_format *got = server_message_match(all(), message, v);
		assert_non_null(got);
		if (got != f)
			fail_msg("\"%s\" taken for \"%s\"", f->msgid, got->msgid);
		for (int k = 0; k < f->values; k++) {
			char want[16];
			snprintf(want, sizeof want, "V%d-x", k + 1);
			assert_int_equal(v[k].len, strlen(want));
			assert_memory_equal(v[k].start, want, v[k].len);
		}
	}
}

static void values_come_out_whole(void **state)
{
	(void)state;
	struct server_value v[SERVER_MESSAGE_VALUES];
	/* A value holding the next piece's words: the message still parses. */
	const struct server_format *f = server_message_match(
		all(), "package item 2: 张三: 李四 is not a member of the household", v);
	assert_non_null(f);
	assert_string_equal(f->msgid, "package item %s: %s is not a member of the household");
	assert_int_equal(v[0].len, 1);
	assert_int_equal(v[1].len, strlen("张三: 李四"));
	/* A piece that occurs twice: the reading that fits the whole message. */
	f = server_message_match(all(), "case C-1 is in stage verify: return: x is not possible now", v);
	assert_non_null(f);
	assert_string_equal(f->msgid, "case %s is in stage %s: %s is not possible now");
	assert_memory_equal(v[1].start, "verify", v[1].len);
	/* An empty value. */
	f = server_message_match(all(), "case  not found", v);
	assert_non_null(f);
	assert_int_equal(v[0].len, 0);
	/* The whole message or nothing: a longer sentence is not this one. */
	assert_null(server_message_match(all(), "case 7 not found, and more", v));
	assert_null(server_message_match(table, "case 7 not found", v));
}

static void english_shows_labels_not_codes(void **state)
{
	(void)state;
	test_language("en");
	char out[512];
	say("application A1-0001 is already accepted", NULL, out, sizeof out);
	assert_string_equal(out, "application A1-0001 is already accepted");
	say("clerk may not approve a case in stage verify", NULL, out, sizeof out);
	assert_string_equal(out, "window clerk may not grant assistance a case in stage verification");
	say("case C-1 belongs to another county", NULL, out, sizeof out);
	assert_string_equal(out, "case C-1 belongs to another county");
	/* Quoted values are what someone typed: never taken for codes. */
	say("unknown action \"approve\"", NULL, out, sizeof out);
	assert_string_equal(out, "unknown action \"approve\"");
}

static void chinese_in_its_own_order(void **state)
{
	(void)state;
	test_language("zh_CN");
	char out[512];
	say("application A1-0001 is already accepted", NULL, out, sizeof out);
	assert_string_equal(out, "申请 A1-0001 已办理过，状态为“已受理”");
	say("case C-1 was changed by someone else (version 3 is now 4)", NULL, out, sizeof out);
	assert_string_equal(out, "案件 C-1 已被他人修改（版本 3 现为 4），请刷新后重试");
	say("clerk may not approve a case in stage verify", NULL, out, sizeof out);
	assert_string_equal(out, "窗口受理员不能对处于核对环节的案件执行“同意救助”");
	/* %2$s before %1$s: the translation's order. */
	say("line 3 of roll R-1: a failed payment needs the bank's reason", NULL, out, sizeof out);
	assert_string_equal(out, "名册 R-1 第 3 行：发放失败须填写银行给出的原因");
	/* A word the server gives as a value. */
	say("payment roll R-1 belongs to another county", NULL, out, sizeof out);
	assert_string_equal(out, "发放名册 R-1 属于其他县区");
	/* A prose hint follows; a code hint (for the screens) does not. */
	say("application A1-0001 is already accepted",
	    "Complete the household's facts, or use the green channel where the item allows it.",
	    out, sizeof out);
	assert_string_equal(out, "申请 A1-0001 已办理过，状态为“已受理” 请补全家庭信息；事项允许的，也可走绿色通道。");
	say("a refusal needs a reason", "reason", out, sizeof out);
	assert_string_equal(out, "不予受理须填写理由");
	test_language("en");
}

static void unknown_messages_pass_and_nothing_overflows(void **state)
{
	(void)state;
	test_language("zh_CN");
	char out[512];
	say("duplicate key value violates unique constraint \"x\"", NULL, out, sizeof out);
	assert_string_equal(out, "duplicate key value violates unique constraint \"x\"");
	/* Cut to the buffer, never inside a character. */
	char small[20];
	say("case C-1 was changed by someone else (version 3 is now 4)", NULL, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_string_equal(small, "案件 C-1 已被"); /* 18 bytes: the next character would not fit */
	test_language("en");
}

/* The client's names for codes the labels do not know: an item's. */
static const char *item_name(void *ctx, const char *code)
{
	(void)ctx;
	return strcmp(code, "dibao_rural") == 0 ? "农村最低生活保障" : NULL;
}

static void items_by_their_names(void **state)
{
	(void)state;
	test_language("zh_CN");
	struct server_formats t = all();
	t.name_of = item_name;
	char out[512];
	server_message_translate(t, "an amount is needed (the engine gives none for dibao_rural)", NULL,
				 out, sizeof out);
	assert_string_equal(out, "须填写金额（规则未给出 农村最低生活保障 的金额）");
	/* Quoted (sent in the package), still an item. */
	server_message_translate(t, "package item 2: \"dibao_rural\" is chosen twice", NULL, out,
				 sizeof out);
	assert_string_equal(out, "第 2 项：“农村最低生活保障”选了两次");
	/* A code the namer does not know stays as it came; labels come first. */
	server_message_translate(t, "package item 2: \"nope\" is chosen twice", NULL, out, sizeof out);
	assert_string_equal(out, "第 2 项：“nope”选了两次");
	server_message_translate(t, "case C-1 belongs to another county", NULL, out, sizeof out);
	assert_string_equal(out, "案件 C-1 属于其他县区");
	test_language("en");
}

/* Every format has its Chinese, with its values (msgfmt --check holds the
 * directives to the msgid's). */
static void every_format_is_translated(void **state)
{
	(void)state;
	test_language("zh_CN");
	int missing = 0;
	for (int i = 0; i < server_format_count; i++) {
		const char *msgid = server_formats[i].msgid;
		if (strcmp(_(msgid), msgid) == 0) {
			fprintf(stderr, "no Chinese in src/po/zh_CN.po for \"%s\"\n", msgid);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	test_language("en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_format_recognises_its_messages),
		cmocka_unit_test(values_come_out_whole),
		cmocka_unit_test(english_shows_labels_not_codes),
		cmocka_unit_test(chinese_in_its_own_order),
		cmocka_unit_test(unknown_messages_pass_and_nothing_overflows),
		cmocka_unit_test(items_by_their_names),
		cmocka_unit_test(every_format_is_translated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
