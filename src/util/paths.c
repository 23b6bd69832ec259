/* src/util/paths.c - locating the data directory (see paths.h). */
#include "util/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int has_lua(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (!dir || !*dir || snprintf(p, sizeof(p), "%s/lua", dir) >= (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *vx_data_dir(void)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;

	if (found[0])
		return found;
	if (has_lua(getenv("VEXIL_DATA_DIR"))) {
		snprintf(found, sizeof(found), "%s", getenv("VEXIL_DATA_DIR"));
		return found;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			char cand[PATH_MAX + 32];
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/../share/vexil", exe);
			if (has_lua(cand) && realpath(cand, found))
				return found;
		}
	}
	if (has_lua(VX_DATA_DIR)) {
		snprintf(found, sizeof(found), "%s", VX_DATA_DIR);
		return found;
	}
	if (has_lua(VX_SOURCE_DIR)) {
		snprintf(found, sizeof(found), "%s", VX_SOURCE_DIR);
		return found;
	}
	return NULL;
}
