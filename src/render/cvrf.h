/* src/render/cvrf.h - the CVRF 1.2 XML form of a CSAF 2.0 document vexil wrote.
 *
 * Owns the CSAF -> CVRF 1.2 mapping (OASIS CSAF CVRF 1.2 CS01, element order as the XSDs
 * require) and its losses, documented in docs/csaf.md: CVRF has no under_investigation
 * status (those products are listed in a Threat of type Impact saying so), no VEX flags
 * (each justification becomes a Threat of type Impact naming it), no product identification
 * helpers except a CPE attribute, and no `no_fix_planned` word (it is "Will Not Fix").
 *
 * Converting the CSAF text, rather than reading the store again, keeps the two forms of an
 * advisory in agreement by construction. libxml2 types stay in cvrf.c.
 */
#ifndef VX_RENDER_CVRF_H
#define VX_RENDER_CVRF_H

#include <stddef.h>

struct vx_err;

/* CSAF JSON text (as vx_csaf_render writes it, with tracking) -> CVRF 1.2 XML (malloc'd,
 * UTF-8, with an XML declaration). VX_EINVAL when the input is not such a document. */
int vx_cvrf_from_csaf(const char *csaf_json, char **xml, size_t *len, struct vx_err *err);

#endif
