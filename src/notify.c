/* notify.c -- systemd's notification and socket-activation protocols, which
 * are small enough to speak directly: a datagram per message on the
 * AF_UNIX socket named by $NOTIFY_SOCKET ('@' for the abstract namespace),
 * and inherited descriptors from fd 3 on, announced by $LISTEN_PID and
 * $LISTEN_FDS.  See sd_notify(3) and sd_listen_fds(3). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"

int notify_send(const char *msg)
{
	/* systemd >= 253 (Type=notify-reload) wants RELOADING=1 to carry the
	 * time the reload began on CLOCK_MONOTONIC; older versions ignore it. */
	char stamped[700];
	if (!strncmp(msg, "RELOADING=1", 11) && !strstr(msg, "MONOTONIC_USEC=")) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(stamped, sizeof(stamped), "RELOADING=1\nMONOTONIC_USEC=%llu%s",
			 (unsigned long long)ts.tv_sec * 1000000ull +
				 (unsigned long long)ts.tv_nsec / 1000,
			 msg + 11);
		msg = stamped;
	}
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || !*path)
		return 1;
	struct sockaddr_un sun;
	size_t n = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sun.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, n);
	if (path[0] == '@')
		sun.sun_path[0] = 0;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	ssize_t w = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sun, len);
	int saved = errno;
	close(fd);
	errno = saved;
	return w < 0 ? -1 : 0;
}

/* Sends head and, when given, "STATUS=status"; a failure is logged once. */
static void notify_state(const char *head, const char *status)
{
	char msg[600];
	snprintf(msg, sizeof(msg), "%s%s%s", head, status ? "\nSTATUS=" : "", status ? status : "");
	if (notify_send(msg) < 0) {
		static _Atomic int warned;
		if (!warned++)
			log_warn("cannot notify systemd at %s", getenv("NOTIFY_SOCKET"));
	}
}

void notify_ready(const char *status)
{
	notify_state("READY=1", status);
}

void notify_reloading(const char *status)
{
	notify_state("RELOADING=1", status);
}

void notify_stopping(const char *status)
{
	notify_state("STOPPING=1", status);
}

void notify_status(const char *status)
{
	char msg[600];
	snprintf(msg, sizeof(msg), "STATUS=%s", status);
	if (notify_send(msg) < 0)
		log_debug("cannot notify systemd: %s", strerror(errno));
}

/* Reads a decimal environment variable; 0 when absent or malformed. */
static unsigned long long notify_env_num(const char *name)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	return errno || *end ? 0 : v;
}

uint64_t notify_watchdog_usec(void)
{
	unsigned long long pid = notify_env_num("WATCHDOG_PID");
	if (pid && pid != (unsigned long long)getpid())
		return 0;
	return notify_env_num("WATCHDOG_USEC");
}

int notify_listen_fd(void)
{
	unsigned long long pid = notify_env_num("LISTEN_PID");
	unsigned long long n = notify_env_num("LISTEN_FDS");
	if (!pid || pid != (unsigned long long)getpid() || !n)
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (n > 1) {
		log_errx("socket activation passed %llu sockets; nerdd takes exactly one", n);
		return -2;
	}
	int fd = 3;
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0) {
		log_err("socket activation: fd 3");
		return -2;
	}
	return fd;
}
