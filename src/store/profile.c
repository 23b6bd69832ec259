/* src/store/profile.c - the manufacturer profile (one row). See store.h. */
#include "store/store_private.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdlib.h>
#include <string.h>

static int profile_write(struct vx_store *st, const struct vx_profile *p, struct vx_err *err);

void vx_profile_release(struct vx_profile *p)
{
	free(p->name);
	free(p->csaf_namespace);
	free(p->cvd_contact);
	free(p->isao_name);
	free(p->isao_evidence);
	free(p->rules_dir);
	free(p->updated_at);
	memset(p, 0, sizeof(*p));
}

int vx_store_profile_get(struct vx_store *st, struct vx_profile *out, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vx_db_prepare(st,
			   "SELECT name, csaf_namespace, cvd_contact, isao_name, isao_member, "
			   "isao_evidence, updated_at, rules_dir FROM manufacturer WHERE id = 1",
			   &s, err);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->name = vx_db_col_text(s, 0);
		out->csaf_namespace = vx_db_col_text(s, 1);
		out->cvd_contact = vx_db_col_text(s, 2);
		out->isao_name = vx_db_col_text(s, 3);
		out->isao_member = sqlite3_column_int(s, 4);
		out->isao_evidence = vx_db_col_text(s, 5);
		out->updated_at = vx_db_col_text(s, 6);
		out->rules_dir = vx_db_col_text(s, 7);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = vx_err_set(err, VX_ENOTFOUND,
				"no manufacturer profile yet (set one with 'vexil profile set')");
	} else {
		rc = vx_db_fail(st, err, "read profile");
	}
	sqlite3_finalize(s);
	return rc;
}

/* The profile as JSON for the audit trail, or NULL when there is none. */
static char *profile_json(struct vx_store *st)
{
	struct vx_profile p;
	struct vx_jw w;
	char *out;
	if (vx_store_profile_get(st, &p, NULL) < 0)
		return NULL;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "name", p.name);
	vx_jw_kstr(&w, "csaf_namespace", p.csaf_namespace);
	vx_jw_kstr(&w, "cvd_contact", p.cvd_contact);
	vx_jw_kstr(&w, "isao", p.isao_name);
	vx_jw_key(&w, "isao_member");
	vx_jw_bool(&w, p.isao_member);
	vx_jw_kstr(&w, "isao_evidence", p.isao_evidence);
	vx_jw_kstr(&w, "rules_dir", p.rules_dir);
	vx_jw_object_end(&w);
	out = vx_strdup(vx_jw_text(&w));
	vx_jw_release(&w);
	vx_profile_release(&p);
	return out;
}

int vx_store_profile_set(struct vx_store *st, const struct vx_profile *p, struct vx_err *err)
{
	char *before = profile_json(st), *after;
	int rc = profile_write(st, p, err);
	if (rc < 0) {
		free(before);
		return rc;
	}
	after = profile_json(st);
	rc = vx_store_audit(st, "profile.set", "manufacturer profile", before, after, NULL, err);
	free(before);
	free(after);
	return rc;
}

static int profile_write(struct vx_store *st, const struct vx_profile *p, struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21];
	int rc, exists;

	/* The first profile needs a name; later calls update only what is given. */
	rc = vx_db_prepare(st, "SELECT count(*) FROM manufacturer", &s, err);
	if (rc < 0)
		return rc;
	exists = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (!exists && !p->name)
		return vx_err_set(err, VX_EINVAL, "the first profile needs a manufacturer name");
	rc = vx_db_prepare(
		st,
		exists ? "UPDATE manufacturer SET name = coalesce(?1, name), csaf_namespace = "
			 "coalesce(?2, csaf_namespace), cvd_contact = coalesce(?3, cvd_contact), "
			 "isao_name = coalesce(?4, isao_name), isao_member = coalesce(?5, "
			 "isao_member), isao_evidence = coalesce(?6, isao_evidence), updated_at = ?7, "
			 "rules_dir = coalesce(?8, rules_dir) WHERE id = 1"
		       : "INSERT INTO manufacturer (id, name, csaf_namespace, cvd_contact, "
			 "isao_name, isao_member, isao_evidence, updated_at, rules_dir) VALUES (1, ?1, "
			 "?2, ?3, ?4, coalesce(?5, 0), ?6, ?7, ?8)",
		&s, err);
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	vx_db_bind_text(s, 1, p->name);
	vx_db_bind_text(s, 2, p->csaf_namespace);
	vx_db_bind_text(s, 3, p->cvd_contact);
	vx_db_bind_text(s, 4, p->isao_name);
	if (p->isao_member >= 0)
		sqlite3_bind_int(s, 5, p->isao_member);
	vx_db_bind_text(s, 6, p->isao_evidence);
	vx_db_bind_text(s, 7, now);
	vx_db_bind_text(s, 8, p->rules_dir);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "write profile");
	sqlite3_finalize(s);
	return rc;
}
