/* fuzz_resident_id.c - libFuzzer target: resident ID parsing (rid_parse):
 * normalisation, check character, and the normalised form read back. Seeds:
 * tests/fuzz/corpus/resident_id; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_resident_id)
