/* src/import/nvd.c - NVD CVE API 2.0 reader: a yajl stream, one record in memory at a time.
 *
 * Reads a paged API response {..., "vulnerabilities": [{"cve": {...}}, ...]} or one bare cve
 * object (the per-CVE mirror files) from a pull source, chunk by chunk. A small state machine
 * over the yajl events finds each cve object; inside it, a stack of frames says what each open
 * container is (the cve, descriptions[], metrics.cvssMetricV31[], configurations[].nodes[]
 * .cpeMatch[], ...), so the members the record needs are copied straight into its struct
 * vx_vuln as they stream by, and every other subtree is skipped by depth. When the object
 * closes, the record goes to the callback and is freed. Everything else in the response is
 * skipped too, so memory stays at one record (bounded by VX_FEED_MAX_RECORD) however large
 * the file. Before yajl sees a chunk, a byte scan bounds the length of any single token,
 * because yajl buffers a token that spans chunks.
 *
 * The checks answer as if the whole record were read into a tree first and then checked in
 * a fixed order: id, published, lastModified, vulnStatus, descriptions, weaknesses, metrics,
 * references, configurations, the cisa* fields, and within an element its own members before
 * its children. Each problem found while streaming is ranked by its place in that order, the
 * first one in that order is kept, and the record is refused when it closes. Of a member name
 * given twice the first counts, as in a tree lookup (only the metric lists are taken each
 * time, in order). Errors inside a record name its JSON path
 * ("vulnerabilities[12].cve.published"), formatted only when there is an error; errors of the
 * stream (syntax, limits) name the line and column and win over the record's own. Matching
 * and storage are left to others.
 */
#include "import/feed.h"
#include "import/feed_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/time.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* yajl buffers a token that spans chunks: a raw string this long decodes to more than
 * VX_FEED_MAX_STRING bytes whatever its escapes, so it can be refused before yajl holds it. */
#define RAW_TOKEN_MAX (6 * VX_FEED_MAX_STRING + 16)

/* What VX_FEED_MAX_RECORD counts per JSON value: a parsed tree node and its overhead (96 on
 * LP64, the same count as when records were read into cJSON trees, so the same records
 * are refused), plus its member name and string bytes. */
#define NODE_BYTES 96

/* The JSON type of a value, for "expected a string, found number". */
enum jt { JT_NOTHING, JT_STRING, JT_NUMBER, JT_BOOL, JT_NULL, JT_ARRAY, JT_OBJECT };

static const char *const jt_name[] = {"nothing", "string", "number", "boolean",
                                      "null",    "array",  "object"};

/* One value event: a scalar, or a container being opened. */
struct ev {
	enum jt t;
	const char *s; /* JT_STRING (decoded) or JT_NUMBER (as written); not terminated */
	size_t n;
	int b; /* JT_BOOL */
};

/* What an open container of the record is. */
enum ctx {
	X_SKIP,                             /* of no interest, and everything inside it */
	X_CVE,                              /* the cve object (or the page, see rec.root) */
	X_DESCS, X_DESC,                    /* descriptions[], one element */
	X_WEAKS, X_WEAK, X_WDESCS, X_WDESC, /* weaknesses[], [i], [i].description[], [i][j] */
	X_METRICS, X_MLIST, X_METRIC, X_DATA, /* metrics, .cvssMetricV*[], [k], [k].cvssData */
	X_REFS, X_REF,                      /* references[], one element */
	X_CONFS, X_CONF, X_NODES, X_NODE,   /* configurations[], [i], [i].nodes[], [i][j] */
	X_MATCHES, X_MATCH,                 /* ...nodes[j].cpeMatch[], [k] */
};

/* Member names of interest (one bit each in frame.seen, so fewer than 64). */
enum field {
	F_NONE, /* skipped: unknown, or given before */
	F_ID, F_PUBLISHED, F_LASTMOD, F_STATUS, F_DESCS, F_WEAKS, F_METRICS, F_REFS, F_CONFS,
	F_KEV_ADD, F_KEV_DUE, F_KEV_ACTION, F_KEV_NAME,
	F_FORMAT, F_TIMESTAMP, /* the page (root only) */
	F_LANG, F_VALUE, F_WDESC,
	F_MLIST, /* every metric list, not only the first */
	F_SOURCE, F_TYPE, F_DATA, F_SEVERITY, F_VERSION, F_VECTOR, F_SCORE,
	F_URL,
	F_OPERATOR, F_NEGATE, F_NODES, F_CPEMATCH,
	F_VULNERABLE, F_CRITERIA, F_MATCH_ID, F_START_INCL, F_START_EXCL, F_END_INCL, F_END_EXCL,
};

struct frame {
	unsigned char ctx;   /* enum ctx */
	bool obj;            /* an object: its values follow member names */
	unsigned char field; /* object: enum field of the member just named */
	uint64_t seen;       /* object: the fields named so far, one bit each */
	size_t n;            /* array: elements begun so far */
};

/* The order of the checks (see the file comment): a rank is a section and the indexes and
 * member positions below it, compared left to right; the lowest rank found is reported. */
enum section { S_ID = 1, S_PUB, S_MOD, S_STATUS, S_DESCS, S_WEAKS, S_METRICS, S_REFS,
	       S_CONFS, S_KEV };
#define RANK_LEN 7
#define K(...) ((const int[RANK_LEN]){__VA_ARGS__})

/* One record being read: a bare cve object or vulnerabilities[i].cve, or the page around
 * vulnerabilities[] (root), which is read as a record too until it proves to be a page. */
struct rec {
	struct frame st[VX_FEED_MAX_DEPTH + 1]; /* open containers, innermost last */
	int n;                                  /* entries in st */
	bool root;                              /* the document's root object */
	bool has_id;                            /* an "id" member was named (a bare cve) */
	size_t bytes;                           /* toward VX_FEED_MAX_RECORD (NODE_BYTES) */
	size_t keylen;                          /* length of the member name just read */
	struct vx_vuln v;                       /* the record; owned, vx_vuln_release() */
	struct vx_kev kev;                      /* the cisa* members; moved into v.kev */
	/* the element open in each array, for paths and ranks */
	size_t i_desc, i_weak, i_wdesc, i_mlist, i_metric, i_ref, i_conf, i_node, i_match;
	const char *mlist; /* name of the metric list open (static) */
	bool v2;           /* ... it is cvssMetricV2 (baseSeverity outside cvssData) */
	size_t nmlists;    /* metric lists begun */
	/* the element being read; owned, reset when it closes */
	char *lang, *value;    /* descriptions[i] (value only while no description is chosen) */
	struct vx_cvss cvss;   /* metrics...[k] */
	char *mtype;           /* metrics...[k].type */
	bool has_data;         /* metrics...[k].cvssData is an object */
	enum jt score_t;       /* type of cvssData.baseScore */
	double score;          /* its value when a number */
	char *url;             /* references[i].url */
	struct vx_cpe_match m; /* ...cpeMatch[k] */
	enum jt vuln_t;        /* type of cpeMatch[k].vulnerable */
	/* the page (root only) */
	char *format, *timestamp;
	enum jt format_t, timestamp_t;
	/* the first problem in check order */
	bool failed;
	int rank[RANK_LEN];
	struct vx_err err;
};

enum state {
	ST_TOP,   /* before the root value */
	ST_ROOT,  /* inside the root object: read into p->root */
	ST_VULNS, /* inside root.vulnerabilities[] */
	ST_ELEM,  /* inside an element of vulnerabilities[] */
	ST_REC,   /* inside vulnerabilities[i].cve: read into p->rec */
	ST_SKIP,  /* inside a value of an element that is not "cve" */
	ST_DONE,  /* after the root value */
};

struct nvd {
	yajl_handle h;
	enum state st;
	int depth;       /* maps and arrays open in the document */
	int skip_depth;  /* ST_SKIP ends when depth falls back to this */
	struct rec root; /* the root object (a bare cve, or the page's members) */
	struct rec rec;  /* the current vulnerabilities[i].cve */
	bool vulns_next; /* the root member just named is "vulnerabilities" */
	bool paged;      /* the root had a vulnerabilities array */
	bool cve_next;   /* the element member just named is "cve" */
	bool elem_has_cve; /* the current element had its cve */
	size_t index;      /* the current vulnerabilities[index] */
	/* position: the chunk being parsed and the line/column where it starts */
	const char *chunk;
	size_t chunklen;
	long line, col; /* of chunk[0], 1-based */
	size_t token;   /* scan: length of the token running at the chunk end */
	bool in_str;    /* scan: the chunk ended inside a string */
	bool esc;       /* scan: ... right after a backslash */
	size_t str_end; /* offset in the chunk after the string or member name read last */
	/* output */
	vx_feed_cb cb;
	void *ctx;
	size_t records;
	struct vx_err *err;
	int rc; /* set when a callback of ours cancelled the parse */
};

/* ---- Positions ------------------------------------------------------------------- */

/* Line and column of offset off inside the current chunk. */
static void chunk_position(const struct nvd *p, size_t off, long *line, long *col)
{
	long l = p->line, c = p->col;
	if (off > p->chunklen)
		off = p->chunklen;
	for (size_t i = 0; i < off; i++) {
		if (p->chunk[i] == '\n')
			l++, c = 1;
		else
			c++;
	}
	*line = l;
	*col = c;
}

/* Set an error at the current position of the parser (inside a yajl callback: just after
 * the token being reported). */
__attribute__((format(printf, 3, 4))) static int fail_here(struct nvd *p, int code, const char *fmt,
                                                           ...)
{
	char msg[sizeof(p->err->msg)];
	long line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	chunk_position(p, p->h ? yajl_get_bytes_consumed(p->h) : 0, &line, &col);
	p->rc = vx_err_set(p->err, code, "line %ld, column %ld: %s", line, col, msg);
	return 0;
}

static int token_too_long(struct nvd *p, size_t off)
{
	long line, col;
	chunk_position(p, off, &line, &col);
	return vx_err_set(p->err, VX_ELIMIT, "line %ld, column %ld: a value longer than %s", line,
	                  col, vx_size_text(VX_FEED_MAX_STRING));
}

/* Bound the length of every token in the chunk (see RAW_TOKEN_MAX); state carries over
 * between chunks. Inside strings it jumps with memchr. With head, it stops where the token
 * carried over from the previous chunk ends (*end, else the chunk length): a token that
 * starts in a chunk of at most VX_FEED_MAX_STRING bytes cannot pass a limit inside it, so
 * the rest of such a chunk needs no byte scan, and tail_state() finds the state at its end
 * once yajl has read it. This saves a pass over every byte of feeds of hundreds of MB. */
static int scan_chunk(struct nvd *p, bool head, size_t *end_)
{
	const char *c = p->chunk;
	size_t len = p->chunklen, tok = p->token, i = 0;
	bool in_str = p->in_str, esc = p->esc;

	while (i < len) {
		if (head && !in_str && tok == 0)
			break;
		if (in_str) {
			const char *q, *b;
			size_t end;
			if (esc) {
				esc = false;
				i++;
				tok++;
				continue;
			}
			q = memchr(c + i, '"', len - i);
			end = q ? (size_t)(q - c) : len;
			b = memchr(c + i, '\\', end - i);
			if (b)
				end = (size_t)(b - c);
			tok += end - i;
			if (tok > RAW_TOKEN_MAX)
				return token_too_long(p, end);
			i = end;
			if (b) {
				esc = true;
				i++;
				tok++;
			} else if (q) {
				in_str = false;
				tok = 0;
				i++;
			}
			continue;
		}
		switch (c[i]) {
		case '"':
			in_str = true;
			tok = 0;
			break;
		case '{':
		case '}':
		case '[':
		case ']':
		case ',':
		case ':':
		case ' ':
		case '\n':
		case '\t':
		case '\r':
			tok = 0;
			break;
		default:
			if (++tok > VX_FEED_MAX_STRING)
				return token_too_long(p, i);
		}
		i++;
	}
	p->token = tok;
	p->in_str = in_str;
	p->esc = esc;
	*end_ = i;
	return 0;
}

static bool delimiter(char ch)
{
	return ch == '"' || ch == ',' || ch == ':' || ch == '{' || ch == '}' || ch == '[' ||
	       ch == ']' || ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* The scan state at the end of a chunk that yajl has read without error, when the byte scan
 * stopped outside any token at offset x: the same state a scan of chunk[x..] would reach.
 * Backslashes occur only in strings and every string yajl finished was reported (str_end),
 * so the last unescaped quote either closed the string reported last or opens the string
 * running at the end; outside strings, the token running at the end is the run of bytes
 * after the last delimiter. */
static void tail_state(struct nvd *p, size_t x)
{
	const char *c = p->chunk;
	size_t len = p->chunklen, e = len, q = (size_t)-1, i;

	while (e > x) {
		size_t k = 0;
		while (e > x && c[e - 1] != '"')
			e--;
		if (e == x)
			break;
		while (e - 1 - k > x && c[e - 2 - k] == '\\')
			k++;
		if (k % 2 == 0) {
			q = e - 1;
			break;
		}
		e--;
	}
	if (q != (size_t)-1 && p->str_end != q + 1) {
		size_t b = 0;
		while (len - b > q + 1 && c[len - 1 - b] == '\\')
			b++;
		p->in_str = true;
		p->esc = b % 2 == 1;
		p->token = len - q - 1;
		return;
	}
	i = len;
	while (i > (q != (size_t)-1 ? q + 1 : x) && !delimiter(c[i - 1]))
		i--;
	p->in_str = false;
	p->esc = false;
	p->token = len - i;
}

/* Move the line/column of the chunk start past the chunk just parsed. */
static void advance_position(struct nvd *p)
{
	const char *c = p->chunk, *end = c + p->chunklen, *nl, *last = NULL;
	for (nl = c; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL; nl++) {
		p->line++;
		last = nl;
	}
	p->col = last ? (long)(end - last) : p->col + (long)p->chunklen;
}

/* ---- Records: building struct vx_vuln from the events ----------------------------- */

static char *dup_n(const char *s, size_t n)
{
	char *d = vx_malloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Room for one more element in an array of n: the capacity doubles at each power of two. */
static void *room(void *a, size_t n, size_t size)
{
	if (n & (n - 1))
		return a;
	return vx_realloc(a, (n ? 2 * n : 1) * size);
}

/* Append s (owned) to the list unless an equal string is there already. */
static void strv_add_unique(char ***v, size_t *n, char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	*v = room(*v, *n, sizeof(**v));
	(*v)[(*n)++] = s;
}

static void cvss_release(struct vx_cvss *c)
{
	free(c->version);
	free(c->vector);
	free(c->severity);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

static void match_release(struct vx_cpe_match *m)
{
	free(m->criteria);
	free(m->match_id);
	free(m->start_incl);
	free(m->start_excl);
	free(m->end_incl);
	free(m->end_excl);
	memset(m, 0, sizeof(*m));
}

static void kev_release(struct vx_kev *k)
{
	free(k->date_added);
	free(k->due_date);
	free(k->required_action);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

/* Free everything r holds and make it ready for a new record. */
static void rec_reset(struct rec *r, bool root)
{
	vx_vuln_release(&r->v);
	kev_release(&r->kev);
	free(r->lang);
	free(r->value);
	cvss_release(&r->cvss);
	free(r->mtype);
	free(r->url);
	match_release(&r->m);
	free(r->format);
	free(r->timestamp);
	memset(r, 0, offsetof(struct rec, err));
	r->root = root;
	r->v.source = VX_FEED_NVD;
}

/* ---- Record errors: ranked, formatted only when found ----------------------------- */

/* Whether a problem at rank k comes before the one kept so far; if so it is kept (the
 * caller then fills in r->err with where() and what()). */
static bool wins(struct rec *r, const int *k)
{
	if (r->failed) {
		int i = 0;
		while (i < RANK_LEN && k[i] == r->rank[i])
			i++;
		if (i == RANK_LEN || k[i] > r->rank[i])
			return false;
	}
	r->failed = true;
	memcpy(r->rank, k, sizeof(r->rank));
	return true;
}

/* The JSON path of the problem: the record's own ("vulnerabilities[12].cve", or "" for the
 * root) joined with fmt. */
__attribute__((format(printf, 3, 4))) static void where(const struct nvd *p, struct rec *r,
                                                        const char *fmt, ...)
{
	char *w = r->err.where;
	size_t len = sizeof(r->err.where);
	int k = 0;
	va_list ap;

	if (!r->root)
		k = snprintf(w, len, "vulnerabilities[%zu].cve.", p->index);
	if (k < 0 || (size_t)k >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(w + k, len - (size_t)k, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void what(struct rec *r, const char *fmt, ...)
{
	va_list ap;
	r->err.code = VX_EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->err.msg, sizeof(r->err.msg), fmt, ap);
	va_end(ap);
}

/* "expected <want>, found <type>" at rank k and path fmt. */
__attribute__((format(printf, 6, 7))) static void type_error(const struct nvd *p, struct rec *r,
                                                             const int *k, const char *want,
                                                             enum jt got, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (!wins(r, k))
		return;
	n = r->root ? 0 : snprintf(r->err.where, sizeof(r->err.where), "vulnerabilities[%zu].cve.",
	                           p->index);
	va_start(ap, fmt);
	vsnprintf(r->err.where + n, sizeof(r->err.where) - (size_t)n, fmt, ap);
	va_end(ap);
	what(r, "expected %s, found %s", want, jt_name[got]);
}

/* ---- Record members ---------------------------------------------------------------- */

/* A string member: a copy in *out (none for null, nor for "" unless keep_empty); false
 * when the value is of another type (the caller ranks the problem). */
static bool take_str(const struct ev *e, char **out, bool keep_empty)
{
	if (e->t == JT_STRING) {
		if (e->n || keep_empty) {
			free(*out);
			*out = dup_n(e->s, e->n);
		}
		return true;
	}
	return e->t == JT_NULL;
}

/* "operator": "AND" | "OR" (absent or null: OR). 0, -1 for another type, -2 for another
 * string (then *bad is a copy of it). */
static int take_operator(const struct ev *e, int *op_and, char **bad)
{
	if (e->t == JT_NULL)
		return 0;
	if (e->t != JT_STRING)
		return -1;
	if (e->n == 3 && memcmp(e->s, "AND", 3) == 0)
		*op_and = 1;
	else if (e->n == 2 && memcmp(e->s, "OR", 2) == 0)
		*op_and = 0;
	else {
		*bad = dup_n(e->s, e->n);
		return -2;
	}
	return 0;
}

static double take_number(const struct ev *e)
{
	char buf[64], *s = e->n < sizeof(buf) ? buf : vx_malloc(e->n + 1);
	double d;
	memcpy(s, e->s, e->n);
	s[e->n] = '\0';
	d = strtod(s, NULL);
	if (s != buf)
		free(s);
	return d;
}

#define IS(lit) (n == sizeof(lit) - 1 && memcmp(s, lit, sizeof(lit) - 1) == 0)

/* The field named s[0..n) in a container of kind c. */
static enum field field_of(struct rec *r, enum ctx c, const char *s, size_t n)
{
	switch (c) {
	case X_CVE:
		if (IS("id"))
			return F_ID;
		if (IS("published"))
			return F_PUBLISHED;
		if (IS("lastModified"))
			return F_LASTMOD;
		if (IS("vulnStatus"))
			return F_STATUS;
		if (IS("descriptions"))
			return F_DESCS;
		if (IS("weaknesses"))
			return F_WEAKS;
		if (IS("metrics"))
			return F_METRICS;
		if (IS("references"))
			return F_REFS;
		if (IS("configurations"))
			return F_CONFS;
		if (n > 4 && memcmp(s, "cisa", 4) == 0) {
			if (IS("cisaExploitAdd"))
				return F_KEV_ADD;
			if (IS("cisaActionDue"))
				return F_KEV_DUE;
			if (IS("cisaRequiredAction"))
				return F_KEV_ACTION;
			if (IS("cisaVulnerabilityName"))
				return F_KEV_NAME;
		}
		if (r->root && IS("format"))
			return F_FORMAT;
		if (r->root && IS("timestamp"))
			return F_TIMESTAMP;
		return F_NONE;
	case X_DESC:
		return IS("lang") ? F_LANG : IS("value") ? F_VALUE : F_NONE;
	case X_WEAK:
		return IS("description") ? F_WDESC : F_NONE;
	case X_WDESC:
		return IS("value") ? F_VALUE : F_NONE;
	case X_METRICS:
		if (n == 13 && memcmp(s, "cvssMetricV", 11) == 0) {
			if (IS("cvssMetricV30"))
				r->mlist = "cvssMetricV30";
			else if (IS("cvssMetricV31"))
				r->mlist = "cvssMetricV31";
			else if (IS("cvssMetricV40"))
				r->mlist = "cvssMetricV40";
			else
				return F_NONE;
			r->v2 = false;
			return F_MLIST;
		}
		if (IS("cvssMetricV2")) {
			r->mlist = "cvssMetricV2";
			r->v2 = true;
			return F_MLIST;
		}
		return F_NONE;
	case X_METRIC:
		if (IS("source"))
			return F_SOURCE;
		if (IS("type"))
			return F_TYPE;
		if (IS("cvssData"))
			return F_DATA;
		return r->v2 && IS("baseSeverity") ? F_SEVERITY : F_NONE;
	case X_DATA:
		if (IS("version"))
			return F_VERSION;
		if (IS("vectorString"))
			return F_VECTOR;
		if (IS("baseScore"))
			return F_SCORE;
		return !r->v2 && IS("baseSeverity") ? F_SEVERITY : F_NONE;
	case X_REF:
		return IS("url") ? F_URL : F_NONE;
	case X_CONF:
	case X_NODE:
		if (IS("operator"))
			return F_OPERATOR;
		if (IS("negate"))
			return F_NEGATE;
		if (c == X_CONF)
			return IS("nodes") ? F_NODES : F_NONE;
		return IS("cpeMatch") ? F_CPEMATCH : F_NONE;
	case X_MATCH:
		if (IS("criteria"))
			return F_CRITERIA;
		if (IS("vulnerable"))
			return F_VULNERABLE;
		if (IS("matchCriteriaId"))
			return F_MATCH_ID;
		if (n > 7 && memcmp(s, "version", 7) == 0) {
			if (IS("versionStartIncluding"))
				return F_START_INCL;
			if (IS("versionStartExcluding"))
				return F_START_EXCL;
			if (IS("versionEndIncluding"))
				return F_END_INCL;
			if (IS("versionEndExcluding"))
				return F_END_EXCL;
		}
		return F_NONE;
	default:
		return F_NONE;
	}
}

#undef IS

/* A member name inside the record. */
static void rec_key(struct rec *r, const char *s, size_t n)
{
	struct frame *top = &r->st[r->n - 1];
	enum field f;

	r->keylen = n;
	if (top->ctx == X_SKIP)
		return;
	f = field_of(r, top->ctx, s, n);
	if (f != F_NONE && f != F_MLIST) {
		uint64_t bit = (uint64_t)1 << f;
		if (top->seen & bit)
			f = F_NONE; /* the first one counts */
		else
			top->seen |= bit;
		if (f == F_ID && top->ctx == X_CVE)
			r->has_id = true;
	}
	top->field = (unsigned char)f;
}

/* A container member of kind want (an array or an object): its context c, or X_SKIP when
 * null (absent) or of another type (a problem at rank k). */
#define CONTAINER(want, c, k, ...)                                                         \
	do {                                                                               \
		if (e->t == (want))                                                        \
			return (c);                                                        \
		if (e->t != JT_NULL)                                                       \
			type_error(p, r, k, (want) == JT_ARRAY ? "an array" : "an object", \
			           e->t, __VA_ARGS__);                                     \
		return X_SKIP;                                                             \
	} while (0)

/* A string member into *out, or a problem at rank k. */
#define STRING(out, keep_empty, k, ...)                                                    \
	do {                                                                               \
		if (!take_str(e, (out), (keep_empty)))                                     \
			type_error(p, r, k, "a string", e->t, __VA_ARGS__);                \
		return X_SKIP;                                                             \
	} while (0)

/* A value of member top->field of an object: kept, or ranked as a problem. Returns the
 * context of a container value. */
static enum ctx in_object(struct nvd *p, struct rec *r, const struct frame *top,
                          const struct ev *e)
{
	struct vx_configuration *conf;
	struct vx_conf_node *node;
	char *bad = NULL;
	int rc;

	switch ((enum field)top->field) {
	case F_NONE:
		return X_SKIP;
	/* the cve */
	case F_ID:
		STRING(&r->v.id, false, K(S_ID), "id");
	case F_PUBLISHED:
		STRING(&r->v.published, false, K(S_PUB), "published");
	case F_LASTMOD:
		STRING(&r->v.modified, false, K(S_MOD), "lastModified");
	case F_STATUS:
		STRING(&r->v.status, false, K(S_STATUS), "vulnStatus");
	case F_DESCS:
		CONTAINER(JT_ARRAY, X_DESCS, K(S_DESCS), "descriptions");
	case F_WEAKS:
		CONTAINER(JT_ARRAY, X_WEAKS, K(S_WEAKS), "weaknesses");
	case F_METRICS:
		CONTAINER(JT_OBJECT, X_METRICS, K(S_METRICS), "metrics");
	case F_REFS:
		CONTAINER(JT_ARRAY, X_REFS, K(S_REFS), "references");
	case F_CONFS:
		CONTAINER(JT_ARRAY, X_CONFS, K(S_CONFS), "configurations");
	case F_KEV_ADD:
		STRING(&r->kev.date_added, false, K(S_KEV, 0), "cisaExploitAdd");
	case F_KEV_DUE:
		STRING(&r->kev.due_date, false, K(S_KEV, 1), "cisaActionDue");
	case F_KEV_ACTION:
		STRING(&r->kev.required_action, false, K(S_KEV, 2), "cisaRequiredAction");
	case F_KEV_NAME:
		STRING(&r->kev.name, false, K(S_KEV, 3), "cisaVulnerabilityName");
	case F_FORMAT:
		r->format_t = e->t;
		take_str(e, &r->format, false);
		return X_SKIP;
	case F_TIMESTAMP:
		r->timestamp_t = e->t;
		take_str(e, &r->timestamp, false);
		return X_SKIP;
	/* descriptions[i] */
	case F_LANG:
		STRING(&r->lang, false, K(S_DESCS, (int)r->i_desc, 1), "descriptions[%zu].lang",
		       r->i_desc);
	case F_VALUE:
		if (top->ctx == X_DESC) {
			/* Copied only while it may become the description. */
			if (e->t == JT_STRING) {
				if (!r->v.description)
					take_str(e, &r->value, false);
			} else if (e->t != JT_NULL) {
				type_error(p, r, K(S_DESCS, (int)r->i_desc, 2), "a string", e->t,
				           "descriptions[%zu].value", r->i_desc);
			}
			return X_SKIP;
		}
		/* weaknesses[i].description[j] */
		if (e->t == JT_STRING) {
			if (e->n)
				strv_add_unique(&r->v.cwes, &r->v.ncwes, dup_n(e->s, e->n));
		} else if (e->t != JT_NULL) {
			type_error(p, r, K(S_WEAKS, (int)r->i_weak, 2, (int)r->i_wdesc, 1),
			           "a string", e->t, "weaknesses[%zu].description[%zu].value",
			           r->i_weak, r->i_wdesc);
		}
		return X_SKIP;
	case F_WDESC:
		CONTAINER(JT_ARRAY, X_WDESCS, K(S_WEAKS, (int)r->i_weak, 1),
		          "weaknesses[%zu].description", r->i_weak);
	/* metrics */
	case F_MLIST:
		r->i_mlist = r->nmlists++;
		if (e->t == JT_ARRAY)
			return X_MLIST;
		/* null too: the lists are walked, not looked up */
		type_error(p, r, K(S_METRICS, (int)r->i_mlist), "an array", e->t, "metrics.%s",
		           r->mlist);
		return X_SKIP;
	case F_SOURCE:
		STRING(&r->cvss.source, false, K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 3),
		       "metrics.%s[%zu].source", r->mlist, r->i_metric);
	case F_TYPE:
		STRING(&r->mtype, false, K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 4),
		       "metrics.%s[%zu].type", r->mlist, r->i_metric);
	case F_DATA:
		if (e->t == JT_OBJECT)
			r->has_data = true;
		CONTAINER(JT_OBJECT, X_DATA, K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 1),
		          "metrics.%s[%zu].cvssData", r->mlist, r->i_metric);
	case F_SEVERITY:
		STRING(&r->cvss.severity, false,
		       K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 7), "metrics.%s[%zu].%s",
		       r->mlist, r->i_metric, r->v2 ? "baseSeverity" : "cvssData.baseSeverity");
	case F_VERSION:
		STRING(&r->cvss.version, false, K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 5),
		       "metrics.%s[%zu].cvssData.version", r->mlist, r->i_metric);
	case F_VECTOR:
		STRING(&r->cvss.vector, false, K(S_METRICS, (int)r->i_mlist, (int)r->i_metric, 6),
		       "metrics.%s[%zu].cvssData.vectorString", r->mlist, r->i_metric);
	case F_SCORE:
		r->score_t = e->t;
		if (e->t == JT_NUMBER)
			r->score = take_number(e);
		return X_SKIP;
	/* references[i] */
	case F_URL:
		STRING(&r->url, false, K(S_REFS, (int)r->i_ref, 1), "references[%zu].url",
		       r->i_ref);
	/* configurations[i] and configurations[i].nodes[j] */
	case F_OPERATOR:
		conf = &r->v.confs[r->v.nconfs - 1];
		if (top->ctx == X_CONF) {
			rc = take_operator(e, &conf->op_and, &bad);
			if (rc == -1)
				type_error(p, r, K(S_CONFS, (int)r->i_conf, 0, 1), "a string", e->t,
				           "configurations[%zu].operator", r->i_conf);
			else if (rc == -2 && wins(r, K(S_CONFS, (int)r->i_conf, 0, 2))) {
				where(p, r, "configurations[%zu].operator", r->i_conf);
				what(r, "unknown operator '%s' (AND or OR)", vx_str_quote(bad, 20));
			}
		} else {
			node = &conf->nodes[conf->nnodes - 1];
			rc = take_operator(e, &node->op_and, &bad);
			if (rc == -1)
				type_error(p, r, K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 0, 1),
				           "a string", e->t, "configurations[%zu].nodes[%zu].operator",
				           r->i_conf, r->i_node);
			else if (rc == -2 &&
			         wins(r, K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 0, 2))) {
				where(p, r, "configurations[%zu].nodes[%zu].operator", r->i_conf,
				      r->i_node);
				what(r, "unknown operator '%s' (AND or OR)", vx_str_quote(bad, 20));
			}
		}
		free(bad);
		return X_SKIP;
	case F_NEGATE:
		conf = &r->v.confs[r->v.nconfs - 1];
		if (e->t == JT_BOOL) {
			if (top->ctx == X_CONF)
				conf->negate = e->b ? 1 : 0;
			else
				conf->nodes[conf->nnodes - 1].negate = e->b ? 1 : 0;
		} else if (e->t != JT_NULL) {
			if (top->ctx == X_CONF)
				type_error(p, r, K(S_CONFS, (int)r->i_conf, 0, 3), "a boolean", e->t,
				           "configurations[%zu].negate", r->i_conf);
			else
				type_error(p, r, K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 0, 3),
				           "a boolean", e->t, "configurations[%zu].nodes[%zu].negate",
				           r->i_conf, r->i_node);
		}
		return X_SKIP;
	case F_NODES:
		CONTAINER(JT_ARRAY, X_NODES, K(S_CONFS, (int)r->i_conf, 0, 4),
		          "configurations[%zu].nodes", r->i_conf);
	case F_CPEMATCH:
		CONTAINER(JT_ARRAY, X_MATCHES, K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 0, 4),
		          "configurations[%zu].nodes[%zu].cpeMatch", r->i_conf, r->i_node);
	/* ...cpeMatch[k] */
	case F_VULNERABLE:
		r->vuln_t = e->t;
		r->m.vulnerable = e->t == JT_BOOL && e->b;
		return X_SKIP;
#define MATCH_STR(out, pos, name)                                                          \
	STRING(out, false,                                                                 \
	       K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 1, (int)r->i_match, pos),     \
	       "configurations[%zu].nodes[%zu].cpeMatch[%zu]." name, r->i_conf, r->i_node, \
	       r->i_match)
	case F_CRITERIA:
		MATCH_STR(&r->m.criteria, 2, "criteria");
	case F_MATCH_ID:
		MATCH_STR(&r->m.match_id, 3, "matchCriteriaId");
	case F_START_INCL:
		MATCH_STR(&r->m.start_incl, 4, "versionStartIncluding");
	case F_START_EXCL:
		MATCH_STR(&r->m.start_excl, 5, "versionStartExcluding");
	case F_END_INCL:
		MATCH_STR(&r->m.end_incl, 6, "versionEndIncluding");
	case F_END_EXCL:
		MATCH_STR(&r->m.end_excl, 7, "versionEndExcluding");
#undef MATCH_STR
	}
	return X_SKIP;
}

/* Element i of an array of kind top->ctx: its context when it is an object, else a problem
 * (every element must be an object). */
static enum ctx in_array(struct nvd *p, struct rec *r, struct frame *top, const struct ev *e)
{
	size_t i = top->n++;
	bool obj = e->t == JT_OBJECT;
	struct vx_configuration *conf;

	switch ((enum ctx)top->ctx) {
	case X_DESCS:
		if (!obj)
			break;
		r->i_desc = i;
		return X_DESC;
	case X_WEAKS:
		if (!obj)
			break;
		r->i_weak = i;
		return X_WEAK;
	case X_WDESCS:
		if (!obj) {
			type_error(p, r, K(S_WEAKS, (int)r->i_weak, 2, (int)i, 0), "an object", e->t,
			           "weaknesses[%zu].description[%zu]", r->i_weak, i);
			return X_SKIP;
		}
		r->i_wdesc = i;
		return X_WDESC;
	case X_MLIST:
		if (!obj) {
			type_error(p, r, K(S_METRICS, (int)r->i_mlist, (int)i, 0), "an object",
			           e->t, "metrics.%s[%zu]", r->mlist, i);
			return X_SKIP;
		}
		r->i_metric = i;
		r->cvss.score = -1;
		return X_METRIC;
	case X_REFS:
		if (!obj)
			break;
		r->i_ref = i;
		return X_REF;
	case X_CONFS:
		if (!obj)
			break;
		r->i_conf = i;
		r->v.confs = room(r->v.confs, r->v.nconfs, sizeof(*r->v.confs));
		memset(&r->v.confs[r->v.nconfs++], 0, sizeof(*r->v.confs));
		return X_CONF;
	case X_NODES:
		if (!obj) {
			type_error(p, r, K(S_CONFS, (int)r->i_conf, 1, (int)i, 0), "an object", e->t,
			           "configurations[%zu].nodes[%zu]", r->i_conf, i);
			return X_SKIP;
		}
		r->i_node = i;
		conf = &r->v.confs[r->v.nconfs - 1];
		conf->nodes = room(conf->nodes, conf->nnodes, sizeof(*conf->nodes));
		memset(&conf->nodes[conf->nnodes++], 0, sizeof(*conf->nodes));
		return X_NODE;
	case X_MATCHES:
		if (!obj) {
			type_error(p, r, K(S_CONFS, (int)r->i_conf, 1, (int)r->i_node, 1, (int)i, 0),
			           "an object", e->t, "configurations[%zu].nodes[%zu].cpeMatch[%zu]",
			           r->i_conf, r->i_node, i);
			return X_SKIP;
		}
		r->i_match = i;
		return X_MATCH;
	default:
		return X_SKIP;
	}
	/* descriptions, weaknesses, references, configurations: a top-level list */
	{
		static const struct {
			int section;
			const char *name;
		} lists[] = {[X_DESCS] = {S_DESCS, "descriptions"},
		             [X_WEAKS] = {S_WEAKS, "weaknesses"},
		             [X_REFS] = {S_REFS, "references"},
		             [X_CONFS] = {S_CONFS, "configurations"}};
		type_error(p, r, K(lists[top->ctx].section, (int)i, 0), "an object", e->t,
		           "%s[%zu]", lists[top->ctx].name, i);
	}
	return X_SKIP;
}

/* An element closes: the checks that need all its members, then it joins the record. */
static void element_end(struct nvd *p, struct rec *r, enum ctx c)
{
	switch (c) {
	case X_DESC:
		if (!r->v.description && r->lang &&
		    (strcmp(r->lang, "en") == 0 || strncmp(r->lang, "en-", 3) == 0)) {
			r->v.description = r->value;
			r->value = NULL;
		}
		free(r->lang);
		free(r->value);
		r->lang = r->value = NULL;
		break;
	case X_METRIC: {
		int t = (int)r->i_mlist, k = (int)r->i_metric;
		if (!r->has_data) {
			if (wins(r, K(S_METRICS, t, k, 2))) {
				where(p, r, "metrics.%s[%d].cvssData", r->mlist, k);
				what(r, "missing (required)");
			}
		} else {
			if ((!r->cvss.version || !r->cvss.vector) &&
			    wins(r, K(S_METRICS, t, k, 8))) {
				where(p, r, "metrics.%s[%d].cvssData", r->mlist, k);
				what(r, "needs 'version' and 'vectorString'");
			}
			if ((r->score_t != JT_NUMBER || r->score < 0 || r->score > 10) &&
			    wins(r, K(S_METRICS, t, k, 9))) {
				where(p, r, "metrics.%s[%d].cvssData.baseScore", r->mlist, k);
				what(r, "expected a number from 0 to 10, found %s", jt_name[r->score_t]);
			}
		}
		if (!r->failed) {
			r->cvss.score = r->score;
			r->cvss.primary = r->mtype && strcmp(r->mtype, "Primary") == 0;
			r->v.cvss = room(r->v.cvss, r->v.ncvss, sizeof(*r->v.cvss));
			r->v.cvss[r->v.ncvss++] = r->cvss;
			memset(&r->cvss, 0, sizeof(r->cvss));
		}
		cvss_release(&r->cvss);
		free(r->mtype);
		r->mtype = NULL;
		r->has_data = false;
		r->score_t = JT_NOTHING;
		r->score = 0;
		break;
	}
	case X_REF:
		if (!r->url) {
			if (wins(r, K(S_REFS, (int)r->i_ref, 2))) {
				where(p, r, "references[%zu]", r->i_ref);
				what(r, "reference has no 'url'");
			}
		} else {
			strv_add_unique(&r->v.refs, &r->v.nrefs, r->url);
			r->url = NULL;
		}
		break;
	case X_MATCH: {
		int i = (int)r->i_conf, j = (int)r->i_node, k = (int)r->i_match;
		if (r->vuln_t != JT_BOOL && wins(r, K(S_CONFS, i, 1, j, 1, k, 1))) {
			where(p, r, "configurations[%d].nodes[%d].cpeMatch[%d].vulnerable", i, j, k);
			what(r, "expected a boolean, found %s", jt_name[r->vuln_t]);
		}
		if ((!r->m.criteria || strncmp(r->m.criteria, "cpe:2.3:", 8) != 0) &&
		    wins(r, K(S_CONFS, i, 1, j, 1, k, 8))) {
			where(p, r, "configurations[%d].nodes[%d].cpeMatch[%d].criteria", i, j, k);
			if (r->m.criteria)
				what(r, "not a CPE 2.3 name '%s'", vx_str_quote(r->m.criteria, 60));
			else
				what(r, "missing (required)");
		}
		if (!r->failed) {
			struct vx_configuration *conf = &r->v.confs[r->v.nconfs - 1];
			struct vx_conf_node *nd = &conf->nodes[conf->nnodes - 1];
			nd->matches = room(nd->matches, nd->nmatches, sizeof(*nd->matches));
			nd->matches[nd->nmatches++] = r->m;
			memset(&r->m, 0, sizeof(r->m));
		}
		match_release(&r->m);
		r->vuln_t = JT_NOTHING;
		break;
	}
	default:
		break;
	}
}

/* A value inside the record: counted toward the record ceiling, then kept or skipped; a
 * container opens a frame. 0 when the ceiling stops the parse. */
static int rec_value(struct nvd *p, struct rec *r, const struct ev *e)
{
	struct frame *top = r->n ? &r->st[r->n - 1] : NULL, *f;
	enum ctx c = X_SKIP;

	r->bytes += NODE_BYTES + (e->t == JT_STRING ? e->n : 0);
	if (top && top->obj)
		r->bytes += r->keylen + 1;
	if (r->bytes > VX_FEED_MAX_RECORD)
		return fail_here(p, VX_ELIMIT, "record larger than %s",
		                 vx_size_text(VX_FEED_MAX_RECORD));
	if (!top)
		c = X_CVE;
	else if (top->ctx != X_SKIP)
		c = top->obj ? in_object(p, r, top, e) : in_array(p, r, top, e);
	if (e->t == JT_OBJECT || e->t == JT_ARRAY) {
		f = &r->st[r->n++];
		f->ctx = (unsigned char)c;
		f->obj = e->t == JT_OBJECT;
		f->field = F_NONE;
		f->seen = 0;
		f->n = 0;
	}
	return 1;
}

/* A container of the record closes. */
static void rec_close(struct nvd *p, struct rec *r)
{
	enum ctx c = (enum ctx)r->st[--r->n].ctx;
	if (c == X_DESC || c == X_METRIC || c == X_REF || c == X_MATCH)
		element_end(p, r, c);
}

/* The whole record is read: the checks of its top-level members, in order. */
static void record_checks(struct nvd *p, struct rec *r)
{
	struct vx_vuln *v = &r->v;

	if (!v->id) {
		if (wins(r, K(S_ID, 1))) {
			where(p, r, "id");
			what(r, "missing (required)");
		}
	} else if (!vx_feed_cve_id_valid(v->id) && wins(r, K(S_ID, 2))) {
		where(p, r, "id");
		what(r, "not a CVE id '%s'", vx_str_quote(v->id, 40));
	}
	if (!v->published) {
		if (wins(r, K(S_PUB, 1))) {
			where(p, r, "published");
			what(r, "missing (required)");
		}
	} else if (!vx_time_parse_any(v->published, NULL) && wins(r, K(S_PUB, 2))) {
		where(p, r, "published");
		what(r, "invalid timestamp '%s'", vx_str_quote(v->published, 40));
	}
	if (!v->modified) {
		if (wins(r, K(S_MOD, 1))) {
			where(p, r, "lastModified");
			what(r, "missing (required)");
		}
	} else if (!vx_time_parse_any(v->modified, NULL) && wins(r, K(S_MOD, 2))) {
		where(p, r, "lastModified");
		what(r, "invalid timestamp '%s'", vx_str_quote(v->modified, 40));
	}
	if (r->kev.date_added && !vx_time_parse_date(r->kev.date_added, NULL) &&
	    wins(r, K(S_KEV, 4))) {
		where(p, r, "cisaExploitAdd");
		what(r, "invalid date '%s'", vx_str_quote(r->kev.date_added, 40));
	}
	if (r->kev.due_date && !vx_time_parse_date(r->kev.due_date, NULL) &&
	    wins(r, K(S_KEV, 5))) {
		where(p, r, "cisaActionDue");
		what(r, "invalid date '%s'", vx_str_quote(r->kev.due_date, 40));
	}
}

/* Check and hand out the record read into r. */
static int emit(struct nvd *p, struct rec *r, const char *where_)
{
	int rc;

	record_checks(p, r);
	if (r->failed) {
		if (p->err)
			*p->err = r->err;
		return r->err.code;
	}
	if (r->kev.date_added || r->kev.due_date || r->kev.required_action || r->kev.name) {
		r->v.kev = vx_malloc(sizeof(*r->v.kev));
		*r->v.kev = r->kev;
		memset(&r->kev, 0, sizeof(r->kev));
	}
	rc = p->cb ? p->cb(p->ctx, &r->v, where_, p->err) : 0;
	if (rc >= 0)
		p->records++;
	else if (p->err && p->err->code == 0)
		vx_err_set(p->err, rc, "stopped by the record handler");
	return rc < 0 ? rc : 0;
}

/* ---- yajl events ----------------------------------------------------------------- */

/* The record the event belongs to, or NULL when the event is not read. */
static struct rec *capturing(struct nvd *p)
{
	if (p->st == ST_ROOT)
		return &p->root;
	if (p->st == ST_REC)
		return &p->rec;
	return NULL;
}

static int on_start(struct nvd *p, bool map)
{
	const struct ev e = {map ? JT_OBJECT : JT_ARRAY, NULL, 0, 0};

	if (p->depth + 1 > VX_FEED_MAX_DEPTH)
		return fail_here(p, VX_ELIMIT, "JSON nested deeper than %d levels",
		                 VX_FEED_MAX_DEPTH);
	switch (p->st) {
	case ST_TOP:
		if (!map) {
			p->rc = vx_err_set(p->err, VX_EINVAL,
			                   "line 1, column 1: not an NVD CVE API 2.0 document "
			                   "(expected an object)");
			return 0;
		}
		p->st = ST_ROOT;
		rec_reset(&p->root, true);
		break;
	case ST_ROOT:
		if (p->vulns_next) {
			p->vulns_next = false;
			if (!map) {
				p->paged = true;
				p->index = 0;
				p->st = ST_VULNS;
				p->depth++;
				return 1;
			}
			p->rc = vx_err_at(p->err, VX_EINVAL, "vulnerabilities",
			                  "expected an array, found object");
			return 0;
		}
		break;
	case ST_VULNS:
		if (!map) {
			char w[64];
			snprintf(w, sizeof(w), "vulnerabilities[%zu]", p->index);
			p->rc = vx_err_at(p->err, VX_EINVAL, w, "expected an object, found array");
			return 0;
		}
		p->st = ST_ELEM;
		p->elem_has_cve = false;
		p->cve_next = false;
		p->depth++;
		return 1;
	case ST_ELEM:
		if (p->cve_next) {
			p->cve_next = false;
			if (!map) {
				char w[64];
				snprintf(w, sizeof(w), "vulnerabilities[%zu].cve", p->index);
				p->rc = vx_err_at(p->err, VX_EINVAL, w,
				                  "expected an object, found array");
				return 0;
			}
			if (p->elem_has_cve) {
				char w[64];
				snprintf(w, sizeof(w), "vulnerabilities[%zu]", p->index);
				p->rc = vx_err_at(p->err, VX_EINVAL, w, "more than one 'cve'");
				return 0;
			}
			p->elem_has_cve = true;
			p->st = ST_REC;
			rec_reset(&p->rec, false);
			break;
		}
		p->skip_depth = p->depth;
		p->st = ST_SKIP;
		p->depth++;
		return 1;
	case ST_SKIP:
		p->depth++;
		return 1;
	case ST_REC:
		break;
	case ST_DONE:
		return 1; /* yajl refuses a second value itself */
	}
	p->depth++;
	return rec_value(p, capturing(p), &e);
}

static int on_end(struct nvd *p)
{
	struct rec *r;
	char where_[64];
	int rc;

	p->depth--;
	switch (p->st) {
	case ST_VULNS: /* end of vulnerabilities[] */
		p->st = ST_ROOT;
		return 1;
	case ST_ELEM: /* end of an element */
		if (!p->elem_has_cve) {
			char w[64];
			snprintf(w, sizeof(w), "vulnerabilities[%zu]", p->index);
			p->rc = vx_err_at(p->err, VX_EINVAL, w, "element has no 'cve' object");
			return 0;
		}
		p->index++;
		p->st = ST_VULNS;
		return 1;
	case ST_SKIP:
		if (p->depth == p->skip_depth)
			p->st = ST_ELEM;
		return 1;
	case ST_ROOT:
	case ST_REC:
		break;
	case ST_TOP:
	case ST_DONE:
		return 1;
	}
	r = capturing(p);
	rec_close(p, r);
	if (r->n > 0)
		return 1;
	if (p->st == ST_ROOT) {
		p->st = ST_DONE; /* checked after the parse: a page or a bare cve */
		return 1;
	}
	/* A whole vulnerabilities[i].cve. */
	snprintf(where_, sizeof(where_), "vulnerabilities[%zu]", p->index);
	rc = emit(p, r, where_);
	rec_reset(r, false);
	p->st = ST_ELEM;
	if (rc < 0) {
		p->rc = rc;
		return 0;
	}
	return 1;
}

static int on_scalar(struct nvd *p, const struct ev *e)
{
	struct rec *r = capturing(p);

	if (p->st == ST_ROOT && p->vulns_next) {
		p->vulns_next = false;
		p->rc = vx_err_at(p->err, VX_EINVAL, "vulnerabilities", "expected an array");
		return 0;
	}
	if (p->st == ST_ELEM && p->cve_next) {
		char w[64];
		snprintf(w, sizeof(w), "vulnerabilities[%zu].cve", p->index);
		p->rc = vx_err_at(p->err, VX_EINVAL, w, "expected an object");
		return 0;
	}
	if (p->st == ST_VULNS) {
		char w[64];
		snprintf(w, sizeof(w), "vulnerabilities[%zu]", p->index);
		p->rc = vx_err_at(p->err, VX_EINVAL, w, "expected an object");
		return 0;
	}
	if (p->st == ST_TOP) {
		p->rc = vx_err_set(p->err, VX_EINVAL,
		                   "line 1, column 1: not an NVD CVE API 2.0 document (expected an "
		                   "object)");
		return 0;
	}
	if (!r)
		return 1;
	return rec_value(p, r, e);
}

static int cb_null(void *ctx)
{
	const struct ev e = {JT_NULL, NULL, 0, 0};
	return on_scalar(ctx, &e);
}

static int cb_boolean(void *ctx, int val)
{
	const struct ev e = {JT_BOOL, NULL, 0, val};
	return on_scalar(ctx, &e);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
	const struct ev e = {JT_NUMBER, s, n, 0};
	return on_scalar(ctx, &e);
}

/* Strings and member names: the limits and the NUL check apply everywhere. */
static int check_string(struct nvd *p, const unsigned char *s, size_t n)
{
	if (n > VX_FEED_MAX_STRING)
		return fail_here(p, VX_ELIMIT, "string longer than %s",
		                 vx_size_text(VX_FEED_MAX_STRING));
	if (memchr(s, '\0', n))
		return fail_here(p, VX_EINVAL, "NUL character (\\u0000) in a string");
	return 1;
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
	struct nvd *p = ctx;
	const struct ev e = {JT_STRING, (const char *)s, n, 0};
	p->str_end = yajl_get_bytes_consumed(p->h);
	if (!check_string(p, s, n))
		return 0;
	return on_scalar(p, &e);
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct nvd *p = ctx;
	struct rec *r;
	p->str_end = yajl_get_bytes_consumed(p->h);
	if (!check_string(p, s, n))
		return 0;
	if (p->st == ST_ROOT && p->root.n == 1 && n == 15 &&
	    memcmp(s, "vulnerabilities", 15) == 0) {
		if (p->paged) {
			p->rc = vx_err_at(p->err, VX_EINVAL, "vulnerabilities", "given twice");
			return 0;
		}
		p->vulns_next = true;
	} else if (p->st == ST_ELEM) {
		p->cve_next = n == 3 && memcmp(s, "cve", 3) == 0;
	}
	if ((r = capturing(p)) != NULL)
		rec_key(r, (const char *)s, n);
	return 1;
}

static int cb_start_map(void *ctx)
{
	return on_start(ctx, true);
}

static int cb_start_array(void *ctx)
{
	return on_start(ctx, false);
}

static int cb_end(void *ctx)
{
	return on_end(ctx);
}

static const yajl_callbacks callbacks = {
    .yajl_null = cb_null,
    .yajl_boolean = cb_boolean,
    .yajl_number = cb_number,
    .yajl_string = cb_string,
    .yajl_start_map = cb_start_map,
    .yajl_map_key = cb_map_key,
    .yajl_end_map = cb_end,
    .yajl_start_array = cb_start_array,
    .yajl_end_array = cb_end,
};

/* ---- The reader ------------------------------------------------------------------ */

/* A yajl error at the current chunk, as "line L, column C: ...". */
static int syntax_error(struct nvd *p, bool at_end)
{
	size_t off = yajl_get_bytes_consumed(p->h);
	long line, col;
	unsigned char *msg;
	char text[200];

	if (at_end) {
		/* The position is the end of the input. */
		return vx_err_set(p->err, VX_EINVAL,
		                  "line %ld, column %ld: JSON ends early (truncated file?)",
		                  p->line, p->col);
	}
	msg = yajl_get_error(p->h, 0, NULL, 0);
	snprintf(text, sizeof(text), "%s", msg ? (const char *)msg : "syntax error");
	if (msg)
		yajl_free_error(p->h, msg);
	/* yajl says "lexical error: invalid char in json text.": lower-case, no full stop. */
	for (size_t i = strlen(text);
	     i > 0 && (text[i - 1] == '.' || text[i - 1] == '\n' || text[i - 1] == ' '); i--)
		text[i - 1] = '\0';
	chunk_position(p, off, &line, &col);
	return vx_err_set(p->err, VX_EINVAL, "line %ld, column %ld: JSON %s", line, col, text);
}

int vx_nvd_read(vx_feed_pull pull, void *src, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
                struct vx_err *err)
{
	struct nvd p;
	yajl_status st;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.line = p.col = 1;
	p.cb = cb;
	p.ctx = ctx;
	p.err = err;
	p.h = yajl_alloc(&callbacks, NULL, &p);
	if (!p.h)
		vx_oom();
	if (info)
		info->format = VX_FEED_NVD;

	for (;;) {
		const char *chunk;
		size_t n, scanned = 0;
		bool head;
		if ((rc = pull(src, &chunk, &n, err)) < 0)
			goto out;
		if (n == 0)
			break;
		p.chunk = chunk;
		p.chunklen = n;
		head = n <= VX_FEED_MAX_STRING;
		if ((rc = scan_chunk(&p, head, &scanned)) < 0)
			goto out;
		p.str_end = (size_t)-1;
		st = yajl_parse(p.h, (const unsigned char *)chunk, n);
		if (st == yajl_status_client_canceled) {
			rc = p.rc ? p.rc : VX_EINVAL;
			goto out;
		}
		if (st == yajl_status_error) {
			rc = syntax_error(&p, false);
			goto out;
		}
		if (scanned < n)
			tail_state(&p, scanned);
		advance_position(&p);
	}
	p.chunk = NULL;
	p.chunklen = 0;
	st = yajl_complete_parse(p.h);
	if (st == yajl_status_client_canceled) {
		rc = p.rc ? p.rc : VX_EINVAL;
		goto out;
	}
	if (st == yajl_status_error || p.st != ST_DONE) {
		rc = p.st == ST_TOP && p.line == 1 && p.col == 1
		         ? vx_err_set(err, VX_EINVAL, "empty file, not a vulnerability feed")
		         : syntax_error(&p, true);
		goto out;
	}
	if (p.paged) {
		/* The page's own members, as a tree lookup would check them. */
		struct rec *r = &p.root;
		if (r->format_t != JT_NOTHING && r->format_t != JT_STRING && r->format_t != JT_NULL)
			rc = vx_err_at(err, VX_EINVAL, "format", "expected a string, found %s",
			               jt_name[r->format_t]);
		else if (r->timestamp_t != JT_NOTHING && r->timestamp_t != JT_STRING &&
		         r->timestamp_t != JT_NULL)
			rc = vx_err_at(err, VX_EINVAL, "timestamp", "expected a string, found %s",
			               jt_name[r->timestamp_t]);
		else if (r->format && strcmp(r->format, "NVD_CVE") != 0)
			rc = vx_err_at(err, VX_EUNSUPPORTED, "format", "unknown NVD format '%s'",
			               vx_str_quote(r->format, 40));
		if (rc == 0 && info) {
			free(info->catalog_version);
			info->catalog_version = r->timestamp;
			r->timestamp = NULL;
		}
	} else if (!p.root.has_id) {
		rc = vx_err_set(
		    err, VX_EINVAL,
		    "not a vulnerability feed (neither 'vulnerabilities' nor a cve 'id')");
	} else {
		rc = emit(&p, &p.root, "");
	}
out:
	if (info)
		info->records = p.records;
	rec_reset(&p.root, true);
	rec_reset(&p.rec, false);
	yajl_free(p.h);
	return rc;
}
