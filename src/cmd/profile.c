/* src/cmd/profile.c - vexil profile set|show: the manufacturer profile. */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <string.h>

const char vx_usage_profile[] =
	"usage: vexil profile set [--name NAME] [--namespace URL] [--cvd-contact CONTACT]\n"
	"                         [--isao NAME] [--isao-member yes|no] [--isao-evidence TEXT]\n"
	"                         [--rules DIR]\n"
	"       vexil profile show [--json]\n"
	"\n"
	"The manufacturer profile feeds every output: the CSAF publisher (name and namespace),\n"
	"the CVD contact printed on notices, and ISAO membership, which is condition C4 of the\n"
	"FDA 2016 reporting exemption for uncontrolled risks. 'set' changes only the fields\n"
	"given; the first 'set' needs --name.\n"
	"\n"
	"  --name NAME            legal manufacturer name\n"
	"  --namespace URL        CSAF publisher namespace, e.g. https://psirt.example.com\n"
	"  --cvd-contact CONTACT  where vulnerabilities are reported (mailto: or URL)\n"
	"  --isao NAME            the Information Sharing and Analysis Organization\n"
	"  --isao-member yes|no   active member (shares and receives vulnerability information)\n"
	"  --isao-evidence TEXT   membership evidence, e.g. agreement number and date\n"
	"  --rules DIR            the manufacturer's own rule set for 'vexil evaluate' (an\n"
	"                         absolute path; default: the installed lua/ folder)\n";

static int show(struct vx_ctx *ctx)
{
	struct vx_profile p;
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_store_profile_get(ctx->store, &p, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "name", p.name);
		vx_cmd_json_str(o, "csaf_namespace", p.csaf_namespace);
		vx_cmd_json_str(o, "cvd_contact", p.cvd_contact);
		vx_cmd_json_str(o, "isao", p.isao_name);
		cJSON_AddBoolToObject(o, "isao_member", p.isao_member);
		vx_cmd_json_str(o, "isao_evidence", p.isao_evidence);
		vx_cmd_json_str(o, "rules_dir", p.rules_dir);
		vx_cmd_json_str(o, "updated_at", p.updated_at);
		vx_cmd_print_json(o);
	} else {
		printf("manufacturer:    %s\n", p.name);
		printf("CSAF namespace:  %s\n", p.csaf_namespace ? p.csaf_namespace : "(not set)");
		printf("CVD contact:     %s\n", p.cvd_contact ? p.cvd_contact : "(not set)");
		printf("ISAO:            %s (%s)\n", p.isao_name ? p.isao_name : "(none)",
		       p.isao_member ? "active member" : "not a member");
		if (p.isao_evidence)
			printf("ISAO evidence:   %s\n", p.isao_evidence);
		printf("rule set:        %s\n", p.rules_dir ? p.rules_dir : "(installed default)");
		printf("updated at:      %s\n", p.updated_at);
	}
	vx_profile_release(&p);
	return VX_EXIT_OK;
}

static int set(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *ns = NULL, *cvd = NULL, *isao = NULL, *member = NULL,
		   *evidence = NULL, *rules = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"name", &name, NULL},		{"namespace", &ns, NULL},
		{"cvd-contact", &cvd, NULL},	{"isao", &isao, NULL},
		{"isao-member", &member, NULL}, {"isao-evidence", &evidence, NULL},
		{"rules", &rules, NULL},	{NULL, NULL, NULL},
	};
	struct vx_profile p = {0};
	struct vx_err err;
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	p.isao_member = -1;
	if (member && (p.isao_member = vx_cmd_bool(member)) < 0)
		return vx_cmd_usage_error(ctx, "--isao-member takes yes or no, not '%s'", member);
	if (ns && strncmp(ns, "https://", 8) != 0 && strncmp(ns, "http://", 7) != 0)
		return vx_cmd_usage_error(ctx, "--namespace must be a URL (https://...), not '%s'",
					  ns);
	p.name = (char *)name;
	p.csaf_namespace = (char *)ns;
	p.cvd_contact = (char *)cvd;
	p.isao_name = (char *)isao;
	p.isao_evidence = (char *)evidence;
	p.rules_dir = (char *)rules;
	vx_err_clear(&err);
	if (vx_store_begin(ctx->store, &err) < 0 || vx_store_profile_set(ctx->store, &p, &err) < 0 ||
	    vx_store_commit(ctx->store, &err) < 0) {
		vx_store_rollback(ctx->store);
		return vx_cmd_fail(ctx, &err);
	}
	return show(ctx);
}

int vx_cmd_profile(struct vx_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected 'set' or 'show'");
	if (strcmp(argv[0], "set") == 0) {
		ctx->name = "profile set";
		return set(ctx, argc - 1, argv + 1);
	}
	if (strcmp(argv[0], "show") == 0) {
		const char *pos[1];
		int npos, rc;
		bool help;
		ctx->name = "profile show";
		rc = vx_cmd_parse(ctx, argc - 1, argv + 1, NULL, pos, 0, &npos, &help);
		return rc || help ? rc : show(ctx);
	}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s' (expected set or show)", argv[0]);
}
