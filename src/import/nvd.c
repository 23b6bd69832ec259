/* src/import/nvd.c - NVD CVE API 2.0 reader: a yajl stream, one record in memory at a time.
 *
 * Reads a paged API response {..., "vulnerabilities": [{"cve": {...}}, ...]} or one bare cve
 * object (the per-CVE mirror files) from a pull source, chunk by chunk. A small state machine
 * over the yajl events finds each cve object and builds a cJSON tree of it alone (bounded by
 * VX_FEED_MAX_RECORD); when the object closes, the tree becomes a struct vx_vuln, goes to the
 * callback and is freed. Everything else in the response is skipped as it streams by, so
 * memory stays at one record however large the file. Before yajl sees a chunk, a byte scan
 * bounds the length of any single token, because yajl buffers a token that spans chunks.
 * Errors inside a record name its JSON path ("vulnerabilities[12].cve.published"); errors of
 * the stream name the line and column. Matching and storage are left to others.
 */
#include "import/feed.h"
#include "import/feed_private.h"
#include "import/json_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/time.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* yajl buffers a token that spans chunks: a raw string this long decodes to more than
 * VX_FEED_MAX_STRING bytes whatever its escapes, so it can be refused before yajl holds it. */
#define RAW_TOKEN_MAX (6 * VX_FEED_MAX_STRING + 16)

/* A cJSON tree built from yajl events. */
struct builder {
	cJSON *stack[VX_FEED_MAX_DEPTH + 1]; /* open containers, innermost last */
	int n;                               /* entries in stack */
	cJSON *root;                         /* the value being built; owned until taken */
	size_t bytes;                        /* estimate of the tree's memory */
};

enum state {
	ST_TOP,   /* before the root value */
	ST_ROOT,  /* inside the root object: captured in p->root */
	ST_VULNS, /* inside root.vulnerabilities[] */
	ST_ELEM,  /* inside an element of vulnerabilities[] */
	ST_REC,   /* inside vulnerabilities[i].cve: captured in p->rec */
	ST_SKIP,  /* inside a value of an element that is not "cve" */
	ST_DONE,  /* after the root value */
};

struct nvd {
	yajl_handle h;
	enum state st;
	int depth;             /* maps and arrays open in the document */
	int skip_depth;        /* ST_SKIP ends when depth falls back to this */
	struct builder root;   /* the root object (a bare cve, or the page's scalars) */
	struct builder rec;    /* the current vulnerabilities[i].cve */
	struct vx_buf key;     /* the member name just read (NUL-terminated) */
	struct vx_buf scratch; /* string values on their way into cJSON */
	bool vulns_next;       /* the root member just named is "vulnerabilities" */
	bool paged;            /* the root had a vulnerabilities array */
	bool cve_next;         /* the element member just named is "cve" */
	bool elem_has_cve;     /* the current element had its cve */
	size_t index;          /* the current vulnerabilities[index] */
	/* position: the chunk being parsed and the line/column where it starts */
	const char *chunk;
	size_t chunklen;
	long line, col; /* of chunk[0], 1-based */
	size_t token;   /* scan: length of the token running at the chunk end */
	bool in_str;    /* scan: the chunk ended inside a string */
	bool esc;       /* scan: ... right after a backslash */
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
 * between chunks. Inside strings it jumps with memchr: this runs over every byte of feeds
 * of hundreds of MB. */
static int scan_chunk(struct nvd *p)
{
	const char *c = p->chunk;
	size_t len = p->chunklen, tok = p->token, i = 0;
	bool in_str = p->in_str, esc = p->esc;

	while (i < len) {
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
	return 0;
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

/* ---- Tree building --------------------------------------------------------------- */

static void builder_reset(struct builder *b)
{
	cJSON_Delete(b->root);
	b->root = NULL;
	b->n = 0;
	b->bytes = 0;
}

/* Attach item under the innermost open container (as member p->key in an object); a
 * container is opened. */
static int add(struct nvd *p, struct builder *b, cJSON *item, bool container)
{
	cJSON *top;

	if (!item)
		vx_oom();
	b->bytes += sizeof(cJSON) + 32;
	top = b->n ? b->stack[b->n - 1] : NULL;
	if (!top) {
		b->root = item;
	} else if (cJSON_IsObject(top)) {
		b->bytes += p->key.len + 1;
		if (!cJSON_AddItemToObject(top, vx_buf_str(&p->key), item))
			vx_oom();
	} else if (!cJSON_AddItemToArray(top, item)) {
		vx_oom();
	}
	if (container)
		b->stack[b->n++] = item;
	if (b->bytes > VX_FEED_MAX_RECORD)
		return fail_here(p, VX_ELIMIT, "record larger than %s",
		                 vx_size_text(VX_FEED_MAX_RECORD));
	return 1;
}

/* The builder of the value being captured, or NULL when the event is not captured. */
static struct builder *capturing(struct nvd *p)
{
	if (p->st == ST_ROOT)
		return &p->root;
	if (p->st == ST_REC)
		return &p->rec;
	return NULL;
}

/* ---- Records --------------------------------------------------------------------- */

static void sub(char *out, size_t n, const char *path, const char *key)
{
	snprintf(out, n, "%s%s%s", path, path[0] ? "." : "", key);
}

static int need_object(const cJSON *n, const char *path, struct vx_err *err)
{
	if (!cJSON_IsObject(n))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
		                 vx_json_type_name(n));
	return 0;
}

static int opt_bool(const cJSON *obj, const char *key, const char *path, int *out,
                    struct vx_err *err)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[512];
	if (!n || cJSON_IsNull(n))
		return 0;
	if (!cJSON_IsBool(n)) {
		sub(p, sizeof(p), path, key);
		return vx_err_at(err, VX_EINVAL, p, "expected a boolean, found %s",
		                 vx_json_type_name(n));
	}
	*out = cJSON_IsTrue(n) ? 1 : 0;
	return 0;
}

/* "operator": "AND" | "OR" (absent: OR). */
static int read_operator(const cJSON *obj, const char *path, int *op_and, struct vx_err *err)
{
	char *op = NULL, p[512];
	int rc = vx_json_str(obj, "operator", path, true, &op, err);
	if (rc < 0)
		return rc;
	*op_and = 0;
	if (op && strcmp(op, "AND") == 0)
		*op_and = 1;
	else if (op && strcmp(op, "OR") != 0) {
		sub(p, sizeof(p), path, "operator");
		rc = vx_err_at(err, VX_EINVAL, p, "unknown operator '%s' (AND or OR)",
		               vx_str_quote(op, 20));
	}
	free(op);
	return rc;
}

static int read_time(const cJSON *cve, const char *key, const char *path, char **out,
                     struct vx_err *err)
{
	char p[512];
	int rc = vx_json_str(cve, key, path, false, out, err);
	if (rc < 0)
		return rc;
	sub(p, sizeof(p), path, key);
	if (!*out)
		return vx_err_at(err, VX_EINVAL, p, "missing (required)");
	if (!vx_time_parse_any(*out, NULL))
		return vx_err_at(err, VX_EINVAL, p, "invalid timestamp '%s'",
		                 vx_str_quote(*out, 40));
	return 0;
}

static int read_descriptions(const cJSON *cve, const char *path, struct vx_vuln *v,
                             struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(cve, "descriptions", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *lang = NULL, *value = NULL;
		snprintf(p, sizeof(p), "%s%sdescriptions[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0 ||
		    (rc = vx_json_str(item, "lang", p, false, &lang, err)) < 0 ||
		    (rc = vx_json_str(item, "value", p, false, &value, err)) < 0) {
			free(lang);
			return rc;
		}
		if (!v->description && lang &&
		    (strcmp(lang, "en") == 0 || strncmp(lang, "en-", 3) == 0)) {
			v->description = value;
			value = NULL;
		}
		free(lang);
		free(value);
	}
	return 0;
}

static int read_weaknesses(const cJSON *cve, const char *path, struct vx_vuln *v,
                           struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(cve, "weaknesses", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		const cJSON *descs, *d;
		char p[512];
		int j = 0;
		snprintf(p, sizeof(p), "%s%sweaknesses[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0 ||
		    (rc = vx_json_array(item, "description", p, &descs, err)) < 0)
			return rc;
		cJSON_ArrayForEach(d, descs)
		{
			char q[512], *value = NULL;
			snprintf(q, sizeof(q), "%s.description[%d]", p, j++);
			if ((rc = need_object(d, q, err)) < 0 ||
			    (rc = vx_json_str(d, "value", q, false, &value, err)) < 0)
				return rc;
			vx_feed_strv_add(&v->cwes, &v->ncwes, value, 1);
			free(value);
		}
	}
	return 0;
}

static const char *const metric_keys[] = {"cvssMetricV2", "cvssMetricV30", "cvssMetricV31",
                                          "cvssMetricV40", NULL};

static int read_metric(const cJSON *m, const char *p, bool v2, struct vx_vuln *v,
                       struct vx_err *err)
{
	const cJSON *data, *score;
	struct vx_cvss c;
	char *type = NULL, q[512];
	int rc;

	memset(&c, 0, sizeof(c));
	c.score = -1;
	if ((rc = need_object(m, p, err)) < 0 ||
	    (rc = vx_json_object(m, "cvssData", p, &data, err)) < 0)
		return rc;
	if (!data) {
		sub(q, sizeof(q), p, "cvssData");
		return vx_err_at(err, VX_EINVAL, q, "missing (required)");
	}
	sub(q, sizeof(q), p, "cvssData");
	if ((rc = vx_json_str(m, "source", p, false, &c.source, err)) < 0 ||
	    (rc = vx_json_str(m, "type", p, false, &type, err)) < 0 ||
	    (rc = vx_json_str(data, "version", q, false, &c.version, err)) < 0 ||
	    (rc = vx_json_str(data, "vectorString", q, false, &c.vector, err)) < 0 ||
	    (rc = vx_json_str(v2 ? m : data, "baseSeverity", v2 ? p : q, false, &c.severity, err)) <
	        0)
		goto out;
	if (!c.version || !c.vector) {
		rc = vx_err_at(err, VX_EINVAL, q, "needs 'version' and 'vectorString'");
		goto out;
	}
	score = cJSON_GetObjectItemCaseSensitive(data, "baseScore");
	if (!cJSON_IsNumber(score) || score->valuedouble < 0 || score->valuedouble > 10) {
		char r[512];
		sub(r, sizeof(r), q, "baseScore");
		rc = vx_err_at(err, VX_EINVAL, r, "expected a number from 0 to 10, found %s",
		               vx_json_type_name(score));
		goto out;
	}
	c.score = score->valuedouble;
	c.primary = type && strcmp(type, "Primary") == 0;
	v->cvss = vx_realloc(v->cvss, (v->ncvss + 1) * sizeof(*v->cvss));
	v->cvss[v->ncvss++] = c;
	memset(&c, 0, sizeof(c));
out:
	free(type);
	free(c.version);
	free(c.vector);
	free(c.severity);
	free(c.source);
	return rc;
}

static int read_metrics(const cJSON *cve, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	const cJSON *metrics, *list;
	char p[512];
	int rc;

	if ((rc = vx_json_object(cve, "metrics", path, &metrics, err)) < 0 || !metrics)
		return rc;
	sub(p, sizeof(p), path, "metrics");
	/* In the order published: walk the object, take the lists we know. */
	cJSON_ArrayForEach(list, metrics)
	{
		const cJSON *m;
		int k, i = 0;
		for (k = 0; metric_keys[k]; k++)
			if (list->string && strcmp(list->string, metric_keys[k]) == 0)
				break;
		if (!metric_keys[k])
			continue;
		if (!cJSON_IsArray(list)) {
			char q[512];
			sub(q, sizeof(q), p, list->string);
			return vx_err_at(err, VX_EINVAL, q, "expected an array, found %s",
			                 vx_json_type_name(list));
		}
		cJSON_ArrayForEach(m, list)
		{
			char q[512];
			snprintf(q, sizeof(q), "%s.%s[%d]", p, list->string, i++);
			if ((rc = read_metric(m, q, k == 0, v, err)) < 0)
				return rc;
		}
	}
	return 0;
}

static int read_references(const cJSON *cve, const char *path, struct vx_vuln *v,
                           struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(cve, "references", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *url = NULL;
		snprintf(p, sizeof(p), "%s%sreferences[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0 ||
		    (rc = vx_json_str(item, "url", p, false, &url, err)) < 0)
			return rc;
		if (!url)
			return vx_err_at(err, VX_EINVAL, p, "reference has no 'url'");
		vx_feed_strv_add(&v->refs, &v->nrefs, url, 1);
		free(url);
	}
	return 0;
}

static int read_cpe_match(const cJSON *item, const char *p, struct vx_conf_node *nd,
                          struct vx_err *err)
{
	struct vx_cpe_match m;
	const cJSON *vuln;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = need_object(item, p, err)) < 0)
		return rc;
	vuln = cJSON_GetObjectItemCaseSensitive(item, "vulnerable");
	if (!cJSON_IsBool(vuln)) {
		char q[512];
		sub(q, sizeof(q), p, "vulnerable");
		return vx_err_at(err, VX_EINVAL, q, "expected a boolean, found %s",
		                 vx_json_type_name(vuln));
	}
	m.vulnerable = cJSON_IsTrue(vuln) ? 1 : 0;
	if ((rc = vx_json_str(item, "criteria", p, false, &m.criteria, err)) < 0 ||
	    (rc = vx_json_str(item, "matchCriteriaId", p, false, &m.match_id, err)) < 0 ||
	    (rc = vx_json_str(item, "versionStartIncluding", p, false, &m.start_incl, err)) < 0 ||
	    (rc = vx_json_str(item, "versionStartExcluding", p, false, &m.start_excl, err)) < 0 ||
	    (rc = vx_json_str(item, "versionEndIncluding", p, false, &m.end_incl, err)) < 0 ||
	    (rc = vx_json_str(item, "versionEndExcluding", p, false, &m.end_excl, err)) < 0)
		goto out;
	if (!m.criteria || strncmp(m.criteria, "cpe:2.3:", 8) != 0) {
		char q[512];
		sub(q, sizeof(q), p, "criteria");
		rc = m.criteria ? vx_err_at(err, VX_EINVAL, q, "not a CPE 2.3 name '%s'",
		                            vx_str_quote(m.criteria, 60))
		                : vx_err_at(err, VX_EINVAL, q, "missing (required)");
		goto out;
	}
	nd->matches = vx_realloc(nd->matches, (nd->nmatches + 1) * sizeof(*nd->matches));
	nd->matches[nd->nmatches++] = m;
	return 0;
out:
	free(m.criteria);
	free(m.match_id);
	free(m.start_incl);
	free(m.start_excl);
	free(m.end_incl);
	free(m.end_excl);
	return rc;
}

static int read_configurations(const cJSON *cve, const char *path, struct vx_vuln *v,
                               struct vx_err *err)
{
	const cJSON *arr, *conf;
	int rc, i = 0;

	if ((rc = vx_json_array(cve, "configurations", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(conf, arr)
	{
		struct vx_configuration *c;
		const cJSON *nodes, *node;
		char p[512];
		int j = 0;

		snprintf(p, sizeof(p), "%s%sconfigurations[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(conf, p, err)) < 0)
			return rc;
		v->confs = vx_realloc(v->confs, (v->nconfs + 1) * sizeof(*v->confs));
		c = &v->confs[v->nconfs++];
		memset(c, 0, sizeof(*c));
		if ((rc = read_operator(conf, p, &c->op_and, err)) < 0 ||
		    (rc = opt_bool(conf, "negate", p, &c->negate, err)) < 0 ||
		    (rc = vx_json_array(conf, "nodes", p, &nodes, err)) < 0)
			return rc;
		cJSON_ArrayForEach(node, nodes)
		{
			struct vx_conf_node *nd;
			const cJSON *matches, *m;
			char q[512];
			int k = 0;

			snprintf(q, sizeof(q), "%s.nodes[%d]", p, j++);
			if ((rc = need_object(node, q, err)) < 0)
				return rc;
			c->nodes = vx_realloc(c->nodes, (c->nnodes + 1) * sizeof(*c->nodes));
			nd = &c->nodes[c->nnodes++];
			memset(nd, 0, sizeof(*nd));
			if ((rc = read_operator(node, q, &nd->op_and, err)) < 0 ||
			    (rc = opt_bool(node, "negate", q, &nd->negate, err)) < 0 ||
			    (rc = vx_json_array(node, "cpeMatch", q, &matches, err)) < 0)
				return rc;
			cJSON_ArrayForEach(m, matches)
			{
				char r[512];
				snprintf(r, sizeof(r), "%s.cpeMatch[%d]", q, k++);
				if ((rc = read_cpe_match(m, r, nd, err)) < 0)
					return rc;
			}
		}
	}
	return 0;
}

/* NVD's copy of the CISA KEV fields; NULL when the CVE is not in KEV. */
static int read_kev_mirror(const cJSON *cve, const char *path, struct vx_vuln *v,
                           struct vx_err *err)
{
	struct vx_kev k;
	char p[512];
	int rc;

	memset(&k, 0, sizeof(k));
	if ((rc = vx_json_str(cve, "cisaExploitAdd", path, false, &k.date_added, err)) < 0 ||
	    (rc = vx_json_str(cve, "cisaActionDue", path, false, &k.due_date, err)) < 0 ||
	    (rc = vx_json_str(cve, "cisaRequiredAction", path, false, &k.required_action, err)) <
	        0 ||
	    (rc = vx_json_str(cve, "cisaVulnerabilityName", path, false, &k.name, err)) < 0)
		goto out;
	if (k.date_added && !vx_time_parse_date(k.date_added, NULL)) {
		sub(p, sizeof(p), path, "cisaExploitAdd");
		rc = vx_err_at(err, VX_EINVAL, p, "invalid date '%s'",
		               vx_str_quote(k.date_added, 40));
		goto out;
	}
	if (k.due_date && !vx_time_parse_date(k.due_date, NULL)) {
		sub(p, sizeof(p), path, "cisaActionDue");
		rc =
		    vx_err_at(err, VX_EINVAL, p, "invalid date '%s'", vx_str_quote(k.due_date, 40));
		goto out;
	}
	if (k.date_added || k.due_date || k.required_action || k.name) {
		v->kev = vx_malloc(sizeof(*v->kev));
		*v->kev = k;
		return 0;
	}
out:
	free(k.date_added);
	free(k.due_date);
	free(k.required_action);
	free(k.name);
	return rc;
}

/* Build v from one cve object at path ("" for a bare record). */
static int build(const cJSON *cve, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	char p[512];
	int rc;

	memset(v, 0, sizeof(*v));
	v->source = VX_FEED_NVD;
	if ((rc = need_object(cve, path[0] ? path : "cve", err)) < 0)
		return rc;
	if ((rc = vx_json_str(cve, "id", path, false, &v->id, err)) < 0)
		return rc;
	sub(p, sizeof(p), path, "id");
	if (!v->id)
		return vx_err_at(err, VX_EINVAL, p, "missing (required)");
	if (!vx_feed_cve_id_valid(v->id))
		return vx_err_at(err, VX_EINVAL, p, "not a CVE id '%s'", vx_str_quote(v->id, 40));
	if ((rc = read_time(cve, "published", path, &v->published, err)) < 0 ||
	    (rc = read_time(cve, "lastModified", path, &v->modified, err)) < 0 ||
	    (rc = vx_json_str(cve, "vulnStatus", path, false, &v->status, err)) < 0 ||
	    (rc = read_descriptions(cve, path, v, err)) < 0 ||
	    (rc = read_weaknesses(cve, path, v, err)) < 0 ||
	    (rc = read_metrics(cve, path, v, err)) < 0 ||
	    (rc = read_references(cve, path, v, err)) < 0 ||
	    (rc = read_configurations(cve, path, v, err)) < 0 ||
	    (rc = read_kev_mirror(cve, path, v, err)) < 0)
		return rc;
	return 0;
}

/* Build and hand out one record; the tree is freed either way. */
static int emit(struct nvd *p, const cJSON *cve, const char *path, const char *where)
{
	struct vx_vuln v;
	int rc = build(cve, path, &v, p->err);
	if (rc == 0) {
		rc = p->cb ? p->cb(p->ctx, &v, where, p->err) : 0;
		if (rc >= 0)
			p->records++;
		else if (p->err && p->err->code == 0)
			vx_err_set(p->err, rc, "stopped by the record handler");
	}
	vx_vuln_release(&v);
	return rc < 0 ? rc : 0;
}

/* ---- yajl events ----------------------------------------------------------------- */

static int on_start(struct nvd *p, bool map)
{
	struct builder *b;

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
	b = capturing(p);
	p->depth++;
	return add(p, b, map ? cJSON_CreateObject() : cJSON_CreateArray(), true);
}

static int on_end(struct nvd *p)
{
	struct builder *b;
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
	b = capturing(p);
	if (--b->n > 0)
		return 1;
	if (p->st == ST_ROOT) {
		p->st = ST_DONE;
		return 1;
	}
	/* A whole vulnerabilities[i].cve. */
	{
		char path[64], where[64];
		snprintf(path, sizeof(path), "vulnerabilities[%zu].cve", p->index);
		snprintf(where, sizeof(where), "vulnerabilities[%zu]", p->index);
		rc = emit(p, b->root, path, where);
	}
	builder_reset(b);
	p->st = ST_ELEM;
	if (rc < 0) {
		p->rc = rc;
		return 0;
	}
	return 1;
}

/* A scalar value (item already created, or NULL to ignore it). */
static int on_scalar(struct nvd *p, cJSON *item)
{
	struct builder *b = capturing(p);

	if (p->st == ST_ROOT && p->vulns_next) {
		p->vulns_next = false;
		cJSON_Delete(item);
		p->rc = vx_err_at(p->err, VX_EINVAL, "vulnerabilities", "expected an array");
		return 0;
	}
	if (p->st == ST_ELEM && p->cve_next) {
		char w[64];
		cJSON_Delete(item);
		snprintf(w, sizeof(w), "vulnerabilities[%zu].cve", p->index);
		p->rc = vx_err_at(p->err, VX_EINVAL, w, "expected an object");
		return 0;
	}
	if (p->st == ST_VULNS) {
		char w[64];
		cJSON_Delete(item);
		snprintf(w, sizeof(w), "vulnerabilities[%zu]", p->index);
		p->rc = vx_err_at(p->err, VX_EINVAL, w, "expected an object");
		return 0;
	}
	if (p->st == ST_TOP) {
		cJSON_Delete(item);
		p->rc = vx_err_set(p->err, VX_EINVAL,
		                   "line 1, column 1: not an NVD CVE API 2.0 document (expected an "
		                   "object)");
		return 0;
	}
	if (!b) {
		cJSON_Delete(item);
		return 1;
	}
	return add(p, b, item, false);
}

static int cb_null(void *ctx)
{
	struct nvd *p = ctx;
	return on_scalar(p, capturing(p) ? cJSON_CreateNull() : NULL);
}

static int cb_boolean(void *ctx, int val)
{
	struct nvd *p = ctx;
	return on_scalar(p, capturing(p) ? cJSON_CreateBool(val) : NULL);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
	struct nvd *p = ctx;
	if (!capturing(p))
		return on_scalar(p, NULL);
	vx_buf_reset(&p->scratch);
	vx_buf_add(&p->scratch, s, n);
	return on_scalar(p, cJSON_CreateNumber(strtod(vx_buf_str(&p->scratch), NULL)));
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
	if (!check_string(p, s, n))
		return 0;
	if (!capturing(p))
		return on_scalar(p, NULL);
	vx_buf_reset(&p->scratch);
	vx_buf_add(&p->scratch, s, n);
	capturing(p)->bytes += n;
	return on_scalar(p, cJSON_CreateString(vx_buf_str(&p->scratch)));
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct nvd *p = ctx;
	if (!check_string(p, s, n))
		return 0;
	vx_buf_reset(&p->key);
	vx_buf_add(&p->key, s, n);
	if (p->st == ST_ROOT && p->root.n == 1 &&
	    strcmp(vx_buf_str(&p->key), "vulnerabilities") == 0) {
		if (p->paged) {
			p->rc = vx_err_at(p->err, VX_EINVAL, "vulnerabilities", "given twice");
			return 0;
		}
		p->vulns_next = true;
	} else if (p->st == ST_ELEM) {
		p->cve_next = strcmp(vx_buf_str(&p->key), "cve") == 0;
	}
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
	vx_buf_init(&p.key);
	vx_buf_init(&p.scratch);
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
		size_t n;
		if ((rc = pull(src, &chunk, &n, err)) < 0)
			goto out;
		if (n == 0)
			break;
		p.chunk = chunk;
		p.chunklen = n;
		if ((rc = scan_chunk(&p)) < 0)
			goto out;
		st = yajl_parse(p.h, (const unsigned char *)chunk, n);
		if (st == yajl_status_client_canceled) {
			rc = p.rc ? p.rc : VX_EINVAL;
			goto out;
		}
		if (st == yajl_status_error) {
			rc = syntax_error(&p, false);
			goto out;
		}
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
		char *format = NULL, *stamp = NULL;
		if ((rc = vx_json_str(p.root.root, "format", "", false, &format, err)) == 0 &&
		    (rc = vx_json_str(p.root.root, "timestamp", "", false, &stamp, err)) == 0 &&
		    format && strcmp(format, "NVD_CVE") != 0)
			rc = vx_err_at(err, VX_EUNSUPPORTED, "format", "unknown NVD format '%s'",
			               vx_str_quote(format, 40));
		free(format);
		if (rc == 0 && info) {
			free(info->catalog_version);
			info->catalog_version = stamp;
			stamp = NULL;
		}
		free(stamp);
	} else if (!cJSON_GetObjectItemCaseSensitive(p.root.root, "id")) {
		rc = vx_err_set(
		    err, VX_EINVAL,
		    "not a vulnerability feed (neither 'vulnerabilities' nor a cve 'id')");
	} else {
		rc = emit(&p, p.root.root, "", "");
	}
out:
	if (info)
		info->records = p.records;
	builder_reset(&p.root);
	builder_reset(&p.rec);
	vx_buf_release(&p.key);
	vx_buf_release(&p.scratch);
	yajl_free(p.h);
	return rc;
}
