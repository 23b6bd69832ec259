/* src/render/capadoc.c - CAPA evidence records as PDF and JSON (see capadoc.h). */
#include "render/capadoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/layout.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonw.h"
#include "util/time.h"

/* One finding of the vulnerability with its newest assessment and decision. */
struct det {
	const struct vx_finding *f;
	struct vx_triage t;
	struct vx_decision d;
	int have_d;
};

struct capadata {
	struct vx_capa capa;
	struct vx_vuln_facts facts;
	struct vx_profile prof;
	struct vx_finding *fs;
	size_t nf;
	struct det *dets;
	struct vx_audit_entry *audit;
	size_t naudit;
};

static const char *nz(const char *s)
{
	return s && *s ? s : "-";
}

static void release(struct capadata *c)
{
	for (size_t i = 0; c->dets && i < c->nf; i++) {
		vx_triage_release(&c->dets[i].t);
		if (c->dets[i].have_d)
			vx_decision_release(&c->dets[i].d);
	}
	free(c->dets);
	vx_finding_list_free(c->fs, c->nf);
	vx_capa_release(&c->capa);
	vx_vuln_facts_release(&c->facts);
	if (c->prof.name)
		vx_profile_release(&c->prof);
	vx_audit_list_free(c->audit, c->naudit);
}

static int gather(struct vx_store *st, const struct vx_capadoc_opts *o, struct capadata *c,
		  struct vx_err *err)
{
	struct vx_finding_filter flt = {0};
	char *entity;
	int rc;
	memset(c, 0, sizeof(*c));
	if ((rc = vx_store_capa_get(st, o->product, o->vuln, &c->capa, err)) < 0)
		return rc;
	if ((rc = vx_store_vuln_facts(st, o->vuln, &c->facts, err)) < 0)
		return rc;
	rc = vx_store_profile_get(st, &c->prof, err);
	if (rc < 0 && rc != VX_ENOTFOUND)
		return rc;
	vx_err_clear(err);
	flt.product = o->product;
	flt.vuln = o->vuln;
	flt.include_closed = 1;
	if ((rc = vx_store_findings(st, &flt, &c->fs, &c->nf, err)) < 0)
		return rc;
	c->dets = vx_calloc(c->nf ? c->nf : 1, sizeof(*c->dets));
	for (size_t i = 0; i < c->nf; i++) {
		c->dets[i].f = &c->fs[i];
		if ((rc = vx_store_triage_latest(st, c->fs[i].id, &c->dets[i].t, err)) < 0 ||
		    (rc = vx_store_decision_latest(st, c->fs[i].id, 0, &c->dets[i].d,
						   &c->dets[i].have_d, err)) < 0)
			return rc;
	}
	entity = vx_asprintf("capa %s", c->capa.number);
	rc = vx_store_audit_log(st, entity, &c->audit, &c->naudit, err);
	free(entity);
	return rc;
}

int vx_capadoc_json(struct vx_store *st, const struct vx_capadoc_opts *o, char **json,
		    struct vx_err *err)
{
	struct capadata c;
	struct vx_jw w;
	char *rec;
	int rc = gather(st, o, &c, err);
	*json = NULL;
	if (rc < 0) {
		release(&c);
		return rc;
	}
	rec = vx_capa_json(&c.capa);
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "manufacturer", c.prof.name);
	vx_jw_kstr(&w, "product", o->product);
	vx_jw_key(&w, "capa");
	vx_jw_raw(&w, rec);
	vx_jw_key(&w, "vulnerability");
	vx_jw_object(&w);
	vx_jw_kstr(&w, "id", c.facts.vuln_id);
	vx_jw_kstr(&w, "title", c.facts.title);
	vx_jw_kstr(&w, "cvss_vector", c.facts.cvss_vector);
	vx_jw_key(&w, "kev");
	vx_jw_bool(&w, c.facts.kev);
	vx_jw_object_end(&w);
	vx_jw_key(&w, "risk_determination");
	vx_jw_array(&w);
	for (size_t i = 0; i < c.nf; i++) {
		const struct det *d = &c.dets[i];
		vx_jw_object(&w);
		vx_jw_kint(&w, "finding", d->f->id);
		vx_jw_kstr(&w, "version", d->f->version);
		vx_jw_kstr(&w, "component", d->f->component);
		vx_jw_kstr(&w, "component_version", d->f->component_version);
		vx_jw_kstr(&w, "state", d->f->state);
		vx_jw_kstr(&w, "vex_status", d->t.status);
		vx_jw_kstr(&w, "hazard", d->t.hazard);
		vx_jw_kstr(&w, "severity", d->have_d ? d->d.severity : d->t.severity);
		vx_jw_kstr(&w, "exploitability", d->have_d ? d->d.exploitability : NULL);
		vx_jw_kstr(&w, "risk", d->have_d ? d->d.risk : NULL);
		vx_jw_kstr(&w, "rationale", d->have_d ? d->d.rationale : NULL);
		vx_jw_object_end(&w);
	}
	vx_jw_array_end(&w);
	vx_jw_object_end(&w);
	*json = vx_asprintf("%s\n", vx_jw_text(&w));
	vx_jw_release(&w);
	free(rec);
	release(&c);
	return 0;
}

int vx_capadoc_pdf(struct vx_store *st, const struct vx_capadoc_opts *o, char **pdf, size_t *len,
		   struct vx_err *err)
{
	struct capadata c;
	struct vx_layout *L = NULL;
	struct vx_layout_opts lo = {0};
	struct vx_buf b;
	char gen[21], *regular = NULL, *bold = NULL, *header = NULL, *footer = NULL;
	int rc = gather(st, o, &c, err);
	*pdf = NULL;
	*len = 0;
	vx_buf_init(&b);
	if (rc < 0)
		goto out;
	vx_time_format((time_t)o->generated_at, gen);
	regular = vx_asprintf("%s/DejaVuSans.ttf", o->fonts_dir);
	bold = vx_asprintf("%s/DejaVuSans-Bold.ttf", o->fonts_dir);
	header = vx_asprintf("%s — %s — %s", nz(c.prof.name), o->product, c.capa.number);
	footer = vx_asprintf("%s %s — generated %s", c.capa.number, c.capa.status, gen);
	lo.letter = o->letter;
	lo.font_regular = regular;
	lo.font_bold = bold;
	lo.title = header;
	lo.author = c.prof.name;
	lo.subject = c.capa.number;
	lo.creator = "vexil";
	lo.created = o->generated_at;
	lo.header = header;
	lo.footer = footer;
	if ((rc = vx_layout_new(&lo, &L, err)) < 0)
		goto out;
	vx_buf_printf(&b, "CAPA record %s", c.capa.number);
	vx_layout_title(L, vx_buf_str(&b), 18);
	vx_buf_reset(&b);
	vx_buf_printf(&b, "%s in %s", c.facts.vuln_id, o->product);
	vx_layout_title(L, vx_buf_str(&b), 12);
	vx_layout_space(L, 10);
	vx_layout_kv(L, "Manufacturer", c.prof.name);
	vx_layout_kv(L, "Device", o->product);
	vx_layout_kv(L, "Status", c.capa.closed_at ? (vx_buf_reset(&b),
						      vx_buf_printf(&b, "%s (closed %s)", c.capa.status,
								    c.capa.closed_at),
						      vx_buf_str(&b))
						   : c.capa.status);
	vx_layout_kv(L, "Opened", c.capa.opened_at);
	vx_layout_kv(L, "Standard", "ISO 13485:2016 8.5.2 corrective action, 8.5.3 preventive "
				    "action; FDA 2016 postmarket cybersecurity guidance");
	vx_layout_kv(L, "Signer", o->signer ? o->signer : "none (unsigned)");

	vx_layout_heading(L, 1, "1 Problem and its source", 0, 60);
	vx_layout_kv(L, "Problem", c.capa.problem);
	vx_layout_kv(L, "Source", c.capa.source);
	vx_buf_reset(&b);
	vx_buf_printf(&b, "%s%s%s", c.facts.vuln_id, c.facts.title ? ": " : "", nz(c.facts.title));
	vx_layout_kv(L, "Vulnerability", vx_buf_str(&b));
	vx_layout_kv(L, "Description", c.facts.description);
	vx_buf_reset(&b);
	if (c.facts.cvss_vector)
		vx_buf_printf(&b, "%s", c.facts.cvss_vector);
	vx_layout_kv(L, "CVSS", b.len ? vx_buf_str(&b) : "none published");
	vx_layout_kv(L, "CISA KEV", c.facts.kev ? "listed (known exploited)" : "not listed");
	if (c.facts.reporter) {
		vx_buf_reset(&b);
		vx_buf_printf(&b, "%s, received %s", c.facts.reporter, nz(c.facts.received));
		vx_layout_kv(L, "Reported by", vx_buf_str(&b));
	}

	vx_layout_heading(L, 1, "2 Investigation and root cause", 0, 60);
	vx_layout_kv(L, "Investigation", c.capa.investigation);
	vx_layout_kv(L, "Root cause", c.capa.root_cause);

	vx_layout_heading(L, 1, "3 Risk determination", 0, 60);
	if (!c.nf) {
		vx_layout_text(L, "none: the vulnerability has no finding in this device", 0, 0);
	} else {
		static const char *const hdr[] = {"Finding", "Version / component", "VEX status",
						  "Severity / exploitability", "Risk", "Rationale"};
		static const double wid[] = {0.9, 2, 1.6, 1.9, 1.7, 3.6};
		vx_layout_table_begin(L, 6, hdr, wid);
		for (size_t i = 0; i < c.nf; i++) {
			const struct det *d = &c.dets[i];
			char id[32], vc[400], se[200];
			const char *cells[6];
			snprintf(id, sizeof(id), "F%lld", d->f->id);
			snprintf(vc, sizeof(vc), "%s / %s %s%s", d->f->version, nz(d->f->component),
				 nz(d->f->component_version),
				 strcmp(d->f->state, "closed") == 0 ? " (closed)" : "");
			snprintf(se, sizeof(se), "%s / %s",
				 d->have_d ? nz(d->d.severity) : nz(d->t.severity),
				 d->have_d ? nz(d->d.exploitability) : "-");
			cells[0] = id;
			cells[1] = vc;
			cells[2] = d->t.status;
			cells[3] = se;
			cells[4] = d->have_d ? nz(d->d.risk) : "not evaluated";
			cells[5] = d->have_d ? nz(d->d.rationale) : "-";
			vx_layout_table_row(L, cells);
		}
		vx_layout_table_end(L);
	}

	vx_layout_heading(L, 1, "4 Correction, corrective and preventive actions", 0, 60);
	if (!c.capa.nactions) {
		vx_layout_text(L, "none recorded", 0, 0);
	} else {
		static const char *const hdr[] = {"#", "Kind", "Action", "Owner", "Due", "Done"};
		static const double wid[] = {0.4, 1.2, 4.5, 1.6, 1.2, 1.2};
		vx_layout_table_begin(L, 6, hdr, wid);
		for (size_t i = 0; i < c.capa.nactions; i++) {
			const struct vx_capa_action *a = &c.capa.actions[i];
			char seq[16];
			const char *cells[6];
			snprintf(seq, sizeof(seq), "%d", a->seq);
			cells[0] = seq;
			cells[1] = a->kind;
			cells[2] = a->description;
			cells[3] = a->owner;
			cells[4] = nz(a->due);
			cells[5] = a->done_at ? a->done_at : "open";
			vx_layout_table_row(L, cells);
		}
		vx_layout_table_end(L);
	}
	vx_layout_heading(L, 1, "5 Timeline rationale", 0, 40);
	vx_layout_text(L, nz(c.capa.timeline_rationale), 0, 0);
	vx_layout_heading(L, 1, "6 Verification", 0, 60);
	vx_layout_text(L, "That the action does not adversely affect safety, essential performance "
			  "or regulatory compliance:",
		       0, 0);
	vx_layout_kv(L, "Verification", c.capa.verification);
	vx_buf_reset(&b);
	vx_buf_printf(&b, "%s on %s", nz(c.capa.verified_by), nz(c.capa.verified_at));
	vx_layout_kv(L, "Verified by", vx_buf_str(&b));
	vx_layout_heading(L, 1, "7 Effectiveness", 0, 60);
	vx_layout_kv(L, "Criteria", c.capa.effectiveness_criteria);
	vx_layout_kv(L, "Result", c.capa.effectiveness_result);
	vx_layout_kv(L, "Checked on", c.capa.effectiveness_checked_at);
	vx_layout_heading(L, 1, "8 Approvals", 0, 60);
	if (!c.capa.napprovals) {
		vx_layout_text(L, "none recorded", 0, 0);
	} else {
		static const char *const hdr[] = {"Name", "Role", "Meaning", "Date"};
		static const double wid[] = {2, 2, 2, 2};
		vx_layout_table_begin(L, 4, hdr, wid);
		for (size_t i = 0; i < c.capa.napprovals; i++) {
			const struct vx_capa_approval *a = &c.capa.approvals[i];
			const char *cells[4] = {a->name, a->role, a->meaning, a->at};
			vx_layout_table_row(L, cells);
		}
		vx_layout_table_end(L);
	}
	vx_layout_heading(L, 1, "9 History (audit trail)", 0, 60);
	{
		static const char *const hdr[] = {"When", "Who", "What"};
		static const double wid[] = {2, 2, 2};
		vx_layout_table_begin(L, 3, hdr, wid);
		for (size_t i = 0; i < c.naudit; i++) {
			const char *cells[3] = {c.audit[i].at, c.audit[i].actor, c.audit[i].action};
			vx_layout_table_row(L, cells);
		}
		vx_layout_table_end(L);
	}
	rc = vx_layout_finish(L, pdf, len, err);
out:
	vx_layout_free(L);
	vx_buf_release(&b);
	free(regular);
	free(bold);
	free(header);
	free(footer);
	release(&c);
	return rc;
}
