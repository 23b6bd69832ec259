/* src/util/jsonw.h - writing JSON text without a document tree.
 *
 * For the modules that must produce JSON but may not use cJSON (the store's audit entries;
 * later the CSAF and VEX writers, which need keys in a fixed order): values are appended to
 * a struct vx_buf in the order the caller gives, with strings escaped per RFC 8259 (control
 * characters as \u00XX; UTF-8 passed through). The writer tracks commas; it does not check
 * that the calls form a well-nested document. Caller-owned struct (vx_jw_init /
 * vx_jw_release); vx_jw_text hands out the text.
 */
#ifndef VX_UTIL_JSONW_H
#define VX_UTIL_JSONW_H

#include <stdbool.h>

#include "util/buf.h"

struct vx_jw {
	struct vx_buf out;
	bool need_comma; /* a value was written at this level */
};

void vx_jw_init(struct vx_jw *w);
void vx_jw_release(struct vx_jw *w);
/* The text so far (valid until the next call). */
const char *vx_jw_text(const struct vx_jw *w);

void vx_jw_object(struct vx_jw *w);
void vx_jw_object_end(struct vx_jw *w);
void vx_jw_array(struct vx_jw *w);
void vx_jw_array_end(struct vx_jw *w);
/* A key inside an object; the next call writes its value. */
void vx_jw_key(struct vx_jw *w, const char *key);
void vx_jw_str(struct vx_jw *w, const char *s); /* NULL writes null */
void vx_jw_int(struct vx_jw *w, long long v);
void vx_jw_num(struct vx_jw *w, double v);
void vx_jw_bool(struct vx_jw *w, bool v);
void vx_jw_null(struct vx_jw *w);
/* A value that is already JSON text (the caller vouches for it; NULL or "" writes null). */
void vx_jw_raw(struct vx_jw *w, const char *json);

/* key + value shorthands */
void vx_jw_kstr(struct vx_jw *w, const char *key, const char *s);
void vx_jw_kint(struct vx_jw *w, const char *key, long long v);

/* Append s as a JSON string literal (with quotes) to b. */
void vx_json_quote(struct vx_buf *b, const char *s);

#endif
