/* match_cmd.c - `onedoor match`: a household file's menu on stdout. */
#include "onedoor/match_cmd.h"

#include "onedoor/app.h"
#include "onedoor/catalogue_ini.h"
#include "onedoor/civil_date.h"
#include "onedoor/db.h"
#include "onedoor/household_file.h"
#include "onedoor/i18n.h"
#include "onedoor/match.h"
#include "onedoor/match_json.h"
#include "onedoor/store_catalogue.h"
#include "onedoor/strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum format { FORMAT_TEXT, FORMAT_JSON };

static void usage(FILE *out)
{
	fprintf(out, _("Usage: onedoor match FILE [--date YYYY-MM-DD] [--catalogue DIR]...\n"
		       "                     [--format text|json] [--lang zh_CN|en] [--config FILE]\n"
		       "Print the benefit menu of a household file (see forms/README.md).\n"));
}

/* The order of a menu: eligible first, then undecided, then the rest, each
 * in catalogue order. */
static int rank(uint8_t verdict)
{
	return verdict == VERDICT_ELIGIBLE ? 0 : verdict == VERDICT_MISSING ? 1 : 2;
}

static const char *verdict_words(uint8_t verdict)
{
	switch (verdict) {
	case VERDICT_ELIGIBLE:
		return _("eligible");
	case VERDICT_NOT_ELIGIBLE:
		return _("not eligible");
	default:
		return _("missing data");
	}
}

/* Calls emit for each line of text (without the newline). */
static void each_line(const char *text, void (*emit)(void *, const char *, size_t), void *arg)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		emit(arg, text, n);
		text += n + (nl != NULL);
	}
}

static void emit_text(void *arg, const char *line, size_t n)
{
	(void)arg;
	printf("      %.*s\n", (int)n, line);
}

static void print_text(const struct matcher *m, const struct hh_input *in, bool zh, int32_t date)
{
	const struct catalogue *cat = m->cat;
	char day[CDATE_TEXT_SIZE];
	cdate_format(date, day);
	printf(_("Menu for %s (%s), application date %s, region %s\n"),
	       in->count ? in->m[0].name : "", in->count ? in->m[0].id : "", day, m->region);
	struct strbuf reasons = STRBUF_INIT;
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < cat->n_items; i++) {
			const struct match_item *r = &m->items[i];
			if (rank(r->verdict) != pass)
				continue;
			const struct cat_item *it = &cat->items[i];
			char amount[DEC_TEXT_SIZE] = "";
			if (r->has_amount)
				dec_format(r->amount, 2, amount);
			printf("[%s] %s (%s)", verdict_words(r->verdict), zh ? it->name_zh : it->name_en,
			       it->code);
			if (r->has_amount)
				printf(strcmp(it->amount_period, "once") == 0 ? _("  %s yuan once")
									       : _("  %s yuan/month"),
				       amount);
			printf("\n");
			strbuf_reset(&reasons);
			match_explain_item(m, in, i, zh, &reasons);
			each_line(strbuf_text(&reasons), emit_text, NULL);
		}
	for (int w = 0; w < cat->n_warnings; w++) {
		if (!m->warnings[w].raised)
			continue;
		const struct cat_warning *cw = &cat->warnings[w];
		printf(_("[warning] %s (%s): %s\n"), zh ? cw->name_zh : cw->name_en, cw->code,
		       zh ? cw->message_zh : cw->message_en);
		strbuf_reset(&reasons);
		match_explain_warning(m, w, zh, &reasons);
		each_line(strbuf_text(&reasons), emit_text, NULL);
	}
	strbuf_free(&reasons);
}

static void print_json(const struct matcher *m, const struct hh_input *in, bool zh, int32_t date)
{
	struct strbuf out = STRBUF_INIT;
	match_json_menu(m, in, zh, date, &out);
	fputs(strbuf_text(&out), stdout);
	strbuf_free(&out);
}

/* The catalogue of the configured database. */
static int catalogue_from_db(const char *config_path, struct catalogue **cat, bool *zh,
			     bool lang_given)
{
	struct od_config cfg;
	if (!app_load_config(config_path, &cfg))
		return EXIT_USAGE;
	if (!lang_given)
		*zh = cfg.language == UI_LANG_ZH_CN;
	struct db *db = NULL;
	struct diag d;
	enum od_status st = db_connect(cfg.conninfo, NULL, NULL, "onedoor-match", &db, &d);
	if (st == OD_OK)
		st = store_catalogue_load(db, cat, &d);
	db_close(&db);
	config_clear(&cfg);
	if (st != OD_OK) {
		fprintf(stderr, "onedoor match: %s\n", d.text);
		return st == OD_ERR_SYNTAX || st == OD_ERR_VALUE ? EXIT_USAGE : EXIT_FAILURE_RUN;
	}
	return EXIT_OK;
}

int match_main(int argc, char **argv)
{
	static const struct option options[] = {
		{"date", required_argument, NULL, 'd'},
		{"catalogue", required_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"lang", required_argument, NULL, 'l'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *catalogues[32];
	int n_catalogues = 0;
	const char *config_path = NULL;
	enum format format = FORMAT_TEXT;
	int32_t date = 0;
	bool have_date = false, zh = true, lang_given = false;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:k:f:l:c:h", options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (!cdate_parse(optarg, &date)) {
				fprintf(stderr, _("onedoor match: --date wants YYYY-MM-DD, not \"%s\"\n"),
					optarg);
				return EXIT_USAGE;
			}
			have_date = true;
			break;
		case 'k':
			if (n_catalogues < 32)
				catalogues[n_catalogues++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) {
				format = FORMAT_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				format = FORMAT_JSON;
			} else {
				usage(stderr);
				return EXIT_USAGE;
			}
			break;
		case 'l':
			lang_given = true;
			zh = strncmp(optarg, "zh", 2) == 0;
			break;
		case 'c':
			config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	struct diag d;
	struct household_file *hf = NULL;
	if (household_file_load(argv[optind], &hf, &d) != OD_OK) {
		fprintf(stderr, "%s\n", d.text);
		return EXIT_USAGE;
	}
	struct catalogue *cat = NULL;
	int rc = EXIT_OK;
	if (n_catalogues > 0) {
		if (catalogue_ini_load(catalogues, n_catalogues, &cat, &d) != OD_OK) {
			fprintf(stderr, "%s\n", d.text);
			rc = EXIT_USAGE;
		}
	} else {
		rc = catalogue_from_db(config_path, &cat, &zh, lang_given);
	}
	if (rc == EXIT_OK) {
		app_set_language(zh ? UI_LANG_ZH_CN : UI_LANG_EN);
		if (!have_date)
			date = (hf->in.present & (1u << HK_APPLICATION_DATE)) ? hf->in.application_date
									    : cdate_today();
		struct matcher *m = matcher_new(cat);
		matcher_run(m, &hf->in, date);
		if (format == FORMAT_JSON)
			print_json(m, &hf->in, zh, date);
		else
			print_text(m, &hf->in, zh, date);
		matcher_free(&m);
	}
	catalogue_free(&cat);
	household_file_free(&hf);
	return rc;
}
