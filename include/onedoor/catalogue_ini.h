/* catalogue_ini.h - reading the catalogue from INI files (conf/catalogue/).
 *
 * Sections, one definition each (see conf/catalogue/README.md):
 *   [param.CODE]    label_zh, label_en, unit (yuan|share|years|count|grade),
 *                   and one key per dated value:
 *                   value.REGION.YYYY-MM-DD[..YYYY-MM-DD] = AMOUNT | reference
 *   [item.CODE]     names, department, kind, scope, texts, materials (a|b|c),
 *                   limit_accept .. limit_total, warn_days, green_channel,
 *                   commitment (yes|no), excludes (a,b), eligibility, amount,
 *                   amount_period (monthly|once)
 *   [warning.CODE]  name_zh, name_en, rule, message_zh, message_en
 * An unknown section or key is an error: a typo in a standard must not pass
 * silently. */
#ifndef ONEDOOR_CATALOGUE_INI_H
#define ONEDOOR_CATALOGUE_INI_H

#include "onedoor/catalogue.h"
#include "onedoor/status.h"

/* Reads every path (a file, or a directory whose *.ini files are read in
 * name order), then checks the whole (catalogue_finish).  On success *out is
 * a finished catalogue the caller frees with catalogue_free; on error *out
 * is NULL and d says "FILE:LINE[:COL]: message". */
enum od_status catalogue_ini_load(const char *const *paths, int n_paths, struct catalogue **out,
				  struct diag *d);

#endif
