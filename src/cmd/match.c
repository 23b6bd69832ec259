/* src/cmd/match.c - vexil match: every product version's inventory against the
 * vulnerability records, recorded as findings. */
#include "cmd/cmd.h"
#include "cmd/progress.h"
#include "import/feed.h"
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "match/match.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_match[] =
	"usage: vexil match [--product P] [--version V] [--json]\n"
	"\n"
	"Match the current SBOM of every product version (or the ones named) against the\n"
	"vulnerability records in the store, and record the outcome:\n"
	"  - a new (version, vulnerability, component) match opens a finding and its triage\n"
	"    record, VEX status under_investigation, with t0 = the date the manufacturer learned\n"
	"    of it (a tip's received date, else the first day the store held both the\n"
	"    vulnerability and the component);\n"
	"  - a finding that matches again keeps its history and gets fresh evidence;\n"
	"  - a finding that no longer matches (the component left the SBOM, or the feed data\n"
	"    changed) is closed with the reason, never deleted.\n"
	"NVD criteria are matched against component CPEs (NISTIR 7696 and the version bounds),\n"
	"OSV ranges and tips against purls; see docs/matching.md. Matches that depend on a\n"
	"platform the SBOM does not list, or on an unknown version, are marked 'needs review'.\n"
	"All versions are matched in one transaction.\n";

/* Match one version; adds to the totals. */
static int match_version(struct vx_store *st, const struct vx_product *p,
			 const struct vx_product_version *v, struct vx_match_counts *total,
			 size_t *review, cJSON *json, struct vx_err *err)
{
	struct vx_sbom inv;
	struct vx_sbom_doc doc;
	struct vx_vuln_keys keys;
	struct vx_vuln *vulns = NULL;
	struct vx_match_result res = {0};
	struct vx_match_counts c = {0};
	size_t nvulns = 0, nreview = 0;
	long long run;
	int rc;

	rc = vx_store_inventory(st, v->id, &inv, &doc, err);
	if (rc == VX_ENOTFOUND) {
		vx_err_clear(err);
		return 0; /* no SBOM yet: nothing to match */
	}
	if (rc < 0)
		return rc;
	vx_match_inventory_keys(&inv, &keys);
	rc = vx_store_candidates(st, (const char *const *)keys.cpe_keys, keys.ncpe,
				 (const char *const *)keys.pkg_keys, keys.npkg, &vulns, &nvulns, err);
	vx_match_keys_release(&keys);
	if (rc < 0)
		goto out;
	vx_match_inventory(&inv, vulns, nvulns, &res);
	if ((rc = vx_store_match_begin(st, v->id, &run, err)) < 0)
		goto out;
	for (size_t i = 0; i < res.nhits; i++) {
		const struct vx_match_hit *h = &res.hits[i];
		struct vx_evidence *ev = vx_calloc(h->nev ? h->nev : 1, sizeof(*ev));
		char *identity = vx_component_identity(&inv.components[h->component]);
		for (size_t k = 0; k < h->nev; k++) {
			ev[k].source = h->ev[k].source;
			ev[k].field = h->ev[k].field;
			ev[k].value = h->ev[k].value;
			ev[k].criterion = h->ev[k].criterion;
			ev[k].range = h->ev[k].range;
			ev[k].note = h->ev[k].note;
		}
		rc = vx_store_finding_observe(st, run, vulns[h->vuln].id, identity,
					      inv.components[h->component].bom_ref,
					      h->needs_review, ev, h->nev, &c, err);
		nreview += h->needs_review != 0;
		free(identity);
		free(ev);
		if (rc < 0)
			goto out;
	}
	if ((rc = vx_store_match_end(st, run, "no longer matches the vulnerability data", &c,
				     err)) < 0)
		goto out;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "product", p->name);
		vx_cmd_json_str(o, "version", v->version);
		vx_cmd_json_str(o, "sbom", doc.file_name);
		cJSON_AddNumberToObject(o, "candidates", (double)nvulns);
		cJSON_AddNumberToObject(o, "matches", (double)res.nhits);
		cJSON_AddNumberToObject(o, "opened", (double)c.opened);
		cJSON_AddNumberToObject(o, "still_open", (double)c.still);
		cJSON_AddNumberToObject(o, "reopened", (double)c.reopened);
		cJSON_AddNumberToObject(o, "closed", (double)c.closed);
		cJSON_AddNumberToObject(o, "needs_review", (double)nreview);
		cJSON_AddNumberToObject(o, "git_ranges_skipped", (double)res.git_ranges_skipped);
		cJSON_AddItemToArray(json, o);
	} else {
		printf("%s %s (%s): %zu matches: %zu new, %zu unchanged, %zu reopened, %zu closed",
		       p->name, v->version, doc.file_name, res.nhits, c.opened, c.still,
		       c.reopened, c.closed);
		if (nreview)
			printf("; %zu need review", nreview);
		if (res.git_ranges_skipped)
			printf("; %zu OSV GIT ranges skipped", res.git_ranges_skipped);
		printf("\n");
	}
	total->opened += c.opened;
	total->still += c.still;
	total->reopened += c.reopened;
	total->closed += c.closed;
	*review += nreview;
out:
	vx_match_result_release(&res);
	vx_vuln_list_free(vulns, nvulns);
	vx_sbom_release(&inv);
	vx_sbom_doc_release(&doc);
	return rc;
}

int vx_cmd_match(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"version", &version, NULL}, {NULL, NULL, NULL}};
	struct vx_product *ps = NULL;
	struct vx_match_counts total = {0};
	struct vx_progress progress;
	struct vx_err err;
	size_t np = 0, review = 0, nversions = 0;
	int npos, rc;
	bool help;
	cJSON *json = NULL;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (version && !product)
		return vx_cmd_usage_error(ctx, "--version needs --product");
	vx_err_clear(&err);
	if (product) {
		ps = vx_calloc(1, sizeof(*ps));
		np = 1;
		rc = vx_store_product_get(ctx->store, product, &ps[0], &err);
	} else {
		rc = vx_store_product_list(ctx->store, &ps, &np, &err);
	}
	if (rc == 0)
		rc = vx_store_begin(ctx->store, &err);
	if (ctx->json)
		json = cJSON_CreateArray();
	{
		size_t all = 0;
		for (size_t i = 0; rc == 0 && i < np; i++) {
			struct vx_product_version *vs = NULL;
			size_t nv = 0;
			if (vx_store_version_list(ctx->store, ps[i].id, &vs, &nv, &err) == 0)
				all += version ? 1 : nv;
			vx_version_list_free(vs, nv);
		}
		vx_progress_start(&progress, "matching", "versions", all);
	}
	for (size_t i = 0; rc == 0 && i < np; i++) {
		struct vx_product_version *vs = NULL;
		size_t nv = 0;
		rc = vx_store_version_list(ctx->store, ps[i].id, &vs, &nv, &err);
		for (size_t k = 0; rc == 0 && k < nv; k++) {
			if (version && strcmp(vs[k].version, version) != 0)
				continue;
			vx_progress_set(&progress, nversions);
			vx_progress_clear(&progress);
			nversions++;
			rc = match_version(ctx->store, &ps[i], &vs[k], &total, &review, json, &err);
			if (rc < 0)
				vx_err_prefix(&err, "%s %s", ps[i].name, vs[k].version);
		}
		vx_version_list_free(vs, nv);
	}
	vx_progress_end(&progress);
	if (rc == 0 && version && nversions == 0)
		rc = vx_err_set(&err, VX_ENOTFOUND, "product '%s' has no version '%s'", product,
				version);
	if (rc == 0)
		rc = vx_store_commit(ctx->store, &err);
	else
		vx_store_rollback(ctx->store);
	vx_product_list_free(ps, np);
	if (rc < 0) {
		cJSON_Delete(json);
		return vx_cmd_fail(ctx, &err);
	}
	if (json)
		vx_cmd_print_json(json);
	else
		printf("%zu versions matched: %zu new findings, %zu closed%s\n", nversions,
		       total.opened, total.closed,
		       review ? "; some need review (vexil findings)" : "");
	return VX_EXIT_OK;
}
