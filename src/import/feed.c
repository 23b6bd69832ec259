/* src/import/feed.c - vulnerability feed input: sources, gzip, format detection, dispatch.
 *
 * Owns the byte source behind every feed read (a file read in 64 KiB chunks, or a buffer,
 * either of them optionally gzip-compressed, which zlib inflates as it goes), the detection
 * of the format from the first 64 KiB of text (a yajl pass that notes the top-level keys,
 * so detection never needs the whole file), and the dispatch to the readers: NVD streams
 * through nvd.c chunk by chunk, KEV and OSV documents are small and are read whole (up to
 * FEED_MAX_WHOLE) for kev.c and osv.c. Also the helpers the readers share and the deep
 * free of struct vx_vuln. The record contents are the readers' business.
 */
#include "import/feed.h"
#include "import/feed_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/hex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include <zlib.h>

#define CHUNK ((size_t)64 << 10)
/* KEV (1.3 MB today) and OSV files are read whole; NVD has no ceiling. */
#define FEED_MAX_WHOLE ((size_t)64 << 20)

/* ---- Sources ----------------------------------------------------------------------- */

struct source {
	FILE *f;               /* the file, or NULL for a buffer */
	const char *mem;       /* the buffer */
	size_t memlen, mempos; /* buffer length, bytes handed out */
	int gz;                /* 1 when the input is gzip */
	int gz_end;            /* the gzip stream ended (Z_STREAM_END, nothing after it) */
	z_stream z;            /* inflate state when gz */
	unsigned char *in;     /* raw input buffer (file source, gzip) */
	char *out;             /* chunk buffer handed out (file source, gzip) */
	size_t outlen;         /* bytes valid in out */
	int replay;            /* the next pull hands out the peeked chunk again */
	const char *chunk;     /* the current chunk */
	size_t chunklen;
	struct vx_sha256 *hash; /* file sources: every raw byte read goes through it */
};

/* Raw bytes from the underlying input into src->in (file) or pointing into mem. */
static int raw_read(struct source *s, const unsigned char **p, size_t *n, struct vx_err *err)
{
	if (!s->f) {
		*p = (const unsigned char *)s->mem + s->mempos;
		*n = s->memlen - s->mempos;
		if (*n > CHUNK)
			*n = CHUNK;
		s->mempos += *n;
		return 0;
	}
	*n = fread(s->in, 1, CHUNK, s->f);
	*p = s->in;
	if (*n == 0 && ferror(s->f))
		return vx_err_set(err, VX_EIO, "read error: %s", strerror(errno));
	vx_sha256_update(s->hash, s->in, *n);
	return 0;
}

/* Fill s->out with up to CHUNK inflated bytes. */
static int gz_fill(struct source *s, struct vx_err *err)
{
	s->outlen = 0;
	while (s->outlen < CHUNK && !s->gz_end) {
		int zr;
		if (s->z.avail_in == 0) {
			const unsigned char *p;
			size_t n;
			int rc = raw_read(s, &p, &n, err);
			if (rc < 0)
				return rc;
			if (n == 0)
				return vx_err_set(err, VX_EINVAL,
				                  "gzip stream ends early (truncated file?)");
			s->z.next_in = (unsigned char *)p;
			s->z.avail_in = (uInt)n;
		}
		s->z.next_out = (unsigned char *)s->out + s->outlen;
		s->z.avail_out = (uInt)(CHUNK - s->outlen);
		zr = inflate(&s->z, Z_NO_FLUSH);
		s->outlen = CHUNK - s->z.avail_out;
		if (zr == Z_STREAM_END) {
			/* Another member may follow (concatenated gzip files). */
			if (s->z.avail_in == 0) {
				const unsigned char *p;
				size_t n;
				int rc = raw_read(s, &p, &n, err);
				if (rc < 0)
					return rc;
				s->z.next_in = (unsigned char *)p;
				s->z.avail_in = (uInt)n;
			}
			if (s->z.avail_in == 0)
				s->gz_end = 1;
			else if (inflateReset(&s->z) != Z_OK)
				return vx_err_set(err, VX_EINVAL, "gzip stream is corrupt");
		} else if (zr == Z_BUF_ERROR && s->z.avail_in == 0) {
			continue; /* needs input: read more above */
		} else if (zr != Z_OK) {
			return vx_err_set(err, VX_EINVAL, "gzip stream is corrupt: %s",
			                  s->z.msg ? s->z.msg : zError(zr));
		}
	}
	return 0;
}

/* The next chunk of text, after the peeked one is replayed. */
static int pull(void *ctx, const char **chunk, size_t *len, struct vx_err *err)
{
	struct source *s = ctx;
	int rc;

	if (s->replay) {
		s->replay = 0;
	} else if (s->gz) {
		if ((rc = gz_fill(s, err)) < 0)
			return rc;
		s->chunk = s->out;
		s->chunklen = s->outlen;
	} else {
		const unsigned char *p;
		if ((rc = raw_read(s, &p, &s->chunklen, err)) < 0)
			return rc;
		s->chunk = (const char *)p;
	}
	*chunk = s->chunk;
	*len = s->chunklen;
	return 0;
}

/* Set up s over a file or a buffer, detect gzip, and read the first chunk (up to CHUNK
 * bytes of text, fewer only at the end of the input) to be replayed by the first pull. */
static int source_open(struct source *s, FILE *f, const char *mem, size_t memlen,
                       struct vx_err *err)
{
	const unsigned char *p;
	size_t n;
	int rc;

	memset(s, 0, sizeof(*s));
	s->f = f;
	s->mem = mem;
	s->memlen = memlen;
	if (f) {
		s->in = vx_malloc(CHUNK);
		s->hash = vx_sha256_new();
	}
	if ((rc = raw_read(s, &p, &n, err)) < 0)
		return rc;
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		s->gz = 1;
		s->out = vx_malloc(CHUNK);
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
			vx_oom();
		s->z.next_in = (unsigned char *)p;
		s->z.avail_in = (uInt)n;
		if ((rc = gz_fill(s, err)) < 0)
			return rc;
		s->chunk = s->out;
		s->chunklen = s->outlen;
	} else if (f) {
		/* Fill the whole first chunk so detection sees up to CHUNK bytes. */
		while (n < CHUNK) {
			size_t m = fread(s->in + n, 1, CHUNK - n, f);
			if (m == 0) {
				if (ferror(f))
					return vx_err_set(err, VX_EIO, "read error: %s",
					                  strerror(errno));
				break;
			}
			vx_sha256_update(s->hash, s->in + n, m);
			n += m;
		}
		s->chunk = (const char *)s->in;
		s->chunklen = n;
	} else {
		s->chunk = (const char *)p;
		s->chunklen = n;
	}
	s->replay = 1;
	return 0;
}

/* Finish the file's digest: bytes the readers did not need (after the last record) are
 * read and hashed too, so the digest is always that of the whole file. */
static int source_digest(struct source *s, char out[65], struct vx_err *err)
{
	for (;;) {
		size_t n = fread(s->in, 1, CHUNK, s->f);
		if (n == 0) {
			if (ferror(s->f))
				return vx_err_set(err, VX_EIO, "read error: %s", strerror(errno));
			break;
		}
		vx_sha256_update(s->hash, s->in, n);
	}
	vx_sha256_final(s->hash, out);
	s->hash = NULL;
	return 0;
}

static void source_close(struct source *s)
{
	vx_sha256_abandon(s->hash);
	if (s->gz)
		inflateEnd(&s->z);
	free(s->in);
	free(s->out);
}

/* ---- Detection --------------------------------------------------------------------- */

enum {
	K_ID = 1 << 0,
	K_SOURCEID = 1 << 1,
	K_DESCRIPTIONS = 1 << 2,
	K_PUBLISHED = 1 << 3,
	K_LASTMODIFIED = 1 << 4,
	K_MODIFIED = 1 << 5,
	K_AFFECTED = 1 << 6,
	K_ALIASES = 1 << 7,
	K_SCHEMA = 1 << 8,
	K_CATALOG = 1 << 9,
	K_VULNS = 1 << 10,
	K_FORMAT = 1 << 11,
	K_CVE = 1 << 12,
	K_CVEID = 1 << 13,
};

static const struct {
	const char *name;
	int bit;
} known_keys[] = {
    {"id", K_ID},
    {"sourceIdentifier", K_SOURCEID},
    {"descriptions", K_DESCRIPTIONS},
    {"published", K_PUBLISHED},
    {"lastModified", K_LASTMODIFIED},
    {"modified", K_MODIFIED},
    {"affected", K_AFFECTED},
    {"aliases", K_ALIASES},
    {"schema_version", K_SCHEMA},
    {"catalogVersion", K_CATALOG},
    {"vulnerabilities", K_VULNS},
    {"format", K_FORMAT},
    {"cve", K_CVE},
    {"cveID", K_CVEID},
};

struct sniff {
	int depth;      /* open maps and arrays */
	int root;       /* '{', '[' or 0 before the first value */
	int top;        /* keys seen in the root object (or the first element of a root array) */
	int first;      /* keys seen in the first element of vulnerabilities[] */
	int key;        /* the bit of the member name just read at depth 1, or 0 */
	int in_vulns;   /* 1 while inside the root's vulnerabilities array */
	int elements;   /* elements begun in the current array of interest */
	int nvd_format; /* "format": "NVD_CVE" */
	int too_deep;   /* nesting limit hit */
	int cve_next;   /* the member just named in that first element is "cve" */
};

static int key_bit(const unsigned char *k, size_t n)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
		if (strlen(known_keys[i].name) == n && memcmp(known_keys[i].name, k, n) == 0)
			return known_keys[i].bit;
	return 0;
}

static int sn_start(struct sniff *s, int c)
{
	if (s->depth == 0)
		s->root = c;
	if (s->depth == 1 && s->root == '{' && s->key == K_VULNS && c == '[')
		s->in_vulns = 1, s->elements = 0;
	if (s->depth == 2 && s->in_vulns && c == '{')
		s->elements++;
	if (s->depth == 1 && s->root == '[' && c == '{')
		s->elements++;
	/* vulnerabilities[0].cve must be an object (CSAF has "cve": "CVE-..." there). */
	if (s->depth == 3 && s->cve_next && c == '{')
		s->first |= K_CVE;
	s->cve_next = 0;
	s->key = 0;
	if (++s->depth > VX_FEED_MAX_DEPTH) {
		s->too_deep = 1;
		return 0;
	}
	return 1;
}

static int sn_start_map(void *ctx)
{
	return sn_start(ctx, '{');
}

static int sn_start_array(void *ctx)
{
	return sn_start(ctx, '[');
}

static int sn_end(void *ctx)
{
	struct sniff *s = ctx;
	s->depth--;
	if (s->depth == 1 && s->in_vulns)
		s->in_vulns = 0;
	s->key = 0;
	return 1;
}

static int sn_key(void *ctx, const unsigned char *k, size_t n)
{
	struct sniff *s = ctx;
	int bit = key_bit(k, n);
	if (s->depth == 1 && s->root == '{')
		s->top |= bit;
	else if (s->depth == 2 && s->root == '[' && s->elements == 1)
		s->top |= bit;
	else if (s->depth == 3 && s->in_vulns && s->elements == 1 && bit == K_CVE)
		s->cve_next = 1;
	else if (s->depth == 3 && s->in_vulns && s->elements == 1)
		s->first |= bit;
	s->key = s->depth == 1 ? bit : 0;
	return 1;
}

static int sn_string(void *ctx, const unsigned char *v, size_t n)
{
	struct sniff *s = ctx;
	if (s->depth == 1 && s->key == K_FORMAT && n == 7 && memcmp(v, "NVD_CVE", 7) == 0)
		s->nvd_format = 1;
	s->key = 0;
	s->cve_next = 0;
	return 1;
}

static int sn_scalar(void *ctx)
{
	((struct sniff *)ctx)->key = 0;
	((struct sniff *)ctx)->cve_next = 0;
	return 1;
}

static int sn_bool(void *ctx, int b)
{
	return sn_scalar(ctx);
}

static int sn_number(void *ctx, const char *v, size_t n)
{
	return sn_scalar(ctx);
}

static const yajl_callbacks sniff_callbacks = {
    .yajl_null = sn_scalar,
    .yajl_boolean = sn_bool,
    .yajl_number = sn_number,
    .yajl_string = sn_string,
    .yajl_start_map = sn_start_map,
    .yajl_map_key = sn_key,
    .yajl_end_map = sn_end,
    .yajl_start_array = sn_start_array,
    .yajl_end_array = sn_end,
};

/* 1-based line and column of offset off in s[0..n). */
static void position(const char *s, size_t n, size_t off, int *line, int *col)
{
	vx_text_position(s, n, off < n ? off : n, line, col);
}

/* Detect the format from the first chunk of text (`all` says it is the whole input). */
static int detect(const char *text, size_t n, int all, enum vx_feed_format *out, struct vx_err *err)
{
	struct sniff s;
	yajl_handle h;
	yajl_status st;
	int line, col, rc = 0;

	*out = VX_FEED_UNKNOWN;
	memset(&s, 0, sizeof(s));
	if (n == 0)
		return vx_err_set(err, VX_EINVAL, "empty file, not a vulnerability feed");
	h = yajl_alloc(&sniff_callbacks, NULL, &s);
	if (!h)
		vx_oom();
	st = yajl_parse(h, (const unsigned char *)text, n);
	if (st == yajl_status_ok && all)
		st = yajl_complete_parse(h);
	if (s.too_deep) {
		position(text, n, yajl_get_bytes_consumed(h), &line, &col);
		rc = vx_err_set(err, VX_ELIMIT,
		                "line %d, column %d: JSON nested deeper than %d levels", line, col,
		                VX_FEED_MAX_DEPTH);
		goto out;
	}
	if (s.root == '{') {
		int t = s.top;
		if (s.nvd_format || ((t & K_VULNS) && (s.first & K_CVE)))
			*out = VX_FEED_NVD;
		else if ((t & K_CATALOG) && (t & K_VULNS) && (!s.first || (s.first & K_CVEID)))
			*out = VX_FEED_KEV;
		else if ((t & K_ID) && (t & K_LASTMODIFIED) &&
		         (t & (K_SOURCEID | K_DESCRIPTIONS | K_PUBLISHED)))
			*out = VX_FEED_NVD;
		else if ((t & K_ID) && (t & K_MODIFIED) &&
		         (t & (K_AFFECTED | K_ALIASES | K_SCHEMA)))
			*out = VX_FEED_OSV;
	} else if (s.root == '[') {
		int t = s.top;
		if ((t & K_ID) && (t & K_MODIFIED) && (t & (K_AFFECTED | K_ALIASES | K_SCHEMA)))
			*out = VX_FEED_OSV;
	}
	if (*out != VX_FEED_UNKNOWN)
		goto out; /* the reader reports any later syntax error with its place */
	if (st == yajl_status_error) {
		size_t off = yajl_get_bytes_consumed(h);
		position(text, n, off, &line, &col);
		if (all && off >= n)
			rc = vx_err_set(err, VX_EINVAL,
			                "line %d, column %d: JSON ends early (truncated file?)",
			                line, col);
		else
			rc = vx_err_set(err, VX_EINVAL,
			                "line %d, column %d: JSON syntax error near '%s'", line,
			                col, vx_str_quoten(text + (off < n ? off : n), off < n ? n - off : 0, 20));
		goto out;
	}
	rc = vx_err_set(err, VX_EINVAL,
	                "not a vulnerability feed (no NVD CVE API 2.0, CISA KEV or OSV keys at the "
	                "top level)");
out:
	yajl_free(h);
	return rc;
}

/* ---- Reading ----------------------------------------------------------------------- */

/* The whole remaining text of s (after the peeked chunk) in one buffer. */
static int read_whole(struct source *s, struct vx_buf *b, struct vx_err *err)
{
	for (;;) {
		const char *c;
		size_t n;
		int rc = pull(s, &c, &n, err);
		if (rc < 0)
			return rc;
		if (n == 0)
			return 0;
		if (b->len + n > FEED_MAX_WHOLE)
			return vx_err_set(err, VX_ELIMIT,
			                  "KEV and OSV documents are read whole and this one is "
			                  "larger than %s",
			                  vx_size_text(FEED_MAX_WHOLE));
		vx_buf_add(b, c, n);
	}
}

static int read_source(struct source *s, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
                       struct vx_err *err)
{
	enum vx_feed_format fmt;
	struct vx_buf whole;
	int all, rc;

	vx_buf_init(&whole);
	/* The first chunk is the whole input when a short chunk came back. */
	all = s->chunklen < CHUNK && (!s->gz || s->gz_end);
	if (!s->f && !s->gz)
		all = s->mempos >= s->memlen;
	if ((rc = detect(s->chunk, s->chunklen, all, &fmt, err)) < 0)
		goto out;
	info->format = fmt;
	if (fmt == VX_FEED_NVD) {
		rc = vx_nvd_read(pull, s, cb, ctx, info, err);
		goto out;
	}
	if (!s->f && !s->gz) {
		/* A plain buffer is already whole. */
		if (s->memlen > FEED_MAX_WHOLE) {
			rc = vx_err_set(err, VX_ELIMIT,
			                "KEV and OSV documents are read whole and this one is "
			                "larger than %s",
			                vx_size_text(FEED_MAX_WHOLE));
			goto out;
		}
		if (fmt == VX_FEED_KEV)
			rc = vx_kev_read(s->mem, s->memlen, cb, ctx, info, err);
		else
			rc = vx_osv_read(s->mem, s->memlen, cb, ctx, info, err);
		goto out;
	}
	if ((rc = read_whole(s, &whole, err)) < 0)
		goto out;
	if (fmt == VX_FEED_KEV)
		rc = vx_kev_read(vx_buf_str(&whole), whole.len, cb, ctx, info, err);
	else
		rc = vx_osv_read(vx_buf_str(&whole), whole.len, cb, ctx, info, err);
out:
	vx_buf_release(&whole);
	return rc;
}

static void info_init(struct vx_feed_info *info)
{
	info->format = VX_FEED_UNKNOWN;
	info->records = 0;
	info->catalog_version = NULL;
	info->sha256[0] = '\0';
}

int vx_feed_read_file(const char *path, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
                      struct vx_err *err)
{
	struct vx_feed_info local;
	struct source s;
	FILE *f;
	int rc;

	if (!info)
		info = &local;
	info_init(info);
	f = fopen(path, "rb");
	if (!f)
		return vx_err_set(err, VX_EIO, "cannot open: %s", strerror(errno));
	rc = source_open(&s, f, NULL, 0, err);
	if (rc == 0)
		rc = read_source(&s, cb, ctx, info, err);
	if (rc == 0)
		rc = source_digest(&s, info->sha256, err);
	source_close(&s);
	fclose(f);
	if (info == &local)
		free(local.catalog_version);
	return rc;
}

int vx_feed_read_buffer(const char *data, size_t len, vx_feed_cb cb, void *ctx,
                        struct vx_feed_info *info, struct vx_err *err)
{
	struct vx_feed_info local;
	struct source s;
	int rc;

	if (!info)
		info = &local;
	info_init(info);
	rc = source_open(&s, NULL, data, len, err);
	if (rc == 0)
		rc = read_source(&s, cb, ctx, info, err);
	source_close(&s);
	if (info == &local)
		free(local.catalog_version);
	return rc;
}

const char *vx_feed_format_name(enum vx_feed_format f)
{
	switch (f) {
	case VX_FEED_NVD:
		return "NVD CVE API 2.0";
	case VX_FEED_KEV:
		return "CISA KEV";
	case VX_FEED_OSV:
		return "OSV";
	case VX_FEED_UNKNOWN:
		break;
	}
	return "unknown";
}

/* ---- Shared helpers ---------------------------------------------------------------- */

void vx_feed_strv_add(char ***v, size_t *n, const char *s, int unique)
{
	if (!s)
		return;
	if (unique)
		for (size_t i = 0; i < *n; i++)
			if (strcmp((*v)[i], s) == 0)
				return;
	*v = vx_realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = vx_strdup(s);
}

int vx_feed_cve_id_valid(const char *s)
{
	size_t i, d = 0;
	if (!s || strncmp(s, "CVE-", 4) != 0)
		return 0;
	for (i = 4; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (s[8] != '-')
		return 0;
	for (i = 9; s[i]; i++, d++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return d >= 4 && d <= 19;
}

int vx_feed_check_text(const char *data, size_t len, struct vx_err *err)
{
	size_t bad = vx_utf8_invalid_at(data, len), i, start = 0, dec = 0;
	int in_str = 0, line, col;

	if (bad != (size_t)-1) {
		position(data, len, bad, &line, &col);
		return vx_err_set(err, VX_EINVAL, "line %d, column %d: invalid UTF-8", line, col);
	}
	for (i = 0; i < len; i++) {
		char c = data[i];
		if (!in_str) {
			if (c == '"')
				in_str = 1, start = i, dec = 0;
			else if (c == '\0')
				goto nul;
			continue;
		}
		if (c == '"') {
			in_str = 0;
			continue;
		}
		if (c == '\\' && i + 1 < len) {
			i++;
			if (data[i] == 'u' && i + 4 < len) {
				int v = 0, ok = 1;
				for (int k = 1; k <= 4; k++) {
					int h = vx_hexval(data[i + k]);
					if (h < 0)
						ok = 0;
					v = v * 16 + (h < 0 ? 0 : h);
				}
				if (ok && v == 0)
					goto nul;
				/* Decoded UTF-8 length; each half of a surrogate pair counts 2. */
				dec += v < 0x80                      ? 1
				       : v < 0x800                   ? 2
				       : (v >= 0xd800 && v < 0xe000) ? 2
				                                     : 3;
				i += 4;
				continue;
			}
		} else if (c == '\0') {
			goto nul;
		}
		if (++dec > VX_FEED_MAX_STRING) {
			position(data, len, start, &line, &col);
			return vx_err_set(err, VX_ELIMIT,
			                  "line %d, column %d: string longer than %s", line, col,
			                  vx_size_text(VX_FEED_MAX_STRING));
		}
		continue;
	}
	return 0;
nul:
	position(data, len, i, &line, &col);
	return vx_err_set(err, VX_EINVAL, "line %d, column %d: NUL byte in the text", line, col);
}

/* ---- Records ----------------------------------------------------------------------- */

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void vx_vuln_release(struct vx_vuln *v)
{
	if (!v)
		return;
	free(v->id);
	strv_free(v->aliases, v->naliases);
	free(v->published);
	free(v->modified);
	free(v->status);
	free(v->description);
	free(v->summary);
	strv_free(v->cwes, v->ncwes);
	for (size_t i = 0; i < v->ncvss; i++) {
		free(v->cvss[i].version);
		free(v->cvss[i].vector);
		free(v->cvss[i].severity);
		free(v->cvss[i].source);
	}
	free(v->cvss);
	strv_free(v->refs, v->nrefs);
	for (size_t i = 0; i < v->nconfs; i++) {
		struct vx_configuration *c = &v->confs[i];
		for (size_t j = 0; j < c->nnodes; j++) {
			struct vx_conf_node *nd = &c->nodes[j];
			for (size_t k = 0; k < nd->nmatches; k++) {
				struct vx_cpe_match *m = &nd->matches[k];
				free(m->criteria);
				free(m->match_id);
				free(m->start_incl);
				free(m->start_excl);
				free(m->end_incl);
				free(m->end_excl);
			}
			free(nd->matches);
		}
		free(c->nodes);
	}
	free(v->confs);
	for (size_t i = 0; i < v->naffected; i++) {
		struct vx_osv_affected *a = &v->affected[i];
		free(a->ecosystem);
		free(a->name);
		free(a->purl);
		for (size_t j = 0; j < a->nranges; j++) {
			struct vx_osv_range *r = &a->ranges[j];
			free(r->type);
			free(r->repo);
			for (size_t k = 0; k < r->nevents; k++)
				free(r->events[k].version);
			free(r->events);
		}
		free(a->ranges);
		strv_free(a->versions, a->nversions);
		free(a->vers);
	}
	free(v->affected);
	if (v->kev) {
		free(v->kev->vendor);
		free(v->kev->product);
		free(v->kev->name);
		free(v->kev->date_added);
		free(v->kev->due_date);
		free(v->kev->required_action);
		free(v->kev->ransomware);
		free(v->kev->notes);
		free(v->kev);
	}
	memset(v, 0, sizeof(*v));
}
