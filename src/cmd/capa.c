/* src/cmd/capa.c - vexil capa: the CAPA evidence record of a vulnerability in a device. */
#include "cmd/cmd.h"
#include "cmd/signing.h"
#include "render/capadoc.h"
#include "sign/sign.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/file.h"
#include "util/paths.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_capa[] =
	"usage: vexil capa set --product P --vuln ID [--problem T] [--source T]\n"
	"                      [--investigation T] [--root-cause T] [--timeline-rationale T]\n"
	"                      [--verification T --verified-by NAME --verified-on DATE]\n"
	"                      [--effectiveness-criteria T] [--effectiveness-result T]\n"
	"                      [--effectiveness-checked DATE] [--status open|closed]\n"
	"       vexil capa action --product P --vuln ID --kind correction|corrective|preventive\n"
	"                      --text T --owner NAME [--due DATE] [--done DATE]\n"
	"       vexil capa done --product P --vuln ID --action N [--date DATE]\n"
	"       vexil capa approve --product P --vuln ID --name NAME --role ROLE [--meaning T]\n"
	"       vexil capa show --product P --vuln ID [--json]\n"
	"       vexil capa render --product P --vuln ID -o FILE.pdf|FILE.json\n"
	"                      [--sign-key KEY.pem --sign-cert CERT.pem [--chain F] | --sign-p12 F]\n"
	"                      [--pass-file F] [--pades] [--letter] [--fonts DIR]\n"
	"\n"
	"The corrective and preventive action record (ISO 13485 8.5.2 / 8.5.3) of one\n"
	"vulnerability in one device: the problem and its source, investigation and root cause,\n"
	"actions with owners and dates, the timeline rationale, the verification that the action\n"
	"harms neither safety nor compliance, effectiveness criteria and result, and approvals.\n"
	"The risk determination comes from the findings' assessments and the rules' decisions.\n"
	"Every change is on the audit trail; closing needs every action done, the verification,\n"
	"the effectiveness result and an approval. 'render' writes the record as PDF (signed when\n"
	"a key is given, as for the dossier) or JSON.\n";

static int show(struct vx_ctx *ctx, const char *product, const char *vuln)
{
	struct vx_capa c;
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_store_capa_get(ctx->store, product, vuln, &c, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		char *j = vx_capa_json(&c);
		printf("%s\n", j);
		free(j);
	} else {
		printf("%s  %s in %s  [%s]  opened %s%s%s\n", c.number, c.vuln_id, product, c.status,
		       c.opened_at, c.closed_at ? ", closed " : "", c.closed_at ? c.closed_at : "");
		printf("  problem:        %s\n", c.problem ? c.problem : "-");
		printf("  source:         %s\n", c.source ? c.source : "-");
		printf("  investigation:  %s\n", c.investigation ? c.investigation : "-");
		printf("  root cause:     %s\n", c.root_cause ? c.root_cause : "-");
		printf("  timeline:       %s\n", c.timeline_rationale ? c.timeline_rationale : "-");
		for (size_t i = 0; i < c.nactions; i++)
			printf("  action %d (%s): %s; owner %s; due %s; %s%s\n", c.actions[i].seq,
			       c.actions[i].kind, c.actions[i].description, c.actions[i].owner,
			       c.actions[i].due ? c.actions[i].due : "-",
			       c.actions[i].done_at ? "done " : "open",
			       c.actions[i].done_at ? c.actions[i].done_at : "");
		printf("  verification:   %s (%s, %s)\n", c.verification ? c.verification : "-",
		       c.verified_by ? c.verified_by : "-", c.verified_at ? c.verified_at : "-");
		printf("  effectiveness:  %s -> %s (%s)\n",
		       c.effectiveness_criteria ? c.effectiveness_criteria : "-",
		       c.effectiveness_result ? c.effectiveness_result : "-",
		       c.effectiveness_checked_at ? c.effectiveness_checked_at : "-");
		for (size_t i = 0; i < c.napprovals; i++)
			printf("  approved by %s (%s): %s, %s\n", c.approvals[i].name,
			       c.approvals[i].role, c.approvals[i].meaning, c.approvals[i].at);
	}
	vx_capa_release(&c);
	return VX_EXIT_OK;
}

/* Run one writing store call in a transaction. */
#define WRITE(call)                                                                          \
	do {                                                                                 \
		if ((rc = vx_store_begin(ctx->store, &err)) < 0)                             \
			return vx_cmd_fail(ctx, &err);                                       \
		if ((rc = (call)) < 0 || (rc = vx_store_commit(ctx->store, &err)) < 0) {     \
			vx_store_rollback(ctx->store);                                       \
			return vx_cmd_fail(ctx, &err);                                       \
		}                                                                            \
	} while (0)

static int render(struct vx_ctx *ctx, const char *product, const char *vuln, const char *out,
		  const struct vx_signing *sg, bool letter, const char *fonts)
{
	struct vx_capadoc_opts o = {0};
	struct vx_sign_key *k = NULL;
	struct vx_err err;
	char subject[256], *data = NULL, *signed_pdf = NULL, *fdir = NULL;
	size_t len = 0, slen = 0;
	size_t olen = strlen(out);
	int json = olen > 5 && strcmp(out + olen - 5, ".json") == 0, rc;
	vx_err_clear(&err);
	if (!json && !(olen > 4 && strcmp(out + olen - 4, ".pdf") == 0))
		return vx_cmd_usage_error(ctx, "-o must name a .pdf or a .json file");
	if (json && (sg->key || sg->p12))
		return vx_cmd_usage_error(ctx, "only the PDF form is signed");
	if ((rc = vx_cmd_signing_load(sg, &k, subject, sizeof(subject), &err)) < 0)
		goto out;
	fdir = fonts ? vx_strdup(fonts) : vx_data_dir() ? vx_asprintf("%s/fonts", vx_data_dir()) : NULL;
	o.product = product;
	o.vuln = vuln;
	o.fonts_dir = fdir ? fdir : "fonts";
	o.letter = letter;
	o.generated_at = (long long)vx_time_now();
	o.signer = k ? subject : NULL;
	if (json) {
		if ((rc = vx_capadoc_json(ctx->store, &o, &data, &err)) < 0)
			goto out;
		len = strlen(data);
	} else if ((rc = vx_capadoc_pdf(ctx->store, &o, &data, &len, &err)) < 0) {
		goto out;
	}
	if (k && (rc = vx_cmd_sign_checked(data, len, k, sg, "CAPA evidence record", subject,
					   o.generated_at, &signed_pdf, &slen, &err)) < 0)
		goto out;
	if ((rc = vx_file_write_atomic(out, k ? signed_pdf : data, k ? slen : len, &err)) < 0)
		goto out;
	printf("%s: CAPA record of %s in %s (%s%s)\n", out, vuln, product, json ? "JSON" : "PDF",
	       k ? ", signed and verified" : json ? "" : ", unsigned");
	rc = 0;
out:
	vx_sign_key_free(k);
	free(data);
	free(signed_pdf);
	free(fdir);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}

int vx_cmd_capa(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : NULL;
	const char *product = NULL, *vuln = NULL, *out = NULL, *fonts = NULL, *pos[1];
	struct vx_capa c = {0};
	struct vx_capa_action a = {0};
	struct vx_capa_approval ap = {0};
	const char *action_no = NULL, *date = NULL;
	struct vx_signing sg = {0};
	bool letter = false, help;
	const struct vx_option opts[] = {
		{"product", &product, NULL},
		{"vuln", &vuln, NULL},
		{"problem", (const char **)&c.problem, NULL},
		{"source", (const char **)&c.source, NULL},
		{"investigation", (const char **)&c.investigation, NULL},
		{"root-cause", (const char **)&c.root_cause, NULL},
		{"timeline-rationale", (const char **)&c.timeline_rationale, NULL},
		{"verification", (const char **)&c.verification, NULL},
		{"verified-by", (const char **)&c.verified_by, NULL},
		{"verified-on", (const char **)&c.verified_at, NULL},
		{"effectiveness-criteria", (const char **)&c.effectiveness_criteria, NULL},
		{"effectiveness-result", (const char **)&c.effectiveness_result, NULL},
		{"effectiveness-checked", (const char **)&c.effectiveness_checked_at, NULL},
		{"status", (const char **)&c.status, NULL},
		{"kind", (const char **)&a.kind, NULL},
		{"text", (const char **)&a.description, NULL},
		{"owner", (const char **)&a.owner, NULL},
		{"due", (const char **)&a.due, NULL},
		{"done", (const char **)&a.done_at, NULL},
		{"action", &action_no, NULL},
		{"date", &date, NULL},
		{"name", (const char **)&ap.name, NULL},
		{"role", (const char **)&ap.role, NULL},
		{"meaning", (const char **)&ap.meaning, NULL},
		{"o", &out, NULL},
		{"sign-key", &sg.key, NULL},
		{"sign-cert", &sg.cert, NULL},
		{"chain", &sg.chain, NULL},
		{"sign-p12", &sg.p12, NULL},
		{"pass-file", &sg.pass_file, NULL},
		{"pades", NULL, &sg.pades},
		{"letter", NULL, &letter},
		{"fonts", &fonts, NULL},
		{NULL, NULL, NULL},
	};
	struct vx_err err;
	int npos, rc;
	if (!sub || sub[0] == '-') {
		if (sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)) {
			vx_cmd_print_usage(ctx);
			return VX_EXIT_OK;
		}
		return vx_cmd_usage_error(ctx, "expected set, action, done, approve, show or render");
	}
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !vuln)
		return vx_cmd_usage_error(ctx, "--product and --vuln are required");
	vx_err_clear(&err);
	if (strcmp(sub, "show") == 0)
		return show(ctx, product, vuln);
	if (strcmp(sub, "render") == 0) {
		if (!out)
			return vx_cmd_usage_error(ctx, "-o FILE.pdf or FILE.json is required");
		if ((rc = vx_cmd_signing_check(ctx, &sg)) != 0)
			return rc;
		return render(ctx, product, vuln, out, &sg, letter, fonts);
	}
	if (strcmp(sub, "set") == 0) {
		int created = 0;
		struct vx_finding_filter flt = {0};
		struct vx_finding *fs = NULL;
		size_t nf = 0;
		/* a CAPA is about a vulnerability that touches the device */
		flt.product = product;
		flt.vuln = vuln;
		flt.include_closed = 1;
		if (vx_store_findings(ctx->store, &flt, &fs, &nf, &err) < 0)
			return vx_cmd_fail(ctx, &err);
		vx_finding_list_free(fs, nf);
		if (!nf) {
			vx_err_set(&err, VX_ENOTFOUND, "%s has no finding in %s", vuln, product);
			return vx_cmd_fail(ctx, &err);
		}
		WRITE(vx_store_capa_put(ctx->store, product, vuln, &c, &created, &err));
		{
			struct vx_capa now;
			if (vx_store_capa_get(ctx->store, product, vuln, &now, &err) < 0)
				return vx_cmd_fail(ctx, &err);
			printf("%s %s for %s in %s [%s]\n", now.number, created ? "opened" : "updated",
			       vuln, product, now.status);
			vx_capa_release(&now);
		}
		return VX_EXIT_OK;
	}
	if (strcmp(sub, "action") == 0) {
		int seq = 0;
		WRITE(vx_store_capa_action_add(ctx->store, product, vuln, &a, &seq, &err));
		printf("action %d (%s) added\n", seq, a.kind);
		return VX_EXIT_OK;
	}
	if (strcmp(sub, "done") == 0) {
		char today[11];
		char *end;
		long n = action_no ? strtol(action_no, &end, 10) : 0;
		if (!action_no || *end || n < 1)
			return vx_cmd_usage_error(ctx, "--action N (the action's number) is required");
		if (!date)
			date = (vx_time_format_date(vx_time_now(), today), today);
		WRITE(vx_store_capa_action_done(ctx->store, product, vuln, (int)n, date, &err));
		printf("action %ld done on %s\n", n, date);
		return VX_EXIT_OK;
	}
	if (strcmp(sub, "approve") == 0) {
		WRITE(vx_store_capa_approve(ctx->store, product, vuln, &ap, &err));
		printf("approved by %s (%s)\n", ap.name, ap.role);
		return VX_EXIT_OK;
	}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s'", sub);
}
