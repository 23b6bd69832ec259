/* src/cmd/tip.c - vexil tip add|list: vulnerabilities reported to the manufacturer
 * directly (a researcher's e-mail, a customer, an internal test), often with no CVE yet. */
#include "cmd/cmd.h"
#include "import/feed.h"
#include "match/match.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/err.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_tip[] =
	"usage: vexil tip add --title TEXT --received DATE (--purl PURL | --cpe CPE)\n"
	"                     --affected VERS [--id ID] [--cve CVE] [--reporter WHO]\n"
	"                     [--embargo DATE] [--description TEXT] [--cvss VECTOR]\n"
	"\n"
	"Record a vulnerability reported to you directly. It gets an id of its own\n"
	"(VX-<year>-NNNN, or --id), or files under --cve when one has been assigned so that the\n"
	"NVD record joins it later. It flows through 'vexil match', triage and disclosure like\n"
	"any CVE, and its received date is t0 for the FDA clocks (30-day notice, 60-day fix).\n"
	"\n"
	"  --purl PURL      the affected package, without a version (pkg:generic/acme/fw)\n"
	"  --cpe CPE        or the affected product as a CPE, version * (cpe:2.3:o:acme:fw:*:...)\n"
	"  --affected VERS  the affected versions as a vers: range, e.g.\n"
	"                   'vers:generic/>=2.0.0|<2.4.1'\n"
	"  --received DATE  when the report reached the manufacturer (YYYY-MM-DD)\n"
	"  --embargo DATE   coordinated disclosure date agreed with the reporter\n"
	"  --reporter WHO   the reporter, as they wish to be credited\n"
	"  --cvss VECTOR    a CVSS v3.1 vector (the reporter's or your own)\n";

int vx_cmd_tip(struct vx_ctx *ctx, int argc, char **argv)
{
	struct vx_tip t = {0};
	const char *pos[1];
	const struct vx_option opts[] = {
		{"title", (const char **)&t.title, NULL},
		{"received", (const char **)&t.received, NULL},
		{"purl", (const char **)&t.purl, NULL},
		{"cpe", (const char **)&t.cpe, NULL},
		{"affected", (const char **)&t.vers, NULL},
		{"id", (const char **)&t.id, NULL},
		{"cve", (const char **)&t.cve, NULL},
		{"reporter", (const char **)&t.reporter, NULL},
		{"embargo", (const char **)&t.embargo, NULL},
		{"description", (const char **)&t.description, NULL},
		{"cvss", (const char **)&t.cvss_vector, NULL},
		{NULL, NULL, NULL},
	};
	struct vx_vuln v = {0};
	struct vx_vuln_keys keys = {0};
	struct vx_err err;
	char *id = NULL;
	int npos, rc;
	bool help;

	if (argc < 1 || strcmp(argv[0], "add") != 0)
		return vx_cmd_usage_error(ctx, "expected 'add'");
	ctx->name = "tip add";
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!t.title || !t.received || !t.vers || (!t.purl == !t.cpe))
		return vx_cmd_usage_error(ctx, "--title, --received, --affected and one of --purl "
					       "or --cpe are required");
	if (t.cve && (strncmp(t.cve, "CVE-", 4) != 0 || strlen(t.cve) < 13))
		return vx_cmd_usage_error(ctx, "--cve must be a CVE id (CVE-YYYY-NNNN), not '%s'",
					  t.cve);
	if (t.cvss_vector && vx_cvss3_base(t.cvss_vector, NULL) < 0)
		return vx_cmd_usage_error(ctx, "--cvss '%s' is not a valid CVSS v3.0/v3.1 vector "
					       "(CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)",
					  vx_str_quote(t.cvss_vector, 120));
	vx_err_clear(&err);
	if ((rc = vx_match_tip_record(t.purl, t.cpe, t.vers, &v, &err)) < 0)
		goto fail;
	vx_match_vuln_keys(&v, &keys);
	if ((rc = vx_store_begin(ctx->store, &err)) < 0)
		goto fail;
	if ((rc = vx_store_tip_add(ctx->store, &t, &v, &keys, &id, &err)) < 0 ||
	    (rc = vx_store_commit(ctx->store, &err)) < 0) {
		vx_store_rollback(ctx->store);
		goto fail;
	}
	printf("recorded tip %s%s%s, received %s: run 'vexil match' to find affected versions\n",
	       id, t.cve ? " under " : "", t.cve ? t.cve : "", t.received);
fail:
	free(id);
	vx_match_keys_release(&keys);
	vx_vuln_release(&v);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}
