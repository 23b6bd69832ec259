#!/usr/bin/env bash
# tests/cli/test_triage.sh - triage set/list/show on the real binary: validation, snapshots
# that carry earlier values, history, --apply-to across versions, and the audit entries.
. "$(dirname "$0")/lib.sh"

sbom() { # sbom FILE VERSION-OF-ZLIB
	printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","bom-ref":"z","name":"zlib","version":"%s","cpe":"cpe:2.3:a:zlib:zlib:%s:*:*:*:*:*:*:*"}]}' "$2" "$2" >"$1"
}
mkfeed() { # a one-CVE NVD record: zlib < 1.2.12
	cat >"$1" <<'JSON'
{"id":"CVE-2018-25032","sourceIdentifier":"cve@mitre.org","published":"2022-03-25T09:15:08.187","lastModified":"2023-01-01T00:00:00.000","vulnStatus":"Analyzed",
 "descriptions":[{"lang":"en","value":"zlib before 1.2.12 allows memory corruption when deflating."}],"references":[],
 "configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*","versionEndExcluding":"1.2.12","matchCriteriaId":"A"}]}]}]}
JSON
}
expect 0 init
expect 0 product add pump --pathway PMA --version 1.0
expect 0 product add pump --version 1.1
expect 0 product add pump --version 2.0
sbom a.json 1.2.11
sbom b.json 1.2.13
expect 0 sbom import a.json --product pump --version 1.0
expect 0 sbom import a.json --product pump --version 1.1
expect 0 sbom import b.json --product pump --version 2.0
mkfeed f.json
expect 0 feed import f.json
expect 0 match
expect 0 --json findings
fid=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([f["id"] for f in d if f["version"]=="1.0"][0])' "$T/out")

expect 1 triage set "$fid" --status not_affected
err_has "not_affected needs a justification"
expect 1 triage set "$fid" --status broken
err_has "status 'broken' is not one of"
expect 1 triage set "$fid" --severity terrible
err_has "severity 'terrible' is not one of"
expect 1 triage set "$fid" --customers-notified 2024-02-30
err_has "is not a date"
expect 2 triage set "$fid" --safety maybe
expect 1 triage set 99999 --status affected
err_has "no finding #99999"
expect 1 triage set --product pump --version 2.0 --vuln CVE-2018-25032 --status affected
err_has "no open finding of CVE-2018-25032 in pump 2.0"

expect 0 --as "Dr. Risk" triage set --product pump --version 1.0 --vuln CVE-2018-25032 --status affected \
	--severity serious --safety yes --hazard "pump stops delivering" --controls "isolate the pump network" \
	--reason "deflate path reachable from the service port"
out_has "finding #$fid"
expect 0 triage set "$fid" --customers-notified 2024-03-01 --apply-to 1.1
out_has "carried to 1 other finding"
expect 0 --json triage show "$fid"
python3 - "$T/out" <<'PY' && pass || fail "triage history"
import json, sys
h = json.load(open(sys.argv[1]))["history"]
assert [t["status"] for t in h] == ["under_investigation", "affected", "affected"], h
last = h[-1]
# the newest record is a complete snapshot: earlier values carried, new ones added
assert last["severity"] == "serious" and last["safety_impact"] is True and last["hazard"] == "pump stops delivering"
assert last["customers_notified"] == "2024-03-01" and last["controls"] == "isolate the pump network"
assert h[1]["assessor"] == "Dr. Risk" and h[1]["reason"].startswith("deflate")
PY
expect 0 --json triage list --version 1.1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d[0]; assert t["status"]=="affected" and t["severity"]=="serious" and t["carried_from"], t' "$T/out" && pass || fail "carried assessment"
expect 0 findings --status affected
out_has "[affected]"
expect 0 --json audit log --entity finding
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); a=[e["action"] for e in d]; assert a.count("triage.set")==2 and a.count("triage.carry")==1, a' "$T/out" && pass || fail "triage audit entries"
expect 0 audit verify
finish
