/* src/render/csaf.h - CSAF 2.0 documents from the store: security advisories and VEX.
 *
 * Owns the mapping from vexil's records to CSAF 2.0 (OASIS Standard; see docs/csaf.md):
 * the product tree (vendor / product / version branches, each affected component as a full
 * product name with its purl and CPE, and "component default_component_of device version"
 * relationships whose ids carry the statuses), and per vulnerability the CVE or vexil id,
 * notes (description, clinical impact), product_status from the VEX status, justification
 * flags, threats (impact, exploit status for CISA KEV), remediations, CVSS v3 scores,
 * references and the reporter's acknowledgment. Keys are written sorted (CSAF 5.3).
 *
 * It reads the store and returns JSON text; recording the issue (tracking id, revisions)
 * is the store's (vx_store_advisory_issue) and writing files is the caller's.
 */
#ifndef VX_RENDER_CSAF_H
#define VX_RENDER_CSAF_H

#include <stddef.h>

struct vx_err;
struct vx_store;
struct vx_advisory;

struct vx_csaf_opts {
	const char *product;		/* required */
	const char *version;		/* only this version (required for VEX), or NULL */
	const char *const *vulns;	/* the vulnerabilities covered (sorted, unique) */
	size_t nvulns;
	int vex;			/* csaf_vex instead of csaf_security_advisory */
	const char *tlp;		/* WHITE (default), GREEN, AMBER, RED */
	const struct vx_advisory *tracking; /* NULL: leave /document/tracking out (used to
					       hash the content of a revision) */
	const char *generated;		/* YYYY-MM-DDTHH:MM:SSZ: tracking/generator/date */
	const char *publish_url;	/* where it is published (the folder); NULL: the
					   namespace's /.well-known/csaf/<tlp>/<year>/ */
};

/* Render the document (malloc'd JSON text, with a final newline). VX_ENOTFOUND when a
 * vulnerability has no open finding in the product (version); VX_EINVAL when the
 * manufacturer profile lacks the CSAF namespace. */
int vx_csaf_render(struct vx_store *st, const struct vx_csaf_opts *o, char **json,
		   struct vx_err *err);

/* The file name CSAF 5.1 prescribes for a tracking id: lower case, every run of characters
 * other than [+-a-z0-9] replaced by one '_', plus ".json". */
void vx_csaf_filename(const char *tracking_id, char *out, size_t size);

#endif
