/* src/import/sbom.c - the SBOM model, format detection and the checks all readers share.
 *
 * The format readers (cdx_json.c, cdx_xml.c, spdx_json.c) only translate syntax into
 * struct vx_sbom; this file decides which reader runs and what makes a document acceptable
 * whatever its format. See sbom.h.
 */
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vx_sbom_init(struct vx_sbom *s)
{
	memset(s, 0, sizeof(*s));
}

static void component_release(struct vx_component *c)
{
	free(c->bom_ref);
	free(c->type);
	free(c->group);
	free(c->name);
	free(c->version);
	free(c->supplier);
	free(c->author);
	free(c->purl);
	free(c->cpe);
	free(c->licence);
	free(c->description);
	free(c->support_level);
	free(c->end_of_support);
	for (size_t i = 0; i < c->nhashes; i++) {
		free(c->hashes[i].alg);
		free(c->hashes[i].value);
	}
	free(c->hashes);
}

void vx_sbom_release(struct vx_sbom *s)
{
	for (size_t i = 0; i < s->ncomponents; i++)
		component_release(&s->components[i]);
	free(s->components);
	for (size_t i = 0; i < s->ndeps; i++) {
		free(s->deps[i].from);
		free(s->deps[i].to);
	}
	free(s->deps);
	free(s->spec_version);
	free(s->serial);
	free(s->doc_version);
	free(s->name);
	free(s->timestamp);
	free(s->authors);
	vx_sbom_init(s);
}

struct vx_component *vx_sbom_add_component(struct vx_sbom *s)
{
	struct vx_component *c;
	s->components = vx_grow(s->components, sizeof(*s->components), s->ncomponents + 1,
				&s->components_cap);
	c = &s->components[s->ncomponents++];
	memset(c, 0, sizeof(*c));
	c->parent = -1;
	return c;
}

void vx_component_add_hash(struct vx_component *c, const char *alg, const char *value)
{
	c->hashes = vx_grow(c->hashes, sizeof(*c->hashes), c->nhashes + 1, &c->hashes_cap);
	c->hashes[c->nhashes].alg = vx_strdup(alg);
	c->hashes[c->nhashes].value = vx_strdup(value);
	c->nhashes++;
}

void vx_sbom_add_dependency(struct vx_sbom *s, const char *from, const char *to)
{
	s->deps = vx_grow(s->deps, sizeof(*s->deps), s->ndeps + 1, &s->deps_cap);
	s->deps[s->ndeps].from = vx_strdup(from);
	s->deps[s->ndeps].to = vx_strdup(to);
	s->ndeps++;
}

long vx_sbom_find_ref(const struct vx_sbom *s, const char *bom_ref)
{
	for (size_t i = 0; i < s->ncomponents; i++)
		if (s->components[i].bom_ref && strcmp(s->components[i].bom_ref, bom_ref) == 0)
			return (long)i;
	return -1;
}

const char *vx_sbom_format_name(enum vx_sbom_format f)
{
	switch (f) {
	case VX_SBOM_CYCLONEDX_JSON:
		return "CycloneDX JSON";
	case VX_SBOM_CYCLONEDX_XML:
		return "CycloneDX XML";
	case VX_SBOM_SPDX_JSON:
		return "SPDX JSON";
	default:
		return "unknown";
	}
}

/* --- hash algorithms ------------------------------------------------------------------ */

static const struct {
	const char *name;   /* CycloneDX spelling */
	const char *spdx;   /* SPDX spelling */
	size_t hexlen;
} hash_algs[] = {
	{"MD5", "MD5", 32},
	{"SHA-1", "SHA1", 40},
	{"SHA-256", "SHA256", 64},
	{"SHA-384", "SHA384", 96},
	{"SHA-512", "SHA512", 128},
	{"SHA3-256", "SHA3-256", 64},
	{"SHA3-384", "SHA3-384", 96},
	{"SHA3-512", "SHA3-512", 128},
	{"BLAKE2b-256", "BLAKE2b-256", 64},
	{"BLAKE2b-384", "BLAKE2b-384", 96},
	{"BLAKE2b-512", "BLAKE2b-512", 128},
	{"BLAKE3", "BLAKE3", 64},
	{"SHA-224", "SHA224", 56},
	{"MD2", "MD2", 32},
	{"MD4", "MD4", 32},
	{"MD6", "MD6", 0},
	{"ADLER32", "ADLER32", 8},
};

const char *vx_hash_alg_normalise(const char *alg, size_t *hexlen)
{
	*hexlen = 0;
	if (!alg)
		return NULL;
	for (size_t i = 0; i < sizeof(hash_algs) / sizeof(hash_algs[0]); i++) {
		if (vx_str_ieq(alg, hash_algs[i].name) || vx_str_ieq(alg, hash_algs[i].spdx)) {
			*hexlen = hash_algs[i].hexlen;
			return hash_algs[i].name;
		}
	}
	return NULL;
}

/* --- shared structural checks -------------------------------------------------------- */

static const char *const cdx_types[] = {
	"application", "framework", "library", "container", "operating-system", "device",
	"firmware", "file", "platform", "device-driver", "machine-learning-model", "data",
	"cryptographic-asset", NULL,
};

static bool known_type(const char *t)
{
	for (int i = 0; cdx_types[i]; i++)
		if (strcmp(t, cdx_types[i]) == 0)
			return true;
	return false;
}

/* Open-addressing set of bom-refs -> component index, for inputs of any size. */
struct refset {
	const char **keys;
	long *vals;
	size_t cap;
};

static size_t strhash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void refset_init(struct refset *rs, size_t n)
{
	rs->cap = 16;
	while (rs->cap < n * 2 + 1)
		rs->cap *= 2;
	rs->keys = vx_calloc(rs->cap, sizeof(*rs->keys));
	rs->vals = vx_calloc(rs->cap, sizeof(*rs->vals));
}

static void refset_release(struct refset *rs)
{
	free(rs->keys);
	free(rs->vals);
}

/* Returns the existing index when key is present, else inserts and returns -1. */
static long refset_put(struct refset *rs, const char *key, long val)
{
	size_t i = strhash(key) & (rs->cap - 1);
	while (rs->keys[i]) {
		if (strcmp(rs->keys[i], key) == 0)
			return rs->vals[i];
		i = (i + 1) & (rs->cap - 1);
	}
	rs->keys[i] = key;
	rs->vals[i] = val;
	return -1;
}

static long refset_get(const struct refset *rs, const char *key)
{
	size_t i = strhash(key) & (rs->cap - 1);
	while (rs->keys[i]) {
		if (strcmp(rs->keys[i], key) == 0)
			return rs->vals[i];
		i = (i + 1) & (rs->cap - 1);
	}
	return -1;
}

/* "components[3]" for a top-level component, "components[3].components[0]" when nested;
 * the readers keep document order, so the index among siblings is recomputed here. */
static void component_path(const struct vx_sbom *s, size_t idx, char *out, size_t outlen)
{
	const struct vx_component *c = &s->components[idx];
	size_t pos = 0;
	char inner[400] = "";

	if (c->is_device) {
		snprintf(out, outlen, "%s",
			 s->format == VX_SBOM_SPDX_JSON ? "packages (described)" :
							  "metadata.component");
		return;
	}
	for (size_t i = 0; i < idx; i++)
		if (s->components[i].parent == c->parent && !s->components[i].is_device)
			pos++;
	if (c->parent >= 0)
		component_path(s, (size_t)c->parent, inner, sizeof(inner));
	snprintf(out, outlen, "%s%s%s[%zu]", inner, inner[0] ? "." : "",
		 s->format == VX_SBOM_SPDX_JSON ? "packages" : "components", pos);
}

int vx_sbom_check_structure(struct vx_sbom *s, struct vx_err *err)
{
	struct refset rs;
	char where[512];
	int rc = 0;

	refset_init(&rs, s->ncomponents);
	for (size_t i = 0; i < s->ncomponents; i++) {
		struct vx_component *c = &s->components[i];
		long prev;

		if (vx_str_blank(c->name)) {
			component_path(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where, "component has no name");
			goto out;
		}
		if (c->type && !known_type(c->type)) {
			component_path(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where, "unknown component type '%s'",
				       vx_str_quote(c->type, 60));
			goto out;
		}
		for (size_t h = 0; h < c->nhashes; h++) {
			size_t hexlen;
			const char *v = c->hashes[h].value;
			const char *alg = vx_hash_alg_normalise(c->hashes[h].alg, &hexlen);
			size_t n = v ? strlen(v) : 0;
			bool hex = n > 0;
			for (size_t k = 0; k < n; k++)
				hex = hex && isxdigit((unsigned char)v[k]);
			if (!alg) {
				component_path(s, i, where, sizeof(where));
				rc = vx_err_at(err, VX_EINVAL, where,
					       "hashes[%zu]: unknown hash algorithm '%s'", h,
					       vx_str_quote(c->hashes[h].alg, 40));
				goto out;
			}
			if (!hex || (hexlen && n != hexlen)) {
				component_path(s, i, where, sizeof(where));
				rc = vx_err_at(err, VX_EINVAL, where,
					       "hashes[%zu]: %s value '%s' is not %zu hex digits",
					       h, alg, vx_str_quote(v, 40), hexlen);
				goto out;
			}
			free(c->hashes[h].alg);
			c->hashes[h].alg = vx_strdup(alg);
			vx_str_lower(c->hashes[h].value);
		}
		if (!c->bom_ref) {
			c->bom_ref = vx_asprintf("vexil:%zu", i);
		} else if (c->bom_ref[0] == '\0') {
			component_path(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where, "empty bom-ref");
			goto out;
		}
		prev = refset_put(&rs, c->bom_ref, (long)i);
		if (prev >= 0) {
			char first[256];
			component_path(s, (size_t)prev, first, sizeof(first));
			component_path(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where,
				       "bom-ref '%s' is already used by %s",
				       vx_str_quote(c->bom_ref, 80), first);
			goto out;
		}
	}
	for (size_t d = 0; d < s->ndeps; d++) {
		const struct vx_dependency *dep = &s->deps[d];
		const char *what = s->format == VX_SBOM_SPDX_JSON ? "relationships" : "dependencies";
		if (vx_str_blank(dep->from) || vx_str_blank(dep->to)) {
			snprintf(where, sizeof(where), "%s", what);
			rc = vx_err_at(err, VX_EINVAL, where, "dependency with an empty ref");
			goto out;
		}
		if (refset_get(&rs, dep->from) < 0 || refset_get(&rs, dep->to) < 0) {
			const char *missing = refset_get(&rs, dep->from) < 0 ? dep->from : dep->to;
			snprintf(where, sizeof(where), "%s", what);
			rc = vx_err_at(err, VX_EINVAL, where,
				       "ref '%s' does not name a component in this SBOM",
				       vx_str_quote(missing, 80));
			goto out;
		}
	}
out:
	refset_release(&rs);
	return rc;
}

/* --- format detection ------------------------------------------------------------------ */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

int vx_sbom_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err)
{
	const char *p, *end = data + len;
	size_t bad;
	int rc, line, col;

	vx_sbom_init(out);
	if (len == 0)
		return vx_err_set(err, VX_EINVAL, "file is empty");
	p = memchr(data, '\0', len);
	if (p) {
		vx_text_position(data, len, (size_t)(p - data), &line, &col);
		return vx_err_set(err, VX_EINVAL,
				  "line %d, column %d: NUL byte in input (not a text SBOM)", line,
				  col);
	}
	p = data;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* a UTF-8 byte order mark is legal in both JSON and XML files */
	bad = vx_utf8_invalid_at(p, (size_t)(end - p));
	if (bad != (size_t)-1) {
		vx_text_position(data, len, (size_t)(p - data) + bad, &line, &col);
		return vx_err_set(err, VX_EINVAL,
				  "line %d, column %d: invalid UTF-8 (byte 0x%02x at offset %zu)",
				  line, col, (unsigned char)p[bad], (size_t)(p - data) + bad);
	}
	p = skip_ws(p, end);
	if (p < end && *p == '{') {
		/* Decide by the identifying keys; the readers re-check them precisely. */
		const char *window_end = end;
		if (memmem(p, (size_t)(window_end - p), "\"bomFormat\"", 11))
			rc = vx_cdx_json_parse(p, (size_t)(end - p), out, err);
		else if (memmem(p, (size_t)(window_end - p), "\"spdxVersion\"", 13))
			rc = vx_spdx_json_parse(p, (size_t)(end - p), out, err);
		else if (memmem(p, (size_t)(window_end - p), "\"@context\"", 10) &&
			 memmem(p, (size_t)(window_end - p), "spdx.org/rdf/3", 14))
			return vx_err_set(err, VX_EUNSUPPORTED,
					  "SPDX 3 (JSON-LD) is not supported; export SPDX 2.3 JSON "
					  "or CycloneDX");
		else
			return vx_err_set(
				err, VX_EUNSUPPORTED,
				"not an SBOM: a JSON document with neither \"bomFormat\" "
				"(CycloneDX) nor \"spdxVersion\" (SPDX 2.x)");
	} else if (p < end && *p == '<') {
		rc = vx_cdx_xml_parse(p, (size_t)(end - p), out, err);
	} else if (p < end && (*p == 'S' || *p == '#') && memmem(p, (size_t)(end - p),
								   "SPDXVersion:", 12)) {
		return vx_err_set(err, VX_EUNSUPPORTED,
				  "SPDX tag-value is not supported; convert it to SPDX JSON");
	} else {
		vx_text_position(data, len, (size_t)(p - data), &line, &col);
		return vx_err_set(err, VX_EUNSUPPORTED,
				  "line %d, column %d: not an SBOM: expected a JSON object or an "
				  "XML document",
				  line, col);
	}
	if (rc == 0)
		rc = vx_sbom_check_structure(out, err);
	if (rc < 0)
		vx_sbom_release(out);
	return rc;
}

int vx_sbom_read_file(const char *path, struct vx_sbom *out, struct vx_err *err)
{
	char *data;
	size_t len;
	int rc;

	vx_sbom_init(out);
	rc = vx_file_read(path, VX_SBOM_MAX_BYTES, &data, &len, err);
	if (rc < 0)
		return rc;
	rc = vx_sbom_parse(data, len, out, err);
	free(data);
	return rc;
}
