#!/usr/bin/env bash
# scripts/valgrind.sh [SUITE...] - the Check unit suites under valgrind memcheck, in a build
# without sanitizers (./build-vg): zero errors and zero definite leaks, or exit 1. Each suite
# runs in one process (CK_FORK=no) so leaks are seen; logs in build-vg/valgrind-<suite>.log.
# VX_TEST_SAMPLE=N (set here) makes the exhaustive single-byte tests check every Nth byte.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=Debug -DVEXIL_WERROR=ON >/dev/null
cmake --build build-vg -j"$(nproc)" --target vexil_tests >/dev/null
suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
	for f in tests/unit/check_*.c; do s=${f##*/check_}; suites+=("${s%.c}"); done
fi
status=0
for s in "${suites[@]}"; do
	log=build-vg/valgrind-$s.log
	if CK_FORK=no CK_DEFAULT_TIMEOUT=1200 VX_TEST_SAMPLE=${VX_TEST_SAMPLE:-64} VX_SOURCE_DIR=$PWD \
		valgrind --quiet --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite ./build-vg/vexil_tests "$s" >"$log" 2>&1; then
		echo "valgrind $s: clean ($(grep -oE '[0-9]+%: Checks: [0-9]+' "$log" | tail -1))"
	else
		echo "valgrind $s: ERRORS, see $log"
		tail -20 "$log"
		status=1
	fi
done
exit $status
