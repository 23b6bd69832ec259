#!/usr/bin/env bash
# tests/cli/test_triage_import.sh - triage import on the real binary: a CSV, a CycloneDX VEX
# (bom-ref, BOM-Link, device ref) and a CSAF VEX (relationships, purl fallback) recorded as
# 'triage set' records them; bad rows and malformed documents change nothing; statements
# that match no open finding are reported and counted.
. "$(dirname "$0")/lib.sh"
D="$VX_SOURCE_DIR/tests/data/vex"

mkfeed() { # a one-CVE NVD record: zlib < 1.2.12
	cat >"$1" <<'JSON'
{"id":"CVE-2018-25032","sourceIdentifier":"cve@mitre.org","published":"2022-03-25T09:15:08.187","lastModified":"2023-01-01T00:00:00.000","vulnStatus":"Analyzed",
 "descriptions":[{"lang":"en","value":"zlib before 1.2.12 allows memory corruption when deflating."}],"references":[],
 "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*","versionEndExcluding":"1.2.12","matchCriteriaId":"A"}]}]}]}
JSON
}
# latest FIELD...: the newest triage record of finding $1 as "k=v k=v" (python repr values)
latest() {
	local fid=$1
	shift
	"$VEXIL" --json triage show "$fid" >"$T/show" || return 1
	python3 - "$T/show" "$@" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["history"][-1]
print(" ".join("%s=%s" % (k, t.get(k)) for k in sys.argv[2:]))
PY
}
# check FINDING 'k=v ...' FIELD...: the newest record of FINDING has exactly these values
check() {
	local fid=$1 want=$2 got
	shift 2
	got=$(latest "$fid" "$@")
	if [ "$got" = "$want" ]; then pass; else fail "finding #$fid: got '$got', expected '$want'"; fi
}
nrecords() { # number of triage records of a finding
	"$VEXIL" --json triage show "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))'
}

expect 0 init
expect 0 product add pump --pathway PMA --version 1.0
expect 0 product add pump --version 1.1
expect 0 sbom import "$D/sbom-pump.cdx.json" --product pump --version 1.0
expect 0 sbom import "$D/sbom-pump.cdx.json" --product pump --version 1.1
mkfeed f.json
expect 0 feed import f.json
expect 0 match
expect 0 --json findings
read -r f10 f11 < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v={f["version"]:f["id"] for f in d}; print(v["1.0"], v["1.1"])' "$T/out")

# --- usage ----------------------------------------------------------------------------------
expect 2 triage import
expect 2 triage import "$D/triage.csv" --product pump
expect 1 triage import "$D/triage.csv" --product pump --version 9.9
expect 1 triage import nonexistent.csv
err_has "nonexistent.csv"

# --- CSV ---------------------------------------------------------------------------------------
before=$(store_state)
expect 0 triage import "$D/triage.csv" --dry-run
out_has "would record 2 triage records"
out_has "nothing was recorded"
[ "$(store_state)" = "$before" ] && pass || fail "--dry-run changed the store"

expect 0 --as "Dr. Risk" triage import "$D/triage.csv"
out_has "finding #$f10: triage record"
out_has "recorded 2 triage records"
err_empty
check "$f10" "status=affected severity=serious safety_impact=True public_exploit=False epss=0.02 customers_notified=2024-03-01 reason=clinical review assessor=Dr. Risk" \
	status severity safety_impact public_exploit epss customers_notified reason assessor
check "$f11" "status=not_affected justification=vulnerable_code_not_in_execute_path impact=deflate is never called reason=imported from triage.csv line 3" \
	status justification impact reason

# by finding id, with values carried from the previous record and product from --product
printf 'FINDING,Hazard,Controls\n#%s,"pump stops, alarm sounds",isolate the pump network\n' "$f10" >ids.csv
expect 0 triage import ids.csv
check "$f10" "status=affected severity=serious hazard=pump stops, alarm sounds controls=isolate the pump network" \
	status severity hazard controls
printf 'vuln,status\nCVE-2018-25032,fixed\n' >defaults.csv
expect 1 triage import defaults.csv
err_has "defaults.csv: line 2: no product and version"

# a bad row: nothing recorded, the error names the file and the line
before=$(store_state)
expect 1 triage import "$D/bad-row.csv"
err_has "bad-row.csv: line 3: status 'broken' is not one of"
[ "$(store_state)" = "$before" ] && pass || fail "a bad CSV row changed the store"
printf 'product,version,vuln,status\npump,1.0,CVE-2018-25032,fixed\npump,1.0,CVE-1999-0001,fixed\n' >nomatch.csv
expect 1 triage import nomatch.csv
err_has "nomatch.csv: line 3: no open finding of CVE-1999-0001 in pump 1.0"
printf 'product,version,vuln,status\npump,1.0,CVE-2018-25032,fixed\npump,1.0,CVE-2018-25032,fixed,extra\n' >wide.csv
expect 1 triage import wide.csv
err_has "wide.csv: line 3: 5 fields, the header has 4"
printf 'product,version,vuln,stauts\n' >typo.csv
expect 1 triage import typo.csv
err_has "typo.csv: line 1: unknown column 'stauts'"
printf 'finding,safety\n%s,maybe\n' "$f10" >bool.csv
expect 1 triage import bool.csv
err_has "bool.csv: line 2: safety: 'maybe' is not yes or no"
[ "$(store_state)" = "$before" ] && pass || fail "refused CSV files changed the store"

# --- CycloneDX VEX -----------------------------------------------------------------------------
expect 2 triage import "$D/cdx-vex.json"
err_has "give --product and --version"
n10=$(nrecords "$f10")
expect 0 triage import "$D/cdx-vex.json" --product pump --version 1.0
out_has "recorded 1 triage record"
out_has "3 statements did not match an open finding"
err_has "vulnerabilities[1].affects[0]: skipped: CVE-2099-0001 'zlib-ref' matches no open finding in pump 1.0"
err_has "vulnerabilities[2].affects[0]: skipped"
err_has "vulnerabilities[2].affects[1]: skipped" # a BOM-Link into another SBOM
[ "$(nrecords "$f10")" = $((n10 + 1)) ] && pass || fail "CycloneDX VEX: expected one new record"
check "$f10" "status=not_affected justification=vulnerable_code_not_in_execute_path impact=The pump firmware never calls deflate(). action=response: will_not_fix, update; Update to zlib 1.2.12 with the next release." \
	status justification impact action
latest "$f10" reason | grep -qF "CycloneDX analysis: not_affected, code_not_reachable" && pass || fail "CycloneDX reason keeps the original values"

# a ref to the device itself covers the vulnerability's findings in the version
expect 0 triage import "$D/cdx-device.json" --product pump --version 1.1
out_has "finding #$f11: triage record"
check "$f11" "status=fixed justification=None impact=fixed in the 1.0.1 field update" status justification impact

before=$(store_state)
expect 1 triage import "$D/cdx-bad-state.json" --product pump --version 1.0
err_has "cdx-bad-state.json: vulnerabilities[2].analysis.state: unknown state 'not_a_state'"
[ "$(store_state)" = "$before" ] && pass || fail "a malformed CycloneDX VEX changed the store"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-2018-25032","analysis":{"state":"not_affected"},"affects":[{"ref":"zlib-ref"}]}]}' >nojust.json
expect 1 triage import nojust.json --product pump --version 1.1
err_has "nojust.json: vulnerabilities[0].affects[0]: not_affected needs a justification"
[ "$(store_state)" = "$before" ] && pass || fail "a refused statement changed the store"

# --- CSAF VEX -----------------------------------------------------------------------------------
expect 0 --json triage import "$D/csaf-vex.json"
python3 - "$T/out" "$f10" "$f11" <<'PY' && pass || fail "CSAF import summary"
import json, sys
d = json.load(open(sys.argv[1]))
f10, f11 = int(sys.argv[2]), int(sys.argv[3])
assert d["format"] == "CSAF VEX" and d["statements"] == 4, d
assert sorted(r["finding"] for r in d["recorded"]) == [f10, f11], d["recorded"]
assert [s["ref"] for s in d["skipped"]] == ["PUMP-1.0", "LIBPNG-IN-PUMP-1.1"], d["skipped"]
PY
check "$f10" "status=affected justification=None action=vendor_fix: Install pump firmware 1.1.; mitigation: Isolate the pump network." \
	status justification action
check "$f11" "status=not_affected justification=vulnerable_code_not_in_execute_path impact=deflate() is not reachable in 1.1." \
	status justification impact
# with --product/--version, statements about other versions are skipped
expect 0 triage import "$D/csaf-vex.json" --product pump --version 1.1
out_has "3 statements did not match an open finding"
err_has "'ZLIB-IN-PUMP-1.0' is about pump 1.0, not pump 1.1"
# fallback: the product's purl against the version's SBOM (which has qualifiers)
expect 0 triage import "$D/csaf-purl.json" --product pump --version 1.0
out_has "finding #$f10: triage record"
out_has "1 statement did not match an open finding"
err_has "'CSAFPID-0003' names no component"
check "$f10" "status=affected action=none_available: No fix from upstream yet." status action
# the corpus: a real CSAF VEX whose product is not in this store: reported, not an error
if have_corpus; then
	expect 0 triage import "$VX_CORPUS/spdx/other/openvex-vexctl/csaf.json" --product pump --version 1.0
	out_has "1 statement did not match an open finding"
	expect 1 triage import "$VX_CORPUS/spdx/other/openvex-vexctl/openvex.json"
	err_has "OpenVEX is not supported"
fi

before=$(store_state)
expect 1 triage import "$D/csaf-undefined.json" --product pump --version 1.0
err_has "csaf-undefined.json: vulnerabilities[0].product_status.fixed[0]: product id 'NOPE' is not defined"
[ "$(store_state)" = "$before" ] && pass || fail "a malformed CSAF document changed the store"
printf '{"document": {"csaf_version": "2.0"}, "vulnerabilities": [{"cve": "CVE-2018-25032",' >trunc.json
expect 1 triage import trunc.json
err_has "trunc.json: line 1"

# --- the audit trail -------------------------------------------------------------------------------
expect 0 --json audit log --entity finding
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); a=[e["action"] for e in d]; assert a.count("triage.set")==9, a' "$T/out" && pass || fail "one audit entry per imported record"
expect 0 audit verify
finish
