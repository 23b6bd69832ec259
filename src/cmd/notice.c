/* src/cmd/notice.c - vexil notice: a CVD notice from a template, recorded when issued. */
#include "cmd/cmd.h"
#include "render/notice.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/file.h"
#include "util/jsonw.h"
#include "util/paths.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_notice[] =
	"usage: vexil notice --product P --vuln ID --kind customer|isao|researcher-ack\n"
	"                    [--format md|txt|pdf] [-o FILE] [--draft] [--templates DIR]\n"
	"                    [--fonts DIR] [--letter]\n"
	"\n"
	"Write a coordinated-disclosure notice from the template templates/<kind>.lua (Lua,\n"
	"run in the rules sandbox: change the wording there, no recompiling; see\n"
	"templates/README.md):\n"
	"  customer        the notice to users: for an uncontrolled risk it holds the four\n"
	"                  elements FDA's 2016 guidance asks for within 30 days, and the ISO/IEC\n"
	"                  29147 advisory elements\n"
	"  isao            the same information for the ISAO (condition C4)\n"
	"  researcher-ack  the acknowledgement to the reporter\n"
	"\n"
	"Issuing a notice records it: a customer notice sets the 'customers notified' date, an\n"
	"ISAO notice the 'ISAO notified' date, of every open finding of the vulnerability in the\n"
	"product that has none yet (the dates behind conditions C2 and C4; run 'vexil evaluate'\n"
	"afterwards), and every notice is on the audit trail with its SHA-256. --draft writes\n"
	"the file and records nothing.\n"
	"  --format F      md (default), txt or pdf\n"
	"  -o FILE         default notice-<kind>-<product>-<vuln>.<format>\n";

static int record(struct vx_ctx *ctx, const char *product, const char *vuln, const char *kind,
		  const char *date, const char *file, const char *sha, const char *tsha,
		  size_t *updated, struct vx_err *err)
{
	struct vx_finding_filter flt = {0};
	struct vx_finding *fs = NULL;
	size_t nf = 0;
	int rc, customer = strcmp(kind, "customer") == 0, isao = strcmp(kind, "isao") == 0;
	struct vx_jw w;
	char *entity, *reason;
	*updated = 0;
	flt.product = product;
	flt.vuln = vuln;
	if ((rc = vx_store_findings(ctx->store, &flt, &fs, &nf, err)) < 0)
		return rc;
	reason = vx_asprintf("%s notice %.16s (%s)", kind, sha, file);
	for (size_t i = 0; rc == 0 && i < nf && (customer || isao); i++) {
		struct vx_triage *th = NULL, t;
		size_t nth = 0;
		if ((rc = vx_store_triage_history(ctx->store, fs[i].id, &th, &nth, err)) < 0)
			break;
		if ((customer && !th[nth - 1].customers_notified) ||
		    (isao && !th[nth - 1].isao_notified)) {
			memset(&t, 0, sizeof(t));
			t.safety_impact = t.public_exploit = t.adverse_events = -1;
			t.epss = -1;
			if (customer)
				t.customers_notified = (char *)date;
			else
				t.isao_notified = (char *)date;
			t.reason = reason;
			if ((rc = vx_store_triage_set(ctx->store, fs[i].id, &t, NULL, err)) == 0)
				(*updated)++;
		}
		vx_triage_list_free(th, nth);
	}
	if (rc == 0) {
		vx_jw_init(&w);
		vx_jw_object(&w);
		vx_jw_kstr(&w, "kind", kind);
		vx_jw_kstr(&w, "product", product);
		vx_jw_kstr(&w, "date", date);
		vx_jw_kstr(&w, "file", file);
		vx_jw_kstr(&w, "sha256", sha);
		vx_jw_kstr(&w, "template_sha256", tsha);
		vx_jw_kint(&w, "findings_updated", (long long)*updated);
		vx_jw_object_end(&w);
		entity = vx_asprintf("vulnerability %s", vuln);
		rc = vx_store_audit(ctx->store, "notice.issue", entity, NULL, vx_jw_text(&w), NULL, err);
		free(entity);
		vx_jw_release(&w);
	}
	free(reason);
	vx_finding_list_free(fs, nf);
	return rc;
}

int vx_cmd_notice(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *vuln = NULL, *kind = NULL, *format = "md", *out = NULL,
		   *templates = NULL, *fonts = NULL, *pos[1];
	bool draft = false, letter = false, help;
	const struct vx_option opts[] = {
		{"product", &product, NULL},	 {"vuln", &vuln, NULL},
		{"kind", &kind, NULL},		 {"format", &format, NULL},
		{"o", &out, NULL},		 {"templates", &templates, NULL},
		{"fonts", &fonts, NULL},	 {"draft", NULL, &draft},
		{"letter", NULL, &letter},	 {NULL, NULL, NULL},
	};
	struct vx_notice_opts no = {0};
	struct vx_notice nt = {0};
	struct vx_err err;
	char date[11], sha[65], *tdir = NULL, *fdir = NULL, *path = NULL, *data = NULL;
	size_t len = 0, updated = 0;
	int npos, rc;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !vuln || !kind)
		return vx_cmd_usage_error(ctx, "--product, --vuln and --kind are required");
	if (strcmp(kind, "customer") != 0 && strcmp(kind, "isao") != 0 &&
	    strcmp(kind, "researcher-ack") != 0)
		return vx_cmd_usage_error(ctx, "--kind must be customer, isao or researcher-ack");
	if (strcmp(format, "md") != 0 && strcmp(format, "txt") != 0 && strcmp(format, "pdf") != 0)
		return vx_cmd_usage_error(ctx, "--format must be md, txt or pdf");
	vx_err_clear(&err);
	if (!vx_data_dir() && (!templates || (!fonts && strcmp(format, "pdf") == 0))) {
		vx_err_set(&err, VX_ENOTFOUND, "cannot find the data folder: set VEXIL_DATA_DIR");
		return vx_cmd_fail(ctx, &err);
	}
	tdir = templates ? vx_strdup(templates) : vx_asprintf("%s/templates", vx_data_dir());
	fdir = fonts ? vx_strdup(fonts) : vx_data_dir() ? vx_asprintf("%s/fonts", vx_data_dir()) : NULL;
	vx_time_format_date(vx_time_now(), date);
	no.product = product;
	no.vuln = vuln;
	no.kind = kind;
	no.templates_dir = tdir;
	no.date = date;
	if ((rc = vx_notice_render(ctx->store, &no, &nt, &err)) < 0)
		goto out;
	if (strcmp(format, "md") == 0) {
		data = vx_asprintf("%s\n", nt.markdown);
		len = strlen(data);
	} else if (strcmp(format, "txt") == 0) {
		data = vx_notice_text(&nt);
		len = strlen(data);
	} else if ((rc = vx_notice_pdf(&nt, fdir, letter, (long long)vx_time_now(), &data, &len,
				       &err)) < 0) {
		goto out;
	}
	vx_sha256_hex(data, len, sha);
	if (out) {
		path = vx_strdup(out);
	} else {
		path = vx_asprintf("notice-%s-%s-%s.%s", kind, product, vuln, format);
		for (char *p = path; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", *p))
				*p = '_';
	}
	if (!draft) { /* recorded first: a notice on disk that the store does not know is worse */
		if ((rc = vx_store_begin(ctx->store, &err)) < 0)
			goto out;
		if ((rc = record(ctx, product, vuln, kind, date, path, sha, nt.template_sha256,
				 &updated, &err)) < 0 ||
		    (rc = vx_file_write_atomic(path, data, len, &err)) < 0 ||
		    (rc = vx_store_commit(ctx->store, &err)) < 0) {
			vx_store_rollback(ctx->store);
			goto out;
		}
	} else if ((rc = vx_file_write_atomic(path, data, len, &err)) < 0) {
		goto out;
	}
	if (ctx->json) {
		cJSON *j = cJSON_CreateObject();
		vx_cmd_json_str(j, "file", path);
		vx_cmd_json_str(j, "kind", kind);
		vx_cmd_json_str(j, "sha256", sha);
		cJSON_AddBoolToObject(j, "recorded", !draft);
		cJSON_AddNumberToObject(j, "findings_updated", (double)updated);
		vx_cmd_print_json(j);
	} else {
		printf("%s: %s notice for %s in %s (%s)\n", path, kind, vuln, product, format);
		if (draft)
			printf("draft: nothing recorded\n");
		else if (strcmp(kind, "researcher-ack") == 0)
			printf("recorded on the audit trail (sha256 %.16s...)\n", sha);
		else
			printf("recorded: %s notified %s on %zu finding%s (run 'vexil evaluate')\n",
			       strcmp(kind, "customer") == 0 ? "customers" : "ISAO", date, updated,
			       updated == 1 ? "" : "s");
	}
	rc = 0;
out:
	vx_notice_release(&nt);
	free(tdir);
	free(fdir);
	free(path);
	free(data);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}
