/* src/store/confcode.c - NVD configurations as one text column, and back.
 *
 * A record's configuration trees are written whole into one nvd_conf row, so
 * that storing a CVE is a few rows rather than one per cpeMatch entry, and loading a
 * candidate is one row read (table nvd_conf). The encoding is private to the store: one line per
 * configuration ("C"), node ("N") and entry ("M"), fields separated by tabs, with "\\",
 * tab and newline escaped as "\\\\", "\\t", "\\n"; an empty field is NULL.
 *
 *     C <and> <negate>
 *     N <and> <negate>
 *     M <vulnerable> <criteria> <matchCriteriaId> <start_incl> <start_excl> <end_incl> <end_excl>
 */
#include "import/feed.h"
#include "store/store_private.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

static void put_field(struct vx_buf *b, const char *s)
{
	vx_buf_addc(b, '\t');
	for (; s && *s; s++) {
		if (*s == '\\')
			vx_buf_add(b, "\\\\", 2);
		else if (*s == '\t')
			vx_buf_add(b, "\\t", 2);
		else if (*s == '\n')
			vx_buf_add(b, "\\n", 2);
		else
			vx_buf_addc(b, *s);
	}
}

char *vx_store_confs_encode(const struct vx_configuration *confs, size_t n)
{
	struct vx_buf b;
	if (!n)
		return NULL;
	vx_buf_init(&b);
	for (size_t c = 0; c < n; c++) {
		vx_buf_printf(&b, "C\t%d\t%d\n", confs[c].op_and != 0, confs[c].negate != 0);
		for (size_t k = 0; k < confs[c].nnodes; k++) {
			const struct vx_conf_node *nd = &confs[c].nodes[k];
			vx_buf_printf(&b, "N\t%d\t%d\n", nd->op_and != 0, nd->negate != 0);
			for (size_t e = 0; e < nd->nmatches; e++) {
				const struct vx_cpe_match *m = &nd->matches[e];
				vx_buf_printf(&b, "M\t%d", m->vulnerable != 0);
				put_field(&b, m->criteria);
				put_field(&b, m->match_id);
				put_field(&b, m->start_incl);
				put_field(&b, m->start_excl);
				put_field(&b, m->end_incl);
				put_field(&b, m->end_excl);
				vx_buf_addc(&b, '\n');
			}
		}
	}
	return vx_buf_detach(&b);
}

/* The next field of a line: a fresh unescaped string, or NULL when empty. *p moves past
 * the field and its tab. */
static char *get_field(const char **p)
{
	struct vx_buf b;
	const char *s = *p;
	size_t n = strcspn(s, "\\\t\n");
	if (s[n] != '\\') { /* the usual case: nothing escaped */
		*p = s + n + (s[n] == '\t');
		return n ? vx_strndup(s, n) : NULL;
	}
	vx_buf_init(&b);
	while (*s && *s != '\t' && *s != '\n') {
		if (*s == '\\' && s[1]) {
			s++;
			vx_buf_addc(&b, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s);
		} else {
			vx_buf_addc(&b, *s);
		}
		s++;
	}
	if (*s == '\t')
		s++;
	*p = s;
	if (!b.len) {
		vx_buf_release(&b);
		return NULL;
	}
	return vx_buf_detach(&b);
}

int vx_store_confs_decode(const char *text, int tip, struct vx_vuln *v, struct vx_err *err)
{
	struct vx_configuration *cf = NULL;
	struct vx_conf_node *nd = NULL;

	for (const char *p = text; p && *p;) {
		char kind = *p;
		if ((kind != 'C' && kind != 'N' && kind != 'M') || p[1] != '\t')
			return vx_err_set(err, VX_ESTORE, "store: damaged configuration text");
		p += 2;
		if (kind == 'C') {
			v->confs = vx_realloc(v->confs, (v->nconfs + 1) * sizeof(*v->confs));
			cf = &v->confs[v->nconfs++];
			memset(cf, 0, sizeof(*cf));
			cf->op_and = p[0] == '1';
			cf->negate = p[2] == '1';
			cf->tip = tip;
			nd = NULL;
		} else if (kind == 'N') {
			if (!cf)
				return vx_err_set(err, VX_ESTORE, "store: damaged configuration text");
			cf->nodes = vx_realloc(cf->nodes, (cf->nnodes + 1) * sizeof(*cf->nodes));
			nd = &cf->nodes[cf->nnodes++];
			memset(nd, 0, sizeof(*nd));
			nd->op_and = p[0] == '1';
			nd->negate = p[2] == '1';
		} else {
			struct vx_cpe_match *m;
			if (!nd)
				return vx_err_set(err, VX_ESTORE, "store: damaged configuration text");
			nd->matches = vx_realloc(nd->matches, (nd->nmatches + 1) * sizeof(*nd->matches));
			m = &nd->matches[nd->nmatches++];
			memset(m, 0, sizeof(*m));
			m->vulnerable = p[0] == '1';
			p += p[0] ? 1 : 0;
			if (*p == '\t')
				p++;
			m->criteria = get_field(&p);
			m->match_id = get_field(&p);
			m->start_incl = get_field(&p);
			m->start_excl = get_field(&p);
			m->end_incl = get_field(&p);
			m->end_excl = get_field(&p);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}
