/* entries.h - the fuzzed entry points, shared by the libFuzzer targets
 * (tests/fuzz/fuzz_NAME.c) and the regression replay
 * (tests/unit/test_fuzz_regressions.c), so that a crash the fuzzer found is
 * replayed through exactly the code that found it.
 *
 * Each entry takes arbitrary bytes, returns 0, and abort()s when a property
 * it checks does not hold (a sanitizer report is the other way to fail).
 * Loaders that read only from a path get the bytes through one temporary
 * file per process, reused across calls and removed at exit. */
#ifndef ONEDOOR_FUZZ_ENTRIES_H
#define ONEDOOR_FUZZ_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

/* The catalogue the household entry matches against: conf/catalogue under
 * `top` (the repository).  Optional; call once before the entries. */
void fuzz_set_top(const char *top);

/* fuzz_set_top($ONEDOOR_TOP, else the current directory). */
void fuzz_set_top_from_env(void);

/* The two functions libFuzzer calls, for one target: each fuzz_NAME.c is
 * this macro with its entry. */
#define FUZZ_TARGET(entry)                                                      \
	int LLVMFuzzerInitialize(int *argc, char ***argv);                       \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);            \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                        \
	{                                                                        \
		(void)argc;                                                      \
		(void)argv;                                                      \
		fuzz_set_top_from_env();                                         \
		return 0;                                                        \
	}                                                                        \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)             \
	{                                                                        \
		return entry(data, size);                                        \
	}

int fuzz_entry_household(const uint8_t *data, size_t size);
int fuzz_entry_engine(const uint8_t *data, size_t size);
int fuzz_entry_form(const uint8_t *data, size_t size);
int fuzz_entry_draft(const uint8_t *data, size_t size);
int fuzz_entry_catalogue(const uint8_t *data, size_t size);
int fuzz_entry_rule(const uint8_t *data, size_t size);
int fuzz_entry_calendar(const uint8_t *data, size_t size);
int fuzz_entry_config(const uint8_t *data, size_t size);
int fuzz_entry_resident_id(const uint8_t *data, size_t size);
int fuzz_entry_decimal(const uint8_t *data, size_t size);
int fuzz_entry_text_width(const uint8_t *data, size_t size);

/* Every entry by target name, for the replay test: {name, function}, ended
 * by {NULL, NULL}. */
struct fuzz_entry {
	const char *name;
	int (*run)(const uint8_t *data, size_t size);
};
extern const struct fuzz_entry fuzz_entries[];

#endif
