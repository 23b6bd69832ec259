/* src/cmd/report.c - vexil report annual: the PMA annual report's cybersecurity section. */
#include "cmd/cmd.h"
#include "render/annual.h"
#include "util/err.h"
#include "util/file.h"
#include "util/paths.h"
#include "util/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_report[] =
	"usage: vexil report annual --product P --year YYYY -o FILE.pdf|FILE.json [--letter]\n"
	"                           [--fonts DIR]\n"
	"\n"
	"The cybersecurity section of a PMA periodic (annual) report: one entry per finding of\n"
	"the device with a change (fix distributed or deployed, status set to fixed) or a\n"
	"compensating control recorded in the year, each with the vulnerability and how it was\n"
	"learned, the risk conclusion, the change and its rationale, other devices affected,\n"
	"the UDI, advisories, customer notifications, the ISAO and the related submissions or\n"
	"the basis for none (FDA 2016 postmarket guidance, section VIII), and FDA's three plan\n"
	"metrics over those entries.\n";

int vx_cmd_report(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *product = NULL, *year = NULL, *out = NULL, *fonts = NULL, *pos[1];
	bool letter = false, help;
	const struct vx_option opts[] = {
		{"product", &product, NULL}, {"year", &year, NULL}, {"o", &out, NULL},
		{"fonts", &fonts, NULL},     {"letter", NULL, &letter}, {NULL, NULL, NULL},
	};
	struct vx_annual_opts o = {0};
	struct vx_annual_info info = {0};
	struct vx_err err;
	char *data = NULL, *fdir = NULL, *end;
	size_t len = 0, olen;
	long y;
	int npos, rc, json;
	if (argc && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		vx_cmd_print_usage(ctx);
		return VX_EXIT_OK;
	}
	if (!argc || strcmp(argv[0], "annual") != 0)
		return vx_cmd_usage_error(ctx, "expected 'annual'");
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!product || !year || !out)
		return vx_cmd_usage_error(ctx, "--product, --year and -o are required");
	y = strtol(year, &end, 10);
	if (*end || y < 1990 || y > 9999)
		return vx_cmd_usage_error(ctx, "--year takes a year such as 2026");
	olen = strlen(out);
	json = olen > 5 && strcmp(out + olen - 5, ".json") == 0;
	if (!json && !(olen > 4 && strcmp(out + olen - 4, ".pdf") == 0))
		return vx_cmd_usage_error(ctx, "-o must name a .pdf or a .json file");
	vx_err_clear(&err);
	fdir = fonts ? vx_strdup(fonts) : vx_data_dir() ? vx_asprintf("%s/fonts", vx_data_dir()) : NULL;
	o.product = product;
	o.year = (int)y;
	o.fonts_dir = fdir ? fdir : "fonts";
	o.letter = letter;
	o.generated_at = (long long)vx_time_now();
	if (json) {
		rc = vx_annual_json(ctx->store, &o, &data, &info, &err);
		len = data ? strlen(data) : 0;
	} else {
		rc = vx_annual_pdf(ctx->store, &o, &data, &len, &info, &err);
	}
	if (rc == 0)
		rc = vx_file_write_atomic(out, data, len, &err);
	if (rc == 0) {
		printf("%s: PMA annual report %ld, cybersecurity section of %s: %zu entr%s\n", out, y,
		       product, info.entries, info.entries == 1 ? "y" : "ies");
		if (!info.pma)
			printf("note: %s is not on the PMA pathway; the section is for reference\n",
			       product);
	}
	free(data);
	free(fdir);
	return rc < 0 ? vx_cmd_fail(ctx, &err) : VX_EXIT_OK;
}
