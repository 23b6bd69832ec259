/* src/util/csv.h - an RFC 4180 CSV record reader.
 *
 * Reads records from a buffer the caller owns: fields separated by commas, optionally
 * double-quoted (with "" for a quote, and line breaks allowed inside quotes), records ended
 * by LF or CRLF. Blank lines are skipped. Used by the support-level sidecar and, later, the
 * triage import. Knows nothing of columns or meaning.
 */
#ifndef VX_UTIL_CSV_H
#define VX_UTIL_CSV_H

#include <stddef.h>

struct vx_err;

struct vx_csv {
	const char *data; /* borrowed */
	size_t len;
	size_t pos;
	int line;	 /* 1-based line of the read position */
	int record_line; /* line where the last record returned started */
};

void vx_csv_init(struct vx_csv *c, const char *data, size_t len);

/* Next record: *fields (fresh strings, free with vx_csv_fields_free) and *n. Returns 1 for
 * a record, 0 at the end, negative on a malformed record (err names "line L"). */
int vx_csv_next(struct vx_csv *c, char ***fields, size_t *n, struct vx_err *err);
void vx_csv_fields_free(char **fields, size_t n);

#endif
