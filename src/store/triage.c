/* src/store/triage.c - triage records: validated, complete snapshots of an assessment, each
 * on the audit trail. See vuln.h. */
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"under_investigation", "affected", "not_affected",
				       "fixed", NULL};
static const char *const justifications[] = {
	"component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
	NULL};
static const char *const severities[] = {"negligible", "minor", "serious", "critical",
					 "catastrophic", NULL};

static bool one_of(const char *s, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static char *list_text(const char *const *set)
{
	struct vx_buf b;
	vx_buf_init(&b);
	for (int i = 0; set[i]; i++)
		vx_buf_printf(&b, "%s%s", i ? ", " : "", set[i]);
	return vx_buf_detach(&b);
}

void vx_triage_release(struct vx_triage *t)
{
	free(t->status);
	free(t->justification);
	free(t->impact);
	free(t->action);
	free(t->hazard);
	free(t->severity);
	free(t->cvss_vector);
	free(t->controls);
	free(t->customers_notified);
	free(t->fix_distributed);
	free(t->fix_deployed);
	free(t->isao_notified);
	free(t->assessor);
	free(t->reason);
	free(t->recorded_at);
	memset(t, 0, sizeof(*t));
}

void vx_triage_list_free(struct vx_triage *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vx_triage_release(&list[i]);
	free(list);
}

#define TRIAGE_COLS                                                                          \
	"id, finding_id, status, justification, impact, action, hazard, severity, "          \
	"safety_impact, cvss_vector, public_exploit, epss, controls, adverse_events, "         \
	"customers_notified, fix_distributed, assessor, reason, recorded_at, carried_from, "      \
	"isao_notified, fix_deployed"

static int opt_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_int(s, i);
}

static void read_triage(sqlite3_stmt *s, struct vx_triage *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->finding_id = sqlite3_column_int64(s, 1);
	t->status = vx_db_col_text(s, 2);
	t->justification = vx_db_col_text(s, 3);
	t->impact = vx_db_col_text(s, 4);
	t->action = vx_db_col_text(s, 5);
	t->hazard = vx_db_col_text(s, 6);
	t->severity = vx_db_col_text(s, 7);
	t->safety_impact = opt_int(s, 8);
	t->cvss_vector = vx_db_col_text(s, 9);
	t->public_exploit = opt_int(s, 10);
	t->epss = sqlite3_column_type(s, 11) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 11);
	t->controls = vx_db_col_text(s, 12);
	t->adverse_events = opt_int(s, 13);
	t->customers_notified = vx_db_col_text(s, 14);
	t->fix_distributed = vx_db_col_text(s, 15);
	t->assessor = vx_db_col_text(s, 16);
	t->reason = vx_db_col_text(s, 17);
	t->recorded_at = vx_db_col_text(s, 18);
	t->carried_from = sqlite3_column_int64(s, 19);
	t->isao_notified = vx_db_col_text(s, 20);
	t->fix_deployed = vx_db_col_text(s, 21);
}

int vx_store_triage_history(struct vx_store *st, long long finding_id, struct vx_triage **out,
			    size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(st, "SELECT " TRIAGE_COLS " FROM triage WHERE finding_id = ? ORDER BY id",
			   &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, finding_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		memset(&(*out)[*n], 0, sizeof(**out));
		read_triage(s, &(*out)[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read triage");
	sqlite3_finalize(s);
	if (rc == 0 && *n == 0)
		rc = vx_err_set(err, VX_ENOTFOUND, "no finding #%lld", finding_id);
	if (rc < 0) {
		vx_triage_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static char *triage_json(const struct vx_triage *t)
{
	struct vx_jw w;
	char *out;
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "status", t->status);
	vx_jw_kstr(&w, "justification", t->justification);
	vx_jw_kstr(&w, "impact", t->impact);
	vx_jw_kstr(&w, "action", t->action);
	vx_jw_kstr(&w, "hazard", t->hazard);
	vx_jw_kstr(&w, "severity", t->severity);
	vx_jw_key(&w, "safety_impact");
	t->safety_impact < 0 ? vx_jw_null(&w) : vx_jw_bool(&w, t->safety_impact);
	vx_jw_kstr(&w, "cvss_vector", t->cvss_vector);
	vx_jw_key(&w, "public_exploit");
	t->public_exploit < 0 ? vx_jw_null(&w) : vx_jw_bool(&w, t->public_exploit);
	vx_jw_key(&w, "epss");
	t->epss < 0 ? vx_jw_null(&w) : vx_jw_num(&w, t->epss);
	vx_jw_kstr(&w, "controls", t->controls);
	vx_jw_key(&w, "adverse_events");
	t->adverse_events < 0 ? vx_jw_null(&w) : vx_jw_bool(&w, t->adverse_events);
	vx_jw_kstr(&w, "customers_notified", t->customers_notified);
	vx_jw_kstr(&w, "fix_distributed", t->fix_distributed);
	if (t->fix_deployed)
		vx_jw_kstr(&w, "fix_deployed", t->fix_deployed);
	vx_jw_kstr(&w, "isao_notified", t->isao_notified);
	vx_jw_kstr(&w, "assessor", t->assessor);
	if (t->carried_from)
		vx_jw_kint(&w, "carried_from", t->carried_from);
	vx_jw_object_end(&w);
	out = vx_strdup(vx_jw_text(&w));
	vx_jw_release(&w);
	return out;
}

static void take(char **dst, const char *given)
{
	if (given) {
		free(*dst);
		*dst = given[0] ? vx_strdup(given) : NULL; /* "" clears */
	}
}

int vx_store_triage_set(struct vx_store *st, long long finding_id, const struct vx_triage *t,
			long long *id_out, struct vx_err *err)
{
	struct vx_triage *hist = NULL, cur;
	sqlite3_stmt *s = NULL;
	char now[21], *before = NULL, *after = NULL, *entity = NULL, *allowed = NULL;
	size_t n = 0;
	int rc;

	if ((rc = vx_store_triage_history(st, finding_id, &hist, &n, err)) < 0)
		return rc;
	/* The new record starts as a copy of the newest one. */
	cur = hist[n - 1];
	memset(&hist[n - 1], 0, sizeof(hist[n - 1]));
	before = triage_json(&cur);
	take(&cur.status, t->status);
	take(&cur.justification, t->justification);
	take(&cur.impact, t->impact);
	take(&cur.action, t->action);
	take(&cur.hazard, t->hazard);
	take(&cur.severity, t->severity);
	take(&cur.cvss_vector, t->cvss_vector);
	take(&cur.controls, t->controls);
	take(&cur.customers_notified, t->customers_notified);
	take(&cur.fix_distributed, t->fix_distributed);
	take(&cur.fix_deployed, t->fix_deployed);
	take(&cur.isao_notified, t->isao_notified);
	free(cur.assessor);
	cur.assessor = vx_strdup(t->assessor ? t->assessor : st->actor);
	free(cur.reason);
	cur.reason = vx_strdup(t->reason);
	if (t->safety_impact >= 0)
		cur.safety_impact = t->safety_impact;
	if (t->public_exploit >= 0)
		cur.public_exploit = t->public_exploit;
	if (t->epss >= 0)
		cur.epss = t->epss;
	if (t->adverse_events >= 0)
		cur.adverse_events = t->adverse_events;
	cur.carried_from = t->carried_from;

	if (!one_of(cur.status, statuses)) {
		allowed = list_text(statuses);
		rc = vx_err_set(err, VX_EINVAL, "status '%s' is not one of %s", cur.status, allowed);
		goto out;
	}
	if (cur.justification && !one_of(cur.justification, justifications)) {
		allowed = list_text(justifications);
		rc = vx_err_set(err, VX_EINVAL, "justification '%s' is not one of %s",
				cur.justification, allowed);
		goto out;
	}
	if (strcmp(cur.status, "not_affected") == 0 && !cur.justification) {
		allowed = list_text(justifications);
		rc = vx_err_set(err, VX_EINVAL, "not_affected needs a justification (%s)", allowed);
		goto out;
	}
	if (strcmp(cur.status, "not_affected") != 0 && cur.justification && t->status &&
	    !t->justification) {
		free(cur.justification); /* a justification belongs to not_affected only */
		cur.justification = NULL;
	}
	if (cur.severity && !one_of(cur.severity, severities)) {
		allowed = list_text(severities);
		rc = vx_err_set(err, VX_EINVAL, "severity '%s' is not one of %s", cur.severity,
				allowed);
		goto out;
	}
	{
		const char *dates[] = {cur.customers_notified, cur.fix_distributed, cur.isao_notified,
				       cur.fix_deployed};
		for (int i = 0; i < 4; i++)
			if (dates[i] && !vx_time_parse_date(dates[i], NULL)) {
				rc = vx_err_set(err, VX_EINVAL, "'%s' is not a date (YYYY-MM-DD)",
						dates[i]);
				goto out;
			}
	}
	if (cur.cvss_vector && (strncmp(cur.cvss_vector, "CVSS:3.", 7) == 0
				    ? vx_cvss3_base(cur.cvss_vector, NULL) < 0
				    : strncmp(cur.cvss_vector, "CVSS:4.0/", 9) != 0)) {
		rc = vx_err_set(err, VX_EINVAL, "'%s' is not a CVSS v3 or v4 vector", cur.cvss_vector);
		goto out;
	}
	vx_time_format(vx_time_now(), now);
	rc = vx_db_prepare(st,
			   "INSERT INTO triage (finding_id, status, justification, impact, action, "
			   "hazard, severity, safety_impact, cvss_vector, public_exploit, epss, "
			   "controls, adverse_events, customers_notified, fix_distributed, assessor, "
			   "reason, recorded_at, carried_from, isao_notified, fix_deployed) VALUES (?, "
			   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &s, err);
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(s, 1, finding_id);
	vx_db_bind_text(s, 2, cur.status);
	vx_db_bind_text(s, 3, cur.justification);
	vx_db_bind_text(s, 4, cur.impact);
	vx_db_bind_text(s, 5, cur.action);
	vx_db_bind_text(s, 6, cur.hazard);
	vx_db_bind_text(s, 7, cur.severity);
	if (cur.safety_impact >= 0)
		sqlite3_bind_int(s, 8, cur.safety_impact);
	vx_db_bind_text(s, 9, cur.cvss_vector);
	if (cur.public_exploit >= 0)
		sqlite3_bind_int(s, 10, cur.public_exploit);
	if (cur.epss >= 0)
		sqlite3_bind_double(s, 11, cur.epss);
	vx_db_bind_text(s, 12, cur.controls);
	if (cur.adverse_events >= 0)
		sqlite3_bind_int(s, 13, cur.adverse_events);
	vx_db_bind_text(s, 14, cur.customers_notified);
	vx_db_bind_text(s, 15, cur.fix_distributed);
	vx_db_bind_text(s, 16, cur.assessor);
	vx_db_bind_text(s, 17, cur.reason);
	vx_db_bind_text(s, 18, now);
	if (cur.carried_from)
		sqlite3_bind_int64(s, 19, cur.carried_from);
	vx_db_bind_text(s, 20, cur.isao_notified);
	vx_db_bind_text(s, 21, cur.fix_deployed);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "record triage");
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(st->db);
	after = triage_json(&cur);
	entity = vx_asprintf("finding %lld", finding_id);
	rc = vx_store_audit(st, cur.carried_from ? "triage.carry" : "triage.set", entity, before,
			    after, t->reason, err);
out:
	free(before);
	free(after);
	free(entity);
	free(allowed);
	vx_triage_release(&cur);
	vx_triage_list_free(hist, n);
	return rc;
}

static int id_list(struct vx_store *st, sqlite3_stmt *s, long long **ids, size_t *n,
		   struct vx_err *err)
{
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = vx_grow(*ids, sizeof(**ids), *n + 1, &cap);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "list findings");
	sqlite3_finalize(s);
	return rc;
}

int vx_store_finding_twins(struct vx_store *st, long long finding_id, long long **ids,
			   size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "SELECT t.id FROM finding f JOIN finding t ON t.vuln_pk = f.vuln_pk AND "
			       "t.component_key = f.component_key AND t.id != f.id WHERE f.id = ? AND "
			       "t.state = 'open' ORDER BY t.id",
			       &s, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, finding_id);
	return id_list(st, s, ids, n, err);
}

int vx_store_finding_ids(struct vx_store *st, const char *product, const char *version,
			 const char *vuln, long long **ids, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st,
			       "SELECT f.id FROM finding f JOIN product_version v ON v.id = "
			       "f.version_id JOIN product p ON p.id = v.product_id JOIN vulnerability "
			       "vu ON vu.id = f.vuln_pk WHERE p.name = ? AND v.version = ? AND "
			       "vu.vuln_id = ? AND f.state = 'open' ORDER BY f.id",
			       &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, product);
	vx_db_bind_text(s, 2, version);
	vx_db_bind_text(s, 3, vuln);
	return id_list(st, s, ids, n, err);
}

int vx_store_triage_latest(struct vx_store *st, long long finding_id, struct vx_triage *out,
			   struct vx_err *err)
{
	struct vx_triage *h = NULL;
	size_t n = 0;
	int rc = vx_store_triage_history(st, finding_id, &h, &n, err);
	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	*out = h[n - 1];
	memset(&h[n - 1], 0, sizeof(h[0]));
	vx_triage_list_free(h, n);
	return 0;
}
