/* src/rules/clocks.h - the deadlines that run for one finding, and which have passed.
 *
 * One place that knows which dates bind a manufacturer: the CISA KEV due date (while the
 * finding is neither fixed nor not_affected), the Part 806 report and Part 803 evaluation
 * due dates of the newest decision (while they apply), and the FDA 2016 conditions C1-C4
 * the rules returned (a condition "failed" is past due whatever its date). `vexil status`
 * and the dossier both read them from here, so they always agree.
 */
#ifndef VX_RULES_CLOCKS_H
#define VX_RULES_CLOCKS_H

#include <stddef.h>

struct vx_decision;

struct vx_clock {
	char what[48];	   /* "CISA KEV due date", "Part 806 report", "Part 803 evaluation",
			      or a condition id ("C2") */
	char due[16];	   /* YYYY-MM-DD as recorded ("" when none) */
	char detail[256];  /* the condition's detail, else "" */
	int failed;	   /* a condition the rules found failed */
	long days_left;	   /* due minus as_of, in days; VX_CLOCK_NO_DATE when due is no date */
};

#define VX_CLOCK_NO_DATE 100000L
#define VX_CLOCKS_MAX 8

/* The clocks of a finding with VEX status `status` (may be NULL), KEV listing kev/kev_due
 * and newest decision d (NULL when never evaluated, or failed: then only KEV counts), as of
 * the date as_of (YYYY-MM-DD). Fills out[0..VX_CLOCKS_MAX) and returns the count. */
size_t vx_clocks(const char *status, int kev, const char *kev_due, const struct vx_decision *d,
		 const char *as_of, struct vx_clock out[VX_CLOCKS_MAX]);

/* Past due: failed, or a due date before as_of. */
int vx_clock_overdue(const struct vx_clock *c);

/* Days from date a to date b (both YYYY-MM-DD); VX_CLOCK_NO_DATE when either is no date. */
long vx_days_between(const char *a, const char *b);

/* FDA's three plan metrics (premarket guidance V.A.6; regulatory.md 1.4) over a set of
 * findings: the share of vulnerabilities patched, the mean time from identification to
 * patch, the mean time from patch to field deployment. Only findings whose VEX status is
 * affected or fixed count: they are the ones that needed a patch. */
struct vx_plan_metrics {
	long needing, patched;	 /* affected or fixed; of those fixed or with a fix date */
	long n_patch, n_deploy;	 /* findings with both dates of each interval */
	double days_patch, days_deploy;
};

/* Count one finding: its VEX status, t0 (YYYY-MM-DD...), and its fix distributed and fix
 * deployed dates (NULL when not recorded). */
void vx_plan_metrics_add(struct vx_plan_metrics *m, const char *status, const char *t0,
			 const char *fix_distributed, const char *fix_deployed);

/* The three values as text ("67% (2 of 3)", "38.0 days (2 patched)", "none: ..."), and the
 * basis of each, for reports. */
void vx_plan_metrics_text(const struct vx_plan_metrics *m, char value[3][80]);
extern const char *const vx_plan_metric_names[3];
extern const char *const vx_plan_metric_basis[3];

#endif
