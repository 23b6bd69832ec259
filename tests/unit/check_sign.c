/* tests/unit/check_sign.c - PDF signing by incremental update: sign, verify, tamper, judges.
 *
 * PDFs are made with libharu in memory; keys come from tests/data/sign (TEST ONLY). The
 * external judges (pdfsig, qpdf, certutil) run when installed; a missing one prints a SKIP
 * line. pdfsig exits 0 even on "Digest Mismatch.", so its output is parsed.
 */
#include "testutil.h"
#include "sign/sign.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

#include <hpdf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIGN_TIME 1795780800LL /* 2026-11-27T12:00:00Z */

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
	(void)data;
	ck_abort_msg("libharu error 0x%04X detail %u", (unsigned)e, (unsigned)detail);
}

/* A two-page libharu PDF with text, a link annotation and an outline; caller frees. */
static char *make_pdf(size_t *len)
{
	HPDF_Doc pdf = HPDF_New(hpdf_error, NULL);
	ck_assert_ptr_nonnull(pdf);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "vexil signing test");
	HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", NULL);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, 14);
	HPDF_Page_TextOut(page, 72, 760, "Postmarket cybersecurity dossier (test)");
	HPDF_Page_EndText(page);
	HPDF_Page page2 = HPDF_AddPage(pdf);
	HPDF_Page_BeginText(page2);
	HPDF_Page_SetFontAndSize(page2, font, 12);
	HPDF_Page_TextOut(page2, 72, 700, "Second page");
	HPDF_Page_EndText(page2);
	HPDF_Destination dst = HPDF_Page_CreateDestination(page2);
	HPDF_Rect rect = {72, 740, 300, 780};
	ck_assert_ptr_nonnull(HPDF_Page_CreateLinkAnnot(page, rect, dst));
	HPDF_Outline ol = HPDF_CreateOutline(pdf, NULL, "Second page", NULL);
	HPDF_Outline_SetDestination(ol, dst);
	ck_assert_int_eq(HPDF_SaveToStream(pdf), HPDF_OK);
	HPDF_UINT32 n = HPDF_GetStreamSize(pdf);
	char *buf = malloc(n);
	HPDF_UINT32 got = n;
	ck_assert_int_eq(HPDF_GetContents(pdf, (HPDF_BYTE *)buf, &got), HPDF_OK);
	ck_assert_uint_eq(got, n);
	HPDF_Free(pdf);
	*len = n;
	return buf;
}

/* A classic-xref PDF from object bodies (object i+1 = objs[i]); trailer gets /Size /Root 1. */
static char *make_classic(const char *const *objs, int n, size_t *len)
{
	struct vx_buf b;
	size_t off[32];
	vx_buf_init(&b);
	vx_buf_adds(&b, "%PDF-1.4\n");
	for (int i = 0; i < n; i++) {
		off[i] = b.len;
		vx_buf_printf(&b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t x = b.len;
	vx_buf_printf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", n + 1);
	for (int i = 0; i < n; i++)
		vx_buf_printf(&b, "%010zu 00000 n\r\n", off[i]);
	vx_buf_printf(&b, "trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", n + 1, x);
	*len = b.len;
	return vx_buf_detach(&b);
}

static struct vx_sign_key *load_key(const char *key, const char *cert, const char *chain,
                                    const char *pass)
{
	char *kp = vx_test_data(key), *cp = vx_test_data(cert);
	char *chp = chain ? vx_test_data(chain) : NULL;
	struct vx_sign_key *k = NULL;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sign_key_load_pem(kp, cp, chp, pass, &k, &err) == 0, "%s",
	              vx_err_text(&err));
	free(kp);
	free(cp);
	free(chp);
	return k;
}

enum variant { SELF_ADBE, CA_ADBE, CA_PADES };

static char *sign_variant(enum variant v, size_t *out_len)
{
	size_t len;
	char *pdf = make_pdf(&len), *out = NULL;
	struct vx_sign_key *k =
	    v == SELF_ADBE
	        ? load_key("sign/selfsigned.key.pem", "sign/selfsigned.cert.pem", NULL, NULL)
	        : load_key("sign/signer.key.enc.pem", "sign/signer.cert.pem", "sign/ca.cert.pem",
	                   "test-only");
	struct vx_sign_opts o = {v == CA_PADES, "Postmarket dossier approval", "Berlin",
	                         "Qualit\xc3\xa4tsmanagement", SIGN_TIME};
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sign_pdf(pdf, len, k, &o, &out, out_len, &err) == 0, "%s",
	              vx_err_text(&err));
	/* the original bytes are untouched and the file ends with %%EOF */
	ck_assert(memcmp(out, pdf, len) == 0);
	ck_assert(*out_len > 5 && memcmp(out + *out_len - 5, "%%EOF", 5) == 0);
	vx_sign_key_free(k);
	free(pdf);
	return out;
}

static void verify(const char *data, size_t len, const char *ca, struct vx_sign_report *r)
{
	struct vx_err err;
	char *cap = ca ? vx_test_data(ca) : NULL;
	vx_err_clear(&err);
	ck_assert_msg(vx_sign_verify(data, len, cap, r, &err) == 0, "%s", vx_err_text(&err));
	free(cap);
}

START_TEST(sign_and_verify)
{
	static const char *const subfilters[] = {"adbe.pkcs7.detached", "adbe.pkcs7.detached",
	                                         "ETSI.CAdES.detached"};
	size_t len;
	char *s = sign_variant((enum variant)_i, &len);
	struct vx_sign_report r;
	verify(s, len, NULL, &r);
	ck_assert_int_eq(r.signed_, 1);
	ck_assert_int_eq(r.whole_file_covered, 1);
	ck_assert_int_eq(r.digest_ok, 1);
	ck_assert_int_eq(r.signature_ok, 1);
	ck_assert_int_eq(r.chain_ok, 0); /* no CA given: not checked */
	ck_assert_str_eq(r.subfilter, subfilters[_i]);
	ck_assert_msg(strstr(r.signer, _i == SELF_ADBE ? "CN=vexil Test Self-Signed"
	                                               : "CN=vexil Test Signer"),
	              "signer '%s'", r.signer);
	if (_i == CA_PADES) /* no signingTime attribute: the time comes from /M */
		ck_assert_str_eq(r.signing_time, "2026-11-27T12:00:00Z");
	else
		ck_assert_uint_eq(strlen(r.signing_time), 20);
	verify(s, len, _i == SELF_ADBE ? "sign/selfsigned.cert.pem" : "sign/ca.cert.pem", &r);
	ck_assert_int_eq(r.chain_ok, 1);
	if (_i != SELF_ADBE) { /* a CA that did not issue the signer */
		verify(s, len, "sign/selfsigned.cert.pem", &r);
		ck_assert_int_eq(r.signature_ok, 1);
		ck_assert_int_eq(r.chain_ok, 0);
	}
	/* the update: AcroForm in the catalog, link kept next to the new widget, /Prev, /ID */
	ck_assert_ptr_nonnull(strstr(s, "/SigFlags 3"));
	ck_assert_ptr_nonnull(strstr(s, "/FT /Sig"));
	ck_assert_ptr_nonnull(memmem(s, len, "/ID [<", 6));
	ck_assert_ptr_nonnull(memmem(s, len, " /Prev ", 7));
	free(s);
}
END_TEST

START_TEST(tamper_any_signed_byte)
{
	size_t len;
	char *s = sign_variant(CA_ADBE, &len);
	const char *c = memmem(s, len, "/Contents <", 11);
	ck_assert_ptr_nonnull(c);
	size_t a = (size_t)(c - s) + 10, b = a + 2 + 2 * VX_SIGN_CMS_RESERVE;
	size_t pos[] = {0, 1, 9, a / 4, a / 2, a - 1, b, b + 100, len - 20, len - 2, len - 1};
	for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++) {
		struct vx_sign_report r;
		struct vx_err err;
		vx_err_clear(&err);
		s[pos[i]] ^= 0x01;
		int rc = vx_sign_verify(s, len, NULL, &r, &err);
		ck_assert_msg(rc == 0, "offset %zu: %s", pos[i], vx_err_text(&err));
		ck_assert_msg(r.signed_ && !r.digest_ok && !r.signature_ok,
		              "flip at %zu still verifies", pos[i]);
		s[pos[i]] ^= 0x01;
	}
	/* one appended byte: still a valid signature, but not over the whole file */
	s = realloc(s, len + 1);
	s[len] = '\n';
	struct vx_sign_report r;
	verify(s, len + 1, NULL, &r);
	ck_assert_int_eq(r.digest_ok, 1);
	ck_assert_int_eq(r.whole_file_covered, 0);
	free(s);
}
END_TEST

START_TEST(indirect_annots_extended)
{
	static const char *const objs[] = {
	    "<</Type /Catalog /Pages 2 0 R /PageLabels <</Nums [0 <</S /r>>]>>>>",
	    "<</Type /Pages /Kids [3 0 R] /Count 1>>",
	    "<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots 4 0 R "
	    "/Resources <<>> /Contents 6 0 R>>",
	    "[5 0 R]",
	    "<</Type /Annot /Subtype /Link /Rect [0 0 10 10] /Border [0 0 0] "
	    "/A <</S /URI /URI (http://example.com/a\\)b)>>>>",
	    "<</Length 0>>\nstream\n\nendstream",
	};
	size_t len, olen;
	char *pdf = make_classic(objs, 6, &len), *out = NULL;
	struct vx_sign_key *k =
	    load_key("sign/selfsigned.key.pem", "sign/selfsigned.cert.pem", NULL, NULL);
	struct vx_sign_opts o = {0, NULL, NULL, NULL, SIGN_TIME};
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sign_pdf(pdf, len, k, &o, &out, &olen, &err) == 0, "%s",
	              vx_err_text(&err));
	/* Size 7: signature 7, field 8, AcroForm 9; the link stays first */
	ck_assert_ptr_nonnull(memmem(out, olen, "/Annots [5 0 R 8 0 R]", 21));
	ck_assert_ptr_nonnull(memmem(out, olen, "/PageLabels <</Nums [0 <</S /r>>]>>", 35));
	ck_assert_ptr_nonnull(memmem(out, olen, "xref\n1 1\n", 9));
	ck_assert_ptr_nonnull(memmem(out, olen, "3 1\n", 4));
	ck_assert_ptr_nonnull(memmem(out, olen, "7 3\n", 4));
	struct vx_sign_report r;
	verify(out, olen, NULL, &r);
	ck_assert(r.signed_ && r.whole_file_covered && r.digest_ok && r.signature_ok);
	vx_sign_key_free(k);
	free(pdf);
	free(out);
}
END_TEST

/* Malformed inputs: each must be refused with an error. */
START_TEST(malformed_refused)
{
	size_t len;
	char *pdf = make_pdf(&len), *out = NULL;
	struct vx_sign_key *k =
	    load_key("sign/selfsigned.key.pem", "sign/selfsigned.cert.pem", NULL, NULL);
	struct vx_sign_opts o = {0, NULL, NULL, NULL, SIGN_TIME};
	struct vx_err err;
	size_t olen;

	struct {
		const char *what;
		const char *data;
		size_t len;
		int code;
	} cases[8];
	int n = 0;
	cases[n++] = (typeof(cases[0])){"empty", "", 0, VX_EINVAL};
	cases[n++] = (typeof(cases[0])){"not a pdf", "hello world\n", 12, VX_EINVAL};
	cases[n++] = (typeof(cases[0])){"truncated trailer", pdf, len - 40, VX_EINVAL};
	cases[n++] = (typeof(cases[0])){"truncated half", pdf, len / 2, VX_EINVAL};

	/* a tiny PDF whose startxref points at a cross-reference stream */
	static const char xs_body[] = "%PDF-1.5\n"
	                              "1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n"
	                              "2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n";
	struct vx_buf xs;
	vx_buf_init(&xs);
	vx_buf_adds(&xs, xs_body);
	size_t xoff = xs.len;
	vx_buf_adds(&xs, "3 0 obj\n<</Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length 16>>\n"
	                 "stream\n0123456789abcdef\nendstream\nendobj\n");
	vx_buf_printf(&xs, "startxref\n%zu\n%%%%EOF\n", xoff);
	cases[n++] = (typeof(cases[0])){"xref stream", xs.data, xs.len, VX_EUNSUPPORTED};

	/* startxref past the end, and a /Prev loop */
	char *bad = vx_asprintf("%%PDF-1.4\nstartxref\n999999\n%%%%EOF\n");
	cases[n++] = (typeof(cases[0])){"startxref past end", bad, strlen(bad), VX_EINVAL};
	char *loop = vx_asprintf("%%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n"
	                         "<</Size 1 /Root 1 0 R /Prev 9>>\nstartxref\n9\n%%%%EOF\n");
	cases[n++] = (typeof(cases[0])){"prev loop", loop, strlen(loop), VX_EINVAL};

	for (int i = 0; i < n; i++) {
		vx_err_clear(&err);
		int rc = vx_sign_pdf(cases[i].data, cases[i].len, k, &o, &out, &olen, &err);
		ck_assert_msg(rc == cases[i].code, "%s: rc %d (%s)", cases[i].what, rc,
		              vx_err_text(&err));
		ck_assert_ptr_null(out);
		ck_assert_msg(err.msg[0], "%s: no message", cases[i].what);
		fprintf(stderr, "sign refused %s: %s\n", cases[i].what, vx_err_text(&err));
	}
	/* verify: not a PDF is an error; an unsigned PDF is a report with signed_ = 0 */
	struct vx_sign_report r;
	ck_assert_int_lt(vx_sign_verify("", 0, NULL, &r, &err), 0);
	ck_assert_int_eq(vx_sign_verify(pdf, len, NULL, &r, &err), 0);
	ck_assert_int_eq(r.signed_, 0);

	vx_buf_release(&xs);
	free(bad);
	free(loop);
	vx_sign_key_free(k);
	free(pdf);
}
END_TEST

/* Random mutations and truncations of a signed file: any result but a crash is fine. */
START_TEST(fuzz_no_crash)
{
	size_t len;
	char *s = sign_variant(SELF_ADBE, &len);
	char *m = malloc(len);
	struct vx_sign_key *k =
	    load_key("sign/selfsigned.key.pem", "sign/selfsigned.cert.pem", NULL, NULL);
	struct vx_sign_opts o = {0, NULL, NULL, NULL, SIGN_TIME};
	unsigned seed = 12345;
	for (int it = 0; it < 300; it++) {
		struct vx_err err;
		struct vx_sign_report r;
		char *out = NULL;
		size_t olen, n = len;
		memcpy(m, s, len);
		int flips = 1 + (int)(rand_r(&seed) % 8);
		for (int f = 0; f < flips; f++) {
			size_t at = (size_t)rand_r(&seed) % len;
			/* bias towards the structure at the end of the file */
			if (rand_r(&seed) % 2)
				at = len - 1 - (size_t)rand_r(&seed) % (len < 600 ? len : 600);
			m[at] = (char)(rand_r(&seed) % 3 == 0
			                   ? rand_r(&seed)
			                   : "0123456789 <>[]/()R\n"[rand_r(&seed) % 20]);
		}
		if (it % 5 == 0)
			n = (size_t)rand_r(&seed) % len;
		vx_sign_verify(m, n, NULL, &r, &err);
		if (vx_sign_pdf(m, n, k, &o, &out, &olen, &err) == 0)
			free(out);
	}
	vx_sign_key_free(k);
	free(m);
	free(s);
}
END_TEST

START_TEST(key_errors)
{
	struct vx_sign_key *k = NULL;
	struct vx_err err;
	char *kp = vx_test_data("sign/signer.key.enc.pem"),
	     *cp = vx_test_data("sign/signer.cert.pem");
	char *sp = vx_test_data("sign/selfsigned.cert.pem");
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sign_key_load_pem(kp, cp, NULL, "wrong", &k, &err), VX_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(vx_sign_key_load_pem(kp, sp, NULL, "test-only", &k, &err), VX_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not match"));
	ck_assert_int_eq(vx_sign_key_load_pem("/nonexistent.pem", cp, NULL, NULL, &k, &err),
	                 VX_EIO);
	free(kp);
	free(cp);
	free(sp);
}
END_TEST

/* PKCS#12: the right passphrase gives the signer with its CA as chain; a wrong one, a file
 * that is not PKCS#12 and a missing file are refused with the file named. */
START_TEST(p12_keys)
{
	struct vx_sign_key *k = NULL;
	struct vx_err err;
	char subject[256];
	char *p12 = vx_test_data("sign/signer.p12"), *pem = vx_test_data("sign/signer.cert.pem");
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sign_key_load_p12(p12, NULL, "test-only", &k, &err), 0);
	vx_sign_key_subject(k, subject, sizeof(subject));
	ck_assert_str_eq(subject, "CN=vexil Test Signer (TEST ONLY),O=vexil TEST ONLY,C=DE");
	vx_sign_key_free(k);
	k = NULL;
	ck_assert_int_eq(vx_sign_key_load_p12(p12, NULL, "wrong", &k, &err), VX_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_ptr_nonnull(strstr(err.msg, "signer.p12"));
	ck_assert_int_eq(vx_sign_key_load_p12(pem, NULL, "test-only", &k, &err), VX_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a PKCS#12 file"));
	ck_assert_int_eq(vx_sign_key_load_p12("/nonexistent.p12", NULL, NULL, &k, &err), VX_EIO);
	free(p12);
	free(pem);
}
END_TEST

/* ---- external judges ---------------------------------------------------------------- */

static int have_tool(const char *name)
{
	char *cmd = vx_asprintf("command -v %s >/dev/null 2>&1", name);
	int ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

/* Run a shell command, returning its combined output (fresh string) and exit status. */
static char *run(const char *cmd, int *status)
{
	char *full = vx_asprintf("%s 2>&1", cmd);
	FILE *f = popen(full, "r");
	struct vx_buf b;
	char chunk[4096];
	size_t n;
	ck_assert_ptr_nonnull(f);
	vx_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		vx_buf_add(&b, chunk, n);
	int st = pclose(f);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	free(full);
	return vx_buf_detach(&b);
}

START_TEST(external_judges)
{
	if (!have_tool("pdfsig") || !have_tool("qpdf"))
		VX_SKIP("pdfsig or qpdf not installed");
	char dir[] = "/tmp/vx_sign_XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	int nss = have_tool("certutil");
	char *cmd, *out;
	int st;
	if (nss) {
		char *ca = vx_test_data("sign/ca.cert.pem");
		cmd = vx_asprintf("mkdir %s/nss && certutil -N --empty-password -d sql:%s/nss && "
		                  "certutil -A -n vexil-test-ca -t CT,C,C -a -i %s -d sql:%s/nss",
		                  dir, dir, ca, dir);
		out = run(cmd, &st);
		ck_assert_msg(st == 0, "certutil: %s", out);
		free(out);
		free(cmd);
		free(ca);
	} else {
		fprintf(stderr,
		        "SKIP: %s: certutil (libnss3-tools) not installed: pdfsig runs "
		        "against an empty NSS directory, certificate trust not checked\n",
		        __func__);
		cmd = vx_asprintf("mkdir %s/nss", dir);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
	}
	for (int v = SELF_ADBE; v <= CA_PADES; v++) {
		size_t len;
		char *s = sign_variant((enum variant)v, &len);
		char *path = vx_asprintf("%s/signed%d.pdf", dir, v);
		struct vx_err err;
		ck_assert_int_eq(vx_file_write_atomic(path, s, len, &err), 0);

		cmd = vx_asprintf("pdfsig -nssdir sql:%s/nss -no-ocsp %s", dir, path);
		out = run(cmd, &st);
		fprintf(stderr, "--- %s\n%s", cmd, out);
		ck_assert_msg(strstr(out, "Signature Validation: Signature is Valid."), "%s", out);
		ck_assert_msg(strstr(out, "Total document signed"), "%s", out);
		ck_assert_ptr_nonnull(
		    strstr(out, v == CA_PADES ? "ETSI.CAdES.detached" : "adbe.pkcs7.detached"));
		free(out);
		free(cmd);
		/* poppler 22.12 reports "Unknown issue with Certificate" for the trusted chain
		 * when -no-ocsp is given; without it (the test certificates have no AIA, so no
		 * network access is attempted) the chain shows as trusted. */
		if (nss && v != SELF_ADBE) {
			cmd = vx_asprintf("pdfsig -nssdir sql:%s/nss %s", dir, path);
			out = run(cmd, &st);
			fprintf(stderr, "--- %s\n%s", cmd, out);
			ck_assert_msg(
			    strstr(out, "Certificate Validation: Certificate is Trusted."), "%s",
			    out);
			free(out);
			free(cmd);
		}

		cmd = vx_asprintf("qpdf --check %s", path);
		out = run(cmd, &st);
		fprintf(stderr, "--- %s (exit %d)\n%s", cmd, st, out);
		ck_assert_msg(st == 0 && strstr(out, "No syntax or stream encoding errors found"),
		              "%s", out);
		free(out);
		free(cmd);

		/* tampered copy: one byte of the original content flipped */
		const char *gap = memmem(s, len, "/Contents <", 11);
		ck_assert_ptr_nonnull(gap);
		s[(gap - s) / 2] ^= 0x01;
		ck_assert_int_eq(vx_file_write_atomic(path, s, len, &err), 0);
		cmd = vx_asprintf("pdfsig -nssdir sql:%s/nss -no-ocsp %s", dir, path);
		out = run(cmd, &st);
		ck_assert_msg(strstr(out, "Signature Validation: Digest Mismatch."), "%s", out);
		fprintf(stderr, "--- tampered copy (exit %d): Digest Mismatch.\n", st);
		free(out);
		free(cmd);
		unlink(path);
		free(path);
		free(s);
	}
	cmd = vx_asprintf("rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}
END_TEST

/* Issue 5's promise: ANY single changed byte of a signed file is caught, including the
 * bytes of /Contents, which are outside the signed ranges (a changed padding digit or a
 * flipped hex letter case would otherwise decode to the same signature). Every byte of
 * the fixture is changed in turn. */
START_TEST(every_single_byte_change_caught)
{
	char *path = vx_test_data("sign/signed.pdf"), *ca = vx_test_data("sign/ca.cert.pem");
	size_t len, missed = 0;
	char *pdf = vx_test_slurp(path, &len);
	struct vx_sign_report r;
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_int_eq(vx_sign_verify(pdf, len, ca, &r, &err), 0);
	ck_assert(r.signed_ && r.whole_file_covered && r.digest_ok && r.signature_ok && r.chain_ok &&
		  r.certs_ok);
	/* under valgrind (scripts/valgrind.sh) every VX_TEST_SAMPLE-th byte, with a varying
	 * offset; the sanitizer build checks every byte */
	size_t step = getenv("VX_TEST_SAMPLE") ? (size_t)strtoul(getenv("VX_TEST_SAMPLE"), NULL, 10) : 1;
	if (step < 1)
		step = 1;
	for (size_t i = step > 1 ? (size_t)rand() % step : 0; i < len; i += step) {
		char was = pdf[i];
		/* a different byte of the same kind: case flip for hex letters, else +1 */
		pdf[i] = (was >= 'a' && was <= 'f') ? (char)(was - 32) : (char)(was ^ 0x01);
		memset(&r, 0, sizeof(r));
		if (vx_sign_verify(pdf, len, ca, &r, &err) == 0 && r.signed_ && r.whole_file_covered &&
		    r.digest_ok && r.signature_ok && r.chain_ok && r.certs_ok)
			missed++;
		pdf[i] = was;
	}
	ck_assert_msg(missed == 0, "%zu of %zu single-byte changes verified as valid", missed, len);
	free(pdf);
	free(path);
	free(ca);
}
END_TEST

Suite *vx_suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("sign");
	tcase_add_loop_test(tc, sign_and_verify, SELF_ADBE, CA_PADES + 1);
	tcase_add_test(tc, tamper_any_signed_byte);
	tcase_add_test(tc, indirect_annots_extended);
	tcase_add_test(tc, key_errors);
	tcase_add_test(tc, p12_keys);
	suite_add_tcase(s, tc);
	TCase *tm = tcase_create("malformed");
	tcase_add_test(tm, malformed_refused);
	tcase_add_test(tm, fuzz_no_crash);
	tcase_add_test(tm, every_single_byte_change_caught);
	tcase_set_timeout(tm, 120);
	suite_add_tcase(s, tm);
	TCase *tj = tcase_create("judges");
	tcase_add_test(tj, external_judges);
	tcase_set_timeout(tj, 120);
	suite_add_tcase(s, tj);
	return s;
}
