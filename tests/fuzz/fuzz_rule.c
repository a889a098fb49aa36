/* fuzz_rule.c - libFuzzer target: the rule language alone: eligibility, amount
 * and warning rules compiled into a small catalogue, evaluated and explained.
 * Seeds: tests/fuzz/corpus/rule; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_rule)
