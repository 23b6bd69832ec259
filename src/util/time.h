/* src/util/time.h - dates and timestamps as vexil stores them.
 *
 * All instants are stored in UTC as "YYYY-MM-DDThh:mm:ssZ" text and shown as dates; plain
 * dates are "YYYY-MM-DD". This module parses the two shapes the input formats use (RFC 3339
 * date-time with a zone, and full dates), checks them for real calendar values, and gives
 * the current time, honouring SOURCE_DATE_EPOCH so that outputs can be reproduced.
 */
#ifndef VX_UTIL_TIME_H
#define VX_UTIL_TIME_H

#include <stdbool.h>
#include <time.h>

/* RFC 3339 date-time: "2024-05-01T10:15:09Z", "...T10:15:09.123+02:00". A zone is
 * required. On success stores seconds since the epoch (UTC) in *out (may be NULL). */
bool vx_time_parse_datetime(const char *s, time_t *out);

/* A calendar date "YYYY-MM-DD" (checked: month 1-12, day within the month). */
bool vx_time_parse_date(const char *s, time_t *out);

/* Either shape above, or a date-time without a zone ("2021-12-10T10:15:09.143", as NVD
 * writes them), which is taken as UTC. */
bool vx_time_parse_any(const char *s, time_t *out);

/* Format t as "YYYY-MM-DDThh:mm:ssZ" / "YYYY-MM-DD" into out (at least 21 / 11 bytes). */
void vx_time_format(time_t t, char out[21]);
void vx_time_format_date(time_t t, char out[11]);

/* Now, or SOURCE_DATE_EPOCH when that is set to a valid number. */
time_t vx_time_now(void);

#endif
