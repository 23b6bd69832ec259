# tests/cli/lib.sh - helpers for the CLI tests, which run the real binary ($VEXIL).
# Each test script sources this, works in a fresh temporary directory, and exits non-zero
# on the first failed expectation with a message saying what was expected.
set -u
: "${VEXIL:?set VEXIL to the vexil binary}"
: "${VX_SOURCE_DIR:?set VX_SOURCE_DIR to the source tree}"
VX_CORPUS=${VX_CORPUS:-$VX_SOURCE_DIR/../shared/corpus}
T=$(mktemp -d /tmp/vexil-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
export VEXIL_DB="$T/store.db"
NFAIL=0
NPASS=0

fail() {
	echo "FAIL: $*" >&2
	NFAIL=$((NFAIL + 1))
}
pass() { NPASS=$((NPASS + 1)); }

# run CMD...: runs vexil, keeps stdout in $T/out, stderr in $T/err and the exit code in RC.
run() {
	"$VEXIL" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# expect CODE CMD...: run and check the exit code.
expect() {
	local want=$1
	shift
	run "$@"
	if [ "$RC" -ne "$want" ]; then
		fail "vexil $* exited $RC, expected $want; stderr: $(head -c 400 "$T/err")"
	else
		pass
	fi
}

# out_has TEXT / err_has TEXT: the last run's stdout / stderr contains TEXT (fixed string).
out_has() {
	if grep -qF -- "$1" "$T/out"; then pass; else fail "stdout lacks '$1': $(head -c 400 "$T/out")"; fi
}
err_has() {
	if grep -qF -- "$1" "$T/err"; then pass; else fail "stderr lacks '$1': $(head -c 400 "$T/err")"; fi
}
err_empty() {
	if [ ! -s "$T/err" ]; then pass; else fail "stderr not empty: $(head -c 400 "$T/err")"; fi
}

# store_state: a digest of everything in the store (schema and rows).
store_state() {
	sqlite3 "$VEXIL_DB" .dump | sha256sum | cut -d' ' -f1
}

have_corpus() {
	if [ -d "$VX_CORPUS" ]; then return 0; fi
	echo "SKIP: ${FUNCNAME[1]:-test}: ../shared/corpus not found" >&2
	return 1
}

finish() {
	echo "$(basename "$0"): $NPASS passed, $NFAIL failed"
	[ "$NFAIL" -eq 0 ]
}
