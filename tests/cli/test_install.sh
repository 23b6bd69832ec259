#!/usr/bin/env bash
# tests/cli/test_install.sh - `cmake --install` puts the binary in bin/ and lua/, templates/,
# fonts/, examples/ under share/vexil and the man page vexil(1), and the installed binary finds
# them there (the demo runs from an installed copy); the build-tree binary finds them in the
# source tree.
. "$(dirname "$0")/lib.sh"
: "${VX_BUILD_DIR:?set VX_BUILD_DIR}"

cmake --install "$VX_BUILD_DIR" --prefix "$T/prefix" >/dev/null 2>&1 && pass || fail "cmake --install failed"
[ -x "$T/prefix/bin/vexil" ] && pass || fail "no installed binary"
for d in lua templates fonts examples; do
	[ -d "$T/prefix/share/vexil/$d" ] && pass || fail "share/vexil/$d not installed"
done
VEXIL_DATA_DIR= "$T/prefix/bin/vexil" --version >"$T/out"
grep -qF "data: $T/prefix/share/vexil" "$T/out" && pass || fail "installed binary does not find share/vexil: $(cat "$T/out")"
"$VEXIL" --version >"$T/out"
grep -qF "data: $(cd "$VX_SOURCE_DIR" && pwd)" "$T/out" && pass || fail "build binary does not find the source tree: $(cat "$T/out")"
# the man page is installed and names every command of the command table
M=$T/prefix/share/man/man1/vexil.1
[ -s "$M" ] && pass || fail "vexil.1 not installed"
"$VEXIL" help | awk '/^Commands:/ {on=1; next} /^$/ {on=0} on {print $1}' >cmds.txt
[ "$(wc -l <cmds.txt)" -ge 20 ] && pass || fail "could not read the command list: $(cat cmds.txt)"
while read -r c; do
	grep -q "^\.B $c\b" "$M" && pass || fail "vexil.1 does not describe '$c'"
done <cmds.txt
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww "$M" >/dev/null 2>"$T/groff" && [ ! -s "$T/groff" ] && pass || fail "groff: $(cat "$T/groff")"
fi
# an installed vexil runs the demo from share/vexil/examples
(cd "$T" && VEXIL_DATA_DIR= "$T/prefix/bin/vexil" demo -o "$T/d" >/dev/null 2>"$T/err") && pass ||
	fail "demo from the installed tree: $(tail -3 "$T/err")"
[ -s "$T/d/NIP-200-dossier.pdf" ] && pass || fail "installed demo wrote no dossier"
finish
