/* src/match/ident.h - identifier checks over a whole SBOM.
 *
 * Before an SBOM is stored, every purl and CPE it carries must parse: a malformed
 * identifier would make matching silently miss the component. This module runs the purl
 * and CPE parsers of this stage over a parsed struct vx_sbom and names the first bad one
 * by its place in the document ("components[12].purl: invalid purl 'pkg:npm/%zz': ...").
 */
#ifndef VX_MATCH_IDENT_H
#define VX_MATCH_IDENT_H

struct vx_err;
struct vx_sbom;

int vx_match_check_identifiers(const struct vx_sbom *s, struct vx_err *err);

#endif
