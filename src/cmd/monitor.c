/* src/cmd/monitor.c - vexil monitor: the continuous-monitoring loop of a postmarket plan.
 *
 * Each cycle takes in the feed files dropped into a folder (each name and content once),
 * matches, evaluates, raises alerts for the events a manufacturer must act on, and delivers
 * them. Events are recorded in the store before delivery (one row per event key, so no event
 * is raised twice) and marked delivered after (so an alert interrupted by a crash is
 * delivered on the next run, with the same id).
 */
#include "cmd/cmd.h"
#include "rules/clocks.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/file.h"
#include "util/time.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char vx_usage_monitor[] =
	"usage: vexil monitor --feeds DIR [--interval MINUTES | --once] [--exec CMD]\n"
	"                     [--as-of DATE] [--json]\n"
	"\n"
	"Watch a folder that a scheduled download fills with NVD, CISA KEV and OSV files. Every\n"
	"cycle takes in the files not seen before (a file whose content changed is taken again;\n"
	"names starting with '.' or ending in .part, .tmp or .partial are skipped as downloads in\n"
	"progress), matches every version's SBOM, evaluates the rules, and raises an alert for:\n"
	"  new-finding  a new finding on a fielded version\n"
	"  kev          a finding whose vulnerability is in CISA KEV\n"
	"  due-soon     a deadline within 14 days: the 30-day customer notice (C2), the 60-day\n"
	"               fix (C3), the Part 806 report, the Part 803 evaluation, the KEV due date\n"
	"  overdue      such a deadline passed, or a condition failed\n"
	"Each event is raised once (it is recorded in the store) and delivered until delivery\n"
	"succeeds: to stdout as a line, or a JSON line with --json, and with --exec CMD to a\n"
	"shell command per alert, which gets the alert as JSON on stdin (and VEXIL_ALERT_ID,\n"
	"VEXIL_ALERT_KIND); a command that fails leaves the alert pending for the next cycle.\n"
	"An alert interrupted by a crash is delivered again with the same id, so receivers can\n"
	"drop repeats. What the imports, match and evaluate print goes to stderr.\n"
	"  --interval MIN  minutes between cycles (default 60); stop with Ctrl-C or SIGTERM\n"
	"  --once          one cycle; exit 3 when alerts were delivered, 0 when none, 1 on error\n"
	"  --as-of DATE    evaluate deadlines as of DATE instead of today\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Test hook: VEXIL_TEST_CRASH=<point> ends the process at that point, as a crash would. */
static void crash_point(const char *point)
{
	const char *c = getenv("VEXIL_TEST_CRASH");
	if (c && strcmp(c, point) == 0) {
		fflush(stdout);
		_exit(9);
	}
}

/* Run a vexil command in this process with its stdout sent to stderr. */
static int sub(struct vx_ctx *ctx, const char *const *argv)
{
	const struct vx_command *c = vx_cmd_find(argv[0]);
	struct vx_ctx s = *ctx;
	int argc = 0, saved, rc;
	while (argv[argc])
		argc++;
	fflush(stdout);
	saved = dup(1);
	dup2(2, 1);
	s.name = c->name;
	s.usage = c->usage;
	s.json = false;
	rc = c->run(&s, argc - 1, (char **)argv + 1);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	return rc;
}

static int skip_name(const char *n)
{
	size_t len = strlen(n);
	static const char *const partial[] = {".part", ".tmp", ".partial"};
	if (n[0] == '.')
		return 1;
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(partial[i]);
		if (len > k && strcmp(n + len - k, partial[i]) == 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Take in the new feed files; *taken counts those imported. */
static int take_files(struct vx_ctx *ctx, const char *dir, size_t *taken, struct vx_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	*taken = 0;
	if (!d)
		return vx_err_set(err, VX_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		char *p;
		struct stat sb;
		if (skip_name(e->d_name))
			continue;
		p = vx_asprintf("%s/%s", dir, e->d_name);
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
			names = vx_grow(names, sizeof(*names), n + 1, &cap);
			names[n++] = vx_strdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *p = vx_asprintf("%s/%s", dir, names[i]), sha[65];
		unsigned long long len = 0;
		int seen = 0, ok;
		/* hashed in pieces: a feed file can be gigabytes, and the import streams it */
		if ((rc = vx_sha256_file(p, sha, &len, err)) < 0) {
			vx_err_prefix(err, "%s", p);
			free(p);
			break;
		}
		if ((rc = vx_store_monitor_seen(ctx->store, names[i], sha, &seen, err)) == 0 && !seen) {
			const char *const a[] = {"feed", "import", p, NULL};
			fprintf(stderr, "monitor: taking in %s\n", p);
			ok = sub(ctx, a) == 0;
			crash_point("after-import");
			if ((rc = vx_store_begin(ctx->store, err)) == 0) {
				if ((rc = vx_store_monitor_took(ctx->store, names[i], sha, (long long)len,
								ok, err)) < 0 ||
				    (rc = vx_store_commit(ctx->store, err)) < 0)
					vx_store_rollback(ctx->store);
			}
			if (ok)
				(*taken)++;
		}
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Raise the alerts the store's state calls for; *raised counts new ones. */
static int raise_alerts(struct vx_ctx *ctx, const char *as_of, size_t *raised,
			struct vx_err *err)
{
	struct vx_rule_input *in = NULL;
	struct vx_decision *ds = NULL;
	size_t n = 0, nd = 0;
	int rc;
	*raised = 0;
	if ((rc = vx_store_rule_inputs(ctx->store, NULL, NULL, &in, &n, err)) < 0)
		return rc;
	if ((rc = vx_store_decisions(ctx->store, NULL, &ds, &nd, err)) < 0)
		goto out;
	if ((rc = vx_store_begin(ctx->store, err)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct vx_rule_input *x = &in[i];
		const struct vx_decision *d;
		struct vx_clock ck[VX_CLOCKS_MAX];
		size_t nck;
		char where[400], *key, *text;
		int r = 0;
		d = vx_decision_of(ds, nd, x->finding_id);
		snprintf(where, sizeof(where), "#%lld %s %s %s %s", x->finding_id, x->product,
			 x->version, x->vuln_id, x->component ? x->component : "-");
		if (x->fielded) {
			key = vx_asprintf("new:%lld:%s", x->finding_id, x->t0 ? x->t0 : "");
			text = vx_asprintf("%s: new finding on a fielded version (t0 %.10s)", where,
					   x->t0 ? x->t0 : "-");
			rc = vx_store_alert_raise(ctx->store, key, "new-finding", x->finding_id, NULL,
						  text, &r, err);
			*raised += (size_t)r;
			free(key);
			free(text);
		}
		if (rc == 0 && x->kev) {
			key = vx_asprintf("kev:%lld", x->finding_id);
			text = vx_asprintf("%s: in CISA KEV (added %s, due %s)", where,
					   x->kev_added ? x->kev_added : "-", x->kev_due ? x->kev_due : "-");
			rc = vx_store_alert_raise(ctx->store, key, "kev", x->finding_id, x->kev_due, text,
						  &r, err);
			*raised += (size_t)r;
			free(key);
			free(text);
		}
		nck = vx_clocks(x->triage.status, x->kev, x->kev_due, d, as_of, ck);
		for (size_t c = 0; c < nck && rc == 0; c++) {
			const struct vx_clock *k = &ck[c];
			const char *kind = vx_clock_overdue(k) ? "overdue"
					   : k->days_left != VX_CLOCK_NO_DATE && k->days_left <= 14
						   ? "due-soon"
						   : NULL;
			if (!kind)
				continue;
			key = vx_asprintf("%s:%lld:%s:%s", kind, x->finding_id, k->what, k->due);
			if (k->what[0] == 'C' && k->what[1] >= '1' && k->what[1] <= '9')
				text = vx_asprintf("%s: condition %s %s: %s", where, k->what,
						   strcmp(kind, "overdue") == 0 ? "not met" : "due soon",
						   k->detail);
			else if (strcmp(kind, "overdue") == 0)
				text = vx_asprintf("%s: %s %s passed", where, k->what, k->due);
			else
				text = vx_asprintf("%s: %s %s is %ld day%s away", where, k->what, k->due,
						   k->days_left, k->days_left == 1 ? "" : "s");
			rc = vx_store_alert_raise(ctx->store, key, kind, x->finding_id, k->due, text, &r,
						  err);
			*raised += (size_t)r;
			free(key);
			free(text);
		}
	}
	if (rc == 0)
		rc = vx_store_commit(ctx->store, err);
	if (rc < 0)
		vx_store_rollback(ctx->store);
out:
	vx_rule_input_list_free(in, n);
	vx_decision_list_free(ds, nd);
	return rc;
}

static char *alert_json(const struct vx_alert *a)
{
	cJSON *o = cJSON_CreateObject();
	char *s;
	cJSON_AddNumberToObject(o, "id", (double)a->id);
	vx_cmd_json_str(o, "kind", a->kind);
	if (a->finding_id)
		cJSON_AddNumberToObject(o, "finding", (double)a->finding_id);
	vx_cmd_json_str(o, "due", a->due);
	vx_cmd_json_str(o, "text", a->text);
	vx_cmd_json_str(o, "raised_at", a->raised_at);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		vx_oom();
	return s;
}

/* Run cmd with the alert on stdin; 0 when it exits 0. */
static int exec_alert(const char *cmd, const struct vx_alert *a, const char *json)
{
	int fd[2], status = 0;
	pid_t pid;
	char id[32];
	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		snprintf(id, sizeof(id), "%lld", a->id);
		setenv("VEXIL_ALERT_ID", id, 1);
		setenv("VEXIL_ALERT_KIND", a->kind, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	{
		size_t len = strlen(json), off = 0;
		while (off < len) {
			ssize_t w = write(fd[1], json + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (write(fd[1], "\n", 1) < 0) { /* the command may not read stdin */
		}
	}
	close(fd[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int deliver(struct vx_ctx *ctx, const char *cmd, size_t *delivered, size_t *failed,
		   struct vx_err *err)
{
	struct vx_alert *al = NULL;
	size_t n = 0;
	int rc;
	*delivered = *failed = 0;
	if ((rc = vx_store_alerts_pending(ctx->store, &al, &n, err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char *json = alert_json(&al[i]);
		if (cmd && exec_alert(cmd, &al[i], json) != 0) {
			fprintf(stderr, "monitor: --exec failed for alert %lld (%s): it stays pending\n",
				al[i].id, al[i].kind);
			(*failed)++;
			free(json);
			continue;
		}
		if (ctx->json)
			printf("%s\n", json);
		else
			printf("ALERT %lld %-11s %s\n", al[i].id, al[i].kind, al[i].text);
		fflush(stdout);
		free(json);
		crash_point("after-deliver");
		if ((rc = vx_store_alert_delivered(ctx->store, al[i].id, err)) < 0)
			break;
		(*delivered)++;
	}
	vx_alert_list_free(al, n);
	return rc;
}

int vx_cmd_monitor(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *feeds = NULL, *interval = "60", *cmd = NULL, *as_of = NULL, *pos[1];
	bool once = false, help;
	const struct vx_option opts[] = {
		{"feeds", &feeds, NULL}, {"interval", &interval, NULL}, {"once", NULL, &once},
		{"exec", &cmd, NULL},	 {"as-of", &as_of, NULL},	{NULL, NULL, NULL},
	};
	struct vx_err err;
	long minutes;
	char *end, day[11];
	int npos, rc, first = 1;
	size_t total_delivered = 0, total_failed = 0;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help)
		return rc;
	if (!feeds)
		return vx_cmd_usage_error(ctx, "--feeds DIR is required");
	minutes = strtol(interval, &end, 10);
	if (*end || minutes < 1 || minutes > 7 * 24 * 60)
		return vx_cmd_usage_error(ctx, "--interval takes minutes (1 to 10080)");
	if (as_of && !vx_time_parse_date(as_of, NULL))
		return vx_cmd_usage_error(ctx, "--as-of takes a date (YYYY-MM-DD)");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	vx_err_clear(&err);
	while (!stop) {
		size_t taken = 0, raised = 0, delivered = 0, failed = 0;
		const char *when = as_of ? as_of : (vx_time_format_date(vx_time_now(), day), day);
		const char *const ev[] = {"evaluate", "--as-of", when, NULL};
		const char *const ma[] = {"match", NULL};
		if ((rc = take_files(ctx, feeds, &taken, &err)) < 0)
			break;
		if ((taken || first) && sub(ctx, ma) > VX_EXIT_FAIL) {
			rc = vx_err_set(&err, VX_EINVAL, "match failed");
			break;
		}
		if (sub(ctx, ev) > VX_EXIT_FAIL) {
			rc = vx_err_set(&err, VX_EINVAL, "evaluate failed");
			break;
		}
		if ((rc = raise_alerts(ctx, when, &raised, &err)) < 0)
			break;
		crash_point("after-raise");
		if ((rc = deliver(ctx, cmd, &delivered, &failed, &err)) < 0)
			break;
		total_delivered += delivered;
		total_failed += failed;
		fprintf(stderr, "monitor: %s: %zu file%s taken in, %zu new alert%s, %zu delivered%s\n",
			when, taken, taken == 1 ? "" : "s", raised, raised == 1 ? "" : "s", delivered,
			failed ? " (some deliveries failed: retried next cycle)" : "");
		first = 0;
		if (once)
			break;
		for (long s = 0; s < minutes * 60 && !stop; s++)
			sleep(1);
	}
	if (rc < 0)
		return vx_cmd_fail(ctx, &err);
	if (total_failed)
		return VX_EXIT_FAIL;
	return once && total_delivered ? 3 : VX_EXIT_OK;
}
