/* src/render/dossier.h - the postmarket cybersecurity dossier of one device (PDF).
 *
 * Owns what the dossier says and in what order: the cover (manufacturer, device, versions,
 * period, generation time, rule-set SHA-256, audit-chain head, signer), a table of contents
 * and bookmarks, the summary with its figures (findings by VEX status, controlled versus
 * uncontrolled, KEV, past deadlines, the exploitability x severity heat map, FDA's three plan
 * metrics), the completeness statement, one section per finding (match evidence, CVSS, KEV,
 * VEX, clinical assessment, decision and rationale, reportability with C1-C4 and due dates,
 * actions, communications, audit history), and the SBOM inventory appendix. The original
 * SBOM files and a decisions JSON are embedded as attachments.
 *
 * It reads the store and returns unsigned PDF bytes; signing (src/sign) and writing the file
 * are the caller's. With the same store, options and generated_at the bytes are identical.
 */
#ifndef VX_RENDER_DOSSIER_H
#define VX_RENDER_DOSSIER_H

#include <stddef.h>

struct vx_err;
struct vx_store;

struct vx_dossier_opts {
	const char *product;	/* required */
	const char *version;	/* one version, or NULL for all */
	const char *from, *to;	/* the period (YYYY-MM-DD), either may be NULL */
	int letter;		/* US Letter instead of A4 */
	const char *fonts_dir;	/* holds DejaVuSans.ttf and DejaVuSans-Bold.ttf */
	long long generated_at; /* epoch seconds: the cover's time, deadlines' "as of" day */
	const char *signer;	/* signer subject for the cover, NULL when unsigned */
	const char *signature;	/* "adbe.pkcs7.detached" / "ETSI.CAdES.detached (PAdES B-B)" */
	/* called as findings are laid out (may be NULL) */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

struct vx_dossier_info {
	char doc_id[32];	/* "VXD-" + 16 hex digits: printed on every page */
	size_t findings;	/* findings in the dossier */
	size_t without_outcome; /* findings without a recorded outcome */
	size_t attachments;
	int pages;
};

/* Render the dossier. Findings in the period are those identified on or before `to` that
 * were open at some time on or after `from` (closed ones are shown with their closure).
 * VX_ENOTFOUND for an unknown product or version. */
int vx_dossier_render(struct vx_store *st, const struct vx_dossier_opts *o, char **pdf,
		      size_t *len, struct vx_dossier_info *info, struct vx_err *err);

#endif
