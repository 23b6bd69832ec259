/* src/cmd/id.c - vexil id purl|cpe: show how vexil reads an identifier. */
#include "cmd/cmd.h"
#include "match/cpe.h"
#include "match/purl.h"
#include "match/version.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_id[] =
	"usage: vexil id purl PURL [--json]\n"
	"       vexil id cpe CPE [--against CPE] [--json]\n"
	"       vexil id vers VERS [--contains VERSION] [--json]\n"
	"\n"
	"Parse an identifier the way matching does and print its parts and canonical form, so\n"
	"that a match (or a miss) can be understood. 'cpe' accepts CPE 2.3 formatted strings\n"
	"and 2.2 URIs; --against compares it, as a criterion, with a component's CPE per\n"
	"NISTIR 7696 and prints the relation and whether it matches. 'vers' parses a vers:\n"
	"range (package-url/vers-spec) and, with --contains, says whether a version lies in it\n"
	"under the version order of the range's type (docs/matching.md).\n";

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

static int vers(struct vx_ctx *ctx, const char *s, const char *version)
{
	static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">="};
	struct vx_vers r;
	struct vx_err err;
	char *canon;
	bool in = false;

	vx_err_clear(&err);
	if (vx_vers_parse(s, &r, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	canon = vx_vers_to_string(&r);
	if (version)
		in = vx_vers_contains(&r, version);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		vx_cmd_json_str(o, "input", s);
		vx_cmd_json_str(o, "canonical", canon);
		vx_cmd_json_str(o, "type", r.type);
		vx_cmd_json_str(o, "order", vx_version_scheme_name(r.scheme));
		arr = cJSON_AddArrayToObject(o, "constraints");
		for (size_t i = 0; i < r.n; i++) {
			cJSON *c = cJSON_CreateObject();
			vx_cmd_json_str(c, "comparator", ops[r.constraints[i].op]);
			vx_cmd_json_str(c, "version", r.constraints[i].version);
			cJSON_AddItemToArray(arr, c);
		}
		if (version) {
			vx_cmd_json_str(o, "version", version);
			cJSON_AddBoolToObject(o, "contains", in);
		}
		vx_cmd_print_json(o);
	} else {
		printf("canonical:  %s\n", canon);
		printf("type:       %s (version order: %s)\n", r.type,
		       vx_version_scheme_name(r.scheme));
		if (r.all)
			printf("constraint: * (every version)\n");
		for (size_t i = 0; i < r.n; i++)
			printf("constraint: %s %s\n", ops[r.constraints[i].op],
			       r.constraints[i].version);
		if (version)
			printf("%s is %s the range\n", version, in ? "in" : "not in");
	}
	free(canon);
	vx_vers_release(&r);
	return VX_EXIT_OK;
}

int vx_cmd_id(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *against = NULL, *contains = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"against", &against, NULL}, {"contains", &contains, NULL}, {NULL, NULL, NULL}};
	int npos, rc;
	bool help;

	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected purl or cpe");
	if (strcmp(argv[0], "purl") != 0 && strcmp(argv[0], "cpe") != 0 &&
	    strcmp(argv[0], "vers") != 0)
		return vx_cmd_usage_error(ctx, "unknown identifier kind '%s' (purl, cpe or vers)",
					  argv[0]);
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected the identifier to parse");
	if (argv[0][0] == 'v') {
		if (against)
			return vx_cmd_usage_error(ctx, "--against applies to cpe only");
		ctx->name = "id vers";
		return vers(ctx, pos[0], contains);
	}
	if (contains)
		return vx_cmd_usage_error(ctx, "--contains applies to vers only");
	if (argv[0][0] == 'p') {
		if (against)
			return vx_cmd_usage_error(ctx, "--against applies to cpe only");
		ctx->name = "id purl";
		return purl(ctx, pos[0]);
	}
	ctx->name = "id cpe";
	return cpe(ctx, pos[0], against);
}
