/* src/cmd/common.c - option parsing and message output shared by the commands (cmd.h). */
#include "cmd/cmd.h"
#include "util/buf.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void vx_cmd_print_usage(const struct vx_ctx *ctx)
{
	fputs(ctx->usage, stdout);
}

int vx_cmd_usage_error(struct vx_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "vexil: %s: ", ctx->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'vexil %s --help')\n", ctx->name);
	return VX_EXIT_USAGE;
}

int vx_cmd_fail(struct vx_ctx *ctx, const struct vx_err *err)
{
	fprintf(stderr, "vexil: %s: %s\n", ctx->name, vx_err_text(err));
	return err->code == VX_EUSAGE ? VX_EXIT_USAGE : VX_EXIT_FAIL;
}

int vx_cmd_parse(struct vx_ctx *ctx, int argc, char **argv, const struct vx_option *opts,
		 const char **pos, int maxpos, int *npos, bool *help)
{
	bool options_done = false;

	*npos = 0;
	*help = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct vx_option *o;
		const char *eq, *val = NULL, *dashes;
		size_t len;

		if (options_done || a[0] != '-' || a[1] == '\0') {
			if (*npos >= maxpos)
				return vx_cmd_usage_error(ctx, "unexpected argument '%s'",
							  vx_str_quote(a, 60));
			pos[(*npos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			vx_cmd_print_usage(ctx);
			*help = true;
			return VX_EXIT_OK;
		}
		if (a[1] != '-' && a[2] != '\0')
			return vx_cmd_usage_error(ctx, "unknown option '%s'", vx_str_quote(a, 60));
		dashes = a[1] == '-' ? "--" : "-";
		a += strlen(dashes); /* "-o": an option whose name is one letter */
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		for (o = opts; o && o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, a, len) == 0)
				break;
		if (!o || !o->name)
			return vx_cmd_usage_error(ctx, "unknown option '%s%.*s'", dashes, (int)len, a);
		if (o->flag) {
			if (eq)
				return vx_cmd_usage_error(ctx, "option '--%s' takes no value",
							  o->name);
			*o->flag = true;
			continue;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return vx_cmd_usage_error(ctx, "option '%s%s' needs a value", dashes, o->name);
		/* every value ends up in the store or in a document: text must be UTF-8 */
		if (!vx_utf8_valid(val, strlen(val)))
			return vx_cmd_usage_error(ctx,
						  "option '%s%s': the value is not valid UTF-8 (byte %zu)",
						  dashes, o->name, vx_utf8_invalid_at(val, strlen(val)) + 1);
		*o->value = val;
	}
	return VX_EXIT_OK;
}

void vx_cmd_print_json(void *cjson_root)
{
	char *s = cJSON_Print(cjson_root);
	if (!s)
		vx_oom();
	fputs(s, stdout);
	fputc('\n', stdout);
	free(s);
	cJSON_Delete(cjson_root);
}

void vx_cmd_json_str(void *obj, const char *key, const char *val)
{
	if (val)
		cJSON_AddStringToObject(obj, key, val);
	else
		cJSON_AddNullToObject(obj, key);
}

int vx_cmd_bool(const char *s)
{
	if (!s)
		return -1;
	if (vx_str_ieq(s, "yes") || vx_str_ieq(s, "true") || strcmp(s, "1") == 0)
		return 1;
	if (vx_str_ieq(s, "no") || vx_str_ieq(s, "false") || strcmp(s, "0") == 0)
		return 0;
	return -1;
}
