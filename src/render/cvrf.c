/* src/render/cvrf.c - CSAF 2.0 -> CVRF 1.2 XML (see cvrf.h). */
#include "render/cvrf.h"

#include <cjson/cJSON.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/cpe.h"
#include "util/buf.h"
#include "util/err.h"

#define NS_CVRF "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/cvrf"
#define NS_PROD "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/prod"
#define NS_VULN "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/vuln"

static const char *str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const cJSON *obj(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static xmlNodePtr el(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return xmlNewTextChild(parent, ns, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

/* CVRF's CPE attribute takes a CPE 2.2 URI: bind the 2.3 name (left out if unreadable). */
static void cpe_attr(xmlNodePtr n, const char *cpe)
{
	struct vx_cpe c;
	struct vx_err err;
	char *uri;
	if (!cpe)
		return;
	vx_err_clear(&err);
	if (vx_cpe_parse(cpe, &c, &err) < 0)
		return;
	uri = vx_cpe_to_uri(&c);
	attr(n, "CPE", uri);
	free(uri);
	vx_cpe_release(&c);
}

/* "known_not_affected" -> "Known Not Affected"; "vendor_fix" -> "Vendor Fix" */
static void words(const char *s, char *out, size_t n)
{
	size_t k = 0;
	int up = 1;
	for (; s && *s && k + 1 < n; s++) {
		char c = *s == '_' ? ' ' : *s;
		out[k++] = up && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
		up = c == ' ';
	}
	out[k] = 0;
}

static void product_ids(xmlNodePtr parent, xmlNsPtr ns, const cJSON *ids)
{
	const cJSON *id;
	cJSON_ArrayForEach(id, ids)
	{
		if (cJSON_IsString(id))
			el(parent, ns, "ProductID", id->valuestring);
	}
}

static void notes(xmlNodePtr parent, xmlNsPtr ns, const cJSON *list, const char *name)
{
	const cJSON *n;
	int ord = 1;
	xmlNodePtr ns_notes;
	if (!cJSON_GetArraySize(list))
		return;
	ns_notes = el(parent, ns, name, NULL);
	cJSON_ArrayForEach(n, list)
	{
		char type[64], num[16];
		const char *cat = str(n, "category");
		xmlNodePtr x = el(ns_notes, ns, "Note", str(n, "text"));
		/* CVRF words: General, Details, Description, Summary, FAQ, Legal Disclaimer, Other */
		if (cat && strcmp(cat, "faq") == 0)
			snprintf(type, sizeof(type), "FAQ");
		else
			words(cat, type, sizeof(type));
		attr(x, "Type", type);
		snprintf(num, sizeof(num), "%d", ord++);
		attr(x, "Ordinal", num);
		if (str(n, "title"))
			attr(x, "Title", str(n, "title"));
	}
}

/* CSAF references -> <name><Reference Type="Self|External"><URL/><Description/>...; nothing
 * when there are none. */
static void references(xmlNodePtr parent, xmlNsPtr ns, const cJSON *list, const char *name)
{
	const cJSON *r;
	xmlNodePtr sub;
	if (!cJSON_GetArraySize(list))
		return;
	sub = el(parent, ns, name, NULL);
	cJSON_ArrayForEach(r, list)
	{
		const char *cat = str(r, "category");
		xmlNodePtr t = el(sub, ns, "Reference", NULL);
		attr(t, "Type", cat && strcmp(cat, "self") == 0 ? "Self" : "External");
		el(t, ns, "URL", str(r, "url"));
		el(t, ns, "Description", str(r, "summary"));
	}
}

static void branches(xmlNodePtr parent, xmlNsPtr prod, const cJSON *list)
{
	const cJSON *b;
	cJSON_ArrayForEach(b, list)
	{
		char type[64];
		xmlNodePtr x = el(parent, prod, "Branch", NULL);
		const cJSON *p = obj(b, "product");
		words(str(b, "category"), type, sizeof(type));
		attr(x, "Type", type);
		attr(x, "Name", str(b, "name") ? str(b, "name") : "-");
		if (p) {
			xmlNodePtr f = el(x, prod, "FullProductName", str(p, "name"));
			const char *cpe = str(obj(p, "product_identification_helper"), "cpe");
			attr(f, "ProductID", str(p, "product_id"));
			cpe_attr(f, cpe);
		} else {
			branches(x, prod, obj(b, "branches"));
		}
	}
}

static void product_tree(xmlNodePtr root, const cJSON *pt)
{
	xmlNodePtr t = xmlNewChild(root, NULL, BAD_CAST "ProductTree", NULL);
	xmlNsPtr prod = xmlNewNs(t, BAD_CAST NS_PROD, NULL);
	const cJSON *f, *r;
	xmlSetNs(t, prod);
	branches(t, prod, obj(pt, "branches"));
	cJSON_ArrayForEach(f, obj(pt, "full_product_names"))
	{
		xmlNodePtr x = el(t, prod, "FullProductName", str(f, "name"));
		const char *cpe = str(obj(f, "product_identification_helper"), "cpe");
		attr(x, "ProductID", str(f, "product_id"));
		cpe_attr(x, cpe);
	}
	cJSON_ArrayForEach(r, obj(pt, "relationships"))
	{
		char type[64];
		xmlNodePtr x = el(t, prod, "Relationship", NULL), fp;
		const cJSON *p = obj(r, "full_product_name");
		attr(x, "ProductReference", str(r, "product_reference"));
		words(str(r, "category"), type, sizeof(type));
		attr(x, "RelationType", type);
		attr(x, "RelatesToProductReference", str(r, "relates_to_product_reference"));
		fp = el(x, prod, "FullProductName", str(p, "name"));
		attr(fp, "ProductID", str(p, "product_id"));
		{
			cpe_attr(fp, str(obj(p, "product_identification_helper"), "cpe"));
		}
	}
}

static void vulnerability(xmlNodePtr root, const cJSON *v, int ordinal)
{
	xmlNodePtr x = xmlNewChild(root, NULL, BAD_CAST "Vulnerability", NULL), sub;
	xmlNsPtr vn = xmlNewNs(x, BAD_CAST NS_VULN, NULL);
	const cJSON *ps = obj(v, "product_status"), *item, *ids = obj(v, "ids");
	char num[16], type[64];
	int any;
	xmlSetNs(x, vn);
	snprintf(num, sizeof(num), "%d", ordinal);
	attr(x, "Ordinal", num);
	if (str(v, "title"))
		el(x, vn, "Title", str(v, "title"));
	if (cJSON_GetArraySize(ids)) {
		const cJSON *id0 = cJSON_GetArrayItem(ids, 0);
		xmlNodePtr idn = el(x, vn, "ID", str(id0, "text"));
		attr(idn, "SystemName", str(id0, "system_name"));
	}
	notes(x, vn, obj(v, "notes"), "Notes");
	if (str(v, "cve"))
		el(x, vn, "CVE", str(v, "cve"));
	/* statuses: under_investigation has no CVRF word (it becomes a Threat below) */
	any = 0;
	sub = NULL;
	cJSON_ArrayForEach(item, ps)
	{
		xmlNodePtr s;
		if (strcmp(item->string, "under_investigation") == 0 || !cJSON_GetArraySize(item))
			continue;
		if (!any)
			sub = el(x, vn, "ProductStatuses", NULL);
		any = 1;
		s = el(sub, vn, "Status", NULL);
		words(item->string, type, sizeof(type));
		attr(s, "Type", type);
		product_ids(s, vn, item);
	}
	/* threats: CSAF threats, then each justification flag and the products under
	 * investigation as Impact threats */
	{
		const cJSON *th, *fl, *ui = obj(ps, "under_investigation");
		if (cJSON_GetArraySize(obj(v, "threats")) || cJSON_GetArraySize(obj(v, "flags")) ||
		    cJSON_GetArraySize(ui)) {
			sub = el(x, vn, "Threats", NULL);
			cJSON_ArrayForEach(th, obj(v, "threats"))
			{
				xmlNodePtr t = el(sub, vn, "Threat", NULL);
				words(str(th, "category"), type, sizeof(type));
				attr(t, "Type", type);
				el(t, vn, "Description", str(th, "details"));
				product_ids(t, vn, obj(th, "product_ids"));
			}
			cJSON_ArrayForEach(fl, obj(v, "flags"))
			{
				xmlNodePtr t = el(sub, vn, "Threat", NULL);
				char *d = vx_asprintf("Not affected: %s (CSAF VEX justification)",
						      str(fl, "label"));
				attr(t, "Type", "Impact");
				el(t, vn, "Description", d);
				product_ids(t, vn, obj(fl, "product_ids"));
				free(d);
			}
			if (cJSON_GetArraySize(ui)) {
				xmlNodePtr t = el(sub, vn, "Threat", NULL);
				attr(t, "Type", "Impact");
				el(t, vn, "Description",
				   "Under investigation: whether these products are affected is being "
				   "assessed (CSAF product status under_investigation).");
				product_ids(t, vn, ui);
			}
		}
	}
	if (cJSON_GetArraySize(obj(v, "scores"))) {
		const cJSON *sc;
		sub = el(x, vn, "CVSSScoreSets", NULL);
		cJSON_ArrayForEach(sc, obj(v, "scores"))
		{
			const cJSON *c3 = obj(sc, "cvss_v3");
			xmlNodePtr s;
			char score[16];
			if (!c3)
				continue;
			s = el(sub, vn, "ScoreSetV3", NULL);
			snprintf(score, sizeof(score), "%.1f",
				 cJSON_GetNumberValue(obj(c3, "baseScore")));
			el(s, vn, "BaseScoreV3", score);
			el(s, vn, "VectorV3", str(c3, "vectorString"));
			product_ids(s, vn, obj(sc, "products"));
		}
	}
	if (cJSON_GetArraySize(obj(v, "remediations"))) {
		const cJSON *r;
		sub = el(x, vn, "Remediations", NULL);
		cJSON_ArrayForEach(r, obj(v, "remediations"))
		{
			xmlNodePtr t = el(sub, vn, "Remediation", NULL);
			const char *cat = str(r, "category");
			if (cat && strcmp(cat, "no_fix_planned") == 0)
				snprintf(type, sizeof(type), "Will Not Fix");
			else
				words(cat, type, sizeof(type));
			attr(t, "Type", type);
			if (str(r, "date"))
				attr(t, "Date", str(r, "date"));
			el(t, vn, "Description", str(r, "details"));
			if (str(r, "url"))
				el(t, vn, "URL", str(r, "url"));
			product_ids(t, vn, obj(r, "product_ids"));
		}
	}
	references(x, vn, obj(v, "references"), "References");
	if (cJSON_GetArraySize(obj(v, "acknowledgments"))) {
		const cJSON *a, *n;
		sub = el(x, vn, "Acknowledgments", NULL);
		cJSON_ArrayForEach(a, obj(v, "acknowledgments"))
		{
			xmlNodePtr t = el(sub, vn, "Acknowledgment", NULL);
			cJSON_ArrayForEach(n, obj(a, "names"))
			{
				if (cJSON_IsString(n))
					el(t, vn, "Name", n->valuestring);
			}
			if (str(a, "summary"))
				el(t, vn, "Description", str(a, "summary"));
		}
	}
}

int vx_cvrf_from_csaf(const char *csaf_json, char **xml, size_t *len, struct vx_err *err)
{
	cJSON *j = cJSON_Parse(csaf_json);
	const cJSON *doc = obj(j, "document"), *tr = obj(doc, "tracking"), *pub = obj(doc, "publisher");
	xmlDocPtr x;
	xmlNodePtr root, n, sub;
	xmlNsPtr cvrf;
	xmlChar *out = NULL;
	int size = 0;
	char type[64];
	*xml = NULL;
	*len = 0;
	if (!doc || !tr || !pub || !str(doc, "title") || !str(tr, "id")) {
		cJSON_Delete(j);
		return vx_err_set(err, VX_EINVAL, "not a CSAF 2.0 document with tracking");
	}
	x = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "cvrfdoc");
	cvrf = xmlNewNs(root, BAD_CAST NS_CVRF, BAD_CAST "cvrf");
	xmlSetNs(root, cvrf);
	xmlDocSetRootElement(x, root);
	el(root, cvrf, "DocumentTitle", str(doc, "title"));
	el(root, cvrf, "DocumentType",
	   strcmp(str(doc, "category") ? str(doc, "category") : "", "csaf_vex") == 0
		   ? "Vulnerability Exploitability eXchange (VEX)"
		   : "Security Advisory");
	n = el(root, cvrf, "DocumentPublisher", NULL);
	words(str(pub, "category"), type, sizeof(type));
	attr(n, "Type", type);
	if (str(pub, "contact_details"))
		el(n, cvrf, "ContactDetails", str(pub, "contact_details"));
	{
		char *auth = vx_asprintf("%s (%s)", str(pub, "name") ? str(pub, "name") : "",
					 str(pub, "namespace") ? str(pub, "namespace") : "");
		el(n, cvrf, "IssuingAuthority", auth);
		free(auth);
	}
	n = el(root, cvrf, "DocumentTracking", NULL);
	sub = el(n, cvrf, "Identification", NULL);
	el(sub, cvrf, "ID", str(tr, "id"));
	words(str(tr, "status"), type, sizeof(type));
	el(n, cvrf, "Status", type);
	el(n, cvrf, "Version", str(tr, "version"));
	sub = el(n, cvrf, "RevisionHistory", NULL);
	{
		const cJSON *r;
		cJSON_ArrayForEach(r, obj(tr, "revision_history"))
		{
			xmlNodePtr rv = el(sub, cvrf, "Revision", NULL);
			el(rv, cvrf, "Number", str(r, "number"));
			el(rv, cvrf, "Date", str(r, "date"));
			el(rv, cvrf, "Description", str(r, "summary"));
		}
	}
	el(n, cvrf, "InitialReleaseDate", str(tr, "initial_release_date"));
	el(n, cvrf, "CurrentReleaseDate", str(tr, "current_release_date"));
	{
		const cJSON *g = obj(tr, "generator"), *e = obj(g, "engine");
		if (g) {
			char *eng = vx_asprintf("%s %s", str(e, "name") ? str(e, "name") : "vexil",
						str(e, "version") ? str(e, "version") : "");
			sub = el(n, cvrf, "Generator", NULL);
			el(sub, cvrf, "Engine", eng);
			if (str(g, "date"))
				el(sub, cvrf, "Date", str(g, "date"));
			free(eng);
		}
	}
	notes(root, cvrf, obj(doc, "notes"), "DocumentNotes");
	{
		const char *tlp = str(obj(obj(doc, "distribution"), "tlp"), "label");
		if (tlp) {
			char *d = vx_asprintf("TLP:%s", tlp);
			el(root, cvrf, "DocumentDistribution", d);
			free(d);
		}
	}
	references(root, cvrf, obj(doc, "references"), "DocumentReferences");
	if (obj(j, "product_tree"))
		product_tree(root, obj(j, "product_tree"));
	{
		const cJSON *v;
		int ord = 1;
		cJSON_ArrayForEach(v, obj(j, "vulnerabilities"))
		vulnerability(root, v, ord++);
	}
	xmlDocDumpFormatMemoryEnc(x, &out, &size, "UTF-8", 1);
	xmlFreeDoc(x);
	cJSON_Delete(j);
	if (!out || size <= 0) {
		xmlFree(out);
		return vx_err_set(err, VX_EIO, "libxml2 could not serialise the CVRF document");
	}
	*xml = vx_malloc((size_t)size + 1);
	memcpy(*xml, out, (size_t)size);
	(*xml)[size] = 0;
	*len = (size_t)size;
	xmlFree(out);
	return 0;
}
