/* src/render/notice.h - CVD notices from templates: customer notices, ISAO sharing,
 * researcher acknowledgements.
 *
 * Owns the record a notice template sees (templates/README.md lists its fields: the
 * manufacturer, the device, the vulnerability as published, each affected device version
 * with its assessment and decision, the advisory and its revisions) and the three output
 * forms: Markdown as the template wrote it, plain text, and PDF (through render/layout).
 * The wording lives in templates/<kind>.lua, run in the rules sandbox (rules/sandbox.h):
 * staff change it without recompiling, and a template can do nothing but return text.
 *
 * Read-only on the store: recording that a notice was issued is the caller's.
 */
#ifndef VX_RENDER_NOTICE_H
#define VX_RENDER_NOTICE_H

#include <stddef.h>

struct vx_err;
struct vx_store;

struct vx_notice_opts {
	const char *product, *vuln; /* required */
	const char *kind;	    /* "customer", "isao", "researcher-ack" */
	const char *templates_dir;  /* holds <kind>.lua */
	const char *date;	    /* YYYY-MM-DD of the notice */
};

struct vx_notice {
	char *title;	       /* one line */
	char *markdown;	       /* the body as the template wrote it */
	char template_sha256[65]; /* of the template that wrote it */
};

void vx_notice_release(struct vx_notice *n);

/* Render the notice. VX_ENOTFOUND when the vulnerability has no open finding in the
 * product, or the template is missing; template errors come back with file and line. */
int vx_notice_render(struct vx_store *st, const struct vx_notice_opts *o, struct vx_notice *out,
		     struct vx_err *err);

/* Markdown -> plain text: headings underlined, emphasis markers and trailing line-break
 * spaces removed; fresh. */
char *vx_notice_text(const struct vx_notice *n);

/* Markdown -> PDF (A4 unless letter) with the fonts in fonts_dir; fresh bytes. */
int vx_notice_pdf(const struct vx_notice *n, const char *fonts_dir, int letter,
		  long long created, char **pdf, size_t *len, struct vx_err *err);

#endif
