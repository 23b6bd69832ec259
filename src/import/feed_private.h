/* src/import/feed_private.h - what the feed readers share; private to src/import.
 *
 * The per-format readers behind vx_feed_read_*() (feed.h) and the helpers they have in
 * common. Tests and fuzzers may call the readers directly when the format is known.
 */
#ifndef VX_IMPORT_FEED_PRIVATE_H
#define VX_IMPORT_FEED_PRIVATE_H

#include "import/feed.h"

/* --- The readers per format, behind vx_feed_read_*(); callable directly when the format
 * is known. They set info->format themselves and leave the rest of *info as given. */

/* A pull function hands out the next chunk of feed text: 0 with *len 0 at the end of the
 * input, negative with err set when the input fails (an I/O error, a corrupt or truncated
 * gzip stream). The chunk stays valid until the next call. */
typedef int (*vx_feed_pull)(void *src, const char **chunk, size_t *len, struct vx_err *err);

/* NVD CVE API 2.0 (src/import/nvd.c): streams with yajl, one record's tree at a time. */
int vx_nvd_read(vx_feed_pull pull, void *src, vx_feed_cb cb, void *ctx,
		struct vx_feed_info *info, struct vx_err *err);
/* CISA KEV catalog (src/import/kev.c) and OSV (src/import/osv.c): whole documents. */
int vx_kev_read(const char *data, size_t len, vx_feed_cb cb, void *ctx,
		struct vx_feed_info *info, struct vx_err *err);
int vx_osv_read(const char *data, size_t len, vx_feed_cb cb, void *ctx,
		struct vx_feed_info *info, struct vx_err *err);

/* Helpers the readers share (src/import/feed.c). */
/* Append a copy of s to the list *v of *n strings; with unique, an equal entry already
 * there is not added again. NULL s is ignored. */
void vx_feed_strv_add(char ***v, size_t *n, const char *s, int unique);
/* "CVE-YYYY-NNNN" with four or more digits in the last part. */
int vx_feed_cve_id_valid(const char *s);
/* Checks a whole JSON text before cJSON sees it: valid UTF-8, no \u0000 escape, no string
 * longer than VX_FEED_MAX_STRING once decoded; errors say "line L, column C: ...". */
int vx_feed_check_text(const char *data, size_t len, struct vx_err *err);

#endif
