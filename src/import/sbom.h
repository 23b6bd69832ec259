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
struct vx_strmap;

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
	char *author;	      /* component author, else publisher (CycloneDX); originator (SPDX) */
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
	char *to;   /* bom-ref it depends on / contains; NULL when the SBOM declares `from`
		       to have no dependencies (CycloneDX "dependsOn": []) */
	long entry; /* position in the document for messages: dependencies[entry] /
		       relationships[entry]; -1 when unknown */
	long item;  /* dependsOn[item] within the entry, -1 for the entry's own ref */
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
	struct vx_component *components; /* document order; the device, when there is one, has
					    is_device set (CycloneDX: first) */
	size_t ncomponents, components_cap;
	struct vx_dependency *deps;
	size_t ndeps, deps_cap;
	char **service_refs; /* bom-refs of CycloneDX services: valid dependency endpoints, but
				not inventory (edges touching them are not stored) */
	size_t nservice_refs, service_refs_cap;
	struct vx_strmap *ref_index; /* bom-ref -> index, built by vx_sbom_find_ref; keys
					borrowed from components (bom-refs must not change
					once looked up) */
	size_t ref_indexed;	     /* components indexed so far */
};

void vx_sbom_init(struct vx_sbom *s);
void vx_sbom_release(struct vx_sbom *s);

/* Append a zeroed component (parent = -1) and return it; valid until the next append. */
struct vx_component *vx_sbom_add_component(struct vx_sbom *s);
void vx_component_add_hash(struct vx_component *c, const char *alg, const char *value);
/* Record that `from` depends on (or contains) `to`; to may be NULL (see vx_dependency).
 * entry/item give the place in the document, or -1. */
void vx_sbom_add_dependency(struct vx_sbom *s, const char *from, const char *to);
void vx_sbom_add_dependency_at(struct vx_sbom *s, const char *from, const char *to, long entry,
			       long item);

/* Record the bom-ref of a service (see vx_sbom.service_refs). */
void vx_sbom_add_service_ref(struct vx_sbom *s, const char *bom_ref);
/* True when bom_ref names a service of this SBOM. */
int vx_sbom_is_service_ref(const struct vx_sbom *s, const char *bom_ref);

/* Index of the component with this bom-ref, or -1. Hashed; indexes components appended
 * since the previous call. */
long vx_sbom_find_ref(struct vx_sbom *s, const char *bom_ref);

const char *vx_sbom_format_name(enum vx_sbom_format f); /* "CycloneDX JSON", ... */

/* The place of component idx in its document, as error messages name it:
 * "components[3].components[0]", "metadata.component", "packages[2]". Linear in idx. */
void vx_sbom_component_place(const struct vx_sbom *s, size_t idx, char *out, size_t len);

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

/* The FDA support convention (docs/sbom.md): which property (CycloneDX) or annotation key
 * (SPDX) names carry the level of support and the end-of-support date. Case-insensitive.
 * Returns VX_SUPPORT_LEVEL, VX_SUPPORT_END or 0. */
enum { VX_SUPPORT_LEVEL = 1, VX_SUPPORT_END = 2 };
int vx_sbom_support_key(const char *name);

/* Support-level sidecar CSV (docs/sbom.md): header row with columns "purl" or "bom-ref"
 * or "name"+"version", and "support_level", "end_of_support". Fills the matching
 * components; a row that matches nothing is an error naming its line. */
int vx_sbom_apply_support_csv(struct vx_sbom *s, const char *data, size_t len,
			      struct vx_err *err);

#endif
