/* src/render/csaf.c - CSAF 2.0 security advisories and VEX (see csaf.h). */
#include "render/csaf.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/cwe.h"
#include "util/err.h"
#include "util/jsonw.h"

#ifndef VX_VERSION
#define VX_VERSION "0"
#endif

/* One open finding in the document. */
struct row {
	const struct vx_finding *f;
	struct vx_triage t; /* newest */
	struct vx_decision d;
	int have_d;
	char *dev, *comp, *rel; /* product ids: device version, component, component in device */
};

struct doc {
	const struct vx_csaf_opts *o;
	struct vx_profile prof;
	struct vx_product product;
	struct vx_finding **lists;
	size_t *nlists, nvulns;
	struct vx_vuln_facts *facts;
	struct row *rows;
	size_t nrows, rows_cap;
};

static const char *const JUSTIFICATIONS[] = {
	"component_not_present", "inline_mitigations_already_exist",
	"vulnerable_code_cannot_be_controlled_by_adversary", "vulnerable_code_not_in_execute_path",
	"vulnerable_code_not_present"};

/* product ids: a, sep, b with letters, digits and . _ - : kept, anything else '_' */
static char *pid(const char *a, char sep, const char *b)
{
	char *s = vx_asprintf("%s%c%s", a ? a : "", sep, b ? b : "");
	for (char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-:", *p))
			*p = '_';
	return s;
}

void vx_csaf_filename(const char *id, char *out, size_t size)
{
	size_t n = 0;
	int run = 0;
	if (!size)
		return;
	for (const char *p = id; *p && n + 6 < size; p++) {
		char c = (char)tolower((unsigned char)*p);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-') {
			out[n++] = c;
			run = 0;
		} else if (!run) {
			out[n++] = '_';
			run = 1;
		}
	}
	snprintf(out + n, size - n, ".json");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct values of one product-id field of the rows (selected by off), sorted. */
static char **distinct(const struct doc *D, size_t off, const char *vuln, size_t *n)
{
	char **v = vx_calloc(D->nrows ? D->nrows : 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < D->nrows; i++) {
		if (vuln && strcmp(D->rows[i].f->vuln_id, vuln) != 0)
			continue;
		v[k++] = *(char **)((char *)&D->rows[i] + off);
	}
	qsort(v, k, sizeof(char *), cmp_str);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (!*n || strcmp(v[*n - 1], v[i]) != 0)
			v[(*n)++] = v[i];
	return v;
}

static const struct row *row_of(const struct doc *D, size_t off, const char *id)
{
	for (size_t i = 0; i < D->nrows; i++)
		if (strcmp(*(char **)((char *)&D->rows[i] + off), id) == 0)
			return &D->rows[i];
	return NULL;
}

/* --- gathering --------------------------------------------------------------------------- */

static int gather(struct vx_store *st, struct doc *D, struct vx_err *err)
{
	const struct vx_csaf_opts *o = D->o;
	int rc = vx_store_profile_get(st, &D->prof, err);
	if (rc == VX_ENOTFOUND)
		return vx_err_set(err, VX_EINVAL,
				  "no manufacturer profile: set one with 'vexil profile set --name "
				  "... --namespace URL'");
	if (rc < 0)
		return rc;
	if (!D->prof.csaf_namespace)
		return vx_err_set(err, VX_EINVAL,
				  "the manufacturer profile has no CSAF namespace: set it with "
				  "'vexil profile set --namespace https://...'");
	if ((rc = vx_store_product_get(st, o->product, &D->product, err)) < 0)
		return rc;
	D->nvulns = o->nvulns;
	D->lists = vx_calloc(o->nvulns ? o->nvulns : 1, sizeof(*D->lists));
	D->nlists = vx_calloc(o->nvulns ? o->nvulns : 1, sizeof(*D->nlists));
	D->facts = vx_calloc(o->nvulns ? o->nvulns : 1, sizeof(*D->facts));
	for (size_t v = 0; v < o->nvulns; v++) {
		struct vx_finding_filter flt = {0};
		flt.product = o->product;
		flt.version = o->version;
		flt.vuln = o->vulns[v];
		if ((rc = vx_store_vuln_facts(st, o->vulns[v], &D->facts[v], err)) < 0)
			return rc;
		if ((rc = vx_store_findings(st, &flt, &D->lists[v], &D->nlists[v], err)) < 0)
			return rc;
		if (!D->nlists[v])
			return vx_err_set(err, VX_ENOTFOUND, "%s has no open finding in %s%s%s",
					  o->vulns[v], o->product, o->version ? " " : "",
					  o->version ? o->version : "");
		for (size_t i = 0; i < D->nlists[v]; i++) {
			const struct vx_finding *f = &D->lists[v][i];
			struct row *r;
			D->rows = vx_grow(D->rows, sizeof(*D->rows), D->nrows + 1, &D->rows_cap);
			r = &D->rows[D->nrows++];
			memset(r, 0, sizeof(*r));
			r->f = f;
			r->dev = pid(f->product, '-', f->version);
			r->comp = pid(f->component ? f->component : "component", '-',
				      f->component_version ? f->component_version : "unknown");
			r->rel = pid(r->dev, ':', r->comp);
			if ((rc = vx_store_triage_latest(st, f->id, &r->t, err)) < 0 ||
			    (rc = vx_store_decision_latest(st, f->id, 1, &r->d, &r->have_d, err)) < 0)
				return rc;
		}
	}
	return 0;
}

static void release(struct doc *D)
{
	for (size_t i = 0; i < D->nrows; i++) {
		vx_triage_release(&D->rows[i].t);
		if (D->rows[i].have_d)
			vx_decision_release(&D->rows[i].d);
		free(D->rows[i].dev);
		free(D->rows[i].comp);
		free(D->rows[i].rel);
	}
	free(D->rows);
	for (size_t v = 0; v < D->nvulns; v++) {
		vx_finding_list_free(D->lists[v], D->nlists[v]);
		vx_vuln_facts_release(&D->facts[v]);
	}
	free(D->lists);
	free(D->nlists);
	free(D->facts);
	if (D->prof.name)
		vx_profile_release(&D->prof);
	if (D->product.name)
		vx_product_release(&D->product);
}

/* --- writing ------------------------------------------------------------------------------- */

static void str_array(struct vx_jw *w, const char *key, char **v, size_t n)
{
	vx_jw_key(w, key);
	vx_jw_array(w);
	for (size_t i = 0; i < n; i++)
		vx_jw_str(w, v[i]);
	vx_jw_array_end(w);
}

static void note(struct vx_jw *w, const char *category, const char *text, const char *title)
{
	vx_jw_object(w);
	vx_jw_kstr(w, "category", category);
	vx_jw_kstr(w, "text", text);
	vx_jw_kstr(w, "title", title);
	vx_jw_object_end(w);
}

static void write_document(struct doc *D, struct vx_jw *w)
{
	const struct vx_csaf_opts *o = D->o;
	struct vx_buf b;
	size_t ndev;
	char **devs = distinct(D, offsetof(struct row, dev), NULL, &ndev);
	vx_buf_init(&b);
	vx_jw_key(w, "document");
	vx_jw_object(w);
	vx_jw_kstr(w, "category", o->vex ? "csaf_vex" : "csaf_security_advisory");
	vx_jw_kstr(w, "csaf_version", "2.0");
	vx_jw_key(w, "distribution");
	vx_jw_object(w);
	vx_jw_key(w, "tlp");
	vx_jw_object(w);
	vx_jw_kstr(w, "label", o->tlp ? o->tlp : "WHITE");
	vx_jw_kstr(w, "url", "https://www.first.org/tlp/");
	vx_jw_object_end(w);
	vx_jw_object_end(w);
	vx_jw_kstr(w, "lang", "en");
	vx_jw_key(w, "notes");
	vx_jw_array(w);
	vx_buf_printf(&b, "%s %s %zu vulnerabilit%s in %s (%s), version%s ", D->prof.name,
		      o->vex ? "states the status of" : "informs its customers about", D->nvulns,
		      D->nvulns == 1 ? "y" : "ies", D->product.name,
		      D->product.model ? D->product.model : "medical device", ndev == 1 ? "" : "s");
	for (size_t i = 0; i < ndev; i++) {
		const struct row *r = row_of(D, offsetof(struct row, dev), devs[i]);
		vx_buf_printf(&b, "%s%s", i ? ", " : "", r->f->version);
	}
	vx_buf_adds(&b, ". Statuses come from the manufacturer's assessment of each device version; "
			"the clinical impact notes give the risk of patient harm as assessed under "
			"ISO 14971 and FDA's postmarket cybersecurity guidance.");
	note(w, "summary", vx_buf_str(&b), "Summary");
	vx_jw_array_end(w);
	vx_jw_key(w, "publisher");
	vx_jw_object(w);
	vx_jw_kstr(w, "category", "vendor");
	if (D->prof.cvd_contact)
		vx_jw_kstr(w, "contact_details", D->prof.cvd_contact);
	vx_jw_kstr(w, "name", D->prof.name);
	vx_jw_kstr(w, "namespace", D->prof.csaf_namespace);
	vx_jw_object_end(w);
	if (o->tracking) {
		/* the canonical URL: where the manufacturer publishes it (CSAF 6.2.11) */
		char fname[300], lower[16];
		size_t k = 0;
		const char *tlp = o->tlp ? o->tlp : "WHITE";
		for (; tlp[k] && k + 1 < sizeof(lower); k++)
			lower[k] = (char)tolower((unsigned char)tlp[k]);
		lower[k] = 0;
		vx_csaf_filename(o->tracking->tracking_id, fname, sizeof(fname));
		vx_buf_reset(&b);
		if (o->publish_url)
			vx_buf_printf(&b, "%s%s%s", o->publish_url,
				      o->publish_url[strlen(o->publish_url) - 1] == '/' ? "" : "/",
				      fname);
		else
			vx_buf_printf(&b, "%s%s.well-known/csaf/%s/%.4s/%s", D->prof.csaf_namespace,
				      D->prof.csaf_namespace[strlen(D->prof.csaf_namespace) - 1] ==
						      '/'
					      ? ""
					      : "/",
				      lower, o->tracking->revs[0].date, fname);
		vx_jw_key(w, "references");
		vx_jw_array(w);
		vx_jw_object(w);
		vx_jw_kstr(w, "category", "self");
		vx_jw_kstr(w, "summary", "Canonical URL");
		vx_jw_kstr(w, "url", vx_buf_str(&b));
		vx_jw_object_end(w);
		vx_jw_array_end(w);
	}
	vx_buf_reset(&b);
	if (o->vex)
		vx_buf_printf(&b, "VEX: %s%s%s", D->product.name, o->version ? " " : "",
			      o->version ? o->version : "");
	else if (D->nvulns == 1)
		vx_buf_printf(&b, "%s: %s", D->product.name,
			      D->facts[0].title ? D->facts[0].title : D->facts[0].vuln_id);
	else
		vx_buf_printf(&b, "%s: %zu vulnerabilities", D->product.name, D->nvulns);
	vx_jw_kstr(w, "title", vx_buf_str(&b));
	if (o->tracking) {
		const struct vx_advisory *a = o->tracking;
		char num[24];
		vx_jw_key(w, "tracking");
		vx_jw_object(w);
		vx_jw_kstr(w, "current_release_date", a->revs[a->nrevs - 1].date);
		vx_jw_key(w, "generator");
		vx_jw_object(w);
		vx_jw_kstr(w, "date", o->generated);
		vx_jw_key(w, "engine");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", "vexil");
		vx_jw_kstr(w, "version", VX_VERSION);
		vx_jw_object_end(w);
		vx_jw_object_end(w);
		vx_jw_kstr(w, "id", a->tracking_id);
		vx_jw_kstr(w, "initial_release_date", a->revs[0].date);
		vx_jw_key(w, "revision_history");
		vx_jw_array(w);
		for (size_t i = 0; i < a->nrevs; i++) {
			vx_jw_object(w);
			vx_jw_kstr(w, "date", a->revs[i].date);
			snprintf(num, sizeof(num), "%d", a->revs[i].number);
			vx_jw_kstr(w, "number", num);
			vx_jw_kstr(w, "summary", a->revs[i].summary);
			vx_jw_object_end(w);
		}
		vx_jw_array_end(w);
		vx_jw_kstr(w, "status", a->revs[a->nrevs - 1].status);
		snprintf(num, sizeof(num), "%d", a->revs[a->nrevs - 1].number);
		vx_jw_kstr(w, "version", num);
		vx_jw_object_end(w);
	}
	vx_jw_object_end(w);
	free(devs);
	vx_buf_release(&b);
}

static void write_product_tree(struct doc *D, struct vx_jw *w)
{
	size_t ndev, ncomp, nrel;
	char **devs = distinct(D, offsetof(struct row, dev), NULL, &ndev);
	char **comps = distinct(D, offsetof(struct row, comp), NULL, &ncomp);
	char **rels = distinct(D, offsetof(struct row, rel), NULL, &nrel);
	vx_jw_key(w, "product_tree");
	vx_jw_object(w);
	/* vendor / product_name / product_version branches: the device versions */
	vx_jw_key(w, "branches");
	vx_jw_array(w);
	vx_jw_object(w);
	vx_jw_key(w, "branches");
	vx_jw_array(w);
	vx_jw_object(w);
	vx_jw_key(w, "branches");
	vx_jw_array(w);
	for (size_t i = 0; i < ndev; i++) {
		const struct row *r = row_of(D, offsetof(struct row, dev), devs[i]);
		char *name = vx_asprintf("%s %s %s", D->prof.name, D->product.name, r->f->version);
		vx_jw_object(w);
		vx_jw_kstr(w, "category", "product_version");
		vx_jw_kstr(w, "name", r->f->version);
		vx_jw_key(w, "product");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", name);
		vx_jw_kstr(w, "product_id", r->dev);
		if (D->product.model) {
			vx_jw_key(w, "product_identification_helper");
			vx_jw_object(w);
			vx_jw_key(w, "model_numbers");
			vx_jw_array(w);
			vx_jw_str(w, D->product.model);
			vx_jw_array_end(w);
			vx_jw_object_end(w);
		}
		vx_jw_object_end(w);
		vx_jw_object_end(w);
		free(name);
	}
	vx_jw_array_end(w);
	vx_jw_kstr(w, "category", "product_name");
	vx_jw_kstr(w, "name", D->product.name);
	vx_jw_object_end(w);
	vx_jw_array_end(w);
	vx_jw_kstr(w, "category", "vendor");
	vx_jw_kstr(w, "name", D->prof.name);
	vx_jw_object_end(w);
	vx_jw_array_end(w);
	/* the components, identified by purl and CPE */
	vx_jw_key(w, "full_product_names");
	vx_jw_array(w);
	for (size_t i = 0; i < ncomp; i++) {
		const struct row *r = row_of(D, offsetof(struct row, comp), comps[i]);
		char *name = vx_asprintf("%s %s", r->f->component ? r->f->component : "component",
					 r->f->component_version ? r->f->component_version : "");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", name);
		vx_jw_kstr(w, "product_id", r->comp);
		if (r->f->component_cpe || r->f->component_purl) {
			vx_jw_key(w, "product_identification_helper");
			vx_jw_object(w);
			if (r->f->component_cpe)
				vx_jw_kstr(w, "cpe", r->f->component_cpe);
			if (r->f->component_purl)
				vx_jw_kstr(w, "purl", r->f->component_purl);
			vx_jw_object_end(w);
		}
		vx_jw_object_end(w);
		free(name);
	}
	vx_jw_array_end(w);
	/* "component X is a default component of device version Y": the ids with statuses */
	vx_jw_key(w, "relationships");
	vx_jw_array(w);
	for (size_t i = 0; i < nrel; i++) {
		const struct row *r = row_of(D, offsetof(struct row, rel), rels[i]);
		char *name = vx_asprintf("%s %s as a component of %s %s %s",
					 r->f->component ? r->f->component : "component",
					 r->f->component_version ? r->f->component_version : "",
					 D->prof.name, D->product.name, r->f->version);
		vx_jw_object(w);
		vx_jw_kstr(w, "category", "default_component_of");
		vx_jw_key(w, "full_product_name");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", name);
		vx_jw_kstr(w, "product_id", r->rel);
		if (r->f->component_cpe || r->f->component_purl || D->product.model) {
			/* the component's identifiers, else the device's model number */
			vx_jw_key(w, "product_identification_helper");
			vx_jw_object(w);
			if (r->f->component_cpe)
				vx_jw_kstr(w, "cpe", r->f->component_cpe);
			if (!r->f->component_cpe && !r->f->component_purl) {
				vx_jw_key(w, "model_numbers");
				vx_jw_array(w);
				vx_jw_str(w, D->product.model);
				vx_jw_array_end(w);
			}
			if (r->f->component_purl)
				vx_jw_kstr(w, "purl", r->f->component_purl);
			vx_jw_object_end(w);
		}
		vx_jw_object_end(w);
		vx_jw_kstr(w, "product_reference", r->comp);
		vx_jw_kstr(w, "relates_to_product_reference", r->dev);
		vx_jw_object_end(w);
		free(name);
	}
	vx_jw_array_end(w);
	vx_jw_object_end(w);
	free(devs);
	free(comps);
	free(rels);
}

/* Group rows of one vulnerability by a text the caller computes per row, writing one
 * object per distinct (category, date, details) in the order first met. */
struct item {
	const char *category;
	char *date;
	char *details;
	const struct row *r;
};

static void grouped(struct vx_jw *w, struct item *it, size_t n, int with_date)
{
	int *done = vx_calloc(n ? n : 1, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		char **ids;
		size_t k = 0;
		if (done[i])
			continue;
		ids = vx_calloc(n, sizeof(char *));
		for (size_t j = i; j < n; j++)
			if (!done[j] && strcmp(it[j].category, it[i].category) == 0 &&
			    strcmp(it[j].details, it[i].details) == 0 &&
			    strcmp(it[j].date ? it[j].date : "", it[i].date ? it[i].date : "") == 0) {
				done[j] = 1;
				ids[k++] = it[j].r->rel;
			}
		qsort(ids, k, sizeof(char *), cmp_str);
		vx_jw_object(w);
		vx_jw_kstr(w, "category", it[i].category);
		if (with_date && it[i].date)
			vx_jw_kstr(w, "date", it[i].date);
		vx_jw_kstr(w, "details", it[i].details);
		str_array(w, "product_ids", ids, k);
		vx_jw_object_end(w);
		free(ids);
	}
	free(done);
}

static void free_items(struct item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(it[i].date);
		free(it[i].details);
	}
	free(it);
}

static const char *words(const char *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

static int is_cve(const char *id)
{
	size_t n = 0;
	if (strncmp(id, "CVE-", 4) != 0 || strlen(id) < 13)
		return 0;
	for (int i = 4; i < 8; i++)
		if (!isdigit((unsigned char)id[i]))
			return 0;
	if (id[8] != '-')
		return 0;
	for (const char *p = id + 9; *p; p++, n++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return n >= 4;
}

static void write_vulnerability(struct doc *D, size_t v, struct vx_jw *w)
{
	const struct vx_vuln_facts *fa = &D->facts[v];
	const char *id = D->o->vulns[v];
	struct item *rem = vx_calloc(D->nrows * 2 + 1, sizeof(*rem)), *thr;
	char **scored = vx_calloc(D->nrows + 1, sizeof(char *));
	size_t nscored = 0;
	size_t nrem = 0, nthr = 0, nrel;
	char **rels = distinct(D, offsetof(struct row, rel), id, &nrel), buf[128];
	struct vx_buf b;
	vx_buf_init(&b);
	thr = vx_calloc(D->nrows + 2, sizeof(*thr));
	vx_jw_object(w);
	if (fa->reporter) {
		vx_jw_key(w, "acknowledgments");
		vx_jw_array(w);
		vx_jw_object(w);
		vx_jw_key(w, "names");
		vx_jw_array(w);
		vx_jw_str(w, fa->reporter);
		vx_jw_array_end(w);
		vx_buf_printf(&b, "reported this vulnerability to %s", D->prof.name);
		vx_jw_kstr(w, "summary", vx_buf_str(&b));
		vx_jw_object_end(w);
		vx_jw_array_end(w);
	}
	if (is_cve(id))
		vx_jw_kstr(w, "cve", id);
	/* the first recorded weakness with a name in the CWE list (CSAF takes one) */
	for (const char *p = fa->cwes; p && *p;) {
		size_t n = strcspn(p, ",");
		char cwe[32];
		const char *name;
		snprintf(cwe, sizeof(cwe), "%.*s", (int)(n < 31 ? n : 31), p);
		if ((name = vx_cwe_name(cwe))) {
			vx_jw_key(w, "cwe");
			vx_jw_object(w);
			vx_jw_kstr(w, "id", cwe);
			vx_jw_kstr(w, "name", name);
			vx_jw_object_end(w);
			break;
		}
		p += n + (p[n] == ',');
	}
	/* justification flags for not-affected products, one label per product */
	{
		int any = 0;
		for (size_t j = 0; j < sizeof(JUSTIFICATIONS) / sizeof(JUSTIFICATIONS[0]); j++) {
			char **ids = vx_calloc(D->nrows + 1, sizeof(char *));
			size_t k = 0;
			for (size_t i = 0; i < D->nrows; i++) {
				const struct row *r = &D->rows[i];
				if (strcmp(r->f->vuln_id, id) == 0 &&
				    strcmp(r->t.status, "not_affected") == 0 && r->t.justification &&
				    strcmp(r->t.justification, JUSTIFICATIONS[j]) == 0) {
					int dup = 0;
					for (size_t q = 0; q < k; q++)
						dup |= strcmp(ids[q], r->rel) == 0;
					if (!dup)
						ids[k++] = r->rel;
				}
			}
			if (k) {
				if (!any) {
					vx_jw_key(w, "flags");
					vx_jw_array(w);
					any = 1;
				}
				qsort(ids, k, sizeof(char *), cmp_str);
				vx_jw_object(w);
				vx_jw_kstr(w, "label", JUSTIFICATIONS[j]);
				str_array(w, "product_ids", ids, k);
				vx_jw_object_end(w);
			}
			free(ids);
		}
		if (any)
			vx_jw_array_end(w);
	}
	if (!is_cve(id)) {
		vx_jw_key(w, "ids");
		vx_jw_array(w);
		vx_jw_object(w);
		vx_buf_reset(&b);
		vx_buf_printf(&b, "%s vulnerability id", D->prof.name);
		vx_jw_kstr(w, "system_name", vx_buf_str(&b));
		vx_jw_kstr(w, "text", id);
		vx_jw_object_end(w);
		vx_jw_array_end(w);
	}
	/* notes: the description, then the clinical impact per device version */
	vx_jw_key(w, "notes");
	vx_jw_array(w);
	note(w, "description", fa->description ? fa->description : fa->title ? fa->title : id,
	     "Vulnerability description");
	vx_buf_reset(&b);
	for (size_t i = 0; i < D->nrows; i++) {
		const struct row *r = &D->rows[i];
		if (strcmp(r->f->vuln_id, id) != 0)
			continue;
		vx_buf_printf(&b, "%s%s %s, component %s %s: %s.", b.len ? "\n" : "",
			      D->product.name, r->f->version, r->f->component ? r->f->component : "-",
			      r->f->component_version ? r->f->component_version : "",
			      words(r->t.status, buf, sizeof(buf)));
		if (r->t.hazard)
			vx_buf_printf(&b, " Hazardous situation: %s.", r->t.hazard);
		if (r->t.severity)
			vx_buf_printf(&b, " Worst credible harm (ISO 14971): %s.", r->t.severity);
		if (r->t.safety_impact == 0)
			vx_buf_adds(&b, " Safety and essential performance are not affected "
					"(confidentiality only).");
		else if (r->t.safety_impact == 1)
			vx_buf_adds(&b, " Safety or essential performance can be affected.");
		if (r->have_d && r->d.risk)
			vx_buf_printf(&b, " Risk of patient harm: %s.", r->d.risk);
	}
	note(w, "summary", vx_buf_str(&b), "Clinical impact");
	vx_jw_array_end(w);
	/* product_status from the VEX status */
	{
		static const struct {
			const char *key, *status;
		} map[] = {{"fixed", "fixed"},
			   {"known_affected", "affected"},
			   {"known_not_affected", "not_affected"},
			   {"under_investigation", "under_investigation"}};
		vx_jw_key(w, "product_status");
		vx_jw_object(w);
		for (size_t m = 0; m < sizeof(map) / sizeof(map[0]); m++) {
			char **ids = vx_calloc(nrel ? nrel : 1, sizeof(char *));
			size_t k = 0;
			for (size_t i = 0; i < nrel; i++) {
				const struct row *r = NULL;
				for (size_t q = 0; q < D->nrows; q++)
					if (strcmp(D->rows[q].f->vuln_id, id) == 0 &&
					    strcmp(D->rows[q].rel, rels[i]) == 0)
						r = &D->rows[q];
				if (r && strcmp(r->t.status, map[m].status) == 0)
					ids[k++] = rels[i];
			}
			if (k)
				str_array(w, map[m].key, ids, k);
			free(ids);
		}
		vx_jw_object_end(w);
	}
	/* references: the published URLs */
	{
		size_t k = 0;
		for (size_t i = 0; i < fa->nrefs; i++)
			if ((strncmp(fa->refs[i], "https://", 8) == 0 ||
			     strncmp(fa->refs[i], "http://", 7) == 0) &&
			    !strpbrk(fa->refs[i], " \"<>\\^`{|}"))
				k++;
		if (k) {
			size_t shown = 0;
			vx_jw_key(w, "references");
			vx_jw_array(w);
			for (size_t i = 0; i < fa->nrefs && shown < 25; i++) {
				if ((strncmp(fa->refs[i], "https://", 8) != 0 &&
				     strncmp(fa->refs[i], "http://", 7) != 0) ||
				    strpbrk(fa->refs[i], " \"<>\\^`{|}"))
					continue;
				vx_jw_object(w);
				vx_jw_kstr(w, "category", "external");
				vx_jw_kstr(w, "summary", "Reference");
				vx_jw_kstr(w, "url", fa->refs[i]);
				vx_jw_object_end(w);
				shown++;
			}
			vx_jw_array_end(w);
		}
	}
	/* remediations and threats per product */
	for (size_t i = 0; i < D->nrows; i++) {
		const struct row *r = &D->rows[i];
		const struct vx_triage *t = &r->t;
		if (strcmp(r->f->vuln_id, id) != 0)
			continue;
		if (strcmp(t->status, "fixed") == 0 ||
		    (strcmp(t->status, "affected") == 0 && t->fix_distributed)) {
			rem[nrem].category = "vendor_fix";
			rem[nrem].date = t->fix_distributed
						 ? vx_asprintf("%sT00:00:00Z", t->fix_distributed)
						 : NULL;
			rem[nrem].details =
				t->action ? vx_strdup(t->action)
				: t->fix_distributed
					? vx_asprintf("Install the update %s distributed on %s.",
						      D->prof.name, t->fix_distributed)
					: vx_asprintf("Fixed: install the current software release "
						      "from %s.",
						      D->prof.name);
			rem[nrem++].r = r;
		} else if (strcmp(t->status, "under_investigation") == 0) {
			if (t->controls) {
				rem[nrem].category = "mitigation";
				rem[nrem].details = vx_strdup(t->controls);
				rem[nrem++].r = r;
			}
			rem[nrem].category = "none_available";
			rem[nrem].details = vx_asprintf(
				"%s is investigating whether the device is affected and will state "
				"the result in a revision of this document.",
				D->prof.name);
			rem[nrem++].r = r;
		} else if (strcmp(t->status, "affected") == 0) {
			if (t->controls) {
				rem[nrem].category = "mitigation";
				rem[nrem].details = vx_strdup(t->controls);
				rem[nrem++].r = r;
			}
			rem[nrem].category = "none_available";
			rem[nrem].details =
				t->action ? vx_strdup(t->action)
					  : vx_asprintf("No fix is available yet. %s will announce its "
							"availability in a revision of this advisory.",
							D->prof.name);
			rem[nrem++].r = r;
		}
		thr[nthr].category = "impact";
		if (t->impact)
			thr[nthr].details = vx_strdup(t->impact);
		else if (strcmp(t->status, "not_affected") == 0)
			thr[nthr].details = vx_asprintf("Not affected: %s.",
							words(t->justification, buf, sizeof(buf)));
		else if (strcmp(t->status, "under_investigation") == 0)
			thr[nthr].details = vx_strdup("Under investigation: the impact on the device "
						      "is being assessed.");
		else if (r->have_d && r->d.risk)
			thr[nthr].details = vx_asprintf(
				"The risk of patient harm is %s (worst credible harm %s, "
				"exploitability %s).",
				r->d.risk, r->d.severity ? r->d.severity : "not assessed",
				r->d.exploitability ? words(r->d.exploitability, buf, sizeof(buf))
						    : "not assessed");
		else
			thr[nthr].details = vx_asprintf("%s: the device is %s.", id,
							words(t->status, buf, sizeof(buf)));
		thr[nthr++].r = r;
	}
	if (nrem) {
		vx_jw_key(w, "remediations");
		vx_jw_array(w);
		grouped(w, rem, nrem, 1);
		vx_jw_array_end(w);
	}
	/* scores for the products still at risk: fixed and not-affected ones have none
	 * (CSAF 6.2.19) */
	for (size_t i = 0; i < nrel; i++) {
		const struct row *r = NULL;
		for (size_t q = 0; q < D->nrows; q++)
			if (strcmp(D->rows[q].f->vuln_id, id) == 0 && strcmp(D->rows[q].rel, rels[i]) == 0)
				r = &D->rows[q];
		if (r && (strcmp(r->t.status, "affected") == 0 ||
			  strcmp(r->t.status, "under_investigation") == 0))
			scored[nscored++] = rels[i];
	}
	if (nscored && fa->cvss_vector && vx_cvss3_base(fa->cvss_vector, NULL) >= 0) {
		const char *ver = NULL;
		double score = vx_cvss3_base(fa->cvss_vector, &ver);
		vx_jw_key(w, "scores");
		vx_jw_array(w);
		vx_jw_object(w);
		vx_jw_key(w, "cvss_v3");
		vx_jw_object(w);
		vx_jw_key(w, "baseScore");
		vx_jw_num(w, score);
		vx_jw_kstr(w, "baseSeverity", vx_cvss3_severity(score));
		vx_jw_kstr(w, "vectorString", fa->cvss_vector);
		vx_jw_kstr(w, "version", ver);
		vx_jw_object_end(w);
		str_array(w, "products", scored, nscored);
		vx_jw_object_end(w);
		vx_jw_array_end(w);
	}
	vx_jw_key(w, "threats");
	vx_jw_array(w);
	if (fa->kev) {
		vx_buf_reset(&b);
		vx_buf_printf(&b, "Known to be exploited: listed in CISA's Known Exploited "
				  "Vulnerabilities catalog since %s.",
			      fa->kev_added ? fa->kev_added : "an unrecorded date");
		vx_jw_object(w);
		vx_jw_kstr(w, "category", "exploit_status");
		vx_jw_kstr(w, "details", vx_buf_str(&b));
		str_array(w, "product_ids", rels, nrel);
		vx_jw_object_end(w);
	}
	grouped(w, thr, nthr, 0);
	vx_jw_array_end(w);
	vx_jw_kstr(w, "title", fa->title ? fa->title : id);
	vx_jw_object_end(w);
	free_items(rem, nrem);
	free_items(thr, nthr);
	free(rels);
	free(scored);
	vx_buf_release(&b);
}

int vx_csaf_render(struct vx_store *st, const struct vx_csaf_opts *o, char **json,
		   struct vx_err *err)
{
	struct doc D;
	struct vx_jw w;
	int rc;
	*json = NULL;
	memset(&D, 0, sizeof(D));
	D.o = o;
	if (!o->nvulns) {
		vx_err_set(err, VX_EINVAL, "no vulnerability to write");
		return VX_EINVAL;
	}
	if ((rc = gather(st, &D, err)) < 0) {
		release(&D);
		return rc;
	}
	vx_jw_init(&w);
	vx_jw_object(&w);
	write_document(&D, &w);
	write_product_tree(&D, &w);
	vx_jw_key(&w, "vulnerabilities");
	vx_jw_array(&w);
	for (size_t v = 0; v < D.nvulns; v++)
		write_vulnerability(&D, v, &w);
	vx_jw_array_end(&w);
	vx_jw_object_end(&w);
	*json = vx_asprintf("%s\n", vx_jw_text(&w));
	vx_jw_release(&w);
	release(&D);
	return 0;
}
