/* gbk.c - GBK <-> UTF-8 with iconv(3), reporting where a conversion stops. */
#include "onedoor/gbk.h"

#include <errno.h>
#include <iconv.h>

static bool convert(const char *to, const char *from, const char *text, size_t len,
		    struct strbuf *out, size_t *bad)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		*bad = 0;
		return false;
	}
	char *in = (char *)text; /* iconv's prototype is not const-correct */
	size_t left = len;
	char chunk[4096];
	bool ok = true;
	while (left > 0) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &o, &room);
		strbuf_append_n(out, chunk, (size_t)(o - chunk));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* EILSEQ: not representable or invalid; EINVAL: cut short. */
			*bad = (size_t)(in - text);
			ok = false;
			break;
		}
		if (r != (size_t)-1 && r > 0) {
			/* Irreversible conversions (a replacement) count as failure: a
			 * name in a bank file must be exact. */
			*bad = (size_t)(in - text);
			ok = false;
			break;
		}
	}
	iconv_close(cd);
	return ok;
}

bool gbk_from_utf8(const char *text, size_t len, struct strbuf *out, size_t *bad)
{
	return convert("GBK", "UTF-8", text, len, out, bad);
}

bool gbk_to_utf8(const char *text, size_t len, struct strbuf *out, size_t *bad)
{
	return convert("UTF-8", "GBK", text, len, out, bad);
}
