/* src/util/buf.c - growable byte buffers and text helpers (see buf.h). */
#include "util/buf.h"
#include "util/err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vx_buf_init(struct vx_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void vx_buf_release(struct vx_buf *b)
{
	free(b->data);
	vx_buf_init(b);
}

void vx_buf_reset(struct vx_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static void reserve(struct vx_buf *b, size_t extra)
{
	if (extra > ((size_t)-1) - b->len - 1)
		vx_oom();
	b->data = vx_grow(b->data, 1, b->len + extra + 1, &b->cap);
}

void vx_buf_add(struct vx_buf *b, const void *data, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void vx_buf_adds(struct vx_buf *b, const char *s)
{
	vx_buf_add(b, s, strlen(s));
}

void vx_buf_addc(struct vx_buf *b, char c)
{
	if (b->len + 2 <= b->cap) { /* the common case, without the general path's checks */
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return;
	}
	vx_buf_add(b, &c, 1);
}

void vx_buf_printf(struct vx_buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		vx_oom();
	reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

char *vx_buf_detach(struct vx_buf *b)
{
	char *s = b->data ? b->data : vx_strdup("");
	vx_buf_init(b);
	return s;
}

const char *vx_buf_str(const struct vx_buf *b)
{
	return b->data ? b->data : "";
}

size_t vx_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return (size_t)-1;
}

bool vx_utf8_valid(const char *s, size_t n)
{
	return vx_utf8_invalid_at(s, n) == (size_t)-1;
}

void vx_text_position(const char *s, size_t n, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	if (off > n)
		off = n;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

bool vx_str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++, b++;
	}
	return *a == *b;
}

bool vx_str_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

char *vx_str_lower(char *s)
{
	for (char *p = s; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

const char *vx_str_quoten(const char *s, size_t len, size_t max)
{
	static char out[256];
	size_t n, i;

	if (!s)
		return "(null)";
	if (max > sizeof(out) - 4)
		max = sizeof(out) - 4;
	n = len;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	if (n < len) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

const char *vx_str_quote(const char *s, size_t max)
{
	return s ? vx_str_quoten(s, strnlen(s, max + 1), max) : "(null)";
}
