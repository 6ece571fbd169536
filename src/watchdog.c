/* watchdog.c -- the liveness check behind WATCHDOG=1.  Two signs, both
 * needed: no worker thread has been busy in one pipeline call (one
 * document) for longer than half the watchdog interval -- http.c stamps
 * every call's start per worker -- and a probe GET /healthz, handed to the
 * server over a socketpair so that it goes through the same accept, parse
 * and handler path as any request, is answered within a quarter of the
 * interval.  A probe the server refuses at its connection limit gives no
 * verdict (a full server is alive; restarting it would only help an
 * attacker).  A stalled server gets no pings, and systemd restarts it after
 * WatchdogSec. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "http.h"
#include "log.h"
#include "notify.h"
#include "util.h"
#include "watchdog.h"

struct watchdog {
	struct http *h;
	uint64_t usec;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
};

static void *watchdog_run(void *arg)
{
	struct watchdog *w = arg;
	uint64_t period_us = w->usec / 3, stall_ms = w->usec / 2000;
	int probe_ms = (int)MIN(w->usec / 4000, 5000);
	if (probe_ms < 10)
		probe_ms = 10;
	int was_ok = 1;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		uint64_t busy = http_busiest_ms(w->h);
		int probe = busy > stall_ms ? 0 : http_probe(w->h, probe_ms);
		int ok = busy <= stall_ms && probe != 0;
		if (ok)
			notify_send("WATCHDOG=1");
		if (!ok && was_ok) {
			if (busy > stall_ms)
				log_errx("watchdog: a worker has been on one request for %llu ms: "
					 "pings stopped",
					 (unsigned long long)busy);
			else
				log_errx("watchdog: a probe request got no answer in %d ms: pings "
					 "stopped",
					 probe_ms);
			notify_status("stalled: a worker thread does not answer");
		} else if (ok && !was_ok) {
			log_warnx("watchdog: workers answer again: pings resumed");
		}
		was_ok = ok;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		uint64_t ns = (uint64_t)until.tv_nsec + (period_us % 1000000u) * 1000u;
		until.tv_sec += (time_t)(period_us / 1000000u + ns / 1000000000u);
		until.tv_nsec = (long)(ns % 1000000000u);
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct watchdog *watchdog_start(struct http *h, uint64_t usec)
{
	if (!usec)
		return NULL;
	struct watchdog *w = xcalloc(1, sizeof(*w));
	w->h = h;
	w->usec = usec;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, watchdog_run, w)) {
		log_err("watchdog: cannot start its thread");
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->cond);
		free(w);
		return NULL;
	}
	log_info("watchdog: pinging every %llu ms while the workers answer",
		 (unsigned long long)(usec / 3000));
	return w;
}

void watchdog_free(struct watchdog *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
