/* commands.c - the binding table, the key bar and the help overlay. */
#include "onedoor/ui_commands.h"

#include "curses_provider.h"
#include "onedoor/i18n.h"
#include "onedoor/ini_doc.h"
#include "onedoor/text_width.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *label;
} commands[] = {
	{"", ""},
#define UI_CMD_ROW(cmd, name, label) {name, label},
	UI_COMMAND_LIST(UI_CMD_ROW)
#undef UI_CMD_ROW
};
#define COMMAND_COUNT (int)(sizeof commands / sizeof commands[0])

static const char *const contexts[] = {
#define UI_CTX_NAME(ctx, name) name,
	UI_CONTEXT_LIST(UI_CTX_NAME)
#undef UI_CTX_NAME
};
#define CONTEXT_COUNT (int)(sizeof contexts / sizeof contexts[0])

/* ctrl: the letter, upper-case for Alt (see ui_commands.h). */
struct binding {
	enum ui_context ctx;
	int fkey;
	char ctrl;
	enum ui_command cmd;
};

/* Filled from conf/keys.ini by ui_bindings_load. */
static struct binding bindings[256];
static int binding_count;
#define BINDING_COUNT ((size_t)binding_count)

/* "F2 Ctrl-N" / "F12 Alt-G" -> fkey and letter (upper-case for Alt). */
static bool parse_keys(const char *text, int *fkey, char *letter)
{
	int f = 0;
	char mod[8] = "", l = 0;
	int used = 0;
	if (sscanf(text, " F%d %7[A-Za-z]-%c %n", &f, mod, &l, &used) != 3 || text[used] != '\0')
		return false;
	if (f < 1 || f > 12 || !((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z')))
		return false;
	l = (char)(l | 0x20);
	if (!strcmp(mod, "Ctrl")) {
		/* Taken by the terminal or by text fields: interrupt, backspace,
		 * Tab, Enter (twice), clear the field, suspend. */
		if (strchr("chijmuz", l))
			return false;
		*letter = l;
	} else if (!strcmp(mod, "Alt")) {
		*letter = (char)(l - 'a' + 'A');
	} else {
		return false;
	}
	*fkey = f;
	return true;
}

static int find_name(const char *name, bool context)
{
	if (context) {
		for (int i = 0; i < CONTEXT_COUNT; i++)
			if (!strcmp(contexts[i], name))
				return i;
	} else {
		for (int i = 1; i < COMMAND_COUNT; i++)
			if (!strcmp(commands[i].name, name))
				return i;
	}
	return -1;
}

enum od_status ui_bindings_load(const char *path, struct diag *d)
{
	struct ini_doc *doc;
	enum od_status st = ini_doc_load(path, &doc, d);
	if (st != OD_OK)
		return st;
	struct binding loaded[256];
	int n = 0;
	for (int s = 0; st == OD_OK && s < ini_doc_section_count(doc); s++) {
		const char *section = ini_doc_section_name(doc, s);
		int ctx = find_name(section, true);
		if (ctx < 0) {
			st = diag_at(d, OD_ERR_SYNTAX, path, ini_doc_section_line(doc, section),
				     _("unknown screen [%s]"), section);
			break;
		}
		for (int k = 0; k < ini_doc_key_count(doc, section); k++) {
			const char *name = ini_doc_key_name(doc, section, k);
			int line = ini_doc_line(doc, section, name);
			int cmd = find_name(name, false);
			int fkey;
			char letter;
			if (cmd < 0) {
				st = diag_at(d, OD_ERR_SYNTAX, path, line, _("unknown command \"%s\""), name);
				break;
			}
			if (!parse_keys(ini_doc_get(doc, section, name), &fkey, &letter)) {
				st = diag_at(d, OD_ERR_VALUE, path, line,
					     _("expected \"F<n> Ctrl-<letter>\" or \"F<n> Alt-<letter>\" "
					       "(Ctrl-C, H, I, J, M, U and Z are taken)"));
				break;
			}
			for (int j = 0; j < n; j++)
				if (loaded[j].ctx == (enum ui_context)ctx &&
				    (loaded[j].fkey == fkey || loaded[j].ctrl == letter)) {
					st = diag_at(d, OD_ERR_VALUE, path, line,
						     _("a key of \"%s\" already means \"%s\" in [%s]"),
						     name, commands[loaded[j].cmd].name, section);
					break;
				}
			if (st != OD_OK)
				break;
			if (n == (int)(sizeof loaded / sizeof loaded[0])) {
				st = diag_at(d, OD_ERR_VALUE, path, line, _("too many bindings"));
				break;
			}
			loaded[n++] = (struct binding){(enum ui_context)ctx, fkey, letter,
						       (enum ui_command)cmd};
		}
	}
	ini_doc_free(&doc);
	if (st != OD_OK)
		return st;
	memcpy(bindings, loaded, (size_t)n * sizeof *loaded);
	binding_count = n;
	return OD_OK;
}

static const struct binding *find_key(enum ui_context ctx, const struct ui_key *key)
{
	const struct binding *any = NULL;
	for (size_t i = 0; i < BINDING_COUNT; i++) {
		const struct binding *b = &bindings[i];
		bool alt = b->ctrl >= 'A' && b->ctrl <= 'Z';
		bool hit = key->kind == KEY_KIND_FUNC
				   ? key->code == KEY_F(b->fkey) || (!alt && key->code == CTRL(b->ctrl))
				   : alt && key->alt && key->ch == (uint32_t)(b->ctrl - 'A' + 'a');
		if (!hit)
			continue;
		if (b->ctx == ctx)
			return b;
		if (b->ctx == CTX_ANY)
			any = b;
	}
	return any;
}

enum ui_command ui_command_of(enum ui_context ctx, const struct ui_key *key)
{
	if (key->kind != KEY_KIND_FUNC && !key->alt)
		return CMD_NONE;
	const struct binding *b = find_key(ctx, key);
	return b ? b->cmd : CMD_NONE;
}

const char *ui_command_label(enum ui_command cmd)
{
	return commands[cmd].label;
}

static const struct binding *binding_of(enum ui_context ctx, enum ui_command cmd)
{
	const struct binding *any = NULL;
	for (size_t i = 0; i < BINDING_COUNT; i++) {
		if (bindings[i].cmd != cmd)
			continue;
		if (bindings[i].ctx == ctx)
			return &bindings[i];
		if (bindings[i].ctx == CTX_ANY)
			any = &bindings[i];
	}
	return any;
}

enum ui_command ui_command_named(const char *name)
{
	int i = find_name(name, false);
	return i > 0 ? (enum ui_command)i : CMD_NONE;
}

bool ui_command_key(enum ui_context ctx, enum ui_command cmd, char out[8])
{
	const struct binding *b = binding_of(ctx, cmd);
	if (!b)
		return false;
	snprintf(out, 8, "F%d", b->fkey);
	return true;
}

void ui_command_bar(enum ui_context ctx, const enum ui_command *cmds)
{
	char names[16][8];
	const char *pairs[34];
	int n = 0;
	for (int i = 0; cmds[i] != CMD_NONE && i < 16; i++) {
		const struct binding *b = binding_of(ctx, cmds[i]);
		if (!b)
			continue;
		snprintf(names[i], sizeof names[i], "F%d", b->fkey);
		pairs[n++] = names[i];
		pairs[n++] = _(commands[cmds[i]].label);
	}
	pairs[n] = NULL;
	pairs[n + 1] = NULL;
	ui_key_bar(pairs);
}

int ui_key_lines(enum ui_context ctx, char (*lines)[96], int max)
{
	int n = 0;
	for (size_t i = 0; i < BINDING_COUNT && n < max; i++) {
		const struct binding *b = &bindings[i];
		if (b->ctx != ctx && !(b->ctx == CTX_ANY && binding_of(ctx, b->cmd) == b))
			continue;
		bool alt = b->ctrl >= 'A' && b->ctrl <= 'Z';
		snprintf(lines[n], sizeof lines[n], "F%-2d  %s-%c   %s", b->fkey, alt ? "Alt" : "Ctrl",
			 alt ? b->ctrl : b->ctrl - 'a' + 'A', _(commands[b->cmd].label));
		n++;
	}
	return n;
}
