#!/usr/bin/env bash
# tests/cli/test_demo.sh - the README's main job, `vexil demo`, on the bundled example: the
# SBOMs import (three versions pass the FDA SBOM check, NPM-500 1.2 fails on its one
# deliberate gap), the feed extract gives the real findings, the triage story gives both
# Part 806 outcomes, and every document of the evidence set is judged by an outside tool:
# pdfsig and qpdf (dossiers, CAPA), the BSI validator (CSAF), the OASIS XSDs (CVRF), the
# CycloneDX schema (VEX); the documents agree with each other and with the dossiers. Two runs
# write the same story.
. "$(dirname "$0")/lib.sh"
O=$T/demo
expect 0 demo -o "$O"
cp "$T/out" demo.log
out_has "nip200-2.1.cdx.json: CycloneDX JSON 1.6, 16 components"
out_has "nip200-3.0.cdx.xml: CycloneDX XML 1.5, 17 components"
out_has "npm500-1.2.cdx.json: CycloneDX JSON 1.4, 21 components"
out_has "npm500-1.4.spdx.json: SPDX JSON 2.3, 20 components"
[ "$(grep -c 'all NTIA minimum elements and FDA support fields present' demo.log)" -eq 3 ] && pass ||
	fail "expected three versions to pass the SBOM check"
out_has "21 components, 20 with every element; missing: support level (FDA) in 1, end-of-support date (FDA) in 1"
grep -E '^FatFs +R0\.13c .*support level, end-of-support date$' demo.log >/dev/null && pass ||
	fail "FatFs gap not shown"
out_has "2 added, 1 removed, 15 changed"
out_has "14 records: 14 added"
out_has "4 versions matched: 25 new findings"
out_has "recorded 20 triage records"
out_has "chain intact"
[ "$(grep -c ': signature valid' demo.log)" -eq 2 ] && pass || fail "both dossiers should verify"
for f in NIP-200-dossier.pdf NPM-500-dossier.pdf advisories/nw-sa-2026-001.json advisories/nw-sa-2026-001.xml \
	advisories/nw-sa-2026-002.json advisories/nw-sa-2026-002.xml advisories/nw-sa-2026-003.json \
	advisories/nw-sa-2026-003.xml vex/vxvex-2026-0001.json vex/vxvex-2026-0002.json vex/vxvex-2026-0003.json \
	vex/NIP-200-2.1.vex.cdx.json vex/NIP-200-3.0.vex.cdx.json vex/NPM-500-1.4.vex.cdx.json \
	notices/VX-2026-0001-researcher-ack.md notices/VX-2026-0001-customer.pdf notices/VX-2026-0001-customer.md \
	notices/VX-2026-0001-isao.md capa/NPM-500-CVE-2021-44228.pdf capa/NPM-500-CVE-2021-44228.json \
	capa/NIP-200-VX-2026-0001.pdf reports/NPM-500-annual-2026.pdf reports/NPM-500-annual-2026.json; do
	[ -s "$O/$f" ] && pass || fail "demo did not write $f"
done

# the story: Part 806 exemption holds for curl on NIP-200 2.1 and Log4Shell on NPM-500 1.4,
# fails for regreSSHion on NIP-200 3.0 (customers told 44 days after t0)
export VEXIL_DB=$O/demo.db
expect 0 --json triage list
expect 0 --json status --as-of 2026-11-28
python3 - "$T/out" <<'PY' && pass || fail "the demo's story"
import json, sys
s = json.load(open(sys.argv[1]))
texts = [i["text"] for i in s["items"]]
assert any("CVE-2024-6387" in t and "Part 806 report was due 2026-09-15" in t for t in texts), texts
assert any("CVE-2023-38545" in t and "Part 806 not required (C1-C4 met)" in t for t in texts)
assert any("CVE-2021-44228 log4j-core" in t and "NPM-500 1.4" in t and "Part 806 not required (C1-C4 met)" in t for t in texts)
assert s["uncontrolled"] == 4, s["uncontrolled"]
PY

# outside judges
if command -v pdfsig >/dev/null; then
	for d in NIP-200-dossier.pdf NPM-500-dossier.pdf capa/NPM-500-CVE-2021-44228.pdf capa/NIP-200-VX-2026-0001.pdf; do
		pdfsig "$O/$d" >"$T/ps" 2>&1
		grep -q "Signature is Valid." "$T/ps" && grep -q "Total document signed" "$T/ps" && pass ||
			fail "pdfsig $d: $(cat "$T/ps")"
		qpdf --check "$O/$d" >/dev/null 2>&1 && pass || fail "qpdf --check $d"
	done
	grep -q "ETSI.CAdES.detached" <(pdfsig "$O/NPM-500-dossier.pdf" 2>&1) && pass || fail "NPM-500 dossier not PAdES"
fi
if command -v node >/dev/null && [ -d "$VX_SOURCE_DIR/tools/csaf-validator/node_modules/@secvisogram" ]; then
	node "$VX_SOURCE_DIR/tools/csaf-validator/validate.mjs" "$O"/advisories/*.json "$O"/vex/vxvex-*.json >"$T/val" 2>&1 &&
		! grep -q ": warning " "$T/val" && pass || fail "BSI validator on the demo: $(grep -v ': info ' "$T/val" | head)"
else
	echo "SKIP: BSI CSAF validator not installed: the demo's CSAF documents are not validated" >&2
fi
if have_corpus; then
	S=$VX_CORPUS/cvrf/schemata
	XML_CATALOG_FILES=$S/catalog_1_2.xml xmllint --noout --nonet --schema "$S/cvrf/1.2/cvrf.xsd" "$O"/advisories/*.xml >"$T/x" 2>&1 &&
		pass || fail "CVRF of the demo: $(grep -v 'Skipping import' "$T/x" | head -5)"
	if python3 -c 'import jsonschema' 2>/dev/null; then
		python3 "$VX_SOURCE_DIR/tools/cdx-validate.py" "$VX_CORPUS/cyclonedx/schema" "$O"/vex/*.cdx.json >"$T/x" 2>&1 &&
			pass || fail "CycloneDX VEX of the demo: $(cat "$T/x")"
	fi
fi

# the documents agree with the dossiers' decisions
if command -v pdfdetach >/dev/null; then
	mkdir att && pdfdetach -saveall -o att "$O/NIP-200-dossier.pdf" 2>/dev/null &&
		pdfdetach -saveall -o att "$O/NPM-500-dossier.pdf" 2>/dev/null
	python3 - att "$O" <<'PY' && pass || fail "the demo's documents disagree with the dossiers"
import json, os, sys
att, o = sys.argv[1], sys.argv[2]
dec = {}
for p in ("NIP-200", "NPM-500"):
    for f in json.load(open(os.path.join(att, "decisions-%s.json" % p)))["findings"]:
        dec[(p, f["product_version"], f["vulnerability"], f["component"])] = f
csaf = {"affected": "known_affected", "not_affected": "known_not_affected", "fixed": "fixed",
        "under_investigation": "under_investigation"}
n = 0
for fn in os.listdir(os.path.join(o, "vex")):
    if not fn.startswith("vxvex"):
        continue
    d = json.load(open(os.path.join(o, "vex", fn)))
    rels = {r["full_product_name"]["product_id"]: r for r in d["product_tree"]["relationships"]}
    for v in d["vulnerabilities"]:
        vid = v.get("cve") or v["ids"][0]["text"]
        for status, ids in v["product_status"].items():
            for pid in ids:
                name = rels[pid]["full_product_name"]["name"]
                for k, f in dec.items():
                    if k[2] == vid and name.startswith(k[3] + " ") and name.endswith(" %s %s" % (k[0], k[1])):
                        assert csaf[f["vex_status"]] == status, (k, status, f["vex_status"])
                        n += 1
assert n >= 20, n
notice = open(os.path.join(o, "notices", "VX-2026-0001-customer.md")).read()
tip = [f for k, f in dec.items() if k[2] == "VX-2026-0001"][0]
assert ("the risk of patient harm is %s" % tip["decision"]["risk"]) in notice
for h in ("## The vulnerability and its impact", "## What we are doing", "## What you can do now", "## Remediation"):
    assert h in notice, h
rep = json.load(open(os.path.join(o, "reports", "NPM-500-annual-2026.json")))
e = {x["vulnerability"] + " " + x["component"]: x for x in rep["entries"]}
assert e["CVE-2021-44228 log4j-core"]["change"].startswith("validated fix distributed 2026-10-20")
assert "NW-SA-2026-001" in e["CVE-2021-44228 log4j-core"]["advisories"]
capa = json.load(open(os.path.join(o, "capa", "NPM-500-CVE-2021-44228.json")))
assert capa["capa"]["status"] == "closed" and capa["risk_determination"]
PY
fi
if command -v pdftotext >/dev/null; then
	pdftotext "$O/NPM-500-dossier.pdf" - 2>/dev/null | tr -s ' \n' '  ' >dossier.txt
	grep -q "CAPA-2026-001 (closed)" dossier.txt && pass || fail "the NPM-500 dossier does not cite its CAPA"
	pdftotext "$O/NIP-200-dossier.pdf" - 2>/dev/null | tr -s ' \n' '  ' | grep -q "CAPA-2026-002 (open)" && pass ||
		fail "the NIP-200 dossier does not cite its CAPA"
fi

# the same story every run: a second run writes the same CSAF content (dates included)
expect 0 demo -o "$T/demo2"
cmp -s "$O/advisories/nw-sa-2026-002.json" "$T/demo2/advisories/nw-sa-2026-002.json" && pass ||
	fail "two demo runs wrote different advisories"
expect 1 demo -o "$T/demo3" --examples /nonexistent
err_has "cannot find the bundled examples"
finish
