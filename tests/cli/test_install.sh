#!/usr/bin/env bash
# tests/cli/test_install.sh - `cmake --install` puts the binary in bin/ and lua/, templates/,
# fonts/ under share/vexil, and the installed binary finds them there; the build-tree binary
# finds them in the source tree.
. "$(dirname "$0")/lib.sh"
: "${VX_BUILD_DIR:?set VX_BUILD_DIR}"

cmake --install "$VX_BUILD_DIR" --prefix "$T/prefix" >/dev/null 2>&1 && pass || fail "cmake --install failed"
[ -x "$T/prefix/bin/vexil" ] && pass || fail "no installed binary"
for d in lua templates fonts; do
	[ -d "$T/prefix/share/vexil/$d" ] && pass || fail "share/vexil/$d not installed"
done
VEXIL_DATA_DIR= "$T/prefix/bin/vexil" --version >"$T/out"
grep -qF "data: $T/prefix/share/vexil" "$T/out" && pass || fail "installed binary does not find share/vexil: $(cat "$T/out")"
"$VEXIL" --version >"$T/out"
grep -qF "data: $(cd "$VX_SOURCE_DIR" && pwd)" "$T/out" && pass || fail "build binary does not find the source tree: $(cat "$T/out")"
finish
