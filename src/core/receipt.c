/* receipt.c - the text of the acceptance receipt. */
#include "onedoor/receipt.h"

#include "onedoor/i18n.h"
#include "onedoor/text_width.h"

#include <stdio.h>
#include <string.h>

#define RECEIPT_COLS 72

static void centred(struct strbuf *out, const char *text)
{
	int pad = (RECEIPT_COLS - str_width(text)) / 2;
	for (int i = 0; i < pad; i++)
		strbuf_append(out, " ");
	strbuf_printf(out, "%s\n", text);
}

static void rule(struct strbuf *out)
{
	for (int i = 0; i < RECEIPT_COLS; i++)
		strbuf_append(out, "-");
	strbuf_append(out, "\n");
}

void receipt_format(const struct receipt *r, struct strbuf *out)
{
	centred(out, _("Social assistance: receipt of acceptance"));
	rule(out);
	strbuf_printf(out, _("Centre: %s, window %d\n"), r->centre_name, r->window);
	if (r->clerk_no && *r->clerk_no)
		strbuf_printf(out, _("Accepted by: %s (staff no. %s)    Date: %s\n"), r->clerk_name,
			      r->clerk_no, r->date);
	else
		strbuf_printf(out, _("Accepted by: %s    Date: %s\n"), r->clerk_name, r->date);
	strbuf_printf(out, _("Application: %s\n"), r->application_no);
	strbuf_printf(out, _("Applicant: %s    Resident ID: %s\n"), r->applicant_name,
		      r->applicant_id);
	rule(out);
	strbuf_printf(out, _("Items accepted (%d):\n"), r->n_cases);
	for (int i = 0; i < r->n_cases; i++) {
		const struct receipt_case *c = &r->cases[i];
		strbuf_printf(out, "%2d. %s (%s)\n", i + 1, c->item_name, c->department);
		strbuf_printf(out, _("    Case number: %s\n"), c->case_no);
		if (c->has_amount) {
			char amount[DEC_TEXT_SIZE];
			dec_format(c->amount, 2, amount);
			strbuf_printf(out,
				      c->monthly ? _("    Estimated: %s yuan a month (decided on approval)\n")
						 : _("    Estimated: %s yuan once (decided on approval)\n"),
				      amount);
		}
		if (*c->due_date)
			strbuf_printf(out, _("    Expected to be completed by: %s\n"), c->due_date);
		if (c->n_materials) {
			strbuf_append(out, _("    Materials to provide:"));
			for (int m = 0; m < c->n_materials; m++)
				strbuf_printf(out, "%s%s", m ? _(", ") : " ", c->materials[m]);
			strbuf_append(out, "\n");
		}
	}
	rule(out);
	strbuf_append(out, _("To ask how your application stands, bring your resident ID card to\n"
			     "any convenience centre window, or quote the application number.\n"
			     "Deadlines are counted in working days.\n"));
}
