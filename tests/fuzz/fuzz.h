/* fuzz.h -- what the libFuzzer harnesses share: a failed check that aborts
 * with a message (libFuzzer saves the input as a crash), and the gazetteer
 * directory (NERD_GAZDIR, else ../../../gazetteers from the harness binary
 * in tests/fuzz/bin/: right for an in-tree build).  Header-only: each harness is one
 * translation unit. */
#ifndef FUZZ_H
#define FUZZ_H

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CHECK(cond, ...)                                                     \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,   \
				__LINE__, #cond);                                 \
			fprintf(stderr, __VA_ARGS__);                             \
			fputc('\n', stderr);                                      \
			abort();                                                  \
		}                                                                 \
	} while (0)

/* The gazetteer directory into buf. */
static inline const char *fuzz_gazdir(char *buf, size_t len)
{
	const char *env = getenv("NERD_GAZDIR");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(buf, len, "gazetteers");
		return buf;
	}
	exe[n] = 0;
	snprintf(buf, len, "%s/../../../gazetteers", dirname(exe));
	return buf;
}

#endif
