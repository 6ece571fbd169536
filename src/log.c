/* log.c -- one line per event on stderr, with a level and an optional errno
 * text; lines are written with a single write so threads never interleave. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static int min_level = LOG_LVL_INFO;
static const char *prefix = "nerd";

void log_set_level(int level)
{
	min_level = level;
}

void log_set_prefix(const char *prog)
{
	prefix = prog;
}

void log_msg(int level, int with_errno, const char *fmt, ...)
{
	if (level < min_level)
		return;
	int saved = errno;
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
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
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
