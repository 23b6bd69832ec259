/* src/cmd/triage.c - vexil triage set|list|show: the assessment of each finding. */
#include "cmd/cmd.h"
#include "cmd/triage_import.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_triage[] =
	"usage: vexil triage set (FINDING | --product P --version V --vuln ID [--component NAME])\n"
	"                        [--status S] [--justification J] [--impact TEXT] [--action TEXT]\n"
	"                        [--hazard TEXT] [--severity LEVEL] [--safety yes|no]\n"
	"                        [--cvss VECTOR] [--exploit yes|no] [--epss P] [--controls TEXT]\n"
	"                        [--adverse-events yes|no] [--customers-notified DATE]\n"
	"                        [--fix-distributed DATE] [--isao-notified DATE]\n"
	"                        [--fix-deployed DATE] [--reason TEXT] [--apply-to all|V,V...]\n"
	"       vexil triage import FILE [--product P --version V] [--dry-run] [--json]\n"
	"       vexil triage list [--product P] [--version V] [--status S] [--json]\n"
	"       vexil triage show FINDING [--json]     (the assessments and the rules' decisions)\n"
	"\n"
	"Record the assessment of a finding. Each 'set' adds a complete record (the previous\n"
	"record's values fill what is not given; an empty value clears a field); the history\n"
	"is kept and every record is on the audit trail.\n"
	"\n"
	"  --status S            under_investigation, affected, not_affected, fixed\n"
	"  --justification J     for not_affected (required): component_not_present,\n"
	"                        vulnerable_code_not_present, vulnerable_code_not_in_execute_path,\n"
	"                        vulnerable_code_cannot_be_controlled_by_adversary,\n"
	"                        inline_mitigations_already_exist\n"
	"  --impact / --action   the VEX impact and action statements\n"
	"  --hazard TEXT         the hazardous situation (clinical assessment)\n"
	"  --severity LEVEL      worst credible harm, ISO 14971: negligible, minor, serious,\n"
	"                        critical, catastrophic\n"
	"  --safety yes|no       safety or essential performance touched (no: confidentiality only)\n"
	"  --cvss VECTOR         your own CVSS vector (e.g. rescored with the MITRE medical rubric)\n"
	"  --exploit yes|no      a public exploit exists;  --epss P  EPSS probability 0..1\n"
	"  --controls TEXT       compensating controls in place\n"
	"  --adverse-events yes|no  known serious adverse events or deaths\n"
	"  --customers-notified DATE, --fix-distributed DATE  the FDA 30- and 60-day milestones\n"
	"  --isao-notified DATE  customer communications given to the ISAO (condition C4)\n"
	"  --fix-deployed DATE   the fix is installed across the fielded units (the dossier's\n"
	"                        'time from patch to field deployment' metric)\n"
	"  --apply-to all|V,...  carry the assessment to the same component and vulnerability in\n"
	"                        other versions of the product (recorded as carried)\n"
	"\n"
	"import reads assessments from a CSV file (columns named like the options above, plus\n"
	"finding, or product/version/vuln/component), a CycloneDX VEX (analysis state,\n"
	"justification, detail, response; --product and --version say which device version) or\n"
	"a CSAF 2.0 VEX (product_status, flags, threats, remediations), and records each as\n"
	"'triage set' would, all in one transaction: a bad row records nothing. VEX statements\n"
	"that match no open finding are listed and counted. docs/formats.md gives the mappings.\n";

struct set_opts {
	const char *product, *version, *vuln, *component, *safety, *exploit, *epss, *adverse,
		*apply_to;
	struct vx_triage t;
};

static int parse_bool_opt(struct vx_ctx *ctx, const char *name, const char *v, int *out)
{
	*out = -1;
	if (v && (*out = vx_cmd_bool(v)) < 0)
		return vx_cmd_usage_error(ctx, "--%s takes yes or no, not '%s'", name, v);
	return 0;
}

/* The finding to set: the positional id, or the one open finding of product/version/vuln
 * (narrowed by component name). */
static int resolve(struct vx_ctx *ctx, const char *pos, const struct set_opts *o, long long *id,
		   struct vx_err *err)
{
	long long *ids = NULL;
	size_t n = 0;
	int rc;

	if (pos) {
		char *end;
		*id = strtoll(pos[0] == '#' ? pos + 1 : pos, &end, 10);
		if (*end || *id <= 0)
			return vx_err_set(err, VX_EUSAGE, "'%s' is not a finding id", pos);
		return 0;
	}
	if ((rc = vx_store_finding_ids(ctx->store, o->product, o->version, o->vuln, &ids, &n,
				       err)) < 0)
		return rc;
	if (o->component && n > 1) {
		struct vx_finding *fs;
		size_t nf, keep = 0;
		struct vx_finding_filter flt = {o->product, o->version, NULL, o->vuln, 0, 0};
		if ((rc = vx_store_findings(ctx->store, &flt, &fs, &nf, err)) < 0) {
			free(ids);
			return rc;
		}
		for (size_t i = 0; i < nf; i++)
			if (fs[i].component && strcmp(fs[i].component, o->component) == 0)
				ids[keep++] = fs[i].id;
		n = keep;
		vx_finding_list_free(fs, nf);
	}
	if (n == 1)
		*id = ids[0];
	free(ids);
	if (n == 0)
		return vx_err_set(err, VX_ENOTFOUND, "no open finding of %s in %s %s%s%s", o->vuln,
				  o->product, o->version, o->component ? " for component " : "",
				  o->component ? o->component : "");
	if (n > 1)
		return vx_err_set(err, VX_EUSAGE,
				  "%s matches %zu components of %s %s: give --component or the "
				  "finding id (vexil findings --vuln %s)",
				  o->vuln, n, o->product, o->version, o->vuln);
	return 0;
}

static int set(struct vx_ctx *ctx, int argc, char **argv)
{
	struct set_opts o = {0};
	const char *pos[1];
	const struct vx_option opts[] = {
		{"product", &o.product, NULL},
		{"version", &o.version, NULL},
		{"vuln", &o.vuln, NULL},
		{"component", &o.component, NULL},
		{"status", (const char **)&o.t.status, NULL},
		{"justification", (const char **)&o.t.justification, NULL},
		{"impact", (const char **)&o.t.impact, NULL},
		{"action", (const char **)&o.t.action, NULL},
		{"hazard", (const char **)&o.t.hazard, NULL},
		{"severity", (const char **)&o.t.severity, NULL},
		{"safety", &o.safety, NULL},
		{"cvss", (const char **)&o.t.cvss_vector, NULL},
		{"exploit", &o.exploit, NULL},
		{"epss", &o.epss, NULL},
		{"controls", (const char **)&o.t.controls, NULL},
		{"adverse-events", &o.adverse, NULL},
		{"customers-notified", (const char **)&o.t.customers_notified, NULL},
		{"fix-distributed", (const char **)&o.t.fix_distributed, NULL},
		{"isao-notified", (const char **)&o.t.isao_notified, NULL},
		{"fix-deployed", (const char **)&o.t.fix_deployed, NULL},
		{"reason", (const char **)&o.t.reason, NULL},
		{"apply-to", &o.apply_to, NULL},
		{NULL, NULL, NULL},
	};
	struct vx_err err;
	long long fid = 0, tid = 0, *twins = NULL;
	size_t ntwins = 0, carried = 0;
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (!npos && (!o.product || !o.version || !o.vuln))
		return vx_cmd_usage_error(ctx, "give a finding id, or --product, --version and --vuln");
	if ((rc = parse_bool_opt(ctx, "safety", o.safety, &o.t.safety_impact)) ||
	    (rc = parse_bool_opt(ctx, "exploit", o.exploit, &o.t.public_exploit)) ||
	    (rc = parse_bool_opt(ctx, "adverse-events", o.adverse, &o.t.adverse_events)))
		return rc;
	o.t.epss = -1;
	if (o.epss) {
		char *end;
		o.t.epss = strtod(o.epss, &end);
		if (*end || o.t.epss < 0 || o.t.epss > 1)
			return vx_cmd_usage_error(ctx, "--epss is a probability between 0 and 1");
	}
	vx_err_clear(&err);
	if ((rc = resolve(ctx, npos ? pos[0] : NULL, &o, &fid, &err)) < 0)
		return vx_cmd_fail(ctx, &err);
	if ((rc = vx_store_begin(ctx->store, &err)) < 0)
		return vx_cmd_fail(ctx, &err);
	struct vx_triage *hist = NULL, src = {0};
	size_t nhist = 0;
	rc = vx_store_triage_set(ctx->store, fid, &o.t, &tid, &err);
	if (rc == 0 && o.apply_to)
		rc = vx_store_finding_twins(ctx->store, fid, &twins, &ntwins, &err);
	/* What is carried is the whole assessment just recorded, not only the fields given. */
	if (rc == 0 && ntwins && (rc = vx_store_triage_history(ctx->store, fid, &hist, &nhist,
								&err)) == 0)
		src = hist[nhist - 1];
	for (size_t i = 0; rc == 0 && i < ntwins; i++) {
		struct vx_finding *f;
		size_t nf;
		struct vx_triage carry = src;
		char idtext[32];
		bool wanted = strcmp(o.apply_to, "all") == 0;
		snprintf(idtext, sizeof(idtext), "%lld", twins[i]);
		/* the twin's version decides whether the user asked for it */
		if (!wanted) {
			struct vx_finding_filter flt = {0};
			flt.include_closed = 0;
			rc = vx_store_findings(ctx->store, &flt, &f, &nf, &err);
			for (size_t k = 0; rc == 0 && k < nf; k++) {
				if (f[k].id != twins[i])
					continue;
				for (const char *p = o.apply_to; *p;) {
					size_t len = strcspn(p, ",");
					if (strlen(f[k].version) == len &&
					    strncmp(p, f[k].version, len) == 0)
						wanted = true;
					p += len + (p[len] == ',');
				}
			}
			if (rc == 0)
				vx_finding_list_free(f, nf);
		}
		if (rc < 0 || !wanted)
			continue;
		/* a full copy: fields empty in the source are cleared ("") in the twin */
		carry.justification = src.justification ? src.justification : "";
		carry.impact = src.impact ? src.impact : "";
		carry.action = src.action ? src.action : "";
		carry.hazard = src.hazard ? src.hazard : "";
		carry.severity = src.severity ? src.severity : "";
		carry.cvss_vector = src.cvss_vector ? src.cvss_vector : "";
		carry.controls = src.controls ? src.controls : "";
		carry.customers_notified = src.customers_notified ? src.customers_notified : "";
		carry.fix_distributed = src.fix_distributed ? src.fix_distributed : "";
		carry.isao_notified = src.isao_notified ? src.isao_notified : "";
		carry.fix_deployed = src.fix_deployed ? src.fix_deployed : "";
		carry.reason = o.t.reason;
		carry.carried_from = tid;
		rc = vx_store_triage_set(ctx->store, twins[i], &carry, NULL, &err);
		carried++;
	}
	vx_triage_list_free(hist, nhist);
	free(twins);
	if (rc < 0 || (rc = vx_store_commit(ctx->store, &err)) < 0) {
		vx_store_rollback(ctx->store);
		return vx_cmd_fail(ctx, &err);
	}
	printf("finding #%lld: triage record %lld", fid, tid);
	if (o.apply_to)
		printf(", carried to %zu other finding%s", carried, carried == 1 ? "" : "s");
	printf("\n");
	return VX_EXIT_OK;
}

static cJSON *triage_json(const struct vx_triage *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	vx_cmd_json_str(o, "status", t->status);
	vx_cmd_json_str(o, "justification", t->justification);
	vx_cmd_json_str(o, "impact", t->impact);
	vx_cmd_json_str(o, "action", t->action);
	vx_cmd_json_str(o, "hazard", t->hazard);
	vx_cmd_json_str(o, "severity", t->severity);
	if (t->safety_impact >= 0)
		cJSON_AddBoolToObject(o, "safety_impact", t->safety_impact);
	else
		cJSON_AddNullToObject(o, "safety_impact");
	vx_cmd_json_str(o, "cvss_vector", t->cvss_vector);
	if (t->public_exploit >= 0)
		cJSON_AddBoolToObject(o, "public_exploit", t->public_exploit);
	else
		cJSON_AddNullToObject(o, "public_exploit");
	if (t->epss >= 0)
		cJSON_AddNumberToObject(o, "epss", t->epss);
	else
		cJSON_AddNullToObject(o, "epss");
	vx_cmd_json_str(o, "controls", t->controls);
	if (t->adverse_events >= 0)
		cJSON_AddBoolToObject(o, "adverse_events", t->adverse_events);
	else
		cJSON_AddNullToObject(o, "adverse_events");
	vx_cmd_json_str(o, "customers_notified", t->customers_notified);
	vx_cmd_json_str(o, "fix_distributed", t->fix_distributed);
	vx_cmd_json_str(o, "fix_deployed", t->fix_deployed);
	vx_cmd_json_str(o, "isao_notified", t->isao_notified);
	vx_cmd_json_str(o, "assessor", t->assessor);
	vx_cmd_json_str(o, "reason", t->reason);
	vx_cmd_json_str(o, "recorded_at", t->recorded_at);
	if (t->carried_from)
		cJSON_AddNumberToObject(o, "carried_from", (double)t->carried_from);
	return o;
}

static void print_triage(const struct vx_triage *t)
{
	printf("  record %lld, %s by %s%s%s\n", t->id, t->recorded_at, t->assessor ? t->assessor : "-",
	       t->reason ? ": " : "", t->reason ? t->reason : "");
	printf("    status %s%s%s", t->status, t->justification ? " (" : "",
	       t->justification ? t->justification : "");
	printf("%s", t->justification ? ")" : "");
	if (t->severity)
		printf(", severity %s", t->severity);
	if (t->safety_impact >= 0)
		printf(", %s", t->safety_impact ? "safety/essential performance" : "confidentiality only");
	if (t->adverse_events > 0)
		printf(", KNOWN ADVERSE EVENTS");
	if (t->carried_from)
		printf(", carried from record %lld", t->carried_from);
	printf("\n");
	if (t->hazard)
		printf("    hazard: %s\n", t->hazard);
	if (t->impact)
		printf("    impact: %s\n", t->impact);
	if (t->action)
		printf("    action: %s\n", t->action);
	if (t->controls)
		printf("    controls: %s\n", t->controls);
	if (t->cvss_vector || t->public_exploit >= 0 || t->epss >= 0)
		printf("    exploitability: %s%s%s%s\n", t->cvss_vector ? t->cvss_vector : "",
		       t->public_exploit > 0 ? " public exploit" : "", t->epss >= 0 ? " EPSS " : "",
		       "");
	if (t->customers_notified || t->fix_distributed || t->fix_deployed)
		printf("    customers notified %s, fix distributed %s, fix deployed %s\n",
		       t->customers_notified ? t->customers_notified : "-",
		       t->fix_distributed ? t->fix_distributed : "-",
		       t->fix_deployed ? t->fix_deployed : "-");
}

static cJSON *decision_json(const struct vx_decision *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)d->id);
	vx_cmd_json_str(o, "evaluated_at", d->evaluated_at);
	vx_cmd_json_str(o, "as_of", d->as_of);
	cJSON_AddBoolToObject(o, "ok", d->ok);
	vx_cmd_json_str(o, "error", d->error);
	vx_cmd_json_str(o, "rule", d->rule);
	vx_cmd_json_str(o, "severity", d->severity);
	vx_cmd_json_str(o, "exploitability", d->exploitability);
	vx_cmd_json_str(o, "risk", d->risk);
	vx_cmd_json_str(o, "action", d->action);
	vx_cmd_json_str(o, "patch", d->patch);
	vx_cmd_json_str(o, "part806", d->part806);
	vx_cmd_json_str(o, "part806_due", d->part806_due);
	cJSON_AddBoolToObject(o, "part803", d->part803);
	vx_cmd_json_str(o, "part803_due", d->part803_due);
	cJSON_AddBoolToObject(o, "annual_report", d->annual_report);
	cJSON_AddItemToObject(o, "conditions",
			      cJSON_Parse(d->conditions ? d->conditions : "[]"));
	vx_cmd_json_str(o, "rationale", d->rationale);
	vx_cmd_json_str(o, "ruleset_sha256", d->ruleset_sha256);
	return o;
}

static void print_decision(const struct vx_decision *d)
{
	cJSON *conds, *c;
	printf("  decision %lld, evaluated %s as of %s, rule set %.16s...\n", d->id,
	       d->evaluated_at, d->as_of, d->ruleset_sha256);
	if (!d->ok) {
		printf("    EVALUATION FAILED: %s\n", d->error);
		return;
	}
	printf("    %s risk, action %s%s%s; Part 806 %s%s%s%s%s\n", d->risk, d->action,
	       d->patch ? ", patch " : "", d->patch ? d->patch : "", d->part806,
	       d->part806_due && strcmp(d->part806, "no") ? " (due " : "",
	       d->part806_due && strcmp(d->part806, "no") ? d->part806_due : "",
	       d->part806_due && strcmp(d->part806, "no") ? ")" : "",
	       d->annual_report ? "; PMA annual report" : "");
	if (d->part803)
		printf("    Part 803 evaluation due %s\n", d->part803_due ? d->part803_due : "-");
	conds = cJSON_Parse(d->conditions ? d->conditions : "[]");
	cJSON_ArrayForEach(c, conds)
	printf("    %s %s: %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")),
	       cJSON_GetStringValue(cJSON_GetObjectItem(c, "state")),
	       cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail")));
	cJSON_Delete(conds);
	printf("    %s\n", d->rationale);
}

static int show(struct vx_ctx *ctx, const char *arg)
{
	struct vx_triage *h;
	struct vx_decision *ds = NULL;
	size_t nd = 0;
	struct vx_err err;
	size_t n;
	char *end;
	long long id = strtoll(arg[0] == '#' ? arg + 1 : arg, &end, 10);

	if (*end || id <= 0)
		return vx_cmd_usage_error(ctx, "'%s' is not a finding id", arg);
	vx_err_clear(&err);
	if (vx_store_triage_history(ctx->store, id, &h, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (vx_store_decision_history(ctx->store, id, &ds, &nd, &err) < 0) {
		vx_triage_list_free(h, n);
		return vx_cmd_fail(ctx, &err);
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		cJSON_AddNumberToObject(o, "finding", (double)id);
		arr = cJSON_AddArrayToObject(o, "history");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, triage_json(&h[i]));
		arr = cJSON_AddArrayToObject(o, "decisions");
		for (size_t i = 0; i < nd; i++)
			cJSON_AddItemToArray(arr, decision_json(&ds[i]));
		vx_cmd_print_json(o);
	} else {
		printf("finding #%lld: %zu triage record%s (newest last)\n", id, n, n == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++)
			print_triage(&h[i]);
		printf("%zu decision%s (newest last)%s\n", nd, nd == 1 ? "" : "s",
		       nd ? "" : ": run 'vexil evaluate'");
		for (size_t i = 0; i < nd; i++)
			print_decision(&ds[i]);
	}
	vx_triage_list_free(h, n);
	vx_decision_list_free(ds, nd);
	return VX_EXIT_OK;
}

static int list(struct vx_ctx *ctx, int argc, char **argv)
{
	struct vx_finding_filter f = {0};
	const char *pos[1];
	const struct vx_option opts[] = {{"product", &f.product, NULL},
					 {"version", &f.version, NULL},
					 {"status", &f.status, NULL},
					 {NULL, NULL, NULL}};
	struct vx_finding *fs;
	struct vx_err err;
	size_t n;
	int npos, rc;
	bool help;
	cJSON *arr = NULL;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	vx_err_clear(&err);
	if (vx_store_findings(ctx->store, &f, &fs, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json)
		arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		struct vx_triage *h;
		size_t nh;
		if (vx_store_triage_history(ctx->store, fs[i].id, &h, &nh, &err) < 0)
			break;
		if (arr) {
			cJSON *o = triage_json(&h[nh - 1]);
			cJSON_AddNumberToObject(o, "finding", (double)fs[i].id);
			vx_cmd_json_str(o, "product", fs[i].product);
			vx_cmd_json_str(o, "version", fs[i].version);
			vx_cmd_json_str(o, "vulnerability", fs[i].vuln_id);
			vx_cmd_json_str(o, "component", fs[i].component);
			cJSON_AddItemToArray(arr, o);
		} else {
			const struct vx_triage *t = &h[nh - 1];
			printf("#%lld %s %s %s %s: %s%s%s%s%s\n", fs[i].id, fs[i].product,
			       fs[i].version, fs[i].vuln_id, fs[i].component ? fs[i].component : "-",
			       t->status, t->severity ? ", severity " : "",
			       t->severity ? t->severity : "",
			       t->safety_impact == 0 ? ", confidentiality only" : "",
			       nh > 1 ? "" : " (not assessed yet)");
		}
		vx_triage_list_free(h, nh);
	}
	vx_finding_list_free(fs, n);
	if (err.code) {
		cJSON_Delete(arr);
		return vx_cmd_fail(ctx, &err);
	}
	if (arr)
		vx_cmd_print_json(arr);
	else
		printf("%zu findings\n", n);
	return VX_EXIT_OK;
}

int vx_cmd_triage(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *pos[1];
	int npos, rc;
	bool help;

	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected set, list or show");
	if (strcmp(argv[0], "set") == 0) {
		ctx->name = "triage set";
		return set(ctx, argc - 1, argv + 1);
	}
	if (strcmp(argv[0], "import") == 0)
		return vx_cmd_triage_import(ctx, argc - 1, argv + 1);
	if (strcmp(argv[0], "list") == 0) {
		ctx->name = "triage list";
		return list(ctx, argc - 1, argv + 1);
	}
	if (strcmp(argv[0], "show") == 0) {
		ctx->name = "triage show";
		rc = vx_cmd_parse(ctx, argc - 1, argv + 1, NULL, pos, 1, &npos, &help);
		if (rc || help)
			return rc;
		if (npos != 1)
			return vx_cmd_usage_error(ctx, "expected a finding id");
		return show(ctx, pos[0]);
	}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s' (expected set, list or show)",
				  argv[0]);
}
