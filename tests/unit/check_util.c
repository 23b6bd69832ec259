/* tests/unit/check_util.c - errors, buffers, UTF-8, dates, atomic writes, hashing. */
#include "testutil.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/cwe.h"
#include "util/err.h"
#include "util/file.h"
#include "util/hex.h"
#include "util/time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(err_prefix_builds_place)
{
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_err_at(&err, VX_EINVAL, "components[12].purl", "invalid purl '%s'",
				   "pkg:npm/%zz"),
			 VX_EINVAL);
	vx_err_prefix(&err, "%s", "pump.cdx.json");
	ck_assert_str_eq(vx_err_text(&err),
			 "pump.cdx.json: components[12].purl: invalid purl 'pkg:npm/%zz'");
	vx_err_clear(&err);
	vx_err_set(&err, VX_EIO, "cannot open");
	vx_err_prefix(&err, "a.json");
	ck_assert_str_eq(vx_err_text(&err), "a.json: cannot open");
}
END_TEST

static const struct {
	const char *s;
	size_t len;
	size_t bad;
} utf8_cases[] = {
	{"plain", 5, (size_t)-1},
	{"caf\xc3\xa9", 5, (size_t)-1},
	{"\xe2\x82\xac", 3, (size_t)-1},	 /* euro sign */
	{"\xf0\x9f\x98\x80", 4, (size_t)-1}, /* emoji */
	{"ab\xff", 3, 2},
	{"\xc0\xaf", 2, 0},	     /* overlong '/' */
	{"\xed\xa0\x80", 3, 0},     /* surrogate */
	{"\xf4\x90\x80\x80", 4, 0}, /* above U+10FFFF */
	{"x\xe2\x82", 3, 1},	     /* truncated */
};

START_TEST(utf8_validation)
{
	ck_assert_uint_eq(vx_utf8_invalid_at(utf8_cases[_i].s, utf8_cases[_i].len),
			  utf8_cases[_i].bad);
}
END_TEST

START_TEST(text_position)
{
	int l, c;
	vx_text_position("ab\ncd\nef", 8, 4, &l, &c);
	ck_assert_int_eq(l, 2);
	ck_assert_int_eq(c, 2);
}
END_TEST

START_TEST(dates)
{
	time_t t;
	char out[21];
	ck_assert(vx_time_parse_datetime("2024-02-29T23:59:59Z", &t));
	vx_time_format(t, out);
	ck_assert_str_eq(out, "2024-02-29T23:59:59Z");
	ck_assert(vx_time_parse_datetime("2024-03-01T01:00:00.5+02:00", &t));
	vx_time_format(t, out);
	ck_assert_str_eq(out, "2024-02-29T23:00:00Z");
	ck_assert(!vx_time_parse_datetime("2023-02-29T00:00:00Z", NULL)); /* not a leap year */
	ck_assert(!vx_time_parse_datetime("2020-04-13", NULL));		  /* no time */
	ck_assert(!vx_time_parse_datetime("2020-04-13T10:00:00", NULL));  /* no zone */
	ck_assert(vx_time_parse_any("2021-12-10T10:15:09.143", &t));	  /* NVD style */
	ck_assert(vx_time_parse_date("1900-02-28", NULL));
	ck_assert(!vx_time_parse_date("2024-13-01", NULL));
	ck_assert(!vx_time_parse_date("2024-1-01", NULL));
}
END_TEST

START_TEST(atomic_write_replaces_whole_file)
{
	char dir[] = "/tmp/vxtestXXXXXX";
	struct vx_err err;
	char *path, *back;
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = vx_asprintf("%s/out.txt", dir);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_file_write_atomic(path, "first", 5, &err), 0);
	ck_assert_int_eq(vx_file_write_atomic(path, "second!", 7, &err), 0);
	back = vx_test_slurp(path, &len);
	ck_assert_uint_eq(len, 7);
	ck_assert_str_eq(back, "second!");
	/* A directory that does not exist: error, nothing created. */
	char *bad = vx_asprintf("%s/nope/out.txt", dir);
	ck_assert_int_lt(vx_file_write_atomic(bad, "x", 1, &err), 0);
	ck_assert(strstr(err.msg, "temporary") != NULL);
	unlink(path);
	rmdir(dir);
	free(bad);
	free(back);
	free(path);
}
END_TEST

START_TEST(read_respects_ceiling)
{
	struct vx_err err;
	char *data;
	size_t len;
	char *path = vx_test_data("util/ten-bytes.txt");
	vx_err_clear(&err);
	ck_assert_int_eq(vx_file_read(path, 9, &data, &len, &err), VX_ELIMIT);
	ck_assert_ptr_null(data);
	ck_assert_int_eq(vx_file_read(path, 10, &data, &len, &err), 0);
	ck_assert_uint_eq(len, 10);
	free(data);
	ck_assert_int_eq(vx_file_read("/nonexistent/x", 10, &data, &len, &err), VX_EIO);
	free(path);
}
END_TEST

START_TEST(hex_digits)
{
	/* every byte value: exactly 0-9, a-f, A-F are digits, in any locale */
	int n = 0;
	for (int c = -128; c < 256; c++) {
		int v = vx_hexval(c);
		if (c >= '0' && c <= '9')
			ck_assert_int_eq(v, c - '0');
		else if (c >= 'a' && c <= 'f')
			ck_assert_int_eq(v, c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			ck_assert_int_eq(v, c - 'A' + 10);
		else
			ck_assert_int_eq(v, -1);
		n += v >= 0;
	}
	ck_assert_int_eq(n, 22);
	ck_assert_int_eq(vx_hexval((char)0xc6), -1); /* a negative plain char is no digit */
}
END_TEST

START_TEST(sha256_known_answer)
{
	char hex[65];
	vx_sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

/* CVSS v3.0 and v3.1 base scores against every published vector with its expected score
 * (RedHatProductSecurity/cvss tests, in ../shared/corpus/cvss), plus malformed vectors. */
/* CWE names: the table is sorted (binary search depends on it) and lookups take both forms. */
START_TEST(cwe_names)
{
	for (unsigned long i = 1; i < vx_cwe_count; i++)
		ck_assert_uint_lt(vx_cwe_table[i - 1].id, vx_cwe_table[i].id);
	ck_assert_uint_gt(vx_cwe_count, 900);
	ck_assert_str_eq(vx_cwe_name("CWE-787"), "Out-of-bounds Write");
	ck_assert_str_eq(vx_cwe_name("79"),
			 "Improper Neutralization of Input During Web Page Generation ('Cross-site "
			 "Scripting')");
	ck_assert_ptr_null(vx_cwe_name("NVD-CWE-Other"));
	ck_assert_ptr_null(vx_cwe_name("NVD-CWE-noinfo"));
	ck_assert_ptr_null(vx_cwe_name("CWE-999999"));
	ck_assert_ptr_null(vx_cwe_name("CWE-79x"));
	ck_assert_ptr_null(vx_cwe_name(NULL));
}
END_TEST

START_TEST(cvss3_published_vectors)
{
	static const char *const files[] = {"cvss/vectors_simple3", "cvss/vectors_simple31",
					    "cvss/vectors_calculator3"};
	static const char *const bad[] = {
		NULL, "", "CVSS:3.1/", "CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C",
		"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:X", "CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
	const char *ver = NULL;
	size_t checked = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vx_cvss3_base(bad[i], NULL) < 0, "accepted '%s'", bad[i] ? bad[i] : "NULL");
	ck_assert_double_eq_tol(vx_cvss3_base("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &ver),
				9.8, 1e-9);
	ck_assert_str_eq(ver, "3.1");
	ck_assert_str_eq(vx_cvss3_severity(9.8), "CRITICAL");
	ck_assert_str_eq(vx_cvss3_severity(0), "NONE");
	ck_assert_str_eq(vx_cvss3_severity(3.9), "LOW");
	ck_assert_str_eq(vx_cvss3_severity(4.0), "MEDIUM");
	ck_assert_str_eq(vx_cvss3_severity(7.0), "HIGH");
	VX_NEED_CORPUS();
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *path = vx_test_corpus_path(files[f]);
		size_t len;
		char *data = vx_test_slurp(path, &len), *line, *save = NULL;
		for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *dash = strstr(line, " - (");
			double want, got;
			if (!dash)
				continue;
			*dash = 0;
			want = strtod(dash + 4, NULL);
			got = vx_cvss3_base(line, NULL);
			ck_assert_msg(fabs(got - want) < 1e-9, "%s: %s: got %.1f, expected %.1f",
				      files[f], line, got, want);
			checked++;
		}
		free(data);
		free(path);
	}
	ck_assert_uint_ge(checked, 5186);
}
END_TEST

Suite *vx_suite_util(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, err_prefix_builds_place);
	tcase_add_loop_test(tc, utf8_validation, 0, sizeof(utf8_cases) / sizeof(utf8_cases[0]));
	tcase_add_test(tc, text_position);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, atomic_write_replaces_whole_file);
	tcase_add_test(tc, read_respects_ceiling);
	tcase_add_test(tc, sha256_known_answer);
	tcase_add_test(tc, hex_digits);
	tcase_add_test(tc, cvss3_published_vectors);
	tcase_add_test(tc, cwe_names);
	suite_add_tcase(s, tc);
	return s;
}
