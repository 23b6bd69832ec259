/* src/import/cdx_xml.c - placeholder until the CycloneDX XML reader lands. */
#include "import/sbom.h"
#include "util/err.h"
int vx_cdx_xml_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err)
{
	(void)data, (void)len, (void)out;
	return vx_err_set(err, VX_EUNSUPPORTED, "CycloneDX XML reader not built yet");
}
