/* src/render/capadoc.h - the CAPA evidence record of one vulnerability in one device, as
 * PDF (for the quality file; signed by the caller) and JSON.
 *
 * Owns the layout of the ISO 13485 8.5.2 record: the problem and its source (the
 * vulnerability as published and the findings it caused), the investigation and root cause,
 * the risk determination (each finding's assessment and the rules' decision), the
 * correction and corrective/preventive actions with owners and dates, the timeline
 * rationale, the verification that the action harms neither safety nor compliance, the
 * effectiveness criteria and result, approvals, and the record's history from the audit
 * trail. Read-only on the store.
 */
#ifndef VX_RENDER_CAPADOC_H
#define VX_RENDER_CAPADOC_H

#include <stddef.h>

struct vx_err;
struct vx_store;

struct vx_capadoc_opts {
	const char *product, *vuln; /* required */
	const char *fonts_dir;	    /* for the PDF */
	int letter;
	long long generated_at;
	const char *signer;	    /* printed on the PDF, NULL when unsigned */
};

/* VX_ENOTFOUND when there is no CAPA record. */
int vx_capadoc_pdf(struct vx_store *st, const struct vx_capadoc_opts *o, char **pdf, size_t *len,
		   struct vx_err *err);
/* The record with its risk determination, as JSON text (fresh). */
int vx_capadoc_json(struct vx_store *st, const struct vx_capadoc_opts *o, char **json,
		    struct vx_err *err);

#endif
