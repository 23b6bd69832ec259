/* tests/fuzz/fuzz_support_csv.c - the SBOM support-level sidecar CSV (and the CSV reader). */
#include "fuzz_common.h"
#include "import/sbom.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_sbom s;
	struct vx_err err;
	static const char doc[] =
		"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":"
		"\"library\",\"name\":\"a\",\"version\":\"1\",\"purl\":\"pkg:generic/a@1\"}]}";
	vx_err_clear(&err);
	vx_sbom_init(&s);
	if (vx_sbom_parse(doc, sizeof(doc) - 1, &s, &err) == 0)
		vx_sbom_apply_support_csv(&s, (const char *)data, size, &err);
	vx_sbom_release(&s);
	return 0;
}
