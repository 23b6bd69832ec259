#!/usr/bin/env bash
# scripts/test.sh - the whole test suite, as CI runs it: install what the tests need, build
# with warnings as errors and AddressSanitizer + UndefinedBehaviorSanitizer into
# ./build-test, and run every Check suite and CLI test through CTest; then the unit suites
# under valgrind (scripts/valgrind.sh) and each fuzz harness for 10 s (scripts/fuzz.sh). Also installs the BSI
# CSAF validator with npm (tools/csaf-validator) for the CSAF conformance tests.
#   VEXIL_SANITIZE=0 scripts/test.sh   builds without the sanitizers (faster)
# Tests that use ../shared/corpus print "SKIP:" when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
vx_install_deps
vx_install_csaf_validator
san=ON
[ "${VEXIL_SANITIZE:-1}" = 0 ] && san=OFF
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DVEXIL_WERROR=ON -DVEXIL_SANITIZE="$san" \
	>/dev/null
cmake --build build-test -j"$(nproc)"
(cd build-test &&
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j"$(nproc)")
# the unit suites under valgrind memcheck (a build without sanitizers), then every fuzz
# harness briefly (clang + libFuzzer); VEXIL_QUICK=1 skips both
if [ "${VEXIL_QUICK:-0}" != 1 ]; then
	scripts/valgrind.sh
	CC=clang scripts/fuzz.sh "${VEXIL_FUZZ_SECONDS:-10}"
fi
