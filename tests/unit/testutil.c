/* tests/unit/testutil.c - see testutil.h. */
#include "testutil.h"
#include "util/err.h"
#include "util/file.h"

#include <stdlib.h>
#include <sys/stat.h>

static const char *source_dir(void)
{
	const char *s = getenv("VX_SOURCE_DIR");
	return s && *s ? s : VX_SOURCE_DIR;
}

const char *vx_test_corpus(void)
{
	static char path[4096];
	static int done;
	struct stat st;

	if (!done) {
		const char *env = getenv("VX_CORPUS");
		done = 1;
		if (env && *env)
			snprintf(path, sizeof(path), "%s", env);
		else
			snprintf(path, sizeof(path), "%s/../shared/corpus", source_dir());
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			path[0] = '\0';
	}
	return path[0] ? path : NULL;
}

char *vx_test_corpus_path(const char *rel)
{
	const char *c = vx_test_corpus();
	return c ? vx_asprintf("%s/%s", c, rel) : NULL;
}

char *vx_test_data(const char *rel)
{
	return vx_asprintf("%s/tests/data/%s", source_dir(), rel);
}

char *vx_test_slurp(const char *path, size_t *len)
{
	struct vx_err err;
	char *data;
	size_t n;
	vx_err_clear(&err);
	if (vx_file_read(path, (size_t)1 << 30, &data, &n, &err) < 0)
		ck_abort_msg("cannot read %s: %s", path, vx_err_text(&err));
	if (len)
		*len = n;
	return data;
}
