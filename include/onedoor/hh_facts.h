/* hh_facts.h - a household as the matching engine sees it.
 *
 * Two levels.  `struct hh_input` holds what the clerk entered (the keys of
 * the household file, forms/README.md), in fixed arrays so that matching a
 * household allocates nothing.  `struct hh_facts` holds what the engine
 * computes from it for one application date and one set of parameters:
 * ages, monthly incomes after exemptions and deductions, the single-person
 * basis, per-capita figures, residence eligibility.  Every fact can be
 * missing; a missing fact remembers which entered key was blank, so that a
 * verdict can say "member 2: income not entered" instead of "not eligible".
 *
 * The fact and value names here are the names of the rule language. */
#ifndef ONEDOOR_HH_FACTS_H
#define ONEDOOR_HH_FACTS_H

#include "onedoor/decimal.h"
#include "onedoor/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HH_MAX_MEMBERS 16
#define HH_HOLDS_SIZE 256

/* Value domains of the enumerated keys; each has its value names in
 * hh_facts.c, the index of a name being the stored value. */
enum hh_domain {
	DOM_NONE, /* a number or a yes/no */
	DOM_HUKOU,
	DOM_SEX,
	DOM_RELATION,
	DOM_STATUS,
	DOM_DISABILITY,
	DOM_ILLNESS,
	DOM_LABOUR,
	DOM_SCHOOL,
	DOM_EMPLOYMENT,
	DOM_EMERGENCY,
	DOM_LEGAL_MATTER,
	DOM_COUNT
};

/* The value names of a domain, NULL-terminated; index = stored value. */
const char *const *hh_domain_values(enum hh_domain dom);
const char *hh_domain_name(enum hh_domain dom);
/* Index of `value` in the domain, -1 when it is not one of its values. */
int hh_domain_find(enum hh_domain dom, const char *value, size_t len);

enum hh_type { HT_NUM, HT_BOOL, HT_ENUM };

/* Keys of the household file.  X(id, key, type, domain, label msgid). */
#define HH_KEY_LIST(X)                                                                  \
	X(HK_REGION, "region", HT_NUM, DOM_NONE, N_("region of application"))          \
	X(HK_HUKOU, "hukou", HT_ENUM, DOM_HUKOU, N_("hukou type"))                    \
	X(HK_HUKOU_REGION, "hukou_region", HT_NUM, DOM_NONE, N_("hukou region"))       \
	X(HK_RESIDENCE_YEARS, "residence_years", HT_NUM, DOM_NONE, N_("years of residence")) \
	X(HK_APPLICATION_DATE, "application_date", HT_NUM, DOM_NONE, N_("application date")) \
	X(HK_DEPOSITS, "deposits", HT_NUM, DOM_NONE, N_("deposits"))                  \
	X(HK_HOUSES, "houses", HT_NUM, DOM_NONE, N_("houses"))                        \
	X(HK_VEHICLES, "vehicles", HT_NUM, DOM_NONE, N_("vehicles"))                  \
	X(HK_MEDICAL_SELFPAID, "medical_selfpaid", HT_NUM, DOM_NONE,                   \
	  N_("self-paid medical costs (12 months)"))                                    \
	X(HK_EDUCATION_SPENDING, "education_spending", HT_NUM, DOM_NONE,               \
	  N_("education spending (12 months)"))                                         \
	X(HK_EMERGENCY, "emergency", HT_ENUM, DOM_EMERGENCY, N_("emergency"))          \
	X(HK_LABOUR_DEATH, "labour_death", HT_BOOL, DOM_NONE,                          \
	  N_("death of a main labourer in the last 12 months"))                        \
	X(HK_SINGLE_PERSON, "single_person", HT_BOOL, DOM_NONE,                        \
	  N_("applies as a single-person household"))                                   \
	X(HK_HOUSE_UNSAFE, "house_unsafe", HT_BOOL, DOM_NONE,                          \
	  N_("the house is rated unsafe (grade C or D)"))                               \
	X(HK_LEGAL_MATTER, "legal_matter", HT_ENUM, DOM_LEGAL_MATTER,                  \
	  N_("legal matter needing help"))                                              \
	X(HK_POVERTY_REGISTERED, "poverty_registered", HT_BOOL, DOM_NONE,              \
	  N_("registered out-of-poverty or monitored household"))                       \
	X(HK_HOLDS, "holds", HT_NUM, DOM_NONE, N_("items already received"))

#define HM_KEY_LIST(X)                                                                  \
	X(MK_ID, "id", HT_NUM, DOM_NONE, N_("resident ID"))                            \
	X(MK_NAME, "name", HT_NUM, DOM_NONE, N_("name"))                               \
	X(MK_RELATION, "relation", HT_ENUM, DOM_RELATION, N_("relation to the applicant")) \
	X(MK_STATUS, "status", HT_ENUM, DOM_STATUS, N_("status"))                      \
	X(MK_DISABILITY, "disability", HT_ENUM, DOM_DISABILITY, N_("disability"))      \
	X(MK_DISABILITY_GRADE, "disability_grade", HT_NUM, DOM_NONE, N_("disability grade")) \
	X(MK_ILLNESS, "illness", HT_ENUM, DOM_ILLNESS, N_("illness"))                  \
	X(MK_LABOUR, "labour", HT_ENUM, DOM_LABOUR, N_("labour capacity"))             \
	X(MK_SCHOOL, "school", HT_ENUM, DOM_SCHOOL, N_("schooling"))                   \
	X(MK_EMPLOYMENT, "employment", HT_ENUM, DOM_EMPLOYMENT, N_("employment"))      \
	X(MK_INCOME_WAGE, "income_wage", HT_NUM, DOM_NONE, N_("wage income"))          \
	X(MK_INCOME_BUSINESS, "income_business", HT_NUM, DOM_NONE, N_("business income")) \
	X(MK_INCOME_PROPERTY, "income_property", HT_NUM, DOM_NONE,                     \
	  N_("net property income"))                                                    \
	X(MK_INCOME_TRANSFER, "income_transfer", HT_NUM, DOM_NONE, N_("transfer income")) \
	X(MK_SUPPORT_PAID, "support_paid", HT_NUM, DOM_NONE, N_("support paid to the household")) \
	X(MK_TWO_CANCERS, "two_cancers", HT_BOOL, DOM_NONE,                            \
	  N_("cervical or breast cancer"))

enum hh_key {
#define HH_KEY_ENUM(id, key, type, dom, label) id,
	HH_KEY_LIST(HH_KEY_ENUM) HK_COUNT
};
enum hm_key {
	HM_KEY_LIST(HH_KEY_ENUM) MK_COUNT
#undef HH_KEY_ENUM
};

/* Facts the rule language reads.  Household facts: bare names; member facts:
 * `m.NAME` inside an aggregate, `applicant.NAME` outside.
 * X(id, name, type, domain, label msgid). */
#define HF_LIST(X)                                                                      \
	X(HF_HUKOU, "hukou", HT_ENUM, DOM_HUKOU, N_("hukou type"))                    \
	X(HF_SIZE, "size", HT_NUM, DOM_NONE, N_("household size"))                     \
	X(HF_INCOME, "income", HT_NUM, DOM_NONE, N_("monthly household income"))       \
	X(HF_PER_CAPITA_INCOME, "per_capita_income", HT_NUM, DOM_NONE,                 \
	  N_("per-capita monthly income"))                                              \
	X(HF_EXPENSE_PER_CAPITA_INCOME, "expense_per_capita_income", HT_NUM, DOM_NONE, \
	  N_("per-capita monthly income after medical and education spending"))         \
	X(HF_DEDUCTION_SHARE, "deduction_share", HT_NUM, DOM_NONE,                     \
	  N_("share of income deducted for health and age"))                            \
	X(HF_EXEMPTED_SUPPORT, "exempted_support", HT_NUM, DOM_NONE,                   \
	  N_("support payments exempted (monthly)"))                                    \
	X(HF_DEPOSITS, "deposits", HT_NUM, DOM_NONE, N_("deposits"))                  \
	X(HF_DEPOSITS_PER_CAPITA, "deposits_per_capita", HT_NUM, DOM_NONE,             \
	  N_("deposits per person"))                                                    \
	X(HF_HOUSES, "houses", HT_NUM, DOM_NONE, N_("houses"))                        \
	X(HF_VEHICLES, "vehicles", HT_NUM, DOM_NONE, N_("vehicles"))                  \
	X(HF_MEDICAL_SELFPAID, "medical_selfpaid", HT_NUM, DOM_NONE,                   \
	  N_("self-paid medical costs (12 months)"))                                    \
	X(HF_EDUCATION_SPENDING, "education_spending", HT_NUM, DOM_NONE,               \
	  N_("education spending (12 months)"))                                         \
	X(HF_EMERGENCY, "emergency", HT_ENUM, DOM_EMERGENCY, N_("emergency"))          \
	X(HF_LABOUR_DEATH, "labour_death", HT_BOOL, DOM_NONE,                          \
	  N_("death of a main labourer in the last 12 months"))                        \
	X(HF_SINGLE_PERSON, "single_person", HT_BOOL, DOM_NONE,                        \
	  N_("single-person household basis"))                                          \
	X(HF_SINGLE_PARENT, "single_parent", HT_BOOL, DOM_NONE,                        \
	  N_("single-parent household"))                                                \
	X(HF_LOCAL_HUKOU, "local_hukou", HT_BOOL, DOM_NONE, N_("local hukou"))         \
	X(HF_RESIDENCE_YEARS, "residence_years", HT_NUM, DOM_NONE, N_("years of residence")) \
	X(HF_RESIDENCE_OK, "residence_ok", HT_BOOL, DOM_NONE,                          \
	  N_("may apply here (hukou or long-term residence)"))                         \
	X(HF_HOUSE_UNSAFE, "house_unsafe", HT_BOOL, DOM_NONE,                          \
	  N_("the house is rated unsafe (grade C or D)"))                               \
	X(HF_LEGAL_MATTER, "legal_matter", HT_ENUM, DOM_LEGAL_MATTER,                  \
	  N_("legal matter needing help"))                                              \
	X(HF_POVERTY_REGISTERED, "poverty_registered", HT_BOOL, DOM_NONE,              \
	  N_("registered out-of-poverty or monitored household"))

#define MF_LIST(X)                                                                      \
	X(MF_AGE, "age", HT_NUM, DOM_NONE, N_("age"))                                  \
	X(MF_SEX, "sex", HT_ENUM, DOM_SEX, N_("sex"))                                  \
	X(MF_RELATION, "relation", HT_ENUM, DOM_RELATION, N_("relation to the applicant")) \
	X(MF_STATUS, "status", HT_ENUM, DOM_STATUS, N_("status"))                      \
	X(MF_DISABILITY, "disability", HT_ENUM, DOM_DISABILITY, N_("disability"))      \
	X(MF_DISABILITY_GRADE, "disability_grade", HT_NUM, DOM_NONE, N_("disability grade")) \
	X(MF_SEVERE_DISABILITY, "severe_disability", HT_BOOL, DOM_NONE,                \
	  N_("severe disability (grade 1 or 2)"))                                       \
	X(MF_ILLNESS, "illness", HT_ENUM, DOM_ILLNESS, N_("illness"))                  \
	X(MF_LABOUR, "labour", HT_ENUM, DOM_LABOUR, N_("labour capacity"))             \
	X(MF_SCHOOL, "school", HT_ENUM, DOM_SCHOOL, N_("schooling"))                   \
	X(MF_EMPLOYMENT, "employment", HT_ENUM, DOM_EMPLOYMENT, N_("employment"))      \
	X(MF_INCOME, "income", HT_NUM, DOM_NONE, N_("monthly income"))                 \
	X(MF_SUPPORT_PAID, "support_paid", HT_NUM, DOM_NONE, N_("support paid (monthly)")) \
	X(MF_TWO_CANCERS, "two_cancers", HT_BOOL, DOM_NONE, N_("cervical or breast cancer"))

enum hh_fact {
#define HH_FACT_ENUM(id, name, type, dom, label) id,
	HF_LIST(HH_FACT_ENUM) HF_COUNT
};
enum hm_fact {
	MF_LIST(HH_FACT_ENUM) MF_COUNT
#undef HH_FACT_ENUM
};

struct hh_fact_info {
	const char *name;
	enum hh_type type;
	enum hh_domain domain;
	const char *label; /* msgid */
};
const struct hh_fact_info *hh_fact_info(enum hh_fact f);
const struct hh_fact_info *hm_fact_info(enum hm_fact f);
const struct hh_fact_info *hh_key_info(enum hh_key k);
const struct hh_fact_info *hm_key_info(enum hm_key k);
/* Lookups by name; -1 when unknown. */
int hh_fact_find(const char *name, size_t len);
int hm_fact_find(const char *name, size_t len);

/* What the clerk entered; zero it (hh_input_init) before setting keys. */
struct hh_member_input {
	uint32_t present;        /* bit per enum hm_key that was given */
	char id[20];             /* normalised resident ID */
	char name[64];           /* truncated copy, for messages */
	int32_t birth;           /* from the ID */
	char sex;                /* 'M' / 'F' from the ID */
	int8_t relation, status, disability, illness, labour, school, employment;
	int8_t disability_grade; /* 0 none, 1 (most severe) .. 4 */
	bool two_cancers;        /* cervical or breast cancer (两癌) */
	dec_t income[4];         /* wage, business, property, transfer: 12-month totals */
	dec_t support_paid;      /* 12-month total */
	int line;                /* where the member's section starts (0 unknown) */
};

struct hh_input {
	uint32_t present; /* bit per enum hh_key that was given */
	char region[7], hukou_region[7];
	int8_t hukou, emergency, legal_matter;
	bool labour_death, single_person, house_unsafe, poverty_registered;
	int32_t residence_years, houses, vehicles;
	int32_t application_date;
	dec_t deposits, medical_selfpaid, education_spending;
	char holds[HH_HOLDS_SIZE]; /* comma-separated item codes */
	int count;
	struct hh_member_input m[HH_MAX_MEMBERS];
};

void hh_input_init(struct hh_input *in);

/* Sets [household] key to text value.  OD_ERR_NOT_FOUND when the key is not
 * one of ours (the caller keeps it), OD_ERR_VALUE with a message in d
 * (no file/line: the caller adds them) when the value is not acceptable. */
enum od_status hh_input_set(struct hh_input *in, const char *key, const char *value,
			    struct diag *d);
/* The same for member `index` (0-based; at most HH_MAX_MEMBERS; count grows
 * to cover it). */
enum od_status hh_input_set_member(struct hh_input *in, int index, const char *key,
				   const char *value, struct diag *d);
/* Checks the household as a whole: members 1..count present, member 1 is
 * "self", no ID twice.  d names the member; *member (may be NULL) gets its
 * number (1-based; 0 when the whole household is at fault). */
enum od_status hh_input_check(const struct hh_input *in, int *member, struct diag *d);

/* A missing fact points at the entered key that was blank:
 * member 0 = the [household] section, k = [member.k]; key is an hh_key or
 * hm_key accordingly.  {0, 0xff} means "nothing missing". */
struct hh_missing {
	uint8_t member;
	uint8_t key;
};
#define HH_NOT_MISSING 0xff

/* The parameters that fact computation itself needs (already resolved for
 * the region and date): exemption and deductions. */
struct hh_fact_params {
	dec_t exemption_age, exemption_share;
	dec_t deduct_serious_illness, deduct_severe_disability, deduct_single_parent,
		deduct_elderly, elderly_age, residence_years_min, adult_age;
};

/* Why a member fact that was left blank is known anyway: the law or the
 * other facts settle it, so the clerk is not asked (the explanation says
 * what was inferred and from what). */
enum hh_inference {
	INF_NONE,
	INF_UNDER_WORKING_AGE,  /* under 16: no employment, no labour, no income */
	INF_UNDER_SCHOOL_AGE,   /* under 3: not in school */
	INF_COMPULSORY_SCHOOL   /* 7 to 14: in compulsory schooling (primary, junior) */
};

/* Below this age a member neither works nor earns (劳动法 第十五条). */
#define HH_WORKING_AGE 16

/* What a member's other facts settle, shared by the engine (which infers
 * the blank facts from them) and the form (which then does not ask):
 * hh_no_work: the employment value (a DOM_EMPLOYMENT index) is unemployed
 * or none, so a blank wage or business income is not asked;
 * hh_school_by_age: the schooling an age settles (a DOM_SCHOOL index: none
 * under 3, primary at 7-11, junior secondary at 12-14), -1 otherwise. */
bool hh_no_work(int employment);
int hh_school_by_age(int age);

struct hh_facts {
	int32_t date; /* the application date the ages are computed on */
	int count;    /* members */
	int64_t h[HF_COUNT];
	struct hh_missing hmiss[HF_COUNT];
	int64_t m[HH_MAX_MEMBERS][MF_COUNT];
	struct hh_missing mmiss[HH_MAX_MEMBERS][MF_COUNT];
	bool counted[HH_MAX_MEMBERS]; /* member is on the income basis */
	uint8_t inferred[HH_MAX_MEMBERS][MF_COUNT]; /* enum hh_inference per member fact */
};

/* Computes the facts for an application on `date`.  Allocates nothing.  Numbers are
 * decimals (dec_t), yes/no 0/1, enumerations the value index. */
void hh_facts_compute(const struct hh_input *in, int32_t date, const struct hh_fact_params *p,
		      struct hh_facts *out);

#endif
