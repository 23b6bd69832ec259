/* src/import/json_private.c - cJSON helpers for the import readers (see json_private.h). */
#include "import/json_private.h"
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hard ceiling for the nesting scan; callers ask for less. */
#define VX_JSON_SCAN_MAX 1000
#include <string.h>

/* One pass over the text that tracks string state and a bracket stack, so that a hostile
 * document nested 10,000 deep is refused before cJSON's recursive descent sees it, and so
 * that a truncated file can be told from a syntax error: *mismatch is the offset of the
 * first closing bracket that does not match (or (size_t)-1), *unclosed says the text ends
 * inside a string or an open bracket. */
static int scan(const char *data, size_t len, int max_depth, size_t *mismatch, bool *unclosed,
		struct vx_err *err)
{
	char stack[VX_JSON_SCAN_MAX + 1];
	int depth = 0, line, col;
	bool in_str = false;

	if (max_depth > VX_JSON_SCAN_MAX)
		max_depth = VX_JSON_SCAN_MAX;
	*mismatch = (size_t)-1;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (in_str) {
			if (c == '\\' && i + 5 < len && memcmp(data + i + 1, "u0000", 5) == 0) {
				vx_text_position(data, len, i, &line, &col);
				return vx_err_set(err, VX_EINVAL,
						  "line %d, column %d: escaped NUL (\\u0000) in a string",
						  line, col);
			}
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (depth >= max_depth) {
				vx_text_position(data, len, i, &line, &col);
				return vx_err_set(err, VX_ELIMIT,
						  "line %d, column %d: JSON nested deeper than %d "
						  "levels",
						  line, col, max_depth);
			}
			stack[depth++] = c == '{' ? '}' : ']';
		} else if (c == '}' || c == ']') {
			if ((depth == 0 || stack[depth - 1] != c) && *mismatch == (size_t)-1)
				*mismatch = i;
			if (depth > 0)
				depth--;
		}
	}
	*unclosed = in_str || depth > 0;
	return 0;
}

int vx_json_parse(const char *data, size_t len, int max_depth, cJSON **root, struct vx_err *err)
{
	const char *end = NULL;
	int rc, line, col;
	bool unclosed = false;
	size_t mismatch;

	*root = NULL;
	rc = scan(data, len, max_depth, &mismatch, &unclosed, err);
	if (rc < 0)
		return rc;
	*root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!*root) {
		size_t off = end && end >= data && end <= data + len ? (size_t)(end - data) : 0;
		if (!end) {
			const char *e = cJSON_GetErrorPtr();
			off = e && e >= data && e <= data + len ? (size_t)(e - data) : len;
		}
		if (mismatch != (size_t)-1 && mismatch <= off)
			off = mismatch;
		else if (unclosed)
			off = len;
		vx_text_position(data, len, off, &line, &col);
		if (off >= len)
			return vx_err_set(err, VX_EINVAL,
					  "line %d, column %d: JSON ends early (truncated file?)",
					  line, col);
		return vx_err_set(err, VX_EINVAL, "line %d, column %d: JSON syntax error near '%s'",
				  line, col, vx_str_quoten(data + off, len - off, 20));
	}
	/* Trailing garbage after the top-level value. */
	if (end) {
		while (end < data + len && (*end == ' ' || *end == '\t' || *end == '\r' ||
					    *end == '\n'))
			end++;
		if (end < data + len) {
			vx_text_position(data, len, (size_t)(end - data), &line, &col);
			cJSON_Delete(*root);
			*root = NULL;
			return vx_err_set(err, VX_EINVAL,
					  "line %d, column %d: unexpected text after the JSON document",
					  line, col);
		}
	}
	return 0;
}

const char *vx_json_type_name(const cJSON *n)
{
	if (!n || cJSON_IsInvalid(n))
		return "nothing";
	if (cJSON_IsString(n))
		return "string";
	if (cJSON_IsNumber(n))
		return "number";
	if (cJSON_IsBool(n))
		return "boolean";
	if (cJSON_IsNull(n))
		return "null";
	if (cJSON_IsArray(n))
		return "array";
	if (cJSON_IsObject(n))
		return "object";
	return "raw";
}

static int type_error(const char *path, const char *key, const char *want, const cJSON *got,
		      struct vx_err *err)
{
	char where[512];
	snprintf(where, sizeof(where), "%s%s%s", path, path[0] ? "." : "", key);
	return vx_err_at(err, VX_EINVAL, where, "expected %s, found %s", want,
			 vx_json_type_name(got));
}

int vx_json_str(const cJSON *obj, const char *key, const char *path, bool keep_empty, char **out,
		struct vx_err *err)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!n || cJSON_IsNull(n))
		return 0;
	if (!cJSON_IsString(n) || !n->valuestring)
		return type_error(path, key, "a string", n, err);
	if (n->valuestring[0] == '\0' && !keep_empty)
		return 0;
	*out = vx_strdup(n->valuestring);
	return 0;
}

int vx_json_array(const cJSON *obj, const char *key, const char *path, const cJSON **out,
		  struct vx_err *err)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!n || cJSON_IsNull(n))
		return 0;
	if (!cJSON_IsArray(n))
		return type_error(path, key, "an array", n, err);
	*out = n;
	return 0;
}

int vx_json_object(const cJSON *obj, const char *key, const char *path, const cJSON **out,
		   struct vx_err *err)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!n || cJSON_IsNull(n))
		return 0;
	if (!cJSON_IsObject(n))
		return type_error(path, key, "an object", n, err);
	*out = n;
	return 0;
}

int vx_json_hashes(const cJSON *obj, const char *key, const char *alg_key, const char *value_key,
		   const char *path, struct vx_component *c, struct vx_err *err)
{
	const cJSON *arr, *item;
	int rc, i = 0;

	rc = vx_json_array(obj, key, path, &arr, err);
	if (rc < 0 || !arr)
		return rc;
	cJSON_ArrayForEach(item, arr)
	{
		char p[512], *alg = NULL, *value = NULL;
		snprintf(p, sizeof(p), "%s.%s[%d]", path, key, i++);
		if (!cJSON_IsObject(item))
			return vx_err_at(err, VX_EINVAL, p, "expected an object, found %s",
					 vx_json_type_name(item));
		if ((rc = vx_json_str(item, alg_key, p, false, &alg, err)) == 0 &&
		    (rc = vx_json_str(item, value_key, p, false, &value, err)) == 0 &&
		    (!alg || !value))
			rc = vx_err_at(err, VX_EINVAL, p, "needs both '%s' and '%s'", alg_key,
				       value_key);
		if (rc == 0)
			vx_component_add_hash(c, alg, value);
		free(alg);
		free(value);
		if (rc < 0)
			return rc;
	}
	return 0;
}
