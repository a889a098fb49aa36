/* match_json.h - a matched menu as JSON, one writer for every place that
 * prints it: `onedoor match --format json` and the engine inside the
 * database server (onedoor.engine_match / engine_item), so that the two
 * can be compared byte for byte.
 *
 * The menu object: {"date", "region", "items": [...], "warnings": [...]};
 * items eligible first, then undecided, then the rest, each in catalogue
 * order; an item: {"code", "name", "department", "verdict", "amount"
 * (text, yuan, or null), "period", "held", "excluded_by", "reasons": [...]}.
 * Reasons are in Chinese when zh, else English. */
#ifndef ONEDOOR_MATCH_JSON_H
#define ONEDOOR_MATCH_JSON_H

#include "onedoor/match.h"
#include "onedoor/strbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* Appends the menu of the last matcher_run (on `in`, as of `date`), ending
 * in a newline. */
void match_json_menu(const struct matcher *m, const struct hh_input *in, bool zh, int32_t date,
		     struct strbuf *out);

/* Appends one item's object (index into the catalogue), as in the menu. */
void match_json_item(const struct matcher *m, const struct hh_input *in, int item, bool zh,
		     struct strbuf *out);

#endif
