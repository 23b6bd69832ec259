/* src/match/cpe.c - CPE 2.3 formatted strings, 2.2 URIs and NISTIR 7696 matching (see cpe.h).
 *
 * Both bindings are reduced to one canonical formatted-string spelling per attribute, so the
 * store can compare names with strcmp and the matcher has one syntax to read. The 2.2 URI is
 * first rewritten into formatted-string syntax (percent-decoded, punctuation quoted, %01 and
 * %02 turned into '?' and '*') and then goes through the same value checks as a 2.3 name.
 * Matching works on the unquoted, lower-cased characters of each value, which makes the
 * 7696 "count the escapes" arithmetic unnecessary.
 */
#include "match/cpe.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/hex.h"

static const char *const attr_names[VX_CPE_NATTR] = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other",
};

const char *vx_cpe_attr_name(enum vx_cpe_attr a)
{
	return (unsigned)a < VX_CPE_NATTR ? attr_names[a] : "?";
}

const char *vx_cpe_relation_name(enum vx_cpe_relation r)
{
	switch (r) {
	case VX_CPE_DISJOINT:
		return "DISJOINT";
	case VX_CPE_SUBSET:
		return "SUBSET";
	case VX_CPE_SUPERSET:
		return "SUPERSET";
	case VX_CPE_EQUAL:
		return "EQUAL";
	case VX_CPE_UNDEFINED:
		return "UNDEFINED";
	}
	return "?";
}

struct why {
	char text[256];
	size_t off;
	bool has_off;
};

static int why_at(struct why *w, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int why_at(struct why *w, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
	w->off = off;
	w->has_off = true;
	return VX_EINVAL;
}

static int why_set(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int why_set(struct why *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
	w->has_off = false;
	return VX_EINVAL;
}

static bool is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Append one literal character in canonical spelling: bare or backslash-quoted. */
static void add_literal(struct vx_buf *o, char c)
{
	if (is_alnum((unsigned char)c) || c == '.' || c == '-' || c == '_') {
		vx_buf_addc(o, lower(c));
	} else {
		vx_buf_addc(o, '\\');
		vx_buf_addc(o, c);
	}
}

/* Canonicalise one formatted-string value v[0, n) (offset `base` in the input) onto o. */
static int canon_value(const char *v, size_t n, size_t base, struct vx_buf *o, struct why *w)
{
	size_t i = 0, start = o->len, body = 0;
	bool trail = false;

	if (n == 0)
		return why_at(w, base, "empty value");
	if (n == 1 && (v[0] == '*' || v[0] == '-')) {
		vx_buf_addc(o, v[0]);
		return 0;
	}
	if (v[0] == '*') {
		vx_buf_addc(o, '*');
		i = 1;
	} else {
		while (i < n && v[i] == '?') {
			vx_buf_addc(o, '?');
			i++;
		}
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '\\') {
			if (i + 1 >= n)
				return why_at(w, base + i, "dangling backslash");
			c = (unsigned char)v[++i];
			if (c <= 0x20 || c >= 0x7f)
				return why_at(w, base + i, "invalid character");
			add_literal(o, (char)c);
			body++;
			continue;
		}
		if (c == '*' && i == n - 1) {
			vx_buf_addc(o, '*');
			trail = true;
			break;
		}
		if (c == '?') {
			size_t j = i;
			while (j < n && v[j] == '?')
				j++;
			if (j == n) {
				vx_buf_add(o, v + i, n - i);
				trail = true;
				break;
			}
		}
		if (c == '*' || c == '?')
			return why_at(w, base + i, "unquoted '%c' inside a value", c);
		if (c == ' ')
			return why_at(w, base + i, "space in a value");
		if (c < 0x20 || c >= 0x7f)
			return why_at(w, base + i, "invalid character");
		add_literal(o, (char)c);
		body++;
	}
	if (body == 0 && trail)
		return why_at(w, base, "wildcards without a value");
	/* A quoted lone hyphen is a literal, not NA. */
	if (o->len - start == 1 && o->data[start] == '-') {
		o->data[start] = '\\';
		vx_buf_addc(o, '-');
	}
	return 0;
}

static int check_part(const struct vx_cpe *c, struct why *w)
{
	const char *p = c->attr[VX_CPE_PART];
	if (strcmp(p, "a") && strcmp(p, "o") && strcmp(p, "h") && strcmp(p, "*"))
		return why_set(w, "part '%s' is not a, o or h", vx_str_quote(p, 32));
	return 0;
}

/* cpe:2.3:<11 values separated by unquoted ':'> */
static int parse_fs(const char *s, size_t len, struct vx_cpe *out, struct why *w)
{
	size_t bounds[VX_CPE_NATTR + 1], nb = 0, i;
	struct vx_buf o;
	int rc = 0;

	bounds[nb++] = 8;
	for (i = 8; i < len; i++) {
		if (s[i] == '\\') {
			if (i + 1 >= len)
				return why_at(w, i, "dangling backslash");
			i++;
		} else if (s[i] == ':') {
			if (nb > VX_CPE_NATTR - 1)
				return why_at(w, i, "more than 11 attributes");
			bounds[nb++] = i + 1;
		}
	}
	if (nb != VX_CPE_NATTR)
		return why_set(w, "expected 11 attributes after 'cpe:2.3:', found %zu", nb);
	vx_buf_init(&o);
	for (size_t k = 0; k < VX_CPE_NATTR; k++) {
		size_t a = bounds[k], b = k + 1 < VX_CPE_NATTR ? bounds[k + 1] - 1 : len;
		vx_buf_reset(&o);
		rc = canon_value(s + a, b - a, a, &o, w);
		if (rc < 0)
			break;
		out->attr[k] = vx_strndup(o.data, o.len);
	}
	vx_buf_release(&o);
	return rc < 0 ? rc : check_part(out, w);
}

/* Rewrite one URI component u[0, n) in formatted-string syntax onto o. */
static int uri_to_fs(const char *u, size_t n, size_t base, struct vx_buf *o, struct why *w)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c == '%') {
			int hi = i + 2 < n ? vx_hexval((unsigned char)u[i + 1]) : -1;
			int lo = i + 2 < n ? vx_hexval((unsigned char)u[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return why_at(w, base + i, "bad percent-encoding");
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
			if (c == 0x01) {
				vx_buf_addc(o, '?');
			} else if (c == 0x02) {
				vx_buf_addc(o, '*');
			} else if (c <= 0x20 || c >= 0x7f) {
				return why_at(w, base + i - 2, "invalid character");
			} else if (is_alnum(c)) {
				vx_buf_addc(o, (char)c);
			} else {
				/* quoted, so that "%2d" stays a literal '-' and not NA */
				vx_buf_addc(o, '\\');
				vx_buf_addc(o, (char)c);
			}
		} else if (c == '*' || c == '?' || c == '\\') {
			vx_buf_addc(o, (char)c); /* not URI syntax; read as formatted string */
			if (c == '\\' && i + 1 < n)
				vx_buf_addc(o, u[++i]);
		} else if (c <= 0x20 || c >= 0x7f) {
			return why_at(w, base + i,
			              c == ' ' ? "space in a value" : "invalid character");
		} else {
			add_literal(o, (char)c);
		}
	}
	return 0;
}

/* Canonicalise URI component u[0, n) into a fresh attribute value. */
static int uri_value(const char *u, size_t n, size_t base, char **out, struct why *w)
{
	struct vx_buf fs, o;
	int rc;

	if (n == 0) {
		*out = vx_strdup("*");
		return 0;
	}
	if (n == 1 && u[0] == '-') {
		*out = vx_strdup("-");
		return 0;
	}
	vx_buf_init(&fs);
	vx_buf_init(&o);
	rc = uri_to_fs(u, n, base, &fs, w);
	if (rc == 0) {
		rc = canon_value(fs.data, fs.len, base, &o, w);
		if (rc < 0)
			w->off =
			    base; /* offsets inside the rewritten text mean nothing to a user */
	}
	if (rc == 0)
		*out = vx_strndup(o.data, o.len);
	vx_buf_release(&fs);
	vx_buf_release(&o);
	return rc;
}

/* cpe:/part:vendor:product:version:update:edition:language, trailing parts optional; the
 * edition may pack "~edition~sw_edition~target_sw~target_hw~other". */
static int parse_uri(const char *s, size_t len, struct vx_cpe *out, struct why *w)
{
	static const enum vx_cpe_attr uri_attr[7] = {
	    VX_CPE_PART,   VX_CPE_VENDOR,  VX_CPE_PRODUCT,  VX_CPE_VERSION,
	    VX_CPE_UPDATE, VX_CPE_EDITION, VX_CPE_LANGUAGE,
	};
	static const enum vx_cpe_attr packed[5] = {
	    VX_CPE_EDITION, VX_CPE_SW_EDITION, VX_CPE_TARGET_SW, VX_CPE_TARGET_HW, VX_CPE_OTHER,
	};
	size_t a = 5, k = 0;
	int rc;

	while (a <= len) {
		const char *colon = memchr(s + a, ':', len - a);
		size_t b = colon ? (size_t)(colon - s) : len;
		if (k >= 7)
			return why_at(w, a, "more than 7 components in a cpe 2.2 uri");
		if (uri_attr[k] == VX_CPE_EDITION && b > a && s[a] == '~') {
			size_t f = a + 1;
			for (size_t j = 0; j < 5; j++) {
				const char *t = j < 4 ? memchr(s + f, '~', b - f) : NULL;
				size_t e = t ? (size_t)(t - s) : b;
				if (j < 4 && !t)
					return why_at(
					    w, a, "packed edition needs 5 '~'-separated fields");
				if (j == 4 && memchr(s + f, '~', b - f))
					return why_at(
					    w, a, "packed edition needs 5 '~'-separated fields");
				rc = uri_value(s + f, e - f, f, &out->attr[packed[j]], w);
				if (rc < 0)
					return rc;
				f = e + 1;
			}
		} else {
			rc = uri_value(s + a, b - a, a, &out->attr[uri_attr[k]], w);
			if (rc < 0)
				return rc;
		}
		k++;
		a = b + 1;
	}
	for (size_t j = 0; j < VX_CPE_NATTR; j++)
		if (!out->attr[j])
			out->attr[j] = vx_strdup("*");
	return check_part(out, w);
}

int vx_cpe_parse(const char *s, struct vx_cpe *out, struct vx_err *err)
{
	struct why w;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return vx_err_set(err, VX_EINVAL, "invalid cpe: no value");
	len = strnlen(s, VX_CPE_MAX_LEN + 1);
	if (len > VX_CPE_MAX_LEN)
		return vx_err_set(err, VX_ELIMIT, "invalid cpe '%s': longer than %d bytes",
		                  vx_str_quote(s, 64), VX_CPE_MAX_LEN);
	if (len == 0)
		return vx_err_set(err, VX_EINVAL, "invalid cpe '': empty string");
	memset(&w, 0, sizeof(w));
	if (len >= 8 && !strncasecmp(s, "cpe:2.3:", 8))
		rc = parse_fs(s, len, out, &w);
	else if (len >= 5 && !strncasecmp(s, "cpe:/", 5))
		rc = parse_uri(s, len, out, &w);
	else
		rc =
		    why_set(&w, "not a cpe 2.3 formatted string ('cpe:2.3:') or 2.2 uri ('cpe:/')");
	if (rc < 0) {
		vx_cpe_release(out);
		if (w.has_off)
			return vx_err_set(err, VX_EINVAL, "invalid cpe '%s': %s at offset %zu",
			                  vx_str_quote(s, 200), w.text, w.off);
		return vx_err_set(err, VX_EINVAL, "invalid cpe '%s': %s", vx_str_quote(s, 200),
		                  w.text);
	}
	return 0;
}

void vx_cpe_release(struct vx_cpe *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < VX_CPE_NATTR; i++) {
		free(c->attr[i]);
		c->attr[i] = NULL;
	}
}

char *vx_cpe_to_string(const struct vx_cpe *c)
{
	struct vx_buf b;
	char *s;

	vx_buf_init(&b);
	vx_buf_adds(&b, "cpe:2.3");
	for (size_t i = 0; i < VX_CPE_NATTR; i++) {
		vx_buf_addc(&b, ':');
		vx_buf_adds(&b, c->attr[i] ? c->attr[i] : "*");
	}
	s = vx_buf_detach(&b);
	vx_buf_release(&b);
	return s;
}

char *vx_cpe_unquote(const char *value)
{
	struct vx_buf b;
	char *s;

	vx_buf_init(&b);
	vx_buf_adds(&b, ""); /* so an empty value still detaches to "" */
	for (const char *p = value; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		vx_buf_addc(&b, *p);
	}
	s = vx_buf_detach(&b);
	vx_buf_release(&b);
	return s;
}

/* ---- matching ---------------------------------------------------------------------- */

static bool has_wildcards(const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '*' || *p == '?')
			return true;
	}
	return false;
}

/* Unquoted, lower-cased characters of v[from, to) onto o. */
static void logical(const char *v, size_t from, size_t to, struct vx_buf *o)
{
	for (size_t i = from; i < to; i++) {
		if (v[i] == '\\' && i + 1 < to)
			i++;
		vx_buf_addc(o, lower(v[i]));
	}
}

/* NISTIR 7696 compareStrings: the source has wildcards at its ends; a leading "*" allows any
 * prefix, k leading '?' a prefix of at most k characters, and likewise at the end. */
static enum vx_cpe_relation compare_strings(const char *src, const char *tgt)
{
	size_t n = strlen(src), start = 0, end = n, blen, tlen, lo, hi;
	long begins = 0, ends = 0;
	struct vx_buf body, t;
	enum vx_cpe_relation r = VX_CPE_DISJOINT;

	if (src[0] == '*') {
		start = 1;
		begins = -1;
	} else {
		while (start < n && src[start] == '?') {
			start++;
			begins++;
		}
	}
	/* a trailing wildcard counts only when not quoted: an even run of backslashes before it */
	{
		size_t bs = 0, j = end;
		if (end > start && src[end - 1] == '*') {
			for (j = end - 1; j > start && src[j - 1] == '\\'; j--)
				bs++;
			if (bs % 2 == 0) {
				end--;
				ends = -1;
			}
		} else {
			while (end > start && src[end - 1] == '?') {
				bs = 0;
				for (j = end - 1; j > start && src[j - 1] == '\\'; j--)
					bs++;
				if (bs % 2)
					break;
				end--;
				ends++;
			}
		}
	}
	vx_buf_init(&body);
	vx_buf_init(&t);
	vx_buf_adds(&body, "");
	vx_buf_adds(&t, "");
	logical(src, start, end, &body);
	logical(tgt, 0, strlen(tgt), &t);
	blen = body.len;
	tlen = t.len;
	if (blen > tlen)
		goto out;
	if (begins == -1 && ends == -1) {
		if (blen == 0 || memmem(t.data, tlen, body.data, blen))
			r = VX_CPE_SUPERSET;
		goto out;
	}
	/* candidate offsets of the body inside the target */
	hi = tlen - blen;
	lo = 0;
	if (begins != -1 && (size_t)begins < hi)
		hi = (size_t)begins;
	if (ends != -1 && tlen - blen > (size_t)ends)
		lo = tlen - blen - (size_t)ends;
	for (size_t i = lo; i <= hi; i++) {
		if (!memcmp(t.data + i, body.data, blen)) {
			r = VX_CPE_SUPERSET;
			break;
		}
	}
out:
	vx_buf_release(&body);
	vx_buf_release(&t);
	return r;
}

enum vx_cpe_relation vx_cpe_compare_attr(const char *source, const char *target)
{
	bool s_any, t_any, s_na, t_na;

	if (!source)
		source = "*";
	if (!target)
		target = "*";
	s_any = !strcmp(source, "*");
	t_any = !strcmp(target, "*");
	s_na = !strcmp(source, "-");
	t_na = !strcmp(target, "-");
	if (!t_any && !t_na && has_wildcards(target))
		return VX_CPE_UNDEFINED;
	if (!strcasecmp(source, target))
		return VX_CPE_EQUAL;
	if (s_any)
		return VX_CPE_SUPERSET;
	if (t_any)
		return VX_CPE_SUBSET;
	if (s_na || t_na)
		return VX_CPE_DISJOINT;
	return compare_strings(source, target);
}

enum vx_cpe_relation vx_cpe_compare(const struct vx_cpe *source, const struct vx_cpe *target)
{
	bool all_equal = true, any_superset = false, any_subset = false, undefined = false;

	for (size_t i = 0; i < VX_CPE_NATTR; i++) {
		enum vx_cpe_relation r = vx_cpe_compare_attr(source->attr[i], target->attr[i]);
		if (r == VX_CPE_DISJOINT)
			return VX_CPE_DISJOINT;
		if (r != VX_CPE_EQUAL)
			all_equal = false;
		if (r == VX_CPE_SUPERSET)
			any_superset = true;
		if (r == VX_CPE_SUBSET)
			any_subset = true;
		if (r == VX_CPE_UNDEFINED)
			undefined = true;
	}
	if (undefined)
		return VX_CPE_UNDEFINED;
	if (all_equal)
		return VX_CPE_EQUAL;
	if (!any_superset)
		return VX_CPE_SUBSET;
	if (!any_subset)
		return VX_CPE_SUPERSET;
	return VX_CPE_UNDEFINED;
}

bool vx_cpe_matches(const struct vx_cpe *criterion, const struct vx_cpe *component)
{
	enum vx_cpe_relation r = vx_cpe_compare(criterion, component);
	return r == VX_CPE_SUPERSET || r == VX_CPE_EQUAL;
}

/* --- binding to a 2.2 URI (NISTIR 7695 section 6.1.2) -------------------------------------- */

/* One attribute value (canonical WFN form) bound for a URI: ANY is empty, NA "-", quoted
 * characters percent-encoded, unquoted '?' and '*' as %01 and %02. */
static void bind_uri_value(struct vx_buf *b, const char *v)
{
	if (!v || strcmp(v, "*") == 0)
		return;
	if (strcmp(v, "-") == 0) {
		vx_buf_addc(b, '-');
		return;
	}
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		if (c == '\\' && v[1]) {
			unsigned char q = (unsigned char)*++v;
			if (q == '-' || q == '.')
				vx_buf_addc(b, (char)q);
			else
				vx_buf_printf(b, "%%%02x", q);
		} else if (c == '?') {
			vx_buf_adds(b, "%01");
		} else if (c == '*') {
			vx_buf_adds(b, "%02");
		} else {
			vx_buf_addc(b, (char)c);
		}
	}
}

char *vx_cpe_to_uri(const struct vx_cpe *c)
{
	static const enum vx_cpe_attr order[] = {VX_CPE_PART,	 VX_CPE_VENDOR, VX_CPE_PRODUCT,
						 VX_CPE_VERSION, VX_CPE_UPDATE, VX_CPE_EDITION,
						 VX_CPE_LANGUAGE};
	struct vx_buf b;
	vx_buf_init(&b);
	vx_buf_adds(&b, "cpe:/");
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum vx_cpe_attr a = order[i];
		if (i)
			vx_buf_addc(&b, ':');
		if (a == VX_CPE_EDITION) {
			int packed = 0;
			for (int k = VX_CPE_SW_EDITION; k <= VX_CPE_OTHER; k++)
				packed |= c->attr[k] && strcmp(c->attr[k], "*") != 0;
			if (packed) { /* ~edition~sw_edition~target_sw~target_hw~other */
				bind_uri_value(&b, c->attr[VX_CPE_EDITION]);
				vx_buf_addc(&b, '~');
				for (int k = VX_CPE_SW_EDITION; k <= VX_CPE_OTHER; k++) {
					bind_uri_value(&b, c->attr[k]);
					if (k < VX_CPE_OTHER)
						vx_buf_addc(&b, '~');
				}
				/* the packed form starts with '~' */
				{
					char *s = vx_buf_detach(&b), *p = strrchr(s, ':');
					vx_buf_init(&b);
					vx_buf_add(&b, s, (size_t)(p - s) + 1);
					vx_buf_addc(&b, '~');
					vx_buf_adds(&b, p + 1);
					free(s);
				}
				continue;
			}
		}
		bind_uri_value(&b, c->attr[a]);
	}
	/* trailing empty (ANY) components are dropped */
	while (b.len && b.data[b.len - 1] == ':')
		b.data[--b.len] = 0;
	return vx_buf_detach(&b);
}
