/* src/rules/clocks.c - deadlines of a finding (see clocks.h). */
#include "rules/clocks.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/vuln.h"
#include "util/time.h"

long vx_days_between(const char *a, const char *b)
{
	time_t ta, tb;
	if (!a || !b || !vx_time_parse_date(a, &ta) || !vx_time_parse_date(b, &tb))
		return VX_CLOCK_NO_DATE;
	return (long)((tb - ta) / 86400);
}

static void add(struct vx_clock *out, size_t *n, const char *what, const char *due,
		const char *detail, int failed, const char *as_of)
{
	struct vx_clock *c;
	if (*n >= VX_CLOCKS_MAX)
		return;
	c = &out[(*n)++];
	memset(c, 0, sizeof(*c));
	snprintf(c->what, sizeof(c->what), "%s", what);
	snprintf(c->due, sizeof(c->due), "%s", due ? due : "");
	snprintf(c->detail, sizeof(c->detail), "%s", detail ? detail : "");
	c->failed = failed;
	c->days_left = vx_days_between(as_of, due);
}

size_t vx_clocks(const char *status, int kev, const char *kev_due, const struct vx_decision *d,
		 const char *as_of, struct vx_clock out[VX_CLOCKS_MAX])
{
	size_t n = 0;
	int settled = status && (strcmp(status, "fixed") == 0 || strcmp(status, "not_affected") == 0);
	if (kev && kev_due && !settled)
		add(out, &n, "CISA KEV due date", kev_due, NULL, 0, as_of);
	if (!d || !d->ok)
		return n;
	if (d->part806 && strcmp(d->part806, "no") != 0 && d->part806_due)
		add(out, &n, "Part 806 report", d->part806_due, NULL, 0, as_of);
	if (d->part803 && d->part803_due)
		add(out, &n, "Part 803 evaluation", d->part803_due, NULL, 0, as_of);
	{
		cJSON *conds = cJSON_Parse(d->conditions ? d->conditions : "[]"), *c;
		cJSON_ArrayForEach(c, conds)
		{
			const char *state = cJSON_GetStringValue(cJSON_GetObjectItem(c, "state"));
			const char *due = cJSON_GetStringValue(cJSON_GetObjectItem(c, "due"));
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
			const char *detail = cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail"));
			if (!state || !due)
				continue;
			if (strcmp(state, "failed") == 0 || strcmp(state, "pending") == 0)
				add(out, &n, id ? id : "condition", due, detail,
				    strcmp(state, "failed") == 0, as_of);
		}
		cJSON_Delete(conds);
	}
	return n;
}

int vx_clock_overdue(const struct vx_clock *c)
{
	return c->failed || (c->days_left != VX_CLOCK_NO_DATE && c->days_left < 0);
}

/* --- plan metrics --------------------------------------------------------------------------- */

const char *const vx_plan_metric_names[3] = {"Share of vulnerabilities patched",
					     "Mean time from identification to patch",
					     "Mean time from patch to field deployment"};
const char *const vx_plan_metric_basis[3] = {
	("findings with VEX status affected or fixed; patched = fixed, or a fix distribution "
	 "date recorded"),
	"t0 (identification) to the 'fix distributed' date",
	"'fix distributed' to 'fix deployed' (triage set --fix-deployed)"};

void vx_plan_metrics_add(struct vx_plan_metrics *m, const char *status, const char *t0,
			 const char *fix_distributed, const char *fix_deployed)
{
	char day[11];
	long days;
	if (!status || (strcmp(status, "affected") != 0 && strcmp(status, "fixed") != 0))
		return;
	m->needing++;
	if (strcmp(status, "fixed") == 0 || fix_distributed)
		m->patched++;
	snprintf(day, sizeof(day), "%s", t0 ? t0 : "");
	days = vx_days_between(day, fix_distributed);
	if (days != VX_CLOCK_NO_DATE) {
		m->days_patch += (double)days;
		m->n_patch++;
	}
	days = vx_days_between(fix_distributed, fix_deployed);
	if (days != VX_CLOCK_NO_DATE) {
		m->days_deploy += (double)days;
		m->n_deploy++;
	}
}

void vx_plan_metrics_text(const struct vx_plan_metrics *m, char v[3][80])
{
	if (m->needing)
		snprintf(v[0], 80, "%.0f%% (%ld of %ld)", 100.0 * (double)m->patched / (double)m->needing,
			 m->patched, m->needing);
	else
		snprintf(v[0], 80, "none: no finding needed a patch");
	if (m->n_patch)
		snprintf(v[1], 80, "%.1f days (%ld patched)", m->days_patch / (double)m->n_patch,
			 m->n_patch);
	else
		snprintf(v[1], 80, "none: no fix distribution date recorded");
	if (m->n_deploy)
		snprintf(v[2], 80, "%.1f days (%ld deployed)", m->days_deploy / (double)m->n_deploy,
			 m->n_deploy);
	else
		snprintf(v[2], 80, "none: no field deployment date recorded");
}
