/* tests/unit/check_store.c - the SQLite store through store.h: opening and migrating,
 * the manufacturer profile, products and versions, SBOM documents and the inventory.
 *
 * Fixtures use an in-memory database (":memory:" with VX_STORE_CREATE); the tests about
 * files (reopening, foreign files, a missing path, closing with an open transaction) use a
 * fresh directory under /tmp. sqlite3.h is used only to build foreign databases and to
 * tamper with a store's schema version, never to read what the store wrote: every check
 * goes through the public API. Tests named bug_* document a defect found in src/ and assert
 * the correct behaviour: they fail until it is fixed.
 */
#include "testutil.h"
#include "import/sbom.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"

#include <sqlite3.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char sha_a[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char sha_b[] = "2222222222222222222222222222222222222222222222222222222222222222";
static const char sha_c[] = "3333333333333333333333333333333333333333333333333333333333333333";

/* --- helpers -------------------------------------------------------------------------- */

static struct vx_store *open_mem(void)
{
	struct vx_store *st;
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_store_open(":memory:", VX_STORE_CREATE, &st, &err) != 0)
		ck_abort_msg("cannot open an in-memory store: %s", vx_err_text(&err));
	return st;
}

/* A fresh empty directory under /tmp; removed by rm_tmpdir. */
static char *make_tmpdir(void)
{
	char *d = vx_strdup("/tmp/vexil-check-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void rm_tmpdir(char *dir)
{
	static const char *const names[] = {"store.db",	    "store.db-wal",  "store.db-shm",
					    "store.db-journal", "other.db",     "other.db-wal",
					    "other.db-shm",	    "text.db",	     "text.db-wal",
					    "text.db-shm",	    "empty.db",	     "empty.db-wal",
					    "empty.db-shm",	    "missing.db"};
	for (size_t i = 0; i < N_ELEMS(names); i++) {
		char *p = vx_asprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	ck_assert_int_eq(rmdir(dir), 0);
	free(dir);
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static long long add_product(struct vx_store *st, const char *name, const char *pathway)
{
	struct vx_product p = {0};
	struct vx_err err;
	long long id = -1;
	p.name = (char *)name;
	p.pathway = (char *)pathway;
	p.model = (char *)"M-1";
	vx_err_clear(&err);
	if (vx_store_product_add(st, &p, &id, &err) != 0)
		ck_abort_msg("product add: %s", vx_err_text(&err));
	ck_assert_int_gt(id, 0);
	return id;
}

static long long add_version(struct vx_store *st, long long product, const char *version)
{
	struct vx_product_version v = {0};
	struct vx_product_version got;
	struct vx_product p;
	struct vx_err err;
	long long id;
	v.version = (char *)version;
	v.fielded = -1;
	vx_err_clear(&err);
	if (vx_store_version_put(st, product, &v, NULL, &err) != 0)
		ck_abort_msg("version put: %s", vx_err_text(&err));
	/* the id, found by name through the public API */
	{
		struct vx_product *list;
		size_t n;
		ck_assert_int_eq(vx_store_product_list(st, &list, &n, &err), 0);
		p.name = NULL;
		for (size_t i = 0; i < n; i++)
			if (list[i].id == product)
				p.name = vx_strdup(list[i].name);
		vx_product_list_free(list, n);
	}
	ck_assert_ptr_nonnull(p.name);
	ck_assert_int_eq(vx_store_version_get(st, p.name, version, &got, &err), 0);
	id = got.id;
	vx_version_release(&got);
	free(p.name);
	return id;
}

static void read_fixture(const char *rel, struct vx_sbom *s)
{
	char *path = vx_test_data(rel);
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_sbom_read_file(path, s, &err) != 0)
		ck_abort_msg("%s: %s", path, vx_err_text(&err));
	free(path);
}

/* sbom_put inside its own transaction; returns the doc id (0 when a duplicate). */
static long long put(struct vx_store *st, long long version_id, const struct vx_sbom *s,
		     const char *file, const char *sha, const char *support_sha, int *dup)
{
	struct vx_err err;
	long long id = 0;
	int d = -1;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	if (vx_store_sbom_put(st, version_id, s, file, sha, support_sha ? "support.csv" : NULL,
			      support_sha, &d, &id, &err) != 0)
		ck_abort_msg("sbom put: %s", vx_err_text(&err));
	ck_assert_int_eq(vx_store_commit(st, &err), 0);
	ck_assert(d == 0 || d == 1);
	if (dup)
		*dup = d;
	return d ? 0 : id;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

#define ck_assert_same(a, b)                                                                 \
	ck_assert_msg(str_same((a), (b)), "%s: '%s' != '%s'", #a, (a) ? (a) : "(null)",        \
		      (b) ? (b) : "(null)")

static bool has_hash(const struct vx_component *c, const struct vx_hash *h)
{
	for (size_t i = 0; i < c->nhashes; i++)
		if (strcmp(c->hashes[i].alg, h->alg) == 0 && strcmp(c->hashes[i].value, h->value) == 0)
			return true;
	return false;
}

/* Every component field of `got` (read back) equals `want` (as imported). */
static void assert_same_components(const struct vx_sbom *want, const struct vx_sbom *got)
{
	ck_assert_uint_eq(got->ncomponents, want->ncomponents);
	for (size_t i = 0; i < want->ncomponents; i++) {
		const struct vx_component *a = &want->components[i], *b = &got->components[i];
		ck_assert_same(b->bom_ref, a->bom_ref);
		ck_assert_same(b->type, a->type);
		ck_assert_same(b->group, a->group);
		ck_assert_same(b->name, a->name);
		ck_assert_same(b->version, a->version);
		ck_assert_same(b->supplier, a->supplier);
		ck_assert_same(b->author, a->author);
		ck_assert_same(b->purl, a->purl);
		ck_assert_same(b->cpe, a->cpe);
		ck_assert_same(b->licence, a->licence);
		ck_assert_same(b->description, a->description);
		ck_assert_same(b->support_level, a->support_level);
		ck_assert_same(b->end_of_support, a->end_of_support);
		ck_assert_int_eq(b->parent, a->parent);
		ck_assert_int_eq(b->is_device, a->is_device);
		ck_assert_uint_eq(b->nhashes, a->nhashes);
		for (size_t h = 0; h < a->nhashes; h++)
			ck_assert_msg(has_hash(b, &a->hashes[h]), "%s: hash %s %s lost", a->name,
				      a->hashes[h].alg, a->hashes[h].value);
	}
}

/* The dependency records of `want` that do not touch a service, in order. */
static void assert_same_edges(const struct vx_sbom *want, const struct vx_sbom *got)
{
	size_t j = 0;
	for (size_t i = 0; i < want->ndeps; i++) {
		const struct vx_dependency *d = &want->deps[i];
		if (vx_sbom_is_service_ref(want, d->from) ||
		    (d->to && vx_sbom_is_service_ref(want, d->to)))
			continue;
		ck_assert_msg(j < got->ndeps, "edge %s -> %s lost", d->from, d->to ? d->to : "-");
		ck_assert_same(got->deps[j].from, d->from);
		ck_assert_same(got->deps[j].to, d->to);
		j++;
	}
	ck_assert_uint_eq(got->ndeps, j);
}

/* Everything the public API shows about the store, as text: what a rollback must restore. */
static char *snapshot(struct vx_store *st)
{
	struct vx_buf b;
	struct vx_err err;
	struct vx_profile prof;
	struct vx_product *prods;
	struct vx_sbom_doc *docs;
	size_t np, nd;
	int rc;

	vx_buf_init(&b);
	vx_err_clear(&err);
	rc = vx_store_profile_get(st, &prof, &err);
	if (rc == 0) {
		vx_buf_printf(&b, "profile %s|%s|%s|%d|%s\n", prof.name, prof.csaf_namespace,
			      prof.cvd_contact ? prof.cvd_contact : "-", prof.isao_member,
			      prof.updated_at);
		vx_profile_release(&prof);
	} else {
		ck_assert_int_eq(rc, VX_ENOTFOUND);
		vx_buf_adds(&b, "no profile\n");
	}
	ck_assert_int_eq(vx_store_product_list(st, &prods, &np, &err), 0);
	for (size_t i = 0; i < np; i++) {
		struct vx_product_version *vers;
		size_t nv;
		vx_buf_printf(&b, "product %lld %s %s %s %d\n", prods[i].id, prods[i].name,
			      prods[i].model ? prods[i].model : "-", prods[i].pathway,
			      prods[i].cyber_device);
		ck_assert_int_eq(vx_store_version_list(st, prods[i].id, &vers, &nv, &err), 0);
		for (size_t v = 0; v < nv; v++) {
			struct vx_sbom inv;
			struct vx_sbom_doc doc;
			vx_buf_printf(&b, "  version %lld %s fielded=%d sbom=%lld n=%lld\n",
				      vers[v].id, vers[v].version, vers[v].fielded, vers[v].sbom_id,
				      vers[v].ncomponents);
			rc = vx_store_inventory(st, vers[v].id, &inv, &doc, &err);
			if (rc == 0) {
				size_t nh = 0;
				for (size_t c = 0; c < inv.ncomponents; c++)
					nh += inv.components[c].nhashes;
				vx_buf_printf(&b, "    inventory doc=%lld components=%zu hashes=%zu "
						  "edges=%zu\n",
					      doc.id, inv.ncomponents, nh, inv.ndeps);
				vx_sbom_release(&inv);
				vx_sbom_doc_release(&doc);
			} else {
				ck_assert_int_eq(rc, VX_ENOTFOUND);
			}
		}
		vx_version_list_free(vers, nv);
	}
	vx_product_list_free(prods, np);
	ck_assert_int_eq(vx_store_sbom_list(st, NULL, NULL, 1, &docs, &nd, &err), 0);
	for (size_t i = 0; i < nd; i++)
		vx_buf_printf(&b, "doc %lld v=%lld %s %s superseded=%s n=%lld\n", docs[i].id,
			      docs[i].version_id, docs[i].sha256, docs[i].file_name,
			      docs[i].superseded_at ? docs[i].superseded_at : "-",
			      docs[i].ncomponents);
	vx_sbom_doc_list_free(docs, nd);
	return vx_buf_detach(&b);
}

/* --- opening and migrating ------------------------------------------------------------- */

START_TEST(open_memory_migrates)
{
	struct vx_store *st = open_mem();
	struct vx_product *list;
	size_t n;
	struct vx_err err;

	ck_assert_int_eq(vx_store_schema_version(st), VX_STORE_SCHEMA_VERSION);
	ck_assert_int_eq(VX_STORE_SCHEMA_VERSION, 9);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_product_list(st, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(list);
	vx_store_close(st);
	vx_store_close(NULL); /* fine */
}
END_TEST

START_TEST(reopen_is_idempotent)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/store.db", dir);
	struct vx_store *st;
	struct vx_err err;
	char *before, *after;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_CREATE, &st, &err), 0);
	add_version(st, add_product(st, "Pump", "PMA"), "1.0");
	before = snapshot(st);
	vx_store_close(st);
	for (int mode = 0; mode < 2; mode++) {
		for (int round = 0; round < 2; round++) {
			ck_assert_int_eq(vx_store_open(path, mode ? VX_STORE_CREATE
								  : VX_STORE_EXISTING,
						       &st, &err),
					 0);
			ck_assert_int_eq(vx_store_schema_version(st), VX_STORE_SCHEMA_VERSION);
			after = snapshot(st);
			ck_assert_str_eq(after, before);
			free(after);
			vx_store_close(st);
		}
	}
	free(before);
	free(path);
	rm_tmpdir(dir);
}
END_TEST

START_TEST(newer_schema_refused)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/store.db", dir);
	struct vx_store *st;
	struct vx_err err;
	sqlite3 *db;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_CREATE, &st, &err), 0);
	vx_store_close(st);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_EXISTING, &st, &err), VX_EUNSUPPORTED);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(vx_err_text(&err), "schema version 99 is newer"), "%s",
		      vx_err_text(&err));
	free(path);
	rm_tmpdir(dir);
}
END_TEST

/* A SQLite database of another program is refused and left exactly as it was. */
START_TEST(foreign_sqlite_refused)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/other.db", dir);
	struct vx_store *st;
	struct vx_err err;
	sqlite3 *db;
	sqlite3_stmt *q;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE notes (x TEXT); INSERT INTO notes "
					  "VALUES ('keep me')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	for (int mode = 0; mode < 2; mode++) {
		vx_err_clear(&err);
		ck_assert_int_eq(vx_store_open(path, mode ? VX_STORE_CREATE : VX_STORE_EXISTING,
					       &st, &err),
				 VX_EINVAL);
		ck_assert_ptr_null(st);
		ck_assert_msg(strstr(vx_err_text(&err), "not a vexil store"), "%s",
			      vx_err_text(&err));
		ck_assert_msg(strstr(vx_err_text(&err), path), "%s", vx_err_text(&err));
	}
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM sqlite_schema), "
						"(SELECT x FROM notes)",
					    -1, &q, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(q, 0), 1); /* no vexil tables added */
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 1), "keep me");
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(path);
	rm_tmpdir(dir);
}
END_TEST

START_TEST(non_database_refused)
{
	static const char text[] = "name,version\nzlib,1.3\n this is a CSV file, not SQLite; it "
				   "is long enough to fill a database header of 100 bytes.\n";
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/text.db", dir);
	struct vx_store *st;
	struct vx_err err;
	FILE *f = fopen(path, "w");
	char *back;
	size_t len;

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	for (int mode = 0; mode < 2; mode++) {
		vx_err_clear(&err);
		ck_assert_int_lt(vx_store_open(path, mode ? VX_STORE_CREATE : VX_STORE_EXISTING,
					       &st, &err),
				 0);
		ck_assert_ptr_null(st);
		ck_assert_msg(strstr(vx_err_text(&err), "not a database"), "%s",
			      vx_err_text(&err));
	}
	back = vx_test_slurp(path, &len);
	ck_assert_uint_eq(len, sizeof(text) - 1);
	ck_assert_str_eq(back, text);
	free(back);
	free(path);
	rm_tmpdir(dir);
}
END_TEST

START_TEST(existing_missing_not_created)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/missing.db", dir);
	char *wal = vx_asprintf("%s-wal", path);
	struct vx_store *st = (struct vx_store *)&st;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_EXISTING, &st, &err), VX_ENOTFOUND);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(vx_err_text(&err), "no store at"), "%s", vx_err_text(&err));
	ck_assert(!file_exists(path));
	ck_assert(!file_exists(wal));
	free(wal);
	free(path);
	rm_tmpdir(dir);

	ck_assert_int_eq(vx_store_open("/nonexistent-dir/vexil/x.db", VX_STORE_CREATE, &st, &err),
			 VX_ESTORE);
	ck_assert_ptr_null(st);
}
END_TEST

/* BUG (src/store/store.c, vx_store_open/migrate): VX_STORE_EXISTING promises "the file must
 * exist and be a vexil store", but an existing empty (0-byte) file is silently turned into a
 * new store; `vexil --db typo.db` on a touched file then works on an empty store instead of
 * saying it is not one. */
START_TEST(bug_existing_empty_file)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/empty.db", dir);
	struct vx_store *st;
	struct vx_err err;
	FILE *f = fopen(path, "w");
	struct stat sb;
	int rc;

	ck_assert_ptr_nonnull(f);
	fclose(f);
	vx_err_clear(&err);
	rc = vx_store_open(path, VX_STORE_EXISTING, &st, &err);
	vx_store_close(rc == 0 ? st : NULL);
	ck_assert_int_eq(stat(path, &sb), 0);
	free(path);
	rm_tmpdir(dir);
	ck_assert_msg(rc < 0, "an empty file was opened as an existing store (now %lld bytes)",
		      (long long)sb.st_size);
}
END_TEST

START_TEST(transactions)
{
	struct vx_store *st = open_mem();
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_begin(st, &err), VX_ESTORE); /* no nesting */
	ck_assert_msg(strstr(vx_err_text(&err), "already open"), "%s", vx_err_text(&err));
	add_product(st, "A", "PMA");
	ck_assert_int_eq(vx_store_commit(st, &err), 0);
	vx_err_clear(&err);
	ck_assert_int_lt(vx_store_commit(st, &err), 0); /* nothing to commit */
	ck_assert_int_eq(vx_store_begin(st, &err), 0);  /* and the handle still works */
	add_product(st, "B", "PMA");
	vx_store_rollback(st);
	{
		struct vx_product *list;
		size_t n;
		ck_assert_int_eq(vx_store_product_list(st, &list, &n, &err), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(list[0].name, "A");
		vx_product_list_free(list, n);
	}
	vx_store_rollback(st); /* harmless without a transaction */
	vx_store_close(st);
}
END_TEST

/* Closing with an open transaction rolls it back. */
START_TEST(close_rolls_back)
{
	char *dir = make_tmpdir();
	char *path = vx_asprintf("%s/store.db", dir);
	struct vx_store *st;
	struct vx_err err;
	struct vx_product p;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_CREATE, &st, &err), 0);
	add_product(st, "Kept", "PMA");
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	add_product(st, "Lost", "PMA");
	vx_store_close(st);
	ck_assert_int_eq(vx_store_open(path, VX_STORE_EXISTING, &st, &err), 0);
	ck_assert_int_eq(vx_store_product_get(st, "Kept", &p, &err), 0);
	vx_product_release(&p);
	ck_assert_int_eq(vx_store_product_get(st, "Lost", &p, &err), VX_ENOTFOUND);
	vx_store_close(st);
	free(path);
	rm_tmpdir(dir);
}
END_TEST

/* --- profile ----------------------------------------------------------------------------- */

START_TEST(profile_lifecycle)
{
	struct vx_store *st = open_mem();
	struct vx_profile p = {0}, got;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), VX_ENOTFOUND);
	ck_assert_ptr_null(got.name);
	ck_assert_msg(strstr(vx_err_text(&err), "no manufacturer profile"), "%s",
		      vx_err_text(&err));

	/* The first profile needs a name. */
	p.csaf_namespace = (char *)"https://acme.example";
	p.isao_member = -1;
	ck_assert_int_eq(vx_store_profile_set(st, &p, &err), VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), "needs a manufacturer name"), "%s",
		      vx_err_text(&err));
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), VX_ENOTFOUND);

	p.name = (char *)"Acme Medical";
	p.cvd_contact = (char *)"mailto:psirt@acme.example";
	p.isao_name = (char *)"H-ISAC";
	p.isao_member = 1;
	p.isao_evidence = (char *)"agreement 42, 2024-01-10";
	ck_assert_int_eq(vx_store_profile_set(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), 0);
	ck_assert_str_eq(got.name, "Acme Medical");
	ck_assert_str_eq(got.csaf_namespace, "https://acme.example");
	ck_assert_str_eq(got.cvd_contact, "mailto:psirt@acme.example");
	ck_assert_str_eq(got.isao_name, "H-ISAC");
	ck_assert_int_eq(got.isao_member, 1);
	ck_assert_str_eq(got.isao_evidence, "agreement 42, 2024-01-10");
	ck_assert_ptr_nonnull(got.updated_at);
	ck_assert(vx_time_parse_datetime(got.updated_at, NULL));
	vx_profile_release(&got);
	ck_assert_ptr_null(got.name);

	/* A partial update keeps what it does not name. */
	memset(&p, 0, sizeof(p));
	p.csaf_namespace = (char *)"https://psirt.acme.example";
	p.isao_member = -1;
	ck_assert_int_eq(vx_store_profile_set(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), 0);
	ck_assert_str_eq(got.name, "Acme Medical");
	ck_assert_str_eq(got.csaf_namespace, "https://psirt.acme.example");
	ck_assert_str_eq(got.cvd_contact, "mailto:psirt@acme.example");
	ck_assert_str_eq(got.isao_name, "H-ISAC");
	ck_assert_int_eq(got.isao_member, 1);
	ck_assert_str_eq(got.isao_evidence, "agreement 42, 2024-01-10");
	vx_profile_release(&got);

	/* isao_member 0 is a value, not "keep". */
	memset(&p, 0, sizeof(p));
	p.isao_member = 0;
	ck_assert_int_eq(vx_store_profile_set(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), 0);
	ck_assert_int_eq(got.isao_member, 0);
	ck_assert_str_eq(got.name, "Acme Medical");
	ck_assert_str_eq(got.isao_name, "H-ISAC");
	vx_profile_release(&got);

	/* Renaming works too. */
	p.name = (char *)"Acme Medical GmbH";
	p.isao_member = -1;
	ck_assert_int_eq(vx_store_profile_set(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_profile_get(st, &got, &err), 0);
	ck_assert_str_eq(got.name, "Acme Medical GmbH");
	ck_assert_int_eq(got.isao_member, 0);
	vx_profile_release(&got);
	vx_store_close(st);
}
END_TEST

/* --- products --------------------------------------------------------------------------- */

static const struct {
	const char *in, *out;
} pathways[] = {
	{"PMA", "PMA"},		  {"pma", "PMA"},	    {"510k", "510(k)"},
	{"510(K)", "510(k)"},	  {"De Novo", "De Novo"},   {"denovo", "De Novo"},
	{"DE-NOVO", "De Novo"},	  {"510", NULL},	    {"", NULL},
	{"PMA ", NULL},
};

START_TEST(pathway_names)
{
	const char *got = vx_store_pathway(pathways[_i].in);
	ck_assert_same(got, pathways[_i].out);
}
END_TEST

START_TEST(product_add_get_update)
{
	struct vx_store *st = open_mem();
	struct vx_product p = {0}, got, *list;
	struct vx_err err;
	long long id, id2;
	size_t n;

	vx_err_clear(&err);
	ck_assert_ptr_null(vx_store_pathway(NULL));
	p.name = (char *)"Infusion Pump X";
	p.model = (char *)"IPX-200";
	p.pathway = (char *)"510k";
	p.cyber_device = 1;
	ck_assert_int_eq(vx_store_product_add(st, &p, &id, &err), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(vx_store_product_get(st, "Infusion Pump X", &got, &err), 0);
	ck_assert_int_eq(got.id, id);
	ck_assert_str_eq(got.name, "Infusion Pump X");
	ck_assert_str_eq(got.model, "IPX-200");
	ck_assert_str_eq(got.pathway, "510(k)");
	ck_assert_int_eq(got.cyber_device, 1);
	ck_assert(got.created_at && vx_time_parse_datetime(got.created_at, NULL));
	vx_product_release(&got);

	/* Duplicate name. */
	p.pathway = (char *)"PMA";
	ck_assert_int_eq(vx_store_product_add(st, &p, NULL, &err), VX_EEXIST);
	ck_assert_str_eq(vx_err_text(&err), "product 'Infusion Pump X' already exists");

	/* Bad pathway, blank name: refused, nothing added. */
	p.name = (char *)"Monitor";
	p.pathway = (char *)"CE mark";
	ck_assert_int_eq(vx_store_product_add(st, &p, NULL, &err), VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), "'CE mark' is not one of PMA, 510(k), De Novo"),
		      "%s", vx_err_text(&err));
	p.pathway = NULL;
	ck_assert_int_eq(vx_store_product_add(st, &p, NULL, &err), VX_EINVAL);
	p.name = (char *)" ";
	p.pathway = (char *)"PMA";
	ck_assert_int_eq(vx_store_product_add(st, &p, NULL, &err), VX_EINVAL);
	ck_assert_int_eq(vx_store_product_get(st, "Monitor", &got, &err), VX_ENOTFOUND);
	ck_assert_msg(strstr(vx_err_text(&err), "unknown product 'Monitor'"), "%s",
		      vx_err_text(&err));

	/* A second product, no model; the list is sorted by name. */
	memset(&p, 0, sizeof(p));
	p.name = (char *)"Ambulatory Monitor";
	p.pathway = (char *)"De Novo";
	ck_assert_int_eq(vx_store_product_add(st, &p, &id2, &err), 0);
	ck_assert_int_ne(id2, id);
	ck_assert_int_eq(vx_store_product_list(st, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].name, "Ambulatory Monitor");
	ck_assert_ptr_null(list[0].model);
	ck_assert_int_eq(list[0].cyber_device, 0);
	ck_assert_str_eq(list[1].name, "Infusion Pump X");
	vx_product_list_free(list, n);

	/* Update only the model: pathway and cyber flag kept. */
	memset(&p, 0, sizeof(p));
	p.name = (char *)"Infusion Pump X";
	p.model = (char *)"IPX-300";
	p.cyber_device = -1;
	ck_assert_int_eq(vx_store_product_update(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_product_get(st, "Infusion Pump X", &got, &err), 0);
	ck_assert_str_eq(got.model, "IPX-300");
	ck_assert_str_eq(got.pathway, "510(k)");
	ck_assert_int_eq(got.cyber_device, 1);
	vx_product_release(&got);

	/* Update pathway and cyber flag: model kept. */
	p.model = NULL;
	p.pathway = (char *)"denovo";
	p.cyber_device = 0;
	ck_assert_int_eq(vx_store_product_update(st, &p, &err), 0);
	ck_assert_int_eq(vx_store_product_get(st, "Infusion Pump X", &got, &err), 0);
	ck_assert_str_eq(got.model, "IPX-300");
	ck_assert_str_eq(got.pathway, "De Novo");
	ck_assert_int_eq(got.cyber_device, 0);
	vx_product_release(&got);

	p.pathway = (char *)"IDE";
	ck_assert_int_eq(vx_store_product_update(st, &p, &err), VX_EINVAL);
	ck_assert_int_eq(vx_store_product_get(st, "Infusion Pump X", &got, &err), 0);
	ck_assert_str_eq(got.pathway, "De Novo");
	vx_product_release(&got);
	p.name = (char *)"No Such Device";
	p.pathway = NULL;
	ck_assert_int_eq(vx_store_product_update(st, &p, &err), VX_ENOTFOUND);
	ck_assert_msg(strstr(vx_err_text(&err), "unknown product 'No Such Device'"), "%s",
		      vx_err_text(&err));
	vx_store_close(st);
}
END_TEST

/* --- versions --------------------------------------------------------------------------- */

START_TEST(version_put_get_list)
{
	struct vx_store *st = open_mem();
	struct vx_product_version v = {0}, got, *list;
	struct vx_err err;
	long long pid = add_product(st, "Pump", "PMA"), other = add_product(st, "Other", "PMA");
	int created = -1;
	size_t n;

	vx_err_clear(&err);
	v.version = (char *)"2.1";
	v.fielded = 0;
	v.release_date = (char *)"2024-02-29";
	v.end_of_support = (char *)"2034-12-31";
	v.udi_di = (char *)"00812345678901";
	ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err), 0);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(vx_store_version_get(st, "Pump", "2.1", &got, &err), 0);
	ck_assert_int_gt(got.id, 0);
	ck_assert_int_eq(got.product_id, pid);
	ck_assert_str_eq(got.version, "2.1");
	ck_assert_int_eq(got.fielded, 0);
	ck_assert_str_eq(got.release_date, "2024-02-29");
	ck_assert_str_eq(got.end_of_support, "2034-12-31");
	ck_assert_str_eq(got.udi_di, "00812345678901");
	ck_assert_int_eq(got.sbom_id, 0);
	ck_assert_ptr_null(got.sbom_file);
	ck_assert_int_eq(got.ncomponents, 0);
	vx_version_release(&got);

	/* Update: only what is given changes. */
	memset(&v, 0, sizeof(v));
	v.version = (char *)"2.1";
	v.fielded = -1;
	v.end_of_support = (char *)"2035-06-30";
	ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err), 0);
	ck_assert_int_eq(created, 0);
	ck_assert_int_eq(vx_store_version_get(st, "Pump", "2.1", &got, &err), 0);
	ck_assert_int_eq(got.fielded, 0);
	ck_assert_str_eq(got.release_date, "2024-02-29");
	ck_assert_str_eq(got.end_of_support, "2035-06-30");
	ck_assert_str_eq(got.udi_di, "00812345678901");
	vx_version_release(&got);
	v.end_of_support = NULL;
	v.fielded = 1;
	ck_assert_int_eq(vx_store_version_put(st, pid, &v, NULL, &err), 0);
	ck_assert_int_eq(vx_store_version_get(st, "Pump", "2.1", &got, &err), 0);
	ck_assert_int_eq(got.fielded, 1);
	ck_assert_str_eq(got.end_of_support, "2035-06-30");
	vx_version_release(&got);

	/* A new version with nothing but its name: fielded by default. */
	memset(&v, 0, sizeof(v));
	v.version = (char *)"2.0";
	v.fielded = -1;
	ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err), 0);
	ck_assert_int_eq(created, 1);
	/* The same version string under another product is another version. */
	ck_assert_int_eq(vx_store_version_put(st, other, &v, &created, &err), 0);
	ck_assert_int_eq(created, 1);

	/* Bad dates and a blank version: refused, nothing written. */
	{
		static const char *const bad[] = {"2023-02-29", "2024-13-01", "01/02/2024",
						  "2024-1-1", "2024-05-01T00:00:00Z", "soon"};
		for (size_t i = 0; i < N_ELEMS(bad); i++) {
			memset(&v, 0, sizeof(v));
			v.version = (char *)"9.9";
			v.fielded = -1;
			if (i % 2)
				v.release_date = (char *)bad[i];
			else
				v.end_of_support = (char *)bad[i];
			ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err),
					 VX_EINVAL);
			ck_assert_msg(strstr(vx_err_text(&err), "is not a date (YYYY-MM-DD)"),
				      "%s", vx_err_text(&err));
		}
		v.version = (char *)"2.1"; /* an existing one is not changed either */
		v.release_date = (char *)"2024-02-30";
		v.end_of_support = NULL;
		ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err), VX_EINVAL);
		v.version = (char *)"";
		v.release_date = NULL;
		ck_assert_int_eq(vx_store_version_put(st, pid, &v, &created, &err), VX_EINVAL);
	}
	ck_assert_int_eq(vx_store_version_get(st, "Pump", "9.9", &got, &err), VX_ENOTFOUND);
	ck_assert_msg(strstr(vx_err_text(&err), "product 'Pump' has no version '9.9'"), "%s",
		      vx_err_text(&err));
	ck_assert_int_eq(vx_store_version_get(st, "Pump", "2.1", &got, &err), 0);
	ck_assert_str_eq(got.release_date, "2024-02-29");
	vx_version_release(&got);
	ck_assert_int_eq(vx_store_version_get(st, "Nope", "2.1", &got, &err), VX_ENOTFOUND);
	ck_assert_msg(strstr(vx_err_text(&err), "unknown product 'Nope'"), "%s",
		      vx_err_text(&err));

	/* A version of a product that does not exist. */
	memset(&v, 0, sizeof(v));
	v.version = (char *)"1";
	v.fielded = -1;
	ck_assert_int_lt(vx_store_version_put(st, 9999, &v, NULL, &err), 0);

	ck_assert_int_eq(vx_store_version_list(st, pid, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].version, "2.1"); /* creation order */
	ck_assert_str_eq(list[1].version, "2.0");
	ck_assert_int_eq(list[1].fielded, 1);
	ck_assert_ptr_null(list[1].release_date);
	vx_version_list_free(list, n);
	ck_assert_int_eq(vx_store_version_list(st, other, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	vx_version_list_free(list, n);
	ck_assert_int_eq(vx_store_version_list(st, 9999, &list, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	vx_store_close(st);
}
END_TEST

/* --- SBOM documents and inventory -------------------------------------------------------- */

START_TEST(sbom_roundtrip_cyclonedx)
{
	struct vx_store *st = open_mem();
	struct vx_sbom s, inv;
	struct vx_sbom_doc doc;
	struct vx_product_version ver;
	struct vx_err err;
	long long vid = add_version(st, add_product(st, "Pump", "PMA"), "2.1"), did;
	int dup;

	read_fixture("sbom/device-1.6.cdx.json", &s);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), VX_ENOTFOUND);
	did = put(st, vid, &s, "pump-2.1.cdx.json", sha_a, NULL, &dup);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_gt(did, 0);

	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), 0);
	ck_assert_int_eq(doc.id, did);
	ck_assert_int_eq(doc.version_id, vid);
	ck_assert_str_eq(doc.product, "Pump");
	ck_assert_str_eq(doc.version, "2.1");
	ck_assert_str_eq(doc.format, "CycloneDX JSON");
	ck_assert_str_eq(doc.spec_version, "1.6");
	ck_assert_str_eq(doc.serial, s.serial);
	ck_assert_str_eq(doc.doc_version, "3");
	ck_assert_str_eq(doc.sha256, sha_a);
	ck_assert_str_eq(doc.file_name, "pump-2.1.cdx.json");
	ck_assert_ptr_null(doc.support_file);
	ck_assert_ptr_null(doc.support_sha256);
	ck_assert_str_eq(doc.authors, s.authors);
	ck_assert_str_eq(doc.sbom_timestamp, "2024-05-01T10:15:09+02:00");
	ck_assert(doc.imported_at && vx_time_parse_datetime(doc.imported_at, NULL));
	ck_assert_ptr_null(doc.superseded_at);
	ck_assert_int_eq(doc.ncomponents, 4); /* the device is not inventory */

	ck_assert_int_eq(inv.format, VX_SBOM_CYCLONEDX_JSON);
	ck_assert_str_eq(inv.spec_version, "1.6");
	ck_assert_str_eq(inv.serial, s.serial);
	ck_assert_str_eq(inv.doc_version, "3");
	ck_assert_str_eq(inv.timestamp, s.timestamp);
	ck_assert_str_eq(inv.authors, s.authors);
	assert_same_components(&s, &inv);
	/* pump->cloud and cloud (a service) are dropped; zlib's "depends on nothing" kept */
	assert_same_edges(&s, &inv);
	ck_assert_uint_eq(inv.ndeps, 5);
	ck_assert_str_eq(inv.deps[4].from, "zlib");
	ck_assert_ptr_null(inv.deps[4].to);
	ck_assert_uint_eq(inv.nservice_refs, 0);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);

	ck_assert_int_eq(vx_store_version_get(st, "Pump", "2.1", &ver, &err), 0);
	ck_assert_int_eq(ver.sbom_id, did);
	ck_assert_str_eq(ver.sbom_file, "pump-2.1.cdx.json");
	ck_assert_int_eq(ver.ncomponents, 4);
	vx_version_release(&ver);
	vx_sbom_release(&s);
	vx_store_close(st);
}
END_TEST

START_TEST(sbom_roundtrip_spdx_and_support)
{
	struct vx_store *st = open_mem();
	struct vx_sbom s, inv;
	struct vx_sbom_doc doc;
	struct vx_err err;
	long long vid = add_version(st, add_product(st, "Pump", "PMA"), "2.1");
	static const char csv[] = "purl,support_level\npkg:generic/zlib@1.3.1,abandoned\n";

	read_fixture("sbom/device-2.3.spdx.json", &s);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_apply_support_csv(&s, csv, sizeof(csv) - 1, &err), 0);
	put(st, vid, &s, "pump.spdx.json", sha_b, sha_c, NULL);
	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), 0);
	ck_assert_str_eq(doc.format, "SPDX JSON");
	ck_assert_str_eq(doc.spec_version, "2.3");
	ck_assert_str_eq(doc.support_file, "support.csv");
	ck_assert_str_eq(doc.support_sha256, sha_c);
	ck_assert_ptr_null(doc.doc_version);
	ck_assert_int_eq(doc.ncomponents, 3);
	ck_assert_int_eq(inv.format, VX_SBOM_SPDX_JSON);
	assert_same_components(&s, &inv);
	assert_same_edges(&s, &inv);
	ck_assert_uint_eq(inv.ndeps, 3);
	ck_assert_str_eq(inv.components[2].support_level, "abandoned");
	ck_assert(inv.components[0].is_device);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);
	vx_sbom_release(&s);
	vx_store_close(st);
}
END_TEST

/* Hand-built SBOM: deep parent chains, a component without hashes after one with three,
 * duplicate-looking hashes, edges in both directions and to the device. */
START_TEST(sbom_roundtrip_built)
{
	struct vx_store *st = open_mem();
	struct vx_sbom s, inv;
	struct vx_sbom_doc doc;
	struct vx_err err;
	long long vid = add_version(st, add_product(st, "Pump", "PMA"), "1");
	struct vx_component *c;

	vx_sbom_init(&s);
	s.format = VX_SBOM_CYCLONEDX_XML;
	s.spec_version = vx_strdup("1.5");
	c = vx_sbom_add_component(&s);
	c->bom_ref = vx_strdup("dev");
	c->name = vx_strdup("Pump");
	c->type = vx_strdup("device");
	c->is_device = 1;
	for (int i = 1; i <= 5; i++) {
		c = vx_sbom_add_component(&s);
		c->bom_ref = vx_asprintf("c%d", i);
		c->name = vx_asprintf("name %d \xe2\x82\xac 'quoted'", i);
		c->type = vx_strdup("library");
		c->parent = i - 1; /* a chain: dev > c1 > c2 > ... */
	}
	vx_component_add_hash(&s.components[2], "SHA-256",
			      "f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b");
	vx_component_add_hash(&s.components[2], "MD5", "d41d8cd98f00b204e9800998ecf8427e");
	vx_component_add_hash(&s.components[2], "SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	vx_sbom_add_dependency(&s, "c5", "dev");
	vx_sbom_add_dependency(&s, "dev", "c5");
	vx_sbom_add_dependency(&s, "c3", NULL);
	vx_sbom_add_dependency(&s, "c3", "c1");
	put(st, vid, &s, "built.xml", sha_a, NULL, NULL);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), 0);
	ck_assert_int_eq(inv.format, VX_SBOM_CYCLONEDX_XML);
	ck_assert_str_eq(doc.format, "CycloneDX XML");
	ck_assert_ptr_null(doc.serial);
	ck_assert_ptr_null(doc.authors);
	ck_assert_ptr_null(doc.sbom_timestamp);
	assert_same_components(&s, &inv);
	assert_same_edges(&s, &inv);
	ck_assert_int_eq(doc.ncomponents, 5);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);
	vx_sbom_release(&s);
	vx_store_close(st);
}
END_TEST

START_TEST(sbom_duplicate_and_supersede)
{
	struct vx_store *st = open_mem();
	struct vx_sbom a, b, inv;
	struct vx_sbom_doc doc, *docs;
	struct vx_err err;
	long long pid = add_product(st, "Pump", "PMA");
	long long vid = add_version(st, pid, "2.1"), vid2 = add_version(st, pid, "3.0");
	long long da, db, da2, dsup;
	char *before, *after;
	int dup;
	size_t n;

	read_fixture("sbom/device-1.6.cdx.json", &a);
	read_fixture("sbom/device-2.3.spdx.json", &b);
	da = put(st, vid, &a, "a.json", sha_a, NULL, &dup);
	ck_assert_int_eq(dup, 0);

	/* The same file again: nothing written. */
	before = snapshot(st);
	ck_assert_int_eq(put(st, vid, &a, "renamed.json", sha_a, NULL, &dup), 0);
	ck_assert_int_eq(dup, 1);
	after = snapshot(st);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);

	/* The same file with a sidecar is a new import; then the sidecar again is a duplicate. */
	dsup = put(st, vid, &a, "a.json", sha_a, sha_c, &dup);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_gt(dsup, da);
	put(st, vid, &a, "a.json", sha_a, sha_c, &dup);
	ck_assert_int_eq(dup, 1);

	/* A different SBOM supersedes the current one. */
	db = put(st, vid, &b, "b.spdx.json", sha_b, NULL, &dup);
	ck_assert_int_eq(dup, 0);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_inventory(st, vid, &inv, &doc, &err), 0);
	ck_assert_int_eq(doc.id, db);
	ck_assert_int_eq(inv.format, VX_SBOM_SPDX_JSON);
	assert_same_components(&b, &inv);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);

	ck_assert_int_eq(vx_store_sbom_list(st, "Pump", "2.1", 0, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(docs[0].id, db);
	ck_assert_ptr_null(docs[0].superseded_at);
	vx_sbom_doc_list_free(docs, n);

	ck_assert_int_eq(vx_store_sbom_list(st, "Pump", "2.1", 1, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 3); /* newest first */
	ck_assert_int_eq(docs[0].id, db);
	ck_assert_ptr_null(docs[0].superseded_at);
	ck_assert_int_eq(docs[0].ncomponents, 3);
	ck_assert_int_eq(docs[1].id, dsup);
	ck_assert(docs[1].superseded_at && vx_time_parse_datetime(docs[1].superseded_at, NULL));
	ck_assert_int_eq(docs[1].ncomponents, 4); /* history keeps its components */
	ck_assert_str_eq(docs[1].support_sha256, sha_c);
	ck_assert_int_eq(docs[2].id, da);
	ck_assert_ptr_nonnull(docs[2].superseded_at);
	ck_assert_str_eq(docs[2].file_name, "a.json");
	ck_assert_str_eq(docs[2].sha256, sha_a);
	vx_sbom_doc_list_free(docs, n);

	/* Going back to the first file: not a duplicate of the current one. */
	da2 = put(st, vid, &a, "a.json", sha_a, NULL, &dup);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_gt(da2, db);
	ck_assert_int_eq(vx_store_sbom_list(st, NULL, NULL, 1, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	vx_sbom_doc_list_free(docs, n);

	/* Filters: another version, another product. */
	put(st, vid2, &b, "b3.json", sha_b, NULL, &dup);
	ck_assert_int_eq(dup, 0); /* same sha, other version: not a duplicate */
	ck_assert_int_eq(vx_store_sbom_list(st, "Pump", "3.0", 1, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(docs[0].version, "3.0");
	vx_sbom_doc_list_free(docs, n);
	ck_assert_int_eq(vx_store_sbom_list(st, NULL, NULL, 0, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 2); /* current of 2.1 and of 3.0 */
	vx_sbom_doc_list_free(docs, n);
	ck_assert_int_eq(vx_store_sbom_list(st, "Other", NULL, 1, &docs, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(docs);

	vx_sbom_release(&a);
	vx_sbom_release(&b);
	vx_store_close(st);
}
END_TEST

/* A rolled-back import leaves every table as it was: the old document current again, no new
 * document, component, hash or edge. */
/* The store keeps the imported files byte for byte (binary-safe, with NULs), with the
 * sidecar; an import made without them reads back as NULL; an unknown document is
 * VX_ENOTFOUND. */
START_TEST(sbom_content_kept)
{
	struct vx_store *st = open_mem();
	struct vx_sbom a;
	struct vx_err err;
	long long vid = add_version(st, add_product(st, "Pump", "PMA"), "1.0"), did;
	const char file[] = "{\"bomFormat\":\"CycloneDX\"}\0tail";
	const char csv[] = "name,version,support_level\n";
	char *sb, *sup;
	size_t sbn, supn;
	read_fixture("sbom/device-1.6.cdx.json", &a);
	did = put(st, vid, &a, "a.json", sha_a, NULL, NULL);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_sbom_content(st, did, &sb, &sbn, &sup, &supn, &err), 0);
	ck_assert_ptr_null(sb);
	ck_assert_ptr_null(sup);
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_content_put(st, did, file, sizeof(file), csv, strlen(csv),
						   &err),
			 0);
	ck_assert_int_eq(vx_store_commit(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_content(st, did, &sb, &sbn, &sup, &supn, &err), 0);
	ck_assert_uint_eq(sbn, sizeof(file));
	ck_assert_int_eq(memcmp(sb, file, sizeof(file)), 0);
	ck_assert_uint_eq(supn, strlen(csv));
	ck_assert_str_eq(sup, csv);
	free(sb);
	free(sup);
	ck_assert_int_eq(vx_store_sbom_content(st, 9999, &sb, &sbn, &sup, &supn, &err),
			 VX_ENOTFOUND);
	ck_assert_int_eq(vx_store_sbom_content_put(st, 9999, file, 3, NULL, 0, &err), VX_ENOTFOUND);
	vx_sbom_release(&a);
	vx_store_close(st);
}
END_TEST

START_TEST(sbom_rollback)
{
	struct vx_store *st = open_mem();
	struct vx_sbom a, b;
	struct vx_err err;
	struct vx_profile prof = {0};
	long long pid = add_product(st, "Pump", "PMA");
	long long vid = add_version(st, pid, "2.1");
	char *before, *during, *after;
	int dup;
	long long did;

	read_fixture("sbom/device-1.6.cdx.json", &a);
	read_fixture("sbom/device-2.3.spdx.json", &b);
	prof.name = (char *)"Acme";
	prof.isao_member = -1;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_profile_set(st, &prof, &err), 0);
	put(st, vid, &a, "a.json", sha_a, NULL, NULL);
	before = snapshot(st);

	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_put(st, vid, &b, "b.json", sha_b, NULL, NULL, &dup, &did,
					   &err),
			 0);
	ck_assert_int_eq(dup, 0);
	add_version(st, add_product(st, "Monitor", "510k"), "1.0");
	prof.name = (char *)"Renamed";
	ck_assert_int_eq(vx_store_profile_set(st, &prof, &err), 0);
	during = snapshot(st);
	ck_assert_str_ne(during, before); /* the transaction did change something */
	vx_store_rollback(st);
	after = snapshot(st);
	ck_assert_str_eq(after, before);

	/* The store is usable afterwards, and the same import now succeeds. */
	put(st, vid, &b, "b.json", sha_b, NULL, &dup);
	ck_assert_int_eq(dup, 0);
	free(before);
	free(during);
	free(after);
	vx_sbom_release(&a);
	vx_sbom_release(&b);
	vx_store_close(st);
}
END_TEST

/* A put that fails half-way (a component the schema refuses) is undone by the rollback. */
START_TEST(sbom_failed_put_rolls_back)
{
	struct vx_store *st = open_mem();
	struct vx_sbom a, bad;
	struct vx_err err;
	long long vid = add_version(st, add_product(st, "Pump", "PMA"), "2.1");
	char *before, *after;
	int dup;
	struct vx_component *c;

	read_fixture("sbom/device-1.6.cdx.json", &a);
	put(st, vid, &a, "a.json", sha_a, NULL, NULL);
	before = snapshot(st);

	vx_sbom_init(&bad);
	bad.format = VX_SBOM_CYCLONEDX_JSON;
	bad.spec_version = vx_strdup("1.6");
	c = vx_sbom_add_component(&bad);
	c->bom_ref = vx_strdup("ok");
	c->name = vx_strdup("ok");
	c = vx_sbom_add_component(&bad);
	c->bom_ref = vx_strdup("no-name"); /* name NULL: NOT NULL constraint */
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_put(st, vid, &bad, "bad.json", sha_b, NULL, NULL, &dup,
					   NULL, &err),
			 VX_ESTORE);
	ck_assert_msg(strstr(vx_err_text(&err), "insert component"), "%s", vx_err_text(&err));
	vx_store_rollback(st);
	after = snapshot(st);
	ck_assert_str_eq(after, before);

	/* A bad sha256 (the schema wants 64 characters) and an unknown version fail too. */
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_put(st, vid, &a, "a.json", "abc", NULL, NULL, &dup, NULL,
					   &err),
			 VX_ESTORE);
	vx_store_rollback(st);
	ck_assert_int_eq(vx_store_begin(st, &err), 0);
	ck_assert_int_eq(vx_store_sbom_put(st, 9999, &a, "a.json", sha_b, NULL, NULL, &dup, NULL,
					   &err),
			 VX_ESTORE);
	vx_store_rollback(st);
	free(after);
	after = snapshot(st);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	vx_sbom_release(&bad);
	vx_sbom_release(&a);
	vx_store_close(st);
}
END_TEST

/* The same SBOM imported for two versions: two independent inventories. */
START_TEST(sbom_two_versions)
{
	struct vx_store *st = open_mem();
	struct vx_sbom a, inv1, inv2;
	struct vx_sbom_doc d1, d2;
	struct vx_err err;
	long long pid = add_product(st, "Pump", "PMA");
	long long v1 = add_version(st, pid, "1"), v2 = add_version(st, pid, "2");

	read_fixture("sbom/device-1.6.cdx.json", &a);
	put(st, v1, &a, "a.json", sha_a, NULL, NULL);
	put(st, v2, &a, "a.json", sha_a, NULL, NULL);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_store_inventory(st, v1, &inv1, &d1, &err), 0);
	ck_assert_int_eq(vx_store_inventory(st, v2, &inv2, &d2, &err), 0);
	ck_assert_int_ne(d1.id, d2.id);
	assert_same_components(&a, &inv1);
	assert_same_components(&a, &inv2);
	assert_same_edges(&a, &inv2);
	vx_sbom_release(&inv1);
	vx_sbom_release(&inv2);
	vx_sbom_doc_release(&d1);
	vx_sbom_doc_release(&d2);
	vx_sbom_release(&a);
	vx_store_close(st);
}
END_TEST

/* --- suite ----------------------------------------------------------------------------- */

Suite *vx_suite_store(void)
{
	Suite *s = suite_create("store");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_test(tc, open_memory_migrates);
	tcase_add_test(tc, reopen_is_idempotent);
	tcase_add_test(tc, newer_schema_refused);
	tcase_add_test(tc, foreign_sqlite_refused);
	tcase_add_test(tc, non_database_refused);
	tcase_add_test(tc, existing_missing_not_created);
	tcase_add_test(tc, bug_existing_empty_file);
	tcase_add_test(tc, transactions);
	tcase_add_test(tc, close_rolls_back);
	suite_add_tcase(s, tc);

	tc = tcase_create("profile");
	tcase_add_test(tc, profile_lifecycle);
	suite_add_tcase(s, tc);

	tc = tcase_create("product");
	tcase_add_loop_test(tc, pathway_names, 0, N_ELEMS(pathways));
	tcase_add_test(tc, product_add_get_update);
	tcase_add_test(tc, version_put_get_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("inventory");
	tcase_add_test(tc, sbom_roundtrip_cyclonedx);
	tcase_add_test(tc, sbom_roundtrip_spdx_and_support);
	tcase_add_test(tc, sbom_roundtrip_built);
	tcase_add_test(tc, sbom_duplicate_and_supersede);
	tcase_add_test(tc, sbom_rollback);
	tcase_add_test(tc, sbom_content_kept);
	tcase_add_test(tc, sbom_failed_put_rolls_back);
	tcase_add_test(tc, sbom_two_versions);
	suite_add_tcase(s, tc);
	return s;
}
