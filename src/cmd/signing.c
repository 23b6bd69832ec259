/* src/cmd/signing.c - the signing options shared by the commands that write signed PDFs
 * (dossier, capa render): load the key, sign, and check the signature before anything is
 * written. */
#include "cmd/cmd.h"
#include "cmd/signing.h"
#include "sign/sign.h"
#include "util/err.h"
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

/* The passphrase: the first line of --pass-file, else VEXIL_SIGN_PASS, else none. */
static int passphrase(const char *pass_file, char **out, struct vx_err *err)
{
	char *data = NULL;
	size_t len = 0;
	const char *env = getenv("VEXIL_SIGN_PASS");
	int rc;
	*out = NULL;
	if (pass_file) {
		if ((rc = vx_file_read(pass_file, 4096, &data, &len, err)) < 0) {
			vx_err_prefix(err, "%s", pass_file);
			return rc;
		}
		data[strcspn(data, "\r\n")] = 0;
		*out = data;
		return 0;
	}
	if (env)
		*out = vx_strdup(env);
	return 0;
}

int vx_cmd_signing_check(struct vx_ctx *ctx, const struct vx_signing *s)
{
	if ((s->key || s->cert) && !(s->key && s->cert))
		return vx_cmd_usage_error(ctx, "--sign-key and --sign-cert go together");
	if (s->p12 && s->key)
		return vx_cmd_usage_error(ctx, "give --sign-key/--sign-cert or --sign-p12, not both");
	if ((s->pades || s->chain) && !s->key && !s->p12)
		return vx_cmd_usage_error(ctx, "--pades and --chain need a signing key");
	return 0;
}

/* A private key (or passphrase file) that others can read is a leaked key waiting to
 * happen: say so (the signature is still made). PEM text given inline is not a file. */
static void warn_if_readable(const char *path, const char *what)
{
	struct stat sb;
	if (!path || strncmp(path, "-----BEGIN", 10) == 0 || stat(path, &sb) != 0)
		return;
	if (sb.st_mode & (S_IRWXG | S_IRWXO))
		fprintf(stderr,
			"vexil: warning: %s %s can be read by group or others (mode %04o): chmod 600 "
			"it\n",
			what, path, (unsigned)(sb.st_mode & 07777));
}

int vx_cmd_signing_load(const struct vx_signing *s, struct vx_sign_key **k, char *subject,
			size_t size, struct vx_err *err)
{
	char *pass = NULL;
	int rc;
	*k = NULL;
	if (!s->key && !s->p12)
		return 0;
	warn_if_readable(s->p12 ? s->p12 : s->key, s->p12 ? "the PKCS#12 file" : "the private key");
	warn_if_readable(s->pass_file, "the passphrase file");
	if ((rc = passphrase(s->pass_file, &pass, err)) < 0)
		return rc;
	rc = s->p12 ? vx_sign_key_load_p12(s->p12, s->chain, pass, k, err)
		    : vx_sign_key_load_pem(s->key, s->cert, s->chain, pass, k, err);
	if (pass) {
		memset(pass, 0, strlen(pass));
		free(pass);
	}
	if (rc == 0)
		vx_sign_key_subject(*k, subject, size);
	return rc;
}

const char *vx_cmd_signing_name(const struct vx_signing *s)
{
	return s->pades ? "ETSI.CAdES.detached (PAdES B-B)" : "adbe.pkcs7.detached";
}

int vx_cmd_sign_checked(const char *pdf, size_t len, const struct vx_sign_key *k,
			const struct vx_signing *s, const char *reason, const char *subject,
			long long when, char **out, size_t *out_len, struct vx_err *err)
{
	struct vx_sign_opts so = {0};
	struct vx_sign_report r = {0};
	int rc;
	so.pades = s->pades;
	so.reason = reason;
	so.name = subject;
	so.signing_time = when;
	if ((rc = vx_sign_pdf(pdf, len, k, &so, out, out_len, err)) < 0)
		return rc;
	/* check our own signature before anything reaches the target name (the chain is the
	 * reader's to judge: without --chain the issuer is not in the file) */
	if ((rc = vx_sign_verify(*out, *out_len, NULL, &r, err)) < 0)
		goto fail;
	if (!r.signed_ || !r.whole_file_covered || !r.digest_ok || !r.signature_ok) {
		rc = vx_err_set(err, VX_EINVAL,
				"the signed file did not verify (digest %s, signature %s, coverage "
				"%s): nothing written",
				r.digest_ok ? "ok" : "bad", r.signature_ok ? "ok" : "bad",
				r.whole_file_covered ? "whole file" : "partial");
		goto fail;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*out_len = 0;
	return rc;
}
