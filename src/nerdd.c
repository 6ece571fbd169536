/* nerdd.c -- the daemon's main: options and config file, loading the model,
 * starting the HTTP server (http.c), and the signal loop.  SIGTERM and
 * SIGINT stop accepting, let requests in flight finish and exit 0; SIGHUP
 * and POST /v1/admin/reload load the data again aside and swap it in only
 * when it loaded (one reload at a time, so generations only grow).  Signals
 * are blocked in every thread and taken synchronously here with
 * sigtimedwait, so no handler runs inside the server's threads. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "http.h"
#include "log.h"
#include "nerd.h"
#include "pcre.h"
#include "notify.h"
#include "util.h"
#include "watchdog.h"
#include "web.h"

/* Exit codes, as documented in --help and nerdd(8). */
enum { EXIT_OK = 0, EXIT_CONFIG = 1, EXIT_USAGE = 2 };

struct conf {
	const char *config;     /* --config FILE, or NULL */
	char *listen;
	char *gazdir;           /* DIR[:USERDIR...] */
	char *image;            /* --image FILE, or NULL */
	char *admin_token;
	char *webdir;           /* --web: a directory, "off", or NULL (the default) */
	int check_only;         /* -n */
	int log_level;
	unsigned log_rate;      /* lines a second per message site */
	struct http_opts http;
};

static const char usage_text[] =
	"Usage: nerdd [OPTION]...\n"
	"Serve named-entity and fact extraction over HTTP.\n"
	"\n"
	"  -l, --listen ADDR        address to listen on: HOST:PORT or [IPV6]:PORT;\n"
	"                           port 0 picks a free port (default 127.0.0.1:8080)\n"
	"  -g, --gazetteers DIR     gazetteer and rule directory\n"
	"                           (default " NERD_DATADIR "/gazetteers); repeat it\n"
	"                           (or write DIR:USERDIR) to add user gazetteer\n"
	"                           directories, later ones win\n"
	"      --image FILE         take the gazetteer from a compiled image\n"
	"                           (nerd compile); default: DIR/" MODEL_IMAGE_NAME " when it\n"
	"                           is newer than every gazetteer file\n"
	"  -w, --web DIR|off        the page served at GET / (default " NERD_DATADIR "/web,\n"
	"                           else the copy built into nerdd); off: no page\n"
	"  -t, --threads N          worker threads (default: online CPU cores)\n"
	"  -b, --max-body BYTES     request body limit; K and M suffixes (default 1M)\n"
	"      --timeout SECONDS    idle connection timeout (default 30)\n"
	"      --max-connections N  connections in total (default 1024)\n"
	"      --max-per-ip N       connections from one address (default 64)\n"
	"      --deadline SECONDS   longest time a request may take to arrive,\n"
	"                           headers and body (default 60; 0: none)\n"
	"      --max-inflight N     POST requests worked on at once; more get 503\n"
	"                           with Retry-After (default 256)\n"
	"      --access-log on|off  one log line per request (default off)\n"
	"      --log-level LEVEL    debug, info, warning or error (default info)\n"
	"      --log-rate N         lines a second one message may write; the rest\n"
	"                           are counted as suppressed (default 20; 0: no limit)\n"
	"  -c, --config FILE        read directives from FILE; options given on the\n"
	"                           command line override them\n"
	"  -n                       load the configuration and the data, print\n"
	"                           \"configuration OK\" and exit\n"
	"  -h, --help               print this help and exit\n"
	"      --version            print the version and exit\n"
	"\n"
	"Signals: SIGTERM and SIGINT stop accepting connections, finish the requests\n"
	"in flight and exit; SIGHUP reloads the gazetteers and rules, as does\n"
	"POST /v1/admin/reload (config admin-token, else loopback clients only).\n"
	"\n"
	"Exit status:\n"
	"  0  clean shutdown, or -n found the configuration and data OK\n"
	"  1  configuration or data error, or the address could not be bound\n"
	"  2  invalid command line\n";

enum {
	OPT_VERSION = 256, OPT_TIMEOUT, OPT_MAXCONN, OPT_MAXPERIP, OPT_LOGLEVEL,
	OPT_DEADLINE, OPT_MAXINFLIGHT, OPT_ACCESSLOG, OPT_TESTSTALL, OPT_UNSAFE,
	OPT_LOGRATE, OPT_IMAGE,
};

static const struct option long_opts[] = {
	{"listen", required_argument, NULL, 'l'},
	{"gazetteers", required_argument, NULL, 'g'},
	{"web", required_argument, NULL, 'w'},
	{"threads", required_argument, NULL, 't'},
	{"max-body", required_argument, NULL, 'b'},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"max-connections", required_argument, NULL, OPT_MAXCONN},
	{"max-per-ip", required_argument, NULL, OPT_MAXPERIP},
	{"log-level", required_argument, NULL, OPT_LOGLEVEL},
	{"deadline", required_argument, NULL, OPT_DEADLINE},
	{"max-inflight", required_argument, NULL, OPT_MAXINFLIGHT},
	{"access-log", required_argument, NULL, OPT_ACCESSLOG},
	{"log-rate", required_argument, NULL, OPT_LOGRATE},
	/* For tests only, not in --help: a request holding the word
	 * "nerdd:testing-stall" holds its worker (the watchdog test), and
	 * libmicrohttpd's own defaults instead of nerdd's limits (the
	 * slow-client test shows they fail). */
	{"testing-stall", required_argument, NULL, OPT_TESTSTALL},
	{"unsafe-mhd-defaults", no_argument, NULL, OPT_UNSAFE},
	{"image", required_argument, NULL, OPT_IMAGE},
	{"config", required_argument, NULL, 'c'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};
static const char short_opts[] = "l:g:w:t:b:c:nh";

/* Parses an unsigned number in [min, max] with an optional K or M suffix
 * (binary: 1K = 1024) when sizes is set. */
static int parse_num(const char *s, int sizes, unsigned long long min, unsigned long long max,
		     unsigned long long *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (sizes && *end) {
		unsigned long long mul = 1;
		if (*end == 'k' || *end == 'K')
			mul = 1024;
		else if (*end == 'm' || *end == 'M')
			mul = 1024 * 1024;
		else
			return -1;
		end++;
		if (*end == 'i' && end[1] == 'B')
			end += 2;
		else if (*end == 'B')
			end++;
		if (v > max / mul)
			return -1;
		v *= mul;
	}
	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Applies one directive (from the config file or a flag) to c.  Returns 0,
 * or -1 with the reason in err. */
static int conf_set(struct conf *c, const char *key, const char *val, char *err, size_t errlen)
{
	unsigned long long n;
	if (!strcmp(key, "listen")) {
		if (http_parse_listen(val, &c->http, err, errlen))
			return -1;
		free(c->listen);
		c->listen = xstrdup(val);
	} else if (!strcmp(key, "gazetteers")) {
		free(c->gazdir);
		c->gazdir = xstrdup(val);
	} else if (!strcmp(key, "image")) {
		free(c->image);
		c->image = xstrdup(val);
	} else if (!strcmp(key, "admin-token")) {
		free(c->admin_token);
		c->admin_token = xstrdup(val);
		c->http.admin_token = c->admin_token;
	} else if (!strcmp(key, "web")) {
		free(c->webdir);
		c->webdir = xstrdup(val);
	} else if (!strcmp(key, "threads")) {
		if (parse_num(val, 0, 1, 1024, &n))
			goto bad_num;
		c->http.threads = (unsigned)n;
	} else if (!strcmp(key, "max-body")) {
		if (parse_num(val, 1, 1, (unsigned long long)1 << 30, &n))
			goto bad_num;
		c->http.max_body = (size_t)n;
	} else if (!strcmp(key, "timeout")) {
		if (parse_num(val, 0, 1, 3600, &n))
			goto bad_num;
		c->http.timeout = (unsigned)n;
	} else if (!strcmp(key, "max-connections")) {
		if (parse_num(val, 0, 1, 65536, &n))
			goto bad_num;
		c->http.max_conn = (unsigned)n;
	} else if (!strcmp(key, "max-per-ip")) {
		if (parse_num(val, 0, 1, 65536, &n))
			goto bad_num;
		c->http.max_per_ip = (unsigned)n;
	} else if (!strcmp(key, "deadline")) {
		if (parse_num(val, 0, 0, 86400, &n))
			goto bad_num;
		c->http.deadline = (unsigned)n;
	} else if (!strcmp(key, "max-inflight")) {
		if (parse_num(val, 0, 1, 1 << 20, &n))
			goto bad_num;
		c->http.max_inflight = (unsigned)n;
	} else if (!strcmp(key, "access-log")) {
		if (strcmp(val, "on") && strcmp(val, "off")) {
			snprintf(err, errlen, "access-log must be on or off, not \"%s\"", val);
			return -1;
		}
		c->http.access_log = !strcmp(val, "on");
	} else if (!strcmp(key, "log-rate")) {
		if (parse_num(val, 0, 0, 1000000, &n))
			goto bad_num;
		c->log_rate = (unsigned)n;
	} else if (!strcmp(key, "testing-stall")) {
		if (parse_num(val, 0, 1, 600, &n))
			goto bad_num;
		c->http.test_stall = (unsigned)n;
	} else if (!strcmp(key, "log-level")) {
		static const char *levels[] = {"debug", "info", "warning", "error"};
		for (c->log_level = 0; c->log_level < 4; c->log_level++)
			if (!strcmp(val, levels[c->log_level]))
				return 0;
		snprintf(err, errlen, "log-level must be debug, info, warning or error, not \"%s\"",
			 val);
		return -1;
	} else {
		snprintf(err, errlen, "unknown directive \"%s\"", key);
		return -1;
	}
	return 0;
bad_num:
	snprintf(err, errlen, "%s: \"%s\" is not a valid number in range", key, val);
	return -1;
}

/* Reads "key value" lines; '#' starts a comment, blank lines are skipped.
 * The first error is written to err as "FILE:LINE: reason". */
static int conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[4096], why[256];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		size_t n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *key = line + strspn(line, " \t\r\n");
		if (!*key)
			continue;
		char *val = key + strcspn(key, " \t\r\n");
		if (*val)
			*val++ = 0;
		val += strspn(val, " \t");
		char *end = val + strlen(val);
		while (end > val && strchr(" \t\r\n", end[-1]))
			*--end = 0;
		if (!*val) {
			snprintf(err, errlen, "%s:%d: \"%s\" needs a value", path, lineno, key);
			rc = -1;
			break;
		}
		if (conf_set(c, key, val, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			rc = -1;
			break;
		}
	}
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("nerdd: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'nerdd --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* Two passes over argv: the first finds --config, -h and --version, the
 * second applies the other options over what the config file set. */
static void conf_args(struct conf *c, int argc, char **argv)
{
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			c->config = optarg;
			break;
		case 'n':
			c->check_only = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case OPT_VERSION:
			printf("nerdd (%s) %s\n", PACKAGE_NAME, NERD_VERSION_STRING);
			exit(EXIT_OK);
		case '?':
			if (optopt)
				usage_error("option -%c is unknown or needs an argument", optopt);
			usage_error("unknown option or missing argument: %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument \"%s\"", argv[optind]);

	char err[512];
	if (c->config && conf_load(c, c->config, err, sizeof(err))) {
		fprintf(stderr, "nerdd: %s\n", err);
		exit(EXIT_CONFIG);
	}

	optind = 0;
	int ngaz = 0;
	while ((o = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		const char *key = NULL;
		switch (o) {
		case 'l': key = "listen"; break;
		case 'g':
			/* The first -g replaces the config's list, more add to it. */
			if (ngaz++) {
				size_t n = strlen(c->gazdir) + strlen(optarg) + 2;
				char *s = xmalloc(n);
				snprintf(s, n, "%s:%s", c->gazdir, optarg);
				free(c->gazdir);
				c->gazdir = s;
				continue;
			}
			key = "gazetteers";
			break;
		case OPT_IMAGE: key = "image"; break;
		case 'w': key = "web"; break;
		case 't': key = "threads"; break;
		case 'b': key = "max-body"; break;
		case OPT_TIMEOUT: key = "timeout"; break;
		case OPT_MAXCONN: key = "max-connections"; break;
		case OPT_MAXPERIP: key = "max-per-ip"; break;
		case OPT_LOGLEVEL: key = "log-level"; break;
		case OPT_DEADLINE: key = "deadline"; break;
		case OPT_MAXINFLIGHT: key = "max-inflight"; break;
		case OPT_ACCESSLOG: key = "access-log"; break;
		case OPT_TESTSTALL: key = "testing-stall"; break;
		case OPT_LOGRATE: key = "log-rate"; break;
		case OPT_UNSAFE:
			c->http.unsafe_defaults = 1;
			break;
		}
		if (key && conf_set(c, key, optarg, err, sizeof(err)))
			usage_error("--%s: %s", key, err);
	}
}

static void notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Tells systemd (Type=notify) what the daemon is doing (notify.c);
 * nothing outside systemd. */
static void notify(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (notify_send(msg) < 0)
		log_debug("cannot notify systemd: %s", strerror(errno));
}

/* PCRE2's JIT needs memory that is writable and executable; where that is
 * refused (systemd's MemoryDenyWriteExecute=, PR_SET_MDWE), every
 * pcre2_jit_compile in the stages fails and pcre2_match runs the
 * interpreter instead.  Says so once, at start. */
static void jit_check(void)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR) "[a-z]+", PCRE2_ZERO_TERMINATED, 0, &err, &off,
				       NULL);
	if (!re)
		return;
	pcre_jit(re);   /* logs the fallback once for the whole process */
	pcre2_code_free(re);
}

/* Loads the model the configuration names: the gazetteer directories
 * (DIR[:USERDIR...]) and the image, if any.  On failure returns NULL with
 * "file:line: reason" in err (and logs it). */
static struct model *load(const struct conf *c, char *err, size_t errlen)
{
	char *spec = xstrdup(c->gazdir);
	const char *dirs[64];
	struct model_src src = {dirs, 0, c->image, 0};
	for (char *p = spec, *q; p && src.ndirs < ARRAY_LEN(dirs); p = q) {
		q = strchr(p, ':');
		if (q)
			*q++ = 0;
		if (*p)
			dirs[src.ndirs++] = p;
	}
	struct model *m = model_load_src(&src, err, errlen);
	free(spec);
	if (!m)
		log_errx("cannot load the data: %s", err);
	return m;
}

/* The page's files: the directory given, or by default the installed one
 * and, when it is not there (nerdd run from its build tree), the built-in
 * copy.  Sets *w to NULL for "off"; returns -1 when a given directory
 * cannot be loaded. */
static int load_web(const struct conf *c, struct web **w)
{
	char err[1024];
	*w = NULL;
	if (c->webdir && !strcmp(c->webdir, "off"))
		return 0;
	const char *dir = c->webdir ? c->webdir : NERD_DATADIR "/web";
	if ((*w = web_load(dir, err, sizeof(err))))
		return 0;
	if (c->webdir) {
		log_errx("cannot load the page: %s", err);
		return -1;
	}
	log_debug("page: %s; serving the built-in copy", err);
	*w = web_load(NULL, err, sizeof(err));
	return 0;
}


/* What a reload needs; the lock keeps reloads (SIGHUP and the admin
 * endpoint) one at a time, so the model swapped in last is always the one
 * loaded last. */
struct reloader {
	pthread_mutex_t lock;
	struct http *h;
	const struct conf *c;
};

/* Loads a new model aside and swaps it in; the old one stays when this one
 * fails.  Returns 0 or -1 with the reason in err.  Called by the signal
 * loop and by the admin endpoint (http.c) on a server thread. */
static int reload(void *arg, char *err, size_t errlen)
{
	struct reloader *r = arg;
	pthread_mutex_lock(&r->lock);
	notify("RELOADING=1\nSTATUS=reloading gazetteers and rules");
	log_info("reloading %s", r->c->gazdir);
	struct model *m = load(r->c, err, errlen);
	if (m) {
		log_info("reloaded: model %s", model_version(m));
		http_set_model(r->h, m);
	} else
		log_warnx("reload failed: keeping the model loaded before");
	http_count_reload(r->h, m != NULL);
	notify("READY=1\nSTATUS=serving on %s", http_address(r->h));
	pthread_mutex_unlock(&r->lock);
	return m ? 0 : -1;
}

/* After quiesce: waits up to grace seconds for the requests in flight; a
 * second SIGTERM or SIGINT cuts the wait short. */
static void drain(struct http *h, const sigset_t *sigs, unsigned grace)
{
	struct timespec start, now, tick = {0, 50 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &start);
	int n;
	while ((n = http_inflight(h)) > 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)grace) {
			log_warnx("%d requests still running after %u s: closing them", n, grace);
			return;
		}
		int sig = sigtimedwait(sigs, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT) {
			log_warnx("second signal: closing %d requests in flight", n);
			return;
		}
	}
}

int main(int argc, char **argv)
{
	struct conf c;
	memset(&c, 0, sizeof(c));
	http_opts_init(&c.http);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	c.http.threads = cores > 0 ? (unsigned)cores : 1;
	c.gazdir = xstrdup(NERD_DATADIR "/gazetteers");
	c.listen = xstrdup("127.0.0.1:8080");
	c.log_level = LOG_LVL_INFO;
	c.log_rate = 20;
	log_set_prefix("nerdd");
	conf_args(&c, argc, argv);
	log_set_level(c.log_level);
	log_set_rate(c.log_rate);

	jit_check();
	int rc = EXIT_CONFIG;
	struct http *h = NULL;
	struct model *m = NULL;
	char lerr[1024];
	struct reloader rl = {PTHREAD_MUTEX_INITIALIZER, NULL, &c};
	c.http.reload = reload;
	c.http.reload_arg = &rl;
	struct web *web = NULL;
	if (load_web(&c, &web))
		goto out;
	c.http.web = web;
	if (c.check_only) {
		m = load(&c, lerr, sizeof(lerr));
		if (m) {
			fprintf(stderr, "configuration OK\n");
			rc = EXIT_OK;
		}
		goto out;
	}

	/* Blocked before any thread starts, so every thread inherits it and
	 * only sigtimedwait below ever sees these signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	char err[512];
	struct watchdog *wd = NULL;
	c.http.listen_fd = notify_listen_fd();
	if (c.http.listen_fd == -2)
		goto out;
	h = http_start(&c.http, err, sizeof(err));
	if (!h) {
		log_errx("%s: %s", c.listen, err);
		goto out;
	}
	rl.h = h;
	log_info("listening on %s, page from %s", http_address(h),
		 web ? web_source(web) : "nowhere (off)");
	notify("STATUS=loading gazetteers and rules from %s", c.gazdir);
	m = load(&c, lerr, sizeof(lerr));
	if (!m) {
		notify("STOPPING=1");
		goto out;
	}
	log_info("ready: model %s, %u threads, body limit %zu bytes", model_version(m),
		 c.http.threads, c.http.max_body);
	http_set_model(h, m);
	m = NULL;
	notify("READY=1\nSTATUS=serving on %s", http_address(h));
	wd = watchdog_start(h, notify_watchdog_usec());

	for (;;) {
		int sig = sigwaitinfo(&sigs, NULL);
		if (sig == SIGHUP) {
			reload(&rl, lerr, sizeof(lerr));
			continue;
		}
		if (sig == SIGTERM || sig == SIGINT) {
			log_info("%s: finishing %d requests in flight", strsignal(sig),
				 http_inflight(h));
			break;
		}
		if (sig < 0 && errno != EINTR) {
			log_err("sigwaitinfo");
			break;
		}
	}
	notify("STOPPING=1\nSTATUS=finishing requests in flight");
	watchdog_free(wd);
	http_quiesce(h);
	drain(h, &sigs, c.http.timeout);
	log_info("stopped");
	rc = EXIT_OK;
out:
	http_free(h);
	web_free(web);
	model_unref(m);
	free(c.gazdir);
	free(c.image);
	free(c.admin_token);
	free(c.webdir);
	free(c.listen);
	return rc;
}
