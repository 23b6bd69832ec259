/* tests/unit/check_purl.c - Package URL parsing, building and canonical form.
 *
 * Hand cases run everywhere; the purl-spec test suites (tests/spec, tests/types and the
 * legacy test-suite-data.json) run from the shared corpus, every case, with the few that
 * cannot pass listed in the exception tables below together with the reason. An exception
 * that starts passing fails the test, so the tables cannot go stale.
 */
#include "testutil.h"
#include "match/purl.h"
#include "util/buf.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- hand cases ---------------------------------------------------------------------- */

static const struct {
	const char *in;
	const char *canonical; /* NULL: must fail */
	const char *msg;       /* failure: expected text in err.msg (whole message when it
	                        * starts with "invalid purl") */
} hand[] = {
    {"pkg:npm/%zz", NULL, "invalid purl 'pkg:npm/%zz': bad percent-encoding at offset 8"},
    {"pkg:npm/foo%2", NULL, "invalid purl 'pkg:npm/foo%2': bad percent-encoding at offset 11"},
    {"pkg:npm/a%00b", NULL, "invalid purl 'pkg:npm/a%00b': percent-encoded NUL at offset 9"},
    {"pkg:npm/%C3%28", NULL, "percent-decoded value is not valid UTF-8 at offset 8"},
    {"pkg:npm/ab\xff", NULL, "invalid UTF-8 at offset 10"},
    {"pkg:npm/foo\n", NULL, "control character at offset 11"},
    {"", NULL, "invalid purl '': empty string"},
    {"npm/foo", NULL, "missing 'pkg:' scheme"},
    {"http:npm/foo", NULL, "scheme is not 'pkg'"},
    {"pkg:npm", NULL, "missing type or name"},
    {"pkg:np m/foo", NULL, "invalid type at offset 4"},
    {"pkg:npm/foo?a=1&A=2", NULL, "duplicate qualifier key 'a'"},
    {"pkg:npm/foo?a", NULL, "qualifier without '=' at offset 12"},
    {"pkg:npm/foo?1a=b", NULL, "invalid qualifier key '1a' at offset 12"},
    {"pkg:generic/ns%2Fx/n", NULL, "namespace segment holds an encoded '/'"},
    {"pkg:generic/n#a%2Fb", NULL, "subpath segment holds an encoded '/'"},
    {"pkg:swift/Alamofire@5.4.3", NULL, "type 'swift' requires a namespace"},
    {"pkg:cpan/URI::PackageURL", NULL, "is a module, not a distribution"},
    {"pkg:julia/Dates", NULL, "requires the 'uuid' qualifier"},
    {"pkg:npm/caf\xc3\xa9", "pkg:npm/caf%C3%A9", NULL},
    {"pkg:npm/caf%C3%A9@1", "pkg:npm/caf%C3%A9@1", NULL},
    {"pkg:NPM/%40Scope/Foo@1.0?b=&a=x#./x/../y/", "pkg:npm/%40scope/foo@1.0?a=x#x/y", NULL},
    {"pkg:pypi/Foo_Bar@1", "pkg:pypi/foo-bar@1", NULL},
    {"pkg:generic/a%2Fb@1", "pkg:generic/a%2Fb@1", NULL},
    {"pkg:npm/foo@", "pkg:npm/foo", NULL},
    {"pkg:npm/foo?", "pkg:npm/foo", NULL},
    {"pkg:npm/foo?&&a=1&", "pkg:npm/foo?a=1", NULL},
    {"PKG:///Maven//org.apache//io//", "pkg:maven/org.apache/io", NULL},
    {"pkg:generic/x?download_url=https://h/p?q=1%26r=2",
     "pkg:generic/x?download_url=https:%2F%2Fh%2Fp%3Fq%3D1%26r%3D2", NULL},
    {"pkg:deb/debian/attr@1:2.4-2%2Bb1?checksum=sha1:ab,sha256:cd",
     "pkg:deb/debian/attr@1:2.4-2%2Bb1?checksum=sha1:ab%2Csha256:cd", NULL},
    {"pkg:git/github.com/a/b#x", "pkg:git/github.com/a/b#x", NULL},
    {"pkg:git/github.com/a/b/@v1", NULL, "missing name at offset 23"},
    {"pkg:maven/org.apache.commons/io/", "pkg:maven/org.apache.commons/io", NULL},
};

START_TEST(hand_cases)
{
	struct vx_err err;
	char *out = NULL;
	int rc;

	vx_err_clear(&err);
	rc = vx_purl_canonical(hand[_i].in, &out, &err);
	if (hand[_i].canonical) {
		ck_assert_msg(rc == 0, "'%s': %s", hand[_i].in, err.msg);
		ck_assert_str_eq(out, hand[_i].canonical);
	} else {
		ck_assert_msg(rc == VX_EINVAL, "'%s' parsed as '%s'", hand[_i].in, out ? out : "");
		ck_assert_ptr_null(out);
		if (!strncmp(hand[_i].msg, "invalid purl", 12))
			ck_assert_str_eq(err.msg, hand[_i].msg);
		else
			ck_assert_msg(strstr(err.msg, hand[_i].msg),
			              "'%s': got \"%s\", want \"%s\"", hand[_i].in, err.msg,
			              hand[_i].msg);
	}
	free(out);
}
END_TEST

START_TEST(components_and_release)
{
	struct vx_purl p;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(
	    vx_purl_parse("pkg:maven/org.apache/batik@1.9?Type=pom&classifier=src#a/b", &p, &err),
	    0);
	ck_assert_str_eq(p.type, "maven");
	ck_assert_str_eq(p.namespace_, "org.apache");
	ck_assert_str_eq(p.name, "batik");
	ck_assert_str_eq(p.version, "1.9");
	ck_assert_str_eq(p.subpath, "a/b");
	ck_assert_uint_eq(p.nqualifiers, 2);
	ck_assert_str_eq(p.qualifiers[0].key, "classifier");
	ck_assert_str_eq(vx_purl_qualifier(&p, "type"), "pom");
	ck_assert_ptr_null(vx_purl_qualifier(&p, "nope"));
	vx_purl_release(&p);
	ck_assert_ptr_null(p.name);
	vx_purl_release(&p); /* idempotent */

	/* failure leaves the struct empty */
	ck_assert_int_lt(vx_purl_parse("pkg:npm/a?x=%zz", &p, &err), 0);
	ck_assert_ptr_null(p.type);
	ck_assert_uint_eq(p.nqualifiers, 0);
	ck_assert_int_lt(vx_purl_parse(NULL, &p, &err), 0);
}
END_TEST

START_TEST(build_normalises)
{
	struct vx_purl_qualifier q[] = {{"B", "2"}, {"a", "x y"}, {"c", ""}};
	struct vx_purl in = {.type = "PyPI",
	                     .namespace_ = NULL,
	                     .name = "Django_Rest",
	                     .version = "1.0",
	                     .subpath = "./docs//../x/",
	                     .nqualifiers = 3,
	                     .qualifiers = q};
	struct vx_err err;
	char *out;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_purl_build(&in, &out, &err), 0);
	ck_assert_str_eq(out, "pkg:pypi/django-rest@1.0?a=x%20y&b=2#docs/x");
	ck_assert_str_eq(in.name, "Django_Rest"); /* input untouched */
	free(out);
	in.name = "";
	ck_assert_int_eq(vx_purl_build(&in, &out, &err), VX_EINVAL);
	ck_assert_str_eq(err.msg, "invalid purl: name is required");
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(size_limit_and_long_input)
{
	struct vx_err err;
	struct vx_buf b;
	char *out;
	size_t n = VX_PURL_MAX_LEN + 10;
	char *big = vx_malloc(n + 1);

	memset(big, 'a', n);
	memcpy(big, "pkg:npm/", 8);
	big[n] = '\0';
	vx_err_clear(&err);
	ck_assert_int_eq(vx_purl_canonical(big, &out, &err), VX_ELIMIT);
	free(big);

	/* thousands of qualifiers just under the limit: sorted, no quadratic work */
	vx_buf_init(&b);
	vx_buf_adds(&b, "pkg:generic/x@1?");
	for (int i = 5000; i > 0; i--)
		vx_buf_printf(&b, "k%d=%%41&", i);
	ck_assert_uint_lt(b.len, VX_PURL_MAX_LEN);
	ck_assert_int_eq(vx_purl_canonical(vx_buf_str(&b), &out, &err), 0);
	ck_assert(strncmp(out, "pkg:generic/x@1?k1=A&k10=A&k100=A&k1000=A&k1001=A", 49) == 0);
	free(out);
	vx_buf_release(&b);
}
END_TEST

/* Any input either fails cleanly or gives a canonical string that parses to itself. */
static void check_idempotent(const char *s)
{
	struct vx_err err;
	char *c1 = NULL, *c2 = NULL;

	if (vx_purl_canonical(s, &c1, &err) == 0) {
		ck_assert_msg(vx_purl_canonical(c1, &c2, &err) == 0, "'%s' -> '%s' fails: %s", s,
		              c1, err.msg);
		ck_assert_msg(!strcmp(c1, c2), "'%s' -> '%s' -> '%s'", s, c1, c2);
	} else {
		ck_assert(err.msg[0] != '\0');
	}
	free(c1);
	free(c2);
}

START_TEST(hostile_inputs)
{
	static const char *seeds[] = {
	    "pkg:npm/%40angular/core@12.0.0?vcs_url=git%2Bhttps://x/y%40z&arch=x86#a/./b/../c",
	    "pkg:git/codeberg.org/a/b@c#d",
	    "pkg:chrome-extension/dlpngalgnefjeiefhmpklpfiohadpglk@1.2.3.4",
	};
	static const char alphabet[] = "pkg:/@?#&=%.-_~+ aZ09\xc3\xa9\xff"
	                               "2F40";
	unsigned seed = 12345;
	char buf[64];

	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		size_t n = strlen(seeds[k]);
		for (size_t i = 0; i <= n; i++) {
			snprintf(buf, sizeof(buf), "%.*s", (int)i, seeds[k]);
			check_idempotent(buf);
		}
	}
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 4;
		memcpy(buf, "pkg:", 4);
		while (n < 40) {
			seed = seed * 1103515245u + 12345u;
			buf[n++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[n] = '\0';
		check_idempotent(buf);
	}
}
END_TEST

/* ---- the purl-spec test suites ----------------------------------------------------------- */

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Compare parsed components with an expected object; describe the first difference. */
static bool components_match(const struct vx_purl *p, const cJSON *exp, const char *qual_key,
                             struct vx_buf *why)
{
	static const char *keys[] = {"type", "namespace", "name", "version", "subpath"};
	const char *have[] = {p->type, p->namespace_, p->name, p->version, p->subpath};
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(exp, qual_key);
	size_t nq = 0;

	for (size_t i = 0; i < 5; i++) {
		if (!same(have[i], jstr(exp, keys[i]))) {
			vx_buf_printf(why, "%s '%s', want '%s'", keys[i],
			              have[i] ? have[i] : "(null)",
			              jstr(exp, keys[i]) ? jstr(exp, keys[i]) : "(null)");
			return false;
		}
	}
	if (cJSON_IsObject(q)) {
		const cJSON *kv;
		cJSON_ArrayForEach(kv, q)
		{
			const char *v = vx_purl_qualifier(p, kv->string);
			nq++;
			if (!cJSON_IsString(kv) || !same(v, kv->valuestring)) {
				vx_buf_printf(why, "qualifier %s '%s'", kv->string,
				              v ? v : "(null)");
				return false;
			}
		}
	}
	if (nq != p->nqualifiers) {
		vx_buf_printf(why, "%zu qualifiers, want %zu", p->nqualifiers, nq);
		return false;
	}
	return true;
}

/* One case of tests/spec or tests/types; true when it passed. */
static bool run_case(const cJSON *t, struct vx_buf *why)
{
	const char *type = jstr(t, "test_type");
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(t, "input");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(t, "expected_output");
	bool fail = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "expected_failure"));
	struct vx_err err;
	bool ok = false;

	vx_err_clear(&err);
	if (!strcmp(type, "parse") || !strcmp(type, "validate")) {
		struct vx_purl p;
		int rc = vx_purl_parse(in->valuestring, &p, &err);
		if (fail) {
			ok = rc < 0;
			if (!ok)
				vx_buf_adds(why, "parsed, want failure");
		} else if (rc < 0) {
			vx_buf_printf(why, "%s", err.msg);
		} else if (!strcmp(type, "parse")) {
			ok = components_match(&p, exp, "qualifiers", why);
		} else {
			char *c = vx_purl_to_string(&p);
			ok = !strcmp(c, exp->valuestring);
			if (!ok)
				vx_buf_printf(why, "canonical '%s', want '%s'", c,
				              exp->valuestring);
			free(c);
		}
		if (rc == 0) {
			check_idempotent(in->valuestring);
			vx_purl_release(&p);
		}
	} else if (!strcmp(type, "build")) {
		struct vx_purl p = {0};
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(in, "qualifiers"), *kv;
		char *out = NULL;
		size_t i = 0;
		int rc;

		p.type = (char *)jstr(in, "type");
		p.namespace_ = (char *)jstr(in, "namespace");
		p.name = (char *)jstr(in, "name");
		p.version = (char *)jstr(in, "version");
		p.subpath = (char *)jstr(in, "subpath");
		if (cJSON_IsObject(q)) {
			p.qualifiers =
			    vx_calloc((size_t)cJSON_GetArraySize(q) + 1, sizeof(*p.qualifiers));
			cJSON_ArrayForEach(kv, q)
			{
				p.qualifiers[i].key = kv->string;
				p.qualifiers[i++].value =
				    cJSON_IsString(kv) ? kv->valuestring : NULL;
			}
			p.nqualifiers = i;
		}
		rc = vx_purl_build(&p, &out, &err);
		if (fail) {
			ok = rc < 0;
			if (!ok)
				vx_buf_printf(why, "built '%s', want failure", out);
		} else if (rc < 0) {
			vx_buf_printf(why, "%s", err.msg);
		} else {
			ok = !strcmp(out, exp->valuestring);
			if (!ok)
				vx_buf_printf(why, "built '%s', want '%s'", out, exp->valuestring);
		}
		free(out);
		free(p.qualifiers);
	} else {
		vx_buf_printf(why, "unknown test_type '%s'", type);
	}
	return ok;
}

/* Cases of the current suite that vexil deliberately does not pass. Keyed by test_type and
 * input (for build cases: the input's name). */
static const struct {
	const char *test_type;
	const char *input;
	const char *reason;
} spec_exceptions[] = {
    {"parse", "pkg:gem/jruby-launcher@1.1.2?Platform=java",
     "the suite contradicts itself: maven's required parse case and the recommended "
     "validate cases lower-case upper-case qualifier keys (as purl-spec how-to-parse says); "
     "vexil accepts and lower-cases them"},
    {"parse", "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
     "same contradiction as the gem case: upper-case keys are lower-cased, not refused"},
    {"validate", "pkg:git/github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
     "the git type definition says namespace and name are case sensitive; only the github "
     "type lower-cases"},
};

static int spec_exception(const cJSON *t)
{
	const char *type = jstr(t, "test_type");
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(t, "input");
	const char *key = cJSON_IsString(in) ? in->valuestring : jstr(in, "name");

	for (size_t i = 0; i < sizeof(spec_exceptions) / sizeof(spec_exceptions[0]); i++)
		if (!strcmp(spec_exceptions[i].test_type, type) && key &&
		    !strcmp(spec_exceptions[i].input, key))
			return (int)i;
	return -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(purl_spec_suite)
{
	char *dir, **files = NULL;
	size_t nfiles = 0, cap = 0;
	struct vx_buf failures;
	int total = 0, passed = 0, excepted = 0;
	int by_type[3][2] = {{0}}; /* parse, build, validate: passed, total */
	DIR *d;
	struct dirent *e;

	VX_NEED_CORPUS();
	dir = vx_test_corpus_path("purl/tests/types");
	d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 10 && !strcmp(e->d_name + n - 10, "-test.json")) {
			files = vx_grow(files, sizeof(*files), nfiles + 1, &cap);
			files[nfiles++] = vx_asprintf("purl/tests/types/%s", e->d_name);
		}
	}
	closedir(d);
	free(dir);
	qsort(files, nfiles, sizeof(*files), name_cmp);
	files = vx_grow(files, sizeof(*files), nfiles + 1, &cap);
	files[nfiles++] = vx_strdup("purl/tests/spec/specification-test.json");
	ck_assert_uint_ge(nfiles, 40);

	vx_buf_init(&failures);
	for (size_t f = 0; f < nfiles; f++) {
		char *path = vx_test_corpus_path(files[f]);
		char *text = vx_test_slurp(path, NULL);
		cJSON *root = cJSON_Parse(text), *t;
		ck_assert_msg(root != NULL, "%s is not JSON", path);
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(root, "tests"))
		{
			struct vx_buf why;
			const char *type = jstr(t, "test_type");
			int k = !strcmp(type, "parse") ? 0 : !strcmp(type, "build") ? 1 : 2;
			int exc = spec_exception(t);
			bool ok;

			vx_buf_init(&why);
			ok = run_case(t, &why);
			total++;
			by_type[k][1]++;
			if (ok && exc < 0) {
				passed++;
				by_type[k][0]++;
			} else if (!ok && exc >= 0) {
				excepted++;
			} else if (ok) {
				vx_buf_printf(&failures,
				              "\n  %s: exception now passes, remove it: %s",
				              files[f], spec_exceptions[exc].input);
			} else {
				vx_buf_printf(&failures, "\n  %s: %s [%s] %s: %s", files[f], type,
				              jstr(t, "test_group"), jstr(t, "description"),
				              vx_buf_str(&why));
			}
			vx_buf_release(&why);
		}
		cJSON_Delete(root);
		free(text);
		free(path);
		free(files[f]);
	}
	free(files);
	fprintf(stderr,
	        "purl-spec suite: %d/%d cases passed (parse %d/%d, build %d/%d, validate %d/%d), "
	        "%d listed exceptions\n",
	        passed, total, by_type[0][0], by_type[0][1], by_type[1][0], by_type[1][1],
	        by_type[2][0], by_type[2][1], excepted);
	ck_assert_msg(failures.len == 0, "purl-spec failures:%s", vx_buf_str(&failures));
	ck_assert_int_eq(passed + excepted, total);
	vx_buf_release(&failures);
}
END_TEST

/* Legacy cases (test-suite-data.json, removed from purl-spec in 2025) whose expectation the
 * current specification and its per-type definitions changed. `what` says which check is
 * waived: "invalid" (legacy: must fail, now valid), "valid" (legacy: valid, now refused),
 * "canonical" (components agree, canonical spelling changed), "components" (canonical
 * agrees, legacy expected undecoded components). */
static const struct {
	const char *purl;
	const char *what;
	const char *reason;
} legacy_exceptions[] = {
    {"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E%2E/api/annotations/",
     "components", "how-to-parse drops '.' and '..' subpath segments when parsing"},
    {"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E/api/annotations/", "components",
     "how-to-parse drops '.' and '..' subpath segments when parsing"},
    {"pkg:Maven/org.apache.xmlgraphics/"
     "batik-anim@1.9.1?classifier=sources&repositorY_url=repo.spring.io/release",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values (repo.spring.io%2Frelease)"},
    {"pkg:Maven/org.apache.xmlgraphics/"
     "batik-anim@1.9.1?extension=pom&repositorY_url=repo.spring.io/release",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values"},
    {"pkg:huggingface/microsoft/"
     "deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https://"
     "hub-ci.huggingface.co",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values"},
    {"pkg:mlflow/CreditFraud@3?repository_url=https://adb-5245952564735461.0.azuredatabricks.net/"
     "api/2.0/mlflow",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values"},
    {"pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/mlflow/v1.0/"
     "subscriptions/a50f2011-fab8-4164-af23-c62881ef8c95/resourceGroups/TestResourceGroup/"
     "providers/Microsoft.MachineLearningServices/workspaces/TestWorkspace",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values"},
    {"pkg:mlflow/"
     "trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&run_id=410a3121-2709-4f88-98dd-"
     "dba0ef056b0a&repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/"
     "mlflow",
     "canonical", "ECMA-427 percent-encodes '/' in qualifier values"},
    {"pkg:conan/bincrafters/cctz@2.3", "invalid",
     "the conan definition no longer ties a namespace to the channel qualifier"},
    {"pkg:conan/cctz@2.3?channel=stable", "invalid",
     "the conan definition no longer ties the channel qualifier to a namespace"},
    {"pkg:cran/A3", "invalid", "the cran definition makes the version optional"},
    {"pkg:swift/github.com/Alamofire/Alamofire", "invalid",
     "the swift definition makes the version optional"},
    {"pkg:cpan/URI::PackageURL@2.11", "valid",
     "the cpan definition refuses module names ('::') as a purl name"},
    {"pkg:cpan/Perl-Version@1.013", "invalid",
     "the current cpan tests accept a distribution name without an author namespace"},
};

START_TEST(purl_legacy_suite)
{
	char *path, *text;
	cJSON *root, *t;
	struct vx_buf failures;
	int total = 0, passed = 0, excepted = 0;

	VX_NEED_CORPUS();
	path = vx_test_corpus_path("purl/test-suite-data.json");
	text = vx_test_slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_msg(cJSON_IsArray(root), "%s is not a JSON array", path);
	vx_buf_init(&failures);
	cJSON_ArrayForEach(t, root)
	{
		const char *purl = jstr(t, "purl");
		bool invalid = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "is_invalid"));
		const char *what = NULL;
		struct vx_purl p;
		struct vx_err err;
		struct vx_buf why;
		bool ok;
		int rc;

		for (size_t i = 0; i < sizeof(legacy_exceptions) / sizeof(legacy_exceptions[0]);
		     i++)
			if (!strcmp(legacy_exceptions[i].purl, purl))
				what = legacy_exceptions[i].what;
		vx_buf_init(&why);
		vx_err_clear(&err);
		rc = vx_purl_parse(purl, &p, &err);
		total++;
		if (invalid) {
			ok = rc < 0;
			if (!ok)
				vx_buf_adds(&why, "parsed, want failure");
		} else if (rc < 0) {
			ok = false;
			vx_buf_adds(&why, err.msg);
		} else {
			char *c = vx_purl_to_string(&p);
			bool comp = components_match(&p, t, "qualifiers", &why);
			bool canon = same(c, jstr(t, "canonical_purl"));
			if (!canon)
				vx_buf_printf(&why, " canonical '%s', want '%s'", c,
				              jstr(t, "canonical_purl"));
			if (what && !strcmp(what, "canonical"))
				ok = comp && !canon;
			else if (what && !strcmp(what, "components"))
				ok = !comp && canon;
			else
				ok = comp && canon;
			free(c);
		}
		if (rc == 0)
			vx_purl_release(&p);
		if (what && (!strcmp(what, "invalid") || !strcmp(what, "valid")))
			ok = !ok; /* the legacy expectation must fail for the stated reason */
		if (ok && what)
			excepted++;
		else if (ok)
			passed++;
		else
			vx_buf_printf(&failures, "\n  %s%s: %s", what ? "(listed exception) " : "",
			              purl, vx_buf_str(&why));
		vx_buf_release(&why);
	}
	fprintf(stderr, "purl legacy suite: %d/%d cases passed, %d listed exceptions\n", passed,
	        total, excepted);
	ck_assert_msg(failures.len == 0, "legacy failures:%s", vx_buf_str(&failures));
	ck_assert_int_eq(total, 59);
	vx_buf_release(&failures);
	cJSON_Delete(root);
	free(text);
	free(path);
}
END_TEST

Suite *vx_suite_purl(void)
{
	Suite *s = suite_create("purl");
	TCase *tc = tcase_create("parse");
	tcase_add_loop_test(tc, hand_cases, 0, sizeof(hand) / sizeof(hand[0]));
	tcase_add_test(tc, components_and_release);
	tcase_add_test(tc, build_normalises);
	tcase_add_test(tc, size_limit_and_long_input);
	tcase_add_test(tc, hostile_inputs);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, purl_spec_suite);
	tcase_add_test(tc, purl_legacy_suite);
	suite_add_tcase(s, tc);
	return s;
}
