/* log.h -- structured logging to stderr (journald picks it up): one line per
 * event, "level=... msg=..." with key=value fields.  log_warn adds errno's
 * text, log_warnx does not.  Thread-safe. */
#ifndef LOG_H
#define LOG_H

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR };

void log_set_level(int level);
void log_set_prefix(const char *prog);
void log_msg(int level, int with_errno, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Lines per second one call site may write (default 20; 0: no limit). */
void log_set_rate(unsigned per_second);
/* A line exempt from the rate limit (the access log: one per request). */
void log_msg_unlimited(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_LVL_DEBUG, 0, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, 0, __VA_ARGS__)
#define log_warnx(...) log_msg(LOG_LVL_WARN, 0, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, 1, __VA_ARGS__)
#define log_errx(...) log_msg(LOG_LVL_ERROR, 0, __VA_ARGS__)
#define log_err(...) log_msg(LOG_LVL_ERROR, 1, __VA_ARGS__)

#endif
