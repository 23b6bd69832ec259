/* src/import/sbom_quality.c - FDA / NTIA element checks and inventory diff (see
 * sbom_quality.h). */
#include "import/sbom_quality.h"
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strmap.h"
#include "util/time.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *source;
} elements[VX_EL_COUNT] = {
	[VX_EL_SUPPLIER] = {"supplier", "NTIA"},
	[VX_EL_NAME] = {"name", "NTIA"},
	[VX_EL_VERSION] = {"version", "NTIA"},
	[VX_EL_IDENTIFIER] = {"unique identifier", "NTIA"},
	[VX_EL_DEPENDENCY] = {"dependency relationship", "NTIA"},
	[VX_EL_AUTHOR] = {"SBOM author", "NTIA"},
	[VX_EL_TIMESTAMP] = {"timestamp", "NTIA"},
	[VX_EL_SUPPORT_LEVEL] = {"support level", "FDA"},
	[VX_EL_END_OF_SUPPORT] = {"end-of-support date", "FDA"},
};

const char *vx_element_name(enum vx_element e)
{
	return e < VX_EL_COUNT ? elements[e].name : "?";
}

const char *vx_element_source(enum vx_element e)
{
	return e < VX_EL_COUNT ? elements[e].source : "?";
}

void vx_sbom_check_elements(const struct vx_sbom *s, struct vx_element_report *r)
{
	struct vx_strmap related; /* bom-refs that take part in a dependency statement */
	size_t n = s->ncomponents;

	memset(r, 0, sizeof(*r));
	r->missing = vx_calloc(n ? n : 1, sizeof(unsigned));
	r->invalid = vx_calloc(n ? n : 1, sizeof(unsigned));
	if (vx_str_blank(s->authors))
		r->doc_missing |= VX_EL_BIT(VX_EL_AUTHOR);
	if (vx_str_blank(s->timestamp))
		r->doc_missing |= VX_EL_BIT(VX_EL_TIMESTAMP);

	vx_strmap_init(&related);
	for (size_t d = 0; d < s->ndeps; d++) {
		vx_strmap_put(&related, s->deps[d].from, 0);
		if (s->deps[d].to)
			vx_strmap_put(&related, s->deps[d].to, 0);
	}
	for (size_t i = 0; i < n; i++) {
		const struct vx_component *c = &s->components[i];
		unsigned m = 0;
		if (c->is_device)
			continue;
		r->ncomponents++;
		if (vx_str_blank(c->supplier) && vx_str_blank(c->author))
			m |= VX_EL_BIT(VX_EL_SUPPLIER);
		if (vx_str_blank(c->name))
			m |= VX_EL_BIT(VX_EL_NAME);
		if (vx_str_blank(c->version))
			m |= VX_EL_BIT(VX_EL_VERSION);
		if (vx_str_blank(c->purl) && vx_str_blank(c->cpe))
			m |= VX_EL_BIT(VX_EL_IDENTIFIER);
		/* Nesting inside another component (CycloneDX) states "included in" too. */
		if (c->parent < 0 && (!c->bom_ref || vx_strmap_get(&related, c->bom_ref) < 0))
			m |= VX_EL_BIT(VX_EL_DEPENDENCY);
		if (vx_str_blank(c->support_level))
			m |= VX_EL_BIT(VX_EL_SUPPORT_LEVEL);
		if (vx_str_blank(c->end_of_support)) {
			m |= VX_EL_BIT(VX_EL_END_OF_SUPPORT);
		} else if (!vx_time_parse_date(c->end_of_support, NULL) &&
			   !vx_time_parse_datetime(c->end_of_support, NULL)) {
			m |= VX_EL_BIT(VX_EL_END_OF_SUPPORT);
			r->invalid[i] |= VX_EL_BIT(VX_EL_END_OF_SUPPORT);
		}
		m |= r->doc_missing;
		r->missing[i] = m;
		for (int e = 0; e < VX_EL_COUNT; e++)
			if (m & VX_EL_BIT(e))
				r->nmissing[e]++;
		if (!m)
			r->ncomplete++;
	}
	vx_strmap_release(&related);
}

void vx_element_report_release(struct vx_element_report *r)
{
	free(r->missing);
	free(r->invalid);
	memset(r, 0, sizeof(*r));
}

/* --- diff ---------------------------------------------------------------------------- */

char *vx_component_key(const struct vx_component *c)
{
	if (!vx_str_blank(c->purl)) {
		size_t n = strcspn(c->purl, "?#");
		char *k = vx_strndup(c->purl, n);
		char *slash = strrchr(k, '/');
		char *at = strrchr(slash ? slash : k, '@');
		if (at)
			*at = '\0';
		return vx_str_lower(k);
	}
	return vx_str_lower(vx_asprintf("name:%s%s%s", c->group ? c->group : "",
					c->group ? "/" : "", c->name ? c->name : ""));
}

char *vx_component_identity(const struct vx_component *c)
{
	char *k = vx_component_key(c);
	char *id = vx_asprintf("%s@%s", k, c->version ? c->version : "");
	free(k);
	return id;
}

static bool same(const char *a, const char *b)
{
	if (vx_str_blank(a) || vx_str_blank(b))
		return vx_str_blank(a) && vx_str_blank(b);
	return strcmp(a, b) == 0;
}

static bool same_hashes(const struct vx_component *a, const struct vx_component *b)
{
	if (a->nhashes != b->nhashes)
		return false;
	for (size_t i = 0; i < a->nhashes; i++) {
		size_t j;
		for (j = 0; j < b->nhashes; j++)
			if (strcmp(a->hashes[i].alg, b->hashes[j].alg) == 0 &&
			    strcmp(a->hashes[i].value, b->hashes[j].value) == 0)
				break;
		if (j == b->nhashes)
			return false;
	}
	return true;
}

/* End-of-support values: the same day written as a date and as a date-time (SPDX
 * validUntilDate) are the same. */
static bool same_day(const char *a, const char *b)
{
	time_t ta, tb;
	if ((vx_time_parse_date(a, &ta) || vx_time_parse_datetime(a, &ta)) &&
	    (vx_time_parse_date(b, &tb) || vx_time_parse_datetime(b, &tb)))
		return ta / 86400 == tb / 86400;
	return same(a, b);
}

/* A CPE 2.3 name with its version attribute blanked, so that a version bump is not also
 * reported as a CPE change. Splits on unescaped colons. Fresh string. */
static char *cpe_without_version(const char *cpe)
{
	char *out = vx_strdup(cpe), *p = out;
	int field = 0;
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ':' && ++field == 5) {
			char *end = p + 1;
			while (*end && !(*end == ':' && end[-1] != '\\'))
				end++;
			memmove(p + 1, end, strlen(end) + 1);
			break;
		}
	}
	return out;
}

static unsigned changed_fields(const struct vx_component *a, const struct vx_component *b)
{
	unsigned f = 0;
	if (!same(a->version, b->version))
		f |= VX_DF_VERSION;
	if (!same(a->supplier, b->supplier))
		f |= VX_DF_SUPPLIER;
	if (f & VX_DF_VERSION) {
		/* Identifiers embed the version: compare what remains. Paired components share
		 * the purl key already, so only qualifiers and subpath could differ. */
		char *ka = a->cpe ? cpe_without_version(a->cpe) : NULL;
		char *kb = b->cpe ? cpe_without_version(b->cpe) : NULL;
		if (!same(ka, kb))
			f |= VX_DF_CPE;
		free(ka);
		free(kb);
		if (vx_str_blank(a->purl) != vx_str_blank(b->purl))
			f |= VX_DF_PURL;
	} else {
		if (!same(a->purl, b->purl))
			f |= VX_DF_PURL;
		if (!same(a->cpe, b->cpe))
			f |= VX_DF_CPE;
	}
	if (!same_hashes(a, b))
		f |= VX_DF_HASHES;
	if (!same(a->licence, b->licence))
		f |= VX_DF_LICENCE;
	if (!same(a->support_level, b->support_level) ||
	    !same_day(a->end_of_support, b->end_of_support))
		f |= VX_DF_SUPPORT;
	return f;
}

/* Components of one inventory grouped by key: head[k] chains indices through next[]. */
struct groups {
	char **keys;	 /* per component, NULL for the device */
	struct vx_strmap first; /* key -> first index */
	long *next;	 /* next index with the same key, -1 at the end */
	bool *used;
};

static void group(const struct vx_sbom *s, struct groups *g)
{
	size_t n = s->ncomponents;
	long *last = vx_calloc(n ? n : 1, sizeof(long));
	g->keys = vx_calloc(n ? n : 1, sizeof(char *));
	g->next = vx_calloc(n ? n : 1, sizeof(long));
	g->used = vx_calloc(n ? n : 1, sizeof(bool));
	vx_strmap_init(&g->first);
	for (size_t i = 0; i < n; i++) {
		long f;
		g->next[i] = -1;
		if (s->components[i].is_device) {
			g->used[i] = true;
			continue;
		}
		g->keys[i] = vx_component_key(&s->components[i]);
		f = vx_strmap_put(&g->first, g->keys[i], (long)i);
		if (f >= 0)
			g->next[last[f]] = (long)i;
		last[f >= 0 ? f : (long)i] = (long)i;
	}
	free(last);
}

static void ungroup(const struct vx_sbom *s, struct groups *g)
{
	vx_strmap_release(&g->first);
	for (size_t i = 0; i < s->ncomponents; i++)
		free(g->keys[i]);
	free(g->keys);
	free(g->next);
	free(g->used);
}

static void push(struct vx_diff_entry **out, size_t *n, size_t *cap, enum vx_diff_kind kind,
		 long a, long b, unsigned fields)
{
	*out = vx_grow(*out, sizeof(**out), *n + 1, cap);
	(*out)[*n].kind = kind;
	(*out)[*n].a = a;
	(*out)[*n].b = b;
	(*out)[*n].fields = fields;
	(*n)++;
}

/* Removed and changed entries in old-inventory order, then added ones in new order. */
static int by_position(const void *x, const void *y)
{
	const struct vx_diff_entry *p = x, *q = y;
	bool pa = p->kind == VX_DIFF_ADDED, qa = q->kind == VX_DIFF_ADDED;
	if (pa != qa)
		return pa ? 1 : -1;
	if (pa)
		return p->b < q->b ? -1 : p->b > q->b;
	return p->a < q->a ? -1 : p->a > q->a;
}

void vx_sbom_diff(const struct vx_sbom *a, const struct vx_sbom *b, struct vx_diff_entry **out,
		  size_t *n)
{
	struct groups ga, gb;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	group(a, &ga);
	group(b, &gb);
	/* Pass 1: same key and same version pair up (changed only in other fields).
	 * Pass 2: same key, different version: a version change. */
	for (int pass = 1; pass <= 2; pass++) {
		for (size_t i = 0; i < a->ncomponents; i++) {
			long j;
			if (ga.used[i])
				continue;
			for (j = vx_strmap_get(&gb.first, ga.keys[i]); j >= 0; j = gb.next[j]) {
				if (gb.used[j])
					continue;
				if (pass == 1 && !same(a->components[i].version,
						       b->components[j].version))
					continue;
				break;
			}
			if (j < 0)
				continue;
			ga.used[i] = gb.used[j] = true;
			unsigned f = changed_fields(&a->components[i], &b->components[j]);
			if (f)
				push(out, n, &cap, VX_DIFF_CHANGED, (long)i, j, f);
		}
	}
	for (size_t i = 0; i < a->ncomponents; i++)
		if (!ga.used[i])
			push(out, n, &cap, VX_DIFF_REMOVED, (long)i, -1, 0);
	for (size_t j = 0; j < b->ncomponents; j++)
		if (!gb.used[j])
			push(out, n, &cap, VX_DIFF_ADDED, -1, (long)j, 0);
	if (*n)
		qsort(*out, *n, sizeof(**out), by_position);
	ungroup(a, &ga);
	ungroup(b, &gb);
}
