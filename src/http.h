/* http.h -- the daemon's HTTP server (libmicrohttpd): routes, request
 * bodies, problem+json errors, streamed NDJSON batches and metrics.  The
 * server holds the current model behind an atomic pointer; every request
 * takes its own reference at its start and drops it at its end, so a model
 * swapped out by http_set_model is freed by its last request. */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct model;

struct http_opts {
	struct sockaddr_storage addr;   /* from http_parse_listen */
	socklen_t addrlen;
	unsigned threads;               /* worker threads, >= 1 */
	size_t max_body;                /* request body limit in bytes */
	unsigned timeout;               /* idle connection timeout, seconds */
	unsigned max_conn;              /* connections in total */
	unsigned max_per_ip;            /* connections from one address */
	/* POST /v1/admin/reload: with a token, only requests that carry
	 * "Authorization: Bearer TOKEN" may reload; without one, only clients
	 * on a loopback address.  reload builds and swaps a new model (calling
	 * http_set_model) and returns 0, or non-zero with the reason in err;
	 * NULL: the endpoint answers 503. */
	const char *admin_token;
	int (*reload)(void *arg, char *err, size_t errlen);
	void *reload_arg;
	const struct web *web;          /* the page's files (GET /), or NULL;
					 * must outlive the server */
	/* Operations (issue 7). */
	int listen_fd;                  /* an already bound, listening socket
					 * (socket activation), or -1: bind addr */
	unsigned deadline;              /* seconds a request may take to arrive,
					 * headers and body; 0: no deadline */
	unsigned max_inflight;          /* POST requests at once before 503 */
	int access_log;                 /* one log line per request */
	unsigned test_stall;            /* testing: a body holding
					 * "nerdd:testing-stall" holds its worker
					 * this many seconds; 0: off */
	int unsafe_defaults;            /* testing: libmicrohttpd's own limits
					 * (no timeouts, no per-IP limit) */
};

/* Fills o with the defaults: 127.0.0.1:8080, one thread, 1 MiB bodies,
 * 30 s timeout, 1024 connections, 64 per address, no page, no inherited
 * socket, a 60 s request deadline, 256 POST requests in flight. */
void http_opts_init(struct http_opts *o);

/* Parses "127.0.0.1:8080", "[::1]:8080", "[::]:0" or "localhost:8080" into
 * o->addr.  Returns 0, or NERD_EARG with the reason in err. */
int http_parse_listen(const char *s, struct http_opts *o, char *err, size_t errlen);

struct http;

/* Binds and starts serving; until http_set_model gives it a model, the
 * extraction routes and /readyz answer 503.  Returns NULL with the reason
 * in err when the socket cannot be bound or the library refuses. */
struct http *http_start(const struct http_opts *o, char *err, size_t errlen);
/* The bound address as "127.0.0.1:41234" or "[::1]:41234" (valid until
 * http_free), and the port alone. */
const char *http_address(const struct http *h);
unsigned http_port(const struct http *h);
/* Makes m the current model; the server takes over the caller's reference
 * and drops its reference to the previous model (NULL unloads). */
void http_set_model(struct http *h, struct model *m);
/* Requests started and not yet completed. */
int http_inflight(const struct http *h);
/* Stops accepting connections; requests in flight go on. */
void http_quiesce(struct http *h);
/* Liveness, for the watchdog: how long, in milliseconds, the longest
 * running pipeline call of any worker thread has been running (0: none is
 * running); and a probe that hands MHD one connection over a socketpair and
 * asks GET /healthz on it: 1 answered within timeout_ms, 0 not answered,
 * -1 the server would not take the connection (full: no verdict). */
uint64_t http_busiest_ms(struct http *h);
int http_probe(struct http *h, int timeout_ms);
/* The request deadline's clock: how long a request whose clock started at
 * since_ms (monotonic milliseconds) has been arriving at now_ms; 0 when
 * since_ms is the later of the two (read from another thread). */
uint64_t http_request_age(uint64_t since_ms, uint64_t now_ms);
/* Counters kept outside the request path: reloads and their outcome. */
void http_count_reload(struct http *h, int ok);

/* Closes every connection, stops the threads, drops the model and frees
 * the server.  http_free(NULL) does nothing. */
void http_free(struct http *h);

#endif
