/* fuzz_text_width.c - libFuzzer target: UTF-8 decoding and display width
 * (utf8_decode, str_width, str_fit): str_fit never splits a character nor
 * overruns its buffer. Seeds: tests/fuzz/corpus/text_width; the entry is in
 * entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_text_width)
