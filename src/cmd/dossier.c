/* src/cmd/dossier.c - vexil dossier: render, sign, check and write the PDF dossier. */
#include "cmd/cmd.h"
#include "cmd/progress.h"
#include "cmd/signing.h"
#include "render/dossier.h"
#include "sign/sign.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"
#include "util/paths.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_dossier[] =
	"usage: vexil dossier --product P [--version V] [--from DATE] [--to DATE] -o FILE.pdf\n"
	"                     [--sign-key KEY.pem --sign-cert CERT.pem [--chain CHAIN.pem]\n"
	"                      | --sign-p12 FILE.p12 [--chain CHAIN.pem]]\n"
	"                     [--pass-file FILE] [--pades] [--letter] [--fonts DIR]\n"
	"\n"
	"Write the postmarket cybersecurity dossier of a device: cover, contents, summary with\n"
	"figures and FDA's plan metrics, the completeness statement, one section per finding\n"
	"(evidence, CVSS, KEV, VEX, clinical assessment, decision, reportability with C1-C4,\n"
	"actions, communications, audit history) and the SBOM inventory. The SBOM files and a\n"
	"decisions JSON are embedded as attachments.\n"
	"\n"
	"  --version V           one version only (default: every version of the product)\n"
	"  --from / --to DATE    the period (YYYY-MM-DD): findings identified by --to and open\n"
	"                        at some time from --from\n"
	"  -o, --output FILE     where to write; written to a temporary file and renamed\n"
	"  --sign-key, --sign-cert  a PEM private key (RSA or EC) and its certificate\n"
	"  --sign-p12 FILE       a PKCS#12 file holding key and certificate (instead)\n"
	"  --chain FILE          intermediate / CA certificates to embed in the signature\n"
	"  --pass-file FILE      the key's passphrase is the file's first line; otherwise it is\n"
	"                        read from VEXIL_SIGN_PASS (never from the command line)\n"
	"  --pades               sign as ETSI.CAdES.detached (PAdES B-B) instead of\n"
	"                        adbe.pkcs7.detached\n"
	"  --letter              US Letter pages instead of A4\n"
	"  --fonts DIR           folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf (default:\n"
	"                        the installed fonts/)\n"
	"\n"
	"Without a key the dossier is written unsigned and says so on its cover. A signed\n"
	"dossier is verified by vexil before it is written (check it again with 'vexil verify'\n"
	"or pdfsig). SOURCE_DATE_EPOCH fixes the generation time: two runs on the same store\n"
	"then give byte-identical unsigned PDFs.\n";

int vx_cmd_dossier(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *version = NULL, *from = NULL, *to = NULL, *out = NULL,
		   *out2 = NULL, *fonts = NULL, *pos[1];
	struct vx_signing sg = {0};
	bool letter = false, help;
	const struct vx_option opts[] = {
		{"product", &product, NULL},	  {"version", &version, NULL},
		{"from", &from, NULL},		  {"to", &to, NULL},
		{"o", &out, NULL},		  {"output", &out2, NULL},
		{"sign-key", &sg.key, NULL},	  {"sign-cert", &sg.cert, NULL},
		{"chain", &sg.chain, NULL},	  {"sign-p12", &sg.p12, NULL},
		{"pass-file", &sg.pass_file, NULL}, {"fonts", &fonts, NULL},
		{"pades", NULL, &sg.pades},	  {"letter", NULL, &letter},
		{NULL, NULL, NULL},
	};
	struct vx_dossier_opts o;
	struct vx_dossier_info info;
	struct vx_progress progress;
	struct vx_sign_key *k = NULL;
	struct vx_err err;
	char *pdf = NULL, *signed_pdf = NULL, *fonts_dir = NULL, subject[256];
	size_t len = 0, signed_len = 0;
	int npos, rc;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (out2)
		out = out2;
	if (!product)
		return vx_cmd_usage_error(ctx, "--product is required");
	if (!out)
		return vx_cmd_usage_error(ctx, "-o FILE.pdf is required");
	if ((rc = vx_cmd_signing_check(ctx, &sg)) != 0)
		return rc;
	if ((from && !vx_time_parse_date(from, NULL)) || (to && !vx_time_parse_date(to, NULL)))
		return vx_cmd_usage_error(ctx, "--from and --to take a date (YYYY-MM-DD)");
	if (from && to && strcmp(from, to) > 0)
		return vx_cmd_usage_error(ctx, "--from %s is after --to %s", from, to);
	vx_err_clear(&err);

	/* the key first: a wrong passphrase should not cost a render */
	if ((rc = vx_cmd_signing_load(&sg, &k, subject, sizeof(subject), &err)) < 0)
		goto fail;
	if (fonts) {
		fonts_dir = vx_strdup(fonts);
	} else if (vx_data_dir()) {
		fonts_dir = vx_asprintf("%s/fonts", vx_data_dir());
	} else {
		rc = vx_err_set(&err, VX_ENOTFOUND,
				"cannot find the fonts folder: set VEXIL_DATA_DIR or give --fonts");
		goto fail;
	}
	memset(&o, 0, sizeof(o));
	o.product = product;
	o.version = version;
	o.from = from;
	o.to = to;
	o.letter = letter;
	o.fonts_dir = fonts_dir;
	o.generated_at = (long long)vx_time_now();
	o.signer = k ? subject : NULL;
	o.signature = vx_cmd_signing_name(&sg);
	vx_progress_start(&progress, "dossier", "findings", 0);
	o.progress = vx_progress_cb;
	o.progress_ctx = &progress;
	rc = vx_dossier_render(ctx->store, &o, &pdf, &len, &info, &err);
	vx_progress_end(&progress);
	if (rc < 0)
		goto fail;
	if (k && (rc = vx_cmd_sign_checked(pdf, len, k, &sg, "Postmarket cybersecurity dossier",
					   subject, o.generated_at, &signed_pdf, &signed_len,
					   &err)) < 0)
		goto fail;
	if ((rc = vx_file_write_atomic(out, k ? signed_pdf : pdf, k ? signed_len : len, &err)) < 0)
		goto fail;
	if (ctx->json) {
		cJSON *j = cJSON_CreateObject();
		vx_cmd_json_str(j, "file", out);
		vx_cmd_json_str(j, "document_id", info.doc_id);
		cJSON_AddNumberToObject(j, "pages", info.pages);
		cJSON_AddNumberToObject(j, "findings", (double)info.findings);
		cJSON_AddNumberToObject(j, "without_outcome", (double)info.without_outcome);
		cJSON_AddNumberToObject(j, "attachments", (double)info.attachments);
		cJSON_AddNumberToObject(j, "bytes", (double)(k ? signed_len : len));
		vx_cmd_json_str(j, "signer", k ? subject : NULL);
		vx_cmd_json_str(j, "signature", k ? o.signature : NULL);
		vx_cmd_print_json(j);
	} else {
		printf("%s: dossier %s of %s%s%s, %d pages, %zu findings (%zu without a recorded "
		       "outcome), %zu attachments\n",
		       out, info.doc_id, product, version ? " " : "", version ? version : "",
		       info.pages, info.findings, info.without_outcome, info.attachments);
		if (k)
			printf("signed by %s (%s); verified before writing\n", subject, o.signature);
		else
			printf("UNSIGNED: give --sign-key/--sign-cert or --sign-p12 to sign it\n");
	}
	rc = 0;
fail:
	vx_sign_key_free(k);
	free(pdf);
	free(signed_pdf);
	free(fonts_dir);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}
