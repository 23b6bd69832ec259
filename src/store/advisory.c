/* src/store/advisory.c - the published facts of a vulnerability, and advisories as issued
 * (tracking ids and revision histories). Declared in store/vuln.h. */
#include "store/store.h"
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- vulnerability facts ---------------------------------------------------------------- */

void vx_vuln_facts_release(struct vx_vuln_facts *f)
{
	free(f->vuln_id);
	free(f->title);
	free(f->description);
	free(f->published);
	free(f->cwes);
	for (size_t i = 0; i < f->nrefs; i++)
		free(f->refs[i]);
	free(f->refs);
	free(f->cvss_version);
	free(f->cvss_vector);
	free(f->cvss_severity);
	free(f->kev_added);
	free(f->kev_due);
	free(f->kev_action);
	free(f->reporter);
	free(f->received);
	memset(f, 0, sizeof(*f));
}

static void split_refs(struct vx_vuln_facts *f, const char *text)
{
	size_t cap = 0;
	while (text && *text) {
		size_t n = strcspn(text, "\n");
		if (n) {
			char *r = vx_malloc(n + 1);
			memcpy(r, text, n);
			r[n] = 0;
			f->refs = vx_grow(f->refs, sizeof(*f->refs), f->nrefs + 1, &cap);
			f->refs[f->nrefs++] = r;
		}
		text += n + (text[n] == '\n');
	}
}

int vx_store_vuln_facts(struct vx_store *st, const char *vuln_id, struct vx_vuln_facts *out,
			struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	long long pk;
	int rc;
	memset(out, 0, sizeof(*out));
	out->cvss_score = -1;
	rc = vx_db_prepare(st, "SELECT id, vuln_id, title, is_tip FROM vulnerability WHERE vuln_id = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, vuln_id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE
			       ? vx_err_set(err, VX_ENOTFOUND, "unknown vulnerability '%s'", vuln_id)
			       : vx_db_fail(st, err, "read a vulnerability");
	}
	pk = sqlite3_column_int64(s, 0);
	out->vuln_id = vx_db_col_text(s, 1);
	out->title = vx_db_col_text(s, 2);
	out->is_tip = sqlite3_column_int(s, 3);
	sqlite3_finalize(s);

	/* the description, dates, CWEs and references: NVD first, then OSV, then the tip */
	rc = vx_db_prepare(st,
			   "SELECT description, published, cwes, refs FROM vuln_record WHERE "
			   "vuln_pk = ? ORDER BY CASE source WHEN 'nvd' THEN 0 WHEN 'osv' THEN 1 "
			   "ELSE 2 END, id",
			   &s, err);
	if (rc < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, pk);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!out->description)
			out->description = vx_db_col_text(s, 0);
		if (!out->published)
			out->published = vx_db_col_text(s, 1);
		if (!out->cwes)
			out->cwes = vx_db_col_text(s, 2);
		if (!out->nrefs)
			split_refs(out, (const char *)sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rc = vx_db_fail(st, err, "read vulnerability records");
		goto fail;
	}
	/* the best CVSS v3 score: NVD's primary one first, the newest version, the highest */
	rc = vx_db_prepare(st,
			   "SELECT c.version, c.vector, c.score, c.severity FROM cvss c JOIN "
			   "vuln_record r ON r.id = c.record_pk WHERE r.vuln_pk = ? AND c.version "
			   "LIKE '3.%' AND c.vector IS NOT NULL ORDER BY c.is_primary DESC, "
			   "c.version DESC, c.score DESC LIMIT 1",
			   &s, err);
	if (rc < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, pk);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->cvss_version = vx_db_col_text(s, 0);
		out->cvss_vector = vx_db_col_text(s, 1);
		if (sqlite3_column_type(s, 2) != SQLITE_NULL)
			out->cvss_score = sqlite3_column_double(s, 2);
		out->cvss_severity = vx_db_col_text(s, 3);
	}
	sqlite3_finalize(s);
	rc = vx_db_prepare(st,
			   "SELECT date_added, due_date, required_action FROM kev WHERE cve_id = ?",
			   &s, err);
	if (rc < 0)
		goto fail;
	vx_db_bind_text(s, 1, vuln_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->kev = 1;
		out->kev_added = vx_db_col_text(s, 0);
		out->kev_due = vx_db_col_text(s, 1);
		out->kev_action = vx_db_col_text(s, 2);
	}
	sqlite3_finalize(s);
	rc = vx_db_prepare(st, "SELECT reporter, received FROM tip WHERE vuln_pk = ?", &s, err);
	if (rc < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, pk);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->reporter = vx_db_col_text(s, 0);
		out->received = vx_db_col_text(s, 1);
	}
	sqlite3_finalize(s);
	return 0;
fail:
	vx_vuln_facts_release(out);
	return rc;
}

/* --- advisories ------------------------------------------------------------------------- */

void vx_advisory_release(struct vx_advisory *a)
{
	free(a->tracking_id);
	free(a->vulns);
	free(a->profile);
	free(a->scope);
	free(a->created_at);
	for (size_t i = 0; i < a->nrevs; i++) {
		free(a->revs[i].date);
		free(a->revs[i].status);
		free(a->revs[i].summary);
		free(a->revs[i].content_sha256);
	}
	free(a->revs);
	memset(a, 0, sizeof(*a));
}

static int load_advisory(struct vx_store *st, long long product_id, const char *vulns,
			 const char *profile, const char *scope, struct vx_advisory *out,
			 int *found, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	*found = 0;
	rc = vx_db_prepare(st,
			   "SELECT id, tracking_id, vulns, profile, scope, created_at FROM advisory "
			   "WHERE product_id = ? AND vulns = ? AND profile = ? AND scope = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, product_id);
	vx_db_bind_text(s, 2, vulns);
	vx_db_bind_text(s, 3, profile);
	vx_db_bind_text(s, 4, scope ? scope : "");
	if (sqlite3_step(s) == SQLITE_ROW) {
		*found = 1;
		out->id = sqlite3_column_int64(s, 0);
		out->tracking_id = vx_db_col_text(s, 1);
		out->vulns = vx_db_col_text(s, 2);
		out->profile = vx_db_col_text(s, 3);
		out->scope = vx_db_col_text(s, 4);
		out->created_at = vx_db_col_text(s, 5);
	}
	sqlite3_finalize(s);
	if (!*found)
		return 0;
	rc = vx_db_prepare(st,
			   "SELECT number, date, status, summary, content_sha256 FROM "
			   "advisory_revision WHERE advisory_id = ? ORDER BY number",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, out->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct vx_advisory_revision *r;
		out->revs = vx_grow(out->revs, sizeof(*out->revs), out->nrevs + 1, &cap);
		r = &out->revs[out->nrevs++];
		r->number = sqlite3_column_int(s, 0);
		r->date = vx_db_col_text(s, 1);
		r->status = vx_db_col_text(s, 2);
		r->summary = vx_db_col_text(s, 3);
		r->content_sha256 = vx_db_col_text(s, 4);
	}
	sqlite3_finalize(s);
	return 0;
}

int vx_store_advisory_get(struct vx_store *st, long long product_id, const char *vulns,
			  const char *profile, const char *scope, struct vx_advisory *out,
			  int *found, struct vx_err *err)
{
	return load_advisory(st, product_id, vulns, profile, scope, out, found, err);
}

/* PREFIX-YYYY-NNNN, the next number of that prefix and year. */
static int next_tracking_id(struct vx_store *st, const char *prefix, const char *date,
			   char **out, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char *like = vx_asprintf("%s-%.4s-%%", prefix, date);
	int n = 0, rc = vx_db_prepare(st, "SELECT tracking_id FROM advisory WHERE tracking_id LIKE ?",
				       &s, err);
	if (rc < 0) {
		free(like);
		return rc;
	}
	vx_db_bind_text(s, 1, like);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0);
		int k = atoi(id + strlen(like) - 1);
		if (k > n)
			n = k;
	}
	sqlite3_finalize(s);
	free(like);
	*out = vx_asprintf("%s-%.4s-%04d", prefix, date, n + 1);
	return 0;
}

int vx_store_advisory_issue(struct vx_store *st, const struct vx_advisory_issue *in,
			    struct vx_advisory *out, int *added, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char *tid = NULL, *entity = NULL;
	int found, rc, number = 1;
	struct vx_jw w;
	*added = 0;
	if ((rc = load_advisory(st, in->product_id, in->vulns, in->profile, in->scope, out,
				&found, err)) < 0)
		return rc;
	if (!found) {
		if (in->tracking_id)
			tid = vx_strdup(in->tracking_id);
		else if ((rc = next_tracking_id(st, in->id_prefix, in->date, &tid, err)) < 0)
			return rc;
		rc = vx_db_prepare(st,
				   "INSERT INTO advisory (tracking_id, product_id, vulns, profile, "
				   "scope, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				   &s, err);
		if (rc < 0) {
			free(tid);
			return rc;
		}
		vx_db_bind_text(s, 1, tid);
		sqlite3_bind_int64(s, 2, in->product_id);
		vx_db_bind_text(s, 3, in->vulns);
		vx_db_bind_text(s, 4, in->profile);
		vx_db_bind_text(s, 5, in->scope ? in->scope : "");
		vx_db_bind_text(s, 6, in->date);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			rc = sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE
				     ? vx_err_set(err, VX_EEXIST,
						  "tracking id '%s' is already used by another "
						  "advisory",
						  tid)
				     : vx_db_fail(st, err, "record the advisory");
			free(tid);
			return rc;
		}
		free(tid);
		if ((rc = load_advisory(st, in->product_id, in->vulns, in->profile, in->scope, out,
					&found, err)) < 0)
			return rc;
	} else if (in->tracking_id && strcmp(in->tracking_id, out->tracking_id) != 0) {
		return vx_err_set(err, VX_EINVAL,
				  "this advisory was issued as '%s': its tracking id cannot change",
				  out->tracking_id);
	}
	if (out->nrevs) {
		const struct vx_advisory_revision *last = &out->revs[out->nrevs - 1];
		if (strcmp(last->content_sha256, in->content_sha256) == 0 &&
		    strcmp(last->status, in->status) == 0)
			return 0; /* nothing new to publish */
		if (strcmp(last->status, "final") == 0 && strcmp(in->status, "draft") == 0)
			return vx_err_set(err, VX_EINVAL,
					  "%s was published as final: a new revision cannot be a "
					  "draft",
					  out->tracking_id);
		number = last->number + 1;
	}
	rc = vx_db_prepare(st,
			   "INSERT INTO advisory_revision (advisory_id, number, date, status, "
			   "summary, content_sha256) VALUES (?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, out->id);
	sqlite3_bind_int(s, 2, number);
	vx_db_bind_text(s, 3, in->date);
	vx_db_bind_text(s, 4, in->status);
	vx_db_bind_text(s, 5, in->summary);
	vx_db_bind_text(s, 6, in->content_sha256);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "record the revision");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "tracking_id", out->tracking_id);
	vx_jw_kstr(&w, "profile", in->profile);
	vx_jw_kstr(&w, "vulnerabilities", in->vulns);
	vx_jw_kint(&w, "revision", number);
	vx_jw_kstr(&w, "status", in->status);
	vx_jw_kstr(&w, "summary", in->summary);
	vx_jw_kstr(&w, "content_sha256", in->content_sha256);
	vx_jw_object_end(&w);
	entity = vx_asprintf("advisory %s", out->tracking_id);
	rc = vx_store_audit(st, "advisory.issue", entity, NULL, vx_jw_text(&w), NULL, err);
	free(entity);
	vx_jw_release(&w);
	if (rc < 0)
		return rc;
	*added = 1;
	{
		char *vulns = vx_strdup(in->vulns), *profile = vx_strdup(in->profile),
		     *scope = vx_strdup(in->scope ? in->scope : "");
		vx_advisory_release(out);
		rc = load_advisory(st, in->product_id, vulns, profile, scope, out, &found, err);
		free(vulns);
		free(profile);
		free(scope);
	}
	return rc;
}

int vx_store_advisory_list(struct vx_store *st, long long product_id, struct vx_advisory **out,
			   size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = vx_db_prepare(st,
			       "SELECT vulns, profile, scope FROM advisory WHERE product_id = ? ORDER "
			       "BY tracking_id",
			       &s, err);
	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, product_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char *vulns = vx_db_col_text(s, 0), *profile = vx_db_col_text(s, 1),
		     *scope = vx_db_col_text(s, 2);
		int found = 0;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		rc = load_advisory(st, product_id, vulns, profile, scope, &(*out)[*n], &found, err);
		free(vulns);
		free(profile);
		free(scope);
		if (rc < 0)
			break;
		(*n)++;
	}
	sqlite3_finalize(s);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			vx_advisory_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? rc : 0;
}
