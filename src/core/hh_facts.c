/* hh_facts.c - entered household keys, and the facts computed from them. */
#include "onedoor/hh_facts.h"

#include "onedoor/civil_date.h"
#include "onedoor/i18n.h"
#include "onedoor/resident_id.h"
#include "onedoor/text_width.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const dom_hukou[] = {"urban", "rural", NULL};
static const char *const dom_sex[] = {"male", "female", NULL};
static const char *const dom_relation[] = {"self",	 "spouse",  "child", "parent",
					   "grandparent", "grandchild", "sibling", "other",
					   NULL};
static const char *const dom_status[] = {"normal", "deceased", "imprisoned", "missing", NULL};
static const char *const dom_disability[] = {"none",	"physical", "visual",	"hearing",
					     "speech", "intellectual", "mental", "multiple",
					     NULL};
static const char *const dom_illness[] = {"none", "chronic", "serious", NULL};
static const char *const dom_labour[] = {"full", "partial", "none", NULL};
static const char *const dom_school[] = {"none",   "preschool",  "primary", "junior",
					 "senior", "vocational", "college", NULL};
static const char *const dom_employment[] = {"employed",   "self_employed", "farming",
					     "unemployed", "retired",	    "none",
					     NULL};
static const char *const dom_emergency[] = {"none",	"disaster", "fire", "accident",
					    "sudden_illness", NULL};
static const char *const dom_legal_matter[] = {"none",	 "labour_pay", "injury", "family",
					       "crime_victim", "other",	     NULL};
static const char *const dom_empty[] = {NULL};

/* Indices of the values inference sets (must match the lists above). */
enum { LABOUR_NONE = 2, SCHOOL_NONE = 0, SCHOOL_PRIMARY = 2, SCHOOL_JUNIOR = 3,
       EMPLOYMENT_UNEMPLOYED = 3, EMPLOYMENT_NONE = 5 };

const char *const *hh_domain_values(enum hh_domain dom)
{
	switch (dom) {
	case DOM_NONE:
	case DOM_COUNT:
		return dom_empty;
	case DOM_HUKOU:
		return dom_hukou;
	case DOM_SEX:
		return dom_sex;
	case DOM_RELATION:
		return dom_relation;
	case DOM_STATUS:
		return dom_status;
	case DOM_DISABILITY:
		return dom_disability;
	case DOM_ILLNESS:
		return dom_illness;
	case DOM_LABOUR:
		return dom_labour;
	case DOM_SCHOOL:
		return dom_school;
	case DOM_EMPLOYMENT:
		return dom_employment;
	case DOM_EMERGENCY:
		return dom_emergency;
	case DOM_LEGAL_MATTER:
		return dom_legal_matter;
	}
	return dom_empty;
}

const char *hh_domain_name(enum hh_domain dom)
{
	static const char *const names[] = {"",	      "hukou",	 "sex",	   "relation",
					    "status",     "disability", "illness", "labour",
					    "school",     "employment", "emergency", "legal_matter"};
	return (unsigned)dom < DOM_COUNT ? names[dom] : "";
}

int hh_domain_find(enum hh_domain dom, const char *value, size_t len)
{
	const char *const *v = hh_domain_values(dom);
	for (int i = 0; v[i]; i++)
		if (strlen(v[i]) == len && memcmp(v[i], value, len) == 0)
			return i;
	return -1;
}

#define INFO_ROW(id, name, type, dom, label) {name, type, dom, label},
static const struct hh_fact_info hf_info[] = {HF_LIST(INFO_ROW)};
static const struct hh_fact_info mf_info[] = {MF_LIST(INFO_ROW)};
static const struct hh_fact_info hk_info[] = {HH_KEY_LIST(INFO_ROW)};
static const struct hh_fact_info mk_info[] = {HM_KEY_LIST(INFO_ROW)};
#undef INFO_ROW

const struct hh_fact_info *hh_fact_info(enum hh_fact f)
{
	return &hf_info[f];
}

const struct hh_fact_info *hm_fact_info(enum hm_fact f)
{
	return &mf_info[f];
}

const struct hh_fact_info *hh_key_info(enum hh_key k)
{
	return &hk_info[k];
}

const struct hh_fact_info *hm_key_info(enum hm_key k)
{
	return &mk_info[k];
}

static int find_name(const struct hh_fact_info *tab, int n, const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(tab[i].name) == len && memcmp(tab[i].name, name, len) == 0)
			return i;
	return -1;
}

int hh_fact_find(const char *name, size_t len)
{
	return find_name(hf_info, HF_COUNT, name, len);
}

int hm_fact_find(const char *name, size_t len)
{
	return find_name(mf_info, MF_COUNT, name, len);
}

void hh_input_init(struct hh_input *in)
{
	memset(in, 0, sizeof *in);
}

/* Value readers: each returns false when the text is not acceptable. */
static bool read_region(const char *v, char out[7])
{
	if (strlen(v) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	memcpy(out, v, 7);
	return true;
}

/* Numbers in full-width digits (as a Chinese input method types them) are
 * read as the form reads them; a comma stays an error here, as the file
 * format has no thousands separators.  False when it does not fit `buf`. */
static bool fold_number(const char *v, char *buf, size_t size)
{
	if (strlen(v) >= size)
		return false;
	utf8_ascii_fold(v, false, buf, size);
	return true;
}

static bool read_count(const char *text, int32_t max, int32_t *out)
{
	char v[64];
	if (!fold_number(text, v, sizeof v))
		return false;
	if (!*v || strlen(v) > 9)
		return false;
	int32_t n = 0;
	for (const char *c = v; *c; c++) {
		if (!isdigit((unsigned char)*c))
			return false;
		n = n * 10 + (*c - '0');
	}
	if (n > max)
		return false;
	*out = n;
	return true;
}

/* No household's amount comes near this (the form's own ceiling); refusing
 * more keeps sums of sixteen members' incomes far from overflow. */
#define AMOUNT_MAX (INT64_C(100000000) * DEC_SCALE)

/* Yuan with at most two decimals; `negative_ok` for net property income. */
static bool read_amount(const char *text, bool negative_ok, dec_t *out)
{
	char v[128];
	if (!fold_number(text, v, sizeof v))
		return false;
	const char *dot = strchr(v, '.');
	if (dot && strlen(dot + 1) > 2)
		return false;
	dec_t d;
	if (!dec_parse(v, &d) || (d < 0 && !negative_ok) || d > AMOUNT_MAX || d < -AMOUNT_MAX)
		return false;
	*out = d;
	return true;
}

static bool read_yes_no(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0)
		*out = false;
	else
		return false;
	return true;
}

static bool read_enum(enum hh_domain dom, const char *v, int8_t *out)
{
	int i = hh_domain_find(dom, v, strlen(v));
	if (i < 0)
		return false;
	*out = (int8_t)i;
	return true;
}

/* "expected one of a|b|c" for a domain. */
static void domain_list(enum hh_domain dom, char *buf, size_t size)
{
	buf[0] = '\0';
	size_t n = 0;
	for (const char *const *v = hh_domain_values(dom); *v; v++) {
		int w = snprintf(buf + n, size - n, "%s%s", n ? "|" : "", *v);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
}

static enum od_status bad_value(struct diag *d, const struct hh_fact_info *k, const char *value)
{
	char list[200];
	switch (k->type) {
	case HT_ENUM:
		domain_list(k->domain, list, sizeof list);
		return diag_set(d, OD_ERR_VALUE, _("%s: \"%s\" is not one of %s"), k->name, value,
				list);
	case HT_BOOL:
		return diag_set(d, OD_ERR_VALUE, _("%s: \"%s\" is not yes or no"), k->name, value);
	case HT_NUM:
		break;
	}
	return diag_set(d, OD_ERR_VALUE, _("%s: \"%s\" is not a valid value"), k->name, value);
}

/* An amount refused: say what an amount is (absurd and negative values). */
static enum od_status bad_amount(struct diag *d, const struct hh_fact_info *k, const char *value,
				 bool negative_ok)
{
	return diag_set(d, OD_ERR_VALUE,
			negative_ok ? _("%s: \"%s\" is not an amount of yuan from -100000000 to "
					"100000000 with at most two decimals")
				    : _("%s: \"%s\" is not an amount of yuan from 0 to 100000000 with "
					"at most two decimals"),
			k->name, value);
}

static int key_index(const struct hh_fact_info *tab, int n, const char *key)
{
	return find_name(tab, n, key, strlen(key));
}

enum od_status hh_input_set(struct hh_input *in, const char *key, const char *value,
			    struct diag *d)
{
	int k = key_index(hk_info, HK_COUNT, key);
	if (k < 0)
		return OD_ERR_NOT_FOUND;
	bool ok = false, amount = false; /* amount: an amount was refused */
	switch ((enum hh_key)k) {
	case HK_REGION:
		ok = read_region(value, in->region);
		break;
	case HK_HUKOU:
		ok = read_enum(DOM_HUKOU, value, &in->hukou);
		break;
	case HK_HUKOU_REGION:
		ok = read_region(value, in->hukou_region);
		break;
	case HK_RESIDENCE_YEARS:
		ok = read_count(value, 150, &in->residence_years);
		break;
	case HK_APPLICATION_DATE:
		ok = cdate_parse(value, &in->application_date);
		break;
	case HK_DEPOSITS:
		ok = read_amount(value, false, &in->deposits);
		amount = !ok;
		break;
	case HK_HOUSES:
		ok = read_count(value, 1000, &in->houses);
		break;
	case HK_VEHICLES:
		ok = read_count(value, 1000, &in->vehicles);
		break;
	case HK_MEDICAL_SELFPAID:
		ok = read_amount(value, false, &in->medical_selfpaid);
		amount = !ok;
		break;
	case HK_EDUCATION_SPENDING:
		ok = read_amount(value, false, &in->education_spending);
		amount = !ok;
		break;
	case HK_EMERGENCY:
		ok = read_enum(DOM_EMERGENCY, value, &in->emergency);
		break;
	case HK_LABOUR_DEATH:
		ok = read_yes_no(value, &in->labour_death);
		break;
	case HK_SINGLE_PERSON:
		ok = read_yes_no(value, &in->single_person);
		break;
	case HK_HOUSE_UNSAFE:
		ok = read_yes_no(value, &in->house_unsafe);
		break;
	case HK_LEGAL_MATTER:
		ok = read_enum(DOM_LEGAL_MATTER, value, &in->legal_matter);
		break;
	case HK_POVERTY_REGISTERED:
		ok = read_yes_no(value, &in->poverty_registered);
		break;
	case HK_HOLDS: {
		/* Kept without spaces: "dibao_rural,medical". */
		size_t n = 0;
		ok = true;
		for (const char *c = value; *c && ok; c++) {
			if (*c == ' ' || *c == '\t')
				continue;
			if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' ||
			      *c == ',') ||
			    n + 1 >= sizeof in->holds)
				ok = false;
			else
				in->holds[n++] = *c;
		}
		in->holds[n] = '\0';
		break;
	}
	case HK_COUNT:
		break;
	}
	if (amount)
		return bad_amount(d, &hk_info[k], value, false);
	if (!ok)
		return bad_value(d, &hk_info[k], value);
	in->present |= 1u << k;
	return OD_OK;
}

/* Copies at most size-1 bytes without cutting a UTF-8 sequence. */
static void copy_utf8(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

enum od_status hh_input_set_member(struct hh_input *in, int index, const char *key,
				   const char *value, struct diag *d)
{
	if (index < 0 || index >= HH_MAX_MEMBERS)
		return diag_set(d, OD_ERR_VALUE, _("a household has at most %d members"),
				HH_MAX_MEMBERS);
	int k = key_index(mk_info, MK_COUNT, key);
	if (k < 0)
		return OD_ERR_NOT_FOUND;
	struct hh_member_input *m = &in->m[index];
	bool ok = false;
	switch ((enum hm_key)k) {
	case MK_ID: {
		struct resident_id rid;
		enum rid_error e = rid_parse(value, &rid);
		if (e != RID_OK)
			return diag_set(d, OD_ERR_VALUE, "id: %s", _(rid_error_message(e)));
		memcpy(m->id, rid.text, sizeof rid.text);
		m->birth = rid.birth;
		m->sex = rid.sex;
		ok = true;
		break;
	}
	case MK_NAME:
		copy_utf8(m->name, sizeof m->name, value);
		ok = *value != '\0';
		break;
	case MK_RELATION:
		ok = read_enum(DOM_RELATION, value, &m->relation);
		break;
	case MK_STATUS:
		ok = read_enum(DOM_STATUS, value, &m->status);
		break;
	case MK_DISABILITY:
		ok = read_enum(DOM_DISABILITY, value, &m->disability);
		break;
	case MK_DISABILITY_GRADE: {
		int32_t g;
		ok = read_count(value, 4, &g);
		m->disability_grade = (int8_t)g;
		break;
	}
	case MK_ILLNESS:
		ok = read_enum(DOM_ILLNESS, value, &m->illness);
		break;
	case MK_LABOUR:
		ok = read_enum(DOM_LABOUR, value, &m->labour);
		break;
	case MK_SCHOOL:
		ok = read_enum(DOM_SCHOOL, value, &m->school);
		break;
	case MK_EMPLOYMENT:
		ok = read_enum(DOM_EMPLOYMENT, value, &m->employment);
		break;
	case MK_INCOME_WAGE:
	case MK_INCOME_BUSINESS:
	case MK_INCOME_PROPERTY:
	case MK_INCOME_TRANSFER:
		ok = read_amount(value, k == MK_INCOME_PROPERTY, &m->income[k - MK_INCOME_WAGE]);
		if (!ok)
			return bad_amount(d, &mk_info[k], value, k == MK_INCOME_PROPERTY);
		break;
	case MK_SUPPORT_PAID:
		ok = read_amount(value, false, &m->support_paid);
		if (!ok)
			return bad_amount(d, &mk_info[k], value, false);
		break;
	case MK_TWO_CANCERS:
		ok = read_yes_no(value, &m->two_cancers);
		break;
	case MK_COUNT:
		break;
	}
	if (!ok)
		return bad_value(d, &mk_info[k], value);
	m->present |= 1u << k;
	if (index >= in->count)
		in->count = index + 1;
	return OD_OK;
}

enum od_status hh_input_check(const struct hh_input *in, int *member, struct diag *d)
{
	int scratch;
	if (!member)
		member = &scratch;
	*member = 0;
	if (in->count == 0)
		return diag_set(d, OD_ERR_VALUE, _("the household has no [member.1]"));
	for (int i = 0; i < in->count; i++) {
		const struct hh_member_input *m = &in->m[i];
		*member = i + 1;
		if (m->present == 0)
			return diag_set(d, OD_ERR_VALUE, _("[member.%d] is missing"), i + 1);
		if (!(m->present & (1u << MK_ID)))
			return diag_set(d, OD_ERR_VALUE, _("[member.%d] has no id"), i + 1);
		bool self = (m->present & (1u << MK_RELATION)) && m->relation == 0;
		if (i == 0 && (m->present & (1u << MK_RELATION)) && !self)
			return diag_set(d, OD_ERR_VALUE,
					_("[member.1] is the applicant: relation must be self"));
		if (i > 0 && self)
			return diag_set(d, OD_ERR_VALUE,
					_("[member.%d]: only member 1 is \"self\""), i + 1);
		for (int j = 0; j < i; j++)
			if (strcmp(in->m[j].id, m->id) == 0)
				return diag_set(d, OD_ERR_VALUE,
						_("[member.%d] repeats the id of [member.%d]"), i + 1,
						j + 1);
	}
	*member = 0;
	return OD_OK;
}

/* Fact computation ----------------------------------------------------------- */

static const struct hh_missing present = {0, HH_NOT_MISSING};

static struct hh_missing miss(int member, int key)
{
	struct hh_missing m = {(uint8_t)member, (uint8_t)key};
	return m;
}

static bool is_missing(struct hh_missing m)
{
	return m.key != HH_NOT_MISSING;
}

/* Sets a household fact, or marks it missing when `why` says so. */
static void set_h(struct hh_facts *f, enum hh_fact k, int64_t v, struct hh_missing why)
{
	f->h[k] = is_missing(why) ? 0 : v;
	f->hmiss[k] = why;
}

bool hh_no_work(int employment)
{
	return employment == EMPLOYMENT_UNEMPLOYED || employment == EMPLOYMENT_NONE;
}

int hh_school_by_age(int age)
{
	if (age < 0)
		return -1;
	if (age < 3)
		return SCHOOL_NONE;
	if (age >= 7 && age < 12)
		return SCHOOL_PRIMARY;
	if (age >= 12 && age < 15)
		return SCHOOL_JUNIOR;
	return -1;
}

static void compute_member(const struct hh_member_input *m, int index, int32_t date,
			   struct hh_facts *f)
{
	int64_t *v = f->m[index];
	struct hh_missing *w = f->mmiss[index];
	int who = index + 1;
	for (int k = 0; k < MF_COUNT; k++)
		w[k] = present;
#define HAS(key) ((m->present & (1u << (key))) != 0)
#define ENUM_FACT(fact, key, field)                  \
	do {                                          \
		v[fact] = (field);                    \
		if (!HAS(key))                        \
			w[fact] = miss(who, key);     \
	} while (0)
	if (HAS(MK_ID) && date != 0) {
		v[MF_AGE] = (int64_t)cdate_age_on(m->birth, date) * DEC_SCALE;
		v[MF_SEX] = m->sex == 'F';
	} else {
		w[MF_AGE] = w[MF_SEX] = miss(who, MK_ID);
	}
	ENUM_FACT(MF_RELATION, MK_RELATION, m->relation);
	if (index == 0 && !HAS(MK_RELATION)) {
		v[MF_RELATION] = 0; /* member 1 is the applicant by definition */
		w[MF_RELATION] = present;
	}
	v[MF_STATUS] = HAS(MK_STATUS) ? m->status : 0; /* blank status: living at home */
	ENUM_FACT(MF_DISABILITY, MK_DISABILITY, m->disability);
	if (HAS(MK_DISABILITY_GRADE)) {
		v[MF_DISABILITY_GRADE] = (int64_t)m->disability_grade * DEC_SCALE;
	} else if (HAS(MK_DISABILITY) && m->disability == 0) {
		v[MF_DISABILITY_GRADE] = 0; /* no disability, no grade */
	} else {
		v[MF_DISABILITY_GRADE] = 0;
		w[MF_DISABILITY_GRADE] = miss(who, MK_DISABILITY_GRADE);
	}
	v[MF_SEVERE_DISABILITY] = v[MF_DISABILITY_GRADE] >= 1 * DEC_SCALE &&
				  v[MF_DISABILITY_GRADE] <= 2 * DEC_SCALE;
	w[MF_SEVERE_DISABILITY] = w[MF_DISABILITY_GRADE];
	ENUM_FACT(MF_ILLNESS, MK_ILLNESS, m->illness);
	ENUM_FACT(MF_LABOUR, MK_LABOUR, m->labour);
	ENUM_FACT(MF_SCHOOL, MK_SCHOOL, m->school);
	ENUM_FACT(MF_EMPLOYMENT, MK_EMPLOYMENT, m->employment);

	/* Facts a blank leaves settled anyway are inferred, not asked. */
	uint8_t *inf = f->inferred[index];
	memset(inf, 0, MF_COUNT);
	bool aged = !is_missing(w[MF_AGE]);
	int64_t age = v[MF_AGE] / DEC_SCALE;
#define INFER(fact, key, value, why)              \
	do {                                      \
		if (!HAS(key)) {                  \
			v[fact] = (value);        \
			w[fact] = present;        \
			inf[fact] = (why);        \
		}                                 \
	} while (0)
	bool child = aged && age < HH_WORKING_AGE;
	if (child) {
		INFER(MF_EMPLOYMENT, MK_EMPLOYMENT, EMPLOYMENT_NONE, INF_UNDER_WORKING_AGE);
		INFER(MF_LABOUR, MK_LABOUR, LABOUR_NONE, INF_UNDER_WORKING_AGE);
	}
	int school = aged ? hh_school_by_age((int)age) : -1;
	if (school >= 0)
		INFER(MF_SCHOOL, MK_SCHOOL, school,
		      school == SCHOOL_NONE ? INF_UNDER_SCHOOL_AGE : INF_COMPULSORY_SCHOOL);
#undef INFER

	/* A member's income is missing only when no category was entered:
	 * the form leaves the categories a person does not have blank.  With
	 * none entered, a child has no income, and someone without work has
	 * no wage or business income: only what remains is asked for. */
	if (m->present & ((1u << MK_INCOME_WAGE) | (1u << MK_INCOME_BUSINESS) |
			  (1u << MK_INCOME_PROPERTY) | (1u << MK_INCOME_TRANSFER))) {
		dec_t year = m->income[0] + m->income[1] + m->income[2] + m->income[3];
		dec_t month = 0;
		dec_div(year, 12 * DEC_SCALE, &month);
		v[MF_INCOME] = month;
	} else if (child) {
		v[MF_INCOME] = 0;
		inf[MF_INCOME] = INF_UNDER_WORKING_AGE;
	} else {
		v[MF_INCOME] = 0;
		bool idle = !is_missing(w[MF_EMPLOYMENT]) && hh_no_work((int)v[MF_EMPLOYMENT]);
		w[MF_INCOME] = miss(who, idle ? MK_INCOME_TRANSFER : MK_INCOME_WAGE);
	}
	dec_t support = 0;
	dec_div(m->support_paid, 12 * DEC_SCALE, &support);
	v[MF_SUPPORT_PAID] = support;
	v[MF_TWO_CANCERS] = HAS(MK_TWO_CANCERS) && m->two_cancers; /* blank: no */
#undef ENUM_FACT
#undef HAS
}

/* First missing reason among several (present when none). */
static struct hh_missing first_missing(struct hh_missing a, struct hh_missing b)
{
	return is_missing(a) ? a : b;
}

void hh_facts_compute(const struct hh_input *in, int32_t date, const struct hh_fact_params *p,
		      struct hh_facts *f)
{
	f->date = date;
	f->count = in->count;
	for (int i = 0; i < in->count; i++)
		compute_member(&in->m[i], i, date, f);
#define HAS(key) ((in->present & (1u << (key))) != 0)
#define NEED(key) (HAS(key) ? present : miss(0, key))

	set_h(f, HF_HUKOU, in->hukou, NEED(HK_HUKOU));

	/* The basis: everyone living at home, or the applicant alone when a
	 * severely disabled adult applies as a single-person household. */
	struct hh_missing basis_why = present;
	bool single = false;
	if (in->single_person && in->count > 0) {
		basis_why = first_missing(f->mmiss[0][MF_AGE], f->mmiss[0][MF_SEVERE_DISABILITY]);
		single = f->m[0][MF_AGE] >= p->adult_age && f->m[0][MF_SEVERE_DISABILITY];
	}
	set_h(f, HF_SINGLE_PERSON, single, basis_why);
	int size = 0;
	for (int i = 0; i < in->count; i++) {
		f->counted[i] = f->m[i][MF_STATUS] == 0 && (!single || i == 0);
		size += f->counted[i];
	}
	set_h(f, HF_SIZE, (int64_t)size * DEC_SCALE, basis_why);

	/* Single parent: the applicant lives with a minor child and no spouse. */
	bool minor_child = false, spouse = false;
	struct hh_missing sp_why = present;
	for (int i = 1; i < in->count; i++) {
		if (f->m[i][MF_STATUS] != 0)
			continue;
		sp_why = first_missing(sp_why, f->mmiss[i][MF_RELATION]);
		if (f->m[i][MF_RELATION] == 1)
			spouse = true;
		if (f->m[i][MF_RELATION] == 2) {
			sp_why = first_missing(sp_why, f->mmiss[i][MF_AGE]);
			if (f->m[i][MF_AGE] < 18 * DEC_SCALE)
				minor_child = true;
		}
	}
	set_h(f, HF_SINGLE_PARENT, minor_child && !spouse, sp_why);

	/* Income on the basis: members' own income, plus support paid by
	 * members outside the basis with the exemption for aged payers. */
	dec_t income = 0, exempted = 0, share = 0;
	struct hh_missing inc_why = basis_why;
	bool ill = false, severe = false, elderly = false;
	for (int i = 0; i < in->count; i++) {
		const int64_t *m = f->m[i];
		if (f->counted[i]) {
			inc_why = first_missing(inc_why, f->mmiss[i][MF_INCOME]);
			income += m[MF_INCOME];
			inc_why = first_missing(inc_why, f->mmiss[i][MF_ILLNESS]);
			inc_why = first_missing(inc_why, f->mmiss[i][MF_SEVERE_DISABILITY]);
			inc_why = first_missing(inc_why, f->mmiss[i][MF_AGE]);
			ill |= m[MF_ILLNESS] == 2;
			severe |= m[MF_SEVERE_DISABILITY] != 0;
			elderly |= m[MF_AGE] >= p->elderly_age;
		} else if (m[MF_STATUS] != 1 && m[MF_SUPPORT_PAID] > 0) {
			dec_t part = m[MF_SUPPORT_PAID];
			if (!is_missing(f->mmiss[i][MF_AGE]) && m[MF_AGE] >= p->exemption_age) {
				dec_t off = 0;
				dec_mul(part, p->exemption_share, &off);
				exempted += off;
				part -= off;
			}
			income += part;
		}
	}
	if (ill)
		share += p->deduct_serious_illness;
	if (severe)
		share += p->deduct_severe_disability;
	if (minor_child && !spouse)
		share += p->deduct_single_parent;
	if (elderly)
		share += p->deduct_elderly;
	if (share > DEC_SCALE)
		share = DEC_SCALE;
	dec_t kept = 0;
	dec_mul(income, DEC_SCALE - share, &kept);
	set_h(f, HF_DEDUCTION_SHARE, share, inc_why);
	set_h(f, HF_EXEMPTED_SUPPORT, exempted, inc_why);
	set_h(f, HF_INCOME, kept, inc_why);
	dec_t per_capita = 0;
	if (size > 0)
		dec_div(kept, (dec_t)size * DEC_SCALE, &per_capita);
	set_h(f, HF_PER_CAPITA_INCOME, per_capita, inc_why);

	/* Expense-type hardship: rigid spending taken off the year's income. */
	struct hh_missing exp_why = first_missing(
		inc_why, first_missing(NEED(HK_MEDICAL_SELFPAID), NEED(HK_EDUCATION_SPENDING)));
	dec_t spend_month = 0, after = 0;
	dec_div(in->medical_selfpaid + in->education_spending, 12 * DEC_SCALE, &spend_month);
	if (size > 0)
		dec_div(kept - spend_month, (dec_t)size * DEC_SCALE, &after);
	set_h(f, HF_EXPENSE_PER_CAPITA_INCOME, after, exp_why);

	set_h(f, HF_DEPOSITS, in->deposits, NEED(HK_DEPOSITS));
	dec_t dep_pc = 0;
	if (size > 0)
		dec_div(in->deposits, (dec_t)size * DEC_SCALE, &dep_pc);
	set_h(f, HF_DEPOSITS_PER_CAPITA, dep_pc,
	      first_missing(NEED(HK_DEPOSITS), basis_why));
	set_h(f, HF_HOUSES, (int64_t)in->houses * DEC_SCALE, NEED(HK_HOUSES));
	set_h(f, HF_VEHICLES, (int64_t)in->vehicles * DEC_SCALE, NEED(HK_VEHICLES));
	set_h(f, HF_MEDICAL_SELFPAID, in->medical_selfpaid, NEED(HK_MEDICAL_SELFPAID));
	set_h(f, HF_EDUCATION_SPENDING, in->education_spending, NEED(HK_EDUCATION_SPENDING));
	set_h(f, HF_EMERGENCY, HAS(HK_EMERGENCY) ? in->emergency : 0, present);
	set_h(f, HF_LABOUR_DEATH, HAS(HK_LABOUR_DEATH) && in->labour_death, present);
	/* Blank means no: a household that says nothing has no such matter. */
	set_h(f, HF_HOUSE_UNSAFE, HAS(HK_HOUSE_UNSAFE) && in->house_unsafe, present);
	set_h(f, HF_LEGAL_MATTER, HAS(HK_LEGAL_MATTER) ? in->legal_matter : 0, present);
	set_h(f, HF_POVERTY_REGISTERED, HAS(HK_POVERTY_REGISTERED) && in->poverty_registered,
	      present);

	/* Residence: a hukou elsewhere needs enough years where one lives. */
	bool local = !HAS(HK_HUKOU_REGION) || strcmp(in->hukou_region, in->region) == 0;
	set_h(f, HF_LOCAL_HUKOU, local,
	      HAS(HK_HUKOU_REGION) ? NEED(HK_REGION) : present);
	set_h(f, HF_RESIDENCE_YEARS, (int64_t)in->residence_years * DEC_SCALE,
	      NEED(HK_RESIDENCE_YEARS));
	if (local)
		set_h(f, HF_RESIDENCE_OK, 1, f->hmiss[HF_LOCAL_HUKOU]);
	else
		set_h(f, HF_RESIDENCE_OK,
		      (int64_t)in->residence_years * DEC_SCALE >= p->residence_years_min,
		      NEED(HK_RESIDENCE_YEARS));
#undef NEED
#undef HAS
}
