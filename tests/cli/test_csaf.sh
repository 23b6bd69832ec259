#!/usr/bin/env bash
# tests/cli/test_csaf.sh - vexil advisory and vexil vex: every CSAF document written here is
# judged by the BSI validator (@secvisogram/csaf-validator-lib, strict schema + mandatory
# tests must pass; optional-test warnings must be zero for this data); tracking ids and
# revisions; the file name rule; the VEX round trip through 'vexil triage import'.
. "$(dirname "$0")/lib.sh"
VALIDATE=$VX_SOURCE_DIR/tools/csaf-validator/validate.mjs
have_validator=1
if ! command -v node >/dev/null || [ ! -d "$VX_SOURCE_DIR/tools/csaf-validator/node_modules/@secvisogram" ]; then
	echo "SKIP: the BSI CSAF validator is not installed (node + 'npm ci' in tools/csaf-validator; scripts/test.sh does it): documents are not validated" >&2
	have_validator=0
fi
# judge FILE...: zero errors and zero warnings from the BSI validator
judge() {
	[ "$have_validator" = 1 ] || return 0
	node "$VALIDATE" "$@" >"$T/val" 2>&1
	local rc=$?
	if [ $rc -ne 0 ]; then
		fail "BSI validator: $(grep -v ': info ' "$T/val" | head -20)"
	elif grep -q ": warning " "$T/val"; then
		fail "BSI validator warnings: $(grep ': warning ' "$T/val" | head -10)"
	else
		pass
	fi
}

setup() { # setup: a store with a KEV-listed NVD CVE and researcher tips on a device
	expect 0 init
	expect 0 profile set --name "Médica Łódź GmbH" --namespace https://psirt.medica.example \
		--cvd-contact mailto:psirt@medica.example --isao H-ISAC --isao-member yes
	expect 0 product add pump --model "MP-7 Infusionspumpe" --pathway PMA --cyber-device yes \
		--version 1 --released 2024-01-10
	expect 0 product add pump --version 2
	python3 - <<'PY'
import json
def sbom(path, ver, names):
    comps = [{"type": "library", "bom-ref": n, "name": n, "version": "1.0",
              "supplier": {"name": "Acme"}, "purl": "pkg:generic/acme/%s@1.0" % n,
              "cpe": "cpe:2.3:a:acme:%s:1.0:*:*:*:*:*:*:*" % n} for n in names]
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open(path, "w"))
sbom("v1.json", "1", ["alpha", "beta", "gamma", "delta", "eps"])
sbom("v2.json", "2", ["alpha", "beta"])
d = json.load(open("v2.json"))  # version 2's SBOM can be named: VEX refs become BOM-Links
d["serialNumber"] = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
d["version"] = 3
d["components"][1]["bom-ref"] = "pkg:generic/acme/beta@1.0?x=1"
json.dump(d, open("v2.json", "w"))
nvd = {"resultsPerPage": 1, "startIndex": 0, "totalResults": 1, "format": "NVD_CVE",
       "version": "2.0", "timestamp": "2026-01-05T00:00:00.000",
       "vulnerabilities": [{"cve": {
           "id": "CVE-2026-10001", "sourceIdentifier": "cve@mitre.org",
           "published": "2026-01-02T10:00:00.000", "lastModified": "2026-01-03T10:00:00.000",
           "vulnStatus": "Analyzed",
           "descriptions": [{"lang": "en", "value": "A heap overflow in alpha before 2.0 allows remote code execution."}],
           "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
               "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                            "baseScore": 9.8, "baseSeverity": "CRITICAL"}}]},
           "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary",
                           "description": [{"lang": "en", "value": "CWE-787"}]}],
           "configurations": [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": [
               {"vulnerable": True, "criteria": "cpe:2.3:a:acme:alpha:*:*:*:*:*:*:*:*",
                "versionEndExcluding": "2.0", "matchCriteriaId": "00000000-0000-0000-0000-000000000001"}]}]}],
           "references": [{"url": "https://acme.example/security/alpha-2026-1", "source": "cve@mitre.org"}]}}]}
json.dump(nvd, open("nvd.json", "w"))
kev = {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.01.05",
       "dateReleased": "2026-01-05T00:00:00.000Z", "count": 1,
       "vulnerabilities": [{"cveID": "CVE-2026-10001", "vendorProject": "Acme", "product": "alpha",
           "vulnerabilityName": "Acme alpha heap overflow", "dateAdded": "2026-01-05",
           "shortDescription": "heap overflow", "requiredAction": "Apply updates.",
           "dueDate": "2026-01-26", "knownRansomwareCampaignUse": "Unknown", "notes": ""}]}
json.dump(kev, open("kev.json", "w"))
PY
	expect 0 sbom import v1.json --product pump --version 1
	expect 0 sbom import v2.json --product pump --version 2
	expect 0 feed import nvd.json kev.json
	for c in beta gamma delta eps; do
		expect 0 tip add --title "Authentication bypass in $c" --received 2026-01-05 \
			--purl "pkg:generic/acme/$c" --affected 'vers:generic/*' --reporter "Zoë Researcher" \
			--cvss 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N'
	done
	expect 0 match
	expect 0 --json findings --product pump
	python3 - "$T/out" >ids.sh <<'PY'
import json, sys
for f in json.load(open(sys.argv[1])):
    print("F_%s_%s=%d; V_%s=%s" % (f["version"], f["component"], f["id"], f["component"], f["vulnerability"]))
PY
	. ./ids.sh
}

mkdir A && cd A && export VEXIL_DB=$T/A/store.db
setup
# statuses of every kind: affected with a fix, affected with controls only, not affected,
# fixed, under investigation (eps stays)
expect 0 triage set "$F_1_alpha" --status affected --severity critical --safety yes \
	--hazard "over-infusion" --fix-distributed 2026-02-01 --adverse-events no
expect 0 triage set "$F_2_alpha" --status affected --severity critical --safety yes \
	--controls "Isolate the pump network (VLAN) and block port 8443"
expect 0 triage set "$F_1_beta" --status not_affected --justification vulnerable_code_not_in_execute_path \
	--impact "The pump never calls the affected login handler."
expect 0 triage set "$F_2_beta" --status not_affected --justification component_not_present
expect 0 triage set "$F_1_gamma" --status fixed --fix-distributed 2026-01-20 --severity minor --safety no
expect 0 triage set "$F_1_delta" --status affected --severity serious --safety yes \
	--action "Update to firmware 1.1 when announced; until then disable remote access."
expect 0 evaluate --as-of 2026-03-01

mkdir adv
expect 0 advisory --product pump --vuln "$V_alpha" -o adv --tracking-id "MEDICA-SA-2026:001"
out_has "adv/medica-sa-2026_001.json: CSAF advisory MEDICA-SA-2026:001 revision 1 (final)"
expect 0 advisory --product pump --vuln "$V_alpha,$V_beta" "$V_gamma" "$V_delta" "$V_eps" -o adv
out_has "VXSA-2026-0001 revision 1"
out_has "5 vulnerabilities"
expect 0 vex --product pump --version 1 -o adv --cvrf
out_has "CSAF VEX VXVEX-2026-0001 revision 1 (final)"
out_has "adv/vxvex-2026-0001.xml: CVRF 1.2 form of VXVEX-2026-0001"
expect 0 vex --product pump --version 2 -o adv
judge adv/*.json
# the judge is real: a document with a product id it never defines is refused (test 6.1.1)
if [ "$have_validator" = 1 ]; then
	python3 -c '
import json; d = json.load(open("adv/vxvex-2026-0001.json"))
d["vulnerabilities"][0]["product_status"]["known_affected"] = ["no-such-product"]
json.dump(d, open("broken.json", "w"))'
	node "$VALIDATE" broken.json >"$T/val" 2>&1 && fail "the validator accepted an undefined product id" ||
		{ grep -q "mandatoryTest_6_1_1" "$T/val" && pass || fail "unexpected validator output: $(head -5 "$T/val")"; }
fi
python3 - adv <<'PY' && pass || fail "CSAF content"
import json, os, sys
d = sys.argv[1]
sa = json.load(open(os.path.join(d, "medica-sa-2026_001.json")))
doc = sa["document"]
assert doc["category"] == "csaf_security_advisory" and doc["csaf_version"] == "2.0"
assert doc["publisher"] == {"category": "vendor", "contact_details": "mailto:psirt@medica.example",
                            "name": "Médica Łódź GmbH", "namespace": "https://psirt.medica.example"}, doc["publisher"]
t = doc["tracking"]
assert t["id"] == "MEDICA-SA-2026:001" and t["version"] == "1" and t["status"] == "final"
assert [r["number"] for r in t["revision_history"]] == ["1"]
assert doc["references"][0]["url"].endswith("/.well-known/csaf/white/2026/medica-sa-2026_001.json")
v = sa["vulnerabilities"][0]
assert v["cve"] == "CVE-2026-10001" and v["cwe"] == {"id": "CWE-787", "name": "Out-of-bounds Write"}, v.get("cwe")
assert v["product_status"]["known_affected"] == ["pump-1:alpha-1.0", "pump-2:alpha-1.0"], v["product_status"]
assert v["scores"][0]["cvss_v3"]["baseScore"] == 9.8 and v["scores"][0]["cvss_v3"]["baseSeverity"] == "CRITICAL"
cats = {r["category"]: r for r in v["remediations"]}
assert cats["vendor_fix"]["product_ids"] == ["pump-1:alpha-1.0"] and cats["vendor_fix"]["date"] == "2026-02-01T00:00:00Z"
assert cats["mitigation"]["details"].startswith("Isolate the pump network") and cats["none_available"]["product_ids"] == ["pump-2:alpha-1.0"]
assert any(th["category"] == "exploit_status" and "Known Exploited" in th["details"] for th in v["threats"])
assert any(n["title"] == "Clinical impact" and "over-infusion" in n["text"] for n in v["notes"])
assert v["references"][0]["url"] == "https://acme.example/security/alpha-2026-1"
rel = sa["product_tree"]["relationships"]
assert {r["product_reference"] for r in rel} == {"alpha-1.0"}
assert {r["relates_to_product_reference"] for r in rel} == {"pump-1", "pump-2"}
comp = sa["product_tree"]["full_product_names"][0]
assert comp["product_identification_helper"] == {"cpe": "cpe:2.3:a:acme:alpha:1.0:*:*:*:*:*:*:*", "purl": "pkg:generic/acme/alpha@1.0"}
# the multi-vulnerability advisory: one entry per vulnerability, tips carry ids and credit
multi = json.load(open(os.path.join(d, "vxsa-2026-0001.json")))
vs = {(x.get("cve") or x["ids"][0]["text"]): x for x in multi["vulnerabilities"]}
assert len(vs) == 5, list(vs)
beta = [x for k, x in vs.items() if x["title"] == "Authentication bypass in beta"][0]
assert beta["acknowledgments"][0]["names"] == ["Zoë Researcher"]
flags = {f["label"]: f["product_ids"] for f in beta["flags"]}
assert flags == {"component_not_present": ["pump-2:beta-1.0"], "vulnerable_code_not_in_execute_path": ["pump-1:beta-1.0"]}, flags
assert "scores" not in beta # both versions not affected: no score (CSAF 6.2.19)
delta = [x for x in vs.values() if x["title"] == "Authentication bypass in delta"][0]
assert delta["scores"][0]["cvss_v3"]["baseScore"] == 8.1 and delta["scores"][0]["products"] == ["pump-1:delta-1.0"]
assert [r["details"] for r in delta["remediations"]] == ["Update to firmware 1.1 when announced; until then disable remote access."]
gamma = [x for x in vs.values() if x["title"] == "Authentication bypass in gamma"][0]
assert gamma["product_status"] == {"fixed": ["pump-1:gamma-1.0"]}
eps = [x for x in vs.values() if x["title"] == "Authentication bypass in eps"][0]
assert eps["product_status"] == {"under_investigation": ["pump-1:eps-1.0"]}
vex = json.load(open(os.path.join(d, "vxvex-2026-0001.json")))
assert vex["document"]["category"] == "csaf_vex" and len(vex["vulnerabilities"]) == 5
PY

# CVRF 1.2: the same advisory as XML, valid against the OASIS CS01 schemas (with the catalog
# that maps their URLs to local copies; no network)
expect 0 advisory --product pump --vuln "$V_alpha,$V_beta" "$V_gamma" "$V_delta" "$V_eps" -o adv --cvrf
out_has "unchanged: no new revision"
out_has "adv/vxsa-2026-0001.xml: CVRF 1.2 form of VXSA-2026-0001"
if have_corpus; then
	S=$VX_CORPUS/cvrf/schemata
	XML_CATALOG_FILES=$S/catalog_1_2.xml xmllint --noout --nonet --schema "$S/cvrf/1.2/cvrf.xsd" \
		adv/vxsa-2026-0001.xml adv/vxvex-2026-0001.xml >"$T/x" 2>&1 && pass ||
		fail "CVRF XSD: $(grep -v 'Skipping import' "$T/x" | head -8)"
fi
python3 - adv <<'PY' && pass || fail "CVRF content"
import sys, xml.etree.ElementTree as ET
ns = {"c": "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/cvrf",
      "p": "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/prod",
      "v": "http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2/vuln"}
r = ET.parse(sys.argv[1] + "/vxsa-2026-0001.xml").getroot()
assert r.find("c:DocumentTracking/c:Identification/c:ID", ns).text == "VXSA-2026-0001"
assert r.find("c:DocumentPublisher", ns).get("Type") == "Vendor"
cpes = {f.get("CPE") for f in r.iter("{%s}FullProductName" % ns["p"]) if f.get("CPE")}
assert "cpe:/a:acme:alpha:1.0" in cpes, cpes
vulns = r.findall("v:Vulnerability", ns)
assert len(vulns) == 5
statuses = {s.get("Type") for v in vulns for s in v.iter("{%s}Status" % ns["v"])}
assert statuses <= {"Known Affected", "Known Not Affected", "Fixed"}, statuses
threats = [t.find("v:Description", ns).text for v in vulns for t in v.iter("{%s}Threat" % ns["v"])]
assert any("vulnerable_code_not_in_execute_path" in t for t in threats)
assert any(t.startswith("Under investigation") for t in threats)
assert any("Known Exploited" in t for t in threats)
rem = {m.get("Type") for v in vulns for m in v.iter("{%s}Remediation" % ns["v"])}
assert rem == {"Vendor Fix", "Mitigation", "None Available"}, rem
PY

# CycloneDX 1.6 VEX: valid against the official schema; BOM-Links when the SBOM has a serial
expect 0 vex --product pump --version 1 --format cyclonedx -o adv
out_has "adv/pump-1.vex.cdx.json: CycloneDX 1.6 VEX of pump 1"
expect 0 vex --product pump --version 2 --format cyclonedx -o adv
expect 0 vex --product pump --version 1 --format openvex -o adv
if have_corpus && python3 -c 'import jsonschema' 2>/dev/null; then
	python3 "$VX_SOURCE_DIR/tools/cdx-validate.py" "$VX_CORPUS/cyclonedx/schema" adv/pump-1.vex.cdx.json \
		adv/pump-2.vex.cdx.json >"$T/cdx" 2>&1 && pass || fail "CycloneDX schema: $(cat "$T/cdx")"
else
	echo "SKIP: CycloneDX schema check (needs ../shared/corpus and python3-jsonschema)" >&2
fi
python3 - adv <<'PY' && pass || fail "CycloneDX / OpenVEX content"
import json, os, sys
d = sys.argv[1]
v1 = json.load(open(os.path.join(d, "pump-1.vex.cdx.json")))
states = {}
for v in v1["vulnerabilities"]:
    for a in v["affects"]:
        states[a["ref"]] = (v["analysis"]["state"], v["analysis"].get("justification"), v["analysis"].get("response"))
assert states["alpha"] == ("exploitable", None, ["update"]), states
assert states["beta"] == ("not_affected", "code_not_reachable", None), states
assert states["gamma"] == ("resolved", None, ["update"]) and states["eps"][0] == "in_triage", states
assert {c["bom-ref"] for c in v1["components"]} == {"alpha", "beta", "gamma", "delta", "eps"}
v2 = json.load(open(os.path.join(d, "pump-2.vex.cdx.json")))
refs = sorted(a["ref"] for v in v2["vulnerabilities"] for a in v["affects"])
assert refs == ["urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/3#alpha",
                "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/3#pkg%3Ageneric%2Facme%2Fbeta%401.0%3Fx%3D1"], refs
assert "components" not in v2
ov = json.load(open(os.path.join(d, "pump-1.openvex.json")))
assert ov["@context"] == "https://openvex.dev/ns/v0.2.0" and ov["author"] == "Médica Łódź GmbH"
st = {s["products"][0]["subcomponents"][0]["@id"]: s for s in ov["statements"]}
b = st["pkg:generic/acme/beta@1.0"]
assert b["status"] == "not_affected" and b["justification"] == "vulnerable_code_not_in_execute_path"
assert b["impact_statement"] == "The pump never calls the affected login handler."
a = st["pkg:generic/acme/alpha@1.0"]
assert a["status"] == "affected" and a["action_statement"]
assert a["products"][0]["@id"] == "https://psirt.medica.example/devices/pump@1"
PY
# the CycloneDX VEX of version 2 (BOM-Links, a percent-encoded bom-ref) is read back by
# triage import as the same findings
expect 0 triage import adv/pump-2.vex.cdx.json --product pump --version 2 --dry-run
out_has "would record 2 triage records"

# re-issue: unchanged content adds no revision; a change adds revision 2; final cannot go draft
expect 0 advisory --product pump --vuln "$V_alpha" -o adv
out_has "unchanged: no new revision"
expect 0 triage set "$F_2_alpha" --fix-distributed 2026-03-10
expect 0 advisory --product pump --vuln "$V_alpha" -o adv --summary "Fix available for version 2"
out_has "MEDICA-SA-2026:001 revision 2 (final)"
python3 -c '
import json; t = json.load(open("adv/medica-sa-2026_001.json"))["document"]["tracking"]
assert [(r["number"], r["summary"]) for r in t["revision_history"]] == [("1", "Initial release"), ("2", "Fix available for version 2")], t
assert t["version"] == "2"' && pass || fail "revision history"
judge adv/medica-sa-2026_001.json
expect 1 advisory --product pump --vuln "$V_alpha" -o adv --status draft
err_has "cannot be a draft"
expect 1 advisory --product pump --vuln "$V_alpha" -o adv --tracking-id OTHER-1
err_has "its tracking id cannot change"
expect 0 audit log --entity "advisory MEDICA-SA-2026:001"
out_has "advisory.issue"

# refusals
expect 1 advisory --product pump --vuln CVE-1999-0001 -o adv
err_has "unknown vulnerability 'CVE-1999-0001'"
expect 2 advisory --product pump --vuln "$V_alpha" --status published
expect 2 advisory --product pump --vuln "$V_alpha" --tlp CLEAR
expect 2 advisory --product pump --vuln "$V_alpha" -o /nonexistent
expect 2 vex --product pump
expect 1 vex --product pump --version 9

# the VEX round trip: a second store with the same SBOMs, feeds and tips but no assessment
# takes the statuses back from the CSAF VEX we wrote
expect 0 --json findings --product pump --version 1
python3 -c 'import json,sys; print(json.dumps(sorted((f["component"], f["vex_status"]) for f in json.load(open(sys.argv[1])))))' "$T/out" >want.json
cd "$T" && mkdir B && cd B && export VEXIL_DB=$T/B/store.db
setup
expect 0 triage import "$T/A/adv/vxvex-2026-0001.json" --product pump --version 1
expect 0 --json findings --product pump --version 1
python3 -c 'import json,sys; print(json.dumps(sorted((f["component"], f["vex_status"]) for f in json.load(open(sys.argv[1])))))' "$T/out" >got.json
cmp -s got.json "$T/A/want.json" && pass || fail "round trip: wrote $(cat "$T/A/want.json"), read back $(cat got.json)"
finish
