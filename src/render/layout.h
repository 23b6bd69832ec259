/* src/render/layout.h - page layout for PDF documents on libharu 2.3.0.
 *
 * Owns the flow of text down a page: wrapped paragraphs, headings with bookmarks, label /
 * value blocks, tables that continue across pages with their header repeated, vector
 * figures (bar charts, a heat map), a table of contents with page numbers, attachments, and
 * a header and footer ("page N of M") on every page. Everything it draws stays inside the
 * margins: a word too long for its line is broken between characters, a cell too tall for
 * a page is continued on the next.
 *
 * Text is UTF-8 in an embedded TrueType font (Identity-H, subsetted by libharu); invalid
 * UTF-8 is drawn as U+FFFD and control characters as spaces. The output is deterministic:
 * the same calls give the same bytes (libharu writes no /ID and no dates of its own; the
 * creation date is the one given).
 *
 * libharu types stay inside layout.c. Errors reported by libharu are kept and returned by
 * vx_layout_finish(); drawing calls never fail on their own.
 */
#ifndef VX_RENDER_LAYOUT_H
#define VX_RENDER_LAYOUT_H

#include <stddef.h>

struct vx_err;
struct vx_layout;

struct vx_layout_opts {
	int letter;		     /* 1: US Letter; 0: A4 */
	const char *font_regular;    /* TrueType file paths */
	const char *font_bold;
	const char *title, *author, *subject, *creator; /* document Info, UTF-8 */
	long long created;	     /* epoch seconds for /CreationDate and /ModDate */
	const char *header;	     /* printed at the top of every page (device) */
	const char *footer;	     /* printed at the bottom left (document id) */
};

int vx_layout_new(const struct vx_layout_opts *o, struct vx_layout **out, struct vx_err *err);
void vx_layout_free(struct vx_layout *L); /* NULL is fine */

/* Start a new page. */
void vx_layout_page(struct vx_layout *L);
/* Start a new page unless at least h points remain on this one. */
void vx_layout_need(struct vx_layout *L, double h);
/* Vertical space. */
void vx_layout_space(struct vx_layout *L, double h);
/* The 1-based number of the current page. */
int vx_layout_page_no(const struct vx_layout *L);

/* Reserve `pages` pages for the table of contents here; entries are filled in by
 * vx_layout_finish(). Call once, before the headings it lists. */
void vx_layout_toc_reserve(struct vx_layout *L, int pages);
/* How many TOC pages n entries need. */
int vx_layout_toc_pages(const struct vx_layout *L, size_t n);

/* A heading: level 1 (section) or 2 (subsection), with a bookmark and, when toc is set, a
 * table-of-contents entry. Keeps at least `keep` points below it on the same page. */
void vx_layout_heading(struct vx_layout *L, int level, const char *text, int toc, double keep);

/* A wrapped paragraph. size 0 means the body size; bold selects the bold font. */
void vx_layout_text(struct vx_layout *L, const char *text, double size, int bold);
/* A label and a value: the label in bold in a left column, the value wrapped beside it.
 * A NULL or empty value is printed as "-". */
void vx_layout_kv(struct vx_layout *L, const char *label, const char *value);
/* A large title line, centred (cover pages). */
void vx_layout_title(struct vx_layout *L, const char *text, double size);
/* A boxed notice (warnings on the cover): bold text in a red frame. */
void vx_layout_notice(struct vx_layout *L, const char *text);

/* Tables: columns with relative widths (they are scaled to the text width). The header
 * row is bold on a grey band and repeated at the top of every page the table spans. */
void vx_layout_table_begin(struct vx_layout *L, size_t ncols, const char *const *headers,
			   const double *widths);
void vx_layout_table_row(struct vx_layout *L, const char *const *cells);
void vx_layout_table_end(struct vx_layout *L);

/* A horizontal bar chart: one bar per label, the value printed at its end. colors are RGB
 * triplets (0..1) per bar, or NULL for one colour. */
void vx_layout_bars(struct vx_layout *L, const char *title, size_t n, const char *const *labels,
		    const double *values, const double (*colors)[3]);
/* A heat map: rows x cols counts with labels; cells shaded by count, and coloured by
 * class[r*cols+c] (0 neutral, 1 acceptable/green, 2 unacceptable/red) when class is given. */
void vx_layout_heatmap(struct vx_layout *L, const char *title, const char *row_title,
		       const char *col_title, size_t rows, const char *const *row_labels,
		       size_t cols, const char *const *col_labels, const long *counts,
		       const int *cls);

/* Embed a file (its base name becomes the attachment name). */
void vx_layout_attach(struct vx_layout *L, const char *path);

/* Draw headers, footers and the table of contents, then serialise the document into
 * *pdf (malloc'd) and *len. VX_EINVAL with libharu's error code when it reported one. */
int vx_layout_finish(struct vx_layout *L, char **pdf, size_t *len, struct vx_err *err);

#endif
