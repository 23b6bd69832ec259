/* src/import/vex.c - the triage import readers: CSV, CycloneDX VEX, CSAF VEX (see vex.h).
 *
 * Each reader turns its file into struct vx_vex_statement items and nothing else: it
 * refuses what is malformed (with the place), maps vocabularies, and leaves matching and
 * validation of the recorded values to the command and the store.
 */
#include "import/vex.h"
#include "import/json_private.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/hex.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- statements ---------------------------------------------------------------------- */

static void assessment_release(struct vx_vex_assessment *a)
{
	free(a->status);
	free(a->justification);
	free(a->impact);
	free(a->action);
	free(a->hazard);
	free(a->severity);
	free(a->cvss_vector);
	free(a->controls);
	free(a->customers_notified);
	free(a->fix_distributed);
	free(a->isao_notified);
	free(a->fix_deployed);
	free(a->reason);
}

static void statement_release(struct vx_vex_statement *s)
{
	free(s->where);
	free(s->vuln_id);
	free(s->product);
	free(s->version);
	free(s->component);
	free(s->component_ref);
	free(s->sbom_serial);
	free(s->component_purl);
	free(s->component_cpe);
	free(s->product_id);
	assessment_release(&s->a);
}

void vx_vex_release(struct vx_vex *v)
{
	for (size_t i = 0; i < v->nstatements; i++)
		statement_release(&v->statements[i]);
	free(v->statements);
	free(v->spec_version);
	free(v->doc_id);
	memset(v, 0, sizeof(*v));
}

/* A fresh, zeroed statement at the end of the list (numbers "not given"). */
static struct vx_vex_statement *add_statement(struct vx_vex *v, const char *where)
{
	struct vx_vex_statement *s;
	v->statements = vx_grow(v->statements, sizeof(*s), v->nstatements + 1, &v->cap);
	s = &v->statements[v->nstatements++];
	memset(s, 0, sizeof(*s));
	s->where = vx_strdup(where);
	s->a.safety_impact = s->a.public_exploit = s->a.adverse_events = -1;
	s->a.epss = -1;
	return s;
}

const char *vx_vex_format_name(enum vx_vex_format f)
{
	switch (f) {
	case VX_VEX_CSV:
		return "CSV";
	case VX_VEX_CYCLONEDX:
		return "CycloneDX VEX";
	case VX_VEX_CSAF:
		return "CSAF VEX";
	default:
		return "unknown";
	}
}

/* Percent-decode s (invalid escapes and escaped NULs are kept as written). */
static char *percent_decode(const char *s)
{
	struct vx_buf b;
	vx_buf_init(&b);
	for (; *s; s++) {
		int hi, lo;
		if (*s == '%' && (hi = vx_hexval(s[1])) >= 0 && (lo = vx_hexval(s[2])) >= 0 &&
		    (hi || lo)) {
			vx_buf_addc(&b, (char)(hi * 16 + lo));
			s += 2;
		} else {
			vx_buf_addc(&b, *s);
		}
	}
	return vx_buf_detach(&b);
}

void vx_vex_bom_link(const char *ref, char **serial, char **bom_ref)
{
	const char *p, *slash, *hash;

	*serial = *bom_ref = NULL;
	if (strncmp(ref, "urn:cdx:", 8) != 0) {
		*bom_ref = vx_strdup(ref);
		return;
	}
	p = ref + 8;
	hash = strchr(p, '#');
	slash = strchr(p, '/');
	if (slash && hash && slash > hash)
		slash = NULL;
	*serial = vx_asprintf("urn:uuid:%.*s",
	                      (int)(slash  ? slash - p
	                            : hash ? hash - p
	                                   : (long)strlen(p)),
	                      p);
	if (hash && hash[1])
		*bom_ref = percent_decode(hash + 1);
}

/* --- CSV ------------------------------------------------------------------------------ */

enum {
	C_FINDING,
	C_PRODUCT,
	C_VERSION,
	C_VULN,
	C_COMPONENT,
	C_STATUS,
	C_JUSTIFICATION,
	C_IMPACT,
	C_ACTION,
	C_HAZARD,
	C_SEVERITY,
	C_SAFETY,
	C_CVSS,
	C_EXPLOIT,
	C_EPSS,
	C_CONTROLS,
	C_ADVERSE,
	C_CUSTOMERS,
	C_FIX,
	C_ISAO,
	C_REASON,
	C_DEPLOYED,
	NCOLS
};

static const char *const col_names[NCOLS] = {"finding",
                                             "product",
                                             "version",
                                             "vuln",
                                             "component",
                                             "status",
                                             "justification",
                                             "impact",
                                             "action",
                                             "hazard",
                                             "severity",
                                             "safety",
                                             "cvss",
                                             "exploit",
                                             "epss",
                                             "controls",
                                             "adverse_events",
                                             "customers_notified",
                                             "fix_distributed",
                                             "isao_notified",
                                             "reason",
                                             "fix_deployed"};

/* Column of a header cell: the names above, ASCII case, '-' or ' ' for '_', and a few
 * spellings people use; -1 when unknown. */
static int column_of(const char *h)
{
	static const struct {
		const char *alias;
		int col;
	} aliases[] = {{"finding_id", C_FINDING},
	               {"id", C_FINDING},
	               {"vulnerability", C_VULN},
	               {"vuln_id", C_VULN},
	               {"cve", C_VULN},
	               {"cvss_vector", C_CVSS},
	               {"safety_impact", C_SAFETY},
	               {"public_exploit", C_EXPLOIT},
	               {"product_version", C_VERSION}};
	char norm[64];
	size_t n = 0;

	while (*h == ' ' || *h == '\t')
		h++;
	for (; *h && n + 1 < sizeof(norm); h++)
		norm[n++] = *h == '-' || *h == ' ' ? '_' : (char)tolower((unsigned char)*h);
	while (n && norm[n - 1] == '_')
		n--;
	norm[n] = '\0';
	for (int i = 0; i < NCOLS; i++)
		if (strcmp(norm, col_names[i]) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(norm, aliases[i].alias) == 0)
			return aliases[i].col;
	return -1;
}

/* The trimmed cell of column idx, or NULL when absent or blank (fresh string). */
static char *cell(char **f, size_t n, int idx)
{
	const char *s, *e;
	if (idx < 0 || (size_t)idx >= n || vx_str_blank(f[idx]))
		return NULL;
	s = f[idx];
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return vx_strndup(s, (size_t)(e - s));
}

static int yes_no(const char *s)
{
	static const char *const yes[] = {"yes", "y", "true", "1"}, *const no[] = {"no", "n",
	                                                                           "false", "0"};
	for (int i = 0; i < 4; i++) {
		if (vx_str_ieq(s, yes[i]))
			return 1;
		if (vx_str_ieq(s, no[i]))
			return 0;
	}
	return -1;
}

/* Read the yes/no cell of column k into *out (-1 when empty). */
static int bool_cell(char **f, size_t n, const int *col, int k, int line, int *out,
                     struct vx_err *err)
{
	char *v = cell(f, n, col[k]);
	int rc = 0;
	*out = -1;
	if (v && (*out = yes_no(v)) < 0)
		rc = vx_err_set(err, VX_EINVAL, "line %d: %s: '%s' is not yes or no", line,
		                col_names[k], vx_str_quote(v, 40));
	free(v);
	return rc;
}

static int csv_row(struct vx_vex *v, char **f, size_t n, const int *col, int line,
                   struct vx_err *err)
{
	char where[32], *fid = cell(f, n, col[C_FINDING]), *epss = cell(f, n, col[C_EPSS]);
	struct vx_vex_statement *s;
	int rc = 0;

	snprintf(where, sizeof(where), "line %d", line);
	s = add_statement(v, where);
	if (fid) {
		char *end;
		s->finding_id = strtoll(fid[0] == '#' ? fid + 1 : fid, &end, 10);
		if (*end || s->finding_id <= 0)
			rc =
			    vx_err_set(err, VX_EINVAL, "line %d: finding: '%s' is not a finding id",
			               line, vx_str_quote(fid, 40));
	}
	s->product = cell(f, n, col[C_PRODUCT]);
	s->version = cell(f, n, col[C_VERSION]);
	s->vuln_id = cell(f, n, col[C_VULN]);
	s->component = cell(f, n, col[C_COMPONENT]);
	if (rc == 0 && !fid && !s->vuln_id)
		rc = vx_err_set(err, VX_EINVAL, "line %d: no finding id and no vuln", line);
	s->a.status = cell(f, n, col[C_STATUS]);
	s->a.justification = cell(f, n, col[C_JUSTIFICATION]);
	s->a.impact = cell(f, n, col[C_IMPACT]);
	s->a.action = cell(f, n, col[C_ACTION]);
	s->a.hazard = cell(f, n, col[C_HAZARD]);
	s->a.severity = cell(f, n, col[C_SEVERITY]);
	s->a.cvss_vector = cell(f, n, col[C_CVSS]);
	s->a.controls = cell(f, n, col[C_CONTROLS]);
	s->a.customers_notified = cell(f, n, col[C_CUSTOMERS]);
	s->a.fix_distributed = cell(f, n, col[C_FIX]);
	s->a.isao_notified = cell(f, n, col[C_ISAO]);
	s->a.reason = cell(f, n, col[C_REASON]);
	s->a.fix_deployed = cell(f, n, col[C_DEPLOYED]);
	if (rc == 0)
		rc = bool_cell(f, n, col, C_SAFETY, line, &s->a.safety_impact, err);
	if (rc == 0)
		rc = bool_cell(f, n, col, C_EXPLOIT, line, &s->a.public_exploit, err);
	if (rc == 0)
		rc = bool_cell(f, n, col, C_ADVERSE, line, &s->a.adverse_events, err);
	if (rc == 0 && epss) {
		char *end;
		s->a.epss = strtod(epss, &end);
		if (*end || !(s->a.epss >= 0 && s->a.epss <= 1))
			rc = vx_err_set(err, VX_EINVAL,
			                "line %d: epss: '%s' is not a probability between 0 and 1",
			                line, vx_str_quote(epss, 40));
	}
	free(fid);
	free(epss);
	return rc;
}

static int read_csv(const char *data, size_t len, struct vx_vex *v, struct vx_err *err)
{
	struct vx_csv csv;
	char **f = NULL;
	size_t n = 0, width;
	int col[NCOLS], rc;
	bool assesses = false;

	for (int i = 0; i < NCOLS; i++)
		col[i] = -1;
	v->format = VX_VEX_CSV;
	vx_csv_init(&csv, data, len);
	rc = vx_csv_next(&csv, &f, &n, err);
	if (rc <= 0)
		return rc < 0 ? rc
		              : vx_err_set(err, VX_EINVAL, "empty file: expected a header row");
	width = n;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		int k = column_of(f[i]);
		if (k < 0)
			rc = vx_err_set(err, VX_EINVAL, "line 1: unknown column '%s'",
			                vx_str_quote(f[i], 40));
		else if (col[k] >= 0)
			rc = vx_err_set(err, VX_EINVAL, "line 1: column '%s' given twice",
			                col_names[k]);
		else
			col[k] = (int)i;
		if (k >= C_STATUS && k != C_REASON)
			assesses = true;
	}
	vx_csv_fields_free(f, n);
	if (rc < 0)
		return rc;
	if (col[C_FINDING] < 0 && col[C_VULN] < 0)
		return vx_err_set(err, VX_EINVAL,
		                  "line 1: the header needs a 'finding' or a 'vuln' column");
	if (!assesses)
		return vx_err_set(err, VX_EINVAL,
		                  "line 1: the header names no assessment column (status, "
		                  "justification, impact, ...)");
	while ((rc = vx_csv_next(&csv, &f, &n, err)) > 0) {
		if (n > width)
			rc = vx_err_set(err, VX_EINVAL, "line %d: %zu fields, the header has %zu",
			                csv.record_line, n, width);
		else
			rc = csv_row(v, f, n, col, csv.record_line, err);
		vx_csv_fields_free(f, n);
		if (rc < 0)
			return rc;
	}
	return rc;
}

/* --- JSON helpers ------------------------------------------------------------------------ */

/* Append "sep" + text to *dst (a fresh string or NULL). */
static void append(char **dst, const char *sep, const char *text)
{
	char *s;
	if (!text || !*text)
		return;
	s = *dst ? vx_asprintf("%s%s%s", *dst, sep, text) : vx_strdup(text);
	free(*dst);
	*dst = s;
}

/* Index of s in set (NULL-terminated), -1 when absent. */
static int index_of(const char *s, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return i;
	return -1;
}

static char *list_text(const char *const *set)
{
	struct vx_buf b;
	vx_buf_init(&b);
	for (int i = 0; set[i]; i++)
		vx_buf_printf(&b, "%s%s", i ? ", " : "", set[i]);
	return vx_buf_detach(&b);
}

/* An "unknown value" error at path listing what is allowed. */
static int not_one_of(struct vx_err *err, const char *path, const char *what, const char *value,
                      const char *const *set)
{
	char *allowed = list_text(set);
	int rc = vx_err_at(err, VX_EINVAL, path, "unknown %s '%s' (expected %s)", what,
	                   vx_str_quote(value, 60), allowed);
	free(allowed);
	return rc;
}

/* Required string member: error at path.key when absent or empty. */
static int json_req_str(const cJSON *obj, const char *key, const char *path, char **out,
                        struct vx_err *err)
{
	int rc = vx_json_str(obj, key, path, false, out, err);
	if (rc == 0 && !*out) {
		char where[512];
		snprintf(where, sizeof(where), "%s%s%s", path, path[0] ? "." : "", key);
		rc = vx_err_at(err, VX_EINVAL, where, "missing");
	}
	return rc;
}

/* --- CycloneDX -------------------------------------------------------------------------- */

static const char *const cdx_states[] = {"resolved",  "resolved_with_pedigree", "exploitable",
                                         "in_triage", "false_positive",         "not_affected",
                                         NULL};
static const char *const cdx_state_map[] = {
    "fixed", "fixed", "affected", "under_investigation", "not_affected", "not_affected"};
static const char *const cdx_justifications[] = {"code_not_present",
                                                 "code_not_reachable",
                                                 "requires_configuration",
                                                 "requires_dependency",
                                                 "requires_environment",
                                                 "protected_by_compiler",
                                                 "protected_at_runtime",
                                                 "protected_at_perimeter",
                                                 "protected_by_mitigating_control",
                                                 NULL};
static const char *const cdx_justification_map[] = {
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
    "inline_mitigations_already_exist",
    "inline_mitigations_already_exist",
    "inline_mitigations_already_exist"};
static const char *const cdx_responses[] = {"can_not_fix", "will_not_fix",         "update",
                                            "rollback",    "workaround_available", NULL};

/* The assessment every statement of one CycloneDX vulnerability shares. */
static int cdx_assessment(const cJSON *vuln, const cJSON *an, const char *path,
                          struct vx_vex_assessment *a, struct vx_err *err)
{
	char p[512], *state = NULL, *just = NULL, *rec = NULL, *work = NULL;
	const cJSON *resp, *item;
	struct vx_buf b;
	int rc, k, i = 0;

	snprintf(p, sizeof(p), "%s.analysis", path);
	if ((rc = json_req_str(an, "state", p, &state, err)) < 0)
		goto out;
	if ((k = index_of(state, cdx_states)) < 0) {
		snprintf(p, sizeof(p), "%s.analysis.state", path);
		rc = not_one_of(err, p, "state", state, cdx_states);
		goto out;
	}
	a->status = vx_strdup(cdx_state_map[k]);
	if ((rc = vx_json_str(an, "justification", p, false, &just, err)) < 0)
		goto out;
	if (just) {
		if ((k = index_of(just, cdx_justifications)) < 0) {
			snprintf(p, sizeof(p), "%s.analysis.justification", path);
			rc = not_one_of(err, p, "justification", just, cdx_justifications);
			goto out;
		}
		a->justification = vx_strdup(cdx_justification_map[k]);
	}
	if ((rc = vx_json_str(an, "detail", p, false, &a->impact, err)) < 0 ||
	    (rc = vx_json_array(an, "response", p, &resp, err)) < 0)
		goto out;
	vx_buf_init(&b);
	cJSON_ArrayForEach(item, resp)
	{
		if (!cJSON_IsString(item) || index_of(item->valuestring, cdx_responses) < 0) {
			snprintf(p, sizeof(p), "%s.analysis.response[%d]", path, i);
			rc = cJSON_IsString(item)
			         ? not_one_of(err, p, "response", item->valuestring, cdx_responses)
			         : vx_err_at(err, VX_EINVAL, p, "expected a string, found %s",
			                     vx_json_type_name(item));
			vx_buf_release(&b);
			goto out;
		}
		vx_buf_printf(&b, "%s%s", i++ ? ", " : "response: ", item->valuestring);
	}
	if (b.len)
		a->action = vx_buf_detach(&b);
	vx_buf_release(&b);
	if ((rc = vx_json_str(vuln, "recommendation", path, false, &rec, err)) < 0 ||
	    (rc = vx_json_str(vuln, "workaround", path, false, &work, err)) < 0)
		goto out;
	append(&a->action, "; ", rec);
	if (work) {
		char *w = vx_asprintf("workaround: %s", work);
		append(&a->action, "; ", w);
		free(w);
	}
	/* The crosswalk loses detail (false_positive, which requires_*): keep the original. */
	a->reason =
	    vx_asprintf("CycloneDX analysis: %s%s%s", state, just ? ", " : "", just ? just : "");
out:
	free(state);
	free(just);
	free(rec);
	free(work);
	return rc;
}

static void copy_assessment(struct vx_vex_assessment *dst, const struct vx_vex_assessment *src)
{
	*dst = *src;
	dst->status = vx_strdup(src->status);
	dst->justification = vx_strdup(src->justification);
	dst->impact = vx_strdup(src->impact);
	dst->action = vx_strdup(src->action);
	dst->hazard = vx_strdup(src->hazard);
	dst->severity = vx_strdup(src->severity);
	dst->cvss_vector = vx_strdup(src->cvss_vector);
	dst->controls = vx_strdup(src->controls);
	dst->customers_notified = vx_strdup(src->customers_notified);
	dst->fix_distributed = vx_strdup(src->fix_distributed);
	dst->isao_notified = vx_strdup(src->isao_notified);
	dst->fix_deployed = vx_strdup(src->fix_deployed);
	dst->reason = vx_strdup(src->reason);
}

static int cdx_vulnerability(struct vx_vex *v, const cJSON *vuln, int i, struct vx_err *err)
{
	char path[64], p[512], *id = NULL;
	const cJSON *an, *affects, *item;
	struct vx_vex_assessment a = {0};
	int rc, j = 0;

	snprintf(path, sizeof(path), "vulnerabilities[%d]", i);
	if (!cJSON_IsObject(vuln))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
		                 vx_json_type_name(vuln));
	if ((rc = json_req_str(vuln, "id", path, &id, err)) < 0 ||
	    (rc = vx_json_object(vuln, "analysis", path, &an, err)) < 0 ||
	    (rc = vx_json_array(vuln, "affects", path, &affects, err)) < 0)
		goto out;
	if (!an) /* a vulnerability listing (VDR), not a statement */
		goto out;
	a.safety_impact = a.public_exploit = a.adverse_events = -1;
	a.epss = -1;
	if ((rc = cdx_assessment(vuln, an, path, &a, err)) < 0)
		goto out;
	if (!affects || cJSON_GetArraySize(affects) == 0) {
		struct vx_vex_statement *s = add_statement(v, path);
		s->vuln_id = vx_strdup(id);
		copy_assessment(&s->a, &a);
		goto out;
	}
	cJSON_ArrayForEach(item, affects)
	{
		struct vx_vex_statement *s;
		char *ref = NULL;
		snprintf(p, sizeof(p), "%s.affects[%d]", path, j++);
		if (!cJSON_IsObject(item)) {
			rc = vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
			               vx_json_type_name(item));
			goto out;
		}
		if ((rc = json_req_str(item, "ref", p, &ref, err)) < 0)
			goto out;
		s = add_statement(v, p);
		s->vuln_id = vx_strdup(id);
		s->product_id = ref;
		vx_vex_bom_link(ref, &s->sbom_serial, &s->component_ref);
		copy_assessment(&s->a, &a);
	}
out:
	free(id);
	assessment_release(&a);
	return rc;
}

static int read_cyclonedx(const cJSON *root, struct vx_vex *v, struct vx_err *err)
{
	const cJSON *vulns, *item;
	int rc, i = 0;

	v->format = VX_VEX_CYCLONEDX;
	if ((rc = vx_json_str(root, "specVersion", "", false, &v->spec_version, err)) < 0 ||
	    (rc = vx_json_str(root, "serialNumber", "", false, &v->doc_id, err)) < 0 ||
	    (rc = vx_json_array(root, "vulnerabilities", "", &vulns, err)) < 0)
		return rc;
	cJSON_ArrayForEach(item, vulns)
	{
		if ((rc = cdx_vulnerability(v, item, i++, err)) < 0)
			return rc;
	}
	return 0;
}

/* --- CSAF ------------------------------------------------------------------------------ */

/* A product the product tree defines. */
struct csaf_product {
	const char *id;             /* borrowed from the cJSON tree */
	const char *purl, *cpe;     /* product_identification_helper; borrowed */
	const char *bom_link;       /* an x_generic_uris uri that is a BOM-Link; borrowed */
	const char *branch_product; /* name of the enclosing product_name branch; borrowed */
	const char *branch_version; /* name of the enclosing product_version branch */
	const char *component_of;   /* relationship: product_reference */
	const char *device;         /* relationship: relates_to_product_reference */
};

struct csaf_group {
	const char *id;
	const cJSON *product_ids;
};

struct csaf_tree {
	struct csaf_product *p;
	size_t n, cap;
	struct csaf_group *g;
	size_t ng, gcap;
};

static struct csaf_product *tree_find(const struct csaf_tree *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->p[i].id, id) == 0)
			return &t->p[i];
	return NULL;
}

static const struct csaf_group *tree_group(const struct csaf_tree *t, const char *id)
{
	for (size_t i = 0; i < t->ng; i++)
		if (strcmp(t->g[i].id, id) == 0)
			return &t->g[i];
	return NULL;
}

/* Record a full_product_name_t at path. */
static int tree_add(struct csaf_tree *t, const cJSON *fpn, const char *path, const char *bprod,
                    const char *bver, struct csaf_product **out, struct vx_err *err)
{
	const cJSON *id, *helper, *n;
	struct csaf_product *p;
	char p2[512];

	if (!cJSON_IsObject(fpn))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
		                 vx_json_type_name(fpn));
	id = cJSON_GetObjectItemCaseSensitive(fpn, "product_id");
	if (!cJSON_IsString(id) || !id->valuestring[0]) {
		snprintf(p2, sizeof(p2), "%s.product_id", path);
		return vx_err_at(err, VX_EINVAL, p2, "missing");
	}
	if (tree_find(t, id->valuestring)) {
		snprintf(p2, sizeof(p2), "%s.product_id", path);
		return vx_err_at(err, VX_EINVAL, p2, "product id '%s' is defined twice",
		                 vx_str_quote(id->valuestring, 60));
	}
	t->p = vx_grow(t->p, sizeof(*t->p), t->n + 1, &t->cap);
	p = &t->p[t->n++];
	memset(p, 0, sizeof(*p));
	p->id = id->valuestring;
	p->branch_product = bprod;
	p->branch_version = bver;
	helper = cJSON_GetObjectItemCaseSensitive(fpn, "product_identification_helper");
	if (cJSON_IsObject(helper)) {
		const cJSON *uris, *u;
		if (cJSON_IsString(n = cJSON_GetObjectItemCaseSensitive(helper, "purl")))
			p->purl = n->valuestring;
		else if (cJSON_IsArray(n = cJSON_GetObjectItemCaseSensitive(helper, "purls")) &&
		         cJSON_IsString(cJSON_GetArrayItem(n, 0))) /* CSAF 2.1 */
			p->purl = cJSON_GetArrayItem(n, 0)->valuestring;
		if (cJSON_IsString(n = cJSON_GetObjectItemCaseSensitive(helper, "cpe")))
			p->cpe = n->valuestring;
		uris = cJSON_GetObjectItemCaseSensitive(helper, "x_generic_uris");
		cJSON_ArrayForEach(u, (cJSON_IsArray(uris) ? uris : NULL))
		{
			n = cJSON_GetObjectItemCaseSensitive(u, "uri");
			if (cJSON_IsString(n) && strncmp(n->valuestring, "urn:cdx:", 8) == 0 &&
			    !p->bom_link)
				p->bom_link = n->valuestring;
		}
	}
	if (out)
		*out = p;
	return 0;
}

static int tree_branches(struct csaf_tree *t, const cJSON *branches, const char *path,
                         const char *bprod, const char *bver, int depth, struct vx_err *err)
{
	const cJSON *b;
	int i = 0, rc;

	if (depth > 30)
		return vx_err_at(err, VX_ELIMIT, path, "branches nested deeper than 30 levels");
	cJSON_ArrayForEach(b, branches)
	{
		char p[512];
		const cJSON *cat, *name, *sub, *prod;
		const char *bp = bprod, *bv = bver;
		snprintf(p, sizeof(p), "%s[%d]", path, i++);
		if (!cJSON_IsObject(b))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
			                 vx_json_type_name(b));
		cat = cJSON_GetObjectItemCaseSensitive(b, "category");
		name = cJSON_GetObjectItemCaseSensitive(b, "name");
		if (cJSON_IsString(cat) && cJSON_IsString(name)) {
			if (strcmp(cat->valuestring, "product_name") == 0)
				bp = name->valuestring;
			else if (strcmp(cat->valuestring, "product_version") == 0)
				bv = name->valuestring;
		}
		if ((prod = cJSON_GetObjectItemCaseSensitive(b, "product"))) {
			char pp[600];
			snprintf(pp, sizeof(pp), "%s.product", p);
			if ((rc = tree_add(t, prod, pp, bp, bv, NULL, err)) < 0)
				return rc;
		}
		if ((rc = vx_json_array(b, "branches", p, &sub, err)) < 0)
			return rc;
		if (sub) {
			char pp[600];
			snprintf(pp, sizeof(pp), "%s.branches", p);
			if ((rc = tree_branches(t, sub, pp, bp, bv, depth + 1, err)) < 0)
				return rc;
		}
	}
	return 0;
}

static int read_tree(struct csaf_tree *t, const cJSON *tree, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i;

	if (!tree)
		return 0;
	if ((rc = vx_json_array(tree, "branches", "product_tree", &arr, err)) < 0 ||
	    (arr && (rc = tree_branches(t, arr, "product_tree.branches", NULL, NULL, 0, err)) < 0))
		return rc;
	if ((rc = vx_json_array(tree, "full_product_names", "product_tree", &arr, err)) < 0)
		return rc;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64];
		snprintf(p, sizeof(p), "product_tree.full_product_names[%d]", i++);
		if ((rc = tree_add(t, item, p, NULL, NULL, NULL, err)) < 0)
			return rc;
	}
	if ((rc = vx_json_array(tree, "relationships", "product_tree", &arr, err)) < 0)
		return rc;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64], pp[128];
		const cJSON *cat, *ref, *to, *fpn;
		struct csaf_product *p_new;
		snprintf(p, sizeof(p), "product_tree.relationships[%d]", i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
			                 vx_json_type_name(item));
		cat = cJSON_GetObjectItemCaseSensitive(item, "category");
		ref = cJSON_GetObjectItemCaseSensitive(item, "product_reference");
		to = cJSON_GetObjectItemCaseSensitive(item, "relates_to_product_reference");
		fpn = cJSON_GetObjectItemCaseSensitive(item, "full_product_name");
		if (!cJSON_IsString(cat) || !cJSON_IsString(ref) || !cJSON_IsString(to) || !fpn)
			return vx_err_at(err, VX_EINVAL, p,
			                 "needs category, product_reference, "
			                 "relates_to_product_reference and full_product_name");
		snprintf(pp, sizeof(pp), "%s.full_product_name", p);
		if ((rc = tree_add(t, fpn, pp, NULL, NULL, &p_new, err)) < 0)
			return rc;
		/* "X is a component of device Y": the finding's (component in version) */
		if (strstr(cat->valuestring, "_component_of")) {
			p_new->component_of = ref->valuestring;
			p_new->device = to->valuestring;
		}
	}
	/* relationship ends must exist (CSAF 6.1.1) */
	for (size_t k = 0; k < t->n; k++) {
		const char *ends[2] = {t->p[k].component_of, t->p[k].device};
		for (int e = 0; e < 2; e++)
			if (ends[e] && !tree_find(t, ends[e]))
				return vx_err_set(err, VX_EINVAL,
				                  "product_tree.relationships: product id '%s' is "
				                  "not defined",
				                  vx_str_quote(ends[e], 60));
	}
	if ((rc = vx_json_array(tree, "product_groups", "product_tree", &arr, err)) < 0)
		return rc;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64];
		const cJSON *gid, *ids;
		snprintf(p, sizeof(p), "product_tree.product_groups[%d]", i++);
		gid = cJSON_GetObjectItemCaseSensitive(item, "group_id");
		ids = cJSON_GetObjectItemCaseSensitive(item, "product_ids");
		if (!cJSON_IsString(gid) || !cJSON_IsArray(ids))
			return vx_err_at(err, VX_EINVAL, p, "needs group_id and product_ids");
		t->g = vx_grow(t->g, sizeof(*t->g), t->ng + 1, &t->gcap);
		t->g[t->ng].id = gid->valuestring;
		t->g[t->ng++].product_ids = ids;
	}
	return 0;
}

/* Does the flag/threat/remediation item apply to product pid (directly or via a group)? */
static int item_applies(const struct csaf_tree *t, const cJSON *item, const char *path,
                        const char *pid, bool *applies, struct vx_err *err)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(item, "product_ids");
	const cJSON *gids = cJSON_GetObjectItemCaseSensitive(item, "group_ids");
	const cJSON *x, *y;

	*applies = false;
	cJSON_ArrayForEach(x, (cJSON_IsArray(ids) ? ids : NULL))
	{
		if (cJSON_IsString(x) && strcmp(x->valuestring, pid) == 0)
			*applies = true;
	}
	cJSON_ArrayForEach(x, (cJSON_IsArray(gids) ? gids : NULL))
	{
		const struct csaf_group *g;
		if (!cJSON_IsString(x))
			continue;
		if (!(g = tree_group(t, x->valuestring)))
			return vx_err_at(err, VX_EINVAL, path, "group id '%s' is not defined",
			                 vx_str_quote(x->valuestring, 60));
		cJSON_ArrayForEach(y, g->product_ids)
		{
			if (cJSON_IsString(y) && strcmp(y->valuestring, pid) == 0)
				*applies = true;
		}
	}
	return 0;
}

static const char *const csaf_lists[] = {
    "known_affected", "first_affected", "last_affected",       "known_not_affected",
    "fixed",          "first_fixed",    "under_investigation", NULL};
static const char *const csaf_list_status[] = {
    "affected", "affected", "affected", "not_affected", "fixed", "fixed", "under_investigation"};
static const char *const csaf_flags[] = {"component_not_present",
                                         "vulnerable_code_not_present",
                                         "vulnerable_code_cannot_be_controlled_by_adversary",
                                         "vulnerable_code_not_in_execute_path",
                                         "inline_mitigations_already_exist",
                                         NULL};

/* Fill the assessment of product pid from the vulnerability's flags, threats and
 * remediations. */
static int csaf_details(const struct csaf_tree *t, const cJSON *vuln, const char *path,
                        const char *pid, struct vx_vex_assessment *a, struct vx_err *err)
{
	static const char *const members[] = {"flags", "threats", "remediations"};
	int rc;

	for (int m = 0; m < 3; m++) {
		const cJSON *arr, *item;
		int i = 0;
		if ((rc = vx_json_array(vuln, members[m], path, &arr, err)) < 0)
			return rc;
		cJSON_ArrayForEach(item, arr)
		{
			char p[512];
			const cJSON *cat, *det;
			bool applies;
			snprintf(p, sizeof(p), "%s.%s[%d]", path, members[m], i++);
			if (!cJSON_IsObject(item))
				return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
				                 vx_json_type_name(item));
			if ((rc = item_applies(t, item, p, pid, &applies, err)) < 0)
				return rc;
			if (!applies)
				continue;
			cat = cJSON_GetObjectItemCaseSensitive(item, m == 0 ? "label" : "category");
			det = cJSON_GetObjectItemCaseSensitive(item, "details");
			if (!cJSON_IsString(cat))
				return vx_err_at(err, VX_EINVAL, p, "missing %s",
				                 m == 0 ? "label" : "category");
			if (m == 0) {
				if (index_of(cat->valuestring, csaf_flags) < 0) {
					strcat(p, ".label");
					return not_one_of(err, p, "flag label", cat->valuestring,
					                  csaf_flags);
				}
				if (a->justification)
					return vx_err_at(err, VX_EINVAL, p,
					                 "a second flag for product '%s'",
					                 vx_str_quote(pid, 60));
				a->justification = vx_strdup(cat->valuestring);
			} else if (m == 1) {
				if (strcmp(cat->valuestring, "impact") == 0 && cJSON_IsString(det))
					append(&a->impact, "; ", det->valuestring);
			} else if (cJSON_IsString(det)) {
				char *text =
				    vx_asprintf("%s: %s", cat->valuestring, det->valuestring);
				append(&a->action, "; ", text);
				free(text);
			}
		}
	}
	return 0;
}

static int csaf_vulnerability(struct vx_vex *v, const struct csaf_tree *t, const cJSON *vuln, int i,
                              struct vx_err *err)
{
	char path[64], *id = NULL;
	const cJSON *ps, *ids;
	/* first status seen per product id, to refuse contradicting lists (CSAF 6.1.6) */
	const char **seen_pid = NULL;
	int *seen_status = NULL;
	size_t nseen = 0, cap1 = 0, cap2 = 0;
	int rc;

	snprintf(path, sizeof(path), "vulnerabilities[%d]", i);
	if (!cJSON_IsObject(vuln))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
		                 vx_json_type_name(vuln));
	if ((rc = vx_json_str(vuln, "cve", path, false, &id, err)) < 0 ||
	    (rc = vx_json_array(vuln, "ids", path, &ids, err)) < 0 ||
	    (rc = vx_json_object(vuln, "product_status", path, &ps, err)) < 0)
		goto out;
	if (!id && ids) {
		const cJSON *text =
		    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ids, 0), "text");
		if (cJSON_IsString(text) && text->valuestring[0])
			id = vx_strdup(text->valuestring);
	}
	if (!ps)
		goto out;
	if (!id) {
		rc = vx_err_at(err, VX_EINVAL, path, "has a product_status but no cve or ids");
		goto out;
	}
	for (int l = 0; csaf_lists[l]; l++) {
		char lp[256];
		const cJSON *list, *pid;
		int j = 0;
		snprintf(lp, sizeof(lp), "%s.product_status", path);
		if ((rc = vx_json_array(ps, csaf_lists[l], lp, &list, err)) < 0)
			goto out;
		cJSON_ArrayForEach(pid, list)
		{
			char p[512];
			const struct csaf_product *prod, *comp;
			struct vx_vex_statement *s;
			bool dup = false;
			snprintf(p, sizeof(p), "%s.product_status.%s[%d]", path, csaf_lists[l],
			         j++);
			if (!cJSON_IsString(pid)) {
				rc = vx_err_at(err, VX_EINVAL, p, "expected a string, found %s",
				               vx_json_type_name(pid));
				goto out;
			}
			if (!(prod = tree_find(t, pid->valuestring))) {
				rc = vx_err_at(err, VX_EINVAL, p,
				               "product id '%s' is not defined in product_tree",
				               vx_str_quote(pid->valuestring, 60));
				goto out;
			}
			for (size_t k = 0; k < nseen; k++) {
				if (strcmp(seen_pid[k], prod->id) != 0)
					continue;
				if (strcmp(csaf_list_status[seen_status[k]], csaf_list_status[l])) {
					rc = vx_err_at(err, VX_EINVAL, p,
					               "product '%s' is also in %s (contradicting "
					               "status)",
					               vx_str_quote(prod->id, 60),
					               csaf_lists[seen_status[k]]);
					goto out;
				}
				dup = true;
			}
			if (dup)
				continue;
			seen_pid = vx_grow(seen_pid, sizeof(*seen_pid), nseen + 1, &cap1);
			seen_status = vx_grow(seen_status, sizeof(*seen_status), nseen + 1, &cap2);
			seen_pid[nseen] = prod->id;
			seen_status[nseen++] = l;

			s = add_statement(v, p);
			s->vuln_id = vx_strdup(id);
			s->product_id = vx_strdup(prod->id);
			s->a.status = vx_strdup(csaf_list_status[l]);
			comp = prod;
			if (prod->component_of) {
				const struct csaf_product *dev = tree_find(t, prod->device);
				comp = tree_find(t, prod->component_of);
				s->product = vx_strdup(dev->branch_product);
				s->version = vx_strdup(dev->branch_version);
			}
			s->component_purl = vx_strdup(comp->purl);
			s->component_cpe = vx_strdup(comp->cpe);
			if (comp->bom_link)
				vx_vex_bom_link(comp->bom_link, &s->sbom_serial, &s->component_ref);
			s->a.reason =
			    vx_asprintf("CSAF %s: %s%s%s", csaf_lists[l], prod->id,
			                v->doc_id ? " in " : "", v->doc_id ? v->doc_id : "");
			if ((rc = csaf_details(t, vuln, path, prod->id, &s->a, err)) < 0)
				goto out;
			if (l != 3 && s->a.justification) { /* a flag belongs to not_affected */
				free(s->a.justification);
				s->a.justification = NULL;
			}
		}
	}
out:
	free(id);
	free(seen_pid);
	free(seen_status);
	return rc;
}

static int read_csaf(const cJSON *root, struct vx_vex *v, struct vx_err *err)
{
	const cJSON *doc, *tree, *vulns, *item, *tracking;
	struct csaf_tree t = {0};
	int rc, i = 0;

	v->format = VX_VEX_CSAF;
	if ((rc = vx_json_object(root, "document", "", &doc, err)) < 0 ||
	    (rc = json_req_str(doc, "csaf_version", "document", &v->spec_version, err)) < 0 ||
	    (rc = vx_json_object(doc, "tracking", "document", &tracking, err)) < 0 ||
	    (tracking &&
	     (rc = vx_json_str(tracking, "id", "document.tracking", false, &v->doc_id, err)) < 0) ||
	    (rc = vx_json_object(root, "product_tree", "", &tree, err)) < 0 ||
	    (rc = vx_json_array(root, "vulnerabilities", "", &vulns, err)) < 0)
		return rc;
	if (strcmp(v->spec_version, "2.0") != 0 && strcmp(v->spec_version, "2.1") != 0)
		return vx_err_at(err, VX_EUNSUPPORTED, "document.csaf_version",
		                 "CSAF version '%s' is not supported (expected 2.0)",
		                 vx_str_quote(v->spec_version, 20));
	if ((rc = read_tree(&t, tree, err)) < 0)
		goto out;
	cJSON_ArrayForEach(item, vulns)
	{
		if ((rc = csaf_vulnerability(v, &t, item, i++, err)) < 0)
			goto out;
	}
out:
	free(t.p);
	free(t.g);
	return rc;
}

/* --- detection ------------------------------------------------------------------------- */

int vx_vex_parse(const char *data, size_t len, struct vx_vex *out, struct vx_err *err)
{
	cJSON *root = NULL;
	size_t i = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (memchr(data, '\0', len) || !vx_utf8_valid(data, len))
		return vx_err_set(err, VX_EINVAL, "not UTF-8 text");
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* spreadsheet "CSV UTF-8" */
		data += 3;
		len -= 3;
	}
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i < len && data[i] == '<')
		return vx_err_set(err, VX_EUNSUPPORTED,
		                  "XML is not supported: give a CycloneDX VEX as JSON");
	if (i == len || data[i] != '{')
		return read_csv(data, len, out, err);
	if ((rc = vx_json_parse(data, len, VX_VEX_MAX_DEPTH, &root, err)) < 0)
		return rc;
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "bomFormat")) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(root, "bomFormat")->valuestring, "CycloneDX") ==
	        0)
		rc = read_cyclonedx(root, out, err);
	else if (cJSON_GetObjectItemCaseSensitive(root, "document"))
		rc = read_csaf(root, out, err);
	else if (cJSON_GetObjectItemCaseSensitive(root, "@context") &&
	         cJSON_GetObjectItemCaseSensitive(root, "statements"))
		rc = vx_err_set(err, VX_EUNSUPPORTED,
		                "OpenVEX is not supported: convert it to CSAF or CycloneDX (e.g. "
		                "vexctl)");
	else
		rc = vx_err_set(err, VX_EINVAL,
		                "JSON that is neither a CycloneDX BOM (bomFormat) nor a CSAF "
		                "document (document)");
	cJSON_Delete(root);
	return rc;
}
