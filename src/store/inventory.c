/* src/store/inventory.c - SBOM documents, components, hashes and dependency edges.
 *
 * A product version's inventory is the component list of its current SBOM document.
 * Importing a new SBOM supersedes the old document instead of deleting it: findings of
 * later stages point at component rows, and the evidence of what was known when must
 * survive. See store.h.
 */
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "store/store_private.h"
#include "util/err.h"
#include "util/strmap.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vx_sbom_doc_release(struct vx_sbom_doc *d)
{
	free(d->product);
	free(d->version);
	free(d->format);
	free(d->spec_version);
	free(d->serial);
	free(d->doc_version);
	free(d->sha256);
	free(d->file_name);
	free(d->support_file);
	free(d->support_sha256);
	free(d->authors);
	free(d->sbom_timestamp);
	free(d->imported_at);
	free(d->superseded_at);
	memset(d, 0, sizeof(*d));
}

void vx_sbom_doc_list_free(struct vx_sbom_doc *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_sbom_doc_release(&list[i]);
	free(list);
}

#define DOC_SELECT                                                                           \
	"SELECT d.id, d.version_id, p.name, v.version, d.format, d.spec_version, d.serial, "   \
	"d.doc_version, d.sha256, d.file_name, d.authors, d.sbom_timestamp, d.imported_at, "   \
	"d.superseded_at, (SELECT count(*) FROM component c WHERE c.sbom_id = d.id AND "        \
	"c.is_device = 0), d.support_file, d.support_sha256 FROM sbom_document d JOIN product_version v ON v.id = d.version_id " \
	"JOIN product p ON p.id = v.product_id "

static void read_doc(sqlite3_stmt *s, struct vx_sbom_doc *d)
{
	d->id = sqlite3_column_int64(s, 0);
	d->version_id = sqlite3_column_int64(s, 1);
	d->product = vx_db_col_text(s, 2);
	d->version = vx_db_col_text(s, 3);
	d->format = vx_db_col_text(s, 4);
	d->spec_version = vx_db_col_text(s, 5);
	d->serial = vx_db_col_text(s, 6);
	d->doc_version = vx_db_col_text(s, 7);
	d->sha256 = vx_db_col_text(s, 8);
	d->file_name = vx_db_col_text(s, 9);
	d->authors = vx_db_col_text(s, 10);
	d->sbom_timestamp = vx_db_col_text(s, 11);
	d->imported_at = vx_db_col_text(s, 12);
	d->superseded_at = vx_db_col_text(s, 13);
	d->ncomponents = sqlite3_column_int64(s, 14);
	d->support_file = vx_db_col_text(s, 15);
	d->support_sha256 = vx_db_col_text(s, 16);
}

/* The version's current SBOM document as JSON for the audit trail, or NULL. */
static char *current_doc_json(struct vx_store *st, long long version_id)
{
	sqlite3_stmt *s;
	struct vx_jw w;
	char *out = NULL;
	if (vx_db_prepare(st,
			  "SELECT file_name, sha256, format, spec_version, support_file, (SELECT "
			  "count(*) FROM component c WHERE c.sbom_id = d.id AND c.is_device = 0) FROM "
			  "sbom_document d WHERE version_id = ? AND superseded_at IS NULL",
			  &s, NULL) < 0)
		return NULL;
	sqlite3_bind_int64(s, 1, version_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		vx_jw_init(&w);
		vx_jw_object(&w);
		vx_jw_kstr(&w, "file", (const char *)sqlite3_column_text(s, 0));
		vx_jw_kstr(&w, "sha256", (const char *)sqlite3_column_text(s, 1));
		vx_jw_kstr(&w, "format", (const char *)sqlite3_column_text(s, 2));
		vx_jw_kstr(&w, "spec_version", (const char *)sqlite3_column_text(s, 3));
		vx_jw_kstr(&w, "support_file", (const char *)sqlite3_column_text(s, 4));
		vx_jw_kint(&w, "components", sqlite3_column_int64(s, 5));
		vx_jw_object_end(&w);
		out = vx_strdup(vx_jw_text(&w));
		vx_jw_release(&w);
	}
	sqlite3_finalize(s);
	return out;
}

int vx_store_sbom_put(struct vx_store *st, long long version_id, const struct vx_sbom *sbom,
		      const char *file_name, const char *sha256, const char *support_file,
		      const char *support_sha256, int *duplicate, long long *doc_id,
		      struct vx_err *err)
{
	sqlite3_stmt *q = NULL, *ins_c = NULL, *ins_h = NULL, *ins_d = NULL;
	long long *ids = NULL, did;
	struct vx_strmap refs;
	char *identity, *before = NULL;
	char now[21];
	int rc;

	*duplicate = 0;
	vx_strmap_init(&refs);
	rc = vx_db_prepare(st,
			   "SELECT sha256 = ?2 AND support_sha256 IS ?3 FROM sbom_document WHERE "
			   "version_id = ?1 AND superseded_at IS NULL",
			   &q, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(q, 1, version_id);
	vx_db_bind_text(q, 2, sha256);
	vx_db_bind_text(q, 3, support_sha256);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_int(q, 0)) {
		*duplicate = 1;
		rc = 0;
		goto out;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = vx_db_fail(st, err, "read current SBOM");
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	before = current_doc_json(st, version_id);

	vx_time_format(vx_time_now(), now);
	rc = vx_db_prepare(st,
			   "UPDATE sbom_document SET superseded_at = ? WHERE version_id = ? AND "
			   "superseded_at IS NULL",
			   &q, err);
	if (rc < 0)
		goto out;
	vx_db_bind_text(q, 1, now);
	sqlite3_bind_int64(q, 2, version_id);
	if ((rc = vx_db_step_done(st, q, "supersede SBOM", err)) < 0)
		goto out;
	sqlite3_finalize(q);
	q = NULL;

	rc = vx_db_prepare(st,
			   "INSERT INTO sbom_document (version_id, format, spec_version, serial, "
			   "doc_version, sha256, file_name, authors, sbom_timestamp, imported_at, "
			   "support_file, support_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &q, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(q, 1, version_id);
	vx_db_bind_text(q, 2, vx_sbom_format_name(sbom->format));
	vx_db_bind_text(q, 3, sbom->spec_version ? sbom->spec_version : "");
	vx_db_bind_text(q, 4, sbom->serial);
	vx_db_bind_text(q, 5, sbom->doc_version);
	vx_db_bind_text(q, 6, sha256);
	vx_db_bind_text(q, 7, file_name);
	vx_db_bind_text(q, 8, sbom->authors);
	vx_db_bind_text(q, 9, sbom->timestamp);
	vx_db_bind_text(q, 10, now);
	vx_db_bind_text(q, 11, support_file);
	vx_db_bind_text(q, 12, support_sha256);
	if ((rc = vx_db_step_done(st, q, "insert SBOM document", err)) < 0)
		goto out;
	did = sqlite3_last_insert_rowid(st->db);

	if ((rc = vx_db_prepare(st,
				"INSERT INTO component (sbom_id, bom_ref, parent_id, is_device, "
				"type, grp, name, version, supplier, author, purl, cpe, licence, "
				"description, support_level, end_of_support, identity) VALUES (?, ?, "
				"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				&ins_c, err)) < 0 ||
	    (rc = vx_db_prepare(st,
				"INSERT OR IGNORE INTO component_hash (component_id, alg, value) "
				"VALUES (?, ?, ?)",
				&ins_h, err)) < 0 ||
	    (rc = vx_db_prepare(st,
				"INSERT INTO dependency (sbom_id, from_id, to_id) VALUES (?, ?, ?)",
				&ins_d, err)) < 0)
		goto out;
	ids = vx_calloc(sbom->ncomponents ? sbom->ncomponents : 1, sizeof(*ids));
	/* Readers append a parent before its children, so parent ids are known in order. */
	for (size_t i = 0; i < sbom->ncomponents; i++) {
		const struct vx_component *c = &sbom->components[i];
		sqlite3_bind_int64(ins_c, 1, did);
		vx_db_bind_text(ins_c, 2, c->bom_ref);
		if (c->parent >= 0 && (size_t)c->parent < i)
			sqlite3_bind_int64(ins_c, 3, ids[c->parent]);
		sqlite3_bind_int(ins_c, 4, c->is_device ? 1 : 0);
		vx_db_bind_text(ins_c, 5, c->type);
		vx_db_bind_text(ins_c, 6, c->group);
		vx_db_bind_text(ins_c, 7, c->name);
		vx_db_bind_text(ins_c, 8, c->version);
		vx_db_bind_text(ins_c, 9, c->supplier);
		vx_db_bind_text(ins_c, 10, c->author);
		vx_db_bind_text(ins_c, 11, c->purl);
		vx_db_bind_text(ins_c, 12, c->cpe);
		vx_db_bind_text(ins_c, 13, c->licence);
		vx_db_bind_text(ins_c, 14, c->description);
		vx_db_bind_text(ins_c, 15, c->support_level);
		vx_db_bind_text(ins_c, 16, c->end_of_support);
		identity = vx_component_identity(c);
		sqlite3_bind_text(ins_c, 17, identity, -1, SQLITE_TRANSIENT);
		free(identity);
		if ((rc = vx_db_step_done(st, ins_c, "insert component", err)) < 0)
			goto out;
		ids[i] = sqlite3_last_insert_rowid(st->db);
		vx_strmap_put(&refs, c->bom_ref, (long)i);
		for (size_t h = 0; h < c->nhashes; h++) {
			sqlite3_bind_int64(ins_h, 1, ids[i]);
			vx_db_bind_text(ins_h, 2, c->hashes[h].alg);
			vx_db_bind_text(ins_h, 3, c->hashes[h].value);
			if ((rc = vx_db_step_done(st, ins_h, "insert component hash", err)) < 0)
				goto out;
		}
	}
	for (size_t d = 0; d < sbom->ndeps; d++) {
		long from = vx_strmap_get(&refs, sbom->deps[d].from);
		long to = sbom->deps[d].to ? vx_strmap_get(&refs, sbom->deps[d].to) : -1;
		/* Edges to services carry no inventory. */
		if (from < 0 || (sbom->deps[d].to && to < 0))
			continue;
		sqlite3_bind_int64(ins_d, 1, did);
		sqlite3_bind_int64(ins_d, 2, ids[from]);
		if (to >= 0)
			sqlite3_bind_int64(ins_d, 3, ids[to]);
		if ((rc = vx_db_step_done(st, ins_d, "insert dependency", err)) < 0)
			goto out;
	}
	if (doc_id)
		*doc_id = did;
	{
		char *after = current_doc_json(st, version_id);
		char *label = vx_store_version_label(st, version_id);
		char *entity = vx_asprintf("version %s", label ? label : "?");
		rc = vx_store_audit(st, "sbom.import", entity, before, after, NULL, err);
		free(after);
		free(label);
		free(entity);
	}
out:
	free(before);
	sqlite3_finalize(q);
	sqlite3_finalize(ins_c);
	sqlite3_finalize(ins_h);
	sqlite3_finalize(ins_d);
	vx_strmap_release(&refs);
	free(ids);
	return rc;
}

int vx_store_sbom_list(struct vx_store *st, const char *product, const char *version,
		       int include_history, struct vx_sbom_doc **out, size_t *n,
		       struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(st,
			   DOC_SELECT "WHERE (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR "
				      "v.version = ?2) AND (?3 OR d.superseded_at IS NULL) ORDER BY "
				      "p.name, v.id, d.id DESC",
			   &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	vx_db_bind_text(s, 2, version);
	sqlite3_bind_int(s, 3, include_history != 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_doc(s, &(*out)[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "list SBOMs");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_sbom_doc_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static enum vx_sbom_format format_from_name(const char *s)
{
	for (int f = VX_SBOM_CYCLONEDX_JSON; f <= VX_SBOM_SPDX_JSON; f++)
		if (s && strcmp(s, vx_sbom_format_name((enum vx_sbom_format)f)) == 0)
			return (enum vx_sbom_format)f;
	return VX_SBOM_UNKNOWN;
}

/* Index of row id `id` in the ascending array ids[0..n), or -1. */
static long find_id(const long long *ids, size_t n, long long id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (long)lo : -1;
}

int vx_store_inventory(struct vx_store *st, long long version_id, struct vx_sbom *out,
		       struct vx_sbom_doc *doc, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	long long *ids = NULL; /* component row ids, ascending, parallel to out->components */
	size_t idcap = 0;
	int rc;

	vx_sbom_init(out);
	memset(doc, 0, sizeof(*doc));
	rc = vx_db_prepare(st, DOC_SELECT "WHERE d.version_id = ? AND d.superseded_at IS NULL", &s,
			   err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, version_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		rc = vx_err_set(err, VX_ENOTFOUND, "this product version has no SBOM yet");
		goto out;
	}
	if (rc != SQLITE_ROW) {
		rc = vx_db_fail(st, err, "read SBOM document");
		goto out;
	}
	read_doc(s, doc);
	sqlite3_finalize(s);
	s = NULL;
	out->format = format_from_name(doc->format);
	out->spec_version = vx_strdup(doc->spec_version);
	out->serial = vx_strdup(doc->serial);
	out->doc_version = vx_strdup(doc->doc_version);
	out->timestamp = vx_strdup(doc->sbom_timestamp);
	out->authors = vx_strdup(doc->authors);

	/* Components in insertion (document) order; parents precede children. */
	rc = vx_db_prepare(st,
			   "SELECT id, bom_ref, parent_id, is_device, type, grp, name, version, "
			   "supplier, author, purl, cpe, licence, description, support_level, "
			   "end_of_support FROM component WHERE sbom_id = ? ORDER BY id",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, doc->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct vx_component *c = vx_sbom_add_component(out);
		size_t idx = out->ncomponents - 1;
		ids = vx_grow(ids, sizeof(*ids), idx + 1, &idcap);
		ids[idx] = sqlite3_column_int64(s, 0);
		c->bom_ref = vx_db_col_text(s, 1);
		if (sqlite3_column_type(s, 2) != SQLITE_NULL)
			c->parent = find_id(ids, idx, sqlite3_column_int64(s, 2));
		c->is_device = sqlite3_column_int(s, 3);
		c->type = vx_db_col_text(s, 4);
		c->group = vx_db_col_text(s, 5);
		c->name = vx_db_col_text(s, 6);
		c->version = vx_db_col_text(s, 7);
		c->supplier = vx_db_col_text(s, 8);
		c->author = vx_db_col_text(s, 9);
		c->purl = vx_db_col_text(s, 10);
		c->cpe = vx_db_col_text(s, 11);
		c->licence = vx_db_col_text(s, 12);
		c->description = vx_db_col_text(s, 13);
		c->support_level = vx_db_col_text(s, 14);
		c->end_of_support = vx_db_col_text(s, 15);
	}
	if (rc != SQLITE_DONE) {
		rc = vx_db_fail(st, err, "read components");
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;

	rc = vx_db_prepare(st,
			   "SELECT h.component_id, h.alg, h.value FROM component_hash h JOIN "
			   "component c ON c.id = h.component_id WHERE c.sbom_id = ? ORDER BY "
			   "h.component_id, h.alg",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, doc->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long i = find_id(ids, out->ncomponents, sqlite3_column_int64(s, 0));
		if (i >= 0)
			vx_component_add_hash(&out->components[i],
					      (const char *)sqlite3_column_text(s, 1),
					      (const char *)sqlite3_column_text(s, 2));
	}
	if (rc != SQLITE_DONE) {
		rc = vx_db_fail(st, err, "read hashes");
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;

	rc = vx_db_prepare(st, "SELECT from_id, to_id FROM dependency WHERE sbom_id = ? ORDER BY rowid",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, doc->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long f = find_id(ids, out->ncomponents, sqlite3_column_int64(s, 0));
		bool no_deps = sqlite3_column_type(s, 1) == SQLITE_NULL;
		long t = no_deps ? -1 : find_id(ids, out->ncomponents, sqlite3_column_int64(s, 1));
		if (f >= 0 && (no_deps || t >= 0))
			vx_sbom_add_dependency(out, out->components[f].bom_ref,
					       no_deps ? NULL : out->components[t].bom_ref);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read dependencies");
out:
	sqlite3_finalize(s);
	free(ids);
	if (rc < 0) {
		vx_sbom_release(out);
		vx_sbom_doc_release(doc);
	}
	return rc;
}

/* --- the imported files ------------------------------------------------------------------- */

int vx_store_sbom_content_put(struct vx_store *st, long long doc_id, const void *sbom,
			      size_t sbom_len, const void *support, size_t support_len,
			      struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = vx_db_prepare(st,
			       "UPDATE sbom_document SET content = ?, support_content = ? WHERE id = ?",
			       &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_blob64(s, 1, sbom, sbom_len, SQLITE_STATIC);
	if (support)
		sqlite3_bind_blob64(s, 2, support, support_len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, doc_id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "keep the SBOM file");
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		rc = vx_err_set(err, VX_ENOTFOUND, "no SBOM document %lld", doc_id);
	sqlite3_finalize(s);
	return rc;
}

static void *col_blob(sqlite3_stmt *s, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	char *out;
	*len = 0;
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	out = vx_malloc(n + 1);
	if (n)
		memcpy(out, p, n);
	out[n] = 0;
	*len = n;
	return out;
}

int vx_store_sbom_content(struct vx_store *st, long long doc_id, char **sbom, size_t *sbom_len,
			  char **support, size_t *support_len, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = vx_db_prepare(st, "SELECT content, support_content FROM sbom_document WHERE id = ?",
			       &s, err);
	*sbom = NULL;
	*support = NULL;
	*sbom_len = *support_len = 0;
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, doc_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*sbom = col_blob(s, 0, sbom_len);
		*support = col_blob(s, 1, support_len);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = vx_err_set(err, VX_ENOTFOUND, "no SBOM document %lld", doc_id);
	} else {
		rc = vx_db_fail(st, err, "read the SBOM file");
	}
	sqlite3_finalize(s);
	return rc;
}
