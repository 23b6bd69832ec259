/* tests/unit/testutil.h - helpers shared by the Check suites.
 *
 * vx_test_corpus() finds ../shared/corpus (next to the checkout) so suites can run the real
 * public files; when it is absent, suites call VX_SKIP(), which prints a visible SKIP line
 * instead of passing silently. vx_test_data() points into tests/data/.
 */
#ifndef VX_TESTUTIL_H
#define VX_TESTUTIL_H

#include <check.h>
#include <stdio.h>

/* Absolute path of the corpus directory, or NULL when ../shared/corpus does not exist. */
const char *vx_test_corpus(void);
/* corpus/<rel>, or NULL when there is no corpus. Static buffer per call site not needed:
 * returns a fresh string the caller frees. */
char *vx_test_corpus_path(const char *rel);
/* tests/data/<rel>; fresh string. */
char *vx_test_data(const char *rel);
/* Read a whole file into a fresh NUL-terminated buffer; fails the test when it cannot. */
char *vx_test_slurp(const char *path, size_t *len);

#define VX_SKIP(why)                                                                         \
	do {                                                                                 \
		fprintf(stderr, "SKIP: %s: %s\n", __func__, (why));                          \
		return;                                                                      \
	} while (0)

#define VX_NEED_CORPUS()                                                                     \
	do {                                                                                 \
		if (!vx_test_corpus())                                                       \
			VX_SKIP("../shared/corpus not found");                               \
	} while (0)

#endif
