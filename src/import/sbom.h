/* src/import/sbom.h - reading SBOMs into plain structs.
 *
 * Owns: format detection from content (CycloneDX 1.2-1.6 JSON and XML, SPDX 2.2/2.3 JSON),
 * the readers behind it, the structural checks every reader shares (unique bom-refs,
 * dependency targets that exist, known component types, hash algorithms and lengths,
 * timestamps), and the FDA support-level convention (see docs/sbom.md): CycloneDX
 * properties and SPDX annotations with documented names, or a sidecar CSV.
 *
 * Does not own: identifier syntax (PURL and CPE are checked by src/match/ident.h, which the
 * import command calls before anything is stored), the store, or printing.
 *
 * Everything in a struct vx_sbom is owned by it and freed by vx_sbom_release(). Strings are
 * valid UTF-8 without NUL bytes; absent values are NULL, never "".
 */
#ifndef VX_IMPORT_SBOM_H
#define VX_IMPORT_SBOM_H

#include <stddef.h>

struct vx_err;

/* Input ceilings. A file above VX_SBOM_MAX_BYTES is refused before it is read; the parse
 * tree of a JSON SBOM costs about 6 times its size, so this bounds memory at ~1.5 GB worst
 * case. Nesting (JSON arrays/objects, XML elements, nested components) is refused beyond
 * VX_SBOM_MAX_DEPTH levels. */
#define VX_SBOM_MAX_BYTES ((size_t)256 << 20)
#define VX_SBOM_MAX_DEPTH 200

enum vx_sbom_format {
	VX_SBOM_UNKNOWN = 0,
	VX_SBOM_CYCLONEDX_JSON,
	VX_SBOM_CYCLONEDX_XML,
	VX_SBOM_SPDX_JSON,
};

struct vx_hash {
	char *alg;   /* normalised CycloneDX spelling: "SHA-256", "SHA-1", "MD5", "SHA3-256", ... */
	char *value; /* lower-case hex */
};

struct vx_component {
	char *bom_ref;	      /* CycloneDX bom-ref or SPDX SPDXID; never NULL after import (a
				 missing bom-ref gets a generated "vexil:N" id) */
	char *type;	      /* CycloneDX type ("library", "firmware", ...); SPDX purpose mapped */
	char *group;	      /* CycloneDX group (Maven groupId, npm scope) */
	char *name;	      /* required */
	char *version;
	char *supplier;	      /* supplier.name (CycloneDX) or SPDX supplier "Organization: X" -> X */
	char *author;	      /* component author / publisher / originator, when no supplier */
	char *purl;
	char *cpe;
	char *licence;	      /* SPDX expression or ids/names joined with " AND " */
	char *description;
	char *support_level;  /* FDA "level of support" as given (see docs/sbom.md) */
	char *end_of_support; /* FDA end-of-support date as given; a date when it is one */
	struct vx_hash *hashes;
	size_t nhashes, hashes_cap;
	long parent; /* index of the enclosing component in vx_sbom.components, -1 at top */
	int is_device; /* 1 for the device itself (CycloneDX metadata.component, SPDX DESCRIBES
			  target): kept out of the inventory, but a dependency endpoint */
};

struct vx_dependency {
	char *from; /* bom-ref of the dependent */
	char *to;   /* bom-ref it depends on / contains */
};

struct vx_sbom {
	enum vx_sbom_format format;
	char *spec_version;   /* "1.6", "2.3" */
	char *serial;	      /* CycloneDX serialNumber, SPDX documentNamespace */
	char *doc_version;    /* CycloneDX BOM version */
	char *name;	      /* SPDX document name, or the device component's name */
	char *timestamp;      /* metadata.timestamp / creationInfo.created */
	char *authors;	      /* SBOM author(s), "; "-joined: metadata.authors, manufacturer,
				 supplier, tools (CycloneDX); creators (SPDX) */
	struct vx_component *components; /* device first when present, then document order */
	size_t ncomponents, components_cap;
	struct vx_dependency *deps;
	size_t ndeps, deps_cap;
};

void vx_sbom_init(struct vx_sbom *s);
void vx_sbom_release(struct vx_sbom *s);

/* Append a zeroed component (parent = -1) and return it; valid until the next append. */
struct vx_component *vx_sbom_add_component(struct vx_sbom *s);
void vx_component_add_hash(struct vx_component *c, const char *alg, const char *value);
void vx_sbom_add_dependency(struct vx_sbom *s, const char *from, const char *to);

/* Index of the component with this bom-ref, or -1. Linear; use on small inputs only. */
long vx_sbom_find_ref(const struct vx_sbom *s, const char *bom_ref);

const char *vx_sbom_format_name(enum vx_sbom_format f); /* "CycloneDX JSON", ... */

/* Detect the format from the bytes and parse. The buffer must be NUL-terminated at len.
 * On error err names the place in the document ("components[12].hashes[0].content",
 * "line 4, column 9") and the problem; the caller adds the file name. Runs the shared
 * structural checks (vx_sbom_check_structure) before returning success. */
int vx_sbom_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err);

/* Read path (at most VX_SBOM_MAX_BYTES) and vx_sbom_parse() it. */
int vx_sbom_read_file(const char *path, struct vx_sbom *out, struct vx_err *err);

/* Per-format readers behind vx_sbom_parse (exposed for tests and fuzzing). Input has been
 * checked for NUL bytes and UTF-8 validity already. */
int vx_cdx_json_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err);
int vx_cdx_xml_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err);
int vx_spdx_json_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err);

/* Shared checks: required names, unique non-empty bom-refs, dependency endpoints that
 * exist, known hash algorithms with the right hex length. */
int vx_sbom_check_structure(struct vx_sbom *s, struct vx_err *err);

/* Normalise a hash algorithm name from either format ("SHA256", "sha-256") to the
 * CycloneDX spelling, and return the expected hex length (0 when unknown: not accepted). */
const char *vx_hash_alg_normalise(const char *alg, size_t *hexlen);

/* Support-level sidecar CSV (docs/sbom.md): header row with columns "purl" or "bom-ref"
 * or "name"+"version", and "support_level", "end_of_support". Fills the matching
 * components; a row that matches nothing is an error naming its line. */
int vx_sbom_apply_support_csv(struct vx_sbom *s, const char *data, size_t len,
			      struct vx_err *err);

#endif
