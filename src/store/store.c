/* src/store/store.c - opening, migrating and transacting on the SQLite store.
 *
 * The schema is a list of numbered migrations; migration N brings a store from
 * user_version N-1 to N inside one transaction. Migrations are append-only: a released
 * migration is never edited, a change is a new migration. The queries for each part of the
 * data model live in their own file (profile.c, product.c, sbom.c) and use the helpers of
 * store_private.h.
 */
#include "store/store_private.h"
#include "util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* 'VXIL': marks the file as a vexil store (PRAGMA application_id). */
#define VX_APPLICATION_ID 0x5658494C

static const char *const migrations[] = {
	/* 1: profile, products, versions, SBOM documents, components, hashes, dependencies.
	 * Later issues add vulnerabilities, findings, triage, decisions and the audit chain. */
	"CREATE TABLE manufacturer ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  name TEXT NOT NULL,"
	"  csaf_namespace TEXT,"
	"  cvd_contact TEXT,"
	"  isao_name TEXT,"
	"  isao_member INTEGER NOT NULL DEFAULT 0 CHECK (isao_member IN (0, 1)),"
	"  isao_evidence TEXT,"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE product ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  model TEXT,"
	"  pathway TEXT NOT NULL CHECK (pathway IN ('PMA', '510(k)', 'De Novo')),"
	"  cyber_device INTEGER NOT NULL DEFAULT 0 CHECK (cyber_device IN (0, 1)),"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE product_version ("
	"  id INTEGER PRIMARY KEY,"
	"  product_id INTEGER NOT NULL REFERENCES product(id),"
	"  version TEXT NOT NULL,"
	"  fielded INTEGER NOT NULL DEFAULT 1 CHECK (fielded IN (0, 1)),"
	"  release_date TEXT,"
	"  end_of_support TEXT,"
	"  udi_di TEXT,"
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (product_id, version));"
	"CREATE TABLE sbom_document ("
	"  id INTEGER PRIMARY KEY,"
	"  version_id INTEGER NOT NULL REFERENCES product_version(id),"
	"  format TEXT NOT NULL,"
	"  spec_version TEXT NOT NULL,"
	"  serial TEXT,"
	"  doc_version TEXT,"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
	"  file_name TEXT NOT NULL,"
	"  support_file TEXT,"
	"  support_sha256 TEXT,"
	"  authors TEXT,"
	"  sbom_timestamp TEXT,"
	"  imported_at TEXT NOT NULL,"
	"  superseded_at TEXT);"
	/* At most one current SBOM per version. */
	"CREATE UNIQUE INDEX sbom_document_current ON sbom_document(version_id)"
	"  WHERE superseded_at IS NULL;"
	"CREATE TABLE component ("
	"  id INTEGER PRIMARY KEY,"
	"  sbom_id INTEGER NOT NULL REFERENCES sbom_document(id),"
	"  bom_ref TEXT NOT NULL,"
	"  parent_id INTEGER REFERENCES component(id),"
	"  is_device INTEGER NOT NULL DEFAULT 0 CHECK (is_device IN (0, 1)),"
	"  type TEXT,"
	"  grp TEXT,"
	"  name TEXT NOT NULL,"
	"  version TEXT,"
	"  supplier TEXT,"
	"  author TEXT,"
	"  purl TEXT,"
	"  cpe TEXT,"
	"  licence TEXT,"
	"  description TEXT,"
	"  support_level TEXT,"
	"  end_of_support TEXT,"
	"  identity TEXT NOT NULL," /* vx_component_identity: key@version */
	"  UNIQUE (sbom_id, bom_ref));"
	"CREATE INDEX component_purl ON component(purl) WHERE purl IS NOT NULL;"
	"CREATE INDEX component_cpe ON component(cpe) WHERE cpe IS NOT NULL;"
	"CREATE INDEX component_identity ON component(identity);"
	"CREATE TABLE component_hash ("
	"  component_id INTEGER NOT NULL REFERENCES component(id),"
	"  alg TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (component_id, alg, value)) WITHOUT ROWID;"
	/* to_id NULL: the SBOM declares from_id to have no dependencies. */
	"CREATE TABLE dependency ("
	"  sbom_id INTEGER NOT NULL REFERENCES sbom_document(id),"
	"  from_id INTEGER NOT NULL REFERENCES component(id),"
	"  to_id INTEGER REFERENCES component(id));"
	"CREATE INDEX dependency_sbom ON dependency(sbom_id);",

	/* 2: vulnerability intelligence (feed imports, records, lookup indexes, KEV, tips),
	 * matching runs, findings with their evidence and events, and triage records. */
	"CREATE TABLE feed_import ("
	"  id INTEGER PRIMARY KEY,"
	"  file_name TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  format TEXT NOT NULL,"
	"  catalog_version TEXT,"
	"  imported_at TEXT NOT NULL,"
	"  records INTEGER NOT NULL DEFAULT 0,"
	"  added INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  unchanged INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE vulnerability ("
	"  id INTEGER PRIMARY KEY,"
	"  vuln_id TEXT NOT NULL UNIQUE,"
	"  title TEXT,"
	"  first_seen_at TEXT NOT NULL," /* when the store first knew it */
	"  is_tip INTEGER NOT NULL DEFAULT 0 CHECK (is_tip IN (0, 1)));"
	/* One row per source record (an NVD cve, an OSV record, a tip). */
	"CREATE TABLE vuln_record ("
	"  id INTEGER PRIMARY KEY,"
	"  vuln_pk INTEGER NOT NULL REFERENCES vulnerability(id),"
	"  source TEXT NOT NULL CHECK (source IN ('nvd', 'osv', 'tip')),"
	"  source_id TEXT NOT NULL,"
	"  published TEXT,"
	"  modified TEXT,"
	"  status TEXT,"
	"  description TEXT,"
	"  cwes TEXT,"
	"  refs TEXT," /* reference URLs, one per line */
	"  import_id INTEGER REFERENCES feed_import(id),"
	"  imported_at TEXT NOT NULL,"
	"  UNIQUE (source, source_id));"
	/* covering for candidate selection, which must not read the wide rows */
	"CREATE INDEX vuln_record_vuln ON vuln_record(vuln_pk, source, status);"
	/* NVD configurations (and CPE tips) of a record, whole, in the encoding of confcode.c:
	 * one compact row per record instead of a row per cpeMatch entry. */
	"CREATE TABLE nvd_conf ("
	"  record_pk INTEGER PRIMARY KEY REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  configurations TEXT NOT NULL);"
	"CREATE TABLE vuln_alias ("
	"  alias TEXT NOT NULL,"
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (alias, record_pk)) WITHOUT ROWID;"
	"CREATE TABLE cvss ("
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  version TEXT NOT NULL,"
	"  vector TEXT,"
	"  score REAL,"
	"  severity TEXT,"
	"  source TEXT,"
	"  is_primary INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX cvss_record ON cvss(record_pk);"
	/* The lookup matching uses: which records have a vulnerable cpeMatch entry for a
	 * "vendor:product" (each pair once per record). */
	"CREATE TABLE cpe_index ("
	"  cpe_key TEXT NOT NULL,"
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (cpe_key, record_pk)) WITHOUT ROWID;"
	"CREATE INDEX cpe_index_record ON cpe_index(record_pk);"
	/* OSV affected packages and tip packages, with their ranges. */
	"CREATE TABLE pkg_affected ("
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  entry INTEGER NOT NULL,"
	"  pkg_key TEXT," /* canonical purl type/namespace/name, for lookup */
	"  ecosystem TEXT,"
	"  name TEXT,"
	"  purl TEXT,"
	"  vers TEXT);" /* tips: affected versions as a vers: range */
	"CREATE INDEX pkg_affected_key ON pkg_affected(pkg_key);"
	"CREATE INDEX pkg_affected_record ON pkg_affected(record_pk);"
	"CREATE TABLE pkg_event ("
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  entry INTEGER NOT NULL,"
	"  range INTEGER NOT NULL,"
	"  range_type TEXT NOT NULL,"
	"  repo TEXT,"
	"  kind INTEGER NOT NULL," /* enum vx_osv_event_kind */
	"  version TEXT NOT NULL);"
	"CREATE INDEX pkg_event_record ON pkg_event(record_pk);"
	"CREATE TABLE pkg_version ("
	"  record_pk INTEGER NOT NULL REFERENCES vuln_record(id) ON DELETE CASCADE,"
	"  entry INTEGER NOT NULL,"
	"  version TEXT NOT NULL);"
	"CREATE INDEX pkg_version_record ON pkg_version(record_pk);"
	"CREATE TABLE kev ("
	"  cve_id TEXT PRIMARY KEY,"
	"  vendor TEXT, product TEXT, name TEXT,"
	"  date_added TEXT, due_date TEXT, required_action TEXT, ransomware TEXT, notes TEXT,"
	"  import_id INTEGER REFERENCES feed_import(id),"
	"  first_seen_at TEXT NOT NULL);"
	"CREATE TABLE tip ("
	"  vuln_pk INTEGER PRIMARY KEY REFERENCES vulnerability(id),"
	"  reporter TEXT,"
	"  received TEXT NOT NULL,"
	"  embargo TEXT,"
	"  cve TEXT,"
	"  purl TEXT, cpe TEXT, vers TEXT,"
	"  cvss_vector TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE match_run ("
	"  id INTEGER PRIMARY KEY,"
	"  version_id INTEGER NOT NULL REFERENCES product_version(id),"
	"  started_at TEXT NOT NULL,"
	"  opened INTEGER NOT NULL DEFAULT 0, still INTEGER NOT NULL DEFAULT 0,"
	"  reopened INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE finding ("
	"  id INTEGER PRIMARY KEY,"
	"  version_id INTEGER NOT NULL REFERENCES product_version(id),"
	"  vuln_pk INTEGER NOT NULL REFERENCES vulnerability(id),"
	"  component_key TEXT NOT NULL," /* vx_component_identity */
	"  component_id INTEGER REFERENCES component(id)," /* latest matching row */
	"  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),"
	"  needs_review INTEGER NOT NULL DEFAULT 0,"
	"  t0 TEXT NOT NULL,"
	"  opened_at TEXT NOT NULL,"
	"  closed_at TEXT,"
	"  close_reason TEXT,"
	"  last_run_id INTEGER REFERENCES match_run(id),"
	"  UNIQUE (version_id, vuln_pk, component_key));"
	"CREATE INDEX finding_vuln ON finding(vuln_pk);"
	"CREATE TABLE finding_evidence ("
	"  finding_id INTEGER NOT NULL REFERENCES finding(id),"
	"  run_id INTEGER NOT NULL REFERENCES match_run(id),"
	"  source TEXT NOT NULL, field TEXT, value TEXT, criterion TEXT, range TEXT, note TEXT);"
	"CREATE INDEX finding_evidence_finding ON finding_evidence(finding_id);"
	"CREATE TABLE finding_event ("
	"  finding_id INTEGER NOT NULL REFERENCES finding(id),"
	"  run_id INTEGER REFERENCES match_run(id),"
	"  at TEXT NOT NULL,"
	"  event TEXT NOT NULL CHECK (event IN ('opened', 'closed', 'reopened')),"
	"  reason TEXT);"
	"CREATE INDEX finding_event_finding ON finding_event(finding_id);"
	"CREATE TABLE triage ("
	"  id INTEGER PRIMARY KEY,"
	"  finding_id INTEGER NOT NULL REFERENCES finding(id),"
	"  status TEXT NOT NULL CHECK (status IN ('under_investigation', 'affected', "
	"    'not_affected', 'fixed')),"
	"  justification TEXT,"
	"  impact TEXT,"
	"  action TEXT,"
	"  assessor TEXT,"
	"  reason TEXT,"
	"  recorded_at TEXT NOT NULL);"
	"CREATE INDEX triage_finding ON triage(finding_id);",

	/* 3: the audit trail. Append-only (triggers refuse UPDATE and DELETE through SQL),
	 * and each entry is chained to the previous one by SHA-256 (audit.c), so an entry
	 * edited, deleted, inserted or reordered behind vexil's back is found by
	 * 'vexil audit verify'. audit_head remembers the length and head of the chain. */
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT,"
	"  reason TEXT,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL);"
	"CREATE TABLE audit_head ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  entries INTEGER NOT NULL,"
	"  head TEXT NOT NULL);"
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
	"  SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
	"  SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

	/* 4: triage records become full assessments: the clinical assessment (ISO 14971
	 * severity, safety or only confidentiality), exploitability inputs, compensating
	 * controls, adverse events, the FDA clock dates, and where an assessment was carried
	 * from. Each row is a complete snapshot; the newest row is the current one. */
	"ALTER TABLE triage ADD COLUMN hazard TEXT;"
	"ALTER TABLE triage ADD COLUMN severity TEXT CHECK (severity IN ('negligible', 'minor', "
	"  'serious', 'critical', 'catastrophic'));"
	"ALTER TABLE triage ADD COLUMN safety_impact INTEGER CHECK (safety_impact IN (0, 1));"
	"ALTER TABLE triage ADD COLUMN cvss_vector TEXT;"
	"ALTER TABLE triage ADD COLUMN public_exploit INTEGER CHECK (public_exploit IN (0, 1));"
	"ALTER TABLE triage ADD COLUMN epss REAL CHECK (epss BETWEEN 0 AND 1);"
	"ALTER TABLE triage ADD COLUMN controls TEXT;"
	"ALTER TABLE triage ADD COLUMN adverse_events INTEGER CHECK (adverse_events IN (0, 1));"
	"ALTER TABLE triage ADD COLUMN customers_notified TEXT;"
	"ALTER TABLE triage ADD COLUMN fix_distributed TEXT;"
	"ALTER TABLE triage ADD COLUMN isao_notified TEXT;"
	"ALTER TABLE triage ADD COLUMN carried_from INTEGER REFERENCES triage(id);",

	/* 5: decisions: what the rules concluded for a finding at a time, with the SHA-256 of
	 * the rule set and of the inputs. A new row only when the inputs or the rules change;
	 * never updated, so the history shows how each conclusion came about. */
	"CREATE TABLE decision ("
	"  id INTEGER PRIMARY KEY,"
	"  finding_id INTEGER NOT NULL REFERENCES finding(id),"
	"  triage_id INTEGER REFERENCES triage(id),"
	"  evaluated_at TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  ruleset_sha256 TEXT NOT NULL,"
	"  inputs_sha256 TEXT NOT NULL,"
	"  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),"
	"  error TEXT,"
	"  rule TEXT, severity TEXT, exploitability TEXT,"
	"  risk TEXT CHECK (risk IN ('controlled', 'uncontrolled', 'undetermined')),"
	"  action TEXT CHECK (action IN ('capa', 'advisory', 'patch', 'none', 'assess')),"
	"  patch TEXT, advisory INTEGER,"
	"  part806 TEXT CHECK (part806 IN ('yes', 'no', 'pending')), part806_due TEXT,"
	"  part803 INTEGER, part803_due TEXT,"
	"  annual_report INTEGER,"
	"  conditions TEXT," /* JSON: [{id, state, due, detail}] */
	"  rationale TEXT);"
	"CREATE INDEX decision_finding ON decision(finding_id);"
	/* the manufacturer's own rule set, when not the installed default */
	"ALTER TABLE manufacturer ADD COLUMN rules_dir TEXT;",

	/* 6: the imported files themselves, byte for byte, so a dossier can carry the SBOM
	 * (and its support sidecar) whose sha256 the store records; NULL for imports made
	 * before this migration. The date a fix was deployed in the field (FDA's third plan
	 * metric: time from patch to field deployment). */
	"ALTER TABLE sbom_document ADD COLUMN content BLOB;"
	"ALTER TABLE sbom_document ADD COLUMN support_content BLOB;"
	"ALTER TABLE triage ADD COLUMN fix_deployed TEXT;",

	/* 7: advisories as issued: one row per advisory (product, the vulnerabilities it
	 * covers, its CSAF profile), one row per revision with the hash of the content it
	 * published, so a re-issue with new content adds a revision and an unchanged one does
	 * not. */
	"CREATE TABLE advisory ("
	"  id INTEGER PRIMARY KEY,"
	"  tracking_id TEXT NOT NULL UNIQUE,"
	"  product_id INTEGER NOT NULL REFERENCES product(id),"
	"  vulns TEXT NOT NULL," /* the vulnerability ids, sorted, space-separated */
	"  profile TEXT NOT NULL CHECK (profile IN ('security_advisory', 'vex')),"
	"  scope TEXT NOT NULL DEFAULT ''," /* the product version for a VEX, else '' */
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (product_id, vulns, profile, scope));"
	"CREATE TABLE advisory_revision ("
	"  advisory_id INTEGER NOT NULL REFERENCES advisory(id),"
	"  number INTEGER NOT NULL,"
	"  date TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('draft', 'interim', 'final')),"
	"  summary TEXT NOT NULL,"
	"  content_sha256 TEXT NOT NULL,"
	"  PRIMARY KEY (advisory_id, number));",

	/* 8: CAPA records (ISO 13485 8.5.2) for a vulnerability in a device: the record, its
	 * actions with owners and dates, and its approvals. Updated in place; every change is
	 * on the audit trail with the state before and after. */
	"CREATE TABLE capa ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  product_id INTEGER NOT NULL REFERENCES product(id),"
	"  vuln_id TEXT NOT NULL,"
	"  opened_at TEXT NOT NULL,"
	"  problem TEXT, source TEXT, investigation TEXT, root_cause TEXT,"
	"  timeline_rationale TEXT,"
	"  verification TEXT, verified_by TEXT, verified_at TEXT,"
	"  effectiveness_criteria TEXT, effectiveness_result TEXT, effectiveness_checked_at TEXT,"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
	"  closed_at TEXT,"
	"  UNIQUE (product_id, vuln_id));"
	"CREATE TABLE capa_action ("
	"  capa_id INTEGER NOT NULL REFERENCES capa(id),"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('correction', 'corrective', 'preventive')),"
	"  description TEXT NOT NULL, owner TEXT NOT NULL, due TEXT, done_at TEXT,"
	"  PRIMARY KEY (capa_id, seq));"
	"CREATE TABLE capa_approval ("
	"  capa_id INTEGER NOT NULL REFERENCES capa(id),"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL, role TEXT NOT NULL, meaning TEXT NOT NULL, at TEXT NOT NULL,"
	"  PRIMARY KEY (capa_id, seq));",

	/* 9: continuous monitoring. The feed files `vexil monitor` has taken in (a file is
	 * taken again when its content changes), and the alerts it raised: one row per event
	 * (key), so an event is never raised twice; delivered_at stays NULL until delivery
	 * succeeded, so an alert interrupted by a crash is delivered on the next run. */
	"CREATE TABLE monitor_file ("
	"  name TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  taken_at TEXT NOT NULL,"
	"  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),"
	"  PRIMARY KEY (name, sha256));"
	"CREATE TABLE alert ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL,"
	"  finding_id INTEGER REFERENCES finding(id),"
	"  due TEXT,"
	"  text TEXT NOT NULL,"
	"  raised_at TEXT NOT NULL,"
	"  delivered_at TEXT);",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == VX_STORE_SCHEMA_VERSION,
	       "VX_STORE_SCHEMA_VERSION must count the migrations");

int vx_db_fail(struct vx_store *st, struct vx_err *err, const char *what)
{
	return vx_err_set(err, VX_ESTORE, "store: %s: %s", what, sqlite3_errmsg(st->db));
}

int vx_db_prepare(struct vx_store *st, const char *sql, sqlite3_stmt **out, struct vx_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return vx_db_fail(st, err, "prepare");
	}
	return 0;
}

int vx_db_stmt(struct vx_store *st, const char *sql, sqlite3_stmt **out, struct vx_err *err)
{
	int i;
	for (i = 0; i < VX_STORE_NCACHE && st->by_sql_text[i]; i++)
		if (st->by_sql_text[i] == sql) {
			*out = st->by_sql[i];
			return 0;
		}
	if (i == VX_STORE_NCACHE) /* full: an uncached statement would leak; grow the cache */
		return vx_err_set(err, VX_ESTORE, "store: statement cache full");
	if (vx_db_prepare(st, sql, &st->by_sql[i], err) < 0)
		return VX_ESTORE;
	st->by_sql_text[i] = sql;
	*out = st->by_sql[i];
	return 0;
}

int vx_db_step_done(struct vx_store *st, sqlite3_stmt *s, const char *what, struct vx_err *err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, what);
}

void vx_db_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

void vx_db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *vx_db_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? vx_strdup((const char *)t) : NULL;
}

int vx_db_exec(struct vx_store *st, const char *sql, struct vx_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = vx_err_set(err, VX_ESTORE, "store: %s", msg ? msg : "exec failed");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static int pragma_int(struct vx_store *st, const char *sql, int *out, struct vx_err *err)
{
	sqlite3_stmt *s;
	int rc = vx_db_prepare(st, sql, &s, err);
	if (rc < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = 0;
	} else {
		rc = vx_db_fail(st, err, sql);
	}
	sqlite3_finalize(s);
	return rc;
}

static int migrate(struct vx_store *st, enum vx_store_mode mode, struct vx_err *err)
{
	int version, appid, tables, rc;

	if ((rc = pragma_int(st, "PRAGMA user_version", &version, err)) < 0 ||
	    (rc = pragma_int(st, "PRAGMA application_id", &appid, err)) < 0 ||
	    (rc = pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables, err)) < 0)
		return rc;
	if (appid != VX_APPLICATION_ID && (appid != 0 || tables > 0))
		return vx_err_set(err, VX_EINVAL,
				  "not a vexil store (a SQLite database of another program)");
	if (mode == VX_STORE_EXISTING && version == 0 && tables == 0)
		return vx_err_set(err, VX_EINVAL,
				  "not a vexil store (an empty file; create a store with 'vexil init')");
	if (version > NMIGRATIONS)
		return vx_err_set(err, VX_EUNSUPPORTED,
				  "store schema version %d is newer than this vexil understands "
				  "(%d); upgrade vexil",
				  version, NMIGRATIONS);
	for (int v = version; v < NMIGRATIONS; v++) {
		char pragma[64];
		if ((rc = vx_db_exec(st, "BEGIN IMMEDIATE", err)) < 0)
			return rc;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if ((rc = vx_db_exec(st, migrations[v], err)) < 0 ||
		    (rc = vx_db_exec(st, pragma, err)) < 0 ||
		    (v == 0 && (rc = vx_db_exec(st, "PRAGMA application_id = 1448626508", err)) <
				       0) ||
		    (rc = vx_db_exec(st, "COMMIT", err)) < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			vx_err_prefix(err, "migration %d", v + 1);
			return rc;
		}
	}
	st->schema_version = NMIGRATIONS;
	return 0;
}

int vx_store_open(const char *path, enum vx_store_mode mode, struct vx_store **out,
		  struct vx_err *err)
{
	struct vx_store *st;
	struct stat sb;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (mode == VX_STORE_EXISTING && stat(path, &sb) != 0)
		return vx_err_set(err, VX_ENOTFOUND, "no store at '%s' (create one with 'vexil init')",
				  path);
	if (mode == VX_STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	st = vx_calloc(1, sizeof(*st));
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		rc = vx_err_set(err, VX_ESTORE, "cannot open store '%s': %s", path,
				st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	/* A file that is not a database fails on the first read. */
	if ((rc = vx_db_exec(st, "PRAGMA foreign_keys = ON", err)) < 0 ||
	    (rc = vx_db_exec(st, "PRAGMA journal_mode = WAL", err)) < 0 ||
	    (rc = vx_db_exec(st, "PRAGMA synchronous = FULL", err)) < 0 ||
	    /* 32 MiB of page cache: a whole-NVD import rewrites index pages far less often */
	    (rc = vx_db_exec(st, "PRAGMA cache_size = -32768", err)) < 0 ||
	    (rc = vx_db_exec(st, "PRAGMA temp_store = MEMORY", err)) < 0) {
		vx_err_prefix(err, "%s", path);
		goto fail;
	}
	if ((rc = migrate(st, mode, err)) < 0) {
		vx_err_prefix(err, "%s", path);
		goto fail;
	}
	*out = st;
	return 0;
fail:
	sqlite3_close(st->db);
	free(st);
	return rc;
}

void vx_store_close(struct vx_store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		vx_store_rollback(st);
	for (int i = 0; i < VX_STORE_NCACHE; i++) {
		sqlite3_finalize(st->cache[i]);
		sqlite3_finalize(st->by_sql[i]);
	}
	sqlite3_close_v2(st->db);
	free(st);
}

int vx_store_schema_version(struct vx_store *st)
{
	return st->schema_version;
}

int vx_store_begin(struct vx_store *st, struct vx_err *err)
{
	int rc;
	if (st->in_tx)
		return vx_err_set(err, VX_ESTORE, "store: a transaction is already open");
	/* IMMEDIATE takes the write lock now, so two writers queue (busy timeout) instead of
	 * failing half-way. */
	rc = vx_db_exec(st, "BEGIN IMMEDIATE", err);
	if (rc == 0)
		st->in_tx = 1;
	return rc;
}

int vx_store_commit(struct vx_store *st, struct vx_err *err)
{
	int rc = vx_db_exec(st, "COMMIT", err);
	if (rc < 0) {
		vx_store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	return 0;
}

void vx_store_rollback(struct vx_store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}
