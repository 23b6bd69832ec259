/* src/cmd/verify.c - vexil verify: check the signature of a signed PDF (a dossier). */
#include "cmd/cmd.h"
#include "sign/sign.h"
#include "util/err.h"
#include "util/file.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

const char vx_usage_verify[] =
	"usage: vexil verify FILE.pdf [--ca CA.pem] [--json]\n"
	"\n"
	"Check the PDF signature vexil puts on dossiers (or any PDF signed by incremental update\n"
	"with adbe.pkcs7.detached or ETSI.CAdES.detached): the digest over the signed byte\n"
	"ranges, the CMS signature, the certificates embedded in it, that the signature covers\n"
	"the whole file (nothing appended after signing), and, with --ca, that the signer's\n"
	"certificate chains to that CA. Prints the signer and the signing time. Exits 1 when\n"
	"any check fails or the file is not signed. Only the CA given is trusted: without --ca\n"
	"the chain is reported as not checked, and the exit status depends on the other checks.\n";

int vx_cmd_verify(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *ca = NULL, *pos[1];
	const struct vx_option opts[] = {{"ca", &ca, NULL}, {NULL, NULL, NULL}};
	struct vx_sign_report r = {0};
	struct vx_err err;
	char *data = NULL;
	size_t len;
	int npos, rc;
	bool help, ok;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 1, &npos, &help);
	if (rc || help)
		return rc;
	if (npos != 1)
		return vx_cmd_usage_error(ctx, "expected the PDF file");
	vx_err_clear(&err);
	if ((rc = vx_file_read(pos[0], VX_SIGN_MAX_INPUT, &data, &len, &err)) < 0 ||
	    (rc = vx_sign_verify(data, len, ca, &r, &err)) < 0) {
		free(data);
		vx_err_prefix(&err, "%s", pos[0]);
		return vx_cmd_fail(ctx, &err);
	}
	free(data);
	ok = r.signed_ && r.whole_file_covered && r.digest_ok && r.signature_ok && r.certs_ok &&
	     (!ca || r.chain_ok);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "file", pos[0]);
		cJSON_AddBoolToObject(o, "signed", r.signed_);
		cJSON_AddBoolToObject(o, "whole_file_covered", r.whole_file_covered);
		cJSON_AddBoolToObject(o, "digest_ok", r.digest_ok);
		cJSON_AddBoolToObject(o, "signature_ok", r.signature_ok);
		cJSON_AddBoolToObject(o, "certificates_ok", r.certs_ok);
		if (ca)
			cJSON_AddBoolToObject(o, "chain_ok", r.chain_ok);
		else
			cJSON_AddNullToObject(o, "chain_ok");
		vx_cmd_json_str(o, "signer", r.signer[0] ? r.signer : NULL);
		vx_cmd_json_str(o, "signing_time", r.signing_time[0] ? r.signing_time : NULL);
		vx_cmd_json_str(o, "subfilter", r.subfilter[0] ? r.subfilter : NULL);
		cJSON_AddBoolToObject(o, "valid", ok);
		vx_cmd_print_json(o);
	} else if (!r.signed_) {
		printf("%s: not signed\n", pos[0]);
	} else {
		printf("%s: %s\n", pos[0], ok ? "signature valid" : "SIGNATURE NOT VALID");
		printf("  signer:        %s\n", r.signer);
		printf("  signing time:  %s\n", r.signing_time);
		printf("  type:          %s\n", r.subfilter);
		printf("  digest:        %s\n", r.digest_ok ? "matches the signed ranges"
						     : "DOES NOT MATCH (the file was changed)");
		printf("  signature:     %s\n", r.signature_ok ? "verifies" : "DOES NOT VERIFY");
		printf("  coverage:      %s\n", r.whole_file_covered
						    ? "the whole file"
						    : "NOT the whole file (bytes were added after signing)");
		printf("  certificates:  %s\n", r.certs_ok ? "each carries its issuer's valid signature"
						     : "ALTERED or without their issuer (give --ca)");
		printf("  certificate:   %s\n", !ca ? "not checked (give --ca)"
					   : r.chain_ok ? "chains to the given CA"
							: "DOES NOT chain to the given CA");
	}
	return ok ? VX_EXIT_OK : VX_EXIT_FAIL;
}
