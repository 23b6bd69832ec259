/* tests/unit/check_feed.c - NVD, KEV and OSV feed readers on the real public corpus, the
 * same records as paged and gzip feeds, hostile input, and bounded memory on a 50 MB feed. */
#include "testutil.h"
#include "import/feed.h"
#include "import/feed_private.h"
#include "util/buf.h"
#include "util/err.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

/* ---- Helpers ------------------------------------------------------------------------ */

/* Everything in a record, one line per field, to compare two reads of the same record. */
static char *digest(const struct vx_vuln *v)
{
	struct vx_buf b;
#define S(x) ((x) ? (x) : "-")
	vx_buf_init(&b);
	vx_buf_printf(&b, "src=%d id=%s pub=%s mod=%s status=%s\n", v->source, S(v->id),
	              S(v->published), S(v->modified), S(v->status));
	vx_buf_printf(&b, "desc=%s\nsummary=%s\n", S(v->description), S(v->summary));
	for (size_t i = 0; i < v->naliases; i++)
		vx_buf_printf(&b, "alias=%s\n", v->aliases[i]);
	for (size_t i = 0; i < v->ncwes; i++)
		vx_buf_printf(&b, "cwe=%s\n", v->cwes[i]);
	for (size_t i = 0; i < v->ncvss; i++)
		vx_buf_printf(&b, "cvss=%s %s %.1f %s %s %d\n", S(v->cvss[i].version),
		              S(v->cvss[i].vector), v->cvss[i].score, S(v->cvss[i].severity),
		              S(v->cvss[i].source), v->cvss[i].primary);
	for (size_t i = 0; i < v->nrefs; i++)
		vx_buf_printf(&b, "ref=%s\n", v->refs[i]);
	for (size_t i = 0; i < v->nconfs; i++) {
		vx_buf_printf(&b, "conf and=%d neg=%d\n", v->confs[i].op_and, v->confs[i].negate);
		for (size_t j = 0; j < v->confs[i].nnodes; j++) {
			const struct vx_conf_node *n = &v->confs[i].nodes[j];
			vx_buf_printf(&b, " node and=%d neg=%d\n", n->op_and, n->negate);
			for (size_t k = 0; k < n->nmatches; k++) {
				const struct vx_cpe_match *m = &n->matches[k];
				vx_buf_printf(&b, "  %d %s %s [%s (%s %s] %s)\n", m->vulnerable,
				              S(m->criteria), S(m->match_id), S(m->start_incl),
				              S(m->start_excl), S(m->end_incl), S(m->end_excl));
			}
		}
	}
	for (size_t i = 0; i < v->naffected; i++) {
		const struct vx_osv_affected *a = &v->affected[i];
		vx_buf_printf(&b, "affected %s %s %s\n", S(a->ecosystem), S(a->name), S(a->purl));
		for (size_t j = 0; j < a->nranges; j++) {
			vx_buf_printf(&b, " range %s %s:", S(a->ranges[j].type),
			              S(a->ranges[j].repo));
			for (size_t k = 0; k < a->ranges[j].nevents; k++)
				vx_buf_printf(&b, " %d=%s", a->ranges[j].events[k].kind,
				              a->ranges[j].events[k].version);
			vx_buf_adds(&b, "\n");
		}
		for (size_t j = 0; j < a->nversions; j++)
			vx_buf_printf(&b, " version %s\n", a->versions[j]);
	}
	if (v->kev)
		vx_buf_printf(&b, "kev %s|%s|%s|%s|%s|%s|%s|%s\n", S(v->kev->vendor),
		              S(v->kev->product), S(v->kev->name), S(v->kev->date_added),
		              S(v->kev->due_date), S(v->kev->required_action),
		              S(v->kev->ransomware), S(v->kev->notes));
#undef S
	return vx_buf_detach(&b);
}

/* What a read handed to its callback. */
struct seen {
	size_t n;       /* records seen */
	char **digests; /* one per record when keep */
	char **ids;     /* one per record */
	char **wheres;  /* one per record */
	int keep;       /* keep digests */
	size_t stop_at; /* fail the callback on this record (1-based), 0 never */
	void (*check)(const struct vx_vuln *v); /* field checks, run inside the callback */
};

static int collect(void *ctx, const struct vx_vuln *v, const char *where, struct vx_err *err)
{
	struct seen *s = ctx;
	s->n++;
	if (s->stop_at && s->n == s->stop_at)
		return vx_err_set(err, VX_ECHECK, "callback stops at '%s'", v->id);
	s->ids = vx_realloc(s->ids, s->n * sizeof(*s->ids));
	s->ids[s->n - 1] = vx_strdup(v->id);
	s->wheres = vx_realloc(s->wheres, s->n * sizeof(*s->wheres));
	s->wheres[s->n - 1] = vx_strdup(where);
	if (s->keep) {
		s->digests = vx_realloc(s->digests, s->n * sizeof(*s->digests));
		s->digests[s->n - 1] = digest(v);
	}
	if (s->check)
		s->check(v);
	return 0;
}

static void seen_release(struct seen *s)
{
	size_t kept = s->stop_at && s->n >= s->stop_at ? s->stop_at - 1 : s->n;
	for (size_t i = 0; i < kept; i++) {
		free(s->ids[i]);
		free(s->wheres[i]);
		if (s->keep)
			free(s->digests[i]);
	}
	free(s->ids);
	free(s->wheres);
	free(s->digests);
	memset(s, 0, sizeof(*s));
}

/* Read a file that must parse; returns the number of records. */
static size_t read_ok(const char *path, struct seen *s, struct vx_feed_info *info)
{
	struct vx_err err;
	struct vx_feed_info local;
	int rc;
	vx_err_clear(&err);
	rc = vx_feed_read_file(path, collect, s, info ? info : &local, &err);
	ck_assert_msg(rc == 0, "%s: %s", path, vx_err_text(&err));
	if (!info)
		free(local.catalog_version);
	return s->n;
}

/* A buffer that must be refused: returns the error text (static) and checks the code. */
static const char *read_bad(const char *data, size_t len, int code, struct seen *s)
{
	struct vx_err err;
	struct vx_feed_info info;
	struct seen local;
	int rc;
	memset(&local, 0, sizeof(local));
	vx_err_clear(&err);
	rc = vx_feed_read_buffer(data, len, collect, s ? s : &local, &info, &err);
	free(info.catalog_version);
	if (!s)
		seen_release(&local);
	ck_assert_msg(rc < 0, "accepted: %.80s", data);
	ck_assert_msg(err.code == code, "code %d, want %d: %s", err.code, code, vx_err_text(&err));
	return vx_err_text(&err);
}

static char **corpus_glob(const char *pattern, size_t *n)
{
	char *pat = vx_test_corpus_path(pattern);
	glob_t g;
	char **out;
	ck_assert_int_eq(glob(pat, 0, NULL, &g), 0);
	out = vx_calloc(g.gl_pathc + 1, sizeof(*out));
	for (size_t i = 0; i < g.gl_pathc; i++)
		out[i] = vx_strdup(g.gl_pathv[i]);
	*n = g.gl_pathc;
	globfree(&g);
	free(pat);
	return out;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The NVD corpus as one paged API response; *starts gets the offset of each element. */
static char *paged_feed(char **files, size_t n, size_t *len, size_t **starts)
{
	struct vx_buf b;
	vx_buf_init(&b);
	vx_buf_printf(&b,
	              "{\n  \"resultsPerPage\": %zu,\n  \"startIndex\": 0,\n  \"totalResults\": "
	              "%zu,\n  \"format\": \"NVD_CVE\",\n  \"version\": \"2.0\",\n  "
	              "\"timestamp\": \"2025-11-27T19:30:00.000\",\n  \"vulnerabilities\": [\n",
	              n, n);
	if (starts)
		*starts = vx_calloc(n, sizeof(**starts));
	for (size_t i = 0; i < n; i++) {
		size_t flen;
		char *rec = vx_test_slurp(files[i], &flen);
		if (starts)
			(*starts)[i] = b.len;
		vx_buf_printf(&b, "%s    {\n      \"cve\": ", i ? ",\n" : "");
		vx_buf_add(&b, rec, flen);
		vx_buf_adds(&b, "\n    }");
		free(rec);
	}
	vx_buf_adds(&b, "\n  ]\n}\n");
	*len = b.len;
	return vx_buf_detach(&b);
}

static const struct vx_cvss *cvss_of(const struct vx_vuln *v, const char *version, int primary)
{
	for (size_t i = 0; i < v->ncvss; i++)
		if (strcmp(v->cvss[i].version, version) == 0 && v->cvss[i].primary == primary)
			return &v->cvss[i];
	return NULL;
}

/* ---- NVD ---------------------------------------------------------------------------- */

START_TEST(nvd_corpus_bare_records)
{
	size_t n;
	char **files;
	VX_NEED_CORPUS();
	files = corpus_glob("nvd/CVE-*.json", &n);
	ck_assert_uint_eq(n, 30);
	for (size_t i = 0; i < n; i++) {
		struct seen s;
		struct vx_feed_info info;
		char id[64];
		memset(&s, 0, sizeof(s));
		ck_assert_uint_eq(read_ok(files[i], &s, &info), 1);
		ck_assert_int_eq(info.format, VX_FEED_NVD);
		ck_assert_uint_eq(info.records, 1);
		ck_assert_ptr_null(info.catalog_version);
		snprintf(id, sizeof(id), "%s", strrchr(files[i], '/') + 1);
		*strstr(id, ".json") = '\0';
		ck_assert_str_eq(s.ids[0], id);
		ck_assert_str_eq(s.wheres[0], "");
		seen_release(&s);
	}
	strv_free(files, n);
}
END_TEST

static void check_log4j(const struct vx_vuln *v)
{
	const struct vx_cvss *c;
	const struct vx_conf_node *nd;
	ck_assert_int_eq(v->source, VX_FEED_NVD);
	ck_assert_str_eq(v->id, "CVE-2021-44228");
	ck_assert_str_eq(v->published, "2021-12-10T10:15:09.143");
	ck_assert_str_eq(v->modified, "2025-04-03T20:53:22.977");
	ck_assert_str_eq(v->status, "Analyzed");
	ck_assert(strncmp(v->description, "Apache Log4j2 2.0-beta9 through 2.15.0", 38) == 0);
	ck_assert_ptr_null(v->summary);
	/* metrics in the order published: V31 primary, V31 secondary, V2 */
	ck_assert_uint_eq(v->ncvss, 3);
	ck_assert_str_eq(v->cvss[0].version, "3.1");
	ck_assert_str_eq(v->cvss[2].version, "2.0");
	c = cvss_of(v, "3.1", 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	ck_assert_double_eq(c->score, 10.0);
	ck_assert_str_eq(c->severity, "CRITICAL");
	ck_assert_str_eq(c->source, "nvd@nist.gov");
	c = cvss_of(v, "3.1", 0);
	ck_assert_str_eq(c->source, "134c704f-9b21-4f2e-91b3-4a467353bcc0");
	c = cvss_of(v, "2.0", 1);
	ck_assert_double_eq(c->score, 9.3);
	ck_assert_str_eq(c->severity, "HIGH"); /* V2 keeps baseSeverity outside cvssData */
	ck_assert_uint_eq(v->ncwes, 4);
	ck_assert_str_eq(v->cwes[0], "CWE-20");
	ck_assert_str_eq(v->cwes[3], "CWE-917");
	ck_assert_uint_eq(v->nrefs, 51); /* 118 references, 51 distinct URLs */
	ck_assert_str_eq(v->refs[0], "http://packetstormsecurity.com/files/165225/"
	                             "Apache-Log4j2-2.14.1-Remote-Code-Execution.html");
	ck_assert_uint_eq(v->nconfs, 20);
	/* configurations[0]: Siemens firmware AND hardware */
	ck_assert_int_eq(v->confs[0].op_and, 1);
	ck_assert_uint_eq(v->confs[0].nnodes, 2);
	ck_assert_int_eq(v->confs[0].nodes[0].matches[0].vulnerable, 1);
	ck_assert_str_eq(v->confs[0].nodes[0].matches[0].end_excl, "2.7.0");
	ck_assert_int_eq(v->confs[0].nodes[1].matches[0].vulnerable, 0);
	/* configurations[5].nodes[0]: the log4j ranges */
	ck_assert_int_eq(v->confs[5].op_and, 0);
	nd = &v->confs[5].nodes[0];
	ck_assert_int_eq(nd->op_and, 0);
	ck_assert_int_eq(nd->negate, 0);
	ck_assert_str_eq(nd->matches[0].criteria, "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*");
	ck_assert_str_eq(nd->matches[0].start_incl, "2.0.1");
	ck_assert_str_eq(nd->matches[0].end_excl, "2.3.1");
	ck_assert_ptr_null(nd->matches[0].end_incl);
	ck_assert_ptr_null(nd->matches[0].start_excl);
	ck_assert_str_eq(nd->matches[0].match_id, "03FA5E81-F9C0-403E-8A4B-E4284E4E7B72");
	ck_assert_str_eq(nd->matches[2].start_incl, "2.13.0");
	ck_assert_str_eq(nd->matches[2].end_excl, "2.15.0");
	ck_assert_str_eq(nd->matches[4].criteria, "cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*");
	ck_assert_ptr_null(nd->matches[4].start_incl);
	/* NVD's KEV mirror */
	ck_assert_ptr_nonnull(v->kev);
	ck_assert_str_eq(v->kev->date_added, "2021-12-10");
	ck_assert_str_eq(v->kev->due_date, "2021-12-24");
	ck_assert_str_eq(v->kev->name, "Apache Log4j2 Remote Code Execution Vulnerability");
	ck_assert(strncmp(v->kev->required_action, "For all affected software assets", 32) == 0);
	ck_assert_ptr_null(v->kev->vendor);
	ck_assert_ptr_null(v->affected);
}

static void check_heartbleed(const struct vx_vuln *v)
{
	const struct vx_cvss *c;
	const struct vx_cpe_match *m;
	ck_assert_str_eq(v->id, "CVE-2014-0160");
	ck_assert_str_eq(v->published, "2014-04-07T22:55:03.893");
	ck_assert_uint_eq(v->ncwes, 1); /* CWE-125 twice (NVD and CNA): kept once */
	ck_assert_str_eq(v->cwes[0], "CWE-125");
	c = cvss_of(v, "2.0", 1);
	ck_assert_str_eq(c->vector, "AV:N/AC:L/Au:N/C:P/I:N/A:N");
	ck_assert_double_eq(c->score, 5.0);
	ck_assert_str_eq(c->severity, "MEDIUM");
	c = cvss_of(v, "3.1", 1);
	ck_assert_double_eq(c->score, 7.5);
	m = &v->confs[0].nodes[0].matches[0];
	ck_assert_str_eq(m->criteria, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*");
	ck_assert_str_eq(m->start_incl, "1.0.1");
	ck_assert_str_eq(m->end_excl, "1.0.1g");
	ck_assert_int_eq(m->vulnerable, 1);
	ck_assert_ptr_nonnull(v->kev);
}

static void check_unscored(const struct vx_vuln *v)
{
	ck_assert_str_eq(v->id, "CVE-2023-48795");
	ck_assert_str_eq(v->status, "Awaiting Analysis");
	ck_assert_uint_eq(v->ncvss, 0);
	ck_assert_ptr_null(v->cvss);
	ck_assert_uint_eq(v->nconfs, 0);
	ck_assert_uint_eq(v->ncwes, 0);
	ck_assert_ptr_null(v->kev);
	ck_assert(v->nrefs > 0);
}

static const struct {
	const char *file;
	void (*check)(const struct vx_vuln *v);
} nvd_checks[] = {
    {"nvd/CVE-2021-44228.json", check_log4j},
    {"nvd/CVE-2014-0160.json", check_heartbleed},
    {"nvd/CVE-2023-48795.json", check_unscored},
};

START_TEST(nvd_record_fields)
{
	struct seen s;
	char *path;
	VX_NEED_CORPUS();
	memset(&s, 0, sizeof(s));
	s.check = nvd_checks[_i].check;
	path = vx_test_corpus_path(nvd_checks[_i].file);
	ck_assert_uint_eq(read_ok(path, &s, NULL), 1);
	seen_release(&s);
	free(path);
}
END_TEST

/* The 30 records as a paged response, plain and gzip, give the same records as bare. */
START_TEST(nvd_paged_and_gzip_match_bare)
{
	size_t n, len;
	char **files, *feed;
	struct seen bare, paged, gz;
	struct vx_feed_info info;
	struct vx_err err;
	char gzpath[] = "/tmp/vx-feed-XXXXXX";
	gzFile g;
	int fd;

	VX_NEED_CORPUS();
	files = corpus_glob("nvd/CVE-*.json", &n);
	memset(&bare, 0, sizeof(bare));
	memset(&paged, 0, sizeof(paged));
	memset(&gz, 0, sizeof(gz));
	bare.keep = paged.keep = gz.keep = 1;
	for (size_t i = 0; i < n; i++)
		read_ok(files[i], &bare, NULL);
	feed = paged_feed(files, n, &len, NULL);

	vx_err_clear(&err);
	ck_assert_msg(vx_feed_read_buffer(feed, len, collect, &paged, &info, &err) == 0, "%s",
	              vx_err_text(&err));
	ck_assert_int_eq(info.format, VX_FEED_NVD);
	ck_assert_uint_eq(info.records, n);
	ck_assert_str_eq(info.catalog_version, "2025-11-27T19:30:00.000");
	free(info.catalog_version);

	fd = mkstemp(gzpath);
	ck_assert_int_ge(fd, 0);
	g = gzdopen(fd, "wb");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(gzwrite(g, feed, (unsigned)len), (int)len);
	ck_assert_int_eq(gzclose(g), Z_OK);
	read_ok(gzpath, &gz, &info);
	ck_assert_int_eq(info.format, VX_FEED_NVD);
	free(info.catalog_version);
	unlink(gzpath);

	ck_assert_uint_eq(paged.n, n);
	ck_assert_uint_eq(gz.n, n);
	for (size_t i = 0; i < n; i++) {
		char where[64];
		snprintf(where, sizeof(where), "vulnerabilities[%zu]", i);
		ck_assert_str_eq(paged.wheres[i], where);
		ck_assert_str_eq(paged.digests[i], bare.digests[i]);
		ck_assert_str_eq(gz.digests[i], bare.digests[i]);
	}
	seen_release(&bare);
	seen_release(&paged);
	seen_release(&gz);
	free(feed);
	strv_free(files, n);
}
END_TEST

START_TEST(nvd_truncated_feed)
{
	size_t n, len, *starts;
	char **files, *feed;
	struct seen s;
	const char *msg;

	VX_NEED_CORPUS();
	files = corpus_glob("nvd/CVE-*.json", &n);
	feed = paged_feed(files, n, &len, &starts);
	memset(&s, 0, sizeof(s));
	/* Cut inside element 7: the callback must have seen exactly the first 7. */
	msg = read_bad(feed, starts[7] + 200, VX_EINVAL, &s);
	ck_assert_msg(strstr(msg, "ends early (truncated file?)") != NULL, "%s", msg);
	ck_assert_msg(strncmp(msg, "line ", 5) == 0, "%s", msg);
	ck_assert_uint_eq(s.n, 7);
	seen_release(&s);
	/* Cut right after element 7 closed. */
	msg = read_bad(feed, starts[8], VX_EINVAL, &s);
	ck_assert_uint_eq(s.n, 8);
	ck_assert_msg(strstr(msg, "truncated") != NULL, "%s", msg);
	seen_release(&s);
	free(starts);
	free(feed);
	strv_free(files, n);
}
END_TEST

START_TEST(nvd_truncated_gzip)
{
	size_t n, len, zlen;
	char **files, *feed, *z;
	char gzpath[] = "/tmp/vx-feed-XXXXXX";
	struct seen s;
	struct vx_err err;
	gzFile g;
	int fd;

	VX_NEED_CORPUS();
	files = corpus_glob("nvd/CVE-*.json", &n);
	feed = paged_feed(files, n, &len, NULL);
	fd = mkstemp(gzpath);
	g = gzdopen(fd, "wb");
	gzwrite(g, feed, (unsigned)len);
	gzclose(g);
	z = vx_test_slurp(gzpath, &zlen);
	unlink(gzpath);
	memset(&s, 0, sizeof(s));
	vx_err_clear(&err);
	ck_assert_int_lt(vx_feed_read_buffer(z, zlen / 2, collect, &s, NULL, &err), 0);
	ck_assert_msg(strstr(vx_err_text(&err), "truncated") != NULL, "%s", vx_err_text(&err));
	ck_assert(s.n > 0 && s.n < n);
	seen_release(&s);
	free(z);
	free(feed);
	strv_free(files, n);
}
END_TEST

/* A minimal valid bare cve around a description value. */
static char *bare_cve(const char *published, const char *desc)
{
	return vx_asprintf("{\"id\": \"CVE-2024-0001\", \"sourceIdentifier\": \"x@example.org\", "
	                   "\"published\": \"%s\", \"lastModified\": \"2024-01-02T00:00:00.000\", "
	                   "\"descriptions\": [{\"lang\": \"en\", \"value\": \"%s\"}], "
	                   "\"references\": []}",
	                   published, desc);
}

START_TEST(nvd_minimal_record)
{
	char *doc = bare_cve("2024-01-01T00:00:00.000", "caf\\u00e9 \\/ ok");
	struct seen s;
	struct vx_err err;
	memset(&s, 0, sizeof(s));
	s.keep = 1;
	vx_err_clear(&err);
	ck_assert_msg(vx_feed_read_buffer(doc, strlen(doc), collect, &s, NULL, &err) == 0, "%s",
	              vx_err_text(&err));
	ck_assert_uint_eq(s.n, 1);
	ck_assert(strstr(s.digests[0], "desc=caf\xc3\xa9 / ok\n") != NULL);
	seen_release(&s);
	free(doc);
}
END_TEST

START_TEST(nvd_hostile_bytes)
{
	char *doc = bare_cve("2024-01-01T00:00:00.000", "a_b");
	char *p = strstr(doc, "a_b");
	const char *msg, *lit;

	p[1] = '\0'; /* a raw NUL byte inside a string */
	msg = read_bad(doc, strlen(doc) + strlen(p + 2) + 1, VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "line 1, column ") != NULL, "%s", msg);
	p[1] = (char)0xff; /* invalid UTF-8 */
	msg = read_bad(doc, strlen(doc), VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "line 1, column ") != NULL, "%s", msg);
	p[1] = '_';
	free(doc);

	doc = bare_cve("2024-01-01T00:00:00.000", "a\\u0000b"); /* escaped NUL */
	msg = read_bad(doc, strlen(doc), VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "NUL") != NULL, "%s", msg);
	free(doc);

	doc = bare_cve("2021-13-45T00:00:00.000", "x");
	msg = read_bad(doc, strlen(doc), VX_EINVAL, NULL);
	ck_assert_str_eq(msg, "published: invalid timestamp '2021-13-45T00:00:00.000'");
	free(doc);
	lit = "{\"id\": 1, \"lastModified\": 2, \"published\": 3}";
	msg = read_bad(lit, strlen(lit), VX_EINVAL, NULL);
	ck_assert_str_eq(msg, "id: expected a string, found number");
	lit = "{\"hello\": \"world\", \"list\": [1, 2]}";
	msg = read_bad(lit, strlen(lit), VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "not a vulnerability feed") != NULL, "%s", msg);
	msg = read_bad("[1, 2, 3]", 9, VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "not a vulnerability feed") != NULL, "%s", msg);
	msg = read_bad("", 0, VX_EINVAL, NULL);
	ck_assert_msg(strstr(msg, "empty") != NULL, "%s", msg);
	lit = "{\"format\": \"NVD_CVE\",\n \"vulnerabilities\": [}";
	msg = read_bad(lit, strlen(lit), VX_EINVAL, NULL);
	ck_assert_msg(strncmp(msg, "line 2, column ", 15) == 0, "%s", msg);
}
END_TEST

START_TEST(nvd_paged_record_errors)
{
	const char *msg;
	char *rec = bare_cve("2024-02-30T00:00:00.000", "x");
	char *good = bare_cve("2024-01-01T00:00:00.000", "x");
	char *doc = vx_asprintf("{\"format\": \"NVD_CVE\", \"vulnerabilities\": [{\"cve\": %s}, "
	                        "{\"cve\": %s}]}",
	                        good, rec);
	struct seen s;
	memset(&s, 0, sizeof(s));
	msg = read_bad(doc, strlen(doc), VX_EINVAL, &s);
	ck_assert_str_eq(msg, "vulnerabilities[1].cve.published: invalid timestamp "
	                      "'2024-02-30T00:00:00.000'");
	ck_assert_uint_eq(s.n, 1);
	seen_release(&s);
	free(doc);

	doc = vx_asprintf("{\"format\": \"NVD_CVE\", \"vulnerabilities\": [{\"cve\": %s}, "
	                  "{\"nope\": 1}]}",
	                  good);
	msg = read_bad(doc, strlen(doc), VX_EINVAL, NULL);
	ck_assert_str_eq(msg, "vulnerabilities[1]: element has no 'cve' object");
	free(doc);

	doc = vx_asprintf("{\"format\": \"NVD_CVE\", \"vulnerabilities\": [{\"cve\": "
	                  "{\"id\": \"CVE-21-1\", \"published\": \"2024-01-01T00:00:00\", "
	                  "\"lastModified\": \"2024-01-01T00:00:00\"}}]}");
	msg = read_bad(doc, strlen(doc), VX_EINVAL, NULL);
	ck_assert_str_eq(msg, "vulnerabilities[0].cve.id: not a CVE id 'CVE-21-1'");
	free(doc);
	free(rec);
	free(good);
}
END_TEST

START_TEST(nvd_callback_stops_read)
{
	size_t n, len;
	char **files, *feed;
	struct seen s;
	struct vx_feed_info info;
	struct vx_err err;
	int rc;

	VX_NEED_CORPUS();
	files = corpus_glob("nvd/CVE-*.json", &n);
	feed = paged_feed(files, n, &len, NULL);
	memset(&s, 0, sizeof(s));
	s.stop_at = 3;
	vx_err_clear(&err);
	rc = vx_feed_read_buffer(feed, len, collect, &s, &info, &err);
	ck_assert_int_eq(rc, VX_ECHECK);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(info.records, 2);
	ck_assert_msg(strstr(vx_err_text(&err), "callback stops at 'CVE-2018-25032'") != NULL, "%s",
	              vx_err_text(&err));
	free(info.catalog_version);
	seen_release(&s);
	free(feed);
	strv_free(files, n);
}
END_TEST

/* Nesting 10,000 deep, refused by the detector and by the NVD reader itself. */
struct mem_src {
	const char *data;
	size_t len, pos;
};

static int mem_pull(void *src, const char **chunk, size_t *len, struct vx_err *err)
{
	struct mem_src *m = src;
	size_t n = m->len - m->pos < 4096 ? m->len - m->pos : 4096;
	*chunk = m->data + m->pos;
	*len = n;
	m->pos += n;
	return 0;
}

START_TEST(nvd_deep_nesting_refused)
{
	struct vx_buf b;
	struct vx_err err;
	struct mem_src m;
	const char *msg;
	struct timeval t0, t1;

	vx_buf_init(&b);
	vx_buf_adds(&b, "{\"format\": \"NVD_CVE\", \"vulnerabilities\": [{\"cve\": {\"x\": ");
	for (int i = 0; i < 10000; i++)
		vx_buf_adds(&b, "[");
	for (int i = 0; i < 10000; i++)
		vx_buf_adds(&b, "]");
	vx_buf_adds(&b, "}}]}");
	gettimeofday(&t0, NULL);
	msg = read_bad(b.data, b.len, VX_ELIMIT, NULL);
	ck_assert_msg(strstr(msg, "nested deeper than 64 levels") != NULL, "%s", msg);
	/* The reader alone (no detector in front). */
	m = (struct mem_src){b.data, b.len, 0};
	vx_err_clear(&err);
	ck_assert_int_eq(vx_nvd_read(mem_pull, &m, NULL, NULL, NULL, &err), VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "line 1, column ") != NULL, "%s",
	              vx_err_text(&err));
	ck_assert_msg(m.pos <= 4096, "read on after the limit: %zu bytes", m.pos);
	gettimeofday(&t1, NULL);
	ck_assert((t1.tv_sec - t0.tv_sec) < 2);
	vx_buf_release(&b);
}
END_TEST

START_TEST(nvd_long_string_refused)
{
	struct vx_buf b;
	const char *msg;
	char *head = bare_cve("2024-01-01T00:00:00.000", "~");
	char *at = strchr(head, '~');

	vx_buf_init(&b);
	vx_buf_add(&b, head, (size_t)(at - head));
	for (int i = 0; i < 2 * 1024 * 1024 / 16; i++)
		vx_buf_adds(&b, "0123456789abcdef");
	vx_buf_adds(&b, at + 1);
	msg = read_bad(b.data, b.len, VX_ELIMIT, NULL);
	ck_assert_msg(strstr(msg, "longer than 1.0 MiB") != NULL, "%s", msg);
	/* A string far beyond yajl's buffering bound is refused by the byte scan. */
	vx_buf_reset(&b);
	vx_buf_add(&b, head, (size_t)(at - head));
	for (int i = 0; i < 8 * 1024 * 1024 / 16; i++)
		vx_buf_adds(&b, "0123456789abcdef");
	vx_buf_adds(&b, at + 1);
	msg = read_bad(b.data, b.len, VX_ELIMIT, NULL);
	ck_assert_msg(strstr(msg, "longer than 1.0 MiB") != NULL, "%s", msg);
	vx_buf_release(&b);
	free(head);
}
END_TEST

/* Reset the peak RSS of this process (Linux clear_refs "5"); false when not possible. */
static int reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok;
	if (!f)
		return 0;
	ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Peak RSS in KiB since the last reset (VmHWM), or -1. */
static long peak_rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* ~50 MB paged feed built from the corpus with renamed ids: every record arrives, memory
 * stays at about one record. */
START_TEST(nvd_big_feed_bounded_memory)
{
	size_t n, total = 0, target = (size_t)50 << 20, written = 0;
	char **files, **recs;
	size_t *lens;
	char path[] = "/tmp/vx-feed-big-XXXXXX";
	struct seen s;
	struct vx_feed_info info;
	struct vx_err err;
	const char *env = getenv("VX_FEED_BIG_MB");
	char last[64];
	long peak;
	FILE *f;
	int fd, measured;
	/* valgrind's and ASan's own bookkeeping make RSS meaningless */
#ifdef __SANITIZE_ADDRESS__
	int under_valgrind = 1;
#else
	int under_valgrind = getenv("LD_PRELOAD") && strstr(getenv("LD_PRELOAD"), "valgrind");
#endif

	VX_NEED_CORPUS();
	if (env && atoi(env) > 0)
		target = (size_t)atoi(env) << 20;
	files = corpus_glob("nvd/CVE-*.json", &n);
	recs = vx_calloc(n, sizeof(*recs));
	lens = vx_calloc(n, sizeof(*lens));
	for (size_t i = 0; i < n; i++)
		recs[i] = vx_test_slurp(files[i], &lens[i]);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("{\"resultsPerPage\": 0, \"format\": \"NVD_CVE\", \"version\": \"2.0\", "
	      "\"vulnerabilities\": [\n",
	      f);
	while (written < target) {
		const char *r = recs[total % n];
		const char *id = strstr(r, "\"id\": \"CVE-") + 7;
		const char *q = strchr(id, '"');
		/* CVE-9<serial>: unique ids */
		fprintf(f, "%s{\"cve\": ", total ? ",\n" : "");
		fwrite(r, 1, (size_t)(id - r), f);
		fprintf(f, "CVE-9%03zu-%07zu", total % 1000, total);
		fwrite(q, 1, lens[total % n] - (size_t)(q - r), f);
		fputs("}", f);
		written += lens[total % n] + 20;
		total++;
	}
	fputs("\n]}\n", f);
	ck_assert_int_eq(fclose(f), 0);

	memset(&s, 0, sizeof(s));
	vx_err_clear(&err);
	measured = !under_valgrind && reset_peak_rss();
	ck_assert_msg(vx_feed_read_file(path, collect, &s, &info, &err) == 0, "%s",
	              vx_err_text(&err));
	peak = measured ? peak_rss_kb() : -1;
	unlink(path);
	ck_assert_uint_eq(info.records, total);
	ck_assert_uint_eq(s.n, total);
	ck_assert_str_eq(s.ids[0], "CVE-9000-0000000");
	snprintf(last, sizeof(last), "CVE-9%03zu-%07zu", (total - 1) % 1000, total - 1);
	ck_assert_str_eq(s.ids[total - 1], last);
	snprintf(last, sizeof(last), "vulnerabilities[%zu]", total - 1);
	ck_assert_str_eq(s.wheres[total - 1], last);
	if (peak >= 0)
		/* The whole process (binary, libraries, the test's own copies of the corpus)
		 * stays far below the file size: the reader holds one record at a time. */
		ck_assert_msg(peak < (long)(target >> 10) / 2,
		              "peak RSS %ld KiB for a %zu MiB feed", peak, target >> 20);
	else
		fprintf(stderr,
		        "SKIP: %s: peak RSS not measured (valgrind, ASan or no clear_refs)\n",
		        __func__);
	seen_release(&s);
	for (size_t i = 0; i < n; i++)
		free(recs[i]);
	free(recs);
	free(lens);
	strv_free(files, n);
}
END_TEST

/* ---- KEV ---------------------------------------------------------------------------- */

static void check_kev_item(const struct vx_vuln *v)
{
	ck_assert_int_eq(v->source, VX_FEED_KEV);
	ck_assert_ptr_nonnull(v->kev);
	ck_assert_ptr_nonnull(v->kev->vendor);
	ck_assert_ptr_nonnull(v->kev->date_added);
	ck_assert_ptr_nonnull(v->description);
	if (strcmp(v->id, "CVE-2021-44228") != 0)
		return;
	ck_assert_str_eq(v->kev->vendor, "Apache");
	ck_assert_str_eq(v->kev->product, "Log4j2");
	ck_assert_str_eq(v->kev->name, "Apache Log4j2 Remote Code Execution Vulnerability");
	ck_assert_str_eq(v->kev->date_added, "2021-12-10");
	ck_assert_str_eq(v->kev->due_date, "2021-12-24");
	ck_assert_str_eq(v->kev->ransomware, "Known");
	/* the catalog writes https:\/\/nvd... */
	ck_assert_str_eq(v->kev->notes, "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
	ck_assert(strncmp(v->kev->required_action, "For all affected software assets", 32) == 0);
	ck_assert(
	    strncmp(v->description, "Apache Log4j2 contains a vulnerability where JNDI", 49) == 0);
	ck_assert_uint_eq(v->ncwes, 3);
	ck_assert_str_eq(v->cwes[0], "CWE-20");
	ck_assert_str_eq(v->cwes[2], "CWE-502");
	ck_assert_ptr_null(v->published);
	ck_assert_uint_eq(v->ncvss, 0);
}

START_TEST(kev_catalog)
{
	char *path, *text;
	const char *cnt;
	size_t len, want = 0, log4j = 0;
	struct seen s;
	struct vx_feed_info info;

	VX_NEED_CORPUS();
	path = vx_test_corpus_path("kev/known_exploited_vulnerabilities.json");
	text = vx_test_slurp(path, &len);
	cnt = strstr(text, "\"count\":");
	ck_assert_ptr_nonnull(cnt);
	ck_assert_int_eq(sscanf(cnt, "\"count\": %zu", &want), 1);
	ck_assert_uint_eq(want, 1404);
	memset(&s, 0, sizeof(s));
	s.check = check_kev_item;
	read_ok(path, &s, &info);
	ck_assert_int_eq(info.format, VX_FEED_KEV);
	ck_assert_uint_eq(info.records, want);
	ck_assert_uint_eq(s.n, want);
	ck_assert_str_eq(info.catalog_version, "2025.08.25");
	for (size_t i = 0; i < s.n; i++)
		if (strcmp(s.ids[i], "CVE-2021-44228") == 0) {
			log4j++;
			ck_assert_str_eq(s.wheres[i], "vulnerabilities[1107]");
		}
	ck_assert_uint_eq(log4j, 1);
	free(info.catalog_version);
	seen_release(&s);
	free(text);
	free(path);
}
END_TEST

#define KEV_HEAD                                                                                   \
	"{\"title\": \"t\", \"catalogVersion\": \"2025.01.01\", \"dateReleased\": "                \
	"\"2025-01-01T00:00:00.000Z\", \"count\": 1, \"vulnerabilities\": [{\"cveID\": "           \
	"\"CVE-2021-44228\", \"vendorProject\": \"Apache\", \"product\": \"Log4j2\", "             \
	"\"vulnerabilityName\": \"n\", \"shortDescription\": \"d\", \"requiredAction\": "          \
	"\"a\", "

static const struct {
	const char *doc;
	const char *msg; /* NULL: accepted */
} kev_cases[] = {
    {KEV_HEAD "\"dateAdded\": \"2021-12-10\", \"dueDate\": \"2021-12-24\"}]}", NULL},
    {KEV_HEAD "\"dateAdded\": \"2021-12-10\"}]}", "vulnerabilities[0].dueDate: missing (required)"},
    {KEV_HEAD "\"dateAdded\": \"2021-12-32\", \"dueDate\": \"2021-12-24\"}]}",
     "vulnerabilities[0].dateAdded: invalid date '2021-12-32' (YYYY-MM-DD)"},
    {KEV_HEAD "\"dateAdded\": \"2021-12-10\", \"dueDate\": \"2021-12-24\", \"cwes\": "
              "[\"CWE-20\", \"XSS\"]}]}",
     "vulnerabilities[0].cwes[1]: not a CWE id 'XSS'"},
    {KEV_HEAD "\"dateAdded\": \"2021-12-10\", \"dueDate\": 5}]}",
     "vulnerabilities[0].dueDate: expected a string, found number"},
    {"{\"catalogVersion\": \"1\", \"count\": \"1\", \"vulnerabilities\": []}",
     "count: expected a number (required), found string"},
    {"{\"catalogVersion\": \"1\", \"count\": 1, \"vulnerabilities\": [\"CVE-2021-44228\"]}",
     "vulnerabilities[0]: expected an object, found string"},
};

START_TEST(kev_required_fields)
{
	struct vx_err err;
	struct seen s;
	int rc;
	memset(&s, 0, sizeof(s));
	vx_err_clear(&err);
	rc = vx_feed_read_buffer(kev_cases[_i].doc, strlen(kev_cases[_i].doc), collect, &s, NULL,
	                         &err);
	if (!kev_cases[_i].msg) {
		ck_assert_msg(rc == 0, "%s", vx_err_text(&err));
		ck_assert_uint_eq(s.n, 1);
	} else {
		ck_assert_int_eq(rc, VX_EINVAL);
		ck_assert_str_eq(vx_err_text(&err), kev_cases[_i].msg);
		ck_assert_uint_eq(s.n, 0);
	}
	seen_release(&s);
}
END_TEST

/* ---- OSV ---------------------------------------------------------------------------- */

static void check_ghsa_any(const struct vx_vuln *v)
{
	ck_assert_int_eq(v->source, VX_FEED_OSV);
	ck_assert(strncmp(v->id, "GHSA-", 5) == 0);
	ck_assert_ptr_nonnull(v->modified);
	ck_assert_ptr_nonnull(v->published);
	ck_assert_ptr_nonnull(v->summary);
	ck_assert_ptr_nonnull(v->description);
	ck_assert(v->naliases >= 1);
	ck_assert(strncmp(v->aliases[0], "CVE-", 4) == 0);
	ck_assert(v->naffected >= 1);
	ck_assert(v->ncwes >= 1);
	for (size_t i = 0; i < v->naffected; i++) {
		ck_assert_ptr_nonnull(v->affected[i].ecosystem);
		ck_assert_ptr_nonnull(v->affected[i].name);
		ck_assert(v->affected[i].nranges >= 1);
		ck_assert_int_eq(v->affected[i].ranges[0].events[0].kind, VX_OSV_INTRODUCED);
	}
	for (size_t i = 0; i < v->ncvss; i++) {
		ck_assert_str_eq(v->cvss[i].source, "osv");
		ck_assert_double_eq(v->cvss[i].score, -1);
	}
	ck_assert_ptr_null(v->confs);
	ck_assert_ptr_null(v->kev);
}

START_TEST(osv_github_advisories)
{
	size_t n;
	char **files;
	VX_NEED_CORPUS();
	files = corpus_glob("osv/github-advisory-database/GHSA-*.json", &n);
	ck_assert_uint_eq(n, 11);
	for (size_t i = 0; i < n; i++) {
		struct seen s;
		struct vx_feed_info info;
		char id[64];
		memset(&s, 0, sizeof(s));
		s.check = check_ghsa_any;
		ck_assert_uint_eq(read_ok(files[i], &s, &info), 1);
		ck_assert_int_eq(info.format, VX_FEED_OSV);
		snprintf(id, sizeof(id), "%s", strrchr(files[i], '/') + 1);
		*strstr(id, ".json") = '\0';
		ck_assert_str_eq(s.ids[0], id);
		seen_release(&s);
	}
	strv_free(files, n);
}
END_TEST

static void check_log4j_osv(const struct vx_vuln *v)
{
	const struct vx_osv_affected *a = v->affected;
	ck_assert_str_eq(v->id, "GHSA-jfh8-c2jp-5v3q");
	ck_assert_uint_eq(v->naliases, 1);
	ck_assert_str_eq(v->aliases[0], "CVE-2021-44228");
	ck_assert_str_eq(v->summary, "Remote code injection in Log4j");
	ck_assert_ptr_nonnull(v->description);
	ck_assert_str_ne(v->description, v->summary);
	ck_assert_str_eq(v->published, "2021-12-10T00:40:56Z");
	ck_assert_str_eq(v->modified, "2022-03-25T20:56:18Z");
	ck_assert_ptr_null(v->status);
	ck_assert_uint_eq(v->ncvss, 1);
	ck_assert_str_eq(v->cvss[0].version, "3.1");
	ck_assert_str_eq(v->cvss[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	ck_assert_uint_eq(v->ncwes, 4);
	ck_assert_str_eq(v->cwes[0], "CWE-20");
	ck_assert_str_eq(v->cwes[3], "CWE-917");
	ck_assert_uint_eq(v->naffected, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_str_eq(a[i].ecosystem, "Maven");
		ck_assert_str_eq(a[i].name, "org.apache.logging.log4j:log4j-core");
		ck_assert_ptr_null(a[i].purl);
		ck_assert_uint_eq(a[i].nranges, 1);
		ck_assert_str_eq(a[i].ranges[0].type, "ECOSYSTEM");
		ck_assert_ptr_null(a[i].ranges[0].repo);
		ck_assert_uint_eq(a[i].ranges[0].nevents, 2);
		ck_assert_int_eq(a[i].ranges[0].events[0].kind, VX_OSV_INTRODUCED);
		ck_assert_int_eq(a[i].ranges[0].events[1].kind, VX_OSV_FIXED);
	}
	ck_assert_str_eq(a[0].ranges[0].events[0].version, "2.13.0");
	ck_assert_str_eq(a[0].ranges[0].events[1].version, "2.15.0");
	ck_assert_str_eq(a[1].ranges[0].events[0].version, "0");
	ck_assert_str_eq(a[1].ranges[0].events[1].version, "2.3.1");
	ck_assert_str_eq(a[2].ranges[0].events[0].version, "2.4");
	ck_assert_str_eq(a[2].ranges[0].events[1].version, "2.12.2");
	ck_assert(v->nrefs > 10);
}

static void check_redhat_osv(const struct vx_vuln *v)
{
	ck_assert_str_eq(v->id, "RHSA-2024:4546");
	ck_assert_uint_eq(v->naffected, 9);
	ck_assert_str_eq(v->affected[0].name, "git-lfs");
	ck_assert_str_eq(v->affected[0].ecosystem, "Red Hat:rhel_aus:8.6::appstream");
	ck_assert_str_eq(v->affected[0].purl, "pkg:rpm/redhat/git-lfs");
	ck_assert_str_eq(v->affected[0].ranges[0].events[1].version, "0:2.13.3-3.el8_6.1");
	ck_assert_uint_eq(v->ncvss, 1);
	ck_assert_str_eq(v->cvss[0].version, "3.1");
	ck_assert_ptr_nonnull(v->description); /* no details: the summary */
	ck_assert_str_eq(v->description, v->summary);
}

static void check_go_stdlib(const struct vx_vuln *v)
{
	const struct vx_osv_range *r = &v->affected[0].ranges[0];
	ck_assert_str_eq(v->affected[0].ecosystem, "Go");
	ck_assert_str_eq(v->affected[0].name, "stdlib");
	ck_assert_str_eq(r->type, "SEMVER");
	ck_assert_uint_eq(r->nevents, 4);
	ck_assert_str_eq(r->events[2].version, "1.22.0-0");
	ck_assert_int_eq(r->events[2].kind, VX_OSV_INTRODUCED);
	ck_assert_str_eq(r->events[3].version, "1.22.5");
}

static void check_pysec(const struct vx_vuln *v)
{
	const struct vx_osv_affected *a = &v->affected[0];
	ck_assert_str_eq(a->purl, "pkg:pypi/requests");
	ck_assert_uint_eq(a->nranges, 2);
	ck_assert_str_eq(a->ranges[0].type, "GIT");
	ck_assert_str_eq(a->ranges[0].repo, "https://github.com/psf/requests");
	ck_assert_uint_eq(a->nversions, 66);
}

static void check_no_package(const struct vx_vuln *v)
{
	/* affected[6] is a GIT-only entry without a package */
	ck_assert_uint_eq(v->naffected, 7);
	ck_assert_ptr_null(v->affected[6].ecosystem);
	ck_assert_ptr_null(v->affected[6].name);
	ck_assert_str_eq(v->affected[6].ranges[0].repo, "https://github.com/nodejs/node");
}

static const struct {
	const char *file;
	void (*check)(const struct vx_vuln *v);
} osv_checks[] = {
    {"osv/github-advisory-database/GHSA-jfh8-c2jp-5v3q.json", check_log4j_osv},
    {"osv/osv-schema/redhat-csaf-osv-pair/RHSA-2024_4546.osv.json", check_redhat_osv},
    {"osv/osv-schema/osv-linter-testdata/GO-2024-2963.json", check_go_stdlib},
    {"osv/osv-schema/osv-linter-testdata/PYSEC-2023-74.json", check_pysec},
    {"osv/osv-schema/osv-linter-testdata/CVE-2018-5407.json", check_no_package},
};

START_TEST(osv_record_fields)
{
	struct seen s;
	char *path;
	VX_NEED_CORPUS();
	memset(&s, 0, sizeof(s));
	s.check = osv_checks[_i].check;
	path = vx_test_corpus_path(osv_checks[_i].file);
	ck_assert_uint_eq(read_ok(path, &s, NULL), 1);
	ck_assert_str_eq(s.wheres[0], "");
	seen_release(&s);
	free(path);
}
END_TEST

/* Every file of the osv-schema linter testdata, with the outcome our rules give. */
static const struct {
	const char *file;
	const char *refused; /* message when refused, NULL when accepted */
	const char *reason;
} linter_table[] = {
    {"CVE-2018-5407.json", NULL, "valid; affected[6] is GIT-only without a package"},
    {"CVE-2023-41045.json", NULL, "valid; GIT range, introduced 0 and two fixed commits"},
    {"GHSA-9v2f-6vcg-3hgv.json", NULL, "valid; versions[] only, no ranges"},
    {"GO-2020-0001.json", NULL, "valid"},
    {"GO-2024-2963.json", NULL, "valid; two introduced/fixed pairs in one range"},
    {"MAL-2024-10238.json", NULL, "valid; malicious package, versions[] only"},
    {"PYSEC-2023-74.json", NULL, "valid; GIT and ECOSYSTEM ranges"},
    {"RHSA-2022_0216.json", NULL, "valid; no affected[] (the schema allows none)"},
    {"SUSE-FU-2022_0444-1.json", NULL, "valid"},
    {"nointroduced-CVE-2023-41045.json",
     "affected[0].ranges[0]: a range needs at least one 'introduced' event",
     "refused: schema rule, a range needs an introduced event"},
    {"nondistinct-CVE-2018-5407.json", NULL,
     "accepted: introduced and fixed name the same commit; distinct event versions is a "
     "linter quality check, not a schema rule (the range is empty)"},
    {"nopackage-GHSA-9v2f-6vcg-3hgv.json", NULL,
     "accepted: 'Gradi0' is not on PyPI; package existence needs the registry, which is "
     "the linter's business"},
};

START_TEST(osv_linter_testdata)
{
	size_t n;
	char **files;
	VX_NEED_CORPUS();
	files = corpus_glob("osv/osv-schema/osv-linter-testdata/*.json", &n);
	ck_assert_uint_eq(n, sizeof(linter_table) / sizeof(linter_table[0]));
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(files[i], '/') + 1;
		struct vx_err err;
		struct seen s;
		size_t k;
		int rc;
		for (k = 0; k < sizeof(linter_table) / sizeof(linter_table[0]); k++)
			if (strcmp(linter_table[k].file, base) == 0)
				break;
		ck_assert_msg(k < sizeof(linter_table) / sizeof(linter_table[0]),
		              "%s is in neither list of the linter table", base);
		memset(&s, 0, sizeof(s));
		vx_err_clear(&err);
		rc = vx_feed_read_file(files[i], collect, &s, NULL, &err);
		if (linter_table[k].refused) {
			ck_assert_msg(rc < 0, "%s accepted (%s)", base, linter_table[k].reason);
			ck_assert_str_eq(vx_err_text(&err), linter_table[k].refused);
			ck_assert_uint_eq(s.n, 0);
		} else {
			ck_assert_msg(rc == 0, "%s: %s (%s)", base, vx_err_text(&err),
			              linter_table[k].reason);
			ck_assert_uint_eq(s.n, 1);
		}
		seen_release(&s);
	}
	strv_free(files, n);
}
END_TEST

START_TEST(osv_array_of_records)
{
	char *p1, *p2, *a, *b, *doc;
	struct seen s;
	struct vx_feed_info info;
	struct vx_err err;

	VX_NEED_CORPUS();
	p1 = vx_test_corpus_path("osv/github-advisory-database/GHSA-jfh8-c2jp-5v3q.json");
	p2 = vx_test_corpus_path("osv/osv-schema/osv-linter-testdata/GO-2020-0001.json");
	a = vx_test_slurp(p1, NULL);
	b = vx_test_slurp(p2, NULL);
	doc = vx_asprintf("[%s,\n%s]", a, b);
	memset(&s, 0, sizeof(s));
	vx_err_clear(&err);
	ck_assert_msg(vx_feed_read_buffer(doc, strlen(doc), collect, &s, &info, &err) == 0, "%s",
	              vx_err_text(&err));
	ck_assert_int_eq(info.format, VX_FEED_OSV);
	ck_assert_uint_eq(info.records, 2);
	ck_assert_str_eq(s.ids[0], "GHSA-jfh8-c2jp-5v3q");
	ck_assert_str_eq(s.ids[1], "GO-2020-0001");
	ck_assert_str_eq(s.wheres[1], "[1]");
	seen_release(&s);
	free(doc);
	free(a);
	free(b);
	free(p1);
	free(p2);
}
END_TEST

#define OSV_HEAD                                                                                   \
	"{\"schema_version\": \"1.6.0\", \"id\": \"TEST-1\", \"modified\": "                       \
	"\"2024-01-01T00:00:00Z\", \"aliases\": [\"GHSA-xxxx-xxxx-xxxx\", \"CVE-2024-1\"], "
#define PKG "\"package\": {\"ecosystem\": \"npm\", \"name\": \"x\"}"

static const struct {
	const char *doc;
	const char *msg; /* NULL: accepted */
} osv_cases[] = {
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"SEMVER\", \"events\": "
              "[{\"introduced\": \"0\"}, {\"last_affected\": \"1.0.0\"}, {\"limit\": "
              "\"2.0.0\"}]}]}]}",
     NULL},
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"SEMVER\", \"events\": "
              "[{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\", \"introduced\": \"2\"}]}]}]}",
     "affected[0].ranges[0].events[1]: an event holds exactly one of introduced, fixed, "
     "last_affected, limit (found 'fixed' and 'introduced')"},
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"SEMVER\", \"events\": "
              "[{\"introduced\": \"0\"}, {}]}]}]}",
     "affected[0].ranges[0].events[1]: an event holds exactly one of introduced, fixed, "
     "last_affected, limit (found none)"},
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"SEMVER\", \"events\": "
              "[{\"introduced\": \"0\"}, {\"fixed\": \"1\"}, {\"last_affected\": \"2\"}]}]}]}",
     "affected[0].ranges[0]: a range holds 'fixed' or 'last_affected' events, not both"},
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"GIT\", \"events\": "
              "[{\"introduced\": \"0\"}]}]}]}",
     "affected[0].ranges[0].repo: a GIT range needs its 'repo'"},
    {OSV_HEAD "\"affected\": [{" PKG "}, {" PKG ", \"ranges\": [{\"type\": \"SEMVER\", "
              "\"events\": []}]}]}",
     "affected[1].ranges[0].events: a range needs at least one event"},
    {OSV_HEAD "\"affected\": [{" PKG ", \"ranges\": [{\"type\": \"NUMERIC\", \"events\": "
              "[{\"introduced\": \"0\"}]}]}]}",
     "affected[0].ranges[0].type: unknown range type 'NUMERIC' (SEMVER, ECOSYSTEM or GIT)"},
    {OSV_HEAD "\"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"7.5\"}]}",
     "severity[0].score: not a CVSS_V3 vector '7.5'"},
    {OSV_HEAD "\"published\": \"yesterday\"}", "published: invalid timestamp 'yesterday'"},
    {"{\"id\": \"TEST-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [], "
     "\"withdrawn\": \"2024-02-01T00:00:00Z\", \"severity\": [{\"type\": \"CVSS_V2\", "
     "\"score\": \"AV:N/AC:L/Au:N/C:P/I:N/A:N\"}, {\"type\": \"Ubuntu\", \"score\": "
     "\"high\"}]}",
     NULL},
    {"[{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": []}, {\"id\": "
     "\"A-2\", \"aliases\": []}]",
     "[1].modified: missing (required)"},
};

START_TEST(osv_rules)
{
	struct vx_err err;
	struct seen s;
	int rc;
	memset(&s, 0, sizeof(s));
	s.keep = 1;
	vx_err_clear(&err);
	rc = vx_feed_read_buffer(osv_cases[_i].doc, strlen(osv_cases[_i].doc), collect, &s, NULL,
	                         &err);
	if (!osv_cases[_i].msg) {
		ck_assert_msg(rc == 0, "%s", vx_err_text(&err));
		ck_assert_uint_eq(s.n, 1);
		if (strstr(osv_cases[_i].doc, "withdrawn")) {
			ck_assert(strstr(s.digests[0], "status=withdrawn") != NULL);
			ck_assert(strstr(s.digests[0],
			                 "cvss=2.0 AV:N/AC:L/Au:N/C:P/I:N/A:N -1.0") != NULL);
			ck_assert(strstr(s.digests[0], "Ubuntu") == NULL);
		} else {
			/* CVE ids first among the aliases */
			ck_assert(strstr(s.digests[0], "alias=CVE-2024-1\nalias=GHSA-") != NULL);
		}
	} else {
		ck_assert_int_lt(rc, 0);
		ck_assert_str_eq(vx_err_text(&err), osv_cases[_i].msg);
	}
	seen_release(&s);
}
END_TEST

START_TEST(format_names)
{
	ck_assert_str_eq(vx_feed_format_name(VX_FEED_NVD), "NVD CVE API 2.0");
	ck_assert_str_eq(vx_feed_format_name(VX_FEED_KEV), "CISA KEV");
	ck_assert_str_eq(vx_feed_format_name(VX_FEED_OSV), "OSV");
	ck_assert_str_eq(vx_feed_format_name(VX_FEED_UNKNOWN), "unknown");
}
END_TEST

Suite *vx_suite_feed(void)
{
	Suite *s = suite_create("feed");
	TCase *tc;

	tc = tcase_create("nvd");
	tcase_add_test(tc, nvd_corpus_bare_records);
	tcase_add_loop_test(tc, nvd_record_fields, 0, sizeof(nvd_checks) / sizeof(nvd_checks[0]));
	tcase_add_test(tc, nvd_paged_and_gzip_match_bare);
	tcase_add_test(tc, nvd_minimal_record);
	tcase_add_test(tc, nvd_callback_stops_read);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_test(tc, nvd_truncated_feed);
	tcase_add_test(tc, nvd_truncated_gzip);
	tcase_add_test(tc, nvd_hostile_bytes);
	tcase_add_test(tc, nvd_paged_record_errors);
	tcase_add_test(tc, nvd_deep_nesting_refused);
	tcase_add_test(tc, nvd_long_string_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("big");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, nvd_big_feed_bounded_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("kev");
	tcase_add_test(tc, kev_catalog);
	tcase_add_loop_test(tc, kev_required_fields, 0, sizeof(kev_cases) / sizeof(kev_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("osv");
	tcase_add_test(tc, osv_github_advisories);
	tcase_add_loop_test(tc, osv_record_fields, 0, sizeof(osv_checks) / sizeof(osv_checks[0]));
	tcase_add_test(tc, osv_linter_testdata);
	tcase_add_test(tc, osv_array_of_records);
	tcase_add_loop_test(tc, osv_rules, 0, sizeof(osv_cases) / sizeof(osv_cases[0]));
	tcase_add_test(tc, format_names);
	suite_add_tcase(s, tc);
	return s;
}
