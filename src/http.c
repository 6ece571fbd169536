/* http.c -- the daemon's HTTP front end on libmicrohttpd.  A request goes
 * through http_handler in three steps: its first call (headers only) picks
 * the route and refuses what it can from the headers alone -- unknown path,
 * wrong method, wrong content type, a Content-Length over the limit -- before
 * any body byte is read; the following calls collect the body into a buffer
 * owned by the connection (struct conn, MHD's con_cls); the last call runs
 * the endpoint.  http_completed frees the connection's memory, drops its
 * model reference and records its metrics.  Every error leaves through
 * http_problem as application/problem+json (RFC 9457). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/un.h>
#include <unistd.h>

#include <microhttpd.h>

#include "doc.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "ndjson.h"
#include "nerd.h"
#include "openapi.h"
#include "sbuf.h"
#include "utf8.h"
#include "util.h"
#include "web.h"

#define HTTP_BATCH_BLOCK (64 * 1024)
/* A chunked body past the limit is read and dropped so that the client gets
 * its 413 (libmicrohttpd queues no response while a body is arriving); past
 * this many more bytes the connection is closed without an answer. */
#define HTTP_DISCARD_MAX ((uint64_t)16 * 1024 * 1024)

struct http {
	struct MHD_Daemon *d;
	/* The listening socket is ours, not libmicrohttpd's: the acceptor
	 * thread takes connections off it and hands each to the library
	 * (MHD_add_connection), which gives it to one of its pool threads.
	 * http_quiesce stops the acceptor and closes the socket, so new
	 * connections are refused by the kernel while the pool threads go on
	 * with the ones they have. */
	int lfd;                        /* -1 once closed */
	int wake[2];                    /* a byte in wake[1] stops the acceptor */
	pthread_t acceptor;
	int acceptor_on;
	/* Connections handed to the library and not yet closed by it: the
	 * acceptor keeps this under max_conn itself (see http_start). */
	atomic_uint nconn;
	struct http_opts o;
	struct metrics *mt;
	_Atomic(struct model *) model;
	/* Taken only around "load the pointer and ref it" and around the swap,
	 * so that a swap cannot free a model between a request's load and its
	 * ref.  Readiness reads the pointer without it. */
	pthread_mutex_t model_lock;
	atomic_int active;
	atomic_int posts;               /* POST requests in flight (shedding) */
	/* Liveness: per worker thread, the monotonic millisecond its current
	 * pipeline call began, 0 when idle (slots handed out on first use). */
	_Atomic uint64_t *busy;
	unsigned nbusy;
	atomic_uint busy_next;
	/* The request deadline: every open connection, and the thread that
	 * cuts those whose request is overdue. */
	pthread_mutex_t conns_lock;
	struct tconn *conns;
	pthread_t reaper;
	int reaper_on;
	atomic_int stopping;
	char address[INET6_ADDRSTRLEN + 16];
	unsigned port;
};

/* One open connection, for the request deadline (MHD's socket context):
 * since is when its current request may have begun (the connection's start
 * or the end of its previous request), answering is set while a response
 * is being sent (the deadline does not cover a slow reader of a long
 * batch: the idle timeout does).  Linked under conns_lock. */
struct tconn {
	struct tconn *prev, *next;
	int fd;
	_Atomic uint64_t since_ms;
	atomic_int answering;
	int cut;
	char remote[INET6_ADDRSTRLEN + 8];
};

/* What the first call found in the headers. */
enum body_type { BODY_NONE, BODY_JSON, BODY_TEXT, BODY_NDJSON };

/* One request, from its first handler call to http_completed.  Owns its
 * body buffer, its batch output and one model reference. */
struct conn {
	struct http *h;
	int route;              /* enum metrics_route */
	int status;             /* the status queued, 0 while none */
	int body_type;
	int too_big;            /* the body grew past max_body: discarded */
	struct timespec t0;
	struct model *m;        /* referenced for POST routes */
	const struct route *rt;
	const unsigned char *file;      /* GET / and /static/...: the file */
	size_t file_len;
	const char *file_mime;
	char *body;
	size_t len, cap;
	uint64_t bytes_in, bytes_out;
	/* NDJSON batch: the next unread byte of body, the line number of the
	 * next line, and output not yet handed to MHD. */
	size_t next;
	long line;
	struct sbuf out;
	size_t out_off;
	struct tconn *tc;       /* the connection's deadline record, or NULL */
	int post;               /* counted in h->posts */
	char method[12];
	char path[96];
};

static int http_hand_over(struct http *h, int fd, const struct sockaddr *sa, socklen_t sl);

static uint64_t http_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- liveness (watchdog) ---- */

static _Thread_local struct {
	const struct http *h;
	unsigned slot;
} http_worker;

/* Marks the calling worker busy from now (begin) or idle (end). */
static void http_busy(struct http *h, int begin)
{
	if (http_worker.h != h) {
		http_worker.h = h;
		http_worker.slot = atomic_fetch_add(&h->busy_next, 1);
	}
	if (http_worker.slot < h->nbusy)
		atomic_store(&h->busy[http_worker.slot], begin ? http_now_ms() : 0);
}

uint64_t http_busiest_ms(struct http *h)
{
	uint64_t now = http_now_ms(), worst = 0;
	for (unsigned i = 0; i < h->nbusy; i++) {
		uint64_t t = atomic_load(&h->busy[i]);
		if (t && now - t > worst)
			worst = now - t;
	}
	return worst;
}

int http_probe(struct http *h, int timeout_ms)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	/* MHD takes sv[1] over, and closes it even when it refuses it; a
	 * full server is not asked (nor would it answer). */
	if (atomic_load(&h->nconn) >= h->o.max_conn) {
		close(sv[1]);
		close(sv[0]);
		return -1;
	}
	if (http_hand_over(h, sv[1], (struct sockaddr *)&sun, sizeof(sun))) {
		close(sv[0]);
		return -1;
	}
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: watchdog\r\n"
				  "Connection: close\r\n\r\n";
	int ok = 0;
	if (write(sv[0], req, sizeof(req) - 1) == (ssize_t)(sizeof(req) - 1)) {
		char buf[64];
		size_t got = 0;
		uint64_t end = http_now_ms() + (uint64_t)timeout_ms;
		while (got < 12) {
			uint64_t now = http_now_ms();
			struct pollfd pfd = {sv[0], POLLIN, 0};
			if (now >= end || poll(&pfd, 1, (int)(end - now)) <= 0)
				break;
			ssize_t n = read(sv[0], buf + got, sizeof(buf) - 1 - got);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		buf[got] = 0;
		ok = got >= 12 && !strncmp(buf, "HTTP/1.1 200", 12);
	}
	close(sv[0]);
	return ok;
}

/* ---- the model pointer ---- */

static struct model *http_model_acquire(struct http *h)
{
	pthread_mutex_lock(&h->model_lock);
	struct model *m = model_ref(atomic_load(&h->model));
	pthread_mutex_unlock(&h->model_lock);
	return m;
}

void http_set_model(struct http *h, struct model *m)
{
	pthread_mutex_lock(&h->model_lock);
	struct model *old = atomic_exchange(&h->model, m);
	pthread_mutex_unlock(&h->model_lock);
	model_unref(old);
}

/* ---- responses ---- */

static const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 422: return "Unprocessable Content";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

/* Queues body (taken over: the buffer is freed by MHD) with status and
 * content type; allow, when not NULL, becomes the Allow header. */
static enum MHD_Result http_send(struct conn *cn, struct MHD_Connection *c, int status,
				 const char *ctype, struct sbuf *body, const char *allow)
{
	size_t len = body->len;
	sbuf_cstr(body);        /* a buffer even when empty */
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body->buf, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		sbuf_fini(body);
		return MHD_NO;
	}
	sbuf_init(body);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	if (status == 503)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	if (status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"nerd admin\"");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	if (ret == MHD_YES) {
		cn->status = status;
		cn->bytes_out += len;
		if (cn->tc)
			atomic_store(&cn->tc->answering, 1);
	}
	return ret;
}

/* The one writer of application/problem+json.  type is a URI naming the
 * problem ("about:blank" when the status says it all); detail says what was
 * wrong with this request. */
static enum MHD_Result http_problem(struct conn *cn, struct MHD_Connection *c, int status,
				    const char *type, const char *title, const char *detail,
				    const char *allow)
{
	struct sbuf b;
	sbuf_init(&b);
	sbuf_puts(&b, "{\"type\":");
	sbuf_json_cstr(&b, type ? type : "about:blank");
	sbuf_puts(&b, ",\"title\":");
	sbuf_json_cstr(&b, title ? title : http_reason(status));
	sbuf_printf(&b, ",\"status\":%d,\"detail\":", status);
	sbuf_json_cstr(&b, detail);
	sbuf_puts(&b, "}\n");
	return http_send(cn, c, status, "application/problem+json", &b, allow);
}

/* A library error code from request parsing or extraction as a problem. */
static enum MHD_Result http_problem_code(struct conn *cn, struct MHD_Connection *c, int code,
					 const char *detail)
{
	switch (code) {
	case NERD_EJSON:
		return http_problem(cn, c, 400, "urn:nerd:problem:malformed-json", "Malformed JSON",
				    detail, NULL);
	case NERD_EUTF8:
		return http_problem(cn, c, 400, "urn:nerd:problem:invalid-utf8", "Invalid UTF-8",
				    detail, NULL);
	case NERD_EFIELD:
		return http_problem(cn, c, 400, "urn:nerd:problem:invalid-field",
				    "Invalid request field", detail, NULL);
	case NERD_ETOOBIG:
		return http_problem(cn, c, 413, NULL, NULL, detail, NULL);
	default:
		return http_problem(cn, c, 500, NULL, NULL, nerd_strerror(code), NULL);
	}
}

static enum MHD_Result http_json(struct conn *cn, struct MHD_Connection *c, json_t *obj)
{
	struct sbuf b;
	sbuf_init(&b);
	char *s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	sbuf_puts(&b, s ? s : "{}");
	sbuf_putc(&b, '\n');
	free(s);
	return http_send(cn, c, 200, "application/json", &b, NULL);
}

/* Copies client-supplied text (a path, a method, a header value) for a
 * detail message: cut at dstlen - 1 bytes, every byte that is not valid
 * UTF-8 or is a control character replaced by '?', so the JSON stays valid. */
static const char *http_clean(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);
	if (n > dstlen - 1)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = '?';
	size_t bad;
	while (!utf8_valid(dst, n, &bad))
		dst[bad] = '?';
	return dst;
}

/* ---- GET endpoints ---- */

static enum MHD_Result http_healthz(struct conn *cn, struct MHD_Connection *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("ok"));
	return http_json(cn, c, o);
}

static enum MHD_Result http_readyz(struct conn *cn, struct MHD_Connection *c)
{
	struct model *m = http_model_acquire(cn->h);
	if (!m)
		return http_problem(cn, c, 503, NULL, "Not ready",
				    "the gazetteers and rules are not loaded yet", NULL);
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("ready"));
	json_object_set_new(o, "model_version", json_string(model_version(m)));
	model_unref(m);
	return http_json(cn, c, o);
}

static enum MHD_Result http_info(struct conn *cn, struct MHD_Connection *c)
{
	struct model *m = http_model_acquire(cn->h);
	if (!m)
		return http_problem(cn, c, 503, NULL, "Not ready",
				    "the gazetteers and rules are not loaded yet", NULL);
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(PACKAGE_NAME));
	json_object_set_new(o, "version", json_string(NERD_VERSION_STRING));
	json_t *langs = json_array();
	json_array_append_new(langs, json_string("de"));
	json_array_append_new(langs, json_string("en"));
	json_object_set_new(o, "languages", langs);
	json_t *offs = json_array();
	json_array_append_new(offs, json_string("codepoint"));
	json_array_append_new(offs, json_string("utf8"));
	json_array_append_new(offs, json_string("utf16"));
	json_object_set_new(o, "offsets", offs);
	json_object_set_new(o, "max_body", json_integer((json_int_t)cn->h->o.max_body));
	json_t *mi = json_object();
	model_info(m, mi);
	json_object_set_new(o, "model", mi);
	model_unref(m);
	return http_json(cn, c, o);
}

static enum MHD_Result http_metrics(struct conn *cn, struct MHD_Connection *c)
{
	struct sbuf b;
	sbuf_init(&b);
	metrics_write(cn->h->mt, &b);
	sbuf_printf(&b, "# HELP nerd_pcre2_limit_hits_total Pattern matches stopped at a PCRE2 "
			"limit (responses marked partial).\n"
			"# TYPE nerd_pcre2_limit_hits_total counter\n"
			"nerd_pcre2_limit_hits_total %llu\n",
		    (unsigned long long)doc_partial_count());
	uint64_t em[4];
	doc_emitted_counts(em);
	sbuf_printf(&b, "# HELP nerd_extracted_total Entities, figures, dates and relations in "
			"the responses.\n"
			"# TYPE nerd_extracted_total counter\n"
			"nerd_extracted_total{kind=\"entities\"} %llu\n"
			"nerd_extracted_total{kind=\"figures\"} %llu\n"
			"nerd_extracted_total{kind=\"dates\"} %llu\n"
			"nerd_extracted_total{kind=\"relations\"} %llu\n",
		    (unsigned long long)em[0], (unsigned long long)em[1], (unsigned long long)em[2],
		    (unsigned long long)em[3]);
	struct model *m = http_model_acquire(cn->h);
	if (m) {
		sbuf_puts(&b, "# HELP nerd_model_info The model being served.\n"
			      "# TYPE nerd_model_info gauge\nnerd_model_info{version=");
		sbuf_json_cstr(&b, model_version(m));
		sbuf_puts(&b, "} 1\n");
		model_unref(m);
	}
	return http_send(cn, c, 200, "text/plain; version=0.0.4; charset=utf-8", &b, NULL);
}

/* The API description (docs/openapi.json, compiled in). */
static enum MHD_Result http_openapi(struct conn *cn, struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		openapi_json_len, (void *)openapi_json, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	if (ret == MHD_YES) {
		cn->status = 200;
		cn->bytes_out += openapi_json_len;
		if (cn->tc)
			atomic_store(&cn->tc->answering, 1);
	}
	return ret;
}

/* ---- POST /v1/extract ---- */

/* Builds the request object of a text/plain body from the query parameters
 * (lang, date, offsets, bias, id), so that both forms are validated by
 * req_from_json alike.  The body must already be valid UTF-8. */
static json_t *http_text_request(struct conn *cn, struct MHD_Connection *c, char *err,
				 size_t errlen)
{
	static const char *params[] = {"lang", "date", "offsets", "bias", "id"};
	json_t *o = json_object();
	json_object_set_new(o, "text", json_stringn_nocheck(cn->body ? cn->body : "", cn->len));
	for (size_t i = 0; i < ARRAY_LEN(params); i++) {
		const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, params[i]);
		if (!v)
			continue;
		json_t *s = json_string(v);
		if (!s) {
			snprintf(err, errlen, "query parameter \"%s\" is not valid UTF-8", params[i]);
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, params[i], s);
	}
	return o;
}

static enum MHD_Result http_extract(struct conn *cn, struct MHD_Connection *c)
{
	char err[256];
	struct nerd_req req;
	json_t *root = NULL;
	int rc;
	if (cn->body_type == BODY_TEXT) {
		size_t bad;
		if (!utf8_valid(cn->body ? cn->body : "", cn->len, &bad)) {
			snprintf(err, sizeof(err), "the body is not valid UTF-8 (byte %zu)", bad);
			rc = NERD_EUTF8;
		} else if (cn->len && memchr(cn->body, '\0', cn->len)) {
			/* As in JSON, where \u0000 is refused: no NUL in a text. */
			snprintf(err, sizeof(err), "the body contains a NUL byte (byte %zu)",
				 (size_t)((char *)memchr(cn->body, '\0', cn->len) - cn->body));
			rc = NERD_EUTF8;
		} else if (!(root = http_text_request(cn, c, err, sizeof(err)))) {
			rc = NERD_EUTF8;
		} else if ((rc = req_from_json(root, &req, err, sizeof(err)))) {
			json_decref(root);
			root = NULL;
		}
	} else {
		rc = req_parse(cn->body ? cn->body : "", cn->len, &root, &req, err, sizeof(err));
	}
	if (rc) {
		metrics_documents(cn->h->mt, 0, 1);
		return http_problem_code(cn, c, rc, err);
	}
	struct sbuf out;
	sbuf_init(&out);
	rc = nerd_extract(cn->m, &req, &out);
	json_decref(root);
	if (rc) {
		sbuf_fini(&out);
		metrics_documents(cn->h->mt, 0, 1);
		return http_problem_code(cn, c, rc, nerd_strerror(rc));
	}
	metrics_documents(cn->h->mt, 1, 0);
	sbuf_putc(&out, '\n');
	return http_send(cn, c, 200, "application/json", &out, NULL);
}

/* ---- POST /v1/extract/batch ---- */

/* Runs one NDJSON line and appends its response or error object and a
 * newline to out.  A blank line is an error too, so that the n-th output
 * line always answers the n-th input line. */
static void http_batch_line(struct conn *cn, const char *s, size_t n, long lineno,
			    struct sbuf *out)
{
	char err[256];
	/* The same trimming as nerd extract --ndjson: a byte order mark before
	 * the first line, a CR before the newline; blank is blank there too. */
	if (ndjson_trim(&s, &n, lineno)) {
		snprintf(err, sizeof(err), "line %ld is blank; every line must hold one request object",
			 lineno);
		nerd_error_json(out, NULL, 400, "Blank line", err, lineno);
		metrics_documents(cn->h->mt, 0, 1);
		sbuf_putc(out, '\n');
		return;
	}
	struct nerd_req req;
	json_t *root = NULL;
	int rc = req_parse(s, n, &root, &req, err, sizeof(err));
	if (!rc) {
		rc = nerd_extract(cn->m, &req, out);
		if (rc)
			snprintf(err, sizeof(err), "%s", nerd_strerror(rc));
	} else if (rc == NERD_EFIELD) {
		/* The JSON was well-formed: keep the client's id on the error. */
		root = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
	}
	if (rc) {
		json_t *id = json_is_object(root) ? json_object_get(root, "id") : NULL;
		const char *title = rc == NERD_EJSON ? "Malformed JSON"
				    : rc == NERD_EUTF8 ? "Invalid UTF-8"
				    : rc == NERD_EFIELD ? "Invalid request field"
				    : nerd_strerror(rc);
		nerd_error_json(out, id, rc == NERD_ETOOBIG ? 413 : 400, title, err, lineno);
		metrics_documents(cn->h->mt, 0, 1);
	} else
		metrics_documents(cn->h->mt, 1, 0);
	json_decref(root);
	sbuf_putc(out, '\n');
}

/* MHD's content reader: hands out what is pending, running the next line
 * whenever nothing is, so each response line leaves as soon as it is done. */
static ssize_t http_batch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct conn *cn = cls;
	if (cn->out_off == cn->out.len) {
		sbuf_reset(&cn->out);
		cn->out_off = 0;
		if (cn->next >= cn->len)
			return MHD_CONTENT_READER_END_OF_STREAM;
		const char *s = cn->body + cn->next;
		const char *nl = memchr(s, '\n', cn->len - cn->next);
		size_t n = nl ? (size_t)(nl - s) : cn->len - cn->next;
		cn->next += n + (nl != NULL);
		http_busy(cn->h, 1);
		http_batch_line(cn, s, n, ++cn->line, &cn->out);
		http_busy(cn->h, 0);
	}
	size_t n = MIN(max, cn->out.len - cn->out_off);
	memcpy(buf, cn->out.buf + cn->out_off, n);
	cn->out_off += n;
	cn->bytes_out += n;
	return (ssize_t)n;
}

static enum MHD_Result http_batch(struct conn *cn, struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, HTTP_BATCH_BLOCK, http_batch_read, cn, NULL);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/x-ndjson");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	if (ret == MHD_YES) {
		cn->status = 200;
		if (cn->tc)
			atomic_store(&cn->tc->answering, 1);
	}
	return ret;
}

/* ---- POST /v1/admin/reload ---- */

/* Compares without an early exit, so the time taken does not tell how much
 * of a guessed token was right. */
static int http_token_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return !diff;
}

static int http_peer_is_loopback(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return 0;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(a))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
	}
	return 0;
}

/* The first call: is this client allowed to reload?  Queues 401/403, or
 * returns MHD_YES to read (and ignore) the body. */
static enum MHD_Result http_begin_admin(struct conn *cn, struct MHD_Connection *c)
{
	const char *tok = cn->h->o.admin_token;
	if (tok && *tok) {
		const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							       MHD_HTTP_HEADER_AUTHORIZATION);
		if (!auth || strncasecmp(auth, "Bearer ", 7) || !http_token_eq(auth + 7, tok))
			return http_problem(cn, c, 401, "urn:nerd:problem:unauthorized", NULL,
					    "reloading needs the header Authorization: Bearer "
					    "<admin-token>", NULL);
	} else if (!http_peer_is_loopback(c)) {
		return http_problem(cn, c, 403, "urn:nerd:problem:forbidden", NULL,
				    "no admin-token is configured: reloading is allowed from "
				    "the loopback address only", NULL);
	}
	cn->body_type = BODY_NONE;
	return MHD_YES;
}

/* Builds a new model aside and swaps it in; a failure keeps the old one and
 * answers 422 with the reason ("file:line: reason"). */
static enum MHD_Result http_admin_reload(struct conn *cn, struct MHD_Connection *c)
{
	struct http *h = cn->h;
	if (!h->o.reload)
		return http_problem(cn, c, 503, NULL, "Reload not available",
				    "this server was started without a way to reload", NULL);
	char err[1024] = "";
	if (h->o.reload(h->o.reload_arg, err, sizeof(err))) {
		struct model *m = http_model_acquire(h);
		char detail[1400];
		snprintf(detail, sizeof(detail), "%s; still serving model %s", err,
			 m ? model_version(m) : "(none)");
		model_unref(m);
		return http_problem(cn, c, 422, "urn:nerd:problem:reload-failed", "Reload failed",
				    detail, NULL);
	}
	struct model *m = http_model_acquire(h);
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("reloaded"));
	if (m) {
		json_object_set_new(o, "model_version", json_string(model_version(m)));
		json_object_set_new(o, "model_generation",
				    json_integer((json_int_t)model_generation(m)));
	}
	model_unref(m);
	return http_json(cn, c, o);
}

/* ---- the page (web.c) ---- */

/* Serves a file of the page from memory: the bytes stay owned by the
 * struct web, which outlives the server. */
static enum MHD_Result http_web(struct conn *cn, struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		cn->file_len, (void *)cn->file, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, cn->file_mime);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	if (ret == MHD_YES) {
		cn->status = 200;
		cn->bytes_out += cn->file_len;
		if (cn->tc)
			atomic_store(&cn->tc->answering, 1);
	}
	return ret;
}

/* ---- routing ---- */

struct route {
	const char *path;
	int id;                 /* enum metrics_route */
	const char *allow;      /* the Allow header */
	int post;               /* takes a body */
	enum MHD_Result (*run)(struct conn *, struct MHD_Connection *);
};

static const struct route routes[] = {
	{"/v1/extract", METRICS_EXTRACT, "POST", 1, http_extract},
	{"/v1/extract/batch", METRICS_BATCH, "POST", 1, http_batch},
	{"/healthz", METRICS_HEALTHZ, "GET, HEAD", 0, http_healthz},
	{"/readyz", METRICS_READYZ, "GET, HEAD", 0, http_readyz},
	{"/v1/info", METRICS_INFO, "GET, HEAD", 0, http_info},
	{"/metrics", METRICS_METRICS, "GET, HEAD", 0, http_metrics},
	{"/v1/openapi.json", METRICS_OPENAPI, "GET, HEAD", 0, http_openapi},
	{"/v1/admin/reload", METRICS_ADMIN, "POST", 1, http_admin_reload},
};

/* GET / and GET /static/NAME, when the page is on. */
static const struct route web_route = {"/", METRICS_WEB, "GET, HEAD", 0, http_web};

static const struct route *http_route(const char *url)
{
	for (size_t i = 0; i < ARRAY_LEN(routes); i++)
		if (!strcmp(url, routes[i].path))
			return &routes[i];
	return NULL;
}

/* Does the media type ct (a Content-Type value) name type, with no charset
 * or charset=utf-8?  Case-insensitive, parameters other than charset are
 * ignored. */
static int http_media_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, type, n))
		return 0;
	const char *p = ct + n;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == 0)
		return 1;
	if (*p != ';')
		return 0;
	for (;;) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncasecmp(p, "charset=", 8)) {
			p += 8;
			int quoted = *p == '"';
			p += quoted;
			size_t clen = !strncasecmp(p, "utf-8", 5) ? 5 : !strncasecmp(p, "utf8", 4) ? 4 : 0;
			p += clen;
			if (quoted && *p == '"')
				p++;
			else if (quoted)
				return 0;
			if (!clen || (*p && *p != ';' && *p != ' ' && *p != '\t'))
				return 0;
		}
		p = strchr(p, ';');
		if (!p)
			return 1;
	}
}

/* The first call of a POST: content type, model, Content-Length.  Queues
 * a refusal, or prepares the body buffer and returns without a response. */
static enum MHD_Result http_begin_post(struct conn *cn, struct MHD_Connection *c,
				       const struct route *rt)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	char detail[256];
	if (rt->id == METRICS_BATCH) {
		if (ct && http_media_is(ct, "application/x-ndjson"))
			cn->body_type = BODY_NDJSON;
	} else if (ct && http_media_is(ct, "application/json"))
		cn->body_type = BODY_JSON;
	else if (ct && http_media_is(ct, "text/plain"))
		cn->body_type = BODY_TEXT;
	if (cn->body_type == BODY_NONE) {
		char ctc[128];
		snprintf(detail, sizeof(detail), "%s takes %s, not %s", rt->path,
			 rt->id == METRICS_BATCH ? "application/x-ndjson"
						 : "application/json or text/plain; charset=utf-8",
			 ct ? http_clean(ctc, sizeof(ctc), ct) : "a body without Content-Type");
		return http_problem(cn, c, 415, NULL, NULL, detail, NULL);
	}

	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		errno = 0;
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (errno || end == cl || n > cn->h->o.max_body) {
			char clc[32];
			snprintf(detail, sizeof(detail),
				 "the body (Content-Length %s) is over the limit of %zu bytes",
				 http_clean(clc, sizeof(clc), cl), cn->h->o.max_body);
			return http_problem(cn, c, 413, NULL, NULL, detail, NULL);
		}
		/* Reserve what was announced, but no more than 64 KiB before the
		 * bytes arrive: a slow client cannot make us hold max_body for
		 * nothing on every connection. */
		cn->cap = MIN((size_t)n + 1, (size_t)64 * 1024);
		cn->body = xmalloc(cn->cap);
	}

	cn->post = 1;
	if (atomic_fetch_add(&cn->h->posts, 1) >= (int)cn->h->o.max_inflight) {
		snprintf(detail, sizeof(detail),
			 "%u requests are being worked on already; try again shortly",
			 cn->h->o.max_inflight);
		return http_problem(cn, c, 503, NULL, "Busy", detail, NULL);
	}
	cn->m = http_model_acquire(cn->h);
	if (!cn->m)
		return http_problem(cn, c, 503, NULL, "Not ready",
				    "the gazetteers and rules are not loaded yet", NULL);
	return MHD_YES;
}

/* A request framed twice (Content-Length and Transfer-Encoding) is how
 * requests are smuggled past proxies that pick the other header: refused
 * (RFC 9112, 6.3), where libmicrohttpd 0.9.75 would take the chunks. */
static int http_framed_twice(struct MHD_Connection *c)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) &&
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* Runs an endpoint with the worker marked busy for the watchdog. */
static enum MHD_Result http_run(struct conn *cn, struct MHD_Connection *c)
{
	http_busy(cn->h, 1);
	if (cn->h->o.test_stall && cn->body &&
	    memmem(cn->body, cn->len, "nerdd:testing-stall", 19)) {
		log_warnx("testing: holding a worker for %u s", cn->h->o.test_stall);
		for (unsigned i = 0; i < cn->h->o.test_stall * 10 && !atomic_load(&cn->h->stopping);
		     i++)
			nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	enum MHD_Result r = cn->rt->run(cn, c);
	http_busy(cn->h, 0);
	return r;
}

/* Appends an upload chunk, or notes that the body went over the limit and
 * drops it (the 413 is sent once the upload is over: see HTTP_DISCARD_MAX). */
static void http_take_body(struct conn *cn, const char *data, size_t n)
{
	cn->bytes_in += n;
	if (cn->too_big)
		return;
	if (n > cn->h->o.max_body - cn->len) {
		cn->too_big = 1;
		free(cn->body);
		cn->body = NULL;
		cn->len = cn->cap = 0;
		return;
	}
	if (cn->len + n > cn->cap) {
		size_t cap = cn->cap ? cn->cap : 4096;
		while (cap < cn->len + n)
			cap *= 2;
		cn->cap = MIN(cap, cn->h->o.max_body + 1);
		cn->body = xrealloc(cn->body, cn->cap);
	}
	memcpy(cn->body + cn->len, data, n);
	cn->len += n;
}

static enum MHD_Result http_handler(void *cls, struct MHD_Connection *c, const char *url,
				    const char *method, const char *version,
				    const char *upload, size_t *upload_size, void **con_cls)
{
	struct http *h = cls;
	struct conn *cn = *con_cls;
	if (!cn) {
		cn = xcalloc(1, sizeof(*cn));
		cn->h = h;
		clock_gettime(CLOCK_MONOTONIC, &cn->t0);
		sbuf_init(&cn->out);
		*con_cls = cn;
		atomic_fetch_add(&h->active, 1);
		metrics_inflight(h->mt, 1);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		cn->tc = ci ? ci->socket_context : NULL;
		snprintf(cn->method, sizeof(cn->method), "%s", method);
		http_clean(cn->path, sizeof(cn->path), url);

		const struct route *rt = http_route(url);
		if (!rt && h->o.web &&
		    web_lookup(h->o.web, url, &cn->file, &cn->file_len, &cn->file_mime))
			rt = &web_route;
		cn->rt = rt;
		cn->route = rt ? rt->id : METRICS_OTHER;
		char detail[256], clean[200];
		if (http_framed_twice(c))
			return http_problem(cn, c, 400, NULL, NULL,
					    "the request has both Content-Length and "
					    "Transfer-Encoding",
					    NULL);
		if (!rt) {
			snprintf(detail, sizeof(detail), "no resource at %s",
				 http_clean(clean, sizeof(clean), url));
			return http_problem(cn, c, 404, NULL, NULL, detail, NULL);
		}
		int get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
		if (rt->post ? strcmp(method, MHD_HTTP_METHOD_POST) : !get) {
			snprintf(detail, sizeof(detail), "%s allows %s, not %s", rt->path, rt->allow,
				 http_clean(clean, 33, method));
			return http_problem(cn, c, 405, NULL, NULL, detail, rt->allow);
		}
		/* GET is answered on the next call, once the request is complete,
		 * so that MHD can keep the connection alive. */
		if (rt->id == METRICS_ADMIN)
			return http_begin_admin(cn, c);
		return rt->post ? http_begin_post(cn, c, rt) : MHD_YES;
	}
	if (cn->status) {
		/* Answered from the headers: whatever still arrives is dropped. */
		cn->bytes_in += *upload_size;
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		http_take_body(cn, upload, *upload_size);
		*upload_size = 0;
		if (cn->too_big && cn->bytes_in > h->o.max_body + HTTP_DISCARD_MAX) {
			log_warnx("%s: body goes on past %zu bytes: connection closed",
				  metrics_route_name(cn->route), h->o.max_body);
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (cn->too_big) {
		char detail[256];
		snprintf(detail, sizeof(detail), "the body is over the limit of %zu bytes",
			 h->o.max_body);
		return http_problem(cn, c, 413, NULL, NULL, detail, NULL);
	}
	return http_run(cn, c);
}

static void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			   enum MHD_RequestTerminationCode toe)
{
	struct http *h = cls;
	struct conn *cn = *con_cls;
	if (!cn)
		return;
	*con_cls = NULL;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	uint64_t us = (uint64_t)(t1.tv_sec - cn->t0.tv_sec) * 1000000u +
		      (uint64_t)((t1.tv_nsec - cn->t0.tv_nsec) / 1000);
	if (cn->status)
		metrics_request(h->mt, cn->route, cn->status, us, cn->bytes_in, cn->bytes_out);
	if (h->o.access_log)
		log_msg_unlimited(LOG_LVL_INFO, "access method=%s path=%s status=%d bytes_in=%llu bytes_out=%llu "
			 "duration_us=%llu remote=%s%s",
			 cn->method, cn->path, cn->status, (unsigned long long)cn->bytes_in,
			 (unsigned long long)cn->bytes_out, (unsigned long long)us,
			 cn->tc ? cn->tc->remote : "-",
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " ended=early");
	if (cn->tc) {
		/* The next request on this connection starts its clock now. */
		cn->tc->since_ms = http_now_ms();
		atomic_store(&cn->tc->answering, 0);
	}
	if (cn->post)
		atomic_fetch_sub(&h->posts, 1);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && cn->status)
		log_debug("request %s ended early (%d)", metrics_route_name(cn->route), (int)toe);
	model_unref(cn->m);
	free(cn->body);
	sbuf_fini(&cn->out);
	free(cn);
	metrics_inflight(h->mt, -1);
	atomic_fetch_sub(&h->active, 1);
}

/* ---- the request deadline ---- */

/* MHD's connection start and end: the deadline record is made and linked
 * here, and unlinked before MHD closes the socket, so the reaper never
 * touches a descriptor that may already belong to someone else. */
static void http_conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
			     enum MHD_ConnectionNotificationCode code)
{
	struct http *h = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct tconn *t = xcalloc(1, sizeof(*t));
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		t->fd = ci ? ci->connect_fd : -1;
		atomic_init(&t->since_ms, http_now_ms());
		atomic_init(&t->answering, 0);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		const struct sockaddr *sa = ci ? ci->client_addr : NULL;
		if (sa && sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, t->remote,
				  sizeof(t->remote));
		else if (sa && sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, t->remote,
				  sizeof(t->remote));
		else
			snprintf(t->remote, sizeof(t->remote), "local");
		pthread_mutex_lock(&h->conns_lock);
		t->next = h->conns;
		if (h->conns)
			h->conns->prev = t;
		h->conns = t;
		pthread_mutex_unlock(&h->conns_lock);
		*socket_context = t;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		atomic_fetch_sub(&h->nconn, 1);
		struct tconn *t = *socket_context;
		if (!t)
			return;
		pthread_mutex_lock(&h->conns_lock);
		if (t->prev)
			t->prev->next = t->next;
		else
			h->conns = t->next;
		if (t->next)
			t->next->prev = t->prev;
		pthread_mutex_unlock(&h->conns_lock);
		*socket_context = NULL;
		free(t);
	}
}

/* A worker finishing a request stores its own clock reading in since_ms
 * without the list's lock, so the reaper may see one later than its now:
 * that request has just begun (age 0), where the unsigned difference would
 * wrap around to 584 million years and cut a healthy kept-alive connection
 * right after its response. */
uint64_t http_request_age(uint64_t since_ms, uint64_t now_ms)
{
	return now_ms > since_ms ? now_ms - since_ms : 0;
}

/* Four times a second: shuts down the socket of every connection whose
 * request has been arriving for longer than the deadline (a client
 * trickling one byte per idle period never trips the idle timeout).  MHD
 * then sees the connection end and closes it through its normal path. */
static void *http_reaper(void *arg)
{
	struct http *h = arg;
	uint64_t limit = (uint64_t)h->o.deadline * 1000u;
	while (!atomic_load(&h->stopping)) {
		nanosleep(&(struct timespec){0, 250 * 1000 * 1000}, NULL);
		unsigned cut = 0;
		pthread_mutex_lock(&h->conns_lock);
		uint64_t now = http_now_ms();
		for (struct tconn *t = h->conns; t; t = t->next) {
			if (t->cut || t->fd < 0 || atomic_load(&t->answering) ||
			    http_request_age(atomic_load(&t->since_ms), now) <= limit)
				continue;
			shutdown(t->fd, SHUT_RDWR);
			t->cut = 1;
			cut++;
		}
		pthread_mutex_unlock(&h->conns_lock);
		if (cut) {
			metrics_rejected(h->mt, METRICS_REJECT_DEADLINE, cut);
			log_warnx("closed %u connections whose request took over %u s", cut,
				  h->o.deadline);
		}
	}
	return NULL;
}

void http_count_reload(struct http *h, int ok)
{
	metrics_reload(h->mt, ok);
}

/* ---- the listening socket ---- */

/* Connections the library turned away at a limit and said so, counted by
 * the thread it said so in (see http_hand_over). */
static _Thread_local unsigned long http_limit_said;

/* Gives an accepted connection to libmicrohttpd, which puts it on one of
 * its pool threads (the descriptor modulo the pool's size) or closes it at
 * the per-address limit; the library logs that refusal, in this thread,
 * and http_mhd_log counts it.  (Its other refusal, every thread full, the
 * acceptor keeps from happening -- see http_start -- but it closes the
 * connection without a word, so it would be counted here.)  Returns 0
 * when the library took the connection. */
static int http_hand_over(struct http *h, int fd, const struct sockaddr *sa, socklen_t sl)
{
	unsigned long said = http_limit_said;
	/* Counted before, as the pool thread may close it before we return. */
	atomic_fetch_add(&h->nconn, 1);
	if (MHD_add_connection(h->d, fd, sa, sl) == MHD_YES)
		return 0;
	atomic_fetch_sub(&h->nconn, 1);
	if (errno == ENFILE && http_limit_said == said) {
		metrics_rejected(h->mt, METRICS_REJECT_LIMIT, 1);
		log_warnx("connection limit (%u) reached: connection closed", h->o.max_conn);
	}
	return -1;
}

/* The acceptor thread: sleeps in poll() on the wake pipe and the listening
 * socket and hands over whatever connections are pending, up to 64 a turn.
 * With max_conn connections handed over and open, or out of descriptors
 * or memory, it looks at the wake pipe alone for a twentieth of a second
 * at a time, and new connections wait in the backlog meanwhile, as they
 * did when the library accepted them itself; it does not spin on a socket
 * that stays readable.  A byte on the wake pipe ends it. */
static void *http_accept_loop(void *arg)
{
	struct http *h = arg;
	struct pollfd pfd[2] = {{h->wake[0], POLLIN, 0}, {h->lfd, POLLIN, 0}};
	int pausing = 0;
	for (;;) {
		if (atomic_load(&h->nconn) >= h->o.max_conn)
			pausing = 1;
		int n = poll(pfd, pausing ? 1 : 2, pausing ? 50 : -1);
		pausing = 0;
		if (n < 0 && errno != EINTR) {
			log_warn("the acceptor's poll");
			pausing = 1;
			continue;
		}
		if (n > 0 && pfd[0].revents)
			break;
		if (n <= 0 || !pfd[1].revents)
			continue;
		for (unsigned i = 0; i < 64; i++) {
			if (atomic_load(&h->nconn) >= h->o.max_conn) {
				pausing = 1;
				break;
			}
			struct sockaddr_storage ss;
			socklen_t sl = sizeof(ss);
			int fd = accept4(h->lfd, (struct sockaddr *)&ss, &sl,
					 SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd >= 0) {
				http_hand_over(h, fd, (struct sockaddr *)&ss, sl);
				continue;
			}
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				log_warn("accept");
				pausing = 1;
			}
			break;
		}
	}
	return NULL;
}

/* Makes h->lfd: the inherited socket (socket activation) or a new one
 * bound to the configured address, listening and non-blocking.  Returns
 * 0, or -1 with the reason in err. */
static int http_listen(struct http *h, char *err, size_t errlen)
{
	int fd = h->o.listen_fd;
	if (fd >= 0) {
		int on = 0;
		socklen_t ol = sizeof(on);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &ol) || !on) {
			snprintf(err, errlen, "the inherited socket is not a listening socket");
			return -1;
		}
	} else {
		int family = h->o.addr.ss_family, on = 1;
		fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			snprintf(err, errlen, "cannot make a socket: %s", strerror(errno));
			return -1;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		/* [::]:PORT takes IPv6 only, as it did when libmicrohttpd
		 * made the socket. */
		if (family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (bind(fd, (const struct sockaddr *)&h->o.addr, h->o.addrlen) ||
		    listen(fd, 511)) {
			snprintf(err, errlen, "cannot listen on the address: %s", strerror(errno));
			close(fd);
			return -1;
		}
	}
	h->lfd = fd;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK)) {
		snprintf(err, errlen, "cannot make the listening socket non-blocking: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- the server ---- */

static void http_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct http *h = cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = 0;
	/* The library says so when it turns a connection away at a limit. */
	if (h && (strstr(line, "connection limit") || strstr(line, "IP connection"))) {
		metrics_rejected(h->mt, METRICS_REJECT_LIMIT, 1);
		http_limit_said++;
	}
	log_warnx("libmicrohttpd: %s", line);
}

void http_opts_init(struct http_opts *o)
{
	memset(o, 0, sizeof(*o));
	struct sockaddr_in *sin = (struct sockaddr_in *)&o->addr;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(8080);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	o->addrlen = sizeof(*sin);
	o->threads = 1;
	o->max_body = 1024 * 1024;
	o->timeout = 30;
	o->max_conn = 1024;
	o->max_per_ip = 64;
	o->listen_fd = -1;
	o->deadline = 60;
	o->max_inflight = 256;
}

int http_parse_listen(const char *s, struct http_opts *o, char *err, size_t errlen)
{
	char host[256];
	const char *port;
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');
		if (!rb || rb[1] != ':' || (size_t)(rb - s - 1) >= sizeof(host)) {
			snprintf(err, errlen, "listen address \"%s\": expected [IPv6]:PORT", s);
			return NERD_EARG;
		}
		memcpy(host, s + 1, (size_t)(rb - s - 1));
		host[rb - s - 1] = 0;
		port = rb + 2;
	} else {
		const char *colon = strrchr(s, ':');
		if (!colon || colon == s || (size_t)(colon - s) >= sizeof(host) ||
		    memchr(s, ':', (size_t)(colon - s))) {
			snprintf(err, errlen, "listen address \"%s\": expected HOST:PORT", s);
			return NERD_EARG;
		}
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = 0;
		port = colon + 1;
	}
	char *end;
	errno = 0;
	unsigned long p = strtoul(port, &end, 10);
	if (!*port || *end || errno || p > 65535) {
		snprintf(err, errlen, "listen address \"%s\": the port must be 0 to 65535", s);
		return NERD_EARG;
	}
	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "listen address \"%s\": %s", s, gai_strerror(rc));
		return NERD_EARG;
	}
	memcpy(&o->addr, res->ai_addr, res->ai_addrlen);
	o->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

struct http *http_start(const struct http_opts *o, char *err, size_t errlen)
{
	struct http *h = xcalloc(1, sizeof(*h));
	h->o = *o;
	if (!h->o.threads)
		h->o.threads = 1;
	h->mt = metrics_new();
	atomic_init(&h->model, NULL);
	atomic_init(&h->active, 0);
	pthread_mutex_init(&h->model_lock, NULL);

	h->nbusy = h->o.threads + 4;
	h->busy = xcalloc(h->nbusy, sizeof(*h->busy));
	for (unsigned i = 0; i < h->nbusy; i++)
		atomic_init(&h->busy[i], 0);
	atomic_init(&h->busy_next, 0);
	atomic_init(&h->posts, 0);
	atomic_init(&h->nconn, 0);
	atomic_init(&h->stopping, 0);
	pthread_mutex_init(&h->conns_lock, NULL);
	if (!h->o.max_inflight)
		h->o.max_inflight = 256;
	if (h->o.unsafe_defaults) {
		h->o.max_inflight = 1u << 30;
		h->o.deadline = 0;
	}

	h->lfd = h->wake[0] = h->wake[1] = -1;
	if (http_listen(h, err, errlen))
		goto fail;
	/* epoll, which libmicrohttpd 0.9.75 cannot quiesce safely (its
	 * MHD_quiesce_daemon takes the listening socket out of each pool
	 * thread's epoll set while that thread may be doing so itself, and
	 * aborts when it loses the race): the library gets no listening
	 * socket at all (MHD_USE_NO_LISTEN_SOCKET), only the connections the
	 * acceptor hands it. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET;
	/* Function-pointer options go as arguments, the rest as an array so
	 * that the limits can be left out. */
	struct MHD_OptionItem opt[16];
	size_t no = 0;
#define OPT(k, v, p) opt[no++] = (struct MHD_OptionItem){(k), (intptr_t)(v), (p)}
	OPT(MHD_OPTION_THREAD_POOL_SIZE, h->o.threads, NULL);
	OPT(MHD_OPTION_THREAD_STACK_SIZE, (size_t)(1024 * 1024), NULL);
	/* The acceptor keeps the connections under max_conn; the library
	 * splits its own limit evenly among its threads and must never reach
	 * one thread's share.  It checks a connection handed over against the
	 * share once in the caller's thread and again in the pool thread,
	 * which may have taken others meanwhile; when that second check fails,
	 * 0.9.75 returns without unlocking the thread's connection mutex, and
	 * the thread hangs at its next cleanup.  So every thread may hold all
	 * of max_conn, and a few more for the watchdog's probes. */
	OPT(MHD_OPTION_CONNECTION_LIMIT,
	    MIN(((uint64_t)h->o.max_conn + 8) * h->o.threads, (uint64_t)UINT_MAX), NULL);
	if (!o->unsafe_defaults) {
		OPT(MHD_OPTION_CONNECTION_TIMEOUT, o->timeout, NULL);
		OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip, NULL);
		/* Each connection's pool holds its request's headers and read
		 * buffer (bodies go on into struct conn), and libmicrohttpd
		 * zeroes all of it before every request on the connection:
		 * 32 KiB (the library's default) still takes any sane header
		 * block and costs a quarter of what 128 KiB did per request. */
		OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), NULL);
		OPT(MHD_OPTION_CONNECTION_MEMORY_INCREMENT, (size_t)4096, NULL);
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, http_handler, h,
				MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, h,
				MHD_OPTION_NOTIFY_COMPLETED, http_completed, h,
				MHD_OPTION_NOTIFY_CONNECTION, http_conn_notify, h,
				MHD_OPTION_ARRAY, opt, MHD_OPTION_END);
	if (!h->d) {
		snprintf(err, errlen, "libmicrohttpd would not start");
		goto fail;
	}
	if (o->deadline && !o->unsafe_defaults) {
		if (pthread_create(&h->reaper, NULL, http_reaper, h)) {
			snprintf(err, errlen, "cannot start the deadline thread");
			goto fail;
		}
		h->reaper_on = 1;
	}
	if (pipe2(h->wake, O_CLOEXEC | O_NONBLOCK) ||
	    pthread_create(&h->acceptor, NULL, http_accept_loop, h)) {
		snprintf(err, errlen, "cannot start the acceptor thread");
		goto fail;
	}
	h->acceptor_on = 1;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	if (getsockname(h->lfd, (struct sockaddr *)&ss, &sl)) {
		snprintf(err, errlen, "cannot read the bound address: %s", strerror(errno));
		goto fail;
	}
	char ip[INET6_ADDRSTRLEN];
	if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		h->port = ntohs(s6->sin6_port);
		snprintf(h->address, sizeof(h->address), "[%s]:%u", ip, h->port);
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		h->port = ntohs(s4->sin_port);
		snprintf(h->address, sizeof(h->address), "%s:%u", ip, h->port);
	}
	return h;
fail:
	http_free(h);
	return NULL;
}

const char *http_address(const struct http *h)
{
	return h->address;
}

unsigned http_port(const struct http *h)
{
	return h->port;
}

int http_inflight(const struct http *h)
{
	return atomic_load(&h->active);
}

void http_quiesce(struct http *h)
{
	if (h->acceptor_on) {
		if (write(h->wake[1], "", 1) != 1)
			log_warn("cannot wake the acceptor");
		pthread_join(h->acceptor, NULL);
		h->acceptor_on = 0;
	}
	if (h->lfd >= 0) {
		close(h->lfd);
		h->lfd = -1;
	}
}

void http_free(struct http *h)
{
	if (!h)
		return;
	atomic_store(&h->stopping, 1);
	if (h->reaper_on)
		pthread_join(h->reaper, NULL);
	http_quiesce(h);
	if (h->d)
		MHD_stop_daemon(h->d);
	for (int i = 0; i < 2; i++)
		if (h->wake[i] >= 0)
			close(h->wake[i]);
	http_set_model(h, NULL);
	pthread_mutex_destroy(&h->model_lock);
	pthread_mutex_destroy(&h->conns_lock);
	free(h->busy);
	metrics_free(h->mt);
	free(h);
}
