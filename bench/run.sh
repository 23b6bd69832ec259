#!/usr/bin/env bash
# bench/run.sh - the feed-import and match benchmark (issue 3 item 6).
#
# Builds a Release vexil into bench/build and the yajl floor next to it, generates a
# synthetic NVD feed and 20 SBOMs into bench/data (kept between runs; regenerated when the
# scale or seed changes), then measures in one run, with /usr/bin/time (wall seconds, peak
# RSS):
#   a) floor       a bare yajl parse of the feed file (bench/yajl_floor.c)
#   b) import      vexil feed import into a fresh store
#   c) reimport    the same file again (every record unchanged)
#   d) sbom import the 20 SBOMs (total of 20 commands)
#   e) match       vexil match --product P --version V for each version, first run (opens
#                  findings) and re-runs; then vexil match of all versions at once
#   f) callgrind   instruction count of one match (CALLGRIND=1; slow)
# and writes bench/results.md (bench/report.py; results-sSCALE.md for other scales). Ratios come from measurements taken side
# by side in this one run: the machine is shared, so compare within a run, not across runs.
#
# Environment:
#   SCALE=1      feed size: 1 = 250,000 CVEs; 0.05 for a quick smoke run
#   REPS=3       repetitions of the cheap measurements (the big imports do IMPORT_REPS)
#   IMPORT_REPS=2
#   MATCH_ALL_REPS=2  repetitions of 'vexil match' over all versions
#   SEED=1
#   CALLGRIND=0  1: also count the instructions of one match under valgrind
#   KEEP=0       1: keep the stores in bench/tmp after the run
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD

SCALE=${SCALE:-1}
REPS=${REPS:-3}
IMPORT_REPS=${IMPORT_REPS:-2}
MATCH_ALL_REPS=${MATCH_ALL_REPS:-2}
SEED=${SEED:-1}
CALLGRIND=${CALLGRIND:-0}
KEEP=${KEEP:-0}
CVES=$(python3 -c "print(max(100, int(250000 * float('$SCALE'))))")
DATA=$BENCH/data/s$SCALE-seed$SEED
TMP=$BENCH/tmp
RES=$TMP/times.tsv
# the full-size run is the one on record; smaller scales go next to it (gitignored)
if [ "$SCALE" = 1 ]; then OUT=results.md; else OUT=results-s$SCALE.md; fi
V=$BENCH/build/vexil

log() { printf '== %s\n' "$*" >&2; }

# --- build ---------------------------------------------------------------------------------
log "build (Release) into bench/build"
cmake -S .. -B build -DCMAKE_BUILD_TYPE=Release >"$BENCH/build.log" 2>&1 ||
	{ cat "$BENCH/build.log"; exit 1; }
cmake --build build -j"$(nproc)" --target vexil >>"$BENCH/build.log" 2>&1 ||
	{ tail -40 "$BENCH/build.log"; exit 1; }
cc -O2 -Wall -Wextra -o build/yajl_floor yajl_floor.c -lyajl
# the revision measured: others may commit while the benchmark runs
REV=$(git -C .. describe --always --dirty 2>/dev/null || echo unknown)

# --- data ----------------------------------------------------------------------------------
mkdir -p "$DATA"
FEED=$DATA/nvd-feed.json
if [ ! -s "$FEED.stats.json" ] || [ ! -s "$FEED" ]; then
	log "generate the feed: $CVES CVEs"
	python3 gen_nvd.py --cves "$CVES" --seed "$SEED" "$FEED"
fi
if [ ! -s "$DATA/sboms/manifest.tsv" ]; then
	log "generate the SBOMs"
	python3 gen_sboms.py --seed "$SEED" "$DATA/sboms"
fi

# --- measuring -----------------------------------------------------------------------------
rm -rf "$TMP"
mkdir -p "$TMP"
printf 'step\tlabel\trep\tseconds\tkib\n' >"$RES"

# measure STEP LABEL REP CMD...: run CMD under /usr/bin/time, output to tmp/STEP.log
measure() {
	local step=$1 label=$2 rep=$3
	shift 3
	if ! /usr/bin/time -f '%e %M' -o "$TMP/time.out" "$@" >>"$TMP/$step.log" 2>&1; then
		echo "failed: $*" >&2
		tail -5 "$TMP/$step.log" >&2
		exit 1
	fi
	read -r secs kib <"$TMP/time.out"
	printf '%s\t%s\t%s\t%s\t%s\n' "$step" "$label" "$rep" "$secs" "$kib" >>"$RES"
	printf '   %-10s %-22s rep %s: %7.2f s %8d KiB\n' "$step" "$label" "$rep" "$secs" "$kib" >&2
}

fresh_store() { # fresh_store DB
	rm -f "$1" "$1-wal" "$1-shm"
	"$V" --db "$1" init >/dev/null
}

add_products() { # add_products DB
	while IFS=$'\t' read -r p m v f; do
		"$V" --db "$1" product add "$p" --model "$m" --pathway 510k --cyber-device yes \
			--version "$v" --released 2025-06-01 >/dev/null
	done <"$DATA/sboms/manifest.tsv"
}

import_sboms() { # import_sboms DB: the 20 SBOMs, one command each (timed as a whole)
	while IFS=$'\t' read -r p m v f; do
		"$V" --db "$1" sbom import "$DATA/sboms/$f" --product "$p" --version "$v"
	done <"$DATA/sboms/manifest.tsv"
}
export -f import_sboms
export V DATA

sync
log "a) floor: bare yajl parse of $(du -m "$FEED" | cut -f1) MB"
for r in $(seq "$REPS"); do measure floor yajl "$r" build/yajl_floor "$FEED"; done

DB=$TMP/store.db
log "b) feed import into a fresh store"
for r in $(seq "$IMPORT_REPS"); do
	fresh_store "$DB"
	sync
	measure import "feed import" "$r" "$V" --db "$DB" feed import "$FEED"
done
log "c) the same feed again (all unchanged)"
for r in $(seq "$IMPORT_REPS"); do
	measure reimport "feed import again" "$r" "$V" --db "$DB" feed import "$FEED"
done
du -k "$DB" | cut -f1 >"$TMP/store_kib"

log "d) sbom import of 20 SBOMs"
for r in $(seq "$REPS"); do
	SDB=$TMP/sbom-$r.db
	fresh_store "$SDB"
	add_products "$SDB"
	measure sbom "20 SBOMs, empty store" "$r" bash -c 'import_sboms "$0"' "$SDB"
	rm -f "$SDB" "$SDB-wal" "$SDB-shm"
done
add_products "$DB"
measure sbom "20 SBOMs, loaded store" 1 bash -c 'import_sboms "$0"' "$DB"

log "e) match per version (first run opens findings; then re-runs)"
for r in $(seq "$REPS"); do
	while IFS=$'\t' read -r p m v f; do
		[ "$r" = 1 ] && step=match1 || step=match
		measure "$step" "$p $v" "$r" "$V" --db "$DB" --json match --product "$p" --version "$v"
	done <"$DATA/sboms/manifest.tsv"
done
for r in $(seq "$MATCH_ALL_REPS"); do
	measure matchall "all 20 versions" "$r" "$V" --db "$DB" --json match
done

if [ "$CALLGRIND" = 1 ]; then
	log "f) callgrind: one match"
	read -r p m v f <"$DATA/sboms/manifest.tsv"
	valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.match.out" \
		"$V" --db "$DB" match --product "$p" --version "$v" >"$TMP/callgrind.log" 2>&1
	callgrind_annotate "$TMP/callgrind.match.out" 2>/dev/null | head -40 >"$TMP/callgrind.top"
fi

python3 report.py --scale "$SCALE" --feed "$FEED" --sboms "$DATA/sboms" --tmp "$TMP" \
	--rev "$REV" --out "$OUT"
if [ "$KEEP" != 1 ]; then
	rm -f "$TMP"/*.db "$TMP"/*.db-wal "$TMP"/*.db-shm
fi
