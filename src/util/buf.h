/* src/util/buf.h - growable byte buffers and text helpers.
 *
 * struct vx_buf is a caller-owned, always NUL-terminated byte string that grows on demand
 * (vx_buf_init / vx_buf_release). The text helpers here are the byte-level checks every
 * reader of untrusted input shares: UTF-8 validity, NUL bytes, line/column of an offset.
 * Nothing here knows a file format.
 */
#ifndef VX_UTIL_BUF_H
#define VX_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct vx_buf {
	char *data; /* NUL-terminated; owned by the buffer; NULL until the first append */
	size_t len; /* bytes used, excluding the terminator */
	size_t cap; /* bytes allocated */
};

void vx_buf_init(struct vx_buf *b);
void vx_buf_release(struct vx_buf *b);
void vx_buf_reset(struct vx_buf *b); /* len = 0, keeps memory */
void vx_buf_add(struct vx_buf *b, const void *data, size_t n);
void vx_buf_adds(struct vx_buf *b, const char *s);
void vx_buf_addc(struct vx_buf *b, char c);
void vx_buf_printf(struct vx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (who frees it) and reset the buffer; never NULL. */
char *vx_buf_detach(struct vx_buf *b);
/* The text so far, "" when empty; valid until the next append. */
const char *vx_buf_str(const struct vx_buf *b);

/* Offset of the first byte that is not valid UTF-8 (overlongs, surrogates and code points
 * above U+10FFFF count as invalid), or (size_t)-1 when all of s[0..n) is valid. */
size_t vx_utf8_invalid_at(const char *s, size_t n);
bool vx_utf8_valid(const char *s, size_t n);

/* 1-based line and column (in bytes) of offset `off` in s. */
void vx_text_position(const char *s, size_t n, size_t off, int *line, int *col);

/* ASCII case-insensitive equality; NULL equals only NULL. */
bool vx_str_ieq(const char *a, const char *b);
/* True when s is NULL or holds only whitespace. */
bool vx_str_blank(const char *s);
/* Lower-case ASCII letters in place; returns s. */
char *vx_str_lower(char *s);

/* Truncate s for use inside a message: at most `max` bytes (on a UTF-8 boundary) with "..."
 * appended when cut; control characters shown as '?'. Static buffer, overwritten by the
 * next call. */
const char *vx_str_quote(const char *s, size_t max);
/* The same for s[0..len), which need not be NUL-terminated (a buffer being parsed). */
const char *vx_str_quoten(const char *s, size_t len, size_t max);

#endif
