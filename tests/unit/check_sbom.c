/* tests/unit/check_sbom.c - the JSON SBOM readers, format detection, the shared checks, the
 * support sidecar CSV and the element check / diff, through the public entry points.
 *
 * Corpus: every CycloneDX spec-test valid-*.json of 1.4-1.6, the real bom-examples SBOMs,
 * HBOM and VEX files, the medical-device SBOMs and every SPDX document must parse, with a
 * component count (and a dependency-record count) that the test computes itself by walking
 * the JSON with cJSON, independently of the readers. Every spec-test invalid-*.json is listed
 * below as refused (with the message expected) or accepted (with the reason); a file in
 * neither list fails the test. Fixtures in tests/data/sbom/ cover the field mapping; hostile
 * input is generated here. Tests named bug_* document a defect found in src/ and assert the
 * correct behaviour: they fail until the defect is fixed.
 */
#include "testutil.h"
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "util/buf.h"
#include "util/err.h"

#include <cjson/cJSON.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers -------------------------------------------------------------------------- */

static int parse_str(const char *json, struct vx_sbom *s, struct vx_err *err)
{
	vx_err_clear(err);
	return vx_sbom_parse(json, strlen(json), s, err);
}

/* Parse a file that must be accepted; aborts the test with the message otherwise. */
static void must_read(const char *path, struct vx_sbom *s)
{
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_sbom_read_file(path, s, &err) != 0)
		ck_abort_msg("%s: refused: %s", path, vx_err_text(&err));
}

static void must_read_data(const char *rel, struct vx_sbom *s)
{
	char *path = vx_test_data(rel);
	must_read(path, s);
	free(path);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t l = strlen(s), sl = strlen(suffix);
	return l >= sl && strcmp(s + l - sl, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct paths {
	char **v;
	size_t n, cap;
};

static void paths_add(struct paths *p, char *s)
{
	p->v = vx_grow(p->v, sizeof(*p->v), p->n + 1, &p->cap);
	p->v[p->n++] = s;
}

static void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* Files under dir whose names start with prefix and end with suffix; recursive when asked.
 * Full paths, sorted. */
static void find_files(const char *dir, const char *prefix, const char *suffix, bool recurse,
		       struct paths *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = out->n;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		char *full;
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		full = vx_asprintf("%s/%s", dir, e->d_name);
		ck_assert_int_eq(stat(full, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			if (recurse)
				find_files(full, prefix, suffix, true, out);
			free(full);
		} else if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
			   ends_with(e->d_name, suffix)) {
			paths_add(out, full);
		} else {
			free(full);
		}
	}
	closedir(d);
	qsort(out->v + first, out->n - first, sizeof(char *), cmp_str);
}

/* --- independent counts (cJSON, not the readers) --------------------------------------- */

static cJSON *load_json(const char *path)
{
	size_t len;
	char *data = vx_test_slurp(path, &len);
	cJSON *root = cJSON_ParseWithLength(data, len);
	ck_assert_msg(root != NULL, "%s: the test's own JSON parser cannot read it", path);
	free(data);
	return root;
}

/* A CycloneDX component and the components nested in its "components" list, recursively.
 * Not counted: pedigree (ancestors / descendants / variants: what it was derived from),
 * tools, services, evidence - none of them sits in a "components" member of a component. */
static long cdx_count(const cJSON *comp)
{
	const cJSON *kids = cJSON_GetObjectItemCaseSensitive(comp, "components"), *k;
	long n = 1;
	cJSON_ArrayForEach(k, kids)
		n += cdx_count(k);
	return n;
}

struct cdx_expect {
	long components; /* metadata.component tree + components[] trees */
	long device;	 /* 1 when metadata.component exists */
	long deps;	 /* one record per dependsOn item; one per entry without any */
};

static struct cdx_expect cdx_expected(const cJSON *root)
{
	struct cdx_expect e = {0, 0, 0};
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(root, "metadata");
	const cJSON *dev = cJSON_GetObjectItemCaseSensitive(md, "component"), *c, *d;

	if (cJSON_IsObject(dev)) {
		e.device = 1;
		e.components += cdx_count(dev);
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "components"))
		e.components += cdx_count(c);
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(root, "dependencies"))
	{
		int on = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "dependsOn"));
		e.deps += on > 0 ? on : 1;
	}
	return e;
}

/* Parse a CycloneDX JSON file and compare with the independent counts. */
static void check_cdx_file(const char *path, const char *want_version)
{
	struct vx_sbom s;
	cJSON *root = load_json(path);
	struct cdx_expect e = cdx_expected(root);

	must_read(path, &s);
	ck_assert_int_eq(s.format, VX_SBOM_CYCLONEDX_JSON);
	if (want_version)
		ck_assert_str_eq(s.spec_version, want_version);
	ck_assert_msg((long)s.ncomponents == e.components,
		      "%s: %zu components read, the JSON holds %ld", path, s.ncomponents,
		      e.components);
	ck_assert_msg((long)s.ndeps == e.deps, "%s: %zu dependency records read, the JSON has %ld",
		      path, s.ndeps, e.deps);
	for (size_t i = 0; i < s.ncomponents; i++) {
		const struct vx_component *c = &s.components[i];
		ck_assert_int_eq(c->is_device, e.device == 1 && i == 0);
		ck_assert_msg(c->type && c->name && c->bom_ref, "%s: component %zu incomplete",
			      path, i);
		ck_assert(c->parent < (long)i);
	}
	if (e.device)
		ck_assert_str_eq(s.name, s.components[0].name);
	else
		ck_assert_ptr_null(s.name);
	vx_sbom_release(&s);
	cJSON_Delete(root);
}

/* SPDX: relationship types that are inventory edges between two packages (SPDX 2.3 §11). */
static bool spdx_edge(const char *t)
{
	static const char *const edges[] = {
		"CONTAINS",		 "CONTAINED_BY",	   "DEPENDS_ON",
		"DEPENDENCY_OF",	 "DYNAMIC_LINK",	   "STATIC_LINK",
		"HAS_PREREQUISITE",	 "PREREQUISITE_FOR",	   "RUNTIME_DEPENDENCY_OF",
		"BUILD_DEPENDENCY_OF",	 "DEV_DEPENDENCY_OF",	   "OPTIONAL_DEPENDENCY_OF",
		"PROVIDED_DEPENDENCY_OF", "TEST_DEPENDENCY_OF",   NULL,
	};
	for (int i = 0; edges[i]; i++)
		if (strcmp(t, edges[i]) == 0)
			return true;
	return false;
}

static bool spdx_is_package(const cJSON *root, const char *id)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(root, "packages"))
	{
		const cJSON *sid = cJSON_GetObjectItemCaseSensitive(p, "SPDXID");
		if (cJSON_IsString(sid) && strcmp(sid->valuestring, id) == 0)
			return true;
	}
	return false;
}

struct spdx_expect {
	long packages;
	long edges;
	const char *device; /* SPDXID of the one described package, or NULL */
};

static struct spdx_expect spdx_expected(const cJSON *root)
{
	struct spdx_expect e = {0, 0, NULL};
	const char *doc = cJSON_GetObjectItemCaseSensitive(root, "SPDXID")->valuestring;
	const char *described[64];
	int nd = 0;
	const cJSON *r, *x;

	e.packages = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "packages"));
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(root, "relationships"))
	{
		const char *a = cJSON_GetObjectItemCaseSensitive(r, "spdxElementId")->valuestring;
		const char *t = cJSON_GetObjectItemCaseSensitive(r, "relationshipType")->valuestring;
		const char *b =
			cJSON_GetObjectItemCaseSensitive(r, "relatedSpdxElement")->valuestring;
		bool pa = spdx_is_package(root, a), pb = spdx_is_package(root, b);
		if (strcmp(t, "DESCRIBES") == 0 && strcmp(a, doc) == 0 && pb && nd < 64)
			described[nd++] = b;
		else if (strcmp(t, "DESCRIBED_BY") == 0 && strcmp(b, doc) == 0 && pa && nd < 64)
			described[nd++] = a;
		else if (pa && pb && spdx_edge(t))
			e.edges++;
	}
	if (nd == 0) /* SPDX 2.2: documentDescribes, which may also name files */
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "documentDescribes"))
			if (cJSON_IsString(x) && spdx_is_package(root, x->valuestring) && nd < 64)
				described[nd++] = x->valuestring;
	e.device = nd == 1 ? described[0] : NULL;
	return e;
}

/* Returns false (and appends to *bad) when the device is not the one expected, so that one
 * file with a wrong device does not hide the results of the files after it. */
static bool check_spdx_file(const char *path, struct vx_buf *bad)
{
	bool ok = true;
	struct vx_sbom s;
	cJSON *root = load_json(path);
	struct spdx_expect e = spdx_expected(root);
	const char *ver = cJSON_GetObjectItemCaseSensitive(root, "spdxVersion")->valuestring;

	must_read(path, &s);
	ck_assert_int_eq(s.format, VX_SBOM_SPDX_JSON);
	ck_assert_str_eq(s.spec_version, ver + strlen("SPDX-"));
	ck_assert_msg((long)s.ncomponents == e.packages, "%s: %zu components, %ld packages", path,
		      s.ncomponents, e.packages);
	ck_assert_msg((long)s.ndeps == e.edges, "%s: %zu edges read, the JSON has %ld", path,
		      s.ndeps, e.edges);
	for (size_t i = 0; i < s.ncomponents; i++) {
		bool want = e.device && strcmp(s.components[i].bom_ref, e.device) == 0;
		if (s.components[i].is_device != want) {
			vx_buf_printf(bad, "%s: %s is_device=%d, expected %d (described: %s); ",
				      path, s.components[i].bom_ref, s.components[i].is_device,
				      want, e.device ? e.device : "none or several");
			ok = false;
		}
		ck_assert_int_eq(s.components[i].parent, -1);
	}
	vx_sbom_release(&s);
	cJSON_Delete(root);
	return ok;
}

/* --- CycloneDX spec-tests ---------------------------------------------------------------- */

static const char *const versions[] = {"1.4", "1.5", "1.6"};

START_TEST(spec_valid)
{
	char *dir;
	struct paths files = {0};

	VX_NEED_CORPUS();
	dir = vx_asprintf("%s/cyclonedx/spec-tests/%s", vx_test_corpus(), versions[_i]);
	find_files(dir, "valid-", ".json", false, &files);
	ck_assert_uint_gt(files.n, 20);
	for (size_t i = 0; i < files.n; i++)
		check_cdx_file(files.v[i], versions[_i]);
	paths_free(&files);
	free(dir);
}
END_TEST

/* Every invalid-*.json of the spec tests (name without "-1.x.json"); `version` restricts an
 * entry to one spec version (the 1.6 file of a test may differ). Refused: the file breaks
 * something the reader or the shared checks read; `text` is a substring of the full message
 * ("where: what"). Accepted: it breaks only what vexil does not read; `text` says why. */
static const struct {
	const char *name;
	const char *version;
	bool refused;
	int code;
	const char *text;
} invalid_cases[] = {
	{"invalid-bomformat", NULL, true, VX_EINVAL,
	 "bomFormat: expected 'CycloneDX', found 'AnotherFormat'"},
	{"invalid-component-ref", "1.6", true, VX_EINVAL, "components[1]: empty bom-ref"},
	{"invalid-component-ref", NULL, true, VX_EINVAL,
	 "components[1]: bom-ref '123' is already used by components[0]"},
	{"invalid-component-swid", NULL, false, 0,
	 "swid tags are not read (the missing tagId is inside 'swid')"},
	{"invalid-component-type", NULL, true, VX_EINVAL,
	 "components[0]: unknown component type 'foo'"},
	{"invalid-dependency", NULL, true, VX_EINVAL, "dependencies[0]: dependency has no 'ref'"},
	{"invalid-empty-component", NULL, true, VX_EINVAL, "components[0]: component has no name"},
	{"invalid-hash-alg", NULL, true, VX_EINVAL,
	 "components[0].hashes[0]: unknown hash algorithm 'FOO'"},
	{"invalid-hash-md5", NULL, true, VX_EINVAL,
	 "components[0].hashes[0]: MD5 value 'foo' is not 32 hex digits"},
	{"invalid-hash-sha1", NULL, true, VX_EINVAL,
	 "components[0].hashes[1]: SHA-1 value 'foo' is not 40 hex digits"},
	{"invalid-hash-sha256", NULL, true, VX_EINVAL,
	 "components[0].hashes[2]: SHA-256 value 'foo' is not 64 hex digits"},
	{"invalid-hash-sha512", NULL, true, VX_EINVAL,
	 "components[0].hashes[3]: SHA-512 value 'foo' is not 128 hex digits"},
	{"invalid-license-choice", NULL, true, VX_EINVAL,
	 "components[0].licenses[0]: a licence choice holds either 'license' or 'expression', "
	 "not both"},
	{"invalid-license-declared-concluded-mix", NULL, true, VX_EINVAL,
	 "components[0]: licenses: an 'expression' must be the only entry of the list"},
	{"invalid-license-encoding", NULL, false, 0,
	 "licence text is not read, so its encoding (base85) does not matter"},
	{"invalid-license-id", NULL, false, 0,
	 "licence ids are stored as written; membership of the SPDX list ('Apache-2') is not "
	 "checked at import"},
	{"invalid-license-missing-id-and-name", NULL, true, VX_EINVAL,
	 "components[0].licenses[0].license: licence has neither id nor name"},
	{"invalid-metadata-license", NULL, false, 0,
	 "metadata.licenses (the licence of the SBOM document itself) are not read"},
	{"invalid-metadata-timestamp", NULL, true, VX_EINVAL,
	 "metadata.timestamp: '2020-04-13' is not an RFC 3339 date-time with a time zone"},
	{"invalid-missing-component-type", NULL, true, VX_EINVAL,
	 "components[0]: component has no 'type' (required)"},
	{"invalid-properties", NULL, true, VX_EINVAL, "metadata.properties[0]: property has no name"},
};

START_TEST(spec_invalid)
{
	char *dir;
	struct paths files = {0};

	VX_NEED_CORPUS();
	dir = vx_asprintf("%s/cyclonedx/spec-tests/%s", vx_test_corpus(), versions[_i]);
	find_files(dir, "invalid-", ".json", false, &files);
	ck_assert_uint_gt(files.n, 10);
	for (size_t i = 0; i < files.n; i++) {
		const char *name = strrchr(files.v[i], '/') + 1;
		char *base = vx_strdup(name);
		struct vx_sbom s;
		struct vx_err err;
		size_t k;
		int rc;

		*strrchr(base, '-') = '\0'; /* "invalid-hash-alg-1.6.json" -> "invalid-hash-alg" */
		for (k = 0; k < N_ELEMS(invalid_cases); k++)
			if (strcmp(invalid_cases[k].name, base) == 0 &&
			    (!invalid_cases[k].version ||
			     strcmp(invalid_cases[k].version, versions[_i]) == 0))
				break;
		ck_assert_msg(k < N_ELEMS(invalid_cases),
			      "%s is in neither the refused nor the accepted table", name);
		vx_err_clear(&err);
		rc = vx_sbom_read_file(files.v[i], &s, &err);
		if (invalid_cases[k].refused) {
			ck_assert_msg(rc == invalid_cases[k].code, "%s: rc %d, expected %d (%s)",
				      name, rc, invalid_cases[k].code, invalid_cases[k].text);
			ck_assert_msg(strstr(vx_err_text(&err), invalid_cases[k].text),
				      "%s: message '%s' lacks '%s'", name, vx_err_text(&err),
				      invalid_cases[k].text);
			ck_assert_uint_eq(s.ncomponents, 0); /* nothing half-read left behind */
			ck_assert_ptr_null(s.components);
		} else {
			cJSON *root;
			ck_assert_msg(rc == 0, "%s: refused (%s), but should be accepted: %s", name,
				      vx_err_text(&err), invalid_cases[k].text);
			root = load_json(files.v[i]);
			ck_assert_int_eq((long)s.ncomponents, cdx_expected(root).components);
			cJSON_Delete(root);
			vx_sbom_release(&s);
		}
		free(base);
	}
	paths_free(&files);
	free(dir);
}
END_TEST

/* The tables above must not hold entries that match no file (stale after a corpus change). */
START_TEST(spec_invalid_table_used)
{
	VX_NEED_CORPUS();
	for (size_t k = 0; k < N_ELEMS(invalid_cases); k++) {
		bool found = false;
		for (size_t v = 0; v < N_ELEMS(versions) && !found; v++) {
			char *p;
			if (invalid_cases[k].version && strcmp(invalid_cases[k].version, versions[v]))
				continue;
			p = vx_asprintf("%s/cyclonedx/spec-tests/%s/%s-%s.json", vx_test_corpus(),
					versions[v], invalid_cases[k].name, versions[v]);
			found = access(p, R_OK) == 0;
			free(p);
		}
		ck_assert_msg(found, "table entry %s matches no file", invalid_cases[k].name);
	}
}
END_TEST

/* --- real SBOMs --------------------------------------------------------------------------- */

START_TEST(bom_examples)
{
	static const char *const dirs[] = {"cyclonedx/bom-examples/SBOM",
					   "cyclonedx/bom-examples/HBOM",
					   "medical/sbom-completeness"};
	size_t total = 0;

	VX_NEED_CORPUS();
	for (size_t d = 0; d < N_ELEMS(dirs); d++) {
		char *dir = vx_test_corpus_path(dirs[d]);
		struct paths files = {0};
		find_files(dir, "", ".json", true, &files);
		ck_assert_uint_gt(files.n, 0);
		for (size_t i = 0; i < files.n; i++)
			check_cdx_file(files.v[i], NULL);
		total += files.n;
		paths_free(&files);
		free(dir);
	}
	ck_assert_uint_ge(total, 9); /* 6 SBOM, 1 HBOM, 2 medical */
}
END_TEST

/* Spot checks the independent count cannot make: values from the files themselves. */
START_TEST(bom_examples_values)
{
	struct vx_sbom s;
	char *p;

	VX_NEED_CORPUS();
	p = vx_test_corpus_path("medical/sbom-completeness/narrow.sbom.json");
	must_read(p, &s);
	ck_assert_str_eq(s.spec_version, "1.4");
	ck_assert(s.components[0].is_device);
	ck_assert_str_eq(s.components[0].type, "device");
	for (size_t i = 1; i < s.ncomponents; i++)
		ck_assert(!s.components[i].is_device);
	vx_sbom_release(&s);
	free(p);

	p = vx_test_corpus_path("cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.4.json");
	must_read(p, &s);
	ck_assert_str_eq(s.name, "cyclonedx-php-composer-demo");
	ck_assert(s.authors && strstr(s.authors, "tool: "));
	for (size_t i = 1; i < s.ncomponents; i++)
		ck_assert_msg(s.components[i].purl && strncmp(s.components[i].purl,
							      "pkg:composer/", 13) == 0,
			      "component %zu purl %s", i, s.components[i].purl);
	vx_sbom_release(&s);
	free(p);
}
END_TEST

START_TEST(vex_examples)
{
	char *dir;
	struct paths files = {0};

	VX_NEED_CORPUS();
	dir = vx_test_corpus_path("cyclonedx/bom-examples/VEX");
	find_files(dir, "", ".json", true, &files);
	ck_assert_uint_ge(files.n, 39);
	for (size_t i = 0; i < files.n; i++)
		check_cdx_file(files.v[i], NULL);
	paths_free(&files);
	free(dir);
}
END_TEST

/* Every JSON file under corpus/spdx: an SPDX document that parses, or one of the listed
 * non-SBOMs that is refused. */
static const struct {
	const char *base;
	int code;
	const char *text;
} spdx_refused[] = {
	{"csaf.json", VX_EUNSUPPORTED, "not an SBOM"},
	{"openvex.json", VX_EUNSUPPORTED, "not an SBOM"},
	/* JSON Schemas: they mention "spdxVersion" as a property name, so detection picks the
	 * SPDX reader, which finds no version at the top level. */
	{"spdx-schema-v2.2.json", VX_EUNSUPPORTED, "no top-level \"spdxVersion\""},
	{"spdx-schema-v2.3.json", VX_EUNSUPPORTED, "no top-level \"spdxVersion\""},
};

START_TEST(spdx_corpus)
{
	char *dir;
	struct paths files = {0};
	size_t parsed = 0, refused = 0;
	struct vx_buf bad;

	VX_NEED_CORPUS();
	vx_buf_init(&bad);
	dir = vx_test_corpus_path("spdx");
	find_files(dir, "", ".json", true, &files);
	for (size_t i = 0; i < files.n; i++) {
		const char *base = strrchr(files.v[i], '/') + 1;
		size_t k;
		for (k = 0; k < N_ELEMS(spdx_refused); k++)
			if (strcmp(spdx_refused[k].base, base) == 0)
				break;
		if (k < N_ELEMS(spdx_refused)) {
			struct vx_sbom s;
			struct vx_err err;
			vx_err_clear(&err);
			ck_assert_int_eq(vx_sbom_read_file(files.v[i], &s, &err),
					 spdx_refused[k].code);
			ck_assert_msg(strstr(vx_err_text(&err), spdx_refused[k].text),
				      "%s: '%s'", base, vx_err_text(&err));
			refused++;
		} else {
			check_spdx_file(files.v[i], &bad);
			parsed++;
		}
	}
	ck_assert_uint_eq(refused, N_ELEMS(spdx_refused));
	ck_assert_uint_ge(parsed, 15);
	paths_free(&files);
	free(dir);
	/* Fails on example11 until bug_spdx_document_describes_file_last is fixed. */
	{
		char msg[2048];
		bool ok = bad.len == 0;
		snprintf(msg, sizeof(msg), "%s", vx_buf_str(&bad));
		vx_buf_release(&bad);
		ck_assert_msg(ok, "%s", msg);
	}
}
END_TEST

START_TEST(spdx_corpus_values)
{
	struct vx_sbom s;
	char *p;

	VX_NEED_CORPUS();
	p = vx_test_corpus_path("spdx/other/kong-atc-router/sbom.spdx.json");
	must_read(p, &s);
	ck_assert_uint_eq(s.ncomponents, 44);
	ck_assert_str_eq(s.authors, "Organization: Anchore, Inc; Tool: syft-0.83.0");
	for (size_t i = 0; i < s.ncomponents; i++) {
		ck_assert(!s.components[i].is_device); /* DESCRIBES names the document itself */
		ck_assert_msg(s.components[i].purl &&
				      strncmp(s.components[i].purl, "pkg:cargo/", 10) == 0,
			      "%zu: %s", i, s.components[i].purl);
		ck_assert(s.components[i].cpe && strncmp(s.components[i].cpe, "cpe:2.3:", 8) == 0);
	}
	vx_sbom_release(&s);
	free(p);

	p = vx_test_corpus_path("spdx/spdx-spec/SPDXJSONExample-v2.2.spdx.json");
	must_read(p, &s);
	ck_assert_str_eq(s.spec_version, "2.2");
	ck_assert_str_eq(s.name, "SPDX-Tools-v2.0");
	vx_sbom_release(&s);
	free(p);
}
END_TEST

START_TEST(openvex_refused)
{
	static const char *const rel[] = {"spdx/other/openvex-vexctl/csaf.json",
					  "spdx/other/openvex-vexctl/openvex.json"};
	VX_NEED_CORPUS();
	for (size_t i = 0; i < N_ELEMS(rel); i++) {
		char *p = vx_test_corpus_path(rel[i]);
		struct vx_sbom s;
		struct vx_err err;
		vx_err_clear(&err);
		ck_assert_int_eq(vx_sbom_read_file(p, &s, &err), VX_EUNSUPPORTED);
		ck_assert_str_eq(vx_err_text(&err),
				 "not an SBOM: a JSON document with neither \"bomFormat\" "
				 "(CycloneDX) nor \"spdxVersion\" (SPDX 2.x)");
		ck_assert_uint_eq(s.ncomponents, 0);
		free(p);
	}
}
END_TEST

/* BUG (src/import/spdx_json.c, vx_spdx_json_parse, documentDescribes loop): `described` is
 * assigned the lookup result before it is checked, so an entry that is not a package (a
 * file) after the one described package resets it to -1 and no device is marked. Found on
 * corpus spdx-examples/software/example11 (documentDescribes: [package, file]). */
START_TEST(bug_spdx_document_describes_file_last)
{
	static const char *const doc =
		"{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\","
		"\"creationInfo\":{\"created\":\"2024-01-01T00:00:00Z\",\"creators\":[\"Tool: t\"]},"
		"\"documentDescribes\":[\"SPDXRef-app\",\"SPDXRef-File-x\"],"
		"\"packages\":[{\"SPDXID\":\"SPDXRef-app\",\"name\":\"app\"},"
		"{\"SPDXID\":\"SPDXRef-lib\",\"name\":\"lib\"}],"
		"\"files\":[{\"SPDXID\":\"SPDXRef-File-x\",\"fileName\":\"x\"}]}";
	struct vx_sbom s;
	struct vx_err err;
	int dev0, dev1;
	ck_assert_int_eq(parse_str(doc, &s, &err), 0);
	ck_assert_uint_eq(s.ncomponents, 2);
	dev0 = s.components[0].is_device;
	dev1 = s.components[1].is_device;
	vx_sbom_release(&s); /* before asserting: valgrind runs stay leak-free while it fails */
	ck_assert_msg(dev0 == 1, "the one described package is not marked as the device");
	ck_assert_int_eq(dev1, 0);
}
END_TEST

/* --- field mapping: CycloneDX ------------------------------------------------------------- */

static const struct vx_hash *find_hash(const struct vx_component *c, const char *alg)
{
	for (size_t i = 0; i < c->nhashes; i++)
		if (strcmp(c->hashes[i].alg, alg) == 0)
			return &c->hashes[i];
	return NULL;
}

START_TEST(cdx_device_fixture)
{
	struct vx_sbom s;
	const struct vx_component *c;
	char *path = vx_test_data("sbom/device-1.6.cdx.json");
	cJSON *root = load_json(path);
	struct cdx_expect e = cdx_expected(root);

	must_read(path, &s);
	ck_assert_int_eq(s.format, VX_SBOM_CYCLONEDX_JSON);
	ck_assert_str_eq(vx_sbom_format_name(s.format), "CycloneDX JSON");
	ck_assert_str_eq(s.spec_version, "1.6");
	ck_assert_str_eq(s.serial, "urn:uuid:0b8e5d1c-2f57-4f7e-9d35-6c2e3b7f0a11");
	ck_assert_str_eq(s.doc_version, "3");
	ck_assert_str_eq(s.timestamp, "2024-05-01T10:15:09+02:00");
	ck_assert_str_eq(s.name, "Infusion Pump X");
	ck_assert_str_eq(s.authors, "author: Samantha Wright; author: psirt@example.com; "
				    "manufacturer: Acme Medical; supplier: Acme Distribution; "
				    "tool: cyclonedx-gomod v0.6.1; tool: Awesome Tool");
	/* pump, fw (nested in the device), os, tls (nested in os), zlib; not the pedigree
	 * ancestor, the tools or the service. */
	ck_assert_uint_eq(s.ncomponents, 5);
	ck_assert_int_eq(e.components, 5);

	c = &s.components[0];
	ck_assert(c->is_device);
	ck_assert_str_eq(c->bom_ref, "pump");
	ck_assert_str_eq(c->type, "device");
	ck_assert_str_eq(c->name, "Infusion Pump X");
	ck_assert_str_eq(c->version, "2.1");
	ck_assert_int_eq(c->parent, -1);
	ck_assert_str_eq(c->supplier, "Acme Medical"); /* 1.6 component manufacturer */

	c = &s.components[1];
	ck_assert(!c->is_device);
	ck_assert_str_eq(c->bom_ref, "fw");
	ck_assert_str_eq(c->type, "firmware");
	ck_assert_int_eq(c->parent, 0);
	ck_assert_str_eq(c->supplier, "Acme Medical");
	ck_assert_ptr_null(c->purl);
	ck_assert_ptr_null(c->licence);
	ck_assert_uint_eq(c->nhashes, 0);

	c = &s.components[2];
	ck_assert_str_eq(c->bom_ref, "os");
	ck_assert_str_eq(c->type, "operating-system");
	ck_assert_str_eq(c->name, "tiny-rtos");
	ck_assert_str_eq(c->version, "10.4.3");
	ck_assert_str_eq(c->supplier, "RTOS Corp"); /* supplier wins over manufacturer */
	ck_assert_str_eq(c->author, "Kernel Team");
	ck_assert_str_eq(c->description, "Real-time kernel");
	ck_assert_str_eq(c->cpe, "cpe:2.3:o:rtoscorp:tiny-rtos:10.4.3:*:*:*:*:*:*:*");
	ck_assert_ptr_null(c->purl);
	ck_assert_ptr_null(c->group);
	ck_assert_str_eq(c->licence, "MIT AND Vendor EULA");
	ck_assert_str_eq(c->support_level, "Actively maintained");
	ck_assert_str_eq(c->end_of_support, "2030-12-31");
	ck_assert_int_eq(c->parent, -1);
	ck_assert_uint_eq(c->nhashes, 2);
	ck_assert_str_eq(c->hashes[0].alg, "SHA-256");
	ck_assert_str_eq(c->hashes[0].value, /* lower-cased */
			 "f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b");
	ck_assert_str_eq(c->hashes[1].alg, "SHA-1");
	ck_assert_str_eq(c->hashes[1].value, "da39a3ee5e6b4b0d3255bfef95601890afd80709");

	c = &s.components[3];
	ck_assert_str_eq(c->bom_ref, "tls");
	ck_assert_str_eq(c->name, "mini-tls");
	ck_assert_str_eq(c->group, "org.example");
	ck_assert_str_eq(c->author, "Crypto Folks"); /* publisher, no author */
	ck_assert_ptr_null(c->supplier);
	ck_assert_str_eq(c->purl, "pkg:generic/org.example/mini-tls@3.1");
	ck_assert_str_eq(c->licence, "Apache-2.0 OR GPL-2.0-or-later");
	ck_assert_int_eq(c->parent, 2);
	ck_assert_ptr_null(c->support_level);
	ck_assert_ptr_null(c->end_of_support);

	c = &s.components[4];
	ck_assert_str_eq(c->name, "zlib");
	ck_assert_str_eq(c->author, "Jean-loup Gailly, Mark Adler"); /* author over publisher */
	ck_assert_str_eq(c->support_level, "No longer maintained"); /* the later one wins */
	ck_assert_str_eq(c->end_of_support, "2024-01-01");
	ck_assert_ptr_null(c->description);
	ck_assert_int_eq(c->parent, -1);

	ck_assert_uint_eq(s.nservice_refs, 1);
	ck_assert_str_eq(s.service_refs[0], "cloud");
	ck_assert(vx_sbom_is_service_ref(&s, "cloud"));
	ck_assert(!vx_sbom_is_service_ref(&s, "os"));

	ck_assert_uint_eq(s.ndeps, 7);
	ck_assert_int_eq(e.deps, 7);
	{
		static const struct {
			const char *from, *to;
			long entry, item;
		} want[] = {
			{"pump", "fw", 0, 0},  {"pump", "os", 0, 1},   {"pump", "cloud", 0, 2},
			{"os", "tls", 1, 0},   {"tls", "zlib", 2, 0},  {"zlib", NULL, 3, -1},
			{"cloud", NULL, 4, -1},
		};
		for (size_t i = 0; i < N_ELEMS(want); i++) {
			ck_assert_str_eq(s.deps[i].from, want[i].from);
			if (want[i].to)
				ck_assert_str_eq(s.deps[i].to, want[i].to);
			else
				ck_assert_ptr_null(s.deps[i].to);
			ck_assert_int_eq(s.deps[i].entry, want[i].entry);
			ck_assert_int_eq(s.deps[i].item, want[i].item);
		}
	}

	/* Places as error messages name them. */
	{
		char place[128];
		vx_sbom_component_place(&s, 0, place, sizeof(place));
		ck_assert_str_eq(place, "metadata.component");
		vx_sbom_component_place(&s, 1, place, sizeof(place));
		ck_assert_str_eq(place, "metadata.component.components[0]");
		vx_sbom_component_place(&s, 3, place, sizeof(place));
		ck_assert_str_eq(place, "components[0].components[0]");
		vx_sbom_component_place(&s, 4, place, sizeof(place));
		ck_assert_str_eq(place, "components[1]");
	}
	ck_assert_int_eq(vx_sbom_find_ref(&s, "zlib"), 4);
	ck_assert_int_eq(vx_sbom_find_ref(&s, "cloud"), -1);
	vx_sbom_release(&s);
	cJSON_Delete(root);
	free(path);
}
END_TEST

START_TEST(cdx_minimal_defaults)
{
	struct vx_sbom s;
	struct vx_err err;
	ck_assert_int_eq(parse_str("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.2\","
				   "\"components\":[{\"type\":\"library\",\"name\":\"x\"},"
				   "{\"type\":\"library\",\"name\":\"y\",\"version\":\"\"}]}",
				   &s, &err),
			 0);
	ck_assert_str_eq(s.spec_version, "1.2");
	ck_assert_ptr_null(s.serial);
	ck_assert_ptr_null(s.doc_version);
	ck_assert_ptr_null(s.timestamp);
	ck_assert_ptr_null(s.authors);
	ck_assert_ptr_null(s.name);
	ck_assert_uint_eq(s.ncomponents, 2);
	ck_assert_str_eq(s.components[0].bom_ref, "vexil:0"); /* generated */
	ck_assert_str_eq(s.components[1].bom_ref, "vexil:1");
	ck_assert_ptr_null(s.components[1].version); /* "" becomes NULL */
	ck_assert_uint_eq(s.ndeps, 0);
	vx_sbom_release(&s);
}
END_TEST

START_TEST(support_keys)
{
	ck_assert_int_eq(vx_sbom_support_key("vexil:support_level"), VX_SUPPORT_LEVEL);
	ck_assert_int_eq(vx_sbom_support_key("LEVEL OF SUPPORT"), VX_SUPPORT_LEVEL);
	ck_assert_int_eq(vx_sbom_support_key("vexil:end_of_support"), VX_SUPPORT_END);
	ck_assert_int_eq(vx_sbom_support_key("End-of-Support"), VX_SUPPORT_END);
	ck_assert_int_eq(vx_sbom_support_key("support"), 0);
	ck_assert_int_eq(vx_sbom_support_key(NULL), 0);
}
END_TEST

START_TEST(hash_alg_names)
{
	size_t n;
	ck_assert_str_eq(vx_hash_alg_normalise("sha256", &n), "SHA-256");
	ck_assert_uint_eq(n, 64);
	ck_assert_str_eq(vx_hash_alg_normalise("SHA-1", &n), "SHA-1");
	ck_assert_uint_eq(n, 40);
	ck_assert_str_eq(vx_hash_alg_normalise("sha3-512", &n), "SHA3-512");
	ck_assert_uint_eq(n, 128);
	ck_assert_ptr_null(vx_hash_alg_normalise("CRC32", &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* --- field mapping: SPDX ---------------------------------------------------------------- */

START_TEST(spdx_device_fixture)
{
	struct vx_sbom s;
	const struct vx_component *c;
	char *path = vx_test_data("sbom/device-2.3.spdx.json");

	must_read(path, &s);
	ck_assert_int_eq(s.format, VX_SBOM_SPDX_JSON);
	ck_assert_str_eq(vx_sbom_format_name(s.format), "SPDX JSON");
	ck_assert_str_eq(s.spec_version, "2.3");
	ck_assert_str_eq(s.serial, "https://acme.example/spdx/infusion-pump-x-2.1-7f3c");
	ck_assert_ptr_null(s.doc_version);
	ck_assert_str_eq(s.name, "infusion-pump-x-2.1");
	ck_assert_str_eq(s.timestamp, "2024-05-01T10:00:00Z");
	ck_assert_str_eq(s.authors, "Organization: Acme Medical; Tool: syft-1.0.0");
	ck_assert_uint_eq(s.ncomponents, 4); /* the file is not inventory */

	c = &s.components[0];
	ck_assert_str_eq(c->bom_ref, "SPDXRef-pump");
	ck_assert(c->is_device); /* the one DESCRIBES target */
	ck_assert_str_eq(c->type, "device");
	ck_assert_str_eq(c->supplier, "Acme Medical");

	c = &s.components[1];
	ck_assert(!c->is_device);
	ck_assert_str_eq(c->bom_ref, "SPDXRef-openssl");
	ck_assert_str_eq(c->name, "openssl");
	ck_assert_str_eq(c->version, "3.0.13");
	ck_assert_str_eq(c->type, "library");
	ck_assert_str_eq(c->supplier, "OpenSSL Foundation");
	ck_assert_str_eq(c->author, "Eric Young");
	ck_assert_str_eq(c->purl, "pkg:generic/openssl@3.0.13"); /* the first purl */
	ck_assert_str_eq(c->cpe, "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"); /* first */
	ck_assert_str_eq(c->licence, "Apache-2.0");
	ck_assert_str_eq(c->end_of_support, "2026-09-07T00:00:00Z"); /* validUntilDate */
	ck_assert_str_eq(c->support_level, "actively maintained");
	ck_assert_uint_eq(c->nhashes, 2);
	ck_assert_ptr_nonnull(find_hash(c, "SHA-256")); /* SPDX spelling normalised */
	ck_assert_str_eq(find_hash(c, "SHA-256")->value,
			 "88525753f79d3bec27d2fa7c66aec0b9a8f4a9a8d1e5b9f4b2e1d3c5a7b9c1d3");
	ck_assert_ptr_nonnull(find_hash(c, "SHA-1"));
	ck_assert_int_eq(c->parent, -1);

	c = &s.components[2];
	ck_assert_str_eq(c->name, "zlib");
	ck_assert_ptr_null(c->supplier);		/* NOASSERTION */
	ck_assert_str_eq(c->licence, "Zlib");		/* concluded NOASSERTION: declared */
	ck_assert_str_eq(c->cpe, "cpe:/a:zlib:zlib:1.3.1"); /* 2.2 when there is no 2.3 */
	ck_assert_str_eq(c->purl, "pkg:generic/zlib@1.3.1");
	ck_assert_str_eq(c->end_of_support, "2027-01-01"); /* "End-of-Support=  ": blanks skipped */
	ck_assert_ptr_null(c->support_level);
	ck_assert_ptr_null(c->type);

	c = &s.components[3];
	ck_assert_str_eq(c->name, "tiny-rtos");
	ck_assert_str_eq(c->type, "operating-system");
	ck_assert_str_eq(c->description, "Real-time kernel"); /* summary */
	ck_assert_ptr_null(c->licence);			      /* NONE */

	/* DESCRIBES is not an edge; CONTAINS / DEPENDS_ON forwards, DEPENDENCY_OF backwards;
	 * the edge to a file, NOASSERTION and the external document are not inventory. */
	ck_assert_uint_eq(s.ndeps, 3);
	ck_assert_str_eq(s.deps[0].from, "SPDXRef-pump");
	ck_assert_str_eq(s.deps[0].to, "SPDXRef-rtos");
	ck_assert_int_eq(s.deps[0].entry, 1);
	ck_assert_str_eq(s.deps[1].from, "SPDXRef-pump");
	ck_assert_str_eq(s.deps[1].to, "SPDXRef-openssl");
	ck_assert_int_eq(s.deps[1].entry, 2);
	ck_assert_str_eq(s.deps[2].from, "SPDXRef-openssl");
	ck_assert_str_eq(s.deps[2].to, "SPDXRef-zlib");
	ck_assert_int_eq(s.deps[2].entry, 3);
	{
		char place[64];
		vx_sbom_component_place(&s, 2, place, sizeof(place));
		ck_assert_str_eq(place, "packages[2]");
	}
	vx_sbom_release(&s);
	free(path);
}
END_TEST

/* Two described packages: neither is singled out as the device. */
START_TEST(spdx_two_described)
{
	static const char *const doc =
		"{\"spdxVersion\":\"SPDX-2.2\",\"SPDXID\":\"SPDXRef-DOCUMENT\","
		"\"creationInfo\":{\"created\":\"2024-01-01T00:00:00Z\"},"
		"\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\"},"
		"{\"SPDXID\":\"SPDXRef-b\",\"name\":\"b\"}],"
		"\"relationships\":["
		"{\"spdxElementId\":\"SPDXRef-DOCUMENT\",\"relationshipType\":\"DESCRIBES\","
		"\"relatedSpdxElement\":\"SPDXRef-a\"},"
		"{\"spdxElementId\":\"SPDXRef-b\",\"relationshipType\":\"DESCRIBED_BY\","
		"\"relatedSpdxElement\":\"SPDXRef-DOCUMENT\"}]}";
	struct vx_sbom s;
	struct vx_err err;
	ck_assert_int_eq(parse_str(doc, &s, &err), 0);
	ck_assert_str_eq(s.spec_version, "2.2");
	ck_assert_ptr_null(s.authors);
	ck_assert_uint_eq(s.ncomponents, 2);
	ck_assert_int_eq(s.components[0].is_device, 0);
	ck_assert_int_eq(s.components[1].is_device, 0);
	ck_assert_uint_eq(s.ndeps, 0);
	vx_sbom_release(&s);
}
END_TEST

/* --- hostile and wrong input ------------------------------------------------------------ */

#define CDX "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
#define SPDX_HEAD                                                                            \
	"{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"creationInfo\":"      \
	"{\"created\":\"2024-01-01T00:00:00Z\",\"creators\":[\"Tool: t\"]},"

static const struct {
	const char *label;
	const char *json;
	int code;
	const char *where; /* exact err->where */
	const char *text;  /* substring of vx_err_text */
} hostile[] = {
	{"empty", "", VX_EINVAL, "", "file is empty"},
	{"whitespace", " \n\t \r\n ", VX_EUNSUPPORTED, "", "not an SBOM"},
	{"trailing garbage", CDX "\"components\":[]}\n xyz", VX_EINVAL, "",
	 "line 2, column 2: unexpected text after the JSON document"},
	{"syntax error", CDX "\n\"components\":[,]}", VX_EINVAL, "",
	 "line 2, column 15: JSON syntax error near ',]}'"},
	{"invalid UTF-8", CDX "\n\"x\":\"\xff\"}", VX_EINVAL, "",
	 "line 2, column 6: invalid UTF-8 (byte 0xff at offset 51)"},
	{"overlong UTF-8", CDX "\"x\":\"\xc0\xaf\"}", VX_EINVAL, "", "invalid UTF-8"},
	{"components is an object", CDX "\"components\":{}}", VX_EINVAL, "components",
	 "components: expected an array, found object"},
	{"name is a number",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\"},"
	     "{\"type\":\"library\",\"name\":5}]}",
	 VX_EINVAL, "components[1].name", "expected a string, found number"},
	{"nested hash content is a number",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"components\":[{\"type\":"
	     "\"library\",\"name\":\"b\",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":7}]}]}]}",
	 VX_EINVAL, "components[0].components[0].hashes[0].content",
	 "expected a string, found number"},
	{"metadata is an array", CDX "\"metadata\":[]}", VX_EINVAL, "metadata",
	 "expected an object, found array"},
	{"component is a string", CDX "\"components\":[\"lib\"]}", VX_EINVAL, "components[0]",
	 "expected an object, found string"},
	{"dependsOn item is a number",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"a\"}],"
	     "\"dependencies\":[{\"ref\":\"a\",\"dependsOn\":[1]}]}",
	 VX_EINVAL, "dependencies[0]", "dependsOn[0]: expected a non-empty ref"},
	{"version is a string", CDX "\"version\":\"1\"}", VX_EINVAL, "version",
	 "expected an integer, found string"},
	{"unknown bomFormat", "{\"bomFormat\":\"SWID\",\"specVersion\":\"1.6\"}", VX_EINVAL,
	 "bomFormat", "expected 'CycloneDX', found 'SWID'"},
	{"bomFormat missing value", "{\"bomFormat\":null,\"specVersion\":\"1.6\"}", VX_EINVAL,
	 "bomFormat", "found '(nothing)'"},
	{"specVersion 1.7", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.7\"}",
	 VX_EUNSUPPORTED, "specVersion", "CycloneDX 1.7 is not supported (1.2 to 1.6 are)"},
	{"specVersion 1.1", "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.1\"}",
	 VX_EUNSUPPORTED, "specVersion", "CycloneDX 1.1 is not supported"},
	{"specVersion missing", "{\"bomFormat\":\"CycloneDX\"}", VX_EINVAL, "specVersion",
	 "missing (required)"},
	{"JSON array", "[{\"bomFormat\":\"CycloneDX\"}]", VX_EUNSUPPORTED, "",
	 "line 1, column 1: not an SBOM"},
	{"plain text", "hello", VX_EUNSUPPORTED, "", "not an SBOM"},
	{"other JSON", "{\"document\":{\"category\":\"csaf_vex\"}}", VX_EUNSUPPORTED, "",
	 "not an SBOM: a JSON document with neither"},
	{"SPDX 3 JSON-LD",
	 "{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[]}",
	 VX_EUNSUPPORTED, "", "SPDX 3 (JSON-LD) is not supported"},
	{"SPDX tag-value", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", VX_EUNSUPPORTED, "",
	 "SPDX tag-value is not supported"},
	{"SPDX tag-value with comment", "# generated\nSPDXVersion: SPDX-2.3\n", VX_EUNSUPPORTED,
	 "", "SPDX tag-value is not supported"},
	{"SPDX-2.1", "{\"spdxVersion\":\"SPDX-2.1\",\"SPDXID\":\"SPDXRef-DOCUMENT\"}",
	 VX_EUNSUPPORTED, "spdxVersion", "'SPDX-2.1' is not supported (SPDX-2.2 and SPDX-2.3 are)"},
	{"SPDX no creationInfo", "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\"}",
	 VX_EINVAL, "creationInfo", "missing (required)"},
	{"SPDX created without zone",
	 "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"creationInfo\":"
	 "{\"created\":\"2024-01-01T00:00:00\"}}",
	 VX_EINVAL, "creationInfo.created", "is not a date-time with a time zone"},
	{"SPDX relationship to undefined id",
	 SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\"}],"
		   "\"relationships\":[{\"spdxElementId\":\"SPDXRef-a\",\"relationshipType\":"
		   "\"DEPENDS_ON\",\"relatedSpdxElement\":\"SPDXRef-zz\"}]}",
	 VX_EINVAL, "relationships[0]", "'SPDXRef-zz' is not an element of this document"},
	{"SPDX relationship from undefined id",
	 SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\"}],"
		   "\"relationships\":[{\"spdxElementId\":\"SPDXRef-DOCUMENT\","
		   "\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":\"SPDXRef-a\"},"
		   "{\"spdxElementId\":\"SPDXRef-q\",\"relationshipType\":\"CONTAINS\","
		   "\"relatedSpdxElement\":\"SPDXRef-a\"}]}",
	 VX_EINVAL, "relationships[1]", "'SPDXRef-q' is not an element of this document"},
	{"SPDX package without SPDXID", SPDX_HEAD "\"packages\":[{\"name\":\"a\"}]}", VX_EINVAL,
	 "packages[0]", "package has no SPDXID (required)"},
	{"SPDX duplicate SPDXID",
	 SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\"},"
		   "{\"SPDXID\":\"SPDXRef-a\",\"name\":\"b\"}]}",
	 VX_EINVAL, "packages[1]", "bom-ref 'SPDXRef-a' is already used by packages[0]"},
	{"SPDX unknown purpose",
	 SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\","
		   "\"primaryPackagePurpose\":\"GADGET\"}]}",
	 VX_EINVAL, "packages[0].primaryPackagePurpose", "unknown purpose 'GADGET'"},
	{"SPDX bad checksum",
	 SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\",\"checksums\":"
		   "[{\"algorithm\":\"SHA256\",\"checksumValue\":\"abc\"}]}]}",
	 VX_EINVAL, "packages[0].checksums[0]", "SHA-256 value 'abc' is not 64 hex digits"},
	{"SPDX package without name", SPDX_HEAD "\"packages\":[{\"SPDXID\":\"SPDXRef-a\"}]}",
	 VX_EINVAL, "packages[0]", "component has no name"},
	{"duplicate bom-ref across device and nested",
	 CDX "\"metadata\":{\"component\":{\"type\":\"device\",\"name\":\"d\",\"bom-ref\":\"x\"}},"
	     "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"components\":[{\"type\":"
	     "\"library\",\"name\":\"b\",\"bom-ref\":\"x\"}]}]}",
	 VX_EINVAL, "components[0].components[0]",
	 "bom-ref 'x' is already used by metadata.component"},
	{"bom-ref shared by a component and a service",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"x\"}],"
	     "\"services\":[{\"bom-ref\":\"x\",\"name\":\"s\"}]}",
	 VX_EINVAL, "services", "bom-ref 'x' is used more than once"},
	{"dependency to unknown ref",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"a\"}],"
	     "\"dependencies\":[{\"ref\":\"a\",\"dependsOn\":[]},"
	     "{\"ref\":\"a\",\"dependsOn\":[\"a\",\"zz\"]}]}",
	 VX_EINVAL, "dependencies[1].dependsOn[1]",
	 "ref 'zz' does not name a component in this SBOM"},
	{"dependency from unknown ref",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"a\"}],"
	     "\"dependencies\":[{\"ref\":\"q\",\"dependsOn\":[\"a\"]}]}",
	 VX_EINVAL, "dependencies[0]", "ref 'q' does not name a component in this SBOM"},
	{"empty bom-ref", CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"\"}]}",
	 VX_EINVAL, "components[0]", "empty bom-ref"},
	{"blank name", CDX "\"components\":[{\"type\":\"library\",\"name\":\"  \"}]}", VX_EINVAL,
	 "components[0]", "component has no name"},
	{"hash without content",
	 CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"hashes\":[{\"alg\":\"MD5\"}]}]}",
	 VX_EINVAL, "components[0].hashes[0]", "needs both 'alg' and 'content'"},
	{"timestamp without zone", CDX "\"metadata\":{\"timestamp\":\"2024-01-01T00:00:00\"}}",
	 VX_EINVAL, "metadata.timestamp", "is not an RFC 3339 date-time with a time zone"},
	{"tools is a string", CDX "\"metadata\":{\"tools\":\"x\"}}", VX_EINVAL, "metadata.tools",
	 "expected an array or an object, found string"},
	{"deep JSON", CDX "\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	 VX_ELIMIT, "", "JSON nested deeper than 200 levels"},
};

START_TEST(hostile_input)
{
	struct vx_sbom s;
	struct vx_err err;
	int rc = parse_str(hostile[_i].json, &s, &err);
	ck_assert_msg(rc == hostile[_i].code, "%s: rc %d, expected %d (%s)", hostile[_i].label, rc,
		      hostile[_i].code, vx_err_text(&err));
	ck_assert_msg(strcmp(err.where, hostile[_i].where) == 0, "%s: where '%s', expected '%s'",
		      hostile[_i].label, err.where, hostile[_i].where);
	ck_assert_msg(strstr(vx_err_text(&err), hostile[_i].text), "%s: '%s' lacks '%s'",
		      hostile[_i].label, vx_err_text(&err), hostile[_i].text);
	ck_assert_uint_eq(s.ncomponents, 0);
	ck_assert_ptr_null(s.components);
	ck_assert_ptr_null(s.spec_version);
}
END_TEST

/* A file cut short is told apart from a syntax error, with the place where it ends. */
START_TEST(truncated_json)
{
	static const char *const cases[] = {
		CDX "\n\"components\":[{\"type\":\"library\"",
		CDX "\n\"components\":[{\"type\":\"libr",
		CDX "\n\"components\":[",
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct vx_sbom s;
		struct vx_err err;
		char *want;
		ck_assert_int_eq(parse_str(cases[i], &s, &err), VX_EINVAL);
		want = vx_asprintf("line 2, column %zu: JSON ends early (truncated file?)",
				   strlen(strchr(cases[i], '\n')));
		ck_assert_str_eq(vx_err_text(&err), want);
		free(want);
	}
}
END_TEST

START_TEST(nul_byte)
{
	static const char doc[] = "{\"bomFormat\":\n \"Cyc\0loneDX\",\"specVersion\":\"1.6\"}";
	struct vx_sbom s;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_parse(doc, sizeof(doc) - 1, &s, &err), VX_EINVAL);
	ck_assert_str_eq(vx_err_text(&err), "line 2, column 6: NUL byte in input (not a text SBOM)");
	ck_assert_uint_eq(s.ncomponents, 0);
}
END_TEST

/* BUG (src/import/cdx_json.c via cJSON): an escaped NUL ("\u0000") inside a JSON string is
 * silently cut there: name "a\u0000b" is stored as "a", a purl "pkg:npm/x\u0000@1" as
 * "pkg:npm/x". The raw-byte NUL check cannot see escapes; the value should be refused. */
START_TEST(bug_escaped_nul_truncates)
{
	struct vx_sbom s;
	struct vx_err err;
	int rc = parse_str(CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\\u0000b\"}]}",
			   &s, &err);
	if (rc == 0) {
		char name[64];
		snprintf(name, sizeof(name), "%s", s.components[0].name);
		vx_sbom_release(&s);
		ck_abort_msg("accepted; name read as '%s' instead of being refused", name);
	}
	ck_assert_int_eq(rc, VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), "NUL"), "%s", vx_err_text(&err));
}
END_TEST

/* BUG (src/import/cdx_json.c, read_licences): two "expression" entries in one licenses list
 * are accepted and joined with " AND ", although CycloneDX allows one expression or a list of
 * licenses, and the function's own message says the expression must be the only entry. The
 * XML reader refuses the same input. Spec file invalid-license-declared-concluded-mix-1.6
 * (situation-B) has this shape; it is refused there only because of situation-A. */
START_TEST(bug_two_expressions)
{
	struct vx_sbom s;
	struct vx_err err;
	int rc = parse_str(CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\","
			       "\"licenses\":[{\"expression\":\"MIT\"},"
			       "{\"expression\":\"BSD-3-Clause\"}]}]}",
			   &s, &err);
	if (rc == 0) {
		char lic[64];
		snprintf(lic, sizeof(lic), "%s", s.components[0].licence);
		vx_sbom_release(&s);
		ck_abort_msg("accepted, licence '%s'", lic);
	}
	ck_assert_int_eq(rc, VX_EINVAL);
	ck_assert_str_eq(err.where, "components[0]");
}
END_TEST

/* BUG (src/import/cdx_json.c, vx_cdx_json_parse): "version" must be an integer, but 1.5 is
 * accepted as "1" (cJSON valueint) and 1e300 as "2147483647". */
START_TEST(bug_version_not_integer)
{
	static const char *const cases[] = {CDX "\"version\":1.5}", CDX "\"version\":1e300}",
					    CDX "\"version\":-1}"};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct vx_sbom s;
		struct vx_err err;
		int rc = parse_str(cases[i], &s, &err);
		if (rc == 0) {
			char v[32];
			snprintf(v, sizeof(v), "%s", s.doc_version);
			vx_sbom_release(&s);
			ck_abort_msg("%s: accepted as version '%s'", cases[i], v);
		}
		ck_assert_int_eq(rc, VX_EINVAL);
		ck_assert_str_eq(err.where, "version");
	}
}
END_TEST

START_TEST(utf8_bom_accepted)
{
	struct vx_sbom s;
	struct vx_err err;
	ck_assert_int_eq(parse_str("\xEF\xBB\xBF" CDX "\"components\":[{\"type\":\"library\","
					      "\"name\":\"caf\xc3\xa9\"}]}",
				   &s, &err),
			 0);
	ck_assert_uint_eq(s.ncomponents, 1);
	ck_assert_str_eq(s.components[0].name, "caf\xc3\xa9");
	vx_sbom_release(&s);

	/* The line numbers of later errors are the file's, BOM included. */
	ck_assert_int_eq(parse_str("\xEF\xBB\xBF" CDX "\n\"x\":\"\xff\"}", &s, &err), VX_EINVAL);
	ck_assert_msg(strstr(vx_err_text(&err), "line 2, column 6"), "%s", vx_err_text(&err));
}
END_TEST


/* 10,000 levels of arrays, of objects, and of nested components: refused before any
 * recursive parser sees them. */
START_TEST(deep_nesting)
{
	struct vx_buf b;
	struct vx_sbom s;
	struct vx_err err;

	vx_buf_init(&b);
	vx_buf_adds(&b, CDX "\"x\":");
	for (int i = 0; i < 10000; i++)
		vx_buf_addc(&b, '[');
	for (int i = 0; i < 10000; i++)
		vx_buf_addc(&b, ']');
	vx_buf_addc(&b, '}');
	ck_assert_int_eq(vx_sbom_parse(b.data, b.len, &s, &err), VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "nested deeper"), "%s", vx_err_text(&err));
	ck_assert(strstr(vx_err_text(&err), "line 1, column "));

	vx_buf_reset(&b);
	vx_buf_adds(&b, SPDX_HEAD "\"x\":");
	for (int i = 0; i < 10000; i++)
		vx_buf_adds(&b, "{\"a\":");
	vx_buf_adds(&b, "1");
	for (int i = 0; i < 10000; i++)
		vx_buf_addc(&b, '}');
	vx_buf_addc(&b, '}');
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_parse(b.data, b.len, &s, &err), VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "nested deeper"), "%s", vx_err_text(&err));

	/* Components nested 10,000 deep. */
	vx_buf_reset(&b);
	vx_buf_adds(&b, CDX "\"components\":[");
	for (int i = 0; i < 10000; i++)
		vx_buf_printf(&b, "{\"type\":\"library\",\"name\":\"n%d\",\"components\":[", i);
	for (int i = 0; i < 10000; i++)
		vx_buf_adds(&b, "]}");
	vx_buf_adds(&b, "]}");
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_parse(b.data, b.len, &s, &err), VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "nested deeper"), "%s", vx_err_text(&err));
	ck_assert_uint_eq(s.ncomponents, 0);
	vx_buf_release(&b);
}
END_TEST

/* The depth limit is exactly VX_SBOM_MAX_DEPTH JSON levels: 200 accepted, 201 refused. */
START_TEST(depth_limit_boundary)
{
	struct vx_buf b;
	struct vx_sbom s;
	struct vx_err err;
	for (int extra = 0; extra <= 1; extra++) {
		int levels = VX_SBOM_MAX_DEPTH - 1 + extra; /* plus the root object */
		vx_buf_init(&b);
		vx_buf_adds(&b, CDX "\"x\":");
		for (int i = 0; i < levels; i++)
			vx_buf_addc(&b, '[');
		for (int i = 0; i < levels; i++)
			vx_buf_addc(&b, ']');
		vx_buf_addc(&b, '}');
		vx_err_clear(&err);
		if (extra == 0) {
			if (vx_sbom_parse(b.data, b.len, &s, &err) != 0)
				ck_abort_msg("200 levels refused: %s", vx_err_text(&err));
			vx_sbom_release(&s);
		} else {
			ck_assert_int_eq(vx_sbom_parse(b.data, b.len, &s, &err), VX_ELIMIT);
		}
		vx_buf_release(&b);
	}
}
END_TEST

/* A 100 MB string value is read whole (below the file ceiling) without trouble. */
START_TEST(huge_string)
{
	static const char pre[] = CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\","
				      "\"description\":\"";
	static const char post[] = "\"}]}";
	size_t n = (size_t)100 << 20, len = sizeof(pre) - 1 + n + sizeof(post) - 1;
	char *d = vx_malloc(len + 1);
	struct vx_sbom s;
	struct vx_err err;

	memcpy(d, pre, sizeof(pre) - 1);
	memset(d + sizeof(pre) - 1, 'x', n);
	memcpy(d + sizeof(pre) - 1 + n, post, sizeof(post));
	vx_err_clear(&err);
	if (vx_sbom_parse(d, len, &s, &err) != 0)
		ck_abort_msg("refused: %s", vx_err_text(&err));
	ck_assert_uint_eq(s.ncomponents, 1);
	ck_assert_uint_eq(strlen(s.components[0].description), n);
	vx_sbom_release(&s);

	/* The same string as a name with a bad byte at its end: the offset is reported. */
	d[sizeof(pre) - 1 + n - 1] = '\xfe';
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_parse(d, len, &s, &err), VX_EINVAL);
	{
		char *want = vx_asprintf("line 1, column %zu: invalid UTF-8 (byte 0xfe at offset %zu)",
					 sizeof(pre) - 1 + n, sizeof(pre) - 2 + n);
		ck_assert_str_eq(vx_err_text(&err), want);
		free(want);
	}
	free(d);
	/* quadratic work on the string would be caught by the test case's timeout */
}
END_TEST

/* A sparse 3 GB file is refused by size before it is read. */
START_TEST(huge_file)
{
	char path[] = "/tmp/vexil-check-sbom-XXXXXX";
	int fd = mkstemp(path);
	struct vx_sbom s;
	struct vx_err err;
	int rc;

	ck_assert_int_ge(fd, 0);
	rc = ftruncate(fd, (off_t)3 << 30);
	close(fd);
	if (rc != 0) {
		unlink(path);
		VX_SKIP("cannot create a sparse 3 GB file in /tmp");
	}
	vx_err_clear(&err);
	rc = vx_sbom_read_file(path, &s, &err);
	unlink(path);
	ck_assert_int_eq(rc, VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "3.0 GiB") && strstr(vx_err_text(&err), "256"),
		      "%s", vx_err_text(&err));
	ck_assert_uint_eq(s.ncomponents, 0);
	/* the message names the size: it was refused by its size, not after a read (a read of
	 * 3 GB would run into the test case's timeout) */
}
END_TEST

START_TEST(read_file_errors)
{
	struct vx_sbom s;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_read_file("/nonexistent/vexil/sbom.json", &s, &err), VX_EIO);
	ck_assert_uint_eq(s.ncomponents, 0);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sbom_read_file("/tmp", &s, &err), VX_EIO);
	ck_assert_msg(strstr(vx_err_text(&err), "directory"), "%s", vx_err_text(&err));
}
END_TEST

/* --- support sidecar CSV ------------------------------------------------------------------ */

static void load_device(struct vx_sbom *s)
{
	must_read_data("sbom/device-1.6.cdx.json", s);
}

static int apply_csv(struct vx_sbom *s, const char *csv, struct vx_err *err)
{
	vx_err_clear(err);
	return vx_sbom_apply_support_csv(s, csv, strlen(csv), err);
}

START_TEST(csv_by_purl_quoted_crlf)
{
	struct vx_sbom s;
	struct vx_err err;
	load_device(&s);
	ck_assert_int_eq(apply_csv(&s,
				   "purl,support_level,end_of_support\r\n"
				   "pkg:generic/zlib@1.3,\"Security fixes only, until EOL\","
				   "2026-06-30\r\n"
				   "\"pkg:generic/org.example/mini-tls@3.1\",\"Said \"\"no\"\"\",\r\n",
				   &err),
			 0);
	ck_assert_str_eq(s.components[4].support_level, "Security fixes only, until EOL");
	ck_assert_str_eq(s.components[4].end_of_support, "2026-06-30"); /* CR not kept */
	ck_assert_str_eq(s.components[3].support_level, "Said \"no\"");
	ck_assert_ptr_null(s.components[3].end_of_support); /* empty cell: left alone */
	ck_assert_str_eq(s.components[2].support_level, "Actively maintained"); /* untouched */
	vx_sbom_release(&s);
}
END_TEST

START_TEST(csv_by_ref_aliases)
{
	struct vx_sbom s;
	struct vx_err err;
	load_device(&s);
	ck_assert_int_eq(apply_csv(&s,
				   "notes,BOM_REF,Level of Support,End of Support\n"
				   "x,os,No longer maintained,2025-01-31\n"
				   "\n"
				   "y,fw,Actively maintained,\n",
				   &err),
			 0);
	ck_assert_str_eq(s.components[2].support_level, "No longer maintained"); /* replaced */
	ck_assert_str_eq(s.components[2].end_of_support, "2025-01-31");
	ck_assert_str_eq(s.components[1].support_level, "Actively maintained");
	ck_assert_ptr_null(s.components[1].end_of_support);
	vx_sbom_release(&s);

	load_device(&s);
	ck_assert_int_eq(apply_csv(&s, "SPDXID,support-level\nzlib,Community\n", &err), 0);
	ck_assert_str_eq(s.components[4].support_level, "Community");
	vx_sbom_release(&s);
}
END_TEST

START_TEST(csv_by_name_version)
{
	struct vx_sbom s;
	struct vx_err err;
	load_device(&s);
	ck_assert_int_eq(apply_csv(&s,
				   "Name,Version,End-Of-Support\n"
				   "tiny-rtos,10.4.3,2029-12-31\n"
				   "mini-tls,,2028-01-01\n",
				   &err),
			 0);
	ck_assert_str_eq(s.components[2].end_of_support, "2029-12-31");
	ck_assert_str_eq(s.components[3].end_of_support, "2028-01-01"); /* no version: any */
	vx_sbom_release(&s);

	load_device(&s);
	ck_assert_int_eq(apply_csv(&s, "name,version,support_level\ntiny-rtos,9.9,x\n", &err),
			 VX_EINVAL);
	ck_assert_str_eq(vx_err_text(&err), "line 2: 'tiny-rtos' matches no component of the SBOM");
	vx_sbom_release(&s);
}
END_TEST

START_TEST(csv_errors)
{
	static const struct {
		const char *csv;
		const char *text; /* exact message */
	} cases[] = {
		{"purl,support_level\n"
		 "pkg:generic/zlib@1.3,\"two\nlines\"\n"
		 "pkg:npm/nothing@1.0.0,x\n",
		 "line 4: 'pkg:npm/nothing@1.0.0' matches no component of the SBOM"},
		{"bom-ref,support_level\r\nos,a\r\nnope,b\r\n",
		 "line 3: 'nope' matches no component of the SBOM"},
		{"component,support_level\nzlib,x\n",
		 "line 1: the header needs a 'purl', 'bom-ref' or 'name' column"},
		{"purl,notes\npkg:generic/zlib@1.3,x\n",
		 "line 1: the header needs a 'support_level' or 'end_of_support' column"},
		{"", "empty file: expected a header row"},
		{"purl,name,support_level\n,,x\n", "line 2: no purl, bom-ref or name"},
		{"purl,support_level\n\xff,x\n", "not UTF-8 text"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct vx_sbom s;
		struct vx_err err;
		load_device(&s);
		ck_assert_msg(apply_csv(&s, cases[i].csv, &err) == VX_EINVAL, "case %zu accepted",
			      i);
		ck_assert_msg(strcmp(vx_err_text(&err), cases[i].text) == 0,
			      "case %zu: '%s', expected '%s'", i, vx_err_text(&err), cases[i].text);
		vx_sbom_release(&s);
	}
}
END_TEST

/* BUG (src/import/support_csv.c, vx_sbom_apply_support_csv): a CSV saved as "CSV UTF-8" by
 * Excel starts with a UTF-8 byte order mark, which stays glued to the first header name, so
 * "purl" is not recognised and the file is refused. vx_sbom_parse skips the BOM. */
START_TEST(bug_csv_utf8_bom)
{
	struct vx_sbom s;
	struct vx_err err;
	int rc;
	char level[32];
	load_device(&s);
	rc = apply_csv(&s, "\xEF\xBB\xBFpurl,support_level\npkg:generic/zlib@1.3,Community\n", &err);
	snprintf(level, sizeof(level), "%s",
		 s.components[4].support_level ? s.components[4].support_level : "(null)");
	vx_sbom_release(&s); /* before asserting: valgrind runs stay leak-free while it fails */
	ck_assert_msg(rc == 0, "refused: %s", vx_err_text(&err));
	ck_assert_str_eq(level, "Community");
}
END_TEST

/* --- element check ------------------------------------------------------------------------ */

#define B(e) VX_EL_BIT(VX_EL_##e)

START_TEST(elements_fixture)
{
	struct vx_sbom s;
	struct vx_element_report r;
	/* Per component index of quality.cdx.json: what is missing, and what is invalid. */
	static const unsigned want_missing[] = {
		0, /* dev: the device is not checked */
		0, /* complete */
		B(END_OF_SUPPORT), /* author-only: author counts as supplier, cpe as identifier,
				      "dependsOn": [] as a dependency statement; "Open source"
				      is not a date */
		B(SUPPLIER) | B(VERSION) | B(IDENTIFIER) | B(DEPENDENCY) | B(SUPPORT_LEVEL) |
			B(END_OF_SUPPORT), /* bare */
		B(SUPPORT_LEVEL) | B(END_OF_SUPPORT), /* nested: nesting is the relationship */
		0, /* dated: publisher as supplier, target of an edge, date-time end of support */
	};

	must_read_data("sbom/quality.cdx.json", &s);
	ck_assert_uint_eq(s.ncomponents, N_ELEMS(want_missing));
	vx_sbom_check_elements(&s, &r);
	ck_assert_uint_eq(r.ncomponents, 5);
	ck_assert_uint_eq(r.doc_missing, 0);
	for (size_t i = 0; i < N_ELEMS(want_missing); i++)
		ck_assert_msg(r.missing[i] == want_missing[i], "%s: missing 0x%x, expected 0x%x",
			      s.components[i].name, r.missing[i], want_missing[i]);
	for (size_t i = 0; i < s.ncomponents; i++)
		ck_assert_uint_eq(r.invalid[i], i == 2 ? B(END_OF_SUPPORT) : 0);
	ck_assert_uint_eq(r.ncomplete, 2);
	ck_assert_uint_eq(r.nmissing[VX_EL_SUPPLIER], 1);
	ck_assert_uint_eq(r.nmissing[VX_EL_NAME], 0);
	ck_assert_uint_eq(r.nmissing[VX_EL_VERSION], 1);
	ck_assert_uint_eq(r.nmissing[VX_EL_IDENTIFIER], 1);
	ck_assert_uint_eq(r.nmissing[VX_EL_DEPENDENCY], 1);
	ck_assert_uint_eq(r.nmissing[VX_EL_AUTHOR], 0);
	ck_assert_uint_eq(r.nmissing[VX_EL_TIMESTAMP], 0);
	ck_assert_uint_eq(r.nmissing[VX_EL_SUPPORT_LEVEL], 2);
	ck_assert_uint_eq(r.nmissing[VX_EL_END_OF_SUPPORT], 3);
	vx_element_report_release(&r);

	/* Without SBOM author and timestamp every component lacks both. */
	free(s.authors);
	free(s.timestamp);
	s.authors = vx_strdup("  ");
	s.timestamp = NULL;
	vx_sbom_check_elements(&s, &r);
	ck_assert_uint_eq(r.doc_missing, B(AUTHOR) | B(TIMESTAMP));
	for (size_t i = 1; i < N_ELEMS(want_missing); i++)
		ck_assert_uint_eq(r.missing[i], want_missing[i] | B(AUTHOR) | B(TIMESTAMP));
	ck_assert_uint_eq(r.missing[0], 0);
	ck_assert_uint_eq(r.ncomplete, 0);
	ck_assert_uint_eq(r.nmissing[VX_EL_AUTHOR], 5);
	ck_assert_uint_eq(r.nmissing[VX_EL_TIMESTAMP], 5);
	vx_element_report_release(&r);
	vx_sbom_release(&s);
}
END_TEST

START_TEST(elements_spdx_and_empty)
{
	struct vx_sbom s;
	struct vx_element_report r;

	/* SPDX fixture: the device excluded; openssl complete but for a date-time end of
	 * support, which is a valid date. */
	must_read_data("sbom/device-2.3.spdx.json", &s);
	vx_sbom_check_elements(&s, &r);
	ck_assert_uint_eq(r.ncomponents, 3);
	ck_assert_uint_eq(r.missing[0], 0);
	ck_assert_uint_eq(r.missing[1], 0);
	/* zlib: supplier NOASSERTION, no support level, date from the annotation */
	ck_assert_uint_eq(r.missing[2], B(SUPPLIER) | B(SUPPORT_LEVEL));
	/* rtos: no supplier, purl/cpe, support data; it is a CONTAINS target */
	ck_assert_uint_eq(r.missing[3],
			  B(SUPPLIER) | B(IDENTIFIER) | B(SUPPORT_LEVEL) | B(END_OF_SUPPORT));
	ck_assert_uint_eq(r.ncomplete, 1);
	vx_element_report_release(&r);
	vx_sbom_release(&s);

	vx_sbom_init(&s);
	vx_sbom_check_elements(&s, &r);
	ck_assert_uint_eq(r.ncomponents, 0);
	ck_assert_uint_eq(r.ncomplete, 0);
	ck_assert_uint_eq(r.doc_missing, B(AUTHOR) | B(TIMESTAMP));
	vx_element_report_release(&r);
	ck_assert_ptr_null(r.missing);

	ck_assert_str_eq(vx_element_name(VX_EL_END_OF_SUPPORT), "end-of-support date");
	ck_assert_str_eq(vx_element_source(VX_EL_END_OF_SUPPORT), "FDA");
	ck_assert_str_eq(vx_element_name(VX_EL_SUPPLIER), "supplier");
	ck_assert_str_eq(vx_element_source(VX_EL_TIMESTAMP), "NTIA");
}
END_TEST

/* --- diff --------------------------------------------------------------------------------- */

static struct vx_component *add(struct vx_sbom *s, const char *name, const char *version,
				const char *purl)
{
	struct vx_component *c = vx_sbom_add_component(s);
	c->bom_ref = vx_asprintf("r%zu", s->ncomponents);
	c->type = vx_strdup("library");
	c->name = vx_strdup(name);
	c->version = vx_strdup(version);
	c->purl = vx_strdup(purl);
	return c;
}

START_TEST(component_keys)
{
	static const struct {
		const char *name, *group, *purl, *key;
	} cases[] = {
		{"x", NULL, "pkg:npm/%40Scope/Name@1.0.0?arch=x#sub", "pkg:npm/%40scope/name"},
		{"x", NULL, "pkg:maven/org.a/b", "pkg:maven/org.a/b"},
		{"x", NULL, "pkg:golang/github.com/a/b@v1.2.3", "pkg:golang/github.com/a/b"},
		{"x", NULL, "pkg:generic/openssl@3.0?arch=arm", "pkg:generic/openssl"},
		{"Mini-TLS", "org.Example", NULL, "name:org.example/mini-tls"},
		{"zlib", NULL, NULL, "name:zlib"},
		{"zlib", NULL, "  ", "name:zlib"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct vx_component c;
		char *k;
		memset(&c, 0, sizeof(c));
		c.name = (char *)cases[i].name;
		c.group = (char *)cases[i].group;
		c.purl = (char *)cases[i].purl;
		k = vx_component_key(&c);
		ck_assert_msg(strcmp(k, cases[i].key) == 0, "case %zu: '%s', expected '%s'", i, k,
			      cases[i].key);
		free(k);
	}
}
END_TEST

START_TEST(diff_inventories)
{
	struct vx_sbom a, b;
	struct vx_diff_entry *d;
	size_t n;
	struct vx_component *c;

	vx_sbom_init(&a);
	vx_sbom_init(&b);
	/* old */
	c = add(&a, "pump", "1", NULL);
	c->is_device = 1;
	add(&a, "lodash", "4.17.20", "pkg:npm/lodash@4.17.20");	  /* a1: version change */
	c = add(&a, "zlib", "1.3", NULL);				  /* a2: hash change */
	vx_component_add_hash(c, "SHA-256", "aa");
	add(&a, "left-pad", "1.0.0", "pkg:npm/left-pad@1.0.0");	  /* a3: removed */
	c = add(&a, "openssl", "3.0", "pkg:generic/openssl@3.0?arch=x86"); /* a4: purl change */
	c->supplier = vx_strdup("OpenSSL");
	add(&a, "lodash", "4.17.21", "pkg:npm/lodash@4.17.21");	  /* a5: same */
	c = add(&a, "busybox", "1.36", "pkg:generic/busybox@1.36");	  /* a6: same */
	c->licence = vx_strdup("GPL-2.0-only");
	vx_component_add_hash(c, "SHA-1", "01");
	vx_component_add_hash(c, "MD5", "02");
	/* new */
	c = add(&b, "pump", "2", NULL); /* the device changed: not reported */
	c->is_device = 1;
	add(&b, "express", "4.19.2", "pkg:npm/express@4.19.2");	  /* b1: added */
	add(&b, "lodash", "4.17.21", "pkg:npm/lodash@4.17.21");	  /* b2: = a5 */
	c = add(&b, "openssl", "3.0", "pkg:generic/openssl@3.0?arch=arm"); /* b3: ~ a4 */
	c->supplier = vx_strdup("OpenSSL");
	c = add(&b, "zlib", "1.3", NULL); /* b4: ~ a2 */
	vx_component_add_hash(c, "SHA-256", "bb");
	add(&b, "lodash", "4.17.22", "pkg:npm/lodash@4.17.22"); /* b5: ~ a1 */
	c = add(&b, "busybox", "1.36", "pkg:generic/busybox@1.36"); /* b6: = a6, hash order */
	c->licence = vx_strdup("GPL-2.0-only");
	vx_component_add_hash(c, "MD5", "02");
	vx_component_add_hash(c, "SHA-1", "01");

	vx_sbom_diff(&a, &b, &d, &n);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(d[0].kind, VX_DIFF_CHANGED); /* old order first */
	ck_assert_int_eq(d[0].a, 1);
	ck_assert_int_eq(d[0].b, 5);
	/* the purl embeds the version: a version bump is not also a purl change */
	ck_assert_uint_eq(d[0].fields, VX_DF_VERSION);
	ck_assert_int_eq(d[1].kind, VX_DIFF_CHANGED);
	ck_assert_int_eq(d[1].a, 2);
	ck_assert_int_eq(d[1].b, 4);
	ck_assert_uint_eq(d[1].fields, VX_DF_HASHES);
	ck_assert_int_eq(d[2].kind, VX_DIFF_REMOVED);
	ck_assert_int_eq(d[2].a, 3);
	ck_assert_int_eq(d[2].b, -1);
	ck_assert_int_eq(d[3].kind, VX_DIFF_CHANGED);
	ck_assert_int_eq(d[3].a, 4);
	ck_assert_int_eq(d[3].b, 3);
	ck_assert_uint_eq(d[3].fields, VX_DF_PURL);
	ck_assert_int_eq(d[4].kind, VX_DIFF_ADDED);
	ck_assert_int_eq(d[4].a, -1);
	ck_assert_int_eq(d[4].b, 1);
	free(d);

	/* Same inventory: nothing to report. */
	vx_sbom_diff(&a, &a, &d, &n);
	ck_assert_uint_eq(n, 0);
	free(d);

	/* Against nothing: every inventory component removed / added, the device not. */
	{
		struct vx_sbom empty;
		vx_sbom_init(&empty);
		vx_sbom_diff(&a, &empty, &d, &n);
		ck_assert_uint_eq(n, 6);
		for (size_t i = 0; i < n; i++) {
			ck_assert_int_eq(d[i].kind, VX_DIFF_REMOVED);
			ck_assert_int_eq(d[i].a, (long)i + 1);
		}
		free(d);
		vx_sbom_diff(&empty, &b, &d, &n);
		ck_assert_uint_eq(n, 6);
		for (size_t i = 0; i < n; i++) {
			ck_assert_int_eq(d[i].kind, VX_DIFF_ADDED);
			ck_assert_int_eq(d[i].b, (long)i + 1);
		}
		free(d);
	}
	vx_sbom_release(&a);
	vx_sbom_release(&b);
}
END_TEST

/* What counts as a change of a paired component. */
START_TEST(diff_changed_fields)
{
	static const struct {
		const char *label;
		const char *va, *purl_a, *cpe_a, *eos_a;
		const char *vb, *purl_b, *cpe_b, *eos_b;
		unsigned want;
	} cases[] = {
		{"version bump, cpe follows", "1.0", NULL, "cpe:2.3:a:acme:lib:1.0:*:*:*:*:*:*:*",
		 NULL, "2.0", NULL, "cpe:2.3:a:acme:lib:2.0:*:*:*:*:*:*:*", NULL, VX_DF_VERSION},
		{"version bump, cpe vendor changes", "1.0", NULL,
		 "cpe:2.3:a:acme:lib:1.0:*:*:*:*:*:*:*", NULL, "2.0", NULL,
		 "cpe:2.3:a:other:lib:2.0:*:*:*:*:*:*:*", NULL, VX_DF_VERSION | VX_DF_CPE},
		{"same version, cpe changes", "1.0", NULL, "cpe:2.3:a:acme:lib:1.0:*:*:*:*:*:*:*",
		 NULL, "1.0", NULL, "cpe:2.3:a:acme:lib:1.0:*:*:*:*:*:*:x86", NULL, VX_DF_CPE},
		/* identity changes from "name:lib" to the purl: not a pair at all */
		{"purl gained", "1.0", NULL, NULL, NULL, "1.0", "pkg:generic/lib@1.0", NULL, NULL,
		 ~0u},
		{"same version, purl qualifier", "1.0", "pkg:generic/lib@1.0?arch=x86", NULL, NULL,
		 "1.0", "pkg:generic/lib@1.0?arch=arm", NULL, NULL, VX_DF_PURL},
		{"end of support: the same day as date and date-time", "1", NULL, NULL,
		 "2030-12-31", "1", NULL, NULL, "2030-12-31T00:00:00Z", 0},
		{"end of support: another day", "1", NULL, NULL, "2030-12-31", "1", NULL, NULL,
		 "2031-01-01T00:00:00Z", VX_DF_SUPPORT},
		{"end of support: text", "1", NULL, NULL, "Open source", "1", NULL, NULL,
		 "open source", VX_DF_SUPPORT},
		{"end of support: gained", "1", NULL, NULL, NULL, "1", NULL, NULL, "2030-01-01",
		 VX_DF_SUPPORT},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct vx_sbom a, b;
		struct vx_diff_entry *d;
		struct vx_component *c;
		size_t n;
		vx_sbom_init(&a);
		vx_sbom_init(&b);
		c = add(&a, "lib", cases[i].va, cases[i].purl_a);
		c->cpe = vx_strdup(cases[i].cpe_a);
		c->end_of_support = vx_strdup(cases[i].eos_a);
		c = add(&b, "lib", cases[i].vb, cases[i].purl_b);
		c->cpe = vx_strdup(cases[i].cpe_b);
		c->end_of_support = vx_strdup(cases[i].eos_b);
		vx_sbom_diff(&a, &b, &d, &n);
		if (cases[i].want == ~0u) {
			ck_assert_msg(n == 2, "%s: %zu entries", cases[i].label, n);
			ck_assert_int_eq(d[0].kind, VX_DIFF_REMOVED);
			ck_assert_int_eq(d[1].kind, VX_DIFF_ADDED);
		} else if (cases[i].want == 0) {
			ck_assert_msg(n == 0, "%s: %zu entries", cases[i].label, n);
		} else {
			ck_assert_msg(n == 1 && d[0].kind == VX_DIFF_CHANGED, "%s: %zu entries",
				      cases[i].label, n);
			ck_assert_msg(d[0].fields == cases[i].want, "%s: fields 0x%x, expected 0x%x",
				      cases[i].label, d[0].fields, cases[i].want);
		}
		free(d);
		vx_sbom_release(&a);
		vx_sbom_release(&b);
	}
}
END_TEST

/* Several components with one key: exact versions pair first, the rest pair in order as
 * version changes, leftovers are added / removed. */
START_TEST(diff_duplicate_keys)
{
	struct vx_sbom a, b;
	struct vx_diff_entry *d;
	size_t n;
	struct vx_component *c;

	vx_sbom_init(&a);
	vx_sbom_init(&b);
	add(&a, "util", "1", NULL); /* a0 */
	add(&a, "util", "2", NULL); /* a1 */
	add(&a, "util", "3", NULL); /* a2 */
	add(&b, "UTIL", "3", NULL); /* b0 = a2 (the key is lower-cased) */
	c = add(&b, "util", "2", NULL); /* b1 ~ a1: supplier */
	c->supplier = vx_strdup("U Inc");
	add(&b, "util", "9", NULL);  /* b2 ~ a0: version, paired in pass 2 */
	add(&b, "util", "10", NULL); /* b3: added */

	vx_sbom_diff(&a, &b, &d, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(d[0].kind, VX_DIFF_CHANGED);
	ck_assert_int_eq(d[0].a, 0);
	ck_assert_int_eq(d[0].b, 2);
	ck_assert_uint_eq(d[0].fields, VX_DF_VERSION);
	ck_assert_int_eq(d[1].kind, VX_DIFF_CHANGED);
	ck_assert_int_eq(d[1].a, 1);
	ck_assert_int_eq(d[1].b, 1);
	ck_assert_uint_eq(d[1].fields, VX_DF_SUPPLIER);
	ck_assert_int_eq(d[2].kind, VX_DIFF_ADDED);
	ck_assert_int_eq(d[2].b, 3);
	free(d);
	vx_sbom_release(&a);
	vx_sbom_release(&b);

	/* The same component listed twice in the old SBOM, once in the new one. */
	vx_sbom_init(&a);
	vx_sbom_init(&b);
	add(&a, "x", "1", "pkg:npm/x@1");
	add(&a, "x", "1", "pkg:npm/x@1");
	add(&b, "x", "1", "pkg:npm/x@1");
	vx_sbom_diff(&a, &b, &d, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(d[0].kind, VX_DIFF_REMOVED);
	ck_assert_int_eq(d[0].a, 1);
	free(d);
	vx_sbom_diff(&b, &a, &d, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(d[0].kind, VX_DIFF_ADDED);
	ck_assert_int_eq(d[0].b, 1);
	free(d);
	vx_sbom_release(&a);
	vx_sbom_release(&b);
}
END_TEST

/* --- suite ----------------------------------------------------------------------------- */

Suite *vx_suite_sbom(void)
{
	Suite *s = suite_create("sbom");
	TCase *tc;

	tc = tcase_create("spec");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, spec_valid, 0, N_ELEMS(versions));
	tcase_add_loop_test(tc, spec_invalid, 0, N_ELEMS(versions));
	tcase_add_test(tc, spec_invalid_table_used);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bom_examples);
	tcase_add_test(tc, bom_examples_values);
	tcase_add_test(tc, vex_examples);
	tcase_add_test(tc, spdx_corpus);
	tcase_add_test(tc, spdx_corpus_values);
	tcase_add_test(tc, openvex_refused);
	tcase_add_test(tc, bug_spdx_document_describes_file_last);
	suite_add_tcase(s, tc);

	tc = tcase_create("fields");
	tcase_add_test(tc, cdx_device_fixture);
	tcase_add_test(tc, cdx_minimal_defaults);
	tcase_add_test(tc, support_keys);
	tcase_add_test(tc, hash_alg_names);
	tcase_add_test(tc, spdx_device_fixture);
	tcase_add_test(tc, spdx_two_described);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 300); /* the 100 MB case under valgrind */
	tcase_add_loop_test(tc, hostile_input, 0, N_ELEMS(hostile));
	tcase_add_test(tc, nul_byte);
	tcase_add_test(tc, utf8_bom_accepted);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, depth_limit_boundary);
	tcase_add_test(tc, huge_string);
	tcase_add_test(tc, huge_file);
	tcase_add_test(tc, read_file_errors);
	tcase_add_test(tc, truncated_json);
	tcase_add_test(tc, bug_escaped_nul_truncates);
	tcase_add_test(tc, bug_two_expressions);
	tcase_add_test(tc, bug_version_not_integer);
	suite_add_tcase(s, tc);

	tc = tcase_create("support_csv");
	tcase_add_test(tc, csv_by_purl_quoted_crlf);
	tcase_add_test(tc, csv_by_ref_aliases);
	tcase_add_test(tc, csv_by_name_version);
	tcase_add_test(tc, csv_errors);
	tcase_add_test(tc, bug_csv_utf8_bom);
	suite_add_tcase(s, tc);

	tc = tcase_create("quality");
	tcase_add_test(tc, elements_fixture);
	tcase_add_test(tc, elements_spdx_and_empty);
	tcase_add_test(tc, component_keys);
	tcase_add_test(tc, diff_inventories);
	tcase_add_test(tc, diff_changed_fields);
	tcase_add_test(tc, diff_duplicate_keys);
	suite_add_tcase(s, tc);
	return s;
}
