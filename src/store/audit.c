/* src/store/audit.c - the append-only, hash-chained audit trail (see store.h).
 *
 * Each entry's hash is SHA-256 over a version tag, the previous entry's hash and every
 * field of the entry, each written as "<length>:<bytes>\n" so that no two different
 * entries serialise alike. The first entry's previous hash is 64 zeros. The chain shows
 * any single entry edited, deleted, inserted or moved; what it cannot show alone is the
 * removal of the newest entries, which is why the head hash is reported for recording
 * outside the store (and kept in audit_head, which a careless edit also trips).
 */
#include "store/store_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char genesis[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

void vx_store_set_actor(struct vx_store *st, const char *actor)
{
	snprintf(st->actor, sizeof(st->actor), "%s", actor && *actor ? actor : "unknown");
}

static void field(struct vx_buf *b, const char *s)
{
	vx_buf_printf(b, "%zu:", s ? strlen(s) : (size_t)0);
	if (s)
		vx_buf_adds(b, s);
	vx_buf_addc(b, s ? '\n' : '~'); /* NULL and "" differ */
}

static void entry_hash(long long id, const char *at, const char *actor, const char *action,
		       const char *entity, const char *before, const char *after,
		       const char *reason, const char *prev, char out[65])
{
	struct vx_buf b;
	char idtext[24];
	vx_buf_init(&b);
	vx_buf_adds(&b, "vexil-audit-v1\n");
	snprintf(idtext, sizeof(idtext), "%lld", id);
	field(&b, idtext);
	field(&b, prev);
	field(&b, at);
	field(&b, actor);
	field(&b, action);
	field(&b, entity);
	field(&b, before);
	field(&b, after);
	field(&b, reason);
	vx_sha256_hex(b.data, b.len, out);
	vx_buf_release(&b);
}

int vx_store_audit(struct vx_store *st, const char *action, const char *entity,
		   const char *before, const char *after, const char *reason, struct vx_err *err)
{
	sqlite3_stmt *s;
	char prev[65], hash[65], now[21];
	long long id = 1;
	int rc;

	/* Inside the caller's transaction the entry commits with the change it records. (In
	 * autocommit mode, as in tests, a racing writer fails on the entry's primary key
	 * rather than forking the chain.) */
	if ((rc = vx_db_stmt(st, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &s,
			     err)) < 0)
		return rc;
	memcpy(prev, genesis, sizeof(prev));
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(s, 1));
	}
	vx_db_done(s);
	vx_time_format(vx_time_now(), now);
	if (!st->actor[0])
		vx_store_set_actor(st, NULL);
	entry_hash(id, now, st->actor, action, entity, before, after, reason, prev, hash);
	if ((rc = vx_db_stmt(st,
			     "INSERT INTO audit_log (id, at, actor, action, entity, before, after, "
			     "reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     &s, err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	vx_db_bind_text(s, 2, now);
	vx_db_bind_text(s, 3, st->actor);
	vx_db_bind_text(s, 4, action);
	vx_db_bind_text(s, 5, entity);
	vx_db_bind_text(s, 6, before);
	vx_db_bind_text(s, 7, after);
	vx_db_bind_text(s, 8, reason);
	vx_db_bind_text(s, 9, prev);
	vx_db_bind_text(s, 10, hash);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "append audit entry");
	vx_db_done(s);
	if (rc < 0)
		return rc;
	if ((rc = vx_db_stmt(st,
			     "INSERT INTO audit_head (id, entries, head) VALUES (1, ?1, ?2) ON "
			     "CONFLICT (id) DO UPDATE SET entries = ?1, head = ?2",
			     &s, err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	vx_db_bind_text(s, 2, hash);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : vx_db_fail(st, err, "update audit head");
	vx_db_done(s);
	return rc;
}

void vx_audit_list_free(struct vx_audit_entry *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].at);
		free(list[i].actor);
		free(list[i].action);
		free(list[i].entity);
		free(list[i].before);
		free(list[i].after);
		free(list[i].reason);
		free(list[i].prev_hash);
		free(list[i].hash);
	}
	free(list);
}

int vx_store_audit_log(struct vx_store *st, const char *entity_prefix,
		       struct vx_audit_entry **out, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = vx_db_prepare(st,
			   "SELECT id, at, actor, action, entity, before, after, reason, prev_hash, "
			   "hash FROM audit_log WHERE ?1 IS NULL OR substr(entity, 1, length(?1)) = "
			   "?1 ORDER BY id",
			   &s, err);
	if (rc < 0)
		return rc;
	vx_db_bind_text(s, 1, entity_prefix);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct vx_audit_entry *e;
		*out = vx_grow(*out, sizeof(**out), *n + 1, &cap);
		e = &(*out)[(*n)++];
		e->id = sqlite3_column_int64(s, 0);
		e->at = vx_db_col_text(s, 1);
		e->actor = vx_db_col_text(s, 2);
		e->action = vx_db_col_text(s, 3);
		e->entity = vx_db_col_text(s, 4);
		e->before = vx_db_col_text(s, 5);
		e->after = vx_db_col_text(s, 6);
		e->reason = vx_db_col_text(s, 7);
		e->prev_hash = vx_db_col_text(s, 8);
		e->hash = vx_db_col_text(s, 9);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "read audit log");
	sqlite3_finalize(s);
	if (rc < 0) {
		vx_audit_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void vx_audit_report_release(struct vx_audit_report *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

static void problem(struct vx_audit_report *r, char *text)
{
	r->problems = vx_realloc(r->problems, (r->nproblems + 1) * sizeof(char *));
	r->problems[r->nproblems++] = text;
}

int vx_store_audit_verify(struct vx_store *st, struct vx_audit_report *r, struct vx_err *err)
{
	struct vx_audit_entry *e;
	sqlite3_stmt *s;
	char prev[65], calc[65];
	long long expect_id = 1, head_entries = 0;
	char *head_hash = NULL;
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = vx_store_audit_log(st, NULL, &e, &n, err)) < 0)
		return rc;
	memcpy(prev, genesis, sizeof(prev));
	for (size_t i = 0; i < n; i++) {
		const struct vx_audit_entry *x = &e[i];
		if (x->id != expect_id)
			problem(r, x->id > expect_id
					   ? vx_asprintf("entries %lld to %lld are missing (deleted) "
							 "before entry %lld",
							 expect_id, x->id - 1, x->id)
					   : vx_asprintf("entry %lld is out of sequence", x->id));
		if (!x->prev_hash || strcmp(x->prev_hash, prev) != 0)
			problem(r, vx_asprintf("entry %lld does not follow the entry before it (an "
					       "entry was deleted, inserted or moved here)",
					       x->id));
		entry_hash(x->id, x->at, x->actor, x->action, x->entity, x->before, x->after,
			   x->reason, x->prev_hash, calc);
		if (!x->hash || strcmp(calc, x->hash) != 0)
			problem(r, vx_asprintf("entry %lld (%s %s, %s) was altered: its content "
					       "does not match its hash",
					       x->id, x->action, x->entity, x->at));
		snprintf(prev, sizeof(prev), "%s", x->hash ? x->hash : "");
		expect_id = x->id + 1;
	}
	r->entries = n;
	snprintf(r->head, sizeof(r->head), "%s", n ? prev : genesis);
	rc = vx_db_prepare(st, "SELECT entries, head FROM audit_head WHERE id = 1", &s, err);
	if (rc == 0) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			head_entries = sqlite3_column_int64(s, 0);
			head_hash = vx_db_col_text(s, 1);
		}
		sqlite3_finalize(s);
		if ((long long)n != head_entries || (n && (!head_hash || strcmp(head_hash, prev))))
			problem(r, vx_asprintf("the log ends at entry %lld but its recorded head is "
					       "entry %lld: entries were removed or added at the end",
					       n ? e[n - 1].id : 0LL, head_entries));
	}
	free(head_hash);
	vx_audit_list_free(e, n);
	return rc;
}
