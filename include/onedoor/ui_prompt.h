/* ui_prompt.h - asking for one line of text on the status line. */
#ifndef ONEDOOR_UI_PROMPT_H
#define ONEDOOR_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

/* Shows `question` on the status line with an input field after it; Enter
 * with some text answers (true, text in out), Esc cancels (false).  The
 * rest of the screen stays as drawn. */
bool ui_prompt(const char *question, char *out, size_t outsz);

#endif
