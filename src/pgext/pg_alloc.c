/* pg_alloc.c - src/core's memory inside a backend.
 *
 * src/core allocates through its xmalloc family (src/core/xalloc.c) and
 * releases with free().  In a server process an abort() on out-of-memory
 * would take down the whole cluster, and malloc'd memory would leak when an
 * ERROR unwinds past it.  So the module is linked with --wrap for malloc,
 * calloc, realloc and free: in core's objects (and only there: the wrap is
 * applied when the module is linked, libc and the server are untouched)
 * they become these, which take memory from palloc in the current memory
 * context (released with it whatever happens) and raise an ordinary ERROR
 * when none is left.  xalloc.c's abort() (an impossible size) is wrapped
 * too: an ERROR ends the statement, never the server process. */
#include "pgext.h"

#include "utils/memutils.h"

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
void __wrap_abort(void);

static void too_large(size_t size)
{
	ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			errmsg("onedoor engine: a request for %zu bytes of memory is too large", size)));
}

void *__wrap_malloc(size_t size)
{
	if (size > MaxAllocSize)
		too_large(size);
	return palloc(size ? size : 1);
}

void *__wrap_calloc(size_t count, size_t size)
{
	if (size && count > MaxAllocSize / size)
		too_large(SIZE_MAX);
	size_t bytes = count * size;
	return palloc0(bytes ? bytes : 1);
}

void *__wrap_realloc(void *p, size_t size)
{
	if (size > MaxAllocSize)
		too_large(size);
	if (!p)
		return palloc(size ? size : 1);
	return repalloc(p, size ? size : 1);
}

void __wrap_free(void *p)
{
	if (p)
		pfree(p);
}

void __wrap_abort(void)
{
	ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
			errmsg("onedoor engine: out of memory")));
	pg_unreachable();
}
