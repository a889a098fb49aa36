/* views.c - the screens' view logic without curses (ui_views.h). */
#include "onedoor/ui_views.h"

#include "onedoor/i18n.h"
#include "onedoor/labels.h"
#include "onedoor/ui_commands.h"

#include <stdio.h>
#include <string.h>

static bool given(const char *s)
{
	return s && *s;
}

bool cases_view_passes(const struct cases_filter *f, const struct case_row *r)
{
	if (f->mine && !r->mine)
		return false;
	if (given(f->stage) && strcmp(r->stage, f->stage) != 0)
		return false;
	if (f->light >= 0 && (int)r->light != f->light)
		return false;
	if (given(f->item) && strcmp(r->item_code, f->item) != 0)
		return false;
	if (given(f->centre) && strcmp(r->centre_code, f->centre) != 0)
		return false;
	if (given(f->find) && !strstr(r->subject_name, f->find) && !strstr(r->case_no, f->find) &&
	    !strstr(r->item_name, f->find))
		return false;
	return true;
}

struct cases_columns cases_view_columns(int cols)
{
	struct cases_columns c = {2, 17, 10, 16, 8, 11, 6};
	int used = 1 + c.light + c.no + c.name + c.item + c.stage + c.due + c.left + 6;
	if (cols > used) {
		/* The name gets a quarter of the spare width (names are cut at
		 * 80 columns), the item the rest. */
		int spare = cols - used;
		c.name += spare / 4 < 8 ? spare / 4 : 8;
		c.item += spare - (spare / 4 < 8 ? spare / 4 : 8);
	}
	return c;
}

void case_view_header(const struct case_row *r, char *out, size_t n)
{
	char track[192];
	snprintf(track, sizeof track, "%s%s", _(label_of(LABEL_TRACK, r->track)),
		 r->provisional ? _(" (provisional)") : "");
	snprintf(out, n, _("Stage: %s   Track: %s   Light: %s"), _(label_of(LABEL_STAGE, r->stage)),
		 track,
		 r->light == CASE_LIGHT_GREEN    ? _("G green")
		 : r->light == CASE_LIGHT_YELLOW ? _("Y yellow")
		 : r->light == CASE_LIGHT_RED    ? _("R red")
						 : _("none"));
}

int case_view_offered(const struct case_allowed *allowed, int n, int *out, int max)
{
	int k = 0;
	char key[8];
	for (int i = 0; i < n && k < max; i++)
		if (ui_command_key(CTX_CASE, ui_command_named(allowed[i].command), key))
			out[k++] = i;
	return k;
}

char goto_view_key(int i)
{
	if (i < 0 || i >= GOTO_VIEW_MAX)
		return '\0';
	return i < 9 ? (char)('1' + i) : (char)('a' + i - 9);
}

int goto_view_index(uint32_t ch, int n)
{
	int i = -1;
	if (ch >= '1' && ch <= '9')
		i = (int)(ch - '1');
	else if (ch >= 'a' && ch <= 'z')
		i = 9 + (int)(ch - 'a');
	else if (ch >= 'A' && ch <= 'Z')
		i = 9 + (int)(ch - 'A');
	return i < n && i < GOTO_VIEW_MAX ? i : -1;
}

struct goto_layout goto_view_layout(int n, int rows, int cols)
{
	/* Borders, a blank line above and below the list, the log-out line. */
	const int frame = 6, widest = 36;
	struct goto_layout l;
	int fit = rows - 2 - frame;
	if (fit < 1)
		fit = 1;
	l.columns = n <= fit ? 1 : (n + fit - 1) / fit;
	l.per_column = (n + l.columns - 1) / l.columns;
	if (l.per_column < 1)
		l.per_column = 1;
	l.column_width = (cols - 6) / l.columns;
	if (l.column_width > widest)
		l.column_width = widest;
	l.width = l.column_width * l.columns + 4;
	l.height = l.per_column + frame;
	return l;
}

const struct case_allowed *case_view_allowed(const struct case_allowed *allowed, int n,
					     enum ui_command cmd, const char *action)
{
	for (int i = 0; i < n; i++)
		if (cmd != CMD_NONE ? ui_command_named(allowed[i].command) == cmd
				    : !strcmp(allowed[i].action, action))
			return &allowed[i];
	return NULL;
}

/* Payment rolls ------------------------------------------------------------ */

bool roll_view_may(const char *actions, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = actions; p && (p = strstr(p, word)) != NULL; p += n)
		if ((p == actions || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

void roll_view_sums(const struct pay_line_row *lines, int n, struct roll_sums *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < n; i++) {
		const struct pay_line_row *l = &lines[i];
		if (strcmp(l->state, "held") == 0) {
			out->held++;
			out->held_fen += l->total_fen;
			continue;
		}
		out->to_pay++;
		out->amount_fen += l->amount_fen;
		out->back_pay_fen += l->back_pay_fen;
		out->total_fen += l->total_fen;
		if (strcmp(l->state, "paid") == 0) {
			out->paid++;
			out->paid_fen += l->total_fen;
		} else if (strcmp(l->state, "failed") == 0) {
			out->failed++;
			out->failed_fen += l->total_fen;
		}
	}
}

struct roll_columns roll_view_columns(int cols)
{
	/* Each at least as wide as its heading in either language ("Recipient",
	 * "This month"), and the account shortened to its two ends at 80. */
	struct roll_columns c = {4, 9, 12, 10, 9, 10, 10, 8};
	int used = c.no + c.name + c.item + c.amount + c.back + c.total + c.account + c.state + 7;
	if (cols > used) {
		/* The account gets its whole mask first (19 for a card), then
		 * the name and the item share the rest. */
		int spare = cols - used;
		int more = spare < 9 ? spare : 9;
		c.account += more;
		spare -= more;
		c.name += spare / 3;
		c.item += spare - spare / 3;
	}
	return c;
}

void roll_view_account(const char *masked, int width, char *out, size_t n)
{
	size_t len = strlen(masked);
	if (n == 0)
		return;
	if ((int)len <= width || len < 9) {
		snprintf(out, n, "%.*s", width < 0 ? 0 : width, masked);
		return;
	}
	/* head****tail: the shown ends as the server gave them, the stars
	 * shortened (at least one, so that it still reads as masked). */
	size_t head = 0, tail = 0;
	while (head < len && masked[head] != '*')
		head++;
	while (tail < len - head && masked[len - 1 - tail] != '*')
		tail++;
	int stars = width - (int)head - (int)tail;
	if (stars < 1) {
		/* Too narrow for both ends: the tail only, which identifies the card. */
		stars = width - (int)tail > 1 ? width - (int)tail : 1;
		head = 0;
		if ((int)tail + stars > width)
			tail = width > stars ? (size_t)(width - stars) : 0;
	}
	snprintf(out, n, "%.*s%.*s%s", (int)head, masked, stars, "****************************",
		 masked + len - tail);
}

void money_text(long long fen, char out[32])
{
	char digits[24];
	bool negative = fen < 0;
	unsigned long long v = negative ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
	snprintf(digits, sizeof digits, "%llu", v / 100);
	size_t len = strlen(digits), o = 0;
	if (negative)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, 32 - o, ".%02llu", v % 100);
}

void roll_view_months(const char *months, char *out, size_t n)
{
	const char *last = strrchr(months, ' ');
	if (!last) {
		snprintf(out, n, "%.7s", months);
		return;
	}
	int count = 1;
	for (const char *p = months; *p; p++)
		count += *p == ' ';
	snprintf(out, n, "%.7s..%.7s (%d)", months, last + 1, count);
}
