/* tests/unit/check_version.c - version order, NVD bounds, OSV ranges and VERS.
 *
 * Table-driven: ordered chains per scheme (every pair checked both ways), equalities, the
 * NVD bounds and OSV events of the CVEs the matcher must get right (Heartbleed, Log4Shell,
 * zlib, BusyBox, Spring4Shell, jackson-databind), VERS parsing, canonical form, containment
 * and refusals, and hostile strings. When the shared corpus is present the same CVEs are
 * also checked straight from the NVD and GitHub advisory records.
 */
#include "testutil.h"
#include "match/version.h"
#include "util/buf.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *scheme_name(enum vx_version_scheme s)
{
	return vx_version_scheme_name(s);
}

/* ---- ordered chains: each entry sorts strictly before the next ---------------------------- */

static const struct {
	enum vx_version_scheme s;
	const char *v[24]; /* NULL-terminated */
} chains[] = {
    /* GENERIC: OpenSSL letter releases (G6) */
    {VX_VER_GENERIC,
     {"0.9.8", "0.9.8y", "0.9.8za", "1.0.0", "1.0.1", "1.0.1a", "1.0.1f", "1.0.1g", "1.0.2",
      "1.0.2a", "1.0.2k", "1.0.2z", "1.0.2za", "1.0.2zl", "1.1.0", "1.1.1", "1.1.1w", "3.0.0",
      NULL}},
    /* GENERIC: pre-release tags before the release, letters after it (G6, G7, G9) */
    {VX_VER_GENERIC,
     {"2.0-SNAPSHOT", "2.0-dev3", "2.0-alpha1", "2.0-beta9", "2.0-beta10", "2.0-M2", "2.0-rc1",
      "2.0-rc2", "2.0", "2.0a", "2.0-sp1", "2.0.1", "2.1", NULL}},
    {VX_VER_GENERIC,
     {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
      "1.0.0", NULL}},
    {VX_VER_GENERIC, {"4.19.94", "4.19.94-rt1", "4.19.94-rt10", "4.19.95", "4.20", NULL}},
    {VX_VER_GENERIC, {"10.4.2", "10.4.3", "10.4.3LTS", "10.4.4", NULL}},
    {VX_VER_GENERIC, {"7.4", "7.4p1", "7.4p2", "7.5", "7.5p1", "8.0", NULL}},
    {VX_VER_GENERIC, {"5.0", "5.0a", "5.0.1", NULL}},
    {VX_VER_GENERIC, {"2019.1", "2019.1-sp1912", "2019.4", "2020.1", "2021-12-13", NULL}},
    {VX_VER_GENERIC,
     {"1.2.2", "1.2.2.1", "1.2.2.2", "1.2.3", "1.2.11", "1.2.12", "1.2.12.1", "1.2.13", NULL}},
    {VX_VER_GENERIC, {"1.26.2", "1.27.0", "1.30.1", "1.33.1", "1.33.2", "1.34.0", NULL}},
    {VX_VER_GENERIC,
     {"1.9", "1.10", "1.9999999999999999999", "1.99999999999999999999", "1.100000000000000000000",
      "99999999999999999999998", "99999999999999999999999", NULL}},
    {VX_VER_GENERIC, {"9.9", "1:0.1", "1:0.2", "2:0", NULL}},
    {VX_VER_GENERIC, {"11.5(1)", "11.5(1)su3", "11.5(2)", "12.5(1)", NULL}},

    /* SEMVER: the semver.org precedence example (S3) and ecosystem versions */
    {VX_VER_SEMVER,
     {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
      "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", NULL}},
    {VX_VER_SEMVER,
     {"4.17.20", "4.17.21", "4.19.1", "4.19.2", "5.0.0-alpha.1", "5.0.0-beta.1", "5.0.0-beta.3",
      "5.0.0", NULL}},
    {VX_VER_SEMVER, {"v0.0.0-20210101000000-abcdef012345", "v0.16.0", "v0.17.0", "0.17.1", NULL}},
    {VX_VER_SEMVER, {"1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-A", "1.0.0-a", "1.0.0", NULL}},
    {VX_VER_SEMVER,
     {"1.2.3", "1.2.3.4", "1.2.4", "18446744073709551616.0.0", "18446744073709551617.0.0", NULL}},

    /* DEB: dpkg order (D1, D2) */
    {VX_VER_DEB,
     {"1.0~~", "1.0~rc1", "1.0", "1.0-1", "1.0-1ubuntu1", "1.0-2", "1.0a", "1.0+dfsg", "1.0.0",
      "1.1", "1:0.1", NULL}},
    {VX_VER_DEB,
     {"1:1.2.11.dfsg-2+deb11u1", "1:1.2.11.dfsg-2+deb11u2", "1:1.2.13.dfsg-1", "2:1.0", NULL}},
    {VX_VER_DEB, {"3.0.11-1~deb12u1", "3.0.11-1~deb12u2", "3.0.11-1", "3.0.13-1", NULL}},

    /* PYPI: PEP 440 (P2) */
    {VX_VER_PYPI,
     {"1.0.dev0", "1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0+abc",
      "1.0+abc.1", "1.0+1", "1.0.post1.dev1", "1.0.post1", "1.0.1", "1.1.dev1", "1!0.1", NULL}},
    {VX_VER_PYPI, {"2.0b1", "2.0rc1", "2.0", "2.0.post2", "2.1", "10.0", NULL}},

    /* MAVEN: ComparableVersion (M1-M4), log4j, qualifiers, vers-spec examples */
    {VX_VER_MAVEN,
     {"2.0-alpha1", "2.0-beta9", "2.0-rc1", "2.0-rc2", "2.0", "2.0.1", "2.3", "2.3.1", "2.4",
      "2.12.1", "2.12.2", "2.13.0", "2.14.1", "2.15.0", "2.16.0", "2.17.1", NULL}},
    {VX_VER_MAVEN,
     {"1-alpha1", "1-beta1", "1-milestone1", "1-rc1", "1-SNAPSHOT", "1", "1-sp1", "1-xyz", NULL}},
    {VX_VER_MAVEN,
     {"1.0-alpha-1-SNAPSHOT", "1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-SNAPSHOT", "1.0",
      "1.0-1", "1.0-2", "1.1", NULL}},
    {VX_VER_MAVEN, {"2.0-1", "2.0.1", "2.0.1-klm", "2.0.1-lmn", "2.0.1-xyz", "2.0.1-123", NULL}},
    {VX_VER_MAVEN,
     {"2.12.6", "2.12.6.1", "2.13.0", "2.13.2", "2.13.2.1", "2.13.2.2", "2.13.3", NULL}},
    {VX_VER_MAVEN, {"5.2.19.RELEASE", "5.2.20.RELEASE", "5.3.0", "5.3.17", "5.3.18", NULL}},
    {VX_VER_MAVEN, {"1.5", "1.9", "1.10.0", "1.33", "2.0", NULL}},
    {VX_VER_MAVEN, {"1.0.0", "1-1", "1.1", NULL}},
};

START_TEST(ordered_chains)
{
	enum vx_version_scheme s = chains[_i].s;
	const char *const *v = chains[_i].v;

	for (int i = 0; v[i]; i++) {
		ck_assert_msg(vx_version_cmp(v[i], v[i], s) == 0, "%s: '%s' != itself",
		              scheme_name(s), v[i]);
		for (int j = i + 1; v[j]; j++) {
			int lt = vx_version_cmp(v[i], v[j], s), gt = vx_version_cmp(v[j], v[i], s);
			ck_assert_msg(lt == -1, "%s: '%s' vs '%s' = %d, want -1", scheme_name(s),
			              v[i], v[j], lt);
			ck_assert_msg(gt == 1, "%s: '%s' vs '%s' = %d, want 1", scheme_name(s),
			              v[j], v[i], gt);
		}
	}
}
END_TEST

/* ---- equal versions ------------------------------------------------------------------------ */

static const struct {
	enum vx_version_scheme s;
	const char *a, *b;
} equal_cases[] = {
    {VX_VER_GENERIC, "1.0", "1.0.0"},
    {VX_VER_GENERIC, "1", "1.0.0.0"},
    {VX_VER_GENERIC, "1.01", "1.1"},
    {VX_VER_GENERIC, "v1.2", "1.2"},
    {VX_VER_GENERIC, "0:1.2", "1.2"},
    {VX_VER_GENERIC, "1.0.2K", "1.0.2k"},
    {VX_VER_GENERIC, "2.0beta9", "2.0-beta9"},
    {VX_VER_GENERIC, "2.0-BETA-9", "2.0.beta.9"},
    {VX_VER_GENERIC, "5.2.20.RELEASE", "5.2.20"},
    {VX_VER_GENERIC, "2.0-final", "2.0"},
    {VX_VER_GENERIC, "2.0.GA", "2.0"},
    {VX_VER_GENERIC, "1.0.0-rc1", "1-rc1"},
    {VX_VER_GENERIC, "1.0-pre1", "1.0-rc1"},
    {VX_VER_GENERIC, "1.0-cr1", "1.0-rc1"},
    {VX_VER_GENERIC, "3.11.0a1", "3.11.0-alpha1"},
    {VX_VER_GENERIC, "1.0-M3", "1.0-milestone3"},
    {VX_VER_GENERIC, "4.19.94-rt1", "4.19.94.rt1"},
    {VX_VER_GENERIC, "11.5(1)", "11.5.1"},
    {VX_VER_GENERIC, "1.0_1", "1.0+1"},
    {VX_VER_GENERIC, "", "0"},
    {VX_VER_GENERIC, NULL, ""},
    {VX_VER_GENERIC, "000000000000000000000000001", "1"},
    {VX_VER_SEMVER, "v0.17.0", "0.17.0"},
    {VX_VER_SEMVER, "1.0.0+20130313144700", "1.0.0"},
    {VX_VER_SEMVER, "1.0.0-rc.1+build.5", "1.0.0-rc.1"},
    {VX_VER_SEMVER, "1.2", "1.2.0"},
    {VX_VER_SEMVER, "1.0.0-rc.01", "1.0.0-rc.1"},
    {VX_VER_DEB, "1.0", "1.0-0"},
    {VX_VER_DEB, "0:1.0", "1.0"},
    {VX_VER_DEB, "1.00", "1.0"},
    {VX_VER_DEB, "1:1.2.11.dfsg-2", "1:1.2.11.dfsg-2"},
    {VX_VER_PYPI, "1.0RC1", "1.0rc1"},
    {VX_VER_PYPI, "1.0-rc.1", "1.0rc1"},
    {VX_VER_PYPI, "1.0alpha1", "1.0a1"},
    {VX_VER_PYPI, "1.0-beta_2", "1.0b2"},
    {VX_VER_PYPI, "1.0c1", "1.0rc1"},
    {VX_VER_PYPI, "1.0pre1", "1.0rc1"},
    {VX_VER_PYPI, "1.0preview1", "1.0rc1"},
    {VX_VER_PYPI, "1.0-1", "1.0.post1"},
    {VX_VER_PYPI, "1.0rev1", "1.0.post1"},
    {VX_VER_PYPI, "1.0-r1", "1.0.post1"},
    {VX_VER_PYPI, "1.0.post", "1.0.post0"},
    {VX_VER_PYPI, "1.0a", "1.0a0"},
    {VX_VER_PYPI, "1.0-dev", "1.0.dev0"},
    {VX_VER_PYPI, "1.0.0", "1.0"},
    {VX_VER_PYPI, "v1.0", "1.0"},
    {VX_VER_PYPI, "0!1.0", "1.0"},
    {VX_VER_PYPI, " 1.0\n", "1.0"},
    {VX_VER_PYPI, "1.0+Ubuntu-1", "1.0+ubuntu.1"},
    {VX_VER_MAVEN, "1-rc1", "1-cr1"},
    {VX_VER_MAVEN, "1.0", "1-ga"},
    {VX_VER_MAVEN, "1-final", "1"},
    {VX_VER_MAVEN, "5.2.20.RELEASE", "5.2.20"},
    {VX_VER_MAVEN, "1.0.0", "1"},
    {VX_VER_MAVEN, "1-a1", "1-alpha-1"},
    {VX_VER_MAVEN, "1.0-ALPHA1", "1.0-alpha1"},
    {VX_VER_MAVEN, "2.4", "2.4.0"},
    {VX_VER_MAVEN, "1.0-b2", "1.0-beta-2"},
};

START_TEST(equal_versions)
{
	enum vx_version_scheme s = equal_cases[_i].s;
	const char *a = equal_cases[_i].a, *b = equal_cases[_i].b;
	ck_assert_msg(vx_version_cmp(a, b, s) == 0, "%s: '%s' vs '%s' = %d, want 0", scheme_name(s),
	              a ? a : "(null)", b, vx_version_cmp(a, b, s));
	ck_assert_int_eq(vx_version_cmp(b, a, s), 0);
}
END_TEST

/* Pairs whose order depends on the scheme: what each scheme says about the same strings. */
static const struct {
	const char *a, *b;
	int generic, semver, deb, pypi, maven;
} cross_cases[] = {
    {"1.0", "1.0.0", 0, 0, -1, 0, 0},
    {"2.0-beta9", "2.0", -1, -1, 1, -1, -1},
    {"1.0~rc1", "1.0", -1, -1, -1, -1, 1}, /* Maven: "~rc" is an unknown word */
    {"1.0.2k", "1.0.2", 1, 1, 1, 1, 1},
    {"1.0-1", "1.0", 1, -1, 1, 1, 1},
    {"1.0.0-Alpha", "1.0.0-alpha", 0, -1, -1, 0, 0},
};

START_TEST(scheme_differences)
{
	const int want[] = {cross_cases[_i].generic, cross_cases[_i].semver, cross_cases[_i].deb,
	                    cross_cases[_i].pypi, cross_cases[_i].maven};
	const enum vx_version_scheme s[] = {VX_VER_GENERIC, VX_VER_SEMVER, VX_VER_DEB, VX_VER_PYPI,
	                                    VX_VER_MAVEN};
	for (size_t k = 0; k < N(s); k++) {
		int r = vx_version_cmp(cross_cases[_i].a, cross_cases[_i].b, s[k]);
		ck_assert_msg(r == want[k], "%s: '%s' vs '%s' = %d, want %d", scheme_name(s[k]),
		              cross_cases[_i].a, cross_cases[_i].b, r, want[k]);
	}
}
END_TEST

/* ---- ecosystems ---------------------------------------------------------------------------- */

static const struct {
	const char *name;
	enum vx_version_scheme want;
} eco_cases[] = {
    {"npm", VX_VER_SEMVER},
    {"Go", VX_VER_SEMVER},
    {"golang", VX_VER_SEMVER},
    {"crates.io", VX_VER_SEMVER},
    {"cargo", VX_VER_SEMVER},
    {"NuGet", VX_VER_SEMVER},
    {"nuget", VX_VER_SEMVER},
    {"semver", VX_VER_SEMVER},
    {"PyPI", VX_VER_PYPI},
    {"pypi", VX_VER_PYPI},
    {"Maven", VX_VER_MAVEN},
    {"maven", VX_VER_MAVEN},
    {"Maven:https://maven.google.com", VX_VER_MAVEN},
    {"Debian", VX_VER_DEB},
    {"Debian:12", VX_VER_DEB},
    {"Ubuntu:22.04:LTS", VX_VER_DEB},
    {"deb", VX_VER_DEB},
    {"Alpine:v3.16", VX_VER_GENERIC},
    {"RubyGems", VX_VER_GENERIC},
    {"generic", VX_VER_GENERIC},
    {"", VX_VER_GENERIC},
    {NULL, VX_VER_GENERIC},
    {"npmx", VX_VER_GENERIC},
};

START_TEST(ecosystem_schemes)
{
	ck_assert_msg(vx_version_scheme_for_ecosystem(eco_cases[_i].name) == eco_cases[_i].want,
	              "'%s' -> %s", eco_cases[_i].name ? eco_cases[_i].name : "(null)",
	              scheme_name(vx_version_scheme_for_ecosystem(eco_cases[_i].name)));
}
END_TEST

START_TEST(osv_range_schemes)
{
	ck_assert_int_eq(vx_version_scheme_for_osv_range("SEMVER", "Maven"), VX_VER_SEMVER);
	ck_assert_int_eq(vx_version_scheme_for_osv_range("ECOSYSTEM", "Maven"), VX_VER_MAVEN);
	ck_assert_int_eq(vx_version_scheme_for_osv_range("ECOSYSTEM", "PyPI"), VX_VER_PYPI);
	ck_assert_int_eq(vx_version_scheme_for_osv_range(NULL, "Debian:11"), VX_VER_DEB);
	ck_assert_str_eq(vx_version_scheme_name(VX_VER_MAVEN), "maven");
	ck_assert_str_eq(vx_version_scheme_name((enum vx_version_scheme)99), "?");
}
END_TEST

/* ---- NVD bounds ---------------------------------------------------------------------------- */

static const struct {
	const char *cve, *v, *si, *se, *ei, *ee;
	bool want;
} nvd_cases[] = {
    /* CVE-2014-0160 Heartbleed: NVD says [1.0.1, 1.0.1g); the advisory's "1.0.1 through 1.0.1f" */
    {"CVE-2014-0160", "1.0.1f", "1.0.1", NULL, NULL, "1.0.1g", true},
    {"CVE-2014-0160", "1.0.1", "1.0.1", NULL, NULL, "1.0.1g", true},
    {"CVE-2014-0160", "1.0.1a", "1.0.1", NULL, NULL, "1.0.1g", true},
    {"CVE-2014-0160", "1.0.1g", "1.0.1", NULL, NULL, "1.0.1g", false},
    {"CVE-2014-0160", "1.0.0", "1.0.1", NULL, NULL, "1.0.1g", false},
    {"CVE-2014-0160", "1.0.0t", "1.0.1", NULL, NULL, "1.0.1g", false},
    {"CVE-2014-0160", "1.0.2", "1.0.1", NULL, NULL, "1.0.1g", false},
    {"CVE-2014-0160", "1.0.1f", "1.0.1", NULL, "1.0.1f", NULL, true},
    {"CVE-2014-0160", "1.0.1g", "1.0.1", NULL, "1.0.1f", NULL, false},
    /* CVE-2021-44228 Log4Shell: [2.0.1, 2.3.1) [2.4.0, 2.12.2) [2.13.0, 2.15.0); 2.0-beta9,
     * 2.0-rc1/rc2 and 2.0 are listed as separate CPEs, so they are outside every bound */
    {"CVE-2021-44228", "2.14.1", "2.13.0", NULL, NULL, "2.15.0", true},
    {"CVE-2021-44228", "2.13.0", "2.13.0", NULL, NULL, "2.15.0", true},
    {"CVE-2021-44228", "2.15.0", "2.13.0", NULL, NULL, "2.15.0", false},
    {"CVE-2021-44228", "2.17.1", "2.13.0", NULL, NULL, "2.15.0", false},
    {"CVE-2021-44228", "2.12.1", "2.4.0", NULL, NULL, "2.12.2", true},
    {"CVE-2021-44228", "2.4", "2.4.0", NULL, NULL, "2.12.2", true},
    {"CVE-2021-44228", "2.12.2", "2.4.0", NULL, NULL, "2.12.2", false},
    {"CVE-2021-44228", "2.3", "2.0.1", NULL, NULL, "2.3.1", true},
    {"CVE-2021-44228", "2.0.1", "2.0.1", NULL, NULL, "2.3.1", true},
    {"CVE-2021-44228", "2.3.1", "2.0.1", NULL, NULL, "2.3.1", false},
    {"CVE-2021-44228", "2.0-beta9", "2.0.1", NULL, NULL, "2.3.1", false},
    {"CVE-2021-44228", "2.0-rc2", "2.0.1", NULL, NULL, "2.3.1", false},
    {"CVE-2021-44228", "2.0", "2.0.1", NULL, NULL, "2.3.1", false},
    {"CVE-2021-44228", "1.2.17", "2.0.1", NULL, NULL, "2.3.1", false},
    /* CVE-2018-25032 zlib: [1.2.2.2, 1.2.12) */
    {"CVE-2018-25032", "1.2.11", "1.2.2.2", NULL, NULL, "1.2.12", true},
    {"CVE-2018-25032", "1.2.2.2", "1.2.2.2", NULL, NULL, "1.2.12", true},
    {"CVE-2018-25032", "1.2.3", "1.2.2.2", NULL, NULL, "1.2.12", true},
    {"CVE-2018-25032", "1.2.12", "1.2.2.2", NULL, NULL, "1.2.12", false},
    {"CVE-2018-25032", "1.2.2.1", "1.2.2.2", NULL, NULL, "1.2.12", false},
    {"CVE-2018-25032", "1.2.2", "1.2.2.2", NULL, NULL, "1.2.12", false},
    /* CVE-2022-37434 zlib: up to and including 1.2.12 */
    {"CVE-2022-37434", "1.2.12", NULL, NULL, "1.2.12", NULL, true},
    {"CVE-2022-37434", "1.2.11", NULL, NULL, "1.2.12", NULL, true},
    {"CVE-2022-37434", "1.2.12.1", NULL, NULL, "1.2.12", NULL, false},
    {"CVE-2022-37434", "1.2.13", NULL, NULL, "1.2.12", NULL, false},
    {"CVE-2022-37434", "1.3", NULL, NULL, "1.2.12", NULL, false},
    /* CVE-2021-42374 BusyBox: [1.27.0, 1.33.1] */
    {"CVE-2021-42374", "1.33.1", "1.27.0", NULL, "1.33.1", NULL, true},
    {"CVE-2021-42374", "1.27.0", "1.27.0", NULL, "1.33.1", NULL, true},
    {"CVE-2021-42374", "1.30.1", "1.27.0", NULL, "1.33.1", NULL, true},
    {"CVE-2021-42374", "1.33.2", "1.27.0", NULL, "1.33.1", NULL, false},
    {"CVE-2021-42374", "1.34.0", "1.27.0", NULL, "1.33.1", NULL, false},
    {"CVE-2021-42374", "1.26.2", "1.27.0", NULL, "1.33.1", NULL, false},
    /* exclusive start, absent bounds, empty versions */
    {"start-excl", "1.0", NULL, "1.0", NULL, NULL, false},
    {"start-excl", "1.0.1", NULL, "1.0", NULL, NULL, true},
    {"start-excl", "1.0.0", NULL, "1.0", NULL, NULL, false},
    {"no bounds", "anything", NULL, NULL, NULL, NULL, true},
    {"no bounds", NULL, NULL, NULL, NULL, NULL, true},
    {"empty bounds", "1.0", "", "", "", "", true},
    {"no version", NULL, "1.0", NULL, NULL, NULL, false},
    {"no version", "", NULL, NULL, NULL, "2.0", false},
};

START_TEST(nvd_bounds)
{
	bool got = vx_version_in_nvd_bounds(nvd_cases[_i].v, nvd_cases[_i].si, nvd_cases[_i].se,
	                                    nvd_cases[_i].ei, nvd_cases[_i].ee, VX_VER_GENERIC);
	ck_assert_msg(got == nvd_cases[_i].want, "%s: '%s' in [%s, %s, %s, %s]: %d, want %d",
	              nvd_cases[_i].cve, nvd_cases[_i].v ? nvd_cases[_i].v : "(null)",
	              nvd_cases[_i].si ? nvd_cases[_i].si : "-",
	              nvd_cases[_i].se ? nvd_cases[_i].se : "-",
	              nvd_cases[_i].ei ? nvd_cases[_i].ei : "-",
	              nvd_cases[_i].ee ? nvd_cases[_i].ee : "-", got, nvd_cases[_i].want);
}
END_TEST

/* ---- OSV ranges ---------------------------------------------------------------------------- */

/* Events written as "i:0 f:2.3.1 l:1.0 L:2.0" (introduced, fixed, last_affected, limit). */
static const struct {
	const char *what;
	enum vx_version_scheme s;
	const char *events;
	const char *v;
	bool want;
} osv_cases[] = {
    /* GHSA-jfh8-c2jp-5v3q log4j-core, its three ranges merged and out of order */
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.14.1", true},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.17.1", false},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.0-beta9", true},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.15.0", false},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.15.0-rc1", true},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.3.1", false},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.3.2", false},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.4.0", true},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.12.1", true},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.12.2", false},
    {"log4j", VX_VER_MAVEN, "i:2.13.0 f:2.15.0 i:0 f:2.3.1 i:2.4 f:2.12.2", "2.12.4", false},
    /* GHSA-57j2-w4cx-62h2 jackson-databind */
    {"jackson", VX_VER_MAVEN, "i:2.13.0 f:2.13.2.1", "2.13.2", true},
    {"jackson", VX_VER_MAVEN, "i:2.13.0 f:2.13.2.1", "2.13.2.1", false},
    {"jackson", VX_VER_MAVEN, "i:2.13.0 f:2.13.2.1", "2.13.2.2", false},
    {"jackson", VX_VER_MAVEN, "i:0 f:2.12.6.1", "2.12.6", true},
    {"jackson", VX_VER_MAVEN, "i:0 f:2.12.6.1", "2.12.6.1", false},
    /* GHSA-36p3-wjmg-h94x Spring4Shell */
    {"spring", VX_VER_MAVEN, "i:0 f:5.2.20.RELEASE", "5.2.19.RELEASE", true},
    {"spring", VX_VER_MAVEN, "i:0 f:5.2.20.RELEASE", "5.2.20", false},
    {"spring", VX_VER_MAVEN, "i:5.3.0 f:5.3.18", "5.3.17", true},
    {"spring", VX_VER_MAVEN, "i:5.3.0 f:5.3.18", "5.3.18", false},
    /* GHSA-rv95-896h-c2vc express, SEMVER pre-releases */
    {"express", VX_VER_SEMVER, "i:5.0.0-alpha.1 f:5.0.0-beta.3", "5.0.0-beta.1", true},
    {"express", VX_VER_SEMVER, "i:5.0.0-alpha.1 f:5.0.0-beta.3", "5.0.0-beta.3", false},
    {"express", VX_VER_SEMVER, "i:5.0.0-alpha.1 f:5.0.0-beta.3", "5.0.0", false},
    {"express", VX_VER_SEMVER, "i:5.0.0-alpha.1 f:5.0.0-beta.3", "4.19.2", false},
    /* the schema's multiple-range example */
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "0.9.0", false},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "1.0.0", true},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "1.0.1", true},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "1.0.2", false},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "2.0.0", false},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "3.2.4", true},
    {"multi", VX_VER_SEMVER, "i:1.0.0 f:1.0.2 i:3.0.0 f:3.2.5", "3.2.5", false},
    {"unsorted", VX_VER_SEMVER, "f:3.2.5 i:3.0.0 f:1.0.2 i:1.0.0", "3.1.0", true},
    {"unsorted", VX_VER_SEMVER, "f:3.2.5 i:3.0.0 f:1.0.2 i:1.0.0", "2.0.0", false},
    {"unsorted", VX_VER_SEMVER, "f:1.0.2 i:1.0.0", "1.0.1", true},
    /* last_affected: the schema's example */
    {"last_affected", VX_VER_GENERIC, "i:0 l:2.1.214", "2.1.214", true},
    {"last_affected", VX_VER_GENERIC, "i:0 l:2.1.214", "2.1.213", true},
    {"last_affected", VX_VER_GENERIC, "i:0 l:2.1.214", "2.1.215", false},
    {"last_affected", VX_VER_GENERIC, "i:0 l:1.0 i:2.0", "1.5", false},
    {"last_affected", VX_VER_GENERIC, "i:0 l:1.0 i:2.0", "2.0", true},
    {"last_affected", VX_VER_GENERIC, "i:1.0 l:1.0", "1.0", true},
    {"last_affected", VX_VER_GENERIC, "i:1.0 l:1.0", "1.0.1", false},
    /* limit */
    {"limit", VX_VER_GENERIC, "i:1.0 L:2.0", "1.5", true},
    {"limit", VX_VER_GENERIC, "i:1.0 L:2.0", "2.0", false},
    {"limit", VX_VER_GENERIC, "i:1.0 L:2.0", "2.5", false},
    {"limit", VX_VER_GENERIC, "i:1.0 L:2.0", "0.9", false},
    {"limit", VX_VER_GENERIC, "i:1.0 f:3.0 L:2.0", "2.5", false},
    {"limit", VX_VER_GENERIC, "i:1.0 L:2.0 L:4.0", "3.0", true},
    {"limit", VX_VER_GENERIC, "i:1.0 L:*", "99", true},
    /* edges */
    {"from start", VX_VER_GENERIC, "i:0", "0.0.1", true},
    {"from start", VX_VER_MAVEN, "i:0", "0-alpha", true},
    {"from start", VX_VER_GENERIC, "i:0", "", true},
    {"empty range", VX_VER_GENERIC, "i:1.0 f:1.0", "1.0", false},
    {"empty range", VX_VER_GENERIC, "f:1.0 i:1.0.0", "1.0", false},
    {"no introduced", VX_VER_GENERIC, "f:1.0", "0.5", false},
    {"no events", VX_VER_GENERIC, "", "1.0", false},
    {"pypi", VX_VER_PYPI, "i:0 f:2.0rc1", "2.0b1", true},
    {"pypi", VX_VER_PYPI, "i:0 f:2.0rc1", "2.0RC1", false},
    {"deb epoch", VX_VER_DEB, "i:0 f:1:1.2.11.dfsg-2+deb11u2", "1:1.2.11.dfsg-2+deb11u1", true},
    {"deb epoch", VX_VER_DEB, "i:0 f:1:1.2.11.dfsg-2+deb11u2", "1:1.2.13.dfsg-1", false},
    {"deb epoch", VX_VER_DEB, "i:0 f:1:1.2.11.dfsg-2+deb11u2", "1.2.13", true},
};

/* Split "i:0 f:1.0" into events pointing into buf (which the caller frees). */
static size_t parse_events(const char *text, char **buf, struct vx_osv_event *ev, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	*buf = vx_strdup(text);
	for (char *t = strtok_r(*buf, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save)) {
		ck_assert_msg(t[0] && t[1] == ':', "bad event '%s'", t);
		ev[n].kind = t[0] == 'i'   ? VX_OSV_INTRODUCED
		             : t[0] == 'f' ? VX_OSV_FIXED
		             : t[0] == 'l' ? VX_OSV_LAST_AFFECTED
		                           : VX_OSV_LIMIT;
		ev[n].version = t + 2;
		n++;
	}
	return n;
}

START_TEST(osv_ranges)
{
	struct vx_osv_event ev[16];
	char *buf;
	size_t n = parse_events(osv_cases[_i].events, &buf, ev, N(ev));
	bool got = vx_version_in_osv_range(osv_cases[_i].v, ev, n, osv_cases[_i].s);

	ck_assert_msg(got == osv_cases[_i].want, "%s (%s): '%s' in {%s}: %d, want %d",
	              osv_cases[_i].what, scheme_name(osv_cases[_i].s), osv_cases[_i].v,
	              osv_cases[_i].events, got, osv_cases[_i].want);
	/* the answer must not depend on the order of the events */
	for (size_t k = 0; k + 1 < n; k++) {
		struct vx_osv_event t = ev[0];
		memmove(ev, ev + 1, (n - 1) * sizeof(ev[0]));
		ev[n - 1] = t;
		ck_assert_int_eq(vx_version_in_osv_range(osv_cases[_i].v, ev, n, osv_cases[_i].s),
		                 osv_cases[_i].want);
	}
	free(buf);
}
END_TEST

START_TEST(osv_odd_events)
{
	struct vx_osv_event ev[3] = {{VX_OSV_INTRODUCED, NULL},
	                             {VX_OSV_INTRODUCED, "1.0"},
	                             {(enum vx_osv_event_kind)42, "0.5"}};
	struct vx_osv_event zero = {VX_OSV_INTRODUCED, "0"};
	ck_assert(vx_version_in_osv_range("1.5", ev, 3, VX_VER_GENERIC));
	ck_assert(!vx_version_in_osv_range("0.7", ev, 3, VX_VER_GENERIC));
	ck_assert(!vx_version_in_osv_range("1.5", NULL, 0, VX_VER_GENERIC));
	ck_assert(vx_version_in_osv_range(NULL, &zero, 1, VX_VER_GENERIC));
}
END_TEST

/* ---- VERS ---------------------------------------------------------------------------------- */

static const struct {
	const char *in, *canonical;
	const char *inside;  /* space-separated versions the range contains */
	const char *outside; /* and versions it does not */
} vers_ok[] = {
    {"vers:npm/1.2.3|>=2.0.0|<5.0.0", "vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.3 2.0.0 4.9.9",
     "1.2.2 1.5.0 5.0.0 6.0.0"},
    {"vers:npm/<5.0.0|>=2.0.0|1.2.3", "vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.3 3.0.0", "5.0.0"},
    {"VERS:NPM/=1.0.0", "vers:npm/1.0.0", "1.0.0 v1.0.0", "1.0.1 0.9.0"},
    {"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.0 2.2.5",
     "2.2.1 2.3.0 2.1.9"},
    {"vers:deb/*", "vers:deb/*", "1.0 0 1:2.3-4", ""},
    {"vers:npm/>1.0.0", "vers:npm/>1.0.0", "1.0.1 2.0.0", "1.0.0 0.9.0 1.0.0-rc.1"},
    {"vers:npm/<=1.0.0", "vers:npm/<=1.0.0", "1.0.0 0.9.0 1.0.0-rc.1", "1.0.1"},
    {"vers:npm/<1.0.0|>2.0.0", "vers:npm/<1.0.0|>2.0.0", "0.5.0 2.0.1", "1.0.0 1.5.0 2.0.0"},
    {"vers:npm/1.0.0|2.0.0", "vers:npm/1.0.0|2.0.0", "1.0.0 2.0.0", "1.5.0 3.0.0"},
    {"vers:npm/!=1.0.0", "vers:npm/!=1.0.0", "0.9.0 2.0.0", "1.0.0"},
    {"vers:npm/!=1.5.0|>=1.0.0|<2.0.0", "vers:npm/>=1.0.0|!=1.5.0|<2.0.0", "1.0.0 1.6.0",
     "1.5.0 2.0.0 0.1.0"},
    {"vers:npm/<1.0.0|1.5.0|>=2.0.0", "vers:npm/<1.0.0|1.5.0|>=2.0.0", "0.1.0 1.5.0 2.0.0 9.0.0",
     "1.0.0 1.4.0 1.9.0"},
    {"vers:semver/>=1.0.0-beta.1|<1.0.0", "vers:semver/>=1.0.0-beta.1|<1.0.0",
     "1.0.0-beta.1 1.0.0-rc.1", "1.0.0 1.0.0-alpha"},
    {"vers:maven/>=2.0-beta9|<2.3.1|>=2.4|<2.12.2|>=2.13.0|<2.15.0",
     "vers:maven/>=2.0-beta9|<2.3.1|>=2.4|<2.12.2|>=2.13.0|<2.15.0",
     "2.0-beta9 2.0-rc1 2.0 2.3 2.4.0 2.12.1 2.14.1", "2.0-alpha1 2.3.1 2.12.2 2.15.0 2.17.1"},
    {"vers:pypi/>=2.0rc1|<2.1", "vers:pypi/>=2.0rc1|<2.1", "2.0RC1 2.0 2.0.post1",
     "2.0b1 2.1 2.1.0"},
    {"vers:deb/>=1:1.2.11.dfsg-2|<1:1.2.11.dfsg-2+deb11u2",
     "vers:deb/>=1:1.2.11.dfsg-2|<1:1.2.11.dfsg-2+deb11u2", "1:1.2.11.dfsg-2+deb11u1",
     "1.2.11 1:1.2.13.dfsg-1"},
    {"vers:generic/>=1.0.1|<1.0.1g", "vers:generic/>=1.0.1|<1.0.1g", "1.0.1 1.0.1f",
     "1.0.1g 1.0.0"},
    {"vers:npm/1.0%252F0", "vers:npm/1.0%252F0", "1.0%2F0", "1.0/0"},
    {"vers:lexicographic/1%202", "vers:lexicographic/1%202", "", "12"},
    {"vers:generic/1%7c2", "vers:generic/1%7C2", "", ""},
    {"vers:generic/a%3cb", "vers:generic/a%3Cb", "", ""},
    {"vers:test/1:2/3", "vers:test/1:2/3", "", ""},
};

START_TEST(vers_parse_ok)
{
	struct vx_vers r;
	struct vx_err err;
	char *s, *buf, *save = NULL;

	vx_err_clear(&err);
	ck_assert_msg(vx_vers_parse(vers_ok[_i].in, &r, &err) == 0, "%s: %s", vers_ok[_i].in,
	              err.msg);
	s = vx_vers_to_string(&r);
	ck_assert_str_eq(s, vers_ok[_i].canonical);
	free(s);
	buf = vx_strdup(vers_ok[_i].inside);
	for (char *v = strtok_r(buf, " ", &save); v; v = strtok_r(NULL, " ", &save))
		ck_assert_msg(vx_vers_contains(&r, v), "%s should contain '%s'", vers_ok[_i].in, v);
	free(buf);
	buf = vx_strdup(vers_ok[_i].outside);
	for (char *v = strtok_r(buf, " ", &save); v; v = strtok_r(NULL, " ", &save))
		ck_assert_msg(!vx_vers_contains(&r, v), "%s should not contain '%s'",
		              vers_ok[_i].in, v);
	free(buf);
	/* the canonical string parses to itself */
	vx_vers_release(&r);
	ck_assert_int_eq(vx_vers_parse(vers_ok[_i].canonical, &r, &err), 0);
	s = vx_vers_to_string(&r);
	ck_assert_str_eq(s, vers_ok[_i].canonical);
	free(s);
	vx_vers_release(&r);
	ck_assert_ptr_null(r.type);
	ck_assert_ptr_null(r.constraints);
}
END_TEST

START_TEST(vers_fields)
{
	struct vx_vers r;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_vers_parse("vers:Maven/<2.15.0|>=2.13.0", &r, &err), 0);
	ck_assert_str_eq(r.type, "maven");
	ck_assert_int_eq(r.scheme, VX_VER_MAVEN);
	ck_assert(!r.all);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_int_eq(r.constraints[0].op, VX_VERS_GE);
	ck_assert_str_eq(r.constraints[0].version, "2.13.0");
	ck_assert_int_eq(r.constraints[1].op, VX_VERS_LT);
	ck_assert_str_eq(r.constraints[1].version, "2.15.0");
	vx_vers_release(&r);

	ck_assert_int_eq(vx_vers_parse("vers:lexicographic/1%092", &r, &err), 0);
	ck_assert_str_eq(r.constraints[0].version, "1\t2");
	ck_assert_int_eq(r.scheme, VX_VER_GENERIC);
	vx_vers_release(&r);

	ck_assert_int_eq(vx_vers_parse("vers:pypi/*", &r, &err), 0);
	ck_assert(r.all);
	ck_assert_uint_eq(r.n, 0);
	ck_assert(vx_vers_contains(&r, NULL));
	vx_vers_release(&r);
	vx_vers_release(&r); /* idempotent */
	vx_vers_release(NULL);
	ck_assert(!vx_vers_contains(NULL, "1.0"));
}
END_TEST

static const struct {
	const char *in;
	const char *msg; /* expected substring of err.msg */
} vers_bad[] = {
    {"", "scheme is not 'vers:'"},
    {"vers", "scheme is not 'vers:'"},
    {"pkg:npm/foo@1.0", "scheme is not 'vers:'"},
    {"vers:npm", "no '/' after the type"},
    {"vers:/1.0", "empty type"},
    {"vers:1npm/1.0", "type must start with a letter"},
    {"vers:n_pm/1.0", "character '_' not allowed in the type"},
    {"vers:invalid/1.0", "reserved"},
    {"vers:npm/", "no constraints"},
    {"vers:npm/|1.0.0", "leading '|'"},
    {"vers:npm/1.0.0|", "trailing '|'"},
    {"vers:npm/1.0.0||2.0.0", "empty constraint"},
    {"vers:npm/>=1.0.0| <2.0.0", "whitespace at offset 17"},
    {"vers:npm/1.0.0\t", "whitespace"},
    {"vers:npm/1.0.0\x01", "control character"},
    {"vers:npm/1.0.\xc3\xa9", "non-ASCII byte"},
    {"vers:npm/1.0%2G0", "bad percent-encoding at offset 12"},
    {"vers:npm/1.0%2", "bad percent-encoding"},
    {"vers:npm/1.0%", "bad percent-encoding"},
    {"vers:npm/1.0%00", "bad percent-encoding"},
    {"vers:npm/*|1.0.0", "'*' must be the only constraint"},
    {"vers:npm/1.0.0|*", "'*' must be the only constraint"},
    {"vers:npm/**", "'*' must be the only constraint"},
    {"vers:npm/1*0", "'*' in version '1*0' must be percent-encoded"},
    {"vers:npm/>=", "comparator '>=' without a version"},
    {"vers:npm/!=", "comparator '!=' without a version"},
    {"vers:npm/<<1.0", "'<' in version '<1.0' must be percent-encoded"},
    {"vers:npm/=>1.0", "'>' in version '>1.0' must be percent-encoded"},
    {"vers:npm/1.0!", "'!' in version"},
    {"vers:npm/>=1.0.0|>=2.0.0", "'>=1.0.0' followed by '>=2.0.0'"},
    {"vers:npm/<1.0.0|<2.0.0", "'<1.0.0' followed by '<2.0.0'"},
    {"vers:npm/1.0.0|<2.0.0", "'1.0.0' followed by '<2.0.0'"},
    {"vers:npm/>1.0.0|2.0.0", "'>1.0.0' followed by '2.0.0'"},
    {"vers:npm/>1.0.0|!=1.5.0|>=2.0.0", "'>1.0.0' followed by '>=2.0.0'"},
    {"vers:npm/1.0.0|1.0.0", "version '1.0.0' appears twice"},
    {"vers:npm/1.0|>=1.0.0", "appears twice"},
    {"vers:npm/!=1.0.0|<1.0.0", "appears twice"},
    {"vers:maven/2.0|2.0.0.RELEASE", "appears twice"},
};

START_TEST(vers_parse_bad)
{
	struct vx_vers r;
	struct vx_err err;
	int rc;

	vx_err_clear(&err);
	rc = vx_vers_parse(vers_bad[_i].in, &r, &err);
	ck_assert_msg(rc == VX_EINVAL, "'%s' parsed (rc %d)", vers_bad[_i].in, rc);
	ck_assert_ptr_null(r.type);
	ck_assert_ptr_null(r.constraints);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_msg(strstr(err.msg, vers_bad[_i].msg), "'%s': got \"%s\", want \"%s\"",
	              vers_bad[_i].in, err.msg, vers_bad[_i].msg);
	ck_assert_msg(!strncmp(err.msg, "invalid vers '", 14), "%s", err.msg);
}
END_TEST

START_TEST(vers_message)
{
	struct vx_vers r;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_vers_parse("vers:npm/>=2|>=1", &r, &err), VX_EINVAL);
	ck_assert_str_eq(err.msg, "invalid vers 'vers:npm/>=2|>=1': '>=1' followed by '>=2'");
	ck_assert_int_eq(vx_vers_parse(NULL, &r, &err), VX_EINVAL);
}
END_TEST

START_TEST(vers_limits)
{
	struct vx_vers r;
	struct vx_err err;
	struct vx_buf b;
	char *s;
	int n = 0;

	vx_err_clear(&err);
	/* one byte over the limit */
	vx_buf_init(&b);
	vx_buf_adds(&b, "vers:generic/");
	while (b.len < VX_VERS_MAX_LEN + 1)
		vx_buf_addc(&b, '1');
	ck_assert_int_eq(vx_vers_parse(b.data, &r, &err), VX_ELIMIT);
	ck_assert_ptr_null(r.type);
	/* exactly at the limit: accepted */
	b.data[--b.len] = '\0';
	ck_assert_int_eq(vx_vers_parse(b.data, &r, &err), 0);
	ck_assert_uint_eq(strlen(r.constraints[0].version), VX_VERS_MAX_LEN - 13);
	vx_vers_release(&r);

	/* thousands of constraints, given in reverse order: sorted, not quadratic */
	vx_buf_reset(&b);
	vx_buf_adds(&b, "vers:generic/");
	for (int i = 9000; i >= 1; i--, n++)
		vx_buf_printf(&b, "%s%d.%d", i == 9000 ? "" : "|", i / 10, i % 10);
	ck_assert_int_eq(vx_vers_parse(b.data, &r, &err), 0);
	ck_assert_uint_eq(r.n, (size_t)n);
	ck_assert_str_eq(r.constraints[0].version, "0.1");
	ck_assert(vx_vers_contains(&r, "450.5"));
	ck_assert(vx_vers_contains(&r, "450.5.0"));
	ck_assert(!vx_vers_contains(&r, "450.55"));
	s = vx_vers_to_string(&r);
	ck_assert(!strncmp(s, "vers:generic/0.1|0.2|", 21));
	free(s);
	vx_vers_release(&r);
	vx_buf_release(&b);
}
END_TEST

/* ---- hostile input ------------------------------------------------------------------------- */

static const enum vx_version_scheme all_schemes[] = {VX_VER_GENERIC, VX_VER_SEMVER, VX_VER_DEB,
                                                     VX_VER_PYPI, VX_VER_MAVEN};

static const char *const odd[] = {
    "",
    "0",
    "1",
    "1.0",
    "1.0.0",
    "1-1",
    "1.1",
    "1-a",
    "1a",
    "a1",
    "a",
    "-",
    ".",
    "~",
    "+",
    "v",
    "!",
    "1!",
    "1!!",
    ":",
    "1:",
    ":1",
    "1::2",
    "%%",
    "\xff\xfe",
    "\x01\x02",
    "1.\xff",
    "..1..",
    "1-",
    "-1",
    "1--1",
    "1..1",
    "1.0-rc",
    "1.0rc",
    "rc1",
    "1.0~",
    "1~",
    "1.0+",
    "+1",
    "1.0-0",
    "1.0-SNAPSHOT",
    "1.0.a",
    "1.0.1a",
    "1-sp",
    "1-ga",
    "final",
    "1.0.0-alpha",
    "1.0.0-1",
    "1.0.0-a.1",
    "0.0.0",
    "00",
    "1e5",
    "0x10",
    "1.0.post",
    "1.0.dev",
    "1!1.0",
    "1.0+abc",
    "v1.0",
    "V1",
    "2.0-beta9",
    "2.0.1",
    "1.0.2k",
    "1:1.0-1",
};

START_TEST(antisymmetric_everywhere)
{
	enum vx_version_scheme s = all_schemes[_i];
	for (size_t i = 0; i < N(odd); i++) {
		ck_assert_int_eq(vx_version_cmp(odd[i], odd[i], s), 0);
		for (size_t j = 0; j < N(odd); j++) {
			int ab = vx_version_cmp(odd[i], odd[j], s);
			int ba = vx_version_cmp(odd[j], odd[i], s);
			ck_assert_msg(ab >= -1 && ab <= 1, "result %d", ab);
			ck_assert_msg(ab == -ba, "%s: '%s' vs '%s' = %d but reverse = %d",
			              scheme_name(s), odd[i], odd[j], ab, ba);
		}
	}
}
END_TEST

/* GENERIC and DEB are total orders on every string: no cycles among any three. MAVEN is
 * checked on real release strings only: like ComparableVersion itself it has cycles for odd
 * mixes of ".qualifier" and "-list" ("1" < "1.sp" < "1-rc" < "1"). SEMVER and PYPI fall back
 * to GENERIC for strings they do not accept, which can mix two orders. */
static const char *const maven_real[] = {
    "1",           "1.0",
    "1.0.1",       "1-1",
    "1.1",         "1-SNAPSHOT",
    "1.0-rc1",     "1-sp1",
    "1.0.RELEASE", "1.0.Final",
    "2.0-beta9",   "2.0-rc1",
    "2.0.1",       "2.0-1",
    "2.0.1-xyz",   "2.0.1-123",
    "2.13.2.1",    "5.2.20.RELEASE",
    "1.0-alpha-1", "1.0-alpha-1-SNAPSHOT",
    "1.0-M1",      "1.0-cr2",
    "1.0-ga",      "3.0.0-M5",
    "2.15.0",      "1.2.3-beta-2",
};

START_TEST(transitive)
{
	const enum vx_version_scheme s[] = {VX_VER_GENERIC, VX_VER_DEB, VX_VER_MAVEN};
	enum vx_version_scheme sc = s[_i];
	const char *const *set = sc == VX_VER_MAVEN ? maven_real : odd;
	size_t n = sc == VX_VER_MAVEN ? N(maven_real) : N(odd);
	int *m = vx_malloc(n * n * sizeof(int));

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			m[i * n + j] = vx_version_cmp(set[i], set[j], sc);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < n; k++)
				if (m[i * n + j] <= 0 && m[j * n + k] <= 0)
					ck_assert_msg(
					    m[i * n + k] <= 0,
					    "%s: '%s' <= '%s' <= '%s' but not '%s' <= '%s'",
					    scheme_name(sc), set[i], set[j], set[k], set[i],
					    set[k]);
	free(m);
}
END_TEST

START_TEST(maven_known_cycle)
{
	/* documented (rule M5): ComparableVersion's own behaviour, kept */
	ck_assert_int_eq(vx_version_cmp("1", "1.sp", VX_VER_MAVEN), -1);
	ck_assert_int_eq(vx_version_cmp("1.sp", "1-rc", VX_VER_MAVEN), -1);
	ck_assert_int_eq(vx_version_cmp("1-rc", "1", VX_VER_MAVEN), -1);
}
END_TEST

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	struct vx_buf b;
	vx_buf_init(&b);
	vx_buf_adds(&b, head);
	for (size_t i = 0; i < times; i++)
		vx_buf_adds(&b, unit);
	vx_buf_adds(&b, tail);
	return vx_buf_detach(&b);
}

START_TEST(hostile_strings)
{
	enum vx_version_scheme s = all_schemes[_i];
	char *dots = repeat("", ".", 10000, "");
	char *zeros = repeat("1", ".0", 200000, ""); /* "1.0.0.0...." 400 KB */
	char *zeros1 = repeat("1", ".0", 200000, ".1");
	char *nest = repeat("1", "-1", 200000, ""); /* Maven: 200,000 nested lists */
	char *nest2 = repeat("1", "-1", 200000, "-2");
	char *mixed = repeat("", "a1", 200000, ""); /* Maven/GENERIC: alternating runs */
	char *huge = repeat("1", "9", 100000, "");  /* a 100,001-digit number */
	char *huge2 = repeat("2", "0", 100000, "");
	char *tilde = repeat("1", "~", 100000, "");
	clock_t t0 = clock();
	double secs;

	ck_assert_int_eq(vx_version_cmp(dots, dots, s), 0);
	ck_assert_int_eq(vx_version_cmp(dots, "1", s), -vx_version_cmp("1", dots, s));
	ck_assert_int_eq(vx_version_cmp(zeros, zeros, s), 0);
	ck_assert_int_eq(vx_version_cmp(zeros, zeros1, s), -1);
	ck_assert_int_eq(vx_version_cmp(zeros1, zeros, s), 1);
	if (s != VX_VER_DEB)
		ck_assert_int_eq(vx_version_cmp(zeros, "1", s), 0);
	ck_assert_int_eq(vx_version_cmp(nest, nest, s), 0);
	ck_assert_int_eq(vx_version_cmp(nest, nest2, s), -1);
	ck_assert_int_eq(vx_version_cmp(nest2, nest, s), 1);
	ck_assert_int_eq(vx_version_cmp(mixed, mixed, s), 0);
	ck_assert_int_eq(vx_version_cmp(mixed, nest, s), -vx_version_cmp(nest, mixed, s));
	ck_assert_int_eq(vx_version_cmp(huge, huge2, s), -1);
	ck_assert_int_eq(vx_version_cmp(huge2, huge, s), 1);
	ck_assert_int_eq(vx_version_cmp("99999999999999999999999", "99999999999999999999998", s),
	                 1);
	ck_assert_int_eq(vx_version_cmp(tilde, tilde, s), 0);
	ck_assert_int_eq(vx_version_cmp(tilde, "1", s), -vx_version_cmp("1", tilde, s));
	ck_assert(vx_version_in_nvd_bounds(zeros, "1.0", NULL, NULL, zeros1, s));
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	/* linear work: well under a second even under valgrind; quadratic would take minutes */
	ck_assert_msg(secs < 20.0, "%s: hostile comparisons took %.1f s", scheme_name(s), secs);
	free(dots);
	free(zeros);
	free(zeros1);
	free(nest);
	free(nest2);
	free(mixed);
	free(huge);
	free(huge2);
	free(tilde);
}
END_TEST

/* ---- corpus: the real NVD and GitHub advisory records -------------------------------------- */

static const struct {
	const char *file;     /* under nvd/ */
	const char *criteria; /* cpeMatch criteria prefix, version '*' */
	const char *v;
	bool want;
} nvd_corpus[] = {
    {"CVE-2014-0160", "cpe:2.3:a:openssl:openssl:*:", "1.0.1f", true},
    {"CVE-2014-0160", "cpe:2.3:a:openssl:openssl:*:", "1.0.1", true},
    {"CVE-2014-0160", "cpe:2.3:a:openssl:openssl:*:", "1.0.1g", false},
    {"CVE-2014-0160", "cpe:2.3:a:openssl:openssl:*:", "1.0.0", false},
    {"CVE-2014-0160", "cpe:2.3:a:openssl:openssl:*:", "1.0.2", false},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.14.1", true},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.3", true},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.12.1", true},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.17.1", false},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.15.0", false},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.12.2", false},
    {"CVE-2021-44228", "cpe:2.3:a:apache:log4j:*:", "2.0-beta9", false},
    {"CVE-2018-25032", "cpe:2.3:a:zlib:zlib:*:", "1.2.11", true},
    {"CVE-2018-25032", "cpe:2.3:a:zlib:zlib:*:", "1.2.12", false},
    {"CVE-2018-25032", "cpe:2.3:a:zlib:zlib:*:", "1.2.2.1", false},
    {"CVE-2022-37434", "cpe:2.3:a:zlib:zlib:*:", "1.2.12", true},
    {"CVE-2022-37434", "cpe:2.3:a:zlib:zlib:*:", "1.2.13", false},
    {"CVE-2021-42374", "cpe:2.3:a:busybox:busybox:*:", "1.33.1", true},
    {"CVE-2021-42374", "cpe:2.3:a:busybox:busybox:*:", "1.27.0", true},
    {"CVE-2021-42374", "cpe:2.3:a:busybox:busybox:*:", "1.33.2", false},
    {"CVE-2021-42374", "cpe:2.3:a:busybox:busybox:*:", "1.26.2", false},
};

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *nvd_cve(const cJSON *root)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "vulnerabilities");
	if (cJSON_IsArray(v))
		return cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(v, 0), "cve");
	v = cJSON_GetObjectItemCaseSensitive(root, "cve");
	return v ? v : root;
}

START_TEST(nvd_corpus_bounds)
{
	char *rel, *path, *text;
	cJSON *root;
	const cJSON *conf, *node, *m;
	int matches = 0;
	bool got = false;

	VX_NEED_CORPUS();
	rel = vx_asprintf("nvd/%s.json", nvd_corpus[_i].file);
	path = vx_test_corpus_path(rel);
	text = vx_test_slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	cJSON_ArrayForEach(conf, cJSON_GetObjectItemCaseSensitive(nvd_cve(root), "configurations"))
	{
		cJSON_ArrayForEach(node, cJSON_GetObjectItemCaseSensitive(conf, "nodes"))
		{
			cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(node, "cpeMatch"))
			{
				const char *crit = jstr(m, "criteria");
				if (!crit || !cJSON_IsTrue(cJSON_GetObjectItem(m, "vulnerable")) ||
				    strncmp(crit, nvd_corpus[_i].criteria,
				            strlen(nvd_corpus[_i].criteria)) != 0)
					continue;
				matches++;
				got |= vx_version_in_nvd_bounds(
				    nvd_corpus[_i].v, jstr(m, "versionStartIncluding"),
				    jstr(m, "versionStartExcluding"),
				    jstr(m, "versionEndIncluding"), jstr(m, "versionEndExcluding"),
				    VX_VER_GENERIC);
			}
		}
	}
	ck_assert_msg(matches > 0, "%s: no criteria '%s'", nvd_corpus[_i].file,
	              nvd_corpus[_i].criteria);
	ck_assert_msg(got == nvd_corpus[_i].want, "%s: '%s' affected = %d, want %d",
	              nvd_corpus[_i].file, nvd_corpus[_i].v, got, nvd_corpus[_i].want);
	cJSON_Delete(root);
	free(text);
	free(path);
	free(rel);
}
END_TEST

static const struct {
	const char *file; /* under osv/github-advisory-database/ */
	const char *package;
	const char *v;
	bool want;
} osv_corpus[] = {
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.14.1", true},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.0-beta9", true},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.12.1", true},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.3", true},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.17.1", false},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.15.0", false},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.12.2", false},
    {"GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.3.1", false},
    {"GHSA-57j2-w4cx-62h2", "com.fasterxml.jackson.core:jackson-databind", "2.13.2", true},
    {"GHSA-57j2-w4cx-62h2", "com.fasterxml.jackson.core:jackson-databind", "2.13.2.1", false},
    {"GHSA-57j2-w4cx-62h2", "com.fasterxml.jackson.core:jackson-databind", "2.12.6", true},
    {"GHSA-57j2-w4cx-62h2", "com.fasterxml.jackson.core:jackson-databind", "2.12.6.1", false},
    {"GHSA-36p3-wjmg-h94x", "org.springframework:spring-beans", "5.3.17", true},
    {"GHSA-36p3-wjmg-h94x", "org.springframework:spring-beans", "5.3.18", false},
    {"GHSA-36p3-wjmg-h94x", "org.springframework:spring-beans", "5.2.19.RELEASE", true},
    {"GHSA-36p3-wjmg-h94x", "org.springframework:spring-beans", "5.2.20.RELEASE", false},
    {"GHSA-rv95-896h-c2vc", "express", "4.19.1", true},
    {"GHSA-rv95-896h-c2vc", "express", "4.19.2", false},
    {"GHSA-rv95-896h-c2vc", "express", "5.0.0-beta.1", true},
    {"GHSA-rv95-896h-c2vc", "express", "5.0.0", false},
    {"GHSA-4374-p667-p6c8", "golang.org/x/net", "v0.16.0", true},
    {"GHSA-4374-p667-p6c8", "golang.org/x/net", "0.17.0", false},
    {"GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml", "1.33", true},
    {"GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml", "2.0", false},
    {"GHSA-xvch-5gv4-984h", "minimist", "1.2.5", true},
    {"GHSA-xvch-5gv4-984h", "minimist", "1.2.6", false},
    {"GHSA-xvch-5gv4-984h", "minimist", "0.2.3", true},
    {"GHSA-xvch-5gv4-984h", "minimist", "0.3.0", false},
    {"GHSA-599f-7c49-w659", "org.apache.commons:commons-text", "1.9", true},
    {"GHSA-599f-7c49-w659", "org.apache.commons:commons-text", "1.10.0", false},
    {"GHSA-599f-7c49-w659", "org.apache.commons:commons-text", "1.4", false},
};

START_TEST(osv_corpus_ranges)
{
	char *rel, *path, *text;
	cJSON *root;
	const cJSON *aff, *range, *e;
	int ranges = 0;
	bool got = false;

	VX_NEED_CORPUS();
	rel = vx_asprintf("osv/github-advisory-database/%s.json", osv_corpus[_i].file);
	path = vx_test_corpus_path(rel);
	text = vx_test_slurp(path, NULL);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	cJSON_ArrayForEach(aff, cJSON_GetObjectItemCaseSensitive(root, "affected"))
	{
		const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(aff, "package");
		const char *eco = jstr(pkg, "ecosystem"), *name = jstr(pkg, "name");
		if (!name || strcmp(name, osv_corpus[_i].package) != 0)
			continue;
		cJSON_ArrayForEach(range, cJSON_GetObjectItemCaseSensitive(aff, "ranges"))
		{
			struct vx_osv_event ev[16];
			size_t n = 0;
			const char *type = jstr(range, "type");
			if (!type || !strcmp(type, "GIT"))
				continue;
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(range, "events"))
			{
				static const char *const keys[] = {"introduced", "fixed",
				                                   "last_affected", "limit"};
				for (int k = 0; k < 4 && n < N(ev); k++) {
					const char *v = jstr(e, keys[k]);
					if (v) {
						ev[n].kind = (enum vx_osv_event_kind)k;
						ev[n].version = (char *)v;
						n++;
					}
				}
			}
			ranges++;
			got |= vx_version_in_osv_range(osv_corpus[_i].v, ev, n,
			                               vx_version_scheme_for_osv_range(type, eco));
		}
	}
	ck_assert_msg(ranges > 0, "%s: no ranges for '%s'", osv_corpus[_i].file,
	              osv_corpus[_i].package);
	ck_assert_msg(got == osv_corpus[_i].want, "%s %s: '%s' affected = %d, want %d",
	              osv_corpus[_i].file, osv_corpus[_i].package, osv_corpus[_i].v, got,
	              osv_corpus[_i].want);
	cJSON_Delete(root);
	free(text);
	free(path);
	free(rel);
}
END_TEST

Suite *vx_suite_version(void)
{
	Suite *s = suite_create("version");
	TCase *tc = tcase_create("order");
	tcase_add_loop_test(tc, ordered_chains, 0, N(chains));
	tcase_add_loop_test(tc, equal_versions, 0, N(equal_cases));
	tcase_add_loop_test(tc, scheme_differences, 0, N(cross_cases));
	tcase_add_loop_test(tc, ecosystem_schemes, 0, N(eco_cases));
	tcase_add_test(tc, osv_range_schemes);
	suite_add_tcase(s, tc);

	tc = tcase_create("ranges");
	tcase_add_loop_test(tc, nvd_bounds, 0, N(nvd_cases));
	tcase_add_loop_test(tc, osv_ranges, 0, N(osv_cases));
	tcase_add_test(tc, osv_odd_events);
	suite_add_tcase(s, tc);

	tc = tcase_create("vers");
	tcase_add_loop_test(tc, vers_parse_ok, 0, N(vers_ok));
	tcase_add_test(tc, vers_fields);
	tcase_add_loop_test(tc, vers_parse_bad, 0, N(vers_bad));
	tcase_add_test(tc, vers_message);
	tcase_add_test(tc, vers_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, antisymmetric_everywhere, 0, N(all_schemes));
	tcase_add_loop_test(tc, transitive, 0, 3);
	tcase_add_test(tc, maven_known_cycle);
	tcase_add_loop_test(tc, hostile_strings, 0, N(all_schemes));
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_add_loop_test(tc, nvd_corpus_bounds, 0, N(nvd_corpus));
	tcase_add_loop_test(tc, osv_corpus_ranges, 0, N(osv_corpus));
	suite_add_tcase(s, tc);

	return s;
}
