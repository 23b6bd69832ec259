/* src/util/cvss.h - CVSS v3.0 / v3.1 base scores from a vector string.
 *
 * Implements the base equations of the FIRST CVSS v3.0 and v3.1 specifications (section 7,
 * and Appendix A's Roundup for 3.1), so that a vector without a published score (a
 * researcher's tip, a manufacturer's rescoring) gets the score and severity CSAF and the
 * dossier need. Temporal and environmental metrics may be present and are checked for
 * syntax but do not change the base score. Tested against the published vectors with
 * expected scores in ../shared/corpus/cvss (RedHatProductSecurity/cvss test data).
 */
#ifndef VX_UTIL_CVSS_H
#define VX_UTIL_CVSS_H

/* Base score of a "CVSS:3.0/..." or "CVSS:3.1/..." vector: 0.0-10.0, or -1 when the vector
 * is not a valid v3 vector (unknown or repeated metric, missing base metric, bad value).
 * *version (may be NULL) receives "3.0" or "3.1". */
double vx_cvss3_base(const char *vector, const char **version);

/* "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" for a base score (CSAF baseSeverity). */
const char *vx_cvss3_severity(double score);

#endif
