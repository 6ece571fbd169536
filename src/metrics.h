/* metrics.h -- counters for the daemon, written in the Prometheus text
 * format: requests by route and status, a latency histogram per route, bytes
 * in and out, documents processed.  Every counter is a lock-free atomic, so
 * any number of request threads may record while /metrics is being read.
 * A struct metrics is owned by whoever made it (the HTTP server). */
#ifndef METRICS_H
#define METRICS_H

#include <stdint.h>

struct sbuf;

/* The routes the daemon knows; anything else is counted as "other". */
enum metrics_route {
	METRICS_EXTRACT,
	METRICS_BATCH,
	METRICS_HEALTHZ,
	METRICS_READYZ,
	METRICS_INFO,
	METRICS_METRICS,
	METRICS_WEB,            /* the page: GET / and /static/... */
	METRICS_ADMIN,
	METRICS_OTHER,
	METRICS_NROUTES
};

struct metrics;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *mt);       /* metrics_free(NULL) does nothing */

/* The path label of a route ("/v1/extract", "other"). */
const char *metrics_route_name(int route);

/* One finished request: its route, HTTP status, wall time in microseconds
 * and the body bytes received and sent. */
void metrics_request(struct metrics *mt, int route, int status, uint64_t usec,
		     uint64_t bytes_in, uint64_t bytes_out);
/* Documents run through the pipeline (one per /v1/extract, one per batch
 * line), and those refused as invalid. */
void metrics_documents(struct metrics *mt, uint64_t ok, uint64_t failed);
/* Requests between their first byte and their completion. */
void metrics_inflight(struct metrics *mt, int delta);

/* Appends every metric in the Prometheus text exposition format 0.0.4. */
void metrics_write(struct metrics *mt, struct sbuf *out);

#endif
