/* src/match/cpe.h - CPE 2.3 names: parsing, the 2.2 URI binding, and NISTIR 7696 matching.
 *
 * A CPE names a platform as eleven attributes:
 *
 *     cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:
 *             target_hw:other
 *
 * This module reads the CPE 2.3 formatted string (NISTIR 7695 section 6.2) and the CPE 2.2
 * URI binding ("cpe:/a:openssl:openssl:1.0.1f", section 6.1, including the packed "~" edition
 * and the %01/%02 wildcards), stores both in one canonical form, and compares names as
 * NISTIR 7696 defines: per attribute SUPERSET / SUBSET / EQUAL / DISJOINT, and for a whole
 * name the combination of the eleven results.
 *
 * Canonical attribute form (what struct vx_cpe holds and vx_cpe_to_string writes): the 2.3
 * formatted-string spelling, lower-case, "*" for ANY, "-" for NA; letters, digits and
 * ". - _" bare, every other printable ASCII character quoted with a backslash ("\:", "\(",
 * "\/"), and unquoted wildcards only at the ends of a value: a single "*" or a run of "?".
 * A lone literal hyphen is "\-" so it cannot read as NA. The parser is lenient where it can
 * be exact: it lower-cases, quotes printable punctuation a producer left bare (a '+' or '('
 * from an SBOM tool) and drops needless quotes ("\." -> "."); it refuses what would change
 * the meaning: a ':' count other than eleven attributes, a part other than a, o, h or ANY,
 * an unquoted '*' or '?' inside a value, a dangling backslash, empty values, spaces, control
 * characters and non-ASCII bytes.
 *
 * Not here: the NVD version bounds (versionStartIncluding...) and configuration trees, and
 * the version order; vx_cpe_unquote() gives the plain text those need. Language tags are not
 * checked against RFC 5646.
 *
 * Ownership: struct vx_cpe owns its eleven strings; vx_cpe_parse fills it, vx_cpe_release
 * frees them. Returned char * are fresh and the caller frees them. Nothing here prints.
 * Names longer than VX_CPE_MAX_LEN bytes are refused with VX_ELIMIT, which also bounds the
 * cost of a comparison.
 */
#ifndef VX_MATCH_CPE_H
#define VX_MATCH_CPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* Longest CPE string accepted, in bytes; NVD names are under 300. */
#define VX_CPE_MAX_LEN 4096

/* Attribute indexes into struct vx_cpe.attr, in formatted-string order. */
enum vx_cpe_attr {
	VX_CPE_PART,
	VX_CPE_VENDOR,
	VX_CPE_PRODUCT,
	VX_CPE_VERSION,
	VX_CPE_UPDATE,
	VX_CPE_EDITION,
	VX_CPE_LANGUAGE,
	VX_CPE_SW_EDITION,
	VX_CPE_TARGET_SW,
	VX_CPE_TARGET_HW,
	VX_CPE_OTHER,
	VX_CPE_NATTR /* 11 */
};

struct vx_cpe {
	/* Canonical attribute values (see above), never NULL after a successful parse: "*" is
	 * ANY, "-" is NA, "openssl", "1.0.1?", "dna_spaces\:_connector"; each owned. */
	char *attr[VX_CPE_NATTR];
};

/* NISTIR 7696 relations, read as "source is ... of target". UNDEFINED is the 7696 result
 * when the target holds wildcards, and also the name-level result when some attributes are
 * SUPERSET and others SUBSET. */
enum vx_cpe_relation {
	VX_CPE_DISJOINT,
	VX_CPE_SUBSET,
	VX_CPE_SUPERSET,
	VX_CPE_EQUAL,
	VX_CPE_UNDEFINED,
};

/* The attribute's name in the 2.3 specification ("part", "vendor", ... "other"). */
const char *vx_cpe_attr_name(enum vx_cpe_attr a);

/* The relation's name: "DISJOINT", "SUBSET", "SUPERSET", "EQUAL", "UNDEFINED". */
const char *vx_cpe_relation_name(enum vx_cpe_relation r);

/* Parse a 2.3 formatted string ("cpe:2.3:...") or a 2.2 URI ("cpe:/...") into *out, which
 * needs no initialisation and is left empty (all NULL) on failure. Returns 0, VX_EINVAL
 * ("invalid cpe 'cpe:2.3:x:a:b': part 'x' is not a, o or h") or VX_ELIMIT. */
int vx_cpe_parse(const char *s, struct vx_cpe *out, struct vx_err *err);

/* Free the attributes and set them to NULL. */
void vx_cpe_release(struct vx_cpe *c);

/* The 2.3 formatted string; fresh. NULL attributes are written as "*". */
char *vx_cpe_to_string(const struct vx_cpe *c);

/* The CPE 2.2 URI binding (NISTIR 7695 6.1.2: "cpe:/a:vendor:product:1.0", edition packed
 * with "~" when the 2.3-only attributes are set, trailing ANY dropped); fresh. For formats
 * that take only 2.2 URIs, such as CVRF 1.2. */
char *vx_cpe_to_uri(const struct vx_cpe *c);

/* Compare one attribute value of a source name with the same attribute of a target name,
 * both in canonical form (as stored in struct vx_cpe), per NISTIR 7696 section 6.1.2:
 * ANY is a superset of everything, NA equals only NA, strings compare case-insensitively,
 * and wildcards in the source match as patterns. */
enum vx_cpe_relation vx_cpe_compare_attr(const char *source, const char *target);

/* Compare whole names: DISJOINT if any attribute is, EQUAL if all are, SUBSET if every one
 * is SUBSET or EQUAL, SUPERSET if every one is SUPERSET or EQUAL, otherwise UNDEFINED. */
enum vx_cpe_relation vx_cpe_compare(const struct vx_cpe *source, const struct vx_cpe *target);

/* True when the criterion (e.g. an NVD cpeMatch criteria) names a superset of, or the same
 * platform as, the component's name: vx_cpe_compare is SUPERSET or EQUAL. */
bool vx_cpe_matches(const struct vx_cpe *criterion, const struct vx_cpe *component);

/* The plain text of a canonical value with the quoting removed ("11.5\(1\)" -> "11.5(1)"),
 * for version comparison and display; fresh. Wildcards and the logical values "*" and "-"
 * are returned as they are. */
char *vx_cpe_unquote(const char *value);

#endif
