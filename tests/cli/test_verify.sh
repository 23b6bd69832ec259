#!/usr/bin/env bash
# tests/cli/test_verify.sh - vexil verify on a signed PDF fixture (tests/data/sign/signed.pdf,
# a libharu page signed with the TEST ONLY signer key): valid with the right CA, refused
# with another CA, after any changed byte, after appended bytes, and for unsigned or
# malformed files, without crashing.
. "$(dirname "$0")/lib.sh"
D=$VX_SOURCE_DIR/tests/data/sign
cp "$D/signed.pdf" s.pdf

expect 0 verify s.pdf --ca "$D/ca.cert.pem"
out_has "signature valid"
out_has "CN=vexil Test Signer (TEST ONLY)"
out_has "chains to the given CA"
expect 0 --json verify s.pdf
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] and d["chain_ok"] is None and d["subfilter"]=="adbe.pkcs7.detached", d' "$T/out" && pass || fail "json report"
expect 1 verify s.pdf --ca "$D/selfsigned.cert.pem"
out_has "DOES NOT chain to the given CA"

# every single changed byte is caught: the first, one inside the page, the last
size=$(stat -c %s s.pdf)
for pos in 0 200 $((size / 2)) $((size - 1)); do
	cp s.pdf t.pdf
	python3 - t.pdf "$pos" <<'PY'
import sys
p, pos = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read())
b[pos] ^= 0x01
open(p, "wb").write(b)
PY
	run verify t.pdf --ca "$D/ca.cert.pem"
	if [ "$RC" -ne 0 ]; then pass; else fail "byte $pos changed, still valid"; fi
done
cp s.pdf a.pdf && printf 'x' >>a.pdf
expect 1 verify a.pdf --ca "$D/ca.cert.pem"
out_has "NOT the whole file"
# the judges no one here wrote agree
if command -v pdfsig >/dev/null; then
	pdfsig s.pdf >"$T/ps" 2>&1
	grep -q "Signature Validation: Signature is Valid." "$T/ps" && grep -q "Total document signed" "$T/ps" && pass || fail "pdfsig: $(cat "$T/ps")"
fi
if command -v qpdf >/dev/null; then
	qpdf --check s.pdf >/dev/null 2>&1 && pass || fail "qpdf --check"
fi

# unsigned, empty and malformed files: a clear answer, no crash
printf '%%PDF-1.3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >plain.pdf
expect 1 verify plain.pdf
: >empty.pdf
run verify empty.pdf
[ "$RC" -eq 1 ] && pass || fail "empty file: exit $RC"
head -c 3000 s.pdf >cut.pdf
run verify cut.pdf
[ "$RC" -eq 1 ] && pass || fail "truncated file: exit $RC"
expect 1 verify /nonexistent.pdf
err_has "cannot open"
finish
