/* src/import/json_private.h - cJSON helpers shared by the JSON readers of src/import/.
 *
 * Private to the src/import readers (it names cJSON, a third-party type, so no other module may
 * include it). It owns the things every JSON reader must do the same way: refuse nesting
 * deeper than a limit before cJSON recurses, turn a cJSON syntax error into "line L, column
 * C", and read typed members with an error that names the JSON path.
 */
#ifndef VX_IMPORT_JSON_PRIVATE_H
#define VX_IMPORT_JSON_PRIVATE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct vx_err;

/* Parse data[0..len) into *root (caller frees with cJSON_Delete). Refuses nesting deeper
 * than max_depth with VX_ELIMIT and syntax errors with VX_EINVAL, both with line/column. */
int vx_json_parse(const char *data, size_t len, int max_depth, cJSON **root, struct vx_err *err);

/* Optional string member `key` of obj: *out = fresh copy, or NULL when absent or null.
 * A member of another type is an error at "<path>.<key>". Empty strings become NULL unless
 * keep_empty. */
int vx_json_str(const cJSON *obj, const char *key, const char *path, bool keep_empty, char **out,
		struct vx_err *err);

/* Optional array/object member: *out = the node or NULL when absent; wrong type is an
 * error at "<path>.<key>". */
int vx_json_array(const cJSON *obj, const char *key, const char *path, const cJSON **out,
		  struct vx_err *err);
int vx_json_object(const cJSON *obj, const char *key, const char *path, const cJSON **out,
		   struct vx_err *err);

/* An array `key` of hash objects {alg_key: name, value_key: hex} appended to c's hashes
 * (CycloneDX "hashes" {alg, content}; SPDX "checksums" {algorithm, checksumValue}). The
 * algorithm and length checks are the shared ones of sbom.c. */
struct vx_component;
int vx_json_hashes(const cJSON *obj, const char *key, const char *alg_key, const char *value_key,
		   const char *path, struct vx_component *c, struct vx_err *err);

/* Type name for messages: "string", "number", "object", ... */
const char *vx_json_type_name(const cJSON *node);

#endif
