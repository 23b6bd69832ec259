/* src/render/layout.c - page layout on libharu 2.3.0 (see layout.h). */
#include "render/layout.h"

#include <hpdf.h>
#include <hpdf_namedict.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

/* Page geometry and type sizes, in points. */
#define MARGIN_L 50.0
#define MARGIN_R 50.0
#define MARGIN_T 64.0
#define MARGIN_B 58.0
#define BODY 9.0
#define LEAD 1.32 /* line height as a multiple of the type size */
#define TABLE_SIZE 8.0
#define CELL_PAD 3.0
#define KV_LABEL 150.0
#define TOC_SIZE 9.0
#define TOC_TITLE 40.0
#define WCACHE 2048 /* code points whose widths are cached */

struct toc_entry {
	char *text;
	int level;
	size_t page; /* index into pages */
	HPDF_Destination dst;
};

struct line {
	size_t off, len;
};

struct vx_layout {
	HPDF_Doc pdf;
	HPDF_Font font[2]; /* regular, bold */
	HPDF_Encoder enc;
	double pw, ph; /* page size */
	double y;      /* baseline cursor: the top of the next thing drawn */
	HPDF_Page *pages;
	size_t npages, pages_cap;
	HPDF_Outline l1; /* the last level-1 bookmark */
	struct toc_entry *toc;
	size_t ntoc, toc_cap;
	size_t toc_first;
	int toc_pages; /* 0: no table of contents */
	/* the open table */
	size_t ncols;
	char **headers;
	double *colw;
	int thead_pending;
	/* text handling */
	struct vx_buf clean, tmp;
	struct line *lines;
	size_t lines_cap;
	float wcache[2][WCACHE];
	char *header, *footer;
	/* the first error libharu reported */
	unsigned long hpdf_error, hpdf_detail;
};

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
	struct vx_layout *L = user;
	if (!L->hpdf_error) {
		L->hpdf_error = e;
		L->hpdf_detail = detail;
	}
}

static char *dup_or_empty(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *p = vx_malloc(n + 1);
	memcpy(p, s ? s : "", n);
	p[n] = 0;
	return p;
}

/* --- text: cleaning, widths, wrapping ---------------------------------------------------- */

/* Decode one UTF-8 sequence at s[0..n); returns its length (1 for an invalid byte, with
 * *cp = U+FFFD). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t need;
	unsigned v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
		need = 1, v = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		need = 2, v = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		need = 3, v = c & 0x07, min = 0x10000;
	else
		goto bad;
	if (need >= n)
		goto bad;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return need + 1;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Copy s into L->clean as valid UTF-8 without control characters ('\n' kept when
 * keep_nl). Returns the cleaned text. */
static const char *clean_text(struct vx_layout *L, const char *s, int keep_nl)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	vx_buf_reset(&L->clean);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_next(p + i, n - i, &cp);
		if (cp == '\n' && keep_nl)
			vx_buf_addc(&L->clean, '\n');
		else if (cp == '\r' && keep_nl)
			; /* CRLF: the LF follows */
		else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			vx_buf_addc(&L->clean, ' ');
		else if (cp == 0xFFFD && k == 1)
			vx_buf_adds(&L->clean, "\xEF\xBF\xBD");
		else
			vx_buf_add(&L->clean, p + i, k);
		i += k;
	}
	return vx_buf_str(&L->clean);
}

/* Width in points of the code point cp (UTF-8 bytes s[0..k)) in font f at size. */
static double cp_width(struct vx_layout *L, int f, unsigned cp, const char *s, size_t k,
		       double size)
{
	float w;
	if (cp < WCACHE && L->wcache[f][cp] >= 0) {
		w = L->wcache[f][cp];
	} else {
		HPDF_TextWidth tw = HPDF_Font_TextWidth(L->font[f], (const HPDF_BYTE *)s, (HPDF_UINT)k);
		w = (float)tw.width;
		if (cp < WCACHE)
			L->wcache[f][cp] = w;
	}
	return w * size / 1000.0;
}

static double text_width(struct vx_layout *L, int f, const char *s, size_t n, double size)
{
	double w = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp);
		w += cp_width(L, f, cp, s + i, k, size);
		i += k;
	}
	return w;
}

static void add_line(struct vx_layout *L, size_t *nl, size_t off, size_t len)
{
	L->lines = vx_grow(L->lines, sizeof(*L->lines), *nl + 1, &L->lines_cap);
	L->lines[*nl].off = off;
	L->lines[*nl].len = len;
	(*nl)++;
}

/* Break cleaned text s into lines no wider than maxw: at spaces (dropped), after '/', ':',
 * ',', ';', '-', '&', '?', '=', '_' or '.' (kept), and between any two characters when a
 * word is wider than the line. Fills L->lines; returns the count (at least 1). */
static size_t wrap(struct vx_layout *L, const char *s, int f, double size, double maxw)
{
	size_t n = strlen(s), nl = 0, start = 0, brk = 0, brk_next = 0;
	double w = 0, w_brk = 0;
	int have_brk = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k;
		double cw;
		if (s[i] == '\n') {
			add_line(L, &nl, start, i - start);
			start = i + 1;
			i++;
			w = 0;
			have_brk = 0;
			continue;
		}
		k = utf8_next((const unsigned char *)s + i, n - i, &cp);
		cw = cp_width(L, f, cp, s + i, k, size);
		if (cp == ' ') {
			brk = i, brk_next = i + 1, w_brk = w + cw, have_brk = 1;
			w += cw;
			i += k;
			continue;
		}
		if (w + cw > maxw && i > start) {
			if (have_brk && brk > start) {
				add_line(L, &nl, start, brk - start);
				start = brk_next;
				w -= w_brk;
			} else {
				add_line(L, &nl, start, i - start);
				start = i;
				w = 0;
			}
			have_brk = 0;
			/* a line never starts with the spaces that ended the previous one */
			while (start < n && s[start] == ' ' && start < i) {
				w -= cp_width(L, f, ' ', " ", 1, size);
				start++;
			}
			if (w < 0)
				w = 0;
		}
		w += cw;
		i += k;
		if (strchr("/:,;-&?=_.", (int)cp) && cp < 0x80) {
			brk = i, brk_next = i, w_brk = w, have_brk = 1;
		}
	}
	if (start < n || nl == 0)
		add_line(L, &nl, start, n - start);
	return nl;
}

/* Draw s[0..n) with its left end at (x, y). */
static void draw_run(struct vx_layout *L, HPDF_Page pg, int f, double size, double x, double y,
		     const char *s, size_t n)
{
	vx_buf_reset(&L->tmp);
	vx_buf_add(&L->tmp, s, n);
	HPDF_Page_BeginText(pg);
	HPDF_Page_SetFontAndSize(pg, L->font[f], (HPDF_REAL)size);
	HPDF_Page_TextOut(pg, (HPDF_REAL)x, (HPDF_REAL)y, vx_buf_str(&L->tmp));
	HPDF_Page_EndText(pg);
}

/* s shortened with "…" to fit maxw (into L->tmp's sibling buffer: returns a fresh string). */
static char *fit(struct vx_layout *L, int f, double size, const char *s, double maxw)
{
	size_t n = strlen(s), cut = 0;
	double w = 0, ell = text_width(L, f, "\xE2\x80\xA6", 3, size);
	char *out;
	if (text_width(L, f, s, n, size) <= maxw)
		return dup_or_empty(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp);
		double cw = cp_width(L, f, cp, s + i, k, size);
		if (w + cw + ell > maxw)
			break;
		w += cw;
		i += k;
		cut = i;
	}
	out = vx_malloc(cut + 4);
	memcpy(out, s, cut);
	memcpy(out + cut, "\xE2\x80\xA6", 4);
	return out;
}

/* --- pages ------------------------------------------------------------------------------- */

static HPDF_Page cur(struct vx_layout *L)
{
	if (!L->npages)
		vx_layout_page(L);
	return L->pages[L->npages - 1];
}

static double text_w(const struct vx_layout *L)
{
	return L->pw - MARGIN_L - MARGIN_R;
}

/* [page /XYZ 0 top null]: jump to the heading and keep the reader's zoom (libharu's
 * HPDF_Destination_SetXYZ refuses a null zoom). */
static HPDF_Destination xyz_destination(struct vx_layout *L, HPDF_Page pg, double top)
{
	HPDF_Destination dst = HPDF_Page_CreateDestination(pg);
	if (!dst)
		return NULL;
	HPDF_Array_Clear(dst);
	HPDF_Array_Add(dst, pg);
	HPDF_Array_AddName(dst, "XYZ");
	HPDF_Array_AddReal(dst, 0);
	HPDF_Array_AddReal(dst, (HPDF_REAL)top);
	HPDF_Array_Add(dst, HPDF_Null_New(L->pdf->mmgr));
	return dst;
}

void vx_layout_page(struct vx_layout *L)
{
	HPDF_Page pg = HPDF_AddPage(L->pdf);
	if (!pg) { /* libharu failed (the error is kept): go on drawing on the last page */
		if (!L->hpdf_error)
			L->hpdf_error = HPDF_FAILD_TO_ALLOC_MEM;
		if (!L->npages)
			vx_oom();
		L->y = L->ph - MARGIN_T;
		return;
	}
	HPDF_Page_SetWidth(pg, (HPDF_REAL)L->pw);
	HPDF_Page_SetHeight(pg, (HPDF_REAL)L->ph);
	L->pages = vx_grow(L->pages, sizeof(*L->pages), L->npages + 1, &L->pages_cap);
	L->pages[L->npages++] = pg;
	L->y = L->ph - MARGIN_T;
}

void vx_layout_need(struct vx_layout *L, double h)
{
	if (!L->npages || L->y - h < MARGIN_B)
		vx_layout_page(L);
}

void vx_layout_space(struct vx_layout *L, double h)
{
	cur(L);
	L->y -= h;
	if (L->y < MARGIN_B)
		vx_layout_page(L);
}

int vx_layout_page_no(const struct vx_layout *L)
{
	return (int)L->npages;
}

int vx_layout_new(const struct vx_layout_opts *o, struct vx_layout **out, struct vx_err *err)
{
	struct vx_layout *L = vx_calloc(1, sizeof(*L));
	const char *fname[2] = {o->font_regular, o->font_bold};
	*out = NULL;
	vx_buf_init(&L->clean);
	vx_buf_init(&L->tmp);
	for (int f = 0; f < 2; f++)
		for (int i = 0; i < WCACHE; i++)
			L->wcache[f][i] = -1;
	L->pw = o->letter ? 612 : 595.276;
	L->ph = o->letter ? 792 : 841.89;
	L->pdf = HPDF_New(on_error, L);
	if (!L->pdf) {
		vx_layout_free(L);
		return vx_err_set(err, VX_EIO, "cannot start a PDF document (libharu)");
	}
	HPDF_SetCompressionMode(L->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(L->pdf);
	HPDF_SetCurrentEncoder(L->pdf, "UTF-8");
	L->enc = HPDF_GetEncoder(L->pdf, "UTF-8");
	for (int f = 0; f < 2; f++) {
		FILE *fp = fopen(fname[f], "rb");
		const char *name;
		if (!fp) {
			vx_layout_free(L);
			return vx_err_set(err, VX_EIO, "%s: cannot open the font file", fname[f]);
		}
		fclose(fp);
		name = HPDF_LoadTTFontFromFile(L->pdf, fname[f], HPDF_TRUE);
		L->font[f] = name ? HPDF_GetFont(L->pdf, name, "UTF-8") : NULL;
		if (!L->font[f] || L->hpdf_error) {
			unsigned long e = L->hpdf_error;
			vx_layout_free(L);
			return vx_err_set(err, VX_EINVAL,
					  "%s: not a TrueType font libharu can embed (error 0x%04lX)",
					  fname[f], e);
		}
	}
	{
		const struct {
			HPDF_InfoType t;
			const char *v;
		} info[] = {{HPDF_INFO_TITLE, o->title},
			    {HPDF_INFO_AUTHOR, o->author},
			    {HPDF_INFO_SUBJECT, o->subject},
			    {HPDF_INFO_CREATOR, o->creator}};
		for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++)
			if (info[i].v)
				HPDF_SetInfoAttr(L->pdf, info[i].t, clean_text(L, info[i].v, 0));
	}
	{
		time_t t = (time_t)o->created;
		struct tm tm;
		HPDF_Date d;
		gmtime_r(&t, &tm);
		memset(&d, 0, sizeof(d));
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = 'Z';
		HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_MOD_DATE, d);
	}
	HPDF_SetPageMode(L->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	L->header = dup_or_empty(o->header);
	L->footer = dup_or_empty(o->footer);
	*out = L;
	return 0;
}

void vx_layout_free(struct vx_layout *L)
{
	if (!L)
		return;
	if (L->pdf)
		HPDF_Free(L->pdf);
	for (size_t i = 0; i < L->ntoc; i++)
		free(L->toc[i].text);
	free(L->toc);
	for (size_t i = 0; i < L->ncols; i++)
		free(L->headers[i]);
	free(L->headers);
	free(L->colw);
	free(L->pages);
	free(L->lines);
	free(L->header);
	free(L->footer);
	vx_buf_release(&L->clean);
	vx_buf_release(&L->tmp);
	free(L);
}

/* --- text blocks ------------------------------------------------------------------------- */

/* Draw wrapped, cleaned text in a column [x, x+w) from the cursor down, breaking pages. */
static void column_text(struct vx_layout *L, const char *text, int f, double size, double x,
			double w)
{
	const char *s = clean_text(L, text, 1);
	size_t nl = wrap(L, s, f, size, w);
	double lead = size * LEAD;
	for (size_t i = 0; i < nl; i++) {
		if (L->y - lead < MARGIN_B)
			vx_layout_page(L);
		draw_run(L, cur(L), f, size, x, L->y - size, s + L->lines[i].off, L->lines[i].len);
		L->y -= lead;
	}
}

void vx_layout_text(struct vx_layout *L, const char *text, double size, int bold)
{
	cur(L);
	column_text(L, text, bold ? 1 : 0, size > 0 ? size : BODY, MARGIN_L, text_w(L));
	L->y -= 3;
}

void vx_layout_title(struct vx_layout *L, const char *text, double size)
{
	const char *s = clean_text(L, text, 1);
	size_t nl = wrap(L, s, 1, size, text_w(L));
	cur(L);
	for (size_t i = 0; i < nl; i++) {
		double w = text_width(L, 1, s + L->lines[i].off, L->lines[i].len, size);
		vx_layout_need(L, size * LEAD);
		draw_run(L, cur(L), 1, size, (L->pw - w) / 2, L->y - size, s + L->lines[i].off,
			 L->lines[i].len);
		L->y -= size * LEAD;
	}
}

void vx_layout_notice(struct vx_layout *L, const char *text)
{
	const char *s = clean_text(L, text, 1);
	size_t nl = wrap(L, s, 1, BODY + 1, text_w(L) - 16);
	double lead = (BODY + 1) * LEAD, h = (double)nl * lead + 14;
	HPDF_Page pg;
	if (h > L->ph - MARGIN_T - MARGIN_B) { /* far too long for a box: plain text */
		vx_layout_text(L, text, BODY + 1, 1);
		return;
	}
	vx_layout_need(L, h + 4);
	pg = cur(L);
	HPDF_Page_SetRGBStroke(pg, 0.75f, 0.05f, 0.05f);
	HPDF_Page_SetLineWidth(pg, 1.5f);
	HPDF_Page_Rectangle(pg, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y - h), (HPDF_REAL)text_w(L),
			    (HPDF_REAL)h);
	HPDF_Page_Stroke(pg);
	HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
	HPDF_Page_SetRGBFill(pg, 0.6f, 0.0f, 0.0f);
	for (size_t i = 0; i < nl; i++)
		draw_run(L, pg, 1, BODY + 1, MARGIN_L + 8, L->y - 7 - (double)i * lead - (BODY + 1),
			 s + L->lines[i].off, L->lines[i].len);
	HPDF_Page_SetRGBFill(pg, 0, 0, 0);
	L->y -= h + 6;
}

void vx_layout_kv(struct vx_layout *L, const char *label, const char *value)
{
	double lead = BODY * LEAD;
	double y0;
	size_t pages0;
	const char *s;
	size_t nl;
	int multi;
	/* the label column: keep the label with the first line of its value */
	s = clean_text(L, label, 0);
	nl = wrap(L, s, 1, BODY, KV_LABEL - 8);
	multi = nl > 1;
	vx_layout_need(L, lead * (double)(multi ? nl : 1));
	y0 = L->y;
	pages0 = L->npages;
	for (size_t i = 0; i < nl; i++)
		draw_run(L, cur(L), 1, BODY, MARGIN_L, y0 - BODY - (double)i * lead,
			 s + L->lines[i].off, L->lines[i].len);
	column_text(L, vx_str_blank(value) ? "-" : value, 0, BODY, MARGIN_L + KV_LABEL,
		    text_w(L) - KV_LABEL);
	if (L->npages == pages0 && L->y > y0 - (double)nl * lead)
		L->y = y0 - (double)nl * lead;
	L->y -= 1.5;
}

/* --- headings and bookmarks ---------------------------------------------------------------- */

void vx_layout_heading(struct vx_layout *L, int level, const char *text, int toc, double keep)
{
	double size = level <= 1 ? 14.0 : 11.0;
	const char *s;
	size_t nl;
	HPDF_Page pg;
	HPDF_Destination dst;
	HPDF_Outline ol;
	s = clean_text(L, text, 0);
	nl = wrap(L, s, 1, size, text_w(L));
	vx_layout_need(L, (double)nl * size * LEAD + (level <= 1 ? 10 : 6) + keep);
	if (L->y < L->ph - MARGIN_T - 1)
		L->y -= level <= 1 ? 8 : 5;
	pg = cur(L);
	dst = xyz_destination(L, pg, L->y + 4);
	ol = HPDF_CreateOutline(L->pdf, level <= 1 ? NULL : L->l1, s, L->enc);
	if (ol) {
		HPDF_Outline_SetDestination(ol, dst);
		HPDF_Outline_SetOpened(ol, HPDF_FALSE);
		if (level <= 1)
			L->l1 = ol;
	}
	if (toc) {
		L->toc = vx_grow(L->toc, sizeof(*L->toc), L->ntoc + 1, &L->toc_cap);
		L->toc[L->ntoc].text = dup_or_empty(s);
		L->toc[L->ntoc].level = level;
		L->toc[L->ntoc].page = L->npages - 1;
		L->toc[L->ntoc].dst = dst;
		L->ntoc++;
	}
	/* wrap() used L->lines; s is still L->clean */
	for (size_t i = 0; i < nl; i++) {
		draw_run(L, pg, 1, size, MARGIN_L, L->y - size, s + L->lines[i].off, L->lines[i].len);
		L->y -= size * LEAD;
	}
	if (level <= 1) {
		HPDF_Page_SetRGBStroke(pg, 0.55f, 0.55f, 0.55f);
		HPDF_Page_SetLineWidth(pg, 0.6f);
		HPDF_Page_MoveTo(pg, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y + 2));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(L->pw - MARGIN_R), (HPDF_REAL)(L->y + 2));
		HPDF_Page_Stroke(pg);
		HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
		L->y -= 4;
	}
	L->y -= 2;
}

/* --- table of contents ----------------------------------------------------------------------- */

static size_t toc_per_page(const struct vx_layout *L, int first)
{
	double h = L->ph - MARGIN_T - MARGIN_B - (first ? TOC_TITLE : 0);
	return (size_t)(h / (TOC_SIZE * LEAD));
}

int vx_layout_toc_pages(const struct vx_layout *L, size_t n)
{
	size_t first = toc_per_page(L, 1), rest = toc_per_page(L, 0);
	if (n <= first)
		return 1;
	return 1 + (int)((n - first + rest - 1) / rest);
}

void vx_layout_toc_reserve(struct vx_layout *L, int pages)
{
	if (L->toc_pages || pages <= 0)
		return;
	vx_layout_page(L);
	L->toc_first = L->npages - 1;
	for (int i = 1; i < pages; i++)
		vx_layout_page(L);
	L->toc_pages = pages;
	L->y = MARGIN_B; /* the next block starts a page */
}

static void draw_toc(struct vx_layout *L)
{
	size_t e = 0;
	double lead = TOC_SIZE * LEAD;
	for (int p = 0; p < L->toc_pages; p++) {
		HPDF_Page pg = L->pages[L->toc_first + (size_t)p];
		double y = L->ph - MARGIN_T;
		size_t per = toc_per_page(L, p == 0);
		if (p == 0) {
			draw_run(L, pg, 1, 14, MARGIN_L, y - 14, "Contents", 8);
			y -= TOC_TITLE;
		}
		for (size_t k = 0; k < per && e < L->ntoc; k++, e++) {
			const struct toc_entry *t = &L->toc[e];
			char num[24];
			int f = t->level <= 1 ? 1 : 0;
			double indent = t->level <= 1 ? 0 : 14, nw;
			char *label;
			HPDF_Rect r;
			snprintf(num, sizeof(num), "%zu", t->page + 1);
			nw = text_width(L, 0, num, strlen(num), TOC_SIZE);
			label = fit(L, f, TOC_SIZE, t->text, text_w(L) - indent - nw - 16);
			draw_run(L, pg, f, TOC_SIZE, MARGIN_L + indent, y - TOC_SIZE, label,
				 strlen(label));
			draw_run(L, pg, 0, TOC_SIZE, L->pw - MARGIN_R - nw, y - TOC_SIZE, num,
				 strlen(num));
			free(label);
			r.left = (HPDF_REAL)MARGIN_L;
			r.right = (HPDF_REAL)(L->pw - MARGIN_R);
			r.bottom = (HPDF_REAL)(y - lead);
			r.top = (HPDF_REAL)y;
			{
				HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pg, r, t->dst);
				if (a)
					HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			}
			y -= lead;
		}
	}
	if (e < L->ntoc && !L->hpdf_error) {
		L->hpdf_error = 1; /* not a libharu code: reported by vx_layout_finish */
		L->hpdf_detail = (unsigned long)(L->ntoc - e);
	}
}

/* --- tables -------------------------------------------------------------------------------- */

void vx_layout_table_begin(struct vx_layout *L, size_t ncols, const char *const *headers,
			   const double *widths)
{
	double sum = 0;
	vx_layout_table_end(L);
	L->ncols = ncols;
	L->headers = vx_calloc(ncols, sizeof(char *));
	L->colw = vx_calloc(ncols, sizeof(double));
	for (size_t i = 0; i < ncols; i++)
		sum += widths[i];
	for (size_t i = 0; i < ncols; i++) {
		L->headers[i] = dup_or_empty(clean_text(L, headers[i], 0));
		L->colw[i] = text_w(L) * widths[i] / sum;
	}
	L->thead_pending = 1; /* drawn with the first row, so it is never orphaned */
}

struct cell {
	char *text;
	size_t nl, next;
	struct line *lines;
};

static void wrap_cell(struct vx_layout *L, struct cell *c, const char *text, int f, double w)
{
	size_t nl;
	c->text = dup_or_empty(clean_text(L, text, 1));
	nl = wrap(L, c->text, f, TABLE_SIZE, w - 2 * CELL_PAD);
	c->lines = vx_malloc(nl * sizeof(*c->lines));
	memcpy(c->lines, L->lines, nl * sizeof(*c->lines));
	c->nl = nl;
	c->next = 0;
}

/* Draw up to `max` lines of each cell as one band of height h at the cursor. */
static void draw_band(struct vx_layout *L, struct cell *cells, size_t max, int f, int header)
{
	HPDF_Page pg = cur(L);
	double lead = TABLE_SIZE * LEAD, x = MARGIN_L, h = (double)max * lead + 2 * CELL_PAD;
	if (header) {
		HPDF_Page_SetRGBFill(pg, 0.88f, 0.88f, 0.88f);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y - h),
				    (HPDF_REAL)text_w(L), (HPDF_REAL)h);
		HPDF_Page_Fill(pg);
		HPDF_Page_SetRGBFill(pg, 0, 0, 0);
	}
	for (size_t c = 0; c < L->ncols; c++) {
		struct cell *cl = &cells[c];
		for (size_t k = 0; k < max && cl->next < cl->nl; k++, cl->next++)
			draw_run(L, pg, f, TABLE_SIZE, x + CELL_PAD,
				 L->y - CELL_PAD - TABLE_SIZE - (double)k * lead,
				 cl->text + cl->lines[cl->next].off, cl->lines[cl->next].len);
		x += L->colw[c];
	}
	HPDF_Page_SetRGBStroke(pg, 0.6f, 0.6f, 0.6f);
	HPDF_Page_SetLineWidth(pg, 0.4f);
	HPDF_Page_Rectangle(pg, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->y - h), (HPDF_REAL)text_w(L),
			    (HPDF_REAL)h);
	x = MARGIN_L;
	for (size_t c = 0; c + 1 < L->ncols; c++) {
		x += L->colw[c];
		HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)L->y);
		HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(L->y - h));
	}
	HPDF_Page_Stroke(pg);
	HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
	L->y -= h;
}

static void free_cells(struct cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cells[i].text);
		free(cells[i].lines);
	}
	free(cells);
}

static size_t max_left(const struct cell *cells, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (cells[i].nl - cells[i].next > m)
			m = cells[i].nl - cells[i].next;
	return m;
}

static void table_header(struct vx_layout *L)
{
	struct cell *h = vx_calloc(L->ncols, sizeof(*h));
	size_t m;
	for (size_t c = 0; c < L->ncols; c++)
		wrap_cell(L, &h[c], L->headers[c], 1, L->colw[c]);
	m = max_left(h, L->ncols);
	draw_band(L, h, m, 1, 1);
	free_cells(h, L->ncols);
}

static double header_h(struct vx_layout *L)
{
	size_t m = 1;
	for (size_t c = 0; c < L->ncols; c++) {
		size_t nl = wrap(L, L->headers[c], 1, TABLE_SIZE, L->colw[c] - 2 * CELL_PAD);
		if (nl > m)
			m = nl;
	}
	return (double)m * TABLE_SIZE * LEAD + 2 * CELL_PAD;
}

void vx_layout_table_row(struct vx_layout *L, const char *const *cells_in)
{
	struct cell *cells;
	double lead = TABLE_SIZE * LEAD, hh;
	int first_on_page;
	if (!L->ncols)
		return;
	cells = vx_calloc(L->ncols, sizeof(*cells));
	for (size_t c = 0; c < L->ncols; c++)
		wrap_cell(L, &cells[c], cells_in[c] ? cells_in[c] : "", 0, L->colw[c]);
	hh = header_h(L);
	cur(L);
	/* a header above the first row of the table and on top of every new page */
	first_on_page = L->thead_pending || L->y >= L->ph - MARGIN_T - 1;
	L->thead_pending = 0;
	for (;;) {
		size_t left = max_left(cells, L->ncols), fit_lines;
		double avail = L->y - MARGIN_B - 2 * CELL_PAD;
		if (first_on_page)
			avail -= hh;
		fit_lines = avail > 0 ? (size_t)(avail / lead) : 0;
		if (fit_lines < left) {
			/* move the whole row to a new page when it fits there; else split it */
			double page_lines = (L->ph - MARGIN_T - MARGIN_B - 2 * CELL_PAD - hh) / lead;
			if (fit_lines < 1 || (double)left <= page_lines) {
				vx_layout_page(L);
				first_on_page = 1;
				continue;
			}
		}
		if (first_on_page)
			table_header(L);
		first_on_page = 0;
		if (fit_lines >= left) {
			draw_band(L, cells, left, 0, 0);
			break;
		}
		draw_band(L, cells, fit_lines, 0, 0);
		vx_layout_page(L);
		first_on_page = 1;
	}
	free_cells(cells, L->ncols);
}

void vx_layout_table_end(struct vx_layout *L)
{
	if (!L->ncols)
		return;
	for (size_t i = 0; i < L->ncols; i++)
		free(L->headers[i]);
	free(L->headers);
	free(L->colw);
	L->headers = NULL;
	L->colw = NULL;
	L->ncols = 0;
	L->y -= 6;
}

/* --- figures ------------------------------------------------------------------------------ */

static void figure_title(struct vx_layout *L, const char *title)
{
	if (title && *title)
		column_text(L, title, 1, BODY, MARGIN_L, text_w(L));
	L->y -= 2;
}

void vx_layout_bars(struct vx_layout *L, const char *title, size_t n, const char *const *labels,
		    const double *values, const double (*colors)[3])
{
	const double bar = 11, gap = 5, label_w = 170, value_w = 50;
	double max = 0, h = (double)n * (bar + gap) + BODY * LEAD + 8;
	double span = text_w(L) - label_w - value_w;
	HPDF_Page pg;
	vx_layout_need(L, h);
	figure_title(L, title);
	pg = cur(L);
	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	for (size_t i = 0; i < n; i++) {
		double y = L->y - bar, w = max > 0 ? span * values[i] / max : 0;
		char num[32];
		char *lab = fit(L, 0, BODY, clean_text(L, labels[i], 0), label_w - 8);
		draw_run(L, pg, 0, BODY, MARGIN_L, y + 2, lab, strlen(lab));
		free(lab);
		if (w > 0) {
			const double *c = colors ? colors[i] : (const double[3]){0.25, 0.42, 0.65};
			HPDF_Page_SetRGBFill(pg, (HPDF_REAL)c[0], (HPDF_REAL)c[1], (HPDF_REAL)c[2]);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)(MARGIN_L + label_w), (HPDF_REAL)y,
					    (HPDF_REAL)w, (HPDF_REAL)bar);
			HPDF_Page_Fill(pg);
			HPDF_Page_SetRGBFill(pg, 0, 0, 0);
		}
		snprintf(num, sizeof(num), "%.0f", values[i]);
		draw_run(L, pg, 1, BODY, MARGIN_L + label_w + w + 4, y + 2, num, strlen(num));
		L->y -= bar + gap;
	}
	/* the axis */
	HPDF_Page_SetLineWidth(pg, 0.6f);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)(MARGIN_L + label_w), (HPDF_REAL)(L->y + gap - 2));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(MARGIN_L + label_w),
			 (HPDF_REAL)(L->y + (double)n * (bar + gap) + 2));
	HPDF_Page_Stroke(pg);
	L->y -= 8;
}

void vx_layout_heatmap(struct vx_layout *L, const char *title, const char *row_title,
		       const char *col_title, size_t rows, const char *const *row_labels,
		       size_t cols, const char *const *col_labels, const long *counts,
		       const int *cls)
{
	const double row_label_w = 95, cell_h = 22;
	double cell_w = (text_w(L) - row_label_w - 20) / (double)(cols ? cols : 1);
	double h = (double)rows * cell_h + 3 * BODY * LEAD + 20, x0 = MARGIN_L + row_label_w + 20;
	long max = 0;
	HPDF_Page pg;
	vx_layout_need(L, h);
	figure_title(L, title);
	pg = cur(L);
	for (size_t i = 0; i < rows * cols; i++)
		if (counts[i] > max)
			max = counts[i];
	/* the column title and labels above the grid */
	{
		char *t = fit(L, 1, TABLE_SIZE, clean_text(L, col_title, 0), text_w(L) - row_label_w);
		draw_run(L, pg, 1, TABLE_SIZE, x0, L->y - TABLE_SIZE, t, strlen(t));
		free(t);
		L->y -= TABLE_SIZE * LEAD;
	}
	for (size_t c = 0; c < cols; c++) {
		char *t = fit(L, 0, TABLE_SIZE, clean_text(L, col_labels[c], 0), cell_w - 4);
		double w = text_width(L, 0, t, strlen(t), TABLE_SIZE);
		draw_run(L, pg, 0, TABLE_SIZE, x0 + (double)c * cell_w + (cell_w - w) / 2,
			 L->y - TABLE_SIZE, t, strlen(t));
		free(t);
	}
	L->y -= TABLE_SIZE * LEAD + 2;
	{ /* the row title, written down the left edge */
		char *t = fit(L, 1, TABLE_SIZE, clean_text(L, row_title, 0), (double)rows * cell_h);
		double w = text_width(L, 1, t, strlen(t), TABLE_SIZE);
		double cy = L->y - (double)rows * cell_h / 2;
		HPDF_Page_BeginText(pg);
		HPDF_Page_SetFontAndSize(pg, L->font[1], (HPDF_REAL)TABLE_SIZE);
		HPDF_Page_SetTextMatrix(pg, 0, 1, -1, 0, (HPDF_REAL)(MARGIN_L + TABLE_SIZE),
					(HPDF_REAL)(cy - w / 2));
		HPDF_Page_ShowText(pg, t);
		HPDF_Page_EndText(pg);
		free(t);
	}
	for (size_t r = 0; r < rows; r++) {
		double y = L->y - (double)(r + 1) * cell_h;
		char *t = fit(L, 0, TABLE_SIZE, clean_text(L, row_labels[r], 0), row_label_w - 4);
		draw_run(L, pg, 0, TABLE_SIZE, MARGIN_L + 16, y + (cell_h - TABLE_SIZE) / 2 + 1, t,
			 strlen(t));
		free(t);
		for (size_t c = 0; c < cols; c++) {
			long v = counts[r * cols + c];
			int k = cls ? cls[r * cols + c] : 0;
			double a = max > 0 ? 0.25 + 0.75 * (double)v / (double)max : 0;
			double base[3] = {0.55, 0.55, 0.55}, rgb[3];
			char num[24];
			double w;
			if (k == 1)
				base[0] = 0.30, base[1] = 0.65, base[2] = 0.35;
			else if (k == 2)
				base[0] = 0.85, base[1] = 0.20, base[2] = 0.15;
			/* tint: white for zero, the class colour at full intensity for the max */
			for (int j = 0; j < 3; j++)
				rgb[j] = v > 0 ? 1 - a * (1 - base[j]) : 1 - 0.12 * (1 - base[j]);
			HPDF_Page_SetRGBFill(pg, (HPDF_REAL)rgb[0], (HPDF_REAL)rgb[1],
					     (HPDF_REAL)rgb[2]);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)(x0 + (double)c * cell_w), (HPDF_REAL)y,
					    (HPDF_REAL)cell_w, (HPDF_REAL)cell_h);
			HPDF_Page_Fill(pg);
			HPDF_Page_SetRGBFill(pg, 0, 0, 0);
			HPDF_Page_SetRGBStroke(pg, 1, 1, 1);
			HPDF_Page_SetLineWidth(pg, 1);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)(x0 + (double)c * cell_w), (HPDF_REAL)y,
					    (HPDF_REAL)cell_w, (HPDF_REAL)cell_h);
			HPDF_Page_Stroke(pg);
			HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
			snprintf(num, sizeof(num), "%ld", v);
			w = text_width(L, 1, num, strlen(num), BODY);
			draw_run(L, pg, v > 0 ? 1 : 0, BODY, x0 + (double)c * cell_w + (cell_w - w) / 2,
				 y + (cell_h - BODY) / 2 + 1, num, strlen(num));
		}
	}
	L->y -= (double)rows * cell_h + 10;
}

/* --- attachments ---------------------------------------------------------------------------- */

void vx_layout_attach(struct vx_layout *L, const char *path)
{
	const char *base = strrchr(path, '/');
	HPDF_EmbeddedFile ef = HPDF_AttachFile(L->pdf, path);
	HPDF_NameDict names;
	HPDF_NameTree tree;
	HPDF_Array items;
	base = base ? base + 1 : path;
	if (!ef)
		return;
	/* libharu names the attachment by the string it was given and writes /Type /F: name it
	 * by its base name and make it a /Filespec with /UF (PDF 1.7, 7.11.3) */
	HPDF_Dict_Add(ef, "F", HPDF_String_New(L->pdf->mmgr, base, NULL));
	HPDF_Dict_Add(ef, "UF", HPDF_String_New(L->pdf->mmgr, base, NULL));
	HPDF_Dict_AddName(ef, "Type", "Filespec");
	names = HPDF_Catalog_GetNames(L->pdf->catalog);
	tree = names ? HPDF_NameDict_GetNameTree(names, HPDF_NAME_EMBEDDED_FILES) : NULL;
	items = tree ? HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY) : NULL;
	if (items) {
		/* the key libharu added for this file is the full path: it sorts where the base
		 * name would, since every attachment comes from the same folder */
		for (HPDF_UINT i = 0; i + 1 < items->list->count; i += 2) {
			HPDF_String key = HPDF_Array_GetItem(items, i, HPDF_OCLASS_STRING);
			if (key && strcmp((const char *)key->value, path) == 0)
				HPDF_String_SetValue(key, base);
		}
	}
}

/* --- finishing -------------------------------------------------------------------------------- */

static void header_footer(struct vx_layout *L)
{
	for (size_t i = 0; i < L->npages; i++) {
		HPDF_Page pg = L->pages[i];
		char num[64], *h, *f;
		double nw;
		snprintf(num, sizeof(num), "page %zu of %zu", i + 1, L->npages);
		nw = text_width(L, 0, num, strlen(num), 7.5);
		HPDF_Page_SetRGBFill(pg, 0.3f, 0.3f, 0.3f);
		h = fit(L, 0, 7.5, L->header, text_w(L));
		draw_run(L, pg, 0, 7.5, MARGIN_L, L->ph - 40, h, strlen(h));
		f = fit(L, 0, 7.5, L->footer, text_w(L) - nw - 20);
		draw_run(L, pg, 0, 7.5, MARGIN_L, 34, f, strlen(f));
		draw_run(L, pg, 0, 7.5, L->pw - MARGIN_R - nw, 34, num, strlen(num));
		free(h);
		free(f);
		HPDF_Page_SetRGBFill(pg, 0, 0, 0);
		HPDF_Page_SetRGBStroke(pg, 0.6f, 0.6f, 0.6f);
		HPDF_Page_SetLineWidth(pg, 0.5f);
		HPDF_Page_MoveTo(pg, (HPDF_REAL)MARGIN_L, (HPDF_REAL)(L->ph - 44));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(L->pw - MARGIN_R), (HPDF_REAL)(L->ph - 44));
		HPDF_Page_MoveTo(pg, (HPDF_REAL)MARGIN_L, 44);
		HPDF_Page_LineTo(pg, (HPDF_REAL)(L->pw - MARGIN_R), 44);
		HPDF_Page_Stroke(pg);
		HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
	}
}

int vx_layout_finish(struct vx_layout *L, char **pdf, size_t *len, struct vx_err *err)
{
	HPDF_UINT32 size;
	char *buf;
	*pdf = NULL;
	*len = 0;
	vx_layout_table_end(L);
	cur(L);
	if (L->toc_pages)
		draw_toc(L);
	header_footer(L);
	if (L->hpdf_error == 1)
		return vx_err_set(err, VX_EINVAL,
				  "the table of contents needs more pages than were reserved "
				  "(%lu entries left over)",
				  L->hpdf_detail);
	if (L->hpdf_error)
		return vx_err_set(err, VX_EINVAL, "libharu reported error 0x%04lX (detail %lu)",
				  L->hpdf_error, L->hpdf_detail);
	if (HPDF_SaveToStream(L->pdf) != HPDF_OK || L->hpdf_error)
		return vx_err_set(err, VX_EIO, "libharu could not write the PDF (error 0x%04lX)",
				  L->hpdf_error);
	size = HPDF_GetStreamSize(L->pdf);
	buf = vx_malloc((size_t)size + 1);
	{
		HPDF_UINT32 got = size;
		if (HPDF_ReadFromStream(L->pdf, (HPDF_BYTE *)buf, &got) != HPDF_OK &&
		    got != size) {
			free(buf);
			return vx_err_set(err, VX_EIO, "libharu could not return the PDF");
		}
	}
	buf[size] = 0;
	*pdf = buf;
	*len = size;
	return 0;
}
