/* src/render/vexdoc.h - VEX documents of one device version in CycloneDX 1.6 and OpenVEX.
 *
 * Owns the crosswalk from vexil's VEX statuses and CSAF justifications to the CycloneDX
 * analysis vocabulary and to OpenVEX 0.2.0 (see docs/csaf.md, "VEX"); the CSAF form is
 * render/csaf.h. Every open finding of the version becomes a statement about its component:
 * in CycloneDX, analysis (state, justification, response, detail) with affects refs that are
 * BOM-Links into the version's SBOM when that SBOM has a urn:uuid serial number, else refs to
 * the components listed in the VEX itself; in OpenVEX, statements whose product is the device
 * version with the component as subcomponent (purl, else CPE).
 *
 * Read-only on the store; returns JSON text. Deterministic for the same store and time.
 */
#ifndef VX_RENDER_VEXDOC_H
#define VX_RENDER_VEXDOC_H

struct vx_err;
struct vx_store;

enum vx_vexdoc_format { VX_VEXDOC_CYCLONEDX, VX_VEXDOC_OPENVEX };

struct vx_vexdoc_opts {
	const char *product, *version; /* both required */
	enum vx_vexdoc_format format;
	const char *generated; /* YYYY-MM-DDTHH:MM:SSZ */
};

/* VX_ENOTFOUND when the version has no open finding. */
int vx_vexdoc_render(struct vx_store *st, const struct vx_vexdoc_opts *o, char **json,
		     struct vx_err *err);

#endif
