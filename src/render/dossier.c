/* src/render/dossier.c - the postmarket cybersecurity dossier (see dossier.h). */
#include "render/dossier.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import/sbom.h"
#include "render/layout.h"
#include "render/vexdoc.h"
#include "rules/clocks.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/jsonw.h"
#include "util/time.h"

static const char *const SEVERITIES[] = {"negligible", "minor", "serious", "critical",
					 "catastrophic"};
static const char *const EXPLOITS[] = {"very_high", "high", "medium", "low", "very_low"};
static const char *const STATUSES[] = {"under_investigation", "affected", "not_affected",
				       "fixed"};

/* One finding and everything recorded about it. */
struct item {
	struct vx_finding *f;
	struct vx_triage *th; /* triage history, oldest first (never empty for a finding) */
	size_t nth;
	struct vx_decision *dh; /* decision history, oldest first */
	size_t ndh;
	const struct vx_audit_entry **audit;
	size_t naudit, audit_cap;
	char *missing; /* why the finding has no recorded outcome, NULL when it has one */
	int overdue;   /* clocks past due */
};

struct attachment {
	char *path, *name, sha256[65];
	size_t size;
	const char *what;
};

struct dossier {
	const struct vx_dossier_opts *o;
	struct vx_product product;
	struct vx_product_version *versions;
	size_t nversions;
	struct vx_profile profile;
	int have_profile;
	struct vx_finding *findings;
	size_t nfindings;
	struct item *items;
	size_t nitems;
	struct vx_audit_entry *audit;
	size_t naudit;
	struct vx_capa *capas;
	size_t ncapas;
	struct vx_audit_report chain;
	char as_of[11], generated[21];
	char tmpdir[4096];
	struct attachment *att;
	size_t natt, att_cap;
	struct vx_layout *L;
	struct vx_buf b; /* scratch text */
};

/* --- small helpers ---------------------------------------------------------------------------- */

static const char *nz(const char *s)
{
	return s && *s ? s : "-";
}

static const char *fmt(struct dossier *D, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(struct dossier *D, const char *f, ...)
{
	va_list ap;
	char *s;
	va_start(ap, f);
	if (vasprintf(&s, f, ap) < 0)
		vx_oom();
	va_end(ap);
	vx_buf_reset(&D->b);
	vx_buf_adds(&D->b, s);
	free(s);
	return vx_buf_str(&D->b);
}

static const char *yesno(int v)
{
	return v < 0 ? "not assessed" : v ? "yes" : "no";
}

static const struct vx_triage *cur_triage(const struct item *it)
{
	return it->nth ? &it->th[it->nth - 1] : NULL;
}

static const struct vx_decision *cur_decision(const struct item *it)
{
	return it->ndh ? &it->dh[it->ndh - 1] : NULL;
}

static int index_of(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(list[i], v) == 0)
			return (int)i;
	return -1;
}

static const char *date10(const char *s, char out[11])
{
	snprintf(out, 11, "%s", s ? s : "");
	return out;
}

/* --- gathering -------------------------------------------------------------------------------- */

static int in_period(const struct vx_finding *f, const char *from, const char *to)
{
	char t0[11], closed[11];
	date10(f->t0 ? f->t0 : f->opened_at, t0);
	if (to && *t0 && strcmp(t0, to) > 0)
		return 0;
	if (from && f->state && strcmp(f->state, "closed") == 0 && f->closed_at &&
	    strcmp(date10(f->closed_at, closed), from) < 0)
		return 0;
	return 1;
}

static int by_id(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return (x->f->id > y->f->id) - (x->f->id < y->f->id);
}

static void outcome(struct dossier *D, struct item *it)
{
	const struct vx_triage *t = cur_triage(it);
	const struct vx_decision *d = cur_decision(it);
	struct vx_clock ck[VX_CLOCKS_MAX];
	size_t n = vx_clocks(t ? t->status : NULL, it->f->kev, it->f->kev_due, d, D->as_of, ck);
	for (size_t i = 0; i < n; i++)
		if (vx_clock_overdue(&ck[i]))
			it->overdue = 1;
	if (it->f->state && strcmp(it->f->state, "closed") == 0)
		return; /* closed: the outcome is the closure itself */
	if (!t || strcmp(t->status, "under_investigation") == 0)
		it->missing = vx_strdup("VEX status is still under_investigation");
	else if (!d)
		it->missing = vx_strdup("never evaluated by the rules (run vexil evaluate)");
	else if (!d->ok)
		it->missing = vx_asprintf("the rules failed: %s", nz(d->error));
	else if (d->triage_id != t->id)
		it->missing = vx_strdup("the newest assessment has not been evaluated yet (run "
					"vexil evaluate)");
}

static int gather(struct vx_store *st, struct dossier *D, struct vx_err *err)
{
	const struct vx_dossier_opts *o = D->o;
	struct vx_finding_filter flt = {0};
	struct vx_product_version *all = NULL;
	size_t nall = 0;
	int rc;

	if ((rc = vx_store_product_get(st, o->product, &D->product, err)) < 0)
		return rc;
	if ((rc = vx_store_version_list(st, D->product.id, &all, &nall, err)) < 0)
		return rc;
	D->versions = vx_calloc(nall ? nall : 1, sizeof(*D->versions));
	for (size_t i = 0; i < nall; i++) {
		if (!o->version || strcmp(all[i].version, o->version) == 0)
			D->versions[D->nversions++] = all[i];
		else
			vx_version_release(&all[i]);
	}
	free(all);
	if (o->version && !D->nversions)
		return vx_err_set(err, VX_ENOTFOUND, "product '%s' has no version '%s'", o->product,
				  o->version);
	rc = vx_store_profile_get(st, &D->profile, err);
	if (rc == 0)
		D->have_profile = 1;
	else if (rc != VX_ENOTFOUND)
		return rc;
	vx_err_clear(err);

	flt.product = o->product;
	flt.version = o->version;
	flt.include_closed = 1;
	if ((rc = vx_store_findings(st, &flt, &D->findings, &D->nfindings, err)) < 0)
		return rc;
	D->items = vx_calloc(D->nfindings ? D->nfindings : 1, sizeof(*D->items));
	for (size_t i = 0; i < D->nfindings; i++) {
		struct item *it;
		if (!in_period(&D->findings[i], o->from, o->to))
			continue;
		it = &D->items[D->nitems++];
		it->f = &D->findings[i];
		if ((rc = vx_store_triage_history(st, it->f->id, &it->th, &it->nth, err)) < 0 ||
		    (rc = vx_store_decision_history(st, it->f->id, &it->dh, &it->ndh, err)) < 0)
			return rc;
	}
	qsort(D->items, D->nitems, sizeof(*D->items), by_id);
	/* the audit history of every finding, in one pass over the log */
	if ((rc = vx_store_audit_log(st, "finding ", &D->audit, &D->naudit, err)) < 0)
		return rc;
	for (size_t i = 0; i < D->naudit; i++) {
		const struct vx_audit_entry *e = &D->audit[i];
		char *end;
		long long id = strtoll(e->entity + 8, &end, 10);
		struct vx_finding key = {.id = id};
		struct item k = {.f = &key}, *it;
		if (*end || end == e->entity + 8)
			continue;
		it = bsearch(&k, D->items, D->nitems, sizeof(*D->items), by_id);
		if (!it)
			continue;
		it->audit = vx_grow(it->audit, sizeof(*it->audit), it->naudit + 1, &it->audit_cap);
		it->audit[it->naudit++] = e;
	}
	if ((rc = vx_store_audit_verify(st, &D->chain, err)) < 0)
		return rc;
	if ((rc = vx_store_capa_list(st, D->product.name, &D->capas, &D->ncapas, err)) < 0)
		return rc;
	for (size_t i = 0; i < D->nitems; i++)
		outcome(D, &D->items[i]);
	return 0;
}

static void release(struct dossier *D)
{
	vx_product_release(&D->product);
	vx_version_list_free(D->versions, D->nversions);
	if (D->have_profile)
		vx_profile_release(&D->profile);
	for (size_t i = 0; i < D->nitems; i++) {
		vx_triage_list_free(D->items[i].th, D->items[i].nth);
		vx_decision_list_free(D->items[i].dh, D->items[i].ndh);
		free(D->items[i].audit);
		free(D->items[i].missing);
	}
	free(D->items);
	vx_finding_list_free(D->findings, D->nfindings);
	vx_audit_list_free(D->audit, D->naudit);
	vx_capa_list_free(D->capas, D->ncapas);
	vx_audit_report_release(&D->chain);
	for (size_t i = 0; i < D->natt; i++) {
		if (D->att[i].path)
			unlink(D->att[i].path);
		free(D->att[i].path);
		free(D->att[i].name);
	}
	free(D->att);
	if (D->tmpdir[0])
		rmdir(D->tmpdir);
	vx_layout_free(D->L);
	vx_buf_release(&D->b);
}

/* --- attachments ------------------------------------------------------------------------------ */

static void safe_name(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			*s = '_';
}

static int add_attachment(struct dossier *D, const char *name, const void *data, size_t len,
			  const char *what, struct vx_err *err)
{
	struct attachment *a;
	char *clean = vx_strdup(name);
	int rc;
	safe_name(clean);
	if (!D->tmpdir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(D->tmpdir, sizeof(D->tmpdir), "%s/vexil-dossier-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(D->tmpdir)) {
			int e = errno;
			D->tmpdir[0] = 0;
			free(clean);
			return vx_err_set(err, VX_EIO, "cannot make a temporary folder: %s",
					  strerror(e));
		}
	}
	for (size_t i = 0; i < D->natt; i++)
		if (strcmp(D->att[i].name, clean) == 0) { /* same name twice: number it */
			char *n2 = vx_asprintf("%zu-%s", D->natt, clean);
			free(clean);
			clean = n2;
			break;
		}
	D->att = vx_grow(D->att, sizeof(*D->att), D->natt + 1, &D->att_cap);
	a = &D->att[D->natt++];
	memset(a, 0, sizeof(*a));
	a->name = clean;
	a->path = vx_asprintf("%s/%s", D->tmpdir, clean);
	a->size = len;
	a->what = what;
	vx_sha256_hex(data, len, a->sha256);
	if ((rc = vx_file_write_atomic(a->path, data, len, err)) < 0)
		return rc;
	return 0;
}

static void decisions_json(struct dossier *D, const struct vx_dossier_info *info,
			   struct vx_jw *w)
{
	vx_jw_init(w);
	vx_jw_object(w);
	vx_jw_kstr(w, "document_id", info->doc_id);
	vx_jw_kstr(w, "generated_at", D->generated);
	vx_jw_kstr(w, "manufacturer", D->have_profile ? D->profile.name : NULL);
	vx_jw_kstr(w, "product", D->product.name);
	vx_jw_kstr(w, "version", D->o->version);
	vx_jw_kstr(w, "period_from", D->o->from);
	vx_jw_kstr(w, "period_to", D->o->to);
	vx_jw_kstr(w, "audit_chain_head", D->chain.head);
	vx_jw_key(w, "findings");
	vx_jw_array(w);
	for (size_t i = 0; i < D->nitems; i++) {
		const struct item *it = &D->items[i];
		const struct vx_finding *f = it->f;
		const struct vx_triage *t = cur_triage(it);
		const struct vx_decision *d = cur_decision(it);
		vx_jw_object(w);
		vx_jw_kint(w, "finding", f->id);
		vx_jw_kstr(w, "vulnerability", f->vuln_id);
		vx_jw_kstr(w, "product_version", f->version);
		vx_jw_kstr(w, "component", f->component);
		vx_jw_kstr(w, "component_version", f->component_version);
		vx_jw_kstr(w, "purl", f->component_purl);
		vx_jw_kstr(w, "cpe", f->component_cpe);
		vx_jw_kstr(w, "state", f->state);
		vx_jw_kstr(w, "t0", f->t0);
		vx_jw_key(w, "kev");
		vx_jw_bool(w, f->kev);
		vx_jw_kstr(w, "vex_status", t ? t->status : NULL);
		vx_jw_kstr(w, "justification", t ? t->justification : NULL);
		vx_jw_kstr(w, "severity", t ? t->severity : NULL);
		if (t)
			vx_jw_kint(w, "triage_id", t->id);
		vx_jw_key(w, "decision");
		if (d) {
			vx_jw_object(w);
			vx_jw_kint(w, "id", d->id);
			vx_jw_kstr(w, "evaluated_at", d->evaluated_at);
			vx_jw_kstr(w, "ruleset_sha256", d->ruleset_sha256);
			vx_jw_kstr(w, "inputs_sha256", d->inputs_sha256);
			vx_jw_key(w, "ok");
			vx_jw_bool(w, d->ok);
			vx_jw_kstr(w, "severity", d->severity);
			vx_jw_kstr(w, "exploitability", d->exploitability);
			vx_jw_kstr(w, "risk", d->risk);
			vx_jw_kstr(w, "action", d->action);
			vx_jw_kstr(w, "part806", d->part806);
			vx_jw_kstr(w, "part806_due", d->part806_due);
			vx_jw_key(w, "part803");
			vx_jw_bool(w, d->part803);
			vx_jw_kstr(w, "part803_due", d->part803_due);
			vx_jw_key(w, "annual_report");
			vx_jw_bool(w, d->annual_report);
			vx_jw_key(w, "conditions");
			{
				cJSON *c = cJSON_Parse(d->conditions ? d->conditions : "null");
				char *txt = c ? cJSON_PrintUnformatted(c) : NULL;
				vx_jw_raw(w, txt);
				cJSON_free(txt);
				cJSON_Delete(c);
			}
			vx_jw_kstr(w, "rationale", d->rationale);
			vx_jw_object_end(w);
		} else {
			vx_jw_null(w);
		}
		vx_jw_kstr(w, "missing_outcome", it->missing);
		vx_jw_object_end(w);
	}
	vx_jw_array_end(w);
	vx_jw_object_end(w);
}

static int attachments(struct dossier *D, struct vx_store *st, const struct vx_dossier_info *info,
		       struct vx_err *err)
{
	int rc;
	for (size_t i = 0; i < D->nversions; i++) {
		const struct vx_product_version *v = &D->versions[i];
		char *sb = NULL, *sup = NULL;
		size_t sbn = 0, supn = 0;
		struct vx_sbom_doc doc;
		struct vx_sbom_doc *docs = NULL;
		size_t ndocs = 0;
		if (!v->sbom_id)
			continue;
		if ((rc = vx_store_sbom_content(st, v->sbom_id, &sb, &sbn, &sup, &supn, err)) < 0)
			return rc;
		memset(&doc, 0, sizeof(doc));
		if ((rc = vx_store_sbom_list(st, D->product.name, v->version, 0, &docs, &ndocs, err)) <
		    0) {
			free(sb);
			free(sup);
			return rc;
		}
		if (sb) {
			char *name = vx_asprintf("sbom-%s-%s-%s", D->product.name, v->version,
						 ndocs ? docs[0].file_name : "sbom");
			rc = add_attachment(D, name, sb, sbn, "SBOM as imported", err);
			free(name);
		}
		if (rc == 0 && sup) {
			char *name = vx_asprintf("support-%s-%s-%s", D->product.name, v->version,
						 ndocs && docs[0].support_file ? docs[0].support_file
									      : "support.csv");
			rc = add_attachment(D, name, sup, supn, "support-level sidecar as imported",
					    err);
			free(name);
		}
		vx_sbom_doc_list_free(docs, ndocs);
		free(sb);
		free(sup);
		if (rc < 0)
			return rc;
	}
	/* the VEX of each version with open findings (CycloneDX 1.6, BOM-Links into the SBOM) */
	for (size_t i = 0; i < D->nversions; i++) {
		struct vx_vexdoc_opts vo = {0};
		char *json = NULL, *name;
		vo.product = D->product.name;
		vo.version = D->versions[i].version;
		vo.format = VX_VEXDOC_CYCLONEDX;
		vo.generated = D->generated;
		rc = vx_vexdoc_render(st, &vo, &json, err);
		if (rc == VX_ENOTFOUND) { /* no open finding: nothing to state */
			vx_err_clear(err);
			continue;
		}
		if (rc < 0)
			return rc;
		name = vx_asprintf("vex-%s-%s.cdx.json", D->product.name, D->versions[i].version);
		rc = add_attachment(D, name, json, strlen(json), "VEX of the version (CycloneDX 1.6)",
				    err);
		free(name);
		free(json);
		if (rc < 0)
			return rc;
	}
	{
		struct vx_jw w;
		char *name = vx_asprintf("decisions-%s.json", D->product.name);
		decisions_json(D, info, &w);
		rc = add_attachment(D, name, vx_jw_text(&w), strlen(vx_jw_text(&w)),
				    "findings, assessments and decisions (JSON)", err);
		free(name);
		vx_jw_release(&w);
	}
	return rc;
}

/* --- sections ----------------------------------------------------------------------------------- */

static void cover(struct dossier *D, const struct vx_dossier_info *info)
{
	struct vx_layout *L = D->L;
	const struct vx_dossier_opts *o = D->o;
	struct vx_buf rs;
	vx_layout_space(L, 60);
	vx_layout_title(L, "Postmarket Cybersecurity Dossier", 22);
	vx_layout_space(L, 4);
	vx_layout_title(L, fmt(D, "%s%s%s", D->product.name, D->product.model ? " — " : "",
			       D->product.model ? D->product.model : ""),
			14);
	vx_layout_space(L, 30);
	vx_layout_kv(L, "Manufacturer", D->have_profile ? D->profile.name : "(no manufacturer "
									"profile recorded)");
	vx_layout_kv(L, "Device", fmt(D, "%s (%s)%s", D->product.name, nz(D->product.model),
				      D->product.cyber_device ? ", a cyber device under FD&C Act "
								"section 524B"
							      : ""));
	vx_layout_kv(L, "Regulatory pathway", nz(D->product.pathway));
	vx_buf_init(&rs);
	for (size_t i = 0; i < D->nversions; i++) {
		const struct vx_product_version *v = &D->versions[i];
		vx_buf_printf(&rs, "%s%s (%s%s%s%s%s)", i ? "\n" : "", v->version,
			      v->fielded ? "fielded" : "not fielded",
			      v->release_date ? ", released " : "",
			      v->release_date ? v->release_date : "", v->udi_di ? ", UDI-DI " : "",
			      v->udi_di ? v->udi_di : "");
	}
	vx_layout_kv(L, "Versions", D->nversions ? vx_buf_str(&rs) : "none recorded");
	vx_layout_kv(L, "Period", fmt(D, "%s to %s", o->from ? o->from : "the first record",
				      o->to ? o->to : "the date of generation"));
	vx_layout_kv(L, "Generated at", D->generated);
	vx_layout_kv(L, "Document id", info->doc_id);
	/* the rule sets behind the decisions shown */
	vx_buf_reset(&rs);
	for (size_t i = 0; i < D->nitems; i++) {
		const struct vx_decision *d = cur_decision(&D->items[i]);
		if (d && d->ruleset_sha256 && !strstr(vx_buf_str(&rs), d->ruleset_sha256))
			vx_buf_printf(&rs, "%s%s", rs.len ? "\n" : "", d->ruleset_sha256);
	}
	vx_layout_kv(L, "Rule-set SHA-256", rs.len ? vx_buf_str(&rs)
						   : "none: no finding has been evaluated");
	vx_buf_release(&rs);
	vx_layout_kv(L, "Audit-chain head",
		     fmt(D, "%s\n%zu entries; %s", D->chain.head[0] ? D->chain.head : "(empty)",
			 D->chain.entries,
			 D->chain.nproblems ? "THE CHAIN IS BROKEN (see the summary)"
					    : "the chain verifies"));
	if (o->signer)
		vx_layout_kv(L, "Signer",
			     fmt(D, "%s\n%s signature over the whole file: check it with "
				    "'vexil verify' or any PDF reader",
				 o->signer, nz(o->signature)));
	else
		vx_layout_kv(L, "Signer", "none");
	vx_layout_space(L, 12);
	if (!o->signer)
		vx_layout_notice(L, "UNSIGNED: this dossier carries no digital signature, so "
				    "nothing in it proves it is unaltered. Generate it with "
				    "--sign-key/--sign-cert or --sign-p12 for submission.");
	if (D->chain.nproblems)
		vx_layout_notice(L, fmt(D, "AUDIT TRAIL BROKEN: 'vexil audit verify' reports %zu "
					   "problem(s); the records below may have been altered "
					   "outside vexil.",
					D->chain.nproblems));
	{
		size_t miss = info->without_outcome;
		if (miss)
			vx_layout_notice(L, fmt(D, "INCOMPLETE: %zu of %zu findings have no recorded "
						   "outcome (listed under Completeness).",
						miss, D->nitems));
	}
}

struct stats {
	long status[5];	 /* STATUSES, then unknown */
	long risk[5];	 /* controlled, uncontrolled, undetermined, not evaluated, failed */
	long kev, overdue, open, closed, missing, review, r806, r803, annual;
	long heat[5 * 5];
	int cls[5 * 5];
	struct vx_plan_metrics plan;
};

static void compute(struct dossier *D, struct stats *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < D->nitems; i++) {
		const struct item *it = &D->items[i];
		const struct vx_triage *t = cur_triage(it);
		const struct vx_decision *d = cur_decision(it);
		int k = index_of(STATUSES, 4, t ? t->status : NULL);
		s->status[k < 0 ? 4 : k]++;
		if (!d)
			s->risk[3]++;
		else if (!d->ok)
			s->risk[4]++;
		else if (d->risk && strcmp(d->risk, "controlled") == 0)
			s->risk[0]++;
		else if (d->risk && strcmp(d->risk, "uncontrolled") == 0)
			s->risk[1]++;
		else
			s->risk[2]++;
		s->kev += it->f->kev != 0;
		s->overdue += it->overdue;
		if (it->f->state && strcmp(it->f->state, "closed") == 0)
			s->closed++;
		else
			s->open++;
		s->missing += it->missing != NULL;
		s->review += it->f->needs_review != 0;
		if (d && d->ok) {
			int r = index_of(EXPLOITS, 5, d->exploitability);
			int c = index_of(SEVERITIES, 5, d->severity);
			s->r806 += d->part806 && strcmp(d->part806, "no") != 0;
			s->r803 += d->part803 != 0;
			s->annual += d->annual_report != 0;
			if (r >= 0 && c >= 0) {
				int cl = d->risk && strcmp(d->risk, "uncontrolled") == 0 ? 2
					 : d->risk && strcmp(d->risk, "controlled") == 0 ? 1
											    : 0;
				s->heat[r * 5 + c]++;
				if (cl > s->cls[r * 5 + c])
					s->cls[r * 5 + c] = cl;
			}
		}
		if (t)
			vx_plan_metrics_add(&s->plan, t->status, it->f->t0, t->fix_distributed,
					    t->fix_deployed);
	}
}

static void summary(struct dossier *D, const struct stats *s)
{
	struct vx_layout *L = D->L;
	static const char *const hdr[] = {"Measure", "Count"};
	static const double wid[] = {4, 1};
	char n[32];
	const struct {
		const char *label;
		long v;
	} rows[] = {
		{"Findings in this dossier", (long)D->nitems},
		{"open", s->open},
		{"closed (no longer matched)", s->closed},
		{"Vulnerabilities listed in CISA KEV", s->kev},
		{"Items past a deadline (KEV, Part 806/803, conditions C1-C4)", s->overdue},
		{"Findings without a recorded outcome", s->missing},
		{"Matches that need review (platform or version uncertain)", s->review},
		{"Part 806 report required or pending", s->r806},
		{"Part 803 evaluation required", s->r803},
		{"For the PMA annual report", s->annual},
	};
	vx_layout_heading(L, 1, "1 Summary", 1, 120);
	vx_layout_text(L, fmt(D, "As of %s. Figures count the findings of this dossier: one "
				 "finding is one vulnerability in one component of one device "
				 "version.",
			      D->as_of),
		       0, 0);
	vx_layout_table_begin(L, 2, hdr, wid);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *cells[2];
		snprintf(n, sizeof(n), "%ld", rows[i].v);
		cells[0] = rows[i].label;
		cells[1] = n;
		vx_layout_table_row(L, cells);
	}
	vx_layout_table_end(L);
	{
		const char *labels[] = {"under_investigation", "affected", "not_affected", "fixed"};
		double v[4];
		const double col[4][3] = {{0.55, 0.55, 0.55}, {0.80, 0.25, 0.20}, {0.30, 0.60, 0.35},
					  {0.25, 0.42, 0.65}};
		for (int i = 0; i < 4; i++)
			v[i] = (double)s->status[i];
		vx_layout_bars(L, "Findings by VEX status", 4, labels, v, col);
	}
	{
		const char *labels[] = {"controlled", "uncontrolled", "undetermined", "not evaluated",
					"evaluation failed"};
		double v[5];
		const double col[5][3] = {{0.30, 0.60, 0.35}, {0.80, 0.25, 0.20}, {0.85, 0.65, 0.20},
					  {0.55, 0.55, 0.55}, {0.40, 0.10, 0.40}};
		for (int i = 0; i < 5; i++)
			v[i] = (double)s->risk[i];
		vx_layout_bars(L, "Risk of patient harm (FDA 2016 postmarket guidance)", 5, labels, v,
			       col);
	}
	{
		const char *labels[] = {"in CISA KEV", "past a deadline", "without outcome"};
		double v[3] = {(double)s->kev, (double)s->overdue, (double)s->missing};
		const double col[3][3] = {{0.80, 0.25, 0.20}, {0.85, 0.45, 0.10}, {0.40, 0.10, 0.40}};
		vx_layout_bars(L, "Attention", 3, labels, v, col);
	}
	{
		const char *rl[] = {"very high", "high", "medium", "low", "very low"};
		const char *cl[] = {"negligible", "minor", "serious", "critical", "catastrophic"};
		vx_layout_heatmap(L,
				  "Exploitability x severity of harm (newest decisions; red: "
				  "uncontrolled, green: controlled)",
				  "Exploitability", "Severity of harm (ISO 14971)", 5, rl, 5, cl,
				  s->heat, s->cls);
	}
	{
		static const char *const mh[] = {"FDA plan metric", "Value", "Basis"};
		static const double mw[] = {3, 2, 4};
		const char *c[3];
		char v[3][80];
		vx_plan_metrics_text(&s->plan, v);
		vx_layout_heading(L, 2, "FDA plan metrics", 0, 60);
		vx_layout_table_begin(L, 3, mh, mw);
		for (int k = 0; k < 3; k++) {
			c[0] = vx_plan_metric_names[k];
			c[1] = v[k];
			c[2] = vx_plan_metric_basis[k];
			vx_layout_table_row(L, c);
		}
		vx_layout_table_end(L);
	}
	if (D->chain.nproblems) {
		vx_layout_heading(L, 2, "Audit trail problems", 0, 40);
		for (size_t i = 0; i < D->chain.nproblems; i++)
			vx_layout_text(L, D->chain.problems[i], 0, 0);
	}
}

static void completeness(struct dossier *D, const struct stats *s)
{
	struct vx_layout *L = D->L;
	static const char *const hdr[] = {"Finding", "Vulnerability", "Version", "Component",
					  "Why there is no outcome"};
	static const double wid[] = {1, 2.2, 1, 2.2, 4};
	vx_layout_heading(L, 1, "2 Completeness", 1, 60);
	if (!D->nitems) {
		vx_layout_text(L, "No vulnerability has been matched to this device in the period: "
				  "there are no findings, so none lacks an outcome.",
			       0, 0);
		return;
	}
	if (!s->missing) {
		vx_layout_text(L, fmt(D, "Every vulnerability matched to this device has a recorded "
					 "outcome (%zu findings: a VEX status other than "
					 "under_investigation and a current rule decision, or a "
					 "recorded closure).",
				      D->nitems),
			       0, 1);
		return;
	}
	vx_layout_text(L, fmt(D, "Not every vulnerability matched to this device has a recorded "
				 "outcome: %ld of %zu findings do not. They are:",
			      s->missing, D->nitems),
		       0, 1);
	vx_layout_table_begin(L, 5, hdr, wid);
	for (size_t i = 0; i < D->nitems; i++) {
		const struct item *it = &D->items[i];
		char id[32];
		const char *c[5];
		if (!it->missing)
			continue;
		snprintf(id, sizeof(id), "F%lld", it->f->id);
		c[0] = id;
		c[1] = it->f->vuln_id;
		c[2] = it->f->version;
		c[3] = nz(it->f->component);
		c[4] = it->missing;
		vx_layout_table_row(L, c);
	}
	vx_layout_table_end(L);
}

static void conditions_table(struct dossier *D, const struct vx_decision *d)
{
	struct vx_layout *L = D->L;
	static const char *const hdr[] = {"Condition", "State", "Due", "Detail"};
	static const double wid[] = {1, 1.2, 1.3, 6};
	cJSON *conds = cJSON_Parse(d->conditions ? d->conditions : "[]"), *c;
	if (!cJSON_IsArray(conds) || !cJSON_GetArraySize(conds)) {
		vx_layout_kv(L, "Conditions C1-C4", "none returned by the rules");
		cJSON_Delete(conds);
		return;
	}
	vx_layout_table_begin(L, 4, hdr, wid);
	cJSON_ArrayForEach(c, conds)
	{
		const char *cells[4] = {
			nz(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"))),
			nz(cJSON_GetStringValue(cJSON_GetObjectItem(c, "state"))),
			nz(cJSON_GetStringValue(cJSON_GetObjectItem(c, "due"))),
			nz(cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail"))),
		};
		vx_layout_table_row(L, cells);
	}
	vx_layout_table_end(L);
	cJSON_Delete(conds);
}

/* One line about an audit entry: the fields that changed, from its after/before JSON. */
static void audit_summary(struct vx_buf *out, const struct vx_audit_entry *e)
{
	static const char *const keys[] = {"status", "justification", "severity", "safety_impact",
					   "risk", "action", "part806", "part803", "annual_report",
					   "customers_notified", "fix_distributed", "fix_deployed",
					   "isao_notified"};
	cJSON *a = cJSON_Parse(e->after ? e->after : "null");
	cJSON *b = cJSON_Parse(e->before ? e->before : "null");
	size_t n0 = out->len;
	for (size_t k = 0; a && k < sizeof(keys) / sizeof(keys[0]); k++) {
		cJSON *va = cJSON_GetObjectItem(a, keys[k]), *vb = cJSON_GetObjectItem(b, keys[k]);
		char *ta, *tb;
		if (!va || cJSON_IsNull(va))
			continue;
		ta = cJSON_PrintUnformatted(va);
		tb = vb ? cJSON_PrintUnformatted(vb) : NULL;
		if (!tb || strcmp(ta, tb) != 0)
			vx_buf_printf(out, "%s%s=%s", out->len > n0 ? ", " : "", keys[k], ta);
		cJSON_free(ta);
		cJSON_free(tb);
	}
	if (out->len == n0)
		vx_buf_adds(out, "no change to the fields shown");
	if (e->reason && *e->reason)
		vx_buf_printf(out, "; reason: %s", e->reason);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void finding_section(struct dossier *D, const struct item *it)
{
	struct vx_layout *L = D->L;
	const struct vx_finding *f = it->f;
	const struct vx_triage *t = cur_triage(it);
	const struct vx_decision *d = cur_decision(it);
	char t0[11];
	vx_layout_heading(L, 2,
			  fmt(D, "F%lld  %s — %s %s (%s %s)", f->id, f->vuln_id, nz(f->component),
			      nz(f->component_version), f->product, f->version),
			  1, 60);
	vx_layout_kv(L, "Vulnerability", fmt(D, "%s%s%s", f->vuln_id, f->title ? ": " : "",
					     f->title ? f->title : ""));
	vx_layout_kv(L, "Device version", fmt(D, "%s %s", f->product, f->version));
	vx_layout_kv(L, "Component", fmt(D, "%s %s%s%s%s%s", nz(f->component),
					 nz(f->component_version), f->component_purl ? "\npurl " : "",
					 f->component_purl ? f->component_purl : "",
					 f->component_cpe ? "\ncpe " : "",
					 f->component_cpe ? f->component_cpe : ""));
	vx_layout_kv(L, "Match evidence", fmt(D, "%s%s", nz(f->evidence),
					      f->needs_review ? "\nNEEDS REVIEW: the match is not "
								"certain"
							      : ""));
	vx_layout_kv(L, "State", fmt(D, "%s%s%s (identified %s)", nz(f->state),
				     f->close_reason ? ": " : "",
				     f->close_reason ? f->close_reason : "",
				     date10(f->t0 ? f->t0 : f->opened_at, t0)));
	vx_layout_kv(L, "CVSS", f->cvss_score >= 0 ? fmt(D, "%.1f %s", f->cvss_score,
							 nz(f->cvss_vector))
						   : "none published");
	vx_layout_kv(L, "CISA KEV", f->kev ? fmt(D, "listed; due %s", nz(f->kev_due)) : "not listed");
	if (t) {
		vx_layout_kv(L, "VEX status", fmt(D, "%s%s%s", t->status,
						  t->justification ? " — " : "",
						  t->justification ? t->justification : ""));
		vx_layout_kv(L, "Impact statement", t->impact);
		vx_layout_kv(L, "Action statement", t->action);
		vx_layout_kv(L, "Clinical assessment",
			     fmt(D, "hazardous situation: %s\nworst credible harm: %s\nsafety or "
				    "essential performance touched: %s",
				 nz(t->hazard), t->severity ? t->severity : "not assessed",
				 yesno(t->safety_impact)));
		vx_layout_kv(L, "Exploitability inputs",
			     fmt(D, "own CVSS vector: %s; public exploit: %s; EPSS: %s",
				 nz(t->cvss_vector), yesno(t->public_exploit),
				 t->epss >= 0 ? fmt(D, "%.2f", t->epss) : "unknown"));
		vx_layout_kv(L, "Compensating controls", t->controls);
		vx_layout_kv(L, "Adverse events", yesno(t->adverse_events));
		vx_layout_kv(L, "Assessed by", fmt(D, "%s on %s", nz(t->assessor), nz(t->recorded_at)));
	}
	if (!d) {
		vx_layout_kv(L, "Decision", "none: the rules have not evaluated this finding");
	} else if (!d->ok) {
		vx_layout_kv(L, "Decision", fmt(D, "the rules FAILED on %s: %s", nz(d->evaluated_at),
						nz(d->error)));
	} else {
		vx_layout_kv(L, "Decision",
			     fmt(D, "severity %s, exploitability %s: %s risk; action %s%s%s",
				 nz(d->severity), nz(d->exploitability), nz(d->risk), nz(d->action),
				 d->advisory ? "; customer advisory" : "",
				 d->patch ? fmt(D, "; patch %s", d->patch) : ""));
		vx_layout_kv(L, "Rationale", d->rationale);
		vx_layout_kv(L, "Reportability",
			     fmt(D, "21 CFR 806: %s%s%s\n21 CFR 803: %s%s%s\nPMA annual report: %s",
				 nz(d->part806), d->part806_due ? ", due " : "",
				 d->part806_due ? d->part806_due : "",
				 d->part803 ? "evaluate" : "no", d->part803_due ? ", due " : "",
				 d->part803_due ? d->part803_due : "", d->annual_report ? "yes" : "no"));
		conditions_table(D, d);
		{
			const struct vx_capa *cp = NULL;
			for (size_t k = 0; k < D->ncapas; k++)
				if (strcmp(D->capas[k].vuln_id, f->vuln_id) == 0)
					cp = &D->capas[k];
			if (cp) {
				struct vx_buf a;
				size_t done = 0;
				vx_buf_init(&a);
				for (size_t k = 0; k < cp->nactions; k++)
					done += cp->actions[k].done_at != NULL;
				vx_buf_printf(&a, "action: %s; %s (%s), opened %s, %zu of %zu actions "
						  "done%s%s",
					      nz(d->action), cp->number, cp->status, cp->opened_at, done,
					      cp->nactions, cp->closed_at ? ", closed " : "",
					      cp->closed_at ? cp->closed_at : "");
				vx_layout_kv(L, "Actions and CAPA", vx_buf_str(&a));
				vx_buf_release(&a);
			} else {
				vx_layout_kv(L, "Actions and CAPA",
					     strcmp(nz(d->action), "capa") == 0
						     ? "action: capa; a CAPA is required by this "
						       "decision and none is open yet (vexil capa set)"
						     : fmt(D, "action: %s; no CAPA record",
							   nz(d->action)));
			}
		}
		vx_layout_kv(L, "Evaluated", fmt(D, "%s as of %s; rule %s; inputs %s", nz(d->evaluated_at),
						 nz(d->as_of), nz(d->rule), nz(d->inputs_sha256)));
	}
	if (t)
		vx_layout_kv(L, "Customer communications",
			     fmt(D, "customers notified: %s\nshared with the ISAO: %s\nfix "
				    "distributed: %s\nfix deployed in the field: %s",
				 nz(t->customers_notified), nz(t->isao_notified),
				 nz(t->fix_distributed), nz(t->fix_deployed)));
	{
		static const char *const hdr[] = {"When", "Who", "What", "Change"};
		static const double wid[] = {2.2, 1.4, 1.4, 5};
		struct vx_buf ch;
		if (!it->naudit) {
			vx_layout_kv(L, "History", "none on the audit trail");
			return;
		}
		vx_layout_text(L, "History (audit trail)", 0, 1);
		vx_buf_init(&ch);
		vx_layout_table_begin(L, 4, hdr, wid);
		for (size_t i = 0; i < it->naudit; i++) {
			const struct vx_audit_entry *e = it->audit[i];
			const char *c[4];
			vx_buf_reset(&ch);
			audit_summary(&ch, e);
			c[0] = e->at;
			c[1] = e->actor;
			c[2] = e->action;
			c[3] = vx_buf_str(&ch);
			vx_layout_table_row(L, c);
		}
		vx_layout_table_end(L);
		vx_buf_release(&ch);
	}
}

static int inventory(struct dossier *D, struct vx_store *st, const char *letter,
		     struct vx_err *err)
{
	struct vx_layout *L = D->L;
	static const char *const hdr[] = {"Component", "Version", "Supplier", "Identifiers",
					  "Relationship", "Support"};
	static const double wid[] = {2.2, 1.2, 1.8, 4, 1.6, 1.7};
	int rc;
	vx_layout_heading(L, 1, fmt(D, "Appendix %s SBOM inventory", letter), 1, 60);
	vx_layout_text(L, "The components of each version's current SBOM with the NTIA minimum "
			  "elements (supplier, name, version, unique identifiers, dependency "
			  "relationship, SBOM author and timestamp) and the FDA support fields "
			  "(level of support, end-of-support date).",
		       0, 0);
	for (size_t i = 0; i < D->nversions; i++) {
		const struct vx_product_version *v = &D->versions[i];
		struct vx_sbom sb;
		struct vx_sbom_doc doc;
		vx_layout_heading(L, 2, fmt(D, "%s %s", D->product.name, v->version), 1, 60);
		if (!v->sbom_id) {
			vx_layout_text(L, "none: no SBOM has been imported for this version", 0, 0);
			continue;
		}
		vx_sbom_init(&sb);
		memset(&doc, 0, sizeof(doc));
		if ((rc = vx_store_inventory(st, v->id, &sb, &doc, err)) < 0) {
			vx_sbom_release(&sb);
			return rc;
		}
		vx_layout_kv(L, "SBOM", fmt(D, "%s %s, file %s", nz(doc.format), nz(doc.spec_version),
					    nz(doc.file_name)));
		vx_layout_kv(L, "SHA-256", doc.sha256);
		vx_layout_kv(L, "Serial", doc.serial);
		vx_layout_kv(L, "Author", doc.authors);
		vx_layout_kv(L, "Timestamp", doc.sbom_timestamp);
		vx_layout_kv(L, "Imported", doc.imported_at);
		if (doc.support_file)
			vx_layout_kv(L, "Support sidecar", fmt(D, "%s (sha256 %s)", doc.support_file,
							       nz(doc.support_sha256)));
		vx_layout_table_begin(L, 6, hdr, wid);
		{
			struct vx_buf ids, rel, sup;
			size_t shown = 0;
			vx_buf_init(&ids);
			vx_buf_init(&rel);
			vx_buf_init(&sup);
			for (size_t c = 0; c < sb.ncomponents; c++) {
				const struct vx_component *cp = &sb.components[c];
				size_t ndep = 0;
				const char *cells[6];
				if (cp->is_device)
					continue;
				vx_buf_reset(&ids);
				vx_buf_reset(&rel);
				vx_buf_reset(&sup);
				if (cp->purl)
					vx_buf_printf(&ids, "%s", cp->purl);
				if (cp->cpe)
					vx_buf_printf(&ids, "%s%s", ids.len ? "\n" : "", cp->cpe);
				for (size_t h = 0; h < cp->nhashes; h++)
					vx_buf_printf(&ids, "%s%s:%s", ids.len ? "\n" : "",
						      cp->hashes[h].alg, cp->hashes[h].value);
				for (size_t k = 0; k < sb.ndeps; k++)
					if (sb.deps[k].to && strcmp(sb.deps[k].from, cp->bom_ref) == 0)
						ndep++;
				if (cp->parent >= 0 && (size_t)cp->parent < sb.ncomponents)
					vx_buf_printf(&rel, "in %s", sb.components[cp->parent].name);
				else
					vx_buf_adds(&rel, "top level");
				vx_buf_printf(&rel, "; %zu dependencies", ndep);
				if (cp->support_level || cp->end_of_support) {
					vx_buf_printf(&sup, "%s%s%s", nz(cp->support_level),
						      cp->end_of_support ? "; ends " : "",
						      cp->end_of_support ? cp->end_of_support : "");
					if (cp->end_of_support &&
					    vx_days_between(D->as_of, cp->end_of_support) < 0)
						vx_buf_adds(&sup, " (PAST)");
				} else {
					vx_buf_adds(&sup, "not stated");
				}
				cells[0] = cp->name;
				cells[1] = nz(cp->version);
				cells[2] = nz(cp->supplier);
				cells[3] = ids.len ? vx_buf_str(&ids) : "none";
				cells[4] = vx_buf_str(&rel);
				cells[5] = vx_buf_str(&sup);
				vx_layout_table_row(L, cells);
				shown++;
			}
			if (!shown) {
				const char *cells[6] = {"none", "", "", "", "", ""};
				vx_layout_table_row(L, cells);
			}
			vx_buf_release(&ids);
			vx_buf_release(&rel);
			vx_buf_release(&sup);
		}
		vx_layout_table_end(L);
		vx_sbom_release(&sb);
		vx_sbom_doc_release(&doc);
	}
	return 0;
}

static void attachment_list(struct dossier *D, const char *letter)
{
	struct vx_layout *L = D->L;
	static const char *const hdr[] = {"Attachment", "Content", "Bytes", "SHA-256"};
	static const double wid[] = {3, 2.5, 1, 4.2};
	vx_layout_heading(L, 1, fmt(D, "Appendix %s Attachments", letter), 1, 60);
	vx_layout_text(L, "The machine-readable evidence travels inside this PDF as embedded "
			  "files (open the attachments panel of your reader). The SBOMs are the "
			  "files as imported, byte for byte.",
		       0, 0);
	vx_layout_table_begin(L, 4, hdr, wid);
	for (size_t i = 0; i < D->natt; i++) {
		char sz[32];
		const char *c[4];
		snprintf(sz, sizeof(sz), "%zu", D->att[i].size);
		c[0] = D->att[i].name;
		c[1] = D->att[i].what;
		c[2] = sz;
		c[3] = D->att[i].sha256;
		vx_layout_table_row(L, c);
	}
	vx_layout_table_end(L);
	for (size_t i = 0; i < D->nversions; i++)
		if (D->versions[i].sbom_id) {
			int found = 0;
			for (size_t k = 0; k < D->natt; k++)
				if (strncmp(D->att[k].name, "sbom-", 5) == 0 &&
				    strstr(D->att[k].name, D->versions[i].version))
					found = 1;
			if (!found)
				vx_layout_text(L, fmt(D, "The SBOM of version %s was imported before "
							 "the store kept files: re-import it to "
							 "attach it.",
						      D->versions[i].version),
					       0, 0);
		}
}

/* --- the whole document ------------------------------------------------------------------------- */

static void document_id(struct dossier *D, struct vx_dossier_info *info)
{
	struct vx_buf in;
	char sha[65];
	vx_buf_init(&in);
	vx_buf_printf(&in, "%s\n%s\n%s\n%s\n%s\n%s\n", D->product.name, nz(D->o->version),
		      nz(D->o->from), nz(D->o->to), D->generated, D->chain.head);
	for (size_t i = 0; i < D->nitems; i++) {
		const struct vx_triage *t = cur_triage(&D->items[i]);
		const struct vx_decision *d = cur_decision(&D->items[i]);
		vx_buf_printf(&in, "%lld %lld %lld\n", D->items[i].f->id, t ? t->id : 0,
			      d ? d->id : 0);
	}
	vx_sha256_hex(in.data, in.len, sha);
	snprintf(info->doc_id, sizeof(info->doc_id), "VXD-%.16s", sha);
	vx_buf_release(&in);
}

int vx_dossier_render(struct vx_store *st, const struct vx_dossier_opts *o, char **pdf,
		      size_t *len, struct vx_dossier_info *info, struct vx_err *err)
{
	struct dossier D;
	struct stats s;
	struct vx_layout_opts lo;
	char *regular = NULL, *bold = NULL, *header = NULL, *footer = NULL;
	size_t ntoc;
	int rc;

	*pdf = NULL;
	*len = 0;
	memset(info, 0, sizeof(*info));
	memset(&D, 0, sizeof(D));
	D.o = o;
	vx_buf_init(&D.b);
	vx_time_format((time_t)o->generated_at, D.generated);
	vx_time_format_date((time_t)o->generated_at, D.as_of);
	if ((rc = gather(st, &D, err)) < 0)
		goto out;
	compute(&D, &s);
	document_id(&D, info);
	info->findings = D.nitems;
	info->without_outcome = (size_t)s.missing;
	if ((rc = attachments(&D, st, info, err)) < 0)
		goto out;

	regular = vx_asprintf("%s/DejaVuSans.ttf", o->fonts_dir);
	bold = vx_asprintf("%s/DejaVuSans-Bold.ttf", o->fonts_dir);
	header = vx_asprintf("%s — %s — postmarket cybersecurity dossier",
			     D.have_profile ? D.profile.name : "manufacturer not recorded",
			     D.product.name);
	footer = vx_asprintf("%s — generated %s", info->doc_id, D.generated);
	memset(&lo, 0, sizeof(lo));
	lo.letter = o->letter;
	lo.font_regular = regular;
	lo.font_bold = bold;
	lo.title = fmt(&D, "Postmarket cybersecurity dossier: %s", D.product.name);
	lo.author = D.have_profile ? D.profile.name : NULL;
	lo.subject = info->doc_id;
	lo.creator = "vexil";
	lo.created = o->generated_at;
	lo.header = header;
	lo.footer = footer;
	{
		char *title = vx_strdup(lo.title);
		lo.title = title;
		rc = vx_layout_new(&lo, &D.L, err);
		free(title);
	}
	if (rc < 0)
		goto out;

	cover(&D, info);
	/* entries: summary, completeness, findings, each finding, appendix A and each version,
	 * appendix B */
	ntoc = 3 + D.nitems + 1 + D.nversions + 1;
	vx_layout_toc_reserve(D.L, vx_layout_toc_pages(D.L, ntoc));
	summary(&D, &s);
	completeness(&D, &s);
	vx_layout_heading(D.L, 1, "3 Findings", 1, 60);
	if (!D.nitems)
		vx_layout_text(D.L, "none: no vulnerability has been matched to this device in the "
				    "period",
			       0, 0);
	for (size_t i = 0; i < D.nitems; i++) {
		finding_section(&D, &D.items[i]);
		if (o->progress)
			o->progress(o->progress_ctx, i + 1, D.nitems);
	}
	if ((rc = inventory(&D, st, "A", err)) < 0)
		goto out;
	attachment_list(&D, "B");
	for (size_t i = 0; i < D.natt; i++)
		vx_layout_attach(D.L, D.att[i].path);
	info->attachments = D.natt;
	if ((rc = vx_layout_finish(D.L, pdf, len, err)) < 0)
		goto out;
	info->pages = vx_layout_page_no(D.L);
	rc = 0;
out:
	release(&D);
	free(regular);
	free(bold);
	free(header);
	free(footer);
	return rc;
}
