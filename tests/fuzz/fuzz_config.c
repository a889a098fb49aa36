/* fuzz_config.c - libFuzzer target: onedoor.ini (config_load over the
 * iniparser wrapper), with libpq judging that no password gets through. Seeds:
 * tests/fuzz/corpus/config; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_config)
