/* src/store/vexmatch.c - the open findings a VEX statement is about: a component named by
 * bom-ref, purl or CPE in a product version's current SBOM (see vuln.h).
 *
 * A VEX names components the way the SBOM does, while findings are keyed by component
 * identity (which survives SBOM re-imports); this file is the one place that joins the two.
 * It does not parse identifiers beyond cutting a purl's qualifiers and subpath.
 */
#include "store/store_private.h"
#include "store/vuln.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

/* Components of the version's current SBOM that ref names: by bom-ref (in the SBOM with
 * that serial, when the reference says), else by purl (equal once qualifiers and subpath
 * are cut from both; a purl without version names every version), else by CPE (ASCII
 * case-insensitive). For each: the open findings of the vulnerability on it, or on every
 * component when it is the device itself. */
static const char find_sql[] =
    "WITH comp AS ("
    "  SELECT c.identity, c.is_device FROM component c"
    "  JOIN sbom_document d ON d.id = c.sbom_id AND d.superseded_at IS NULL"
    "  JOIN product_version v ON v.id = d.version_id"
    "  JOIN product p ON p.id = v.product_id"
    "  WHERE p.name = :product AND v.version = :version AND CASE"
    "    WHEN :ref IS NOT NULL THEN c.bom_ref = :ref"
    "      AND (:serial IS NULL OR d.serial IS NULL OR d.serial = :serial)"
    "    WHEN :purl IS NOT NULL THEN c.purl IS NOT NULL AND ("
    "      rtrim(substr(substr(c.purl, 1, instr(c.purl || '#', '#') - 1), 1,"
    "        instr(c.purl || '?', '?') - 1), '/') = :purl"
    "      OR (instr(:purl, '@') = 0 AND substr(c.purl, 1, length(:purl) + 1) = :purl || '@'))"
    "    WHEN :cpe IS NOT NULL THEN c.cpe = :cpe COLLATE NOCASE"
    "    ELSE 0 END)"
    "SELECT DISTINCT f.id FROM finding f"
    "  JOIN product_version v ON v.id = f.version_id"
    "  JOIN product p ON p.id = v.product_id"
    "  JOIN vulnerability vu ON vu.id = f.vuln_pk"
    "  WHERE p.name = :product AND v.version = :version AND vu.vuln_id = :vuln"
    "  AND f.state = 'open' AND ("
    "    f.component_key IN (SELECT identity FROM comp)"
    "    OR EXISTS (SELECT 1 FROM comp WHERE is_device = 1))"
    "  ORDER BY f.id";

int vx_store_findings_by_component(struct vx_store *st, const char *product, const char *version,
                                   const char *vuln_id, const struct vx_component_ref *ref,
                                   long long **ids, size_t *n, struct vx_err *err)
{
	sqlite3_stmt *s = NULL;
	char *purl = NULL;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (ref->purl) { /* the comparison form: no qualifiers, subpath or trailing '/' */
		size_t len = strcspn(ref->purl, "?#");
		while (len && ref->purl[len - 1] == '/')
			len--;
		purl = vx_strndup(ref->purl, len);
	}
	if ((rc = vx_db_prepare(st, find_sql, &s, err)) < 0)
		goto out;
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":product"), product);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":version"), version);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":vuln"), vuln_id);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":ref"), ref->bom_ref);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":serial"), ref->sbom_serial);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":purl"), purl);
	vx_db_bind_text(s, sqlite3_bind_parameter_index(s, ":cpe"), ref->cpe);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = vx_grow(*ids, sizeof(**ids), *n + 1, &cap);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : vx_db_fail(st, err, "match VEX statement");
out:
	sqlite3_finalize(s);
	free(purl);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}
