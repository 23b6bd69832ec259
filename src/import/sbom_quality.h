/* src/import/sbom_quality.h - what an SBOM says and lacks: FDA / NTIA element checks and
 * the difference between two inventories.
 *
 * The element check reports, per component, the NTIA minimum elements (supplier, name,
 * version, a unique identifier, the dependency relationship) and, for the document, the
 * SBOM author and timestamp; plus what FDA's premarket guidance adds per component: the
 * level of support and the end-of-support date. The rules for each element are in
 * docs/sbom.md. The diff pairs components of two inventories by identity (purl without
 * version, else group and name) and lists what was added, removed or changed.
 *
 * Pure functions over struct vx_sbom; nothing here reads files or prints.
 */
#ifndef VX_IMPORT_SBOM_QUALITY_H
#define VX_IMPORT_SBOM_QUALITY_H

#include <stddef.h>

struct vx_sbom;
struct vx_component;

enum vx_element {
	VX_EL_SUPPLIER,
	VX_EL_NAME,
	VX_EL_VERSION,
	VX_EL_IDENTIFIER,     /* purl or cpe */
	VX_EL_DEPENDENCY,     /* in a dependency edge, declared without dependencies, or nested */
	VX_EL_AUTHOR,	      /* document level */
	VX_EL_TIMESTAMP,      /* document level */
	VX_EL_SUPPORT_LEVEL,  /* FDA */
	VX_EL_END_OF_SUPPORT, /* FDA: a date */
	VX_EL_COUNT
};

#define VX_EL_BIT(e) (1u << (e))

/* Short name ("supplier", "end-of-support date") and the source ("NTIA" or "FDA"). */
const char *vx_element_name(enum vx_element e);
const char *vx_element_source(enum vx_element e);

struct vx_element_report {
	size_t ncomponents;		   /* inventory components checked (device excluded) */
	unsigned doc_missing;		   /* VX_EL_BIT of author / timestamp when missing */
	unsigned *missing;		   /* per vx_sbom component index: missing elements
					      (0 for the device); owned, free() */
	unsigned *invalid;		   /* per index: present but unusable (an end of
					      support that is not a date); owned, free() */
	size_t nmissing[VX_EL_COUNT];	   /* components missing each element */
	size_t ncomplete;		   /* components with every element */
};

/* Check every inventory component. Always succeeds; release with
 * vx_element_report_release. */
void vx_sbom_check_elements(const struct vx_sbom *s, struct vx_element_report *out);
void vx_element_report_release(struct vx_element_report *r);

/* Fields compared by the diff. */
enum vx_diff_field {
	VX_DF_VERSION = 1u << 0,
	VX_DF_SUPPLIER = 1u << 1,
	VX_DF_PURL = 1u << 2,
	VX_DF_CPE = 1u << 3,
	VX_DF_HASHES = 1u << 4,
	VX_DF_LICENCE = 1u << 5,
	VX_DF_SUPPORT = 1u << 6, /* support level or end of support */
};

enum vx_diff_kind { VX_DIFF_ADDED, VX_DIFF_REMOVED, VX_DIFF_CHANGED };

struct vx_diff_entry {
	enum vx_diff_kind kind;
	long a;		 /* index in the old inventory, -1 when added */
	long b;		 /* index in the new inventory, -1 when removed */
	unsigned fields; /* enum vx_diff_field bits, for VX_DIFF_CHANGED */
};

/* Identity key of a component: purl without version, qualifiers and subpath, else
 * "name:" + group/name, lower-cased. Fresh string. */
char *vx_component_key(const struct vx_component *c);

/* The key plus "@" and the version ("" when none): what makes a finding the same finding
 * across SBOM re-imports. Fresh string. */
char *vx_component_identity(const struct vx_component *c);

/* Compare two inventories (devices excluded). *out (free()) lists removed and changed
 * entries in old order, then added entries in new order; unchanged pairs are not listed. */
void vx_sbom_diff(const struct vx_sbom *a, const struct vx_sbom *b, struct vx_diff_entry **out,
		  size_t *n);

#endif
