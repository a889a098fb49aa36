/* fuzz_decimal.c - libFuzzer target: exact decimals (dec_parse, dec_format,
 * arithmetic): what is read prints and reads back the same. Seeds:
 * tests/fuzz/corpus/decimal; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_decimal)
