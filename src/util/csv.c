/* src/util/csv.c - RFC 4180 CSV reader (see csv.h). */
#include "util/csv.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdlib.h>

void vx_csv_init(struct vx_csv *c, const char *data, size_t len)
{
	c->data = data;
	c->len = len;
	c->pos = 0;
	c->line = 1;
	c->record_line = 0;
}

void vx_csv_fields_free(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

int vx_csv_next(struct vx_csv *c, char ***fields, size_t *n, struct vx_err *err)
{
	struct vx_buf f;
	size_t cap = 0;
	int start_line;

	*fields = NULL;
	*n = 0;
	/* skip blank lines */
	while (c->pos < c->len && (c->data[c->pos] == '\n' || c->data[c->pos] == '\r')) {
		if (c->data[c->pos] == '\n')
			c->line++;
		c->pos++;
	}
	if (c->pos >= c->len)
		return 0;
	start_line = c->record_line = c->line;
	vx_buf_init(&f);
	for (;;) {
		bool quoted = false;
		vx_buf_reset(&f);
		if (c->pos < c->len && c->data[c->pos] == '"') {
			quoted = true;
			c->pos++;
			for (;;) {
				if (c->pos >= c->len) {
					vx_buf_release(&f);
					vx_csv_fields_free(*fields, *n);
					*fields = NULL;
					*n = 0;
					return vx_err_set(err, VX_EINVAL,
							  "line %d: unterminated quoted field",
							  start_line);
				}
				char ch = c->data[c->pos++];
				if (ch == '"') {
					if (c->pos < c->len && c->data[c->pos] == '"') {
						vx_buf_addc(&f, '"');
						c->pos++;
						continue;
					}
					break;
				}
				if (ch == '\n')
					c->line++;
				vx_buf_addc(&f, ch);
			}
		}
		while (c->pos < c->len && c->data[c->pos] != ',' && c->data[c->pos] != '\n' &&
		       !(c->data[c->pos] == '\r' && c->pos + 1 < c->len &&
			 c->data[c->pos + 1] == '\n')) {
			if (quoted) {
				vx_buf_release(&f);
				vx_csv_fields_free(*fields, *n);
				*fields = NULL;
				*n = 0;
				return vx_err_set(err, VX_EINVAL,
						  "line %d: text after a closing quote", c->line);
			}
			vx_buf_addc(&f, c->data[c->pos++]);
		}
		*fields = vx_grow(*fields, sizeof(char *), *n + 1, &cap);
		(*fields)[(*n)++] = vx_buf_detach(&f);
		if (c->pos < c->len && c->data[c->pos] == ',') {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && c->data[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->len && c->data[c->pos] == '\n') {
			c->pos++;
			c->line++;
		}
		break;
	}
	vx_buf_release(&f);
	return 1;
}
