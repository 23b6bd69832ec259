#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...] - build the libFuzzer harnesses (tests/fuzz/fuzz_*.c)
# with clang, -fsanitize=fuzzer,address,undefined, into ./build-fuzz, and run each target for
# SECONDS (default 60), two at a time. Each starts from its seeds (tests/fuzz/seeds/<target>,
# plus matching files of ../shared/corpus when it is there) and keeps what it learns in
# build-fuzz/corpus/<target>. A crash, leak, timeout or sanitizer report stops that target and
# leaves its input in build-fuzz/artifacts/; the script then exits 1. One line per run is
# appended to build-fuzz/results.tsv (date, target, seconds, runs, result) for docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
command -v clang >/dev/null || { echo "clang is needed (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVEXIL_FUZZ=ON >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do t=${f##*/fuzz_}; targets+=("${t%.c}"); done
fi
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
CORPUS=../shared/corpus
mkdir -p build-fuzz/artifacts
seed() { # seed TARGET: fill build-fuzz/corpus/TARGET from the seeds and the shared corpus
	local t=$1 d=build-fuzz/corpus/$1
	mkdir -p "$d"
	cp -n tests/fuzz/seeds/"$t"/* "$d"/ 2>/dev/null || true
	if [ "$t" = lua ]; then cp -n lua/*.lua templates/*.lua "$d"/ 2>/dev/null || true; fi # the shipped ones
	[ -d "$CORPUS" ] || return 0
	case $t in
	sbom) find "$CORPUS/cyclonedx" "$CORPUS/spdx" -type f \( -name '*.json' -o -name '*.xml' \) -size -200k 2>/dev/null | head -300 ;;
	feed) find "$CORPUS/nvd" "$CORPUS/osv" -type f -name '*.json' -size -200k 2>/dev/null | head -100 ;;
	vex) find "$CORPUS/csaf/examples" "$CORPUS/csaf/validator" -type f -name '*.json' -size -100k 2>/dev/null | head -200 ;;
	*) ;;
	esac | while read -r f; do cp -n "$f" "$d/$(echo "$f" | sha1sum | cut -c1-16)-${f##*/}" 2>/dev/null || true; done ||
		true # `head` closing the pipe early is not an error
}
run() { # run TARGET
	local t=$1 log=build-fuzz/$1.log
	seed "$t"
	if ./build-fuzz/fuzz_"$t" build-fuzz/corpus/"$t" -max_total_time="$SECONDS_EACH" -timeout=20 \
		-rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/artifacts/"$t"- >"$log" 2>&1; then
		result=clean
	else
		result="FOUND: $(grep -m1 -E 'ERROR: |SUMMARY: ' "$log" || echo 'see log')"
	fi
	runs=$(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
	printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$t" "$SECONDS_EACH" "$runs" "$result" |
		tee -a build-fuzz/results.tsv
	[ "$result" = clean ]
}
status=0
i=0
pids=()
for t in "${targets[@]}"; do
	run "$t" &
	pids+=($!)
	i=$((i + 1))
	if [ $((i % $(nproc))) -eq 0 ]; then
		for p in "${pids[@]}"; do wait "$p" || status=1; done
		pids=()
	fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
