/* src/util/strmap.c - string -> long hash map (see strmap.h). */
#include "util/strmap.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

void vx_strmap_init(struct vx_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void vx_strmap_release(struct vx_strmap *m)
{
	free(m->keys);
	free(m->vals);
	vx_strmap_init(m);
}

static size_t hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

static size_t slot(const struct vx_strmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void rehash(struct vx_strmap *m, size_t cap)
{
	struct vx_strmap n = {vx_calloc(cap, sizeof(char *)), vx_calloc(cap, sizeof(long)), cap,
			      0};
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = slot(&n, m->keys[i]);
			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
			n.len++;
		}
	}
	free(m->keys);
	free(m->vals);
	*m = n;
}

long vx_strmap_put(struct vx_strmap *m, const char *key, long val)
{
	size_t i;
	if ((m->len + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 16);
	i = slot(m, key);
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = key;
	m->vals[i] = val;
	m->len++;
	return -1;
}

long vx_strmap_get(const struct vx_strmap *m, const char *key)
{
	size_t i;
	if (!m->cap)
		return -1;
	i = slot(m, key);
	return m->keys[i] ? m->vals[i] : -1;
}
