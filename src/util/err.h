/* src/util/err.h - error values that say where and what.
 *
 * Every fallible function in vexil returns int (0 ok, negative on failure) and takes a
 * `struct vx_err *err` as its last argument. The lowest layer that sees the bad value fills
 * in the message and the place inside the input (a JSON path, a line and column); layers
 * above only prepend their own place (a file name) with vx_err_prefix(), never a second
 * message. src/cmd/ turns the result into
 *
 *     vexil: sbom import: pump.cdx.json: components[12].purl: invalid purl 'pkg:npm/%zz'
 *
 * This module does not print; it also owns vx_oom(), the one place that aborts on
 * allocation failure, and the checked allocation wrappers.
 */
#ifndef VX_UTIL_ERR_H
#define VX_UTIL_ERR_H

#include <stddef.h>

enum vx_errcode {
	VX_OK = 0,
	VX_EINVAL = -1,	  /* bad input: syntax or content */
	VX_EIO = -2,	  /* file system or OS call failed */
	VX_ENOTFOUND = -3, /* a named thing does not exist */
	VX_EEXIST = -4,	  /* a thing that must be new already exists */
	VX_ESTORE = -5,	  /* the SQLite store reported an error */
	VX_EUNSUPPORTED = -6, /* recognised, but a format or version we do not read */
	VX_ELIMIT = -7,	  /* input exceeds a documented size or depth limit */
	VX_EUSAGE = -8,	  /* caller misuse (command line) */
	VX_ECHECK = -9,	  /* a check ran and found problems (not an error in vexil) */
};

struct vx_err {
	int code;	 /* enum vx_errcode; 0 while no error has been set */
	char where[512]; /* place in the input, outermost first: "pump.json: components[3].purl" */
	char msg[1024];	 /* what failed, lowercase, no full stop */
};

/* Reset to "no error". */
void vx_err_clear(struct vx_err *err);

/* Set code and message (printf format) and clear `where`; returns `code` so callers can
 * write `return vx_err_set(err, VX_EINVAL, "...")`. err may be NULL. */
int vx_err_set(struct vx_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like vx_err_set but also sets the place, e.g. vx_err_at(err, VX_EINVAL, "components[3].purl",
 * "invalid purl '%s'", s). */
int vx_err_at(struct vx_err *err, int code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prepend an outer place: "x" + "a.b" -> "x: a.b" (or "x" when where was empty).
 * Returns err->code. */
int vx_err_prefix(struct vx_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "where: msg" or just "msg"; points into a static buffer overwritten by the next call. */
const char *vx_err_text(const struct vx_err *err);

/* Abort the process with a message on standard error: out of memory is not recoverable in a
 * command-line tool, and every allocation in vexil goes through the wrappers below. */
_Noreturn void vx_oom(void);

void *vx_malloc(size_t n);
void *vx_calloc(size_t n, size_t size);
void *vx_realloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes; *cap is updated. */
void *vx_grow(void *p, size_t size, size_t need, size_t *cap);
char *vx_strdup(const char *s);		  /* NULL in, NULL out */
char *vx_strndup(const char *s, size_t n); /* copies at most n bytes, always terminated */
char *vx_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
