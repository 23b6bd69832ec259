/* src/cmd/demo.c - vexil demo: the whole evidence set for the bundled example manufacturer.
 *
 * The demo is a script of ordinary vexil commands, run in this process against a fresh
 * store in the output folder, each printed before it runs ("$ vexil ..."), on a fixed
 * timeline: SBOMs in August 2026, the NVD and KEV extract on 1 September, triage four days
 * later, a researcher's report on 20 November and its coordinated disclosure, and the
 * documents as of 28 November. The same inputs therefore give the same story on any day.
 */
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/err.h"
#include "util/file.h"
#include "util/paths.h"
#include "util/time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char vx_usage_demo[] =
	"usage: vexil demo [-o DIR] [--examples DIR]\n"
	"\n"
	"Build a store from the bundled example (examples/: a fictional manufacturer with an\n"
	"infusion pump and a patient monitor, two versions each) and write its whole evidence\n"
	"set into DIR (default ./vexil-demo): the signed dossier of each device, CSAF advisories\n"
	"and their CVRF form, VEX (CSAF and CycloneDX) for every fielded version, the researcher\n"
	"acknowledgement and the customer and ISAO notices, CAPA records, and the PMA annual\n"
	"report section. Every step is an ordinary vexil command, printed before it runs, on a\n"
	"fixed timeline from August to 28 November 2026. DIR/demo.db is the store (recreated on\n"
	"every run); the documents are signed with the TEST ONLY keys in examples/signing.\n";

struct demo {
	struct vx_ctx *ctx;
	const char *ex, *out;
	int steps;
};

static long long epoch(const char *date)
{
	time_t t = 0;
	vx_time_parse_any(date, &t);
	return (long long)t;
}

/* Run one vexil command in this process at the given time; print it first. */
static int run(struct demo *d, const char *when, const char *const *argv)
{
	const struct vx_command *c = vx_cmd_find(argv[0]);
	struct vx_ctx sub = *d->ctx;
	char num[32];
	int argc = 0, rc;
	while (argv[argc])
		argc++;
	snprintf(num, sizeof(num), "%lld", epoch(when));
	setenv("SOURCE_DATE_EPOCH", num, 1);
	printf("\n[%s] $ vexil", when);
	for (int i = 0; i < argc; i++)
		printf(strchr(argv[i], ' ') || !*argv[i] ? " '%s'" : " %s", argv[i]);
	printf("\n");
	fflush(stdout);
	sub.name = c->name;
	sub.usage = c->usage;
	sub.json = false;
	rc = c->run(&sub, argc - 1, (char **)argv + 1);
	fflush(stdout);
	d->steps++;
	return rc;
}

#define RUN(when, ...)                                                                       \
	do {                                                                                 \
		const char *const argv_[] = {__VA_ARGS__, NULL};                             \
		if ((rc = run(&D, when, argv_)) != 0)                                         \
			goto out;                                                            \
	} while (0)

int vx_cmd_demo(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *out = "vexil-demo", *examples = NULL, *pos[1];
	const struct vx_option opts[] = {
		{"o", &out, NULL}, {"examples", &examples, NULL}, {NULL, NULL, NULL}};
	struct demo D = {0};
	struct vx_err err;
	struct vx_ctx mine = *ctx;
	char *ex = NULL, *db = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *csv = NULL,
	     *feeds = NULL, *triage = NULL, *key = NULL, *cert = NULL, *ca = NULL, *dirs[6] = {0};
	char *saved_epoch = getenv("SOURCE_DATE_EPOCH") ? vx_strdup(getenv("SOURCE_DATE_EPOCH")) : NULL;
	static const char *const sub[] = {"advisories", "vex", "notices", "capa", "reports", NULL};
	int npos, rc;
	bool help;
	rc = vx_cmd_parse(ctx, argc, argv, opts, pos, 0, &npos, &help);
	if (rc || help) {
		free(saved_epoch);
		return rc;
	}
	vx_err_clear(&err);
	ex = examples ? vx_strdup(examples) : vx_data_dir() ? vx_asprintf("%s/examples", vx_data_dir())
							    : NULL;
	if (!ex || access(ex, R_OK) != 0) {
		free(saved_epoch);
		vx_err_set(&err, VX_ENOTFOUND, "cannot find the bundled examples%s%s (give --examples DIR)",
			   ex ? " at " : "", ex ? ex : "");
		free(ex);
		return vx_cmd_fail(ctx, &err);
	}
	/* the output folders; the store is recreated */
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		vx_err_set(&err, VX_EIO, "%s: cannot create the folder: %s", out, strerror(errno));
		rc = vx_cmd_fail(ctx, &err);
		goto out_free;
	}
	for (int i = 0; sub[i]; i++) {
		dirs[i] = vx_asprintf("%s/%s", out, sub[i]);
		if (mkdir(dirs[i], 0777) != 0 && errno != EEXIST) {
			vx_err_set(&err, VX_EIO, "%s: cannot create the folder: %s", dirs[i],
				   strerror(errno));
			rc = vx_cmd_fail(ctx, &err);
			goto out_free;
		}
	}
	db = vx_asprintf("%s/demo.db", out);
	for (int i = 0; i < 3; i++) {
		static const char *const suffix[] = {"", "-wal", "-shm"};
		char *p = vx_asprintf("%s%s", db, suffix[i]);
		unlink(p);
		free(p);
	}
	if (vx_store_open(db, VX_STORE_CREATE, &mine.store, &err) < 0) {
		rc = vx_cmd_fail(ctx, &err);
		goto out_free;
	}
	vx_store_set_actor(mine.store, "Northwind product security (vexil demo)");
	mine.db_path = db;
	D.ctx = &mine;
	D.ex = ex;
	D.out = out;
	s1 = vx_asprintf("%s/sboms/nip200-2.1.cdx.json", ex);
	s2 = vx_asprintf("%s/sboms/nip200-3.0.cdx.xml", ex);
	s3 = vx_asprintf("%s/sboms/npm500-1.2.cdx.json", ex);
	csv = vx_asprintf("%s/sboms/npm500-1.2-support.csv", ex);
	s4 = vx_asprintf("%s/sboms/npm500-1.4.spdx.json", ex);
	feeds = vx_asprintf("%s/feeds", ex);
	triage = vx_asprintf("%s/triage.csv", ex);
	{ /* the TEST ONLY key goes in as PEM text (in-process, so no argv shows it), so that
	   * the permission warning for key files meant for real keys stays quiet here */
		char *kp = vx_asprintf("%s/signing/signer.key.pem", ex);
		size_t klen = 0;
		if (vx_file_read(kp, 1 << 20, &key, &klen, &err) < 0) {
			free(kp);
			rc = vx_cmd_fail(ctx, &err);
			goto out;
		}
		free(kp);
	}
	cert = vx_asprintf("%s/signing/signer.cert.pem", ex);
	ca = vx_asprintf("%s/signing/ca.cert.pem", ex);
	printf("vexil demo: the evidence set of Northwind Medical Systems, Inc. (fictional), in %s\n",
	       out);

	/* August: the manufacturer, its devices and their SBOMs */
	RUN("2026-08-03", "profile", "set", "--name", "Northwind Medical Systems, Inc.", "--namespace",
	    "https://psirt.northwind-medical.example", "--cvd-contact",
	    "mailto:psirt@northwind-medical.example", "--isao", "Health-ISAC", "--isao-member", "yes",
	    "--isao-evidence", "H-ISAC membership agreement HM-2024-118");
	RUN("2026-08-03", "product", "add", "NIP-200", "--model", "Northwind Infusion Pump NIP-200",
	    "--pathway", "510k", "--cyber-device", "yes", "--version", "2.1", "--released",
	    "2021-07-01", "--end-of-support", "2027-06-30", "--udi-di", "00850012345018");
	RUN("2026-08-03", "product", "add", "NIP-200", "--version", "3.0", "--released", "2023-12-01",
	    "--end-of-support", "2031-12-31", "--udi-di", "00850012345025");
	RUN("2026-08-03", "product", "add", "NPM-500", "--model", "Northwind Patient Monitor NPM-500",
	    "--pathway", "PMA", "--cyber-device", "yes", "--version", "1.2", "--released",
	    "2020-10-05", "--end-of-support", "2023-12-31", "--fielded", "no");
	RUN("2026-08-03", "product", "add", "NPM-500", "--version", "1.4", "--released", "2021-12-06",
	    "--end-of-support", "2028-12-31", "--udi-di", "00850012345131");
	RUN("2026-08-04", "sbom", "import", s1, "--product", "NIP-200", "--version", "2.1");
	RUN("2026-08-04", "sbom", "import", s2, "--product", "NIP-200", "--version", "3.0");
	RUN("2026-08-04", "sbom", "import", s3, "--product", "NPM-500", "--version", "1.2",
	    "--support", csv);
	RUN("2026-08-04", "sbom", "import", s4, "--product", "NPM-500", "--version", "1.4");
	/* FDA's SBOM expectations: NPM-500 1.2 has one gap on purpose (FatFs has no support
	 * data), so its check exits 1 and the demo goes on */
	{
		static const char *const pv[][2] = {
			{"NIP-200", "2.1"}, {"NIP-200", "3.0"}, {"NPM-500", "1.2"}, {"NPM-500", "1.4"}};
		for (int i = 0; i < 4; i++) {
			const char *const a[] = {"sbom", "check", "--product", pv[i][0], "--version",
						 pv[i][1], NULL};
			if ((rc = run(&D, "2026-08-04", a)) != 0 && rc != VX_EXIT_FAIL)
				goto out;
		}
	}
	RUN("2026-08-04", "sbom", "diff", "--product", "NIP-200", "2.1", "3.0");
	/* 1 September: the vulnerability feeds, matched against every version */
	RUN("2026-09-01", "feed", "import", feeds);
	RUN("2026-09-01", "match");
	/* the assessments (examples/triage.csv), and the rules' decisions */
	RUN("2026-09-05", "triage", "import", triage);
	RUN("2026-09-05", "evaluate");
	/* quality: the CAPA record of Log4Shell on the central station (closed in November) */
	RUN("2026-09-06", "capa", "set", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--problem", "Log4Shell in the central station's service tool (log4j-core 2.14.1)",
	    "--source", "NVD and CISA KEV feeds, matched against the NPM-500 1.4 SBOM",
	    "--investigation", "The service tool logs device names received from bedside monitors",
	    "--root-cause", "Third-party component not updated after the December 2021 advisories",
	    "--timeline-rationale", "Customer notice within 30 days, fix within 60 days (FDA 2016 VII.B)");
	RUN("2026-09-06", "capa", "action", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--kind", "correction", "--text", "Customers set LOG4J_FORMAT_MSG_NO_LOOKUPS=true",
	    "--owner", "Field service", "--due", "2026-09-20", "--done", "2026-09-18");
	RUN("2026-09-06", "capa", "action", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--kind", "corrective", "--text", "Central station update 1.4.2 with Log4j 2.17.1",
	    "--owner", "Central station team", "--due", "2026-10-31", "--done", "2026-10-20");
	RUN("2026-09-06", "capa", "action", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--kind", "preventive", "--text",
	    "SBOM-driven monitoring of third-party components with vexil monitor", "--owner",
	    "Product security", "--done", "2026-11-01");
	RUN("2026-11-20", "capa", "set", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--verification", "Regression and hazard analysis re-run for 1.4.2: no new hazard",
	    "--verified-by", "V. Lindqvist (verification)", "--verified-on", "2026-10-18",
	    "--effectiveness-criteria", "Every fielded central station on 1.4.2 within 30 days",
	    "--effectiveness-result", "412 of 412 central stations on 1.4.2 on 2026-11-10",
	    "--effectiveness-checked", "2026-11-15");
	RUN("2026-11-20", "capa", "approve", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--name", "M. Alvarez", "--role", "Quality management representative");
	RUN("2026-11-20", "capa", "set", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--status", "closed");
	/* 20 November: a researcher reports a flaw in the pump's update agent (CVD) */
	RUN("2026-11-20", "tip", "add", "--title",
	    "Update agent accepts unsigned packages over the clinical network", "--received",
	    "2026-11-20", "--purl", "pkg:generic/northwind-medical/nip200-update-agent", "--affected",
	    "vers:generic/>=2.0.0|<3.0.0", "--reporter", "Dana Okafor (independent researcher)",
	    "--cvss", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	RUN("2026-11-20", "match");
	{
		char *ack = vx_asprintf("%s/notices/VX-2026-0001-researcher-ack.md", out);
		RUN("2026-11-21", "notice", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
		    "researcher-ack", "-o", ack);
		free(ack);
	}
	RUN("2026-11-22", "triage", "set", "--product", "NIP-200", "--version", "2.1", "--vuln",
	    "VX-2026-0001", "--status", "affected", "--severity", "critical", "--safety", "yes",
	    "--adverse-events", "no", "--hazard",
	    "a forged update package changes the pump's infusion rate limits", "--controls",
	    "Disable remote software updates in the pump's network menu", "--action",
	    "Disable remote updates now; install update 2.1.4 with signed packages when it is announced.",
	    "--reason", "Reproduced by product security (PSR-131)");
	RUN("2026-11-22", "evaluate");
	{
		char *cn = vx_asprintf("%s/notices/VX-2026-0001-customer.pdf", out);
		char *in = vx_asprintf("%s/notices/VX-2026-0001-isao.md", out);
		char *cm = vx_asprintf("%s/notices/VX-2026-0001-customer.md", out);
		RUN("2026-11-25", "notice", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
		    "customer", "--format", "pdf", "-o", cn);
		RUN("2026-11-25", "notice", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
		    "customer", "--draft", "-o", cm);
		RUN("2026-11-25", "notice", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
		    "isao", "-o", in);
		free(cn);
		free(in);
		free(cm);
	}
	/* 26 November: advisories and VEX for customers' tools */
	RUN("2026-11-26", "evaluate");
	RUN("2026-11-26", "advisory", "--product", "NIP-200", "--vuln", "VX-2026-0001",
	    "--tracking-id", "NW-SA-2026-003", "--cvrf", "-o", dirs[0]);
	RUN("2026-11-26", "advisory", "--product", "NIP-200", "--vuln",
	    "CVE-2023-38545,CVE-2024-6387", "--tracking-id", "NW-SA-2026-002", "--cvrf", "-o",
	    dirs[0]);
	RUN("2026-11-26", "advisory", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
	    "--tracking-id", "NW-SA-2026-001", "--cvrf", "-o", dirs[0]);
	RUN("2026-11-26", "vex", "--product", "NIP-200", "--version", "2.1", "-o", dirs[1]);
	RUN("2026-11-26", "vex", "--product", "NIP-200", "--version", "3.0", "-o", dirs[1]);
	RUN("2026-11-26", "vex", "--product", "NPM-500", "--version", "1.4", "-o", dirs[1]);
	RUN("2026-11-26", "vex", "--product", "NIP-200", "--version", "2.1", "--format",
	    "cyclonedx", "-o", dirs[1]);
	RUN("2026-11-26", "vex", "--product", "NIP-200", "--version", "3.0", "--format",
	    "cyclonedx", "-o", dirs[1]);
	RUN("2026-11-26", "vex", "--product", "NPM-500", "--version", "1.4", "--format",
	    "cyclonedx", "-o", dirs[1]);
	/* and the CAPA record opened for the researcher's report */
	RUN("2026-11-26", "capa", "set", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--problem",
	    "The update agent accepts unsigned packages", "--source",
	    "Researcher report (Dana Okafor), received 2026-11-20", "--timeline-rationale",
	    "Customer notice within 30 days of receipt; signed-update fix due within 60 days");
	RUN("2026-11-26", "capa", "action", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
	    "correction", "--text", "Customers disable remote updates (customer notice of 2026-11-25)",
	    "--owner", "Field service", "--due", "2026-12-05");
	RUN("2026-11-26", "capa", "action", "--product", "NIP-200", "--vuln", "VX-2026-0001", "--kind",
	    "corrective", "--text", "Verify package signatures in the update agent (update 2.1.4)",
	    "--owner", "Pump software team", "--due", "2027-01-15");
	{
		char *c1 = vx_asprintf("%s/capa/NPM-500-CVE-2021-44228.pdf", out);
		char *c2 = vx_asprintf("%s/capa/NIP-200-VX-2026-0001.pdf", out);
		char *c3 = vx_asprintf("%s/capa/NPM-500-CVE-2021-44228.json", out);
		RUN("2026-11-28", "capa", "render", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
		    "-o", c1, "--sign-key", key, "--sign-cert", cert, "--chain", ca);
		RUN("2026-11-28", "capa", "render", "--product", "NIP-200", "--vuln", "VX-2026-0001", "-o",
		    c2, "--sign-key", key, "--sign-cert", cert, "--chain", ca);
		RUN("2026-11-28", "capa", "render", "--product", "NPM-500", "--vuln", "CVE-2021-44228",
		    "-o", c3);
		free(c1);
		free(c2);
		free(c3);
	}
	/* 28 November: where things stand, the annual report section and the dossiers */
	RUN("2026-11-28", "evaluate");
	RUN("2026-11-28", "status");
	{
		char *r1 = vx_asprintf("%s/reports/NPM-500-annual-2026.pdf", out);
		char *r2 = vx_asprintf("%s/reports/NPM-500-annual-2026.json", out);
		char *d1 = vx_asprintf("%s/NIP-200-dossier.pdf", out);
		char *d2 = vx_asprintf("%s/NPM-500-dossier.pdf", out);
		RUN("2026-11-28", "report", "annual", "--product", "NPM-500", "--year", "2026", "-o", r1);
		RUN("2026-11-28", "report", "annual", "--product", "NPM-500", "--year", "2026", "-o", r2);
		RUN("2026-11-28", "dossier", "--product", "NIP-200", "-o", d1, "--sign-key", key,
		    "--sign-cert", cert, "--chain", ca);
		RUN("2026-11-28", "dossier", "--product", "NPM-500", "-o", d2, "--sign-key", key,
		    "--sign-cert", cert, "--chain", ca, "--pades");
		RUN("2026-11-28", "verify", d1, "--ca", ca);
		RUN("2026-11-28", "verify", d2, "--ca", ca);
		free(r1);
		free(r2);
		free(d1);
		free(d2);
	}
	RUN("2026-11-28", "audit", "verify");
	printf("\nvexil demo: %d commands; the evidence set is in %s:\n"
	       "  %s/NIP-200-dossier.pdf, %s/NPM-500-dossier.pdf   signed dossiers (TEST ONLY keys)\n"
	       "  %s/advisories/   CSAF 2.0 advisories (.json) and their CVRF 1.2 form (.xml)\n"
	       "  %s/vex/          VEX of every fielded version: CSAF and CycloneDX\n"
	       "  %s/notices/      researcher acknowledgement, customer notice (PDF, Markdown), ISAO notice\n"
	       "  %s/capa/         CAPA records (signed PDF, JSON)\n"
	       "  %s/reports/      the PMA annual report section of NPM-500 (PDF, JSON)\n"
	       "  %s/demo.db       the store: try 'vexil --db %s/demo.db status'\n",
	       D.steps, out, out, out, out, out, out, out, out, out, out);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "vexil demo: step %d failed; the store so far is %s\n", D.steps, db);
	vx_store_close(mine.store);
out_free:
	if (saved_epoch)
		setenv("SOURCE_DATE_EPOCH", saved_epoch, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	free(saved_epoch);
	for (int i = 0; i < 6; i++)
		free(dirs[i]);
	free(ex);
	free(db);
	free(s1);
	free(s2);
	free(s3);
	free(s4);
	free(csv);
	free(feeds);
	free(triage);
	free(key);
	free(cert);
	free(ca);
	return rc;
}
