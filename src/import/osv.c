/* src/import/osv.c - OSV schema 1.x reader: one record, or a JSON array of records.
 *
 * OSV files are small (one advisory each, or a list from a query), so they are parsed whole
 * with cJSON after the text checks of vx_feed_check_text(). Each record becomes a struct
 * vx_vuln with source VX_FEED_OSV: ids, dates, summary and details, CVSS vectors from
 * severity[], affected packages with their ranges and versions, references and the GitHub
 * CWE ids (database_specific.cwe_ids). The rules of ossf/osv-schema docs/schema.md are
 * checked with errors naming the JSON path ("affected[0].ranges[1].events[2]: ..."): each
 * event holds exactly one of introduced, fixed, last_affected, limit; a range has at least
 * one introduced event and not both fixed and last_affected; a GIT range names its repo.
 * Linter-only checks (package existence, distinct event versions) are left to the linter.
 * Evaluating ranges against versions belongs to src/match.
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

static void sub(char *out, size_t n, const char *path, const char *key)
{
	snprintf(out, n, "%s%s%s", path, path[0] ? "." : "", key);
}

static int need_object(const cJSON *n, const char *path, struct vx_err *err)
{
	if (!cJSON_IsObject(n))
		return vx_err_at(err, VX_EINVAL, path[0] ? path : "(record)",
		                 "expected an object, found %s", vx_json_type_name(n));
	return 0;
}

/* An array of strings `key` appended to *v (unique). */
static int str_list(const cJSON *obj, const char *key, const char *path, char ***v, size_t *n,
                    struct vx_err *err)
{
	const cJSON *arr, *s;
	int rc, i = 0;

	if ((rc = vx_json_array(obj, key, path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(s, arr)
	{
		char p[512];
		if (!cJSON_IsString(s) || !s->valuestring) {
			snprintf(p, sizeof(p), "%s%s%s[%d]", path, path[0] ? "." : "", key, i);
			return vx_err_at(err, VX_EINVAL, p, "expected a string, found %s",
			                 vx_json_type_name(s));
		}
		i++;
		if (s->valuestring[0])
			vx_feed_strv_add(v, n, s->valuestring, 1);
	}
	return 0;
}

static int read_time(const cJSON *rec, const char *key, const char *path, bool required, char **out,
                     struct vx_err *err)
{
	char p[512];
	int rc = vx_json_str(rec, key, path, false, out, err);
	if (rc < 0)
		return rc;
	sub(p, sizeof(p), path, key);
	if (!*out)
		return required ? vx_err_at(err, VX_EINVAL, p, "missing (required)") : 0;
	if (!vx_time_parse_any(*out, NULL))
		return vx_err_at(err, VX_EINVAL, p, "invalid timestamp '%s'",
		                 vx_str_quote(*out, 40));
	return 0;
}

/* CVE ids first, the rest in their order. */
static void aliases_cve_first(struct vx_vuln *v)
{
	char **sorted;
	size_t k = 0;

	if (v->naliases < 2)
		return;
	sorted = vx_malloc(v->naliases * sizeof(*sorted));
	for (size_t i = 0; i < v->naliases; i++)
		if (strncmp(v->aliases[i], "CVE-", 4) == 0)
			sorted[k++] = v->aliases[i];
	for (size_t i = 0; i < v->naliases; i++)
		if (strncmp(v->aliases[i], "CVE-", 4) != 0)
			sorted[k++] = v->aliases[i];
	free(v->aliases);
	v->aliases = sorted;
}

static int read_severity(const cJSON *rec, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(rec, "severity", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *type = NULL, *score = NULL;
		const char *version = NULL;
		snprintf(p, sizeof(p), "%s%sseverity[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0 ||
		    (rc = vx_json_str(item, "type", p, false, &type, err)) < 0 ||
		    (rc = vx_json_str(item, "score", p, false, &score, err)) < 0)
			goto next;
		if (!type || !score) {
			rc = vx_err_at(err, VX_EINVAL, p, "needs both 'type' and 'score'");
			goto next;
		}
		if (strcmp(type, "CVSS_V2") == 0) {
			version = "2.0";
		} else if (strcmp(type, "CVSS_V3") == 0) {
			if (strncmp(score, "CVSS:3.0/", 9) == 0)
				version = "3.0";
			else if (strncmp(score, "CVSS:3.1/", 9) == 0)
				version = "3.1";
		} else if (strcmp(type, "CVSS_V4") == 0) {
			if (strncmp(score, "CVSS:4.0/", 9) == 0)
				version = "4.0";
		} else {
			goto next; /* "Ubuntu" and later types: a label, not a vector */
		}
		if (!version) {
			char q[512];
			sub(q, sizeof(q), p, "score");
			rc = vx_err_at(err, VX_EINVAL, q, "not a %s vector '%s'", type,
			               vx_str_quote(score, 60));
			goto next;
		}
		v->cvss = vx_realloc(v->cvss, (v->ncvss + 1) * sizeof(*v->cvss));
		v->cvss[v->ncvss++] = (struct vx_cvss){.version = vx_strdup(version),
		                                       .vector = score,
		                                       .score = -1,
		                                       .source = vx_strdup("osv")};
		score = NULL;
	next:
		free(type);
		free(score);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static const struct {
	const char *key;
	enum vx_osv_event_kind kind;
} event_keys[] = {
    {"introduced", VX_OSV_INTRODUCED},
    {"fixed", VX_OSV_FIXED},
    {"last_affected", VX_OSV_LAST_AFFECTED},
    {"limit", VX_OSV_LIMIT},
};

static int read_event(const cJSON *ev, const char *p, struct vx_osv_range *r, struct vx_err *err)
{
	const cJSON *m;
	const cJSON *found = NULL;
	enum vx_osv_event_kind kind = VX_OSV_INTRODUCED;
	int rc;

	if ((rc = need_object(ev, p, err)) < 0)
		return rc;
	cJSON_ArrayForEach(m, ev)
	{
		size_t k;
		for (k = 0; k < sizeof(event_keys) / sizeof(event_keys[0]); k++)
			if (strcmp(m->string, event_keys[k].key) == 0)
				break;
		if (k == sizeof(event_keys) / sizeof(event_keys[0]))
			continue; /* other members are not events (schema allows none, be lenient)
			           */
		if (found)
			return vx_err_at(err, VX_EINVAL, p,
			                 "an event holds exactly one of introduced, fixed, "
			                 "last_affected, limit (found '%s' and '%s')",
			                 found->string, m->string);
		found = m;
		kind = event_keys[k].kind;
	}
	if (!found)
		return vx_err_at(err, VX_EINVAL, p,
		                 "an event holds exactly one of introduced, fixed, last_affected, "
		                 "limit (found none)");
	if (!cJSON_IsString(found) || !found->valuestring || !found->valuestring[0]) {
		char q[512];
		sub(q, sizeof(q), p, found->string);
		return vx_err_at(err, VX_EINVAL, q, "expected a non-empty string, found %s",
		                 vx_json_type_name(found));
	}
	r->events = vx_realloc(r->events, (r->nevents + 1) * sizeof(*r->events));
	r->events[r->nevents].kind = kind;
	r->events[r->nevents].version = vx_strdup(found->valuestring);
	r->nevents++;
	return 0;
}

static int read_range(const cJSON *item, const char *p, struct vx_osv_affected *a,
                      struct vx_err *err)
{
	struct vx_osv_range *r;
	const cJSON *events, *ev;
	bool introduced = false, fixed = false, last = false;
	int rc, i = 0;

	if ((rc = need_object(item, p, err)) < 0)
		return rc;
	a->ranges = vx_realloc(a->ranges, (a->nranges + 1) * sizeof(*a->ranges));
	r = &a->ranges[a->nranges++];
	memset(r, 0, sizeof(*r));
	if ((rc = vx_json_str(item, "type", p, false, &r->type, err)) < 0 ||
	    (rc = vx_json_str(item, "repo", p, false, &r->repo, err)) < 0 ||
	    (rc = vx_json_array(item, "events", p, &events, err)) < 0)
		return rc;
	if (!r->type) {
		char q[512];
		sub(q, sizeof(q), p, "type");
		return vx_err_at(err, VX_EINVAL, q, "missing (required)");
	}
	if (strcmp(r->type, "SEMVER") != 0 && strcmp(r->type, "ECOSYSTEM") != 0 &&
	    strcmp(r->type, "GIT") != 0) {
		char q[512];
		sub(q, sizeof(q), p, "type");
		return vx_err_at(err, VX_EINVAL, q,
		                 "unknown range type '%s' (SEMVER, ECOSYSTEM "
		                 "or GIT)",
		                 vx_str_quote(r->type, 30));
	}
	if (strcmp(r->type, "GIT") == 0 && !r->repo) {
		char q[512];
		sub(q, sizeof(q), p, "repo");
		return vx_err_at(err, VX_EINVAL, q, "a GIT range needs its 'repo'");
	}
	if (!events || cJSON_GetArraySize(events) == 0) {
		char q[512];
		sub(q, sizeof(q), p, "events");
		return vx_err_at(err, VX_EINVAL, q, "a range needs at least one event");
	}
	cJSON_ArrayForEach(ev, events)
	{
		char q[512];
		snprintf(q, sizeof(q), "%s.events[%d]", p, i++);
		if ((rc = read_event(ev, q, r, err)) < 0)
			return rc;
		switch (r->events[r->nevents - 1].kind) {
		case VX_OSV_INTRODUCED:
			introduced = true;
			break;
		case VX_OSV_FIXED:
			fixed = true;
			break;
		case VX_OSV_LAST_AFFECTED:
			last = true;
			break;
		case VX_OSV_LIMIT:
			break;
		}
	}
	if (!introduced)
		return vx_err_at(err, VX_EINVAL, p,
		                 "a range needs at least one 'introduced' event");
	if (fixed && last)
		return vx_err_at(err, VX_EINVAL, p,
		                 "a range holds 'fixed' or 'last_affected' events, not both");
	return 0;
}

static int read_affected(const cJSON *rec, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(rec, "affected", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		struct vx_osv_affected *a;
		const cJSON *pkg, *ranges, *r;
		char p[512], q[512];
		int j = 0;

		snprintf(p, sizeof(p), "%s%saffected[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0)
			return rc;
		v->affected = vx_realloc(v->affected, (v->naffected + 1) * sizeof(*v->affected));
		a = &v->affected[v->naffected++];
		memset(a, 0, sizeof(*a));
		if ((rc = vx_json_object(item, "package", p, &pkg, err)) < 0)
			return rc;
		sub(q, sizeof(q), p, "package");
		if (pkg &&
		    ((rc = vx_json_str(pkg, "ecosystem", q, false, &a->ecosystem, err)) < 0 ||
		     (rc = vx_json_str(pkg, "name", q, false, &a->name, err)) < 0 ||
		     (rc = vx_json_str(pkg, "purl", q, false, &a->purl, err)) < 0))
			return rc;
		if (pkg && (!a->ecosystem || !a->name) && !a->purl)
			return vx_err_at(err, VX_EINVAL, q,
			                 "a package needs 'ecosystem' and 'name'");
		if ((rc = vx_json_array(item, "ranges", p, &ranges, err)) < 0)
			return rc;
		cJSON_ArrayForEach(r, ranges)
		{
			char s[512];
			snprintf(s, sizeof(s), "%s.ranges[%d]", p, j++);
			if ((rc = read_range(r, s, a, err)) < 0)
				return rc;
		}
		if ((rc = str_list(item, "versions", p, &a->versions, &a->nversions, err)) < 0)
			return rc;
	}
	return 0;
}

static int read_references(const cJSON *rec, const char *path, struct vx_vuln *v,
                           struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	if ((rc = vx_json_array(rec, "references", path, &arr, err)) < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *url = NULL;
		snprintf(p, sizeof(p), "%s%sreferences[%d]", path, path[0] ? "." : "", i++);
		if ((rc = need_object(item, p, err)) < 0 ||
		    (rc = vx_json_str(item, "url", p, false, &url, err)) < 0)
			return rc;
		if (!url)
			return vx_err_at(err, VX_EINVAL, p, "reference has no 'url'");
		vx_feed_strv_add(&v->refs, &v->nrefs, url, 1);
		free(url);
	}
	return 0;
}

static int read_cwes(const cJSON *rec, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	const cJSON *dbs;
	char p[512];
	int rc;

	if ((rc = vx_json_object(rec, "database_specific", path, &dbs, err)) < 0 || !dbs)
		return rc;
	sub(p, sizeof(p), path, "database_specific");
	return str_list(dbs, "cwe_ids", p, &v->cwes, &v->ncwes, err);
}

static int read_record(const cJSON *rec, const char *path, struct vx_vuln *v, struct vx_err *err)
{
	char p[512], *details = NULL, *withdrawn = NULL;
	int rc;

	memset(v, 0, sizeof(*v));
	v->source = VX_FEED_OSV;
	if ((rc = need_object(rec, path, err)) < 0 ||
	    (rc = vx_json_str(rec, "id", path, false, &v->id, err)) < 0)
		return rc;
	if (!v->id) {
		sub(p, sizeof(p), path, "id");
		return vx_err_at(err, VX_EINVAL, p, "missing (required)");
	}
	if ((rc = read_time(rec, "modified", path, true, &v->modified, err)) < 0 ||
	    (rc = read_time(rec, "published", path, false, &v->published, err)) < 0 ||
	    (rc = read_time(rec, "withdrawn", path, false, &withdrawn, err)) < 0 ||
	    (rc = str_list(rec, "aliases", path, &v->aliases, &v->naliases, err)) < 0 ||
	    (rc = vx_json_str(rec, "summary", path, false, &v->summary, err)) < 0 ||
	    (rc = vx_json_str(rec, "details", path, false, &details, err)) < 0 ||
	    (rc = read_severity(rec, path, v, err)) < 0 ||
	    (rc = read_affected(rec, path, v, err)) < 0 ||
	    (rc = read_references(rec, path, v, err)) < 0 ||
	    (rc = read_cwes(rec, path, v, err)) < 0)
		goto out;
	aliases_cve_first(v);
	if (withdrawn)
		v->status = vx_strdup("withdrawn");
	v->description = details ? details : vx_strdup(v->summary);
	details = NULL;
out:
	free(details);
	free(withdrawn);
	return rc;
}

static int one(const cJSON *rec, const char *path, vx_feed_cb cb, void *ctx, size_t *records,
               struct vx_err *err)
{
	struct vx_vuln v;
	int rc = read_record(rec, path, &v, err);
	if (rc == 0 && cb) {
		rc = cb(ctx, &v, path, err);
		if (rc < 0 && err && err->code == 0)
			vx_err_set(err, rc, "stopped by the record handler");
	}
	vx_vuln_release(&v);
	if (rc == 0)
		(*records)++;
	return rc < 0 ? rc : 0;
}

int vx_osv_read(const char *data, size_t len, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
                struct vx_err *err)
{
	cJSON *root = NULL;
	const cJSON *rec;
	size_t records = 0;
	int rc, i = 0;

	if (info)
		info->format = VX_FEED_OSV;
	if ((rc = vx_feed_check_text(data, len, err)) < 0 ||
	    (rc = vx_json_parse(data, len, VX_FEED_MAX_DEPTH, &root, err)) < 0)
		goto out;
	if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(rec, root)
		{
			char p[32];
			snprintf(p, sizeof(p), "[%d]", i++);
			if ((rc = one(rec, p, cb, ctx, &records, err)) < 0)
				goto out;
		}
	} else {
		rc = one(root, "", cb, ctx, &records, err);
	}
out:
	if (info)
		info->records = records;
	cJSON_Delete(root);
	return rc;
}
