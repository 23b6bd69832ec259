/* src/cmd/audit.c - vexil audit log|verify: the append-only, hash-chained audit trail. */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const char vx_usage_audit[] =
	"usage: vexil audit log [--entity PREFIX] [--json]\n"
	"       vexil audit verify [--json]\n"
	"\n"
	"Every change vexil makes to the store appends an entry to the audit trail: who (--as\n"
	"NAME, else VEXIL_USER, else the login name), when, what (action and entity), the state\n"
	"before and after as JSON, and the reason. Entries are chained: each holds the SHA-256\n"
	"of the one before, over all its fields.\n"
	"\n"
	"log     The entries in order; --entity keeps those whose entity starts with PREFIX\n"
	"        (e.g. 'version NIP-200', 'product', 'feed').\n"
	"verify  Recompute the chain and name every entry that was edited, deleted, inserted\n"
	"        or moved outside vexil. Exits 1 when anything is wrong. Prints the head hash:\n"
	"        record it outside the store (a signed dossier does) so that removing the newest\n"
	"        entries is caught as well.\n";

static int log_cmd(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *entity = NULL, *pos[1];
	const struct vx_option opts[] = {{"entity", &entity, NULL}, {NULL, NULL, NULL}};
	struct vx_audit_entry *e;
	struct vx_err err;
	size_t n;
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	vx_err_clear(&err);
	if (vx_store_audit_log(ctx->store, entity, &e, &n, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)e[i].id);
			vx_cmd_json_str(o, "at", e[i].at);
			vx_cmd_json_str(o, "actor", e[i].actor);
			vx_cmd_json_str(o, "action", e[i].action);
			vx_cmd_json_str(o, "entity", e[i].entity);
			/* before/after are JSON documents: embed them as such */
			cJSON_AddItemToObject(o, "before", e[i].before ? cJSON_Parse(e[i].before)
								       : cJSON_CreateNull());
			cJSON_AddItemToObject(o, "after", e[i].after ? cJSON_Parse(e[i].after)
								     : cJSON_CreateNull());
			vx_cmd_json_str(o, "reason", e[i].reason);
			vx_cmd_json_str(o, "prev_hash", e[i].prev_hash);
			vx_cmd_json_str(o, "hash", e[i].hash);
			cJSON_AddItemToArray(arr, o);
		}
		vx_cmd_print_json(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			printf("#%lld %s %s %s %s%s%s\n", e[i].id, e[i].at, e[i].actor, e[i].action,
			       e[i].entity, e[i].reason ? ": " : "", e[i].reason ? e[i].reason : "");
			if (e[i].before)
				printf("    before: %.300s%s\n", e[i].before,
				       strlen(e[i].before) > 300 ? "..." : "");
			if (e[i].after)
				printf("    after:  %.300s%s\n", e[i].after,
				       strlen(e[i].after) > 300 ? "..." : "");
		}
		printf("%zu entries\n", n);
	}
	vx_audit_list_free(e, n);
	return VX_EXIT_OK;
}

static int verify_cmd(struct vx_ctx *ctx, int argc, char **argv)
{
	struct vx_audit_report r;
	struct vx_err err;
	const char *pos[1];
	int npos, rc;
	bool help;

	rc = vx_cmd_parse(ctx, argc, argv, NULL, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	vx_err_clear(&err);
	if (vx_store_audit_verify(ctx->store, &r, &err) < 0)
		return vx_cmd_fail(ctx, &err);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		cJSON_AddNumberToObject(o, "entries", (double)r.entries);
		vx_cmd_json_str(o, "head", r.head);
		cJSON_AddBoolToObject(o, "intact", r.nproblems == 0);
		arr = cJSON_AddArrayToObject(o, "problems");
		for (size_t i = 0; i < r.nproblems; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(r.problems[i]));
		vx_cmd_print_json(o);
	} else {
		for (size_t i = 0; i < r.nproblems; i++)
			fprintf(stderr, "vexil: audit verify: %s\n", r.problems[i]);
		printf("%zu entries, head %s: %s\n", r.entries, r.head,
		       r.nproblems ? "the audit trail has been tampered with" : "chain intact");
	}
	rc = r.nproblems ? VX_EXIT_FAIL : VX_EXIT_OK;
	vx_audit_report_release(&r);
	return rc;
}

int vx_cmd_audit(struct vx_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return vx_cmd_usage_error(ctx, "expected log or verify");
	if (strcmp(argv[0], "log") == 0) {
		ctx->name = "audit log";
		return log_cmd(ctx, argc - 1, argv + 1);
	}
	if (strcmp(argv[0], "verify") == 0) {
		ctx->name = "audit verify";
		return verify_cmd(ctx, argc - 1, argv + 1);
	}
	return vx_cmd_usage_error(ctx, "unknown subcommand '%s' (expected log or verify)", argv[0]);
}
