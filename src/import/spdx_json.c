/* src/import/spdx_json.c - SPDX 2.2 / 2.3 JSON reader.
 *
 * Packages become components (SPDXID as bom-ref): name, versionInfo, supplier, originator,
 * checksums, externalRefs (purl as PACKAGE-MANAGER/purl, CPE as SECURITY/cpe23Type or
 * cpe22Type), licenceConcluded/Declared, primaryPackagePurpose, validUntilDate (taken as the
 * end-of-support date) and annotations carrying the FDA support convention. The package the
 * document DESCRIBES, when there is exactly one, is the device. Relationships between two
 * packages become dependency edges (CONTAINS, DEPENDS_ON, *_LINK, ... forwards; *_OF and
 * CONTAINED_BY backwards); relationships that involve files, snippets, the document or
 * other documents carry no inventory and are skipped, but every id they name must exist.
 * Files and snippets are not inventory.
 */
#include "import/json_private.h"
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strmap.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Organization: ACME Corp (info@acme.example)" -> "ACME Corp"; NOASSERTION -> NULL. */
static char *actor_name(const char *s)
{
	const char *colon, *paren;
	size_t n;
	if (!s || vx_str_ieq(s, "NOASSERTION") || vx_str_blank(s))
		return NULL;
	colon = strchr(s, ':');
	if (colon && (strncmp(s, "Organization", 12) == 0 || strncmp(s, "Person", 6) == 0 ||
		      strncmp(s, "Tool", 4) == 0))
		s = colon + 1;
	while (*s == ' ')
		s++;
	paren = strrchr(s, '(');
	n = paren ? (size_t)(paren - s) : strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n ? vx_strndup(s, n) : NULL;
}

static const struct {
	const char *spdx, *cdx;
} purposes[] = {
	{"APPLICATION", "application"}, {"FRAMEWORK", "framework"},
	{"LIBRARY", "library"},		{"CONTAINER", "container"},
	{"OPERATING-SYSTEM", "operating-system"}, {"OPERATING_SYSTEM", "operating-system"},
	{"DEVICE", "device"},		{"FIRMWARE", "firmware"},
	{"FILE", "file"},		{"SOURCE", "library"},
	{"ARCHIVE", "file"},		{"INSTALL", "application"},
	{"OTHER", NULL},
};

static int read_package(const cJSON *pkg, const char *p, struct vx_sbom *s, struct vx_err *err)
{
	struct vx_component *c = vx_sbom_add_component(s);
	const cJSON *arr, *item;
	char *text = NULL;
	int rc, i;

	if (!cJSON_IsObject(pkg))
		return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
				 vx_json_type_name(pkg));
	if ((rc = vx_json_str(pkg, "SPDXID", p, true, &c->bom_ref, err)) < 0)
		return rc;
	if (!c->bom_ref)
		return vx_err_at(err, VX_EINVAL, p, "package has no SPDXID (required)");
	if ((rc = vx_json_str(pkg, "name", p, false, &c->name, err)) < 0 ||
	    (rc = vx_json_str(pkg, "versionInfo", p, false, &c->version, err)) < 0 ||
	    (rc = vx_json_str(pkg, "description", p, false, &c->description, err)) < 0)
		return rc;
	if (!c->description && (rc = vx_json_str(pkg, "summary", p, false, &c->description,
						 err)) < 0)
		return rc;
	if ((rc = vx_json_str(pkg, "supplier", p, false, &text, err)) < 0)
		return rc;
	c->supplier = actor_name(text);
	free(text);
	if ((rc = vx_json_str(pkg, "originator", p, false, &text, err)) < 0)
		return rc;
	c->author = actor_name(text);
	free(text);
	if ((rc = vx_json_str(pkg, "licenseConcluded", p, false, &text, err)) < 0)
		return rc;
	if (!text || vx_str_ieq(text, "NOASSERTION") || vx_str_ieq(text, "NONE")) {
		free(text);
		if ((rc = vx_json_str(pkg, "licenseDeclared", p, false, &text, err)) < 0)
			return rc;
	}
	if (text && !vx_str_ieq(text, "NOASSERTION") && !vx_str_ieq(text, "NONE"))
		c->licence = text;
	else
		free(text);
	text = NULL;
	if ((rc = vx_json_str(pkg, "primaryPackagePurpose", p, false, &text, err)) < 0)
		return rc;
	if (text) {
		size_t k;
		for (k = 0; k < sizeof(purposes) / sizeof(purposes[0]); k++)
			if (strcmp(text, purposes[k].spdx) == 0)
				break;
		if (k == sizeof(purposes) / sizeof(purposes[0])) {
			char w[512];
			snprintf(w, sizeof(w), "%s.primaryPackagePurpose", p);
			rc = vx_err_at(err, VX_EINVAL, w, "unknown purpose '%s'",
				       vx_str_quote(text, 40));
			free(text);
			return rc;
		}
		c->type = vx_strdup(purposes[k].cdx);
		free(text);
	}
	if ((rc = vx_json_str(pkg, "validUntilDate", p, false, &c->end_of_support, err)) < 0)
		return rc;

	if ((rc = vx_json_hashes(pkg, "checksums", "algorithm", "checksumValue", p, c, err)) < 0)
		return rc;

	if ((rc = vx_json_array(pkg, "externalRefs", p, &arr, err)) < 0)
		return rc;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char w[512], *cat = NULL, *type = NULL, *loc = NULL;
		snprintf(w, sizeof(w), "%s.externalRefs[%d]", p, i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, w, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, "referenceCategory", w, false, &cat, err)) < 0 ||
		    (rc = vx_json_str(item, "referenceType", w, false, &type, err)) < 0 ||
		    (rc = vx_json_str(item, "referenceLocator", w, false, &loc, err)) < 0) {
			free(cat);
			free(type);
			return rc;
		}
		if (!type || !loc) {
			free(cat);
			free(type);
			free(loc);
			return vx_err_at(err, VX_EINVAL, w,
					 "external reference needs 'referenceType' and "
					 "'referenceLocator'");
		}
		/* The first purl and the first CPE 2.3 name (2.2 as fallback) identify the
		 * package; SPDX allows several (syft lists CPE candidates). */
		if (strcmp(type, "purl") == 0 && !c->purl) {
			c->purl = loc;
			loc = NULL;
		} else if (strcmp(type, "cpe23Type") == 0 &&
			   (!c->cpe || strncmp(c->cpe, "cpe:/", 5) == 0)) {
			free(c->cpe);
			c->cpe = loc;
			loc = NULL;
		} else if (strcmp(type, "cpe22Type") == 0 && !c->cpe) {
			c->cpe = loc;
			loc = NULL;
		}
		free(cat);
		free(type);
		free(loc);
	}

	if ((rc = vx_json_array(pkg, "annotations", p, &arr, err)) < 0)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		const cJSON *cm = cJSON_GetObjectItemCaseSensitive(item, "comment");
		const char *eq;
		int key;
		if (!cJSON_IsString(cm))
			continue;
		/* "vexil:support_level=actively maintained" */
		eq = strchr(cm->valuestring, '=');
		if (!eq)
			continue;
		{
			size_t klen = (size_t)(eq - cm->valuestring);
			while (klen > 0 && cm->valuestring[klen - 1] == ' ')
				klen--;
			text = vx_strndup(cm->valuestring, klen);
		}
		key = vx_sbom_support_key(text);
		free(text);
		text = NULL;
		eq++;
		while (*eq == ' ')
			eq++;
		if (key == VX_SUPPORT_LEVEL && *eq) {
			free(c->support_level);
			c->support_level = vx_strdup(eq);
		} else if (key == VX_SUPPORT_END && *eq) {
			free(c->end_of_support);
			c->end_of_support = vx_strdup(eq);
		}
	}
	return 0;
}

/* Relationship types that point from the container/dependent to the contained/dependency,
 * and those that point the other way. Anything else (DESCRIBES, GENERATED_FROM, COPY_OF,
 * ...) is not an inventory edge. */
static int edge_direction(const char *t)
{
	static const char *const fwd[] = {"CONTAINS", "DEPENDS_ON", "DYNAMIC_LINK",
					  "STATIC_LINK", "HAS_PREREQUISITE", "RUNTIME_DEPENDENCY_OF",
					  NULL};
	static const char *const back[] = {"CONTAINED_BY", "DEPENDENCY_OF",
					   "PREREQUISITE_FOR", NULL};
	/* RUNTIME_DEPENDENCY_OF is "A is a runtime dependency of B": backwards. */
	if (strcmp(t, "RUNTIME_DEPENDENCY_OF") == 0 || strcmp(t, "BUILD_DEPENDENCY_OF") == 0 ||
	    strcmp(t, "DEV_DEPENDENCY_OF") == 0 || strcmp(t, "OPTIONAL_DEPENDENCY_OF") == 0 ||
	    strcmp(t, "PROVIDED_DEPENDENCY_OF") == 0 || strcmp(t, "TEST_DEPENDENCY_OF") == 0)
		return -1;
	for (int i = 0; fwd[i]; i++)
		if (strcmp(t, fwd[i]) == 0)
			return 1;
	for (int i = 0; back[i]; i++)
		if (strcmp(t, back[i]) == 0)
			return -1;
	return 0;
}

/* Ids that may legitimately appear in relationships without being packages: the document,
 * files, snippets, other documents, NONE and NOASSERTION. `others` maps file and snippet
 * ids. */
static bool known_element(const char *id, const char *doc_id, const struct vx_strmap *others)
{
	return strcmp(id, "NOASSERTION") == 0 || strcmp(id, "NONE") == 0 ||
	       strncmp(id, "DocumentRef-", 12) == 0 || (doc_id && strcmp(id, doc_id) == 0) ||
	       vx_strmap_get(others, id) >= 0;
}

static void index_elements(const cJSON *root, struct vx_strmap *m)
{
	static const char *const lists[] = {"files", "snippets", NULL};
	for (int l = 0; lists[l]; l++) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, lists[l]), *it;
		if (!cJSON_IsArray(arr))
			continue;
		cJSON_ArrayForEach(it, arr)
		{
			const cJSON *sid = cJSON_GetObjectItemCaseSensitive(it, "SPDXID");
			if (cJSON_IsString(sid))
				vx_strmap_put(m, sid->valuestring, 0);
		}
	}
}

static int read_relationships(const cJSON *root, const char *doc_id, struct vx_sbom *s,
			      long *described, int *ndescribed, struct vx_err *err)
{
	const cJSON *arr, *item;
	struct vx_strmap others;
	int rc, i = 0;

	rc = vx_json_array(root, "relationships", "", &arr, err);
	if (rc < 0 || !arr)
		return rc;
	vx_strmap_init(&others);
	index_elements(root, &others);
	cJSON_ArrayForEach(item, arr)
	{
		char w[64], *a = NULL, *t = NULL, *b = NULL;
		bool a_known, b_known;
		long ia, ib;
		int dir;
		snprintf(w, sizeof(w), "relationships[%d]", i++);
		if (!cJSON_IsObject(item)) {
			rc = vx_err_at(err, VX_EINVAL, w, "expected an object, found %s",
				       vx_json_type_name(item));
			goto next;
		}
		if ((rc = vx_json_str(item, "spdxElementId", w, false, &a, err)) < 0 ||
		    (rc = vx_json_str(item, "relationshipType", w, false, &t, err)) < 0 ||
		    (rc = vx_json_str(item, "relatedSpdxElement", w, false, &b, err)) < 0)
			goto next;
		if (!a || !t || !b) {
			rc = vx_err_at(err, VX_EINVAL, w,
				       "relationship needs spdxElementId, relationshipType and "
				       "relatedSpdxElement");
			goto next;
		}
		ia = vx_sbom_find_ref(s, a);
		ib = vx_sbom_find_ref(s, b);
		a_known = ia >= 0 || known_element(a, doc_id, &others);
		b_known = ib >= 0 || known_element(b, doc_id, &others);
		if (!a_known || !b_known) {
			rc = vx_err_at(err, VX_EINVAL, w, "'%s' is not an element of this document",
				       vx_str_quote(!a_known ? a : b, 80));
			goto next;
		}
		if (strcmp(t, "DESCRIBES") == 0 && doc_id && strcmp(a, doc_id) == 0 && ib >= 0) {
			*described = ib;
			(*ndescribed)++;
		} else if (strcmp(t, "DESCRIBED_BY") == 0 && doc_id && strcmp(b, doc_id) == 0 &&
			   ia >= 0) {
			*described = ia;
			(*ndescribed)++;
		} else if (ia >= 0 && ib >= 0 && (dir = edge_direction(t)) != 0) {
			if (dir > 0)
				vx_sbom_add_dependency_at(s, a, b, i - 1, -1);
			else
				vx_sbom_add_dependency_at(s, b, a, i - 1, -1);
		}
		rc = 0;
next:
		free(a);
		free(t);
		free(b);
		if (rc < 0)
			break;
	}
	vx_strmap_release(&others);
	return rc;
}

int vx_spdx_json_parse(const char *data, size_t len, struct vx_sbom *s, struct vx_err *err)
{
	cJSON *root = NULL;
	const cJSON *ci, *arr, *item;
	char *ver = NULL, *doc_id = NULL;
	long described = -1;
	int rc, i, ndescribed = 0;

	s->format = VX_SBOM_SPDX_JSON;
	rc = vx_json_parse(data, len, VX_SBOM_MAX_DEPTH, &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsObject(root)) {
		rc = vx_err_set(err, VX_EINVAL, "the document is not a JSON object");
		goto out;
	}
	if ((rc = vx_json_str(root, "spdxVersion", "", false, &ver, err)) < 0)
		goto out;
	if (!ver) {
		/* "spdxVersion" occurs, but not as a top-level member (a JSON Schema, say). */
		rc = vx_err_set(err, VX_EUNSUPPORTED,
				"not an SBOM: no top-level \"spdxVersion\" member");
		goto out;
	}
	if (strcmp(ver, "SPDX-2.3") != 0 && strcmp(ver, "SPDX-2.2") != 0) {
		rc = vx_err_at(err, VX_EUNSUPPORTED, "spdxVersion",
			       "'%s' is not supported (SPDX-2.2 and SPDX-2.3 are)",
			       ver ? vx_str_quote(ver, 20) : "");
		goto out;
	}
	s->spec_version = vx_strdup(ver + 5);
	if ((rc = vx_json_str(root, "SPDXID", "", false, &doc_id, err)) < 0 ||
	    (rc = vx_json_str(root, "documentNamespace", "", false, &s->serial, err)) < 0 ||
	    (rc = vx_json_str(root, "name", "", false, &s->name, err)) < 0 ||
	    (rc = vx_json_object(root, "creationInfo", "", &ci, err)) < 0)
		goto out;
	if (!doc_id) {
		rc = vx_err_at(err, VX_EINVAL, "SPDXID", "missing (required)");
		goto out;
	}
	if (!ci) {
		rc = vx_err_at(err, VX_EINVAL, "creationInfo", "missing (required)");
		goto out;
	}
	if ((rc = vx_json_str(ci, "created", "creationInfo", false, &s->timestamp, err)) < 0)
		goto out;
	if (!s->timestamp || !vx_time_parse_datetime(s->timestamp, NULL)) {
		rc = vx_err_at(err, VX_EINVAL, "creationInfo.created",
			       "'%s' is not a date-time with a time zone",
			       s->timestamp ? vx_str_quote(s->timestamp, 40) : "");
		goto out;
	}
	if ((rc = vx_json_array(ci, "creators", "creationInfo", &arr, err)) < 0)
		goto out;
	{
		struct vx_buf b;
		vx_buf_init(&b);
		cJSON_ArrayForEach(item, arr)
		{
			if (!cJSON_IsString(item) || vx_str_blank(item->valuestring))
				continue;
			if (b.len)
				vx_buf_adds(&b, "; ");
			vx_buf_adds(&b, item->valuestring);
		}
		s->authors = b.len ? vx_buf_detach(&b) : NULL;
		vx_buf_release(&b);
	}

	if ((rc = vx_json_array(root, "packages", "", &arr, err)) < 0)
		goto out;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64];
		snprintf(p, sizeof(p), "packages[%d]", i++);
		if ((rc = read_package(item, p, s, err)) < 0)
			goto out;
	}
	if ((rc = read_relationships(root, doc_id, s, &described, &ndescribed, err)) < 0)
		goto out;
	/* SPDX 2.2 documents may name the described packages in documentDescribes. */
	if (ndescribed == 0 && (rc = vx_json_array(root, "documentDescribes", "", &arr, err)) == 0)
		cJSON_ArrayForEach(item, arr)
		{
		{
			long idx = cJSON_IsString(item) ? vx_sbom_find_ref(s, item->valuestring) : -1;
			if (idx >= 0) {
				described = idx;
				ndescribed++;
			}
		}
		}
	if (rc < 0)
		goto out;
	/* One described package is the device (or product) the SBOM is about. With several,
	 * none is singled out: they are all inventory. */
	if (ndescribed == 1 && described >= 0)
		s->components[described].is_device = 1;
	rc = 0;
out:
	free(ver);
	free(doc_id);
	cJSON_Delete(root);
	return rc;
}
