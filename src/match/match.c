/* src/match/match.c - inventory against vulnerability records (see match.h). */
#include "match/match.h"
#include "import/feed.h"
#include "import/sbom.h"
#include "match/cpe.h"
#include "match/purl.h"
#include "match/version.h"
#include "store/vuln.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- keys ---------------------------------------------------------------------------- */

/* The fast path of vx_match_cpe_key for the usual criteria ("cpe:2.3:a:vendor:product:..."
 * whose vendor and product hold only letters, digits, '.', '_' and '-'): their canonical
 * form is just the lower-cased text. NULL when the name needs the full parser. */
static char *plain_cpe_key(const char *cpe)
{
	const char *v, *p, *end;
	char *key;
	if (strncmp(cpe, "cpe:2.3:", 8) != 0 || !strchr("aoh", cpe[8]) || cpe[9] != ':')
		return NULL;
	v = cpe + 10;
	for (p = v; *p && *p != ':'; p++)
		if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return NULL;
	if (*p != ':' || p == v)
		return NULL;
	for (end = p + 1; *end && *end != ':'; end++)
		if (!(((*end | 32) >= 'a' && (*end | 32) <= 'z') || (*end >= '0' && *end <= '9') ||
		      *end == '.' || *end == '_' || *end == '-'))
			return NULL;
	if (*end != ':' || end == p + 1 || strcmp(v, "-:") == 0 || (p - v == 1 && *v == '-') ||
	    (end - p == 2 && p[1] == '-'))
		return NULL; /* NA vendor or product: let the parser decide */
	key = vx_strndup(v, (size_t)(end - v));
	return vx_str_lower(key);
}

char *vx_match_cpe_key(const char *cpe)
{
	struct vx_cpe c;
	char *key;
	if (!cpe)
		return NULL;
	if ((key = plain_cpe_key(cpe)))
		return key;
	if (vx_cpe_parse(cpe, &c, NULL) < 0)
		return NULL;
	key = vx_asprintf("%s:%s", c.attr[VX_CPE_VENDOR], c.attr[VX_CPE_PRODUCT]);
	vx_cpe_release(&c);
	return key;
}

/* The canonical "type/namespace/name" of a parsed purl. */
static char *purl_key(struct vx_purl *p)
{
	char *s, *key;
	free(p->version);
	free(p->subpath);
	p->version = p->subpath = NULL;
	for (size_t i = 0; i < p->nqualifiers; i++) {
		free(p->qualifiers[i].key);
		free(p->qualifiers[i].value);
	}
	free(p->qualifiers);
	p->qualifiers = NULL;
	p->nqualifiers = 0;
	s = vx_purl_to_string(p);
	key = vx_strdup(strncmp(s, "pkg:", 4) == 0 ? s + 4 : s);
	free(s);
	return key;
}

char *vx_match_purl_key(const char *purl)
{
	struct vx_purl p;
	char *key;
	vx_purl_init(&p);
	if (!purl || vx_purl_parse(purl, &p, NULL) < 0) {
		vx_purl_release(&p);
		return NULL;
	}
	key = purl_key(&p);
	vx_purl_release(&p);
	return key;
}

static const struct {
	const char *ecosystem, *type, *ns; /* ns: fixed namespace, or NULL */
	char sep;			   /* splits namespace from name in the OSV name */
} ecosystems[] = {
	{"npm", "npm", NULL, '/'},	     {"PyPI", "pypi", NULL, 0},
	{"Maven", "maven", NULL, ':'},	     {"Go", "golang", NULL, '/'},
	{"NuGet", "nuget", NULL, 0},	     {"crates.io", "cargo", NULL, 0},
	{"RubyGems", "gem", NULL, 0},	     {"Packagist", "composer", NULL, '/'},
	{"Hex", "hex", NULL, 0},	     {"Pub", "pub", NULL, 0},
	{"Debian", "deb", "debian", 0},	     {"Ubuntu", "deb", "ubuntu", 0},
	{"Alpine", "apk", "alpine", 0},	     {"SwiftURL", "swift", NULL, '/'},
	{"GitHub Actions", "github", NULL, '/'}, {"CRAN", "cran", NULL, 0},
	{"Hackage", "hackage", NULL, 0},     {"conan", "conan", NULL, 0},
};

char *vx_match_osv_key(const char *ecosystem, const char *name, const char *purl)
{
	char *key = NULL, *spec = NULL, *enc = NULL;
	size_t elen;

	if (purl && (key = vx_match_purl_key(purl)))
		return key;
	if (!ecosystem || !name || !*name)
		return NULL;
	elen = strcspn(ecosystem, ":"); /* "Debian:12" */
	for (size_t i = 0; i < sizeof(ecosystems) / sizeof(ecosystems[0]); i++) {
		const char *sep;
		if (strlen(ecosystems[i].ecosystem) != elen ||
		    strncmp(ecosystems[i].ecosystem, ecosystem, elen) != 0)
			continue;
		/* Build a purl and let the purl module canonicalise it: percent-encode each
		 * part by writing it through a struct. */
		sep = ecosystems[i].sep ? strrchr(name, ecosystems[i].sep) : NULL;
		{
			struct vx_purl p;
			vx_purl_init(&p);
			p.type = vx_strdup(ecosystems[i].type);
			if (ecosystems[i].ns)
				p.namespace_ = vx_strdup(ecosystems[i].ns);
			else if (sep && sep > name)
				p.namespace_ = vx_strndup(name, (size_t)(sep - name));
			p.name = vx_strdup(sep ? sep + 1 : name);
			if (vx_purl_build(&p, &spec, NULL) == 0) {
				key = vx_match_purl_key(spec);
				free(spec);
			}
			vx_purl_release(&p);
		}
		break;
	}
	free(enc);
	return key;
}

static void keys_push(char ***arr, size_t *n, char *k)
{
	*arr = vx_realloc(*arr, (*n + 1) * sizeof(char *));
	(*arr)[(*n)++] = k;
}

void vx_match_vuln_keys(const struct vx_vuln *v, struct vx_vuln_keys *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t c = 0; c < v->nconfs; c++)
		for (size_t n = 0; n < v->confs[c].nnodes; n++)
			for (size_t e = 0; e < v->confs[c].nodes[n].nmatches; e++)
				keys_push(&out->cpe_keys, &out->ncpe,
					  vx_match_cpe_key(v->confs[c].nodes[n].matches[e].criteria));
	for (size_t a = 0; a < v->naffected; a++)
		keys_push(&out->pkg_keys, &out->npkg,
			  vx_match_osv_key(v->affected[a].ecosystem, v->affected[a].name,
					   v->affected[a].purl));
}

void vx_match_keys_release(struct vx_vuln_keys *k)
{
	for (size_t i = 0; i < k->ncpe; i++)
		free(k->cpe_keys[i]);
	for (size_t i = 0; i < k->npkg; i++)
		free(k->pkg_keys[i]);
	free(k->cpe_keys);
	free(k->pkg_keys);
	memset(k, 0, sizeof(*k));
}

void vx_match_inventory_keys(const struct vx_sbom *inv, struct vx_vuln_keys *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < inv->ncomponents; i++) {
		char *k = vx_match_cpe_key(inv->components[i].cpe);
		if (k)
			keys_push(&out->cpe_keys, &out->ncpe, k);
		k = vx_match_purl_key(inv->components[i].purl);
		if (k)
			keys_push(&out->pkg_keys, &out->npkg, k);
	}
}

/* --- the inventory, prepared once ------------------------------------------------------ */

struct comp {
	bool has_cpe;
	struct vx_cpe cpe;  /* with the component's version when the CPE's was ANY */
	bool has_alt;
	struct vx_cpe alt;  /* the same name with "2.0-beta9" / "9.3p1" split into version and
			       update, as NVD writes such releases (2.0:beta9, 9.3:p1) */
	char *cpe_text;	    /* as compared */
	char *version;	    /* for bounds: the CPE version unquoted, else the component's */
	char *pkg_key;	    /* purl type/namespace/name */
	char *purl_version; /* the purl's version, else the component's */
};

/* "2.0-beta9" with update ANY -> version "2.0", update "beta9"; "9.3p1" -> "9.3", "p1".
 * Only a numeric dotted version followed by a letter-led suffix qualifies. */
static bool split_update(const struct vx_cpe *c, struct vx_cpe *alt)
{
	const char *v = c->attr[VX_CPE_VERSION], *p = v;
	size_t num;
	if (strcmp(c->attr[VX_CPE_UPDATE], "*") != 0)
		return false;
	while ((*p >= '0' && *p <= '9') || *p == '.')
		p++;
	num = (size_t)(p - v);
	if (num == 0 || v[num - 1] == '.')
		return false;
	if (p[0] == '\\' && (p[1] == '-' || p[1] == '_' || p[1] == '.'))
		p += 2; /* a quoted separator: "2.0\-beta9" */
	else if (*p == '-' || *p == '_' || *p == '.')
		p++;
	if (!(*p >= 'a' && *p <= 'z'))
		return false;
	for (const char *q = p; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '.'))
			return false;
	for (int i = 0; i < VX_CPE_NATTR; i++)
		alt->attr[i] = vx_strdup(c->attr[i]);
	free(alt->attr[VX_CPE_VERSION]);
	free(alt->attr[VX_CPE_UPDATE]);
	alt->attr[VX_CPE_VERSION] = vx_strndup(v, num);
	alt->attr[VX_CPE_UPDATE] = vx_strdup(p);
	return true;
}

static void prepare(const struct vx_sbom *inv, struct comp *cs)
{
	for (size_t i = 0; i < inv->ncomponents; i++) {
		const struct vx_component *c = &inv->components[i];
		struct comp *p = &cs[i];
		memset(p, 0, sizeof(*p));
		if (c->cpe && vx_cpe_parse(c->cpe, &p->cpe, NULL) == 0) {
			char *v = p->cpe.attr[VX_CPE_VERSION];
			p->has_cpe = true;
			if (strcmp(v, "*") == 0 && c->version &&
			    *c->version) {
				/* "cpe:2.3:a:zlib:zlib:*:..." + version "1.2.11": use the
				 * version, quoted as a CPE value would be. */
				struct vx_buf b;
				vx_buf_init(&b);
				for (const char *q = c->version; *q; q++) {
					unsigned char ch = (unsigned char)*q;
					if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
					      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
					      ch == '-'))
						vx_buf_addc(&b, '\\');
					vx_buf_addc(&b, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
				}
				free(p->cpe.attr[VX_CPE_VERSION]);
				p->cpe.attr[VX_CPE_VERSION] = vx_buf_detach(&b);
			}
			p->cpe_text = vx_cpe_to_string(&p->cpe);
			v = p->cpe.attr[VX_CPE_VERSION];
			p->version = (strcmp(v, "*") == 0 || strcmp(v, "-") == 0)
					     ? NULL
					     : vx_cpe_unquote(v);
			p->has_alt = split_update(&p->cpe, &p->alt);
		}
		if (c->purl) {
			struct vx_purl pu;
			vx_purl_init(&pu);
			if (vx_purl_parse(c->purl, &pu, NULL) == 0) {
				p->purl_version = vx_strdup(pu.version ? pu.version : c->version);
				p->pkg_key = purl_key(&pu);
			}
			vx_purl_release(&pu);
		}
	}
}

static void unprepare(struct comp *cs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (cs[i].has_cpe)
			vx_cpe_release(&cs[i].cpe);
		if (cs[i].has_alt)
			vx_cpe_release(&cs[i].alt);
		free(cs[i].cpe_text);
		free(cs[i].version);
		free(cs[i].pkg_key);
		free(cs[i].purl_version);
	}
	free(cs);
}

/* Components grouped by the CPE "vendor:product" and by purl key, so that an entry is
 * compared with the few components that can match it rather than with all of them. */
struct inv_index {
	size_t n;
	struct vx_strmap cpe_first, pkg_first; /* key -> first component index */
	long *cpe_next, *pkg_next;	       /* next component with the same key, or -1 */
	char **cpe_keys;		       /* owned; borrowed by cpe_first */
};

static void chain(struct vx_strmap *first, long *next, long *last, const char *key, long i)
{
	long f = vx_strmap_put(first, key, i);
	next[i] = -1;
	if (f >= 0)
		next[last[f]] = i;
	last[f >= 0 ? f : i] = i;
}

static void index_inventory(const struct comp *cs, size_t n, struct inv_index *ix)
{
	long *last = vx_calloc(n ? n : 1, sizeof(long));
	ix->n = n;
	vx_strmap_init(&ix->cpe_first);
	vx_strmap_init(&ix->pkg_first);
	ix->cpe_next = vx_calloc(n ? n : 1, sizeof(long));
	ix->pkg_next = vx_calloc(n ? n : 1, sizeof(long));
	ix->cpe_keys = vx_calloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		ix->cpe_next[i] = ix->pkg_next[i] = -1;
		if (cs[i].has_cpe) {
			ix->cpe_keys[i] = vx_asprintf("%s:%s", cs[i].cpe.attr[VX_CPE_VENDOR],
						      cs[i].cpe.attr[VX_CPE_PRODUCT]);
			chain(&ix->cpe_first, ix->cpe_next, last, ix->cpe_keys[i], (long)i);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (cs[i].pkg_key)
			chain(&ix->pkg_first, ix->pkg_next, last, cs[i].pkg_key, (long)i);
	free(last);
}

static void index_release(struct inv_index *ix)
{
	vx_strmap_release(&ix->cpe_first);
	vx_strmap_release(&ix->pkg_first);
	for (size_t i = 0; i < ix->n; i++)
		free(ix->cpe_keys[i]);
	free(ix->cpe_keys);
	free(ix->cpe_next);
	free(ix->pkg_next);
}

/* Iteration over the components a criteria CPE can match: its vendor:product bucket, or
 * every component when the criteria has wildcards there. */
static long cpe_first(const struct inv_index *ix, const struct vx_cpe *crit, bool *all)
{
	long f;
	char *key;
	*all = strpbrk(crit->attr[VX_CPE_VENDOR], "*?") || strpbrk(crit->attr[VX_CPE_PRODUCT], "*?");
	if (*all)
		return ix->n ? 0 : -1;
	key = vx_asprintf("%s:%s", crit->attr[VX_CPE_VENDOR], crit->attr[VX_CPE_PRODUCT]);
	f = vx_strmap_get(&ix->cpe_first, key);
	free(key);
	return f;
}

static long cpe_next(const struct inv_index *ix, long c, bool all)
{
	if (all)
		return (size_t)(c + 1) < ix->n ? c + 1 : -1;
	return ix->cpe_next[c];
}

/* --- results ----------------------------------------------------------------------------- */

static struct vx_match_hit *hit_for(struct vx_match_result *r, size_t *cap, size_t comp,
				    size_t vuln)
{
	/* Hits of one vulnerability are appended together, so search back only within it. */
	for (size_t i = r->nhits; i-- > 0 && r->hits[i].vuln == vuln;)
		if (r->hits[i].component == comp)
			return &r->hits[i];
	r->hits = vx_grow(r->hits, sizeof(*r->hits), r->nhits + 1, cap);
	memset(&r->hits[r->nhits], 0, sizeof(*r->hits));
	r->hits[r->nhits].component = comp;
	r->hits[r->nhits].vuln = vuln;
	r->hits[r->nhits].needs_review = 1; /* lowered by any fully established evidence */
	return &r->hits[r->nhits++];
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Append evidence unless the hit already holds the same; returns whether it was added.
 * range and note are taken (freed when not added). */
static bool add_evidence(struct vx_match_hit *h, const char *source, const char *field,
			 const char *value, const char *criterion, char *range, char *note)
{
	struct vx_match_evidence *e;
	for (size_t i = 0; i < h->nev; i++) {
		e = &h->ev[i];
		if (same_text(e->source, source) && same_text(e->field, field) &&
		    same_text(e->value, value) && same_text(e->criterion, criterion) &&
		    same_text(e->range, range) && same_text(e->note, note)) {
			free(range);
			free(note);
			return false;
		}
	}
	h->ev = vx_realloc(h->ev, (h->nev + 1) * sizeof(*h->ev));
	e = &h->ev[h->nev++];
	e->source = vx_strdup(source);
	e->field = vx_strdup(field);
	e->value = vx_strdup(value);
	e->criterion = vx_strdup(criterion);
	e->range = range; /* taken */
	e->note = note;	  /* taken */
	if (!note)
		h->needs_review = 0;
	return true;
}

void vx_match_result_release(struct vx_match_result *r)
{
	for (size_t i = 0; i < r->nhits; i++) {
		for (size_t k = 0; k < r->hits[i].nev; k++) {
			struct vx_match_evidence *e = &r->hits[i].ev[k];
			free(e->source);
			free(e->field);
			free(e->value);
			free(e->criterion);
			free(e->range);
			free(e->note);
		}
		free(r->hits[i].ev);
	}
	free(r->hits);
	memset(r, 0, sizeof(*r));
}

/* --- NVD configurations ------------------------------------------------------------------ */

static char *bounds_text(const struct vx_cpe_match *m)
{
	struct vx_buf b;
	vx_buf_init(&b);
	if (m->start_incl)
		vx_buf_printf(&b, ">= %s", m->start_incl);
	if (m->start_excl)
		vx_buf_printf(&b, "%s> %s", b.len ? ", " : "", m->start_excl);
	if (m->end_incl)
		vx_buf_printf(&b, "%s<= %s", b.len ? ", " : "", m->end_incl);
	if (m->end_excl)
		vx_buf_printf(&b, "%s< %s", b.len ? ", " : "", m->end_excl);
	if (!b.len) {
		vx_buf_release(&b);
		return NULL;
	}
	return vx_buf_detach(&b);
}

static bool has_bounds(const struct vx_cpe_match *m)
{
	return m->start_incl || m->start_excl || m->end_incl || m->end_excl;
}

/* A cheap first test: canonical values are lower-case, so a criterion value without
 * wildcards can only match the same text. */
static bool same_or_wild(const char *crit, const char *comp)
{
	return strpbrk(crit, "*?") || strcmp(crit, comp) == 0;
}

/* Does component c match entry m? *unknown is set when the names match but the version
 * needed for the bounds is not known. */
static bool entry_matches(const struct vx_cpe *crit, const struct vx_cpe_match *m,
			  const struct comp *c, bool *unknown)
{
	*unknown = false;
	if (!c->has_cpe || !same_or_wild(crit->attr[VX_CPE_PRODUCT], c->cpe.attr[VX_CPE_PRODUCT]) ||
	    !same_or_wild(crit->attr[VX_CPE_VENDOR], c->cpe.attr[VX_CPE_VENDOR]) ||
	    !(vx_cpe_matches(crit, &c->cpe) || (c->has_alt && vx_cpe_matches(crit, &c->alt))))
		return false;
	if (!has_bounds(m))
		return true;
	if (!c->version) {
		*unknown = true;
		return false;
	}
	return vx_version_in_nvd_bounds(c->version, m->start_incl, m->start_excl, m->end_incl,
					m->end_excl, VX_VER_GENERIC);
}

/* Evaluate one configuration. For each entry: does any component match (sat[e])? Then
 * nodes and the configuration, once as published and once "optimistically" with every
 * unmatched platform entry (vulnerable: false) taken as present. */
static void eval_configuration(const struct vx_configuration *cf, const struct comp *cs,
			       const struct inv_index *ix, size_t vi, struct vx_match_result *r,
			       size_t *cap)
{
	bool all;
	size_t total = 0, k = 0;
	struct vx_cpe *crits;
	bool *parsed, *sat, *unknown_only, real_conf, opt_conf;
	char **missing_platform;

	for (size_t n = 0; n < cf->nnodes; n++)
		total += cf->nodes[n].nmatches;
	if (!total)
		return;
	crits = vx_calloc(total, sizeof(*crits));
	parsed = vx_calloc(total, sizeof(bool));
	sat = vx_calloc(total, sizeof(bool));
	unknown_only = vx_calloc(total, sizeof(bool));
	missing_platform = vx_calloc(total, sizeof(char *));

	for (size_t n = 0; n < cf->nnodes; n++)
		for (size_t e = 0; e < cf->nodes[n].nmatches; e++, k++) {
			const struct vx_cpe_match *m = &cf->nodes[n].matches[e];
			parsed[k] = m->criteria && vx_cpe_parse(m->criteria, &crits[k], NULL) == 0;
			if (!parsed[k])
				continue;
			for (long c = cpe_first(ix, &crits[k], &all); c >= 0;
			     c = cpe_next(ix, c, all)) {
				bool unk;
				if (entry_matches(&crits[k], m, &cs[c], &unk))
					sat[k] = true;
				else if (unk)
					unknown_only[k] = true;
			}
		}
	/* real: as published; opt: unmatched platform entries assumed present. */
	real_conf = cf->op_and != 0;
	opt_conf = real_conf;
	k = 0;
	for (size_t n = 0; n < cf->nnodes; n++) {
		const struct vx_conf_node *nd = &cf->nodes[n];
		bool real = nd->op_and != 0, opt = real;
		for (size_t e = 0; e < nd->nmatches; e++, k++) {
			bool s = sat[k];
			bool o = s || (!nd->matches[e].vulnerable && !nd->negate);
			if (nd->op_and) {
				real = real && s;
				opt = opt && o;
			} else {
				real = real || s;
				opt = opt || o;
			}
		}
		if (nd->negate) {
			real = !real;
			opt = !opt;
		}
		if (cf->op_and) {
			real_conf = real_conf && real;
			opt_conf = opt_conf && opt;
		} else {
			real_conf = real_conf || real;
			opt_conf = opt_conf || opt;
		}
	}
	if (cf->negate) {
		real_conf = !real_conf;
		opt_conf = !opt_conf;
	}
	if (opt_conf) {
		struct vx_buf plat;
		vx_buf_init(&plat);
		if (!real_conf) {
			k = 0;
			for (size_t n = 0; n < cf->nnodes; n++)
				for (size_t e = 0; e < cf->nodes[n].nmatches; e++, k++)
					if (!cf->nodes[n].matches[e].vulnerable && !sat[k])
						vx_buf_printf(&plat, "%s%s", plat.len ? ", " : "",
							      cf->nodes[n].matches[e].criteria);
		}
		/* Every component matching a vulnerable entry is affected. */
		k = 0;
		for (size_t n = 0; n < cf->nnodes; n++)
			for (size_t e = 0; e < cf->nodes[n].nmatches; e++, k++) {
				const struct vx_cpe_match *m = &cf->nodes[n].matches[e];
				if (!m->vulnerable || !parsed[k] || cf->nodes[n].negate)
					continue;
				for (long c = cpe_first(ix, &crits[k], &all); c >= 0;
				     c = cpe_next(ix, c, all)) {
					bool unk;
					if (!entry_matches(&crits[k], m, &cs[c], &unk))
						continue;
					add_evidence(hit_for(r, cap, c, vi), cf->tip ? "tip" : "nvd",
						     "cpe", cs[c].cpe_text, m->criteria, bounds_text(m),
						     real_conf ? NULL
							       : vx_asprintf(
									 "no SBOM component matches platform: "
									 "%s: needs review",
									 vx_buf_str(&plat)));
				}
			}
		vx_buf_release(&plat);
	}
	/* A name match whose version is unknown cannot be decided: report it for review. */
	k = 0;
	for (size_t n = 0; n < cf->nnodes; n++)
		for (size_t e = 0; e < cf->nodes[n].nmatches; e++, k++) {
			const struct vx_cpe_match *m = &cf->nodes[n].matches[e];
			if (!m->vulnerable || !unknown_only[k])
				continue;
			for (long c = cpe_first(ix, &crits[k], &all); c >= 0;
			     c = cpe_next(ix, c, all)) {
				bool unk;
				if (entry_matches(&crits[k], m, &cs[c], &unk) || !unk)
					continue;
				if (add_evidence(hit_for(r, cap, c, vi), cf->tip ? "tip" : "nvd",
						 "cpe", cs[c].cpe_text, m->criteria, bounds_text(m),
						 vx_strdup("component version unknown: needs review")))
					r->unknown_versions++;
			}
		}
	for (size_t i = 0; i < total; i++)
		if (parsed[i])
			vx_cpe_release(&crits[i]);
	free(crits);
	free(parsed);
	free(sat);
	free(unknown_only);
	free(missing_platform);
}

/* --- OSV packages and tips -------------------------------------------------------------- */

static char *events_text(const struct vx_osv_range *rg)
{
	static const char *const names[] = {"introduced", "fixed", "last_affected", "limit"};
	struct vx_buf b;
	vx_buf_init(&b);
	vx_buf_printf(&b, "%s:", rg->type ? rg->type : "?");
	for (size_t e = 0; e < rg->nevents; e++)
		vx_buf_printf(&b, "%s %s %s", e ? "," : "",
			      rg->events[e].kind <= VX_OSV_LIMIT ? names[rg->events[e].kind] : "?",
			      rg->events[e].version ? rg->events[e].version : "");
	return vx_buf_detach(&b);
}

static void eval_affected(const struct vx_vuln *v, size_t vi, const struct comp *cs,
			  const struct inv_index *ix, const struct vx_sbom *inv,
			  struct vx_match_result *r, size_t *cap)
{
	for (size_t a = 0; a < v->naffected; a++) {
		const struct vx_osv_affected *af = &v->affected[a];
		char *key = vx_match_osv_key(af->ecosystem, af->name, af->purl);
		enum vx_version_scheme scheme =
			vx_version_scheme_for_ecosystem(af->ecosystem ? af->ecosystem : "");
		const char *src = af->vers ? "tip" : "osv";
		struct vx_vers vers;
		bool have_vers = false;

		if (!key)
			continue;
		if (af->vers && vx_vers_parse(af->vers, &vers, NULL) == 0)
			have_vers = true;
		for (long c = vx_strmap_get(&ix->pkg_first, key); c >= 0; c = ix->pkg_next[c]) {
			const char *ver = cs[c].purl_version;
			char *range = NULL;
			bool in = false;
			if (!cs[c].pkg_key || strcmp(cs[c].pkg_key, key) != 0)
				continue;
			if (!ver || !*ver) {
				if (add_evidence(hit_for(r, cap, c, vi), src, "purl",
						 inv->components[c].purl, key, NULL,
						 vx_strdup("component version unknown: needs review")))
					r->unknown_versions++;
				continue;
			}
			if (have_vers && vx_vers_contains(&vers, ver)) {
				in = true;
				range = vx_strdup(af->vers);
			}
			for (size_t i = 0; !in && i < af->nversions; i++)
				if (af->versions[i] &&
				    (strcmp(af->versions[i], ver) == 0 ||
				     vx_version_cmp(af->versions[i], ver, scheme) == 0)) {
					in = true;
					range = vx_asprintf("listed version %s", af->versions[i]);
				}
			for (size_t i = 0; !in && i < af->nranges; i++) {
				const struct vx_osv_range *rg = &af->ranges[i];
				if (rg->type && strcmp(rg->type, "GIT") == 0) {
					r->git_ranges_skipped++;
					continue;
				}
				if (vx_version_in_osv_range(
					    ver, rg->events, rg->nevents,
					    vx_version_scheme_for_osv_range(rg->type, af->ecosystem))) {
					in = true;
					range = events_text(rg);
				}
			}
			if (in)
				add_evidence(hit_for(r, cap, c, vi), src, "purl",
					     inv->components[c].purl,
					     af->purl ? af->purl : key, range, NULL);
		}
		if (have_vers)
			vx_vers_release(&vers);
		free(key);
	}
}

static int by_vuln_component(const void *x, const void *y)
{
	const struct vx_match_hit *a = x, *b = y;
	if (a->vuln != b->vuln)
		return a->vuln < b->vuln ? -1 : 1;
	return a->component < b->component ? -1 : a->component > b->component;
}

void vx_match_inventory(const struct vx_sbom *inv, const struct vx_vuln *vulns, size_t nvulns,
			struct vx_match_result *out)
{
	struct comp *cs = vx_calloc(inv->ncomponents ? inv->ncomponents : 1, sizeof(*cs));
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	struct inv_index ix;

	prepare(inv, cs);
	index_inventory(cs, inv->ncomponents, &ix);
	for (size_t vi = 0; vi < nvulns; vi++) {
		for (size_t c = 0; c < vulns[vi].nconfs; c++)
			eval_configuration(&vulns[vi].confs[c], cs, &ix, vi, out, &cap);
		eval_affected(&vulns[vi], vi, cs, &ix, inv, out, &cap);
	}
	if (out->nhits)
		qsort(out->hits, out->nhits, sizeof(*out->hits), by_vuln_component);
	index_release(&ix);
	unprepare(cs, inv->ncomponents);
}

/* --- tips ---------------------------------------------------------------------------------- */

static void push_entry(struct vx_conf_node *nd, const char *criteria, const char *si,
		       const char *se, const char *ei, const char *ee)
{
	struct vx_cpe_match *m;
	nd->matches = vx_realloc(nd->matches, (nd->nmatches + 1) * sizeof(*nd->matches));
	m = &nd->matches[nd->nmatches++];
	memset(m, 0, sizeof(*m));
	m->criteria = vx_strdup(criteria);
	m->vulnerable = 1;
	m->start_incl = vx_strdup(si);
	m->start_excl = vx_strdup(se);
	m->end_incl = vx_strdup(ei);
	m->end_excl = vx_strdup(ee);
}

int vx_match_tip_record(const char *purl, const char *cpe, const char *vers, struct vx_vuln *v,
			struct vx_err *err)
{
	struct vx_vers r;
	int rc;

	if (!vers)
		return vx_err_set(err, VX_EINVAL, "a tip needs its affected versions as a vers: range");
	if ((rc = vx_vers_parse(vers, &r, err)) < 0)
		return rc;
	if (purl) {
		struct vx_purl p;
		vx_purl_init(&p);
		if ((rc = vx_purl_parse(purl, &p, err)) < 0)
			goto out;
		if (p.version) {
			rc = vx_err_set(err, VX_EINVAL,
					"the tip's purl names the package, not a version: drop '@%s' "
					"and give the versions with --affected",
					p.version);
			vx_purl_release(&p);
			goto out;
		}
		vx_purl_release(&p);
		v->affected = vx_calloc(1, sizeof(*v->affected));
		v->naffected = 1;
		v->affected[0].purl = vx_strdup(purl);
		v->affected[0].vers = vx_strdup(vers);
		rc = 0;
	} else if (cpe) {
		struct vx_cpe c;
		struct vx_conf_node *nd;
		const char *lo = NULL;
		bool lo_incl = false;
		if ((rc = vx_cpe_parse(cpe, &c, err)) < 0)
			goto out;
		vx_cpe_release(&c);
		v->confs = vx_calloc(1, sizeof(*v->confs));
		v->nconfs = 1;
		v->confs[0].tip = 1;
		v->confs[0].nodes = nd = vx_calloc(1, sizeof(*nd));
		v->confs[0].nnodes = 1;
		if (r.all) {
			push_entry(nd, cpe, NULL, NULL, NULL, NULL);
			rc = 0;
			goto out;
		}
		/* Constraints are sorted by version: walk them as interval ends. */
		for (size_t i = 0; i < r.n; i++) {
			const struct vx_vers_constraint *k = &r.constraints[i];
			switch (k->op) {
			case VX_VERS_EQ:
				push_entry(nd, cpe, k->version, NULL, k->version, NULL);
				break;
			case VX_VERS_GE:
			case VX_VERS_GT:
				lo = k->version;
				lo_incl = k->op == VX_VERS_GE;
				break;
			case VX_VERS_LE:
			case VX_VERS_LT:
				push_entry(nd, cpe, lo && lo_incl ? lo : NULL, lo && !lo_incl ? lo : NULL,
					   k->op == VX_VERS_LE ? k->version : NULL,
					   k->op == VX_VERS_LT ? k->version : NULL);
				lo = NULL;
				break;
			case VX_VERS_NE:
				rc = vx_err_set(err, VX_EINVAL,
						"'!=' in '%s' cannot be written as version bounds for a "
						"CPE; give the tip a purl, or list the intervals",
						vers);
				goto out;
			}
		}
		if (lo)
			push_entry(nd, cpe, lo_incl ? lo : NULL, lo_incl ? NULL : lo, NULL, NULL);
		rc = 0;
	} else {
		rc = vx_err_set(err, VX_EINVAL, "a tip needs the affected package: --purl or --cpe");
	}
out:
	vx_vers_release(&r);
	return rc;
}
