/* tests/unit/runner.c - the Check runner: every suite, or the one named by argv[1].
 * Each tests/unit/check_<name>.c provides vx_suite_<name>() creating a Suite named <name>. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"

int main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int failed, ran;

	for (int i = 0; vx_suites[i]; i++) {
		Suite *s = vx_suites[i]();
		if (!sr)
			sr = srunner_create(s);
		else
			srunner_add_suite(sr, s);
	}
	if (!sr)
		return EXIT_SUCCESS;
	srunner_run(sr, argc >= 2 ? argv[1] : NULL, NULL, CK_NORMAL);
	ran = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (ran == 0) {
		fprintf(stderr, "no tests ran%s%s\n", argc >= 2 ? " for suite " : "",
			argc >= 2 ? argv[1] : "");
		return EXIT_FAILURE;
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
