/* src/render/vexdoc.c - CycloneDX 1.6 and OpenVEX 0.2.0 VEX documents (see vexdoc.h). */
#include "render/vexdoc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/err.h"
#include "util/file.h"
#include "util/jsonw.h"

#ifndef VX_VERSION
#define VX_VERSION "0"
#endif

struct stmt {
	const struct vx_finding *f;
	struct vx_triage t; /* newest */
	char *ref;	    /* CycloneDX affects ref */
};

/* CSAF justification -> CycloneDX (formats.md 4.4, read back by vexil triage import). */
static const char *cdx_justification(const char *j)
{
	if (!j)
		return NULL;
	if (strcmp(j, "component_not_present") == 0 || strcmp(j, "vulnerable_code_not_present") == 0)
		return "code_not_present";
	if (strcmp(j, "vulnerable_code_not_in_execute_path") == 0)
		return "code_not_reachable";
	if (strcmp(j, "vulnerable_code_cannot_be_controlled_by_adversary") == 0)
		return "requires_environment";
	if (strcmp(j, "inline_mitigations_already_exist") == 0)
		return "protected_by_mitigating_control";
	return NULL;
}

static const char *cdx_state(const char *status)
{
	return strcmp(status, "affected") == 0	      ? "exploitable"
	       : strcmp(status, "not_affected") == 0 ? "not_affected"
	       : strcmp(status, "fixed") == 0	      ? "resolved"
						      : "in_triage";
}

/* The response list of a statement, as a fixed string key for grouping. */
static const char *cdx_response(const struct vx_triage *t)
{
	if (strcmp(t->status, "fixed") == 0 ||
	    (strcmp(t->status, "affected") == 0 && t->fix_distributed))
		return "update";
	if (strcmp(t->status, "affected") == 0 && t->controls)
		return "workaround_available";
	return NULL;
}

/* The detail text: impact for not_affected, action (else controls) for affected. */
static char *detail(const struct vx_triage *t)
{
	struct vx_buf b;
	vx_buf_init(&b);
	if (t->impact)
		vx_buf_adds(&b, t->impact);
	if (strcmp(t->status, "not_affected") == 0 && t->justification)
		vx_buf_printf(&b, "%s(CSAF justification: %s)", b.len ? " " : "", t->justification);
	if (t->action)
		vx_buf_printf(&b, "%s%s", b.len ? " " : "", t->action);
	else if (t->controls && strcmp(t->status, "affected") == 0)
		vx_buf_printf(&b, "%sCompensating controls: %s", b.len ? " " : "", t->controls);
	if (t->fix_distributed && (strcmp(t->status, "affected") == 0 || strcmp(t->status, "fixed") == 0))
		vx_buf_printf(&b, "%sFix distributed %s.", b.len ? " " : "", t->fix_distributed);
	return b.len ? vx_buf_detach(&b) : (vx_buf_release(&b), NULL);
}

/* RFC 3986 percent-encoding of everything but unreserved characters (BOM-Link fragment). */
static void pct(struct vx_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c))
			vx_buf_addc(b, (char)c);
		else
			vx_buf_printf(b, "%%%02X", c);
	}
}

static int gather(struct vx_store *st, const struct vx_vexdoc_opts *o, struct vx_finding **fs,
		  size_t *nf, struct stmt **out, int *links, struct vx_err *err)
{
	struct vx_finding_filter flt = {0};
	int rc;
	flt.product = o->product;
	flt.version = o->version;
	*out = NULL;
	if ((rc = vx_store_findings(st, &flt, fs, nf, err)) < 0)
		return rc;
	if (!*nf)
		return vx_err_set(err, VX_ENOTFOUND, "%s %s has no open finding: there is nothing to state",
				  o->product, o->version);
	*out = vx_calloc(*nf, sizeof(**out));
	/* BOM-Links when the SBOM can be named: a urn:uuid serial number and a version */
	*links = 1;
	for (size_t i = 0; i < *nf; i++)
		if (!(*fs)[i].sbom_serial || strncmp((*fs)[i].sbom_serial, "urn:uuid:", 9) != 0 ||
		    !(*fs)[i].component_ref)
			*links = 0;
	for (size_t i = 0; i < *nf; i++) {
		struct stmt *s = &(*out)[i];
		struct vx_buf b;
		s->f = &(*fs)[i];
		if ((rc = vx_store_triage_latest(st, s->f->id, &s->t, err)) < 0)
			return rc;
		vx_buf_init(&b);
		if (*links) {
			vx_buf_printf(&b, "urn:cdx:%s/%s#", s->f->sbom_serial + 9,
				      s->f->sbom_version ? s->f->sbom_version : "1");
			pct(&b, s->f->component_ref);
		} else {
			vx_buf_printf(&b, "%s", s->f->component_ref ? s->f->component_ref : "");
			if (!b.len)
				vx_buf_printf(&b, "component-%lld", s->f->id);
		}
		s->ref = vx_buf_detach(&b);
	}
	return 0;
}

static void release(struct vx_finding *fs, size_t nf, struct stmt *ss)
{
	for (size_t i = 0; ss && i < nf; i++) {
		vx_triage_release(&ss[i].t);
		free(ss[i].ref);
	}
	free(ss);
	vx_finding_list_free(fs, nf);
}

/* An RFC 4122 version-4-shaped UUID from a hash, so the same inputs give the same serial. */
static void uuid_from(const char *seed, char out[37])
{
	char h[65];
	vx_sha256_hex(seed, strlen(seed), h);
	snprintf(out, 37, "%.8s-%.4s-4%.3s-%c%.3s-%.12s", h, h + 8, h + 13,
		 "89ab"[h[16] % 4], h + 17, h + 20);
}

static int same_analysis(const struct stmt *a, const struct stmt *b)
{
	char *da = detail(&a->t), *db = detail(&b->t);
	const char *ra = cdx_response(&a->t), *rb = cdx_response(&b->t);
	int same = strcmp(a->f->vuln_id, b->f->vuln_id) == 0 &&
		   strcmp(a->t.status, b->t.status) == 0 &&
		   strcmp(a->t.justification ? a->t.justification : "",
			  b->t.justification ? b->t.justification : "") == 0 &&
		   strcmp(ra ? ra : "", rb ? rb : "") == 0 &&
		   strcmp(da ? da : "", db ? db : "") == 0;
	free(da);
	free(db);
	return same;
}

static void cyclonedx(struct vx_store *st, const struct vx_vexdoc_opts *o, struct stmt *ss,
		      size_t n, int links, struct vx_jw *w)
{
	struct vx_profile prof = {0};
	struct vx_err err;
	char uuid[37], *seed;
	int *done = vx_calloc(n, sizeof(int));
	vx_err_clear(&err);
	if (vx_store_profile_get(st, &prof, &err) < 0)
		memset(&prof, 0, sizeof(prof));
	seed = vx_asprintf("vexil vex %s %s %s", o->product, o->version, o->generated);
	uuid_from(seed, uuid);
	free(seed);
	vx_jw_object(w);
	vx_jw_kstr(w, "bomFormat", "CycloneDX");
	vx_jw_kstr(w, "specVersion", "1.6");
	seed = vx_asprintf("urn:uuid:%s", uuid);
	vx_jw_kstr(w, "serialNumber", seed);
	free(seed);
	vx_jw_kint(w, "version", 1);
	vx_jw_key(w, "metadata");
	vx_jw_object(w);
	vx_jw_kstr(w, "timestamp", o->generated);
	vx_jw_key(w, "tools");
	vx_jw_object(w);
	vx_jw_key(w, "components");
	vx_jw_array(w);
	vx_jw_object(w);
	vx_jw_kstr(w, "type", "application");
	vx_jw_kstr(w, "name", "vexil");
	vx_jw_kstr(w, "version", VX_VERSION);
	vx_jw_object_end(w);
	vx_jw_array_end(w);
	vx_jw_object_end(w);
	vx_jw_key(w, "component");
	vx_jw_object(w);
	vx_jw_kstr(w, "type", "device");
	vx_jw_kstr(w, "bom-ref", "device");
	if (prof.name) {
		vx_jw_key(w, "supplier");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", prof.name);
		vx_jw_object_end(w);
	}
	vx_jw_kstr(w, "name", o->product);
	vx_jw_kstr(w, "version", o->version);
	vx_jw_object_end(w);
	vx_jw_object_end(w);
	if (!links) { /* the components the statements name, with their SBOM bom-refs */
		vx_jw_key(w, "components");
		vx_jw_array(w);
		for (size_t i = 0; i < n; i++) {
			int seen = 0;
			for (size_t k = 0; k < i; k++)
				seen |= strcmp(ss[k].ref, ss[i].ref) == 0;
			if (seen)
				continue;
			vx_jw_object(w);
			vx_jw_kstr(w, "type", "library");
			vx_jw_kstr(w, "bom-ref", ss[i].ref);
			vx_jw_kstr(w, "name", ss[i].f->component ? ss[i].f->component : "component");
			if (ss[i].f->component_version)
				vx_jw_kstr(w, "version", ss[i].f->component_version);
			if (ss[i].f->component_cpe)
				vx_jw_kstr(w, "cpe", ss[i].f->component_cpe);
			if (ss[i].f->component_purl)
				vx_jw_kstr(w, "purl", ss[i].f->component_purl);
			vx_jw_object_end(w);
		}
		vx_jw_array_end(w);
	}
	vx_jw_key(w, "vulnerabilities");
	vx_jw_array(w);
	for (size_t i = 0; i < n; i++) {
		struct vx_vuln_facts fa;
		const char *resp, *just;
		char *det;
		if (done[i])
			continue;
		vx_err_clear(&err);
		if (vx_store_vuln_facts(st, ss[i].f->vuln_id, &fa, &err) < 0)
			memset(&fa, 0, sizeof(fa)), fa.cvss_score = -1;
		vx_jw_object(w);
		vx_jw_kstr(w, "id", ss[i].f->vuln_id);
		vx_jw_key(w, "source");
		vx_jw_object(w);
		if (strncmp(ss[i].f->vuln_id, "CVE-", 4) == 0) {
			char *url = vx_asprintf("https://nvd.nist.gov/vuln/detail/%s", ss[i].f->vuln_id);
			vx_jw_kstr(w, "name", "NVD");
			vx_jw_kstr(w, "url", url);
			free(url);
		} else {
			vx_jw_kstr(w, "name", prof.name ? prof.name : "manufacturer");
		}
		vx_jw_object_end(w);
		if (fa.cvss_vector && vx_cvss3_base(fa.cvss_vector, NULL) >= 0) {
			const char *ver = NULL;
			double score = vx_cvss3_base(fa.cvss_vector, &ver);
			char sev[16];
			snprintf(sev, sizeof(sev), "%s", vx_cvss3_severity(score));
			for (char *p = sev; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			vx_jw_key(w, "ratings");
			vx_jw_array(w);
			vx_jw_object(w);
			vx_jw_key(w, "score");
			vx_jw_num(w, score);
			vx_jw_kstr(w, "severity", sev);
			vx_jw_kstr(w, "method", strcmp(ver, "3.1") == 0 ? "CVSSv31" : "CVSSv3");
			vx_jw_kstr(w, "vector", fa.cvss_vector);
			vx_jw_object_end(w);
			vx_jw_array_end(w);
		}
		if (fa.description || fa.title)
			vx_jw_kstr(w, "description", fa.description ? fa.description : fa.title);
		vx_jw_key(w, "analysis");
		vx_jw_object(w);
		vx_jw_kstr(w, "state", cdx_state(ss[i].t.status));
		just = strcmp(ss[i].t.status, "not_affected") == 0
			       ? cdx_justification(ss[i].t.justification)
			       : NULL;
		if (just)
			vx_jw_kstr(w, "justification", just);
		if ((resp = cdx_response(&ss[i].t))) {
			vx_jw_key(w, "response");
			vx_jw_array(w);
			vx_jw_str(w, resp);
			vx_jw_array_end(w);
		}
		if ((det = detail(&ss[i].t)))
			vx_jw_kstr(w, "detail", det);
		free(det);
		vx_jw_object_end(w);
		vx_jw_key(w, "affects");
		vx_jw_array(w);
		{
			const char **refs = vx_calloc(n, sizeof(char *));
			size_t nrefs = 0;
			for (size_t k = i; k < n; k++) {
				int seen = 0;
				if (done[k] || !same_analysis(&ss[i], &ss[k]))
					continue;
				done[k] = 1;
				for (size_t q = 0; q < nrefs; q++)
					seen |= strcmp(refs[q], ss[k].ref) == 0;
				if (seen)
					continue;
				refs[nrefs++] = ss[k].ref;
				vx_jw_object(w);
				vx_jw_kstr(w, "ref", ss[k].ref);
				vx_jw_object_end(w);
			}
			free(refs);
		}
		vx_jw_array_end(w);
		vx_jw_object_end(w);
		vx_vuln_facts_release(&fa);
	}
	vx_jw_array_end(w);
	vx_jw_object_end(w);
	free(done);
	if (prof.name)
		vx_profile_release(&prof);
}

static void openvex(struct vx_store *st, const struct vx_vexdoc_opts *o, struct stmt *ss,
		    size_t n, struct vx_jw *w)
{
	struct vx_profile prof = {0};
	struct vx_err err;
	char uuid[37], *seed, *device;
	vx_err_clear(&err);
	if (vx_store_profile_get(st, &prof, &err) < 0)
		memset(&prof, 0, sizeof(prof));
	seed = vx_asprintf("vexil openvex %s %s %s", o->product, o->version, o->generated);
	uuid_from(seed, uuid);
	free(seed);
	/* the device version as an IRI under the manufacturer's namespace */
	{
		struct vx_buf b;
		const char *ns = prof.csaf_namespace ? prof.csaf_namespace : "urn:vexil:device";
		vx_buf_init(&b);
		vx_buf_printf(&b, "%s%s", ns,
			      prof.csaf_namespace ? (ns[strlen(ns) - 1] == '/' ? "devices/" : "/devices/")
						  : ":");
		pct(&b, o->product);
		vx_buf_addc(&b, '@');
		pct(&b, o->version);
		device = vx_buf_detach(&b);
	}
	vx_jw_object(w);
	vx_jw_kstr(w, "@context", "https://openvex.dev/ns/v0.2.0");
	seed = vx_asprintf("urn:uuid:%s", uuid);
	vx_jw_kstr(w, "@id", seed);
	free(seed);
	vx_jw_kstr(w, "author", prof.name ? prof.name : "unknown");
	vx_jw_kstr(w, "role", "Manufacturer");
	vx_jw_kstr(w, "timestamp", o->generated);
	vx_jw_kint(w, "version", 1);
	seed = vx_asprintf("vexil %s", VX_VERSION);
	vx_jw_kstr(w, "tooling", seed);
	free(seed);
	vx_jw_key(w, "statements");
	vx_jw_array(w);
	for (size_t i = 0; i < n; i++) {
		const struct stmt *s = &ss[i];
		char *det = detail(&s->t);
		vx_jw_object(w);
		vx_jw_key(w, "vulnerability");
		vx_jw_object(w);
		vx_jw_kstr(w, "name", s->f->vuln_id);
		vx_jw_object_end(w);
		vx_jw_key(w, "products");
		vx_jw_array(w);
		vx_jw_object(w);
		vx_jw_kstr(w, "@id", device);
		if (s->f->component_purl || s->f->component_cpe) {
			vx_jw_key(w, "subcomponents");
			vx_jw_array(w);
			vx_jw_object(w);
			vx_jw_kstr(w, "@id", s->f->component_purl ? s->f->component_purl
								  : s->f->component_cpe);
			vx_jw_key(w, "identifiers");
			vx_jw_object(w);
			if (s->f->component_purl)
				vx_jw_kstr(w, "purl", s->f->component_purl);
			if (s->f->component_cpe)
				vx_jw_kstr(w, "cpe23", s->f->component_cpe);
			vx_jw_object_end(w);
			vx_jw_object_end(w);
			vx_jw_array_end(w);
		}
		vx_jw_object_end(w);
		vx_jw_array_end(w);
		vx_jw_kstr(w, "status", s->t.status);
		if (strcmp(s->t.status, "not_affected") == 0) {
			if (s->t.justification)
				vx_jw_kstr(w, "justification", s->t.justification);
			if (s->t.impact || !s->t.justification)
				vx_jw_kstr(w, "impact_statement",
					   s->t.impact ? s->t.impact : "not affected");
		}
		if (strcmp(s->t.status, "affected") == 0)
			vx_jw_kstr(w, "action_statement",
				   det ? det
				       : "No fix is available yet; the manufacturer will announce it.");
		else if (det && strcmp(s->t.status, "not_affected") != 0)
			vx_jw_kstr(w, "status_notes", det);
		vx_jw_object_end(w);
		free(det);
	}
	vx_jw_array_end(w);
	vx_jw_object_end(w);
	free(device);
	if (prof.name)
		vx_profile_release(&prof);
}

int vx_vexdoc_render(struct vx_store *st, const struct vx_vexdoc_opts *o, char **json,
		     struct vx_err *err)
{
	struct vx_finding *fs = NULL;
	struct stmt *ss = NULL;
	struct vx_jw w;
	size_t nf = 0;
	int links = 0, rc;
	*json = NULL;
	if ((rc = gather(st, o, &fs, &nf, &ss, &links, err)) < 0) {
		release(fs, nf, ss);
		return rc;
	}
	vx_jw_init(&w);
	if (o->format == VX_VEXDOC_CYCLONEDX)
		cyclonedx(st, o, ss, nf, links, &w);
	else
		openvex(st, o, ss, nf, &w);
	*json = vx_asprintf("%s\n", vx_jw_text(&w));
	vx_jw_release(&w);
	release(fs, nf, ss);
	return 0;
}
