#!/usr/bin/env bash
# tests/cli/test_capa.sh - vexil capa: the ISO 13485 8.5.2 record of a vulnerability in a
# device; closing only when complete; actions, approvals and every change on the audit trail;
# rendered as a signed PDF (pdfsig, qpdf, pdftotext judge it) and as JSON; the dossier cites it.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1768435200 # 2026-01-15
D=$VX_SOURCE_DIR/tests/data/sign

expect 0 init
expect 0 profile set --name "Médica Łódź GmbH" --isao H-ISAC --isao-member yes
expect 0 product add pump --model MP-7 --pathway PMA --cyber-device yes --version 1
python3 -c '
import json
comps = [{"type": "firmware", "bom-ref": "port", "name": "port", "version": "1.0", "purl": "pkg:generic/acme/port@1.0"}]
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open("s.json", "w"))'
expect 0 sbom import s.json --product pump --version 1
expect 0 tip add --title "Open debug port" --received 2026-01-05 --purl pkg:generic/acme/port \
	--affected 'vers:generic/*' --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
expect 0 match
expect 0 --json findings
F=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
V=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["vulnerability"])' "$T/out")
expect 0 triage set "$F" --status affected --severity critical --safety yes --adverse-events no \
	--hazard "unauthorised firmware changes the dose limits"
expect 0 evaluate --as-of 2026-01-15

C="--product pump --vuln $V"
expect 0 capa set $C --problem "Debug port accepts unsigned firmware" --source "Researcher report of 2026-01-05"
out_has "CAPA-2026-001 opened for $V in pump [open]"
expect 0 capa action $C --kind correction --text "Disable the debug service in the field (Łódź clinic first)" \
	--owner "R. Field" --due 2026-01-20
out_has "action 1 (correction) added"
expect 0 capa action $C --kind corrective --text "Remove the debug service from the firmware build" \
	--owner "E. Engineer" --due 2026-02-28
expect 0 capa action $C --kind preventive --text "Release checklist: no debug services" --owner "Q. Lead"
# closing needs the whole record
expect 1 capa set $C --status closed
err_has "cannot be closed without the root cause"
expect 0 capa set $C --investigation "Port 2323 left enabled by the release build" \
	--root-cause "Build profile did not strip debug services" \
	--timeline-rationale "Field correction within 5 days; firmware fix within the 60-day window"
expect 1 capa set $C --status closed
err_has "without the verification"
expect 0 capa set $C --verification "Regression suite and hazard analysis re-run: no new hazard" \
	--verified-by "V. Verifier" --verified-on 2026-02-20 \
	--effectiveness-criteria "No unit answers on port 2323 in the 90-day field scan" \
	--effectiveness-result "0 of 412 units answer" --effectiveness-checked 2026-05-20
expect 1 capa set $C --status closed
err_has "without an approval"
expect 0 capa approve $C --name "Q. Manager" --role "Quality management representative"
expect 1 capa set $C --status closed
err_has "without every action done"
for n in 1 2 3; do expect 0 capa done $C --action $n --date 2026-02-2$n; done
expect 0 capa set $C --status closed
out_has "[closed]"
expect 1 capa action $C --kind corrective --text "late" --owner x
err_has "is closed"
# refusals
expect 1 capa action $C --kind remedy --text x --owner y
expect 1 capa set $C --verified-on 2026-13-45
err_has "is not a date"
expect 1 capa set --product pump --vuln CVE-1999-0001 --problem x
err_has "has no finding in pump"
expect 1 capa show --product pump --vuln CVE-1999-0001
err_has "no CAPA record"
expect 1 capa done $C --action 9
err_has "has no action 9"

# every change audited, with before and after
expect 0 --json audit log --entity "capa CAPA-2026-001"
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
acts = [x["action"] for x in e]
assert acts[0] == "capa.open" and acts.count("capa.action") == 6 and "capa.approve" in acts, acts
last = e[-1]["after"] if isinstance(e[-1]["after"], dict) else json.loads(e[-1]["after"])
assert last["status"] == "closed" and last["closed_at"]' "$T/out" && pass || fail "audit trail of the CAPA"
expect 0 audit verify

# JSON and signed PDF
expect 0 capa render $C -o capa.json
python3 -c '
import json, sys
d = json.load(open("capa.json"))
c = d["capa"]
assert c["number"] == "CAPA-2026-001" and c["status"] == "closed"
assert [a["kind"] for a in c["actions"]] == ["correction", "corrective", "preventive"]
assert all(a["done_at"] for a in c["actions"]) and c["approvals"][0]["role"] == "Quality management representative"
r = d["risk_determination"][0]
assert r["risk"] == "uncontrolled" and r["severity"] == "critical" and r["vex_status"] == "affected", r' && pass ||
	fail "capa.json"
expect 0 capa render $C -o capa.pdf --sign-key "$D/signer.key.pem" --sign-cert "$D/signer.cert.pem" \
	--chain "$D/ca.cert.pem" --pades
out_has "signed and verified"
if command -v pdfsig >/dev/null; then
	pdfsig capa.pdf >ps.txt 2>&1
	grep -q "Signature is Valid." ps.txt && grep -q "Total document signed" ps.txt && pass ||
		fail "pdfsig capa.pdf: $(cat ps.txt)"
	qpdf --check capa.pdf >/dev/null 2>&1 && pass || fail "qpdf --check capa.pdf"
	pdftotext capa.pdf - 2>/dev/null | tr -s ' \n' '  ' >capa.txt # words, whatever the wrapping
	for s in "CAPA record CAPA-2026-001" "1 Problem and its source" "Debug port accepts unsigned firmware" \
		"2 Investigation and root cause" "Build profile did not strip debug services" \
		"3 Risk determination" "uncontrolled" "4 Correction, corrective and preventive actions" \
		"Łódź clinic first" "5 Timeline rationale" "6 Verification" "V. Verifier" \
		"7 Effectiveness" "0 of 412 units answer" "8 Approvals" "Q. Manager" "9 History" "capa.approve"; do
		grep -qF -- "$s" capa.txt && pass || fail "capa.pdf lacks '$s'"
	done
fi
expect 0 verify capa.pdf --ca "$D/ca.cert.pem"
expect 2 capa render $C -o capa.docx
expect 2 capa render $C -o capa.json --sign-key "$D/signer.key.pem" --sign-cert "$D/signer.cert.pem"

# the dossier cites the record
expect 0 dossier --product pump -o d.pdf
if command -v pdftotext >/dev/null; then
	pdftotext d.pdf - 2>/dev/null | grep -q "CAPA-2026-001 (closed)" && pass || fail "dossier does not cite the CAPA"
fi
expect 2 capa
expect 2 capa frobnicate $C
finish
