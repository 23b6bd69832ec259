#!/usr/bin/env bash
# tests/cli/test_notice.sh - vexil notice: the customer notice for an uncontrolled risk holds
# FDA's four elements and the ISO/IEC 29147 advisory elements; issuing it records the
# customers-notified date that condition C2 reads (and the ISAO notice C4's); --draft
# records nothing; txt and pdf forms; the wording comes from editable Lua templates, whose
# errors name file and line and which cannot hang vexil.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1768435200 # 2026-01-15, ten days after t0

expect 0 init
expect 0 profile set --name "Médica Łódź GmbH" --namespace https://psirt.medica.example \
	--cvd-contact mailto:psirt@medica.example --isao H-ISAC --isao-member yes
expect 0 product add pump --model "MP-7" --pathway PMA --cyber-device yes --version 1
python3 -c '
import json
comps = [{"type": "firmware", "bom-ref": n, "name": n, "version": "1.0", "purl": "pkg:generic/acme/%s@1.0" % n} for n in ("port", "ok")]
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open("s.json", "w"))'
expect 0 sbom import s.json --product pump --version 1
expect 0 tip add --title "Open debug port accepts unsigned firmware" --received 2026-01-05 \
	--purl pkg:generic/acme/port --affected 'vers:generic/*' --reporter "Zoë Researcher" \
	--cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
expect 0 match
expect 0 --json findings
F=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
V=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["vulnerability"])' "$T/out")
expect 0 triage set "$F" --status affected --severity critical --safety yes --adverse-events no \
	--hazard "unauthorised firmware changes the dose limits" \
	--controls "Block TCP port 2323 at the clinical network firewall"
expect 0 evaluate --as-of 2026-01-15
c2() { # c2: the state of condition C2 in the newest decision
	"$VEXIL" --json triage show "$F" | python3 -c '
import json, sys
d = json.load(sys.stdin)["decisions"][-1]
print([c["state"] for c in json.loads(d["conditions"]) if c["id"] == "C2"][0] if isinstance(d["conditions"], str)
      else [c["state"] for c in d["conditions"] if c["id"] == "C2"][0], d["risk"])'
}
[ "$(c2)" = "pending uncontrolled" ] && pass || fail "before the notice: C2/risk is '$(c2)'"

# a draft: the file, and nothing recorded
before=$(store_state)
expect 0 notice --product pump --vuln "$V" --kind customer --draft -o draft.md
out_has "draft: nothing recorded"
[ "$(store_state)" = "$before" ] && pass || fail "--draft changed the store"

# the customer notice: FDA's four elements (guidance VII.B, condition 2) and ISO/IEC 29147's
expect 0 notice --product pump --vuln "$V" --kind customer
out_has "recorded: customers notified 2026-01-15 on 1 finding"
N=notice-customer-pump-$V.md
for s in "## The vulnerability and its impact" "the risk of patient harm is uncontrolled" \
	"unauthorised firmware changes the dose limits" \
	"## What we are doing" "working to address the risk of patient harm" \
	"## What you can do now" "Block TCP port 2323 at the clinical network firewall" \
	"## Remediation" "will announce its availability" \
	"**Identifier:** $V" "## Affected products" "MP-7" "CVSS 3.1 base score 9.8 (CRITICAL)" \
	"## Credit" "Zoë Researcher" "## Contact" "mailto:psirt@medica.example" "## Revision history" \
	"Médica Łódź GmbH"; do
	grep -qF -- "$s" "$N" && pass || fail "customer notice lacks '$s'"
done
cmp -s "$N" draft.md && pass || fail "the draft and the issued notice differ"
# C2 is met now that customers were told within 30 days
expect 0 evaluate --as-of 2026-01-15
[ "$(c2)" = "met uncontrolled" ] && pass || fail "after the notice: C2/risk is '$(c2)'"
expect 0 audit log --entity "vulnerability $V"
out_has "notice.issue"
# a second notice keeps the first date (the earliest notification is what C2 needs)
SOURCE_DATE_EPOCH=1769000000 expect 0 notice --product pump --vuln "$V" --kind customer -o again.md
out_has "on 0 findings"

# ISAO notice: the date condition C4 reads
expect 0 notice --product pump --vuln "$V" --kind isao --format txt
out_has "recorded: ISAO notified 2026-01-15 on 1 finding"
T2=notice-isao-pump-$V.txt
grep -q "Customers were notified on 2026-01-15" "$T2" && pass || fail "ISAO notice: $(head -20 "$T2")"
grep -qF "**" "$T2" && fail "markdown left in the txt form" || pass
grep -q "^=====" "$T2" && pass || fail "txt: title not underlined"
expect 0 --json triage show "$F"
python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["history"][-1]; assert h["isao_notified"]=="2026-01-15" and h["customers_notified"]=="2026-01-15", h' "$T/out" && pass || fail "triage dates"

# researcher acknowledgement, as PDF
expect 0 notice --product pump --vuln "$V" --kind researcher-ack --format pdf -o ack.pdf
out_has "recorded on the audit trail"
if command -v pdftotext >/dev/null; then
	pdftotext ack.pdf - 2>/dev/null | grep -q "Dear Zoë Researcher" && pass || fail "ack.pdf text"
	qpdf --check ack.pdf >/dev/null 2>&1 && pass || fail "qpdf --check ack.pdf"
fi

# the wording is the template's: staff edit it, no recompiling
mkdir tpl && cp "$VX_SOURCE_DIR"/templates/*.lua tpl/
sed -i 's/## What we are doing/## Our actions (edited wording)/' tpl/customer.lua
expect 0 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o edited.md
grep -q "## Our actions (edited wording)" edited.md && pass || fail "edited template not used"
# template errors name the file and line; a runaway template is stopped
printf 'function notice(n)\n  return { title = "x", body = n.nope.deeper }\nend\n' >tpl/customer.lua
expect 1 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o x.md
err_has "templates/customer.lua:2"
printf 'function notice(n) while true do end end\n' >tpl/customer.lua
expect 1 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o x.md
err_has "budget"
printf 'function notice(n) return { title = "x" } end\n' >tpl/customer.lua
expect 1 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o x.md
err_has "must return { title = ..., body = ... }"
printf 'os.execute("touch pwned")\n' >tpl/customer.lua
expect 1 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o x.md
[ ! -e pwned ] && pass || fail "a template ran a command"
rm tpl/customer.lua
expect 1 notice --product pump --vuln "$V" --kind customer --templates tpl --draft -o x.md
err_has "no template for 'customer' notices"
[ ! -e x.md ] && pass || fail "a failed notice left a file"

# refusals
expect 2 notice --product pump --vuln "$V" --kind press-release
expect 2 notice --product pump --vuln "$V" --kind customer --format docx
expect 1 notice --product pump --vuln CVE-1999-0001 --kind customer
err_has "unknown vulnerability"
finish
