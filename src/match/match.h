/* src/match/match.h - matching an inventory against vulnerability records.
 *
 * Pure functions: given a device version's inventory (struct vx_sbom) and candidate
 * vulnerabilities (struct vx_vuln, as the store returns them), decide which components each
 * vulnerability affects, and say why. The rules (docs/matching.md):
 *
 *   - NVD: a component matches a cpeMatch entry when its CPE 2.3 name is a subset of, or
 *     equal to, the entry's criteria (NISTIR 7696) and its version lies within the entry's
 *     bounds (version order: version.h, GENERIC). A component CPE whose version is ANY takes
 *     the component's version. Configurations are evaluated as trees: nodes combine their
 *     entries with OR / AND, configurations their nodes, negate inverts. A component is
 *     affected when it matches a vulnerable entry of a configuration that holds. When the
 *     configuration would hold but for platform entries (vulnerable: false, e.g. the
 *     hardware a firmware runs on, the OS of an application) that no component matches,
 *     the component is reported with needs_review set: the SBOM may simply not list the
 *     platform.
 *   - OSV and tips: the component's purl, reduced to type/namespace/name, equals the
 *     affected package's (from its purl, or its ecosystem and name); its version is in the
 *     explicit versions, in a SEMVER or ECOSYSTEM range (GIT ranges are skipped and
 *     counted), or in the tip's vers: range.
 *   - No fuzzy name guessing: a component with neither CPE nor purl matches nothing.
 *   - A component matched by several entries or sources yields one hit with every piece
 *     of evidence.
 *
 * The lookup keys the store indexes (vx_match_vuln_keys) come from here too, so that the
 * same parsing decides what is indexed and what is looked up.
 *
 * Ownership: results own their strings; release with the _release functions.
 */
#ifndef VX_MATCH_MATCH_H
#define VX_MATCH_MATCH_H

#include <stddef.h>

struct vx_err;
struct vx_sbom;
struct vx_vuln;
struct vx_vuln_keys;

/* "vendor:product" of a CPE (canonical, lower-case), or NULL when it does not parse. */
char *vx_match_cpe_key(const char *cpe);
/* "type/namespace/name" of a purl in canonical form, or NULL when it does not parse. */
char *vx_match_purl_key(const char *purl);
/* The package key of an OSV affected package: from its purl when given, else from the
 * ecosystem and name (npm, PyPI, Maven "group:artifact", Go module paths, NuGet,
 * crates.io, RubyGems, Packagist, Hex, Pub, Debian, Ubuntu, Alpine, ...). NULL when the
 * ecosystem has no purl type. */
char *vx_match_osv_key(const char *ecosystem, const char *name, const char *purl);

/* Fill the store's lookup keys of a record (see store/vuln.h). Never fails: an entry whose
 * identifier does not parse gets a NULL key and is simply not indexed. */
void vx_match_vuln_keys(const struct vx_vuln *v, struct vx_vuln_keys *out);
void vx_match_keys_release(struct vx_vuln_keys *k);

/* The lookup keys of an inventory: the cpe keys and purl keys of its components (NULL
 * entries skipped, duplicates kept). Arrays of fresh strings; free with
 * vx_match_keys_release. */
void vx_match_inventory_keys(const struct vx_sbom *inv, struct vx_vuln_keys *out);

/* A researcher tip's affected product as a record the matcher understands: with a purl,
 * one affected package carrying the vers: range; with a CPE, one configuration whose OR
 * node has an entry per interval of the range ("vers:generic/>=1.0|<1.2|>=2.0|<2.1" gives
 * two entries with bounds; "=" constraints give exact versions). A range that cannot be
 * written as intervals (a "!=" on a CPE) is an error. Fills v->affected or v->confs; the
 * rest of v is the caller's. */
int vx_match_tip_record(const char *purl, const char *cpe, const char *vers, struct vx_vuln *v,
			struct vx_err *err);

struct vx_match_evidence {
	char *source;	 /* "nvd", "osv", "tip" */
	char *field;	 /* "cpe" or "purl" */
	char *value;	 /* the component's identifier as compared */
	char *criterion; /* the criteria CPE, or the affected package */
	char *range;	 /* the bounds or range that held the version, as text */
	char *note;	 /* e.g. "no SBOM component matches platform: cpe:2.3:h:...: needs review" */
};

struct vx_match_hit {
	size_t component; /* index into inv->components */
	size_t vuln;	  /* index into the vulns array */
	int needs_review; /* 1 when only partly established (see above) */
	struct vx_match_evidence *ev;
	size_t nev;
};

struct vx_match_result {
	struct vx_match_hit *hits; /* ordered by vulnerability, then component */
	size_t nhits;
	size_t git_ranges_skipped; /* OSV GIT ranges not evaluated */
	size_t unknown_versions;   /* matches by name whose version was unknown (needs review) */
};

/* Match every inventory component (the device included: firmware CPEs often name it)
 * against every vulnerability. Never fails on data: bad identifiers simply match nothing. */
void vx_match_inventory(const struct vx_sbom *inv, const struct vx_vuln *vulns, size_t nvulns,
			struct vx_match_result *out);
void vx_match_result_release(struct vx_match_result *r);

#endif
