/* src/cmd/cmd.h - what the command files share: the context main() sets up, the command
 * table entry, option parsing, and the only functions in vexil that print.
 *
 * Every src/cmd/<name>.c starts with its usage text, parses its arguments with
 * vx_cmd_parse(), calls the pipeline, prints, and returns an exit code: 0 ok, 1 failure,
 * 2 usage. Messages follow one shape: "vexil: <command>: <where>: <what>".
 */
#ifndef VX_CMD_CMD_H
#define VX_CMD_CMD_H

#include <stdbool.h>
#include <stdio.h>

struct vx_err;
struct vx_store;

enum { VX_EXIT_OK = 0, VX_EXIT_FAIL = 1, VX_EXIT_USAGE = 2 };

/* What a command needs main() to prepare. */
enum vx_cmd_needs {
	VX_NEED_NOTHING = 0,
	VX_NEED_STORE = 1,	  /* an existing store, opened and migrated */
	VX_NEED_STORE_CREATE = 2, /* open the store, creating it when missing */
};

struct vx_ctx {
	const char *name;	 /* "sbom import": the command as messages name it */
	const char *db_path;	 /* --db, VEXIL_DB, or ./vexil.db */
	bool json;		 /* --json: machine-readable listings */
	const char *as;		 /* who acts: --as, VEXIL_USER, else the login name */
	struct vx_store *store;	 /* opened by main() per the command's needs */
	const char *usage;	 /* the running command's usage text */
};

/* The command named name in the command table (main.c), or NULL. */
const struct vx_command *vx_cmd_find(const char *name);

struct vx_command {
	const char *name;
	int (*run)(struct vx_ctx *ctx, int argc, char **argv);
	enum vx_cmd_needs needs;
	const char *summary;
	const char *usage; /* full usage text, printed by --help and 'vexil help <name>' */
};

/* The command table (main.c). */
extern const struct vx_command vx_commands[];

/* --- option parsing ---------------------------------------------------------------- */

struct vx_option {
	const char *name;    /* long name without dashes: "product" */
	const char **value;  /* for options with a value; NULL for flags */
	bool *flag;	     /* for flags */
};

/* Parse argv[0..argc) (argv[0] is the first argument, not the command name) against opts.
 * "--name value", "--name=value", flags, "--" ends options, "-h"/"--help" prints the usage
 * and returns 0 with *help set. Positional arguments go to pos (up to maxpos; more is a
 * usage error). Returns VX_EXIT_OK, or VX_EXIT_USAGE after printing the reason. */
int vx_cmd_parse(struct vx_ctx *ctx, int argc, char **argv, const struct vx_option *opts,
		 const char **pos, int maxpos, int *npos, bool *help);

/* --- output ------------------------------------------------------------------------ */

/* "vexil: <command>: <where>: <what>" on stderr; returns VX_EXIT_FAIL (VX_EXIT_USAGE for
 * VX_EUSAGE). */
int vx_cmd_fail(struct vx_ctx *ctx, const struct vx_err *err);
/* "vexil: <command>: <message>" + a hint to --help on stderr; returns VX_EXIT_USAGE. */
int vx_cmd_usage_error(struct vx_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print the usage text to stdout. */
void vx_cmd_print_usage(const struct vx_ctx *ctx);

/* Print a cJSON document (passed as void * so that this header stays free of third-party
 * types) to stdout, pretty, and free it. */
void vx_cmd_print_json(void *cjson_root);

/* Add key: val to a cJSON object (void * as above); JSON null when val is NULL. */
void vx_cmd_json_str(void *obj, const char *key, const char *val);

/* Parse yes/no/true/false/1/0; -1 when neither. */
int vx_cmd_bool(const char *s);

/* Commands (one file each). */
int vx_cmd_init(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_profile(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_product(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_sbom(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_id(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_feed(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_match(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_findings(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_tip(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_audit(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_triage(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_evaluate(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_status(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_verify(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_dossier(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_advisory(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_vex(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_notice(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_capa(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_report(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_demo(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_monitor(struct vx_ctx *ctx, int argc, char **argv);
int vx_cmd_help(struct vx_ctx *ctx, int argc, char **argv);

extern const char vx_usage_init[], vx_usage_profile[], vx_usage_product[], vx_usage_sbom[],
	vx_usage_id[], vx_usage_help[], vx_usage_feed[], vx_usage_match[], vx_usage_findings[], vx_usage_tip[], vx_usage_audit[], vx_usage_triage[], vx_usage_evaluate[], vx_usage_status[], vx_usage_verify[], vx_usage_dossier[], vx_usage_advisory[], vx_usage_vex[], vx_usage_notice[], vx_usage_capa[], vx_usage_report[], vx_usage_demo[], vx_usage_monitor[];

#endif
