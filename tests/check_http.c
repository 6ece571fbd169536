/* check_http.c -- unit tests of the HTTP server (http.c) and the metrics
 * (metrics.c) without the daemon around them: a server with no model yet
 * answers 503, a model handed over by http_set_model makes it ready, a
 * second one replaces it while requests go on, and the listen-address
 * parser, the request deadline's clock and the Prometheus writer behave. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "http.h"
#include "metrics.h"
#include "nerd.h"
#include "sbuf.h"

static char gazdir[4096];

/* Sends req to 127.0.0.1:port and returns the status; the whole answer is
 * left in buf (NUL-terminated). */
static int roundtrip(unsigned port, const char *req, char *buf, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	size_t n = 0;
	ssize_t r;
	while (n < len - 1 && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(fd);
	int status = 0;
	ck_assert_msg(sscanf(buf, "HTTP/1.1 %d", &status) == 1, "no status line in %s", buf);
	return status;
}

static struct model *load(void)
{
	struct model_opts mo = {.gazdir = gazdir};
	char err[512] = "";
	struct model *m = model_load(&mo, err, sizeof(err));
	ck_assert_msg(m != NULL, "model_load: %s", err);
	return m;
}

static struct http *start(void)
{
	struct http_opts o;
	http_opts_init(&o);
	char err[256];
	ck_assert_int_eq(http_parse_listen("127.0.0.1:0", &o, err, sizeof(err)), 0);
	o.threads = 2;
	struct http *h = http_start(&o, err, sizeof(err));
	ck_assert_msg(h != NULL, "http_start: %s", err);
	ck_assert_uint_gt(http_port(h), 0);
	return h;
}

#define CLOSE "Connection: close\r\n"

START_TEST(not_ready_without_model)
{
	struct http *h = start();
	char buf[8192];
	unsigned p = http_port(h);
	ck_assert_int_eq(roundtrip(p, "GET /healthz HTTP/1.1\r\nHost: x\r\n" CLOSE "\r\n", buf,
				   sizeof(buf)), 200);
	ck_assert_int_eq(roundtrip(p, "GET /readyz HTTP/1.1\r\nHost: x\r\n" CLOSE "\r\n", buf,
				   sizeof(buf)), 503);
	ck_assert_ptr_nonnull(strstr(buf, "application/problem+json"));
	ck_assert_ptr_nonnull(strstr(buf, "Retry-After: 1"));
	ck_assert_int_eq(roundtrip(p, "POST /v1/extract HTTP/1.1\r\nHost: x\r\n" CLOSE
				   "Content-Type: application/json\r\nContent-Length: 12\r\n\r\n"
				   "{\"text\":\"a\"}", buf, sizeof(buf)), 503);
	ck_assert_int_eq(roundtrip(p, "GET /v1/info HTTP/1.1\r\nHost: x\r\n" CLOSE "\r\n", buf,
				   sizeof(buf)), 503);

	http_set_model(h, load());
	ck_assert_int_eq(roundtrip(p, "GET /readyz HTTP/1.1\r\nHost: x\r\n" CLOSE "\r\n", buf,
				   sizeof(buf)), 200);
	ck_assert_int_eq(roundtrip(p, "POST /v1/extract HTTP/1.1\r\nHost: x\r\n" CLOSE
				   "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n"
				   "{\"text\":\"a\",\"id\":42}", buf, sizeof(buf)), 200);
	ck_assert_ptr_nonnull(strstr(buf, "\"id\":42"));

	/* Swapping in a new model; the old one is freed by the swap (no
	 * request holds it), which ASan and valgrind would catch if wrong. */
	http_set_model(h, load());
	ck_assert_int_eq(roundtrip(p, "GET /v1/info HTTP/1.1\r\nHost: x\r\n" CLOSE "\r\n", buf,
				   sizeof(buf)), 200);
	ck_assert_ptr_nonnull(strstr(buf, "\"model_version\""));
	ck_assert_int_eq(http_inflight(h), 0);
	http_free(h);
}
END_TEST

START_TEST(listen_addresses)
{
	struct http_opts o;
	char err[256];
	http_opts_init(&o);
	ck_assert_int_eq(http_parse_listen("127.0.0.1:8080", &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.addr.ss_family, AF_INET);
	ck_assert_uint_eq(ntohs(((struct sockaddr_in *)&o.addr)->sin_port), 8080);
	ck_assert_int_eq(http_parse_listen("[::1]:0", &o, err, sizeof(err)), 0);
	ck_assert_int_eq(o.addr.ss_family, AF_INET6);
	ck_assert_int_eq(http_parse_listen("0.0.0.0:65535", &o, err, sizeof(err)), 0);
	ck_assert_int_eq(http_parse_listen("127.0.0.1", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_ptr_nonnull(strstr(err, "HOST:PORT"));
	ck_assert_int_eq(http_parse_listen("127.0.0.1:65536", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_int_eq(http_parse_listen("127.0.0.1:", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_int_eq(http_parse_listen("127.0.0.1:80x", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_int_eq(http_parse_listen("::1:80", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_int_eq(http_parse_listen("[::1]80", &o, err, sizeof(err)), NERD_EARG);
	ck_assert_int_eq(http_parse_listen("300.1.1.1:80", &o, err, sizeof(err)), NERD_EARG);
}
END_TEST

START_TEST(metrics_text)
{
	struct metrics *mt = metrics_new();
	metrics_request(mt, METRICS_EXTRACT, 200, 300, 100, 2000);     /* 0.3 ms */
	metrics_request(mt, METRICS_EXTRACT, 200, 20000000, 10, 20);   /* 20 s: +Inf only */
	metrics_request(mt, METRICS_EXTRACT, 400, 100, 5, 50);
	metrics_request(mt, METRICS_OTHER, 418, 10, 0, 0);
	metrics_request(mt, 99, 404, 10, 0, 0);                        /* out of range: other */
	metrics_documents(mt, 3, 1);
	metrics_inflight(mt, 2);
	metrics_inflight(mt, -1);
	struct sbuf b;
	sbuf_init(&b);
	metrics_write(mt, &b);
	const char *s = sbuf_cstr(&b);
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_requests_total{route=\"/v1/extract\",status=\"200\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_requests_total{route=\"/v1/extract\",status=\"400\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_requests_total{route=\"other\",status=\"other\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_requests_total{route=\"other\",status=\"404\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\"0.00025\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\"0.0005\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\"10\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\"+Inf\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_sum{route=\"/v1/extract\"} 20.0004\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_duration_seconds_count{route=\"/v1/extract\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_request_bytes_total 115\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_response_bytes_total 2070\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_documents_total 3\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_documents_failed_total 1\n"));
	ck_assert_ptr_nonnull(strstr(s, "nerd_http_requests_in_flight 1\n"));
	/* Routes with no requests have no requests_total line. */
	ck_assert_ptr_null(strstr(s, "nerd_http_requests_total{route=\"/healthz\""));
	sbuf_fini(&b);
	metrics_free(mt);
	metrics_free(NULL);
}
END_TEST

/* The request deadline's age: a since_ms stored by a worker after the
 * reaper read its clock is a request that has just begun, not one 2^64 ms
 * overdue (that wrap cut kept-alive connections right after a response). */
START_TEST(deadline_age)
{
	ck_assert_uint_eq(http_request_age(1000, 61001), 60001);
	ck_assert_uint_eq(http_request_age(5000, 5000), 0);
	ck_assert_uint_eq(http_request_age(5001, 5000), 0);
	ck_assert_uint_eq(http_request_age(UINT64_MAX, 0), 0);
}
END_TEST

int main(void)
{
	const char *dir = getenv("NERD_GAZDIR"), *top = getenv("top_srcdir");
	if (dir)
		snprintf(gazdir, sizeof(gazdir), "%s", dir);
	else
		snprintf(gazdir, sizeof(gazdir), "%s/gazetteers", top ? top : ".");
	Suite *s = suite_create("http");
	TCase *core = tcase_create("core");
	tcase_set_timeout(core, 30);
	tcase_add_test(core, not_ready_without_model);
	tcase_add_test(core, metrics_text);
	suite_add_tcase(s, core);
	TCase *limits = tcase_create("limits");
	tcase_add_test(limits, listen_addresses);
	tcase_add_test(limits, deadline_age);
	suite_add_tcase(s, limits);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
