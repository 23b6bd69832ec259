/* tests/fuzz/fuzz_vex.c - triage import: CSV, CycloneDX VEX and CSAF VEX. */
#include "fuzz_common.h"
#include "import/vex.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_vex v;
	struct vx_err err;
	vx_err_clear(&err);
	memset(&v, 0, sizeof(v));
	vx_vex_parse((const char *)data, size, &v, &err);
	vx_vex_release(&v);
	return 0;
}
