/* fuzz_engine.c - libFuzzer target: the entry of the engine inside the
 * database server (onedoor.engine_match / engine_item) without PostgreSQL:
 * arbitrary bytes read as a household document (hh_json_read), matched
 * against the shipped catalogue, and written as the menu JSON and every
 * item's.  Seeds: tests/fuzz/corpus/engine; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_engine)
