#!/usr/bin/env bash
# tests/cli/test_audit.sh - every change appends a hash-chained audit entry naming who did
# it; 'vexil audit verify' finds an entry edited, deleted, inserted or moved with the sqlite3
# shell, and names it.
. "$(dirname "$0")/lib.sh"

cat >s.json <<'JSON'
{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"timestamp":"2024-01-01T00:00:00Z"},
 "components":[{"type":"library","bom-ref":"z","name":"zlib","version":"1.2.11","cpe":"cpe:2.3:a:zlib:zlib:1.2.11:*:*:*:*:*:*:*"}]}
JSON
expect 0 init
expect 0 --as "Rita Regulatory" profile set --name "Acme Medical"
expect 0 --as "Rita Regulatory" product add pump --pathway PMA --version 1.0
VEXIL_USER="Sam Security" "$VEXIL" sbom import s.json --product pump --version 1.0 >/dev/null && pass || fail "sbom import"
expect 0 tip add --title t --received 2026-01-02 --purl pkg:generic/acme/x --affected 'vers:generic/*'
expect 0 --json audit log
python3 - "$T/out" <<'PY' && pass || fail "audit log content"
import json, sys
d = json.load(open(sys.argv[1]))
acts = [(e["action"], e["entity"], e["actor"]) for e in d]
assert acts[0] == ("profile.set", "manufacturer profile", "Rita Regulatory"), acts
assert ("product.add", "product pump", "Rita Regulatory") in acts, acts
assert ("version.add", "version pump 1.0", "Rita Regulatory") in acts, acts
assert ("sbom.import", "version pump 1.0", "Sam Security") in acts, acts
assert any(a == "tip.add" for a, _, _ in acts), acts
imp = [e for e in d if e["action"] == "sbom.import"][0]
assert imp["before"] is None and imp["after"]["file"] == "s.json" and imp["after"]["components"] == 1
assert d[0]["prev_hash"] == "0" * 64 and all(d[i]["prev_hash"] == d[i-1]["hash"] for i in range(1, len(d)))
PY
n=$(sqlite3 "$VEXIL_DB" "SELECT count(*) FROM audit_log")
expect 0 audit verify
out_has "$n entries"
out_has "chain intact"
# a re-import of the same file changes nothing, so it records nothing
expect 0 sbom import s.json --product pump --version 1.0
[ "$(sqlite3 "$VEXIL_DB" "SELECT count(*) FROM audit_log")" = "$n" ] && pass || fail "no-op recorded"
# vexil itself cannot rewrite history
sqlite3 "$VEXIL_DB" "UPDATE audit_log SET actor = 'x' WHERE id = 1" 2>/dev/null && fail "UPDATE allowed" || pass

tamper() { # tamper NAME SQL EXPECTED-MESSAGE
	cp "$VEXIL_DB" "$T/$1.db"
	sqlite3 "$T/$1.db" "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; $2"
	expect 1 --db "$T/$1.db" audit verify
	err_has "$3"
	out_has "tampered with"
}
tamper edited "UPDATE audit_log SET after = replace(after, 's.json', 'other.json') WHERE action = 'sbom.import'" \
	"was altered: its content does not match its hash"
tamper deleted "DELETE FROM audit_log WHERE id = 2" "entries 2 to 2 are missing (deleted) before entry 3"
tamper inserted "INSERT INTO audit_log SELECT 99, at, actor, action, entity, before, after, reason, prev_hash, hash FROM audit_log WHERE id = 2" \
	"entry 99 does not follow the entry before it"
tamper reordered "UPDATE audit_log SET id = id + 1000 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 1002" \
	"does not follow the entry before it"
tamper truncated "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)" "its recorded head is entry $n"
finish
