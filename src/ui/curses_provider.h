/* curses_provider.h - the one place that picks the curses header: the
 * wide-character ncurses of Debian's libncurses-dev. */
#ifndef ONEDOOR_CURSES_PROVIDER_H
#define ONEDOOR_CURSES_PROVIDER_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>

#endif
