/* tests/fuzz/fuzz_feed.c - NVD CVE API 2.0 (streamed with yajl), CISA KEV and OSV feeds, and
 * the matching keys computed from each record. */
#include "fuzz_common.h"
#include "import/feed.h"
#include "match/match.h"
#include "store/vuln.h"
#include "util/err.h"

static int on_record(void *ctx, const struct vx_vuln *v, const char *where, struct vx_err *err)
{
	struct vx_vuln_keys keys = {0};
	(void)ctx;
	(void)where;
	(void)err;
	vx_match_vuln_keys(v, &keys);
	vx_match_keys_release(&keys);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_feed_info info = {0};
	struct vx_err err;
	vx_err_clear(&err);
	vx_feed_read_buffer((const char *)data, size, on_record, NULL, &info, &err);
	free(info.catalog_version);
	return 0;
}
