/* bank_io.c - the bank's files on disk (bank_io.h). */
#include "onedoor/bank_io.h"

#include "onedoor/gbk.h"
#include "onedoor/i18n.h"
#include "onedoor/strbuf.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum od_status bank_file_free(const char *path, struct diag *d)
{
	struct stat sb;
	if (stat(path, &sb) == 0)
		return diag_set(d, OD_ERR_DUPLICATE, _("%s exists; a bank file is never overwritten"),
				path);
	return OD_OK;
}

enum od_status bank_file_write(const char *path, const char *data, size_t len, struct diag *d)
{
	if (bank_file_free(path, d) != OD_OK)
		return OD_ERR_DUPLICATE;
	char *tmp = xasprintf("%s.partial", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	bool ok = fd >= 0;
	for (size_t done = 0; ok && done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		done += ok ? (size_t)n : 0;
	}
	ok = ok && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	/* link, not rename: a file that appeared meanwhile is not replaced. */
	ok = ok && link(tmp, path) == 0;
	enum od_status st = OD_OK;
	if (!ok)
		st = diag_set(d, OD_ERR_IO, _("%s: cannot write: %s"), path, strerror(errno));
	if (fd >= 0)
		unlink(tmp);
	free(tmp);
	return st;
}

/* The whole file; NULL with d set when it cannot be read.  A NUL byte is
 * refused later by the UTF-8 check, with its line. */
static char *read_all(const char *path, size_t *len, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_set(d, OD_ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
		return NULL;
	}
	struct strbuf b = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append_n(&b, chunk, n);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		strbuf_free(&b);
		diag_set(d, OD_ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
		return NULL;
	}
	*len = b.len;
	return b.text ? b.text : xstrdup("");
}

enum od_status bank_results_load(const char *path, bool gbk, struct bank_result **rows,
				 int *count, struct diag *d)
{
	*rows = NULL;
	*count = 0;
	size_t len;
	char *raw = read_all(path, &len, d);
	if (!raw)
		return OD_ERR_IO;
	struct strbuf utf8 = STRBUF_INIT;
	const char *text = raw;
	enum od_status st = OD_OK;
	if (gbk) {
		size_t badat;
		if (!gbk_to_utf8(raw, len, &utf8, &badat))
			st = diag_set(d, OD_ERR_SYNTAX, "%s:%d: %s", path, text_line_at(raw, badat),
				      _("not valid GBK text"));
		text = strbuf_text(&utf8);
		len = utf8.len;
	}
	if (st == OD_OK)
		st = bank_results_parse(path, text, len, rows, count, d);
	free(raw);
	strbuf_free(&utf8);
	return st;
}
