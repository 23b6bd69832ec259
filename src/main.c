/* src/main.c - the vexil command line: global options, the command table, and opening what
 * each command needs before it runs.
 *
 * Global options may appear before or after the command name:
 *   --db PATH   the store (env VEXIL_DB, default ./vexil.db)
 *   --json      machine-readable output for listings
 *   --as NAME   who is acting, recorded in the audit trail (env VEXIL_USER, else the
 *               login name)
 */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"
#include "util/paths.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

const struct vx_command vx_commands[] = {
	{"init", vx_cmd_init, VX_NEED_STORE_CREATE, "Create (or upgrade) a store",
	 vx_usage_init},
	{"profile", vx_cmd_profile, VX_NEED_STORE, "Set or show the manufacturer profile",
	 vx_usage_profile},
	{"product", vx_cmd_product, VX_NEED_STORE, "Add, list and show devices and versions",
	 vx_usage_product},
	{"sbom", vx_cmd_sbom, VX_NEED_STORE, "Import, check, compare and list SBOMs",
	 vx_usage_sbom},
	{"feed", vx_cmd_feed, VX_NEED_STORE, "Import NVD, CISA KEV and OSV vulnerability feeds",
	 vx_usage_feed},
	{"tip", vx_cmd_tip, VX_NEED_STORE, "Record a researcher's vulnerability report",
	 vx_usage_tip},
	{"match", vx_cmd_match, VX_NEED_STORE, "Match SBOMs against vulnerabilities: findings",
	 vx_usage_match},
	{"findings", vx_cmd_findings, VX_NEED_STORE, "List findings with CVSS, KEV and evidence",
	 vx_usage_findings},
	{"triage", vx_cmd_triage, VX_NEED_STORE, "Record and review the assessment of findings",
	 vx_usage_triage},
	{"evaluate", vx_cmd_evaluate, VX_NEED_STORE,
	 "Run the rules: severity, controlled risk, reportability", vx_usage_evaluate},
	{"status", vx_cmd_status, VX_NEED_STORE, "What needs attention: deadlines, KEV, risks",
	 vx_usage_status},
	{"audit", vx_cmd_audit, VX_NEED_STORE, "Show and verify the hash-chained audit trail",
	 vx_usage_audit},
	{"dossier", vx_cmd_dossier, VX_NEED_STORE, "Write the signed PDF dossier of a device",
	 vx_usage_dossier},
	{"advisory", vx_cmd_advisory, VX_NEED_STORE, "Write a CSAF 2.0 security advisory",
	 vx_usage_advisory},
	{"vex", vx_cmd_vex, VX_NEED_STORE, "Write the VEX of a device version (CSAF 2.0)",
	 vx_usage_vex},
	{"notice", vx_cmd_notice, VX_NEED_STORE,
	 "Write a customer, ISAO or researcher notice from a template", vx_usage_notice},
	{"capa", vx_cmd_capa, VX_NEED_STORE, "Keep and render the CAPA record of a vulnerability",
	 vx_usage_capa},
	{"report", vx_cmd_report, VX_NEED_STORE, "The PMA annual report's cybersecurity section",
	 vx_usage_report},
	{"monitor", vx_cmd_monitor, VX_NEED_STORE,
	 "Watch a feed folder: import, match, evaluate, and alert", vx_usage_monitor},
	{"demo", vx_cmd_demo, VX_NEED_NOTHING,
	 "Build the example's store and write its whole evidence set", vx_usage_demo},
	{"verify", vx_cmd_verify, VX_NEED_NOTHING, "Verify the signature of a signed PDF dossier",
	 vx_usage_verify},
	{"id", vx_cmd_id, VX_NEED_NOTHING, "Parse a purl, CPE or vers: range; test a version", vx_usage_id},
	{"help", vx_cmd_help, VX_NEED_NOTHING, "Show help for vexil or a command", vx_usage_help},
	{NULL, NULL, 0, NULL, NULL},
};

const char vx_usage_help[] =
	"usage: vexil help [COMMAND]\n"
	"\n"
	"Show the list of commands, or the full help of one command.\n";

static void print_overview(FILE *out)
{
	fputs("usage: vexil [--db PATH] [--json] [--as NAME] <command> [options]\n"
	      "\n"
	      "vexil keeps the postmarket cybersecurity evidence of medical devices: SBOMs,\n"
	      "vulnerabilities, triage and decisions, in one SQLite store.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (const struct vx_command *c = vx_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fputs("\nGlobal options:\n"
	      "  --db PATH    the store (env VEXIL_DB, default ./vexil.db)\n"
	      "  --json       machine-readable output for listings\n"
	      "  --as NAME    who is acting, for the audit trail (env VEXIL_USER, else login)\n"
	      "\n"
	      "Exit codes: 0 ok, 1 failure, 2 usage error.\n"
	      "'vexil help COMMAND' or 'vexil COMMAND --help' shows a command's options.\n",
	      out);
}

const struct vx_command *vx_cmd_find(const char *name)
{
	for (const struct vx_command *c = vx_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int vx_cmd_help(struct vx_ctx *ctx, int argc, char **argv)
{
	const struct vx_command *c;
	if (argc == 0) {
		print_overview(stdout);
		return VX_EXIT_OK;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		fputs(vx_usage_help, stdout);
		return VX_EXIT_OK;
	}
	c = vx_cmd_find(argv[0]);
	if (!c)
		return vx_cmd_usage_error(ctx, "unknown command '%s'", argv[0]);
	fputs(c->usage, stdout);
	return VX_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct vx_ctx ctx = {0};
	const struct vx_command *cmd = NULL;
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc;
	struct vx_err err;

	if (!rest)
		vx_oom();
	ctx.db_path = getenv("VEXIL_DB") && *getenv("VEXIL_DB") ? getenv("VEXIL_DB") : "vexil.db";
	ctx.as = getenv("VEXIL_USER");
	ctx.name = "vexil";
	/* Global options anywhere before "--"; everything else goes to the command. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if (strcmp(a, "--json") == 0) {
			ctx.json = true;
		} else if (strcmp(a, "--db") == 0 || strcmp(a, "--as") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "vexil: option '%s' needs a value\n", a);
				free(rest);
				return VX_EXIT_USAGE;
			}
			*(a[2] == 'd' ? &ctx.db_path : &ctx.as) = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx.db_path = a + 5;
		} else if (strncmp(a, "--as=", 5) == 0) {
			ctx.as = a + 5;
		} else if (!cmd && (strcmp(a, "--version") == 0)) {
			printf("vexil %s\ndata: %s\n", VX_VERSION,
			       vx_data_dir() ? vx_data_dir() : "(not found; set VEXIL_DATA_DIR)");
			free(rest);
			return VX_EXIT_OK;
		} else if (!cmd && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			print_overview(stdout);
			free(rest);
			return VX_EXIT_OK;
		} else if (!cmd) {
			cmd = vx_cmd_find(a);
			if (!cmd) {
				fprintf(stderr,
					"vexil: unknown command '%s' (see 'vexil help')\n", a);
				free(rest);
				return VX_EXIT_USAGE;
			}
		} else {
			rest[nrest++] = argv[i];
		}
	}
	if (!cmd) {
		print_overview(stderr);
		free(rest);
		return VX_EXIT_USAGE;
	}
	ctx.name = cmd->name;
	ctx.usage = cmd->usage;
	/* --help never needs the store. */
	for (int i = 0; i < nrest; i++)
		if (strcmp(rest[i], "--") == 0)
			break;
		else if (strcmp(rest[i], "--help") == 0 || strcmp(rest[i], "-h") == 0) {
			fputs(cmd->usage, stdout);
			free(rest);
			return VX_EXIT_OK;
		}
	vx_err_clear(&err);
	if (cmd->needs != VX_NEED_NOTHING &&
	    vx_store_open(ctx.db_path,
			  cmd->needs == VX_NEED_STORE_CREATE ? VX_STORE_CREATE : VX_STORE_EXISTING,
			  &ctx.store, &err) < 0) {
		rc = vx_cmd_fail(&ctx, &err);
		free(rest);
		return rc;
	}
	if (ctx.store) {
		const char *who = ctx.as;
		struct passwd *pw = who ? NULL : getpwuid(geteuid());
		vx_store_set_actor(ctx.store, who ? who : pw ? pw->pw_name : NULL);
	}
	rc = cmd->run(&ctx, nrest, rest);
	vx_store_close(ctx.store);
	free(rest);
	return rc;
}
