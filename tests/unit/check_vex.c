/* tests/unit/check_vex.c - the triage import readers (src/import/vex.h): CSV, CycloneDX VEX
 * and CSAF VEX, through vx_vex_parse.
 *
 * Corpus: every CycloneDX VEX under bom-examples/VEX and every CSAF VEX example (plus the
 * vexctl CSAF file) must parse, with a statement count and per-statement states that the
 * test computes itself by walking the JSON with cJSON and its own copy of the crosswalk.
 * Fixtures in tests/data/vex/ cover the field mappings; malformed input is refused with
 * its place (table below).
 */
#include "testutil.h"
#include "import/vex.h"
#include "util/err.h"

#include <cjson/cJSON.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int parse_str(const char *text, struct vx_vex *v, struct vx_err *err)
{
	vx_err_clear(err);
	return vx_vex_parse(text, strlen(text), v, err);
}

static void must_parse_file(const char *path, struct vx_vex *v)
{
	struct vx_err err;
	size_t len;
	char *data = vx_test_slurp(path, &len);
	vx_err_clear(&err);
	if (vx_vex_parse(data, len, v, &err) != 0)
		ck_abort_msg("%s: refused: %s", path, vx_err_text(&err));
	free(data);
}

static void must_parse_data(const char *rel, struct vx_vex *v)
{
	char *path = vx_test_data(rel);
	must_parse_file(path, v);
	free(path);
}

static bool streq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

#define ck_str(got, want)                                                                          \
	ck_assert_msg(streq((got), (want)), "%s: got '%s', expected '%s'", #got,                   \
	              (got) ? (got) : "(null)", (want) ? (want) : "(null)")

/* --- the crosswalk, written out again for the test ---------------------------------------- */

static const char *cdx_expected_status(const char *state)
{
	static const char *const map[][2] = {
	    {"not_affected", "not_affected"},    {"false_positive", "not_affected"},
	    {"exploitable", "affected"},         {"resolved", "fixed"},
	    {"resolved_with_pedigree", "fixed"}, {"in_triage", "under_investigation"}};
	for (size_t i = 0; i < N_ELEMS(map); i++)
		if (strcmp(state, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Check one CycloneDX file against its own JSON: one statement per affects entry (one when
 * there is none) of every vulnerability with an analysis. Returns the statement count. */
static size_t check_cdx_file(const char *path)
{
	struct vx_vex v;
	size_t len, k = 0;
	char *data = vx_test_slurp(path, &len);
	cJSON *root = cJSON_Parse(data), *vuln;

	ck_assert_msg(root != NULL, "%s: test could not parse", path);
	must_parse_file(path, &v);
	ck_assert_int_eq(v.format, VX_VEX_CYCLONEDX);
	cJSON_ArrayForEach(vuln, cJSON_GetObjectItem(root, "vulnerabilities"))
	{
		cJSON *an = cJSON_GetObjectItem(vuln, "analysis");
		cJSON *aff = cJSON_GetObjectItem(vuln, "affects");
		int naff = aff ? cJSON_GetArraySize(aff) : 0;
		if (!an)
			continue;
		for (int j = 0; j < (naff ? naff : 1); j++, k++) {
			const struct vx_vex_statement *s;
			const char *want =
			    cdx_expected_status(cJSON_GetObjectItem(an, "state")->valuestring);
			ck_assert_msg(k < v.nstatements, "%s: only %zu statements", path,
			              v.nstatements);
			s = &v.statements[k];
			ck_assert_msg(streq(s->a.status, want), "%s: %s: status %s, expected %s",
			              path, s->where, s->a.status, want);
			ck_str(s->vuln_id, cJSON_GetObjectItem(vuln, "id")->valuestring);
			if (naff) {
				const char *ref =
				    cJSON_GetObjectItem(cJSON_GetArrayItem(aff, j), "ref")
				        ->valuestring;
				const char *hash = strchr(ref, '#');
				ck_str(s->product_id, ref);
				ck_str(s->component_ref,
				       strncmp(ref, "urn:cdx:", 8) == 0 ? hash + 1 : ref);
				ck_assert(!s->sbom_serial == (strncmp(ref, "urn:cdx:", 8) != 0));
			} else {
				ck_assert(s->component_ref == NULL);
			}
			if (cJSON_GetObjectItem(an, "justification"))
				ck_assert_msg(s->a.justification != NULL, "%s: %s", path, s->where);
		}
	}
	ck_assert_msg(k == v.nstatements, "%s: %zu statements, expected %zu", path, v.nstatements,
	              k);
	vx_vex_release(&v);
	cJSON_Delete(root);
	free(data);
	return k;
}

static bool has_vulnerabilities(const char *path)
{
	size_t len;
	char *data = vx_test_slurp(path, &len);
	cJSON *root = cJSON_Parse(data);
	bool yes = root && cJSON_GetObjectItem(root, "vulnerabilities");
	cJSON_Delete(root);
	free(data);
	return yes;
}

static void walk_cdx(const char *dir, size_t *files, size_t *statements)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_msg(d != NULL, "%s: cannot open", dir);
	while ((e = readdir(d))) {
		char path[4096];
		struct stat sb;
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			walk_cdx(path, files, statements);
		} else if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0 &&
		           has_vulnerabilities(path)) {
			*statements += check_cdx_file(path);
			(*files)++;
		}
	}
	closedir(d);
}

START_TEST(corpus_cyclonedx)
{
	size_t files = 0, statements = 0;
	char *dir;

	VX_NEED_CORPUS();
	dir = vx_test_corpus_path("cyclonedx/bom-examples/VEX");
	walk_cdx(dir, &files, &statements);
	free(dir);
	ck_assert_uint_ge(files, 24);
	ck_assert_uint_ge(statements, 100);
}
END_TEST

START_TEST(corpus_cyclonedx_values)
{
	struct vx_vex v;
	char *path;

	VX_NEED_CORPUS();
	/* a BOM-Link whose fragment is a purl */
	path = vx_test_corpus_path("cyclonedx/bom-examples/VEX/vex.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 1);
	ck_str(v.statements[0].sbom_serial, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
	ck_str(v.statements[0].component_ref,
	       "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
	ck_str(v.statements[0].a.justification, "vulnerable_code_not_in_execute_path");
	ck_assert(
	    strncmp(v.statements[0].a.action, "response: will_not_fix, update; Upgrade ", 40) == 0);
	ck_str(v.statements[0].where, "vulnerabilities[0].affects[0]");
	vx_vex_release(&v);
	free(path);
	/* protected_by_mitigating_control */
	path = vx_test_corpus_path("cyclonedx/bom-examples/VEX/Use-Cases/Case-12/vex.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 3);
	ck_str(v.statements[2].a.justification, "inline_mitigations_already_exist");
	ck_str(v.statements[1].a.status, "affected");
	ck_assert(v.statements[1].a.justification == NULL);
	vx_vex_release(&v);
	free(path);
	/* no affects: one statement naming no component */
	path = vx_test_corpus_path("cyclonedx/bom-examples/VEX/Use-Cases/Case-7/vex.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 1);
	ck_assert(v.statements[0].component_ref == NULL && v.statements[0].product_id == NULL);
	ck_str(v.statements[0].where, "vulnerabilities[0]");
	vx_vex_release(&v);
	free(path);
}
END_TEST

/* --- CSAF corpus --------------------------------------------------------------------------- */

static const char *const csaf_files[] = {
    "csaf/examples/csaf_vex/2022-evd-uc-01-a-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-01-f-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-01-na-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-01-ui-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-02-na-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-03-ms-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-04-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-05-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-06-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-07-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-08-001.json",
    "csaf/examples/csaf_vex/2022-evd-uc-09-001.json",
    "csaf/examples/csaf_vex/sec-vex-2022-0001.json",
    "spdx/other/openvex-vexctl/csaf.json",
};

static const char *csaf_expected_status(const char *list)
{
	static const char *const map[][2] = {{"known_affected", "affected"},
	                                     {"first_affected", "affected"},
	                                     {"last_affected", "affected"},
	                                     {"known_not_affected", "not_affected"},
	                                     {"fixed", "fixed"},
	                                     {"first_fixed", "fixed"},
	                                     {"under_investigation", "under_investigation"}};
	for (size_t i = 0; i < N_ELEMS(map); i++)
		if (strcmp(list, map[i][0]) == 0)
			return map[i][1];
	return NULL; /* recommended */
}

START_TEST(corpus_csaf)
{
	char *path;
	struct vx_vex v;
	size_t len, k = 0;
	char *data;
	cJSON *root, *vuln, *list;

	VX_NEED_CORPUS();
	path = vx_test_corpus_path(csaf_files[_i]);
	data = vx_test_slurp(path, &len);
	root = cJSON_Parse(data);
	must_parse_file(path, &v);
	ck_assert_int_eq(v.format, VX_VEX_CSAF);
	ck_str(v.spec_version, "2.0");
	cJSON_ArrayForEach(vuln, cJSON_GetObjectItem(root, "vulnerabilities"))
	{
		cJSON_ArrayForEach(list, cJSON_GetObjectItem(vuln, "product_status"))
		{
			const char *want = csaf_expected_status(list->string);
			cJSON *pid;
			if (!want)
				continue;
			cJSON_ArrayForEach(pid, list)
			{
				const struct vx_vex_statement *s = NULL;
				for (size_t i = 0; i < v.nstatements; i++)
					if (strstr(v.statements[i].where, list->string) &&
					    streq(v.statements[i].product_id, pid->valuestring) &&
					    streq(v.statements[i].vuln_id,
					          cJSON_GetObjectItem(vuln, "cve")->valuestring))
						s = &v.statements[i];
				ck_assert_msg(s != NULL, "%s: no statement for %s %s", path,
				              list->string, pid->valuestring);
				ck_str(s->a.status, want);
				if (strcmp(want, "not_affected") == 0) /* every example has one */
					ck_assert_msg(s->a.impact || s->a.justification,
					              "%s: %s: no impact", path, s->where);
				k++;
			}
		}
	}
	ck_assert_msg(k == v.nstatements, "%s: %zu statements, expected %zu", path, v.nstatements,
	              k);
	vx_vex_release(&v);
	cJSON_Delete(root);
	free(data);
	free(path);
}
END_TEST

START_TEST(corpus_csaf_values)
{
	struct vx_vex v;
	char *path;

	VX_NEED_CORPUS();
	path = vx_test_corpus_path("csaf/examples/csaf_vex/sec-vex-2022-0001.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 3);
	ck_str(v.statements[0].a.justification, "component_not_present");
	ck_str(v.statements[0].a.impact,
	       "Secvisogram is written in JavaScript. No Java is included.");
	ck_str(v.statements[0].where, "vulnerabilities[0].product_status.known_not_affected[0]");
	ck_str(v.doc_id, "SEC-VEX-2022-0001");
	/* a plain product names neither device version nor component */
	ck_assert(!v.statements[0].product && !v.statements[0].component_purl);
	vx_vex_release(&v);
	free(path);

	path = vx_test_corpus_path("spdx/other/openvex-vexctl/csaf.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 1);
	ck_str(v.statements[0].component_purl, "pkg:generic/component1@1.3.4");
	ck_str(v.statements[0].vuln_id, "CVE-2009-4487");
	vx_vex_release(&v);
	free(path);

	path = vx_test_corpus_path("csaf/examples/csaf_vex/2022-evd-uc-03-ms-001.json");
	must_parse_file(path, &v);
	ck_assert_uint_eq(v.nstatements, 19);
	ck_str(v.statements[2].a.status, "affected");
	ck_assert(strncmp(v.statements[2].a.action, "none_available: ", 16) == 0);
	vx_vex_release(&v);
	free(path);
}
END_TEST

START_TEST(corpus_unsupported)
{
	struct vx_vex v;
	struct vx_err err;
	size_t len;
	char *path, *data;

	VX_NEED_CORPUS();
	path = vx_test_corpus_path("spdx/other/openvex-vexctl/openvex.json");
	data = vx_test_slurp(path, &len);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_vex_parse(data, len, &v, &err), VX_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "OpenVEX"));
	vx_vex_release(&v);
	free(data);
	free(path);
}
END_TEST

/* --- fixtures ------------------------------------------------------------------------------- */

START_TEST(csv_fields)
{
	struct vx_vex v;
	const struct vx_vex_statement *s;

	must_parse_data("vex/triage.csv", &v);
	ck_assert_int_eq(v.format, VX_VEX_CSV);
	ck_assert_uint_eq(v.nstatements, 2);
	s = &v.statements[0];
	ck_str(s->where, "line 2");
	ck_str(s->product, "pump");
	ck_str(s->version, "1.0");
	ck_str(s->vuln_id, "CVE-2018-25032");
	ck_str(s->component, "zlib");
	ck_str(s->a.status, "affected");
	ck_assert(s->a.justification == NULL); /* empty cell: not given */
	ck_str(s->a.impact, "deflate path reachable, from the service port");
	ck_str(s->a.severity, "serious");
	ck_assert_int_eq(s->a.safety_impact, 1);
	ck_assert_int_eq(s->a.public_exploit, 0);
	ck_assert(s->a.epss > 0.019 && s->a.epss < 0.021);
	ck_assert_int_eq(s->a.adverse_events, -1);
	ck_str(s->a.customers_notified, "2024-03-01");
	ck_str(s->a.reason, "clinical review");
	s = &v.statements[1];
	ck_assert(s->component == NULL && s->a.reason == NULL && s->a.epss < 0);
	ck_assert_int_eq(s->a.safety_impact, 0);
	ck_str(s->a.justification, "vulnerable_code_not_in_execute_path");
	vx_vex_release(&v);
}
END_TEST

START_TEST(csv_finding_ids)
{
	struct vx_vex v;
	struct vx_err err;

	/* BOM, CRLF, header aliases, "#id", quoted line break */
	ck_assert_int_eq(
	    parse_str("\xEF\xBB\xBF"
	              "Finding ID,Adverse-Events,CVSS Vector,Action\r\n"
	              "#12,yes,CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H,\"a\nb\"\r\n"
	              "\r\n"
	              "7,,,\r\n",
	              &v, &err),
	    0);
	ck_assert_uint_eq(v.nstatements, 2);
	ck_assert_int_eq(v.statements[0].finding_id, 12);
	ck_assert_int_eq(v.statements[0].a.adverse_events, 1);
	ck_str(v.statements[0].a.cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	ck_str(v.statements[0].a.action, "a\nb");
	ck_assert_int_eq(v.statements[1].finding_id, 7);
	ck_str(v.statements[1].where, "line 5");
	vx_vex_release(&v);
}
END_TEST

START_TEST(cdx_fixture)
{
	struct vx_vex v;
	const struct vx_vex_statement *s;

	must_parse_data("vex/cdx-vex.json", &v);
	ck_assert_uint_eq(v.nstatements, 4); /* 1 + 1 + 2 + none for the one without analysis */
	ck_str(v.spec_version, "1.5");
	s = &v.statements[0];
	ck_str(s->component_ref, "zlib-ref");
	ck_str(s->sbom_serial, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
	ck_str(s->a.status, "not_affected");
	ck_str(s->a.justification, "vulnerable_code_not_in_execute_path");
	ck_str(s->a.impact, "The pump firmware never calls deflate().");
	ck_str(s->a.action,
	       "response: will_not_fix, update; Update to zlib 1.2.12 with the next release.");
	ck_str(s->a.reason, "CycloneDX analysis: not_affected, code_not_reachable");
	s = &v.statements[1];
	ck_str(s->component_ref, "zlib-ref");
	ck_assert(s->sbom_serial == NULL);
	ck_str(s->a.status, "affected");
	ck_str(v.statements[3].where, "vulnerabilities[2].affects[1]");
	ck_str(v.statements[3].a.status, "under_investigation");
	vx_vex_release(&v);
}
END_TEST

static const struct {
	const char *cdx, *csaf;
} justifications[] = {
    {"code_not_present", "vulnerable_code_not_present"},
    {"code_not_reachable", "vulnerable_code_not_in_execute_path"},
    {"requires_configuration", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"requires_dependency", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"requires_environment", "vulnerable_code_cannot_be_controlled_by_adversary"},
    {"protected_by_compiler", "inline_mitigations_already_exist"},
    {"protected_at_runtime", "inline_mitigations_already_exist"},
    {"protected_at_perimeter", "inline_mitigations_already_exist"},
    {"protected_by_mitigating_control", "inline_mitigations_already_exist"},
};

START_TEST(cdx_justification)
{
	struct vx_vex v;
	struct vx_err err;
	char doc[512];

	snprintf(
	    doc, sizeof(doc),
	    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"vulnerabilities\":[{\"id\":"
	    "\"CVE-1\",\"analysis\":{\"state\":\"false_positive\",\"justification\":\"%s\"},"
	    "\"affects\":[{\"ref\":\"a\"}]}]}",
	    justifications[_i].cdx);
	ck_assert_int_eq(parse_str(doc, &v, &err), 0);
	ck_assert_uint_eq(v.nstatements, 1);
	ck_str(v.statements[0].a.status, "not_affected");
	ck_str(v.statements[0].a.justification, justifications[_i].csaf);
	ck_assert_ptr_nonnull(strstr(v.statements[0].a.reason, justifications[_i].cdx));
	ck_assert_ptr_nonnull(strstr(v.statements[0].a.reason, "false_positive"));
	vx_vex_release(&v);
}
END_TEST

START_TEST(csaf_fixture)
{
	struct vx_vex v;
	const struct vx_vex_statement *s;

	must_parse_data("vex/csaf-vex.json", &v);
	ck_assert_uint_eq(v.nstatements, 4);
	ck_str(v.doc_id, "ACME-VEX-2024-001");
	/* known_affected: component in device 1.0, flag (by group) dropped, remediations */
	s = &v.statements[0];
	ck_str(s->product_id, "ZLIB-IN-PUMP-1.0");
	ck_str(s->product, "pump");
	ck_str(s->version, "1.0");
	ck_str(s->component_purl, "pkg:generic/zlib@1.2.11");
	ck_str(s->a.status, "affected");
	ck_assert(s->a.justification == NULL);
	ck_str(s->a.action,
	       "vendor_fix: Install pump firmware 1.1.; mitigation: Isolate the pump network.");
	/* known_not_affected: flag through the group, impact threat */
	s = &v.statements[1];
	ck_str(s->version, "1.1");
	ck_str(s->a.status, "not_affected");
	ck_str(s->a.justification, "vulnerable_code_not_in_execute_path");
	ck_str(s->a.impact, "deflate() is not reachable in 1.1.");
	ck_str(s->a.action, "mitigation: Isolate the pump network.");
	/* the device itself: no component, no version from a relationship */
	s = &v.statements[2];
	ck_str(s->product_id, "PUMP-1.0");
	ck_assert(!s->product && !s->component_purl && !s->component_ref);
	ck_str(s->a.justification, "component_not_present");
	/* vulnerability id from ids[], component by CPE */
	s = &v.statements[3];
	ck_str(s->vuln_id, "ACME-2024-7");
	ck_str(s->component_cpe, "cpe:2.3:a:libpng:libpng:1.6.37:*:*:*:*:*:*:*");
	ck_str(s->a.status, "under_investigation");
	vx_vex_release(&v);
}
END_TEST

START_TEST(bom_links)
{
	static const struct {
		const char *in, *serial, *ref;
	} cases[] = {
	    {"zlib-ref", NULL, "zlib-ref"},
	    {"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#zlib-ref",
	     "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "zlib-ref"},
	    {"urn:cdx:abc/2#pkg%3Amaven%2Fa%2Fb%401.0", "urn:uuid:abc", "pkg:maven/a/b@1.0"},
	    {"urn:cdx:abc/2", "urn:uuid:abc", NULL},
	    {"urn:cdx:abc#x%zz", "urn:uuid:abc", "x%zz"},
	    {"urn:cdx:abc/1#a%00b", "urn:uuid:abc", "a%00b"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *serial, *ref;
		vx_vex_bom_link(cases[i].in, &serial, &ref);
		ck_str(serial, cases[i].serial);
		ck_str(ref, cases[i].ref);
		free(serial);
		free(ref);
	}
}
END_TEST

/* --- refused ------------------------------------------------------------------------------- */

#define CDX(v) "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"vulnerabilities\":[" v "]}"
#define CSAF(tree, v)                                                                              \
	"{\"document\":{\"csaf_version\":\"2.0\",\"tracking\":{\"id\":\"T-1\"}},"                  \
	"\"product_tree\":" tree ",\"vulnerabilities\":[" v "]}"
#define TREE                                                                                       \
	"{\"full_product_names\":[{\"name\":\"a\",\"product_id\":\"A\"},{\"name\":\"b\","          \
	"\"product_id\":\"B\"}]}"

static const struct {
	const char *input;
	int code;
	const char *text; /* expected in vx_err_text: place and message */
} refused[] = {
    {"", VX_EINVAL, "empty file"},
    {"product,version,vuln,stauts\n", VX_EINVAL, "line 1: unknown column 'stauts'"},
    {"vuln,Vuln,status\n", VX_EINVAL, "line 1: column 'vuln' given twice"},
    {"product,version,status\n", VX_EINVAL, "line 1: the header needs a 'finding' or a 'vuln'"},
    {"finding,reason\n", VX_EINVAL, "line 1: the header names no assessment column"},
    {"finding,status\n1,fixed\nx1,fixed\n", VX_EINVAL, "line 3: finding: 'x1' is not a finding id"},
    {"finding,status\n0,fixed\n", VX_EINVAL, "line 2: finding: '0' is not a finding id"},
    {"finding,vuln,status\n,,fixed\n", VX_EINVAL, "line 2: no finding id and no vuln"},
    {"finding,status\n1,fixed,x\n", VX_EINVAL, "line 2: 3 fields, the header has 2"},
    {"finding,exploit\n1,perhaps\n", VX_EINVAL, "line 2: exploit: 'perhaps' is not yes or no"},
    {"finding,epss\n1,1.5\n", VX_EINVAL, "line 2: epss: '1.5' is not a probability"},
    {"finding,epss\n1,nan\n", VX_EINVAL, "line 2: epss: 'nan' is not a probability"},
    {"finding,status\n1,\"fixed\n", VX_EINVAL, "line 2"},
    {"finding,status\n1,fi\xff\n", VX_EINVAL, "not UTF-8 text"},
    {"<bom/>", VX_EUNSUPPORTED, "XML is not supported"},
    {"{\"a\":1}", VX_EINVAL, "neither a CycloneDX BOM"},
    {"{\"bomFormat\":\"CycloneDX\",", VX_EINVAL, "line 1, column 26: JSON ends early"},
    {"{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":{}}", VX_EINVAL,
     "vulnerabilities: expected an array, found object"},
    {CDX("7"), VX_EINVAL, "vulnerabilities[0]: expected an object, found number"},
    {CDX("{\"analysis\":{\"state\":\"in_triage\"}}"), VX_EINVAL, "vulnerabilities[0].id: missing"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{}}"), VX_EINVAL,
     "vulnerabilities[0].analysis.state: missing"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"in_triage\"}},{\"id\":\"CVE-2\","
         "\"analysis\":{\"state\":\"affected\"}}"),
     VX_EINVAL, "vulnerabilities[1].analysis.state: unknown state 'affected' (expected resolved"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"not_affected\",\"justification\":\"meh\"}}"),
     VX_EINVAL, "vulnerabilities[0].analysis.justification: unknown justification 'meh'"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"exploitable\",\"response\":[\"update\","
         "\"panic\"]}}"),
     VX_EINVAL, "vulnerabilities[0].analysis.response[1]: unknown response 'panic'"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"exploitable\",\"detail\":5}}"), VX_EINVAL,
     "vulnerabilities[0].analysis.detail: expected a string, found number"},
    {CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"exploitable\"},\"affects\":[{\"ref\":\"a\"},"
         "{}]}"),
     VX_EINVAL, "vulnerabilities[0].affects[1].ref: missing"},
    {CSAF(TREE, "{\"cve\":\"CVE-1\",\"product_status\":{\"fixed\":[\"A\",\"C\"]}}"), VX_EINVAL,
     "vulnerabilities[0].product_status.fixed[1]: product id 'C' is not defined in product_tree"},
    {CSAF(TREE,
          "{\"cve\":\"CVE-1\",\"product_status\":{\"fixed\":[\"A\"],\"known_affected\":[\"A\"]}}"),
     VX_EINVAL,
     "vulnerabilities[0].product_status.fixed[0]: product 'A' is also in known_affected"},
    {CSAF(TREE, "{\"product_status\":{\"fixed\":[\"A\"]}}"), VX_EINVAL,
     "vulnerabilities[0]: has a product_status but no cve or ids"},
    {CSAF(TREE, "{\"cve\":\"CVE-1\",\"product_status\":{\"known_not_affected\":[\"A\"]},\"flags\":"
                "[{\"label\":\"not_vulnerable\",\"product_ids\":[\"A\"]}]}"),
     VX_EINVAL, "vulnerabilities[0].flags[0].label: unknown flag label 'not_vulnerable'"},
    {CSAF(TREE, "{\"cve\":\"CVE-1\",\"product_status\":{\"known_not_affected\":[\"A\"]},\"flags\":"
                "[{\"label\":\"component_not_present\",\"group_ids\":[\"G\"]}]}"),
     VX_EINVAL, "vulnerabilities[0].flags[0]: group id 'G' is not defined"},
    {CSAF("{\"full_product_names\":[{\"name\":\"a\",\"product_id\":\"A\"},{\"name\":\"a\","
          "\"product_id\":\"A\"}]}",
          ""),
     VX_EINVAL, "product_tree.full_product_names[1].product_id: product id 'A' is defined twice"},
    {CSAF("{\"relationships\":[{\"category\":\"default_component_of\",\"product_reference\":\"X\","
          "\"relates_to_product_reference\":\"Y\",\"full_product_name\":{\"name\":\"x\","
          "\"product_id\":\"XY\"}}]}",
          ""),
     VX_EINVAL, "product_tree.relationships: product id 'X' is not defined"},
    {CSAF("{\"branches\":[{\"category\":\"vendor\",\"name\":\"v\",\"product\":{\"name\":\"p\"}}]}",
          ""),
     VX_EINVAL, "product_tree.branches[0].product.product_id: missing"},
    {"{\"document\":{\"csaf_version\":\"1.2\"}}", VX_EUNSUPPORTED,
     "document.csaf_version: CSAF version '1.2' is not supported"},
    {"{\"document\":{}}", VX_EINVAL, "document.csaf_version: missing"},
    {"{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[]}", VX_EUNSUPPORTED,
     "OpenVEX is not supported"},
};

START_TEST(refuse)
{
	struct vx_vex v;
	struct vx_err err;
	int rc = parse_str(refused[_i].input, &v, &err);
	const char *text = vx_err_text(&err);

	ck_assert_msg(rc == refused[_i].code, "case %d: rc %d, expected %d (%s)", _i, rc,
	              refused[_i].code, text);
	ck_assert_msg(strstr(text, refused[_i].text) != NULL, "case %d: '%s' lacks '%s'", _i, text,
	              refused[_i].text);
	vx_vex_release(&v);
}
END_TEST

START_TEST(deep_nesting)
{
	struct vx_vex v;
	struct vx_err err;
	size_t n = 5000;
	char *doc = malloc(2 * n + 1);

	memset(doc, '[', n);
	memset(doc + n, ']', n);
	doc[0] = '{'; /* looks like JSON */
	doc[2 * n] = '\0';
	vx_err_clear(&err);
	ck_assert_int_eq(vx_vex_parse(doc, 2 * n, &v, &err), VX_ELIMIT);
	vx_vex_release(&v);
	free(doc);
}
END_TEST

Suite *vx_suite_vex(void)
{
	Suite *s = suite_create("vex");
	TCase *tc = tcase_create("corpus");
	tcase_add_test(tc, corpus_cyclonedx);
	tcase_add_test(tc, corpus_cyclonedx_values);
	tcase_add_loop_test(tc, corpus_csaf, 0, N_ELEMS(csaf_files));
	tcase_add_test(tc, corpus_csaf_values);
	tcase_add_test(tc, corpus_unsupported);
	suite_add_tcase(s, tc);
	tc = tcase_create("fields");
	tcase_add_test(tc, csv_fields);
	tcase_add_test(tc, csv_finding_ids);
	tcase_add_test(tc, cdx_fixture);
	tcase_add_loop_test(tc, cdx_justification, 0, N_ELEMS(justifications));
	tcase_add_test(tc, csaf_fixture);
	tcase_add_test(tc, bom_links);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_loop_test(tc, refuse, 0, N_ELEMS(refused));
	tcase_add_test(tc, deep_nesting);
	suite_add_tcase(s, tc);
	return s;
}
