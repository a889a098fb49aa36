/* state_dir.h - the workstation's private state folder,
 * $XDG_STATE_HOME/onedoor (default ~/.local/state/onedoor), where drafts
 * and the client log live (src/cfg/state_dir.c). */
#ifndef ONEDOOR_STATE_DIR_H
#define ONEDOOR_STATE_DIR_H

#include "onedoor/status.h"

/* The folder $XDG_STATE_HOME/onedoor/SUB (SUB may be "" for the folder
 * itself), created on the way with mode 0700.  Returns a string the caller
 * frees, or NULL with the reason in d. */
char *state_dir(const char *sub, struct diag *d);

#endif
