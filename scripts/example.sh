#!/usr/bin/env bash
# scripts/example.sh - the main job on the bundled example (examples/): a fresh store in
# out/, the manufacturer profile, two devices with two versions each, their SBOMs, the
# inventory and the FDA SBOM check of every version, then a researcher's report, its triage
# and decision, and the signed dossier out/NIP-200-dossier.pdf, verified. Needs a built
# ./build/vexil.
set -euo pipefail
cd "$(dirname "$0")/.."
V=${VEXIL:-./build/vexil}
E=examples/sboms
mkdir -p out
rm -f out/example.db out/example.db-wal out/example.db-shm
export VEXIL_DB=out/example.db

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

# a researcher's report, its assessment and the rules' decision, then the signed dossier
# (signed with the public TEST ONLY keys in tests/data/sign: use your own for real dossiers)
run tip add --title "Update agent accepts unsigned packages over the clinical network" \
	--received 2026-11-20 --purl pkg:generic/northwind-medical/nip200-update-agent \
	--affected 'vers:generic/>=2.0.0|<3.0.0' --reporter "J. Doe" \
	--cvss 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
run match
run triage set --product NIP-200 --version 2.1 --vuln VX-2026-0001 --status affected \
	--severity critical --safety yes --adverse-events no \
	--hazard "a forged update changes the infusion rate limits" \
	--customers-notified 2026-11-25 --isao-notified 2026-11-25
run evaluate
S=tests/data/sign
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
	echo "the signed dossier is out/NIP-200-dossier.pdf"
else
	echo "example done: 'sbom check' found gaps (shown above, with exit status 1); the store is $VEXIL_DB;"
	echo "the signed dossier is out/NIP-200-dossier.pdf"
fi
