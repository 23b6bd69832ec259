#!/usr/bin/env bash
# tests/cli/test_report.sh - vexil report annual: the PMA annual report's cybersecurity
# section has one entry per change or compensating control in the year (and nothing else),
# each with the items of FDA's 2016 guidance section VIII, and the plan metrics over them.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1768435200 # 2026-01-15

expect 0 init
expect 0 profile set --name "Médica GmbH" --namespace https://psirt.medica.example \
	--isao H-ISAC --isao-member yes
expect 0 product add pump --model "MP-7" --pathway PMA --cyber-device yes --version 1 --udi-di 04012345678901
expect 0 product add meter --pathway 510k --version 1
python3 -c '
import json
def sbom(p, names):
    comps = [{"type": "library", "bom-ref": n, "name": n, "version": "1.0", "purl": "pkg:generic/acme/%s@1.0" % n} for n in names]
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open(p, "w"))
sbom("p.json", ["fixme", "guard", "idle", "old"]); sbom("m.json", ["fixme"])'
expect 0 sbom import p.json --product pump --version 1
expect 0 sbom import m.json --product meter --version 1
for c in fixme guard idle old; do
	expect 0 tip add --title "Flaw in $c" --received 2026-01-05 --purl "pkg:generic/acme/$c" \
		--affected 'vers:generic/*' --reporter "Zoë R." --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
done
expect 0 match
expect 0 --json findings --product pump
python3 - "$T/out" >ids.sh <<'PY'
import json, sys
for f in json.load(open(sys.argv[1])):
    print("F_%s=%d; V_%s=%s" % (f["component"], f["id"], f["component"], f["vulnerability"]))
PY
. ./ids.sh
# a change (fix distributed and deployed in 2026), a compensating control (2026), nothing
# (idle), and a fix from 2025 (old)
expect 0 triage set "$F_fixme" --status affected --severity critical --safety yes --adverse-events no \
	--fix-distributed 2026-02-01 --fix-deployed 2026-03-01 --customers-notified 2026-01-10 \
	--isao-notified 2026-01-11 --action "Install firmware 1.1"
expect 0 triage set "$F_guard" --status affected --severity serious --safety yes --adverse-events no \
	--controls "Block port 2323 at the firewall"
expect 0 triage set "$F_old" --status fixed --fix-distributed 2025-11-01
expect 0 evaluate --as-of 2026-03-01
expect 0 advisory --product pump --vuln "$V_fixme" -o .
expect 0 notice --product pump --vuln "$V_fixme" --kind customer -o n.md

expect 0 report annual --product pump --year 2026 -o a.json
out_has "2 entries"
python3 - a.json "$V_fixme" "$V_guard" <<'PY' && pass || fail "annual JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["year"] == 2026 and d["pathway"] == "PMA"
e = {x["vulnerability"]: x for x in d["entries"]}
assert set(e) == {sys.argv[2], sys.argv[3]}, list(e)
f = e[sys.argv[2]]
assert f["change"] == "validated fix distributed 2026-02-01; deployed in the field 2026-03-01 (Install firmware 1.1)", f["change"]
assert f["how_learned"].startswith("reported by Zoë R., received 2026-01-05")
assert f["udi_di"] == "04012345678901" and f["other_devices"] == "meter 1"
assert f["advisories"].startswith("VXSA-2026-0001 revision 1 (final")
assert "customer notice 2026-01-15 (n.md)" in f["customer_notifications"], f["customer_notifications"]
assert f["isao"] == "H-ISAC, notified 2026-01-11"
assert f["risk"] in ("controlled", "uncontrolled") and f["rationale"]
assert "21 CFR 806" in f["related_submissions"] and "814.39" in f["related_submissions"]
g = e[sys.argv[3]]
assert g["change"] is None and g["compensating_controls"].startswith("Block port 2323 at the firewall (recorded 2026-01-15")
m = d["plan_metrics"]
# fixme: 2026-01-05 -> 02-01 = 27 days, deployed 28 days later; guard: affected, no fix
assert m == {"share_patched": "50% (1 of 2)", "mean_days_identification_to_patch": "27.0 days (1 patched)",
             "mean_days_patch_to_deployment": "28.0 days (1 deployed)"}, m
PY
expect 0 report annual --product pump --year 2025 -o a2025.json
out_has "1 entry"
expect 0 report annual --product pump --year 2024 -o a2024.pdf
out_has "0 entries"
if command -v pdftotext >/dev/null; then
	pdftotext a2024.pdf - 2>/dev/null | grep -q "none: no cybersecurity change or compensating control" && pass ||
		fail "empty year: no 'none'"
fi
expect 0 report annual --product pump --year 2026 -o a.pdf
if command -v pdftotext >/dev/null; then
	pdftotext a.pdf - 2>/dev/null | tr -s ' \n' '  ' >a.txt
	for s in "PMA annual report 2026: cybersecurity section" "Plan metrics" "50% (1 of 2)" \
		"How learned" "Risk conclusion" "Other devices affected" "04012345678901" \
		"Customer notifications" "H-ISAC, notified 2026-01-11" "Related submissions" "Block port 2323"; do
		grep -qF -- "$s" a.txt && pass || fail "annual PDF lacks '$s'"
	done
	qpdf --check a.pdf >/dev/null 2>&1 && pass || fail "qpdf --check a.pdf"
fi
expect 0 report annual --product meter --year 2026 -o m.json
out_has "not on the PMA pathway"
expect 2 report annual --product pump --year 26 -o x.json
expect 2 report annual --product pump --year 2026 -o x.docx
expect 2 report quarterly --product pump
expect 1 report annual --product nosuch --year 2026 -o x.json
err_has "unknown product"
finish
