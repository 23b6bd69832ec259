/* src/util/err.c - error values and checked allocation (see err.h). */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void vx_err_clear(struct vx_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->where[0] = '\0';
	err->msg[0] = '\0';
}

static int vset(struct vx_err *err, int code, const char *where, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static int vset(struct vx_err *err, int code, const char *where, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int vx_err_set(struct vx_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int vx_err_at(struct vx_err *err, int code, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, where, fmt, ap);
	va_end(ap);
	return code;
}

int vx_err_prefix(struct vx_err *err, const char *fmt, ...)
{
	char outer[512], joined[sizeof(err->where)];
	va_list ap;

	if (!err)
		return VX_EINVAL;
	va_start(ap, fmt);
	vsnprintf(outer, sizeof(outer), fmt, ap);
	va_end(ap);
	if (err->where[0])
		snprintf(joined, sizeof(joined), "%s: %s", outer, err->where);
	else
		snprintf(joined, sizeof(joined), "%s", outer);
	memcpy(err->where, joined, sizeof(joined));
	return err->code;
}

const char *vx_err_text(const struct vx_err *err)
{
	static char buf[sizeof(err->where) + sizeof(err->msg) + 4];
	if (err->where[0])
		snprintf(buf, sizeof(buf), "%s: %s", err->where, err->msg);
	else
		snprintf(buf, sizeof(buf), "%s", err->msg);
	return buf;
}

_Noreturn void vx_oom(void)
{
	static const char m[] = "vexil: out of memory\n";
	ssize_t r = write(2, m, sizeof(m) - 1);
	(void)r;
	abort();
}

void *vx_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		vx_oom();
	return p;
}

void *vx_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		vx_oom();
	return p;
}

void *vx_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		vx_oom();
	return q;
}

void *vx_grow(void *p, size_t size, size_t need, size_t *cap)
{
	size_t c = *cap;
	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > ((size_t)-1) / 2 / size)
			vx_oom();
		c *= 2;
	}
	*cap = c;
	return vx_realloc(p, c * size);
}

char *vx_strdup(const char *s)
{
	return s ? vx_strndup(s, strlen(s)) : NULL;
}

char *vx_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = vx_malloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *vx_asprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *s;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		vx_oom();
	s = vx_malloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}
