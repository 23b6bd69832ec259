/* src/util/cwe.c - CWE names by identifier (see cwe.h). */
#include "util/cwe.h"

#include <stdlib.h>
#include <string.h>

const char *vx_cwe_name(const char *id)
{
	unsigned long lo = 0, hi = vx_cwe_count, n;
	char *end;
	if (!id)
		return NULL;
	if (strncmp(id, "CWE-", 4) == 0)
		id += 4;
	if (*id < '0' || *id > '9')
		return NULL;
	n = strtoul(id, &end, 10);
	if (*end || n > 100000)
		return NULL;
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		if (vx_cwe_table[mid].id == n)
			return vx_cwe_table[mid].name;
		if (vx_cwe_table[mid].id < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
