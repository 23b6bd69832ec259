/* src/import/cdx_json.c - CycloneDX 1.2-1.6 JSON reader.
 *
 * Translates a CycloneDX JSON BOM into struct vx_sbom: metadata (timestamp, authors,
 * manufacturer, supplier, tools, and metadata.component as the device), components with
 * their nested components, hashes, licences and properties, and dependencies. Fields that
 * carry no inventory or identity information (services, compositions, annotations,
 * formulation, externalReferences, pedigree, evidence) are ignored. Errors name the JSON
 * path ("components[3].components[0].hashes[1].alg"); sbom.c adds the shared checks.
 */
#include "import/json_private.h"
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const spec_versions[] = {"1.2", "1.3", "1.4", "1.5", "1.6", NULL};

/* Append "; "-separated text to *list. */
static void list_add(char **list, const char *prefix, const char *text)
{
	struct vx_buf b;
	if (vx_str_blank(text))
		return;
	vx_buf_init(&b);
	if (*list) {
		vx_buf_adds(&b, *list);
		vx_buf_adds(&b, "; ");
	}
	vx_buf_adds(&b, prefix);
	vx_buf_adds(&b, text);
	free(*list);
	*list = vx_buf_detach(&b);
}

/* An organizational entity {name, url[], contact[]}: its name. */
static int entity_name(const cJSON *obj, const char *key, const char *path, char **out,
		       struct vx_err *err)
{
	const cJSON *e;
	char p[512];
	int rc = vx_json_object(obj, key, path, &e, err);
	*out = NULL;
	if (rc < 0 || !e)
		return rc;
	snprintf(p, sizeof(p), "%s%s%s", path, path[0] ? "." : "", key);
	return vx_json_str(e, "name", p, false, out, err);
}

static int read_licences(const cJSON *comp, const char *path, char **out, struct vx_err *err)
{
	const cJSON *arr, *item;
	struct vx_buf b;
	int rc, i = 0;
	bool has_expr = false;

	*out = NULL;
	rc = vx_json_array(comp, "licenses", path, &arr, err);
	if (rc < 0 || !arr)
		return rc;
	vx_buf_init(&b);
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *text = NULL;
		const cJSON *lic;
		snprintf(p, sizeof(p), "%s.licenses[%d]", path, i++);
		if (!cJSON_IsObject(item)) {
			rc = vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
				       vx_json_type_name(item));
			goto out;
		}
		lic = cJSON_GetObjectItemCaseSensitive(item, "license");
		if (lic && cJSON_GetObjectItemCaseSensitive(item, "expression")) {
			rc = vx_err_at(err, VX_EINVAL, p,
				       "a licence choice holds either 'license' or 'expression', "
				       "not both");
			goto out;
		}
		if (lic) {
			if ((rc = vx_json_object(item, "license", p, &lic, err)) < 0)
				goto out;
			snprintf(p + strlen(p), sizeof(p) - strlen(p), ".license");
			if ((rc = vx_json_str(lic, "id", p, false, &text, err)) < 0)
				goto out;
			if (!text && (rc = vx_json_str(lic, "name", p, false, &text, err)) < 0)
				goto out;
			if (!text) {
				rc = vx_err_at(err, VX_EINVAL, p, "licence has neither id nor name");
				goto out;
			}
		} else {
			if ((rc = vx_json_str(item, "expression", p, false, &text, err)) < 0)
				goto out;
			if (!text) {
				rc = vx_err_at(err, VX_EINVAL, p,
					       "licence entry has neither 'license' nor "
					       "'expression'");
				goto out;
			}
			has_expr = true;
		}
		if (b.len)
			vx_buf_adds(&b, " AND ");
		vx_buf_adds(&b, text);
		free(text);
	}
	if (has_expr && i > 1) {
		rc = vx_err_at(err, VX_EINVAL, path,
			       "licenses: an 'expression' must be the only entry of the list");
		goto out;
	}
	*out = b.len ? vx_buf_detach(&b) : NULL;
out:
	vx_buf_release(&b);
	return rc;
}

static int read_properties(const cJSON *comp, const char *path, struct vx_component *c,
			   struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	rc = vx_json_array(comp, "properties", path, &arr, err);
	if (rc < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *name = NULL, *value = NULL;
		int key;
		snprintf(p, sizeof(p), "%s.properties[%d]", path, i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, "name", p, false, &name, err)) < 0)
			return rc;
		if (!name)
			return vx_err_at(err, VX_EINVAL, p, "property has no name");
		if ((rc = vx_json_str(item, "value", p, false, &value, err)) < 0) {
			free(name);
			return rc;
		}
		key = c ? vx_sbom_support_key(name) : 0;
		if (key == VX_SUPPORT_LEVEL && value) {
			free(c->support_level);
			c->support_level = value;
			value = NULL;
		} else if (key == VX_SUPPORT_END && value) {
			free(c->end_of_support);
			c->end_of_support = value;
			value = NULL;
		}
		free(name);
		free(value);
	}
	return 0;
}

static int read_component(const cJSON *obj, const char *path, long parent, int depth,
			  bool is_device, struct vx_sbom *s, struct vx_err *err);

static int read_component_list(const cJSON *owner, const char *path, long parent, int depth,
			       struct vx_sbom *s, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	rc = vx_json_array(owner, "components", path, &arr, err);
	if (rc < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512];
		snprintf(p, sizeof(p), "%s%scomponents[%d]", path, path[0] ? "." : "", i++);
		rc = read_component(item, p, parent, depth + 1, false, s, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_component(const cJSON *obj, const char *path, long parent, int depth,
			  bool is_device, struct vx_sbom *s, struct vx_err *err)
{
	struct vx_component *c;
	long idx;
	char *publisher = NULL;
	int rc;

	if (depth > VX_SBOM_MAX_DEPTH)
		return vx_err_at(err, VX_ELIMIT, path, "components nested deeper than %d levels",
				 VX_SBOM_MAX_DEPTH);
	if (!cJSON_IsObject(obj))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
				 vx_json_type_name(obj));
	c = vx_sbom_add_component(s);
	idx = (long)(s->ncomponents - 1);
	c->parent = parent;
	c->is_device = is_device;
	if ((rc = vx_json_str(obj, "type", path, true, &c->type, err)) < 0)
		return rc;
	if (!c->type)
		return vx_err_at(err, VX_EINVAL, path, "component has no 'type' (required)");
	if ((rc = vx_json_str(obj, "bom-ref", path, true, &c->bom_ref, err)) < 0 ||
	    (rc = vx_json_str(obj, "group", path, false, &c->group, err)) < 0 ||
	    (rc = vx_json_str(obj, "name", path, false, &c->name, err)) < 0 ||
	    (rc = vx_json_str(obj, "version", path, false, &c->version, err)) < 0 ||
	    (rc = vx_json_str(obj, "purl", path, false, &c->purl, err)) < 0 ||
	    (rc = vx_json_str(obj, "cpe", path, false, &c->cpe, err)) < 0 ||
	    (rc = vx_json_str(obj, "description", path, false, &c->description, err)) < 0 ||
	    (rc = vx_json_str(obj, "author", path, false, &c->author, err)) < 0 ||
	    (rc = vx_json_str(obj, "publisher", path, false, &publisher, err)) < 0 ||
	    (rc = entity_name(obj, "supplier", path, &c->supplier, err)) < 0 ||
	    (rc = read_licences(obj, path, &c->licence, err)) < 0 ||
	    (rc = vx_json_hashes(obj, "hashes", "alg", "content", path, c, err)) < 0 ||
	    (rc = read_properties(obj, path, c, err)) < 0) {
		free(publisher);
		return rc;
	}
	if (!c->author) {
		c->author = publisher;
		publisher = NULL;
	}
	free(publisher);
	if (!c->supplier) {
		/* 1.6 component.manufacturer is the maker; it is a supplier in NTIA's sense. */
		rc = entity_name(obj, "manufacturer", path, &c->supplier, err);
		if (rc < 0)
			return rc;
	}
	/* c may move when nested components are appended: use the index from here on. */
	return read_component_list(obj, path, idx, depth, s, err);
}

static int read_metadata(const cJSON *root, struct vx_sbom *s, struct vx_err *err)
{
	const cJSON *md, *arr, *item, *comp;
	char *text = NULL;
	int rc, i;

	rc = vx_json_object(root, "metadata", "", &md, err);
	if (rc < 0 || !md)
		return rc;
	if ((rc = vx_json_str(md, "timestamp", "metadata", true, &s->timestamp, err)) < 0)
		return rc;
	if (s->timestamp && !vx_time_parse_datetime(s->timestamp, NULL))
		return vx_err_at(err, VX_EINVAL, "metadata.timestamp",
				 "'%s' is not an RFC 3339 date-time with a time zone",
				 vx_str_quote(s->timestamp, 40));
	if ((rc = vx_json_array(md, "authors", "metadata", &arr, err)) < 0)
		return rc;
	i = 0;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64];
		snprintf(p, sizeof(p), "metadata.authors[%d]", i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, "name", p, false, &text, err)) < 0)
			return rc;
		if (!text && (rc = vx_json_str(item, "email", p, false, &text, err)) < 0)
			return rc;
		list_add(&s->authors, "author: ", text);
		free(text);
	}
	if ((rc = entity_name(md, "manufacturer", "metadata", &text, err)) < 0)
		return rc;
	list_add(&s->authors, "manufacturer: ", text);
	free(text);
	if ((rc = entity_name(md, "manufacture", "metadata", &text, err)) < 0)
		return rc;
	list_add(&s->authors, "manufacturer: ", text);
	free(text);
	if ((rc = entity_name(md, "supplier", "metadata", &text, err)) < 0)
		return rc;
	list_add(&s->authors, "supplier: ", text);
	free(text);

	/* tools: an array of {vendor, name, version} (1.2-1.4, deprecated later) or an object
	 * {components[], services[]} (1.5+). */
	item = cJSON_GetObjectItemCaseSensitive(md, "tools");
	if (item && !cJSON_IsNull(item)) {
		const cJSON *list = item, *t;
		if (cJSON_IsObject(item)) {
			if ((rc = vx_json_array(item, "components", "metadata.tools", &list, err)) <
			    0)
				return rc;
		} else if (!cJSON_IsArray(item)) {
			return vx_err_at(err, VX_EINVAL, "metadata.tools",
					 "expected an array or an object, found %s",
					 vx_json_type_name(item));
		}
		cJSON_ArrayForEach(t, list)
		{
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "name");
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "version");
			if (cJSON_IsString(n) && n->valuestring[0]) {
				char *tool = vx_asprintf("%s%s%s", n->valuestring,
							 cJSON_IsString(v) ? " " : "",
							 cJSON_IsString(v) ? v->valuestring : "");
				list_add(&s->authors, "tool: ", tool);
				free(tool);
			}
		}
	}
	if ((rc = vx_json_object(md, "component", "metadata", &comp, err)) < 0)
		return rc;
	if (comp) {
		rc = read_component(comp, "metadata.component", -1, 1, true, s, err);
		if (rc < 0)
			return rc;
		if (s->components[0].name)
			s->name = vx_strdup(s->components[0].name);
	}
	/* metadata.properties carry no inventory; only their shape is checked. */
	return read_properties(md, "metadata", NULL, err);
}

/* Services (SaaSBOM) are not inventory, but dependencies may point at them. */
static int read_services(const cJSON *owner, const char *path, int depth, struct vx_sbom *s,
			 struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if (depth > VX_SBOM_MAX_DEPTH)
		return vx_err_at(err, VX_ELIMIT, path, "services nested deeper than %d levels",
				 VX_SBOM_MAX_DEPTH);
	rc = vx_json_array(owner, "services", path, &arr, err);
	if (rc < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *ref = NULL;
		snprintf(p, sizeof(p), "%s%sservices[%d]", path, path[0] ? "." : "", i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, "bom-ref", p, true, &ref, err)) < 0)
			return rc;
		if (ref)
			vx_sbom_add_service_ref(s, ref);
		free(ref);
		if ((rc = read_services(item, p, depth + 1, s, err)) < 0)
			return rc;
	}
	return 0;
}

static int read_dependencies(const cJSON *root, struct vx_sbom *s, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	rc = vx_json_array(root, "dependencies", "", &arr, err);
	if (rc < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[64], *ref = NULL;
		const cJSON *on, *t;
		int k = 0;
		snprintf(p, sizeof(p), "dependencies[%d]", i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, "ref", p, false, &ref, err)) < 0)
			return rc;
		if (!ref)
			return vx_err_at(err, VX_EINVAL, p, "dependency has no 'ref'");
		if ((rc = vx_json_array(item, "dependsOn", p, &on, err)) < 0) {
			free(ref);
			return rc;
		}
		cJSON_ArrayForEach(t, on)
		{
			if (!cJSON_IsString(t) || !t->valuestring[0]) {
				free(ref);
				return vx_err_at(err, VX_EINVAL, p,
						 "dependsOn[%d]: expected a non-empty ref", k);
			}
			vx_sbom_add_dependency_at(s, ref, t->valuestring, i - 1, k);
			k++;
		}
		if (k == 0) /* declared, with no dependencies */
			vx_sbom_add_dependency_at(s, ref, NULL, i - 1, -1);
		free(ref);
	}
	return 0;
}

int vx_cdx_json_parse(const char *data, size_t len, struct vx_sbom *s, struct vx_err *err)
{
	cJSON *root = NULL;
	const cJSON *n;
	char *fmt = NULL;
	int rc, i;

	s->format = VX_SBOM_CYCLONEDX_JSON;
	rc = vx_json_parse(data, len, VX_SBOM_MAX_DEPTH, &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsObject(root)) {
		rc = vx_err_set(err, VX_EINVAL, "the document is not a JSON object");
		goto out;
	}
	if ((rc = vx_json_str(root, "bomFormat", "", true, &fmt, err)) < 0)
		goto out;
	if (!cJSON_GetObjectItemCaseSensitive(root, "bomFormat")) {
		rc = vx_err_set(err, VX_EUNSUPPORTED,
				"not an SBOM: no top-level \"bomFormat\" member");
		goto out;
	}
	if (!fmt || strcmp(fmt, "CycloneDX") != 0) {
		rc = vx_err_at(err, VX_EINVAL, "bomFormat", "expected 'CycloneDX', found '%s'",
			       fmt ? vx_str_quote(fmt, 40) : "(nothing)");
		goto out;
	}
	if ((rc = vx_json_str(root, "specVersion", "", false, &s->spec_version, err)) < 0)
		goto out;
	if (!s->spec_version) {
		rc = vx_err_at(err, VX_EINVAL, "specVersion", "missing (required)");
		goto out;
	}
	for (i = 0; spec_versions[i]; i++)
		if (strcmp(spec_versions[i], s->spec_version) == 0)
			break;
	if (!spec_versions[i]) {
		rc = vx_err_at(err, VX_EUNSUPPORTED, "specVersion",
			       "CycloneDX %s is not supported (1.2 to 1.6 are)",
			       vx_str_quote(s->spec_version, 20));
		goto out;
	}
	if ((rc = vx_json_str(root, "serialNumber", "", false, &s->serial, err)) < 0)
		goto out;
	n = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (cJSON_IsNumber(n) && n->valuedouble >= 1 && n->valuedouble <= 2147483647.0 &&
	    n->valuedouble == (double)(long)n->valuedouble)
		s->doc_version = vx_asprintf("%ld", (long)n->valuedouble);
	else if (cJSON_IsNumber(n)) {
		rc = vx_err_at(err, VX_EINVAL, "version", "expected an integer of 1 or more, found %g",
			       n->valuedouble);
		goto out;
	}
	else if (n && !cJSON_IsNull(n)) {
		rc = vx_err_at(err, VX_EINVAL, "version", "expected an integer, found %s",
			       vx_json_type_name(n));
		goto out;
	}
	if ((rc = read_metadata(root, s, err)) < 0)
		goto out;
	if ((rc = read_component_list(root, "", -1, 0, s, err)) < 0)
		goto out;
	if ((rc = read_services(root, "", 0, s, err)) < 0)
		goto out;
	rc = read_dependencies(root, s, err);
out:
	free(fmt);
	cJSON_Delete(root);
	return rc;
}
