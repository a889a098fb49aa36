/* gbk.h - GBK (GB 18030's two-byte subset, as Chinese banks' systems
 * expect) to and from UTF-8, through iconv. */
#ifndef ONEDOOR_GBK_H
#define ONEDOOR_GBK_H

#include "onedoor/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* Converts len bytes of UTF-8 text to GBK, appended to out.  On a
 * character GBK cannot hold (or invalid input) returns false with *bad set
 * to its byte offset in text. */
bool gbk_from_utf8(const char *text, size_t len, struct strbuf *out, size_t *bad);

/* Converts len bytes of GBK to UTF-8, appended to out; false on an invalid
 * byte sequence, *bad its offset in text. */
bool gbk_to_utf8(const char *text, size_t len, struct strbuf *out, size_t *bad);

#endif
