/* src/match/version.h - version order, NVD version bounds, OSV ranges and VERS ranges.
 *
 * This module answers one question in several dialects: "is version v inside this range?".
 * It provides
 *
 *   - vx_version_cmp(): a total order on version strings for five schemes (below);
 *   - vx_version_in_nvd_bounds(): the NVD cpeMatch versionStart/End{Including,Excluding} test;
 *   - vx_version_in_osv_range(): the OSV "Evaluation" algorithm for one SEMVER or ECOSYSTEM
 *     range (events introduced / fixed / last_affected / limit);
 *   - VERS (package-url/vers-spec "vers:<type>/<constraints>"): parse, containment and the
 *     canonical string.
 *
 * It does not match package names or CPEs (see purl.h, cpe.h), decide whether an NVD
 * criterion's own CPE version applies, evaluate OSV GIT ranges (commit graphs) or the OSV
 * versions[] list (plain equality, the caller's business), or know which ecosystem a
 * component belongs to beyond the name-to-scheme mapping below.
 *
 * Hostile input: every function accepts any NUL-terminated string (NULL counts as ""). Work
 * is linear in the input length for vx_version_cmp (numbers of any length are compared as
 * digit strings, never converted), n log n for VERS parsing; nothing recurses on the input.
 * VERS strings longer than VX_VERS_MAX_LEN bytes are refused with VX_ELIMIT.
 *
 * Ownership: struct vx_vers owns its strings and array (vx_vers_parse fills it,
 * vx_vers_release frees it); vx_vers_to_string returns a fresh string the caller frees.
 * Nothing here prints.
 *
 * ==== Version order (user-facing rules) ====================================================
 *
 * Every scheme returns <0, 0 or >0 like strcmp (exactly -1, 0 or 1). "Equal" means "the
 * same version", not "the same spelling" (1.0 == 1.0.0).
 *
 * GENERIC - NVD/CPE versions and any ecosystem without a scheme of its own.
 *   G1  An optional epoch "N:" comes first and is compared first (default 0):
 *       "1:0.9" > "5.0". A leading "v" before a digit is ignored: "v1.2" == "1.2".
 *   G2  The rest is split into runs of digits and runs of ASCII letters; every other byte
 *       (". - _ + ~" and anything else) only separates runs: "1.0.2k" is 1 0 2 k,
 *       "11.5(1)su3" is 11 5 1 su 3, "2021-12-13" is 2021 12 13.
 *   G3  Runs are compared left to right. Numbers compare numerically, of any length and
 *       ignoring leading zeros: "1.10" > "1.9", "1.01" == "1.1",
 *       "99999999999999999999999" > "9999999999999999999999".
 *   G4  Missing trailing parts count as zero: "1.0" == "1.0.0" == "1".
 *   G5  Letters compare case-insensitively, a shorter run before a longer one it begins:
 *       "1.0.2K" == "1.0.2k", "1.0.2z" < "1.0.2za".
 *   G6  A letter run that is not a pre-release tag (G7) sorts AFTER the same version without
 *       it and BEFORE the next number: "1.0.2" < "1.0.2a" < "1.0.2k" < "1.0.2za" < "1.0.3";
 *       "1.1.1" < "1.1.1w"; "7.4" < "7.4p1" < "7.5"; "10.4.3" < "10.4.3LTS" < "10.4.4";
 *       "4.19.94" < "4.19.94-rt1" < "4.19.95"; "5.0a" < "5.0.1". Position matters, not the
 *       separator: "4.19.94-rt1" == "4.19.94.rt1".
 *   G7  Pre-release tags sort BEFORE the release they precede and before any number:
 *       dev = snapshot < alpha < beta < milestone < rc = cr = pre = preview
 *       ("2.0-beta9" < "2.0-rc1" < "2.0-rc2" < "2.0" < "2.0.1"; "1.0.0-alpha" < "1.0.0";
 *       "2.0-SNAPSHOT" < "2.0-alpha1"). The full words are tags wherever they stand
 *       ("2.0beta9" == "2.0-beta9"); the one-letter forms a, b, m are tags only when a digit
 *       follows directly and something precedes them ("3.11.0a1" == "3.11.0-alpha1",
 *       "1.0-M3" == "1.0-milestone3"), otherwise they are letters under G6 ("1.0.2a",
 *       "1.0.2m"). The numbers after a tag count as usual: "2.0-beta9" < "2.0-beta10".
 *       Zeros just before a tag do not count: "1.0.0-rc1" == "1.0-rc1" == "1-rc1".
 *   G8  "final", "ga" and "release" are the release itself: "5.2.20.RELEASE" == "5.2.20",
 *       "2.0-final" == "2.0".
 *   G9  Between runs at the same place: pre-release tag < zero (or nothing) < letters <
 *       positive number. Hence "2.0-beta9" < "2.0" == "2.0.0" < "2.0a" < "2.0.1".
 *
 * SEMVER - npm, Go, crates.io/cargo, NuGet: semver.org 2.0.0 precedence.
 *   S1  A leading "v" or "V" is ignored ("v0.17.0" == "0.17.0"; Go).
 *   S2  major.minor.patch compare numerically (any length); missing parts are zero and extra
 *       parts are compared too ("1.2" == "1.2.0", "1.2.3.4" > "1.2.3"; NuGet).
 *   S3  A pre-release ("-" identifiers) sorts before the release: "1.0.0-rc.1" < "1.0.0".
 *       Identifiers compare left to right: numeric ones numerically, alphanumeric ones in
 *       ASCII order (case-sensitive), numeric before alphanumeric, and a shorter list first
 *       when it is a prefix: 1.0.0-alpha < -alpha.1 < -alpha.beta < -beta < -beta.2 <
 *       -beta.11 < -rc.1 < 1.0.0.
 *   S4  Build metadata ("+...") is ignored: "1.0.0+20130313" == "1.0.0".
 *   S5  A string that is not of this form ("1.0.2k", "latest") is compared with the GENERIC
 *       rules, and so is its partner.
 *
 * DEB - Debian, Ubuntu: Debian policy 5.6.12, the dpkg algorithm.
 *   D1  [epoch:]upstream[-revision]; the epoch (digits before the first ':') is compared
 *       numerically first (default 0); the revision is what follows the last '-' ("" when
 *       there is none, which equals "0").
 *   D2  upstream and revision compare by alternating non-digit and digit parts: non-digit
 *       parts character by character where '~' sorts before everything, even the end, then
 *       the end, then letters, then all other characters; digit parts numerically.
 *       "1.0~rc1" < "1.0" == "1.0-0" < "1.0-1" < "1.0-1ubuntu1" < "1.0a" < "1.0+dfsg" <
 *       "1:0.1". Digit parts have any length; unlike GENERIC, "1.0" < "1.0.0".
 *
 * PYPI - PEP 440.
 *   P1  [N!]release[{a|b|rc}N][.postN][.devN][+local], case-insensitive, with the PEP 440
 *       normalisations: "alpha"->a, "beta"->b, "c", "pre", "preview"->rc, a missing number
 *       is 0, "-", "_" or "." may separate parts, "1.0-1" is a post release, "rev"/"r" are
 *       post, a leading "v" and surrounding whitespace are ignored. "1.0RC1" == "1.0rc1".
 *   P2  epoch, then release (trailing zeros ignored), then
 *       1.0.dev1 < 1.0a1.dev1 < 1.0a1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0.post1.dev1 < 1.0.post1 <
 *       1.0+local; local labels compare segment-wise, numbers after letters.
 *   P3  A string PEP 440 does not accept is compared with the GENERIC rules, and so is its
 *       partner.
 *
 * MAVEN - Maven ComparableVersion (3.x, before the 3.9 "combination" items).
 *   M1  Case-insensitive. Items are split at '.', at '-' and where digits and letters meet;
 *       '-' and a digit/letter change open a sub-list, so "1-1" > "1.0.0" but "1-1" < "1.1".
 *   M2  Numbers compare numerically; trailing zeros and release qualifiers are dropped
 *       ("1.0.0" == "1", "2.13.2.1" > "2.13.2").
 *   M3  Qualifiers: alpha = a# < beta = b# < milestone = m# < rc = cr < snapshot < "" = ga
 *       = final = release < sp < any other word (alphabetically). "2.0-beta9" < "2.0-rc1" <
 *       "2.0" < "2.0.1"; "5.2.20.RELEASE" == "5.2.20"; "1.0-SNAPSHOT" < "1.0" < "1.0-sp1".
 *   M4  A qualifier sorts before a number at the same place: "2.0.1-xyz" < "2.0.1-123".
 *   M5  As in Maven itself, odd mixes of a "."-qualifier and a "-" list are not transitive
 *       ("1" < "1.sp" < "1-rc" < "1"); release strings as published are not affected.
 */
#ifndef VX_MATCH_VERSION_H
#define VX_MATCH_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "import/feed.h"
#include "util/err.h"

/* Longest VERS string accepted, in bytes. */
#define VX_VERS_MAX_LEN 65536

enum vx_version_scheme {
	VX_VER_GENERIC, /* NVD/CPE and unknown ecosystems (rules G1-G9) */
	VX_VER_SEMVER,  /* semver 2.0.0: npm, Go, crates.io, NuGet (S1-S5) */
	VX_VER_DEB,     /* dpkg: Debian, Ubuntu (D1-D2) */
	VX_VER_PYPI,    /* PEP 440 (P1-P3) */
	VX_VER_MAVEN,   /* Maven ComparableVersion (M1-M5) */
};

/* "generic", "semver", "deb", "pypi", "maven". */
const char *vx_version_scheme_name(enum vx_version_scheme s);

/* Compare two versions under scheme s: -1 when a sorts before b, 0 when they are the same
 * version, 1 when a sorts after b. NULL counts as "". Never fails: every string has a place
 * in every order. */
int vx_version_cmp(const char *a, const char *b, enum vx_version_scheme s);

/* The scheme for an OSV ecosystem ("npm", "PyPI", "Maven", "Debian:12", "Ubuntu:22.04:LTS")
 * or a purl/VERS type ("npm", "pypi", "maven", "deb", "golang", "cargo", "nuget"), matched
 * case-insensitively and ignoring a ":<release>" suffix: npm, Go, golang, crates.io, cargo,
 * NuGet, semver -> SEMVER; PyPI -> PYPI; Maven -> MAVEN; Debian, Ubuntu, deb -> DEB;
 * anything else (and NULL) -> GENERIC. */
enum vx_version_scheme vx_version_scheme_for_ecosystem(const char *osv_ecosystem_or_purl_type);

/* The scheme for an OSV range: SEMVER for range type "SEMVER", otherwise the ecosystem's
 * scheme (ECOSYSTEM ranges). GIT ranges are not versions; the caller must not use this
 * module for them. */
enum vx_version_scheme vx_version_scheme_for_osv_range(const char *range_type,
                                                       const char *ecosystem);

/* NVD cpeMatch bounds: true when v satisfies every bound given (v >= start_incl, v >
 * start_excl, v <= end_incl, v < end_excl). NULL or "" means the bound is absent; with all
 * four absent the answer is true (the criterion's own CPE version decides, which is the
 * caller's business). An empty or NULL v is inside no bound: false unless all are absent. */
bool vx_version_in_nvd_bounds(const char *v, const char *start_incl, const char *start_excl,
                              const char *end_incl, const char *end_excl, enum vx_version_scheme s);

/* One OSV range (type SEMVER or ECOSYSTEM), evaluated as the OSV schema's "Evaluation"
 * pseudo-code does: v must be below some "limit" event when there are any (limit "*" is
 * unbounded); then, walking the events sorted by version, "introduced" (v >= it) turns the
 * state on, "fixed" (v >= it) and "last_affected" (v > it) turn it off; the state after the
 * walk is the answer. Introduced "0" is before every version. Events may come in any order;
 * at equal versions "introduced" sorts first, so introduced X with fixed X is empty.
 * Events with a NULL or empty version are ignored. Linear in n, no allocation. */
bool vx_version_in_osv_range(const char *v, const struct vx_osv_event *events, size_t n,
                             enum vx_version_scheme s);

/* ---- VERS --------------------------------------------------------------------------------- */

enum vx_vers_op {
	VX_VERS_EQ, /* bare version (a leading '=' is accepted on input) */
	VX_VERS_NE, /* != */
	VX_VERS_LT, /* < */
	VX_VERS_LE, /* <= */
	VX_VERS_GT, /* > */
	VX_VERS_GE, /* >= */
};

struct vx_vers_constraint {
	enum vx_vers_op op;
	char *version; /* percent-decoded, never empty; owned */
};

struct vx_vers {
	char *type;                    /* lower-case VERS type ("npm", "maven"); owned */
	enum vx_version_scheme scheme; /* order for type: vx_version_scheme_for_ecosystem */
	bool all;                      /* the "*" constraint: every version; then n == 0 */
	size_t n;
	struct vx_vers_constraint *constraints; /* n entries sorted by version; owned */
};

/* Parse "vers:<type>/<constraints>" into *out (needs no initialisation; left empty on
 * failure). Accepted: scheme "vers" in any case; type [A-Za-z][A-Za-z0-9.-]* (lower-cased;
 * the reserved type "invalid" is refused); constraints "*" alone, or constraints separated
 * by single '|', each an optional comparator (!= < <= > >=, or '=' which is the same as
 * none) and a non-empty version, percent-decoded once (%00 and bad escapes refused; the
 * characters < > = ! * | % must be encoded). Refused: empty constraints, leading, trailing
 * or doubled '|', whitespace, control and non-ASCII bytes, duplicate versions (equal under
 * the type's order, whatever the comparators), and sequences the VERS validation rules
 * forbid once sorted (ignoring "!=": a bare version or '<'/'<=' followed by '<'/'<=', or
 * '>'/'>=' followed by a bare version or '>'/'>='). Constraints out of order are accepted
 * and sorted. Returns 0, VX_EINVAL ("invalid vers 'vers:npm/>=2|>=1': '>=' followed by
 * '>='") or VX_ELIMIT (longer than VX_VERS_MAX_LEN). */
int vx_vers_parse(const char *s, struct vx_vers *out, struct vx_err *err);

/* True when v is inside r, by the vers-spec containment algorithm under r->scheme: "*"
 * contains everything; v equal to a bare, '<=' or '>=' version is in; v equal to a '!='
 * version is out; otherwise v must be below a leading '<'/'<=', above a trailing '>'/'>=',
 * or between a '>'/'>=' and the '<'/'<=' that follows it. A range of '!=' constraints only
 * contains every other version. NULL v is contained only by "*". */
bool vx_vers_contains(const struct vx_vers *r, const char *v);

/* Free what r owns and zero it; r itself is the caller's. Safe on a zeroed struct. */
void vx_vers_release(struct vx_vers *r);

/* The canonical string: "vers:" + type + "/" + "*" or the sorted constraints joined by '|',
 * bare versions without '=', versions percent-encoded where they hold < > = ! * | %,
 * whitespace, control or non-ASCII bytes (upper-case hex). Fresh, never NULL. */
char *vx_vers_to_string(const struct vx_vers *r);

#endif
