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
#include "util/strmap.h"

#include <ctype.h>
#include <limits.h>
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
	for (size_t i = 0; i < s->nservice_refs; i++)
		free(s->service_refs[i]);
	free(s->service_refs);
	if (s->ref_index) {
		vx_strmap_release(s->ref_index);
		free(s->ref_index);
	}
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

void vx_sbom_add_dependency_at(struct vx_sbom *s, const char *from, const char *to, long entry,
			       long item)
{
	s->deps = vx_grow(s->deps, sizeof(*s->deps), s->ndeps + 1, &s->deps_cap);
	s->deps[s->ndeps].from = vx_strdup(from);
	s->deps[s->ndeps].to = vx_strdup(to);
	s->deps[s->ndeps].entry = entry;
	s->deps[s->ndeps].item = item;
	s->ndeps++;
}

void vx_sbom_add_dependency(struct vx_sbom *s, const char *from, const char *to)
{
	vx_sbom_add_dependency_at(s, from, to, -1, -1);
}

void vx_sbom_add_service_ref(struct vx_sbom *s, const char *bom_ref)
{
	s->service_refs = vx_grow(s->service_refs, sizeof(char *), s->nservice_refs + 1,
				  &s->service_refs_cap);
	s->service_refs[s->nservice_refs++] = vx_strdup(bom_ref);
}

int vx_sbom_is_service_ref(const struct vx_sbom *s, const char *bom_ref)
{
	for (size_t i = 0; i < s->nservice_refs; i++)
		if (strcmp(s->service_refs[i], bom_ref) == 0)
			return 1;
	return 0;
}

long vx_sbom_find_ref(struct vx_sbom *s, const char *bom_ref)
{
	struct vx_strmap *m = s->ref_index;
	if (!m) {
		m = s->ref_index = vx_calloc(1, sizeof(*m));
		vx_strmap_init(m);
	}
	/* Index components added since the last lookup; the first bom-ref wins, as in the
	 * duplicate check. */
	for (; s->ref_indexed < s->ncomponents; s->ref_indexed++)
		if (s->components[s->ref_indexed].bom_ref)
			vx_strmap_put(m, s->components[s->ref_indexed].bom_ref,
				      (long)s->ref_indexed);
	return vx_strmap_get(m, bom_ref);
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

/* --- the FDA support convention ------------------------------------------------------- */

int vx_sbom_support_key(const char *name)
{
	static const char *const level[] = {"vexil:support_level", "fda:support_level",
					    "Level of Support", "support-level", "support_level",
					    NULL};
	static const char *const end[] = {"vexil:end_of_support", "fda:end_of_support",
					  "End-of-Support", "end-of-support", "end_of_support",
					  "End of Support", NULL};
	for (int i = 0; name && level[i]; i++)
		if (vx_str_ieq(name, level[i]))
			return VX_SUPPORT_LEVEL;
	for (int i = 0; name && end[i]; i++)
		if (vx_str_ieq(name, end[i]))
			return VX_SUPPORT_END;
	return 0;
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

void vx_sbom_component_place(const struct vx_sbom *s, size_t idx, char *out, size_t len)
{
	const struct vx_component *c = &s->components[idx];
	char inner[400] = "";
	size_t pos = 0;

	if (s->format == VX_SBOM_SPDX_JSON) {
		snprintf(out, len, "packages[%zu]", idx);
		return;
	}
	if (c->is_device) {
		snprintf(out, len, "metadata.component");
		return;
	}
	for (size_t i = 0; i < idx; i++)
		if (s->components[i].parent == c->parent && !s->components[i].is_device)
			pos++;
	if (c->parent >= 0)
		vx_sbom_component_place(s, (size_t)c->parent, inner, sizeof(inner));
	snprintf(out, len, "%s%scomponents[%zu]", inner, inner[0] ? "." : "", pos);
}

int vx_sbom_check_structure(struct vx_sbom *s, struct vx_err *err)
{
	struct vx_strmap rs;
	char where[512];
	int rc = 0;

	vx_strmap_init(&rs);
	for (size_t i = 0; i < s->ncomponents; i++) {
		struct vx_component *c = &s->components[i];
		long prev;

		if (vx_str_blank(c->name)) {
			vx_sbom_component_place(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where, "component has no name");
			goto out;
		}
		if (c->type && !known_type(c->type)) {
			vx_sbom_component_place(s, i, where, sizeof(where));
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
			if (!alg || !hex || (hexlen && n != hexlen)) {
				vx_sbom_component_place(s, i, where, sizeof(where));
				snprintf(where + strlen(where), sizeof(where) - strlen(where),
					 ".%s[%zu]",
					 s->format == VX_SBOM_SPDX_JSON ? "checksums" : "hashes", h);
				if (!alg)
					rc = vx_err_at(err, VX_EINVAL, where,
						       "unknown hash algorithm '%s'",
						       vx_str_quote(c->hashes[h].alg, 40));
				else
					rc = vx_err_at(err, VX_EINVAL, where,
						       "%s value '%s' is not %zu hex digits", alg,
						       vx_str_quote(v, 40), hexlen);
				goto out;
			}
			free(c->hashes[h].alg);
			c->hashes[h].alg = vx_strdup(alg);
			vx_str_lower(c->hashes[h].value);
		}
		if (!c->bom_ref) {
			c->bom_ref = vx_asprintf("vexil:%zu", i);
		} else if (c->bom_ref[0] == '\0') {
			vx_sbom_component_place(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where, "empty bom-ref");
			goto out;
		}
		prev = vx_strmap_put(&rs, c->bom_ref, (long)i);
		if (prev >= 0) {
			char first[256];
			vx_sbom_component_place(s, (size_t)prev, first, sizeof(first));
			vx_sbom_component_place(s, i, where, sizeof(where));
			rc = vx_err_at(err, VX_EINVAL, where,
				       "bom-ref '%s' is already used by %s",
				       vx_str_quote(c->bom_ref, 80), first);
			goto out;
		}
	}
	/* Services: valid endpoints, and their refs share the namespace with components. */
	for (size_t i = 0; i < s->nservice_refs; i++) {
		if (s->service_refs[i][0] == '\0') {
			rc = vx_err_at(err, VX_EINVAL, "services", "empty bom-ref");
			goto out;
		}
		if (vx_strmap_put(&rs, s->service_refs[i], LONG_MAX) >= 0) {
			rc = vx_err_at(err, VX_EINVAL, "services",
				       "bom-ref '%s' is used more than once",
				       vx_str_quote(s->service_refs[i], 80));
			goto out;
		}
	}
	for (size_t d = 0; d < s->ndeps; d++) {
		const struct vx_dependency *dep = &s->deps[d];
		const char *what = s->format == VX_SBOM_SPDX_JSON ? "relationships" : "dependencies";
		bool from_ok = !vx_str_blank(dep->from) && vx_strmap_get(&rs, dep->from) >= 0;
		bool to_ok = !dep->to || (!vx_str_blank(dep->to) && vx_strmap_get(&rs, dep->to) >= 0);
		const char *bad = !from_ok ? dep->from : dep->to;

		if (from_ok && to_ok)
			continue;
		if (dep->entry < 0)
			snprintf(where, sizeof(where), "%s", what);
		else if (!from_ok || dep->item < 0 || s->format == VX_SBOM_SPDX_JSON)
			snprintf(where, sizeof(where), "%s[%ld]", what, dep->entry);
		else
			snprintf(where, sizeof(where), "%s[%ld].dependsOn[%ld]", what, dep->entry,
				 dep->item);
		if (vx_str_blank(bad))
			rc = vx_err_at(err, VX_EINVAL, where, "dependency with an empty ref");
		else
			rc = vx_err_at(err, VX_EINVAL, where,
				       "ref '%s' does not name a component in this SBOM",
				       vx_str_quote(bad, 80));
		goto out;
	}
out:
	vx_strmap_release(&rs);
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
	const char *p, *start, *end = data + len;
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
	start = p; /* readers get the text from here, so their line numbers are the file's */
	p = skip_ws(p, end);
	if (p < end && *p == '{') {
		/* Decide by the identifying keys; the readers re-check them precisely. */
		const char *window_end = end;
		if (memmem(p, (size_t)(window_end - p), "\"bomFormat\"", 11))
			rc = vx_cdx_json_parse(start, (size_t)(end - start), out, err);
		else if (memmem(p, (size_t)(window_end - p), "\"spdxVersion\"", 13))
			rc = vx_spdx_json_parse(start, (size_t)(end - start), out, err);
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
		rc = vx_cdx_xml_parse(start, (size_t)(end - start), out, err);
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
