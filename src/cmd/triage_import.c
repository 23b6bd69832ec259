/* src/cmd/triage_import.c - vexil triage import: assessments from a file.
 *
 * Reads the file with src/import/vex.h, resolves each statement to open findings, and
 * records each as 'triage set' would (vx_store_triage_set: the previous record fills what
 * the statement leaves unset, the values are validated, an audit entry is appended), all in
 * one transaction: one bad statement and nothing is recorded. A VEX document speaks about
 * more than this store knows, so its statements that match no open finding are skipped
 * with a line each on stderr and counted; a CSV row is written for this store, so a row
 * that matches nothing is an error, as 'triage set' would make it.
 */
#include "cmd/triage_import.h"
#include "cmd/cmd.h"
#include "import/vex.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_triage_import[] =
    "usage: vexil triage import FILE [--product P --version V] [--dry-run] [--json]\n"
    "\n"
    "Record assessments from a file, each as 'vexil triage set' would record it (the\n"
    "previous record's values fill what is not given; every record is validated and on\n"
    "the audit trail). All or nothing: one bad row or statement and nothing is recorded.\n"
    "The format is read from the content:\n"
    "\n"
    "  CSV          a header row naming the columns (any order, any case): 'finding' (an id)\n"
    "               or 'product', 'version', 'vuln' and optionally 'component' (its name);\n"
    "               status, justification, impact, action, hazard, severity, safety (yes/no),\n"
    "               cvss, exploit (yes/no), epss, controls, adverse_events (yes/no),\n"
    "               customers_notified, fix_distributed, isao_notified, fix_deployed, reason.\n"
    "               Empty cells are not given. A row that matches no open finding is an error.\n"
    "  CycloneDX    a VEX (JSON, 1.4-1.6): vulnerabilities[].analysis for each affects[].ref,\n"
    "               a bom-ref or BOM-Link into the version's current SBOM (a ref to the device\n"
    "               itself covers every finding of the vulnerability). Needs --product and\n"
    "               --version. States, justifications: not_affected/false_positive ->\n"
    "               not_affected, exploitable -> affected, resolved* -> fixed, in_triage ->\n"
    "               under_investigation; code_not_present -> vulnerable_code_not_present,\n"
    "               code_not_reachable -> vulnerable_code_not_in_execute_path, requires_* ->\n"
    "               vulnerable_code_cannot_be_controlled_by_adversary, protected_* ->\n"
    "               inline_mitigations_already_exist; detail -> impact, response -> action.\n"
    "  CSAF         product_status per vulnerability (flags -> justification, impact threats\n"
    "               -> impact, remediations -> action). A product id maps to a finding through\n"
    "               a relationship 'component X default_component_of device Y' (Y's\n"
    "               product_name and product_version branches give product and version), or\n"
    "               with --product and --version through the purl or CPE of its\n"
    "               product_identification_helper.\n"
    "\n"
    "Statements of a VEX that match no open finding are skipped, each with a line on stderr,\n"
    "and counted.\n"
    "\n"
    "  --product P --version V  the product version a VEX is about (for a CSV: the default\n"
    "                           for rows without product and version)\n"
    "  --dry-run                check and resolve everything, then record nothing\n";

struct import_opts {
	const char *file, *product, *version;
	bool dry_run;
};

struct tally {
	size_t recorded, unmatched;
	cJSON *records, *skipped; /* --json: what was done; NULL otherwise */
	struct vx_buf lines;      /* text output, printed once the transaction is over */
};

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

/* What the statement names, for messages: "CVE-1 'product-ABC'". */
static const char *statement_text(const struct vx_vex_statement *s)
{
	static char buf[512];
	const char *what = s->product_id ? s->product_id : s->component;
	snprintf(buf, sizeof(buf), "%s%s%s%s", s->vuln_id ? s->vuln_id : "finding",
	         what ? " '" : "", what ? what : "", what ? "'" : "");
	return buf;
}

/* A statement that matched nothing: one line on stderr, counted. */
static void skip(struct vx_ctx *ctx, const struct import_opts *o, const struct vx_vex_statement *s,
                 struct tally *t, const char *why)
{
	fprintf(stderr, "vexil: %s: %s: %s: skipped: %s %s\n", ctx->name, o->file, s->where,
	        statement_text(s), why);
	t->unmatched++;
	if (t->skipped) {
		cJSON *j = cJSON_CreateObject();
		vx_cmd_json_str(j, "where", s->where);
		vx_cmd_json_str(j, "vulnerability", s->vuln_id);
		vx_cmd_json_str(j, "ref", s->product_id);
		vx_cmd_json_str(j, "reason", why);
		cJSON_AddItemToArray(t->skipped, j);
	}
}

/* CSV rows: the finding id, or the one open finding of product/version/vuln narrowed by
 * component name, as 'triage set' resolves its options. */
static int resolve_row(struct vx_ctx *ctx, const struct vx_vex_statement *s, const char *product,
                       const char *version, long long **ids, size_t *n, struct vx_err *err)
{
	int rc;

	if (s->finding_id) {
		*ids = vx_malloc(sizeof(**ids));
		(*ids)[0] = s->finding_id;
		*n = 1;
		return 0;
	}
	if (!product || !version)
		return vx_err_set(err, VX_EINVAL,
		                  "no product and version (give the columns, or --product and "
		                  "--version)");
	if ((rc = vx_store_finding_ids(ctx->store, product, version, s->vuln_id, ids, n, err)) < 0)
		return rc;
	if (s->component && *n > 0) {
		struct vx_finding *fs;
		size_t nf, keep = 0;
		struct vx_finding_filter flt = {product, version, NULL, s->vuln_id, 0, 0};
		if ((rc = vx_store_findings(ctx->store, &flt, &fs, &nf, err)) < 0)
			return rc;
		for (size_t i = 0; i < nf; i++)
			if (fs[i].component && strcmp(fs[i].component, s->component) == 0)
				(*ids)[keep++] = fs[i].id;
		*n = keep;
		vx_finding_list_free(fs, nf);
	}
	if (*n == 0)
		return vx_err_set(err, VX_ENOTFOUND, "no open finding of %s in %s %s%s%s",
		                  s->vuln_id, product, version,
		                  s->component ? " for component " : "", or_dash(s->component));
	if (*n > 1)
		return vx_err_set(err, VX_EINVAL,
		                  "%s matches %zu components of %s %s: give the component or the "
		                  "finding id",
		                  s->vuln_id, *n, product, version);
	return 0;
}

/* Record one statement on each finding it resolves to (none: skipped). */
static int record(struct vx_ctx *ctx, const struct import_opts *o, enum vx_vex_format fmt,
                  const struct vx_vex_statement *s, struct tally *t, struct vx_err *err)
{
	const char *product = s->product ? s->product : o->product;
	const char *version = s->version ? s->version : o->version;
	const struct vx_vex_assessment *a = &s->a;
	struct vx_triage tr = {0};
	long long *ids = NULL;
	size_t n = 0;
	char *reason = NULL;
	int rc = 0;

	if (fmt == VX_VEX_CSV) {
		if ((rc = resolve_row(ctx, s, product, version, &ids, &n, err)) < 0)
			goto out;
	} else {
		struct vx_component_ref ref = {s->component_ref, s->sbom_serial, s->component_purl,
		                               s->component_cpe};
		char why[512];
		if (o->product && ((s->product && strcmp(s->product, o->product)) ||
		                   (s->version && strcmp(s->version, o->version)))) {
			snprintf(why, sizeof(why), "is about %s %s, not %s %s", or_dash(s->product),
			         or_dash(s->version), o->product, o->version);
			skip(ctx, o, s, t, why);
			goto out;
		}
		if (!product || !version) {
			skip(ctx, o, s, t,
			     "names no product version (give --product and --version)");
			goto out;
		}
		if (!ref.bom_ref && !ref.purl && !ref.cpe) {
			skip(ctx, o, s, t, "names no component (no bom-ref, purl or CPE)");
			goto out;
		}
		if ((rc = vx_store_findings_by_component(ctx->store, product, version, s->vuln_id,
		                                         &ref, &ids, &n, err)) < 0)
			goto out;
		if (n == 0) {
			snprintf(why, sizeof(why), "matches no open finding in %s %s", product,
			         version);
			skip(ctx, o, s, t, why);
			goto out;
		}
	}
	/* the file's values, as 'triage set' options: NULL and -1 mean "as before" */
	tr.status = a->status;
	tr.justification = a->justification;
	tr.impact = a->impact;
	tr.action = a->action;
	tr.hazard = a->hazard;
	tr.severity = a->severity;
	tr.safety_impact = a->safety_impact;
	tr.cvss_vector = a->cvss_vector;
	tr.public_exploit = a->public_exploit;
	tr.epss = a->epss;
	tr.controls = a->controls;
	tr.adverse_events = a->adverse_events;
	tr.customers_notified = a->customers_notified;
	tr.fix_distributed = a->fix_distributed;
	tr.isao_notified = a->isao_notified;
	tr.fix_deployed = a->fix_deployed;
	if (fmt == VX_VEX_CSV && a->reason)
		reason = vx_strdup(a->reason);
	else
		reason = vx_asprintf("imported from %s %s%s%s", vx_path_base(o->file), s->where,
		                     a->reason ? ": " : "", a->reason ? a->reason : "");
	tr.reason = reason;
	for (size_t i = 0; i < n; i++) {
		long long tid = 0;
		if ((rc = vx_store_triage_set(ctx->store, ids[i], &tr, &tid, err)) < 0)
			goto out;
		t->recorded++;
		if (t->records) {
			cJSON *j = cJSON_CreateObject();
			cJSON_AddNumberToObject(j, "finding", (double)ids[i]);
			if (!o->dry_run)
				cJSON_AddNumberToObject(j, "triage", (double)tid);
			vx_cmd_json_str(j, "where", s->where);
			vx_cmd_json_str(j, "status", a->status);
			cJSON_AddItemToArray(t->records, j);
		} else if (o->dry_run) {
			vx_buf_printf(&t->lines, "finding #%lld: would record %s (%s)\n", ids[i],
			              a->status ? a->status : "an update", s->where);
		} else {
			vx_buf_printf(&t->lines, "finding #%lld: triage record %lld (%s)\n", ids[i],
			              tid, s->where);
		}
	}
out:
	if (rc < 0)
		vx_err_prefix(err, "%s: %s", o->file, s->where);
	free(ids);
	free(reason);
	return rc;
}

int vx_cmd_triage_import(struct vx_ctx *ctx, int argc, char **argv)
{
	struct import_opts o = {0};
	const char *pos[1];
	const struct vx_option opts[] = {
	    {"product", &o.product, NULL},
	    {"version", &o.version, NULL},
	    {"dry-run", NULL, &o.dry_run},
	    {NULL, NULL, NULL},
	};
	struct vx_vex vex = {0};
	struct vx_err err;
	struct tally t = {0};
	char *data = NULL;
	size_t len = 0;
	int npos, rc;
	bool help, in_tx = false;

	ctx->name = "triage import";
	ctx->usage = vx_usage_triage_import;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected one FILE");
	if (!o.product != !o.version)
		return vx_cmd_usage_error(ctx, "give --product and --version together");
	o.file = pos[0];
	vx_err_clear(&err);
	if (o.product) {
		struct vx_product_version pv = {0};
		if (vx_store_version_get(ctx->store, o.product, o.version, &pv, &err) < 0)
			return vx_cmd_fail(ctx, &err);
		vx_version_release(&pv);
	}
	if ((rc = vx_file_read(o.file, VX_VEX_MAX_BYTES, &data, &len, &err)) < 0 ||
	    (rc = vx_vex_parse(data, len, &vex, &err)) < 0) {
		vx_err_prefix(&err, "%s", o.file);
		goto out;
	}
	if (vex.format == VX_VEX_CYCLONEDX && !o.product) {
		rc = vx_err_set(
		    &err, VX_EUSAGE,
		    "%s: a CycloneDX VEX does not say which product version it is about: "
		    "give --product and --version",
		    o.file);
		goto out;
	}
	if (ctx->json) {
		t.records = cJSON_CreateArray();
		t.skipped = cJSON_CreateArray();
	}
	if ((rc = vx_store_begin(ctx->store, &err)) < 0)
		goto out;
	in_tx = true;
	for (size_t i = 0; rc == 0 && i < vex.nstatements; i++)
		rc = record(ctx, &o, vex.format, &vex.statements[i], &t, &err);
	if (rc == 0 && !o.dry_run && (rc = vx_store_commit(ctx->store, &err)) == 0)
		in_tx = false;
	if (rc < 0)
		goto out;
	if (in_tx) /* --dry-run */
		vx_store_rollback(ctx->store);
	in_tx = false;
	if (ctx->json) {
		cJSON *root = cJSON_CreateObject();
		vx_cmd_json_str(root, "file", o.file);
		vx_cmd_json_str(root, "format", vx_vex_format_name(vex.format));
		cJSON_AddNumberToObject(root, "statements", (double)vex.nstatements);
		cJSON_AddBoolToObject(root, "dry_run", o.dry_run);
		cJSON_AddItemToObject(root, "recorded", t.records);
		cJSON_AddItemToObject(root, "skipped", t.skipped);
		t.records = t.skipped = NULL;
		vx_cmd_print_json(root);
	} else {
		fputs(vx_buf_str(&t.lines), stdout);
		printf("%s %zu triage record%s from %s (%s, %zu statement%s)\n",
		       o.dry_run ? "dry run: would record" : "recorded", t.recorded,
		       t.recorded == 1 ? "" : "s", o.file, vx_vex_format_name(vex.format),
		       vex.nstatements, vex.nstatements == 1 ? "" : "s");
		if (t.unmatched)
			printf("%zu statement%s did not match an open finding\n", t.unmatched,
			       t.unmatched == 1 ? "" : "s");
		if (o.dry_run)
			printf("nothing was recorded (--dry-run)\n");
	}
out:
	if (in_tx)
		vx_store_rollback(ctx->store);
	cJSON_Delete(t.records);
	cJSON_Delete(t.skipped);
	vx_buf_release(&t.lines);
	vx_vex_release(&vex);
	free(data);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}
