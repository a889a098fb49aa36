/* receipt_out.c - receipts to a file and to the printer. */
#include "onedoor/receipt.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static enum od_status write_file(const char *path, const char *text, struct diag *d)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	enum od_status st = OD_OK;
	if (!f || fputs(text, f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		st = diag_set(d, OD_ERR_IO, _("cannot write the receipt %s: %s"), path, strerror(errno));
		if (f)
			fclose(f);
		unlink(tmp);
	} else if (fclose(f) != 0) {
		st = diag_set(d, OD_ERR_IO, _("cannot write the receipt %s: %s"), path, strerror(errno));
		unlink(tmp);
	} else if (link(tmp, path) != 0) {
		/* link, not rename: a receipt already issued is never replaced. */
		st = errno == EEXIST ? OD_ERR_DUPLICATE
				     : diag_set(d, OD_ERR_IO, _("cannot write the receipt %s: %s"), path,
						strerror(errno));
		unlink(tmp);
	} else {
		unlink(tmp);
	}
	free(tmp);
	return st;
}

/* The printer command reads the receipt on its standard input; its output
 * must not reach the curses screen, so it goes to /dev/null. */
static enum od_status print_text(const char *printer, const char *text, struct diag *d)
{
	char *cmd = xasprintf("exec >/dev/null 2>&1; %s", printer);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	FILE *p = popen(cmd, "w");
	free(cmd);
	if (!p) {
		signal(SIGPIPE, old);
		return diag_set(d, OD_ERR_IO, _("cannot start the printer command: %s"), strerror(errno));
	}
	fputs(text, p);
	int status = pclose(p);
	signal(SIGPIPE, old);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return diag_set(d, OD_ERR_IO, _("the printer command \"%s\" failed"), printer);
	return OD_OK;
}

enum od_status receipt_output(const char *text, const char *application_no, const char *dir,
			      const char *printer, char *path_out, size_t path_size,
			      struct diag *d)
{
	path_out[0] = '\0';
	enum od_status st = OD_OK;
	if (dir && *dir) {
		mkdir(dir, 0700);
		/* NAME.txt, or NAME-2.txt ... when that exists: never over it. */
		st = OD_ERR_DUPLICATE;
		for (int n = 1; st == OD_ERR_DUPLICATE && n < 1000; n++) {
			char *path = n == 1 ? xasprintf("%s/%s.txt", dir, application_no)
					    : xasprintf("%s/%s-%d.txt", dir, application_no, n);
			st = write_file(path, text, d);
			if (st == OD_OK)
				snprintf(path_out, path_size, "%s", path);
			free(path);
		}
		if (st == OD_ERR_DUPLICATE)
			st = diag_set(d, OD_ERR_IO, _("too many receipts named %s"), application_no);
	}
	if (st == OD_OK && printer && *printer)
		st = print_text(printer, text, d);
	return st;
}

char *receipt_read(const char *application_no, const char *dir)
{
	if (!dir || !*dir || strchr(application_no, '/'))
		return NULL;
	char *path = xasprintf("%s/%s.txt", dir, application_no);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	struct strbuf text = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append_n(&text, buf, n);
	bool ok = !ferror(f);
	fclose(f);
	if (!ok || !text.text) {
		strbuf_free(&text);
		return NULL;
	}
	return text.text; /* the strbuf's buffer, handed over */
}
