/* src/store/store_private.h - what the store's own files share; never included elsewhere.
 *
 * The handle's layout and small SQLite helpers that copy error text at once (sqlite3_errmsg
 * is overwritten by the next call) and bind/read nullable text.
 */
#ifndef VX_STORE_PRIVATE_H
#define VX_STORE_PRIVATE_H

#include "store/store.h"

#include <sqlite3.h>

struct vx_store {
	sqlite3 *db;	    /* owned; closed by vx_store_close */
	int in_tx;	    /* 1 between vx_store_begin and commit/rollback */
	int schema_version; /* user_version after migration */
};

/* err = "store: <what>: <sqlite message>"; returns VX_ESTORE. */
int vx_db_fail(struct vx_store *st, struct vx_err *err, const char *what);
int vx_db_prepare(struct vx_store *st, const char *sql, sqlite3_stmt **out, struct vx_err *err);
int vx_db_exec(struct vx_store *st, const char *sql, struct vx_err *err);
/* Bind text, or NULL when v is NULL (copied by SQLite). */
void vx_db_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Fresh copy of a text column, or NULL. */
char *vx_db_col_text(sqlite3_stmt *s, int i);

#endif
