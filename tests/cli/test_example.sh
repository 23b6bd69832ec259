#!/usr/bin/env bash
# tests/cli/test_example.sh - the README's main job (scripts/example.sh) on the bundled
# example: four SBOMs in three formats import, three versions pass the FDA SBOM check and
# NPM-500 1.2 fails on exactly its one deliberate gap (FatFs without support data); a tip,
# its triage and decision, and a signed dossier that vexil verify and pdfsig accept.
. "$(dirname "$0")/lib.sh"

mkdir "$T/work"
cp -r "$VX_SOURCE_DIR/scripts" "$VX_SOURCE_DIR/examples" "$T/work/"
mkdir -p "$T/work/tests/data" && cp -r "$VX_SOURCE_DIR/tests/data/sign" "$T/work/tests/data/"
mkdir -p "$T/work/out"
(cd "$T/work" && VEXIL="$VEXIL" scripts/example.sh) >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || fail "example.sh failed: $(tail -5 "$T/err")"
out_has "nip200-2.1.cdx.json: CycloneDX JSON 1.6, 16 components"
out_has "nip200-3.0.cdx.xml: CycloneDX XML 1.5, 17 components"
out_has "npm500-1.2.cdx.json: CycloneDX JSON 1.4, 21 components"
out_has "npm500-1.4.spdx.json: SPDX JSON 2.3, 20 components"
[ "$(grep -c 'all NTIA minimum elements and FDA support fields present' "$T/out")" -eq 3 ] && pass ||
	fail "expected three versions to pass the SBOM check"
out_has "21 components, 20 with every element; missing: support level (FDA) in 1, end-of-support date (FDA) in 1"
grep -E '^FatFs +R0\.13c .*support level, end-of-support date$' "$T/out" >/dev/null && pass ||
	fail "FatFs gap not shown"
out_has "2 added, 1 removed, 15 changed"
out_has "~ openssl 1.1.1k -> 3.0.7 (version, hashes, licence, support)"
out_has "1 findings (0 without a recorded outcome)"
out_has "out/NIP-200-dossier.pdf: signature valid"
out_has "chains to the given CA"
if command -v pdfsig >/dev/null; then
	out_has "Signature Validation: Signature is Valid."
	out_has "Total document signed"
fi
[ -s "$T/work/out/NIP-200-dossier.pdf" ] && pass || fail "no dossier in out/"
# the disclosure and quality documents of the example device, judged and compared with the
# dossier: every one says the same about the finding
O=$T/work/out
for f in NIP-200-customer-notice.md NIP-200-isao-notice.md NIP-200-ack.md nw-sa-2026-001.json \
	nw-sa-2026-001.xml vxvex-2026-0001.json NIP-200-2.1.vex.cdx.json NIP-200-capa.pdf \
	NIP-200-annual-2026.pdf; do
	[ -s "$O/$f" ] && pass || fail "example did not write out/$f"
done
if command -v node >/dev/null && [ -d "$VX_SOURCE_DIR/tools/csaf-validator/node_modules/@secvisogram" ]; then
	node "$VX_SOURCE_DIR/tools/csaf-validator/validate.mjs" "$O/nw-sa-2026-001.json" "$O/vxvex-2026-0001.json" >"$T/val" 2>&1 &&
		! grep -q ": warning " "$T/val" && pass || fail "BSI validator on the example: $(grep -v ': info ' "$T/val" | head)"
else
	echo "SKIP: BSI CSAF validator not installed: example advisories not validated" >&2
fi
if have_corpus; then
	S=$VX_CORPUS/cvrf/schemata
	XML_CATALOG_FILES=$S/catalog_1_2.xml xmllint --noout --nonet --schema "$S/cvrf/1.2/cvrf.xsd" "$O/nw-sa-2026-001.xml" >"$T/x" 2>&1 &&
		pass || fail "CVRF of the example: $(grep -v 'Skipping import' "$T/x" | head -5)"
	if python3 -c 'import jsonschema' 2>/dev/null; then
		python3 "$VX_SOURCE_DIR/tools/cdx-validate.py" "$VX_CORPUS/cyclonedx/schema" "$O/NIP-200-2.1.vex.cdx.json" >"$T/x" 2>&1 &&
			pass || fail "CycloneDX VEX of the example: $(cat "$T/x")"
	fi
fi
if command -v pdfdetach >/dev/null; then
	mkdir "$T/att" && pdfdetach -saveall -o "$T/att" "$O/NIP-200-dossier.pdf" 2>/dev/null
	python3 - "$T/att/decisions-NIP-200.json" "$O" <<'PY' && pass || fail "the documents disagree with the dossier"
import json, sys, os
d = json.load(open(sys.argv[1]))
o = sys.argv[2]
f = [x for x in d["findings"] if x["vulnerability"] == "VX-2026-0001"][0]
status, risk = f["vex_status"], f["decision"]["risk"]
csaf = {"affected": "known_affected", "not_affected": "known_not_affected", "fixed": "fixed",
        "under_investigation": "under_investigation"}[status]
adv = json.load(open(os.path.join(o, "nw-sa-2026-001.json")))["vulnerabilities"][0]
assert list(adv["product_status"]) == [csaf], adv["product_status"]
assert ("Risk of patient harm: %s." % risk) in [n for n in adv["notes"] if n["title"] == "Clinical impact"][0]["text"]
vex = json.load(open(os.path.join(o, "vxvex-2026-0001.json")))["vulnerabilities"][0]
assert list(vex["product_status"]) == [csaf]
cdx = json.load(open(os.path.join(o, "NIP-200-2.1.vex.cdx.json")))["vulnerabilities"][0]
assert cdx["analysis"]["state"] == {"affected": "exploitable", "not_affected": "not_affected",
                                    "fixed": "resolved", "under_investigation": "in_triage"}[status]
notice = open(os.path.join(o, "NIP-200-customer-notice.md")).read()
assert ("the risk of patient harm is %s" % risk) in notice
for h in ("## The vulnerability and its impact", "## What we are doing", "## What you can do now", "## Remediation"):
    assert h in notice, h
assert "Disable remote software updates" in notice
PY
fi
if command -v pdftotext >/dev/null; then
	pdftotext "$O/NIP-200-dossier.pdf" - 2>/dev/null | tr -s ' \n' '  ' | grep -q "CAPA-2026-001 (open)" && pass ||
		fail "the dossier does not cite the CAPA record"
	pdftotext "$O/NIP-200-annual-2026.pdf" - 2>/dev/null | tr -s ' \n' '  ' | grep -q "NW-SA-2026-001 revision" && pass ||
		fail "the annual report section does not cite the advisory"
fi
export VEXIL_DB="$T/work/out/example.db"
expect 0 --json sbom list
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sorted((x["product"],x["version"]) for x in d)==[("NIP-200","2.1"),("NIP-200","3.0"),("NPM-500","1.2"),("NPM-500","1.4")], d' "$T/out" && pass || fail "store content"
finish
