/* fuzz_draft.c - libFuzzer target: a draft read back after a crash
 * (draft_load with the shipped household form); saving what was read and
 * reading it again must change nothing.  Seeds: tests/fuzz/corpus/draft;
 * the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_draft)
