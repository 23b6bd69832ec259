/* src/store/decision.c - what the rules see (rule inputs) and what they concluded
 * (decisions). See vuln.h. */
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdlib.h>
#include <string.h>

void vx_rule_input_list_free(struct vx_rule_input *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vx_rule_input *r = &list[i];
		free(r->t0);
		free(r->vuln_id);
		free(r->title);
		free(r->cvss_vector);
		free(r->kev_added);
		free(r->kev_due);
		free(r->kev_ransomware);
		free(r->component);
		free(r->component_version);
		free(r->purl);
		free(r->cpe);
		free(r->product);
		free(r->version);
		free(r->pathway);
		vx_triage_release(&r->triage);
		free(r->manufacturer);
		free(r->isao);
	}
	free(list);
}

int vx_store_rule_inputs(struct vx_store *st, const char *product, const char *version,
			 struct vx_rule_input **out, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(
		st,
		"WITH " VX_SQL_BEST_CVSS " "
		"SELECT f.id, (SELECT max(id) FROM triage t WHERE t.finding_id = f.id), "
		"substr(f.t0, 1, 10), f.needs_review, vu.vuln_id, coalesce(vu.title, (SELECT "
		"substr(description, 1, 200) FROM vuln_record WHERE vuln_pk = vu.id ORDER BY source "
		"= 'nvd' DESC LIMIT 1)), b.vector, b.score, k.cve_id IS NOT NULL, k.date_added, "
		"k.due_date, k.ransomware, c.name, c.version, c.purl, c.cpe, p.name, v.version, "
		"p.pathway, p.cyber_device, v.fielded, m.name, m.isao_name, coalesce(m.isao_member, "
		"0) FROM finding f JOIN product_version v ON v.id = f.version_id JOIN product p ON "
		"p.id = v.product_id JOIN vulnerability vu ON vu.id = f.vuln_pk LEFT JOIN component "
		"c ON c.id = f.component_id LEFT JOIN best b ON b.vuln_pk = vu.id AND b.rn = 1 LEFT "
		"JOIN kev k ON k.cve_id = vu.vuln_id LEFT JOIN manufacturer m ON m.id = 1 WHERE "
		"f.state = 'open' AND (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR v.version = ?2) "
		"ORDER BY f.id",
		&s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	vx_db_bind_text(s, 2, version);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct vx_rule_input *r;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->finding_id = sqlite3_column_int64(s, 0);
		r->triage_id = sqlite3_column_int64(s, 1);
		r->t0 = vx_db_col_text(s, 2);
		r->needs_review = sqlite3_column_int(s, 3);
		r->vuln_id = vx_db_col_text(s, 4);
		r->title = vx_db_col_text(s, 5);
		r->cvss_vector = vx_db_col_text(s, 6);
		r->cvss_score = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1
									 : sqlite3_column_double(s, 7);
		r->kev = sqlite3_column_int(s, 8);
		r->kev_added = vx_db_col_text(s, 9);
		r->kev_due = vx_db_col_text(s, 10);
		r->kev_ransomware = vx_db_col_text(s, 11);
		r->component = vx_db_col_text(s, 12);
		r->component_version = vx_db_col_text(s, 13);
		r->purl = vx_db_col_text(s, 14);
		r->cpe = vx_db_col_text(s, 15);
		r->product = vx_db_col_text(s, 16);
		r->version = vx_db_col_text(s, 17);
		r->pathway = vx_db_col_text(s, 18);
		r->cyber_device = sqlite3_column_int(s, 19);
		r->fielded = sqlite3_column_int(s, 20);
		r->manufacturer = vx_db_col_text(s, 21);
		r->isao = vx_db_col_text(s, 22);
		r->isao_member = sqlite3_column_int(s, 23);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read rule inputs");
	sqlite3_finalize(s);
	/* the newest triage record of each (a complete snapshot) */
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		struct vx_triage *h;
		size_t nh;
		if ((rc = vx_store_triage_history(st, (*out)[i].finding_id, &h, &nh, err)) < 0)
			break;
		(*out)[i].triage = h[nh - 1];
		memset(&h[nh - 1], 0, sizeof(h[nh - 1]));
		vx_triage_list_free(h, nh);
	}
	if (rc < 0) {
		vx_rule_input_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void vx_decision_release(struct vx_decision *d)
{
	free(d->evaluated_at);
	free(d->as_of);
	free(d->ruleset_sha256);
	free(d->inputs_sha256);
	free(d->error);
	free(d->rule);
	free(d->severity);
	free(d->exploitability);
	free(d->risk);
	free(d->action);
	free(d->patch);
	free(d->part806);
	free(d->part806_due);
	free(d->part803_due);
	free(d->conditions);
	free(d->rationale);
	memset(d, 0, sizeof(*d));
}

void vx_decision_list_free(struct vx_decision *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_decision_release(&list[i]);
	free(list);
}

#define DECISION_COLS                                                                        \
	"id, finding_id, triage_id, evaluated_at, as_of, ruleset_sha256, inputs_sha256, ok, "  \
	"error, rule, severity, exploitability, risk, action, patch, advisory, part806, "      \
	"part806_due, part803, part803_due, annual_report, conditions, rationale"

static void read_decision(sqlite3_stmt *s, struct vx_decision *d)
{
	d->id = sqlite3_column_int64(s, 0);
	d->finding_id = sqlite3_column_int64(s, 1);
	d->triage_id = sqlite3_column_int64(s, 2);
	d->evaluated_at = vx_db_col_text(s, 3);
	d->as_of = vx_db_col_text(s, 4);
	d->ruleset_sha256 = vx_db_col_text(s, 5);
	d->inputs_sha256 = vx_db_col_text(s, 6);
	d->ok = sqlite3_column_int(s, 7);
	d->error = vx_db_col_text(s, 8);
	d->rule = vx_db_col_text(s, 9);
	d->severity = vx_db_col_text(s, 10);
	d->exploitability = vx_db_col_text(s, 11);
	d->risk = vx_db_col_text(s, 12);
	d->action = vx_db_col_text(s, 13);
	d->patch = vx_db_col_text(s, 14);
	d->advisory = sqlite3_column_int(s, 15);
	d->part806 = vx_db_col_text(s, 16);
	d->part806_due = vx_db_col_text(s, 17);
	d->part803 = sqlite3_column_int(s, 18);
	d->part803_due = vx_db_col_text(s, 19);
	d->annual_report = sqlite3_column_int(s, 20);
	d->conditions = vx_db_col_text(s, 21);
	d->rationale = vx_db_col_text(s, 22);
}

static int read_decisions(struct vx_store *st, sqlite3_stmt *s, struct vx_decision **out,
			  size_t *n, struct vx_err *err)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_decision(s, &(*out)[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read decisions");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_decision_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int vx_store_decision_put(struct vx_store *st, const struct vx_decision *d, int *stored,
			  struct vx_err *err)
{
	sqlite3_stmt *s;
	char now[21], *entity;
	struct vx_jw w;
	int rc, same = 0;

	*stored = 0;
	rc = vx_db_prepare(st,
			   "SELECT inputs_sha256 = ? FROM decision WHERE finding_id = ? ORDER BY id "
			   "DESC LIMIT 1",
			   &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, d->inputs_sha256);
	sqlite3_bind_int64(s, 2, d->finding_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		same = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (same)
		return 0;
	vx_time_format(vx_time_now(), now);
	rc = vx_db_prepare(st,
			   "INSERT INTO decision (finding_id, triage_id, evaluated_at, as_of, "
			   "ruleset_sha256, inputs_sha256, ok, error, rule, severity, exploitability, "
			   "risk, action, patch, advisory, part806, part806_due, part803, part803_due, "
			   "annual_report, conditions, rationale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
			   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, d->finding_id);
	if (d->triage_id)
		sqlite3_bind_int64(s, 2, d->triage_id);
	vx_db_bind_text(s, 3, now);
	vx_db_bind_text(s, 4, d->as_of);
	vx_db_bind_text(s, 5, d->ruleset_sha256);
	vx_db_bind_text(s, 6, d->inputs_sha256);
	sqlite3_bind_int(s, 7, d->ok != 0);
	vx_db_bind_text(s, 8, d->error);
	vx_db_bind_text(s, 9, d->rule);
	vx_db_bind_text(s, 10, d->severity);
	vx_db_bind_text(s, 11, d->exploitability);
	vx_db_bind_text(s, 12, d->risk);
	vx_db_bind_text(s, 13, d->action);
	vx_db_bind_text(s, 14, d->patch);
	sqlite3_bind_int(s, 15, d->advisory != 0);
	vx_db_bind_text(s, 16, d->part806);
	vx_db_bind_text(s, 17, d->part806_due);
	sqlite3_bind_int(s, 18, d->part803 != 0);
	vx_db_bind_text(s, 19, d->part803_due);
	sqlite3_bind_int(s, 20, d->annual_report != 0);
	vx_db_bind_text(s, 21, d->conditions);
	vx_db_bind_text(s, 22, d->rationale);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "store decision");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	*stored = 1;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_key(&w, "ok");
	vx_jw_bool(&w, d->ok);
	vx_jw_kstr(&w, "error", d->error);
	vx_jw_kstr(&w, "rule", d->rule);
	vx_jw_kstr(&w, "risk", d->risk);
	vx_jw_kstr(&w, "action", d->action);
	vx_jw_kstr(&w, "part806", d->part806);
	vx_jw_kstr(&w, "ruleset_sha256", d->ruleset_sha256);
	vx_jw_kstr(&w, "rationale", d->rationale);
	vx_jw_object_end(&w);
	entity = vx_asprintf("finding %lld", d->finding_id);
	rc = vx_store_audit(st, "decision", entity, NULL, vx_jw_text(&w), NULL, err);
	free(entity);
	vx_jw_release(&w);
	return rc;
}

int vx_store_decisions(struct vx_store *st, const char *product, struct vx_decision **out,
		       size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "SELECT " DECISION_COLS " FROM decision WHERE id IN (SELECT max(d.id) "
			       "FROM decision d JOIN finding f ON f.id = d.finding_id JOIN "
			       "product_version v ON v.id = f.version_id JOIN product p ON p.id = "
			       "v.product_id WHERE f.state = 'open' AND (?1 IS NULL OR p.name = ?1) "
			       "GROUP BY d.finding_id) ORDER BY finding_id",
			       &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	return read_decisions(st, s, out, n, err);
}

int vx_store_decision_history(struct vx_store *st, long long finding_id,
			      struct vx_decision **out, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st, "SELECT " DECISION_COLS " FROM decision WHERE finding_id = ? "
				   "ORDER BY id",
			       &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, finding_id);
	return read_decisions(st, s, out, n, err);
}

int vx_store_decision_latest(struct vx_store *st, long long finding_id, int ok_only,
			     struct vx_decision *out, int *found, struct vx_err *err)
{
	struct vx_decision *h = NULL;
	size_t n = 0;
	int rc = vx_store_decision_history(st, finding_id, &h, &n, err);
	memset(out, 0, sizeof(*out));
	*found = 0;
	if (rc < 0)
		return rc;
	for (size_t i = n; i-- > 0;)
		if (!ok_only || h[i].ok) {
			*out = h[i];
			memset(&h[i], 0, sizeof(h[0]));
			*found = 1;
			break;
		}
	vx_decision_list_free(h, n);
	return 0;
}

static int by_finding(const void *key, const void *elem)
{
	long long k = *(const long long *)key, f = ((const struct vx_decision *)elem)->finding_id;
	return (k > f) - (k < f);
}

const struct vx_decision *vx_decision_of(const struct vx_decision *ds, size_t n,
					 long long finding_id)
{
	return n ? bsearch(&finding_id, ds, n, sizeof(*ds), by_finding) : NULL;
}
