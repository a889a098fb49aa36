/* fuzz_calendar.c - libFuzzer target: the working-day calendar file
 * (calendar_file_load) and the JSON it becomes. Seeds:
 * tests/fuzz/corpus/calendar; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_calendar)
