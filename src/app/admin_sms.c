/* admin_sms.c - `onedoor-admin sms send --via COMMAND` and `sms status`:
 * the applicant's text messages leave through the county's SMS gateway.
 *
 * Each pending message is first claimed on the server (marked `sending`,
 * committed), then handed to COMMAND, run by /bin/sh with the number on
 * the first line of its standard input and the text on the second; exit
 * status 0 means sent, and the first line of its output is recorded as the
 * gateway's answer.  A message is claimed once, so it is never handed to
 * the gateway twice, even by two senders at once or after a crash (then it
 * stays `sending`, for a person to look at). */
#include "onedoor/admin_payments.h"

#include "onedoor/app.h"
#include "onedoor/i18n.h"
#include "onedoor/store_payments.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { GATEWAY_TIMEOUT_MS = 30000, BATCH = 50 };

/* Runs the gateway for one message.  Returns true when it exited 0;
 * answer gets the first line of what it printed (or why it failed). */
static bool run_gateway(const char *command, const char *phone, const char *body, char *answer,
			size_t size)
{
	int in[2], out[2];
	answer[0] = '\0';
	if (pipe(in) != 0 || pipe(out) != 0) {
		snprintf(answer, size, "pipe: %s", strerror(errno));
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(answer, size, "fork: %s", strerror(errno));
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		return false;
	}
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	/* A gateway that stops reading must not kill us with SIGPIPE. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	FILE *to = fdopen(in[1], "w");
	if (to) {
		fprintf(to, "%s\n%s\n", phone, body);
		fclose(to);
	} else {
		close(in[1]);
	}
	signal(SIGPIPE, old);
	size_t got = 0;
	bool timed_out = false;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long spent = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (spent >= GATEWAY_TIMEOUT_MS) {
			timed_out = true;
			kill(pid, SIGTERM);
			break;
		}
		struct pollfd p = {out[0], POLLIN, 0};
		int r = poll(&p, 1, (int)(GATEWAY_TIMEOUT_MS - spent));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		char chunk[256];
		ssize_t n = read(out[0], chunk, sizeof chunk);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && got + 1 < size; i++)
			answer[got++] = chunk[i];
		answer[got] = '\0';
	}
	close(out[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	answer[strcspn(answer, "\r\n")] = '\0';
	if (timed_out) {
		snprintf(answer, size, "%s", _("the gateway did not finish within 30 seconds"));
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	char why[128];
	if (WIFEXITED(status))
		snprintf(why, sizeof why, _("gateway exit status %d"), WEXITSTATUS(status));
	else
		snprintf(why, sizeof why, _("gateway killed by signal %d"), WTERMSIG(status));
	size_t used = strlen(answer);
	if (used)
		snprintf(answer + used, size - used, " (%s)", why);
	else
		snprintf(answer, size, "%s", why);
	return false;
}

static int sms_send(struct db *db, int argc, char **argv)
{
	static const struct option options[] = {
		{"via", required_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	const char *via = NULL;
	int opt;
	optind = 0; /* glibc: re-initialise (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, "v:", options, NULL)) != -1) {
		if (opt == 'v')
			via = optarg;
		else
			return EXIT_USAGE;
	}
	if (!via || !*via || optind != argc) {
		fprintf(stderr, _("usage: onedoor-admin sms send --via COMMAND\n"));
		return EXIT_USAGE;
	}
	int sent = 0, failed = 0;
	for (;;) {
		struct db_result *r = NULL;
		struct diag d;
		enum od_status st = sms_claim(db, BATCH, &r, &d);
		if (st != OD_OK) {
			fprintf(stderr, "onedoor-admin: %s\n", d.text);
			return st == OD_ERR_DENIED ? EXIT_USAGE : EXIT_FAILURE_RUN;
		}
		int n = db_rows(r);
		for (int i = 0; i < n; i++) {
			char answer[512];
			bool ok = run_gateway(via, db_value(r, i, "phone"), db_value(r, i, "body"), answer,
					      sizeof answer);
			if (sms_record(db, db_value(r, i, "id"), ok, answer, &d) != OD_OK) {
				/* Claimed but unrecorded: it stays `sending`, never resent. */
				fprintf(stderr, "onedoor-admin: %s\n", d.text);
				db_result_free(&r);
				return EXIT_FAILURE_RUN;
			}
			if (ok)
				sent++;
			else {
				failed++;
				fprintf(stderr, _("message %s to %s not sent: %s\n"), db_value(r, i, "id"),
					db_value(r, i, "phone"), answer);
			}
		}
		db_result_free(&r);
		if (n == 0)
			break;
	}
	printf(_("%d message(s) sent, %d failed\n"), sent, failed);
	return failed ? EXIT_FAILURE_RUN : EXIT_OK;
}

static int sms_status(struct db *db)
{
	struct db_result *r = NULL;
	struct diag d;
	if (sms_counts(db, &r, &d) != OD_OK) {
		fprintf(stderr, "onedoor-admin: %s\n", d.text);
		return EXIT_FAILURE_RUN;
	}
	for (int i = 0; i < db_rows(r); i++)
		printf("%s\t%s\n", db_value(r, i, "state"), db_value(r, i, "count"));
	db_result_free(&r);
	return EXIT_OK;
}

int admin_sms_run(struct db *db, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "send") == 0)
		return sms_send(db, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "status") == 0)
		return sms_status(db);
	fprintf(stderr, _("usage: onedoor-admin sms send --via COMMAND | sms status\n"));
	return EXIT_USAGE;
}
