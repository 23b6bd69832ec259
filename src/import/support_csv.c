/* src/import/support_csv.c - the support-level sidecar CSV (docs/sbom.md).
 *
 * Many SBOM generators cannot emit FDA's level of support and end-of-support date, so a
 * manufacturer may keep them in a CSV beside the SBOM. A header row names the columns;
 * rows are matched to components by purl, bom-ref, or name and version (in that order of
 * preference, by whichever key columns the header has). Every row must match at least one
 * component: a typo must not silently leave a component without support data.
 */
#include "import/sbom.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { COL_PURL, COL_REF, COL_NAME, COL_VERSION, COL_LEVEL, COL_END, NCOLS };

static const char *const col_names[NCOLS] = {"purl", "bom-ref", "name", "version",
					     "support_level", "end_of_support"};

static int column_of(const char *h)
{
	for (int i = 0; i < NCOLS; i++)
		if (vx_str_ieq(h, col_names[i]))
			return i;
	if (vx_str_ieq(h, "bom_ref") || vx_str_ieq(h, "spdxid"))
		return COL_REF;
	if (vx_str_ieq(h, "support-level") || vx_str_ieq(h, "level of support"))
		return COL_LEVEL;
	if (vx_str_ieq(h, "end-of-support") || vx_str_ieq(h, "end of support"))
		return COL_END;
	return -1;
}

static const char *field(char **f, size_t n, int idx)
{
	return idx >= 0 && (size_t)idx < n && !vx_str_blank(f[idx]) ? f[idx] : NULL;
}

static bool row_matches(const struct vx_component *c, const char *purl, const char *ref,
			const char *name, const char *version)
{
	if (purl)
		return c->purl && strcmp(c->purl, purl) == 0;
	if (ref)
		return c->bom_ref && strcmp(c->bom_ref, ref) == 0;
	if (!name || !c->name || strcmp(c->name, name) != 0)
		return false;
	return !version || (c->version && strcmp(c->version, version) == 0);
}

int vx_sbom_apply_support_csv(struct vx_sbom *s, const char *data, size_t len,
			      struct vx_err *err)
{
	struct vx_csv csv;
	char **f = NULL;
	size_t n = 0;
	int col[NCOLS], rc;

	for (int i = 0; i < NCOLS; i++)
		col[i] = -1;
	if (!vx_utf8_valid(data, len) || memchr(data, '\0', len))
		return vx_err_set(err, VX_EINVAL, "not UTF-8 text");
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* spreadsheet "CSV UTF-8" */
		data += 3;
		len -= 3;
	}
	vx_csv_init(&csv, data, len);
	rc = vx_csv_next(&csv, &f, &n, err);
	if (rc <= 0)
		return rc < 0 ? rc : vx_err_set(err, VX_EINVAL, "empty file: expected a header row");
	for (size_t i = 0; i < n; i++) {
		int k = column_of(f[i]);
		if (k >= 0)
			col[k] = (int)i;
	}
	vx_csv_fields_free(f, n);
	if (col[COL_PURL] < 0 && col[COL_REF] < 0 && col[COL_NAME] < 0)
		return vx_err_set(err, VX_EINVAL,
				  "line 1: the header needs a 'purl', 'bom-ref' or 'name' column");
	if (col[COL_LEVEL] < 0 && col[COL_END] < 0)
		return vx_err_set(err, VX_EINVAL,
				  "line 1: the header needs a 'support_level' or 'end_of_support' "
				  "column");
	while ((rc = vx_csv_next(&csv, &f, &n, err)) > 0) {
		const char *purl = field(f, n, col[COL_PURL]);
		const char *ref = field(f, n, col[COL_REF]);
		const char *name = field(f, n, col[COL_NAME]);
		const char *version = field(f, n, col[COL_VERSION]);
		const char *level = field(f, n, col[COL_LEVEL]);
		const char *end = field(f, n, col[COL_END]);
		size_t matched = 0;

		if (!purl && !ref && !name) {
			rc = vx_err_set(err, VX_EINVAL, "line %d: no purl, bom-ref or name",
					csv.record_line);
			vx_csv_fields_free(f, n);
			return rc;
		}
		for (size_t i = 0; i < s->ncomponents; i++) {
			struct vx_component *c = &s->components[i];
			if (!row_matches(c, purl, ref, name, version))
				continue;
			matched++;
			if (level) {
				free(c->support_level);
				c->support_level = vx_strdup(level);
			}
			if (end) {
				free(c->end_of_support);
				c->end_of_support = vx_strdup(end);
			}
		}
		if (!matched) {
			rc = vx_err_set(err, VX_EINVAL, "line %d: '%s' matches no component of the SBOM",
					csv.record_line,
					vx_str_quote(purl ? purl : ref ? ref : name, 80));
			vx_csv_fields_free(f, n);
			return rc;
		}
		vx_csv_fields_free(f, n);
	}
	return rc;
}
