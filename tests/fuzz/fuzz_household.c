/* fuzz_household.c - libFuzzer target: the household file
 * (household_file_load), each household read then matched against the shipped
 * catalogue with every explanation built. Seeds: tests/fuzz/corpus/household;
 * the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_household)
