/* src/store/vuln.c - vulnerability records, KEV, tips, candidates for matching, findings.
 * See vuln.h for identity and the rules; store.h for transactions and ownership.
 */
#include "store/vuln.h"
#include "import/feed.h"
#include "store/store_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prepared statements are cached on the handle for the hot paths (feed import inserts one
 * row per cpeMatch: a million or more for the whole NVD). */
static int cached(struct vx_store *st, int slot, const char *sql, sqlite3_stmt **out,
		  struct vx_err *err)
{
	if (!st->cache[slot]) {
		int rc = vx_db_prepare(st, sql, &st->cache[slot], err);
		if (rc < 0)
			return rc;
	}
	*out = st->cache[slot];
	return 0;
}

enum {
	Q_FIND_RECORD,
	Q_FIND_VULN,
	Q_ADD_VULN,
	Q_ADD_RECORD,
	Q_DEL_RECORD_PARTS,
	Q_UPDATE_RECORD,
	Q_ADD_ALIAS,
	Q_ADD_CVSS,
	Q_ADD_REF,
	Q_ADD_MATCH,
	Q_ADD_PKG,
	Q_ADD_EVENT,
	Q_ADD_PKGVER,
	Q_PUT_KEV,
	Q_NCACHE
};
_Static_assert(Q_NCACHE <= VX_STORE_NCACHE, "enlarge VX_STORE_NCACHE");

static const char *now_text(char buf[21])
{
	vx_time_format(vx_time_now(), buf);
	return buf;
}

/* --- feed imports ---------------------------------------------------------------------- */

int vx_store_feed_begin(struct vx_store *st, const char *file_name, long long *import_id,
			struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21];
	int rc = vx_db_prepare(st,
			       "INSERT INTO feed_import (file_name, sha256, format, imported_at) "
			       "VALUES (?, ?, ?, ?)",
			       &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, file_name);
	vx_db_bind_text(s, 2, ""); /* known once the file has streamed past: see finish */
	vx_db_bind_text(s, 3, "unknown");
	vx_db_bind_text(s, 4, now_text(now));
	rc = vx_db_step_done(st, s, "record feed import", err);
	sqlite3_finalize(s);
	if (rc == 0)
		*import_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int vx_store_feed_finish(struct vx_store *st, long long import_id, const char *sha256,
			 const char *format, const char *catalog_version,
			 const struct vx_feed_counts *c, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "UPDATE feed_import SET catalog_version = ?, records = ?, added = ?, "
			       "updated = ?, unchanged = ?, format = ?, sha256 = ? WHERE id = ?",
			       &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, catalog_version);
	sqlite3_bind_int64(s, 2, (long long)c->records);
	sqlite3_bind_int64(s, 3, (long long)c->added);
	sqlite3_bind_int64(s, 4, (long long)c->updated);
	sqlite3_bind_int64(s, 5, (long long)c->unchanged);
	vx_db_bind_text(s, 6, format);
	vx_db_bind_text(s, 7, sha256);
	sqlite3_bind_int64(s, 8, import_id);
	rc = vx_db_step_done(st, s, "finish feed import", err);
	sqlite3_finalize(s);
	if (rc == 0) {
		struct vx_jw w;
		char *entity = NULL;
		sqlite3_stmt *q;
		vx_jw_init(&w);
		if (vx_db_prepare(st, "SELECT file_name, sha256 FROM feed_import WHERE id = ?", &q,
				  err) == 0) {
			sqlite3_bind_int64(q, 1, import_id);
			if (sqlite3_step(q) == SQLITE_ROW) {
				entity = vx_asprintf("feed %s", sqlite3_column_text(q, 0));
				vx_jw_object(&w);
				vx_jw_kstr(&w, "file", (const char *)sqlite3_column_text(q, 0));
				vx_jw_kstr(&w, "sha256", (const char *)sqlite3_column_text(q, 1));
			}
			sqlite3_finalize(q);
		}
		if (!entity) {
			entity = vx_strdup("feed");
			vx_jw_object(&w);
		}
		vx_jw_kstr(&w, "format", format);
		vx_jw_kstr(&w, "catalog_version", catalog_version);
		vx_jw_kint(&w, "records", (long long)c->records);
		vx_jw_kint(&w, "added", (long long)c->added);
		vx_jw_kint(&w, "updated", (long long)c->updated);
		vx_jw_kint(&w, "unchanged", (long long)c->unchanged);
		vx_jw_object_end(&w);
		rc = vx_store_audit(st, "feed.import", entity, NULL, vx_jw_text(&w), NULL, err);
		vx_jw_release(&w);
		free(entity);
	}
	return rc;
}

/* --- records ---------------------------------------------------------------------------- */

static const char *source_name(enum vx_feed_format f)
{
	return f == VX_FEED_NVD ? "nvd" : f == VX_FEED_OSV ? "osv" : "tip";
}

/* The vulnerability id a record files under: its own id when it is a CVE, else the first
 * CVE among its aliases, else its own id. */
static const char *canonical_id(const struct vx_vuln *v)
{
	if (strncmp(v->id, "CVE-", 4) == 0)
		return v->id;
	for (size_t i = 0; i < v->naliases; i++)
		if (v->aliases[i] && strncmp(v->aliases[i], "CVE-", 4) == 0)
			return v->aliases[i];
	return v->id;
}

/* Find or create the vulnerability row for id; returns its key in *pk. */
static int vuln_row(struct vx_store *st, const char *id, const char *title, int is_tip,
		    long long *pk, struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	if ((rc = cached(st, Q_FIND_VULN, "SELECT id FROM vulnerability WHERE vuln_id = ?", &s,
			 err)) < 0)
		return rc;
	vx_db_bind_text(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*pk = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return vx_db_fail(st, err, "find vulnerability");
	if ((rc = cached(st, Q_ADD_VULN,
			 "INSERT INTO vulnerability (vuln_id, title, first_seen_at, is_tip) VALUES "
			 "(?, ?, ?, ?)",
			 &s, err)) < 0)
		return rc;
	vx_db_bind_text(s, 1, id);
	vx_db_bind_text(s, 2, title);
	vx_db_bind_text(s, 3, now_text(now));
	sqlite3_bind_int(s, 4, is_tip);
	if ((rc = vx_db_step_done(st, s, "add vulnerability", err)) < 0)
		return rc;
	*pk = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static char *join_cwes(const struct vx_vuln *v)
{
	struct vx_buf b;
	if (!v->ncwes)
		return NULL;
	vx_buf_init(&b);
	for (size_t i = 0; i < v->ncwes; i++) {
		if (b.len)
			vx_buf_addc(&b, ',');
		vx_buf_adds(&b, v->cwes[i]);
	}
	return vx_buf_detach(&b);
}

int vx_store_record_parts(struct vx_store *st, long long rec, const struct vx_vuln *v,
			  const struct vx_vuln_keys *keys, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t k = 0;
	int rc;

	if ((rc = cached(st, Q_ADD_ALIAS,
			 "INSERT OR IGNORE INTO vuln_alias (alias, record_pk) VALUES (?, ?)", &s,
			 err)) < 0)
		return rc;
	for (size_t i = 0; i < v->naliases; i++) {
		vx_db_bind_text(s, 1, v->aliases[i]);
		sqlite3_bind_int64(s, 2, rec);
		if ((rc = vx_db_step_done(st, s, "add alias", err)) < 0)
			return rc;
	}
	if ((rc = cached(st, Q_ADD_CVSS,
			 "INSERT INTO cvss (record_pk, version, vector, score, severity, source, "
			 "is_primary) VALUES (?, ?, ?, ?, ?, ?, ?)",
			 &s, err)) < 0)
		return rc;
	for (size_t i = 0; i < v->ncvss; i++) {
		const struct vx_cvss *c = &v->cvss[i];
		sqlite3_bind_int64(s, 1, rec);
		vx_db_bind_text(s, 2, c->version ? c->version : "");
		vx_db_bind_text(s, 3, c->vector);
		if (c->score >= 0)
			sqlite3_bind_double(s, 4, c->score);
		vx_db_bind_text(s, 5, c->severity);
		vx_db_bind_text(s, 6, c->source);
		sqlite3_bind_int(s, 7, c->primary);
		if ((rc = vx_db_step_done(st, s, "add CVSS", err)) < 0)
			return rc;
	}
	/* References and configurations are columns of the record (see the UPDATE below);
	 * the lookup index gets each vulnerable "vendor:product" once. */
	if ((rc = cached(st, Q_ADD_MATCH,
			 "INSERT OR IGNORE INTO cpe_index (cpe_key, record_pk) VALUES (?, ?)", &s,
			 err)) < 0)
		return rc;
	for (size_t c = 0; c < v->nconfs; c++) {
		const struct vx_configuration *cf = &v->confs[c];
		for (size_t n = 0; n < cf->nnodes; n++) {
			const struct vx_conf_node *nd = &cf->nodes[n];
			for (size_t e = 0; e < nd->nmatches; e++, k++) {
				const char *key = keys && k < keys->ncpe ? keys->cpe_keys[k] : NULL;
				if (!nd->matches[e].vulnerable || !key)
					continue;
				vx_db_bind_text(s, 1, key);
				sqlite3_bind_int64(s, 2, rec);
				if ((rc = vx_db_step_done(st, s, "index configuration", err)) < 0)
					return rc;
			}
		}
	}
	if (v->nconfs) {
		char *confs = vx_store_confs_encode(v->confs, v->nconfs);
		rc = cached(st, Q_ADD_REF,
			    "INSERT INTO nvd_conf (record_pk, configurations) VALUES (?, ?)", &s, err);
		if (rc == 0) {
			sqlite3_bind_int64(s, 1, rec);
			vx_db_bind_text(s, 2, confs);
			rc = vx_db_step_done(st, s, "write configurations", err);
		}
		free(confs);
		if (rc < 0)
			return rc;
	}
	for (size_t a = 0; a < v->naffected; a++) {
		const struct vx_osv_affected *af = &v->affected[a];
		if ((rc = cached(st, Q_ADD_PKG,
				 "INSERT INTO pkg_affected (record_pk, entry, pkg_key, ecosystem, "
				 "name, purl, vers) VALUES (?, ?, ?, ?, ?, ?, ?)",
				 &s, err)) < 0)
			return rc;
		sqlite3_bind_int64(s, 1, rec);
		sqlite3_bind_int(s, 2, (int)a);
		vx_db_bind_text(s, 3, keys && a < keys->npkg ? keys->pkg_keys[a] : NULL);
		vx_db_bind_text(s, 4, af->ecosystem);
		vx_db_bind_text(s, 5, af->name);
		vx_db_bind_text(s, 6, af->purl);
		vx_db_bind_text(s, 7, af->vers);
		if ((rc = vx_db_step_done(st, s, "add affected package", err)) < 0)
			return rc;
		if ((rc = cached(st, Q_ADD_EVENT,
				 "INSERT INTO pkg_event (record_pk, entry, range, range_type, repo, "
				 "kind, version) VALUES (?, ?, ?, ?, ?, ?, ?)",
				 &s, err)) < 0)
			return rc;
		for (size_t r = 0; r < af->nranges; r++) {
			const struct vx_osv_range *rg = &af->ranges[r];
			for (size_t e = 0; e < rg->nevents; e++) {
				sqlite3_bind_int64(s, 1, rec);
				sqlite3_bind_int(s, 2, (int)a);
				sqlite3_bind_int(s, 3, (int)r);
				vx_db_bind_text(s, 4, rg->type ? rg->type : "");
				vx_db_bind_text(s, 5, rg->repo);
				sqlite3_bind_int(s, 6, (int)rg->events[e].kind);
				vx_db_bind_text(s, 7, rg->events[e].version ? rg->events[e].version
									: "");
				if ((rc = vx_db_step_done(st, s, "add range event", err)) < 0)
					return rc;
			}
		}
		if ((rc = cached(st, Q_ADD_PKGVER,
				 "INSERT INTO pkg_version (record_pk, entry, version) VALUES (?, ?, ?)",
				 &s, err)) < 0)
			return rc;
		for (size_t i = 0; i < af->nversions; i++) {
			sqlite3_bind_int64(s, 1, rec);
			sqlite3_bind_int(s, 2, (int)a);
			vx_db_bind_text(s, 3, af->versions[i]);
			if ((rc = vx_db_step_done(st, s, "add affected version", err)) < 0)
				return rc;
		}
	}
	return 0;
}

static int put_kev(struct vx_store *st, long long import_id, const char *cve,
		   const struct vx_kev *k, enum vx_put_result *result, struct vx_err *err)
{
	sqlite3_stmt *s, *q;
	char now[21];
	int rc, changes;
	bool existed;

	/* A KEV entry is replaced only when a field changed, so that "unchanged" is exact. */
	if ((rc = cached(st, Q_PUT_KEV,
			 "INSERT INTO kev (cve_id, vendor, product, name, date_added, due_date, "
			 "required_action, ransomware, notes, import_id, first_seen_at) VALUES (?1, "
			 "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (cve_id) DO UPDATE "
			 "SET vendor = coalesce(?2, vendor), product = coalesce(?3, product), name = "
			 "coalesce(?4, name), date_added = coalesce(?5, date_added), due_date = "
			 "coalesce(?6, due_date), required_action = coalesce(?7, required_action), "
			 "ransomware = coalesce(?8, ransomware), notes = coalesce(?9, notes), "
			 "import_id = ?10 WHERE vendor IS NOT coalesce(?2, vendor) OR product IS NOT "
			 "coalesce(?3, product) OR name IS NOT coalesce(?4, name) OR date_added IS "
			 "NOT coalesce(?5, date_added) OR due_date IS NOT coalesce(?6, due_date) OR "
			 "required_action IS NOT coalesce(?7, required_action) OR ransomware IS NOT "
			 "coalesce(?8, ransomware) OR notes IS NOT coalesce(?9, notes)",
			 &s, err)) < 0)
		return rc;
	rc = vx_db_prepare(st, "SELECT 1 FROM kev WHERE cve_id = ?", &q, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(q, 1, cve);
	existed = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	vx_db_bind_text(s, 1, cve);
	vx_db_bind_text(s, 2, k->vendor);
	vx_db_bind_text(s, 3, k->product);
	vx_db_bind_text(s, 4, k->name);
	vx_db_bind_text(s, 5, k->date_added);
	vx_db_bind_text(s, 6, k->due_date);
	vx_db_bind_text(s, 7, k->required_action);
	vx_db_bind_text(s, 8, k->ransomware);
	vx_db_bind_text(s, 9, k->notes);
	if (import_id > 0)
		sqlite3_bind_int64(s, 10, import_id);
	else
		sqlite3_bind_null(s, 10);
	vx_db_bind_text(s, 11, now_text(now));
	if ((rc = vx_db_step_done(st, s, "record KEV entry", err)) < 0)
		return rc;
	changes = sqlite3_changes(st->db);
	if (result)
		*result = !existed ? VX_PUT_ADDED : changes ? VX_PUT_UPDATED : VX_PUT_UNCHANGED;
	return 0;
}

/* The stored record's row and whether v is not newer than it. */
static int known_record(struct vx_store *st, const struct vx_vuln *v, long long *rec,
			bool *newer, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*rec = 0;
	*newer = true;
	if ((rc = cached(st, Q_FIND_RECORD,
			 "SELECT id, modified FROM vuln_record WHERE source = ? AND source_id = ?",
			 &s, err)) < 0)
		return rc;
	vx_db_bind_text(s, 1, source_name(v->source));
	vx_db_bind_text(s, 2, v->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		/* NVD and OSV write ISO 8601 times; compare them as instants. */
		const char *old = (const char *)sqlite3_column_text(s, 1);
		time_t told = 0, tnew = 0;
		*newer = v->modified && vx_time_parse_any(v->modified, &tnew) &&
			 (!old || !vx_time_parse_any(old, &told) || tnew > told);
		*rec = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "find record");
}

int vx_store_vuln_is_current(struct vx_store *st, const struct vx_vuln *v, int *current,
			     struct vx_err *err)
{
	long long rec;
	bool newer;
	int rc;
	*current = 0;
	if (v->source == VX_FEED_KEV)
		return 0;
	rc = known_record(st, v, &rec, &newer, err);
	*current = rc == 0 && rec && !newer;
	return rc;
}

int vx_store_vuln_put(struct vx_store *st, long long import_id, const struct vx_vuln *v,
		      const struct vx_vuln_keys *keys, enum vx_put_result *result,
		      struct vx_err *err)
{
	sqlite3_stmt *s;
	long long vpk = 0, rec = 0;
	struct vx_buf refs = {0};
	char now[21], *cwes = NULL;
	const char *src;
	int rc;

	*result = VX_PUT_UNCHANGED;
	if (v->source == VX_FEED_KEV)
		return v->kev ? put_kev(st, import_id, v->id, v->kev, result, err) : 0;
	src = source_name(v->source);

	/* Known record: skip unless this one is newer. */
	{
		bool newer;
		if ((rc = known_record(st, v, &rec, &newer, err)) < 0)
			return rc;
		if (rec && !newer)
			goto kev;
	}

	if ((rc = vuln_row(st, canonical_id(v), v->summary, 0, &vpk, err)) < 0)
		return rc;
	cwes = join_cwes(v);
	vx_buf_init(&refs);
	for (size_t i = 0; i < v->nrefs; i++) {
		if (i)
			vx_buf_addc(&refs, '\n');
		vx_buf_adds(&refs, v->refs[i]);
	}
	if (rec) {
		/* Newer version of a known record: drop its parts (cascade) and rewrite. */
		static const char *const parts[] = {"vuln_alias", "cvss",	  "cpe_index",
						    "nvd_conf",	  "pkg_affected", "pkg_event",
						    "pkg_version"};
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			char sql[96];
			snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE record_pk = ?", parts[i]);
			sqlite3_stmt *q;
			if ((rc = vx_db_prepare(st, sql, &q, err)) < 0)
				goto out;
			sqlite3_bind_int64(q, 1, rec);
			rc = vx_db_step_done(st, q, "replace record", err);
			sqlite3_finalize(q);
			if (rc < 0)
				goto out;
		}
		if ((rc = cached(st, Q_UPDATE_RECORD,
				 "UPDATE vuln_record SET vuln_pk = ?, published = ?, modified = ?, "
				 "status = ?, description = ?, cwes = ?, import_id = ?, imported_at = "
				 "?, refs = ? WHERE id = ?",
				 &s, err)) < 0)
			goto out;
		sqlite3_bind_int64(s, 10, rec);
		*result = VX_PUT_UPDATED;
	} else {
		if ((rc = cached(st, Q_ADD_RECORD,
				 "INSERT INTO vuln_record (vuln_pk, published, modified, status, "
				 "description, cwes, import_id, imported_at, refs, source, source_id) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				 &s, err)) < 0)
			goto out;
		vx_db_bind_text(s, 10, src);
		vx_db_bind_text(s, 11, v->id);
		*result = VX_PUT_ADDED;
	}
	sqlite3_bind_int64(s, 1, vpk);
	vx_db_bind_text(s, 2, v->published);
	vx_db_bind_text(s, 3, v->modified);
	vx_db_bind_text(s, 4, v->status);
	vx_db_bind_text(s, 5, v->description ? v->description : v->summary);
	vx_db_bind_text(s, 6, cwes);
	if (import_id > 0)
		sqlite3_bind_int64(s, 7, import_id);
	vx_db_bind_text(s, 8, now_text(now));
	vx_db_bind_text(s, 9, refs.len ? vx_buf_str(&refs) : NULL);
	rc = vx_db_step_done(st, s, "write record", err);
	vx_buf_release(&refs);
	if (rc < 0)
		goto out;
	if (!rec)
		rec = sqlite3_last_insert_rowid(st->db);
	if ((rc = vx_store_record_parts(st, rec, v, keys, err)) < 0)
		goto out;
kev:
	/* NVD mirrors KEV in cisa* fields: record them too (the catalog may come later). */
	if (v->kev && strncmp(v->id, "CVE-", 4) == 0)
		rc = put_kev(st, import_id, v->id, v->kev, NULL, err);
	else
		rc = 0;
out:
	free(cwes);
	return rc;
}
