/* src/cmd/progress.h - a progress line on stderr for long work (feed import, match, large
 * dossiers): counts, share done when the total is known, and rate, redrawn at most ten times
 * a second. Shown only when stderr is a terminal (and VEXIL_PROGRESS is not "0"); otherwise
 * every call does nothing, so logs and pipes stay clean. */
#ifndef VX_CMD_PROGRESS_H
#define VX_CMD_PROGRESS_H

#include <stddef.h>

struct vx_progress {
	const char *label, *unit;
	size_t total; /* 0 when unknown */
	size_t done;
	double started, last_draw;
	int active;
	int drawn;
};

/* Start; unit names what is counted ("records", "versions", "findings"). */
void vx_progress_start(struct vx_progress *p, const char *label, const char *unit, size_t total);
void vx_progress_set(struct vx_progress *p, size_t done);
/* Erase the line for now (before printing a result line); the next set draws it again. */
void vx_progress_clear(struct vx_progress *p);
/* Erase the line. */
void vx_progress_end(struct vx_progress *p);
/* A callback form for modules below cmd: ctx is a struct vx_progress. */
void vx_progress_cb(void *ctx, size_t done, size_t total);

#endif
