/* log.c -- one line per event on stderr, with a level and an optional errno
 * text; lines are written with a single write so threads never interleave.
 * Each call site (told apart by its format string's address) may write at
 * most log_rate lines per second; what it says beyond that is counted and
 * reported as one "N messages suppressed" line with the site's first
 * message in a later second,
 * so a flood (a client hammering an error path) cannot fill the journal. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int min_level = LOG_LVL_INFO;
static const char *prefix = "nerd";
static unsigned log_rate = 20;

/* Rate limiting: a small open-addressed table of call sites, each with the
 * second it is counting and what it wrote and dropped in that second. */
#define LOG_SITES 128
static struct {
	const char *fmt;
	int64_t sec;
	unsigned written, dropped;
} sites[LOG_SITES];
static pthread_mutex_t sites_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_rate(unsigned per_second)
{
	log_rate = per_second;
}

/* Whether fmt may write now; reports a finished second's drops first. */
static int log_admit(int level, const char *fmt)
{
	if (!log_rate)
		return 1;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	size_t i = ((uintptr_t)fmt >> 3) % LOG_SITES;
	unsigned dropped = 0;
	int ok = 1;
	pthread_mutex_lock(&sites_lock);
	for (size_t k = 0; k < LOG_SITES; k++, i = (i + 1) % LOG_SITES)
		if (!sites[i].fmt || sites[i].fmt == fmt)
			break;
	if (sites[i].fmt && sites[i].fmt != fmt) {
		pthread_mutex_unlock(&sites_lock);
		return 1;       /* table full: no limit for new sites */
	}
	sites[i].fmt = fmt;
	if (sites[i].sec != ts.tv_sec) {
		dropped = sites[i].dropped;
		sites[i].sec = ts.tv_sec;
		sites[i].written = sites[i].dropped = 0;
	}
	if (sites[i].written >= log_rate) {
		sites[i].dropped++;
		ok = 0;
	} else
		sites[i].written++;
	pthread_mutex_unlock(&sites_lock);
	if (dropped) {
		char note[300];
		snprintf(note, sizeof(note), "%u messages suppressed (over %u a second) like: %.200s",
			 dropped, log_rate, fmt);
		for (char *p = note; *p; p++)
			if (*p == '"' || *p == '\n')
				*p = '\'';
		log_msg_unlimited(level, "%s", note);
	}
	return ok;
}

void log_set_level(int level)
{
	min_level = level;
}

void log_set_prefix(const char *prog)
{
	prefix = prog;
}

static void log_vmsg(int level, int with_errno, int limited, const char *fmt, va_list ap)
{
	if (level < min_level)
		return;
	int saved = errno;
	if (limited && !log_admit(level, fmt)) {
		errno = saved;
		return;
	}
	static const char *names[] = {"debug", "info", "warning", "error"};
	/* journald reads a "<N>" syslog priority prefix. */
	static const int prio[] = {7, 6, 4, 3};
	static int journal = -1;
	if (journal < 0)
		journal = getenv("JOURNAL_STREAM") != NULL;
	char line[2048];
	int n = journal ? snprintf(line, sizeof(line), "<%d>", prio[level]) : 0;
	n += snprintf(line + n, sizeof(line) - (size_t)n, "%s: level=%s msg=\"", prefix,
		      names[level]);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(line) - 64)
		n = (int)sizeof(line) - 64;
	if (with_errno)
		n += snprintf(line + n, sizeof(line) - (size_t)n, ": %s", strerror(saved));
	n += snprintf(line + n, sizeof(line) - (size_t)n, "\"\n");
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* nothing sensible left to do */
	}
	errno = saved;
}


void log_msg(int level, int with_errno, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(level, with_errno, 1, fmt, ap);
	va_end(ap);
}

void log_msg_unlimited(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(level, 0, 0, fmt, ap);
	va_end(ap);
}
