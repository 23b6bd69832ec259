/* src/cmd/sbom.c - vexil sbom import|check|diff|list|show. */
#include "cmd/cmd.h"
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "match/ident.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_sbom[] =
	"usage: vexil sbom import FILE --product P --version V [--support CSV]\n"
	"       vexil sbom check --product P --version V [--json]\n"
	"       vexil sbom diff --product P V1 V2 [--json]\n"
	"       vexil sbom list [--product P] [--version V] [--all] [--json]\n"
	"       vexil sbom show --product P --version V [--json]\n"
	"\n"
	"import  Read a CycloneDX (1.2-1.6, JSON or XML) or SPDX (2.2/2.3 JSON) SBOM, detected\n"
	"        from its content, check it (structure, purls, CPEs, hashes) and make it the\n"
	"        inventory of the product version, in one transaction. A file that fails any\n"
	"        check changes nothing. Importing the same file again is a no-op; a different\n"
	"        SBOM replaces the version's inventory (the old one is kept as history).\n"
	"        --support CSV adds FDA's support level and end-of-support date from a\n"
	"        sidecar file (columns purl|bom-ref|name,version and support_level,\n"
	"        end_of_support); see docs/sbom.md for the in-SBOM convention.\n"
	"check   Report per component the NTIA minimum elements (supplier, name, version, unique\n"
	"        identifier, dependency relationship, SBOM author, timestamp) and FDA's support\n"
	"        level and end-of-support date. Exits 1 when any element is missing.\n"
	"diff    Components added, removed and changed between two versions of a product.\n"
	"list    SBOM documents in the store (--all includes superseded ones).\n"
	"show    The inventory of a product version.\n";

/* --- import ------------------------------------------------------------------------ */

static int import(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *support = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"product", &product, NULL},
		{"version", &version, NULL},
		{"support", &support, NULL},
		{NULL, NULL, NULL},
	};
	struct vx_product_version v = {0};
	struct vx_sbom sbom;
	struct vx_err err;
	char *data = NULL, *csv = NULL, sha[65], csv_sha[65];
	size_t len, csv_len = 0;
	long long doc_id = 0;
	int npos, rc, duplicate = 0;
	size_t ndev = 0;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected the SBOM file");
	if (!product || !version)
		return vx_cmd_usage_error(ctx, "--product and --version are required");
	vx_err_clear(&err);
	vx_sbom_init(&sbom);
	if ((rc = vx_store_version_get(ctx->store, product, version, &v, &err)) < 0)
		goto fail;
	if ((rc = vx_file_read(pos[0], VX_SBOM_MAX_BYTES, &data, &len, &err)) < 0 ||
	    (rc = vx_sbom_parse(data, len, &sbom, &err)) < 0) {
		vx_err_prefix(&err, "%s", pos[0]);
		goto fail;
	}
	vx_sha256_hex(data, len, sha);
	if (support) {
		if ((rc = vx_file_read(support, (size_t)64 << 20, &csv, &csv_len, &err)) < 0 ||
		    (rc = vx_sbom_apply_support_csv(&sbom, csv, csv_len, &err)) < 0) {
			vx_err_prefix(&err, "%s", support);
			goto fail;
		}
		vx_sha256_hex(csv, csv_len, csv_sha);
	}
	if ((rc = vx_match_check_identifiers(&sbom, &err)) < 0) {
		vx_err_prefix(&err, "%s", pos[0]);
		goto fail;
	}
	if ((rc = vx_store_begin(ctx->store, &err)) < 0)
		goto fail;
	rc = vx_store_sbom_put(ctx->store, v.id, &sbom, vx_path_base(pos[0]), sha,
			       support ? vx_path_base(support) : NULL, support ? csv_sha : NULL,
			       &duplicate, &doc_id, &err);
	if (rc == 0 && !duplicate)
		rc = vx_store_sbom_content_put(ctx->store, doc_id, data, len, csv, csv_len, &err);
	if (rc < 0 || (rc = vx_store_commit(ctx->store, &err)) < 0) {
		vx_store_rollback(ctx->store);
		goto fail;
	}
	if (duplicate) {
		printf("%s: already the current SBOM of %s %s (sha256 %.16s...): nothing changed\n",
		       pos[0], product, version, sha);
	} else {
		const char *device = NULL;
		for (size_t i = 0; i < sbom.ncomponents; i++)
			if (sbom.components[i].is_device) {
				ndev++;
				device = sbom.components[i].name;
			}
		printf("%s: %s %s, %zu components, %zu dependency statements%s%s%s\n", pos[0],
		       vx_sbom_format_name(sbom.format), sbom.spec_version,
		       sbom.ncomponents - ndev, sbom.ndeps, device ? ", device '" : "",
		       device ? device : "", device ? "'" : "");
		printf("imported as the SBOM of %s %s%s (sha256 %.16s...)\n", product, version,
		       v.sbom_id ? ", replacing the previous one" : "", sha);
	}
	rc = 0;
fail:
	vx_version_release(&v);
	vx_sbom_release(&sbom);
	free(data);
	free(csv);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}

/* --- helpers for the read-only subcommands --------------------------------------------- */

static int load_inventory(struct vx_ctx *ctx, const char *product, const char *version,
			  struct vx_sbom *s, struct vx_sbom_doc *doc, struct vx_err *err)
{
	struct vx_product_version v;
	int rc = vx_store_version_get(ctx->store, product, version, &v, err);
	if (rc < 0)
		return rc;
	rc = vx_store_inventory(ctx->store, v.id, s, doc, err);
	if (rc == VX_ENOTFOUND)
		vx_err_set(err, VX_ENOTFOUND,
			   "%s %s has no SBOM yet (import one with 'vexil sbom import')", product,
			   version);
	vx_version_release(&v);
	return rc;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A left-aligned cell of `width` columns; a longer value is cut and ends in "~" so that a
 * truncated version is never mistaken for another one. */
static void print_cell(const char *s, int width)
{
	int n = (int)strlen(s);
	if (n <= width)
		printf("%-*s", width, s);
	else
		printf("%.*s~", width - 1, s);
}

/* --- check ----------------------------------------------------------------------------- */

static int check(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"version", &version, NULL}, {NULL, NULL, NULL}};
	static const enum vx_element cols[] = {VX_EL_SUPPLIER,	    VX_EL_NAME,
					       VX_EL_VERSION,	    VX_EL_IDENTIFIER,
					       VX_EL_DEPENDENCY,    VX_EL_SUPPORT_LEVEL,
					       VX_EL_END_OF_SUPPORT};
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	struct vx_element_report r;
	struct vx_sbom s;
	struct vx_sbom_doc doc;
	struct vx_err err;
	int npos, rc;
	bool help, complete;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !version)
		return vx_cmd_usage_error(ctx, "--product and --version are required");
	vx_err_clear(&err);
	if (load_inventory(ctx, product, version, &s, &doc, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	vx_sbom_check_elements(&s, &r);
	complete = r.ncomplete == r.ncomponents && !r.doc_missing;

	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *d, *arr, *sum;
		vx_cmd_json_str(o, "product", product);
		vx_cmd_json_str(o, "version", version);
		vx_cmd_json_str(o, "sbom", doc.file_name);
		vx_cmd_json_str(o, "sha256", doc.sha256);
		d = cJSON_AddObjectToObject(o, "document");
		vx_cmd_json_str(d, "author", s.authors);
		vx_cmd_json_str(d, "timestamp", s.timestamp);
		arr = cJSON_AddArrayToObject(o, "components");
		for (size_t i = 0; i < s.ncomponents; i++) {
			const struct vx_component *c = &s.components[i];
			cJSON *e, *m;
			if (c->is_device)
				continue;
			e = cJSON_CreateObject();
			vx_cmd_json_str(e, "bom_ref", c->bom_ref);
			vx_cmd_json_str(e, "name", c->name);
			vx_cmd_json_str(e, "version", c->version);
			m = cJSON_AddArrayToObject(e, "missing");
			for (int k = 0; k < VX_EL_COUNT; k++)
				if (r.missing[i] & VX_EL_BIT(k) && !(r.invalid[i] & VX_EL_BIT(k)))
					cJSON_AddItemToArray(m, cJSON_CreateString(
									vx_element_name(k)));
			m = cJSON_AddArrayToObject(e, "invalid");
			for (int k = 0; k < VX_EL_COUNT; k++)
				if (r.invalid[i] & VX_EL_BIT(k))
					cJSON_AddItemToArray(m, cJSON_CreateString(
									vx_element_name(k)));
			cJSON_AddItemToArray(arr, e);
		}
		sum = cJSON_AddObjectToObject(o, "summary");
		cJSON_AddNumberToObject(sum, "components", (double)r.ncomponents);
		cJSON_AddNumberToObject(sum, "complete", (double)r.ncomplete);
		for (int k = 0; k < VX_EL_COUNT; k++)
			cJSON_AddNumberToObject(sum, vx_element_name(k), (double)r.nmissing[k]);
		cJSON_AddBoolToObject(o, "all_required_present", complete);
		vx_cmd_print_json(o);
	} else {
		printf("SBOM check: %s %s (%s, %s %s)\n", product, version, doc.file_name,
		       doc.format, doc.spec_version);
		printf("  SBOM author: %s\n", s.authors ? s.authors : "MISSING");
		printf("  timestamp:   %s\n", s.timestamp ? s.timestamp : "MISSING");
		int wn = 9, wv = 7; /* column widths: the longest name and version, capped */
		for (size_t i = 0; i < s.ncomponents; i++) {
			int ln = (int)strlen(or_dash(s.components[i].name));
			int lv = (int)strlen(or_dash(s.components[i].version));
			wn = ln > wn ? (ln < 48 ? ln : 48) : wn;
			wv = lv > wv ? (lv < 32 ? lv : 32) : wv;
		}
		printf("\n%-*s %-*s SUP ID  DEP LVL EOS  MISSING\n", wn, "COMPONENT", wv, "VERSION");
		for (size_t i = 0; i < s.ncomponents; i++) {
			const struct vx_component *c = &s.components[i];
			unsigned m = r.missing[i] & ~r.doc_missing;
			bool first = true;
			if (c->is_device)
				continue;
			print_cell(or_dash(c->name), wn);
			printf(" ");
			print_cell(or_dash(c->version), wv);
			for (size_t k = 0; k < ncols; k++) {
				if (cols[k] == VX_EL_NAME || cols[k] == VX_EL_VERSION)
					continue;
				printf(" %-3s", m & VX_EL_BIT(cols[k]) ? "--" : "ok");
			}
			printf(" ");
			for (int k = 0; k < VX_EL_COUNT; k++) {
				if (!(m & VX_EL_BIT(k)))
					continue;
				printf("%s%s%s", first ? "" : ", ", vx_element_name(k),
				       r.invalid[i] & VX_EL_BIT(k) ? " (not a date)" : "");
				first = false;
			}
			printf("\n");
		}
		printf("\n%zu components, %zu with every element", r.ncomponents, r.ncomplete);
		if (!complete) {
			bool first = true;
			printf("; missing:");
			for (int k = 0; k < VX_EL_COUNT; k++) {
				size_t cnt = r.nmissing[k];
				if (!cnt)
					continue;
				printf("%s %s (%s) in %zu", first ? "" : ",", vx_element_name(k),
				       vx_element_source(k), cnt);
				first = false;
			}
		}
		printf("\n%s\n", complete ? "all NTIA minimum elements and FDA support fields present"
					  : "result: required elements are missing");
	}
	vx_element_report_release(&r);
	vx_sbom_release(&s);
	vx_sbom_doc_release(&doc);
	return complete ? VX_EXIT_OK : VX_EXIT_FAIL;
}

/* --- diff ------------------------------------------------------------------------------ */

static void describe_fields(unsigned f, char *out, size_t len)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{VX_DF_VERSION, "version"}, {VX_DF_SUPPLIER, "supplier"},
		     {VX_DF_PURL, "purl"},	 {VX_DF_CPE, "cpe"},
		     {VX_DF_HASHES, "hashes"},	 {VX_DF_LICENCE, "licence"},
		     {VX_DF_SUPPORT, "support"}};
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].bit && used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "",
						 names[i].name);
}

static int diff(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *pos[2];
	const struct vx_option opts[] = {{"product", &product, NULL}, {NULL, NULL, NULL}};
	struct vx_sbom a, b;
	struct vx_sbom_doc da, db;
	struct vx_diff_entry *d;
	struct vx_err err;
	size_t n, counts[3] = {0};
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 2, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || npos != 2)
		return vx_cmd_usage_error(ctx, "expected --product P and two versions");
	vx_err_clear(&err);
	if (load_inventory(ctx, product, pos[0], &a, &da, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (load_inventory(ctx, product, pos[1], &b, &db, &err) < 0) {
		vx_sbom_release(&a);
		vx_sbom_doc_release(&da);
		return vx_cmd_fail(ctx, &err);
	}
	vx_sbom_diff(&a, &b, &d, &n);
	for (size_t i = 0; i < n; i++)
		counts[d[i].kind]++;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		vx_cmd_json_str(o, "product", product);
		vx_cmd_json_str(o, "from", pos[0]);
		vx_cmd_json_str(o, "to", pos[1]);
		arr = cJSON_AddArrayToObject(o, "changes");
		for (size_t i = 0; i < n; i++) {
			const struct vx_component *ca = d[i].a >= 0 ? &a.components[d[i].a] : NULL;
			const struct vx_component *cb = d[i].b >= 0 ? &b.components[d[i].b] : NULL;
			const struct vx_component *c = cb ? cb : ca;
			cJSON *e = cJSON_CreateObject();
			char f[128];
			vx_cmd_json_str(e, "change",
					d[i].kind == VX_DIFF_ADDED	 ? "added"
					: d[i].kind == VX_DIFF_REMOVED ? "removed"
									 : "changed");
			vx_cmd_json_str(e, "name", c->name);
			vx_cmd_json_str(e, "purl", c->purl);
			vx_cmd_json_str(e, "from_version", ca ? ca->version : NULL);
			vx_cmd_json_str(e, "to_version", cb ? cb->version : NULL);
			if (d[i].kind == VX_DIFF_CHANGED) {
				describe_fields(d[i].fields, f, sizeof(f));
				vx_cmd_json_str(e, "fields", f);
			}
			cJSON_AddItemToArray(arr, e);
		}
		vx_cmd_print_json(o);
	} else {
		printf("SBOM diff %s: %s (%s) -> %s (%s)\n", product, pos[0], da.file_name, pos[1],
		       db.file_name);
		for (size_t i = 0; i < n; i++) {
			const struct vx_component *ca = d[i].a >= 0 ? &a.components[d[i].a] : NULL;
			const struct vx_component *cb = d[i].b >= 0 ? &b.components[d[i].b] : NULL;
			char f[128];
			switch (d[i].kind) {
			case VX_DIFF_ADDED:
				printf("+ %s %s\n", cb->name, or_dash(cb->version));
				break;
			case VX_DIFF_REMOVED:
				printf("- %s %s\n", ca->name, or_dash(ca->version));
				break;
			case VX_DIFF_CHANGED:
				describe_fields(d[i].fields, f, sizeof(f));
				printf("~ %s %s -> %s (%s)\n", cb->name, or_dash(ca->version),
				       or_dash(cb->version), f);
				break;
			}
		}
		printf("%zu added, %zu removed, %zu changed\n", counts[VX_DIFF_ADDED],
		       counts[VX_DIFF_REMOVED], counts[VX_DIFF_CHANGED]);
	}
	free(d);
	vx_sbom_release(&a);
	vx_sbom_release(&b);
	vx_sbom_doc_release(&da);
	vx_sbom_doc_release(&db);
	return VX_EXIT_OK;
}

/* --- list and show --------------------------------------------------------------------- */

static int list(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *pos[1];
	bool all = false, help;
	const struct vx_option opts[] = {{"product", &product, NULL},
					 {"version", &version, NULL},
					 {"all", NULL, &all},
					 {NULL, NULL, NULL}};
	struct vx_sbom_doc *docs;
	struct vx_err err;
	size_t n;
	int npos, rc;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	vx_err_clear(&err);
	if (vx_store_sbom_list(ctx->store, product, version, all, &docs, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			vx_cmd_json_str(o, "product", docs[i].product);
			vx_cmd_json_str(o, "version", docs[i].version);
			vx_cmd_json_str(o, "file", docs[i].file_name);
			vx_cmd_json_str(o, "format", docs[i].format);
			vx_cmd_json_str(o, "spec_version", docs[i].spec_version);
			vx_cmd_json_str(o, "serial", docs[i].serial);
			vx_cmd_json_str(o, "sha256", docs[i].sha256);
			vx_cmd_json_str(o, "support_file", docs[i].support_file);
			vx_cmd_json_str(o, "authors", docs[i].authors);
			vx_cmd_json_str(o, "timestamp", docs[i].sbom_timestamp);
			vx_cmd_json_str(o, "imported_at", docs[i].imported_at);
			vx_cmd_json_str(o, "superseded_at", docs[i].superseded_at);
			cJSON_AddNumberToObject(o, "components", (double)docs[i].ncomponents);
			cJSON_AddItemToArray(arr, o);
		}
		vx_cmd_print_json(arr);
	} else if (n == 0) {
		printf("no SBOMs%s\n", product || version ? " match" : " imported yet");
	} else {
		printf("%-20s %-10s %-32s %-16s %6s %-20s %s\n", "PRODUCT", "VERSION", "FILE",
		       "FORMAT", "COMPS", "IMPORTED", "STATE");
		for (size_t i = 0; i < n; i++)
			printf("%-20.20s %-10.10s %-32.32s %-12s %-3s %6lld %-20s %s\n",
			       docs[i].product, docs[i].version, docs[i].file_name, docs[i].format,
			       docs[i].spec_version, docs[i].ncomponents, docs[i].imported_at,
			       docs[i].superseded_at ? "superseded" : "current");
	}
	vx_sbom_doc_list_free(docs, n);
	return VX_EXIT_OK;
}

static int show(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"version", &version, NULL}, {NULL, NULL, NULL}};
	struct vx_sbom s;
	struct vx_sbom_doc doc;
	struct vx_err err;
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !version)
		return vx_cmd_usage_error(ctx, "--product and --version are required");
	vx_err_clear(&err);
	if (load_inventory(ctx, product, version, &s, &doc, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		vx_cmd_json_str(o, "product", product);
		vx_cmd_json_str(o, "version", version);
		vx_cmd_json_str(o, "sbom", doc.file_name);
		arr = cJSON_AddArrayToObject(o, "components");
		for (size_t i = 0; i < s.ncomponents; i++) {
			const struct vx_component *c = &s.components[i];
			cJSON *e = cJSON_CreateObject(), *h;
			vx_cmd_json_str(e, "bom_ref", c->bom_ref);
			cJSON_AddBoolToObject(e, "device", c->is_device);
			vx_cmd_json_str(e, "parent",
					c->parent >= 0 ? s.components[c->parent].bom_ref : NULL);
			vx_cmd_json_str(e, "type", c->type);
			vx_cmd_json_str(e, "group", c->group);
			vx_cmd_json_str(e, "name", c->name);
			vx_cmd_json_str(e, "version", c->version);
			vx_cmd_json_str(e, "supplier", c->supplier);
			vx_cmd_json_str(e, "author", c->author);
			vx_cmd_json_str(e, "purl", c->purl);
			vx_cmd_json_str(e, "cpe", c->cpe);
			vx_cmd_json_str(e, "licence", c->licence);
			vx_cmd_json_str(e, "support_level", c->support_level);
			vx_cmd_json_str(e, "end_of_support", c->end_of_support);
			h = cJSON_AddObjectToObject(e, "hashes");
			for (size_t k = 0; k < c->nhashes; k++)
				cJSON_AddStringToObject(h, c->hashes[k].alg, c->hashes[k].value);
			cJSON_AddItemToArray(arr, e);
		}
		vx_cmd_print_json(o);
	} else {
		size_t ncomp = 0;
		printf("Inventory of %s %s (%s, %s %s, imported %s)\n", product, version,
		       doc.file_name, doc.format, doc.spec_version, doc.imported_at);
		for (size_t i = 0; i < s.ncomponents; i++)
			if (s.components[i].is_device)
				printf("device: %s %s\n", s.components[i].name,
				       or_dash(s.components[i].version));
		printf("%-28s %-14s %-16s %-20s %-22s %s\n", "COMPONENT", "VERSION", "TYPE",
		       "SUPPLIER", "SUPPORT", "IDENTIFIER");
		for (size_t i = 0; i < s.ncomponents; i++) {
			const struct vx_component *c = &s.components[i];
			char support[64];
			if (c->is_device)
				continue;
			ncomp++;
			snprintf(support, sizeof(support), "%s%s%s", or_dash(c->support_level),
				 c->end_of_support ? " to " : "",
				 c->end_of_support ? c->end_of_support : "");
			printf("%-28.28s %-14.14s %-16.16s %-20.20s %-22.22s %s\n", c->name,
			       or_dash(c->version), or_dash(c->type),
			       or_dash(c->supplier ? c->supplier : c->author), support,
			       c->purl ? c->purl : or_dash(c->cpe));
		}
		printf("%zu components\n", ncomp);
	}
	vx_sbom_release(&s);
	vx_sbom_doc_release(&doc);
	return VX_EXIT_OK;
}

int vx_cmd_sbom(struct vx_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name, *full;
		int (*fn)(struct vx_ctx *, int, char **);
	} subs[] = {{"import", "sbom import", import}, {"check", "sbom check", check},
		    {"diff", "sbom diff", diff},	 {"list", "sbom list", list},
		    {"show", "sbom show", show}};
	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected import, check, diff, list or show");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[0], subs[i].name) == 0) {
			ctx->name = subs[i].full;
			return subs[i].fn(ctx, argc - 1, argv + 1);
		}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s'", argv[0]);
}
