/* src/cmd/evaluate.c - vexil evaluate and vexil status: run the rules on every open finding,
 * and show what needs attention. */
#include "cmd/cmd.h"
#include "rules/clocks.h"
#include "rules/rules.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/paths.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_evaluate[] =
	"usage: vexil evaluate [--product P] [--version V] [--as-of DATE] [--rules DIR] [--json]\n"
	"\n"
	"Run the rule set on every open finding and record the decision: ISO 14971 severity,\n"
	"exploitability, controlled or uncontrolled risk (FDA 2016 postmarket guidance),\n"
	"reportability (Part 806 with conditions C1-C4 and due dates, Part 803, PMA annual\n"
	"report), the action and its rationale, with the SHA-256 of the rule set. A new\n"
	"decision is recorded only when the inputs, the rules or the outcome change; the\n"
	"history is kept. A rule that fails for a finding is recorded as a failed evaluation\n"
	"with the Lua error, and the command exits 1.\n"
	"\n"
	"  --as-of DATE   evaluate the clocks as of this date (default today)\n"
	"  --rules DIR    the rule set (default: the profile's, else the installed lua/ folder;\n"
	"                 see docs/rules.md)\n";

const char vx_usage_status[] =
	"usage: vexil status [--product P] [--as-of DATE] [--json]\n"
	"\n"
	"What needs attention, per product: findings not yet assessed, uncontrolled risks,\n"
	"vulnerabilities in CISA KEV, failed evaluations, and deadlines overdue or due in the\n"
	"next 14 days (30-day customer notice, 60-day fix, Part 806 report, Part 803\n"
	"evaluation, KEV due date). Run 'vexil evaluate' first: the deadlines come from the\n"
	"latest decisions.\n";

static const char *today(char buf[11])
{
	vx_time_format_date(vx_time_now(), buf);
	return buf;
}

static int load_rules(struct vx_ctx *ctx, const char *dir, struct vx_rules **out,
		      struct vx_err *err)
{
	char *def = NULL;
	struct vx_profile p;
	int rc;
	/* --rules, else the profile's rule set, else the installed default */
	if (!dir && vx_store_profile_get(ctx->store, &p, NULL) == 0) {
		if (p.rules_dir)
			dir = def = vx_strdup(p.rules_dir);
		vx_profile_release(&p);
	}
	if (!dir) {
		const char *data = vx_data_dir();
		if (!data)
			return vx_err_set(err, VX_ENOTFOUND,
					  "no rule set found (install vexil, set VEXIL_DATA_DIR, or "
					  "give --rules DIR)");
		dir = def = vx_asprintf("%s/lua", data);
	}
	rc = vx_rules_load_dir(dir, out, err);
	free(def);
	return rc;
}

int vx_cmd_evaluate(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *as_of = NULL, *rules_dir = NULL, *pos[1];
	const struct vx_option opts[] = {{"product", &product, NULL},
					 {"version", &version, NULL},
					 {"as-of", &as_of, NULL},
					 {"rules", &rules_dir, NULL},
					 {NULL, NULL, NULL}};
	struct vx_rules *rules = NULL;
	struct vx_rule_input *in = NULL;
	struct vx_err err;
	size_t n = 0, stored = 0, failed = 0;
	char day[11], digest[65];
	int npos, rc;
	bool help;
	cJSON *arr = NULL;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (as_of && !vx_time_parse_date(as_of, NULL))
		return vx_cmd_usage_error(ctx, "--as-of must be a date (YYYY-MM-DD)");
	if (!as_of)
		as_of = today(day);
	vx_err_clear(&err);
	if ((rc = load_rules(ctx, rules_dir, &rules, &err)) < 0)
		return vx_cmd_fail(ctx, &err);
	vx_rules_digest(rules, digest);
	if ((rc = vx_store_begin(ctx->store, &err)) < 0 ||
	    (rc = vx_store_rule_inputs(ctx->store, product, version, &in, &n, &err)) < 0)
		goto out;
	if (ctx->json)
		arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		struct vx_decision d;
		int was_stored;
		if ((rc = vx_rules_decide(rules, &in[i], as_of, &d, &err)) < 0)
			goto out;
		rc = vx_store_decision_put(ctx->store, &d, &was_stored, &err);
		stored += was_stored != 0;
		failed += !d.ok;
		if (rc == 0 && arr) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "finding", (double)in[i].finding_id);
			vx_cmd_json_str(o, "product", in[i].product);
			vx_cmd_json_str(o, "version", in[i].version);
			vx_cmd_json_str(o, "vulnerability", in[i].vuln_id);
			vx_cmd_json_str(o, "component", in[i].component);
			cJSON_AddBoolToObject(o, "ok", d.ok);
			vx_cmd_json_str(o, "error", d.error);
			vx_cmd_json_str(o, "risk", d.risk);
			vx_cmd_json_str(o, "severity", d.severity);
			vx_cmd_json_str(o, "exploitability", d.exploitability);
			vx_cmd_json_str(o, "action", d.action);
			vx_cmd_json_str(o, "patch", d.patch);
			vx_cmd_json_str(o, "part806", d.part806);
			vx_cmd_json_str(o, "part806_due", d.part806_due);
			cJSON_AddBoolToObject(o, "part803", d.part803);
			vx_cmd_json_str(o, "part803_due", d.part803_due);
			cJSON_AddBoolToObject(o, "annual_report", d.annual_report);
			cJSON_AddItemToObject(o, "conditions", cJSON_Parse(d.conditions ? d.conditions
											 : "[]"));
			vx_cmd_json_str(o, "rationale", d.rationale);
			vx_cmd_json_str(o, "rule", d.rule);
			vx_cmd_json_str(o, "ruleset_sha256", d.ruleset_sha256);
			cJSON_AddBoolToObject(o, "new_decision", was_stored);
			cJSON_AddItemToArray(arr, o);
		} else if (rc == 0) {
			if (!d.ok)
				printf("#%lld %s %s %s %s: EVALUATION FAILED: %s\n", in[i].finding_id,
				       in[i].product, in[i].version, in[i].vuln_id,
				       in[i].component ? in[i].component : "-", d.error);
			else
				printf("#%lld %s %s %s %s: %s, action %s%s%s%s\n    %s\n",
				       in[i].finding_id, in[i].product, in[i].version, in[i].vuln_id,
				       in[i].component ? in[i].component : "-", d.risk, d.action,
				       d.part806 && strcmp(d.part806, "no") != 0 ? ", Part 806 " : "",
				       d.part806 && strcmp(d.part806, "no") != 0 ? d.part806 : "",
				       d.part806_due && strcmp(d.part806, "no") != 0 ? " (due date below)"
										     : "",
				       d.rationale);
		}
		vx_decision_release(&d);
		if (rc < 0)
			goto out;
	}
	rc = vx_store_commit(ctx->store, &err);
out:
	if (rc < 0)
		vx_store_rollback(ctx->store);
	vx_rule_input_list_free(in, n);
	vx_rules_free(rules);
	if (rc < 0) {
		cJSON_Delete(arr);
		return vx_cmd_fail(ctx, &err);
	}
	if (arr)
		vx_cmd_print_json(arr);
	else
		printf("%zu findings evaluated as of %s with rule set %.16s...: %zu new decisions, "
		       "%zu failed\n",
		       n, as_of, digest, stored, failed);
	return failed ? VX_EXIT_FAIL : VX_EXIT_OK;
}

/* --- status ------------------------------------------------------------------------------ */

struct item {
	const char *kind; /* "overdue", "due soon", ... */
	char *text;
};

int vx_cmd_status(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *as_of = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"as-of", &as_of, NULL}, {NULL, NULL, NULL}};
	struct vx_rule_input *in = NULL;
	struct vx_decision *ds = NULL;
	struct vx_err err;
	size_t n = 0, nd = 0;
	size_t unassessed = 0, uncontrolled = 0, kev = 0, failed = 0, overdue = 0, soon = 0;
	char day[11];
	int npos, rc;
	bool help;
	cJSON *items = cJSON_CreateArray();

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help) {
		cJSON_Delete(items);
		return rc;
	}
	if (!as_of)
		as_of = today(day);
	vx_err_clear(&err);
	if (vx_store_rule_inputs(ctx->store, product, NULL, &in, &n, &err) < 0 ||
	    vx_store_decisions(ctx->store, product, &ds, &nd, &err) < 0) {
		vx_rule_input_list_free(in, n);
		cJSON_Delete(items);
		return vx_cmd_fail(ctx, &err);
	}
	for (size_t i = 0; i < n; i++) {
		const struct vx_rule_input *x = &in[i];
		const struct vx_decision *d = vx_decision_of(ds, nd, x->finding_id);
		char where[300];
		snprintf(where, sizeof(where), "#%lld %s %s %s %s", x->finding_id, x->product,
			 x->version, x->vuln_id, x->component ? x->component : "-");
#define ADD(kind, due, fmt, ...)                                                             \
	do {                                                                                 \
		cJSON *o = cJSON_CreateObject();                                             \
		char *t = vx_asprintf(fmt, __VA_ARGS__);                                     \
		vx_cmd_json_str(o, "kind", kind);                                            \
		cJSON_AddNumberToObject(o, "finding", (double)x->finding_id);                \
		vx_cmd_json_str(o, "due", due);                                              \
		vx_cmd_json_str(o, "text", t);                                               \
		cJSON_AddItemToArray(items, o);                                              \
		free(t);                                                                     \
	} while (0)
		if (strcmp(x->triage.status, "under_investigation") == 0 && !x->triage.severity) {
			unassessed++;
			ADD("unassessed", NULL, "%s: not yet assessed (t0 %s)", where, x->t0);
		}
		if (x->kev) {
			kev++;
			ADD("kev", x->kev_due, "%s: in CISA KEV, due %s", where,
			    x->kev_due ? x->kev_due : "-");
		}
		if (d && !d->ok) {
			failed++;
			ADD("failed", NULL, "%s: evaluation failed: %s", where, d->error);
		} else if (d && d->risk && strcmp(d->risk, "uncontrolled") == 0) {
			uncontrolled++;
			ADD("uncontrolled", NULL, "%s: uncontrolled risk: %s", where, d->rationale);
		}
		{
			struct vx_clock ck[VX_CLOCKS_MAX];
			size_t nck = vx_clocks(x->triage.status, x->kev, x->kev_due, d, as_of, ck);
			for (size_t c = 0; c < nck; c++) {
				const struct vx_clock *k = &ck[c];
				int is_cond = k->what[0] == 'C' && k->what[1] >= '1' && k->what[1] <= '9';
				if (vx_clock_overdue(k)) {
					overdue++;
					if (is_cond)
						ADD("overdue", k->due, "%s: %s %s", where, k->what,
						    k->detail);
					else if (x->kev && strcmp(k->what, "CISA KEV due date") == 0)
						ADD("overdue", k->due, "%s: KEV due date %s passed",
						    where, k->due);
					else
						ADD("overdue", k->due, "%s: %s was due %s", where,
						    k->what, k->due);
				} else if (k->days_left <= 14 &&
					   strcmp(k->what, "CISA KEV due date") != 0) {
					soon++;
					if (is_cond)
						ADD("due soon", k->due, "%s: %s %s", where, k->what,
						    k->detail);
					else
						ADD("due soon", k->due, "%s: %s due %s", where, k->what,
						    k->due);
				}
			}
		}
#undef ADD
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "as_of", as_of);
		cJSON_AddNumberToObject(o, "open_findings", (double)n);
		cJSON_AddNumberToObject(o, "unassessed", (double)unassessed);
		cJSON_AddNumberToObject(o, "uncontrolled", (double)uncontrolled);
		cJSON_AddNumberToObject(o, "kev", (double)kev);
		cJSON_AddNumberToObject(o, "failed_evaluations", (double)failed);
		cJSON_AddNumberToObject(o, "overdue", (double)overdue);
		cJSON_AddNumberToObject(o, "due_soon", (double)soon);
		cJSON_AddItemToObject(o, "items", items);
		vx_cmd_print_json(o);
	} else {
		cJSON *it;
		printf("status as of %s%s%s: %zu open findings, %zu not assessed, %zu uncontrolled, "
		       "%zu in KEV, %zu overdue, %zu due in 14 days, %zu failed evaluations\n",
		       as_of, product ? " for " : "", product ? product : "", n, unassessed,
		       uncontrolled, kev, overdue, soon, failed);
		static const char *const order[] = {"overdue", "due soon", "failed", "uncontrolled",
						    "kev", "unassessed"};
		for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
			cJSON_ArrayForEach(it, items)
			{
				const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(it, "kind"));
				if (kind && strcmp(kind, order[k]) == 0)
					printf("  %-12s %s\n", kind,
					       cJSON_GetStringValue(cJSON_GetObjectItem(it, "text")));
			}
		cJSON_Delete(items);
	}
	vx_rule_input_list_free(in, n);
	vx_decision_list_free(ds, nd);
	return VX_EXIT_OK;
}
