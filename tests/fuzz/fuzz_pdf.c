/* tests/fuzz/fuzz_pdf.c - the PDF reader behind `vexil verify`: the signature dictionary,
 * the byte ranges, the CMS and the certificates in it, on untrusted bytes. */
#include "fuzz_common.h"
#include "sign/sign.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_sign_report r;
	struct vx_err err;
	memset(&r, 0, sizeof(r));
	vx_err_clear(&err);
	vx_sign_verify((const char *)data, size, NULL, &r, &err);
	return 0;
}
