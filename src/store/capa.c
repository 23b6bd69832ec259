/* src/store/capa.c - CAPA records (ISO 13485 8.5.2) per vulnerability and device: the
 * record, its actions and approvals; every change audited with before and after. Declared in
 * store/vuln.h. */
#include "store/store.h"
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vx_capa_release(struct vx_capa *c)
{
	char **f[] = {&c->number, &c->product, &c->vuln_id, &c->opened_at, &c->problem,
		      &c->source, &c->investigation, &c->root_cause, &c->timeline_rationale,
		      &c->verification, &c->verified_by, &c->verified_at,
		      &c->effectiveness_criteria, &c->effectiveness_result,
		      &c->effectiveness_checked_at, &c->status, &c->closed_at};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		free(*f[i]);
	for (size_t i = 0; i < c->nactions; i++) {
		free(c->actions[i].kind);
		free(c->actions[i].description);
		free(c->actions[i].owner);
		free(c->actions[i].due);
		free(c->actions[i].done_at);
	}
	free(c->actions);
	for (size_t i = 0; i < c->napprovals; i++) {
		free(c->approvals[i].name);
		free(c->approvals[i].role);
		free(c->approvals[i].meaning);
		free(c->approvals[i].at);
	}
	free(c->approvals);
	memset(c, 0, sizeof(*c));
}

void vx_capa_list_free(struct vx_capa *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_capa_release(&list[i]);
	free(list);
}

#define CAPA_COLS                                                                            \
	"c.id, c.number, p.name, c.vuln_id, c.opened_at, c.problem, c.source, c.investigation, " \
	"c.root_cause, c.timeline_rationale, c.verification, c.verified_by, c.verified_at, "   \
	"c.effectiveness_criteria, c.effectiveness_result, c.effectiveness_checked_at, "       \
	"c.status, c.closed_at"

static void read_capa(sqlite3_stmt *s, struct vx_capa *c)
{
	char **f[] = {&c->number, &c->product, &c->vuln_id, &c->opened_at, &c->problem,
		      &c->source, &c->investigation, &c->root_cause, &c->timeline_rationale,
		      &c->verification, &c->verified_by, &c->verified_at,
		      &c->effectiveness_criteria, &c->effectiveness_result,
		      &c->effectiveness_checked_at, &c->status, &c->closed_at};
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(s, 0);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		*f[i] = vx_db_col_text(s, (int)i + 1);
}

static int load_children(struct vx_store *st, struct vx_capa *c, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = vx_db_prepare(st,
			       "SELECT seq, kind, description, owner, due, done_at FROM capa_action "
			       "WHERE capa_id = ? ORDER BY seq",
			       &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, c->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct vx_capa_action *a;
		c->actions = vx_grow(c->actions, sizeof(*c->actions), c->nactions + 1, &cap);
		a = &c->actions[c->nactions++];
		a->seq = sqlite3_column_int(s, 0);
		a->kind = vx_db_col_text(s, 1);
		a->description = vx_db_col_text(s, 2);
		a->owner = vx_db_col_text(s, 3);
		a->due = vx_db_col_text(s, 4);
		a->done_at = vx_db_col_text(s, 5);
	}
	sqlite3_finalize(s);
	cap = 0;
	rc = vx_db_prepare(st,
			   "SELECT seq, name, role, meaning, at FROM capa_approval WHERE capa_id = ? "
			   "ORDER BY seq",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, c->id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct vx_capa_approval *a;
		c->approvals = vx_grow(c->approvals, sizeof(*c->approvals), c->napprovals + 1, &cap);
		a = &c->approvals[c->napprovals++];
		a->seq = sqlite3_column_int(s, 0);
		a->name = vx_db_col_text(s, 1);
		a->role = vx_db_col_text(s, 2);
		a->meaning = vx_db_col_text(s, 3);
		a->at = vx_db_col_text(s, 4);
	}
	sqlite3_finalize(s);
	return 0;
}

int vx_store_capa_get(struct vx_store *st, const char *product, const char *vuln,
		      struct vx_capa *out, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = vx_db_prepare(st,
			       "SELECT " CAPA_COLS " FROM capa c JOIN product p ON p.id = c.product_id "
			       "WHERE p.name = ? AND c.vuln_id = ?",
			       &s, err);
	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	vx_db_bind_text(s, 2, vuln);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_capa(s, out);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? vx_err_set(err, VX_ENOTFOUND,
						      "no CAPA record for %s in %s (create it with "
						      "'vexil capa set')",
						      vuln, product)
					 : vx_db_fail(st, err, "read a CAPA record");
	if ((rc = load_children(st, out, err)) < 0)
		vx_capa_release(out);
	return rc;
}

int vx_store_capa_list(struct vx_store *st, const char *product, struct vx_capa **out,
		       size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = vx_db_prepare(st,
			       "SELECT " CAPA_COLS " FROM capa c JOIN product p ON p.id = c.product_id "
			       "WHERE ?1 IS NULL OR p.name = ?1 ORDER BY c.number",
			       &s, err);
	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		read_capa(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < *n; i++)
		if ((rc = load_children(st, &(*out)[i], err)) < 0) {
			vx_capa_list_free(*out, *n);
			*out = NULL;
			*n = 0;
			return rc;
		}
	return 0;
}

static char *capa_json(const struct vx_capa *c)
{
	struct vx_jw w;
	char *out;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "number", c->number);
	vx_jw_kstr(&w, "vulnerability", c->vuln_id);
	vx_jw_kstr(&w, "status", c->status);
	vx_jw_kstr(&w, "problem", c->problem);
	vx_jw_kstr(&w, "source", c->source);
	vx_jw_kstr(&w, "investigation", c->investigation);
	vx_jw_kstr(&w, "root_cause", c->root_cause);
	vx_jw_kstr(&w, "timeline_rationale", c->timeline_rationale);
	vx_jw_kstr(&w, "verification", c->verification);
	vx_jw_kstr(&w, "verified_by", c->verified_by);
	vx_jw_kstr(&w, "verified_at", c->verified_at);
	vx_jw_kstr(&w, "effectiveness_criteria", c->effectiveness_criteria);
	vx_jw_kstr(&w, "effectiveness_result", c->effectiveness_result);
	vx_jw_kstr(&w, "effectiveness_checked_at", c->effectiveness_checked_at);
	vx_jw_kstr(&w, "closed_at", c->closed_at);
	vx_jw_key(&w, "actions");
	vx_jw_array(&w);
	for (size_t i = 0; i < c->nactions; i++) {
		vx_jw_object(&w);
		vx_jw_kint(&w, "seq", c->actions[i].seq);
		vx_jw_kstr(&w, "kind", c->actions[i].kind);
		vx_jw_kstr(&w, "description", c->actions[i].description);
		vx_jw_kstr(&w, "owner", c->actions[i].owner);
		vx_jw_kstr(&w, "due", c->actions[i].due);
		vx_jw_kstr(&w, "done_at", c->actions[i].done_at);
		vx_jw_object_end(&w);
	}
	vx_jw_array_end(&w);
	vx_jw_key(&w, "approvals");
	vx_jw_array(&w);
	for (size_t i = 0; i < c->napprovals; i++) {
		vx_jw_object(&w);
		vx_jw_kstr(&w, "name", c->approvals[i].name);
		vx_jw_kstr(&w, "role", c->approvals[i].role);
		vx_jw_kstr(&w, "meaning", c->approvals[i].meaning);
		vx_jw_kstr(&w, "at", c->approvals[i].at);
		vx_jw_object_end(&w);
	}
	vx_jw_array_end(&w);
	vx_jw_object_end(&w);
	out = vx_strdup(vx_jw_text(&w));
	vx_jw_release(&w);
	return out;
}

char *vx_capa_json(const struct vx_capa *c)
{
	return capa_json(c);
}

static int audit_change(struct vx_store *st, const char *action, const char *number,
			const char *before, const struct vx_capa *after_rec, struct vx_err *err)
{
	char *after = capa_json(after_rec), *entity = vx_asprintf("capa %s", number);
	int rc = vx_store_audit(st, action, entity, before, after, NULL, err);
	free(after);
	free(entity);
	return rc;
}

static void take(char **dst, const char *given)
{
	if (given) {
		free(*dst);
		*dst = given[0] ? vx_strdup(given) : NULL;
	}
}

static int check_date(const char *d, const char *what, struct vx_err *err)
{
	if (d && *d && !vx_time_parse_date(d, NULL))
		return vx_err_set(err, VX_EINVAL, "%s '%s' is not a date (YYYY-MM-DD)", what, d);
	return 0;
}

int vx_store_capa_put(struct vx_store *st, const char *product, const char *vuln,
		      const struct vx_capa *in, int *created, struct vx_err *err)
{
	struct vx_product prod;
	struct vx_capa cur;
	sqlite3_stmt *s = NULL;
	char now[21], *before = NULL;
	int rc;
	*created = 0;
	if ((rc = check_date(in->verified_at, "verified on", err)) < 0 ||
	    (rc = check_date(in->effectiveness_checked_at, "effectiveness checked on", err)) < 0)
		return rc;
	if (in->status && strcmp(in->status, "open") != 0 && strcmp(in->status, "closed") != 0)
		return vx_err_set(err, VX_EINVAL, "status must be open or closed");
	if ((rc = vx_store_product_get(st, product, &prod, err)) < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	rc = vx_store_capa_get(st, product, vuln, &cur, err);
	if (rc == VX_ENOTFOUND) { /* a new record: CAPA-YYYY-NNN */
		sqlite3_stmt *q = NULL;
		int n = 0;
		char *like = vx_asprintf("CAPA-%.4s-%%", now);
		vx_err_clear(err);
		if ((rc = vx_db_prepare(st, "SELECT count(*) FROM capa WHERE number LIKE ?", &q,
					err)) < 0) {
			free(like);
			goto out_prod;
		}
		vx_db_bind_text(q, 1, like);
		if (sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		free(like);
		memset(&cur, 0, sizeof(cur));
		cur.number = vx_asprintf("CAPA-%.4s-%03d", now, n + 1);
		cur.opened_at = vx_strdup(now);
		cur.status = vx_strdup("open");
		cur.vuln_id = vx_strdup(vuln);
		rc = vx_db_prepare(st,
				   "INSERT INTO capa (number, product_id, vuln_id, opened_at) VALUES "
				   "(?, ?, ?, ?)",
				   &s, err);
		if (rc < 0)
			goto out;
		vx_db_bind_text(s, 1, cur.number);
		sqlite3_bind_int64(s, 2, prod.id);
		vx_db_bind_text(s, 3, vuln);
		vx_db_bind_text(s, 4, now);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "open a CAPA record");
		sqlite3_finalize(s);
		if (rc < 0)
			goto out;
		cur.id = sqlite3_last_insert_rowid(st->db);
		*created = 1;
	} else if (rc < 0) {
		goto out_prod;
	} else {
		before = capa_json(&cur);
	}
	take(&cur.problem, in->problem);
	take(&cur.source, in->source);
	take(&cur.investigation, in->investigation);
	take(&cur.root_cause, in->root_cause);
	take(&cur.timeline_rationale, in->timeline_rationale);
	take(&cur.verification, in->verification);
	take(&cur.verified_by, in->verified_by);
	take(&cur.verified_at, in->verified_at);
	take(&cur.effectiveness_criteria, in->effectiveness_criteria);
	take(&cur.effectiveness_result, in->effectiveness_result);
	take(&cur.effectiveness_checked_at, in->effectiveness_checked_at);
	if (in->status && strcmp(in->status, cur.status) != 0) {
		if (strcmp(in->status, "closed") == 0) {
			/* ISO 13485 8.5.2: closed only once verified and found effective */
			const char *missing = !cur.problem		  ? "the problem"
					      : !cur.root_cause		  ? "the root cause"
					      : !cur.nactions		  ? "an action"
					      : !cur.verification	  ? "the verification"
					      : !cur.effectiveness_result ? "the effectiveness result"
					      : !cur.napprovals		  ? "an approval"
									  : NULL;
			for (size_t i = 0; !missing && i < cur.nactions; i++)
				if (!cur.actions[i].done_at)
					missing = "every action done";
			if (missing) {
				rc = vx_err_set(err, VX_EINVAL, "%s cannot be closed without %s",
						cur.number, missing);
				goto out;
			}
			take(&cur.closed_at, now);
		} else {
			take(&cur.closed_at, "");
		}
		take(&cur.status, in->status);
	}
	rc = vx_db_prepare(st,
			   "UPDATE capa SET problem = ?, source = ?, investigation = ?, root_cause = "
			   "?, timeline_rationale = ?, verification = ?, verified_by = ?, verified_at "
			   "= ?, effectiveness_criteria = ?, effectiveness_result = ?, "
			   "effectiveness_checked_at = ?, status = ?, closed_at = ? WHERE id = ?",
			   &s, err);
	if (rc < 0)
		goto out;
	vx_db_bind_text(s, 1, cur.problem);
	vx_db_bind_text(s, 2, cur.source);
	vx_db_bind_text(s, 3, cur.investigation);
	vx_db_bind_text(s, 4, cur.root_cause);
	vx_db_bind_text(s, 5, cur.timeline_rationale);
	vx_db_bind_text(s, 6, cur.verification);
	vx_db_bind_text(s, 7, cur.verified_by);
	vx_db_bind_text(s, 8, cur.verified_at);
	vx_db_bind_text(s, 9, cur.effectiveness_criteria);
	vx_db_bind_text(s, 10, cur.effectiveness_result);
	vx_db_bind_text(s, 11, cur.effectiveness_checked_at);
	vx_db_bind_text(s, 12, cur.status);
	vx_db_bind_text(s, 13, cur.closed_at);
	sqlite3_bind_int64(s, 14, cur.id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "update a CAPA record");
	sqlite3_finalize(s);
	if (rc == 0)
		rc = audit_change(st, *created ? "capa.open" : "capa.update", cur.number, before, &cur,
				  err);
out:
	free(before);
	vx_capa_release(&cur);
out_prod:
	vx_product_release(&prod);
	return rc;
}

int vx_store_capa_action_add(struct vx_store *st, const char *product, const char *vuln,
			     const struct vx_capa_action *a, int *seq, struct vx_err *err)
{
	struct vx_capa c;
	sqlite3_stmt *s = NULL;
	char *before;
	int rc;
	if (!a->kind || (strcmp(a->kind, "correction") != 0 && strcmp(a->kind, "corrective") != 0 &&
			 strcmp(a->kind, "preventive") != 0))
		return vx_err_set(err, VX_EINVAL, "the kind must be correction, corrective or preventive");
	if (!a->description || !*a->description || !a->owner || !*a->owner)
		return vx_err_set(err, VX_EINVAL, "an action needs a description and an owner");
	if ((rc = check_date(a->due, "due", err)) < 0 || (rc = check_date(a->done_at, "done", err)) < 0)
		return rc;
	if ((rc = vx_store_capa_get(st, product, vuln, &c, err)) < 0)
		return rc;
	if (strcmp(c.status, "closed") == 0) {
		rc = vx_err_set(err, VX_EINVAL, "%s is closed: reopen it first", c.number);
		vx_capa_release(&c);
		return rc;
	}
	before = capa_json(&c);
	*seq = c.nactions ? c.actions[c.nactions - 1].seq + 1 : 1;
	rc = vx_db_prepare(st,
			   "INSERT INTO capa_action (capa_id, seq, kind, description, owner, due, "
			   "done_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, c.id);
		sqlite3_bind_int(s, 2, *seq);
		vx_db_bind_text(s, 3, a->kind);
		vx_db_bind_text(s, 4, a->description);
		vx_db_bind_text(s, 5, a->owner);
		vx_db_bind_text(s, 6, a->due && *a->due ? a->due : NULL);
		vx_db_bind_text(s, 7, a->done_at && *a->done_at ? a->done_at : NULL);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "add a CAPA action");
		sqlite3_finalize(s);
	}
	if (rc == 0) {
		struct vx_capa after;
		if ((rc = vx_store_capa_get(st, product, vuln, &after, err)) == 0) {
			rc = audit_change(st, "capa.action", c.number, before, &after, err);
			vx_capa_release(&after);
		}
	}
	free(before);
	vx_capa_release(&c);
	return rc;
}

int vx_store_capa_action_done(struct vx_store *st, const char *product, const char *vuln,
			      int seq, const char *date, struct vx_err *err)
{
	struct vx_capa c;
	sqlite3_stmt *s = NULL;
	char *before;
	int rc;
	if ((rc = check_date(date, "done", err)) < 0)
		return rc;
	if ((rc = vx_store_capa_get(st, product, vuln, &c, err)) < 0)
		return rc;
	before = capa_json(&c);
	rc = vx_db_prepare(st, "UPDATE capa_action SET done_at = ? WHERE capa_id = ? AND seq = ?",
			   &s, err);
	if (rc == 0) {
		vx_db_bind_text(s, 1, date);
		sqlite3_bind_int64(s, 2, c.id);
		sqlite3_bind_int(s, 3, seq);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "mark a CAPA action done");
		if (rc == 0 && sqlite3_changes(st->db) != 1)
			rc = vx_err_set(err, VX_ENOTFOUND, "%s has no action %d", c.number, seq);
		sqlite3_finalize(s);
	}
	if (rc == 0) {
		struct vx_capa after;
		if ((rc = vx_store_capa_get(st, product, vuln, &after, err)) == 0) {
			rc = audit_change(st, "capa.action", c.number, before, &after, err);
			vx_capa_release(&after);
		}
	}
	free(before);
	vx_capa_release(&c);
	return rc;
}

int vx_store_capa_approve(struct vx_store *st, const char *product, const char *vuln,
			  const struct vx_capa_approval *a, struct vx_err *err)
{
	struct vx_capa c;
	sqlite3_stmt *s = NULL;
	char now[21], *before;
	int rc;
	if (!a->name || !*a->name || !a->role || !*a->role)
		return vx_err_set(err, VX_EINVAL, "an approval needs a name and a role");
	if ((rc = vx_store_capa_get(st, product, vuln, &c, err)) < 0)
		return rc;
	before = capa_json(&c);
	vx_time_format(vx_time_now(), now);
	rc = vx_db_prepare(st,
			   "INSERT INTO capa_approval (capa_id, seq, name, role, meaning, at) VALUES "
			   "(?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, c.id);
		sqlite3_bind_int(s, 2, (int)c.napprovals + 1);
		vx_db_bind_text(s, 3, a->name);
		vx_db_bind_text(s, 4, a->role);
		vx_db_bind_text(s, 5, a->meaning && *a->meaning ? a->meaning : "approved");
		vx_db_bind_text(s, 6, now);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "record an approval");
		sqlite3_finalize(s);
	}
	if (rc == 0) {
		struct vx_capa after;
		if ((rc = vx_store_capa_get(st, product, vuln, &after, err)) == 0) {
			rc = audit_change(st, "capa.approve", c.number, before, &after, err);
			vx_capa_release(&after);
		}
	}
	free(before);
	vx_capa_release(&c);
	return rc;
}
