/* tests/unit/check_cdx_xml.c - the CycloneDX XML reader, through vx_sbom_parse().
 *
 * Corpus: every spec-test valid-*.xml of 1.4-1.6 and the real bom-examples XML SBOMs must
 * parse, with a component count that an XPath expression computes independently of the
 * reader; every invalid-*.xml is listed below as refused (with the message expected) or
 * accepted (with the reason), and a file in neither list fails the test. Fixtures in
 * tests/data/cdx_xml/ cover the field mapping and hostile input (XXE, entity expansion,
 * DOCTYPEs, broken XML, wrong roots and namespaces, deep nesting, bad bytes).
 */
#include "testutil.h"
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* --- the independent count ------------------------------------------------------------ */

/* Which <component> elements are inventory (what vexil stores per device version):
 *   - /bom/metadata/component (the device itself) and /bom/components/component;
 *   - below those, components nested through <components> lists, at any depth, as long
 *     as every ancestor is a bom, metadata, components or component element.
 * Not inventory, so not counted: components under pedigree (ancestors, descendants,
 * variants: what a component was derived from, not what the device contains), under
 * metadata/tools and vulnerabilities/.../tools (the tools that made the SBOM), under
 * formulation (how it was built), inside services, and elements with a local name
 * "component" in any other namespace (extensions). The namespace prefix c is bound to the
 * document's own root namespace, so the expression works for every version. */
#define TOP "(/c:bom/c:metadata/c:component | /c:bom/c:components/c:component)"
#define ALLOWED_ANCESTORS                                                                          \
	"not(ancestor::*[not(self::c:bom or self::c:metadata or self::c:components or "            \
	"self::c:component)])"
static const char *const xpath_inventory =
    "count(" TOP " | " TOP "//c:component[parent::c:components][" ALLOWED_ANCESTORS "])";
/* Dependency records: one per <dependency> nested in another (an edge, services included:
 * the store drops those), plus one per top-level <dependency> with no children ("depends
 * on nothing"). */
static const char *const xpath_edges =
    "count(/c:bom/c:dependencies//c:dependency[parent::c:dependency]) + "
    "count(/c:bom/c:dependencies/c:dependency[not(c:dependency)])";
static const char *const xpath_device = "count(/c:bom/c:metadata/c:component)";

static long xpath_count(const char *data, size_t len, const char *expr)
{
	xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlXPathContextPtr xc;
	xmlXPathObjectPtr res;
	xmlNodePtr root;
	long n;

	ck_assert_msg(doc != NULL, "test parser cannot read the document");
	root = xmlDocGetRootElement(doc);
	ck_assert(root && root->ns);
	xc = xmlXPathNewContext(doc);
	ck_assert(xc);
	ck_assert_int_eq(xmlXPathRegisterNs(xc, BAD_CAST "c", root->ns->href), 0);
	res = xmlXPathEvalExpression(BAD_CAST expr, xc);
	ck_assert_msg(res && res->type == XPATH_NUMBER, "xpath failed: %s", expr);
	n = (long)res->floatval;
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xc);
	xmlFreeDoc(doc);
	return n;
}

/* --- helpers -------------------------------------------------------------------------- */

static int parse_file(const char *path, struct vx_sbom *s, struct vx_err *err, char **data,
                      size_t *len)
{
	*data = vx_test_slurp(path, len);
	vx_err_clear(err);
	return vx_sbom_parse(*data, *len, s, err);
}

static int parse_str(const char *xml, struct vx_sbom *s, struct vx_err *err)
{
	vx_err_clear(err);
	return vx_sbom_parse(xml, strlen(xml), s, err);
}

/* Files in dir whose names start with prefix and end with suffix, sorted; NULL-ended. */
static char **list_dir(const char *dir, const char *prefix, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), sl = strlen(suffix);
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || l < sl ||
		    strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		v = vx_grow(v, sizeof(*v), *n + 2, &cap);
		v[(*n)++] = vx_strdup(e->d_name);
		v[*n] = NULL;
	}
	closedir(d);
	for (size_t i = 1; i < *n; i++) /* insertion sort: a few dozen names */
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Parse one file that must be accepted and compare with the independent counts. */
static void check_valid_file(const char *path, const char *want_version)
{
	struct vx_sbom s;
	struct vx_err err;
	char *data;
	size_t len;
	long want, device;

	if (parse_file(path, &s, &err, &data, &len) != 0)
		ck_abort_msg("%s: refused: %s", path, vx_err_text(&err));
	ck_assert_int_eq(s.format, VX_SBOM_CYCLONEDX_XML);
	if (want_version)
		ck_assert_str_eq(s.spec_version, want_version);
	want = xpath_count(data, len, xpath_inventory);
	ck_assert_msg((long)s.ncomponents == want, "%s: %zu components read, xpath counts %ld",
	              path, s.ncomponents, want);
	device = xpath_count(data, len, xpath_device);
	ck_assert_int_le(device, 1);
	for (size_t i = 0; i < s.ncomponents; i++) {
		ck_assert_int_eq(s.components[i].is_device, device == 1 && i == 0);
		ck_assert(s.components[i].type && s.components[i].name && s.components[i].bom_ref);
		ck_assert(s.components[i].parent < (long)i);
	}
	ck_assert_msg((long)s.ndeps == xpath_count(data, len, xpath_edges),
	              "%s: %zu dependency edges", path, s.ndeps);
	vx_sbom_release(&s);
	free(data);
}

/* --- spec-tests ----------------------------------------------------------------------- */

static const char *const versions[] = {"1.4", "1.5", "1.6"};

START_TEST(spec_valid)
{
	char *dir, **names;
	size_t n;

	VX_NEED_CORPUS();
	dir = vx_asprintf("%s/cyclonedx/spec-tests/%s", vx_test_corpus(), versions[_i]);
	names = list_dir(dir, "valid-", ".xml", &n);
	ck_assert_uint_gt(n, 20);
	for (size_t i = 0; i < n; i++) {
		char *path = vx_asprintf("%s/%s", dir, names[i]);
		check_valid_file(path, versions[_i]);
		free(path);
	}
	free_list(names, n);
	free(dir);
}
END_TEST

/* Every invalid-*.xml of the spec tests (name without "-1.x.xml"). Refused: the file
 * breaks something the reader or the shared checks read; `text` is a substring of the
 * message. Accepted: it breaks only what vexil does not read; `text` says why. */
static const struct {
	const char *name;
	bool refused;
	const char *text;
} invalid_cases[] = {
    {"invalid-component-ref", true, "is already used by components[0]"},
    {"invalid-component-swid", false,
     "swid tags are not read (the missing tagId is inside <swid>)"},
    {"invalid-component-type", true, "components[0]: unknown component type 'foo'"},
    {"invalid-dependency", true, "dependencies[0]: dependency has no ref"},
    {"invalid-empty-component", true, "components[0]: component has no name"},
    {"invalid-hash-alg", true, "hashes[0]: unknown hash algorithm 'FOO'"},
    {"invalid-hash-md5", true, "hashes[0]: MD5 value 'foo' is not 32 hex digits"},
    {"invalid-hash-sha1", true, "hashes[1]: SHA-1 value 'foo' is not 40 hex digits"},
    {"invalid-hash-sha256", true, "hashes[2]: SHA-256 value 'foo' is not 64 hex digits"},
    {"invalid-hash-sha512", true, "hashes[3]: SHA-512 value 'foo' is not 128 hex digits"},
    {"invalid-license-choice", true,
     "components[0].licenses[1]: an expression cannot be combined with other license "
     "entries"},
    {"invalid-license-declared-concluded-mix", true,
     "components[0].licenses[3]: an expression cannot be combined"},
    {"invalid-license-encoding", false,
     "license <text> is not read, so its encoding attribute (base85) does not matter"},
    {"invalid-license-id", false,
     "licence ids are stored as written; membership of the SPDX list ('Apache-2') is not "
     "checked at import"},
    {"invalid-license-id-count", true, "components[0].licenses[0]: more than one <id>"},
    {"invalid-license-missing-id-and-name", true,
     "components[0].licenses[0]: license has neither id nor name"},
    {"invalid-license-name-count", true, "components[0].licenses[0]: more than one <name>"},
    {"invalid-metadata-license", false,
     "metadata <licenses> (the licence of the SBOM document itself) are not read"},
    {"invalid-metadata-timestamp", true,
     "metadata.timestamp: '2020-04-07' is not an RFC 3339 date-time with a time zone"},
    {"invalid-missing-component-type", true, "components[0]: component has no type attribute"},
    {"invalid-properties", true, "metadata.properties[0]: property has no name"},
};

START_TEST(spec_invalid)
{
	char *dir, **names;
	size_t n;

	VX_NEED_CORPUS();
	dir = vx_asprintf("%s/cyclonedx/spec-tests/%s", vx_test_corpus(), versions[_i]);
	names = list_dir(dir, "invalid-", ".xml", &n);
	ck_assert_uint_gt(n, 10);
	for (size_t i = 0; i < n; i++) {
		char *path = vx_asprintf("%s/%s", dir, names[i]), *data;
		char *base = vx_strdup(names[i]);
		struct vx_sbom s;
		struct vx_err err;
		size_t len, k;
		int rc;

		*strrchr(base, '-') = '\0'; /* "invalid-hash-alg-1.6.xml" -> "invalid-hash-alg" */
		for (k = 0; k < sizeof(invalid_cases) / sizeof(invalid_cases[0]); k++)
			if (strcmp(invalid_cases[k].name, base) == 0)
				break;
		ck_assert_msg(k < sizeof(invalid_cases) / sizeof(invalid_cases[0]),
		              "%s is in neither the refused nor the accepted list", names[i]);
		rc = parse_file(path, &s, &err, &data, &len);
		if (invalid_cases[k].refused) {
			ck_assert_msg(rc < 0, "%s: accepted, expected '%s'", names[i],
			              invalid_cases[k].text);
			ck_assert_msg(strstr(vx_err_text(&err), invalid_cases[k].text),
			              "%s: message '%s' lacks '%s'", names[i], vx_err_text(&err),
			              invalid_cases[k].text);
			ck_assert_uint_eq(s.ncomponents, 0); /* nothing half-read left behind */
		} else {
			ck_assert_msg(rc == 0, "%s: refused (%s), but accepted because %s",
			              names[i], vx_err_text(&err), invalid_cases[k].text);
			vx_sbom_release(&s);
		}
		free(data);
		free(base);
		free(path);
	}
	free_list(names, n);
	free(dir);
}
END_TEST

/* --- real SBOMs ----------------------------------------------------------------------- */

static const struct {
	const char *rel;
	const char *version;
	const char *device; /* metadata/component name */
} examples[] = {
    {"cern-lhc-vdm-editor-e564943/bom.xml", "1.2", "lhc-vdm-editor"},
    {"dropwizard-1.3.15/bom.xml", "1.2", NULL},
    {"laravel-7.12.0/bom.1.4.xml", "1.4", "cyclonedx-php-composer-demo"},
    {"proton-bridge/proton-bridge-v1.8.0.bom.xml", "1.2", NULL},
};

START_TEST(bom_examples)
{
	char *dir, *path;

	VX_NEED_CORPUS();
	dir = vx_test_corpus_path("cyclonedx/bom-examples/SBOM");
	path = vx_asprintf("%s/%s", dir, examples[_i].rel);
	check_valid_file(path, examples[_i].version);
	if (examples[_i].device) {
		struct vx_sbom s;
		struct vx_err err;
		char *data;
		size_t len;
		ck_assert_int_eq(parse_file(path, &s, &err, &data, &len), 0);
		ck_assert(s.components[0].is_device);
		ck_assert_str_eq(s.name, examples[_i].device);
		ck_assert(s.authors && strstr(s.authors, "tool: "));
		vx_sbom_release(&s);
		free(data);
	}
	free(path);
	free(dir);
}
END_TEST

/* The table above must name every XML SBOM in bom-examples/SBOM/<project>/. */
START_TEST(bom_examples_listed)
{
	char *dir, **subdirs;
	size_t n, seen = 0;

	VX_NEED_CORPUS();
	dir = vx_test_corpus_path("cyclonedx/bom-examples/SBOM");
	subdirs = list_dir(dir, "", "", &n);
	for (size_t i = 0; i < n; i++) {
		char *sub, **xmls;
		size_t m;
		if (subdirs[i][0] == '.')
			continue;
		sub = vx_asprintf("%s/%s", dir, subdirs[i]);
		xmls = list_dir(sub, "", ".xml", &m);
		for (size_t j = 0; j < m; j++) {
			char *rel = vx_asprintf("%s/%s", subdirs[i], xmls[j]);
			bool found = false;
			for (size_t k = 0; k < sizeof(examples) / sizeof(examples[0]); k++)
				found = found || strcmp(examples[k].rel, rel) == 0;
			ck_assert_msg(found, "%s is not in the examples table", rel);
			seen++;
			free(rel);
		}
		free_list(xmls, m);
		free(sub);
	}
	ck_assert_uint_eq(seen, sizeof(examples) / sizeof(examples[0]));
	free_list(subdirs, n);
	free(dir);
}
END_TEST

/* --- field mapping -------------------------------------------------------------------- */

START_TEST(device_fixture)
{
	struct vx_sbom s;
	struct vx_err err;
	char *path = vx_test_data("cdx_xml/device.xml"), *data;
	size_t len;
	const struct vx_component *c;

	if (parse_file(path, &s, &err, &data, &len) != 0)
		ck_abort_msg("refused: %s", vx_err_text(&err));
	ck_assert_int_eq(s.format, VX_SBOM_CYCLONEDX_XML);
	ck_assert_str_eq(s.spec_version, "1.6");
	ck_assert_str_eq(s.serial, "urn:uuid:0b8e5d1c-2f57-4f7e-9d35-6c2e3b7f0a11");
	ck_assert_str_eq(s.doc_version, "3");
	ck_assert_str_eq(s.timestamp, "2024-05-01T10:15:09+02:00");
	ck_assert_str_eq(s.name, "Infusion Pump X");
	ck_assert_str_eq(s.authors, "author: Samantha Wright; author: psirt@example.com; "
	                            "manufacturer: Acme Medical; supplier: Acme Distribution; "
	                            "tool: cyclonedx-gomod v0.6.1; tool: Awesome Tool 9.1.2");
	ck_assert_uint_eq(s.ncomponents, 5);
	ck_assert_int_eq(xpath_count(data, len, xpath_inventory), 5);

	c = &s.components[0];
	ck_assert(c->is_device);
	ck_assert_str_eq(c->bom_ref, "pump");
	ck_assert_str_eq(c->type, "device");
	ck_assert_str_eq(c->version, "2.1");
	ck_assert_int_eq(c->parent, -1);
	ck_assert_ptr_null(c->supplier); /* the device's manufacturer is not its supplier */

	c = &s.components[1];
	ck_assert(!c->is_device);
	ck_assert_str_eq(c->name, "pump-firmware");
	ck_assert_int_eq(c->parent, 0);
	ck_assert_str_eq(c->supplier, "Acme Medical"); /* 1.6 manufacturer, no supplier */

	c = &s.components[2];
	ck_assert_str_eq(c->bom_ref, "os");
	ck_assert_str_eq(c->type, "operating-system");
	ck_assert_str_eq(c->name, "tiny-rtos");     /* surrounding whitespace trimmed */
	ck_assert_str_eq(c->supplier, "RTOS Corp"); /* supplier wins over manufacturer */
	ck_assert_str_eq(c->author, "Ignored Because Supplier"); /* kept beside the supplier */
	ck_assert_str_eq(c->description, "Real-time kernel");
	ck_assert_str_eq(c->cpe, "cpe:2.3:o:rtoscorp:tiny-rtos:10.4.3:*:*:*:*:*:*:*");
	ck_assert_ptr_null(c->purl);
	ck_assert_ptr_null(c->group);
	ck_assert_str_eq(c->licence, "MIT AND Vendor EULA");
	ck_assert_str_eq(c->support_level, "Actively maintained");
	ck_assert_str_eq(c->end_of_support, "2030-12-31");
	ck_assert_uint_eq(c->nhashes, 2);
	ck_assert_str_eq(c->hashes[0].alg, "SHA-256");
	ck_assert_str_eq(c->hashes[0].value,
	                 "f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b");
	ck_assert_str_eq(c->hashes[1].alg, "SHA-1");
	ck_assert_int_eq(c->parent, -1);

	c = &s.components[3];
	ck_assert_str_eq(c->name, "mini-tls");
	ck_assert_str_eq(c->group, "org.example");
	ck_assert_str_eq(c->author, "Crypto Folks"); /* publisher, no supplier */
	ck_assert_str_eq(c->purl, "pkg:generic/org.example/mini-tls@3.1");
	ck_assert_str_eq(c->licence, "Apache-2.0 OR GPL-2.0-or-later");
	ck_assert_int_eq(c->parent, 2);
	ck_assert_ptr_null(c->support_level);

	c = &s.components[4];
	ck_assert_str_eq(c->name, "zlib"); /* CDATA */
	ck_assert_str_eq(c->author, "Jean-loup Gailly, Mark Adler");
	ck_assert_str_eq(c->support_level, "No longer maintained"); /* the later one */
	ck_assert_str_eq(c->end_of_support, "2024-01-01");
	ck_assert_ptr_null(c->licence);
	ck_assert_uint_eq(c->nhashes, 0);

	ck_assert_uint_eq(s.nservice_refs, 1);
	ck_assert_str_eq(s.service_refs[0], "cloud");
	ck_assert_uint_eq(s.ndeps, 6);
	ck_assert_int_eq(xpath_count(data, len, xpath_edges), 6);
	ck_assert_str_eq(s.deps[0].from, "pump");
	ck_assert_str_eq(s.deps[0].to, "fw");
	ck_assert_str_eq(s.deps[1].from, "pump");
	ck_assert_str_eq(s.deps[1].to, "os");
	ck_assert_str_eq(s.deps[2].from, "pump");
	ck_assert_str_eq(s.deps[2].to, "cloud"); /* a service: kept, the store drops it */
	ck_assert_int_eq(s.deps[2].entry, 0);
	ck_assert_int_eq(s.deps[2].item, 2);
	ck_assert_str_eq(s.deps[3].from, "os");
	ck_assert_str_eq(s.deps[3].to, "tls");
	ck_assert_int_eq(s.deps[3].entry, 1);
	ck_assert_int_eq(s.deps[3].item, 0);
	ck_assert_str_eq(s.deps[4].from, "tls"); /* nested <dependency> */
	ck_assert_str_eq(s.deps[4].to, "zlib");
	ck_assert_int_eq(s.deps[4].entry, 1);
	ck_assert_int_eq(s.deps[4].item, -1);
	ck_assert_str_eq(s.deps[5].from, "zlib"); /* declared, depends on nothing */
	ck_assert_ptr_null(s.deps[5].to);
	ck_assert_int_eq(s.deps[5].entry, 2);
	vx_sbom_release(&s);
	free(data);
	free(path);
}
END_TEST

#define NS(v) "<bom xmlns=\"http://cyclonedx.org/schema/bom/" v "\" version=\"1\">\n"

START_TEST(old_namespaces)
{
	static const char *const v[] = {"1.2", "1.3", "1.4", "1.5", "1.6"};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct vx_sbom s;
		struct vx_err err;
		char *xml = vx_asprintf("<bom xmlns=\"http://cyclonedx.org/schema/bom/%s\">"
		                        "<components><component type=\"library\"><name>x</name>"
		                        "</component></components></bom>",
		                        v[i]);
		ck_assert_int_eq(parse_str(xml, &s, &err), 0);
		ck_assert_str_eq(s.spec_version, v[i]);
		ck_assert_ptr_null(s.serial);
		ck_assert_ptr_null(s.doc_version);
		ck_assert_ptr_null(s.timestamp);
		ck_assert_ptr_null(s.authors);
		ck_assert_ptr_null(s.name);
		ck_assert_str_eq(s.components[0].bom_ref, "vexil:0");
		ck_assert_ptr_null(s.components[0].version);
		vx_sbom_release(&s);
		free(xml);
	}
}
END_TEST

/* Content errors: exact texts, so the place format ("line L: path") stays stable. */
static const struct {
	const char *xml;
	int code;
	const char *text;
} content_errors[] = {
    {NS("1.6") "<components>\n<component type=\"library\"><name>a</name><hashes>\n"
               "<hash>00</hash></hashes></component></components></bom>",
     VX_EINVAL, "line 4: components[0].hashes[0]: hash has no alg attribute"},
    {NS("1.6") "<components>\n<component type=\"library\"><name>a</name><hashes>\n"
               "<hash alg=\"MD5\"> </hash></hashes></component></components></bom>",
     VX_EINVAL, "line 4: components[0].hashes[0]: MD5 hash has no value"},
    {NS("1.6") "<components><component type=\"library\"><name>a</name>\n<name>b</name>"
               "</component></components></bom>",
     VX_EINVAL, "line 3: components[0]: more than one <name> element"},
    {NS("1.6") "<metadata>\n<timestamp>2020-04-13T10:00:00</timestamp></metadata></bom>", VX_EINVAL,
     "line 3: metadata.timestamp: '2020-04-13T10:00:00' is not an RFC 3339 date-time with a "
     "time zone"},
    {NS("1.6") "<metadata><timestamp/></metadata></bom>", VX_EINVAL,
     "line 2: metadata.timestamp: '' is not an RFC 3339 date-time with a time zone"},
    {NS("1.6") "<metadata>\n<component><name>pump</name></component></metadata></bom>", VX_EINVAL,
     "line 3: metadata.component: component has no type attribute (required in "
     "CycloneDX)"},
    {NS("1.6") "<components><component type=\"library\"><name>a</name><components>\n"
               "<component type=\" \"><name>b</name></component></components></component>"
               "</components></bom>",
     VX_EINVAL,
     "line 3: components[0].components[0]: component has no type attribute (required in "
     "CycloneDX)"},
    {NS("1.6") "<components><component type=\"library\" bom-ref=\"\"><name>a</name>"
               "</component></components></bom>",
     VX_EINVAL, "components[0]: empty bom-ref"},
    {NS("1.6") "<components><component type=\"library\"><name>a</name><licenses>\n"
               "<expression>MIT</expression><expression>BSD-3-Clause</expression>"
               "</licenses></component></components></bom>",
     VX_EINVAL,
     "line 3: components[0].licenses[1]: an expression cannot be combined with other "
     "license entries (CycloneDX allows one expression or a list of licenses)"},
    {NS("1.6") "<components><component type=\"library\"><name>a</name><properties>\n"
               "<property name=\"support-level\">x</property>\n"
               "<property>y</property>"
               "</properties></component></components></bom>",
     VX_EINVAL, "line 4: components[0].properties[1]: property has no name attribute"},
    {NS("1.6") "<dependencies><dependency ref=\"a\">\n<dependency ref=\"\"/></dependency>"
               "</dependencies></bom>",
     VX_EINVAL, "line 3: dependencies[0].dependsOn[0]: dependency has no ref"},
    {NS("1.6") "<components><component type=\"library\" bom-ref=\"a\"><name>a</name>"
               "</component></components><dependencies><dependency ref=\"a\">"
               "<dependency ref=\"b\"/></dependency></dependencies></bom>",
     VX_EINVAL, "dependencies[0].dependsOn[0]: ref 'b' does not name a component in this SBOM"},
    {NS("1.6") "<metadata/>\n<metadata/></bom>", VX_EINVAL,
     "line 3: metadata: more than one <metadata> element"},
    {NS("1.6") "<metadata><component type=\"device\"><name>a</name></component>\n"
               "<component type=\"device\"><name>b</name></component></metadata></bom>",
     VX_EINVAL, "line 3: metadata.component: more than one <component> in metadata"},
};

START_TEST(content_error)
{
	struct vx_sbom s;
	struct vx_err err;
	ck_assert_int_eq(parse_str(content_errors[_i].xml, &s, &err), content_errors[_i].code);
	ck_assert_str_eq(vx_err_text(&err), content_errors[_i].text);
	ck_assert_uint_eq(s.ncomponents, 0);
}
END_TEST

/* n components, each nested in the previous one: element depth 2n+2 at the deepest name. */
static char *nested_components(int n)
{
	struct vx_buf b;
	vx_buf_init(&b);
	vx_buf_adds(&b, NS("1.6"));
	for (int i = 0; i < n; i++)
		vx_buf_printf(&b,
		              "<components><component type=\"library\" bom-ref=\"c%d\">"
		              "<name>n%d</name>\n",
		              i, i);
	for (int i = 0; i < n; i++)
		vx_buf_adds(&b, "</component></components>");
	vx_buf_adds(&b, "</bom>\n");
	return vx_buf_detach(&b);
}

START_TEST(nesting)
{
	struct vx_sbom s;
	struct vx_err err;
	char *xml = nested_components(99); /* deepest element at level 200: allowed */

	if (parse_str(xml, &s, &err) != 0)
		ck_abort_msg("refused: %s", vx_err_text(&err));
	ck_assert_uint_eq(s.ncomponents, 99);
	for (size_t i = 0; i < s.ncomponents; i++)
		ck_assert_int_eq(s.components[i].parent, (long)i - 1);
	ck_assert_str_eq(s.components[98].name, "n98");
	vx_sbom_release(&s);
	free(xml);

	xml = nested_components(100); /* level 202: ours, below libxml2's own 256 */
	ck_assert_int_eq(parse_str(xml, &s, &err), VX_ELIMIT);
	ck_assert_str_eq(vx_err_text(&err), "line 101: elements nested more than 200 levels deep");
	free(xml);

	xml = nested_components(200); /* level 402: libxml2 stops first, reported as ours */
	ck_assert_int_eq(parse_str(xml, &s, &err), VX_ELIMIT);
	ck_assert_msg(strstr(vx_err_text(&err), "elements nested more than 200 levels deep"), "%s",
	              vx_err_text(&err));
	free(xml);
}
END_TEST

/* --- hostile input -------------------------------------------------------------------- */

static const struct {
	const char *file;
	int code;
	const char *text; /* substring of the message */
} hostile[] = {
    {"xxe.xml", VX_EINVAL,
     "line 2: DOCTYPE declarations are not allowed (XXE / entity expansion risk)"},
    {"xxe-parameter.xml", VX_EINVAL, "line 2: DOCTYPE declarations are not allowed"},
    {"billion-laughs.xml", VX_EINVAL, "line 2: DOCTYPE declarations are not allowed"},
    {"doctype-only.xml", VX_EINVAL, "line 2: DOCTYPE declarations are not allowed"},
    {"doctype-external.xml", VX_EINVAL, "line 2: DOCTYPE declarations are not allowed"},
    {"truncated.xml", VX_EINVAL, "line 6, column 19: premature end of data in tag version line 6"},
    {"not-well-formed.xml", VX_EINVAL,
     "line 5, column 31: opening and ending tag mismatch: name line 5 and version"},
    {"undefined-entity.xml", VX_EINVAL, "line 5, column 19: entity 'nope' not defined"},
    {"wrong-root.xml", VX_EUNSUPPORTED, "not a CycloneDX BOM: root element 'html'"},
    {"wrong-namespace.xml", VX_EUNSUPPORTED,
     "CycloneDX XML namespace 'http://example.com/not-cyclonedx' is not supported "
     "(1.2-1.6)"},
    {"no-namespace.xml", VX_EUNSUPPORTED, "root element 'bom' has no namespace"},
    {"cdx-1.7.xml", VX_EUNSUPPORTED,
     "CycloneDX XML namespace 'http://cyclonedx.org/schema/bom/1.7' is not supported "
     "(1.2-1.6)"},
    {"cdx-1.1.xml", VX_EUNSUPPORTED,
     "namespace 'http://cyclonedx.org/schema/bom/1.1' is not supported"},
    {"deep-10000.xml", VX_ELIMIT, "elements nested more than 200 levels deep"},
    /* caught by vx_sbom_parse before the reader runs */
    {"bad-utf8.xml", VX_EINVAL, "line 4, column 40: invalid UTF-8 (byte 0xe9 at offset 138)"},
    {"nul-byte.xml", VX_EINVAL, "line 4, column 38: NUL byte in input (not a text SBOM)"},
};

START_TEST(hostile_input)
{
	struct vx_sbom s;
	struct vx_err err;
	char *rel = vx_asprintf("cdx_xml/%s", hostile[_i].file);
	char *path = vx_test_data(rel), *data;
	size_t len;

	/* a hang (entity expansion, quadratic work) is caught by the test case's timeout */
	ck_assert_int_eq(parse_file(path, &s, &err, &data, &len), hostile[_i].code);
	ck_assert_msg(strstr(vx_err_text(&err), hostile[_i].text), "%s: '%s' lacks '%s'",
	              hostile[_i].file, vx_err_text(&err), hostile[_i].text);
	ck_assert_uint_eq(s.ncomponents, 0);
	ck_assert_ptr_null(s.spec_version);
	free(data);
	free(path);
	free(rel);
}
END_TEST

/* The entity pointing at /etc/passwd must never be resolved, not even into a message. */
START_TEST(xxe_never_reads_the_file)
{
	struct vx_sbom s;
	struct vx_err err;
	char *path = vx_test_data("cdx_xml/xxe.xml"), *data;
	size_t len;
	FILE *f = fopen("/etc/passwd", "r");
	char line[128] = "";

	if (f) { /* the first line of the real file, e.g. "root:x:0:0:root:/root:/bin/bash" */
		if (fgets(line, sizeof(line), f))
			line[strcspn(line, "\n")] = '\0';
		fclose(f);
	}
	ck_assert_int_eq(parse_file(path, &s, &err, &data, &len), VX_EINVAL);
	ck_assert_ptr_null(strstr(vx_err_text(&err), "root:"));
	if (line[0])
		ck_assert_ptr_null(strstr(vx_err_text(&err), line));
	free(data);
	free(path);
}
END_TEST

/* libxml2 must not write to standard error, whatever it is fed. */
START_TEST(libxml2_is_quiet)
{
	static const char *const files[] = {
	    "xxe.xml",        "billion-laughs.xml",   "truncated.xml",  "not-well-formed.xml",
	    "deep-10000.xml", "undefined-entity.xml", "wrong-root.xml",
	};
	char tmpl[] = "/tmp/vx-cdx-xml-stderr-XXXXXX";
	int fd = mkstemp(tmpl), saved;
	off_t size;

	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved = dup(2);
	ck_assert_int_ge(saved, 0);
	dup2(fd, 2);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *rel = vx_asprintf("cdx_xml/%s", files[i]);
		char *path = vx_test_data(rel), *data;
		struct vx_sbom s;
		struct vx_err err;
		size_t len;
		ck_assert_int_lt(parse_file(path, &s, &err, &data, &len), 0);
		free(data);
		free(path);
		free(rel);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(tmpl);
	ck_assert_int_eq(size, 0);
}
END_TEST

Suite *vx_suite_cdx_xml(void)
{
	Suite *s = suite_create("cdx_xml");
	TCase *tc;

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, spec_valid, 0, sizeof(versions) / sizeof(versions[0]));
	tcase_add_loop_test(tc, spec_invalid, 0, sizeof(versions) / sizeof(versions[0]));
	tcase_add_loop_test(tc, bom_examples, 0, sizeof(examples) / sizeof(examples[0]));
	tcase_add_test(tc, bom_examples_listed);
	suite_add_tcase(s, tc);

	tc = tcase_create("fields");
	tcase_add_test(tc, device_fixture);
	tcase_add_test(tc, old_namespaces);
	tcase_add_loop_test(tc, content_error, 0,
	                    sizeof(content_errors) / sizeof(content_errors[0]));
	tcase_add_test(tc, nesting);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_loop_test(tc, hostile_input, 0, sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_test(tc, xxe_never_reads_the_file);
	tcase_add_test(tc, libxml2_is_quiet);
	suite_add_tcase(s, tc);
	return s;
}
