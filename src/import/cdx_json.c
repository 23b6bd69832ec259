#include "import/sbom.h"
#include "util/err.h"
int vx_cdx_json_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err)
{
	(void)data, (void)len, (void)out;
	return vx_err_set(err, VX_EUNSUPPORTED, "not yet");
}
