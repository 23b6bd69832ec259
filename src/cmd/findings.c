/* src/cmd/findings.c - vexil findings: what matched, with CVSS, KEV and the evidence. */
#include "cmd/cmd.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_findings[] =
	"usage: vexil findings [--product P] [--version V] [--vuln ID] [--kev]\n"
	"                      [--status S] [--all] [--json]\n"
	"\n"
	"List findings: each (device version, vulnerability, component) match, with the\n"
	"component, the best CVSS v3 score, whether CISA lists the CVE as known exploited (and\n"
	"its due date), the VEX status of the latest triage record, t0, and the evidence of the\n"
	"match (which criterion or range matched which component field). Open findings only,\n"
	"unless --all.\n"
	"\n"
	"  --kev        only vulnerabilities in the CISA KEV catalog\n"
	"  --status S   under_investigation, affected, not_affected or fixed\n"
	"  --vuln ID    one vulnerability (CVE, GHSA or tip id)\n";

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* One indented line: whitespace runs collapsed, cut at 150 bytes (on a UTF-8 boundary). */
static void print_title(const char *t)
{
	char out[160];
	size_t n = 0;
	bool space = false;
	for (; *t && n < 150; t++) {
		if (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = *t;
	}
	{
		size_t bad = vx_utf8_invalid_at(out, n); /* a sequence cut at the end */
		if (bad != (size_t)-1)
			n = bad;
	}
	out[n] = '\0';
	printf("    %s%s\n", out, *t ? "..." : "");
}

int vx_cmd_findings(struct vx_ctx *ctx, int argc, char **argv)
{
	struct vx_finding_filter f = {0};
	bool all = false, kev = false, help;
	const char *pos[1];
	const struct vx_option opts[] = {
		{"product", &f.product, NULL}, {"version", &f.version, NULL},
		{"vuln", &f.vuln, NULL},       {"status", &f.status, NULL},
		{"kev", NULL, &kev},	       {"all", NULL, &all},
		{NULL, NULL, NULL},
	};
	static const char *const statuses[] = {"under_investigation", "affected", "not_affected",
					       "fixed", NULL};
	struct vx_finding *list;
	struct vx_err err;
	size_t n;
	int npos, rc;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (f.status) {
		int i;
		for (i = 0; statuses[i] && strcmp(statuses[i], f.status) != 0; i++)
			;
		if (!statuses[i])
			return vx_cmd_usage_error(ctx, "--status must be under_investigation, "
						       "affected, not_affected or fixed");
	}
	f.kev_only = kev;
	f.include_closed = all;
	vx_err_clear(&err);
	if (vx_store_findings(ctx->store, &f, &list, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			const struct vx_finding *x = &list[i];
			cJSON *o = cJSON_CreateObject(), *ev;
			cJSON_AddNumberToObject(o, "id", (double)x->id);
			vx_cmd_json_str(o, "product", x->product);
			vx_cmd_json_str(o, "version", x->version);
			vx_cmd_json_str(o, "vulnerability", x->vuln_id);
			vx_cmd_json_str(o, "title", x->title);
			vx_cmd_json_str(o, "component", x->component);
			vx_cmd_json_str(o, "component_version", x->component_version);
			vx_cmd_json_str(o, "purl", x->component_purl);
			vx_cmd_json_str(o, "cpe", x->component_cpe);
			if (x->cvss_score >= 0)
				cJSON_AddNumberToObject(o, "cvss", x->cvss_score);
			else
				cJSON_AddNullToObject(o, "cvss");
			vx_cmd_json_str(o, "cvss_vector", x->cvss_vector);
			cJSON_AddBoolToObject(o, "kev", x->kev);
			vx_cmd_json_str(o, "kev_due", x->kev_due);
			vx_cmd_json_str(o, "state", x->state);
			vx_cmd_json_str(o, "close_reason", x->close_reason);
			vx_cmd_json_str(o, "vex_status", x->vex_status);
			vx_cmd_json_str(o, "t0", x->t0);
			vx_cmd_json_str(o, "opened_at", x->opened_at);
			vx_cmd_json_str(o, "closed_at", x->closed_at);
			cJSON_AddBoolToObject(o, "needs_review", x->needs_review);
			ev = cJSON_AddArrayToObject(o, "evidence");
			for (const char *p = x->evidence; p && *p;) {
				size_t len = strcspn(p, "\n");
				char *line = vx_strndup(p, len);
				cJSON_AddItemToArray(ev, cJSON_CreateString(line));
				free(line);
				p += len + (p[len] == '\n');
			}
			cJSON_AddItemToArray(arr, o);
		}
		vx_cmd_print_json(arr);
	} else if (n == 0) {
		printf("no %sfindings%s\n", all ? "" : "open ",
		       f.product || f.version || f.vuln || kev || f.status ? " match" : "");
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct vx_finding *x = &list[i];
			char cvss[16], t0[11];
			snprintf(cvss, sizeof(cvss), x->cvss_score >= 0 ? "%.1f" : "-",
				 x->cvss_score);
			snprintf(t0, sizeof(t0), "%.10s", or_dash(x->t0));
			printf("#%lld %s %s  %s  CVSS %s%s%s%s  %s %s  [%s] t0 %s%s%s\n", x->id,
			       x->product, x->version, x->vuln_id, cvss, x->kev ? "  KEV (due " : "",
			       x->kev ? or_dash(x->kev_due) : "", x->kev ? ")" : "",
			       or_dash(x->component), or_dash(x->component_version),
			       or_dash(x->vex_status), t0, x->needs_review ? "  NEEDS REVIEW" : "",
			       strcmp(x->state, "closed") == 0 ? "  CLOSED" : "");
			if (x->title)
				print_title(x->title);
			for (const char *p = x->evidence; p && *p;) {
				size_t len = strcspn(p, "\n");
				printf("    evidence: %.*s\n", (int)len, p);
				p += len + (p[len] == '\n');
			}
			if (x->close_reason)
				printf("    closed %s: %s\n", or_dash(x->closed_at), x->close_reason);
		}
		printf("%zu findings\n", n);
	}
	vx_finding_list_free(list, n);
	return VX_EXIT_OK;
}
