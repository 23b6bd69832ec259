/* src/render/annual.h - the cybersecurity section of a PMA periodic (annual) report.
 *
 * Owns which records make an entry and what each entry says: one entry per finding of the
 * device that had a change (a fix distributed or deployed, or - without a fix date - the
 * status set to fixed) or a
 * compensating control recorded in the year, with the items FDA's 2016 postmarket guidance
 * (section VIII) lists for periodic reports (regulatory.md 1.4): the vulnerability and how it
 * was learned, the risk conclusion, the change and its rationale, other devices affected,
 * related events (Part 803/806), the UDI, the advisories issued, every customer notification,
 * the ISAO and when it was told, and the related submissions or the basis for none; plus
 * FDA's three plan metrics over those entries. JSON and PDF; read-only on the store.
 */
#ifndef VX_RENDER_ANNUAL_H
#define VX_RENDER_ANNUAL_H

#include <stddef.h>

struct vx_err;
struct vx_store;

struct vx_annual_opts {
	const char *product;   /* required */
	int year;	       /* e.g. 2026 */
	const char *fonts_dir; /* for the PDF */
	int letter;
	long long generated_at;
};

struct vx_annual_info {
	size_t entries;
	int pma; /* the product's pathway is PMA */
};

int vx_annual_json(struct vx_store *st, const struct vx_annual_opts *o, char **json,
		   struct vx_annual_info *info, struct vx_err *err);
int vx_annual_pdf(struct vx_store *st, const struct vx_annual_opts *o, char **pdf, size_t *len,
		  struct vx_annual_info *info, struct vx_err *err);

#endif
