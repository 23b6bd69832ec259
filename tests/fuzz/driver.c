/* tests/fuzz/driver.c - replay inputs through a harness without libFuzzer: each argument is a
 * file, or a folder whose files are all replayed. Used by CI (the seed corpora as regression
 * tests) and by compilers without libFuzzer. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int replay(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	long len;
	uint8_t *buf;
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (!buf || (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len > 0 ? (size_t)len : 0);
	free(buf);
	(*n)++;
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			while (d && (e = readdir(d))) {
				char p[4096];
				if (e->d_name[0] == '.')
					continue;
				snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
				if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
					replay(p, &n);
			}
			if (d)
				closedir(d);
		} else {
			replay(argv[i], &n);
		}
	}
	printf("%s: %zu inputs replayed\n", argv[0], n);
	return 0;
}
