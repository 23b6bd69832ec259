/* tests/fuzz/fuzz_common.h - helpers shared by the libFuzzer harnesses.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput for one reader of untrusted input. Built
 * with clang -fsanitize=fuzzer,address,undefined by scripts/fuzz.sh; built with any compiler
 * and driver.c (no libFuzzer) they replay files or folders given on the command line, which
 * is how CI runs the seed corpora. */
#ifndef VX_FUZZ_COMMON_H
#define VX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A NUL-terminated copy of the input (for string parsers). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
