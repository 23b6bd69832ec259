#!/usr/bin/env bash
# scripts/example.sh - the main job on the bundled example (examples/): a fresh store in
# out/, the manufacturer profile, two devices with two versions each, their SBOMs, the
# inventory and the FDA SBOM check of every version, then a researcher's report with its
# triage and decision, the notices, the CSAF advisory (and CVRF), the VEX, the CAPA record,
# the annual report section and the signed dossier out/NIP-200-dossier.pdf, verified. Every
# document lands in out/. Needs a built ./build/vexil.
set -euo pipefail
cd "$(dirname "$0")/.."
V=${VEXIL:-./build/vexil}
E=examples/sboms
mkdir -p out
rm -f out/example.db out/example.db-wal out/example.db-shm out/*.pdf out/*.json out/*.xml out/*.md
export VEXIL_DB=out/example.db
# The example's clock is fixed (2026-11-28 09:00 UTC), so that it tells the same story and
# writes the same documents whenever it runs; SOURCE_DATE_EPOCH=$(date +%s) uses today.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795856400}

run() { echo; echo "\$ vexil $*"; "$V" "$@"; }

run init
run profile set --name "Northwind Medical Systems, Inc." \
	--namespace https://psirt.northwind-medical.example \
	--cvd-contact mailto:psirt@northwind-medical.example \
	--isao "Health-ISAC" --isao-member yes
run product add "NIP-200" --model "Northwind Infusion Pump NIP-200" --pathway 510k \
	--cyber-device yes --version 2.1 --released 2022-05-16
run product add "NIP-200" --version 3.0 --released 2024-02-01
run product add "NPM-500" --model "Northwind Patient Monitor NPM-500" --pathway PMA \
	--cyber-device yes --version 1.2 --released 2020-09-01 --fielded no
run product add "NPM-500" --version 1.4 --released 2023-06-12
run sbom import $E/nip200-2.1.cdx.json --product NIP-200 --version 2.1
run sbom import $E/nip200-3.0.cdx.xml --product NIP-200 --version 3.0
run sbom import $E/npm500-1.2.cdx.json --product NPM-500 --version 1.2 \
	--support $E/npm500-1.2-support.csv
run sbom import $E/npm500-1.4.spdx.json --product NPM-500 --version 1.4
run product list
run sbom show --product NIP-200 --version 3.0
status=0
for pv in "NIP-200 2.1" "NIP-200 3.0" "NPM-500 1.2" "NPM-500 1.4"; do
	set -- $pv
	run sbom check --product "$1" --version "$2" || status=1
done
run sbom diff --product NIP-200 2.1 3.0

# a researcher's report, its assessment and the rules' decision
run tip add --title "Update agent accepts unsigned packages over the clinical network" \
	--received 2026-11-20 --purl pkg:generic/northwind-medical/nip200-update-agent \
	--affected 'vers:generic/>=2.0.0|<3.0.0' --reporter "J. Doe" \
	--cvss 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
run match
run triage set --product NIP-200 --version 2.1 --vuln VX-2026-0001 --status affected \
	--severity critical --safety yes --adverse-events no \
	--hazard "a forged update changes the infusion rate limits" \
	--controls "Disable remote software updates on the pump's network menu"
run evaluate
# disclosure: the notices (issuing them records the dates conditions C2 and C4 read), the
# CSAF advisory and its CVRF form, the VEX of the version
run notice --product NIP-200 --vuln VX-2026-0001 --kind researcher-ack -o out/NIP-200-ack.md
run notice --product NIP-200 --vuln VX-2026-0001 --kind customer -o out/NIP-200-customer-notice.md
run notice --product NIP-200 --vuln VX-2026-0001 --kind isao -o out/NIP-200-isao-notice.md
run evaluate
run advisory --product NIP-200 --vuln VX-2026-0001 --tracking-id NW-SA-2026-001 --cvrf -o out
run vex --product NIP-200 --version 2.1 -o out
run vex --product NIP-200 --version 2.1 --format cyclonedx -o out
# quality: the CAPA record; regulatory: the annual report section and the signed dossier
# (signed with the public TEST ONLY keys in tests/data/sign: use your own for real documents)
run capa set --product NIP-200 --vuln VX-2026-0001 \
	--problem "The update agent accepts unsigned packages" --source "Researcher report (J. Doe)"
run capa action --product NIP-200 --vuln VX-2026-0001 --kind correction \
	--text "Customers disable remote updates (customer notice)" --owner "Field service"
run capa action --product NIP-200 --vuln VX-2026-0001 --kind corrective \
	--text "Verify package signatures in the update agent" --owner "Software engineering" \
	--due 2027-01-15
S=tests/data/sign
run capa render --product NIP-200 --vuln VX-2026-0001 -o out/NIP-200-capa.pdf \
	--sign-key $S/signer.key.pem --sign-cert $S/signer.cert.pem --chain $S/ca.cert.pem
run report annual --product NIP-200 --year 2026 -o out/NIP-200-annual-2026.pdf
run dossier --product NIP-200 -o out/NIP-200-dossier.pdf --sign-key $S/signer.key.pem \
	--sign-cert $S/signer.cert.pem --chain $S/ca.cert.pem
run verify out/NIP-200-dossier.pdf --ca $S/ca.cert.pem
if command -v pdfsig >/dev/null; then
	echo
	echo "\$ pdfsig out/NIP-200-dossier.pdf"
	pdfsig out/NIP-200-dossier.pdf
fi
echo
if [ $status -eq 0 ]; then
	echo "example done: every SBOM has the NTIA minimum elements and FDA support fields;"
	echo "the documents are in out/ (the signed dossier is out/NIP-200-dossier.pdf)"
else
	echo "example done: 'sbom check' found gaps (shown above, with exit status 1); the store is $VEXIL_DB;"
	echo "the documents are in out/ (the signed dossier is out/NIP-200-dossier.pdf)"
fi
