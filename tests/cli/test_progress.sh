#!/usr/bin/env bash
# tests/cli/test_progress.sh - a progress line (count, rate) on stderr during a long feed
# import when stderr is a terminal (a pseudo-terminal from script(1)), and nothing of it when
# stderr is a file or a pipe; VEXIL_PROGRESS=0 turns it off on a terminal too.
. "$(dirname "$0")/lib.sh"
python3 - <<'PY'
import json
recs = [{"cve": {"id": "CVE-2099-%05d" % i, "sourceIdentifier": "x", "published": "2099-01-01T00:00:00.000",
                 "lastModified": "2099-01-02T00:00:00.000", "vulnStatus": "Analyzed",
                 "descriptions": [{"lang": "en", "value": "synthetic record %d" % i}],
                 "configurations": [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": [
                     {"vulnerable": True, "criteria": "cpe:2.3:a:v%d:p%d:*:*:*:*:*:*:*:*" % (i % 97, i),
                      "versionEndExcluding": "2.0", "matchCriteriaId": "m%d" % i}]}]}]}} for i in range(40000)]
json.dump({"resultsPerPage": len(recs), "startIndex": 0, "totalResults": len(recs), "format": "NVD_CVE",
           "version": "2.0", "timestamp": "2099-01-02T00:00:00.000", "vulnerabilities": recs}, open("big.json", "w"))
PY
expect 0 init
# not a terminal: the output has no progress line
expect 0 feed import big.json
grep -q $'\r' "$T/err" && fail "progress written to a non-terminal" || pass
out_has "40000 records: 40000 added"
if ! command -v script >/dev/null; then
	echo "SKIP: script(1) not found: the terminal case is not tested" >&2
	finish
	exit $?
fi
rm -f "$VEXIL_DB"
expect 0 init
SHELL=/bin/sh script -qec "VEXIL_DB='$VEXIL_DB' '$VEXIL' feed import big.json" /dev/null >tty.txt 2>&1
grep -q $'\rbig.json: [0-9]* records, [0-9]*/s' tty.txt && pass || fail "no progress line on a terminal: $(head -c 300 tty.txt | od -c | head -5)"
grep -q "40000 records: 40000 added" tty.txt && pass || fail "result line missing on a terminal"
rm -f "$VEXIL_DB"
expect 0 init
SHELL=/bin/sh script -qec "VEXIL_PROGRESS=0 VEXIL_DB='$VEXIL_DB' '$VEXIL' feed import big.json" /dev/null >tty0.txt 2>&1
grep -q "records, [0-9]*/s" tty0.txt && fail "VEXIL_PROGRESS=0 still drew progress" || pass
finish
