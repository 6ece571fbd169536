/* notify.h -- the daemon's side of systemd's service protocol, written
 * without libsystemd: state messages on $NOTIFY_SOCKET (READY=1,
 * RELOADING=1, STOPPING=1, STATUS=, WATCHDOG=1), the watchdog interval from
 * $WATCHDOG_USEC, and a listening socket passed by socket activation
 * ($LISTEN_FDS).  Outside systemd every call does nothing. */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdint.h>

/* Sends one message ("READY=1\nSTATUS=...") to $NOTIFY_SOCKET; returns 0,
 * 1 when there is no such socket, or -1 (errno set). */
int notify_send(const char *msg);
/* The state changes, each with a STATUS= text (NULL: none). */
void notify_ready(const char *status);
void notify_reloading(const char *status);  /* adds MONOTONIC_USEC= */
void notify_stopping(const char *status);
void notify_status(const char *status);

/* The watchdog interval systemd asked for in microseconds, or 0 when it
 * asked for none (WatchdogSec= unset, or $WATCHDOG_PID names another
 * process). */
uint64_t notify_watchdog_usec(void);

/* The listening socket handed over by socket activation (fd 3 when
 * $LISTEN_PID is this process and $LISTEN_FDS is 1), made close-on-exec,
 * with the variables removed from the environment; -1 when none was passed.
 * More than one socket is an error: -2 with the reason logged. */
int notify_listen_fd(void);

#endif
