/* src/store/product.c - products (devices) and their versions. See store.h. */
#include "store/store_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdlib.h>
#include <string.h>

void vx_product_release(struct vx_product *p)
{
	free(p->name);
	free(p->model);
	free(p->pathway);
	free(p->created_at);
	memset(p, 0, sizeof(*p));
}

void vx_product_list_free(struct vx_product *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_product_release(&list[i]);
	free(list);
}

void vx_version_release(struct vx_product_version *v)
{
	free(v->version);
	free(v->release_date);
	free(v->end_of_support);
	free(v->udi_di);
	free(v->sbom_file);
	memset(v, 0, sizeof(*v));
}

void vx_version_list_free(struct vx_product_version *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_version_release(&list[i]);
	free(list);
}

const char *vx_store_pathway(const char *s)
{
	if (!s)
		return NULL;
	if (vx_str_ieq(s, "PMA"))
		return "PMA";
	if (vx_str_ieq(s, "510k") || vx_str_ieq(s, "510(k)"))
		return "510(k)";
	if (vx_str_ieq(s, "De Novo") || vx_str_ieq(s, "denovo") || vx_str_ieq(s, "de-novo"))
		return "De Novo";
	return NULL;
}

static void read_product(sqlite3_stmt *s, struct vx_product *p)
{
	p->id = sqlite3_column_int64(s, 0);
	p->name = vx_db_col_text(s, 1);
	p->model = vx_db_col_text(s, 2);
	p->pathway = vx_db_col_text(s, 3);
	p->cyber_device = sqlite3_column_int(s, 4);
	p->created_at = vx_db_col_text(s, 5);
}

#define PRODUCT_COLS "id, name, model, pathway, cyber_device, created_at"

/* A product row as JSON for the audit trail; NULL when it does not exist. */
static char *product_json(struct vx_store *st, const char *name)
{
	struct vx_product p;
	struct vx_jw w;
	char *out;
	if (vx_store_product_get(st, name, &p, NULL) < 0)
		return NULL;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "name", p.name);
	vx_jw_kstr(&w, "model", p.model);
	vx_jw_kstr(&w, "pathway", p.pathway);
	vx_jw_key(&w, "cyber_device");
	vx_jw_bool(&w, p.cyber_device);
	vx_jw_object_end(&w);
	out = vx_strdup(vx_jw_text(&w));
	vx_jw_release(&w);
	vx_product_release(&p);
	return out;
}

static int audit_product(struct vx_store *st, const char *action, const char *name,
			 char *before, struct vx_err *err)
{
	char *after = product_json(st, name), *entity = vx_asprintf("product %s", name);
	int rc = vx_store_audit(st, action, entity, before, after, NULL, err);
	free(after);
	free(entity);
	free(before);
	return rc;
}

int vx_store_product_add(struct vx_store *st, const struct vx_product *p, long long *id,
			 struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21];
	int rc;

	if (vx_str_blank(p->name))
		return vx_err_set(err, VX_EINVAL, "a product needs a name");
	if (!vx_store_pathway(p->pathway))
		return vx_err_set(err, VX_EINVAL,
				  "regulatory pathway '%s' is not one of PMA, 510(k), De Novo",
				  p->pathway ? vx_str_quote(p->pathway, 40) : "");
	rc = vx_db_prepare(st,
			   "INSERT INTO product (name, model, pathway, cyber_device, created_at) "
			   "VALUES (?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	vx_db_bind_text(s, 1, p->name);
	vx_db_bind_text(s, 2, p->model);
	vx_db_bind_text(s, 3, vx_store_pathway(p->pathway));
	sqlite3_bind_int(s, 4, p->cyber_device > 0);
	vx_db_bind_text(s, 5, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		rc = vx_err_set(err, VX_EEXIST, "product '%s' already exists",
				vx_str_quote(p->name, 80));
	else if (rc != SQLITE_DONE)
		rc = vx_db_fail(st, err, "add product");
	else {
		rc = 0;
		if (id)
			*id = sqlite3_last_insert_rowid(st->db);
	}
	sqlite3_finalize(s);
	return rc < 0 ? rc : audit_product(st, "product.add", p->name, NULL, err);
}

int vx_store_product_update(struct vx_store *st, const struct vx_product *p, struct vx_err *err)
{
	sqlite3_stmt *s;
	char *before;
	int rc;

	if (p->pathway && !vx_store_pathway(p->pathway))
		return vx_err_set(err, VX_EINVAL,
				  "regulatory pathway '%s' is not one of PMA, 510(k), De Novo",
				  vx_str_quote(p->pathway, 40));
	rc = vx_db_prepare(st,
			   "UPDATE product SET model = coalesce(?2, model), pathway = coalesce(?3, "
			   "pathway), cyber_device = coalesce(?4, cyber_device) WHERE name = ?1",
			   &s, err);
	if (rc < 0)
		return rc;
	before = product_json(st, p->name);
	vx_db_bind_text(s, 1, p->name);
	vx_db_bind_text(s, 2, p->model);
	vx_db_bind_text(s, 3, vx_store_pathway(p->pathway));
	if (p->cyber_device >= 0)
		sqlite3_bind_int(s, 4, p->cyber_device > 0);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "update product");
	sqlite3_finalize(s);
	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = vx_err_set(err, VX_ENOTFOUND, "unknown product '%s'", vx_str_quote(p->name, 80));
	if (rc < 0) {
		free(before);
		return rc;
	}
	return audit_product(st, "product.update", p->name, before, err);
}

int vx_store_product_get(struct vx_store *st, const char *name, struct vx_product *out,
			 struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vx_db_prepare(st, "SELECT " PRODUCT_COLS " FROM product WHERE name = ?", &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_product(s, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = vx_err_set(err, VX_ENOTFOUND,
				"unknown product '%s' (add it with 'vexil product add')",
				vx_str_quote(name, 80));
	} else {
		rc = vx_db_fail(st, err, "read product");
	}
	sqlite3_finalize(s);
	return rc;
}

int vx_store_product_list(struct vx_store *st, struct vx_product **out, size_t *n,
			  struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(st, "SELECT " PRODUCT_COLS " FROM product ORDER BY name", &s, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_product(s, &(*out)[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "list products");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_product_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* --- versions ------------------------------------------------------------------------ */

#define VERSION_SELECT                                                                       \
	"SELECT v.id, v.product_id, v.version, v.fielded, v.release_date, v.end_of_support, "  \
	"v.udi_di, d.id, d.file_name, (SELECT count(*) FROM component c WHERE c.sbom_id = d.id " \
	"AND c.is_device = 0) FROM product_version v LEFT JOIN sbom_document d ON "             \
	"d.version_id = v.id AND d.superseded_at IS NULL "

static void read_version(sqlite3_stmt *s, struct vx_product_version *v)
{
	v->id = sqlite3_column_int64(s, 0);
	v->product_id = sqlite3_column_int64(s, 1);
	v->version = vx_db_col_text(s, 2);
	v->fielded = sqlite3_column_int(s, 3);
	v->release_date = vx_db_col_text(s, 4);
	v->end_of_support = vx_db_col_text(s, 5);
	v->udi_di = vx_db_col_text(s, 6);
	v->sbom_id = sqlite3_column_int64(s, 7);
	v->sbom_file = vx_db_col_text(s, 8);
	v->ncomponents = sqlite3_column_int64(s, 9);
}

/* A version row as JSON for the audit trail; NULL when it does not exist. */
static char *version_json(struct vx_store *st, long long product_id, const char *version)
{
	sqlite3_stmt *s;
	struct vx_jw w;
	char *out = NULL;
	if (vx_db_prepare(st,
			  "SELECT fielded, release_date, end_of_support, udi_di FROM product_version "
			  "WHERE product_id = ? AND version = ?",
			  &s, NULL) < 0)
		return NULL;
	sqlite3_bind_int64(s, 1, product_id);
	vx_db_bind_text(s, 2, version);
	if (sqlite3_step(s) == SQLITE_ROW) {
		vx_jw_init(&w);
		vx_jw_object(&w);
		vx_jw_kstr(&w, "version", version);
		vx_jw_key(&w, "fielded");
		vx_jw_bool(&w, sqlite3_column_int(s, 0));
		vx_jw_kstr(&w, "release_date", (const char *)sqlite3_column_text(s, 1));
		vx_jw_kstr(&w, "end_of_support", (const char *)sqlite3_column_text(s, 2));
		vx_jw_kstr(&w, "udi_di", (const char *)sqlite3_column_text(s, 3));
		vx_jw_object_end(&w);
		out = vx_strdup(vx_jw_text(&w));
		vx_jw_release(&w);
	}
	sqlite3_finalize(s);
	return out;
}

char *vx_store_version_label(struct vx_store *st, long long version_id)
{
	sqlite3_stmt *s;
	char *out = NULL;
	if (vx_db_prepare(st,
			  "SELECT p.name || ' ' || v.version FROM product_version v JOIN product p ON "
			  "p.id = v.product_id WHERE v.id = ?",
			  &s, NULL) < 0)
		return NULL;
	sqlite3_bind_int64(s, 1, version_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = vx_db_col_text(s, 0);
	sqlite3_finalize(s);
	return out;
}

static int check_date(const char *what, const char *d, struct vx_err *err)
{
	if (d && !vx_time_parse_date(d, NULL))
		return vx_err_set(err, VX_EINVAL, "%s '%s' is not a date (YYYY-MM-DD)", what,
				  vx_str_quote(d, 40));
	return 0;
}

int vx_store_version_put(struct vx_store *st, long long product_id,
			 const struct vx_product_version *v, int *created, struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21], *before = NULL;
	int rc;

	if (vx_str_blank(v->version))
		return vx_err_set(err, VX_EINVAL, "a product version needs a version string");
	if ((rc = check_date("release date", v->release_date, err)) < 0 ||
	    (rc = check_date("end of support", v->end_of_support, err)) < 0)
		return rc;
	rc = vx_db_prepare(st,
			   "SELECT count(*) FROM product_version WHERE product_id = ? AND version = ?",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, product_id);
	vx_db_bind_text(s, 2, v->version);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = vx_db_fail(st, err, "read product version");
		sqlite3_finalize(s);
		return rc;
	}
	if (created)
		*created = sqlite3_column_int(s, 0) == 0;
	sqlite3_finalize(s);
	rc = vx_db_prepare(
		st,
		"INSERT INTO product_version (product_id, version, fielded, release_date, "
		"end_of_support, udi_di, created_at) VALUES (?1, ?2, coalesce(?3, 1), ?4, ?5, ?6, ?7) "
		"ON CONFLICT (product_id, version) DO UPDATE SET fielded = coalesce(?3, fielded), "
		"release_date = coalesce(?4, release_date), end_of_support = coalesce(?5, "
		"end_of_support), udi_di = coalesce(?6, udi_di)",
		&s, err);
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	sqlite3_bind_int64(s, 1, product_id);
	vx_db_bind_text(s, 2, v->version);
	if (v->fielded >= 0)
		sqlite3_bind_int(s, 3, v->fielded > 0);
	vx_db_bind_text(s, 4, v->release_date);
	vx_db_bind_text(s, 5, v->end_of_support);
	vx_db_bind_text(s, 6, v->udi_di);
	vx_db_bind_text(s, 7, now);
	before = version_json(st, product_id, v->version);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "write product version");
	sqlite3_finalize(s);
	if (rc == 0) {
		long long vid = 0;
		sqlite3_stmt *q;
		char *after = version_json(st, product_id, v->version), *label = NULL, *entity;
		if (vx_db_prepare(st,
				  "SELECT id FROM product_version WHERE product_id = ? AND version = ?",
				  &q, err) == 0) {
			sqlite3_bind_int64(q, 1, product_id);
			vx_db_bind_text(q, 2, v->version);
			if (sqlite3_step(q) == SQLITE_ROW)
				vid = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
		label = vx_store_version_label(st, vid);
		entity = vx_asprintf("version %s", label ? label : v->version);
		rc = vx_store_audit(st, before ? "version.update" : "version.add", entity, before,
				    after, NULL, err);
		free(after);
		free(label);
		free(entity);
	}
	free(before);
	return rc;
}

int vx_store_version_get(struct vx_store *st, const char *product, const char *version,
			 struct vx_product_version *out, struct vx_err *err)
{
	struct vx_product p;
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = vx_store_product_get(st, product, &p, err)) < 0)
		return rc;
	rc = vx_db_prepare(st, VERSION_SELECT "WHERE v.product_id = ? AND v.version = ?", &s,
			   err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, p.id);
	vx_db_bind_text(s, 2, version);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_version(s, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = vx_err_set(err, VX_ENOTFOUND,
				"product '%s' has no version '%s' (add it with 'vexil product add "
				"%s --version %s')",
				p.name, vx_str_quote(version, 60), p.name, vx_str_quote(version, 60));
	} else {
		rc = vx_db_fail(st, err, "read product version");
	}
	sqlite3_finalize(s);
out:
	vx_product_release(&p);
	return rc;
}

int vx_store_version_list(struct vx_store *st, long long product_id,
			  struct vx_product_version **out, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(st, VERSION_SELECT "WHERE v.product_id = ? ORDER BY v.id", &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, product_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_version(s, &(*out)[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "list product versions");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_version_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
