#!/usr/bin/env bash
# tests/cli/test_monitor.sh - vexil monitor: feed files dropped between runs are taken in once
# (again when their content changes; partial downloads wait), each event raises one alert, a
# newly dropped KEV file alerts exactly once, --once exits 3 only when it delivered alerts,
# --exec gets each alert as JSON and a failing command leaves it pending, and crashes at
# three points lose no alert and repeat none but the one whose delivery was cut (same id).
. "$(dirname "$0")/lib.sh"
EX=$VX_SOURCE_DIR/examples
export SOURCE_DATE_EPOCH=1788220800 # 2026-09-01

setup() { # setup DB: the monitor device (NPM-500 1.4 SBOM) in a fresh store
	export VEXIL_DB=$1
	expect 0 init
	expect 0 profile set --name "Northwind Medical Systems, Inc." --isao H-ISAC --isao-member yes
	expect 0 product add NPM-500 --pathway PMA --cyber-device yes --version 1.4
	expect 0 sbom import "$EX/sboms/npm500-1.4.spdx.json" --product NPM-500 --version 1.4
}
# deliveries FILE: "id kind" per delivered alert (from --json output)
ids() { python3 -c 'import json,sys; [print(json.loads(l)["id"], json.loads(l)["kind"]) for l in open(sys.argv[1]) if l.strip()]' "$1"; }

setup "$T/a.db"
mkdir feeds
# nothing to take in yet: no findings, no alerts, exit 0
expect 0 monitor --feeds feeds --once --as-of 2026-09-01
# a download in progress is left alone
cp "$EX/feeds/nvd-extract.json" feeds/nvd.json.part
expect 0 monitor --feeds feeds --once --as-of 2026-09-01
[ ! -s "$T/out" ] && pass || fail "alerted on a partial download: $(cat "$T/out")"
mv feeds/nvd.json.part feeds/nvd.json
run --json monitor --feeds feeds --once --as-of 2026-09-01
[ "$RC" -eq 3 ] && pass || fail "new alerts: exit $RC, expected 3 ($(tail -3 "$T/err"))"
ids "$T/out" >first.txt
[ "$(grep -c new-finding first.txt)" -eq 6 ] && pass || fail "expected 6 new findings: $(cat first.txt)"
grep -q " kev$" first.txt && fail "KEV alert before any KEV file" || pass
# the same files again: nothing
run --json monitor --feeds feeds --once --as-of 2026-09-01
[ "$RC" -eq 0 ] && [ ! -s "$T/out" ] && pass || fail "second run: exit $RC, $(cat "$T/out")"
# a KEV file dropped: one kev alert per finding of the listed CVEs, exactly once
cp "$EX/feeds/kev-extract.json" feeds/kev.json
run --json monitor --feeds feeds --once --as-of 2026-09-01
[ "$RC" -eq 3 ] && pass || fail "KEV drop: exit $RC"
ids "$T/out" >kev.txt
[ "$(grep -c ' kev$' kev.txt)" -eq 5 ] && pass || fail "expected 5 KEV alerts (log4j-api, log4j-core, 3 spring): $(cat kev.txt)"
grep -q "new-finding" kev.txt && fail "new-finding alerts repeated" || pass
run --json monitor --feeds feeds --once --as-of 2026-09-01
[ "$RC" -eq 0 ] && [ ! -s "$T/out" ] && pass || fail "KEV alerted twice: $(cat "$T/out")"
# a changed file is taken again (content, not name, decides)
python3 -c 'import json; d=json.load(open("feeds/kev.json")); d["catalogVersion"]="2025.08.26"; json.dump(d, open("feeds/kev.json","w"))'
expect 0 monitor --feeds feeds --once --as-of 2026-09-01
err_has "1 file taken in, 0 new alerts"
# deadlines: a finding assessed uncontrolled; its Part 806 clock comes due, then passes
expect 0 triage set --product NPM-500 --version 1.4 --vuln CVE-2022-42889 --component commons-text \
	--status affected --severity critical --safety yes --adverse-events no
run monitor --feeds feeds --once --as-of 2026-09-08
[ "$RC" -eq 3 ] && grep -q "due-soon" "$T/out" && grep -q "Part 806 report 2026-09-15 is 7 days away" "$T/out" && pass ||
	fail "due-soon alert: $(cat "$T/out")"
run monitor --feeds feeds --once --as-of 2026-09-20
grep -q "overdue .*Part 806 report 2026-09-15 passed" "$T/out" && pass || fail "overdue alert: $(cat "$T/out")"
grep -q "Part 806 report 2026-09-15 is" "$T/out" && fail "the Part 806 due-soon alert came twice" || pass
grep -q "due-soon .*condition C2 due soon" "$T/out" && pass || fail "C2 (30-day notice) due-soon alert: $(cat "$T/out")"

# --exec: the alert as JSON on stdin; a failing command leaves it pending
setup "$T/b.db"
rm -rf feeds2 && mkdir feeds2 && cp "$EX/feeds/nvd-extract.json" feeds2/
run monitor --feeds feeds2 --once --as-of 2026-09-01 --exec 'exit 1'
[ "$RC" -eq 1 ] && pass || fail "failing --exec: exit $RC"
err_has "stays pending"
run monitor --feeds feeds2 --once --as-of 2026-09-01 --exec 'cat >> received.jsonl; echo "$VEXIL_ALERT_ID $VEXIL_ALERT_KIND" >> env.txt'
[ "$RC" -eq 3 ] && pass || fail "--exec: exit $RC"
[ "$(wc -l <received.jsonl)" -eq 6 ] && [ "$(wc -l <env.txt)" -eq 6 ] && pass || fail "--exec got $(wc -l <received.jsonl) alerts"
python3 -c 'import json; [json.loads(l)["text"] for l in open("received.jsonl")]' && pass || fail "--exec input is not JSON lines"

# crashes: after the import, after raising, in the middle of delivery
for point in after-import after-raise after-deliver; do
	setup "$T/c-$point.db"
	rm -rf f3 && mkdir f3 && cp "$EX/feeds/nvd-extract.json" "$EX/feeds/kev-extract.json" f3/
	VEXIL_TEST_CRASH=$point "$VEXIL" --json monitor --feeds f3 --once --as-of 2026-09-01 >run1.txt 2>run1.err
	rc1=$?
	[ "$rc1" -eq 9 ] && pass || fail "$point: the crash hook did not fire (exit $rc1)"
	"$VEXIL" --json monitor --feeds f3 --once --as-of 2026-09-01 >run2.txt 2>run2.err
	"$VEXIL" --json monitor --feeds f3 --once --as-of 2026-09-01 >run3.txt 2>run3.err
	cat run1.txt run2.txt run3.txt >all.txt
	python3 - all.txt run1.txt "$point" <<'PY' && pass || fail "$point: alerts lost or repeated"
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
first = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
ids = [a["id"] for a in alerts]
kinds = sorted(a["kind"] for a in {a["id"]: a for a in alerts}.values())
assert kinds.count("new-finding") == 6 and kinds.count("kev") == 5, kinds
if sys.argv[3] == "after-deliver":
    # the one alert printed before the crash comes again, with the same id; no other repeats
    assert len(first) == 1 and ids.count(first[0]["id"]) == 2, (first, ids)
    assert len(ids) == len(set(ids)) + 1
else:
    assert len(ids) == len(set(ids)), ids
PY
	[ ! -s run3.txt ] && pass || fail "$point: the third run still alerted"
done

expect 2 monitor --once
expect 2 monitor --feeds feeds --interval 0
expect 1 monitor --feeds /nonexistent --once
err_has "cannot read the folder"
finish
