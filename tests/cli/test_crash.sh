#!/usr/bin/env bash
# tests/cli/test_crash.sh - crash consistency: `vexil feed import`, `sbom import`, `evaluate`
# and `dossier` are killed with SIGKILL at random points, 13 times each (52 in all). After
# every kill the store passes PRAGMA integrity_check, the audit chain verifies, the store holds
# either the state before the command or the state after it (never a mix), and no partial
# file sits under the dossier's target name. Then two writers at once neither corrupt nor lose
# data. Kill points are spread over the command's measured run time; RANDOM is seeded so a
# failure can be replayed (VX_CRASH_SEED).
. "$(dirname "$0")/lib.sh"
RANDOM=${VX_CRASH_SEED:-$$}
echo "crash test seed: ${VX_CRASH_SEED:-$$}" >&2
KILLS=${VX_CRASH_KILLS:-13}
cut_feed=0 cut_sbom=0 cut_eval=0 cut_dossier=0
N=1500 # components and matching CVEs

q() { sqlite3 "$VEXIL_DB" "$1"; }
check_store() { # check_store WHAT: integrity and audit chain
	[ "$(q 'PRAGMA integrity_check')" = ok ] && pass || fail "$1: integrity_check: $(q 'PRAGMA integrity_check' | head -3)"
	"$VEXIL" audit verify >/dev/null 2>"$T/aerr" && pass || fail "$1: audit chain: $(head -3 "$T/aerr")"
}
now_ms() { date +%s%3N; }
# killrun MAX_MS CMD...: run vexil, SIGKILL it after a random delay in [0, MAX_MS]
killrun() {
	local max=$1 delay
	shift
	delay=$((RANDOM * RANDOM % (max + 1)))
	"$VEXIL" "$@" >/dev/null 2>&1 &
	local pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	true
}
timed() { # timed CMD...: run vexil fully, print its run time in ms
	local t0
	t0=$(now_ms)
	"$VEXIL" "$@" >/dev/null 2>"$T/terr" || { fail "vexil $* failed: $(tail -3 "$T/terr")"; echo 1000; return; }
	echo $(($(now_ms) - t0))
}

python3 - "$N" <<'PY'
import json, sys
n = int(sys.argv[1])
def sbom(path, ver):
    comps = [{"type": "library", "bom-ref": "c%d" % i, "name": "lib%d" % i, "version": "1.%d" % ver,
              "supplier": {"name": "Acme"}, "purl": "pkg:generic/acme/lib%d@1.%d" % (i, ver),
              "cpe": "cpe:2.3:a:acme:lib%d:1.%d:*:*:*:*:*:*:*" % (i, ver)} for i in range(n)]
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open(path, "w"))
sbom("sbomA.json", 0)
sbom("sbomB.json", 1)
def feed(path, day):
    recs = [{"cve": {"id": "CVE-2026-%05d" % i, "sourceIdentifier": "x",
                     "published": "2026-01-01T00:00:00.000", "lastModified": "2026-02-%02dT00:00:00.000" % day,
                     "vulnStatus": "Analyzed", "descriptions": [{"lang": "en", "value": "flaw %d rev %d" % (i, day)}],
                     "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
                         "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                         "baseScore": 9.8, "baseSeverity": "CRITICAL"}}]},
                     "configurations": [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": [
                         {"vulnerable": True, "criteria": "cpe:2.3:a:acme:lib%d:*:*:*:*:*:*:*:*" % i,
                          "versionEndExcluding": "2.0", "matchCriteriaId": "m%d" % i}]}]}]}} for i in range(n)]
    json.dump({"resultsPerPage": n, "startIndex": 0, "totalResults": n, "format": "NVD_CVE", "version": "2.0",
               "timestamp": "2026-02-%02dT00:00:00.000" % day, "vulnerabilities": recs}, open(path, "w"))
for day in range(1, 28):
    feed("feed%02d.json" % day, day)
PY
expect 0 init
expect 0 profile set --name "Acme" --isao H-ISAC --isao-member yes
expect 0 product add dev --pathway PMA --cyber-device yes --version 1
expect 0 sbom import sbomA.json --product dev --version 1
expect 0 feed import feed01.json
expect 0 match
cp -r "$VX_SOURCE_DIR/lua" rulesA && cp -r "$VX_SOURCE_DIR/lua" rulesB && echo "-- variant B" >>rulesB/20-risk.lua
expect 0 evaluate --rules rulesA

# --- feed import: the records of a file are all there or none --------------------------------
T_FEED=$(timed feed import feed02.json)
for i in $(seq 1 "$KILLS"); do
	day=$(printf '%02d' $((i + 2)))
	killrun $((T_FEED * 11 / 10)) feed import "feed$day.json"
	got=$(q "SELECT count(*) FROM vuln_record WHERE modified LIKE '2026-02-${day}%'")
	{ [ "$got" -eq 0 ] || [ "$got" -eq "$N" ]; } && pass || fail "feed import killed: $got of $N records of feed$day"
	[ "$got" -eq 0 ] && cut_feed=$((cut_feed + 1))
	check_store "feed import kill $i"
done
# --- sbom import: the old inventory or the new one --------------------------------------------
T_SBOM=$(timed sbom import sbomB.json --product dev --version 1)
cur=B
for i in $(seq 1 "$KILLS"); do
	next=$([ $cur = A ] && echo B || echo A)
	before=$(q "SELECT count(*) FROM sbom_document")
	killrun $((T_SBOM * 11 / 10)) sbom import "sbom$next.json" --product dev --version 1
	after=$(q "SELECT count(*) FROM sbom_document")
	ver=$(q "SELECT c.version FROM component c JOIN sbom_document d ON d.id = c.sbom_id WHERE d.superseded_at IS NULL LIMIT 1")
	ncur=$(q "SELECT count(*) FROM component c JOIN sbom_document d ON d.id = c.sbom_id WHERE d.superseded_at IS NULL")
	if [ "$after" -eq "$before" ]; then
		cut_sbom=$((cut_sbom + 1))
		[ "$ver" = "1.$([ $cur = A ] && echo 0 || echo 1)" ] && [ "$ncur" -eq "$N" ] && pass || fail "sbom import killed, old state damaged: $ver $ncur"
	elif [ "$after" -eq $((before + 1)) ]; then
		[ "$ver" = "1.$([ $next = A ] && echo 0 || echo 1)" ] && [ "$ncur" -eq "$N" ] && pass || fail "sbom import killed, new state partial: $ver $ncur"
		cur=$next
	else
		fail "sbom import killed: $before -> $after documents"
	fi
	check_store "sbom import kill $i"
done
expect 0 match
# --- evaluate: every decision of a run or none ------------------------------------------------
T_EVAL=$(timed evaluate --rules rulesB)
rules=B
for i in $(seq 1 "$KILLS"); do
	next=$([ $rules = A ] && echo B || echo A)
	before=$(q "SELECT count(*) FROM decision")
	killrun $((T_EVAL * 11 / 10)) evaluate --rules "rules$next"
	after=$(q "SELECT count(*) FROM decision")
	open=$(q "SELECT count(*) FROM finding WHERE state = 'open'")
	if [ "$after" -eq "$before" ]; then
		cut_eval=$((cut_eval + 1))
		pass
	elif [ "$after" -eq $((before + open)) ]; then
		pass
		rules=$next
	else
		fail "evaluate killed: $before -> $after decisions ($open open findings)"
	fi
	check_store "evaluate kill $i"
done
# --- dossier: a complete PDF under the target name, or nothing --------------------------------
T_DOS=$(timed dossier --product dev -o full.pdf)
for i in $(seq 1 "$KILLS"); do
	rm -f "d$i.pdf"
	killrun $((T_DOS * 11 / 10)) dossier --product dev -o "d$i.pdf" \
		--sign-key "$VX_SOURCE_DIR/tests/data/sign/signer.key.pem" --sign-cert "$VX_SOURCE_DIR/tests/data/sign/signer.cert.pem" \
		--chain "$VX_SOURCE_DIR/tests/data/sign/ca.cert.pem"
	if [ -e "d$i.pdf" ]; then
		"$VEXIL" verify "d$i.pdf" --ca "$VX_SOURCE_DIR/tests/data/sign/ca.cert.pem" >/dev/null 2>&1 && pass ||
			fail "dossier killed: a partial d$i.pdf under the target name"
	else
		cut_dossier=$((cut_dossier + 1))
		pass
	fi
	check_store "dossier kill $i"
done
# the kills did land inside the work, not only before or after it
echo "kills that interrupted the work: feed $cut_feed, sbom $cut_sbom, evaluate $cut_eval, dossier $cut_dossier (of $KILLS each)" >&2
[ $((cut_feed + cut_sbom + cut_eval + cut_dossier)) -ge $((KILLS)) ] && pass || fail "too few kills interrupted anything"
for c in $cut_feed $cut_sbom $cut_eval $cut_dossier; do [ "$c" -ge 1 ] && pass || fail "a command was never interrupted"; done
# every command still runs to the end afterwards
expect 0 feed import feed27.json
expect 0 sbom import sbomA.json --product dev --version 1
expect 0 match
expect 0 evaluate --rules rulesA
expect 0 dossier --product dev -o final.pdf

# --- two writers at once ----------------------------------------------------------------------
python3 - <<'PY'
import json
for k, name in ((0, "w1.json"), (1, "w2.json")):
    recs = [{"cve": {"id": "CVE-2027-%d%04d" % (k, i), "sourceIdentifier": "x", "published": "2026-01-01T00:00:00.000",
                     "lastModified": "2026-01-01T00:00:00.000", "vulnStatus": "Analyzed",
                     "descriptions": [{"lang": "en", "value": "writer %d" % k}]}} for i in range(3000)]
    json.dump({"resultsPerPage": 3000, "startIndex": 0, "totalResults": 3000, "format": "NVD_CVE", "version": "2.0",
               "timestamp": "2026-01-01T00:00:00.000", "vulnerabilities": recs}, open(name, "w"))
PY
expect 0 product add dev --version 2
"$VEXIL" feed import w1.json >w1.out 2>&1 &
p1=$!
"$VEXIL" feed import w2.json >w2.out 2>&1 &
p2=$!
"$VEXIL" sbom import sbomB.json --product dev --version 2 >w3.out 2>&1 &
p3=$!
wait $p1 && wait $p2 && wait $p3 && pass || fail "concurrent writers: $(cat w1.out w2.out w3.out | tail -5)"
[ "$(q "SELECT count(*) FROM vulnerability WHERE vuln_id LIKE 'CVE-2027-%'")" -eq 6000 ] && pass || fail "a concurrent import lost records"
[ "$(q "SELECT count(*) FROM component c JOIN sbom_document d ON d.id = c.sbom_id JOIN product_version v ON v.id = d.version_id WHERE v.version = '2'")" -eq "$N" ] && pass ||
	fail "the concurrent SBOM import lost components"
check_store "concurrent writers"
finish
