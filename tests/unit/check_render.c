/* tests/unit/check_render.c - the page layout (src/render/layout): fonts, wrapping of
 * text no line can hold, tables with cells taller than a page, hostile bytes, determinism,
 * and the table-of-contents reservation. Page content itself is judged by pdftotext in
 * tests/cli/test_dossier.sh; here the output is checked for structure (qpdf --check when
 * installed) and page counts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/layout.h"
#include "testutil.h"
#include "util/err.h"
#include "util/file.h"

static char *font(const char *name)
{
	const char *src = getenv("VX_SOURCE_DIR");
	return vx_asprintf("%s/fonts/%s", src ? src : VX_SOURCE_DIR, name);
}

static struct vx_layout *new_layout(int letter)
{
	struct vx_layout *L = NULL;
	struct vx_layout_opts o = {0};
	struct vx_err err;
	char *r = font("DejaVuSans.ttf"), *b = font("DejaVuSans-Bold.ttf");
	o.letter = letter;
	o.font_regular = r;
	o.font_bold = b;
	o.title = "Test — Тест";
	o.created = 1780000000;
	o.header = "header";
	o.footer = "footer";
	vx_err_clear(&err);
	if (vx_layout_new(&o, &L, &err) != 0)
		ck_abort_msg("layout: %s", vx_err_text(&err));
	free(r);
	free(b);
	return L;
}

static int qpdf_ok(const char *pdf, size_t len)
{
	char path[] = "/tmp/vexil-render-XXXXXX";
	int fd = mkstemp(path), rc;
	char *cmd;
	if (system("command -v qpdf >/dev/null 2>&1") != 0) {
		close(fd);
		unlink(path);
		fprintf(stderr, "SKIP: qpdf not installed: structure not checked\n");
		return 1;
	}
	ck_assert_int_eq((int)write(fd, pdf, len), (int)len);
	close(fd);
	cmd = vx_asprintf("qpdf --check %s >/dev/null 2>&1", path);
	rc = system(cmd);
	free(cmd);
	unlink(path);
	return rc == 0;
}

START_TEST(missing_font_named)
{
	struct vx_layout *L = NULL;
	struct vx_layout_opts o = {0};
	struct vx_err err;
	char *b = font("DejaVuSans-Bold.ttf"), *notfont = vx_test_data("sign/ca.cert.pem");
	o.font_regular = "/nonexistent/Font.ttf";
	o.font_bold = b;
	vx_err_clear(&err);
	ck_assert_int_eq(vx_layout_new(&o, &L, &err), VX_EIO);
	ck_assert_ptr_null(L);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/Font.ttf"));
	o.font_regular = notfont; /* a file, but not a TrueType font */
	ck_assert_int_eq(vx_layout_new(&o, &L, &err), VX_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "ca.cert.pem"));
	free(b);
	free(notfont);
}
END_TEST

/* Build a document that exercises every block: a word of 20,000 characters, a table cell
 * taller than a page, control characters and invalid UTF-8, figures. */
static void build(struct vx_layout *L)
{
	static const char *const hdr[] = {"A", "B"};
	static const double w[] = {1, 3};
	const char *labels[] = {"one", "two"};
	const double vals[] = {3, 0};
	const char *rl[] = {"r1", "r2"}, *cl[] = {"c1", "c2"};
	const long counts[] = {0, 1, 2, 3};
	const int cls[] = {0, 1, 2, 1};
	char *word = malloc(20001), *tall = malloc(40000);
	memset(word, 'x', 20000);
	word[20000] = 0;
	for (size_t i = 0; i < 39999; i++)
		tall[i] = i % 20 == 19 ? '\n' : 'y';
	tall[39999] = 0;
	vx_layout_toc_reserve(L, 1);
	vx_layout_heading(L, 1, "Section — Раздел", 1, 20);
	vx_layout_text(L, word, 0, 0);
	vx_layout_text(L, "ctrl \x01\x02\x7f bad \xff\xfe\xe2\x82 end", 0, 1);
	vx_layout_kv(L, "label", word);
	vx_layout_kv(L, "empty", NULL);
	vx_layout_notice(L, "notice");
	vx_layout_table_begin(L, 2, hdr, w);
	{
		const char *row[2] = {"short", tall};
		vx_layout_table_row(L, row);
		row[1] = NULL;
		vx_layout_table_row(L, row);
	}
	vx_layout_table_end(L);
	vx_layout_bars(L, "bars", 2, labels, vals, NULL);
	vx_layout_heatmap(L, "heat", "rows", "cols", 2, rl, 2, cl, counts, cls);
	vx_layout_heading(L, 2, "Sub", 1, 0);
	free(word);
	free(tall);
}

START_TEST(hostile_content_fits)
{
	struct vx_layout *L = new_layout(0);
	struct vx_err err;
	char *pdf;
	size_t len;
	build(L);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_layout_finish(L, &pdf, &len, &err), 0);
	/* 2,000 lines of the tall cell alone need more than 20 pages */
	ck_assert_int_gt(vx_layout_page_no(L), 20);
	ck_assert_int_eq(memcmp(pdf, "%PDF-", 5), 0);
	ck_assert_ptr_nonnull(memmem(pdf + len - 8, 8, "%%EOF", 5));
	ck_assert_msg(qpdf_ok(pdf, len), "qpdf --check failed");
	free(pdf);
	vx_layout_free(L);
}
END_TEST

START_TEST(same_calls_same_bytes)
{
	struct vx_layout *a = new_layout(1), *b = new_layout(1);
	struct vx_err err;
	char *pa, *pb;
	size_t la, lb;
	build(a);
	build(b);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_layout_finish(a, &pa, &la, &err), 0);
	ck_assert_int_eq(vx_layout_finish(b, &pb, &lb, &err), 0);
	ck_assert_uint_eq(la, lb);
	ck_assert_int_eq(memcmp(pa, pb, la), 0);
	ck_assert_ptr_nonnull(memmem(pa, la, "/MediaBox [ 0 0 612 792 ]", 25));
	free(pa);
	free(pb);
	vx_layout_free(a);
	vx_layout_free(b);
}
END_TEST

START_TEST(toc_overflow_reported)
{
	struct vx_layout *L = new_layout(0);
	struct vx_err err;
	char *pdf = NULL;
	size_t len = 0, n = 0;
	vx_layout_toc_reserve(L, 1);
	while (vx_layout_toc_pages(L, n + 1) == 1)
		n++;
	ck_assert_uint_gt(n, 20);
	for (size_t i = 0; i < n + 5; i++) /* five entries more than one page holds */
		vx_layout_heading(L, 2, "entry", 1, 0);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_layout_finish(L, &pdf, &len, &err), VX_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "5 entries left over"));
	ck_assert_ptr_null(pdf);
	vx_layout_free(L);
}
END_TEST

Suite *vx_suite_render(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("layout");
	tcase_add_test(tc, missing_font_named);
	tcase_add_test(tc, hostile_content_fits);
	tcase_add_test(tc, same_calls_same_bytes);
	tcase_add_test(tc, toc_overflow_reported);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
