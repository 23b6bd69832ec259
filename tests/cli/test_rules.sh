#!/usr/bin/env bash
# tests/cli/test_rules.sh - the default rules (lua/) against the FDA 2016 postmarket
# guidance's own examples and the edges of its clocks, evaluated by the real binary:
# controlled / uncontrolled, Part 806 with C1-C4 met, pending or failed, Part 803, the PMA
# annual report, confidentiality-only, KEV; a changed matrix changes the decision; a rule
# error is reported with its file and line and the evaluation is marked failed.
. "$(dirname "$0")/lib.sh"

# One component per scenario, each hit by its own researcher tip received on 2026-01-05
# (a Monday): t0 = 2026-01-05, so C2 is due 2026-02-04, C3 2026-03-06, Part 806 2026-01-19.
expect 0 init
expect 0 profile set --name "Acme Medical" --isao H-ISAC --isao-member yes
expect 0 product add pump --pathway PMA --cyber-device yes --version 1
expect 0 product add meter --pathway 510k --version 1
python3 - <<'PY'
import json
def sbom(path, names):
    comps = [{"type": "firmware", "bom-ref": n, "name": n, "version": "1.0",
              "purl": "pkg:generic/acme/%s@1.0" % n} for n in names]
    json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": comps}, open(path, "w"))
sbom("pump.json", ["port", "day30", "day31", "day60", "day61", "noc1", "harm", "conf", "kev", "pending"])
sbom("meter.json", ["port"])
PY
expect 0 sbom import pump.json --product pump --version 1
expect 0 sbom import meter.json --product meter --version 1
for c in port day30 day31 day60 day61 noc1 harm conf kev pending; do
	expect 0 tip add --title "$c" --received 2026-01-05 --purl "pkg:generic/acme/$c" \
		--affected 'vers:generic/*' --cvss 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
done
expect 0 match
expect 0 --json findings
python3 - "$T/out" >ids.sh <<'PY'
import json, sys
for f in json.load(open(sys.argv[1])):
    print('F_%s_%s=%d' % (f["product"], f["component"], f["id"]))
PY
. ./ids.sh

assess() { # assess FINDING OPTIONS...
	local f=$1
	shift
	"$VEXIL" triage set "$f" --status affected --safety yes "$@" >/dev/null 2>"$T/err" && pass ||
		fail "triage set $f $*: $(cat "$T/err")"
}
# guidance example: an open port allowing unauthorized firmware (uncontrolled), fixed within
# 60 days, customers told within 30, shared with the ISAO: no Part 806 report
assess "$F_pump_port" --severity critical --adverse-events no --customers-notified 2026-01-20 \
	--fix-distributed 2026-02-25 --isao-notified 2026-01-21
assess "$F_meter_port" --severity critical --adverse-events no --customers-notified 2026-01-20 \
	--fix-distributed 2026-02-25 --isao-notified 2026-01-21
# the 30- and 60-day clocks, exactly on the day and one day late
assess "$F_pump_day30" --severity critical --adverse-events no --customers-notified 2026-02-04 \
	--fix-distributed 2026-02-10 --isao-notified 2026-02-04
assess "$F_pump_day31" --severity critical --adverse-events no --customers-notified 2026-02-05 \
	--fix-distributed 2026-02-10 --isao-notified 2026-02-05
assess "$F_pump_day60" --severity critical --adverse-events no --customers-notified 2026-01-10 \
	--fix-distributed 2026-03-06 --isao-notified 2026-01-10
assess "$F_pump_day61" --severity critical --adverse-events no --customers-notified 2026-01-10 \
	--fix-distributed 2026-03-07 --isao-notified 2026-01-10
# C1 unknown; an exploit that harmed a patient
assess "$F_pump_noc1" --severity critical --customers-notified 2026-01-10 --fix-distributed 2026-02-01 \
	--isao-notified 2026-01-10
assess "$F_pump_harm" --severity catastrophic --adverse-events yes --customers-notified 2026-01-10 \
	--fix-distributed 2026-02-01 --isao-notified 2026-01-10
# confidentiality only; in KEV through its exploit; clocks still running
assess "$F_pump_conf" --severity critical --safety no
assess "$F_pump_kev" --severity minor --exploit yes --cvss 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:L/A:L'
assess "$F_pump_pending" --severity critical --adverse-events no

expect 0 --json evaluate --as-of 2026-03-20
cp "$T/out" eval.json
python3 - eval.json "$F_pump_port" "$F_meter_port" "$F_pump_day30" "$F_pump_day31" "$F_pump_day60" \
	"$F_pump_day61" "$F_pump_noc1" "$F_pump_harm" "$F_pump_conf" "$F_pump_kev" <<'PY' && pass || fail "FDA 2016 scenarios"
import json, sys
d = {x["finding"]: x for x in json.load(open(sys.argv[1]))}
port, mport, d30, d31, d60, d61, noc1, harm, conf, kev = (d[int(i)] for i in sys.argv[2:])
def cond(x, cid): return [c for c in x["conditions"] if c["id"] == cid][0]["state"]
# open port, fixed in 60 days with ISAO sharing: uncontrolled, no 806 report
assert port["risk"] == "uncontrolled" and port["exploitability"] == "high", port
assert port["part806"] == "no" and all(c["state"] == "met" for c in port["conditions"]), port
assert port["action"] == "capa" and port["patch"] == "out_of_cycle", port      # 524B cyber device
assert port["annual_report"] is True and mport["annual_report"] is False        # PMA vs 510(k)
assert mport["patch"] != "out_of_cycle"                                          # not a cyber device
assert cond(d30, "C2") == "met" and d30["part806"] == "no", d30                   # day 30 exactly
assert cond(d31, "C2") == "failed" and d31["part806"] == "yes" and d31["part806_due"] == "2026-01-19", d31
assert cond(d60, "C3") == "met" and d60["part806"] == "no", d60                   # day 60 exactly
assert cond(d61, "C3") == "failed" and d61["part806"] == "yes", d61
assert cond(noc1, "C1") == "pending" and noc1["part806"] == "pending", noc1
assert harm["part803"] is True and harm["part803_due"] == "2026-02-04" and harm["part806"] == "yes", harm
assert cond(harm, "C1") == "failed"
assert conf["risk"] == "controlled" and conf["rule"] == "fda2016.confidentiality_only", conf
# a public exploit lifts physical-access CVSS (very low) to high; x minor is still controlled
assert kev["exploitability"] == "high" and kev["risk"] == "controlled", kev
for x in d.values():
    assert x["ok"] and x["rationale"] and x["ruleset_sha256"], x
PY

# KEV: a tip filed under a CVE the KEV catalog lists is at the top of the exploitability scale
if have_corpus; then
	python3 -c 'import json; json.dump({"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","bom-ref":"k","name":"kevlib","version":"1.0","purl":"pkg:generic/acme/kevlib@1.0"}]}, open("kev.json","w"))'
	expect 0 product add kevdev --pathway 510k --version 1
	expect 0 sbom import kev.json --product kevdev --version 1
	expect 0 tip add --title "log4shell in kevlib" --received 2026-01-05 --purl pkg:generic/acme/kevlib \
		--affected 'vers:generic/*' --cve CVE-2021-44228
	expect 0 feed import "$VX_CORPUS/kev/known_exploited_vulnerabilities.json"
	expect 0 match --product kevdev
	expect 0 --json findings --product kevdev
	kf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$T/out")
	assess "$kf" --severity serious --cvss 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:L/A:L'
	expect 0 --json evaluate --as-of 2026-03-20 --product kevdev
	python3 -c 'import json,sys; x=json.load(open(sys.argv[1]))[0]; assert x["exploitability"]=="very_high" and x["risk"]=="uncontrolled" and "KEV" in x["rationale"], x' "$T/out" && pass || fail "KEV exploitability"
fi

# a decision is readable with its verdict, reportability, conditions and rationale
expect 0 triage show "$F_pump_day31"
out_has "uncontrolled risk, action capa, patch out_of_cycle; Part 806 yes (due 2026-01-19); PMA annual report"
out_has "C2 failed: customers notified on 2026-02-05, after the due date 2026-02-04"
out_has "Uncontrolled risk (fda2016.matrix)"

# clocks still running are pending with due dates, and failed once passed
expect 0 --json evaluate --as-of 2026-01-10 --product pump
python3 -c 'import json,sys; d={x["finding"]:x for x in json.load(open(sys.argv[1]))}; p=d[int(sys.argv[2])]; c={x["id"]:x for x in p["conditions"]}; assert c["C2"]["state"]=="pending" and c["C2"]["due"]=="2026-02-04" and c["C3"]["due"]=="2026-03-06" and p["part806"]=="pending", p' \
	"$T/out" "$F_pump_pending" && pass || fail "pending clocks"
expect 0 status --as-of 2026-01-25 --product pump
out_has "due soon"
out_has "C2 customers notified: due 2026-02-04"

# ISAO membership ends: C4 fails, a Part 806 report is due
expect 0 profile set --isao-member no
expect 0 --json evaluate --as-of 2026-03-20 --product pump
python3 -c 'import json,sys; d={x["finding"]:x for x in json.load(open(sys.argv[1]))}; p=d[int(sys.argv[2])]; assert p["part806"]=="yes" and [c for c in p["conditions"] if c["id"]=="C4"][0]["state"]=="failed", p' \
	"$T/out" "$F_pump_port" && pass || fail "C4 alone"
# an unchanged evaluation records nothing new
n=$(sqlite3 "$VEXIL_DB" "SELECT count(*) FROM decision")
expect 0 evaluate --as-of 2026-03-20 --product pump
out_has "0 new decisions"
[ "$(sqlite3 "$VEXIL_DB" "SELECT count(*) FROM decision")" = "$n" ] && pass || fail "unchanged evaluation stored"

# the matrix is data: a copy where critical x high is controlled changes the decision
rules=$(cd "$VX_SOURCE_DIR/lua" && pwd)
mkdir myrules && cp "$rules"/*.lua myrules/
sed -i 's/^  high      = {   "C",       "C",  "U",    "U",     "U" },/  high      = {   "C",       "C",  "C",    "C",     "U" },/' myrules/20-risk.lua
grep -q '"C",     "U" },' myrules/20-risk.lua && pass || fail "matrix edit"
expect 0 --json evaluate --as-of 2026-03-20 --product pump --rules myrules
python3 -c 'import json,sys; d={x["finding"]:x for x in json.load(open(sys.argv[1]))}; p=d[int(sys.argv[2])]; assert p["risk"]=="controlled" and p["new_decision"], p; assert len({x["ruleset_sha256"] for x in d.values()})==1' \
	"$T/out" "$F_pump_port" && pass || fail "edited matrix"

# the profile can name the manufacturer's rule set
expect 0 profile set --rules "$T/myrules"
expect 0 --json evaluate --as-of 2026-03-20 --product pump
python3 -c 'import json,sys; d={x["finding"]:x for x in json.load(open(sys.argv[1]))}; assert d[int(sys.argv[2])]["risk"]=="controlled"' "$T/out" "$F_pump_port" && pass || fail "profile rule set"

# every finding is decided in a fresh state: a global a rule leaves behind is gone
mkdir counting
printf 'function decide(r)\n  CALLS = (CALLS or 0) + 1\n  return { risk = "controlled", action = "none", rationale = "call " .. CALLS }\nend\n' >counting/decide.lua
expect 0 --json evaluate --as-of 2026-03-20 --product pump --rules counting
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r={x["rationale"] for x in d}; assert r=={"call 1"} and len(d)>5, r' "$T/out" && pass || fail "fresh state per decision"

# a rule error names the file and line; the evaluation is marked failed, not defaulted
printf 'function decide(r)\n  local x = nil\n  return x.field\nend\n' >myrules/99-broken.lua
expect 1 evaluate --as-of 2026-03-20 --product pump --rules myrules
out_has "EVALUATION FAILED: myrules/99-broken.lua:3:"
expect 0 status --product pump
out_has "evaluation failed: myrules/99-broken.lua:3:"
expect 1 evaluate --rules /nonexistent
err_has "cannot read the rule set directory"
expect 0 audit verify
finish
