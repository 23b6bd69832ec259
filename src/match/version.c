/* src/match/version.c - version order, NVD bounds, OSV ranges and VERS (see version.h).
 *
 * Each scheme compares the two strings in place: GENERIC, SEMVER, DEB and PYPI walk both
 * strings once without allocating, keeping numbers as digit strings so that no length can
 * overflow. MAVEN builds its item lists in two arrays sized by the input; its nested lists
 * always hang off the end of their parent, so they are stored as a chain of levels and
 * compared with a loop rather than recursion. VERS owns its parsed form; containment and
 * OSV evaluation are plain loops over the constraints and events.
 */
#include "match/version.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/hex.h"

/* ---- character classes (ASCII only, locale-independent) ------------------------------------ */

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int sign(long v)
{
	return (v > 0) - (v < 0);
}

/* Compare two digit strings numerically: leading zeros ignored, any length. */
static int num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	while (an && *a == '0')
		a++, an--;
	while (bn && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	return an ? sign(memcmp(a, b, an)) : 0;
}

/* Case-insensitive comparison of two byte runs; a run sorts before a longer one it begins. */
static int text_icmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	for (size_t i = 0; i < n; i++) {
		int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

/* Byte-wise comparison of two runs (case-sensitive). */
static int text_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int r = n ? memcmp(a, b, n) : 0;
	if (r)
		return sign(r);
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

static bool word_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && text_icmp(p, n, word, n) == 0;
}

/* A leading "N:" epoch: sets *ep and *en to its digits and returns the rest, or returns s with
 * an empty epoch. */
static const char *split_epoch(const char *s, const char **ep, size_t *en)
{
	const char *p = s;
	while (is_digit((unsigned char)*p))
		p++;
	if (p > s && *p == ':') {
		*ep = s;
		*en = (size_t)(p - s);
		return p + 1;
	}
	*ep = s;
	*en = 0;
	return s;
}

/* ---- GENERIC ------------------------------------------------------------------------------- */

enum gkind { G_PRE, G_ZERO, G_ALPHA, G_NUM, G_END };

struct gtok {
	enum gkind kind; /* G_ZERO covers 0, nothing and final/ga/release (rule G8) */
	const char *p;   /* G_NUM: digits without leading zeros; G_ALPHA: the letters */
	size_t n;
	int rank; /* G_PRE: dev/snapshot 0, alpha 1, beta 2, milestone 3, rc 4 */
};

struct gcur {
	const char *p;        /* next byte to read */
	const char *zero_end; /* zeros ending at or before here are known to be kept */
	bool seen;            /* a run has been read */
};

static const struct {
	const char *word;
	int rank;
} pre_words[] = {
    {"dev", 0}, {"snapshot", 0}, {"alpha", 1}, {"beta", 2},    {"milestone", 3},
    {"rc", 4},  {"cr", 4},       {"pre", 4},   {"preview", 4},
};

/* The next run, unfiltered: rules G2, G7 and G8 decide its kind. */
static void graw(struct gcur *c, struct gtok *t)
{
	const char *p = c->p, *q;

	while (*p && !is_alnum((unsigned char)*p))
		p++;
	if (!*p) {
		c->p = p;
		t->kind = G_END;
		t->p = p;
		t->n = 0;
		t->rank = 0;
		return;
	}
	q = p;
	t->rank = 0;
	if (is_digit((unsigned char)*p)) {
		while (is_digit((unsigned char)*q))
			q++;
		c->p = q;
		while (p < q && *p == '0')
			p++;
		t->kind = p == q ? G_ZERO : G_NUM;
		t->p = p;
		t->n = (size_t)(q - p);
		c->seen = true;
		return;
	}
	while (is_alpha((unsigned char)*q))
		q++;
	c->p = q;
	t->kind = G_ALPHA;
	t->p = p;
	t->n = (size_t)(q - p);
	if (word_is(p, t->n, "final") || word_is(p, t->n, "ga") || word_is(p, t->n, "release")) {
		t->kind = G_ZERO;
		t->n = 0;
	} else if (t->n == 1 && c->seen && is_digit((unsigned char)*q) &&
	           (lower(*p) == 'a' || lower(*p) == 'b' || lower(*p) == 'm')) {
		t->kind = G_PRE;
		t->rank = lower(*p) == 'a' ? 1 : lower(*p) == 'b' ? 2 : 3;
	} else {
		for (size_t i = 0; i < sizeof(pre_words) / sizeof(pre_words[0]); i++) {
			if (word_is(p, t->n, pre_words[i].word)) {
				t->kind = G_PRE;
				t->rank = pre_words[i].rank;
				break;
			}
		}
	}
	c->seen = true;
}

/* The next run after dropping zeros that stand directly before a pre-release tag or the end
 * (G4, G7). Each run of zeros is looked ahead over once, so the walk stays linear. */
static void gnext(struct gcur *c, struct gtok *t)
{
	struct gcur look;
	struct gtok u;
	const char *run_end;

	graw(c, t);
	if (t->kind != G_ZERO || c->p <= c->zero_end)
		return;
	look = *c;
	run_end = c->p;
	for (;;) {
		graw(&look, &u);
		if (u.kind != G_ZERO)
			break;
		run_end = look.p;
	}
	if (u.kind == G_END || u.kind == G_PRE) {
		*c = look;
		*t = u;
		return;
	}
	c->zero_end = run_end;
}

static int gtok_cmp(const struct gtok *a, const struct gtok *b)
{
	/* G9: pre-release < zero = nothing < letters < positive number */
	int ka = a->kind == G_END ? G_ZERO : (int)a->kind;
	int kb = b->kind == G_END ? G_ZERO : (int)b->kind;
	if (ka != kb)
		return ka < kb ? -1 : 1;
	switch (ka) {
	case G_PRE:
		return sign(a->rank - b->rank);
	case G_ALPHA:
		return text_icmp(a->p, a->n, b->p, b->n);
	case G_NUM:
		return num_cmp(a->p, a->n, b->p, b->n);
	default:
		return 0;
	}
}

static const char *skip_v(const char *s)
{
	if ((*s == 'v' || *s == 'V') && is_digit((unsigned char)s[1]))
		return s + 1;
	return s;
}

static int generic_cmp(const char *a, const char *b)
{
	const char *ea, *eb;
	size_t na, nb;
	struct gcur ca, cb;
	int r;

	a = skip_v(split_epoch(a, &ea, &na));
	b = skip_v(split_epoch(b, &eb, &nb));
	if ((r = num_cmp(ea, na, eb, nb)))
		return r;
	ca = (struct gcur){a, a, false};
	cb = (struct gcur){b, b, false};
	for (;;) {
		struct gtok ta, tb;
		gnext(&ca, &ta);
		gnext(&cb, &tb);
		if (ta.kind == G_END && tb.kind == G_END)
			return 0;
		if ((r = gtok_cmp(&ta, &tb)))
			return r;
	}
}

/* ---- SEMVER -------------------------------------------------------------------------------- */

struct semver {
	const char *core; /* "1.2.3" */
	size_t core_n;
	const char *pre; /* identifiers after '-', or NULL */
	size_t pre_n;
};

static bool semver_parse(const char *s, struct semver *v)
{
	const char *p;

	if (*s == 'v' || *s == 'V')
		s++;
	p = s;
	for (;;) {
		if (!is_digit((unsigned char)*p))
			return false;
		while (is_digit((unsigned char)*p))
			p++;
		if (*p != '.')
			break;
		p++;
	}
	v->core = s;
	v->core_n = (size_t)(p - s);
	v->pre = NULL;
	v->pre_n = 0;
	if (*p == '-') {
		const char *q = ++p;
		for (;;) {
			const char *id = p;
			while (is_alnum((unsigned char)*p) || *p == '-')
				p++;
			if (p == id)
				return false;
			if (*p != '.')
				break;
			p++;
		}
		v->pre = q;
		v->pre_n = (size_t)(p - q);
	}
	if (*p == '+') {
		p++;
		if (!*p)
			return false;
		for (; *p; p++)
			if (!is_alnum((unsigned char)*p) && *p != '-' && *p != '.')
				return false;
	}
	return *p == '\0';
}

/* Next '.'-separated field of [*p, end): sets *f and *fn and advances; false at the end. */
static bool next_field(const char **p, const char *end, const char **f, size_t *fn)
{
	const char *q;
	if (*p >= end)
		return false;
	q = memchr(*p, '.', (size_t)(end - *p));
	if (!q)
		q = end;
	*f = *p;
	*fn = (size_t)(q - *p);
	*p = q < end ? q + 1 : end;
	return true;
}

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)p[i]))
			return false;
	return n > 0;
}

/* Dot-separated numbers, missing ones zero. */
static int numlist_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	const char *pa = a, *ea = a + an, *pb = b, *eb = b + bn;
	for (;;) {
		const char *fa = "", *fb = "";
		size_t na = 0, nb = 0;
		bool ha = next_field(&pa, ea, &fa, &na), hb = next_field(&pb, eb, &fb, &nb);
		int r;
		if (!ha && !hb)
			return 0;
		if ((r = num_cmp(fa, na, fb, nb)))
			return r;
	}
}

static int semver_cmp(const char *a, const char *b)
{
	struct semver x, y;
	const char *pa, *ea, *pb, *eb;
	int r;

	if (!semver_parse(a, &x) || !semver_parse(b, &y))
		return generic_cmp(a, b);
	if ((r = numlist_cmp(x.core, x.core_n, y.core, y.core_n)))
		return r;
	if (!x.pre || !y.pre)
		return x.pre ? -1 : y.pre ? 1 : 0;
	pa = x.pre, ea = x.pre + x.pre_n, pb = y.pre, eb = y.pre + y.pre_n;
	for (;;) {
		const char *fa = "", *fb = "";
		size_t na = 0, nb = 0;
		bool ha = next_field(&pa, ea, &fa, &na), hb = next_field(&pb, eb, &fb, &nb);
		bool da, db;
		if (!ha || !hb)
			return ha ? 1 : hb ? -1 : 0;
		da = all_digits(fa, na);
		db = all_digits(fb, nb);
		if (da != db)
			return da ? -1 : 1;
		r = da ? num_cmp(fa, na, fb, nb) : text_cmp(fa, na, fb, nb);
		if (r)
			return r;
	}
}

/* ---- DEB ----------------------------------------------------------------------------------- */

/* dpkg's character weight: '~' before the end, the end (and digits) 0, letters, then the
 * rest. */
static int deb_order(const char *p, const char *end)
{
	int c;
	if (p >= end)
		return 0;
	c = (unsigned char)*p;
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

static int deb_verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		int first_diff = 0;
		while ((a < ae && !is_digit((unsigned char)*a)) ||
		       (b < be && !is_digit((unsigned char)*b))) {
			int ac = deb_order(a, ae), bc = deb_order(b, be);
			if (ac != bc)
				return ac < bc ? -1 : 1;
			/* equal weights are never 0 here, so both sides hold a character */
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && is_digit((unsigned char)*a) && b < be &&
		       is_digit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && is_digit((unsigned char)*a))
			return 1;
		if (b < be && is_digit((unsigned char)*b))
			return -1;
		if (first_diff)
			return sign(first_diff);
	}
	return 0;
}

struct debver {
	const char *epoch;
	size_t epoch_n;
	const char *up, *up_end;
	const char *rev, *rev_end;
};

static void deb_split(const char *s, struct debver *v)
{
	const char *end, *dash;

	while (*s == ' ' || *s == '\t')
		s++;
	s = split_epoch(s, &v->epoch, &v->epoch_n);
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		end--;
	dash = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == '-')
			dash = p;
	v->up = s;
	v->up_end = dash ? dash : end;
	v->rev = dash ? dash + 1 : end;
	v->rev_end = end;
}

static int deb_cmp(const char *a, const char *b)
{
	struct debver x, y;
	int r;
	deb_split(a, &x);
	deb_split(b, &y);
	if ((r = num_cmp(x.epoch, x.epoch_n, y.epoch, y.epoch_n)))
		return r;
	if ((r = deb_verrevcmp(x.up, x.up_end, y.up, y.up_end)))
		return r;
	return deb_verrevcmp(x.rev, x.rev_end, y.rev, y.rev_end);
}

/* ---- PYPI (PEP 440) ------------------------------------------------------------------------ */

struct pep {
	const char *epoch;
	size_t epoch_n;
	const char *rel; /* "1.2.3" */
	size_t rel_n;
	int pre; /* -1 none, 0 a, 1 b, 2 rc */
	const char *pre_num;
	size_t pre_num_n;
	bool post;
	const char *post_num;
	size_t post_num_n;
	bool dev;
	const char *dev_num;
	size_t dev_num_n;
	const char *local; /* after '+', or NULL */
	size_t local_n;
};

static bool pep_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Length of the longest of `words` at p (case-insensitive), 0 when none; *idx its index. */
static size_t pep_word(const char *p, const char *const *words, size_t n, size_t *idx)
{
	size_t best = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		if (len > best && strncasecmp(p, words[i], len) == 0) {
			best = len;
			*idx = i;
		}
	}
	return best;
}

/* "[sep]word[sep]N" with the number optional; the separator before the number is taken
 * only when a digit follows it. Returns the position after it, or NULL when no word. */
static const char *pep_part(const char *p, const char *const *words, size_t nwords, size_t *idx,
                            const char **num, size_t *num_n)
{
	const char *q = p;
	size_t len;

	if (pep_sep((unsigned char)*q))
		q++;
	len = pep_word(q, words, nwords, idx);
	if (!len)
		return NULL;
	q += len;
	if (pep_sep((unsigned char)*q) && is_digit((unsigned char)q[1]))
		q++;
	*num = q;
	while (is_digit((unsigned char)*q))
		q++;
	*num_n = (size_t)(q - *num);
	return q;
}

static bool pep_parse(const char *s, struct pep *v)
{
	static const char *const pre_w[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
	static const int pre_k[] = {0, 0, 1, 1, 2, 2, 2, 2};
	static const char *const post_w[] = {"post", "rev", "r"};
	static const char *const dev_w[] = {"dev"};
	const char *p, *q, *end;
	size_t idx = 0;

	memset(v, 0, sizeof(*v));
	v->pre = -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
	                   end[-1] == '\r' || end[-1] == '\f' || end[-1] == '\v'))
		end--;
	p = s;
	if (*p == 'v' || *p == 'V')
		p++;
	/* epoch */
	for (q = p; is_digit((unsigned char)*q); q++)
		;
	if (q > p && *q == '!') {
		v->epoch = p;
		v->epoch_n = (size_t)(q - p);
		p = q + 1;
	} else {
		v->epoch = p;
		v->epoch_n = 0;
	}
	/* release */
	v->rel = p;
	for (;;) {
		if (!is_digit((unsigned char)*p))
			return false;
		while (is_digit((unsigned char)*p))
			p++;
		if (*p != '.' || !is_digit((unsigned char)p[1]))
			break;
		p++;
	}
	v->rel_n = (size_t)(p - v->rel);
	/* pre-release */
	if ((q = pep_part(p, pre_w, 8, &idx, &v->pre_num, &v->pre_num_n))) {
		v->pre = pre_k[idx];
		p = q;
	}
	/* post-release: "-N" or "[sep](post|rev|r)[sep]N" */
	if (*p == '-' && is_digit((unsigned char)p[1])) {
		v->post = true;
		v->post_num = ++p;
		while (is_digit((unsigned char)*p))
			p++;
		v->post_num_n = (size_t)(p - v->post_num);
	} else if ((q = pep_part(p, post_w, 3, &idx, &v->post_num, &v->post_num_n))) {
		v->post = true;
		p = q;
	}
	/* dev release */
	if ((q = pep_part(p, dev_w, 1, &idx, &v->dev_num, &v->dev_num_n))) {
		v->dev = true;
		p = q;
	}
	/* local version label */
	if (*p == '+') {
		v->local = ++p;
		for (;;) {
			const char *seg = p;
			while (p < end && is_alnum((unsigned char)*p))
				p++;
			if (p == seg)
				return false;
			if (p < end && pep_sep((unsigned char)*p))
				p++;
			else
				break;
		}
		v->local_n = (size_t)(p - v->local);
	}
	return p == end;
}

/* Local labels: segments split at - _ .; numbers after words, numbers numerically, words
 * case-insensitively; a shorter label first when it is a prefix. */
static int pep_local_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	const char *ea = a + an, *eb = b + bn;
	for (;;) {
		const char *sa = a, *sb = b;
		bool da, db;
		int r;
		if (a >= ea || b >= eb)
			return a < ea ? 1 : b < eb ? -1 : 0;
		while (a < ea && is_alnum((unsigned char)*a))
			a++;
		while (b < eb && is_alnum((unsigned char)*b))
			b++;
		da = all_digits(sa, (size_t)(a - sa));
		db = all_digits(sb, (size_t)(b - sb));
		if (da != db)
			return da ? 1 : -1;
		r = da ? num_cmp(sa, (size_t)(a - sa), sb, (size_t)(b - sb))
		       : text_icmp(sa, (size_t)(a - sa), sb, (size_t)(b - sb));
		if (r)
			return r;
		if (a < ea)
			a++;
		if (b < eb)
			b++;
	}
}

static int pypi_cmp(const char *a, const char *b)
{
	struct pep x, y;
	int r, kx, ky;

	if (!pep_parse(a, &x) || !pep_parse(b, &y))
		return generic_cmp(a, b);
	if ((r = num_cmp(x.epoch, x.epoch_n, y.epoch, y.epoch_n)))
		return r;
	if ((r = numlist_cmp(x.rel, x.rel_n, y.rel, y.rel_n)))
		return r;
	/* pre: a dev release of the release itself sorts first, no pre-release last */
	kx = x.pre >= 0 ? 1 : (!x.post && x.dev) ? 0 : 2;
	ky = y.pre >= 0 ? 1 : (!y.post && y.dev) ? 0 : 2;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (kx == 1) {
		if (x.pre != y.pre)
			return x.pre < y.pre ? -1 : 1;
		if ((r = num_cmp(x.pre_num, x.pre_num_n, y.pre_num, y.pre_num_n)))
			return r;
	}
	if (x.post != y.post)
		return x.post ? 1 : -1;
	if (x.post && (r = num_cmp(x.post_num, x.post_num_n, y.post_num, y.post_num_n)))
		return r;
	if (x.dev != y.dev)
		return x.dev ? -1 : 1;
	if (x.dev && (r = num_cmp(x.dev_num, x.dev_num_n, y.dev_num, y.dev_num_n)))
		return r;
	if (!x.local || !y.local)
		return x.local ? 1 : y.local ? -1 : 0;
	return pep_local_cmp(x.local, x.local_n, y.local, y.local_n);
}

/* ---- MAVEN --------------------------------------------------------------------------------- */

/* Qualifier ranks of ComparableVersion; unknown words rank 7 and compare by text. */
enum { MQ_ALPHA, MQ_BETA, MQ_MILESTONE, MQ_RC, MQ_SNAPSHOT, MQ_RELEASE, MQ_SP, MQ_OTHER };

struct mitem {
	bool is_int;
	int rank;      /* qualifiers */
	const char *p; /* int: digits without leading zeros; qualifier: the word */
	size_t n;
};

struct mlevel {
	size_t first, count; /* items[first .. first+count) */
	bool child;          /* the next level hangs off the end of this one */
};

struct mver {
	struct mitem *items;
	struct mlevel *levels;
	size_t nitems, nlevels;
	struct mitem item_buf[32];
	struct mlevel level_buf[16];
};

static bool mitem_null(const struct mitem *it)
{
	return it->is_int ? it->n == 0 : it->rank == MQ_RELEASE;
}

static void madd(struct mver *v, const char *p, size_t n, bool digits, bool followed_by_digit)
{
	struct mitem *it = &v->items[v->nitems++];
	v->levels[v->nlevels - 1].count++;
	it->p = p;
	it->n = n;
	it->is_int = digits;
	it->rank = MQ_OTHER;
	if (digits) {
		while (it->n && *it->p == '0')
			it->p++, it->n--;
		return;
	}
	if (followed_by_digit && n == 1) {
		int c = lower((unsigned char)*p);
		if (c == 'a' || c == 'b' || c == 'm') {
			it->rank = c == 'a' ? MQ_ALPHA : c == 'b' ? MQ_BETA : MQ_MILESTONE;
			return;
		}
	}
	static const struct {
		const char *w;
		int rank;
	} q[] = {{"alpha", MQ_ALPHA},     {"beta", MQ_BETA},  {"milestone", MQ_MILESTONE},
	         {"rc", MQ_RC},           {"cr", MQ_RC},      {"snapshot", MQ_SNAPSHOT},
	         {"", MQ_RELEASE},        {"ga", MQ_RELEASE}, {"final", MQ_RELEASE},
	         {"release", MQ_RELEASE}, {"sp", MQ_SP}};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (word_is(p, n, q[i].w)) {
			it->rank = q[i].rank;
			return;
		}
	}
}

static void mlevel_open(struct mver *v)
{
	v->levels[v->nlevels - 1].child = true;
	v->levels[v->nlevels] = (struct mlevel){v->nitems, 0, false};
	v->nlevels++;
}

static void maven_parse(const char *s, struct mver *v)
{
	size_t len = strlen(s), start = 0;
	bool digit = false;

	/* at most one item and one level per byte, plus the root */
	if (len + 1 <= sizeof(v->item_buf) / sizeof(v->item_buf[0]))
		v->items = v->item_buf;
	else
		v->items = vx_malloc((len + 1) * sizeof(*v->items));
	if (len + 2 <= sizeof(v->level_buf) / sizeof(v->level_buf[0]))
		v->levels = v->level_buf;
	else
		v->levels = vx_malloc((len + 2) * sizeof(*v->levels));
	v->nitems = 0;
	v->nlevels = 1;
	v->levels[0] = (struct mlevel){0, 0, false};

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '.' || c == '-') {
			if (i == start)
				madd(v, "0", 1, true, false);
			else
				madd(v, s + start, i - start, digit, false);
			start = i + 1;
			if (c == '-')
				mlevel_open(v);
		} else if (is_digit(c)) {
			if (!digit && i > start) {
				madd(v, s + start, i - start, false, true);
				start = i;
				mlevel_open(v);
			}
			digit = true;
		} else {
			if (digit && i > start) {
				madd(v, s + start, i - start, true, false);
				start = i;
				mlevel_open(v);
			}
			digit = false;
		}
	}
	if (len > start)
		madd(v, s + start, len - start, digit, false);

	/* normalise, deepest first: drop an empty child, then trailing null items */
	for (size_t l = v->nlevels; l-- > 0;) {
		struct mlevel *lv = &v->levels[l];
		if (lv->child && v->levels[l + 1].count == 0 && !v->levels[l + 1].child)
			lv->child = false;
		while (lv->count && mitem_null(&v->items[lv->first + lv->count - 1]))
			lv->count--;
	}
}

static void maven_free(struct mver *v)
{
	if (v->items != v->item_buf)
		free(v->items);
	if (v->levels != v->level_buf)
		free(v->levels);
}

static int mqual_cmp(const struct mitem *a, const struct mitem *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->rank == MQ_OTHER ? text_icmp(a->p, a->n, b->p, b->n) : 0;
}

/* An item against "nothing" (the other list has ended). */
static int mitem_vs_null(const struct mitem *it)
{
	if (it->is_int)
		return it->n ? 1 : 0;
	return it->rank < MQ_RELEASE ? -1 : it->rank > MQ_RELEASE ? 1 : 0;
}

/* A list (the chain from level l down) against "nothing": its first item decides. */
static int mlist_vs_null(const struct mver *v, size_t l)
{
	for (;;) {
		const struct mlevel *lv = &v->levels[l];
		if (lv->count)
			return mitem_vs_null(&v->items[lv->first]);
		if (!lv->child)
			return 0;
		l++;
	}
}

static int maven_cmp(const char *a, const char *b)
{
	struct mver x, y;
	size_t la = 0, lb = 0;
	int r = 0;

	maven_parse(a, &x);
	maven_parse(b, &y);
	for (;;) {
		const struct mlevel *A = &x.levels[la], *B = &y.levels[lb];
		bool descend = false;
		for (size_t i = 0;; i++) {
			/* 0 = nothing, 1 = item, 2 = the sub-list */
			int ka = i < A->count ? 1 : (i == A->count && A->child) ? 2 : 0;
			int kb = i < B->count ? 1 : (i == B->count && B->child) ? 2 : 0;
			const struct mitem *ia = ka == 1 ? &x.items[A->first + i] : NULL;
			const struct mitem *ib = kb == 1 ? &y.items[B->first + i] : NULL;
			if (ka == 0 && kb == 0)
				goto out;
			if (ka == 2 && kb == 2) {
				descend = true;
				break;
			}
			if (ka == 1 && kb == 1) {
				if (ia->is_int && ib->is_int)
					r = num_cmp(ia->p, ia->n, ib->p, ib->n);
				else if (ia->is_int != ib->is_int)
					r = ia->is_int ? 1 : -1; /* M4 */
				else
					r = mqual_cmp(ia, ib);
			} else if (ka == 1 && kb == 0) {
				r = mitem_vs_null(ia);
			} else if (ka == 0 && kb == 1) {
				r = -mitem_vs_null(ib);
			} else if (ka == 2 && kb == 0) {
				r = mlist_vs_null(&x, la + 1);
			} else if (ka == 0 && kb == 2) {
				r = -mlist_vs_null(&y, lb + 1);
			} else if (ka == 2) {
				r = ib->is_int ? -1 : 1; /* list < number, list > qualifier */
			} else {
				r = ia->is_int ? 1 : -1;
			}
			if (r)
				goto out;
		}
		if (descend) {
			la++;
			lb++;
		}
	}
out:
	maven_free(&x);
	maven_free(&y);
	return r;
}

/* ---- public order ---------------------------------------------------------------------- */

const char *vx_version_scheme_name(enum vx_version_scheme s)
{
	switch (s) {
	case VX_VER_GENERIC:
		return "generic";
	case VX_VER_SEMVER:
		return "semver";
	case VX_VER_DEB:
		return "deb";
	case VX_VER_PYPI:
		return "pypi";
	case VX_VER_MAVEN:
		return "maven";
	}
	return "?";
}

int vx_version_cmp(const char *a, const char *b, enum vx_version_scheme s)
{
	if (!a)
		a = "";
	if (!b)
		b = "";
	switch (s) {
	case VX_VER_SEMVER:
		return semver_cmp(a, b);
	case VX_VER_DEB:
		return deb_cmp(a, b);
	case VX_VER_PYPI:
		return pypi_cmp(a, b);
	case VX_VER_MAVEN:
		return maven_cmp(a, b);
	case VX_VER_GENERIC:
		break;
	}
	return generic_cmp(a, b);
}

enum vx_version_scheme vx_version_scheme_for_ecosystem(const char *name)
{
	static const struct {
		const char *name;
		enum vx_version_scheme s;
	} map[] = {
	    {"npm", VX_VER_SEMVER},       {"go", VX_VER_SEMVER},    {"golang", VX_VER_SEMVER},
	    {"crates.io", VX_VER_SEMVER}, {"cargo", VX_VER_SEMVER}, {"nuget", VX_VER_SEMVER},
	    {"semver", VX_VER_SEMVER},    {"pypi", VX_VER_PYPI},    {"maven", VX_VER_MAVEN},
	    {"debian", VX_VER_DEB},       {"ubuntu", VX_VER_DEB},   {"deb", VX_VER_DEB},
	};
	size_t n;

	if (!name)
		return VX_VER_GENERIC;
	n = strcspn(name, ":");
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (word_is(name, n, map[i].name))
			return map[i].s;
	return VX_VER_GENERIC;
}

enum vx_version_scheme vx_version_scheme_for_osv_range(const char *range_type,
                                                       const char *ecosystem)
{
	if (range_type && vx_str_ieq(range_type, "SEMVER"))
		return VX_VER_SEMVER;
	return vx_version_scheme_for_ecosystem(ecosystem);
}

/* ---- NVD bounds ---------------------------------------------------------------------------- */

static bool given(const char *s)
{
	return s && *s;
}

bool vx_version_in_nvd_bounds(const char *v, const char *start_incl, const char *start_excl,
                              const char *end_incl, const char *end_excl, enum vx_version_scheme s)
{
	if (!given(start_incl) && !given(start_excl) && !given(end_incl) && !given(end_excl))
		return true;
	if (!given(v))
		return false;
	if (given(start_incl) && vx_version_cmp(v, start_incl, s) < 0)
		return false;
	if (given(start_excl) && vx_version_cmp(v, start_excl, s) <= 0)
		return false;
	if (given(end_incl) && vx_version_cmp(v, end_incl, s) > 0)
		return false;
	if (given(end_excl) && vx_version_cmp(v, end_excl, s) >= 0)
		return false;
	return true;
}

/* ---- OSV ranges ---------------------------------------------------------------------------- */

/* Order of two events in the sorted walk: by version ("0" introduced first of all), then
 * introduced before fixed and last_affected. */
static int osv_event_cmp(const struct vx_osv_event *a, const struct vx_osv_event *b,
                         enum vx_version_scheme s)
{
	bool za = a->kind == VX_OSV_INTRODUCED && !strcmp(a->version, "0");
	bool zb = b->kind == VX_OSV_INTRODUCED && !strcmp(b->version, "0");
	int r;
	if (za || zb)
		return za && zb ? 0 : za ? -1 : 1;
	if ((r = vx_version_cmp(a->version, b->version, s)))
		return r;
	if ((a->kind == VX_OSV_INTRODUCED) != (b->kind == VX_OSV_INTRODUCED))
		return a->kind == VX_OSV_INTRODUCED ? -1 : 1;
	return 0;
}

bool vx_version_in_osv_range(const char *v, const struct vx_osv_event *events, size_t n,
                             enum vx_version_scheme s)
{
	const struct vx_osv_event *last = NULL;
	bool limited = false, below_limit = false;

	if (!v)
		v = "";
	for (size_t i = 0; i < n; i++) {
		const struct vx_osv_event *e = &events[i];
		if (e->kind != VX_OSV_LIMIT || !given(e->version))
			continue;
		limited = true;
		if (!strcmp(e->version, "*") || vx_version_cmp(v, e->version, s) < 0)
			below_limit = true;
	}
	if (limited && !below_limit)
		return false;

	/* The walk's result is set by the last event, in sorted order, that fires for v. */
	for (size_t i = 0; i < n; i++) {
		const struct vx_osv_event *e = &events[i];
		bool fires;
		if (!given(e->version))
			continue;
		switch (e->kind) {
		case VX_OSV_INTRODUCED:
			fires = !strcmp(e->version, "0") || vx_version_cmp(v, e->version, s) >= 0;
			break;
		case VX_OSV_FIXED:
			fires = vx_version_cmp(v, e->version, s) >= 0;
			break;
		case VX_OSV_LAST_AFFECTED:
			fires = vx_version_cmp(v, e->version, s) > 0;
			break;
		default:
			fires = false;
			break;
		}
		if (fires && (!last || osv_event_cmp(e, last, s) >= 0))
			last = e;
	}
	return last && last->kind == VX_OSV_INTRODUCED;
}

/* ---- VERS ---------------------------------------------------------------------------------- */

static const char *const vers_op_text[] = {"", "!=", "<", "<=", ">", ">="};

void vx_vers_release(struct vx_vers *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->constraints[i].version);
	free(r->constraints);
	free(r->type);
	memset(r, 0, sizeof(*r));
}

static int vers_sort_cmp(const void *x, const void *y, void *arg)
{
	const struct vx_vers_constraint *a = x, *b = y;
	return vx_version_cmp(a->version, b->version, *(const enum vx_version_scheme *)arg);
}

static bool op_lt(enum vx_vers_op op)
{
	return op == VX_VERS_LT || op == VX_VERS_LE;
}

static bool op_gt(enum vx_vers_op op)
{
	return op == VX_VERS_GT || op == VX_VERS_GE;
}

/* A version for a message: at most 60 bytes, control and non-ASCII bytes as '?'. */
static const char *shown(char *dst, size_t size, const char *v)
{
	size_t n = 0;
	for (; *v && n + 4 < size && n < 60; v++)
		dst[n++] = (unsigned char)*v < ' ' || (unsigned char)*v >= 0x7f ? '?' : *v;
	if (*v && n + 4 <= size) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}

#define VERS_FAIL(...)                                                                             \
	do {                                                                                       \
		snprintf(why, sizeof(why), __VA_ARGS__);                                           \
		rc = vx_err_set(err, VX_EINVAL, "invalid vers '%s': %s", vx_str_quote(s, 200),     \
		                why);                                                              \
		goto fail;                                                                         \
	} while (0)

int vx_vers_parse(const char *s, struct vx_vers *out, struct vx_err *err)
{
	char why[400], v1[64], v2[64];
	const char *p, *type, *slash;
	size_t len, cap = 0;
	int rc = 0;
	const struct vx_vers_constraint *prev = NULL;

	memset(out, 0, sizeof(*out));
	if (!s)
		return vx_err_set(err, VX_EINVAL, "invalid vers: no text");
	len = strnlen(s, (size_t)VX_VERS_MAX_LEN + 1);
	if (len > VX_VERS_MAX_LEN)
		return vx_err_set(err, VX_ELIMIT, "vers longer than %d bytes", VX_VERS_MAX_LEN);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f)
			VERS_FAIL("%s at offset %zu",
			          c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
			                  c == '\v'
			              ? "whitespace"
			          : c >= 0x80 ? "non-ASCII byte"
			                      : "control character",
			          i);
	}
	if (strncasecmp(s, "vers:", 5) != 0)
		VERS_FAIL("scheme is not 'vers:'");
	type = s + 5;
	slash = strchr(type, '/');
	if (!slash)
		VERS_FAIL("no '/' after the type");
	if (slash == type)
		VERS_FAIL("empty type");
	if (!is_alpha((unsigned char)*type))
		VERS_FAIL("type must start with a letter");
	for (p = type; p < slash; p++)
		if (!is_alnum((unsigned char)*p) && *p != '.' && *p != '-')
			VERS_FAIL("character '%c' not allowed in the type", *p);
	out->type = vx_strndup(type, (size_t)(slash - type));
	vx_str_lower(out->type);
	if (!strcmp(out->type, "invalid"))
		VERS_FAIL("the type 'invalid' is reserved to be invalid");
	out->scheme = vx_version_scheme_for_ecosystem(out->type);

	p = slash + 1;
	if (!*p)
		VERS_FAIL("no constraints");
	if (!strcmp(p, "*")) {
		out->all = true;
		return 0;
	}
	if (*p == '|')
		VERS_FAIL("leading '|'");
	if (s[len - 1] == '|')
		VERS_FAIL("trailing '|'");
	while (*p) {
		const char *c = p, *end = strchr(p, '|');
		enum vx_vers_op op = VX_VERS_EQ;
		struct vx_vers_constraint *k;
		char *d;

		if (!end)
			end = p + strlen(p);
		if (end == c)
			VERS_FAIL("empty constraint between '|'");
		if (c[0] == '*')
			VERS_FAIL("'*' must be the only constraint");
		if (c[0] == '>' && c[1] == '=')
			op = VX_VERS_GE, c += 2;
		else if (c[0] == '<' && c[1] == '=')
			op = VX_VERS_LE, c += 2;
		else if (c[0] == '!' && c[1] == '=')
			op = VX_VERS_NE, c += 2;
		else if (c[0] == '<')
			op = VX_VERS_LT, c += 1;
		else if (c[0] == '>')
			op = VX_VERS_GT, c += 1;
		else if (c[0] == '=')
			op = VX_VERS_EQ, c += 1;
		if (c == end)
			VERS_FAIL("comparator '%.*s' without a version", (int)(end - p), p);
		d = vx_malloc((size_t)(end - c) + 1);
		{
			size_t n = 0;
			for (const char *q = c; q < end; q++) {
				int h1, h2;
				if (strchr("<>=!*", *q)) {
					free(d);
					VERS_FAIL("'%c' in version '%.*s' must be percent-encoded",
					          *q, (int)(end - c), c);
				}
				if (*q != '%') {
					d[n++] = *q;
					continue;
				}
				h1 = q + 1 < end ? vx_hexval((unsigned char)q[1]) : -1;
				h2 = q + 2 < end ? vx_hexval((unsigned char)q[2]) : -1;
				if (h1 < 0 || h2 < 0 || (h1 == 0 && h2 == 0)) {
					free(d);
					VERS_FAIL("bad percent-encoding at offset %zu",
					          (size_t)(q - s));
				}
				d[n++] = (char)(h1 * 16 + h2);
				q += 2;
			}
			d[n] = '\0';
		}
		out->constraints =
		    vx_grow(out->constraints, sizeof(*out->constraints), out->n + 1, &cap);
		k = &out->constraints[out->n++];
		k->op = op;
		k->version = d;
		p = *end ? end + 1 : end;
	}

	qsort_r(out->constraints, out->n, sizeof(*out->constraints), vers_sort_cmp, &out->scheme);
	for (size_t i = 0; i < out->n; i++) {
		const struct vx_vers_constraint *k = &out->constraints[i];
		if (i > 0 &&
		    vx_version_cmp(out->constraints[i - 1].version, k->version, out->scheme) == 0)
			VERS_FAIL("version '%s' appears twice", shown(v1, sizeof(v1), k->version));
		if (k->op == VX_VERS_NE)
			continue;
		if (prev && (((prev->op == VX_VERS_EQ || op_lt(prev->op)) && op_lt(k->op)) ||
		             (op_gt(prev->op) && (k->op == VX_VERS_EQ || op_gt(k->op)))))
			VERS_FAIL("'%s%s' followed by '%s%s'",
			          prev->op == VX_VERS_EQ ? "" : vers_op_text[prev->op],
			          shown(v1, sizeof(v1), prev->version),
			          k->op == VX_VERS_EQ ? "" : vers_op_text[k->op],
			          shown(v2, sizeof(v2), k->version));
		prev = k;
	}
	return 0;
fail:
	vx_vers_release(out);
	return rc;
}

bool vx_vers_contains(const struct vx_vers *r, const char *v)
{
	const struct vx_vers_constraint *first = NULL, *prev = NULL;
	bool only_ne = true;

	if (!r)
		return false;
	if (r->all)
		return true;
	if (!v)
		return false;
	for (size_t i = 0; i < r->n; i++) {
		const struct vx_vers_constraint *k = &r->constraints[i];
		if (k->op != VX_VERS_NE)
			only_ne = false;
		if (vx_version_cmp(v, k->version, r->scheme) == 0) {
			if (k->op == VX_VERS_EQ || k->op == VX_VERS_LE || k->op == VX_VERS_GE)
				return true;
			if (k->op == VX_VERS_NE)
				return false;
		}
	}
	if (only_ne)
		return r->n > 0;
	/* the '<', '<=', '>', '>=' constraints, pairwise in version order */
	for (size_t i = 0; i < r->n; i++) {
		const struct vx_vers_constraint *k = &r->constraints[i];
		if (k->op == VX_VERS_EQ || k->op == VX_VERS_NE)
			continue;
		if (!first) {
			first = k;
			if (op_lt(k->op) && vx_version_cmp(v, k->version, r->scheme) < 0)
				return true;
		}
		if (prev && op_gt(prev->op) && op_lt(k->op) &&
		    vx_version_cmp(v, prev->version, r->scheme) > 0 &&
		    vx_version_cmp(v, k->version, r->scheme) < 0)
			return true;
		prev = k;
	}
	if (prev && op_gt(prev->op) && vx_version_cmp(v, prev->version, r->scheme) > 0)
		return true;
	return false;
}

char *vx_vers_to_string(const struct vx_vers *r)
{
	struct vx_buf b;

	vx_buf_init(&b);
	vx_buf_printf(&b, "vers:%s/", r && r->type ? r->type : "");
	if (!r || r->all) {
		vx_buf_addc(&b, '*');
		return vx_buf_detach(&b);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct vx_vers_constraint *k = &r->constraints[i];
		if (i)
			vx_buf_addc(&b, '|');
		vx_buf_adds(&b, (unsigned)k->op < 6 ? vers_op_text[k->op] : "");
		for (const char *q = k->version; q && *q; q++) {
			unsigned char c = (unsigned char)*q;
			if (c <= ' ' || c >= 0x7f || strchr("<>=!*|%", c))
				vx_buf_printf(&b, "%%%02X", c);
			else
				vx_buf_addc(&b, (char)c);
		}
	}
	return vx_buf_detach(&b);
}
