/* src/cmd/progress.c - progress line on a terminal (see progress.h). */
#include "cmd/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void vx_progress_start(struct vx_progress *p, const char *label, const char *unit, size_t total)
{
	const char *env = getenv("VEXIL_PROGRESS");
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->unit = unit;
	p->total = total;
	p->active = isatty(2) && !(env && strcmp(env, "0") == 0);
	p->started = p->last_draw = now();
}

static void draw(struct vx_progress *p, double t)
{
	double rate = t > p->started ? (double)p->done / (t - p->started) : 0;
	if (p->total)
		fprintf(stderr, "\r%s: %zu/%zu %s (%.0f%%), %.0f/s   ", p->label, p->done, p->total,
			p->unit, 100.0 * (double)p->done / (double)p->total, rate);
	else
		fprintf(stderr, "\r%s: %zu %s, %.0f/s   ", p->label, p->done, p->unit, rate);
	fflush(stderr);
	p->last_draw = t;
	p->drawn = 1;
}

void vx_progress_set(struct vx_progress *p, size_t done)
{
	double t;
	if (!p->active)
		return;
	p->done = done;
	t = now();
	if (t - p->last_draw >= 0.1)
		draw(p, t);
}

void vx_progress_clear(struct vx_progress *p)
{
	if (!p->active || !p->drawn)
		return;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	p->drawn = 0;
}

void vx_progress_end(struct vx_progress *p)
{
	if (!p->active || !p->drawn)
		return;
	draw(p, now()); /* the final count stays visible until the line is erased */
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	p->active = 0;
}

void vx_progress_cb(void *ctx, size_t done, size_t total)
{
	struct vx_progress *p = ctx;
	if (total)
		p->total = total;
	vx_progress_set(p, done);
}
