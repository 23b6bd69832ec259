/* src/cmd/init.c - vexil init: create the store, or bring an old one up to date. */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"

const char vx_usage_init[] =
	"usage: vexil [--db PATH] init\n"
	"\n"
	"Create the evidence store (a SQLite file, default ./vexil.db, or --db / VEXIL_DB).\n"
	"Run on an existing store, it applies any pending schema migrations and changes\n"
	"nothing else. The store is one file: archive it with the submission it supports.\n";

int vx_cmd_init(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *pos[1];
	int npos;
	bool help;
	int rc = vx_cmd_parse(ctx, argc, argv, NULL, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	printf("store %s ready (schema version %d)\n", ctx->db_path,
	       vx_store_schema_version(ctx->store));
	return VX_EXIT_OK;
}
