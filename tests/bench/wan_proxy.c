/* wan_proxy.c - a wide-area network between a client and the test server,
 * for benchmarks: every byte crossing in either direction is held for half
 * the round-trip time, as the e-government WAN between a township window
 * and the county's server would (20-50 ms).  The kernel here has no netem,
 * hence a proxy.
 *
 *   wan_proxy LISTEN_SOCKET TARGET_SOCKET ONE_WAY_MS COUNT_FILE
 *
 * Listens on the Unix socket LISTEN_SOCKET (name it DIR/.s.PGSQL.PORT and
 * libpq reaches it as host=DIR port=PORT), forwards each connection to
 * TARGET_SOCKET (the server's own socket file).  It also counts round
 * trips: a client turn (bytes to the server) that follows server bytes on
 * the same connection is one more, written to COUNT_FILE after each, so a
 * benchmark reads the file before and after a key to know how many round
 * trips the key cost.  At most MAX_CONN connections, each buffering what is
 * in flight; it runs until killed.  A benchmark tool, not product code. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { MAX_CONN = 64, CHUNK = 16384, MAX_PENDING = 4096 };

/* Bytes read at one moment, to be written at due_ms. */
struct chunk {
	int64_t due_ms;
	size_t len, off;
	char *data;
};

/* One direction of one connection: what was read from `from`, in order,
 * waiting to reach `to`. */
struct lane {
	struct chunk q[MAX_PENDING];
	size_t head, count;
};

struct conn {
	int client, server;
	struct lane up, down; /* up: client -> server */
	int last_dir;	      /* 1 up, 2 down, 0 none yet */
	int used;
};

static struct conn conns[MAX_CONN];
static int64_t one_way_ms;
static const char *count_file;
static unsigned long round_trips;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_count(void)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", count_file);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%lu\n", round_trips);
	if (fclose(f) == 0)
		rename(tmp, count_file);
}

static int unix_socket(const char *path, int listening)
{
	struct sockaddr_un a;
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof a.sun_path) {
		fprintf(stderr, "wan_proxy: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (listening) {
		unlink(path);
		if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 64) < 0) {
			close(fd);
			return -1;
		}
	} else if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void conn_close(struct conn *c)
{
	struct lane *lanes[2] = {&c->up, &c->down};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < lanes[l]->count; i++)
			free(lanes[l]->q[(lanes[l]->head + i) % MAX_PENDING].data);
	close(c->client);
	close(c->server);
	memset(c, 0, sizeof *c);
}

/* Reads what `fd` has into the lane; 0 on end of stream or error. */
static int lane_read(struct lane *ln, int fd)
{
	if (ln->count == MAX_PENDING)
		return 1; /* full: leave it in the socket until the lane drains */
	char *buf = malloc(CHUNK);
	if (!buf)
		return 0;
	ssize_t n = read(fd, buf, CHUNK);
	if (n <= 0) {
		free(buf);
		return n < 0 && (errno == EINTR || errno == EAGAIN);
	}
	struct chunk *ch = &ln->q[(ln->head + ln->count) % MAX_PENDING];
	ch->due_ms = now_ms() + one_way_ms;
	ch->len = (size_t)n;
	ch->off = 0;
	ch->data = buf;
	ln->count++;
	return 1;
}

/* Writes every chunk that is due; 0 on a write error. */
static int lane_flush(struct lane *ln, int fd, int64_t now)
{
	while (ln->count > 0) {
		struct chunk *ch = &ln->q[ln->head];
		if (ch->due_ms > now)
			return 1;
		ssize_t n = write(fd, ch->data + ch->off, ch->len - ch->off);
		if (n < 0)
			return errno == EINTR || errno == EAGAIN;
		ch->off += (size_t)n;
		if (ch->off < ch->len)
			return 1;
		free(ch->data);
		ln->head = (ln->head + 1) % MAX_PENDING;
		ln->count--;
	}
	return 1;
}

static int64_t lane_next_due(const struct lane *ln)
{
	return ln->count ? ln->q[ln->head].due_ms : INT64_MAX;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: wan_proxy LISTEN_SOCKET TARGET_SOCKET ONE_WAY_MS COUNT_FILE\n");
		return 2;
	}
	one_way_ms = strtol(argv[3], NULL, 10);
	count_file = argv[4];
	signal(SIGPIPE, SIG_IGN);
	int lfd = unix_socket(argv[1], 1);
	if (lfd < 0) {
		perror("wan_proxy: listen");
		return 1;
	}
	write_count();
	struct pollfd p[1 + 2 * MAX_CONN];
	for (;;) {
		int64_t now = now_ms(), next = INT64_MAX;
		int n = 0;
		p[n++] = (struct pollfd){lfd, POLLIN, 0};
		for (int i = 0; i < MAX_CONN; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			p[n++] = (struct pollfd){c->client, POLLIN, 0};
			p[n++] = (struct pollfd){c->server, POLLIN, 0};
			int64_t d = lane_next_due(&c->up);
			if (lane_next_due(&c->down) < d)
				d = lane_next_due(&c->down);
			if (d < next)
				next = d;
		}
		int timeout = next == INT64_MAX ? -1 : (int)(next > now ? next - now : 0);
		if (poll(p, (nfds_t)n, timeout) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents & POLLIN) {
			int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			int slot = -1;
			for (int i = 0; i < MAX_CONN && slot < 0; i++)
				if (!conns[i].used)
					slot = i;
			int sfd = cfd >= 0 && slot >= 0 ? unix_socket(argv[2], 0) : -1;
			if (sfd < 0) {
				if (cfd >= 0)
					close(cfd);
			} else {
				conns[slot] = (struct conn){.client = cfd, .server = sfd, .used = 1};
			}
		}
		int k = 1;
		now = now_ms();
		for (int i = 0; i < MAX_CONN; i++) {
			struct conn *c = &conns[i];
			if (!c->used)
				continue;
			short crev = 0, srev = 0;
			/* A connection accepted in this turn has no pollfd yet. */
			if (k < n && p[k].fd == c->client) {
				crev = p[k].revents;
				srev = p[k + 1].revents;
				k += 2;
			}
			int ok = 1;
			if (crev & (POLLIN | POLLHUP | POLLERR)) {
				if (c->last_dir == 2) {
					round_trips++;
					write_count();
				}
				c->last_dir = 1;
				ok = lane_read(&c->up, c->client);
			}
			if (ok && (srev & (POLLIN | POLLHUP | POLLERR))) {
				c->last_dir = 2;
				ok = lane_read(&c->down, c->server);
			}
			if (ok)
				ok = lane_flush(&c->up, c->server, now) &&
				     lane_flush(&c->down, c->client, now);
			if (!ok)
				conn_close(c);
		}
	}
}
