/* tests/fuzz/fuzz_ident.c - identifiers: CPE (2.3 and 2.2 URI, then both bindings and a
 * comparison), purl (and its canonical form), vers: ranges (and containment), and version
 * comparison in every scheme. The input is split at the first newline into two strings. */
#include "fuzz_common.h"
#include "match/cpe.h"
#include "match/purl.h"
#include "match/version.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *t = strchr(s, '\n');
	const char *b = "";
	struct vx_err err;
	struct vx_cpe c1, c2;
	struct vx_purl p;
	struct vx_vers r;
	if (t) {
		*t = 0;
		b = t + 1;
	}
	vx_err_clear(&err);
	if (vx_cpe_parse(s, &c1, &err) == 0) {
		char *fs = vx_cpe_to_string(&c1), *uri = vx_cpe_to_uri(&c1);
		if (vx_cpe_parse(b, &c2, &err) == 0) {
			vx_cpe_compare(&c1, &c2);
			vx_cpe_matches(&c1, &c2);
			vx_cpe_release(&c2);
		}
		free(fs);
		free(uri);
		vx_cpe_release(&c1);
	}
	if (vx_purl_parse(s, &p, &err) == 0) {
		char *canon = vx_purl_to_string(&p);
		free(canon);
		vx_purl_release(&p);
	}
	if (vx_vers_parse(s, &r, &err) == 0) {
		char *str = vx_vers_to_string(&r);
		vx_vers_contains(&r, b);
		free(str);
		vx_vers_release(&r);
	}
	for (int sc = VX_VER_GENERIC; sc <= VX_VER_MAVEN; sc++)
		vx_version_cmp(s, b, (enum vx_version_scheme)sc);
	free(s);
	return 0;
}
