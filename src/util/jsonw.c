/* src/util/jsonw.c - JSON text writer (see jsonw.h). */
#include "util/jsonw.h"

#include <stdio.h>

void vx_jw_init(struct vx_jw *w)
{
	vx_buf_init(&w->out);
	w->need_comma = false;
}

void vx_jw_release(struct vx_jw *w)
{
	vx_buf_release(&w->out);
}

const char *vx_jw_text(const struct vx_jw *w)
{
	return vx_buf_str(&w->out);
}

static void sep(struct vx_jw *w)
{
	if (w->need_comma)
		vx_buf_addc(&w->out, ',');
	w->need_comma = true;
}

void vx_json_quote(struct vx_buf *b, const char *s)
{
	vx_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"':
			vx_buf_adds(b, "\\\"");
			break;
		case '\\':
			vx_buf_adds(b, "\\\\");
			break;
		case '\n':
			vx_buf_adds(b, "\\n");
			break;
		case '\r':
			vx_buf_adds(b, "\\r");
			break;
		case '\t':
			vx_buf_adds(b, "\\t");
			break;
		default:
			if (c < 0x20)
				vx_buf_printf(b, "\\u%04x", c);
			else
				vx_buf_addc(b, (char)c);
		}
	}
	vx_buf_addc(b, '"');
}

void vx_jw_object(struct vx_jw *w)
{
	sep(w);
	vx_buf_addc(&w->out, '{');
	w->need_comma = false;
}

void vx_jw_object_end(struct vx_jw *w)
{
	vx_buf_addc(&w->out, '}');
	w->need_comma = true;
}

void vx_jw_array(struct vx_jw *w)
{
	sep(w);
	vx_buf_addc(&w->out, '[');
	w->need_comma = false;
}

void vx_jw_array_end(struct vx_jw *w)
{
	vx_buf_addc(&w->out, ']');
	w->need_comma = true;
}

void vx_jw_key(struct vx_jw *w, const char *key)
{
	sep(w);
	vx_json_quote(&w->out, key);
	vx_buf_addc(&w->out, ':');
	w->need_comma = false;
}

void vx_jw_str(struct vx_jw *w, const char *s)
{
	sep(w);
	if (s)
		vx_json_quote(&w->out, s);
	else
		vx_buf_adds(&w->out, "null");
}

void vx_jw_int(struct vx_jw *w, long long v)
{
	sep(w);
	vx_buf_printf(&w->out, "%lld", v);
}

void vx_jw_num(struct vx_jw *w, double v)
{
	sep(w);
	vx_buf_printf(&w->out, "%.15g", v);
}

void vx_jw_bool(struct vx_jw *w, bool v)
{
	sep(w);
	vx_buf_adds(&w->out, v ? "true" : "false");
}

void vx_jw_null(struct vx_jw *w)
{
	sep(w);
	vx_buf_adds(&w->out, "null");
}

void vx_jw_kstr(struct vx_jw *w, const char *key, const char *s)
{
	vx_jw_key(w, key);
	vx_jw_str(w, s);
}

void vx_jw_kint(struct vx_jw *w, const char *key, long long v)
{
	vx_jw_key(w, key);
	vx_jw_int(w, v);
}

void vx_jw_raw(struct vx_jw *w, const char *json)
{
	sep(w);
	vx_buf_adds(&w->out, json && *json ? json : "null");
}
