/* src/match/purl.c - Package URL parsing, normalisation and canonical form (see purl.h).
 *
 * Parsing follows the purl-spec "how to parse" order (subpath, qualifiers, scheme, type,
 * version, name, namespace), checking each piece as it is cut out so an error can name the
 * offset of the offending byte. Everything that does not depend on the string's spelling
 * (type rules, qualifier order and uniqueness) lives in normalize(), which the parser and the
 * builder share. Percent-decoded values must be UTF-8 without NUL so that they stay C strings
 * and can be stored and printed safely.
 */
#include "match/purl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/hex.h"

/* Why a parse or normalisation failed; the public functions turn it into the message. */
struct why {
	char text[320];
	size_t off; /* offset in the input string when has_off */
	bool has_off;
};

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

static int why_at(struct why *w, size_t off, const char *what)
{
	snprintf(w->text, sizeof(w->text), "%s", what);
	w->off = off;
	w->has_off = true;
	return VX_EINVAL;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Bytes that stay bare in the canonical form; every other byte is percent-encoded. */
static bool is_bare(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_' || c == '~' ||
	       c == ':';
}

static bool type_valid(const char *t, size_t n)
{
	if (n == 0 || !is_alpha((unsigned char)t[0]))
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-')
			return false;
	}
	return true;
}

/* Qualifier key: a letter, then letters, digits, '.', '-', '_' (either case on input). */
static bool key_valid(const char *k, size_t n)
{
	if (n == 0 || !is_alpha((unsigned char)k[0]))
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (!is_alpha(c) && !is_digit(c) && c != '.' && c != '-' && c != '_')
			return false;
	}
	return true;
}

/* Percent-decode s[a, b) into a fresh string, or NULL with *w set. */
static char *decode(const char *s, size_t a, size_t b, struct why *w)
{
	char *o = vx_malloc(b - a + 1);
	size_t n = 0;

	for (size_t i = a; i < b; i++) {
		int hi, lo;
		if (s[i] != '%') {
			o[n++] = s[i];
			continue;
		}
		if (i + 2 >= b) {
			free(o);
			why_at(w, i, "bad percent-encoding");
			return NULL;
		}
		hi = vx_hexval((unsigned char)s[i + 1]);
		lo = vx_hexval((unsigned char)s[i + 2]);
		if (hi < 0 || lo < 0) {
			free(o);
			why_at(w, i, "bad percent-encoding");
			return NULL;
		}
		if (hi == 0 && lo == 0) {
			free(o);
			why_at(w, i, "percent-encoded NUL");
			return NULL;
		}
		o[n++] = (char)(hi * 16 + lo);
		i += 2;
	}
	o[n] = '\0';
	if (!vx_utf8_valid(o, n)) {
		free(o);
		why_at(w, a, "percent-decoded value is not valid UTF-8");
		return NULL;
	}
	return o;
}

/* Decode the '/'-separated segments of s[a, b) and join them with '/'; empty segments (and
 * "." and ".." when `dots`) are dropped. *out is NULL when nothing remains. */
static int decode_segments(const char *s, size_t a, size_t b, bool dots, const char *what,
                           char **out, struct why *w)
{
	struct vx_buf buf;
	size_t i = a;

	*out = NULL;
	vx_buf_init(&buf);
	while (i < b) {
		const char *slash = memchr(s + i, '/', b - i);
		size_t e = slash ? (size_t)(slash - s) : b;
		if (e > i) {
			char *seg = decode(s, i, e, w);
			if (!seg)
				goto fail;
			if (strchr(seg, '/')) {
				free(seg);
				char msg[64];
				snprintf(msg, sizeof(msg), "%s segment holds an encoded '/'", what);
				why_at(w, i, msg);
				goto fail;
			}
			if (!(dots && (!strcmp(seg, ".") || !strcmp(seg, "..")))) {
				if (buf.len)
					vx_buf_addc(&buf, '/');
				vx_buf_adds(&buf, seg);
			}
			free(seg);
		}
		i = e + 1;
	}
	if (buf.len)
		*out = vx_buf_detach(&buf);
	vx_buf_release(&buf);
	return 0;
fail:
	vx_buf_release(&buf);
	return VX_EINVAL;
}

void vx_purl_init(struct vx_purl *p)
{
	memset(p, 0, sizeof(*p));
}

void vx_purl_release(struct vx_purl *p)
{
	if (!p)
		return;
	free(p->type);
	free(p->namespace_);
	free(p->name);
	free(p->version);
	free(p->subpath);
	for (size_t i = 0; i < p->nqualifiers; i++) {
		free(p->qualifiers[i].key);
		free(p->qualifiers[i].value);
	}
	free(p->qualifiers);
	vx_purl_init(p);
}

const char *vx_purl_qualifier(const struct vx_purl *p, const char *key)
{
	for (size_t i = 0; i < p->nqualifiers; i++)
		if (!strcmp(p->qualifiers[i].key, key))
			return p->qualifiers[i].value;
	return NULL;
}

/* ---- normalisation ---------------------------------------------------------------- */

enum {
	R_LOWER_NS = 1 << 0,
	R_LOWER_NAME = 1 << 1,
	R_LOWER_VERSION = 1 << 2,
	R_NS_REQUIRED = 1 << 3,
	R_NS_PROHIBITED = 1 << 4,
	R_PYPI = 1 << 5,    /* name: '_' -> '-' */
	R_GIT = 1 << 6,     /* namespace is the host only; the rest of the path is the name */
	R_CPAN = 1 << 7,    /* name is a distribution, never a module "A::B" */
	R_CHROME = 1 << 8,  /* 32-letter a-p id, version of 1-4 numbers */
	R_JULIA = 1 << 9,   /* uuid qualifier required */
	R_MLFLOW = 1 << 10, /* name case-insensitive on Databricks registries */
};

/* Per-type rules from the purl-spec type definitions, limited to what is settled there and
 * exercised by its test suite. Sorted by type for bsearch. */
static const struct type_rule {
	const char *type;
	unsigned rules;
} type_rules[] = {
    {"alpm", R_LOWER_NS | R_LOWER_NAME},
    {"apk", R_LOWER_NS | R_LOWER_NAME},
    {"bitbucket", R_LOWER_NS | R_LOWER_NAME},
    {"brew", R_LOWER_NS | R_LOWER_NAME},
    {"chrome-extension", R_NS_PROHIBITED | R_LOWER_NAME | R_CHROME},
    {"composer", R_LOWER_NS | R_LOWER_NAME},
    {"cpan", R_CPAN},
    {"cran", R_NS_PROHIBITED},
    {"deb", R_LOWER_NS | R_LOWER_NAME},
    {"git", R_GIT},
    {"github", R_LOWER_NS | R_LOWER_NAME},
    {"hex", R_LOWER_NS | R_LOWER_NAME},
    {"huggingface", R_LOWER_VERSION},
    {"julia", R_NS_PROHIBITED | R_JULIA},
    {"mlflow", R_NS_PROHIBITED | R_MLFLOW},
    {"npm", R_LOWER_NS | R_LOWER_NAME},
    {"otp", R_NS_PROHIBITED},
    {"pypi", R_LOWER_NAME | R_PYPI},
    {"swift", R_NS_REQUIRED},
    {"vcpkg", R_NS_PROHIBITED},
    {"vscode-extension", R_NS_REQUIRED | R_LOWER_NS | R_LOWER_NAME},
};

static int rule_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct type_rule *)elem)->type);
}

static unsigned rules_for(const char *type)
{
	const struct type_rule *r =
	    bsearch(type, type_rules, sizeof(type_rules) / sizeof(type_rules[0]),
	            sizeof(type_rules[0]), rule_cmp);
	return r ? r->rules : 0;
}

static int qual_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vx_purl_qualifier *)a)->key,
	              ((const struct vx_purl_qualifier *)b)->key);
}

/* Empty string -> NULL (freed). */
static void drop_empty(char **s)
{
	if (*s && !**s) {
		free(*s);
		*s = NULL;
	}
}

/* Re-split a hand-built '/'-separated value into clean segments (no decoding). */
static void clean_segments(char **s, bool dots)
{
	struct vx_buf buf;
	const char *p;

	if (!*s)
		return;
	vx_buf_init(&buf);
	p = *s;
	while (*p) {
		size_t n = strcspn(p, "/");
		bool skip =
		    n == 0 ||
		    (dots && ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')));
		if (!skip) {
			if (buf.len)
				vx_buf_addc(&buf, '/');
			vx_buf_add(&buf, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	free(*s);
	*s = buf.len ? vx_buf_detach(&buf) : NULL;
	vx_buf_release(&buf);
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++)
		if (!strncasecmp(h, needle, n))
			return true;
	return false;
}

static bool chrome_version_valid(const char *v)
{
	int parts = 0;
	while (*v) {
		if (!is_digit((unsigned char)*v))
			return false;
		while (is_digit((unsigned char)*v))
			v++;
		if (++parts > 4)
			return false;
		if (*v == '.') {
			v++;
			if (!*v)
				return false;
		} else if (*v) {
			return false;
		}
	}
	return parts > 0;
}

static int normalize(struct vx_purl *p, struct why *w)
{
	unsigned rules;
	size_t n;

	if (!p->type || !*p->type)
		return why_set(w, "type is required");
	if (!type_valid(p->type, strlen(p->type)))
		return why_set(w,
		               "type '%s' must be a letter followed by letters, digits, '.' or '-'",
		               vx_str_quote(p->type, 64));
	vx_str_lower(p->type);
	if (!p->name || !*p->name)
		return why_set(w, "name is required");
	drop_empty(&p->version);
	clean_segments(&p->namespace_, false);
	clean_segments(&p->subpath, true);
	if ((p->namespace_ && !vx_utf8_valid(p->namespace_, strlen(p->namespace_))) ||
	    !vx_utf8_valid(p->name, strlen(p->name)) ||
	    (p->version && !vx_utf8_valid(p->version, strlen(p->version))) ||
	    (p->subpath && !vx_utf8_valid(p->subpath, strlen(p->subpath))))
		return why_set(w, "component is not valid UTF-8");

	/* Qualifiers: lower-case keys, drop empty values, sort, refuse duplicates. */
	for (size_t i = 0; i < p->nqualifiers; i++) {
		const struct vx_purl_qualifier *q = &p->qualifiers[i];
		if (!q->key || !key_valid(q->key, strlen(q->key)))
			return why_set(w, "invalid qualifier key '%s'",
			               vx_str_quote(q->key ? q->key : "", 64));
		if (q->value && !vx_utf8_valid(q->value, strlen(q->value)))
			return why_set(w, "qualifier '%s' is not valid UTF-8",
			               vx_str_quote(q->key, 64));
	}
	n = 0;
	for (size_t i = 0; i < p->nqualifiers; i++) {
		struct vx_purl_qualifier q = p->qualifiers[i];
		vx_str_lower(q.key);
		if (!q.value || !*q.value) {
			free(q.key);
			free(q.value);
			continue;
		}
		p->qualifiers[n++] = q;
	}
	p->nqualifiers = n;
	if (n == 0) {
		free(p->qualifiers);
		p->qualifiers = NULL;
	}
	if (n > 1)
		qsort(p->qualifiers, n, sizeof(p->qualifiers[0]), qual_cmp);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(p->qualifiers[i - 1].key, p->qualifiers[i].key))
			return why_set(w, "duplicate qualifier key '%s'", p->qualifiers[i].key);

	rules = rules_for(p->type);
	if ((rules & R_GIT) && p->namespace_) {
		char *slash = strchr(p->namespace_, '/');
		if (slash) {
			char *name = vx_asprintf("%s/%s", slash + 1, p->name);
			*slash = '\0';
			free(p->name);
			p->name = name;
		}
	}
	if ((rules & R_LOWER_NS) && p->namespace_)
		vx_str_lower(p->namespace_);
	if (rules & R_LOWER_NAME)
		vx_str_lower(p->name);
	if ((rules & R_LOWER_VERSION) && p->version)
		vx_str_lower(p->version);
	if (rules & R_PYPI)
		for (char *c = p->name; *c; c++)
			if (*c == '_')
				*c = '-';
	if (rules & R_MLFLOW) {
		const char *repo = vx_purl_qualifier(p, "repository_url");
		if (repo && contains_ci(repo, "databricks"))
			vx_str_lower(p->name);
	}
	if ((rules & R_NS_REQUIRED) && !p->namespace_)
		return why_set(w, "type '%s' requires a namespace", p->type);
	if ((rules & R_NS_PROHIBITED) && p->namespace_)
		return why_set(w, "type '%s' has no namespace, found '%s'", p->type,
		               vx_str_quote(p->namespace_, 64));
	if ((rules & R_CPAN) && strstr(p->name, "::"))
		return why_set(w, "cpan name '%s' is a module, not a distribution ('::')",
		               vx_str_quote(p->name, 64));
	if (rules & R_CHROME) {
		size_t len = strlen(p->name);
		bool ok = len == 32;
		for (size_t i = 0; ok && i < len; i++)
			ok = p->name[i] >= 'a' && p->name[i] <= 'p';
		if (!ok)
			return why_set(w, "chrome-extension id '%s' must be 32 letters a-p",
			               vx_str_quote(p->name, 64));
		if (p->version && !chrome_version_valid(p->version))
			return why_set(w, "chrome-extension version '%s' must be 1 to 4 numbers",
			               vx_str_quote(p->version, 64));
	}
	if ((rules & R_JULIA) && !vx_purl_qualifier(p, "uuid"))
		return why_set(w, "type 'julia' requires the 'uuid' qualifier");
	return 0;
}

int vx_purl_normalize(struct vx_purl *p, struct vx_err *err)
{
	struct why w;
	if (normalize(p, &w) < 0)
		return vx_err_set(err, VX_EINVAL, "invalid purl: %s", w.text);
	return 0;
}

/* ---- parsing ------------------------------------------------------------------------ */

static int parse_qualifiers(const char *s, size_t a, size_t b, struct vx_purl *out, struct why *w)
{
	size_t cap = 0, i = a;

	while (i < b) {
		const char *amp = memchr(s + i, '&', b - i);
		size_t e = amp ? (size_t)(amp - s) : b;
		if (e > i) {
			const char *eq = memchr(s + i, '=', e - i);
			size_t k = eq ? (size_t)(eq - s) : e;
			char *value;
			if (!eq)
				return why_at(w, i, "qualifier without '='");
			if (!key_valid(s + i, k - i)) {
				char key[80], msg[128];
				snprintf(key, sizeof(key), "%.*s", (int)(k - i > 64 ? 64 : k - i),
				         s + i);
				snprintf(msg, sizeof(msg), "invalid qualifier key '%s'",
				         vx_str_quote(key, 64));
				return why_at(w, i, msg);
			}
			value = decode(s, k + 1, e, w);
			if (!value)
				return VX_EINVAL;
			out->qualifiers = vx_grow(out->qualifiers, sizeof(out->qualifiers[0]),
			                          out->nqualifiers + 1, &cap);
			out->qualifiers[out->nqualifiers].key = vx_strndup(s + i, k - i);
			out->qualifiers[out->nqualifiers].value = value;
			out->nqualifiers++;
		}
		i = e + 1;
	}
	return 0;
}

static int parse(const char *s, size_t len, struct vx_purl *out, struct why *w)
{
	const char *hash, *qm, *colon, *slash, *at, *last;
	size_t end = len, p, from, name_at;
	int rc;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return why_at(w, i, "control character");
	}
	if (!vx_utf8_valid(s, len))
		return why_at(w, vx_utf8_invalid_at(s, len), "invalid UTF-8");

	/* subpath: after the last '#' */
	hash = memrchr(s, '#', len);
	if (hash) {
		end = (size_t)(hash - s);
		rc = decode_segments(s, end + 1, len, true, "subpath", &out->subpath, w);
		if (rc < 0)
			return rc;
	}
	/* qualifiers: after the first '?' (earlier components must encode '?') */
	qm = memchr(s, '?', end);
	if (qm) {
		rc = parse_qualifiers(s, (size_t)(qm - s) + 1, end, out, w);
		if (rc < 0)
			return rc;
		end = (size_t)(qm - s);
	}
	/* scheme */
	colon = memchr(s, ':', end);
	if (!colon)
		return why_at(w, 0, "missing 'pkg:' scheme");
	if ((size_t)(colon - s) != 3 || strncasecmp(s, "pkg", 3))
		return why_at(w, 0, "scheme is not 'pkg'");
	p = 4;
	while (p < end && s[p] == '/')
		p++;
	/* type */
	slash = memchr(s + p, '/', end - p);
	if (!slash)
		return why_at(w, p, "missing type or name");
	if (!type_valid(s + p, (size_t)(slash - s) - p))
		return why_at(w, p, "invalid type");
	out->type = vx_strndup(s + p, (size_t)(slash - s) - p);
	p = (size_t)(slash - s) + 1;
	/* version: after the last '@' that follows the last '/' */
	last = memrchr(s + p, '/', end - p);
	from = last ? (size_t)(last - s) + 1 : p;
	at = memrchr(s + from, '@', end - from);
	if (at) {
		size_t v = (size_t)(at - s);
		if (v + 1 < end) {
			out->version = decode(s, v + 1, end, w);
			if (!out->version)
				return VX_EINVAL;
		}
		end = v;
	}
	/* name: the last segment; trailing slashes are not significant, but "ns/@1.0" has no
	 * name (the purl-spec tests refuse it) */
	if (!at)
		while (end > p && s[end - 1] == '/')
			end--;
	last = end > p ? memrchr(s + p, '/', end - p) : NULL;
	name_at = last ? (size_t)(last - s) + 1 : p;
	if (name_at >= end)
		return why_at(w, name_at, "missing name");
	out->name = decode(s, name_at, end, w);
	if (!out->name)
		return VX_EINVAL;
	/* namespace: everything between type and name */
	if (last) {
		rc = decode_segments(s, p, (size_t)(last - s), false, "namespace", &out->namespace_,
		                     w);
		if (rc < 0)
			return rc;
	}
	return normalize(out, w);
}

int vx_purl_parse(const char *s, struct vx_purl *out, struct vx_err *err)
{
	struct why w;
	size_t len;

	vx_purl_init(out);
	if (!s)
		return vx_err_set(err, VX_EINVAL, "invalid purl: no value");
	len = strnlen(s, VX_PURL_MAX_LEN + 1);
	if (len > VX_PURL_MAX_LEN)
		return vx_err_set(err, VX_ELIMIT, "invalid purl '%s': longer than %d bytes",
		                  vx_str_quote(s, 64), VX_PURL_MAX_LEN);
	if (len == 0)
		return vx_err_set(err, VX_EINVAL, "invalid purl '': empty string");
	memset(&w, 0, sizeof(w));
	if (parse(s, len, out, &w) < 0) {
		vx_purl_release(out);
		if (w.has_off)
			return vx_err_set(err, VX_EINVAL, "invalid purl '%s': %s at offset %zu",
			                  vx_str_quote(s, 200), w.text, w.off);
		return vx_err_set(err, VX_EINVAL, "invalid purl '%s': %s", vx_str_quote(s, 200),
		                  w.text);
	}
	return 0;
}

/* ---- canonical form ------------------------------------------------------------------ */

static void encode(struct vx_buf *b, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (is_bare(*c) || (keep_slash && *c == '/')) {
			vx_buf_addc(b, (char)*c);
		} else {
			char t[3] = {'%', hex[*c >> 4], hex[*c & 15]};
			vx_buf_add(b, t, 3);
		}
	}
}

char *vx_purl_to_string(const struct vx_purl *p)
{
	struct vx_buf b;
	char *s;

	vx_buf_init(&b);
	vx_buf_adds(&b, "pkg:");
	if (p->type)
		vx_buf_adds(&b, p->type);
	vx_buf_addc(&b, '/');
	if (p->namespace_ && *p->namespace_) {
		encode(&b, p->namespace_, true);
		vx_buf_addc(&b, '/');
	}
	if (p->name)
		encode(&b, p->name, p->type && (rules_for(p->type) & R_GIT));
	if (p->version && *p->version) {
		vx_buf_addc(&b, '@');
		encode(&b, p->version, false);
	}
	for (size_t i = 0, n = 0; i < p->nqualifiers; i++) {
		if (!p->qualifiers[i].value || !*p->qualifiers[i].value)
			continue;
		vx_buf_addc(&b, n++ ? '&' : '?');
		vx_buf_adds(&b, p->qualifiers[i].key);
		vx_buf_addc(&b, '=');
		encode(&b, p->qualifiers[i].value, false);
	}
	if (p->subpath && *p->subpath) {
		vx_buf_addc(&b, '#');
		encode(&b, p->subpath, true);
	}
	s = vx_buf_detach(&b);
	vx_buf_release(&b);
	return s;
}

int vx_purl_canonical(const char *s, char **out, struct vx_err *err)
{
	struct vx_purl p;
	int rc;

	*out = NULL;
	rc = vx_purl_parse(s, &p, err);
	if (rc < 0)
		return rc;
	*out = vx_purl_to_string(&p);
	vx_purl_release(&p);
	return 0;
}

int vx_purl_build(const struct vx_purl *in, char **out, struct vx_err *err)
{
	struct vx_purl p;
	int rc;

	*out = NULL;
	p.type = vx_strdup(in->type);
	p.namespace_ = vx_strdup(in->namespace_);
	p.name = vx_strdup(in->name);
	p.version = vx_strdup(in->version);
	p.subpath = vx_strdup(in->subpath);
	p.nqualifiers = in->nqualifiers;
	p.qualifiers = in->nqualifiers ? vx_calloc(in->nqualifiers, sizeof(p.qualifiers[0])) : NULL;
	for (size_t i = 0; i < in->nqualifiers; i++) {
		p.qualifiers[i].key = vx_strdup(in->qualifiers[i].key);
		p.qualifiers[i].value = vx_strdup(in->qualifiers[i].value);
	}
	rc = vx_purl_normalize(&p, err);
	if (rc == 0)
		*out = vx_purl_to_string(&p);
	vx_purl_release(&p);
	return rc;
}
