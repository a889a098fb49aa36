/* match_cmd.h - `onedoor match FILE [--date D] [--catalogue DIR]
 * [--format text|json] [--lang zh_CN|en] [--config FILE]`: prints the menu
 * of a household file, every item with its verdict, amount and reasons,
 * and the proactive warnings.
 *
 * With --catalogue (repeatable: files or folders of INI files) no database
 * is needed; without it the catalogue is read from the database named by
 * the configuration.  The date is --date, else the file's application_date,
 * else today. */
#ifndef ONEDOOR_MATCH_CMD_H
#define ONEDOOR_MATCH_CMD_H

/* argv[0] is the command name ("match").  Returns the exit status: 0 on
 * success, 2 for bad arguments or a malformed household or catalogue file
 * (the message is "FILE:LINE: message" on stderr), 1 when the database
 * cannot be used. */
int match_main(int argc, char **argv);

#endif
