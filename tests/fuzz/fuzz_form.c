/* fuzz_form.c - libFuzzer target: form definitions (form_def_load,
 * forms/NAME.ini), every field then checked against a few typed values and its
 * default. Seeds: tests/fuzz/corpus/form; the entry is in entries.c. */
#include "entries.h"

FUZZ_TARGET(fuzz_entry_form)
