/* fuzz_http.c -- libFuzzer harness for the daemon's HTTP side: raw bytes
 * are sent down one end of a socketpair whose other end is a connection of
 * a real libmicrohttpd daemon using nerdd's own handlers (http.c is
 * included here so that its static request handler and completion callback
 * can be driven by a daemon without threads, run step by step with
 * MHD_run: deterministic, and as fast as the parsing itself).  So both
 * libmicrohttpd's request parsing and everything http.c does with what it
 * parsed -- routes, methods, content types, Content-Length, chunked and
 * over-long bodies, text/plain query parameters, NDJSON batches, extraction
 * -- see the fuzzed bytes.  The body limit is 64 KiB so that the 413 paths
 * are reachable.
 * Checks: no crash, no leak (the completion callback frees each request;
 * LeakSanitizer watches), every answer starts with an HTTP status line, no
 * status is 500, and a problem+json or application/json body with a
 * Content-Length parses as JSON (the answer to a HEAD has none). */
#include "../../src/http.c"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>

#include "fuzz.h"
#include "model.h"

static struct http *srv;
static struct MHD_Daemon *daemon_;
static int verbose;     /* FUZZ_VERBOSE=1: print every answer */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[4096], err[1024];
	fuzz_gazdir(dir, sizeof(dir));
	log_set_level(LOG_LVL_ERROR);
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	struct model_opts mo = {dir};
	struct model *m = model_load(&mo, err, sizeof(err));
	FUZZ_CHECK(m, "model from %s: %s", dir, err);

	/* The server as http_start builds it, minus the listening socket and
	 * the threads. */
	srv = xcalloc(1, sizeof(*srv));
	http_opts_init(&srv->o);
	srv->o.max_body = 64 * 1024;
	srv->mt = metrics_new();
	atomic_init(&srv->model, NULL);
	atomic_init(&srv->active, 0);
	pthread_mutex_init(&srv->model_lock, NULL);
	http_set_model(srv, m);
	daemon_ = MHD_start_daemon(
		MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, http_handler, srv,
		MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)0,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_CONNECTION_MEMORY_INCREMENT, (size_t)4096,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, srv,
		MHD_OPTION_END);
	FUZZ_CHECK(daemon_, "MHD_start_daemon failed");
	return 0;
}

static unsigned connections(void)
{
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return di ? di->num_connections : 0;
}

/* Checks the first response in r[0..n); is_head: the first request was a
 * HEAD, whose answer has a Content-Length but no body. */
static void check_answer(const char *r, size_t n, int is_head)
{
	if (!n)
		return;         /* closed without an answer (malformed request line) */
	FUZZ_CHECK(n >= 12 && (!memcmp(r, "HTTP/1.1 ", 9) || !memcmp(r, "HTTP/1.0 ", 9)),
		   "no status line: %.*s", (int)(n < 200 ? n : 200), r);
	int status = atoi(r + 9);
	FUZZ_CHECK(status >= 100 && status < 600 && status != 500, "status %d: %.*s", status,
		   (int)(n < 2000 ? n : 2000), r);
	const char *eoh = memmem(r, n, "\r\n\r\n", 4);
	if (!eoh)
		return;
	size_t hlen = (size_t)(eoh - r) + 4;
	char *head = strndup(r, hlen);
	long clen = -1;
	int json = 0;
	for (char *l = strtok(head, "\r\n"); l; l = strtok(NULL, "\r\n")) {
		if (!strncasecmp(l, "Content-Length:", 15))
			clen = atol(l + 15);
		if (!strncasecmp(l, "Content-Type:", 13) &&
		    (strstr(l, "application/json") || strstr(l, "application/problem+json")))
			json = 1;
	}
	free(head);
	if (json && !is_head && clen > 0 && (size_t)clen <= n - hlen) {
		json_error_t je;
		/* A text/plain body may hold NUL bytes; the response carries
		 * them as \u0000, which is valid JSON (jansson wants a flag). */
		json_t *v = json_loadb(eoh + 4, (size_t)clen,
				       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
		FUZZ_CHECK(v, "status %d body is not JSON (%s): %.*s", status, je.text, (int)clen,
			   eoh + 4);
		json_decref(v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sv[2];
	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0,
		   "socketpair: %s", strerror(errno));
	int bufsz = 1 << 20;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	struct sockaddr_in peer = {.sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	FUZZ_CHECK(MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, sizeof(peer)) ==
			   MHD_YES,
		   "MHD_add_connection failed");

	struct sbuf resp;
	sbuf_init(&resp);
	size_t sent = 0;
	int idle = 0, closed = 0;
	for (int round = 0; round < 4000 && !closed && idle < 3; round++) {
		if (sent < size) {
			ssize_t w = write(sv[0], data + sent, size - sent);
			if (w > 0)
				sent += (size_t)w;
		}
		MHD_run(daemon_);
		int got = 0;
		for (;;) {
			char buf[65536];
			ssize_t r = read(sv[0], buf, sizeof(buf));
			if (r > 0) {
				sbuf_add(&resp, buf, (size_t)r);
				got = 1;
				continue;
			}
			if (r == 0)
				closed = 1;
			break;
		}
		/* Idle: everything sent and read by the server, and nothing new
		 * came back for a few rounds -- the server waits for more. */
		int unread = 0;
		ioctl(sv[0], SIOCOUTQ, &unread);
		idle = (!got && sent == size && unread == 0) ? idle + 1 : 0;
	}
	if (verbose)
		fprintf(stderr, "--- %zu bytes sent, %zu received:\n%.*s\n", size, resp.len,
			(int)resp.len, resp.buf);
	/* The first request's method (the server skips empty lines before a
	 * request line). */
	size_t skip = 0;
	while (skip < size && (data[skip] == '\r' || data[skip] == '\n'))
		skip++;
	int is_head = size - skip >= 5 && !memcmp(data + skip, "HEAD ", 5);
	check_answer(resp.buf, resp.len, is_head);
	sbuf_fini(&resp);
	close(sv[0]);
	/* The server notices the close and completes the request. */
	for (int round = 0; round < 100 && connections(); round++)
		MHD_run(daemon_);
	FUZZ_CHECK(connections() == 0, "a connection outlived its client");
	return 0;
}
