/* household.c - the registered household and its checks. */
#include "onedoor/household.h"

#include "onedoor/i18n.h"
#include "onedoor/strbuf.h"
#include "onedoor/text_width.h"
#include "onedoor/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code, *label;
} relations[] = {
#define REL_ROW(name, code, label) {code, label},
	RELATION_LIST(REL_ROW)
#undef REL_ROW
};

const char *relation_code(enum relation r)
{
	return relations[r].code;
}

const char *relation_label(enum relation r)
{
	return relations[r].label;
}

bool relation_from_code(const char *code, enum relation *out)
{
	for (int r = 0; r < REL_COUNT; r++)
		if (strcmp(relations[r].code, code) == 0) {
			*out = (enum relation)r;
			return true;
		}
	return false;
}

const char *hukou_code(enum hukou h)
{
	switch (h) {
	case HUKOU_URBAN:
		return "urban";
	case HUKOU_RURAL:
		return "rural";
	}
	return "urban";
}

void household_add_member(struct household *h, const char *resident_id, const char *name,
			  enum relation relation)
{
	if (h->count == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 4;
		h->members = xreallocarray(h->members, (size_t)h->cap, sizeof *h->members);
	}
	struct hh_member *m = &h->members[h->count++];
	m->resident_id = xstrdup(resident_id);
	m->name = xstrdup(name);
	m->relation = relation;
}

enum od_status household_check(const struct household *h, struct diag *d)
{
	if (h->count == 0)
		return diag_set(d, OD_ERR_VALUE, _("enter the applicant first"));
	for (int i = 0; i < h->count; i++) {
		const struct hh_member *m = &h->members[i];
		struct resident_id rid;
		enum rid_error e = rid_parse(m->resident_id, &rid);
		if (e != RID_OK)
			return diag_set(d, OD_ERR_VALUE, _("member %d: %s"), i + 1,
					_(rid_error_message(e)));
		if (!*m->name || !utf8_valid_text(m->name) || str_width(m->name) > 60)
			return diag_set(d, OD_ERR_VALUE, _("member %d: enter the name"), i + 1);
		if ((i == 0) != (m->relation == REL_SELF))
			return diag_set(d, OD_ERR_VALUE,
					_("member %d: the applicant comes first, and only once"),
					i + 1);
		for (int j = 0; j < i; j++) {
			struct resident_id other;
			if (rid_parse(h->members[j].resident_id, &other) == RID_OK &&
			    strcmp(other.text, rid.text) == 0)
				return diag_set(d, OD_ERR_VALUE,
						_("member %d has the same resident ID as member %d"),
						i + 1, j + 1);
		}
	}
	return OD_OK;
}

char *household_to_json(const struct household *h)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_printf(&b, "{\"hukou\":\"%s\",\"members\":[", hukou_code(h->hukou));
	for (int i = 0; i < h->count; i++) {
		const struct hh_member *m = &h->members[i];
		struct resident_id rid;
		const char *id = rid_parse(m->resident_id, &rid) == RID_OK ? rid.text : m->resident_id;
		strbuf_append(&b, i ? ",{\"resident_id\":" : "{\"resident_id\":");
		strbuf_append_json(&b, id);
		strbuf_append(&b, ",\"name\":");
		strbuf_append_json(&b, m->name);
		strbuf_printf(&b, ",\"relation\":\"%s\"}", relation_code(m->relation));
	}
	strbuf_append(&b, "]}");
	return b.text;
}

void household_clear(struct household *h)
{
	for (int i = 0; i < h->count; i++) {
		free(h->members[i].resident_id);
		free(h->members[i].name);
	}
	free(h->members);
	memset(h, 0, sizeof *h);
}
