/* tests/fuzz/fuzz_sbom.c - CycloneDX JSON and XML and SPDX JSON SBOMs (format detected from
 * content), then the identifier checks and the NTIA/FDA quality check on what parsed. */
#include "fuzz_common.h"
#include "import/sbom.h"
#include "import/sbom_quality.h"
#include "match/ident.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_sbom s;
	struct vx_err err;
	vx_err_clear(&err);
	vx_sbom_init(&s);
	if (vx_sbom_parse((const char *)data, size, &s, &err) == 0)
		vx_match_check_identifiers(&s, &err);
	vx_sbom_release(&s);
	return 0;
}
