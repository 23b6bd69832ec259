/* src/import/kev.c - CISA Known Exploited Vulnerabilities catalog reader.
 *
 * The catalog is one JSON document of about 1.3 MB, so it is parsed whole with cJSON (the
 * text checks of vx_feed_check_text() and the nesting limit first). Each vulnerabilities[]
 * item becomes a struct vx_vuln with source VX_FEED_KEV, the CVE id, the KEV fields, the
 * short description and the CWEs. The fields the KEV schema requires
 * (cisagov/kev-data : known_exploited_vulnerabilities_schema.json) are checked, with errors
 * that name the JSON path ("vulnerabilities[12].dateAdded"). What "exploited" means for a
 * finding is decided elsewhere.
 */
#include "import/feed.h"
#include "import/feed_private.h"
#include "import/json_private.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A required non-empty string member. */
static int req_str(const cJSON *obj, const char *key, const char *path, char **out,
                   struct vx_err *err)
{
	char p[512];
	int rc = vx_json_str(obj, key, path, false, out, err);
	if (rc < 0 || *out)
		return rc;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	return vx_err_at(err, VX_EINVAL, p, "missing (required)");
}

static int req_date(const cJSON *obj, const char *key, const char *path, char **out,
                    struct vx_err *err)
{
	char p[512];
	int rc = req_str(obj, key, path, out, err);
	if (rc < 0)
		return rc;
	if (vx_time_parse_date(*out, NULL))
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	return vx_err_at(err, VX_EINVAL, p, "invalid date '%s' (YYYY-MM-DD)",
	                 vx_str_quote(*out, 40));
}

static int read_cwes(const cJSON *item, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	const cJSON *arr, *c;
	int rc, i = 0;

	if ((rc = vx_json_array(item, "cwes", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(c, arr)
	{
		char p[512];
		const char *s = cJSON_GetStringValue(c);
		snprintf(p, sizeof(p), "%s.cwes[%d]", path, i++);
		if (!s)
			return vx_err_at(err, VX_EINVAL, p, "expected a string, found %s",
			                 vx_json_type_name(c));
		if (strncmp(s, "CWE-", 4) != 0 || !s[4] ||
		    strspn(s + 4, "0123456789") != strlen(s + 4))
			return vx_err_at(err, VX_EINVAL, p, "not a CWE id '%s'",
			                 vx_str_quote(s, 40));
		vx_feed_strv_add(&v->cwes, &v->ncwes, s, 1);
	}
	return 0;
}

static int read_item(const cJSON *item, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	struct vx_kev *k;
	char p[512];
	int rc;

	memset(v, 0, sizeof(*v));
	v->source = VX_FEED_KEV;
	if (!cJSON_IsObject(item))
		return vx_err_at(err, VX_EINVAL, path, "expected an object, found %s",
		                 vx_json_type_name(item));
	k = v->kev = vx_calloc(1, sizeof(*v->kev));
	if ((rc = req_str(item, "cveID", path, &v->id, err)) < 0)
		return rc;
	if (!vx_feed_cve_id_valid(v->id)) {
		snprintf(p, sizeof(p), "%s.cveID", path);
		return vx_err_at(err, VX_EINVAL, p, "not a CVE id '%s'", vx_str_quote(v->id, 40));
	}
	if ((rc = req_str(item, "vendorProject", path, &k->vendor, err)) < 0 ||
	    (rc = req_str(item, "product", path, &k->product, err)) < 0 ||
	    (rc = req_str(item, "vulnerabilityName", path, &k->name, err)) < 0 ||
	    (rc = req_date(item, "dateAdded", path, &k->date_added, err)) < 0 ||
	    (rc = req_str(item, "shortDescription", path, &v->description, err)) < 0 ||
	    (rc = req_str(item, "requiredAction", path, &k->required_action, err)) < 0 ||
	    (rc = req_date(item, "dueDate", path, &k->due_date, err)) < 0 ||
	    (rc = vx_json_str(item, "knownRansomwareCampaignUse", path, false, &k->ransomware,
	                      err)) < 0 ||
	    (rc = vx_json_str(item, "notes", path, false, &k->notes, err)) < 0 ||
	    (rc = read_cwes(item, path, v, err)) < 0)
		return rc;
	return 0;
}

int vx_kev_read(const char *data, size_t len, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
                struct vx_err *err)
{
	cJSON *root = NULL;
	const cJSON *vulns, *item;
	char *version = NULL, *released = NULL;
	size_t records = 0;
	int rc, i = 0;

	if (info)
		info->format = VX_FEED_KEV;
	if ((rc = vx_feed_check_text(data, len, err)) < 0 ||
	    (rc = vx_json_parse(data, len, VX_FEED_MAX_DEPTH, &root, err)) < 0)
		goto out;
	if (!cJSON_IsObject(root)) {
		rc = vx_err_set(err, VX_EINVAL, "not a KEV catalog (expected an object)");
		goto out;
	}
	if ((rc = vx_json_str(root, "catalogVersion", "", false, &version, err)) < 0 ||
	    (rc = vx_json_str(root, "dateReleased", "", false, &released, err)) < 0 ||
	    (rc = vx_json_array(root, "vulnerabilities", "", &vulns, err)) < 0)
		goto out;
	if (!version || !vulns) {
		rc = vx_err_at(err, VX_EINVAL, version ? "vulnerabilities" : "catalogVersion",
		               "missing (required)");
		goto out;
	}
	if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "count"))) {
		rc = vx_err_at(err, VX_EINVAL, "count", "expected a number (required), found %s",
		               vx_json_type_name(cJSON_GetObjectItemCaseSensitive(root, "count")));
		goto out;
	}
	if (released && !vx_time_parse_datetime(released, NULL)) {
		rc = vx_err_at(err, VX_EINVAL, "dateReleased", "invalid date-time '%s'",
		               vx_str_quote(released, 40));
		goto out;
	}
	cJSON_ArrayForEach(item, vulns)
	{
		struct vx_vuln v;
		char p[64];
		snprintf(p, sizeof(p), "vulnerabilities[%d]", i++);
		rc = read_item(item, p, &v, err);
		if (rc == 0 && cb) {
			rc = cb(ctx, &v, p, err);
			if (rc < 0 && err && err->code == 0)
				vx_err_set(err, rc, "stopped by the record handler");
		}
		vx_vuln_release(&v);
		if (rc < 0)
			goto out;
		records++;
	}
	if (info) {
		free(info->catalog_version);
		info->catalog_version = version;
		version = NULL;
	}
out:
	if (info)
		info->records = records;
	free(version);
	free(released);
	cJSON_Delete(root);
	return rc;
}
