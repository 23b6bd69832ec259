/* src/rules/rules.c - loading a rule set and deciding findings with it (see rules.h). */
#include "rules/rules.h"
#include "rules/sandbox.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/jsonw.h"
#include "util/time.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rule set keeps its sources and gives every decision a fresh sandbox: a rule that
 * assigns globals while deciding cannot carry anything from one finding to the next, so a
 * decision depends on its own inputs only, whatever order findings are evaluated in. */
struct vx_rules {
	struct vx_sandbox *sb; /* the rule set as loaded first (checked, digest) */
	char digest[65];
	int files;
	char **names;	       /* display names ("lua/20-risk.lua"), in load order */
	char **sources;	       /* their text */
	size_t *lens;
};

/* A sandbox with every chunk of r loaded, for one decision. */
static int fresh_sandbox(const struct vx_rules *r, struct vx_sandbox **out, struct vx_err *err)
{
	int rc = vx_sandbox_new(NULL, out, err);
	for (int i = 0; rc == 0 && i < r->files; i++)
		rc = vx_sandbox_load(*out, r->names[i], r->sources[i], r->lens[i], err);
	if (rc < 0) {
		vx_sandbox_free(*out);
		*out = NULL;
	}
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vx_rules_load_dir(const char *dir, struct vx_rules **out, struct vx_err *err)
{
	struct vx_rules *r;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	const char *base = vx_path_base(dir);
	int rc;

	*out = NULL;
	d = opendir(dir);
	if (!d)
		return vx_err_set(err, VX_EIO, "cannot read the rule set directory '%s'", dir);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".lua") != 0)
			continue;
		names = vx_grow(names, sizeof(char *), n + 1, &cap);
		names[n++] = vx_strdup(e->d_name);
	}
	closedir(d);
	if (n == 0) {
		free(names);
		return vx_err_set(err, VX_ENOTFOUND, "no *.lua files in the rule set directory '%s'",
				  dir);
	}
	qsort(names, n, sizeof(char *), name_cmp);
	r = vx_calloc(1, sizeof(*r));
	r->names = vx_calloc(n, sizeof(char *));
	r->sources = vx_calloc(n, sizeof(char *));
	r->lens = vx_calloc(n, sizeof(size_t));
	rc = vx_sandbox_new(NULL, &r->sb, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *path = vx_asprintf("%s/%s", dir, names[i]);
		char *shown = vx_asprintf("%s/%s", *base ? base : dir, names[i]);
		rc = vx_file_read(path, VX_SANDBOX_MAX_SOURCE, &r->sources[i], &r->lens[i], err);
		if (rc < 0)
			vx_err_prefix(err, "%s", shown);
		else
			rc = vx_sandbox_load(r->sb, shown, r->sources[i], r->lens[i], err);
		free(path);
		r->names[i] = shown;
		r->files++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc < 0) {
		vx_rules_free(r);
		return rc;
	}
	vx_sandbox_digest(r->sb, r->digest);
	*out = r;
	return 0;
}

void vx_rules_free(struct vx_rules *r)
{
	if (!r)
		return;
	vx_sandbox_free(r->sb);
	for (int i = 0; i < r->files; i++) {
		free(r->names[i]);
		free(r->sources[i]);
	}
	free(r->names);
	free(r->sources);
	free(r->lens);
	free(r);
}

void vx_rules_digest(const struct vx_rules *r, char out[65])
{
	memcpy(out, r->digest, 65);
}

int vx_rules_files(const struct vx_rules *r)
{
	return r->files;
}

/* --- the record the rules see ------------------------------------------------------------ */

static void set_str(struct vx_value *t, const char *k, const char *v)
{
	if (v)
		vx_value_set_str(t, k, v);
}

static void set_tri(struct vx_value *t, const char *k, int v)
{
	if (v >= 0)
		vx_value_set_bool(t, k, v != 0);
}

static struct vx_value *record(const struct vx_rule_input *in, const char *as_of)
{
	struct vx_value *r = vx_value_table_new(), *x, *y;
	const struct vx_triage *t = &in->triage;

	vx_value_set_str(r, "as_of", as_of);
	x = vx_value_set_table(r, "finding");
	vx_value_set_num(x, "id", (double)in->finding_id);
	set_str(x, "t0", in->t0);
	vx_value_set_bool(x, "needs_review", in->needs_review != 0);

	x = vx_value_set_table(r, "vulnerability");
	set_str(x, "id", in->vuln_id);
	set_str(x, "title", in->title);
	if (in->cvss_vector || in->cvss_score >= 0) {
		y = vx_value_set_table(x, "cvss");
		set_str(y, "vector", in->cvss_vector);
		if (in->cvss_score >= 0)
			vx_value_set_num(y, "score", in->cvss_score);
	}
	if (in->kev) {
		y = vx_value_set_table(x, "kev");
		set_str(y, "date_added", in->kev_added);
		set_str(y, "due_date", in->kev_due);
		set_str(y, "ransomware", in->kev_ransomware);
	}

	x = vx_value_set_table(r, "component");
	vx_value_set_str(x, "name", in->component ? in->component : "(component no longer listed)");
	set_str(x, "version", in->component_version);
	set_str(x, "purl", in->purl);
	set_str(x, "cpe", in->cpe);

	x = vx_value_set_table(r, "product");
	set_str(x, "name", in->product);
	set_str(x, "version", in->version);
	set_str(x, "pathway", in->pathway);
	vx_value_set_bool(x, "cyber_device", in->cyber_device != 0);
	vx_value_set_bool(x, "fielded", in->fielded != 0);

	x = vx_value_set_table(r, "triage");
	set_str(x, "status", t->status);
	set_str(x, "justification", t->justification);
	set_str(x, "impact", t->impact);
	set_str(x, "action", t->action);
	set_str(x, "hazard", t->hazard);
	set_str(x, "severity", t->severity);
	set_tri(x, "safety_impact", t->safety_impact);
	set_str(x, "cvss_vector", t->cvss_vector);
	set_tri(x, "public_exploit", t->public_exploit);
	if (t->epss >= 0)
		vx_value_set_num(x, "epss", t->epss);
	set_str(x, "controls", t->controls);
	set_tri(x, "adverse_events", t->adverse_events);
	set_str(x, "customers_notified", t->customers_notified);
	set_str(x, "fix_distributed", t->fix_distributed);
	set_str(x, "fix_deployed", t->fix_deployed);
	set_str(x, "isao_notified", t->isao_notified);
	set_str(x, "assessor", t->assessor);

	x = vx_value_set_table(r, "manufacturer");
	set_str(x, "name", in->manufacturer);
	set_str(x, "isao", in->isao);
	vx_value_set_bool(x, "isao_member", in->isao_member != 0);
	return r;
}

/* The record (without as_of: a new day alone is not a new input) as text, for hashing. */
static void value_text(struct vx_jw *w, const struct vx_value *v)
{
	switch (v->type) {
	case VX_V_NIL:
		vx_jw_null(w);
		break;
	case VX_V_BOOL:
		vx_jw_bool(w, v->b);
		break;
	case VX_V_NUM:
		vx_jw_num(w, v->num);
		break;
	case VX_V_STR:
		vx_jw_str(w, v->str);
		break;
	case VX_V_TABLE:
		if (v->n_fields || !v->n_items) {
			vx_jw_object(w);
			for (size_t i = 0; i < v->n_fields; i++) {
				if (strcmp(v->fields[i].key, "as_of") == 0)
					continue;
				vx_jw_key(w, v->fields[i].key);
				value_text(w, v->fields[i].value);
			}
			vx_jw_object_end(w);
		} else {
			vx_jw_array(w);
			for (size_t i = 0; i < v->n_items; i++)
				value_text(w, v->items[i]);
			vx_jw_array_end(w);
		}
	}
}

/* --- the decision ----------------------------------------------------------------------- */

static bool in_set(const char *s, const char *const *set)
{
	for (int i = 0; s && set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

/* Mark the decision failed with a message (printf format); returns 0. */
static int bad(struct vx_decision *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct vx_decision *d, const char *fmt, ...)
{
	va_list ap;
	struct vx_buf b;
	vx_buf_init(&b);
	va_start(ap, fmt);
	{
		char tmp[512];
		vsnprintf(tmp, sizeof(tmp), fmt, ap);
		vx_buf_adds(&b, tmp);
	}
	va_end(ap);
	free(d->error);
	d->error = vx_buf_detach(&b);
	d->ok = 0;
	return 0;
}

static const char *or_none(const char *s)
{
	return s ? s : "(nothing)";
}

/* Check and copy the table decide() returned. */
static int take_result(const struct vx_value *res, struct vx_decision *d)
{
	static const char *const risks[] = {"controlled", "uncontrolled", "undetermined", NULL};
	static const char *const actions[] = {"capa", "advisory", "patch", "none", "assess", NULL};
	static const char *const required[] = {"yes", "no", "pending", NULL};
	static const char *const states[] = {"met", "pending", "failed", NULL};
	const struct vx_value *p806, *p803, *conds;
	struct vx_jw w;
	const char *s;

	d->ok = 1;
	d->rule = vx_strdup(vx_value_get_str(res, "rule"));
	d->severity = vx_strdup(vx_value_get_str(res, "severity"));
	d->exploitability = vx_strdup(vx_value_get_str(res, "exploitability"));
	d->risk = vx_strdup(vx_value_get_str(res, "risk"));
	d->action = vx_strdup(vx_value_get_str(res, "action"));
	d->patch = vx_strdup(vx_value_get_str(res, "patch"));
	d->rationale = vx_strdup(vx_value_get_str(res, "rationale"));
	d->advisory = vx_value_bool(vx_value_get(res, "advisory"), false);
	d->annual_report = vx_value_bool(vx_value_get(res, "annual_report"), false);
	if (!in_set(d->risk, risks))
		return bad(d, "decision.risk '%s' is not controlled, uncontrolled or undetermined",
			   or_none(d->risk));
	if (!in_set(d->action, actions))
		return bad(d, "decision.action '%s' is not capa, advisory, patch, none or assess",
			   or_none(d->action));
	if (!d->rationale || !*d->rationale)
		return bad(d, "decision.rationale is missing");
	p806 = vx_value_get(res, "part806");
	s = p806 ? vx_value_get_str(p806, "required") : "no";
	if (!in_set(s, required))
		return bad(d, "decision.part806.required '%s' is not yes, no or pending", or_none(s));
	d->part806 = vx_strdup(s);
	d->part806_due = vx_strdup(p806 ? vx_value_get_str(p806, "due") : NULL);
	p803 = vx_value_get(res, "part803");
	d->part803 = p803 ? vx_value_bool(vx_value_get(p803, "evaluate"), false) : 0;
	d->part803_due = vx_strdup(p803 ? vx_value_get_str(p803, "due") : NULL);
	if ((d->part806_due && !vx_time_parse_date(d->part806_due, NULL)) ||
	    (d->part803_due && !vx_time_parse_date(d->part803_due, NULL)))
		return bad(d, "decision: a due date is not a date (%s)",
			   d->part806_due ? d->part806_due : d->part803_due);
	conds = vx_value_get(res, "conditions");
	vx_jw_init(&w);
	vx_jw_array(&w);
	for (size_t i = 0; conds && i < vx_value_len(conds); i++) {
		const struct vx_value *c = vx_value_at(conds, i);
		const char *state = vx_value_get_str(c, "state");
		if (!in_set(state, states)) {
			vx_jw_release(&w);
			return bad(d, "decision.conditions: state '%s' is not met, pending or failed",
				   or_none(state));
		}
		vx_jw_object(&w);
		vx_jw_kstr(&w, "id", vx_value_get_str(c, "id"));
		vx_jw_kstr(&w, "state", state);
		vx_jw_kstr(&w, "due", vx_value_get_str(c, "due"));
		vx_jw_kstr(&w, "detail", vx_value_get_str(c, "detail"));
		vx_jw_object_end(&w);
	}
	vx_jw_array_end(&w);
	d->conditions = vx_strdup(vx_jw_text(&w));
	vx_jw_release(&w);
	return 0;
}

int vx_rules_decide(struct vx_rules *r, const struct vx_rule_input *in, const char *as_of,
		    struct vx_decision *d, struct vx_err *err)
{
	struct vx_value *rec = record(in, as_of), *res = NULL;
	struct vx_err lerr;
	struct vx_jw w;
	struct vx_buf h;
	char sha[65];

	memset(d, 0, sizeof(*d));
	d->finding_id = in->finding_id;
	d->triage_id = in->triage_id;
	d->as_of = vx_strdup(as_of);
	d->ruleset_sha256 = vx_strdup(r->digest);
	vx_err_clear(&lerr);
	struct vx_sandbox *sb = NULL;
	if (fresh_sandbox(r, &sb, &lerr) < 0 || vx_sandbox_call(sb, "decide", rec, &res, &lerr) < 0) {
		d->ok = 0;
		d->error = vx_strdup(vx_err_text(&lerr));
	} else {
		take_result(res, d);
	}
	/* What was decided from, and what came of it: a new decision row only when this
	 * changes (new inputs, new rules, or a date crossing a due date). */
	vx_jw_init(&w);
	vx_jw_object(&w);
	vx_jw_kstr(&w, "rules", r->digest);
	vx_jw_key(&w, "input");
	value_text(&w, rec);
	vx_jw_key(&w, "output");
	if (res)
		value_text(&w, res);
	else
		vx_jw_str(&w, d->error);
	vx_jw_object_end(&w);
	vx_buf_init(&h);
	vx_buf_adds(&h, vx_jw_text(&w));
	vx_sha256_hex(h.data, h.len, sha);
	d->inputs_sha256 = vx_strdup(sha);
	vx_buf_release(&h);
	vx_jw_release(&w);
	vx_sandbox_free(sb);
	vx_value_free(rec);
	vx_value_free(res);
	(void)err;
	return 0;
}
