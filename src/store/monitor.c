/* src/store/monitor.c - what `vexil monitor` has taken in and the alerts it raised.
 * Declared in store/vuln.h. */
#include "store/store.h"
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/time.h"

#include <stdlib.h>
#include <string.h>

int vx_store_monitor_seen(struct vx_store *st, const char *name, const char *sha256, int *seen,
			  struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = vx_db_prepare(st, "SELECT 1 FROM monitor_file WHERE name = ? AND sha256 = ?", &s,
			       err);
	*seen = 0;
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, name);
	vx_db_bind_text(s, 2, sha256);
	*seen = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return 0;
}

int vx_store_monitor_took(struct vx_store *st, const char *name, const char *sha256,
			  long long size, int ok, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[21];
	int rc = vx_db_prepare(st,
			       "INSERT OR REPLACE INTO monitor_file (name, sha256, size, taken_at, ok) "
			       "VALUES (?, ?, ?, ?, ?)",
			       &s, err);
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	vx_db_bind_text(s, 1, name);
	vx_db_bind_text(s, 2, sha256);
	sqlite3_bind_int64(s, 3, size);
	vx_db_bind_text(s, 4, now);
	sqlite3_bind_int(s, 5, ok);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "record a monitored file");
	sqlite3_finalize(s);
	return rc;
}

int vx_store_alert_raise(struct vx_store *st, const char *key, const char *kind,
			 long long finding_id, const char *due, const char *text, int *raised,
			 struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[21];
	int rc = vx_db_prepare(st,
			       "INSERT OR IGNORE INTO alert (key, kind, finding_id, due, text, "
			       "raised_at) VALUES (?, ?, ?, ?, ?, ?)",
			       &s, err);
	*raised = 0;
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	vx_db_bind_text(s, 1, key);
	vx_db_bind_text(s, 2, kind);
	if (finding_id > 0)
		sqlite3_bind_int64(s, 3, finding_id);
	vx_db_bind_text(s, 4, due);
	vx_db_bind_text(s, 5, text);
	vx_db_bind_text(s, 6, now);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "raise an alert");
	if (rc == 0)
		*raised = sqlite3_changes(st->db) == 1;
	sqlite3_finalize(s);
	return rc;
}

void vx_alert_list_free(struct vx_alert *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].key);
		free(list[i].kind);
		free(list[i].due);
		free(list[i].text);
		free(list[i].raised_at);
	}
	free(list);
}

int vx_store_alerts_pending(struct vx_store *st, struct vx_alert **out, size_t *n,
			    struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = vx_db_prepare(st,
			       "SELECT id, key, kind, coalesce(finding_id, 0), due, text, raised_at "
			       "FROM alert WHERE delivered_at IS NULL ORDER BY id",
			       &s, err);
	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct vx_alert *a;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		a = &(*out)[(*n)++];
		a->id = sqlite3_column_int64(s, 0);
		a->key = vx_db_col_text(s, 1);
		a->kind = vx_db_col_text(s, 2);
		a->finding_id = sqlite3_column_int64(s, 3);
		a->due = vx_db_col_text(s, 4);
		a->text = vx_db_col_text(s, 5);
		a->raised_at = vx_db_col_text(s, 6);
	}
	sqlite3_finalize(s);
	return 0;
}

int vx_store_alert_delivered(struct vx_store *st, long long id, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[21];
	int rc = vx_db_prepare(st, "UPDATE alert SET delivered_at = ? WHERE id = ?", &s, err);
	if (rc < 0)
		return rc;
	vx_time_format(vx_time_now(), now);
	vx_db_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "mark an alert delivered");
	sqlite3_finalize(s);
	return rc;
}
