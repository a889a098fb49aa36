/* draft.c - crash-safe local drafts of forms. */
#include "onedoor/draft.h"

#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/state_dir.h"
#include "onedoor/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The drafts folder, created (0700) on the way; NULL if impossible. */
static char *drafts_dir(struct diag *d)
{
	return state_dir("drafts", d);
}

static bool valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n != DRAFT_ID_SIZE - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(id[i] == '-' || (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return false;
	return true;
}

static bool write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		text += n;
		len -= (size_t)n;
	}
	return true;
}

enum od_status draft_save(const char *request_id, const struct form_values *v,
			  struct diag *d)
{
	if (!valid_id(request_id))
		return diag_set(d, OD_ERR_VALUE, _("not a request id: %s"), request_id);
	char *dir = drafts_dir(d);
	if (!dir)
		return OD_ERR_IO;
	struct strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "; onedoor draft, a household file (see forms/README.md)\n");
	char *extra = xasprintf("request_id = %s\n", request_id);
	form_values_to_draft(v, extra, &text);
	free(extra);
	char *path = xasprintf("%s/%s.ini", dir, request_id);
	char *tmp = xasprintf("%s/.%s.tmp", dir, request_id);
	enum od_status st = OD_OK;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !write_all(fd, strbuf_text(&text), text.len) || fsync(fd) != 0) {
		st = diag_set(d, OD_ERR_IO, _("cannot write the draft %s: %s"), tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		st = diag_set(d, OD_ERR_IO, _("cannot write the draft %s: %s"), path, strerror(errno));
		unlink(tmp);
	} else {
		/* The rename is durable only once the folder is synced too. */
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	strbuf_free(&text);
	free(path);
	free(tmp);
	free(dir);
	return st;
}

void draft_remove(const char *request_id)
{
	if (!valid_id(request_id))
		return;
	char *dir = drafts_dir(NULL);
	if (!dir)
		return;
	char *path = xasprintf("%s/%s.ini", dir, request_id);
	unlink(path);
	free(path);
	free(dir);
}

int draft_list(char ids[][DRAFT_ID_SIZE], int max)
{
	char *dir = drafts_dir(NULL);
	if (!dir)
		return 0;
	DIR *dp = opendir(dir);
	int n = 0;
	time_t times[64];
	if (max > 64)
		max = 64;
	for (struct dirent *e; dp && (e = readdir(dp)) != NULL;) {
		size_t len = strlen(e->d_name);
		if (len != DRAFT_ID_SIZE - 1 + 4 || strcmp(e->d_name + len - 4, ".ini") != 0)
			continue;
		char id[DRAFT_ID_SIZE];
		memcpy(id, e->d_name, DRAFT_ID_SIZE - 1);
		id[DRAFT_ID_SIZE - 1] = '\0';
		if (!valid_id(id))
			continue;
		struct stat st;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		time_t mtime = stat(path, &st) == 0 ? st.st_mtime : 0;
		free(path);
		/* Insert keeping newest first. */
		int at = n < max ? n : max - 1;
		if (n == max && mtime <= times[at])
			continue;
		while (at > 0 && times[at - 1] < mtime) {
			memcpy(ids[at], ids[at - 1], DRAFT_ID_SIZE);
			times[at] = times[at - 1];
			at--;
		}
		memcpy(ids[at], id, DRAFT_ID_SIZE);
		times[at] = mtime;
		if (n < max)
			n++;
	}
	if (dp)
		closedir(dp);
	free(dir);
	return n;
}

enum od_status draft_load(const char *request_id, const struct form_def *def,
			  struct form_values *v, struct diag *d)
{
	if (!valid_id(request_id))
		return diag_set(d, OD_ERR_VALUE, _("not a request id: %s"), request_id);
	char *dir = drafts_dir(d);
	if (!dir)
		return OD_ERR_IO;
	char *path = xasprintf("%s/%s.ini", dir, request_id);
	free(dir);
	struct ini_doc *doc;
	enum od_status st = ini_doc_load(path, &doc, d);
	free(path);
	if (st != OD_OK)
		return st;
	form_values_init(v, def);
	/* Blank the defaults: the draft says exactly what was typed. */
	for (int f = 0; f < def->count; f++)
		if (def->fields[f].scope == FS_HOUSEHOLD)
			form_values_set(v, -1, f, "");
	for (int m = 1; m <= FORM_MAX_MEMBERS; m++) {
		char section[32];
		snprintf(section, sizeof section, "member.%d", m);
		if (!ini_doc_section_line(doc, section))
			break;
		if (m > 1 && form_values_add_member(v) < 0)
			break;
		for (int f = 0; f < def->count; f++) {
			if (def->fields[f].scope != FS_MEMBER)
				continue;
			const char *value = ini_doc_get(doc, section, def->fields[f].key);
			form_values_set(v, m - 1, f, value ? value : "");
		}
	}
	for (int f = 0; f < def->count; f++) {
		const char *value = ini_doc_get(doc, "household", def->fields[f].key);
		if (def->fields[f].scope == FS_HOUSEHOLD && value)
			form_values_set(v, -1, f, value);
	}
	ini_doc_free(&doc);
	return OD_OK;
}
