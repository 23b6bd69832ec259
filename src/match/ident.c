/* src/match/ident.c - purl and CPE checks over a parsed SBOM (see ident.h). */
#include "match/ident.h"
#include "import/sbom.h"
#include "match/cpe.h"
#include "match/purl.h"
#include "util/err.h"

#include <stdio.h>

int vx_match_check_identifiers(const struct vx_sbom *s, struct vx_err *err)
{
	char where[512];

	for (size_t i = 0; i < s->ncomponents; i++) {
		const struct vx_component *c = &s->components[i];
		if (c->purl) {
			struct vx_purl p;
			vx_purl_init(&p);
			if (vx_purl_parse(c->purl, &p, err) < 0) {
				vx_sbom_component_place(s, i, where, sizeof(where));
				vx_err_prefix(err, "%s.purl", where);
				return err->code;
			}
			vx_purl_release(&p);
		}
		if (c->cpe) {
			struct vx_cpe cpe;
			if (vx_cpe_parse(c->cpe, &cpe, err) < 0) {
				vx_sbom_component_place(s, i, where, sizeof(where));
				vx_err_prefix(err, "%s.cpe", where);
				return err->code;
			}
			vx_cpe_release(&cpe);
		}
	}
	return 0;
}
