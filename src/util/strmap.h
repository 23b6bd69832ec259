/* src/util/strmap.h - a string -> long hash map (open addressing, FNV-1a).
 *
 * For lookups by identifier inside one input document (bom-refs, SPDX ids) and other
 * places where a linear search would make a large input quadratic. Keys are borrowed: the
 * caller keeps them alive and unchanged while the map is used. Caller-owned struct
 * (vx_strmap_init / vx_strmap_release).
 */
#ifndef VX_UTIL_STRMAP_H
#define VX_UTIL_STRMAP_H

#include <stddef.h>

struct vx_strmap {
	const char **keys; /* borrowed; NULL marks an empty slot */
	long *vals;
	size_t cap;	   /* a power of two */
	size_t len;	   /* keys stored */
};

void vx_strmap_init(struct vx_strmap *m);
void vx_strmap_release(struct vx_strmap *m);
/* Insert key -> val unless key is present. Returns the existing value when present (and
 * leaves it), else -1 after inserting; values should therefore be >= 0. */
long vx_strmap_put(struct vx_strmap *m, const char *key, long val);
/* The value for key, or -1. */
long vx_strmap_get(const struct vx_strmap *m, const char *key);

#endif
