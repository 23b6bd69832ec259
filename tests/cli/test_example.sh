#!/usr/bin/env bash
# tests/cli/test_example.sh - the README's main job (scripts/example.sh) on the bundled
# example: four SBOMs in three formats import, three versions pass the FDA SBOM check and
# NPM-500 1.2 fails on exactly its one deliberate gap (FatFs without support data); a tip,
# its triage and decision, and a signed dossier that vexil verify and pdfsig accept.
. "$(dirname "$0")/lib.sh"

mkdir "$T/work"
cp -r "$VX_SOURCE_DIR/scripts" "$VX_SOURCE_DIR/examples" "$T/work/"
mkdir -p "$T/work/tests/data" && cp -r "$VX_SOURCE_DIR/tests/data/sign" "$T/work/tests/data/"
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
export VEXIL_DB="$T/work/out/example.db"
expect 0 --json sbom list
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sorted((x["product"],x["version"]) for x in d)==[("NIP-200","2.1"),("NIP-200","3.0"),("NPM-500","1.2"),("NPM-500","1.4")], d' "$T/out" && pass || fail "store content"
finish
