/* fuzz_catalogue.c - libFuzzer target: one catalogue file (catalogue_ini_load:
 * parameters, items, warnings and their rules), matched against seed 002's
 * household. Seeds: tests/fuzz/corpus/catalogue; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_catalogue)
