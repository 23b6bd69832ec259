/* tests/unit/check_vulnstore.c - the store's vulnerability half (store/vuln.h): records and
 * their replacement rules, KEV, the configuration encoding, candidates, and the life of a
 * finding (open with triage and t0, match again, close with the reason, reopen). */
#include "testutil.h"
#include "import/feed.h"
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "match/match.h"
#include "store/store.h"
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/file.h"

#include <stdlib.h>
#include <string.h>

static struct vx_store *open_store(void)
{
	struct vx_store *st;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_store_open(":memory:", VX_STORE_CREATE, &st, &err) == 0, "%s",
		      vx_err_text(&err));
	return st;
}

static long long count(struct vx_store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n = -1;
	ck_assert_int_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* A one-configuration NVD-like record: vendor:product with bounds [lo, hi). */
static void make_nvd(struct vx_vuln *v, const char *id, const char *modified, const char *cpe,
		     const char *lo, const char *hi)
{
	struct vx_cpe_match *m;
	memset(v, 0, sizeof(*v));
	v->source = VX_FEED_NVD;
	v->id = vx_strdup(id);
	v->modified = vx_strdup(modified);
	v->published = vx_strdup("2024-01-01T00:00:00.000");
	v->description = vx_strdup("test record");
	v->confs = vx_calloc(1, sizeof(*v->confs));
	v->nconfs = 1;
	v->confs[0].nodes = vx_calloc(1, sizeof(*v->confs[0].nodes));
	v->confs[0].nnodes = 1;
	m = v->confs[0].nodes[0].matches = vx_calloc(1, sizeof(*m));
	v->confs[0].nodes[0].nmatches = 1;
	m->vulnerable = 1;
	m->criteria = vx_strdup(cpe);
	m->start_incl = vx_strdup(lo);
	m->end_excl = vx_strdup(hi);
}

static int put(struct vx_store *st, const struct vx_vuln *v, enum vx_put_result *res)
{
	struct vx_vuln_keys keys;
	struct vx_err err;
	int rc;
	vx_err_clear(&err);
	vx_match_vuln_keys(v, &keys);
	rc = vx_store_vuln_put(st, 0, v, &keys, res, &err);
	vx_match_keys_release(&keys);
	ck_assert_msg(rc == 0, "%s", vx_err_text(&err));
	return rc;
}

START_TEST(record_replacement_rules)
{
	struct vx_store *st = open_store();
	struct vx_vuln a, b, c;
	enum vx_put_result res;

	make_nvd(&a, "CVE-2024-0001", "2024-02-01T00:00:00.000", "cpe:2.3:a:acme:lib:*:*:*:*:*:*:*:*",
		 "1.0", "1.5");
	put(st, &a, &res);
	ck_assert_int_eq(res, VX_PUT_ADDED);
	put(st, &a, &res); /* same last-modified */
	ck_assert_int_eq(res, VX_PUT_UNCHANGED);
	make_nvd(&b, "CVE-2024-0001", "2024-01-15T00:00:00.000", "cpe:2.3:a:acme:other:*:*:*:*:*:*:*:*",
		 "1.0", "9.0");
	put(st, &b, &res); /* older: skipped, old parts stay */
	ck_assert_int_eq(res, VX_PUT_UNCHANGED);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM cpe_index WHERE cpe_key = 'acme:lib'"), 1);
	make_nvd(&c, "CVE-2024-0001", "2024-03-01T00:00:00.000", "cpe:2.3:a:acme:other:*:*:*:*:*:*:*:*",
		 "2.0", "3.0");
	put(st, &c, &res); /* newer: replaces the parts */
	ck_assert_int_eq(res, VX_PUT_UPDATED);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM cpe_index WHERE cpe_key = 'acme:lib'"), 0);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM cpe_index WHERE cpe_key = 'acme:other'"), 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM vuln_record"), 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM nvd_conf"), 1);
	vx_vuln_release(&a);
	vx_vuln_release(&b);
	vx_vuln_release(&c);
	vx_store_close(st);
}
END_TEST

START_TEST(kev_added_unchanged_updated)
{
	struct vx_store *st = open_store();
	struct vx_vuln v = {0};
	struct vx_kev k = {0};
	enum vx_put_result res;

	v.source = VX_FEED_KEV;
	v.id = "CVE-2021-44228";
	v.kev = &k;
	k.date_added = "2021-12-10";
	k.due_date = "2021-12-24";
	put(st, &v, &res);
	ck_assert_int_eq(res, VX_PUT_ADDED);
	put(st, &v, &res);
	ck_assert_int_eq(res, VX_PUT_UNCHANGED);
	k.ransomware = "Known";
	put(st, &v, &res);
	ck_assert_int_eq(res, VX_PUT_UPDATED);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM kev WHERE ransomware = 'Known'"), 1);
	vx_store_close(st);
}
END_TEST

START_TEST(configuration_encoding_round_trip)
{
	struct vx_vuln a, b = {0};
	struct vx_err err;
	char *text, *again;

	/* Escapes survive: a criteria with a tab, a newline and backslashes. */
	make_nvd(&a, "CVE-2024-0002", "2024-01-01T00:00:00.000",
		 "cpe:2.3:a:we\\:ird:na\tme\nx\\\\:*:*:*:*:*:*:*:*", NULL, "2.0");
	a.confs[0].op_and = 1;
	a.confs[0].nodes[0].negate = 1;
	text = vx_store_confs_encode(a.confs, a.nconfs);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_confs_decode(text, 1, &b, &err), 0);
	ck_assert_uint_eq(b.nconfs, 1);
	ck_assert_int_eq(b.confs[0].op_and, 1);
	ck_assert_int_eq(b.confs[0].tip, 1);
	ck_assert_int_eq(b.confs[0].nodes[0].negate, 1);
	ck_assert_str_eq(b.confs[0].nodes[0].matches[0].criteria, a.confs[0].nodes[0].matches[0].criteria);
	ck_assert_ptr_null(b.confs[0].nodes[0].matches[0].start_incl);
	ck_assert_str_eq(b.confs[0].nodes[0].matches[0].end_excl, "2.0");
	again = vx_store_confs_encode(b.confs, b.nconfs);
	ck_assert_str_eq(again, text);
	ck_assert_int_lt(vx_store_confs_decode("X\tgarbage", 0, &b, &err), 0);
	free(text);
	free(again);
	vx_vuln_release(&a);
	vx_vuln_release(&b);
}
END_TEST

/* A store with product P version 1 holding one component (acme lib at `version`). */
static long long with_inventory(struct vx_store *st, const char *version)
{
	struct vx_product p = {0};
	struct vx_product_version pv = {0};
	struct vx_sbom s;
	struct vx_component *c;
	struct vx_err err;
	long long pid = 0;
	int dup;
	char sha[65];

	vx_err_clear(&err);
	p.name = "P";
	p.pathway = "PMA";
	{
		struct vx_product got;
		if (vx_store_product_get(st, "P", &got, &err) < 0) {
			vx_err_clear(&err);
			ck_assert_int_eq(vx_store_product_add(st, &p, &pid, &err), 0);
		} else {
			pid = got.id;
			vx_product_release(&got);
		}
	}
	pv.version = "1";
	pv.fielded = -1;
	ck_assert_int_eq(vx_store_version_put(st, pid, &pv, NULL, &err), 0);
	ck_assert_int_eq(vx_store_version_get(st, "P", "1", &pv, &err), 0);
	vx_sbom_init(&s);
	s.format = VX_SBOM_CYCLONEDX_JSON;
	s.spec_version = vx_strdup("1.6");
	c = vx_sbom_add_component(&s);
	c->bom_ref = vx_strdup("lib");
	c->name = vx_strdup("lib");
	c->version = vx_strdup(version);
	c->cpe = vx_asprintf("cpe:2.3:a:acme:lib:%s:*:*:*:*:*:*:*", version);
	vx_sha256_hex(version, strlen(version), sha); /* one SBOM file per version */
	ck_assert_int_eq(vx_store_sbom_put(st, pv.id, &s, "sbom.json", sha, NULL, NULL, &dup, NULL, &err),
			 0);
	vx_sbom_release(&s);
	{
		long long id = pv.id;
		vx_version_release(&pv);
		return id;
	}
}

/* Match version vid against the store: the same steps as 'vexil match'. */
static struct vx_match_counts run_match(struct vx_store *st, long long vid)
{
	struct vx_match_counts c = {0};
	struct vx_sbom inv;
	struct vx_sbom_doc doc;
	struct vx_vuln_keys keys;
	struct vx_vuln *vulns;
	struct vx_match_result r;
	struct vx_err err;
	size_t n;
	long long run;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), 0);
	vx_match_inventory_keys(&inv, &keys);
	ck_assert_int_eq(vx_store_candidates(st, (const char *const *)keys.cpe_keys, keys.ncpe,
					     (const char *const *)keys.pkg_keys, keys.npkg, &vulns, &n,
					     &err),
			 0);
	vx_match_inventory(&inv, vulns, n, &r);
	ck_assert_int_eq(vx_store_match_begin(st, vid, &run, &err), 0);
	for (size_t i = 0; i < r.nhits; i++) {
		char *id = vx_component_identity(&inv.components[r.hits[i].component]);
		struct vx_evidence ev = {"nvd", "cpe", "x", "y", NULL, NULL};
		ck_assert_int_eq(vx_store_finding_observe(st, run, vulns[r.hits[i].vuln].id, id,
							  inv.components[r.hits[i].component].bom_ref,
							  0, &ev, 1, &c, &err),
				 0);
		free(id);
	}
	ck_assert_int_eq(vx_store_match_end(st, run, "no longer matches", &c, &err), 0);
	vx_match_result_release(&r);
	vx_vuln_list_free(vulns, n);
	vx_match_keys_release(&keys);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);
	return c;
}

START_TEST(finding_life)
{
	struct vx_store *st = open_store();
	struct vx_vuln v;
	struct vx_match_counts c;
	struct vx_finding *f;
	struct vx_finding_filter all = {.include_closed = 1};
	struct vx_err err;
	enum vx_put_result res;
	size_t n;
	long long vid;

	vx_err_clear(&err);
	make_nvd(&v, "CVE-2024-0003", "2024-01-01T00:00:00.000", "cpe:2.3:a:acme:lib:*:*:*:*:*:*:*:*",
		 "1.0", "1.5");
	put(st, &v, &res);
	vid = with_inventory(st, "1.2");
	c = run_match(st, vid);
	ck_assert_uint_eq(c.opened, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM triage WHERE status = 'under_investigation'"), 1);
	ck_assert_int_eq(vx_store_findings(st, &all, &f, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].state, "open");
	ck_assert_str_eq(f[0].vex_status, "under_investigation");
	ck_assert_ptr_nonnull(f[0].t0);
	vx_finding_list_free(f, n);

	c = run_match(st, vid); /* again: nothing new */
	ck_assert_uint_eq(c.opened, 0);
	ck_assert_uint_eq(c.still, 1);

	with_inventory(st, "1.7"); /* upgraded out of the range: closed, never deleted */
	c = run_match(st, vid);
	ck_assert_uint_eq(c.closed, 1);
	ck_assert_int_eq(vx_store_findings(st, &all, &f, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].state, "closed");
	ck_assert_ptr_nonnull(strstr(f[0].close_reason, "no longer in the SBOM"));
	vx_finding_list_free(f, n);

	with_inventory(st, "1.2"); /* back: the same finding reopens with a new triage record */
	c = run_match(st, vid);
	ck_assert_uint_eq(c.reopened, 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM finding"), 1);
	ck_assert_int_eq(count(st, "SELECT count(*) FROM triage"), 2);
	ck_assert_int_eq(count(st, "SELECT group_concat(event, ',') = 'opened,closed,reopened' FROM "
				   "(SELECT event FROM finding_event ORDER BY rowid)"),
			 1);
	vx_vuln_release(&v);
	vx_store_close(st);
}
END_TEST

START_TEST(tip_t0_is_received_date)
{
	struct vx_store *st = open_store();
	struct vx_tip t = {0};
	struct vx_vuln v = {0};
	struct vx_vuln_keys keys;
	struct vx_finding *f;
	struct vx_err err;
	size_t n;
	char *id = NULL;
	long long vid;

	vx_err_clear(&err);
	t.title = "debug port";
	t.received = "2026-03-04";
	t.cpe = "cpe:2.3:a:acme:lib:*:*:*:*:*:*:*:*";
	t.vers = "vers:generic/>=1.0|<2.0";
	ck_assert_int_eq(vx_match_tip_record(NULL, t.cpe, t.vers, &v, &err), 0);
	vx_match_vuln_keys(&v, &keys);
	ck_assert_int_eq(vx_store_tip_add(st, &t, &v, &keys, &id, &err), 0);
	ck_assert_str_eq(id, "VX-2026-0001");
	free(id);
	id = NULL;
	ck_assert_int_eq(vx_store_tip_add(st, &t, &v, &keys, &id, &err), 0); /* next number */
	ck_assert_str_eq(id, "VX-2026-0002");
	free(id);
	vid = with_inventory(st, "1.2");
	run_match(st, vid);
	ck_assert_int_eq(vx_store_findings(st, NULL, &f, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(f[0].t0, "2026-03-04T00:00:00Z");
	vx_finding_list_free(f, n);
	vx_match_keys_release(&keys);
	vx_vuln_release(&v);
	vx_store_close(st);
}
END_TEST

Suite *vx_suite_vulnstore(void)
{
	Suite *s = suite_create("vulnstore");
	TCase *tc = tcase_create("records");
	tcase_add_test(tc, record_replacement_rules);
	tcase_add_test(tc, kev_added_unchanged_updated);
	tcase_add_test(tc, configuration_encoding_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("findings");
	tcase_add_test(tc, finding_life);
	tcase_add_test(tc, tip_t0_is_received_date);
	suite_add_tcase(s, tc);
	return s;
}
