/* src/cmd/id.c - vexil id purl|cpe: show how vexil reads an identifier. */
#include "cmd/cmd.h"
#include "match/cpe.h"
#include "match/purl.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_id[] =
	"usage: vexil id purl PURL [--json]\n"
	"       vexil id cpe CPE [--against CPE] [--json]\n"
	"\n"
	"Parse an identifier the way matching does and print its parts and canonical form, so\n"
	"that a match (or a miss) can be understood. 'cpe' accepts CPE 2.3 formatted strings\n"
	"and 2.2 URIs; --against compares it, as a criterion, with a component's CPE per\n"
	"NISTIR 7696 and prints the relation and whether it matches.\n";

static int purl(struct vx_ctx *ctx, const char *s)
{
	struct vx_purl p;
	struct vx_err err;
	char *canon;

	vx_err_clear(&err);
	vx_purl_init(&p);
	if (vx_purl_parse(s, &p, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	canon = vx_purl_to_string(&p);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *q;
		vx_cmd_json_str(o, "input", s);
		vx_cmd_json_str(o, "canonical", canon);
		vx_cmd_json_str(o, "type", p.type);
		vx_cmd_json_str(o, "namespace", p.namespace_);
		vx_cmd_json_str(o, "name", p.name);
		vx_cmd_json_str(o, "version", p.version);
		q = cJSON_AddObjectToObject(o, "qualifiers");
		for (size_t i = 0; i < p.nqualifiers; i++)
			cJSON_AddStringToObject(q, p.qualifiers[i].key, p.qualifiers[i].value);
		vx_cmd_json_str(o, "subpath", p.subpath);
		vx_cmd_print_json(o);
	} else {
		printf("canonical:  %s\n", canon);
		printf("type:       %s\n", p.type);
		printf("namespace:  %s\n", p.namespace_ ? p.namespace_ : "-");
		printf("name:       %s\n", p.name);
		printf("version:    %s\n", p.version ? p.version : "-");
		for (size_t i = 0; i < p.nqualifiers; i++)
			printf("qualifier:  %s = %s\n", p.qualifiers[i].key, p.qualifiers[i].value);
		printf("subpath:    %s\n", p.subpath ? p.subpath : "-");
	}
	free(canon);
	vx_purl_release(&p);
	return VX_EXIT_OK;
}

static int cpe(struct vx_ctx *ctx, const char *s, const char *against)
{
	struct vx_cpe c, t = {{0}};
	struct vx_err err;
	char *canon;
	enum vx_cpe_relation rel = VX_CPE_UNDEFINED;

	vx_err_clear(&err);
	if (vx_cpe_parse(s, &c, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (against && vx_cpe_parse(against, &t, &err) < 0) {
		vx_cpe_release(&c);
		vx_err_prefix(&err, "--against");
		return vx_cmd_fail(ctx, &err);
	}
	if (against)
		rel = vx_cpe_compare(&c, &t);
	canon = vx_cpe_to_string(&c);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "input", s);
		vx_cmd_json_str(o, "canonical", canon);
		for (int a = 0; a < VX_CPE_NATTR; a++)
			vx_cmd_json_str(o, vx_cpe_attr_name((enum vx_cpe_attr)a), c.attr[a]);
		if (against) {
			vx_cmd_json_str(o, "against", against);
			vx_cmd_json_str(o, "relation", vx_cpe_relation_name(rel));
			cJSON_AddBoolToObject(o, "matches", vx_cpe_matches(&c, &t));
		}
		vx_cmd_print_json(o);
	} else {
		printf("canonical:  %s\n", canon);
		for (int a = 0; a < VX_CPE_NATTR; a++)
			printf("%-11s %s\n", vx_cpe_attr_name((enum vx_cpe_attr)a), c.attr[a]);
		if (against)
			printf("relation:   %s (criterion vs component): %s\n",
			       vx_cpe_relation_name(rel),
			       vx_cpe_matches(&c, &t) ? "matches" : "does not match");
	}
	free(canon);
	vx_cpe_release(&c);
	vx_cpe_release(&t);
	return VX_EXIT_OK;
}

int vx_cmd_id(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *against = NULL, *pos[1];
	const struct vx_option opts[] = {{"against", &against, NULL}, {NULL, NULL, NULL}};
	int npos, rc;
	bool help;

	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected purl or cpe");
	if (strcmp(argv[0], "purl") != 0 && strcmp(argv[0], "cpe") != 0)
		return vx_cmd_usage_error(ctx, "unknown identifier kind '%s' (purl or cpe)",
					  argv[0]);
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected the identifier to parse");
	if (argv[0][0] == 'p') {
		if (against)
			return vx_cmd_usage_error(ctx, "--against applies to cpe only");
		ctx->name = "id purl";
		return purl(ctx, pos[0]);
	}
	ctx->name = "id cpe";
	return cpe(ctx, pos[0], against);
}
