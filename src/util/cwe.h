/* src/util/cwe.h - CWE names by identifier.
 *
 * CSAF 2.0 writes a weakness as {id, name} and the BSI validator (test 6.1.11) requires the
 * name to be the CWE list's; the feeds carry only the id. The table (cwe_names.c, generated
 * by scripts/gen-cwe.sh) is the list the validator checks against.
 */
#ifndef VX_UTIL_CWE_H
#define VX_UTIL_CWE_H

struct vx_cwe {
	unsigned id;
	const char *name;
};

extern const struct vx_cwe vx_cwe_table[]; /* sorted by id */
extern const unsigned long vx_cwe_count;

/* The name of "CWE-79" (or "79"), or NULL for an unknown id or a non-CWE value such as
 * NVD's "NVD-CWE-Other" and "NVD-CWE-noinfo". */
const char *vx_cwe_name(const char *id);

#endif
