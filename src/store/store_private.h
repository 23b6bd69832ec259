/* src/store/store_private.h - what the store's own files share; never included elsewhere.
 *
 * The handle's layout and small SQLite helpers that copy error text at once (sqlite3_errmsg
 * is overwritten by the next call) and bind/read nullable text.
 */
#ifndef VX_STORE_PRIVATE_H
#define VX_STORE_PRIVATE_H

#include "store/store.h"

#include <sqlite3.h>

/* Slots for prepared statements that hot paths reuse (see vuln.c). */
#define VX_STORE_NCACHE 32

struct vx_store {
	sqlite3 *db;	    /* owned; closed by vx_store_close */
	int in_tx;	    /* 1 between vx_store_begin and commit/rollback */
	int schema_version; /* user_version after migration */
	sqlite3_stmt *cache[VX_STORE_NCACHE]; /* owned; finalized by vx_store_close */
	const char *by_sql_text[VX_STORE_NCACHE]; /* vx_db_stmt: the SQL each slot holds */
	sqlite3_stmt *by_sql[VX_STORE_NCACHE];	  /* owned; finalized by vx_store_close */
	char actor[128];       /* who audit entries name (audit.c) */
	long long run_id;      /* the open matching run (finding.c), 0 when none */
	long long run_version; /* its product version */
};

struct vx_vuln;
struct vx_vuln_keys;
/* Insert a record's parts (aliases, CVSS, references, configurations, packages) under
 * record row `rec` (vuln.c; also used for tips). */
int vx_store_record_parts(struct vx_store *st, long long rec, const struct vx_vuln *v,
			  const struct vx_vuln_keys *keys, struct vx_err *err);

/* err = "store: <what>: <sqlite message>"; returns VX_ESTORE. */
int vx_db_fail(struct vx_store *st, struct vx_err *err, const char *what);
int vx_db_prepare(struct vx_store *st, const char *sql, sqlite3_stmt **out, struct vx_err *err);
int vx_db_exec(struct vx_store *st, const char *sql, struct vx_err *err);
/* A prepared statement for a SQL string literal, prepared once per handle and reused:
 * the caller resets it (vx_db_done) instead of finalizing it. For statements that run
 * once per row of work (per finding, per record). */
int vx_db_stmt(struct vx_store *st, const char *sql_literal, sqlite3_stmt **out,
	       struct vx_err *err);
/* Step a statement that returns no rows, then reset it and clear its bindings; errors
 * name `what`. */
int vx_db_step_done(struct vx_store *st, sqlite3_stmt *s, const char *what, struct vx_err *err);
/* Reset a vx_db_stmt statement and clear its bindings. */
void vx_db_done(sqlite3_stmt *s);
/* The CTE "best" that queries join to pick one CVSS per vulnerability: v3.x first, then
 * the primary (NVD) score, the newest version, the highest score; rn = 1 is the pick. */
#define VX_SQL_BEST_CVSS                                                                     \
	"best AS (SELECT r.vuln_pk, c.score, c.vector, row_number() OVER (PARTITION BY "     \
	"r.vuln_pk ORDER BY (c.version LIKE '3.%') DESC, c.is_primary DESC, c.version DESC, " \
	"c.score DESC) AS rn FROM cvss c JOIN vuln_record r ON r.id = c.record_pk)"
/* Bind text, or NULL when v is NULL (copied by SQLite). */
void vx_db_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Fresh copy of a text column, or NULL. */
char *vx_db_col_text(sqlite3_stmt *s, int i);

/* "NIP-200 2.1" for a product version row, for audit entities; fresh string (NULL when
 * the version does not exist). */
char *vx_store_version_label(struct vx_store *st, long long version_id);

struct vx_configuration;
/* confcode.c: configurations as one text column (NULL when n is 0; fresh string) and back
 * (appended to v->confs, each marked tip when tip is set). */
char *vx_store_confs_encode(const struct vx_configuration *confs, size_t n);
int vx_store_confs_decode(const char *text, int tip, struct vx_vuln *v, struct vx_err *err);

#endif
