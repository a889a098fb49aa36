/* xalloc.h - allocation that never returns NULL.
 *
 * Out of memory on a thin client is not something the program can recover
 * from sensibly; these abort with a message instead of spreading NULL checks
 * through every caller. */
#ifndef ONEDOOR_XALLOC_H
#define ONEDOOR_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
/* Grows *p to count elements of size bytes; the multiplication is checked. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Frees *p and sets it to NULL; accepts a NULL *p. */
#define xfree(pp)                   \
	do {                        \
		free(*(pp));        \
		*(pp) = NULL;       \
	} while (0)

#endif
