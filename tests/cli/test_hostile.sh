#!/usr/bin/env bash
# tests/cli/test_hostile.sh - the hostile-input suite (issue 8): every input here is built to
# break a naive reader or writer. Each must get a clear error naming the file, or correct
# output; never a crash (the suite runs under ASan/UBSan in CI), never a hang (timeouts),
# never a changed store after a refusal, never a half-written file.
. "$(dirname "$0")/lib.sh"
TO="timeout 120"
hv() { # hv CODE CMD...: run vexil under a timeout and check the exit code (124 = hang)
	local want=$1
	shift
	$TO "$VEXIL" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	if [ "$RC" -eq 124 ]; then
		fail "vexil $* hung"
	elif [ "$RC" -ge 128 ]; then
		fail "vexil $* crashed (signal $((RC - 128))): $(tail -5 "$T/err")"
	elif [ "$RC" -ne "$want" ]; then
		fail "vexil $* exited $RC, expected $want: $(head -c 300 "$T/err")"
	else
		pass
	fi
}
unchanged() { # unchanged BEFORE: the store's dump digest is BEFORE
	[ "$(store_state)" = "$1" ] && pass || fail "a refused input changed the store"
}
expect 0 init
expect 0 profile set --name "Acme (Medical) \\ Systems ]]> <&> 'quoted'" \
	--namespace https://psirt.acme.example --cvd-contact mailto:psirt@acme.example \
	--isao "H-ISAC" --isao-member yes
expect 0 product add "pump'; DROP TABLE finding; --" --model 'Pompe (Ω) \ ]]> ‮RTL‬ 💉' \
	--pathway PMA --cyber-device yes --version "1.0 (\"beta\")"
P="pump'; DROP TABLE finding; --"
Vn='1.0 ("beta")'

# --- SBOM readers -----------------------------------------------------------------------------
before=$(store_state)
cat >xxe.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components><component type="library"><name>&x;</name></component></components></bom>
EOF
hv 1 sbom import xxe.xml --product "$P" --version "$Vn"
err_has "xxe.xml"
grep -q "root:" "$T/out" "$T/err" && fail "XXE leaked /etc/passwd" || pass
cat >laughs.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components><component type="library"><name>&lol9;</name></component></components></bom>
EOF
hv 1 sbom import laughs.xml --product "$P" --version "$Vn"
err_has "laughs.xml"
python3 -c 'print("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"x\":" + "["*10000 + "]"*10000 + "}")' >deep.json
hv 1 sbom import deep.json --product "$P" --version "$Vn"
err_has "nested deeper than"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a\xff\xfeb","version":"1"}]}' >badutf8.json
hv 1 sbom import badutf8.json --product "$P" --version "$Vn"
err_has "badutf8.json"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a\\u0000b","version":"1"}]}' >nul.json
hv 1 sbom import nul.json --product "$P" --version "$Vn"
err_has "nul.json"
# a 100 MB string field: read or refused, either way quickly and without harm
python3 -c '
import json
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
    {"type": "library", "name": "big", "version": "1", "description": "A" * (100 << 20)}]}, open("huge.json", "w"))'
hv 0 sbom import huge.json --product "$P" --version "$Vn"
rm -f huge.json
unchanged_after_big=$(store_state)
# names that break naive writers, in every text field, and SQL metacharacters
python3 - <<'PY'
import json
names = ["paren(s)) \\ back\\slash", "cdata ]]> <x>&amp;", "rtl \u202eevil\u202c txt", "emoji \U0001F489\U0001F3E5",
         "sql '; DROP TABLE component; --", "percent %s %n %x", "new\\nline"]
comps = [{"type": "library", "bom-ref": "r%d" % i, "name": n, "version": "1.%d (x)" % i,
          "supplier": {"name": n}, "purl": "pkg:generic/acme/c%d@1.%d" % (i, i),
          "cpe": "cpe:2.3:a:acme:c%d:1.%d:*:*:*:*:*:*:*" % (i, i)} for i, n in enumerate(names)]
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:0a1b2c3d-0000-4000-8000-000000000001",
           "version": 1, "metadata": {"authors": [{"name": "O'Brien \"the\" <author> ]]>"}]},
           "components": comps}, open("names.json", "w"), ensure_ascii=False)
PY
hv 0 sbom import names.json --product "$P" --version "$Vn"
for i in 0 1 2 3 4 5 6; do
	hv 0 tip add --title "flaw (#$i) in ]]> '\"; DELETE FROM tip; -- \\ ‮RTL‬ 💉 %s" --received 2026-01-05 \
		--purl "pkg:generic/acme/c$i" --affected 'vers:generic/*' --reporter "Zoë (ﷺ) ]]> '--" \
		--cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
done
hv 0 match
hv 0 --json findings
NF=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")
[ "$NF" -eq 7 ] && pass || fail "expected 7 findings, got $NF"
F1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
hv 0 triage set "$F1" --status not_affected --justification vulnerable_code_not_present \
	--impact "no ]]> here; '; DROP TABLE triage; -- (really) \\ ‮x‬ 💉" --action 'n/a "quoted"'
hv 0 evaluate
sqlite3 "$VEXIL_DB" "PRAGMA integrity_check; SELECT count(*) FROM finding; SELECT count(*) FROM component;" >ic.txt
[ "$(sed -n 1p ic.txt)" = ok ] && [ "$(sed -n 2p ic.txt)" = 7 ] && pass || fail "store after SQL metacharacters: $(cat ic.txt)"
hv 0 audit verify
# ... and every writer still writes valid documents with them
hv 0 dossier --product "$P" -o d.pdf --sign-key "$VX_SOURCE_DIR/tests/data/sign/signer.key.pem" \
	--sign-cert "$VX_SOURCE_DIR/tests/data/sign/signer.cert.pem"
if command -v pdfsig >/dev/null; then
	pdfsig d.pdf 2>&1 | grep -q "Signature is Valid." && pass || fail "pdfsig on the hostile dossier"
	qpdf --check d.pdf >/dev/null 2>&1 && pass || fail "qpdf on the hostile dossier"
	pdftotext d.pdf - 2>/dev/null | grep -qF "paren(s)) \\ back\\slash" && pass || fail "parentheses/backslashes lost in the PDF"
	pdftotext d.pdf - 2>/dev/null | grep -qF "cdata ]]> <x>&amp;" && pass || fail "]]> lost in the PDF"
fi
V1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["vulnerability"])' "$T/out" 2>/dev/null)
hv 0 --json findings
VS=$(python3 -c 'import json,sys; print(",".join(sorted(set(f["vulnerability"] for f in json.load(open(sys.argv[1]))))))' "$T/out")
mkdir adv
hv 0 advisory --product "$P" --vuln "$VS" --cvrf -o adv
hv 0 vex --product "$P" --version "$Vn" --format cyclonedx -o adv
python3 -c 'import json,glob; [json.load(open(f)) for f in glob.glob("adv/*.json")]' && pass || fail "invalid JSON written"
xmllint --noout adv/*.xml 2>"$T/x" && pass || fail "CVRF not well-formed: $(head -3 "$T/x")"
grep -q "cdata \]\]&gt; &lt;x&gt;&amp;amp;" adv/*.xml && pass || fail "CVRF did not escape ]]> and markup"
if command -v node >/dev/null && [ -d "$VX_SOURCE_DIR/tools/csaf-validator/node_modules/@secvisogram" ]; then
	node "$VX_SOURCE_DIR/tools/csaf-validator/validate.mjs" adv/vxsa-*.json >"$T/v" 2>&1 && pass ||
		fail "BSI validator on hostile names: $(grep -v ': info' "$T/v" | head -5)"
fi
hv 0 notice --product "$P" --vuln "$(echo "$VS" | cut -d, -f1)" --kind customer --format pdf -o n.pdf --draft

# --- feed readers --------------------------------------------------------------------------------
before=$(store_state)
printf '{"resultsPerPage":1,"vulnerabilities":[{"cve":{"id":"CVE-2026-0001","published":"x' >trunc.json
hv 1 feed import trunc.json
err_has "trunc.json"
python3 -c 'print("{\"vulnerabilities\":" + "["*10000 + "]"*10000 + "}")' >deepfeed.json
hv 1 feed import deepfeed.json
err_has "deepfeed.json"
printf '{"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2026-0001\xff","published":"2026-01-01T00:00:00.000","lastModified":"2026-01-01T00:00:00.000","descriptions":[]}}]}' >badfeed.json
hv 1 feed import badfeed.json
unchanged "$before"
python3 -c '
import json
rec = {"cve": {"id": "CVE-2026-99999", "sourceIdentifier": "x", "published": "2026-01-01T00:00:00.000",
               "lastModified": "2026-01-01T00:00:00.000", "vulnStatus": "Analyzed",
               "descriptions": [{"lang": "en", "value": "B" * (100 << 20)}]}}
json.dump({"resultsPerPage": 1, "startIndex": 0, "totalResults": 1, "format": "NVD_CVE", "version": "2.0",
           "timestamp": "2026-01-01T00:00:00.000", "vulnerabilities": [rec]}, open("hugefeed.json", "w"))'
$TO "$VEXIL" feed import hugefeed.json >"$T/out" 2>"$T/err"
RC=$?
{ [ "$RC" -eq 0 ] || { [ "$RC" -eq 1 ] && grep -q "hugefeed.json" "$T/err"; }; } && pass ||
	fail "100 MB description in a feed: exit $RC $(tail -2 "$T/err")"
rm -f hugefeed.json

# --- triage import ------------------------------------------------------------------------------
before=$(store_state)
printf 'finding,status\n%s,affected\n%s,exploded\n' "$F1" "$F1" >bad.csv
hv 1 triage import bad.csv
err_has "bad.csv"
unchanged "$before"
printf '{"document":' >trunc-csaf.json
hv 1 triage import trunc-csaf.json
unchanged "$before"

# --- PDFs given to vexil verify ------------------------------------------------------------------
S=$VX_SOURCE_DIR/tests/data/sign/signed.pdf
printf '%%PDF-1.5\n1 0 obj << /Type /XRef /W [1 2 1] /Size 2 /Length 0 >> stream\nendstream endobj\nstartxref\n9\n%%%%EOF\n' >xrefstream.pdf
hv 1 verify xrefstream.pdf
python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
i = b.rfind(b"trailer")
open("brokentrailer.pdf", "wb").write(b[:i] + b"trailer << /Size 99999999999 /Root 1 0 R /Prev -5 >>\nstartxref\n999999999\n%%EOF")
i = b.rfind(b"/ByteRange")
open("byterange.pdf", "wb").write(b[:i] + b"/ByteRange [0 99999999999 -4 18446744073709551615]" + b[i + 50:])
open("nested.pdf", "wb").write(b"%PDF-1.7\n" + b"<<" * 100000 + b"\n%%EOF")' "$S"
hv 1 verify brokentrailer.pdf
hv 1 verify byterange.pdf
hv 1 verify nested.pdf
head -c 100000 /dev/urandom >random.pdf
hv 1 verify random.pdf

# --- Lua rules and templates that try to escape -----------------------------------------------
mkdir rules tpl
for escape in 'io.open("/etc/passwd")' 'os.execute("touch pwned")' 'require("os")' 'load("return 1")()' \
	'string.dump(print)' 'debug.getinfo(1)' 'getmetatable("").__index = nil' 'coroutine.create(print)' \
	'collectgarbage("stop")' 'dofile("/etc/passwd")' 'package.loadlib("libc.so.6", "system")' \
	'r.triage.status = "fixed"' 'string.find(string.rep("a", 100000), ".-.-.-b")' \
	'local t = {} while true do t[#t+1] = string.rep("x", 1e6) end' 'while true do end'; do
	printf 'function decide(r)\n  %s\n  return { severity = "minor", exploitability = "low", risk = "controlled", action = "none", rationale = "x" }\nend\n' "$escape" >rules/00-escape.lua
	hv 1 evaluate --rules rules # exit 1: the evaluations failed, each with its reason
	grep -q "7 failed" "$T/out" && grep -qE "EVALUATION FAILED: (rules/00-escape.lua:2|rule set exceeded its memory limit)" "$T/out" && pass ||
		fail "escape '$escape' was not stopped: $(tail -3 "$T/out")"
	printf 'function notice(n)\n  %s\n  return { title = "x", body = "y" }\nend\n' "$escape" >tpl/customer.lua
	hv 1 notice --product "$P" --vuln "$(echo "$VS" | cut -d, -f1)" --kind customer --templates tpl --draft -o esc.md
done
[ ! -e pwned ] && [ ! -e esc.md ] && pass || fail "an escape left a trace"
sqlite3 "$VEXIL_DB" "PRAGMA integrity_check" | grep -qx ok && pass || fail "store damaged by the escapes"
finish
