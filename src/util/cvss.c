/* src/util/cvss.c - CVSS v3.x base score (see cvss.h). */
#include "util/cvss.h"

#include <math.h>
#include <string.h>

/* The metrics a v3 vector may carry; base ones first. */
static const struct {
	const char *name;
	const char *values; /* allowed one-letter values */
	int base;
} metrics[] = {
	{"AV", "NALP", 1}, {"AC", "LH", 1}, {"PR", "NLH", 1}, {"UI", "NR", 1},
	{"S", "UC", 1},	   {"C", "HLN", 1}, {"I", "HLN", 1},  {"A", "HLN", 1},
	{"E", "XUPFH", 0}, {"RL", "XOTWU", 0}, {"RC", "XURC", 0}, {"CR", "XLMH", 0},
	{"IR", "XLMH", 0}, {"AR", "XLMH", 0}, {"MAV", "XNALP", 0}, {"MAC", "XLH", 0},
	{"MPR", "XNLH", 0}, {"MUI", "XNR", 0}, {"MS", "XUC", 0},  {"MC", "XNLH", 0},
	{"MI", "XNLH", 0}, {"MA", "XNLH", 0},
};
#define NMETRICS (sizeof(metrics) / sizeof(metrics[0]))

/* Roundup of CVSS v3.1 Appendix A: the smallest one-decimal number >= x, computed on
 * integers so that 4.000000001 is not rounded up to 4.1. */
static double roundup31(double x)
{
	long long i = llround(x * 100000.0);
	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* v3.0: ceil to one decimal. */
static double roundup30(double x)
{
	return ceil(x * 10.0) / 10.0;
}

double vx_cvss3_base(const char *vector, const char **version)
{
	char val[NMETRICS] = {0};
	const char *p;
	int v31;
	double av, ac, pr, ui, c, i, a, iss, impact, expl, base;
	int changed;
	if (!vector)
		return -1;
	if (strncmp(vector, "CVSS:3.1/", 9) == 0)
		v31 = 1;
	else if (strncmp(vector, "CVSS:3.0/", 9) == 0)
		v31 = 0;
	else
		return -1;
	p = vector + 9;
	while (*p) {
		const char *colon = strchr(p, ':'), *slash;
		size_t k, n;
		if (!colon)
			return -1;
		n = (size_t)(colon - p);
		for (k = 0; k < NMETRICS; k++)
			if (strlen(metrics[k].name) == n && strncmp(metrics[k].name, p, n) == 0)
				break;
		if (k == NMETRICS || val[k])
			return -1; /* unknown or repeated */
		if (!colon[1] || !strchr(metrics[k].values, colon[1]) ||
		    (colon[2] && colon[2] != '/'))
			return -1;
		val[k] = colon[1];
		slash = colon + 2;
		if (*slash == '/') {
			if (!slash[1])
				return -1; /* trailing slash */
			slash++;
		}
		p = slash;
	}
	for (size_t k = 0; k < NMETRICS; k++)
		if (metrics[k].base && !val[k])
			return -1;
	changed = val[4] == 'C';
	av = val[0] == 'N' ? 0.85 : val[0] == 'A' ? 0.62 : val[0] == 'L' ? 0.55 : 0.2;
	ac = val[1] == 'L' ? 0.77 : 0.44;
	pr = val[2] == 'N' ? 0.85 : val[2] == 'L' ? (changed ? 0.68 : 0.62) : (changed ? 0.5 : 0.27);
	ui = val[3] == 'N' ? 0.85 : 0.62;
	c = val[5] == 'H' ? 0.56 : val[5] == 'L' ? 0.22 : 0;
	i = val[6] == 'H' ? 0.56 : val[6] == 'L' ? 0.22 : 0;
	a = val[7] == 'H' ? 0.56 : val[7] == 'L' ? 0.22 : 0;
	iss = 1 - (1 - c) * (1 - i) * (1 - a);
	impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	expl = 8.22 * av * ac * pr * ui;
	if (impact <= 0)
		base = 0;
	else if (changed)
		base = fmin(1.08 * (impact + expl), 10);
	else
		base = fmin(impact + expl, 10);
	if (version)
		*version = v31 ? "3.1" : "3.0";
	return impact <= 0 ? 0 : v31 ? roundup31(base) : roundup30(base);
}

const char *vx_cvss3_severity(double s)
{
	if (s <= 0)
		return "NONE";
	if (s < 4.0)
		return "LOW";
	if (s < 7.0)
		return "MEDIUM";
	if (s < 9.0)
		return "HIGH";
	return "CRITICAL";
}
