#include "import/sbom.h"
#include "util/err.h"
int vx_spdx_json_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err)
{
	(void)data, (void)len, (void)out;
	return vx_err_set(err, VX_EUNSUPPORTED, "not yet");
}
int vx_sbom_apply_support_csv(struct vx_sbom *s, const char *data, size_t len,
			      struct vx_err *err)
{
	(void)s, (void)data, (void)len;
	return vx_err_set(err, VX_EUNSUPPORTED, "not yet");
}
