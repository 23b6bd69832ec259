/* src/cmd/product.c - vexil product add|list|show: devices and their versions. */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_product[] =
	"usage: vexil product add NAME [--model M] [--pathway PMA|510k|DeNovo] [--cyber-device yes|no]\n"
	"                         [--version V [--fielded yes|no] [--released DATE]\n"
	"                          [--end-of-support DATE] [--udi-di DI]]\n"
	"       vexil product list [--json]\n"
	"       vexil product show NAME [--json]\n"
	"\n"
	"A product is a device as FDA knows it: its regulatory pathway decides whether\n"
	"postmarket cybersecurity items go into a PMA annual report, and the cyber-device flag\n"
	"(FD&C Act section 524B) decides the patch obligations. Each fielded version gets its\n"
	"own SBOM. 'add' creates the product, or updates it when it exists; with --version it\n"
	"also adds (or updates) that version. Dates are YYYY-MM-DD.\n"
	"\n"
	"  --model M              model or catalogue number\n"
	"  --pathway P            PMA, 510k or DeNovo (required for a new product)\n"
	"  --cyber-device yes|no  a 'cyber device' under section 524B (default no)\n"
	"  --version V            the device software version to add or update\n"
	"  --fielded yes|no       units of this version are in use (default yes)\n"
	"  --released DATE        release date\n"
	"  --end-of-support DATE  end of support for this version\n"
	"  --udi-di DI            the UDI device identifier (GUDID)\n";

static cJSON *version_json(const struct vx_product_version *v)
{
	cJSON *o = cJSON_CreateObject();
	vx_cmd_json_str(o, "version", v->version);
	cJSON_AddBoolToObject(o, "fielded", v->fielded);
	vx_cmd_json_str(o, "release_date", v->release_date);
	vx_cmd_json_str(o, "end_of_support", v->end_of_support);
	vx_cmd_json_str(o, "udi_di", v->udi_di);
	vx_cmd_json_str(o, "sbom", v->sbom_file);
	cJSON_AddNumberToObject(o, "components", (double)v->ncomponents);
	return o;
}

static cJSON *product_json(struct vx_store *st, const struct vx_product *p, struct vx_err *err)
{
	struct vx_product_version *vs;
	size_t nv;
	cJSON *o, *arr;

	if (vx_store_version_list(st, p->id, &vs, &nv, err) < 0)
		return NULL;
	o = cJSON_CreateObject();
	vx_cmd_json_str(o, "name", p->name);
	vx_cmd_json_str(o, "model", p->model);
	vx_cmd_json_str(o, "pathway", p->pathway);
	cJSON_AddBoolToObject(o, "cyber_device", p->cyber_device);
	vx_cmd_json_str(o, "created_at", p->created_at);
	arr = cJSON_AddArrayToObject(o, "versions");
	for (size_t i = 0; i < nv; i++)
		cJSON_AddItemToArray(arr, version_json(&vs[i]));
	vx_version_list_free(vs, nv);
	return o;
}

static void print_versions(const struct vx_product_version *vs, size_t nv)
{
	if (nv == 0) {
		printf("  (no versions)\n");
		return;
	}
	printf("  %-12s %-8s %-11s %-11s %-16s %s\n", "VERSION", "FIELDED", "RELEASED", "END-SUPPORT",
	       "UDI-DI", "SBOM (COMPONENTS)");
	for (size_t i = 0; i < nv; i++) {
		const struct vx_product_version *v = &vs[i];
		char sbom[300];
		if (v->sbom_file)
			snprintf(sbom, sizeof(sbom), "%s (%lld)", v->sbom_file, v->ncomponents);
		else
			snprintf(sbom, sizeof(sbom), "none");
		printf("  %-12s %-8s %-11s %-11s %-16s %s\n", v->version, v->fielded ? "yes" : "no",
		       v->release_date ? v->release_date : "-",
		       v->end_of_support ? v->end_of_support : "-", v->udi_di ? v->udi_di : "-",
		       sbom);
	}
}

static int add(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *model = NULL, *pathway = NULL, *cyber = NULL, *version = NULL,
		   *fielded = NULL, *released = NULL, *eos = NULL, *udi = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"model", &model, NULL},	 {"pathway", &pathway, NULL},
		{"cyber-device", &cyber, NULL},	 {"version", &version, NULL},
		{"fielded", &fielded, NULL},	 {"released", &released, NULL},
		{"end-of-support", &eos, NULL}, {"udi-di", &udi, NULL},
		{NULL, NULL, NULL},
	};
	struct vx_product p = {0}, existing;
	struct vx_product_version v = {0};
	struct vx_err err;
	int npos, rc, cy = -1, fi = -1, created_version = 0;
	bool help, is_new;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected the product name");
	if (cyber && (cy = vx_cmd_bool(cyber)) < 0)
		return vx_cmd_usage_error(ctx, "--cyber-device takes yes or no, not '%s'", cyber);
	if (fielded && (fi = vx_cmd_bool(fielded)) < 0)
		return vx_cmd_usage_error(ctx, "--fielded takes yes or no, not '%s'", fielded);
	if (pathway && !vx_store_pathway(pathway))
		return vx_cmd_usage_error(ctx, "--pathway must be PMA, 510k or DeNovo, not '%s'",
					  pathway);
	if (!version && (fielded || released || eos || udi))
		return vx_cmd_usage_error(ctx, "--fielded, --released, --end-of-support and "
					       "--udi-di describe a version: add --version");
	vx_err_clear(&err);
	if (vx_store_begin(ctx->store, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	p.name = (char *)pos[0];
	p.model = (char *)model;
	p.pathway = (char *)pathway;
	p.cyber_device = cy;
	is_new = vx_store_product_get(ctx->store, pos[0], &existing, &err) == VX_ENOTFOUND;
	if (is_new) {
		vx_err_clear(&err);
		if (!pathway) {
			vx_store_rollback(ctx->store);
			return vx_cmd_usage_error(ctx, "a new product needs --pathway (PMA, 510k or "
						       "DeNovo)");
		}
		rc = vx_store_product_add(ctx->store, &p, &p.id, &err);
	} else if (err.code) {
		rc = err.code;
	} else {
		p.id = existing.id;
		vx_product_release(&existing);
		rc = (model || pathway || cy >= 0) ? vx_store_product_update(ctx->store, &p, &err)
						   : 0;
	}
	if (rc == 0 && version) {
		v.version = (char *)version;
		v.fielded = fi;
		v.release_date = (char *)released;
		v.end_of_support = (char *)eos;
		v.udi_di = (char *)udi;
		rc = vx_store_version_put(ctx->store, p.id, &v, &created_version, &err);
	}
	if (rc < 0 || vx_store_commit(ctx->store, &err) < 0) {
		vx_store_rollback(ctx->store);
		return vx_cmd_fail(ctx, &err);
	}
	printf("%s product '%s'", is_new ? "added" : "updated", pos[0]);
	if (version)
		printf(", %s version '%s'", created_version ? "added" : "updated", version);
	printf("\n");
	return VX_EXIT_OK;
}

static int list(struct vx_ctx *ctx)
{
	struct vx_product *ps;
	size_t n;
	struct vx_err err;
	cJSON *arr = NULL;

	vx_err_clear(&err);
	if (vx_store_product_list(ctx->store, &ps, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json)
		arr = cJSON_CreateArray();
	else if (n == 0)
		printf("no products yet (add one with 'vexil product add')\n");
	for (size_t i = 0; i < n; i++) {
		if (arr) {
			cJSON *o = product_json(ctx->store, &ps[i], &err);
			if (!o)
				break;
			cJSON_AddItemToArray(arr, o);
		} else {
			struct vx_product_version *vs;
			size_t nv;
			if (vx_store_version_list(ctx->store, ps[i].id, &vs, &nv, &err) < 0)
				break;
			printf("%s%s%s  [%s%s]\n", ps[i].name, ps[i].model ? "  model " : "",
			       ps[i].model ? ps[i].model : "", ps[i].pathway,
			       ps[i].cyber_device ? ", cyber device" : "");
			print_versions(vs, nv);
			vx_version_list_free(vs, nv);
		}
	}
	vx_product_list_free(ps, n);
	if (err.code) {
		cJSON_Delete(arr);
		return vx_cmd_fail(ctx, &err);
	}
	if (arr)
		vx_cmd_print_json(arr);
	return VX_EXIT_OK;
}

static int show(struct vx_ctx *ctx, const char *name)
{
	struct vx_product p;
	struct vx_product_version *vs = NULL;
	size_t nv = 0;
	struct vx_err err;

	vx_err_clear(&err);
	if (vx_store_product_get(ctx->store, name, &p, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *o = product_json(ctx->store, &p, &err);
		vx_product_release(&p);
		if (!o)
			return vx_cmd_fail(ctx, &err);
		vx_cmd_print_json(o);
		return VX_EXIT_OK;
	}
	if (vx_store_version_list(ctx->store, p.id, &vs, &nv, &err) < 0) {
		vx_product_release(&p);
		return vx_cmd_fail(ctx, &err);
	}
	printf("product:       %s\n", p.name);
	printf("model:         %s\n", p.model ? p.model : "-");
	printf("pathway:       %s\n", p.pathway);
	printf("cyber device:  %s\n", p.cyber_device ? "yes (section 524B)" : "no");
	printf("added:         %s\n", p.created_at);
	printf("versions:\n");
	print_versions(vs, nv);
	vx_version_list_free(vs, nv);
	vx_product_release(&p);
	return VX_EXIT_OK;
}

int vx_cmd_product(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *pos[1];
	int npos, rc;
	bool help;

	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected add, list or show");
	if (strcmp(argv[0], "add") == 0) {
		ctx->name = "product add";
		return add(ctx, argc - 1, argv + 1);
	}
	if (strcmp(argv[0], "list") == 0) {
		ctx->name = "product list";
		rc = vx_cmd_parse(ctx, argc - 1, argv + 1, NULL, pos, 0, &npos, &help);
		return rc || help ? rc : list(ctx);
	}
	if (strcmp(argv[0], "show") == 0) {
		ctx->name = "product show";
		rc = vx_cmd_parse(ctx, argc - 1, argv + 1, NULL, pos, 1, &npos, &help);
		if (rc || help)
			return rc;
		if (npos != 1)
			return vx_cmd_usage_error(ctx, "expected the product name");
		return show(ctx, pos[0]);
	}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s' (expected add, list or show)",
				  argv[0]);
}
