/* src/render/notice.c - CVD notices from Lua templates (see notice.h). */
#include "render/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "rules/sandbox.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/cvss.h"
#include "util/err.h"

void vx_notice_release(struct vx_notice *n)
{
	free(n->title);
	free(n->markdown);
	memset(n, 0, sizeof(*n));
}

static const char *status_text(const char *status, const char *justification, char *buf,
			       size_t n)
{
	if (strcmp(status, "not_affected") == 0)
		snprintf(buf, n, "not affected%s%s", justification ? ", " : "",
			 justification ? justification : "");
	else if (strcmp(status, "under_investigation") == 0)
		snprintf(buf, n, "under investigation");
	else
		snprintf(buf, n, "%s", status);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

static void set_opt(struct vx_value *t, const char *key, const char *s)
{
	if (s && *s)
		vx_value_set_str(t, key, s);
}

/* The record the template sees (templates/README.md). */
static int build(struct vx_store *st, const struct vx_notice_opts *o, struct vx_value *n,
		 struct vx_err *err)
{
	struct vx_profile prof = {0};
	struct vx_product prod = {0};
	struct vx_vuln_facts fa;
	struct vx_finding_filter flt = {0};
	struct vx_finding *fs = NULL;
	size_t nf = 0;
	struct vx_value *t, *vers;
	char *latest_notified = NULL;
	int rc;
	if ((rc = vx_store_profile_get(st, &prof, err)) < 0) {
		if (rc == VX_ENOTFOUND)
			vx_err_set(err, VX_EINVAL, "no manufacturer profile: set one with 'vexil "
						   "profile set'");
		return rc == VX_ENOTFOUND ? VX_EINVAL : rc;
	}
	if ((rc = vx_store_product_get(st, o->product, &prod, err)) < 0) {
		vx_profile_release(&prof);
		return rc;
	}
	if ((rc = vx_store_vuln_facts(st, o->vuln, &fa, err)) < 0) {
		vx_profile_release(&prof);
		vx_product_release(&prod);
		return rc;
	}
	flt.product = o->product;
	flt.vuln = o->vuln;
	if ((rc = vx_store_findings(st, &flt, &fs, &nf, err)) < 0)
		goto out;
	if (!nf) {
		rc = vx_err_set(err, VX_ENOTFOUND, "%s has no open finding in %s", o->vuln, o->product);
		goto out;
	}
	vx_value_set_str(n, "kind", o->kind);
	vx_value_set_str(n, "date", o->date);
	t = vx_value_set_table(n, "manufacturer");
	vx_value_set_str(t, "name", prof.name);
	set_opt(t, "contact", prof.cvd_contact);
	set_opt(t, "isao", prof.isao_name);
	vx_value_set_bool(t, "isao_member", prof.isao_member > 0);
	t = vx_value_set_table(n, "product");
	vx_value_set_str(t, "name", prod.name);
	set_opt(t, "model", prod.model);
	set_opt(t, "pathway", prod.pathway);
	t = vx_value_set_table(n, "vulnerability");
	vx_value_set_str(t, "id", fa.vuln_id);
	set_opt(t, "title", fa.title);
	set_opt(t, "description", fa.description);
	set_opt(t, "reporter", fa.reporter);
	if (fa.received) /* the date part of the received timestamp */
		vx_value_set(t, "received",
			     vx_value_strn_new(fa.received, strlen(fa.received) < 10 ? strlen(fa.received)
										     : 10));
	if (fa.cvss_vector && vx_cvss3_base(fa.cvss_vector, NULL) >= 0) {
		const char *ver = NULL;
		double score = vx_cvss3_base(fa.cvss_vector, &ver);
		struct vx_value *c = vx_value_set_table(t, "cvss");
		vx_value_set_str(c, "version", ver);
		vx_value_set_num(c, "score", score);
		vx_value_set_str(c, "severity", vx_cvss3_severity(score));
		vx_value_set_str(c, "vector", fa.cvss_vector);
	}
	if (fa.kev) {
		struct vx_value *k = vx_value_set_table(t, "kev");
		set_opt(k, "added", fa.kev_added ? fa.kev_added : "unknown");
		set_opt(k, "due", fa.kev_due);
	}
	{
		struct vx_value *refs = vx_value_set_table(t, "references");
		for (size_t i = 0; i < fa.nrefs && i < 25; i++)
			vx_value_push_str(refs, fa.refs[i]);
	}
	vers = vx_value_set_table(n, "versions");
	{
		int uncontrolled = 0;
		for (size_t i = 0; i < nf; i++) {
			const struct vx_finding *f = &fs[i];
			struct vx_value *v = NULL, *comps, *c;
			struct vx_triage *th = NULL;
			struct vx_decision *dh = NULL;
			size_t nth = 0, ndh = 0;
			const struct vx_triage *tr;
			const struct vx_decision *d;
			char buf[160];
			/* one entry per device version; its components listed */
			for (size_t k = 0; k < vx_value_len(vers); k++)
				if (strcmp(vx_value_get_str(vx_value_at(vers, k), "version"), f->version) == 0)
					v = (struct vx_value *)vx_value_at(vers, k);
			if (v) {
				comps = (struct vx_value *)vx_value_get(v, "components");
				c = vx_value_push_table(comps);
				vx_value_set_str(c, "name", f->component ? f->component : "component");
				set_opt(c, "version", f->component_version);
				set_opt(c, "purl", f->component_purl);
				continue;
			}
			if ((rc = vx_store_triage_history(st, f->id, &th, &nth, err)) < 0 ||
			    (rc = vx_store_decision_history(st, f->id, &dh, &ndh, err)) < 0) {
				vx_triage_list_free(th, nth);
				goto out;
			}
			tr = &th[nth - 1];
			d = ndh && dh[ndh - 1].ok ? &dh[ndh - 1] : NULL;
			v = vx_value_push_table(vers);
			vx_value_set_str(v, "version", f->version);
			vx_value_set_str(v, "status", tr->status);
			vx_value_set_str(v, "status_text", status_text(tr->status, tr->justification,
								       buf, sizeof(buf)));
			set_opt(v, "justification", tr->justification);
			set_opt(v, "impact", tr->impact);
			set_opt(v, "action", tr->action);
			set_opt(v, "hazard", tr->hazard);
			set_opt(v, "severity", tr->severity);
			if (tr->safety_impact >= 0)
				vx_value_set_bool(v, "safety", tr->safety_impact == 1);
			set_opt(v, "controls", tr->controls);
			set_opt(v, "fix_distributed", tr->fix_distributed);
			set_opt(v, "customers_notified", tr->customers_notified);
			if (tr->customers_notified &&
			    (!latest_notified || strcmp(tr->customers_notified, latest_notified) > 0)) {
				free(latest_notified);
				latest_notified = vx_strdup(tr->customers_notified);
			}
			if (d) {
				set_opt(v, "risk", d->risk);
				set_opt(v, "decision_action", d->action);
				set_opt(v, "rationale", d->rationale);
				uncontrolled |= d->risk && strcmp(d->risk, "uncontrolled") == 0;
			}
			comps = vx_value_set_table(v, "components");
			c = vx_value_push_table(comps);
			vx_value_set_str(c, "name", f->component ? f->component : "component");
			set_opt(c, "version", f->component_version);
			set_opt(c, "purl", f->component_purl);
			vx_triage_list_free(th, nth);
			vx_decision_list_free(dh, ndh);
		}
		vx_value_set_bool(n, "uncontrolled", uncontrolled);
		set_opt(n, "customers_notified", latest_notified);
	}
	{ /* the security advisory issued for this vulnerability alone, when there is one */
		struct vx_advisory a;
		int found = 0;
		if ((rc = vx_store_advisory_get(st, prod.id, o->vuln, "security_advisory", "", &a,
						&found, err)) < 0)
			goto out;
		if (found && a.nrevs) {
			struct vx_value *av = vx_value_set_table(n, "advisory"), *rv;
			vx_value_set_str(av, "tracking_id", a.tracking_id);
			rv = vx_value_set_table(av, "revisions");
			for (size_t i = 0; i < a.nrevs; i++) {
				struct vx_value *r = vx_value_push_table(rv);
				vx_value_set_num(r, "number", a.revs[i].number);
				vx_value_set_str(r, "date", a.revs[i].date);
				vx_value_set_str(r, "summary", a.revs[i].summary);
			}
		}
		vx_advisory_release(&a);
	}
	rc = 0;
out:
	free(latest_notified);
	vx_finding_list_free(fs, nf);
	vx_vuln_facts_release(&fa);
	vx_profile_release(&prof);
	vx_product_release(&prod);
	return rc;
}

int vx_notice_render(struct vx_store *st, const struct vx_notice_opts *o, struct vx_notice *out,
		     struct vx_err *err)
{
	struct vx_value *n = vx_value_table_new(), *res = NULL;
	struct vx_sandbox *sb = NULL;
	char *path = NULL, *display = NULL;
	const char *title, *body;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = build(st, o, n, err)) < 0)
		goto out;
	path = vx_asprintf("%s/%s.lua", o->templates_dir, o->kind);
	display = vx_asprintf("templates/%s.lua", o->kind);
	if ((rc = vx_sandbox_new(NULL, &sb, err)) < 0)
		goto out;
	if ((rc = vx_sandbox_load_file(sb, path, display, err)) < 0) {
		if (rc == VX_EIO)
			rc = vx_err_set(err, VX_ENOTFOUND, "no template for '%s' notices: %s", o->kind,
					path);
		goto out;
	}
	if ((rc = vx_sandbox_call(sb, "notice", n, &res, err)) < 0) {
		if (rc == VX_ENOTFOUND)
			vx_err_set(err, VX_ENOTFOUND, "%s defines no function notice(n)", display);
		goto out;
	}
	title = vx_value_get_str(res, "title");
	body = vx_value_get_str(res, "body");
	if (!title || !body) {
		rc = vx_err_set(err, VX_EINVAL, "%s: notice(n) must return { title = ..., body = ... }",
				display);
		goto out;
	}
	out->title = vx_strdup(title);
	out->markdown = vx_strdup(body);
	vx_sandbox_digest(sb, out->template_sha256);
	rc = 0;
out:
	vx_value_free(n);
	vx_value_free(res);
	vx_sandbox_free(sb);
	free(path);
	free(display);
	return rc;
}

/* --- output forms ---------------------------------------------------------------------------- */

/* Copy a line without **, __ and a trailing two-space line break. */
static void plain_line(struct vx_buf *b, const char *s, size_t n)
{
	while (n >= 1 && s[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && ((s[i] == '*' && s[i + 1] == '*') || (s[i] == '_' && s[i + 1] == '_'))) {
			i++;
			continue;
		}
		vx_buf_addc(b, s[i]);
	}
}

char *vx_notice_text(const struct vx_notice *nt)
{
	struct vx_buf b;
	const char *s = nt->markdown;
	vx_buf_init(&b);
	while (*s) {
		size_t n = strcspn(s, "\n");
		int level = 0;
		while (level < (int)n && s[level] == '#')
			level++;
		if (level && level < (int)n && s[level] == ' ') {
			size_t start = b.len;
			plain_line(&b, s + level + 1, n - (size_t)level - 1);
			{
				size_t w = b.len - start;
				vx_buf_addc(&b, '\n');
				for (size_t i = 0; i < w; i++)
					vx_buf_addc(&b, level == 1 ? '=' : '-');
			}
		} else {
			plain_line(&b, s, n);
		}
		vx_buf_addc(&b, '\n');
		s += n + (s[n] == '\n');
	}
	return vx_buf_detach(&b);
}

int vx_notice_pdf(const struct vx_notice *nt, const char *fonts_dir, int letter,
		  long long created, char **pdf, size_t *len, struct vx_err *err)
{
	struct vx_layout *L = NULL;
	struct vx_layout_opts lo = {0};
	struct vx_buf para, line;
	char *regular = vx_asprintf("%s/DejaVuSans.ttf", fonts_dir),
	     *bold = vx_asprintf("%s/DejaVuSans-Bold.ttf", fonts_dir);
	const char *s = nt->markdown;
	int rc, first = 1;
	lo.letter = letter;
	lo.font_regular = regular;
	lo.font_bold = bold;
	lo.title = nt->title;
	lo.creator = "vexil";
	lo.created = created;
	lo.header = nt->title;
	lo.footer = "";
	rc = vx_layout_new(&lo, &L, err);
	free(regular);
	free(bold);
	if (rc < 0)
		return rc;
	vx_buf_init(&para);
	vx_buf_init(&line);
	/* Markdown subset: # and ## headings, "- " items, blank lines between paragraphs */
	for (;;) {
		size_t n = strcspn(s, "\n");
		int level = 0;
		vx_buf_reset(&line);
		plain_line(&line, s, n);
		while (level < (int)line.len && line.data[level] == '#')
			level++;
		if (!*s || !line.len || (level && line.data[level] == ' ') ||
		    (line.len > 1 && line.data[0] == '-' && line.data[1] == ' ')) {
			if (para.len) {
				vx_layout_text(L, vx_buf_str(&para), 0, 0);
				vx_buf_reset(&para);
			}
		}
		if (!*s)
			break;
		if (level && level < (int)line.len && line.data[level] == ' ') {
			if (level == 1 && first)
				vx_layout_title(L, line.data + level + 1, 16);
			else
				vx_layout_heading(L, level <= 1 ? 1 : 2, line.data + level + 1, 0, 30);
			first = 0;
		} else if (line.len > 1 && line.data[0] == '-' && line.data[1] == ' ') {
			char *item = vx_asprintf("\xE2\x80\xA2 %s", line.data + 2);
			vx_layout_text(L, item, 0, 0);
			free(item);
		} else if (line.len) {
			vx_buf_printf(&para, "%s%s", para.len ? "\n" : "", vx_buf_str(&line));
		}
		s += n + (s[n] == '\n');
	}
	vx_buf_release(&para);
	vx_buf_release(&line);
	rc = vx_layout_finish(L, pdf, len, err);
	vx_layout_free(L);
	return rc;
}
