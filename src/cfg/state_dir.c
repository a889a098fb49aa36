/* state_dir.c - the private state folder of the workstation. */
#include "onedoor/state_dir.h"

#include "onedoor/i18n.h"
#include "onedoor/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *state_dir(const char *sub, struct diag *d)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	const char *sep = *sub ? "/" : "";
	char *dir = state && *state ? xasprintf("%s/onedoor%s%s", state, sep, sub)
		    : home && *home ? xasprintf("%s/.local/state/onedoor%s%s", home, sep, sub)
				    : NULL;
	if (!dir) {
		diag_set(d, OD_ERR_IO, _("neither XDG_STATE_HOME nor HOME is set"));
		return NULL;
	}
	/* mkdir -p, each level private: drafts hold personal data. */
	for (char *p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				diag_set(d, OD_ERR_IO, _("cannot create %s: %s"), dir, strerror(errno));
				free(dir);
				return NULL;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	chmod(dir, 0700);
	return dir;
}
