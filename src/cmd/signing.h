/* src/cmd/signing.h - signing options shared by commands that write signed PDFs. */
#ifndef VX_CMD_SIGNING_H
#define VX_CMD_SIGNING_H

#include <stdbool.h>
#include <stddef.h>

struct vx_ctx;
struct vx_err;
struct vx_sign_key;

/* --sign-key/--sign-cert [--chain] or --sign-p12, --pass-file, --pades */
struct vx_signing {
	const char *key, *cert, *chain, *p12, *pass_file;
	bool pades;
};

/* Usage checks (prints and returns VX_EXIT_USAGE, or 0). */
int vx_cmd_signing_check(struct vx_ctx *ctx, const struct vx_signing *s);
/* Load the key (*k stays NULL when no key was given) and its subject; the passphrase comes
 * from --pass-file or VEXIL_SIGN_PASS, never from the command line. */
int vx_cmd_signing_load(const struct vx_signing *s, struct vx_sign_key **k, char *subject,
			size_t size, struct vx_err *err);
/* "adbe.pkcs7.detached" or "ETSI.CAdES.detached (PAdES B-B)". */
const char *vx_cmd_signing_name(const struct vx_signing *s);
/* Sign pdf and verify the result before returning it (*out fresh). */
int vx_cmd_sign_checked(const char *pdf, size_t len, const struct vx_sign_key *k,
			const struct vx_signing *s, const char *reason, const char *subject,
			long long when, char **out, size_t *out_len, struct vx_err *err);

#endif
