/* src/store/finding.c - researcher tips, candidates for matching, findings and their first
 * triage record. See vuln.h.
 */
#include "import/feed.h"
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run a one-row query with one text and up to two integer parameters; the first column
 * as a fresh string (or NULL) in *out. */
static int query_text(struct vx_store *st, const char *sql, const char *t, long long a,
		      long long b, char **out, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_stmt(st, sql, &s, err); /* sql is a literal: cached */
	*out = NULL;
	if (rc < 0)
		return rc;
	for (int i = 1; i <= sqlite3_bind_parameter_count(s); i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		if (name && strcmp(name, ":t") == 0)
			vx_db_bind_text(s, i, t);
		else if (name && strcmp(name, ":a") == 0)
			sqlite3_bind_int64(s, i, a);
		else if (name && strcmp(name, ":b") == 0)
			sqlite3_bind_int64(s, i, b);
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = vx_db_col_text(s, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "query");
	vx_db_done(s);
	return rc;
}

/* Run a statement with named parameters :t (text), :a and :b (integers). sql must be a
 * string literal: the statement is cached for the handle (vx_db_stmt). */
static int exec_bound(struct vx_store *st, const char *sql, const char *t, long long a,
		      long long b, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_stmt(st, sql, &s, err);
	if (rc < 0)
		return rc;
	for (int i = 1; i <= sqlite3_bind_parameter_count(s); i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		if (name && strcmp(name, ":t") == 0)
			vx_db_bind_text(s, i, t);
		else if (name && strcmp(name, ":a") == 0)
			sqlite3_bind_int64(s, i, a);
		else if (name && strcmp(name, ":b") == 0)
			sqlite3_bind_int64(s, i, b);
	}
	rc = vx_db_step_done(st, s, sql, err);
	return rc;
}

/* --- tips ---------------------------------------------------------------------------- */

int vx_store_tip_next_id(struct vx_store *st, const char *received, char **out,
			 struct vx_err *err)
{
	char year[5], *max = NULL, pattern[16];
	int rc, next = 1;

	if (!received || strlen(received) < 4)
		return vx_err_set(err, VX_EINVAL, "a tip needs its received date");
	memcpy(year, received, 4);
	year[4] = '\0';
	snprintf(pattern, sizeof(pattern), "VX-%s-%%", year);
	rc = query_text(st,
			"SELECT source_id FROM vuln_record WHERE source = 'tip' AND source_id LIKE "
			":t ORDER BY length(source_id) DESC, source_id DESC LIMIT 1",
			pattern, 0, 0, &max, err);
	if (rc < 0)
		return rc;
	if (max)
		next = atoi(max + 8) + 1;
	free(max);
	*out = vx_asprintf("VX-%s-%04d", year, next);
	return 0;
}

int vx_store_tip_add(struct vx_store *st, const struct vx_tip *tip, const struct vx_vuln *as_vuln,
		     const struct vx_vuln_keys *keys, char **id_out, struct vx_err *err)
{
	sqlite3_stmt *s;
	char *id = NULL, *existing = NULL, now[21];
	long long vpk, rec;
	int rc;

	if (!tip->received || !vx_time_parse_date(tip->received, NULL))
		return vx_err_set(err, VX_EINVAL, "received date '%s' is not a date (YYYY-MM-DD)",
				  tip->received ? vx_str_quote(tip->received, 40) : "");
	if (tip->embargo && !vx_time_parse_date(tip->embargo, NULL))
		return vx_err_set(err, VX_EINVAL, "embargo date '%s' is not a date (YYYY-MM-DD)",
				  vx_str_quote(tip->embargo, 40));
	if (tip->id)
		id = vx_strdup(tip->id);
	else if ((rc = vx_store_tip_next_id(st, tip->received, &id, err)) < 0)
		return rc;
	rc = query_text(st, "SELECT source_id FROM vuln_record WHERE source = 'tip' AND source_id = :t",
			id, 0, 0, &existing, err);
	if (rc == 0 && existing)
		rc = vx_err_set(err, VX_EEXIST, "tip '%s' already exists", id);
	free(existing);
	if (rc < 0)
		goto out;
	/* With a CVE the tip files under it, so the NVD record joins it when it arrives. */
	vx_time_format(vx_time_now(), now);
	rc = vx_db_prepare(st,
			   "INSERT INTO vulnerability (vuln_id, title, first_seen_at, is_tip) VALUES "
			   "(?1, ?2, ?3, 1) ON CONFLICT (vuln_id) DO UPDATE SET title = "
			   "coalesce(title, ?2) RETURNING id",
			   &s, err);
	if (rc < 0)
		goto out;
	vx_db_bind_text(s, 1, tip->cve ? tip->cve : id);
	vx_db_bind_text(s, 2, tip->title);
	vx_db_bind_text(s, 3, now);
	rc = sqlite3_step(s);
	vpk = sqlite3_column_int64(s, 0);
	rc = rc == SQLITE_ROW ? 0 : vx_db_fail(st, err, "add tip");
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	rc = vx_db_prepare(st,
			   "INSERT INTO vuln_record (vuln_pk, source, source_id, published, modified, "
			   "description, imported_at) VALUES (?, 'tip', ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, vpk);
	vx_db_bind_text(s, 2, id);
	vx_db_bind_text(s, 3, tip->received);
	vx_db_bind_text(s, 4, now);
	vx_db_bind_text(s, 5, tip->description);
	vx_db_bind_text(s, 6, now);
	rc = vx_db_step_done(st, s, "add tip record", err);
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	rec = sqlite3_last_insert_rowid(st->db);
	rc = vx_db_prepare(st,
			   "INSERT INTO tip (vuln_pk, reporter, received, embargo, cve, purl, cpe, "
			   "vers, cvss_vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
			   "CONFLICT (vuln_pk) DO NOTHING",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, vpk);
	vx_db_bind_text(s, 2, tip->reporter);
	vx_db_bind_text(s, 3, tip->received);
	vx_db_bind_text(s, 4, tip->embargo);
	vx_db_bind_text(s, 5, tip->cve);
	vx_db_bind_text(s, 6, tip->purl);
	vx_db_bind_text(s, 7, tip->cpe);
	vx_db_bind_text(s, 8, tip->vers);
	vx_db_bind_text(s, 9, tip->cvss_vector);
	vx_db_bind_text(s, 10, now);
	rc = vx_db_step_done(st, s, "add tip details", err);
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	if (tip->cve && (rc = exec_bound(st,
					 "INSERT OR IGNORE INTO vuln_alias (alias, record_pk) VALUES "
					 "(:t, :a)",
					 id, rec, 0, err)) < 0)
		goto out;
	rc = vx_store_record_parts(st, rec, as_vuln, keys, err);
	if (rc == 0 && tip->cvss_vector) {
		/* the score and severity computed from the vector (FIRST v3.x base equations) */
		const char *ver = NULL;
		double score = vx_cvss3_base(tip->cvss_vector, &ver);
		sqlite3_stmt *cs = NULL;
		rc = vx_db_prepare(st,
				   "INSERT INTO cvss (record_pk, version, vector, score, severity, "
				   "source, is_primary) VALUES (?, ?, ?, ?, ?, 'manufacturer', 0)",
				   &cs, err);
		if (rc == 0) {
			sqlite3_bind_int64(cs, 1, rec);
			vx_db_bind_text(cs, 2, ver ? ver : "3.1");
			vx_db_bind_text(cs, 3, tip->cvss_vector);
			if (score >= 0) {
				sqlite3_bind_double(cs, 4, score);
				vx_db_bind_text(cs, 5, vx_cvss3_severity(score));
			}
			rc = sqlite3_step(cs) == SQLITE_DONE ? 0
							     : vx_db_fail(st, err, "record the CVSS");
			sqlite3_finalize(cs);
		}
	}
	if (rc == 0) {
		struct vx_jw w;
		char *entity = vx_asprintf("vulnerability %s", tip->cve ? tip->cve : id);
		vx_jw_init(&w);
		vx_jw_object(&w);
		vx_jw_kstr(&w, "tip", id);
		vx_jw_kstr(&w, "title", tip->title);
		vx_jw_kstr(&w, "reporter", tip->reporter);
		vx_jw_kstr(&w, "received", tip->received);
		vx_jw_kstr(&w, "embargo", tip->embargo);
		vx_jw_kstr(&w, "cve", tip->cve);
		vx_jw_kstr(&w, "purl", tip->purl);
		vx_jw_kstr(&w, "cpe", tip->cpe);
		vx_jw_kstr(&w, "affected", tip->vers);
		vx_jw_kstr(&w, "cvss", tip->cvss_vector);
		vx_jw_kstr(&w, "description", tip->description);
		vx_jw_object_end(&w);
		rc = vx_store_audit(st, "tip.add", entity, NULL, vx_jw_text(&w), NULL, err);
		vx_jw_release(&w);
		free(entity);
	}
out:
	if (rc == 0 && id_out) {
		*id_out = id;
		id = NULL;
	}
	free(id);
	return rc;
}

/* --- candidates ---------------------------------------------------------------------- */


/* Candidates are loaded in bulk: the candidate records go into a temporary table, then one
 * query per table returns their rows grouped by vulnerability and record, so the cost is a
 * handful of queries whatever the number of candidates. */

/* Index of vulnerability key pk in the ascending array pks[0..n), or -1. */
static long find_pk(const long long *pks, size_t n, long long pk)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pks[mid] < pk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && pks[lo] == pk ? (long)lo : -1;
}

/* Where the affected entries of one record start in its vulnerability's array. */
struct rec_base {
	long long rec;
	long vuln;
	size_t base;
};

static long find_rec(const struct rec_base *rb, size_t n, long long rec)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rb[mid].rec < rec)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rb[lo].rec == rec ? (long)lo : -1;
}

static int load_confs(struct vx_store *st, struct vx_vuln *vs, const long long *pks, size_t nv,
		      struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "SELECT c.vuln_pk, c.tip, n.configurations FROM temp.vx_cand c JOIN "
			       "nvd_conf n ON n.record_pk = c.rec ORDER BY c.vuln_pk, c.rec",
			       &s, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long vi = find_pk(pks, nv, sqlite3_column_int64(s, 0));
		if (vi < 0)
			continue;
		if (vx_store_confs_decode((const char *)sqlite3_column_text(s, 2),
					  sqlite3_column_int(s, 1), &vs[vi], err) < 0) {
			sqlite3_finalize(s);
			return err->code;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read configurations");
	sqlite3_finalize(s);
	return rc;
}

static struct vx_osv_affected *affected_at(struct vx_vuln *v, size_t i)
{
	if (i >= v->naffected) {
		v->affected = vx_realloc(v->affected, (i + 1) * sizeof(*v->affected));
		memset(&v->affected[v->naffected], 0, (i + 1 - v->naffected) * sizeof(*v->affected));
		v->naffected = i + 1;
	}
	return &v->affected[i];
}

static int load_affected(struct vx_store *st, struct vx_vuln *vs, const long long *pks,
			 size_t nv, struct vx_err *err)
{
	sqlite3_stmt *s;
	struct rec_base *rb = NULL;
	size_t nrb = 0, cap = 0;
	int rc = vx_db_prepare(st,
			       "SELECT c.vuln_pk, c.rec, a.entry, a.ecosystem, a.name, a.purl, a.vers "
			       "FROM temp.vx_cand c JOIN pkg_affected a ON a.record_pk = c.rec ORDER "
			       "BY c.rec, a.entry",
			       &s, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long vi = find_pk(pks, nv, sqlite3_column_int64(s, 0));
		long long rec = sqlite3_column_int64(s, 1);
		struct vx_osv_affected *a;
		if (vi < 0)
			continue;
		if (!nrb || rb[nrb - 1].rec != rec) { /* rows come in record order */
			rb = vx_grow(rb, sizeof(*rb), nrb + 1, &cap);
			rb[nrb].rec = rec;
			rb[nrb].vuln = vi;
			rb[nrb].base = vs[vi].naffected;
			nrb++;
		}
		a = affected_at(&vs[vi], rb[nrb - 1].base + (size_t)sqlite3_column_int(s, 2));
		a->ecosystem = vx_db_col_text(s, 3);
		a->name = vx_db_col_text(s, 4);
		a->purl = vx_db_col_text(s, 5);
		a->vers = vx_db_col_text(s, 6);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read affected packages");
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	rc = vx_db_prepare(st,
			   "SELECT c.rec, e.entry, e.range, e.range_type, e.repo, e.kind, e.version "
			   "FROM temp.vx_cand c JOIN pkg_event e ON e.record_pk = c.rec ORDER BY "
			   "c.rec, e.entry, e.range, e.rowid",
			   &s, err);
	if (rc < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long k = find_rec(rb, nrb, sqlite3_column_int64(s, 0));
		struct vx_osv_affected *a;
		struct vx_osv_range *rg;
		size_t r;
		if (k < 0)
			continue;
		a = affected_at(&vs[rb[k].vuln], rb[k].base + (size_t)sqlite3_column_int(s, 1));
		r = (size_t)sqlite3_column_int(s, 2);
		if (r >= a->nranges) {
			a->ranges = vx_realloc(a->ranges, (r + 1) * sizeof(*a->ranges));
			memset(&a->ranges[a->nranges], 0, (r + 1 - a->nranges) * sizeof(*a->ranges));
			a->nranges = r + 1;
		}
		rg = &a->ranges[r];
		if (!rg->type) {
			rg->type = vx_db_col_text(s, 3);
			rg->repo = vx_db_col_text(s, 4);
		}
		rg->events = vx_realloc(rg->events, (rg->nevents + 1) * sizeof(*rg->events));
		rg->events[rg->nevents].kind = (enum vx_osv_event_kind)sqlite3_column_int(s, 5);
		rg->events[rg->nevents].version = vx_db_col_text(s, 6);
		rg->nevents++;
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read range events");
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	rc = vx_db_prepare(st,
			   "SELECT c.rec, p.entry, p.version FROM temp.vx_cand c JOIN pkg_version p ON "
			   "p.record_pk = c.rec ORDER BY c.rec, p.entry, p.rowid",
			   &s, err);
	if (rc < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long k = find_rec(rb, nrb, sqlite3_column_int64(s, 0));
		struct vx_osv_affected *a;
		if (k < 0)
			continue;
		a = affected_at(&vs[rb[k].vuln], rb[k].base + (size_t)sqlite3_column_int(s, 1));
		a->versions = vx_realloc(a->versions, (a->nversions + 1) * sizeof(char *));
		a->versions[a->nversions++] = vx_db_col_text(s, 2);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read affected versions");
	sqlite3_finalize(s);
out:
	free(rb);
	return rc;
}

static int load_kev(struct vx_store *st, struct vx_vuln *vs, const long long *pks, size_t nv,
		    struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "SELECT v.id, k.vendor, k.product, k.name, k.date_added, k.due_date, "
			       "k.required_action, k.ransomware, k.notes FROM vulnerability v JOIN kev "
			       "k ON k.cve_id = v.vuln_id WHERE v.id IN (SELECT vuln_pk FROM "
			       "temp.vx_cand)",
			       &s, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long vi = find_pk(pks, nv, sqlite3_column_int64(s, 0));
		struct vx_kev *k;
		if (vi < 0 || vs[vi].kev)
			continue;
		k = vs[vi].kev = vx_calloc(1, sizeof(*k));
		k->vendor = vx_db_col_text(s, 1);
		k->product = vx_db_col_text(s, 2);
		k->name = vx_db_col_text(s, 3);
		k->date_added = vx_db_col_text(s, 4);
		k->due_date = vx_db_col_text(s, 5);
		k->required_action = vx_db_col_text(s, 6);
		k->ransomware = vx_db_col_text(s, 7);
		k->notes = vx_db_col_text(s, 8);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read KEV");
	sqlite3_finalize(s);
	return rc;
}

void vx_vuln_list_free(struct vx_vuln *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_vuln_release(&list[i]);
	free(list);
}

int vx_store_candidates(struct vx_store *st, const char *const *cpe_keys, size_t ncpe,
			const char *const *pkg_keys, size_t npkg, struct vx_vuln **out, size_t *n,
			struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	long long *pks = NULL;
	size_t cap = 0, pcap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = vx_db_exec(st,
			     "CREATE TEMP TABLE IF NOT EXISTS vx_keys (kind INTEGER, k TEXT, PRIMARY "
			     "KEY (kind, k)) WITHOUT ROWID; DELETE FROM temp.vx_keys;"
			     "CREATE TEMP TABLE IF NOT EXISTS vx_cand (rec INTEGER PRIMARY KEY, vuln_pk "
			     "INTEGER NOT NULL, tip INTEGER NOT NULL); DELETE FROM temp.vx_cand;",
			     err)) < 0)
		return rc;
	if ((rc = vx_db_prepare(st, "INSERT OR IGNORE INTO temp.vx_keys VALUES (?, ?)", &s, err)) <
	    0)
		return rc;
	for (size_t i = 0; i < ncpe + npkg && rc == 0; i++) {
		const char *k = i < ncpe ? cpe_keys[i] : pkg_keys[i - ncpe];
		if (!k)
			continue;
		sqlite3_bind_int(s, 1, i < ncpe ? 0 : 1);
		vx_db_bind_text(s, 2, k);
		rc = vx_db_step_done(st, s, "index keys", err);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0)
		return rc;
	/* Every record of every vulnerability that has an indexed entry for one of the keys;
	 * rejected NVD records and withdrawn OSV records name nothing. */
	if ((rc = vx_db_exec(
		     st,
		     "INSERT INTO temp.vx_cand SELECT r.id, r.vuln_pk, r.source = 'tip' FROM "
		     "vuln_record r WHERE r.vuln_pk IN (SELECT r2.vuln_pk FROM vuln_record r2 WHERE "
		     "r2.id IN (SELECT m.record_pk FROM temp.vx_keys k JOIN cpe_index m ON m.cpe_key "
		     "= k.k WHERE k.kind = 0 UNION SELECT a.record_pk FROM "
		     "temp.vx_keys k JOIN pkg_affected a ON a.pkg_key = k.k WHERE k.kind = 1)) AND "
		     "coalesce(r.status, '') NOT IN ('Rejected', 'withdrawn')",
		     err)) < 0)
		return rc;
	rc = vx_db_prepare(st,
			   "SELECT v.id, v.vuln_id, (SELECT max(source = 'nvd') FROM vuln_record r "
			   "WHERE r.vuln_pk = v.id) FROM vulnerability v WHERE v.id IN (SELECT "
			   "vuln_pk FROM temp.vx_cand) ORDER BY v.id",
			   &s, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct vx_vuln *v;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		pks = vx_grow(pks, sizeof(*pks), *n + 1, &pcap);
		pks[*n] = sqlite3_column_int64(s, 0);
		v = &(*out)[(*n)++];
		memset(v, 0, sizeof(*v));
		v->id = vx_db_col_text(s, 1);
		v->source = sqlite3_column_int(s, 2) ? VX_FEED_NVD : VX_FEED_OSV;
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "find candidates");
	sqlite3_finalize(s);
	if (rc == 0)
		rc = load_confs(st, *out, pks, *n, err);
	if (rc == 0)
		rc = load_affected(st, *out, pks, *n, err);
	if (rc == 0)
		rc = load_kev(st, *out, pks, *n, err);
	free(pks);
	if (rc < 0) {
		vx_vuln_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* --- findings ---------------------------------------------------------------------------- */

int vx_store_match_begin(struct vx_store *st, long long version_id, long long *run_id,
			 struct vx_err *err)
{
	char now[21];
	int rc;
	vx_time_format(vx_time_now(), now);
	rc = exec_bound(st, "INSERT INTO match_run (version_id, started_at) VALUES (:a, :t)", now,
			version_id, 0, err);
	if (rc == 0) {
		*run_id = sqlite3_last_insert_rowid(st->db);
		st->run_id = *run_id;
		st->run_version = version_id;
	}
	return rc;
}

/* t0: the date the manufacturer learned of the vulnerability for this device version. A
 * tip's received date when the vulnerability came as a tip; otherwise the later of the
 * day the store first held the vulnerability and the day it first held the component in
 * this version's SBOM: the first day both facts were on record. */
static int compute_t0(struct vx_store *st, long long vpk, const char *component_key,
		      char **t0, struct vx_err *err)
{
	char *tip = NULL;
	int rc = query_text(st, "SELECT min(received) FROM tip WHERE vuln_pk = :a", NULL, vpk, 0,
			    &tip, err);
	if (rc < 0)
		return rc;
	if (tip) {
		*t0 = vx_asprintf("%sT00:00:00Z", tip);
		free(tip);
		return 0;
	}
	return query_text(st,
			  "SELECT max((SELECT first_seen_at FROM vulnerability WHERE id = :a), "
			  "coalesce((SELECT min(d.imported_at) FROM component c JOIN sbom_document d "
			  "ON d.id = c.sbom_id WHERE d.version_id = :b AND c.identity = :t), ''))",
			  component_key, vpk, st->run_version, t0, err);
}

int vx_store_finding_observe(struct vx_store *st, long long run_id, const char *vuln_id,
			     const char *component_key, const char *bom_ref, int needs_review,
			     const struct vx_evidence *ev, size_t nev, struct vx_match_counts *c,
			     struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	long long vpk = 0, fid = 0, comp_id = 0;
	char now[21], *t0 = NULL, *state = NULL;
	int rc;

	if (run_id != st->run_id)
		return vx_err_set(err, VX_ESTORE, "store: finding outside its matching run");
	vx_time_format(vx_time_now(), now);
	rc = vx_db_stmt(st, "SELECT id FROM vulnerability WHERE vuln_id = ?", &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, vuln_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		vpk = sqlite3_column_int64(s, 0);
	vx_db_done(s);
	if (!vpk)
		return vx_err_set(err, VX_ENOTFOUND, "unknown vulnerability '%s'", vuln_id);
	rc = vx_db_stmt(st,
			   "SELECT c.id FROM component c JOIN sbom_document d ON d.id = c.sbom_id "
			   "WHERE d.version_id = ? AND d.superseded_at IS NULL AND c.bom_ref = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, st->run_version);
	vx_db_bind_text(s, 2, bom_ref);
	if (sqlite3_step(s) == SQLITE_ROW)
		comp_id = sqlite3_column_int64(s, 0);
	vx_db_done(s);

	rc = vx_db_stmt(st,
			   "SELECT id, state FROM finding WHERE version_id = ? AND vuln_pk = ? AND "
			   "component_key = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, st->run_version);
	sqlite3_bind_int64(s, 2, vpk);
	vx_db_bind_text(s, 3, component_key);
	if (sqlite3_step(s) == SQLITE_ROW) {
		fid = sqlite3_column_int64(s, 0);
		state = vx_db_col_text(s, 1);
	}
	vx_db_done(s);

	if (!fid) {
		if ((rc = compute_t0(st, vpk, component_key, &t0, err)) < 0)
			goto out;
		rc = vx_db_stmt(st,
				   "INSERT INTO finding (version_id, vuln_pk, component_key, "
				   "component_id, state, needs_review, t0, opened_at, last_run_id) "
				   "VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)",
				   &s, err);
		if (rc < 0)
			goto out;
		sqlite3_bind_int64(s, 1, st->run_version);
		sqlite3_bind_int64(s, 2, vpk);
		vx_db_bind_text(s, 3, component_key);
		if (comp_id)
			sqlite3_bind_int64(s, 4, comp_id);
		sqlite3_bind_int(s, 5, needs_review != 0);
		vx_db_bind_text(s, 6, t0 && *t0 ? t0 : now);
		vx_db_bind_text(s, 7, now);
		sqlite3_bind_int64(s, 8, run_id);
		rc = vx_db_step_done(st, s, "open finding", err);
		vx_db_done(s);
		if (rc < 0)
			goto out;
		fid = sqlite3_last_insert_rowid(st->db);
		if ((rc = exec_bound(st,
				     "INSERT INTO finding_event (finding_id, run_id, at, event) VALUES "
				     "(:a, :b, :t, 'opened')",
				     now, fid, run_id, err)) < 0 ||
		    (rc = exec_bound(st,
				     "INSERT INTO triage (finding_id, status, assessor, reason, "
				     "recorded_at) VALUES (:a, 'under_investigation', 'vexil', 'opened "
				     "by vexil match: assessment pending', :t)",
				     now, fid, 0, err)) < 0)
			goto out;
		c->opened++;
	} else {
		if (strcmp(state, "closed") == 0) {
			if ((rc = exec_bound(st,
					     "INSERT INTO finding_event (finding_id, run_id, at, event, "
					     "reason) VALUES (:a, :b, :t, 'reopened', 'matches again')",
					     now, fid, run_id, err)) < 0 ||
			    (rc = exec_bound(st,
					     "INSERT INTO triage (finding_id, status, assessor, reason, "
					     "recorded_at) VALUES (:a, 'under_investigation', 'vexil', "
					     "'reopened by vexil match: matches again', :t)",
					     now, fid, 0, err)) < 0)
				goto out;
			c->reopened++;
		} else {
			c->still++;
		}
		rc = vx_db_stmt(st,
				   "UPDATE finding SET state = 'open', closed_at = NULL, close_reason "
				   "= NULL, component_id = coalesce(?, component_id), needs_review = "
				   "?, last_run_id = ? WHERE id = ?",
				   &s, err);
		if (rc < 0)
			goto out;
		if (comp_id)
			sqlite3_bind_int64(s, 1, comp_id);
		sqlite3_bind_int(s, 2, needs_review != 0);
		sqlite3_bind_int64(s, 3, run_id);
		sqlite3_bind_int64(s, 4, fid);
		rc = vx_db_step_done(st, s, "update finding", err);
		vx_db_done(s);
		if (rc < 0)
			goto out;
	}
	/* The evidence is that of the latest run; earlier runs' is in the events' past. */
	if ((rc = exec_bound(st, "DELETE FROM finding_evidence WHERE finding_id = :a", NULL, fid, 0,
			     err)) < 0)
		goto out;
	rc = vx_db_stmt(st,
			   "INSERT INTO finding_evidence (finding_id, run_id, source, field, value, "
			   "criterion, range, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < nev && rc == 0; i++) {
		sqlite3_bind_int64(s, 1, fid);
		sqlite3_bind_int64(s, 2, run_id);
		vx_db_bind_text(s, 3, ev[i].source);
		vx_db_bind_text(s, 4, ev[i].field);
		vx_db_bind_text(s, 5, ev[i].value);
		vx_db_bind_text(s, 6, ev[i].criterion);
		vx_db_bind_text(s, 7, ev[i].range);
		vx_db_bind_text(s, 8, ev[i].note);
		rc = vx_db_step_done(st, s, "record evidence", err);
	}
	vx_db_done(s);
out:
	free(t0);
	free(state);
	return rc;
}

int vx_store_match_end(struct vx_store *st, long long run_id, const char *close_reason,
		       struct vx_match_counts *c, struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	if (run_id != st->run_id)
		return vx_err_set(err, VX_ESTORE, "store: no such matching run");
	vx_time_format(vx_time_now(), now);
	/* The reason says which fact changed: the component left the SBOM, or the
	 * vulnerability data no longer names it. */
	rc = vx_db_prepare(
		st,
		"SELECT f.id, EXISTS (SELECT 1 FROM component c JOIN sbom_document d ON d.id = "
		"c.sbom_id WHERE d.version_id = f.version_id AND d.superseded_at IS NULL AND "
		"c.identity = f.component_key), f.component_key FROM finding f WHERE f.version_id = "
		"? AND f.state = 'open' AND f.last_run_id IS NOT ?",
		&s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, st->run_version);
	sqlite3_bind_int64(s, 2, run_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long fid = sqlite3_column_int64(s, 0);
		char *reason = sqlite3_column_int(s, 1)
				       ? vx_asprintf("%s", close_reason)
				       : vx_asprintf("component %s is no longer in the SBOM",
						     (const char *)sqlite3_column_text(s, 2));
		int r2 = exec_bound(st,
				    "INSERT INTO finding_event (finding_id, run_id, at, event, reason) "
				    "VALUES (:a, :b, :t, 'closed', NULL)",
				    now, fid, run_id, err);
		if (r2 == 0) {
			sqlite3_stmt *u;
			r2 = vx_db_prepare(st,
					   "UPDATE finding SET state = 'closed', closed_at = ?, "
					   "close_reason = ? WHERE id = ?",
					   &u, err);
			if (r2 == 0) {
				vx_db_bind_text(u, 1, now);
				vx_db_bind_text(u, 2, reason);
				sqlite3_bind_int64(u, 3, fid);
				r2 = vx_db_step_done(st, u, "close finding", err);
				sqlite3_finalize(u);
			}
			if (r2 == 0)
				r2 = exec_bound(st,
						"UPDATE finding_event SET reason = :t WHERE rowid = "
						"last_insert_rowid()",
						reason, 0, 0, err);
		}
		free(reason);
		if (r2 < 0) {
			sqlite3_finalize(s);
			return r2;
		}
		c->closed++;
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "close findings");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	rc = vx_db_prepare(st,
			   "UPDATE match_run SET opened = ?, still = ?, reopened = ?, closed = ? "
			   "WHERE id = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, (long long)c->opened);
	sqlite3_bind_int64(s, 2, (long long)c->still);
	sqlite3_bind_int64(s, 3, (long long)c->reopened);
	sqlite3_bind_int64(s, 4, (long long)c->closed);
	sqlite3_bind_int64(s, 5, run_id);
	rc = vx_db_step_done(st, s, "finish matching run", err);
	sqlite3_finalize(s);
	if (rc == 0 && (c->opened || c->reopened || c->closed)) {
		/* The audit entry names the findings whose state changed in this run. */
		static const char *const events[] = {"opened", "reopened", "closed"};
		struct vx_jw w;
		char *label = vx_store_version_label(st, st->run_version);
		char *entity = vx_asprintf("version %s", label ? label : "?");
		vx_jw_init(&w);
		vx_jw_object(&w);
		vx_jw_kint(&w, "run", run_id);
		for (int e = 0; e < 3 && rc == 0; e++) {
			vx_jw_key(&w, events[e]);
			vx_jw_array(&w);
			rc = vx_db_prepare(st,
					   "SELECT f.id, v.vuln_id, f.component_key FROM finding_event e "
					   "JOIN finding f ON f.id = e.finding_id JOIN vulnerability v ON "
					   "v.id = f.vuln_pk WHERE e.run_id = ? AND e.event = ? ORDER BY f.id",
					   &s, err);
			if (rc < 0)
				break;
			sqlite3_bind_int64(s, 1, run_id);
			vx_db_bind_text(s, 2, events[e]);
			while (sqlite3_step(s) == SQLITE_ROW) {
				vx_jw_object(&w);
				vx_jw_kint(&w, "finding", sqlite3_column_int64(s, 0));
				vx_jw_kstr(&w, "vulnerability", (const char *)sqlite3_column_text(s, 1));
				vx_jw_kstr(&w, "component", (const char *)sqlite3_column_text(s, 2));
				vx_jw_object_end(&w);
			}
			sqlite3_finalize(s);
			vx_jw_array_end(&w);
		}
		vx_jw_object_end(&w);
		if (rc == 0)
			rc = vx_store_audit(st, "match.run", entity, NULL, vx_jw_text(&w), NULL, err);
		vx_jw_release(&w);
		free(label);
		free(entity);
	}
	st->run_id = 0;
	return rc;
}

/* --- listing ------------------------------------------------------------------------------ */

void vx_finding_list_free(struct vx_finding *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vx_finding *f = &list[i];
		free(f->product);
		free(f->version);
		free(f->vuln_id);
		free(f->title);
		free(f->component);
		free(f->component_version);
		free(f->component_purl);
		free(f->component_cpe);
		free(f->state);
		free(f->close_reason);
		free(f->vex_status);
		free(f->t0);
		free(f->opened_at);
		free(f->closed_at);
		free(f->cvss_vector);
		free(f->kev_due);
		free(f->evidence);
		free(f->component_ref);
		free(f->sbom_serial);
		free(f->sbom_version);
	}
	free(list);
}

int vx_store_findings(struct vx_store *st, const struct vx_finding_filter *flt,
		      struct vx_finding **out, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(
		st,
		"WITH " VX_SQL_BEST_CVSS ", "
		"last_triage AS (SELECT finding_id, status, row_number() OVER (PARTITION BY "
		"finding_id ORDER BY id DESC) AS rn FROM triage) "
		"SELECT f.id, p.name, v.version, vu.vuln_id, coalesce(vu.title, (SELECT "
		"substr(description, 1, 200) FROM vuln_record WHERE vuln_pk = vu.id ORDER BY source "
		"= 'nvd' DESC LIMIT 1)), c.name, c.version, c.purl, c.cpe, f.state, "
		"f.close_reason, lt.status, f.t0, f.opened_at, f.closed_at, f.needs_review, "
		"b.score, b.vector, k.cve_id IS NOT NULL, k.due_date, (SELECT group_concat(source "
		"|| ': ' || field || ' ' || coalesce(value, '') || ' matched ' || "
		"coalesce(criterion, '') || coalesce(' ' || range, '') || coalesce(' (' || note || "
		"')', ''), char(10)) FROM finding_evidence e WHERE e.finding_id = f.id), "
		"c.bom_ref, sd.serial, sd.doc_version "
		"FROM finding f JOIN product_version v ON v.id = f.version_id JOIN product p ON "
		"p.id = v.product_id JOIN vulnerability vu ON vu.id = f.vuln_pk LEFT JOIN "
		"component c ON c.id = f.component_id LEFT JOIN sbom_document sd ON sd.id = "
		"c.sbom_id LEFT JOIN best b ON b.vuln_pk = vu.id AND "
		"b.rn = 1 LEFT JOIN last_triage lt ON lt.finding_id = f.id AND lt.rn = 1 LEFT JOIN "
		"kev k ON k.cve_id = vu.vuln_id "
		"WHERE (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR v.version = ?2) AND (?3 IS "
		"NULL OR lt.status = ?3) AND (?4 IS NULL OR vu.vuln_id = ?4) AND (NOT ?5 OR k.cve_id "
		"IS NOT NULL) AND (?6 OR f.state = 'open') "
		"ORDER BY p.name, v.id, b.score IS NULL, b.score DESC, vu.vuln_id, c.name",
		&s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, flt ? flt->product : NULL);
	vx_db_bind_text(s, 2, flt ? flt->version : NULL);
	vx_db_bind_text(s, 3, flt ? flt->status : NULL);
	vx_db_bind_text(s, 4, flt ? flt->vuln : NULL);
	sqlite3_bind_int(s, 5, flt && flt->kev_only);
	sqlite3_bind_int(s, 6, flt && flt->include_closed);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct vx_finding *f;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		f = &(*out)[(*n)++];
		memset(f, 0, sizeof(*f));
		f->id = sqlite3_column_int64(s, 0);
		f->product = vx_db_col_text(s, 1);
		f->version = vx_db_col_text(s, 2);
		f->vuln_id = vx_db_col_text(s, 3);
		f->title = vx_db_col_text(s, 4);
		f->component = vx_db_col_text(s, 5);
		f->component_version = vx_db_col_text(s, 6);
		f->component_purl = vx_db_col_text(s, 7);
		f->component_cpe = vx_db_col_text(s, 8);
		f->state = vx_db_col_text(s, 9);
		f->close_reason = vx_db_col_text(s, 10);
		f->vex_status = vx_db_col_text(s, 11);
		f->t0 = vx_db_col_text(s, 12);
		f->opened_at = vx_db_col_text(s, 13);
		f->closed_at = vx_db_col_text(s, 14);
		f->needs_review = sqlite3_column_int(s, 15);
		f->cvss_score = sqlite3_column_type(s, 16) == SQLITE_NULL ? -1
									  : sqlite3_column_double(s, 16);
		f->cvss_vector = vx_db_col_text(s, 17);
		f->kev = sqlite3_column_int(s, 18);
		f->kev_due = vx_db_col_text(s, 19);
		f->evidence = vx_db_col_text(s, 20);
		f->component_ref = vx_db_col_text(s, 21);
		f->sbom_serial = vx_db_col_text(s, 22);
		f->sbom_version = vx_db_col_text(s, 23);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "list findings");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_finding_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
