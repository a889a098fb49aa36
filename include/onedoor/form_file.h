/* form_file.h - reading form definitions from forms/NAME.ini.
 *
 * Format (see forms/household.ini):
 *   [form]            title_zh, title_en
 *   [field.KEY]       one section per field, in screen order:
 *     scope = household | member        type = text | resident_id | date |
 *     money | integer | choice | yesno  label_zh, label_en, help_zh, help_en,
 *     required = yes | no, min, max (money/integer), max_chars (text),
 *     default, and for a choice one line per value in order:
 *     choice.CODE = 中文标签 | English label
 * Every mistake is refused with FILE:LINE: message. */
#ifndef ONEDOOR_FORM_FILE_H
#define ONEDOOR_FORM_FILE_H

#include "onedoor/form_def.h"

enum od_status form_def_load(const char *path, struct form_def **out, struct diag *d);

#endif
