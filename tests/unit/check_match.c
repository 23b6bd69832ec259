/* tests/unit/check_match.c - the matcher on the real NVD and OSV records of the corpus.
 *
 * Each case builds a small inventory (struct vx_sbom) with versions just inside, on and just
 * outside the bounds the record publishes, runs vx_match_inventory and checks the hits and
 * their evidence: the criterion, the range text and needs_review with its note. Records are
 * read with the feed readers and deep-copied in the callback (the reader frees its own).
 * Also: OSV package keys per ecosystem (fixture tests/data/match/osv-ecosystems.json), the
 * one-hit-all-evidence rule on an NVD + GHSA pair merged by hand, researcher tips, the
 * store's lookup keys, and no matching by bare names.
 *
 * Tests named bug_* assert the correct behaviour of a defect the suite found; they fail
 * until src/match is fixed.
 */
#include "testutil.h"
#include "import/feed.h"
#include "import/sbom.h"
#include "match/match.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A 2.3 name with everything after version ANY. */
#define CPE(part, vp, ver) "cpe:2.3:" part ":" vp ":" ver ":*:*:*:*:*:*:*"
#define CPEU(part, vp, ver, upd) "cpe:2.3:" part ":" vp ":" ver ":" upd ":*:*:*:*:*:*"

/* ---- Records: read and deep-copy ------------------------------------------------------- */

static char **strv_copy(char *const *v, size_t n)
{
	char **out;
	if (!n)
		return NULL;
	out = vx_calloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = vx_strdup(v[i]);
	return out;
}

static void copy_affected(struct vx_osv_affected *d, const struct vx_osv_affected *s)
{
	memset(d, 0, sizeof(*d));
	d->ecosystem = vx_strdup(s->ecosystem);
	d->name = vx_strdup(s->name);
	d->purl = vx_strdup(s->purl);
	d->vers = vx_strdup(s->vers);
	d->versions = strv_copy(s->versions, s->nversions);
	d->nversions = s->nversions;
	d->nranges = s->nranges;
	d->ranges = s->nranges ? vx_calloc(s->nranges, sizeof(*d->ranges)) : NULL;
	for (size_t r = 0; r < s->nranges; r++) {
		const struct vx_osv_range *sr = &s->ranges[r];
		struct vx_osv_range *dr = &d->ranges[r];
		dr->type = vx_strdup(sr->type);
		dr->repo = vx_strdup(sr->repo);
		dr->nevents = sr->nevents;
		dr->events = sr->nevents ? vx_calloc(sr->nevents, sizeof(*dr->events)) : NULL;
		for (size_t e = 0; e < sr->nevents; e++) {
			dr->events[e].kind = sr->events[e].kind;
			dr->events[e].version = vx_strdup(sr->events[e].version);
		}
	}
}

/* Everything the matcher reads, plus id, aliases, status and the KEV fields. */
static void copy_vuln(struct vx_vuln *d, const struct vx_vuln *s)
{
	memset(d, 0, sizeof(*d));
	d->source = s->source;
	d->id = vx_strdup(s->id);
	d->status = vx_strdup(s->status);
	d->aliases = strv_copy(s->aliases, s->naliases);
	d->naliases = s->naliases;
	d->nconfs = s->nconfs;
	d->confs = s->nconfs ? vx_calloc(s->nconfs, sizeof(*d->confs)) : NULL;
	for (size_t c = 0; c < s->nconfs; c++) {
		const struct vx_configuration *sc = &s->confs[c];
		struct vx_configuration *dc = &d->confs[c];
		dc->op_and = sc->op_and;
		dc->negate = sc->negate;
		dc->nnodes = sc->nnodes;
		dc->nodes = sc->nnodes ? vx_calloc(sc->nnodes, sizeof(*dc->nodes)) : NULL;
		for (size_t n = 0; n < sc->nnodes; n++) {
			const struct vx_conf_node *sn = &sc->nodes[n];
			struct vx_conf_node *dn = &dc->nodes[n];
			dn->op_and = sn->op_and;
			dn->negate = sn->negate;
			dn->nmatches = sn->nmatches;
			dn->matches =
			    sn->nmatches ? vx_calloc(sn->nmatches, sizeof(*dn->matches)) : NULL;
			for (size_t e = 0; e < sn->nmatches; e++) {
				const struct vx_cpe_match *sm = &sn->matches[e];
				struct vx_cpe_match *dm = &dn->matches[e];
				dm->criteria = vx_strdup(sm->criteria);
				dm->vulnerable = sm->vulnerable;
				dm->match_id = vx_strdup(sm->match_id);
				dm->start_incl = vx_strdup(sm->start_incl);
				dm->start_excl = vx_strdup(sm->start_excl);
				dm->end_incl = vx_strdup(sm->end_incl);
				dm->end_excl = vx_strdup(sm->end_excl);
			}
		}
	}
	d->naffected = s->naffected;
	d->affected = s->naffected ? vx_calloc(s->naffected, sizeof(*d->affected)) : NULL;
	for (size_t a = 0; a < s->naffected; a++)
		copy_affected(&d->affected[a], &s->affected[a]);
	if (s->kev) {
		d->kev = vx_calloc(1, sizeof(*d->kev));
		d->kev->vendor = vx_strdup(s->kev->vendor);
		d->kev->product = vx_strdup(s->kev->product);
		d->kev->name = vx_strdup(s->kev->name);
		d->kev->date_added = vx_strdup(s->kev->date_added);
		d->kev->due_date = vx_strdup(s->kev->due_date);
		d->kev->required_action = vx_strdup(s->kev->required_action);
		d->kev->ransomware = vx_strdup(s->kev->ransomware);
		d->kev->notes = vx_strdup(s->kev->notes);
	}
}

struct keep {
	const char *id; /* the record wanted */
	struct vx_vuln *v;
	size_t records;
};

static int keep_one(void *ctx, const struct vx_vuln *v, const char *where, struct vx_err *err)
{
	struct keep *k = ctx;
	k->records++;
	if (!k->v && v->id && strcmp(v->id, k->id) == 0) {
		k->v = vx_calloc(1, sizeof(*k->v));
		copy_vuln(k->v, v);
	}
	return 0;
}

/* Read path and return a copy of record id (fresh; free with vuln_free). */
static struct vx_vuln *load_path(const char *path, const char *id)
{
	struct keep k = {id, NULL, 0};
	struct vx_err err;
	struct vx_feed_info info;
	int rc;
	vx_err_clear(&err);
	memset(&info, 0, sizeof(info));
	rc = vx_feed_read_file(path, keep_one, &k, &info, &err);
	free(info.catalog_version);
	ck_assert_msg(rc == 0, "%s: %s", path, vx_err_text(&err));
	ck_assert_msg(k.v != NULL, "%s: no record '%s' in %zu", path, id, k.records);
	return k.v;
}

/* corpus/<dir>/<id>.json */
static struct vx_vuln *load(const char *dir, const char *id)
{
	char *rel = vx_asprintf("%s/%s.json", dir, id);
	char *path = vx_test_corpus_path(rel);
	struct vx_vuln *v;
	ck_assert_ptr_nonnull(path);
	v = load_path(path, id);
	free(path);
	free(rel);
	return v;
}

static struct vx_vuln *load_nvd(const char *cve)
{
	return load("nvd", cve);
}

static struct vx_vuln *load_ghsa(const char *id)
{
	return load("osv/github-advisory-database", id);
}

static struct vx_vuln *load_fixture(const char *id)
{
	char *path = vx_test_data("match/osv-ecosystems.json");
	struct vx_vuln *v = load_path(path, id);
	free(path);
	return v;
}

static void vuln_free(struct vx_vuln *v)
{
	vx_vuln_release(v);
	free(v);
}

/* ---- Inventories and results ------------------------------------------------------------ */

static void add_comp(struct vx_sbom *s, const char *name, const char *cpe, const char *purl,
                     const char *version)
{
	struct vx_component *c = vx_sbom_add_component(s);
	c->bom_ref = vx_asprintf("c%zu", s->ncomponents);
	c->type = vx_strdup("library");
	c->name = vx_strdup(name);
	c->cpe = vx_strdup(cpe);
	c->purl = vx_strdup(purl);
	c->version = vx_strdup(version);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

#define S(x) ((x) ? (x) : "(null)")

/* The hit of component comp for vulnerability vuln, or NULL. */
static const struct vx_match_hit *find_hit(const struct vx_match_result *r, size_t comp,
                                           size_t vuln)
{
	for (size_t i = 0; i < r->nhits; i++)
		if (r->hits[i].component == comp && r->hits[i].vuln == vuln)
			return &r->hits[i];
	return NULL;
}

/* The evidence with this criterion and range text (NULL range: none published). */
static const struct vx_match_evidence *find_ev(const struct vx_match_hit *h, const char *source,
                                               const char *criterion, const char *range)
{
	for (size_t i = 0; i < h->nev; i++)
		if (same(h->ev[i].source, source) && same(h->ev[i].criterion, criterion) &&
		    same(h->ev[i].range, range))
			return &h->ev[i];
	return NULL;
}

/* Every piece of evidence, for failure messages (static buffer). */
static const char *ev_dump(const struct vx_match_result *r)
{
	static char out[4096];
	struct vx_buf b;
	vx_buf_init(&b);
	for (size_t i = 0; i < r->nhits; i++) {
		const struct vx_match_hit *h = &r->hits[i];
		vx_buf_printf(&b, "[hit comp=%zu vuln=%zu review=%d]", h->component, h->vuln,
		              h->needs_review);
		for (size_t k = 0; k < h->nev; k++)
			vx_buf_printf(&b, " {%s %s %s | %s | %s | %s}", S(h->ev[k].source),
			              S(h->ev[k].field), S(h->ev[k].value), S(h->ev[k].criterion),
			              S(h->ev[k].range), S(h->ev[k].note));
	}
	snprintf(out, sizeof(out), "%s", b.len ? vx_buf_str(&b) : "(no hits)");
	vx_buf_release(&b);
	return out;
}

/* Check the one hit of component 0 against an expectation. */
static void expect_hit(const struct vx_match_result *r, const char *label, const char *source,
                       int review, const char *criterion, const char *range,
                       const char *note_prefix, size_t nev)
{
	const struct vx_match_hit *h = find_hit(r, 0, 0);
	const struct vx_match_evidence *e;
	ck_assert_msg(h != NULL, "%s: expected a hit, got %s", label, ev_dump(r));
	ck_assert_msg(r->nhits == 1, "%s: expected one hit, got %s", label, ev_dump(r));
	ck_assert_msg(h->needs_review == review, "%s: needs_review %d, want %d: %s", label,
	              h->needs_review, review, ev_dump(r));
	e = find_ev(h, source, criterion, range);
	ck_assert_msg(e != NULL, "%s: no %s evidence '%s' range '%s' in %s", label, source,
	              criterion, S(range), ev_dump(r));
	if (note_prefix)
		ck_assert_msg(e->note && strncmp(e->note, note_prefix, strlen(note_prefix)) == 0,
		              "%s: note '%s', want '%s...'", label, S(e->note), note_prefix);
	else
		ck_assert_msg(e->note == NULL, "%s: unexpected note '%s'", label, e->note);
	if (nev)
		ck_assert_msg(h->nev == nev, "%s: %zu evidence, want %zu: %s", label, h->nev, nev,
		              ev_dump(r));
}

/* ---- NVD: real records, bounds inside / on / outside ------------------------------------ */

#define OPENSSL CPE("a", "openssl:openssl", "*")
#define LOG4J CPE("a", "apache:log4j", "*")
#define ZLIB CPE("a", "zlib:zlib", "*")
#define BUSYBOX CPE("a", "busybox:busybox", "*")
#define LIBCURL CPE("a", "haxx:libcurl", "*")
#define OPENSSH CPE("a", "openbsd:openssh", "*")
#define SPRING CPE("a", "vmware:spring_framework", "*")
#define JDK CPE("a", "oracle:jdk", "*")
#define VXWORKS CPE("o", "windriver:vxworks", "*")
#define PM9410_FW CPE("o", "siemens:power_meter_9410_firmware", "*")
#define PM9410_HW CPE("h", "siemens:power_meter_9410", "-")
#define TRECK CPE("a", "treck:tcp\\/ip", "*")

#define NOTE_PLATFORM "no SBOM component matches platform: "
#define NOTE_UNKNOWN "component version unknown: needs review"

struct nvd_case {
	const char *cve;       /* corpus nvd/<cve>.json */
	const char *cpe;       /* component 0's CPE */
	const char *version;   /* component 0's version (used when the CPE's is ANY) */
	const char *platform;  /* component 1's CPE, or NULL for none */
	int hit;               /* component 0 is affected */
	int review;            /* ... with needs_review */
	const char *criterion; /* the evidence's criterion */
	const char *range;     /* its range text (NULL: the entry has no bounds) */
	const char *note;      /* its note's prefix, NULL for none */
	size_t nev;            /* evidence count when non-zero */
};

/* A version outside every entry of the record: no hit. */
#define MISS(cve, cpe, ver, plat)                                                                  \
	{                                                                                          \
		cve, cpe, ver, plat, 0, 0, NULL, NULL, NULL, 0                                     \
	}

static const struct nvd_case nvd_cases[] = {
    /* Heartbleed: one bounded entry, [1.0.1, 1.0.1g). */
    {"CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.1"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.0.1, < 1.0.1g", NULL, 1},
    {"CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.1a"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.0.1, < 1.0.1g", NULL, 1},
    {"CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.1f"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.0.1, < 1.0.1g", NULL, 1},
    {"CVE-2014-0160", OPENSSL, "1.0.1f", NULL, 1, 0, OPENSSL, ">= 1.0.1, < 1.0.1g", NULL, 1},
    MISS("CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.1g"), NULL, NULL),
    MISS("CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.2"), NULL, NULL),
    MISS("CVE-2014-0160", CPE("a", "openssl:openssl", "1.0.0t"), NULL, NULL),
    MISS("CVE-2014-0160", OPENSSL, "1.0.0", NULL),
    /* Right product, no version at all: for review. */
    {"CVE-2014-0160", OPENSSL, NULL, NULL, 1, 1, OPENSSL, ">= 1.0.1, < 1.0.1g", NOTE_UNKNOWN, 1},
    /* Wrong vendor: nothing, whatever the version. */
    MISS("CVE-2014-0160", CPE("a", "openssl_project:openssl", "1.0.1f"), NULL, NULL),
    MISS("CVE-2014-0160", CPE("a", "openssl:libssl", "1.0.1f"), NULL, NULL),
    /* Explicit versions in the record: equal hits, another version does not. */
    {"CVE-2014-0160", CPE("a", "mitel:micollab", "7.3"), NULL, NULL, 1, 0,
     CPE("a", "mitel:micollab", "7.3"), NULL, NULL, 1},
    {"CVE-2014-0160", CPE("a", "mitel:micollab", "7.3.0.104"), NULL, NULL, 1, 0,
     CPE("a", "mitel:micollab", "7.3.0.104"), NULL, NULL, 1},
    MISS("CVE-2014-0160", CPE("a", "mitel:micollab", "7.4"), NULL, NULL),
    MISS("CVE-2014-0160", CPE("a", "mitel:micollab", "8.0"), NULL, NULL),

    /* log4j: three bounded entries and the explicit 2.0 / beta9 / rc1 / rc2. */
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.14.1"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.13.0, < 2.15.0", NULL, 1},
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.13.0"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.13.0, < 2.15.0", NULL, 1},
    {"CVE-2021-44228", LOG4J, "2.14.1", NULL, 1, 0, LOG4J, ">= 2.13.0, < 2.15.0", NULL, 1},
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.15.0"), NULL, NULL),
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.16.0"), NULL, NULL),
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.17.1"), NULL, NULL),
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.12.2"), NULL, NULL),
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.12.1"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.4.0, < 2.12.2", NULL, 1},
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.4"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.4.0, < 2.12.2", NULL, 1},
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.3.2"), NULL, NULL),
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "2.3.1"), NULL, NULL),
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.3.0"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.0.1, < 2.3.1", NULL, 1},
    {"CVE-2021-44228", CPE("a", "apache:log4j", "2.0.1"), NULL, NULL, 1, 0, LOG4J,
     ">= 2.0.1, < 2.3.1", NULL, 1},
    {"CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "beta9"), NULL, NULL, 1, 0,
     CPEU("a", "apache:log4j", "2.0", "beta9"), NULL, NULL, 1},
    {"CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "rc1"), NULL, NULL, 1, 0,
     CPEU("a", "apache:log4j", "2.0", "rc1"), NULL, NULL, 1},
    {"CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "rc2"), NULL, NULL, 1, 0,
     CPEU("a", "apache:log4j", "2.0", "rc2"), NULL, NULL, 1},
    {"CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "-"), NULL, NULL, 1, 0,
     CPEU("a", "apache:log4j", "2.0", "-"), NULL, NULL, 1},
    MISS("CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "rc3"), NULL, NULL),
    MISS("CVE-2021-44228", CPEU("a", "apache:log4j", "2.0", "beta8"), NULL, NULL),
    MISS("CVE-2021-44228", CPE("a", "apache:log4j", "1.2.17"), NULL, NULL),

    /* zlib: [1.2.2.2, 1.2.12) and (, 1.2.12]. */
    {"CVE-2018-25032", CPE("a", "zlib:zlib", "1.2.11"), NULL, NULL, 1, 0, ZLIB,
     ">= 1.2.2.2, < 1.2.12", NULL, 1},
    {"CVE-2018-25032", ZLIB, "1.2.2.2", NULL, 1, 0, ZLIB, ">= 1.2.2.2, < 1.2.12", NULL, 1},
    MISS("CVE-2018-25032", ZLIB, "1.2.2.1", NULL),
    MISS("CVE-2018-25032", CPE("a", "zlib:zlib", "1.2.12"), NULL, NULL),
    MISS("CVE-2018-25032", CPE("a", "zlib:zlib", "1.2.13"), NULL, NULL),
    {"CVE-2022-37434", CPE("a", "zlib:zlib", "1.2.11"), NULL, NULL, 1, 0, ZLIB, "<= 1.2.12", NULL,
     1},
    {"CVE-2022-37434", CPE("a", "zlib:zlib", "1.2.12"), NULL, NULL, 1, 0, ZLIB, "<= 1.2.12", NULL,
     1},
    MISS("CVE-2022-37434", ZLIB, "1.2.12.1", NULL),
    MISS("CVE-2022-37434", CPE("a", "zlib:zlib", "1.2.13"), NULL, NULL),

    /* BusyBox. */
    {"CVE-2021-42374", CPE("a", "busybox:busybox", "1.27.0"), NULL, NULL, 1, 0, BUSYBOX,
     ">= 1.27.0, <= 1.33.1", NULL, 1},
    {"CVE-2021-42374", CPE("a", "busybox:busybox", "1.30.1"), NULL, NULL, 1, 0, BUSYBOX,
     ">= 1.27.0, <= 1.33.1", NULL, 1},
    {"CVE-2021-42374", CPE("a", "busybox:busybox", "1.33.1"), NULL, NULL, 1, 0, BUSYBOX,
     ">= 1.27.0, <= 1.33.1", NULL, 1},
    MISS("CVE-2021-42374", CPE("a", "busybox:busybox", "1.26.2"), NULL, NULL),
    MISS("CVE-2021-42374", CPE("a", "busybox:busybox", "1.33.2"), NULL, NULL),
    MISS("CVE-2021-42374", CPE("a", "busybox:busybox", "1.34.0"), NULL, NULL),
    {"CVE-2022-48174", CPE("a", "busybox:busybox", "1.36.1"), NULL, NULL, 1, 0, BUSYBOX,
     "<= 1.36.1", NULL, 1},
    {"CVE-2022-48174", BUSYBOX, "1.35.0", NULL, 1, 0, BUSYBOX, "<= 1.36.1", NULL, 1},
    MISS("CVE-2022-48174", CPE("a", "busybox:busybox", "1.37.0"), NULL, NULL),

    /* OpenSSL branches: each version falls in its own branch's entry. */
    {"CVE-2023-0286", CPE("a", "openssl:openssl", "1.1.1k"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.1, < 1.1.1t", NULL, 1},
    {"CVE-2023-0286", CPE("a", "openssl:openssl", "1.1.1s"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.1, < 1.1.1t", NULL, 1},
    MISS("CVE-2023-0286", CPE("a", "openssl:openssl", "1.1.1t"), NULL, NULL),
    {"CVE-2023-0286", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL, 1, 0, OPENSSL,
     ">= 3.0.0, < 3.0.8", NULL, 1},
    MISS("CVE-2023-0286", CPE("a", "openssl:openssl", "3.0.8"), NULL, NULL),
    {"CVE-2023-0286", CPE("a", "openssl:openssl", "1.0.2zf"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.0.2, < 1.0.2zg", NULL, 1},
    MISS("CVE-2023-0286", CPE("a", "openssl:openssl", "1.0.2zg"), NULL, NULL),
    MISS("CVE-2023-0286", CPE("a", "openssl:openssl", "1.1.0l"), NULL, NULL),
    MISS("CVE-2023-0286", CPE("a", "openssl:openssl", "3.1.0"), NULL, NULL),
    {"CVE-2022-0778", CPE("a", "openssl:openssl", "1.1.1k"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.0, < 1.1.1n", NULL, 1},
    {"CVE-2022-0778", CPE("a", "openssl:openssl", "1.1.0"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.0, < 1.1.1n", NULL, 1},
    MISS("CVE-2022-0778", CPE("a", "openssl:openssl", "1.1.1n"), NULL, NULL),
    {"CVE-2022-0778", CPE("a", "openssl:openssl", "3.0.1"), NULL, NULL, 1, 0, OPENSSL,
     ">= 3.0.0, < 3.0.2", NULL, 1},
    MISS("CVE-2022-0778", CPE("a", "openssl:openssl", "3.0.2"), NULL, NULL),
    MISS("CVE-2022-0778", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL),
    {"CVE-2022-0778", CPE("a", "openssl:openssl", "1.0.2zc"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.0.2, < 1.0.2zd", NULL, 1},
    MISS("CVE-2022-0778", CPE("a", "openssl:openssl", "1.0.2zd"), NULL, NULL),
    {"CVE-2021-3711", CPE("a", "openssl:openssl", "1.1.1k"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.1, < 1.1.1l", NULL, 1},
    {"CVE-2021-3711", CPE("a", "openssl:openssl", "1.1.1"), NULL, NULL, 1, 0, OPENSSL,
     ">= 1.1.1, < 1.1.1l", NULL, 1},
    MISS("CVE-2021-3711", CPE("a", "openssl:openssl", "1.1.1l"), NULL, NULL),
    MISS("CVE-2021-3711", CPE("a", "openssl:openssl", "1.1.0l"), NULL, NULL),
    MISS("CVE-2021-3711", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL),
    {"CVE-2022-3602", CPE("a", "openssl:openssl", "3.0.0"), NULL, NULL, 1, 0, OPENSSL,
     ">= 3.0.0, < 3.0.7", NULL, 1},
    {"CVE-2022-3602", CPE("a", "openssl:openssl", "3.0.6"), NULL, NULL, 1, 0, OPENSSL,
     ">= 3.0.0, < 3.0.7", NULL, 1},
    MISS("CVE-2022-3602", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL),
    MISS("CVE-2022-3602", CPE("a", "openssl:openssl", "3.0.8"), NULL, NULL),
    MISS("CVE-2022-3602", CPE("a", "openssl:openssl", "1.1.1k"), NULL, NULL),

    /* curl: NVD names haxx:libcurl only; haxx:curl is another product. */
    {"CVE-2023-38545", CPE("a", "haxx:libcurl", "8.3.0"), NULL, NULL, 1, 0, LIBCURL,
     ">= 7.69.0, < 8.4.0", NULL, 1},
    {"CVE-2023-38545", CPE("a", "haxx:libcurl", "7.69.0"), NULL, NULL, 1, 0, LIBCURL,
     ">= 7.69.0, < 8.4.0", NULL, 1},
    MISS("CVE-2023-38545", CPE("a", "haxx:libcurl", "7.68.0"), NULL, NULL),
    MISS("CVE-2023-38545", CPE("a", "haxx:libcurl", "8.4.0"), NULL, NULL),
    MISS("CVE-2023-38545", CPE("a", "haxx:curl", "8.3.0"), NULL, NULL),
    {"CVE-2021-22945", CPE("a", "haxx:libcurl", "7.78.0"), NULL, NULL, 1, 0, LIBCURL,
     ">= 7.73.0, <= 7.78.0", NULL, 1},
    {"CVE-2021-22945", CPE("a", "haxx:libcurl", "7.73.0"), NULL, NULL, 1, 0, LIBCURL,
     ">= 7.73.0, <= 7.78.0", NULL, 1},
    MISS("CVE-2021-22945", CPE("a", "haxx:libcurl", "7.72.0"), NULL, NULL),
    MISS("CVE-2021-22945", CPE("a", "haxx:libcurl", "7.79.0"), NULL, NULL),

    /* OpenSSH: NVD puts "p1" in the update attribute; the bounds compare the version. */
    {"CVE-2024-6387", CPEU("a", "openbsd:openssh", "9.3", "p1"), NULL, NULL, 1, 0, OPENSSH,
     ">= 8.6, < 9.8", NULL, 1},
    {"CVE-2024-6387", CPE("a", "openbsd:openssh", "9.3p1"), NULL, NULL, 1, 0, OPENSSH,
     ">= 8.6, < 9.8", NULL, 1},
    {"CVE-2024-6387", OPENSSH, "9.3p1", NULL, 1, 0, OPENSSH, ">= 8.6, < 9.8", NULL, 1},
    {"CVE-2024-6387", CPEU("a", "openbsd:openssh", "8.6", "p1"), NULL, NULL, 1, 0, OPENSSH,
     ">= 8.6, < 9.8", NULL, 1},
    {"CVE-2024-6387", CPEU("a", "openbsd:openssh", "8.5", "p1"), NULL, NULL, 1, 0,
     CPEU("a", "openbsd:openssh", "8.5", "p1"), NULL, NULL, 1},
    MISS("CVE-2024-6387", CPEU("a", "openbsd:openssh", "8.4", "p1"), NULL, NULL),
    MISS("CVE-2024-6387", CPEU("a", "openbsd:openssh", "9.8", "p1"), NULL, NULL),
    MISS("CVE-2024-6387", CPE("a", "openbsd:openssh", "9.8p1"), NULL, NULL),
    MISS("CVE-2024-6387", CPEU("a", "openbsd:openssh", "4.4", "p1"), NULL, NULL),
    {"CVE-2024-6387", CPEU("a", "openbsd:openssh", "4.3", "p2"), NULL, NULL, 1, 0, OPENSSH, "< 4.4",
     NULL, 1},

    /* Spring4Shell: AND of Spring and a JDK >= 9 platform entry. */
    {"CVE-2022-22965", CPE("a", "vmware:spring_framework", "5.3.17"), NULL, NULL, 1, 1, SPRING,
     ">= 5.3.0, < 5.3.18", NOTE_PLATFORM "cpe:2.3:a:oracle:jdk:*:*:*:*:*:*:*:*: needs review", 1},
    {"CVE-2022-22965", CPE("a", "vmware:spring_framework", "5.3.17"), NULL,
     CPE("a", "oracle:jdk", "11.0.2"), 1, 0, SPRING, ">= 5.3.0, < 5.3.18", NULL, 1},
    {"CVE-2022-22965", CPE("a", "vmware:spring_framework", "5.3.17"), NULL,
     CPE("a", "oracle:jdk", "9"), 1, 0, SPRING, ">= 5.3.0, < 5.3.18", NULL, 1},
    {"CVE-2022-22965", SPRING, "5.2.19", CPE("a", "oracle:jdk", "17"), 1, 0, SPRING, "< 5.2.20",
     NULL, 1},
    MISS("CVE-2022-22965", SPRING, "5.2.20.RELEASE", CPE("a", "oracle:jdk", "17")),
    MISS("CVE-2022-22965", CPE("a", "vmware:spring_framework", "5.3.18"), NULL,
         CPE("a", "oracle:jdk", "17")),
    /* JDK 8 is listed but outside the platform entry's bounds: as documented (match.h),
     * an unmatched platform entry leaves the hit for review, not dismissed. */
    {"CVE-2022-22965", CPE("a", "vmware:spring_framework", "5.3.17"), NULL,
     CPE("a", "oracle:jdk", "1.8.0"), 1, 1, SPRING, ">= 5.3.0, < 5.3.18", NOTE_PLATFORM, 1},

    /* Firmware and RTOS: VxWorks (URGENT/11) plain; Siemens firmware on its hardware. */
    {"CVE-2019-12255", CPE("o", "windriver:vxworks", "6.9.3"), NULL, NULL, 1, 0, VXWORKS,
     ">= 6.5, < 6.9.4", NULL, 1},
    {"CVE-2019-12255", CPE("o", "windriver:vxworks", "6.5"), NULL, NULL, 1, 0, VXWORKS,
     ">= 6.5, < 6.9.4", NULL, 1},
    MISS("CVE-2019-12255", CPE("o", "windriver:vxworks", "6.9.4"), NULL, NULL),
    MISS("CVE-2019-12255", CPE("o", "windriver:vxworks", "6.4"), NULL, NULL),
    MISS("CVE-2019-12255", CPE("o", "windriver:vxworks", "7.0"), NULL, NULL),
    MISS("CVE-2019-12255", CPE("a", "windriver:vxworks", "6.9.3"), NULL, NULL), /* part a */
    {"CVE-2019-12255", CPE("o", "siemens:power_meter_9410_firmware", "2.2.0"), NULL, NULL, 1, 1,
     PM9410_FW, "< 2.2.1", NOTE_PLATFORM PM9410_HW ": needs review", 1},
    {"CVE-2019-12255", PM9410_FW, "2.2.0", PM9410_HW, 1, 0, PM9410_FW, "< 2.2.1", NULL, 1},
    {"CVE-2019-12255", CPE("o", "siemens:power_meter_9410_firmware", "2.2.0"), NULL,
     CPE("h", "siemens:power_meter_9810", "-"), 1, 1, PM9410_FW, "< 2.2.1", NOTE_PLATFORM, 1},
    MISS("CVE-2019-12255", CPE("o", "siemens:power_meter_9410_firmware", "2.2.1"), NULL, PM9410_HW),
    /* HiOS 07.0.07 falls in three configurations (<= 07.0.07, <= 07.5.01, <= 07.2.04); only
     * the first has its hardware present: one hit, three pieces of evidence, no review. */
    {"CVE-2019-12255", CPE("o", "belden:hirschmann_hios", "7.0.7"), NULL,
     CPE("h", "belden:hirschmann_rsp20", "-"), 1, 0, CPE("o", "belden:hirschmann_hios", "*"),
     "<= 07.0.07", NULL, 3},
    {"CVE-2019-12255", CPE("o", "belden:hirschmann_hios", "7.0.7"), NULL,
     CPE("h", "belden:hirschmann_rsp20", "-"), 1, 0, CPE("o", "belden:hirschmann_hios", "*"),
     "<= 07.5.01", NOTE_PLATFORM, 3},
    {"CVE-2019-12255", CPE("o", "belden:hirschmann_hios", "7.0.8"), NULL,
     CPE("h", "belden:hirschmann_rsp20", "-"), 1, 1, CPE("o", "belden:hirschmann_hios", "*"),
     "<= 07.5.01", NOTE_PLATFORM, 2},

    /* Treck TCP/IP (Ripple20): a quoted '/' in the product. */
    {"CVE-2020-11896", CPE("a", "treck:tcp\\/ip", "6.0.1.65"), NULL, NULL, 1, 0, TRECK,
     "< 6.0.1.66", NULL, 1},
    {"CVE-2020-11896", CPE("a", "treck:tcp/ip", "6.0.1.41"), NULL, NULL, 1, 0, TRECK, "< 6.0.1.66",
     NULL, 1},
    MISS("CVE-2020-11896", TRECK, "6.0.1.66", NULL),
    MISS("CVE-2020-11896", TRECK, "6.0.2", NULL),
};

START_TEST(nvd_bounds)
{
	const struct nvd_case *t = &nvd_cases[_i];
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;
	char label[512];

	VX_NEED_CORPUS();
	snprintf(label, sizeof(label), "[%d] %s %s %s +%s", _i, t->cve, t->cpe, S(t->version),
	         S(t->platform));
	v = load_nvd(t->cve);
	vx_sbom_init(&inv);
	add_comp(&inv, "component", t->cpe, NULL, t->version);
	if (t->platform)
		add_comp(&inv, "platform", t->platform, NULL, NULL);
	vx_match_inventory(&inv, v, 1, &r);
	if (t->hit) {
		expect_hit(&r, label, "nvd", t->review, t->criterion, t->range, t->note, t->nev);
		ck_assert_str_eq(r.hits[0].ev[0].field, "cpe");
	} else {
		ck_assert_msg(r.nhits == 0, "%s: expected no hit, got %s", label, ev_dump(&r));
	}
	/* A platform entry (vulnerable: false) never makes its own component affected. */
	if (t->platform)
		ck_assert_msg(find_hit(&r, 1, 0) == NULL, "%s: platform hit: %s", label,
		              ev_dump(&r));
	ck_assert_uint_eq(r.unknown_versions, t->note && strcmp(t->note, NOTE_UNKNOWN) == 0);
	ck_assert_uint_eq(r.git_ranges_skipped, 0);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(v);
}
END_TEST

/* The evidence value is the component's CPE as compared: the SBOM version in place of ANY,
 * canonical quoting. */
START_TEST(nvd_evidence_value)
{
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;

	VX_NEED_CORPUS();
	v = load_nvd("CVE-2020-11896");
	vx_sbom_init(&inv);
	add_comp(&inv, "treck", "cpe:2.3:a:Treck:TCP/IP:*:*:*:*:*:*:*:*", NULL, "6.0.1.41");
	vx_match_inventory(&inv, v, 1, &r);
	ck_assert_msg(r.nhits == 1, "%s", ev_dump(&r));
	ck_assert_str_eq(r.hits[0].ev[0].source, "nvd");
	ck_assert_str_eq(r.hits[0].ev[0].field, "cpe");
	ck_assert_str_eq(r.hits[0].ev[0].value, "cpe:2.3:a:treck:tcp\\/ip:6.0.1.41:*:*:*:*:*:*:*");
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(v);
}
END_TEST

/* KEV: the NVD record mirrors the cisa* fields; the matcher does not depend on them. */
START_TEST(kev_fields_present_not_needed)
{
	struct vx_vuln *v, *plain;
	struct vx_kev *kev;
	struct vx_sbom inv;
	struct vx_match_result a, b;

	VX_NEED_CORPUS();
	v = load_nvd("CVE-2021-44228");
	ck_assert_ptr_nonnull(v->kev);
	ck_assert_str_eq(v->kev->date_added, "2021-12-10");
	ck_assert_str_eq(v->kev->due_date, "2021-12-24");
	ck_assert_ptr_nonnull(v->kev->name);
	ck_assert_str_eq(v->kev->name, "Apache Log4j2 Remote Code Execution Vulnerability");
	plain = load_nvd("CVE-2018-25032");
	ck_assert_ptr_null(plain->kev);

	vx_sbom_init(&inv);
	add_comp(&inv, "log4j", CPE("a", "apache:log4j", "2.14.1"), NULL, NULL);
	vx_match_inventory(&inv, v, 1, &a);
	kev = v->kev;
	v->kev = NULL;
	vx_match_inventory(&inv, v, 1, &b);
	v->kev = kev;
	ck_assert_uint_eq(a.nhits, 1);
	ck_assert_uint_eq(b.nhits, 1);
	ck_assert_int_eq(a.hits[0].needs_review, b.hits[0].needs_review);
	ck_assert_uint_eq(a.hits[0].nev, b.hits[0].nev);
	ck_assert_str_eq(a.hits[0].ev[0].range, b.hits[0].ev[0].range);
	vx_match_result_release(&a);
	vx_match_result_release(&b);
	vx_sbom_release(&inv);
	vuln_free(v);
	vuln_free(plain);
}
END_TEST

/* A whole inventory against several records: hits ordered by vulnerability, then
 * component; each component only where its bounds hold. */
START_TEST(nvd_inventory_order)
{
	static const char *const cves[] = {"CVE-2022-37434", "CVE-2014-0160", "CVE-2018-25032",
	                                   "CVE-2021-42374", "CVE-2023-0286"};
	struct vx_vuln vulns[N(cves)];
	struct vx_sbom inv;
	struct vx_match_result r;
	/* expected (vuln, component) pairs in order */
	static const size_t want[][2] = {{0, 0}, {1, 1}, {2, 0}, {3, 2}, {4, 3}};

	VX_NEED_CORPUS();
	for (size_t i = 0; i < N(cves); i++) {
		struct vx_vuln *v = load_nvd(cves[i]);
		vulns[i] = *v;
		free(v);
	}
	vx_sbom_init(&inv);
	add_comp(&inv, "zlib", ZLIB, NULL, "1.2.11");                                 /* 0 */
	add_comp(&inv, "openssl", CPE("a", "openssl:openssl", "1.0.1f"), NULL, NULL); /* 1 */
	add_comp(&inv, "busybox", BUSYBOX, NULL, "1.30.1");                           /* 2 */
	add_comp(&inv, "openssl3", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL); /* 3 */
	add_comp(&inv, "openssl", NULL, NULL, "1.0.1f"); /* 4: a bare name matches nothing */
	vx_match_inventory(&inv, vulns, N(cves), &r);
	ck_assert_msg(r.nhits == N(want), "%s", ev_dump(&r));
	for (size_t i = 0; i < N(want); i++) {
		ck_assert_uint_eq(r.hits[i].vuln, want[i][0]);
		ck_assert_uint_eq(r.hits[i].component, want[i][1]);
		ck_assert_int_eq(r.hits[i].needs_review, 0);
	}
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	for (size_t i = 0; i < N(cves); i++)
		vx_vuln_release(&vulns[i]);
}
END_TEST

/* The versionless component is reported for review whatever its place in the inventory. A
 * versioned component that satisfies the entry first must not hide it. */
START_TEST(bug_unknown_version_hidden_by_earlier_match)
{
	struct vx_vuln *v;
	VX_NEED_CORPUS();
	v = load_nvd("CVE-2014-0160");
	for (int order = 1; order >= 0; order--) { /* 1 passes; 0 shows the bug */
		struct vx_sbom inv;
		struct vx_match_result r;
		const struct vx_match_hit *known, *unknown;
		int ok_known, ok_unknown;
		const char *dump;
		size_t ik = order ? 1 : 0, iu = order ? 0 : 1;
		vx_sbom_init(&inv);
		if (order) {
			add_comp(&inv, "openssl-unknown", OPENSSL, NULL, NULL);
			add_comp(&inv, "openssl", CPE("a", "openssl:openssl", "1.0.1f"), NULL,
			         NULL);
		} else {
			add_comp(&inv, "openssl", CPE("a", "openssl:openssl", "1.0.1f"), NULL,
			         NULL);
			add_comp(&inv, "openssl-unknown", OPENSSL, NULL, NULL);
		}
		vx_match_inventory(&inv, v, 1, &r);
		known = find_hit(&r, ik, 0);
		unknown = find_hit(&r, iu, 0);
		/* decide, release, then assert: a failure must not leak under CK_FORK=no */
		ok_known = known && known->needs_review == 0;
		ok_unknown = unknown && unknown->needs_review == 1 && unknown->nev == 1 &&
		             same(unknown->ev[0].note, NOTE_UNKNOWN) && r.unknown_versions == 1;
		dump = ev_dump(&r); /* static buffer */
		vx_match_result_release(&r);
		vx_sbom_release(&inv);
		if (!ok_known || !ok_unknown)
			vuln_free(v);
		ck_assert_msg(ok_known, "order %d: %s", order, dump);
		ck_assert_msg(ok_unknown,
		              "order %d: versionless openssl not reported for review: %s", order,
		              dump);
	}
	vuln_free(v);
}
END_TEST

/* A hardware CPE with version NA ("-") names the product, not a revision: the SBOM's own
 * version (a board revision) must not replace it. match.h and docs/matching.md substitute
 * the component's version for ANY only. */
START_TEST(bug_cpe_na_version_replaced)
{
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;
	const char *dump;
	int one, reviewed;
	VX_NEED_CORPUS();
	v = load_nvd("CVE-2019-12255");
	vx_sbom_init(&inv);
	add_comp(&inv, "pm9410-fw", CPE("o", "siemens:power_meter_9410_firmware", "2.2.0"), NULL,
	         "2.2.0");
	add_comp(&inv, "pm9410", PM9410_HW, NULL, "rev-b");
	vx_match_inventory(&inv, v, 1, &r);
	one = r.nhits == 1 && find_hit(&r, 0, 0);
	reviewed = one && r.hits[0].needs_review;
	dump = ev_dump(&r);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(v);
	ck_assert_msg(one, "%s", dump);
	ck_assert_msg(!reviewed,
	              "hardware 'cpe:2.3:h:siemens:power_meter_9410:-:...' with SBOM version "
	              "'rev-b' not taken as the platform: %s",
	              dump);
}
END_TEST

/* ---- No name guessing ----------------------------------------------------------------- */

START_TEST(no_fuzzy_names)
{
	struct vx_vuln *nvd, *ghsa;
	struct vx_vuln both[2];
	struct vx_sbom inv;
	struct vx_match_result r;
	VX_NEED_CORPUS();
	nvd = load_nvd("CVE-2014-0160");
	ghsa = load_ghsa("GHSA-jfh8-c2jp-5v3q");
	both[0] = *nvd;
	both[1] = *ghsa;
	vx_sbom_init(&inv);
	add_comp(&inv, "openssl", NULL, NULL, "1.0.1f");
	add_comp(&inv, "log4j-core", NULL, NULL, "2.14.1");
	inv.components[1].group = vx_strdup("org.apache.logging.log4j");
	add_comp(&inv, "openssl", "not a cpe", "not a purl", "1.0.1f");
	vx_match_inventory(&inv, both, 2, &r);
	ck_assert_msg(r.nhits == 0, "%s", ev_dump(&r));
	ck_assert_uint_eq(r.unknown_versions, 0);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(nvd);
	vuln_free(ghsa);
}
END_TEST

/* ---- OSV ------------------------------------------------------------------------------- */

struct osv_case {
	const char *id;      /* GHSA-... in the corpus, VX-TEST-... in the fixture, or
	                        PYSEC-... in the osv-schema linter data */
	const char *purl;    /* component 0 */
	const char *version; /* component version */
	int hit, review;
	const char *criterion; /* key or package purl */
	const char *range;     /* range text */
	const char *note;
	size_t git_skipped;
};

#define LOG4J_CORE "maven/org.apache.logging.log4j/log4j-core"
#define LOG4J_PURL "pkg:maven/org.apache.logging.log4j/log4j-core"

#define OSV_MISS(id, purl, ver)                                                                    \
	{                                                                                          \
		id, purl, ver, 0, 0, NULL, NULL, NULL, 0                                           \
	}

static const struct osv_case osv_cases[] = {
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.14.1", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 2.13.0, fixed 2.15.0", NULL, 0},
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.13.0", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 2.13.0, fixed 2.15.0", NULL, 0},
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.15.0", NULL),
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.16.0", NULL),
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.17.1", NULL),
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.12.2", NULL),
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.12.1", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 2.4, fixed 2.12.2", NULL, 0},
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.3.1", NULL),
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.3", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 0, fixed 2.3.1", NULL, 0},
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.0-beta9", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 0, fixed 2.3.1", NULL, 0},
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL "@2.14.1?type=jar", NULL, 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 2.13.0, fixed 2.15.0", NULL, 0},
    /* purl without version: the SBOM version; neither: for review. */
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL, "2.14.1", 1, 0, LOG4J_CORE,
     "ECOSYSTEM: introduced 2.13.0, fixed 2.15.0", NULL, 0},
    {"GHSA-jfh8-c2jp-5v3q", LOG4J_PURL, NULL, 1, 1, LOG4J_CORE, NULL, NOTE_UNKNOWN, 0},
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1", NULL),
    OSV_MISS("GHSA-jfh8-c2jp-5v3q", "pkg:maven/log4j/log4j@1.2.17", NULL),
    /* npm, Go, NuGet, Maven .RELEASE, semver pre-releases */
    {"GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash@4.17.20", NULL, 1, 0, "npm/lodash",
     "ECOSYSTEM: introduced 0, fixed 4.17.21", NULL, 0},
    {"GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash-es@4.17.20", NULL, 1, 0, "npm/lodash-es",
     "ECOSYSTEM: introduced 0, fixed 4.17.21", NULL, 0},
    OSV_MISS("GHSA-35jh-r3h4-6jhm", "pkg:npm/lodash@4.17.21", NULL),
    {"GHSA-4374-p667-p6c8", "pkg:golang/golang.org/x/net@v0.16.0", NULL, 1, 0,
     "golang/golang.org/x/net", "ECOSYSTEM: introduced 0, fixed 0.17.0", NULL, 0},
    {"GHSA-4374-p667-p6c8", "pkg:golang/golang.org/x/net@0.16.0", NULL, 1, 0,
     "golang/golang.org/x/net", "ECOSYSTEM: introduced 0, fixed 0.17.0", NULL, 0},
    OSV_MISS("GHSA-4374-p667-p6c8", "pkg:golang/golang.org/x/net@v0.17.0", NULL),
    OSV_MISS("GHSA-4374-p667-p6c8", "pkg:golang/golang.org/x/crypto@v0.16.0", NULL),
    {"GHSA-8hfj-j24r-96c4", "pkg:nuget/Moment.js@2.29.1", NULL, 1, 0, "nuget/Moment.js",
     "ECOSYSTEM: introduced 0, fixed 2.29.2", NULL, 0},
    OSV_MISS("GHSA-8hfj-j24r-96c4", "pkg:nuget/Moment.js@2.29.2", NULL),
    {"GHSA-8hfj-j24r-96c4", "pkg:npm/moment@2.29.1", NULL, 1, 0, "npm/moment",
     "ECOSYSTEM: introduced 0, fixed 2.29.2", NULL, 0},
    {"GHSA-36p3-wjmg-h94x", "pkg:maven/org.springframework/spring-beans@5.2.19.RELEASE", NULL, 1, 0,
     "maven/org.springframework/spring-beans", "ECOSYSTEM: introduced 0, fixed 5.2.20.RELEASE",
     NULL, 0},
    OSV_MISS("GHSA-36p3-wjmg-h94x", "pkg:maven/org.springframework/spring-beans@5.2.20.RELEASE",
             NULL),
    {"GHSA-36p3-wjmg-h94x", "pkg:maven/org.springframework/spring-beans@5.3.17", NULL, 1, 0,
     "maven/org.springframework/spring-beans", "ECOSYSTEM: introduced 5.3.0, fixed 5.3.18", NULL,
     0},
    OSV_MISS("GHSA-36p3-wjmg-h94x", "pkg:maven/org.springframework/spring-beans@5.3.18", NULL),
    {"GHSA-rv95-896h-c2vc", "pkg:npm/express@5.0.0-beta.1", NULL, 1, 0, "npm/express",
     "ECOSYSTEM: introduced 5.0.0-alpha.1, fixed 5.0.0-beta.3", NULL, 0},
    OSV_MISS("GHSA-rv95-896h-c2vc", "pkg:npm/express@5.0.0-beta.3", NULL),
    {"GHSA-rv95-896h-c2vc", "pkg:npm/express@4.19.1", NULL, 1, 0, "npm/express",
     "ECOSYSTEM: introduced 0, fixed 4.19.2", NULL, 0},
    OSV_MISS("GHSA-rv95-896h-c2vc", "pkg:npm/express@4.19.2", NULL),
    /* fixture: scoped npm, PyPI normalisation, GIT only, versions only, Debian, Maven */
    {"VX-TEST-NPM-SCOPED", "pkg:npm/%40angular/core@11.0.4", NULL, 1, 0, "npm/%40angular/core",
     "SEMVER: introduced 0, fixed 11.0.5", NULL, 0},
    {"VX-TEST-NPM-SCOPED", "pkg:npm/@angular/core@11.0.4", NULL, 1, 0, "npm/%40angular/core",
     "SEMVER: introduced 0, fixed 11.0.5", NULL, 0},
    OSV_MISS("VX-TEST-NPM-SCOPED", "pkg:npm/%40angular/core@11.0.5", NULL),
    OSV_MISS("VX-TEST-NPM-SCOPED", "pkg:npm/core@11.0.4", NULL),
    OSV_MISS("VX-TEST-NPM-SCOPED", "pkg:npm/%40other/core@11.0.4", NULL),
    {"VX-TEST-PYPI", "pkg:pypi/django-rest@2.9", NULL, 1, 0, "pypi/django-rest",
     "ECOSYSTEM: introduced 0, fixed 3.0.0", NULL, 0},
    {"VX-TEST-PYPI", "pkg:pypi/Django_Rest@3.0.0rc1", NULL, 1, 0, "pypi/django-rest",
     "ECOSYSTEM: introduced 0, fixed 3.0.0", NULL, 0},
    OSV_MISS("VX-TEST-PYPI", "pkg:pypi/django.rest@2.9", NULL), /* '.' is not normalised here */
    OSV_MISS("VX-TEST-PYPI", "pkg:pypi/django-rest@3.0", NULL),
    {"VX-TEST-GIT-ONLY", "pkg:golang/github.com/acme/widget@v1.0.0", NULL, 0, 0, NULL, NULL, NULL,
     1},
    {"VX-TEST-GIT-ONLY", "pkg:golang/github.com/acme/other@v1.0.0", NULL, 0, 0, NULL, NULL, NULL,
     0},
    {"VX-TEST-VERSIONS", "pkg:cargo/acme-widget@1.0.1", NULL, 1, 0, "cargo/acme-widget",
     "listed version 1.0.1", NULL, 0},
    OSV_MISS("VX-TEST-VERSIONS", "pkg:cargo/acme-widget@1.0.2", NULL),
    {"VX-TEST-DEBIAN", "pkg:deb/debian/openssl@3.0.9-1?arch=amd64", NULL, 1, 0,
     "deb/debian/openssl", "ECOSYSTEM: introduced 0, fixed 3.0.11-1~deb12u1", NULL, 0},
    OSV_MISS("VX-TEST-DEBIAN", "pkg:deb/debian/openssl@3.0.11-1", NULL), /* ~ sorts first */
    OSV_MISS("VX-TEST-DEBIAN", "pkg:deb/ubuntu/openssl@3.0.9-1", NULL),
    {"VX-TEST-LAST-AFFECTED", "pkg:maven/com.acme/widget-core@1.4.2", NULL, 1, 0,
     "maven/com.acme/widget-core", "ECOSYSTEM: introduced 1.2, last_affected 1.4.2", NULL, 0},
    OSV_MISS("VX-TEST-LAST-AFFECTED", "pkg:maven/com.acme/widget-core@1.4.3", NULL),
    OSV_MISS("VX-TEST-LAST-AFFECTED", "pkg:maven/com.acme/widget-core@1.1", NULL),
    /* A real record with a GIT range first, an ECOSYSTEM range and a versions list; the
     * package has a purl, which is the criterion. */
    {"PYSEC-2023-74", "pkg:pypi/requests@2.30.0", NULL, 1, 0, "pkg:pypi/requests",
     "listed version 2.30.0", NULL, 0},
    {"PYSEC-2023-74", "pkg:pypi/requests@2.31.0", NULL, 0, 0, NULL, NULL, NULL, 1},
    {"PYSEC-2023-74", "pkg:pypi/requests@2.2.1", NULL, 0, 0, NULL, NULL, NULL, 1},
};

static struct vx_vuln *load_any(const char *id)
{
	if (strncmp(id, "VX-TEST-", 8) == 0)
		return load_fixture(id);
	if (strncmp(id, "PYSEC-", 6) == 0)
		return load("osv/osv-schema/osv-linter-testdata", id);
	return load_ghsa(id);
}

START_TEST(osv_ranges)
{
	const struct osv_case *t = &osv_cases[_i];
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;
	char label[512];

	if (strncmp(t->id, "VX-TEST-", 8) != 0)
		VX_NEED_CORPUS();
	snprintf(label, sizeof(label), "[%d] %s %s %s", _i, t->id, t->purl, S(t->version));
	v = load_any(t->id);
	ck_assert_int_eq(v->source, VX_FEED_OSV);
	vx_sbom_init(&inv);
	add_comp(&inv, "component", NULL, t->purl, t->version);
	vx_match_inventory(&inv, v, 1, &r);
	if (t->hit) {
		/* one piece of evidence per hit; versionless: see bug_osv_unknown_version_* */
		expect_hit(&r, label, "osv", t->review, t->criterion, t->range, t->note,
		           t->review ? 0 : 1);
		ck_assert_str_eq(r.hits[0].ev[0].field, "purl");
		ck_assert_str_eq(r.hits[0].ev[0].value, t->purl);
	} else {
		ck_assert_msg(r.nhits == 0, "%s: expected no hit, got %s", label, ev_dump(&r));
	}
	ck_assert_msg(r.git_ranges_skipped == t->git_skipped, "%s: %zu GIT ranges skipped", label,
	              r.git_ranges_skipped);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(v);
}
END_TEST

/* NVD CVE-2021-44228 and its alias GHSA-jfh8-c2jp-5v3q merged into one vulnerability, as the
 * store files them: a component with both CPE and purl is one hit with two pieces of
 * evidence; with only one of them, one piece. */
START_TEST(nvd_and_osv_one_hit)
{
	struct vx_vuln *nvd, *ghsa;
	struct vx_sbom inv;
	struct vx_match_result r;
	const struct vx_match_hit *h;
	int aliased = 0;

	VX_NEED_CORPUS();
	nvd = load_nvd("CVE-2021-44228");
	ghsa = load_ghsa("GHSA-jfh8-c2jp-5v3q");
	for (size_t i = 0; i < ghsa->naliases; i++)
		aliased |= strcmp(ghsa->aliases[i], "CVE-2021-44228") == 0;
	ck_assert(aliased);
	/* merge: the NVD record takes the GHSA's affected packages */
	nvd->affected = ghsa->affected;
	nvd->naffected = ghsa->naffected;
	ghsa->affected = NULL;
	ghsa->naffected = 0;

	vx_sbom_init(&inv);
	add_comp(&inv, "log4j-core", CPE("a", "apache:log4j", "2.14.1"), LOG4J_PURL "@2.14.1",
	         "2.14.1");                                                 /* 0: both */
	add_comp(&inv, "log4j-core", NULL, LOG4J_PURL "@2.12.1", "2.12.1"); /* 1: purl only */
	add_comp(&inv, "log4j", LOG4J, NULL, "2.3.0");                      /* 2: cpe only */
	add_comp(&inv, "log4j-core", LOG4J, LOG4J_PURL, "2.17.1");          /* 3: fixed */
	add_comp(&inv, "log4j-core", CPEU("a", "apache:log4j", "2.0", "beta9"),
	         LOG4J_PURL "@2.0-beta9", NULL); /* 4: both, explicit NVD entry */
	vx_match_inventory(&inv, nvd, 1, &r);
	ck_assert_msg(r.nhits == 4, "%s", ev_dump(&r));

	h = find_hit(&r, 0, 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->nev, 2);
	ck_assert_int_eq(h->needs_review, 0);
	ck_assert_ptr_nonnull(find_ev(h, "nvd", LOG4J, ">= 2.13.0, < 2.15.0"));
	ck_assert_ptr_nonnull(
	    find_ev(h, "osv", LOG4J_CORE, "ECOSYSTEM: introduced 2.13.0, fixed 2.15.0"));

	h = find_hit(&r, 1, 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->nev, 1);
	ck_assert_str_eq(h->ev[0].source, "osv");
	ck_assert_str_eq(h->ev[0].range, "ECOSYSTEM: introduced 2.4, fixed 2.12.2");

	h = find_hit(&r, 2, 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->nev, 1);
	ck_assert_str_eq(h->ev[0].source, "nvd");
	ck_assert_str_eq(h->ev[0].range, ">= 2.0.1, < 2.3.1");

	ck_assert_ptr_null(find_hit(&r, 3, 0));

	h = find_hit(&r, 4, 0);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->nev, 2);
	ck_assert_ptr_nonnull(find_ev(h, "nvd", CPEU("a", "apache:log4j", "2.0", "beta9"), NULL));
	ck_assert_ptr_nonnull(
	    find_ev(h, "osv", LOG4J_CORE, "ECOSYSTEM: introduced 0, fixed 2.3.1"));

	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(nvd);
	vuln_free(ghsa);
}
END_TEST

/* GIT ranges are counted once per component whose package matched and whose version was
 * not already decided. */
START_TEST(osv_git_ranges_counted)
{
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;
	v = load_fixture("VX-TEST-GIT-ONLY");
	ck_assert_uint_eq(v->naffected, 1);
	ck_assert_uint_eq(v->affected[0].nranges, 1);
	ck_assert_str_eq(v->affected[0].ranges[0].type, "GIT");
	vx_sbom_init(&inv);
	add_comp(&inv, "widget", NULL, "pkg:golang/github.com/acme/widget@v1.0.0", NULL);
	add_comp(&inv, "widget", NULL, "pkg:golang/github.com/acme/widget@v1.1.0", NULL);
	add_comp(&inv, "other", NULL, "pkg:golang/github.com/acme/other@v1.1.0", NULL);
	vx_match_inventory(&inv, v, 1, &r);
	ck_assert_uint_eq(r.nhits, 0);
	ck_assert_uint_eq(r.git_ranges_skipped, 2);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vuln_free(v);
}
END_TEST

/* ---- Tips ------------------------------------------------------------------------------ */

START_TEST(tip_purl)
{
	static const struct {
		const char *purl, *version;
		int hit;
	} comps[] = {
	    {"pkg:generic/acme/fw@2.4.0", NULL, 1},  {"pkg:generic/acme/fw@2.0.0", NULL, 1},
	    {"pkg:generic/acme/fw@2.4.1", NULL, 0},  {"pkg:generic/acme/fw@1.9", NULL, 0},
	    {"pkg:generic/acme/fw", "2.1", 1},       {"pkg:generic/acme/fw2@2.4.0", NULL, 0},
	    {"pkg:generic/other/fw@2.4.0", NULL, 0},
	};
	struct vx_vuln v;
	struct vx_err err;
	struct vx_sbom inv;
	struct vx_match_result r;
	size_t nhit = 0;

	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_int_eq(vx_match_tip_record("pkg:generic/acme/fw", NULL,
	                                     "vers:generic/>=2.0.0|<2.4.1", &v, &err),
	                 0);
	ck_assert_uint_eq(v.naffected, 1);
	ck_assert_uint_eq(v.nconfs, 0);
	ck_assert_str_eq(v.affected[0].purl, "pkg:generic/acme/fw");
	ck_assert_str_eq(v.affected[0].vers, "vers:generic/>=2.0.0|<2.4.1");
	v.id = vx_strdup("VX-2026-0001");

	vx_sbom_init(&inv);
	for (size_t i = 0; i < N(comps); i++)
		add_comp(&inv, "fw", NULL, comps[i].purl, comps[i].version);
	vx_match_inventory(&inv, &v, 1, &r);
	for (size_t i = 0; i < N(comps); i++) {
		const struct vx_match_hit *h = find_hit(&r, i, 0);
		ck_assert_msg((h != NULL) == comps[i].hit, "%s: %s", comps[i].purl, ev_dump(&r));
		if (!h)
			continue;
		nhit++;
		ck_assert_int_eq(h->needs_review, 0);
		ck_assert_uint_eq(h->nev, 1);
		ck_assert_str_eq(h->ev[0].source, "tip");
		ck_assert_str_eq(h->ev[0].field, "purl");
		ck_assert_str_eq(h->ev[0].value, comps[i].purl);
		ck_assert_str_eq(h->ev[0].criterion, "pkg:generic/acme/fw");
		ck_assert_str_eq(h->ev[0].range, "vers:generic/>=2.0.0|<2.4.1");
	}
	ck_assert_uint_eq(r.nhits, nhit);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vx_vuln_release(&v);
}
END_TEST

/* A '!=' is fine with a purl: the VERS range is evaluated whole. */
START_TEST(tip_purl_not_equal)
{
	struct vx_vuln v;
	struct vx_err err;
	struct vx_sbom inv;
	struct vx_match_result r;
	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_int_eq(vx_match_tip_record("pkg:npm/%40acme/pump-ui", NULL,
	                                     "vers:npm/>=1.0.0|!=1.5.0|<2.0.0", &v, &err),
	                 0);
	vx_sbom_init(&inv);
	add_comp(&inv, "a", NULL, "pkg:npm/@acme/pump-ui@1.4.9", NULL);
	add_comp(&inv, "b", NULL, "pkg:npm/%40acme/pump-ui@1.5.0", NULL);
	add_comp(&inv, "c", NULL, "pkg:npm/%40acme/pump-ui@2.0.0-rc.1", NULL);
	add_comp(&inv, "d", NULL, "pkg:npm/%40acme/pump-ui@2.0.0", NULL);
	vx_match_inventory(&inv, &v, 1, &r);
	ck_assert_msg(r.nhits == 2 && find_hit(&r, 0, 0) && find_hit(&r, 2, 0), "%s", ev_dump(&r));
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
	vx_vuln_release(&v);
}
END_TEST

struct tip_cpe_case {
	const char *vers;
	size_t nentries;
	const char *bounds; /* "si se ei ee;" per entry, "-" for NULL */
	const char *hits;   /* versions that hit, space-separated */
	const char *misses; /* versions that do not */
};

static const struct tip_cpe_case tip_cpe_cases[] = {
    {"vers:generic/>=1.0|<1.2|>=2.0|<2.1", 2, "1.0 - - 1.2;2.0 - - 2.1;", "1.0 1.1 1.1.9 2.0 2.0.5",
     "0.9 1.2 1.5 2.1 3.0"},
    {"vers:generic/>1.0|<=1.2", 1, "- 1.0 1.2 -;", "1.0.1 1.2", "1.0 1.2.1"},
    {"vers:generic/<1.5", 1, "- - - 1.5;", "0.1 1.4.9", "1.5 2.0"},
    {"vers:generic/>=3.0", 1, "3.0 - - -;", "3.0 9.9", "2.9"},
    {"vers:generic/1.3|1.4", 2, "1.3 - 1.3 -;1.4 - 1.4 -;", "1.3 1.4 1.3.0", "1.3.1 1.35"},
    {"vers:generic/<1.0|1.5|>=2.0", 3, "- - - 1.0;1.5 - 1.5 -;2.0 - - -;", "0.9 1.5 2.0",
     "1.0 1.4 1.6"},
    {"vers:generic/*", 1, "- - - -;", "0.0.1 99", ""},
};

static void bounds_of(const struct vx_cpe_match *m, struct vx_buf *b)
{
	vx_buf_printf(b, "%s %s %s %s;", m->start_incl ? m->start_incl : "-",
	              m->start_excl ? m->start_excl : "-", m->end_incl ? m->end_incl : "-",
	              m->end_excl ? m->end_excl : "-");
}

static void tip_cpe_check(const struct vx_vuln *v, const char *list, int want)
{
	char *copy = vx_strdup(list), *save = NULL;
	for (char *ver = strtok_r(copy, " ", &save); ver; ver = strtok_r(NULL, " ", &save)) {
		struct vx_sbom inv;
		struct vx_match_result r;
		char *cpe = vx_asprintf("cpe:2.3:o:acme:pump_firmware:%s:*:*:*:*:*:*:*", ver);
		vx_sbom_init(&inv);
		add_comp(&inv, "fw", cpe, NULL, NULL);
		vx_match_inventory(&inv, v, 1, &r);
		ck_assert_msg((r.nhits == 1) == want, "%s: %s: %s", want ? "hit" : "miss", ver,
		              ev_dump(&r));
		if (want)
			ck_assert_int_eq(r.hits[0].needs_review, 0);
		vx_match_result_release(&r);
		vx_sbom_release(&inv);
		free(cpe);
	}
	free(copy);
}

START_TEST(tip_cpe_intervals)
{
	const struct tip_cpe_case *t = &tip_cpe_cases[_i];
	struct vx_vuln v;
	struct vx_err err;
	struct vx_buf b;
	const char *crit = "cpe:2.3:o:acme:pump_firmware:*:*:*:*:*:*:*:*";

	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_msg(vx_match_tip_record(NULL, crit, t->vers, &v, &err) == 0, "%s: %s", t->vers,
	              vx_err_text(&err));
	ck_assert_uint_eq(v.naffected, 0);
	ck_assert_uint_eq(v.nconfs, 1);
	ck_assert_uint_eq(v.confs[0].nnodes, 1);
	ck_assert_int_eq(v.confs[0].nodes[0].op_and, 0);
	ck_assert_uint_eq(v.confs[0].nodes[0].nmatches, t->nentries);
	vx_buf_init(&b);
	for (size_t e = 0; e < v.confs[0].nodes[0].nmatches; e++) {
		const struct vx_cpe_match *m = &v.confs[0].nodes[0].matches[e];
		ck_assert_str_eq(m->criteria, crit);
		ck_assert_int_eq(m->vulnerable, 1);
		bounds_of(m, &b);
	}
	ck_assert_str_eq(vx_buf_str(&b), t->bounds);
	vx_buf_release(&b);
	tip_cpe_check(&v, t->hits, 1);
	tip_cpe_check(&v, t->misses, 0);
	vx_vuln_release(&v);
}
END_TEST

/* Evidence names where it came from: a tip given with a CPE is a tip, not NVD data. */
START_TEST(bug_tip_cpe_evidence_source)
{
	struct vx_vuln v;
	struct vx_err err;
	struct vx_sbom inv;
	struct vx_match_result r;
	char source[32];
	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_int_eq(vx_match_tip_record(NULL, "cpe:2.3:o:acme:pump_firmware:*:*:*:*:*:*:*:*",
	                                     "vers:generic/>=1.0|<1.2", &v, &err),
	                 0);
	v.id = vx_strdup("VX-2026-0002");
	vx_sbom_init(&inv);
	add_comp(&inv, "fw", "cpe:2.3:o:acme:pump_firmware:1.1:*:*:*:*:*:*:*", NULL, NULL);
	vx_match_inventory(&inv, &v, 1, &r);
	vx_sbom_release(&inv);
	vx_vuln_release(&v);
	ck_assert_uint_eq(r.nhits, 1);
	ck_assert_str_eq(r.hits[0].ev[0].field, "cpe");
	ck_assert_str_eq(r.hits[0].ev[0].range, ">= 1.0, < 1.2");
	snprintf(source, sizeof(source), "%s", r.hits[0].ev[0].source);
	vx_match_result_release(&r);
	ck_assert_msg(strcmp(source, "tip") == 0, "CPE tip evidence source is '%s', want 'tip'",
	              source);
}
END_TEST

static const struct {
	const char *purl, *cpe, *vers;
	const char *msg; /* a part of the message */
} tip_errors[] = {
    {NULL, "cpe:2.3:a:acme:fw:*:*:*:*:*:*:*:*", "vers:generic/>=1.0|!=1.5|<2.0", "'!='"},
    {"pkg:generic/acme/fw@2.4.0", NULL, "vers:generic/>=2.0.0|<2.4.1",
     "names the package, not a version"},
    {NULL, NULL, "vers:generic/>=2.0.0|<2.4.1", "--purl or --cpe"},
    {"pkg:generic/acme/fw", NULL, NULL, "vers:"},
    {"pkg:generic/acme/fw", NULL, "vers:generic/>=2|>=3", "vers"},
    {"pkg:generic/acme/fw", NULL, "2.0.0", "vers"},
    {"pkg:%zz/x", NULL, "vers:generic/>=2.0.0", "purl"},
    {NULL, "cpe:2.3:x:acme:fw", "vers:generic/>=2.0.0", "cpe"},
};

START_TEST(tip_errors_refused)
{
	struct vx_vuln v;
	struct vx_err err;
	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_int_eq(vx_match_tip_record(tip_errors[_i].purl, tip_errors[_i].cpe,
	                                     tip_errors[_i].vers, &v, &err),
	                 VX_EINVAL);
	ck_assert_int_eq(err.code, VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), tip_errors[_i].msg) != NULL, "[%d] '%s'", _i,
	              vx_err_text(&err));
	vx_vuln_release(&v);
}
END_TEST

/* The message names the version to drop: "drop '@2.4.0'". */
START_TEST(bug_tip_purl_version_message)
{
	struct vx_vuln v;
	struct vx_err err;
	memset(&v, 0, sizeof(v));
	vx_err_clear(&err);
	ck_assert_int_eq(vx_match_tip_record("pkg:generic/acme/fw@2.4.0", NULL,
	                                     "vers:generic/>=2.0.0|<2.4.1", &v, &err),
	                 VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), "drop '@2.4.0'") != NULL, "'%s'",
	              vx_err_text(&err));
	vx_vuln_release(&v);
}
END_TEST

/* A versionless purl against a record with several affected entries for its package (the
 * GHSA lists log4j-core once per range): one review item per distinct reason, not the same
 * evidence repeated. */
START_TEST(bug_osv_unknown_version_evidence_repeated)
{
	struct vx_vuln *v;
	struct vx_sbom inv;
	struct vx_match_result r;
	const char *dump;
	size_t dups = 0;
	VX_NEED_CORPUS();
	v = load_ghsa("GHSA-jfh8-c2jp-5v3q");
	ck_assert_uint_eq(v->naffected, 3);
	vx_sbom_init(&inv);
	add_comp(&inv, "log4j-core", NULL, LOG4J_PURL, NULL);
	vx_match_inventory(&inv, v, 1, &r);
	vx_sbom_release(&inv);
	vuln_free(v);
	ck_assert_uint_eq(r.nhits, 1);
	ck_assert_int_eq(r.hits[0].needs_review, 1);
	for (size_t i = 0; i < r.hits[0].nev; i++)
		for (size_t j = i + 1; j < r.hits[0].nev; j++) {
			const struct vx_match_evidence *a = &r.hits[0].ev[i], *b = &r.hits[0].ev[j];
			if (same(a->source, b->source) && same(a->field, b->field) &&
			    same(a->value, b->value) && same(a->criterion, b->criterion) &&
			    same(a->range, b->range) && same(a->note, b->note))
				dups++;
		}
	dump = ev_dump(&r);
	vx_match_result_release(&r);
	ck_assert_msg(dups == 0, "%zu identical pairs of evidence: %s", dups, dump);
}
END_TEST

/* ---- Keys -------------------------------------------------------------------------------- */

static const struct {
	const char *cpe, *key;
} cpe_keys[] = {
    {"cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*", "openssl:openssl"},
    {"cpe:2.3:a:Haxx:LibCurl:*:*:*:*:*:*:*:*", "haxx:libcurl"},
    {"cpe:/a:openssl:openssl:1.0.1f", "openssl:openssl"},
    {"cpe:2.3:a:treck:tcp\\/ip:*:*:*:*:*:*:*:*", "treck:tcp\\/ip"},
    {"cpe:2.3:a:treck:tcp/ip:*:*:*:*:*:*:*:*", "treck:tcp\\/ip"},
    {"cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*", "siemens:logo\\!_soft_comfort"},
    {"cpe:2.3:h:siemens:power_meter_9410:-:*:*:*:*:*:*:*", "siemens:power_meter_9410"},
    {"cpe:2.3:a:x:y", NULL},
    {"openssl", NULL},
    {"", NULL},
    {NULL, NULL},
};

START_TEST(cpe_key)
{
	char *k = vx_match_cpe_key(cpe_keys[_i].cpe);
	if (cpe_keys[_i].key) {
		ck_assert_msg(k != NULL, "%s", cpe_keys[_i].cpe);
		ck_assert_str_eq(k, cpe_keys[_i].key);
	} else {
		ck_assert_msg(k == NULL, "%s -> %s", S(cpe_keys[_i].cpe), k);
	}
	free(k);
}
END_TEST

static const struct {
	const char *purl, *key;
} purl_keys[] = {
    {"pkg:npm/%40angular/core@1.0.0", "npm/%40angular/core"},
    {"pkg:NPM/@Angular/Core@1", "npm/%40angular/core"},
    {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar#x/y",
     "maven/org.apache.logging.log4j/log4j-core"},
    {"pkg:pypi/Django_Rest", "pypi/django-rest"},
    {"pkg:pypi/django-rest@1.0", "pypi/django-rest"},
    {"pkg:golang/golang.org/x/net@v0.16.0", "golang/golang.org/x/net"},
    {"pkg:nuget/Moment.js@2.29.1", "nuget/Moment.js"},
    {"pkg:deb/debian/openssl@3.0.9-1?arch=amd64&distro=bookworm", "deb/debian/openssl"},
    {"pkg:generic/acme/fw@2.4.0", "generic/acme/fw"},
    {"pkg:npm/%zz", NULL},
    {"not a purl", NULL},
    {NULL, NULL},
};

START_TEST(purl_key)
{
	char *k = vx_match_purl_key(purl_keys[_i].purl);
	if (purl_keys[_i].key) {
		ck_assert_msg(k != NULL, "%s", purl_keys[_i].purl);
		ck_assert_str_eq(k, purl_keys[_i].key);
	} else {
		ck_assert_msg(k == NULL, "%s -> %s", S(purl_keys[_i].purl), k);
	}
	free(k);
}
END_TEST

static const struct {
	const char *ecosystem, *name, *purl; /* OSV package */
	const char *key;                     /* expected, NULL for none */
	const char *same_as;                 /* a component purl with the same key */
} osv_keys[] = {
    {"PyPI", "Django_Rest", NULL, "pypi/django-rest", "pkg:pypi/django-rest@1.0"},
    {"PyPI", "django-rest", NULL, "pypi/django-rest", "pkg:pypi/Django_Rest"},
    {"npm", "@angular/core", NULL, "npm/%40angular/core", "pkg:npm/@angular/core@11.0.0"},
    {"npm", "lodash", NULL, "npm/lodash", "pkg:npm/lodash@4.17.20"},
    {"Maven", "org.apache.logging.log4j:log4j-core", NULL,
     "maven/org.apache.logging.log4j/log4j-core", LOG4J_PURL "@2.14.1"},
    {"Go", "golang.org/x/net", NULL, "golang/golang.org/x/net",
     "pkg:golang/golang.org/x/net@v0.16.0"},
    {"Go", "github.com/Masterminds/semver/v3", NULL, NULL,
     "pkg:golang/github.com/Masterminds/semver/v3@v3.2.1"},
    {"Go", "stdlib", NULL, "golang/stdlib", NULL},
    {"NuGet", "Moment.js", NULL, "nuget/Moment.js", "pkg:nuget/Moment.js@2.29.1"},
    {"crates.io", "serde", NULL, "cargo/serde", "pkg:cargo/serde@1.0.0"},
    {"RubyGems", "rails", NULL, "gem/rails", "pkg:gem/rails@7.0.0"},
    {"Packagist", "symfony/http-kernel", NULL, "composer/symfony/http-kernel",
     "pkg:composer/symfony/http-kernel@5.4.0"},
    {"Hex", "phoenix", NULL, "hex/phoenix", NULL},
    {"Pub", "http", NULL, "pub/http", NULL},
    {"Debian:12", "openssl", NULL, "deb/debian/openssl", "pkg:deb/debian/openssl@3.0.9-1"},
    {"Ubuntu:22.04:LTS", "openssl", NULL, "deb/ubuntu/openssl", NULL},
    {"Alpine:v3.18", "openssl", NULL, "apk/alpine/openssl", "pkg:apk/alpine/openssl@3.1.0-r0"},
    {"PyPI", "requests", "pkg:pypi/requests", "pypi/requests", "pkg:pypi/requests@2.30.0"},
    {"Alpine:v3.3", "openssl", "pkg:apk/alpine/openssl?arch=source", "apk/alpine/openssl", NULL},
    {"Bitnami", "nginx", NULL, NULL, NULL},
    {"npm", "", NULL, NULL, NULL},
    {"npm", NULL, NULL, NULL, NULL},
    {NULL, "lodash", NULL, NULL, NULL},
};

START_TEST(osv_key)
{
	char *k = vx_match_osv_key(osv_keys[_i].ecosystem, osv_keys[_i].name, osv_keys[_i].purl);
	if (osv_keys[_i].key) {
		ck_assert_msg(k != NULL, "[%d] %s %s", _i, S(osv_keys[_i].ecosystem),
		              S(osv_keys[_i].name));
		ck_assert_str_eq(k, osv_keys[_i].key);
	} else if (!osv_keys[_i].same_as) {
		ck_assert_msg(k == NULL, "[%d] -> %s", _i, k);
	}
	if (osv_keys[_i].same_as) {
		char *p = vx_match_purl_key(osv_keys[_i].same_as);
		ck_assert_ptr_nonnull(k);
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(k, p);
		free(p);
	}
	free(k);
}
END_TEST

/* Raw "vendor:product" of a criteria as published: the 4th and 5th unescaped fields. */
static char *criteria_vendor_product(const char *s)
{
	const char *start = NULL;
	int field = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p != ':')
			continue;
		field++;
		if (field == 3)
			start = p + 1;
		else if (field == 5)
			return vx_strndup(start, (size_t)(p - start));
	}
	return NULL;
}

struct key_stats {
	size_t records, entries, affected;
};

static int check_keys(void *ctx, const struct vx_vuln *v, const char *where, struct vx_err *err)
{
	struct key_stats *st = ctx;
	struct vx_vuln_keys k;
	size_t e = 0;
	vx_match_vuln_keys(v, &k);
	st->records++;
	for (size_t c = 0; c < v->nconfs; c++)
		for (size_t n = 0; n < v->confs[c].nnodes; n++)
			for (size_t m = 0; m < v->confs[c].nodes[n].nmatches; m++, e++) {
				const char *crit = v->confs[c].nodes[n].matches[m].criteria;
				char *want = criteria_vendor_product(crit);
				ck_assert_msg(e < k.ncpe, "%s: too few keys", v->id);
				ck_assert_msg(k.cpe_keys[e] != NULL, "%s: no key for %s", v->id,
				              crit);
				ck_assert_msg(want && strcmp(k.cpe_keys[e], want) == 0,
				              "%s: key '%s' for %s", v->id, k.cpe_keys[e], crit);
				free(want);
			}
	ck_assert_uint_eq(k.ncpe, e);
	st->entries += e;
	ck_assert_uint_eq(k.npkg, v->naffected);
	for (size_t a = 0; a < v->naffected; a++) {
		ck_assert_msg(k.pkg_keys[a] != NULL, "%s: no key for %s %s", v->id,
		              S(v->affected[a].ecosystem), S(v->affected[a].name));
		ck_assert_msg(strchr(k.pkg_keys[a], '@') == NULL &&
		                  strchr(k.pkg_keys[a], '?') == NULL &&
		                  strncmp(k.pkg_keys[a], "pkg:", 4) != 0,
		              "%s: key '%s'", v->id, k.pkg_keys[a]);
	}
	st->affected += v->naffected;
	vx_match_keys_release(&k);
	ck_assert_uint_eq(k.ncpe, 0);
	ck_assert_ptr_null(k.cpe_keys);
	return 0;
}

static size_t read_glob(const char *pattern, struct key_stats *st)
{
	char *pat = vx_test_corpus_path(pattern);
	glob_t g;
	size_t n;
	ck_assert_int_eq(glob(pat, 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct vx_err err;
		struct vx_feed_info info;
		vx_err_clear(&err);
		memset(&info, 0, sizeof(info));
		ck_assert_msg(vx_feed_read_file(g.gl_pathv[i], check_keys, st, &info, &err) == 0,
		              "%s: %s", g.gl_pathv[i], vx_err_text(&err));
		free(info.catalog_version);
	}
	n = g.gl_pathc;
	globfree(&g);
	free(pat);
	return n;
}

START_TEST(vuln_keys_corpus)
{
	struct key_stats nvd = {0}, osv = {0};
	size_t files;
	VX_NEED_CORPUS();
	files = read_glob("nvd/CVE-*.json", &nvd);
	ck_assert_uint_ge(files, 30);
	ck_assert_uint_eq(nvd.records, files);
	ck_assert_uint_gt(nvd.entries, 1000);
	ck_assert_uint_eq(nvd.affected, 0);
	files = read_glob("osv/github-advisory-database/GHSA-*.json", &osv);
	ck_assert_uint_ge(files, 11);
	ck_assert_uint_eq(osv.entries, 0);
	ck_assert_uint_ge(osv.affected, files);
	fprintf(stderr, "match: keys of %zu NVD cpeMatch entries and %zu OSV packages checked\n",
	        nvd.entries, osv.affected);
}
END_TEST

START_TEST(vuln_keys_specific)
{
	struct vx_vuln *v;
	struct vx_vuln_keys k;
	VX_NEED_CORPUS();
	v = load_nvd("CVE-2022-22965");
	vx_match_vuln_keys(v, &k);
	ck_assert_uint_ge(k.ncpe, 3);
	ck_assert_str_eq(k.cpe_keys[0], "vmware:spring_framework");
	ck_assert_str_eq(k.cpe_keys[1], "vmware:spring_framework");
	ck_assert_str_eq(k.cpe_keys[2], "oracle:jdk"); /* platform entries are indexed too */
	ck_assert_uint_eq(k.npkg, 0);
	vx_match_keys_release(&k);
	vuln_free(v);

	v = load_ghsa("GHSA-jfh8-c2jp-5v3q");
	vx_match_vuln_keys(v, &k);
	ck_assert_uint_eq(k.ncpe, 0);
	ck_assert_uint_eq(k.npkg, 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert_str_eq(k.pkg_keys[i], LOG4J_CORE);
	vx_match_keys_release(&k);
	vuln_free(v);

	v = load_fixture("VX-TEST-NPM-SCOPED");
	vx_match_vuln_keys(v, &k);
	ck_assert_uint_eq(k.npkg, 1);
	ck_assert_str_eq(k.pkg_keys[0], "npm/%40angular/core");
	vx_match_keys_release(&k);
	vuln_free(v);
}
END_TEST

START_TEST(inventory_keys)
{
	struct vx_sbom inv;
	struct vx_vuln_keys k;
	vx_sbom_init(&inv);
	add_comp(&inv, "openssl", CPE("a", "openssl:openssl", "1.0.1f"), NULL, NULL);
	add_comp(&inv, "lodash", NULL, "pkg:npm/lodash@4.17.20", NULL);
	add_comp(&inv, "log4j", CPE("a", "Apache:Log4j", "*"), LOG4J_PURL "@2.14.1", "2.14.1");
	add_comp(&inv, "bare", NULL, NULL, "1.0");
	add_comp(&inv, "bad", "cpe:2.3:zz", "pkg:%zz", "1.0");
	add_comp(&inv, "openssl-again", CPE("a", "openssl:openssl", "3.0.7"), NULL, NULL);
	vx_match_inventory_keys(&inv, &k);
	ck_assert_uint_eq(k.ncpe, 3);
	ck_assert_str_eq(k.cpe_keys[0], "openssl:openssl");
	ck_assert_str_eq(k.cpe_keys[1], "apache:log4j");
	ck_assert_str_eq(k.cpe_keys[2], "openssl:openssl"); /* duplicates kept */
	ck_assert_uint_eq(k.npkg, 2);
	ck_assert_str_eq(k.pkg_keys[0], "npm/lodash");
	ck_assert_str_eq(k.pkg_keys[1], LOG4J_CORE);
	vx_match_keys_release(&k);
	vx_sbom_release(&inv);

	vx_sbom_init(&inv);
	vx_match_inventory_keys(&inv, &k);
	ck_assert_uint_eq(k.ncpe, 0);
	ck_assert_uint_eq(k.npkg, 0);
	vx_match_keys_release(&k);
	vx_sbom_release(&inv);
}
END_TEST

/* An empty inventory and an empty record list: nothing, without allocation trouble. */
START_TEST(empty_inputs)
{
	struct vx_sbom inv;
	struct vx_vuln v;
	struct vx_match_result r;
	memset(&v, 0, sizeof(v));
	vx_sbom_init(&inv);
	vx_match_inventory(&inv, NULL, 0, &r);
	ck_assert_uint_eq(r.nhits, 0);
	vx_match_result_release(&r);
	vx_match_inventory(&inv, &v, 1, &r);
	ck_assert_uint_eq(r.nhits, 0);
	vx_match_result_release(&r);
	add_comp(&inv, "openssl", OPENSSL, NULL, "1.0.1f");
	vx_match_inventory(&inv, &v, 1, &r);
	ck_assert_uint_eq(r.nhits, 0);
	vx_match_result_release(&r);
	vx_sbom_release(&inv);
}
END_TEST

Suite *vx_suite_match(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("nvd");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, nvd_bounds, 0, (int)N(nvd_cases));
	tcase_add_test(tc, nvd_evidence_value);
	tcase_add_test(tc, kev_fields_present_not_needed);
	tcase_add_test(tc, nvd_inventory_order);
	tcase_add_test(tc, no_fuzzy_names);
	tcase_add_test(tc, empty_inputs);
	suite_add_tcase(s, tc);

	tc = tcase_create("osv");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, osv_ranges, 0, (int)N(osv_cases));
	tcase_add_test(tc, nvd_and_osv_one_hit);
	tcase_add_test(tc, osv_git_ranges_counted);
	suite_add_tcase(s, tc);

	tc = tcase_create("tips");
	tcase_add_test(tc, tip_purl);
	tcase_add_test(tc, tip_purl_not_equal);
	tcase_add_loop_test(tc, tip_cpe_intervals, 0, (int)N(tip_cpe_cases));
	tcase_add_loop_test(tc, tip_errors_refused, 0, (int)N(tip_errors));
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, cpe_key, 0, (int)N(cpe_keys));
	tcase_add_loop_test(tc, purl_key, 0, (int)N(purl_keys));
	tcase_add_loop_test(tc, osv_key, 0, (int)N(osv_keys));
	tcase_add_test(tc, vuln_keys_corpus);
	tcase_add_test(tc, vuln_keys_specific);
	tcase_add_test(tc, inventory_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("bugs");
	tcase_add_test(tc, bug_unknown_version_hidden_by_earlier_match);
	tcase_add_test(tc, bug_cpe_na_version_replaced);
	tcase_add_test(tc, bug_tip_cpe_evidence_source);
	tcase_add_test(tc, bug_tip_purl_version_message);
	tcase_add_test(tc, bug_osv_unknown_version_evidence_repeated);
	suite_add_tcase(s, tc);
	return s;
}
