/* src/util/time.c - date parsing and formatting in UTC (see time.h). */
#include "util/time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Parses "YYYY-MM-DD" at s; returns the number of bytes used or 0. */
static int parse_date_part(const char *s, long long *days)
{
	int y, m, d;
	if (strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return 0;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	*days = days_from_civil(y, m, d);
	return 10;
}

static bool parse_dt(const char *s, time_t *out, bool zone_required)
{
	long long days;
	int hh, mm, ss, off = 0;
	const char *p;

	if (!s || !parse_date_part(s, &days))
		return false;
	p = s + 10;
	if (*p != 'T' && *p != 't')
		return false;
	p++;
	if (!digits(p, 2, &hh) || p[2] != ':' || !digits(p + 3, 2, &mm) || p[5] != ':' ||
	    !digits(p + 6, 2, &ss))
		return false;
	if (hh > 23 || mm > 59 || ss > 60)
		return false;
	p += 8;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return false;
		off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
		p += 6;
	} else if (zone_required || *p != '\0') {
		return false;
	}
	if (*p != '\0')
		return false;
	if (out)
		*out = (time_t)(days * 86400 + hh * 3600 + mm * 60 + (ss > 59 ? 59 : ss) - off);
	return true;
}

bool vx_time_parse_datetime(const char *s, time_t *out)
{
	return parse_dt(s, out, true);
}

bool vx_time_parse_date(const char *s, time_t *out)
{
	long long days;
	if (!s || strlen(s) != 10 || !parse_date_part(s, &days))
		return false;
	if (out)
		*out = (time_t)(days * 86400);
	return true;
}

bool vx_time_parse_any(const char *s, time_t *out)
{
	return vx_time_parse_date(s, out) || parse_dt(s, out, false);
}

void vx_time_format(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void vx_time_format_date(time_t t, char out[11])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

time_t vx_time_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}
