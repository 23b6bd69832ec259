/* src/cmd/advisory.c - vexil advisory and vexil vex: CSAF 2.0 documents from the store,
 * issued with a tracking id and a revision history kept in the store. */
#include "cmd/cmd.h"
#include "render/csaf.h"
#include "render/cvrf.h"
#include "render/vexdoc.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char vx_usage_advisory[] =
	"usage: vexil advisory --product P --vuln ID[,ID...] [ID...] [--version V]\n"
	"                      [--status draft|interim|final] [--summary TEXT]\n"
	"                      [--tracking-id ID] [--tlp WHITE|GREEN|AMBER|RED]\n"
	"                      [--publish-url URL] [--cvrf] [-o DIR]\n"
	"\n"
	"Write a CSAF 2.0 security advisory (csaf_security_advisory) for the open findings of\n"
	"the vulnerabilities in the product (one version with --version): publisher from the\n"
	"manufacturer profile, product tree with each affected component as a component of\n"
	"each device version, and per vulnerability the status, justification, clinical\n"
	"impact, threats (CISA KEV), remediations, CVSS v3 score, references and the reporter's\n"
	"acknowledgment. The file is named per CSAF 5.1 from the tracking id and written into\n"
	"DIR (default: the current folder).\n"
	"\n"
	"Each advisory keeps its tracking id (--tracking-id on the first issue, else\n"
	"VXSA-YYYY-NNNN) and revision history in the store: issuing it again adds a revision\n"
	"only when what it says or its status changed (--summary describes the change).\n"
	"  --status S    draft, interim or final (default final); a final advisory cannot go\n"
	"                back to draft\n"
	"  --tlp LABEL   the TLP label of the distribution (default WHITE)\n"
	"  --cvrf        also write its CVRF 1.2 XML form (same name, .xml), converted from the\n"
	"                CSAF document; see docs/csaf.md for what CVRF cannot say\n"
	"  --publish-url URL  the folder it will be published in, for its canonical (self)\n"
	"                reference; default: the profile's namespace + /.well-known/csaf/<tlp>/\n"
	"                <year>/, the CSAF provider layout\n";

const char vx_usage_vex[] =
	"usage: vexil vex --product P --version V [--format csaf|cyclonedx|openvex] [--status S]\n"
	"                 [--summary TEXT]\n"
	"                 [--tracking-id ID] [--tlp LABEL] [--publish-url URL] [-o DIR]\n"
	"\n"
	"Write the VEX of one device version: every open finding with its status\n"
	"(not_affected with its justification and impact statement, affected with its action\n"
	"statement), as a CSAF 2.0 csaf_vex document with the same tracking and revisions as\n"
	"'vexil advisory' (ids VXVEX-YYYY-NNNN). 'vexil triage import' reads it back.\n"
	"  --format cyclonedx   CycloneDX 1.6 JSON: analysis state, justification, response and\n"
	"                       detail per statement; affects refs are BOM-Links into the\n"
	"                       version's SBOM (when it has a urn:uuid serial number), so\n"
	"                       Dependency-Track and scanners can apply it to that SBOM\n"
	"  --format openvex     OpenVEX 0.2.0 statements (device version with the component as\n"
	"                       subcomponent)\n"
	"Files go into DIR (-o, default the current folder): the CSAF name from its tracking id,\n"
	"else PRODUCT-VERSION.vex.cdx.json / PRODUCT-VERSION.openvex.json.\n";

static const char *const STATUSES[] = {"draft", "interim", "final", NULL};
static const char *const TLPS[] = {"WHITE", "GREEN", "AMBER", "RED", NULL};

static int one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Issue (or re-issue) the document and write it. vulns are sorted and unique. */
static int issue(struct vx_ctx *ctx, const char *product, const char *version, char **vulns,
		 size_t nvulns, int vex, const char *status, const char *summary,
		 const char *tracking_id, const char *tlp, const char *dir, const char *publish_url,
		 int cvrf)
{
	struct vx_product prod = {0};
	struct vx_advisory adv = {0};
	struct vx_advisory_issue in = {0};
	struct vx_csaf_opts o = {0};
	struct vx_err err;
	struct vx_buf key;
	char now[21], sha[65], fname[300], *content = NULL, *json = NULL, *path = NULL, *xml = NULL;
	int rc, added = 0;

	vx_err_clear(&err);
	vx_buf_init(&key);
	vx_time_format(vx_time_now(), now);
	o.product = product;
	o.version = version;
	o.vulns = (const char *const *)vulns;
	o.nvulns = nvulns;
	o.vex = vex;
	o.tlp = tlp;
	o.generated = now;
	o.publish_url = publish_url;
	/* what the document says, without its tracking: the identity of a revision */
	if ((rc = vx_csaf_render(ctx->store, &o, &content, &err)) < 0)
		goto out;
	vx_sha256_hex(content, strlen(content), sha);
	if ((rc = vx_store_product_get(ctx->store, product, &prod, &err)) < 0)
		goto out;
	if (vex) {
		vx_buf_adds(&key, "*"); /* one VEX per version, whatever it lists */
	} else {
		for (size_t i = 0; i < nvulns; i++)
			vx_buf_printf(&key, "%s%s", i ? " " : "", vulns[i]);
	}
	in.product_id = prod.id;
	in.vulns = vx_buf_str(&key);
	in.profile = vex ? "vex" : "security_advisory";
	in.scope = vex ? version : (version ? version : "");
	in.tracking_id = tracking_id;
	in.id_prefix = vex ? "VXVEX" : "VXSA";
	in.status = status;
	in.content_sha256 = sha;
	in.date = now;
	{
		struct vx_advisory prev = {0};
		int found = 0;
		if ((rc = vx_store_advisory_get(ctx->store, prod.id, in.vulns, in.profile, in.scope,
						&prev, &found, &err)) < 0)
			goto out;
		in.summary = summary ? summary
			     : !found || !prev.nrevs ? "Initial release"
			     : strcmp(prev.revs[prev.nrevs - 1].content_sha256, sha) != 0
				     ? "Updated: the assessment or the affected products changed"
				     : "Status changed";
		vx_advisory_release(&prev);
	}
	if ((rc = vx_store_begin(ctx->store, &err)) < 0)
		goto out;
	if ((rc = vx_store_advisory_issue(ctx->store, &in, &adv, &added, &err)) < 0 ||
	    (rc = vx_store_commit(ctx->store, &err)) < 0) {
		vx_store_rollback(ctx->store);
		goto out;
	}
	o.tracking = &adv;
	if ((rc = vx_csaf_render(ctx->store, &o, &json, &err)) < 0)
		goto out;
	vx_csaf_filename(adv.tracking_id, fname, sizeof(fname));
	path = vx_asprintf("%s/%s", dir ? dir : ".", fname);
	if ((rc = vx_file_write_atomic(path, json, strlen(json), &err)) < 0)
		goto out;
	if (cvrf) { /* the CVRF 1.2 form, converted from the CSAF just written */
		size_t n = strlen(path), xlen;
		memcpy(path + n - 5, ".xml", 5);
		if ((rc = vx_cvrf_from_csaf(json, &xml, &xlen, &err)) < 0 ||
		    (rc = vx_file_write_atomic(path, xml, xlen, &err)) < 0)
			goto out;
		if (!ctx->json)
			printf("%s: CVRF 1.2 form of %s\n", path, adv.tracking_id);
		memcpy(path + n - 5, ".json", 6);
	}
	if (ctx->json) {
		cJSON *j = cJSON_CreateObject();
		vx_cmd_json_str(j, "file", path);
		vx_cmd_json_str(j, "tracking_id", adv.tracking_id);
		cJSON_AddNumberToObject(j, "revision", adv.revs[adv.nrevs - 1].number);
		vx_cmd_json_str(j, "status", adv.revs[adv.nrevs - 1].status);
		cJSON_AddBoolToObject(j, "new_revision", added);
		cJSON_AddNumberToObject(j, "vulnerabilities", (double)nvulns);
		vx_cmd_print_json(j);
	} else {
		printf("%s: %s %s revision %d (%s)%s, %zu vulnerabilit%s\n", path,
		       vex ? "CSAF VEX" : "CSAF advisory", adv.tracking_id,
		       adv.revs[adv.nrevs - 1].number, adv.revs[adv.nrevs - 1].status,
		       added ? "" : ", unchanged: no new revision", nvulns,
		       nvulns == 1 ? "y" : "ies");
	}
	rc = 0;
out:
	free(content);
	free(json);
	free(xml);
	free(path);
	vx_buf_release(&key);
	vx_advisory_release(&adv);
	if (prod.name)
		vx_product_release(&prod);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Sort and drop repeats. */
static void unique(char **v, size_t *n)
{
	size_t k = 0;
	if (!*n)
		return;
	qsort(v, *n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < *n; i++) {
		if (k && strcmp(v[k - 1], v[i]) == 0)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
}

static int check_common(struct vx_ctx *ctx, const char *status, const char *tlp, const char *dir)
{
	struct stat sb;
	if (!one_of(status, STATUSES))
		return vx_cmd_usage_error(ctx, "--status must be draft, interim or final");
	if (tlp && !one_of(tlp, TLPS))
		return vx_cmd_usage_error(ctx, "--tlp must be WHITE, GREEN, AMBER or RED (CSAF 2.0)");
	if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return vx_cmd_usage_error(ctx, "-o %s: not a folder", dir);
	return 0;
}

int vx_cmd_advisory(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *vuln = NULL, *status = "final",
		   *summary = NULL, *tracking = NULL, *tlp = NULL, *dir = NULL, *url = NULL,
		   *pos[32];
	bool cvrf = false;
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"version", &version, NULL},
		{"vuln", &vuln, NULL},	     {"status", &status, NULL},
		{"summary", &summary, NULL}, {"tracking-id", &tracking, NULL},
		{"tlp", &tlp, NULL},	     {"o", &dir, NULL},
		{"publish-url", &url, NULL}, {"cvrf", NULL, &cvrf},
		{NULL, NULL, NULL},
	};
	char **vulns = NULL;
	size_t n = 0, cap = 0;
	int npos, rc;
	bool help;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 32, &npos, &help);
	if (rc || help)
		return rc;
	if (!product)
		return vx_cmd_usage_error(ctx, "--product is required");
	if (!vuln && !npos)
		return vx_cmd_usage_error(ctx, "name the vulnerabilities: --vuln ID[,ID...]");
	if ((rc = check_common(ctx, status, tlp, dir)) != 0)
		return rc;
	for (const char *p = vuln; p && *p;) {
		size_t len = strcspn(p, ", ");
		if (len) {
			vulns = vx_grow(vulns, sizeof(*vulns), n + 1, &cap);
			vulns[n] = vx_malloc(len + 1);
			memcpy(vulns[n], p, len);
			vulns[n++][len] = 0;
		}
		p += len + (p[len] != 0);
	}
	for (int i = 0; i < npos; i++) {
		vulns = vx_grow(vulns, sizeof(*vulns), n + 1, &cap);
		vulns[n++] = vx_strdup(pos[i]);
	}
	unique(vulns, &n);
	rc = issue(ctx, product, version, vulns, n, 0, status, summary, tracking, tlp, dir, url,
		   cvrf);
	free_list(vulns, n);
	return rc;
}

/* CycloneDX and OpenVEX: no tracking, a file named after the device version. */
static int plain_vex(struct vx_ctx *ctx, const char *product, const char *version,
		     const char *format, const char *dir)
{
	struct vx_vexdoc_opts o = {0};
	struct vx_err err;
	char now[21], *json = NULL, *path, *name;
	int cdx = strcmp(format, "cyclonedx") == 0, rc;
	vx_err_clear(&err);
	vx_time_format(vx_time_now(), now);
	o.product = product;
	o.version = version;
	o.format = cdx ? VX_VEXDOC_CYCLONEDX : VX_VEXDOC_OPENVEX;
	o.generated = now;
	if ((rc = vx_vexdoc_render(ctx->store, &o, &json, &err)) < 0)
		return vx_cmd_fail(ctx, &err);
	name = vx_asprintf("%s-%s.%s", product, version, cdx ? "vex.cdx.json" : "openvex.json");
	for (char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", *p))
			*p = '_';
	path = vx_asprintf("%s/%s", dir ? dir : ".", name);
	rc = vx_file_write_atomic(path, json, strlen(json), &err);
	if (rc == 0) {
		if (ctx->json) {
			cJSON *j = cJSON_CreateObject();
			vx_cmd_json_str(j, "file", path);
			vx_cmd_json_str(j, "format", format);
			vx_cmd_print_json(j);
		} else {
			printf("%s: %s VEX of %s %s\n", path, cdx ? "CycloneDX 1.6" : "OpenVEX 0.2.0",
			       product, version);
		}
	}
	free(json);
	free(name);
	free(path);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}

int vx_cmd_vex(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *format = "csaf", *status = "final",
		   *summary = NULL, *tracking = NULL, *tlp = NULL, *dir = NULL, *url = NULL,
		   *pos[1];
	bool cvrf = false;
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"version", &version, NULL},
		{"format", &format, NULL},   {"status", &status, NULL},
		{"summary", &summary, NULL}, {"tracking-id", &tracking, NULL},
		{"tlp", &tlp, NULL},	     {"o", &dir, NULL},
		{"publish-url", &url, NULL}, {"cvrf", NULL, &cvrf},
		{NULL, NULL, NULL},
	};
	struct vx_finding_filter flt = {0};
	struct vx_finding *fs = NULL;
	struct vx_err err;
	char **vulns = NULL;
	size_t nf = 0, n = 0;
	int npos, rc;
	bool help;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !version)
		return vx_cmd_usage_error(ctx, "--product and --version are required");
	if (strcmp(format, "csaf") != 0 && strcmp(format, "cyclonedx") != 0 &&
	    strcmp(format, "openvex") != 0)
		return vx_cmd_usage_error(ctx, "--format must be csaf, cyclonedx or openvex");
	if ((rc = check_common(ctx, status, tlp, dir)) != 0)
		return rc;
	if (strcmp(format, "csaf") != 0)
		return plain_vex(ctx, product, version, format, dir);
	vx_err_clear(&err);
	flt.product = product;
	flt.version = version;
	if (vx_store_findings(ctx->store, &flt, &fs, &nf, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (!nf) {
		vx_finding_list_free(fs, nf);
		vx_err_set(&err, VX_ENOTFOUND, "%s %s has no open finding: there is nothing to state",
			   product, version);
		return vx_cmd_fail(ctx, &err);
	}
	vulns = vx_calloc(nf, sizeof(char *));
	for (size_t i = 0; i < nf; i++)
		vulns[n++] = vx_strdup(fs[i].vuln_id);
	vx_finding_list_free(fs, nf);
	unique(vulns, &n);
	rc = issue(ctx, product, version, vulns, n, 1, status, summary, tracking, tlp, dir, url,
		   cvrf);
	free_list(vulns, n);
	return rc;
}
