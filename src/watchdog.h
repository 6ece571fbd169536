/* watchdog.h -- systemd's watchdog, fed only while the server is alive: a
 * thread sends WATCHDOG=1 every third of the interval systemd asked for,
 * and stops when a worker thread has been inside one request's pipeline
 * call for over half the interval or a probe request handed to the server
 * goes unanswered.  systemd then kills and restarts the daemon. */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <stdint.h>

struct http;
struct watchdog;

/* Starts the thread for an interval of usec microseconds (from
 * notify_watchdog_usec); NULL when usec is 0.  h must outlive it. */
struct watchdog *watchdog_start(struct http *h, uint64_t usec);
/* Stops the thread and frees w; watchdog_free(NULL) does nothing. */
void watchdog_free(struct watchdog *w);

#endif
