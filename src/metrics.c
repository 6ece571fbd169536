/* metrics.c -- the daemon's counters as plain atomics (relaxed: each is
 * read on its own, and a scrape that sees one request's count before its
 * latency is harmless).  Statuses are bucketed into the few the daemon
 * answers with, so the table is fixed-size and needs no lock. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "metrics.h"
#include "sbuf.h"
#include "util.h"

static const char *route_name[METRICS_NROUTES] = {
	"/v1/extract", "/v1/extract/batch", "/healthz", "/readyz", "/v1/info", "/metrics",
	"web", "/v1/admin/reload", "other",
};

/* The statuses counted by name; everything else lands in the last slot. */
static const int status_code[] = {200, 400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503};
#define NSTATUS (ARRAY_LEN(status_code) + 1)

/* Latency bucket bounds in microseconds (written as seconds). */
static const uint64_t bucket_us[] = {
	250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
#define NBUCKET (ARRAY_LEN(bucket_us) + 1)

struct metrics {
	atomic_uint_fast64_t requests[METRICS_NROUTES][NSTATUS];
	atomic_uint_fast64_t buckets[METRICS_NROUTES][NBUCKET];   /* not cumulative */
	atomic_uint_fast64_t sum_us[METRICS_NROUTES];
	atomic_uint_fast64_t count[METRICS_NROUTES];
	atomic_uint_fast64_t bytes_in, bytes_out;
	atomic_uint_fast64_t docs_ok, docs_failed;
	atomic_int inflight;
};

#define ADD(var, n) atomic_fetch_add_explicit(&(var), (n), memory_order_relaxed)
#define GET(var) atomic_load_explicit(&(var), memory_order_relaxed)

struct metrics *metrics_new(void)
{
	struct metrics *mt = xmalloc(sizeof(*mt));
	for (int r = 0; r < METRICS_NROUTES; r++) {
		for (size_t s = 0; s < NSTATUS; s++)
			atomic_init(&mt->requests[r][s], 0);
		for (size_t b = 0; b < NBUCKET; b++)
			atomic_init(&mt->buckets[r][b], 0);
		atomic_init(&mt->sum_us[r], 0);
		atomic_init(&mt->count[r], 0);
	}
	atomic_init(&mt->bytes_in, 0);
	atomic_init(&mt->bytes_out, 0);
	atomic_init(&mt->docs_ok, 0);
	atomic_init(&mt->docs_failed, 0);
	atomic_init(&mt->inflight, 0);
	return mt;
}

void metrics_free(struct metrics *mt)
{
	free(mt);
}

const char *metrics_route_name(int route)
{
	if (route < 0 || route >= METRICS_NROUTES)
		route = METRICS_OTHER;
	return route_name[route];
}

static size_t status_slot(int status)
{
	for (size_t i = 0; i < ARRAY_LEN(status_code); i++)
		if (status_code[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_request(struct metrics *mt, int route, int status, uint64_t usec,
		     uint64_t bytes_in, uint64_t bytes_out)
{
	if (route < 0 || route >= METRICS_NROUTES)
		route = METRICS_OTHER;
	ADD(mt->requests[route][status_slot(status)], 1);
	size_t b = 0;
	while (b < ARRAY_LEN(bucket_us) && usec > bucket_us[b])
		b++;
	ADD(mt->buckets[route][b], 1);
	ADD(mt->sum_us[route], usec);
	ADD(mt->count[route], 1);
	ADD(mt->bytes_in, bytes_in);
	ADD(mt->bytes_out, bytes_out);
}

void metrics_documents(struct metrics *mt, uint64_t ok, uint64_t failed)
{
	ADD(mt->docs_ok, ok);
	ADD(mt->docs_failed, failed);
}

void metrics_inflight(struct metrics *mt, int delta)
{
	atomic_fetch_add_explicit(&mt->inflight, delta, memory_order_relaxed);
}

/* Microseconds as seconds, without trailing zeros ("0.25", "1"). */
static void put_seconds(struct sbuf *o, uint64_t us)
{
	sbuf_printf(o, "%llu", (unsigned long long)(us / 1000000));
	unsigned frac = (unsigned)(us % 1000000);
	if (!frac)
		return;
	int digits = 6;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	sbuf_printf(o, ".%0*u", digits, frac);
}

void metrics_write(struct metrics *mt, struct sbuf *o)
{
	sbuf_puts(o, "# HELP nerd_http_requests_total HTTP requests answered, by route and status.\n"
		     "# TYPE nerd_http_requests_total counter\n");
	for (int r = 0; r < METRICS_NROUTES; r++)
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t n = GET(mt->requests[r][s]);
			if (!n)
				continue;
			sbuf_printf(o, "nerd_http_requests_total{route=\"%s\",status=\"", route_name[r]);
			if (s < ARRAY_LEN(status_code))
				sbuf_printf(o, "%d", status_code[s]);
			else
				sbuf_puts(o, "other");
			sbuf_printf(o, "\"} %llu\n", (unsigned long long)n);
		}

	sbuf_puts(o, "# HELP nerd_http_request_duration_seconds Time from the request's headers to "
		     "its last response byte.\n"
		     "# TYPE nerd_http_request_duration_seconds histogram\n");
	for (int r = 0; r < METRICS_NROUTES; r++) {
		uint64_t cum = 0;
		for (size_t b = 0; b < NBUCKET; b++) {
			cum += GET(mt->buckets[r][b]);
			sbuf_printf(o, "nerd_http_request_duration_seconds_bucket{route=\"%s\",le=\"",
				    route_name[r]);
			if (b < ARRAY_LEN(bucket_us))
				put_seconds(o, bucket_us[b]);
			else
				sbuf_puts(o, "+Inf");
			sbuf_printf(o, "\"} %llu\n", (unsigned long long)cum);
		}
		sbuf_printf(o, "nerd_http_request_duration_seconds_sum{route=\"%s\"} ", route_name[r]);
		put_seconds(o, GET(mt->sum_us[r]));
		/* The count is the +Inf bucket, so a scrape stays self-consistent. */
		sbuf_printf(o, "\nnerd_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			    route_name[r], (unsigned long long)cum);
	}

	sbuf_printf(o, "# HELP nerd_http_request_bytes_total Request body bytes received.\n"
		       "# TYPE nerd_http_request_bytes_total counter\n"
		       "nerd_http_request_bytes_total %llu\n",
		    (unsigned long long)GET(mt->bytes_in));
	sbuf_printf(o, "# HELP nerd_http_response_bytes_total Response body bytes sent.\n"
		       "# TYPE nerd_http_response_bytes_total counter\n"
		       "nerd_http_response_bytes_total %llu\n",
		    (unsigned long long)GET(mt->bytes_out));
	sbuf_printf(o, "# HELP nerd_documents_total Documents run through the pipeline.\n"
		       "# TYPE nerd_documents_total counter\n"
		       "nerd_documents_total %llu\n",
		    (unsigned long long)GET(mt->docs_ok));
	sbuf_printf(o, "# HELP nerd_documents_failed_total Documents refused as invalid "
		       "(batch lines and single requests).\n"
		       "# TYPE nerd_documents_failed_total counter\n"
		       "nerd_documents_failed_total %llu\n",
		    (unsigned long long)GET(mt->docs_failed));
	sbuf_printf(o, "# HELP nerd_http_requests_in_flight Requests being received or answered.\n"
		       "# TYPE nerd_http_requests_in_flight gauge\n"
		       "nerd_http_requests_in_flight %d\n",
		    atomic_load_explicit(&mt->inflight, memory_order_relaxed));
}
