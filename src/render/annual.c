/* src/render/annual.c - the PMA annual report's cybersecurity section (see annual.h). */
#include "render/annual.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/layout.h"
#include "rules/clocks.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

struct entry {
	const struct vx_finding *f;
	const struct vx_triage *t; /* newest */
	const struct vx_decision *d; /* newest successful, or NULL */
	struct vx_vuln_facts fa;
	const char *udi;
	char *how, *change, *controls, *others, *advisories, *notices, *isao, *submissions;
};

struct report {
	const struct vx_annual_opts *o;
	char year[8];
	struct vx_profile prof;
	struct vx_product prod;
	struct vx_product_version *vers;
	size_t nvers;
	struct vx_finding *fs;
	size_t nf;
	struct vx_triage **th;
	size_t *nth;
	struct vx_decision **dh;
	size_t *ndh;
	struct entry *e;
	size_t ne;
	struct vx_plan_metrics plan;
};

static int in_year(const struct report *R, const char *date)
{
	return date && strncmp(date, R->year, 4) == 0 && date[4] == '-';
}

static const char *nz(const char *s)
{
	return s && *s ? s : "-";
}

static void release(struct report *R)
{
	for (size_t i = 0; i < R->ne; i++) {
		struct entry *e = &R->e[i];
		vx_vuln_facts_release(&e->fa);
		free(e->how);
		free(e->change);
		free(e->controls);
		free(e->others);
		free(e->advisories);
		free(e->notices);
		free(e->isao);
		free(e->submissions);
	}
	free(R->e);
	for (size_t i = 0; i < R->nf; i++) {
		if (R->th)
			vx_triage_list_free(R->th[i], R->nth[i]);
		if (R->dh)
			vx_decision_list_free(R->dh[i], R->ndh[i]);
	}
	free(R->th);
	free(R->nth);
	free(R->dh);
	free(R->ndh);
	vx_finding_list_free(R->fs, R->nf);
	vx_version_list_free(R->vers, R->nvers);
	if (R->prof.name)
		vx_profile_release(&R->prof);
	if (R->prod.name)
		vx_product_release(&R->prod);
}

/* What changed in the year for this finding, or NULL. */
static char *change_text(const struct report *R, const struct vx_triage *th, size_t n)
{
	const struct vx_triage *t = &th[n - 1];
	struct vx_buf b;
	vx_buf_init(&b);
	if (in_year(R, t->fix_distributed))
		vx_buf_printf(&b, "validated fix distributed %s", t->fix_distributed);
	if (in_year(R, t->fix_deployed))
		vx_buf_printf(&b, "%sdeployed in the field %s", b.len ? "; " : "", t->fix_deployed);
	/* set to fixed without a fix date: the record's date is the best date there is */
	for (size_t i = 0; !t->fix_distributed && i < n; i++)
		if (strcmp(th[i].status, "fixed") == 0 && in_year(R, th[i].recorded_at) &&
		    (i == 0 || strcmp(th[i - 1].status, "fixed") != 0)) {
			vx_buf_printf(&b, "%sstatus set to fixed %.10s", b.len ? "; " : "",
				      th[i].recorded_at);
			break;
		}
	if (b.len && t->action)
		vx_buf_printf(&b, " (%s)", t->action);
	return b.len ? vx_buf_detach(&b) : (vx_buf_release(&b), NULL);
}

/* The compensating controls recorded in the year (the newest), or NULL. */
static char *controls_text(const struct report *R, const struct vx_triage *th, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (th[i].controls && in_year(R, th[i].recorded_at) &&
		    (i == 0 || !th[i - 1].controls || strcmp(th[i - 1].controls, th[i].controls) != 0))
			return vx_asprintf("%s (recorded %.10s)", th[i].controls, th[i].recorded_at);
	return NULL;
}

static char *submissions_text(const struct vx_decision *d)
{
	struct vx_buf b;
	vx_buf_init(&b);
	if (!d) {
		vx_buf_adds(&b, "not determined: the rules have not evaluated this finding");
	} else {
		if (d->part806 && strcmp(d->part806, "yes") == 0)
			vx_buf_printf(&b, "21 CFR 806 report required (due %s)", nz(d->part806_due));
		else if (d->part806 && strcmp(d->part806, "pending") == 0)
			vx_buf_printf(&b, "21 CFR 806 report due %s unless conditions C1-C4 are met",
				      nz(d->part806_due));
		else if (d->risk && strcmp(d->risk, "uncontrolled") == 0)
			vx_buf_adds(&b, "no 21 CFR 806 report: conditions C1-C4 of FDA's 2016 "
					"guidance (VII.B) are met");
		else
			vx_buf_adds(&b, "no 21 CFR 806 report: controlled risk, the change is a "
					"routine update");
		if (d->part803)
			vx_buf_printf(&b, "; 21 CFR 803 (MDR) evaluation due %s", nz(d->part803_due));
		vx_buf_adds(&b, "; the need for a PMA supplement (21 CFR 814.39) is assessed by "
				"regulatory affairs (not recorded in vexil)");
	}
	return vx_buf_detach(&b);
}

static int gather(struct vx_store *st, struct report *R, struct vx_err *err)
{
	struct vx_finding_filter flt = {0};
	struct vx_advisory *advs = NULL;
	size_t nadv = 0;
	int rc;
	snprintf(R->year, sizeof(R->year), "%04d", R->o->year);
	if ((rc = vx_store_product_get(st, R->o->product, &R->prod, err)) < 0)
		return rc;
	rc = vx_store_profile_get(st, &R->prof, err);
	if (rc < 0 && rc != VX_ENOTFOUND)
		return rc;
	vx_err_clear(err);
	if ((rc = vx_store_version_list(st, R->prod.id, &R->vers, &R->nvers, err)) < 0)
		return rc;
	flt.product = R->o->product;
	flt.include_closed = 1;
	if ((rc = vx_store_findings(st, &flt, &R->fs, &R->nf, err)) < 0)
		return rc;
	if ((rc = vx_store_advisory_list(st, R->prod.id, &advs, &nadv, err)) < 0)
		return rc;
	R->th = vx_calloc(R->nf + 1, sizeof(*R->th));
	R->nth = vx_calloc(R->nf + 1, sizeof(*R->nth));
	R->dh = vx_calloc(R->nf + 1, sizeof(*R->dh));
	R->ndh = vx_calloc(R->nf + 1, sizeof(*R->ndh));
	R->e = vx_calloc(R->nf + 1, sizeof(*R->e));
	for (size_t i = 0; i < R->nf; i++) {
		const struct vx_finding *f = &R->fs[i];
		struct entry *e;
		char *change, *controls;
		if ((rc = vx_store_triage_history(st, f->id, &R->th[i], &R->nth[i], err)) < 0 ||
		    (rc = vx_store_decision_history(st, f->id, &R->dh[i], &R->ndh[i], err)) < 0)
			break;
		change = change_text(R, R->th[i], R->nth[i]);
		controls = controls_text(R, R->th[i], R->nth[i]);
		if (!change && !controls)
			continue;
		e = &R->e[R->ne++];
		e->f = f;
		e->t = &R->th[i][R->nth[i] - 1];
		for (size_t k = R->ndh[i]; k-- > 0;)
			if (R->dh[i][k].ok) {
				e->d = &R->dh[i][k];
				break;
			}
		e->change = change;
		e->controls = controls;
		for (size_t k = 0; k < R->nvers; k++)
			if (strcmp(R->vers[k].version, f->version) == 0)
				e->udi = R->vers[k].udi_di;
		if ((rc = vx_store_vuln_facts(st, f->vuln_id, &e->fa, err)) < 0)
			break;
		e->how = e->fa.is_tip ? vx_asprintf("reported by %s, received %.10s", nz(e->fa.reporter),
						    nz(e->fa.received))
				      : vx_asprintf("published vulnerability data (%s), matched "
						    "against the SBOM; t0 %.10s",
						    strncmp(f->vuln_id, "CVE-", 4) == 0 ? "NVD"
											: "OSV",
						    nz(f->t0));
		{ /* other device versions with the same vulnerability */
			struct vx_finding_filter of = {0};
			struct vx_finding *ofs = NULL;
			size_t nof = 0;
			struct vx_buf b;
			of.vuln = f->vuln_id;
			if ((rc = vx_store_findings(st, &of, &ofs, &nof, err)) < 0)
				break;
			vx_buf_init(&b);
			for (size_t k = 0; k < nof; k++) {
				char *label;
				if (ofs[k].id == f->id)
					continue;
				label = vx_asprintf("%s %s", ofs[k].product, ofs[k].version);
				if (!strstr(vx_buf_str(&b), label))
					vx_buf_printf(&b, "%s%s", b.len ? ", " : "", label);
				free(label);
			}
			e->others = b.len ? vx_buf_detach(&b) : (vx_buf_release(&b), NULL);
			vx_finding_list_free(ofs, nof);
		}
		{ /* the advisories that cover it */
			struct vx_buf b;
			vx_buf_init(&b);
			for (size_t k = 0; k < nadv; k++) {
				const struct vx_advisory *a = &advs[k];
				int covers = strcmp(a->vulns, "*") == 0
						     ? strcmp(a->scope, f->version) == 0
						     : (strstr(a->vulns, f->vuln_id) != NULL);
				if (covers && a->nrevs)
					vx_buf_printf(&b, "%s%s revision %d (%s, %.10s)",
						      b.len ? "; " : "", a->tracking_id,
						      a->revs[a->nrevs - 1].number,
						      a->revs[a->nrevs - 1].status,
						      a->revs[a->nrevs - 1].date);
			}
			e->advisories = b.len ? vx_buf_detach(&b) : (vx_buf_release(&b), NULL);
		}
		{ /* the notices issued for it (audit trail), and the dates on the finding */
			struct vx_audit_entry *au = NULL;
			size_t nau = 0;
			char *entity = vx_asprintf("vulnerability %s", f->vuln_id);
			struct vx_buf b;
			rc = vx_store_audit_log(st, entity, &au, &nau, err);
			if (rc < 0) {
				free(entity);
				break;
			}
			vx_buf_init(&b);
			for (size_t k = 0; k < nau; k++) {
				cJSON *j;
				const char *kind, *date, *prod, *file;
				/* the log is by prefix: "vulnerability CVE-1" also
				 * matches "vulnerability CVE-12" */
				if (strcmp(au[k].action, "notice.issue") != 0 ||
				    strcmp(au[k].entity, entity) != 0)
					continue;
				j = cJSON_Parse(au[k].after ? au[k].after : "null");
				kind = cJSON_GetStringValue(cJSON_GetObjectItem(j, "kind"));
				date = cJSON_GetStringValue(cJSON_GetObjectItem(j, "date"));
				prod = cJSON_GetStringValue(cJSON_GetObjectItem(j, "product"));
				file = cJSON_GetStringValue(cJSON_GetObjectItem(j, "file"));
				if (kind && prod && strcmp(prod, R->o->product) == 0)
					vx_buf_printf(&b, "%s%s notice %s (%s)", b.len ? "; " : "", kind,
						      nz(date), nz(file));
				cJSON_Delete(j);
			}
			if (e->t->customers_notified && !strstr(vx_buf_str(&b), "customer notice"))
				vx_buf_printf(&b, "%scustomers notified %s", b.len ? "; " : "",
					      e->t->customers_notified);
			e->notices = b.len ? vx_buf_detach(&b) : (vx_buf_release(&b), NULL);
			vx_audit_list_free(au, nau);
			free(entity);
		}
		e->isao = e->t->isao_notified
				  ? vx_asprintf("%s, notified %s", nz(R->prof.isao_name),
						e->t->isao_notified)
				  : vx_asprintf("%s: not notified", nz(R->prof.isao_name));
		e->submissions = submissions_text(e->d);
		vx_plan_metrics_add(&R->plan, e->t->status, f->t0, e->t->fix_distributed,
				    e->t->fix_deployed);
	}
	for (size_t k = 0; k < nadv; k++)
		vx_advisory_release(&advs[k]);
	free(advs);
	return rc < 0 ? rc : 0;
}

int vx_annual_json(struct vx_store *st, const struct vx_annual_opts *o, char **json,
		   struct vx_annual_info *info, struct vx_err *err)
{
	struct report R;
	struct vx_jw w;
	char v[3][80], gen[21];
	int rc;
	memset(&R, 0, sizeof(R));
	R.o = o;
	*json = NULL;
	if ((rc = gather(st, &R, err)) < 0) {
		release(&R);
		return rc;
	}
	vx_time_format((time_t)o->generated_at, gen);
	vx_plan_metrics_text(&R.plan, v);
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "report", "PMA periodic report: cybersecurity section");
	vx_jw_kstr(&w, "manufacturer", R.prof.name);
	vx_jw_kstr(&w, "product", R.prod.name);
	vx_jw_kstr(&w, "pathway", R.prod.pathway);
	vx_jw_kint(&w, "year", o->year);
	vx_jw_kstr(&w, "generated_at", gen);
	vx_jw_key(&w, "plan_metrics");
	vx_jw_object(&w);
	vx_jw_kstr(&w, "share_patched", v[0]);
	vx_jw_kstr(&w, "mean_days_identification_to_patch", v[1]);
	vx_jw_kstr(&w, "mean_days_patch_to_deployment", v[2]);
	vx_jw_object_end(&w);
	vx_jw_key(&w, "entries");
	vx_jw_array(&w);
	for (size_t i = 0; i < R.ne; i++) {
		const struct entry *e = &R.e[i];
		vx_jw_object(&w);
		vx_jw_kint(&w, "finding", e->f->id);
		vx_jw_kstr(&w, "vulnerability", e->f->vuln_id);
		vx_jw_kstr(&w, "title", e->fa.title);
		vx_jw_kstr(&w, "how_learned", e->how);
		vx_jw_kstr(&w, "device_version", e->f->version);
		vx_jw_kstr(&w, "udi_di", e->udi);
		vx_jw_kstr(&w, "component", e->f->component);
		vx_jw_kstr(&w, "component_version", e->f->component_version);
		vx_jw_kstr(&w, "vex_status", e->t->status);
		vx_jw_kstr(&w, "risk", e->d ? e->d->risk : NULL);
		vx_jw_kstr(&w, "change", e->change);
		vx_jw_kstr(&w, "compensating_controls", e->controls);
		vx_jw_kstr(&w, "rationale", e->d ? e->d->rationale : NULL);
		vx_jw_kstr(&w, "other_devices", e->others);
		vx_jw_kstr(&w, "advisories", e->advisories);
		vx_jw_kstr(&w, "customer_notifications", e->notices);
		vx_jw_kstr(&w, "isao", e->isao);
		vx_jw_kstr(&w, "related_submissions", e->submissions);
		vx_jw_object_end(&w);
	}
	vx_jw_array_end(&w);
	vx_jw_object_end(&w);
	*json = vx_asprintf("%s\n", vx_jw_text(&w));
	vx_jw_release(&w);
	if (info) {
		info->entries = R.ne;
		info->pma = R.prod.pathway && strcmp(R.prod.pathway, "PMA") == 0;
	}
	release(&R);
	return 0;
}

int vx_annual_pdf(struct vx_store *st, const struct vx_annual_opts *o, char **pdf, size_t *len,
		  struct vx_annual_info *info, struct vx_err *err)
{
	struct report R;
	struct vx_layout *L = NULL;
	struct vx_layout_opts lo = {0};
	char v[3][80], gen[21], *regular, *bold, *header, *title;
	int rc;
	memset(&R, 0, sizeof(R));
	R.o = o;
	*pdf = NULL;
	*len = 0;
	if ((rc = gather(st, &R, err)) < 0) {
		release(&R);
		return rc;
	}
	vx_time_format((time_t)o->generated_at, gen);
	vx_plan_metrics_text(&R.plan, v);
	regular = vx_asprintf("%s/DejaVuSans.ttf", o->fonts_dir);
	bold = vx_asprintf("%s/DejaVuSans-Bold.ttf", o->fonts_dir);
	title = vx_asprintf("PMA annual report %d: cybersecurity section", o->year);
	header = vx_asprintf("%s — %s — %s", nz(R.prof.name), R.prod.name, title);
	lo.letter = o->letter;
	lo.font_regular = regular;
	lo.font_bold = bold;
	lo.title = title;
	lo.author = R.prof.name;
	lo.creator = "vexil";
	lo.created = o->generated_at;
	lo.header = header;
	lo.footer = gen;
	rc = vx_layout_new(&lo, &L, err);
	free(regular);
	free(bold);
	if (rc < 0)
		goto out;
	vx_layout_title(L, title, 16);
	vx_layout_space(L, 8);
	vx_layout_kv(L, "Manufacturer", R.prof.name);
	vx_layout_kv(L, "Device", R.prod.model ? R.prod.model : R.prod.name);
	vx_layout_kv(L, "Pathway", R.prod.pathway);
	vx_layout_kv(L, "Reporting year", R.year);
	vx_layout_kv(L, "Generated at", gen);
	if (!R.prod.pathway || strcmp(R.prod.pathway, "PMA") != 0)
		vx_layout_notice(L, "This device is not on the PMA pathway: periodic reports under "
				    "21 CFR 814.84 do not apply to it. The section is produced for "
				    "reference only.");
	vx_layout_text(L, "Per FDA's 2016 postmarket cybersecurity guidance (section VIII), one entry "
			  "per change or compensating control made in the year for a cybersecurity "
			  "vulnerability, with FDA's plan metrics over those entries.",
		       0, 0);
	vx_layout_heading(L, 1, "Plan metrics", 0, 60);
	{
		static const char *const h[] = {"Metric", "Value", "Basis"};
		static const double wd[] = {3, 2, 4};
		vx_layout_table_begin(L, 3, h, wd);
		for (int k = 0; k < 3; k++) {
			const char *c[3] = {vx_plan_metric_names[k], v[k], vx_plan_metric_basis[k]};
			vx_layout_table_row(L, c);
		}
		vx_layout_table_end(L);
	}
	vx_layout_heading(L, 1, "Entries", 0, 60);
	if (!R.ne)
		vx_layout_text(L, "none: no cybersecurity change or compensating control was "
				  "recorded for this device in the year",
			       0, 0);
	for (size_t i = 0; i < R.ne; i++) {
		const struct entry *e = &R.e[i];
		char *h = vx_asprintf("%zu. %s — %s %s (%s %s)", i + 1, e->f->vuln_id,
				      nz(e->f->component), nz(e->f->component_version), R.prod.name,
				      e->f->version);
		vx_layout_heading(L, 2, h, 0, 60);
		free(h);
		vx_layout_kv(L, "Vulnerability", e->fa.title ? e->fa.title : e->f->vuln_id);
		vx_layout_kv(L, "How learned", e->how);
		vx_layout_kv(L, "Risk conclusion", e->d ? e->d->risk : "not evaluated");
		vx_layout_kv(L, "Change", e->change ? e->change : "none in the year");
		vx_layout_kv(L, "Compensating controls", e->controls ? e->controls : "none recorded in the year");
		vx_layout_kv(L, "Rationale", e->d ? e->d->rationale : NULL);
		vx_layout_kv(L, "Other devices affected", e->others ? e->others : "none");
		vx_layout_kv(L, "UDI-DI", e->udi);
		vx_layout_kv(L, "Advisories", e->advisories ? e->advisories : "none issued");
		vx_layout_kv(L, "Customer notifications", e->notices ? e->notices : "none");
		vx_layout_kv(L, "ISAO", e->isao);
		vx_layout_kv(L, "Related submissions", e->submissions);
	}
	rc = vx_layout_finish(L, pdf, len, err);
	if (info) {
		info->entries = R.ne;
		info->pma = R.prod.pathway && strcmp(R.prod.pathway, "PMA") == 0;
	}
out:
	vx_layout_free(L);
	free(header);
	free(title);
	release(&R);
	return rc;
}
