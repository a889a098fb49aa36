/* i18n.h - gettext shorthands.  The message catalogue is "onedoor";
 * translations live in src/po/. */
#ifndef ONEDOOR_I18N_H
#define ONEDOOR_I18N_H

#include <libintl.h>

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)

#endif
