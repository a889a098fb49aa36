/* hh_json.h - a household document (JSON) read into the engine's input.
 *
 * The document is what the client sends to register_household and what
 * the database stores, gathered in one object:
 *   {"region": "511703", "hukou": "rural", "facts": {"deposits": "3000"},
 *    "members": [{"resident_id": "...", "name": "...", "relation": "self",
 *                 "facts": {"income_wage": "1200"}}]}
 * region, hukou and facts may be absent; facts hold single values (strings,
 * numbers, true/false, null = not entered).  This is the entry of the
 * engine inside the database server, so the reader trusts nothing: nesting,
 * sizes and member counts are bounded, and every refusal is a message, never
 * a crash.  It allocates nothing. */
#ifndef ONEDOOR_HH_JSON_H
#define ONEDOOR_HH_JSON_H

#include "onedoor/hh_facts.h"
#include "onedoor/status.h"

#include <stddef.h>

/* Longest text accepted for one value, in bytes (a fact, a name). */
#define HH_JSON_VALUE_MAX 512

/* Reads `len` bytes of JSON into *in (initialised here).  A malformed or
 * over-sized document is OD_ERR_SYNTAX with the reason in d.  A fact whose
 * value the engine refuses (an amount that is not one, an unknown choice)
 * is counted in *bad (may be NULL) and the first such message, naming the
 * fact ("member 2: income_wage: ..."), is kept in bad_diag (may be NULL);
 * keys the engine does not know are stored facts of the forms and are
 * skipped.  Returns OD_OK when the document as a whole read. */
enum od_status hh_json_read(const char *json, size_t len, struct hh_input *in, int *bad,
			    struct diag *bad_diag, struct diag *d);

#endif
