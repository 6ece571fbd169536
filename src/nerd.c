/* nerd.c -- the command-line front end.  `nerd extract` runs the pipeline on
 * text files or stdin (one response per input), and `nerd extract --ndjson`
 * streams request objects, one per line, through a pool of worker threads and
 * writes exactly one response line per input line, in input order.
 *
 * The NDJSON path is a three-stage pipeline: a reader thread cuts the input
 * into batches of lines, workers run the batches, and the main thread writes
 * them back in sequence order.  Batches in flight are bounded, so memory is
 * bounded by (4 x jobs) batches whatever the input size.  Everything a record
 * allocates lives in its batch or in the request's arena. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

#include "gaz.h"
#include "ndjson.h"
#include "nerd.h"
#include "sbuf.h"
#include "utf8.h"
#include "util.h"
#include "web.h"

/* Exit codes, documented in --help and nerd(1). */
enum {
	EXIT_OKAY = 0,          /* everything processed */
	EXIT_RECORDS = 1,       /* some records or files failed; error objects written */
	EXIT_USAGE = 2,         /* bad command line */
	EXIT_DATA = 3,          /* the gazetteers/rules could not be loaded */
	EXIT_IO = 4             /* reading input or writing output failed */
};

enum fmt { FMT_JSON, FMT_NDJSON, FMT_CONLL, FMT_HTML };

#define BATCH_LINES 64
/* A batch closes at 64 lines or 32 KiB of input: about ten news articles,
 * a few milliseconds of work.  Larger batches left one worker idle at the
 * end of a run (the bench corpus made 7 batches of 64 lines for 2 workers:
 * at most 1.75x); small ones cost a lock round per batch, nothing more. */
#define BATCH_BYTES (32u << 10)
#define BATCH_KEEP (8u << 20)           /* buffers above this are freed after use */
#define INFLIGHT_PER_JOB 4
#define READ_CHUNK (1u << 20)
#define OUT_BUFSIZE (1u << 20)
#define DEFAULT_MAX_LINE ((size_t)64 << 20)

struct opts {
	int lang, offsets, offsets_set;
	int bias;               /* enum nerd_bias */
	int has_date, year, month, day;
	const char *id;
	char gazdir[PATH_MAX];  /* DIR[:USERDIR...] */
	const char *image;
	int format, format_set;
	const char *output;
	int ndjson;
	int jobs;
	int progress;           /* -1: when stderr is a terminal */
	size_t max_line;
	int resume;             /* --resume: OUT.partial and a checkpoint */
	int no_timing;          /* --no-timing: meta.elapsed_us is 0 */
	long line0;             /* input lines skipped by --resume */
};

/* ---- output: stdout or a file written aside and renamed at the end ---- */

/* The temporary file's name, for the signal handler to remove.  Set once
 * before any thread starts; the handler only reads it. */
static char out_tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t out_tmp_live;

struct out {
	FILE *fp;
	const char *path;       /* NULL: stdout */
	char *vbuf;
	/* --resume: bytes in OUT.partial, the checkpoint file, and when it was
	 * last written. */
	int resume;
	uint64_t written;
	char ckpt[PATH_MAX + 32];
	struct timespec last_ckpt;
};

static void on_fatal_signal(int sig)
{
	if (out_tmp_live)
		unlink(out_tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int out_open(struct out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->vbuf = xmalloc(OUT_BUFSIZE);
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
	} else {
		o->path = path;
		int n = snprintf(out_tmp_path, sizeof(out_tmp_path), "%s.tmp.%ld", path,
				 (long)getpid());
		if (n < 0 || (size_t)n >= sizeof(out_tmp_path)) {
			fprintf(stderr, "nerd: %s: file name too long\n", path);
			return -1;
		}
		int fd = open(out_tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
			fprintf(stderr, "nerd: %s: %s\n", out_tmp_path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		out_tmp_live = 1;
	}
	setvbuf(o->fp, o->vbuf, _IOFBF, OUT_BUFSIZE);
	return 0;
}

/* ---- --resume: OUT.partial and OUT.partial.ckpt ----
 *
 * A resumable run writes OUT.partial and, after every fsync of it (at most
 * every half second, and at the end), the checkpoint OUT.partial.ckpt:
 * "nerd-resume 1 lines=N bytes=B", the input lines fully answered and the
 * output bytes that answer them, itself written aside, fsync'ed and renamed.
 * Killed at any point (kill -9 included), the same command continues:
 * OUT.partial is cut back to B bytes, the first N input lines are skipped,
 * and line numbers go on from N.  Records are written in input order, so
 * the result is byte for byte that of an uninterrupted run (with
 * --no-timing: timings differ between any two runs).  On success
 * OUT.partial is renamed to OUT and the checkpoint removed. */

/* Opens OUT.partial for a resumable run; *skip gets the input lines a
 * checkpoint says were done (0 for a fresh start). */
static int out_open_resume(struct out *o, const char *path, long *skip)
{
	memset(o, 0, sizeof(o[0]));
	*skip = 0;
	int n = snprintf(out_tmp_path, sizeof(out_tmp_path), "%s.partial", path);
	int m = snprintf(o->ckpt, sizeof(o->ckpt), "%s.partial.ckpt", path);
	if (n < 0 || (size_t)n >= sizeof(out_tmp_path) || m < 0 || (size_t)m >= sizeof(o->ckpt)) {
		fprintf(stderr, "nerd: %s: file name too long\n", path);
		return -1;
	}
	unsigned long long bytes = 0;
	long lines = 0;
	FILE *cf = fopen(o->ckpt, "r");
	if (cf) {
		int ok = fscanf(cf, "nerd-resume 1 lines=%ld bytes=%llu", &lines, &bytes) == 2 &&
			 lines >= 0;
		fclose(cf);
		if (!ok) {
			fprintf(stderr, "nerd: %s: not a checkpoint of nerd extract --resume\n",
				o->ckpt);
			return -1;
		}
	} else if (errno != ENOENT) {
		fprintf(stderr, "nerd: %s: %s\n", o->ckpt, strerror(errno));
		return -1;
	}
	int fd = open(out_tmp_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "nerd: %s: %s\n", out_tmp_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size < bytes) {
		fprintf(stderr, "nerd: %s: shorter (%lld bytes) than its checkpoint says (%llu)\n",
			out_tmp_path, (long long)st.st_size, bytes);
		close(fd);
		return -1;
	}
	/* Whatever follows the checkpoint was written but not confirmed. */
	if (ftruncate(fd, (off_t)bytes) || lseek(fd, 0, SEEK_END) < 0 ||
	    !(o->fp = fdopen(fd, "wb"))) {
		fprintf(stderr, "nerd: %s: %s\n", out_tmp_path, strerror(errno));
		close(fd);
		return -1;
	}
	if (lines)
		fprintf(stderr, "nerd: resuming after input line %ld (%llu output bytes kept)\n",
			lines, bytes);
	o->path = path;
	o->resume = 1;
	o->written = bytes;
	clock_gettime(CLOCK_MONOTONIC, &o->last_ckpt);
	o->vbuf = xmalloc(OUT_BUFSIZE);
	setvbuf(o->fp, o->vbuf, _IOFBF, OUT_BUFSIZE);
	*skip = lines;
	return 0;
}

static void out_fail(struct out *o, int err);

/* Makes OUT.partial durable up to now and records that lines input lines
 * are answered by it; with force 0 only when half a second has passed. */
static void out_checkpoint(struct out *o, long lines, int force)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - o->last_ckpt.tv_sec) * 1000 +
				      (now.tv_nsec - o->last_ckpt.tv_nsec) / 1000000 < 500)
		return;
	o->last_ckpt = now;
	errno = 0;
	if (fflush(o->fp) || fsync(fileno(o->fp)))
		out_fail(o, errno ? errno : EIO);
	char tmp[PATH_MAX + 40];
	snprintf(tmp, sizeof(tmp), "%s.tmp", o->ckpt);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "nerd-resume 1 lines=%ld bytes=%llu\n", lines,
			  (unsigned long long)o->written) < 0 ||
	    fflush(f) || fsync(fileno(f)) || fclose(f) || rename(tmp, o->ckpt)) {
		fprintf(stderr, "nerd: %s: %s\n", o->ckpt, strerror(errno));
		_exit(EXIT_IO);
	}
}

/* Drops the temporary file (on failure). */
static void out_abandon(struct out *o)
{
	if (o->path && out_tmp_live) {
		unlink(out_tmp_path);
		out_tmp_live = 0;
	}
}

/* A failed write ends the program: quietly when the reader went away (EPIPE),
 * with a message otherwise.  Other threads may still run; _exit does not wait
 * for them or flush anything more. */
static void out_fail(struct out *o, int err)
{
	out_abandon(o);
	if (err != EPIPE)
		fprintf(stderr, "nerd: %s: %s\n", o->path ? o->path : "standard output",
			strerror(err));
	_exit(EXIT_IO);
}

static void out_write(struct out *o, const void *p, size_t n)
{
	errno = 0;
	if (n && fwrite(p, 1, n, o->fp) != n)
		out_fail(o, errno ? errno : EIO);
}

/* Flushes and closes; a file is renamed over its final name only now. */
static void out_close(struct out *o)
{
	errno = 0;
	if (fflush(o->fp) || ferror(o->fp))
		out_fail(o, errno ? errno : EIO);
	if (o->path) {
		if (fsync(fileno(o->fp)) && errno != EINVAL && errno != EROFS)
			out_fail(o, errno);
		if (fclose(o->fp))
			out_fail(o, errno ? errno : EIO);
		if (rename(out_tmp_path, o->path))
			out_fail(o, errno);
		out_tmp_live = 0;
		if (o->resume && unlink(o->ckpt) && errno != ENOENT)
			out_fail(o, errno);
	} else if (fclose(stdout)) {
		out_fail(o, errno ? errno : EIO);
	}
	o->fp = NULL;
	free(o->vbuf);
	o->vbuf = NULL;
}

/* ---- input: a buffered line reader that never holds an over-long line ---- */

struct reader {
	int fd;
#ifdef HAVE_ZLIB
	gzFile gz;
#endif
	const char *name;
	char *buf;
	size_t pos, end;
	int eof, err;
	uint64_t consumed;      /* bytes handed out, newlines included */
	uint64_t size;          /* total bytes when known (a regular file), else 0 */
};

static int reader_open(struct reader *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->name = path && strcmp(path, "-") ? path : "standard input";
	if (!path || !strcmp(path, "-"))
		r->fd = STDIN_FILENO;
	else if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "nerd: %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (!fstat(r->fd, &st) && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
#ifdef HAVE_ZLIB
	size_t n = path ? strlen(path) : 0;
	if (n > 3 && !strcmp(path + n - 3, ".gz")) {
		if (!(r->gz = gzdopen(r->fd, "rb"))) {
			fprintf(stderr, "nerd: %s: cannot open as gzip\n", path);
			close(r->fd);
			return -1;
		}
		gzbuffer(r->gz, 256 * 1024);
		r->size = 0;    /* the uncompressed size is not known */
	}
#endif
	r->buf = xmalloc(READ_CHUNK);
	return 0;
}

static void reader_close(struct reader *r)
{
#ifdef HAVE_ZLIB
	if (r->gz)
		gzclose(r->gz);
	else
#endif
	if (r->fd != STDIN_FILENO)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
}

/* Refills the buffer; returns the bytes now available (0 at the end or on an
 * error, which sets r->err). */
static size_t reader_fill(struct reader *r)
{
	r->pos = r->end = 0;
	if (r->eof)
		return 0;
	for (;;) {
		ssize_t n;
#ifdef HAVE_ZLIB
		if (r->gz) {
			n = gzread(r->gz, r->buf, READ_CHUNK);
			if (n < 0) {
				int zerr;
				const char *msg = gzerror(r->gz, &zerr);
				fprintf(stderr, "nerd: %s: %s\n", r->name,
					zerr == Z_ERRNO ? strerror(errno) : msg);
				r->err = EIO;
				r->eof = 1;
				return 0;
			}
		} else
#endif
			n = read(r->fd, r->buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r->err = errno;
			fprintf(stderr, "nerd: %s: %s\n", r->name, strerror(errno));
		}
		if (n <= 0) {
			r->eof = 1;
			return 0;
		}
		r->end = (size_t)n;
		return r->end;
	}
}

/* Returns 1 when the next read would wait: the buffer is drained and the
 * input (a pipe or terminal) has nothing ready.  A batch is closed then, so
 * that a client sending one line and waiting for its answer gets it. */
static int reader_idle(struct reader *r)
{
	if (r->pos < r->end || r->eof || r->size)
		return 0;
#ifdef HAVE_ZLIB
	if (r->gz)
		return 0;
#endif
	struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
	return poll(&pfd, 1, 0) == 0;
}

/* Appends the next line (without its '\n') to dst.  A line longer than max
 * bytes is read to its end but not kept: *toobig is set and dst gets nothing.
 * Returns 1 for a line (also a last one without '\n'), 0 at the end.  The
 * splitting itself is ndjson_line_feed (ndjson.c). */
static int reader_line(struct reader *r, struct sbuf *dst, size_t max, int *toobig)
{
	struct ndjson_line ln;
	ndjson_line_init(&ln, dst);
	for (;;) {
		if (r->pos == r->end && !reader_fill(r)) {
			*toobig = ln.toobig;
			return ln.any;
		}
		int eol;
		size_t used = ndjson_line_feed(&ln, dst, r->buf + r->pos, r->end - r->pos, max, &eol);
		r->pos += used;
		r->consumed += used;
		if (eol) {
			*toobig = ln.toobig;
			return 1;
		}
	}
}

/* Skips the first n lines of the input (those a checkpoint says are done),
 * keeping none of their bytes. */
static int reader_skip(struct reader *r, long n)
{
	struct sbuf none;
	sbuf_init(&none);
	int big;
	for (long i = 0; i < n; i++)
		if (!reader_line(r, &none, 0, &big)) {
			sbuf_fini(&none);
			fprintf(stderr, "nerd: the input has fewer lines (%ld) than the checkpoint "
					"says were done (%ld): a different input?\n",
				i, n);
			return -1;
		}
	sbuf_fini(&none);
	return 0;
}

/* ---- progress on stderr ---- */

struct progress {
	int on;
	uint64_t total;         /* input size when known */
	struct timespec t0, last;
};

static double secs_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_start(struct progress *pr, int on, uint64_t total)
{
	pr->on = on;
	pr->total = total;
	clock_gettime(CLOCK_MONOTONIC, &pr->t0);
	pr->last = pr->t0;
	pr->last.tv_sec -= 1;
}

/* Redraws the line at most ten times a second; final ends it with '\n'. */
static void progress_show(struct progress *pr, uint64_t recs, uint64_t bytes, uint64_t errs,
			  int final)
{
	if (!pr->on || (!final && secs_since(&pr->last) < 0.1))
		return;
	clock_gettime(CLOCK_MONOTONIC, &pr->last);
	double t = secs_since(&pr->t0);
	if (t < 1e-6)
		t = 1e-6;
	char line[256];
	int n = snprintf(line, sizeof(line), "\r%llu records", (unsigned long long)recs);
	if (errs)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " (%llu failed)",
			      (unsigned long long)errs);
	n += snprintf(line + n, sizeof(line) - (size_t)n, "  %.0f rec/s  %.1f MB/s",
		      (double)recs / t, (double)bytes / t / 1e6);
	if (pr->total) {
		double f = (double)bytes / (double)pr->total;
		if (f > 1)
			f = 1;
		char bar[21];
		int k = (int)(f * 20);
		for (int i = 0; i < 20; i++)
			bar[i] = i < k ? '#' : '.';
		bar[20] = 0;
		n += snprintf(line + n, sizeof(line) - (size_t)n, "  [%s] %3.0f%%", bar, f * 100);
	}
	n += snprintf(line + n, sizeof(line) - (size_t)n, "  %.1fs\033[K%s", t, final ? "\n" : "");
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* a progress line is not worth failing for */
	}
}

/* ---- one NDJSON record ---- */

struct rec {
	size_t off, len;        /* in the batch's input buffer */
	long line;              /* 1-based input line number */
	int toobig;
};

struct batch {
	uint64_t seq;
	struct rec *rec;
	size_t nrec, cap;
	struct sbuf in, out;
	uint64_t inbytes;
	uint64_t nerr;
	int flush;              /* the input paused after this batch: flush the output */
	struct batch *next;
};

struct ctx {
	const struct model *m;
	const struct opts *o;
};

/* Options from the command line fill what a request leaves out (req->set;
 * a "date" of null gives none: has_date is 0). */
static void apply_defaults(const struct opts *o, struct nerd_req *req)
{
	if (!(req->set & NERD_SET_LANG))
		req->lang = o->lang;
	if (!(req->set & NERD_SET_OFFSETS))
		req->offsets = o->offsets;
	if (!(req->set & NERD_SET_BIAS))
		req->bias = o->bias;
	if (!req->has_date && o->has_date) {
		req->has_date = 1;
		req->year = o->year;
		req->month = o->month;
		req->day = o->day;
	}
}

/* Appends exactly one line to out for input line s[0..n): a response or an
 * error object.  Returns 1 for an error object, else 0. */
/* --no-timing: the record written from mark on gets "elapsed_us":0, so
 * that two runs over the same input give the same bytes. */
static void zero_elapsed(struct sbuf *out, size_t mark)
{
	static const char key[] = "\"elapsed_us\":";
	char *p = out->buf + mark, *end = out->buf + out->len, *hit = NULL;
	for (char *q; (q = memmem(p, (size_t)(end - p), key, sizeof(key) - 1)); p = q + 1)
		hit = q;
	if (!hit)
		return;
	char *num = hit + sizeof(key) - 1, *stop = num;
	while (stop < end && *stop >= '0' && *stop <= '9')
		stop++;
	if (stop == num)
		return;
	*num = '0';
	memmove(num + 1, stop, (size_t)(end - stop));
	out->len -= (size_t)(stop - num) - 1;
}

static int record_run(const struct ctx *c, const char *s, size_t n, long line, int toobig,
		      struct sbuf *out)
{
	char err[512], detail[600];
	if (toobig) {
		snprintf(detail, sizeof(detail), "the line is longer than the limit of %zu bytes",
			 c->o->max_line);
		nerd_error_json(out, NULL, 413, "line too long", detail, line);
		sbuf_putc(out, '\n');
		return 1;
	}
	if (ndjson_trim(&s, &n, line)) {
		nerd_error_json(out, NULL, 400, "empty line", "the line holds no request object",
				line);
		sbuf_putc(out, '\n');
		return 1;
	}
	json_t *root = NULL;
	struct nerd_req req;
	int rc = req_parse(s, n, &root, &req, err, sizeof(err));
	if (!rc) {
		apply_defaults(c->o, &req);
		size_t mark = out->len;
		rc = nerd_extract(c->m, &req, out);
		if (!rc && c->o->no_timing)
			zero_elapsed(out, mark);
		if (!rc) {
			sbuf_putc(out, '\n');
			json_decref(root);
			return 0;
		}
		out->len = mark;
		snprintf(err, sizeof(err), "%s", nerd_strerror(rc));
		nerd_error_json(out, req.id, rc == NERD_ETOOBIG ? 413 : 400,
				rc == NERD_ETOOBIG ? "text too long" : "cannot process", err, line);
		sbuf_putc(out, '\n');
		json_decref(root);
		return 1;
	}
	/* The request was refused.  When the line itself is JSON, its "id" still
	 * tells the client which request this was. */
	json_t *id = NULL;
	size_t bad;
	if (rc == NERD_EUTF8 && !utf8_valid(s, n, &bad))
		snprintf(err, sizeof(err), "the line is not valid UTF-8 (byte %zu)", bad + 1);
	if (rc == NERD_EFIELD) {
		root = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
		if (json_is_object(root))
			id = json_object_get(root, "id");
	}
	const char *title = rc == NERD_EJSON ? "malformed JSON"
			    : rc == NERD_EUTF8 ? "invalid UTF-8"
					       : "invalid request";
	nerd_error_json(out, id, 400, title, err, line);
	sbuf_putc(out, '\n');
	json_decref(root);
	return 1;
}

static void batch_run(const struct ctx *c, struct batch *b)
{
	/* The output buffer's header is written for every piece of every
	 * response: on this thread's stack, not in the batch, whose cache line
	 * may neighbour another worker's batch. */
	struct sbuf out = b->out;
	uint64_t nerr = 0;
	sbuf_reset(&out);
	for (size_t i = 0; i < b->nrec; i++) {
		const struct rec *r = &b->rec[i];
		nerr += (uint64_t)record_run(c, b->in.buf + r->off, r->len, r->line, r->toobig, &out);
	}
	b->out = out;
	b->nerr = nerr;
}

/* Reads up to BATCH_LINES lines, fewer when the input pauses; returns how
 * many. */
static size_t batch_fill(struct batch *b, struct reader *rd, size_t max_line, long *lineno)
{
	b->nrec = 0;
	b->inbytes = 0;
	b->flush = 0;
	sbuf_reset(&b->in);
	while (b->nrec < BATCH_LINES && b->in.len < BATCH_BYTES) {
		size_t start = b->in.len;
		uint64_t before = rd->consumed;
		int big;
		if (!reader_line(rd, &b->in, max_line, &big))
			break;
		if (b->nrec == b->cap) {
			b->cap = b->cap ? b->cap * 2 : BATCH_LINES;
			b->rec = xrealloc(b->rec, b->cap * sizeof(*b->rec));
		}
		b->rec[b->nrec++] = (struct rec){start, b->in.len - start, ++*lineno, big};
		b->inbytes += rd->consumed - before;
		if (reader_idle(rd)) {
			b->flush = 1;
			break;
		}
	}
	return b->nrec;
}

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	sbuf_fini(&b->in);
	sbuf_fini(&b->out);
	free(b->rec);
	free(b);
}

/* A batch that once held a huge line gives its memory back before reuse. */
static void batch_trim(struct batch *b)
{
	if (b->in.cap > BATCH_KEEP)
		sbuf_fini(&b->in);
	if (b->out.cap > BATCH_KEEP)
		sbuf_fini(&b->out);
}

/* ---- the threaded NDJSON pipeline ---- */

struct pipe {
	struct ctx c;
	struct reader *rd;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;         /* a batch was queued, or the reader is done */
	pthread_cond_t done_cv;         /* a batch was processed */
	pthread_cond_t space_cv;        /* a batch was written: room for another */
	struct batch *qhead, *qtail;    /* read, waiting for a worker */
	struct batch **done;            /* processed, at seq % max_inflight */
	struct batch *free;
	size_t inflight, max_inflight;
	uint64_t nseq;                  /* batches handed out so far */
	uint64_t next;                  /* the batch the writer waits for */
	long lineno;
	int reader_done;
};

static void *reader_main(void *arg)
{
	struct pipe *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->inflight >= p->max_inflight)
			pthread_cond_wait(&p->space_cv, &p->mu);
		struct batch *b = p->free;
		if (b)
			p->free = b->next;
		pthread_mutex_unlock(&p->mu);
		if (!b)
			b = xcalloc(1, sizeof(*b));
		size_t n = batch_fill(b, p->rd, p->c.o->max_line, &p->lineno);
		pthread_mutex_lock(&p->mu);
		if (!n) {
			b->next = p->free;
			p->free = b;
			p->reader_done = 1;
			pthread_cond_broadcast(&p->work_cv);
			pthread_cond_signal(&p->done_cv);
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		b->seq = p->nseq++;
		b->next = NULL;
		if (p->qtail)
			p->qtail->next = b;
		else
			p->qhead = b;
		p->qtail = b;
		p->inflight++;
		pthread_cond_signal(&p->work_cv);
		pthread_mutex_unlock(&p->mu);
	}
}

static void *worker_main(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->qhead && !p->reader_done)
			pthread_cond_wait(&p->work_cv, &p->mu);
		struct batch *b = p->qhead;
		if (!b)
			break;
		p->qhead = b->next;
		if (!p->qhead)
			p->qtail = NULL;
		pthread_mutex_unlock(&p->mu);
		batch_run(&p->c, b);
		pthread_mutex_lock(&p->mu);
		p->done[b->seq % p->max_inflight] = b;
		if (b->seq == p->next)  /* the writer sleeps until this one */
			pthread_cond_signal(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct totals {
	uint64_t recs, bytes, errs;
};

static void write_batch(struct out *out, struct batch *b, struct totals *t)
{
	out_write(out, b->out.buf, b->out.len);
	out->written += b->out.len;
	if (out->resume && b->nrec)
		out_checkpoint(out, b->rec[b->nrec - 1].line, 0);
	if (b->flush && fflush(out->fp))
		out_fail(out, errno ? errno : EIO);
	t->recs += b->nrec;
	t->bytes += b->inbytes;
	t->errs += b->nerr;
}

/* Runs the stream with jobs workers (1: all in this thread). */
static void ndjson_stream(const struct ctx *c, struct reader *rd, struct out *out, int jobs,
			  struct progress *pr, struct totals *t)
{
	if (jobs <= 1) {
		struct batch *b = xcalloc(1, sizeof(*b));
		long lineno = c->o->line0;
		while (batch_fill(b, rd, c->o->max_line, &lineno)) {
			batch_run(c, b);
			write_batch(out, b, t);
			batch_trim(b);
			progress_show(pr, t->recs, t->bytes, t->errs, 0);
		}
		batch_free(b);
		return;
	}

	struct pipe p;
	memset(&p, 0, sizeof(p));
	p.c = *c;
	p.rd = rd;
	p.lineno = c->o->line0;
	p.max_inflight = (size_t)jobs * INFLIGHT_PER_JOB;
	p.done = xcalloc(p.max_inflight, sizeof(*p.done));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work_cv, NULL);
	pthread_cond_init(&p.space_cv, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p.done_cv, &ca);
	pthread_condattr_destroy(&ca);

	pthread_t rt, *wt = xcalloc((size_t)jobs, sizeof(*wt));
	int rc = pthread_create(&rt, NULL, reader_main, &p);
	for (int i = 0; !rc && i < jobs; i++)
		rc = pthread_create(&wt[i], NULL, worker_main, &p);
	if (rc) {
		fprintf(stderr, "nerd: cannot start threads: %s\n", strerror(rc));
		out_abandon(out);
		_exit(EXIT_IO);
	}

	pthread_mutex_lock(&p.mu);
	for (;;) {
		uint64_t next = p.next;
		struct batch *b = p.done[next % p.max_inflight];
		if (b && b->seq == next) {
			p.done[next % p.max_inflight] = NULL;
			pthread_mutex_unlock(&p.mu);
			write_batch(out, b, t);
			batch_trim(b);
			progress_show(pr, t->recs, t->bytes, t->errs, 0);
			pthread_mutex_lock(&p.mu);
			b->next = p.free;
			p.free = b;
			p.inflight--;
			p.next++;
			pthread_cond_signal(&p.space_cv);
			continue;
		}
		if (p.reader_done && p.next == p.nseq)
			break;
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p.done_cv, &p.mu, &until);
		if (pr->on) {
			pthread_mutex_unlock(&p.mu);
			progress_show(pr, t->recs, t->bytes, t->errs, 0);
			pthread_mutex_lock(&p.mu);
		}
	}
	pthread_mutex_unlock(&p.mu);

	pthread_join(rt, NULL);
	for (int i = 0; i < jobs; i++)
		pthread_join(wt[i], NULL);
	free(wt);
	while (p.free) {
		struct batch *b = p.free;
		p.free = b->next;
		batch_free(b);
	}
	free(p.done);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.work_cv);
	pthread_cond_destroy(&p.done_cv);
	pthread_cond_destroy(&p.space_cv);
}

/* ---- text files ---- */

/* Reads a whole file (or stdin for "-") into *buf. */
static int slurp(const char *path, char **buf, size_t *len)
{
	if (strcmp(path, "-"))
		return read_file(path, buf, len) ? -1 : 0;
	struct sbuf b;
	sbuf_init(&b);
	for (;;) {
		sbuf_grow(&b, READ_CHUNK);
		ssize_t n = read(STDIN_FILENO, b.buf + b.len, b.cap - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			sbuf_fini(&b);
			errno = e;
			return -1;
		}
		if (!n)
			break;
		b.len += (size_t)n;
	}
	sbuf_cstr(&b);
	*buf = b.buf;
	*len = b.len;
	return 0;
}

/* Re-indents compact JSON (as emit.c writes it) for people: two spaces per
 * level, numbers and strings kept byte for byte. */
static void json_pretty(struct sbuf *o, const char *s, size_t n)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			sbuf_putc(o, c);
			if (c == '\\' && i + 1 < n)
				sbuf_putc(o, s[++i]);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			sbuf_putc(o, c);
			break;
		case '{':
		case '[':
			sbuf_putc(o, c);
			if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']')) {
				sbuf_putc(o, s[++i]);
				break;
			}
			depth++;
			sbuf_putc(o, '\n');
			for (int k = 0; k < depth; k++)
				sbuf_add(o, "  ", 2);
			break;
		case '}':
		case ']':
			depth--;
			sbuf_putc(o, '\n');
			for (int k = 0; k < depth; k++)
				sbuf_add(o, "  ", 2);
			sbuf_putc(o, c);
			break;
		case ',':
			sbuf_putc(o, c);
			sbuf_putc(o, '\n');
			for (int k = 0; k < depth; k++)
				sbuf_add(o, "  ", 2);
			break;
		case ':':
			sbuf_add(o, ": ", 2);
			break;
		default:
			sbuf_putc(o, c);
		}
	}
}

/* The file name shown by an HTML page, when it can be shown as it is. */
static const char *html_source(const char *path, int is_stdin)
{
	size_t bad;
	return is_stdin || !utf8_valid(path, strlen(path), &bad) ? NULL : path;
}

/* One response (or error) per input; returns the exit code. */
static int extract_files(const struct model *m, const struct opts *o, char **files, int nfiles,
			 struct out *out)
{
	static char *stdin_only[] = {"-"};
	if (!nfiles) {
		files = stdin_only;
		nfiles = 1;
	}
	int rc = EXIT_OKAY;
	struct sbuf resp, text;
	sbuf_init(&resp);
	sbuf_init(&text);
	for (int i = 0; i < nfiles; i++) {
		const char *path = files[i];
		int is_stdin = !strcmp(path, "-");
		json_t *id = o->id ? json_string(o->id) : is_stdin ? NULL : json_string(path);
		sbuf_reset(&resp);
		if (o->format == FMT_CONLL && nfiles > 1)
			sbuf_printf(&resp, "# %s\n", is_stdin ? "-" : path);

		char *buf = NULL;
		size_t len = 0;
		char detail[600];
		int status = 0;
		const char *title = NULL;
		if (slurp(path, &buf, &len)) {
			int e = errno;
			fprintf(stderr, "nerd: %s: %s\n", is_stdin ? "standard input" : path,
				strerror(e));
			snprintf(detail, sizeof(detail), "%s", strerror(e));
			status = e == ENOENT ? 404 : e == EACCES ? 403 : 500;
			title = "cannot read file";
			rc = EXIT_IO;
		} else {
			const char *t = buf;
			if (len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3)) {
				t += 3; /* a byte order mark is not part of the text */
				len -= 3;
			}
			size_t bad;
			struct nerd_req req;
			req_init(&req);
			req.text = t;
			req.len = len;
			req.id = id;
			req.lang = o->lang;
			req.offsets = o->offsets;
			req.bias = o->bias;
			req.has_date = o->has_date;
			req.year = o->year;
			req.month = o->month;
			req.day = o->day;
			int xrc;
			if (!utf8_valid(t, len, &bad)) {
				snprintf(detail, sizeof(detail),
					 "the text is not valid UTF-8 (byte %zu)", bad);
				status = 400;
				title = "invalid UTF-8";
			} else if ((xrc = o->format == FMT_CONLL ? nerd_extract_conll(m, &req, &resp)
								  : nerd_extract(m, &req, &text))) {
				snprintf(detail, sizeof(detail), "%s", nerd_strerror(xrc));
				status = xrc == NERD_ETOOBIG ? 413 : 400;
				title = xrc == NERD_ETOOBIG ? "text too long" : "cannot process";
			} else if (o->format == FMT_JSON) {
				json_pretty(&resp, text.buf, text.len);
				sbuf_putc(&resp, '\n');
			} else if (o->format == FMT_NDJSON) {
				sbuf_add(&resp, text.buf, text.len);
				sbuf_putc(&resp, '\n');
			} else if (o->format == FMT_HTML &&
				   web_page(&resp, html_source(path, is_stdin), t, len, text.buf,
					    text.len)) {
				snprintf(detail, sizeof(detail),
					 "the built-in page files cannot be filled in");
				status = 500;
				title = "cannot write HTML";
			}
			if (status) {
				fprintf(stderr, "nerd: %s: %s\n",
					is_stdin ? "standard input" : path, detail);
				if (rc == EXIT_OKAY)
					rc = EXIT_RECORDS;
			}
		}
		free(buf);
		sbuf_reset(&text);
		if (status) {
			if (o->format == FMT_CONLL) {
				sbuf_printf(&resp, "# error: %s\n\n", detail);
			} else if (o->format == FMT_HTML) {
				/* The page shows the error; with no text to show. */
				nerd_error_json(&text, id, status, title, detail, 0);
				sbuf_reset(&resp);
				if (web_page(&resp, html_source(path, is_stdin), "", 0, text.buf,
					     text.len))
					sbuf_reset(&resp);
				sbuf_reset(&text);
			} else {
				nerd_error_json(&text, id, status, title, detail, 0);
				if (o->format == FMT_JSON)
					json_pretty(&resp, text.buf, text.len);
				else
					sbuf_add(&resp, text.buf, text.len);
				sbuf_putc(&resp, '\n');
				sbuf_reset(&text);
			}
		}
		json_decref(id);
		out_write(out, resp.buf, resp.len);
	}
	sbuf_fini(&resp);
	sbuf_fini(&text);
	return rc;
}

/* ---- command line ---- */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: nerd extract [OPTION]... [FILE]...\n"
"       nerd extract --ndjson [OPTION]... [IN [OUT]]\n"

"       nerd compile [-g DIR]... [-o FILE]\n"
"       nerd reload [--url URL] [--token TOKEN]\n"
"       nerd version | nerd --version\n"
"       nerd help | nerd --help\n"
"\n"
"Finds people, places, organisations, figures, dates and relations in German\n"
"(and English) news text and writes them as JSON.\n"
"\n"
"extract FILE...   one response per UTF-8 text file ('-' or no FILE: stdin).\n"
"                  Without --id a file's response has its file name as id.\n"
"extract --ndjson  one request object per input line ({\"text\":..., \"id\":...,\n"
"                  \"lang\":..., \"date\":..., \"offsets\":..., \"bias\":...}), exactly one\n"
"                  response line per input line, in input order; a line that\n"
"                  cannot be processed gives {\"id\":..., \"error\":{\"status\",\n"
"                  \"title\", \"detail\", \"line\"}} on its line.  IN and OUT default\n"
"                  to stdin and stdout ('-' means those too); OUT is written as\n"
"                  OUT.tmp.PID and renamed when complete.\n"
"compile           compiles the gazetteers of DIR (and user directories given\n"
"                  with more -g) into a binary image, by default\n"
"                  DIR/" MODEL_IMAGE_NAME ", which nerd and nerdd then map at start\n"
"                  instead of reading the TSV files, as long as it is newer\n"
"                  than every one of them.\n"
"reload            asks a running nerdd to reload its data (POST\n"
"                  /v1/admin/reload at --url, default http://127.0.0.1:8080),\n"
"                  waits for the answer and exits 0 when the new model is\n"
"                  active, 1 when the daemon kept the old one (the reason is\n"
"                  printed), 4 when it cannot be reached.  --token (default\n"
"                  $NERD_ADMIN_TOKEN) is the daemon's admin-token.\n"
"\n"
"Options:\n"
"  -l, --lang=de|en|auto      language of the text (default: de)\n"
"  -d, --date=YYYY-MM-DD      the article's date, for relative dates (default: today)\n"
"      --id=STRING            the id to put in the response (file mode, one input)\n"
"      --bias=past|future     how dates without a year resolve: past for news\n"
"                             (the default), future for schedules\n"
"      --offsets=codepoint|utf8|utf16\n"
"                             how offsets count (default: codepoint)\n"
"  -g, --gazetteers=DIR       gazetteer and rule directory (default: $NERD_GAZDIR,\n"
"                             else %s); more -g (or DIR:USERDIR)\n"
"                             add user gazetteer directories, later ones win\n"
"      --image=FILE           take the gazetteer from this compiled image\n"
"  -f, --format=json|ndjson|conll|html\n"
"                             json: indented (the default for files);\n"
"                             ndjson: one object per line; conll: token TAB label;\n"
"                             html: one standalone page showing the text with its\n"
"                             entities, figures and dates marked (one input only;\n"
"                             offsets default to utf16)\n"
"  -o, --output=FILE          write to FILE (atomically) instead of stdout\n"
"      --ndjson               read NDJSON requests (see above)\n"
"  -j, --jobs=N               worker threads for --ndjson (default: online CPUs)\n"
"      --max-line=BYTES       longest accepted NDJSON line, suffixes K, M, G\n"
"                             (default: 64M); longer lines give status 413\n"
"      --resume               (--ndjson IN OUT) write OUT.partial with a checkpoint;\n"
"                             run the same command again after a crash or kill\n"
"                             and it continues where the checkpoint left off\n"
"      --no-timing            meta.elapsed_us is 0: the same input gives the same\n"
"                             bytes (an interrupted --resume run included)\n"
"      --progress, --no-progress\n"
"                             force the progress line on stderr on or off (default:\n"
"                             on when stderr is a terminal, --ndjson only)\n"
"  -h, --help                 this text\n"
"\n"
"In --ndjson mode, --lang, --date, --offsets and --bias are defaults for\n"
"requests that leave the field out.\n"
"\n"
"Exit status:\n"
"  0  everything was processed\n"
"  1  some records or files failed (their error objects were written)\n"
"  2  usage error\n"
"  3  the gazetteers or rules could not be loaded\n"
"  4  input/output error (unreadable input, failed write; a closed pipe exits\n"
"     with 4 quietly)\n",
		NERD_DATADIR "/gazetteers");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "nerd: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'nerd help' for more information.\n");
	return EXIT_USAGE;
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' && end[1] == 'B' ? 2 : 1;
	if (*end || !v || v > (unsigned long long)(SIZE_MAX / 4) / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

static int parse_date(const char *s, struct opts *o)
{
	/* Validated exactly as a request's "date" is. */
	json_t *obj = json_pack("{s:s, s:s}", "text", "", "date", s);
	struct nerd_req req;
	char err[128];
	int rc = obj ? req_from_json(obj, &req, err, sizeof(err)) : -1;
	json_decref(obj);
	if (rc)
		return -1;
	o->has_date = 1;
	o->year = req.year;
	o->month = req.month;
	o->day = req.day;
	return 0;
}

/* -g DIR: the first replaces the default, the next ones add user
 * directories ("DIR:USERDIR"). */
static int gazdir_add(char *spec, size_t size, const char *dir, int nth)
{
	size_t at = nth ? strlen(spec) : 0;
	int n = snprintf(spec + at, size - at, "%s%s", nth ? ":" : "", dir);
	return n < 0 || (size_t)n >= size - at ? -1 : 0;
}

/* Splits DIR[:USERDIR...] into dirs (pointing into spec, which it cuts). */
static size_t gazdir_split(char *spec, const char **dirs, size_t max)
{
	size_t n = 0;
	for (char *p = spec, *q; p && n < max; p = q) {
		q = strchr(p, ':');
		if (q)
			*q++ = 0;
		if (*p)
			dirs[n++] = p;
	}
	return n;
}

static struct model *load_model(const char *spec, const char *image, char *err, size_t errlen)
{
	char *copy = xstrdup(spec);
	const char *dirs[64];
	struct model_src src = {dirs, gazdir_split(copy, dirs, 64), image, 0};
	struct model *m = model_load_src(&src, err, errlen);
	free(copy);
	return m;
}

static int cmd_extract(int argc, char **argv)
{
	enum { OPT_ID = 256, OPT_OFFSETS, OPT_NDJSON, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_MAXLINE,
	       OPT_RESUME, OPT_NOTIMING, OPT_IMAGE, OPT_BIAS };
	static const struct option longopts[] = {
		{"lang", required_argument, NULL, 'l'},
		{"date", required_argument, NULL, 'd'},
		{"id", required_argument, NULL, OPT_ID},
		{"offsets", required_argument, NULL, OPT_OFFSETS},
		{"bias", required_argument, NULL, OPT_BIAS},
		{"gazetteers", required_argument, NULL, 'g'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"ndjson", no_argument, NULL, OPT_NDJSON},
		{"jobs", required_argument, NULL, 'j'},
		{"progress", no_argument, NULL, OPT_PROGRESS},
		{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
		{"max-line", required_argument, NULL, OPT_MAXLINE},
		{"resume", no_argument, NULL, OPT_RESUME},
		{"no-timing", no_argument, NULL, OPT_NOTIMING},
		{"image", required_argument, NULL, OPT_IMAGE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct opts o;
	memset(&o, 0, sizeof(o));
	o.lang = NERD_LANG_DE;
	o.offsets = NERD_OFF_CODEPOINT;
	o.progress = -1;
	o.max_line = DEFAULT_MAX_LINE;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu > 0 ? (int)MIN(ncpu, 64) : 1;
	const char *env = getenv("NERD_GAZDIR");
	snprintf(o.gazdir, sizeof(o.gazdir), "%s", env && *env ? env : NERD_DATADIR "/gazetteers");
	int ngaz = 0;

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":l:d:g:f:o:j:h", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'l':
			if (!strcmp(optarg, "de"))
				o.lang = NERD_LANG_DE;
			else if (!strcmp(optarg, "en"))
				o.lang = NERD_LANG_EN;
			else if (!strcmp(optarg, "auto"))
				o.lang = NERD_LANG_AUTO;
			else
				return usage_error("--lang must be de, en or auto, not '%s'", optarg);
			break;
		case 'd':
			if (parse_date(optarg, &o))
				return usage_error("--date must be a date as YYYY-MM-DD, not '%s'",
						   optarg);
			break;
		case OPT_ID:
			o.id = optarg;
			break;
		case OPT_OFFSETS:
			if (!strcmp(optarg, "codepoint"))
				o.offsets = NERD_OFF_CODEPOINT;
			else if (!strcmp(optarg, "utf8"))
				o.offsets = NERD_OFF_UTF8;
			else if (!strcmp(optarg, "utf16"))
				o.offsets = NERD_OFF_UTF16;
			else
				return usage_error("--offsets must be codepoint, utf8 or utf16, not '%s'",
						   optarg);
			o.offsets_set = 1;
			break;
		case OPT_BIAS:
			if (!strcmp(optarg, "past"))
				o.bias = NERD_BIAS_PAST;
			else if (!strcmp(optarg, "future"))
				o.bias = NERD_BIAS_FUTURE;
			else
				return usage_error("--bias must be past or future, not '%s'", optarg);
			break;
		case 'g':
			if (gazdir_add(o.gazdir, sizeof(o.gazdir), optarg, ngaz++))
				return usage_error("%s", "the gazetteer directories are too long");
			break;
		case OPT_IMAGE:
			o.image = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				o.format = FMT_JSON;
			else if (!strcmp(optarg, "ndjson"))
				o.format = FMT_NDJSON;
			else if (!strcmp(optarg, "conll"))
				o.format = FMT_CONLL;
			else if (!strcmp(optarg, "html"))
				o.format = FMT_HTML;
			else
				return usage_error("--format must be json, ndjson, conll or html, not '%s'",
						   optarg);
			o.format_set = 1;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_NDJSON:
			o.ndjson = 1;
			break;
		case 'j': {
			errno = 0;
			long j = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || j < 1 || j > 1024)
				return usage_error("--jobs must be a number from 1 to 1024, not '%s'",
						   optarg);
			o.jobs = (int)j;
			break;
		}
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case OPT_NO_PROGRESS:
			o.progress = 0;
			break;
		case OPT_RESUME:
			o.resume = 1;
			break;
		case OPT_NOTIMING:
			o.no_timing = 1;
			break;
		case OPT_MAXLINE:
			if (parse_size(optarg, &o.max_line))
				return usage_error("--max-line must be a positive size in bytes "
						   "(suffixes K, M, G), not '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_OKAY;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt) {
				char opt[3] = {'-', (char)optopt, 0};
				return usage_error("unknown option '%s'", opt);
			}
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	char **args = argv + optind;
	int nargs = argc - optind;

	if (o.ndjson) {
		if (o.format_set && o.format != FMT_NDJSON)
			return usage_error("%s", "--ndjson writes NDJSON; --format does not apply");
		if (o.id)
			return usage_error("%s", "--id does not apply to --ndjson (each line has its own)");
		if (nargs > 2)
			return usage_error("%s", "--ndjson takes at most two files: IN and OUT");
		if (nargs == 2 && o.output)
			return usage_error("%s", "give OUT or -o, not both");
		const char *op = nargs == 2 ? args[1] : o.output;
		if (o.resume && (nargs < 1 || !strcmp(args[0], "-") || !op || !strcmp(op, "-")))
			return usage_error("%s", "--resume needs IN and OUT files (not standard input "
						 "or output)");
	} else {
		if (o.id && nargs > 1)
			return usage_error("%s", "--id applies to a single input");
		if (o.format == FMT_HTML && nargs > 1)
			return usage_error("%s", "--format html writes one page: give one input");
		/* JavaScript strings count UTF-16 units: the page then needs no
		 * conversion (it converts other offsets when asked for them). */
		if (o.format == FMT_HTML && !o.offsets_set)
			o.offsets = NERD_OFF_UTF16;
	}

	/* Input first (a missing file is found fast), then the model, then the
	 * output, so that a failure leaves no temporary file behind. */
	struct reader rd;
	if (o.ndjson && reader_open(&rd, nargs > 0 ? args[0] : NULL))
		return EXIT_IO;
	char err[1024] = "";
	struct model *m = load_model(o.gazdir, o.image, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "nerd: cannot load gazetteers: %s\n", err);
		if (o.ndjson)
			reader_close(&rd);
		return EXIT_DATA;
	}
	const char *outpath = o.ndjson && nargs == 2 ? args[1] : o.output;
	struct out out;
	if (o.resume ? out_open_resume(&out, outpath, &o.line0) || reader_skip(&rd, o.line0)
		     : out_open(&out, outpath)) {
		model_unref(m);
		if (o.ndjson)
			reader_close(&rd);
		return EXIT_IO;
	}

	struct ctx ctx = {m, &o};
	int rc;
	if (o.ndjson) {
		struct progress pr;
		int on = o.progress >= 0 ? o.progress : isatty(STDERR_FILENO);
		progress_start(&pr, on, rd.size);
		struct totals t = {0, 0, 0};
		ndjson_stream(&ctx, &rd, &out, o.jobs, &pr, &t);
		if (out.resume && !rd.err)
			out_checkpoint(&out, o.line0 + (long)t.recs, 1);
		progress_show(&pr, t.recs, t.bytes, t.errs, 1);
		reader_close(&rd);
		rc = rd.err ? EXIT_IO : t.errs ? EXIT_RECORDS : EXIT_OKAY;
	} else {
		rc = extract_files(m, &o, args, nargs, &out);
	}
	if (rc == EXIT_IO && o.ndjson && out.path) {
		/* The input broke off: OUT would be incomplete, so it is not made. */
		fclose(out.fp);
		out_abandon(&out);
		free(out.vbuf);
		fprintf(stderr, "nerd: %s not written\n", out.path);
	} else {
		out_close(&out);
	}
	model_unref(m);
	return rc;
}

/* ---- nerd compile ---- */

static int cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"gazetteers", required_argument, NULL, 'g'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	char spec[PATH_MAX];
	const char *env = getenv("NERD_GAZDIR");
	snprintf(spec, sizeof(spec), "%s", env && *env ? env : NERD_DATADIR "/gazetteers");
	const char *out = NULL;
	int ngaz = 0, c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":g:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (gazdir_add(spec, sizeof(spec), optarg, ngaz++))
				return usage_error("%s", "the gazetteer directories are too long");
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OKAY;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("compile takes no file arguments ('%s'); use -o FILE", argv[optind]);
	const char *dirs[64];
	size_t n = gazdir_split(spec, dirs, 64);
	if (!n)
		return usage_error("%s", "no gazetteer directory");
	/* The image records the real paths, as model_load compares them. */
	char *real[64];
	for (size_t i = 0; i < n; i++) {
		real[i] = realpath(dirs[i], NULL);
		if (!real[i]) {
			fprintf(stderr, "nerd: %s: %s\n", dirs[i], strerror(errno));
			for (size_t k = 0; k < i; k++)
				free(real[k]);
			return EXIT_DATA;
		}
	}
	char img[PATH_MAX + 16];
	snprintf(img, sizeof(img), "%s/" MODEL_IMAGE_NAME, real[0]);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct gaz *g = NULL;
	char err[1024];
	int rc = gaz_load_dirs((const char *const *)real, n, &g, err, sizeof(err));
	for (size_t k = 0; k < n; k++)
		free(real[k]);
	if (rc) {
		fprintf(stderr, "nerd: cannot compile the gazetteers: %s\n", err);
		return EXIT_DATA;
	}
	if (!out)
		out = img;
	rc = gaz_image_save(g, out, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc) {
		fprintf(stderr, "nerd: cannot write the image: %s\n", err);
		gaz_free(g);
		return EXIT_IO;
	}
	struct stat st;
	fprintf(stderr, "nerd: %zu entries, %zu surface forms compiled into %s (%.1f MB) in %.2f s\n",
		gaz_size(g), gaz_nkeys(g), out,
		stat(out, &st) ? 0.0 : (double)st.st_size / (1024 * 1024),
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	gaz_free(g);
	return EXIT_OKAY;
}

/* ---- nerd reload: a minimal HTTP/1.1 client ---- */

/* Sends POST /v1/admin/reload to url (http://HOST[:PORT][/PREFIX]) and
 * reads the whole answer (Connection: close) into resp.  Returns the
 * status, or -1 with the reason in err. */
static int http_post_reload(const char *url, const char *token, struct sbuf *resp, char *err,
			    size_t errlen)
{
	if (strncmp(url, "http://", 7)) {
		snprintf(err, errlen, "%s: only http:// URLs are supported", url);
		return -1;
	}
	const char *h = url + 7, *slash = strchr(h, '/');
	size_t hl = slash ? (size_t)(slash - h) : strlen(h);
	char host[256], port[16] = "80";
	if (!hl || hl >= sizeof(host)) {
		snprintf(err, errlen, "%s: no host", url);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = 0;
	char *hp = host;
	char *colon = strrchr(host, ':');
	if (host[0] == '[') {                   /* [::1]:8080 */
		char *rb = strchr(host, ']');
		if (!rb) {
			snprintf(err, errlen, "%s: bad IPv6 address", url);
			return -1;
		}
		*rb = 0;
		hp = host + 1;
		colon = rb[1] == ':' ? rb + 1 : NULL;
	}
	if (colon) {
		*colon = 0;
		snprintf(port, sizeof(port), "%s", colon + 1);
	}
	char path[1024];
	snprintf(path, sizeof(path), "%.*s/v1/admin/reload",
		 slash ? (int)strcspn(slash, "?#") - (slash[strcspn(slash, "?#") - 1] == '/') : 0,
		 slash ? slash : "");
	struct addrinfo hints, *res, *ai;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	int grc = getaddrinfo(hp, port, &hints, &res);
	if (grc) {
		snprintf(err, errlen, "%s: %s", url, gai_strerror(grc));
		return -1;
	}
	int fd = -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		snprintf(err, errlen, "%s: %s", url, strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	/* A reload of big gazetteers takes a while; a daemon that hangs does not
	 * hang us forever. */
	struct timeval tv = {300, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sbuf rq;
	sbuf_init(&rq);
	sbuf_printf(&rq, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 0\r\n"
		    "Connection: close\r\nUser-Agent: nerd/%s\r\n", path, hp, NERD_VERSION_STRING);
	if (token && *token)
		sbuf_printf(&rq, "Authorization: Bearer %s\r\n", token);
	sbuf_puts(&rq, "\r\n");
	size_t off = 0;
	while (off < rq.len) {
		ssize_t w = send(fd, rq.buf + off, rq.len - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "%s: sending: %s", url, strerror(errno));
			sbuf_fini(&rq);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	sbuf_fini(&rq);
	for (;;) {
		sbuf_grow(resp, 4096);
		ssize_t r = recv(fd, resp->buf + resp->len, resp->cap - resp->len - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", url,
				 errno == EAGAIN ? "no answer within 300 s" : strerror(errno));
			close(fd);
			return -1;
		}
		if (!r)
			break;
		resp->len += (size_t)r;
	}
	close(fd);
	sbuf_cstr(resp);
	int status;
	if (sscanf(resp->buf, "HTTP/1.%*d %d", &status) != 1) {
		snprintf(err, errlen, "%s: not an HTTP answer", url);
		return -1;
	}
	return status;
}

static int cmd_reload(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"url", required_argument, NULL, 'u'},
		{"token", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *url = "http://127.0.0.1:8080";
	const char *token = getenv("NERD_ADMIN_TOKEN");
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":u:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 't':
			token = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OKAY;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("reload takes no arguments ('%s')", argv[optind]);
	struct sbuf resp;
	sbuf_init(&resp);
	char err[512];
	int status = http_post_reload(url, token, &resp, err, sizeof(err));
	if (status < 0) {
		fprintf(stderr, "nerd: cannot reach the daemon: %s\n", err);
		sbuf_fini(&resp);
		return EXIT_IO;
	}
	const char *body = strstr(resp.buf, "\r\n\r\n");
	body = body ? body + 4 : "";
	json_t *j = json_loads(body, 0, NULL);
	int rc = EXIT_RECORDS;
	if (status == 200) {
		const char *v = json_string_value(json_object_get(j, "model_version"));
		printf("reloaded: model %s\n", v ? v : "(unknown)");
		rc = fflush(stdout) ? EXIT_IO : EXIT_OKAY;
	} else {
		const char *d = json_string_value(json_object_get(j, "detail"));
		fprintf(stderr, "nerd: reload failed (HTTP %d): %s\n", status, d ? d : body);
	}
	json_decref(j);
	sbuf_fini(&resp);
	return rc;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_fatal_signal);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
	json_object_seed(0);    /* before any thread builds an object */

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "extract"))
		return cmd_extract(argc - 1, argv + 1);
	if (!strcmp(cmd, "compile"))
		return cmd_compile(argc - 1, argv + 1);
	if (!strcmp(cmd, "reload"))
		return cmd_reload(argc - 1, argv + 1);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("nerd %s\n", NERD_VERSION_STRING);
		return fflush(stdout) ? EXIT_IO : EXIT_OKAY;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return fflush(stdout) ? EXIT_IO : EXIT_OKAY;
	}
	return usage_error("unknown command '%s'", cmd);
}
