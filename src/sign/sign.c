/* src/sign/sign.c - incremental-update PDF signer and verifier on OpenSSL 3 CMS.
 *
 * Owns a small PDF lexer (bounds-checked, depth-limited), a classic xref reader that follows
 * /Prev, the writer of the update described in sign.h, and the CMS builder (adbe and PAdES
 * B-B with the OpenSSL 3.0 signing-time workaround of engineering.md §2.4). It leaves file
 * I/O of the result to the caller.
 */
#include "sign/sign.h"

#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/hex.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DEPTH 64          /* nesting of arrays/dictionaries, and of the page tree */
#define MAX_SECTIONS 64       /* xref sections followed through /Prev */
#define MAX_OBJECTS (1 << 22) /* object numbers accepted in an xref table */
#define HEX_RESERVE (2 * VX_SIGN_CMS_RESERVE)

struct vx_sign_key {
	EVP_PKEY *pkey;         /* owned */
	X509 *cert;             /* owned */
	STACK_OF(X509) * chain; /* owned, may be empty */
};

/* ---- lexer ---------------------------------------------------------------------------- */

enum tok_kind { T_EOF, T_DOPEN, T_DCLOSE, T_AOPEN, T_ACLOSE, T_NAME, T_STR, T_HEX, T_NUM, T_KW };

struct pdf {
	const char *s;
	size_t n;
};

struct tok {
	enum tok_kind kind;
	size_t start, end; /* span in the input */
};

/* A parsed value: its span, kind and, for references, the target. */
enum val_kind { V_OTHER, V_DICT, V_ARRAY, V_REF, V_INT, V_NAME, V_STR };
struct val {
	enum val_kind kind;
	size_t start, end;
	long long num; /* V_INT value, V_REF object number */
	int gen;       /* V_REF generation */
};

static int is_ws(int c)
{
	return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32;
}

static int is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static void skip_ws(const struct pdf *p, size_t *pos)
{
	size_t i = *pos;
	while (i < p->n) {
		unsigned char c = (unsigned char)p->s[i];
		if (is_ws(c)) {
			i++;
		} else if (c == '%') {
			while (i < p->n && p->s[i] != '\n' && p->s[i] != '\r')
				i++;
		} else {
			break;
		}
	}
	*pos = i;
}

/* Next token from *pos; returns -1 on a malformed token (unterminated string etc.). */
static int lex(const struct pdf *p, size_t *pos, struct tok *t)
{
	skip_ws(p, pos);
	size_t i = *pos;
	t->start = i;
	if (i >= p->n) {
		t->kind = T_EOF;
		t->end = i;
		return 0;
	}
	unsigned char c = (unsigned char)p->s[i];
	if (c == '<' && i + 1 < p->n && p->s[i + 1] == '<') {
		t->kind = T_DOPEN;
		i += 2;
	} else if (c == '>' && i + 1 < p->n && p->s[i + 1] == '>') {
		t->kind = T_DCLOSE;
		i += 2;
	} else if (c == '[') {
		t->kind = T_AOPEN;
		i++;
	} else if (c == ']') {
		t->kind = T_ACLOSE;
		i++;
	} else if (c == '<') {
		t->kind = T_HEX;
		for (i++; i < p->n && p->s[i] != '>'; i++) {
			unsigned char h = (unsigned char)p->s[i];
			if (!is_ws(h) && !((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
			                   (h >= 'A' && h <= 'F')))
				return -1;
		}
		if (i >= p->n)
			return -1;
		i++;
	} else if (c == '(') {
		int depth = 0;
		t->kind = T_STR;
		for (; i < p->n; i++) {
			char ch = p->s[i];
			if (ch == '\\') {
				i++;
			} else if (ch == '(') {
				depth++;
			} else if (ch == ')') {
				if (--depth == 0)
					break;
			}
		}
		if (i >= p->n)
			return -1;
		i++;
	} else if (c == '/') {
		t->kind = T_NAME;
		for (i++; i < p->n && !is_ws((unsigned char)p->s[i]) &&
		          !is_delim((unsigned char)p->s[i]);
		     i++)
			;
	} else if (c == ')' || c == '>' || c == '{' || c == '}') {
		return -1;
	} else {
		t->kind =
		    (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) ? T_NUM : T_KW;
		for (; i < p->n && !is_ws((unsigned char)p->s[i]) &&
		       !is_delim((unsigned char)p->s[i]);
		     i++)
			;
	}
	t->end = i;
	*pos = i;
	return 0;
}

static int tok_is(const struct pdf *p, const struct tok *t, const char *word)
{
	size_t l = strlen(word);
	return t->end - t->start == l && memcmp(p->s + t->start, word, l) == 0;
}

/* A non-negative decimal integer token (at most 18 digits); -1 otherwise. */
static long long tok_uint(const struct pdf *p, const struct tok *t)
{
	if (t->kind != T_NUM || t->end == t->start || t->end - t->start > 18)
		return -1;
	long long v = 0;
	for (size_t i = t->start; i < t->end; i++) {
		char c = p->s[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

static int parse_value(const struct pdf *p, size_t *pos, struct val *v, int depth);

/* Parse the body of an array or dictionary after its opening token, up to the closing one. */
static int parse_container(const struct pdf *p, size_t *pos, enum tok_kind close, int depth)
{
	if (depth > MAX_DEPTH)
		return -1;
	for (;;) {
		size_t save = *pos;
		struct tok t;
		if (lex(p, pos, &t) < 0 || t.kind == T_EOF)
			return -1;
		if (t.kind == close)
			return 0;
		*pos = save;
		struct val v;
		if (parse_value(p, pos, &v, depth + 1) < 0)
			return -1;
	}
}

/* Parse one value at *pos: "N G R" becomes one V_REF. */
static int parse_value(const struct pdf *p, size_t *pos, struct val *v, int depth)
{
	struct tok t;
	if (depth > MAX_DEPTH || lex(p, pos, &t) < 0)
		return -1;
	v->start = t.start;
	v->kind = V_OTHER;
	switch (t.kind) {
	case T_EOF:
	case T_DCLOSE:
	case T_ACLOSE:
		return -1;
	case T_DOPEN:
		v->kind = V_DICT;
		if (parse_container(p, pos, T_DCLOSE, depth) < 0)
			return -1;
		break;
	case T_AOPEN:
		v->kind = V_ARRAY;
		if (parse_container(p, pos, T_ACLOSE, depth) < 0)
			return -1;
		break;
	case T_NAME:
		v->kind = V_NAME;
		break;
	case T_STR:
	case T_HEX:
		v->kind = V_STR;
		break;
	case T_NUM: {
		long long n = tok_uint(p, &t);
		if (n >= 0) {
			size_t save = *pos;
			struct tok t2, t3;
			long long g;
			v->kind = V_INT;
			v->num = n;
			if (lex(p, pos, &t2) == 0 && (g = tok_uint(p, &t2)) >= 0 && g <= 65535 &&
			    lex(p, pos, &t3) == 0 && t3.kind == T_KW && tok_is(p, &t3, "R")) {
				v->kind = V_REF;
				v->gen = (int)g;
			} else {
				*pos = save;
			}
		}
		break;
	}
	default:
		break;
	}
	v->end = *pos;
	return 0;
}

/* The next key and value of the dictionary being read at *pos (start with *pos at its "<<",
 * *opened = 0). 1 a pair, 0 the closing ">>", -1 malformed. */
static int dict_next(const struct pdf *p, size_t *pos, int *opened, struct tok *key,
                     struct val *v)
{
	struct tok t;
	if (!*opened) {
		if (lex(p, pos, &t) < 0 || t.kind != T_DOPEN)
			return -1;
		*opened = 1;
	}
	if (lex(p, pos, key) < 0)
		return -1;
	if (key->kind == T_DCLOSE)
		return 0;
	if (key->kind != T_NAME || parse_value(p, pos, v, 1) < 0)
		return -1;
	return 1;
}

/* Find /key in the dictionary whose "<<" is at dict_start. 1 found, 0 absent, -1 malformed. */
static int dict_get(const struct pdf *p, size_t dict_start, const char *key, struct val *out)
{
	size_t pos = dict_start;
	int opened = 0, rc;
	struct tok t;
	struct val v;
	while ((rc = dict_next(p, &pos, &opened, &t, &v)) == 1)
		if (tok_is(p, &t, key)) {
			*out = v;
			return 1;
		}
	return rc;
}

/* Copy the pairs of a dictionary (without "<<" ">>") into b, leaving out the keys in skip. */
static int dict_copy_except(const struct pdf *p, size_t dict_start, const char *const *skip,
                            struct vx_buf *b)
{
	size_t pos = dict_start;
	int opened = 0, rc;
	struct tok t;
	struct val v;
	while ((rc = dict_next(p, &pos, &opened, &t, &v)) == 1) {
		int keep = 1;
		for (const char *const *k = skip; *k; k++)
			if (tok_is(p, &t, *k))
				keep = 0;
		if (keep) {
			vx_buf_add(b, p->s + t.start, t.end - t.start);
			vx_buf_addc(b, ' ');
			vx_buf_add(b, p->s + v.start, v.end - v.start);
			vx_buf_addc(b, '\n');
		}
	}
	return rc;
}

/* ---- document structure --------------------------------------------------------------- */

struct xref_ent {
	size_t off;
	int gen;
	char state; /* 0 unknown, 'n' in use, 'f' free */
};

struct doc {
	struct pdf p;
	struct xref_ent *ents; /* indexed by object number */
	size_t nents, cap;
	size_t startxref; /* the last startxref value: /Prev of our update */
	size_t trailer;   /* "<<" of the newest trailer */
	long long size;   /* /Size of the newest trailer */
	struct val root, info, id;
	int has_info, has_id;
};

static void doc_release(struct doc *d)
{
	free(d->ents);
	memset(d, 0, sizeof(*d));
}

/* The last "startxref N" before the final %%EOF. */
static int find_startxref(struct doc *d, struct vx_err *err)
{
	const struct pdf *p = &d->p;
	const char *kw = "startxref";
	size_t kl = strlen(kw);
	size_t lo = p->n > 2048 ? p->n - 2048 : 0;
	if (p->n < 5 + kl || memcmp(p->s, "%PDF-", 5) != 0)
		return vx_err_set(err, VX_EINVAL, "not a PDF file (no '%%PDF-' header)");
	for (size_t i = p->n - kl; i + 1 > lo + 1; i--) {
		if (memcmp(p->s + i, kw, kl) == 0) {
			size_t pos = i + kl;
			struct tok t;
			long long v;
			if (lex(p, &pos, &t) < 0 || (v = tok_uint(p, &t)) < 0 || (size_t)v >= p->n)
				return vx_err_set(err, VX_EINVAL, "invalid startxref offset");
			while (pos < p->n && is_ws((unsigned char)p->s[pos]))
				pos++; /* not skip_ws(): "%%EOF" is a comment to the lexer */
			if (pos + 5 > p->n || memcmp(p->s + pos, "%%EOF", 5) != 0)
				return vx_err_set(err, VX_EINVAL, "no '%%%%EOF' after startxref");
			d->startxref = (size_t)v;
			return 0;
		}
		if (i == 0)
			break;
	}
	return vx_err_set(err, VX_EINVAL, "no 'startxref' near the end of the file");
}

/* Read one classic xref section at off; sets *trailer to its trailer dictionary. */
static int read_xref_section(struct doc *d, size_t off, size_t *trailer, struct vx_err *err)
{
	const struct pdf *p = &d->p;
	size_t pos = off;
	struct tok t;
	if (lex(p, &pos, &t) < 0 || t.kind != T_KW || !tok_is(p, &t, "xref")) {
		if (t.kind == T_NUM)
			return vx_err_set(err, VX_EUNSUPPORTED,
			                  "cross-reference streams are not supported (offset %zu)",
			                  off);
		return vx_err_set(err, VX_EINVAL, "no xref table at offset %zu", off);
	}
	for (;;) {
		struct tok a, b;
		if (lex(p, &pos, &a) < 0)
			return vx_err_set(err, VX_EINVAL, "malformed xref table at offset %zu",
			                  off);
		if (a.kind == T_KW && tok_is(p, &a, "trailer"))
			break;
		long long first = tok_uint(p, &a), count;
		if (first < 0 || lex(p, &pos, &b) < 0 || (count = tok_uint(p, &b)) < 0 ||
		    first > MAX_OBJECTS || count > MAX_OBJECTS - first ||
		    (size_t)count > (p->n - pos) / 18)
			return vx_err_set(err, VX_EINVAL, "malformed xref subsection at offset %zu",
			                  a.start);
		size_t need = (size_t)(first + count);
		if (need > d->nents) {
			d->ents = vx_grow(d->ents, sizeof(*d->ents), need, &d->cap);
			memset(d->ents + d->nents, 0, (need - d->nents) * sizeof(*d->ents));
			d->nents = need;
		}
		for (long long k = 0; k < count; k++) {
			struct tok to, tg, tt;
			long long o, g;
			if (lex(p, &pos, &to) < 0 || (o = tok_uint(p, &to)) < 0 ||
			    lex(p, &pos, &tg) < 0 || (g = tok_uint(p, &tg)) < 0 || g > 65535 ||
			    lex(p, &pos, &tt) < 0 || tt.kind != T_KW ||
			    !(tok_is(p, &tt, "n") || tok_is(p, &tt, "f")))
				return vx_err_set(err, VX_EINVAL,
				                  "malformed xref entry at offset %zu", to.start);
			struct xref_ent *e = &d->ents[first + k];
			if (e->state) /* a newer section already defined it */
				continue;
			e->state = p->s[tt.start];
			e->gen = (int)g;
			e->off = (size_t)o;
			if (e->state == 'n' && (size_t)o >= p->n)
				return vx_err_set(err, VX_EINVAL,
				                  "xref entry for object %lld points past the end",
				                  first + k);
		}
	}
	skip_ws(p, &pos);
	*trailer = pos;
	struct val v;
	size_t q = pos;
	if (parse_value(p, &q, &v, 0) < 0 || v.kind != V_DICT)
		return vx_err_set(err, VX_EINVAL, "malformed trailer at offset %zu", pos);
	int r = dict_get(p, pos, "/XRefStm", &v);
	if (r != 0)
		return vx_err_set(err, VX_EUNSUPPORTED,
		                  "hybrid files with /XRefStm are not supported");
	return 0;
}

static int trailer_ref(const struct pdf *p, size_t tr, const char *key, struct val *v, int *has)
{
	int r = dict_get(p, tr, key, v);
	if (r < 0 || (r == 1 && v->kind != V_REF))
		return -1;
	if (has)
		*has = r;
	return r;
}

static int doc_open(struct doc *d, const char *s, size_t n, struct vx_err *err)
{
	memset(d, 0, sizeof(*d));
	d->p.s = s;
	d->p.n = n;
	if (!s || n == 0)
		return vx_err_set(err, VX_EINVAL, "empty input");
	if (find_startxref(d, err) < 0)
		return err ? err->code : VX_EINVAL;
	size_t off = d->startxref, seen[MAX_SECTIONS];
	for (int i = 0;; i++) {
		size_t tr = 0;
		struct val v;
		if (i == MAX_SECTIONS)
			return vx_err_set(err, VX_ELIMIT, "more than %d xref sections",
			                  MAX_SECTIONS);
		for (int j = 0; j < i; j++)
			if (seen[j] == off)
				return vx_err_set(err, VX_EINVAL, "/Prev loop at offset %zu", off);
		seen[i] = off;
		if (read_xref_section(d, off, &tr, err) < 0)
			return err ? err->code : VX_EINVAL;
		if (i == 0) {
			d->trailer = tr;
			if (dict_get(&d->p, tr, "/Encrypt", &v) != 0)
				return vx_err_set(err, VX_EUNSUPPORTED,
				                  "encrypted PDFs are not supported");
			if (dict_get(&d->p, tr, "/Size", &v) != 1 || v.kind != V_INT ||
			    v.num <= 0 || v.num > MAX_OBJECTS)
				return vx_err_set(err, VX_EINVAL, "trailer has no valid /Size");
			d->size = v.num;
			if (trailer_ref(&d->p, tr, "/Root", &d->root, NULL) != 1)
				return vx_err_set(err, VX_EINVAL, "trailer has no /Root reference");
			if (trailer_ref(&d->p, tr, "/Info", &d->info, &d->has_info) < 0)
				return vx_err_set(err, VX_EINVAL,
				                  "trailer /Info is not a reference");
			int r = dict_get(&d->p, tr, "/ID", &d->id);
			if (r < 0 || (r == 1 && d->id.kind != V_ARRAY))
				return vx_err_set(err, VX_EINVAL, "trailer /ID is not an array");
			d->has_id = r;
		}
		int r = dict_get(&d->p, tr, "/Prev", &v);
		if (r < 0 || (r == 1 && (v.kind != V_INT || (size_t)v.num >= n)))
			return vx_err_set(err, VX_EINVAL, "invalid /Prev in trailer");
		if (r == 0)
			break;
		off = (size_t)v.num;
	}
	return 0;
}

/* Locate indirect object num/gen and parse its value into *v. */
static int doc_object(const struct doc *d, long long num, int gen, struct val *v,
                      struct vx_err *err)
{
	const struct pdf *p = &d->p;
	if (num <= 0 || (size_t)num >= d->nents || d->ents[num].state != 'n' ||
	    d->ents[num].gen != gen)
		return vx_err_set(err, VX_EINVAL, "object %lld %d is not in the xref table", num,
		                  gen);
	size_t pos = d->ents[num].off;
	struct tok a, b, c;
	if (lex(p, &pos, &a) < 0 || tok_uint(p, &a) != num || lex(p, &pos, &b) < 0 ||
	    tok_uint(p, &b) != gen || lex(p, &pos, &c) < 0 || !tok_is(p, &c, "obj"))
		return vx_err_set(err, VX_EINVAL, "object %lld %d not found at offset %zu", num,
		                  gen, d->ents[num].off);
	if (parse_value(p, &pos, v, 0) < 0)
		return vx_err_set(err, VX_EINVAL, "malformed object %lld %d", num, gen);
	return 0;
}

static int doc_dict(const struct doc *d, long long num, int gen, struct val *v, struct vx_err *err)
{
	if (doc_object(d, num, gen, v, err) < 0)
		return err ? err->code : VX_EINVAL;
	if (v->kind != V_DICT)
		return vx_err_set(err, VX_EINVAL, "object %lld %d is not a dictionary", num, gen);
	return 0;
}

static int name_is(const struct pdf *p, const struct val *v, const char *name)
{
	size_t l = strlen(name);
	return v->kind == V_NAME && v->end - v->start == l && memcmp(p->s + v->start, name, l) == 0;
}

/* Descend /Pages /Kids to the first page; *page is its dictionary, *pnum and *pgen its id. */
static int first_page(const struct doc *d, const struct val *catalog, struct val *page,
                      long long *pnum, int *pgen, struct vx_err *err)
{
	const struct pdf *p = &d->p;
	struct val ref, node, t;
	if (dict_get(p, catalog->start, "/Pages", &ref) != 1 || ref.kind != V_REF)
		return vx_err_set(err, VX_EINVAL, "catalog has no /Pages reference");
	for (int depth = 0; depth < MAX_DEPTH; depth++) {
		if (doc_dict(d, ref.num, ref.gen, &node, err) < 0)
			return err ? err->code : VX_EINVAL;
		if (dict_get(p, node.start, "/Type", &t) != 1)
			return vx_err_set(err, VX_EINVAL, "page tree node %lld has no /Type",
			                  ref.num);
		if (name_is(p, &t, "/Page")) {
			*page = node;
			*pnum = ref.num;
			*pgen = ref.gen;
			return 0;
		}
		if (!name_is(p, &t, "/Pages"))
			return vx_err_set(err, VX_EINVAL, "page tree node %lld has a bad /Type",
			                  ref.num);
		struct val kids;
		if (dict_get(p, node.start, "/Kids", &kids) != 1 || kids.kind != V_ARRAY)
			return vx_err_set(err, VX_EINVAL, "page tree node %lld has no /Kids",
			                  ref.num);
		size_t pos = kids.start + 1;
		if (parse_value(p, &pos, &ref, 1) < 0 || ref.kind != V_REF)
			return vx_err_set(err, VX_EINVAL, "document has no pages");
	}
	return vx_err_set(err, VX_ELIMIT, "page tree deeper than %d", MAX_DEPTH);
}

/* ---- writing -------------------------------------------------------------------------- */

static void hex_bytes(struct vx_buf *b, const unsigned char *s, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		vx_buf_addc(b, hx[s[i] >> 4]);
		vx_buf_addc(b, hx[s[i] & 15]);
	}
}

/* A PDF text string: literal for printable ASCII, else UTF-16BE with BOM in hex. */
static int add_text(struct vx_buf *b, const char *s, struct vx_err *err)
{
	size_t n = strlen(s), i;
	int ascii = 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			ascii = 0;
	if (ascii) {
		vx_buf_addc(b, '(');
		for (i = 0; i < n; i++) {
			if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
				vx_buf_addc(b, '\\');
			vx_buf_addc(b, s[i]);
		}
		vx_buf_addc(b, ')');
		return 0;
	}
	if (!vx_utf8_valid(s, n))
		return vx_err_set(err, VX_EINVAL, "text '%s' is not valid UTF-8",
		                  vx_str_quote(s, 40));
	vx_buf_adds(b, "<FEFF");
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int l = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		cp = l == 1 ? c : l == 2 ? c & 0x1f : l == 3 ? c & 0x0f : c & 0x07;
		for (int k = 1; k < l; k++)
			cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3f);
		i += (size_t)l;
		unsigned char u[4];
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xd800 + (v >> 10),
			         lo = 0xdc00 + (v & 0x3ff);
			u[0] = (unsigned char)(hi >> 8), u[1] = (unsigned char)hi;
			u[2] = (unsigned char)(lo >> 8), u[3] = (unsigned char)lo;
			hex_bytes(b, u, 4);
		} else {
			u[0] = (unsigned char)(cp >> 8), u[1] = (unsigned char)cp;
			hex_bytes(b, u, 2);
		}
	}
	vx_buf_addc(b, '>');
	return 0;
}

struct newobj {
	long long num;
	int gen;
	size_t off;
};

static int cmp_newobj(const void *a, const void *b)
{
	const struct newobj *x = a, *y = b;
	return (x->num > y->num) - (x->num < y->num);
}

/* ---- CMS ------------------------------------------------------------------------------ */

static void ssl_err(struct vx_err *err, int code, const char *what)
{
	char buf[256] = "";
	unsigned long e = ERR_peek_last_error();
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	vx_err_set(err, code, "%s%s%s", what, buf[0] ? ": " : "", buf);
}

static int cmp_der(const void *a, const void *b)
{
	const struct {
		unsigned char *d;
		int n;
	} *x = a, *y = b;
	int m = x->n < y->n ? x->n : y->n, r = memcmp(x->d, y->d, (size_t)m);
	return r ? r : x->n - y->n;
}

/* Drop signingTime from the signer's attributes and sign the remaining set again
 * (OpenSSL 3.0 has no CMS_NO_SIGNING_TIME; engineering.md §2.4). */
static int pades_resign(CMS_SignerInfo *si, EVP_PKEY *pkey)
{
	int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (idx >= 0)
		X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, idx));
	int n = CMS_signed_get_attr_count(si), ok = -1;
	struct {
		unsigned char *d;
		int n;
	} *enc = vx_calloc((size_t)(n > 0 ? n : 1), sizeof(*enc));
	size_t total = 0;
	unsigned char *set = NULL, *sig = NULL;
	EVP_MD_CTX *md = NULL;
	for (int i = 0; i < n; i++) {
		enc[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &enc[i].d);
		if (enc[i].n <= 0)
			goto out;
		total += (size_t)enc[i].n;
	}
	qsort(enc, (size_t)n, sizeof(*enc), cmp_der);
	set = vx_malloc(total + 6);
	size_t h = 0;
	set[h++] = 0x31;
	if (total < 0x80) {
		set[h++] = (unsigned char)total;
	} else if (total < 0x100) {
		set[h++] = 0x81, set[h++] = (unsigned char)total;
	} else if (total < 0x10000) {
		set[h++] = 0x82, set[h++] = (unsigned char)(total >> 8),
		set[h++] = (unsigned char)total;
	} else {
		goto out;
	}
	for (int i = 0; i < n; i++) {
		memcpy(set + h, enc[i].d, (size_t)enc[i].n);
		h += (size_t)enc[i].n;
	}
	size_t siglen = 0;
	md = EVP_MD_CTX_new();
	if (!md || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pkey) != 1 ||
	    EVP_DigestSign(md, NULL, &siglen, set, h) != 1)
		goto out;
	sig = vx_malloc(siglen);
	if (EVP_DigestSign(md, sig, &siglen, set, h) != 1 ||
	    ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen) != 1)
		goto out;
	ok = 0;
out:
	for (int i = 0; i < n; i++)
		OPENSSL_free(enc[i].d);
	free(enc);
	free(set);
	free(sig);
	EVP_MD_CTX_free(md);
	return ok;
}

/* DER of a detached CMS over data[0..a) + data[b..n). */
static int build_cms(const struct vx_sign_key *k, int pades, const char *data, size_t n, size_t a,
                     size_t b, unsigned char **der, int *der_len, struct vx_err *err)
{
	int rc = VX_EINVAL;
	BIO *in = BIO_new(BIO_s_mem());
	CMS_ContentInfo *cms = NULL;
	if (!in)
		vx_oom();
	if (BIO_write(in, data, (int)a) != (int)a ||
	    BIO_write(in, data + b, (int)(n - b)) != (int)(n - b)) {
		ssl_err(err, VX_EINVAL, "cannot buffer the signed ranges");
		goto out;
	}
	if (!pades) {
		cms = CMS_sign(k->cert, k->pkey, k->chain, in, CMS_DETACHED | CMS_BINARY);
		if (!cms) {
			ssl_err(err, VX_EINVAL, "CMS signing failed");
			goto out;
		}
	} else {
		unsigned flags =
		    CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES;
		CMS_SignerInfo *si;
		cms = CMS_sign(NULL, NULL, k->chain, NULL, flags);
		if (!cms || !(si = CMS_add1_signer(cms, k->cert, k->pkey, EVP_sha256(), flags)) ||
		    CMS_final(cms, in, NULL, flags) != 1 || pades_resign(si, k->pkey) < 0) {
			ssl_err(err, VX_EINVAL, "CAdES signing failed");
			goto out;
		}
	}
	*der = NULL;
	*der_len = i2d_CMS_ContentInfo(cms, der);
	if (*der_len <= 0) {
		ssl_err(err, VX_EINVAL, "cannot encode the CMS");
		goto out;
	}
	rc = 0;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

/* ---- signing -------------------------------------------------------------------------- */

int vx_sign_pdf(const char *in_data, size_t in_len, const struct vx_sign_key *k,
                const struct vx_sign_opts *o, char **out, size_t *out_len, struct vx_err *err)
{
	struct doc d;
	struct vx_buf b;
	struct val catalog, page = {0}, v;
	long long pnum = 0;
	int pgen = 0, rc;
	unsigned char *der = NULL;
	int der_len = 0;
	static const char *const skip_catalog[] = {"/AcroForm", NULL};
	static const char *const skip_page[] = {"/Annots", NULL};

	*out = NULL;
	*out_len = 0;
	vx_buf_init(&b);
	if (!k || !o)
		return vx_err_set(err, VX_EUSAGE, "no key or options given");
	if ((rc = doc_open(&d, in_data, in_len, err)) < 0)
		goto out;
	const struct pdf *p = &d.p;
	if ((rc = doc_dict(&d, d.root.num, d.root.gen, &catalog, err)) < 0)
		goto out;
	if (dict_get(p, catalog.start, "/AcroForm", &v) != 0) {
		rc = vx_err_set(err, VX_EUNSUPPORTED,
		                "documents that already have an /AcroForm are not supported");
		goto out;
	}
	if ((rc = first_page(&d, &catalog, &page, &pnum, &pgen, err)) < 0)
		goto out;
	/* Existing annotations, resolved when indirect. */
	struct val annots;
	int has_annots = dict_get(p, page.start, "/Annots", &annots);
	if (has_annots < 0) {
		rc = vx_err_set(err, VX_EINVAL, "malformed page object %lld", pnum);
		goto out;
	}
	if (has_annots && annots.kind == V_REF &&
	    (rc = doc_object(&d, annots.num, annots.gen, &annots, err)) < 0)
		goto out;
	if (has_annots && annots.kind != V_ARRAY) {
		rc = vx_err_set(err, VX_EINVAL, "/Annots of page %lld is not an array", pnum);
		goto out;
	}
	if (in_len > VX_SIGN_MAX_INPUT) { /* BIO_write takes int lengths */
		rc = vx_err_set(err, VX_ELIMIT,
		                "input of %zu bytes exceeds the %d MiB signing limit", in_len,
		                VX_SIGN_MAX_INPUT >> 20);
		goto out;
	}

	long long sig = d.size, field = d.size + 1, form = d.size + 2;
	struct newobj objs[5] = {
	    {sig, 0, 0}, {field, 0, 0}, {form, 0, 0}, {d.root.num, d.root.gen, 0}, {pnum, pgen, 0}};
	vx_buf_add(&b, in_data, in_len);
	if (in_data[in_len - 1] != '\n' && in_data[in_len - 1] != '\r')
		vx_buf_addc(&b, '\n');

	/* 1. signature dictionary */
	objs[0].off = b.len;
	vx_buf_printf(&b, "%lld 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /%s\n", sig,
	              o->pades ? "ETSI.CAdES.detached" : "adbe.pkcs7.detached");
	vx_buf_adds(&b, "/ByteRange [");
	size_t br_at = b.len;
	vx_buf_adds(&b, "0 0000000000 0000000000 0000000000]\n/Contents ");
	size_t ca = b.len;
	vx_buf_addc(&b, '<');
	for (int i = 0; i < HEX_RESERVE; i++)
		vx_buf_addc(&b, '0');
	vx_buf_addc(&b, '>');
	size_t cb = b.len;
	time_t tt = (time_t)o->signing_time;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		rc = vx_err_set(err, VX_EINVAL, "invalid signing time %lld", o->signing_time);
		goto out;
	}
	vx_buf_printf(&b, "\n/M (D:%04d%02d%02d%02d%02d%02d+00'00')", tm.tm_year + 1900,
	              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	const char *keys[] = {"/Reason", "/Location", "/Name"};
	const char *vals[] = {o->reason, o->location, o->name};
	for (int i = 0; i < 3; i++) {
		if (!vals[i])
			continue;
		vx_buf_printf(&b, "\n%s ", keys[i]);
		if ((rc = add_text(&b, vals[i], err)) < 0)
			goto out;
	}
	vx_buf_adds(&b, ">>\nendobj\n");

	/* 2. merged field and widget, 3. AcroForm */
	objs[1].off = b.len;
	vx_buf_printf(&b,
	              "%lld 0 obj\n<</Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) "
	              "/V %lld 0 R /P %lld %d R /Rect [0 0 0 0] /F 132>>\nendobj\n",
	              field, sig, pnum, pgen);
	objs[2].off = b.len;
	vx_buf_printf(&b, "%lld 0 obj\n<</Fields [%lld 0 R] /SigFlags 3>>\nendobj\n", form, field);

	/* 4. catalog with /AcroForm */
	objs[3].off = b.len;
	vx_buf_printf(&b, "%lld %d obj\n<<", d.root.num, d.root.gen);
	if (dict_copy_except(p, catalog.start, skip_catalog, &b) < 0) {
		rc = vx_err_set(err, VX_EINVAL, "malformed catalog");
		goto out;
	}
	vx_buf_printf(&b, "/AcroForm %lld 0 R>>\nendobj\n", form);

	/* 5. first page with /Annots extended */
	objs[4].off = b.len;
	vx_buf_printf(&b, "%lld %d obj\n<<", pnum, pgen);
	if (dict_copy_except(p, page.start, skip_page, &b) < 0) {
		rc = vx_err_set(err, VX_EINVAL, "malformed page object %lld", pnum);
		goto out;
	}
	vx_buf_adds(&b, "/Annots [");
	if (has_annots) /* the old elements, without the brackets */
		vx_buf_add(&b, in_data + annots.start + 1, annots.end - annots.start - 2);
	vx_buf_printf(&b, " %lld 0 R]>>\nendobj\n", field);

	/* 6. xref section, sorted subsections of consecutive numbers */
	size_t xref_at = b.len;
	qsort(objs, 5, sizeof(objs[0]), cmp_newobj);
	vx_buf_adds(&b, "xref\n");
	for (int i = 0; i < 5;) {
		int j = i + 1;
		while (j < 5 && objs[j].num == objs[j - 1].num + 1)
			j++;
		vx_buf_printf(&b, "%lld %d\n", objs[i].num, j - i);
		for (; i < j; i++)
			vx_buf_printf(&b, "%010zu %05d n\r\n", objs[i].off, objs[i].gen);
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(in_data, in_len, md, &mdlen, EVP_sha256(), NULL);
	vx_buf_printf(&b, "trailer\n<</Size %lld /Root %lld %d R", d.size + 3, d.root.num,
	              d.root.gen);
	if (d.has_info)
		vx_buf_printf(&b, " /Info %lld %d R", d.info.num, d.info.gen);
	vx_buf_printf(&b, " /Prev %zu /ID [", d.startxref);
	struct val id0;
	size_t ip = d.id.start + 1;
	if (d.has_id && parse_value(p, &ip, &id0, 1) == 0 && id0.kind == V_STR) {
		vx_buf_add(&b, in_data + id0.start, id0.end - id0.start);
	} else {
		vx_buf_addc(&b, '<');
		hex_bytes(&b, md, 16);
		vx_buf_addc(&b, '>');
	}
	vx_buf_addc(&b, '<');
	hex_bytes(&b, md + 16, 16);
	vx_buf_printf(&b, ">]>>\nstartxref\n%zu\n%%%%EOF", xref_at);

	/* Patch /ByteRange, then sign the ranges and write the hex CMS into the gap. */
	char br[64];
	size_t brw = strlen("0 0000000000 0000000000 0000000000");
	int l = snprintf(br, sizeof br, "0 %zu %zu %zu", ca, cb, b.len - cb);
	if (l < 0 || (size_t)l > brw) {
		rc = vx_err_set(err, VX_ELIMIT, "byte range does not fit its placeholder");
		goto out;
	}
	memset(b.data + br_at, ' ', brw);
	memcpy(b.data + br_at, br, (size_t)l);
	if ((rc = build_cms(k, o->pades, b.data, b.len, ca, cb, &der, &der_len, err)) < 0)
		goto out;
	if ((size_t)der_len * 2 > HEX_RESERVE) {
		rc = vx_err_set(err, VX_ELIMIT,
		                "signature of %d bytes does not fit the %d bytes reserved", der_len,
		                VX_SIGN_CMS_RESERVE);
		goto out;
	}
	static const char hx[] = "0123456789ABCDEF";
	for (int i = 0; i < der_len; i++) {
		b.data[ca + 1 + 2 * (size_t)i] = hx[der[i] >> 4];
		b.data[ca + 2 + 2 * (size_t)i] = hx[der[i] & 15];
	}
	*out_len = b.len;
	*out = vx_buf_detach(&b);
	rc = 0;
out:
	OPENSSL_free(der);
	vx_buf_release(&b);
	doc_release(&d);
	return rc;
}

/* ---- keys ----------------------------------------------------------------------------- */

static BIO *pem_bio(const char *src)
{
	if (strncmp(src, "-----BEGIN", 10) == 0)
		return BIO_new_mem_buf(src, -1);
	return BIO_new_file(src, "rb");
}

static const char *pem_label(const char *src)
{
	return strncmp(src, "-----BEGIN", 10) == 0 ? "PEM text" : vx_str_quote(src, 200);
}

/* Certificates from src appended to *sk (created when NULL); at least one required. */
static int load_certs(const char *src, STACK_OF(X509) * *sk, struct vx_err *err)
{
	BIO *in = pem_bio(src);
	X509 *x;
	int n = 0;
	if (!in) {
		ERR_clear_error();
		return vx_err_set(err, VX_EIO, "cannot read certificates from %s", pem_label(src));
	}
	if (!*sk && !(*sk = sk_X509_new_null()))
		vx_oom();
	while ((x = PEM_read_bio_X509(in, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(*sk, x))
			vx_oom();
		n++;
	}
	ERR_clear_error();
	BIO_free(in);
	if (n == 0)
		return vx_err_set(err, VX_EINVAL, "no PEM certificate in %s", pem_label(src));
	return 0;
}

int vx_sign_key_load_pem(const char *key_pem, const char *cert_pem, const char *chain_pem,
                         const char *passphrase, struct vx_sign_key **out, struct vx_err *err)
{
	struct vx_sign_key *k = vx_calloc(1, sizeof(*k));
	STACK_OF(X509) *certs = NULL;
	BIO *in = NULL;
	int rc = VX_EINVAL;
	*out = NULL;
	if (!key_pem || !cert_pem) {
		rc = vx_err_set(err, VX_EUSAGE, "key and certificate are required");
		goto out;
	}
	if (!(in = pem_bio(key_pem))) {
		ERR_clear_error();
		rc = vx_err_set(err, VX_EIO, "cannot read key from %s", pem_label(key_pem));
		goto out;
	}
	k->pkey = PEM_read_bio_PrivateKey(in, NULL, NULL, (void *)(passphrase ? passphrase : ""));
	if (!k->pkey) {
		char what[300];
		snprintf(what, sizeof what, "cannot load private key from %s", pem_label(key_pem));
		ssl_err(err, VX_EINVAL, what);
		rc = VX_EINVAL;
		goto out;
	}
	if ((rc = load_certs(cert_pem, &certs, err)) < 0)
		goto out;
	k->cert = sk_X509_shift(certs);
	if (X509_check_private_key(k->cert, k->pkey) != 1) {
		ERR_clear_error();
		rc = vx_err_set(err, VX_EINVAL, "private key does not match certificate %s",
		                pem_label(cert_pem));
		goto out;
	}
	k->chain = certs; /* extra certificates in the cert file count as chain */
	certs = NULL;
	if (chain_pem && (rc = load_certs(chain_pem, &k->chain, err)) < 0)
		goto out;
	*out = k;
	k = NULL;
	rc = 0;
out:
	BIO_free(in);
	sk_X509_pop_free(certs, X509_free);
	vx_sign_key_free(k);
	return rc;
}

static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

int vx_sign_key_load_p12(const char *path, const char *chain_pem, const char *passphrase,
                         struct vx_sign_key **out, struct vx_err *err)
{
	struct vx_sign_key *k = vx_calloc(1, sizeof(*k));
	char *data = NULL;
	size_t len = 0;
	const unsigned char *p;
	PKCS12 *p12 = NULL;
	int rc;
	*out = NULL;
	if ((rc = vx_file_read(path, (size_t)1 << 20, &data, &len, err)) < 0)
		goto out;
	p = (const unsigned char *)data;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	if (!p12) {
		char what[300];
		snprintf(what, sizeof what, "%s: not a PKCS#12 file", path);
		ssl_err(err, VX_EINVAL, what);
		rc = VX_EINVAL;
		goto out;
	}
	if (!PKCS12_parse(p12, passphrase ? passphrase : "", &k->pkey, &k->cert, &k->chain)) {
		char what[300];
		snprintf(what, sizeof what,
		         "%s: cannot open the PKCS#12 file (wrong passphrase, or an algorithm "
		         "OpenSSL 3 no longer enables by default)",
		         path);
		ssl_err(err, VX_EINVAL, what);
		rc = VX_EINVAL;
		goto out;
	}
	if (!k->pkey || !k->cert) {
		rc = vx_err_set(err, VX_EINVAL, "%s: the PKCS#12 file holds no key and certificate",
		                path);
		goto out;
	}
	if (!k->chain && !(k->chain = sk_X509_new_null()))
		vx_oom();
	if (X509_check_private_key(k->cert, k->pkey) != 1) {
		ERR_clear_error();
		rc = vx_err_set(err, VX_EINVAL, "%s: the key does not match the certificate", path);
		goto out;
	}
	if (chain_pem && (rc = load_certs(chain_pem, &k->chain, err)) < 0)
		goto out;
	*out = k;
	k = NULL;
	rc = 0;
out:
	PKCS12_free(p12);
	free(data);
	vx_sign_key_free(k);
	return rc;
}

void vx_sign_key_subject(const struct vx_sign_key *k, char *out, size_t size)
{
	BIO *mb = BIO_new(BIO_s_mem());
	char *s;
	long n;
	if (!mb)
		vx_oom();
	X509_NAME_print_ex(mb, X509_get_subject_name(k->cert), 0, XN_FLAG_RFC2253);
	n = BIO_get_mem_data(mb, &s);
	copy_field(out, size, s, n > 0 ? (size_t)n : 0);
	BIO_free(mb);
}

void vx_sign_key_free(struct vx_sign_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	X509_free(k->cert);
	sk_X509_pop_free(k->chain, X509_free);
	free(k);
}

/* ---- verification --------------------------------------------------------------------- */

/* The signature dictionary holding the last "/ByteRange": "<<" after its "N G obj". */
static int find_sig_dict(const struct pdf *p, size_t *dict)
{
	static const char br[] = "/ByteRange", ob[] = "obj";
	size_t i = p->n;
	while (i-- > 0)
		if (p->n - i >= sizeof br - 1 && memcmp(p->s + i, br, sizeof br - 1) == 0)
			break;
	if (i == (size_t)-1)
		return 0;
	size_t lo = i > 65536 ? i - 65536 : 0;
	while (i-- > lo) {
		if (memcmp(p->s + i, ob, 3) == 0 && i + 3 < p->n &&
		    (i == 0 || is_ws((unsigned char)p->s[i - 1]))) {
			size_t pos = i + 3;
			struct tok t;
			if (lex(p, &pos, &t) == 0 && t.kind == T_DOPEN) {
				*dict = t.start;
				return 1;
			}
		}
		if (i == 0)
			break;
	}
	return -1;
}


static BIO *ranges_bio(const char *data, size_t a, size_t b, size_t n)
{
	BIO *in = BIO_new(BIO_s_mem());
	if (!in)
		vx_oom();
	if (BIO_write(in, data, (int)a) != (int)a ||
	    (n > b && BIO_write(in, data + b, (int)(n - b)) != (int)(n - b)))
		vx_oom();
	return in;
}

/* OpenSSL 3.0's CMS_verify copies a memory BIO into a temporary one and leaks the copy
 * when CMS_dataInit fails (an unknown digest algorithm in a tampered SignedData). Run the
 * same set-up first and refuse such a CMS before CMS_verify sees it. */
static bool content_digests_ok(CMS_ContentInfo *cms, BIO *in)
{
	BIO *chain = CMS_dataInit(cms, in);
	if (!chain)
		return false;
	while (chain && chain != in) {
		BIO *next = BIO_pop(chain);
		BIO_free(chain);
		chain = next;
	}
	return true;
}

/* --- strict CMS structure ------------------------------------------------------------------
 * The CMS signs the signed attributes, not the whole SignedData: its version fields, the
 * encapsulated content type and the signature algorithm's parameters could change without
 * breaking the signature. A signed dossier must not change in any byte, so these are held
 * to the only values a detached PDF signature has. */

/* DER header at p (n bytes available): *hl = header length, *cl = content length. */
static int der_hdr(const unsigned char *p, size_t n, size_t *hl, size_t *cl)
{
	size_t len, k;
	if (n < 2)
		return -1;
	if (p[1] < 0x80) {
		*hl = 2;
		len = p[1];
	} else {
		k = p[1] & 0x7f;
		if (k == 0 || k > 4 || n < 2 + k)
			return -1;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | p[2 + i];
		*hl = 2 + k;
	}
	if (len > n - *hl)
		return -1;
	*cl = len;
	return 0;
}

/* The versions of SignedData and of its first SignerInfo (RFC 5652: 1 or 3 for a signer
 * named by issuer and serial or by key identifier); -1 when the structure is not the
 * expected one. */
static int der_versions(const unsigned char *p, size_t n, long *sd, long *si)
{
	size_t hl, cl;
	/* ContentInfo SEQUENCE { OID, [0] { SignedData SEQUENCE { ... } } } */
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x30)
		return -1;
	p += hl, n = cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x06)
		return -1;
	p += hl + cl, n -= hl + cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0xa0)
		return -1;
	p += hl, n = cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x30)
		return -1;
	p += hl, n = cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x02 || cl != 1)
		return -1;
	*sd = p[hl];
	p += hl + cl, n -= hl + cl;
	/* digestAlgorithms SET, encapContentInfo SEQUENCE, [0] certificates?, [1] crls? */
	{
		static const unsigned char expect[] = {0x31, 0x30, 0xa0, 0xa1};
		static const bool optional[] = {false, false, true, true};
		for (int k = 0; k < 4; k++) {
			if (n == 0 || p[0] != expect[k]) {
				if (optional[k])
					continue;
				return -1;
			}
			if (der_hdr(p, n, &hl, &cl) < 0)
				return -1;
			p += hl + cl, n -= hl + cl;
		}
	}
	/* signerInfos SET { SignerInfo SEQUENCE { INTEGER version, ... } } */
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x31)
		return -1;
	p += hl, n = cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x30)
		return -1;
	p += hl, n = cl;
	if (der_hdr(p, n, &hl, &cl) < 0 || p[0] != 0x02 || cl != 1)
		return -1;
	*si = p[hl];
	return 0;
}

static bool cms_strict(CMS_ContentInfo *cms, CMS_SignerInfo *si, const unsigned char *der,
		       size_t nder)
{
	X509_ALGOR *sigalg = NULL;
	const ASN1_OBJECT *obj;
	const void *pval;
	int ptype;
	long vsd = -1, vsi = -1;

	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data)
		return false;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, NULL, &sigalg);
	if (!sigalg)
		return false;
	X509_ALGOR_get0(&obj, &ptype, &pval, sigalg);
	/* RSA PKCS#1 v1.5 has NULL parameters; ECDSA has none */
	if (ptype != V_ASN1_NULL && ptype != V_ASN1_UNDEF)
		return false;
	if (der_versions(der, nder, &vsd, &vsi) < 0)
		return false;
	return (vsd == 1 || vsd == 3) && (vsi == 1 || vsi == 3);
}

int vx_sign_verify(const char *data, size_t len, const char *ca_pem, struct vx_sign_report *r,
                   struct vx_err *err)
{
	struct pdf p = {data, len};
	struct val v;
	size_t dict;
	long long br[4];
	unsigned char *der = NULL;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *certs = NULL, *cas = NULL;
	X509_STORE *store = NULL;
	BIO *in = NULL;
	int rc = VX_EINVAL;

	memset(r, 0, sizeof(*r));
	/* No header check: a flipped first byte must show as a digest mismatch. */
	if (!data || len == 0)
		return vx_err_set(err, VX_EINVAL, "empty input");
	if (len > 0x7fffffff)
		return vx_err_set(err, VX_ELIMIT, "file too large to verify");
	int f = find_sig_dict(&p, &dict);
	if (f == 0)
		return 0;
	if (f < 0 || dict_get(&p, dict, "/ByteRange", &v) != 1 || v.kind != V_ARRAY)
		return vx_err_set(err, VX_EINVAL, "malformed signature dictionary");
	r->signed_ = 1;
	size_t pos = v.start + 1;
	for (int i = 0; i < 4; i++) {
		struct tok t;
		if (lex(&p, &pos, &t) < 0 || (br[i] = tok_uint(&p, &t)) < 0)
			return vx_err_set(err, VX_EINVAL, "malformed /ByteRange");
	}
	if (br[0] != 0 || br[1] < 2 || br[2] < br[1] + 2 || (size_t)br[2] > len ||
	    (size_t)br[3] > len - (size_t)br[2])
		return vx_err_set(err, VX_EINVAL, "/ByteRange outside the file");
	size_t a = (size_t)br[1], b = (size_t)br[2], end = b + (size_t)br[3];
	r->whole_file_covered = end == len;
	if (dict_get(&p, dict, "/SubFilter", &v) == 1 && v.kind == V_NAME)
		copy_field(r->subfilter, sizeof r->subfilter, data + v.start + 1,
		           v.end - v.start - 1);
	if (data[a] != '<' || data[b - 1] != '>')
		return vx_err_set(err, VX_EINVAL, "/ByteRange gap is not the /Contents string");
	size_t nhex = b - a - 2, nder = 0;
	bool upper = false, lower = false;
	der = vx_malloc(nhex / 2 + 1);
	/* The /Contents string is the one part of the file outside the signed ranges, so
	 * every byte of it must be accounted for: hex in one case only (a flipped letter case
	 * would decode to the same signature) and nothing but zero padding after the DER. */
	for (size_t i = a + 1; i + 1 < b; i++) {
		upper = upper || (data[i] >= 'A' && data[i] <= 'F');
		lower = lower || (data[i] >= 'a' && data[i] <= 'f');
	}
	if (upper && lower) {
		rc = vx_err_set(err, VX_EINVAL,
				"/Contents mixes upper- and lower-case hex: the signature was altered");
		goto out;
	}
	if (nhex % 2) {
		rc = vx_err_set(err, VX_EINVAL, "/Contents has an odd number of hex digits");
		goto out;
	}
	for (size_t i = a + 1; i + 2 < b; i += 2) {
		int hi = vx_hexval((unsigned char)data[i]), lo = vx_hexval((unsigned char)data[i + 1]);
		if (hi < 0 || lo < 0) {
			rc = vx_err_set(err, VX_EINVAL, "/Contents is not hex");
			goto out;
		}
		der[nder++] = (unsigned char)(hi << 4 | lo);
	}
	const unsigned char *dp = der;
	if (!(cms = d2i_CMS_ContentInfo(NULL, &dp, (long)nder))) {
		ssl_err(err, VX_EINVAL, "cannot decode the CMS signature");
		rc = VX_EINVAL;
		goto out;
	}
	for (size_t i = (size_t)(dp - der); i < nder; i++)
		if (der[i] != 0) {
			rc = vx_err_set(err, VX_EINVAL,
					"/Contents holds data after the signature: the file was "
					"altered");
			goto out;
		}
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si =
	    sis && sk_CMS_SignerInfo_num(sis) > 0 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
	if (!si) {
		rc = vx_err_set(err, VX_EINVAL, "CMS signature has no signer");
		goto out;
	}
	/* digest over the ranges against the messageDigest attribute */
	X509_ALGOR *dalg = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dalg, NULL);
	const EVP_MD *mdt = dalg ? EVP_get_digestbyobj(dalg->algorithm) : NULL;
	ASN1_OCTET_STRING *mdattr = CMS_signed_get0_data_by_OBJ(
	    si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (mdt && mdattr) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		if (!c)
			vx_oom();
		if (EVP_DigestInit_ex(c, mdt, NULL) == 1 && EVP_DigestUpdate(c, data, a) == 1 &&
		    EVP_DigestUpdate(c, data + b, end - b) == 1 &&
		    EVP_DigestFinal_ex(c, md, &mdlen) == 1)
			r->digest_ok = (int)mdlen == ASN1_STRING_length(mdattr) &&
			               memcmp(md, ASN1_STRING_get0_data(mdattr), mdlen) == 0;
		EVP_MD_CTX_free(c);
	}
	/* signer and signing time */
	certs = CMS_get1_certs(cms);
	for (int i = 0; certs && i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		if (CMS_SignerInfo_cert_cmp(si, x) == 0) {
			BIO *mb = BIO_new(BIO_s_mem());
			char *s;
			long n;
			if (!mb)
				vx_oom();
			X509_NAME_print_ex(mb, X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
			n = BIO_get_mem_data(mb, &s);
			copy_field(r->signer, sizeof r->signer, s, n > 0 ? (size_t)n : 0);
			BIO_free(mb);
			break;
		}
	}
	int ti = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	ASN1_TYPE *at = ti >= 0 ? X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, ti), 0) : NULL;
	struct tm tm;
	if (at && (at->type == V_ASN1_UTCTIME || at->type == V_ASN1_GENERALIZEDTIME) &&
	    ASN1_TIME_to_tm(at->value.utctime, &tm) == 1) {
		strftime(r->signing_time, sizeof r->signing_time, "%Y-%m-%dT%H:%M:%SZ", &tm);
	} else if (dict_get(&p, dict, "/M", &v) == 1 && v.kind == V_STR && v.end - v.start >= 17 &&
	           memcmp(data + v.start, "(D:", 3) == 0) {
		const char *m = data + v.start + 3;
		snprintf(r->signing_time, sizeof r->signing_time, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ",
		         m, m + 4, m + 6, m + 8, m + 10, m + 12);
	}
	/* Every embedded certificate must verify with its issuer's key. */
	if (ca_pem && (rc = load_certs(ca_pem, &cas, err)) < 0)
		goto out;
	r->certs_ok = certs && sk_X509_num(certs) > 0;
	for (int i = 0; r->certs_ok && i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		EVP_PKEY *ik = X509_check_issued(x, x) == X509_V_OK ? X509_get0_pubkey(x) : NULL;
		for (int j = 0; !ik && j < sk_X509_num(certs); j++)
			if (j != i && X509_check_issued(sk_X509_value(certs, j), x) == X509_V_OK)
				ik = X509_get0_pubkey(sk_X509_value(certs, j));
		for (int j = 0; !ik && cas && j < sk_X509_num(cas); j++)
			if (X509_check_issued(sk_X509_value(cas, j), x) == X509_V_OK)
				ik = X509_get0_pubkey(sk_X509_value(cas, j));
		r->certs_ok = ik && X509_verify(x, ik) == 1;
	}
	ERR_clear_error();
	/* the CMS signature itself, then the chain */
	unsigned flags = CMS_DETACHED | CMS_BINARY;
	if (!(store = X509_STORE_new()))
		vx_oom();
	in = ranges_bio(data, a, b, end);
	r->signature_ok = content_digests_ok(cms, in) &&
	    CMS_verify(cms, NULL, store, in, NULL, flags | CMS_NO_SIGNER_CERT_VERIFY) == 1 &&
	    cms_strict(cms, si, der, nder);
	ERR_clear_error();
	BIO_free(in);
	in = NULL;
	if (ca_pem) {
		for (int i = 0; i < sk_X509_num(cas); i++)
			X509_STORE_add_cert(store, sk_X509_value(cas, i));
		in = ranges_bio(data, a, b, end);
		r->chain_ok = r->signature_ok && CMS_verify(cms, NULL, store, in, NULL, flags) == 1;
		ERR_clear_error();
	}
	rc = 0;
out:
	BIO_free(in);
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_pop_free(cas, X509_free);
	CMS_ContentInfo_free(cms);
	free(der);
	return rc;
}
