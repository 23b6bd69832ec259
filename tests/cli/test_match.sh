#!/usr/bin/env bash
# tests/cli/test_match.sh - feed import, match and findings on the real binary: the real NVD,
# KEV and OSV records of ../shared/corpus against SBOMs built here with versions inside and
# outside the published ranges; idempotent imports; bad feeds change nothing; findings are
# closed (never deleted) when a component leaves the SBOM, and reopened when it returns.
. "$(dirname "$0")/lib.sh"
have_corpus || { finish; exit; }
C=$VX_CORPUS

sbom() { # sbom FILE NAME... : a CycloneDX SBOM whose components are "name|version|cpe|purl"
	local out=$1
	shift
	python3 - "$out" "$@" <<'PY'
import json, sys
comps, deps = [], []
for i, spec in enumerate(sys.argv[2:]):
    name, version, cpe, purl = (spec.split("|") + ["", "", ""])[:4]
    c = {"type": "library", "bom-ref": "c%d" % i, "name": name, "version": version,
         "supplier": {"name": "test"}}
    if cpe: c["cpe"] = cpe
    if purl: c["purl"] = purl
    comps.append(c)
    deps.append({"ref": "c%d" % i, "dependsOn": []})
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6",
           "metadata": {"timestamp": "2024-01-01T00:00:00Z", "authors": [{"name": "t"}]},
           "components": comps, "dependencies": deps}, open(sys.argv[1], "w"))
PY
}

expect 0 init
expect 0 product add dev --pathway PMA --version old
expect 0 product add dev --version new
sbom old.json "openssl|1.0.1f|cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*" \
	"log4j-core|2.14.1|cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*|pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" \
	"zlib|1.2.11|cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*" \
	"mystery-openssl|1.0.1f"
sbom new.json "openssl|1.0.1g|cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*" \
	"log4j-core|2.17.1|cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*|pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1" \
	"zlib|1.2.13|cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*"
expect 0 sbom import old.json --product dev --version old
expect 0 sbom import new.json --product dev --version new

# feeds: NVD per-CVE files (a directory), the KEV catalog, OSV records
expect 0 feed import "$C/nvd"
[ "$(grep -c ': NVD CVE API 2.0, 1 records: 1 added' "$T/out")" -eq 30 ] && pass || fail "30 NVD records added: $(head -3 "$T/out")"
expect 0 --json feed import "$C/kev/known_exploited_vulnerabilities.json"
# the file's SHA-256, computed while it streams past, is the file's
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["sha256"])' "$T/out")" = \
	"$(sha256sum "$C/kev/known_exploited_vulnerabilities.json" | cut -d' ' -f1)" ] && pass || fail "feed sha256"
gzip -c "$C/nvd/CVE-2014-0160.json" >hb.json.gz
expect 0 --json feed import hb.json.gz
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["sha256"])' "$T/out")" = \
	"$(sha256sum hb.json.gz | cut -d' ' -f1)" ] && pass || fail "gzip feed sha256"
expect 0 feed import "$C/osv/github-advisory-database"
s0=$(store_state)
# idempotent: the same files again change no record
expect 0 --json feed import "$C/nvd"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==30 and all(x["unchanged"]==1 and x["added"]==0 for x in d), d[:2]' "$T/out" && pass || fail "re-import not idempotent"

# a bad feed imports nothing and says where
s1=$(store_state)
head -c 3000 "$C/nvd/CVE-2021-44228.json" >trunc.json
expect 1 feed import trunc.json
err_has "vexil: feed import: trunc.json: "
[ "$(store_state)" = "$s1" ] && pass || fail "truncated feed changed the store"
printf '{"hello": 1}' >notfeed.json
expect 1 feed import notfeed.json
err_has "notfeed.json"
[ "$(store_state)" = "$s1" ] && pass || fail "non-feed changed the store"

# match
expect 0 match
out_has "dev old"
out_has "dev new"
expect 0 --json findings --product dev --version old
python3 - "$T/out" <<'PY' && pass || fail "findings for the old version"
import json, sys
d = json.load(open(sys.argv[1]))
got = {(f["vulnerability"], f["component"]) for f in d}
for want in [("CVE-2014-0160", "openssl"), ("CVE-2021-44228", "log4j-core"),
             ("CVE-2018-25032", "zlib"), ("CVE-2022-37434", "zlib")]:
    assert want in got, (want, sorted(got))
assert not any(c == "mystery-openssl" for _, c in got), "name-only component matched"
log4j = [f for f in d if f["vulnerability"] == "CVE-2021-44228"][0]
assert log4j["kev"] is True and log4j["kev_due"] == "2021-12-24", log4j
assert log4j["vex_status"] == "under_investigation" and log4j["state"] == "open"
srcs = sorted(e.split(":")[0] for e in log4j["evidence"])
assert srcs == ["nvd", "osv"], log4j["evidence"]   # one finding, both pieces of evidence
hb = [f for f in d if f["vulnerability"] == "CVE-2014-0160"][0]
assert hb["cvss"] == 7.5 and "cpe:2.3:a:openssl:openssl" in hb["evidence"][0], hb
PY
expect 0 --json findings --product dev --version new
python3 - "$T/out" <<'PY' && pass || fail "fixed versions must not match"
import json, sys
d = json.load(open(sys.argv[1]))
bad = [(f["vulnerability"], f["component"], f["component_version"]) for f in d
       if f["vulnerability"] in ("CVE-2014-0160", "CVE-2021-44228", "CVE-2018-25032", "CVE-2022-37434")]
assert not bad, bad
PY
expect 0 findings --kev --product dev
out_has "KEV (due 2021-12-24)"

# the same match again opens nothing
expect 0 match --product dev --version old
out_has "0 new"
out_has "0 closed"

# the component leaves the SBOM: its findings close with the reason; it returns: reopened
sbom old2.json "openssl|1.0.1f|cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*" \
	"log4j-core|2.14.1|cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*|pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
expect 0 sbom import old2.json --product dev --version old
expect 0 match --product dev --version old
out_has "2 closed"
expect 0 --json findings --product dev --version old --all --vuln CVE-2018-25032
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d[0]; assert f["state"]=="closed" and "no longer in the SBOM" in f["close_reason"], f' "$T/out" && pass || fail "closed with reason"
expect 0 sbom import old.json --product dev --version old
expect 0 match --product dev --version old
out_has "2 reopened"

# a researcher tip without a CVE: matched by purl, t0 = the received date
sbom fw.json "acme-fw|2.4.0||pkg:generic/acme/fw@2.4.0"
expect 0 product add dev --version fw
expect 0 sbom import fw.json --product dev --version fw
expect 0 tip add --title "Debug port left open" --received 2026-10-01 --purl pkg:generic/acme/fw \
	--affected 'vers:generic/>=2.0.0|<2.4.1' --reporter "A. Researcher"
out_has "recorded tip VX-2026-0001"
expect 2 tip add --title x --received 2026-10-01 --purl pkg:generic/acme/fw
expect 1 tip add --title x --received 2026-10-01 --purl pkg:generic/acme/fw@1 --affected 'vers:generic/*'
err_has "names the package, not a version"
expect 0 match --product dev --version fw
out_has "1 new"
expect 0 --json findings --vuln VX-2026-0001
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d[0]; assert f["t0"].startswith("2026-10-01") and f["component_version"]=="2.4.0", f' "$T/out" && pass || fail "tip finding and t0"

# a tip given as a CPE: stored as a configuration, matched by CPE and bounds, source "tip"
sbom cpefw.json "acme-os|3.1|cpe:2.3:o:acme:acme_os:3.1:*:*:*:*:*:*:*" \
	"acme-os-old|1.5|cpe:2.3:o:acme:acme_os:1.5:*:*:*:*:*:*:*"
expect 0 product add dev --version cpefw
expect 0 sbom import cpefw.json --product dev --version cpefw
expect 0 tip add --title "Auth bypass in acme_os" --received 2026-09-15 \
	--cpe 'cpe:2.3:o:acme:acme_os:*:*:*:*:*:*:*:*' --affected 'vers:generic/>=2.0|<3.2' --id VX-2026-0042
expect 0 match --product dev --version cpefw
expect 0 --json findings --vuln VX-2026-0042
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [(f["component"], f["evidence"][0].split(":")[0]) for f in d]==[("acme-os","tip")], d' "$T/out" && pass || fail "CPE tip"
expect 1 tip add --title x --received 2026-09-15 --cpe 'cpe:2.3:o:acme:acme_os:*:*:*:*:*:*:*:*' --affected 'vers:generic/!=1.0'
err_has "cannot be written as version bounds"

# releases that NVD splits into version and update (2.0:beta9, 8.5:p1) match when the SBOM
# writes them as one version
sbom split.json "log4j|2.0-beta9|cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*" \
	"openssh|8.5p1|cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"
expect 0 product add dev --version split
expect 0 sbom import split.json --product dev --version split
expect 0 match --product dev --version split
expect 0 --json findings --product dev --version split
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); got={(f["vulnerability"],f["component"]) for f in d}; assert ("CVE-2021-44228","log4j") in got and ("CVE-2024-6387","openssh") in got, got' "$T/out" && pass || fail "split version/update"

# identifiers explain a match
expect 0 id vers 'vers:generic/>=2.0.0|<2.4.1' --contains 2.4.1
out_has "2.4.1 is not in the range"
finish
