/* src/cmd/triage_import.h - vexil triage import: assessments from a CSV, a CycloneDX VEX or
 * a CSAF VEX, recorded as 'triage set' records them, all in one transaction.
 *
 * Called by the triage dispatcher (src/cmd/triage.c) with argv after "import"; sets
 * ctx->name and ctx->usage itself.
 */
#ifndef VX_CMD_TRIAGE_IMPORT_H
#define VX_CMD_TRIAGE_IMPORT_H

struct vx_ctx;

extern const char vx_usage_triage_import[];

int vx_cmd_triage_import(struct vx_ctx *ctx, int argc, char **argv);

#endif
